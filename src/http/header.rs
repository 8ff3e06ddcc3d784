//! HTTP header lines: how a `Name: value` line is taken apart, which header names and values
//! every client can send unchanged, and which headers the snippets manage themselves.
//!
//! Two syntaxes meet here. A curl `-H` word ([`HeaderLine`]), read by the linter and by
//! `convert`: `Name: value`, `Name:` (curl removes its own header) and `Name;` (sent empty). And a
//! description's header (`gen --header`, [`Header::parse_line`]), which is only ever
//! `Name: value`, refused rather than trimmed when it is not clean.
//!
//! curl, requests, fetch and the openai SDKs agree only on a narrow set: a token for the name, and
//! visible ASCII, spaces and tabs for the value. Outside it they disagree (requests encodes values
//! as Latin-1, fetch rejects anything past U+00FF, curl sends UTF-8), trim (leading and trailing
//! whitespace is not part of a value in HTTP), or drop the header (curl's `-H 'Name:'` removes it).
//! So such values are refused with the reason, never sent differently by different snippets.

use std::fmt;

use crate::parse::{Piece, Text};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Header {
    pub name: String,
    pub value: String,
}

impl fmt::Display for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.value)
    }
}

/// Who sets a managed header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetBy {
    /// The snippets write it from the request: `convert` reads a command's into the request.
    Snippets,
    /// Each HTTP client sets it itself: `convert` does not carry a command's over.
    Clients,
}

/// A header the snippets or their clients manage, or that a description may not set.
pub struct Managed {
    /// Lowercase.
    pub name: &'static str,
    /// `None` for a header nobody manages but a description still may not set (`__proto__`).
    pub set_by: Option<SetBy>,
    /// Why a description may not set it; `None` when it may (the snippets send its value).
    pub refused: Option<&'static str>,
}

/// The headers the snippets manage, once for every stage.
pub const MANAGED: &[Managed] = &[
    Managed {
        name: "authorization",
        set_by: Some(SetBy::Snippets),
        refused: Some("the key is sent from the environment variable named by api_key_env"),
    },
    Managed {
        name: "content-type",
        set_by: Some(SetBy::Snippets),
        refused: Some("the body is JSON, sent as application/json"),
    },
    Managed {
        name: "accept",
        set_by: Some(SetBy::Snippets),
        refused: None,
    },
    Managed {
        name: "user-agent",
        set_by: Some(SetBy::Snippets),
        refused: None,
    },
    Managed {
        name: "content-length",
        set_by: Some(SetBy::Clients),
        refused: Some("each client computes it"),
    },
    Managed {
        name: "transfer-encoding",
        set_by: Some(SetBy::Clients),
        refused: Some("each client chooses it"),
    },
    Managed {
        name: "host",
        set_by: Some(SetBy::Clients),
        refused: Some("it comes from base_url"),
    },
    Managed {
        name: "connection",
        set_by: Some(SetBy::Clients),
        refused: Some("each client manages its connection"),
    },
    // curl's `Expect: 100-continue` for a large body: the other clients do without.
    Managed {
        name: "expect",
        set_by: Some(SetBy::Clients),
        refused: None,
    },
    // Node's fetch (undici), which the node and node-openai snippets use, copies the headers
    // into a plain object before sending, where `__proto__` sets the prototype: the header is
    // silently dropped however the snippet writes it.
    Managed {
        name: "__proto__",
        set_by: None,
        refused: Some(
            "Node's fetch drops a header of that name, so the Node.js snippets could not send it; rename it",
        ),
    },
];

/// The managed header named `name`, case-insensitively.
pub fn managed(name: &str) -> Option<&'static Managed> {
    MANAGED.iter().find(|m| m.name.eq_ignore_ascii_case(name))
}

/// Who sets the header named `name`, when the snippets or their clients do.
pub fn set_by(name: &str) -> Option<SetBy> {
    managed(name).and_then(|m| m.set_by)
}

/// How a curl `-H` word separates the name from the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    /// `Name: value`; `Name:` removes the header.
    Colon,
    /// `Name;`: sends the header with an empty value.
    Semicolon,
}

/// A curl `-H` word taken apart: the name, the separator, and the value, which may hold pieces
/// the snippet does not show (`Bearer $KEY`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderLine {
    /// Without the whitespace around it.
    pub name: String,
    pub separator: Separator,
    /// After the separator; curl drops the spaces after the colon.
    pub value: Text,
    /// Whitespace was written around the name (`X-A :`): curl keeps it in the name, so `Name :`
    /// removes no header of the trimmed name.
    padded: bool,
}

