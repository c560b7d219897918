//! The four rules of the first issue, each on small datasets that trigger it and that pass it,
//! at the boundaries the regulation names (29 February birthdays, months ending on the 31st,
//! groups dissolving the day before a plenary session), and the date arithmetic under them.

use std::path::PathBuf;

use chrono::NaiveDate;
use garant::eval::{age, shift};
use garant::syntax::ast::Unit;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

/// The records that rule `rule` reports on `yaml`, checked with the built-in regulation.
fn reported(rule: &str, yaml: &str, as_of: &str) -> Vec<String> {
    let dir =
        std::env::temp_dir().join(format!("garant-rules-{}-{}", std::process::id(), unique()));
    std::fs::create_dir_all(&dir).unwrap_or_default();
    let file = dir.join("data.yaml");
    std::fs::write(&file, yaml).unwrap_or_default();
    let program =
        garant::rules::built_in().unwrap_or_else(|_| panic!("the built-in rules compile"));
    let report = garant::run_check(&program, &[PathBuf::from(&file)], date(as_of));
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        report.complete,
        "data errors: {:?}",
        report
            .entries
            .iter()
            .map(|e| &e.message)
            .collect::<Vec<_>>()
    );
    report
        .entries
        .into_iter()
        .filter(|e| e.rule == rule)
        .filter_map(|e| e.record)
        .collect()
}

fn unique() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[test]
fn age_completes_a_year_born_29_february_on_1_march() {
    assert_eq!(age(date("2008-02-29"), date("2024-02-28")), 15);
    assert_eq!(age(date("2008-02-29"), date("2024-02-29")), 16);
    assert_eq!(age(date("2004-02-29"), date("2022-02-28")), 17);
    assert_eq!(age(date("2004-02-29"), date("2022-03-01")), 18);
    assert_eq!(age(date("2007-06-21"), date("2023-06-20")), 15);
    assert_eq!(age(date("2007-06-20"), date("2023-06-20")), 16);
}

#[test]
fn months_keep_the_day_or_take_the_last_day_of_the_month() {
    assert_eq!(
        shift(date("2023-08-31"), 6, Unit::Months),
        Some(date("2024-02-29"))
    );
    assert_eq!(
        shift(date("2023-08-31"), 18, Unit::Months),
        Some(date("2025-02-28"))
    );
    assert_eq!(
        shift(date("2024-02-29"), 12, Unit::Months),
        Some(date("2025-02-28"))
    );
    assert_eq!(
        shift(date("2023-07-01"), 12, Unit::Months),
        Some(date("2024-07-01"))
    );
    assert_eq!(
        shift(date("2024-03-01"), -1, Unit::Days),
        Some(date("2024-02-29"))
    );
}

fn promotion(drawn: &str) -> String {
    format!(
        "promotions:\n  - {{ id: P1, drawn_on: {drawn}, installed_on: {drawn}, mandate_end: 2026-01-01 }}\n"
    )
}

fn member(id: &str, birth: &str, nationality: &str, channel: &str, joined: &str) -> String {
    format!(
        "  - {{ id: {id}, promotion: P1, birth_date: {birth}, gender: F, nationality: {nationality}, \
         residence: {{ country: FR, city: Paris, arrondissement: 1 }}, channel: {channel}, joined_on: {joined} }}\n"
    )
}

#[test]
fn mem_age_on_a_29_february_birthday() {
    let data = |drawn: &str| {
        format!(
            "{}members:\n{}",
            promotion(drawn),
            member("M1", "2008-02-29", "FR", "minor", drawn)
        )
    };
    assert_eq!(
        reported("MEM-AGE", &data("2024-02-28"), "2024-03-31"),
        ["M1"]
    );
    assert!(reported("MEM-AGE", &data("2024-02-29"), "2024-03-31").is_empty());
}

#[test]
fn mem_age_the_day_before_and_the_day_of_a_16th_birthday() {
    let data = |birth: &str| {
        format!(
            "{}members:\n{}",
            promotion("2023-06-20"),
            member("M1", birth, "FR", "minor", "2023-06-20")
        )
    };
    assert_eq!(
        reported("MEM-AGE", &data("2007-06-21"), "2023-07-01"),
        ["M1"]
    );
    assert!(reported("MEM-AGE", &data("2007-06-20"), "2023-07-01").is_empty());
}

#[test]
fn mem_age_does_not_apply_before_the_regulation() {
    let data = format!(
        "{}members:\n{}",
        promotion("2021-09-30"),
        member("M1", "2010-01-01", "FR", "minor", "2021-09-30")
    );
    assert!(reported("MEM-AGE", &data, "2021-12-31").is_empty());
}

