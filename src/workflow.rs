//! Text from files, printed inside a GitHub Actions job without the runner obeying it.
//!
//! The Actions runner reads every line a step prints, on standard output and standard error, and
//! runs it as a workflow command when it starts (after leading whitespace) with `::` —
//! `::add-mask::`, `::error file=…::`, `::stop-commands::`. A page line, a file name or a
//! template's text in a diff is the pull request author's to choose, so printed raw it could
//! mask values, forge annotations or set outputs. Under `GITHUB_ACTIONS=true` such text is
//! printed between `::stop-commands::<token>` and `::<token>::`: the runner obeys nothing in
//! between except the line that ends it, and the token is fresh random hex for each run, so the
//! text cannot hold that line.

use std::borrow::Cow;
use std::sync::OnceLock;

/// How text from files is printed: as is, or fenced off from the runner.
#[derive(Debug, Clone)]
pub struct Quoting {
    /// The stop-commands token; `None` outside GitHub Actions.
    token: Option<String>,
}

impl Quoting {
    /// Fenced under GitHub Actions (`GITHUB_ACTIONS=true`, as the runner sets it), with this
    /// run's token.
    pub fn from_env() -> Self {
        match std::env::var_os("GITHUB_ACTIONS") {
            Some(value) if value == "true" => Quoting {
                token: Some(run_token().to_owned()),
            },
            _ => Quoting { token: None },
        }
    }

    /// Text printed as is.
    pub fn none() -> Self {
        Quoting { token: None }
    }

    /// Text fenced with `token`.
    pub fn with_token(token: &str) -> Self {
        Quoting {
            token: Some(token.to_owned()),
        }
    }

    /// `text` (whole lines, from files) as it may be printed: fenced when running under GitHub
    /// Actions, as is otherwise. Empty text stays empty.
    pub fn quote<'a>(&self, text: &'a str) -> Cow<'a, str> {
        match &self.token {
            Some(token) if !text.is_empty() => {
                // The runner splits lines at `\r` too; the end line must be a line of its own.
                let newline = if text.ends_with('\n') { "" } else { "\n" };
                Cow::Owned(format!(
                    "::stop-commands::{token}\n{text}{newline}::{token}::\n"
                ))
            }
            _ => Cow::Borrowed(text),
        }
    }
}

/// Text from files as it may be printed in this process's environment.
pub fn quote(text: &str) -> Cow<'_, str> {
    static QUOTING: OnceLock<Quoting> = OnceLock::new();
    QUOTING.get_or_init(Quoting::from_env).quote(text)
}

/// 32 random hex digits, drawn once per run from the operating system: a page cannot guess the
/// line that would turn commands back on.
fn run_token() -> &'static str {
    static TOKEN: OnceLock<String> = OnceLock::new();
    TOKEN.get_or_init(|| {
        let mut bytes = [0u8; 16];
        // Without the OS's randomness (which does not happen on the platforms Actions runs),
        // the process id and clock are still unknown to the page's author before the run.
        if getrandom::fill(&mut bytes).is_err() {
            let seed = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
                ^ u128::from(std::process::id());
            bytes = seed.to_le_bytes();
        }
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_text_with_the_token() {
        let quoting = Quoting::with_token("c0ffee");
        assert_eq!(
            quoting.quote(" ::add-mask::x\n+::error::y"),
            "::stop-commands::c0ffee\n ::add-mask::x\n+::error::y\n::c0ffee::\n"
        );
        assert_eq!(quoting.quote(""), "");
        assert_eq!(Quoting::none().quote("::error::y\n"), "::error::y\n");
    }

    #[test]
    fn the_token_is_32_hex_digits() {
        let token = run_token();
        assert_eq!(token.len(), 32);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
        assert_eq!(run_token(), token, "one token per run");
    }
}
