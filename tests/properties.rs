//! Property tests over generated, Zoho-shaped clone cases.
//!
//! The strategies (`properties/strategies.rs`) generate field metadata of
//! every data type with random flags (`read_only`, `external`,
//! `operation_type.api_create`, `system_mandatory`, `unique`, `json_type`
//! present, absent or unknown, lengths as numbers or digit strings),
//! subform metadata (supplied or not, found through `associated_module` or
//! `subform`), layouts, options (GDPR, unknown fields, subform policy,
//! unique policy, strict picklists, exclusions in any ASCII case, known
//! unique values, scopes), parent records built from that metadata (right
//! and wrong types, `$` keys at every depth, falsy values, unicode and very
//! long strings, 0 to 150 subform rows, linking rows, keys without
//! metadata) and override bodies (a random subset of keys, subform rows
//! with and without matching ids, `_delete`, body keys right and wrong).
//! About a third of the cases draw values to be wrong as often as right.
//!
//! A naive reference interpreter (`properties/reference.rs`), written from
//! the spec alone, predicts the payload, the report and where errors sit.
//!
//! The properties, with their case counts:
//!
//! 1. arbitrary JSON as metadata, layouts, parent or body gives errors,
//!    never panics (128 + 128);
//! 2. the report partition of spec §8 holds at every level (96);
//! 3. no `$` key and no record, row or linking `id` is in a payload (96);
//! 4. every accepted override key carries exactly the override's value
//!    (128);
//! 5. the same inputs give byte-identical output, from any thread (64);
//! 6. inputs are never mutated (64);
//! 7. cloning a clone with an empty body is stable (96);
//! 8. validation is consistent: a payload passes `validate_insert`, and
//!    every error's `json_path` points at a real location of the override
//!    body (body shape, override rows) or of the merged record (the rest)
//!    (128);
//! 9. the engine agrees with the reference on clones without override
//!    (128), and 10. with override (128).
//!
//! `PROPTEST_CASES=N` runs every property N times instead. Failing seeds
//! are kept in `proptest-regressions/properties.txt`. Bugs the properties
//! found are pinned by regression tests at the end of this file.

mod common;
#[path = "properties/reference.rs"]
mod reference;
#[path = "properties/strategies.rs"]
mod strategies;

use std::thread;

use clone_rules::{
    Applied, ErrorCode, FieldsMeta, Layouts, Plan, Record, Report, ZohoError, into_parent_record,
    parent_record,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use serde_json::{Value, json};

use reference::{Level, Outcome};
use strategies::{BodyMode, Case, Object};

/// A proptest configuration with `cases` cases (or `PROPTEST_CASES`, for a
/// deeper run) whose failures persist in `proptest-regressions/`.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/properties.txt",
        ))),
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------
// Helpers

/// The engine's report in the reference's terms.
fn engine_report(report: &Report) -> reference::Report {
    let pairs = |list: &[clone_rules::Dropped]| {
        list.iter()
            .map(|d| (d.path.clone(), d.reason.as_str().to_owned()))
            .collect()
    };
    reference::Report {
        kept: report.kept.clone(),
        dropped: pairs(&report.dropped),
        overridden: report.overridden.clone(),
        refused: pairs(&report.refused),
        warnings: report
            .warnings
            .iter()
            .map(|w| (w.path.clone(), w.code.as_str().to_owned()))
            .collect(),
    }
}

fn error_json(error: &ZohoError) -> Value {
    json!({
        "code": error.code.as_str(),
        "details": error.details(),
        "rule": error.rule.map(clone_rules::Reason::as_str),
    })
}

/// Everything a clone produced, serialized: payload or errors, and report.
fn fingerprint(applied: &Applied) -> String {
    let result = match &applied.result {
        Ok(payload) => json!({ "payload": payload }),
        Err(rejection) => {
            let errors: Vec<Value> = rejection.errors().iter().map(error_json).collect();
            json!({ "errors": errors, "envelope": rejection.to_envelope(true) })
        }
    };
    let whole = json!({ "result": result, "report": applied.report.to_json() });
    serde_json::to_string(&whole).expect("JSON values serialize")
}

fn result_fingerprint(result: &Result<Value, clone_rules::Rejection>) -> String {
    let value = match result {
        Ok(payload) => payload.clone(),
        Err(rejection) => Value::Array(rejection.errors().iter().map(error_json).collect()),
    };
    serde_json::to_string(&value).expect("JSON values serialize")
}

/// Whether the clone was refused for the caller's scopes.
fn refused_by_scope(applied: &Applied) -> bool {
    applied
        .result
        .as_ref()
        .is_err_and(|r| r.first().code == ErrorCode::OauthScopeMismatch)
}

fn text(value: &Value) -> String {
    serde_json::to_string(value).expect("JSON values serialize")
}

fn case_field<'c>(case: &'c Case, name: &str) -> Option<&'c strategies::FieldSpec> {
    case.fields.iter().find(|f| f.api_name == name)
}

fn is_kind(field: Option<&strategies::FieldSpec>, kinds: &[&str]) -> bool {
    field
        .and_then(|f| f.data_type.as_deref())
        .is_some_and(|t| kinds.iter().any(|k| k.eq_ignore_ascii_case(t)))
}

