//! Spec §5: the override body — replacement, refusals, subform policies and
//! the body's other keys.

mod common;

use clone_rules::{
    Applied, ErrorCode, FieldsMeta, Layouts, Options, Plan, SubformMerge, UniquePolicy,
    UnknownFields,
};
use common::*;
use serde_json::{Value, json};

fn over_meta() -> FieldsMeta {
    meta([
        field("Owner", "ownerlookup").field_read_only(),
        field("Company", "text"),
        field("Account", "lookup"),
        field("Score", "integer"),
        field("Flag", "boolean"),
        field("Tags", "multiselectpicklist"),
        field("Notes", "textarea"),
        field("Lead_Source", "picklist"),
        field("Secret", "text").read_only(),
        field("Created_Time", "datetime").api_create(false),
        field("Full_Name", "text").api_create(false),
        field("Calc", "formula"),
        field("Num", "autonumber"),
        field("Rollup", "rollup_summary"),
        field("File", "fileupload"),
        field("Photo", "imageupload"),
        field("Wizard", "bigint").json_type("string"),
        field("Ext", "text").external(),
        field("Data_Processing_Basis_Details", "consent_lookup"),
        field("Products", "multiselectlookup"),
        field("Items", "subform")
            .subform("Item_Rows")
            .api_create(false),
    ])
}

fn row_meta() -> FieldsMeta {
    meta([
        field("Name", "text"),
        field("Qty", "integer"),
        field("Locked", "text").read_only(),
        field("Calc", "formula"),
        field("Parent_Id", "lookup"),
    ])
}

fn over_plan(options: Options) -> Plan {
    Plan::builder("Leads", over_meta())
        .subform("Item_Rows", row_meta())
        .options(options)
        .compile()
        .expect("plan compiles")
}

/// Clones `parent` with the override record `data0` (wrapped in a body),
/// checking the report invariant.
fn apply(plan: &Plan, parent: &Value, data0: Value) -> Applied {
    let mut body = serde_json::Map::new();
    body.insert("data".to_owned(), Value::Array(vec![data0]));
    let body = Value::Object(body);
    let applied = clone(plan, parent, Some(&body));
    assert_report_partition(parent, Some(&body["data"][0]), &applied.report);
    applied
}

#[test]
fn a_value_replaces_the_parent_value_wholesale() {
    let parent = json!({
        "Account": {"id": "1", "name": "Old Co"},
        "Tags": ["a", "b"],
        "Products": [{"Products": {"id": "7", "name": "Widget"}, "id": "71"}],
    });
    let applied = apply(
        &over_plan(Options::default()),
        &parent,
        json!({"Account": {"id": "2"}, "Tags": ["c"], "Products": [{"Products": {"id": "8"}}]}),
    );
    let record = cloned_record(&applied);
    assert_eq!(record["Account"], json!({"id": "2"}));
    assert_eq!(record["Tags"], json!(["c"]));
    assert_eq!(record["Products"], json!([{"Products": {"id": "8"}}]));
    for key in ["Account", "Tags", "Products"] {
        assert!(applied.report.is_overridden(key), "{key}");
        assert!(!applied.report.is_kept(key), "{key}");
    }
}

#[test]
fn null_zero_false_empty_string_and_empty_list_are_values() {
    let parent = json!({
        "Company": "Acme", "Score": 5, "Flag": true, "Notes": "n", "Tags": ["a"],
        "Account": {"id": "1"},
    });
    let over = json!({
        "Company": "", "Score": 0, "Flag": false, "Notes": "", "Tags": [], "Account": null,
    });
    let applied = apply(&over_plan(Options::default()), &parent, over.clone());
    assert_eq!(cloned_record(&applied), obj(&over));
    assert_eq!(applied.report.overridden.len(), 6);
}

#[test]
fn a_replaced_key_keeps_its_position_and_new_keys_follow_in_body_order() {
    let parent = json!({"id": "1", "Company": "Acme", "Account": {"id": "1"}, "Score": 5,
        "Notes": "old"});
    let over = json!({"Notes": "new", "Lead_Source": "Web", "Company": "B", "Flag": true});
    let applied = apply(&over_plan(Options::default()), &parent, over);
    let record = cloned_record(&applied);
    assert_eq!(
        keys(record),
        [
            "Company",
            "Account",
            "Score",
            "Notes",
            "Lead_Source",
            "Flag"
        ]
    );
    assert_eq!(record["Company"], json!("B"));
    assert_eq!(record["Notes"], json!("new"));
    assert!(applied.report.is_kept("Score"));
}

