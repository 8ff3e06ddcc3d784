//! `open1-snip gen`: description → request → templates → text.

use std::io::Write;

use crate::cli::GenArgs;
use crate::error::Error;
use crate::generate::{Format, Generator, Lang, assemble};
use crate::models::{ModelTable, Status};
use crate::request::{Description, Overrides, Request};

pub fn generate(args: &GenArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    let description = match &args.request {
        Some(path) => Description::read(path)?,
        None => Description {
            origin: "<flags>".into(),
            ..Description::default()
        },
    };
    render(description, args, out, err)
}

/// `gen`'s work after the description is read (`convert` and `sync` come in here too): the
/// flags applied, the request checked, the snippets rendered and assembled.
pub(crate) fn render(
    mut description: Description,
    args: &GenArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Error> {
    let langs: Vec<Lang> = if args.langs.is_empty() {
        Lang::DEFAULT.to_vec()
    } else {
        dedup(&args.langs)
    };
    let format = match args.format {
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

    description.apply(&Overrides {
        model: args.model.clone(),
        prompt: args.prompt.clone(),
        base_url: args.base_url.clone(),
        headers: args.headers.clone(),
        body_json: args.body_json.clone(),
    })?;
    let request = Request::new(description, args.key)?;
    check_model(request.model(), args.allow_unknown_model, err)?;

    let generator = Generator::new(args.templates.as_deref())?;
    let snippets = langs
        .iter()
        .map(|&lang| Ok((lang, generator.render(lang, &request)?)))
        .collect::<Result<Vec<_>, Error>>()?;
    out.write_all(assemble(format, &snippets).as_bytes())
        .map_err(Error::Write)
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

fn dedup(langs: &[Lang]) -> Vec<Lang> {
    let mut seen = Vec::new();
    for &lang in langs {
        if !seen.contains(&lang) {
            seen.push(lang);
        }
    }
    seen
}
