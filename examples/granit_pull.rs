//! The floor the loader is measured against (docs/benchmark.md, "Scale benchmark"): granit-parser
//! pulling every event of the data files on 2 threads, building nothing.
//!
//! ```sh
//! cargo build --release --example granit_pull
//! target/release/examples/granit_pull DATA...
//! ```
//!
//! Takes files or folders and finds the data files as `garant check` does ([`garant::data::discover`]),
//! then 2 threads take the files in turn (the next file to the first thread free, as the loader
//! does), read each and pull its events with comments off, as `src/data/yaml.rs` does. Prints the
//! number of files, bytes and events, and the wall time from the start (reading the files
//! included, process start excluded).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use granit_parser::Parser;

const THREADS: usize = 2;

/// The events of one file, or why it could not be read or parsed.
fn pull(path: &PathBuf) -> Result<(u64, u64), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut options = granit_parser::Options::default();
    options.emit_comments = false;
    let mut events = 0u64;
    for item in Parser::new_from_str_with_options(&text, options) {
        item.map_err(|e| format!("{}: {}", path.display(), e.info()))?;
        events += 1;
    }
    Ok((text.len() as u64, events))
}

fn main() {
    let started = Instant::now();
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        eprintln!("usage: granit_pull FILE_OR_FOLDER...");
        std::process::exit(2);
    }
    let mut errors = Vec::new();
    let files = garant::data::discover(&paths, &mut errors);
    if let Some(e) = errors.first() {
        eprintln!("granit_pull: {}: {}", e.path, e.message);
        std::process::exit(2);
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let (mut bytes, mut events) = (0u64, 0u64);
        while let Some(path) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
            let (b, e) = pull(path)?;
            bytes += b;
            events += e;
        }
        Ok::<_, String>((bytes, events))
    };
    let totals = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS).map(|_| scope.spawn(work)).collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a thread panicked"))
            .collect::<Result<Vec<_>, _>>()
    });
    let (bytes, events) = match totals {
        Ok(t) => t.iter().fold((0, 0), |(b, e), (tb, te)| (b + tb, e + te)),
        Err(e) => {
            eprintln!("granit_pull: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "{} files, {bytes} bytes, {events} events in {:.3} s on {THREADS} threads",
        files.len(),
        started.elapsed().as_secs_f64()
    );
}
