//! The headers: the key's environment variable from `Authorization: Bearer $VAR`, the headers
//! every snippet sends anyway (Content-Type, Accept, User-Agent) left out when the command sends
//! the same, and every other header carried over. A header whose value the command does not
//! show is refused: the snippets could not send it.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::options::{AuthArg, HeaderArg, Parts};
use super::{Problem, unknowns};
use crate::http::header::{self, HeaderLine, Separator, SetBy};
use crate::parse::{Piece, Text};
use crate::request::{DEFAULT_KEY_ENV, USER_AGENT};
use crate::secret::{mask, mask_secrets};

#[derive(Debug, Default)]
pub struct Headers {
    pub extra: Map<String, Value>,
    pub key_env: String,
    pub warnings: Vec<String>,
    pub not_carried: Vec<String>,
    /// The docs page's placeholder the command writes for the key (`{在这里填写_API_Key}`,
    /// `sk-xxx`…), which the snippets replace.
    pub placeholder: Option<String>,
}

/// One header option, read: `Name: value`, or `Name:` (curl removes its own header).
struct Line<'a> {
    name: String,
    value: Option<Text>,
    arg: &'a HeaderArg,
}

pub fn read(parts: &Parts, stream: bool) -> Result<Headers, Problem> {
    let mut headers = Headers {
        key_env: DEFAULT_KEY_ENV.to_owned(),
        ..Headers::default()
    };
    let mut lines: Vec<Line<'_>> = Vec::new();
    // Each header's line by its lowercase name: one look-up per header, not a search of all.
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for arg in &parts.headers {
        let line = line(arg)?;
        let lower = line.name.to_ascii_lowercase();
        if let Some(earlier) = by_name.get(&lower).map(|&i| &lines[i]) {
            return Err(Problem::at(
                &arg.value.span,
                format!(
                    "{} is set twice ({} and {}); the snippets send each header once: keep one",
                    line.name,
                    mask_secrets(&earlier.arg.written),
                    mask_secrets(&arg.written)
                ),
            ));
        }
        by_name.insert(lower, lines.len());
        lines.push(line);
    }
    let find = |name: &str| by_name.get(name).map(|&i| &lines[i]);

    // `--oauth2-bearer` and `-u` make the Authorization header, unless `-H` gives one.
    let made;
    let authorization = match (find("authorization"), &parts.auth) {
        (Some(line), Some(auth)) => {
            headers.warnings.push(format!(
                "{} is not used: {} replaces the Authorization header it makes, in curl as in the snippets",
                auth.option,
                mask_secrets(&line.arg.written)
            ));
            Some(line)
        }
        (None, Some(auth)) if auth.basic => return Err(basic_auth(auth)),
        (None, Some(auth)) => {
            made = line(&auth.header)?;
            Some(&made)
        }
        (line, None) => line,
    };
    key(authorization, &mut headers)?;

    // Content-Type: the command's, else `--json`'s, else curl's form encoding.
    match find("content-type") {
        Some(Line {
            value: Some(value),
            arg,
            ..
        }) => {
            let value = known(value, arg)?;
            let media = value.split(';').next().unwrap_or_default().trim();
            if !media.eq_ignore_ascii_case("application/json") {
                return Err(Problem::at(
                    &arg.value.span,
                    format!(
                        "the command sends Content-Type: {value}; the snippets send the body as application/json only"
                    ),
                ));
            }
            if value != "application/json" {
                headers.warnings.push(format!(
                    "{} is sent as Content-Type: application/json by the snippets",
                    arg.written
                ));
            }
        }
        _ if parts.json_flag => {}
        removed => {
            if let Some(line) = removed {
                headers.not_carried.push(line.arg.written.clone());
            }
            headers.warnings.push(
                "the command sends no Content-Type, so curl sends the JSON body as application/x-www-form-urlencoded; the snippets send it as application/json"
                    .to_owned(),
            );
        }
    }

    // Accept: carried over only when it is not what the snippets send anyway.
    let sent = if stream {
        "text/event-stream"
    } else {
        "application/json"
    };
    let accept = match find("accept") {
        Some(Line {
            value: Some(value),
            arg,
            ..
        }) => Some(known(value, arg)?),
        Some(line) => {
            headers.not_carried.push(line.arg.written.clone());
            None
        }
        // `--json` asks for application/json; plain curl's `*/*` accepts what the snippets ask.
        None if parts.json_flag => Some("application/json".to_owned()),
        None => None,
    };
    if let Some(accept) = accept.filter(|a| a != sent) {
        headers.extra.insert("Accept".into(), Value::String(accept));
    }

    // User-Agent: the snippets always send one (the relay's proxy answers 403 without).
    match find("user-agent") {
        Some(Line {
            value: Some(value),
            arg,
            ..
        }) if !value.is_empty() => {
            let value = known(value, arg)?;
            if value != USER_AGENT {
                headers
                    .extra
                    .insert("User-Agent".into(), Value::String(value));
            }
        }
        Some(line) => headers.warnings.push(format!(
            "{} removes the User-Agent; the snippets always send User-Agent: {USER_AGENT} (the relay's proxy answers 403 without one)",
            line.arg.written
        )),
        None => {}
    }

    for line in &lines {
        let set_by = header::set_by(&line.name);
        // Read above, into the request.
        if set_by == Some(SetBy::Snippets) {
            continue;
        }
        let Some(value) = &line.value else {
            headers.not_carried.push(line.arg.written.clone());
            continue;
        };
        if set_by == Some(SetBy::Clients) {
            headers.not_carried.push(line.arg.written.clone());
            continue;
        }
        let value = known(value, line.arg)?;
        if crate::secret::find_secret(&value).is_some() {
            return Err(Problem::at(
                &line.arg.value.span,
                format!(
                    "{} holds what looks like an API key ({}); the relay reads the key only from Authorization: remove the header",
                    line.name,
                    mask_secrets(&value)
                ),
            ));
        }
        headers
            .extra
            .insert(line.name.clone(), Value::String(value));
    }
    Ok(headers)
}

