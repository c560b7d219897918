//! Inputs the fuzz targets found (`fuzz/README.md`), kept in `fuzz/regressions/<target>/` and
//! replayed here, each as a named test of what garant should do with it. A bug that is not
//! fixed yet has its test `#[ignore]`d with the reason; `cargo test -- --ignored` shows them.
//! Divergences of the two YAML readers are in `tests/yaml_differential.rs` instead.

use std::path::Path;

fn regression(target: &str, name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target)
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn schema() -> garant::check::ir::Schema {
    garant::rules::built_in()
        .unwrap_or_else(|_| panic!("the built-in rules compile"))
        .schema
}

/// `\r\0`: a NUL byte after a carriage return without a line feed.
#[test]
fn a_nul_byte_after_a_lone_carriage_return_is_a_syntax_error() {
    let bytes = regression("data", "lone-cr-line-column.yaml");
    let (_, errors) = garant::data::load_bytes("data.yaml", bytes, &schema());
    let codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["DATA-SYNTAX"]);
}

/// granit-parser counts a lone CR as a line break, and so do garant's sources (as miette does).
#[test]
fn an_error_after_a_lone_carriage_return_is_placed_at_its_byte() {
    let bytes = regression("data", "lone-cr-line-column.yaml");
    let (data, errors) = garant::data::load_bytes("data.yaml", bytes, &schema());
    let e = &errors[0];
    let source = data.files[0]
        .source()
        .unwrap_or_else(|| panic!("the file has a source"));
    assert_eq!(
        source.line_col(e.loc.start as usize),
        (e.loc.line as usize, e.loc.col as usize)
    );
}
