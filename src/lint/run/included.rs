//! The files pages include, checked once each after every page (see [`crate::lint::include`]):
//! their findings reported at their own paths and lines, merged with the report of their own
//! check when the walk read them too, and fixed there with `--fix`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{Action, Run, Settings, file};
use crate::lint::include::{self, Included};
use crate::lint::{self, SnippetCache, fix};
use crate::save;
use crate::secret::mask_secrets;
use crate::source::SourceFile;

/// Checks (and fixes) every included file, adding what it finds to `run`.
pub fn check(run: &mut Run, included: Vec<Included>, settings: &Settings) {
    // The parts of each file that some page shows, from every page.
    let mut files: BTreeMap<PathBuf, Included> = BTreeMap::new();
    for file in included {
        let entry = files.entry(file.path.clone()).or_insert_with(|| Included {
            path: file.path.clone(),
            display: file.display.clone(),
            parts: Vec::new(),
        });
        for part in file.parts {
            if !entry.parts.contains(&part) {
                entry.parts.push(part);
            }
        }
    }
    for included in files.into_values() {
        if let Err(error) = check_one(run, &included, settings) {
            run.failures.push(error);
        }
    }
}

fn check_one(run: &mut Run, included: &Included, settings: &Settings) -> Result<(), String> {
    let bytes = crate::regular_file::read(&included.path, include::INCLUDE_LIMIT)
        .map_err(|e| format!("{}: cannot read: {e}", included.display))?;
    let text = crate::source::decode(bytes, &included.display).map_err(|e| e.to_string())?;
    let bom = if text.starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    };
    let file = SourceFile::new(included.display.clone(), text);
    let extract = |file: &SourceFile| include::snippets(file, &included.parts);
    let mut cache = SnippetCache::default();
    let findings = lint::check_snippets(
        &file,
        extract(&file),
        &settings.config,
        &settings.models,
        Some(&mut cache),
    );
    let fixable = findings
        .iter()
        .any(|f| fix::applies(f, settings.unsafe_fixes));
    let (findings, fixed_text) = match settings.action {
        Action::Fix | Action::Diff if fixable => {
            let fixed = fix::fix_snippets(
                &file,
                &extract,
                findings,
                &settings.config,
                &settings.models,
                settings.unsafe_fixes,
                &mut cache,
            );
            run.fixed += fixed.fixed;
            run.fixed_files += usize::from(fixed.fixed > 0);
            if settings.action == Action::Fix && fixed.text != file.text {
                save::replace(
                    &included.path,
                    format!("{bom}{}", file.text).as_bytes(),
                    format!("{bom}{}", fixed.text).as_bytes(),
                )
                .map_err(|e| e.to_string())?;
            } else if fixed.text != file.text {
                run.diffs.push(save::diff(
                    &file.path,
                    &mask_secrets(&file.text),
                    &mask_secrets(&fixed.text),
                ));
            }
            (fixed.findings, Some(fixed.text))
        }
        _ => (findings, None),
    };
    if findings.is_empty() {
        return Ok(());
    }
    let report = file::report(file, findings, fixed_text);
    // A file the walk checked as itself: the same finding once.
    match run.reports.iter_mut().find(|r| r.path == report.path) {
        Some(own) => {
            for finding in report.findings {
                if !own
                    .findings
                    .iter()
                    .any(|f| f.start == finding.start && f.rule == finding.rule)
                {
                    own.findings.push(finding);
                }
            }
            own.findings
                .sort_by(|a, b| (a.start, a.rule).cmp(&(b.start, b.rule)));
        }
        None => run.reports.push(report),
    }
    Ok(())
}
