//! `open1-snip lint`: paths → files → snippets → parsed requests → rules → findings → report.
//!
//! Directories are walked in parallel (honouring .gitignore and .ignore, skipping hidden files,
//! `node_modules` and binary files) and each file is checked on the walk's thread that found it;
//! files named on the command line (pre-commit passes many) are checked on a pool of threads.
//! Each file is read once and skipped before any parsing when it holds none of the trigger
//! words. A file that cannot be read is reported and the others are still checked.

use std::borrow::Cow;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::cli::{Color, LintArgs};
use crate::config::Config;
use crate::error::Error;
use crate::extract::FileKind;
use crate::lint::{self, Applicability, Severity, fix};
use crate::models::ModelTable;
use crate::report::{self, FileReport, Summary};
use crate::save;
use crate::source::SourceFile;
use crate::walk::{self, Found, display};
use crate::workflow;

/// The outcome of a lint run, for `run` to turn into an exit code.
pub struct Outcome {
    pub findings: bool,
    pub failed: bool,
}

pub fn lint(args: &LintArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome, Error> {
    if let Some(id) = &args.explain {
        return explain(id, out);
    }
    let config = Config::load(args.config.as_deref())?;
    let filter = config.path_filter();
    let models = ModelTable::builtin();

    let mut failures: Vec<String> = Vec::new();
    let mut explicit: Vec<Input> = Vec::new();
    let mut dirs: Vec<PathBuf> = Vec::new();
    let paths: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    for path in paths {
        if path == Path::new("-") {
            explicit.push(Input::Stdin);
        } else {
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => dirs.push(path),
                Ok(meta) if meta.is_file() => {
                    let display = display(&path);
                    explicit.push(Input::File {
                        kind: FileKind::of(&display),
                        display,
                        path,
                        explicit: true,
                    });
                }
                // A FIFO would block the run, a socket or device is no document.
                Ok(_) => failures.push(format!(
                    "{}: not a regular file (a FIFO, socket or device): name a file or directory",
                    path.display()
                )),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    failures.push(format!("{}: no such file or directory", path.display()))
                }
                Err(e) => failures.push(format!("{}: cannot read: {e}", path.display())),
            }
        }
    }

    // Files are checked as the walk finds them, on the walk's own threads.
    let mode = match (args.fix, args.diff) {
        (true, _) => Mode::Fix {
            unsafe_fixes: args.unsafe_fixes,
        },
        (_, true) => Mode::Diff {
            unsafe_fixes: args.unsafe_fixes,
        },
        _ => Mode::Check,
    };
    let results: Mutex<Vec<Result<Checked, String>>> = Mutex::new(Vec::new());
    let check_one = |input: &Input| {
        let result = check(
            input,
            args.stdin_filename.as_deref(),
            mode,
            &config,
            &models,
        );
        results.lock().expect("no panics while locked").push(result);
    };
    let next = AtomicUsize::new(0);
    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    std::thread::scope(|scope| {
        for _ in 0..threads.min(explicit.len()) {
            scope.spawn(|| {
                while let Some(input) = explicit.get(next.fetch_add(1, Ordering::Relaxed)) {
                    check_one(input);
                }
            });
        }
    });
    if !dirs.is_empty() {
        failures.extend(walk::walk(&dirs, &filter, threads, &|found: Found| {
            check_one(&Input::File {
                path: found.path,
                display: found.display,
                kind: Some(found.kind),
                explicit: false,
            })
        }));
    }
    let results = results.into_inner().expect("walk finished");

    let mut reports = Vec::new();
    let mut diffs = Vec::new();
    let (mut files_checked, mut fixed, mut fixed_files) = (0, 0, 0);
    let mut stdout = None;
    let mut skipped = Vec::new();
    for result in results {
        match result {
            Ok(checked) => {
                files_checked += usize::from(checked.skipped.is_none());
                skipped.extend(checked.skipped);
                fixed += checked.fixed;
                fixed_files += usize::from(checked.fixed > 0);
                stdout = stdout.or(checked.stdout);
                if let Some(report) = checked.report.filter(|r| !r.findings.is_empty()) {
                    reports.push(report);
                }
                if !checked.diff.is_empty() {
                    diffs.push(checked.diff);
                }
            }
            Err(message) => failures.push(message),
        }
    }
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    diffs.sort();
    failures.sort();
    skipped.sort();
    // Notes and errors name files, whose names a pull request chooses: fenced from the Actions
    // runner like every other text from files (see `workflow`).
    let messages = |err: &mut dyn Write| -> Result<(), Error> {
        let mut text = String::new();
        for note in &skipped {
            text.push_str(&format!("note: {note}\n"));
        }
        for failure in &failures {
            text.push_str(&format!("error: {failure}\n"));
        }
        err.write_all(workflow::quote(&text).as_bytes())
            .map_err(Error::Write)
    };

    let count = |severity| {
        reports
            .iter()
            .flat_map(|r| &r.findings)
            .filter(|f| f.severity == severity)
            .count()
    };
    let fixable = |applicability| {
        reports
            .iter()
            .flat_map(|r| &r.findings)
            .filter(|f| {
                f.autofix
                    .as_ref()
                    .is_some_and(|a| a.applicability == applicability)
            })
            .count()
    };
    let summary = Summary {
        files_checked,
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        fixed,
        fixable: fixable(Applicability::Safe),
        unsafe_fixable: fixable(Applicability::Unsafe),
        unsafe_fixes: args.unsafe_fixes,
    };
    if let Mode::Diff { .. } = mode {
        out.write_all(workflow::quote(&diffs.concat()).as_bytes())
            .map_err(Error::Write)?;
        let message = match fixed {
            0 => "No fixes to make.".to_owned(),
            n => format!(
                "Would fix {} in {}.",
                report::plural(n, "finding"),
                report::plural(fixed_files, "file")
            ),
        };
        writeln!(err, "{message}").map_err(Error::Write)?;
        messages(err)?;
        return Ok(Outcome {
            findings: fixed > 0,
            failed: !failures.is_empty(),
        });
    }
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let text = report::render(args.format, &reports, &summary, color, threads);
    // The human report quotes the files' text and names (frames, messages) at the start of
    // lines. JSON and SARIF keep it inside strings, on lines that start with a quote or a
    // bracket, and are often redirected into files that must stay valid; `--format github` is
    // made of workflow commands, each written by us with its values escaped.
    let text = match args.format {
        report::Format::Human => workflow::quote(&text),
        _ => Cow::Borrowed(text.as_str()),
    };
    // With `--fix -`, the fixed text is the output and the report goes to stderr.
    match stdout {
        Some(fixed) => {
            out.write_all(fixed.as_bytes()).map_err(Error::Write)?;
            err.write_all(text.as_bytes()).map_err(Error::Write)?;
        }
        None => out.write_all(text.as_bytes()).map_err(Error::Write)?,
    }
    messages(err)?;
    Ok(Outcome {
        findings: summary.errors > 0 || (args.deny_warnings && summary.warnings > 0),
        failed: !failures.is_empty(),
    })
}

