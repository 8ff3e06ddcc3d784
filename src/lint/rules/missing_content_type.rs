use super::{Context, Finding, Rule, Severity};
use crate::lint::edit::{self, Applicability};
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
                .fix("-H \"Content-Type: application/json\"")
                .autofix(Applicability::Safe, add(ctx, call)),
            ),
            Some(header) => {
                let value = header.value.known_prefix().to_ascii_lowercase();
                if header.value.known().is_some() && !value.trim_start().starts_with("application/json") {
                    findings.push(
                        Finding::new(&RULE, header.span.clone(), format!("the body is JSON but Content-Type is {:?}", header.value.display()))
                            .fix("Content-Type: application/json")
                            .autofix(Applicability::Safe, replace(ctx, &header.span)),
                    );
                }
            }
        }
    }
}

/// `-H "Content-Type: application/json"` next to the command's other headers.
fn add(ctx: &Context<'_>, call: &crate::parse::Call) -> Vec<edit::Edit> {
    let code = &ctx.snippet.code;
    call.header_site
        .as_ref()
        .and_then(|site| {
            edit::add_header(
                code,
                ctx.snippet.dialect,
                site,
                "Content-Type",
                "application/json",
            )
        })
        .into_iter()
        .collect()
}

/// The `-H` word's value replaced, its header name kept as written.
fn replace(ctx: &Context<'_>, span: &crate::parse::Span) -> Vec<edit::Edit> {
    let code = &ctx.snippet.code;
    edit::literal_text(code, span)
        .and_then(|text| text.split_once(':'))
        .and_then(|(name, _)| {
            edit::replace_literal(code, span, &format!("{name}: application/json"))
        })
        .into_iter()
        .collect()
}
