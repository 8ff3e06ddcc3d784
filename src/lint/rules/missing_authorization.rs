//! A raw HTTP request to the relay that sends no key: no Authorization header, one removed
//! (curl's `-H 'Authorization:'`), or one with nothing after the scheme. SDK clients read
//! `OPENAI_API_KEY` themselves and are left alone, as is browser code calling the docs site's
//! reverse proxy by a relative URL (the proxy adds the key).

use super::{Context, Finding, Rule, Severity, authorization, is_empty_authorization};
use crate::lint::edit::{self, Applicability, Edit};
use crate::parse::{Call, Client};
use crate::request::DEFAULT_KEY_ENV;

pub const RULE: Rule = Rule {
    id: "missing-authorization",
    severity: Severity::Error,
    summary: "a raw HTTP request to the relay without a key in `Authorization: Bearer`: 401",
    explain: include_str!("../../../templates/rules/missing-authorization.md"),
    check,
};

fn check(ctx: &Context<'_>, findings: &mut Vec<Finding>) {
    for call in &ctx.calls {
        if call.client.is_sdk() || call.credential.is_some() || relative_url(call) {
            continue;
        }
        let Some(headers) = &call.headers else {
            continue;
        };
        if call.client != Client::Curl && sets_auth_option(&ctx.snippet.code) {
            continue;
        }
        match authorization(headers) {
            Some(header) if is_empty_authorization(&header.value) => findings.push(
                Finding::new(
                    &RULE,
                    header.span.clone(),
                    format!(
                        "the Authorization header sends `{}` and no key: the relay answers 401",
                        header.value.display().trim()
                    ),
                )
                .fix(fix_text(ctx, call)),
            ),
            Some(_) => {}
            // The key sent in another header is `malformed-authorization`'s.
            None if headers.iter().any(|h| {
                super::malformed_authorization::KEY_HEADERS
                    .contains(&h.name.to_ascii_lowercase().as_str())
            }) => {}
            None => {
                let (span, message) = match &call.authorization_removed {
                    Some(span) => (
                        span.clone(),
                        "`Authorization:` with no value makes curl send no Authorization header: the relay answers 401",
                    ),
                    None => (
                        call.span.clone(),
                        "this request sends no Authorization header: the relay answers 401 without `Authorization: Bearer <key>`",
                    ),
                };
                let autofix = match call.authorization_removed {
                    Some(_) => Vec::new(),
                    None => add(ctx, call),
                };
                findings.push(
                    Finding::new(&RULE, span, message)
                        .fix(fix_text(ctx, call))
                        .autofix(Applicability::Unsafe, autofix),
                );
            }
        }
    }
}

/// A relative URL (`/open1-api/v1/responses`) goes to the page's own site, whose reverse proxy
/// adds the key: not the request's business.
fn relative_url(call: &Call) -> bool {
    call.client == Client::JavaScriptHttp
        && call.url.as_ref().is_some_and(|(url, _)| {
            url.known_prefix().starts_with('/') && !url.known_prefix().starts_with("//")
        })
}

/// `auth=` (requests, httpx), `session.auth = …`, axios's `auth:`, its `defaults.headers` and
/// interceptors: a credential or headers the parser does not read, which may well hold the key.
fn sets_auth_option(code: &str) -> bool {
    if code.contains("defaults.headers") || code.contains("interceptors.request") {
        return true;
    }
    code.match_indices("auth").any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + 4..].trim_start_matches([' ', '\t']);
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && (after.starts_with(':') || after.starts_with('=') && !after.starts_with("=="))
    })
}

/// The header to send, in the snippet's language.
fn fix_text(ctx: &Context<'_>, call: &Call) -> String {
    match call.client {
        Client::Curl => format!("-H \"Authorization: Bearer ${DEFAULT_KEY_ENV}\""),
        Client::PythonHttp => {
            format!("\"Authorization\": f\"Bearer {{os.environ['{DEFAULT_KEY_ENV}']}}\"")
        }
        _ if ctx.parsed.in_browser => {
            format!(
                "call {}/v1/responses, which adds the key",
                ctx.config.proxy_prefix
            )
        }
        _ => format!("Authorization: `Bearer ${{process.env.{DEFAULT_KEY_ENV}}}`"),
    }
}

/// curl: `-H "Authorization: Bearer $OPEN1_API_KEY"` added beside the other headers, in double
/// quotes whatever the others use (single quotes would send the variable's name).
fn add(ctx: &Context<'_>, call: &Call) -> Vec<Edit> {
    if call.client != Client::Curl {
        return Vec::new();
    }
    let value = format!("Bearer ${DEFAULT_KEY_ENV}");
    call.header_site
        .as_ref()
        .and_then(|site| {
            edit::add_header(
                &ctx.snippet.code,
                ctx.snippet.dialect,
                site,
                "Authorization",
                &value,
            )
        })
        .map(|mut edit| {
            edit.text = edit.text.replace(
                &format!("'Authorization: {value}'"),
                &format!("\"Authorization: {value}\""),
            );
            edit
        })
        .into_iter()
        .collect()
}
