//! What `lint` prints once every file is checked: the report in its format (or, with `--diff`,
//! the diffs and a count), then the notes and errors; and the outcome the exit code comes from.
//!
//! Everything printed quotes the files' text or names, which a pull request chooses: what a
//! GitHub Actions runner would read as a workflow command is fenced off (see `workflow`).

use std::borrow::Cow;
use std::io::Write;

use super::{Action, Run, Settings};
use crate::error::Error;
use crate::lint::{Applicability, Severity};
use crate::report::{self, Format, Summary};
use crate::workflow;

/// The outcome of a lint run, for `run` to turn into an exit code.
pub struct Outcome {
    pub findings: bool,
    pub failed: bool,
}

impl Run {
    /// Prints the run: the report or diffs on `out`, messages on `err`.
    pub fn print(
        &self,
        settings: &Settings,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> Result<Outcome, Error> {
        let findings = match settings.action {
            Action::Diff => self.print_diffs(out, err)?,
            Action::Check | Action::Fix => self.print_report(settings, out, err)?,
        };
        self.print_messages(err)?;
        Ok(Outcome {
            findings,
            failed: !self.failures.is_empty(),
        })
    }

    /// `--diff`: the diffs, and how many findings they fix; whether there is anything to fix.
    fn print_diffs(&self, out: &mut dyn Write, err: &mut dyn Write) -> Result<bool, Error> {
        out.write_all(workflow::quote(&self.diffs.concat()).as_bytes())
            .map_err(Error::Write)?;
        let message = match self.fixed {
            0 => "No fixes to make.".to_owned(),
            n => format!(
                "Would fix {} in {}.",
                report::plural(n, "finding"),
                report::plural(self.fixed_files, "file")
            ),
        };
        writeln!(err, "{message}").map_err(Error::Write)?;
        Ok(self.fixed > 0)
    }

    /// The report in the settings' format; whether its findings fail the run.
    fn print_report(
        &self,
        settings: &Settings,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> Result<bool, Error> {
        let summary = self.summary(settings.unsafe_fixes);
        let text = report::render(
            settings.format,
            &self.reports,
            &summary,
            settings.color,
            settings.threads,
        );
        // The human report quotes the files' text and names (frames, messages) at the start of
        // lines. JSON and SARIF keep it inside strings, on lines that start with a quote or a
        // bracket, and are often redirected into files that must stay valid; `--format github`
        // is made of workflow commands, each written by us with its values escaped.
        let text = match settings.format {
            Format::Human => workflow::quote(&text),
            _ => Cow::Borrowed(text.as_str()),
        };
        // With `--fix -`, the fixed text is the output and the report goes to stderr.
        match &self.stdout {
            Some(fixed) => {
                out.write_all(fixed.as_bytes()).map_err(Error::Write)?;
                err.write_all(text.as_bytes()).map_err(Error::Write)?;
            }
            None => out.write_all(text.as_bytes()).map_err(Error::Write)?,
        }
        Ok(summary.errors > 0 || (settings.deny_warnings && summary.warnings > 0))
    }

    fn summary(&self, unsafe_fixes: bool) -> Summary {
        let findings = || self.reports.iter().flat_map(|r| &r.findings);
        let count = |severity| findings().filter(|f| f.severity == severity).count();
        let fixable = |applicability| {
            findings()
                .filter(|f| {
                    f.autofix
                        .as_ref()
                        .is_some_and(|a| a.applicability == applicability)
                })
                .count()
        };
        Summary {
            files_checked: self.files_checked,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            fixed: self.fixed,
            fixable: fixable(Applicability::Safe),
            unsafe_fixable: fixable(Applicability::Unsafe),
            unsafe_fixes,
        }
    }

    /// Notes and errors, which name files.
    fn print_messages(&self, err: &mut dyn Write) -> Result<(), Error> {
        let mut text = String::new();
        if !self.unread.is_empty() {
            let kinds = crate::extract::FileKind::described();
            for name in &self.unread {
                text.push_str(&format!("note: {name}: not checked: lint reads {kinds}\n"));
            }
        }
        for note in &self.skipped {
            text.push_str(&format!("note: {note}\n"));
        }
        for warning in &self.warnings {
            text.push_str(&format!("warning: {warning}\n"));
        }
        for failure in &self.failures {
            text.push_str(&format!("error: {failure}\n"));
        }
        // Notes and warnings quote file names and page text (an include's path): strangers'
        // bytes, shown with their control characters as visible escapes.
        let text = crate::visible::visible(&text);
        err.write_all(workflow::quote(&text).as_bytes())
            .map_err(Error::Write)
    }
}
