//! `clone-rules clone`: one parent record in, the clone's body out.

use clone_rules::parent_record;

use crate::args::CloneArgs;
use crate::failure::Failure;
use crate::load;

pub fn run(args: &CloneArgs) -> Result<String, Failure> {
    let plan = load::plan(&args.plan)?;
    let document = load::json(&args.parent)?;
    let parent = parent_record(&document).map_err(|error| Failure::input(&load::name(&args.parent), error))?;
    let body = args.body.as_deref().map(load::json).transpose()?;

    let applied = plan.apply_with_report(parent, body.as_ref());
    if let Some(path) = &args.report {
        load::write_json(path, &applied.report.to_json())?;
    }
    match applied.result {
        Ok(payload) => Ok(load::pretty(&payload)),
        Err(rejection) => Err(Failure::Zoho {
            output: load::pretty(&rejection.to_envelope(args.plan.all_errors)),
            hint: None,
        }),
    }
}
