//! Types and lengths (spec §6.3): the JSON shape of each value present, then
//! its format and length by data type.

use serde_json::Value;

use crate::metadata::{DataType, FieldMeta, JsonType};
use crate::options::Options;
use crate::zoho::{ErrorCode, ZohoError};

use super::formats;

/// The default digit count of an integer field without `length`.
const DEFAULT_INTEGER_DIGITS: u64 = 9;
/// The most digits a bigint holds.
const BIGINT_DIGITS: usize = 18;
/// The default total digits of a number field without `length`.
const DEFAULT_NUMBER_LENGTH: u64 = 16;

/// The error for `value` of `field` at `json_path`, if any. `null` is
/// always valid here (mandatory fields are checked apart).
pub(crate) fn check(
    field: &FieldMeta,
    value: &Value,
    json_path: impl FnOnce() -> String,
    options: &Options,
) -> Option<ZohoError> {
    if value.is_null() {
        return None;
    }
    let problem = shape_problem(field, value).or_else(|| format_problem(field, value, options))?;
    Some(problem.into_error(field, &json_path()))
}

/// What is wrong with a value, before it is placed.
#[derive(Debug, Clone, PartialEq)]
enum Problem {
    Expected(&'static str),
    TooLong(u64),
    Unsupported(Vec<String>),
}

impl Problem {
    fn into_error(self, field: &FieldMeta, json_path: &str) -> ZohoError {
        let error = ZohoError::at(ErrorCode::InvalidData, field.api_name.as_str(), json_path);
        match self {
            Self::Expected(data_type) => error.expecting(data_type),
            Self::TooLong(length) => error.with_maximum_length(length),
            Self::Unsupported(values) => error.with_supported_values(values),
        }
    }
}

/// The JSON shape the table of §6.3 gives a type without `json_type`, and
/// the name its errors use.
fn table_shape(data_type: &DataType) -> Option<(JsonType, &'static str)> {
    use DataType as T;
    let shape = match data_type {
        T::Text | T::Textarea | T::Phone | T::Picklist | T::Autonumber | T::Website | T::Email => {
            (JsonType::String, "string")
        }
        T::Integer => (JsonType::Integer, "integer"),
        T::Double | T::Currency | T::Percent | T::Decimal => (JsonType::Double, "double"),
        T::Boolean => (JsonType::Boolean, "boolean"),
        T::Date => (JsonType::String, "date"),
        T::Datetime => (JsonType::String, "datetime"),
        T::Lookup
        | T::Ownerlookup
        | T::Userlookup
        | T::Layout
        | T::MultiModuleLookup
        | T::ConsentLookup => (JsonType::JsonObject, "jsonobject"),
        T::Multiselectpicklist
        | T::Multiselectlookup
        | T::Multiuserlookup
        | T::Subform
        | T::Lineitem
        | T::Multireminder
        | T::Territories => (JsonType::JsonArray, "jsonarray"),
        _ => return None,
    };
    Some(shape)
}

/// Step 1: the shape `json_type` (or the table) asks for.
fn shape_problem(field: &FieldMeta, value: &Value) -> Option<Problem> {
    if field.data_type == DataType::Bigint && field.json_type.is_none_or(|t| t == JsonType::String)
    {
        // A bigint is an integer or a digit string, whatever json_type says.
        let fits = value.is_string() || value.as_i64().is_some() || value.as_u64().is_some();
        return (!fits).then_some(Problem::Expected("bigint"));
    }
    let (shape, name) = match field.json_type {
        Some(shape) => (shape, shape.as_str()),
        None => table_shape(&field.data_type)?,
    };
    (!has_shape(value, shape)).then_some(Problem::Expected(name))
}

fn has_shape(value: &Value, shape: JsonType) -> bool {
    match shape {
        JsonType::String => value.is_string(),
        JsonType::Integer => matches!(value, Value::Number(n) if formats::is_integral(n)),
        JsonType::Double => value.is_number(),
        JsonType::Boolean => value.is_boolean(),
        JsonType::JsonObject => value.is_object(),
        JsonType::JsonArray => value.is_array(),
    }
}

/// Step 2: format and length, for a value of the table's JSON kind.
fn format_problem(field: &FieldMeta, value: &Value, options: &Options) -> Option<Problem> {
    use DataType as T;
    match (&field.data_type, value) {
        (T::Text | T::Textarea | T::Phone | T::Autonumber | T::Website, Value::String(text)) => {
            too_long(text, field.length)
        }
        (T::Picklist, Value::String(text)) if !text.is_empty() => {
            too_long(text, field.length).or_else(|| unsupported(field, [text.as_str()], options))
        }
        (T::Email, Value::String(text)) => too_long(text, field.length).or_else(|| {
            (!text.is_empty() && !formats::is_email(text)).then_some(Problem::Expected("email"))
        }),
        (T::Integer, Value::Number(number)) if formats::is_integral(number) => {
            let limit = field.length.unwrap_or(DEFAULT_INTEGER_DIGITS);
            let digits = formats::integer_part_digits(number);
            (digits as u64 > limit).then_some(Problem::TooLong(limit))
        }
        (T::Bigint, Value::Number(number)) => bigint_problem(formats::integer_digits(number)),
        (T::Bigint, Value::String(text)) if !text.is_empty() => {
            bigint_problem(formats::is_digit_string(text).then_some(text.len()))
        }
        (T::Double | T::Currency | T::Percent | T::Decimal, Value::Number(number)) => {
            let length = field.length.unwrap_or(DEFAULT_NUMBER_LENGTH);
            let whole = length.saturating_sub(field.decimal_place.unwrap_or(0));
            (formats::integer_part_digits(number) as u64 > whole)
                .then_some(Problem::TooLong(length))
        }
        (T::Date, Value::String(text)) if !text.is_empty() => {
            (!formats::is_date(text)).then_some(Problem::Expected("date"))
        }
        (T::Datetime, Value::String(text)) if !text.is_empty() => {
            (!formats::is_datetime(text)).then_some(Problem::Expected("datetime"))
        }
        (T::Multiselectpicklist, Value::Array(entries)) => {
            multiselect_problem(field, entries, options)
        }
        (
            T::Lookup | T::Ownerlookup | T::Userlookup | T::Layout | T::MultiModuleLookup,
            Value::Object(lookup),
        ) => {
            let has_id = lookup
                .get("id")
                .is_some_and(|id| id.is_string() || id.is_i64() || id.is_u64());
            (!has_id).then_some(Problem::Expected("jsonobject"))
        }
        (
            T::Multiselectlookup
            | T::Multiuserlookup
            | T::Subform
            | T::Lineitem
            | T::Multireminder
            | T::Territories,
            Value::Array(entries),
        ) => (!entries.iter().all(Value::is_object)).then_some(Problem::Expected("jsonarray")),
        _ => None,
    }
}

/// Lengths count Unicode scalar values.
fn too_long(text: &str, length: Option<u64>) -> Option<Problem> {
    let length = length?;
    // Bytes bound characters from above: most values skip the count.
    let too_long = text.len() as u64 > length && text.chars().count() as u64 > length;
    too_long.then_some(Problem::TooLong(length))
}

fn bigint_problem(digits: Option<usize>) -> Option<Problem> {
    digits
        .is_none_or(|d| d > BIGINT_DIGITS)
        .then_some(Problem::Expected("bigint"))
}

fn multiselect_problem(field: &FieldMeta, entries: &[Value], options: &Options) -> Option<Problem> {
    let texts: Option<Vec<&str>> = entries.iter().map(multiselect_entry).collect();
    let Some(texts) = texts else {
        return Some(Problem::Expected("jsonarray"));
    };
    unsupported(field, texts, options)
}

/// A multi-select entry's value: a string, or (the v8 shape of `Tax` in
/// real insert bodies) an object carrying its string under `value`.
fn multiselect_entry(entry: &Value) -> Option<&str> {
    match entry {
        Value::String(text) => Some(text),
        Value::Object(object) => object.get("value").and_then(Value::as_str),
        _ => None,
    }
}

/// With `strict_picklists`, values outside the metadata's list.
fn unsupported<'v>(
    field: &FieldMeta,
    values: impl IntoIterator<Item = &'v str>,
    options: &Options,
) -> Option<Problem> {
    if !options.strict_picklists || field.picklist_values.is_empty() {
        return None;
    }
    let known = |value: &str| field.picklist_values.iter().any(|v| v == value);
    let all_known = values.into_iter().all(known);
    (!all_known).then(|| Problem::Unsupported(field.picklist_values.clone()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn field(data_type: &str, json_type: Option<&str>, length: Option<u64>) -> FieldMeta {
        let mut field = FieldMeta::new("F", DataType::parse(data_type));
        field.json_type = json_type.and_then(JsonType::parse);
        field.length = length;
        field
    }

    fn details(field: &FieldMeta, value: &Value) -> Option<Value> {
        check(field, value, || "$.data[0].F".into(), &Options::default()).map(|e| {
            let mut d = e.details();
            d.as_object_mut()
                .unwrap()
                .retain(|k, _| k != "api_name" && k != "json_path");
            d
        })
    }

    #[test]
    fn json_type_decides_the_shape() {
        let tag = field("text", Some("jsonarray"), Some(2000));
        assert_eq!(details(&tag, &json!([{"name": "x"}])), None);
        assert_eq!(
            details(&tag, &json!("x")),
            Some(json!({"expected_data_type": "jsonarray"}))
        );
        let participants = field("bigint", Some("jsonarray"), None);
        assert_eq!(details(&participants, &json!([])), None);
        let wizard = field("bigint", Some("string"), None);
        assert_eq!(details(&wizard, &json!(123)), None);
        assert_eq!(
            details(&wizard, &json!("12a")),
            Some(json!({"expected_data_type": "bigint"}))
        );
    }

    #[test]
    fn null_is_always_valid_and_empty_strings_for_string_types() {
        for kind in ["text", "date", "datetime", "email", "integer", "lookup"] {
            assert_eq!(
                details(&field(kind, None, Some(1)), &Value::Null),
                None,
                "{kind}"
            );
        }
        for kind in ["text", "date", "datetime", "email", "picklist"] {
            assert_eq!(
                details(&field(kind, None, Some(1)), &json!("")),
                None,
                "{kind}"
            );
        }
    }

    #[test]
    fn string_lengths_count_characters() {
        let text = field("text", None, Some(3));
        assert_eq!(details(&text, &json!("été")), None);
        assert_eq!(
            details(&text, &json!("étés")),
            Some(json!({"maximum_length": 3}))
        );
    }

    #[test]
    fn numbers_count_integer_digits() {
        let integer = field("integer", None, None);
        assert_eq!(details(&integer, &json!(999_999_999)), None);
        assert_eq!(
            details(&integer, &json!(1_000_000_000)),
            Some(json!({"maximum_length": 9}))
        );
        assert_eq!(
            details(&integer, &json!(1.5)),
            Some(json!({"expected_data_type": "integer"}))
        );
        let mut currency = field("currency", None, Some(5));
        currency.decimal_place = Some(2);
        assert_eq!(details(&currency, &json!(999.999)), None);
        assert_eq!(
            details(&currency, &json!(1000)),
            Some(json!({"maximum_length": 5}))
        );
        let bigint = field("bigint", None, None);
        assert_eq!(details(&bigint, &json!("123456789012345678")), None);
        assert_eq!(
            details(&bigint, &json!("1234567890123456789")),
            Some(json!({"expected_data_type": "bigint"}))
        );
    }

    #[test]
    fn lookups_need_an_id_and_lists_need_objects() {
        let lookup = field("lookup", None, None);
        assert_eq!(details(&lookup, &json!({"id": 5})), None);
        assert_eq!(
            details(&lookup, &json!({"name": "x"})),
            Some(json!({"expected_data_type": "jsonobject"}))
        );
        assert_eq!(
            details(&field("consent_lookup", None, None), &json!({})),
            None
        );
        let rows = field("subform", None, None);
        assert_eq!(
            details(&rows, &json!([1])),
            Some(json!({"expected_data_type": "jsonarray"}))
        );
        let multi = field("multiselectpicklist", None, None);
        assert_eq!(
            details(&multi, &json!(["a", 1])),
            Some(json!({"expected_data_type": "jsonarray"}))
        );
        assert_eq!(
            details(&multi, &json!([{"id": null, "value": "Vat"}])),
            None
        );
        assert_eq!(
            details(&multi, &json!([{"id": "1"}])),
            Some(json!({"expected_data_type": "jsonarray"}))
        );
    }

    #[test]
    fn strict_picklists_list_the_supported_values() {
        let mut picklist = field("picklist", None, None);
        picklist.picklist_values = vec!["Hot".into(), "Cold".into()];
        let strict = Options::default().strict_picklists(true);
        assert!(check(&picklist, &json!("Warm"), String::new, &Options::default()).is_none());
        let error = check(&picklist, &json!("Warm"), String::new, &strict).unwrap();
        assert_eq!(
            error.supported_values,
            Some(vec!["Hot".into(), "Cold".into()])
        );
        assert!(check(&picklist, &json!("Hot"), String::new, &strict).is_none());
        assert!(check(&picklist, &json!(""), String::new, &strict).is_none());
    }
}
