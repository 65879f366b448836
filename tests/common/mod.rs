//! Small table-style helpers shared by the integration tests.
//!
//! Not every test file uses every helper.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use clone_rules::{
    Applied, FieldsMeta, Layouts, Options, Plan, Reason, Record, Report, parent_record,
};
use serde_json::{Map, Value, json};

// ---------------------------------------------------------------------------
// Files

/// The crate's root directory.
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Reads a JSON file.
pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// A file under `tests/fixtures/`.
pub fn fixture(relative: &str) -> Value {
    read_json(&manifest_dir().join("tests/fixtures").join(relative))
}

/// `tests/fixtures/metadata/<name>.fields.json`, parsed.
pub fn fixture_fields(name: &str) -> FieldsMeta {
    FieldsMeta::from_json(&fixture(&format!("metadata/{name}.fields.json")))
        .unwrap_or_else(|e| panic!("fixture metadata {name}: {e}"))
}

/// `tests/fixtures/layouts/<name>.layouts.json`, parsed.
pub fn fixture_layouts(name: &str) -> Layouts {
    Layouts::from_json(&fixture(&format!("layouts/{name}.layouts.json")))
        .unwrap_or_else(|e| panic!("fixture layouts {name}: {e}"))
}

/// `tests/fixtures/records/<name>.json`: a get-record response.
pub fn fixture_record(name: &str) -> Value {
    fixture(&format!("records/{name}.json"))
}

/// `tests/fixtures/bodies/<name>.json`: an override body.
pub fn fixture_body(name: &str) -> Value {
    fixture(&format!("bodies/{name}.json"))
}

// ---------------------------------------------------------------------------
// Field metadata, table style

/// One field of a fields response, built fluently.
///
/// Defaults are those of a plain, writable v7 field: `read_only: false`,
/// `external: null`, `unique: {}`, `system_mandatory: false` and
/// `operation_type.api_create: true`.
#[derive(Debug, Clone)]
pub struct Field(Map<String, Value>);

/// A field named `api_name` of Zoho type `data_type`.
pub fn field(api_name: &str, data_type: &str) -> Field {
    let mut object = Map::new();
    object.insert("api_name".into(), json!(api_name));
    object.insert("field_label".into(), json!(api_name.replace('_', " ")));
    object.insert("display_label".into(), json!(api_name.replace('_', " ")));
    object.insert("data_type".into(), json!(data_type));
    if let Some(json_type) = default_json_type(data_type) {
        object.insert("json_type".into(), json!(json_type));
    }
    object.insert("read_only".into(), json!(false));
    object.insert("field_read_only".into(), json!(false));
    object.insert("system_mandatory".into(), json!(false));
    object.insert("external".into(), Value::Null);
    object.insert("unique".into(), json!({}));
    object.insert(
        "operation_type".into(),
        json!({"api_create": true, "api_update": true, "api_read": true}),
    );
    Field(object)
}

fn default_json_type(data_type: &str) -> Option<&'static str> {
    Some(match data_type {
        "text" | "textarea" | "picklist" | "email" | "phone" | "website" | "date" | "datetime"
        | "autonumber" | "profileimage" => "string",
        "integer" | "rollup_summary" => "integer",
        "double" | "currency" | "percent" | "decimal" | "formula" => "double",
        "boolean" => "boolean",
        "lookup"
        | "ownerlookup"
        | "userlookup"
        | "layout"
        | "consent_lookup"
        | "multi_module_lookup" => "jsonobject",
        "subform"
        | "lineitem"
        | "multiselectlookup"
        | "multiuserlookup"
        | "multiselectpicklist"
        | "fileupload"
        | "imageupload"
        | "multireminder" => "jsonarray",
        _ => return None,
    })
}

impl Field {
    /// Sets any metadata key.
    pub fn with(mut self, key: &str, value: Value) -> Self {
        self.0.insert(key.into(), value);
        self
    }

    /// Removes a metadata key.
    pub fn without(mut self, key: &str) -> Self {
        self.0.remove(key);
        self
    }

