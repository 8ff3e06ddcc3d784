//! From a snippet to the requests it makes, with tree-sitter's error-tolerant parsers for bash,
//! Python, JavaScript and TypeScript.
//!
//! Each language file walks its syntax tree once, keeping the simple assignments it meets
//! (`BASE_URL = "…"`, `const headers = {…}`, `API=…`, `session.headers.update(…)`), and turns
//! every HTTP call it recognises — curl, requests, httpx, aiohttp, urllib, http.client, fetch,
//! axios, the openai SDKs — into a [`Call`]: the URL, headers, body and model it sends, each with
//! the span of the token it came from. Values the snippet does not define (an environment
//! variable, a function parameter) stay [`Piece::Var`]: rules say nothing about what they cannot
//! see.
//!
//! Config surfaces — shell and dotenv environment variables, Docker Compose `environment:`,
//! a Codex CLI `config.toml` — become calls too: of a `config` library of the catalog, whose
//! base URL, key and model are checked as an SDK client's are.

mod codex;
mod compose;
mod dotenv;
mod environment;
mod javascript;
mod python;
pub mod shell;
mod text;
mod value;

use std::collections::HashMap;
use std::ops::Range;

pub use environment::is_variable_name;
pub use text::{Piece, Text};

use crate::catalog::Library;
use crate::extract::{Dialect, Snippet, Syntax};

/// How deeply nested an expression the parsers evaluate; deeper parts are unknown.
const MAX_DEPTH: usize = 64;

/// A byte range in a snippet's code.
pub type Span = Range<usize>;

/// What makes the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Client {
    Curl,
    /// requests, httpx, aiohttp, urllib, http.client
    PythonHttp,
    /// fetch, axios and the like
    JavaScriptHttp,
    /// A client library of the catalog (`templates/clients.toml`) configured with a base URL:
    /// the openai SDKs, the AI SDK, LangChain… Its call is the client's making: its base URL,
    /// key and default headers.
    Sdk(&'static Library),
}

impl Client {
    /// The SDK library, for a client configured with a base URL.
    pub fn library(self) -> Option<&'static Library> {
        match self {
            Client::Sdk(library) => Some(library),
            _ => None,
        }
    }

    pub fn is_sdk(self) -> bool {
        self.library().is_some()
    }
}

#[derive(Debug, Clone)]
pub struct Header {
    pub name: String,
    pub value: Text,
    /// The header's token: a curl `-H` word, a dict or object entry.
    pub span: Span,
    /// Where the value was written when it flowed from elsewhere in the snippet (`auth =
    /// "Bearer {KEY}"` … `{"Authorization": auth}`): the literal assigned, outside `span`.
    pub origin: Option<Span>,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub text: String,
    pub span: Span,
    /// Byte `i` of `text` stands at `span.start + i` in the code (a literal with no escapes), so
    /// positions inside the body can be reported exactly.
    pub verbatim: bool,
}

/// Where a header can be added to a call, in its own syntax (for `lint --fix`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderSite {
    /// curl: a new `-H` option goes right after this word (the last header option's value).
    After(Span),
    /// curl: a new `-H` option goes right before this word (the first data option).
    Before(Span),
    /// A dict or object literal holding the headers: a new entry goes before its closing brace.
    Entries(Span),
    /// No headers yet: an entry `name` holding the headers goes into this argument list or
    /// options object (`headers=`, `default_headers=`, `headers:`, `defaultHeaders:`).
    Option { span: Span, name: &'static str },
}

