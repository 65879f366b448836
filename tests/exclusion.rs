//! Spec §3: the exclusion pipeline — one test per rule, the rule order, and
//! the notes from the real metadata.

mod common;

use clone_rules::{Layouts, Options, Plan, Problem, UniquePolicy, UnknownFields};
use common::*;
use serde_json::{Value, json};

/// Clones `parent` with a Leads plan over `fields` (Leads has no module
/// rules, so only the generic rules act).
fn leads(fields: &[Field], options: Options, parent: &Value) -> clone_rules::Applied {
    let plan = plan_with("Leads", meta(fields.to_vec()), options);
    let applied = clone(&plan, parent, None);
    assert_report_partition(parent, None, &applied.report);
    applied
}

fn company() -> Field {
    field("Company", "text")
}

// ---------------------------------------------------------------------------
// One test per rule

#[test]
fn rule_1_record_id() {
    let parent = json!({"id": "7100000000000000001", "Company": "Acme"});
    let applied = leads(&[company()], Options::default(), &parent);
    assert_eq!(dropped(&applied.report, "id"), Some("record_id"));
    assert_eq!(cloned_record(&applied), obj(&json!({"Company": "Acme"})));
}

#[test]
fn rule_2_dollar_keys() {
    let parent = json!({"$approval": {"approve": false}, "Company": "Acme", "$editable": true});
    let applied = leads(&[company()], Options::default(), &parent);
    assert_eq!(dropped(&applied.report, "$approval"), Some("dollar_key"));
    assert_eq!(dropped(&applied.report, "$editable"), Some("dollar_key"));
    assert_eq!(keys(cloned_record(&applied)), ["Company"]);
}

#[test]
fn rule_2_comes_before_rule_3_for_dollar_keys_without_metadata() {
    // No metadata names `$state`: rule 2 decides before rule 3 could.
    let parent = json!({"$state": "save", "Company": "Acme"});
    let applied = leads(&[company()], Options::default(), &parent);
    assert_eq!(dropped(&applied.report, "$state"), Some("dollar_key"));
}

#[test]
fn rule_2_wins_even_with_unknown_fields_kept() {
    let parent = json!({"$state": "save", "Company": "Acme"});
    let options = Options::default().unknown_fields(UnknownFields::Keep);
    let applied = leads(&[company()], options, &parent);
    assert_eq!(dropped(&applied.report, "$state"), Some("dollar_key"));
    assert_eq!(keys(cloned_record(&applied)), ["Company"]);
}

#[test]
fn rule_3_not_in_metadata() {
    let parent = json!({"Company": "Acme", "Mystery": "no metadata"});
    let applied = leads(&[company()], Options::default(), &parent);
    assert_eq!(dropped(&applied.report, "Mystery"), Some("not_in_metadata"));
    assert!(applied.report.is_kept("Company"));
    assert_eq!(keys(cloned_record(&applied)), ["Company"]);
}

#[test]
fn rule_3_unknown_fields_keep_copies_them() {
    let parent = json!({"Company": "Acme", "Mystery": {"$x": 1, "y": 2}});
    let options = Options::default().unknown_fields(UnknownFields::Keep);
    let applied = leads(&[company()], options, &parent);
    assert!(applied.report.is_kept("Mystery"));
    assert_eq!(dropped(&applied.report, "Mystery.$x"), Some("dollar_key"));
    assert_eq!(cloned_record(&applied)["Mystery"], json!({"y": 2}));
}

#[test]
fn rule_4_field_type() {
    let fields = [
        company(),
        field("File_Upload", "fileupload"),
        field("Image_Upload", "imageupload"),
        field("Calc", "formula"),
        field("Number", "autonumber"),
        field("Total_Notes", "rollup_summary"),
    ];
    let parent = json!({
        "Company": "Acme",
        "File_Upload": [{"File_Id__s": "f1", "File_Name__s": "a.pdf", "id": "1"}],
        "Image_Upload": [{"File_Id__s": "f2", "File_Name__s": "a.png", "id": "2"}],
        "Calc": 1.5,
        "Number": "N-1",
        "Total_Notes": 3,
    });
    let applied = leads(&fields, Options::default(), &parent);
    for key in [
        "File_Upload",
        "Image_Upload",
        "Calc",
        "Number",
        "Total_Notes",
    ] {
        assert_eq!(dropped(&applied.report, key), Some("field_type"), "{key}");
    }
    assert_eq!(keys(cloned_record(&applied)), ["Company"]);
}

#[test]
fn rule_4_data_types_compare_without_case() {
    let fields = [field("Calc", "Formula"), field("File", "FILEUPLOAD")];
    let parent = json!({"Calc": 1, "File": []});
    let applied = leads(&fields, Options::default(), &parent);
    assert_eq!(dropped(&applied.report, "Calc"), Some("field_type"));
    assert_eq!(dropped(&applied.report, "File"), Some("field_type"));
}

