//! `clone-rules`: the command-line face of the `clone_rules` library.
//!
//! `main` parses the command line, calls [`run`], and turns its outcome into
//! output and an exit status: 0 success, 1 a Zoho error (its response on
//! standard output), 2 bad usage or unreadable input (one line on standard
//! error, nothing on standard output). All the work happens in the library.

mod args;
mod batch;
mod clone;
mod failure;
mod load;
mod output;
mod validate;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

// Parsing and writing JSON is mostly allocation; mimalloc makes the whole
// command about a quarter faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use failure::Failure;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version are answers, not failures.
        Err(error) if !error.use_stderr() => {
            return if error.print().is_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
        Err(error) => return fail(Failure::usage(&error)),
    };
    match run(cli, &mut std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => fail(failure),
    }
}

/// Runs one subcommand, writing its output to `out`.
fn run(cli: Cli, out: &mut impl Write) -> Result<(), Failure> {
    match cli.command {
        Command::Clone(args) => clone::run(&args, out),
        Command::Batch(args) => batch::run(&args, out),
        Command::Validate(args) => validate::run(&args, out),
    }
}

/// Shows a failure where it belongs and returns its exit status.
fn fail(failure: Failure) -> ExitCode {
    let failure = match failure {
        Failure::Zoho { response, hint } => {
            if let Some(hint) = hint {
                say(&format!("hint: {hint}"));
            }
            match output::pretty(&mut std::io::stdout().lock(), &response) {
                Ok(()) => return ExitCode::from(1),
                Err(failure) => failure,
            }
        }
        other => other,
    };
    match &failure {
        Failure::BadInput(message) => say(message),
        Failure::Output(error) => say(&format!("cannot write to standard output: {error}")),
        Failure::Zoho { .. } | Failure::Rejected => {}
    }
    failure.exit_code()
}

/// One line on standard error. If even that fails there is no one to tell.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "clone-rules: {line}");
}
