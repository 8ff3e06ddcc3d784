//! The request: what every generated snippet sends, built once from a description.
//!
//! `Request` is the shared vocabulary of the crate: `gen` renders it through templates, and the
//! later stages (lint, fix, convert, send) read or produce the same type. Building it is where
//! every check happens, so a `Request` is always one that all clients can send unchanged.

pub mod clear_text;
mod description;
pub mod key;

use serde_json::{Map, Value};

pub use crate::http::header::Header;
pub use description::{Description, Overrides};

use crate::http::header;
use crate::http::url::{BaseUrlProblem, parse_http};

use crate::error::Error;

pub const DEFAULT_BASE_URL: &str = "https://www.open1.codes";
pub const DEFAULT_MODEL: &str = "gpt-5.4";
pub const DEFAULT_PROMPT: &str = "Reply with OK only.";
pub const DEFAULT_KEY_ENV: &str = "OPEN1_API_KEY";
/// The path every snippet posts to, below the base URL.
pub const ENDPOINT_PATH: &str = "/v1/responses";
/// The User-Agent the relay's proxy accepts (its FAQ: without one, the answer is 403).
pub const USER_AGENT: &str = "curl/8.0";
/// The docs page's stand-in for a key ("put your API key here").
pub const KEY_PLACEHOLDER: &str = "{在这里填写_API_Key}";

/// Where a snippet gets its API key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiKey {
    /// Read from this environment variable at run time.
    Env(String),
    /// The docs page's placeholder, for the reader to replace.
    Placeholder,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// Scheme, host and any path prefix, without a trailing slash.
    pub base_url: String,
    /// Sent with `Bearer `, in the Authorization header.
    pub key: ApiKey,
    /// Every header but Authorization, in sending order.
    pub headers: Vec<Header>,
    /// The JSON body: `model`, `input`, then the description's other fields.
    pub body: Map<String, Value>,
}

/// How the key appears in snippets: `--key env|placeholder`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum KeyStyle {
    /// Read from the environment variable (OPEN1_API_KEY unless the description names another).
    #[default]
    Env,
    /// The docs page's `{在这里填写_API_Key}` placeholder.
    Placeholder,
}

impl Request {
    /// Builds and checks the request a description describes.
    pub fn new(description: Description, key_style: KeyStyle) -> Result<Self, Error> {
        let origin = description.origin.as_str();
        let base_url = base_url(
            origin,
            description.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL),
        )?;
        let key_env = description
            .api_key_env
            .unwrap_or_else(|| DEFAULT_KEY_ENV.to_owned());
        description::check_key_env(origin, &key_env)?;
        let key = match key_style {
            KeyStyle::Env => ApiKey::Env(key_env),
            KeyStyle::Placeholder => ApiKey::Placeholder,
        };

        let input = match (description.prompt, description.input) {
            (Some(_), Some(_)) => {
                return Err(Error::description(
                    origin,
                    "prompt",
                    "prompt and input exclude each other: give the text as prompt, or the whole Responses API input as input",
                ));
            }
            (_, Some(input @ (Value::String(_) | Value::Array(_)))) => input,
            (_, Some(_)) => {
                return Err(Error::description(
                    origin,
                    "input",
                    "must be a string or an array of input items",
                ));
            }
            (prompt, None) => default_input(prompt.as_deref().unwrap_or(DEFAULT_PROMPT)),
        };
        check_numbers(origin, "input", &input)?;

        let mut body = Map::new();
        body.insert(
            "model".into(),
            Value::String(
                description
                    .model
                    .unwrap_or_else(|| DEFAULT_MODEL.to_owned()),
            ),
        );
        body.insert("input".into(), input);
        for (name, value) in description.body.unwrap_or_default() {
            if name == "model" || name == "input" {
                return Err(Error::description(
                    origin,
                    format!("body.{name}"),
                    format!("set {name} with the top-level `{name}` field, not inside body"),
                ));
            }
            if name == "stream" && !value.is_boolean() {
                return Err(Error::description(
                    origin,
                    "body.stream",
                    "must be true or false",
                ));
            }
            check_numbers(origin, &format!("body.{name}"), &value)?;
            body.insert(name, value);
        }

