//! Rule 9: the fields a module's clone never copies (spec §2).

use crate::metadata::FieldMeta;
use crate::module::Module;

/// Whether the module's own list names the field (ASCII-case-insensitively).
pub(crate) fn drops(module: &Module, field: &FieldMeta) -> bool {
    module
        .dropped_fields()
        .iter()
        .any(|name| name.eq_ignore_ascii_case(&field.api_name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::DataType;

    #[test]
    fn each_module_drops_only_its_own_list() {
        let events = Module::resolve("Events", false).unwrap();
        let services = Module::resolve("Services__s", false).unwrap();
        let status = FieldMeta::new("Status", DataType::Picklist);
        assert!(drops(
            &events,
            &FieldMeta::new("remind_at", DataType::Multireminder)
        ));
        assert!(!drops(&events, &status));
        assert!(drops(&services, &status));
        assert!(!drops(&Module::resolve("Leads", false).unwrap(), &status));
    }
}
