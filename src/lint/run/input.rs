//! What `lint` reads: the paths named on the command line sorted into files (and standard
//! input) and directories, and one input read and sniffed. Each file is read once and dropped
//! before any decoding when it holds none of the trigger words and no key, which is what most
//! files are.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::FileError;
use crate::error::Error;
use crate::extract::FileKind;
use crate::lint;
use crate::walk::display;

/// One file to check, or standard input.
pub enum Input {
    Stdin,
    File {
        path: PathBuf,
        display: String,
        /// `None` for a file named on the command line that is no kind we read.
        kind: Option<FileKind>,
        /// Named on the command line rather than found by the walk.
        explicit: bool,
    },
}

/// The command line's paths, sorted.
#[derive(Default)]
pub struct Inputs {
    /// Files and standard input, checked on a pool of threads.
    pub explicit: Vec<Input>,
    /// Walked, each file checked on the walk's thread that found it.
    pub dirs: Vec<PathBuf>,
    pub failures: Vec<FileError>,
}

impl Inputs {
    pub fn new(paths: &[PathBuf]) -> Inputs {
        let mut inputs = Inputs::default();
        for path in paths {
            if path == Path::new("-") {
                inputs.explicit.push(Input::Stdin);
                continue;
            }
            match std::fs::metadata(path) {
                Ok(meta) if meta.is_dir() => inputs.dirs.push(path.clone()),
                Ok(meta) if meta.is_file() => {
                    let display = display(path);
                    inputs.explicit.push(Input::File {
                        kind: FileKind::of(&display),
                        display,
                        path: path.clone(),
                        explicit: true,
                    });
                }
                Ok(_) => inputs.failures.push(FileError::NotRegular(path.clone())),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    inputs.failures.push(FileError::NotFound(path.clone()))
                }
                Err(source) => inputs.failures.push(FileError::Unreadable {
                    name: path.display().to_string(),
                    source,
                }),
            }
        }
        inputs
    }
}

/// An input as read, before it is decoded.
pub enum Contents {
    /// Nothing to check: no trigger word and no key. Standard input's bytes are kept, for
    /// `--fix -` to print them back.
    Nothing { stdin: Option<Vec<u8>> },
    /// Named on the command line, and no kind of file lint reads: not checked, and said so.
    Unread { name: String },
    /// A walked file that mentions the relay but is taken for a binary file.
    Binary { name: String },
    Text {
        bytes: Vec<u8>,
        /// The name the report shows.
        name: String,
        kind: FileKind,
    },
}

thread_local! {
    static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Reads `input` (standard input reported as `stdin_name`) and sniffs it.
pub fn read(input: &Input, stdin_name: Option<&str>) -> Result<Contents, FileError> {
    match input {
        Input::Stdin => read_stdin(stdin_name),
        Input::File {
            kind: None,
            display,
            ..
        } => Ok(Contents::Unread {
            name: display.clone(),
        }),
        Input::File {
            path,
            display,
            kind: Some(kind),
            explicit,
        } => read_file(path, display, *kind, *explicit),
    }
}

fn read_stdin(stdin_name: Option<&str>) -> Result<Contents, FileError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|source| FileError::Unreadable {
            name: "<stdin>".to_owned(),
            source,
        })?;
    if !lint::worth_reading(&bytes) {
        return Ok(Contents::Nothing { stdin: Some(bytes) });
    }
    let name = stdin_name.unwrap_or("<stdin>");
    Ok(Contents::Text {
        bytes,
        name: name.to_owned(),
        kind: FileKind::of(name).unwrap_or(FileKind::Markdown),
    })
}

/// Most files hold no trigger word: they are read into this thread's buffer, and only the few
/// that are checked are copied out of it.
fn read_file(
    path: &Path,
    display: &str,
    kind: FileKind,
    explicit: bool,
) -> Result<Contents, FileError> {
    BUFFER.with_borrow_mut(|buffer| {
        buffer.clear();
        let unreadable = |source| FileError::Unreadable {
            name: display.to_owned(),
            source,
        };
        let file = std::fs::File::open(path).map_err(unreadable)?;
        // Through `take`, read_to_end does not ask the file system for the size first.
        (&file)
            .take(u64::MAX)
            .read_to_end(buffer)
            .map_err(unreadable)?;
        // UTF-16 hides every trigger word: refuse it before looking for them.
        if let Some(order) = crate::source::utf16_byte_order(buffer) {
            return Err(FileError::Undecodable(Error::Utf16 {
                origin: display.to_owned(),
                order,
            }));
        }
        // A page that includes other files is read for them, whatever it says itself.
        let includes = kind == FileKind::Markdown && crate::extract::include::may_include(buffer);
        if !includes && !lint::worth_reading(buffer) {
            return Ok(Contents::Nothing { stdin: None });
        }
        // As ripgrep and typos do, a walked file with a NUL byte near its start is taken for a
        // binary file; named on the command line, it is checked.
        match !explicit && buffer[..buffer.len().min(8192)].contains(&0) {
            true => Ok(Contents::Binary {
                name: display.to_owned(),
            }),
            false => Ok(Contents::Text {
                bytes: checked_bytes(buffer),
                name: display.to_owned(),
                kind,
            }),
        }
    })
}

/// What a checked file keeps of the thread's buffer: a copy of a small file, so the buffer keeps
/// its size and the next file is read without growing it again (read_to_end doubles from zero);
/// a big file's bytes are taken, not held twice.
fn checked_bytes(buffer: &mut Vec<u8>) -> Vec<u8> {
    const COPIED: usize = 1 << 20;
    match buffer.len() <= COPIED {
        true => buffer.as_slice().to_vec(),
        false => std::mem::take(buffer),
    }
}
