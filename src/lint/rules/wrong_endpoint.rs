use super::{Context, Finding, Rule, Severity};
use crate::lint::relay::{UrlParts, without_query};
use crate::parse::Client;

pub const RULE: Rule = Rule {
    id: "wrong-endpoint",
    severity: Severity::Error,
    summary: "a URL that is not the relay's https://www.open1.codes/v1/responses",
    explain: include_str!("../../../templates/rules/wrong-endpoint.md"),
    check,
};

fn check(ctx: &Context<'_>, findings: &mut Vec<Finding>) {
    let relays = ctx.config.relays();
    let (scheme, host, prefix) = &relays[0];
    let canonical = format!("{scheme}://{host}{prefix}");
    let endpoint = ctx.config.endpoint.as_str();
    for call in &ctx.calls {
        let Some((url, span)) = &call.url else {
            continue;
        };
        let parts = UrlParts::of(url);
        let sdk = call.client == Client::OpenAiSdk;
        let wanted_path = |prefix: &str| {
            if sdk {
                format!("{prefix}/v1")
            } else {
                format!("{prefix}{endpoint}")
            }
        };
        let right_url = wanted_path(&canonical);
        let mut problems = Vec::new();
        if let Some(found) = &parts.scheme {
            let ok = relays
                .iter()
                .any(|(s, h, _)| s == found && parts.host.as_ref().is_none_or(|found| found == h));
            if found != "https" && !ok {
                problems.push(format!(
                    "uses {found}://, but the relay answers only {scheme}://"
                ));
            }
        }
        if parts.missing_scheme {
            problems.push(format!(
                "has no scheme, so curl and other clients use http://; write {scheme}://"
            ));
        }
        let mut relay_prefix = None;
        if let Some(found) = &parts.host {
            match relays.iter().find(|(_, h, _)| h == found) {
                Some((_, _, p)) => relay_prefix = Some(p.clone()),
                None => problems.push(format!("goes to {found}, not the relay's host {host}")),
            }
        }
        match &parts.path {
            Some(path) if parts.host.is_some() => {
                let expected = wanted_path(relay_prefix.as_deref().unwrap_or(prefix));
                if path != &expected && !(sdk && path == &format!("{expected}/")) {
                    problems.push(path_problem(path, &expected, sdk));
                }
            }
            // A relative URL in browser code: the docs site's reverse proxy.
            Some(path) if !sdk => {
                let expected = format!("{}{endpoint}", ctx.config.proxy_prefix);
                if path != &expected && !path.ends_with(endpoint) {
                    problems.push(path_problem(path, &expected, false));
                }
            }
            _ => {
                // `${BASE_URL}/v1/chat/completions`: only the literal tail is known.
                let tail = without_query(&parts.known_tail);
                if !sdk && url.pieces.len() > 1 && tail.starts_with("/v1/") && tail != endpoint {
                    problems.push(path_problem(tail, endpoint, false));
                }
            }
        }
        if problems.is_empty() {
            continue;
        }
        let message = format!(
            "{} {}",
            if sdk { "this base URL" } else { "this URL" },
            problems.join("; ")
        );
        let mut finding = Finding::new(&RULE, span.clone(), message);
        if url.known().is_some() {
            finding = finding.fix(right_url);
        }
        findings.push(finding);
    }
}

fn path_problem(path: &str, expected: &str, sdk: bool) -> String {
    if sdk {
        return format!(
            "ends in {:?}; an SDK base URL must end in /v1 (the SDK adds /responses)",
            path
        );
    }
    if path.contains("//") {
        return format!("has an empty path segment in {path:?}; the endpoint is {expected}");
    }
    if path.len() > 1 && path.ends_with('/') {
        return format!("ends in a slash ({path:?}); the endpoint is {expected}");
    }
    if path.contains("/chat/completions") || path.ends_with("/completions") {
        return format!(
            "posts to {path}; the relay's snippets use the Responses API at {expected}"
        );
    }
    format!("posts to {path:?}; the endpoint is {expected}")
}
