//! Fixes written in the snippet's own syntax: a rule's fix is a list of edits to the snippet's
//! code, built here from what the parser saw. Each builder refuses (returns `None`) when the
//! code is not in a shape it can edit without guessing — a fix that is not made is better than
//! one that breaks the snippet. `fix.rs` then places the edits in the file and checks the result.

use crate::extract::Dialect;
use crate::literal::{self, Escapes};
use crate::parse::{HeaderSite, Span};

/// Whether `--fix` alone applies a fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps what the user meant and sends what the relay needs: applied by `--fix`.
    Safe,
    /// Changes what the request sends (a header added): needs `--unsafe-fixes` too.
    Unsafe,
}

/// Replace `span` of the snippet's code with `text`; an empty span inserts. A `\n` in `text`
/// starts a new line in the file (with the file's line ending and the line's container prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub text: String,
}

impl Edit {
    fn insert(at: usize, text: impl Into<String>) -> Self {
        Edit {
            span: at..at,
            text: text.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Autofix {
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// Replaces the text of the plain string literal (or bare shell word) at `span` — see
/// [`literal_text`] — by `new`, when `new` needs no escaping in that literal.
pub fn replace_literal(code: &str, span: &Span, new: &str) -> Option<Edit> {
    let inner = literal_text(code, span)?;
    let source = &code[span.clone()];
    let quote = source.chars().next()?;
    let quoted = inner.len() < source.len();
    // A newline in an edit starts a new line of the file, not one in the literal.
    let safe = |c: char| {
        literal::stands_for_itself(quoted.then_some(quote), c) && !matches!(c, '\n' | '\r')
    };
    if !new.chars().all(safe) || new.contains('{') && quote == '`' {
        return None;
    }
    let at = span.start + usize::from(quoted);
    Some(Edit {
        span: at..at + inner.len(),
        text: new.to_owned(),
    })
}

/// The text of the string literal (or bare shell word) at `span` when it is written as it is
/// read: no escapes, no interpolation.
pub fn literal_text<'a>(code: &'a str, span: &Span) -> Option<&'a str> {
    literal::plain(code.get(span.clone())?)
}

/// The source of `span` and where in it the part after `keep` (the first `Bearer ` of the span)
/// starts; `None` when the span is no text of `code` or does not hold `keep`.
pub fn after_keep<'a>(code: &'a str, span: &Span, keep: Option<&str>) -> Option<(&'a str, usize)> {
    let source = code.get(span.clone())?;
    let from = match keep {
        Some(keep) => source.find(keep)? + keep.len(),
        None => 0,
    };
    Some((source, from))
}

/// Removes the blank characters inside the string literals of `span` — written as they are,
/// or (in Python and JavaScript, outside raw strings) as escapes like `\u00a0` — that stand
/// after `keep` (the first `Bearer ` of the span, whose space stays).
pub fn remove_blanks(
    code: &str,
    span: &Span,
    dialect: Dialect,
    blank: fn(char) -> bool,
    keep: Option<&str>,
) -> Vec<Edit> {
    let Some((source, from)) = after_keep(code, span, keep) else {
        return Vec::new();
    };
    let mut edits = Vec::new();
    let mut quote: Option<(char, Escapes)> = None;
    let mut chars = source.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let Some((open, escapes)) = quote else {
            if matches!(c, '"' | '\'' | '`') {
                quote = Some((c, Escapes::of(dialect, &source[..i], c)));
            }
            continue;
        };
        if c == open {
            quote = None;
        } else if c == '\\' && escapes != Escapes::None {
            let (decoded, len) = escapes.read(dialect, &source[i..]);
            if i >= from && decoded.is_some_and(blank) {
                edits.push(Edit {
                    span: span.start + i..span.start + i + len,
                    text: String::new(),
                });
            }
            while chars.peek().is_some_and(|&(j, _)| j < i + len) {
                chars.next();
            }
        } else if i >= from && blank(c) {
            edits.push(Edit {
                span: span.start + i..span.start + i + c.len_utf8(),
                text: String::new(),
            });
        }
    }
    edits
}

