//! `open1-snip convert`: input → the one curl command → description → either the description as
//! JSON (`--to request`) or `gen`'s snippets.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::generate::print;
use crate::cli::{ConvertArgs, ConvertTo, RequestFlags};
use crate::error::Error;
use crate::extract;
use crate::generate::Generator;
use crate::request::Description;
use crate::secret::mask_secrets;
use crate::source::SourceFile;
use crate::spec::SnippetSpec;

pub fn convert(args: &ConvertArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    let (text, origin, dir) = read(args.input.as_deref())?;
    let file = SourceFile::new(origin.clone(), text);
    let snippet = extract::shell_text(&file.text);
    let mut load = |name: &str| std::fs::read(dir.join(name));
    let line_of = |at: usize| file.position(snippet.file_offset(at)).line;
    let conversion =
        crate::convert::convert_with(&snippet.code, &mut load, &line_of).map_err(|problem| {
            Error::Convert {
                origin: origin.clone(),
                at: problem.span.map(|span| {
                    let at = file.position(snippet.file_offset(span.start));
                    (at.line, at.column)
                }),
                message: problem.message,
            }
        })?;
    let warnings = conversion.warnings(args.key.unwrap_or_default(), &args.output.langs);
    let mut description = conversion.description;
    description.origin = origin;
    for warning in &warnings {
        writeln!(err, "warning: {}", mask_secrets(warning)).map_err(Error::Write)?;
    }

    let spec = SnippetSpec {
        langs: args.output.langs.clone(),
        format: args.output.format,
        style: args.output.style,
        imports: true,
        key: args.key.unwrap_or_default(),
        templates: args.templates.clone(),
        flags: RequestFlags {
            allow_unknown_model: args.allow_unknown_model,
            ..RequestFlags::default()
        },
        ..SnippetSpec::default()
    };
    let generator = Generator::new(spec.templates.as_deref())?;
    match args.to {
        ConvertTo::Snippets => print(spec.render(&generator, description), out, err),
        ConvertTo::Request => {
            if !args.output.langs.is_empty()
                || args.output.format.is_some()
                || args.output.style.is_some()
                || args.key.is_some()
                || args.templates.is_some()
            {
                return Err(Error::Usage(
                    "--lang, --format, --style, --key and --templates shape snippets; with --to request, pass them to `open1-snip gen` instead".into(),
                ));
            }
            let mut json =
                serde_json::to_string_pretty(&description).expect("JSON values serialize");
            json.push('\n');
            // What is printed must be what `gen` accepts: check it the way gen reads it.
            let again = Description::parse(&json, &description.origin)?;
            print(spec.render(&generator, again), &mut std::io::sink(), err)?;
            out.write_all(json.as_bytes()).map_err(Error::Write)
        }
    }
}

/// The input's text, its name for messages, and the folder `@file` names are relative to.
fn read(path: Option<&Path>) -> Result<(String, String, PathBuf), Error> {
    let (bytes, origin, dir) = match path.filter(|p| *p != Path::new("-")) {
        None => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(Error::ReadStdin)?;
            (bytes, "<stdin>".to_owned(), PathBuf::from("."))
        }
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|source| Error::Read {
                path: path.to_owned(),
                source,
            })?;
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_owned();
            (bytes, path.display().to_string(), dir)
        }
    };
    let text = crate::source::decode(bytes, &origin)?;
    Ok((text, origin, dir))
}
