//! JavaScript and TypeScript: fetch and axios calls, and the clients of the catalog's libraries
//! (the openai SDK, the AI SDK's providers, LangChain) with the models given to them.
//!
//! TypeScript is parsed with its own grammar (and a snippet whose grammar finds an error is tried
//! with the other: TypeScript is often shown in a `js` block, JSX in a `ts` one); its
//! expressions that only add types (`x as T`, `x satisfies T`, `x!`) are their inner value.

use std::collections::HashMap;

use tree_sitter::Node;

use super::value::{
    Budget, Object, Session, Value, capped, client_appends, merge_headers, unknown_name,
};
use super::{
    Body, Call, Client, Field, HeaderSite, Parsed, Piece, Text, script_grammar, tree, walk,
};
use crate::catalog::{Catalog, Kind, Language, Library};
use crate::extract::Syntax;
use crate::literal::{between_quotes, unescape};

/// Where a name the snippet imports comes from.
#[derive(Debug)]
struct Import {
    module: String,
    /// Its name in the module; `None` for the module itself (a default or namespace import,
    /// `const openai = require("openai")`).
    name: Option<String>,
}

#[derive(Default)]
struct State<'a> {
    code: &'a str,
    variables: HashMap<String, Value>,
    /// Names brought in by `import` or `require`.
    imports: HashMap<String, Import>,
    /// Variables holding a client made here (`const open1 = createOpenAI({…})`): its call.
    clients: HashMap<String, usize>,
    /// Where clients were made ahead of the walk (`new OpenAI({…}).responses.create(…)`): the
    /// walk does not make them again.
    made: std::collections::HashSet<usize>,
    sessions: Vec<Session>,
    /// What may still be copied from variables and sessions.
    budget: Budget,
    /// How deep `eval` is: expressions nested deeper are unknown (no stack overflow on
    /// `{"a": {"a": …}}` ten thousand levels down).
    depth: usize,
    parsed: Parsed,
}

/// The syntax tree of `code`: by the grammar of its syntax, or when that one finds an error,
/// by the first other one that finds none.
pub fn syntax_tree(code: &str, syntax: Syntax) -> Option<tree_sitter::Tree> {
    let others: &[Syntax] = match syntax {
        Syntax::JavaScript | Syntax::TypeScript => &[Syntax::Tsx],
        Syntax::Tsx => &[Syntax::TypeScript],
    };
    let first = tree(script_grammar(syntax), code)?;
    if !first.root_node().has_error() {
        return Some(first);
    }
    others
        .iter()
        .filter_map(|&other| tree(script_grammar(other), code))
        .find(|tree| !tree.root_node().has_error())
        .or(Some(first))
}

