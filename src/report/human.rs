//! The default output, for people: `path:line:col: error[rule]: message`, a code frame with a
//! caret under the offending token, the fix when there is one, then a summary line.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{FileReport, Summary, plural};
use crate::lint::Severity;
use crate::source::floor_char_boundary;

pub struct Human {
    pub color: bool,
}

impl Human {
    /// One file's findings, each with its code frame and fix.
    pub fn file(&self, report: &FileReport) -> String {
        let renderer = if self.color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let (bold, red, yellow, reset) = if self.color {
            ("\x1b[1m", "\x1b[1;31m", "\x1b[1;33m", "\x1b[0m")
        } else {
            ("", "", "", "")
        };
        let mut out = String::new();
        for f in &report.findings {
            let tint = if f.severity == Severity::Error {
                red
            } else {
                yellow
            };
            out.push_str(&format!(
                "{bold}{}:{}:{}:{reset} {tint}{}[{}]{reset}: {bold}{}{reset}\n",
                report.path,
                f.start.line,
                f.start.column,
                f.severity.name(),
                f.rule,
                f.message
            ));
            // The frame shows the finding's lines, from the masked text.
            let first = line_start(&report.shown, f.range.start);
            let last = line_end(&report.shown, f.range.end.max(f.range.start + 1) - 1).max(first);
            let source = &report.shown[first..last];
            let span = (f.range.start - first)
                ..(f.range.end - first)
                    .min(source.len())
                    .max(f.range.start - first);
            let level = if f.severity == Severity::Error {
                Level::ERROR
            } else {
                Level::WARNING
            };
            let group = Group::with_level(level).element(
                Snippet::source(source)
                    .line_start(f.start.line)
                    .annotation(AnnotationKind::Primary.span(span)),
            );
            out.push_str(&renderer.render(&[group]));
            out.push('\n');
            if let Some(fix) = &f.fix {
                out.push_str(&format!("  = fix: {fix}\n"));
            }
            out.push('\n');
        }
        out
    }
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..floor_char_boundary(text, offset)]
        .rfind('\n')
        .map_or(0, |i| i + 1)
}

fn line_end(text: &str, offset: usize) -> usize {
    let offset = floor_char_boundary(text, offset);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    if end > 0 && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

/// The closing line: counts, and what `--fix` can do.
pub fn summary_line(summary: &Summary) -> String {
    let files = plural(summary.files_checked, "file");
    let mut out = String::new();
    if summary.fixed > 0 {
        out.push_str(&format!("Fixed {}.\n", plural(summary.fixed, "finding")));
    }
    if summary.errors + summary.warnings == 0 {
        out.push_str(&format!("No problems found in {files}.\n"));
        return out;
    }
    out.push_str(&format!(
        "Found {} and {} in {files}.\n",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning")
    ));
    let (safe, unsafe_) = if summary.unsafe_fixes {
        (summary.fixable + summary.unsafe_fixable, 0)
    } else {
        (summary.fixable, summary.unsafe_fixable)
    };
    let option = if summary.unsafe_fixes {
        "`--fix --unsafe-fixes`"
    } else {
        "`--fix`"
    };
    match (safe, unsafe_) {
        (0, 0) => {}
        (0, n) => out.push_str(&format!(
            "{n} fixable with `--fix --unsafe-fixes` (they change what the request sends).\n"
        )),
        (n, 0) => out.push_str(&format!("{n} fixable with {option}.\n")),
        (n, m) => out.push_str(&format!(
            "{n} fixable with {option} ({m} more with `--fix --unsafe-fixes`).\n"
        )),
    }
    out
}
