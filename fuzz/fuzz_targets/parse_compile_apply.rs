//! Parse, compile and apply, end to end, on untrusted input.
//!
//! # Input layout
//!
//! ```text
//! byte 0   options: bit0 gdpr, bit1 unknown_fields keep, bit2 subform_merge
//!          update, bits3-4 unique (0 reject, 1 clear, 2 suffix, 3 reject),
//!          bit5 strict_picklists, bit6 all_errors, bit7 known unique values
//! byte 1   module, an index into MODULES
//! byte 2   bits0-1 scopes (none / ALL / the module's READ only / custom+leads
//!          CREATE in one comma list), bit2 exclude the first field,
//!          bit3 exclude a subform column, bit4 subform metadata under a name
//!          no subform has, bit7 structured mode
//! rest     text mode: JSON texts separated by NUL bytes, in this order:
//!          fields, subform fields, layouts, parent, override body (a part
//!          that is missing, empty or not JSON is left out)
//!          structured mode: raw bytes from which the documents are built
//!          (see `Gen`), so that every input is well-formed JSON and the
//!          fuzzer spends its time in the rules rather than in the parser
//! ```
//!
//! # What crashes
//!
//! Any panic in the crate, and any broken invariant:
//! - a name spec §2 refuses (`Notes`, `leads`, `Meetings`) compiles;
//! - `apply`, `apply_owned` and `apply_with_report` disagree;
//! - a payload's `data[0]` holds `id`, or a `$` key at any depth, or a
//!   subform/linking row that keeps its `id`;
//! - a top-level key of the parent is not in exactly one of kept, dropped
//!   and overridden, or a key of the override not in exactly one of
//!   overridden and refused (spec §8);
//! - a payload the engine accepted fails `validate_insert` (a clone's
//!   payload must be an Insert Records body Zoho accepts);
//! - an error envelope is not shaped as spec §7 says.

#![no_main]

use clone_rules::{
    DataType, ErrorCode, FieldsMeta, Layouts, Options, Plan, Problem, Report, SubformMerge,
    UniquePolicy, UnknownFields, parent_record,
};
use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};

/// Module names tried: standard ones with rules of their own, a plain one,
/// a custom one, and names spec §2 refuses.
const MODULES: &[&str] = &[
    "Leads",
    "Events",
    "Appointments__s",
    "Services__s",
    "Projects_X",
    "Notes",
    "leads",
    "Quotes",
    "Contacts",
    "Price_Books",
    "Meetings",
];

/// Names spec §2 answers with `INVALID_MODULE` whatever the metadata.
const REFUSED_MODULES: &[&str] = &["Notes", "leads", "Meetings"];

fuzz_target!(|data: &[u8]| {
    let [opts, module, extra, rest @ ..] = data else {
        return;
    };
    let module = MODULES[usize::from(*module) % MODULES.len()];
    let docs = if extra & 0x80 == 0 {
        Docs::from_text(rest)
    } else {
        Docs::generated(rest)
    };
    run(*opts, module, *extra, &docs);
});

/// The documents of one run, as JSON.
#[derive(Default)]
struct Docs {
    fields: Option<Value>,
    subform: Option<Value>,
    layouts: Option<Value>,
    parent: Option<Value>,
    body: Option<Value>,
}

impl Docs {
    fn from_text(rest: &[u8]) -> Self {
        let mut parts = rest.split(|b| *b == 0).map(|part| {
            std::str::from_utf8(part)
                .ok()
                .filter(|text| !text.trim().is_empty())
                .and_then(|text| serde_json::from_str::<Value>(text).ok())
        });
        let mut next = || parts.next().flatten();
        Self {
            fields: next(),
            subform: next(),
            layouts: next(),
            parent: next(),
            body: next(),
        }
    }

    fn generated(rest: &[u8]) -> Self {
        let mut g = Gen(Unstructured::new(rest));
        let fields = g.fields(true);
        let subform = g.fields(false);
        let layouts = g.layouts();
        let parent = g.record(true);
        let body = if g.bit() { Some(g.body()) } else { None };
        Self {
            fields: Some(fields),
            subform: Some(subform),
            layouts: g.bit().then_some(layouts),
            parent: Some(parent),
            body,
        }
    }
}

