//! Spec §8: the report accounts for every key of the parent and of the
//! override, alongside the payload and alongside errors.

mod common;

use std::collections::BTreeSet;

use clone_rules::{ErrorCode, Options, Plan, Reason, SubformMerge, UniquePolicy};
use common::*;
use serde_json::{Value, json};

fn leads_plan(options: Options) -> Plan {
    Plan::builder("Leads", fixture_fields("Leads"))
        .subform("Project_Details", fixture_fields("Project_Details"))
        .subform("Alternate_Address", fixture_fields("Alternate_Address"))
        .options(options)
        .compile()
        .expect("Leads compile")
}

fn contacts_plan() -> Plan {
    Plan::builder("Contacts", fixture_fields("Contacts"))
        .subform("Languages", fixture_fields("Languages"))
        .options(Options::default().unique(UniquePolicy::Clear))
        .compile()
        .expect("Contacts compile")
}

#[test]
fn the_report_json_has_exactly_the_spec_keys() {
    let parent = fixture_record("Leads.with-subforms");
    let body = fixture_body("Leads.override");
    let applied = clone(&leads_plan(Options::default()), &parent, Some(&body));
    let json = applied.report.to_json();
    let object = obj(&json);
    let found: BTreeSet<&str> = object.keys().map(String::as_str).collect();
    let expected: BTreeSet<&str> = [
        "module",
        "source_id",
        "kept",
        "dropped",
        "overridden",
        "refused",
        "warnings",
    ]
    .into_iter()
    .collect();
    assert_eq!(found, expected);
    assert_eq!(json["module"], json!("Leads"));
    assert_eq!(json["source_id"], json!("7100000000000100001"));
    for list in ["kept", "overridden"] {
        assert!(
            json[list].as_array().unwrap().iter().all(Value::is_string),
            "{list} holds path strings"
        );
    }
    for list in ["dropped", "refused"] {
        for entry in json[list].as_array().unwrap() {
            let keys: BTreeSet<&str> = obj(entry).keys().map(String::as_str).collect();
            assert_eq!(keys, BTreeSet::from(["path", "reason"]), "{list}: {entry}");
        }
    }
}

#[test]
fn reason_and_warning_codes_are_spelled_as_the_spec_spells_them() {
    let parent = fixture_record("Leads.with-subforms");
    let body = fixture_body("Leads.override");
    // No Alternate_Address metadata: a warning too.
    let plan = Plan::builder("Leads", fixture_fields("Leads"))
        .subform("Project_Details", fixture_fields("Project_Details"))
        .compile()
        .unwrap();
    let applied = clone(&plan, &parent, Some(&body));
    let json = applied.report.to_json();
    for (entry, reason) in json["dropped"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&applied.report.dropped)
    {
        assert_eq!(entry["reason"], json!(reason.reason.as_str()));
        assert_eq!(entry["path"], json!(reason.path));
    }
    assert!(
        json["dropped"]
            .as_array()
            .unwrap()
            .contains(&json!({"path": "Created_Time", "reason": "not_creatable"}))
    );
    assert!(
        json["dropped"]
            .as_array()
            .unwrap()
            .contains(&json!({"path": "Project_Details[1].Parent_Id", "reason": "parent_link"}))
    );
    assert!(
        json["refused"]
            .as_array()
            .unwrap()
            .contains(&json!({"path": "Full_Name", "reason": "not_creatable"}))
    );
    assert_eq!(
        json["warnings"],
        json!([{"path": "Alternate_Address", "code": "subform_metadata_missing"}])
    );
    assert!(
        json["overridden"]
            .as_array()
            .unwrap()
            .contains(&json!("Last_Name"))
    );
}

#[test]
fn every_reason_code_is_snake_case_in_json() {
    for (reason, code) in [
        (Reason::RecordId, "record_id"),
        (Reason::ParentLink, "parent_link"),
        (Reason::DollarKey, "dollar_key"),
        (Reason::NotInMetadata, "not_in_metadata"),
        (Reason::FieldType, "field_type"),
        (Reason::SystemField, "system_field"),
        (Reason::ReadOnly, "read_only"),
        (Reason::External, "external"),
        (Reason::NotCreatable, "not_creatable"),
        (Reason::ModuleRule, "module_rule"),
        (Reason::OutsideSection, "outside_section"),
        (Reason::CustomRule, "custom_rule"),
        (Reason::InvalidRow, "invalid_row"),
        (Reason::ReplacedByOverride, "replaced_by_override"),
        (Reason::DeletedByOverride, "deleted_by_override"),
        (Reason::UniqueCleared, "unique_cleared"),
    ] {
        assert_eq!(reason.as_str(), code);
        assert_eq!(serde_json::to_value(reason).unwrap(), json!(code));
    }
}

