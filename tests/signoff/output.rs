//! `--output`, a run with no data, the human report, and the README's walkthrough.

use super::*;

// ---------------------------------------------------------------- --output

#[test]
fn output_file_holds_the_bytes_of_standard_output() {
    let dir = Dir::new("output");
    for format in ["human", "json"] {
        let name = format!("report.{format}");
        let target = dir.path(&name);
        let args = ["--format", format, "--waivers", PARIS_WAIVERS];
        let to_stdout = paris(&args);
        let mut with_output = args.to_vec();
        with_output.extend(["--output", target.to_str().unwrap()]);
        let to_file = paris(&with_output);
        assert_eq!(status(&to_file), status(&to_stdout), "{format}");
        assert!(to_file.stdout.is_empty(), "{format}: {}", stdout(&to_file));
        assert!(to_file.stderr.is_empty(), "{format}: {}", stderr(&to_file));
        let written = std::fs::read(&target).expect("the report file");
        assert!(
            written == to_stdout.stdout,
            "{format}: the file differs from standard output"
        );
    }
    // An existing file is replaced whole, and no temporary file is left beside it.
    std::fs::write(dir.path("report.json"), "x".repeat(1_000_000)).unwrap();
    paris(&[
        "--format",
        "json",
        "--output",
        dir.path("report.json").to_str().unwrap(),
    ]);
    let doc: Json =
        serde_json::from_str(&std::fs::read_to_string(dir.path("report.json")).unwrap())
            .expect("the whole new report");
    assert_eq!(doc["as_of"], "2025-12-31");
    assert_eq!(dir.names(), ["report.human", "report.json"]);
}

#[test]
fn output_may_be_the_baseline_it_is_compared_with() {
    let dir = Dir::new("output-baseline");
    let report = dir.path("last-signed.json");
    let report = report.to_str().unwrap();
    paris(&["--format", "json", "--output", report]);
    let out = paris(&["--format", "json", "--baseline", report, "--output", report]);
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let doc: Json = serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    let marks: Vec<String> = rows(&doc).into_iter().map(|r| r.3).collect();
    assert_eq!(marks, ["known", "known", "known"]);
}

#[test]
fn output_to_a_full_device_exits_2() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let out = paris(&["--format", "json", "--output", "/dev/full"]);
    assert_eq!(status(&out), 2);
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("/dev/full"), "{err}");
}

#[test]
fn output_in_a_folder_that_does_not_exist_exits_2_and_leaves_no_file() {
    let dir = Dir::new("output-no-folder");
    let target = dir.path("missing/report.json");
    let out = paris(&["--format", "json", "--output", target.to_str().unwrap()]);
    assert_eq!(status(&out), 2);
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    assert!(!target.exists());
    assert!(dir.names().is_empty(), "{:?}", dir.names());
}

#[test]
fn closed_pipe_on_standard_output_exits_2() {
    // A pipe whose reading end is closed before garant writes: the write fails (EPIPE).
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let mut c = command(
        &["check", "--as-of", "2025-12-31", "--format", "json", PARIS],
        root(),
    );
    let out = c
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .expect("garant runs");
    assert_eq!(status(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot write the report to standard output"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn full_device_on_standard_output_exits_2() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return;
    };
    let out = command(&["check", "--as-of", "2025-12-31", PARIS], root())
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped())
        .output()
        .expect("garant runs");
    assert_eq!(status(&out), 2, "{}", stderr(&out));
}

#[test]
#[ignore = "not reachable: before main, Rust's runtime opens /dev/null on a standard output that was closed (`>&-`), so the writes succeed; a closed pipe and a full disk are errors (tests above)"]
fn closed_standard_output_exits_2() {
    // `garant check ... >&-`: standard output is not open at all.
    let out = Command::new("sh")
        .args([
            "-c",
            "exec \"$0\" check --rules tests/fixtures/cli/rules --as-of 2024-01-01 tests/fixtures/cli/clean >&-",
            env!("CARGO_BIN_EXE_garant"),
        ])
        .current_dir(root())
        .output()
        .expect("sh runs");
    assert_eq!(status(&out), 2, "a lost report must not pass a CI gate");
}

