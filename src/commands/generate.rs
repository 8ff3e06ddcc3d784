//! `open1-snip gen`: description → request → templates → text.

use std::io::Write;

use crate::cli::GenArgs;
use crate::error::Error;
use crate::generate::Generator;
use crate::spec::{Rendered, SnippetSpec};

use super::request;

pub fn generate(args: &GenArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    let spec = SnippetSpec::from(args);
    let description = request::read_description(spec.request.as_deref())?;
    let generator = Generator::new(spec.templates.as_deref())?;
    print(spec.render(&generator, description), out, err)
}

/// What a spec rendered, as `gen` prints it (`convert` too): the warnings on `err`, then the text
/// on `out`, or the error.
pub(crate) fn print(
    rendered: Rendered,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Error> {
    for warning in &rendered.warnings {
        writeln!(err, "warning: {warning}").map_err(Error::Write)?;
    }
    out.write_all(rendered.text?.as_bytes())
        .map_err(Error::Write)
}
