//! A failed exchange, explained: what happened (the status and the relay's own message, or what
//! happened on the wire), its cause and the fix — from the docs page's FAQ and what the relay
//! (New API) answers. The relay's errors are `{"error": {"message", "type", "code"}}`; a body
//! that is not that came from the proxy in front of it, or from something that is not the relay.

use std::fmt;

use jiff::Zoned;
use serde_json::Value;

use super::reply::{sample, text_field};
use super::{Failure, Hints, Stage, retry};
use crate::models::{ModelTable, Status};
use crate::request::USER_AGENT;
use crate::visible::visible_line;

/// What the diagnosis may name: the request as sent, never the key itself.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    pub model: &'a str,
    /// The environment variable the key came from.
    pub key_env: &'a str,
    /// The key, masked.
    pub key_shown: &'a str,
    /// The User-Agent the request sent.
    pub user_agent: &'a str,
    /// `host:port`.
    pub host: &'a str,
    pub models: &'a ModelTable,
    /// Now, in the local time zone: when to retry is shown as a clock time too.
    pub now: &'a Zoned,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnosis {
    /// What happened: the status and the relay's message, or the wire's failure.
    pub what: String,
    pub cause: String,
    pub fix: String,
    /// When to send again, when the answer says (see [`super::retry`]).
    pub retry: Option<String>,
    /// The ids the relay's support asks for: its request id, Cloudflare's Ray ID.
    pub support: Option<String>,
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.what)?;
        writeln!(f, "  cause: {}", self.cause)?;
        writeln!(f, "  fix: {}", self.fix)?;
        if let Some(retry) = &self.retry {
            writeln!(f, "  retry: {retry}")?;
        }
        if let Some(support) = &self.support {
            writeln!(f, "  for support: {support}")?;
        }
        Ok(())
    }
}

/// The relay's error object — its own, or its upstream's passed through, which add what the
/// relay's own lack: when a limit resets, the upstream's request id.
#[derive(Debug, Clone, Default, PartialEq)]
struct RelayError {
    message: String,
    code: Option<String>,
    /// `type`: New API's `new_api_error`, `invalid_request_error`, the Codex backend's
    /// `usage_limit_reached`.
    kind: Option<String>,
    /// Seconds until the limit resets: `resets_in_seconds` (an upstream account's usage limit)
    /// or `reset_seconds` (a model's credentials cooling down).
    resets_in: Option<f64>,
    /// The upstream account's plan (`plan_type`).
    plan: Option<String>,
    /// The model the error is about, as the upstream names it (`gpt-5.4(high)`).
    model: Option<String>,
    /// `request_id`, beside `error` (Anthropic's shape) or in it.
    request_id: Option<String>,
}

impl RelayError {
    /// `{"error": {"message": "…", …}}`, or `None` for any other body.
    fn parse(body: &[u8]) -> Option<Self> {
        let value: Value = serde_json::from_slice(body).ok()?;
        let error = value.get("error")?.as_object()?;
        let seconds = |name: &str| error.get(name).and_then(Value::as_f64);
        Some(RelayError {
            message: text_field(error, "message").unwrap_or_default(),
            code: text_field(error, "code"),
            kind: text_field(error, "type"),
            resets_in: seconds("resets_in_seconds").or_else(|| seconds("reset_seconds")),
            plan: text_field(error, "plan_type"),
            model: text_field(error, "model"),
            request_id: value
                .as_object()
                .and_then(|o| text_field(o, "request_id"))
                .or_else(|| text_field(error, "request_id")),
        })
    }

    /// Whether its code or type is `name`.
    fn is(&self, name: &str) -> bool {
        self.code.as_deref() == Some(name) || self.kind.as_deref() == Some(name)
    }

    /// Whether the message or the code holds any of `words` (case-insensitive).
    fn says(&self, words: &[&str]) -> bool {
        let text = format!(
            "{} {}",
            self.message.to_lowercase(),
            self.code.as_deref().unwrap_or_default().to_lowercase()
        );
        words.iter().any(|w| text.contains(w))
    }

    fn says_model_missing(&self) -> bool {
        self.says(&[
            "model_not_found",
            "does not exist",
            "not exist",
            "不存在",
            "无可用渠道",
            "no available channel",
            "model not found",
        ])
    }

