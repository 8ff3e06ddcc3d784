//! Where a key stands in a snippet's code, as its language reads it: inside a string literal
//! (which one, with its prefix and quotes), a comment, a here-document, or bare code — what the
//! fix needs to know to write the environment variable in a form that language reads.
//!
//! A small lexer per language, made for this one question: strings, comments and (for the
//! shell) quotes and here-documents are told apart; everything else is skipped. What it cannot
//! tell (a JavaScript regex holding a quote) makes it guess wrong about the rest of the
//! snippet, and the fix is then checked by `--fix`'s syntax check before it is kept.

use std::ops::Range;

use crate::extract::Dialect;

/// A string literal in the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Literal {
    /// The whole literal: prefix, quotes and text.
    pub range: Range<usize>,
    /// Python's prefix letters (`f`, `rb`…), as written; empty elsewhere.
    pub prefix: String,
    /// The opening quote: `"`, `'`, `"""`, `'''`, or `` ` ``; `$'` for a shell ANSI-C string.
    pub quote: &'static str,
    /// The literal's text, between the quotes.
    pub text: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    String(Literal),
    Comment,
    /// A shell here-document's body; `quoted`: its delimiter is quoted, so `$` stays `$`.
    HereDocument {
        quoted: bool,
    },
    /// Anywhere else: a bare shell word, code.
    Bare,
}

/// Where byte `at` of `code` stands.
pub fn place(code: &str, dialect: Dialect, at: usize) -> Place {
    // Dialects of config files (added later) have no lexer here: their keys are values.
    #[allow(unreachable_patterns)]
    match dialect {
        Dialect::Python => python(code, at),
        Dialect::JavaScript => javascript(code, 0, at, false).1.unwrap_or(Place::Bare),
        Dialect::Shell => shell(code, at),
        _ => Place::Bare,
    }
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    memchr::memchr(b'\n', &bytes[from..]).map_or(bytes.len(), |i| from + i)
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Where the text of a string that starts at `from` ends, and where its closing `quote` ends;
/// with `escapes`, a backslash escapes the next character. Callers that end strings at a line
/// break pass the bytes up to it.
fn string_end(bytes: &[u8], from: usize, quote: &[u8], escapes: bool) -> (usize, usize) {
    let mut i = from;
    while i < bytes.len() {
        if escapes && bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i..].starts_with(quote) {
            return (i, i + quote.len());
        }
        i += 1;
    }
    (bytes.len(), bytes.len())
}

fn python(code: &str, at: usize) -> Place {
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'#' {
            let end = line_end(bytes, i);
            if (i..end).contains(&at) {
                return Place::Comment;
            }
            i = end;
            continue;
        }
        if is_ident(b) {
            let start = i;
            while i < bytes.len() && is_ident(bytes[i]) {
                i += 1;
            }
            let word = &code[start..i];
            let prefix = word.len() <= 2
                && word.bytes().all(|c| b"rRbBuUfF".contains(&c))
                && i < bytes.len()
                && matches!(bytes[i], b'"' | b'\'');
            if !prefix {
                continue;
            }
            match python_string(code, start, i, at) {
                Ok(place) => return place,
                Err(end) => i = end,
            }
            continue;
        }
        if matches!(b, b'"' | b'\'') {
            match python_string(code, i, i, at) {
                Ok(place) => return place,
                Err(end) => i = end,
            }
            continue;
        }
        i += 1;
    }
    Place::Bare
}

/// The Python string whose prefix starts at `start` and whose quote at `quote_at`: the place,
/// when `at` is in it, else where it ends.
fn python_string(code: &str, start: usize, quote_at: usize, at: usize) -> Result<Place, usize> {
    let bytes = code.as_bytes();
    let quote: &'static str = match (&bytes[quote_at..], bytes[quote_at]) {
        (rest, b'"') if rest.starts_with(b"\"\"\"") => "\"\"\"",
        (rest, b'\'') if rest.starts_with(b"'''") => "'''",
        (_, b'"') => "\"",
        _ => "'",
    };
    let from = quote_at + quote.len();
    let (text_end, end) = match quote.len() {
        3 => string_end(bytes, from, quote.as_bytes(), true),
        // A one-quote string ends at its line's end at the latest.
        _ => {
            let line = line_end(bytes, from);
            let (text_end, end) = string_end(&bytes[..line], from, quote.as_bytes(), true);
            (text_end.min(line), end.min(line))
        }
    };
    if (from..text_end).contains(&at) {
        return Ok(Place::String(Literal {
            range: start..end,
            prefix: code[start..quote_at].to_owned(),
            quote,
            text: from..text_end,
        }));
    }
    Err(end.max(from))
}