#[test]
#[ignore = "statistics of the generated cases, for tuning the strategies"]
#[allow(clippy::print_stderr)]
fn statistics_of_generated_cases() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = strategies::case(BodyMode::Sometimes);
    let (mut ok, mut with_body, mut ok_with_body, mut rows, mut big) = (0, 0, 0, 0, 0);
    let mut codes = std::collections::BTreeMap::new();
    let n = 1000;
    for _ in 0..n {
        let case = strategy.new_tree(&mut runner).expect("a case").current();
        let result = case.plan().apply(&case.parent, case.body.as_ref());
        with_body += usize::from(case.body.is_some());
        let outcome = reference::run(&case);
        rows += usize::from(outcome.rows.iter().any(|l| !l.out.is_empty()));
        big += usize::from(outcome.rows.iter().any(|l| l.parent_rows.len() > 100));
        match result {
            Ok(_) => {
                ok += 1;
                ok_with_body += usize::from(case.body.is_some());
            }
            Err(rejection) => {
                *codes.entry(rejection.first().code.as_str()).or_insert(0) += 1;
                if !case.chaos && rejection.first().code == ErrorCode::InvalidData {
                    let e = rejection.first();
                    let field = e.api_name.as_deref().and_then(|n| case_field(&case, n));
                    eprintln!(
                        "{} {:?}",
                        e.details(),
                        field.map(|f| (&f.data_type, &f.json_type, f.length))
                    );
                }
            }
        }
    }
    eprintln!(
        "{n} cases: {ok} ok, {with_body} with body ({ok_with_body} ok), {rows} with rows, \
         {big} over 100 rows"
    );
    eprintln!("first errors: {codes:?}");
}

// ---------------------------------------------------------------------------
// 1. No panic on arbitrary JSON

/// Runs every entry point on a plan, a parent document and a body; only
/// panics matter.
fn exercise(plan: &Plan, parent: &Value, body: Option<&Value>) {
    let _ = clone_rules::input::records(parent);
    if let Ok(record) = parent_record(parent) {
        let applied = plan.apply_with_report(record, body);
        let _ = applied.report.to_json();
        if let Err(rejection) = &applied.result {
            let _ = (rejection.to_envelope(true), rejection.to_envelope(false));
            let _ = (rejection.http_status(), rejection.to_string());
        }
        let _ = plan.apply(record, body);
        let _ = plan.apply(record, None);
    }
    if let Ok(owned) = into_parent_record(parent.clone()) {
        let _ = plan.apply_owned(owned, body);
    }
    if let Some(body) = body {
        let check = plan.validate_insert(body);
        let _ = (
            check.is_valid(),
            check.to_response(true),
            check.to_response(false),
        );
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// Property 1a: arbitrary metadata, layouts and module names parse or
    /// fail to parse, compile or fail to compile, and a plan that compiles
    /// takes arbitrary parents and bodies, all without a panic.
    #[test]
    fn p1_arbitrary_metadata_layouts_parents_and_bodies_never_panic(
        fields in strategies::any_fields_document(),
        rows in strategies::any_fields_document(),
        layouts in strategies::any_layouts_document(),
        module in strategies::any_module(),
        parent in strategies::any_json(),
        body in strategies::any_json(),
    ) {
        let layouts = Layouts::from_json(&layouts);
        let Ok(meta) = FieldsMeta::from_json(&fields) else {
            return Ok(());
        };
        // Subform metadata under the first subform's name, or a wrong name.
        let subform = meta
            .iter()
            .find(|f| f.data_type.is_subform())
            .map_or("Nowhere".to_owned(), |f| {
                f.subform_module.clone().unwrap_or_else(|| f.api_name.clone())
            });
        let mut builder = Plan::builder(module, meta);
        if let Ok(rows) = FieldsMeta::from_json(&rows) {
            builder = builder.subform(subform, rows);
        }
        if let Ok(layouts) = layouts {
            builder = builder.layouts(layouts);
        }
        let Ok(plan) = builder.compile() else {
            return Ok(());
        };
        exercise(&plan, &parent, Some(&body));
        exercise(&plan, &json!({ "data": [parent] }), None);
    }

    /// Property 1b: a generated plan takes arbitrary JSON in every field of
    /// the parent and of the body, and arbitrary body shapes.
    #[test]
    fn p1_generated_plans_take_arbitrary_values_without_panic(
        case in strategies::case(BodyMode::Never),
        values in vec(strategies::any_json(), 24),
        over in vec(strategies::any_json(), 24),
        shape in 0_u8..3,
    ) {
        let plan = case.plan();
        let mut parent = Object::new();
        parent.insert("id".to_owned(), json!("5725767000002529010"));
        let mut record = Object::new();
        for ((field, value), over) in case.fields.iter().zip(&values).zip(&over) {
            parent.insert(field.api_name.clone(), value.clone());
            record.insert(field.api_name.clone(), over.clone());
        }
        let body = match shape {
            0 => json!({ "data": [record] }),
            1 => over[0].clone(),
            _ => json!({ "data": [record], "trigger": over[1], "lar_id": over[2],
                "skip_feature_execution": over[3], "apply_feature_execution": over[4] }),
        };
        exercise(&plan, &json!({ "data": [parent] }), Some(&body));
    }
}

// ---------------------------------------------------------------------------
// 2. The report partition

/// How many times `path` is in `list`.
fn count<'a>(list: impl IntoIterator<Item = &'a String>, path: &str) -> usize {
    list.into_iter().filter(|p| *p == path).count()
}

