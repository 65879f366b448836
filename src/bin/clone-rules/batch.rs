//! `clone-rules batch`: NDJSON parents in, one line out per record, in
//! input order and in bounded memory, cloned by several workers at once.
//!
//! The input is read in chunks of lines. While the workers clone one chunk
//! (each worker a contiguous slice of it, with its own reused buffer), the
//! next chunk is read; the answers are then written in input order.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use clone_rules::{Batch, LineError, Plan};
use rayon::prelude::*;
use serde_json::Value;

use crate::args::BatchArgs;
use crate::failure::Failure;
use crate::{load, output};

/// A chunk ends after this many bytes of input, or this many lines: what
/// bounds the memory a batch needs, whatever the size of its input.
const CHUNK_BYTES: usize = 1 << 20;
const CHUNK_LINES: usize = 4096;

/// One input line, with its number for messages.
struct Line {
    number: usize,
    text: String,
}

/// Lines read for one round of work, and the read error that ended them.
#[derive(Default)]
struct Chunk {
    lines: Vec<Line>,
    error: Option<Failure>,
}

/// What one worker made of its slice of a chunk.
#[derive(Default)]
struct Part {
    answers: Vec<u8>,
    reports: Vec<u8>,
    records: usize,
    refused: usize,
    /// The first line that is not a record, and why; the part stops there.
    bad_line: Option<(usize, LineError)>,
}

/// Counts for the summary on standard error.
#[derive(Default)]
struct Tally {
    records: usize,
    refused: usize,
}

pub fn run(args: &BatchArgs, out: &mut impl Write) -> Result<(), Failure> {
    let inputs = [Some(&args.parents), args.body.as_ref()];
    load::stdin_at_most_once(
        &args.plan,
        inputs.into_iter().flatten().map(PathBuf::as_path),
    )?;
    let body = args.body.as_deref().map(load::json).transpose()?;
    let plan = load::plan(&args.plan);
    let mut input = load::lines(&args.parents)?;
    let mut reports = args.report.as_deref().map(output::create).transpose()?;
    let plan = match plan {
        Ok(plan) => plan,
        // Zoho refuses the module: every record gets that answer.
        Err(Failure::Zoho { response, hint }) => {
            return refuse_all(
                args,
                &response,
                hint.as_deref(),
                &mut input,
                out,
                reports.as_mut(),
            );
        }
        Err(failure) => return Err(failure),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(usize::from(args.workers))
        .build()
        .map_err(|error| Failure::BadInput(format!("--workers: {error}")))?;

    let started = Instant::now();
    let progress = std::io::stderr().is_terminal();
    let mut tally = Tally::default();
    let mut next_line = 1;
    let mut chunk = read_chunk(&mut input, &mut next_line, args);
    while !chunk.lines.is_empty() || chunk.error.is_some() {
        let Chunk { lines, error } = chunk;
        let workers = pool.current_num_threads();
        let work = || clone_chunk(&plan, body.as_ref(), &lines, workers, reports.is_some());
        // The next chunk is read while this one is cloned, unless reading
        // already failed.
        let (parts, following) = match error {
            None => {
                pool.install(|| rayon::join(work, || read_chunk(&mut input, &mut next_line, args)))
            }
            Some(_) => (pool.install(work), Chunk::default()),
        };
        for part in parts {
            write_part(&part, out, reports.as_mut(), args)?;
            tally.records += part.records;
            tally.refused += part.refused;
            if let Some((number, error)) = part.bad_line {
                return Err(stop(out, Failure::input(&line_name(args, number), error)));
            }
        }
        if let Some(error) = error {
            return Err(stop(out, error));
        }
        if progress {
            let _ = write!(
                std::io::stderr(),
                "\rclone-rules: {} records…",
                tally.records
            );
        }
        chunk = following;
    }

    out.flush().map_err(Failure::Output)?;
    if let (Some(file), Some(path)) = (reports.as_mut(), &args.report) {
        file.flush()
            .map_err(|error| output::cannot_write(path, &error))?;
    }
    summarize(&tally, started, progress);
    if tally.refused > 0 {
        Err(Failure::Rejected)
    } else {
        Ok(())
    }
}

/// The next lines of input, up to the chunk's limits; blank lines are
/// skipped, as they separate no records. A line that cannot be read ends
/// the chunk: the lines before it are still answered, then the error.
fn read_chunk(input: &mut impl BufRead, next_line: &mut usize, args: &BatchArgs) -> Chunk {
    let mut chunk = Chunk::default();
    let mut bytes = 0;
    while bytes < CHUNK_BYTES && chunk.lines.len() < CHUNK_LINES {
        let mut text = String::new();
        let number = *next_line;
        let read = match input.read_line(&mut text) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) => {
                chunk.error = Some(Failure::input(
                    &line_name(args, number),
                    load::io_problem(&error),
                ));
                break;
            }
        };
        *next_line += 1;
        bytes += read;
        // A byte-order mark may open the first line of a file.
        let text = if number == 1 {
            text.trim_start_matches('\u{feff}').to_owned()
        } else {
            text
        };
        if !text.trim().is_empty() {
            chunk.lines.push(Line { number, text });
        }
    }
    chunk
}

