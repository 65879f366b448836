//! Spec §2: which module names can be cloned, and their scope names.

mod common;

use clone_rules::module::InvalidModule;
use clone_rules::{CompileError, ErrorCode, FieldsMeta, Module, Options, Plan, Problem};
use common::*;
use serde_json::{Value, json};

/// A tiny metadata set that any module can be compiled with.
fn small_meta() -> FieldsMeta {
    meta([("Name_Field", "text"), ("Notes_Field", "textarea")])
}

fn compile_error(module: &str, fields: FieldsMeta) -> CompileError {
    match Plan::builder(module, fields).compile() {
        Ok(_) => panic!("`{module}` compiled, expected INVALID_MODULE"),
        Err(error) => error,
    }
}

fn invalid_module_envelope() -> Value {
    json!({"data": [{
        "code": "INVALID_MODULE",
        "details": {"resource_path_index": 0},
        "message": "the module name given seems to be invalid",
        "status": "error",
    }]})
}

fn assert_invalid_module(module: &str, error: &CompileError) {
    assert!(
        error
            .problems()
            .iter()
            .any(|p| matches!(p, Problem::InvalidModule { module: m, .. } if m == module)),
        "`{module}`: {:?}",
        error.problems()
    );
    let zoho = error
        .to_zoho_error()
        .expect("INVALID_MODULE is a Zoho error");
    assert_eq!(zoho.code, ErrorCode::InvalidModule, "{module}");
    assert_eq!(zoho.to_envelope(), invalid_module_envelope(), "{module}");
    assert_eq!(zoho.code.http_status(), 400);
}

const NOT_CLONABLE: [&str; 16] = [
    "Notes",
    "Attachments",
    "Activities",
    "Visits",
    "Emails",
    "Users",
    "Invited_Events",
    "Actions_Performed",
    "Approvals",
    "Home",
    "Feeds",
    "Reports",
    "Dashboards",
    "Analytics",
    "Documents",
    "Forecasts",
];

#[test]
fn not_clonable_modules_are_invalid_even_with_metadata() {
    for module in NOT_CLONABLE {
        let error = compile_error(module, small_meta());
        assert_invalid_module(module, &error);
        assert_eq!(
            error.api_name_hint(),
            None,
            "{module}: no API name to point at"
        );
    }
}

#[test]
fn ui_labels_are_invalid_and_point_at_the_api_name() {
    for (label, api_name) in [
        ("Meetings", "Events"),
        ("Price Books", "Price_Books"),
        ("Sales Orders", "Sales_Orders"),
        ("Purchase Orders", "Purchase_Orders"),
        ("Appointments", "Appointments__s"),
        ("Services", "Services__s"),
        (
            "Appointments Rescheduled History",
            "Appointments_Rescheduled_History__s",
        ),
    ] {
        let error = compile_error(label, small_meta());
        assert_invalid_module(label, &error);
        assert_eq!(error.api_name_hint(), Some(api_name), "{label}");
    }
}

#[test]
fn miscased_api_names_are_invalid_and_point_at_the_api_name() {
    for (name, api_name) in [
        ("leads", "Leads"),
        ("events", "Events"),
        ("LEADS", "Leads"),
        ("contacts", "Contacts"),
        ("price_books", "Price_Books"),
        ("services__s", "Services__s"),
        ("appointments__s", "Appointments__s"),
    ] {
        let error = compile_error(name, small_meta());
        assert_invalid_module(name, &error);
        assert_eq!(error.api_name_hint(), Some(api_name), "{name}");
    }
}

/// Every standard module of the table, by API name, with its scope name.
const STANDARD: [(&str, &str); 20] = [
    ("Leads", "leads"),
    ("Accounts", "accounts"),
    ("Contacts", "contacts"),
    ("Deals", "deals"),
    ("Campaigns", "campaigns"),
    ("Tasks", "tasks"),
    ("Cases", "cases"),
    ("Events", "events"),
    ("Calls", "calls"),
    ("Solutions", "solutions"),
    ("Products", "products"),
    ("Vendors", "vendors"),
    ("Price_Books", "pricebooks"),
    ("Quotes", "quotes"),
    ("Sales_Orders", "salesorders"),
    ("Purchase_Orders", "purchaseorders"),
    ("Invoices", "invoices"),
    ("Appointments__s", "appointments"),
    (
        "Appointments_Rescheduled_History__s",
        "appointments_rescheduled_history",
    ),
    ("Services__s", "services"),
];

fn standard_plan(module: &str, options: Options) -> Plan {
    let mut builder = Plan::builder(module, small_meta()).options(options);
    if module == "Appointments__s" {
        builder = builder.layouts(fixture_layouts("Appointments__s"));
    }
    builder
        .compile()
        .unwrap_or_else(|e| panic!("{module} does not compile: {e}"))
}

#[test]
fn every_standard_module_compiles_by_its_api_name_with_its_scope_name() {
    for (module, scope) in STANDARD {
        let plan = standard_plan(module, Options::default());
        assert_eq!(plan.module().api_name(), module);
        assert!(
            matches!(plan.module(), Module::Standard(_)),
            "{module} is standard"
        );
        assert_eq!(plan.module().scope_name(), scope, "{module}");
    }
}

