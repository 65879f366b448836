//! Zoho-shaped errors (spec §7): structured values that render to Zoho's
//! wrapped and flat envelopes with their HTTP status.

use std::fmt;

use serde_json::{Map, Value, json};

use crate::rules::Reason;

/// The error codes this crate predicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// A value, shape or reference Zoho would not accept.
    InvalidData,
    /// A mandatory field is missing or empty.
    MandatoryNotFound,
    /// A unique value is already used.
    DuplicateData,
    /// Too many records or rows.
    LimitExceeded,
    /// The module cannot be cloned.
    InvalidModule,
    /// The token's scopes do not allow the call.
    OauthScopeMismatch,
}

impl ErrorCode {
    /// Zoho's spelling of the code.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidData => "INVALID_DATA",
            Self::MandatoryNotFound => "MANDATORY_NOT_FOUND",
            Self::DuplicateData => "DUPLICATE_DATA",
            Self::LimitExceeded => "LIMIT_EXCEEDED",
            Self::InvalidModule => "INVALID_MODULE",
            Self::OauthScopeMismatch => "OAUTH_SCOPE_MISMATCH",
        }
    }

    /// Zoho's message for the code.
    #[must_use]
    pub fn message(self) -> &'static str {
        match self {
            Self::InvalidData => "invalid data",
            Self::MandatoryNotFound => "required field not found",
            Self::DuplicateData => "duplicate data",
            Self::LimitExceeded => "limit exceeded",
            Self::InvalidModule => "the module name given seems to be invalid",
            Self::OauthScopeMismatch => "Unauthorized",
        }
    }

    /// The HTTP status Zoho answers with.
    #[must_use]
    pub fn http_status(self) -> u16 {
        match self {
            Self::OauthScopeMismatch => 401,
            _ => 400,
        }
    }

    /// Whether the error answers the whole request (flat envelope) rather
    /// than one record.
    #[must_use]
    pub fn is_flat(self) -> bool {
        matches!(self, Self::OauthScopeMismatch)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One error as Zoho would answer it, with its details as data.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ZohoError {
    /// The code.
    pub code: ErrorCode,
    /// `details.api_name`: the field (or key) at fault.
    pub api_name: Option<String>,
    /// `details.json_path`: where in the request body.
    pub json_path: Option<String>,
    /// `details.expected_data_type`.
    pub expected_data_type: Option<String>,
    /// `details.maximum_length`.
    pub maximum_length: Option<u64>,
    /// `details.supported_values`.
    pub supported_values: Option<Vec<String>>,
    /// `details.limit`.
    pub limit: Option<u64>,
    /// `details.duplicate_record`, as Zoho shapes it.
    pub duplicate_record: Option<Value>,
    /// `details.resource_path_index`.
    pub resource_path_index: Option<u32>,
    /// The clone rule involved (a mandatory field an exclusion removed).
    /// Not part of Zoho's answer.
    pub rule: Option<Reason>,
}

impl ZohoError {
    /// An error with the given code and no details.
    #[must_use]
    pub fn new(code: ErrorCode) -> Self {
        Self {
            code,
            api_name: None,
            json_path: None,
            expected_data_type: None,
            maximum_length: None,
            supported_values: None,
            limit: None,
            duplicate_record: None,
            resource_path_index: None,
            rule: None,
        }
    }

    /// An error at a field: `api_name` and `json_path` set.
    #[must_use]
    pub fn at(code: ErrorCode, api_name: impl Into<String>, json_path: impl Into<String>) -> Self {
        Self {
            api_name: Some(api_name.into()),
            json_path: Some(json_path.into()),
            ..Self::new(code)
        }
    }

    /// `INVALID_MODULE`, as Zoho answers an unknown module in the URL.
    #[must_use]
    pub fn invalid_module() -> Self {
        Self {
            resource_path_index: Some(0),
            ..Self::new(ErrorCode::InvalidModule)
        }
    }

    /// Sets `expected_data_type`.
    #[must_use]
    pub fn expecting(mut self, data_type: impl Into<String>) -> Self {
        self.expected_data_type = Some(data_type.into());
        self
    }

    /// Sets `maximum_length`.
    #[must_use]
    pub fn with_maximum_length(mut self, length: u64) -> Self {
        self.maximum_length = Some(length);
        self
    }

    /// Sets `supported_values`.
    #[must_use]
    pub fn with_supported_values<S: Into<String>>(
        mut self,
        values: impl IntoIterator<Item = S>,
    ) -> Self {
        self.supported_values = Some(values.into_iter().map(Into::into).collect());
        self
    }

    /// Sets `limit`.
    #[must_use]
    pub fn with_limit(mut self, limit: u64) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Sets the clone rule involved.
    #[must_use]
    pub fn with_rule(mut self, rule: Reason) -> Self {
        self.rule = Some(rule);
        self
    }

    /// The `details` object.
    #[must_use]
    pub fn details(&self) -> Value {
        let mut details = Map::new();
        let mut put = |key: &str, value: Option<Value>| {
            if let Some(value) = value {
                details.insert(key.to_owned(), value);
            }
        };
        put("api_name", self.api_name.clone().map(Value::String));
        put("json_path", self.json_path.clone().map(Value::String));
        put(
            "expected_data_type",
            self.expected_data_type.clone().map(Value::String),
        );
        put("maximum_length", self.maximum_length.map(Value::from));
        put(
            "supported_values",
            self.supported_values.clone().map(Value::from),
        );
        put("limit", self.limit.map(Value::from));
        put("duplicate_record", self.duplicate_record.clone());
        put(
            "resource_path_index",
            self.resource_path_index.map(Value::from),
        );
        Value::Object(details)
    }

    /// The error as one entry: `{"code","details","message","status"}`.
    #[must_use]
    pub fn to_entry(&self) -> Value {
        json!({
            "code": self.code.as_str(),
            "details": self.details(),
            "message": self.code.message(),
            "status": "error",
        })
    }

    /// The whole response body Zoho would send: flat for request-level
    /// codes, wrapped in `data` otherwise.
    #[must_use]
    pub fn to_envelope(&self) -> Value {
        if self.code.is_flat() {
            self.to_entry()
        } else {
            json!({ "data": [self.to_entry()] })
        }
    }
}

impl fmt::Display for ZohoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)?;
        if let Some(path) = &self.json_path {
            write!(f, " at {path}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ZohoError {}

/// Why a record cannot be cloned: one or more Zoho errors in the order of
/// spec §6. The first is what Zoho itself would answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    errors: Vec<ZohoError>,
}

impl Rejection {
    /// A rejection from errors in order.
    ///
    /// Returns `None` when `errors` is empty.
    #[must_use]
    pub fn new(errors: Vec<ZohoError>) -> Option<Self> {
        (!errors.is_empty()).then_some(Self { errors })
    }

    /// A rejection with one error.
    #[must_use]
    pub fn single(error: ZohoError) -> Self {
        Self {
            errors: vec![error],
        }
    }

    /// The first error: Zoho's own answer.
    #[must_use]
    pub fn first(&self) -> &ZohoError {
        &self.errors[0]
    }

    /// Every error found, in order.
    #[must_use]
    pub fn errors(&self) -> &[ZohoError] {
        &self.errors
    }

    /// The HTTP status of the answer.
    #[must_use]
    pub fn http_status(&self) -> u16 {
        self.first().code.http_status()
    }

    /// The response body: the first error's envelope, or with `all` and
    /// several errors, `MULTIPLE_OR_MULTI_ERRORS` wrapping them. A flat
    /// (request-level) error is always answered alone.
    #[must_use]
    pub fn to_envelope(&self, all: bool) -> Value {
        if self.first().code.is_flat() {
            return self.first().to_entry();
        }
        json!({ "data": [self.to_entry(all)] })
    }

    /// The record's entry of a wrapped response: the first error, or with
    /// `all` and several errors, `MULTIPLE_OR_MULTI_ERRORS` wrapping them.
    #[must_use]
    pub fn to_entry(&self, all: bool) -> Value {
        let first = self.first();
        if !all || self.errors.len() == 1 || first.code.is_flat() {
            return first.to_entry();
        }
        let errors: Vec<Value> = self
            .errors
            .iter()
            .filter(|error| !error.code.is_flat())
            .map(ZohoError::to_entry)
            .collect();
        json!({
            "code": "MULTIPLE_OR_MULTI_ERRORS",
            "details": {"errors": errors},
            "message": "Multiple errors in the request",
            "status": "error",
        })
    }
}

/// What Zoho's success entry reports about the new record, which only the
/// caller (or the server it emulates) can know.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NewRecord {
    /// The new record's id.
    pub id: String,
    /// Creation time, as Zoho spells it (`2023-05-10T01:10:47-07:00`).
    pub created_time: String,
    /// Modification time; for a new record, usually the creation time.
    pub modified_time: String,
    /// The acting user's name.
    pub user_name: String,
    /// The acting user's id.
    pub user_id: String,
}