/// Lexes JavaScript from `from`; inside a template's `${…}` (`nested`) it stops at the `}` that
/// closes it. Returns where it stopped, and the place of `at` when it was found.
fn javascript(code: &str, from: usize, at: usize, nested: bool) -> (usize, Option<Place>) {
    let bytes = code.as_bytes();
    let mut depth = 0usize;
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = line_end(bytes, i);
                if (i..end).contains(&at) {
                    return (end, Some(Place::Comment));
                }
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = memchr::memmem::find(&bytes[i + 2..], b"*/")
                    .map_or(bytes.len(), |e| i + 2 + e + 2);
                if (i..end).contains(&at) {
                    return (end, Some(Place::Comment));
                }
                i = end;
            }
            b'"' | b'\'' => {
                let quote = if b == b'"' { "\"" } else { "'" };
                let line = line_end(bytes, i + 1);
                let (text_end, end) = string_end(&bytes[..line], i + 1, quote.as_bytes(), true);
                if (i + 1..text_end).contains(&at) {
                    let literal = Literal {
                        range: i..end,
                        prefix: String::new(),
                        quote,
                        text: i + 1..text_end,
                    };
                    return (end, Some(Place::String(literal)));
                }
                i = end.max(i + 1);
            }
            b'`' => {
                // A template: its text, with `${…}` expressions lexed as code.
                let start = i;
                let mut j = i + 1;
                let mut in_expression = None;
                while j < bytes.len() && bytes[j] != b'`' {
                    match bytes[j] {
                        b'\\' => j += 2,
                        b'$' if bytes.get(j + 1) == Some(&b'{') => {
                            let (end, found) = javascript(code, j + 2, at, true);
                            if found.is_some() {
                                in_expression = found;
                            }
                            j = end + 1;
                        }
                        _ => j += 1,
                    }
                }
                let text_end = j.min(bytes.len());
                let end = (j + 1).min(bytes.len());
                if let Some(found) = in_expression {
                    return (end, Some(found));
                }
                if (start + 1..text_end).contains(&at) {
                    let literal = Literal {
                        range: start..end,
                        prefix: String::new(),
                        quote: "`",
                        text: start + 1..text_end,
                    };
                    return (end, Some(Place::String(literal)));
                }
                i = end;
            }
            b'{' => {
                depth += 1;
                i += 1;
            }
            b'}' if nested && depth == 0 => return (i, None),
            b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    (bytes.len(), None)
}