/// Clones a chunk: one contiguous part per worker, answers in order.
fn clone_chunk(
    plan: &Plan,
    body: Option<&Value>,
    chunk: &[Line],
    workers: usize,
    with_reports: bool,
) -> Vec<Part> {
    let size = chunk.len().div_ceil(workers.max(1)).max(1);
    chunk
        .par_chunks(size)
        .map(|lines| clone_part(&mut plan.batch(body), lines, with_reports))
        .collect()
}

fn clone_part(batch: &mut Batch<'_>, lines: &[Line], with_reports: bool) -> Part {
    let mut part = Part::default();
    for line in lines {
        let refused = if with_reports {
            batch
                .clone_line_with_report(&line.text)
                .map(|(answer, report)| {
                    push_line(
                        &mut part.reports,
                        &serde_json::to_vec(&report.to_json()).unwrap_or_default(),
                    );
                    push_line(&mut part.answers, answer.json);
                    answer.refused
                })
        } else {
            batch.clone_line(&line.text).map(|answer| {
                push_line(&mut part.answers, answer.json);
                answer.refused
            })
        };
        match refused {
            Ok(refused) => {
                part.records += 1;
                part.refused += usize::from(refused);
            }
            Err(error) => {
                part.bad_line = Some((line.number, error));
                break;
            }
        }
    }
    part
}

fn push_line(out: &mut Vec<u8>, json: &[u8]) {
    out.extend_from_slice(json);
    out.push(b'\n');
}

fn write_part(
    part: &Part,
    out: &mut impl Write,
    reports: Option<&mut std::io::BufWriter<std::fs::File>>,
    args: &BatchArgs,
) -> Result<(), Failure> {
    out.write_all(&part.answers).map_err(Failure::Output)?;
    if let (Some(file), Some(path)) = (reports, &args.report) {
        file.write_all(&part.reports)
            .map_err(|error| output::cannot_write(path, &error))?;
    }
    Ok(())
}

/// Ends a batch on a bad line: what was answered before it stays written.
fn stop(out: &mut impl Write, failure: Failure) -> Failure {
    match out.flush() {
        Ok(()) => failure,
        Err(error) => Failure::Output(error),
    }
}

/// The module is refused: each record is answered with Zoho's response (and
/// an untouched report), as a clone would be; the lines are still read, so
/// a line that is not a record is still bad input.
fn refuse_all(
    args: &BatchArgs,
    response: &Value,
    hint: Option<&str>,
    input: &mut impl BufRead,
    out: &mut impl Write,
    mut reports: Option<&mut std::io::BufWriter<std::fs::File>>,
) -> Result<(), Failure> {
    let started = Instant::now();
    let answer = serde_json::to_vec(response).unwrap_or_default();
    let mut tally = Tally::default();
    let mut next_line = 1;
    loop {
        let Chunk { lines, error } = read_chunk(input, &mut next_line, args);
        if lines.is_empty() && error.is_none() {
            break;
        }
        for line in &lines {
            let at = || line_name(args, line.number);
            let document: Value = serde_json::from_str(&line.text).map_err(|error| {
                stop(
                    out,
                    Failure::input(&at(), format!("malformed JSON: {error}")),
                )
            })?;
            let parent = clone_rules::parent_record(&document)
                .map_err(|error| stop(out, Failure::input(&at(), error)))?;
            let mut part = Part::default();
            push_line(&mut part.answers, &answer);
            if reports.is_some() {
                let report = crate::clone::untouched(&args.plan.module, parent);
                push_line(
                    &mut part.reports,
                    &serde_json::to_vec(&report.to_json()).unwrap_or_default(),
                );
            }
            write_part(&part, out, reports.as_deref_mut(), args)?;
            tally.records += 1;
            tally.refused += 1;
        }
        if let Some(error) = error {
            return Err(stop(out, error));
        }
    }
    out.flush().map_err(Failure::Output)?;
    if let (Some(file), Some(path)) = (reports, &args.report) {
        file.flush()
            .map_err(|error| output::cannot_write(path, &error))?;
    }
    if let Some(hint) = hint {
        let _ = writeln!(std::io::stderr(), "clone-rules: hint: {hint}");
    }
    summarize(&tally, started, false);
    if tally.refused > 0 {
        Err(Failure::Rejected)
    } else {
        Ok(())
    }
}

fn line_name(args: &BatchArgs, number: usize) -> String {
    format!("{} line {number}", load::name(&args.parents))
}

/// The closing line on standard error: how many, how many refused, how long.
fn summarize(tally: &Tally, started: Instant, progress: bool) {
    let erase = if progress { "\r" } else { "" };
    let _ = writeln!(
        std::io::stderr(),
        "{erase}clone-rules: {} records, {} refused, {:.3} s",
        tally.records,
        tally.refused,
        started.elapsed().as_secs_f64()
    );
}
