//! A mock of the relay on loopback: a real HTTP server (tiny_http) that records every request
//! and answers like the relay — the Responses API's success body, its SSE stream, and New API's
//! error body for a wrong key.

use std::io::Read;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use serde_json::{Value, json};

/// The key the relay accepts.
pub const GOOD_KEY: &str = "sk-test-0123456789abcdef";
/// The relay's message for a bad key ("invalid token").
pub const BAD_KEY_MESSAGE: &str = "无效的令牌 (request id: 20261125084500123456789)";

#[derive(Debug, Clone)]
pub struct Captured {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Captured {
    /// The value of a header, by case-insensitive name; panics if it appears more than once.
    pub fn header(&self, name: &str) -> Option<&str> {
        let mut values = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str());
        let first = values.next();
        assert!(
            values.next().is_none(),
            "header {name} sent more than once: {:?}",
            self.headers
        );
        first
    }
}

pub struct MockRelay {
    pub base_url: String,
    server: Arc<tiny_http::Server>,
    captured: Arc<Mutex<Vec<Exchange>>>,
    thread: Option<JoinHandle<()>>,
}

impl MockRelay {
    /// Starts a relay whose answer is `reply` (split over two output_text parts, or over many
    /// deltas when the request streams).
    pub fn start(reply: &str) -> Self {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind loopback"));
        let port = server.server_addr().to_ip().expect("ip listener").port();
        let captured = Arc::new(Mutex::new(Vec::new()));
        let thread = {
            let (server, captured, reply) = (server.clone(), captured.clone(), reply.to_owned());
            std::thread::spawn(move || {
                for mut request in server.incoming_requests() {
                    let mut body = Vec::new();
                    let _ = request.as_reader().read_to_end(&mut body);
                    let capture = Captured {
                        method: request.method().to_string(),
                        path: request.url().to_owned(),
                        headers: request
                            .headers()
                            .iter()
                            .map(|h| {
                                (
                                    h.field.as_str().as_str().to_owned(),
                                    h.value.as_str().to_owned(),
                                )
                            })
                            .collect(),
                        body,
                    };
                    let (status, content_type, body) = answer(&capture, &reply);
                    let answer = respond(status, content_type, body.clone());
                    captured.lock().unwrap().push((capture, body));
                    let _ = request.respond(answer);
                }
            })
        };
        MockRelay {
            base_url: format!("http://127.0.0.1:{port}"),
            server,
            captured,
            thread: Some(thread),
        }
    }

    pub fn requests(&self) -> Vec<Captured> {
        let captured = self.captured.lock().unwrap();
        captured
            .iter()
            .map(|(request, _)| request.clone())
            .collect()
    }

    /// The bodies the relay answered with, in order.
    pub fn answers(&self) -> Vec<Vec<u8>> {
        let captured = self.captured.lock().unwrap();
        captured.iter().map(|(_, answer)| answer.clone()).collect()
    }
}

impl Drop for MockRelay {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

type Answer = tiny_http::Response<Box<dyn Read + Send>>;

/// A request, with the body the relay answered it with.
type Exchange = (Captured, Vec<u8>);

/// The relay's status, content type and body for `request`.
fn answer(request: &Captured, reply: &str) -> (u16, &'static str, Vec<u8>) {
    if request.header("authorization") != Some(&format!("Bearer {GOOD_KEY}")) {
        let body =
            json!({"error": {"message": BAD_KEY_MESSAGE, "type": "new_api_error", "code": ""}});
        return (401, "application/json", body.to_string().into_bytes());
    }
    if request.method != "POST" || !request.path.ends_with("/v1/responses") {
        let body = json!({"error": {"message": format!("Invalid URL ({} {})", request.method, request.path), "type": "invalid_request_error", "code": ""}});
        return (404, "application/json", body.to_string().into_bytes());
    }
    let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    let model = body.get("model").cloned().unwrap_or(Value::Null);
    if body.get("stream") == Some(&Value::Bool(true)) {
        (200, "text/event-stream", sse(reply, &model).into_bytes())
    } else {
        let text = response_object(reply, &model, "completed").to_string();
        (200, "application/json", text.into_bytes())
    }
}

/// The answer, handed out a few bytes per read when it is an event stream.
fn respond(status: u16, content_type: &str, body: Vec<u8>) -> Answer {
    let header = tiny_http::Header::from_bytes("Content-Type", content_type).expect("valid header");
    let body: Box<dyn Read + Send> = if content_type == "text/event-stream" {
        Box::new(Trickle::new(body))
    } else {
        Box::new(std::io::Cursor::new(body))
    };
    tiny_http::Response::new(
        tiny_http::StatusCode(status),
        vec![header],
        body,
        None,
        None,
    )
}

/// A Responses API response object: a reasoning item, then the message with the reply split
/// over two output_text parts (a client must join them).
pub fn response_object(reply: &str, model: &Value, status: &str) -> Value {
    let middle = reply
        .char_indices()
        .nth(reply.chars().count() / 2)
        .map_or(reply.len(), |(i, _)| i);
    let (first, second) = reply.split_at(middle);
    json!({
        "id": "resp_0123456789",
        "object": "response",
        "created_at": 1764060000,
        "status": status,
        "error": null,
        "incomplete_details": null,
        "model": model,
        "output": [
            {"id": "rs_1", "type": "reasoning", "summary": []},
            {
                "id": "msg_1",
                "type": "message",
                "status": "completed",
                "role": "assistant",
                "content": [
                    {"type": "output_text", "text": first, "annotations": []},
                    {"type": "output_text", "text": second, "annotations": []}
                ]
            }
        ],
        "parallel_tool_calls": true,
        "tool_choice": "auto",
        "tools": [],
        "usage": {"input_tokens": 12, "output_tokens": 3, "total_tokens": 15,
                  "input_tokens_details": {"cached_tokens": 0}, "output_tokens_details": {"reasoning_tokens": 0}}
    })
}

/// The event stream: created, a delta per few characters, done, completed.
pub fn sse(reply: &str, model: &Value) -> String {
    let mut events = vec![
        json!({"type": "response.created", "sequence_number": 0, "response": response_object("", model, "in_progress")}),
    ];
    let chars: Vec<char> = reply.chars().collect();
    for piece in chars.chunks(3) {
        let delta: String = piece.iter().collect();
        events.push(json!({"type": "response.output_text.delta", "sequence_number": events.len(), "item_id": "msg_1",
                            "output_index": 1, "content_index": 0, "delta": delta, "logprobs": []}));
    }
    events.push(json!({"type": "response.output_text.done", "sequence_number": events.len(), "item_id": "msg_1",
                       "output_index": 1, "content_index": 0, "text": reply, "logprobs": []}));
    events.push(json!({"type": "response.completed", "sequence_number": events.len(), "response": response_object(reply, model, "completed")}));
    events
        .iter()
        .map(|event| {
            format!(
                "event: {}\ndata: {event}\n\n",
                event["type"].as_str().unwrap()
            )
        })
        .collect()
}

/// Hands the body out a few bytes per read, so clients see events (and UTF-8 characters) split
/// across network reads.
struct Trickle {
    data: Vec<u8>,
    at: usize,
}

impl Trickle {
    fn new(data: Vec<u8>) -> Self {
        Trickle { data, at: 0 }
    }
}

impl Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(7).min(self.data.len() - self.at);
        buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}