impl HeaderLine {
    /// Splits a `-H` word at its first `:` or `;`; `None` when the known start holds neither
    /// (`-H @file`, `-H "$HEADER"`).
    pub fn parse(text: &Text) -> Option<HeaderLine> {
        let prefix = text.known_prefix();
        let at = prefix.find([':', ';'])?;
        let written = &prefix[..at];
        let name = written.trim();
        let mut value = text.clone();
        value.strip_prefix(at + 1);
        // curl drops one space (or more) after the colon.
        trim_first_piece(&mut value, &[' ']);
        Some(HeaderLine {
            name: name.to_owned(),
            separator: match prefix[at..].starts_with(';') {
                true => Separator::Semicolon,
                false => Separator::Colon,
            },
            value,
            padded: name.len() != written.len(),
        })
    }

    /// `Name:` with nothing after it: curl removes its own header of that name.
    pub fn removes(&self) -> bool {
        self.separator == Separator::Colon && !self.padded && self.value.is_empty()
    }

    /// Drops tabs after the separator too, as curl skips every blank there: `convert` hands the
    /// value to clients that would send the tab. The linter keeps it in the value it checks.
    pub fn without_leading_blanks(mut self) -> HeaderLine {
        trim_first_piece(&mut self.value, &[' ', '\t']);
        self
    }
}

/// Drops `blanks` from the start of the first literal piece.
fn trim_first_piece(value: &mut Text, blanks: &[char]) {
    if let Some(Piece::Lit(first)) = value.pieces.first_mut() {
        let kept = first.trim_start_matches(blanks).len();
        first.replace_range(..first.len() - kept, "");
    }
}

/// Checks a header name; the error says why it cannot be sent.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("empty header name".into());
    }
    if let Some(bad) = name.chars().find(|&c| !is_token_char(c)) {
        return Err(format!(
            "header name {name:?} holds {bad:?}; names are letters, digits and !#$%&'*+-.^_`|~"
        ));
    }
    if let Some(why) = managed(name).and_then(|m| m.refused) {
        return Err(format!("{name} cannot be set here: {why}"));
    }
    Ok(())
}

/// Checks a header value; the error says why it cannot be sent.
pub fn check_value(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err("empty value: curl would drop the header instead of sending it".into());
    }
    if value.starts_with([' ', '\t']) || value.ends_with([' ', '\t']) {
        return Err(format!(
            "value {value:?} starts or ends with whitespace, which HTTP strips: remove it"
        ));
    }
    if let Some(bad) = value
        .chars()
        .find(|&c| !(c == ' ' || c == '\t' || c.is_ascii_graphic()))
    {
        return Err(format!(
            "value holds {bad:?} (U+{:04X}); a header value that every client sends unchanged is \
             visible ASCII, spaces and tabs — percent-encode anything else",
            bad as u32
        ));
    }
    Ok(())
}

/// Parses a description's `Name: value`, as given to `gen --header`: split at the first colon,
/// the name as written (whitespace around it is refused by [`check_name`], not trimmed as curl's
/// `-H` would), and no `Name;` form.
pub fn parse_line(line: &str) -> Result<Header, String> {
    let Some((name, value)) = line.split_once(':') else {
        return Err(format!("{line:?} is not `Name: value`"));
    };
    let header = Header {
        name: name.to_owned(),
        value: value.trim_start_matches([' ', '\t']).to_owned(),
    };
    check_name(&header.name)?;
    check_value(&header.value)?;
    Ok(header)
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        assert_eq!(
            parse_line("X-Trace-Id: abc").unwrap(),
            Header {
                name: "X-Trace-Id".into(),
                value: "abc".into()
            }
        );
        assert_eq!(
            parse_line("X-Q:'\"$`\\ {{x}} %s").unwrap().value,
            "'\"$`\\ {{x}} %s"
        );
        assert!(parse_line("no colon").is_err());
        assert!(parse_line("X-A:").unwrap_err().contains("empty value"));
        assert!(parse_line("X-A: b ").unwrap_err().contains("whitespace"));
        assert!(parse_line("X-A: 中").unwrap_err().contains("U+4E2D"));
        assert!(parse_line("X-A: a\nb").is_err());
        assert!(parse_line("Bad Name: x").is_err());
        assert!(
            parse_line("authorization: Bearer x")
                .unwrap_err()
                .contains("api_key_env")
        );
        assert!(
            parse_line("__proto__: x")
                .unwrap_err()
                .contains("Node's fetch drops")
        );
        assert!(parse_line("constructor: x").is_ok());
    }
}
