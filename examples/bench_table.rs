//! Prints the README's performance table: the ratios of the criterion
//! results in `target/criterion` (run `cargo bench --bench clone` first),
//! then `clone-rules batch` against the plain Python filter in
//! `benches/naive_filter.py`, timed here on the same generated parents.
//!
//! `cargo bench --bench clone && cargo run --release --example bench_table`

// A command-line tool: printing the table is its whole job.
#![allow(clippy::print_stdout)]

#[path = "../benches/support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

type Results = HashMap<String, f64>;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut results = Results::new();
    collect(&root.join("target/criterion"), &mut results)?;
    if results.is_empty() {
        return Err("no criterion results: run `cargo bench --bench clone` first".into());
    }
    println!("| target | measured | ratio | goal | met |");
    println!("|---|---|---|---|---|");
    ratio_row(
        &results,
        "batch: clone + validate 10,000 Leads, all cores / one-thread serde_json roundtrip",
        "batch/leads_10000",
        "batch/floor_serde_roundtrip/leads_10000",
        1.0,
    );
    for kind in ["leads_2rows", "contacts", "quotes", "events"] {
        let label = format!(
            "single record `{kind}`: parse + clone + validate + serialize / serde_json roundtrip"
        );
        ratio_row(
            &results,
            &label,
            &format!("apply/{kind}"),
            &format!("floor/serde_roundtrip/{kind}"),
            1.2,
        );
    }
    ratio_row(
        &results,
        "compile the Leads plan / parse its metadata JSON",
        "compile/leads_plan",
        "compile/floor_parse_metadata",
        1.0,
    );
    ratio_row(
        &results,
        "10,000 subform rows / 1,000 rows",
        "scaling/subform_rows/10k",
        "scaling/subform_rows/1k",
        11.0,
    );
    python_row(&root)?;
    Ok(())
}

/// Every `new/benchmark.json` under `dir`: its full id and mean time (ns).
fn collect(dir: &Path, results: &mut Results) -> Result<(), Box<dyn std::error::Error>> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, results)?;
        } else if path.ends_with("new/benchmark.json") {
            let benchmark: Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
            let estimates: Value = serde_json::from_str(&std::fs::read_to_string(
                path.with_file_name("estimates.json"),
            )?)?;
            let id = benchmark["full_id"].as_str().unwrap_or_default().to_owned();
            results.insert(
                id,
                estimates["mean"]["point_estimate"]
                    .as_f64()
                    .unwrap_or(f64::NAN),
            );
        }
    }
    Ok(())
}

fn ratio_row(results: &Results, label: &str, measured: &str, floor: &str, goal: f64) {
    let (Some(a), Some(b)) = (results.get(measured), results.get(floor)) else {
        println!("| {label} | not measured | | ≤ {goal} | |");
        return;
    };
    let ratio = a / b;
    let met = if ratio <= goal { "yes" } else { "no" };
    println!(
        "| {label} | {} / {} | {ratio:.2} | ≤ {goal} | {met} |",
        human(*a),
        human(*b)
    );
}

fn human(ns: f64) -> String {
    match ns {
        ns if ns >= 1e9 => format!("{:.2} s", ns / 1e9),
        ns if ns >= 1e6 => format!("{:.2} ms", ns / 1e6),
        ns if ns >= 1e3 => format!("{:.1} µs", ns / 1e3),
        ns => format!("{ns:.0} ns"),
    }
}

/// Times the Python filter and `clone-rules batch` on 20,000 parents: the
/// best of three runs each.
fn python_row(root: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("clone-rules-table-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let (fields, _) = support::leads_fields();
    let subforms = support::leads_subforms();
    let fields_path = dir.join("fields.json");
    std::fs::write(&fields_path, fields.to_string())?;
    let lines: Vec<String> = (0..20_000)
        .map(|seed| support::leads_parent(&fields, &subforms, seed, 2).to_string())
        .collect();
    let input = dir.join("parents.ndjson");
    std::fs::write(&input, lines.join("\n") + "\n")?;

    let binary = root.join("target/release/clone-rules");
    let mut batch = Command::new(&binary);
    batch
        .args([
            "batch", "--module", "Leads", "--unique", "suffix", "--fields",
        ])
        .arg(&fields_path);
    for (name, meta) in &subforms {
        let path = dir.join(format!("{name}.json"));
        std::fs::write(&path, meta.to_string())?;
        batch
            .arg("--subform-fields")
            .arg(format!("{name}={}", path.display()));
    }
    batch.arg(&input);
    let mut python = Command::new("python3");
    python
        .arg(root.join("benches/naive_filter.py"))
        .arg(&fields_path);

    let ours = best_of_three(&mut batch, None)?;
    let theirs = best_of_three(&mut python, Some(&input))?;
    let ratio = theirs.as_secs_f64() / ours.as_secs_f64();
    let met = if ratio >= 10.0 { "yes" } else { "no" };
    println!(
        "| Python dict filter (no validation) / `clone-rules batch` (validation on), 20,000 Leads | {:.2} s / {:.2} s | {ratio:.1} | ≥ 10 | {met} |",
        theirs.as_secs_f64(),
        ours.as_secs_f64()
    );
    Ok(())
}

fn best_of_three(
    command: &mut Command,
    stdin: Option<&Path>,
) -> Result<Duration, Box<dyn std::error::Error>> {
    let mut best = Duration::MAX;
    for _ in 0..3 {
        if let Some(path) = stdin {
            command.stdin(std::fs::File::open(path)?);
        }
        let started = Instant::now();
        let status = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()?;
        if !status.success() {
            return Err(format!("{command:?} failed: {status}").into());
        }
        best = best.min(started.elapsed());
    }
    Ok(best)
}
