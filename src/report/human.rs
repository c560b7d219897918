//! The human report: one miette diagnostic per entry, then a one-line summary.

use std::fmt;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::{Entry, Report, Severity};
use crate::loc::Source;

/// Renders diagnostics for a terminal (`color`) or for a file or pipe (no escape codes).
pub fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_wrap_lines(false)
        .with_links(false)
}

/// Renders one diagnostic (an entry, a rule-file error) to text.
pub fn render_diagnostic(diagnostic: &dyn Diagnostic, color: bool) -> String {
    let mut out = String::new();
    if handler(color).render_report(&mut out, diagnostic).is_err() {
        out = format!("{diagnostic}\n");
    }
    out
}

/// The report: the open findings, then the waived ones apart, then the closing lines (the
/// counts, the comparison with the baseline, the receipt).
pub fn render(report: &Report, color: bool) -> String {
    let mut out = String::new();
    let (waived, open): (Vec<&Entry>, Vec<&Entry>) =
        report.entries.iter().partition(|e| e.waived.is_some());
    for entry in open {
        push_entry(&mut out, entry, color);
    }
    if !waived.is_empty() {
        out.push_str(&format!(
            "Waived: {}, accepted by the Committee and not counted\n\n",
            plural(waived.len(), "finding")
        ));
        for entry in waived {
            push_entry(&mut out, entry, color);
        }
    }
    out.push_str(&summary(report));
    out.push('\n');
    out.push_str(&super::closing::lines(report));
    out
}

fn push_entry(out: &mut String, entry: &Entry, color: bool) {
    let safe = super::excerpt::displayable(entry);
    out.push_str(&render_diagnostic(
        &Shown(safe.as_ref().unwrap_or(entry)),
        color,
    ));
    out.push('\n');
}

pub(super) fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

pub fn summary(report: &Report) -> String {
    let counts = format!(
        "{}, {}",
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning")
    );
    let counts = match report.waived() {
        0 => counts,
        n => format!("{counts} ({n} waived)"),
    };
    let scope = format!(
        "{} in {}",
        plural(report.records, "record"),
        plural(report.files, "file")
    );
    if report.complete {
        format!(
            "{counts}: {} checked on {scope}, as of {}",
            plural(report.rules, "rule"),
            report.as_of
        )
    } else if report.rules > 0 {
        format!(
            "{counts}: check incomplete, a rule could not be evaluated to the end ({scope}, as of {})",
            report.as_of
        )
    } else {
        format!(
            "{counts}: check incomplete, the data does not follow the data format ({scope}); no rule was evaluated"
        )
    }
}

/// An entry seen as a miette diagnostic.
struct Shown<'a>(&'a Entry);

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        let waived = if e.waived.is_some() { "waived " } else { "" };
        write!(
            f,
            "{} {waived}{}: {}",
            e.rule,
            e.severity.as_str(),
            e.message
        )
    }
}

impl std::error::Error for Shown<'_> {}

impl Diagnostic for Shown<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(if self.0.waived.is_some() {
            miette::Severity::Advice
        } else if self.0.severity == Severity::Warning {
            miette::Severity::Warning
        } else {
            miette::Severity::Error
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let e = self.0;
        let mut lines = e.details();
        if e.source.is_none() {
            lines.push(format!("at {}:{}:{}", e.file, e.loc.line, e.loc.col));
        }
        (!lines.is_empty()).then(|| Box::new(lines.join("\n")) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.0.source.as_ref().map(|s| &**s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.0.source.as_ref()?;
        let e = self.0;
        let span = |loc: crate::data::DataLoc| {
            (
                loc.start as usize,
                loc.end.saturating_sub(loc.start) as usize,
            )
        };
        let record = match &e.record {
            Some(r) if e.rule.starts_with("DATA-") => format!("in `{r}`"),
            Some(r) => r.clone(),
            None => "here".into(),
        };
        let (start, len) = span(e.loc);
        let mut labels = vec![LabeledSpan::new(Some(record), start, len)];
        if let Some(focus) = e.focus.filter(|f| *f != e.loc) {
            let (start, len) = span(focus);
            labels.push(LabeledSpan::new(Some("this value".into()), start, len));
        }
        Some(Box::new(labels.into_iter()))
    }
}

impl SourceCode for Source {
    /// miette's own reading of a span, run on the few lines around it only: the same result in
    /// a time that does not grow with the position of the span in the file.
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let starts = self.line_starts();
        let first = self.line_of(span.offset()).saturating_sub(before);
        let last = self.line_of(span.offset() + span.len());
        let window_start = starts[first];
        let window_end = starts
            .get(last + after + 2)
            .copied()
            .unwrap_or(self.text.len());
        let window = self.text.get(window_start..window_end).unwrap_or("");
        let inner = miette::SourceSpan::new((span.offset() - window_start).into(), span.len());
        let contents = window.read_span(&inner, before, after)?;
        let data_start = window_start + contents.span().offset();
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            self.text
                .as_bytes()
                .get(data_start..data_start + contents.data().len())
                .unwrap_or(&[]),
            (data_start, contents.span().len()).into(),
            contents.line() + first + self.first_line,
            contents.column(),
            contents.line_count() + first + self.first_line,
        )))
    }
}
