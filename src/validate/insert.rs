//! Validating an Insert Records body offline, record by record (the
//! `validate` command): the rules of spec §6 without a parent.

use serde_json::{Value, json};

use crate::apply::ParentFacts;
use crate::options::UniquePolicy;
use crate::plan::{Plan, Validator};
use crate::report::Silent;
use crate::zoho::{Rejection, ZohoError};

use super::body::{check_feature_key, data_records, invalid, is_feature_key};
use super::{check_record, scope};

/// The most records one Insert Records call takes.
pub const MAX_RECORDS: usize = 100;

/// Zoho's verdict on an Insert Records body, predicted offline.
#[derive(Debug, Clone, PartialEq)]
pub struct InsertCheck {
    request: Option<Rejection>,
    records: Vec<Result<(), Rejection>>,
}

impl InsertCheck {
    /// Whether Zoho would accept every record.
    #[must_use]
    pub fn is_valid(&self) -> bool {
        self.request.is_none() && self.records.iter().all(Result::is_ok)
    }

    /// An error that answers the whole request (scope, body shape).
    #[must_use]
    pub fn request_error(&self) -> Option<&Rejection> {
        self.request.as_ref()
    }

    /// Each record's result, in the body's order.
    pub fn records(&self) -> &[Result<(), Rejection>] {
        &self.records
    }

    /// The response as Zoho would shape it: the request error's envelope, or
    /// one entry per record; a valid record's entry is `SUCCESS` with empty
    /// details, since no record was created.
    #[must_use]
    pub fn to_response(&self, all: bool) -> Value {
        if let Some(rejection) = &self.request {
            return rejection.to_envelope(all);
        }
        let entries: Vec<Value> = self
            .records
            .iter()
            .map(|result| match result {
                Ok(()) => json!({"code": "SUCCESS", "details": {}, "message": "record added",
                    "status": "success"}),
                Err(rejection) => rejection.to_entry(all),
            })
            .collect();
        json!({ "data": entries })
    }
}

impl Validator {
    /// Validates an Insert Records body as Zoho would; see
    /// [`Plan::validate_insert`].
    #[must_use]
    pub fn validate_insert(&self, body: &Value) -> InsertCheck {
        self.plan.validate_insert(body)
    }
}

impl Plan {
    /// Validates an Insert Records body as Zoho would: body shape, then each
    /// record's mandatory fields, types, lengths, limits and known unique
    /// values. Keys without metadata are ignored, as Zoho ignores them.
    #[must_use]
    pub fn validate_insert(&self, body: &Value) -> InsertCheck {
        if let Some(error) = scope::check(self) {
            return request_error(vec![error]);
        }
        let records = match body_records(body) {
            Ok(records) => records,
            Err(errors) => return request_error(errors),
        };
        let records = records
            .iter()
            .enumerate()
            .map(|(i, record)| self.check_insert_record(i, record))
            .collect();
        InsertCheck {
            request: None,
            records,
        }
    }

    fn check_insert_record(&self, index: usize, record: &Value) -> Result<(), Rejection> {
        let prefix = format!("$.data[{index}]");
        let Value::Object(record) = record else {
            return Err(Rejection::single(invalid(&prefix).expecting("jsonobject")));
        };
        let mut record = record.clone();
        let mut errors = Vec::new();
        let parent = ParentFacts::default();
        let policy = UniquePolicy::Reject;
        check_record(
            self,
            &parent,
            &mut record,
            &prefix,
            policy,
            &mut Silent,
            &mut errors,
        );
        Rejection::new(errors).map_or(Ok(()), Err)
    }
}

fn request_error(errors: Vec<ZohoError>) -> InsertCheck {
    InsertCheck {
        request: Rejection::new(errors),
        records: Vec::new(),
    }
}

/// The body's `data` records, or the shape errors of §6.1 (with the limit
/// of an insert: up to 100 records).
fn body_records(body: &Value) -> Result<&[Value], Vec<ZohoError>> {
    let Value::Object(object) = body else {
        return Err(vec![invalid("$").expecting("jsonobject")]);
    };
    let mut errors = Vec::new();
    let records = data_records(object, MAX_RECORDS, &mut errors).unwrap_or_default();
    for (key, value) in object.iter().filter(|(key, _)| is_feature_key(key)) {
        check_feature_key(key, value, &mut errors);
    }
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(errors)
    }
}
