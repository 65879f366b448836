//! Regression tests for inputs found while fuzzing (`fuzz/`) and while
//! reading the code the fuzz target reaches. A bug that is not fixed yet is
//! recorded as a test marked `#[ignore = "bug: …"]`; run those with
//! `cargo test --test fuzz_regressions -- --ignored`.

use clone_rules::{FieldsMeta, Options, Plan, UniquePolicy, parent_record};
use serde_json::{Value, json};

/// A custom module with one case-sensitive unique text field `Code`.
fn suffix_plan() -> Plan {
    let fields = FieldsMeta::from_json(&json!({"fields": [
        {"api_name": "Code", "data_type": "text", "length": 60,
         "unique": {"case_sensitive": true}},
    ]}))
    .expect("valid metadata");
    Plan::builder("Projects_X", fields)
        .options(Options::default().unique(UniquePolicy::Suffix))
        .compile()
        .expect("the plan compiles")
}

/// The clone's `Code` under the suffix policy, the parent's `Code` being
/// `code`.
fn suffixed(code: &str) -> Value {
    let parent = json!({"id": "7100000000000000001", "Code": code});
    let record = parent_record(&parent).expect("a record");
    let payload = suffix_plan()
        .apply(record, None)
        .expect("the clone is accepted");
    payload["data"][0]["Code"].clone()
}

#[test]
fn suffix_numbers_follow_on() {
    assert_eq!(suffixed("PX"), json!("PX (copy)"));
    assert_eq!(suffixed("PX (copy)"), json!("PX (copy 2)"));
    assert_eq!(suffixed("PX (copy 9)"), json!("PX (copy 10)"));
}

/// Spec §1: the engine never panics on any input; §6.4: an earlier
/// `" (copy N)"` suffix is replaced by the next number. The copy number was
/// a `u32`, and adding 1 to `u32::MAX` overflowed (a panic in debug builds,
/// `" (copy 0)"` in release builds); fixed in 476745b.
#[test]
fn suffix_after_the_largest_u32_copy_number() {
    assert_eq!(
        suffixed("PX (copy 4294967295)"),
        json!("PX (copy 4294967296)")
    );
}

/// Spec §6.4: suffixes are "never stacked". A copy number too large for a
/// `u32` was not recognised as a suffix, so a second one was appended;
/// fixed in 476745b.
#[test]
fn suffix_is_not_stacked_on_a_large_copy_number() {
    assert_eq!(
        suffixed("PX (copy 99999999999)"),
        json!("PX (copy 100000000000)")
    );
}