#[test]
fn rule_5_wizard_is_a_system_field() {
    let fields = [company(), field("Wizard", "bigint").json_type("string")];
    let parent = json!({"Company": "Acme", "Wizard": "710000000000090001"});
    let applied = leads(&fields, Options::default(), &parent);
    assert_eq!(dropped(&applied.report, "Wizard"), Some("system_field"));
    assert_eq!(keys(cloned_record(&applied)), ["Company"]);
}

#[test]
fn rule_5_names_compare_ascii_case_insensitively() {
    let fields = [field("wizard", "bigint").json_type("string")];
    let parent = json!({"wizard": "1"});
    let applied = leads(&fields, Options::default(), &parent);
    assert_eq!(dropped(&applied.report, "wizard"), Some("system_field"));
}

#[test]
fn rule_5_gdpr_basis_only_when_gdpr_is_on() {
    let fields = [
        company(),
        field("Data_Processing_Basis_Details", "consent_lookup"),
    ];
    let parent = json!({
        "Company": "Acme",
        "Data_Processing_Basis_Details": {"name": "Legitimate Interests", "id": "7100000000000900002"},
    });

    let off = leads(&fields, Options::default(), &parent);
    assert!(off.report.is_kept("Data_Processing_Basis_Details"));
    assert_eq!(
        cloned_record(&off)["Data_Processing_Basis_Details"],
        parent["Data_Processing_Basis_Details"]
    );

    let on = leads(&fields, Options::default().gdpr(true), &parent);
    assert_eq!(
        dropped(&on.report, "Data_Processing_Basis_Details"),
        Some("system_field")
    );
    assert_eq!(keys(cloned_record(&on)), ["Company"]);
}

#[test]
fn rule_6_read_only() {
    let fields = [
        company(),
        field("Unsubscribed_Mode", "picklist").read_only(),
    ];
    let parent = json!({"Company": "Acme", "Unsubscribed_Mode": "Manual"});
    let applied = leads(&fields, Options::default(), &parent);
    assert_eq!(
        dropped(&applied.report, "Unsubscribed_Mode"),
        Some("read_only")
    );
    assert_eq!(keys(cloned_record(&applied)), ["Company"]);
}

#[test]
fn rule_7_external_only_when_external_is_an_object() {
    let fields = [
        field("Ext_Object", "text").external(),
        field("Ext_Null", "text"),
        field("Ext_False", "text").with("external", json!(false)),
        field("Ext_Absent", "text").without("external"),
    ];
    let parent = json!({"Ext_Object": "a", "Ext_Null": "b", "Ext_False": "c", "Ext_Absent": "d"});
    let applied = leads(&fields, Options::default(), &parent);
    assert_eq!(dropped(&applied.report, "Ext_Object"), Some("external"));
    assert_eq!(
        keys(cloned_record(&applied)),
        ["Ext_Null", "Ext_False", "Ext_Absent"]
    );
}

#[test]
fn rule_8_not_creatable() {
    let fields = [
        company(),
        field("Created_Time", "datetime").api_create(false),
        field("Created_By", "ownerlookup").api_create(false),
        field("Full_Name", "text").api_create(false),
    ];
    let parent = json!({
        "Company": "Acme",
        "Created_Time": "2024-05-02T10:15:00+02:00",
        "Created_By": {"id": "1", "name": "Admin"},
        "Full_Name": "Ada Lovelace",
    });
    let applied = leads(&fields, Options::default(), &parent);
    for key in ["Created_Time", "Created_By", "Full_Name"] {
        assert_eq!(
            dropped(&applied.report, key),
            Some("not_creatable"),
            "{key}"
        );
    }
    assert_eq!(keys(cloned_record(&applied)), ["Company"]);
}

#[test]
fn rule_8_spares_subform_and_line_item_fields() {
    let fields = [
        field("Rows", "subform")
            .subform("Rows_Module")
            .api_create(false),
        field("Items", "lineitem").api_create(false),
    ];
    let parent = json!({"Rows": [{"A": 1}], "Items": [{"B": 2}]});
    let applied = leads(&fields, Options::default(), &parent);
    assert!(applied.report.is_kept("Rows"), "{:?}", applied.report);
    assert!(applied.report.is_kept("Items"), "{:?}", applied.report);
    let record = cloned_record(&applied);
    assert_eq!(record["Rows"], json!([{"A": 1}]));
    assert_eq!(record["Items"], json!([{"B": 2}]));
}