fn shell(code: &str, at: usize) -> Place {
    let bytes = code.as_bytes();
    // Here-documents whose bodies start at the next line: (delimiter, quoted, strip tabs).
    let mut pending: Vec<(String, bool, bool)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let word_start = i == 0
            || matches!(
                bytes[i - 1],
                b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'('
            );
        match b {
            b'\n' if !pending.is_empty() => {
                let mut line_start = i + 1;
                for (delimiter, quoted, tabs) in std::mem::take(&mut pending) {
                    let body_start = line_start;
                    loop {
                        if line_start >= bytes.len() {
                            break;
                        }
                        let end = line_end(bytes, line_start);
                        let line = &code[line_start..end];
                        let line = if tabs {
                            line.trim_start_matches('\t')
                        } else {
                            line
                        };
                        if line.trim_end_matches('\r') == delimiter {
                            if (body_start..line_start).contains(&at) {
                                return Place::HereDocument { quoted };
                            }
                            line_start = end + 1;
                            break;
                        }
                        line_start = end + 1;
                    }
                    if (body_start..line_start.min(bytes.len())).contains(&at) {
                        return Place::HereDocument { quoted };
                    }
                }
                i = line_start;
            }
            b'#' if word_start => {
                let end = line_end(bytes, i);
                if (i..end).contains(&at) {
                    return Place::Comment;
                }
                i = end;
            }
            b'\\' => i += 2,
            b'<' if bytes[i..].starts_with(b"<<") && !bytes[i..].starts_with(b"<<<") => {
                let mut j = i + 2;
                let tabs = bytes.get(j) == Some(&b'-');
                j += usize::from(tabs);
                while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
                    j += 1;
                }
                let word_end = bytes[j..]
                    .iter()
                    .position(|c| {
                        matches!(
                            c,
                            b' ' | b'\t' | b'\n' | b';' | b'|' | b'&' | b')' | b'<' | b'>'
                        )
                    })
                    .map_or(bytes.len(), |e| j + e);
                let word = &code[j..word_end];
                let quoted = word.contains(['\'', '"', '\\']);
                let delimiter: String = word
                    .chars()
                    .filter(|c| !matches!(c, '\'' | '"' | '\\'))
                    .collect();
                if !delimiter.is_empty() {
                    pending.push((delimiter, quoted, tabs));
                }
                i = word_end;
            }
            b'\'' | b'"' => {
                let ansi = b == b'\'' && i > 0 && bytes[i - 1] == b'$';
                let quote: &'static str = match (b, ansi) {
                    (b'"', _) => "\"",
                    (_, true) => "$'",
                    _ => "'",
                };
                let escapes = b == b'"' || ansi;
                let (text_end, end) = string_end(bytes, i + 1, &[b], escapes);
                if (i + 1..text_end).contains(&at) {
                    let start = if ansi { i - 1 } else { i };
                    return Place::String(Literal {
                        range: start..end,
                        prefix: String::new(),
                        quote,
                        text: i + 1..text_end,
                    });
                }
                i = end.max(i + 1);
            }
            _ => i += 1,
        }
    }
    Place::Bare
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(code: &str, dialect: Dialect) -> Place {
        place(code, dialect, code.find("sk-").unwrap())
    }

    fn literal(code: &str, dialect: Dialect) -> (String, &'static str, String) {
        match at(code, dialect) {
            Place::String(l) => (code[l.range].to_owned(), l.quote, l.prefix),
            other => panic!("{code}: {other:?}"),
        }
    }

    #[test]
    fn python_strings_comments_and_prefixes() {
        let py = Dialect::Python;
        assert_eq!(
            literal("k = \"sk-a\"\n", py),
            ("\"sk-a\"".into(), "\"", String::new())
        );
        assert_eq!(
            literal("h = f'Bearer sk-a'", py),
            ("f'Bearer sk-a'".into(), "'", "f".into())
        );
        assert_eq!(
            literal("x = 'it\\'s' + rb\"\"\"a\nsk-a\"\"\"", py).1,
            "\"\"\""
        );
        assert_eq!(at("# sk-a\nk = 1", py), Place::Comment);
        assert_eq!(at("k = \"#\" # sk-a", py), Place::Comment);
        assert_eq!(at("fsk = 1; sk-a", py), Place::Bare);
    }

    #[test]
    fn javascript_strings_templates_and_comments() {
        let js = Dialect::JavaScript;
        assert_eq!(literal("const k = 'sk-a';", js).0, "'sk-a'");
        assert_eq!(literal("h = `Bearer ${x} sk-a`", js).1, "`");
        assert_eq!(
            literal("h = `Bearer ${f('sk-a')}`", js),
            ("'sk-a'".into(), "'", String::new())
        );
        assert_eq!(at("// sk-a", js), Place::Comment);
        assert_eq!(at("/* a\n sk-a */", js), Place::Comment);
        assert_eq!(literal("a = \"//\"; b = \"sk-a\"", js).0, "\"sk-a\"");
    }

    #[test]
    fn shell_quotes_comments_and_here_documents() {
        let sh = Dialect::Shell;
        assert_eq!(literal("curl -H 'Authorization: Bearer sk-a'", sh).1, "'");
        assert_eq!(literal("curl -H \"A: sk-a\"", sh).1, "\"");
        assert_eq!(literal("echo $'a sk-a'", sh).0, "$'a sk-a'");
        assert_eq!(at("export K=sk-a", sh), Place::Bare);
        assert_eq!(at("# sk-a", sh), Place::Comment);
        assert_eq!(at("a#b sk-a", sh), Place::Bare);
        assert_eq!(
            at("cat <<'EOF'\n{\"k\": \"sk-a\"}\nEOF\n", sh),
            Place::HereDocument { quoted: true }
        );
        assert_eq!(
            at("cat <<EOF | curl -d @- x\n{\"k\": \"sk-a\"}\nEOF\n", sh),
            Place::HereDocument { quoted: false }
        );
        assert_eq!(at("cat <<EOF\nx\nEOF\necho sk-a", sh), Place::Bare);
    }
}