/// The paths a report may name at each level, built from the parent, the
/// override and the row layout.
#[derive(Default)]
struct Levels {
    /// Paths of parent keys, at every level.
    parent_keys: Vec<String>,
    /// Paths of parent rows left out.
    dropped_rows: Vec<String>,
    /// Paths of override keys, at every level.
    over_keys: Vec<String>,
}

/// Whether `path` lies strictly inside the value at one of `roots` and ends
/// in a `$` key or a linking row's `id`: a key removed from inside a value.
fn is_nested_removal(path: &str, roots: &[String]) -> bool {
    let inside = roots.iter().any(|root| {
        path.strip_prefix(root.as_str())
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
    });
    let last = path.rsplit('.').next().unwrap_or(path);
    inside && (last.starts_with('$') || path.ends_with("].id"))
}

/// The §8 partition at every level, strictly: each parent key exactly once
/// in kept ∪ dropped ∪ overridden, each override key exactly once in
/// overridden ∪ refused, every entry names one of them (or a key removed
/// from inside a value), and no list repeats a path.
///
/// Row levels come from the reference's row layout: which parent row and
/// which override row each payload row was made of.
fn assert_strict_partition(case: &Case, report: &Report, outcome: &Outcome) {
    let dropped: Vec<String> = report.dropped.iter().map(|d| d.path.clone()).collect();
    let refused: Vec<String> = report.refused.iter().map(|d| d.path.clone()).collect();
    let (kept, overridden) = (&report.kept, &report.overridden);
    let mut levels = Levels::default();

    let mut check_parent = |path: String| {
        let n = count(kept, &path) + count(&dropped, &path) + count(overridden, &path);
        assert_eq!(n, 1, "parent key `{path}` is listed {n} times\n{report:#?}");
        levels.parent_keys.push(path);
    };
    for key in case.parent.keys() {
        check_parent(key.clone());
    }
    let mut check_over = |path: String| {
        let n = count(overridden, &path) + count(&refused, &path);
        assert_eq!(
            n, 1,
            "override key `{path}` is listed {n} times\n{report:#?}"
        );
        levels.over_keys.push(path);
    };
    for key in case.body_record().into_iter().flat_map(|r| r.keys()) {
        check_over(key.clone());
    }

    for layout in &outcome.rows {
        let field = &layout.field;
        for &(parent_row, over_row, p) in &layout.out {
            let parent_keys =
                parent_row.and_then(|i| Some((i, layout.parent_rows[i].as_object()?)));
            if let Some((i, row)) = parent_keys {
                for key in row.keys() {
                    let (at_parent, at_payload) =
                        (format!("{field}[{i}].{key}"), format!("{field}[{p}].{key}"));
                    let n = count(kept, &at_parent)
                        + count(&dropped, &at_parent)
                        + count(overridden, &at_payload);
                    assert_eq!(
                        n, 1,
                        "row key `{at_parent}` is listed {n} times\n{report:#?}"
                    );
                    levels.parent_keys.push(at_parent);
                }
            }
            let over_keys = over_row.and_then(|j| layout.over_rows[j].as_object());
            for key in over_keys.into_iter().flat_map(|r| r.keys()) {
                let path = format!("{field}[{p}].{key}");
                let n = count(overridden, &path) + count(&refused, &path);
                assert_eq!(
                    n, 1,
                    "override row key `{path}` is listed {n} times\n{report:#?}"
                );
                levels.over_keys.push(path);
            }
        }
        for i in &layout.dropped {
            let path = format!("{field}[{i}]");
            assert_eq!(
                count(&dropped, &path),
                1,
                "row `{path}` must be dropped once\n{report:#?}"
            );
            let inside = format!("{path}.");
            assert!(
                !kept.iter().chain(&dropped).any(|p| p.starts_with(&inside)),
                "keys of the dropped row `{path}` are listed\n{report:#?}"
            );
            levels.dropped_rows.push(path);
        }
    }
    assert_entries_are_accounted_for(report, &levels);
}

fn assert_entries_are_accounted_for(report: &Report, levels: &Levels) {
    let parent = |p: &String| levels.parent_keys.contains(p);
    let over = |p: &String| levels.over_keys.contains(p);
    for path in &report.kept {
        assert!(
            parent(path),
            "kept `{path}` names no parent key\n{report:#?}"
        );
    }
    for path in &report.overridden {
        assert!(
            over(path),
            "overridden `{path}` names no override key\n{report:#?}"
        );
    }
    for d in &report.dropped {
        let known = parent(&d.path)
            || levels.dropped_rows.contains(&d.path)
            || is_nested_removal(&d.path, &levels.parent_keys);
        assert!(
            known,
            "dropped `{}` names nothing of the parent\n{report:#?}",
            d.path
        );
    }
    for d in &report.refused {
        let known = over(&d.path) || is_nested_removal(&d.path, &levels.over_keys);
        assert!(
            known,
            "refused `{}` names nothing of the override\n{report:#?}",
            d.path
        );
    }
    let lists: [Vec<&String>; 4] = [
        report.kept.iter().collect(),
        report.dropped.iter().map(|d| &d.path).collect(),
        report.overridden.iter().collect(),
        report.refused.iter().map(|d| &d.path).collect(),
    ];
    for list in lists {
        let mut sorted = list.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(
            sorted.len(),
            list.len(),
            "a report list repeats a path\n{report:#?}"
        );
    }
}

