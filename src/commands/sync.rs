//! `open1-snip sync`: paths → Markdown files → marker pairs → generated blocks → files written,
//! or a diff of each stale file (`--check`).
//!
//! All or nothing: every file's new text is built first, and if any marker anywhere cannot be
//! regenerated (or a path cannot be read), every error is printed and no file is written. Files
//! that do not change are never written, so their modification times stay. Directories are walked
//! like `lint` walks them (.gitignore, the config's include and exclude), Markdown files only; a
//! file without `open1-snip` in it is skipped before any parsing.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::cli::SyncArgs;
use crate::error::Error;
use crate::extract::FileKind;
use crate::lint::Config;
use crate::request::Description;
use crate::save;
use crate::sync::{self, Block, options};
use crate::walk::{self, Found, PathFilter, display};

/// The outcome of a sync run, for `run` to turn into an exit code.
pub struct Synced {
    /// `--check` found a block that is not what its marker generates.
    pub stale: bool,
    /// An error was reported (and, without `--check`, nothing was written).
    pub failed: bool,
}

/// A Markdown file that may hold markers.
struct Page {
    /// `None` for standard input.
    path: Option<PathBuf>,
    display: String,
    bytes: Vec<u8>,
}

/// A page whose blocks were all generated.
struct Done {
    page: Page,
    old: String,
    new: sync::Synced,
}

pub fn sync(args: &SyncArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<Synced, Error> {
    let config = Config::load(args.config.as_deref())?;
    let filter = PathFilter::new(&config);
    let (pages, mut errors, files_read) = read_pages(args, &filter);
    for error in &errors {
        writeln!(err, "error: {error}").map_err(Error::Write)?;
    }

    let mut done: Vec<Done> = Vec::new();
    for page in pages {
        match sync_page(page, err)? {
            Ok(synced) => done.push(synced),
            Err(page_errors) => {
                for error in &page_errors {
                    writeln!(err, "error: {error}").map_err(Error::Write)?;
                }
                errors.extend(page_errors);
            }
        }
    }

    let blocks: usize = done.iter().map(|d| d.new.blocks).sum();
    let stale: usize = done.iter().map(|d| d.new.stale).sum();
    let marked_files = done.iter().filter(|d| d.new.blocks > 0).count();
    let stale_files = done.iter().filter(|d| d.new.stale > 0).count();

    if args.check {
        for d in done.iter().filter(|d| d.new.stale > 0) {
            out.write_all(save::diff(&d.page.display, &d.old, &d.new.text).as_bytes())
                .map_err(Error::Write)?;
        }
        let summary = if stale > 0 {
            format!(
                "Stale: {stale} of {}, in {}; run `open1-snip sync` to regenerate {}.",
                count(blocks, "block"),
                count(stale_files, "file"),
                if stale == 1 { "it" } else { "them" }
            )
        } else {
            up_to_date(blocks, marked_files, files_read)
        };
        writeln!(err, "{summary}").map_err(Error::Write)?;
        return Ok(Synced {
            stale: stale > 0,
            failed: !errors.is_empty(),
        });
    }

    if !errors.is_empty() {
        writeln!(
            err,
            "Nothing written: {}; fix {} and run again.",
            count(errors.len(), "error"),
            if errors.len() == 1 { "it" } else { "them" }
        )
        .map_err(Error::Write)?;
        return Ok(Synced {
            stale: false,
            failed: true,
        });
    }
    let mut failed = false;
    for d in &done {
        match &d.page.path {
            // Standard input is a filter: its text always goes to standard output.
            None => out.write_all(d.new.text.as_bytes()).map_err(Error::Write)?,
            Some(_) if d.new.stale == 0 => {}
            Some(path) => {
                if let Err(error) = save::replace(path, &d.page.bytes, d.new.text.as_bytes()) {
                    writeln!(err, "error: {error}").map_err(Error::Write)?;
                    failed = true;
                }
            }
        }
    }
    let summary = if stale > 0 {
        format!(
            "Synced {stale} of {}, in {}.",
            count(blocks, "block"),
            count(stale_files, "file")
        )
    } else {
        up_to_date(blocks, marked_files, files_read)
    };
    writeln!(err, "{summary}").map_err(Error::Write)?;
    Ok(Synced {
        stale: false,
        failed,
    })
}

fn up_to_date(blocks: usize, marked_files: usize, files_read: usize) -> String {
    if blocks == 0 {
        format!(
            "No `<!-- open1-snip gen -->` markers in {}.",
            count(files_read, "Markdown file")
        )
    } else {
        format!(
            "Up to date: {} in {}.",
            count(blocks, "block"),
            count(marked_files, "file")
        )
    }
}

fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// The pages to sync, sorted by name, each once; the errors met finding and reading them; and how
/// many Markdown files were looked at.
fn read_pages(args: &SyncArgs, filter: &PathFilter) -> (Vec<Page>, Vec<Error>, usize) {
    let pages: Mutex<Vec<Page>> = Mutex::new(Vec::new());
    let errors: Mutex<Vec<Error>> = Mutex::new(Vec::new());
    let files_read = std::sync::atomic::AtomicUsize::new(0);
    let read = |path: PathBuf, display: String| {
        let bytes = std::fs::read(&path);
        if bytes.is_ok() {
            files_read.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        match bytes {
            Ok(bytes) if sync::may_hold_markers(&bytes) => {
                pages.lock().expect("no panics while locked").push(Page {
                    path: Some(path),
                    display,
                    bytes,
                });
            }
            Ok(_) => {}
            Err(source) => errors
                .lock()
                .expect("no panics while locked")
                .push(Error::Read { path, source }),
        }
    };

    let default = [PathBuf::from(".")];
    let paths = if args.paths.is_empty() {
        &default[..]
    } else {
        &args.paths[..]
    };
    let mut dirs = Vec::new();
    for path in paths {
        if path == Path::new("-") {
            let mut bytes = Vec::new();
            match std::io::stdin().lock().read_to_end(&mut bytes) {
                Ok(_) => pages.lock().expect("no panics while locked").push(Page {
                    path: None,
                    display: "<stdin>".into(),
                    bytes,
                }),
                Err(error) => errors
                    .lock()
                    .expect("no panics while locked")
                    .push(Error::ReadStdin(error)),
            }
        } else if path.is_dir() {
            dirs.push(path.clone());
        } else {
            // A file named on the command line is read as Markdown whatever its extension.
            read(path.clone(), display(path));
        }
    }
    if !dirs.is_empty() {
        let walk_errors = walk::walk(&dirs, filter, 0, &|found: Found| {
            if found.kind == FileKind::Markdown {
                read(found.path, found.display);
            }
        });
        errors
            .lock()
            .expect("no panics while locked")
            .extend(walk_errors.into_iter().map(Error::Walk));
    }

    let mut pages = pages.into_inner().expect("walk finished");
    pages.sort_by(|a, b| a.display.cmp(&b.display));
    // A file named twice (`sync docs docs/a.md`) is synced once.
    let mut seen = HashSet::new();
    pages.retain(|page| match &page.path {
        Some(path) => seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone())),
        None => true,
    });
    let mut errors = errors.into_inner().expect("walk finished");
    errors.sort_by_key(|e| e.to_string());
    (pages, errors, files_read.into_inner())
}

