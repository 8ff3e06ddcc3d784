//! `lint --fix`: a file's fixes applied one at a time, each kept only if the file, checked
//! again, proves it right — the fixed finding is gone, no finding appeared, and no snippet that
//! parsed cleanly now has a syntax error. A fix that fails this is left for the user (its
//! finding is still reported), so `--fix` never makes a file worse, and a second `--fix`
//! finds nothing more to do.

use std::collections::{HashMap, HashSet};

use super::{Applicability, Config, Located, check_file};
use crate::extract::{self, FileKind};
use crate::models::ModelTable;
use crate::parse;
use crate::source::SourceFile;

/// A file after `--fix`.
pub struct Fixed {
    /// The new text (BOM not included, as in [`SourceFile::text`]).
    pub text: String,
    /// How many findings the applied fixes removed.
    pub fixed: usize,
    /// What is left.
    pub findings: Vec<Located>,
}

/// Whether `--fix` (with `unsafe_fixes` or not) makes this finding's fix.
pub fn applies(finding: &Located, unsafe_fixes: bool) -> bool {
    finding
        .autofix
        .as_ref()
        .is_some_and(|fix| unsafe_fixes || fix.applicability == Applicability::Safe)
}

/// Applies every fix that `--fix` makes to `file`, whose findings are `findings`.
pub fn fix_file(
    file: &SourceFile,
    kind: FileKind,
    findings: Vec<Located>,
    config: &Config,
    models: &ModelTable,
    unsafe_fixes: bool,
) -> Fixed {
    let mut text = file.text.clone();
    let mut findings = findings;
    let mut broken = syntax_errors(&file.path, &text, kind);
    let mut fixed = 0;
    // Fixes that did not check out, by what they were for; not tried again.
    let mut refused: HashSet<(&'static str, String, String)> = HashSet::new();
    let key =
        |f: &Located, text: &str| (f.rule, f.message.clone(), text[f.range.clone()].to_owned());
    while let Some(finding) = findings
        .iter()
        .find(|f| applies(f, unsafe_fixes) && !refused.contains(&key(f, &text)))
    {
        let autofix = finding.autofix.as_ref().expect("applies");
        let mut candidate = text.clone();
        for edit in autofix.edits.iter().rev() {
            candidate.replace_range(edit.range.clone(), &edit.text);
        }
        let after = check_file(
            &SourceFile::new(file.path.clone(), candidate.clone()),
            kind,
            config,
            models,
        );
        let after_broken = syntax_errors(&file.path, &candidate, kind);
        if better(&findings, &after, finding.rule) && after_broken <= broken {
            text = candidate;
            fixed += findings.len() - after.len();
            findings = after;
            broken = after_broken;
        } else {
            refused.insert(key(finding, &text));
        }
    }
    Fixed {
        text,
        fixed,
        findings,
    }
}

/// Fewer findings of `rule`, and not more of any.
fn better(before: &[Located], after: &[Located], rule: &str) -> bool {
    let count = |findings: &[Located]| {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for f in findings {
            *counts.entry(f.rule).or_default() += 1;
        }
        counts
    };
    let (before, after) = (count(before), count(after));
    after.get(rule).copied().unwrap_or(0) < before.get(rule).copied().unwrap_or(0)
        && after
            .iter()
            .all(|(rule, n)| *n <= before.get(rule).copied().unwrap_or(0))
}

/// How many of the file's relay snippets have a syntax error.
fn syntax_errors(path: &str, text: &str, kind: FileKind) -> usize {
    let file = SourceFile::new(path, text.to_owned());
    extract::snippets(&file, kind)
        .iter()
        .filter(|s| super::mentions_relay(s.code.as_bytes()) && parse::has_syntax_error(s))
        .count()
}