    /// The message as shown, with the code when there is one: on one line, its control
    /// characters escaped (it is the server's text).
    fn shown(&self) -> String {
        let message = visible_line(&self.message);
        // The type names the error only where there is no code, and it is not New API's catch-all.
        let kind = self
            .kind
            .as_ref()
            .filter(|kind| self.code.is_none() && *kind != "new_api_error");
        let labels: Vec<String> = [
            self.code
                .as_ref()
                .map(|code| format!("code {}", visible_line(code))),
            kind.map(|kind| format!("type {}", visible_line(kind))),
            self.plan
                .as_ref()
                .map(|plan| format!("plan {}", visible_line(plan))),
        ]
        .into_iter()
        .flatten()
        .collect();
        match (labels.is_empty(), self.message.is_empty()) {
            (false, false) => format!("{message} ({})", labels.join(", ")),
            (false, true) => labels.join(", "),
            (true, false) => message.into_owned(),
            (true, true) => "no message".into(),
        }
    }
}

const QUOTA: &[&str] = &["额度", "余额", "quota", "balance", "insufficient"];
const GROUP: &[&str] = &["分组", "group", "负载", "saturat"];
const CONCURRENCY: &[&str] = &["并发", "concurren"];
const RATE: &[&str] = &[
    "请求数",
    "频率",
    "速率",
    "rate limit",
    "rate_limit",
    "too many requests",
];
const SUBSCRIPTION: &[&str] = &["订阅", "套餐", "subscription", "plan"];
const MODEL: &[&str] = &["模型", "model"];

pub fn diagnose(failure: &Failure, ctx: &Context<'_>) -> Diagnosis {
    match failure {
        Failure::Status {
            status,
            location,
            hints,
            body,
            ..
        } => {
            let Hints {
                retry_after,
                request_id,
                cf_ray,
            } = hints.as_ref();
            let relay = RelayError::parse(body);
            let page = Page::read(body, cf_ray.is_some());
            let diagnosis = status_diagnosis(*status, location.as_deref(), body, &relay, &page, ctx);
            // The body's reset time is the upstream's own; the header may be a proxy's guess.
            let retry_at = match relay.as_ref().and_then(|r| r.resets_in) {
                Some(seconds) => retry::after_seconds(seconds, ctx.now),
                None => retry_after
                    .as_deref()
                    .and_then(|value| retry::retry_after(value, ctx.now)),
            };
            let mut ids = Vec::new();
            let request_ids = [relay.as_ref().and_then(|r| r.request_id.clone()), request_id.clone()];
            for id in request_ids.into_iter().flatten() {
                if !ids.contains(&format!("request id {}", visible_line(&id))) {
                    ids.push(format!("request id {}", visible_line(&id)));
                }
            }
            if let Some(ray) = cf_ray.as_ref().or(page.ray_id.as_ref()) {
                ids.push(format!("Cloudflare Ray ID {}", visible_line(ray)));
            }
            Diagnosis {
                retry: retry_at.map(|at| retry::describe(&at, ctx.now)),
                support: (!ids.is_empty())
                    .then(|| ids.join(", ")),
                ..diagnosis
            }
        }
        Failure::Timeout { stage, seconds } => timeout(*stage, *seconds, ctx),
        Failure::MaxTime { stage, seconds } => max_time(*stage, *seconds),
        Failure::Refused { host } => Diagnosis {
            what: format!("connection refused by {host}"),
            cause: "nothing listens at that host and port: the base URL is wrong, or the server there is down".into(),
            fix: "check --base-url / the description's base_url (the relay is https://www.open1.codes)".into(),
            ..Default::default()
        },
        Failure::HostNotFound { host } => Diagnosis {
            what: format!("cannot resolve the host {host}"),
            cause: "the host name does not exist, or DNS cannot be reached from this network".into(),
            fix: "check the spelling of the base URL (the relay is https://www.open1.codes) and that this machine can resolve names (`getent hosts www.open1.codes`)".into(),
            ..Default::default()
        },
        Failure::Tls { host, message } => Diagnosis {
            what: format!("the TLS handshake with {host} failed: {message}"),
            cause: "the server did not complete a valid HTTPS handshake: a plain-http server addressed with https://, a proxy or antivirus intercepting HTTPS with its own certificate, or a wrong system clock".into(),
            fix: "check the scheme and port of the base URL (the relay is https://www.open1.codes), the system clock, and any proxy between you and the relay".into(),
            ..Default::default()
        },
        Failure::Proxy { message } => Diagnosis {
            what: format!("the proxy failed: {message}"),
            cause: "send goes through the proxy named by ALL_PROXY, HTTPS_PROXY or HTTP_PROXY, and that proxy refused or could not reach the relay".into(),
            fix: "check the proxy variables (`env | grep -i proxy`), or exempt the relay's host with NO_PROXY".into(),
            ..Default::default()
        },
        Failure::Connection { stage, message } => Diagnosis {
            what: match stage {
                Stage::Connect => format!("cannot connect to {}: {message}", ctx.host),
                _ => format!("the exchange with {} failed: {message}", ctx.host),
            },
            cause: "the connection failed before an answer arrived: the server closed it, or what answered does not speak HTTP".into(),
            fix: "check the base URL's scheme, host and port, then send again".into(),
            ..Default::default()
        },
        Failure::Cut {
            message,
            stream: true,
            deltas,
        } => Diagnosis {
            what: format!(
                "the stream was cut after {deltas} text delta{}: {message}",
                if *deltas == 1 { "" } else { "s" }
            ),
            cause: "the connection ended before the response.completed event: the network dropped, a proxy closed the long-lived connection, or the relay restarted; the reply printed above is incomplete".into(),
            fix: "send again; if it keeps breaking, try without --stream, or from another network".into(),
            ..Default::default()
        },
        Failure::Cut { message, .. } => Diagnosis {
            what: format!("the answer broke off: {message}"),
            cause: "the connection ended before the whole response arrived: the network dropped, or the relay or a proxy closed it".into(),
            fix: "send again; if it keeps happening, try --stream, which shows the reply as it is written".into(),
            ..Default::default()
        },
        Failure::NotAResponse { what, sample } => Diagnosis {
            what: format!("the answer {what}: {sample}"),
            cause: "what answered is not the relay's Responses API: a wrong base URL (a docs site, a proxy's page, a captive portal) or a broken gateway".into(),
            fix: "point --base-url at the relay (https://www.open1.codes, or a reverse proxy of it such as https://doc.open1.codes/open1-api)".into(),
            ..Default::default()
        },
        Failure::TooLarge { limit } => Diagnosis {
            what: format!("the answer is larger than {} MiB", limit >> 20),
            cause: "a Responses API reply is never that large: what answered is not the relay".into(),
            fix: "check --base-url (the relay is https://www.open1.codes)".into(),
            ..Default::default()
        },
        Failure::Reported {
            source,
            message,
            code,
        } => {
            let relay = RelayError {
                message: message.clone().unwrap_or_default(),
                code: code.clone(),
                ..Default::default()
            };
            let what = match *source {
                "error" => format!("the relay sent an error event: {}", relay.shown()),
                "response.failed" => format!("the response failed: {}", relay.shown()),
                _ => format!("the response reports an error: {}", relay.shown()),
            };
            if relay.says_model_missing() {
                return Diagnosis {
                    what,
                    ..model_missing(ctx)
                };
            }
            if relay.says(RATE) || relay.says(CONCURRENCY) || relay.says(QUOTA) {
                return Diagnosis {
                    what,
                    ..limited(Some(&relay))
                };
            }
            Diagnosis {
                what,
                cause: "the relay accepted the request, but the model failed to produce the response".into(),
                fix: "send again; if it fails the same way, report the message and its request id to the relay's support".into(),
                ..Default::default()
            }
        }
    }
}

