//! Body shape (spec §6.1): what an Insert Records body must look like.

use serde_json::{Map, Value};

use crate::input::Record;
use crate::zoho::{ErrorCode, ZohoError};

/// The top-level keys Insert Records takes besides `data`.
const TRIGGERS: &[&str] = &[
    "workflow",
    "approval",
    "blueprint",
    "pathfinder",
    "orchestration",
];
const SKIPPABLE: &[&str] = &["cadences"];
const APPLICABLE: &[&str] = &[
    "layout_rules",
    "range_validation",
    "assignment_rules",
    "function_validation_rule",
    "criteria_validation_rule",
    "global_map_dependency",
    "territory_subordinates",
];

/// Whether Insert Records takes this top-level key besides `data`.
pub(crate) fn is_feature_key(key: &str) -> bool {
    matches!(
        key,
        "trigger" | "skip_feature_execution" | "apply_feature_execution" | "lar_id"
    )
}

/// A body read as far as its shape allows.
#[derive(Debug, Default)]
pub(crate) struct Body<'a> {
    /// `data[0]`, when the body has one record object.
    pub(crate) record: Option<&'a Record>,
    /// Accepted top-level keys, in the body's order, to pass through.
    pub(crate) passthrough: Vec<(&'a str, &'a Value)>,
    /// Top-level keys Insert Records does not take.
    pub(crate) unknown_keys: Vec<&'a str>,
    /// Shape errors: those of `data` first, then those of the other keys in
    /// the body's order.
    pub(crate) errors: Vec<ZohoError>,
}

/// Reads a body; `None` (no body) overrides nothing.
pub(crate) fn read(body: Option<&Value>) -> Body<'_> {
    let mut read = Body::default();
    let Some(body) = body else {
        return read;
    };
    let Value::Object(object) = body else {
        read.errors.push(invalid("$").expecting("jsonobject"));
        return read;
    };
    read.record = data_record(object, &mut read.errors);
    for (key, value) in object {
        match key.as_str() {
            "data" => {}
            key if is_feature_key(key) => {
                check_feature_key(key, value, &mut read.errors);
                read.passthrough.push((key, value));
            }
            _ => read.unknown_keys.push(key),
        }
    }
    read
}

pub(crate) fn invalid(json_path: &str) -> ZohoError {
    ZohoError {
        json_path: Some(json_path.to_owned()),
        ..ZohoError::new(ErrorCode::InvalidData)
    }
}

fn data_record<'a>(
    object: &'a Map<String, Value>,
    errors: &mut Vec<ZohoError>,
) -> Option<&'a Record> {
    if let [Value::Object(record)] = data_records(object, 1, errors)? {
        return Some(record);
    }
    errors.push(invalid("$.data[0]").expecting("jsonobject"));
    None
}

/// The body's `data` array when it holds 1 to `most` entries; otherwise
/// the shape error of §6.1 (`LIMIT_EXCEEDED` with `maximum_length: most`
/// past the limit).
pub(crate) fn data_records<'a>(
    object: &'a Map<String, Value>,
    most: usize,
    errors: &mut Vec<ZohoError>,
) -> Option<&'a [Value]> {
    let Some(Value::Array(data)) = object.get("data") else {
        errors.push(invalid("$.data").expecting("jsonarray"));
        return None;
    };
    if data.is_empty() {
        errors.push(invalid("$.data"));
    } else if data.len() > most {
        let error = ZohoError::at(ErrorCode::LimitExceeded, "data", "$.data");
        errors.push(error.with_maximum_length(most as u64));
    } else {
        return Some(data);
    }
    None
}

pub(crate) fn check_feature_key(key: &str, value: &Value, errors: &mut Vec<ZohoError>) {
    if key == "lar_id" {
        if !value.is_string() {
            errors.push(invalid("$.lar_id").expecting("string"));
        }
        return;
    }
    let Value::Array(entries) = value else {
        errors.push(invalid(&format!("$.{key}")).expecting("jsonarray"));
        return;
    };
    for (i, entry) in entries.iter().enumerate() {
        let error = match key {
            "trigger" => trigger_error(entry, i),
            "skip_feature_execution" => named_entry_error(key, entry, i, SKIPPABLE),
            _ => named_entry_error(key, entry, i, APPLICABLE),
        };
        errors.extend(error);
    }
}

fn trigger_error(entry: &Value, index: usize) -> Option<ZohoError> {
    let known = entry.as_str().is_some_and(|name| TRIGGERS.contains(&name));
    (!known).then(|| {
        ZohoError::at(
            ErrorCode::InvalidData,
            "trigger",
            format!("$.trigger[{index}]"),
        )
        .with_supported_values(TRIGGERS.iter().copied())
    })
}

/// Entries of the form `{"name": "…"}` with a name from `supported`.
fn named_entry_error(
    key: &str,
    entry: &Value,
    index: usize,
    supported: &[&str],
) -> Option<ZohoError> {
    let name = entry
        .as_object()
        .and_then(|o| o.get("name"))
        .and_then(Value::as_str);
    let known = name.is_some_and(|name| supported.contains(&name));
    (!known).then(|| {
        ZohoError::at(
            ErrorCode::InvalidData,
            "name",
            format!("$.{key}[{index}].name"),
        )
        .with_supported_values(supported.iter().copied())
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn first_error(body: &Value) -> Value {
        read(Some(body)).errors[0].details()
    }

    #[test]
    fn no_body_is_valid() {
        let body = read(None);
        assert!(body.errors.is_empty() && body.record.is_none());
    }

    #[test]
    fn each_shape_problem_has_its_code_and_path() {
        assert_eq!(
            first_error(&json!([])),
            json!({"json_path": "$", "expected_data_type": "jsonobject"})
        );
        assert_eq!(
            first_error(&json!({})),
            json!({"json_path": "$.data", "expected_data_type": "jsonarray"})
        );
        assert_eq!(
            first_error(&json!({"data": {}})),
            json!({"json_path": "$.data", "expected_data_type": "jsonarray"})
        );
        assert_eq!(
            first_error(&json!({"data": []})),
            json!({"json_path": "$.data"})
        );
        assert_eq!(
            first_error(&json!({"data": [1]})),
            json!({"json_path": "$.data[0]", "expected_data_type": "jsonobject"})
        );
        let body = json!({"data": [{}, {}]});
        let two = read(Some(&body));
        assert_eq!(two.errors[0].code, ErrorCode::LimitExceeded);
        assert_eq!(
            two.errors[0].details(),
            json!({"api_name": "data", "json_path": "$.data", "maximum_length": 1})
        );
    }

    #[test]
    fn feature_keys_are_checked_and_passed_through() {
        let body = json!({"data": [{}], "trigger": ["workflow", "nope"], "lar_id": 5,
            "skip_feature_execution": [{"name": "cadences"}, {"name": "x"}],
            "apply_feature_execution": "layout_rules", "extra": 1});
        let read = read(Some(&body));
        let paths: Vec<_> = read
            .errors
            .iter()
            .map(|e| e.json_path.clone().unwrap())
            .collect();
        assert_eq!(
            paths,
            [
                "$.trigger[1]",
                "$.lar_id",
                "$.skip_feature_execution[1].name",
                "$.apply_feature_execution"
            ]
        );
        assert_eq!(read.passthrough.len(), 4);
        assert_eq!(read.unknown_keys, ["extra"]);
    }
}