/// `Name: value` (curl drops the blanks after the colon), `Name:` (removes curl's own header),
/// `Name;` (sends it empty).
fn line(arg: &HeaderArg) -> Result<Line<'_>, Problem> {
    let text = &arg.value.text;
    if let Some(name) = arg.name {
        return Ok(Line {
            name: name.to_owned(),
            value: Some(text.clone()),
            arg,
        });
    }
    if text.known_prefix().starts_with('@') {
        return Err(Problem::at(
            &arg.value.span,
            "-H @file reads headers from a file the command does not show: write them as -H options",
        ));
    }
    let Some(line) = HeaderLine::parse(text).map(HeaderLine::without_leading_blanks) else {
        return Err(Problem::at(
            &arg.value.span,
            format!("{} is not `Name: value`", mask_secrets(&arg.written)),
        ));
    };
    let empty = line.value.is_empty();
    if line.separator == Separator::Semicolon && empty {
        return Err(Problem::at(
            &arg.value.span,
            format!(
                "{} sends {} with an empty value; the snippets cannot send an empty header",
                arg.written, line.name
            ),
        ));
    }
    Ok(Line {
        name: line.name,
        value: (!empty).then_some(line.value),
        arg,
    })
}

fn known(value: &Text, arg: &HeaderArg) -> Result<String, Problem> {
    value.known().ok_or_else(|| {
        Problem::at(
            &arg.value.span,
            format!(
                "{} uses {}, which the command does not define: the snippets need its value; write it out, or assign the variable before the command",
                arg.written,
                unknowns(value)
            ),
        )
    })
}

/// `Authorization: Bearer $VAR` names the snippets' environment variable; a key written out is
/// replaced by one.
fn key(line: Option<&Line<'_>>, headers: &mut Headers) -> Result<(), Problem> {
    let Some(Line {
        value: Some(value),
        arg,
        ..
    }) = line
    else {
        headers.warnings.push(format!(
            "the command sends no Authorization header; the snippets send `Bearer` and the key from ${DEFAULT_KEY_ENV}"
        ));
        return Ok(());
    };
    let refuse = |why: &str| {
        Err(Problem::at(
            &arg.value.span,
            format!(
                "the Authorization header is {:?}: {why}; write -H \"Authorization: Bearer ${DEFAULT_KEY_ENV}\"",
                masked(value)
            ),
        ))
    };
    match value.pieces.as_slice() {
        [Piece::Lit(bearer), Piece::Var(name)] if bearer == "Bearer " => {
            if !is_env_name(name) {
                return refuse("the key must come from an environment variable ($NAME)");
            }
            headers.key_env = name.clone();
        }
        [Piece::Lit(text)] => match text.strip_prefix("Bearer ") {
            Some(key)
                if key.is_empty()
                    || key.starts_with(char::is_whitespace)
                    || key.ends_with(char::is_whitespace) =>
            {
                return refuse(
                    "the relay strips exactly \"Bearer \" and would answer 401 for the whitespace around the key",
                );
            }
            Some(key) if crate::secret::is_placeholder_key(key) => {
                headers.placeholder = Some(key.to_owned());
            }
            Some(key) => headers.warnings.push(format!(
                "the command's API key ({}) is replaced by ${DEFAULT_KEY_ENV} in the snippets",
                mask(key)
            )),
            None => return refuse("the relay reads exactly `Bearer <key>`"),
        },
        _ => {
            return refuse(
                "the relay reads exactly `Bearer <key>`, with the key from an environment variable",
            );
        }
    }
    Ok(())
}

/// `-u user:password`: curl sends `Authorization: Basic base64(user:password)`, which the relay
/// does not read and the snippets do not send.
fn basic_auth(auth: &AuthArg) -> Problem {
    // `-u user` (no colon): curl asks for the password on the terminal first.
    let what = match auth.value.text.known() {
        Some(user) if !user.contains(':') => {
            "asks for a password on the terminal, then curl sends Authorization: Basic base64(user:password)"
        }
        _ => "makes curl send Authorization: Basic base64(user:password)",
    };
    Problem::at(
        &auth.value.span,
        format!(
            "{} {what}; the relay reads only `Bearer <key>`, the one Authorization the snippets send: write -H \"Authorization: Bearer ${DEFAULT_KEY_ENV}\" (or --oauth2-bearer \"${DEFAULT_KEY_ENV}\")",
            auth.option
        ),
    )
}

fn masked(value: &Text) -> String {
    match value.pieces.as_slice() {
        [Piece::Lit(text)] => match text.split_once(' ') {
            Some((scheme, key)) => format!("{scheme} {}", mask(key)),
            None => mask(text),
        },
        _ => mask_secrets(&value.display()).into_owned(),
    }
}

fn is_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    name != "_"
        && chars
            .next()
            .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}
