//! Values of Python and JavaScript expressions, as far as a snippet shows them.

use super::{Header, Piece, Span, Text};
use crate::catalog::Library;

/// The most a value the snippet builds may weigh (about its size in bytes); a variable assigned
/// a heavier one is unknown, as if the snippet did not show it. Snippets send a few kilobytes;
/// this keeps `V1="$V0$V0"`, `V2="$V1$V1"`… from doubling memory thirty times over.
pub const MAX_VALUE: usize = 64 * 1024;

/// How much one snippet's evaluation may copy from its variables and sessions in all: past it,
/// every further use of a variable is unknown. Bounds memory where many uses of one value would
/// (a thousand `curl … -H "$H"` of a 64 KiB `$H`).
const BUDGET: usize = 4 * 1024 * 1024;

/// The longest source text kept as the name of an unknown value (`$(…)`, `f(…)`); longer ones
/// are cut, so nested unknowns do not each keep a copy of everything inside them.
const MAX_NAME: usize = 256;

/// About how many bytes a value takes.
pub trait Weigh {
    fn weight(&self) -> usize;
}

impl Weigh for Text {
    fn weight(&self) -> usize {
        self.pieces
            .iter()
            .map(|piece| match piece {
                Piece::Lit(text) | Piece::Var(text) => 1 + text.len(),
            })
            .sum()
    }
}

impl Weigh for Header {
    fn weight(&self) -> usize {
        1 + self.name.len() + self.value.weight()
    }
}

impl<T: Weigh> Weigh for Vec<T> {
    fn weight(&self) -> usize {
        1 + self.iter().map(Weigh::weight).sum::<usize>()
    }
}

impl<T: Weigh> Weigh for Option<T> {
    fn weight(&self) -> usize {
        self.as_ref().map_or(1, Weigh::weight)
    }
}

impl Weigh for Value {
    fn weight(&self) -> usize {
        match self {
            Value::Text { text, .. } => text.weight(),
            Value::Object(object) => {
                1 + object
                    .entries
                    .iter()
                    .map(|(key, value, _)| 1 + key.len() + value.weight())
                    .sum::<usize>()
            }
            Value::Session(_) | Value::Request(_) => 1,
            Value::Unknown(name) => 1 + name.len(),
        }
    }
}

/// What one snippet's evaluation may still copy (see [`BUDGET`]).
#[derive(Debug)]
pub struct Budget {
    left: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget { left: BUDGET }
    }
}

impl Budget {
    /// A copy of `value` for one more use of it, or `None` (unknown) once the budget is spent.
    /// Spent means spent: after one copy is refused all are, so no value is weighed again.
    pub fn copy<T: Weigh + Clone>(&mut self, value: &T) -> Option<T> {
        if self.left == 0 {
            return None;
        }
        match self.left.checked_sub(value.weight()) {
            Some(left) => {
                self.left = left;
                Some(value.clone())
            }
            None => {
                self.left = 0;
                None
            }
        }
    }
}

/// `value`, when it weighs no more than [`MAX_VALUE`]; a variable assigned a heavier one is
/// unknown.
pub fn capped<T: Weigh>(value: T) -> Option<T> {
    (value.weight() <= MAX_VALUE).then_some(value)
}

/// The name an unknown value is shown by: its source, cut to [`MAX_NAME`] bytes.
pub fn unknown_name(source: &str) -> String {
    if source.len() <= MAX_NAME {
        return source.to_owned();
    }
    let mut end = MAX_NAME;
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &source[..end])
}

/// An HTTP session or client made in the snippet — `requests.Session()`, `httpx.Client(…)`,
/// `aiohttp.ClientSession(…)`, `axios.create(…)`: headers and a base URL its requests share.
#[derive(Debug, Default)]
pub struct Session {
    pub headers: Option<Vec<Header>>,
    pub base_url: Option<Text>,
}

