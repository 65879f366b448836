//! The caller's settings and policies of spec §9.

use std::collections::HashMap;

use serde_json::Value;

/// What to do with a record key that has no field metadata.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UnknownFields {
    /// Leave it out (reason `not_in_metadata`).
    #[default]
    Drop,
    /// Copy it as it is.
    Keep,
}

/// How override rows of a subform combine with the parent's rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SubformMerge {
    /// The clone's rows are exactly the override's rows.
    #[default]
    Replace,
    /// The parent's rows stay; override rows update, delete or append.
    Update,
}

/// What to do with a unique field whose value would collide.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UniquePolicy {
    /// Answer `DUPLICATE_DATA`, as Zoho does.
    #[default]
    Reject,
    /// Leave the value out (reason `unique_cleared`).
    Clear,
    /// Append `" (copy)"` to text values; clear other types.
    Suffix,
}

/// Options for compiling a plan. Every default is the spec's.
///
/// ```
/// use clone_rules::{Options, SubformMerge};
///
/// let options = Options::default()
///     .gdpr(true)
///     .subform_merge(SubformMerge::Update)
///     .exclude("Lead_Source");
/// assert!(options.is_gdpr());
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    pub(crate) gdpr: bool,
    pub(crate) unknown_fields: UnknownFields,
    pub(crate) subform_merge: SubformMerge,
    pub(crate) unique: UniquePolicy,
    pub(crate) strict_picklists: bool,
    pub(crate) exclude: Vec<String>,
    pub(crate) known_unique_values: HashMap<String, Vec<Value>>,
    pub(crate) all_errors: bool,
    pub(crate) scopes: Option<Vec<String>>,
}

impl Options {
    /// Whether the org has GDPR compliance on (drops `Data_Processing_Basis_Details`).
    #[must_use]
    pub fn gdpr(mut self, on: bool) -> Self {
        self.gdpr = on;
        self
    }

    /// What to do with keys that have no metadata.
    #[must_use]
    pub fn unknown_fields(mut self, policy: UnknownFields) -> Self {
        self.unknown_fields = policy;
        self
    }

    /// How override rows of subforms are merged.
    #[must_use]
    pub fn subform_merge(mut self, policy: SubformMerge) -> Self {
        self.subform_merge = policy;
        self
    }

    /// What to do with colliding unique values.
    #[must_use]
    pub fn unique(mut self, policy: UniquePolicy) -> Self {
        self.unique = policy;
        self
    }

    /// Whether picklist values must be among the metadata's values.
    #[must_use]
    pub fn strict_picklists(mut self, on: bool) -> Self {
        self.strict_picklists = on;
        self
    }

    /// Adds a field path the clone must not copy: `Stage`, or
    /// `Subform.Field` for a subform column.
    #[must_use]
    pub fn exclude(mut self, path: impl Into<String>) -> Self {
        self.exclude.push(path.into());
        self
    }

    /// Values of a unique field that other records already use.
    #[must_use]
    pub fn known_unique_values(mut self, field: impl Into<String>, values: Vec<Value>) -> Self {
        self.known_unique_values.insert(field.into(), values);
        self
    }

    /// Whether to report every error instead of the first.
    #[must_use]
    pub fn all_errors(mut self, on: bool) -> Self {
        self.all_errors = on;
        self
    }

    /// The OAuth scopes of the caller's token; without them no scope check runs.
    #[must_use]
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// Whether GDPR is on.
    #[must_use]
    pub fn is_gdpr(&self) -> bool {
        self.gdpr
    }

    /// The subform merge policy.
    #[must_use]
    pub fn subform_merge_policy(&self) -> SubformMerge {
        self.subform_merge
    }

    /// The unique policy.
    #[must_use]
    pub fn unique_policy(&self) -> UniquePolicy {
        self.unique
    }

    /// Whether every error is reported.
    #[must_use]
    pub fn is_all_errors(&self) -> bool {
        self.all_errors
    }
}
