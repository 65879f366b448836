//! Regressions found by a newcomer who used the crate from its README only
//! and tried to break it. Each test is named after what went wrong.

mod common;

use clone_rules::{ErrorCode, FieldsMeta, Options, Plan, Problem, Reason, UniquePolicy};
use common::*;
use serde_json::{Value, json};

fn lead_with_rows() -> (Plan, Value) {
    let fields = meta([
        field("Last_Name", "text"),
        field("Project_Details", "subform").subform("Project_Details"),
    ]);
    let rows = meta([field("Project_Name", "text"), field("Budget", "currency")]);
    let plan = Plan::builder("Leads", fields)
        .subform("Project_Details", rows)
        .compile()
        .expect("plan");
    let parent = json!({"id": "1", "Last_Name": "L", "Project_Details": [
        {"id": "r1", "Project_Name": "A", "Budget": 1},
        {"id": "r2", "Project_Name": "B", "Budget": 2}]});
    (plan, parent)
}

/// An override subform value that is not rows replaces the parent's rows
/// wholesale: the parent's rows are reported dropped, not forgotten.
#[test]
fn parent_rows_are_reported_when_the_override_subform_is_not_rows() {
    let (plan, parent) = lead_with_rows();
    for value in [json!({}), json!("x"), json!(5)] {
        let body = json!({"data": [{"Project_Details": value}]});
        let applied = clone(&plan, &parent, Some(&body));
        assert_eq!(
            applied.report.dropped_reason("Project_Details[0]"),
            Some(Reason::ReplacedByOverride)
        );
        assert_eq!(
            applied.report.dropped_reason("Project_Details[1]"),
            Some(Reason::ReplacedByOverride)
        );
        let error = applied.result.expect_err("not rows is INVALID_DATA");
        assert_eq!(
            error.first().json_path.as_deref(),
            Some("$.data[0].Project_Details")
        );
    }
}

/// An override row `id` that is neither a string nor a number matches no
/// parent row: `INVALID_DATA` at that id, not a silent new row. `null`
/// stands for no id.
#[test]
fn an_override_row_id_of_another_type_is_invalid_data() {
    let (plan, parent) = lead_with_rows();
    for id in [json!(true), json!({"x": 1}), json!([1])] {
        let body = json!({"data": [{"Project_Details": [{"id": id, "Project_Name": "N"}]}]});
        let error = plan
            .apply(obj(&parent), Some(&body))
            .expect_err("INVALID_DATA");
        assert_eq!(error.first().code, ErrorCode::InvalidData);
        assert_eq!(
            error.first().json_path.as_deref(),
            Some("$.data[0].Project_Details[0].id")
        );
    }
    let body = json!({"data": [{"Project_Details": [{"id": null, "Project_Name": "N"}]}]});
    let payload = plan
        .apply(obj(&parent), Some(&body))
        .expect("a null id is a new row");
    assert_eq!(
        payload["data"][0]["Project_Details"],
        json!([{"Project_Name": "N"}])
    );
}

/// Scope comes before module (§6): a refused module asked for with scopes
/// that do not allow it answers `OAUTH_SCOPE_MISMATCH`.
#[test]
fn scope_is_checked_before_the_module() {
    let fields = meta([field("Last_Name", "text")]);
    let options = Options::default().scopes(["ZohoCRM.modules.contacts.ALL"]);
    let error = Plan::builder("Meetings", fields.clone())
        .options(options)
        .compile()
        .expect_err("refused");
    let zoho = error.to_zoho_error().expect("a Zoho answer");
    assert_eq!(zoho.code, ErrorCode::OauthScopeMismatch);
    let options = Options::default().scopes(["ZohoCRM.modules.ALL"]);
    let error = Plan::builder("Meetings", fields)
        .options(options)
        .compile()
        .expect_err("refused");
    assert_eq!(
        error.to_zoho_error().expect("a Zoho answer").code,
        ErrorCode::InvalidModule
    );
}