impl Session {
    /// A request's URL: a relative one (`/responses`, `responses`) is joined to the base URL
    /// with one slash between them, as httpx and axios join them (`…/v1/` and `/responses` make
    /// `…/v1/responses`); the base is unknown when the budget is spent.
    pub fn url(&self, mut url: Text, budget: &mut Budget) -> Text {
        let prefix = url.known_prefix();
        let absolute = prefix.starts_with("//")
            || prefix.split_once("://").is_some_and(|(scheme, _)| {
                !scheme.is_empty()
                    && scheme
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            });
        match &self.base_url {
            Some(base) if !prefix.is_empty() && !absolute => {
                let mut joined = budget.copy(base).unwrap_or_else(|| Text::var("<base URL>"));
                if let Some(Piece::Lit(last)) = joined.pieces.last_mut() {
                    last.truncate(last.trim_end_matches('/').len());
                }
                joined.push(Piece::Lit("/".to_owned()));
                url.strip_prefix(prefix.len() - prefix.trim_start_matches('/').len());
                joined.append(url);
                joined
            }
            _ => url,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Value {
    /// A string; `verbatim_at` is where its text starts in the code when it is a literal
    /// without escapes.
    Text {
        text: Text,
        span: Span,
        verbatim_at: Option<usize>,
    },
    /// A dict or object literal.
    Object(Object),
    /// An HTTP session or client made in the snippet (an index into the parser's sessions).
    Session(usize),
    /// A request object made in the snippet (`urllib.request.Request`): an index into the calls.
    Request(usize),
    /// Anything else; the name (or source) it was read from.
    Unknown(String),
}

#[derive(Debug, Clone, Default)]
pub struct Object {
    pub entries: Vec<(String, Value, Span)>,
    /// False when entries come from something the snippet does not show (`**extra`, `...rest`).
    pub complete: bool,
    /// The `{…}` literal it was written as, if it was one.
    pub literal: Option<Span>,
}

impl Object {
    /// `**other` / `...other`: its entries when the snippet shows them, else this object is no
    /// longer fully known.
    pub fn spread(&mut self, other: Option<Value>) {
        match other {
            Some(Value::Object(inner)) => {
                self.complete &= inner.complete;
                self.entries.extend(inner.entries);
            }
            _ => self.complete = false,
        }
    }
}

impl Value {
    pub fn text(&self) -> Text {
        match self {
            Value::Text { text, .. } => text.clone(),
            Value::Unknown(name) => Text::var(name.clone()),
            _ => Text::var("<object>"),
        }
    }

    /// Where a dict or object literal's entries go, for a fix that adds one.
    pub fn literal(&self) -> Option<Span> {
        match self {
            Value::Object(object) => object.literal.clone(),
            _ => None,
        }
    }

    pub fn span(&self) -> Option<Span> {
        match self {
            Value::Text { span, .. } => Some(span.clone()),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(object) => object
                .entries
                .iter()
                .rev()
                .find(|(k, _, _)| k == key)
                .map(|(_, v, _)| v),
            _ => None,
        }
    }

    /// The headers an object literal sets; `None` unless the whole object is known.
    pub fn headers(&self) -> Option<Vec<Header>> {
        let Value::Object(object) = self else {
            return None;
        };
        if !object.complete {
            return None;
        }
        Some(
            object
                .entries
                .iter()
                .map(|(name, value, span)| Header {
                    name: name.clone(),
                    value: value.text(),
                    span: span.clone(),
                    origin: value.span(),
                })
                .collect(),
        )
    }
}

/// Merges headers: the later ones win; unknown anywhere makes the whole unknown.
pub fn merge_headers(base: Option<Vec<Header>>, more: Option<Vec<Header>>) -> Option<Vec<Header>> {
    let mut base = base?;
    base.extend(more?);
    Some(base)
}

/// Whether an option's value is `wanted`, a catalog value: a boolean (`True` in Python, `true`
/// in JavaScript), a string, or `"*"` for any value. `None` when the snippet does not show it.
pub fn is_value(value: &Value, wanted: &toml::Value) -> Option<bool> {
    if wanted.as_str() == Some("*") {
        return Some(true);
    }
    match (value, wanted) {
        (Value::Unknown(name), toml::Value::Boolean(wanted)) => match name.as_str() {
            "True" | "true" => Some(*wanted),
            "False" | "false" => Some(!*wanted),
            _ => None,
        },
        (Value::Text { text, .. }, toml::Value::String(wanted)) => {
            text.known().map(|text| &text == wanted)
        }
        (Value::Unknown(_), _) => None,
        _ => Some(false),
    }
}

/// What an SDK client made by `constructor` appends to its base URL: `/responses` when one of
/// the catalog's `responses_options` is given the value that says so, or (none of them given)
/// its model is one the library sends to the Responses API by itself; else the constructor's
/// path. `None` when it turns on what the snippet does not show: an option's value, or options
/// that may come from an unknown spread (`open`).
pub fn client_appends<'v>(
    library: &Library,
    constructor: &str,
    option: impl Fn(&str) -> Option<&'v Value>,
    open: bool,
    model: Option<&str>,
) -> Option<String> {
    let mut given = false;
    for (name, wanted) in &library.responses_options {
        if let Some(value) = option(name) {
            given = true;
            match is_value(value, wanted) {
                Some(true) => return Some("/responses".to_owned()),
                Some(false) => {}
                None => return None,
            }
        }
    }
    if !library.responses_options.is_empty() && open && !given {
        return None;
    }
    let by_model = model.is_some_and(|model| {
        library
            .responses_models
            .iter()
            .any(|part| model.contains(part.as_str()))
    });
    Some(match by_model && !given {
        true => "/responses".to_owned(),
        false => library.appends_for(constructor).to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_joins_relative_urls_with_one_slash() {
        let session = |base: &str| Session {
            headers: None,
            base_url: Some(Text::lit(base)),
        };
        let joined =
            |base: &str, url: Text| session(base).url(url, &mut Budget::default()).display();
        let table = [
            ("https://h/v1", "/responses", "https://h/v1/responses"),
            ("https://h/v1/", "/responses", "https://h/v1/responses"),
            ("https://h/v1/", "responses", "https://h/v1/responses"),
            ("https://h", "/v1/responses", "https://h/v1/responses"),
            ("https://h/v1", "https://other/x", "https://other/x"),
            ("https://h/v1", "//other/x", "//other/x"),
        ];
        for (base, url, expected) in table {
            assert_eq!(joined(base, Text::lit(url)), expected, "{base} + {url}");
        }
        // A URL that starts with an unknown is not known to be relative.
        let mut url = Text::var("BASE");
        url.push(Piece::Lit("/v1/responses".to_owned()));
        assert_eq!(joined("https://h", url), "${BASE}/v1/responses");
        let mut base = Text::var("HOST");
        base.push(Piece::Lit("/v1/".to_owned()));
        let session = Session {
            headers: None,
            base_url: Some(base),
        };
        assert_eq!(
            session
                .url(Text::lit("/responses"), &mut Budget::default())
                .display(),
            "${HOST}/v1/responses"
        );
    }

    /// A client's own path: the constructor's, switched to /responses by an option the catalog
    /// names (or LangChain's Codex models), unknown when the option's value is not shown.
    #[test]
    fn a_client_appends_by_constructor_option_and_model() {
        let catalog = crate::catalog::Catalog::shared();
        let langchain = catalog.get("langchain-python").unwrap();
        let text = |s: &str| Value::Text {
            text: Text::lit(s),
            span: 0..0,
            verbatim_at: None,
        };
        let (yes, no, flag) = (
            Value::Unknown("True".into()),
            Value::Unknown("False".into()),
            Value::Unknown("flag".into()),
        );
        let appends = |constructor: &str, option: Option<(&str, &Value)>, model: Option<&str>| {
            client_appends(
                langchain,
                constructor,
                |name| option.filter(|(n, _)| *n == name).map(|(_, v)| v),
                false,
                model,
            )
        };
        let path = |p: &str| Some(p.to_owned());
        assert_eq!(appends("ChatOpenAI", None, None), path("/chat/completions"));
        assert_eq!(appends("OpenAIEmbeddings", None, None), path("/embeddings"));
        assert_eq!(
            appends("ChatOpenAI", Some(("use_responses_api", &yes)), None),
            path("/responses")
        );
        assert_eq!(
            appends("ChatOpenAI", Some(("use_responses_api", &flag)), None),
            None
        );
        assert_eq!(
            appends("ChatOpenAI", None, Some("gpt-5.3-codex")),
            path("/responses")
        );
        assert_eq!(
            appends(
                "ChatOpenAI",
                Some(("use_responses_api", &no)),
                Some("gpt-5.3-codex")
            ),
            path("/chat/completions")
        );
        let version = text("responses/v1");
        assert_eq!(
            appends("ChatOpenAI", Some(("output_version", &version)), None),
            path("/responses")
        );
        let openai = catalog.get("openai-python").unwrap();
        assert_eq!(
            openai.api(&["beta", "chat", "completions", "parse"]),
            Some(("chat.completions", "/chat/completions"))
        );
        assert_eq!(
            openai.api(&["responses", "create"]),
            Some(("responses", "/responses"))
        );
        assert_eq!(openai.api(&["models", "list"]), None);
    }
}