fn status_diagnosis(
    status: u16,
    location: Option<&str>,
    body: &[u8],
    relay: &Option<RelayError>,
    page: &Page,
    ctx: &Context<'_>,
) -> Diagnosis {
    let what = match (relay, &page.title) {
        (Some(relay), _) => format!("{}: {}", status_line(status), relay.shown()),
        (None, Some(title)) if page.cloudflare => format!(
            "{}, and a Cloudflare page, not the relay's JSON error: \"{}\"{}",
            status_line(status),
            visible_line(title),
            page.headline
                .as_ref()
                .map_or_else(String::new, |h| format!(" ({})", visible_line(h)))
        ),
        (None, _) => format!(
            "{}, and a body that is not the relay's JSON error: {}",
            status_line(status),
            sample(body)
        ),
    };
    let Diagnosis { cause, fix, .. } = match (status, relay) {
        (_, Some(relay)) if relay.is("usage_limit_reached") => usage_limit(relay),
        (_, Some(relay)) if relay.is("model_cooldown") => cooldown(relay, ctx),
        (_, Some(relay)) if relay.says(&["organization has been disabled"]) => {
            organization_disabled()
        }
        (403, None) if page.error_code.as_deref() == Some("1010") => user_agent(ctx, true),
        (403, None) if page.cloudflare => cloudflare_block(page, ctx),
        (500..=599, None) if page.unavailable => unavailable(page),
        (300..=399, _) => Diagnosis {
            cause: format!(
                "the server sends the request elsewhere ({}): the base URL is not the relay's endpoint, and a POST is not redirected (the curl snippet does not follow it either)",
                location.map_or_else(
                    || "no Location given".to_owned(),
                    |l| format!("to {}", visible_line(l))
                )
            ),
            fix: "use the URL it names, or the relay's base URL https://www.open1.codes (https, with www)".into(),
            what: String::new(),
            ..Default::default()
        },
        (401, _) => Diagnosis {
            cause: format!(
                "the relay rejected the key in {} ({}): it is wrong, expired, disabled or used up, or it carries a character that is not part of it",
                ctx.key_env, ctx.key_shown
            ),
            fix: format!(
                "copy the key again from the relay's token page, check there that it is enabled, unexpired and has quota, then `export {}=<key>` with nothing around it",
                ctx.key_env
            ),
            what: String::new(),
            ..Default::default()
        },
        (403, Some(relay)) => forbidden(relay, ctx),
        (403, None) => user_agent(ctx, false),
        (429, relay) => limited(relay.as_ref()),
        (404, Some(relay)) if !relay.says(&["url", "path", "route"]) => model_missing(ctx),
        (404, _) => Diagnosis {
            cause: "the server has no /v1/responses at this base URL".into(),
            fix: "use the relay's base URL https://www.open1.codes (or its reverse proxy, https://doc.open1.codes/open1-api); send appends /v1/responses itself".into(),
            what: String::new(),
            ..Default::default()
        },
        (_, Some(relay)) if relay.says_model_missing() => model_missing(ctx),
        (400 | 413 | 422, Some(_)) => Diagnosis {
            cause: "the relay refused the request's body: a field or value the Responses API does not accept".into(),
            fix: "check the fields in the description's body and --body-json against the Responses API reference, as the message says".into(),
            what: String::new(),
            ..Default::default()
        },
        (500..=599, None) => Diagnosis {
            cause: "the relay, or the gateway in front of it, is failing or overloaded: its page is not the relay's answer".into(),
            fix: "wait a minute and send again".into(),
            what: String::new(),
            ..Default::default()
        },
        (500..=599, Some(_)) => Diagnosis {
            cause: "the relay or the upstream model failed on its side".into(),
            fix: "send again in a minute; if it persists, report the message and its request id to the relay's support".into(),
            what: String::new(),
            ..Default::default()
        },
        _ => Diagnosis {
            cause: "the relay refused the request".into(),
            fix: "read the message above; the docs page's FAQ covers 401, 403, 429 and unknown models".into(),
            what: String::new(),
            ..Default::default()
        },
    };
    Diagnosis {
        what,
        cause,
        fix,
        ..Default::default()
    }
}