        let stream = is_stream(&body);
        const STANDARD_HEADERS: usize = 3;
        let mut headers = vec![
            Header {
                name: "Accept".into(),
                value: if stream {
                    "text/event-stream"
                } else {
                    "application/json"
                }
                .into(),
            },
            Header {
                name: "User-Agent".into(),
                value: USER_AGENT.into(),
            },
            Header {
                name: "Content-Type".into(),
                value: "application/json".into(),
            },
        ];
        // Each header's index by its lowercase name: one look-up per header (thousands of them
        // would otherwise search each other).
        let mut index: std::collections::HashMap<String, usize> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.name.to_ascii_lowercase(), i))
            .collect();
        for (name, value) in description.headers.unwrap_or_default() {
            let field = format!("headers.{name}");
            let Value::String(value) = value else {
                return Err(Error::description(origin, field, "must be a string"));
            };
            header::check_name(&name).map_err(|m| Error::description(origin, &field, m))?;
            header::check_value(&value).map_err(|m| Error::description(origin, &field, m))?;
            let lower = name.to_ascii_lowercase();
            match index.get(&lower).copied() {
                // Accept and User-Agent (Content-Type is refused by check_name) may be
                // replaced; they keep their place.
                Some(standard @ 0..STANDARD_HEADERS) => headers[standard].value = value,
                Some(other) => {
                    let message =
                        format!("repeats {} (header names ignore case)", headers[other].name);
                    return Err(Error::description(origin, field, message));
                }
                None => {
                    index.insert(lower, headers.len());
                    headers.push(Header { name, value });
                }
            }
        }
        Ok(Request {
            base_url,
            key,
            headers,
            body,
        })
    }

    pub fn url(&self) -> String {
        format!("{}{ENDPOINT_PATH}", self.base_url)
    }

    pub fn model(&self) -> &str {
        self.body["model"]
            .as_str()
            .expect("model is always a string")
    }

    pub fn is_stream(&self) -> bool {
        is_stream(&self.body)
    }
}

/// `"stream": true` in a body: the reply comes as server-sent events.
fn is_stream(body: &Map<String, Value>) -> bool {
    body.get("stream") == Some(&Value::Bool(true))
}

/// The docs page's input: one user message with one text part.
fn default_input(prompt: &str) -> Value {
    serde_json::json!([{
        "role": "user",
        "content": [{"type": "input_text", "text": prompt}],
    }])
}

/// Checks that `text` is a plain http(s) URL already in the form every client writes it, and
/// returns it without a trailing slash.
fn base_url(origin: &str, text: &str) -> Result<String, Error> {
    let trimmed = text.strip_suffix('/').unwrap_or(text);
    let problem = |message: String| Error::description(origin, "base_url", message);
    let parsed = parse_http(trimmed).map_err(|problem_found| match problem_found {
        BaseUrlProblem::NotUrl(e) => {
            let hint = match e {
                url::ParseError::RelativeUrlWithoutBase => {
                    format!("; write the scheme too, as in \"https://{trimmed}\"")
                }
                _ => String::new(),
            };
            problem(format!("{text:?} is not a URL: {e}{hint}"))
        }
        BaseUrlProblem::NotHttp => problem(format!("{text:?} is not an http(s) URL")),
        BaseUrlProblem::QueryOrFragment | BaseUrlProblem::Credentials => problem(format!(
            "{text:?} must be scheme, host and an optional path, without query, fragment or credentials"
        )),
    })?;
    let normal = parsed.as_str().strip_suffix('/').unwrap_or(parsed.as_str());
    if normal != trimmed {
        return Err(Error::description(
            origin,
            "base_url",
            format!("{text:?} is not in normal form; write it as {normal:?}"),
        ));
    }
    Ok(trimmed.to_owned())
}