    /// `read_only: true`.
    pub fn read_only(self) -> Self {
        self.with("read_only", json!(true))
    }

    /// `field_read_only: true` (not a clone rule).
    pub fn field_read_only(self) -> Self {
        self.with("field_read_only", json!(true))
    }

    /// `operation_type.api_create`.
    pub fn api_create(self, creatable: bool) -> Self {
        self.with(
            "operation_type",
            json!({"api_create": creatable, "api_update": creatable, "api_read": true}),
        )
    }

    /// No `operation_type` at all, as in API v2 metadata.
    pub fn v2(self) -> Self {
        self.without("operation_type")
    }

    /// `external` as an object: an external field.
    pub fn external(self) -> Self {
        self.with(
            "external",
            json!({"show": true, "type": "user", "allow_multiple_config": false}),
        )
    }

    /// `unique` as a non-empty object.
    pub fn unique(self) -> Self {
        self.with("unique", json!({"case_sensitive": false}))
    }

    /// `system_mandatory: true`.
    pub fn mandatory(self) -> Self {
        self.with("system_mandatory", json!(true))
    }

    /// The subform module, through `associated_module` (v7/v8 shape).
    pub fn subform(self, module: &str) -> Self {
        self.with(
            "associated_module",
            json!({"module": module, "id": "6000000000000009999"}),
        )
    }

    /// The subform module, through `subform` (v2 shape).
    pub fn subform_v2(self, module: &str) -> Self {
        self.with(
            "subform",
            json!({"module": module, "id": "6000000000000009998"}),
        )
    }

    /// `json_type`.
    pub fn json_type(self, json_type: &str) -> Self {
        self.with("json_type", json!(json_type))
    }

    /// `length`.
    pub fn length(self, length: u64) -> Self {
        self.with("length", json!(length))
    }

    /// The field as a metadata JSON object.
    pub fn to_json(&self) -> Value {
        Value::Object(self.0.clone())
    }
}

impl From<(&str, &str)> for Field {
    fn from((api_name, data_type): (&str, &str)) -> Self {
        field(api_name, data_type)
    }
}

/// A `{"fields":[…]}` response.
pub fn fields_json<F: Into<Field>>(fields: impl IntoIterator<Item = F>) -> Value {
    let fields: Vec<Value> = fields.into_iter().map(|f| f.into().to_json()).collect();
    json!({ "fields": fields })
}

/// Parsed metadata from a compact list: `meta([("Company", "text")])` or
/// `meta([field("Secret", "text").read_only()])`.
pub fn meta<F: Into<Field>>(fields: impl IntoIterator<Item = F>) -> FieldsMeta {
    FieldsMeta::from_json(&fields_json(fields)).expect("test metadata parses")
}

// ---------------------------------------------------------------------------
// Plans and clones

/// Compiles a plan with default options, or panics with the compile error.
pub fn plan(module: &str, fields: FieldsMeta) -> Plan {
    plan_with(module, fields, Options::default())
}

/// Compiles a plan with `options`, or panics with the compile error.
pub fn plan_with(module: &str, fields: FieldsMeta, options: Options) -> Plan {
    Plan::builder(module, fields)
        .options(options)
        .compile()
        .unwrap_or_else(|e| panic!("plan for {module} does not compile: {e}"))
}

/// Clones `parent` (a record object or a get-record response).
pub fn clone(plan: &Plan, parent: &Value, body: Option<&Value>) -> Applied {
    let parent = parent_record(parent).expect("parent is one record");
    plan.apply_with_report(parent, body)
}

/// The payload of a successful clone, or a panic showing the errors.
pub fn payload(applied: &Applied) -> &Value {
    match &applied.result {
        Ok(payload) => payload,
        Err(rejection) => panic!(
            "expected a payload, got {}\nreport: {:#?}",
            rejection.to_envelope(true),
            applied.report
        ),
    }
}

/// `data[0]` of a successful clone's payload.
pub fn cloned_record(applied: &Applied) -> &Record {
    payload(applied)["data"][0]
        .as_object()
        .expect("payload data[0] is an object")
}