/// Nothing came within `--timeout`: where it stalled says why.
fn timeout(stage: Stage, seconds: f64, ctx: &Context<'_>) -> Diagnosis {
    let (what, cause, fix) = match stage {
        Stage::Connect => (
            format!("could not connect to {} within {seconds} s", ctx.host),
            "the host does not answer: a firewall, a network that blocks it, or a proxy this network requires",
            "check the network and the base URL; behind a proxy, `export HTTPS_PROXY=http://host:port`; on a slow network raise --timeout",
        ),
        Stage::Answer => (
            format!("no answer from {} within {seconds} s", ctx.host),
            "the relay took the request but did not answer in time: the model is still working (reasoning models can take minutes) or the relay is overloaded",
            "raise --timeout (e.g. --timeout 300), or use --stream to see the reply as it is written",
        ),
        Stage::Body => (
            format!("the answer stalled: nothing more arrived for {seconds} s"),
            "the relay stopped sending in the middle of the answer: the model paused, or the connection silently died; anything printed above is incomplete",
            "send again; raise --timeout if the model pauses longer than that between parts",
        ),
    };
    Diagnosis {
        what,
        cause: cause.into(),
        fix: fix.into(),
        ..Default::default()
    }
}

/// The whole exchange outlasted `--max-time`, though no single wait outlasted `--timeout`.
fn max_time(stage: Stage, seconds: f64) -> Diagnosis {
    let (what, cause) = match stage {
        Stage::Body => (
            format!("the answer was still arriving after --max-time {seconds} s: stopped"),
            "the server kept sending, but too slowly to finish in time: a very long reply, or a server trickling its answer (a byte now and then keeps each wait within --timeout); anything printed above is incomplete",
        ),
        _ => (
            format!("no answer within --max-time {seconds} s: stopped"),
            "connecting and sending the request took the whole time: a very slow network, proxy or server",
        ),
    };
    Diagnosis {
        what,
        cause: cause.into(),
        fix: "check the base URL (the relay is https://www.open1.codes); raise --max-time (e.g. --max-time 1800) if a reply may take longer".into(),
        ..Default::default()
    }
}

/// `HTTP 403 Forbidden`.
fn status_line(status: u16) -> String {
    let reason = ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason());
    match reason {
        Some(reason) => format!("HTTP {status} {reason}"),
        None => format!("HTTP {status}"),
    }
}

