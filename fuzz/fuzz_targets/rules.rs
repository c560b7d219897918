//! Rule source: any UTF-8 text is parsed and checked, alone and after the built-in data model,
//! parameters and definitions (as a lawyer's rule file is compiled); no panic, and every parse
//! or check error points inside the text it is about, on character boundaries (miette renders
//! it; a span outside would underline nothing or the wrong text). When the text compiles with
//! the built-in base, the program is run on a small dataset, and its report rendered; the
//! findings and errors must be those of a plain scan (`Dataset::plain_scan`), every index off.

#![no_main]

use std::sync::{Arc, OnceLock};

use garant::check::CheckError;
use garant::loc::Source;
use garant::syntax::{ParseError, ast::File, parse_file_all};
use libfuzzer_sys::fuzz_target;
use miette::{NamedSource, SourceSpan};

/// The parsed `00-schema`, `01-parameters` and `02-definitions` of the built-in regulation.
fn base() -> &'static [File] {
    static BASE: OnceLock<Vec<File>> = OnceLock::new();
    BASE.get_or_init(|| {
        garant::rules::BUILT_IN
            .iter()
            .filter(|(name, _)| name.rsplit('/').next().is_some_and(|f| f.starts_with('0')))
            .map(|(name, text)| {
                let (file, errors) = parse_file_all(&Source::new(*name, *text));
                assert!(errors.is_empty(), "the built-in {name} parses");
                file
            })
            .collect()
    })
}

const DATASET: &[u8] = include_bytes!("dataset.yaml");

/// A span lies inside its source text, on character boundaries.
fn inside(what: &str, src: &NamedSource<Arc<str>>, span: SourceSpan) {
    let text: &str = src.inner();
    let (start, end) = (span.offset(), span.offset() + span.len());
    assert!(
        end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what} error at {start}..{end} outside {} ({} bytes)",
        src.name(),
        text.len()
    );
}

fn parse_errors(errors: &[ParseError]) {
    for e in errors {
        inside("parse", &e.src, e.span);
        garant::report::human::render_diagnostic(e, false);
    }
}

fn check_errors(errors: &[CheckError]) {
    for e in errors {
        inside("check", &e.src, e.span);
        garant::report::human::render_diagnostic(e, false);
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let src = Source::new("fuzz.garant", text);
    let (file, errors) = parse_file_all(&src);
    parse_errors(&errors);
    if let Err(errors) = garant::check::check(std::slice::from_ref(&file)) {
        check_errors(&errors);
    }
    let mut files = base().to_vec();
    files.push(file);
    match garant::check::check(&files) {
        Err(errors) => check_errors(&errors),
        Ok(program) if errors.is_empty() => {
            let (mut dataset, data_errors) =
                garant::data::load_bytes("dataset.yaml", DATASET.to_vec(), &program.schema);
            if !data_errors.is_empty() {
                return;
            }
            let as_of = chrono::NaiveDate::from_ymd_opt(2024, 6, 30).unwrap_or_default();
            dataset.plain_scan = true;
            let scanned = garant::eval::evaluate(&program, &dataset, as_of);
            dataset.plain_scan = false;
            let (findings, eval_errors) = garant::eval::evaluate(&program, &dataset, as_of);
            assert_eq!(
                format!("{:?}", (&findings, &eval_errors)),
                format!("{scanned:?}"),
                "the indexes change the answer"
            );
            for e in &eval_errors {
                let text: &str = &e.loc.src.text;
                assert!(
                    e.loc.end <= text.len(),
                    "evaluation error outside its rule file"
                );
            }
            let report = garant::report::Report::new(
                as_of,
                &program,
                &dataset,
                findings,
                Vec::new(),
                eval_errors,
            );
            garant::report::human::render(&report, false);
            garant::report::json::render(&report);
        }
        Ok(_) => {}
    }
});
