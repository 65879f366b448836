//! Rule 5: system fields the clone never copies.

use crate::metadata::FieldMeta;
use crate::options::Options;

/// The field that holds the GDPR processing basis.
const GDPR_BASIS: &str = "Data_Processing_Basis_Details";

/// Whether rule 5 drops the field: `Wizard` always, the GDPR basis when GDPR
/// is on. Names compare ASCII-case-insensitively.
pub(crate) fn drops(field: &FieldMeta, options: &Options) -> bool {
    field.api_name.eq_ignore_ascii_case("Wizard")
        || (options.gdpr && field.api_name.eq_ignore_ascii_case(GDPR_BASIS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::DataType;

    #[test]
    fn wizard_is_always_dropped() {
        assert!(drops(
            &FieldMeta::new("wizard", DataType::Bigint),
            &Options::default()
        ));
    }

    #[test]
    fn gdpr_basis_is_dropped_only_when_gdpr_is_on() {
        let field = FieldMeta::new(GDPR_BASIS, DataType::Lookup);
        assert!(!drops(&field, &Options::default()));
        assert!(drops(&field, &Options::default().gdpr(true)));
    }
}
