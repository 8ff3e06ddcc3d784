//! The rules and how they run: a snippet's parsed requests go through every enabled rule, and
//! what they find is placed back in the file.
//!
//! Only requests to the relay are checked — an SDK client, a URL on an open1 host, on
//! api.openai.com or on a configured base URL's host, or an OpenAI-style endpoint path
//! (`/v1/responses`, `/chat/completions`…) on any host. Everything else is left alone: a false alarm costs users more than a miss.

pub mod edit;
pub mod fix;
pub mod include;
mod relay;
pub mod rules;
pub mod run;

use std::collections::HashMap;
use std::ops::Range;

use crate::extract::{self, Dialect, Disabled, FileKind, Snippet, WindowsShell};
use crate::models::ModelTable;
use crate::parse::{self, Call, Parsed, Span};
use crate::source::{Position, SourceFile, floor_char_boundary};

// The config lives in `crate::config`; the library's `lint::Config` path stays for its users
// (the fuzz targets, the property tests).
pub use crate::config::{self, Config};
pub use edit::{Applicability, Autofix, Edit};
pub use relay::{mentions_relay, worth_reading};
pub use rules::{RULES, Rule};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What a rule reports, in the snippet's coordinates.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    /// What to write instead, when there is one clear answer.
    pub fix: Option<String>,
    /// The fix as edits to the snippet, when `--fix` can make it.
    pub autofix: Option<Autofix>,
    pub span: Span,
}

impl Finding {
    pub fn new(rule: &Rule, span: Span, message: impl Into<String>) -> Self {
        Finding {
            rule: rule.id,
            severity: rule.severity,
            message: message.into(),
            fix: None,
            autofix: None,
            span,
        }
    }

    /// The edits that make the fix; none (a fix that cannot be made here) leaves it to the user.
    pub fn autofix(mut self, applicability: Applicability, edits: Vec<Edit>) -> Self {
        if !edits.is_empty() {
            self.autofix = Some(Autofix {
                applicability,
                edits,
            });
        }
        self
    }

    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// A finding placed in its file.
#[derive(Debug, Clone)]
pub struct Located {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub fix: Option<String>,
    /// `--fix` can make the fix: its edits in the file's text, in order.
    pub autofix: Option<FileFix>,
    /// Byte range in the file's text.
    pub range: Range<usize>,
    pub start: Position,
    pub end: Position,
}

/// A fix placed in its file: byte ranges of the file's text and what replaces them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFix {
    pub applicability: Applicability,
    pub edits: Vec<FileEdit>,
}

/// One edit of a fix, in the file: the byte range it replaces (empty: an insertion), where that
/// is as people count, and the new text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEdit {
    pub range: Range<usize>,
    pub start: Position,
    pub end: Position,
    pub text: String,
}

/// What a rule sees of one snippet.
pub struct Context<'a> {
    pub snippet: &'a Snippet,
    pub parsed: &'a Parsed,
    /// The snippet's requests to the relay.
    pub calls: Vec<&'a Call>,
    /// The models the snippet names for those requests, with where.
    pub named_models: Vec<(String, Span)>,
    pub config: &'a Config,
    pub models: &'a ModelTable,
}

/// Every finding in a file, in order.
pub fn check_file(
    file: &SourceFile,
    kind: FileKind,
    config: &Config,
    models: &ModelTable,
) -> Vec<Located> {
    check_file_cached(file, kind, config, models, None)
}

/// The findings of snippets already checked, by all that the rules see of a snippet (its
/// dialect, code, whether it runs in a browser, the rules turned off for it): `--fix` checks a
/// file again after each pass, and most of its snippets are then as they were.
#[derive(Default)]
pub struct SnippetCache(HashMap<SnippetKey, Vec<Finding>>);

/// All that the rules see of a snippet: its dialect, whether it runs in a browser, whether it
/// is a whole file, its Windows shell, the rules turned off for it, and its code.
type SnippetKey = (Dialect, bool, bool, Option<WindowsShell>, Disabled, String);

