//! A case folder: the input, split at its first two NUL bytes, is a `case.yaml` and one or two
//! data files (`a.yaml`, `b.yaml`), written into a folder of its own under the system's temp
//! folder (one per process, emptied for each input). `garant::cases::read_case` reads it and
//! `garant::cases::run` runs it, as `garant test` does: no panic, and no data error saying
//! that garant failed (a panic caught while reading a file). A case whose `rules:` names a path
//! outside its folder is skipped, so that the fuzzer reads no file of the machine.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use garant::check::ir::Program;
use libfuzzer_sys::fuzz_target;

fn built_in() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| match garant::rules::built_in() {
        Ok(p) => p,
        Err(_) => panic!("the built-in regulation compiles"),
    })
}

fn folder() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("garant-fuzz-case-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        if let Err(e) = std::fs::create_dir_all(&dir) {
            panic!("cannot create {}: {e}", dir.display());
        }
        dir
    })
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    if let Err(e) = std::fs::write(&path, bytes) {
        panic!("cannot write {}: {e}", path.display());
    }
}

fuzz_target!(|data: &[u8]| {
    let dir = folder();
    for name in ["case.yaml", "a.yaml", "b.yaml"] {
        let _ = std::fs::remove_file(dir.join(name));
    }
    let mut parts = data.splitn(3, |b| *b == 0);
    write(dir, "case.yaml", parts.next().unwrap_or_default());
    for name in ["a.yaml", "b.yaml"] {
        if let Some(part) = parts.next() {
            write(dir, name, part);
        }
    }
    let Ok(case) = garant::cases::read_case(dir) else {
        return;
    };
    let Ok(canonical) = dir.canonicalize() else {
        return;
    };
    let inside = |p: &PathBuf| p.canonicalize().is_ok_and(|p| p.starts_with(&canonical));
    if !case.rules.iter().all(inside) {
        return;
    }
    let compiled;
    let program = if case.rules.is_empty() {
        built_in()
    } else {
        match garant::rules::from_paths(&case.rules) {
            Ok(p) => {
                compiled = p;
                &compiled
            }
            Err(_) => return,
        }
    };
    if let Ok(outcome) = garant::cases::run(&case, program) {
        for e in &outcome.report.entries {
            assert!(
                !e.message.contains("this is a bug of garant"),
                "{}: {}",
                e.rule,
                e.message
            );
        }
        garant::report::human::render(&outcome.report, false);
    }
});
