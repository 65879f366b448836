//! How a command fails, and so which exit status it ends with.

/// A failed command.
#[derive(Debug)]
pub enum Failure {
    /// Zoho would answer with an error: its body goes to standard output,
    /// exit status 1.
    Zoho {
        /// The error response body.
        output: String,
        /// A line for standard error, such as the API name meant.
        hint: Option<String>,
    },
    /// Bad usage or unreadable input: one line on standard error, exit
    /// status 2.
    BadInput(String),
}

impl Failure {
    /// Bad input concerning `what` (a file name, or `standard input`).
    pub fn input(what: &str, problem: impl std::fmt::Display) -> Self {
        Self::BadInput(format!("{what}: {problem}"))
    }
}
