//! Every real Zoho record in `../shared/realdata` goes through the engine:
//! no panic, no `$` key or record id in a payload, and the report invariant.
//!
//! The real payloads are read in place, never copied into the project.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clone_rules::{ErrorCode, FieldsMeta, Layouts, Options, Plan, Problem, UniquePolicy, input};
use common::*;
use serde_json::Value;

/// The subform modules the project has fixture metadata for.
const SUBFORM_FIXTURES: [&str; 6] = [
    "Languages",
    "Product_Details",
    "Project_Details",
    "Alternate_Address",
    "Available_Timings",
    "Pricing_Details",
];

fn realdata_dir() -> PathBuf {
    manifest_dir().join("../shared/realdata")
}

/// The realdata directory, or `None` (with a notice) when it is absent.
#[allow(clippy::print_stderr)]
fn realdata() -> Option<PathBuf> {
    let dir = realdata_dir();
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "notice: {} is absent; realdata tests skipped",
            dir.display()
        );
        None
    }
}

/// The files of `dir` whose name contains `part`, sorted.
fn files_with(dir: &Path, part: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("realdata is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.contains(part))
                && path
                    .extension()
                    .is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
        })
        .collect();
    files.sort();
    files
}

fn module_of(path: &Path) -> String {
    let name = path.file_name().unwrap().to_str().unwrap();
    name.split('.').next().unwrap().to_owned()
}