#[test]
fn rule_9_events_module_rule() {
    let fields = [
        field("Event_Title", "text"),
        field("Recurring_Activity", "RRULE").json_type("jsonobject"),
        field("Remind_At", "multireminder"),
        field("Status", "picklist"),
    ];
    let parent = json!({
        "Event_Title": "Review",
        "Recurring_Activity": {"RRULE": "FREQ=DAILY;INTERVAL=1"},
        "Remind_At": [{"unit": 15, "period": "minutes"}],
        "Status": "Planned",
    });
    let applied = clone(&plan("Events", meta(fields)), &parent, None);
    assert_report_partition(&parent, None, &applied.report);
    assert_eq!(
        dropped(&applied.report, "Recurring_Activity"),
        Some("module_rule")
    );
    assert_eq!(dropped(&applied.report, "Remind_At"), Some("module_rule"));
    // Status is Services' and Appointments' rule, not Events'.
    assert_eq!(keys(cloned_record(&applied)), ["Event_Title", "Status"]);
}

#[test]
fn rule_9_names_compare_ascii_case_insensitively() {
    let fields = [
        field("remind_at", "multireminder"),
        field("RECURRING_ACTIVITY", "RRULE"),
    ];
    let parent = json!({"remind_at": [], "RECURRING_ACTIVITY": {"RRULE": "FREQ=DAILY"}});
    let applied = clone(&plan("Events", meta(fields)), &parent, None);
    assert_eq!(dropped(&applied.report, "remind_at"), Some("module_rule"));
    assert_eq!(
        dropped(&applied.report, "RECURRING_ACTIVITY"),
        Some("module_rule")
    );
}

#[test]
fn rule_9_services_module_rule() {
    let fields = [
        field("Description", "textarea"),
        field("Status", "picklist"),
        field("Unavailable_From", "datetime"),
        field("Unavailable_Till", "datetime"),
        field("Remind_At", "multireminder"),
    ];
    let parent = json!({
        "Description": "x",
        "Status": "Not in Use",
        "Unavailable_From": "2025-02-10T00:00:00+00:00",
        "Unavailable_Till": "2025-02-14T23:59:00+00:00",
        "Remind_At": [],
    });
    let applied = clone(&plan("Services__s", meta(fields)), &parent, None);
    assert_report_partition(&parent, None, &applied.report);
    for key in ["Status", "Unavailable_From", "Unavailable_Till"] {
        assert_eq!(dropped(&applied.report, key), Some("module_rule"), "{key}");
    }
    // Remind_At is Events' rule only.
    assert_eq!(keys(cloned_record(&applied)), ["Description", "Remind_At"]);
}

#[test]
fn rule_9_does_not_apply_to_other_modules() {
    let fields = [
        field("Status", "picklist"),
        field("Remind_At", "multireminder"),
    ];
    let parent = json!({"Status": "Open", "Remind_At": []});
    for module in ["Leads", "Tasks", "Calls", "Projects_X"] {
        let applied = clone(&plan(module, meta(fields.clone())), &parent, None);
        assert_eq!(
            keys(cloned_record(&applied)),
            ["Status", "Remind_At"],
            "{module}"
        );
    }
}

/// The fixture Appointment cloned with the fixture layouts.
fn appointment() -> (Value, clone_rules::Applied) {
    let parent = fixture_record("Appointments__s");
    let plan = Plan::builder("Appointments__s", fixture_fields("Appointments__s"))
        .layouts(fixture_layouts("Appointments__s"))
        .compile()
        .expect("Appointments compile with layouts");
    let applied = clone(&plan, &parent, None);
    assert_report_partition(&parent, None, &applied.report);
    (parent, applied)
}

#[test]
fn rule_9_appointments_module_rule() {
    let (_, applied) = appointment();
    for key in [
        "Status",
        "Reschedule_Count",
        "Job_Sheet_Created__s",
        "Job_Sheet_Section__s",
    ] {
        assert_eq!(dropped(&applied.report, key), Some("module_rule"), "{key}");
    }
}

#[test]
fn rule_10_appointments_keep_only_the_information_section() {
    let (_, applied) = appointment();
    let report = &applied.report;
    // Listed in other sections, or in none.
    for key in [
        "Job_Sheet_Name__s",
        "Job_Sheet_Description__s",
        "Rescheduled_From",
        "Reschedule_Reason",
        "Reschedule_Note",
        "Cancellation_Reason",
        "Cancellation_Note",
        "Date_1",
        "Tag",
    ] {
        assert_eq!(dropped(report, key), Some("outside_section"), "{key}");
    }
    // Earlier rules keep their own reasons.
    assert_eq!(dropped(report, "Rescheduled_To"), Some("read_only"));
    assert_eq!(dropped(report, "Created_Time"), Some("not_creatable"));
    assert_eq!(dropped(report, "Status"), Some("module_rule"));
    // Exactly the section's fields (less Status) are copied.
    assert_eq!(
        keys(cloned_record(&applied)),
        [
            "Appointment_Name",
            "Appointment_For",
            "Service_Name",
            "Appointment_Start_Time",
            "Appointment_End_Time",
            "Duration",
            "Owner",
            "Location",
            "Address",
            "Remind_At",
            "Additional_Information",
        ]
    );
}

