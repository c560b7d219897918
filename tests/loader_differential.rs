//! The loader's two paths give the same records: the direct path (`src/data/direct.rs`), which
//! builds the records of a clean file straight from the fast reader, and the tree path, which
//! reports every error. On every YAML file of the repository, then on thousands of their
//! mutations, `compare_loaders` must find no difference, and the direct path must read every
//! text that the tree path loads without error. See tests/README.md.

mod common;

use std::sync::OnceLock;

use garant::check::ir::Schema;
use garant::data::compare_loaders;

fn schema() -> &'static Schema {
    static PROGRAM: OnceLock<garant::check::ir::Program> = OnceLock::new();
    let program = PROGRAM.get_or_init(|| {
        garant::rules::built_in().unwrap_or_else(|_| panic!("the built-in rules compile"))
    });
    &program.schema
}

/// Whether the direct path read `text`; a panic naming `what` at a difference.
fn direct_reads(what: &str, text: &str) -> bool {
    compare_loaders(text, schema()).unwrap_or_else(|e| panic!("{what}: {e}\ntext: {text:?}"))
}

#[test]
fn every_yaml_file_of_the_repository_loads_alike_both_ways() {
    let (files, texts) = common::repository_texts();
    let direct = (texts.iter())
        .filter(|(f, t)| direct_reads(&f.display().to_string(), t))
        .count();
    eprintln!("{direct} of {} files read by the direct path", texts.len());
    assert!(files > 100, "only {files} YAML files found");
    // Most scenario data is clean: the comparison must be exercised.
    assert!(
        direct * 3 > texts.len(),
        "only {direct} of {} files were read by the direct path",
        texts.len()
    );
}

/// A pseudo-random number below `n`, from a fixed seed (a linear congruential generator).
fn next(state: &mut u64, n: usize) -> usize {
    *state = state
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    ((*state >> 33) as usize) % n.max(1)
}

/// Values a field might wrongly or rightly hold, put in place of another.
const VALUES: [&str; 16] = [
    "~",
    "null",
    "2024-02-30",
    "2024-01-01",
    "-1",
    "0",
    "44.00",
    "44.005",
    "\"44.00\"",
    "FR",
    "fr",
    "P1-001",
    "[]",
    "{ country: FR, city: Paris }",
    "{}",
    "yes",
];

/// `text` changed once: a line removed, repeated or moved, a value replaced, a key renamed.
fn mutate(text: &str, state: &mut u64) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.is_empty() {
        return String::new();
    }
    let at = next(state, lines.len());
    match next(state, 5) {
        0 => {
            lines.remove(at);
        }
        1 => lines.insert(at, lines[at].clone()),
        2 => {
            let line = lines.remove(at);
            let to = next(state, lines.len() + 1);
            lines.insert(to, line);
        }
        3 => {
            if let Some(colon) = lines[at].find(": ") {
                let value = VALUES[next(state, VALUES.len())];
                lines[at] = format!("{}: {value}", &lines[at][..colon]);
            }
        }
        _ => {
            if let Some(colon) = lines[at].find(':') {
                lines[at].insert(colon, 'x');
            }
        }
    }
    lines.join("\n") + "\n"
}

#[test]
fn mutated_data_files_load_alike_both_ways() {
    let (_, texts) = common::repository_texts();
    let mut state = 0x6761_7261_6e74;
    let (mut direct, mut total) = (0, 0);
    for (file, text) in &texts {
        for round in 0..12 {
            let changed = mutate(text, &mut state);
            let what = format!("{} changed ({round})", file.display());
            direct += usize::from(direct_reads(&what, &changed));
            total += 1;
        }
    }
    eprintln!("{direct} of {total} changed files read by the direct path");
    // Both outcomes must be common, or the comparison says little.
    assert!(direct * 5 > total, "only {direct} of {total} read directly");
    assert!(
        (total - direct) * 5 > total,
        "{direct} of {total} read directly"
    );
}

/// A clean text, then one text for each thing that makes the direct path give up, each read by
/// the fast reader: each is loaded alike both ways, the clean ones directly, the others by the
/// tree path, which reports them.
#[test]
fn the_direct_path_gives_up_at_each_thing_the_loader_reports() {
    let clean = "council_groups:\n  - { id: G1, name: Verts, from: 2020-07-01 }\n";
    assert!(direct_reads("clean", clean));
    let member = |residence: &str| {
        format!(
            "members:\n  - id: P1-001\n    promotion: P1\n    birth_date: 1980-01-01\n    \
             gender: F\n    nationality: FR\n    residence: {residence}\n    \
             channel: electoral_roll\n    joined_on: 2023-06-01\n"
        )
    };
    assert!(direct_reads(
        "a nested mapping",
        &member("{ country: FR, city: Lyon }")
    ));
    let given_up = [
        ("an unknown collection", "council_group:\n  - { id: G1 }\n".to_string()),
        (
            "a collection named twice",
            "council_groups: []\ncouncil_groups: []\n".into(),
        ),
        ("a collection that is a mapping", "council_groups: { id: G1 }\n".into()),
        ("a collection that is a text", "council_groups: G1\n".into()),
        (
            "an unknown field",
            "council_groups:\n  - { id: G1, nom: Verts, from: 2020-07-01 }\n".into(),
        ),
        (
            "a field given twice",
            "council_groups:\n  - { id: G1, id: G2, name: V, from: 2020-07-01 }\n".into(),
        ),
        (
            "a value not of its form",
            "council_groups:\n  - { id: G1, name: Verts, from: 2020-02-30 }\n".into(),
        ),
        (
            "a list as a value",
            "council_groups:\n  - { id: G1, name: [], from: 2020-07-01 }\n".into(),
        ),
        ("a missing field", "council_groups:\n  - { id: G1, name: Verts }\n".into()),
        (
            "a field written null while required",
            "council_groups:\n  - { id: G1, name: ~, from: 2020-07-01 }\n".into(),
        ),
        (
            "a period ending before it starts",
            "council_groups:\n  - { id: G1, name: V, from: 2020-07-01, to: 2020-01-01 }\n".into(),
        ),
        (
            "a field forbidden by another's value",
            "committee:\n  - { id: S1, holder: A, seat: expert, member: P1-001, from: 2024-01-01 }\n"
                .into(),
        ),
        ("a text where a mapping is wanted", member("Lyon")),
        (
            "a field required by another's value in a nested mapping",
            member("{ country: FR, city: Paris }"),
        ),
    ];
    for (what, text) in &given_up {
        // Read by the fast reader, so that it is the direct path that gives up.
        let read = garant::data::compare_readers(text);
        assert_eq!(read, Ok(garant::data::Agreement::SameTree), "{what}");
        assert!(!direct_reads(what, text), "{what}: read directly");
    }
}
