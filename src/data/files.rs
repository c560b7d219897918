//! Finding the data files under the paths given, and reading one within the input budget.
//!
//! Folders are searched recursively, following symbolic links; a folder is walked once, and a
//! link that loops back to a folder being walked is a `DATA-READ`. Anything that is not a
//! regular file (a FIFO, a device, a socket) is refused with `DATA-READ` before it is opened,
//! so that nothing can block the check or feed it without end.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::yaml::MAX_FILE_BYTES;
use super::{DataCode, DataError, DataLoc};

/// The data files under `paths`, in byte order of their paths, each once. A folder that holds
/// no data file is a `DATA-READ`: a wrong path must never pass as clean data.
pub fn discover(paths: &[PathBuf], errors: &mut Vec<DataError>) -> Vec<PathBuf> {
    let mut walk = Walk::default();
    for path in paths {
        if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            let before = walk.found.len();
            walk.folder(path, errors);
            if walk.found.len() == before && walk.first_visit {
                errors.push(read_error(
                    &display(path),
                    "the folder holds no data file (`*.yaml` or `*.yml`)".into(),
                ));
            }
        } else {
            walk.found.push(path.clone());
        }
    }
    let mut found = walk.found;
    found.sort_by(|a, b| {
        a.as_os_str()
            .as_encoded_bytes()
            .cmp(b.as_os_str().as_encoded_bytes())
    });
    // One file named twice (`data/a.yaml` and `./data/a.yaml`) is read once, under the first name.
    let mut seen = HashSet::new();
    found.retain(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    found
}

/// The name a path is shown under in reports.
pub fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

#[derive(Default)]
struct Walk {
    found: Vec<PathBuf>,
    /// Every folder walked, by its canonical path.
    visited: HashSet<PathBuf>,
    /// The folders being walked, outermost first.
    open: Vec<PathBuf>,
    first_visit: bool,
}

impl Walk {
    fn folder(&mut self, dir: &Path, errors: &mut Vec<DataError>) {
        let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        self.first_visit = !self.visited.contains(&real);
        if self.open.contains(&real) {
            let message = format!(
                "a symbolic link loops back to the folder `{}`, which is being read",
                real.display()
            );
            return errors.push(read_error(&display(dir), message));
        }
        if !self.visited.insert(real.clone()) {
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                return errors.push(read_error(
                    &display(dir),
                    format!("cannot read the folder: {e}"),
                ));
            }
        };
        self.open.push(real);
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            self.entry(path, errors);
        }
        self.open.pop();
    }

    fn entry(&mut self, path: PathBuf, errors: &mut Vec<DataError>) {
        if std::fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
            self.folder(&path, errors);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            self.found.push(path);
        }
    }
}

pub fn read_error(path: &str, message: String) -> DataError {
    DataError {
        code: DataCode::Read,
        message,
        path: path.to_string(),
        loc: DataLoc::at(0, 1, 1, 0),
        collection: None,
        record: None,
    }
}

/// The bytes of a regular file of at most [`MAX_FILE_BYTES`], or the data error saying why not.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Box<DataError>> {
    let name = display(path);
    let cannot =
        |e: std::io::Error| Box::new(read_error(&name, format!("cannot read the file: {e}")));
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if !meta.is_file() {
        let message = "not a regular file (a folder, a device, a pipe or a socket is not data)";
        return Err(Box::new(read_error(&name, message.into())));
    }
    let too_large = || {
        let mut e = read_error(
            &name,
            format!("the file is larger than {MAX_FILE_BYTES} bytes"),
        );
        e.code = DataCode::Limit;
        Box::new(e)
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::new();
    super::store::reserve_apart(&mut bytes, meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}
