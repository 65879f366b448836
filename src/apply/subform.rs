//! Subform rows (spec §4) and their override policies (spec §5).

use std::collections::HashMap;

use serde_json::Value;

use crate::input::Record;
use crate::options::SubformMerge;
use crate::report::{Recorder, WarningCode};
use crate::rules::Reason;
use crate::rules::keys::{Side, strip_dollar_keys};
use crate::zoho::{ErrorCode, ZohoError};

use super::Walk;
use super::level::{Paths, merge_row};

/// The key that marks an override row as a deletion (policy `update`).
const DELETE_MARK: &str = "_delete";

/// The parent's rows of subform `index`, each through the row rules.
pub(super) fn clone_rows<R: Recorder>(
    walk: &mut Walk<'_, R>,
    index: usize,
    mut value: Value,
    paths: &mut Paths,
) -> Value {
    let Value::Array(rows) = value else {
        // Not a list of rows (null, or a wrong shape validation reports).
        strip_dollar_keys(
            &mut value,
            &mut paths.parent,
            Side::Parent,
            &mut walk.recorder,
        );
        return value;
    };
    warn_without_metadata(walk, index, !rows.is_empty(), paths);
    let mut out = Vec::with_capacity(rows.len());
    for (i, row) in rows.into_iter().enumerate() {
        match row {
            Value::Object(row) => {
                let place = (i, out.len());
                out.push(Value::Object(merge_row(
                    walk,
                    index,
                    Some(row),
                    None,
                    paths,
                    place,
                )));
            }
            _ => paths
                .parent
                .with_index(i, |path| walk.recorder.dropped(path, Reason::InvalidRow)),
        }
    }
    Value::Array(out)
}

/// The override's rows of subform `key` (plan `index`) merged with the
/// parent's rows by the subform policy.
pub(super) fn merge_rows<R: Recorder>(
    walk: &mut Walk<'_, R>,
    index: usize,
    key: &str,
    parent_value: Option<Value>,
    over_value: &Value,
    paths: &mut Paths,
) -> Value {
    let over_rows: &[Value] = match over_value {
        Value::Null => &[],
        Value::Array(rows) => rows,
        // Not rows at all: the parent's rows are replaced wholesale by a
        // value validation will judge.
        other => {
            if let Some(Value::Array(rows)) = &parent_value {
                drop_all(walk, rows, Reason::ReplacedByOverride, paths);
            }
            let mut value = other.clone();
            strip_dollar_keys(
                &mut value,
                &mut paths.over,
                Side::Override,
                &mut walk.recorder,
            );
            return value;
        }
    };
    let parent_rows = match parent_value {
        Some(Value::Array(rows)) => rows,
        _ => Vec::new(),
    };
    let has_rows = !parent_rows.is_empty() || !over_rows.is_empty();
    warn_without_metadata(walk, index, has_rows, paths);

    let matches = match_rows(walk, key, &parent_rows, over_rows);
    let policy = walk.plan.options.subform_merge;
    let rows = match policy {
        _ if over_rows.is_empty() => {
            let reason = match policy {
                SubformMerge::Replace => Reason::ReplacedByOverride,
                SubformMerge::Update => Reason::DeletedByOverride,
            };
            drop_all(walk, &parent_rows, reason, paths);
            Vec::new()
        }
        SubformMerge::Replace => replace(walk, index, parent_rows, over_rows, &matches, paths),
        SubformMerge::Update => update(walk, index, parent_rows, over_rows, &matches, paths),
    };
    Value::Array(rows)
}

/// Which parent row each override row takes up, both ways.
struct Matches {
    /// For each parent row, the override row that takes it up.
    claimed_by: Vec<Option<usize>>,
    /// For each override row, the parent row it takes up.
    takes_up: Vec<Option<usize>>,
}

/// Pairs override rows with parent rows by `id`; a row that is not an
/// object, or whose `id` matches no (free) parent row, is `INVALID_DATA`.
fn match_rows<R: Recorder>(
    walk: &mut Walk<'_, R>,
    key: &str,
    parent_rows: &[Value],
    over_rows: &[Value],
) -> Matches {
    let mut parent_ids: HashMap<String, usize, foldhash::fast::RandomState> = HashMap::default();
    for (i, row) in parent_rows.iter().enumerate() {
        if let Some(id) = row.get("id").and_then(id_key) {
            parent_ids.entry(id).or_insert(i);
        }
    }
    let mut matches = Matches {
        claimed_by: vec![None; parent_rows.len()],
        takes_up: vec![None; over_rows.len()],
    };
    for (j, row) in over_rows.iter().enumerate() {
        let Value::Object(row) = row else {
            let error = ZohoError::at(ErrorCode::InvalidData, key, format!("$.data[0].{key}[{j}]"));
            walk.errors.push(error.expecting("jsonobject"));
            continue;
        };
        // No id, or a null one, makes a new row.
        let id = match row.get("id") {
            None | Some(Value::Null) => continue,
            Some(id) => id_key(id),
        };
        match id.and_then(|id| parent_ids.get(&id)) {
            Some(&i) if matches.claimed_by[i].is_none() => {
                matches.claimed_by[i] = Some(j);
                matches.takes_up[j] = Some(i);
            }
            // An id of another type, one no parent row has, or one an
            // earlier override row took.
            _ => {
                let path = format!("$.data[0].{key}[{j}].id");
                walk.errors
                    .push(ZohoError::at(ErrorCode::InvalidData, "id", path));
            }
        }
    }
    matches
}

