//! Reading what the relay answered: a status other than 2xx becomes a [`Failure`] with its body;
//! a JSON response prints its reply text (the `output_text` parts of its `message` items, as the
//! snippets print them); an event stream prints each `response.output_text.delta` the moment its
//! event is complete, flushing stdout, and ends at `response.completed`. A stream that ends
//! without it was cut; `error` and `response.failed` events say why the response failed.
//!
//! No server behaviour panics here: bodies are read with limits, bytes that are not UTF-8 are
//! replaced, and JSON of the wrong shape is a [`Failure::NotAResponse`]. Nor does the server
//! reach the terminal: its text is printed through [`crate::visible`] unless `--raw` asks for
//! it as it came.

use std::io::{self, Cursor, Read, Write};

use serde_json::{Map, Value};
use ureq::http::Response;

use super::sse::Events;
use super::{Failure, Hints, Options, Stage, Usage, http};
use crate::visible::{is_active, push_escape, visible, visible_json};

/// How much of an error answer we read: enough for any message, not a whole stray download.
pub const ERROR_BODY_LIMIT: usize = 1 << 20;
/// How much of a JSON response we read.
pub const BODY_LIMIT: usize = 64 << 20;

/// A reply that arrived whole (its text is already printed).
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub usage: Option<Usage>,
    /// Why the response is incomplete (`max_output_tokens`, `content_filter`), when it is.
    pub incomplete: Option<String>,
    /// Whether it held any output text.
    pub has_text: bool,
}

/// Reads the answer, printing the reply to `out` (the raw response with `options.json`).
pub fn read(
    response: Response<ureq::Body>,
    options: Options,
    out: &mut dyn Write,
) -> io::Result<Result<Reply, Failure>> {
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    let content_type = header("content-type");
    let location = header("location");
    let hints = Hints {
        retry_after: header("retry-after"),
        request_id: header("x-request-id").or_else(|| header("request-id")),
        cf_ray: header("cf-ray"),
    };
    let mut body = response.into_body().into_reader();

    if !(200..300).contains(&status) {
        // What arrived is enough to diagnose, even if the connection then broke.
        let (bytes, _) = read_limited(&mut body, ERROR_BODY_LIMIT);
        return Ok(Err(Failure::Status {
            status,
            content_type,
            location,
            hints: Box::new(hints),
            body: bytes,
        }));
    }
    let is_stream = content_type.as_deref().is_some_and(|t| {
        t.trim_start()
            .to_ascii_lowercase()
            .starts_with("text/event-stream")
    });
    if is_stream {
        return stream(body, options, out);
    }
    let (bytes, error) = read_limited(&mut body, BODY_LIMIT + 1);
    if let Some(error) = error {
        return Ok(Err(body_failure(error, false, 0, options)));
    }
    if bytes.len() > BODY_LIMIT {
        return Ok(Err(Failure::TooLarge { limit: BODY_LIMIT }));
    }
    // An event stream sent without its content type is still one.
    let start = bytes.trim_ascii_start();
    if start.starts_with(b"event:") || start.starts_with(b"data:") {
        return stream(Cursor::new(bytes), options, out);
    }
    json(&bytes, options, out)
}

/// Up to `limit` bytes, and the error that stopped the reading early, if one did.
fn read_limited(body: &mut dyn Read, limit: usize) -> (Vec<u8>, Option<io::Error>) {
    let mut bytes = Vec::new();
    let error = body.take(limit as u64).read_to_end(&mut bytes).err();
    (bytes, error)
}

/// What a broken body read means.
fn body_failure(error: io::Error, stream: bool, deltas: usize, options: Options) -> Failure {
    match http::failure(ureq::Error::from(error), Stage::Body, "", options) {
        Failure::Cut { message, .. } => Failure::Cut {
            message,
            stream,
            deltas,
        },
        Failure::Connection { message, .. } => Failure::Cut {
            message,
            stream,
            deltas,
        },
        other => other,
    }
}