fn the_report_partition_holds_at_every_level(case: &Case) -> Result<(), TestCaseError> {
    let plan = case.plan();
    let applied = plan.apply_with_report(&case.parent, case.body.as_ref());
    prop_assert_eq!(applied.report.source_id.as_ref(), case.parent.get("id"));
    if refused_by_scope(&applied) {
        // A request-level answer: the clone did not start (§6, §8).
        prop_assert_eq!(engine_report(&applied.report), reference::Report::default());
        return Ok(());
    }
    // The shared helper guesses row levels from the report; it misreads
    // an override of a subform whose parent copy a rule dropped (the
    // parent's rows are then not cloned). The strict check knows.
    let body_record = case.body_record().map(|r| Value::Object(r.clone()));
    let overrides_rows = case.subforms.iter().any(|s| {
        body_record
            .as_ref()
            .is_some_and(|r| r.get(&s.field).is_some())
    });
    if !overrides_rows {
        common::assert_report_partition(
            &case.parent_response(),
            body_record.as_ref(),
            &applied.report,
        );
    }
    assert_strict_partition(case, &applied.report, &reference::run(case));
    Ok(())
}

proptest! {
    #![proptest_config(config(96))]

    /// Property 2: the §8 partition holds at the record and in every subform
    /// row, with and without an override, on payloads and on errors.
    #[test]
    fn p2_the_report_partition_holds_at_every_level(case in strategies::case(BodyMode::Sometimes)) {
        the_report_partition_holds_at_every_level(&case)?;
    }
}

// ---------------------------------------------------------------------------
// 3. No `$` key, no id

/// Fails on the first `$` key found at any depth of `value`.
fn assert_no_dollar_key(value: &Value, path: &str) {
    match value {
        Value::Object(object) => {
            for (key, inner) in object {
                assert!(!key.starts_with('$'), "`$` key at {path}.{key}");
                assert_no_dollar_key(inner, &format!("{path}.{key}"));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                assert_no_dollar_key(item, &format!("{path}[{i}]"));
            }
        }
        _ => {}
    }
}

/// Linking rows and subform rows carry no `id`; subform rows no `Parent_Id`.
fn assert_rows_without_ids(value: &Value, path: &str, subform_row: bool) {
    for (i, row) in value.as_array().into_iter().flatten().enumerate() {
        let Some(row) = row.as_object() else { continue };
        assert!(!row.contains_key("id"), "{path}[{i}] keeps its id");
        if subform_row {
            assert!(
                !row.contains_key("Parent_Id"),
                "{path}[{i}] keeps its Parent_Id"
            );
        }
    }
}

fn assert_payload_has_no_dollar_or_id(case: &Case, payload: &Value) {
    let record = payload["data"][0]
        .as_object()
        .expect("payload data[0] is an object");
    assert_no_dollar_key(&payload["data"][0], "$.data[0]");
    assert!(
        !record.contains_key("id"),
        "the payload keeps the record id"
    );
    for (key, value) in record {
        let field = case_field(case, key);
        if is_kind(field, &["multiselectlookup", "multiuserlookup"]) {
            assert_rows_without_ids(value, key, false);
        }
        if !is_kind(field, &["subform", "lineitem"]) {
            continue;
        }
        assert_rows_without_ids(value, key, true);
        let meta = case
            .subforms
            .iter()
            .find(|s| s.field == *key)
            .and_then(|s| s.meta.as_ref());
        for (i, row) in value.as_array().into_iter().flatten().enumerate() {
            for (column, cell) in row.as_object().into_iter().flatten() {
                let column_meta = meta.and_then(|m| m.iter().find(|f| f.api_name == *column));
                if is_kind(column_meta, &["multiselectlookup", "multiuserlookup"]) {
                    assert_rows_without_ids(cell, &format!("{key}[{i}].{column}"), false);
                }
            }
        }
    }
}

fn payloads_hold_no_dollar_key_and_no_id(case: &Case) {
    let plan = case.plan();
    if let Ok(payload) = plan.apply(&case.parent, case.body.as_ref()) {
        assert_payload_has_no_dollar_or_id(case, &payload);
        common::assert_no_dollar_or_id(&payload, &plan);
    }
}

proptest! {
    #![proptest_config(config(96))]

    /// Property 3: no payload holds a `$` key at any depth, the record's
    /// `id`, a subform row's `id` or `Parent_Id`, or a linking row's `id`.
    #[test]
    fn p3_payloads_hold_no_dollar_key_and_no_id(case in strategies::case(BodyMode::Sometimes)) {
        payloads_hold_no_dollar_key_and_no_id(&case);
    }
}

// ---------------------------------------------------------------------------
// 4. Overrides win

/// `value` without `$` keys at any depth.
fn without_dollar_keys(value: &Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .iter()
                .filter(|(k, _)| !k.starts_with('$'))
                .map(|(k, v)| (k.clone(), without_dollar_keys(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_dollar_keys).collect()),
        other => other.clone(),
    }
}