impl NewRecord {
    /// A new record created and last modified at `time` by the given user.
    #[must_use]
    pub fn new(
        id: impl Into<String>,
        time: impl Into<String>,
        user_name: impl Into<String>,
        user_id: impl Into<String>,
    ) -> Self {
        let time = time.into();
        Self {
            id: id.into(),
            created_time: time.clone(),
            modified_time: time,
            user_name: user_name.into(),
            user_id: user_id.into(),
        }
    }

    /// The `SUCCESS` entry of an Insert Records response for this record.
    #[must_use]
    pub fn to_entry(&self) -> Value {
        let user = json!({"name": self.user_name, "id": self.user_id});
        json!({
            "code": "SUCCESS",
            "details": {
                "Modified_Time": self.modified_time,
                "Modified_By": user,
                "Created_Time": self.created_time,
                "id": self.id,
                "Created_By": user,
            },
            "message": "record added",
            "status": "success",
        })
    }

    /// The whole success response: `{"data":[entry]}`, HTTP 201.
    #[must_use]
    pub fn to_envelope(&self) -> Value {
        json!({ "data": [self.to_entry()] })
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.first())?;
        if self.errors.len() > 1 {
            write!(f, " (and {} more)", self.errors.len() - 1)?;
        }
        Ok(())
    }
}