/// Writes the server's `text`: as it came with `--raw`; else with its control characters as
/// visible escapes (JSON escapes in `--json` output, so that it stays the same JSON).
fn print(out: &mut dyn Write, text: &str, json: bool, options: Options) -> io::Result<()> {
    let shown = match (options.raw, json) {
        (true, _) => text.into(),
        (false, true) => visible_json(text),
        (false, false) => visible(text),
    };
    out.write_all(shown.as_bytes())
}

fn json(bytes: &[u8], options: Options, out: &mut dyn Write) -> io::Result<Result<Reply, Failure>> {
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(error) => {
            return Ok(Err(Failure::NotAResponse {
                what: format!("is not JSON ({error})"),
                sample: sample(bytes),
            }));
        }
    };
    let Some(response) = value.as_object() else {
        return Ok(Err(Failure::NotAResponse {
            what: "is JSON but not an object".into(),
            sample: sample(bytes),
        }));
    };
    if let Some(failure) = reported("response", response) {
        return Ok(Err(failure));
    }
    let Some(text) = output_text(response) else {
        return Ok(Err(Failure::NotAResponse {
            what: "has no `output` array, so it is not a Responses API response".into(),
            sample: sample(bytes),
        }));
    };
    if options.json {
        // Parsed above, so UTF-8.
        print(out, &String::from_utf8_lossy(bytes), true, options)?;
        if !bytes.ends_with(b"\n") {
            out.write_all(b"\n")?;
        }
    } else {
        print(out, &text, false, options)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(Ok(Reply {
        usage: Usage::from_json(response.get("usage")),
        incomplete: incomplete(response),
        has_text: !text.is_empty(),
    }))
}

fn stream(
    body: impl Read,
    options: Options,
    out: &mut dyn Write,
) -> io::Result<Result<Reply, Failure>> {
    let mut events = Events::new(body);
    let mut deltas = 0;
    // A line of deltas is ended before anything else is said, success or not.
    let end_line = |out: &mut dyn Write, deltas: usize| -> io::Result<()> {
        if deltas > 0 && !options.json {
            out.write_all(b"\n")?;
        }
        out.flush()
    };
    loop {
        let event = match events.next_event() {
            Ok(Some(event)) => event,
            Ok(None) => {
                end_line(out, deltas)?;
                let leftover = events.leftover();
                let message = match leftover.is_empty() {
                    true => "the stream ended before its response.completed event".to_owned(),
                    false => format!(
                        "the stream ended in the middle of an event ({})",
                        sample(leftover)
                    ),
                };
                return Ok(Err(Failure::Cut {
                    message,
                    stream: true,
                    deltas,
                }));
            }
            Err(error) => {
                end_line(out, deltas)?;
                return Ok(Err(body_failure(error, true, deltas, options)));
            }
        };
        if event.data.trim() == "[DONE]" {
            continue;
        }
        let value: Value = match serde_json::from_str(&event.data) {
            Ok(value) => value,
            Err(error) => {
                end_line(out, deltas)?;
                return Ok(Err(Failure::NotAResponse {
                    what: format!("is an event stream with an event that is not JSON ({error})"),
                    sample: sample(event.data.as_bytes()),
                }));
            }
        };
        if options.json {
            print(out, &value.to_string(), true, options)?;
            out.write_all(b"\n")?;
            out.flush()?;
        }
        let kind = value
            .get("type")
            .and_then(Value::as_str)
            .or(event.name.as_deref())
            .unwrap_or_default();
        match kind {
            "response.output_text.delta" => {
                if let Some(delta) = value.get("delta").and_then(Value::as_str) {
                    if !options.json {
                        // Stateless per character: a sequence split over deltas is escaped too.
                        print(out, delta, false, options)?;
                        out.flush()?;
                    }
                    deltas += 1;
                }
            }
            "response.completed" | "response.incomplete" | "response.done" => {
                end_line(out, deltas)?;
                let response = value.get("response").and_then(Value::as_object);
                return Ok(Ok(Reply {
                    usage: Usage::from_json(response.and_then(|r| r.get("usage"))),
                    incomplete: response.and_then(incomplete),
                    has_text: deltas > 0,
                }));
            }
            "response.failed" => {
                end_line(out, deltas)?;
                let response = value.get("response").and_then(Value::as_object);
                let failure = response.and_then(|r| reported("response.failed", r));
                return Ok(Err(failure.unwrap_or(Failure::Reported {
                    source: "response.failed",
                    message: None,
                    code: None,
                })));
            }
            "error" => {
                end_line(out, deltas)?;
                let object = value.as_object();
                let inner = object
                    .and_then(|o| o.get("error"))
                    .and_then(Value::as_object)
                    .or(object);
                return Ok(Err(Failure::Reported {
                    source: "error",
                    message: inner.and_then(|o| text_field(o, "message")),
                    code: inner.and_then(|o| text_field(o, "code")),
                }));
            }
            _ => {}
        }
    }
}

