//! `lint --fix`: a file's fixes applied in passes, as ruff does — every fix that does not touch
//! another's text at once — each kept only if the file, checked again, proves it right: the
//! fixed findings are gone, no finding appeared, and no snippet that parsed cleanly now has a
//! syntax error. A fix that fails this is left for the user (its finding is still reported), so
//! `--fix` never makes a file worse, and a second `--fix` finds nothing more to do.
//!
//! A pass costs one check of the file when its fixes check out, which is what fixes do; when
//! they do not, the pass is halved until the fixes at fault are found alone (a few checks per
//! bad fix), and at most [`MAX_CHECKS`] checks are made in all: the cost grows with the file,
//! not with the file times its number of fixes.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{Applicability, FileEdit, Located, SnippetCache, check_snippets};
use crate::config::Config;
use crate::extract::{self, Dialect, FileKind, Snippet};
use crate::models::ModelTable;
use crate::parse;
use crate::source::SourceFile;

/// The most times one file is checked again; fixes not yet tried then are left for the user.
const MAX_CHECKS: usize = 64;

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

/// The file as one state of fixing: its text, findings and snippets with a syntax error.
struct State {
    text: String,
    findings: Vec<Located>,
    broken: usize,
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
    let mut cache = SnippetCache::default();
    fix_file_cached(
        file,
        kind,
        findings,
        config,
        models,
        unsafe_fixes,
        &mut cache,
    )
}

/// [`fix_file`], with the findings of the snippets `cache` holds (the check that found
/// `findings` filled it): each check after a pass reads again only the snippets it changed.
pub fn fix_file_cached(
    file: &SourceFile,
    kind: FileKind,
    findings: Vec<Located>,
    config: &Config,
    models: &ModelTable,
    unsafe_fixes: bool,
    cache: &mut SnippetCache,
) -> Fixed {
    let extract = |file: &SourceFile| extract::snippets(file, kind);
    fix_snippets(
        file,
        &extract,
        findings,
        config,
        models,
        unsafe_fixes,
        cache,
    )
}

