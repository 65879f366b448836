//! Compile, apply, scaling and batch costs, each beside the `serde_json`
//! floor of parsing and re-serializing the same bytes.
//!
//! `cargo bench --bench clone`, then `cargo run --release --example
//! bench_table` prints the README's table from criterion's results.

// criterion's macros generate undocumented public functions.
#![allow(missing_docs)]

mod support;

// The allocator the `clone-rules` binary ships with; the floors run on it
// too, so every ratio compares like with like.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::io::Write;
use std::process::{Command, Stdio};

use clone_rules::{FieldsMeta, Options, Plan, UniquePolicy, into_parent_record, parent_record};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value;

/// The Leads plan the benches apply, with both subforms, suffixing unique
/// values so that every clone is a payload rather than `DUPLICATE_DATA`.
fn leads_plan(fields: &Value) -> Plan {
    let mut builder = Plan::builder("Leads", FieldsMeta::from_json(fields).expect("fields"));
    for (name, meta) in support::leads_subforms() {
        builder = builder.subform(name, FieldsMeta::from_json(&meta).expect("subform fields"));
    }
    let options = Options::default().unique(UniquePolicy::Suffix);
    builder.options(options).compile().expect("plan")
}

/// A plan for one of the project's fixture modules, with its subform.
fn fixture_plan(module: &str, subform: Option<&str>) -> Plan {
    let fields = support::fixture("metadata", &format!("{module}.fields.json"));
    let mut builder = Plan::builder(module, FieldsMeta::from_json(&fields).expect("fields"));
    if let Some(name) = subform {
        let meta = support::fixture("metadata", &format!("{name}.fields.json"));
        builder = builder.subform(name, FieldsMeta::from_json(&meta).expect("subform"));
    }
    let options = Options::default().unique(UniquePolicy::Suffix);
    builder.options(options).compile().expect("plan")
}

/// What a user does per record: parse, clone and validate, serialize.
fn clone_text(plan: &Plan, text: &str) -> Vec<u8> {
    let document: Value = serde_json::from_str(text).expect("parent");
    let parent = into_parent_record(document).expect("record");
    let answer = match plan.apply_owned(parent, None) {
        Ok(payload) => payload,
        Err(rejection) => rejection.to_envelope(false),
    };
    serde_json::to_vec(&answer).expect("serialize")
}

/// The floor: parse and serialize the same bytes, nothing else.
fn roundtrip(text: &str) -> Vec<u8> {
    let document: Value = serde_json::from_str(text).expect("parent");
    serde_json::to_vec(&document).expect("serialize")
}

fn compile(c: &mut Criterion) {
    let (fields, _) = support::leads_fields();
    let text = serde_json::to_string(&fields).expect("text");
    let meta = FieldsMeta::from_json(&fields).expect("fields");
    let mut group = c.benchmark_group("compile");
    group.bench_function("leads_plan", |b| {
        b.iter(|| Plan::builder("Leads", black_box(meta.clone())).compile());
    });
    group.bench_function("floor_parse_metadata", |b| {
        b.iter(|| serde_json::from_str::<Value>(black_box(&text)).expect("parse"));
    });
    group.finish();
}

/// The record kinds: the generated Leads parent, and fixture records.
fn record_kinds() -> Vec<(&'static str, Plan, String)> {
    let (fields, _) = support::leads_fields();
    let subforms = support::leads_subforms();
    let leads = support::leads_parent(&fields, &subforms, 7, 2);
    let fixture = |module: &str, file: &str, subform: Option<&str>| {
        let text = support::fixture("records", file).to_string();
        (fixture_plan(module, subform), text)
    };
    let (contacts_plan, contacts) = fixture("Contacts", "Contacts.json", Some("Languages"));
    let (quotes_plan, quotes) = fixture("Quotes", "Quotes.json", Some("Product_Details"));
    let (events_plan, events) = fixture("Events", "Events.json", None);
    vec![
        ("leads_2rows", leads_plan(&fields), leads.to_string()),
        ("contacts", contacts_plan, contacts),
        ("quotes", quotes_plan, quotes),
        ("events", events_plan, events),
    ]
}

fn apply(c: &mut Criterion) {
    for (kind, plan, text) in record_kinds() {
        let mut group = c.benchmark_group("apply");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(kind, |b| b.iter(|| clone_text(&plan, black_box(&text))));
        group.finish();
        let mut group = c.benchmark_group("floor/serde_roundtrip");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(kind, |b| b.iter(|| roundtrip(black_box(&text))));
        group.finish();
    }
}

fn scaling(c: &mut Criterion) {
    let (fields, _) = support::leads_fields();
    let subforms = support::leads_subforms();
    let plan = leads_plan(&fields);
    let mut group = c.benchmark_group("scaling/subform_rows");
    group.sample_size(20);
    for (label, rows) in [("1k", 1_000), ("10k", 10_000)] {
        let parent = support::leads_parent(&fields, &subforms, 1, rows);
        let record = parent_record(&parent).expect("record").clone();
        group.bench_function(label, |b| {
            b.iter_batched(
                || record.clone(),
                |r| plan.apply_owned(r, None),
                criterion::BatchSize::LargeInput,
            );
        });
    }
    group.finish();
}

/// `clone-rules batch` on 10,000 NDJSON Leads parents (the release binary,
/// every core), beside one thread parsing and re-serializing the same lines.
fn batch(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("clone-rules-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (fields, _) = support::leads_fields();
    let subforms = support::leads_subforms();
    let fields_path = dir.join("fields.json");
    std::fs::write(&fields_path, fields.to_string()).expect("fields");
    let mut args = vec!["batch".to_owned(), "--module".into(), "Leads".into()];
    args.extend([
        "--fields".into(),
        fields_path.display().to_string(),
        "--unique".into(),
        "suffix".into(),
    ]);
    for (name, meta) in &subforms {
        let path = dir.join(format!("{name}.json"));
        std::fs::write(&path, meta.to_string()).expect("subform");
        args.extend([
            "--subform-fields".into(),
            format!("{name}={}", path.display()),
        ]);
    }
    let lines: Vec<String> = (0..10_000)
        .map(|seed| support::leads_parent(&fields, &subforms, seed, 2).to_string())
        .collect();
    let input = lines.join("\n") + "\n";
    let input_path = dir.join("parents.ndjson");
    std::fs::write(&input_path, &input).expect("input");
    args.push(input_path.display().to_string());

    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.bench_function("leads_10000", |b| {
        b.iter(|| {
            let status = Command::new(env!("CARGO_BIN_EXE_clone-rules"))
                .args(&args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("the binary runs");
            assert!(status.success());
        });
    });
    group.bench_function("floor_serde_roundtrip/leads_10000", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(input.len());
            for line in input.lines() {
                out.extend(roundtrip(line));
                out.push(b'\n');
            }
            std::io::sink().write_all(&out).expect("sink");
        });
    });
    group.finish();
}

criterion_group!(benches, compile, apply, scaling, batch);
criterion_main!(benches);
