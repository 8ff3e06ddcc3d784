use super::{Context, Finding, Rule, Severity};
use crate::catalog::Library;
use crate::http::url::{RelayUrl, UrlParts, without_query};
use crate::lint::edit::{self, Applicability};
use crate::parse::Call;

pub const RULE: Rule = Rule {
    id: "wrong-endpoint",
    severity: Severity::Error,
    summary: "a URL that is not the relay's https://www.open1.codes/v1/responses",
    explain: include_str!("../../../templates/rules/wrong-endpoint.md"),
    check,
};

fn check(ctx: &Context<'_>, findings: &mut Vec<Finding>) {
    let relays = ctx.config.relays();
    // The configured relay: what a URL to another host is told to use.
    let relay = &relays[0];
    let (scheme, host, prefix) = (&relay.scheme, &relay.host, &relay.prefix);
    let canonical = relay.base();
    let endpoint = ctx.config.endpoint.as_str();
    for call in &ctx.calls {
        wire_api(ctx, call, findings);
        let Some((url, span)) = &call.url else {
            continue;
        };
        let parts = UrlParts::of(url);
        let library = call.client.library();
        let sdk = library.is_some();
        let wanted_path = |prefix: &str| {
            if let Some(library) = library {
                format!("{prefix}{}", library.base_path)
            } else {
                format!("{prefix}{endpoint}")
            }
        };
        let right_url = wanted_path(&canonical);
        let mut problems = Vec::new();
        if let Some(found) = &parts.scheme {
            let ok = relays
                .iter()
                .any(|r| &r.scheme == found && parts.host.as_ref().is_none_or(|f| *f == r.host));
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
            match relays.iter().find(|r| &r.host == found) {
                Some(r) => relay_prefix = Some(r.prefix.clone()),
                None => problems.push(format!("goes to {found}, not the relay's host {host}")),
            }
        }
        match &parts.path {
            Some(path) if parts.host.is_some() => {
                let expected = wanted_path(relay_prefix.as_deref().unwrap_or(prefix));
                if path != &expected && !(sdk && path == &format!("{expected}/")) {
                    problems.push(path_problem(path, &expected, library));
                }
            }
            // A relative URL in browser code: the docs site's reverse proxy.
            Some(path) if !sdk => {
                let expected = format!("{}{endpoint}", ctx.config.proxy_prefix);
                if path != &expected && !path.ends_with(endpoint) {
                    problems.push(path_problem(path, &expected, None));
                }
            }
            _ => {
                // `${BASE_URL}/v1/chat/completions`: only the literal tail is known.
                let tail = without_query(&parts.known_tail);
                if !sdk && url.pieces.len() > 1 && tail.starts_with("/v1/") && tail != endpoint {
                    problems.push(path_problem(tail, endpoint, None));
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
        if let Some(known) = url.known() {
            let intended = intended(&known, &parts, sdk, relays, endpoint);
            // Only a literal that is the whole URL is rewritten (not a path joined to a base).
            let edit = intended.as_deref().and_then(|intended| {
                let code = &ctx.snippet.code;
                (edit::literal_text(code, span) == Some(known.as_str()))
                    .then(|| edit::replace_literal(code, span, intended))
                    .flatten()
            });
            finding = finding
                .fix(intended.unwrap_or(right_url))
                .autofix(Applicability::Safe, edit.into_iter().collect());
        }
        findings.push(finding);
    }
}

/// A client told to speak another API than the one the relay serves (Codex's `wire_api`).
fn wire_api(ctx: &Context<'_>, call: &Call, findings: &mut Vec<Finding>) {
    let (Some(library), Some((found, span))) = (call.client.library(), &call.wire_api) else {
        return;
    };
    let Some(wanted) = library.wire_api.as_deref().filter(|w| w != found) else {
        return;
    };
    let message = format!(
        "wire_api is {found:?}, so {} posts to {}; the relay serves only /v1/responses: set wire_api = {wanted:?}",
        library.name,
        match found.as_str() {
            "chat" => "/chat/completions",
            _ => "another API",
        }
    );
    let edit = edit::replace_literal(&ctx.snippet.code, span, wanted);
    findings.push(
        Finding::new(&RULE, span.clone(), message)
            .fix(format!("wire_api = {wanted:?}"))
            .autofix(Applicability::Safe, edit.into_iter().collect()),
    );
}

fn path_problem(path: &str, expected: &str, sdk: Option<&Library>) -> String {
    if let Some(library) = sdk {
        return format!(
            "ends in {:?}; a base URL for {} must end in {} (it adds {})",
            path, library.name, library.base_path, library.appends
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

/// The URL the snippet meant, when that is clear: on the relay's host (or a host that stands
/// for it — another open1 host, api.openai.com), a path that is the endpoint written wrong
/// (an extra or missing slash, a missing `/v1`, a typo) becomes the endpoint, and the scheme
/// the relay's. A path to another API (`/v1/chat/completions`) is no typo: no fix.
fn intended(
    url: &str,
    parts: &UrlParts,
    sdk: bool,
    relays: &[RelayUrl],
    endpoint: &str,
) -> Option<String> {
    let host = parts.host.as_deref()?;
    let relay = relays.iter().find(|r| r.host == host).or_else(|| {
        let stands_for_relay =
            host == "open1.codes" || host.ends_with(".open1.codes") || host == "api.openai.com";
        stands_for_relay.then(|| &relays[0])
    })?;
    let (scheme, host, prefix) = (&relay.scheme, &relay.host, &relay.prefix);
    let path = parts.path.as_deref()?;
    let mut normal = String::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        normal.push('/');
        normal.push_str(segment);
    }
    let rest = normal.strip_prefix(prefix.as_str()).unwrap_or(&normal);
    let wanted = if sdk {
        // The base URL, or it with the path a library appends (`/responses`, or
        // `/chat/completions` for LangChain, LlamaIndex, litellm).
        let base = matches!(
            rest,
            "" | "/v1"
                | "/v1/responses"
                | "/responses"
                | "/v1/chat/completions"
                | "/chat/completions"
        );
        base.then(|| format!("{prefix}/v1"))?
    } else {
        let near = strsim::levenshtein(rest, endpoint) <= 2;
        let clear = near || matches!(rest, "" | "/v1" | "/responses");
        clear.then(|| format!("{prefix}{endpoint}"))?
    };
    let query = url.find(['?', '#']).map_or("", |at| &url[at..]);
    let fixed = format!("{scheme}://{host}{wanted}{query}");
    (fixed != url).then_some(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::Text;

    #[test]
    fn intended_urls() {
        let relays = [RelayUrl {
            scheme: "https".to_owned(),
            host: "www.open1.codes".to_owned(),
            prefix: String::new(),
        }];
        let fix = |url: &str, sdk: bool| {
            intended(
                url,
                &UrlParts::of(&Text::lit(url)),
                sdk,
                &relays,
                "/v1/responses",
            )
        };
        let endpoint = Some("https://www.open1.codes/v1/responses".to_owned());
        assert_eq!(fix("http://www.open1.codes/v1/responses", false), endpoint);
        assert_eq!(fix("www.open1.codes/v1/responses", false), endpoint);
        assert_eq!(fix("https://open1.codes/v1/responses/", false), endpoint);
        assert_eq!(
            fix("https://www.open1.codes//v1/responses", false),
            endpoint
        );
        assert_eq!(fix("https://www.open1.codes/v1/response", false), endpoint);
        assert_eq!(fix("https://api.openai.com/v1/responses", false), endpoint);
        assert_eq!(
            fix("https://www.open1.codes/v1/chat/completions", false),
            None
        );
        assert_eq!(fix("https://example.com/v1/responses", false), None);
        assert_eq!(fix("https://www.open1.codes/v1/responses", false), None);
        assert_eq!(
            fix("https://www.open1.codes", true),
            Some("https://www.open1.codes/v1".to_owned())
        );
        assert_eq!(
            fix("https://www.open1.codes/v1/chat/completions", true),
            Some("https://www.open1.codes/v1".to_owned())
        );
        assert_eq!(
            fix("http://www.open1.codes/v1/responses?x=1", false),
            Some("https://www.open1.codes/v1/responses?x=1".to_owned())
        );
    }
}
