//! What can go wrong between sending the request and printing the reply, as facts: the status
//! and body the relay answered, or what happened on the wire. [`super::diagnose`] says what each
//! means.

/// Where the exchange was when it went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Resolving the host, connecting, the TLS handshake, a proxy's CONNECT.
    Connect,
    /// Sending the request and waiting for the answer's status line and headers.
    Answer,
    /// Reading the answer's body (a stream's events).
    Body,
}

/// The headers of a failed answer that say when to retry and what to tell support.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hints {
    /// `Retry-After`, as sent: seconds or an HTTP-date.
    pub retry_after: Option<String>,
    /// `x-request-id` (or `request-id`): the id the relay's support asks for.
    pub request_id: Option<String>,
    /// `cf-ray`: Cloudflare's id of the exchange, when the answer came through it.
    pub cf_ray: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The relay (or a proxy in front of it) answered with a status other than 2xx.
    Status {
        status: u16,
        content_type: Option<String>,
        /// Where a redirect points.
        location: Option<String>,
        /// When to retry and the ids for support (boxed: most failures have none).
        hints: Box<Hints>,
        /// The body, up to [`super::reply::ERROR_BODY_LIMIT`] bytes.
        body: Vec<u8>,
    },
    /// No progress within `--timeout`.
    Timeout { stage: Stage, seconds: f64 },
    /// The whole exchange took longer than `--max-time`, though each part came in time.
    MaxTime { stage: Stage, seconds: f64 },
    /// Nothing listens at the host and port.
    Refused { host: String },
    /// The host name does not resolve.
    HostNotFound { host: String },
    /// The TLS handshake failed (certificate, protocol, or not TLS at all).
    Tls { host: String, message: String },
    /// The proxy from HTTPS_PROXY / HTTP_PROXY / ALL_PROXY failed or is malformed.
    Proxy { message: String },
    /// Any other failure to connect or to send.
    Connection { stage: Stage, message: String },
    /// The connection ended, or broke, before the answer was complete.
    Cut {
        message: String,
        stream: bool,
        deltas: usize,
    },
    /// A 2xx answer that is not a Responses API response (or event stream).
    NotAResponse { what: String, sample: String },
    /// A 2xx answer larger than we read.
    TooLarge { limit: usize },
    /// The response says it failed: an `error` event, `response.failed`, or a response object
    /// with an error.
    Reported {
        source: &'static str,
        message: Option<String>,
        code: Option<String>,
    },
}
