//! The command line, as clap parses it.

// The doc comments below are the `--help` text, read as plain text there.
#![allow(clippy::doc_markdown)]

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Predicts offline what Zoho CRM's Record Clone call does to a record.
#[derive(Debug, Parser)]
#[command(name = "clone-rules", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Clone one parent record: prints the Insert Records body that creates
    /// the clone (exit 0), or Zoho's error response (exit 1).
    Clone(CloneArgs),
    /// Clone every record of an NDJSON stream with one plan: one output line
    /// per record, the body or Zoho's error response, in input order.
    Batch(BatchArgs),
    /// Check an Insert Records body offline with Zoho's validation rules:
    /// prints Zoho's response; exit 0 when every record is valid, 1 if not.
    Validate(ValidateArgs),
}

/// The plan's inputs, shared by every subcommand.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The module's API name, such as Leads or Services__s.
    #[arg(long)]
    pub module: String,
    /// The module's fields metadata (a GET /settings/fields response).
    #[arg(long, value_name = "FILE")]
    pub fields: PathBuf,
    /// A subform module's fields metadata, by subform module name (or by
    /// the subform field's api_name); repeatable.
    #[arg(long = "subform-fields", value_name = "NAME=FILE", value_parser = subform_file)]
    pub subform_fields: Vec<SubformFile>,
    /// The module's layouts (a GET /settings/layouts response); repeatable.
    #[arg(long, value_name = "FILE")]
    pub layouts: Vec<PathBuf>,
    /// The org has GDPR compliance on.
    #[arg(long)]
    pub gdpr: bool,
    /// What to do with a unique value equal to the parent's.
    #[arg(long, value_enum, default_value_t = Unique::Reject)]
    pub unique: Unique,
    /// How override rows of a subform combine with the parent's rows.
    #[arg(long = "subform-merge", value_enum, default_value_t = Merge::Replace)]
    pub subform_merge: Merge,
    /// An OAuth scope of the caller's token; repeatable, comma-separated.
    #[arg(long = "scope", value_name = "SCOPE")]
    pub scopes: Vec<String>,
    /// Answer every error (MULTIPLE_OR_MULTI_ERRORS) instead of the first.
    #[arg(long = "all-errors")]
    pub all_errors: bool,
    /// What to do with keys that have no metadata.
    #[arg(long = "unknown-fields", value_enum, default_value_t = Unknown::Drop)]
    pub unknown_fields: Unknown,
    /// Check picklist values against the metadata's values.
    #[arg(long = "strict-picklists")]
    pub strict_picklists: bool,
    /// A field (Field, or Subform.Field) the clone must not copy; repeatable.
    #[arg(long, value_name = "PATH")]
    pub exclude: Vec<String>,
}

/// One `--subform-fields NAME=FILE`.
#[derive(Debug, Clone)]
pub struct SubformFile {
    pub name: String,
    pub file: PathBuf,
}

fn subform_file(value: &str) -> Result<SubformFile, String> {
    match value.split_once('=') {
        Some((name, file)) if !name.is_empty() && !file.is_empty() => Ok(SubformFile {
            name: name.to_owned(),
            file: PathBuf::from(file),
        }),
        _ => Err("expected NAME=FILE, such as Project_Details=details.json".to_owned()),
    }
}

#[derive(Debug, Args)]
pub struct CloneArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    /// The override body ({"data":[{…}], "trigger":[…], …}).
    #[arg(long, value_name = "FILE")]
    pub body: Option<PathBuf>,
    /// Write the report (what became of every key) to this file.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// The parent record (a GET record response or the bare record), or -
    /// for standard input.
    #[arg(value_name = "PARENT")]
    pub parent: PathBuf,
}

#[derive(Debug, Args)]
pub struct BatchArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    /// The override body applied to every record.
    #[arg(long, value_name = "FILE")]
    pub body: Option<PathBuf>,
    /// Write one report per record to this file, as NDJSON.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// How many records are cloned at once, up to 256; 0 uses every core.
    #[arg(long, value_name = "N", default_value_t = 0,
        value_parser = clap::value_parser!(u16).range(0..=256))]
    pub workers: u16,
    /// The parent records, one per line (NDJSON), or - for standard input.
    #[arg(value_name = "PARENTS")]
    pub parents: PathBuf,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    /// The Insert Records body ({"data":[{…}, …]}), or - for standard input.
    #[arg(value_name = "BODY")]
    pub body: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Unique {
    Reject,
    Clear,
    Suffix,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Merge {
    Replace,
    Update,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Unknown {
    Drop,
    Keep,
}