#[test]
fn every_refusal_reason() {
    let parent = json!({"Company": "Acme"});
    let over = json!({
        "id": "7100000000000100099",
        "$foo": 1,
        "New_Unknown": 1,
        "Secret": "s",
        "Created_Time": "2024-01-01T00:00:00+00:00",
        "Full_Name": "x",
        "Calc": 1.5,
        "Num": "N-2",
        "Rollup": 3,
        "Company": "ok",
    });
    let applied = apply(&over_plan(Options::default()), &parent, over);
    let report = &applied.report;
    for (key, reason) in [
        ("id", "record_id"),
        ("$foo", "dollar_key"),
        ("New_Unknown", "not_in_metadata"),
        ("Secret", "read_only"),
        ("Created_Time", "not_creatable"),
        ("Full_Name", "not_creatable"),
        ("Calc", "field_type"),
        ("Num", "field_type"),
        ("Rollup", "field_type"),
    ] {
        assert_eq!(refused(report, key), Some(reason), "{key}");
        assert!(!report.is_overridden(key), "{key}");
    }
    assert_eq!(cloned_record(&applied), obj(&json!({"Company": "ok"})));
}

#[test]
fn field_type_refuses_computed_types_even_when_not_read_only() {
    let fields = meta([
        field("Calc", "formula").read_only(),
        field("Num", "autonumber").read_only(),
    ]);
    let applied = apply(
        &plan("Leads", fields),
        &json!({}),
        json!({"Calc": 1.5, "Num": "N"}),
    );
    assert_eq!(refused(&applied.report, "Calc"), Some("field_type"));
    assert_eq!(refused(&applied.report, "Num"), Some("field_type"));
}

#[test]
fn a_refused_override_does_not_bring_back_the_parent_value() {
    let parent = json!({"Secret": "parent", "Created_Time": "2024-01-01T00:00:00+00:00"});
    let over = json!({"Secret": "override", "Created_Time": "2025-01-01T00:00:00+00:00"});
    let applied = apply(&over_plan(Options::default()), &parent, over);
    assert_eq!(dropped(&applied.report, "Secret"), Some("read_only"));
    assert_eq!(refused(&applied.report, "Secret"), Some("read_only"));
    assert_eq!(
        dropped(&applied.report, "Created_Time"),
        Some("not_creatable")
    );
    assert_eq!(
        refused(&applied.report, "Created_Time"),
        Some("not_creatable")
    );
    assert!(cloned_record(&applied).is_empty());
}

#[test]
fn nested_dollar_keys_of_an_accepted_override_are_refused_and_the_value_kept() {
    let parent = json!({"Owner": {"id": "1", "name": "Old"}});
    let over = json!({
        "Owner": {"id": "123", "$bar": true},
        "Account": {"id": "5", "inner": {"$deep": 1, "ok": "$fine"}},
    });
    let applied = apply(&over_plan(Options::default()), &parent, over);
    let report = &applied.report;
    assert_eq!(refused(report, "Owner.$bar"), Some("dollar_key"));
    assert_eq!(refused(report, "Account.inner.$deep"), Some("dollar_key"));
    assert!(report.is_overridden("Owner") && report.is_overridden("Account"));
    assert_eq!(refused(report, "Owner"), None);
    let record = cloned_record(&applied);
    assert_eq!(record["Owner"], json!({"id": "123"}));
    assert_eq!(
        record["Account"],
        json!({"id": "5", "inner": {"ok": "$fine"}})
    );
}

#[test]
fn unknown_fields_keep_accepts_keys_without_metadata() {
    let options = Options::default().unknown_fields(UnknownFields::Keep);
    let applied = apply(
        &over_plan(options),
        &json!({}),
        json!({"New_Unknown": 1, "$x": 2}),
    );
    assert!(applied.report.is_overridden("New_Unknown"));
    assert_eq!(refused(&applied.report, "$x"), Some("dollar_key"));
    assert_eq!(cloned_record(&applied), obj(&json!({"New_Unknown": 1})));
}

