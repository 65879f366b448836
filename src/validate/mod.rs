//! Validation as Zoho's Insert Records call would do it (spec §6), in the
//! spec's order: scope, body shape, override row ids, mandatory, types and
//! lengths, limits, unique.

pub(crate) mod body;
mod limits;
pub(crate) mod scope;

use crate::apply::Walk;
use crate::input::Record;
use crate::report::Recorder;

/// Validates the merged record; errors are appended to the walk's.
pub(crate) fn record<R: Recorder>(walk: &mut Walk<'_, R>, _parent: &Record, record: &mut Record) {
    limits::check(walk.plan, record, &mut walk.errors);
}
