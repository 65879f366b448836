//! Helpers for `tests/validation.rs` and `tests/conformance.rs`: field
//! metadata built inline from compact specs, plans, clones and checks.
//!
//! Not every test file uses every helper.
#![allow(dead_code)]

use std::collections::HashMap;

use clone_rules::{
    Applied, ErrorCode, FieldsMeta, InsertCheck, Layouts, Options, Plan, Record, Rejection, Report,
    ZohoError, parent_record,
};
use serde_json::{Map, Value, json};

// ---------------------------------------------------------------------------
// Field metadata

/// One field object of a `{"fields":[…]}` response, built from a compact
/// spec: `f("Last_Name", "text").length(80).mandatory()`.
#[derive(Debug, Clone)]
pub struct F(Map<String, Value>);

/// A writable field of the given `api_name` and `data_type`.
pub fn f(api_name: &str, data_type: &str) -> F {
    let mut object = Map::new();
    object.insert("api_name".into(), json!(api_name));
    object.insert("data_type".into(), json!(data_type));
    F(object)
}

impl F {
    /// Sets any metadata key.
    #[must_use]
    pub fn with(mut self, key: &str, value: Value) -> Self {
        self.0.insert(key.to_owned(), value);
        self
    }

    /// `length`.
    #[must_use]
    pub fn length(self, length: u64) -> Self {
        self.with("length", json!(length))
    }

    /// `decimal_place`.
    #[must_use]
    pub fn decimals(self, places: u64) -> Self {
        self.with("decimal_place", json!(places))
    }

    /// `json_type`.
    #[must_use]
    pub fn json(self, json_type: &str) -> Self {
        self.with("json_type", json!(json_type))
    }

    /// `system_mandatory: true`.
    #[must_use]
    pub fn mandatory(self) -> Self {
        self.with("system_mandatory", json!(true))
    }

    /// `unique: {"case_sensitive": false}`.
    #[must_use]
    pub fn unique(self) -> Self {
        self.with("unique", json!({"case_sensitive": false}))
    }

    /// `read_only: true`.
    #[must_use]
    pub fn read_only(self) -> Self {
        self.with("read_only", json!(true))
    }

    /// `operation_type.api_create: false`.
    #[must_use]
    pub fn not_creatable(self) -> Self {
        self.with(
            "operation_type",
            json!({"api_create": false, "api_update": false}),
        )
    }

    /// `pick_list_values` whose `actual_value`s are `values`; each
    /// `display_value` differs from its actual value.
    #[must_use]
    pub fn picklist(self, values: &[&str]) -> Self {
        let entries: Vec<Value> = values
            .iter()
            .map(|v| json!({"display_value": format!("{v} (shown)"), "actual_value": v}))
            .collect();
        self.with("pick_list_values", Value::Array(entries))
    }

    /// A subform field whose rows live in module `module`.
    #[must_use]
    pub fn rows_of(self, module: &str) -> Self {
        self.with(
            "associated_module",
            json!({"module": module, "id": "6000000000000009001"}),
        )
    }

    /// The field object.
    pub fn into_value(self) -> Value {
        Value::Object(self.0)
    }
}

/// The `{"fields":[…]}` document.
pub fn fields_doc(fields: impl IntoIterator<Item = F>) -> Value {
    json!({"fields": fields.into_iter().map(F::into_value).collect::<Vec<_>>()})
}

/// Parsed metadata.
pub fn meta(fields: impl IntoIterator<Item = F>) -> FieldsMeta {
    FieldsMeta::from_json(&fields_doc(fields)).expect("inline metadata parses")
}

/// Parsed layouts from a `{"layouts":[…]}` document.
pub fn layouts(document: &Value) -> Layouts {
    Layouts::from_json(document).expect("inline layouts parse")
}

// ---------------------------------------------------------------------------
// Plans and runs

/// A plan with default options.
pub fn plan(module: &str, fields: impl IntoIterator<Item = F>) -> Plan {
    plan_with(module, fields, Options::default())
}

/// A plan with the given options.
pub fn plan_with(module: &str, fields: impl IntoIterator<Item = F>, options: Options) -> Plan {
    Plan::builder(module, meta(fields))
        .options(options)
        .compile()
        .unwrap_or_else(|e| panic!("plan for {module} compiles: {e}"))
}