#[test]
fn mem_channel_minor_born_29_february() {
    let data = |drawn: &str| {
        format!(
            "{}members:\n{}",
            promotion(drawn),
            member("M1", "2004-02-29", "FR", "minor", drawn)
        )
    };
    assert!(reported("MEM-CHANNEL", &data("2022-02-28"), "2022-04-01").is_empty());
    assert_eq!(
        reported("MEM-CHANNEL", &data("2022-03-01"), "2022-04-01"),
        ["M1"]
    );
}

#[test]
fn mem_channel_nationality_and_the_eu_set() {
    let data = |nationality: &str, channel: &str| {
        format!(
            "{}members:\n{}",
            promotion("2022-06-01"),
            member("M1", "1990-01-01", nationality, channel, "2022-06-01")
        )
    };
    assert!(reported("MEM-CHANNEL", &data("DE", "electoral_roll"), "2022-07-01").is_empty());
    assert_eq!(
        reported("MEM-CHANNEL", &data("CH", "electoral_roll"), "2022-07-01"),
        ["M1"]
    );
    assert!(reported("MEM-CHANNEL", &data("NO", "non_eu_resident"), "2022-07-01").is_empty());
    assert_eq!(
        reported("MEM-CHANNEL", &data("IT", "non_eu_resident"), "2022-07-01"),
        ["M1"]
    );
}

fn submission(response: Option<&str>) -> String {
    let response = response.map_or(String::new(), |d| {
        format!(", council_response: {{ date: {d}, reference: R-1 }}")
    });
    format!(
        "{}sessions:\n  - {{ id: S1, promotion: P1, kind: plenary, date: 2023-08-31, present: 0 }}\n\
         decisions:\n  - {{ id: D1, session: S1, kind: wish, subject: s, adopted_by: consensus }}\n\
         submissions:\n  - {{ id: W1, decision: D1, kind: wish, submitted_on: 2023-08-31{response} }}\n",
        promotion("2023-06-01")
    )
}

#[test]
fn cou_response_from_the_31st_of_a_month() {
    assert!(
        reported(
            "COU-RESPONSE",
            &submission(Some("2024-02-29")),
            "2024-12-31"
        )
        .is_empty()
    );
    assert_eq!(
        reported(
            "COU-RESPONSE",
            &submission(Some("2024-03-01")),
            "2024-12-31"
        ),
        ["W1"]
    );
    assert_eq!(
        reported(
            "COU-RESPONSE",
            &submission(Some("2023-08-30")),
            "2024-12-31"
        ),
        ["W1"]
    );
}

#[test]
fn cou_response_missing_only_once_the_deadline_is_past() {
    assert!(reported("COU-RESPONSE", &submission(None), "2024-02-29").is_empty());
    assert_eq!(
        reported("COU-RESPONSE", &submission(None), "2024-03-01"),
        ["W1"]
    );
}

fn committee(group_to: &str) -> String {
    format!(
        "{}sessions:\n  - {{ id: S1, promotion: P1, kind: plenary, date: 2023-10-07, present: 0 }}\n\
         council_groups:\n  - {{ id: G1, name: One, from: 2020-07-03, to: {group_to} }}\n  - {{ id: G2, name: Two, from: 2020-07-03 }}\n\
         committee:\n  - {{ id: C1, holder: h, seat: political_group, group: G1, from: 2021-10-01 }}\n\
         \x20 - {{ id: C2, holder: h, seat: political_group, group: G2, from: 2021-10-01 }}\n",
        promotion("2023-06-01")
    )
}

#[test]
fn com_groups_a_group_dissolving_around_a_plenary_session() {
    // A group in force on the session's day needs its seat; one dissolved the day before (its
    // `to` is the session's date) must no longer hold one.
    assert!(reported("COM-GROUPS", &committee("2023-10-08"), "2023-12-31").is_empty());
    assert_eq!(
        reported("COM-GROUPS", &committee("2023-10-07"), "2023-12-31"),
        ["S1"]
    );
    assert_eq!(
        reported("COM-GROUPS", &committee("2023-10-06"), "2023-12-31"),
        ["S1"]
    );
}

#[test]
fn com_groups_a_group_in_force_without_a_seat() {
    let data = committee("2023-10-08").replace(
        "  - { id: C2, holder: h, seat: political_group, group: G2, from: 2021-10-01 }\n",
        "",
    );
    assert_eq!(reported("COM-GROUPS", &data, "2023-12-31"), ["S1"]);
}