#[derive(Debug, Clone)]
pub struct Call {
    pub client: Client,
    /// The call or command name, where "this request" is reported.
    pub span: Span,
    /// The URL, or for an SDK client its base URL.
    pub url: Option<(Text, Span)>,
    /// The HTTP method a raw request sends (`GET`, `POST`, uppercase), when the snippet shows
    /// it: curl's `-X`, or `-G`/`-I`/data; `requests.get`; fetch's `method:`. `None` for an SDK
    /// client and when it is unknown.
    pub method: Option<String>,
    /// Every header the call sends, as far as the snippet shows; `None` when some come from
    /// where the snippet does not show (a parameter, a spread of an unknown object).
    pub headers: Option<Vec<Header>>,
    /// curl only: `-A ''` or `-H 'User-Agent:'`, which removes curl's own User-Agent.
    pub user_agent_removed: Option<Span>,
    /// curl only: `-H 'Authorization:'`, which sends no Authorization header at all.
    pub authorization_removed: Option<Span>,
    /// curl only: the value of `-u`/`--user` or `--oauth2-bearer`, which make curl send an
    /// Authorization header (Basic or Bearer) that no `-H` shows.
    pub credential: Option<(Text, Span)>,
    /// curl: the `-d`/`--data*`/`--json` body; others: a JSON text sent as the body.
    pub body: Option<Body>,
    /// curl `--json` (sets Content-Type itself).
    pub json_flag: bool,
    pub model: Option<(String, Span)>,
    /// An SDK client's `api_key` / `apiKey`.
    pub api_key: Option<(Text, Span)>,
    /// Where a missing header can be added, when the snippet shows one clear place.
    pub header_site: Option<HeaderSite>,
    /// The API the client is told to speak (Codex's `wire_api`), for libraries that declare
    /// the one the relay needs.
    pub wire_api: Option<(String, Span)>,
    /// The name of the environment variable the key is read from (Codex's `env_key`), as
    /// written.
    pub key_variable: Option<(String, Span)>,
    /// An SDK client's own path after its base URL (`/chat/completions` for LangChain's
    /// `ChatOpenAI`, `/responses` once told `use_responses_api=True`): the catalog's `appends`
    /// unless the constructor or an option says otherwise; `None` when an option the snippet
    /// does not show decides it.
    pub appends: Option<String>,
    /// The requests the snippet makes with this client, each with the path its API posts to
    /// (`client.chat.completions.create(…)`: `/chat/completions`).
    pub requests: Vec<ApiRequest>,
}

/// A request made with an SDK client, by calling one of its APIs.
#[derive(Debug, Clone)]
pub struct ApiRequest {
    /// The called name as written (`client.chat.completions.create`).
    pub name: String,
    /// The client's name in it (`client`, `self.client`); `client` when it is made right
    /// there (`OpenAI(…).chat.completions.create`).
    pub client: String,
    /// What the client's base URL is followed by (`/chat/completions`).
    pub path: String,
    /// The called name's span, where the request is reported.
    pub span: Span,
}

impl Call {
    fn new(client: Client, span: Span) -> Self {
        Call {
            client,
            span,
            url: None,
            method: None,
            headers: Some(Vec::new()),
            user_agent_removed: None,
            authorization_removed: None,
            credential: None,
            body: None,
            json_flag: false,
            model: None,
            api_key: None,
            header_site: None,
            wire_api: None,
            key_variable: None,
            appends: client.library().map(|library| library.appends.clone()),
            requests: Vec::new(),
        }
    }

    /// The call, found in a part of the code (a here-document's body) that starts at `offset`.
    fn shifted(mut self, offset: usize) -> Call {
        let shift = |span: &mut Span| *span = span.start + offset..span.end + offset;
        shift(&mut self.span);
        for (_, span) in [&mut self.url, &mut self.api_key, &mut self.credential]
            .into_iter()
            .flatten()
        {
            shift(span);
        }
        for (_, span) in [&mut self.model, &mut self.wire_api, &mut self.key_variable]
            .into_iter()
            .flatten()
        {
            shift(span);
        }
        for header in self.headers.iter_mut().flatten() {
            shift(&mut header.span);
        }
        for request in &mut self.requests {
            shift(&mut request.span);
        }
        for span in [
            &mut self.user_agent_removed,
            &mut self.authorization_removed,
        ]
        .into_iter()
        .flatten()
        {
            shift(span);
        }
        if let Some(body) = &mut self.body {
            shift(&mut body.span);
        }
        match &mut self.header_site {
            Some(
                HeaderSite::After(span)
                | HeaderSite::Before(span)
                | HeaderSite::Entries(span)
                | HeaderSite::Option { span, .. },
            ) => shift(span),
            None => {}
        }
        self
    }

