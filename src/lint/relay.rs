//! What "a request to the relay" means (the URL itself is taken apart in `crate::http::url`).

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, packed};

enum Matcher {
    Packed(packed::Searcher),
    Automaton(AhoCorasick),
}

use crate::catalog::{Catalog, Kind};
use crate::http::url::{RelayUrl, UrlParts, without_query};
use crate::parse::Call;

/// Words every text holding a request to the relay contains: its host, the SDK's name, or an
/// OpenAI-style endpoint, in the spellings code and URLs use. Files and snippets without one are
/// skipped before any parsing.
const TRIGGERS: &[&str] = &[
    "open1",
    "Open1",
    "OPEN1",
    "openai",
    "OpenAI",
    "Openai",
    "OPENAI",
    "/response",
    "/completions",
];

/// Whether `text` holds a trigger word, its own or a client library's of the catalog
/// (`litellm`, `llama_index`). A packed (SIMD) searcher: a case-insensitive automaton would
/// stop at every `o` of English prose.
pub fn mentions_relay(text: &[u8]) -> bool {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    match MATCHER.get_or_init(|| {
        let mut words: Vec<&str> = TRIGGERS.to_vec();
        words.extend(Catalog::shared().triggers());
        words.sort_unstable();
        words.dedup();
        match packed::Searcher::new(&words) {
            Some(searcher) => Matcher::Packed(searcher),
            // No SIMD on this CPU: the automaton.
            None => Matcher::Automaton(AhoCorasick::new(&words).expect("valid patterns")),
        }
    }) {
        Matcher::Packed(searcher) => searcher.find(text).is_some(),
        Matcher::Automaton(automaton) => automaton.is_match(text),
    }
}

/// Whether a snippet can make a request the rules check (see `is_relay_call`), and so is worth
/// parsing: it holds a trigger word (`mentions_relay`) and the makings of such a request — a URL
/// whose host holds `open1` or ends in `openai.com`, a path ending in an OpenAI endpoint, or an
/// SDK client given a base URL (an option, module setting or environment variable the catalog
/// names for one: `base_url`, `api_base`, `openai_api_base`, `baseURL`, LangChain's `basePath`).
/// A snippet whose only trigger is the SDK's name (`import { openai } from '@ai-sdk/openai'`,
/// `from openai import OpenAI` with no base URL) makes none, and is not parsed: on a real docs
/// tree that is most of them. Case is ignored, and
/// an endpoint is looked for after a slash or an opening quote, so a path put together from
/// pieces (`f"{BASE}/{ENDPOINT}"` with `ENDPOINT = "responses"`) is still parsed while the
/// `response` variable of every other snippet is not a reason to; only words spelled with
/// escape sequences are missed, as by the trigger words themselves.
pub fn may_call_relay(code: &[u8]) -> bool {
    static WORDS: OnceLock<AhoCorasick> = OnceLock::new();
    mentions_relay(code)
        && WORDS
            .get_or_init(|| {
                let mut words: Vec<&str> = Catalog::shared().base_url_words().collect();
                words.sort_unstable_by_key(|w| w.to_ascii_lowercase());
                words.dedup_by_key(|w| w.to_ascii_lowercase());
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .build(words.into_iter().chain([
                        "open1",
                        "openai.com",
                        "/response",
                        "'response",
                        "\"response",
                        "`response",
                        "/completions",
                        "'completions",
                        "\"completions",
                        "`completions",
                    ]))
                    .expect("valid patterns")
            })
            .is_match(code)
}

/// Endpoint names of the OpenAI API; a path ending in one of them is a request to an
/// OpenAI-compatible server, whatever the host.
const OPENAI_ENDPOINTS: &[&str] = &[
    "/responses",
    "/response",
    "/chat/completions",
    "/completions",
];

/// Whether a call goes to the relay (or is meant to): the rules check only these.
pub fn is_relay_call(call: &Call) -> bool {
    // An SDK client without a base URL goes to api.openai.com (or wherever OPENAI_BASE_URL
    // says): not the relay's business.
    if let Some(library) = call.client.library() {
        // A config surface (an environment variable, a Codex provider) may set up any
        // OpenAI-compatible server: only one on an open1 host is the relay's.
        if library.kind == Kind::Config {
            return call.url.as_ref().is_some_and(|(url, _)| {
                UrlParts::of(url)
                    .host
                    .is_some_and(|host| host.contains("open1"))
            });
        }
        return call.url.is_some();
    }
    let Some((url, _)) = &call.url else {
        return false;
    };
    let shown = url.display().to_ascii_lowercase();
    let parts = UrlParts::of(url);
    if parts
        .host
        .as_deref()
        .is_some_and(|h| h.contains("open1") || h.ends_with("openai.com"))
    {
        return true;
    }
    let path = without_query(&shown).trim_end_matches('/');
    OPENAI_ENDPOINTS
        .iter()
        .any(|endpoint| path.ends_with(endpoint))
}