/// A 403 in the relay's own words: the key's group, subscription, model permission or quota.
fn forbidden(relay: &RelayError, ctx: &Context<'_>) -> Diagnosis {
    let (cause, fix) = if relay.says(QUOTA) {
        (
            "the account's quota is used up".to_owned(),
            "top up the account on the relay, or use a key of an account with quota left"
                .to_owned(),
        )
    } else if relay.says(GROUP) {
        (
            "the key belongs to a group that may not make this request".to_owned(),
            "use a key whose group may use the relay (see the key's group on the relay's token page), or ask the relay's admin to open the group".to_owned(),
        )
    } else if relay.says(SUBSCRIPTION) {
        (
            "the account's subscription does not cover this request (expired, or another plan)"
                .to_owned(),
            "check the subscription on the relay, or use a key whose subscription covers it"
                .to_owned(),
        )
    } else if relay.says(MODEL) {
        (
            format!("this key may not use the model `{}`", ctx.model),
            "use a model the key allows (its model limits are on the relay's token page), or lift the limit there".to_owned(),
        )
    } else {
        (
            "the relay forbids this request: the key's group, subscription, model permission or quota".to_owned(),
            "check the key's group, subscription and model limits on the relay's token page, as its message says".to_owned(),
        )
    };
    Diagnosis {
        what: String::new(),
        cause,
        fix,
        ..Default::default()
    }
}

/// A 403 that is not the relay's JSON: the proxy in front of it refused the client. Cloudflare's
/// error 1010 says so outright: it bans a client signature, and the docs page's FAQ names the
/// one it bans — a request without a browser-like or curl User-Agent.
fn user_agent(ctx: &Context<'_>, error_1010: bool) -> Diagnosis {
    let refused = match error_1010 {
        true => {
            "Cloudflare's error 1010, a banned client signature: the proxy in front of the relay refused the request before the relay saw it"
        }
        false => "the proxy in front of the relay refused the request before the relay saw it",
    };
    let (cause, fix) = if ctx.user_agent == USER_AGENT {
        (
            format!(
                "{refused}; it refuses requests without a browser-like or curl User-Agent (the docs page's FAQ), but this one sent `User-Agent: {USER_AGENT}`, so it blocked something else: the network or address you send from"
            ),
            "check that no proxy or VPN between you and the relay rewrites the request (HTTPS_PROXY), or send from another network".to_owned(),
        )
    } else {
        let sent = match ctx.user_agent {
            "" => "this request sent no User-Agent".to_owned(),
            agent => format!("this request sent `User-Agent: {agent}`"),
        };
        let rule = match error_1010 {
            true => {
                "it refuses clients without a browser-like or curl User-Agent (the docs page's FAQ)"
            }
            false => "it refuses clients by User-Agent",
        };
        (
            format!("{refused}: {rule}, and {sent}"),
            format!(
                "send `User-Agent: {USER_AGENT}`, the snippets' default: remove the User-Agent from --header and from the description's headers; a script of your own must set it too"
            ),
        )
    };
    Diagnosis {
        cause,
        fix,
        ..Default::default()
    }
}

/// A 403 page from Cloudflare that is not error 1010: a firewall rule or a browser check.
fn cloudflare_block(page: &Page, ctx: &Context<'_>) -> Diagnosis {
    let code = page.error_code.as_ref().map_or_else(String::new, |code| {
        format!(" (error {})", visible_line(code))
    });
    let mut fix = "send from another network, without a VPN or proxy; if it persists, give the Ray ID below to the relay's support".to_owned();
    if ctx.user_agent != USER_AGENT {
        fix = format!("send `User-Agent: {USER_AGENT}` (the snippets' default), or {fix}");
    }
    Diagnosis {
        cause: format!(
            "Cloudflare, the CDN in front of the relay, blocked the request before the relay saw it{code}: a firewall rule on the address, network or country you send from, or a browser check that a script cannot pass"
        ),
        fix,
        ..Default::default()
    }
}

/// A 5xx in plain words — "Service temporarily unavailable" — from the relay's side of the CDN.
fn unavailable(page: &Page) -> Diagnosis {
    let through = match page.cloudflare {
        true => " (the answer came through Cloudflare, the CDN in front of it)",
        false => "",
    };
    Diagnosis {
        cause: format!(
            "the relay, or the upstream behind it, is temporarily unavailable: overloaded, restarting or in maintenance{through}; the request itself is not the problem"
        ),
        fix: "send again in a minute (or at the time below, when one is given); if it lasts, report it to the relay's support with the id below".into(),
        ..Default::default()
    }
}

