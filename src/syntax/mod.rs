//! Stage 1: rule files' text to the AST ([`ast`]), with a location on every node.
//!
//! [`parse_file_all`] reads one file; each item that does not follow `grammar/garant.pest` gives
//! a [`ParseError`] at the point where the grammar cannot go on, worded for a lawyer, and the
//! reading goes on at the next item.

pub mod ast;
mod errors;
mod parser;
mod slips;
mod steps;

pub use errors::{ParseCode, ParseError, human_name};
pub use parser::{Grammar, MONTHS, Rule, parse_file, parse_file_all};