/// Whether `code` names the host of a configured base URL (`base-url`, `extra-base-urls`) that
/// the words of [`may_call_relay`] miss (`relay.example.com`): such a snippet is parsed too.
pub fn names_configured_host(code: &[u8], relays: &[RelayUrl]) -> bool {
    // An open1 host is one of `may_call_relay`'s words already: no scan for the default.
    relays
        .iter()
        .filter(|relay| !relay.host.contains("open1"))
        .any(|relay| {
            let host = relay.host.as_bytes();
            !host.is_empty()
                && code
                    .windows(host.len())
                    .any(|window| window.eq_ignore_ascii_case(host))
        })
}

/// Whether a call goes to a configured relay host: checked as a call to the built-in one is,
/// whatever its path (a GET to `/v1/models`, no path at all), a config surface's base URL too.
pub fn goes_to(call: &Call, relays: &[RelayUrl]) -> bool {
    call.url.as_ref().is_some_and(|(url, _)| {
        UrlParts::of(url)
            .host
            .is_some_and(|host| relays.iter().any(|r| r.host == host))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The snippets `may_call_relay` lets through unparsed make no relay call: every snippet
    /// of every fixture, and snippets that name the SDK or build a URL from pieces.
    #[test]
    fn snippets_skipped_unparsed_make_no_relay_call() {
        use crate::extract;
        let mut snippets = Vec::new();
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for entry in ignore::WalkBuilder::new(&fixtures)
            .standard_filters(false)
            .build()
        {
            let path = entry.unwrap().into_path();
            let name = path.display().to_string();
            let (Some(kind), Ok(text)) =
                (extract::FileKind::of(&name), std::fs::read_to_string(&path))
            else {
                continue;
            };
            let file = crate::source::SourceFile::new(&name, text);
            snippets.extend(extract::snippets(&file, kind));
        }
        assert!(snippets.len() > 100, "{} snippets", snippets.len());
        // Each as a Markdown block of its language.
        let made = |language: &str, code: &str| {
            let text = format!("```{language}\n{code}\n```\n");
            let file = crate::source::SourceFile::new("table.md", text);
            extract::snippets(&file, extract::FileKind::Markdown)
        };
        for (language, code, parsed) in [
            (
                "js",
                "import { openai } from '@ai-sdk/openai';\nconst { text } = await generateText({ model: openai('gpt-5') });",
                false,
            ),
            (
                "python",
                "from openai import OpenAI\nclient = OpenAI()\nclient.responses.create(model='gpt-5', input='hi')",
                false,
            ),
            (
                "js",
                "import { openai } from '@ai-sdk/openai';\nconst response = streamText({ model: openai('gpt-5') });\nreturn response.toDataStreamResponse();",
                false,
            ),
            (
                "js",
                "// OpenAI-compatible\nconst endpoint = `responses`;\nawait fetch(`${base}/v1/${endpoint}`, { method: 'POST' });",
                true,
            ),
            (
                "python",
                "from openai import OpenAI\nclient = OpenAI(api_key=KEY)\nclient.models.list()",
                false,
            ),
            (
                "python",
                "import openai, requests\nE = 'Responses'\nrequests.post(f'{BASE}/v1/{E}', json={})",
                true,
            ),
            (
                "js",
                "import OpenAI from 'openai';\nconst client = new OpenAI({ baseURL });",
                true,
            ),
            (
                "python",
                "import openai\nclient = openai.OpenAI(**{'base_url': B})",
                true,
            ),
            (
                "ts",
                "import { ChatOpenAI } from '@langchain/openai';\nnew ChatOpenAI({ configuration: { basePath: BASE } });",
                true,
            ),
            (
                "tsx",
                "const open1 = createOpenAI({ baseURL: process.env.BASE ?? 'https://x/v1' });",
                true,
            ),
            (
                "bash",
                "# OpenAI\ncurl -d '{}' https://API.OPENAI.COM/v1/models",
                true,
            ),
            (
                "python",
                "import litellm\nlitellm.completion(model=M, api_base=BASE, messages=[])",
                true,
            ),
            (
                "python",
                "from llama_index.llms.openai_like import OpenAILike\nllm = OpenAILike(api_base=BASE)",
                true,
            ),
            (
                "python",
                "from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(openai_api_base=BASE)",
                true,
            ),
            ("python", "import openai\nopenai.api_base = BASE", true),
            // Config surfaces: the relay's host in a base URL.
            ("env", "OPENAI_BASE_URL=https://www.open1.codes", true),
            ("bash", "export OPENAI_BASE_URL=https://open1.codes", true),
            (
                "toml",
                "[model_providers.open1]\nbase_url = \"https://www.open1.codes\"",
                true,
            ),
            (
                "yaml",
                "services:\n  a:\n    environment:\n      - OPENAI_BASE_URL=https://www.open1.codes",
                true,
            ),
        ] {
            assert_eq!(may_call_relay(code.as_bytes()), parsed, "{code}");
            snippets.extend(made(language, code));
        }
        for snippet in snippets
            .iter()
            .filter(|s| !may_call_relay(s.code.as_bytes()))
        {
            let parsed = crate::parse::parse(snippet);
            assert!(
                !parsed.calls.iter().any(is_relay_call),
                "skipped, yet calls the relay: {}",
                snippet.code
            );
        }
    }
}
