//! Writing JSON to standard output and to the report file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use serde_json::Value;

use crate::failure::Failure;
use crate::load::name;

/// `value` as pretty JSON and a newline.
pub fn pretty(out: &mut impl Write, value: &Value) -> Result<(), Failure> {
    let written = serde_json::to_writer_pretty(&mut *out, value)
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"));
    written.map_err(Failure::Output)
}

/// Standard output carries the answers, so the report goes to a file.
fn report_path(path: &Path) -> Result<&Path, Failure> {
    if path == Path::new("-") {
        return Err(Failure::BadInput(
            "--report: -: the report needs a file; standard output carries the answers".to_owned(),
        ));
    }
    Ok(path)
}

/// Writes `value` as pretty JSON to the file at `path`.
pub fn file(path: &Path, value: &Value) -> Result<(), Failure> {
    let path = report_path(path)?;
    let text = serde_json::to_string_pretty(value).unwrap_or_default() + "\n";
    std::fs::write(path, text).map_err(|error| cannot_write(path, &error))
}

/// Creates the file at `path` for writing lines.
pub fn create(path: &Path) -> Result<BufWriter<File>, Failure> {
    let path = report_path(path)?;
    File::create(path)
        .map(BufWriter::new)
        .map_err(|error| cannot_write(path, &error))
}

/// A write error on the file at `path`.
pub fn cannot_write(path: &Path, error: &std::io::Error) -> Failure {
    Failure::input(&name(path), format!("cannot write: {error}"))
}
