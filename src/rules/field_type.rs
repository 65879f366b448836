//! Rule 4: types the clone never copies.

use crate::metadata::FieldMeta;

/// Whether rule 4 drops the field: uploads (Zoho's rule) and the computed
/// types (this crate's safety net: they can never be written).
pub(crate) fn drops(field: &FieldMeta) -> bool {
    field.data_type.is_upload() || field.data_type.is_computed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::DataType;

    #[test]
    fn uploads_and_computed_types_are_dropped() {
        for kind in [
            "fileupload",
            "imageupload",
            "formula",
            "autonumber",
            "rollup_summary",
        ] {
            assert!(drops(&FieldMeta::new("F", DataType::parse(kind))), "{kind}");
        }
    }

    #[test]
    fn other_types_including_profile_images_are_kept() {
        for kind in ["text", "profileimage", "lookup", "subform", "RRULE"] {
            assert!(
                !drops(&FieldMeta::new("F", DataType::parse(kind))),
                "{kind}"
            );
        }
    }
}