#[test]
fn partition_on_the_leads_fixture_without_override() {
    let parent = fixture_record("Leads.with-subforms");
    let applied = clone(&leads_plan(Options::default()), &parent, None);
    assert_report_partition(&parent, None, &applied.report);
    assert!(applied.report.overridden.is_empty());
    assert!(applied.report.refused.is_empty());
}

#[test]
fn partition_on_the_leads_fixture_with_override() {
    let parent = fixture_record("Leads.with-subforms");
    let body = fixture_body("Leads.override");
    for unique in [
        UniquePolicy::Reject,
        UniquePolicy::Clear,
        UniquePolicy::Suffix,
    ] {
        let applied = clone(
            &leads_plan(Options::default().unique(unique)),
            &parent,
            Some(&body),
        );
        assert_report_partition(&parent, Some(&body["data"][0]), &applied.report);
    }
}

#[test]
fn partition_on_the_leads_fixture_with_the_update_body() {
    let parent = fixture_record("Leads.with-subforms");
    let body = fixture_body("Leads.subform-update");
    let options = Options::default().subform_merge(SubformMerge::Update);
    let applied = clone(&leads_plan(options), &parent, Some(&body));
    assert_report_partition(&parent, Some(&body["data"][0]), &applied.report);
}

#[test]
fn a_unique_value_cleared_is_reported_once_as_dropped() {
    let parent = fixture_record("Leads.with-subforms");
    let applied = clone(
        &leads_plan(Options::default().unique(UniquePolicy::Clear)),
        &parent,
        None,
    );
    assert_report_partition(&parent, None, &applied.report);
    assert_eq!(dropped(&applied.report, "Phone"), Some("unique_cleared"));
    assert_eq!(mentions(&applied.report, "Phone"), 1);
    assert!(!cloned_record(&applied).contains_key("Phone"));
}

#[test]
fn partition_on_contacts_with_languages() {
    let parent = fixture_record("Contacts");
    let applied = clone(&contacts_plan(), &parent, None);
    assert_report_partition(&parent, None, &applied.report);
    let report = &applied.report;
    assert!(report.is_kept("Languages"));
    for i in 0..2 {
        assert!(report.is_kept(&format!("Languages[{i}].Languages_Known")));
        assert!(report.is_kept(&format!("Languages[{i}].Proficiency")));
        assert_eq!(
            dropped(report, &format!("Languages[{i}].Parent_Id")),
            Some("parent_link")
        );
        assert_eq!(
            dropped(report, &format!("Languages[{i}].id")),
            Some("record_id")
        );
        assert_eq!(
            dropped(report, &format!("Languages[{i}].$approved")),
            Some("dollar_key")
        );
    }
    assert_eq!(dropped(report, "Contact_Auto_Number"), Some("field_type"));
    assert_eq!(dropped(report, "Territories"), Some("read_only"));
    assert_eq!(
        cloned_record(&applied)["Languages"],
        json!([
            {"Proficiency": "Native", "Languages_Known": "English"},
            {"Proficiency": "Professional", "Languages_Known": "German"},
        ])
    );
}

#[test]
fn partition_on_contacts_with_a_languages_override() {
    let parent = fixture_record("Contacts");
    let over = json!({
        "Languages": [
            {"id": "7100000000001200002", "Proficiency": "Native"},
            {"Languages_Known": "French", "Proficiency": "Beginner", "$x": 1},
        ],
        "Title": "Commodore",
        "Contact_Auto_Number": "CT-1",
    });
    let body = json!({"data": [over.clone()]});
    let applied = clone(&contacts_plan(), &parent, Some(&body));
    assert_report_partition(&parent, Some(&over), &applied.report);
    assert_eq!(
        refused(&applied.report, "Contact_Auto_Number"),
        Some("field_type")
    );
    assert_eq!(
        dropped(&applied.report, "Languages[0]"),
        Some("replaced_by_override")
    );
}

