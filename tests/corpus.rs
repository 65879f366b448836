//! The snapshot corpus: whole clones described as data under
//! `tests/corpus/<case>/case.json` (see `tests/corpus/README.md`), each run
//! through the engine and snapshotted as `{"result", "report"}` in
//! `tests/snapshots/corpus__<case>.snap`.
//!
//! Every snapshot was read by hand against the spec. A second test checks
//! that the corpus as a whole covers every module of spec §2, every reason
//! and warning code of the report, and the Zoho error codes, so that
//! removing the only case that shows one of them fails.

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use clone_rules::module::STANDARD_MODULES;
use clone_rules::{
    FieldsMeta, Layouts, Options, Plan, SubformMerge, UniquePolicy, UnknownFields, parent_record,
};
use serde_json::{Map, Value, json};

/// One case directory, read.
struct Case {
    name: String,
    dir: PathBuf,
    spec: Map<String, Value>,
}

/// What running a case gave.
struct Outcome {
    /// `{"result": …, "report": …}`, as snapshotted.
    snapshot: Value,
    /// Whether the plan compiled.
    compiled: bool,
}

const CASE_KEYS: &[&str] = &[
    "purpose", "module", "fields", "subforms", "layouts", "parent", "body", "options",
];
const OPTION_KEYS: &[&str] = &[
    "gdpr",
    "unknown_fields",
    "subform_merge",
    "unique",
    "strict_picklists",
    "exclude",
    "known_unique_values",
    "all_errors",
    "scopes",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Every case of `tests/corpus/`, by name.
fn cases() -> Vec<Case> {
    let corpus = root().join("tests/corpus");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("tests/corpus exists")
        .map(|entry| entry.expect("a readable entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let name = dir
                .file_name()
                .and_then(|n| n.to_str())
                .expect("a UTF-8 case name")
                .to_owned();
            let Value::Object(spec) = read_json(&dir.join("case.json")) else {
                panic!("{name}/case.json is not an object");
            };
            for key in spec.keys() {
                assert!(
                    CASE_KEYS.contains(&key.as_str()),
                    "{name}: unknown key `{key}`"
                );
            }
            Case { name, dir, spec }
        })
        .collect()
}

impl Case {
    fn str(&self, key: &str) -> &str {
        self.spec
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{}: `{key}` must be a string", self.name))
    }

    /// A document: a string names a file (`./x.json` in the case directory,
    /// anything else under `tests/fixtures/`); any other value is inline.
    fn doc(&self, value: &Value) -> Value {
        match value {
            Value::String(path) => match path.strip_prefix("./") {
                Some(local) => read_json(&self.dir.join(local)),
                None => read_json(&root().join("tests/fixtures").join(path)),
            },
            inline => inline.clone(),
        }
    }

    fn fields(&self, value: &Value) -> FieldsMeta {
        FieldsMeta::from_json(&self.doc(value))
            .unwrap_or_else(|e| panic!("{}: bad field metadata: {e}", self.name))
    }

    fn options(&self) -> Options {
        let mut options = Options::default();
        let Some(spec) = self.spec.get("options") else {
            return options;
        };
        let spec = spec.as_object().expect("`options` is an object");
        for (key, value) in spec {
            let name = &self.name;
            let text = || {
                value
                    .as_str()
                    .unwrap_or_else(|| panic!("{name}: option `{key}` is a string"))
            };
            let flag = || {
                value
                    .as_bool()
                    .unwrap_or_else(|| panic!("{name}: option `{key}` is a boolean"))
            };
            let list = || {
                value
                    .as_array()
                    .unwrap_or_else(|| panic!("{name}: option `{key}` is an array"))
                    .iter()
                    .map(|v| v.as_str().expect("a string").to_owned())
                    .collect::<Vec<_>>()
            };
            options = match key.as_str() {
                "gdpr" => options.gdpr(flag()),
                "strict_picklists" => options.strict_picklists(flag()),
                "all_errors" => options.all_errors(flag()),
                "unknown_fields" => options.unknown_fields(match text() {
                    "drop" => UnknownFields::Drop,
                    "keep" => UnknownFields::Keep,
                    other => panic!("{name}: unknown_fields `{other}`"),
                }),
                "subform_merge" => options.subform_merge(match text() {
                    "replace" => SubformMerge::Replace,
                    "update" => SubformMerge::Update,
                    other => panic!("{name}: subform_merge `{other}`"),
                }),
                "unique" => options.unique(match text() {
                    "reject" => UniquePolicy::Reject,
                    "clear" => UniquePolicy::Clear,
                    "suffix" => UniquePolicy::Suffix,
                    other => panic!("{name}: unique `{other}`"),
                }),
                "exclude" => list().into_iter().fold(options, Options::exclude),
                "scopes" => options.scopes(list()),
                "known_unique_values" => {
                    let per_field = value.as_object().expect("an object of arrays");
                    per_field.iter().fold(options, |options, (field, values)| {
                        let values = values.as_array().expect("an array of values").clone();
                        options.known_unique_values(field.clone(), values)
                    })
                }
                other => panic!("{name}: unknown option `{other}`"),
            };
            assert!(OPTION_KEYS.contains(&key.as_str()));
        }
        options
    }

    /// Compiles and applies the case.
    fn run(&self) -> Outcome {
        let options = self.options();
        let all_errors = options.is_all_errors();
        let fields_spec = self.spec.get("fields").expect("`fields` is required");
        let mut builder = Plan::builder(self.str("module"), self.fields(fields_spec));
        if let Some(subforms) = self.spec.get("subforms") {
            let subforms = subforms.as_object().expect("`subforms` is an object");
            for (name, doc) in subforms {
                builder = builder.subform(name.clone(), self.fields(doc));
            }
        }
        if let Some(layouts) = self.spec.get("layouts") {
            let layouts = Layouts::from_json(&self.doc(layouts))
                .unwrap_or_else(|e| panic!("{}: bad layouts: {e}", self.name));
            builder = builder.layouts(layouts);
        }
        let plan = match builder.options(options).compile() {
            Ok(plan) => plan,
            Err(error) => {
                let result = json!({
                    "compile_error": error.to_string(),
                    "zoho": error.to_zoho_error().map(|e| e.to_envelope()),
                    "api_name_hint": error.api_name_hint(),
                });
                return Outcome {
                    snapshot: json!({"result": result, "report": null}),
                    compiled: false,
                };
            }
        };

        let parent_doc = self.doc(self.spec.get("parent").expect("`parent` is required"));
        let parent = parent_record(&parent_doc)
            .unwrap_or_else(|e| panic!("{}: the parent is not a record: {e}", self.name));
        let body = self.spec.get("body").map(|body| self.doc(body));
        let applied = plan.apply_with_report(parent, body.as_ref());

        let report = &applied.report;
        let request_level = matches!(&applied.result, Err(r) if r.first().code.is_flat());
        if !request_level {
            let body_record = body
                .as_ref()
                .and_then(|b| b.get("data"))
                .and_then(Value::as_array)
                .filter(|data| data.len() == 1)
                .and_then(|data| data[0].as_object());
            check_partition(&self.name, parent, body_record, &report.to_json());
        }
        let result = match &applied.result {
            Ok(payload) => {
                check_payload(&self.name, payload);
                payload.clone()
            }
            Err(rejection) => rejection.to_envelope(all_errors),
        };
        Outcome {
            snapshot: json!({"result": result, "report": report.to_json()}),
            compiled: true,
        }
    }
}

/// Spec §8 at the top level: every parent key exactly once in kept ∪
/// dropped ∪ overridden, every override key exactly once in overridden ∪
/// refused. (The row levels are checked by the snapshots themselves.)
fn check_partition(
    name: &str,
    parent: &Map<String, Value>,
    body: Option<&Map<String, Value>>,
    report: &Value,
) {
    let paths = |list: &str| -> Vec<String> {
        report[list]
            .as_array()
            .into_iter()
            .flatten()
            .map(|entry| {
                entry
                    .as_str()
                    .or_else(|| entry["path"].as_str())
                    .expect("a path")
                    .to_owned()
            })
            .collect()
    };
    let count = |lists: &[&str], key: &str| {
        lists
            .iter()
            .flat_map(|list| paths(list))
            .filter(|path| path == key)
            .count()
    };
    for key in parent.keys() {
        let n = count(&["kept", "dropped", "overridden"], key);
        assert_eq!(n, 1, "{name}: parent key `{key}` is listed {n} times");
    }
    for key in body.into_iter().flat_map(Map::keys) {
        let n = count(&["overridden", "refused"], key);
        assert_eq!(n, 1, "{name}: override key `{key}` is listed {n} times");
    }
}

/// A payload never carries the record's `id` or a `$` key at any depth.
fn check_payload(name: &str, payload: &Value) {
    fn no_dollar(value: &Value, name: &str) {
        match value {
            Value::Object(object) => {
                for (key, inner) in object {
                    assert!(
                        !key.starts_with('$'),
                        "{name}: `$` key `{key}` in the payload"
                    );
                    no_dollar(inner, name);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| no_dollar(item, name)),
            _ => {}
        }
    }
    let record = &payload["data"][0];
    assert!(record.is_object(), "{name}: payload data[0] is an object");
    assert!(record.get("id").is_none(), "{name}: the payload keeps `id`");
    no_dollar(record, name);
}

#[test]
fn corpus_snapshots() {
    let cases = cases();
    assert!(cases.len() >= 25, "the corpus holds {} cases", cases.len());
    let mut failed = Vec::new();
    for case in &cases {
        let purpose = case.str("purpose").to_owned();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let snapshot = case.run().snapshot;
            let mut settings = insta::Settings::clone_current();
            settings.set_description(purpose);
            settings.set_omit_expression(true);
            settings.bind(|| insta::assert_json_snapshot!(case.name.as_str(), snapshot));
        }));
        if outcome.is_err() {
            failed.push(case.name.clone());
        }
    }
    assert!(failed.is_empty(), "cases failed: {failed:?}");
}

