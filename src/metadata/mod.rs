//! Parsing of Zoho metadata responses: fields (`GET /settings/fields`) and
//! layouts (`GET /settings/layouts`).
//!
//! Only the keys the rules look at are read; every other key is ignored, so
//! responses of API v2 to v8 parse alike. Missing optional keys take the
//! defaults documented on each [`FieldMeta`] member.

mod error;
mod field;
mod layout;

pub use error::MetadataError;
pub(crate) use error::json_kind as json_kind_of;
pub use field::{DataType, FieldMeta, FieldsMeta, JsonType};
pub use layout::{Layout, LayoutField, Layouts, Section};
