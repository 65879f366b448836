//! Validation as Zoho's Insert Records call would do it (spec §6), in the
//! spec's order: scope, body shape, override row ids, mandatory, types and
//! lengths, limits, unique.

pub(crate) mod body;
mod formats;
pub(crate) mod insert;
mod limits;
mod mandatory;
pub(crate) mod scope;
mod types;
mod unique;

use std::collections::HashSet;

use serde_json::Value;

use crate::apply::{ParentFacts, Walk};
use crate::input::Record;
use crate::metadata::FieldsMeta;
use crate::options::UniquePolicy;
use crate::path::RecordPath;
use crate::plan::{Plan, Shape};
use crate::report::{Recorder, WarningCode};
use crate::rules::Reason;
use crate::zoho::ZohoError;

/// Validates the merged clone; errors are appended to the walk's.
pub(crate) fn record<R: Recorder>(walk: &mut Walk<'_, R>, record: &mut Record) {
    let plan = walk.plan;
    let policy = plan.options.unique;
    let (parent, recorder, errors) = (&walk.parent, &mut walk.recorder, &mut walk.errors);
    check_record(plan, parent, record, CLONE_PATH, policy, recorder, errors);
}

/// The JSON path of the clone's record in its Insert Records body.
const CLONE_PATH: &str = "$.data[0]";

/// Validates one record at `prefix` (`$.data[i]`); `parent` holds what is
/// known of the record a clone comes from (nothing for a plain insert).
pub(crate) fn check_record<R: Recorder>(
    plan: &Plan,
    parent: &ParentFacts,
    record: &mut Record,
    prefix: &str,
    policy: UniquePolicy,
    recorder: &mut R,
    errors: &mut Vec<ZohoError>,
) {
    // The unique policy runs first, as clearing a value can make a mandatory
    // field missing; its DUPLICATE_DATA errors still come last.
    let mut duplicates = Vec::new();
    let mut cleared = HashSet::new();
    for outcome in unique::resolve(plan, parent, record, prefix, policy) {
        match outcome {
            unique::Outcome::Duplicate(error) => duplicates.push(error),
            unique::Outcome::Cleared(key) => {
                let parent_has_key = parent.unique_values.iter().any(|(name, _)| *name == key);
                recorder.unique_cleared(&key, parent_has_key);
                cleared.insert(key);
            }
            unique::Outcome::Suffixed(key) => {
                let mut path = RecordPath::new(R::ENABLED);
                path.push_key(&key);
                recorder.warning(&path, WarningCode::UniqueSuffixed);
            }
        }
    }

    let removed_by = |name: &str| {
        if cleared.contains(name) {
            return Some(Reason::UniqueCleared);
        }
        parent
            .removed
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, reason)| *reason)
    };
    mandatory_errors(plan, record, prefix, &removed_by, errors);
    type_errors(plan, record, prefix, errors);
    limits::check(plan, record, prefix, errors);
    errors.extend(duplicates);
}

/// The rows of a subform field that has metadata.
fn subform_rows<'r>(
    plan: &'r Plan,
    key: &'r str,
    value: &'r Value,
) -> Option<(&'r str, &'r FieldsMeta, &'r [Value])> {
    let Shape::Subform(index) = plan.record.fields.get(key)?.shape else {
        return None;
    };
    let meta = plan.subform(index).rows.meta.as_ref()?;
    Some((key, meta, value.as_array()?.as_slice()))
}

fn mandatory_errors(
    plan: &Plan,
    record: &Record,
    prefix: &str,
    removed_by: &dyn Fn(&str) -> Option<Reason>,
    errors: &mut Vec<ZohoError>,
) {
    let required = mandatory::layout_required(record, plan.layouts.as_ref());
    mandatory::check(
        plan.fields(),
        &required,
        record,
        &|| prefix.to_owned(),
        removed_by,
        errors,
    );
    let none = HashSet::new();
    let subforms = record
        .iter()
        .filter_map(|(key, value)| subform_rows(plan, key, value));
    for (key, meta, rows) in subforms {
        for (i, row) in rows.iter().enumerate() {
            if let Value::Object(row) = row {
                let row_prefix = || format!("{prefix}.{key}[{i}]");
                mandatory::check(meta, &none, row, &row_prefix, &|_| None, errors);
            }
        }
    }
}

/// Types and lengths in payload order; a subform's rows are checked where
/// the subform stands. One metadata lookup per key.
fn type_errors(plan: &Plan, record: &Record, prefix: &str, errors: &mut Vec<ZohoError>) {
    let options = &plan.options;
    let fields = plan.fields();
    for (key, value) in record {
        let Some(compiled) = plan.record.fields.get(key) else {
            continue;
        };
        let field = fields.at(compiled.index);
        errors.extend(types::check(
            field,
            value,
            || format!("{prefix}.{key}"),
            options,
        ));
        let Shape::Subform(index) = compiled.shape else {
            continue;
        };
        let (Some(meta), Value::Array(rows)) = (&plan.subform(index).rows.meta, value) else {
            continue;
        };
        for (i, row) in rows.iter().enumerate() {
            let Value::Object(row) = row else { continue };
            for (column, cell) in row {
                let Some(field) = meta.get(column) else {
                    continue;
                };
                let path = || format!("{prefix}.{key}[{i}].{column}");
                errors.extend(types::check(field, cell, path, options));
            }
        }
    }
}
