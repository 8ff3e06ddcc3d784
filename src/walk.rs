//! Finding the files to read: directories walked in parallel, honouring .gitignore and .ignore,
//! skipping `node_modules` and hidden files and folders — but for the dotenv files and
//! `.codex/config.toml` that repositories commit and docs ship (`.env.example`) —, and the config's include and exclude globs (the
//! config builds the [`PathFilter`]; the walk does not read the config).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::extract::FileKind;

/// A file the walk found, of a kind we read.
pub struct Found {
    pub path: PathBuf,
    /// The path as the user would write it.
    pub display: String,
    pub kind: FileKind,
}

/// Walks `roots` on `threads` threads (0: one per CPU), handing each file of a kind we read that
/// `filter` accepts to `visit`, on the walk's own threads; returns the errors met on the way.
pub fn walk(
    roots: &[PathBuf],
    filter: &PathFilter,
    threads: usize,
    visit: &(dyn Fn(Found) + Sync),
) -> Vec<String> {
    let errors: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let mut builder = ignore::WalkBuilder::new(&roots[0]);
    for root in &roots[1..] {
        builder.add(root);
    }
    builder
        .require_git(false)
        .threads(threads)
        .hidden(false)
        .filter_entry(|entry| entry.depth() == 0 || wanted(entry))
        .build_parallel()
        .run(|| {
            Box::new(|entry| {
                match entry {
                    Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                        let path = entry.into_path();
                        let kind = FileKind::of(&path.to_string_lossy());
                        if let Some(kind) = kind.filter(|_| filter.accepts(&path)) {
                            visit(Found {
                                display: display(&path),
                                path,
                                kind,
                            });
                        }
                    }
                    Ok(_) => {}
                    Err(error) => errors
                        .lock()
                        .expect("no panics while locked")
                        .push(error.to_string()),
                }
                ignore::WalkState::Continue
            })
        });
    errors.into_inner().expect("walk finished")
}

/// Whether the walk goes into a folder or reads a file (below the roots it was given). No
/// allocation for the common entry: a name that is neither hidden nor in `.codex`.
fn wanted(entry: &ignore::DirEntry) -> bool {
    let name = entry.file_name();
    if name == "node_modules" {
        return false;
    }
    let hidden = name.as_encoded_bytes().first() == Some(&b'.');
    let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
    let in_codex = || {
        entry
            .path()
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|parent| parent == ".codex")
    };
    let read_all_the_same = || FileKind::hidden_but_read(&entry.path().to_string_lossy());
    match (hidden, is_dir) {
        // `.codex` is walked for its config.toml alone.
        (true, true) => name == ".codex",
        (true, false) => read_all_the_same(),
        (false, _) if in_codex() => !is_dir && read_all_the_same(),
        (false, _) => true,
    }
}

/// A path as the user would write it: relative to the working directory when it is below it,
/// without a leading `./`.
pub fn display(path: &Path) -> String {
    let relative = path
        .is_absolute()
        .then(std::env::current_dir)
        .and_then(Result::ok)
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_owned))
        .unwrap_or_else(|| path.to_owned());
    let text = relative.to_string_lossy();
    text.strip_prefix("./").unwrap_or(&text).to_owned()
}

/// The config's include and exclude globs, relative to its folder.
pub struct PathFilter {
    root: PathBuf,
    include: Option<globset::GlobSet>,
    exclude: globset::GlobSet,
}

impl PathFilter {
    /// Globs matched against paths relative to `root`; `include: None` lets every file in.
    pub fn new(root: &Path, include: Option<globset::GlobSet>, exclude: globset::GlobSet) -> Self {
        PathFilter {
            root: std::fs::canonicalize(root).unwrap_or_default(),
            include,
            exclude,
        }
    }

    pub fn accepts(&self, path: &Path) -> bool {
        if self.include.is_none() && self.exclude.is_empty() {
            return true;
        }
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        let relative = absolute.strip_prefix(&self.root).unwrap_or(&absolute);
        self.include
            .as_ref()
            .is_none_or(|set| set.is_match(relative))
            && !self.exclude.is_match(relative)
    }
}
