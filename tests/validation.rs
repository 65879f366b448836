//! Validation as Zoho's Insert Records call does it (spec §6) and the
//! error envelopes (spec §7), with metadata built inline.
//!
//! Each test is written so that it fails if the rule it names is removed.

mod support;

use clone_rules::{ErrorCode, NewRecord, Options, Reason, UniquePolicy, WarningCode, ZohoError};
use serde_json::{Value, json};

use support::{
    F, assert_top_level_partition, clone, error_list, errors, f, insert, insert_errors, keys,
    layouts, payload, payload_record, plan, plan_full, plan_with, rejection,
};

const PARENT_ID: &str = "7100000000000000001";

/// A compact Leads module.
fn leads_fields() -> Vec<F> {
    vec![
        f("Owner", "ownerlookup").json("jsonobject"),
        f("Last_Name", "text").length(80).mandatory(),
        f("Company", "text").length(200),
        f("Email", "email").length(100).unique(),
        f("Phone", "phone").length(30),
        f("Layout", "layout").json("jsonobject"),
        f("Created_Time", "datetime").not_creatable(),
    ]
}

/// A valid Leads parent, without a unique value.
fn leads_parent() -> Value {
    json!({
        "id": PARENT_ID,
        "Owner": {"id": "7100000000000000900", "name": "Ada"},
        "Last_Name": "Lovelace",
        "Company": "Analytical Engines",
        "Phone": "555-0100",
        "Created_Time": "2024-01-01T10:00:00+00:00",
        "$approval": {"delegate": false},
    })
}

/// The errors of cloning the Leads parent with `body`.
fn leads_body_errors(body: &Value) -> Vec<(ErrorCode, Value)> {
    let plan = plan("Leads", leads_fields());
    error_list(&clone(&plan, &leads_parent(), Some(body)))
}

fn invalid(details: Value) -> Vec<(ErrorCode, Value)> {
    vec![(ErrorCode::InvalidData, details)]
}

const TRIGGERS: [&str; 5] = [
    "workflow",
    "approval",
    "blueprint",
    "pathfinder",
    "orchestration",
];
const APPLICABLE: [&str; 7] = [
    "layout_rules",
    "range_validation",
    "assignment_rules",
    "function_validation_rule",
    "criteria_validation_rule",
    "global_map_dependency",
    "territory_subordinates",
];

// ===========================================================================
// §6.1 Body shape

#[test]
fn a_body_that_is_not_an_object_is_invalid_at_the_root() {
    for body in [
        json!([]),
        json!([{"Last_Name": "x"}]),
        json!("data"),
        json!(1),
    ] {
        assert_eq!(
            leads_body_errors(&body),
            invalid(json!({"json_path": "$", "expected_data_type": "jsonobject"})),
            "{body}"
        );
    }
}

#[test]
fn a_body_without_data_is_invalid_at_data() {
    for body in [
        json!({}),
        json!({"trigger": ["workflow"]}),
        json!({"Data": [{}]}),
    ] {
        assert_eq!(
            leads_body_errors(&body),
            invalid(json!({"json_path": "$.data", "expected_data_type": "jsonarray"})),
            "{body}"
        );
    }
}

#[test]
fn data_that_is_not_an_array_is_invalid_at_data() {
    for data in [
        json!({}),
        json!({"Last_Name": "x"}),
        json!("x"),
        json!(null),
        json!(3),
    ] {
        let body = json!({ "data": data });
        assert_eq!(
            leads_body_errors(&body),
            invalid(json!({"json_path": "$.data", "expected_data_type": "jsonarray"})),
            "{body}"
        );
    }
}

#[test]
fn empty_data_is_invalid_at_data_without_a_type() {
    assert_eq!(
        leads_body_errors(&json!({"data": []})),
        invalid(json!({"json_path": "$.data"}))
    );
}

#[test]
fn more_than_one_record_exceeds_the_limit_of_one() {
    for data in [
        json!([{}, {}]),
        json!([{"Last_Name": "a"}, {"Last_Name": "b"}, {}]),
    ] {
        let body = json!({ "data": data });
        assert_eq!(
            leads_body_errors(&body),
            vec![(
                ErrorCode::LimitExceeded,
                json!({"api_name": "data", "json_path": "$.data", "maximum_length": 1})
            )],
            "{body}"
        );
    }
}

#[test]
fn a_first_record_that_is_not_an_object_is_invalid_at_data_0() {
    for record in [json!(1), json!("x"), json!(null), json!([]), json!(true)] {
        let body = json!({ "data": [record] });
        assert_eq!(
            leads_body_errors(&body),
            invalid(json!({"json_path": "$.data[0]", "expected_data_type": "jsonobject"})),
            "{body}"
        );
    }
}

/// `(json_path, supported_values)` of every error.
fn paths_and_values(errors: &[(ErrorCode, Value)]) -> Vec<(String, Value)> {
    errors
        .iter()
        .map(|(code, details)| {
            assert_eq!(*code, ErrorCode::InvalidData);
            assert!(details.get("expected_data_type").is_none(), "{details}");
            (
                details["json_path"].as_str().unwrap().to_owned(),
                details["supported_values"].clone(),
            )
        })
        .collect()
}

