//! One level of the clone (the record, or a subform row): every parent key
//! through the exclusion rules, then every override key through the refusal
//! rules, merged in place in the parent's own map.

use std::collections::HashMap;

use serde_json::Value;

use crate::input::Record;
use crate::options::UnknownFields;
use crate::path::RecordPath;
use crate::plan::{CompiledField, LevelPlan, Shape};
use crate::report::Recorder;
use crate::rules::Reason;
use crate::rules::keys::{Side, name_rule, strip_dollar_keys, strip_linking_ids};

use super::{Walk, subform};

/// The top-level record: the parent's keys, then the override's.
pub(super) fn merge_record<R: Recorder>(
    walk: &mut Walk<'_, R>,
    parent: Record,
    over: Option<&Record>,
) -> Record {
    let plan = walk.plan;
    let mut paths = Paths::new(R::ENABLED);
    merge_level(walk, &plan.record, false, Some(parent), over, &mut paths)
}

/// The paths of one level: parent keys and override keys are reported at
/// different row indices inside subforms (§5), at the same place elsewhere.
pub(super) struct Paths {
    pub(super) parent: RecordPath,
    pub(super) over: RecordPath,
}

impl Paths {
    pub(super) fn new(enabled: bool) -> Self {
        Self {
            parent: RecordPath::new(enabled),
            over: RecordPath::new(enabled),
        }
    }

    fn push_key(&mut self, key: &str) {
        self.parent.push_key(key);
        self.over.push_key(key);
    }

    fn pop(&mut self) {
        self.parent.pop();
        self.over.pop();
    }
}

/// What a key becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Keep(Shape),
    Drop(Reason),
}

/// The metadata decision for a key, looked up once per key: `None` for a
/// name rule's key, or a key without metadata.
fn lookup<'l>(level: &'l LevelPlan, key: &str, in_row: bool) -> Option<&'l CompiledField> {
    if name_rule(key, in_row).is_some() {
        return None;
    }
    level.fields.get(key)
}

/// What a key becomes on one side: for the parent, rules 1 to 11 (§3); for
/// the override, the refusal rules (§5). `field` is the key's [`lookup`].
fn key_fate(
    level: &LevelPlan,
    key: &str,
    in_row: bool,
    field: Option<&CompiledField>,
    unknown: UnknownFields,
    side: Side,
) -> Fate {
    if let Some(reason) = name_rule(key, in_row) {
        return Fate::Drop(reason);
    }
    // Rows without metadata: only the caller's exclusions stop a copy.
    if level.meta.is_none() {
        let excluded = side == Side::Parent && level.excluded.contains(key);
        return if excluded {
            Fate::Drop(Reason::CustomRule)
        } else {
            Fate::Keep(Shape::Plain)
        };
    }
    match field {
        Some(field) => {
            let decision = match side {
                Side::Parent => field.copy,
                Side::Override => field.refusal,
            };
            decision.map_or(Fate::Keep(field.shape), Fate::Drop)
        }
        None if unknown == UnknownFields::Keep => Fate::Keep(Shape::Plain),
        None => Fate::Drop(Reason::NotInMetadata),
    }
}

/// Override keys the parent also has: `true` once the value is placed at
/// the parent's position.
type Seen<'o> = HashMap<&'o str, bool, foldhash::fast::RandomState>;

/// Merges one level into the parent's map. A replaced key keeps the
/// parent's position; a key the parent lacks (or that a copy-only rule
/// dropped) is appended in the override's order.
pub(super) fn merge_level<R: Recorder>(
    walk: &mut Walk<'_, R>,
    level: &LevelPlan,
    in_row: bool,
    parent: Option<Record>,
    over: Option<&Record>,
    paths: &mut Paths,
) -> Record {
    let mut seen = Seen::default();
    let mut record = parent.unwrap_or_default();
    record.retain(|key, value| {
        paths.push_key(key);
        let keep = merge_parent_key(walk, level, in_row, key, value, over, &mut seen, paths);
        paths.pop();
        keep
    });

    for (key, value) in over.into_iter().flatten() {
        let placed = seen.get(key.as_str()).copied();
        if placed == Some(true) {
            continue;
        }
        paths.push_key(key);
        let unknown = walk.plan.options.unknown_fields;
        let field = lookup(level, key, in_row);
        match key_fate(level, key, in_row, field, unknown, Side::Override) {
            Fate::Drop(reason) => walk.recorder.refused(&paths.over, reason),
            Fate::Keep(shape) => {
                // A parent key a copy-only rule dropped was reported already.
                if placed.is_none() {
                    walk.recorder.overridden(&paths.over);
                }
                let merged = override_value(walk, key, shape, None, value, paths);
                record.insert(key.clone(), merged);
            }
        }
        paths.pop();
    }
    record
}

