//! The sign-off report (`--format html`): one self-contained HTML file that a committee member
//! reads on screen, prints on A4, signs and files. No script, nothing fetched: the styles are in
//! the file and the fonts are the reader's own.
//!
//! The markup is the askama template `templates/signoff.html`, checked when garant is compiled;
//! this module only builds what the template shows, from the one report model: the verdict, what
//! was checked, the rules by area with their results, each finding with its data lines, values
//! and provision, the problems that are no rule's finding, the waivers, the changes since the
//! baseline, the receipt and a block to sign.

use askama::Template;

use super::catalogue::RuleInfo;
use super::human::plural;
use super::receipt::{FileHash, Receipt};
use super::{Entry, Report, Severity, Waiver};

mod lines;

use lines::DataLine;

/// Findings of one rule shown in full, with their data lines; those beyond are listed one per
/// row, so that a check with thousands of findings stays a document one can open and print.
const FULL_PER_RULE: usize = 50;

#[derive(Template)]
#[template(path = "signoff.html", whitespace = "minimize")]
struct Page<'a> {
    verdict: Verdict,
    as_of: String,
    dataset: String,
    /// The `@page` header, as a CSS string, so that the verdict is on every printed page.
    page_header: String,
    areas: Vec<Area<'a>>,
    problems: Vec<Shown<'a>>,
    waivers: Vec<&'a Waiver>,
    baseline: Option<Changes<'a>>,
    receipt: Receipt,
    baseline_receipt: Option<Receipt>,
    rules_total: usize,
}

struct Verdict {
    /// `clean`, `breaches` or `incomplete`: the class that colours the verdict.
    kind: &'static str,
    text: String,
    detail: String,
}

struct Area<'a> {
    name: String,
    rules: Vec<RuleRow<'a>>,
}

struct RuleRow<'a> {
    info: &'a RuleInfo,
    /// `passed`, `findings`, `waived` or `unchecked`.
    kind: &'static str,
    result: String,
    /// Shown in full, then listed one per row.
    full: Vec<Shown<'a>>,
    rest: Vec<Shown<'a>>,
}

/// A finding (or a problem) as the report shows it.
struct Shown<'a> {
    anchor: String,
    entry: &'a Entry,
    lines: Vec<DataLine>,
    seen: Option<&'static str>,
}

struct Changes<'a> {
    new: Vec<Shown<'a>>,
    known: usize,
    resolved: Vec<Resolved>,
}

struct Resolved {
    rule: String,
    record: String,
    message: String,
    place: String,
}

/// The sign-off report of `report`, as one HTML document. Control characters from the inputs
/// (data, waivers, rule files) are written as escapes, as in the terminal report: the template
/// writes none of its own, so escaping the whole document catches every one of them.
pub fn render(report: &Report) -> String {
    let page = Page::new(report);
    let html = page
        .render()
        .unwrap_or_else(|e| format!("<!doctype html><title>error</title><p>{e}</p>\n"));
    super::excerpt::escape(&html, true).into_owned()
}

impl<'a> Page<'a> {
    fn new(report: &'a Report) -> Page<'a> {
        let verdict = verdict(report);
        let page_header = css_string(&format!(
            "garant sign-off report \u{b7} as of {} \u{b7} {}",
            report.as_of, verdict.text
        ));
        let mut numbering = 0..;
        let mut next = || numbering.next().unwrap_or(0);
        Page {
            as_of: report.as_of.to_string(),
            dataset: dataset(report),
            page_header,
            areas: areas(report, &mut next),
            problems: problems(report, &mut next),
            waivers: waivers(report),
            baseline: changes(report),
            receipt: report.receipt.clone(),
            baseline_receipt: report.baseline.as_ref().and_then(|b| b.receipt.clone()),
            rules_total: report.catalogue.len(),
            verdict,
        }
    }
}

fn verdict(report: &Report) -> Verdict {
    let (errors, warnings) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
    );
    let waived = match report.waived() {
        0 => String::new(),
        n => format!(" ({n} waived)"),
    };
    let detail = scope(report);
    if !report.complete {
        let text = "incomplete: cannot be signed".to_string();
        return Verdict {
            kind: "incomplete",
            text,
            detail,
        };
    }
    if errors + warnings == 0 {
        let text = format!("clean{waived}");
        return Verdict {
            kind: "clean",
            text,
            detail,
        };
    }
    let text = format!(
        "{} and {}{waived}",
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    Verdict {
        kind: "breaches",
        text,
        detail,
    }
}

/// What the verdict rests on, in one sentence.
fn scope(report: &Report) -> String {
    let data = format!(
        "{} in {}",
        plural(report.records, "record"),
        plural(report.files, "file")
    );
    let problems = report
        .entries
        .iter()
        .filter(|e| e.rule_at.is_none() && e.waived.is_none());
    let problems = problems.filter(|e| e.severity == Severity::Error).count();
    match (report.complete, report.rules) {
        (true, rules) => format!("{} checked on {data}.", plural(rules, "rule")),
        (false, 0) => format!(
            "{} in the data or the waivers ({data}): no rule was evaluated.",
            plural(problems, "error")
        ),
        (false, rules) => format!(
            "{} checked on {data}, but a rule could not be evaluated to the end.",
            plural(rules, "rule")
        ),
    }
}

/// The dataset in one line: records and files, then the records of each collection that has any.
fn dataset(report: &Report) -> String {
    let per: Vec<String> = report
        .collections
        .iter()
        .filter(|c| c.records > 0)
        .map(|c| c.counted())
        .collect();
    format!(
        "{} in {}: {}",
        plural(report.records, "record"),
        plural(report.files, "file"),
        if per.is_empty() {
            "none".to_string()
        } else {
            per.join(", ")
        }
    )
}

/// A text as a CSS string literal: quotes, backslashes and anything outside printable ASCII
/// written as CSS escapes, so that it cannot close the string or the style element.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_ascii_graphic() && !matches!(c, '"' | '\\' | '<' | '>' | '&') || c == ' ' {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", c as u32));
        }
    }
    out.push('"');
    out
}