fn appointment_layouts(section: &Value) -> Layouts {
    Layouts::from_json(
        &json!({"layouts": [{"id": "7200000000000000009", "sections": [
            section,
            {"api_name": "Other", "display_label": "Other", "fields": [{"api_name": "Address"}]},
        ]}]}),
    )
    .expect("layouts parse")
}

#[test]
fn rule_10_the_section_is_found_by_api_name_label_or_name_without_case() {
    let fields = meta([field("Appointment_Name", "text"), field("Address", "text")]);
    let parent = json!({"Appointment_Name": "A", "Address": "B"});
    for section in [
        json!({"api_name": "appointment_information", "fields": [{"api_name": "Appointment_Name"}]}),
        json!({"display_label": "APPOINTMENT INFORMATION", "fields": [{"api_name": "appointment_name"}]}),
        json!({"name": "Appointment information", "fields": [{"api_name": "Appointment_Name"}]}),
    ] {
        let plan = Plan::builder("Appointments__s", fields.clone())
            .layouts(appointment_layouts(&section))
            .compile()
            .unwrap_or_else(|e| panic!("{section}: {e}"));
        let applied = clone(&plan, &parent, None);
        assert_eq!(
            keys(cloned_record(&applied)),
            ["Appointment_Name"],
            "{section}"
        );
        assert_eq!(dropped(&applied.report, "Address"), Some("outside_section"));
    }
}

#[test]
fn rule_10_without_layouts_is_a_compile_error() {
    let error = Plan::builder("Appointments__s", fixture_fields("Appointments__s"))
        .compile()
        .expect_err("Appointments compiled without layouts");
    assert!(
        error.problems().iter().any(|p| matches!(
            p,
            Problem::MissingAppointmentSection { module, layouts_given: false } if module == "Appointments__s"
        )),
        "{:?}",
        error.problems()
    );
    assert!(
        error.to_zoho_error().is_none(),
        "a configuration problem, not a Zoho answer"
    );
    assert!(
        error.to_string().contains("Appointment Information"),
        "{error}"
    );
}

#[test]
fn rule_10_with_layouts_lacking_the_section_is_a_compile_error() {
    let error = Plan::builder("Appointments__s", fixture_fields("Appointments__s"))
        .layouts(fixture_layouts("Appointments__s.no-info-section"))
        .compile()
        .expect_err("Appointments compiled without an information section");
    assert!(
        error.problems().iter().any(|p| matches!(
            p,
            Problem::MissingAppointmentSection {
                layouts_given: true,
                ..
            }
        )),
        "{:?}",
        error.problems()
    );
}

#[test]
fn rule_10_applies_to_appointments_only() {
    // Other modules neither need layouts nor filter by section.
    let fields = meta([field("Appointment_Name", "text"), field("Address", "text")]);
    let parent = json!({"Appointment_Name": "A", "Address": "B"});
    let plan = Plan::builder("Appointments_Rescheduled_History__s", fields)
        .compile()
        .expect("no layouts needed");
    let applied = clone(&plan, &parent, None);
    assert_eq!(
        keys(cloned_record(&applied)),
        ["Appointment_Name", "Address"]
    );
}

#[test]
fn rule_11_custom_rule() {
    let fields = [
        company(),
        field("Lead_Source", "picklist"),
        field("Rating", "picklist"),
    ];
    let parent = json!({"Company": "Acme", "Lead_Source": "Web", "Rating": "Hot"});
    let applied = leads(&fields, Options::default().exclude("Lead_Source"), &parent);
    assert_eq!(dropped(&applied.report, "Lead_Source"), Some("custom_rule"));
    assert_eq!(keys(cloned_record(&applied)), ["Company", "Rating"]);
}

#[test]
fn rule_11_names_compare_ascii_case_insensitively() {
    let fields = [company(), field("Lead_Source", "picklist")];
    let parent = json!({"Company": "Acme", "Lead_Source": "Web"});
    let applied = leads(&fields, Options::default().exclude("lead_source"), &parent);
    assert_eq!(dropped(&applied.report, "Lead_Source"), Some("custom_rule"));
}

#[test]
fn rule_11_an_unknown_exclusion_is_a_compile_error() {
    let result = Plan::builder("Leads", meta([company()]))
        .options(
            Options::default()
                .exclude("No_Such_Field")
                .exclude("Company"),
        )
        .compile();
    let error = result.expect_err("an unknown exclusion does not compile");
    assert_eq!(error.problems().len(), 1, "{:?}", error.problems());
    assert!(matches!(
        &error.problems()[0],
        Problem::UnknownExclusion { path, .. } if path == "No_Such_Field"
    ));
    assert!(error.to_string().contains("No_Such_Field"), "{error}");
}

