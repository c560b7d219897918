//! The one place where layout counts: a check's requirements nested under `when COND:` by the
//! column they start at, as Python nests statements.
//!
//! The grammar reads a check's items one after the other: requirements (with or without their
//! own `when`) and block headers `when COND:`. A header covers the items after it that start
//! deeper than its `when`, up to the first item at its column or less. Two layouts are errors,
//! since the reader would take them for what they are not: a header with nothing indented under
//! it, and an item indented under a single-form `when` (without a colon), which covers only the
//! next `require`.

use super::ast::{Expr, Requirement, Step};
use super::errors::ParseError;
use crate::loc::{Loc, Node};

type Result<T> = std::result::Result<T, Box<ParseError>>;

/// A check's item as the grammar reads it, before nesting.
pub(super) enum FlatStep {
    Require(Node<Requirement>),
    /// `when COND:`: the condition, and where the header is written.
    Header(Expr, Loc),
}

impl FlatStep {
    fn loc(&self) -> &Loc {
        match self {
            FlatStep::Require(r) => &r.loc,
            FlatStep::Header(_, loc) => loc,
        }
    }

    /// The column (in characters, from 1) the item starts at.
    fn column(&self) -> usize {
        let loc = self.loc();
        loc.src.line_col(loc.start).1
    }
}

/// Nests a check's items by their columns.
pub(super) fn nest_steps(flat: Vec<FlatStep>) -> Result<Vec<Node<Step>>> {
    let mut items = flat.into_iter().peekable();
    block(&mut items, None)
}

type Items = std::iter::Peekable<std::vec::IntoIter<FlatStep>>;

/// The items deeper than `parent` (all of them at the top), in order.
fn block(items: &mut Items, parent: Option<usize>) -> Result<Vec<Node<Step>>> {
    let mut steps = Vec::new();
    // The column of the previous item when it is a requirement with its own `when`.
    let mut single_when: Option<usize> = None;
    while let Some(item) = items.next_if(|i| parent.is_none_or(|p| i.column() > p)) {
        let column = item.column();
        if let Some(when_column) = single_when.filter(|w| column > *w) {
            return Err(indented_under_single_when(&item, &steps, when_column));
        }
        single_when = None;
        match item {
            FlatStep::Require(r) => {
                single_when = r.node.guard.as_ref().map(|_| column);
                let loc = r.loc.clone();
                steps.push(Node::new(Step::Require(r), loc));
            }
            FlatStep::Header(guard, loc) => steps.push(header(items, guard, loc, column)?),
        }
    }
    Ok(steps)
}

/// A block: its header and the items under it, which must be at least one.
fn header(items: &mut Items, guard: Expr, loc: Loc, column: usize) -> Result<Node<Step>> {
    let steps = block(items, Some(column))?;
    let Some(last) = steps.last() else {
        return Err(ParseError::boxed(
            &first_word(&loc),
            format!(
                "`{}` covers the requirements indented under it, and none is",
                one_line(loc.snippet())
            ),
            Some(
                "indent the requirements it covers deeper than its `when`, or remove the colon \
                 to make it cover the next `require` only"
                    .to_string(),
            ),
        ));
    };
    let all = loc.join(&last.loc);
    Ok(Node::new(Step::When { guard, steps }, all))
}

/// The error of an item indented deeper than the single-form `when` before it.
fn indented_under_single_when(
    item: &FlatStep,
    steps: &[Node<Step>],
    when_column: usize,
) -> Box<ParseError> {
    let guard = match steps.last().map(|s| &s.node) {
        Some(Step::Require(r)) => r.node.guard.as_ref().map(|g| one_line(g.loc.snippet())),
        _ => None,
    };
    let condition = guard.unwrap_or_else(|| "CONDITION".to_string());
    let at = first_word(item.loc());
    let word = at.snippet().to_string();
    ParseError::boxed(
        &at,
        format!(
            "this `{word}` is indented under a `when` without a colon, which covers only the next \
             `require`"
        ),
        Some(format!(
            "to make the `when` cover several requirements, write `when {condition}:` and indent \
             them under it; if this `{word}` does not depend on that condition, align it with the \
             `when` (column {when_column})"
        )),
    )
}

/// The first word of an item (`require` or `when`), to underline.
fn first_word(loc: &Loc) -> Loc {
    let text = loc.snippet();
    let len = text
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(text.len());
    Loc::new(loc.start, loc.start + len, &loc.src)
}

/// A text written over several lines, on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
