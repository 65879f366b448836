use std::fmt;

use thiserror::Error;

use crate::module::InvalidModule;
use crate::zoho::{ErrorCode, ZohoError};

/// One thing wrong with the configuration a plan is compiled from.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Problem {
    /// The module cannot be cloned (Zoho's `INVALID_MODULE`).
    #[error("module `{module}` cannot be cloned{}", hint(.reason))]
    InvalidModule {
        /// The name given.
        module: String,
        /// Why.
        reason: InvalidModule,
    },
    /// The token's scopes do not allow the module (Zoho's
    /// `OAUTH_SCOPE_MISMATCH`, checked before the module itself).
    #[error("the given scopes do not allow creating records in `{module}`")]
    ScopeMismatch {
        /// The name given.
        module: String,
    },
    /// Metadata was given twice for one subform.
    #[error("subform metadata `{name}` is given more than once")]
    DuplicateSubform {
        /// The name given.
        name: String,
    },
    /// Known unique values for a field that is not a unique field.
    #[error("known unique values are given for `{field}`, which is no unique field of {module}")]
    UnknownUniqueField {
        /// The field named.
        field: String,
        /// The module compiled.
        module: String,
    },
    /// Subform metadata was given under a name no subform field has.
    #[error("subform metadata `{name}` matches no subform field of {module}")]
    UnknownSubform {
        /// The name given.
        name: String,
        /// The module compiled.
        module: String,
    },
    /// Appointments need layouts with an "Appointment Information" section.
    #[error("cloning {module} needs layouts with an \"Appointment Information\" section{}",
        if *.layouts_given { "; none of the given layouts has one" } else { "; no layouts were given" })]
    MissingAppointmentSection {
        /// The module compiled.
        module: String,
        /// Whether layouts were given at all.
        layouts_given: bool,
    },
    /// An exclusion path that is not `Field` or `Subform.Field`.
    #[error("exclusion path `{path}` is not of the form Field or Subform.Field")]
    MalformedExclusion {
        /// The path given.
        path: String,
    },
    /// An exclusion path naming no field of the metadata.
    #[error("exclusion path `{path}` names no field of {level}")]
    UnknownExclusion {
        /// The path given.
        path: String,
        /// The module or subform whose metadata was searched.
        level: String,
    },
}

fn hint(reason: &InvalidModule) -> String {
    match reason {
        InvalidModule::NotClonable => ": it is not clonable".to_owned(),
        InvalidModule::UseApiName(api_name) => format!(": use its API name `{api_name}`"),
        InvalidModule::Unknown => {
            ": it is no standard module, and a custom one needs field metadata".to_owned()
        }
        #[allow(unreachable_patterns)]
        _ => String::new(),
    }
}

/// Everything wrong with a plan's configuration, found in one pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    problems: Vec<Problem>,
}

impl CompileError {
    pub(crate) fn new(problems: Vec<Problem>) -> Self {
        Self { problems }
    }

    /// Every problem found, in the order they were found.
    #[must_use]
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The Zoho error a server would answer with, when the problem is one
    /// Zoho itself reports (`INVALID_MODULE`).
    #[must_use]
    pub fn to_zoho_error(&self) -> Option<ZohoError> {
        self.problems.iter().find_map(|problem| match problem {
            Problem::ScopeMismatch { .. } => Some(ZohoError::new(ErrorCode::OauthScopeMismatch)),
            Problem::InvalidModule { .. } => Some(ZohoError::invalid_module()),
            _ => None,
        })
    }

    /// The API name meant, when the module was given by its UI label or in
    /// the wrong case.
    #[must_use]
    pub fn api_name_hint(&self) -> Option<&'static str> {
        self.problems.iter().find_map(|p| match p {
            Problem::InvalidModule {
                reason: InvalidModule::UseApiName(name),
                ..
            } => Some(*name),
            _ => None,
        })
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CompileError {}
