//! Rule 11: the caller's own exclusion list (option `exclude`).

use std::collections::HashSet;

/// Field names excluded at one level (the record, or one subform's rows),
/// compared ASCII-case-insensitively.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Excluded {
    lowercase_names: HashSet<String>,
}

impl Excluded {
    pub(crate) fn insert(&mut self, api_name: &str) {
        self.lowercase_names.insert(api_name.to_ascii_lowercase());
    }

    pub(crate) fn contains(&self, api_name: &str) -> bool {
        !self.lowercase_names.is_empty()
            && self
                .lowercase_names
                .contains(&api_name.to_ascii_lowercase())
    }
}

/// An exclusion path split into its level and field: `Stage` or
/// `Items.Work_Order`. `None` for an empty or over-deep path.
pub(crate) fn split_path(path: &str) -> Option<(Option<&str>, &str)> {
    let mut parts = path.split('.');
    let (first, second, rest) = (parts.next()?, parts.next(), parts.next());
    match (second, rest) {
        _ if first.is_empty() => None,
        (None, _) => Some((None, first)),
        (Some(field), None) if !field.is_empty() => Some((Some(first), field)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_a_field_or_a_subform_column() {
        assert_eq!(split_path("Stage"), Some((None, "Stage")));
        assert_eq!(
            split_path("Items.Work_Order"),
            Some((Some("Items"), "Work_Order"))
        );
        assert_eq!(split_path("a.b.c"), None);
        assert_eq!(split_path(""), None);
        assert_eq!(split_path("Items."), None);
    }

    #[test]
    fn names_compare_without_case() {
        let mut excluded = Excluded::default();
        excluded.insert("Lead_Source");
        assert!(excluded.contains("lead_source"));
        assert!(!excluded.contains("Lead_Status"));
    }
}
