use super::{Context, Finding, Rule, Severity};
use crate::http::url::UrlParts;
use crate::parse::Client;

pub const RULE: Rule = Rule {
    id: "browser-cross-origin",
    severity: Severity::Warning,
    summary: "browser JavaScript calling the relay's absolute URL: the browser blocks it",
    explain: include_str!("../../../templates/rules/browser-cross-origin.md"),
    check,
};

fn check(ctx: &Context<'_>, findings: &mut Vec<Finding>) {
    if !ctx.parsed.in_browser {
        return;
    }
    for call in &ctx.calls {
        if call.client != Client::JavaScriptHttp {
            continue;
        }
        let Some((url, span)) = &call.url else {
            continue;
        };
        let Some(host) = UrlParts::of(url).host else {
            continue;
        };
        if ctx.config.relays().iter().any(|relay| relay.host == host) || host.contains("open1") {
            let proxy = format!("{}/v1/responses", ctx.config.proxy_prefix);
            let message = format!(
                "browsers block this cross-origin request to {host}; call the docs site's reverse proxy {proxy} instead (run such code from Node.js 18+ otherwise)"
            );
            findings.push(Finding::new(&RULE, span.clone(), message).fix(proxy));
        }
    }
}
