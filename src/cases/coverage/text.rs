//! The coverage as `garant test --coverage` prints it: a line per rule, what is not covered
//! with its rule-file line (the case to write), what is not counted, and the figures.

use super::{Coverage, Figure, Figures, ParamCoverage, RequirementCoverage, RuleCoverage};

/// The coverage section of the human output, each line ending with a line break.
pub fn human(c: &Coverage) -> String {
    let mut lines = vec![format!("coverage of the rules by {} cases:", c.cases)];
    lines.extend(table(&c.rules));
    let gaps = gaps(c);
    if !gaps.is_empty() {
        lines.push("not covered:".to_string());
        lines.extend(gaps.into_iter().map(|g| format!("  {g}")));
    }
    let uncounted = uncounted(&c.parameters);
    if !uncounted.is_empty() {
        lines.push("not counted:".to_string());
        lines.extend(uncounted.into_iter().map(|g| format!("  {g}")));
    }
    lines.push(summary(&c.figures()));
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// A line per rule: the cases where it fires, where it passes, and its requirements seen both
/// holding and failing; `NO` where a case is missing.
fn table(rules: &[RuleCoverage]) -> Vec<String> {
    let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0).max(4);
    let mut lines = vec![format!(
        "  {:width$}  {:>6}  {:>6}  requirements held and failed",
        "rule", "fires", "passes"
    )];
    for r in rules {
        let both = r.requirements.iter().filter(|q| q.covered()).count();
        lines.push(format!(
            "  {:width$}  {:>6}  {:>6}  {both} of {}",
            r.id,
            cases(r.fired),
            cases(r.passed),
            r.requirements.len()
        ));
    }
    lines
}

/// A number of cases, or `NO` for none.
fn cases(n: u64) -> String {
    match n {
        0 => "NO".to_string(),
        n => n.to_string(),
    }
}

/// Each item not covered, with where it is written and what case it lacks.
fn gaps(c: &Coverage) -> Vec<String> {
    let mut out = Vec::new();
    for r in &c.rules {
        if r.fired == 0 {
            out.push(format!("{} ({}): no case gives a finding", r.id, r.place));
        }
        if r.passed == 0 {
            out.push(format!("{} ({}): no case passes it", r.id, r.place));
        }
        out.extend(r.requirements.iter().filter_map(|q| requirement_gap(r, q)));
    }
    for p in &c.parameters {
        for v in p.counted().filter(|v| v.reads == 0) {
            let what = format!("parameter `{}`, value from {}", p.name, v.from);
            out.push(format!("{what} ({}): no case reads it", v.place));
        }
    }
    out
}

/// What requirement `q` of rule `r` lacks, if anything.
fn requirement_gap(r: &RuleCoverage, q: &RequirementCoverage) -> Option<String> {
    let lacks = match (q.held, q.failed) {
        (0, 0) => "no case evaluates it",
        (0, _) => "it never holds",
        (_, 0) => "it never fails",
        _ => return None,
    };
    Some(format!(
        "{} require {} ({}): {lacks}",
        r.id, q.number, q.place
    ))
}

/// The parameters and values left out of the figures, and why.
fn uncounted(params: &[ParamCoverage]) -> Vec<String> {
    let mut out = Vec::new();
    for p in params {
        if !p.read_by_rules {
            let place = p.values.first().map(|v| format!(" ({})", v.place));
            let place = place.unwrap_or_default();
            out.push(format!("parameter `{}`{place}: no rule reads it", p.name));
            continue;
        }
        for v in p.values.iter().filter(|v| !v.in_force) {
            let what = format!("parameter `{}`, value from {}", p.name, v.from);
            out.push(format!(
                "{what} ({}): in force after the as-of date of every case",
                v.place
            ));
        }
    }
    out
}

/// `coverage: rules fired 2 of 2 (100.0 %), ...; total 6 of 7 (85.7 %)`.
fn summary(f: &Figures) -> String {
    let part =
        |what: &str, x: &Figure| format!("{what} {} of {} ({:.1} %)", x.covered, x.of, x.percent);
    format!(
        "coverage: {}, {}, {}, {}; {}",
        part("rules fired", &f.rules_fired),
        part("rules passed", &f.rules_passed),
        part("requirements held and failed", &f.requirements),
        part("parameter values read", &f.parameter_values),
        part("total", &f.total)
    )
}
