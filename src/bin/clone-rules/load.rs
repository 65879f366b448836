//! Reading the command's files and turning them into the library's inputs;
//! every failure names the file.

use std::io::Read;
use std::path::Path;

use clone_rules::{FieldsMeta, Layouts, Options, Plan, SubformMerge, UniquePolicy, UnknownFields};
use serde_json::Value;

use crate::args::{Merge, PlanArgs, Unique, Unknown};
use crate::failure::Failure;

/// How a path is named in messages: `-` is standard input.
pub fn name(path: &Path) -> String {
    if path == Path::new("-") {
        "standard input".to_owned()
    } else {
        path.display().to_string()
    }
}

/// Reads and parses one JSON document (`-` reads standard input).
pub fn json(path: &Path) -> Result<Value, Failure> {
    let what = name(path);
    let mut text = String::new();
    let read = if path == Path::new("-") {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|content| text = content)
    };
    read.map_err(|error| Failure::input(&what, io_problem(&error)))?;
    serde_json::from_str(&text).map_err(|error| Failure::input(&what, format!("malformed JSON: {error}")))
}

fn io_problem(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::InvalidData => "not UTF-8 text".to_owned(),
        _ => format!("cannot read: {error}"),
    }
}

fn fields(path: &Path) -> Result<FieldsMeta, Failure> {
    FieldsMeta::from_json(&json(path)?).map_err(|error| Failure::input(&name(path), error))
}

fn layouts(paths: &[std::path::PathBuf]) -> Result<Option<Layouts>, Failure> {
    if paths.is_empty() {
        return Ok(None);
    }
    let parts = paths
        .iter()
        .map(|path| Layouts::from_json(&json(path)?).map_err(|error| Failure::input(&name(path), error)))
        .collect::<Result<Vec<_>, _>>()?;
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

/// Reads every metadata file and compiles the plan. `INVALID_MODULE` is a
/// Zoho answer; every other problem is bad input.
pub fn plan(args: &PlanArgs) -> Result<Plan, Failure> {
    let mut builder = Plan::builder(args.module.clone(), fields(&args.fields)?);
    for entry in &args.subform_fields {
        let Some((subform, file)) = entry.split_once('=').filter(|(n, f)| !n.is_empty() && !f.is_empty()) else {
            return Err(Failure::BadInput(format!(
                "--subform-fields {entry}: expected NAME=FILE"
            )));
        };
        builder = builder.subform(subform, fields(Path::new(file))?);
    }
    if let Some(layouts) = layouts(&args.layouts)? {
        builder = builder.layouts(layouts);
    }
    builder.options(options(args)).compile().map_err(|error| match error.to_zoho_error() {
        Some(zoho) => Failure::Zoho {
            output: pretty(&zoho.to_envelope()),
            hint: error
                .api_name_hint()
                .map(|api_name| format!("module `{}` is spelled `{api_name}` in the API", args.module)),
        },
        None => Failure::BadInput(format!("cannot compile the plan: {error}")),
    })
}

/// Pretty-printed JSON.
pub fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// Writes `value` as pretty JSON to `path`.
pub fn write_json(path: &Path, value: &Value) -> Result<(), Failure> {
    std::fs::write(path, pretty(value) + "\n")
        .map_err(|error| Failure::input(&name(path), format!("cannot write: {error}")))
}
