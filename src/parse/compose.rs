//! Docker Compose files (and ```` ```yaml ```` blocks that are one): each service's
//! `environment:`, as a map (`OPENAI_BASE_URL: https://…`) or a list
//! (`- OPENAI_BASE_URL=https://…`), is the environment of a client (see `environment.rs`).
//! Read with saphyr-parser's events, which carry positions; YAML that is no Compose file (no
//! top-level `services:` map) gives nothing.

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::environment::{self, Assignment, interpolated};
use super::{MAX_DEPTH, Parsed, Span};

pub fn parse(code: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let Ok(documents) = read(code) else {
        return parsed;
    };
    for document in &documents {
        let Some(Node::Map(services)) = document.get("services") else {
            continue;
        };
        for (_, service) in services {
            let assignments = match service.get("environment") {
                Some(Node::Map(entries)) => entries
                    .iter()
                    .filter_map(|(name, value)| map_entry(name, value))
                    .collect(),
                Some(Node::Seq(items)) => items.iter().filter_map(list_entry).collect(),
                _ => Vec::new(),
            };
            parsed.calls.extend(environment::calls(&assignments));
        }
    }
    parsed
}

/// Whether `code` is not valid YAML.
pub fn has_syntax_error(code: &str) -> bool {
    read(code).is_err()
}

/// A YAML node, with the span of each scalar.
#[derive(Debug)]
enum Node {
    Scalar {
        text: String,
        span: Span,
        quoted: bool,
    },
    Map(Vec<(Node, Node)>),
    Seq(Vec<Node>),
    /// An alias, or what is nested too deeply.
    Other,
}

impl Node {
    fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries) => entries
                .iter()
                .find(|(k, _)| matches!(k, Node::Scalar { text, .. } if text == key))
                .map(|(_, v)| v),
            _ => None,
        }
    }
}

/// `NAME: value` of an `environment:` map.
fn map_entry(name: &Node, value: &Node) -> Option<Assignment> {
    let (
        Node::Scalar {
            text: name,
            span: name_span,
            ..
        },
        Node::Scalar { text, span, .. },
    ) = (name, value)
    else {
        return None;
    };
    Some(Assignment {
        name: name.clone(),
        name_span: name_span.clone(),
        value: interpolated(text),
        value_span: span.clone(),
    })
}

/// `- NAME=value` of an `environment:` list.
fn list_entry(item: &Node) -> Option<Assignment> {
    let Node::Scalar { text, span, quoted } = item else {
        return None;
    };
    let (name, value) = text.split_once('=')?;
    let start = span.start + usize::from(*quoted);
    let value_start = start + name.len() + 1;
    let value_end = match *quoted {
        true => span.end.saturating_sub(1),
        false => span.end,
    };
    // The value's own span when the scalar is written as it is read; else the whole item.
    let exact = value_start + value.len() == value_end;
    Some(Assignment {
        name: name.to_owned(),
        name_span: start..start + name.len(),
        value: interpolated(value),
        value_span: match exact {
            true => value_start..value_end,
            false => span.clone(),
        },
    })
}

/// The documents of `code`, or the first syntax error.
fn read(code: &str) -> Result<Vec<Node>, ()> {
    // saphyr counts positions in characters; the snippet's spans are bytes.
    let offsets: Option<Vec<usize>> = (!code.is_ascii()).then(|| {
        code.char_indices()
            .map(|(i, _)| i)
            .chain([code.len()])
            .collect()
    });
    let byte = |index: usize| match &offsets {
        Some(offsets) => offsets.get(index).copied().unwrap_or(code.len()),
        None => index.min(code.len()),
    };
    let mut events = Parser::new_from_str(code).map(|event| {
        event
            .map(|(event, span)| (event, byte(span.start.index())..byte(span.end.index())))
            .map_err(|_| ())
    });
    let mut documents = Vec::new();
    while let Some(event) = events.next() {
        if let (Event::DocumentStart(_), _) = event? {
            match events.next() {
                Some(event) => documents.push(node(event?, &mut events, code, 0)?),
                None => return Err(()),
            }
        }
    }
    Ok(documents)
}

type Events<'a> = dyn Iterator<Item = Result<(Event<'a>, Span), ()>> + 'a;