#[test]
fn skip_feature_execution_takes_only_cadences() {
    let valid = json!({"data": [{}], "skip_feature_execution": [{"name": "cadences"}]});
    assert_eq!(leads_body_errors(&valid), []);

    let body = json!({"data": [{}], "skip_feature_execution": [
        {"name": "cadences"}, {"name": "workflow"}, "cadences", {}, {"name": "Cadences"}]});
    let found = paths_and_values(&leads_body_errors(&body));
    let expected: Vec<(String, Value)> = [1, 2, 3, 4]
        .iter()
        .map(|i| {
            (
                format!("$.skip_feature_execution[{i}].name"),
                json!(["cadences"]),
            )
        })
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn trigger_entries_must_be_one_of_the_five() {
    let valid = json!({"data": [{}], "trigger": TRIGGERS});
    assert_eq!(leads_body_errors(&valid), []);
    let empty = json!({"data": [{}], "trigger": []});
    assert_eq!(leads_body_errors(&empty), []);

    let body =
        json!({"data": [{}], "trigger": ["workflow", "assignment_rules", 5, {"name": "approval"}]});
    let found = paths_and_values(&leads_body_errors(&body));
    let expected: Vec<(String, Value)> = [1, 2, 3]
        .iter()
        .map(|i| (format!("$.trigger[{i}]"), json!(TRIGGERS)))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn apply_feature_execution_entries_must_be_one_of_the_seven() {
    let all: Vec<Value> = APPLICABLE
        .iter()
        .map(|name| json!({ "name": name }))
        .collect();
    let valid = json!({"data": [{}], "apply_feature_execution": all});
    assert_eq!(leads_body_errors(&valid), []);

    let body = json!({"data": [{}], "apply_feature_execution": [
        {"name": "layout_rules"}, {"name": "workflow"}, "layout_rules", {"nom": "layout_rules"}]});
    let found = paths_and_values(&leads_body_errors(&body));
    let expected: Vec<(String, Value)> = [1, 2, 3]
        .iter()
        .map(|i| {
            (
                format!("$.apply_feature_execution[{i}].name"),
                json!(APPLICABLE),
            )
        })
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn feature_keys_that_are_not_arrays_expect_an_array() {
    for key in [
        "trigger",
        "skip_feature_execution",
        "apply_feature_execution",
    ] {
        for value in [
            json!("workflow"),
            json!({"name": "cadences"}),
            json!(null),
            json!(1),
        ] {
            let mut body = json!({"data": [{}]});
            body[key] = value.clone();
            assert_eq!(
                leads_body_errors(&body),
                invalid(
                    json!({"json_path": format!("$.{key}"), "expected_data_type": "jsonarray"})
                ),
                "{key}: {value}"
            );
        }
    }
}

#[test]
fn lar_id_must_be_a_string() {
    assert_eq!(
        leads_body_errors(&json!({"data": [{}], "lar_id": "7300000000000000001"})),
        []
    );
    for value in [
        json!(7_300_000_000_000_000_001_u64),
        json!(null),
        json!(true),
        json!(["1"]),
    ] {
        let body = json!({"data": [{}], "lar_id": value});
        assert_eq!(
            leads_body_errors(&body),
            invalid(json!({"json_path": "$.lar_id", "expected_data_type": "string"})),
            "{body}"
        );
    }
}

#[test]
fn no_body_clones_the_parent_unchanged_less_the_rules() {
    let plan = plan("Leads", leads_fields());
    let applied = clone(&plan, &leads_parent(), None);
    assert_eq!(
        payload(&applied),
        &json!({"data": [{
            "Owner": {"id": "7100000000000000900", "name": "Ada"},
            "Last_Name": "Lovelace",
            "Company": "Analytical Engines",
            "Phone": "555-0100",
        }]})
    );
    assert!(applied.report.warnings.is_empty());
}

#[test]
fn accepted_body_keys_follow_data_in_the_bodys_order() {
    let body = json!({
        "lar_id": "7300000000000000001",
        "trigger": ["workflow", "blueprint"],
        "data": [{"Company": "Difference Engines"}],
        "apply_feature_execution": [{"name": "layout_rules"}],
        "skip_feature_execution": [{"name": "cadences"}],
    });
    let plan = plan("Leads", leads_fields());
    let applied = clone(&plan, &leads_parent(), Some(&body));
    let payload = payload(&applied);
    let order: Vec<&str> = payload
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        order,
        [
            "data",
            "lar_id",
            "trigger",
            "apply_feature_execution",
            "skip_feature_execution"
        ]
    );
    for key in [
        "lar_id",
        "trigger",
        "apply_feature_execution",
        "skip_feature_execution",
    ] {
        assert_eq!(payload[key], body[key], "{key}");
    }
    assert_eq!(payload["data"][0]["Company"], "Difference Engines");
}

#[test]
fn unknown_body_keys_are_left_out_with_a_warning() {
    let body = json!({
        "wf_trigger": true,
        "data": [{}],
        "duplicate_check_fields": ["Email"],
        "trigger": ["workflow"],
    });
    let plan = plan("Leads", leads_fields());
    let applied = clone(&plan, &leads_parent(), Some(&body));
    assert_eq!(keys(payload(&applied)), ["data", "trigger"]);
    let warnings: Vec<(&str, WarningCode)> = applied
        .report
        .warnings
        .iter()
        .map(|w| (w.path.as_str(), w.code))
        .collect();
    assert_eq!(
        warnings,
        [
            ("wf_trigger", WarningCode::UnknownBodyKey),
            ("duplicate_check_fields", WarningCode::UnknownBodyKey)
        ]
    );
    assert_eq!(WarningCode::UnknownBodyKey.as_str(), "unknown_body_key");
}

// ===========================================================================
// §6.2 Mandatory

fn mandatory(api_name: &str, json_path: &str) -> (ErrorCode, Value) {
    (
        ErrorCode::MandatoryNotFound,
        json!({"api_name": api_name, "json_path": json_path}),
    )
}

#[test]
fn a_missing_system_mandatory_field_is_not_found() {
    let plan = plan("Leads", leads_fields());
    let mut parent = leads_parent();
    parent.as_object_mut().unwrap().remove("Last_Name");
    let applied = clone(&plan, &parent, None);
    assert_eq!(
        error_list(&applied),
        [mandatory("Last_Name", "$.data[0].Last_Name")]
    );
    let first = rejection(&applied).first();
    assert_eq!(first.rule, None, "no clone rule removed it");
    assert_eq!(
        first.to_envelope()["data"][0]["message"],
        json!("required field not found")
    );
}

#[test]
fn null_and_empty_string_are_missing() {
    let plan = plan("Leads", leads_fields());
    for value in [json!(null), json!("")] {
        // Copied from the parent, and set by the override.
        let mut parent = leads_parent();
        parent["Last_Name"] = value.clone();
        let applied = clone(&plan, &parent, None);
        assert_eq!(
            error_list(&applied),
            [mandatory("Last_Name", "$.data[0].Last_Name")],
            "{value}"
        );

        let body = json!({"data": [{"Last_Name": value}]});
        let applied = clone(&plan, &leads_parent(), Some(&body));
        assert_eq!(
            error_list(&applied),
            [mandatory("Last_Name", "$.data[0].Last_Name")],
            "{value}"
        );
    }
}

#[test]
fn an_empty_list_is_missing_but_zero_false_and_blank_are_values() {
    let fields = vec![
        f("Interests", "multiselectpicklist").mandatory(),
        f("Score", "integer").mandatory(),
        f("Opted_In", "boolean").mandatory(),
        f("Nickname", "text").mandatory(),
    ];
    let plan = plan("Leads", fields);
    let parent = json!({"id": PARENT_ID, "Interests": ["Chess"], "Score": 0, "Opted_In": false,
        "Nickname": " "});
    assert_eq!(error_list(&clone(&plan, &parent, None)), []);

    let body = json!({"data": [{"Interests": []}]});
    assert_eq!(
        error_list(&clone(&plan, &parent, Some(&body))),
        [mandatory("Interests", "$.data[0].Interests")]
    );
}

#[test]
fn a_mandatory_field_an_exclusion_removed_names_the_rule() {
    let options = Options::default().exclude("Last_Name");
    let plan = plan_with("Leads", leads_fields(), options);
    let applied = clone(&plan, &leads_parent(), None);
    assert_eq!(
        error_list(&applied),
        [mandatory("Last_Name", "$.data[0].Last_Name")]
    );
    assert_eq!(rejection(&applied).first().rule, Some(Reason::CustomRule));
    assert_eq!(
        applied.report.dropped_reason("Last_Name"),
        Some(Reason::CustomRule)
    );

    // The custom rule stops copying only: the caller may set the field.
    let body = json!({"data": [{"Last_Name": "Byron"}]});
    let applied = clone(&plan, &leads_parent(), Some(&body));
    assert_eq!(payload_record(&applied)["Last_Name"], "Byron");
}

#[test]
fn a_mandatory_field_a_metadata_rule_removed_names_that_rule() {
    let fields = vec![
        f("Last_Name", "text").mandatory(),
        f("Lead_Status", "picklist").mandatory().read_only(),
    ];
    let plan = plan("Leads", fields);
    let parent = json!({"id": PARENT_ID, "Last_Name": "L", "Lead_Status": "New"});
    let applied = clone(&plan, &parent, None);
    assert_eq!(
        error_list(&applied),
        [mandatory("Lead_Status", "$.data[0].Lead_Status")]
    );
    assert_eq!(rejection(&applied).first().rule, Some(Reason::ReadOnly));
    assert_eq!(
        applied.report.dropped_reason("Lead_Status"),
        Some(Reason::ReadOnly)
    );
}

const LAYOUT_ID: &str = "7200000000000000001";

fn lead_layouts() -> clone_rules::Layouts {
    layouts(&json!({"layouts": [
        {"id": LAYOUT_ID, "name": "Standard", "sections": [
            {"display_label": "Lead Information", "fields": [
                {"api_name": "Last_Name", "required": true},
                {"api_name": "Company", "required": true},
                {"api_name": "Phone", "required": false},
                {"api_name": "Email"},
            ]},
        ]},
        {"id": "7200000000000000002", "name": "Other", "sections": [
            {"display_label": "Lead Information", "fields": [{"api_name": "Email", "required": true}]},
        ]},
    ]}))
}

fn bare_lead(layout_id: Option<&str>) -> Value {
    let mut parent = json!({"id": PARENT_ID, "Last_Name": "Lovelace"});
    if let Some(id) = layout_id {
        parent["Layout"] = json!({"id": id, "name": "Standard"});
    }
    parent
}

#[test]
fn the_payloads_layout_makes_its_required_fields_mandatory() {
    let plan = plan_full(
        "Leads",
        leads_fields(),
        vec![],
        Some(lead_layouts()),
        Options::default(),
    );
    let applied = clone(&plan, &bare_lead(Some(LAYOUT_ID)), None);
    // Company is required; Phone (required: false) and Email (unset) are not.
    assert_eq!(
        error_list(&applied),
        [mandatory("Company", "$.data[0].Company")]
    );

    // The override naming the layout counts the same.
    let body = json!({"data": [{"Layout": {"id": LAYOUT_ID}}]});
    let applied = clone(&plan, &bare_lead(None), Some(&body));
    assert_eq!(
        error_list(&applied),
        [mandatory("Company", "$.data[0].Company")]
    );

    // The other layout requires Email instead.
    let applied = clone(&plan, &bare_lead(Some("7200000000000000002")), None);
    assert_eq!(
        error_list(&applied),
        [mandatory("Email", "$.data[0].Email")]
    );
}

#[test]
fn layout_requirements_need_a_matching_layout_id_and_layouts() {
    let with_layouts = plan_full(
        "Leads",
        leads_fields(),
        vec![],
        Some(lead_layouts()),
        Options::default(),
    );
    assert_eq!(
        error_list(&clone(
            &with_layouts,
            &bare_lead(Some("7200000000000000099")),
            None
        )),
        []
    );
    assert_eq!(
        error_list(&clone(&with_layouts, &bare_lead(None), None)),
        []
    );

    let without_layouts = plan("Leads", leads_fields());
    assert_eq!(
        error_list(&clone(&without_layouts, &bare_lead(Some(LAYOUT_ID)), None)),
        []
    );
}

fn project_fields() -> Vec<F> {
    vec![
        f("Project_Name", "text").length(100).mandatory(),
        f("Budget", "currency").length(16).decimals(2),
        f("Parent_Id", "lookup"),
    ]
}

fn leads_with_projects() -> Vec<F> {
    let mut fields = leads_fields();
    fields.push(
        f("Project_Details", "subform")
            .json("jsonarray")
            .rows_of("Project_Details"),
    );
    fields
}

#[test]
fn mandatory_fields_of_subform_rows_have_row_paths() {
    let plan = plan_full(
        "Leads",
        leads_with_projects(),
        vec![("Project_Details", project_fields())],
        None,
        Options::default(),
    );
    let mut parent = leads_parent();
    parent["Project_Details"] = json!([
        {"id": "7100000000000200001", "Project_Name": "Analytical", "Parent_Id": {"id": PARENT_ID}},
        {"id": "7100000000000200002", "Budget": 5.5},
        {"id": "7100000000000200003", "Project_Name": ""},
    ]);
    let applied = clone(&plan, &parent, None);
    assert_eq!(
        error_list(&applied),
        [
            mandatory("Project_Name", "$.data[0].Project_Details[1].Project_Name"),
            mandatory("Project_Name", "$.data[0].Project_Details[2].Project_Name"),
        ]
    );
}

#[test]
fn mandatory_errors_come_in_metadata_order() {
    let fields = vec![
        f("Zeta", "text").mandatory(),
        f("Middle", "text"),
        f("Alpha", "text").mandatory(),
        f("Beta", "integer").mandatory(),
    ];
    let plan = plan("Leads", fields);
    // The payload order (Beta, Alpha) differs from the metadata order.
    let parent = json!({"id": PARENT_ID, "Beta": null, "Middle": "m", "Alpha": ""});
    assert_eq!(
        error_list(&clone(&plan, &parent, None)),
        [
            mandatory("Zeta", "$.data[0].Zeta"),
            mandatory("Alpha", "$.data[0].Alpha"),
            mandatory("Beta", "$.data[0].Beta"),
        ]
    );
}

// ===========================================================================
// §6.3 Types and lengths
//
// Most checks go through `validate_insert` with a one-field module, so that
// each value is judged alone; a few go through the clone to show that
// copied and overridden values are checked alike.

/// Zoho's verdict on `value` for a field `F` described by `field`.
fn verdict(field: F, value: &Value) -> Option<ZohoError> {
    let plan = plan("Leads", vec![field]);
    let mut found = insert_errors(&plan, json!({ "F": value }));
    assert!(found.len() <= 1, "one value, one error at most: {found:?}");
    let error = found.pop()?;
    assert_eq!(error.code, ErrorCode::InvalidData, "{value}");
    assert_eq!(error.api_name.as_deref(), Some("F"), "{value}");
    assert_eq!(error.json_path.as_deref(), Some("$.data[0].F"), "{value}");
    Some(error)
}

fn ty(data_type: &str) -> F {
    f("F", data_type)
}

#[track_caller]
fn accepts(field: &F, values: &[Value]) {
    for value in values {
        assert_eq!(verdict(field.clone(), value), None, "{value} for {field:?}");
    }
}

#[track_caller]
fn expects_type(field: &F, values: &[Value], expected: &str) {
    for value in values {
        let error = verdict(field.clone(), value)
            .unwrap_or_else(|| panic!("{value} accepted by {field:?}"));
        assert_eq!(
            error.expected_data_type.as_deref(),
            Some(expected),
            "{value} for {field:?}"
        );
        assert_eq!(error.maximum_length, None);
        assert_eq!(error.supported_values, None);
    }
}

#[track_caller]
fn expects_length(field: &F, values: &[Value], maximum: u64) {
    for value in values {
        let error = verdict(field.clone(), value)
            .unwrap_or_else(|| panic!("{value} accepted by {field:?}"));
        assert_eq!(error.maximum_length, Some(maximum), "{value} for {field:?}");
        assert_eq!(error.expected_data_type, None);
    }
}

#[test]
fn string_lengths_count_characters_not_bytes() {
    for data_type in [
        "text",
        "textarea",
        "phone",
        "picklist",
        "autonumber",
        "website",
    ] {
        let field = ty(data_type).length(5);
        // 5 characters in 10 bytes fit; 6 characters do not.
        accepts(
            &field,
            &[json!("ééééé"), json!("12345"), json!("日本語です")],
        );
        expects_length(&field, &[json!("éééééé"), json!("123456")], 5);
        expects_type(&field, &[json!(5), json!(["x"]), json!({})], "string");
    }
}

#[test]
fn autonumber_overrides_are_refused_but_insert_bodies_are_checked() {
    let fields = vec![
        f("Last_Name", "text").mandatory(),
        f("Lead_No", "autonumber").length(5),
    ];
    let plan = plan("Leads", fields);
    let parent = json!({"id": PARENT_ID, "Last_Name": "L", "Lead_No": "L-001"});
    let body = json!({"data": [{"Lead_No": "far too long a number"}]});
    let applied = clone(&plan, &parent, Some(&body));
    assert_eq!(
        applied.report.refused_reason("Lead_No"),
        Some(Reason::FieldType)
    );
    assert!(!payload_record(&applied).contains_key("Lead_No"));

    let found = insert_errors(&plan, json!({"Last_Name": "L", "Lead_No": "L-0001"}));
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].details(),
        json!({"api_name": "Lead_No", "json_path": "$.data[0].Lead_No",
        "maximum_length": 5})
    );
}

