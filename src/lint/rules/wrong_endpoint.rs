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
    let (host, prefix) = (&relay.host, &relay.prefix);
    let canonical = relay.base();
    let endpoints = ctx.config.endpoints();
    for call in &ctx.calls {
        wire_api(ctx, call, findings);
        apis(ctx, call, findings);
        let Some((url, span)) = &call.url else {
            continue;
        };
        let parts = UrlParts::of(url);
        let library = call.client.library();
        let sdk = library.is_some();
        let method = call.method.as_deref();
        let mut problems = Vec::new();
        // The relay the URL's host is, if it is one: its scheme and prefix are the URL's.
        let matched = parts
            .host
            .as_ref()
            .and_then(|found| relays.iter().find(|r| &r.host == found));
        if let Some(found) = &parts.scheme {
            let wanted = matched.unwrap_or(relay);
            if matched.is_some_and(|r| &r.scheme != found)
                || (matched.is_none() && found != "https")
            {
                problems.push(format!(
                    "uses {found}://, but the relay answers only {}://",
                    wanted.scheme
                ));
            }
        }
        if parts.missing_scheme {
            let wanted = matched.unwrap_or(relay);
            problems.push(format!(
                "has no scheme, so curl and other clients use http://; write {}://",
                wanted.scheme
            ));
        }
        if let Some(found) = &parts.host {
            if matched.is_none() {
                // `myrelay.com` for `www.myrelay.com`: named after the relay it stands for.
                let host = stands_for(found, relays).map_or(host, |r| &r.host);
                problems.push(format!("goes to {found}, not the relay's host {host}"));
            }
        }
        let relay_prefix = matched.map_or(prefix.as_str(), |r| r.prefix.as_str());
        // Whether the path is one the relay serves (an SDK's, its base path): only then is the
        // relay's URL with it a fix for a wrong host or scheme.
        let mut path_served = false;
        match &parts.path {
            Some(path) if parts.host.is_some() => match library {
                Some(library) => {
                    let expected = format!("{relay_prefix}{}", library.base_path);
                    path_served = true;
                    if path != &expected && path != &format!("{expected}/") {
                        problems.push(sdk_path_problem(path, library, call));
                    }
                }
                None => {
                    let served: Vec<String> = endpoints
                        .iter()
                        .map(|e| format!("{relay_prefix}{e}"))
                        .collect();
                    path_served = served.contains(path);
                    if !path_served {
                        problems.push(path_problem(path, &served, method));
                    }
                }
            },
            // A relative URL in browser code: the docs site's reverse proxy.
            Some(path) if !sdk => {
                let proxy = &ctx.config.proxy_prefix;
                let served: Vec<String> = endpoints.iter().map(|e| format!("{proxy}{e}")).collect();
                if !served.contains(path) && !endpoints.iter().any(|e| path.ends_with(e.as_str())) {
                    problems.push(path_problem(path, &served, method));
                }
            }
            _ => {
                // `${BASE_URL}/v1/chat/completions`: only the literal tail is known.
                let tail = without_query(&parts.known_tail);
                if !sdk
                    && url.pieces.len() > 1
                    && tail.starts_with("/v1/")
                    && !endpoints.iter().any(|e| e == tail)
                {
                    problems.push(path_problem(tail, endpoints, method));
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
            let intended = intended(&known, &parts, sdk, relays, endpoints, method);
            // Only a literal that is the whole URL is rewritten (not a path joined to a base).
            let edit = intended.as_deref().and_then(|intended| {
                let code = &ctx.snippet.code;
                (edit::literal_text(code, span) == Some(known.as_str()))
                    .then(|| edit::replace_literal(code, span, intended))
                    .flatten()
            });
            // Another host or scheme with a path the relay serves: the relay's URL with that
            // path. Another path is never swapped for the endpoint: it is another API.
            let fallback = || {
                let path = match library {
                    Some(library) => library.base_path.clone(),
                    None => parts.path.clone()?.strip_prefix(relay_prefix)?.to_owned(),
                };
                path_served.then(|| format!("{canonical}{path}"))
            };
            if let Some(fix) = intended.clone().or_else(fallback) {
                finding = finding.fix(fix);
            }
            finding = finding.autofix(Applicability::Safe, edit.into_iter().collect());
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
    let relay = &ctx.config.relays()[0];
    let served = served(ctx, relay);
    let way = format!("set wire_api = {wanted:?}");
    let who = format!("wire_api is {found:?}, so {}", library.name);
    let message = match found.as_str() {
        "chat" => {
            let path = format!("{}{}/chat/completions", relay.prefix, library.base_path);
            api_problem(&who, &path, &served, Some(&way))
        }
        _ => format!(
            "{who} speaks another API than the relay's; it serves {}: {way}",
            listed(&served)
        ),
    };
    let edit = edit::replace_literal(&ctx.snippet.code, span, wanted);
    findings.push(
        Finding::new(&RULE, span.clone(), message)
            .fix(format!("wire_api = {wanted:?}"))
            .autofix(Applicability::Safe, edit.into_iter().collect()),
    );
}

/// The paths the relay serves, under its prefix.
fn served(ctx: &Context<'_>, relay: &RelayUrl) -> Vec<String> {
    ctx.config
        .endpoints()
        .iter()
        .map(|e| format!("{}{e}", relay.prefix))
        .collect()
}

/// The paths of APIs that generate text, which the Responses API replaces.
const GENERATION_APIS: &[&str] = &["/chat/completions", "/completions"];

/// An SDK client of the relay whose API is not the one the relay serves: the client's own
/// (`ChatOpenAI` posts to /chat/completions) or that of a request made with it
/// (`client.chat.completions.create`). The message says how to reach the Responses API with
/// that library (the catalog's `to_responses`), when the API generates text; there is no
/// autofix: the arguments differ (`messages` for `input`).
fn apis(ctx: &Context<'_>, call: &Call, findings: &mut Vec<Finding>) {
    let Some(library) = call.client.library() else {
        return;
    };
    let Some(relay) = relay_of(call, ctx.config.relays()) else {
        return;
    };
    let served = served(ctx, relay);
    let base = format!("{}{}", relay.prefix, library.base_path);
    let mut report = |who: String, client: &str, path: &str, span: &crate::parse::Span| {
        let full = format!("{base}{path}");
        if served.contains(&full) {
            return;
        }
        let way = (!library.to_responses.is_empty() && GENERATION_APIS.contains(&path))
            .then(|| library.to_responses.replace("{client}", client));
        let message = api_problem(&who, &full, &served, way.as_deref());
        let mut finding = Finding::new(&RULE, span.clone(), message);
        if let Some(way) = way {
            finding = finding.fix(way);
        }
        findings.push(finding);
    };
    if let Some(path) = &call.appends {
        let who = match library.kind {
            crate::catalog::Kind::Sdk => format!("`{}`", &ctx.snippet.code[call.span.clone()]),
            _ => library.name.clone(),
        };
        report(who, "client", path, &call.span);
    }
    for request in &call.requests {
        report(
            format!("`{}`", request.name),
            &request.client,
            &request.path,
            &request.span,
        );
    }
}

/// The relay a client's base URL goes to: one of its hosts, an open1 host, or a variable
/// named for it (`OPEN1_BASE_URL`). Another host (api.openai.com, another vendor's) is not the
/// relay's: what its API is, is not the relay's business.
fn relay_of<'r>(call: &Call, relays: &'r [RelayUrl]) -> Option<&'r RelayUrl> {
    let (url, _) = call.url.as_ref()?;
    match UrlParts::of(url).host {
        Some(host) => relays
            .iter()
            .find(|r| r.host == host)
            .or_else(|| host.contains("open1").then(|| &relays[0])),
        None => url
            .display()
            .to_ascii_lowercase()
            .contains("open1")
            .then(|| &relays[0]),
    }
}

/// `who` posts to `path`, an API the relay does not serve, in words: the API's name when it is
/// a known one, the paths the relay serves, and the way to the Responses API if there is one.
fn api_problem(who: &str, path: &str, served: &[String], way: Option<&str>) -> String {
    let served = listed(served);
    let what = if path.ends_with("/chat/completions") {
        format!(
            "{who} posts to {path}, the Chat Completions API; the relay serves the Responses API at {served}"
        )
    } else if path.ends_with("/completions") {
        format!(
            "{who} posts to {path}, the legacy Completions API; the relay serves the Responses API at {served}"
        )
    } else {
        format!("{who} posts to {path}, which the relay does not serve; it serves {served}")
    };
    match way {
        Some(way) => format!("{what}: {way}"),
        None => what,
    }
}

/// Paths in words: `a`, `a and b`, `a, b and c`.
fn listed(paths: &[String]) -> String {
    match paths {
        [one] => one.clone(),
        [first @ .., last] => format!("{} and {last}", first.join(", ")),
        [] => String::new(),
    }
}

/// The relay a host that is not one stands for, if one: another host of the built-in relay's
/// domain (`open1.codes`, `doc.open1.codes`) or api.openai.com — the configured relay —, and a
/// configured relay's domain with or without `www.` or with another subdomain (`myrelay.com`,
/// `docs.myrelay.com` for `www.myrelay.com`).
fn stands_for<'r>(host: &str, relays: &'r [RelayUrl]) -> Option<&'r RelayUrl> {
    let domain = |host: &'r str| host.strip_prefix("www.").unwrap_or(host);
    let (host_name, _) = host.split_once(':').unwrap_or((host, ""));
    relays
        .iter()
        .find(|r| {
            let (name, _) = r.host.split_once(':').unwrap_or((&r.host, ""));
            let domain = domain(name);
            // A bare IP address or `localhost` has no subdomains.
            let named =
                domain.contains('.') && !domain.bytes().all(|b| b.is_ascii_digit() || b == b'.');
            named && (host_name == domain || host_name.ends_with(&format!(".{domain}")))
        })
        .or_else(|| {
            let builtin =
                host == "open1.codes" || host.ends_with(".open1.codes") || host == "api.openai.com";
            builtin.then(|| &relays[0])
        })
}

