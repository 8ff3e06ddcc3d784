//! One renderer per `--format`: findings in, text out. Every renderer gets the same input, in
//! path order, and writes only what its format holds; no renderer prints a secret in full (rule
//! messages are masked, and the human frames show masked source).

mod github;
mod human;
mod json;
mod sarif;

use std::borrow::Cow;

use clap::ValueEnum;

use crate::lint::Located;
use crate::secret::mask_secrets;

pub use human::Human;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:col: error[rule]: message`, a code frame, and a summary
    Human,
    /// An array of findings
    Json,
    /// SARIF 2.1.0, for GitHub code scanning
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…`), for pull-request annotations
    Github,
}

/// The findings of one file.
pub struct FileReport {
    pub path: String,
    /// The file's text with secrets masked, for code frames.
    pub shown: String,
    pub findings: Vec<Located>,
}

/// What a run found, for the renderers.
pub struct Summary {
    pub files_checked: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Findings `--fix` removed.
    pub fixed: usize,
    /// Findings left that `--fix` can fix.
    pub fixable: usize,
    /// Findings left that `--fix --unsafe-fixes` can fix.
    pub unsafe_fixable: usize,
    /// `--unsafe-fixes` was given.
    pub unsafe_fixes: bool,
}

/// `1 file`, `2 files`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The run's report in `format`, the files' parts rendered on up to `threads` threads.
pub fn render(
    format: Format,
    reports: &[FileReport],
    summary: &Summary,
    color: bool,
    threads: usize,
) -> String {
    // The findings' texts and frames are masked already; this pass is the boundary's, so that
    // nothing a renderer adds can print a key whole.
    let masked = |text: String| match mask_secrets(&text) {
        Cow::Owned(masked) => masked,
        Cow::Borrowed(_) => text,
    };
    match format {
        Format::Human => {
            let human = Human { color };
            let mut out = per_file(reports, threads, |report| masked(human.file(report)));
            out.push_str(&human::summary_line(summary));
            out
        }
        Format::Json => masked(json::render(reports)),
        Format::Sarif => masked(sarif::render(reports)),
        Format::Github => per_file(reports, threads, |report| masked(github::file(report))),
    }
}

/// Each file's part, rendered on up to `threads` threads and joined in path order. The code
/// frames of a big tree's thousands of findings were the run's whole serial tail after the walk.
fn per_file(
    reports: &[FileReport],
    threads: usize,
    render: impl Fn(&FileReport) -> String + Sync,
) -> String {
    let chunk = reports.len().div_ceil(threads.max(1)).max(1);
    let render = &render;
    std::thread::scope(|scope| {
        let parts: Vec<_> = reports
            .chunks(chunk)
            .map(|chunk| scope.spawn(move || chunk.iter().map(render).collect::<String>()))
            .collect();
        parts
            .into_iter()
            .map(|part| part.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}
