//! `open1-snip sync`: paths → Markdown files → marker pairs → generated blocks → files written,
//! or a diff of each stale file (`--check`).
//!
//! All or nothing: every file's new text is built first, and if any marker anywhere cannot be
//! regenerated (or a path cannot be read), every error is printed and no file is written. Files
//! that do not change are never written, so their modification times stay. Directories are walked
//! like `lint` walks them (.gitignore, the config's include and exclude), Markdown files only; a
//! file without `open1-snip` in it is skipped before any parsing.
//!
//! Pages come from pull requests in CI, so what a marker may read is fenced in: `request=` and
//! `templates=` stay inside the page's project ([`Root`]), only regular files of bounded size are
//! read, errors about a request file name the file and the field but never its values, and
//! under GitHub Actions every line holding text from a file is printed where the runner does not
//! obey it ([`workflow`]).

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::cli::SyncArgs;
use crate::config::Config;
use crate::error::Error;
use crate::extract::{FileKind, Flavor};
use crate::generate::Generator;
use crate::regular_file::{self, REQUEST_LIMIT};
use crate::request::Description;
use crate::save;
use crate::sync::root::Root;
use crate::sync::{self, Block, options};
use crate::walk::{self, Found, PathFilter, display};
use crate::workflow;

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
    /// MDX for a `.mdx` name (standard input's `--stdin-filename`), else Markdown.
    flavor: Flavor,
}

/// A page whose blocks were all generated.
struct Done {
    page: Page,
    old: String,
    new: sync::Synced,
}