/// [`check_file`], taking the findings of snippets already in `cache` from it and putting the
/// others there.
pub fn check_file_cached(
    file: &SourceFile,
    kind: FileKind,
    config: &Config,
    models: &ModelTable,
    cache: Option<&mut SnippetCache>,
) -> Vec<Located> {
    check_snippets(file, extract::snippets(file, kind), config, models, cache)
}

/// The findings of `snippets`, which stand in `file`, in order.
pub fn check_snippets(
    file: &SourceFile,
    snippets: Vec<Snippet>,
    config: &Config,
    models: &ModelTable,
    mut cache: Option<&mut SnippetCache>,
) -> Vec<Located> {
    let mut located = Vec::new();
    for snippet in snippets {
        let findings = match cache.as_deref_mut() {
            None => snippet_findings(&snippet, config, models),
            Some(cache) => {
                let key = (
                    snippet.dialect,
                    snippet.in_browser,
                    snippet.whole_file,
                    snippet.windows,
                    snippet.disabled.clone(),
                    snippet.code.clone(),
                );
                cache
                    .0
                    .entry(key)
                    .or_insert_with(|| snippet_findings(&snippet, config, models))
                    .clone()
            }
        };
        for finding in findings {
            let code = &snippet.code;
            let first = floor_char_boundary(code, finding.span.start);
            // The end is placed after the span's last character, which may be in another run
            // of the code than the one right after it (a block quote's next line).
            let last = floor_char_boundary(code, finding.span.end.max(first + 1) - 1).max(first);
            let last_len = code[last..].chars().next().map_or(1, char::len_utf8);
            let start = floor_char_boundary(&file.text, snippet.file_offset(first));
            let end =
                floor_char_boundary(&file.text, snippet.file_offset(last) + last_len).max(start);
            let autofix = finding
                .autofix
                .and_then(|autofix| place_fix(file, &snippet, autofix));
            let place = Located {
                rule: finding.rule,
                severity: finding.severity,
                message: finding.message,
                fix: finding.fix,
                autofix,
                start: file.position(start),
                end: file.position(end),
                range: start..end,
            };
            if !ignored_inline(file, &place) {
                located.push(place);
            }
        }
    }
    located.sort_by(|a, b| (a.start, a.rule).cmp(&(b.start, b.rule)));
    located.dedup_by(|a, b| a.start == b.start && a.rule == b.rule && a.message == b.message);
    located
}

/// What the rules find in one snippet, in the snippet's coordinates. The rules about requests
/// read the snippet's relay calls, so only a snippet that may make one is parsed; the key scan
/// reads the code itself, and runs on every snippet that holds a key's prefix.
fn snippet_findings(snippet: &Snippet, config: &Config, models: &ModelTable) -> Vec<Finding> {
    let code = snippet.code.as_bytes();
    let relays = config.relays();
    let key_candidate = memchr::memmem::find(code, b"sk-").is_some();
    let requests = relay::may_call_relay(code) || relay::names_configured_host(code, relays);
    let parsed = match requests {
        true => parse::parse(snippet),
        false if key_candidate => Parsed::default(),
        false => return Vec::new(),
    };
    let calls: Vec<&Call> = parsed
        .calls
        .iter()
        .filter(|call| relay::is_relay_call(call) || relay::goes_to(call, relays))
        .collect();
    // Without a request to the relay, only the rules that read the code itself run: the key scan
    // on a snippet holding a key's prefix, and (on a snippet that names the relay) the rules of
    // how its lines continue and which shell it is written for — a command broken before its URL,
    // a curl command in a PowerShell block.
    let no_calls = calls.is_empty();
    let runs = |rule: &Rule| {
        !no_calls
            || requests && rules::READ_CODE.contains(&rule.id)
            || key_candidate && rule.id == rules::LEAKED_KEY.id
    };
    let context = Context {
        snippet,
        parsed: &parsed,
        named_models: rules::named_models(&parsed, &calls),
        calls,
        config,
        models,
    };
    let mut findings = Vec::new();
    for rule in RULES.iter().filter(|rule| runs(rule)) {
        let Some(severity) = config.severity(rule) else {
            continue;
        };
        if snippet.disabled.covers(rule.id) {
            continue;
        }
        let before = findings.len();
        (rule.check)(&context, &mut findings);
        for finding in &mut findings[before..] {
            // A configured severity replaces the rule's, a finding's own lower one stays.
            finding.severity = if severity == rule.severity {
                finding.severity
            } else {
                severity
            };
        }
    }
    findings
}