/// A linking list without its rows' own ids (and `$` keys).
fn without_link_ids(value: &Value) -> Value {
    let Value::Array(rows) = value else {
        return without_dollar_keys(value);
    };
    let rows = rows.iter().map(|row| {
        let mut row = row.clone();
        if let Value::Object(link) = &mut row {
            link.shift_remove("id");
        }
        without_dollar_keys(&row)
    });
    Value::Array(rows.collect())
}

/// Whether the unique policy changed `key` after the merge.
fn unique_policy_touched(report: &Report, key: &str) -> bool {
    report
        .refused
        .iter()
        .any(|d| d.path == key && d.reason.as_str() == "unique_cleared")
        || report
            .warnings
            .iter()
            .any(|w| w.path == key && w.code.as_str() == "unique_suffixed")
}

fn accepted_overrides_carry_exactly_the_override_value(case: &Case) -> Result<(), TestCaseError> {
    let plan = case.plan();
    let applied = plan.apply_with_report(&case.parent, case.body.as_ref());
    let (Ok(payload), Some(over)) = (&applied.result, case.body_record()) else {
        return Ok(());
    };
    let record = payload["data"][0]
        .as_object()
        .expect("payload data[0] is an object");
    let rules = reference::Interpreter::new(case);
    let mut appended = Vec::new();
    for (key, value) in over {
        if let Some(reason) = rules.refusal(Level::Record, key) {
            prop_assert_eq!(
                applied
                    .report
                    .refused_reason(key)
                    .map(clone_rules::Reason::as_str),
                Some(reason)
            );
            continue;
        }
        let copied = case.parent.contains_key(key) && rules.copy_rule(Level::Record, key).is_none();
        if !copied && record.contains_key(key) {
            appended.push(key.as_str());
        }
        if unique_policy_touched(&applied.report, key) {
            continue;
        }
        prop_assert!(
            applied.report.is_overridden(key),
            "`{}` not reported overridden",
            key
        );
        let field = case_field(case, key);
        if is_kind(field, &["subform", "lineitem"]) {
            continue;
        }
        let expected = if is_kind(field, &["multiselectlookup", "multiuserlookup"]) {
            without_link_ids(value)
        } else {
            without_dollar_keys(value)
        };
        prop_assert_eq!(record.get(key), Some(&expected), "override of `{}`", key);
    }
    let tail: Vec<&str> = record
        .keys()
        .map(String::as_str)
        .rev()
        .take(appended.len())
        .collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    prop_assert_eq!(tail, appended, "appended keys, in the body's order");
    Ok(())
}

proptest! {
    #![proptest_config(config(128))]

    /// Property 4: every accepted top-level override key (not a subform)
    /// carries exactly the override's value, `$` keys stripped at any depth
    /// and, for multi-select lookups, the linking rows' ids stripped; keys
    /// the parent lacks (or only a copy rule dropped) are appended in the
    /// body's order. Acceptance follows the spec's refusal rules (§5).
    #[test]
    fn p4_accepted_overrides_carry_exactly_the_override_value(
        case in strategies::case(BodyMode::Always),
    ) {
        accepted_overrides_carry_exactly_the_override_value(&case)?;
    }
}

// ---------------------------------------------------------------------------
// 5. Determinism

fn the_same_inputs_give_byte_identical_output(case: &Case) -> Result<(), TestCaseError> {
    let (plan, twin) = (case.plan(), case.plan());
    let body = case.body.as_ref();
    let first = plan.apply_with_report(&case.parent, body);
    let expected = fingerprint(&first);
    prop_assert_eq!(
        &fingerprint(&plan.apply_with_report(&case.parent, body)),
        &expected
    );
    prop_assert_eq!(
        &fingerprint(&twin.apply_with_report(&case.parent, body)),
        &expected
    );

    let result = result_fingerprint(&first.result);
    prop_assert_eq!(
        &result_fingerprint(&plan.apply(&case.parent, body)),
        &result
    );
    let owned = plan.apply_owned(case.parent.clone(), body);
    prop_assert_eq!(&result_fingerprint(&owned), &result);

    let from_threads: Vec<String> = thread::scope(|scope| {
        let handles: Vec<_> = (0..3)
            .map(|_| scope.spawn(|| fingerprint(&plan.apply_with_report(&case.parent, body))))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("no panic"))
            .collect()
    });
    for output in from_threads {
        prop_assert_eq!(&output, &expected);
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(64))]

    /// Property 5: the same inputs give byte-identical output: twice on one
    /// plan, on a second plan compiled from the same metadata, through
    /// `apply`, `apply_owned` and `apply_with_report`, and from three threads
    /// sharing one plan.
    #[test]
    fn p5_the_same_inputs_give_byte_identical_output(
        case in strategies::case(BodyMode::Sometimes),
    ) {
        the_same_inputs_give_byte_identical_output(&case)?;
    }
}

// ---------------------------------------------------------------------------
// 6. Inputs are never mutated