#[test]
fn copy_only_rules_do_not_refuse_an_override() {
    let parent = json!({
        "File": [{"File_Id__s": "f1", "id": "1"}],
        "Photo": [{"File_Id__s": "f2"}],
        "Wizard": "710000000000090001",
        "Ext": "external value",
        "Data_Processing_Basis_Details": {"id": "1"},
        "Lead_Source": "Web",
    });
    let over = json!({
        "File": [{"File_Id__s": "f9"}],
        "Photo": [{"File_Id__s": "f8"}],
        "Wizard": "710000000000090002",
        "Ext": "set by caller",
        "Data_Processing_Basis_Details": {"id": "2"},
        "Lead_Source": "Partner",
    });
    let options = Options::default().gdpr(true).exclude("Lead_Source");
    let applied = apply(&over_plan(options), &parent, over.clone());
    for key in obj(&over).keys() {
        assert!(applied.report.is_overridden(key), "{key} is overridden");
        assert_eq!(mentions(&applied.report, key), 1, "{key} is reported once");
        assert_eq!(cloned_record(&applied)[key], over[key], "{key}");
    }
}

#[test]
fn copy_only_rules_do_not_refuse_keys_the_parent_lacks() {
    let over = json!({"File": [{"File_Id__s": "f9"}], "Wizard": "1", "Ext": "x"});
    let applied = apply(&over_plan(Options::default()), &json!({}), over.clone());
    assert_eq!(cloned_record(&applied), obj(&over));
    assert_eq!(applied.report.overridden.len(), 3);
}

#[test]
fn module_rules_do_not_refuse_an_override() {
    let fields = meta([
        field("Event_Title", "text"),
        field("Remind_At", "multireminder"),
        field("Recurring_Activity", "RRULE").json_type("jsonobject"),
    ]);
    let parent = json!({"Event_Title": "Review", "Remind_At": [{"unit": 1, "period": "days"}]});
    let over = json!({"Remind_At": [{"unit": 15, "period": "minutes"}],
        "Recurring_Activity": {"RRULE": "FREQ=DAILY;INTERVAL=1"}});
    let applied = apply(&plan("Events", fields), &parent, over.clone());
    for key in ["Remind_At", "Recurring_Activity"] {
        assert!(applied.report.is_overridden(key), "{key}");
        assert_eq!(mentions(&applied.report, key), 1, "{key}");
        assert_eq!(cloned_record(&applied)[key], over[key]);
    }

    let fields = meta([
        field("Status", "picklist"),
        field("Description", "textarea"),
    ]);
    let parent = json!({"Status": "Not in Use", "Description": "d"});
    let applied = apply(
        &plan("Services__s", fields),
        &parent,
        json!({"Status": "Active"}),
    );
    assert!(applied.report.is_overridden("Status"));
    assert_eq!(mentions(&applied.report, "Status"), 1);
    assert_eq!(cloned_record(&applied)["Status"], json!("Active"));
}

#[test]
fn the_section_filter_does_not_refuse_an_override() {
    let fields = meta([field("Appointment_Name", "text"), field("Date_1", "date")]);
    let layouts = Layouts::from_json(&json!({"layouts": [{"id": "1", "sections": [
        {"api_name": "Appointment_Information", "fields": [{"api_name": "Appointment_Name"}]}
    ]}]}))
    .unwrap();
    let plan = Plan::builder("Appointments__s", fields)
        .layouts(layouts)
        .compile()
        .unwrap();
    let parent = json!({"Appointment_Name": "A", "Date_1": "2025-01-01"});
    let applied = apply(&plan, &parent, json!({"Date_1": "2025-02-02"}));
    assert!(applied.report.is_overridden("Date_1"));
    assert_eq!(mentions(&applied.report, "Date_1"), 1);
    assert_eq!(cloned_record(&applied)["Date_1"], json!("2025-02-02"));
}

#[test]
fn overriding_a_linking_list_gives_no_link_ids_to_the_payload() {
    let plan = over_plan(Options::default());
    let over = json!({"Products": [{"Products": {"id": "8"}, "id": "999"}]});
    let applied = apply(&plan, &json!({}), over);
    assert_eq!(
        cloned_record(&applied)["Products"],
        json!([{"Products": {"id": "8"}}])
    );
    assert_no_dollar_or_id(payload(&applied), &plan);
}

// ---------------------------------------------------------------------------
// Subforms: policy `replace`

