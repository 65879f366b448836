//! A naive reference interpreter of the clone rules, written from the spec
//! alone with plain loops over the generated model: exclusion (§3), subform
//! rows (§4), overrides (§5) and the unique policy (§6.4). It shares no
//! code with the crate and never reads the metadata JSON the crate parses.
//!
//! Where the spec leaves a detail open, the comment says which reading is
//! taken.

use serde_json::{Value, json};

use super::strategies::{Case, External, FieldSpec, Flag, Object, Operations, SubformSpec, Unique};

/// Rule 8's built-in list for metadata without `operation_type` (spec §3).
const NOT_CREATABLE: &[&str] = &[
    "Created_Time",
    "Modified_Time",
    "Created_By",
    "Modified_By",
    "Last_Activity_Time",
    "Full_Name",
    "Change_Log_Time__s",
    "Locked__s",
    "Converted__s",
];

/// Body keys Insert Records takes besides `data` (spec §6.1).
pub const FEATURE_KEYS: &[&str] = &[
    "trigger",
    "skip_feature_execution",
    "apply_feature_execution",
    "lar_id",
];

/// The report of spec §8, with reasons and codes as the spec spells them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub kept: Vec<String>,
    pub dropped: Vec<(String, String)>,
    pub overridden: Vec<String>,
    pub refused: Vec<(String, String)>,
    pub warnings: Vec<(String, String)>,
}

impl Report {
    /// The report with every list sorted, for comparison.
    pub fn sorted(mut self) -> Self {
        self.kept.sort();
        self.dropped.sort();
        self.overridden.sort();
        self.refused.sort();
        self.warnings.sort();
        self
    }
}

/// How the rows of one subform were cloned.
#[derive(Debug, Clone)]
pub struct RowLayout {
    pub field: String,
    pub parent_rows: Vec<Value>,
    pub over_rows: Vec<Value>,
    /// Each payload row: (parent row index, override row index, payload index).
    pub out: Vec<(Option<usize>, Option<usize>, usize)>,
    /// Parent rows left out, by index.
    pub dropped: Vec<usize>,
}

/// What the reference predicts for a case.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// `data[0]` of the payload: merged, after the unique policy.
    pub record: Object,
    /// The payload: `data`, then the body's accepted keys in its order.
    pub payload: Value,
    pub report: Report,
    pub rows: Vec<RowLayout>,
    /// JSON paths (into the override body) of override rows that are not
    /// objects or whose `id` matches no parent row.
    pub row_errors: Vec<String>,
    /// JSON paths of `DUPLICATE_DATA` under the `reject` policy.
    pub duplicates: Vec<String>,
}

/// Where a key sits.
#[derive(Debug, Clone, Copy)]
pub enum Level<'c> {
    Record,
    Row(&'c SubformSpec),
}

/// How a value is made ready.
#[derive(Debug, Clone, Copy)]
enum Shape<'c> {
    Plain,
    Linking,
    Rows(&'c SubformSpec),
}

/// Which report list keys removed from inside a value go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Parent,
    Override,
}

