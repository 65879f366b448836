//! Rules that look only at key names: rule 1 (`id`), the subform row's
//! `Parent_Id`, and rule 2 (`$` keys, at every depth).

use serde_json::Value;

use crate::path::RecordPath;
use crate::report::Recorder;

use super::Reason;

/// The key of a subform row that links it to its parent record.
pub(crate) const PARENT_LINK: &str = "Parent_Id";

/// Whether the key is a Zoho property key (`$approval`, `$line_tax`…).
pub(crate) fn is_dollar_key(key: &str) -> bool {
    key.starts_with('$')
}

/// Rules 1 and 2, plus `Parent_Id` inside subform rows: the reason a key is
/// dropped for its name alone.
pub(crate) fn name_rule(key: &str, in_row: bool) -> Option<Reason> {
    if key == "id" {
        Some(Reason::RecordId)
    } else if in_row && key == PARENT_LINK {
        Some(Reason::ParentLink)
    } else if is_dollar_key(key) {
        Some(Reason::DollarKey)
    } else {
        None
    }
}

/// Which side of the clone a value comes from; it decides how a key removed
/// from inside the value is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// Copied from the parent: removals are `dropped`.
    Parent,
    /// Given in the override: removals are `refused`.
    Override,
}

impl Side {
    pub(crate) fn record<R: Recorder>(self, recorder: &mut R, path: &RecordPath, reason: Reason) {
        match self {
            Self::Parent => recorder.dropped(path, reason),
            Self::Override => recorder.refused(path, reason),
        }
    }
}

/// Removes `$` keys from `value` at any depth, in place; values are never
/// touched, so `"$5 off"` stays. Each removed key is recorded at its path.
pub(crate) fn strip_dollar_keys<R: Recorder>(
    value: &mut Value,
    path: &mut RecordPath,
    side: Side,
    recorder: &mut R,
) {
    match value {
        Value::Object(object) => object.retain(|key, inner| {
            path.with_key(key, |path| {
                if is_dollar_key(key) {
                    side.record(recorder, path, Reason::DollarKey);
                    false
                } else {
                    strip_dollar_keys(inner, path, side, recorder);
                    true
                }
            })
        }),
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                path.with_index(i, |path| strip_dollar_keys(item, path, side, recorder));
            }
        }
        _ => {}
    }
}

/// Makes a linking list (multi-select or multi-user lookup) ready to insert,
/// in place: the linking rows lose their own `id`s (the clone links to the
/// same records through new links) and their `$` keys. A value that is not
/// a list only loses its `$` keys.
pub(crate) fn strip_linking_ids<R: Recorder>(
    value: &mut Value,
    path: &mut RecordPath,
    side: Side,
    recorder: &mut R,
) {
    let Value::Array(rows) = value else {
        strip_dollar_keys(value, path, side, recorder);
        return;
    };
    for (i, row) in rows.iter_mut().enumerate() {
        path.with_index(i, |path| {
            if let Value::Object(link) = row {
                if link.shift_remove("id").is_some() {
                    path.with_key("id", |path| side.record(recorder, path, Reason::RecordId));
                }
            }
            strip_dollar_keys(row, path, side, recorder);
        });
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::report::Report;

    #[test]
    fn name_rules_in_order() {
        assert_eq!(name_rule("id", false), Some(Reason::RecordId));
        assert_eq!(name_rule("Parent_Id", true), Some(Reason::ParentLink));
        assert_eq!(name_rule("Parent_Id", false), None);
        assert_eq!(name_rule("$approval", true), Some(Reason::DollarKey));
        assert_eq!(name_rule("Company", false), None);
    }

    #[test]
    fn dollar_keys_go_at_every_depth_but_dollar_values_stay() {
        let mut value = json!({"name": "$5 off", "$x": 1, "rows": [{"$y": 2, "k": "$"}]});
        let mut report = Report::default();
        let mut path = RecordPath::new(true);
        path.push_key("Owner");
        strip_dollar_keys(&mut value, &mut path, Side::Parent, &mut report);
        assert_eq!(value, json!({"name": "$5 off", "rows": [{"k": "$"}]}));
        let dropped: Vec<_> = report.dropped.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(dropped, ["Owner.$x", "Owner.rows[0].$y"]);
    }

    #[test]
    fn linking_rows_lose_their_own_id_only() {
        let mut value = json!([{"Products": {"id": "7", "name": "P"}, "id": "link"}]);
        let mut report = Report::default();
        let mut path = RecordPath::new(true);
        path.push_key("Products");
        strip_linking_ids(&mut value, &mut path, Side::Override, &mut report);
        assert_eq!(value, json!([{"Products": {"id": "7", "name": "P"}}]));
        assert_eq!(report.refused[0].path, "Products[0].id");
        assert_eq!(report.refused[0].reason, Reason::RecordId);
    }
}