/// One parent key: kept (its value made ready in place), overridden, or
/// dropped. Returns whether the key stays in the map.
#[allow(clippy::too_many_arguments)] // one level's whole state, passed down
fn merge_parent_key<'o, R: Recorder>(
    walk: &mut Walk<'_, R>,
    level: &LevelPlan,
    in_row: bool,
    key: &str,
    value: &mut Value,
    over: Option<&'o Record>,
    seen: &mut Seen<'o>,
    paths: &mut Paths,
) -> bool {
    let unknown = walk.plan.options.unknown_fields;
    let field = lookup(level, key, in_row);
    let fate = key_fate(level, key, in_row, field, unknown, Side::Parent);
    let accepted =
        over.and_then(|over| over.get_key_value(key))
            .and_then(|(over_key, over_value)| {
                match key_fate(level, key, in_row, field, unknown, Side::Override) {
                    Fate::Keep(shape) => Some((over_key.as_str(), over_value, shape)),
                    Fate::Drop(_) => None,
                }
            });
    if let (false, Some(field)) = (in_row, field) {
        let removed_by = if accepted.is_some() {
            None
        } else {
            fate_reason(fate)
        };
        walk.note_parent_field(field, key, value, removed_by);
    }
    if let Some((over_key, over_value, shape)) = accepted {
        // Overridden: reported once, at the override's path, whatever the
        // parent's fate was; a key a copy-only rule dropped is appended.
        walk.recorder.overridden(&paths.over);
        let placed = matches!(fate, Fate::Keep(_));
        seen.insert(over_key, placed);
        if placed {
            let parent_value = std::mem::take(value);
            *value = override_value(walk, key, shape, Some(parent_value), over_value, paths);
        }
        return placed;
    }

    match fate {
        Fate::Keep(shape) => {
            walk.recorder.kept(&paths.parent);
            ready_parent_value(walk, shape, value, paths);
            true
        }
        Fate::Drop(reason) => {
            walk.recorder.dropped(&paths.parent, reason);
            false
        }
    }
}

fn fate_reason(fate: Fate) -> Option<Reason> {
    match fate {
        Fate::Keep(_) => None,
        Fate::Drop(reason) => Some(reason),
    }
}

/// A kept parent value, made ready in place.
fn ready_parent_value<R: Recorder>(
    walk: &mut Walk<'_, R>,
    shape: Shape,
    value: &mut Value,
    paths: &mut Paths,
) {
    match shape {
        Shape::Plain => {
            strip_dollar_keys(value, &mut paths.parent, Side::Parent, &mut walk.recorder);
        }
        Shape::Linking => {
            strip_linking_ids(value, &mut paths.parent, Side::Parent, &mut walk.recorder);
        }
        Shape::Subform(index) => {
            let rows = std::mem::take(value);
            *value = subform::clone_rows(walk, index, rows, paths);
        }
    }
}

/// An override value as it lands in the clone; subform rows merge with the
/// parent's rows (`parent_value`) by the subform policy.
fn override_value<R: Recorder>(
    walk: &mut Walk<'_, R>,
    key: &str,
    shape: Shape,
    parent_value: Option<Value>,
    over_value: &Value,
    paths: &mut Paths,
) -> Value {
    let recorder = &mut walk.recorder;
    match shape {
        Shape::Plain => {
            let mut value = over_value.clone();
            strip_dollar_keys(&mut value, &mut paths.over, Side::Override, recorder);
            value
        }
        Shape::Linking => {
            let mut value = over_value.clone();
            strip_linking_ids(&mut value, &mut paths.over, Side::Override, recorder);
            value
        }
        Shape::Subform(index) => {
            subform::merge_rows(walk, index, key, parent_value, over_value, paths)
        }
    }
}

/// One subform row through the row rules: parent keys reported at the
/// parent's row index, override keys at the row's index in the payload.
pub(super) fn merge_row<R: Recorder>(
    walk: &mut Walk<'_, R>,
    index: usize,
    parent: Option<Record>,
    over: Option<&Record>,
    paths: &mut Paths,
    (parent_index, payload_index): (usize, usize),
) -> Record {
    paths.parent.push_index(parent_index);
    paths.over.push_index(payload_index);
    let level = &walk.plan.subform(index).rows;
    let row = merge_level(walk, level, true, parent, over, paths);
    paths.parent.pop();
    paths.over.pop();
    row
}
