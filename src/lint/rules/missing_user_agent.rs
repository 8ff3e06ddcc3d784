use super::{Context, Finding, Rule, Severity};
use crate::lint::edit::{self, Applicability, Edit};
use crate::parse::{Client, Span};

pub const RULE: Rule = Rule {
    id: "missing-user-agent",
    severity: Severity::Error,
    summary: "a request without a User-Agent header: the relay's proxy answers 403",
    explain: include_str!("../../../templates/rules/missing-user-agent.md"),
    check,
};

fn check(ctx: &Context<'_>, findings: &mut Vec<Finding>) {
    for call in &ctx.calls {
        if let Some(span) = &call.user_agent_removed {
            findings.push(
                Finding::new(&RULE, span.clone(), "this removes curl's User-Agent header; the relay's proxy answers 403 without one")
                    .fix("-H \"User-Agent: curl/8.0\"")
                    .autofix(Applicability::Unsafe, refill(ctx, span)),
            );
            continue;
        }
        // A browser always sends its own User-Agent.
        if call.client == Client::Curl || ctx.parsed.in_browser {
            continue;
        }
        let Some(headers) = &call.headers else {
            continue;
        };
        let user_agent = headers
            .iter()
            .rev()
            .find(|h| h.name.eq_ignore_ascii_case("user-agent"));
        match (user_agent, call.client) {
            (Some(header), _) if header.value.is_empty() => findings.push(
                Finding::new(&RULE, header.span.clone(), "the User-Agent header is empty; the relay's proxy answers 403 without one")
                    .fix("\"User-Agent\": \"curl/8.0\"")
                    .autofix(Applicability::Unsafe, refill(ctx, &header.span)),
            ),
            (Some(_), _) => {}
            // An SDK sends its own User-Agent, which the proxy may or may not block.
            (None, Client::Sdk(library)) if library.user_agent_blocked => findings.push(
                Finding::new(
                    &RULE,
                    call.span.clone(),
                    "this client sets no User-Agent in its default headers; if the relay's proxy answers 403, add \"User-Agent\": \"curl/8.0\"",
                )
                .severity(Severity::Warning)
                .fix("default headers {\"User-Agent\": \"curl/8.0\"}")
                .autofix(Applicability::Unsafe, add(ctx, call)),
            ),
            (None, Client::Sdk(_)) => {}
            (None, _) => findings.push(
                Finding::new(&RULE, call.span.clone(), "this request sends no User-Agent header; the relay's proxy answers 403 without one")
                    .fix("\"User-Agent\": \"curl/8.0\"")
                    .autofix(Applicability::Unsafe, add(ctx, call)),
            ),
        }
    }
}

/// The header added where the call's others are (or as its client's headers option).
fn add(ctx: &Context<'_>, call: &crate::parse::Call) -> Vec<Edit> {
    call.header_site
        .as_ref()
        .and_then(|site| {
            edit::add_header(
                &ctx.snippet.code,
                ctx.snippet.dialect,
                site,
                "User-Agent",
                USER_AGENT,
            )
        })
        .into_iter()
        .collect()
}

/// An empty User-Agent given a value: curl's `-A ''` or `-H 'User-Agent:'` word, or the empty
/// string of a dict or object entry.
fn refill(ctx: &Context<'_>, span: &Span) -> Vec<Edit> {
    let code = &ctx.snippet.code;
    let edit = match edit::literal_text(code, span) {
        Some(text) => match text.split_once([':', ';']) {
            Some((name, _)) => edit::replace_literal(code, span, &format!("{name}: {USER_AGENT}")),
            None if text.is_empty() => edit::replace_literal(code, span, USER_AGENT),
            None => None,
        },
        // `"User-Agent": ""`: the entry's value is its last two characters.
        None => {
            let source = code.get(span.clone()).unwrap_or_default().trim_end();
            let value = span.start + source.len().saturating_sub(2)..span.start + source.len();
            match source.get(source.len().saturating_sub(2)..) {
                Some("\"\"" | "''") => edit::replace_literal(code, &value, USER_AGENT),
                _ => None,
            }
        }
    };
    edit.into_iter().collect()
}

const USER_AGENT: &str = crate::request::USER_AGENT;
