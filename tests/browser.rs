//! The sign-off report in a real browser: headless Chromium prints the report of the Paris
//! example (with a waiver and a baseline) to PDF and takes a screenshot; poppler-utils read the
//! PDF back. The test checks what the printed document says, page by page, not the HTML.
//!
//! Needs `chromium` (or `$GARANT_CHROMIUM`) and poppler-utils (`pdftotext`, `pdfinfo`,
//! `pdftoppm`) on the PATH: `.ci/run` installs them from the system packages. With
//! `GARANT_UPDATE_SCREENSHOT=1`, the first printed page is written to
//! `docs/signoff-report.png`, the picture the README shows.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const WAIVERS: &str = "tests/fixtures/signoff/paris-waivers.yaml";
const BASELINE: &str = "tests/fixtures/formats/paris-baseline.json";
const VERDICT: &str = "2 errors and 0 warnings (1 waived)";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch folder of this test, removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("garant-browser-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    Scratch(dir)
}

fn chromium() -> String {
    let candidates = std::env::var("GARANT_CHROMIUM")
        .into_iter()
        .chain(["chromium", "chromium-browser", "google-chrome"].map(String::from));
    for c in candidates {
        if Command::new(&c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return c;
        }
    }
    panic!(
        "no Chromium found: install the system packages `chromium` and `poppler-utils` \
         (bash .ci/run does), or set GARANT_CHROMIUM to a Chromium or Chrome binary"
    );
}

/// Runs `program` with `args`, killed after two minutes; its standard output.
fn run(program: &str, args: &[&str]) -> Vec<u8> {
    let mut child = Command::new(program)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot run `{program}` ({e}): install poppler-utils and chromium")
        });
    let started = Instant::now();
    while child.try_wait().expect("a child process").is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("`{program}` did not finish in two minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("the child's output");
    assert!(
        out.status.success(),
        "`{program} {}` failed",
        args.join(" ")
    );
    out.stdout
}

/// Headless Chromium as the machine's probe starts it: no sandbox (CI runs as root), no GPU,
/// none of the background connections that a closed network refuses, a fresh profile.
fn browser(profile: &Path, action: &[String], page: &Path) {
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ]
    .map(String::from)
    .to_vec();
    args.push(format!("--user-data-dir={}", profile.display()));
    args.extend_from_slice(action);
    args.push(format!("file://{}", page.display()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&chromium(), &args);
}

/// `garant check` of the Paris example with its waiver and baseline, in the format `args` ask.
fn check_paris(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_garant"))
        .args(["check", "--as-of", "2025-12-31", "--waivers", WAIVERS])
        .args(["--baseline", BASELINE])
        .args(args)
        .arg("cases/paris/data")
        .current_dir(root())
        .output()
        .expect("garant runs")
}

