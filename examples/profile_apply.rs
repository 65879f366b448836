//! A fixed workload for profilers: clones the benchmark's Leads parent many
//! times, parsing and serializing each time, as `clone-rules batch` does.
//!
//! `cargo build --release --example profile_apply` then, for instance,
//! `valgrind --tool=callgrind target/release/examples/profile_apply 2000`;
//! add `floor` after the count to run only `serde_json`'s parse and
//! serialize, and a third number for the rows in each subform (default 2).

#[path = "../benches/support/mod.rs"]
mod support;

// The allocator the `clone-rules` binary and the benches run on.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clone_rules::{FieldsMeta, Options, Plan, UniquePolicy, into_parent_record};
use serde_json::Value;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let rows: usize = std::env::args()
        .nth(3)
        .and_then(|n| n.parse().ok())
        .unwrap_or(2);
    let (fields, _) = support::leads_fields();
    let subforms = support::leads_subforms();
    let mut builder = Plan::builder("Leads", FieldsMeta::from_json(&fields)?);
    for (name, meta) in &subforms {
        builder = builder.subform(name, FieldsMeta::from_json(meta)?);
    }
    let plan = builder
        .options(Options::default().unique(UniquePolicy::Suffix))
        .compile()?;
    let text = serde_json::to_string(&support::leads_parent(&fields, &subforms, 7, rows))?;

    let floor = std::env::args().nth(2).is_some_and(|mode| mode == "floor");
    let mut bytes = 0;
    for _ in 0..rounds {
        let document: Value = serde_json::from_str(&text)?;
        if floor {
            bytes += serde_json::to_string(&document)?.len();
            continue;
        }
        let parent = into_parent_record(document)?;
        let out = match plan.apply_owned(parent, None) {
            Ok(payload) => serde_json::to_string(&payload)?,
            Err(rejection) => serde_json::to_string(&rejection.to_envelope(false))?,
        };
        bytes += out.len();
    }
    std::process::exit(i32::from(bytes == 0));
}
