//! The sign-off report (`--format html`), read as a DOM with `scraper` (html5ever, the parser of
//! Servo): what a committee member sees, not strings of the file. The browser test
//! (`tests/browser.rs`) prints it with Chromium and reads the PDF.

use scraper::{ElementRef, Html, Selector};

use crate::common::{PARIS_BASELINE, PARIS_WAIVERS, check, checks, garant, root};

fn html_of(name: &str) -> (Html, String, i32) {
    let (_, args) = checks()
        .into_iter()
        .find(|(n, _)| *n == name)
        .expect("a named check");
    let (text, status) = check("html", &args);
    (Html::parse_document(&text), text, status)
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).expect("a valid selector");
    doc.select(&selector).collect()
}

/// The text of an element, its whitespace collapsed as a browser shows it.
fn text(e: &ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of a table row, its cells apart.
fn row(e: &ElementRef) -> String {
    let cells = select_in(e, "td, th");
    cells.iter().map(text).collect::<Vec<_>>().join(" ")
}

fn one(doc: &Html, css: &str) -> String {
    let found = select(doc, css);
    assert_eq!(found.len(), 1, "exactly one `{css}`");
    text(&found[0])
}

/// The result shown for `rule` in the table of rules.
fn result_of(doc: &Html, rule: &str) -> String {
    let rows = select(doc, "table.rules tr");
    let row = rows
        .iter()
        .find(|r| select_in(r, ".id").first().is_some_and(|a| text(a) == rule))
        .unwrap_or_else(|| panic!("a row for {rule}"));
    text(&select_in(row, ".result")[0])
}

fn select_in<'a>(e: &ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).expect("a valid selector");
    e.select(&selector).collect()
}

fn json_receipt(args: &[&str]) -> serde_json::Value {
    let (text, _) = check("json", args);
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    doc["receipt"].clone()
}

#[test]
fn the_verdict_comes_first_and_counts_only_what_is_not_waived() {
    let (doc, _, status) = html_of("waived");
    assert_eq!(status, 1);
    assert_eq!(
        one(&doc, "#verdict .text"),
        "2 errors and 0 warnings (1 waived)"
    );
    assert_eq!(select(&doc, ".verdict.breaches").len(), 1);
    let first = select(&doc, "body > *")[0];
    assert_eq!(
        first.value().name(),
        "header",
        "the verdict is in the first block"
    );
    assert!(one(&doc, "title").contains("2 errors and 0 warnings (1 waived)"));
}

#[test]
fn what_was_checked_gives_the_dataset_in_one_line() {
    let (doc, _, _) = html_of("waived");
    let facts = text(&select(&doc, "#checked")[0]);
    assert!(
        facts.contains("2818 records in 16 files: 3 promotions, 309 members"),
        "{facts}"
    );
    assert!(facts.contains("31 rules in 10 rule files"), "{facts}");
    assert!(facts.contains(PARIS_WAIVERS), "{facts}");
    assert!(facts.contains("1 new, 2 known, 1 resolved"), "{facts}");
}

#[test]
fn every_rule_is_listed_by_area_with_its_result() {
    let (doc, _, _) = html_of("waived");
    let ids: Vec<String> = select(&doc, "table.rules .id").iter().map(text).collect();
    assert_eq!(ids.len(), 31, "every rule of the regulation once");
    let linked: Vec<String> = select(&doc, "table.rules .id a").iter().map(text).collect();
    assert_eq!(
        linked,
        ["COU-RESPONSE", "IND-AMOUNT", "IND-ACTIVE"],
        "rules with findings link to them"
    );
    let areas: Vec<String> = select(&doc, "#rules h3").iter().map(text).collect();
    assert_eq!(
        areas.first().map(String::as_str),
        Some("Membership and eligibility")
    );
    assert!(areas.contains(&"Indemnities".to_string()), "{areas:?}");
    assert_eq!(result_of(&doc, "IND-AMOUNT"), "waived (1)");
    assert_eq!(result_of(&doc, "IND-ACTIVE"), "1 finding");
    assert_eq!(result_of(&doc, "COU-RESPONSE"), "1 finding");
    assert_eq!(result_of(&doc, "MEM-AGE"), "passed");
}

