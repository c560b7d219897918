//! Differential testing of the two YAML readers: the fast reader of the plain block style
//! ([`super::fast`]) and granit-parser ([`super::yaml::parse_granit`]).
//!
//! The verdict on a data file must not depend on which reader ran. The fast reader may decline
//! a text (granit-parser then reads it); when it does not, it must give granit-parser's tree,
//! node for node and location for location, or, if it ever reports an error, an error of the
//! same kind as granit-parser's. [`compare_readers`] checks exactly that, for the property test
//! `tests/yaml_differential.rs` and the fuzz target `fuzz/fuzz_targets/data.rs`.

use super::direct::Direct;
use super::load::{Part, Reuse, Ways, read_text_by};
use super::yaml::{Sink, Streamed, Tree, TreeError, YKind, parse_granit};
use crate::check::ir::Schema;

/// How the readers agreed on a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    /// The fast reader declined the text: granit-parser alone reads it.
    Declined,
    /// Both gave the same tree.
    SameTree,
    /// Both gave an error of the same kind.
    SameError,
}

/// Runs both readers on `text` and gives `Err` with the first difference when the fast reader
/// did not decline and disagrees with granit-parser:
///
/// - both give a tree, and the trees differ (a node's kind, text, plain style, tag, location
///   — line, column, byte start and end — or the root), walked from the root;
/// - the fast reader, streaming (as the loader reads it), hands over other nodes than those of
///   its tree below the top-level mapping, or a list's length other than its tree's;
/// - the fast reader gives a tree where granit-parser gives an error, or the reverse;
/// - both give an error, of different kinds (syntax, limit, shape).
///
/// Otherwise `Ok`, with how they agreed.
pub fn compare_readers(text: &str) -> Result<Agreement, String> {
    let Some(fast) = super::fast::parse(text, 0) else {
        return Ok(Agreement::Declined);
    };
    match (fast, parse_granit(text, 0)) {
        (Ok(f), Ok(s)) => compare_trees(&f, &s)
            .and_then(|()| compare_stream(text, &f))
            .map(|()| Agreement::SameTree),
        (Ok(_), Err(e)) => Err(format!(
            "the fast reader gave a tree where granit-parser gives {}",
            describe_error(&e)
        )),
        (Err(e), Ok(_)) => Err(format!(
            "the fast reader gave {} where granit-parser gives a tree",
            describe_error(&e)
        )),
        (Err(f), Err(s)) if kind(&f) != kind(&s) => Err(format!(
            "the fast reader gave {} where granit-parser gives {}",
            describe_error(&f),
            describe_error(&s)
        )),
        (Err(_), Err(_)) => Ok(Agreement::SameError),
    }
}

/// Loads `text` (file 0) both ways, the direct path ([`super::direct`]) and the tree path, with
/// `schema`, and gives `Err` with the first difference:
///
/// - the direct path did not give up, and the tree path reports an error or gives other
///   records: another part (collection, number of records), another id, value or location;
/// - the direct path gave up on a text that the fast reader reads and the tree path loads
///   without error (it gives up only where there is something to report).
///
/// Otherwise `Ok`, true when the direct path read the text.
pub fn compare_loaders(text: &str, schema: &Schema) -> Result<bool, String> {
    let mut texts = Default::default();
    let spares = Default::default();
    let direct = super::fast::read(text, 0, Direct::new(schema, &mut texts, &spares));
    let bytes = text.as_bytes().to_vec();
    let mut reuse = Reuse {
        texts: Default::default(),
        spares: &spares,
    };
    let trees = read_text_by(
        "compared.yaml",
        bytes,
        0,
        schema,
        false,
        Ways::Trees,
        &mut reuse,
    );
    let Some(direct) = direct else {
        let fast = super::fast::parse(text, 0).is_some_and(|t| t.is_ok());
        if fast && trees.errors.is_empty() {
            return Err("the direct path gave up on a text loaded without error".into());
        }
        return Ok(false);
    };
    if let Some(e) = trees.errors.first() {
        let (code, message) = (e.code, &e.message);
        return Err(format!(
            "the direct path read a text where the loader reports {code}: {message}"
        ));
    }
    if direct.parts.len() != trees.parts.len() {
        let (d, t) = (direct.parts.len(), trees.parts.len());
        return Err(format!("the direct path gave {d} parts, the tree path {t}"));
    }
    for (k, (d, t)) in direct.parts.iter().zip(&trees.parts).enumerate() {
        compare_parts(d, t, schema).map_err(|e| format!("part {k}: {e}"))?;
    }
    Ok(true)
}

