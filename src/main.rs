//! The `garant` command line: `check`, `test` and `rules`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use garant::check::ir::Program;
use garant::report::{human, json};
use garant::rules::CompileError;

#[derive(Parser)]
#[command(
    name = "garant",
    version,
    about = "Checks the recorded activity of a citizens' assembly against its regulation"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a dataset against the regulation.
    Check {
        /// Data files or folders (searched recursively for *.yaml and *.yml).
        #[arg(required = true, value_name = "DATA")]
        data: Vec<PathBuf>,
        /// A rule file or a folder of rule files, repeatable (default: the built-in regulation).
        #[arg(long, value_name = "PATH")]
        rules: Vec<PathBuf>,
        /// The day the check is made, YYYY-MM-DD (default: today).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Warnings make the exit status 1.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Run scenario cases: folders holding a case.yaml.
    Test {
        /// Case folders, or folders searched for case folders (default: cases/).
        #[arg(value_name = "CASES")]
        cases: Vec<PathBuf>,
    },
    /// List the rules of a regulation as a Markdown table (docs/regulation.md).
    Rules {
        /// A rule file or a folder of rule files, repeatable (default: the built-in regulation).
        #[arg(long, value_name = "PATH")]
        rules: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date; write YYYY-MM-DD, such as 2025-12-31"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match cli.command {
        Command::Check {
            data,
            rules,
            as_of,
            format,
            deny_warnings,
        } => check(&data, rules, as_of, format, deny_warnings),
        Command::Test { cases } => garant::cases::run_cli(&cases, color(&std::io::stdout())),
        Command::Rules { rules } => list_rules(rules),
    };
    ExitCode::from(status)
}

fn color(stream: &impl IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn usage_error(message: &str, hint: &str) -> u8 {
    eprintln!("error: {message}\n  hint: {hint}");
    2
}

fn load_rules(paths: Vec<PathBuf>) -> Result<Program, u8> {
    if let Some(p) = paths.iter().find(|p| !p.exists()) {
        let message = format!("the rule path `{}` does not exist", p.display());
        return Err(usage_error(
            &message,
            "give a .garant file or a folder of them, or omit --rules",
        ));
    }
    let result = if paths.is_empty() {
        garant::rules::built_in()
    } else {
        garant::rules::from_paths(&paths)
    };
    result.map_err(|errors| report_compile_errors(&errors))
}

fn report_compile_errors(errors: &[CompileError]) -> u8 {
    let colored = color(&std::io::stderr());
    let mut err = std::io::stderr().lock();
    for e in errors {
        let _ = write!(err, "{}", human::render_diagnostic(e, colored));
    }
    let _ = writeln!(
        err,
        "{} in the rule files: nothing was checked",
        if errors.len() == 1 {
            "1 error".to_string()
        } else {
            format!("{} errors", errors.len())
        }
    );
    2
}

fn check(
    data: &[PathBuf],
    rules: Vec<PathBuf>,
    as_of: Option<NaiveDate>,
    format: Format,
    deny_warnings: bool,
) -> u8 {
    if let Some(missing) = data.iter().find(|p| !p.exists()) {
        return usage_error(
            &format!("the data path `{}` does not exist", missing.display()),
            "give existing data files or folders: garant check data/",
        );
    }
    let program = match load_rules(rules) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    let inputs = garant::Inputs {
        program: &program,
        data,
        waivers: &[],
        as_of,
    };
    let (report, dataset) = garant::check(&inputs);
    // The process ends next: let the system reclaim the data instead of freeing it piece by piece.
    std::mem::forget(dataset);
    let text = match format {
        Format::Human => human::render(&report, color(&std::io::stdout())),
        Format::Json => json::render(&report),
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    report.exit_status(deny_warnings) as u8
}

fn list_rules(rules: Vec<PathBuf>) -> u8 {
    match load_rules(rules) {
        Ok(p) => {
            print!("{}", garant::rules::markdown(&p));
            0
        }
        Err(status) => status,
    }
}