/// The reply text: the `output_text` parts of the `message` items; `None` without `output`.
fn output_text(response: &Map<String, Value>) -> Option<String> {
    let output = response.get("output")?.as_array()?;
    Some(
        output
            .iter()
            .filter(|item| item.get("type").and_then(Value::as_str) == Some("message"))
            .filter_map(|item| item.get("content")?.as_array())
            .flatten()
            .filter(|part| part.get("type").and_then(Value::as_str) == Some("output_text"))
            .filter_map(|part| part.get("text")?.as_str())
            .collect(),
    )
}

/// The failure a response object reports: an `error` that is not null, or `status: failed`.
fn reported(source: &'static str, response: &Map<String, Value>) -> Option<Failure> {
    let error = response.get("error").filter(|e| !e.is_null());
    let failed = response.get("status").and_then(Value::as_str) == Some("failed");
    if error.is_none() && !failed {
        return None;
    }
    let error = error.and_then(Value::as_object);
    Some(Failure::Reported {
        source,
        message: error.and_then(|e| text_field(e, "message")),
        code: error.and_then(|e| text_field(e, "code")),
    })
}

fn incomplete(response: &Map<String, Value>) -> Option<String> {
    if response.get("status").and_then(Value::as_str) != Some("incomplete") {
        return None;
    }
    Some(
        response
            .get("incomplete_details")
            .and_then(|d| d.get("reason"))
            .and_then(Value::as_str)
            .unwrap_or("no reason given")
            .to_owned(),
    )
}

