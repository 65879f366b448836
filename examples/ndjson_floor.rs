//! The floor `clone-rules batch` is measured against: parse each NDJSON
//! line into a `serde_json::Value` and serialize it again, on one thread.
//! `cargo run --release --example ndjson_floor < leads.ndjson > /dev/null`.

use std::io::{BufRead, BufWriter, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in std::io::stdin().lock().lines() {
        let value: serde_json::Value = serde_json::from_str(&line?)?;
        serde_json::to_writer(&mut out, &value)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