fn finding<'a>(doc: &'a Html, rule: &str) -> ElementRef<'a> {
    let cards = select(doc, "article.finding");
    *cards
        .iter()
        .find(|c| text(&select_in(c, ".head .rule")[0]) == rule)
        .unwrap_or_else(|| panic!("a finding of {rule}"))
}

#[test]
fn a_finding_shows_its_data_lines_values_and_provision() {
    let (doc, _, _) = html_of("waived");
    assert_eq!(select(&doc, "article.finding").len(), 3);
    let card = finding(&doc, "IND-ACTIVE");
    let all = text(&card);
    assert!(all.contains("IND-01998 pays P3-057 for 2024-12-07, a day the member was not active"));
    assert!(all.contains("cases/paris/data/indemnities/P3.yaml:224:5"));
    let at = select_in(&card, "table.data tr.at td.n");
    assert_eq!(at.iter().map(text).collect::<Vec<_>>(), ["224"]);
    let numbers: Vec<String> = select_in(&card, "table.data td.n")
        .iter()
        .map(text)
        .collect();
    assert_eq!(numbers, ["223", "224", "225"]);
    assert_eq!(
        select_in(&card, "mark")
            .iter()
            .map(text)
            .collect::<Vec<_>>(),
        ["2024-12-07"]
    );
    let values: Vec<String> = select_in(&card, "table.values tr")
        .iter()
        .map(row)
        .collect();
    assert!(
        values.contains(&"i.member P3-057".to_string()),
        "{values:?}"
    );
    assert!(all.contains("seuls les membres en fonction sont indemnisés"));
    assert!(all.contains("rules/70-indemnities.garant:12"));
}

#[test]
fn a_parameter_shows_the_date_its_value_is_in_force_from() {
    let (doc, _, _) = html_of("waived");
    let card = finding(&doc, "IND-AMOUNT");
    let values: Vec<String> = select_in(&card, "table.values tr")
        .iter()
        .map(row)
        .collect();
    let values = values.join("\n");
    assert!(
        values.contains("44.00 EUR parameter `indemnity_per_half_day` read on 2023-11-18, value in force from 2021-10-01"),
        "{values}"
    );
    assert_eq!(
        select_in(&card, "mark")
            .iter()
            .map(text)
            .collect::<Vec<_>>(),
        ["44.00"]
    );
}

#[test]
fn a_waived_finding_carries_its_waiver() {
    let (doc, _, _) = html_of("waived");
    let card = finding(&doc, "IND-AMOUNT");
    assert!(card.value().classes().any(|c| c == "waived"));
    let waiver = text(&select_in(&card, ".waiver")[0]);
    assert!(waiver.starts_with("Waived by W-2025-01, approved by Committee of Guarantee, session of 2024-02-03 on 2024-02-03, until 2026-01-01."));
    assert!(waiver.contains("the missing 44.00 EUR was paid on 2024-01-20 (receipt 2024-117)"));
    let table = text(&select(&doc, "#waivers table")[0]);
    assert!(table.contains("W-2025-01"));
    assert!(table.contains("IND-AMOUNT on IND-01214"));
}