fn inputs_are_never_mutated(case: &Case) -> Result<(), TestCaseError> {
    let fields_doc = case.fields_json();
    let layouts_doc = case.layouts_json();
    let response = case.parent_response();
    let before = [
        text(&fields_doc),
        text(&json!(layouts_doc)),
        text(&response),
        text(&json!(case.body)),
    ];

    let meta = FieldsMeta::from_json(&fields_doc).expect("generated metadata parses");
    let meta_before = meta.clone();
    let plan = case.plan();
    prop_assert_eq!(plan.fields(), &meta_before);
    let _ = Plan::builder(case.module.clone(), meta)
        .options(case.options.to_options())
        .compile();
    if let Some(layouts) = &layouts_doc {
        let _ = Layouts::from_json(layouts);
    }
    let record: &Record = parent_record(&response).expect("the response holds one record");
    let body = case.body.as_ref();
    let _ = plan.apply_with_report(record, body);
    let _ = plan.apply(record, body);
    let _ = plan.apply_owned(record.clone(), body);
    if let Some(body) = body {
        let _ = plan.validate_insert(body);
    }
    let after = [
        text(&fields_doc),
        text(&json!(layouts_doc)),
        text(&response),
        text(&json!(case.body)),
    ];
    prop_assert_eq!(after, before);
    prop_assert_eq!(plan.fields(), &meta_before);
    Ok(())
}

proptest! {
    #![proptest_config(config(64))]

    /// Property 6: parsing, compiling, cloning and validating leave the
    /// metadata documents, the parsed metadata, the parent response and the
    /// body exactly as they were (compared as serialized text, so a
    /// reordering counts too).
    #[test]
    fn p6_inputs_are_never_mutated(case in strategies::case(BodyMode::Sometimes)) {
        inputs_are_never_mutated(&case)?;
    }
}

// ---------------------------------------------------------------------------
// 7. Cloning a clone

fn cloning_a_clone_is_stable(case: &Case) -> Result<(), TestCaseError> {
    let mut case = case.clone();
    case.options.unique = 1;
    let plan = case.plan();
    let Ok(payload) = plan.apply(&case.parent, None) else {
        return Ok(());
    };
    let clone = payload["data"][0]
        .as_object()
        .expect("payload data[0] is an object");
    let again = plan.apply_with_report(clone, None);
    prop_assert_eq!(
        result_fingerprint(&again.result),
        result_fingerprint(&Ok(payload.clone()))
    );
    prop_assert!(
        again.report.dropped.is_empty(),
        "dropped again: {:?}",
        again.report.dropped
    );
    prop_assert!(again.report.overridden.is_empty() && again.report.refused.is_empty());
    Ok(())
}

proptest! {
    #![proptest_config(config(96))]

    /// Property 7: with the unique policy `clear`, cloning the payload's
    /// `data[0]` again with an empty body gives the same payload, and the
    /// second clone drops nothing: every rule that dropped something the
    /// first time already took it out.
    #[test]
    fn p7_cloning_a_clone_is_stable(case in strategies::case(BodyMode::Never)) {
        cloning_a_clone_is_stable(&case)?;
    }
}

// ---------------------------------------------------------------------------
// 8. Validation is consistent

/// One step of a JSON path: `.key` or `[index]`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// `$.data[0].Sub[2].Field` as steps; `None` for a path of another form.
fn parse_path(path: &str) -> Option<Vec<Step>> {
    let mut rest = path.strip_prefix('$')?;
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            steps.push(Step::Key(after[..end].to_owned()));
            rest = &after[end..];
        } else {
            let after = rest.strip_prefix('[')?;
            let end = after.find(']')?;
            steps.push(Step::Index(after[..end].parse().ok()?));
            rest = &after[end + 1..];
        }
    }
    Some(steps)
}

fn resolve<'v>(document: &'v Value, steps: &[Step]) -> Option<&'v Value> {
    steps.iter().try_fold(document, |value, step| match step {
        Step::Key(key) => value.as_object()?.get(key),
        Step::Index(i) => value.as_array()?.get(*i),
    })
}

/// Whether an error is about an override row (a row that is not an object,
/// or an `id` that matches no parent row): `$.data[0].Sub[j]` or
/// `$.data[0].Sub[j].id`, with `Sub` a subform of the case.
fn is_override_row_error(case: &Case, error: &ZohoError) -> bool {
    let Some(steps) = error.json_path.as_deref().and_then(parse_path) else {
        return false;
    };
    let subform = |key: &str| case.subforms.iter().any(|s| s.field == key);
    error.code == ErrorCode::InvalidData
        && match steps.as_slice() {
            [Step::Key(d), Step::Index(0), Step::Key(s), Step::Index(_)] => {
                d == "data" && subform(s)
            }
            [
                Step::Key(d),
                Step::Index(0),
                Step::Key(s),
                Step::Index(_),
                Step::Key(id),
            ] => d == "data" && subform(s) && id == "id",
            _ => false,
        }
}

/// Whether an error is about the body's shape (§6.1): its path is not
/// inside `$.data[0]`.
fn is_body_error(error: &ZohoError) -> bool {
    let path = error.json_path.as_deref().unwrap_or("");
    !path.starts_with("$.data[0].")
}

