//! `garant explain`: what a code means, with an example, or what a rule of the regulation says
//! and which parameters it reads.
//!
//! The explanations of the codes are kept in one place, `docs/codes.md`, built into the binary:
//! one section `## CODE` per code, with its meaning, a wrong example and the same corrected.
//! `tests/explain.rs` checks that every code has a section and that each wrong example of a
//! rule-file code gives that code.

use std::collections::BTreeSet;

use crate::check::CheckKind;
use crate::check::ir::{Expr, ExprIr, Program, RuleIr, Source, TemplatePiece};
use crate::data::DataCode;
use crate::report::{EVAL_ERROR, WAIVER_EXPIRED, WAIVER_UNUSED};
use crate::syntax::ParseCode;

/// The page of the codes, `docs/codes.md`.
pub const CODES_PAGE: &str = include_str!("../docs/codes.md");

/// Every code of a rule-file error, in the order of `docs/codes.md`.
pub fn rule_codes() -> Vec<&'static str> {
    let parse = ParseCode::ALL.iter().map(|c| c.as_str());
    let check = CheckKind::ALL.iter().map(|k| k.as_str());
    std::iter::once(crate::rules::READ)
        .chain(parse)
        .chain(check)
        .collect()
}

/// Every code garant reports besides rule ids: rule files, data, evaluation, waivers.
pub fn all_codes() -> Vec<&'static str> {
    let data = DataCode::ALL.iter().map(|c| c.as_str());
    let others = [EVAL_ERROR, WAIVER_EXPIRED, WAIVER_UNUSED];
    rule_codes().into_iter().chain(data).chain(others).collect()
}

/// The sections of `docs/codes.md`: each code and the Markdown under its heading.
pub fn sections() -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    let mut rest = CODES_PAGE;
    while let Some(at) = rest.find("\n## ") {
        let from = &rest[at + 4..];
        let (code, body) = from.split_once('\n').unwrap_or((from, ""));
        let end = body.find("\n## ").unwrap_or(body.len());
        out.push((code.trim(), body[..end].trim()));
        rest = &body[end..];
    }
    out
}

/// The section of `code` as Markdown, if the page has one.
pub fn section(code: &str) -> Option<&'static str> {
    sections()
        .into_iter()
        .find(|(c, _)| *c == code)
        .map(|(_, body)| body)
}

/// The explanation of `code` for a terminal: its heading, then its section with the fences of
/// the examples dropped and the examples indented.
pub fn code(code: &str) -> Option<String> {
    let body = section(code)?;
    let mut out = format!("{code}\n\n");
    let mut in_example = false;
    for line in body.lines() {
        if line.starts_with("```") {
            in_example = !in_example;
            continue;
        }
        let indent = if in_example { "    " } else { "" };
        out.push_str(&format!("{indent}{line}\n"));
    }
    Some(out)
}

/// The explanation of the rule `id` of `program`: its title, severity, provision, file and
/// line, source text, and every parameter it reads with its values over time.
pub fn rule(program: &Program, id: &str) -> Option<String> {
    let rule = program.rules.iter().find(|r| r.id == id)?;
    let mut out = format!(
        "{} ({}): {}\n  provision: {}\n  rule file: {}, line {}\n\n{}\n",
        rule.id,
        rule.severity.as_str(),
        rule.title,
        rule.citation,
        rule.loc.src.name,
        rule.loc.line(),
        source_text(&rule.loc)
    );
    let params = parameters_read(program, rule);
    if params.is_empty() {
        out.push_str("\nIt reads no parameter.\n");
    }
    for p in params {
        out.push_str(&parameter(program, p));
    }
    Some(out)
}

/// The text of the rule whose id is at `loc`: from its line to the next item, without the
/// blank and comment lines that end it (they head the next item).
fn source_text(loc: &crate::loc::Loc) -> String {
    let text = &loc.src.text;
    let start = text[..loc.start].rfind('\n').map_or(0, |i| i + 1);
    let items = [
        "rule ",
        "collection ",
        "parameter ",
        "amend ",
        "definition ",
    ];
    let mut lines: Vec<&str> = text[start..]
        .lines()
        .enumerate()
        .take_while(|(i, l)| *i == 0 || !items.iter().any(|k| l.starts_with(k)))
        .map(|(_, l)| l)
        .collect();
    while lines
        .last()
        .is_some_and(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        lines.pop();
    }
    lines.join("\n")
}

/// A parameter and its values, one a line, with the date each is in force from.
fn parameter(program: &Program, index: usize) -> String {
    let param = &program.params[index];
    let mut out = format!("\nIt reads the parameter `{}`:\n", param.name);
    let data = crate::data::Dataset::default();
    for (from, value) in &param.values {
        let shown = crate::eval::show(value, &param.ty, program, &data);
        out.push_str(&format!("  {shown} from {from}\n"));
    }
    out
}

/// The parameters a rule reads, directly or through the definitions it calls, by index.
pub fn parameters_read(program: &Program, rule: &RuleIr) -> BTreeSet<usize> {
    let mut found = Walk {
        program,
        params: BTreeSet::new(),
        defs: BTreeSet::new(),
    };
    for e in rule_exprs(rule) {
        found.expr(e);
    }
    found.params
}

/// The parameters and definitions met so far.
struct Walk<'a> {
    program: &'a Program,
    params: BTreeSet<usize>,
    defs: BTreeSet<usize>,
}

impl Walk<'_> {
    fn expr(&mut self, e: &Expr) {
        let mut calls = Vec::new();
        e.visit(&mut |x| match &x.kind {
            ExprIr::Param(p, _) => {
                self.params.insert(*p);
            }
            ExprIr::CallDef(d, _) => calls.push(*d),
            _ => {}
        });
        for d in calls {
            if self.defs.insert(d)
                && let Some(def) = self.program.defs.get(d)
            {
                self.expr(&def.body);
            }
        }
    }
}

/// Every expression of a rule: bindings, filters, numbering, `let`s, requirements, messages.
fn rule_exprs(rule: &RuleIr) -> Vec<&Expr> {
    let mut out = Vec::new();
    for check in &rule.checks {
        for b in &check.bindings {
            match &b.source {
                Source::Years(a, z) | Source::Periods(_, _, a, z) => out.extend([a, z]),
                Source::Records(_, key) => out.extend(key.iter().map(|k| k.key.as_ref())),
            }
            out.extend(b.filter.iter());
        }
        if let Some(n) = &check.numbering {
            out.extend([&n.per, &n.by]);
        }
        out.extend(check.lets.iter().map(|(_, e)| e));
        for r in &check.requirements {
            out.extend(r.guard.iter().chain([&r.condition]));
            out.extend(r.message.iter().filter_map(|p| match p {
                TemplatePiece::Hole(e) => Some(e),
                TemplatePiece::Text(_) => None,
            }));
        }
    }
    out
}

/// What `garant explain` prints for `query` (a code or a rule id of `program`), or the help of
/// an error when it is neither.
pub fn explain(program: &Program, query: &str) -> Result<String, String> {
    let upper = query.to_uppercase();
    if let Some(text) = code(&upper) {
        return Ok(text);
    }
    if let Some(text) = rule(program, &upper) {
        return Ok(text);
    }
    let ids: Vec<&str> = program.rules.iter().map(|r| r.id.as_str()).collect();
    let candidates = all_codes().into_iter().chain(ids);
    Err(crate::suggest::help(&upper, candidates)
        .unwrap_or_else(|| "give a code such as `RULES-UNKNOWN-FIELD` or a rule id".into()))
}