    /// The header named `name` (case-insensitively), if the call is known to send it.
    pub fn header(&self, name: &str) -> Option<&Header> {
        self.headers
            .as_ref()?
            .iter()
            .rev()
            .find(|h| h.name.eq_ignore_ascii_case(name))
    }
}

/// What a snippet does, as far as the rules care.
#[derive(Debug, Default)]
pub struct Parsed {
    pub calls: Vec<Call>,
    /// Uses `document` or `window`: the code runs in a browser.
    pub in_browser: bool,
    /// Models named outside a call's body (`client.responses.create(model=…)`).
    pub models: Vec<(String, Span)>,
}

pub fn parse(snippet: &Snippet) -> Parsed {
    let mut parsed = match snippet.dialect {
        Dialect::Shell => shell::parse(&snippet.code),
        Dialect::Python => python::parse(&snippet.code),
        Dialect::JavaScript => javascript::parse(&snippet.code, snippet.syntax),
        Dialect::Dotenv => dotenv::parse(&snippet.code),
        Dialect::Yaml => compose::parse(&snippet.code),
        Dialect::Toml => codex::parse(&snippet.code),
    };
    parsed.in_browser |= snippet.in_browser;
    parsed
}

/// Records on the client `call` the request that calling `names` on it makes
/// (`chat.completions.create`), written as `called` at `span`, when its library names the API;
/// whether it does.
fn record_request(call: &mut Call, names: &[String], called: &str, span: Span) -> bool {
    let Some(library) = call.client.library() else {
        return false;
    };
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let Some((_, path)) = library.api(&names) else {
        return false;
    };
    let (name, client) = called_name(called, &names);
    call.requests.push(ApiRequest {
        name,
        client,
        path: path.to_owned(),
        span,
    });
    true
}

/// A called name as messages show it, and its client's part (`self.client` of
/// `self.client.chat.completions.create`, whose names after the client are `names`). A client
/// made in place is shown by its constructor (`OpenAI(…).chat.completions.create`) and named
/// "client" in advice.
fn called_name(called: &str, names: &[&str]) -> (String, String) {
    let after = format!(".{}", names.join("."));
    let Some(client) = called.strip_suffix(after.as_str()) else {
        return (called.to_owned(), "client".to_owned());
    };
    let plain = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'$';
    if client.bytes().all(plain) {
        return (called.to_owned(), client.to_owned());
    }
    let constructor = client
        .find('(')
        .map(|at| client[..at].trim())
        .filter(|c| c.bytes().all(|b| plain(b) || b == b' '))
        .unwrap_or("client");
    (format!("{constructor}(…){after}"), "client".to_owned())
}

/// Whether the snippet's code has a syntax error (for `--fix`, which must not add one).
pub fn has_syntax_error(snippet: &Snippet) -> bool {
    let code = &snippet.code;
    let tree = match snippet.dialect {
        Dialect::Shell => shell::syntax_tree(code),
        Dialect::Python => python::syntax_tree(code),
        Dialect::JavaScript => javascript::syntax_tree(code, snippet.syntax),
        Dialect::Dotenv => return dotenv::has_syntax_error(code),
        Dialect::Yaml => return compose::has_syntax_error(code),
        Dialect::Toml => return codex::has_syntax_error(code),
    };
    tree.is_none_or(|tree| tree.root_node().has_error())
}

/// The tree-sitter grammar a dialect is parsed with; config formats have their own parsers.
fn grammar(dialect: Dialect) -> Option<tree_sitter::Language> {
    Some(match dialect {
        Dialect::Shell => tree_sitter_bash::LANGUAGE.into(),
        Dialect::Python => tree_sitter_python::LANGUAGE.into(),
        Dialect::JavaScript => script_grammar(Syntax::JavaScript),
        Dialect::Dotenv | Dialect::Yaml | Dialect::Toml => return None,
    })
}

