//! The report as GitHub Actions workflow commands. (Being written.)

use super::Report;

pub fn render(_report: &Report) -> String {
    String::new()
}
