//! Value formats Zoho checks on insert: calendar dates, datetimes with an
//! offset, e-mail syntax and digit counts. Calendar and e-mail rules come
//! from well-kept crates; only Zoho's fixed layouts are matched here.

use chrono::{DateTime, NaiveDate};
use email_address::EmailAddress;
use serde_json::Number;

/// `YYYY-MM-DD`, a real calendar date.
pub(crate) fn is_date(text: &str) -> bool {
    matches_layout(text, "dddd-dd-dd") && NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// `YYYY-MM-DDTHH:MM:SS±HH:MM` or `…Z`: a real date and time of day with an
/// offset and no fractional seconds.
pub(crate) fn is_datetime(text: &str) -> bool {
    let layout_ok = matches_layout(text, "dddd-dd-ddTdd:dd:ddZ")
        || matches_layout(text, "dddd-dd-ddTdd:dd:dd+dd:dd")
        || matches_layout(text, "dddd-dd-ddTdd:dd:dd-dd:dd");
    // chrono reads a 60th second as a leap second; Zoho wants a time of day.
    let second_ok = text.get(17..19).is_some_and(|second| second < "60");
    layout_ok && second_ok && DateTime::parse_from_rfc3339(text).is_ok()
}

/// `local@domain`, as the `email_address` crate accepts it: the bare
/// address, without display text such as `Ada <ada@example.com>`.
pub(crate) fn is_email(text: &str) -> bool {
    let options = email_address::Options::default().without_display_text();
    EmailAddress::parse_with_options(text, options).is_ok()
}

/// Whether `text` has the layout `pattern`, where `d` stands for an ASCII
/// digit and every other character for itself.
fn matches_layout(text: &str, pattern: &str) -> bool {
    text.len() == pattern.len()
        && text
            .bytes()
            .zip(pattern.bytes())
            .all(|(byte, want)| match want {
                b'd' => byte.is_ascii_digit(),
                _ => byte == want,
            })
}

/// Whether a JSON number was written as an integer. `serde_json` keeps
/// integers past 64 bits, and `-0`, as floats; those are integers too, while
/// a float within 64-bit range was written with a fraction or an exponent.
pub(crate) fn is_integral(number: &Number) -> bool {
    if number.is_i64() || number.is_u64() {
        return true;
    }
    number.as_f64().is_some_and(|value| {
        let beyond_64_bits = value.abs() >= 18_446_744_073_709_551_616.0;
        value.is_finite() && value.fract() == 0.0 && (beyond_64_bits || value == 0.0)
    })
}

/// The number of digits of an integer, without its sign.
pub(crate) fn integer_digits(number: &Number) -> Option<usize> {
    if let Some(value) = number.as_u64() {
        return Some(decimal_len(value));
    }
    number
        .as_i64()
        .map(|value| decimal_len(value.unsigned_abs()))
}

fn decimal_len(value: u64) -> usize {
    value.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// The number of digits of a number's integer part, without its sign.
pub(crate) fn integer_part_digits(number: &Number) -> usize {
    if let Some(digits) = integer_digits(number) {
        return digits;
    }
    // A float: count the digits left of the point in its shortest spelling.
    let text = number.to_string();
    let unsigned = text.trim_start_matches('-');
    let mantissa_end = unsigned.find(['e', 'E']).unwrap_or(unsigned.len());
    let exponent: i64 = unsigned
        .get(mantissa_end + 1..)
        .and_then(|e| e.parse().ok())
        .unwrap_or(0);
    let mantissa = &unsigned[..mantissa_end];
    let whole = mantissa
        .split('.')
        .next()
        .unwrap_or("")
        .trim_start_matches('0');
    let digits = i64::try_from(whole.len())
        .unwrap_or(i64::MAX)
        .saturating_add(exponent);
    usize::try_from(digits).unwrap_or(0)
}

/// Whether `text` is a non-empty run of ASCII digits.
pub(crate) fn is_digit_string(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real_and_padded() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2024-2-9"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("2024-01-01T00:00:00Z"));
    }

    #[test]
    fn datetimes_need_an_offset_and_no_fraction() {
        assert!(is_datetime("2019-03-04T11:51:53+05:30"));
        assert!(is_datetime("2019-03-04T11:51:53Z"));
        assert!(is_datetime("2024-02-19T18:30:23-11:00"));
        assert!(!is_datetime("2019-03-04T11:51:53"));
        assert!(!is_datetime("2019-03-04T11:51:53.123+05:30"));
        assert!(!is_datetime("2019-03-04T25:00:00+05:30"));
        assert!(!is_datetime("2019-02-30T10:00:00Z"));
        assert!(!is_datetime("2019-03-04 11:51:53+05:30"));
        assert!(!is_datetime("2019-03-04T11:51:60+05:30"));
    }

    #[test]
    fn email_syntax() {
        assert!(is_email("ada@example.com"));
        assert!(!is_email("ada.example.com"));
        assert!(!is_email("ada@"));
        assert!(!is_email("Ada <ada@example.com>"));
    }

    #[test]
    fn digit_counts() {
        let count = |text: &str| integer_part_digits(&serde_json::from_str(text).unwrap());
        assert_eq!(count("0"), 1);
        assert_eq!(count("-12345"), 5);
        assert_eq!(count("123.456"), 3);
        assert_eq!(count("0.5"), 0);
        assert_eq!(count("1e20"), 21);
        assert_eq!(integer_digits(&serde_json::from_str("1.5").unwrap()), None);
        assert!(is_digit_string("0123") && !is_digit_string("12a") && !is_digit_string(""));
        let integral = |text: &str| is_integral(&serde_json::from_str(text).unwrap());
        assert!(integral("12") && integral("-0") && integral("18446744073709551616"));
        assert!(!integral("1.5") && !integral("1e2") && !integral("2.0"));
    }
}