/// The first difference between two parts, in their collection, ids, values and locations.
fn compare_parts(direct: &Part, trees: &Part, schema: &Schema) -> Result<(), String> {
    if direct.collection != trees.collection {
        return Err("another collection".into());
    }
    let field = schema.collections[direct.collection].id_field;
    let ids = |p: &Part| -> Vec<Option<String>> {
        let id = |k| p.id(k, field).map(str::to_string);
        (0..p.records.len()).map(id).collect()
    };
    let (d, t) = (ids(direct), ids(trees));
    if d != t {
        return Err(format!("ids {d:?} and {t:?}"));
    }
    let (d, t) = (
        format!("{:?}", direct.records),
        format!("{:?}", trees.records),
    );
    if d != t {
        return Err(format!("records {d} and {t}"));
    }
    Ok(())
}

fn kind(e: &TreeError) -> &'static str {
    match e {
        TreeError::Syntax(..) => "a syntax error",
        TreeError::Limit(..) => "a limit error",
        TreeError::Shape(..) => "a shape error",
    }
}

fn describe_error(e: &TreeError) -> String {
    let (TreeError::Syntax(m, l) | TreeError::Limit(m, l) | TreeError::Shape(m, l)) = e;
    format!(
        "{} at {}:{} (bytes {}..{}): {m}",
        kind(e),
        l.line,
        l.col,
        l.start,
        l.end
    )
}

/// The nodes the fast reader hands over when it streams, each described with all below it.
#[derive(Default)]
struct Described(Vec<String>);

impl<'a> Sink<'a> for Described {
    const STREAM: bool = true;
    fn take(&mut self, tree: &Tree<'a>, node: Streamed) {
        self.0.push(match node {
            Streamed::Top(i) | Streamed::Item(i) => describe_all(tree, i),
            Streamed::List(items) => format!("a streamed list of {items}"),
        });
    }
}

/// Whether streaming `text` hands over the nodes of `tree` (the fast reader's) below the
/// top-level mapping: its keys, its values but lists, and for a list its length, then its items.
fn compare_stream(text: &str, tree: &Tree<'_>) -> Result<(), String> {
    let streamed = super::fast::stream(text, 0, Described::default())
        .ok_or("the fast reader declines to stream what it reads")?;
    let mut whole = Vec::new();
    let root = tree.root.and_then(|r| tree.nodes.get(r as usize));
    if let Some(YKind::Map { start, len }) = root.map(|r| &r.kind) {
        for &[k, v] in tree.pairs(*start, *len) {
            whole.push(describe_all(tree, k));
            match tree.nodes.get(v as usize).map(|n| &n.kind) {
                Some(YKind::Seq { start, len }) => {
                    whole.push(format!("a streamed list of {len}"));
                    let items = tree.items(*start, *len);
                    whole.extend(items.iter().map(|&i| describe_all(tree, i)));
                }
                _ => whole.push(describe_all(tree, v)),
            }
        }
    }
    match whole.iter().zip(&streamed.0).position(|(w, s)| w != s) {
        None if whole.len() == streamed.0.len() => Ok(()),
        at => {
            let at = at.unwrap_or(whole.len().min(streamed.0.len()));
            let none = String::from("nothing");
            Err(format!(
                "streamed node {at}: {}; in the tree {}",
                streamed.0.get(at).unwrap_or(&none),
                whole.get(at).unwrap_or(&none)
            ))
        }
    }
}

/// Node `i` and all below it, described.
fn describe_all(tree: &Tree<'_>, i: u32) -> String {
    let mut text = describe(tree, i);
    let below = match tree.nodes.get(i as usize).map(|n| &n.kind) {
        Some(YKind::Seq { start, len } | YKind::Map { start, len }) => tree.items(*start, *len),
        _ => &[],
    };
    for &c in below {
        text.push_str(" (");
        text.push_str(&describe_all(tree, c));
        text.push(')');
    }
    text
}

fn compare_trees(fast: &Tree<'_>, slow: &Tree<'_>) -> Result<(), String> {
    match (fast.root, slow.root) {
        (Some(f), Some(s)) => compare_nodes(fast, slow, f, s, "root"),
        (None, None) => Ok(()),
        (f, s) => Err(format!(
            "the root differs: fast reader {}, granit-parser {}",
            if f.is_some() { "a node" } else { "none" },
            if s.is_some() { "a node" } else { "none" },
        )),
    }
}