fn parent_rows() -> Value {
    json!({
        "id": "7100000000000100001",
        "Company": "Acme",
        "Items": [
            {"id": "r1", "Name": "A", "Qty": 1, "Parent_Id": {"id": "7100000000000100001"}},
            {"id": "r2", "Qty": 2, "Name": "B", "Locked": "l", "$approval": {}},
            {"id": "r3", "Name": "C", "Qty": 3},
        ],
    })
}

#[test]
fn replace_takes_exactly_the_override_rows() {
    let plan = over_plan(Options::default());
    let over = json!({"Items": [
        {"Name": "B2", "id": "r2", "Qty": 20, "$x": 1, "Locked": "try", "Parent_Id": {"id": "p"},
         "Mystery": "m", "Calc": 2.5},
        {"Name": "New", "Qty": 7},
    ]});
    let applied = apply(&plan, &parent_rows(), over);
    let record = cloned_record(&applied);
    assert_eq!(
        record["Items"],
        json!([{"Qty": 20, "Name": "B2"}, {"Name": "New", "Qty": 7}])
    );
    // A replaced row key keeps the parent row's position.
    assert_eq!(keys(obj(&record["Items"][0])), ["Qty", "Name"]);

    let report = &applied.report;
    assert!(report.is_overridden("Items"));
    assert_eq!(dropped(report, "Items[0]"), Some("replaced_by_override"));
    assert_eq!(dropped(report, "Items[2]"), Some("replaced_by_override"));
    assert_eq!(dropped(report, "Items[1]"), None, "row r2 is taken up");
    // Parent row r2's keys at its parent index.
    assert_eq!(dropped(report, "Items[1].id"), Some("record_id"));
    assert_eq!(dropped(report, "Items[1].Locked"), Some("read_only"));
    assert_eq!(dropped(report, "Items[1].$approval"), Some("dollar_key"));
    // Override keys at the payload index.
    for path in [
        "Items[0].Qty",
        "Items[0].Name",
        "Items[1].Name",
        "Items[1].Qty",
    ] {
        assert!(report.is_overridden(path), "{path}");
    }
    for (path, reason) in [
        ("Items[0].id", "record_id"),
        ("Items[0].$x", "dollar_key"),
        ("Items[0].Locked", "read_only"),
        ("Items[0].Parent_Id", "parent_link"),
        ("Items[0].Mystery", "not_in_metadata"),
        ("Items[0].Calc", "field_type"),
    ] {
        assert_eq!(refused(report, path), Some(reason), "{path}");
    }
    assert_no_dollar_or_id(payload(&applied), &plan);
}

#[test]
fn replace_starts_a_matched_row_from_the_parent_rows_cloned_values() {
    let plan = over_plan(Options::default());
    let applied = apply(
        &plan,
        &parent_rows(),
        json!({"Items": [{"id": "r3"}, {"id": "r1"}]}),
    );
    assert_eq!(
        cloned_record(&applied)["Items"],
        json!([{"Name": "C", "Qty": 3}, {"Name": "A", "Qty": 1}])
    );
    let report = &applied.report;
    assert!(report.is_kept("Items[2].Name") && report.is_kept("Items[0].Qty"));
    assert_eq!(dropped(report, "Items[0].Parent_Id"), Some("parent_link"));
    assert_eq!(dropped(report, "Items[1]"), Some("replaced_by_override"));
}

#[test]
fn replace_with_an_unmatched_id_is_invalid_data_at_that_id() {
    let plan = over_plan(Options::default());
    let data0 = json!({"Items": [{"Name": "x"}, {"id": "nope", "Name": "y"}]});
    let applied = apply(&plan, &parent_rows(), data0);
    let rejection = applied.result.as_ref().expect_err("unmatched id");
    let error = rejection.first();
    assert_eq!(error.code, ErrorCode::InvalidData);
    assert_eq!(error.json_path.as_deref(), Some("$.data[0].Items[1].id"));
    assert_eq!(
        rejection.to_envelope(false)["data"][0]["code"],
        json!("INVALID_DATA")
    );
}

#[test]
fn replace_with_an_empty_list_or_null_gives_no_rows() {
    for value in [json!([]), Value::Null] {
        let applied = apply(
            &over_plan(Options::default()),
            &parent_rows(),
            json!({"Items": value}),
        );
        assert_eq!(cloned_record(&applied)["Items"], json!([]), "{value}");
        for i in 0..3 {
            let path = format!("Items[{i}]");
            assert_eq!(
                dropped(&applied.report, &path),
                Some("replaced_by_override"),
                "{value} {path}"
            );
        }
    }
}

