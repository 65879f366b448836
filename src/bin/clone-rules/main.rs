//! `clone-rules`: the command-line face of the `clone_rules` library.
//!
//! `main` only maps the outcome of [`run`] to an exit status and prints; all
//! work happens in the library.

mod args;
mod clone;
mod failure;
mod load;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};
use failure::Failure;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(output) => emit(&output, 0),
        Err(Failure::Zoho { output, hint }) => {
            if let Some(hint) = hint {
                let _ = writeln!(std::io::stderr(), "clone-rules: hint: {hint}");
            }
            emit(&output, 1)
        }
        Err(Failure::BadInput(message)) => {
            let _ = writeln!(std::io::stderr(), "clone-rules: {message}");
            ExitCode::from(2)
        }
    }
}

/// Runs one subcommand; the `Ok` text goes to standard output.
fn run(cli: Cli) -> Result<String, Failure> {
    match cli.command {
        Command::Clone(args) => clone::run(&args),
    }
}

fn emit(output: &str, status: u8) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{output}").and_then(|()| stdout.flush()).is_err() {
        return ExitCode::from(2);
    }
    ExitCode::from(status)
}