#[test]
fn the_changes_since_the_baseline_are_new_known_and_resolved() {
    let (doc, _, _) = html_of("waived");
    let changes = &select(&doc, "#changes")[0];
    assert!(text(changes).contains("1 new, 2 known, 1 resolved."));
    let rows: Vec<String> = select_in(changes, "table tr").iter().map(row).collect();
    assert_eq!(
        rows,
        [
            "Rule Record Message",
            "IND-ACTIVE IND-01998 IND-01998 pays P3-057 for 2024-12-07, a day the member was not active",
            "Rule Record Message Where it was",
            "MEM-PARIS P1-003 P1-003 resides in Lyon, not in Paris cases/paris/data/members/P1.yaml:6:5",
        ]
    );
    let tags = |rule| {
        select_in(&finding(&doc, rule), ".tag")
            .iter()
            .map(text)
            .collect::<Vec<_>>()
    };
    assert_eq!(tags("IND-ACTIVE"), ["new"]);
    assert_eq!(tags("IND-AMOUNT"), ["waived", "known"]);
}

#[test]
fn the_receipt_is_that_of_the_json_report() {
    let (_, args) = checks().into_iter().find(|(n, _)| *n == "waived").unwrap();
    let receipt = json_receipt(&args);
    let (doc, _, _) = html_of("waived");
    let rows: Vec<String> = select(&doc, "#receipt tr").iter().map(row).collect();
    let shown = rows.join("\n");
    for hash in [&receipt["rules"]["sha256"], &receipt["data"]["sha256"]] {
        assert!(
            shown.contains(hash.as_str().unwrap()),
            "{hash} in the receipt"
        );
    }
    for file in receipt["data"]["files"].as_array().unwrap() {
        let row = format!(
            "{} {} {}",
            file["path"].as_str().unwrap(),
            file["records"],
            file["sha256"].as_str().unwrap()
        );
        assert!(shown.contains(&row), "{row}");
    }
    let baseline: serde_json::Value =
        serde_json::from_str(&crate::common::read(&root().join(PARIS_BASELINE))).unwrap();
    assert!(shown.contains(baseline["receipt"]["data"]["sha256"].as_str().unwrap()));
}

#[test]
fn the_sign_off_block_is_left_blank_to_fill_in_by_hand() {
    let (doc, _, _) = html_of("waived");
    let block = &select(&doc, "#signoff")[0];
    let heads: Vec<String> = select_in(block, "table.sign th").iter().map(text).collect();
    assert_eq!(heads, ["Name", "Role", "Date", "Signature"]);
    let blank = select_in(block, "table.sign tr")
        .iter()
        .filter(|r| text(r).is_empty())
        .count();
    assert!(blank >= 4, "{blank} blank rows");
}

#[test]
fn the_report_is_self_contained() {
    for (name, _) in checks() {
        let (doc, raw, _) = html_of(name);
        assert!(
            select(&doc, "script, link, img, iframe, object, embed").is_empty(),
            "{name}"
        );
        assert!(select(&doc, "[src]").is_empty(), "{name}");
        for a in select(&doc, "a[href]") {
            assert!(
                a.value().attr("href").is_some_and(|h| h.starts_with('#')),
                "{name}"
            );
        }
        assert!(!raw.contains("url("), "{name}: nothing fetched from CSS");
        assert!(!raw.contains("@import"), "{name}");
    }
}

#[test]
fn every_anchor_points_at_an_element_of_the_report() {
    let (doc, _, _) = html_of("waived");
    for a in select(&doc, "a[href]") {
        let id = a.value().attr("href").unwrap().trim_start_matches('#');
        assert_eq!(select(&doc, &format!("[id=\"{id}\"]")).len(), 1, "#{id}");
    }
}

#[test]
fn a_clean_check_says_clean() {
    let (doc, _, status) = html_of("clean");
    assert_eq!(status, 0);
    assert_eq!(one(&doc, "#verdict .text"), "clean");
    assert!(
        select(&doc, "table.rules .result")
            .iter()
            .all(|r| text(r) == "passed")
    );
    assert!(select(&doc, "article.finding").is_empty());
}

