//! `clone-rules batch`: NDJSON parents in, one line out per record, in
//! input order and in constant memory.

use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

use clone_rules::{Plan, Report, parent_record};
use serde_json::Value;

use crate::args::BatchArgs;
use crate::failure::Failure;
use crate::{load, output};

pub fn run(args: &BatchArgs, out: &mut impl Write) -> Result<(), Failure> {
    let inputs = [Some(&args.parents), args.body.as_ref()];
    load::stdin_at_most_once(
        &args.plan,
        inputs.into_iter().flatten().map(PathBuf::as_path),
    )?;
    let body = args.body.as_deref().map(load::json).transpose()?;
    let plan = load::plan(&args.plan)?;
    let input = load::lines(&args.parents)?;
    let mut reports = args.report.as_deref().map(output::create).transpose()?;
    let mut out = BufWriter::new(out);
    let mut refused = false;

    for (index, line) in BufRead::lines(input).enumerate() {
        let at = || format!("{} line {}", load::name(&args.parents), index + 1);
        let line = line.map_err(|error| Failure::input(&at(), load::io_problem(&error)))?;
        // Blank lines separate nothing in NDJSON: they are skipped.
        if line.trim().is_empty() {
            continue;
        }
        let document: Value = serde_json::from_str(&line)
            .map_err(|error| Failure::input(&at(), format!("malformed JSON: {error}")))?;
        let parent = parent_record(&document).map_err(|error| Failure::input(&at(), error))?;

        let (answer, report) = clone_one(&plan, parent, body.as_ref(), reports.is_some());
        refused |= answer.is_err();
        let answer = answer.unwrap_or_else(|rejection| rejection.to_envelope(args.plan.all_errors));
        if let (Some(file), Some(report), Some(path)) = (&mut reports, report, &args.report) {
            append(file, path, &report)?;
        }
        output::line(&mut out, &answer).map_err(Failure::Output)?;
    }

    out.flush().map_err(Failure::Output)?;
    if let (Some(file), Some(path)) = (&mut reports, &args.report) {
        file.flush()
            .map_err(|error| output::cannot_write(path, &error))?;
    }
    if refused {
        Err(Failure::Rejected)
    } else {
        Ok(())
    }
}

type Answer = Result<Value, clone_rules::Rejection>;

/// One record through the plan; the report is built only when asked for.
fn clone_one(
    plan: &Plan,
    parent: &clone_rules::Record,
    body: Option<&Value>,
    with_report: bool,
) -> (Answer, Option<Report>) {
    if with_report {
        let applied = plan.apply_with_report(parent, body);
        (applied.result, Some(applied.report))
    } else {
        (plan.apply(parent, body), None)
    }
}

fn append(file: &mut impl Write, path: &Path, report: &Report) -> Result<(), Failure> {
    output::line(file, &report.to_json()).map_err(|error| output::cannot_write(path, &error))
}
