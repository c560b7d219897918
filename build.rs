//! Embeds the rule files of `rules/` into the binary, in path order, so that the built-in
//! regulation is exactly what the folder holds.

use std::path::Path;

fn main() {
    embed_rules();
    embed_commit();
}

/// `GARANT_COMMIT`: the commit garant is built from, when the build runs in a git work tree,
/// for the receipt of every report.
fn embed_commit() {
    println!("cargo::rerun-if-changed=.git/HEAD");
    println!("cargo::rerun-if-changed=.git/refs/heads");
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short=7", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_hexdigit()));
    if let Some(c) = commit {
        println!("cargo::rustc-env=GARANT_COMMIT={c}");
    }
}

fn embed_rules() {
    println!("cargo::rerun-if-changed=rules");
    let mut files: Vec<String> = std::fs::read_dir("rules")
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".garant"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let mut code = String::from("&[\n");
    for f in &files {
        println!("cargo::rerun-if-changed=rules/{f}");
        let full = Path::new(&root).join("rules").join(f);
        code.push_str(&format!(
            "    (\"rules/{f}\", include_str!({:?})),\n",
            full.display().to_string()
        ));
    }
    code.push_str("]\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("built_in_rules.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo::error=cannot write {}: {e}", out.display());
    }
}
