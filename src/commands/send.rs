//! `open1-snip send`: description → request (gen's, built by the same code) → the key from the
//! environment, checked as lint checks keys → the relay → the reply on stdout, usage and cost on
//! stderr; or a diagnosis on stderr. The key is never printed: where it must be named, masked.

use std::io::Write;
use std::time::Duration;

use jiff::Zoned;
use serde_json::Value;

use super::request;
use crate::cli::SendArgs;
use crate::error::Error;
use crate::models::ModelTable;
use crate::request::clear_text::clear_text_host;
use crate::request::{ApiKey, KeyStyle, Request, key};
use crate::secret::{mask, mask_secrets};
use crate::send::{self, Context, Failure, Options, Reply, http, usage};
use crate::spec::build_request;
use crate::spelling::Spelling;
use crate::visible::{visible, visible_line};

/// How the exchange ended; `run` turns a failure (already diagnosed on stderr) into exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    pub failed: bool,
}

pub fn send(args: &SendArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<Sent, Error> {
    let timeout = seconds("--timeout", args.timeout, 120)?;
    let max_time = seconds("--max-time", args.max_time, 1800)?;
    let mut description = request::read_description(args.request.as_deref())?;
    if args.stream {
        description
            .body
            .get_or_insert_default()
            .insert("stream".into(), Value::Bool(true));
    }
    let mut warnings = Vec::new();
    let request = build_request(
        description,
        &args.request_flags,
        KeyStyle::Env,
        Spelling::Flags,
        ModelTable::shared(),
        &mut warnings,
    )?;
    for warning in &warnings {
        writeln!(err, "warning: {warning}").map_err(Error::Write)?;
    }
    if args.stream && !request.is_stream() {
        return Err(Error::Usage(
            "--stream conflicts with \"stream\": false in --body-json: drop one of them".into(),
        ));
    }
    let ApiKey::Env(key_env) = &request.key else {
        unreachable!("built with KeyStyle::Env")
    };
    if let Some(host) = clear_text_host(&request.base_url).filter(|_| !args.allow_insecure) {
        return Err(Error::Usage(format!(
            "the base URL {} is plain http to {host}, which is not this machine: the key in {key_env} would travel the network in clear text; use https://, or pass --allow-insecure to send it anyway",
            request.base_url
        )));
    }
    let key = key_from_env(key_env)?;

    // Read before sending: a malformed OPEN1_SNIP_NOW is bad input, whatever the relay answers.
    let now = send::retry::now().map_err(Error::Usage)?;
    let options = Options {
        timeout,
        max_time,
        json: args.json,
        raw: args.raw,
    };
    let result = send::send(&request, &key, options, out).map_err(Error::Write)?;
    let table = ModelTable::shared();
    let report = match result {
        Ok(reply) => report(&reply, args.json, request.model(), table),
        Err(failure) => {
            let diagnosis = diagnose(&failure, &request, &key, key_env, table, &now);
            err.write_all(visible(&hide(&diagnosis, &key)).as_bytes())
                .map_err(Error::Write)?;
            return Ok(Sent { failed: true });
        }
    };
    // The server's words (usage, reasons) are in it too.
    err.write_all(visible(&report).as_bytes())
        .map_err(Error::Write)?;
    Ok(Sent { failed: false })
}

/// The key from `key_env`, checked as lint checks keys.
fn key_from_env(key_env: &str) -> Result<String, Error> {
    let key = match std::env::var(key_env) {
        Ok(key) => key,
        Err(std::env::VarError::NotPresent) => {
            return Err(Error::MissingKey {
                env: key_env.to_owned(),
            });
        }
        Err(std::env::VarError::NotUnicode(_)) => {
            return Err(Error::BadKey {
                env: key_env.to_owned(),
                problem: "is not valid UTF-8".into(),
            });
        }
    };
    key::check(&key).map_err(|problem| Error::BadKey {
        env: key_env.to_owned(),
        problem: match key.is_empty() {
            true => problem,
            false => format!("({}) {problem}", shown(&key)),
        },
    })?;
    Ok(key)
}

/// What stderr says after a reply: why it is incomplete or empty, the usage and its cost.
fn report(reply: &Reply, json: bool, model: &str, table: &ModelTable) -> String {
    let mut report = String::new();
    if let Some(reason) = &reply.incomplete {
        report += &format!(
            "warning: the response is incomplete ({}): the reply stops early{}\n",
            visible_line(reason),
            match reason.as_str() {
                "max_output_tokens" => "; raise max_output_tokens (--body-json) to get all of it",
                _ => "",
            }
        );
    }
    if !reply.has_text && !json {
        report += "warning: the response holds no output text\n";
    }
    report + &usage::summary(reply.usage.as_ref(), model, table)
}

/// Why the exchange failed and what to do, as `send::diagnose` words it for this request.
fn diagnose(
    failure: &Failure,
    request: &Request,
    key: &str,
    key_env: &str,
    table: &ModelTable,
    now: &Zoned,
) -> String {
    let user_agent = request
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("user-agent"))
        .map_or("", |h| h.value.as_str());
    let key_shown = shown(key);
    let host = http::host(request);
    let context = Context {
        model: request.model(),
        key_env,
        key_shown: &key_shown,
        user_agent,
        host: &host,
        models: table,
        now,
    };
    send::diagnose(failure, &context).to_string()
}

/// A `--timeout` / `--max-time` value: a positive, finite number of seconds.
fn seconds(flag: &str, value: f64, example: u32) -> Result<Duration, Error> {
    match value.is_finite() && value > 0.0 && value < 1e9 {
        true => Ok(Duration::from_secs_f64(value)),
        false => Err(Error::Usage(format!(
            "{flag} {value}: give a positive number of seconds, such as {flag} {example}"
        ))),
    }
}

/// The key as messages show it: masked (`sk-te*****ef`), or only its length when it is too short
/// for a mask to hide most of it; invisible characters escaped.
fn shown(key: &str) -> String {
    let count = key.chars().count();
    let masked = match count {
        0..16 => "*".repeat(count),
        _ => mask(key),
    };
    masked
        .chars()
        .map(|c| match c.is_ascii_graphic() {
            true => c.to_string(),
            false => c.escape_unicode().to_string(),
        })
        .collect()
}

/// `text` with the key, and anything that looks like a key, masked.
fn hide(text: &str, key: &str) -> String {
    let text = match key.len() {
        0..4 => text.to_owned(),
        _ => text.replace(key, &shown(key)),
    };
    mask_secrets(&text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_never_shown_whole() {
        assert_eq!(shown("sk-short"), "********");
        assert_eq!(
            shown("sk-test-0123456789abcdef"),
            "sk-te*****************ef"
        );
        assert_eq!(
            shown("sk-test-0123456789abcd\u{3000}"),
            "sk-te****************d\\u{3000}"
        );
        assert_eq!(
            hide(
                "key sk-test-0123456789abcdef rejected",
                "sk-test-0123456789abcdef"
            ),
            "key sk-te*****************ef rejected"
        );
    }
}