#[test]
fn emails_check_length_then_syntax() {
    let field = ty("email").length(12);
    accepts(&field, &[json!("ada@ex.io"), json!("ADA@EX.IO"), json!("")]);
    expects_length(&field, &[json!("ada@example.com")], 12);
    expects_type(
        &field,
        &[json!("ada.ex.io"), json!("ada@"), json!("@ex.io")],
        "email",
    );
    // Too long and malformed: the length is what Zoho reports.
    expects_length(&field, &[json!("not-an-email-at-all")], 12);
    expects_type(&field, &[json!(5)], "string");
}

#[test]
fn integers_have_nine_digits_by_default() {
    let field = ty("integer");
    accepts(&field, &[json!(0), json!(999_999_999), json!(-999_999_999)]);
    expects_length(&field, &[json!(1_000_000_000), json!(-1_000_000_000)], 9);
    expects_type(&field, &[json!(1.5), json!("12"), json!(true)], "integer");
}

#[test]
fn integers_have_at_most_their_length_in_digits() {
    let field = ty("integer").length(2);
    accepts(&field, &[json!(99), json!(-99)]);
    expects_length(&field, &[json!(100), json!(-100)], 2);
}

#[test]
fn bigints_have_at_most_eighteen_digits_as_integer_or_digit_string() {
    for field in [ty("bigint"), ty("bigint").json("string")] {
        accepts(
            &field,
            &[
                json!(123_456_789_012_345_678_u64),
                json!("123456789012345678"),
                json!(7),
                json!("0"),
            ],
        );
        expects_type(
            &field,
            &[
                json!(1_234_567_890_123_456_789_u64),
                json!("1234567890123456789"),
                json!("12a"),
                json!("-5"),
                json!(1.5),
                json!(true),
            ],
            "bigint",
        );
    }
}