pub fn parse(code: &str, syntax: Syntax) -> Parsed {
    let Some(tree) = syntax_tree(code, syntax) else {
        return Parsed::default();
    };
    let mut state = State {
        code,
        ..State::default()
    };
    state.parsed.in_browser = client_component(tree.root_node(), code);
    walk(tree.root_node(), &mut |node| match node.kind() {
        "import_statement" => state.import(node),
        "variable_declarator" => {
            if let (Some(name), Some(value)) = (node.field("name"), node.field("value")) {
                if state.require(name, value) {
                    return;
                }
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

    /// `import OpenAI from "openai"`, `import { ChatOpenAI as Chat } from "@langchain/openai"`,
    /// `import * as ai from "…"`.
    fn import(&mut self, node: Node<'_>) {
        let Some(module) = node
            .field("source")
            .and_then(|source| self.eval(source).text().known())
        else {
            return;
        };
        let bind = |local: Node<'_>, name: Option<Node<'_>>, state: &mut Self| {
            let name = name.map(|name| state.source(name).to_owned());
            let local = state.source(local).to_owned();
            let module = module.clone();
            state.imports.insert(local, Import { module, name });
        };
        let mut cursor = node.walk();
        let clauses: Vec<Node<'_>> = node
            .named_children(&mut cursor)
            .filter(|c| c.kind() == "import_clause")
            .collect();
        for clause in clauses {
            let mut cursor = clause.walk();
            let parts: Vec<Node<'_>> = clause.named_children(&mut cursor).collect();
            for part in parts {
                match part.kind() {
                    "identifier" => bind(part, None, self),
                    "namespace_import" => {
                        if let Some(local) = part.named_child(0) {
                            bind(local, None, self);
                        }
                    }
                    "named_imports" => {
                        let mut cursor = part.walk();
                        let specifiers: Vec<Node<'_>> = part
                            .named_children(&mut cursor)
                            .filter(|s| s.kind() == "import_specifier")
                            .collect();
                        for specifier in specifiers {
                            if let Some(name) = specifier.field("name") {
                                let local = specifier.field("alias").unwrap_or(name);
                                bind(local, Some(name), self);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// `const OpenAI = require("openai")`, `const { createOpenAI } = require("@ai-sdk/openai")`,
    /// `const OpenAI = require("openai").OpenAI`: whether the declaration was one.
    fn require(&mut self, pattern: Node<'_>, value: Node<'_>) -> bool {
        let (call, member) = match value.kind() {
            "member_expression" => match (value.field("object"), value.field("property")) {
                (Some(object), Some(property)) => (object, Some(self.source(property).to_owned())),
                _ => return false,
            },
            _ => (value, None),
        };
        let is_require = call.kind() == "call_expression"
            && call
                .field("function")
                .is_some_and(|f| self.source(f) == "require");
        if !is_require {
            return false;
        }
        let Some(module) = self.arguments(call).first().and_then(|m| m.text().known()) else {
            return false;
        };
        let import = |name: Option<String>| Import {
            module: module.clone(),
            name,
        };
        match pattern.kind() {
            "identifier" => {
                let local = self.source(pattern).to_owned();
                self.imports.insert(local, import(member));
            }
            "object_pattern" if member.is_none() => {
                let mut cursor = pattern.walk();
                let parts: Vec<Node<'_>> = pattern.named_children(&mut cursor).collect();
                for part in parts {
                    let (name, local) = match part.kind() {
                        "shorthand_property_identifier_pattern" => (part, part),
                        "pair_pattern" => match (part.field("key"), part.field("value")) {
                            (Some(key), Some(value)) if value.kind() == "identifier" => {
                                (key, value)
                            }
                            _ => continue,
                        },
                        _ => continue,
                    };
                    let name = self.source(name).to_owned();
                    let local = self.source(local).to_owned();
                    self.imports.insert(local, import(Some(name)));
                }
            }
            _ => {}
        }
        true
    }

    /// The SDK whose constructor or factory `callee` is (`OpenAI`, `openai.OpenAI`,
    /// `createOpenAI`, an imported alias): by the module it was imported from, else by the
    /// catalog's names. A name imported from a module of no library is none of them. `new`
    /// of a module's default import (`import Client from "openai"`) is its library's client.
    fn sdk_constructor(&self, callee: &str, new: bool) -> Option<&'static Library> {
        let catalog = Catalog::shared();
        let js = Language::JavaScript;
        let (head, name) = match callee.rsplit_once('.') {
            Some((head, name)) => (Some(head), name),
            None => (None, callee),
        };
        let library = match (
            head,
            head.map_or_else(|| self.imports.get(name), |h| self.imports.get(h)),
        ) {
            (
                None,
                Some(Import {
                    module,
                    name: Some(original),
                }),
            ) => catalog.constructor(js, original, Some(module)),
            (None, Some(Import { module, name: None })) => {
                catalog.constructor(js, name, Some(module)).or_else(|| {
                    new.then(|| {
                        catalog
                            .of(js)
                            .find(|l| l.kind == Kind::Sdk && l.is_module(module))
                    })
                    .flatten()
                })
            }
            (None, None) => catalog.constructor(js, name, None),
            (Some(_), Some(Import { module, name: None })) => {
                catalog.constructor(js, name, Some(module))
            }
            (Some(_), Some(_)) => None,
            (Some(head), None) => catalog
                .constructor(js, name, Some(head))
                .or_else(|| catalog.constructor(js, name, None)),
        };
        library.filter(|library| library.kind == Kind::Sdk)
    }

    /// An SDK client's call: kept, and the variable it is assigned to remembered.
    fn push_client(&mut self, node: Node<'_>, call: Call) {
        self.parsed.calls.push(call);
        let index = self.parsed.calls.len() - 1;
        // Up through what only wraps the value: `await`, parentheses, `as T`.
        let mut value = node;
        while let Some(parent) = value.parent() {
            match parent.kind() {
                "await_expression"
                | "parenthesized_expression"
                | "as_expression"
                | "satisfies_expression"
                | "non_null_expression" => value = parent,
                _ => break,
            }
        }
        let Some(parent) = value.parent() else {
            return;
        };
        let target = match parent.kind() {
            "variable_declarator" => parent.field("name"),
            "assignment_expression" => parent.field("left"),
            // A class field: `private client = new OpenAI({…})`, used as `this.client`.
            "public_field_definition" | "field_definition" => {
                parent.field("name").or_else(|| parent.field("property"))
            }
            _ => None,
        };
        if let Some(target) = target {
            let mut name = self.source(target).to_owned();
            if matches!(
                parent.kind(),
                "public_field_definition" | "field_definition"
            ) {
                name = format!("this.{name}");
            }
            self.clients.insert(name, index);
        }
    }

    /// The name a constructor was imported by (`ChatOpenAI` for `import { ChatOpenAI as Chat }`),
    /// else its last name.
    fn constructor_name(&self, callee: &str) -> String {
        let name = callee.rsplit('.').next().unwrap_or(callee);
        match self.imports.get(callee) {
            Some(Import {
                name: Some(original),
                ..
            }) => original.clone(),
            _ => name.to_owned(),
        }
    }

    /// A call of an API of an SDK client made here (`client.chat.completions.create(…)`,
    /// `this.client.responses.create(…)`, `new OpenAI({…}).chat.completions.create(…)`): recorded
    /// on that client with the path the API posts to, as the catalog's `apis` says. The
    /// client's index.
    fn api_request(&mut self, function: Node<'_>) -> Option<usize> {
        let mut names = Vec::new();
        let mut root = function;
        while root.kind() == "member_expression" {
            names.push(self.source(root.field("property")?).to_owned());
            root = root.field("object")?;
        }
        // Up through what only wraps the client: parentheses, `as T`, `!`.
        while matches!(
            root.kind(),
            "parenthesized_expression" | "as_expression" | "non_null_expression"
        ) {
            root = root.named_child(0)?;
        }
        names.reverse();
        let index = match root.kind() {
            "identifier" | "this" => {
                let name = self.source(root).to_owned();
                let this = names.first().map(|first| format!("{name}.{first}"));
                match this.as_ref().and_then(|this| self.clients.get(this)) {
                    Some(&index) => {
                        names.remove(0);
                        index
                    }
                    None => *self.clients.get(&name)?,
                }
            }
            // Made here, before the walk reaches it.
            "new_expression" | "call_expression" => {
                let field = match root.kind() {
                    "new_expression" => "constructor",
                    _ => "function",
                };
                let constructor = root.field(field)?;
                let callee = self.source(constructor).to_owned();
                let library = self.sdk_constructor(&callee, root.kind() == "new_expression")?;
                let arguments = self.arguments(root);
                let name = self.constructor_name(&callee);
                let call = sdk_call(library, &name, root, constructor, arguments);
                self.made.insert(root.start_byte());
                self.parsed.calls.push(call);
                self.parsed.calls.len() - 1
            }
            _ => return None,
        };
        let called = &self.code[function.byte_range()];
        let call = &mut self.parsed.calls[index];
        super::record_request(call, &names, called, function.byte_range()).then_some(index)
    }

    /// A model given to a client made here (`open1("gpt-5.4")`, `open1.responses("…")`, the
    /// catalog's `model_methods`): kept when that client is configured with a base URL, as a
    /// relay client is. Whether the call was one.
    fn client_model(
        &mut self,
        receiver: &str,
        method: &str,
        arguments: &[Value],
        function: Node<'_>,
    ) -> bool {
        let (client, method) = match self.clients.get(receiver) {
            Some(&client) => (client, method),
            None => match self.clients.get(method).filter(|_| receiver.is_empty()) {
                Some(&client) => (client, ""),
                None => return false,
            },
        };
        let call = &self.parsed.calls[client];
        let Some(library) = call.client.library() else {
            return false;
        };
        if !library.model_methods.iter().any(|m| m == method) {
            return false;
        }
        // `provider.chat("…")`: a model of another API than the client's own.
        if let Some((_, path)) = library.api(&[method]) {
            let (name, named) = super::called_name(self.source(function), &[method]);
            let request = super::ApiRequest {
                name,
                client: named,
                path: path.to_owned(),
                span: function.byte_range(),
            };
            self.parsed.calls[client].requests.push(request);
        }
        if self.parsed.calls[client].url.is_some() {
            if let Some(Value::Text { text, span, .. }) = arguments.first() {
                if let Some(model) = text.known() {
                    self.parsed.models.push((model, span.clone()));
                }
            }
        }
        true
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
        if self.made.contains(&node.start_byte()) {
            return;
        }
        if let Some(library) = self.sdk_constructor(&name, true) {
            let arguments = self.arguments(node);
            let call = sdk_call(
                library,
                &self.constructor_name(&name),
                node,
                constructor,
                arguments,
            );
            self.push_client(node, call);
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
        if self.made.contains(&node.start_byte()) {
            return;
        }
        let arguments = self.arguments(node);
        let mut call = Call::new(Client::JavaScriptHttp, function.byte_range());
        if let Some(library) = self.sdk_constructor(&callee, false) {
            let name = self.constructor_name(&callee);
            let call = sdk_call(library, &name, node, function, arguments);
            self.push_client(node, call);
            return;
        }
        if self.client_model(&receiver, &method, &arguments, function) {
            return;
        }
        let request = self.api_request(function);
        let (fetch, axios) = (http("fetch"), http("axios"));
        let on_axios = self.is_module(&receiver, axios);
        if fetch.constructors.contains(&method)
            && matches!(receiver.as_str(), "" | "window" | "globalThis" | "self")
        {
            let init = arguments.get(1);
            call.method = method_of(init, "GET");
            self.request(
                &mut call,
                arguments.first(),
                init,
                option(init, &fetch.headers),
                option(init, &fetch.body),
                None,
                node,
            );
        } else if (receiver.is_empty() && self.is_module(&method, axios))
            || (on_axios && (method == "request" || axios.constructors.contains(&method)))
        {
            // `axios(config)`, `axios.request(config)`.
            let config = arguments.first();
            call.method = method_of(config, "GET");
            self.request(
                &mut call,
                option(config, &axios.url),
                config,
                option(config, &axios.headers),
                option(config, &axios.body),
                None,
                node,
            );
        } else if axios.methods.contains(&method)
            && (on_axios || self.session_of(&receiver).is_some())
        {
            // `axios.post(url, data, config)`, `axios.get(url, config)`, on a session too.
            let with_data = matches!(method.as_str(), "post" | "put" | "patch");
            let config = arguments.get(if with_data { 2 } else { 1 });
            let data = if with_data { arguments.get(1) } else { None };
            let session = self.session_of(&receiver);
            call.method = match method.as_str() {
                "request" => method_of(config, "GET"),
                verb => Some(verb.to_ascii_uppercase()),
            };
            self.request(
                &mut call,
                arguments.first(),
                config,
                option(config, &axios.headers),
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
        } else if let Some(client) = receiver
            .strip_suffix(".responses")
            .or_else(|| receiver.strip_suffix(".chat.completions"))
            .filter(|_| method == "create")
        {
            // `client.responses.create({ model })`; not for a client made here without a base
            // URL, which goes to OpenAI itself.
            let elsewhere = match request {
                Some(index) => self.parsed.calls[index].url.is_none(),
                None => self
                    .clients
                    .get(client)
                    .is_some_and(|&i| self.parsed.calls[i].url.is_none()),
            };
            if elsewhere {
                return;
            }
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

    /// Whether `name` is `library`'s module: by its own name (`axios`), or imported or required
    /// as it under another.
    fn is_module(&self, name: &str, library: &Library) -> bool {
        match self.imports.get(name) {
            Some(Import { module, name: None }) => library.is_module(module),
            Some(_) => false,
            None => library.modules.iter().any(|m| m == name),
        }
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
            // `process.env.X ?? "literal"`: the literal is what the snippet shows will be sent.
            "binary_expression"
                if node
                    .field("operator")
                    .is_some_and(|o| matches!(self.source(o), "??" | "||")) =>
            {
                let left = node.field("left").map(|left| self.eval(left));
                if let Some(left @ Value::Text { .. }) = &left {
                    if left.text().known().is_some() {
                        return left.clone();
                    }
                }
                let right = node.field("right").map(|right| self.eval(right));
                match right {
                    Some(right @ Value::Text { .. }) if right.text().known().is_some() => right,
                    _ => left.unwrap_or_else(|| Value::Unknown(unknown_name(self.source(node)))),
                }
            }
            // TypeScript: `x as T`, `x satisfies T`, `x!` are `x`.
            "parenthesized_expression"
            | "await_expression"
            | "as_expression"
            | "satisfies_expression"
            | "non_null_expression" => match node.named_child(0) {
                Some(inner) => self.eval(inner),
                None => Value::Unknown(String::new()),
            },
            // TypeScript's older `<T>x`.
            "type_assertion" => match node.named_child(1) {
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
                let axios = http("axios");
                let session = callee.rsplit_once('.').is_some_and(|(receiver, method)| {
                    self.is_module(receiver, axios) && axios.sessions.iter().any(|s| s == method)
                });
                match callee.as_str() {
                    // The body's model is read from the object it stringifies.
                    "JSON.stringify" if !arguments.is_empty() => arguments.swap_remove(0),
                    // `axios.create({ baseURL, headers })`
                    _ if session => {
                        let config = arguments.into_iter().next();
                        let headers = option(config.as_ref(), &axios.headers)
                            .map_or(Some(Vec::new()), Value::headers);
                        let base_url = option(config.as_ref(), &axios.base_url).map(Value::text);
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

/// Whether the code starts with React's `"use client"` directive: a component that runs in the
/// browser (Next.js).
fn client_component(root: Node<'_>, code: &str) -> bool {
    let mut cursor = root.walk();
    root.named_children(&mut cursor)
        .filter(|node| node.kind() != "comment")
        .map_while(|node| {
            let directive = node.kind() == "expression_statement"
                && node.named_child(0).is_some_and(|s| s.kind() == "string");
            directive.then(|| code[node.byte_range()].trim_end_matches(';'))
        })
        .any(|directive| matches!(directive, "\"use client\"" | "'use client'"))
}

/// A raw HTTP library of the catalog (fetch, axios): what its calls are named and where their
/// options go.
fn http(id: &str) -> &'static Library {
    Catalog::shared()
        .get(id)
        .filter(|library| library.kind == Kind::Http)
        .unwrap_or_else(|| panic!("templates/clients.toml has no HTTP library {id}"))
}

/// The first option of `names` that an options object holds.
/// The method of fetch's init or axios's config: its `method`, else `default` when the object
/// shows every option it has.
fn method_of(options: Option<&Value>, default: &str) -> Option<String> {
    match (options, options.and_then(|o| o.get("method"))) {
        (_, Some(method)) => method.text().known().map(|m| m.to_ascii_uppercase()),
        (None, None) => Some(default.to_owned()),
        (Some(Value::Object(object)), None) if object.complete => Some(default.to_owned()),
        _ => None,
    }
}

fn option<'v>(options: Option<&'v Value>, names: &[String]) -> Option<&'v Value> {
    Library::option(names, |path| option_at(options?, path)).map(|(_, value)| value)
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
    constructor: &str,
    node: Node<'_>,
    callee: Node<'_>,
    mut arguments: Vec<Value>,
) -> Call {
    if arguments.is_empty() {
        arguments.push(Value::Object(Object {
            entries: vec![],
            complete: true,
            literal: None,
        }));
    }
    let options = &arguments[0];
    let mut call = Call::new(Client::Sdk(library), callee.byte_range());
    let spanned = |v: &Value| (v.text(), v.span().unwrap_or(node.byte_range()));
    // A path naming another argument starts with its index (`1.basePath`: LangChain's old
    // second argument).
    let at = |path: &str| match path.split_once('.') {
        Some((index, rest)) if index.bytes().all(|b| b.is_ascii_digit()) => {
            option_at(arguments.get(index.parse::<usize>().ok()?)?, rest)
        }
        _ => option_at(options, path),
    };
    let find = |names: &'static [String]| Library::option(names, at);
    call.url = find(&library.base_url).map(|(_, v)| spanned(v));
    call.api_key = find(&library.api_key).map(|(_, v)| spanned(v));
    let headers = find(&library.headers);
    call.headers = match (options, headers) {
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
        Some(name) => header_site(Some(options), headers.map(|(_, v)| v), name),
        None => headers
            .and_then(|(_, v)| v.literal())
            .map(HeaderSite::Entries),
    };
    if let Some((_, Value::Text { text, span, .. })) = find(&library.model) {
        if let Some(model) = text.known() {
            call.model = Some((model, span.clone()));
        }
    }
    let open = !matches!(options, Value::Object(object) if object.complete);
    let model = call.model.as_ref().map(|(model, _)| model.as_str());
    call.appends = client_appends(library, constructor, |name| at(name), open, model);
    call
}

/// Where a header goes: into the headers object literal, or a new `name` property of the
/// options object literal.
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

    fn js(code: &str) -> Parsed {
        parse(code, Syntax::JavaScript)
    }

    fn ts(code: &str) -> Parsed {
        parse(code, Syntax::TypeScript)
    }

    #[test]
    fn an_unterminated_string_ending_in_a_wide_character() {
        // Error recovery leaves the closing quote out; its text was cut by byte arithmetic
        // inside the `¡` (found by tests/properties.rs).
        let parsed = js("fetch(u, { body: JSON.stringify({ input: \"¡\n+¡\" }) });\n");
        assert_eq!(parsed.calls.len(), 1);
    }

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
        let parsed = js(code);
        let [call] = parsed.calls.as_slice() else {
            panic!("{parsed:?}")
        };
        assert_eq!(url(call), "https://www.open1.codes/v1/responses");
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
        let parsed = js("fetch('https://www.open1.codes/v1/responses', { headers: { ...base } })");
        assert!(parsed.calls[0].headers.is_none());
        let parsed = js("fetch('https://www.open1.codes/v1/responses', opts)");
        assert!(parsed.calls[0].headers.is_none(), "opts may hold headers");
        let parsed = js("fetch('https://www.open1.codes/v1/responses')");
        assert!(
            parsed.calls[0].headers.is_some(),
            "no init object: only fetch's defaults"
        );
    }

    #[test]
    fn headers_object_and_axios() {
        let code = "const h = new Headers({ Authorization: 'Bearer x' });\nh.set('User-Agent', 'curl/8.0');\nfetch(url, { headers: h });\nconst api = axios.create({ baseURL: 'https://www.open1.codes', headers: { 'User-Agent': 'a' } });\napi.post('/v1/responses', { model: 'gpt-5' }, { headers: { Authorization: 'Bearer y' } });\ndocument.title = 'x';\n";
        let parsed = js(code);
        assert_eq!(
            headers(&parsed.calls[0]),
            ["Authorization: Bearer x", "User-Agent: curl/8.0"]
        );
        assert_eq!(
            url(&parsed.calls[1]),
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
        let parsed = js(code);
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
        let parsed = js(
            "const client = new OpenAI({ apiKey: process.env.K, baseURL: 'https://www.open1.codes' });\nawait client.responses.create({ model: 'gpt-5.4' });",
        );
        let call = &parsed.calls[0];
        assert_eq!(call.client.library().unwrap().id, "openai-node");
        assert_eq!(url(call), "https://www.open1.codes");
        assert_eq!(parsed.models[0].0, "gpt-5.4");
    }

    fn library(call: &Call) -> &str {
        call.client.library().map_or("", |l| l.id.as_str())
    }

    #[test]
    fn imports_name_the_library() {
        let cases = [
            (
                "import OpenAI from 'openai';\nnew OpenAI({ baseURL: 'u' });",
                "openai-node",
            ),
            (
                "import Client from 'openai';\nnew Client({ baseURL: 'u' });",
                "openai-node",
            ),
            (
                "import { createOpenAI as make } from '@ai-sdk/openai';\nmake({ baseURL: 'u' });",
                "ai-sdk-openai",
            ),
            (
                "import { ChatOpenAI as Chat } from '@langchain/openai';\nnew Chat({ configuration: { baseURL: 'u' } });",
                "langchain-js",
            ),
            (
                "import * as ai from '@ai-sdk/openai-compatible';\nai.createOpenAICompatible({ name: 'x', baseURL: 'u' });",
                "ai-sdk-openai-compatible",
            ),
            (
                "const { createOpenAI } = require('@ai-sdk/openai');\ncreateOpenAI({ baseURL: 'u' });",
                "ai-sdk-openai",
            ),
            (
                "const OpenAI = require('openai');\nnew OpenAI({ baseURL: 'u' });",
                "openai-node",
            ),
            (
                "const openai = require('openai');\nnew openai.OpenAI({ baseURL: 'u' });",
                "openai-node",
            ),
            (
                "const { OpenAI: Client } = require('openai');\nnew Client({ baseURL: 'u' });",
                "openai-node",
            ),
        ];
        for (code, id) in cases {
            let parsed = ts(code);
            assert_eq!(
                parsed.calls.iter().map(library).collect::<Vec<_>>(),
                [id],
                "{code}"
            );
        }
        // A name imported from a module of no library of the catalog is not its constructor.
        let parsed =
            js("import { createOpenAI } from './my-openai';\ncreateOpenAI({ baseURL: 'u' });");
        assert!(parsed.calls.is_empty(), "{parsed:?}");
    }

    #[test]
    fn models_given_to_a_provider() {
        let code = "import { createOpenAI } from '@ai-sdk/openai';\nconst open1 = createOpenAI({ baseURL: 'https://www.open1.codes/v1' });\nawait generateText({ model: open1('gpt-5.4'), prompt: 'hi' });\nstreamText({ model: open1.responses('gpt-5.9') });\nopen1.chat('gpt-5.2');\nconst other = createOpenAI({});\nother('not-checked');\n";
        let parsed = ts(code);
        let models: Vec<&str> = parsed.models.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(models, ["gpt-5.4", "gpt-5.9", "gpt-5.2"]);
        assert_eq!(&code[parsed.models[0].1.clone()], "'gpt-5.4'");
        // `client.responses.create`: not for a client without a base URL.
        let code = "const relay = new OpenAI({ baseURL: 'https://www.open1.codes/v1' });\nconst openai = new OpenAI();\nawait relay.responses.create({ model: 'gpt-5.4' });\nawait openai.chat.completions.create({ model: 'gpt-4o' });\nawait relay.chat.completions.create({ model: 'gpt-5.2' });\n";
        let models: Vec<String> = ts(code).models.into_iter().map(|(m, _)| m).collect();
        assert_eq!(models, ["gpt-5.4", "gpt-5.2"]);
    }

    #[test]
    fn values_through_spreads_and_env_defaults() {
        let code = "const common = { baseURL: process.env.OPEN1_BASE_URL ?? 'https://www.open1.codes' };\nconst apiKey = process.env.OPENAI_API_KEY || 'sk-a b';\nconst base: ClientOptions = { ...common, apiKey };\nnew OpenAI({ ...base, defaultHeaders: { 'User-Agent': 'x' } });\nnew ChatOpenAI({ model: 'gpt-5', configuration: { ...common } });\nnew OpenAI({ baseURL: import.meta.env.VITE_BASE, apiKey: process.env.K! });\n";
        let parsed = ts(code);
        let [openai, langchain, bare] = parsed.calls.as_slice() else {
            panic!("{parsed:?}")
        };
        assert_eq!(url(openai), "https://www.open1.codes");
        assert_eq!(
            openai.api_key.as_ref().unwrap().0.known().unwrap(),
            "sk-a b"
        );
        assert_eq!(headers(openai), ["User-Agent: x"]);
        assert_eq!(url(langchain), "https://www.open1.codes");
        assert_eq!(langchain.model.as_ref().unwrap().0, "gpt-5");
        assert_eq!(bare.url.as_ref().unwrap().0.known(), None);
        assert_eq!(bare.api_key.as_ref().unwrap().0.known(), None);
    }

    #[test]
    fn a_client_component_runs_in_the_browser() {
        let code = "// page.tsx\n'use client';\nimport { useState } from 'react';\nfetch('https://www.open1.codes/v1/responses');\n";
        assert!(parse(code, Syntax::Tsx).in_browser);
        assert!(!js("import x from 'y';\n'use client';\nfetch(u);\n").in_browser);
    }

    #[test]
    fn langchain_options_in_a_second_argument() {
        let parsed = js(
            "new ChatOpenAI({ modelName: 'gpt-4' }, { basePath: 'https://www.open1.codes/v1', baseOptions: { headers: { 'User-Agent': 'x' } } });",
        );
        let call = &parsed.calls[0];
        assert_eq!(url(call), "https://www.open1.codes/v1");
        assert_eq!(headers(call), ["User-Agent: x"]);
        assert_eq!(call.model.as_ref().unwrap().0, "gpt-4");
    }

    #[test]
    fn typescript_declarations_keep_their_values() {
        let parsed =
            ts("const c = new OpenAI(<ClientOptions>{ baseURL: 'https://www.open1.codes/v1' });");
        assert!(parsed.calls[0].url.is_some());
        let code = "interface Opts { baseURL: string }\nconst key: string = 'sk-a b';\nconst opts: ClientOptions = { baseURL: 'https://www.open1.codes/v1', apiKey: key } satisfies ClientOptions;\nconst headers: Record<string, string> = { 'User-Agent': 'x' };\nexport const client = new OpenAI({ ...opts, defaultHeaders: headers } as const);\n";
        for parsed in [ts(code), js(code)] {
            let [call] = parsed.calls.as_slice() else {
                panic!("{parsed:?}")
            };
            assert_eq!(call.api_key.as_ref().unwrap().0.known().unwrap(), "sk-a b");
            assert_eq!(headers(call), ["User-Agent: x"]);
        }
    }

    #[test]
    fn the_method_a_request_sends() {
        for (code, method) in [
            ("fetch('https://www.open1.codes/v1/models')", Some("GET")),
            (
                "fetch('https://www.open1.codes/v1/models', { headers: {} })",
                Some("GET"),
            ),
            (
                "fetch('https://www.open1.codes/v1/responses', { method: 'post' })",
                Some("POST"),
            ),
            (
                "fetch('https://www.open1.codes/v1/responses', { ...init })",
                None,
            ),
            (
                "import axios from 'axios';\naxios.get('https://www.open1.codes/v1/models')",
                Some("GET"),
            ),
            (
                "import axios from 'axios';\naxios.post('https://www.open1.codes/v1/responses', {})",
                Some("POST"),
            ),
            (
                "import axios from 'axios';\naxios({ url: 'https://www.open1.codes/v1/responses', method: 'POST' })",
                Some("POST"),
            ),
        ] {
            let parsed = parse(code, Syntax::JavaScript);
            assert_eq!(parsed.calls[0].method.as_deref(), method, "{code}");
        }
    }
}
