//! The wire: ureq 3 over rustls with the webpki roots (no OpenSSL), the proxy from
//! `ALL_PROXY` / `HTTPS_PROXY` / `HTTP_PROXY` (and `NO_PROXY`), as ureq reads them.
//!
//! The request is the curl snippet's, byte for byte where it counts: `POST {base_url}/v1/responses`,
//! `Authorization: Bearer <key>` then the request's headers in their order (Accept, `User-Agent:
//! curl/8.0`, Content-Type, extras), and the body as the same JSON text filter writes it for
//! `curl -d`. Like that snippet it neither follows redirects nor asks for compression.

use serde_json::Value;
use ureq::Timeout;
use ureq::http::Response;

use super::{Failure, Options, Stage};
use crate::generate::filters::literal::json_text;
use crate::request::Request;

/// The body's bytes: the JSON text the curl snippet passes to `-d`.
pub fn body_bytes(request: &Request) -> Vec<u8> {
    json_text(&Value::Object(request.body.clone()), 2).into_bytes()
}

/// Sends the request; the answer is returned whatever its status, with its body unread.
pub fn post(
    request: &Request,
    key: &str,
    options: Options,
) -> Result<Response<ureq::Body>, Failure> {
    let wait = Some(options.timeout);
    let url = request.url();
    // The proxy ureq would read from the environment, kept to name it when it fails.
    let proxy = ureq::Proxy::try_from_env().filter(|proxy| {
        url.parse::<ureq::http::Uri>()
            .is_ok_and(|uri| !proxy.is_no_proxy(&uri))
    });
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .proxy(proxy.clone())
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_resolve(wait)
        .timeout_connect(wait)
        .timeout_send_request(wait)
        .timeout_send_body(wait)
        .timeout_recv_response(wait)
        .timeout_per_read(wait)
        // The whole exchange, the body included: ureq checks it at every read of the body.
        .timeout_global(Some(options.max_time))
        .build()
        .into();
    let mut call = agent
        .post(&url)
        .header("Authorization", format!("Bearer {key}"));
    for header in &request.headers {
        call = call.header(header.name.as_str(), header.value.as_str());
    }
    call.send(&body_bytes(request)[..]).map_err(|error| {
        let failure = failure(error, Stage::Answer, &host(request), options);
        match (proxy, failure) {
            // Through a proxy, what could not be reached is the proxy.
            (Some(proxy), Failure::Refused { .. } | Failure::HostNotFound { .. }) => {
                Failure::Proxy {
                    message: format!(
                        "cannot reach the proxy {} (from ALL_PROXY, HTTPS_PROXY or HTTP_PROXY)",
                        proxy.uri()
                    ),
                }
            }
            (_, failure) => failure,
        }
    })
}

/// `host:port` of the request's URL, for messages.
pub fn host(request: &Request) -> String {
    url::Url::parse(&request.base_url)
        .ok()
        .and_then(|url| {
            let host = url.host_str()?.to_owned();
            Some(match url.port_or_known_default() {
                Some(port) => format!("{host}:{port}"),
                None => host,
            })
        })
        .unwrap_or_else(|| request.base_url.clone())
}

/// What a ureq error means, at `stage` of the exchange.
pub fn failure(error: ureq::Error, stage: Stage, host: &str, options: Options) -> Failure {
    let seconds = options.timeout.as_secs_f64();
    let host = host.to_owned();
    match error {
        ureq::Error::Timeout(Timeout::Global) => Failure::MaxTime {
            stage,
            seconds: options.max_time.as_secs_f64(),
        },
        ureq::Error::Timeout(which) => Failure::Timeout {
            stage: match which {
                Timeout::Resolve | Timeout::Connect => Stage::Connect,
                Timeout::RecvBody => Stage::Body,
                _ => stage,
            },
            seconds,
        },
        ureq::Error::HostNotFound => Failure::HostNotFound { host },
        ureq::Error::Rustls(error) => Failure::Tls {
            host,
            message: error.to_string(),
        },
        ureq::Error::Tls(message) => Failure::Tls {
            host,
            message: message.to_owned(),
        },
        ureq::Error::ConnectProxyFailed(message) => Failure::Proxy { message },
        ureq::Error::InvalidProxyUrl => Failure::Proxy {
            message: "the proxy URL in ALL_PROXY, HTTPS_PROXY or HTTP_PROXY is not valid".into(),
        },
        ureq::Error::Io(error) => io_failure(error, stage, host, seconds),
        ureq::Error::Protocol(error) if stage == Stage::Body => Failure::Cut {
            message: format!("the answer broke off: {error}"),
            stream: false,
            deltas: 0,
        },
        ureq::Error::Protocol(error) => Failure::Connection {
            stage,
            message: format!("the server at {host} did not answer in HTTP/1.1: {error}"),
        },
        other => Failure::Connection {
            stage,
            message: other.to_string(),
        },
    }
}

fn io_failure(error: std::io::Error, stage: Stage, host: String, seconds: f64) -> Failure {
    use std::io::ErrorKind::*;
    // The system resolver's failure has no kind of its own, only its words.
    let text = error.to_string();
    if stage != Stage::Body
        && [
            "lookup address",
            "not known",
            "nodename nor servname",
            "No such host",
        ]
        .iter()
        .any(|words| text.contains(words))
    {
        return Failure::HostNotFound { host };
    }
    match error.kind() {
        ConnectionRefused => Failure::Refused { host },
        TimedOut | WouldBlock => Failure::Timeout { stage, seconds },
        // rustls reports a failed handshake as invalid data on the socket.
        InvalidData if stage != Stage::Body => Failure::Tls {
            host,
            message: error.to_string(),
        },
        UnexpectedEof | ConnectionReset | ConnectionAborted | BrokenPipe
            if stage == Stage::Body =>
        {
            Failure::Cut {
                message: format!("the connection closed mid-way ({error})"),
                stream: false,
                deltas: 0,
            }
        }
        UnexpectedEof | ConnectionReset | ConnectionAborted | BrokenPipe => Failure::Connection {
            stage,
            message: format!("{host} closed the connection without answering ({error})"),
        },
        _ => Failure::Connection {
            stage,
            message: error.to_string(),
        },
    }
}
