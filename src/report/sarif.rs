//! The report as one SARIF 2.1.0 log, as GitHub code scanning reads it (see `docs/cli.md`,
//! "The SARIF log").
//!
//! The driver's `rules` are the catalogue (every rule of the regulation in use) then every code
//! of a problem that is no rule's finding, so that any `ruleId` of a result has its rule. Each
//! entry of the report is one result; a waived one carries an accepted suppression. Property
//! bags use the names of the JSON document (`collection`, `record`, `values`, `receipt`,
//! `resolved`), so that a reader of one recognises the other.

use serde::Serialize;

use super::baseline::Seen;
use super::catalogue::{self, RuleInfo};
use super::json::{self, Closing, ValueJson, WaivedJson};
use super::{Entry, Report, Waiver};
use crate::hash::sha256_hex;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of the fingerprint GitHub uses to follow a finding from one upload to the next.
const FINGERPRINT: &str = "garantFinding/v1";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation; 1],
    /// Columns count characters, as the JSON document's `column` does.
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    properties: Closing<'a>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    rules: Vec<Descriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    short_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text>,
    help: Text,
    default_configuration: Configuration,
    properties: RuleProperties<'a>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties<'a> {
    area: &'a str,
    /// GitHub shows a rule's tags and filters alerts by them.
    tags: [&'a str; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    partial_fingerprints: serde_json::Map<String, serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression<'a>>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

#[derive(Serialize)]
struct Suppression<'a> {
    kind: &'static str,
    status: &'static str,
    justification: &'a str,
    /// The waiver as the JSON document's `waived` writes it.
    properties: WaivedJson<'a>,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    collection: Option<&'a str>,
    record: Option<&'a str>,
    values: Vec<ValueJson<'a>>,
}

/// The log, pretty-printed, with a final newline.
pub fn render(report: &Report) -> String {
    let rules: Vec<RuleInfo> = report
        .catalogue
        .iter()
        .cloned()
        .chain(catalogue::codes())
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [run(report, &rules)],
    };
    crate::output::pretty_json(&log)
}

fn run<'a>(report: &'a Report, rules: &'a [RuleInfo]) -> Run<'a> {
    let index = |id: &str| rules.iter().position(|r| r.id == id);
    Run {
        tool: Tool {
            driver: Driver {
                name: "garant",
                version: env!("CARGO_PKG_VERSION"),
                rules: rules.iter().map(descriptor).collect(),
            },
        },
        invocations: [invocation(report)],
        column_kind: "unicodeCodePoints",
        results: report
            .entries
            .iter()
            .map(|e| result(e, index(&e.rule), report.baseline.is_some()))
            .collect(),
        properties: json::closing(report),
    }
}

/// An incomplete check is a run that did not succeed, and says why in the summary's words.
fn invocation(report: &Report) -> Invocation {
    let notifications = if report.complete {
        Vec::new()
    } else {
        vec![Notification {
            level: "error",
            message: text(super::human::summary(report)),
        }]
    };
    Invocation {
        execution_successful: report.complete,
        tool_execution_notifications: notifications,
    }
}

fn text(text: String) -> Text {
    Text { text }
}

fn descriptor(rule: &RuleInfo) -> Descriptor<'_> {
    Descriptor {
        id: &rule.id,
        short_description: text(rule.title.clone()),
        full_description: rule.citation.clone().map(text),
        help: text(help(rule)),
        default_configuration: Configuration {
            level: rule.severity.as_str(),
        },
        properties: RuleProperties {
            area: &rule.area,
            tags: [&rule.area],
        },
    }
}

/// What a reader of an alert needs to look the rule up: its title, provision and file.
fn help(rule: &RuleInfo) -> String {
    match (&rule.citation, &rule.rule_at) {
        (Some(citation), Some((file, line))) => {
            format!("{}\nprovision: {citation}\nrule: {file}:{line}", rule.title)
        }
        _ => format!(
            "{}\none of garant's own codes, not a rule of the regulation: docs/cli.md lists them",
            rule.title
        ),
    }
}

fn result(e: &Entry, rule_index: Option<usize>, with_baseline: bool) -> SarifResult<'_> {
    SarifResult {
        rule_id: &e.rule,
        rule_index,
        level: e.severity.as_str(),
        message: text(e.message.clone()),
        locations: location(e).into_iter().collect(),
        partial_fingerprints: fingerprints(e),
        baseline_state: with_baseline.then(|| baseline_state(e.baseline)),
        suppressions: e.waived.as_deref().map(suppression).into_iter().collect(),
        properties: ResultProperties {
            collection: e.collection.as_deref(),
            record: e.record.as_deref(),
            values: json::values(e),
        },
    }
}

/// `known` findings are SARIF's `unchanged` ones.
fn baseline_state(seen: Option<Seen>) -> &'static str {
    match seen {
        Some(Seen::Known) => "unchanged",
        _ => "new",
    }
}

/// The identity the baseline compares findings by (rule, record, message), the file standing
/// for the record of a problem in no record: a finding keeps its alert while the data around it
/// changes.
fn fingerprints(e: &Entry) -> serde_json::Map<String, serde_json::Value> {
    let place = match &e.record {
        Some(record) => format!("record {record}"),
        None => format!("file {}", e.file),
    };
    let hash = sha256_hex(format!("{}\n{place}\n{}", e.rule, e.message).as_bytes());
    let mut map = serde_json::Map::new();
    map.insert(FINGERPRINT.to_string(), hash.into());
    map
}

fn suppression(w: &Waiver) -> Suppression<'_> {
    Suppression {
        kind: "external",
        status: "accepted",
        justification: &w.justification,
        properties: json::waived(w),
    }
}

/// The place of the entry in its file; none for an entry with no file.
fn location(e: &Entry) -> Option<Location> {
    if e.file.is_empty() {
        return None;
    }
    Some(Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation { uri: uri(&e.file) },
            region: region(e),
        },
    })
}

fn region(e: &Entry) -> Region {
    let end = end_of(e);
    Region {
        start_line: e.loc.line.max(1),
        start_column: e.loc.col.max(1),
        end_line: end.map(|(line, _)| line),
        end_column: end.map(|(_, col)| col),
    }
}

/// The line and column just after the offending value of a data error (or other problem), its
/// trailing blanks left out, when its source is the whole file and agrees with the start line
/// and column. None for a rule finding: it points at the start of its record, a point, and its
/// region is then the rest of that line.
fn end_of(e: &Entry) -> Option<(usize, usize)> {
    if e.rule_at.is_some() {
        return None;
    }
    let src = e
        .source
        .as_ref()
        .filter(|s| s.name == e.file && s.first_line == 0)?;
    let (start, end) = (e.loc.start as usize, e.loc.end as usize);
    let span = src.text.get(start..end)?;
    let end = start + span.trim_end().len();
    let agrees = src.line_col(start) == (e.loc.line as usize, e.loc.col as usize);
    (end > start && agrees).then(|| src.line_col(end))
}

/// The file as a URI reference: a relative path stays relative, with `/` between its parts
/// and every byte but an unreserved one percent-encoded; an absolute path becomes a `file:`
/// URI.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    match path.as_bytes() {
        [b'/', ..] => format!("file://{}", encode(&path)),
        [drive, b':', b'/', ..] if drive.is_ascii_alphabetic() => {
            format!("file:///{}:{}", char::from(*drive), encode(&path[2..]))
        }
        _ => encode(&path),
    }
}

fn encode(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