/// A field that is a non-empty string or a number, as text.
pub(crate) fn text_field(object: &Map<String, Value>, name: &str) -> Option<String> {
    match object.get(name)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The start of a body, for a message: one line, 200 characters, control and invisible
/// characters escaped as [`crate::visible`] writes them.
pub fn sample(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let unreadable = text
        .chars()
        .filter(|&c| c == '\u{fffd}' || (c.is_control() && !c.is_whitespace()))
        .count();
    if unreadable * 4 > text.chars().count() {
        return format!("{} bytes that are not text", bytes.len());
    }
    let mut out = String::new();
    let mut space = false;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if std::mem::take(&mut space) {
            out.push(' ');
        }
        if is_active(c) || crate::generate::filters::is_unseen(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
        if out.chars().count() >= 200 {
            out.push('…');
            break;
        }
    }
    if out.is_empty() {
        "an empty body".into()
    } else {
        format!("\"{out}\"")
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn options(json: bool, raw: bool) -> Options {
        Options {
            timeout: Duration::ZERO,
            max_time: Duration::ZERO,
            json,
            raw,
        }
    }

    fn run_json(body: &str) -> (String, Result<Reply, Failure>) {
        let mut out = Vec::new();
        let result = json(body.as_bytes(), options(false, false), &mut out).unwrap();
        (String::from_utf8(out).unwrap(), result)
    }

    fn run_stream(body: &str, json: bool) -> (String, Result<Reply, Failure>) {
        let mut out = Vec::new();
        let result = stream(
            Cursor::new(body.as_bytes().to_vec()),
            options(json, false),
            &mut out,
        )
        .unwrap();
        (String::from_utf8(out).unwrap(), result)
    }

    #[test]
    fn json_reply_text_joins_output_text_parts() {
        let (out, reply) = run_json(
            r#"{"status": "completed", "output": [{"type": "reasoning"}, {"type": "message", "content": [{"type": "output_text", "text": "O"}, {"type": "refusal"}, {"type": "output_text", "text": "K"}]}], "usage": {"input_tokens": 1, "output_tokens": 2}}"#,
        );
        assert_eq!(out, "OK\n");
        assert_eq!(reply.unwrap().usage.unwrap().total, 3);
    }

    #[test]
    fn json_shapes_that_are_not_a_reply() {
        for (body, expected) in [
            ("<html>502</html>", "is not JSON"),
            ("[1]", "not an object"),
            (r#"{"id": 1}"#, "no `output` array"),
        ] {
            match run_json(body).1 {
                Err(Failure::NotAResponse { what, .. }) => {
                    assert!(what.contains(expected), "{what}")
                }
                other => panic!("{body}: {other:?}"),
            }
        }
        assert_eq!(
            run_json(r#"{"status": "failed", "error": {"message": "boom", "code": "server_error"}, "output": []}"#).1,
            Err(Failure::Reported {
                source: "response",
                message: Some("boom".into()),
                code: Some("server_error".into())
            })
        );
        let (_, reply) = run_json(
            r#"{"status": "incomplete", "incomplete_details": {"reason": "max_output_tokens"}, "output": []}"#,
        );
        assert_eq!(
            reply.unwrap().incomplete.as_deref(),
            Some("max_output_tokens")
        );
    }

    #[test]
    fn stream_prints_deltas_and_ends_at_completed() {
        let body = "event: response.created\ndata: {\"type\":\"response.created\"}\n\n\
                    data: {\"type\":\"response.output_text.delta\",\"delta\":\"O\"}\n\n\
                    data: {\"type\":\"response.output_text.delta\",\"delta\":\"K\"}\n\n\
                    data: {\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n";
        let (out, reply) = run_stream(body, false);
        assert_eq!(out, "OK\n");
        assert_eq!(reply.unwrap().usage.unwrap().input, 5);
        let (out, _) = run_stream(body, true);
        assert_eq!(out.lines().count(), 4);
        assert!(out.starts_with("{\"type\":\"response.created\"}\n"));
    }

    #[test]
    fn stream_failures() {
        let delta = "data: {\"type\":\"response.output_text.delta\",\"delta\":\"par\"}\n\n";
        let (out, result) = run_stream(delta, false);
        assert_eq!(out, "par\n");
        assert!(matches!(
            result,
            Err(Failure::Cut {
                stream: true,
                deltas: 1,
                ..
            })
        ));
        let (_, result) = run_stream(
            &format!(
                "{delta}data: {{\"type\":\"error\",\"code\":\"rate_limit_exceeded\",\"message\":\"slow down\"}}\n\n"
            ),
            false,
        );
        assert_eq!(
            result,
            Err(Failure::Reported {
                source: "error",
                message: Some("slow down".into()),
                code: Some("rate_limit_exceeded".into())
            })
        );
        let (_, result) = run_stream(
            "data: {\"type\":\"response.failed\",\"response\":{\"status\":\"failed\",\"error\":{\"message\":\"no\"}}}\n\n",
            false,
        );
        assert!(matches!(
            result,
            Err(Failure::Reported {
                source: "response.failed",
                ..
            })
        ));
        let (_, result) = run_stream("data: nope\n\n", false);
        assert!(matches!(result, Err(Failure::NotAResponse { .. })));
    }

    #[test]
    fn samples_are_one_short_line() {
        assert_eq!(sample(b"  error code:\n 1010 "), "\"error code: 1010\"");
        assert_eq!(sample(b""), "an empty body");
        assert_eq!(sample(b"a \xff\x1b[31m ok"), "\"a \u{fffd}\\x1b[31m ok\"");
        assert_eq!(sample(&[0xff; 100]), "100 bytes that are not text");
        assert!(sample(&[b'a'; 5000]).ends_with("…\""));
    }
}