#[test]
fn compile_reports_every_problem_at_once() {
    let result = Plan::builder("Appointments__s", meta([company()]))
        .subform("Nope", meta([company()]))
        .options(Options::default().exclude("Missing_One"))
        .compile();
    let error = result.expect_err("three problems");
    let problems = error.problems();
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, Problem::MissingAppointmentSection { .. }))
    );
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, Problem::UnknownSubform { .. }))
    );
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, Problem::UnknownExclusion { .. }))
    );
}

// ---------------------------------------------------------------------------
// Rule order: the first rule that matches decides

#[test]
fn order_read_only_before_not_creatable() {
    let fields = [field("Data_Source", "picklist")
        .read_only()
        .api_create(false)];
    let applied = leads(&fields, Options::default(), &json!({"Data_Source": "API"}));
    assert_eq!(dropped(&applied.report, "Data_Source"), Some("read_only"));
}

#[test]
fn order_field_type_before_read_only() {
    let fields = [
        field("Calc", "formula").read_only(),
        field("Number", "autonumber").read_only().api_create(false),
        field("Upload", "fileupload").read_only(),
    ];
    let parent = json!({"Calc": 1, "Number": "N-1", "Upload": []});
    let applied = leads(&fields, Options::default(), &parent);
    for key in ["Calc", "Number", "Upload"] {
        assert_eq!(dropped(&applied.report, key), Some("field_type"), "{key}");
    }
}

#[test]
fn order_system_field_before_read_only() {
    let fields = [
        field("Wizard", "bigint").read_only().api_create(false),
        field("Data_Processing_Basis_Details", "consent_lookup").read_only(),
    ];
    let parent = json!({"Wizard": "1", "Data_Processing_Basis_Details": {"id": "2"}});
    let applied = leads(&fields, Options::default().gdpr(true), &parent);
    assert_eq!(dropped(&applied.report, "Wizard"), Some("system_field"));
    assert_eq!(
        dropped(&applied.report, "Data_Processing_Basis_Details"),
        Some("system_field")
    );
}

#[test]
fn order_field_type_before_system_field() {
    let fields = [field("Wizard", "formula")];
    let applied = leads(&fields, Options::default(), &json!({"Wizard": 1}));
    assert_eq!(dropped(&applied.report, "Wizard"), Some("field_type"));
}

#[test]
fn order_read_only_before_external_before_not_creatable() {
    let fields = [
        field("Both", "text").read_only().external(),
        field("Ext_Not_Creatable", "text")
            .external()
            .api_create(false),
    ];
    let parent = json!({"Both": "a", "Ext_Not_Creatable": "b"});
    let applied = leads(&fields, Options::default(), &parent);
    assert_eq!(dropped(&applied.report, "Both"), Some("read_only"));
    assert_eq!(
        dropped(&applied.report, "Ext_Not_Creatable"),
        Some("external")
    );
}

#[test]
fn order_property_rules_before_module_rule_before_custom_rule() {
    let fields = [
        field("Remind_At", "multireminder").read_only(),
        field("Recurring_Activity", "RRULE").api_create(false),
        field("Venue", "text"),
    ];
    let parent = json!({"Remind_At": [], "Recurring_Activity": {"RRULE": "x"}, "Venue": "Here"});
    let options = Options::default().exclude("Remind_At").exclude("Venue");
    let applied = clone(&plan_with("Events", meta(fields), options), &parent, None);
    assert_eq!(dropped(&applied.report, "Remind_At"), Some("read_only"));
    assert_eq!(
        dropped(&applied.report, "Recurring_Activity"),
        Some("not_creatable")
    );
    assert_eq!(dropped(&applied.report, "Venue"), Some("custom_rule"));

    let fields = [field("Remind_At", "multireminder")];
    let options = Options::default().exclude("Remind_At");
    let applied = clone(
        &plan_with("Events", meta(fields), options),
        &json!({"Remind_At": []}),
        None,
    );
    assert_eq!(dropped(&applied.report, "Remind_At"), Some("module_rule"));
}