/// Every `corpus__*.snap` belongs to a case: a removed case leaves no stale
/// snapshot behind.
#[test]
fn no_stale_snapshots() {
    let names: BTreeSet<String> = cases().into_iter().map(|case| case.name).collect();
    let snapshots = root().join("tests/snapshots");
    for entry in std::fs::read_dir(snapshots).expect("tests/snapshots exists") {
        let file = entry.expect("an entry").file_name();
        let file = file.to_string_lossy();
        if let Some(case) = file
            .strip_prefix("corpus__")
            .and_then(|rest| rest.strip_suffix(".snap"))
        {
            assert!(names.contains(case), "snapshot {file} has no case");
        }
    }
}

/// Each snapshot's description is its case's purpose (insta compares only
/// the contents, so an edited purpose would otherwise go stale).
#[test]
fn snapshot_descriptions_are_the_purposes() {
    for case in cases() {
        let file = root().join(format!("tests/snapshots/corpus__{}.snap", case.name));
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue; // a new case: corpus_snapshots reports the missing snapshot
        };
        let description = text
            .lines()
            .find_map(|line| line.strip_prefix("description: "))
            .unwrap_or_else(|| panic!("{}: the snapshot has no description", case.name));
        let description: String =
            serde_json::from_str(description).unwrap_or_else(|_| description.to_owned());
        assert_eq!(
            description,
            case.str("purpose"),
            "{}: the snapshot's description is stale; run with INSTA_FORCE_UPDATE=1 INSTA_UPDATE=always",
            case.name
        );
    }
}

