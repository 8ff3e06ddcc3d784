//! What `lint` does with a checked file besides reporting it, one small action per mode (typos'
//! `Typos`, `FixTypos`, `DiffTypos`): `Check` nothing, `Fix` makes the fixes and writes them back
//! (or prints them, for standard input), `Diff` makes them and shows what `Fix` would write.
//! `Fix` and `Diff` share the fixing itself, [`fix::fix_file`].

use super::Settings;
use super::error::FileError;
use super::input::Input;
use crate::extract::FileKind;
use crate::lint::{Located, SnippetCache, fix};
use crate::save;
use crate::secret::mask_secrets;
use crate::source::SourceFile;

/// The mode `lint` runs in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Action {
    Check,
    Fix,
    Diff,
}

/// A file decoded, as it was read.
pub struct Loaded {
    pub file: SourceFile,
    pub kind: FileKind,
    /// It started with a byte-order mark (not in `file.text`), written back with the fixes.
    pub bom: bool,
}

impl Loaded {
    fn with_bom(&self, text: &str) -> String {
        format!("{}{text}", if self.bom { "\u{feff}" } else { "" })
    }
}

/// What an action leaves of a file.
#[derive(Default)]
pub struct Applied {
    /// The findings to report.
    pub findings: Vec<Located>,
    /// Findings the fixes removed.
    pub fixed: usize,
    /// The text after the fixes; `None`: as read.
    pub text: Option<String>,
    /// `Diff`: what `Fix` would change.
    pub diff: String,
    /// `Fix` on standard input: the fixed text, for stdout.
    pub stdout: Option<String>,
}

impl Action {
    /// Runs on `loaded`, read from `input`, whose findings are `findings`.
    pub fn apply(
        self,
        loaded: &Loaded,
        findings: Vec<Located>,
        input: &Input,
        settings: &Settings,
        cache: &mut SnippetCache,
    ) -> Result<Applied, FileError> {
        match self {
            Action::Check => Ok(Applied {
                findings,
                ..Applied::default()
            }),
            Action::Fix => write(fixes(loaded, findings, settings, cache), loaded, input),
            Action::Diff => Ok(diff(fixes(loaded, findings, settings, cache), loaded)),
        }
    }

    /// What stands for an input with nothing to check: `--fix -` still prints standard input.
    pub fn unchecked(self, stdin: Option<Vec<u8>>) -> Option<String> {
        match self {
            Action::Fix => stdin.map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
            Action::Check | Action::Diff => None,
        }
    }
}

/// The file with every fix `--fix` makes, when there is one to make.
fn fixes(
    loaded: &Loaded,
    findings: Vec<Located>,
    settings: &Settings,
    cache: &mut SnippetCache,
) -> Applied {
    if !findings
        .iter()
        .any(|f| fix::applies(f, settings.unsafe_fixes))
    {
        return Applied {
            findings,
            ..Applied::default()
        };
    }
    let fixed = fix::fix_file_cached(
        &loaded.file,
        loaded.kind,
        findings,
        &settings.config,
        &settings.models,
        settings.unsafe_fixes,
        cache,
    );
    Applied {
        findings: fixed.findings,
        fixed: fixed.fixed,
        text: Some(fixed.text),
        ..Applied::default()
    }
}

/// `Fix`: the fixed text written back over the file, or kept for stdout.
fn write(mut applied: Applied, loaded: &Loaded, input: &Input) -> Result<Applied, FileError> {
    let text = applied.text.as_deref().unwrap_or(&loaded.file.text);
    match input {
        Input::Stdin => applied.stdout = Some(loaded.with_bom(text)),
        Input::File { path, .. } if text != loaded.file.text => save::replace(
            path,
            loaded.with_bom(&loaded.file.text).as_bytes(),
            loaded.with_bom(text).as_bytes(),
        )
        .map_err(FileError::Unwritable)?,
        Input::File { .. } => {}
    }
    Ok(applied)
}

/// `Diff`: the change `Fix` would make, keys masked on both sides.
fn diff(mut applied: Applied, loaded: &Loaded) -> Applied {
    // Without fixes, the texts are equal and the diff empty.
    if let Some(text) = &applied.text {
        applied.diff = save::diff(
            &loaded.file.path,
            &mask_secrets(&loaded.file.text),
            &mask_secrets(text),
        );
    }
    applied
}