#[test]
fn a_report_comes_with_errors_too() {
    let parent = fixture_record("Leads.with-subforms");
    let body = json!({"data": [{
        "Last_Name": "Clone",
        "Project_Details": [{"id": "no-such-row", "Budget": 1}],
    }]});
    let applied = clone(
        &leads_plan(Options::default().unique(UniquePolicy::Clear)),
        &parent,
        Some(&body),
    );
    let rejection = applied.result.as_ref().expect_err("an unmatched row id");
    assert!(
        rejection
            .errors()
            .iter()
            .any(|e| e.code == ErrorCode::InvalidData
                && e.json_path.as_deref() == Some("$.data[0].Project_Details[0].id")),
        "{:?}",
        rejection.errors()
    );
    let report = &applied.report;
    assert_eq!(report.module, "Leads");
    assert_eq!(report.source_id, Some(json!("7100000000000100001")));
    assert!(report.is_kept("Company"));
    assert!(report.is_overridden("Last_Name"));
    assert_eq!(dropped(report, "Created_Time"), Some("not_creatable"));
    assert_report_partition(&parent, Some(&body["data"][0]), report);
}

#[test]
fn a_report_comes_with_a_rejected_body_shape() {
    let parent = fixture_record("Leads.with-subforms");
    let body = json!({"data": [{"Last_Name": "A"}, {"Last_Name": "B"}]});
    let applied = clone(
        &leads_plan(Options::default().unique(UniquePolicy::Clear)),
        &parent,
        Some(&body),
    );
    assert!(applied.result.is_err());
    // The parent's keys are still accounted for.
    assert_report_partition(&parent, None, &applied.report);
}

#[test]
fn the_source_id_is_the_parents_id_or_null() {
    let plan = plan("Leads", meta([field("Company", "text")]));
    let applied = clone(&plan, &json!({"Company": "A"}), None);
    assert_eq!(applied.report.source_id, None);
    assert_eq!(applied.report.to_json()["source_id"], Value::Null);
    let applied = clone(&plan, &json!({"Company": "A", "id": "42"}), None);
    assert_eq!(applied.report.to_json()["source_id"], json!("42"));
}

#[test]
fn the_cheap_path_gives_the_same_result_as_the_reporting_path() {
    let parent = fixture_record("Leads.with-subforms");
    let record = clone_rules::parent_record(&parent).unwrap();
    for body in [None, Some(fixture_body("Leads.override"))] {
        for unique in [
            UniquePolicy::Reject,
            UniquePolicy::Clear,
            UniquePolicy::Suffix,
        ] {
            let plan = leads_plan(Options::default().unique(unique));
            let cheap = plan.apply(record, body.as_ref());
            let rich = plan.apply_with_report(record, body.as_ref());
            assert_eq!(cheap, rich.result, "{unique:?}");
        }
    }
}

#[test]
fn the_cheap_path_gives_the_same_errors_at_every_depth() {
    let parent = fixture_record("Leads.with-subforms");
    let record = clone_rules::parent_record(&parent).unwrap();
    let many: Vec<Value> = (0..101)
        .map(|i| json!({"Project_Name": format!("p{i}")}))
        .collect();
    let bodies = [
        // An unmatched row id, and a row that is no object.
        json!({"data": [{"Project_Details": [{"id": "nope"}, 5]}]}),
        // A mandatory row column emptied, and a row cell of the wrong type.
        json!({"data": [{"Project_Details": [
            {"id": "7100000000000200001", "Project_Name": null},
            {"Project_Name": "ok", "Budget": "lots"},
        ]}]}),
        // Too many rows.
        json!({"data": [{"Project_Details": many}]}),
        // A top-level type error and a mandatory field emptied.
        json!({"data": [{"Last_Name": "", "No_of_Employees": "many"}]}),
    ];
    for all in [false, true] {
        for unique in [UniquePolicy::Reject, UniquePolicy::Clear] {
            let plan = leads_plan(Options::default().unique(unique).all_errors(all));
            for body in &bodies {
                let cheap = plan.apply(record, Some(body));
                let rich = plan.apply_with_report(record, Some(body));
                assert!(rich.result.is_err(), "{body}");
                assert_eq!(cheap, rich.result, "all_errors {all}, {unique:?}: {body}");
            }
        }
    }
}

#[test]
fn into_cloned_carries_payload_and_report() {
    let plan = plan("Leads", meta([field("Company", "text")]));
    let parent = json!({"Company": "A", "id": "1"});
    let applied = clone(&plan, &parent, None);
    let report = applied.report.clone();
    let cloned = applied.into_cloned().expect("a payload");
    assert_eq!(cloned.payload, json!({"data": [{"Company": "A"}]}));
    assert_eq!(cloned.report, report);
}
