//! The command line, as clap sees it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::generate::{Format, Lang, Style};
use crate::request::KeyStyle;

#[derive(Debug, Parser)]
#[command(
    name = "open1-snip",
    version,
    about = "Generate and check API snippets for the open1 relay (POST https://www.open1.codes/v1/responses)",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate equivalent cURL, Python and Node.js snippets from one request description
    Gen(GenArgs),
    /// Find snippets that will fail for users: in Markdown, source files and HTML
    Lint(LintArgs),
    /// Print the relay's model table (the docs page's models, prices and status)
    Models(ModelsArgs),
    /// Turn a curl command (as docs write it) into snippets, or into a request description
    Convert(ConvertArgs),
    /// Regenerate the snippets between `<!-- open1-snip gen … -->` and `<!-- open1-snip end -->`
    /// markers in Markdown
    Sync(SyncArgs),
    /// Send the request to the relay: print the reply, the token usage and its cost, or say
    /// why it failed and what to do
    Send(SendArgs),
    /// Write a commented open1-snip.toml with the defaults (never over an existing one)
    Init(InitArgs),
    /// Print the JSON Schema of the request description, for editors to check and complete
    /// request files
    Schema,
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Print the man page (roff): `open1-snip man | man -l -`
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the config
    #[arg(value_name = "FILE", default_value = "open1-snip.toml")]
    pub path: PathBuf,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A subcommand's own page (`open1-snip-lint(1)`) instead of the main one
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files and directories to check; `-` reads standard input [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The name standard input is reported under; its extension says what kind of file it is
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = crate::report::Format::Human)]
    pub format: crate::report::Format,

    /// When to colour the human output
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    /// Exit 1 on warnings too
    #[arg(long)]
    pub deny_warnings: bool,

    /// Config file [default: the first open1-snip.toml from the working directory up]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Explain a rule: what it finds, why it breaks, a bad and a good example
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,

    /// Repair what is safe to repair, in place (standard input: the fixed text goes to stdout
    /// and the report to stderr)
    #[arg(long)]
    pub fix: bool,

    /// With --fix or --diff, also make fixes that change what the request sends (adding a
    /// missing User-Agent header)
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print a unified diff of what --fix would change and write nothing; exit 1 when there is
    /// something to fix
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,

    /// How many files to check at once [default: one per CPU]
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<std::num::NonZeroUsize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct GenArgs {
    /// Request description (JSON); `-` reads standard input. Without one: the docs page's request
    #[arg(value_name = "REQUEST")]
    pub request: Option<PathBuf>,

    #[command(flatten)]
    pub output: SnippetOutput,

    /// How snippets get the API key
    #[arg(long, value_enum, default_value_t = KeyStyle::Env)]
    pub key: KeyStyle,

    /// Directory whose <lang>.<ext>.jinja files replace the built-in templates
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,

    #[command(flatten)]
    pub request_flags: RequestFlags,
}

/// The flags that shape the request, shared by `gen` and `send` so that both make the same
/// request from the same command line.
#[derive(Debug, Clone, Default, Args)]
pub struct RequestFlags {
    /// Model id (overrides the description's `model`)
    #[arg(long)]
    pub model: Option<String>,

    /// Prompt text (overrides the description's `prompt`)
    #[arg(long)]
    pub prompt: Option<String>,

    /// Base URL (overrides the description's `base_url`)
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,

    /// Extra header `Name: value`; repeatable (overrides the description's header of that name)
    #[arg(long = "header", short = 'H', value_name = "NAME: VALUE")]
    pub headers: Vec<String>,

    /// JSON object merged into the description's `body`
    #[arg(long, value_name = "JSON")]
    pub body_json: Option<String>,

    /// Use a model that is not in the model table
    #[arg(long)]
    pub allow_unknown_model: bool,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// Request description (JSON); `-` reads standard input. Without one: the docs page's request
    #[arg(value_name = "REQUEST")]
    pub request: Option<PathBuf>,

    #[command(flatten)]
    pub request_flags: RequestFlags,

    /// Stream the reply: print each text delta as it arrives (sets `"stream": true` in the body)
    #[arg(long)]
    pub stream: bool,

    /// Print the relay's raw response instead of the reply text (a stream: each event's JSON,
    /// one per line)
    #[arg(long)]
    pub json: bool,

    /// Print the reply as the server sent it, control characters and escape sequences included
    /// (for pipelines); without it they are shown as visible escapes (`\x1b`, `\r`, `\u{9b}`)
    #[arg(long)]
    pub raw: bool,

    /// Send to a plain http:// base URL whose host is not loopback, the key in clear text
    #[arg(long)]
    pub allow_insecure: bool,

    /// Seconds to wait for each step: connecting, the answer to start, each next part of it
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    pub timeout: f64,

    /// Seconds the whole exchange may take: connecting, sending, and reading the whole reply or
    /// stream
    #[arg(long, value_name = "SECONDS", default_value_t = 600.0)]
    pub max_time: f64,
}

/// Which snippets to print and how: `gen`'s, `convert`'s and `sync` markers' `--lang`,
/// `--format` and `--style`.
#[derive(Debug, Clone, Args)]
pub struct SnippetOutput {
    /// Languages to generate, in order (repeat or separate with commas) [default: curl,python,node]
    #[arg(
        long = "lang",
        short = 'l',
        value_enum,
        value_delimiter = ',',
        value_name = "LANG"
    )]
    pub langs: Vec<Lang>,

    /// Output format [default: text for one lang, markdown for several]
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,

    /// The snippets' form [default: page for the page formats, script for text and json]
    #[arg(long, value_enum)]
    pub style: Option<Style>,
}

#[derive(Debug, Args)]
pub struct ModelsArgs {
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = ModelsFormat::Table)]
    pub format: ModelsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModelsFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// File holding one curl command (a console `$ ` prompt is fine); `-` or none reads standard input
    #[arg(value_name = "FILE")]
    pub input: Option<PathBuf>,

    /// What to print: snippets (as `gen` prints them) or the request description `gen` reads
    #[arg(long, value_enum, default_value_t = ConvertTo::Snippets)]
    pub to: ConvertTo,

    #[command(flatten)]
    pub output: SnippetOutput,

    /// How snippets get the API key [default: env]
    #[arg(long, value_enum)]
    pub key: Option<KeyStyle>,

    /// Directory whose <lang>.<ext>.jinja files replace the built-in templates
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,

    /// Convert a command whose model is not in the model table
    #[arg(long)]
    pub allow_unknown_model: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConvertTo {
    Snippets,
    Request,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Markdown files and directories to sync; `-` reads standard input and writes the synced
    /// text to standard output [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Write nothing: print a diff of each stale file and exit 1 if there is one (for CI)
    #[arg(long)]
    pub check: bool,

    /// The name standard input is reported under; a `.mdx` name reads it as MDX
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// Config file, for its include and exclude globs [default: the first open1-snip.toml from
    /// the working directory up]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}