#[test]
fn numbers_limit_the_integer_part_and_accept_extra_fractional_digits() {
    for data_type in ["double", "currency", "percent", "decimal"] {
        let field = ty(data_type).length(5).decimals(2);
        accepts(
            &field,
            &[
                json!(999),
                json!(999.999_99),
                json!(-999.5),
                json!(0.123_456),
            ],
        );
        expects_length(&field, &[json!(1000), json!(1000.5), json!(-1000)], 5);
        expects_type(&field, &[json!("12"), json!(true)], "double");

        // Without a length: 16 digits, all of them for the integer part.
        let field = ty(data_type);
        accepts(&field, &[json!(9_999_999_999_999_999_u64), json!(1.5)]);
        expects_length(
            &field,
            &[json!(10_000_000_000_000_000_u64), json!(1e16)],
            16,
        );
    }
}

#[test]
fn booleans_are_true_or_false() {
    let field = ty("boolean");
    accepts(&field, &[json!(true), json!(false)]);
    expects_type(&field, &[json!("true"), json!(1), json!(0)], "boolean");
}

#[test]
fn dates_are_real_calendar_days() {
    let field = ty("date");
    accepts(
        &field,
        &[json!("2024-02-29"), json!("1999-12-31"), json!("")],
    );
    expects_type(
        &field,
        &[
            json!("2023-02-29"),
            json!("2024-13-01"),
            json!("2024-2-9"),
            json!("2024-01-01T00:00:00Z"),
            json!(20_240_101),
        ],
        "date",
    );
}

#[test]
fn datetimes_need_an_offset_and_whole_seconds() {
    let field = ty("datetime");
    accepts(
        &field,
        &[
            json!("2019-03-04T11:51:53+05:30"),
            json!("2019-03-04T11:51:53-11:00"),
            json!("2019-03-04T11:51:53Z"),
            json!(""),
        ],
    );
    expects_type(
        &field,
        &[
            json!("2019-03-04T11:51:53"),
            json!("2019-03-04T11:51:53.120+05:30"),
            json!("2019-03-04 11:51:53+05:30"),
            json!("2019-02-29T11:51:53Z"),
            json!("2019-03-04T24:00:00Z"),
            json!("2019-03-04"),
            json!(1_551_700_313),
        ],
        "datetime",
    );
}

#[test]
fn datetimes_reject_a_sixtieth_second() {
    expects_type(
        &ty("datetime"),
        &[
            json!("2019-03-04T11:51:60+05:30"),
            json!("2019-03-04T23:59:60Z"),
        ],
        "datetime",
    );
}

#[test]
fn emails_reject_display_text() {
    expects_type(
        &ty("email").length(100),
        &[json!("Ada <ada@ex.io>"), json!("<ada@ex.io>")],
        "email",
    );
}

#[test]
fn multiselect_picklists_hold_strings() {
    let field = ty("multiselectpicklist");
    accepts(&field, &[json!([]), json!(["a", "b"])]);
    expects_type(
        &field,
        &[json!(["a", 1]), json!([null]), json!("a"), json!({})],
        "jsonarray",
    );
}

#[test]
fn lookups_are_objects_with_an_id() {
    for data_type in [
        "lookup",
        "ownerlookup",
        "userlookup",
        "layout",
        "multi_module_lookup",
    ] {
        let field = ty(data_type);
        accepts(
            &field,
            &[
                json!({"id": "7100000000000000900"}),
                json!({"id": 7_100_000_000_000_000_900_u64}),
                json!({"id": "1", "name": "x", "module": {"api_name": "Leads"}}),
            ],
        );
        expects_type(
            &field,
            &[
                json!({"name": "x"}),
                json!({"id": null}),
                json!({"id": true}),
                json!("7100"),
                json!([]),
            ],
            "jsonobject",
        );
    }
}

#[test]
fn consent_lookups_take_any_object() {
    let field = ty("consent_lookup");
    accepts(&field, &[json!({}), json!({"Contact_Through_Email": true})]);
    expects_type(&field, &[json!("x"), json!([])], "jsonobject");
}

#[test]
fn lists_of_rows_hold_objects() {
    for data_type in [
        "multiselectlookup",
        "multiuserlookup",
        "subform",
        "lineitem",
        "multireminder",
        "territories",
    ] {
        let field = ty(data_type);
        accepts(&field, &[json!([]), json!([{"id": "1"}, {}])]);
        expects_type(
            &field,
            &[json!([1]), json!([{}, "x"]), json!({}), json!("x")],
            "jsonarray",
        );
    }
}

#[test]
fn json_type_overrides_the_table() {
    // Tag: text with jsonarray.
    let tag = f("F", "text").json("jsonarray").length(2);
    accepts(&tag, &[json!([{"name": "a long tag name"}]), json!([])]);
    expects_type(&tag, &[json!("a"), json!({})], "jsonarray");

    // Participants: bigint with jsonarray.
    let participants = f("F", "bigint").json("jsonarray");
    accepts(
        &participants,
        &[json!([{"type": "user", "participant": "7100"}])],
    );
    expects_type(&participants, &[json!(5), json!("5")], "jsonarray");

    // Wizard and Visitor_Score: bigint with string, which also takes an integer.
    let score = f("F", "bigint").json("string");
    accepts(&score, &[json!("42"), json!(42)]);
    expects_type(&score, &[json!("4x2"), json!([])], "bigint");

    // Any type, any json_type.
    expects_type(&f("F", "text").json("integer"), &[json!("5")], "integer");
    accepts(&f("F", "text").json("integer"), &[json!(5)]);
    expects_type(
        &f("F", "RRULE").json("jsonobject"),
        &[json!("FREQ=DAILY")],
        "jsonobject",
    );
    expects_type(&f("F", "integer").json("double"), &[json!("1")], "double");
    expects_type(&f("F", "integer").json("boolean"), &[json!(1)], "boolean");
}

#[test]
fn null_is_valid_for_every_field_that_is_not_mandatory() {
    let types = [
        "text",
        "textarea",
        "phone",
        "picklist",
        "autonumber",
        "website",
        "email",
        "integer",
        "bigint",
        "double",
        "currency",
        "percent",
        "decimal",
        "boolean",
        "date",
        "datetime",
        "multiselectpicklist",
        "lookup",
        "ownerlookup",
        "userlookup",
        "layout",
        "multi_module_lookup",
        "consent_lookup",
        "multiselectlookup",
        "multiuserlookup",
        "subform",
        "lineitem",
        "multireminder",
        "territories",
        "profileimage",
        "RRULE",
    ];
    for data_type in types {
        accepts(&ty(data_type).length(1), &[Value::Null]);
    }
    for json_type in [
        "string",
        "integer",
        "double",
        "boolean",
        "jsonobject",
        "jsonarray",
    ] {
        accepts(&ty("text").json(json_type), &[Value::Null]);
    }
}