/// What is wrong with an SDK's base URL path, in words (`""` is "no path"), with what the
/// client adds to it: the paths of the requests the snippet makes with it, else its own.
fn sdk_path_problem(path: &str, library: &Library, call: &Call) -> String {
    let found = match path {
        "" => "has no path".to_owned(),
        "/" => "has only \"/\" for a path".to_owned(),
        _ => format!("ends in {path:?}"),
    };
    let mut adds: Vec<String> = Vec::new();
    for request in &call.requests {
        if !adds.contains(&request.path) {
            adds.push(request.path.clone());
        }
    }
    if adds.is_empty() {
        adds.push(
            call.appends
                .clone()
                .unwrap_or_else(|| library.appends.clone()),
        );
    }
    format!(
        "{found}; a base URL for {} must end in {} (it adds {})",
        library.name,
        library.base_path,
        listed(&adds)
    )
}

/// What is wrong with a raw request's path, naming the method it is sent with (`sends GET to
/// /v1/models`) and the paths the relay serves.
fn path_problem(path: &str, served: &[String], method: Option<&str>) -> String {
    let served = listed(served);
    if path.is_empty() {
        return format!("has no path; the relay serves {served}");
    }
    if path == "/" {
        return format!("has only \"/\" for a path; the relay serves {served}");
    }
    if path.contains("//") {
        return format!("has an empty path segment in {path:?}; the relay serves {served}");
    }
    if path.len() > 1 && path.ends_with('/') {
        return format!("ends in a slash ({path:?}); the relay serves {served}");
    }
    let sends = match method {
        Some(method) => format!("sends {method} to {path}"),
        None => format!("requests {path}"),
    };
    if path.contains("/chat/completions") {
        return format!(
            "{sends}, the Chat Completions API; the relay serves the Responses API at {served}"
        );
    }
    if path.ends_with("/completions") {
        return format!(
            "{sends}, the legacy Completions API; the relay serves the Responses API at {served}"
        );
    }
    format!("{sends}, which the relay does not serve; it serves {served}")
}

