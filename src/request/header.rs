//! HTTP header names and values that every client can send unchanged.
//!
//! curl, requests, fetch and the openai SDKs agree only on a narrow set: a token for the name, and
//! visible ASCII, spaces and tabs for the value. Outside it they disagree (requests encodes values
//! as Latin-1, fetch rejects anything past U+00FF, curl sends UTF-8), trim (leading and trailing
//! whitespace is not part of a value in HTTP), or drop the header (curl's `-H 'Name:'` removes it).
//! So such values are refused with the reason, never sent differently by different snippets.

use std::fmt;

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

/// Headers the generated snippets set themselves and a description may not.
const MANAGED: &[(&str, &str)] = &[
    (
        "authorization",
        "the key is sent from the environment variable named by api_key_env",
    ),
    ("content-type", "the body is JSON, sent as application/json"),
    ("content-length", "each client computes it"),
    ("transfer-encoding", "each client chooses it"),
    ("host", "it comes from base_url"),
    ("connection", "each client manages its connection"),
    // Node's fetch (undici), which the node and node-openai snippets use, copies the headers
    // into a plain object before sending, where `__proto__` sets the prototype: the header is
    // silently dropped however the snippet writes it.
    (
        "__proto__",
        "Node's fetch drops a header of that name, so the Node.js snippets could not send it; rename it",
    ),
];

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
    if let Some((_, why)) = MANAGED
        .iter()
        .find(|(managed, _)| managed.eq_ignore_ascii_case(name))
    {
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

/// Parses `Name: value`, as given to `--header`.
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