/// Writes the sign-off report of the Paris example to `dir/report.html`.
fn report(dir: &Path) -> PathBuf {
    let html = dir.join("report.html");
    let out = check_paris(&["--format", "html", "--output", html.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "two errors are not waived");
    html
}

/// The text of each page of `pdf`, squeezed: a sentence is found whatever the line breaks the
/// layout gave it.
fn pages(pdf: &Path) -> Vec<String> {
    let info = String::from_utf8(run("pdfinfo", &[pdf.to_str().unwrap()])).unwrap();
    let count: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count");
    (1..=count)
        .map(|p| {
            let p = p.to_string();
            let text = run(
                "pdftotext",
                &["-f", &p, "-l", &p, pdf.to_str().unwrap(), "-"],
            );
            squeeze(&String::from_utf8_lossy(&text))
        })
        .collect()
}

/// The text without whitespace and hyphens: pdftotext drops a hyphen where a line breaks after
/// it (`2024-` `117` reads `2024117`).
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

fn receipt_of_the_json_report() -> serde_json::Value {
    let out = check_paris(&["--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    doc["receipt"].clone()
}

fn print(dir: &Path) -> (PathBuf, Vec<String>) {
    let html = report(dir);
    let pdf = dir.join("report.pdf");
    let action = [
        format!("--print-to-pdf={}", pdf.display()),
        "--no-pdf-header-footer".to_string(),
    ];
    browser(&dir.join("profile"), &action, &html);
    let pages = pages(&pdf);
    (pdf, pages)
}

#[test]
fn the_printed_report_says_what_a_committee_member_signs() {
    let dir = scratch("pdf");
    let (pdf, pages) = print(&dir.0);
    let n = pages.len();
    assert!((3..=15).contains(&n), "{n} A4 pages");
    let all = pages.concat();
    let header = squeeze(&format!(
        "garant sign-off report · as of 2025-12-31 · {VERDICT}"
    ));
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&header),
            "page {} has the verdict in its header",
            i + 1
        );
        let footer = squeeze(&format!("page {} of {n}", i + 1));
        assert!(page.contains(&footer), "page {} is numbered", i + 1);
    }
    assert!(pages[0].contains(&squeeze(VERDICT)));
    assert!(pages[0].contains(&squeeze("31 rules in 10 rule files")));
    let message = "IND-01998 pays P3-057 for 2024-12-07, a day the member was not active";
    assert!(all.contains(&squeeze(message)));
    let justification = "the missing 44.00 EUR was paid on 2024-01-20 (receipt 2024-117)";
    assert!(all.contains(&squeeze(justification)));
    let receipt = receipt_of_the_json_report();
    assert!(all.contains(receipt["rules"]["sha256"].as_str().unwrap()));
    assert!(all.contains(receipt["data"]["sha256"].as_str().unwrap()));
    assert!(all.contains(&squeeze("1 new, 2 known, 1 resolved")));
    assert!(
        pages[n - 1].contains("Signature"),
        "the sign-off block closes the report"
    );
    update_screenshot(&pdf);
}

/// Each finding is printed whole on one page: its message and its provision's rule file,
/// the first and last lines of the finding, are on the same page.
#[test]
fn no_finding_is_cut_across_pages() {
    let dir = scratch("cut");
    let (_, pages) = print(&dir.0);
    let findings = [
        (
            "IND-01998 pays P3-057 for 2024-12-07",
            "rules/70-indemnities.garant:12",
        ),
        (
            "IND-01214 pays 44.00 EUR for 2 half-days",
            "(receipt 2024-117)",
        ),
        (
            "the response to SUB-08 came on 2025-02-11",
            "rules/50-council.garant:3",
        ),
    ];
    for (first, last) in findings {
        let (first, last) = (squeeze(first), squeeze(last));
        let page = pages.iter().position(|p| p.contains(&first));
        let page = page.unwrap_or_else(|| panic!("`{first}` is printed"));
        let rest = &pages[page][pages[page].find(&first).unwrap()..];
        assert!(rest.contains(&last), "`{first}` ends on its own page");
    }
}

#[test]
fn a_screenshot_of_the_report_shows_it_on_screen() {
    let dir = scratch("png");
    let html = report(&dir.0);
    let png = dir.0.join("report.png");
    let action = [
        format!("--screenshot={}", png.display()),
        "--window-size=1100,1400".to_string(),
    ];
    browser(&dir.0.join("profile"), &action, &html);
    let bytes = std::fs::read(&png).expect("a screenshot");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG file");
    assert!(
        bytes.len() > 20_000,
        "a page with content ({} bytes)",
        bytes.len()
    );
}

/// With `GARANT_UPDATE_SCREENSHOT=1`, writes the first printed page to docs/.
fn update_screenshot(pdf: &Path) {
    if std::env::var_os("GARANT_UPDATE_SCREENSHOT").is_none() {
        return;
    }
    let target = root().join("docs/signoff-report");
    let args = ["-png", "-f", "1", "-l", "1", "-r", "90", "-singlefile"];
    let mut all: Vec<&str> = args.to_vec();
    all.extend([pdf.to_str().unwrap(), target.to_str().unwrap()]);
    run("pdftoppm", &all);
}
