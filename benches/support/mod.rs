//! Realistic Zoho records for benchmarks: parents generated from field
//! metadata, with every kind of key the rules drop.
//!
//! Shared by the benches and the batch tests (`#[path]`-included).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

/// The repository's root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The Leads fields metadata: the real 87-field v7 response when
/// `../shared/realdata` is beside the repository, else the project's own
/// 34-field fixture. Returns the document and where it came from.
pub fn leads_fields() -> (Value, &'static str) {
    let real = root().join("../shared/realdata/Leads.fields.zohodocs-v7.json");
    if real.exists() {
        (read_json(&real), "realdata Leads v7 (87 fields)")
    } else {
        (
            read_json(&root().join("tests/fixtures/metadata/Leads.fields.json")),
            "fixture Leads (34 fields)",
        )
    }
}

/// A fixture document of the project, `tests/fixtures/<kind>/<file>`.
pub fn fixture(kind: &str, file: &str) -> Value {
    read_json(&root().join(format!("tests/fixtures/{kind}/{file}")))
}

/// Metadata for the two Leads subforms, by subform module name.
pub fn leads_subforms() -> Vec<(String, Value)> {
    ["Project_Details", "Alternate_Address"]
        .iter()
        .map(|name| {
            let path = root().join(format!("tests/fixtures/metadata/{name}.fields.json"));
            ((*name).to_owned(), read_json(&path))
        })
        .collect()
}

fn fields_of(document: &Value) -> &[Value] {
    document["fields"].as_array().map_or(&[], Vec::as_slice)
}

fn text_within(base: &str, length: Option<u64>) -> String {
    let limit = usize::try_from(length.unwrap_or(255)).unwrap_or(255).max(1);
    base.chars().take(limit).collect()
}

/// A plausible value of a field, varied by `seed`.
fn sample(field: &Value, seed: usize, subforms: &[(String, Value)], rows: usize) -> Value {
    let data_type = field["data_type"].as_str().unwrap_or("");
    let length = field["length"].as_u64();
    let api_name = field["api_name"].as_str().unwrap_or("");
    let id = |n: usize| {
        json!(format!(
            "{}",
            5_725_767_000_000_000_000u64 + (seed * 100 + n) as u64
        ))
    };
    match data_type {
        "text" if field["json_type"] == "jsonarray" => json!([{"name": "vip", "id": id(1)}]),
        "text" | "textarea" => json!(text_within(
            &format!("{api_name} value {seed} — données"),
            length
        )),
        "email" => json!(format!(
            "lead{seed}.{}@example.com",
            api_name.to_lowercase()
        )),
        "phone" => json!(format!("555-{:04}", seed % 10_000)),
        "website" => json!(format!("https://example.com/{seed}")),
        "picklist" => field["pick_list_values"]
            .get(1)
            .or(field["pick_list_values"].get(0))
            .map_or(json!("-None-"), |v| v["actual_value"].clone()),
        "integer" => json!(seed % 1000),
        "bigint" => json!(format!("{}", 1000 + seed)),
        "double" | "currency" | "percent" | "decimal" => {
            json!(12.5 + f64::from(u32::try_from(seed % 50).unwrap_or(0)))
        }
        "boolean" => json!(seed % 2 == 0),
        "date" => json!("2024-05-17"),
        "datetime" => json!("2024-05-17T10:20:30+05:30"),
        "multiselectpicklist" => json!(["Option 1", "Option 2"]),
        "lookup" | "ownerlookup" | "userlookup" => {
            json!({"name": "Test User", "id": id(2), "email": "user@example.com", "$hidden": true})
        }
        "layout" => json!({"name": "Standard", "id": "5725767000000091055"}),
        "multiselectlookup" => json!([{api_name: {"name": "Product", "id": id(3)}, "id": id(4)}]),
        "subform" => subform_rows(field, seed, subforms, rows),
        "fileupload" | "imageupload" => {
            json!([{"File_Name__s": "a.png", "Size__s": "120", "id": id(5)}])
        }
        "formula" | "rollup_summary" => json!(3),
        "profileimage" => json!("a1b2c3d4e5f6"),
        "territories" => json!([{"id": id(6), "name": "West"}]),
        _ => Value::Null,
    }
}

fn subform_rows(field: &Value, seed: usize, subforms: &[(String, Value)], rows: usize) -> Value {
    let module = field["associated_module"]["module"].as_str().unwrap_or("");
    let Some((_, meta)) = subforms.iter().find(|(name, _)| name == module) else {
        return json!([]);
    };
    let rows: Vec<Value> = (0..rows)
        .map(|row| {
            let mut object = Map::new();
            object.insert(
                "id".into(),
                json!(format!("{}", 9_000_000 + seed * 1000 + row)),
            );
            for column in fields_of(meta) {
                let name = column["api_name"].as_str().unwrap_or("");
                let value = match name {
                    "Parent_Id" => json!({"name": "Parent", "id": "5725767000002529010"}),
                    _ => sample(column, seed + row, &[], 0),
                };
                object.insert(name.into(), value);
            }
            object.insert(
                "$approval".into(),
                json!({"delegate": false, "approve": false}),
            );
            object.insert("$editable".into(), json!(true));
            Value::Object(object)
        })
        .collect();
    Value::Array(rows)
}

/// A Leads parent as Zoho's get-record call returns it (bare object), with
/// every field of the metadata, `rows` rows in each subform, `$` keys at
/// several depths and a key the metadata does not know.
pub fn leads_parent(
    fields: &Value,
    subforms: &[(String, Value)],
    seed: usize,
    rows: usize,
) -> Value {
    let mut record = Map::new();
    record.insert(
        "id".into(),
        json!(format!("{}", 5_725_767_000_002_529_010u64 + seed as u64)),
    );
    record.insert(
        "$approval".into(),
        json!({"delegate": false, "approve": false, "reject": false}),
    );
    record.insert("$currency_symbol".into(), json!("$"));
    for field in fields_of(fields) {
        let name = field["api_name"].as_str().unwrap_or("").to_owned();
        if name != "id" {
            record.insert(name, sample(field, seed, subforms, rows));
        }
    }
    record.insert("$editable".into(), json!(true));
    record.insert("Unknown_Key".into(), json!("not in metadata"));
    Value::Object(record)
}