/// Every error's `json_path` points at a real location:
///
/// - body-shape errors into the override body (a missing `data` or entry
///   `name` is named by the place it should be: its parent must exist);
/// - override-row errors into the override body (`Sub[j]` is the row's
///   index in the override);
/// - record errors into the merged record: the reference's `data[0]` after
///   the unique policy, which equals the payload the clone would have had.
///   `MANDATORY_NOT_FOUND` names where the missing value belongs (its
///   parent exists, the value there is absent or empty); the others name a
///   value present there, whose last key is the error's `api_name`.
fn assert_error_paths_resolve(case: &Case, outcome: &Outcome, errors: &[ZohoError]) {
    let merged = json!({ "data": [outcome.record] });
    let body = case.body.clone().unwrap_or(Value::Null);
    for error in errors {
        let path = error
            .json_path
            .as_deref()
            .unwrap_or_else(|| panic!("no json_path: {error:?}"));
        let steps = parse_path(path).unwrap_or_else(|| panic!("malformed json_path `{path}`"));
        let (init, _) = steps.split_at(steps.len().saturating_sub(1));
        if is_body_error(error) {
            assert!(case.body.is_some(), "body error without a body: {error:?}");
            assert!(
                resolve(&body, init).is_some(),
                "`{path}` is not in the body {body}"
            );
        } else if is_override_row_error(case, error) {
            assert!(
                resolve(&body, &steps).is_some(),
                "`{path}` is not in the body {body}"
            );
        } else if error.code == ErrorCode::MandatoryNotFound {
            let holder = resolve(&merged, init).and_then(Value::as_object);
            assert!(holder.is_some(), "`{path}`: no record or row there");
            let value = resolve(&merged, &steps);
            assert!(
                value.is_none_or(reference::is_empty),
                "`{path}` is set: {value:?}"
            );
        } else {
            let value = resolve(&merged, &steps);
            assert!(
                value.is_some_and(|v| !v.is_null()),
                "`{path}` is not in the merged record"
            );
            let last = steps.iter().rev().find_map(|s| match s {
                Step::Key(k) => Some(k.as_str()),
                Step::Index(_) => None,
            });
            assert_eq!(error.api_name.as_deref(), last, "api_name of {error:?}");
        }
    }
}

