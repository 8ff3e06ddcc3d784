//! The one error type. Its `Display` says what went wrong and, where there is something to do,
//! what to do; `run` prints it once, as `error: …`, and exits 2.

use std::io;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },

    #[error("cannot read standard input: {0}")]
    ReadStdin(io::Error),

    #[error("{origin}: UTF-16 text ({order}); save it as UTF-8")]
    Utf16 { origin: String, order: &'static str },

    #[error("{origin}:{line}:{column}: not valid UTF-8; save it as UTF-8")]
    NotUtf8 {
        origin: String,
        line: usize,
        column: usize,
    },

    #[error("{origin}:{line}:{column}: {message}")]
    Json {
        origin: String,
        line: usize,
        column: usize,
        message: String,
    },

    /// A description that parses but says something that cannot be sent.
    #[error("{origin}: {field}: {message}")]
    Description {
        origin: String,
        field: String,
        message: String,
    },

    #[error("{0}")]
    Usage(String),

    #[error(
        "unknown model `{model}`{}\n  the docs page lists: {known}\n  ({} to generate it anyway)",
        suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default(),
        spelling.turn_on("allow-unknown-model")
    )]
    UnknownModel {
        model: String,
        suggestion: Option<String>,
        known: String,
        /// How the switch that allows it is written where the model was asked for.
        spelling: crate::spelling::Spelling,
    },

    #[error("template {name}, line {line}: {message}")]
    Template {
        name: String,
        line: usize,
        message: String,
    },

    #[error("cannot read templates from {}: {source}", path.display())]
    TemplateDir { path: PathBuf, source: io::Error },

    /// A value the target language cannot carry (reported by an escaping filter).
    #[error("cannot generate {lang}: {message}")]
    Unrepresentable { lang: &'static str, message: String },

    #[error("{origin}: invalid config: {message}")]
    Config { origin: String, message: String },

    #[error("cannot write output: {0}")]
    Write(io::Error),

    #[error("cannot write {}: {source}", path.display())]
    Save { path: PathBuf, source: io::Error },

    /// The file on disk is no longer what was read: someone else wrote it meanwhile.
    #[error("{}: changed on disk since it was read; not overwritten (run again)", path.display())]
    Changed { path: PathBuf },

    /// A file that replacing would change in a way nobody asked for (a hard link split, a
    /// read-only file made writable, its owner changed): left as it is, with what to do.
    #[error("{}: not overwritten: {reason}", path.display())]
    Unsafe { path: PathBuf, reason: String },

    /// A curl command `convert` cannot turn into a request description, and why.
    #[error("{origin}{}: {message}", at.map(|(line, column)| format!(":{line}:{column}")).unwrap_or_default())]
    Convert {
        origin: String,
        at: Option<(usize, usize)>,
        message: String,
    },

    /// A `sync` marker that cannot be regenerated, at its line in the Markdown file.
    #[error("{path}:{line}: {message}")]
    Marker {
        path: String,
        line: usize,
        message: String,
    },

    /// A directory the walk could not read (the message names it).
    #[error("{0}")]
    Walk(String),

    /// `send` has no key to send.
    #[error(
        "{env} is not set: `export {env}=<your key>` (from the relay's token page), then send again"
    )]
    MissingKey { env: String },

    /// `send` refuses a key the relay would reject; `problem` shows it masked, never whole.
    #[error(
        "the key in {env} {problem}; the relay strips exactly \"Bearer \" and would answer 401: `export {env}=<your key>` again, with nothing around the key"
    )]
    BadKey { env: String, problem: String },
}

impl Error {
    pub(crate) fn description(
        origin: &str,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Error::Description {
            origin: origin.to_owned(),
            field: field.into(),
            message: message.into(),
        }
    }
}
