//! Reading the command's files and turning them into the library's inputs;
//! every failure names the file or the flag at fault.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use clone_rules::{
    CompileError, FieldsMeta, Layouts, Options, Plan, PlanBuilder, Problem, SubformMerge,
    UniquePolicy, UnknownFields, Validator,
};
use serde_json::Value;

use crate::args::{Merge, PlanArgs, Unique, Unknown};
use crate::failure::Failure;

/// How a path is named in messages: `-` is standard input.
pub fn name(path: &Path) -> String {
    if is_stdin(path) {
        "standard input".to_owned()
    } else {
        path.display().to_string()
    }
}

fn is_stdin(path: &Path) -> bool {
    path == Path::new("-")
}

/// Refuses a command line that reads standard input (`-`) more than once:
/// the second reader would find it empty.
pub fn stdin_at_most_once<'a>(
    plan: &'a PlanArgs,
    others: impl IntoIterator<Item = &'a Path>,
) -> Result<(), Failure> {
    let inputs = plan_files(plan).chain(others);
    if inputs.filter(|path| is_stdin(path)).count() > 1 {
        return Err(Failure::BadInput(
            "-: standard input can be read by one argument only".to_owned(),
        ));
    }
    Ok(())
}

fn plan_files(plan: &PlanArgs) -> impl Iterator<Item = &Path> {
    let subforms = plan.subform_fields.iter().map(|entry| entry.file.as_path());
    let layouts = plan.layouts.iter().map(PathBuf::as_path);
    std::iter::once(plan.fields.as_path())
        .chain(subforms)
        .chain(layouts)
}

/// Reads and parses one JSON document (`-` reads standard input).
pub fn json(path: &Path) -> Result<Value, Failure> {
    let what = name(path);
    let mut text = String::new();
    let read = if is_stdin(path) {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|content| text = content)
    };
    read.map_err(|error| Failure::input(&what, io_problem(&error)))?;
    // Editors on some systems open UTF-8 files with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    serde_json::from_str(text)
        .map_err(|error| Failure::input(&what, format!("malformed JSON: {error}")))
}

/// Opens a file of lines (`-` is standard input).
pub fn lines(path: &Path) -> Result<Box<dyn BufRead + Send>, Failure> {
    if is_stdin(path) {
        return Ok(Box::new(BufReader::new(std::io::stdin())));
    }
    let file = File::open(path).map_err(|error| Failure::input(&name(path), io_problem(&error)))?;
    Ok(Box::new(BufReader::new(file)))
}

/// A read error said the way a user thinks of it.
pub fn io_problem(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::InvalidData => "not UTF-8 text".to_owned(),
        _ => format!("cannot read: {error}"),
    }
}

fn fields(path: &Path) -> Result<FieldsMeta, Failure> {
    FieldsMeta::from_json(&json(path)?).map_err(|error| Failure::input(&name(path), error))
}

fn layouts(paths: &[PathBuf]) -> Result<Option<Layouts>, Failure> {
    if paths.is_empty() {
        return Ok(None);
    }
    let read = |path: &PathBuf| {
        Layouts::from_json(&json(path)?).map_err(|error| Failure::input(&name(path), error))
    };
    let parts = paths.iter().map(read).collect::<Result<Vec<_>, _>>()?;
    Ok(Some(Layouts::merged(parts)))
}

/// The options the flags ask for.
pub fn options(args: &PlanArgs) -> Options {
    let mut options = Options::default()
        .gdpr(args.gdpr)
        .unique(match args.unique {
            Unique::Reject => UniquePolicy::Reject,
            Unique::Clear => UniquePolicy::Clear,
            Unique::Suffix => UniquePolicy::Suffix,
        })
        .subform_merge(match args.subform_merge {
            Merge::Replace => SubformMerge::Replace,
            Merge::Update => SubformMerge::Update,
        })
        .unknown_fields(match args.unknown_fields {
            Unknown::Drop => UnknownFields::Drop,
            Unknown::Keep => UnknownFields::Keep,
        })
        .strict_picklists(args.strict_picklists)
        .all_errors(args.all_errors);
    for path in &args.exclude {
        options = options.exclude(path.clone());
    }
    if !args.scopes.is_empty() {
        options = options.scopes(args.scopes.iter().cloned());
    }
    options
}

/// Reads every metadata file and compiles the clone plan.
pub fn plan(args: &PlanArgs) -> Result<Plan, Failure> {
    builder(args)?
        .compile()
        .map_err(|error| compile_failure(&args.module, &error))
}

/// Reads every metadata file and compiles a validator of insert bodies.
pub fn validator(args: &PlanArgs) -> Result<Validator, Failure> {
    builder(args)?
        .compile_validator()
        .map_err(|error| compile_failure(&args.module, &error))
}

fn builder(args: &PlanArgs) -> Result<PlanBuilder, Failure> {
    let mut builder = Plan::builder(args.module.clone(), fields(&args.fields)?);
    for entry in &args.subform_fields {
        builder = builder.subform(entry.name.clone(), fields(&entry.file)?);
    }
    if let Some(layouts) = layouts(&args.layouts)? {
        builder = builder.layouts(layouts);
    }
    Ok(builder.options(options(args)))
}

/// `INVALID_MODULE` is Zoho's answer; any other problem is bad input.
fn compile_failure(module: &str, error: &CompileError) -> Failure {
    let Some(zoho) = error.to_zoho_error() else {
        let lines: Vec<String> = error.problems().iter().map(with_flag).collect();
        return Failure::BadInput(lines.join("; "));
    };
    let hint = error
        .api_name_hint()
        .map(|api_name| format!("module `{module}` is called `{api_name}` in the API"));
    Failure::Zoho {
        response: zoho.to_envelope(),
        hint,
    }
}

/// A compile problem, prefixed with the flag that caused it.
fn with_flag(problem: &Problem) -> String {
    let flag = match problem {
        Problem::UnknownSubform { .. } => "--subform-fields",
        Problem::MissingAppointmentSection { .. } => "--layouts",
        Problem::MalformedExclusion { .. } | Problem::UnknownExclusion { .. } => "--exclude",
        _ => "--module",
    };
    format!("{flag}: {problem}")
}