#[test]
fn empty_strings_are_valid_for_string_types() {
    for data_type in [
        "text",
        "textarea",
        "phone",
        "picklist",
        "autonumber",
        "website",
        "email",
        "date",
        "datetime",
    ] {
        accepts(&ty(data_type).length(1).picklist(&["A"]), &[json!("")]);
    }
}

#[test]
fn empty_strings_are_valid_for_strict_picklists_too() {
    let plan = plan_with(
        "Leads",
        vec![ty("picklist").picklist(&["A"])],
        Options::default().strict_picklists(true),
    );
    assert!(insert_errors(&plan, json!({"F": ""})).is_empty());
}

#[test]
fn picklists_are_free_unless_strict() {
    let field = ty("picklist").picklist(&["Hot", "Cold"]);
    // Off by default: any string.
    accepts(&field, &[json!("Warm"), json!("Hot (shown)")]);

    let strict = Options::default().strict_picklists(true);
    let plan = plan_with("Leads", vec![field], strict);
    assert!(insert_errors(&plan, json!({"F": "Hot"})).is_empty());
    for value in ["Warm", "Hot (shown)", "hot"] {
        let found = insert_errors(&plan, json!({ "F": value }));
        assert_eq!(found.len(), 1, "{value}");
        assert_eq!(
            found[0].details(),
            json!({"api_name": "F", "json_path": "$.data[0].F", "supported_values": ["Hot", "Cold"]}),
            "{value}"
        );
    }
}

#[test]
fn strict_multiselect_picklists_check_every_entry() {
    let field = ty("multiselectpicklist").picklist(&["Chess", "Go"]);
    accepts(&field, &[json!(["Tennis"])]);
    let plan = plan_with(
        "Leads",
        vec![field],
        Options::default().strict_picklists(true),
    );
    assert!(insert_errors(&plan, json!({"F": ["Go", "Chess"]})).is_empty());
    let found = insert_errors(&plan, json!({"F": ["Go", "Tennis"]}));
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].supported_values,
        Some(vec!["Chess".to_owned(), "Go".to_owned()])
    );
}

#[test]
fn type_errors_come_in_payload_order_with_rows_in_order() {
    let fields = vec![
        f("A", "integer"),
        f("B", "integer"),
        f("Sub", "subform").rows_of("Sub_Rows"),
        f("C", "integer"),
    ];
    let rows = vec![f("X", "integer"), f("Y", "date")];
    let plan = plan_full(
        "Leads",
        fields,
        vec![("Sub_Rows", rows)],
        None,
        Options::default(),
    );
    let check = insert(
        &plan,
        &json!({"data": [{
            "C": "c",
            "Sub": [{"Y": "nope", "X": "x"}, {"X": 1}, {"X": "x"}],
            "A": "a",
            "B": "b",
        }]}),
    );
    let rejection = check.records()[0].as_ref().unwrap_err();
    let paths: Vec<&str> = rejection
        .errors()
        .iter()
        .map(|e| e.json_path.as_deref().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "$.data[0].C",
            "$.data[0].Sub[0].Y",
            "$.data[0].Sub[0].X",
            "$.data[0].Sub[2].X",
            "$.data[0].A",
            "$.data[0].B",
        ]
    );
}

#[test]
fn copied_and_overridden_values_are_both_checked() {
    let fields = vec![
        f("Last_Name", "text").mandatory(),
        f("Phone", "phone").length(5),
        f("Score", "integer"),
    ];
    let plan = plan("Leads", fields);
    let parent = json!({"id": PARENT_ID, "Phone": "123456", "Last_Name": "L"});
    let body = json!({"data": [{"Score": "high"}]});
    let found = errors(&clone(&plan, &parent, Some(&body)));
    let details: Vec<Value> = found.iter().map(ZohoError::details).collect();
    assert_eq!(
        details,
        [
            json!({"api_name": "Phone", "json_path": "$.data[0].Phone", "maximum_length": 5}),
            json!({"api_name": "Score", "json_path": "$.data[0].Score", "expected_data_type": "integer"}),
        ]
    );
}

// ===========================================================================
// §6.4 Unique fields

fn unique_parent(email: &str) -> Value {
    json!({"id": PARENT_ID, "Last_Name": "Lovelace", "Email": email})
}

fn duplicate(api_name: &str) -> (ErrorCode, Value) {
    (
        ErrorCode::DuplicateData,
        json!({
            "api_name": api_name,
            "json_path": format!("$.data[0].{api_name}"),
            "duplicate_record": {"id": PARENT_ID, "module": {"api_name": "Leads"}},
        }),
    )
}

#[test]
fn reject_answers_duplicate_data_naming_the_parent() {
    let plan = plan("Leads", leads_fields());
    let applied = clone(&plan, &unique_parent("ada@example.com"), None);
    assert_eq!(error_list(&applied), [duplicate("Email")]);
    assert_eq!(
        rejection(&applied).to_envelope(false)["data"][0]["message"],
        json!("duplicate data")
    );
    // Another value does not collide.
    let body = json!({"data": [{"Email": "byron@example.com"}]});
    assert_eq!(
        error_list(&clone(
            &plan,
            &unique_parent("ada@example.com"),
            Some(&body)
        )),
        []
    );
}

#[test]
fn reject_names_a_custom_modules_api_name() {
    let fields = vec![f("Name", "text").mandatory(), f("Code", "text").unique()];
    let plan = plan("Projects_X", fields);
    let parent = json!({"id": PARENT_ID, "Name": "n", "Code": "P-1"});
    let found = errors(&clone(&plan, &parent, None));
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].duplicate_record,
        Some(json!({"id": PARENT_ID, "module": {"api_name": "Projects_X"}}))
    );
}

#[test]
fn clear_drops_the_value_with_its_reason() {
    let options = Options::default().unique(UniquePolicy::Clear);
    let plan = plan_with("Leads", leads_fields(), options);
    let parent = unique_parent("ada@example.com");
    let applied = clone(&plan, &parent, None);
    assert!(!payload_record(&applied).contains_key("Email"));
    assert_eq!(
        applied.report.dropped_reason("Email"),
        Some(Reason::UniqueCleared)
    );
    assert!(!applied.report.is_kept("Email"));
    assert_eq!(Reason::UniqueCleared.as_str(), "unique_cleared");
    assert_top_level_partition(&applied.report, parent.as_object().unwrap(), None);

    // The same value set again by the override is cleared too.
    let body = json!({"data": [{"Email": "ADA@example.com", "Company": "C"}]});
    let applied = clone(&plan, &parent, Some(&body));
    assert!(!payload_record(&applied).contains_key("Email"));
    assert_eq!(
        applied.report.refused_reason("Email"),
        Some(Reason::UniqueCleared)
    );
    assert_top_level_partition(
        &applied.report,
        parent.as_object().unwrap(),
        body["data"][0].as_object(),
    );
}

#[test]
fn clearing_a_mandatory_unique_field_makes_it_missing() {
    let fields = vec![
        f("Last_Name", "text").mandatory(),
        f("Code", "text").unique().mandatory(),
    ];
    let plan = plan_with(
        "Leads",
        fields,
        Options::default().unique(UniquePolicy::Clear),
    );
    let parent = json!({"id": PARENT_ID, "Last_Name": "L", "Code": "C-1"});
    let applied = clone(&plan, &parent, None);
    assert_eq!(error_list(&applied), [mandatory("Code", "$.data[0].Code")]);
    assert_eq!(
        rejection(&applied).first().rule,
        Some(Reason::UniqueCleared)
    );
}