/// The node that starts with `first`, reading the events that make it.
fn node<'a>(
    first: (Event<'a>, Span),
    events: &mut Events<'a>,
    code: &str,
    depth: usize,
) -> Result<Node, ()> {
    let (event, span) = first;
    Ok(match event {
        Event::Scalar(text, style, ..) => Node::Scalar {
            text: text.into_owned(),
            quoted: matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted),
            span: token(code, span, style),
        },
        Event::MappingStart(..) => {
            let mut entries = Vec::new();
            loop {
                let key = events.next().ok_or(())??;
                if matches!(key.0, Event::MappingEnd) {
                    break;
                }
                let key = node(key, events, code, depth + 1)?;
                let value = node(events.next().ok_or(())??, events, code, depth + 1)?;
                entries.push((key, value));
            }
            match depth < MAX_DEPTH {
                true => Node::Map(entries),
                false => Node::Other,
            }
        }
        Event::SequenceStart(..) => {
            let mut items = Vec::new();
            loop {
                let item = events.next().ok_or(())??;
                if matches!(item.0, Event::SequenceEnd) {
                    break;
                }
                items.push(node(item, events, code, depth + 1)?);
            }
            match depth < MAX_DEPTH {
                true => Node::Seq(items),
                false => Node::Other,
            }
        }
        _ => Node::Other,
    })
}

/// A scalar's own token: saphyr's span of a scalar may run on over the blanks and the comment
/// after it.
fn token(code: &str, span: Span, style: ScalarStyle) -> Span {
    let Some(source) = code.get(span.clone()) else {
        return span;
    };
    let len = match style {
        ScalarStyle::DoubleQuoted | ScalarStyle::SingleQuoted => {
            let quote = if style == ScalarStyle::DoubleQuoted {
                '"'
            } else {
                '\''
            };
            let mut chars = source.char_indices().skip(1).peekable();
            let mut end = source.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' if quote == '"' => {
                        chars.next();
                    }
                    // `''` is a quote inside a single-quoted scalar.
                    '\'' if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') => {
                        chars.next();
                    }
                    c if c == quote => {
                        end = i + 1;
                        break;
                    }
                    _ => {}
                }
            }
            end
        }
        ScalarStyle::Plain => {
            let comment = source
                .match_indices('#')
                .find(|&(i, _)| source[..i].ends_with([' ', '\t']))
                .map_or(source.len(), |(i, _)| i);
            source[..comment].trim_end().len()
        }
        _ => source.len(),
    };
    span.start..span.start + len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_environment_maps_and_lists() {
        let code = "services:\n  app:\n    image: x\n    environment:\n      \
                    OPENAI_BASE_URL: \"https://www.open1.codes\"\n      OPENAI_API_KEY: ${KEY}\n  \
                    worker:\n    environment:\n      - OPENAI_BASE_URL=https://www.open1.codes/v1\n      \
                    - \"OPENAI_API_KEY=sk-é \"\n";
        let parsed = parse(code);
        let [app, worker] = parsed.calls.as_slice() else {
            panic!("{parsed:?}")
        };
        let (url, span) = app.url.as_ref().unwrap();
        assert_eq!(url.known().unwrap(), "https://www.open1.codes");
        assert_eq!(&code[span.clone()], "\"https://www.open1.codes\"");
        assert_eq!(app.api_key.as_ref().unwrap().0.display(), "${KEY}");
        let (_, span) = worker.url.as_ref().unwrap();
        assert_eq!(&code[span.clone()], "https://www.open1.codes/v1");
        let (key, span) = worker.api_key.as_ref().unwrap();
        assert_eq!(key.known().unwrap(), "sk-é ");
        assert_eq!(&code[span.clone()], "sk-é ");
        assert_eq!(&code[worker.span.clone()], "OPENAI_BASE_URL");
    }

    #[test]
    fn a_scalar_span_stops_before_its_comment() {
        let code = "services:\n  a:\n    environment:\n      OPENAI_BASE_URL: \"https://x/v1\" # c\n      \
                    OPENAI_API_KEY: 'it''s' # c\n  b:\n    environment:\n      \
                    OPENAI_BASE_URL: https://y # c\n";
        let calls = parse(code).calls;
        let text = |span: &Span| &code[span.clone()];
        assert_eq!(text(&calls[0].url.as_ref().unwrap().1), "\"https://x/v1\"");
        assert_eq!(text(&calls[0].api_key.as_ref().unwrap().1), "'it''s'");
        assert_eq!(text(&calls[1].url.as_ref().unwrap().1), "https://y");
    }

    #[test]
    fn deep_nesting_is_read_without_recursing_away() {
        let deep = |open: &str, close: &str| {
            format!(
                "services: {}{}\n",
                open.repeat(100_000),
                close.repeat(100_000)
            )
        };
        assert!(parse(&deep("[", "]")).calls.is_empty());
        assert!(parse(&deep("{a: ", "}")).calls.is_empty());
    }

    #[test]
    fn other_yaml_gives_nothing() {
        assert!(parse("name: ci\non: push\n").calls.is_empty());
        assert!(has_syntax_error("a: [\n"));
        assert!(!has_syntax_error("a: 1\n---\nb: 2\n"));
    }
}
