//! The report of spec §8: what became of every key of the parent and of the
//! override.

use serde::Serialize;

use crate::path::RecordPath;
use crate::rules::Reason;

/// A key left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dropped {
    /// Path relative to the record (`Created_Time`, `Languages[1].Parent_Id`).
    pub path: String,
    /// The rule that decided.
    pub reason: Reason,
}

/// A warning code of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WarningCode {
    /// Subform rows were cloned without the subform's metadata.
    SubformMetadataMissing,
    /// The override body had a top-level key Insert Records does not take.
    UnknownBodyKey,
    /// A unique text value got a `" (copy)"` suffix.
    UniqueSuffixed,
}

impl WarningCode {
    /// The code as the report spells it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SubformMetadataMissing => "subform_metadata_missing",
            Self::UnknownBodyKey => "unknown_body_key",
            Self::UniqueSuffixed => "unique_suffixed",
        }
    }
}

/// A warning at a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Path relative to the record; for body keys, the key itself.
    pub path: String,
    /// What happened.
    pub code: WarningCode,
}

/// What the clone did with every key.
///
/// At every level (the record and each subform row), every parent key is in
/// exactly one of `kept`, `dropped` and `overridden`, and every override key
/// in exactly one of `overridden` and `refused`. Keys removed from inside a
/// kept value (`Owner.$hidden`) are listed under their nested path as well.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// The module's API name.
    pub module: String,
    /// The parent's `id`, as given.
    pub source_id: Option<serde_json::Value>,
    /// Paths copied unchanged.
    pub kept: Vec<String>,
    /// Parent keys left out.
    pub dropped: Vec<Dropped>,
    /// Paths whose value came from the override.
    pub overridden: Vec<String>,
    /// Override keys left out.
    pub refused: Vec<Dropped>,
    /// Anything else worth knowing.
    pub warnings: Vec<Warning>,
}

impl Report {
    /// The reason `path` was dropped, if it was.
    #[must_use]
    pub fn dropped_reason(&self, path: &str) -> Option<Reason> {
        self.dropped
            .iter()
            .find(|d| d.path == path)
            .map(|d| d.reason)
    }

    /// The reason `path` was refused, if it was.
    #[must_use]
    pub fn refused_reason(&self, path: &str) -> Option<Reason> {
        self.refused
            .iter()
            .find(|d| d.path == path)
            .map(|d| d.reason)
    }

    /// Whether `path` was kept.
    #[must_use]
    pub fn is_kept(&self, path: &str) -> bool {
        self.kept.iter().any(|p| p == path)
    }

    /// Whether `path` was overridden.
    #[must_use]
    pub fn is_overridden(&self, path: &str) -> bool {
        self.overridden.iter().any(|p| p == path)
    }

    /// The report as the JSON object the CLI's `--report` writes.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        // Serializing plain strings, vectors and unit enums cannot fail.
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// Where the walk records what it does. The rich path records into a
/// [`Report`]; the cheap path into [`Silent`], which formats no path at all.
pub(crate) trait Recorder {
    /// Whether paths are worth building for this recorder.
    const ENABLED: bool;

    fn kept(&mut self, path: &RecordPath);
    fn dropped(&mut self, path: &RecordPath, reason: Reason);
    fn overridden(&mut self, path: &RecordPath);
    fn refused(&mut self, path: &RecordPath, reason: Reason);
    fn warning(&mut self, path: &RecordPath, code: WarningCode);
    /// A top-level key the unique policy cleared after it was merged.
    fn unique_cleared(&mut self, key: &str, parent_has_key: bool);
}

impl Recorder for Report {
    const ENABLED: bool = true;

    fn kept(&mut self, path: &RecordPath) {
        self.kept.push(path.to_report());
    }

    fn dropped(&mut self, path: &RecordPath, reason: Reason) {
        let path = path.to_report();
        self.dropped.push(Dropped { path, reason });
    }

    fn overridden(&mut self, path: &RecordPath) {
        self.overridden.push(path.to_report());
    }

    fn refused(&mut self, path: &RecordPath, reason: Reason) {
        let path = path.to_report();
        self.refused.push(Dropped { path, reason });
    }

    fn warning(&mut self, path: &RecordPath, code: WarningCode) {
        let path = path.to_report();
        self.warnings.push(Warning { path, code });
    }

    fn unique_cleared(&mut self, key: &str, parent_has_key: bool) {
        let cleared = |path: &str| Dropped {
            path: path.to_owned(),
            reason: Reason::UniqueCleared,
        };
        if let Some(at) = self.kept.iter().position(|path| path == key) {
            self.kept.remove(at);
            self.dropped.push(cleared(key));
        } else if let Some(at) = self.overridden.iter().position(|path| path == key) {
            // The override's value is refused; the parent's, if any, dropped.
            self.overridden.remove(at);
            self.refused.push(cleared(key));
            if parent_has_key {
                self.dropped.push(cleared(key));
            }
        }
    }
}

/// A recorder that records nothing.
pub(crate) struct Silent;

impl Recorder for Silent {
    const ENABLED: bool = false;

    fn kept(&mut self, _: &RecordPath) {}
    fn dropped(&mut self, _: &RecordPath, _: Reason) {}
    fn overridden(&mut self, _: &RecordPath) {}
    fn refused(&mut self, _: &RecordPath, _: Reason) {}
    fn warning(&mut self, _: &RecordPath, _: WarningCode) {}
    fn unique_cleared(&mut self, _: &str, _: bool) {}
}
