//! Applying a plan to a parent record: exclusion (spec §3), subform rows
//! (§4), overrides (§5), then validation (§6).

mod level;
mod subform;

use serde_json::{Map, Value};

use crate::input::Record;
use crate::path::RecordPath;
use crate::plan::{CompiledField, Plan, Shape};
use crate::report::{Recorder, Report, Silent, WarningCode};
use crate::rules::Reason;
use crate::rules::keys::{Side, strip_dollar_keys, strip_linking_ids};
use crate::validate;
use crate::zoho::{Rejection, ZohoError};

/// A clone that Zoho would accept: the Insert Records body, and the report.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Cloned {
    /// The Insert Records request body: `{"data":[{…}], …}`.
    pub payload: Value,
    /// What became of every key.
    pub report: Report,
}

/// The rich result of [`Plan::apply_with_report`]: the payload or the Zoho
/// errors, with the report in both cases.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Applied {
    /// The payload, or why Zoho would refuse it.
    pub result: Result<Value, Rejection>,
    /// What became of every key, as far as the clone got.
    pub report: Report,
}

impl Applied {
    /// The payload and report together, or the rejection.
    ///
    /// # Errors
    ///
    /// The [`Rejection`] when Zoho would refuse the clone.
    pub fn into_cloned(self) -> Result<Cloned, Rejection> {
        let report = self.report;
        self.result.map(|payload| Cloned { payload, report })
    }
}

/// The working state of one clone.
pub(crate) struct Walk<'p, R> {
    pub(crate) plan: &'p Plan,
    pub(crate) recorder: R,
    pub(crate) errors: Vec<ZohoError>,
    /// What validation needs of the parent once its map is consumed.
    pub(crate) parent: ParentFacts,
}

/// The few facts about the parent that validation reads after the merge has
/// consumed the parent's map.
#[derive(Debug, Default)]
pub(crate) struct ParentFacts {
    /// The parent's `id`, as given.
    pub(crate) id: Option<Value>,
    /// The parent's values of unique fields.
    pub(crate) unique_values: Vec<(String, Value)>,
    /// Mandatory-candidate fields an exclusion rule removed, with the rule.
    pub(crate) removed: Vec<(String, Reason)>,
}

impl ParentFacts {
    /// The parent's value of a unique field.
    pub(crate) fn unique_value(&self, field: &str) -> Option<&Value> {
        self.unique_values
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, value)| value)
    }
}

impl<R> Walk<'_, R> {
    /// Notes what validation will need of one top-level parent field.
    pub(crate) fn note_parent_field(
        &mut self,
        field: &CompiledField,
        key: &str,
        value: &Value,
        removed_by: Option<Reason>,
    ) {
        if field.unique {
            // The parent's value as a clone would carry it: without `$` keys
            // or linking ids, so that an unchanged copy collides.
            let mut value = value.clone();
            let mut path = RecordPath::new(false);
            if field.shape == Shape::Linking {
                strip_linking_ids(&mut value, &mut path, Side::Parent, &mut Silent);
            } else {
                strip_dollar_keys(&mut value, &mut path, Side::Parent, &mut Silent);
            }
            self.parent.unique_values.push((key.to_owned(), value));
        }
        if let (true, Some(reason)) = (field.maybe_mandatory, removed_by) {
            self.parent.removed.push((key.to_owned(), reason));
        }
    }
}

impl Plan {
    /// Clones `parent` with the optional override `body`: the payload that
    /// creates the clone, or the errors Zoho would answer.
    ///
    /// This is the cheap path: no report is built. Use
    /// [`Plan::apply_with_report`] to know what became of every key, and
    /// [`Plan::apply_owned`] to save copying a parent you no longer need.
    ///
    /// # Errors
    ///
    /// The [`Rejection`] when Zoho would refuse the clone.
    pub fn apply(&self, parent: &Record, body: Option<&Value>) -> Result<Value, Rejection> {
        self.run(parent.clone(), body, Silent).0
    }

    /// Like [`Plan::apply`], consuming the parent: its values move into the
    /// payload instead of being copied. The fastest way to clone.
    ///
    /// # Errors
    ///
    /// The [`Rejection`] when Zoho would refuse the clone.
    pub fn apply_owned(&self, parent: Record, body: Option<&Value>) -> Result<Value, Rejection> {
        self.run(parent, body, Silent).0
    }

    /// Like [`Plan::apply`], with the report of spec §8.
    #[must_use]
    pub fn apply_with_report(&self, parent: &Record, body: Option<&Value>) -> Applied {
        let report = Report {
            module: self.module.api_name().to_owned(),
            source_id: parent.get("id").cloned(),
            ..Report::default()
        };
        let (result, report) = self.run(parent.clone(), body, report);
        Applied { result, report }
    }

    fn run<R: Recorder>(
        &self,
        parent: Record,
        body: Option<&Value>,
        recorder: R,
    ) -> (Result<Value, Rejection>, R) {
        let mut walk = Walk {
            plan: self,
            recorder,
            errors: Vec::new(),
            parent: ParentFacts {
                id: parent.get("id").cloned(),
                ..ParentFacts::default()
            },
        };

        // Request-level answers stop everything else.
        if let Some(error) = validate::scope::check(self) {
            return (Err(Rejection::single(error)), walk.recorder);
        }

        let body = validate::body::read(body);
        walk.errors.extend(body.errors.iter().cloned());
        for key in &body.unknown_keys {
            let mut path = RecordPath::new(R::ENABLED);
            path.push_key(key);
            walk.recorder.warning(&path, WarningCode::UnknownBodyKey);
        }

        let mut record = level::merge_record(&mut walk, parent, body.record);
        validate::record(&mut walk, &mut record);

        let mut payload = Map::with_capacity(1 + body.passthrough.len());
        payload.insert("data".to_owned(), Value::Array(vec![Value::Object(record)]));
        for (key, value) in body.passthrough {
            payload.insert(key.to_owned(), value.clone());
        }
        let result = match Rejection::new(walk.errors) {
            Some(rejection) => Err(rejection),
            None => Ok(Value::Object(payload)),
        };
        (result, walk.recorder)
    }
}
