//! The description `gen` and `send` both start from: a file, standard input, or the docs page's
//! request. The flags go on top in [`crate::spec::build_request`].

use std::path::Path;

use crate::error::Error;
use crate::request::Description;

/// The description in `path`, or the docs page's request without one.
pub fn read_description(path: Option<&Path>) -> Result<Description, Error> {
    match path {
        Some(path) => Description::read(path),
        None => Ok(Description {
            origin: "<flags>".into(),
            ..Description::default()
        }),
    }
}
