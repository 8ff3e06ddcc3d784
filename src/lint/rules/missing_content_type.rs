use super::{Context, Finding, Rule, Severity};
use crate::parse::Client;

pub const RULE: Rule = Rule {
    id: "missing-content-type",
    severity: Severity::Error,
    summary: "curl sends a JSON body without Content-Type: application/json",
    explain: include_str!("../../../templates/rules/missing-content-type.md"),
    check,
};

fn check(ctx: &Context<'_>, findings: &mut Vec<Finding>) {
    for call in &ctx.calls {
        if call.client != Client::Curl || call.json_flag {
            continue;
        }
        let (Some(body), Some(headers)) = (&call.body, &call.headers) else {
            continue;
        };
        match headers.iter().rev().find(|h| h.name.eq_ignore_ascii_case("content-type")) {
            None => findings.push(
                Finding::new(
                    &RULE,
                    body.span.clone(),
                    "curl sends this body as application/x-www-form-urlencoded: add -H \"Content-Type: application/json\"",
                )
                .fix("-H \"Content-Type: application/json\""),
            ),
            Some(header) => {
                let value = header.value.known_prefix().to_ascii_lowercase();
                if header.value.known().is_some() && !value.trim_start().starts_with("application/json") {
                    findings.push(
                        Finding::new(&RULE, header.span.clone(), format!("the body is JSON but Content-Type is {:?}", header.value.display()))
                            .fix("Content-Type: application/json"),
                    );
                }
            }
        }
    }
}
