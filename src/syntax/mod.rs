//! Stage 1: rule files' text to the AST ([`ast`]), with a location on every node.
//!
//! [`parse_file`] reads one file; a file that does not follow `grammar/garant.pest` gives one
//! [`ParseError`] at the first point where the grammar cannot go on, worded for a lawyer.

pub mod ast;
mod errors;
mod parser;

pub use errors::{ParseError, human_name};
pub use parser::{Grammar, MONTHS, Rule, parse_file};
