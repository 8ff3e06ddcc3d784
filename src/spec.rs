//! The snippet spec: which snippets to make and how — languages, format, style, key style,
//! templates and the request flags. `gen` builds one from its command line, `convert` from its own, and a `sync`
//! marker from its options ([`crate::sync::options`]); all three render it here, and get back the
//! text and the warnings as values, each caller deciding where they go.

use std::fmt;
use std::path::PathBuf;

use crate::cli::{GenArgs, RequestFlags};
use crate::error::Error;
use crate::generate::{Format, Generator, Lang, Style};
use crate::models::{ModelTable, Status};
use crate::request::clear_text::clear_text_host;
use crate::request::{Description, KeyStyle, Overrides, Request};
use crate::spelling::Spelling;

#[derive(Debug, Clone, Default)]
pub struct SnippetSpec {
    /// The request description to read; `None`: the docs page's request.
    pub request: Option<PathBuf>,
    /// In order; empty: the default languages.
    pub langs: Vec<Lang>,
    /// `None`: text for one lang, Markdown for several.
    pub format: Option<Format>,
    /// `None`: the format's default ([`Format::default_style`]).
    pub style: Option<Style>,
    /// An MDX format starts with the import lines of its components. `sync` leaves them out:
    /// a page holds them once, however many blocks it has.
    pub imports: bool,
    pub key: KeyStyle,
    /// A folder whose templates replace the built-in ones.
    pub templates: Option<PathBuf>,
    pub flags: RequestFlags,
    /// How the options were written, for the messages about them.
    pub spelling: Spelling,
    /// Warn when the snippets would send the key in clear text (plain http:// to a host that is
    /// not loopback; `send` refuses that URL). Only `gen` prints it.
    pub warn_clear_text: bool,
}

/// Something the user should know about snippets that were still made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// The model is listed, but the relay neither prices nor routes it.
    UnmatchedModel(String),
    /// The model is not in the table, and that was allowed.
    UnknownModel(String),
    /// The base URL is plain http to `host`, which is not this machine.
    ClearText { base_url: String, host: String },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::UnmatchedModel(model) => write!(
                f,
                "model `{model}` is listed as unmatched on the docs page: the relay has no price for it and does not route it"
            ),
            Warning::UnknownModel(model) => write!(
                f,
                "model `{model}` is not in the model table (see `open1-snip models`)"
            ),
            Warning::ClearText { base_url, host } => write!(
                f,
                "the base URL {base_url} is plain http to {host}, which is not this machine: these snippets send the key in clear text; use https://"
            ),
        }
    }
}

/// What a spec renders to: the warnings met on the way — kept even when rendering then fails, so
/// they are printed before its error — and the assembled text.
pub struct Rendered {
    pub warnings: Vec<Warning>,
    pub text: Result<String, Error>,
}

impl From<&GenArgs> for SnippetSpec {
    fn from(args: &GenArgs) -> Self {
        SnippetSpec {
            request: args.request.clone(),
            langs: args.output.langs.clone(),
            format: args.output.format,
            style: args.output.style,
            imports: true,
            key: args.key,
            templates: args.templates.clone(),
            flags: args.request_flags.clone(),
            spelling: Spelling::Flags,
            warn_clear_text: true,
        }
    }
}

impl SnippetSpec {
    /// The snippets of `description` as this spec asks for them, rendered by `generator`.
    pub fn render(&self, generator: &Generator, description: Description) -> Rendered {
        let mut warnings = Vec::new();
        let text = self.render_into(generator, description, &mut warnings);
        Rendered { warnings, text }
    }

    fn render_into(
        &self,
        generator: &Generator,
        description: Description,
        warnings: &mut Vec<Warning>,
    ) -> Result<String, Error> {
        let (langs, format) = self.layout()?;
        let request = build_request(
            description,
            &self.flags,
            self.key,
            self.spelling,
            ModelTable::shared(),
            warnings,
        )?;
        if let Some(host) = clear_text_host(&request.base_url).filter(|_| self.warn_clear_text) {
            warnings.push(Warning::ClearText {
                base_url: request.base_url.clone(),
                host: host.to_string(),
            });
        }
        let style = self.style.unwrap_or(format.default_style());
        let snippets = langs
            .iter()
            .map(|&lang| Ok((lang, generator.render(lang, style, &request)?)))
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(generator.assemble(format, &snippets, self.imports))
    }

    /// The languages, each once, and the format they are assembled in.
    fn layout(&self) -> Result<(Vec<Lang>, Format), Error> {
        let langs: Vec<Lang> = if self.langs.is_empty() {
            Lang::DEFAULT.to_vec()
        } else {
            let mut seen = Vec::new();
            for &lang in &self.langs {
                if !seen.contains(&lang) {
                    seen.push(lang);
                }
            }
            seen
        };
        let format = match self.format {
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
        Ok((langs, format))
    }
}

/// The flags applied to the description, the request built and checked, and its model looked up
/// in `models` (unknown: refused unless allowed; unmatched: a warning). `gen` and `send` both
/// come here, so that what `send` sends is what the snippets send.
pub fn build_request(
    mut description: Description,
    flags: &RequestFlags,
    key: KeyStyle,
    spelling: Spelling,
    models: &ModelTable,
    warnings: &mut Vec<Warning>,
) -> Result<Request, Error> {
    description.apply(&Overrides {
        model: flags.model.clone(),
        prompt: flags.prompt.clone(),
        base_url: flags.base_url.clone(),
        headers: flags.headers.clone(),
        body_json: flags.body_json.clone(),
        spelling,
    })?;
    let request = Request::new(description, key)?;
    let model = request.model();
    match models.get(model) {
        Some(m) if m.status == Status::Unmatched => {
            warnings.push(Warning::UnmatchedModel(model.to_owned()));
        }
        Some(_) => {}
        None if flags.allow_unknown_model => warnings.push(Warning::UnknownModel(model.to_owned())),
        None => {
            return Err(Error::UnknownModel {
                model: model.to_owned(),
                suggestion: models.suggest(model).map(str::to_owned),
                known: models.ids().join(", "),
                spelling,
            });
        }
    }
    Ok(request)
}
