//! `open1-snip gen`: description → request → templates → text.

use std::io::Write;

use crate::cli::GenArgs;
use crate::error::Error;
use crate::generate::{Format, Generator, Lang, assemble};
use crate::request::Description;
use crate::request::clear_text::clear_text_host;

use super::request;

pub fn generate(args: &GenArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    let description = request::read_description(args.request.as_deref())?;
    let generator = Generator::new(args.templates.as_deref())?;
    render_with(&generator, description, args, out, err, true)
}

/// `gen`'s work after the description is read (`convert` and `sync` come in here too): the
/// flags applied, the request checked, the snippets rendered and assembled.
pub(crate) fn render(
    description: Description,
    args: &GenArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Error> {
    let generator = Generator::new(args.templates.as_deref())?;
    render_with(&generator, description, args, out, err, false)
}

/// [`render`] with a template engine already built (`sync` builds one per templates folder), and
/// with `warn_clear_text`, a warning on `err` when the snippets would send the key in clear text
/// (plain http:// to a host that is not loopback; `send` refuses that URL).
pub(crate) fn render_with(
    generator: &Generator,
    description: Description,
    args: &GenArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
    warn_clear_text: bool,
) -> Result<(), Error> {
    let langs: Vec<Lang> = if args.output.langs.is_empty() {
        Lang::DEFAULT.to_vec()
    } else {
        dedup(&args.output.langs)
    };
    let format = match args.output.format {
        Some(Format::Text) if langs.len() > 1 => {
            return Err(Error::Usage(format!(
                "--format text prints one snippet, but {} langs were asked for: pass one --lang, or use --format markdown",
                langs.len()
            )));
        }
        Some(format) => format,
        None if langs.len() == 1 => Format::Text,
        None => Format::Markdown,
    };

    let request = request::build(description, &args.request_flags, args.key, err)?;
    if let Some(host) = clear_text_host(&request.base_url).filter(|_| warn_clear_text) {
        writeln!(
            err,
            "warning: the base URL {} is plain http to {host}, which is not this machine: these snippets send the key in clear text; use https://",
            request.base_url
        )
        .map_err(Error::Write)?;
    }

    let snippets = langs
        .iter()
        .map(|&lang| Ok((lang, generator.render(lang, &request)?)))
        .collect::<Result<Vec<_>, Error>>()?;
    out.write_all(assemble(format, &snippets).as_bytes())
        .map_err(Error::Write)
}

fn dedup(langs: &[Lang]) -> Vec<Lang> {
    let mut seen = Vec::new();
    for &lang in langs {
        if !seen.contains(&lang) {
            seen.push(lang);
        }
    }
    seen
}