/// 429 `usage_limit_reached`: the upstream account behind the relay (a ChatGPT plan) is used
/// up until its limit resets; the relay passed the error through.
fn usage_limit(relay: &RelayError) -> Diagnosis {
    let plan = relay.plan.as_ref().map_or_else(String::new, |plan| {
        format!(" (its {} plan)", visible_line(plan))
    });
    let when = match relay.resets_in {
        Some(_) => "until the limit resets (below)",
        None => "until the limit resets",
    };
    Diagnosis {
        cause: format!(
            "the usage limit of the upstream account the relay sends this model to is reached{plan}: the relay passed its upstream's error through, so it is not your key's quota, and no change to the request helps"
        ),
        fix: format!(
            "wait {when}, or send with another model, which the relay may serve from another account; if it lasts, tell the relay's support"
        ),
        ..Default::default()
    }
}

/// 429 `model_cooldown`: every upstream credential the relay has for the model hit its limit.
fn cooldown(relay: &RelayError, ctx: &Context<'_>) -> Diagnosis {
    let model = relay.model.as_deref().unwrap_or(ctx.model);
    let when = match relay.resets_in {
        Some(_) => "after the cooldown (below)",
        None => "in a minute",
    };
    Diagnosis {
        cause: format!(
            "every upstream credential the relay holds for the model `{}` is cooling down after hitting its limit: the relay has no account to send the request to until one is free",
            visible_line(model)
        ),
        fix: format!("send again {when}, or now with another model"),
        ..Default::default()
    }
}

/// "This organization has been disabled.": the upstream provider disabled the account the relay
/// uses; Anthropic's error shape, passed through.
fn organization_disabled() -> Diagnosis {
    Diagnosis {
        cause: "the model's provider has disabled the upstream account (its organization) the relay sends this model to; the relay passed the provider's error through: neither the request nor your key causes it".into(),
        fix: "report it to the relay's support with the request id below, and meanwhile send with another model, which the relay may route to another account".into(),
        ..Default::default()
    }
}

/// What a body that is not the relay's JSON says about where it came from.
#[derive(Debug, Default)]
struct Page {
    /// It came from or through Cloudflare (its name or a Ray ID is in it, or a `cf-ray` header
    /// came with it).
    cloudflare: bool,
    /// The page's `<title>`.
    title: Option<String>,
    /// Its first `<h1>`: what Cloudflare's pages say happened ("Sorry, you have been blocked").
    headline: Option<String>,
    /// Cloudflare's error code: `error code: 1010`, `Error 1020`.
    error_code: Option<String>,
    /// Its "Ray ID: …".
    ray_id: Option<String>,
    /// It says the service is temporarily unavailable.
    unavailable: bool,
}

impl Page {
    /// `through_cloudflare`: the answer had a `cf-ray` header.
    fn read(body: &[u8], through_cloudflare: bool) -> Page {
        let html = String::from_utf8_lossy(&body[..body.len().min(64 << 10)]);
        let title = between(&html, "<title>", "</title>")
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| !t.is_empty());
        let headline = between(&html, "<h1", "</h1>")
            .and_then(|h1| h1.split_once('>'))
            .map(|(_, inner)| words(inner))
            .filter(|h| !h.is_empty());
        let text = words(&html);
        let lower = text.to_ascii_lowercase();
        let ray_id = after(&lower, "ray id:")
            .map(|at| {
                text[at..]
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect::<String>()
            })
            .filter(|id| !id.is_empty());
        let error_code = ["error code: ", "error code ", "error "]
            .iter()
            .find_map(|label| {
                let at = after(&lower, label)?;
                let code: String = lower[at..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                (code.len() == 4).then_some(code)
            });
        Page {
            cloudflare: through_cloudflare || lower.contains("cloudflare") || ray_id.is_some(),
            title,
            headline,
            error_code,
            ray_id,
            unavailable: lower.contains("temporarily unavailable"),
        }
    }
}

/// The byte offset just after the first `needle` in `haystack`.
fn after(haystack: &str, needle: &str) -> Option<usize> {
    haystack.find(needle).map(|at| at + needle.len())
}

/// The text between the first `open` and the next `close` (case-insensitive tags).
fn between<'t>(text: &'t str, open: &str, close: &str) -> Option<&'t str> {
    let lower = text.to_ascii_lowercase();
    let start = after(&lower, open)?;
    let end = start + lower[start..].find(close)?;
    Some(&text[start..end])
}

