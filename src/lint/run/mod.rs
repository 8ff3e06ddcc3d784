//! `open1-snip lint` as a library: paths → files → snippets → parsed requests → rules →
//! findings → report, with the settings decided once ([`Settings`]) and one action per mode
//! ([`Action`]) over one file pipeline ([`file::check`]).
//!
//! Directories are walked in parallel (honouring .gitignore and .ignore, skipping hidden files,
//! `node_modules` and binary files) and each file is checked on the walk's thread that found it;
//! files named on the command line (pre-commit passes many) are checked on a pool of threads.
//! A file that cannot be read is reported and the others are still checked.

mod action;
mod error;
mod file;
mod included;
mod input;
mod output;
mod settings;

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use action::Action;
pub use error::FileError;
pub use output::Outcome;
pub use settings::Settings;

use crate::report::FileReport;
use crate::walk::{self, Found};
use file::Checked;
use input::{Input, Inputs};

/// Every input's outcome, gathered and sorted.
#[derive(Default)]
pub struct Run {
    /// The reports with findings, by path.
    pub reports: Vec<FileReport>,
    /// `--diff`: one per changed file, by path.
    pub diffs: Vec<String>,
    pub files_checked: usize,
    /// Findings removed by the fixes, and in how many files.
    pub fixed: usize,
    pub fixed_files: usize,
    /// `--fix -`: the fixed standard input.
    pub stdout: Option<String>,
    /// Notes on files not checked.
    pub skipped: Vec<String>,
    /// Files named on the command line that are no kind lint reads.
    pub unread: Vec<String>,
    /// Warnings about what pages include (a missing file, a path out of the project).
    pub warnings: Vec<String>,
    /// Errors, each already worded.
    pub failures: Vec<String>,
}

/// Checks every input the settings name.
pub fn run(settings: &Settings) -> Run {
    let inputs = Inputs::new(&settings.paths);
    let (results, walk_failures) = visit(&inputs, settings);
    let mut run = Run {
        failures: inputs.failures.iter().map(ToString::to_string).collect(),
        ..Run::default()
    };
    run.failures.extend(walk_failures);
    let mut included = Vec::new();
    for result in results {
        match result {
            Ok(mut checked) => {
                included.append(&mut checked.included.files);
                run.warnings.append(&mut checked.included.warnings);
                run.add(checked);
            }
            Err(error) => run.failures.push(error.to_string()),
        }
    }
    // After every page, so that a file both walked and included is read once it is fixed.
    included::check(&mut run, included, settings);
    run.warnings.sort();
    run.warnings.dedup();
    run.reports.sort_by(|a, b| a.path.cmp(&b.path));
    run.diffs.sort();
    run.failures.sort();
    run.skipped.sort();
    run.unread.sort();
    run
}

/// Checks the files named on the command line on a pool of threads, then walks the
/// directories, checking each file on the walk's thread that found it; returns every outcome and
/// the walk's errors.
fn visit(inputs: &Inputs, settings: &Settings) -> (Vec<Result<Checked, FileError>>, Vec<String>) {
    let results = Mutex::new(Vec::new());
    let check_one = |input: &Input| {
        let result = file::check(input, settings);
        results.lock().expect("no panics while locked").push(result);
    };
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..settings.threads.min(inputs.explicit.len()) {
            scope.spawn(|| {
                while let Some(input) = inputs.explicit.get(next.fetch_add(1, Ordering::Relaxed)) {
                    check_one(input);
                }
            });
        }
    });
    let mut failures = Vec::new();
    if !inputs.dirs.is_empty() {
        failures = walk::walk(
            &inputs.dirs,
            &settings.filter,
            settings.threads,
            &|found: Found| {
                check_one(&Input::File {
                    path: found.path,
                    display: found.display,
                    kind: Some(found.kind),
                    explicit: false,
                })
            },
        );
    }
    (results.into_inner().expect("walk finished"), failures)
}

impl Run {
    fn add(&mut self, checked: Checked) {
        // A file skipped or not read is not counted as checked.
        self.files_checked += usize::from(checked.skipped.is_none() && checked.unread.is_none());
        self.skipped.extend(checked.skipped);
        self.unread.extend(checked.unread);
        self.fixed += checked.fixed;
        self.fixed_files += usize::from(checked.fixed > 0);
        self.stdout = self.stdout.take().or(checked.stdout);
        if let Some(report) = checked.report.filter(|r| !r.findings.is_empty()) {
            self.reports.push(report);
        }
        if !checked.diff.is_empty() {
            self.diffs.push(checked.diff);
        }
    }
}