fn suffix_plan(fields: Vec<F>) -> clone_rules::Plan {
    plan_with(
        "Leads",
        fields,
        Options::default().unique(UniquePolicy::Suffix),
    )
}

/// The value the `suffix` policy gives a parent's `Name` of `length`.
fn suffixed(name: &str, length: u64) -> Option<Value> {
    let plan = suffix_plan(vec![f("Name", "text").length(length).unique()]);
    let applied = clone(&plan, &json!({"id": PARENT_ID, "Name": name}), None);
    let record = payload_record(&applied);
    let Some(value) = record.get("Name") else {
        assert_eq!(
            applied.report.dropped_reason("Name"),
            Some(Reason::UniqueCleared)
        );
        return None;
    };
    let warnings: Vec<(&str, WarningCode)> = applied
        .report
        .warnings
        .iter()
        .map(|w| (w.path.as_str(), w.code))
        .collect();
    assert_eq!(warnings, [("Name", WarningCode::UniqueSuffixed)]);
    Some(value.clone())
}

#[test]
fn suffix_appends_copy_then_numbers_never_stacking() {
    assert_eq!(suffixed("Acme", 255), Some(json!("Acme (copy)")));
    assert_eq!(suffixed("Acme (copy)", 255), Some(json!("Acme (copy 2)")));
    assert_eq!(suffixed("Acme (copy 2)", 255), Some(json!("Acme (copy 3)")));
    assert_eq!(
        suffixed("Acme (copy 9)", 255),
        Some(json!("Acme (copy 10)"))
    );
    assert_eq!(WarningCode::UniqueSuffixed.as_str(), "unique_suffixed");
}

#[test]
fn suffix_shortens_the_base_to_fit_counting_characters() {
    assert_eq!(suffixed("Acme Corp", 10), Some(json!("Acm (copy)")));
    assert_eq!(suffixed("éééééééé", 10), Some(json!("ééé (copy)")));
    assert_eq!(
        suffixed("Acme Corp (copy)", 12),
        Some(json!("Acm (copy 2)"))
    );
    assert_eq!(suffixed("Acme", 8), Some(json!("A (copy)")));
    // Too short for any suffix: cleared.
    assert_eq!(suffixed("Acme", 7), None);
    assert_eq!(suffixed("Ac", 3), None);
}

#[test]
fn suffix_clears_types_other_than_text() {
    let plan = suffix_plan(vec![
        f("Email", "email").unique(),
        f("Notes", "textarea").unique(),
        f("Score", "integer").unique(),
    ]);
    let parent = json!({"id": PARENT_ID, "Email": "a@x.io", "Notes": "n", "Score": 5});
    let applied = clone(&plan, &parent, None);
    let record = payload_record(&applied);
    assert_eq!(record.get("Notes"), Some(&json!("n (copy)")));
    assert!(!record.contains_key("Email") && !record.contains_key("Score"));
    assert_eq!(
        applied.report.dropped_reason("Email"),
        Some(Reason::UniqueCleared)
    );
    assert_eq!(
        applied.report.dropped_reason("Score"),
        Some(Reason::UniqueCleared)
    );
    assert_top_level_partition(&applied.report, parent.as_object().unwrap(), None);
}

#[test]
fn suffix_skips_values_other_records_use() {
    let options = Options::default()
        .unique(UniquePolicy::Suffix)
        .known_unique_values("Name", vec![json!("Acme (copy)"), json!("acme (COPY 2)")]);
    let plan = plan_with("Leads", vec![f("Name", "text").unique()], options);
    let applied = clone(&plan, &json!({"id": PARENT_ID, "Name": "Acme"}), None);
    assert_eq!(payload_record(&applied)["Name"], "Acme (copy 3)");
}

#[test]
fn a_unique_value_the_clone_did_not_copy_collides_when_set_again() {
    // The parent keeps its value in Zoho whatever the clone copies.
    let options = Options::default().exclude("Email");
    let plan = plan_with("Leads", leads_fields(), options);
    let parent = unique_parent("ada@example.com");
    assert_eq!(error_list(&clone(&plan, &parent, None)), []);
    let body = json!({"data": [{"Email": "Ada@Example.com"}]});
    assert_eq!(
        error_list(&clone(&plan, &parent, Some(&body))),
        [duplicate("Email")]
    );
}

#[test]
fn unique_comparison_ignores_case_with_unicode_lowercasing() {
    let plan = plan("Leads", leads_fields());
    let body = json!({"data": [{"Email": "école@x.fr"}]});
    let applied = clone(&plan, &unique_parent("ÉCOLE@x.fr"), Some(&body));
    assert_eq!(error_list(&applied), [duplicate("Email")]);
}

#[test]
fn unique_comparison_is_exact_when_case_sensitive() {
    for key in ["case_sensitive", "casesensitive"] {
        let fields = vec![f("Code", "text").with("unique", json!({ key: true }))];
        let plan = plan("Leads", fields);
        let body = json!({"data": [{"Code": "abc"}]});
        let parent = json!({"id": PARENT_ID, "Code": "ABC"});
        assert_eq!(error_list(&clone(&plan, &parent, Some(&body))), [], "{key}");
        let same = json!({"data": [{"Code": "ABC"}]});
        assert_eq!(
            error_list(&clone(&plan, &parent, Some(&same))),
            [duplicate("Code")],
            "{key}"
        );
    }
}

#[test]
fn unique_settings_that_are_empty_or_false_are_not_unique() {
    for unique in [json!({}), json!(false), json!(null)] {
        let plan = plan(
            "Leads",
            vec![f("Code", "text").with("unique", unique.clone())],
        );
        let parent = json!({"id": PARENT_ID, "Code": "ABC"});
        assert_eq!(error_list(&clone(&plan, &parent, None)), [], "{unique}");
    }
}

#[test]
fn empty_values_never_collide() {
    let plan = plan(
        "Leads",
        vec![
            f("Code", "text").unique(),
            f("Tags", "multiselectpicklist").unique(),
        ],
    );
    for (code, tags) in [(json!(""), json!([])), (json!(null), json!(null))] {
        let parent = json!({"id": PARENT_ID, "Code": code, "Tags": tags});
        assert_eq!(error_list(&clone(&plan, &parent, None)), [], "{parent}");
    }
}

#[test]
fn known_unique_values_extend_the_check_to_other_records() {
    let options = Options::default().known_unique_values("Email", vec![json!("byron@example.com")]);
    let plan = plan_with("Leads", leads_fields(), options);
    let body = json!({"data": [{"Email": "BYRON@example.com"}]});
    let found = errors(&clone(
        &plan,
        &unique_parent("ada@example.com"),
        Some(&body),
    ));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].code, ErrorCode::DuplicateData);
    assert_eq!(found[0].api_name.as_deref(), Some("Email"));
    assert_eq!(found[0].json_path.as_deref(), Some("$.data[0].Email"));

    // The plain insert check knows no parent, only the known values.
    let found = insert_errors(
        &plan,
        json!({"Last_Name": "L", "Email": "byron@example.com"}),
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].code, ErrorCode::DuplicateData);
    assert!(insert_errors(&plan, json!({"Last_Name": "L", "Email": "ada@example.com"})).is_empty());
}

#[test]
fn unique_fields_are_checked_at_the_top_level_only() {
    let mut rows = project_fields();
    rows.push(f("Code", "text").unique());
    let plan = plan_full(
        "Leads",
        leads_with_projects(),
        vec![("Project_Details", rows)],
        None,
        Options::default(),
    );
    let mut parent = leads_parent();
    parent["Project_Details"] =
        json!([{"id": "7100000000000200001", "Project_Name": "P", "Code": "X"}]);
    let applied = clone(&plan, &parent, None);
    assert_eq!(error_list(&applied), []);
    assert_eq!(payload_record(&applied)["Project_Details"][0]["Code"], "X");
}