#[test]
fn a_subform_override_when_the_parent_has_none() {
    let parent = json!({"Company": "Acme"});
    let over = json!({"Items": [{"Name": "first"}, {"Name": "second", "Qty": 2}]});
    let applied = apply(&over_plan(Options::default()), &parent, over);
    assert_eq!(
        cloned_record(&applied)["Items"],
        json!([{"Name": "first"}, {"Name": "second", "Qty": 2}])
    );
    assert_eq!(keys(cloned_record(&applied)), ["Company", "Items"]);
}

// ---------------------------------------------------------------------------
// Subforms: policy `update`

fn update_plan() -> Plan {
    over_plan(Options::default().subform_merge(SubformMerge::Update))
}

#[test]
fn update_merges_deletes_and_appends() {
    let over = json!({"Items": [
        {"id": "r1", "Qty": 10},
        {"id": "r2", "_delete": true},
        {"Name": "D", "Qty": 4},
    ]});
    let applied = apply(&update_plan(), &parent_rows(), over);
    assert_eq!(
        cloned_record(&applied)["Items"],
        json!([{"Name": "A", "Qty": 10}, {"Name": "C", "Qty": 3}, {"Name": "D", "Qty": 4}])
    );
    let report = &applied.report;
    assert_eq!(dropped(report, "Items[1]"), Some("deleted_by_override"));
    assert!(report.is_kept("Items[0].Name"));
    assert!(report.is_overridden("Items[0].Qty"));
    // Parent row 2 keeps its parent index; the appended row is row 2 of the payload.
    assert!(report.is_kept("Items[2].Name"));
    assert!(report.is_overridden("Items[2].Name"));
    assert_eq!(refused(report, "Items[0].id"), Some("record_id"));
}

#[test]
fn update_with_an_unmatched_id_is_invalid_data() {
    let over = json!({"Items": [{"id": "nope", "Qty": 1}]});
    let applied = apply(&update_plan(), &parent_rows(), over);
    let rejection = applied.result.as_ref().expect_err("unmatched id");
    assert_eq!(rejection.first().code, ErrorCode::InvalidData);
    assert_eq!(
        rejection.first().json_path.as_deref(),
        Some("$.data[0].Items[0].id")
    );
}

#[test]
fn update_with_an_empty_list_or_null_removes_every_row() {
    for value in [json!([]), Value::Null] {
        let applied = apply(&update_plan(), &parent_rows(), json!({"Items": value}));
        assert_eq!(cloned_record(&applied)["Items"], json!([]), "{value}");
        for i in 0..3 {
            let path = format!("Items[{i}]");
            assert!(
                dropped(&applied.report, &path).is_some(),
                "{value}: {path} is dropped"
            );
        }
    }
}

#[test]
fn update_with_the_fixture_body() {
    let parent = fixture_record("Leads.with-subforms");
    let body = fixture_body("Leads.subform-update");
    let plan = Plan::builder("Leads", fixture_fields("Leads"))
        .subform("Project_Details", fixture_fields("Project_Details"))
        .subform("Alternate_Address", fixture_fields("Alternate_Address"))
        .options(
            Options::default()
                .subform_merge(SubformMerge::Update)
                .unique(UniquePolicy::Clear),
        )
        .compile()
        .unwrap();
    let applied = clone(&plan, &parent, Some(&body));
    assert_report_partition(&parent, Some(&body["data"][0]), &applied.report);
    let payload = payload(&applied);
    let record = obj(&payload["data"][0]);
    assert_eq!(
        record["Project_Details"],
        json!([
            {"Project_Name": "Difference Engine rebuild (phase 2)", "Start_Date": "2024-07-01",
             "Budget": 15000},
            {"Project_Name": "Appended project row", "Start_Date": "2025-04-01", "Budget": 1200},
        ])
    );
    assert_eq!(
        record["Alternate_Address"],
        json!([{"Street": "12 Fixture Lane", "City": "Marylebone", "Zip": "NW1 6XF"}])
    );
    assert_eq!(
        dropped(&applied.report, "Project_Details[1]"),
        Some("deleted_by_override")
    );
    assert_eq!(payload["trigger"], json!(["workflow", "approval"]));
    assert_no_dollar_or_id(payload, &plan);
}

