//! Subform rows (spec §4) and their override policies (spec §5).

use std::collections::HashMap;

use serde_json::Value;

use crate::options::SubformMerge;
use crate::path::RecordPath;
use crate::report::{Recorder, WarningCode};
use crate::rules::Reason;
use crate::rules::keys::{Side, without_dollar_keys};
use crate::zoho::{ErrorCode, ZohoError};

use super::Walk;
use super::level::{Paths, Sides, merge_level};

/// The key that marks an override row as a deletion (policy `update`).
const DELETE_MARK: &str = "_delete";

/// The parent's rows of subform `index`, each through the row rules.
pub(super) fn clone_rows<'a, R: Recorder>(
    walk: &mut Walk<'_, R>,
    index: usize,
    _key: &str,
    value: &'a Value,
    path: &mut RecordPath<'a>,
) -> Value {
    let Value::Array(rows) = value else {
        // Not a list of rows (null, or a wrong shape validation reports).
        return without_dollar_keys(value, path, Side::Parent, &mut walk.recorder);
    };
    warn_without_metadata(walk, index, !rows.is_empty(), path);
    let level = &walk.plan.subform(index).rows;
    let mut out = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        path.push_index(i);
        match row {
            Value::Object(row) => {
                let mut paths = Paths {
                    parent: path.clone(),
                    over: path.clone(),
                };
                let sides = Sides {
                    parent: Some(row),
                    over: None,
                };
                out.push(Value::Object(merge_level(walk, level, true, sides, &mut paths)));
            }
            _ => walk.recorder.dropped(path, Reason::InvalidRow),
        }
        path.pop();
    }
    Value::Array(out)
}

