//! JavaScript (and TypeScript, read as JavaScript): fetch and axios calls, and openai clients.

use std::collections::HashMap;

use tree_sitter::Node;

use super::value::{Budget, Object, Session, Value, capped, merge_headers, unknown_name};
use super::{Body, Call, Client, Field, HeaderSite, Parsed, Piece, Text, tree, walk};
use crate::catalog::{Catalog, Kind, Language, Library};
use crate::literal::{between_quotes, unescape};

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
    parsed: Parsed,
}

const AXIOS_METHODS: &[&str] = &["post", "get", "put", "patch", "delete", "request"];

pub fn parse(code: &str) -> Parsed {
    let Some(tree) = tree(tree_sitter_javascript::LANGUAGE.into(), code) else {
        return Parsed::default();
    };
    let mut state = State {
        code,
        ..State::default()
    };
    walk(tree.root_node(), &mut |node| match node.kind() {
        "variable_declarator" => {
            if let (Some(name), Some(value)) = (node.field("name"), node.field("value")) {
                let value = state.eval(value);
                let name = state.source(name).to_owned();
                // Too big a value is unknown, as a name the snippet does not assign.
                let value = capped(value).unwrap_or_else(|| Value::Unknown(name.clone()));
                state.variables.insert(name, value);
            }
        }
        "call_expression" => state.call(node),
        "assignment_expression" => state.assign(node),
        "new_expression" => state.construct(node),
        "identifier"
            if matches!(
                state.source(node),
                "document" | "window" | "localStorage" | "navigator"
            ) =>
        {
            state.parsed.in_browser = true;
        }
        _ => {}
    });
    state.parsed
}