#[test]
fn order_module_rule_before_outside_section_before_custom_rule() {
    let fields = meta([
        field("Appointment_Name", "text"),
        field("Status", "picklist"),
        field("Address", "text"),
        field("Job_Sheet_Name__s", "text"),
    ]);
    let layouts = Layouts::from_json(&json!({"layouts": [{"id": "1", "sections": [
        {"api_name": "Appointment_Information",
         "fields": [{"api_name": "Appointment_Name"}, {"api_name": "Address"}]}
    ]}]}))
    .unwrap();
    let plan = Plan::builder("Appointments__s", fields)
        .layouts(layouts)
        .options(
            Options::default()
                .exclude("Address")
                .exclude("Job_Sheet_Name__s"),
        )
        .compile()
        .unwrap();
    let parent = json!({"Appointment_Name": "A", "Status": "Scheduled", "Address": "B",
        "Job_Sheet_Name__s": "C"});
    let applied = clone(&plan, &parent, None);
    // Status is outside the section too, but rule 9 comes first.
    assert_eq!(dropped(&applied.report, "Status"), Some("module_rule"));
    assert_eq!(
        dropped(&applied.report, "Job_Sheet_Name__s"),
        Some("outside_section")
    );
    assert_eq!(dropped(&applied.report, "Address"), Some("custom_rule"));
    assert_eq!(keys(cloned_record(&applied)), ["Appointment_Name"]);
}

// ---------------------------------------------------------------------------
// Notes from the real metadata

#[test]
fn owner_with_field_read_only_is_kept() {
    let fields = [field("Owner", "ownerlookup").field_read_only(), company()];
    let parent =
        json!({"Owner": {"id": "7100000000000000101", "name": "Owner"}, "Company": "Acme"});
    let applied = leads(&fields, Options::default(), &parent);
    assert!(applied.report.is_kept("Owner"));
    assert_eq!(cloned_record(&applied)["Owner"], parent["Owner"]);
}

#[test]
fn owner_is_kept_with_the_fixture_metadata() {
    let fields = fixture_fields("Leads");
    let owner = fields.get("Owner").expect("fixture has Owner");
    assert!(
        !owner.read_only,
        "fixture Owner is read_only: false (field_read_only: true)"
    );
    let parent = json!({"Owner": {"id": "7100000000000000101"}});
    let applied = clone(&plan("Leads", fields), &parent, None);
    assert!(applied.report.is_kept("Owner"), "{:?}", applied.report);
}

fn v2_fields() -> clone_rules::FieldsMeta {
    clone_rules::FieldsMeta::from_json(&fixture("metadata/Leads.fields.v2.json"))
        .expect("v2 parses")
}

#[test]
fn v2_metadata_without_operation_type_drops_the_fallback_list() {
    let parent = json!({
        "id": "7100000000000100001",
        "Owner": {"id": "7100000000000000101", "name": "Owner"},
        "Company": "Acme",
        "Last_Name": "Lovelace",
        "Created_Time": "2024-05-02T10:15:00+02:00",
        "Modified_By": {"id": "7100000000000000102", "name": "Admin"},
        "Full_Name": "Ada Lovelace",
        "Last_Activity_Time": "2024-06-11T08:30:45+02:00",
        "Locked__s": false,
        "Converted__s": false,
        "Change_Log_Time__s": "2024-06-11T08:30:45+02:00",
    });
    let applied = clone(&plan("Leads", v2_fields()), &parent, None);
    assert_report_partition(&parent, None, &applied.report);
    for key in [
        "Created_Time",
        "Modified_By",
        "Full_Name",
        "Last_Activity_Time",
        "Locked__s",
        "Converted__s",
        "Change_Log_Time__s",
    ] {
        assert_eq!(
            dropped(&applied.report, key),
            Some("not_creatable"),
            "{key}"
        );
    }
    assert_eq!(
        keys(cloned_record(&applied)),
        ["Owner", "Company", "Last_Name"]
    );
}

#[test]
fn v2_fallback_list_is_complete_and_compares_without_case() {
    let names = [
        "Created_Time",
        "modified_time",
        "CREATED_BY",
        "Modified_By",
        "Last_Activity_Time",
        "Full_Name",
        "Change_Log_Time__s",
        "Locked__s",
        "Converted__s",
    ];
    let mut fields: Vec<Field> = names.iter().map(|n| field(n, "text").v2()).collect();
    fields.push(field("Company", "text").v2());
    let mut parent = serde_json::Map::new();
    for name in names.iter().chain(["Company"].iter()) {
        parent.insert((*name).to_owned(), json!("x"));
    }
    let parent = Value::Object(parent);
    let applied = leads(&fields, Options::default(), &parent);
    for name in names {
        assert_eq!(
            dropped(&applied.report, name),
            Some("not_creatable"),
            "{name}"
        );
    }
    assert_eq!(keys(cloned_record(&applied)), ["Company"]);
}

#[test]
fn the_fallback_list_does_not_apply_when_operation_type_is_present() {
    let fields = [field("Full_Name", "text").api_create(true)];
    let applied = leads(&fields, Options::default(), &json!({"Full_Name": "Ada"}));
    assert!(applied.report.is_kept("Full_Name"));
}

