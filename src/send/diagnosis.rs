//! A failed exchange, explained: what happened (the status and the relay's own message, or what
//! happened on the wire), its cause and the fix — from the docs page's FAQ and what the relay
//! (New API) answers. The relay's errors are `{"error": {"message", "type", "code"}}`; a body
//! that is not that came from the proxy in front of it, or from something that is not the relay.

use std::fmt;

use serde_json::Value;

use super::reply::{sample, text_field};
use super::{Failure, Stage};
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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    /// What happened: the status and the relay's message, or the wire's failure.
    pub what: String,
    pub cause: String,
    pub fix: String,
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.what)?;
        writeln!(f, "  cause: {}", self.cause)?;
        writeln!(f, "  fix: {}", self.fix)
    }
}

/// The relay's error object.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RelayError {
    message: String,
    code: Option<String>,
}

impl RelayError {
    /// `{"error": {"message": "…", …}}`, or `None` for any other body.
    fn parse(body: &[u8]) -> Option<Self> {
        let value: Value = serde_json::from_slice(body).ok()?;
        let error = value.get("error")?.as_object()?;
        Some(RelayError {
            message: text_field(error, "message").unwrap_or_default(),
            code: text_field(error, "code"),
        })
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
        match (&self.code, self.message.is_empty()) {
            (Some(code), false) => format!("{message} (code {})", visible_line(code)),
            (Some(code), true) => format!("code {}", visible_line(code)),
            (None, false) => message.into_owned(),
            (None, true) => "no message".into(),
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
            body,
            ..
        } => status_diagnosis(*status, location.as_deref(), body, ctx),
        Failure::Timeout { stage, seconds } => timeout(*stage, *seconds, ctx),
        Failure::MaxTime { stage, seconds } => max_time(*stage, *seconds),
        Failure::Refused { host } => Diagnosis {
            what: format!("connection refused by {host}"),
            cause: "nothing listens at that host and port: the base URL is wrong, or the server there is down".into(),
            fix: "check --base-url / the description's base_url (the relay is https://www.open1.codes)".into(),
        },
        Failure::HostNotFound { host } => Diagnosis {
            what: format!("cannot resolve the host {host}"),
            cause: "the host name does not exist, or DNS cannot be reached from this network".into(),
            fix: "check the spelling of the base URL (the relay is https://www.open1.codes) and that this machine can resolve names (`getent hosts www.open1.codes`)".into(),
        },
        Failure::Tls { host, message } => Diagnosis {
            what: format!("the TLS handshake with {host} failed: {message}"),
            cause: "the server did not complete a valid HTTPS handshake: a plain-http server addressed with https://, a proxy or antivirus intercepting HTTPS with its own certificate, or a wrong system clock".into(),
            fix: "check the scheme and port of the base URL (the relay is https://www.open1.codes), the system clock, and any proxy between you and the relay".into(),
        },
        Failure::Proxy { message } => Diagnosis {
            what: format!("the proxy failed: {message}"),
            cause: "send goes through the proxy named by ALL_PROXY, HTTPS_PROXY or HTTP_PROXY, and that proxy refused or could not reach the relay".into(),
            fix: "check the proxy variables (`env | grep -i proxy`), or exempt the relay's host with NO_PROXY".into(),
        },
        Failure::Connection { stage, message } => Diagnosis {
            what: match stage {
                Stage::Connect => format!("cannot connect to {}: {message}", ctx.host),
                _ => format!("the exchange with {} failed: {message}", ctx.host),
            },
            cause: "the connection failed before an answer arrived: the server closed it, or what answered does not speak HTTP".into(),
            fix: "check the base URL's scheme, host and port, then send again".into(),
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
        },
        Failure::Cut { message, .. } => Diagnosis {
            what: format!("the answer broke off: {message}"),
            cause: "the connection ended before the whole response arrived: the network dropped, or the relay or a proxy closed it".into(),
            fix: "send again; if it keeps happening, try --stream, which shows the reply as it is written".into(),
        },
        Failure::NotAResponse { what, sample } => Diagnosis {
            what: format!("the answer {what}: {sample}"),
            cause: "what answered is not the relay's Responses API: a wrong base URL (a docs site, a proxy's page, a captive portal) or a broken gateway".into(),
            fix: "point --base-url at the relay (https://www.open1.codes, or a reverse proxy of it such as https://doc.open1.codes/open1-api)".into(),
        },
        Failure::TooLarge { limit } => Diagnosis {
            what: format!("the answer is larger than {} MiB", limit >> 20),
            cause: "a Responses API reply is never that large: what answered is not the relay".into(),
            fix: "check --base-url (the relay is https://www.open1.codes)".into(),
        },
        Failure::Reported {
            source,
            message,
            code,
        } => {
            let relay = RelayError {
                message: message.clone().unwrap_or_default(),
                code: code.clone(),
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
            }
        }
    }
}

