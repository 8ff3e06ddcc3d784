//! One input through the pipeline: read → sniff → decode → check → the action → the report,
//! with the keys in what the report quotes masked.

use std::borrow::Cow;

use super::Settings;
use super::action::{Action, Applied, Loaded};
use super::error::FileError;
use super::input::{self, Contents, Input};
use crate::extract::FileKind;
use crate::lint::{self, Located};
use crate::report::FileReport;
use crate::secret::mask_secrets;
use crate::source::SourceFile;

/// One input's outcome.
#[derive(Default)]
pub struct Checked {
    /// `None` when it holds no trigger word.
    pub report: Option<FileReport>,
    /// Findings removed by `--fix` (or that `--diff` would remove).
    pub fixed: usize,
    /// `--diff`: what `--fix` would change.
    pub diff: String,
    /// `--fix` on standard input: the fixed text, for stdout.
    pub stdout: Option<String>,
    /// Why a file that mentions the relay was not checked (a binary file).
    pub skipped: Option<String>,
    /// A file named on the command line that is no kind lint reads: its name.
    pub unread: Option<String>,
    /// The files a page includes, and the warnings of following its includes.
    pub included: lint::include::Followed,
}

/// Reads, filters and checks one input, and runs the settings' action on it.
pub fn check(input: &Input, settings: &Settings) -> Result<Checked, FileError> {
    let (bytes, name, kind) = match input::read(input, settings.stdin_name.as_deref())? {
        Contents::Nothing { stdin } => {
            return Ok(Checked {
                stdout: settings.action.unchecked(stdin),
                ..Checked::default()
            });
        }
        Contents::Unread { name } => {
            return Ok(Checked {
                unread: Some(name),
                ..Checked::default()
            });
        }
        Contents::Binary { name } => {
            return Ok(Checked {
                skipped: Some(format!(
                    "{name}: skipped: it mentions the relay but holds NUL bytes, so it is taken for a binary file; name it on the command line to check it anyway"
                )),
                ..Checked::default()
            });
        }
        Contents::Text { bytes, name, kind } => (bytes, name, kind),
    };
    let text = crate::source::decode(bytes, &name).map_err(FileError::Undecodable)?;
    let loaded = Loaded {
        bom: text.starts_with('\u{feff}'),
        file: SourceFile::new(name, text),
        kind,
    };
    // Fixing checks the file again after each pass; the snippets it does not change are not
    // read again.
    let mut cache = lint::SnippetCache::default();
    let cached = match settings.action {
        Action::Check => None,
        Action::Fix | Action::Diff => Some(&mut cache),
    };
    let findings = lint::check_file_cached(
        &loaded.file,
        kind,
        &settings.config,
        &settings.models,
        cached,
    );
    let included = match (input, kind) {
        (Input::File { path, .. }, FileKind::Markdown) => lint::include::follow(path, &loaded.file),
        _ => lint::include::Followed::default(),
    };
    let Applied {
        findings,
        fixed,
        text,
        diff,
        stdout,
    } = settings
        .action
        .apply(&loaded, findings, input, settings, &mut cache)?;
    Ok(Checked {
        fixed,
        diff,
        stdout,
        report: Some(report(loaded.file, findings, text)),
        included,
        ..Checked::default()
    })
}

/// The file's report: its findings, and the text they quote (`fixed_text`, or the file's as
/// read), with keys masked.
pub fn report(
    file: SourceFile,
    mut findings: Vec<Located>,
    fixed_text: Option<String>,
) -> FileReport {
    let text = fixed_text.as_deref().unwrap_or(&file.text);
    // The text the report quotes, kept until every file is checked.
    let shown = match findings.is_empty() {
        true => String::new(),
        false => shown_lines(text, &findings),
    };
    // Messages and fix texts quote the code they are about; keys in them are masked here, once,
    // for every format.
    for finding in &mut findings {
        if let Cow::Owned(masked) = mask_secrets(&finding.message) {
            finding.message = masked;
        }
        if let Some(Cow::Owned(masked)) = finding.fix.as_deref().map(mask_secrets) {
            finding.fix = Some(masked);
        }
    }
    FileReport {
        path: file.path,
        shown,
        findings,
    }
}

/// What a report may quote of `text`: the lines of the findings, keys masked, and every other
/// line blanked (spaces, line breaks kept, so offsets and line numbers stay). Only those lines
/// are masked (masking the whole text of every file with findings was 2% of lint's instructions
/// on the benchmark corpus) and no other line is kept, so none can be quoted unmasked.
fn shown_lines(text: &str, findings: &[Located]) -> String {
    let mut lines: Vec<std::ops::Range<usize>> = findings
        .iter()
        .map(|f| {
            let first = f.range.start.min(text.len());
            let last = f
                .range
                .end
                .max(f.range.start + 1)
                .min(text.len())
                .max(first)
                - 1;
            let start = memchr::memrchr(b'\n', &text.as_bytes()[..first]).map_or(0, |i| i + 1);
            let last = last.max(start);
            let end =
                memchr::memchr(b'\n', &text.as_bytes()[last..]).map_or(text.len(), |i| last + i);
            start..end.max(start)
        })
        .collect();
    lines.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len());
    let blank = |out: &mut String, part: &str| {
        out.extend(part.bytes().map(|b| if b == b'\n' { '\n' } else { ' ' }));
    };
    let mut copied = 0;
    for range in lines {
        if range.end <= copied {
            continue;
        }
        let start = range.start.max(copied);
        blank(&mut out, &text[copied..start]);
        out.push_str(&mask_secrets(&text[start..range.end]));
        copied = range.end;
    }
    blank(&mut out, &text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Severity;
    use crate::source::Position;

    #[test]
    fn the_report_keeps_only_the_finding_lines_masked() {
        let key = "sk-q8Ww3ZrT5yLp0VnB7xKc2MfH9dJs";
        let text = format!("a {key}\nKEY=\"{key}\" é\nlast {key}\n");
        let at = text.find("KEY=").unwrap();
        let finding = Located {
            rule: "leaked-key",
            severity: Severity::Error,
            message: String::new(),
            fix: None,
            autofix: None,
            range: at + 5..at + 5 + key.len(),
            start: Position { line: 2, column: 6 },
            end: Position {
                line: 2,
                column: 37,
            },
        };
        let shown = shown_lines(&text, &[finding]);
        assert_eq!(shown.len(), text.len());
        let lines: Vec<&str> = shown.split('\n').collect();
        assert_eq!(lines[0].trim(), "");
        assert_eq!(lines[1], format!("KEY=\"{}\" é", crate::secret::mask(key)));
        assert_eq!(lines[2].trim(), "");
        assert!(!shown.contains(&key[5..]));
    }
}
