//! `clone-rules validate`: an Insert Records body in, Zoho's predicted
//! response out.

use std::io::Write;

use crate::args::ValidateArgs;
use crate::failure::Failure;
use crate::{load, output};

pub fn run(args: &ValidateArgs, out: &mut impl Write) -> Result<(), Failure> {
    load::stdin_at_most_once(&args.plan, [args.body.as_path()])?;
    let body = load::json(&args.body)?;
    let validator = load::validator(&args.plan)?;
    let check = validator.validate_insert(&body);
    output::pretty(out, &check.to_response(args.plan.all_errors))?;
    if check.is_valid() {
        Ok(())
    } else {
        Err(Failure::Rejected)
    }
}
