//! How a command fails, and so which exit status it ends with.

use std::fmt::Display;
use std::process::ExitCode;

use serde_json::Value;

/// Why a command did not succeed. Each kind has one exit status.
#[derive(Debug)]
pub enum Failure {
    /// Zoho would answer with an error: `response` goes to standard output,
    /// `hint` (such as the API name meant) to standard error. Exit status 1.
    Zoho {
        response: Value,
        hint: Option<String>,
    },
    /// Zoho would refuse some records; its responses are already on
    /// standard output (`batch`, `validate`). Exit status 1.
    Rejected,
    /// Bad usage or unreadable input: one line on standard error, exit
    /// status 2.
    BadInput(String),
    /// Standard output could not be written. Exit status 2.
    Output(std::io::Error),
}

impl Failure {
    /// Bad input concerning `what`: a file name, a flag, `standard input`.
    pub fn input(what: &str, problem: impl Display) -> Self {
        Self::BadInput(format!("{what}: {problem}"))
    }

    /// A command line clap refused, said in one line: clap's own text up to
    /// its first blank line, without the usage and tips that follow.
    pub fn usage(error: &clap::Error) -> Self {
        if error.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            return Self::BadInput(
                "a subcommand is required (clone, batch or validate); see --help".into(),
            );
        }
        let text = error.render().to_string();
        let head = text.split("\n\n").next().unwrap_or_default();
        let line = head.split_whitespace().collect::<Vec<_>>().join(" ");
        Self::BadInput(line.trim_start_matches("error: ").to_owned())
    }

    /// The documented exit status.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Self::Zoho { .. } | Self::Rejected => ExitCode::from(1),
            Self::BadInput(_) | Self::Output(_) => ExitCode::from(2),
        }
    }
}