/// Adds the header `name: value` at `site`, written the way the snippet writes its others.
pub fn add_header(
    code: &str,
    dialect: Dialect,
    site: &HeaderSite,
    name: &str,
    value: &str,
) -> Option<Edit> {
    match (dialect, site) {
        (Dialect::Shell, HeaderSite::After(word)) => {
            let q = literal::quote_like(code.get(word.clone())?);
            let option = format!("-H {q}{name}: {value}{q}");
            let (line_end, continued) = line_after(code, word.end);
            if continued {
                // `  -H "A: b" \` gets a sibling line below it, indented like the next one.
                let indent = indentation(code, line_end + 1);
                let indent = if indent.is_empty() { "  " } else { indent };
                let at = line_end - usize::from(code[..line_end].ends_with('\r'));
                Some(Edit::insert(at, format!("\n{indent}{option} \\")))
            } else {
                Some(Edit::insert(word.end, format!(" {option}")))
            }
        }
        (Dialect::Shell, HeaderSite::Before(word)) => {
            let line_start = code[..word.start].rfind('\n').map_or(0, |i| i + 1);
            let own_line = code[line_start..word.start].trim().is_empty()
                && code[..line_start.saturating_sub(1)]
                    .trim_end_matches('\r')
                    .ends_with('\\');
            let q = literal::quote_like(code.get(word.clone())?);
            let option = format!("-H {q}{name}: {value}{q}");
            if own_line {
                let indent = &code[line_start..word.start];
                Some(Edit::insert(word.start, format!("{option} \\\n{indent}")))
            } else {
                Some(Edit::insert(word.start, format!("{option} ")))
            }
        }
        (_, HeaderSite::Entries(literal)) => {
            let q = literal::quote_like(code.get(literal.clone())?);
            add_entry(
                code,
                dialect,
                literal,
                &format!("{q}{name}{q}: {q}{value}{q}"),
            )
        }
        (Dialect::Python, HeaderSite::Option { span, name: option }) => {
            let q = literal::quote_like(code.get(span.clone())?);
            add_entry(
                code,
                dialect,
                span,
                &format!("{option}={{{q}{name}{q}: {q}{value}{q}}}"),
            )
        }
        (Dialect::JavaScript, HeaderSite::Option { span, name: option }) => {
            let q = literal::quote_like(code.get(span.clone())?);
            add_entry(
                code,
                dialect,
                span,
                &format!("{option}: {{ {q}{name}{q}: {q}{value}{q} }}"),
            )
        }
        _ => None,
    }
}

/// Adds `entry` as the last entry of the bracketed list at `span` (`{…}` or `(…)`): on its own
/// line, indented like the others, when the list is written one entry per line.
fn add_entry(code: &str, dialect: Dialect, span: &Span, entry: &str) -> Option<Edit> {
    let source = code.get(span.clone())?;
    let close = span.end - 1;
    if !matches!(source.chars().next_back(), Some('}' | ')')) || source.len() < 2 {
        return None;
    }
    let inner = &code[span.start + 1..close];
    let body = inner.trim_end();
    let last = span.start + 1 + body.len(); // after the last entry (or the opening bracket)
    // A comment after the last entry would swallow what is appended to its line.
    let last_line = &body[body.rfind('\n').map_or(0, |i| i + 1)..];
    if has_comment(last_line, dialect) {
        return None;
    }
    if body.trim().is_empty() {
        // Prettier pads an object's braces; black writes `{…}` and `(…)` tight.
        let padded = dialect == Dialect::JavaScript && source.starts_with('{');
        return Some(Edit {
            span: span.start + 1..close,
            text: if padded {
                format!(" {entry} ")
            } else {
                entry.to_owned()
            },
        });
    }
    let comma = if body.ends_with(',') { "" } else { "," };
    if inner.contains('\n')
        && inner
            .trim_start_matches([' ', '\t', '\r'])
            .starts_with('\n')
    {
        let first = span.start + 1 + inner.find('\n')? + 1;
        let indent = indentation(code, first);
        let trailing = if comma.is_empty() { "," } else { "" };
        Some(Edit::insert(
            last,
            format!("{comma}\n{indent}{entry}{trailing}"),
        ))
    } else {
        Some(Edit::insert(last, format!("{comma} {entry}")))
    }
}

