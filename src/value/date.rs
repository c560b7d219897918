//! Dates as every input writes them: `YYYY-MM-DD`, four digits, two and two, a day of the
//! calendar. One reading for the data files, the rule files, the command line and the case
//! files, so that none accepts what another refuses (chrono's own `%Y-%m-%d` also takes
//! `25-12-31` as the year 25, and `2025-2-3`).

use chrono::NaiveDate;

/// Why a text is not read as a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not four digits, a hyphen, two digits, a hyphen and two digits.
    NotWritten,
    /// Written so, but no day of the calendar (`2025-02-30`).
    NotInCalendar,
}

/// The date `text` writes as `YYYY-MM-DD`.
pub fn read_date(text: &str) -> Result<NaiveDate, DateError> {
    let b = text.as_bytes();
    let digit_or_hyphen = |(i, c): (usize, &u8)| match i {
        4 | 7 => *c == b'-',
        _ => c.is_ascii_digit(),
    };
    if b.len() != 10 || !b.iter().enumerate().all(digit_or_hyphen) {
        return Err(DateError::NotWritten);
    }
    let number = |r: std::ops::Range<usize>| text.get(r).and_then(|t| t.parse::<u32>().ok());
    let day = |y: u32, m, d| NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
    (number(0..4).zip(number(5..7)).zip(number(8..10)))
        .and_then(|((y, m), d)| day(y, m, d))
        .ok_or(DateError::NotInCalendar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_four_two_two_digits_of_a_calendar_day() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(read_date("2024-02-29").ok(), day(2024, 2, 29));
        assert_eq!(read_date("0001-01-01").ok(), day(1, 1, 1));
        for written_otherwise in [
            "25-12-31",
            "2025-2-28",
            "2025-02-8",
            "+2025-02-28",
            "02025-02-28",
            "20250228",
            "2025/02/28",
            "2025-02-28 ",
            "２０２５-02-28",
            "",
        ] {
            assert_eq!(
                read_date(written_otherwise),
                Err(DateError::NotWritten),
                "{written_otherwise}"
            );
        }
        for not_a_day in ["2025-02-29", "2025-13-01", "2025-00-10", "2025-04-31"] {
            assert_eq!(
                read_date(not_a_day),
                Err(DateError::NotInCalendar),
                "{not_a_day}"
            );
        }
    }
}
