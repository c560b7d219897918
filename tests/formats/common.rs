//! Running the built binary on the checks every format is tried on.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The package root: fixture paths are given relative to it, so reports are the same everywhere.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `garant` in the package root with `args`.
pub fn garant(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_garant"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("garant runs")
}

/// The waivers file of the Paris example: W-2025-01 waives IND-AMOUNT on IND-01214.
pub const PARIS_WAIVERS: &str = "tests/fixtures/signoff/paris-waivers.yaml";

/// The JSON report of an earlier check of the Paris data (see tests/fixtures/formats/README.md):
/// against it, IND-ACTIVE on IND-01998 is new, MEM-PARIS on P1-003 resolved, the others known.
pub const PARIS_BASELINE: &str = "tests/fixtures/formats/paris-baseline.json";

/// The checks every format is tried on, by name: `args` for `garant check` without `--format`.
pub fn checks() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        (
            "clean",
            vec![
                "--as-of",
                "2023-12-31",
                "cases/MEM-AGE/16th-birthday-on-draw-date/base.yaml",
                "cases/MEM-AGE/16th-birthday-on-draw-date/data.yaml",
            ],
        ),
        (
            "findings",
            vec!["--as-of", "2025-12-31", "cases/paris/data"],
        ),
        (
            "waived",
            vec![
                "--as-of",
                "2025-12-31",
                "--waivers",
                PARIS_WAIVERS,
                "--baseline",
                PARIS_BASELINE,
                "cases/paris/data",
            ],
        ),
        (
            "data-errors",
            vec![
                "--as-of",
                "2025-12-31",
                "tests/fixtures/data_errors/several-files",
            ],
        ),
    ]
}

/// The text `garant check --format FORMAT ARGS` prints, and its exit status.
pub fn check(format: &str, args: &[&str]) -> (String, i32) {
    let mut all = vec!["check", "--format", format];
    all.extend_from_slice(args);
    let out = garant(&all);
    let text = String::from_utf8(out.stdout).expect("UTF-8 output");
    (text, out.status.code().unwrap_or(-1))
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("readable file")
}