fn kind(field: &FieldSpec) -> String {
    field
        .data_type
        .as_deref()
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn is_rows_kind(kind: &str) -> bool {
    kind == "subform" || kind == "lineitem"
}

fn is_linking_kind(kind: &str) -> bool {
    kind == "multiselectlookup" || kind == "multiuserlookup"
}

fn is_computed_kind(kind: &str) -> bool {
    matches!(kind, "formula" | "autonumber" | "rollup_summary")
}

fn is_upload_kind(kind: &str) -> bool {
    kind == "fileupload" || kind == "imageupload"
}

/// Rule 8: `api_create: false`, or the built-in list without
/// `operation_type`; subform and line-item fields are exempt.
fn is_creatable(field: &FieldSpec) -> bool {
    if is_rows_kind(&kind(field)) {
        return true;
    }
    match field.operations {
        Operations::Absent | Operations::Null => !NOT_CREATABLE
            .iter()
            .any(|name| name.eq_ignore_ascii_case(&field.api_name)),
        Operations::WithoutApiCreate => true,
        Operations::ApiCreate(on) => on,
    }
}

/// `Some(case_sensitive)` for a unique field (a non-empty `unique` object).
pub fn unique_case(field: &FieldSpec) -> Option<bool> {
    match field.unique {
        Unique::Keyed { key, on } => Some(on && key != "other"),
        _ => None,
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

/// `null`, `""` and `[]` count as empty (spec §6.2).
pub fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// A row id as a comparable string: Zoho writes ids as strings, some
/// clients as numbers.
fn row_id(row: &Value) -> Option<String> {
    match row.as_object()?.get("id")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The reference interpreter's state while it walks one case.
pub struct Interpreter<'c> {
    case: &'c Case,
    report: Report,
    rows: Vec<RowLayout>,
    row_errors: Vec<String>,
}

impl<'c> Interpreter<'c> {
    pub fn new(case: &'c Case) -> Self {
        Self {
            case,
            report: Report::default(),
            rows: Vec::new(),
            row_errors: Vec::new(),
        }
    }

    fn meta(&self, level: Level<'c>) -> Option<&'c [FieldSpec]> {
        match level {
            Level::Record => Some(&self.case.fields),
            Level::Row(subform) => subform.meta.as_deref(),
        }
    }

    fn field(&self, level: Level<'c>, key: &str) -> Option<&'c FieldSpec> {
        self.meta(level)?.iter().find(|f| f.api_name == key)
    }

    /// Rule 11, matched ASCII-case-insensitively (spec §2).
    fn is_excluded(&self, level: Level<'c>, key: &str) -> bool {
        self.case
            .options
            .exclude
            .iter()
            .any(|path| match (level, path.split_once('.')) {
                (Level::Record, None) => path.eq_ignore_ascii_case(key),
                (Level::Row(subform), Some((owner, column))) => {
                    let owns = owner.eq_ignore_ascii_case(&subform.field)
                        || subform
                            .module
                            .as_deref()
                            .is_some_and(|m| owner.eq_ignore_ascii_case(m));
                    owns && column.eq_ignore_ascii_case(key)
                }
                _ => false,
            })
    }

    /// Rule 9: the module's own list (spec §2).
    fn module_drops(&self, key: &str) -> bool {
        let list: &[&str] = match self.case.module.as_str() {
            "Events" => &["Recurring_Activity", "Remind_At"],
            "Appointments__s" => &[
                "Status",
                "Reschedule_Count",
                "Job_Sheet_Created__s",
                "Job_Sheet_Section__s",
            ],
            "Services__s" => &["Status", "Unavailable_From", "Unavailable_Till"],
            _ => &[],
        };
        list.iter().any(|name| name.eq_ignore_ascii_case(key))
    }

    /// Rule 10: a field outside every "Appointment Information" section.
    fn outside_section(&self, key: &str) -> bool {
        if self.case.module != "Appointments__s" {
            return false;
        }
        let is_section = |s: &super::strategies::SectionSpec| {
            let called = |v: &Option<String>, want: &str| {
                v.as_deref().is_some_and(|v| v.eq_ignore_ascii_case(want))
            };
            called(&s.api_name, "Appointment_Information")
                || called(&s.display_label, "Appointment Information")
                || called(&s.name, "Appointment Information")
        };
        let listed = self
            .case
            .layouts
            .iter()
            .flatten()
            .flat_map(|layout| &layout.sections)
            .filter(|s| is_section(s))
            .flat_map(|s| &s.fields)
            .any(|(name, _)| name.eq_ignore_ascii_case(key));
        !listed
    }

    /// Rules 1 to 11 for one parent key: `None` keeps it.
    pub fn copy_rule(&self, level: Level<'c>, key: &str) -> Option<&'static str> {
        let in_row = matches!(level, Level::Row(_));
        if key == "id" {
            return Some("record_id");
        }
        if in_row && key == "Parent_Id" {
            return Some("parent_link");
        }
        if key.starts_with('$') {
            return Some("dollar_key");
        }
        // Rows without metadata keep every other key (spec §4).
        let meta = self.meta(level)?;
        let Some(field) = meta.iter().find(|f| f.api_name == key) else {
            return (!self.case.options.unknown_keep).then_some("not_in_metadata");
        };
        let kind = kind(field);
        if is_upload_kind(&kind) || is_computed_kind(&kind) {
            return Some("field_type");
        }
        let gdpr_basis = key.eq_ignore_ascii_case("Data_Processing_Basis_Details");
        if key.eq_ignore_ascii_case("Wizard") || (self.case.options.gdpr && gdpr_basis) {
            return Some("system_field");
        }
        if field.read_only == Flag::True {
            return Some("read_only");
        }
        if field.external == External::Object {
            return Some("external");
        }
        if !is_creatable(field) {
            return Some("not_creatable");
        }
        if !in_row && self.module_drops(key) {
            return Some("module_rule");
        }
        if !in_row && self.outside_section(key) {
            return Some("outside_section");
        }
        self.is_excluded(level, key).then_some("custom_rule")
    }

    /// The refusal rules of spec §5 for one override key: `None` accepts.
    pub fn refusal(&self, level: Level<'c>, key: &str) -> Option<&'static str> {
        let in_row = matches!(level, Level::Row(_));
        if key == "id" {
            return Some("record_id");
        }
        if in_row && key == "Parent_Id" {
            return Some("parent_link");
        }
        if key.starts_with('$') {
            return Some("dollar_key");
        }
        let meta = self.meta(level)?;
        let Some(field) = meta.iter().find(|f| f.api_name == key) else {
            return (!self.case.options.unknown_keep).then_some("not_in_metadata");
        };
        if is_computed_kind(&kind(field)) {
            return Some("field_type");
        }
        if field.read_only == Flag::True {
            return Some("read_only");
        }
        (!is_creatable(field)).then_some("not_creatable")
    }

    fn shape(&self, level: Level<'c>, key: &str) -> Shape<'c> {
        let Some(field) = self.field(level, key) else {
            return Shape::Plain;
        };
        let kind = kind(field);
        if is_linking_kind(&kind) {
            return Shape::Linking;
        }
        if let (Level::Record, true) = (level, is_rows_kind(&kind)) {
            let subform = self.case.subforms.iter().find(|s| s.field == key);
            return subform.map_or(Shape::Plain, Shape::Rows);
        }
        Shape::Plain
    }

    fn note(&mut self, side: Side, path: String, reason: &str) {
        let entry = (path, reason.to_owned());
        match side {
            Side::Parent => self.report.dropped.push(entry),
            Side::Override => self.report.refused.push(entry),
        }
    }

    /// The value without `$` keys at any depth; each removal is noted.
    fn strip_dollar(&mut self, value: &Value, path: &str, side: Side) -> Value {
        match value {
            Value::Object(object) => {
                let mut out = Object::new();
                for (key, inner) in object {
                    let inner_path = join(path, key);
                    if key.starts_with('$') {
                        self.note(side, inner_path, "dollar_key");
                    } else {
                        let inner = self.strip_dollar(inner, &inner_path, side);
                        out.insert(key.clone(), inner);
                    }
                }
                Value::Object(out)
            }
            Value::Array(items) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    out.push(self.strip_dollar(item, &format!("{path}[{i}]"), side));
                }
                Value::Array(out)
            }
            other => other.clone(),
        }
    }

    /// Linking rows lose their own `id` and their `$` keys.
    fn strip_linking(&mut self, value: &Value, path: &str, side: Side) -> Value {
        let Value::Array(rows) = value else {
            return self.strip_dollar(value, path, side);
        };
        let mut out = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let row_path = format!("{path}[{i}]");
            let mut row = row.clone();
            if let Value::Object(link) = &mut row {
                if link.shift_remove("id").is_some() {
                    self.note(side, join(&row_path, "id"), "record_id");
                }
            }
            out.push(self.strip_dollar(&row, &row_path, side));
        }
        Value::Array(out)
    }

    /// One level: the parent's keys in order, then the override's.
    pub fn merge_level(
        &mut self,
        level: Level<'c>,
        parent: Option<&Object>,
        over: Option<&Object>,
        parent_prefix: &str,
        over_prefix: &str,
    ) -> Object {
        let mut out = Object::new();
        // Override keys the parent has: whether the value sits at the
        // parent's position (the parent's copy was kept).
        let mut placed: Vec<(String, bool)> = Vec::new();
        for (key, value) in parent.into_iter().flatten() {
            let fate = self.copy_rule(level, key);
            let accepted = over
                .and_then(|o| o.get(key))
                .filter(|_| self.refusal(level, key).is_none());
            if let Some(over_value) = accepted {
                self.report.overridden.push(join(over_prefix, key));
                placed.push((key.clone(), fate.is_none()));
                if fate.is_none() {
                    let merged =
                        self.override_value(level, key, Some(value), over_value, over_prefix);
                    out.insert(key.clone(), merged);
                }
                continue;
            }
            match fate {
                None => {
                    self.report.kept.push(join(parent_prefix, key));
                    let ready = self.parent_value(level, key, value, parent_prefix);
                    out.insert(key.clone(), ready);
                }
                Some(reason) => {
                    let path = join(parent_prefix, key);
                    self.report.dropped.push((path, reason.to_owned()));
                }
            }
        }
        for (key, over_value) in over.into_iter().flatten() {
            let place = placed.iter().find(|(k, _)| k == key).map(|(_, p)| *p);
            if place == Some(true) {
                continue;
            }
            if let Some(reason) = self.refusal(level, key) {
                let path = join(over_prefix, key);
                self.report.refused.push((path, reason.to_owned()));
                continue;
            }
            if place.is_none() {
                self.report.overridden.push(join(over_prefix, key));
            }
            let merged = self.override_value(level, key, None, over_value, over_prefix);
            out.insert(key.clone(), merged);
        }
        out
    }

    fn parent_value(&mut self, level: Level<'c>, key: &str, value: &Value, prefix: &str) -> Value {
        let path = join(prefix, key);
        match self.shape(level, key) {
            Shape::Plain => self.strip_dollar(value, &path, Side::Parent),
            Shape::Linking => self.strip_linking(value, &path, Side::Parent),
            Shape::Rows(subform) => self.clone_rows(subform, key, value),
        }
    }

    fn override_value(
        &mut self,
        level: Level<'c>,
        key: &str,
        parent: Option<&Value>,
        value: &Value,
        prefix: &str,
    ) -> Value {
        let path = join(prefix, key);
        match self.shape(level, key) {
            Shape::Plain => self.strip_dollar(value, &path, Side::Override),
            Shape::Linking => self.strip_linking(value, &path, Side::Override),
            Shape::Rows(subform) => self.merge_rows(subform, key, parent, value),
        }
    }

    fn warn_rows_without_meta(&mut self, subform: &SubformSpec, key: &str, has_rows: bool) {
        if has_rows && subform.meta.is_none() {
            let warning = (key.to_owned(), "subform_metadata_missing".to_owned());
            self.report.warnings.push(warning);
        }
    }

    /// The parent's rows, each through the row rules (spec §4).
    fn clone_rows(&mut self, subform: &'c SubformSpec, key: &str, value: &Value) -> Value {
        let Value::Array(rows) = value else {
            return self.strip_dollar(value, key, Side::Parent);
        };
        self.warn_rows_without_meta(subform, key, !rows.is_empty());
        let mut layout = RowLayout {
            field: key.to_owned(),
            parent_rows: rows.clone(),
            over_rows: Vec::new(),
            out: Vec::new(),
            dropped: Vec::new(),
        };
        let mut out = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let Value::Object(row) = row else {
                self.report
                    .dropped
                    .push((format!("{key}[{i}]"), "invalid_row".to_owned()));
                layout.dropped.push(i);
                continue;
            };
            let p = out.len();
            let (parent_prefix, over_prefix) = (format!("{key}[{i}]"), format!("{key}[{p}]"));
            let merged = self.merge_level(
                Level::Row(subform),
                Some(row),
                None,
                &parent_prefix,
                &over_prefix,
            );
            layout.out.push((Some(i), None, p));
            out.push(Value::Object(merged));
        }
        self.rows.push(layout);
        Value::Array(out)
    }

    /// Which parent row each override row takes up, by `id`: the first
    /// parent row with that id, unless an earlier override row took it (the
    /// spec is silent on repeated ids; the crate documents this reading).
    fn match_rows(&mut self, key: &str, parent: &[Value], over: &[Value]) -> Vec<Option<usize>> {
        let mut claimed = vec![false; parent.len()];
        let mut takes = vec![None; over.len()];
        for (j, row) in over.iter().enumerate() {
            if !row.is_object() {
                self.row_errors.push(format!("$.data[0].{key}[{j}]"));
                continue;
            }
            // No id, or null, is a new row; an id of another type matches
            // no parent row.
            match row.get("id") {
                None | Some(Value::Null) => continue,
                Some(Value::String(_) | Value::Number(_)) => {}
                Some(_) => {
                    self.row_errors.push(format!("$.data[0].{key}[{j}].id"));
                    continue;
                }
            }
            let Some(id) = row_id(row) else { continue };
            let first = parent
                .iter()
                .position(|p| row_id(p).as_deref() == Some(id.as_str()));
            match first {
                Some(i) if !claimed[i] => {
                    claimed[i] = true;
                    takes[j] = Some(i);
                }
                _ => self.row_errors.push(format!("$.data[0].{key}[{j}].id")),
            }
        }
        takes
    }

    /// Override rows merged with the parent's by the subform policy (§5).
    fn merge_rows(
        &mut self,
        subform: &'c SubformSpec,
        key: &str,
        parent: Option<&Value>,
        value: &Value,
    ) -> Value {
        let over_rows: Vec<Value> = match value {
            Value::Null => Vec::new(),
            Value::Array(rows) => rows.clone(),
            other => {
                // Not rows: the parent's rows are replaced wholesale.
                let parent_rows = match parent {
                    Some(Value::Array(rows)) => rows.clone(),
                    _ => Vec::new(),
                };
                let mut layout = RowLayout {
                    field: key.to_owned(),
                    parent_rows: parent_rows.clone(),
                    over_rows: Vec::new(),
                    out: Vec::new(),
                    dropped: Vec::new(),
                };
                self.drop_rows(
                    key,
                    &parent_rows,
                    |_| true,
                    "replaced_by_override",
                    &mut layout,
                );
                self.rows.push(layout);
                return self.strip_dollar(other, key, Side::Override);
            }
        };
        let parent_rows: Vec<Value> = match parent {
            Some(Value::Array(rows)) => rows.clone(),
            _ => Vec::new(),
        };
        let has_rows = !parent_rows.is_empty() || !over_rows.is_empty();
        self.warn_rows_without_meta(subform, key, has_rows);
        let takes = self.match_rows(key, &parent_rows, &over_rows);
        let mut layout = RowLayout {
            field: key.to_owned(),
            parent_rows: parent_rows.clone(),
            over_rows: over_rows.clone(),
            out: Vec::new(),
            dropped: Vec::new(),
        };
        let update = self.case.options.update;
        let out = if over_rows.is_empty() {
            let reason = if update {
                "deleted_by_override"
            } else {
                "replaced_by_override"
            };
            self.drop_rows(key, &parent_rows, |_| true, reason, &mut layout);
            Vec::new()
        } else if update {
            self.update_rows(subform, key, &takes, &mut layout)
        } else {
            self.replace_rows(subform, key, &takes, &mut layout)
        };
        self.rows.push(layout);
        Value::Array(out)
    }

    fn drop_rows(
        &mut self,
        key: &str,
        rows: &[Value],
        leave_out: impl Fn(usize) -> bool,
        reason: &str,
        layout: &mut RowLayout,
    ) {
        for (i, row) in rows.iter().enumerate().filter(|(i, _)| leave_out(*i)) {
            let reason = if row.is_object() {
                reason
            } else {
                "invalid_row"
            };
            self.report
                .dropped
                .push((format!("{key}[{i}]"), reason.to_owned()));
            layout.dropped.push(i);
        }
    }

    /// Policy `replace`: exactly the override's rows, in its order.
    fn replace_rows(
        &mut self,
        subform: &'c SubformSpec,
        key: &str,
        takes: &[Option<usize>],
        layout: &mut RowLayout,
    ) -> Vec<Value> {
        let parent_rows = layout.parent_rows.clone();
        let claimed_rows: Vec<usize> = takes.iter().flatten().copied().collect();
        self.drop_rows(
            key,
            &parent_rows,
            |i| !claimed_rows.contains(&i),
            "replaced_by_override",
            layout,
        );
        let mut out = Vec::new();
        for (j, row) in layout.over_rows.clone().iter().enumerate() {
            let Value::Object(row) = row else { continue };
            let parent = takes[j].and_then(|i| parent_rows[i].as_object());
            let p = out.len();
            let parent_prefix = format!("{key}[{}]", takes[j].unwrap_or(j));
            let over_prefix = format!("{key}[{p}]");
            let merged = self.merge_level(
                Level::Row(subform),
                parent,
                Some(row),
                &parent_prefix,
                &over_prefix,
            );
            layout.out.push((takes[j], Some(j), p));
            out.push(Value::Object(merged));
        }
        out
    }

    /// Policy `update`: the parent's rows stay, merged, deleted by
    /// `_delete`; rows without a match are appended.
    fn update_rows(
        &mut self,
        subform: &'c SubformSpec,
        key: &str,
        takes: &[Option<usize>],
        layout: &mut RowLayout,
    ) -> Vec<Value> {
        let (parent_rows, over_rows) = (layout.parent_rows.clone(), layout.over_rows.clone());
        let mut out = Vec::new();
        for (i, row) in parent_rows.iter().enumerate() {
            let Value::Object(row) = row else {
                self.report
                    .dropped
                    .push((format!("{key}[{i}]"), "invalid_row".to_owned()));
                layout.dropped.push(i);
                continue;
            };
            let j = takes.iter().position(|t| *t == Some(i));
            let over = j.and_then(|j| over_rows[j].as_object());
            if over.is_some_and(|o| o.contains_key("_delete")) {
                let path = format!("{key}[{i}]");
                self.report
                    .dropped
                    .push((path, "deleted_by_override".to_owned()));
                layout.dropped.push(i);
                continue;
            }
            let p = out.len();
            let (parent_prefix, over_prefix) = (format!("{key}[{i}]"), format!("{key}[{p}]"));
            let merged = self.merge_level(
                Level::Row(subform),
                Some(row),
                over,
                &parent_prefix,
                &over_prefix,
            );
            layout.out.push((Some(i), j, p));
            out.push(Value::Object(merged));
        }
        for (j, row) in over_rows.iter().enumerate() {
            let (Value::Object(row), None) = (row, takes[j]) else {
                continue;
            };
            let p = out.len();
            let (parent_prefix, over_prefix) = (format!("{key}[{j}]"), format!("{key}[{p}]"));
            let merged = self.merge_level(
                Level::Row(subform),
                None,
                Some(row),
                &parent_prefix,
                &over_prefix,
            );
            layout.out.push((None, Some(j), p));
            out.push(Value::Object(merged));
        }
        out
    }

    /// The unique policy of §6.4 on the merged record's top-level fields.
    fn apply_unique(&mut self, record: &mut Object) -> Vec<String> {
        let case = self.case;
        let mut duplicates = Vec::new();
        for field in &case.fields {
            let Some(case_sensitive) = unique_case(field) else {
                continue;
            };
            let name = &field.api_name;
            let Some(value) = record.get(name).filter(|v| !is_empty(v)).cloned() else {
                continue;
            };
            // "Equal to the parent's value": the value the parent holds,
            // which `$` keys (Zoho's derived properties, §3) and linking
            // rows' own ids are no part of; the caller's known values of
            // other records count too.
            let parent = case.parent.get(name).map(|p| stored_value(field, p));
            let parent = parent.as_ref();
            let known: Vec<&Value> = case
                .options
                .known
                .iter()
                .filter(|(field, _)| field == name)
                .flat_map(|(_, values)| values)
                .collect();
            let taken = |c: &Value| {
                parent.is_some_and(|p| unique_equal(c, p, case_sensitive))
                    || known.iter().any(|k| unique_equal(c, k, case_sensitive))
            };
            if !taken(&value) {
                continue;
            }
            match case.options.unique {
                0 => duplicates.push(format!("$.data[0].{name}")),
                1 => self.clear_unique(record, name),
                _ => match suffixed(field, &value, &taken) {
                    Some(text) => {
                        record.insert(name.clone(), json!(text));
                        let warning = (name.clone(), "unique_suffixed".to_owned());
                        self.report.warnings.push(warning);
                    }
                    None => self.clear_unique(record, name),
                },
            }
        }
        duplicates
    }

    /// A cleared unique value: the parent's copy is dropped, the override's
    /// refused, both with reason `unique_cleared`.
    fn clear_unique(&mut self, record: &mut Object, name: &str) {
        record.shift_remove(name);
        let cleared = (name.to_owned(), "unique_cleared".to_owned());
        if let Some(at) = self.report.kept.iter().position(|p| p == name) {
            self.report.kept.remove(at);
            self.report.dropped.push(cleared);
        } else if let Some(at) = self.report.overridden.iter().position(|p| p == name) {
            self.report.overridden.remove(at);
            self.report.refused.push(cleared.clone());
            if self.case.parent.contains_key(name) {
                self.report.dropped.push(cleared);
            }
        }
    }
}

/// A parent value as the record holds it: without `$` keys, and for a
/// linking list without the linking rows' own ids.
pub fn stored_value(field: &FieldSpec, value: &Value) -> Value {
    let mut value = value.clone();
    if let (true, Value::Array(rows)) = (is_linking_kind(&kind(field)), &mut value) {
        for row in rows.iter_mut().filter_map(Value::as_object_mut) {
            row.shift_remove("id");
        }
    }
    strip_all_dollar_keys(&value)
}

fn strip_all_dollar_keys(value: &Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .iter()
                .filter(|(k, _)| !k.starts_with('$'))
                .map(|(k, v)| (k.clone(), strip_all_dollar_keys(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(strip_all_dollar_keys).collect()),
        other => other.clone(),
    }
}

/// Text compares with Unicode lower-casing unless case-sensitive (§6.4).
fn unique_equal(a: &Value, b: &Value, case_sensitive: bool) -> bool {
    match (a, b) {
        (Value::String(a), Value::String(b)) if !case_sensitive => {
            a.to_lowercase() == b.to_lowercase()
        }
        _ => a == b,
    }
}

/// Policy `suffix` for text fields: the next `" (copy N)"` that fits the
/// length and is not taken; `None` clears. An earlier suffix is replaced,
/// never stacked; `N` is decimal digits without a leading zero (`" (copy
/// 1)"` counts) and may be of any size.
fn suffixed(field: &FieldSpec, value: &Value, taken: &dyn Fn(&Value) -> bool) -> Option<String> {
    if !matches!(kind(field).as_str(), "text" | "textarea") {
        return None;
    }
    let text = value.as_str()?;
    let (base, mut number) = split_copy_suffix(text);
    for _ in 0..1000 {
        number = match number {
            None => Some("1".to_owned()),
            Some(digits) => Some(increment(&digits)),
        };
        let suffix = match number.as_deref() {
            Some("1") | None => " (copy)".to_owned(),
            Some(digits) => format!(" (copy {digits})"),
        };
        let room = match field.length.value() {
            Some(length) => usize::try_from(length)
                .ok()?
                .checked_sub(suffix.chars().count())?,
            None => usize::MAX,
        };
        let kept: String = base.chars().take(room).collect();
        // Too short for a suffix, unless there was no base to keep.
        if kept.is_empty() && !base.is_empty() {
            return None;
        }
        let candidate = kept + &suffix;
        if !taken(&json!(candidate)) {
            return Some(candidate);
        }
    }
    None
}

/// The text without a copy suffix, and the suffix's number as digits
/// (`"1"` for `" (copy)"`), or `None` without one.
fn split_copy_suffix(text: &str) -> (&str, Option<String>) {
    if let Some(base) = text.strip_suffix(" (copy)") {
        return (base, Some("1".to_owned()));
    }
    let numbered = text
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once(" (copy "))
        .filter(|(_, n)| {
            let digits = !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
            digits && !n.starts_with('0')
        });
    match numbered {
        Some((base, n)) => (base, Some(n.to_owned())),
        None => (text, None),
    }
}

/// A decimal number, as digits, plus one.
fn increment(digits: &str) -> String {
    let mut out: Vec<u8> = digits.bytes().collect();
    for byte in out.iter_mut().rev() {
        if *byte == b'9' {
            *byte = b'0';
        } else {
            *byte += 1;
            return String::from_utf8(out).expect("ASCII digits");
        }
    }
    format!("1{}", String::from_utf8(out).expect("ASCII digits"))
}

/// Spec §6.2: the JSON paths of the mandatory fields `record` lacks (absent,
/// `null`, `""` or `[]`): system-mandatory fields, fields the layout named
/// by the record's `Layout.id` requires, and system-mandatory columns of
/// each subform row (rows of subforms with metadata).
pub fn missing_mandatory(case: &Case, record: &Object) -> Vec<String> {
    let layout_id = match record.get("Layout").and_then(|l| l.get("id")) {
        Some(Value::String(id)) => Some(id.clone()),
        Some(Value::Number(id)) => Some(id.to_string()),
        _ => None,
    };
    let layout = case
        .layouts
        .iter()
        .flatten()
        .find(|l| Some(&l.id) == layout_id.as_ref());
    let required = |name: &str| {
        layout.is_some_and(|l| {
            let mut fields = l.sections.iter().flat_map(|s| &s.fields);
            fields.any(|(field, required)| field == name && *required)
        })
    };
    let missing = |row: &Object, name: &str| row.get(name).is_none_or(is_empty);
    let mut paths = Vec::new();
    for field in &case.fields {
        let mandatory = field.system_mandatory == Flag::True || required(&field.api_name);
        if mandatory && missing(record, &field.api_name) {
            paths.push(format!("$.data[0].{}", field.api_name));
        }
    }
    for subform in &case.subforms {
        let (Some(meta), Some(Value::Array(rows))) = (&subform.meta, record.get(&subform.field))
        else {
            continue;
        };
        for (i, row) in rows.iter().enumerate() {
            let Some(row) = row.as_object() else { continue };
            for column in meta.iter().filter(|c| c.system_mandatory == Flag::True) {
                if missing(row, &column.api_name) {
                    let field = &subform.field;
                    paths.push(format!("$.data[0].{field}[{i}].{}", column.api_name));
                }
            }
        }
    }
    paths
}

/// Limits: the JSON paths of the subforms of `record` with more than 100
/// rows.
pub fn over_row_limit(case: &Case, record: &Object) -> Vec<String> {
    let subform = |key: &str| case.subforms.iter().any(|s| s.field == key);
    record
        .iter()
        .filter(|(key, value)| subform(key) && value.as_array().is_some_and(|r| r.len() > 100))
        .map(|(key, _)| format!("$.data[0].{key}"))
        .collect()
}

/// The name of module `module` in OAuth scopes (spec §2).
fn scope_name(module: &str) -> String {
    match module {
        "Events" => "events".to_owned(),
        "Price_Books" => "pricebooks".to_owned(),
        "Sales_Orders" => "salesorders".to_owned(),
        "Purchase_Orders" => "purchaseorders".to_owned(),
        "Appointments__s" => "appointments".to_owned(),
        "Appointments_Rescheduled_History__s" => "appointments_rescheduled_history".to_owned(),
        "Services__s" => "services".to_owned(),
        "Leads" | "Accounts" | "Contacts" | "Deals" | "Campaigns" | "Tasks" | "Cases" | "Calls"
        | "Solutions" | "Products" | "Vendors" | "Quotes" | "Invoices" => module.to_lowercase(),
        _ => "custom".to_owned(),
    }
}

/// Spec §6.5: whether the caller's scopes (when given) forbid the clone.
pub fn scope_denied(case: &Case) -> bool {
    let Some(scopes) = &case.options.scopes else {
        return false;
    };
    let module = scope_name(&case.module);
    let allows = |scope: &str| {
        let parts: Vec<String> = scope.split('.').map(str::to_ascii_lowercase).collect();
        match parts.as_slice() {
            [crm, modules, all] => crm == "zohocrm" && modules == "modules" && all == "all",
            [crm, modules, name, operation] => {
                crm == "zohocrm"
                    && modules == "modules"
                    && *name == module
                    && matches!(operation.as_str(), "all" | "create" | "write")
            }
            _ => false,
        }
    };
    !scopes.iter().flat_map(|s| s.split(',')).any(allows)
}

/// Runs the reference over a whole case.
pub fn run(case: &Case) -> Outcome {
    let mut interpreter = Interpreter::new(case);
    let body_object = case.body.as_ref().and_then(Value::as_object);
    for key in body_object.into_iter().flat_map(|b| b.keys()) {
        if key != "data" && !FEATURE_KEYS.contains(&key.as_str()) {
            let warning = (key.clone(), "unknown_body_key".to_owned());
            interpreter.report.warnings.push(warning);
        }
    }
    let mut record = interpreter.merge_level(
        Level::Record,
        Some(&case.parent),
        case.body_record(),
        "",
        "",
    );
    let duplicates = interpreter.apply_unique(&mut record);

    let mut payload = Object::new();
    payload.insert("data".to_owned(), json!([record.clone()]));
    for (key, value) in body_object.into_iter().flatten() {
        if FEATURE_KEYS.contains(&key.as_str()) {
            payload.insert(key.clone(), value.clone());
        }
    }
    Outcome {
        record,
        payload: Value::Object(payload),
        report: interpreter.report,
        rows: interpreter.rows,
        row_errors: interpreter.row_errors,
        duplicates,
    }
}
