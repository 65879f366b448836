//! Predicts, offline and exactly, what Zoho CRM's Record Clone call
//! (`POST /crm/{version}/{Module}/{id}/actions/clone`) does to a record.
//!
//! Give it the parent record as Zoho returns it, the module's field
//! metadata (plus subform metadata and layouts where they matter), an
//! optional override body and the org's settings; get back the Insert
//! Records body that creates the clone, a [`Report`] that accounts for every
//! key of the parent and of the override, or the errors Zoho would answer,
//! already shaped as Zoho shapes them.
//!
//! The crate does no I/O, never panics on any input and never mutates what
//! it is given.
//!
//! # A guided tour
//!
//! Metadata is compiled once into a [`Plan`]; the plan is applied to as many
//! records as you like, from as many threads as you like.
//!
//! ```
//! use clone_rules::{FieldsMeta, Options, Plan, Reason, parent_record};
//! use serde_json::json;
//!
//! // 1. Parse metadata as Zoho's GET /settings/fields returns it.
//! let fields = FieldsMeta::from_json(&json!({"fields": [
//!     {"api_name": "Last_Name", "data_type": "text", "length": 80, "system_mandatory": true},
//!     {"api_name": "Company", "data_type": "text", "length": 200},
//!     {"api_name": "Created_Time", "data_type": "datetime",
//!      "operation_type": {"api_create": false}},
//!     {"api_name": "Lead_Source", "data_type": "picklist"},
//! ]}))?;
//!
//! // 2. Compile the plan for the module, with options.
//! let plan = Plan::builder("Leads", fields)
//!     .options(Options::default().exclude("Lead_Source"))
//!     .compile()?;
//!
//! // 3. Apply it to a parent record (a GET response or the bare record)
//! //    and an optional override body.
//! let response = json!({"data": [{
//!     "id": "5725767000002529010", "$approval_state": "approved",
//!     "Last_Name": "Lovelace", "Company": "Engines", "Lead_Source": "Web",
//!     "Created_Time": "2024-01-01T10:00:00+00:00"
//! }]});
//! let parent = parent_record(&response)?;
//! let body = json!({"data": [{"Company": "Engines II"}], "trigger": ["workflow"]});
//! let applied = plan.apply_with_report(parent, Some(&body));
//!
//! // 4. Read the payload and the report.
//! let cloned = applied.into_cloned()?;
//! assert_eq!(cloned.payload, json!({
//!     "data": [{"Last_Name": "Lovelace", "Company": "Engines II"}],
//!     "trigger": ["workflow"]
//! }));
//! assert_eq!(cloned.report.dropped_reason("id"), Some(Reason::RecordId));
//! assert_eq!(cloned.report.dropped_reason("Created_Time"), Some(Reason::NotCreatable));
//! assert_eq!(cloned.report.dropped_reason("Lead_Source"), Some(Reason::CustomRule));
//! assert!(cloned.report.is_overridden("Company"));
//!
//! // 5. Handle an error: Zoho's own answer, ready to send.
//! let body = json!({"data": [{"Last_Name": null}]});
//! let rejection = plan.apply(parent, Some(&body)).unwrap_err();
//! assert_eq!(rejection.http_status(), 400);
//! assert_eq!(rejection.to_envelope(false)["data"][0]["code"], "MANDATORY_NOT_FOUND");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The pipeline
//!
//! Every key of the parent is kept or dropped with a [`Reason`]; the first
//! rule that matches decides: `record_id`, `dollar_key` (at every depth),
//! `not_in_metadata`, `field_type`, `system_field`, `read_only`, `external`,
//! `not_creatable`, `module_rule`, `outside_section`, `custom_rule`. Subform
//! rows go through the same rules with the subform's metadata
//! (`parent_link`, `invalid_row`). Overrides replace values wholesale; keys
//! the insert would refuse are left out and reported as refused. The merged
//! record is then validated as Insert Records would validate it: body
//! shape, mandatory fields, types and lengths, limits and unique fields.
//!
//! # Options
//!
//! [`Options`] holds the org settings and policies: GDPR, what to do with
//! keys without metadata, how override rows merge with subform rows
//! ([`SubformMerge`]), what to do with a colliding unique value
//! ([`UniquePolicy`]), strict picklists, extra exclusions, known unique
//! values and OAuth scopes.
//!
//! # Errors
//!
//! Each phase has its own error type. [`MetadataError`] says which entry of
//! a metadata document is malformed; [`InputError`] that a parent document
//! is not one record; [`CompileError`] lists every configuration
//! [`Problem`] at once. A record Zoho would refuse gives a [`Rejection`]:
//! structured [`ZohoError`]s in Zoho's order, which render to Zoho's wrapped
//! or flat envelopes with their HTTP status. [`Plan::validate_insert`]
//! checks a whole Insert Records body the same way.
//!
//! # Features
//!
//! - `cli` (default): builds the `clone-rules` binary, and pulls in `clap`.
//!   Library users can set `default-features = false`.

pub mod apply;
pub mod batch;
pub mod input;
pub mod metadata;
pub mod module;
pub mod options;
mod path;
pub mod plan;
pub mod report;
pub mod rules;
mod validate;
pub mod zoho;

pub use apply::{Applied, Cloned};
pub use batch::{Answer, Batch, LineError};
pub use input::{InputError, Record, into_parent_record, parent_record};
pub use metadata::{DataType, FieldMeta, FieldsMeta, JsonType, Layouts, MetadataError};
pub use module::Module;
pub use options::{Options, SubformMerge, UniquePolicy, UnknownFields};
pub use plan::{CompileError, Plan, PlanBuilder, Problem, Validator};
pub use report::{Dropped, Report, Warning, WarningCode};
pub use rules::Reason;
pub use validate::insert::{InsertCheck, MAX_RECORDS};
pub use zoho::{ErrorCode, NewRecord, Rejection, ZohoError};