#[test]
fn a_standard_module_needs_no_metadata_and_then_copies_nothing() {
    let plan = Plan::builder("Leads", FieldsMeta::default())
        .compile()
        .expect("a standard module compiles without metadata");
    let parent = json!({"id": "1", "Company": "Acme"});
    let applied = clone(&plan, &parent, None);
    assert_eq!(dropped(&applied.report, "Company"), Some("not_in_metadata"));
    assert_eq!(cloned_record(&applied), &serde_json::Map::new());
}

#[test]
fn the_module_scope_of_each_standard_module_allows_the_clone() {
    let parent = json!({"id": "1", "Name_Field": "x"});
    for (module, scope) in STANDARD {
        for operation in ["ALL", "CREATE", "WRITE", "create"] {
            let scopes = [format!("ZohoCRM.modules.{scope}.{operation}")];
            let plan = standard_plan(module, Options::default().scopes(scopes.clone()));
            let applied = clone(&plan, &parent, None);
            assert!(
                applied.result.is_ok(),
                "{module} with {scopes:?}: {:?}",
                applied.result
            );
        }
    }
}

#[test]
fn a_scope_spelled_with_the_api_name_instead_of_the_scope_name_is_a_mismatch() {
    let parent = json!({"id": "1", "Name_Field": "x"});
    for (module, scope) in STANDARD {
        let lowercase = module.to_ascii_lowercase();
        if lowercase == scope {
            continue;
        }
        let plan = standard_plan(
            module,
            Options::default().scopes([format!("ZohoCRM.modules.{lowercase}.ALL")]),
        );
        let applied = clone(&plan, &parent, None);
        let rejection = applied.result.expect_err(module);
        assert_eq!(
            rejection.first().code,
            ErrorCode::OauthScopeMismatch,
            "{module}"
        );
        assert_eq!(rejection.http_status(), 401);
        assert_eq!(
            rejection.to_envelope(false),
            json!({"code": "OAUTH_SCOPE_MISMATCH", "details": {}, "message": "Unauthorized",
                "status": "error"}),
            "{module}: the flat envelope"
        );
    }
}

#[test]
fn a_read_scope_or_another_modules_scope_does_not_allow_the_clone() {
    let parent = json!({"Name_Field": "x"});
    for scopes in [
        vec!["ZohoCRM.modules.leads.READ"],
        vec!["ZohoCRM.modules.contacts.ALL"],
        vec!["ZohoCRM.settings.ALL"],
    ] {
        let plan = standard_plan("Leads", Options::default().scopes(scopes.clone()));
        let applied = clone(&plan, &parent, None);
        let code = applied.result.as_ref().map_err(|r| r.first().code);
        assert_eq!(
            code.err(),
            Some(ErrorCode::OauthScopeMismatch),
            "{scopes:?}"
        );
    }
}

#[test]
fn scopes_match_case_insensitively_and_may_be_comma_separated() {
    let parent = json!({"Name_Field": "x"});
    for scopes in [
        vec!["zohocrm.modules.ALL"],
        vec!["ZohoCRM.modules.contacts.ALL,ZohoCRM.modules.Leads.Create"],
        vec!["ZohoCRM.settings.ALL", "ZohoCRM.modules.leads.WRITE"],
    ] {
        let plan = standard_plan("Leads", Options::default().scopes(scopes.clone()));
        assert!(clone(&plan, &parent, None).result.is_ok(), "{scopes:?}");
    }
}

#[test]
fn a_custom_module_with_metadata_is_cloned_under_the_custom_scope() {
    let plan = plan("Projects_X", fixture_fields("Projects_X"));
    assert_eq!(plan.module(), &Module::Custom("Projects_X".into()));
    assert_eq!(plan.module().scope_name(), "custom");

    let parent = json!({"Description": "x", "Status": "Running"});
    let allowed = plan_with(
        "Projects_X",
        fixture_fields("Projects_X"),
        Options::default().scopes(["ZohoCRM.modules.custom.ALL"]),
    );
    let applied = clone(&allowed, &parent, None);
    assert_ne!(
        applied.result.as_ref().err().map(|r| r.first().code),
        Some(ErrorCode::OauthScopeMismatch)
    );
    let by_name = plan_with(
        "Projects_X",
        fixture_fields("Projects_X"),
        Options::default().scopes(["ZohoCRM.modules.projects_x.ALL"]),
    );
    let applied = clone(&by_name, &parent, None);
    assert_eq!(
        applied.result.as_ref().err().map(|r| r.first().code),
        Some(ErrorCode::OauthScopeMismatch)
    );
}

#[test]
fn a_custom_module_without_metadata_is_invalid() {
    let error = compile_error("Projects_X", FieldsMeta::default());
    assert_invalid_module("Projects_X", &error);
    assert!(matches!(
        error.problems(),
        [Problem::InvalidModule {
            reason: InvalidModule::Unknown,
            ..
        }]
    ));
    assert_eq!(error.api_name_hint(), None);
}

#[test]
fn a_module_error_stops_every_other_compile_check() {
    // A bad subform name and a bad exclusion would be problems too, but the
    // module answer is the request-level one.
    let error = Plan::builder("Notes", small_meta())
        .subform("Nope", small_meta())
        .options(Options::default().exclude("No_Such_Field"))
        .compile()
        .expect_err("Notes compiled");
    assert_eq!(error.problems().len(), 1, "{:?}", error.problems());
    assert_invalid_module("Notes", &error);
}

#[test]
fn an_empty_module_name_is_invalid_even_with_metadata() {
    let error = compile_error("", small_meta());
    assert_eq!(
        error.to_zoho_error().map(|e| e.code),
        Some(ErrorCode::InvalidModule)
    );
}