impl std::error::Error for Rejection {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_errors_are_wrapped() {
        let error = ZohoError::at(ErrorCode::InvalidData, "Company", "$.data[0].Company")
            .with_maximum_length(200);
        assert_eq!(
            error.to_envelope(),
            json!({"data": [{"code": "INVALID_DATA", "details": {"api_name": "Company",
                "json_path": "$.data[0].Company", "maximum_length": 200},
                "message": "invalid data", "status": "error"}]})
        );
    }

    #[test]
    fn scope_errors_are_flat_with_status_401() {
        let error = ZohoError::new(ErrorCode::OauthScopeMismatch);
        assert_eq!(
            error.to_envelope(),
            json!({"code": "OAUTH_SCOPE_MISMATCH", "details": {}, "message": "Unauthorized",
                "status": "error"})
        );
        assert_eq!(Rejection::new(vec![error]).unwrap().http_status(), 401);
    }

    #[test]
    fn several_errors_wrap_only_when_all_are_asked_for() {
        let a = ZohoError::at(
            ErrorCode::MandatoryNotFound,
            "Last_Name",
            "$.data[0].Last_Name",
        );
        let b =
            ZohoError::at(ErrorCode::InvalidData, "Email", "$.data[0].Email").expecting("email");
        let rejection = Rejection::new(vec![a.clone(), b]).unwrap();
        assert_eq!(rejection.to_envelope(false), a.to_envelope());
        let all = rejection.to_envelope(true);
        assert_eq!(all["data"][0]["code"], "MULTIPLE_OR_MULTI_ERRORS");
        assert_eq!(
            all["data"][0]["details"]["errors"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
        assert!(Rejection::new(Vec::new()).is_none());
    }
}