/// `(code, json_path)` of each error.
fn located(errors: &[&ZohoError]) -> Vec<(String, String)> {
    errors
        .iter()
        .map(|e| {
            (
                e.code.as_str().to_owned(),
                e.json_path.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn validation_is_consistent(case: &Case) -> Result<(), TestCaseError> {
    let plan = case.plan();
    let outcome = reference::run(case);
    match plan.apply(&case.parent, case.body.as_ref()) {
        Ok(payload) => {
            let record = payload["data"][0]
                .as_object()
                .expect("data[0] is an object");
            prop_assert!(reference::missing_mandatory(case, record).is_empty());
            prop_assert!(reference::over_row_limit(case, record).is_empty());
            let check = plan.validate_insert(&payload);
            prop_assert!(
                check.is_valid(),
                "payload {} refused: {}",
                payload,
                check.to_response(true)
            );
        }
        Err(rejection) if reference::scope_denied(case) => {
            // A request-level answer, alone and without a path; the
            // insert check answers the same for any body.
            prop_assert_eq!(rejection.errors().len(), 1);
            prop_assert_eq!(rejection.first().code, ErrorCode::OauthScopeMismatch);
            prop_assert_eq!(rejection.first().json_path.as_deref(), None);
            let insert = plan.validate_insert(&outcome.payload);
            let request = insert.request_error().map(|r| r.first().code);
            prop_assert_eq!(request, Some(ErrorCode::OauthScopeMismatch));
        }
        Err(rejection) => {
            let errors = rejection.errors();
            assert_error_paths_resolve(case, &outcome, errors);
            let row_errors: Vec<String> = errors
                .iter()
                .filter(|e| is_override_row_error(case, e))
                .filter_map(|e| e.json_path.clone())
                .collect();
            prop_assert_eq!(&row_errors, &outcome.row_errors);
            let (duplicates, record_errors): (Vec<&ZohoError>, Vec<&ZohoError>) = errors
                .iter()
                .filter(|e| !is_body_error(e) && !is_override_row_error(case, e))
                .partition(|e| e.code == ErrorCode::DuplicateData);
            let duplicates: Vec<String> = duplicates
                .iter()
                .filter_map(|e| e.json_path.clone())
                .collect();
            prop_assert_eq!(&duplicates, &outcome.duplicates);
            let paths_of = |code: ErrorCode| {
                let mut paths: Vec<String> = record_errors
                    .iter()
                    .filter(|e| e.code == code)
                    .filter_map(|e| e.json_path.clone())
                    .collect();
                paths.sort();
                paths
            };
            let mut mandatory = reference::missing_mandatory(case, &outcome.record);
            mandatory.sort();
            prop_assert_eq!(paths_of(ErrorCode::MandatoryNotFound), mandatory);
            let mut limits = reference::over_row_limit(case, &outcome.record);
            limits.sort();
            prop_assert_eq!(paths_of(ErrorCode::LimitExceeded), limits);
            let insert = plan.validate_insert(&json!({ "data": [outcome.record] }));
            // Its DUPLICATE_DATA (known values only) is compared above.
            let insert_errors: Vec<&ZohoError> = insert
                .records()
                .iter()
                .filter_map(|r| r.as_ref().err())
                .flat_map(clone_rules::Rejection::errors)
                .filter(|e| e.code != ErrorCode::DuplicateData)
                .collect();
            prop_assert_eq!(located(&record_errors), located(&insert_errors));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(128))]

    /// Property 8: a payload the clone produces passes `validate_insert` as
    /// an Insert Records body; every error points at a real location (see
    /// `assert_error_paths_resolve` for which document each path is read
    /// against); the clone's record errors are exactly those
    /// `validate_insert` finds in the merged record, in the same order; and
    /// `MANDATORY_NOT_FOUND`, `LIMIT_EXCEEDED` and `DUPLICATE_DATA` sit
    /// exactly where the reference's reading of §6.2, §4 and §6.4 puts them.
    #[test]
    fn p8_validation_is_consistent(case in strategies::case(BodyMode::Sometimes)) {
        validation_is_consistent(&case)?;
    }
}

// ---------------------------------------------------------------------------
// 9 and 10. The reference interpreter

/// The engine's report and payload against the reference's.
fn assert_agrees_with_reference(case: &Case) -> Result<(), TestCaseError> {
    let plan = case.plan();
    let outcome = reference::run(case);
    let applied = plan.apply_with_report(&case.parent, case.body.as_ref());
    prop_assert_eq!(
        refused_by_scope(&applied),
        reference::scope_denied(case),
        "scope check"
    );
    if refused_by_scope(&applied) {
        prop_assert_eq!(engine_report(&applied.report), reference::Report::default());
        return Ok(());
    }
    let engine = engine_report(&applied.report).sorted();
    let expected = outcome.report.clone().sorted();
    prop_assert_eq!(&engine.kept, &expected.kept, "kept");
    prop_assert_eq!(&engine.dropped, &expected.dropped, "dropped");
    prop_assert_eq!(&engine.overridden, &expected.overridden, "overridden");
    prop_assert_eq!(&engine.refused, &expected.refused, "refused");
    prop_assert_eq!(&engine.warnings, &expected.warnings, "warnings");
    if let Ok(payload) = &applied.result {
        prop_assert_eq!(text(payload), text(&outcome.payload), "payload");
    }
    Ok(())
}

fn clones_without_override_agree_with_the_reference(case: &Case) -> Result<(), TestCaseError> {
    assert_agrees_with_reference(case)
}

fn clones_with_override_agree_with_the_reference(case: &Case) -> Result<(), TestCaseError> {
    assert_agrees_with_reference(case)
}

proptest! {
    #![proptest_config(config(128))]

    /// Property 9: without an override, the engine keeps and drops exactly
    /// what the reference does, for the same reasons, at the record, inside
    /// values and in every subform row; and a payload equals the
    /// reference's, key order included.
    #[test]
    fn p9_clones_without_override_agree_with_the_reference(
        case in strategies::case(BodyMode::Never),
    ) {
        clones_without_override_agree_with_the_reference(&case)?;
    }

    /// Property 10: the same with override bodies (both subform policies,
    /// rows with and without matching ids, `_delete`).
    #[test]
    fn p10_clones_with_override_agree_with_the_reference(
        case in strategies::case(BodyMode::Always),
    ) {
        clones_with_override_agree_with_the_reference(&case)?;
    }
}

// ---------------------------------------------------------------------------
// Bugs the properties found, shrunk to their minimal inputs

fn plan_for(module: &str, fields: &Value) -> Plan {
    let fields = FieldsMeta::from_json(fields).expect("test metadata parses");
    Plan::builder(module, fields)
        .compile()
        .expect("test plan compiles")
}

/// Found by properties 4, 8 and 10. Spec §5 refuses an override of a
/// `not_creatable` field; only the copy-only rules (external among them)
/// do not refuse. The engine once took the first of rules 6 to 8
/// (`external`) and, as external does not refuse, accepted the override.
#[test]
fn regression_an_override_of_an_external_not_creatable_field_is_refused() {
    let plan = plan_for(
        "Leads",
        &json!({"fields": [
            {"api_name": "Last_Name", "data_type": "text"},
            {"api_name": "Ext_Id", "data_type": "text",
             "external": {"show": true, "type": "user", "allow_multiple_config": false},
             "operation_type": {"api_create": false}}
        ]}),
    );
    let parent = json!({"id": "1", "Last_Name": "Lovelace", "Ext_Id": "E-1"});
    let body = json!({"data": [{"Ext_Id": "E-2"}]});
    let applied = plan.apply_with_report(parent.as_object().unwrap(), Some(&body));
    assert_eq!(
        applied
            .report
            .refused_reason("Ext_Id")
            .map(clone_rules::Reason::as_str),
        Some("not_creatable")
    );
    assert_eq!(
        applied.result,
        Ok(json!({"data": [{"Last_Name": "Lovelace"}]}))
    );
}

/// Found by property 7. A unique value was compared with the parent's value
/// as given, `$` keys included; the clone's value has lost them, so the
/// collision with the parent went unseen (no `DUPLICATE_DATA`), while a
/// clone of that clone collided. `$` keys are not data (§3), so the clone
/// holds the parent's value.
#[test]
fn regression_a_unique_value_that_only_loses_dollar_keys_collides_with_the_parent() {
    let plan = plan_for(
        "Leads",
        &json!({"fields": [
            {"api_name": "Account", "data_type": "lookup", "unique": {"case_sensitive": false}}
        ]}),
    );
    let parent = json!({"id": "1", "Account": {"id": "7", "$approval": {"delegate": false}}});
    let rejection = plan
        .apply(parent.as_object().unwrap(), None)
        .expect_err("the clone's Account is the parent's");
    assert_eq!(rejection.first().code, ErrorCode::DuplicateData);
    assert_eq!(
        rejection.first().json_path.as_deref(),
        Some("$.data[0].Account")
    );
}