/// Codes found anywhere in an error envelope (including inside
/// `MULTIPLE_OR_MULTI_ERRORS`).
fn error_codes(value: &Value, into: &mut BTreeSet<String>) {
    match value {
        Value::Object(object) => {
            if let (Some(Value::String(code)), Some("error")) = (
                object.get("code"),
                object.get("status").and_then(Value::as_str),
            ) {
                into.insert(code.clone());
            }
            object.values().for_each(|inner| error_codes(inner, into));
        }
        Value::Array(items) => items.iter().for_each(|item| error_codes(item, into)),
        _ => {}
    }
}

#[test]
fn corpus_covers_every_module_and_code() {
    let mut modules = BTreeSet::new();
    let mut custom = false;
    let mut reasons = BTreeSet::new();
    let mut warnings = BTreeSet::new();
    let mut errors = BTreeSet::new();
    for case in cases() {
        let outcome = case.run();
        let snapshot = &outcome.snapshot;
        error_codes(&snapshot["result"], &mut errors);
        if !outcome.compiled {
            if let Some(zoho) = snapshot["result"].get("zoho") {
                error_codes(zoho, &mut errors);
            }
            continue;
        }
        let module = case.str("module").to_owned();
        custom |= STANDARD_MODULES.iter().all(|m| m.api_name != module);
        modules.insert(module);
        let report = &snapshot["report"];
        for list in ["dropped", "refused"] {
            for entry in report[list].as_array().into_iter().flatten() {
                reasons.insert(entry["reason"].as_str().expect("a reason").to_owned());
            }
        }
        for entry in report["warnings"].as_array().into_iter().flatten() {
            warnings.insert(entry["code"].as_str().expect("a code").to_owned());
        }
    }

    let missing_modules: Vec<_> = STANDARD_MODULES
        .iter()
        .map(|m| m.api_name)
        .filter(|name| !modules.contains(*name))
        .collect();
    assert!(
        missing_modules.is_empty(),
        "modules without a case: {missing_modules:?}"
    );
    assert!(custom, "no case clones a custom module");

    let missing = |wanted: &[&str], found: &BTreeSet<String>| -> Vec<String> {
        wanted
            .iter()
            .filter(|code| !found.contains(**code))
            .map(|code| (*code).to_owned())
            .collect()
    };
    let all_reasons = [
        "record_id",
        "dollar_key",
        "not_in_metadata",
        "field_type",
        "system_field",
        "read_only",
        "external",
        "not_creatable",
        "module_rule",
        "outside_section",
        "custom_rule",
        "parent_link",
        "invalid_row",
        "replaced_by_override",
        "deleted_by_override",
        "unique_cleared",
    ];
    assert_eq!(
        missing(&all_reasons, &reasons),
        Vec::<String>::new(),
        "reason codes"
    );
    let all_warnings = [
        "subform_metadata_missing",
        "unknown_body_key",
        "unique_suffixed",
    ];
    assert_eq!(
        missing(&all_warnings, &warnings),
        Vec::<String>::new(),
        "warning codes"
    );
    let all_errors = [
        "INVALID_DATA",
        "MANDATORY_NOT_FOUND",
        "DUPLICATE_DATA",
        "LIMIT_EXCEEDED",
        "INVALID_MODULE",
        "OAUTH_SCOPE_MISMATCH",
        "MULTIPLE_OR_MULTI_ERRORS",
    ];
    assert_eq!(
        missing(&all_errors, &errors),
        Vec::<String>::new(),
        "error codes"
    );
}
