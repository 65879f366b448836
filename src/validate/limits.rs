//! Limits: at most 100 rows in one subform of the result.

use serde_json::Value;

use crate::input::Record;
use crate::plan::{Plan, Shape};
use crate::zoho::{ErrorCode, ZohoError};

/// The most rows one subform may hold.
pub(crate) const MAX_SUBFORM_ROWS: u64 = 100;

/// `LIMIT_EXCEEDED` for each subform of the record over the limit.
pub(crate) fn check(plan: &Plan, record: &Record, prefix: &str, errors: &mut Vec<ZohoError>) {
    for (key, value) in record {
        // Long lists are rare: only they are looked up.
        let Value::Array(rows) = value else { continue };
        if rows.len() as u64 <= MAX_SUBFORM_ROWS {
            continue;
        }
        let is_subform = plan
            .record
            .fields
            .get(key)
            .is_some_and(|field| matches!(field.shape, Shape::Subform(_)));
        if is_subform {
            let error = ZohoError::at(
                ErrorCode::LimitExceeded,
                key.as_str(),
                format!("{prefix}.{key}"),
            );
            errors.push(error.with_limit(MAX_SUBFORM_ROWS));
        }
    }
}
