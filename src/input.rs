//! Reading a parent record from what Zoho's get-record call returns.

use serde_json::{Map, Value};
use thiserror::Error;

/// A JSON object: one record, or one subform row.
pub type Record = Map<String, Value>;

/// A parent document that is not one record.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum InputError {
    /// The document is neither a record object nor a `data` array.
    #[error("the parent is a JSON {found}, not a record object")]
    NotARecord {
        /// The JSON type found.
        found: &'static str,
    },
    /// A `{"data":[…]}` response that does not hold exactly one record.
    #[error("the parent's `data` array holds {count} entries, not exactly one record")]
    NotOneRecord {
        /// How many entries it holds.
        count: usize,
    },
    /// The single entry of `data` is not an object.
    #[error("the parent's `data[0]` is a JSON {found}, not a record object")]
    EntryNotARecord {
        /// The JSON type found.
        found: &'static str,
    },
}

/// The parent record inside a get-record response `{"data":[{…}]}`, or the
/// bare record object itself.
///
/// An object whose only key is `data`, holding an array, is read as a
/// response; any other object is the record.
///
/// # Errors
///
/// [`InputError`] when the document is not one record.
pub fn parent_record(document: &Value) -> Result<&Record, InputError> {
    let Value::Object(object) = document else {
        return Err(InputError::NotARecord {
            found: crate::metadata::json_kind_of(document),
        });
    };
    let wrapped = match object.get("data") {
        Some(Value::Array(entries)) if is_wrapped(object) => entries,
        _ => return Ok(object),
    };
    match wrapped.as_slice() {
        [Value::Object(record)] => Ok(record),
        [other] => Err(InputError::EntryNotARecord {
            found: crate::metadata::json_kind_of(other),
        }),
        entries => Err(InputError::NotOneRecord {
            count: entries.len(),
        }),
    }
}

/// Like [`parent_record`], taking the document: the record is moved out, to
/// be consumed by [`Plan::apply_owned`](crate::Plan::apply_owned).
///
/// # Errors
///
/// [`InputError`] when the document is not one record.
pub fn into_parent_record(document: Value) -> Result<Record, InputError> {
    let Value::Object(mut object) = document else {
        return Err(InputError::NotARecord {
            found: crate::metadata::json_kind_of(&document),
        });
    };
    if !is_wrapped(&object) {
        return Ok(object);
    }
    let Some(Value::Array(mut entries)) = object.remove("data") else {
        return Ok(object);
    };
    match (entries.len(), entries.pop()) {
        (1, Some(Value::Object(record))) => Ok(record),
        (1, Some(other)) => Err(InputError::EntryNotARecord {
            found: crate::metadata::json_kind_of(&other),
        }),
        (count, _) => Err(InputError::NotOneRecord { count }),
    }
}

/// Every record of a get-record or list response, or the bare record.
///
/// # Errors
///
/// [`InputError`] when the document, or an entry of `data`, is not a record.
pub fn records(document: &Value) -> Result<Vec<&Record>, InputError> {
    let Value::Object(object) = document else {
        return Err(InputError::NotARecord {
            found: crate::metadata::json_kind_of(document),
        });
    };
    match object.get("data") {
        Some(Value::Array(entries)) if is_wrapped(object) => entries
            .iter()
            .map(|entry| {
                entry.as_object().ok_or(InputError::EntryNotARecord {
                    found: crate::metadata::json_kind_of(entry),
                })
            })
            .collect(),
        _ => Ok(vec![object]),
    }
}

/// Whether the object is a response wrapping records: a `data` array and
/// at most `info` beside it. A record with a field called `data` carries
/// many other keys.
fn is_wrapped(object: &Record) -> bool {
    matches!(object.get("data"), Some(Value::Array(_)))
        && object.keys().all(|key| key == "data" || key == "info")
}
