//! Writes realistic Leads parents as NDJSON on standard output, for the
//! batch benchmark and for trying `clone-rules batch` at scale:
//! `cargo run --release --example gen_leads -- 10000 > leads.ndjson`.
//!
//! It also writes the plan's inputs next to the given prefix when asked:
//! `cargo run --release --example gen_leads -- 0 /tmp/leads` writes
//! `/tmp/leads.fields.json` and the two subform files.

#[path = "../benches/support/mod.rs"]
mod support;

use std::io::{BufWriter, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let (fields, _) = support::leads_fields();
    let subforms = support::leads_subforms();
    if let Some(prefix) = args.next() {
        std::fs::write(
            format!("{prefix}.fields.json"),
            serde_json::to_string(&fields)?,
        )?;
        for (name, meta) in &subforms {
            std::fs::write(
                format!("{prefix}.{name}.fields.json"),
                serde_json::to_string(meta)?,
            )?;
        }
    }
    let mut out = BufWriter::new(std::io::stdout().lock());
    for seed in 0..count {
        serde_json::to_writer(
            &mut out,
            &support::leads_parent(&fields, &subforms, seed, 2),
        )?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
