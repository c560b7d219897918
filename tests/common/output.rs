//! What a run of the built binary gave: its status, and its output, which must be UTF-8.
//! Shared by the test binaries that run garant and read it as a CI job would (`cli`, `signoff`).

use std::process::Output;

pub fn status(out: &Output) -> i32 {
    out.status.code().expect("garant exits with a status")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}
