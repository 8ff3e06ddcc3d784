//! `gen`'s engine: a [`Request`] goes through one minijinja template per language and comes out
//! as code, in the [`Style`] asked for; a format's template then lays the snippets out for a page.
//!
//! Templates are compiled in; `--templates DIR` replaces any language's template by file name. The engine is
//! strict — an undefined name is an error, not an empty string — and never HTML-escapes: all
//! escaping is done by the language filters of [`filters`], which templates call explicitly.

pub mod filters;
mod format;
mod lang;
mod style;

use std::path::{Path, PathBuf};

use minijinja::value::Value as JinjaValue;
use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior, context};
use serde_json::Value;

pub use format::Format;
pub use lang::Lang;
pub use style::Style;

use crate::error::Error;
use crate::regular_file::{self, TEMPLATE_LIMIT};
use crate::request::{ApiKey, KEY_PLACEHOLDER, Request};
use filters::Json;

pub struct Generator {
    env: Environment<'static>,
}

/// A template's refusal (`fail("…")`): the request holds something its language cannot send.
#[derive(Debug)]
struct Refusal;

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("refused by the template")
    }
}

impl std::error::Error for Refusal {}

impl Generator {
    /// The engine with the built-in templates, each replaced by `DIR/<name>` where that exists.
    pub fn new(overrides: Option<&Path>) -> Result<Self, Error> {
        Self::with_templates(overrides, &|path| Ok(path.to_owned()))
    }

    /// [`Generator::new`], with each override file that exists passed through `confine` first:
    /// it gives the path to read, or refuses the file (`sync` keeps them inside the project).
    /// Every template is read as a regular file of at most [`TEMPLATE_LIMIT`] bytes.
    pub fn with_templates(
        overrides: Option<&Path>,
        confine: &dyn Fn(&Path) -> Result<PathBuf, Error>,
    ) -> Result<Self, Error> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|_| AutoEscape::None);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        filters::register(&mut env);
        env.add_function(
            "fail",
            |message: String| -> Result<String, minijinja::Error> {
                Err(minijinja::Error::new(ErrorKind::InvalidOperation, message)
                    .with_source(Refusal))
            },
        );
        if let Some(dir) = overrides {
            check_override_names(dir)?;
        }
        for lang in Lang::ALL {
            let name = lang.template();
            let source = match overrides
                .map(|dir| dir.join(name))
                .filter(|path| path.exists())
            {
                Some(path) => read_template(&confine(&path)?, &path)?,
                None => lang.builtin_template().to_owned(),
            };
            env.add_template_owned(name, source)
                .map_err(|e| template_error(lang, e))?;
        }
        env.add_filter("fenced", |code: String, info: String| {
            format::fenced(&code, &info)
        });
        for (name, source) in Format::PAGE.iter().filter_map(|format| format.template()) {
            env.add_template(name, source)
                .expect("the built-in format templates compile");
        }
        Ok(Generator { env })
    }

    /// The snippet for `lang` in `style`, ending in exactly one newline.
    pub fn render(&self, lang: Lang, style: Style, request: &Request) -> Result<String, Error> {
        let template = self
            .env
            .get_template(lang.template())
            .map_err(|e| template_error(lang, e))?;
        let code = template
            .render(template_context(request, style))
            .map_err(|e| template_error(lang, e))?;
        let mut code = code.trim_end().to_owned();
        code.push('\n');
        Ok(code)
    }

    /// Joins rendered snippets, in the order given, as `format` lays them out. `imports`: an MDX
    /// format starts with the import lines its components need (`gen`); without, the page is
    /// to have them once (`sync`, which may write several blocks into one page).
    pub fn assemble(&self, format: Format, snippets: &[(Lang, String)], imports: bool) -> String {
        let Some((name, _)) = format.template() else {
            return match format {
                Format::Json => json_object(snippets),
                _ => snippets
                    .iter()
                    .map(|(_, code)| code.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
            };
        };
        let snippets: Vec<JinjaValue> = snippets
            .iter()
            .map(|(lang, code)| {
                context! {
                    lang => lang.id(),
                    title => lang.title(),
                    info => lang.fence(),
                    code => code,
                }
            })
            .collect();
        self.env
            .get_template(name)
            .and_then(|template| template.render(context! { snippets, imports }))
            .expect("the built-in format templates render any snippets")
    }
}