#[test]
fn nested_dollar_keys_are_dropped_at_their_path_and_the_field_is_kept() {
    let fields = [
        field("Owner", "ownerlookup"),
        field("What_Id", "lookup"),
        field("Tag", "text").json_type("jsonarray"),
    ];
    let parent = json!({
        "Owner": {"name": "Owner", "id": "7100000000000000101", "$hidden": true},
        "What_Id": {"id": "1", "inner": {"$deep": 1, "keep": "$value"}},
        "Tag": [{"name": "vip", "id": "7100000000000900003", "$colour": "red"}],
    });
    let applied = leads(&fields, Options::default(), &parent);
    let report = &applied.report;
    assert_eq!(dropped(report, "Owner.$hidden"), Some("dollar_key"));
    assert_eq!(dropped(report, "What_Id.inner.$deep"), Some("dollar_key"));
    assert_eq!(dropped(report, "Tag[0].$colour"), Some("dollar_key"));
    for key in ["Owner", "What_Id", "Tag"] {
        assert!(report.is_kept(key), "{key} is still kept");
        assert_eq!(dropped(report, key), None, "{key}");
    }
    let record = cloned_record(&applied);
    assert_eq!(
        record["Owner"],
        json!({"name": "Owner", "id": "7100000000000000101"})
    );
    assert_eq!(
        record["What_Id"],
        json!({"id": "1", "inner": {"keep": "$value"}})
    );
    // A tag's own id is a value of the tag, not a record id.
    assert_eq!(
        record["Tag"],
        json!([{"name": "vip", "id": "7100000000000900003"}])
    );
}

#[test]
fn dollar_values_are_kept() {
    let fields = [field("Description", "textarea"), company()];
    let parent = json!({"Description": "$5 off", "Company": "$"});
    let applied = leads(&fields, Options::default(), &parent);
    assert_eq!(cloned_record(&applied), obj(&parent));
    assert!(
        applied.report.dropped.is_empty(),
        "{:?}",
        applied.report.dropped
    );
}

#[test]
fn multiselectlookup_linking_rows_lose_their_own_id() {
    let fields = [
        field("Products", "multiselectlookup"),
        field("Members", "multiuserlookup"),
    ];
    let parent = json!({
        "Products": [
            {"Products": {"name": "Widget", "id": "7100000000000500001"}, "id": "7100000000000500101"},
            {"Products": {"name": "Gadget", "id": "7100000000000500002", "$x": 1}, "id": "7100000000000500102"},
        ],
        "Members": [
            {"id": "7100000000003200001", "Members": {"module": "Users", "id": "7100000000000000101"}},
        ],
    });
    let plan = plan("Leads", meta(fields));
    let applied = clone(&plan, &parent, None);
    assert_report_partition(&parent, None, &applied.report);
    let report = &applied.report;
    assert!(report.is_kept("Products") && report.is_kept("Members"));
    assert_eq!(dropped(report, "Products[0].id"), Some("record_id"));
    assert_eq!(dropped(report, "Products[1].id"), Some("record_id"));
    assert_eq!(
        dropped(report, "Products[1].Products.$x"),
        Some("dollar_key")
    );
    assert_eq!(dropped(report, "Members[0].id"), Some("record_id"));
    let record = cloned_record(&applied);
    assert_eq!(
        record["Products"],
        json!([
            {"Products": {"name": "Widget", "id": "7100000000000500001"}},
            {"Products": {"name": "Gadget", "id": "7100000000000500002"}},
        ])
    );
    assert_eq!(
        record["Members"],
        json!([{"Members": {"module": "Users", "id": "7100000000000000101"}}])
    );
    assert_no_dollar_or_id(payload(&applied), &plan);
}

#[test]
fn profile_image_tag_layout_owner_and_lookups_are_copied() {
    let fields = [
        field("Record_Image", "profileimage"),
        field("Tag", "text").json_type("jsonarray"),
        field("Layout", "layout"),
        field("Owner", "ownerlookup").field_read_only(),
        field("Account_Name", "lookup"),
    ];
    let parent = json!({
        "Record_Image": "a3f5c1d2e4b6",
        "Tag": [{"name": "vip", "id": "7100000000000900003"}],
        "Layout": {"name": "Standard", "id": "9000000000000000001"},
        "Owner": {"id": "7100000000000000101"},
        "Account_Name": {"name": "Acme", "id": "7100000000001900001"},
    });
    let applied = leads(&fields, Options::default(), &parent);
    assert_eq!(cloned_record(&applied), obj(&parent));
    assert_eq!(applied.report.kept.len(), 5);
}