fn options(
    opts: u8,
    extra: u8,
    fields: &FieldsMeta,
    subform: Option<&(String, FieldsMeta)>,
) -> Options {
    let mut options = Options::default()
        .gdpr(opts & 1 != 0)
        .unknown_fields(if opts & 2 == 0 {
            UnknownFields::Drop
        } else {
            UnknownFields::Keep
        })
        .subform_merge(if opts & 4 == 0 {
            SubformMerge::Replace
        } else {
            SubformMerge::Update
        })
        .unique(match (opts >> 3) & 3 {
            1 => UniquePolicy::Clear,
            2 => UniquePolicy::Suffix,
            _ => UniquePolicy::Reject,
        })
        .strict_picklists(opts & 0x20 != 0)
        .all_errors(opts & 0x40 != 0);
    if opts & 0x80 != 0
        && let Some(field) = fields.iter().find(|f| f.unique.is_some())
    {
        options = options.known_unique_values(
            field.api_name.clone(),
            vec![json!("taken"), json!("Taken (copy)"), json!(7)],
        );
    }
    options = match extra & 3 {
        1 => options.scopes(["ZohoCRM.modules.ALL"]),
        2 => options.scopes(["ZohoCRM.modules.leads.READ"]),
        3 => options.scopes([
            "ZohoCRM.settings.ALL, zohocrm.modules.custom.create,ZohoCRM.modules.Leads.CREATE",
        ]),
        _ => options,
    };
    if extra & 4 != 0
        && let Some(field) = fields.iter().next()
    {
        options = options.exclude(field.api_name.clone());
    }
    if extra & 8 != 0
        && let Some((name, meta)) = subform
    {
        let column = meta.iter().next().map_or("Nope", |f| f.api_name.as_str());
        options = options.exclude(format!("{name}.{column}"));
    }
    options
}

fn run(opts: u8, module: &str, extra: u8, docs: &Docs) {
    // Parsing: every document is tried with every parser it could meet.
    for doc in [
        &docs.fields,
        &docs.subform,
        &docs.layouts,
        &docs.parent,
        &docs.body,
    ]
    .into_iter()
    .flatten()
    {
        let _ = FieldsMeta::from_json(doc);
        let _ = Layouts::from_json(doc);
        let _ = parent_record(doc);
        let _ = clone_rules::into_parent_record(doc.clone());
    }
    let Some(plan) = compile(opts, module, extra, docs) else {
        return;
    };
    let all = plan.options().is_all_errors();
    if let Some(body) = &docs.body {
        let _ = plan.validate_insert(body).to_response(all);
    }
    let Some(Ok(parent)) = docs.parent.as_ref().map(parent_record) else {
        return;
    };
    apply(&plan, parent, docs.body.as_ref());
}

/// Compiles the plan, checking what a compile error must look like.
fn compile(opts: u8, module: &str, extra: u8, docs: &Docs) -> Option<Plan> {
    let fields = FieldsMeta::from_json(docs.fields.as_ref()?).ok()?;
    let subform_meta = docs
        .subform
        .as_ref()
        .and_then(|doc| FieldsMeta::from_json(doc).ok());
    let subform = subform_meta.map(|meta| (subform_name(&fields, extra), meta));
    let options = options(opts, extra, &fields, subform.as_ref());

    let mut builder = Plan::builder(module, fields).options(options);
    if let Some((name, meta)) = subform {
        builder = builder.subform(name, meta);
    }
    if let Some(layouts) = docs
        .layouts
        .as_ref()
        .and_then(|doc| Layouts::from_json(doc).ok())
    {
        builder = builder.layouts(layouts);
    }
    let refused_name = REFUSED_MODULES.contains(&module);
    match builder.compile() {
        Ok(plan) => {
            assert!(
                !refused_name,
                "module `{module}` compiled, but spec §2 refuses it"
            );
            Some(plan)
        }
        Err(error) => {
            assert!(
                !error.problems().is_empty(),
                "a compile error with no problem"
            );
            let invalid_module = error
                .problems()
                .iter()
                .any(|p| matches!(p, Problem::InvalidModule { .. }));
            assert!(
                !refused_name || invalid_module,
                "`{module}` failed to compile, but not as INVALID_MODULE"
            );
            let _ = error.to_string();
            let _ = error.api_name_hint();
            if let Some(zoho) = error.to_zoho_error() {
                assert_eq!(zoho.code, ErrorCode::InvalidModule);
                assert_eq!(
                    zoho.to_envelope()["data"][0]["details"]["resource_path_index"],
                    0
                );
            }
            None
        }
    }
}