/// The override's rows of subform `index` merged with the parent's rows by
/// the subform policy. `paths` point at the subform key on both sides.
pub(super) fn merge_rows<'a, R: Recorder>(
    walk: &mut Walk<'_, R>,
    index: usize,
    parent_value: Option<&'a Value>,
    over_value: &'a Value,
    paths: &mut Paths<'a>,
) -> Value {
    let over_rows: &[Value] = match over_value {
        Value::Null => &[],
        Value::Array(rows) => rows,
        // Not rows at all: replaced wholesale, for validation to judge.
        other => {
            return without_dollar_keys(other, &mut paths.over, Side::Override, &mut walk.recorder);
        }
    };
    let parent_rows: &[Value] = match parent_value {
        Some(Value::Array(rows)) => rows,
        _ => &[],
    };
    let has_rows = !parent_rows.is_empty() || !over_rows.is_empty();
    warn_without_metadata(walk, index, has_rows, &paths.over);

    let matches = match_rows(walk, parent_rows, over_rows, &paths.over);
    let merged = match walk.plan.options.subform_merge {
        _ if over_rows.is_empty() => {
            let reason = match walk.plan.options.subform_merge {
                SubformMerge::Replace => Reason::ReplacedByOverride,
                SubformMerge::Update => Reason::DeletedByOverride,
            };
            drop_all(walk, parent_rows, reason, &mut paths.parent);
            Vec::new()
        }
        SubformMerge::Replace => replace(walk, index, parent_rows, over_rows, &matches, paths),
        SubformMerge::Update => update(walk, index, parent_rows, over_rows, &matches, paths),
    };
    Value::Array(merged)
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
    parent_rows: &[Value],
    over_rows: &[Value],
    path: &RecordPath<'_>,
) -> Matches {
    let mut parent_ids: HashMap<String, usize> = HashMap::with_capacity(parent_rows.len());
    for (i, row) in parent_rows.iter().enumerate() {
        if let Some(id) = row.get("id").and_then(id_key) {
            parent_ids.entry(id).or_insert(i);
        }
    }
    let mut matches = Matches {
        claimed_by: vec![None; parent_rows.len()],
        takes_up: vec![None; over_rows.len()],
    };
    let subform = path.last_key().unwrap_or_default();
    let body_path = path.to_json_path();
    for (j, row) in over_rows.iter().enumerate() {
        let Value::Object(row) = row else {
            let error = ZohoError::at(ErrorCode::InvalidData, subform, format!("{body_path}[{j}]"));
            walk.errors.push(error.expecting("jsonobject"));
            continue;
        };
        let Some(id) = row.get("id").and_then(id_key) else {
            continue;
        };
        match parent_ids.get(&id) {
            Some(&i) if matches.claimed_by[i].is_none() => {
                matches.claimed_by[i] = Some(j);
                matches.takes_up[j] = Some(i);
            }
            // No parent row has it, or an earlier override row took it.
            _ => walk.errors.push(ZohoError::at(
                ErrorCode::InvalidData,
                "id",
                format!("{body_path}[{j}].id"),
            )),
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

/// Policy `replace`: exactly the override's rows, each starting from the
/// parent row it takes up.
fn replace<'a, R: Recorder>(
    walk: &mut Walk<'_, R>,
    index: usize,
    parent_rows: &'a [Value],
    over_rows: &'a [Value],
    matches: &Matches,
    paths: &mut Paths<'a>,
) -> Vec<Value> {
    for (i, row) in parent_rows.iter().enumerate() {
        if matches.claimed_by[i].is_none() {
            let reason = if row.is_object() { Reason::ReplacedByOverride } else { Reason::InvalidRow };
            paths.parent.with_index(i, |path| walk.recorder.dropped(path, reason));
        }
    }
    let mut out = Vec::with_capacity(over_rows.len());
    for (j, row) in over_rows.iter().enumerate() {
        let Value::Object(row) = row else { continue };
        let taken = matches.takes_up[j];
        let sides = Sides {
            parent: taken.and_then(|i| parent_rows[i].as_object()),
            over: Some(row),
        };
        let merged = merge_row(walk, index, sides, paths, taken.unwrap_or(j), out.len());
        out.push(Value::Object(merged));
    }
    out
}

/// Policy `update`: the parent's rows stay, updated or deleted by the
/// override rows that take them up; rows without `id` are appended.
fn update<'a, R: Recorder>(
    walk: &mut Walk<'_, R>,
    index: usize,
    parent_rows: &'a [Value],
    over_rows: &'a [Value],
    matches: &Matches,
    paths: &mut Paths<'a>,
) -> Vec<Value> {
    let mut out = Vec::with_capacity(parent_rows.len() + over_rows.len());
    for (i, row) in parent_rows.iter().enumerate() {
        let Value::Object(parent_row) = row else {
            paths.parent.with_index(i, |path| walk.recorder.dropped(path, Reason::InvalidRow));
            continue;
        };
        let over = matches.claimed_by[i].and_then(|j| over_rows[j].as_object());
        if over.is_some_and(|row| row.contains_key(DELETE_MARK)) {
            paths.parent.with_index(i, |path| walk.recorder.dropped(path, Reason::DeletedByOverride));
            continue;
        }
        let sides = Sides {
            parent: Some(parent_row),
            over,
        };
        let merged = merge_row(walk, index, sides, paths, i, out.len());
        out.push(Value::Object(merged));
    }
    for (j, row) in over_rows.iter().enumerate() {
        match row {
            Value::Object(row) if matches.takes_up[j].is_none() => {
                let sides = Sides {
                    parent: None,
                    over: Some(row),
                };
                let merged = merge_row(walk, index, sides, paths, j, out.len());
                out.push(Value::Object(merged));
            }
            _ => {}
        }
    }
    out
}

/// One row through the row rules: parent keys reported at the parent's row
/// index, override keys at the row's index in the payload.
fn merge_row<'a, R: Recorder>(
    walk: &mut Walk<'_, R>,
    index: usize,
    sides: Sides<'a>,
    paths: &Paths<'a>,
    parent_index: usize,
    payload_index: usize,
) -> serde_json::Map<String, Value> {
    let mut row_paths = Paths {
        parent: paths.parent.clone(),
        over: paths.over.clone(),
    };
    row_paths.parent.push_index(parent_index);
    row_paths.over.push_index(payload_index);
    let level = &walk.plan.subform(index).rows;
    merge_level(walk, level, true, sides, &mut row_paths)
}

fn drop_all<R: Recorder>(walk: &mut Walk<'_, R>, rows: &[Value], reason: Reason, path: &mut RecordPath<'_>) {
    for (i, row) in rows.iter().enumerate() {
        let reason = if row.is_object() { reason } else { Reason::InvalidRow };
        path.with_index(i, |path| walk.recorder.dropped(path, reason));
    }
}

fn warn_without_metadata<R: Recorder>(walk: &mut Walk<'_, R>, index: usize, has_rows: bool, path: &RecordPath<'_>) {
    if has_rows && walk.plan.subform(index).rows.meta.is_none() {
        walk.recorder.warning(path, WarningCode::SubformMetadataMissing);
    }
}
