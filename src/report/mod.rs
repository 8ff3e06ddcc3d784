//! One renderer per `--format`: findings in, text out. Every renderer gets the same input, in
//! path order, and writes only what its format holds; no renderer prints a secret in full (rule
//! messages are masked, and the human frames show masked source).

mod github;
mod human;
mod json;
mod sarif;

use clap::ValueEnum;

use crate::lint::Located;

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

pub fn render(format: Format, reports: &[FileReport], summary: &Summary, color: bool) -> String {
    match format {
        Format::Human => Human { color }.render(reports, summary),
        Format::Json => json::render(reports),
        Format::Sarif => sarif::render(reports),
        Format::Github => github::render(reports),
    }
}
