//! The request `gen` and `send` both make: the description (a file, standard input, or the docs
//! page's request), the request flags on top, then the one checked [`Request`]. Built here once
//! so that what `send` sends is what the snippets send.

use std::io::Write;
use std::path::Path;

use crate::cli::RequestFlags;
use crate::error::Error;
use crate::models::{ModelTable, Status};
use crate::request::{Description, KeyStyle, Overrides, Request};

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

/// The flags applied to the description, the request built and checked, and its model looked up
/// in the model table (unknown: refused unless allowed; unmatched: a warning on `err`).
pub fn build(
    mut description: Description,
    flags: &RequestFlags,
    key: KeyStyle,
    err: &mut dyn Write,
) -> Result<Request, Error> {
    description.apply(&Overrides {
        model: flags.model.clone(),
        prompt: flags.prompt.clone(),
        base_url: flags.base_url.clone(),
        headers: flags.headers.clone(),
        body_json: flags.body_json.clone(),
    })?;
    let request = Request::new(description, key)?;
    check_model(request.model(), flags.allow_unknown_model, err)?;
    Ok(request)
}

/// Unknown models are refused (with a did-you-mean) unless allowed; unmatched ones get a warning.
fn check_model(model: &str, allow_unknown: bool, err: &mut dyn Write) -> Result<(), Error> {
    let table = ModelTable::builtin();
    let warning = match table.get(model) {
        Some(m) if m.status == Status::Unmatched => format!(
            "warning: model `{model}` is listed as unmatched on the docs page: the relay has no price for it and does not route it\n"
        ),
        Some(_) => return Ok(()),
        None if allow_unknown => format!(
            "warning: model `{model}` is not in the model table (see `open1-snip models`)\n"
        ),
        None => {
            return Err(Error::UnknownModel {
                model: model.to_owned(),
                suggestion: table.suggest(model).map(str::to_owned),
                known: table.ids().join(", "),
            });
        }
    };
    err.write_all(warning.as_bytes()).map_err(Error::Write)
}
