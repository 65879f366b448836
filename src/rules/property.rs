//! Rules 6 to 8: metadata properties that stop a field being written.

use crate::metadata::FieldMeta;

use super::Reason;

/// Fields Zoho never lets an insert set, for metadata without
/// `operation_type` (API v2).
const NOT_CREATABLE_FALLBACK: &[&str] = &[
    "Created_Time",
    "Modified_Time",
    "Created_By",
    "Modified_By",
    "Last_Activity_Time",
    "Full_Name",
    "Change_Log_Time__s",
    "Locked__s",
    "Converted__s",
];

/// The first of rules 6 (`read_only`), 7 (`external`) and 8 (not creatable)
/// that drops the field.
pub(crate) fn drops(field: &FieldMeta) -> Option<Reason> {
    if field.read_only {
        Some(Reason::ReadOnly)
    } else if field.external {
        Some(Reason::External)
    } else if is_not_creatable(field) {
        Some(Reason::NotCreatable)
    } else {
        None
    }
}

/// Rule 8. Zoho marks subform and line-item fields `api_create: false` yet
/// accepts them on insert, so they are exempt.
pub(crate) fn is_not_creatable(field: &FieldMeta) -> bool {
    if field.data_type.is_subform() {
        return false;
    }
    match field.api_create {
        Some(creatable) => !creatable,
        None => NOT_CREATABLE_FALLBACK
            .iter()
            .any(|name| name.eq_ignore_ascii_case(&field.api_name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::DataType;

    fn field(name: &str, data_type: DataType) -> FieldMeta {
        FieldMeta::new(name, data_type)
    }

    #[test]
    fn read_only_wins_over_the_later_rules() {
        let mut meta = field("Data_Source", DataType::Picklist);
        meta.read_only = true;
        meta.api_create = Some(false);
        assert_eq!(drops(&meta), Some(Reason::ReadOnly));
    }

    #[test]
    fn external_objects_are_dropped() {
        let mut meta = field("Ext", DataType::Text);
        meta.external = true;
        assert_eq!(drops(&meta), Some(Reason::External));
    }

    #[test]
    fn api_create_false_is_not_creatable_except_for_subforms() {
        let mut meta = field("Created_Time", DataType::Datetime);
        meta.api_create = Some(false);
        assert_eq!(drops(&meta), Some(Reason::NotCreatable));
        let mut rows = field("Project_Details", DataType::Subform);
        rows.api_create = Some(false);
        assert_eq!(drops(&rows), None);
        let mut items = field("Product_Details", DataType::Lineitem);
        items.api_create = Some(false);
        assert_eq!(drops(&items), None);
    }

    #[test]
    fn without_operation_type_the_fallback_list_decides() {
        assert_eq!(
            drops(&field("modified_by", DataType::Ownerlookup)),
            Some(Reason::NotCreatable)
        );
        assert_eq!(drops(&field("Company", DataType::Text)), None);
        let mut creatable = field("Full_Name", DataType::Text);
        creatable.api_create = Some(true);
        assert_eq!(drops(&creatable), None);
    }
}
