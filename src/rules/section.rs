//! Rule 10: Appointments copy only the fields of the "Appointment
//! Information" section.

use std::collections::HashSet;

use crate::metadata::Layouts;

/// The section's `api_name`, and its label, as spec §3 matches them.
const SECTION_API_NAME: &str = "Appointment_Information";
const SECTION_LABEL: &str = "Appointment Information";

/// The fields listed in an "Appointment Information" section of any layout,
/// compared ASCII-case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SectionFields {
    lowercase_names: HashSet<String>,
}

impl SectionFields {
    /// Collects the section's fields across all layouts; `None` when no
    /// layout has such a section.
    pub(crate) fn from_layouts(layouts: &Layouts) -> Option<Self> {
        let mut found = false;
        let mut lowercase_names = HashSet::new();
        let sections = layouts.iter().flat_map(|layout| &layout.sections);
        for section in sections.filter(|s| s.is_called(SECTION_API_NAME, SECTION_LABEL)) {
            found = true;
            let names = section
                .fields
                .iter()
                .map(|f| f.api_name.to_ascii_lowercase());
            lowercase_names.extend(names);
        }
        found.then_some(Self { lowercase_names })
    }

    pub(crate) fn contains(&self, api_name: &str) -> bool {
        self.lowercase_names
            .contains(&api_name.to_ascii_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn layouts(section: &serde_json::Value) -> Layouts {
        Layouts::from_json(&json!({"layouts": [{"id": "1", "sections": [section]}]})).unwrap()
    }

    #[test]
    fn the_section_is_found_by_api_name_or_label() {
        let by_label = layouts(&json!({"display_label": "appointment information",
            "fields": [{"api_name": "Appointment_Name"}]}));
        let fields = SectionFields::from_layouts(&by_label).unwrap();
        assert!(fields.contains("appointment_name"));
        assert!(!fields.contains("Status"));
        let by_api_name = layouts(&json!({"api_name": "Appointment_Information", "fields": []}));
        assert!(SectionFields::from_layouts(&by_api_name).is_some());
    }

    #[test]
    fn other_sections_do_not_count() {
        let other = layouts(&json!({"name": "Job Sheet", "fields": [{"api_name": "X"}]}));
        assert_eq!(SectionFields::from_layouts(&other), None);
    }
}
