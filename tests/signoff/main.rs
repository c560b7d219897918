//! What a committee member needs to close a period and a CI job to gate a change
//! (`shared/spec/signoff.md`), checked on the built binary: the receipt against hashes computed
//! here, byte-identical reports, `--baseline` (new, known, resolved), `--waivers` in the JSON
//! document and in the exit status, `--output` (the same bytes as standard output; a write that
//! fails is status 2 and leaves no file), an empty data folder, and the human report's "Waived:"
//! part and closing lines.
//!
//! Fixtures: `tests/fixtures/signoff/` holds waivers files (the W-2025-01 example of the spec for
//! `cases/paris/data`; two for the data of `cases/IND-AMOUNT/two-half-days-paid-as-one`, whose one
//! finding is IND-AMOUNT on IND-1) and a JSON file that is not a garant report. Datasets that a
//! test changes are copied to a temporary folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value as Json;

#[path = "../common/output.rs"]
mod run;
use run::{status, stderr, stdout};
use sha2::{Digest, Sha256};

const FIX: &str = "tests/fixtures/signoff";
const PARIS: &str = "cases/paris/data";
const PARIS_WAIVERS: &str = "tests/fixtures/signoff/paris-waivers.yaml";
/// One finding: IND-AMOUNT on IND-1 (2 half-days paid 44 EUR), as of 2024-03-31.
const IND: &str = "cases/IND-AMOUNT/two-half-days-paid-as-one";
const IND_FILES: [&str; 4] = [
    "activity.yaml",
    "committee.yaml",
    "members.yaml",
    "promotions.yaml",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn command(args: &[&str], dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_garant"));
    c.args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("GARANT_TIMING");
    c
}

/// Runs garant in the package root.
fn garant(args: &[&str]) -> Output {
    garant_in(root(), args)
}

fn garant_in(dir: &Path, args: &[&str]) -> Output {
    command(args, dir).output().expect("garant runs")
}

fn json(out: &Output) -> Json {
    serde_json::from_str(&stdout(out)).unwrap_or_else(|e| {
        panic!(
            "stdout is one JSON document ({e}):\n{}\nstderr:\n{}",
            stdout(out),
            stderr(out)
        )
    })
}

/// `garant check --as-of 2025-12-31 [extra] cases/paris/data`.
fn paris(extra: &[&str]) -> Output {
    let mut args = vec!["check", "--as-of", "2025-12-31"];
    args.extend_from_slice(extra);
    args.push(PARIS);
    garant(&args)
}

/// `garant check --as-of 2024-03-31 [extra]` on the data files of the IND-AMOUNT case.
fn ind(extra: &[&str]) -> Output {
    let files: Vec<String> = IND_FILES.iter().map(|f| format!("{IND}/{f}")).collect();
    let mut args = vec!["check", "--as-of", "2024-03-31"];
    args.extend_from_slice(extra);
    args.extend(files.iter().map(String::as_str));
    garant(&args)
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn file_sha256(path: &Path) -> String {
    sha256_hex(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// The SHA-256 of a receipt list: of its files' hashes, each followed by a newline, in order.
fn list_sha256(files: &[Json]) -> String {
    let lines: String = files
        .iter()
        .map(|f| format!("{}\n", f["sha256"].as_str().expect("a file's sha256")))
        .collect();
    sha256_hex(lines.as_bytes())
}

/// The number of records of a data file, read apart from garant: the items of each top-level
/// list.
fn records_of(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).expect("a data file");
    let doc: BTreeMap<String, Vec<serde::de::IgnoredAny>> =
        serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    doc.values().map(Vec::len).sum()
}

/// The (rule, record, waived id, baseline mark) of every finding of a JSON document.
fn rows(doc: &Json) -> Vec<(String, String, String, String)> {
    let text = |v: &Json| v.as_str().unwrap_or("-").to_string();
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                text(&f["rule"]),
                text(&f["record"]),
                text(&f["waived"]["id"]),
                text(&f["baseline"]),
            )
        })
        .collect()
}

/// A temporary folder, removed when dropped.
struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let dir =
            std::env::temp_dir().join(format!("garant-signoff-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        Dir(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path(name), text).expect("a file");
    }

    /// The names of the files it holds, sorted.
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.0)
            .expect("the temporary folder")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

mod baseline;
mod output;
mod receipt;
mod waivers;
