//! `clone-rules clone`: one parent record in, the clone's body out.

use std::io::Write;
use std::path::PathBuf;

use clone_rules::{Record, Report, parent_record};

use crate::args::CloneArgs;
use crate::failure::Failure;
use crate::{load, output};

pub fn run(args: &CloneArgs, out: &mut impl Write) -> Result<(), Failure> {
    let inputs = [Some(&args.parent), args.body.as_ref()];
    load::stdin_at_most_once(
        &args.plan,
        inputs.into_iter().flatten().map(PathBuf::as_path),
    )?;
    let document = load::json(&args.parent)?;
    let parent = parent_record(&document)
        .map_err(|error| Failure::input(&load::name(&args.parent), error))?;
    let body = args.body.as_deref().map(load::json).transpose()?;

    let plan = match load::plan(&args.plan) {
        Ok(plan) => plan,
        // Zoho refuses the module: the report says so, with nothing done.
        Err(failure @ Failure::Zoho { .. }) => {
            write_report(args, &untouched(&args.plan.module, parent))?;
            return Err(failure);
        }
        Err(failure) => return Err(failure),
    };

    let applied = plan.apply_with_report(parent, body.as_ref());
    write_report(args, &applied.report)?;
    match applied.result {
        Ok(payload) => output::pretty(out, &payload),
        Err(rejection) => Err(Failure::Zoho {
            response: rejection.to_envelope(args.plan.all_errors),
            hint: None,
        }),
    }
}

fn write_report(args: &CloneArgs, report: &Report) -> Result<(), Failure> {
    match &args.report {
        Some(path) => output::file(path, &report.to_json()),
        None => Ok(()),
    }
}

/// The report of a clone that never started.
pub fn untouched(module: &str, parent: &Record) -> Report {
    let mut report = Report::default();
    module.clone_into(&mut report.module);
    report.source_id = parent.get("id").cloned();
    report
}
