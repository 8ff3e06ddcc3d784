//! From a curl command, as docs write it, to the request description `gen` reads.
//!
//! The command is read by the linter's parser ([`crate::parse::shell`]): bash's quoting,
//! continuations, `$VAR` from assignments and here-documents are evaluated once, and curl's
//! options come back in order. Each stage here takes one part of the request from them —
//! [`options`] sorts the options (what makes the request, what the snippets already do, what
//! they cannot carry), [`endpoint`] the URL, [`body`] the JSON body, [`headers`] the headers and
//! the key — and anything the snippets would send differently is either refused with the reason
//! or named in a warning: nothing is dropped silently.
//!
//! Pure: the only input besides the code is `load`, which reads the files named by `@file`.

mod body;
mod endpoint;
mod headers;
mod options;
mod written;

use std::io;

use crate::generate::Lang;
use crate::parse::Span;
use crate::parse::shell::{self, CurlCommand};
use crate::request::{DEFAULT_KEY_ENV, Description, KEY_PLACEHOLDER, KeyStyle};
use body::{LineOf, Respelled};

/// A command converted: the description, and what the user should know about it.
#[derive(Debug)]
pub struct Conversion {
    pub description: Description,
    /// One line each, without the `warning: ` prefix.
    pub warnings: Vec<String>,
    /// The placeholder the command writes for the key (`{在这里填写_API_Key}`, `sk-xxx`): the
    /// snippets read the key from the environment instead, or write their own placeholder.
    pub placeholder_key: Option<String>,
    /// Numbers the Python or Node snippets print back spelt otherwise than the command writes
    /// them (named in a warning for the languages generated).
    pub respelled: Vec<Respelled>,
}

impl Conversion {
    /// What the user should know, for snippets that write the key as `key` says.
    /// `langs` empty: the default languages.
    pub fn warnings(&self, key: KeyStyle, langs: &[Lang]) -> Vec<String> {
        let mut warnings = self.warnings.clone();
        if let Some(warning) = respelled(&self.respelled, langs) {
            warnings.push(warning);
        }
        let env = self
            .description
            .api_key_env
            .as_deref()
            .unwrap_or(DEFAULT_KEY_ENV);
        match (&self.placeholder_key, key) {
            (Some(written), KeyStyle::Env) => warnings.push(format!(
                "the command's key {written:?} is a placeholder: the snippets read the key from ${env} instead; set it before running them"
            )),
            (Some(written), KeyStyle::Placeholder) if written != KEY_PLACEHOLDER => warnings.push(format!(
                "the command's key {written:?} is a placeholder: the snippets write {KEY_PLACEHOLDER:?} instead"
            )),
            _ => {}
        }
        warnings
    }
}

/// Why a command cannot be converted, at the part of the code that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub span: Option<Span>,
    pub message: String,
}

impl Problem {
    fn at(span: &Span, message: impl Into<String>) -> Self {
        Problem {
            span: Some(span.clone()),
            message: message.into(),
        }
    }

    fn new(message: impl Into<String>) -> Self {
        Problem {
            span: None,
            message: message.into(),
        }
    }
}

/// Reads the files a command names (`-d @body.json`), relative to where the command came from.
pub type Load<'a> = dyn FnMut(&str) -> io::Result<Vec<u8>> + 'a;

/// Converts the one curl command in `code`; warnings cite lines of `code`.
pub fn convert(code: &str, load: &mut Load<'_>) -> Result<Conversion, Problem> {
    let line_of = |at: usize| code[..at.min(code.len())].matches('\n').count() + 1;
    convert_with(code, load, &line_of)
}

/// Converts the one curl command in `code`; `line_of` gives the line of the input each byte
/// offset of `code` comes from, for warnings (a console session's commands are not its lines).
pub fn convert_with(
    code: &str,
    load: &mut Load<'_>,
    line_of: &LineOf<'_>,
) -> Result<Conversion, Problem> {
    written_for_bash(code)?;
    let script = shell::script(code);
    if let Some(span) = &script.error {
        return Err(Problem::at(
            span,
            "this is not valid bash: an unterminated quote, or a stray character? (curl would not run either)",
        ));
    }
    let command = match script.curls.as_slice() {
        [] => {
            return Err(Problem::new(
                "no curl command found: convert reads one `curl …` command (a console prompt `$ ` is fine)",
            ));
        }
        [command] => command,
        [_, second, ..] => {
            return Err(Problem::at(
                &second.span,
                format!(
                    "a second curl command ({} in all): convert reads one command at a time; save each in its own file",
                    script.curls.len()
                ),
            ));
        }
    };
    let mut warnings = Vec::new();
    if !script.others.is_empty() {
        let mut names: Vec<&str> = script.others.iter().map(|(n, _)| n.as_str()).collect();
        names.dedup();
        warnings.push(format!(
            "only the curl command is converted; left out: {} (the snippets print the reply text themselves)",
            names.join(", ")
        ));
    }
    let mut conversion = read(code, command, load, line_of)?;
    warnings.append(&mut conversion.warnings);
    conversion.warnings = warnings;
    Ok(conversion)
}

