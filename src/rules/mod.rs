//! The exclusion rules of spec §3 and the refusal rules of spec §5.
//!
//! Each rule family lives in its own file and answers one question about a
//! key or a field. `copy_decision` runs the field rules (3 to 11) in the
//! spec's fixed order; rules 1 and 2 look only at the key and run first, in
//! `keys`. Everything here is decided once per field, when the plan is
//! compiled, except the key rules.

pub(crate) mod custom;
pub(crate) mod field_type;
pub(crate) mod keys;
pub(crate) mod module_list;
pub(crate) mod property;
pub(crate) mod section;
pub(crate) mod system;

use std::fmt;

use serde::Serialize;

use crate::metadata::FieldMeta;
use crate::module::Module;
use crate::options::Options;

/// Why a key was left out of the clone (reason codes of spec §3 to §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// Rule 1: the record's (or row's, or linking row's) own `id`.
    RecordId,
    /// A subform row's `Parent_Id`.
    ParentLink,
    /// Rule 2: a key starting with `$`.
    DollarKey,
    /// Rule 3: a key with no field metadata.
    NotInMetadata,
    /// Rule 4: file and image uploads, and computed types.
    FieldType,
    /// Rule 5: `Wizard`, and the GDPR basis when GDPR is on.
    SystemField,
    /// Rule 6: metadata `read_only: true`.
    ReadOnly,
    /// Rule 7: an external field.
    External,
    /// Rule 8: `operation_type.api_create: false`, or the built-in list.
    NotCreatable,
    /// Rule 9: the module's own list.
    ModuleRule,
    /// Rule 10: outside the "Appointment Information" section.
    OutsideSection,
    /// Rule 11: the caller's exclusion list.
    CustomRule,
    /// A subform row that is not a JSON object.
    InvalidRow,
    /// A parent row the override's rows did not take up.
    ReplacedByOverride,
    /// A parent row an override row deleted.
    DeletedByOverride,
    /// A colliding unique value cleared by the `clear` or `suffix` policy.
    UniqueCleared,
}

impl Reason {
    /// The reason code as the report spells it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RecordId => "record_id",
            Self::ParentLink => "parent_link",
            Self::DollarKey => "dollar_key",
            Self::NotInMetadata => "not_in_metadata",
            Self::FieldType => "field_type",
            Self::SystemField => "system_field",
            Self::ReadOnly => "read_only",
            Self::External => "external",
            Self::NotCreatable => "not_creatable",
            Self::ModuleRule => "module_rule",
            Self::OutsideSection => "outside_section",
            Self::CustomRule => "custom_rule",
            Self::InvalidRow => "invalid_row",
            Self::ReplacedByOverride => "replaced_by_override",
            Self::DeletedByOverride => "deleted_by_override",
            Self::UniqueCleared => "unique_cleared",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a field sits: at the top of the record, or in a subform row.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Level<'a> {
    Record {
        module: &'a Module,
        section_fields: Option<&'a section::SectionFields>,
    },
    Row,
}

/// Runs rules 4 to 11 for one field, in the spec's order; `None` keeps it.
///
/// Rule 3 (no metadata) and rules 1 and 2 (key names) are decided before a
/// field is looked up. Rules 9 and 10 apply to the record level only.
pub(crate) fn copy_decision(
    field: &FieldMeta,
    level: Level<'_>,
    options: &Options,
    excluded: &custom::Excluded,
) -> Option<Reason> {
    if field_type::drops(field) {
        return Some(Reason::FieldType);
    }
    if system::drops(field, options) {
        return Some(Reason::SystemField);
    }
    if let Some(reason) = property::drops(field) {
        return Some(reason);
    }
    if let Level::Record {
        module,
        section_fields,
    } = level
    {
        if module_list::drops(module, field) {
            return Some(Reason::ModuleRule);
        }
        if section_fields.is_some_and(|fields| !fields.contains(&field.api_name)) {
            return Some(Reason::OutsideSection);
        }
    }
    excluded
        .contains(&field.api_name)
        .then_some(Reason::CustomRule)
}

/// The refusal rules of §5 for an override key with metadata; `None` accepts.
///
/// Each refusing rule is asked on its own: a field that a copy-only rule
/// (`external`) would drop first can still be refused by a later one.
pub(crate) fn override_refusal(field: &FieldMeta) -> Option<Reason> {
    if field.data_type.is_computed() {
        Some(Reason::FieldType)
    } else if field.read_only {
        Some(Reason::ReadOnly)
    } else if property::is_not_creatable(field) {
        Some(Reason::NotCreatable)
    } else {
        None
    }
}