/// The rejection's first error envelope, or a panic showing the payload.
pub fn error_envelope(applied: &Applied) -> Value {
    match &applied.result {
        Ok(payload) => panic!("expected an error, got the payload {payload}"),
        Err(rejection) => rejection.to_envelope(false),
    }
}

/// The keys of an object, in order.
pub fn keys(object: &Record) -> Vec<&str> {
    object.keys().map(String::as_str).collect()
}

/// The record object of a JSON value that is one (panics otherwise).
pub fn obj(value: &Value) -> &Record {
    value.as_object().expect("a JSON object")
}

// ---------------------------------------------------------------------------
// Report queries

/// The reason code `path` was dropped with, as the report spells it.
pub fn dropped(report: &Report, path: &str) -> Option<&'static str> {
    report.dropped_reason(path).map(Reason::as_str)
}

/// The reason code `path` was refused with, as the report spells it.
pub fn refused(report: &Report, path: &str) -> Option<&'static str> {
    report.refused_reason(path).map(Reason::as_str)
}

/// How many times `path` appears across kept, dropped, overridden and refused.
pub fn mentions(report: &Report, path: &str) -> usize {
    report.kept.iter().filter(|p| *p == path).count()
        + report.dropped.iter().filter(|d| d.path == path).count()
        + report.overridden.iter().filter(|p| *p == path).count()
        + report.refused.iter().filter(|d| d.path == path).count()
}

/// The warning codes reported at `path`.
pub fn warnings_at(report: &Report, path: &str) -> Vec<&'static str> {
    report
        .warnings
        .iter()
        .filter(|w| w.path == path)
        .map(|w| w.code.as_str())
        .collect()
}

// ---------------------------------------------------------------------------
// Invariants

/// Whether the report shows that the rows of `key` were cloned as subform
/// rows: a kept or overridden row path, a dropped row, or a row key dropped
/// for a reason other than the ones linking rows and nested values also get.
fn rows_were_cloned(key: &str, report: &Report) -> bool {
    let prefix = format!("{key}[");
    let is_row = |path: &str| {
        path.strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(']'))
            .is_some_and(|index| index.parse::<usize>().is_ok())
    };
    report.kept.iter().any(|p| p.starts_with(&prefix))
        || report.overridden.iter().any(|p| p.starts_with(&prefix))
        || report.dropped.iter().any(|d| {
            is_row(&d.path)
                || (d.path.starts_with(&prefix)
                    && !matches!(d.reason, Reason::RecordId | Reason::DollarKey))
        })
}

/// Whether `path` is `<subform>[j].<key>` for some row index `j`.
fn is_row_key(path: &str, subform: &str, key: &str) -> bool {
    path.strip_prefix(subform)
        .and_then(|rest| rest.strip_prefix('['))
        .and_then(|rest| rest.split_once("]."))
        .is_some_and(|(index, rest)| index.parse::<usize>().is_ok() && rest == key)
}