/// Refuses a command bash would not run as it looks: one written for PowerShell or cmd
/// (`curl.exe`, `` ` `` or `^` at line ends), one whose continuations break (a `\` followed by
/// blanks, a blank or comment line inside it), and CRLF line endings, whose carriage returns
/// bash keeps in the words (`curl: (3)`, `-H: command not found`). The snippets would send the
/// request the page meant, curl the one bash runs: neither is a conversion.
fn written_for_bash(code: &str) -> Result<(), Problem> {
    const FOR_BASH: &str = "convert reads a command written for bash: write it for bash (`curl`, `\\` at the end of each continued line, the JSON body in single quotes)";
    let mut at = 0;
    for line in code.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let first = line
            .trim_start()
            .split([' ', '\t', '\r', '\n'])
            .next()
            .unwrap_or("");
        if first.eq_ignore_ascii_case("curl.exe") {
            let span = at + indent..at + indent + first.len();
            return Err(Problem::at(
                &span,
                format!(
                    "`curl.exe` is how PowerShell and cmd run curl: this command is written for Windows; {FOR_BASH}"
                ),
            ));
        }
        at += line.len();
    }
    if let Some(found) = shell::breaks(code, true).into_iter().next() {
        let message = match found.kind {
            shell::BreakKind::Caret => {
                format!(
                    "`^` at the end of a line continues it in Windows cmd: this command is written for cmd; {FOR_BASH}"
                )
            }
            shell::BreakKind::Backtick => format!(
                "a backtick at the end of a line continues it in PowerShell: this command is written for PowerShell; {FOR_BASH}"
            ),
            shell::BreakKind::CarriageReturn => format!(
                "{}: save the command with LF line endings",
                found.describe()
            ),
            _ => format!(
                "{} (`open1-snip lint --fix` deletes blanks after a `\\`)",
                found.describe()
            ),
        };
        return Err(Problem::at(&found.span, message));
    }
    if let Some(cr) = code.find('\r') {
        return Err(Problem::at(
            &(cr..cr + 1),
            "this command has CRLF (Windows) line endings: bash keeps each carriage return in the line's last word, and curl would get it; save the command with LF line endings",
        ));
    }
    Ok(())
}

fn read(
    code: &str,
    command: &CurlCommand,
    load: &mut Load<'_>,
    line_of: &LineOf<'_>,
) -> Result<Conversion, Problem> {
    let mut parts = options::sort(code, command)?;
    let base_url = endpoint::base_url(&parts)?;
    let body = body::read(&parts, command, load, line_of)?;
    let headers = headers::read(&parts, body.stream)?;
    let placeholder_key = headers.placeholder;
    let mut warnings = body.duplicates;
    warnings.extend(headers.warnings);
    parts.not_carried.extend(headers.not_carried);
    if !parts.not_carried.is_empty() {
        warnings.push(format!(
            "not carried over: {} (the snippets make the request without them; add them by hand if they matter)",
            parts.not_carried.join(", ")
        ));
    }
    Ok(Conversion {
        description: Description {
            base_url: Some(base_url),
            model: Some(body.model),
            prompt: body.prompt,
            input: body.input,
            body: Some(body.rest).filter(|b| !b.is_empty()),
            headers: Some(headers.extra).filter(|h| !h.is_empty()),
            api_key_env: Some(headers.key_env),
            schema: None,
            origin: String::new(),
        },
        warnings,
        placeholder_key,
        respelled: body.respelled,
    })
}

/// One warning for the numbers the generated languages print back spelt otherwise.
fn respelled(numbers: &[Respelled], langs: &[Lang]) -> Option<String> {
    let langs = if langs.is_empty() {
        &Lang::DEFAULT[..]
    } else {
        langs
    };
    let has = |wanted: &[Lang]| langs.iter().any(|l| wanted.contains(l));
    let curl = has(&[Lang::Curl]);
    let python = has(&[Lang::Python, Lang::PythonOpenai]);
    let node = has(&[Lang::Node, Lang::NodeOpenai]);
    const SHOWN: usize = 5;
    let mut named = Vec::new();
    let mut count = 0usize;
    for number in numbers {
        // Each spelling with the clients that send it: `100 by Python and Node`.
        let mut sent: Vec<(&str, Vec<&str>)> = Vec::new();
        for (wanted, text, client) in [
            (curl, &number.curl, "the curl snippet"),
            (python, &number.python, "Python"),
            (node, &number.node, "Node"),
        ] {
            let Some(text) = text.as_deref().filter(|_| wanted) else {
                continue;
            };
            match sent.iter_mut().find(|(t, _)| *t == text) {
                Some((_, clients)) => clients.push(client),
                None => sent.push((text, vec![client])),
            }
        }
        if sent.is_empty() {
            continue;
        }
        count += 1;
        if named.len() < SHOWN {
            let sent: Vec<String> = sent
                .iter()
                .map(|(text, clients)| format!("{text} by {}", clients.join(" and ")))
                .collect();
            named.push(format!(
                "{} ({}) is sent as {}",
                number.written,
                number.place,
                sent.join(", ")
            ));
        }
    }
    let more = match count.saturating_sub(SHOWN) {
        0 => String::new(),
        n => format!(", and {n} more"),
    };
    (count > 0).then(|| {
        format!(
            "the snippets spell {} otherwise than the command: {}{more} — the same number to the relay (it reads the nearest double), but only the command's curl sends the text as written",
            if count == 1 { "a number" } else { "numbers" },
            named.join("; ")
        )
    })
}

/// The variables a text uses that the command does not define, for messages: `$NAME`, `$(…)`.
fn unknowns(text: &crate::parse::Text) -> String {
    let names: Vec<String> = text
        .pieces
        .iter()
        .filter_map(|piece| match piece {
            crate::parse::Piece::Var(name) if name.starts_with('$') => Some(name.clone()),
            crate::parse::Piece::Var(name) => Some(format!("${name}")),
            crate::parse::Piece::Lit(_) => None,
        })
        .collect();
    names.join(", ")
}

#[cfg(test)]
mod tests;
