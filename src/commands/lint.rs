//! `open1-snip lint`: paths → files → snippets → parsed requests → rules → findings → report.
//!
//! Directories are walked in parallel (honouring .gitignore and .ignore, skipping hidden files,
//! `node_modules` and binary files) and each file is checked on the walk's thread that found it;
//! files named on the command line (pre-commit passes many) are checked on a pool of threads.
//! Each file is read once and skipped before any parsing when it holds none of the trigger
//! words. A file that cannot be read is reported and the others are still checked.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::cli::{Color, LintArgs};
use crate::error::Error;
use crate::extract::FileKind;
use crate::lint::{self, Config, Severity};
use crate::models::ModelTable;
use crate::report::{self, FileReport, Summary};
use crate::source::SourceFile;
use crate::walk::{self, Found, PathFilter, display};

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
    let filter = PathFilter::new(&config)?;
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
        } else if path.is_dir() {
            dirs.push(path);
        } else if path.is_file() {
            let display = display(&path);
            explicit.push(Input::File {
                kind: FileKind::of(&display),
                display,
                path,
                explicit: true,
            });
        } else {
            failures.push(format!("{}: no such file or directory", path.display()));
        }
    }

    // Files are checked as the walk finds them, on the walk's own threads.
    let results: Mutex<Vec<Checked>> = Mutex::new(Vec::new());
    let check_one = |input: &Input| {
        let result = check(input, args.stdin_filename.as_deref(), &config, &models);
        results.lock().expect("no panics while locked").push(result);
    };
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
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
        failures.extend(walk::walk(&dirs, &filter, &|found: Found| {
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
    let mut files_checked = 0;
    for result in results {
        match result {
            Ok(Some(report)) => {
                files_checked += 1;
                if !report.findings.is_empty() {
                    reports.push(report);
                }
            }
            Ok(None) => files_checked += 1,
            Err(message) => failures.push(message),
        }
    }
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    failures.sort();

    let count = |severity| {
        reports
            .iter()
            .flat_map(|r| &r.findings)
            .filter(|f| f.severity == severity)
            .count()
    };
    let summary = Summary {
        files_checked,
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
    };
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let text = report::render(args.format, &reports, &summary, color);
    out.write_all(text.as_bytes()).map_err(Error::Write)?;
    for failure in &failures {
        writeln!(err, "error: {failure}").map_err(Error::Write)?;
    }
    Ok(Outcome {
        findings: summary.errors > 0 || (args.deny_warnings && summary.warnings > 0),
        failed: !failures.is_empty(),
    })
}

thread_local! {
    static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// One input's outcome: a report (`None` when it holds no trigger word), or why it could not
/// be read.
type Checked = Result<Option<FileReport>, String>;

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

/// Reads, filters and checks one input. `Ok(None)`: nothing to report (no trigger word).
fn check(input: &Input, stdin_name: Option<&str>, config: &Config, models: &ModelTable) -> Checked {
    let (bytes, shown_path, kind) = match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("<stdin>: cannot read: {e}"))?;
            if !lint::mentions_relay(&bytes) {
                return Ok(None);
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
                return Ok(None);
            };
            // Most files hold no trigger word: read them into this thread's buffer and copy
            // out only the few that are checked.
            let bytes = BUFFER.with_borrow_mut(|buffer| -> Result<Option<Vec<u8>>, String> {
                buffer.clear();
                let file = std::fs::File::open(path)
                    .map_err(|e| format!("{display}: cannot read: {e}"))?;
                // Through `take`, read_to_end does not ask the file system for the size first.
                (&file)
                    .take(u64::MAX)
                    .read_to_end(buffer)
                    .map_err(|e| format!("{display}: cannot read: {e}"))?;
                let binary = !explicit && buffer[..buffer.len().min(8192)].contains(&0);
                Ok((!binary && lint::mentions_relay(buffer)).then(|| buffer.clone()))
            })?;
            let Some(bytes) = bytes else { return Ok(None) };
            (bytes, display.clone(), kind)
        }
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = crate::source::invalid_utf8_position(&e);
        format!(
            "{shown_path}:{}:{}: not valid UTF-8; save it as UTF-8",
            at.line, at.column
        )
    })?;
    let file = SourceFile::new(shown_path, text);
    let findings = lint::check_file(&file, kind, config, models);
    let shown = if findings.is_empty() {
        String::new()
    } else {
        lint::mask_secrets(&file.text)
    };
    Ok(Some(FileReport {
        path: file.path,
        shown,
        findings,
    }))
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
