//! Paths into a record, for the report: one reusable string buffer that
//! grows and shrinks as the walk goes down and up. A walk that records
//! nothing switches it off, so the cheap path formats no path at all.

use std::fmt::Write;

/// A path relative to the record, such as `Languages[1].Parent_Id`.
#[derive(Debug, Clone, Default)]
pub(crate) struct RecordPath {
    enabled: bool,
    text: String,
    /// The buffer's length before each pushed segment.
    marks: Vec<usize>,
}

impl RecordPath {
    /// An empty path; a disabled one ignores every push.
    pub(crate) fn new(enabled: bool) -> Self {
        Self {
            enabled,
            ..Self::default()
        }
    }

    pub(crate) fn push_key(&mut self, key: &str) {
        if self.enabled {
            self.marks.push(self.text.len());
            if !self.text.is_empty() {
                self.text.push('.');
            }
            self.text.push_str(key);
        }
    }

    pub(crate) fn push_index(&mut self, index: usize) {
        if self.enabled {
            self.marks.push(self.text.len());
            let _ = write!(self.text, "[{index}]");
        }
    }

    pub(crate) fn pop(&mut self) {
        if let Some(mark) = self.marks.pop() {
            self.text.truncate(mark);
        }
    }

    /// Runs `step` with `key` pushed, and pops it again.
    pub(crate) fn with_key<T>(&mut self, key: &str, step: impl FnOnce(&mut Self) -> T) -> T {
        self.push_key(key);
        let result = step(self);
        self.pop();
        result
    }

    /// Runs `step` with `index` pushed, and pops it again.
    pub(crate) fn with_index<T>(&mut self, index: usize, step: impl FnOnce(&mut Self) -> T) -> T {
        self.push_index(index);
        let result = step(self);
        self.pop();
        result
    }

    /// The report's spelling: `Owner.$hidden`, `Languages[1].Parent_Id`.
    pub(crate) fn to_report(&self) -> String {
        self.text.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_keys_and_indices() {
        let mut path = RecordPath::new(true);
        path.push_key("Languages");
        path.push_index(1);
        path.push_key("Parent_Id");
        assert_eq!(path.to_report(), "Languages[1].Parent_Id");
        path.pop();
        path.pop();
        assert_eq!(path.to_report(), "Languages");
        path.with_index(0, |path| assert_eq!(path.to_report(), "Languages[0]"));
    }

    #[test]
    fn a_disabled_path_stays_empty() {
        let mut path = RecordPath::new(false);
        path.push_key("Owner");
        path.with_index(3, |path| assert_eq!(path.to_report(), ""));
        path.pop();
        assert_eq!(path.to_report(), "");
    }
}