/// The name the subform metadata is given under: the first subform field's
/// module (or its own name), or with bit 4 of `extra` a name no subform has.
fn subform_name(fields: &FieldsMeta, extra: u8) -> String {
    if extra & 0x10 != 0 {
        return "No_Such_Subform".to_owned();
    }
    fields
        .iter()
        .find(|f| f.data_type.is_subform())
        .map_or_else(
            || "Sub".to_owned(),
            |f| {
                f.subform_module
                    .clone()
                    .unwrap_or_else(|| f.api_name.clone())
            },
        )
}

/// Applies the plan three ways and checks the result and the report.
fn apply(plan: &Plan, parent: &Map<String, Value>, body: Option<&Value>) {
    let all = plan.options().is_all_errors();
    let applied = plan.apply_with_report(parent, body);
    let cheap = plan.apply(parent, body);
    assert_eq!(
        cheap, applied.result,
        "apply and apply_with_report disagree"
    );
    let owned = plan.apply_owned(parent.clone(), body);
    assert_eq!(
        owned, applied.result,
        "apply_owned and apply_with_report disagree"
    );

    let override_record = body
        .and_then(|b| b.get("data"))
        .and_then(Value::as_array)
        .filter(|data| data.len() == 1)
        .and_then(|data| data[0].as_object());
    // A request-level answer (scope) stops before the clone: empty report.
    let report = &applied.report;
    if matches!(&applied.result, Err(r) if r.first().code.is_flat()) {
        assert!(report.kept.is_empty() && report.dropped.is_empty() && report.refused.is_empty());
    } else {
        check_partition(parent, override_record, report);
    }

    match &applied.result {
        Ok(payload) => {
            check_payload(plan, payload);
            let verdict = plan.validate_insert(payload);
            assert!(
                verdict.is_valid(),
                "the clone's payload fails validate_insert: {}",
                verdict.to_response(true)
            );
        }
        Err(rejection) => {
            let envelope = rejection.to_envelope(all);
            let first = rejection.first();
            if first.code.is_flat() {
                assert_eq!(envelope["code"], first.code.as_str());
            } else {
                let entry = &envelope["data"][0];
                assert_eq!(envelope["data"].as_array().map(Vec::len), Some(1));
                if all && rejection.errors().len() > 1 {
                    assert_eq!(entry["code"], "MULTIPLE_OR_MULTI_ERRORS");
                } else {
                    assert_eq!(entry["code"], first.code.as_str());
                }
            }
            assert!(matches!(rejection.http_status(), 400 | 401));
        }
    }
}