impl State<'_> {
    fn source(&self, node: Node<'_>) -> &str {
        &self.code[node.byte_range()]
    }

    /// `headers["User-Agent"] = "…"` or `headers.Authorization = …` on an object made here.
    fn assign(&mut self, node: Node<'_>) {
        let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
            return;
        };
        let (object, key) = match left.kind() {
            "member_expression" => (left.field("object"), left.field("property")),
            "subscript_expression" => (left.field("object"), left.field("index")),
            _ => return,
        };
        let (Some(object), Some(key)) = (object, key) else {
            return;
        };
        let name = self.source(object).to_owned();
        if !matches!(self.variables.get(&name), Some(Value::Object(_))) {
            return;
        }
        let key = match key.kind() {
            "property_identifier" => Some(self.source(key).to_owned()),
            _ => self.eval(key).text().known(),
        };
        let value = self.eval(right);
        if let Some(Value::Object(target)) = self.variables.get_mut(&name) {
            match key {
                Some(key) => target.entries.push((key, value, node.byte_range())),
                None => target.complete = false,
            }
        }
    }

    /// `new OpenAI({ baseURL, apiKey, defaultHeaders })`, `new ChatOpenAI({ configuration })`.
    fn construct(&mut self, node: Node<'_>) {
        let Some(constructor) = node.field("constructor") else {
            return;
        };
        let name = self.source(constructor).to_owned();
        if let Some(library) = sdk_constructor(&name) {
            let options = self.arguments(node).into_iter().next();
            let call = sdk_call(library, node, constructor, options);
            self.parsed.calls.push(call);
        }
    }

    fn call(&mut self, node: Node<'_>) {
        let Some(function) = node.field("function") else {
            return;
        };
        let callee = self.source(function).to_owned();
        let (receiver, method) = match callee.rsplit_once('.') {
            Some((receiver, method)) => (receiver.to_owned(), method.to_owned()),
            None => (String::new(), callee.clone()),
        };
        let arguments = self.arguments(node);
        let mut call = Call::new(Client::JavaScriptHttp, function.byte_range());
        if let Some(library) = sdk_constructor(&callee) {
            let call = sdk_call(library, node, function, arguments.into_iter().next());
            self.parsed.calls.push(call);
            return;
        }
        if method == "fetch" && matches!(receiver.as_str(), "" | "window" | "globalThis" | "self") {
            let init = arguments.get(1);
            self.request(
                &mut call,
                arguments.first(),
                init,
                init.and_then(|i| i.get("headers")),
                init.and_then(|i| i.get("body")),
                None,
                node,
            );
        } else if receiver == "axios" && method == "axios"
            || callee == "axios"
            || (receiver == "axios" && method == "request")
        {
            let config = arguments.first();
            self.request(
                &mut call,
                config.and_then(|c| c.get("url")),
                config,
                config.and_then(|c| c.get("headers")),
                config.and_then(|c| c.get("data")),
                None,
                node,
            );
        } else if AXIOS_METHODS.contains(&method.as_str())
            && (receiver == "axios" || self.session_of(&receiver).is_some())
        {
            let with_data = matches!(method.as_str(), "post" | "put" | "patch");
            let config = arguments.get(if with_data { 2 } else { 1 });
            let data = if with_data { arguments.get(1) } else { None };
            let session = self.session_of(&receiver);
            self.request(
                &mut call,
                arguments.first(),
                config,
                config.and_then(|c| c.get("headers")),
                data,
                session,
                node,
            );
        } else if callee == "Object.assign" && !arguments.is_empty() {
            // `Object.assign(headers, {…})` on an object made here.
            let target = node
                .field("arguments")
                .and_then(|a| a.named_child(0))
                .map(|t| self.source(t).to_owned())
                .unwrap_or_default();
            if let Some(Value::Object(object)) = self.variables.get_mut(&target) {
                for more in arguments.into_iter().skip(1) {
                    object.spread(Some(more));
                }
            }
            return;
        } else if (method == "set" || method == "append") && arguments.len() >= 2 {
            // `headers.set("User-Agent", "…")` on a Headers object or plain object made here.
            if let (Some(Value::Object(object)), Some(name)) = (
                self.variables.get_mut(&receiver),
                arguments[0].text().known(),
            ) {
                object
                    .entries
                    .push((name, arguments[1].clone(), node.byte_range()));
            }
            return;
        } else if method == "create" && receiver.ends_with(".responses") {
            if let Some(Value::Text { text, span, .. }) =
                arguments.first().and_then(|o| o.get("model"))
            {
                if let Some(model) = text.known() {
                    self.parsed.models.push((model, span.clone()));
                }
            }
            return;
        } else {
            return;
        }
        self.parsed.calls.push(call);
    }

    fn session_of(&self, receiver: &str) -> Option<usize> {
        match self.variables.get(receiver) {
            Some(Value::Session(index)) => Some(*index),
            _ => None,
        }
    }

    /// Fills `call` from what the snippet shows; `options` is the object the headers come from
    /// (fetch's init, axios's config), if one is passed.
    #[allow(clippy::too_many_arguments)]
    fn request(
        &mut self,
        call: &mut Call,
        url: Option<&Value>,
        options: Option<&Value>,
        headers: Option<&Value>,
        body: Option<&Value>,
        session: Option<usize>,
        node: Node<'_>,
    ) {
        // Options the snippet does not show may hold headers: then nothing is known of them.
        let options_known = options
            .is_none_or(|o| matches!(o, Value::Object(o) if o.complete) || headers.is_some());
        let session = session.map(|i| &self.sessions[i]);
        if let Some(url) = url {
            let text = match session {
                Some(session) => session.url(url.text(), &mut self.budget),
                None => url.text(),
            };
            call.url = Some((text, url.span().unwrap_or(node.byte_range())));
        }
        let own = match (headers, options_known) {
            (_, false) => None,
            (Some(headers), true) => headers.headers(),
            (None, true) => Some(Vec::new()),
        };
        let base = match session {
            Some(session) => self.budget.copy(&session.headers).flatten(),
            None => Some(Vec::new()),
        };
        call.headers = merge_headers(base, own);
        if session.is_none() {
            call.header_site = header_site(options, headers, "headers");
        }
        match body {
            Some(Value::Text {
                text,
                span,
                verbatim_at,
            }) => {
                if let Some(body) = text.known() {
                    call.body = Some(Body {
                        text: body,
                        span: verbatim_at.map_or(span.clone(), |at| at..span.end),
                        verbatim: verbatim_at.is_some(),
                    });
                }
            }
            Some(object @ Value::Object(_)) => {
                if let Some(Value::Text { text, span, .. }) = object.get("model") {
                    if let Some(model) = text.known() {
                        call.model = Some((model, span.clone()));
                    }
                }
            }
            _ => {}
        }
    }

    fn arguments(&mut self, call: Node<'_>) -> Vec<Value> {
        let Some(list) = call.field("arguments") else {
            return Vec::new();
        };
        let mut cursor = list.walk();
        let children: Vec<Node<'_>> = list
            .named_children(&mut cursor)
            .filter(|c| c.kind() != "comment")
            .collect();
        children.into_iter().map(|child| self.eval(child)).collect()
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
            "string" => {
                let source = self.source(node);
                let quote = source.chars().next().unwrap_or('"');
                let inner = between_quotes(source, quote);
                let verbatim_at = (!inner.contains('\\')).then_some(span.start + 1);
                Value::Text {
                    text: Text::lit(unescape(inner)),
                    span,
                    verbatim_at,
                }
            }
            "template_string" => {
                let mut text = Text::default();
                let mut plain = true;
                let mut cursor = node.walk();
                let children: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
                for child in children {
                    match child.kind() {
                        "string_fragment" => text.push(Piece::Lit(self.source(child).to_owned())),
                        "escape_sequence" => {
                            plain = false;
                            text.push(Piece::Lit(unescape(self.source(child))));
                        }
                        "template_substitution" => {
                            plain = false;
                            let value = child.named_child(0).map(|e| self.eval(e));
                            text.append(value.map_or_else(|| Text::var("?"), |v| v.text()));
                        }
                        _ => {}
                    }
                }
                Value::Text {
                    text,
                    span: span.clone(),
                    verbatim_at: plain.then_some(span.start + 1),
                }
            }
            "binary_expression"
                if node
                    .field("operator")
                    .is_some_and(|o| self.source(o) == "+") =>
            {
                let mut text = Text::default();
                for side in ["left", "right"] {
                    if let Some(part) = node.field(side) {
                        text.append(self.eval(part).text());
                    }
                }
                Value::Text {
                    text,
                    span,
                    verbatim_at: None,
                }
            }
            "parenthesized_expression" | "await_expression" => match node.named_child(0) {
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
            "member_expression" => {
                let source = self.source(node);
                match source
                    .strip_prefix("process.env.")
                    .or_else(|| source.strip_prefix("import.meta.env."))
                {
                    Some(name) => Value::Text {
                        text: Text::var(name),
                        span,
                        verbatim_at: None,
                    },
                    None => Value::Unknown(source.to_owned()),
                }
            }
            "object" => self.object(node),
            "new_expression" => {
                // `new Headers({…})` is its object.
                let is_headers = node
                    .field("constructor")
                    .is_some_and(|c| self.source(c) == "Headers");
                match self.arguments(node).into_iter().next() {
                    Some(object @ Value::Object(_)) if is_headers => object,
                    None if is_headers => Value::Object(Object {
                        entries: vec![],
                        complete: true,
                        literal: None,
                    }),
                    _ => Value::Unknown(unknown_name(self.source(node))),
                }
            }
            "call_expression" => {
                let callee = node
                    .field("function")
                    .map(|f| self.source(f).to_owned())
                    .unwrap_or_default();
                let mut arguments = self.arguments(node);
                match callee.as_str() {
                    // The body's model is read from the object it stringifies.
                    "JSON.stringify" if !arguments.is_empty() => arguments.swap_remove(0),
                    "axios.create" => {
                        let config = arguments.into_iter().next();
                        let headers = config
                            .as_ref()
                            .and_then(|c| c.get("headers"))
                            .map_or(Some(Vec::new()), Value::headers);
                        let base_url = config
                            .as_ref()
                            .and_then(|c| c.get("baseURL"))
                            .map(Value::text);
                        self.sessions.push(Session { headers, base_url });
                        Value::Session(self.sessions.len() - 1)
                    }
                    _ => Value::Unknown(unknown_name(self.source(node))),
                }
            }
            _ => Value::Unknown(unknown_name(self.source(node))),
        }
    }

    fn object(&mut self, node: Node<'_>) -> Value {
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
                    let (Some(key), Some(value)) = (child.field("key"), child.field("value"))
                    else {
                        continue;
                    };
                    let name = match key.kind() {
                        "property_identifier" | "number" => Some(self.source(key).to_owned()),
                        "string" => self.eval(key).text().known(),
                        _ => None,
                    };
                    match name {
                        Some(name) => {
                            let value = self.eval(value);
                            object.entries.push((name, value, child.byte_range()));
                        }
                        None => object.complete = false,
                    }
                }
                "shorthand_property_identifier" => {
                    let name = self.source(child).to_owned();
                    let value = self
                        .variables
                        .get(&name)
                        .and_then(|value| self.budget.copy(value))
                        .unwrap_or(Value::Unknown(name.clone()));
                    object.entries.push((name, value, child.byte_range()));
                }
                "spread_element" => {
                    object.spread(child.named_child(0).map(|inner| self.eval(inner)))
                }
                "comment" => {}
                _ => object.complete = false,
            }
        }
        Value::Object(object)
    }
}