/// A metadata number of the wrong kind is named as the number it is.
#[test]
fn a_wrong_length_is_named_by_its_value() {
    for length in [json!(-5), json!(1.5), json!(1e2)] {
        let document =
            json!({"fields": [{"api_name": "A", "data_type": "text", "length": length}]});
        let message = FieldsMeta::from_json(&document)
            .expect_err("refused")
            .to_string();
        assert!(message.contains("fields[0].length"), "{message}");
        assert!(!message.contains("null"), "{message}");
        assert!(message.contains("number"), "{message}");
    }
}

/// Integers too large for 64 bits, and `-0`, are integers written in JSON:
/// too many digits gives `maximum_length`, never a type error.
#[test]
fn integer_errors_do_not_depend_on_number_internals() {
    let fields = meta([field("Last_Name", "text"), field("N", "integer").length(9)]);
    let validator = Plan::builder("Leads", fields)
        .compile_validator()
        .expect("validator");
    for (text, error) in [
        ("18446744073709551616", Some(json!({"maximum_length": 9}))),
        (
            "100000000000000000000000",
            Some(json!({"maximum_length": 9})),
        ),
        ("-0", None),
    ] {
        let body: Value =
            serde_json::from_str(&format!(r#"{{"data":[{{"Last_Name":"x","N":{text}}}]}}"#))
                .unwrap();
        let check = validator.validate_insert(&body);
        let got = check.records()[0].as_ref().err().map(|r| {
            let mut details = r.first().details();
            details
                .as_object_mut()
                .unwrap()
                .retain(|k, _| k == "maximum_length" || k == "expected_data_type");
            details
        });
        assert_eq!(got, error, "{text}");
    }
}

fn suffix_plan() -> Plan {
    let fields = meta([field("Code", "text").length(80).unique()]);
    plan_with(
        "Leads",
        fields,
        Options::default().unique(UniquePolicy::Suffix),
    )
}

/// `" (copy 1)"` counts as a copy suffix, and a value that is only a copy
/// suffix is suffixed again rather than cleared.
#[test]
fn suffix_is_never_stacked_on_copy_1_and_an_empty_base_is_kept() {
    let plan = suffix_plan();
    for (parent, expected) in [("Foo (copy 1)", "Foo (copy 2)"), (" (copy)", " (copy 2)")] {
        let payload = plan
            .apply(obj(&json!({"id": "1", "Code": parent})), None)
            .expect("a payload");
        assert_eq!(payload["data"][0]["Code"], expected, "{parent}");
    }
}

/// Known unique values name a field of the metadata that is unique; a typo
/// is a compile error, not a silently disabled check.
#[test]
fn known_unique_values_must_name_a_unique_field() {
    let fields = meta([field("Email", "email").unique(), field("Company", "text")]);
    for name in ["Nope", "Company"] {
        let options = Options::default().known_unique_values(name, vec![json!("x")]);
        let error = Plan::builder("Leads", fields.clone())
            .options(options)
            .compile()
            .expect_err(name);
        assert!(
            error
                .problems()
                .iter()
                .any(|p| matches!(p, Problem::UnknownUniqueField { .. })),
            "{error}"
        );
    }
    let options = Options::default().known_unique_values("Email", vec![json!("x@y.z")]);
    assert!(
        Plan::builder("Leads", fields)
            .options(options)
            .compile()
            .is_ok()
    );
}

/// Metadata given twice for one subform is a compile error.
#[test]
fn subform_metadata_given_twice_is_refused() {
    let (_, _) = lead_with_rows();
    let fields = meta([field("Project_Details", "subform").subform("Project_Details")]);
    let rows = meta([field("Project_Name", "text")]);
    let error = Plan::builder("Leads", fields)
        .subform("Project_Details", rows.clone())
        .subform("Project_Details", rows)
        .compile()
        .expect_err("twice");
    assert!(
        error
            .problems()
            .iter()
            .any(|p| matches!(p, Problem::DuplicateSubform { .. })),
        "{error}"
    );
}
