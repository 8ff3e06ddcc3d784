//! dotenv files (`.env`, `.env.example`) and ```` ```env ```` blocks: `KEY=value` lines read
//! as dotenv loaders read them, each value with its exact span. No crate gives those spans, so
//! this is a small parser of the common syntax: `export ` prefixes, `# comments`, single quotes
//! (literal), double quotes (`\n`, `\"`, `\\` escapes; `$VAR` references), unquoted values up
//! to a ` #` comment, with surrounding blanks dropped.

use super::Parsed;
use super::environment::{self, Assignment, interpolated};
use super::text::Text;

pub fn parse(code: &str) -> Parsed {
    let (assignments, _) = read(code);
    Parsed {
        calls: environment::call(&assignments).into_iter().collect(),
        ..Parsed::default()
    }
}

/// Whether a line is neither a comment nor `KEY=value`, or a quote is not closed.
pub fn has_syntax_error(code: &str) -> bool {
    read(code).1
}

/// The assignments of `code`, and whether some line could not be read.
fn read(code: &str) -> (Vec<Assignment>, bool) {
    let mut assignments = Vec::new();
    let mut error = false;
    let mut at = 0;
    while at < code.len() {
        let line_end = code[at..].find('\n').map_or(code.len(), |i| at + i);
        let next = match line(code, at, line_end) {
            Ok(Some((assignment, end))) => {
                assignments.push(assignment);
                end
            }
            Ok(None) => line_end,
            Err(()) => {
                error = true;
                line_end
            }
        };
        at = code[next..].find('\n').map_or(code.len(), |i| next + i + 1);
    }
    (assignments, error)
}

/// The assignment on the line starting at `start`, and where it ends (a quoted value may go on
/// over several lines).
fn line(code: &str, start: usize, line_end: usize) -> Result<Option<(Assignment, usize)>, ()> {
    let blank = |c: char| c == ' ' || c == '\t';
    let text = &code[start..line_end];
    let body = text.trim_start_matches(blank);
    let mut at = start + (text.len() - body.len());
    if body.trim_end().is_empty() || body.starts_with('#') {
        return Ok(None);
    }
    if let Some(rest) = body.strip_prefix("export").filter(|r| r.starts_with(blank)) {
        at += body.len() - rest.trim_start_matches(blank).len();
    }
    let rest = &code[at..line_end];
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
        .unwrap_or(rest.len());
    if name_len == 0 {
        return Err(());
    }
    let name_span = at..at + name_len;
    let after_name = &rest[name_len..];
    let after_blank = after_name.trim_start_matches(blank);
    let Some(value) = after_blank.strip_prefix('=') else {
        return Err(());
    };
    let value_start = at + name_len + (after_name.len() - after_blank.len()) + 1;
    let trimmed = value.trim_start_matches(blank);
    let value_start = value_start + (value.len() - trimmed.len());
    let (text, value_span) = match trimmed.chars().next() {
        Some(quote @ ('\'' | '"')) => {
            // The closing quote may be on a later line.
            let from = value_start + 1;
            let close = closing(&code[from..], quote).ok_or(())?;
            let inner = &code[from..from + close];
            let text = match quote {
                '\'' => Text::lit(inner),
                _ => interpolated(&unescape(inner)),
            };
            let end = from + close + 1;
            // Only blanks or a comment may follow.
            let tail = code[end..].split('\n').next().unwrap_or("").trim();
            if !(tail.is_empty() || tail.starts_with('#')) {
                return Err(());
            }
            (text, value_start..end)
        }
        _ => {
            // An unquoted value ends at a `#` after a blank (a comment) or the line's end.
            let mut end = trimmed.len();
            let bytes = trimmed.as_bytes();
            for (i, &b) in bytes.iter().enumerate() {
                if b == b'#' && (i == 0 || matches!(bytes[i - 1], b' ' | b'\t')) {
                    end = i;
                    break;
                }
            }
            let value = trimmed[..end].trim_end_matches([' ', '\t', '\r']);
            (interpolated(value), value_start..value_start + value.len())
        }
    };
    let end = value_span.end;
    Ok(Some((
        Assignment {
            name: code[name_span.clone()].to_owned(),
            name_span,
            value: text,
            value_span,
        },
        end,
    )))
}

/// Where the quote closing a value opened by `quote` stands in `rest`.
fn closing(rest: &str, quote: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in rest.char_indices() {
        match c {
            '\\' if quote == '"' && !escaped => escaped = true,
            c if c == quote && !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

/// A double-quoted value's escapes, as dotenv loaders read them.
fn unescape(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            // `\$` keeps the dollar from starting a reference.
            Some('$') => out.push_str("$$"),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(code: &str) -> Vec<(String, String, &str)> {
        let (assignments, error) = read(code);
        assert!(!error, "{code}");
        assignments
            .into_iter()
            .map(|a| (a.name, a.value.display(), &code[a.value_span]))
            .collect()
    }

    #[test]
    fn reads_dotenv_syntax() {
        let code = "# comment\nexport OPENAI_BASE_URL=https://www.open1.codes # the relay\n\
                    OPENAI_API_KEY = 'sk-a b'\nEMPTY=\nQUOTED=\"a\\\"b $HOME\" # c\n\
                    MULTI=\"one\ntwo\"\nLAST=x\r\n";
        let o = |n: &str, v: &str, s: &'static str| (n.to_owned(), v.to_owned(), s);
        assert_eq!(
            values(code),
            [
                o(
                    "OPENAI_BASE_URL",
                    "https://www.open1.codes",
                    "https://www.open1.codes"
                ),
                o("OPENAI_API_KEY", "sk-a b", "'sk-a b'"),
                o("EMPTY", "", ""),
                o("QUOTED", "a\"b ${HOME}", "\"a\\\"b $HOME\""),
                o("MULTI", "one\ntwo", "\"one\ntwo\""),
                o("LAST", "x", "x"),
            ]
        );
    }

    #[test]
    fn syntax_errors() {
        assert!(has_syntax_error("A='open\n"));
        assert!(has_syntax_error("not an assignment\n"));
        assert!(has_syntax_error("A=\"x\" y\n"));
        assert!(!has_syntax_error("\n  # c\nA=1\n"));
    }

    #[test]
    fn a_base_url_and_key_make_a_call() {
        let parsed = parse("OPENAI_BASE_URL=https://www.open1.codes\nOPENAI_API_KEY=\"sk-1 \"\n");
        let [call] = parsed.calls.as_slice() else {
            panic!("{parsed:?}")
        };
        assert_eq!(call.url.as_ref().unwrap().1, 16..39);
        assert_eq!(call.api_key.as_ref().unwrap().0, Text::lit("sk-1 "));
    }
}