/// Spec §8 at the top level: every parent key exactly once in kept ∪ dropped
/// ∪ overridden, every override key exactly once in overridden ∪ refused.
///
/// Nested paths always hold `.` or `[`, so counting exact matches is exact
/// for keys without them; the other keys are skipped.
fn check_partition(
    parent: &Map<String, Value>,
    body: Option<&Map<String, Value>>,
    report: &Report,
) {
    let plain = |key: &&String| !key.contains(['.', '[']);
    let count =
        |paths: &mut dyn Iterator<Item = &String>, key: &str| paths.filter(|p| *p == key).count();
    for key in parent.keys().filter(plain) {
        let n = count(&mut report.kept.iter(), key)
            + count(&mut report.dropped.iter().map(|d| &d.path), key)
            + count(&mut report.overridden.iter(), key);
        assert_eq!(n, 1, "parent key `{key}` is listed {n} times: {report:?}");
    }
    for key in body.into_iter().flat_map(Map::keys).filter(plain) {
        let n = count(&mut report.overridden.iter(), key)
            + count(&mut report.refused.iter().map(|d| &d.path), key);
        assert_eq!(n, 1, "override key `{key}` is listed {n} times: {report:?}");
    }
    let known = |path: &String| {
        !plain(&path) || parent.contains_key(path) || body.is_some_and(|b| b.contains_key(path))
    };
    let listed = report
        .kept
        .iter()
        .chain(&report.overridden)
        .chain(report.dropped.iter().map(|d| &d.path))
        .chain(report.refused.iter().map(|d| &d.path));
    for path in listed {
        assert!(known(path), "report path `{path}` names no key: {report:?}");
    }
}

fn check_payload(plan: &Plan, payload: &Value) {
    let data = payload["data"]
        .as_array()
        .expect("payload data is an array");
    assert_eq!(data.len(), 1, "payload data holds one record");
    let record = data[0].as_object().expect("payload data[0] is an object");
    assert!(!record.contains_key("id"), "payload data[0] has an `id`");
    assert_no_dollar(&data[0], "data[0]");
    for (key, value) in record {
        let Some(field) = plan.fields().get(key) else {
            continue;
        };
        let rows_lose_id = field.data_type.is_subform() || field.data_type.is_linking_list();
        if let (true, Some(rows)) = (rows_lose_id, value.as_array()) {
            for (i, row) in rows.iter().enumerate() {
                assert!(
                    row.get("id").is_none(),
                    "row {key}[{i}] keeps its id ({:?})",
                    field.data_type
                );
            }
        }
        if matches!(field.data_type, DataType::Subform | DataType::Lineitem)
            && let Some(rows) = value.as_array()
        {
            assert!(rows.len() <= 100, "{key} has more than 100 rows");
        }
    }
}

fn assert_no_dollar(value: &Value, at: &str) {
    match value {
        Value::Object(object) => {
            for (key, inner) in object {
                assert!(!key.starts_with('$'), "`$` key `{key}` at {at}");
                assert_no_dollar(inner, &format!("{at}.{key}"));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                assert_no_dollar(item, &format!("{at}[{i}]"));
            }
        }
        _ => {}
    }
}

/// Builds well-formed documents from raw bytes.
struct Gen<'a>(Unstructured<'a>);

/// Field names: ones the rules name, one per interesting type, and keys
/// the rules treat by name.
const NAMES: &[&str] = &[
    "Last_Name",
    "Company",
    "Email",
    "Phone",
    "Owner",
    "Created_Time",
    "Full_Name",
    "Locked__s",
    "Wizard",
    "Data_Processing_Basis_Details",
    "Status",
    "Recurring_Activity",
    "remind_at",
    "Unavailable_From",
    "Reschedule_Count",
    "Appointment_Name",
    "Tag",
    "Layout",
    "Sub",
    "Items",
    "Products",
    "Amount",
    "Day",
    "Code",
];

const DATA_TYPES: &[&str] = &[
    "text",
    "textarea",
    "email",
    "phone",
    "picklist",
    "integer",
    "bigint",
    "double",
    "currency",
    "boolean",
    "date",
    "datetime",
    "multiselectpicklist",
    "lookup",
    "ownerlookup",
    "layout",
    "consent_lookup",
    "multiselectlookup",
    "multiuserlookup",
    "subform",
    "lineitem",
    "fileupload",
    "imageupload",
    "formula",
    "autonumber",
    "rollup_summary",
    "profileimage",
    "multireminder",
    "territories",
    "time",
];

const JSON_TYPES: &[&str] = &[
    "string",
    "integer",
    "double",
    "boolean",
    "jsonobject",
    "jsonarray",
];