fn metadata_for(dir: &Path, module: &str) -> Option<FieldsMeta> {
    let path = if module == "Leads" {
        dir.join("Leads.fields.zohodocs-v7.json")
    } else {
        manifest_dir().join(format!("tests/fixtures/metadata/{module}.fields.json"))
    };
    path.is_file().then(|| {
        FieldsMeta::from_json(&read_json(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    })
}

fn plan_for(module: &str, fields: &FieldsMeta, options: Options) -> Plan {
    let mut builder = Plan::builder(module, fields.clone()).options(options);
    for subform in SUBFORM_FIXTURES {
        let has_it = fields
            .iter()
            .any(|f| f.data_type.is_subform() && f.subform_module.as_deref() == Some(subform));
        if has_it {
            builder = builder.subform(subform, fixture_fields(subform));
        }
    }
    if module == "Appointments__s" {
        builder = builder.layouts(fixture_layouts("Appointments__s"));
    }
    builder
        .compile()
        .unwrap_or_else(|e| panic!("{module} does not compile: {e}"))
}

#[test]
fn every_real_record_clones_cleanly() {
    let Some(dir) = realdata() else { return };
    let files = files_with(&dir, ".record.");
    assert!(!files.is_empty(), "no record files in {}", dir.display());

    let mut records_seen = 0;
    // Per module: how many records produced a payload (under either option set).
    let mut payloads: BTreeMap<String, usize> = BTreeMap::new();
    for file in &files {
        let module = module_of(file);
        let document = read_json(file);
        let records =
            input::records(&document).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        records_seen += records.len();

        if module == "Activities" {
            let fields = metadata_for(&dir, &module).unwrap_or_default();
            let error = Plan::builder(module.as_str(), fields)
                .compile()
                .expect_err("Activities cannot be cloned");
            assert!(matches!(error.problems(), [Problem::InvalidModule { .. }]));
            assert_eq!(
                error.to_zoho_error().map(|e| e.code),
                Some(ErrorCode::InvalidModule)
            );
            continue;
        }
        let fields = metadata_for(&dir, &module)
            .unwrap_or_else(|| panic!("no metadata for {module} ({})", file.display()));
        payloads.entry(module.clone()).or_default();

        for options in [
            Options::default().unique(UniquePolicy::Clear),
            Options::default(),
        ] {
            let plan = plan_for(&module, &fields, options.clone());
            for (i, record) in records.iter().enumerate() {
                let applied = plan.apply_with_report(record, None);
                let parent = Value::Object((*record).clone());
                assert_report_partition(&parent, None, &applied.report);
                if let Ok(payload) = &applied.result {
                    assert_no_dollar_or_id(payload, &plan);
                    *payloads.get_mut(&module).unwrap() += 1;
                } else if options.unique_policy() == UniquePolicy::Clear {
                    panic!(
                        "{} record {i} is rejected with unique: clear: {}",
                        file.display(),
                        applied.result.as_ref().unwrap_err().to_envelope(true)
                    );
                }
            }
        }
    }
    assert!(records_seen > 20, "only {records_seen} real records");
    let without: Vec<&String> = payloads
        .iter()
        .filter(|(_, n)| **n == 0)
        .map(|(m, _)| m)
        .collect();
    assert!(
        without.is_empty(),
        "no record of these modules produced a payload: {without:?}"
    );
}

#[test]
fn every_real_fields_and_layouts_file_parses() {
    let Some(dir) = realdata() else { return };
    let fields = files_with(&dir, ".fields.");
    assert!(!fields.is_empty());
    for path in &fields {
        let parsed = FieldsMeta::from_json(&read_json(path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!parsed.is_empty(), "{}", path.display());
    }
    let layouts = files_with(&dir, ".layouts.");
    assert!(!layouts.is_empty());
    for path in &layouts {
        let parsed = Layouts::from_json(&read_json(path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(parsed.iter().next().is_some(), "{}", path.display());
    }
}

#[test]
fn the_real_v7_leads_metadata_follows_the_spec_notes() {
    let Some(dir) = realdata() else { return };
    let fields = metadata_for(&dir, "Leads").expect("Leads metadata");
    let owner = fields.get("Owner").expect("Owner");
    assert!(
        !owner.read_only,
        "Owner is read_only: false (only field_read_only)"
    );
    for name in [
        "Created_Time",
        "Modified_Time",
        "Created_By",
        "Modified_By",
        "Full_Name",
        "Last_Activity_Time",
    ] {
        let field = fields.get(name).unwrap_or_else(|| panic!("{name}"));
        assert!(!field.read_only, "{name}");
        assert_eq!(field.api_create, Some(false), "{name}");
    }

    let plan = plan_for(
        "Leads",
        &fields,
        Options::default().unique(UniquePolicy::Clear),
    );
    let document = read_json(&dir.join("Leads.record.zohodocs-v7-search-response.json"));
    for record in input::records(&document).unwrap() {
        let applied = plan.apply_with_report(record, None);
        let report = &applied.report;
        for name in [
            "Created_Time",
            "Modified_Time",
            "Created_By",
            "Modified_By",
            "Full_Name",
            "Last_Activity_Time",
        ] {
            if record.contains_key(name) {
                assert_eq!(dropped(report, name), Some("not_creatable"), "{name}");
            }
        }
        if record.contains_key("Owner") {
            assert!(report.is_kept("Owner"));
        }
    }
}

/// The validator for a module, with the project's fixture metadata and the
/// fixture metadata of its subforms.
fn fixture_validator(module: &str) -> clone_rules::Validator {
    let fixtures = manifest_dir().join("tests/fixtures/metadata");
    let read = |name: &str| -> FieldsMeta {
        let text =
            std::fs::read_to_string(fixtures.join(format!("{name}.fields.json"))).expect("fixture");
        FieldsMeta::from_json(&serde_json::from_str(&text).expect("fixture JSON"))
            .expect("fixture metadata")
    };
    let fields = read(module);
    let subforms: Vec<String> = fields
        .iter()
        .filter_map(|field| field.subform_module.clone())
        .filter(|name| SUBFORM_FIXTURES.contains(&name.as_str()))
        .collect();
    let mut builder = Plan::builder(module, fields);
    for name in subforms {
        builder = builder.subform(name.clone(), read(&name));
    }
    builder.compile_validator().expect("validator")
}

/// Every real Insert Records body passes offline validation with the
/// project's metadata for its module, as it passed Zoho's own (they are
/// documented, accepted request bodies), and Appointments need no layouts
/// to validate.
#[test]
fn every_real_insert_body_validates() {
    let Some(dir) = realdata() else { return };
    let bodies = files_with(&dir, ".input.");
    assert!(bodies.len() >= 4, "expected the four real insert bodies");
    for path in bodies {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("file name");
        let module = name.split('.').next().expect("module prefix");
        let body: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("body")).expect("JSON");
        let check = fixture_validator(module).validate_insert(&body);
        assert!(check.is_valid(), "{name}: {}", check.to_response(true));
        let records = body["data"].as_array().map_or(0, Vec::len);
        assert_eq!(
            check.records().len(),
            records,
            "{name}: one result per record"
        );
    }
}
