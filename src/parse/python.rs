//! Python: requests, httpx, aiohttp, urllib and http.client calls, and openai clients.

use std::collections::HashMap;

use tree_sitter::Node;

use super::value::{Budget, Object, Session, Value, capped, merge_headers, unknown_name};
use super::{Body, Call, Client, Field, Header, HeaderSite, Parsed, Piece, Span, Text, tree, walk};
use crate::catalog::{Catalog, Kind, Language, Library};
use crate::literal::{python_raw, unescape};

#[derive(Default)]
struct State<'a> {
    code: &'a str,
    variables: HashMap<String, Value>,
    sessions: Vec<Session>,
    /// What may still be copied from variables and sessions.
    budget: Budget,
    /// How deep `eval` is: expressions nested deeper are unknown (no stack overflow on
    /// `{"a": {"a": …}}` ten thousand levels down).
    depth: usize,
    /// Calls already recorded while evaluating an assignment (`req = Request(…)`).
    recorded: std::collections::HashSet<usize>,
    parsed: Parsed,
}

const HTTP_MODULES: &[&str] = &["requests", "httpx", "aiohttp"];
const HTTP_METHODS: &[&str] = &[
    "post", "get", "put", "patch", "delete", "request", "stream", "send",
];

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
                if let Some(owner) = target.strip_suffix(".headers") {
                    let header = Header {
                        name: key,
                        value: self.eval(right).text(),
                        span: node.byte_range(),
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
            _ => {}
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
            let session = &mut self.sessions[*index];
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
        if let Some(owner) = receiver
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
                    });
                }
            }
        } else if let Some(library) = self.sdk_constructor(&receiver, &method) {
            let call = sdk_call(library, node, function, &arguments);
            self.parsed.calls.push(call);
        } else if method == "create" && receiver.ends_with(".responses") {
            if let Some(Value::Text { text, span, .. }) = arguments.keyword("model") {
                if let Some(model) = text.known() {
                    self.parsed.models.push((model, span.clone()));
                }
            }
        } else if let Some(call) = self.http_call(node, function, &receiver, &method, &arguments) {
            self.parsed.calls.push(call);
        }
    }

    /// The SDK a call to `receiver.method` makes a client of, by the catalog.
    fn sdk_constructor(&self, receiver: &str, method: &str) -> Option<&'static Library> {
        let catalog = Catalog::shared();
        let module = (!receiver.is_empty()).then_some(receiver);
        let library = catalog.constructor(Language::Python, method, module);
        library
            .or_else(|| module.and(catalog.constructor(Language::Python, method, None)))
            .filter(|library| library.kind == Kind::Sdk)
    }

    /// An HTTP request: `requests.post(url, …)`, `session.post(…)`, `urlopen(…)`,
    /// `urllib.request.Request(…)`, `conn.request("POST", path, body, headers)`.
    fn http_call(
        &mut self,
        node: Node<'_>,
        function: Node<'_>,
        receiver: &str,
        method: &str,
        arguments: &Arguments,
    ) -> Option<Call> {
        let session = match self.variables.get(receiver) {
            Some(Value::Session(index)) => Some(&self.sessions[*index]),
            _ => None,
        };
        let is_module = HTTP_MODULES.contains(&receiver);
        let is_request_object =
            method == "Request" && (receiver.is_empty() || receiver.ends_with("request"));
        let is_connection = method == "request" && session.is_none() && !is_module;
        if !(is_request_object
            || ((is_module || session.is_some()) && HTTP_METHODS.contains(&method))
            || is_connection)
        {
            return None;
        }
        let mut call = Call::new(Client::PythonHttp, function.byte_range());
        // `request("POST", url)` names the method first.
        let url_index = usize::from(method == "request" && arguments.positional.len() > 1);
        let url = arguments
            .keyword("url")
            .or_else(|| arguments.positional.get(url_index));
        if let Some(url) = url {
            let text = match session {
                Some(session) => session.url(url.text(), &mut self.budget),
                None => url.text(),
            };
            call.url = Some((text, url.span().unwrap_or(node.byte_range())));
        }
        let headers = match arguments
            .keyword("headers")
            .or_else(|| is_connection.then(|| arguments.positional.get(3)).flatten())
        {
            Some(value) => value.headers(),
            None => Some(Vec::new()),
        };
        let base = match (
            session,
            receiver.is_empty() || is_module || is_request_object,
        ) {
            (Some(session), _) => self.budget.copy(&session.headers).flatten(),
            (None, true) => Some(Vec::new()),
            (None, false) => None,
        };
        call.headers = merge_headers(base, headers);
        if session.is_none() && !is_connection {
            call.header_site = header_site(arguments, "headers");
        }
        let data = arguments
            .keyword("data")
            .or(arguments.keyword("content"))
            .or_else(|| is_connection.then(|| arguments.positional.get(2)).flatten());
        if let Some(Value::Text {
            text,
            span,
            verbatim_at,
        }) = data
        {
            if let Some(body) = text.known() {
                call.body = Some(Body {
                    text: body,
                    span: verbatim_at.map_or(span.clone(), |at| at..span.end),
                    verbatim: verbatim_at.is_some(),
                });
            }
        }
        if let Some(Value::Text { text, span, .. }) =
            arguments.keyword("json").and_then(|j| j.get("model"))
        {
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
        if let Some(name) = environment_variable(&source) {
            return Value::Text {
                text: Text::var(name),
                span,
                verbatim_at: None,
            };
        }
        let callee = node
            .field("function")
            .map(|f| self.source(f).to_owned())
            .unwrap_or_default();
        let method = callee.rsplit('.').next().unwrap_or_default().to_owned();
        match method.as_str() {
            "Session" | "Client" | "AsyncClient" | "ClientSession" => {
                let arguments = self.arguments(node);
                let headers = arguments
                    .keyword("headers")
                    .map_or(Some(Vec::new()), Value::headers);
                let base_url = arguments.keyword("base_url").map(Value::text);
                self.sessions.push(Session { headers, base_url });
                Value::Session(self.sessions.len() - 1)
            }
            "Request" => {
                // Recorded by `call` when the walk reaches it; bind the variable to it.
                let index = self.parsed.calls.len();
                let arguments = self.arguments(node);
                match self.http_call(
                    node,
                    node.field("function").expect("a call has a function"),
                    "",
                    "Request",
                    &arguments,
                ) {
                    Some(call) => {
                        self.parsed.calls.push(call);
                        self.recorded.insert(node.start_byte());
                        Value::Request(index)
                    }
                    None => Value::Unknown(source),
                }
            }
            "dict" => {
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

/// A client made by an SDK's constructor: its base URL, key, default headers and model, from
/// the keyword arguments the catalog names.
fn sdk_call(
    library: &'static Library,
    node: Node<'_>,
    function: Node<'_>,
    arguments: &Arguments,
) -> Call {
    let mut call = Call::new(Client::Sdk(library), function.byte_range());
    let spanned = |v: &Value| (v.text(), v.span().unwrap_or(node.byte_range()));
    call.url =
        Library::option(&library.base_url, |name| arguments.keyword(name)).map(|(_, v)| spanned(v));
    call.api_key =
        Library::option(&library.api_key, |name| arguments.keyword(name)).map(|(_, v)| spanned(v));
    let headers = Library::option(&library.headers, |name| arguments.keyword(name));
    call.headers = match headers {
        Some((_, headers)) => headers.headers(),
        None => Some(Vec::new()),
    };
    let site_name = headers
        .map(|(name, _)| name)
        .or(library.headers.first().map(String::as_str));
    call.header_site = site_name.and_then(|name| header_site(arguments, name));
    if let Some((_, Value::Text { text, span, .. })) =
        Library::option(&library.model, |name| arguments.keyword(name))
    {
        if let Some(model) = text.known() {
            let model = model
                .strip_prefix(library.model_prefix.as_str())
                .filter(|_| !library.model_prefix.is_empty())
                .map_or(model.clone(), str::to_owned);
            call.model = Some((model, span.clone()));
        }
    }
    call
}

/// `os.environ["X"]`, `os.environ.get("X")`, `os.getenv("X")` → `X`.
fn environment_variable(source: &str) -> Option<String> {
    let rest = source
        .strip_prefix("os.environ[")
        .or_else(|| source.strip_prefix("os.environ.get("))
        .or_else(|| source.strip_prefix("os.getenv("))?;
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
        assert_eq!(
            call.url.as_ref().unwrap().0.known().unwrap(),
            "https://www.open1.codes/v1/responses"
        );
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
        assert_eq!(
            call.url.as_ref().unwrap().0.known().unwrap(),
            "https://www.open1.codes/v1"
        );
        assert_eq!(call.api_key.as_ref().unwrap().0.known().unwrap(), " sk-x");
        assert!(call.header("user-agent").is_none());
        assert_eq!(parsed.models[0].0, "gpt-5.9");
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
        assert_eq!(
            parsed.calls[0].url.as_ref().unwrap().0.known().unwrap(),
            "/v1/responses"
        );
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
}