/// A plan with subform metadata (`(subform module, fields)`), optional
/// layouts and options.
pub fn plan_full(
    module: &str,
    fields: impl IntoIterator<Item = F>,
    subforms: Vec<(&str, Vec<F>)>,
    layouts: Option<Layouts>,
    options: Options,
) -> Plan {
    let mut builder = Plan::builder(module, meta(fields)).options(options);
    for (name, rows) in subforms {
        builder = builder.subform(name, meta(rows));
    }
    if let Some(layouts) = layouts {
        builder = builder.layouts(layouts);
    }
    builder
        .compile()
        .unwrap_or_else(|e| panic!("plan for {module} compiles: {e}"))
}

/// Clones `parent` (a record object or a get-record response) with `body`.
pub fn clone(plan: &Plan, parent: &Value, body: Option<&Value>) -> Applied {
    let record = parent_record(parent).expect("the parent is a record");
    let applied = plan.apply_with_report(record, body);
    // The cheap path must agree with the rich one.
    assert_eq!(
        plan.apply(record, body),
        applied.result,
        "apply and apply_with_report disagree"
    );
    applied
}

/// The payload of a clone Zoho accepts.
pub fn payload(applied: &Applied) -> &Value {
    match &applied.result {
        Ok(payload) => payload,
        Err(rejection) => panic!("expected a payload, got {}", rejection.to_envelope(true)),
    }
}

/// The payload's record, `data[0]`.
pub fn payload_record(applied: &Applied) -> &Record {
    payload(applied)["data"][0]
        .as_object()
        .expect("data[0] is an object")
}

/// The rejection of a clone Zoho refuses.
pub fn rejection(applied: &Applied) -> &Rejection {
    match &applied.result {
        Ok(payload) => panic!("expected errors, got the payload {payload}"),
        Err(rejection) => rejection,
    }
}

/// Every error of a clone, in order; empty when it succeeds.
pub fn errors(applied: &Applied) -> Vec<ZohoError> {
    match &applied.result {
        Ok(_) => Vec::new(),
        Err(rejection) => rejection.errors().to_vec(),
    }
}

/// Every error of a clone as `(code, details)`, in order.
pub fn error_list(applied: &Applied) -> Vec<(ErrorCode, Value)> {
    errors(applied)
        .iter()
        .map(|e| (e.code, e.details()))
        .collect()
}

/// `validate_insert` of a body.
pub fn insert(plan: &Plan, body: &Value) -> InsertCheck {
    plan.validate_insert(body)
}

/// The errors of the only record of an insert body, in order.
pub fn insert_errors(plan: &Plan, record: Value) -> Vec<ZohoError> {
    let mut body = json!({"data": []});
    body["data"] = Value::Array(vec![record]);
    let check = plan.validate_insert(&body);
    assert!(check.request_error().is_none(), "unexpected request error");
    match &check.records()[0] {
        Ok(()) => Vec::new(),
        Err(rejection) => rejection.errors().to_vec(),
    }
}

// ---------------------------------------------------------------------------
// Report checks

/// The report invariant of spec §8 at the top level: every parent key once
/// in `kept ∪ dropped ∪ overridden`, every override key once in
/// `overridden ∪ refused`.
pub fn assert_top_level_partition(report: &Report, parent: &Record, over: Option<&Record>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for path in report
        .kept
        .iter()
        .chain(report.dropped.iter().map(|d| &d.path))
        .chain(report.overridden.iter())
    {
        *seen.entry(path.as_str()).or_default() += 1;
    }
    for key in parent.keys() {
        assert_eq!(
            seen.get(key.as_str()),
            Some(&1),
            "parent key {key} in {report:?}"
        );
    }
    let Some(over) = over else { return };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for path in report
        .overridden
        .iter()
        .chain(report.refused.iter().map(|d| &d.path))
    {
        *seen.entry(path.as_str()).or_default() += 1;
    }
    for key in over.keys() {
        assert_eq!(
            seen.get(key.as_str()),
            Some(&1),
            "override key {key} in {report:?}"
        );
    }
}

/// The keys of a JSON object, sorted.
pub fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    keys
}
