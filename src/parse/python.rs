//! Python: raw HTTP calls (requests, httpx, aiohttp, urllib, urllib3, http.client) and the
//! clients of SDKs and frameworks (openai, LangChain, LlamaIndex, litellm, DSPy, CrewAI), as
//! the client catalog (`templates/clients.toml`) describes them.
//!
//! A name is looked up in the catalog by where it comes from: the walk records what each
//! import binds (`from llama_index.llms.openai import OpenAI` makes `OpenAI` LlamaIndex's, not
//! the openai SDK's), and a name imported from a module no library has is none of the
//! catalog's. A name the snippet does not import (a fragment of a page) is taken by its spelling.

use std::collections::HashMap;

use tree_sitter::Node;

use super::value::{
    Budget, Object, Session, Value, capped, client_appends, merge_headers, unknown_name,
};
use super::{Body, Call, Client, Field, Header, HeaderSite, Parsed, Piece, Span, Text, tree, walk};
use crate::catalog::{Catalog, Kind, Language, Library, Setting};
use crate::literal::{python_raw, unescape};

#[derive(Default)]
struct State<'a> {
    code: &'a str,
    variables: HashMap<String, Value>,
    /// What each name an import binds stands for, dotted (`import httpx as h`: `h` → `httpx`;
    /// `from openai import OpenAI as O`: `O` → `openai.OpenAI`).
    imports: HashMap<String, String>,
    /// Sessions made in the snippet, with the library that made each.
    sessions: Vec<(Session, &'static Library)>,
    /// The environment variables the snippet sets (`os.environ["OPENAI_BASE_URL"] = …`).
    environment: HashMap<String, Value>,
    /// The client a module's own settings make (`openai.base_url = …`): its index in the
    /// calls, by library id.
    module_clients: HashMap<&'static str, usize>,
    /// Names bound to an SDK client made here (`client = OpenAI(…)`, `self.client = …`): its
    /// index in the calls.
    clients: HashMap<String, usize>,
    /// What may still be copied from variables and sessions.
    budget: Budget,
    /// How deep `eval` is: expressions nested deeper are unknown (no stack overflow on
    /// `{"a": {"a": …}}` ten thousand levels down).
    depth: usize,
    /// Calls already recorded while evaluating an assignment (`req = Request(…)`).
    recorded: std::collections::HashSet<usize>,
    parsed: Parsed,
}

/// A raw HTTP request's library, how it is made, and whether its first argument is the HTTP
/// method (`request("POST", url, …)`, as the catalog's `method_first` says).
#[derive(Clone, Copy)]
struct Target {
    library: &'static Library,
    via: Via,
    method_first: bool,
    /// The HTTP method the function's name says (`post` → POST), if it says one.
    verb: Option<&'static str>,
}

/// The HTTP method a function named after one sends.
fn verb(name: &str) -> Option<&'static str> {
    Some(match name {
        "get" => "GET",
        "post" => "POST",
        "put" => "PUT",
        "patch" => "PATCH",
        "delete" => "DELETE",
        "head" => "HEAD",
        "options" => "OPTIONS",
        _ => return None,
    })
}

#[derive(Clone, Copy)]
enum Via {
    /// A function of the module (`requests.post(…)`).
    Module,
    /// A session made in the snippet (`client.post(…)`): its index.
    Session(usize),
    /// A request object (`urllib.request.Request(…)`).
    Constructor,
    /// A method of an object the snippet does not show (`conn.request(…)`).
    Receiver,
}

pub fn parse(code: &str) -> Parsed {
    let Some(tree) = syntax_tree(code) else {
        return Parsed::default();
    };
    let mut state = State {
        code,
        ..State::default()
    };
    walk(tree.root_node(), &mut |node| match node.kind() {
        "assignment" => state.assignment(node),
        // `with httpx.Client(…) as client:` binds like an assignment.
        "as_pattern" => state.binding(node),
        "import_statement" | "import_from_statement" => state.import(node),
        "call" => state.call(node),
        _ => {}
    });
    state.parsed
}

/// `code`'s syntax tree. tree-sitter-python's scanner reads every comment line that follows a
/// line break to find the next line's indentation, once per line break: a block of n comment
/// lines cost n² (64 KB of them, twelve seconds). Comments mean nothing to the parser, so it
/// reads the code with each comment's text turned into spaces — byte offsets unchanged, and
/// blank lines are read once.
pub(super) fn syntax_tree(code: &str) -> Option<tree_sitter::Tree> {
    tree(tree_sitter_python::LANGUAGE.into(), &without_comments(code))
}

/// `code` with the text of each comment (`#` to the end of its line) replaced by spaces, byte
/// for byte. Strings are skipped as Python's tokenizer skips them (a backslash escapes the next
/// character even in a raw string), so a `#` in a string is left alone.
fn without_comments(code: &str) -> std::borrow::Cow<'_, str> {
    if !code.contains('#') {
        return code.into();
    }
    let bytes = code.as_bytes();
    let mut out = bytes.to_vec();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'#' => {
                let end =
                    memchr::memchr2(b'\n', b'\r', &bytes[at..]).map_or(bytes.len(), |i| at + i);
                out[at..end].fill(b' ');
                at = end;
            }
            quote @ (b'"' | b'\'') => {
                let triple = bytes[at..].starts_with(&[quote; 3]);
                let mut i = at + if triple { 3 } else { 1 };
                at = loop {
                    match bytes.get(i) {
                        None => break bytes.len(),
                        Some(b'\\') => i += 2,
                        Some(b'\n') if !triple => break i,
                        Some(&c)
                            if c == quote && (!triple || bytes[i..].starts_with(&[quote; 3])) =>
                        {
                            break i + if triple { 3 } else { 1 };
                        }
                        Some(_) => i += 1,
                    }
                };
            }
            _ => at += 1,
        }
    }
    // Only ASCII bytes (a comment's, up to a line break) were replaced by spaces.
    String::from_utf8(out).map_or(code.into(), Into::into)
}

