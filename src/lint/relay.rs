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
/// OpenAI-style endpoint, in the spellings code and URLs use — these, and the trigger words of
/// the client catalog (`templates/clients.toml`: `createOpenAI`, `langchain`, `litellm`…).
/// Files and snippets without one are skipped before any parsing.
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

/// What every key starts with: a file that holds no trigger word is still read when it holds a
/// real-looking key (`KEY = "sk-…"` alone is a leaked key).
const KEY_PREFIX: &str = "sk-";

/// The prefilter's words: the fixed ones, the catalog's, and the key prefix last. A word that
/// holds another (`createOpenAI` holds `OpenAI`) adds nothing, and is left out: the packed
/// searcher is fastest with few patterns.
fn prefilter_words() -> Vec<String> {
    let mut words: Vec<String> = TRIGGERS.iter().map(|w| (*w).to_owned()).collect();
    for word in crate::catalog::Catalog::shared().triggers() {
        if !words.iter().any(|w| word.contains(w.as_str())) {
            words.retain(|w| !w.contains(word));
            words.push(word.to_owned());
        }
    }
    words.push(KEY_PREFIX.to_owned());
    words
}

/// The prefilter's searcher over [`prefilter_words`] (the key prefix is the last pattern). A
/// packed (SIMD) searcher: a case-insensitive automaton would stop at every `o` of English
/// prose.
fn matcher() -> &'static (Matcher, usize) {
    static MATCHER: OnceLock<(Matcher, usize)> = OnceLock::new();
    MATCHER.get_or_init(|| {
        let words = prefilter_words();
        let key = words.len() - 1;
        let matcher = match packed::Searcher::new(&words) {
            Some(searcher) => Matcher::Packed(searcher),
            // No SIMD on this CPU: the automaton.
            None => Matcher::Automaton(AhoCorasick::new(&words).expect("valid patterns")),
        };
        (matcher, key)
    })
}

/// Whether `text` holds a trigger word, or (with `keys`) a real-looking key; one pass.
fn prefilter(text: &[u8], keys: bool) -> bool {
    let (matcher, key) = matcher();
    let hit = |pattern: usize, start: usize| match pattern == *key {
        true => keys && crate::secret::key_at(text, start),
        false => true,
    };
    match matcher {
        Matcher::Packed(searcher) => searcher
            .find_iter(text)
            .any(|m| hit(m.pattern().as_usize(), m.start())),
        Matcher::Automaton(automaton) => automaton
            .find_iter(text)
            .any(|m| hit(m.pattern().as_usize(), m.start())),
    }
}

/// Whether `text` holds a trigger word.
pub fn mentions_relay(text: &[u8]) -> bool {
    prefilter(text, false)
}

/// Whether a file's bytes are worth decoding and reading: they hold a trigger word or a
/// real-looking key. Most files hold neither, and are dropped unread after this one pass.
pub fn worth_reading(bytes: &[u8]) -> bool {
    prefilter(bytes, true)
}

/// Whether a fix may touch a snippet, before or after it is made: it mentions the relay, holds
/// a key candidate, or the environment variable leaked-key's fixes read the key from. `--fix`
/// counts the syntax errors of these snippets, so no fix leaves one broken.
pub fn fix_may_touch(code: &[u8]) -> bool {
    mentions_relay(code)
        || memchr::memmem::find(code, KEY_PREFIX.as_bytes()).is_some()
        || memchr::memmem::find(code, b"OPEN1_API_KEY").is_some()
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
                match UrlParts::of(url).host {
                    Some(host) => host.contains("open1"),
                    // A variable's name where the URL goes, in a file read as written
                    // (`base_url = "$OPEN1_BASE_URL/v1"`): meant for the relay by its name.
                    None => {
                        let shown = url.display().to_ascii_lowercase();
                        shown.starts_with('$') && shown.contains("open1")
                    }
                }
            });
        }
        // An SDK pointed at another vendor's server (`baseURL: "https://api.perplexity.ai"`)
        // is not the relay's business either; one at an open1 host, api.openai.com, or a base
        // URL the snippet does not show (a variable) is checked; a text that is no URL at all
        // (`"your-truefoundry-base-url"`) is a placeholder for another server. Configured
        // relay hosts are matched by `goes_to`.
        return call
            .url
            .as_ref()
            .is_some_and(|(url, _)| match UrlParts::of(url).host {
                Some(host) => host.contains("open1") || host.ends_with("openai.com"),
                None => url
                    .known()
                    .is_none_or(|text| text.to_ascii_lowercase().contains("open1")),
            });
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

    /// The prefilter's words grow with the catalog (a word holding another is left out), and a
    /// file is read for a real-looking key alone, not for every `sk-` of prose.
    #[test]
    fn prefilter_words_come_from_the_catalog_and_keys() {
        let words = prefilter_words();
        for word in [
            "open1",
            "openai",
            "OpenAI",
            "langchain",
            "llama_index",
            "litellm",
        ] {
            assert!(words.iter().any(|w| w == word), "{word}: {words:?}");
        }
        assert!(
            !words
                .iter()
                .any(|w| w == "createOpenAI" || w == "ChatOpenAI")
        );
        assert_eq!(words.last().map(String::as_str), Some(KEY_PREFIX));
        assert!(mentions_relay(b"import litellm"));
        assert!(!mentions_relay(b"KEY = 'sk-q8Ww3ZrT5yLp0VnB7xKc2MfH9dJs'"));
        assert!(worth_reading(b"KEY = 'sk-q8Ww3ZrT5yLp0VnB7xKc2MfH9dJs'"));
        assert!(!worth_reading(
            b"a task-list, sk-xxxxxxxxxxxxxxxxxxxxxxxx and sk-..."
        ));
        assert!(may_call_relay(
            b"import litellm\nlitellm.completion(model=M, api_base=B)"
        ));
    }

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