// ---------------------------------------------------------------- no data

#[test]
fn empty_data_folder_is_a_data_error() {
    let dir = Dir::new("empty-data");
    std::fs::create_dir_all(dir.path("data/members")).unwrap();
    std::fs::write(dir.path("data/README.txt"), "not data").unwrap();
    let out = garant_in(
        &dir.0,
        &["check", "--format", "json", "--as-of", "2025-12-31", "data"],
    );
    assert_eq!(status(&out), 2, "a wrong path never passes a CI gate");
    let doc = json(&out);
    assert_eq!(doc["complete"], false);
    assert_eq!(doc["rules"], 0);
    assert_eq!(doc["records"], 0);
    assert_eq!(
        rows(&doc)
            .into_iter()
            .map(|r| (r.0, r.1))
            .collect::<Vec<_>>(),
        [("DATA-READ".to_string(), "-".to_string())]
    );
    assert_eq!(doc["findings"][0]["file"], "data");
    assert!(doc["findings"][0]["record"].is_null());
    let human = garant_in(&dir.0, &["check", "--as-of", "2025-12-31", "data"]);
    assert_eq!(status(&human), 2);
    assert!(stdout(&human).contains("DATA-READ"), "{}", stdout(&human));
}

// ---------------------------------------------------------------- the human report

#[test]
fn human_report_shows_the_waived_apart_and_the_receipt_last() {
    let out = paris(&["--waivers", PARIS_WAIVERS]);
    assert_eq!(status(&out), 1);
    let text = stdout(&out);
    let heading = text
        .find("\nWaived: 1 finding, accepted by the Committee and not counted\n")
        .unwrap_or_else(|| panic!("a Waived: heading:\n{text}"));
    let (open, waived) = text.split_at(heading);
    assert!(
        !open.contains("IND-01214"),
        "the waived finding is apart:\n{text}"
    );
    assert!(open.contains("IND-ACTIVE error"), "{text}");
    assert!(open.contains("COU-RESPONSE error"), "{text}");
    assert!(
        waived.contains("IND-AMOUNT waived error: IND-01214 pays 44.00 EUR"),
        "{text}"
    );
    assert!(waived.contains("waived by W-2025-01: approved by Committee of Guarantee, session of 2024-02-03 on 2024-02-03, until 2026-01-01"), "{text}");
    assert!(waived.contains("justification: Paid 44.00 EUR in cash on the day; the missing 44.00 EUR was paid on 2024-01-20 (receipt 2024-117)."), "{text}");
    assert!(waived.contains(
        "\n2 errors, 0 warnings (1 waived): 31 rules checked on 2818 records in 16 files, as of 2025-12-31\n"
    ), "{text}");

    // The closing lines are the receipt of the JSON document.
    let doc = json(&paris(&["--format", "json", "--waivers", PARIS_WAIVERS]));
    let r = &doc["receipt"];
    let commit = match r["garant"]["commit"].as_str() {
        Some(c) => format!(" (commit {c})"),
        None => String::new(),
    };
    let closing = format!(
        "receipt: garant {}{commit}, as of 2025-12-31\n  rules: 10 files, sha256 {}\n  data: 16 files, sha256 {}, 2818 records\n  waivers: {PARIS_WAIVERS} sha256 {}\n",
        env!("CARGO_PKG_VERSION"),
        r["rules"]["sha256"].as_str().unwrap(),
        r["data"]["sha256"].as_str().unwrap(),
        file_sha256(&root().join(PARIS_WAIVERS)),
    );
    assert!(
        text.ends_with(&closing),
        "ends with\n{closing}\ngot:\n{text}"
    );
}

