//! Snapshots of whole clones of the fixture records: the payload (or the
//! error envelope, with every error) and the report.
//!
//! Each accepted snapshot was read by hand against the spec; see the notes
//! on each case. Options are the defaults unless a case says otherwise:
//! `unique: clear` is used where the fixture's unique fields would otherwise
//! collide with the parent, so that the payload itself is on record.

mod common;

use clone_rules::{Applied, Options, Plan, PlanBuilder, UniquePolicy};
use common::*;
use serde_json::{Value, json};

/// The snapshot of one clone: the payload or the errors, and the report.
fn outcome(applied: &Applied) -> Value {
    let result = match &applied.result {
        Ok(payload) => ("payload", payload.clone()),
        Err(rejection) => ("errors", rejection.to_envelope(true)),
    };
    json!({ result.0: result.1, "report": applied.report.to_json() })
}

fn compile(builder: PlanBuilder) -> Plan {
    builder.compile().expect("the plan compiles")
}

fn run(plan: &Plan, record: &str, body: Option<&Value>) -> Value {
    let parent = fixture_record(record);
    let applied = clone(plan, &parent, body);
    let body_record = body.map(|body| &body["data"][0]);
    assert_report_partition(&parent, body_record, &applied.report);
    if let Ok(payload) = &applied.result {
        assert_no_dollar_or_id(payload, plan);
    }
    outcome(&applied)
}

fn leads_builder() -> PlanBuilder {
    Plan::builder("Leads", fixture_fields("Leads"))
        .subform("Project_Details", fixture_fields("Project_Details"))
        .subform("Alternate_Address", fixture_fields("Alternate_Address"))
}

/// The override replaces `Project_Details` with row …200002 (Budget changed)
/// and one new row; `Full_Name`, `$foo`, `Owner.$bar` and `New_Unknown` are
/// refused; Phone, unique and equal to the parent's, is cleared.
#[test]
fn leads_with_subforms_and_override() {
    let plan = compile(leads_builder().options(Options::default().unique(UniquePolicy::Clear)));
    let body = fixture_body("Leads.override");
    insta::assert_json_snapshot!(
        "leads_with_subforms_and_override",
        run(&plan, "Leads.with-subforms", Some(&body))
    );
}

/// Default options: Phone collides with the parent itself (Email is
/// overridden with null), so Zoho answers `DUPLICATE_DATA` naming the parent.
#[test]
fn leads_with_subforms_and_override_default_options() {
    let plan = compile(leads_builder());
    let body = fixture_body("Leads.override");
    insta::assert_json_snapshot!(
        "leads_with_subforms_and_override_default_options",
        run(&plan, "Leads.with-subforms", Some(&body))
    );
}

/// Languages rows lose id, `Parent_Id` and `$` keys; the autonumber and the
/// read-only Territories go; Email (unique) is cleared.
#[test]
fn contacts_with_languages() {
    let plan = compile(
        Plan::builder("Contacts", fixture_fields("Contacts"))
            .subform("Languages", fixture_fields("Languages"))
            .options(Options::default().unique(UniquePolicy::Clear)),
    );
    insta::assert_json_snapshot!("contacts_with_languages", run(&plan, "Contacts", None));
}

/// `Recurring_Activity` and `Remind_At` go by the module rule; the `Check_In_*`
/// fields are read-only; `$se_module` is a `$` key.
#[test]
fn events() {
    let plan = compile(Plan::builder("Events", fixture_fields("Events")));
    insta::assert_json_snapshot!("events", run(&plan, "Events", None));
}

/// Status, `Unavailable_From` and `Unavailable_Till` go by the module rule;
/// Members linking rows lose their own ids; `Available_Timings` rows are
/// cloned with their metadata.
#[test]
fn services() {
    let plan = compile(
        Plan::builder("Services__s", fixture_fields("Services__s"))
            .subform("Available_Timings", fixture_fields("Available_Timings")),
    );
    insta::assert_json_snapshot!("services", run(&plan, "Services__s", None));
}

/// Only the "Appointment Information" section is copied, less the four
/// module-rule fields.
#[test]
fn appointments() {
    let plan = compile(
        Plan::builder("Appointments__s", fixture_fields("Appointments__s"))
            .layouts(fixture_layouts("Appointments__s")),
    );
    insta::assert_json_snapshot!("appointments", run(&plan, "Appointments__s", None));
}

/// Line items keep their writable columns; `$line_tax`, the autonumber and
/// the computed totals go.
#[test]
fn quotes_with_line_items() {
    let plan = compile(
        Plan::builder("Quotes", fixture_fields("Quotes"))
            .subform("Product_Details", fixture_fields("Product_Details")),
    );
    insta::assert_json_snapshot!("quotes_with_line_items", run(&plan, "Quotes", None));
}

/// A custom module: the autonumber and formula go; the unique, case-sensitive
/// `Project_Code` equals the parent's and is cleared.
#[test]
fn custom_module_projects_x() {
    let plan = compile(
        Plan::builder("Projects_X", fixture_fields("Projects_X"))
            .options(Options::default().unique(UniquePolicy::Clear)),
    );
    insta::assert_json_snapshot!("custom_module_projects_x", run(&plan, "Projects_X", None));
}