// ---------------------------------------------------------------------------
// Subforms: both policies

#[test]
fn an_override_row_that_is_not_an_object_is_invalid_data() {
    for policy in [SubformMerge::Replace, SubformMerge::Update] {
        let plan = over_plan(Options::default().subform_merge(policy));
        let applied = apply(
            &plan,
            &parent_rows(),
            json!({"Items": [{"Name": "ok"}, "row"]}),
        );
        let rejection = applied
            .result
            .as_ref()
            .expect_err("a row that is no object");
        let error = rejection.first();
        assert_eq!(error.code, ErrorCode::InvalidData, "{policy:?}");
        assert_eq!(
            error.json_path.as_deref(),
            Some("$.data[0].Items[1]"),
            "{policy:?}"
        );
        assert_eq!(
            error.expected_data_type.as_deref(),
            Some("jsonobject"),
            "{policy:?}"
        );
    }
}

#[test]
fn override_rows_without_subform_metadata_refuse_only_ids_parent_links_and_dollar_keys() {
    let plan = plan("Leads", over_meta());
    let over = json!({"Items": [{
        "id": "r1", "Parent_Id": {"id": "p"}, "$x": 1, "Anything": "goes", "Locked": "too",
    }]});
    let applied = apply(&plan, &parent_rows(), over);
    let report = &applied.report;
    assert_eq!(refused(report, "Items[0].id"), Some("record_id"));
    assert_eq!(refused(report, "Items[0].Parent_Id"), Some("parent_link"));
    assert_eq!(refused(report, "Items[0].$x"), Some("dollar_key"));
    assert!(report.is_overridden("Items[0].Anything"));
    assert!(report.is_overridden("Items[0].Locked"));
    assert_eq!(
        cloned_record(&applied)["Items"],
        json!([{"Name": "A", "Qty": 1, "Anything": "goes", "Locked": "too"}])
    );
    assert_eq!(warnings_at(report, "Items"), ["subform_metadata_missing"]);
}

// ---------------------------------------------------------------------------
// The body's other keys

#[test]
fn accepted_body_keys_pass_through_after_data_and_unknown_ones_are_left_out() {
    let body = json!({
        "trigger": ["workflow"],
        "foo": 1,
        "data": [{"Company": "B"}],
        "lar_id": "7100000000000000777",
        "apply_feature_execution": [{"name": "layout_rules"}],
        "skip_feature_execution": [{"name": "cadences"}],
        "bar": {"x": 1},
    });
    let applied = clone(
        &over_plan(Options::default()),
        &json!({"Company": "A"}),
        Some(&body),
    );
    let payload = obj(payload(&applied));
    assert_eq!(
        keys(payload),
        [
            "data",
            "trigger",
            "lar_id",
            "apply_feature_execution",
            "skip_feature_execution"
        ]
    );
    for key in [
        "trigger",
        "lar_id",
        "apply_feature_execution",
        "skip_feature_execution",
    ] {
        assert_eq!(payload[key], body[key], "{key}");
    }
    assert_eq!(warnings_at(&applied.report, "foo"), ["unknown_body_key"]);
    assert_eq!(warnings_at(&applied.report, "bar"), ["unknown_body_key"]);
    assert_eq!(applied.report.warnings.len(), 2);
}

#[test]
fn an_empty_override_record_changes_nothing() {
    let plan = over_plan(Options::default());
    let parent = parent_rows();
    let without = clone(&plan, &parent, None);
    let with = apply(&plan, &parent, json!({}));
    assert_eq!(with.result, without.result);
    assert_eq!(with.report, without.report);
}

#[test]
fn dollar_keys_nested_in_override_rows_are_refused_at_their_path() {
    let fields_with_ref = Plan::builder("Leads", over_meta())
        .subform(
            "Item_Rows",
            meta([field("Name", "text"), field("Ref", "lookup")]),
        )
        .compile()
        .unwrap();
    let over = json!({"Items": [{"Name": "A", "Ref": {"id": "1", "$x": true}}]});
    let applied = apply(&fields_with_ref, &json!({}), over);
    assert_eq!(
        refused(&applied.report, "Items[0].Ref.$x"),
        Some("dollar_key")
    );
    assert_eq!(
        cloned_record(&applied)["Items"],
        json!([{"Name": "A", "Ref": {"id": "1"}}])
    );
}

