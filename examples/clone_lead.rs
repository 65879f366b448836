//! Clones the example Lead of `examples/leads/` through the library, the way
//! a CRM client, a server or a migration tool embeds it: parse the metadata,
//! compile a plan once, apply it to a parent with an override body, then
//! read the payload and the report.
//!
//! Run it with `cargo run --example clone_lead`.

// An example exists to show its results; the lints that keep the library
// silent do not apply here.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::error::Error;
use std::path::Path;

use clone_rules::{FieldsMeta, Options, Plan, SubformMerge, parent_record};
use serde_json::Value;

fn main() -> Result<(), Box<dyn Error>> {
    // 1. Metadata in, an immutable plan out; compile once, apply many times.
    let fields = FieldsMeta::from_json(&example("fields.json")?)?;
    let details = FieldsMeta::from_json(&example("project_details.fields.json")?)?;
    let plan = Plan::builder("Leads", fields)
        .subform("Project_Details", details)
        .options(Options::default().subform_merge(SubformMerge::Replace))
        .compile()?;

    // 2. The parent as Zoho's get-record call returns it, and the overrides.
    let document = example("parent.json")?;
    let parent = parent_record(&document)?;
    let body = example("body.json")?;

    // 3. The payload and the report, or Zoho's errors and the report.
    let applied = plan.apply_with_report(parent, Some(&body));
    for dropped in &applied.report.dropped {
        println!("dropped {:<36} {}", dropped.path, dropped.reason);
    }
    for path in &applied.report.overridden {
        println!("overridden {path}");
    }
    match applied.result {
        Ok(payload) => println!("{}", serde_json::to_string_pretty(&payload)?),
        Err(rejection) => {
            eprintln!("Zoho would answer HTTP {}", rejection.http_status());
            println!(
                "{}",
                serde_json::to_string_pretty(&rejection.to_envelope(false))?
            );
        }
    }
    Ok(())
}

/// A JSON file of `examples/leads/`.
fn example(name: &str) -> Result<Value, Box<dyn Error>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/leads")
        .join(name);
    let text =
        std::fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))?;
    Ok(serde_json::from_str(&text)?)
}
