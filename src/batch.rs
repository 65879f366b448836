//! Cloning many parents with one plan: NDJSON lines in, compact JSON lines
//! out, with the output buffer reused from one record to the next.

use serde_json::Value;
use thiserror::Error;

use crate::input::{InputError, Record, into_parent_record};
use crate::plan::Plan;
use crate::report::Report;
use crate::zoho::Rejection;

/// An NDJSON line that is not one parent record.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum LineError {
    /// The line is not JSON.
    #[error("malformed JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The line is JSON but not one record.
    #[error(transparent)]
    Input(#[from] InputError),
}

/// One answered line: the payload or Zoho's error response, as compact JSON
/// without a trailing newline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer<'b> {
    /// The JSON text.
    pub json: &'b [u8],
    /// Whether Zoho would refuse the clone (`json` is then an error response).
    pub refused: bool,
}

/// Clones parents one after another with the same plan and override body.
///
/// Each [`Batch::clone_line`] parses one NDJSON line, clones the record
/// without copying its values ([`Plan::apply_owned`]) and serializes the
/// answer into a buffer the batch keeps for the next line. Give each thread
/// its own batch; they can share the plan.
///
/// ```
/// use clone_rules::{FieldsMeta, Plan};
/// use serde_json::json;
///
/// let fields = FieldsMeta::from_json(&json!({"fields": [
///     {"api_name": "Last_Name", "data_type": "text", "system_mandatory": true},
/// ]}))?;
/// let plan = Plan::builder("Leads", fields).compile()?;
/// let mut batch = plan.batch(None);
///
/// let answer = batch.clone_line(r#"{"id": "1", "Last_Name": "Lovelace"}"#)?;
/// assert_eq!(answer.json, br#"{"data":[{"Last_Name":"Lovelace"}]}"#);
/// let answer = batch.clone_line(r#"{"id": "2"}"#)?;
/// assert!(answer.refused);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Batch<'p> {
    plan: &'p Plan,
    body: Option<&'p Value>,
    buffer: Vec<u8>,
}

impl Plan {
    /// A batch that clones parents with this plan and the override `body`.
    #[must_use]
    pub fn batch<'p>(&'p self, body: Option<&'p Value>) -> Batch<'p> {
        Batch {
            plan: self,
            body,
            buffer: Vec::with_capacity(4096),
        }
    }

    /// Clones each parent in order, moving its values into the payload.
    pub fn apply_all<'p, I>(
        &'p self,
        parents: I,
        body: Option<&'p Value>,
    ) -> impl Iterator<Item = Result<Value, Rejection>> + 'p
    where
        I: IntoIterator<Item = Record>,
        I::IntoIter: 'p,
    {
        parents
            .into_iter()
            .map(move |parent| self.apply_owned(parent, body))
    }
}

impl Batch<'_> {
    /// Clones the parent on one NDJSON line (a record, or a response with
    /// one record) and answers with the payload or Zoho's error response.
    ///
    /// # Errors
    ///
    /// [`LineError`] when the line is not JSON or not one record.
    pub fn clone_line(&mut self, line: &str) -> Result<Answer<'_>, LineError> {
        let parent = into_parent_record(serde_json::from_str(line)?)?;
        let result = self.plan.apply_owned(parent, self.body);
        Ok(self.answer(result))
    }

    /// Like [`Batch::clone_line`], with the report of the clone.
    ///
    /// # Errors
    ///
    /// [`LineError`] when the line is not JSON or not one record.
    pub fn clone_line_with_report(
        &mut self,
        line: &str,
    ) -> Result<(Answer<'_>, Report), LineError> {
        let document: Value = serde_json::from_str(line)?;
        let parent = crate::input::parent_record(&document)?;
        let applied = self.plan.apply_with_report(parent, self.body);
        Ok((self.answer(applied.result), applied.report))
    }

    fn answer(&mut self, result: Result<Value, Rejection>) -> Answer<'_> {
        self.buffer.clear();
        let refused = result.is_err();
        let value =
            result.unwrap_or_else(|rejection| rejection.to_envelope(self.plan.options.all_errors));
        // Writing a `Value` into a `Vec` cannot fail: its keys are strings.
        let _ = serde_json::to_writer(&mut self.buffer, &value);
        Answer {
            json: &self.buffer,
            refused,
        }
    }
}