/// The URL the snippet meant, when that is clear: on the relay's host (or a host that stands
/// for it — another open1 host, api.openai.com), a path that is a served path written wrong
/// (an extra or missing slash, a missing `/v1`, a typo) becomes that path, and the scheme the
/// relay's. A path to another API (`/v1/chat/completions`, `/v1/models`) is no typo: no fix.
/// No path at all is the endpoint's, when there is one endpoint and the request is no GET.
fn intended(
    url: &str,
    parts: &UrlParts,
    sdk: bool,
    relays: &[RelayUrl],
    endpoints: &[String],
    method: Option<&str>,
) -> Option<String> {
    let host = parts.host.as_deref()?;
    let relay = relays
        .iter()
        .find(|r| r.host == host)
        .or_else(|| stands_for(host, relays))?;
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
        let no_path = matches!(rest, "" | "/v1");
        let endpoint = match endpoints {
            [one] if no_path && !matches!(method, Some("GET" | "HEAD")) => Some(one),
            _ if no_path => None,
            // The one served path it is a misspelling of.
            _ => {
                let near: Vec<&String> = endpoints
                    .iter()
                    .filter(|e| {
                        e.strip_prefix("/v1") == Some(rest) || strsim::levenshtein(rest, e) <= 2
                    })
                    .collect();
                match near.as_slice() {
                    [one] => Some(*one),
                    _ => None,
                }
            }
        };
        format!("{prefix}{}", endpoint?)
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
        let endpoints = ["/v1/responses".to_owned()];
        let fix = |url: &str, sdk: bool| {
            intended(
                url,
                &UrlParts::of(&Text::lit(url)),
                sdk,
                &relays,
                &endpoints,
                Some("POST"),
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
        assert_eq!(fix("https://www.open1.codes/v1/models", false), None);
        assert_eq!(fix("https://www.open1.codes", false), endpoint);
        assert_eq!(
            intended(
                "https://www.open1.codes",
                &UrlParts::of(&Text::lit("https://www.open1.codes")),
                false,
                &relays,
                &endpoints,
                Some("GET"),
            ),
            None
        );
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

    #[test]
    fn hosts_that_stand_for_a_relay() {
        let relays: Vec<RelayUrl> = ["https://www.myrelay.com", "http://10.0.0.2:8080"]
            .into_iter()
            .map(|url| RelayUrl::parse(url).unwrap())
            .collect();
        let host = |found: &str| stands_for(found, &relays).map(|r| r.host.as_str());
        assert_eq!(host("myrelay.com"), Some("www.myrelay.com"));
        assert_eq!(host("docs.myrelay.com"), Some("www.myrelay.com"));
        assert_eq!(host("api.openai.com"), Some("www.myrelay.com"));
        assert_eq!(host("open1.codes"), Some("www.myrelay.com"));
        assert_eq!(host("notmyrelay.com"), None);
        assert_eq!(host("10.0.0.3:8080"), None);
        assert_eq!(host("example.com"), None);
    }

    #[test]
    fn path_problems_name_the_method_and_describe_no_path_in_words() {
        let served = ["/v1/responses".to_owned()];
        assert_eq!(
            path_problem("/v1/models", &served, Some("GET")),
            "sends GET to /v1/models, which the relay does not serve; it serves /v1/responses"
        );
        assert_eq!(
            path_problem("/v1/chat/completions", &served, Some("POST")),
            "sends POST to /v1/chat/completions, the Chat Completions API; the relay serves the Responses API at /v1/responses"
        );
        assert_eq!(
            path_problem("/v1/embeddings", &served, None),
            "requests /v1/embeddings, which the relay does not serve; it serves /v1/responses"
        );
        assert_eq!(
            path_problem("", &served, Some("POST")),
            "has no path; the relay serves /v1/responses"
        );
        let two = ["/v1/responses".to_owned(), "/v1/models".to_owned()];
        assert_eq!(
            path_problem("/v1/files", &two, Some("GET")),
            "sends GET to /v1/files, which the relay does not serve; it serves /v1/responses and /v1/models"
        );
    }
}