/// Whether `line` ends in a comment (`#` in Python, `//` or `/*` in JavaScript), outside strings.
fn has_comment(line: &str, dialect: Dialect) -> bool {
    let mut quote = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(open) if c == open => quote = None,
            Some(_) if c == '\\' => {
                chars.next();
            }
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
            None if dialect == Dialect::Python && c == '#' => return true,
            None if dialect == Dialect::JavaScript
                && c == '/'
                && matches!(chars.peek(), Some('/' | '*')) =>
            {
                return true;
            }
            None => {}
        }
    }
    false
}

/// The end of the line holding `at` (the offset of its `\n`, or the code's end), and whether
/// that line goes on to the next with a trailing `\`.
fn line_after(code: &str, at: usize) -> (usize, bool) {
    let end = code[at..].find('\n').map_or(code.len(), |i| at + i);
    let rest = code[at..end].trim_end_matches('\r');
    (end, end < code.len() && rest.trim() == "\\")
}

/// The spaces and tabs that start the line at `line_start`.
fn indentation(code: &str, line_start: usize) -> &str {
    let line = code.get(line_start..).unwrap_or_default();
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(code: &str, edit: Option<Edit>) -> String {
        let edit = edit.expect("an edit");
        format!(
            "{}{}{}",
            &code[..edit.span.start],
            edit.text,
            &code[edit.span.end..]
        )
    }

    fn span_of(code: &str, needle: &str) -> Span {
        let at = code.find(needle).unwrap();
        at..at + needle.len()
    }

    #[test]
    fn literals_are_replaced_only_when_plain() {
        let code = r#"requests.post("http://www.open1.codes/v1/responses", json=b)"#;
        let span = span_of(code, r#""http://www.open1.codes/v1/responses""#);
        let old = "http://www.open1.codes/v1/responses";
        let new = "https://www.open1.codes/v1/responses";
        assert_eq!(literal_text(code, &span), Some(old));
        assert_eq!(
            apply(code, replace_literal(code, &span, new)),
            r#"requests.post("https://www.open1.codes/v1/responses", json=b)"#
        );
        // An f-string, an escape, or a bare shell word with a glob character: no edit.
        let code = r#"f"http://x""#;
        assert_eq!(replace_literal(code, &(0..code.len()), "y"), None);
        let code = r#""a\x41""#;
        assert_eq!(replace_literal(code, &(0..code.len()), "b"), None);
        let code = "\"a $B\"";
        assert_eq!(literal_text(code, &(0..code.len())), None);
        let code = "http://x";
        assert_eq!(replace_literal(code, &(0..8), "a?b"), None);
        assert_eq!(
            replace_literal("'x'", &(0..3), "it's"),
            None,
            "a quote inside would end the literal"
        );
    }

    #[test]
    fn blanks_are_removed_inside_literals_only() {
        let blank = |c: char| c.is_whitespace() || c == '\u{200b}';
        let code = "\"Authorization\": \"Bearer  sk-1\\u00a0\" + KEY ";
        let edits = remove_blanks(
            code,
            &(0..code.len()),
            Dialect::Python,
            blank,
            Some("Bearer "),
        );
        let mut fixed = code.to_owned();
        for edit in edits.iter().rev() {
            fixed.replace_range(edit.span.clone(), &edit.text);
        }
        assert_eq!(fixed, "\"Authorization\": \"Bearer sk-1\" + KEY ");
        // In a shell double-quoted word, `\t` is a backslash and a t: not a tab.
        let code = r#""Bearer sk\t""#;
        assert!(
            remove_blanks(
                code,
                &(0..code.len()),
                Dialect::Shell,
                blank,
                Some("Bearer ")
            )
            .is_empty()
        );
        // A raw Python string keeps its escapes as they are.
        let code = r#"r" sk\t""#;
        let edits = remove_blanks(code, &(0..code.len()), Dialect::Python, blank, None);
        assert_eq!(
            edits,
            vec![Edit {
                span: 2..3,
                text: String::new()
            }]
        );
    }

    #[test]
    fn curl_headers_follow_the_command_layout() {
        let code =
            "curl https://x/v1/responses \\\n  -H \"Authorization: Bearer $K\" \\\n  -d '{}'\n";
        let site = HeaderSite::After(span_of(code, "\"Authorization: Bearer $K\""));
        assert_eq!(
            apply(
                code,
                add_header(
                    code,
                    Dialect::Shell,
                    &site,
                    "Content-Type",
                    "application/json"
                )
            ),
            "curl https://x/v1/responses \\\n  -H \"Authorization: Bearer $K\" \\\n  -H \"Content-Type: application/json\" \\\n  -d '{}'\n"
        );
        let code = "curl https://x -d '{}'";
        let site = HeaderSite::Before(span_of(code, "-d"));
        assert_eq!(
            apply(code, add_header(code, Dialect::Shell, &site, "A", "b")),
            "curl https://x -H \"A: b\" -d '{}'"
        );
        let code = "curl https://x \\\n    --data '{}'";
        let site = HeaderSite::Before(span_of(code, "--data"));
        assert_eq!(
            apply(code, add_header(code, Dialect::Shell, &site, "A", "b")),
            "curl https://x \\\n    -H \"A: b\" \\\n    --data '{}'"
        );
    }

    #[test]
    fn entries_follow_the_literal_layout() {
        let cases = [
            ("{'a': 'b'}", "{'a': 'b', 'User-Agent': 'curl/8.0'}"),
            ("{}", "{ \"User-Agent\": \"curl/8.0\" }"),
            (
                "{\n    \"a\": \"b\"\n}",
                "{\n    \"a\": \"b\",\n    \"User-Agent\": \"curl/8.0\"\n}",
            ),
            (
                "{\n  a: 1,\n}",
                "{\n  a: 1,\n  \"User-Agent\": \"curl/8.0\",\n}",
            ),
        ];
        for (code, want) in cases {
            let site = HeaderSite::Entries(0..code.len());
            let edit = add_header(code, Dialect::JavaScript, &site, "User-Agent", "curl/8.0");
            assert_eq!(apply(code, edit), want);
        }
        let code = "OpenAI(base_url=u, api_key=k)";
        let site = HeaderSite::Option {
            span: span_of(code, "(base_url=u, api_key=k)"),
            name: "default_headers",
        };
        assert_eq!(
            apply(
                code,
                add_header(code, Dialect::Python, &site, "User-Agent", "curl/8.0")
            ),
            "OpenAI(base_url=u, api_key=k, default_headers={\"User-Agent\": \"curl/8.0\"})"
        );
        let code = "new OpenAI({ baseURL: u })";
        let site = HeaderSite::Option {
            span: span_of(code, "{ baseURL: u }"),
            name: "defaultHeaders",
        };
        assert_eq!(
            apply(
                code,
                add_header(code, Dialect::JavaScript, &site, "User-Agent", "curl/8.0")
            ),
            "new OpenAI({ baseURL: u, defaultHeaders: { \"User-Agent\": \"curl/8.0\" } })"
        );
        // A URL is not a comment.
        let code = "{ baseURL: \"https://www.open1.codes/v1\" }";
        let site = HeaderSite::Option {
            span: 0..code.len(),
            name: "defaultHeaders",
        };
        assert!(add_header(code, Dialect::JavaScript, &site, "A", "b").is_some());
        // A comment after the last entry: no edit rather than a broken dict.
        let code = "{\n    \"a\": \"b\"  # auth\n}";
        assert_eq!(
            add_header(
                code,
                Dialect::Python,
                &HeaderSite::Entries(0..code.len()),
                "A",
                "b"
            ),
            None
        );
    }
}
