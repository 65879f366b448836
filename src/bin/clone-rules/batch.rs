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
const CHUNK_BYTES: usize = 2 << 20;
const CHUNK_LINES: usize = 4096;

/// One input line, with its number for messages.
struct Line {
    number: usize,
    text: String,
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
    let plan = load::plan(&args.plan)?;
    let mut input = load::lines(&args.parents)?;
    let mut reports = args.report.as_deref().map(output::create).transpose()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(usize::from(args.workers))
        .build()
        .map_err(|error| Failure::BadInput(format!("--workers: {error}")))?;

    let started = Instant::now();
    let progress = std::io::stderr().is_terminal();
    let mut tally = Tally::default();
    let mut next_line = 1;
    let mut chunk = read_chunk(&mut input, &mut next_line, args)?;
    while !chunk.is_empty() {
        let work = || {
            clone_chunk(
                &plan,
                body.as_ref(),
                &chunk,
                pool.current_num_threads(),
                reports.is_some(),
            )
        };
        let (parts, following) =
            pool.install(|| rayon::join(work, || read_chunk(&mut input, &mut next_line, args)));
        for part in parts {
            write_part(&part, out, reports.as_mut(), args)?;
            tally.records += part.records;
            tally.refused += part.refused;
            if let Some((number, error)) = part.bad_line {
                return Err(Failure::input(&line_name(args, number), error));
            }
        }
        if progress {
            let _ = write!(
                std::io::stderr(),
                "\rclone-rules: {} records…",
                tally.records
            );
        }
        chunk = following?;
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
/// skipped, as they separate no records.
fn read_chunk(
    input: &mut impl BufRead,
    next_line: &mut usize,
    args: &BatchArgs,
) -> Result<Vec<Line>, Failure> {
    let mut lines = Vec::new();
    let mut bytes = 0;
    while bytes < CHUNK_BYTES && lines.len() < CHUNK_LINES {
        let mut text = String::new();
        let number = *next_line;
        let read = input
            .read_line(&mut text)
            .map_err(|error| Failure::input(&line_name(args, number), load::io_problem(&error)))?;
        if read == 0 {
            break;
        }
        *next_line += 1;
        bytes += read;
        if !text.trim().is_empty() {
            lines.push(Line { number, text });
        }
    }
    Ok(lines)
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