fn shown<'a>(entry: &'a Entry, number: usize) -> Shown<'a> {
    Shown {
        anchor: format!("f{number}"),
        entry,
        lines: lines::around(entry),
        seen: entry.baseline.map(|s| match s {
            super::baseline::Seen::New => "new",
            super::baseline::Seen::Known => "known",
        }),
    }
}

/// A finding listed in a row: no data lines.
fn listed<'a>(entry: &'a Entry, number: usize) -> Shown<'a> {
    Shown {
        lines: Vec::new(),
        ..shown(entry, number)
    }
}

fn areas<'a>(report: &'a Report, next: &mut impl FnMut() -> usize) -> Vec<Area<'a>> {
    let mut areas: Vec<Area<'a>> = Vec::new();
    for info in &report.catalogue {
        let row = rule_row(report, info, next);
        match areas.iter_mut().find(|a| a.name == info.area) {
            Some(a) => a.rules.push(row),
            None => areas.push(Area {
                name: info.area.clone(),
                rules: vec![row],
            }),
        }
    }
    areas
}

fn rule_row<'a>(
    report: &'a Report,
    info: &'a RuleInfo,
    next: &mut impl FnMut() -> usize,
) -> RuleRow<'a> {
    let entries: Vec<&Entry> = report
        .entries
        .iter()
        .filter(|e| e.rule == info.id)
        .collect();
    let (kind, result) = result(report, &entries);
    let mut full = Vec::new();
    let mut rest = Vec::new();
    for (i, e) in entries.into_iter().enumerate() {
        if i < FULL_PER_RULE {
            full.push(shown(e, next()));
        } else {
            rest.push(listed(e, next()));
        }
    }
    RuleRow {
        info,
        kind,
        result,
        full,
        rest,
    }
}

/// A rule's result: not checked (data errors), passed, its findings, or waived.
fn result(report: &Report, entries: &[&Entry]) -> (&'static str, String) {
    let open = entries.iter().filter(|e| e.waived.is_none()).count();
    let waived = entries.len() - open;
    if report.rules == 0 {
        ("unchecked", "not checked".to_string())
    } else if entries.is_empty() {
        ("passed", "passed".to_string())
    } else if open == 0 {
        ("waived", format!("waived ({waived})"))
    } else if waived == 0 {
        ("findings", plural(open, "finding"))
    } else {
        (
            "findings",
            format!("{}, {waived} waived", plural(open, "finding")),
        )
    }
}

/// The entries that are no rule's finding: data errors, rules that could not be evaluated, and
/// warnings about waivers.
fn problems<'a>(report: &'a Report, next: &mut impl FnMut() -> usize) -> Vec<Shown<'a>> {
    report
        .entries
        .iter()
        .filter(|e| !report.catalogue.iter().any(|r| r.id == e.rule))
        .map(|e| shown(e, next()))
        .collect()
}

/// The waivers that cover a finding of this check, each once, by id.
fn waivers(report: &Report) -> Vec<&Waiver> {
    let mut waivers: Vec<&Waiver> = report
        .entries
        .iter()
        .filter_map(|e| e.waived.as_deref())
        .collect();
    waivers.sort_by(|a, b| a.id.cmp(&b.id));
    waivers.dedup_by(|a, b| a.id == b.id);
    waivers
}

fn changes(report: &Report) -> Option<Changes<'_>> {
    let b = report.baseline.as_ref()?;
    let new = report
        .entries
        .iter()
        .filter(|e| e.baseline == Some(super::baseline::Seen::New))
        .enumerate()
        .map(|(i, e)| listed(e, i))
        .collect();
    Some(Changes {
        new,
        known: report.count_seen(super::baseline::Seen::Known),
        resolved: b.resolved.iter().map(resolved).collect(),
    })
}

fn resolved(f: &serde_json::Value) -> Resolved {
    let text = |k: &str| f.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
    let number = |k: &str| f.get(k).and_then(|v| v.as_u64()).unwrap_or(0);
    Resolved {
        rule: text("rule"),
        record: text("record"),
        message: text("message"),
        place: format!("{}:{}:{}", text("file"), number("line"), number("column")),
    }
}

impl Shown<'_> {
    fn place(&self) -> String {
        let e = self.entry;
        format!("{}:{}:{}", e.file, e.loc.line, e.loc.col)
    }

    fn record(&self) -> &str {
        self.entry.record.as_deref().unwrap_or("")
    }

    fn rule_file(&self) -> String {
        self.entry
            .rule_at
            .as_ref()
            .map(|(f, l)| format!("{f}:{l}"))
            .unwrap_or_default()
    }
}

impl FileHash {
    fn hash(&self) -> &str {
        self.sha256.as_deref().unwrap_or("not read")
    }

    fn records_text(&self) -> String {
        self.records.map(|n| n.to_string()).unwrap_or_default()
    }
}
