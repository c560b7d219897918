//! The report as GitHub Actions workflow commands (see `docs/cli.md`, "GitHub annotations"):
//! one `::error`, `::warning` or, for a waived finding, `::notice` per entry, so that each
//! finding is an annotation on its data file and line; then the summary line of the human
//! report, as plain text.
//!
//! Values are escaped as the Actions toolkit escapes them (`@actions/core`, `command.ts`), so
//! that no text from the data can end a command early or start another one.

use super::{Entry, Report, Severity};

/// The text of a command (its message): `%`, carriage return and line feed percent-encoded.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: as [`escape_data`], and `:` and `,` too, which end a value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One command per entry, in the report's order, then the summary line.
pub fn render(report: &Report) -> String {
    let mut out: String = report.entries.iter().map(|e| command(e) + "\n").collect();
    out.push_str(&super::human::summary(report));
    out.push('\n');
    out
}

/// `::error file=F,line=L,col=C,title=RULE::MESSAGE`, a property with no value left out.
fn command(e: &Entry) -> String {
    let properties = [
        ("file", e.file.clone()),
        ("line", e.loc.line.to_string()),
        ("col", e.loc.col.to_string()),
        ("title", e.rule.clone()),
    ];
    let properties: Vec<String> = properties
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| format!("{key}={}", escape_property(value)))
        .collect();
    format!(
        "::{} {}::{}",
        name(e),
        properties.join(","),
        escape_data(&message(e))
    )
}

/// A waived finding does not count: it is a notice whatever its severity.
fn name(e: &Entry) -> &'static str {
    match (&e.waived, e.severity) {
        (Some(_), _) => "notice",
        (None, Severity::Error) => "error",
        (None, Severity::Warning) => "warning",
    }
}

/// The message, the record, then the lines the human report adds under `help:`.
fn message(e: &Entry) -> String {
    let mut lines = vec![e.message.clone()];
    if let Some(record) = &e.record {
        lines.push(format!("record: {record}"));
    }
    lines.extend(e.details());
    lines.join("\n")
}