/// Builds one page's new text, printing gen's warnings as they come; the page's errors, if any.
fn sync_page(page: Page, err: &mut dyn Write) -> Result<Result<Done, Vec<Error>>, Error> {
    let old = match crate::source::decode(page.bytes.clone(), &page.display) {
        Ok(text) => text,
        Err(error) => return Ok(Err(vec![error])),
    };
    let folder = match &page.path {
        Some(path) => path.parent().unwrap_or(Path::new("")).to_owned(),
        None => PathBuf::new(),
    };
    let mut warnings: Vec<(usize, String)> = Vec::new();
    let result = sync::sync(&old, &mut |block| generate(block, &folder, &mut warnings));
    for (line, warning) in warnings {
        writeln!(err, "warning: {}:{line}: {warning}", page.display).map_err(Error::Write)?;
    }
    Ok(match result {
        Ok(new) => Ok(Done { page, old, new }),
        Err(problems) => Err(problems
            .into_iter()
            .map(|p| Error::Marker {
                path: page.display.clone(),
                line: p.line,
                message: p.message,
            })
            .collect()),
    })
}

/// What one block's start marker generates: `gen`'s text, as `gen` would print it with the same
/// options.
fn generate(
    block: &Block,
    folder: &Path,
    warnings: &mut Vec<(usize, String)>,
) -> Result<String, String> {
    let args = options::gen_args(&block.options, folder)?;
    let description = match &args.request {
        Some(path) => Description::read(path).map_err(|e| match e {
            Error::Read { .. } => {
                format!("{e}; request= is relative to the Markdown file's folder")
            }
            e => e.to_string(),
        })?,
        None => Description {
            origin: "<marker>".into(),
            ..Description::default()
        },
    };
    let (mut text, mut messages) = (Vec::new(), Vec::new());
    super::generate::render(description, &args, &mut text, &mut messages).map_err(|e| {
        options::in_marker_terms(&e.to_string()).replace(
            "(pass allow-unknown-model",
            "(add allow-unknown-model to the marker",
        )
    })?;
    for line in String::from_utf8_lossy(&messages).lines() {
        let warning = line.strip_prefix("warning: ").unwrap_or(line);
        warnings.push((block.line, options::in_marker_terms(warning)));
    }
    String::from_utf8(text).map_err(|e| format!("generated text is not UTF-8: {e}"))
}