#[test]
fn human_report_of_an_expired_waiver_warns_on_the_waiver() {
    let dir = Dir::new("expired");
    dir.write(
        "waivers.yaml",
        "waivers:\n  - id: W-1\n    rule: IND-AMOUNT\n    record: IND-1\n    justification: paid later\n    approved_by: the Committee\n    approved_on: 2024-01-13\n    expires_on: 2024-03-31\n",
    );
    let waivers = dir.path("waivers.yaml");
    let out = ind(&["--waivers", waivers.to_str().unwrap()]);
    assert_eq!(status(&out), 1, "the finding is no longer waived");
    let text = stdout(&out);
    assert!(!text.contains("Waived:"), "{text}");
    assert!(
        text.contains(
            "WAIVER-EXPIRED warning: the waiver W-1 of IND-AMOUNT on IND-1 expired on 2024-03-31"
        ),
        "{text}"
    );
    assert!(text.contains("1 error, 1 warning"), "{text}");
}

// ---------------------------------------------------------------- the README's walkthrough

/// The fenced blocks of `lang` in the README's section "Closing a period", in order.
fn readme_blocks(lang: &str) -> Vec<String> {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let start = readme
        .find("\n## Closing a period\n")
        .expect("a section \"Closing a period\"");
    let section = &readme[start + 1..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let fence = format!("```{lang}\n");
    section
        .split(fence.as_str())
        .skip(1)
        .map(|b| b[..b.find("```\n").expect("a closed block")].to_string())
        .collect()
}

/// The human report with the waivers file named `waivers.yaml` and the commit written `…`.
fn as_in_the_readme(out: &Output, waivers: &Path) -> String {
    let text = stdout(out).replace(waivers.to_str().unwrap(), "waivers.yaml");
    let mut shown = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("(commit ") {
        shown.push_str(&rest[..at]);
        let end = rest[at..].find(')').expect("a closed parenthesis") + at;
        shown.push_str("(commit …)");
        rest = &rest[end + 1..];
    }
    shown.push_str(rest);
    shown
}

#[test]
fn readme_shows_the_closing_of_a_period_as_garant_prints_it() {
    let dir = Dir::new("readme");
    let yaml = readme_blocks("yaml");
    assert_eq!(yaml.len(), 1, "one waivers file");
    dir.write("waivers.yaml", &yaml[0]);
    let waivers = dir.path("waivers.yaml");
    let shown = readme_blocks("text");
    assert_eq!(
        shown.len(),
        2,
        "the closing of the check, then of the baseline check"
    );
    let commands = readme_blocks("sh").concat();
    let w = waivers.to_str().unwrap();

    assert!(
        commands
            .contains("garant check --as-of 2025-12-31 --waivers waivers.yaml cases/paris/data\n")
    );
    let out = paris(&["--waivers", w]);
    assert_eq!(status(&out), 1);
    let text = as_in_the_readme(&out, &waivers);
    assert!(
        text.ends_with(&shown[0]),
        "README.md shows\n{}\ngarant prints\n{text}",
        shown[0]
    );

    assert!(commands.contains("garant check --as-of 2025-12-31 --waivers waivers.yaml --format json --output last-signed.json cases/paris/data\n"));
    assert!(commands.contains("garant check --as-of 2025-12-31 --waivers waivers.yaml --baseline last-signed.json cases/paris/data\n"));
    let base = dir.path("last-signed.json");
    let written = paris(&[
        "--waivers",
        w,
        "--format",
        "json",
        "--output",
        base.to_str().unwrap(),
    ]);
    assert_eq!(status(&written), 1);
    let out = paris(&["--waivers", w, "--baseline", base.to_str().unwrap()]);
    let text = as_in_the_readme(&out, &waivers);
    assert!(
        text.ends_with(&shown[1]),
        "README.md shows\n{}\ngarant prints\n{text}",
        shown[1]
    );
}