// ===========================================================================
// §6.5 Scope, and limits

fn scoped(module: &str, scopes: &[&str]) -> Vec<(ErrorCode, Value)> {
    let options = Options::default().scopes(scopes.iter().copied());
    let fields = vec![f("Name", "text")];
    let plan = plan_with(module, fields, options);
    error_list(&clone(&plan, &json!({"id": PARENT_ID, "Name": "n"}), None))
}

fn scope_mismatch() -> Vec<(ErrorCode, Value)> {
    vec![(ErrorCode::OauthScopeMismatch, json!({}))]
}

#[test]
fn scopes_that_allow_creating_records_pass() {
    for scope in [
        "ZohoCRM.modules.ALL",
        "zohocrm.modules.all",
        "ZohoCRM.modules.leads.ALL",
        "ZohoCRM.modules.leads.CREATE",
        "ZohoCRM.modules.leads.WRITE",
        "ZohoCRM.Modules.Leads.create",
        "ZohoCRM.users.READ,ZohoCRM.modules.leads.CREATE",
        "ZohoCRM.settings.ALL, ZohoCRM.modules.ALL",
    ] {
        assert_eq!(scoped("Leads", &[scope]), [], "{scope}");
    }
    assert_eq!(
        scoped(
            "Leads",
            &["ZohoCRM.settings.ALL", "ZohoCRM.modules.leads.ALL"]
        ),
        []
    );
    assert_eq!(
        scoped("Price_Books", &["ZohoCRM.modules.pricebooks.CREATE"]),
        []
    );
    assert_eq!(scoped("Events", &["ZohoCRM.modules.events.WRITE"]), []);
    assert_eq!(scoped("Projects_X", &["ZohoCRM.modules.custom.ALL"]), []);
    assert_eq!(scoped("Projects_X", &["ZohoCRM.modules.custom.CREATE"]), []);
}

#[test]
fn scopes_that_do_not_allow_creating_records_mismatch() {
    for scopes in [
        &["ZohoCRM.modules.leads.READ"][..],
        &["ZohoCRM.modules.leads.DELETE"],
        &["ZohoCRM.modules.contacts.ALL"],
        &["ZohoCRM.settings.ALL"],
        &["ZohoCRM.modules.READ,ZohoCRM.modules.leads.READ"],
        &[],
    ] {
        assert_eq!(scoped("Leads", scopes), scope_mismatch(), "{scopes:?}");
    }
    assert_eq!(
        scoped("Price_Books", &["ZohoCRM.modules.Price_Books.ALL"]),
        scope_mismatch()
    );
    assert_eq!(
        scoped("Projects_X", &["ZohoCRM.modules.leads.ALL"]),
        scope_mismatch()
    );
    assert_eq!(
        scoped("Projects_X", &["ZohoCRM.modules.custom.READ"]),
        scope_mismatch()
    );
}

#[test]
fn a_scope_mismatch_is_a_flat_401_that_stops_everything_else() {
    let options = Options::default()
        .scopes(["ZohoCRM.modules.leads.READ"])
        .all_errors(true);
    let plan = plan_with("Leads", leads_fields(), options);
    // A broken body and a parent full of problems: only the scope answers.
    let parent = json!({"id": PARENT_ID, "Email": "a@x.io", "Phone": 5});
    let applied = clone(&plan, &parent, Some(&json!([1])));
    let rejection = rejection(&applied);
    assert_eq!(rejection.errors().len(), 1);
    assert_eq!(rejection.http_status(), 401);
    let flat = json!({"code": "OAUTH_SCOPE_MISMATCH", "details": {}, "message": "Unauthorized",
        "status": "error"});
    assert_eq!(rejection.to_envelope(false), flat);
    assert_eq!(rejection.to_envelope(true), flat);

    let check = insert(&plan, &json!({"data": "broken"}));
    assert!(!check.is_valid());
    assert_eq!(check.request_error().unwrap().errors().len(), 1);
    assert_eq!(check.to_response(true), flat);
}

fn many_rows(count: usize) -> Value {
    Value::Array(
        (0..count)
            .map(
                |i| json!({"id": format!("71000000000003{i:05}"), "Project_Name": format!("P{i}")}),
            )
            .collect(),
    )
}

#[test]
fn a_subform_holds_at_most_a_hundred_rows() {
    let plan = plan_full(
        "Leads",
        leads_with_projects(),
        vec![("Project_Details", project_fields())],
        None,
        Options::default(),
    );
    let mut parent = leads_parent();
    parent["Project_Details"] = many_rows(100);
    assert_eq!(error_list(&clone(&plan, &parent, None)), []);

    parent["Project_Details"] = many_rows(101);
    let expected = vec![(
        ErrorCode::LimitExceeded,
        json!({"api_name": "Project_Details", "json_path": "$.data[0].Project_Details", "limit": 100}),
    )];
    let applied = clone(&plan, &parent, None);
    assert_eq!(error_list(&applied), expected);
    assert_eq!(
        rejection(&applied).to_envelope(false)["data"][0]["message"],
        "limit exceeded"
    );

    // The rows of the result count, wherever they come from.
    let rows: Vec<Value> = (0..101)
        .map(|i| json!({"Project_Name": format!("N{i}")}))
        .collect();
    let body = json!({"data": [{"Project_Details": rows}]});
    assert_eq!(
        error_list(&clone(&plan, &leads_parent(), Some(&body))),
        expected
    );
}

// ===========================================================================
// §6 order and §7 envelopes

/// A clone with one error of every phase of §6.
fn every_phase() -> clone_rules::Applied {
    let mut fields = leads_with_projects();
    fields.push(f("Alternate_Address", "subform").rows_of("Alternate_Address"));
    let plan = plan_full(
        "Leads",
        fields,
        vec![
            ("Project_Details", project_fields()),
            ("Alternate_Address", vec![f("Street", "text")]),
        ],
        None,
        Options::default().all_errors(true),
    );
    let mut parent = leads_parent();
    parent["Email"] = json!("ada@example.com");
    parent["Phone"] = json!("+44 20 7946 0958 ext. 1234567890 1234");
    parent["Project_Details"] = json!([{"id": "7100000000000200001", "Project_Name": "A"}]);
    parent["Alternate_Address"] = Value::Array(
        (0..101)
            .map(|i| json!({"Street": format!("{i} Test Street")}))
            .collect(),
    );
    let body = json!({
        "data": [{"Last_Name": null, "Project_Details": [{"id": "7100000000000299999", "Project_Name": "B"}]}],
        "trigger": ["bogus"],
    });
    clone(&plan, &parent, Some(&body))
}

#[test]
fn all_errors_come_in_the_order_of_the_phases() {
    let applied = every_phase();
    let found: Vec<(ErrorCode, Option<String>)> = errors(&applied)
        .into_iter()
        .map(|e| (e.code, e.json_path))
        .collect();
    let path = |p: &str| Some(p.to_owned());
    assert_eq!(
        found,
        [
            (ErrorCode::InvalidData, path("$.trigger[0]")),
            (
                ErrorCode::InvalidData,
                path("$.data[0].Project_Details[0].id")
            ),
            (ErrorCode::MandatoryNotFound, path("$.data[0].Last_Name")),
            (ErrorCode::InvalidData, path("$.data[0].Phone")),
            (
                ErrorCode::LimitExceeded,
                path("$.data[0].Alternate_Address")
            ),
            (ErrorCode::DuplicateData, path("$.data[0].Email")),
        ]
    );
}

