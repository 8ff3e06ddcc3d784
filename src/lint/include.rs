//! Following a page's includes (`<<< @/…` imports, `--8<--` snippets; see
//! [`crate::extract::include`]) to the files they name, safely: `lint` runs in CI on strangers'
//! pull requests, and what it reads ends up in its report.
//!
//! - Only files inside the page's project root are read (the folder of the nearest
//!   `open1-snip.toml`, else the git work tree, else the page's folder — the root `sync` uses),
//!   after symlinks are resolved; `..` out of it, absolute paths and `.git` are refused.
//! - Only regular files, and at most [`INCLUDE_LIMIT`] bytes of one.
//! - An included page's own includes are followed, at most [`MOST_DEPTH`] deep; a cycle, a
//!   missing file or a refused path is a warning at the page's line, never an error.
//!
//! Each file is read once per run, after every page: the pages' findings in it are reported at
//! its own path and lines, merged with the findings of its own check when the walk read it too
//! (the same finding once), and `--fix` writes its fixes there.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::extract::include::{Base, Include, Reading, Selection, includes};
use crate::extract::{self, Flavor, Snippet};
use crate::source::SourceFile;
use crate::sync::root::Root;

/// The most read from one included file, as for a request description.
pub const INCLUDE_LIMIT: u64 = crate::regular_file::REQUEST_LIMIT;
/// How deep included pages' includes are followed.
const MOST_DEPTH: usize = 8;

/// A file some page shows part of, and which parts.
#[derive(Debug)]
pub struct Included {
    /// Resolved (symlinks followed), inside the page's root.
    pub path: PathBuf,
    /// The path as reports show it.
    pub display: String,
    pub parts: Vec<(Selection, Reading)>,
}

/// What following a page's includes found: the files to check, and warnings.
#[derive(Debug, Default)]
pub struct Followed {
    pub files: Vec<Included>,
    pub warnings: Vec<String>,
}

/// Follows the includes of `page`, read from `path`.
pub fn follow(path: &Path, page: &SourceFile) -> Followed {
    let mut followed = Followed::default();
    let directives = includes(&page.text, Flavor::of(&page.path));
    if directives.is_empty() {
        return followed;
    }
    let folder = path.parent().unwrap_or(Path::new(""));
    let Ok(root) = Root::of(folder) else {
        return followed;
    };
    let Ok(start) = std::fs::canonicalize(path) else {
        return followed;
    };
    let mut files: BTreeMap<PathBuf, Included> = BTreeMap::new();
    let mut stack = vec![start];
    visit(
        &root,
        page,
        folder,
        directives,
        &mut stack,
        &mut files,
        &mut followed.warnings,
    );
    followed.files = files.into_values().collect();
    followed
}

fn visit(
    root: &Root,
    page: &SourceFile,
    folder: &Path,
    directives: Vec<Include>,
    stack: &mut Vec<PathBuf>,
    files: &mut BTreeMap<PathBuf, Included>,
    warnings: &mut Vec<String>,
) {
    for include in directives {
        let at = page.position(include.at);
        let warn = |warnings: &mut Vec<String>, why: String| {
            warnings.push(format!(
                "{}:{}:{}: `{}`: {why}",
                page.path, at.line, at.column, include.written
            ));
        };
        let base = base(root, folder, include.base);
        let target = match root.resolve(&base, Path::new(&include.path), "the include") {
            Ok(target) => target,
            Err(why) => {
                warn(warnings, why);
                continue;
            }
        };
        // A file lint does not read (an image, a JSON file) is not opened.
        let Some(reading) = include.reading_of() else {
            continue;
        };
        let display = crate::walk::display(&target);
        let text = match read(&target, &display) {
            Ok(text) => text,
            Err(why) => {
                warn(warnings, why);
                continue;
            }
        };
        // A page including one of the pages that include it.
        if reading == Reading::Page
            && let Some(first) = stack.iter().position(|p| *p == target)
        {
            let cycle: Vec<String> = stack[first..]
                .iter()
                .chain([&target])
                .map(|p| crate::walk::display(p))
                .collect();
            warn(
                warnings,
                format!("an include cycle: {}", cycle.join(" includes ")),
            );
            continue;
        }
        let file = SourceFile::new(display.clone(), text);
        if let Selection::Region(name) = &include.selection
            && include.selection.lines(&file.text).is_none()
        {
            warn(warnings, format!("{display} has no region `{name}`"));
            continue;
        }
        let entry = files.entry(target.clone()).or_insert_with(|| Included {
            path: target.clone(),
            display: display.clone(),
            parts: Vec::new(),
        });
        let part = (include.selection.clone(), reading);
        if entry.parts.contains(&part) {
            continue;
        }
        entry.parts.push(part);
        if reading != Reading::Page {
            continue;
        }
        if stack.len() >= MOST_DEPTH {
            warn(
                warnings,
                format!("includes nested more than {MOST_DEPTH} deep are not followed"),
            );
            continue;
        }
        let nested = includes(&file.text, Flavor::of(&file.path));
        stack.push(target.clone());
        let inner = target.parent().unwrap_or(Path::new("")).to_owned();
        visit(root, &file, &inner, nested, stack, files, warnings);
        stack.pop();
    }
}

/// The folder a written path starts from: the page's; VitePress's `@`, the folder holding the
/// nearest `.vitepress` above the page (its default source root; a `srcDir` set in the config
/// is not read); pymdownx.snippets' base path, the folder of the nearest `mkdocs.yml` (where
/// `mkdocs` runs: the default base path is the working directory). Without one, the root.
fn base(root: &Root, folder: &Path, base: Base) -> PathBuf {
    let holding = |names: &[&str]| {
        let folder = std::fs::canonicalize(if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        })
        .ok()?;
        folder
            .ancestors()
            .take_while(|dir| dir.starts_with(root.path()))
            .find(|dir| names.iter().any(|name| dir.join(name).exists()))
            .map(Path::to_owned)
    };
    match base {
        Base::Page => Some(folder.to_owned()),
        Base::VitePress => holding(&[".vitepress"]),
        Base::MkDocs => holding(&["mkdocs.yml", "mkdocs.yaml"]),
    }
    .unwrap_or_else(|| root.path().to_owned())
}

/// The text of an included file: a regular file, bounded, UTF-8.
fn read(path: &Path, display: &str) -> Result<String, String> {
    let bytes = crate::regular_file::read(path, INCLUDE_LIMIT).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("{display}: no such file"),
        _ => format!("{display}: {e}"),
    })?;
    crate::source::decode(bytes, display).map_err(|e| e.to_string())
}

/// The snippets the pages show of `file`, whose parts they include.
pub fn snippets(file: &SourceFile, parts: &[(Selection, Reading)]) -> Vec<Snippet> {
    parts
        .iter()
        .flat_map(|(selection, reading)| extract::shown(file, selection, *reading))
        .collect()
}
