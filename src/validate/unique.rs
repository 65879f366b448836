//! Unique fields (spec §6.4): a clone's unique value equal to the parent's
//! collides with the parent itself.

use serde_json::{Value, json};

use crate::apply::ParentFacts;
use crate::input::Record;
use crate::metadata::{DataType, FieldMeta};
use crate::options::UniquePolicy;
use crate::plan::Plan;
use crate::zoho::{ErrorCode, ZohoError};

use super::mandatory::is_empty;

/// What the unique policy did to one field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    /// `reject`: Zoho's `DUPLICATE_DATA`.
    Duplicate(ZohoError),
    /// `clear`, or `suffix` on a type that takes none: the value is gone.
    Cleared(String),
    /// `suffix`: the text got a `" (copy)"` suffix.
    Suffixed(String),
}

/// Applies the unique policy to every top-level unique field of `record`.
pub(crate) fn resolve(
    plan: &Plan,
    parent: &ParentFacts,
    record: &mut Record,
    prefix: &str,
    policy: UniquePolicy,
) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    for field in plan.fields().iter() {
        let Some(case_sensitive) = field.unique else {
            continue;
        };
        let Some(value) = record.get(&field.api_name).filter(|v| !is_empty(Some(v))) else {
            continue;
        };
        let known = plan.options.known_unique_values.get(&field.api_name);
        let taken = |candidate: &Value| {
            let same = |other: &Value| equal(candidate, other, case_sensitive);
            parent.unique_value(&field.api_name).is_some_and(same)
                || known.is_some_and(|values| values.iter().any(same))
        };
        if !taken(value) {
            continue;
        }
        let outcome = match policy {
            UniquePolicy::Reject => {
                Outcome::Duplicate(duplicate(plan, parent, field, value, prefix))
            }
            UniquePolicy::Clear => Outcome::Cleared(field.api_name.clone()),
            UniquePolicy::Suffix => match suffixed(field, value, &taken) {
                Some(text) => {
                    record.insert(field.api_name.clone(), Value::String(text));
                    Outcome::Suffixed(field.api_name.clone())
                }
                None => Outcome::Cleared(field.api_name.clone()),
            },
        };
        if let Outcome::Cleared(name) = &outcome {
            record.shift_remove(name);
        }
        outcomes.push(outcome);
    }
    outcomes
}

/// Equality as Zoho's unique index sees it: text compares with Unicode
/// lower-casing unless the field is case sensitive.
fn equal(a: &Value, b: &Value, case_sensitive: bool) -> bool {
    match (a, b) {
        (Value::String(a), Value::String(b)) if !case_sensitive => {
            // ASCII needs no allocation; other text takes Unicode lower-casing.
            if a.is_ascii() && b.is_ascii() {
                a.eq_ignore_ascii_case(b)
            } else {
                a.to_lowercase() == b.to_lowercase()
            }
        }
        _ => a == b,
    }
}

fn duplicate(
    plan: &Plan,
    parent: &ParentFacts,
    field: &FieldMeta,
    value: &Value,
    prefix: &str,
) -> ZohoError {
    let path = format!("{prefix}.{}", field.api_name);
    let mut error = ZohoError::at(ErrorCode::DuplicateData, field.api_name.as_str(), path);
    // Only a collision with the parent itself names the record it hits.
    let with_parent = parent
        .unique_value(&field.api_name)
        .is_some_and(|p| equal(p, value, field.unique.unwrap_or(false)));
    if with_parent {
        error.duplicate_record = Some(json!({
            "id": parent.id.clone().unwrap_or(Value::Null),
            "module": {"api_name": plan.module.api_name()},
        }));
    }
    error
}

/// Which copy a text value is, by its suffix.
#[derive(Debug, Clone, PartialEq, Eq)]
enum CopyNumber {
    /// No copy suffix: the original.
    Original,
    /// `" (copy)"`.
    First,
    /// `" (copy N)"`, N from 2 up, kept as decimal text so that no number
    /// is too large to count on from.
    Numbered(String),
}

impl CopyNumber {
    fn next(&self) -> Self {
        match self {
            Self::Original => Self::First,
            Self::First => Self::Numbered("2".to_owned()),
            Self::Numbered(digits) => Self::Numbered(increment_decimal(digits)),
        }
    }

    fn suffix(&self) -> String {
        match self {
            Self::Original => String::new(),
            Self::First => " (copy)".to_owned(),
            Self::Numbered(digits) => format!(" (copy {digits})"),
        }
    }
}