impl State<'_> {
    fn source(&self, node: Node<'_>) -> &str {
        &self.code[node.byte_range()]
    }

    /// Records what the names an import binds stand for.
    fn import(&mut self, node: Node<'_>) {
        let module = node.field("module_name");
        let from = module.map(|m| self.source(m).to_owned());
        let mut cursor = node.walk();
        let children: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
        for child in children {
            if Some(child) == module {
                continue;
            }
            let (path, alias) = match child.kind() {
                "dotted_name" => (self.source(child), None),
                "aliased_import" => match child.field("name") {
                    Some(name) => (
                        self.source(name),
                        child.field("alias").map(|a| self.source(a)),
                    ),
                    None => continue,
                },
                _ => continue,
            };
            let (bound, stands_for) = match (&from, alias) {
                (Some(module), alias) => (alias.unwrap_or(path), format!("{module}.{path}")),
                (None, Some(alias)) => (alias, path.to_owned()),
                // `import urllib.request` binds `urllib`.
                (None, None) => {
                    let first = path.split('.').next().unwrap_or(path);
                    (first, first.to_owned())
                }
            };
            self.imports.insert(bound.to_owned(), stands_for);
        }
    }

    /// A dotted name spelled out by the snippet's imports (`O` → `openai.OpenAI`,
    /// `h.Client` → `httpx.Client`); `None` when its first name is not imported.
    fn resolved(&self, dotted: &str) -> Option<String> {
        let (first, rest) = match dotted.split_once('.') {
            Some((first, rest)) => (first, Some(rest)),
            None => (dotted, None),
        };
        let path = self.imports.get(first.trim())?;
        Some(match rest {
            Some(rest) => format!("{path}.{rest}"),
            None => path.clone(),
        })
    }

    /// Whether `dotted` is `os.environ`, however imported.
    fn is_environ(&self, dotted: &str) -> bool {
        self.resolved(dotted).as_deref().unwrap_or(dotted) == "os.environ"
    }

    /// Where a called name comes from: its last name, the module it was imported from (empty
    /// for a module the import does not name) or is called on, and whether an import said so.
    fn origin(&self, callee: &str) -> (String, Option<String>, bool) {
        let (path, imported) = match self.resolved(callee) {
            Some(path) => (path, true),
            None => (callee.to_owned(), false),
        };
        match path.rsplit_once('.') {
            Some((module, name)) => (name.to_owned(), Some(module.to_owned()), imported),
            None => (path, imported.then(String::new), imported),
        }
    }

    fn assignment(&mut self, node: Node<'_>) {
        let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
            return;
        };
        match left.kind() {
            "identifier" => {
                let value = self.eval(right);
                self.assign(self.source(left).to_owned(), value);
            }
            // `session.headers["User-Agent"] = "…"`
            "subscript" => {
                let target = left
                    .field("value")
                    .map(|v| self.source(v).to_owned())
                    .unwrap_or_default();
                let key = left.field("subscript").map(|k| self.eval(k).text().known());
                let Some(Some(key)) = key else { return };
                if self.is_environ(&target) {
                    let value = self.eval(right);
                    self.environment.insert(key, value);
                } else if let Some(owner) = target.strip_suffix(".headers") {
                    let value = self.eval(right);
                    let header = Header {
                        name: key,
                        value: value.text(),
                        span: node.byte_range(),
                        origin: value.span(),
                    };
                    self.add_session_headers(owner, Some(vec![header]));
                } else if let Some(Value::Object(_)) = self.variables.get(&target) {
                    // `headers["User-Agent"] = "…"` on a dict made here.
                    let value = self.eval(right);
                    if let Some(Value::Object(object)) = self.variables.get_mut(&target) {
                        object.entries.push((key, value, node.byte_range()));
                    }
                }
            }
            // `openai.base_url = "…"`
            "attribute" => {
                let (Some(object), Some(attribute)) =
                    (left.field("object"), left.field("attribute"))
                else {
                    return;
                };
                let object = self.source(object);
                let module = self.resolved(object).unwrap_or_else(|| object.to_owned());
                let Some((library, setting)) =
                    Catalog::shared().module_setting(&module, self.source(attribute))
                else {
                    return;
                };
                let value = self.eval(right);
                self.module_setting(library, setting, left.byte_range(), value);
            }
            _ => {}
        }
    }

    /// A setting of a module's own client: the first one makes the client, later ones add to
    /// it. The client is reported where its base URL is set, which makes it the relay's.
    fn module_setting(
        &mut self,
        library: &'static Library,
        setting: Setting,
        span: Span,
        value: Value,
    ) {
        let index = match self.module_clients.get(library.id.as_str()) {
            Some(&index) => index,
            None => {
                self.parsed
                    .calls
                    .push(Call::new(Client::Sdk(library), span.clone()));
                let index = self.parsed.calls.len() - 1;
                self.module_clients.insert(library.id.as_str(), index);
                index
            }
        };
        let call = &mut self.parsed.calls[index];
        let spanned = (value.text(), value.span().unwrap_or(span.clone()));
        match setting {
            Setting::BaseUrl => {
                call.span = span;
                call.url = Some(spanned);
            }
            Setting::ApiKey => call.api_key = Some(spanned),
            Setting::Headers => call.headers = value.headers(),
        }
    }

    /// `name = value`; too big a value is unknown, as a name the snippet does not assign.
    fn assign(&mut self, name: String, value: Value) {
        let value = capped(value).unwrap_or_else(|| Value::Unknown(name.clone()));
        self.variables.insert(name, value);
    }

    fn binding(&mut self, node: Node<'_>) {
        let value = node.named_child(0);
        let alias = node.field("alias").and_then(|a| a.named_child(0));
        if let (Some(value), Some(alias)) = (value, alias.filter(|a| a.kind() == "identifier")) {
            let value = self.eval(value);
            self.assign(self.source(alias).to_owned(), value);
        }
    }

    fn add_session_headers(&mut self, owner: &str, headers: Option<Vec<Header>>) {
        if let Some(Value::Session(index)) = self.variables.get(owner) {
            let session = &mut self.sessions[*index].0;
            session.headers = merge_headers(session.headers.take(), headers);
        }
    }

    fn call(&mut self, node: Node<'_>) {
        let Some(function) = node.field("function") else {
            return;
        };
        if self.recorded.contains(&node.start_byte()) {
            return;
        }
        let callee = self.source(function).to_owned();
        let (receiver, method) = match callee.rsplit_once('.') {
            Some((receiver, method)) => (receiver.to_owned(), method.to_owned()),
            None => (String::new(), callee.clone()),
        };
        let arguments = self.arguments(node);
        if self.is_environ(&receiver) && method == "setdefault" {
            // `os.environ.setdefault("OPENAI_BASE_URL", "…")`
            if let [name, value, ..] = arguments.positional.as_slice() {
                if let Some(name) = name.text().known() {
                    self.environment
                        .entry(name)
                        .or_insert_with(|| value.clone());
                }
            }
        } else if let Some(owner) = receiver
            .strip_suffix(".headers")
            .filter(|_| method == "update")
        {
            let headers = arguments.positional.first().and_then(Value::headers);
            self.add_session_headers(owner, headers);
        } else if method == "update"
            && matches!(self.variables.get(&receiver), Some(Value::Object(_)))
        {
            // `headers.update({…})` on a dict made here.
            let more = arguments.positional.into_iter().next();
            if let Some(Value::Object(object)) = self.variables.get_mut(&receiver) {
                object.spread(more);
            }
        } else if method == "add_header" || method == "add_unredirected_header" {
            if let (Some(Value::Request(index)), [name, value, ..]) = (
                self.variables.get(&receiver).cloned(),
                arguments.positional.as_slice(),
            ) {
                if let (Some(name), Some(headers)) = (
                    name.text().known(),
                    self.parsed.calls[index].headers.as_mut(),
                ) {
                    headers.push(Header {
                        name,
                        value: value.text(),
                        span: node.byte_range(),
                        origin: value.span(),
                    });
                }
            }
        } else if let Some(library) = self.sdk_constructor(&callee) {
            self.sdk_client(library, node, function, &callee, &arguments);
        } else if self.api_request(function) | names_model(&receiver, &method) {
            // The model of a request, also of a client made elsewhere.
            if !names_model(&receiver, &method) {
                return;
            }
            if let Some(Value::Text { text, span, .. }) = arguments.keyword("model") {
                if let Some(model) = text.known() {
                    self.parsed.models.push((model, span.clone()));
                }
            }
        } else if let Some(target) = self.http_target(&callee, &receiver, &method) {
            if let Some(call) = self.http_call(node, function, target, &arguments) {
                self.parsed.calls.push(call);
            }
        }
    }

    /// An SDK client made by a call to `callee`: kept, and the name it is assigned to (`client
    /// = OpenAI(…)`, `self.client = …`, `with … as client`) remembered. Its index, if kept.
    fn sdk_client(
        &mut self,
        library: &'static Library,
        node: Node<'_>,
        function: Node<'_>,
        callee: &str,
        arguments: &Arguments,
    ) -> Option<usize> {
        let (constructor, _, _) = self.origin(callee);
        let call = sdk_call(
            library,
            &constructor,
            node,
            function,
            arguments,
            &self.environment,
        )?;
        self.parsed.calls.push(call);
        let index = self.parsed.calls.len() - 1;
        // Up through what only wraps the value: `await`, parentheses.
        let mut value = node;
        while let Some(parent) = value.parent() {
            match parent.kind() {
                "await" | "parenthesized_expression" => value = parent,
                _ => break,
            }
        }
        let target = value.parent().and_then(|parent| match parent.kind() {
            "assignment" => parent.field("left"),
            "as_pattern" => parent.field("alias").and_then(|a| a.named_child(0)),
            _ => None,
        });
        if let Some(target) = target.filter(|t| matches!(t.kind(), "identifier" | "attribute")) {
            self.clients.insert(self.source(target).to_owned(), index);
        }
        Some(index)
    }

    /// A call of an API of an SDK client made here (`client.chat.completions.create(…)`,
    /// `OpenAI(…).responses.create(…)`, the module's own `openai.ChatCompletion.create(…)`
    /// once `openai.api_base` is set): recorded on that client with the path the API posts to,
    /// as the catalog's `apis` says. Whether it was one.
    fn api_request(&mut self, function: Node<'_>) -> bool {
        // The dotted names after the client, and the client's node.
        let mut names = Vec::new();
        let mut root = function;
        while root.kind() == "attribute" {
            let (Some(object), Some(attribute)) = (root.field("object"), root.field("attribute"))
            else {
                return false;
            };
            names.push(self.source(attribute).to_owned());
            root = object;
        }
        names.reverse();
        let client = match root.kind() {
            "identifier" => {
                let name = self.source(root).to_owned();
                let this = names.first().map(|first| format!("{name}.{first}"));
                match this.as_ref().and_then(|this| self.clients.get(this)) {
                    Some(&index) => {
                        names.remove(0);
                        Some(index)
                    }
                    None => self.clients.get(&name).copied().or_else(|| {
                        let module = self.resolved(&name).unwrap_or(name);
                        self.module_clients.iter().find_map(|(id, &index)| {
                            let library = Catalog::shared().get(id)?;
                            library.is_module(&module).then_some(index)
                        })
                    }),
                }
            }
            // `OpenAI(…).chat.completions.create(…)`: the client is made here, before the walk
            // reaches its call.
            "call" => {
                let Some(inner) = root.field("function") else {
                    return false;
                };
                let callee = self.source(inner).to_owned();
                let Some(library) = self.sdk_constructor(&callee) else {
                    return false;
                };
                let arguments = self.arguments(root);
                self.recorded.insert(root.start_byte());
                self.sdk_client(library, root, inner, &callee, &arguments)
            }
            _ => None,
        };
        let Some(index) = client else {
            return false;
        };
        let called = &self.code[function.byte_range()];
        super::record_request(
            &mut self.parsed.calls[index],
            &names,
            called,
            function.byte_range(),
        )
    }

    /// The SDK a call to `callee` makes a client of, by the catalog.
    fn sdk_constructor(&self, callee: &str) -> Option<&'static Library> {
        let catalog = Catalog::shared();
        let (name, module, imported) = self.origin(callee);
        let library = catalog.constructor_of(Language::Python, Kind::Sdk, &name, module.as_deref());
        match (library, module) {
            // `mylib.OpenAI(…)` with no import in sight: a fragment, read by the name.
            (None, Some(_)) if !imported => {
                catalog.constructor_of(Language::Python, Kind::Sdk, &name, None)
            }
            (library, _) => library,
        }
    }

    /// The raw-HTTP library a call to `callee` (`receiver.method`) makes a request with, and how.
    fn http_target(&self, callee: &str, receiver: &str, method: &str) -> Option<Target> {
        let catalog = Catalog::shared();
        let target = |library: &'static Library, via: Via, name: &str| Target {
            library,
            via,
            method_first: !matches!(via, Via::Constructor)
                && library.method_first.iter().any(|m| m == name),
            verb: verb(name),
        };
        if let Some(Value::Session(index)) = self.variables.get(receiver) {
            let library = self.sessions[*index].1;
            return library
                .methods
                .iter()
                .any(|m| m == method)
                .then(|| target(library, Via::Session(*index), method));
        }
        let (name, module, imported) = self.origin(callee);
        if let Some(library) =
            catalog.constructor_of(Language::Python, Kind::Http, &name, module.as_deref())
        {
            return Some(target(library, Via::Constructor, &name));
        }
        if let Some(library) = module
            .as_deref()
            .and_then(|module| catalog.http_method(Language::Python, module, &name))
        {
            return Some(target(library, Via::Module, &name));
        }
        if imported || receiver.is_empty() {
            return None;
        }
        catalog
            .of(Language::Python)
            .find(|library| library.any_receiver && library.methods.iter().any(|m| m == method))
            .map(|library| target(library, Via::Receiver, method))
    }

    /// A raw HTTP request: `requests.post(url, …)`, `session.post(…)`, `urlopen(url)`,
    /// `urllib.request.Request(…)`, `conn.request("POST", path, body, headers)`.
    fn http_call(
        &mut self,
        node: Node<'_>,
        function: Node<'_>,
        target: Target,
        arguments: &Arguments,
    ) -> Option<Call> {
        let Target { library, via, .. } = target;
        let session = match via {
            Via::Session(index) => Some(&self.sessions[index].0),
            _ => None,
        };
        let first = usize::from(target.method_first);
        let positional = library.positional();
        let argument = |names: &'static [String]| {
            Library::option(names, |name| {
                arguments.keyword(name).or_else(|| {
                    let at = positional.iter().position(|p| p == name)?;
                    arguments.positional.get(first + at)
                })
            })
        };
        let url = argument(&library.url).map(|(_, v)| v);
        // `urlopen(request)`: the request object was recorded where it was made.
        if matches!(url, Some(Value::Request(_))) {
            return None;
        }
        let mut call = Call::new(Client::PythonHttp, function.byte_range());
        if let Some(url) = url {
            let text = match session {
                Some(session) => session.url(url.text(), &mut self.budget),
                None => url.text(),
            };
            call.url = Some((text, url.span().unwrap_or(node.byte_range())));
        }
        let headers = argument(&library.headers);
        let headers = match headers {
            Some((_, value)) => value.headers(),
            None if arguments.open => None,
            None => Some(Vec::new()),
        };
        let base = match (session, via) {
            (Some(session), _) => self.budget.copy(&session.headers).flatten(),
            // A connection passed in may carry headers of its own.
            (None, Via::Receiver) => None,
            (None, _) => Some(Vec::new()),
        };
        call.headers = merge_headers(base, headers);
        if matches!(via, Via::Module | Via::Constructor) {
            let name = library.headers.first().map_or("headers", String::as_str);
            call.header_site = header_site(arguments, name);
        }
        if let Some((
            _,
            Value::Text {
                text,
                span,
                verbatim_at,
            },
        )) = argument(&library.body)
        {
            if let Some(body) = text.known() {
                call.body = Some(Body {
                    text: body,
                    span: verbatim_at.map_or(span.clone(), |at| at..span.end),
                    verbatim: verbatim_at.is_some(),
                });
            }
        }
        // `json={…}`, or a body that is `json.dumps({…})`.
        let json = argument(&library.json).or_else(|| {
            argument(&library.body).filter(|(_, body)| matches!(body, Value::Object(_)))
        });
        // `requests.get`, `request("GET", …)`, `method="GET"`; urllib's requests POST when
        // they carry data.
        let named = match target.method_first {
            true => arguments.positional.first(),
            false => None,
        };
        call.method = match (target.verb, named.or(arguments.keyword("method"))) {
            (Some(verb), _) => Some(verb.to_owned()),
            (None, Some(method)) => method.text().known().map(|m| m.to_ascii_uppercase()),
            (None, None) if library.id == "urllib" => {
                let data = argument(&library.body).is_some();
                Some(if data { "POST" } else { "GET" }.to_owned())
            }
            (None, None) => None,
        };
        if let Some(Value::Text { text, span, .. }) = json.and_then(|(_, json)| json.get("model")) {
            if let Some(model) = text.known() {
                call.model = Some((model, span.clone()));
            }
        }
        Some(call)
    }

    fn arguments(&mut self, call: Node<'_>) -> Arguments {
        let mut arguments = Arguments::default();
        let Some(list) = call.field("arguments") else {
            return arguments;
        };
        arguments.span = Some(list.byte_range());
        let mut cursor = list.walk();
        for child in list.named_children(&mut cursor) {
            if child.kind() == "keyword_argument" {
                if let (Some(name), Some(value)) = (child.field("name"), child.field("value")) {
                    let value = self.eval(value);
                    arguments
                        .keywords
                        .push((self.source(name).to_owned(), value));
                }
            } else if child.kind() == "dictionary_splat" {
                // `**{"base_url": …}`, `**options`: keywords when the snippet shows them.
                match child.named_child(0).map(|inner| self.eval(inner)) {
                    Some(Value::Object(object)) => {
                        arguments.open |= !object.complete;
                        arguments
                            .keywords
                            .extend(object.entries.into_iter().map(|(k, v, _)| (k, v)));
                    }
                    _ => arguments.open = true,
                }
            } else if child.kind() != "comment" {
                let value = self.eval(child);
                arguments.positional.push(value);
            }
        }
        arguments
    }

    fn eval(&mut self, node: Node<'_>) -> Value {
        if self.depth >= super::MAX_DEPTH {
            return Value::Unknown(String::new());
        }
        self.depth += 1;
        let value = self.eval_node(node);
        self.depth -= 1;
        value
    }

    fn eval_node(&mut self, node: Node<'_>) -> Value {
        let span = node.byte_range();
        match node.kind() {
            "string" => self.string(node),
            "concatenated_string" | "binary_operator" => {
                if node.kind() == "binary_operator"
                    && node
                        .field("operator")
                        .is_some_and(|o| self.source(o) != "+")
                {
                    return Value::Unknown(unknown_name(self.source(node)));
                }
                let mut text = Text::default();
                let mut cursor = node.walk();
                let parts: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
                for part in parts {
                    text.append(self.eval(part).text());
                }
                Value::Text {
                    text,
                    span,
                    verbatim_at: None,
                }
            }
            "parenthesized_expression" => match node.named_child(0) {
                Some(inner) => self.eval(inner),
                None => Value::Unknown(String::new()),
            },
            "identifier" => {
                let name = &self.code[node.byte_range()];
                self.variables
                    .get(name)
                    .and_then(|value| self.budget.copy(value))
                    .unwrap_or_else(|| Value::Unknown(name.to_owned()))
            }
            "dictionary" => {
                let mut object = Object {
                    entries: Vec::new(),
                    complete: true,
                    literal: Some(node.byte_range()),
                };
                let mut cursor = node.walk();
                let children: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
                for child in children {
                    match child.kind() {
                        "pair" => {
                            let (Some(key), Some(value)) =
                                (child.field("key"), child.field("value"))
                            else {
                                continue;
                            };
                            match self.eval(key).text().known() {
                                Some(key) => {
                                    let value = self.eval(value);
                                    object.entries.push((key, value, child.byte_range()));
                                }
                                None => object.complete = false,
                            }
                        }
                        "dictionary_splat" => {
                            object.spread(child.named_child(0).map(|inner| self.eval(inner)))
                        }
                        "comment" => {}
                        _ => object.complete = false,
                    }
                }
                Value::Object(object)
            }
            "call" => self.constructed(node),
            "subscript" | "attribute" => match environment_variable(self.source(node)) {
                // Set earlier in the snippet: that value.
                Some(name) if self.environment.contains_key(&name) => self
                    .budget
                    .copy(&self.environment[&name])
                    .unwrap_or(Value::Unknown(name)),
                Some(name) => Value::Text {
                    text: Text::var(name),
                    span,
                    verbatim_at: None,
                },
                None => Value::Unknown(unknown_name(self.source(node))),
            },
            _ => Value::Unknown(unknown_name(self.source(node))),
        }
    }

    /// The value of a call expression: a session, a request object, `dict(…)`, `os.getenv(…)`.
    fn constructed(&mut self, node: Node<'_>) -> Value {
        let span = node.byte_range();
        let source = unknown_name(self.source(node));
        let Some(function) = node.field("function") else {
            return Value::Unknown(source);
        };
        let callee = self.source(function).to_owned();
        let (name, module, imported) = self.origin(&callee);
        if let Some(value) = self.environment_default(node, &callee) {
            return value;
        }
        if let Some(value) = self.serialized(node, function, &callee) {
            return value;
        }
        let catalog = Catalog::shared();
        if let Some(library) = catalog.session(Language::Python, &name, module.as_deref()) {
            let arguments = self.arguments(node);
            let session = session(library, &name, &arguments);
            self.sessions.push((session, library));
            return Value::Session(self.sessions.len() - 1);
        }
        let receiver = callee.rsplit_once('.').map_or("", |(r, _)| r);
        if let Some(
            target @ Target {
                via: Via::Constructor,
                ..
            },
        ) = self.http_target(&callee, receiver, &name)
        {
            // Recorded by `call` when the walk reaches it; bind the variable to it.
            let index = self.parsed.calls.len();
            let arguments = self.arguments(node);
            return match self.http_call(node, function, target, &arguments) {
                Some(call) => {
                    self.parsed.calls.push(call);
                    self.recorded.insert(node.start_byte());
                    Value::Request(index)
                }
                None => Value::Unknown(source),
            };
        }
        match name.as_str() {
            "dict" if !imported => {
                let arguments = self.arguments(node);
                let entries = arguments
                    .keywords
                    .into_iter()
                    .map(|(k, v)| (k, v, span.clone()))
                    .collect();
                Value::Object(Object {
                    entries,
                    complete: arguments.positional.is_empty(),
                    literal: None,
                })
            }
            _ => Value::Unknown(source),
        }
    }

    /// `json.dumps({…})`: the object, whose entries the rules read as the JSON body's; and
    /// `….encode()`: what it encodes (`json.dumps(…).encode()`, `'{"model": …}'.encode()`).
    fn serialized(&mut self, node: Node<'_>, function: Node<'_>, callee: &str) -> Option<Value> {
        if self.resolved(callee).as_deref().unwrap_or(callee) == "json.dumps" {
            let arguments = self.arguments(node);
            return Some(match arguments.positional.into_iter().next() {
                Some(object @ Value::Object(_)) => object,
                _ => Value::Unknown(unknown_name(self.source(node))),
            });
        }
        let encoded = function
            .field("object")
            .filter(|_| function.kind() == "attribute" && callee.ends_with(".encode"))?;
        Some(self.eval(encoded))
    }

    /// `os.getenv("X")`, `os.environ.get("X")`: the variable `X`. With a literal default
    /// (`os.getenv("X", "…")`), that literal: it is what runs wherever X is unset, so it is
    /// what the rules check.
    fn environment_default(&mut self, node: Node<'_>, callee: &str) -> Option<Value> {
        let qualified = self.resolved(callee).unwrap_or_else(|| callee.to_owned());
        if !matches!(qualified.as_str(), "os.getenv" | "os.environ.get") {
            return None;
        }
        let arguments = self.arguments(node);
        let name = arguments
            .positional
            .first()
            .or(arguments.keyword("key"))
            .and_then(|name| name.text().known());
        let default = arguments.positional.get(1).or(arguments.keyword("default"));
        if let Some(set) = name.as_ref().and_then(|name| self.environment.get(name)) {
            return Some(
                self.budget
                    .copy(set)
                    .unwrap_or_else(|| Value::Unknown(String::new())),
            );
        }
        Some(match (default, name) {
            (Some(value @ Value::Text { text, .. }), _) if !text.is_empty() => value.clone(),
            (_, Some(name)) => Value::Text {
                text: Text::var(name),
                span: node.byte_range(),
                verbatim_at: None,
            },
            (_, None) => Value::Unknown(unknown_name(self.source(node))),
        })
    }

    fn string(&mut self, node: Node<'_>) -> Value {
        let span = node.byte_range();
        let source = self.source(node);
        let prefix = source.len()
            - source
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .len();
        let raw = python_raw(&source[..prefix]);
        let mut text = Text::default();
        let mut plain = true;
        let mut content_start = None;
        let mut cursor = node.walk();
        let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
        for child in children {
            match child.kind() {
                "string_content" => {
                    content_start.get_or_insert(child.start_byte());
                    let content = self.source(child);
                    plain &= !content.contains('\\');
                    text.push(Piece::Lit(if raw {
                        content.to_owned()
                    } else {
                        unescape(content)
                    }));
                }
                "escape_sequence" => {
                    plain = false;
                    text.push(Piece::Lit(unescape(self.source(child))));
                }
                "interpolation" => {
                    plain = false;
                    let value = child.field("expression").map(|e| self.eval(e));
                    text.append(value.map_or_else(|| Text::var("?"), |v| v.text()));
                }
                "string_start" => content_start = Some(child.end_byte()),
                _ => {}
            }
        }
        let verbatim_at = if plain { content_start } else { None };
        Value::Text {
            text,
            span,
            verbatim_at,
        }
    }
}

