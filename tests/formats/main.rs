//! The output formats of `garant check` and `garant test` (SARIF, JUnit, GitHub, HTML), each
//! pinned by a snapshot and read back with a parser of its own kind. See tests/README.md.

mod common;
mod github;
mod html;
mod junit;
mod sarif;
