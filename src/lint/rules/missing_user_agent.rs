use super::{Context, Finding, Rule, Severity};
use crate::parse::Client;

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
                    .fix("-H \"User-Agent: curl/8.0\""),
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
                    .fix("\"User-Agent\": \"curl/8.0\""),
            ),
            (Some(_), _) => {}
            (None, Client::OpenAiSdk) => findings.push(
                Finding::new(
                    &RULE,
                    call.span.clone(),
                    "this client sets no User-Agent in its default headers; if the relay's proxy answers 403, add \"User-Agent\": \"curl/8.0\"",
                )
                .severity(Severity::Warning)
                .fix("default headers {\"User-Agent\": \"curl/8.0\"}"),
            ),
            (None, _) => findings.push(
                Finding::new(&RULE, call.span.clone(), "this request sends no User-Agent header; the relay's proxy answers 403 without one")
                    .fix("\"User-Agent\": \"curl/8.0\""),
            ),
        }
    }
}
