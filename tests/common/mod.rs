//! What several test binaries share: the YAML files of the repository.

use std::path::{Path, PathBuf};

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(p);
        }
    }
}

/// The paths of the YAML files of `cases/` and `tests/fixtures/`, sorted, and the number of
/// them; with the text of those that are UTF-8 (the fixture of DATA-READ is Latin-1 on purpose:
/// it never reaches a YAML reader).
pub fn repository_texts() -> (usize, Vec<(PathBuf, String)>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    yaml_files(&root.join("cases"), &mut files);
    yaml_files(&root.join("tests/fixtures"), &mut files);
    files.sort();
    let count = files.len();
    let read = |f: PathBuf| std::fs::read_to_string(&f).ok().map(|t| (f, t));
    (count, files.into_iter().filter_map(read).collect())
}