#[test]
fn without_a_body_the_payload_is_just_the_cloned_record() {
    let parent = json!({"id": "1", "Company": "A", "Score": 3});
    let applied = clone(&over_plan(Options::default()), &parent, None);
    assert_eq!(
        payload(&applied),
        &json!({"data": [{"Company": "A", "Score": 3}]})
    );
    assert!(applied.report.overridden.is_empty() && applied.report.refused.is_empty());
}

#[test]
fn the_leads_fixture_override() {
    let parent = fixture_record("Leads.with-subforms");
    let body = fixture_body("Leads.override");
    let plan = Plan::builder("Leads", fixture_fields("Leads"))
        .subform("Project_Details", fixture_fields("Project_Details"))
        .subform("Alternate_Address", fixture_fields("Alternate_Address"))
        .options(Options::default().unique(UniquePolicy::Clear))
        .compile()
        .unwrap();
    let applied = clone(&plan, &parent, Some(&body));
    assert_report_partition(&parent, Some(&body["data"][0]), &applied.report);
    let report = &applied.report;
    let payload = payload(&applied);
    let record = obj(&payload["data"][0]);

    assert_eq!(record["Last_Name"], json!("Clone"));
    assert_eq!(record["Email"], Value::Null);
    assert_eq!(record["No_of_Employees"], json!(0));
    assert_eq!(record["Email_Opt_Out"], json!(false));
    assert_eq!(record["Owner"], json!({"id": "123"}));
    for key in [
        "Last_Name",
        "Email",
        "No_of_Employees",
        "Email_Opt_Out",
        "Owner",
        "Project_Details",
    ] {
        assert!(report.is_overridden(key), "{key}");
    }
    assert_eq!(refused(report, "Full_Name"), Some("not_creatable"));
    assert_eq!(refused(report, "$foo"), Some("dollar_key"));
    assert_eq!(refused(report, "Owner.$bar"), Some("dollar_key"));
    assert_eq!(refused(report, "New_Unknown"), Some("not_in_metadata"));
    assert_eq!(
        refused(report, "Project_Details[0].$approval"),
        Some("dollar_key")
    );
    assert_eq!(refused(report, "Project_Details[0].id"), Some("record_id"));
    for key in ["Full_Name", "$foo", "New_Unknown"] {
        assert!(!record.contains_key(key), "{key}");
    }

    // Row 0 takes up parent row 1 (…200002); row 1 is new.
    assert_eq!(
        record["Project_Details"],
        json!([
            {"Project_Name": "Note G translation", "Start_Date": "2024-09-15", "Budget": 9999.5},
            {"Project_Name": "Brand-new project row", "Start_Date": "2025-03-01"},
        ])
    );
    assert_eq!(
        dropped(report, "Project_Details[0]"),
        Some("replaced_by_override")
    );
    assert!(report.is_kept("Project_Details[1].Project_Name"));
    assert!(report.is_overridden("Project_Details[0].Budget"));
    // Alternate_Address is not in the override: copied as it was.
    assert_eq!(
        record["Alternate_Address"],
        json!([{"Street": "12 Fixture Lane", "City": "Marylebone", "Zip": "NW1 6XE"}])
    );
    assert_eq!(payload["trigger"], json!(["workflow"]));
    assert_eq!(keys(obj(payload)), ["data", "trigger"]);
    assert_no_dollar_or_id(payload, &plan);
}

#[test]
fn an_unmatched_row_id_comes_before_later_validation_errors() {
    let fields = meta([
        field("Last_Name", "text").mandatory(),
        field("Items", "subform").subform("Item_Rows"),
    ]);
    let plan = Plan::builder("Leads", fields)
        .subform("Item_Rows", row_meta())
        .options(Options::default().all_errors(true))
        .compile()
        .unwrap();
    let parent = json!({"Last_Name": "L", "Items": [{"id": "r1", "Name": "A"}]});
    let applied = apply(
        &plan,
        &parent,
        json!({"Last_Name": null, "Items": [{"id": "nope"}]}),
    );
    let rejection = applied.result.as_ref().expect_err("two errors");
    let codes: Vec<ErrorCode> = rejection.errors().iter().map(|e| e.code).collect();
    assert_eq!(
        codes,
        [ErrorCode::InvalidData, ErrorCode::MandatoryNotFound]
    );
    assert_eq!(
        rejection.first().json_path.as_deref(),
        Some("$.data[0].Items[0].id")
    );
}
