//! Why one input of `lint` was not checked (or not written back). The others are still checked;
//! each of these is worded here, once, and printed as an `error:` line after the report.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::error::Error;

#[derive(Debug)]
pub enum FileError {
    /// Named on the command line: a FIFO would block the run, a socket or device is no document.
    NotRegular(PathBuf),
    /// Named on the command line, and not there.
    NotFound(PathBuf),
    /// `name` is the path as messages show it (`<stdin>` for standard input).
    Unreadable { name: String, source: io::Error },
    /// Read, but no text we read (UTF-16, invalid UTF-8).
    Undecodable(Error),
    /// `--fix` could not write the fixed text back.
    Unwritable(Error),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::NotRegular(path) => write!(
                f,
                "{}: not a regular file (a FIFO, socket or device): name a file or directory",
                path.display()
            ),
            FileError::NotFound(path) => {
                write!(f, "{}: no such file or directory", path.display())
            }
            FileError::Unreadable { name, source } => write!(f, "{name}: cannot read: {source}"),
            FileError::Undecodable(error) | FileError::Unwritable(error) => error.fmt(f),
        }
    }
}
