//! `send`'s engine: the [`Request`] `gen` renders goes to the relay as the curl snippet sends it,
//! and what comes back is either a reply (text, usage) or a [`Failure`] that [`diagnosis`] turns
//! into a cause and a fix.
//!
//! The flow runs one way: [`http`] sends and classifies what went wrong on the wire, [`reply`]
//! reads a JSON response or an event stream (printing text as it arrives), [`usage`] prices the
//! tokens, [`diagnosis`] explains a failure. Nothing here prints a key: callers mask.

pub mod diagnosis;
mod failure;
pub mod http;
pub mod reply;
pub mod retry;
mod sse;
pub mod usage;

use std::io::Write;
use std::time::Duration;

pub use diagnosis::{Context, Diagnosis, diagnose};
pub use failure::{Failure, Hints, Stage};
pub use reply::Reply;
pub use usage::Usage;

use crate::request::Request;

/// How to send and what to print.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The wait allowed for each step: connecting, the answer to start, each next part of it.
    pub timeout: Duration,
    /// The time the whole exchange may take, from connecting to the reply's last byte: a server
    /// that trickles a byte now and then never trips `timeout`.
    pub max_time: Duration,
    /// Print the raw response (a stream: each event's JSON on a line) instead of the reply text.
    pub json: bool,
    /// Print what the server sent as it is: no visible escapes for control characters (see
    /// [`crate::visible`]) in the reply text, the deltas or the `json` output.
    pub raw: bool,
}

/// Sends `request` with `key` and prints the reply to `out` as it arrives. A failure of the
/// exchange is a [`Failure`]; only an error writing `out` is an `io::Error`.
pub fn send(
    request: &Request,
    key: &str,
    options: Options,
    out: &mut dyn Write,
) -> std::io::Result<Result<Reply, Failure>> {
    let response = match http::post(request, key, options) {
        Ok(response) => response,
        Err(failure) => return Ok(Err(failure)),
    };
    reply::read(response, options, out)
}