/// A name every shell, Python and Node.js read the same way (`$_` is special in bash).
/// Refuses numbers that no client can send: beyond the range of a 64-bit float, Python writes
/// `Infinity` (not JSON) and JavaScript `null`.
fn check_numbers(origin: &str, path: &str, value: &Value) -> Result<(), Error> {
    match value {
        Value::Number(n) if !n.to_string().parse::<f64>().is_ok_and(f64::is_finite) => {
            Err(Error::description(
                origin,
                path,
                format!(
                    "the number {n} is beyond the range of a 64-bit float, which no client can send"
                ),
            ))
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| check_numbers(origin, &format!("{path}[{i}]"), v)),
        Value::Object(map) => map
            .iter()
            .try_for_each(|(k, v)| check_numbers(origin, &format!("{path}.{k}"), v)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn build(text: &str) -> Result<Request, Error> {
        Request::new(Description::parse(text, "d.json")?, KeyStyle::Env)
    }

    #[test]
    fn empty_description_is_the_docs_page_request() {
        let request = build("{}").unwrap();
        assert_eq!(request.url(), "https://www.open1.codes/v1/responses");
        assert_eq!(request.key, ApiKey::Env("OPEN1_API_KEY".into()));
        let names: Vec<String> = request.headers.iter().map(ToString::to_string).collect();
        assert_eq!(
            names,
            [
                "Accept: application/json",
                "User-Agent: curl/8.0",
                "Content-Type: application/json"
            ]
        );
        assert_eq!(
            Value::Object(request.body),
            json!({"model": "gpt-5.4", "input": [{"role": "user", "content": [{"type": "input_text", "text": "Reply with OK only."}]}]})
        );
    }

    #[test]
    fn stream_asks_for_event_stream() {
        let request = build(r#"{"body": {"stream": true}}"#).unwrap();
        assert!(request.is_stream());
        assert_eq!(request.headers[0].value, "text/event-stream");
    }

    #[test]
    fn headers_replace_or_append() {
        let request =
            build(r#"{"headers": {"user-agent": "my-app/1.0", "X-Trace-Id": "abc"}}"#).unwrap();
        let names: Vec<String> = request.headers.iter().map(ToString::to_string).collect();
        assert_eq!(
            names,
            [
                "Accept: application/json",
                "User-Agent: my-app/1.0",
                "Content-Type: application/json",
                "X-Trace-Id: abc"
            ]
        );
    }

    #[test]
    fn refusals() {
        let cases = [
            (
                r#"{"prompt": "a", "input": "b"}"#,
                "d.json: prompt: prompt and input exclude each other",
            ),
            (
                r#"{"input": 5}"#,
                "d.json: input: must be a string or an array",
            ),
            (
                r#"{"body": {"model": "x"}}"#,
                "d.json: body.model: set model with the top-level `model` field, not inside body",
            ),
            (
                r#"{"body": {"stream": "yes"}}"#,
                "d.json: body.stream: must be true or false",
            ),
            (
                r#"{"body": {"a": [1e999]}}"#,
                "d.json: body.a[0]: the number 1e+999 is beyond",
            ),
            (
                r#"{"headers": {"X-A": 1}}"#,
                "d.json: headers.X-A: must be a string",
            ),
            (
                r#"{"headers": {"Content-Type": "text/plain"}}"#,
                "d.json: headers.Content-Type: Content-Type cannot be set",
            ),
            (
                r#"{"api_key_env": "MY-KEY"}"#,
                "d.json: api_key_env: \"MY-KEY\" is not an environment variable name",
            ),
            (
                r#"{"base_url": "ftp://x"}"#,
                "d.json: base_url: \"ftp://x\" is not an http(s) URL",
            ),
            (r#"{"base_url": "https://x/?a=1"}"#, "without query"),
            (
                r#"{"base_url": "https://WWW.open1.codes"}"#,
                "write it as \"https://www.open1.codes\"",
            ),
            (
                r#"{"base_url": "https://x.y/a b"}"#,
                "write it as \"https://x.y/a%20b\"",
            ),
        ];
        for (text, expected) in cases {
            let message = build(text).unwrap_err().to_string();
            assert!(
                message.contains(expected),
                "{text}: got {message:?}, want {expected:?}"
            );
        }
    }

    #[test]
    fn base_url_keeps_a_path_prefix() {
        let request = build(r#"{"base_url": "https://doc.open1.codes/open1-api/"}"#).unwrap();
        assert_eq!(
            request.url(),
            "https://doc.open1.codes/open1-api/v1/responses"
        );
    }

    #[test]
    fn big_integers_stay_exact() {
        let request = build(r#"{"body": {"seed": 123456789012345678901234567890}}"#).unwrap();
        assert_eq!(
            request.body["seed"].to_string(),
            "123456789012345678901234567890"
        );
    }
}
