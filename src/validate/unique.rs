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

/// The next free `" (copy N)"` spelling of a text value that fits the
/// field's length; `None` when the type takes no suffix or none fits.
fn suffixed(field: &FieldMeta, value: &Value, taken: &dyn Fn(&Value) -> bool) -> Option<String> {
    if !matches!(field.data_type, DataType::Text | DataType::Textarea) {
        return None;
    }
    let (base, mut number) = split_copy_suffix(value.as_str()?);
    // Bounded: a value taken this many times over is cleared instead.
    for _ in 0..1000 {
        number += 1;
        let suffix = if number == 1 {
            " (copy)".to_owned()
        } else {
            format!(" (copy {number})")
        };
        let candidate = fit(base, &suffix, field.length)?;
        if !taken(&Value::String(candidate.clone())) {
            return Some(candidate);
        }
    }
    None
}

/// The text without an earlier `" (copy)"` / `" (copy N)"` suffix, and the
/// number that suffix stood for (0 without one).
fn split_copy_suffix(text: &str) -> (&str, u32) {
    if let Some(base) = text.strip_suffix(" (copy)") {
        return (base, 1);
    }
    let numbered = text
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once(" (copy "))
        .and_then(|(base, n)| n.parse::<u32>().ok().filter(|n| *n >= 2).map(|n| (base, n)));
    numbered.unwrap_or((text, 0))
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
    (!kept.is_empty()).then(|| kept + suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_are_numbered_never_stacked() {
        assert_eq!(split_copy_suffix("Acme"), ("Acme", 0));
        assert_eq!(split_copy_suffix("Acme (copy)"), ("Acme", 1));
        assert_eq!(split_copy_suffix("Acme (copy 7)"), ("Acme", 7));
        assert_eq!(split_copy_suffix("Acme (copy x)"), ("Acme (copy x)", 0));
        assert_eq!(split_copy_suffix("Acme (copy 1)"), ("Acme (copy 1)", 0));
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