/// Where a header goes: into the headers object literal, or a new `name` property of the
/// options object literal.
/// The SDK whose constructor or factory `callee` is (`OpenAI`, `openai.OpenAI`,
/// `createOpenAI`), by the catalog.
fn sdk_constructor(callee: &str) -> Option<&'static Library> {
    let (module, name) = match callee.rsplit_once('.') {
        Some((module, name)) => (Some(module), name),
        None => (None, callee),
    };
    let catalog = Catalog::shared();
    module
        .and_then(|module| catalog.constructor(Language::JavaScript, name, Some(module)))
        .or_else(|| catalog.constructor(Language::JavaScript, name, None))
        .filter(|library| library.kind == Kind::Sdk)
}

/// The value at a dotted option path (`configuration.baseURL`) of an options object.
fn option_at<'v>(options: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.')
        .try_fold(options, |value, name| value.get(name))
}

/// A client made by an SDK's constructor or factory: its base URL, key, default headers and
/// model, from the options the catalog names.
fn sdk_call(
    library: &'static Library,
    node: Node<'_>,
    callee: Node<'_>,
    options: Option<Value>,
) -> Call {
    let options = options.unwrap_or(Value::Object(Object {
        entries: vec![],
        complete: true,
        literal: None,
    }));
    let mut call = Call::new(Client::Sdk(library), callee.byte_range());
    let spanned = |v: &Value| (v.text(), v.span().unwrap_or(node.byte_range()));
    let find = |names: &'static [String]| Library::option(names, |path| option_at(&options, path));
    call.url = find(&library.base_url).map(|(_, v)| spanned(v));
    call.api_key = find(&library.api_key).map(|(_, v)| spanned(v));
    let headers = find(&library.headers);
    call.headers = match (&options, headers) {
        (_, Some((_, headers))) => headers.headers(),
        (Value::Object(object), None) if object.complete => Some(Vec::new()),
        _ => None,
    };
    // A new headers option goes into the options object, when its path has one level.
    let site_name = headers
        .map(|(name, _)| name)
        .or(library.headers.first().map(String::as_str))
        .filter(|name| !name.contains('.'));
    call.header_site = match site_name {
        Some(name) => header_site(Some(&options), headers.map(|(_, v)| v), name),
        None => headers
            .and_then(|(_, v)| v.literal())
            .map(HeaderSite::Entries),
    };
    if let Some((_, Value::Text { text, span, .. })) = find(&library.model) {
        if let Some(model) = text.known() {
            call.model = Some((model, span.clone()));
        }
    }
    call
}