const STRINGS: &[&str] = &[
    "",
    "a",
    "Taken",
    "taken",
    "Taken (copy)",
    "x (copy 2)",
    "x (copy 4294967295)",
    "x (copy 18446744073709551616)",
    "$5 off",
    "2024-02-29",
    "2023-02-29",
    "2024-01-01T10:00:00+05:30",
    "2024-01-01T24:00:00Z",
    "a@b.co",
    "not an email",
    "12345678901234567890",
    "ÄÖÜ ß İ",
    "9000000000000000001",
];

impl Gen<'_> {
    fn byte(&mut self) -> u8 {
        self.0.arbitrary().unwrap_or(0)
    }

    fn bit(&mut self) -> bool {
        self.byte() & 1 == 1
    }

    fn pick<'s>(&mut self, list: &[&'s str]) -> &'s str {
        list[usize::from(self.byte()) % list.len()]
    }

    fn name(&mut self) -> String {
        match self.byte() % 16 {
            0 => "id".to_owned(),
            1 => "Parent_Id".to_owned(),
            2 => format!("${}", self.pick(NAMES)),
            3 => "Unknown_Key".to_owned(),
            _ => self.pick(NAMES).to_owned(),
        }
    }

    fn fields(&mut self, top: bool) -> Value {
        let count = self.byte() % 10;
        let mut fields = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..count {
            let name = self.pick(NAMES);
            if !seen.insert(name) {
                continue;
            }
            fields.push(self.field(name, top));
        }
        if !top && self.bit() {
            fields.push(json!({"api_name": "Parent_Id", "data_type": "lookup"}));
        }
        json!({ "fields": fields })
    }

    fn field(&mut self, name: &str, top: bool) -> Value {
        let mut field = Map::new();
        field.insert("api_name".into(), json!(name));
        // Sub and Items are the subforms; Code is a unique text field, so
        // that the unique policies (and their suffixes) are reached often.
        let data_type = match name {
            "Sub" if top => "subform",
            "Items" if top => "lineitem",
            "Code" => "text",
            _ => self.pick(DATA_TYPES),
        };
        field.insert("data_type".into(), json!(data_type));
        let flags = self.byte();
        if flags & 1 != 0 {
            field.insert("json_type".into(), json!(self.pick(JSON_TYPES)));
        }
        if flags & 2 != 0 {
            field.insert("length".into(), json!(self.byte() % 24));
        }
        if flags & 4 != 0 {
            field.insert("decimal_place".into(), json!(self.byte() % 4));
        }
        field.insert("read_only".into(), json!(flags & 8 != 0));
        field.insert("system_mandatory".into(), json!(flags & 16 != 0));
        let more = self.byte();
        if more & 1 != 0 {
            field.insert("external".into(), json!({"type": "user"}));
        }
        match (more >> 1) & 3 {
            0 => {}
            1 => {
                field.insert("operation_type".into(), json!({"api_create": false}));
            }
            _ => {
                field.insert("operation_type".into(), json!({"api_create": true}));
            }
        }
        match if name == "Code" {
            1 + (more >> 3) % 3
        } else {
            (more >> 3) & 3
        } {
            1 => {
                field.insert("unique".into(), json!({"case_sensitive": false}));
            }
            2 => {
                field.insert("unique".into(), json!({"case_sensitive": true}));
            }
            3 => {
                field.insert("unique".into(), json!({"casesensitive": true}));
            }
            _ => {}
        }
        if more & 0x20 != 0 {
            field.insert(
                "pick_list_values".into(),
                json!([{"actual_value": "a", "display_value": "A"}, {"display_value": "Taken"}]),
            );
        }
        if data_type == "subform" || data_type == "lineitem" {
            field.insert(
                "associated_module".into(),
                json!({"module": "Sub", "api_name": "Sub"}),
            );
        }
        Value::Object(field)
    }

    fn layouts(&mut self) -> Value {
        let mut sections = Vec::new();
        for _ in 0..(self.byte() % 3) {
            let (api_name, label) = match self.byte() % 4 {
                0 => ("Appointment_Information", "Appointment Information"),
                1 => ("x", "APPOINTMENT INFORMATION"),
                2 => ("appointment_information", "Other"),
                _ => ("Other", "Other"),
            };
            let mut fields = Vec::new();
            for _ in 0..(self.byte() % 6) {
                fields.push(json!({"api_name": self.pick(NAMES), "required": self.bit()}));
            }
            sections.push(json!({"api_name": api_name, "display_label": label, "fields": fields}));
        }
        json!({"layouts": [{"id": "9000000000000000001", "sections": sections}]})
    }

    fn value(&mut self, depth: u8) -> Value {
        match self.byte() % 12 {
            0 => Value::Null,
            1 => json!(self.bit()),
            2 => json!(i64::from(self.byte()) - 100),
            3 => json!(f64::from(self.byte()) / 8.0),
            4 => json!(u64::MAX),
            5 => json!(1_234_567_890_123_456_789_i64),
            6 | 7 => json!(self.pick(STRINGS)),
            8 if depth < 3 => {
                let mut object = Map::new();
                for _ in 0..(self.byte() % 4) {
                    object.insert(self.name(), self.value(depth + 1));
                }
                Value::Object(object)
            }
            9 if depth < 3 => {
                let count = if self.byte() == 255 {
                    101
                } else {
                    self.byte() % 4
                };
                (0..count).map(|_| self.value(depth + 1)).collect()
            }
            10 => json!({"id": self.pick(STRINGS), "name": "n", "$x": 1}),
            _ => json!([{"id": "1", "Products": {"id": "2"}, "$y": true}, "row"]),
        }
    }

    fn row(&mut self) -> Value {
        let mut row = Map::new();
        for _ in 0..(self.byte() % 5) {
            let key = match self.byte() % 6 {
                0 => "id".to_owned(),
                1 => "Parent_Id".to_owned(),
                2 => "_delete".to_owned(),
                _ => self.name(),
            };
            let value = if key == "id" {
                json!(self.pick(&["r1", "r2", "r9"]))
            } else {
                self.value(2)
            };
            row.insert(key, value);
        }
        Value::Object(row)
    }

    fn record(&mut self, parent: bool) -> Value {
        let mut record = Map::new();
        if parent && self.bit() {
            record.insert("id".into(), json!("7100000000000000001"));
        }
        for _ in 0..(self.byte() % 12) {
            let key = self.name();
            let value = if key == "Sub" || key == "Items" {
                let count = self.byte() % 4;
                let mut rows = Vec::new();
                for i in 0..count {
                    let mut row = self.row();
                    if parent && let Value::Object(map) = &mut row {
                        map.insert("id".into(), json!(format!("r{}", i + 1)));
                    }
                    if self.byte().is_multiple_of(8) {
                        row = self.value(2);
                    }
                    rows.push(row);
                }
                Value::Array(rows)
            } else {
                self.value(0)
            };
            record.insert(key, value);
        }
        if parent && self.bit() {
            json!({ "data": [record] })
        } else {
            Value::Object(record)
        }
    }

    fn body(&mut self) -> Value {
        let mut body = Map::new();
        let record = self.record(false);
        body.insert(
            "data".into(),
            match self.byte() % 8 {
                0 => json!([]),
                1 => json!([record, {}]),
                2 => json!([1]),
                3 => json!({}),
                _ => json!([record]),
            },
        );
        let extras = self.byte();
        if extras & 1 != 0 {
            body.insert(
                "trigger".into(),
                json!(["workflow", self.pick(&["approval", "nope"])]),
            );
        }
        if extras & 2 != 0 {
            body.insert(
                "skip_feature_execution".into(),
                json!([{"name": self.pick(&["cadences", "x"])}]),
            );
        }
        if extras & 4 != 0 {
            body.insert("lar_id".into(), self.value(3));
        }
        if extras & 8 != 0 {
            body.insert("unknown_top".into(), json!(1));
        }
        if extras & 16 != 0 {
            body.insert(
                "apply_feature_execution".into(),
                json!([{"name": "layout_rules"}, 3]),
            );
        }
        if extras & 0x80 != 0 {
            return json!(["not", "an", "object"]);
        }
        Value::Object(body)
    }
}