/// The tree-sitter grammar of a JavaScript syntax.
fn script_grammar(syntax: Syntax) -> tree_sitter::Language {
    match syntax {
        Syntax::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
        Syntax::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        Syntax::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
    }
}

/// Parses `code` with a tree-sitter grammar. Parsers are not `Sync`, so each thread keeps one
/// per grammar and reuses it.
fn tree(language: tree_sitter::Language, code: &str) -> Option<tree_sitter::Tree> {
    thread_local! {
        static PARSERS: std::cell::RefCell<Vec<(tree_sitter::Language, tree_sitter::Parser)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    // tree-sitter allocates through C's malloc unless told otherwise; mimalloc (also the
    // binary's Rust allocator) makes its many small allocations cheaper. Set once, before the
    // first parser exists, so nothing is freed by another allocator than the one that made it.
    // Not under the fuzzer, whose address sanitizer watches C's malloc.
    #[cfg(not(fuzzing))]
    {
        static ALLOCATOR: std::sync::Once = std::sync::Once::new();
        ALLOCATOR.call_once(|| {
            // SAFETY: runs before any tree-sitter object is created (every parser is made
            // below), and the four functions are mimalloc's, which pair with each other.
            unsafe {
                tree_sitter::set_allocator(
                    Some(libmimalloc_sys::mi_malloc),
                    Some(libmimalloc_sys::mi_calloc),
                    Some(libmimalloc_sys::mi_realloc),
                    Some(libmimalloc_sys::mi_free),
                )
            }
        });
    }
    PARSERS.with_borrow_mut(|parsers| {
        let index = match parsers.iter().position(|(l, _)| *l == language) {
            Some(index) => index,
            None => {
                let mut parser = tree_sitter::Parser::new();
                parser.set_language(&language).ok()?;
                parsers.push((language, parser));
                parsers.len() - 1
            }
        };
        parsers[index].1.parse(code, None)
    })
}

/// A node's child by field name. tree-sitter's `child_by_field_name` compares the name with
/// each of the grammar's field names on every call (a tenth of a JavaScript snippet's parse);
/// here each grammar's names are mapped to their ids once.
trait Field<'tree> {
    fn field(&self, name: &str) -> Option<tree_sitter::Node<'tree>>;
}

impl<'tree> Field<'tree> for tree_sitter::Node<'tree> {
    fn field(&self, name: &str) -> Option<tree_sitter::Node<'tree>> {
        type Fields = (tree_sitter::Language, HashMap<&'static str, u16>);
        static GRAMMARS: std::sync::LazyLock<Vec<Fields>> = std::sync::LazyLock::new(|| {
            [Dialect::Shell, Dialect::Python]
                .into_iter()
                .filter_map(grammar)
                .chain([Syntax::JavaScript, Syntax::TypeScript, Syntax::Tsx].map(script_grammar))
                .map(|language| {
                    let fields = (1..=u16::try_from(language.field_count()).unwrap_or(u16::MAX))
                        .filter_map(|id| Some((language.field_name_for_id(id)?, id)))
                        .collect();
                    (language, fields)
                })
                .collect()
        });
        let language = self.language();
        let id = GRAMMARS
            .iter()
            .find(|(known, _)| *known == *language)
            .and_then(|(_, fields)| fields.get(name));
        match id {
            Some(&id) => self.child_by_field_id(id),
            None => self.child_by_field_name(name),
        }
    }
}

/// Visits every node below and including `node`, depth first, in source order, with one cursor
/// and no allocation.
fn walk(node: tree_sitter::Node<'_>, visit: &mut impl FnMut(tree_sitter::Node<'_>)) {
    let mut cursor = node.walk();
    loop {
        visit(cursor.node());
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}