/// Whether a call to `receiver.method` names the model of a request of a client made elsewhere:
/// `client.responses.create(model=…)`, `client.chat.completions.create(…)`, `….stream(…)`,
/// and the openai module's own before 1.0 (`openai.ChatCompletion.create(…)`).
fn names_model(receiver: &str, method: &str) -> bool {
    let endpoint = receiver.rsplit('.').next().unwrap_or(receiver);
    matches!(method, "create" | "stream" | "parse")
        && matches!(
            endpoint,
            "responses" | "completions" | "ChatCompletion" | "Completion"
        )
}

/// A session or connection made by `name` of `library`: its default headers and base URL (for
/// a connection, its scheme and host).
fn session(library: &'static Library, name: &str, arguments: &Arguments) -> Session {
    let keyword = |names: &'static [String]| {
        Library::option(names, |name| arguments.keyword(name)).map(|(_, value)| value)
    };
    let headers = match keyword(&library.headers) {
        Some(value) => value.headers(),
        None if arguments.open => None,
        None => Some(Vec::new()),
    };
    let host = keyword(&library.host)
        .or_else(|| (!library.host.is_empty()).then(|| arguments.positional.first())?);
    let base_url = match (keyword(&library.base_url), host, library.schemes.get(name)) {
        (Some(base_url), _, _) => Some(base_url.text()),
        (None, Some(host), Some(scheme)) => {
            let mut url = Text::lit(format!("{scheme}://"));
            url.append(host.text());
            Some(url)
        }
        _ => None,
    };
    Session { headers, base_url }
}