fn header_site(
    options: Option<&Value>,
    headers: Option<&Value>,
    name: &'static str,
) -> Option<HeaderSite> {
    match headers {
        Some(headers) => headers.literal().map(HeaderSite::Entries),
        None => options?
            .literal()
            .map(|span| HeaderSite::Option { span, name }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unterminated_string_ending_in_a_wide_character() {
        // Error recovery leaves the closing quote out; its text was cut by byte arithmetic
        // inside the `¡` (found by tests/properties.rs).
        let parsed = parse("fetch(u, { body: JSON.stringify({ input: \"¡\n+¡\" }) });\n");
        assert_eq!(parsed.calls.len(), 1);
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
    fn fetch_with_variables() {
        let code = r#"const BASE_URL = "https://www.open1.codes";
const apiKey = process.env.OPEN1_API_KEY;
const headers = { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" };
const response = await fetch(`${BASE_URL}/v1/responses`, {
  method: "POST",
  headers,
  body: JSON.stringify({ model: "gpt-5.4", input: "hi" }),
});
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
                "Authorization: Bearer ${OPEN1_API_KEY}",
                "Content-Type: application/json"
            ]
        );
        assert_eq!(call.model.as_ref().unwrap().0, "gpt-5.4");
        assert!(!parsed.in_browser);
    }

    #[test]
    fn spread_of_unknown_makes_headers_unknown() {
        let parsed =
            parse("fetch('https://www.open1.codes/v1/responses', { headers: { ...base } })");
        assert!(parsed.calls[0].headers.is_none());
        let parsed = parse("fetch('https://www.open1.codes/v1/responses', opts)");
        assert!(parsed.calls[0].headers.is_none(), "opts may hold headers");
        let parsed = parse("fetch('https://www.open1.codes/v1/responses')");
        assert!(
            parsed.calls[0].headers.is_some(),
            "no init object: only fetch's defaults"
        );
    }

    #[test]
    fn headers_object_and_axios() {
        let code = "const h = new Headers({ Authorization: 'Bearer x' });\nh.set('User-Agent', 'curl/8.0');\nfetch(url, { headers: h });\nconst api = axios.create({ baseURL: 'https://www.open1.codes', headers: { 'User-Agent': 'a' } });\napi.post('/v1/responses', { model: 'gpt-5' }, { headers: { Authorization: 'Bearer y' } });\ndocument.title = 'x';\n";
        let parsed = parse(code);
        assert_eq!(
            headers(&parsed.calls[0]),
            ["Authorization: Bearer x", "User-Agent: curl/8.0"]
        );
        assert_eq!(
            parsed.calls[1].url.as_ref().unwrap().0.known().unwrap(),
            "https://www.open1.codes/v1/responses"
        );
        assert_eq!(
            headers(&parsed.calls[1]),
            ["User-Agent: a", "Authorization: Bearer y"]
        );
        assert_eq!(parsed.calls[1].model.as_ref().unwrap().0, "gpt-5");
        assert!(parsed.in_browser);
    }

    #[test]
    fn objects_grow_after_they_are_made() {
        let code = "const headers = { Authorization: 'Bearer x' };\nheaders['User-Agent'] = 'curl/8.0';\nheaders.Accept = 'application/json';\nObject.assign(headers, { 'X-A': '1' });\nfetch('https://www.open1.codes/v1/responses', { headers });\n";
        let parsed = parse(code);
        assert_eq!(
            headers(&parsed.calls[0]),
            [
                "Authorization: Bearer x",
                "User-Agent: curl/8.0",
                "Accept: application/json",
                "X-A: 1"
            ]
        );
    }

    #[test]
    fn openai_client() {
        let parsed = parse(
            "const client = new OpenAI({ apiKey: process.env.K, baseURL: 'https://www.open1.codes' });\nawait client.responses.create({ model: 'gpt-5.4' });",
        );
        let call = &parsed.calls[0];
        assert_eq!(call.client.library().unwrap().id, "openai-node");
        assert_eq!(
            call.url.as_ref().unwrap().0.known().unwrap(),
            "https://www.open1.codes"
        );
        assert_eq!(parsed.models[0].0, "gpt-5.4");
    }
}