/// A row id as a comparable key: Zoho writes ids as strings, some clients
/// as numbers.
fn id_key(id: &Value) -> Option<String> {
    match id {
        Value::String(id) => Some(id.clone()),
        Value::Number(id) => Some(id.to_string()),
        _ => None,
    }
}

fn into_record(row: Value) -> Option<Record> {
    match row {
        Value::Object(record) => Some(record),
        _ => None,
    }
}

/// Policy `replace`: exactly the override's rows, each starting from the
/// parent row it takes up.
fn replace<R: Recorder>(
    walk: &mut Walk<'_, R>,
    index: usize,
    mut parent_rows: Vec<Value>,
    over_rows: &[Value],
    matches: &Matches,
    paths: &mut Paths,
) -> Vec<Value> {
    for (i, row) in parent_rows.iter().enumerate() {
        if matches.claimed_by[i].is_none() {
            let reason = if row.is_object() {
                Reason::ReplacedByOverride
            } else {
                Reason::InvalidRow
            };
            paths
                .parent
                .with_index(i, |path| walk.recorder.dropped(path, reason));
        }
    }
    let mut out = Vec::with_capacity(over_rows.len());
    for (j, row) in over_rows.iter().enumerate() {
        let Value::Object(row) = row else { continue };
        let taken = matches.takes_up[j];
        let parent = taken.and_then(|i| into_record(std::mem::take(&mut parent_rows[i])));
        let place = (taken.unwrap_or(j), out.len());
        out.push(Value::Object(merge_row(
            walk,
            index,
            parent,
            Some(row),
            paths,
            place,
        )));
    }
    out
}

/// Policy `update`: the parent's rows stay, updated or deleted by the
/// override rows that take them up; rows without `id` are appended.
fn update<R: Recorder>(
    walk: &mut Walk<'_, R>,
    index: usize,
    parent_rows: Vec<Value>,
    over_rows: &[Value],
    matches: &Matches,
    paths: &mut Paths,
) -> Vec<Value> {
    let mut out = Vec::with_capacity(parent_rows.len() + over_rows.len());
    for (i, row) in parent_rows.into_iter().enumerate() {
        let Some(parent_row) = into_record(row) else {
            paths
                .parent
                .with_index(i, |path| walk.recorder.dropped(path, Reason::InvalidRow));
            continue;
        };
        let over = matches.claimed_by[i].and_then(|j| over_rows[j].as_object());
        if over.is_some_and(|row| row.contains_key(DELETE_MARK)) {
            paths.parent.with_index(i, |path| {
                walk.recorder.dropped(path, Reason::DeletedByOverride);
            });
            continue;
        }
        let place = (i, out.len());
        out.push(Value::Object(merge_row(
            walk,
            index,
            Some(parent_row),
            over,
            paths,
            place,
        )));
    }
    for (j, row) in over_rows.iter().enumerate() {
        if let (Value::Object(row), None) = (row, matches.takes_up[j]) {
            let place = (j, out.len());
            out.push(Value::Object(merge_row(
                walk,
                index,
                None,
                Some(row),
                paths,
                place,
            )));
        }
    }
    out
}

fn drop_all<R: Recorder>(
    walk: &mut Walk<'_, R>,
    rows: &[Value],
    reason: Reason,
    paths: &mut Paths,
) {
    for (i, row) in rows.iter().enumerate() {
        let reason = if row.is_object() {
            reason
        } else {
            Reason::InvalidRow
        };
        paths
            .parent
            .with_index(i, |path| walk.recorder.dropped(path, reason));
    }
}

fn warn_without_metadata<R: Recorder>(
    walk: &mut Walk<'_, R>,
    index: usize,
    has_rows: bool,
    paths: &Paths,
) {
    if has_rows && walk.plan.subform(index).rows.meta.is_none() {
        walk.recorder
            .warning(&paths.over, WarningCode::SubformMetadataMissing);
    }
}
