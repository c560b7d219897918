//! Writing a report to a file, never leaving half of one behind.
//!
//! A regular file (or a new one) is written beside itself under a temporary name, synced, then
//! renamed over the target: a reader sees the old file or the whole new one. A path that is not
//! a regular file (`/dev/full`, a FIFO, `/dev/stdout`) is written in place, and any error of
//! the write is returned, never ignored.

use std::io::Write;
use std::path::{Path, PathBuf};

/// A JSON document as every garant report writes it: pretty-printed, with a final newline.
pub fn pretty_json(document: &impl serde::Serialize) -> String {
    let mut text = serde_json::to_string_pretty(document)
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// Writes `bytes` to `path` whole, or returns why it could not.
pub fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let special = std::fs::metadata(path).is_ok_and(|m| !m.is_file());
    if special {
        let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
        f.write_all(bytes)?;
        return f.flush();
    }
    let temporary = temporary_name(path);
    let written = write_new(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// `FILE` as `.FILE.garant-PID.tmp` in the same folder, so that the rename stays on one disk.
fn temporary_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    path.with_file_name(format!(".{name}.garant-{}.tmp", std::process::id()))
}