#[test]
fn data_errors_make_the_report_unsignable() {
    let (doc, _, status) = html_of("data-errors");
    assert_eq!(status, 2);
    assert_eq!(one(&doc, "#verdict .text"), "incomplete: cannot be signed");
    assert_eq!(select(&doc, ".verdict.incomplete").len(), 1);
    assert!(
        select(&doc, "table.rules .result")
            .iter()
            .all(|r| text(r) == "not checked")
    );
    let problems: Vec<String> = select(&doc, "#problems article .rule")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        problems,
        [
            "DATA-UNKNOWN-FIELD",
            "DATA-SYNTAX",
            "DATA-INVALID-VALUE",
            "DATA-INVALID-VALUE"
        ]
    );
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let (_, args) = checks().into_iter().find(|(n, _)| *n == "waived").unwrap();
    assert_eq!(check("html", &args).0, check("html", &args).0);
}

/// A folder holding a copy of a case's files, removed when dropped.
struct Scratch(std::path::PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch(name: &str, files: &[(&str, String)]) -> Scratch {
    let dir = std::env::temp_dir().join(format!("garant-html-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    Scratch(dir)
}

/// The sign-off report of the data in `dir`, as of 2023-12-31.
fn html_of_folder(dir: &Scratch) -> (Html, String) {
    let path = dir.0.to_str().expect("a UTF-8 path");
    let args = ["check", "--as-of", "2023-12-31", "--format", "html", path];
    let raw = String::from_utf8(garant(&args).stdout).expect("UTF-8");
    (Html::parse_document(&raw), raw)
}

const MONTREUIL: &str = "cases/MEM-PARIS/resident-of-montreuil";

#[test]
fn text_from_the_data_is_shown_as_text() {
    let base = crate::common::read(&root().join(MONTREUIL).join("base.yaml"));
    let data = crate::common::read(&root().join(MONTREUIL).join("data.yaml")).replace(
        "city: Montreuil",
        "city: \"<script>alert('x')</script> & \\e[2J\"",
    );
    let dir = scratch("escape", &[("base.yaml", base), ("data.yaml", data)]);
    let (doc, raw) = html_of_folder(&dir);
    assert!(select(&doc, "script").is_empty());
    let card = text(&finding(&doc, "MEM-PARIS"));
    assert!(
        card.contains("resides in <script>alert('x')</script> & \\u{1b}[2J, not in Paris"),
        "{card}"
    );
    assert!(
        !raw.contains('\u{1b}'),
        "no control character reaches the document"
    );
}

#[test]
fn thousands_of_findings_keep_the_first_of_each_rule_in_full_and_list_the_rest() {
    let base = crate::common::read(&root().join(MONTREUIL).join("base.yaml"));
    let mut data = crate::common::read(&root().join(MONTREUIL).join("data.yaml"));
    let moved = base.replace("city: Paris", "city: Lyon");
    data.push_str("# every member of base.yaml now lives in Lyon\n");
    let dir = scratch("many", &[("base.yaml", moved), ("data.yaml", data)]);
    let (doc, _) = html_of_folder(&dir);
    let count: usize = result_of(&doc, "MEM-PARIS")
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(count > 60, "{count} findings");
    let full = select(&doc, "#findings article.finding")
        .iter()
        .filter(|c| text(&select_in(c, ".head .rule")[0]) == "MEM-PARIS")
        .count();
    assert_eq!(full, 50);
    let rows = select(&doc, "#findings table.rest tr[id]").len();
    assert_eq!(full + rows, count, "every finding is in the report");
}

/// The whole document of the Paris check with its waiver and baseline, the commit garant was
/// built from written `COMMIT`. Read it as a committee member would: the verdict, the three
/// findings with their lines and values, the waiver, the changes, the receipt.
#[test]
fn the_sign_off_report_of_the_paris_example() {
    let (_, args) = checks().into_iter().find(|(n, _)| *n == "waived").unwrap();
    let (text, _) = check("html", &args);
    let commit = json_receipt(&args)["garant"]["commit"].clone();
    let text = match commit.as_str() {
        Some(c) => text.replace(c, "COMMIT"),
        None => text,
    };
    insta::assert_snapshot!(text);
}