/// One node, described for a message: its kind with its text or size, tag and location.
fn describe(tree: &Tree<'_>, i: u32) -> String {
    let Some(n) = tree.nodes.get(i as usize) else {
        return format!("node {i} (missing)");
    };
    let what = match &n.kind {
        YKind::Scalar { text, plain } => {
            format!(
                "{} scalar {text:?}",
                if *plain { "plain" } else { "quoted" }
            )
        }
        YKind::Seq { len, .. } => format!("list of {len}"),
        YKind::Map { len, .. } => format!("mapping of {}", len / 2),
    };
    let l = n.loc;
    format!(
        "{what}, tag {:?}, at line {} col {} bytes {}..{}",
        n.tag, l.line, l.col, l.start, l.end
    )
}

fn compare_nodes(
    fast: &Tree<'_>,
    slow: &Tree<'_>,
    f: u32,
    s: u32,
    path: &str,
) -> Result<(), String> {
    let differ = || {
        format!(
            "at {path}: fast reader {}; granit-parser {}",
            describe(fast, f),
            describe(slow, s)
        )
    };
    let (Some(fnode), Some(snode)) = (fast.nodes.get(f as usize), slow.nodes.get(s as usize))
    else {
        return Err(differ());
    };
    if fnode.loc != snode.loc || fnode.tag != snode.tag {
        return Err(differ());
    }
    match (&fnode.kind, &snode.kind) {
        (
            YKind::Scalar {
                text: ft,
                plain: fp,
            },
            YKind::Scalar {
                text: st,
                plain: sp,
            },
        ) if ft == st && fp == sp => Ok(()),
        (YKind::Seq { start: fs, len: fl }, YKind::Seq { start: ss, len: sl }) if fl == sl => {
            let pairs = fast.items(*fs, *fl).iter().zip(slow.items(*ss, *sl));
            for (n, (a, b)) in pairs.enumerate() {
                compare_nodes(fast, slow, *a, *b, &format!("{path}/{n}"))?;
            }
            Ok(())
        }
        (YKind::Map { start: fs, len: fl }, YKind::Map { start: ss, len: sl }) if fl == sl => {
            let pairs = fast.pairs(*fs, *fl).iter().zip(slow.pairs(*ss, *sl));
            for (n, ([fk, fv], [sk, sv])) in pairs.enumerate() {
                compare_nodes(fast, slow, *fk, *sk, &format!("{path}/key {n}"))?;
                let key = match &fast.nodes.get(*fk as usize).map(|k| &k.kind) {
                    Some(YKind::Scalar { text, .. }) => text.to_string(),
                    _ => format!("key {n}"),
                };
                compare_nodes(fast, slow, *fv, *sv, &format!("{path}/{key}"))?;
            }
            Ok(())
        }
        _ => Err(differ()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::yaml::parse_granit;
    use super::{Agreement, compare_readers, compare_trees};

    fn trees_differ(a: &str, b: &str) -> Result<(), String> {
        let (Ok(a), Ok(b)) = (parse_granit(a, 0), parse_granit(b, 0)) else {
            return Err("a sample does not parse".into());
        };
        compare_trees(&a, &b)
    }

    #[test]
    fn a_difference_is_reported_with_its_place() {
        assert_eq!(trees_differ("a: [x, y]\n", "a: [x, y]\n"), Ok(()));
        let text = trees_differ("a: [x, y]\n", "a: [x, z]\n").unwrap_err();
        assert!(text.starts_with("at root/a/1: "), "{text}");
        assert!(text.contains("plain scalar \"y\""), "{text}");
        let moved = trees_differ("a: x\n", "a:  x\n").unwrap_err();
        assert!(
            moved.contains("col 4") && moved.contains("col 5"),
            "{moved}"
        );
        let tagged = trees_differ("a: x\n", "a: !!str x\n").unwrap_err();
        assert!(tagged.contains("Str"), "{tagged}");
        let kind = trees_differ("a: x\n", "a: [x]\n").unwrap_err();
        assert!(kind.contains("list of 1"), "{kind}");
        let root = trees_differ("# nothing\n", "a: x\n").unwrap_err();
        assert!(root.starts_with("the root differs"), "{root}");
    }

    #[test]
    fn agreeing_and_declined_texts_are_ok() {
        let same = compare_readers("a: 1\nb:\n  - { x: 1 }\n");
        assert_eq!(same, Ok(Agreement::SameTree));
        // The fast reader declines anchors: nothing to compare.
        let declined = compare_readers("a: &x 1\nb: *x\n");
        assert_eq!(declined, Ok(Agreement::Declined));
    }
}
