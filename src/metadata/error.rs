use thiserror::Error;

/// A metadata document that is not the response it should be.
///
/// `path` locates the culprit inside the document, such as
/// `fields[3].api_name`; `$` stands for the document itself.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum MetadataError {
    /// The document is not a JSON object with the expected top-level array.
    #[error("not a {expected} response: {problem}")]
    NotAResponse {
        /// `fields` or `layouts`.
        expected: &'static str,
        /// What was found instead.
        problem: String,
    },
    /// A key has the wrong JSON type.
    #[error("{path}: expected {expected}, found {found}")]
    WrongType {
        /// Where the value is.
        path: String,
        /// The JSON type wanted.
        expected: &'static str,
        /// The JSON type found.
        found: &'static str,
    },
    /// A key that every entry needs is absent.
    #[error("{path}: missing required key `{key}`")]
    MissingKey {
        /// The entry that lacks the key.
        path: String,
        /// The key.
        key: &'static str,
    },
    /// Two fields share one `api_name`.
    #[error("{path}: duplicate field api_name `{api_name}`")]
    DuplicateField {
        /// The second occurrence.
        path: String,
        /// The name used twice.
        api_name: String,
    },
}

/// The JSON type name of a value, for error messages.
pub(crate) fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}
