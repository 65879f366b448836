//! Compile, apply and scaling costs, each beside the `serde_json` floor of
//! parsing and re-serializing the same bytes.
//!
//! Run with `cargo bench --bench clone`.

// criterion's macros generate undocumented public functions.
#![allow(missing_docs)]

mod support;

use std::hint::black_box;

use clone_rules::{FieldsMeta, Options, Plan, UniquePolicy, into_parent_record, parent_record};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value;

/// The plan the benches apply: Leads with both subforms, suffixing unique
/// values so that every clone is a payload rather than `DUPLICATE_DATA`.
fn leads_plan(fields: &Value) -> Plan {
    let mut builder = Plan::builder("Leads", FieldsMeta::from_json(fields).expect("fields"));
    for (name, meta) in support::leads_subforms() {
        builder = builder.subform(name, FieldsMeta::from_json(&meta).expect("subform fields"));
    }
    builder
        .options(Options::default().unique(UniquePolicy::Suffix))
        .compile()
        .expect("plan")
}

/// What a user does per record: parse, clone and validate, serialize.
fn clone_text(plan: &Plan, text: &str) -> String {
    let document: Value = serde_json::from_str(text).expect("parent");
    let parent = into_parent_record(document).expect("record");
    match plan.apply_owned(parent, None) {
        Ok(payload) => serde_json::to_string(&payload),
        Err(rejection) => serde_json::to_string(&rejection.to_envelope(false)),
    }
    .expect("serialize")
}

fn floor(text: &str) -> String {
    let document: Value = serde_json::from_str(text).expect("parent");
    serde_json::to_string(&document).expect("serialize")
}

fn compile(c: &mut Criterion) {
    let (fields, source) = support::leads_fields();
    let text = serde_json::to_string(&fields).expect("text");
    let meta = FieldsMeta::from_json(&fields).expect("fields");
    let mut group = c.benchmark_group("compile");
    group.bench_function(BenchmarkId::new("plan", source), |b| {
        b.iter(|| {
            Plan::builder("Leads", black_box(meta.clone()))
                .compile()
                .expect("plan")
        });
    });
    group.bench_function(BenchmarkId::new("floor_parse_metadata", source), |b| {
        b.iter(|| serde_json::from_str::<Value>(black_box(&text)).expect("parse"));
    });
    group.finish();
}

fn apply(c: &mut Criterion) {
    let (fields, _) = support::leads_fields();
    let subforms = support::leads_subforms();
    let plan = leads_plan(&fields);
    let text =
        serde_json::to_string(&support::leads_parent(&fields, &subforms, 7, 2)).expect("text");
    let mut group = c.benchmark_group("apply");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("leads_2rows", |b| {
        b.iter(|| clone_text(&plan, black_box(&text)));
    });
    group.bench_function("floor_serde_roundtrip/leads_2rows", |b| {
        b.iter(|| floor(black_box(&text)));
    });
    group.finish();
}

fn scaling(c: &mut Criterion) {
    let (fields, _) = support::leads_fields();
    let subforms = support::leads_subforms();
    let plan = leads_plan(&fields);
    let mut group = c.benchmark_group("scaling/subform_rows");
    group.sample_size(20);
    for (label, rows) in [("1k", 1_000), ("10k", 10_000)] {
        let parent = support::leads_parent(&fields, &subforms, 1, rows);
        let record = parent_record(&parent).expect("record");
        group.bench_function(label, |b| b.iter(|| plan.apply(black_box(record), None)));
    }
    group.finish();
}

criterion_group!(benches, compile, apply, scaling);
criterion_main!(benches);