pub fn sync(args: &SyncArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<Synced, Error> {
    let config = Config::load(args.config.as_deref())?;
    let filter = config.path_filter();
    let (pages, mut errors, files_read) = read_pages(args, &filter);
    print_errors(&errors, err)?;

    let mut engines = Engines::default();
    let mut done: Vec<Done> = Vec::new();
    for page in pages {
        match sync_page(page, &mut engines, err)? {
            Ok(synced) => done.push(synced),
            Err(page_errors) => {
                print_errors(&page_errors, err)?;
                errors.extend(page_errors);
            }
        }
    }

    let counts = Counts {
        blocks: done.iter().map(|d| d.new.blocks).sum(),
        stale: done.iter().map(|d| d.new.stale).sum(),
        marked_files: done.iter().filter(|d| d.new.blocks > 0).count(),
        stale_files: done.iter().filter(|d| d.new.stale > 0).count(),
        files_read,
    };
    if args.check {
        check(&done, &counts, !errors.is_empty(), out, err)
    } else if !errors.is_empty() {
        writeln!(
            err,
            "Nothing written: {}; fix {} and run again.",
            count(errors.len(), "error"),
            if errors.len() == 1 { "it" } else { "them" }
        )
        .map_err(Error::Write)?;
        Ok(Synced {
            stale: false,
            failed: true,
        })
    } else {
        write(&done, &counts, out, err)
    }
}

/// What a run found, for its summary line.
struct Counts {
    blocks: usize,
    stale: usize,
    marked_files: usize,
    stale_files: usize,
    files_read: usize,
}

/// `--check`: the diff of every stale page, and how many blocks are stale.
fn check(
    done: &[Done],
    counts: &Counts,
    failed: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Synced, Error> {
    for d in done.iter().filter(|d| d.new.stale > 0) {
        let diff = sync::diff::unified(&d.page.display, &d.old, &d.new.text, &d.new.changes);
        // A page's stale block may quote a key; the diff shows it masked, as lint's does.
        let diff = crate::secret::mask_secrets(&diff);
        out.write_all(workflow::quote(&diff).as_bytes())
            .and_then(|()| out.flush())
            .map_err(Error::Write)?;
    }
    let summary = match counts.stale {
        0 => up_to_date(counts.blocks, counts.marked_files, counts.files_read),
        stale => format!(
            "Stale: {stale} of {}, in {}; run `open1-snip sync` to regenerate {}.",
            count(counts.blocks, "block"),
            count(counts.stale_files, "file"),
            if stale == 1 { "it" } else { "them" }
        ),
    };
    writeln!(err, "{summary}").map_err(Error::Write)?;
    Ok(Synced {
        stale: counts.stale > 0,
        failed,
    })
}

/// Every stale page written back (standard input to standard output), and how many blocks.
fn write(
    done: &[Done],
    counts: &Counts,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Synced, Error> {
    let mut failed = false;
    for d in done {
        match &d.page.path {
            // Standard input is a filter: its text always goes to standard output.
            None => out.write_all(d.new.text.as_bytes()).map_err(Error::Write)?,
            Some(_) if d.new.stale == 0 => {}
            Some(path) => {
                if let Err(error) = save::replace(path, &d.page.bytes, d.new.text.as_bytes()) {
                    print_errors(&[error], err)?;
                    failed = true;
                }
            }
        }
    }
    let summary = match counts.stale {
        0 => up_to_date(counts.blocks, counts.marked_files, counts.files_read),
        stale => format!(
            "Synced {stale} of {}, in {}.",
            count(counts.blocks, "block"),
            count(counts.stale_files, "file")
        ),
    };
    writeln!(err, "{summary}").map_err(Error::Write)?;
    Ok(Synced {
        stale: false,
        failed,
    })
}

/// Errors name files and quote markers, so they are fenced off from the Actions runner.
fn print_errors(errors: &[Error], err: &mut dyn Write) -> Result<(), Error> {
    if errors.is_empty() {
        return Ok(());
    }
    let text: String = errors.iter().map(|e| format!("error: {e}\n")).collect();
    err.write_all(workflow::quote(&text).as_bytes())
        .map_err(Error::Write)
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
                    flavor: Flavor::of(&display),
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
                Ok(_) => {
                    let display = args.stdin_filename.as_deref().unwrap_or("<stdin>");
                    pages.lock().expect("no panics while locked").push(Page {
                        path: None,
                        display: display.to_owned(),
                        bytes,
                        flavor: Flavor::of(display),
                    });
                }
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
fn sync_page(
    page: Page,
    engines: &mut Engines,
    err: &mut dyn Write,
) -> Result<Result<Done, Vec<Error>>, Error> {
    let old = match crate::source::decode(page.bytes.clone(), &page.display) {
        Ok(text) => text,
        Err(error) => return Ok(Err(vec![error])),
    };
    let folder = match &page.path {
        Some(path) => path.parent().unwrap_or(Path::new("")).to_owned(),
        None => PathBuf::new(),
    };
    // Only a marker needs the root: a page without markers syncs whatever its folder is.
    let root = Root::of(&folder).ok();
    let mut warnings: Vec<(usize, String)> = Vec::new();
    let result = sync::sync(&old, page.flavor, &mut |block| {
        let marker = Marker {
            folder: &folder,
            root: root.as_ref(),
        };
        marker.generate(block, engines, &mut warnings)
    });
    if !warnings.is_empty() {
        let text: String = warnings
            .iter()
            .map(|(line, warning)| format!("warning: {}:{line}: {warning}\n", page.display))
            .collect();
        err.write_all(workflow::quote(&text).as_bytes())
            .map_err(Error::Write)?;
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

/// The template engines of a run, one per project root and templates folder: building one
/// compiles every template, which is most of a block's cost.
#[derive(Default)]
struct Engines(HashMap<(PathBuf, Option<PathBuf>), Result<Generator, String>>);

impl Engines {
    /// The engine for the resolved templates folder `templates` (or the built-in templates),
    /// whose files must stay inside `root`.
    fn get(&mut self, root: &Root, templates: Option<PathBuf>) -> Result<&Generator, String> {
        let key = (root.path().to_owned(), templates);
        let built = self.0.entry(key).or_insert_with_key(|(_, templates)| {
            let confine = |file: &Path| {
                let shown = display(file);
                let resolved = std::fs::canonicalize(file).map_err(|source| Error::Read {
                    path: shown.clone().into(),
                    source,
                })?;
                root.check(&resolved, &format!("the template {shown}"))
                    .map_err(|message| Error::Usage(format!("templates=: {message}")))?;
                // A link from the templates folder to another file of the checkout (a `.env`,
                // credentials a CI step wrote into the workspace) would print that file.
                if templates.as_ref().is_some_and(|dir| !resolved.starts_with(dir)) {
                    return Err(Error::Usage(format!(
                        "templates=: the template {shown} is a link out of the templates folder; sync reads templates only from inside it"
                    )));
                }
                Ok(resolved)
            };
            Generator::with_templates(templates.as_deref(), &confine).map_err(|e| e.to_string())
        });
        built.as_ref().map_err(Clone::clone)
    }
}

/// A start marker of a page in `folder`.
struct Marker<'a> {
    folder: &'a Path,
    /// The page's project root; `None` when its folder cannot be resolved.
    root: Option<&'a Root>,
}

impl Marker<'_> {
    /// What the marker's block generates: `gen`'s text, as `gen` would print it with the same
    /// options, from files inside the project root.
    fn generate(
        &self,
        block: &Block,
        engines: &mut Engines,
        warnings: &mut Vec<(usize, String)>,
    ) -> Result<String, String> {
        let spec = options::spec(&block.options)?;
        let description = match &spec.request {
            Some(written) => self.read_request(written)?,
            None => Description {
                origin: "<marker>".into(),
                ..Description::default()
            },
        };
        // Errors about a request file are worded without its values.
        let file = (description.origin != "<marker>").then(|| description.origin.clone());
        let templates = match &spec.templates {
            Some(written) => Some(self.resolve(written, "templates=")?),
            None => None,
        };
        let root = self.root()?;
        let generator = engines.get(root, templates)?;
        let rendered = spec.render(generator, description);
        let text = rendered.text.map_err(|e| match &file {
            Some(file) => without_values(e, file, spec.flags.model.is_some()),
            None => e.to_string(),
        })?;
        // A block that fails reports its error alone.
        warnings.extend(
            rendered
                .warnings
                .iter()
                .map(|w| (block.line, w.to_string())),
        );
        Ok(text)
    }

    fn root(&self) -> Result<&Root, String> {
        self.root.ok_or_else(|| {
            format!(
                "cannot find the project root of {}: the Markdown file's folder cannot be read",
                display(self.folder)
            )
        })
    }

    /// A path the marker names as `option`, inside the project root.
    fn resolve(&self, written: &Path, option: &str) -> Result<PathBuf, String> {
        self.root()?.resolve(self.folder, written, option)
    }

    /// The request description `written` names: a regular file inside the project, of bounded
    /// size. Errors name the file (as the user would write it from the working directory) and
    /// the field, never a value from it.
    fn read_request(&self, written: &Path) -> Result<Description, String> {
        let shown = display(&self.folder.join(written));
        let path = self.resolve(written, "request=")?;
        let bytes = regular_file::read(&path, REQUEST_LIMIT).map_err(|source| {
            let hint = match source.kind() {
                std::io::ErrorKind::NotFound => {
                    "; request= is relative to the Markdown file's folder"
                }
                _ => "",
            };
            let error = Error::Read {
                path: shown.clone().into(),
                source,
            };
            format!("{error}{hint}")
        })?;
        crate::source::decode(bytes, &shown)
            .and_then(|text| Description::parse(&text, &shown))
            .map_err(|e| without_values(e, &shown, false))
    }
}

/// An error about a request file, worded without the file's values: its position, the
/// top-level field and the kind of problem, and how to see the whole message on one's own
/// machine. A file a marker names may hold anything (a key in `base_url`), and CI logs are
/// public. `file` names the request file; `model_from_marker`: the model was written in the
/// page, not the file.
fn without_values(error: Error, file: &str, model_from_marker: bool) -> String {
    let see = |origin: &str| format!("`open1-snip gen {origin}` shows the value");
    match error {
        Error::Json {
            origin,
            line,
            column,
            message,
        } => {
            let problem = json_problem(&message);
            format!("{origin}:{line}:{column}: {problem}")
                + &if problem == message {
                    String::new()
                } else {
                    format!(" ({})", see(&origin))
                }
        }
        Error::Description { origin, field, .. } => {
            let field = top_field(&field);
            let what = match field {
                "base_url" => {
                    "not an http(s) URL of scheme, host and optional path, in normal form"
                }
                "api_key_env" => {
                    "not an environment variable name (letters, digits and _, not starting with a digit)"
                }
                "headers" => "a header that cannot be sent as written",
                _ => "a value that cannot be sent",
            };
            format!("{origin}: {field}: {what} ({})", see(&origin))
        }
        Error::UnknownModel { .. } if !model_from_marker => format!(
            "{file}: model: not in the model table (`open1-snip models` lists them; add allow-unknown-model to the marker to generate it anyway)"
        ),
        other => other.to_string(),
    }
}

/// A JSON error message without the values serde quotes in it (`invalid type: string "…"`,
/// `unknown field `…``), or as it is when it quotes none (syntax errors).
fn json_problem(message: &str) -> String {
    const KINDS: [&str; 6] = [
        "invalid type",
        "invalid value",
        "invalid length",
        "unknown field",
        "missing field",
        "duplicate field",
    ];
    if message.starts_with("invalid JSON: ") || message.starts_with("nested deeper") {
        return message.to_owned();
    }
    let Some((at, kind)) = KINDS
        .iter()
        .filter_map(|kind| message.find(kind).map(|at| (at, *kind)))
        .min()
    else {
        return "a value of the wrong kind".to_owned();
    };
    // The path before the kind (`headers.<name>: `) may hold the file's keys: only its first
    // field is kept.
    let path = message[..at].trim_end_matches(": ");
    let field = top_field(path);
    // What serde expected comes from the description's type, not from the file.
    let expected = message[at..]
        .rsplit_once(", expected ")
        .map(|(_, expected)| format!(", expected {expected}"))
        .unwrap_or_default();
    match field {
        "" | "." => format!("{kind}{expected}"),
        field => format!("{field}: {kind}{expected}"),
    }
}

/// The first field of a path such as `headers.X-Key` or `input[0].content`.
fn top_field(path: &str) -> &str {
    let path = path.trim_start_matches('.');
    path.split(['.', '[']).next().unwrap_or(path)
}
