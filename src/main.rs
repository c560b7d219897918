//! The `garant` command line: `check`, `test`, `rules` and `fmt`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use garant::cases::formats as cases_formats;
use garant::check::ir::Program;
use garant::report::{github, html, human, json, junit, sarif};
use garant::rules::CompileError;
use garant::value::DateError;

mod fmt_command;

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
    Check(CheckArgs),
    /// Run scenario cases: folders holding a case.yaml.
    Test(TestArgs),
    /// List the rules of a regulation as a Markdown table (docs/regulation.md), or export the
    /// built-in rule files.
    Rules {
        /// A rule file or a folder of rule files, repeatable (default: the built-in regulation).
        #[arg(long, value_name = "PATH")]
        rules: Vec<PathBuf>,
        /// An amendment compiled with the regulation in use, repeatable.
        #[arg(long, value_name = "FILE")]
        amend: Vec<PathBuf>,
        /// Write the rule files of the built-in regulation into DIR instead of listing rules.
        #[arg(long, value_name = "DIR", conflicts_with_all = ["rules", "amend"])]
        export: Option<PathBuf>,
        /// With --export: replace files of DIR that differ from the built-in ones.
        #[arg(long, requires = "export")]
        force: bool,
    },
    /// Explain a code (RULES-UNKNOWN-FIELD, DATA-MISSING-FIELD...) or a rule of the regulation.
    Explain {
        /// A code, or the id of a rule such as IND-AMOUNT.
        #[arg(value_name = "CODE_OR_RULE")]
        what: String,
        /// A rule file or a folder of rule files, repeatable (default: the built-in regulation).
        #[arg(long, value_name = "PATH")]
        rules: Vec<PathBuf>,
        /// An amendment compiled with the regulation in use, repeatable.
        #[arg(long, value_name = "FILE")]
        amend: Vec<PathBuf>,
    },
    /// Rewrite rule files in the one layout of garant (or, with --check, list those that are not).
    Fmt(FmtArgs),
}