/// A client made by an SDK's constructor: its base URL, key, default headers and model, from
/// the keyword arguments the catalog names.
/// Without the option, the environment variable the library reads, when the snippet sets it
/// (`os.environ["OPENAI_BASE_URL"] = …`). `None` when the model names another provider than
/// the one that speaks the OpenAI API (`ollama/llama3` in litellm): that call is not the
/// relay's.
fn sdk_call(
    library: &'static Library,
    constructor: &str,
    node: Node<'_>,
    function: Node<'_>,
    arguments: &Arguments,
    environment: &HashMap<String, Value>,
) -> Option<Call> {
    let mut call = Call::new(Client::Sdk(library), function.byte_range());
    let spanned = |v: &Value| (v.text(), v.span().unwrap_or(node.byte_range()));
    // By keyword, or by position for the parameters the catalog lists (`dspy.LM("openai/…")`).
    let argument = |names: &'static [String]| {
        Library::option(names, |name| {
            arguments.keyword(name).or_else(|| {
                let at = library.positional.iter().position(|p| p == name)?;
                arguments.positional.get(at)
            })
        })
    };
    let setting = |options: &'static [String], variables: &'static [String]| {
        let option = argument(options);
        let variable = || {
            let set = Library::option(variables, |name| environment.get(name));
            set.filter(|_| !arguments.open)
        };
        option.or_else(variable).map(|(_, v)| spanned(v))
    };
    call.url = setting(&library.base_url, &library.env.base_url);
    call.api_key = setting(&library.api_key, &library.env.api_key);
    let headers = argument(&library.headers);
    call.headers = match headers {
        Some((_, headers)) => headers.headers(),
        None if arguments.open => None,
        None => Some(Vec::new()),
    };
    let site_name = headers
        .map(|(name, _)| name)
        .or(library.headers.first().map(String::as_str));
    call.header_site = site_name.and_then(|name| header_site(arguments, name));
    if let Some((_, Value::Text { text, span, .. })) = argument(&library.model) {
        if let Some(model) = text.known() {
            let prefix = library.model_prefix.as_str();
            // `openai/` or `openai:`: a model with that separator names a provider.
            let separator = prefix.chars().last();
            let model = match model.strip_prefix(prefix) {
                Some(name) if !prefix.is_empty() => name.to_owned(),
                _ if separator.is_some_and(|s| model.contains(s)) => return None,
                _ => model,
            };
            call.model = Some((model, span.clone()));
        }
    }
    let model = call.model.as_ref().map(|(model, _)| model.as_str());
    call.appends = client_appends(
        library,
        constructor,
        |name| {
            arguments.keyword(name).or_else(|| {
                let at = library.positional.iter().position(|p| p == name)?;
                arguments.positional.get(at)
            })
        },
        arguments.open,
        model,
    );
    Some(call)
}