/// A snippet's fix in file coordinates; `None` when an edit would cross what the snippet does
/// not hold (a block quote's `>` between two lines of code).
fn place_fix(file: &SourceFile, snippet: &Snippet, autofix: Autofix) -> Option<FileFix> {
    let mut edits = Vec::new();
    for edit in autofix.edits {
        let mut range = snippet.file_range(edit.span)?;
        // The code has `\n` where a CRLF file has `\r\n`: what goes before or replaces the
        // line break goes before its `\r`.
        if file.text[range.start..].starts_with('\n') && file.text[..range.start].ends_with('\r') {
            let empty = range.is_empty();
            range.start -= 1;
            if empty {
                range.end = range.start;
            }
        }
        let text = if edit.text.contains('\n') {
            let (ending, prefix) = snippet.new_line(&file.text, range.start);
            edit.text.replace('\n', &format!("{ending}{prefix}"))
        } else {
            edit.text
        };
        // An edit that rewrites a key along with what it fixes (a URL's scheme, its query's
        // `?key=sk-…` with it) is narrowed to what changes, so the key stays out of SARIF's
        // replacements; other edits keep whole words, as people read them.
        let (range, text) = match crate::secret::find_secrets(&text).is_empty() {
            true => (range, text),
            false => narrowed(&file.text, range, &text),
        };
        edits.push(FileEdit {
            start: file.position(range.start),
            end: file.position(range.end),
            range,
            text,
        });
    }
    edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let overlapping = edits.windows(2).any(|w| w[0].range.end > w[1].range.start);
    (!overlapping).then_some(FileFix {
        applicability: autofix.applicability,
        edits,
    })
}

/// An edit of `text[range]` into `new`, narrowed to the part that changes: the common start and
/// end are left out (whole characters only).
fn narrowed(text: &str, range: Range<usize>, new: &str) -> (Range<usize>, String) {
    let old = &text[range.clone()];
    let prefix: usize = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let suffix: usize = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    (
        range.start + prefix..range.end - suffix,
        new[prefix..new.len() - suffix].to_owned(),
    )
}

/// `open1-snip: ignore` or `open1-snip: ignore[rule, …]` in a comment on the finding's line.
fn ignored_inline(file: &SourceFile, finding: &Located) -> bool {
    let line = &file.text[file.line_range(finding.start.line)];
    let Some(at) = line.find("open1-snip: ignore") else {
        return false;
    };
    let rest = &line[at + "open1-snip: ignore".len()..];
    match rest.strip_prefix('[').and_then(|r| r.split_once(']')) {
        Some((rules, _)) => rules.split([',', ' ']).any(|r| r.trim() == finding.rule),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_fix_is_narrowed_to_what_changes() {
        let text =
            "curl \"http://www.open1.codes/v1/responses?key=sk-q8Ww3ZrT5yLp0VnB7xKc2MfH9dJs\"";
        let url = 6..text.len() - 1;
        let fixed = text[url.clone()].replacen("http:", "https:", 1);
        assert_eq!(super::narrowed(text, url, &fixed), (10..10, "s".to_owned()));
        // Whole characters only: é and è share their first byte.
        assert_eq!(super::narrowed("aéb", 0..4, "aèb"), (1..3, "è".to_owned()));
        assert_eq!(super::narrowed("same", 0..4, "same"), (4..4, String::new()));
    }
}