#[derive(clap::Args)]
struct FmtArgs {
    /// Rule files or folders (searched recursively for *.garant); default: the current folder.
    #[arg(value_name = "PATHS")]
    paths: Vec<PathBuf>,
    /// Change nothing: list the files not in the layout, with their first different line, and
    /// exit with status 1 if there is one.
    #[arg(long)]
    check: bool,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Data files or folders (searched recursively for *.yaml and *.yml).
    #[arg(required = true, value_name = "DATA")]
    data: Vec<PathBuf>,
    /// A rule file or a folder of rule files, repeatable (default: the built-in regulation).
    #[arg(long, value_name = "PATH")]
    rules: Vec<PathBuf>,
    /// A rule file or folder compiled together with the regulation in use (the built-in one or
    /// that of --rules): amended parameters, new parameters, definitions and rules; repeatable.
    #[arg(long, value_name = "FILE")]
    amend: Vec<PathBuf>,
    /// The day the check is made, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Warnings make the exit status 1.
    #[arg(long)]
    deny_warnings: bool,
    /// A waivers file: findings the Committee accepted, repeatable.
    #[arg(long, value_name = "FILE")]
    waivers: Vec<PathBuf>,
    /// The JSON report of an earlier check: findings are marked new or known.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(clap::Args)]
struct TestArgs {
    /// Case folders, or folders searched for case folders (default: cases/).
    #[arg(value_name = "CASES")]
    cases: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    format: TestFormat,
    /// Write the results to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also report what of the rules the cases exercise (human and JSON).
    #[arg(long)]
    coverage: bool,
    /// Exit with status 1 when the total coverage is below PERCENT (implies --coverage).
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    min_coverage: Option<f64>,
}

#[derive(Clone, Copy, ValueEnum)]
enum TestFormat {
    /// A line per case, the differences of failing ones, and the counts.
    Human,
    /// One JSON document: every case with its result, and the counts.
    Json,
    /// JUnit XML, as GitLab and Jenkins read it: a test per case.
    Junit,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// The terminal report.
    Human,
    /// The JSON document of docs/cli.md.
    Json,
    /// SARIF 2.1.0, as GitHub code scanning reads it.
    Sarif,
    /// JUnit XML, as GitLab and Jenkins read it.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// The sign-off report: one self-contained HTML file to read, print and sign.
    Html,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    garant::value::read_date(s).map_err(|e| match e {
        DateError::NotWritten => {
            format!("`{s}` is not a date; write YYYY-MM-DD, such as 2025-12-31")
        }
        DateError::NotInCalendar => format!("`{s}` is not a day of the calendar"),
    })
}

fn parse_percent(s: &str) -> Result<f64, String> {
    match s.trim_end_matches('%').parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Ok(p),
        _ => Err(format!(
            "`{s}` is not a percentage; write a number from 0 to 100"
        )),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match cli.command {
        Command::Check(args) => check(args),
        Command::Test(args) => test(args),
        Command::Rules {
            rules,
            amend,
            export,
            force,
        } => match export {
            Some(dir) => export_rules(&dir, force),
            None => list_rules(rules, amend),
        },
        Command::Explain { what, rules, amend } => explain(&what, rules, amend),
        Command::Fmt(args) => fmt_command::run(args.paths, args.check),
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

fn load_rules(rules: Vec<PathBuf>, amend: Vec<PathBuf>) -> Result<Program, u8> {
    let hint = !rules.is_empty() && amend.is_empty();
    compile_rules(&rules, &amend)?.map_err(|errors| compile_failed(&errors, hint))
}

/// The program of the rule files and amendments (warnings printed), or their errors; a usage
/// error when a path does not exist.
fn compile_rules(
    rules: &[PathBuf],
    amend: &[PathBuf],
) -> Result<Result<Program, Vec<CompileError>>, u8> {
    let missing = |paths: &[PathBuf]| paths.iter().find(|p| !p.exists()).cloned();
    if let Some(p) = missing(rules) {
        let message = format!("the rule path `{}` does not exist", p.display());
        let hint = "give a .garant file or a folder of them, or omit --rules";
        return Err(usage_error(&message, hint));
    }
    if let Some(p) = missing(amend) {
        let message = format!("the amendment `{}` does not exist", p.display());
        let hint = "give the .garant file (or folder) of the amendment";
        return Err(usage_error(&message, hint));
    }
    let loaded = garant::rules::load(rules, amend);
    if let Ok(program) = &loaded {
        report_rule_warnings(program);
    }
    Ok(loaded)
}

/// Reports the errors of rule files that do not compile; with `hint_amend` (only `--rules`
/// was given), says how to amend the built-in regulation when that was the mistake.
fn compile_failed(errors: &[CompileError], hint_amend: bool) -> u8 {
    let status = report_compile_errors(errors);
    if hint_amend && amends_unknown(errors) {
        eprintln!(
            "  hint: --rules replaces the built-in regulation; to amend it, give the file with --amend FILE"
        );
    }
    status
}

/// Prints the warnings of the rule files (traps that compile) on standard error.
fn report_rule_warnings(program: &Program) {
    let colored = color(&std::io::stderr());
    let mut err = std::io::stderr().lock();
    for w in &program.warnings {
        let _ = write!(err, "{}", human::render_diagnostic(w, colored));
    }
}

/// Whether an `amend parameter` names a parameter the rule files do not declare.
fn amends_unknown(errors: &[CompileError]) -> bool {
    errors.iter().any(|e| match e {
        CompileError::Check(c) => c.message.ends_with("amends an unknown parameter"),
        _ => false,
    })
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

fn check(args: CheckArgs) -> u8 {
    if let Some(status) = missing_inputs(&args) {
        return status;
    }
    let baseline = match args.baseline.as_deref().map(read_baseline).transpose() {
        Ok(b) => b,
        Err(status) => return status,
    };
    let program = match check_program(&args) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let inputs = garant::Inputs {
        program: &program,
        data: &args.data,
        waivers: &args.waivers,
        as_of,
    };
    let (mut report, dataset) = garant::check(&inputs);
    // The process ends next: let the system reclaim the data instead of freeing it piece by piece.
    std::mem::forget(dataset);
    if let Some(b) = baseline {
        report.compare(b);
    }
    let to_terminal = args.output.is_none() && color(&std::io::stdout());
    if let Err(status) = write_report(
        args.output.as_deref(),
        &render(&report, &args.format, to_terminal),
    ) {
        return status;
    }
    report.exit_status(args.deny_warnings) as u8
}

/// The usage error of a data path or waivers file that does not exist.
fn missing_inputs(args: &CheckArgs) -> Option<u8> {
    if let Some(missing) = args.data.iter().find(|p| !p.exists()) {
        return Some(usage_error(
            &format!("the data path `{}` does not exist", missing.display()),
            "give existing data files or folders: garant check data/",
        ));
    }
    let missing = args.waivers.iter().find(|p| !p.exists())?;
    Some(usage_error(
        &format!("the waivers file `{}` does not exist", missing.display()),
        "give the waivers file the Committee keeps, or omit --waivers",
    ))
}

/// The program `garant check` runs, or the status of its compile errors, reported (with
/// `--format json`, also as a JSON document: docs/cli.md).
fn check_program(args: &CheckArgs) -> Result<Program, u8> {
    let hint = !args.rules.is_empty() && args.amend.is_empty();
    match compile_rules(&args.rules, &args.amend)? {
        Ok(p) => Ok(p),
        Err(errors) => {
            if matches!(args.format, Format::Json) {
                let _ = write_report(args.output.as_deref(), &garant::rules::render_json(&errors));
            }
            Err(compile_failed(&errors, hint))
        }
    }
}

/// The report in the format asked for.
fn render(report: &garant::report::Report, format: &Format, to_terminal: bool) -> String {
    match format {
        Format::Human => human::render(report, to_terminal),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Junit => junit::render(report),
        Format::Github => github::render(report),
        Format::Html => html::render(report),
    }
}

/// `garant test`: runs the cases, then writes their results; the status says how they went.
fn test(args: TestArgs) -> u8 {
    let results = if args.coverage || args.min_coverage.is_some() {
        garant::cases::run_all_with_coverage(&args.cases)
    } else {
        garant::cases::run_all(&args.cases)
    };
    let text = match args.format {
        TestFormat::Human => cases_formats::human(&results),
        TestFormat::Json => cases_formats::json(&results),
        TestFormat::Junit => cases_formats::junit(&results),
    };
    if let Err(status) = write_report(args.output.as_deref(), &text) {
        return status;
    }
    results.exit_status_with(args.min_coverage)
}

/// Reads the JSON report given with `--baseline`; a usage error when it is not one.
fn read_baseline(path: &std::path::Path) -> Result<garant::report::baseline::Baseline, u8> {
    let hint = "give the JSON document of an earlier `garant check --format json`";
    let text = std::fs::read_to_string(path).map_err(|e| {
        usage_error(
            &format!("cannot read the baseline `{}`: {e}", path.display()),
            hint,
        )
    })?;
    garant::report::baseline::Baseline::parse(&text).map_err(|why| {
        usage_error(
            &format!(
                "the baseline `{}` is not a garant report: {why}",
                path.display()
            ),
            hint,
        )
    })
}

/// Writes to standard output; a failed write (a closed pipe, a full disk) is returned.
fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

/// Writes the report to `path` (or standard output); a failed write is an error, status 2.
fn write_report(path: Option<&std::path::Path>, text: &str) -> Result<(), u8> {
    let result = match path {
        Some(p) => garant::output::write_file(p, text.as_bytes()),
        None => write_stdout(text.as_bytes()),
    };
    result.map_err(|e| {
        let target = path.map_or("standard output".to_string(), |p| {
            format!("`{}`", p.display())
        });
        eprintln!("error: cannot write the report to {target}: {e}");
        2
    })
}

fn list_rules(rules: Vec<PathBuf>, amend: Vec<PathBuf>) -> u8 {
    match load_rules(rules, amend) {
        Ok(p) => {
            print!("{}", garant::rules::markdown(&p));
            0
        }
        Err(status) => status,
    }
}

/// Writes the built-in rule files into `dir`, each under its file name; a file already there
/// with other bytes is left alone (status 2) unless `force`.
fn export_rules(dir: &std::path::Path, force: bool) -> u8 {
    match garant::rules::export(dir, force) {
        Ok(written) => {
            for path in written {
                println!("{}", path.display());
            }
            0
        }
        Err(e) => usage_error(
            &e,
            "give an empty folder, or add --force to replace its rule files",
        ),
    }
}

fn explain(what: &str, rules: Vec<PathBuf>, amend: Vec<PathBuf>) -> u8 {
    if let Some(text) = garant::explain::code(&what.to_uppercase()) {
        print!("{text}");
        return 0;
    }
    let program = match load_rules(rules, amend) {
        Ok(p) => p,
        Err(status) => return status,
    };
    match garant::explain::explain(&program, what) {
        Ok(text) => {
            print!("{text}");
            0
        }
        Err(help) => usage_error(
            &format!("`{what}` is neither a code nor a rule id of the regulation"),
            &help,
        ),
    }
}
