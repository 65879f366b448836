//! Mandatory fields (spec §6.2): `system_mandatory`, and the fields the
//! payload's layout marks `required`.

use std::collections::HashSet;

use serde_json::Value;

use crate::input::Record;
use crate::metadata::{FieldsMeta, Layouts};
use crate::rules::Reason;
use crate::zoho::{ErrorCode, ZohoError};

/// Whether a value counts as missing: absent, `null`, `""` or `[]`.
pub(crate) fn is_empty(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(text)) => text.is_empty(),
        Some(Value::Array(items)) => items.is_empty(),
        Some(_) => false,
    }
}

/// The fields the layout named by the record's `Layout.id` requires.
pub(crate) fn layout_required<'l>(
    record: &Record,
    layouts: Option<&'l Layouts>,
) -> HashSet<&'l str> {
    let id = match record.get("Layout").and_then(|layout| layout.get("id")) {
        Some(Value::String(id)) => id.clone(),
        Some(Value::Number(id)) => id.to_string(),
        _ => return HashSet::new(),
    };
    layouts
        .and_then(|layouts| layouts.get(&id))
        .map(|layout| layout.required_fields().collect())
        .unwrap_or_default()
}

/// `MANDATORY_NOT_FOUND` for each mandatory field of `meta` (in metadata
/// order) that `record` lacks. `json_prefix` gives the record's JSON path,
/// formatted only for an error; `removed_by` names the rule that took a
/// field out, if one did.
pub(crate) fn check(
    meta: &FieldsMeta,
    required: &HashSet<&str>,
    record: &Record,
    json_prefix: &dyn Fn() -> String,
    removed_by: &dyn Fn(&str) -> Option<Reason>,
    errors: &mut Vec<ZohoError>,
) {
    // Most records name no layout: no lookup per field then.
    let mandatory = meta.iter().filter(|field| {
        field.system_mandatory
            || (!required.is_empty() && required.contains(field.api_name.as_str()))
    });
    for field in mandatory {
        if is_empty(record.get(&field.api_name)) {
            let path = format!("{}.{}", json_prefix(), field.api_name);
            let mut error =
                ZohoError::at(ErrorCode::MandatoryNotFound, field.api_name.as_str(), path);
            error.rule = removed_by(&field.api_name);
            errors.push(error);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn missing_null_empty_string_and_empty_list_are_missing() {
        assert!(is_empty(None));
        for value in [json!(null), json!(""), json!([])] {
            assert!(is_empty(Some(&value)), "{value}");
        }
        for value in [json!(0), json!(false), json!({}), json!(" ")] {
            assert!(!is_empty(Some(&value)), "{value}");
        }
    }

    #[test]
    fn the_payloads_layout_adds_its_required_fields() {
        let layouts = Layouts::from_json(&json!({"layouts": [{"id": "7", "sections": [
            {"fields": [{"api_name": "Company", "required": true}, {"api_name": "Phone"}]}]}]}))
        .unwrap();
        let record = json!({"Layout": {"id": "7"}});
        let required = layout_required(record.as_object().unwrap(), Some(&layouts));
        assert_eq!(required, HashSet::from(["Company"]));
        let other = json!({"Layout": {"id": "8"}});
        assert!(layout_required(other.as_object().unwrap(), Some(&layouts)).is_empty());
        assert!(layout_required(record.as_object().unwrap(), None).is_empty());
    }
}
