//! A data file: any bytes. If they are UTF-8, the fast YAML reader and granit-parser must agree
//! on them or the fast reader decline them (`garant::data::compare_readers`), and the loader's
//! direct path must give the tree path's records or give up where that reports an error
//! (`garant::data::compare_loaders`). Then the bytes are loaded with the built-in data model,
//! from memory, as a file would be (`garant::data::load_bytes`): no panic, every data error lies
//! inside the text, and when there is none the built-in regulation is evaluated on the records.
//! The report is rendered both ways, as `garant check` would print it.

#![no_main]

use std::sync::OnceLock;

use garant::check::ir::Program;
use libfuzzer_sys::fuzz_target;

fn program() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| match garant::rules::built_in() {
        Ok(p) => p,
        Err(_) => panic!("the built-in regulation compiles"),
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Err(difference) = garant::data::compare_readers(text)
    {
        panic!("the YAML readers disagree: {difference}\ntext: {text:?}");
    }
    let program = program();
    if let Ok(text) = std::str::from_utf8(data)
        && let Err(difference) = garant::data::compare_loaders(text, &program.schema)
    {
        panic!("the loader's two paths disagree: {difference}\ntext: {text:?}");
    }
    let (dataset, errors) = garant::data::load_bytes("fuzz.yaml", data.to_vec(), &program.schema);
    // Each error underlines text of the file as garant shows it (for bytes that are not UTF-8,
    // the text with U+FFFD in place of the bad bytes), on character boundaries.
    for e in &errors {
        let (start, end) = (e.loc.start as usize, e.loc.end as usize);
        assert!(
            e.loc.line >= 1 && e.loc.col >= 1,
            "{} at line 0 or column 0",
            e.code
        );
        let Some(source) = dataset
            .files
            .get(e.loc.file as usize)
            .and_then(|f| f.source())
        else {
            continue;
        };
        let text: &str = &source.text;
        assert!(
            start <= end
                && end <= text.len()
                && text.is_char_boundary(start)
                && text.is_char_boundary(end),
            "{} at {start}..{end} outside the {} bytes of the file's text: {}",
            e.code,
            text.len(),
            e.message
        );
        assert_eq!(
            source.line_col(start),
            (e.loc.line as usize, e.loc.col as usize),
            "{} at {start}: the line and column are not those of its byte",
            e.code
        );
    }
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap_or_default();
    let findings = if errors.is_empty() {
        garant::eval::evaluate(program, &dataset, as_of)
    } else {
        Default::default()
    };
    let (findings, eval_errors) = findings;
    let report =
        garant::report::Report::new(as_of, program, &dataset, findings, errors, eval_errors);
    garant::report::human::render(&report, false);
    garant::report::json::render(&report);
});
