//! Paths into a record, kept as segments while walking and formatted only
//! when a report entry or an error needs them.

use std::fmt::Write;

#[derive(Debug, Clone, Copy)]
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// A path relative to the record, such as `Languages[1].Parent_Id`.
#[derive(Debug, Clone, Default)]
pub(crate) struct RecordPath<'a> {
    segments: Vec<Segment<'a>>,
}

impl<'a> RecordPath<'a> {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    pub(crate) fn push_key(&mut self, key: &'a str) {
        self.segments.push(Segment::Key(key));
    }

    pub(crate) fn push_index(&mut self, index: usize) {
        self.segments.push(Segment::Index(index));
    }

    pub(crate) fn pop(&mut self) {
        self.segments.pop();
    }

    /// Runs `step` with `key` pushed, and pops it again.
    pub(crate) fn with_key<T>(&mut self, key: &'a str, step: impl FnOnce(&mut Self) -> T) -> T {
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
        let mut out = String::new();
        for segment in &self.segments {
            match segment {
                Segment::Key(key) if out.is_empty() => out.push_str(key),
                Segment::Key(key) => {
                    out.push('.');
                    out.push_str(key);
                }
                Segment::Index(index) => {
                    let _ = write!(out, "[{index}]");
                }
            }
        }
        out
    }

    /// The JSON path Zoho's errors use: `$.data[0].Languages[1].Proficiency`.
    pub(crate) fn to_json_path(&self) -> String {
        let relative = self.to_report();
        if relative.is_empty() {
            "$.data[0]".to_owned()
        } else if relative.starts_with('[') {
            format!("$.data[0]{relative}")
        } else {
            format!("$.data[0].{relative}")
        }
    }

    /// The last key segment, which Zoho's errors call `api_name`.
    pub(crate) fn last_key(&self) -> Option<&'a str> {
        self.segments.iter().rev().find_map(|segment| match segment {
            Segment::Key(key) => Some(*key),
            Segment::Index(_) => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_keys_and_indices() {
        let mut path = RecordPath::new();
        path.push_key("Languages");
        path.push_index(1);
        path.push_key("Parent_Id");
        assert_eq!(path.to_report(), "Languages[1].Parent_Id");
        assert_eq!(path.to_json_path(), "$.data[0].Languages[1].Parent_Id");
        assert_eq!(path.last_key(), Some("Parent_Id"));
        path.pop();
        path.pop();
        assert_eq!(path.to_report(), "Languages");
    }

    #[test]
    fn the_empty_path_is_the_record() {
        assert_eq!(RecordPath::new().to_json_path(), "$.data[0]");
    }
}
