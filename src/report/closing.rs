//! The closing lines of the human report, after its summary: the comparison with the
//! baseline and the receipt, in a few lines a committee member can copy into the minutes.

use super::Report;
use super::baseline::Seen;
use super::receipt::{FileHash, Files, Receipt};

pub(super) fn lines(report: &Report) -> String {
    let mut out = String::new();
    if let Some(b) = &report.baseline {
        out.push_str(&format!(
            "against the baseline: {} new, {} known, {} resolved\n",
            report.count_seen(Seen::New),
            report.count_seen(Seen::Known),
            b.resolved.len()
        ));
        for f in &b.resolved {
            let text = |k: &str| f.get(k).and_then(|v| v.as_str()).unwrap_or("-");
            out.push_str(&format!(
                "  resolved: {} {}: {}\n",
                text("rule"),
                text("record"),
                text("message")
            ));
        }
    }
    out.push_str(&receipt(&report.receipt, "receipt"));
    if let Some(r) = report.baseline.as_ref().and_then(|b| b.receipt.as_ref()) {
        out.push_str(&receipt(r, "baseline receipt"));
    }
    out
}

fn receipt(r: &Receipt, title: &str) -> String {
    let commit = r
        .garant
        .commit
        .as_deref()
        .map(|c| format!(" (commit {c})"))
        .unwrap_or_default();
    let records: usize = r.data.files.iter().filter_map(|f| f.records).sum();
    let mut out = format!(
        "{title}: garant {}{commit}, as of {}\n",
        r.garant.version, r.as_of
    );
    out.push_str(&format!("  rules: {}\n", list(&r.rules)));
    out.push_str(&format!("  data: {}, {records} records\n", list(&r.data)));
    for w in &r.waivers.files {
        out.push_str(&format!("  waivers: {} sha256 {}\n", w.path, hash(w)));
    }
    out
}

fn list(files: &Files) -> String {
    let n = files.files.len();
    format!(
        "{n} file{}, sha256 {}",
        if n == 1 { "" } else { "s" },
        files.sha256
    )
}

fn hash(f: &FileHash) -> &str {
    f.sha256.as_deref().unwrap_or("(unread)")
}