/// [`fix_file_cached`] for a file whose snippets `extract` finds (an included file: the parts
/// of it that pages show).
pub fn fix_snippets(
    file: &SourceFile,
    extract: &dyn Fn(&SourceFile) -> Vec<Snippet>,
    findings: Vec<Located>,
    config: &Config,
    models: &ModelTable,
    unsafe_fixes: bool,
    cache: &mut SnippetCache,
) -> Fixed {
    // Whether a snippet (by dialect and code) has a syntax error, for the same reason.
    let syntax = std::cell::RefCell::new(HashMap::new());
    let syntax_errors =
        |text: &str| syntax_errors(&file.path, text, extract, &mut syntax.borrow_mut());
    let cache = std::cell::RefCell::new(cache);
    let mut state = State {
        broken: syntax_errors(&file.text),
        text: file.text.clone(),
        findings,
    };
    let mut fixed = 0;
    let mut checks = 0;
    // Fixes that did not check out, by what they were for; not tried again.
    let mut refused: HashSet<(&'static str, String, String)> = HashSet::new();
    let key =
        |f: &Located, text: &str| (f.rule, f.message.clone(), text[f.range.clone()].to_owned());
    // The file as it would be with `group` (indices into `state.findings`) fixed, if that
    // checks out against `state`.
    let try_group = |state: &State, group: &[usize]| -> Option<State> {
        let edits = group
            .iter()
            .flat_map(|&i| &state.findings[i].autofix.as_ref().expect("applies").edits);
        let text = apply(&state.text, edits);
        let fixed_file = SourceFile::new(file.path.clone(), text.clone());
        let after = check_snippets(
            &fixed_file,
            extract(&fixed_file),
            config,
            models,
            Some(&mut cache.borrow_mut()),
        );
        let broken = syntax_errors(&text);
        let rules = group.iter().map(|&i| state.findings[i].rule);
        (better(&state.findings, &after, rules) && broken <= state.broken).then_some(State {
            text,
            findings: after,
            broken,
        })
    };
    while checks < MAX_CHECKS {
        let batch = pass(&state, |f| {
            applies(f, unsafe_fixes) && !refused.contains(&key(f, &state.text))
        });
        if batch.is_empty() {
            break;
        }
        // Groups of the batch that check out, each alone, in order; a group that does not is
        // halved, and a single fix that does not is refused.
        let mut good: Vec<(Vec<usize>, State)> = Vec::new();
        let mut pending = vec![batch];
        while let Some(group) = pending.pop() {
            if checks == MAX_CHECKS {
                break;
            }
            checks += 1;
            match try_group(&state, &group) {
                Some(after) => good.push((group, after)),
                None if group.len() == 1 => {
                    refused.insert(key(&state.findings[group[0]], &state.text));
                }
                None => {
                    let (first, second) = group.split_at(group.len() / 2);
                    pending.push(second.to_vec());
                    pending.push(first.to_vec());
                }
            }
        }
        let next = match good.len() {
            0 => continue,
            1 => good.pop().map(|(_, after)| after),
            // Fixes that check out apart are kept together only if they check out together;
            // else the first group alone (it did).
            _ if checks < MAX_CHECKS => {
                checks += 1;
                let all: Vec<usize> = good.iter().flat_map(|(g, _)| g.iter().copied()).collect();
                try_group(&state, &all).or_else(|| good.into_iter().next().map(|(_, s)| s))
            }
            _ => good.into_iter().next().map(|(_, s)| s),
        };
        if let Some(next) = next {
            fixed += state.findings.len() - next.findings.len();
            state = next;
        }
    }
    Fixed {
        text: state.text,
        fixed,
        findings: state.findings,
    }
}

/// One pass: the findings (indices, in order) whose fixes `wanted` takes, leaving out each fix
/// that touches or borders an earlier one's edits (it waits for the next pass, made from the
/// findings of the file as fixed).
fn pass(state: &State, wanted: impl Fn(&Located) -> bool) -> Vec<usize> {
    // Edits taken so far, start → end; they never touch each other.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut batch = Vec::new();
    for (i, finding) in state.findings.iter().enumerate() {
        if !wanted(finding) {
            continue;
        }
        let edits = &finding.autofix.as_ref().expect("wanted fixes apply").edits;
        let clashes = edits.iter().any(|edit| {
            taken
                .range(..=edit.range.end)
                .next_back()
                .is_some_and(|(_, &end)| end >= edit.range.start)
        });
        if !clashes {
            for edit in edits {
                taken.insert(edit.range.start, edit.range.end);
            }
            batch.push(i);
        }
    }
    batch
}

/// `text` with `edits` (which do not overlap) made, in one pass over it.
fn apply<'a>(text: &str, edits: impl Iterator<Item = &'a FileEdit>) -> String {
    let mut edits: Vec<&FileEdit> = edits.collect();
    edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.text);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Each of `rules` (one per fix, a rule once per fix of it) has that many findings fewer, and
/// no rule has more.
fn better<'a>(before: &[Located], after: &[Located], rules: impl Iterator<Item = &'a str>) -> bool {
    let count = |findings: &[Located]| {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for f in findings {
            *counts.entry(f.rule).or_default() += 1;
        }
        counts
    };
    let (before, after) = (count(before), count(after));
    let mut fixed: HashMap<&str, usize> = HashMap::new();
    for rule in rules {
        *fixed.entry(rule).or_default() += 1;
    }
    fixed.iter().all(|(rule, n)| {
        after.get(rule).copied().unwrap_or(0) + n <= before.get(rule).copied().unwrap_or(0)
    }) && after
        .iter()
        .all(|(rule, n)| *n <= before.get(rule).copied().unwrap_or(0))
}

/// How many of the file's snippets that a fix may touch (see `fix_may_touch`) have a syntax
/// error; `known` holds the answer for
/// snippets (by dialect and code) parsed before.
fn syntax_errors(
    path: &str,
    text: &str,
    extract: &dyn Fn(&SourceFile) -> Vec<Snippet>,
    known: &mut HashMap<(Dialect, String), bool>,
) -> usize {
    let file = SourceFile::new(path, text.to_owned());
    extract(&file)
        .iter()
        .filter(|s| super::relay::fix_may_touch(s.code.as_bytes()))
        .filter(|s| {
            *known
                .entry((s.dialect, s.code.clone()))
                .or_insert_with(|| parse::has_syntax_error(s))
        })
        .count()
}
