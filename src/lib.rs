//! Predicts, offline and exactly, what Zoho CRM's Record Clone call does to
//! a record.
//!
//! TODO: crate tour.

pub mod apply;
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
pub use input::{InputError, Record, parent_record};
pub use metadata::{DataType, FieldMeta, FieldsMeta, JsonType, Layouts, MetadataError};
pub use module::Module;
pub use options::{Options, SubformMerge, UniquePolicy, UnknownFields};
pub use plan::{CompileError, Plan, PlanBuilder, Problem};
pub use report::{Dropped, Report, Warning, WarningCode};
pub use rules::Reason;
pub use validate::insert::{InsertCheck, MAX_RECORDS};
pub use zoho::{ErrorCode, NewRecord, Rejection, ZohoError};