fn status_diagnosis(
    status: u16,
    location: Option<&str>,
    body: &[u8],
    ctx: &Context<'_>,
) -> Diagnosis {
    let relay = RelayError::parse(body);
    let what = match &relay {
        Some(relay) => format!("{}: {}", status_line(status), relay.shown()),
        None => format!(
            "{}, and a body that is not the relay's JSON error: {}",
            status_line(status),
            sample(body)
        ),
    };
    let Diagnosis { cause, fix, .. } = match (status, &relay) {
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
        },
        (403, Some(relay)) => forbidden(relay, ctx),
        (403, None) => user_agent(ctx),
        (429, relay) => limited(relay.as_ref()),
        (404, Some(relay)) if !relay.says(&["url", "path", "route"]) => model_missing(ctx),
        (404, _) => Diagnosis {
            cause: "the server has no /v1/responses at this base URL".into(),
            fix: "use the relay's base URL https://www.open1.codes (or its reverse proxy, https://doc.open1.codes/open1-api); send appends /v1/responses itself".into(),
            what: String::new(),
        },
        (_, Some(relay)) if relay.says_model_missing() => model_missing(ctx),
        (400 | 413 | 422, Some(_)) => Diagnosis {
            cause: "the relay refused the request's body: a field or value the Responses API does not accept".into(),
            fix: "check the fields in the description's body and --body-json against the Responses API reference, as the message says".into(),
            what: String::new(),
        },
        (500..=599, None) => Diagnosis {
            cause: "the relay, or the gateway in front of it, is failing or overloaded: its page is not the relay's answer".into(),
            fix: "wait a minute and send again".into(),
            what: String::new(),
        },
        (500..=599, Some(_)) => Diagnosis {
            cause: "the relay or the upstream model failed on its side".into(),
            fix: "send again in a minute; if it persists, report the message and its request id to the relay's support".into(),
            what: String::new(),
        },
        _ => Diagnosis {
            cause: "the relay refused the request".into(),
            fix: "read the message above; the docs page's FAQ covers 401, 403, 429 and unknown models".into(),
            what: String::new(),
        },
    };
    Diagnosis { what, cause, fix }
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
    }
}

/// A 403 that is not the relay's JSON: the proxy in front of it refused the client.
fn user_agent(ctx: &Context<'_>) -> Diagnosis {
    if ctx.user_agent == USER_AGENT {
        Diagnosis {
            what: String::new(),
            cause: format!(
                "the proxy in front of the relay refused the request before the relay saw it; it refuses requests without an accepted User-Agent, but this one sent `User-Agent: {USER_AGENT}`, so it blocked something else: the network or address you send from"
            ),
            fix: "check that no proxy or VPN between you and the relay rewrites the request (HTTPS_PROXY), or send from another network".into(),
        }
    } else {
        Diagnosis {
            what: String::new(),
            cause: format!(
                "the proxy in front of the relay refused the request before the relay saw it: it refuses clients by User-Agent, and this request sent `User-Agent: {}`",
                ctx.user_agent
            ),
            fix: format!(
                "send `User-Agent: {USER_AGENT}`, the snippets' default: remove the User-Agent from --header and from the description's headers"
            ),
        }
    }
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(models: &ModelTable) -> Context<'_> {
        Context {
            model: "gpt-5.4",
            key_env: "OPEN1_API_KEY",
            key_shown: "sk-te*****ef",
            user_agent: USER_AGENT,
            host: "www.open1.codes:443",
            models,
        }
    }

    fn status(status: u16, body: &str) -> Failure {
        Failure::Status {
            status,
            content_type: None,
            location: None,
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
            let diagnosis = diagnose(&failure, &context(&models));
            assert!(
                diagnosis.cause.contains(expected),
                "{failure:?}\n→ {diagnosis}"
            );
        }
    }

    #[test]
    fn a_proxy_page_with_another_user_agent_blames_it() {
        let models = ModelTable::builtin();
        let ctx = Context {
            user_agent: "python-requests/2.32",
            ..context(&models)
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
            ("gpt-5.4-mini", "did you mean `gpt-5.4`?"),
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
                ..context(&models)
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