thread_local! {
    static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// One input's outcome, or why it could not be read (or written back).
#[derive(Default)]
struct Checked {
    /// `None` when it holds no trigger word.
    report: Option<FileReport>,
    /// Findings removed by `--fix` (or that `--diff` would remove).
    fixed: usize,
    /// `--diff`: what `--fix` would change.
    diff: String,
    /// `--fix` on standard input: the fixed text, for stdout.
    stdout: Option<String>,
    /// Why a file that mentions the relay was not checked (a binary file).
    skipped: Option<String>,
}

/// A walked file, as read.
enum Contents {
    /// No trigger word: nothing to check.
    Nothing,
    Binary,
    Text(Vec<u8>),
}

/// What a run does besides reporting.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Check,
    Fix { unsafe_fixes: bool },
    Diff { unsafe_fixes: bool },
}

enum Input {
    Stdin,
    File {
        path: PathBuf,
        display: String,
        /// `None` for a file named on the command line that is no kind we read.
        kind: Option<FileKind>,
        explicit: bool,
    },
}

/// Reads, filters and checks one input; with `--fix`, writes its fixes back.
fn check(
    input: &Input,
    stdin_name: Option<&str>,
    mode: Mode,
    config: &Config,
    models: &ModelTable,
) -> Result<Checked, String> {
    let (bytes, shown_path, kind) = match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("<stdin>: cannot read: {e}"))?;
            if !lint::mentions_relay(&bytes) {
                let fixing = matches!(mode, Mode::Fix { .. });
                return Ok(Checked {
                    stdout: fixing.then(|| String::from_utf8_lossy(&bytes).into_owned()),
                    ..Checked::default()
                });
            }
            let name = stdin_name.unwrap_or("<stdin>");
            (
                bytes,
                name.to_owned(),
                FileKind::of(name).unwrap_or(FileKind::Markdown),
            )
        }
        Input::File {
            path,
            display,
            kind,
            explicit,
        } => {
            let Some(kind) = *kind else {
                return Ok(Checked::default());
            };
            // Most files hold no trigger word: read them into this thread's buffer and copy
            // out only the few that are checked.
            let read = BUFFER.with_borrow_mut(|buffer| -> Result<Contents, String> {
                buffer.clear();
                let file = std::fs::File::open(path)
                    .map_err(|e| format!("{display}: cannot read: {e}"))?;
                // Through `take`, read_to_end does not ask the file system for the size first.
                (&file)
                    .take(u64::MAX)
                    .read_to_end(buffer)
                    .map_err(|e| format!("{display}: cannot read: {e}"))?;
                // UTF-16 hides every trigger word: refuse it before looking for them.
                if let Some(order) = crate::source::utf16_byte_order(buffer) {
                    return Err(Error::Utf16 {
                        origin: display.clone(),
                        order,
                    }
                    .to_string());
                }
                if !lint::mentions_relay(buffer) {
                    return Ok(Contents::Nothing);
                }
                // As ripgrep and typos do, a walked file with a NUL byte near its start is taken
                // for a binary file; named on the command line, it is checked.
                match !explicit && buffer[..buffer.len().min(8192)].contains(&0) {
                    true => Ok(Contents::Binary),
                    // Taken, not copied: a big file is not held twice.
                    false => Ok(Contents::Text(std::mem::take(buffer))),
                }
            })?;
            match read {
                Contents::Nothing => return Ok(Checked::default()),
                Contents::Binary => {
                    return Ok(Checked {
                        skipped: Some(format!(
                            "{display}: skipped: it mentions the relay but holds NUL bytes, so it is taken for a binary file; name it on the command line to check it anyway"
                        )),
                        ..Checked::default()
                    });
                }
                Contents::Text(bytes) => (bytes, display.clone(), kind),
            }
        }
    };
    let text = crate::source::decode(bytes, &shown_path).map_err(|e| e.to_string())?;
    let bom = text.starts_with('\u{feff}');
    let file = SourceFile::new(shown_path, text);
    let mut findings = lint::check_file(&file, kind, config, models);
    let mut checked = Checked::default();
    // The text after the fixes `--fix` or `--diff` make; `None`: as read.
    let mut fixed_text = None;
    if let Mode::Fix { unsafe_fixes } | Mode::Diff { unsafe_fixes } = mode {
        if findings.iter().any(|f| fix::applies(f, unsafe_fixes)) {
            let fixed = fix::fix_file(&file, kind, findings, config, models, unsafe_fixes);
            findings = fixed.findings;
            checked.fixed = fixed.fixed;
            fixed_text = Some(fixed.text);
        }
    }
    let text = fixed_text.as_deref().unwrap_or(&file.text);
    let with_bom = |text: &str| format!("{}{text}", if bom { "\u{feff}" } else { "" });
    match (mode, input) {
        (Mode::Diff { .. }, _) => {
            checked.diff = save::diff(
                &file.path,
                &crate::secret::mask_secrets(&file.text),
                &crate::secret::mask_secrets(text),
            );
        }
        (Mode::Fix { .. }, Input::Stdin) => checked.stdout = Some(with_bom(text)),
        (Mode::Fix { .. }, Input::File { path, .. }) if text != file.text => {
            save::replace(
                path,
                with_bom(&file.text).as_bytes(),
                with_bom(text).as_bytes(),
            )
            .map_err(|e| e.to_string())?;
        }
        _ => {}
    }
    // The text the report quotes: kept until every file is checked, so not copied without need.
    let shown = if findings.is_empty() {
        String::new()
    } else {
        match crate::secret::mask_secrets(text) {
            Cow::Owned(masked) => masked,
            Cow::Borrowed(_) => fixed_text.unwrap_or(file.text),
        }
    };
    // Messages and fix texts quote the code they are about; keys in them are masked here, once,
    // for every format.
    for finding in &mut findings {
        if let Cow::Owned(masked) = crate::secret::mask_secrets(&finding.message) {
            finding.message = masked;
        }
        if let Some(Cow::Owned(masked)) = finding.fix.as_deref().map(crate::secret::mask_secrets) {
            finding.fix = Some(masked);
        }
    }
    checked.report = Some(FileReport {
        path: file.path,
        shown,
        findings,
    });
    Ok(checked)
}

fn explain(id: &str, out: &mut dyn Write) -> Result<Outcome, Error> {
    let Some(rule) = lint::rules::find(id) else {
        let known: Vec<&str> = lint::RULES.iter().map(|r| r.id).collect();
        return Err(Error::Usage(format!(
            "no rule `{id}`; the rules are {}",
            known.join(", ")
        )));
    };
    let text = format!(
        "{}\n\nDefault severity: {}.\n",
        rule.explain.trim_end(),
        rule.severity.name()
    );
    out.write_all(text.as_bytes()).map_err(Error::Write)?;
    Ok(Outcome {
        findings: false,
        failed: false,
    })
}
