//! The receipt of a check: what was checked, so that anyone can verify it and run it again
//! (garant's version and commit, the as-of date, every rule, data and waivers file with its
//! SHA-256). No clock time: the same inputs give the same receipt.

use serde::{Deserialize, Serialize};

use crate::check::ir::Program;
use crate::data::{DataFile, Dataset};
use crate::hash::sha256_hex;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Receipt {
    pub garant: Build,
    pub as_of: String,
    pub rules: Files,
    pub data: Files,
    pub waivers: Waivers,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Build {
    pub version: String,
    /// The commit garant was built from, when the build knew it.
    pub commit: Option<String>,
}

/// A list of files and the SHA-256 of their hashes, each followed by a newline, in order.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Files {
    pub sha256: String,
    pub files: Vec<FileHash>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Waivers {
    pub files: Vec<FileHash>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileHash {
    pub path: String,
    /// `None` for a file that could not be read.
    pub sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records: Option<usize>,
}

impl Receipt {
    pub fn new(as_of: chrono::NaiveDate, program: &Program, data: &Dataset) -> Receipt {
        Receipt {
            garant: Build {
                version: env!("CARGO_PKG_VERSION").to_string(),
                commit: option_env!("GARANT_COMMIT").map(str::to_string),
            },
            as_of: as_of.to_string(),
            rules: Files::of(rule_files(program)),
            data: Files::of(data.files.iter().map(data_file).collect()),
            waivers: Waivers { files: Vec::new() },
        }
    }
}

impl Files {
    fn of(files: Vec<FileHash>) -> Files {
        let lines: String = files
            .iter()
            .map(|f| format!("{}\n", f.sha256.as_deref().unwrap_or("")))
            .collect();
        Files {
            sha256: sha256_hex(lines.as_bytes()),
            files,
        }
    }
}

/// The rule files, the built-in ones named `built-in:rules/...` as `garant rules --export`
/// writes them, then any amendment by its path.
fn rule_files(program: &Program) -> Vec<FileHash> {
    program
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| FileHash {
            path: match i < program.built_in {
                true => format!("built-in:{}", s.name),
                false => s.name.clone(),
            },
            sha256: Some(sha256_hex(s.text.as_bytes())),
            records: None,
        })
        .collect()
}

fn data_file(f: &DataFile) -> FileHash {
    FileHash {
        path: f.path.clone(),
        sha256: f.sha256.clone(),
        records: Some(f.records),
    }
}

/// A waivers file of the receipt.
pub fn waiver_file(f: &DataFile) -> FileHash {
    FileHash {
        path: f.path.clone(),
        sha256: f.sha256.clone(),
        records: None,
    }
}
