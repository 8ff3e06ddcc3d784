//! `lint`'s settings, decided once from the command line before any file is read (ripgrep's
//! `HiArgs::from_low_args`): the paths, the action, the colour, the threads, the config and its
//! path filter, the model table. Everything below reads these; nothing looks at the arguments
//! again.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::action::Action;
use crate::cli::{Color, LintArgs};
use crate::error::Error;
use crate::lint::Config;
use crate::models::ModelTable;
use crate::report::Format;
use crate::walk::PathFilter;

pub struct Settings {
    /// What to check; `-` is standard input.
    pub paths: Vec<PathBuf>,
    /// The name standard input is reported under.
    pub stdin_name: Option<String>,
    pub action: Action,
    /// `--fix` and `--diff` also make the fixes that change what a request sends.
    pub unsafe_fixes: bool,
    pub format: Format,
    /// Whether the human report is coloured.
    pub color: bool,
    pub deny_warnings: bool,
    /// How many files are checked at once.
    pub threads: usize,
    pub config: Config,
    pub filter: PathFilter,
    pub models: ModelTable,
}

impl Settings {
    pub fn new(args: &LintArgs) -> Result<Settings, Error> {
        let config = Config::load(args.config.as_deref())?;
        let action = match (args.fix, args.diff) {
            (true, _) => Action::Fix,
            (_, true) => Action::Diff,
            _ => Action::Check,
        };
        Ok(Settings {
            paths: match args.paths.is_empty() {
                true => vec![PathBuf::from(".")],
                false => args.paths.clone(),
            },
            stdin_name: args.stdin_filename.clone(),
            action,
            unsafe_fixes: args.unsafe_fixes,
            format: args.format,
            color: color(args.color),
            deny_warnings: args.deny_warnings,
            threads: args.threads.map_or_else(
                || std::thread::available_parallelism().map_or(1, usize::from),
                usize::from,
            ),
            filter: config.path_filter(),
            config,
            models: ModelTable::builtin(),
        })
    }
}

/// `--color auto` colours a terminal, unless `NO_COLOR` is set (and not empty).
fn color(choice: Color) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}