/// A page's words: its tags, scripts and styles dropped, its white space collapsed.
fn words(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push(' ');
        let tag = rest[open..].to_ascii_lowercase();
        // Skip the content of script and style elements with the tag.
        let close = ["script", "style"]
            .iter()
            .find(|name| tag.starts_with(&format!("<{name}")))
            .and_then(|name| {
                tag.find(&format!("</{name}>"))
                    .map(|at| at + name.len() + 3)
            })
            .or_else(|| tag.find('>').map(|at| at + 1));
        match close {
            Some(close) => rest = &rest[open + close..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A 429, or a limit reported mid-stream: which limit, from the message.
fn limited(relay: Option<&RelayError>) -> Diagnosis {
    let says = |words: &[&str]| relay.is_some_and(|r| r.says(words));
    let (cause, fix) = if says(CONCURRENCY) {
        (
            "the concurrency limit: too many of your requests are running at once",
            "wait for your other requests to finish, or send fewer at a time",
        )
    } else if says(RATE) {
        (
            "the rate limit: too many requests in the last minutes",
            "wait a minute before sending again, and space out your requests",
        )
    } else if says(QUOTA) {
        (
            "the quota is exhausted",
            "top up the account on the relay, or use a key with quota left",
        )
    } else if says(GROUP) {
        (
            "the key's group is exhausted or saturated and cannot be used now",
            "wait and send again, or use a key of another group",
        )
    } else {
        (
            "a limit was reached, and the answer does not say which: the concurrency limit, the rate limit, or the quota or group is exhausted",
            "wait a minute and send again; if it persists, check the key's quota and group on the relay",
        )
    };
    Diagnosis {
        what: String::new(),
        cause: cause.into(),
        fix: fix.into(),
        ..Default::default()
    }
}

/// The relay does not serve the model: suggestions from the model table.
fn model_missing(ctx: &Context<'_>) -> Diagnosis {
    let table = ctx.models;
    let model = ctx.model;
    let available: Vec<&str> = table
        .models
        .iter()
        .filter(|m| m.status == Status::Available)
        .map(|m| m.id.as_str())
        .collect();
    let list = available.join(", ");
    let (cause, fix) = match table.get(model) {
        Some(m) if m.status == Status::Unmatched => (
            format!(
                "the relay does not route the model `{model}`: the docs page lists it as unmatched"
            ),
            format!(
                "use an available model, such as `{}` (all: {list})",
                available[0]
            ),
        ),
        Some(_) => (
            format!("the relay has no channel serving `{model}` for this key's group"),
            format!(
                "check the model on the relay's \"Channels and models\" page, or use another: {list}"
            ),
        ),
        None => (
            format!("the relay does not know the model `{model}`"),
            match table.suggest(model) {
                Some(suggestion) => {
                    format!("did you mean `{suggestion}`? (the docs page lists {list})")
                }
                None => format!("use a model the docs page lists: {list}"),
            },
        ),
    };
    Diagnosis {
        what: String::new(),
        cause,
        fix,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed now, so that retry times do not change from run to run.
    fn now() -> &'static Zoned {
        static NOW: std::sync::LazyLock<Zoned> = std::sync::LazyLock::new(|| {
            "2026-11-25T14:26:00Z"
                .parse::<jiff::Timestamp>()
                .unwrap()
                .to_zoned(jiff::tz::TimeZone::UTC)
        });
        &NOW
    }

    fn context<'a>(models: &'a ModelTable, now: &'a Zoned) -> Context<'a> {
        Context {
            model: "gpt-5.4",
            key_env: "OPEN1_API_KEY",
            key_shown: "sk-te*****ef",
            user_agent: USER_AGENT,
            host: "www.open1.codes:443",
            models,
            now,
        }
    }

    fn status(status: u16, body: &str) -> Failure {
        Failure::Status {
            status,
            content_type: None,
            location: None,
            hints: Box::default(),
            body: body.as_bytes().to_vec(),
        }
    }

    fn relay(message: &str, code: &str) -> String {
        serde_json::json!({"error": {"message": message, "type": "new_api_error", "code": code}})
            .to_string()
    }

    /// Each answer → the words its cause must hold.
    #[test]
    fn causes_from_status_and_body() {
        let cases = [
            (
                status(401, &relay("无效的令牌 (request id: x)", "")),
                "rejected the key in OPEN1_API_KEY (sk-te*****ef)",
            ),
            (
                status(
                    403,
                    &relay("用户额度不足, 剩余额度: $0.0000", "insufficient_user_quota"),
                ),
                "quota is used up",
            ),
            (
                status(403, &relay("无权访问 vip 分组", "")),
                "belongs to a group",
            ),
            (
                status(403, &relay("该令牌无权使用模型：gpt-5.4", "")),
                "may not use the model `gpt-5.4`",
            ),
            (
                status(403, &relay("subscription expired", "")),
                "subscription does not cover",
            ),
            (
                status(403, &relay("forbidden", "")),
                "group, subscription, model permission or quota",
            ),
            (status(403, "error code: 1010"), "blocked something else"),
            (
                status(429, &relay("您已达到并发请求限制", "")),
                "the concurrency limit",
            ),
            (
                status(429, &relay("您已达到请求数限制：1分钟内最多请求60次", "")),
                "the rate limit",
            ),
            (
                status(429, &relay("用户额度不足", "insufficient_user_quota")),
                "quota is exhausted",
            ),
            (
                status(429, &relay("当前分组上游负载已饱和，请稍后再试", "")),
                "group is exhausted or saturated",
            ),
            (status(429, "Too Many"), "does not say which"),
            (
                status(
                    503,
                    &relay(
                        "当前分组 default 下对于模型 gpt-5.4 无可用渠道",
                        "model_not_found",
                    ),
                ),
                "no channel serving `gpt-5.4`",
            ),
            (
                status(
                    404,
                    &relay("The model `gpt-5.4` does not exist", "model_not_found"),
                ),
                "no channel serving",
            ),
            (
                status(404, &relay("Invalid URL (POST /x/v1/responses)", "")),
                "no /v1/responses at this base URL",
            ),
            (status(404, "<html>Not Found</html>"), "no /v1/responses"),
            (
                status(
                    400,
                    &relay(
                        "Unsupported parameter: 'temperature'",
                        "unsupported_parameter",
                    ),
                ),
                "refused the request's body",
            ),
            (
                status(502, "<html><title>502 Bad Gateway</title></html>"),
                "failing or overloaded",
            ),
            (
                status(500, &relay("upstream error", "")),
                "failed on its side",
            ),
            (status(301, ""), "sends the request elsewhere"),
            (
                Failure::Reported {
                    source: "error",
                    message: Some("Rate limit reached".into()),
                    code: None,
                },
                "the rate limit",
            ),
            (
                Failure::Reported {
                    source: "response.failed",
                    message: Some("The model `x` does not exist".into()),
                    code: None,
                },
                "no channel serving",
            ),
            (
                Failure::Reported {
                    source: "response.failed",
                    message: None,
                    code: Some("server_error".into()),
                },
                "the model failed",
            ),
        ];
        let models = ModelTable::builtin();
        for (failure, expected) in cases {
            let diagnosis = diagnose(&failure, &context(&models, now()));
            assert!(
                diagnosis.cause.contains(expected),
                "{failure:?}\n→ {diagnosis}"
            );
        }
    }

    #[test]
    fn pages_say_where_they_came_from() {
        let page = Page::read(
            b"<html><head><title>Access denied |\n x</title><script>var t='Error 9999'</script></head><body><h1>Error <span>1010</span></h1><p>Ray ID: <b>8e4c3b2a1d0f9e8c</b></p></body></html>",
            false,
        );
        assert_eq!(page.title.as_deref(), Some("Access denied | x"));
        assert_eq!(page.headline.as_deref(), Some("Error 1010"));
        assert_eq!(page.error_code.as_deref(), Some("1010"));
        assert_eq!(page.ray_id.as_deref(), Some("8e4c3b2a1d0f9e8c"));
        assert!(page.cloudflare && !page.unavailable);
        let page = Page::read(b"error code: 1010", false);
        assert_eq!(page.error_code.as_deref(), Some("1010"));
        assert!(!page.cloudflare);
        let page = Page::read(b"Service temporarily unavailable", true);
        assert!(page.cloudflare && page.unavailable && page.ray_id.is_none());
        // Not a page: nothing is made up.
        let page = Page::read(b"<html>502 Bad Gateway error 502</html>", false);
        assert_eq!((page.error_code, page.title), (None, None));
    }

    #[test]
    fn a_proxy_page_with_another_user_agent_blames_it() {
        let models = ModelTable::builtin();
        let ctx = Context {
            user_agent: "python-requests/2.32",
            ..context(&models, now())
        };
        let diagnosis = diagnose(&status(403, "error code: 1010"), &ctx);
        assert!(
            diagnosis
                .cause
                .contains("`User-Agent: python-requests/2.32`")
        );
        assert!(diagnosis.fix.contains("send `User-Agent: curl/8.0`"));
    }

    #[test]
    fn unknown_models_get_suggestions() {
        let models = ModelTable::builtin();
        let failure = status(503, &relay("no", "model_not_found"));
        for (model, expected) in [
            ("gpt5.4", "did you mean `gpt-5.4`?"),
            ("gpt-4.1", "use a model the docs page lists: gpt-5.4,"),
            (
                "claude-3-opus",
                "use a model the docs page lists: gpt-5.4, gpt-5.3-codex,",
            ),
            (
                "gpt-5.3-codex-spark",
                "use an available model, such as `gpt-5.4`",
            ),
        ] {
            let ctx = Context {
                model,
                ..context(&models, now())
            };
            let fix = diagnose(&failure, &ctx).fix;
            assert!(fix.contains(expected), "{model}: {fix}");
            assert!(
                !fix.contains("spark"),
                "{model}: unmatched models are not suggested: {fix}"
            );
        }
    }
}