/// The next free `" (copy N)"` spelling of a text value that fits the
/// field's length; `None` when the type takes no suffix or none fits.
fn suffixed(field: &FieldMeta, value: &Value, taken: &dyn Fn(&Value) -> bool) -> Option<String> {
    if !matches!(field.data_type, DataType::Text | DataType::Textarea) {
        return None;
    }
    let (base, mut copy) = split_copy_suffix(value.as_str()?);
    // Bounded: a value taken this many times over is cleared instead.
    for _ in 0..1000 {
        copy = copy.next();
        let candidate = fit(base, &copy.suffix(), field.length)?;
        if !taken(&Value::String(candidate.clone())) {
            return Some(candidate);
        }
    }
    None
}

/// The text without an earlier copy suffix, and which copy it was.
fn split_copy_suffix(text: &str) -> (&str, CopyNumber) {
    if let Some(base) = text.strip_suffix(" (copy)") {
        return (base, CopyNumber::First);
    }
    let numbered = text
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once(" (copy "))
        .filter(|(_, digits)| is_copy_number(digits));
    match numbered {
        Some((base, digits)) => (base, CopyNumber::Numbered(digits.to_owned())),
        None => (text, CopyNumber::Original),
    }
}

/// Decimal digits without a leading zero (`" (copy 1)"` is read as a copy
/// suffix too, though this crate writes `" (copy)"` for the first copy).
fn is_copy_number(digits: &str) -> bool {
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0')
}

fn increment_decimal(digits: &str) -> String {
    let mut bytes = digits.as_bytes().to_vec();
    for byte in bytes.iter_mut().rev() {
        if *byte == b'9' {
            *byte = b'0';
        } else {
            *byte += 1;
            return String::from_utf8(bytes).unwrap_or_default();
        }
    }
    format!("1{}", String::from_utf8(bytes).unwrap_or_default())
}

/// `base + suffix`, with the base shortened to keep within `length`
/// characters; `None` when not even one base character fits.
fn fit(base: &str, suffix: &str, length: Option<u64>) -> Option<String> {
    let suffix_len = suffix.chars().count();
    let room = match length {
        Some(length) => usize::try_from(length)
            .unwrap_or(usize::MAX)
            .checked_sub(suffix_len)?,
        None => usize::MAX,
    };
    let kept: String = base.chars().take(room).collect();
    // A base shortened to nothing means the field is too short for a suffix.
    (kept.is_empty() == base.is_empty()).then(|| kept + suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_are_numbered_never_stacked() {
        let numbered = |n: &str| CopyNumber::Numbered(n.to_owned());
        assert_eq!(split_copy_suffix("Acme"), ("Acme", CopyNumber::Original));
        assert_eq!(
            split_copy_suffix("Acme (copy)"),
            ("Acme", CopyNumber::First)
        );
        assert_eq!(split_copy_suffix("Acme (copy 7)"), ("Acme", numbered("7")));
        assert_eq!(
            split_copy_suffix("Acme (copy x)"),
            ("Acme (copy x)", CopyNumber::Original)
        );
        assert_eq!(split_copy_suffix("Acme (copy 1)"), ("Acme", numbered("1")));
        assert_eq!(
            split_copy_suffix("Acme (copy 07)"),
            ("Acme (copy 07)", CopyNumber::Original)
        );
    }

    #[test]
    fn copy_numbers_count_past_any_integer_type() {
        assert_eq!(CopyNumber::Original.next(), CopyNumber::First);
        assert_eq!(CopyNumber::First.next().suffix(), " (copy 2)");
        assert_eq!(
            CopyNumber::Numbered("9".into()).next().suffix(),
            " (copy 10)"
        );
        assert_eq!(increment_decimal("4294967295"), "4294967296");
        assert_eq!(
            increment_decimal("99999999999999999999999"),
            "100000000000000000000000"
        );
    }

    #[test]
    fn the_base_shortens_to_fit_the_length() {
        assert_eq!(
            fit("Acme Corp", " (copy)", Some(10)).as_deref(),
            Some("Acm (copy)")
        );
        assert_eq!(fit("Acme", " (copy)", Some(7)), None);
        assert_eq!(fit("Acme", " (copy)", None).as_deref(), Some("Acme (copy)"));
    }

    #[test]
    fn comparison_ignores_case_unless_sensitive() {
        assert!(equal(&json!("ÉCOLE@x.fr"), &json!("école@x.fr"), false));
        assert!(!equal(&json!("A"), &json!("a"), true));
        assert!(equal(&json!(5), &json!(5), false));
    }
}