/// The §8 invariant, at every level:
///
/// - every top-level key of `parent` appears exactly once in
///   kept ∪ dropped ∪ overridden;
/// - for each subform whose rows were cloned, each parent row `i` is either
///   dropped as `Sub[i]` (and then none of its keys is listed), or each of
///   its keys appears exactly once as `Sub[i].key` in kept ∪ dropped, or is
///   overridden under some `Sub[j].key`;
/// - every kept path names a parent key or a parent row key;
/// - every top-level key of the override appears exactly once in
///   overridden ∪ refused.
///
/// `parent` is the record object (or its get-record response); `body_record`
/// is the override's `data[0]`.
pub fn assert_report_partition(parent: &Value, body_record: Option<&Value>, report: &Report) {
    let parent = parent_record(parent).expect("parent is one record");
    let kept: Vec<&str> = report.kept.iter().map(String::as_str).collect();
    let dropped: Vec<&str> = report.dropped.iter().map(|d| d.path.as_str()).collect();
    let overridden: Vec<&str> = report.overridden.iter().map(String::as_str).collect();
    let refused: Vec<&str> = report.refused.iter().map(|d| d.path.as_str()).collect();
    let count = |list: &[&str], path: &str| list.iter().filter(|p| **p == path).count();

    for key in parent.keys() {
        let n = count(&kept, key) + count(&dropped, key) + count(&overridden, key);
        assert_eq!(
            n, 1,
            "parent key `{key}` appears {n} times in kept ∪ dropped ∪ overridden\n{report:#?}"
        );
    }

    for (key, value) in parent {
        let Value::Array(rows) = value else { continue };
        if !rows_were_cloned(key, report) {
            continue;
        }
        for (i, row) in rows.iter().enumerate() {
            let row_path = format!("{key}[{i}]");
            let row_dropped = count(&dropped, &row_path);
            assert!(
                row_dropped <= 1,
                "row `{row_path}` dropped {row_dropped} times\n{report:#?}"
            );
            let Value::Object(row) = row else {
                assert_eq!(
                    row_dropped, 1,
                    "non-object row `{row_path}` must be dropped\n{report:#?}"
                );
                continue;
            };
            for row_key in row.keys() {
                let path = format!("{row_path}.{row_key}");
                let n = count(&kept, &path) + count(&dropped, &path);
                if row_dropped == 1 {
                    assert_eq!(
                        n, 0,
                        "`{path}` is listed although its row was dropped\n{report:#?}"
                    );
                    continue;
                }
                match n {
                    1 => {}
                    0 => assert!(
                        overridden.iter().any(|p| is_row_key(p, key, row_key)),
                        "row key `{path}` is neither kept, dropped nor overridden\n{report:#?}"
                    ),
                    _ => {
                        panic!("row key `{path}` appears {n} times in kept ∪ dropped\n{report:#?}")
                    }
                }
            }
        }
    }

    for path in &kept {
        let known = parent.contains_key(*path)
            || parent.iter().any(|(key, value)| {
                value.as_array().is_some_and(|rows| {
                    rows.iter().enumerate().any(|(i, row)| {
                        row.as_object().is_some_and(|row| {
                            row.keys().any(|k| *path == format!("{key}[{i}].{k}"))
                        })
                    })
                })
            });
        assert!(known, "kept path `{path}` names no parent key\n{report:#?}");
    }

    if let Some(body_record) = body_record {
        let over = body_record
            .as_object()
            .expect("override data[0] is an object");
        for key in over.keys() {
            let n = count(&overridden, key) + count(&refused, key);
            assert_eq!(
                n, 1,
                "override key `{key}` appears {n} times in overridden ∪ refused\n{report:#?}"
            );
        }
    }
}

/// Every `$` key found at any depth of `value`, as paths.
pub fn dollar_paths(value: &Value, path: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            for (key, inner) in object {
                let inner_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                if key.starts_with('$') {
                    out.push(inner_path.clone());
                }
                dollar_paths(inner, &inner_path, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                dollar_paths(item, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// The payload's `data[0]` has no `$` key at any depth, no `id` at its top
/// level, and no `id` in subform rows or in multi-select lookup linking rows
/// (told apart by the plan's metadata).
pub fn assert_no_dollar_or_id(payload: &Value, plan: &Plan) {
    let record = payload["data"][0]
        .as_object()
        .unwrap_or_else(|| panic!("payload has no data[0] object: {payload}"));
    let mut found = Vec::new();
    dollar_paths(&payload["data"][0], "", &mut found);
    assert!(found.is_empty(), "`$` keys left in the payload: {found:?}");
    assert!(
        !record.contains_key("id"),
        "the payload keeps the record id"
    );
    for (key, value) in record {
        let Some(meta) = plan.fields().get(key) else {
            continue;
        };
        if !(meta.data_type.is_subform() || meta.data_type.is_linking_list()) {
            continue;
        }
        for (i, row) in value.as_array().into_iter().flatten().enumerate() {
            assert!(
                !row.as_object().is_some_and(|row| row.contains_key("id")),
                "`{key}[{i}]` keeps its id: {row}"
            );
        }
    }
}