/// `{"curl": "…", …}`, pretty, ending in a newline.
fn json_object(snippets: &[(Lang, String)]) -> String {
    let object: serde_json::Map<String, Value> = snippets
        .iter()
        .map(|(lang, code)| (lang.id().to_owned(), Value::String(code.clone())))
        .collect();
    let mut text = serde_json::to_string_pretty(&object).expect("strings always serialize");
    text.push('\n');
    text
}

/// An override template's text, read from `resolved`; errors name it as `written`.
fn read_template(resolved: &Path, written: &Path) -> Result<String, Error> {
    let read_error = |source| Error::Read {
        path: written.to_owned(),
        source,
    };
    let bytes = regular_file::read(resolved, TEMPLATE_LIMIT).map_err(read_error)?;
    String::from_utf8(bytes).map_err(|_| {
        read_error(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "not valid UTF-8; save it as UTF-8",
        ))
    })
}

/// The names `template_context` defines, for error messages.
const CONTEXT_NAMES: [&str; 10] = [
    "url",
    "base_url",
    "api_base",
    "key_env",
    "key_placeholder",
    "headers",
    "body",
    "fields",
    "stream",
    "style",
];

/// What a template sees. Every JSON value is a [`Json`] object, rendered only by filters.
fn template_context(request: &Request, style: Style) -> JinjaValue {
    let key_env = match &request.key {
        ApiKey::Env(name) => Some(name.as_str()),
        ApiKey::Placeholder => None,
    };
    let headers: Vec<JinjaValue> = request
        .headers
        .iter()
        .map(|h| context! { name => h.name, value => h.value, line => h.to_string() })
        .collect();
    let fields: Vec<JinjaValue> = request
        .body
        .iter()
        .map(|(name, value)| context! { name => name, value => Json::value(value.clone()) })
        .collect();
    context! {
        url => request.url(),
        base_url => request.base_url,
        api_base => format!("{}/v1", request.base_url),
        key_env => key_env,
        key_placeholder => KEY_PLACEHOLDER,
        headers => headers,
        body => Json::value(Value::Object(request.body.clone())),
        fields => fields,
        stream => request.is_stream(),
        style => style.id(),
    }
}

/// A `.jinja` file in DIR that names no template is a typo that would silently do nothing.
fn check_override_names(dir: &Path) -> Result<(), Error> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::TemplateDir {
        path: dir.to_owned(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::TemplateDir {
            path: dir.to_owned(),
            source,
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".jinja") && !Lang::ALL.iter().any(|lang| lang.template() == name) {
            let known: Vec<&str> = Lang::ALL.iter().map(|lang| lang.template()).collect();
            return Err(Error::Usage(format!(
                "{} overrides no template; the names are {}",
                entry.path().display(),
                known.join(", ")
            )));
        }
    }
    Ok(())
}

fn template_error(lang: Lang, error: minijinja::Error) -> Error {
    let refused = std::error::Error::source(&error).is_some_and(|source| source.is::<Refusal>());
    let message = error
        .detail()
        .map_or_else(|| error.kind().to_string(), |detail| detail.to_owned());
    if refused {
        return Error::Unrepresentable {
            lang: lang.id(),
            message,
        };
    }
    let message = match error.kind() {
        ErrorKind::UndefinedError => format!(
            "{message}: the template uses a name that is not defined (defined: {})",
            CONTEXT_NAMES.join(", ")
        ),
        ErrorKind::SyntaxError => format!("syntax error: {message}"),
        _ => message,
    };
    Error::Template {
        name: error.name().unwrap_or(lang.template()).to_owned(),
        line: error.line().unwrap_or(0),
        message,
    }
}