#[test]
fn the_first_error_is_zohos_answer() {
    let applied = every_phase();
    let rejection = rejection(&applied);
    assert_eq!(rejection.http_status(), 400);
    assert_eq!(
        rejection.to_envelope(false),
        json!({"data": [{
            "code": "INVALID_DATA",
            "details": {"api_name": "trigger", "json_path": "$.trigger[0]", "supported_values": TRIGGERS},
            "message": "invalid data",
            "status": "error",
        }]})
    );
    assert_eq!(
        rejection.to_envelope(false),
        rejection.first().to_envelope()
    );
}

#[test]
fn all_errors_wrap_in_multiple_or_multi_errors_in_order() {
    let applied = every_phase();
    let rejection = rejection(&applied);
    let envelope = rejection.to_envelope(true);
    assert_eq!(keys(&envelope), ["data"]);
    let entries = envelope["data"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(keys(entry), ["code", "details", "message", "status"]);
    assert_eq!(entry["code"], "MULTIPLE_OR_MULTI_ERRORS");
    assert_eq!(entry["message"], "Multiple errors in the request");
    assert_eq!(entry["status"], "error");
    assert_eq!(keys(&entry["details"]), ["errors"]);
    let inner: Vec<(&str, &str)> = entry["details"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e["status"], "error");
            assert_eq!(keys(e), ["code", "details", "message", "status"]);
            (e["code"].as_str().unwrap(), e["message"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        inner,
        [
            ("INVALID_DATA", "invalid data"),
            ("INVALID_DATA", "invalid data"),
            ("MANDATORY_NOT_FOUND", "required field not found"),
            ("INVALID_DATA", "invalid data"),
            ("LIMIT_EXCEEDED", "limit exceeded"),
            ("DUPLICATE_DATA", "duplicate data"),
        ]
    );
    let wrapped: Vec<Value> = rejection.errors().iter().map(ZohoError::to_entry).collect();
    assert_eq!(entry["details"]["errors"], Value::Array(wrapped));
}

#[test]
fn a_single_error_is_answered_alone_even_when_all_are_asked_for() {
    let plan = plan("Leads", leads_fields());
    let applied = clone(&plan, &unique_parent("ada@example.com"), None);
    let rejection = rejection(&applied);
    assert_eq!(rejection.errors().len(), 1);
    let expected = json!({"data": [{
        "code": "DUPLICATE_DATA",
        "details": {"api_name": "Email", "json_path": "$.data[0].Email",
            "duplicate_record": {"id": PARENT_ID, "module": {"api_name": "Leads"}}},
        "message": "duplicate data",
        "status": "error",
    }]});
    assert_eq!(rejection.to_envelope(true), expected);
    assert_eq!(rejection.to_envelope(false), expected);
}

#[test]
fn the_success_envelope_carries_what_the_caller_knows() {
    let record = NewRecord::new(
        "7100000000000000555",
        "2024-05-10T01:10:47-07:00",
        "Test User",
        "7100000000000000900",
    );
    let user = json!({"name": "Test User", "id": "7100000000000000900"});
    assert_eq!(
        record.to_envelope(),
        json!({"data": [{
            "code": "SUCCESS",
            "details": {
                "Modified_Time": "2024-05-10T01:10:47-07:00",
                "Modified_By": user,
                "Created_Time": "2024-05-10T01:10:47-07:00",
                "id": "7100000000000000555",
                "Created_By": user,
            },
            "message": "record added",
            "status": "success",
        }]})
    );
}

// ===========================================================================
// validate_insert

fn insert_plan() -> clone_rules::Plan {
    plan("Leads", leads_fields())
}

#[test]
fn a_valid_insert_body_is_valid() {
    let check = insert(
        &insert_plan(),
        &json!({"data": [{"Last_Name": "A", "Email": "a@x.io"}, {"Last_Name": "B", "Unknown_Key": 1}],
            "trigger": ["workflow"]}),
    );
    assert!(check.is_valid());
    assert!(check.request_error().is_none());
    assert_eq!(check.records().len(), 2);
    assert!(check.records().iter().all(Result::is_ok));
}

#[test]
fn each_record_of_an_insert_is_judged_at_its_own_index() {
    let check = insert(
        &insert_plan(),
        &json!({"data": [
            {"Last_Name": "A"},
            {"Company": "No last name", "Phone": 5},
            {"Last_Name": "C"},
        ]}),
    );
    assert!(!check.is_valid());
    assert!(check.request_error().is_none());
    let records = check.records();
    assert_eq!(records.len(), 3);
    assert!(records[0].is_ok() && records[2].is_ok());
    let second: Vec<Value> = records[1]
        .as_ref()
        .unwrap_err()
        .errors()
        .iter()
        .map(ZohoError::details)
        .collect();
    assert_eq!(
        second,
        [
            json!({"api_name": "Last_Name", "json_path": "$.data[1].Last_Name"}),
            json!({"api_name": "Phone", "json_path": "$.data[1].Phone", "expected_data_type": "string"}),
        ]
    );

    let success =
        json!({"code": "SUCCESS", "details": {}, "message": "record added", "status": "success"});
    let first_error = records[1].as_ref().unwrap_err().first().to_entry();
    assert_eq!(
        check.to_response(false),
        json!({"data": [success, first_error, success]})
    );
    let all = check.to_response(true);
    assert_eq!(all["data"][1]["code"], "MULTIPLE_OR_MULTI_ERRORS");
    assert_eq!(
        all["data"][1]["details"]["errors"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(all["data"][0], success);
}

#[test]
fn an_insert_takes_at_most_a_hundred_records() {
    let record = json!({"Last_Name": "A"});
    let hundred = json!({"data": vec![record.clone(); 100]});
    assert!(insert(&insert_plan(), &hundred).is_valid());

    let check = insert(&insert_plan(), &json!({"data": vec![record; 101]}));
    assert!(!check.is_valid());
    assert!(check.records().is_empty());
    let request = check.request_error().expect("a request-level error");
    assert_eq!(request.errors().len(), 1);
    let error = request.first();
    assert_eq!(error.code, ErrorCode::LimitExceeded);
    assert_eq!(error.api_name.as_deref(), Some("data"));
    assert_eq!(error.maximum_length, Some(100));
    assert_eq!(check.to_response(false), request.to_envelope(false));
    assert_eq!(
        check.to_response(false)["data"][0]["code"],
        "LIMIT_EXCEEDED"
    );
}

#[test]
fn an_insert_record_that_is_not_an_object_is_invalid() {
    let check = insert(
        &insert_plan(),
        &json!({"data": [{"Last_Name": "A"}, "B", null]}),
    );
    assert!(check.request_error().is_none());
    let records = check.records();
    assert!(records[0].is_ok());
    for (i, record) in records.iter().enumerate().skip(1) {
        let rejection = record.as_ref().unwrap_err();
        assert_eq!(rejection.errors().len(), 1);
        assert_eq!(
            rejection.first().details(),
            json!({"json_path": format!("$.data[{i}]"), "expected_data_type": "jsonobject"})
        );
    }
}

#[test]
fn insert_bodies_have_the_shape_of_section_6_1() {
    let plan = insert_plan();
    let request = |body: Value| {
        let check = insert(&plan, &body);
        assert!(!check.is_valid());
        let errors: Vec<Value> = check
            .request_error()
            .unwrap()
            .errors()
            .iter()
            .map(ZohoError::details)
            .collect();
        errors
    };
    assert_eq!(
        request(json!([])),
        [json!({"json_path": "$", "expected_data_type": "jsonobject"})]
    );
    assert_eq!(
        request(json!({})),
        [json!({"json_path": "$.data", "expected_data_type": "jsonarray"})]
    );
    assert_eq!(
        request(json!({"data": []})),
        [json!({"json_path": "$.data"})]
    );
    assert_eq!(
        request(json!({"data": [{"Last_Name": "A"}], "lar_id": 1})),
        [json!({"json_path": "$.lar_id", "expected_data_type": "string"})]
    );
}