/// `os.environ["X"]` → `X`.
fn environment_variable(source: &str) -> Option<String> {
    let rest = source.strip_prefix("os.environ[")?;
    let name: String = rest
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

#[derive(Default)]
struct Arguments {
    positional: Vec<Value>,
    keywords: Vec<(String, Value)>,
    /// Keywords may come from a `**spread` the snippet does not show.
    open: bool,
    /// The `(…)` list.
    span: Option<Span>,
}

/// Where a header goes: into the `name=` dict literal, or a new `name=` keyword.
fn header_site(arguments: &Arguments, name: &'static str) -> Option<HeaderSite> {
    match arguments.keyword(name) {
        Some(value) => value.literal().map(HeaderSite::Entries),
        None => arguments
            .span
            .clone()
            .map(|span| HeaderSite::Option { span, name }),
    }
}

impl Arguments {
    fn keyword(&self, name: &str) -> Option<&Value> {
        self.keywords
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The call's URL, known in full.
    fn url(call: &Call) -> String {
        call.url.as_ref().unwrap().0.known().unwrap()
    }

    fn headers(call: &Call) -> Vec<String> {
        call.headers
            .as_ref()
            .unwrap()
            .iter()
            .map(|h| format!("{}: {}", h.name, h.value.display()))
            .collect()
    }

    #[test]
    fn requests_with_variables_and_session() {
        let code = r#"import os, requests
BASE_URL = "https://www.open1.codes"
KEY = os.environ["OPEN1_API_KEY"]
headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
session = requests.Session()
session.headers.update({"User-Agent": "curl/8.0"})
r = session.post(BASE_URL + "/v1/responses", headers=headers, json={"model": "gpt-5.4", "input": "hi"})
"#;
        let parsed = parse(code);
        let [call] = parsed.calls.as_slice() else {
            panic!("{parsed:?}")
        };
        assert_eq!(url(call), "https://www.open1.codes/v1/responses");
        assert_eq!(
            headers(call),
            [
                "User-Agent: curl/8.0",
                "Authorization: Bearer ${OPEN1_API_KEY}",
                "Content-Type: application/json"
            ]
        );
        assert_eq!(call.model.as_ref().unwrap().0, "gpt-5.4");
    }

    #[test]
    fn unknown_session_headers_are_unknown() {
        let parsed = parse(
            "def go(session):\n    session.post('https://www.open1.codes/v1/responses', json={})\n",
        );
        assert!(parsed.calls.is_empty() || parsed.calls[0].headers.is_none());
        let parsed =
            parse("requests.post('https://www.open1.codes/v1/responses', headers={**base})");
        assert!(parsed.calls[0].headers.is_none());
    }

    #[test]
    fn with_statement_binds_the_session() {
        let code = "async with aiohttp.ClientSession(headers={'User-Agent': 'curl/8.0'}) as session:\n    async with session.post('https://www.open1.codes/v1/responses', json={}) as r:\n        pass\n";
        let parsed = parse(code);
        assert_eq!(parsed.calls.len(), 1);
        assert_eq!(headers(&parsed.calls[0]), ["User-Agent: curl/8.0"]);
    }

    #[test]
    fn dicts_grow_after_they_are_made() {
        let code = "headers = {'Authorization': 'Bearer x'}\nheaders['User-Agent'] = 'curl/8.0'\nheaders.update({'X-A': '1'})\nrequests.post('https://www.open1.codes/v1/responses', headers=headers)\n";
        let parsed = parse(code);
        assert_eq!(
            headers(&parsed.calls[0]),
            ["Authorization: Bearer x", "User-Agent: curl/8.0", "X-A: 1"]
        );
        let parsed = parse(
            "headers = {}\nheaders.update(extra)\nrequests.post('https://www.open1.codes/v1/responses', headers=headers)\n",
        );
        assert!(parsed.calls[0].headers.is_none());
    }

    #[test]
    fn openai_client() {
        let code = "from openai import OpenAI\nclient = OpenAI(base_url=\"https://www.open1.codes/v1\", api_key=\" sk-x\")\nclient.responses.create(model=\"gpt-5.9\", input=\"hi\")\n";
        let parsed = parse(code);
        let call = &parsed.calls[0];
        assert_eq!(call.client.library().unwrap().id, "openai-python");
        assert_eq!(url(call), "https://www.open1.codes/v1");
        assert_eq!(call.api_key.as_ref().unwrap().0.known().unwrap(), " sk-x");
        assert!(call.header("user-agent").is_none());
        assert_eq!(parsed.models[0].0, "gpt-5.9");
    }

    /// The library of each SDK client the snippet makes, by id.
    fn libraries(code: &str) -> Vec<&'static str> {
        parse(code)
            .calls
            .iter()
            .filter_map(|call| call.client.library())
            .map(|library| library.id.as_str())
            .collect()
    }

    #[test]
    fn a_constructor_is_the_library_it_was_imported_from() {
        // LlamaIndex's OpenAI is not the openai SDK's.
        let code = "from llama_index.llms.openai import OpenAI\nllm = OpenAI(api_base='https://www.open1.codes/v1')\n";
        assert_eq!(libraries(code), ["llamaindex"]);
        let code = "from openai import AsyncOpenAI as Client\nc = Client(base_url=B)\n";
        assert_eq!(libraries(code), ["openai-python"]);
        let code = "import langchain_openai as lc\nllm = lc.ChatOpenAI(base_url=B)\n";
        assert_eq!(libraries(code), ["langchain-python"]);
        let code = "from langchain_openai import OpenAI\nllm = OpenAI(base_url=B)\n";
        assert_eq!(libraries(code), ["langchain-python"]);
        // A name from a module no library has is none of the catalog's; unimported, it is
        // read by its name (a fragment of a page).
        assert!(libraries("from mylib import OpenAI\nc = OpenAI(base_url=B)\n").is_empty());
        assert_eq!(libraries("c = OpenAI(base_url=B)\n"), ["openai-python"]);
        // litellm's `completion` is litellm's only when it comes from litellm.
        assert_eq!(
            libraries("from litellm import completion\ncompletion(model=M, api_base=B)\n"),
            ["litellm"]
        );
        assert_eq!(
            libraries("import litellm as l\nl.completion(model=M, api_base=B)\n"),
            ["litellm"]
        );
        assert!(libraries("completion(model=M, api_base=B)\n").is_empty());
        // `import a.b` binds `a`; `from a import b` binds `b` to `a.b`.
        let url = "'https://www.open1.codes/v1/responses'";
        for code in [
            format!("import urllib.request\nurllib.request.urlopen({url})\n"),
            format!("from urllib import request\nrequest.urlopen({url})\n"),
            format!("import urllib.request as r\nr.urlopen({url})\n"),
        ] {
            assert_eq!(parse(&code).calls.len(), 1, "{code}");
        }
        assert!(
            libraries("from mylib import completion\ncompletion(model=M, api_base=B)\n").is_empty()
        );
    }

    #[test]
    fn litellm_model_loses_its_provider_prefix() {
        let code = "import litellm\nlitellm.completion(model='openai/gpt-5.4', api_base='https://www.open1.codes/v1', extra_headers={'User-Agent': 'curl/8.0'})\n";
        let parsed = parse(code);
        let call = &parsed.calls[0];
        assert_eq!(call.model.as_ref().unwrap().0, "gpt-5.4");
        assert_eq!(headers(call), ["User-Agent: curl/8.0"]);
    }

    #[test]
    fn module_settings_make_a_client() {
        let code = "import openai\nopenai.api_key = ' sk-x'\nopenai.base_url = 'https://www.open1.codes/v1'\n";
        let parsed = parse(code);
        let [call] = parsed.calls.as_slice() else {
            panic!("{parsed:?}")
        };
        assert_eq!(call.client.library().unwrap().id, "openai-python");
        assert_eq!(url(call), "https://www.open1.codes/v1");
        assert_eq!(call.api_key.as_ref().unwrap().0.known().unwrap(), " sk-x");
        // Another object's attribute is no setting.
        assert!(
            parse("client.base_url = 'https://www.open1.codes'\n")
                .calls
                .is_empty()
        );
    }

    #[test]
    fn spreads_and_environment_defaults() {
        let code = "import os\nfrom openai import OpenAI\noptions = {'base_url': os.getenv('OPENAI_BASE_URL', 'https://www.open1.codes/v1')}\nclient = OpenAI(**options, **{'api_key': os.environ.get('K', 'sk-1'), 'default_headers': {**{'User-Agent': 'curl/8.0'}}})\n";
        let parsed = parse(code);
        let call = &parsed.calls[0];
        assert_eq!(url(call), "https://www.open1.codes/v1");
        assert_eq!(call.api_key.as_ref().unwrap().0.known().unwrap(), "sk-1");
        assert_eq!(headers(call), ["User-Agent: curl/8.0"]);
        // No default: the variable; an unknown spread: headers unknown.
        let parsed = parse("client = OpenAI(base_url=os.getenv('B'), **extra)\n");
        let call = &parsed.calls[0];
        assert_eq!(call.url.as_ref().unwrap().0.display(), "${B}");
        assert!(call.headers.is_none());
    }

    #[test]
    fn environment_set_by_the_snippet_configures_an_sdk() {
        let code = "import os\nos.environ['OPENAI_BASE_URL'] = 'https://www.open1.codes/v1'\nos.environ.setdefault('OPENAI_API_KEY', 'sk-1')\nclient = OpenAI()\nother = OpenAI(base_url=os.getenv('OPENAI_BASE_URL'), api_key=os.environ['OPENAI_API_KEY'])\n";
        let parsed = parse(code);
        for call in &parsed.calls {
            assert_eq!(url(call), "https://www.open1.codes/v1");
            assert_eq!(call.api_key.as_ref().unwrap().0.known().unwrap(), "sk-1");
        }
        assert_eq!(parsed.calls.len(), 2);
        // Not set here: the client's own default.
        assert!(parse("client = OpenAI()\n").calls[0].url.is_none());
    }

    #[test]
    fn http_client_connection_joins_host_and_path() {
        let code = "import http.client\nconn = http.client.HTTPSConnection('www.open1.codes')\nconn.request('POST', '/v1/responses', body, {'User-Agent': 'curl/8.0'})\n";
        let parsed = parse(code);
        let [call] = parsed.calls.as_slice() else {
            panic!("{parsed:?}")
        };
        assert_eq!(url(call), "https://www.open1.codes/v1/responses");
        assert_eq!(headers(call), ["User-Agent: curl/8.0"]);
        let code = "from httpx import Client as C\nc = C(base_url='https://www.open1.codes/v1')\nc.post('/responses', json={'model': 'gpt-5.4'})\n";
        let parsed = parse(code);
        assert_eq!(
            url(&parsed.calls[0]),
            "https://www.open1.codes/v1/responses"
        );
        // Not httpx's Client.
        assert!(
            parse("from mylib import Client\nc = Client(base_url=B)\nc.post('/v1/responses')\n")
                .calls
                .is_empty()
        );
    }

    #[test]
    fn urllib_and_http_client() {
        let code = "import urllib.request\nreq = urllib.request.Request('https://www.open1.codes/v1/responses', data=b, headers={'Authorization': 'Bearer x'})\nreq.add_header('User-Agent', 'curl/8.0')\nurllib.request.urlopen(req)\n";
        let parsed = parse(code);
        assert_eq!(parsed.calls.len(), 1);
        assert_eq!(
            headers(&parsed.calls[0]),
            ["Authorization: Bearer x", "User-Agent: curl/8.0"]
        );
        let parsed =
            parse("conn.request('POST', '/v1/responses', body, {'Authorization': 'Bearer x'})");
        assert_eq!(url(&parsed.calls[0]), "/v1/responses");
    }

    #[test]
    fn string_escapes() {
        let parsed = parse(
            "requests.post('https://x/v1/responses', data='{\"a\": 1}', headers={'A': 'tab\\there'})",
        );
        let call = &parsed.calls[0];
        assert!(call.body.as_ref().unwrap().verbatim);
        assert_eq!(
            call.header("a").unwrap().value.known().unwrap(),
            "tab\there"
        );
    }

    #[test]
    fn comments_are_blanked_but_not_in_strings() {
        let code = "a = '# no' # yes\nb = \"\"\"\n# no \"\"\"  # yes\nc = '\\' # yes'\n";
        let blanked = without_comments(code);
        assert_eq!(blanked.len(), code.len());
        assert_eq!(
            blanked,
            "a = '# no'      \nb = \"\"\"\n# no \"\"\"       \nc = '\\' # yes'\n"
        );
    }

    #[test]
    fn a_value_past_the_cap_is_unknown() {
        let mut code = String::from("a0 = 'aaaaaaaaaaaaaaaa'\n");
        for i in 1..=40 {
            code.push_str(&format!("a{i} = a{} + a{}\n", i - 1, i - 1));
        }
        code.push_str("requests.post('https://x/v1/responses', headers={'A': a11, 'B': a40})\n");
        let parsed = parse(&code);
        let call = &parsed.calls[0];
        // 16 bytes doubled 11 times is 32 KiB: known; 64 KiB and more: unknown.
        assert_eq!(
            call.header("a").unwrap().value.known().unwrap().len(),
            16 << 11
        );
        assert!(call.header("b").unwrap().value.known().is_none());
    }

    #[test]
    fn the_method_a_request_sends() {
        for (code, method) in [
            (
                "import requests\nrequests.get('https://www.open1.codes/v1/models')",
                Some("GET"),
            ),
            (
                "import requests\nrequests.post('https://www.open1.codes/v1/responses', json={})",
                Some("POST"),
            ),
            (
                "import requests\nrequests.request('get', 'https://www.open1.codes/v1/models')",
                Some("GET"),
            ),
            (
                "import httpx\nc = httpx.Client()\nc.get('https://www.open1.codes/v1/models')",
                Some("GET"),
            ),
            (
                "import urllib.request\nurllib.request.urlopen(urllib.request.Request('https://www.open1.codes/v1/models'))",
                Some("GET"),
            ),
            (
                "import urllib.request\nurllib.request.Request('https://www.open1.codes/v1/responses', data=b'{}')",
                Some("POST"),
            ),
            (
                "import urllib.request\nurllib.request.Request('https://www.open1.codes/v1/x', method='DELETE')",
                Some("DELETE"),
            ),
        ] {
            let parsed = parse(code);
            assert_eq!(parsed.calls[0].method.as_deref(), method, "{code}");
        }
    }
}