#[test]
fn the_leads_fixture_gets_the_reason_each_rule_gives() {
    let parent = fixture_record("Leads.with-subforms");
    let plan = Plan::builder("Leads", fixture_fields("Leads"))
        .subform("Project_Details", fixture_fields("Project_Details"))
        .subform("Alternate_Address", fixture_fields("Alternate_Address"))
        .options(Options::default().unique(UniquePolicy::Clear))
        .compile()
        .expect("Leads compile");
    let applied = clone(&plan, &parent, None);
    assert_report_partition(&parent, None, &applied.report);
    let report = &applied.report;
    for (key, reason) in [
        ("id", "record_id"),
        ("$currency_symbol", "dollar_key"),
        ("$approval", "dollar_key"),
        ("$approval_state", "dollar_key"),
        ("Owner.$zia_owner_assignment", "dollar_key"),
        ("Custom_Unknown", "not_in_metadata"),
        ("File_Upload", "field_type"),
        ("Image_Upload", "field_type"),
        ("Formula_Decimal", "field_type"),
        ("Total_Notes_Added", "field_type"),
        ("Wizard", "system_field"),
        ("Unsubscribed_Mode", "read_only"),
        ("External_Id", "external"),
        ("Created_Time", "not_creatable"),
        ("Created_By", "not_creatable"),
        ("Modified_By", "not_creatable"),
        ("Modified_Time", "not_creatable"),
        ("Full_Name", "not_creatable"),
        ("Last_Activity_Time", "not_creatable"),
        ("Products[0].id", "record_id"),
        ("Products[1].id", "record_id"),
        ("Project_Details[0].id", "record_id"),
        ("Project_Details[0].Parent_Id", "parent_link"),
        ("Project_Details[0].$approval", "dollar_key"),
        ("Project_Details[0].Budget_With_Tax", "field_type"),
        ("Project_Details[0].Review_Score", "read_only"),
        ("Alternate_Address[0].Parent_Id", "parent_link"),
    ] {
        assert_eq!(dropped(report, key), Some(reason), "{key}");
    }
    for key in [
        "Owner",
        "Company",
        "First_Name",
        "Last_Name",
        "Lead_Source",
        "No_of_Employees",
        "Annual_Revenue",
        "Description",
        "Email_Opt_Out",
        "Date_of_Birth",
        "Data_Processing_Basis_Details",
        "Layout",
        "Tag",
        "Record_Image",
        "checking_multi_picklist",
        "Percent",
        "Project_Details",
        "Alternate_Address",
        "Products",
        "Project_Details[0].Project_Name",
        "Project_Details[1].Budget",
        "Alternate_Address[0].Zip",
    ] {
        assert!(report.is_kept(key), "{key} is kept: {report:#?}");
    }
    let record = cloned_record(&applied);
    assert_eq!(record["Description"], json!("$5 off today"));
    assert_eq!(
        record["Project_Details"],
        json!([
            {"Project_Name": "Difference Engine rebuild", "Start_Date": "2024-07-01", "Budget": 15000},
            {"Project_Name": "Note G translation", "Start_Date": "2024-09-15", "Budget": 2500.75},
        ])
    );
    assert_no_dollar_or_id(payload(&applied), &plan);
}

#[test]
fn rule_10_takes_the_section_fields_of_every_supplied_layout() {
    let fields = meta([
        field("Appointment_Name", "text"),
        field("Address", "text"),
        field("Location", "picklist"),
    ]);
    let first = Layouts::from_json(&json!({"layouts": [
        {"id": "1", "sections": [{"api_name": "Appointment_Information",
            "fields": [{"api_name": "Appointment_Name"}]}]},
        {"id": "2", "sections": [{"display_label": "Other", "fields": [{"api_name": "Location"}]}]},
    ]}))
    .unwrap();
    let second = Layouts::from_json(&json!({"layouts": [
        {"id": "3", "sections": [{"name": "Appointment Information",
            "fields": [{"api_name": "Address"}]}]},
    ]}))
    .unwrap();
    let plan = Plan::builder("Appointments__s", fields)
        .layouts(Layouts::merged([first, second]))
        .compile()
        .unwrap();
    let parent = json!({"Appointment_Name": "A", "Address": "B", "Location": "C"});
    let applied = clone(&plan, &parent, None);
    assert_eq!(
        keys(cloned_record(&applied)),
        ["Appointment_Name", "Address"]
    );
    assert_eq!(
        dropped(&applied.report, "Location"),
        Some("outside_section")
    );
}

#[test]
fn rule_5_gdpr_basis_name_compares_without_case() {
    let fields = [field("data_processing_basis_details", "consent_lookup")];
    let parent = json!({"data_processing_basis_details": {"id": "1"}});
    let applied = leads(&fields, Options::default().gdpr(true), &parent);
    assert_eq!(
        dropped(&applied.report, "data_processing_basis_details"),
        Some("system_field")
    );
}
