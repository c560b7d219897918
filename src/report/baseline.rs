//! The comparison with the JSON document of an earlier check (`--baseline`): each finding is new
//! or known, and the earlier findings that are gone are listed as resolved.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value as Json;

use super::Report;
use super::receipt::Receipt;

/// Whether a finding was in the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Seen {
    New,
    Known,
}

impl Seen {
    /// As the human report says it.
    pub fn describe(self) -> &'static str {
        match self {
            Seen::New => "new since the baseline",
            Seen::Known => "known: in the baseline too",
        }
    }
}

/// The baseline's findings that no finding of this check matches, and its receipt.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// As the baseline had them.
    pub resolved: Vec<Json>,
    pub receipt: Option<Receipt>,
}

/// An earlier report, read.
pub struct Baseline {
    findings: Vec<Json>,
    receipt: Option<Receipt>,
}

impl Baseline {
    /// Reads the JSON document of `garant check --format json`; why not, when it is not one.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let doc: Json = serde_json::from_str(text).map_err(|e| format!("it is not JSON: {e}"))?;
        let findings = doc
            .get("findings")
            .and_then(Json::as_array)
            .ok_or("it has no `findings` list: write it with `garant check --format json`")?;
        for (i, f) in findings.iter().enumerate() {
            if f.get("rule").and_then(Json::as_str).is_none()
                || f.get("message").and_then(Json::as_str).is_none()
            {
                return Err(format!("finding {} has no `rule` or `message` text", i + 1));
            }
        }
        let receipt = doc
            .get("receipt")
            .and_then(|r| serde_json::from_value(r.clone()).ok());
        Ok(Baseline {
            findings: findings.clone(),
            receipt,
        })
    }
}

/// The identity of a finding across checks: rule, record and message.
fn key(f: &Json) -> (Option<&str>, Option<&str>, Option<&str>) {
    let text = |k: &str| f.get(k).and_then(Json::as_str);
    (text("rule"), text("record"), text("message"))
}

impl Report {
    /// Marks each finding new or known against `baseline`, as a multiset: a finding repeated
    /// twice is matched twice.
    pub fn compare(&mut self, baseline: Baseline) {
        let mut unmatched: HashMap<_, Vec<usize>> = HashMap::new();
        for (i, f) in baseline.findings.iter().enumerate().rev() {
            unmatched.entry(key(f)).or_default().push(i);
        }
        for e in &mut self.entries {
            let mine = (
                Some(e.rule.as_str()),
                e.record.as_deref(),
                Some(e.message.as_str()),
            );
            let known = unmatched.get_mut(&mine).and_then(Vec::pop).is_some();
            e.baseline = Some(if known { Seen::Known } else { Seen::New });
        }
        let mut left: Vec<usize> = unmatched.into_values().flatten().collect();
        left.sort_unstable();
        let resolved = left
            .into_iter()
            .map(|i| baseline.findings[i].clone())
            .collect();
        self.baseline = Some(Comparison {
            resolved,
            receipt: baseline.receipt,
        });
    }

    pub fn count_seen(&self, seen: Seen) -> usize {
        self.entries
            .iter()
            .filter(|e| e.baseline == Some(seen))
            .count()
    }
}
