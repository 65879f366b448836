//! One level of the clone (the record, or a subform row): every parent key
//! through the exclusion rules, then every override key through the refusal
//! rules, merged in place.

use std::collections::HashMap;

use serde_json::Value;

use crate::input::Record;
use crate::options::UnknownFields;
use crate::path::RecordPath;
use crate::plan::{LevelPlan, Shape};
use crate::report::Recorder;
use crate::rules::Reason;
use crate::rules::keys::{Side, linking_list, name_rule, without_dollar_keys};

use super::{Walk, subform};

/// The top-level record: the parent's keys, then the override's.
pub(super) fn merge_record<'a, R: Recorder>(
    walk: &mut Walk<'_, R>,
    parent: &'a Record,
    over: Option<&'a Record>,
) -> Record {
    let plan = walk.plan;
    let sides = Sides {
        parent: Some(parent),
        over,
    };
    let mut paths = Paths::default();
    merge_level(walk, &plan.record, false, sides, &mut paths)
}

/// The parent's and the override's objects at one level.
#[derive(Clone, Copy, Default)]
pub(super) struct Sides<'a> {
    pub(super) parent: Option<&'a Record>,
    pub(super) over: Option<&'a Record>,
}

/// The paths of one level: parent keys and override keys are reported at
/// different row indices inside subforms (§5), at the same place elsewhere.
#[derive(Default)]
pub(super) struct Paths<'a> {
    pub(super) parent: RecordPath<'a>,
    pub(super) over: RecordPath<'a>,
}

/// What a key of the parent becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Keep(Shape),
    Drop(Reason),
}

/// Rules 1 to 11 for one parent key.
fn copy_fate(level: &LevelPlan, key: &str, in_row: bool, unknown: UnknownFields) -> Fate {
    if let Some(reason) = name_rule(key, in_row) {
        return Fate::Drop(reason);
    }
    if level.meta.is_none() {
        return if level.excluded.contains(key) {
            Fate::Drop(Reason::CustomRule)
        } else {
            Fate::Keep(Shape::Plain)
        };
    }
    match level.fields.get(key) {
        Some(field) => field.copy.map_or(Fate::Keep(field.shape), Fate::Drop),
        None if unknown == UnknownFields::Keep => Fate::Keep(Shape::Plain),
        None => Fate::Drop(Reason::NotInMetadata),
    }
}

/// The refusal rules of §5 for one override key.
fn override_fate(level: &LevelPlan, key: &str, in_row: bool, unknown: UnknownFields) -> Fate {
    if let Some(reason) = name_rule(key, in_row) {
        return Fate::Drop(reason);
    }
    if level.meta.is_none() {
        return Fate::Keep(Shape::Plain);
    }
    match level.fields.get(key) {
        Some(field) => field.refusal.map_or(Fate::Keep(field.shape), Fate::Drop),
        None if unknown == UnknownFields::Keep => Fate::Keep(Shape::Plain),
        None => Fate::Drop(Reason::NotInMetadata),
    }
}

/// Merges one level. A replaced key keeps the parent's position; a key the
/// parent lacks (or that a copy-only rule dropped) is appended in the
/// override's order.
pub(super) fn merge_level<'a, R: Recorder>(
    walk: &mut Walk<'_, R>,
    level: &LevelPlan,
    in_row: bool,
    sides: Sides<'a>,
    paths: &mut Paths<'a>,
) -> Record {
    let unknown = walk.plan.options.unknown_fields;
    let accepted: HashMap<&str, Shape> = sides
        .over
        .into_iter()
        .flatten()
        .filter_map(|(key, _)| match override_fate(level, key, in_row, unknown) {
            Fate::Keep(shape) => Some((key.as_str(), shape)),
            Fate::Drop(_) => None,
        })
        .collect();
    let capacity = sides.parent.map_or(0, Record::len) + accepted.len();
    let mut record = Record::with_capacity(capacity);

    for (key, value) in sides.parent.into_iter().flatten() {
        let fate = copy_fate(level, key, in_row, unknown);
        paths.parent.push_key(key);
        match (fate, accepted.get(key.as_str())) {
            (_, Some(&shape)) => {
                // Overridden: reported once, at the override's path, whatever
                // the parent's fate was; a dropped key is appended below.
                paths.over.push_key(key);
                walk.recorder.overridden(&paths.over);
                if let Fate::Keep(_) = fate {
                    let merged = override_value(walk, key, shape, Some(value), sides, paths);
                    record.insert(key.clone(), merged);
                }
                paths.over.pop();
            }
            (Fate::Keep(shape), None) => {
                walk.recorder.kept(&paths.parent);
                let copy = copy_value(walk, key, shape, value, &mut paths.parent);
                record.insert(key.clone(), copy);
            }
            (Fate::Drop(reason), None) => walk.recorder.dropped(&paths.parent, reason),
        }
        paths.parent.pop();
    }

    for (key, _) in sides.over.into_iter().flatten() {
        paths.over.push_key(key);
        match accepted.get(key.as_str()) {
            None => {
                if let Fate::Drop(reason) = override_fate(level, key, in_row, unknown) {
                    walk.recorder.refused(&paths.over, reason);
                }
            }
            Some(&shape) if !record.contains_key(key.as_str()) => {
                if !sides.parent.is_some_and(|p| p.contains_key(key.as_str())) {
                    walk.recorder.overridden(&paths.over);
                }
                paths.parent.push_key(key);
                let merged = override_value(walk, key, shape, None, sides, paths);
                paths.parent.pop();
                record.insert(key.clone(), merged);
            }
            Some(_) => {}
        }
        paths.over.pop();
    }
    record
}

/// A parent value as the clone copies it.
fn copy_value<'a, R: Recorder>(
    walk: &mut Walk<'_, R>,
    key: &str,
    shape: Shape,
    value: &'a Value,
    path: &mut RecordPath<'a>,
) -> Value {
    match shape {
        Shape::Plain => without_dollar_keys(value, path, Side::Parent, &mut walk.recorder),
        Shape::Linking => linking_list(value, path, Side::Parent, &mut walk.recorder),
        Shape::Subform(index) => subform::clone_rows(walk, index, key, value, path),
    }
}

/// An override value as it lands in the clone; subform rows merge with the
/// parent's rows (`parent_value`) by the subform policy.
fn override_value<'a, R: Recorder>(
    walk: &mut Walk<'_, R>,
    key: &str,
    shape: Shape,
    parent_value: Option<&'a Value>,
    sides: Sides<'a>,
    paths: &mut Paths<'a>,
) -> Value {
    let Some(value) = sides.over.and_then(|over| over.get(key)) else {
        return Value::Null;
    };
    match shape {
        Shape::Plain => without_dollar_keys(value, &mut paths.over, Side::Override, &mut walk.recorder),
        Shape::Linking => linking_list(value, &mut paths.over, Side::Override, &mut walk.recorder),
        Shape::Subform(index) => subform::merge_rows(walk, index, parent_value, value, paths),
    }
}
