//! dotenv files (`.env`, `.env.example`) and ```` ```env ```` blocks: `KEY=value` lines read
//! as dotenv loaders read them, each value with its exact span. No crate gives those spans, so
//! this is a small parser of the common syntax: `export ` prefixes, `# comments`, single quotes
//! (literal), double quotes (`\n`, `\"`, `\\` escapes; `$VAR` references), unquoted values up
//! to a ` #` comment, with surrounding blanks dropped.
//!
//! The Windows forms docs show beside them (```` ```powershell ```` and ```` ```cmd ````
//! blocks) are read too: `$env:KEY = "value"`, `set KEY=value`, `setx KEY "value"`,
//! `[Environment]::SetEnvironmentVariable("KEY", "value")`.

use super::environment::{self, Assignment, interpolated};
use super::text::Text;
use super::{Parsed, Span};

pub fn parse(code: &str) -> Parsed {
    let (assignments, _) = read(code);
    Parsed {
        calls: environment::calls(&assignments),
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

/// How a line's value ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// dotenv: only blanks or a comment may follow a quoted value; an unquoted one runs to a
    /// ` #` comment or the line's end.
    Dotenv,
    /// `setx NAME value /M`, `SetEnvironmentVariable("NAME", "value", "User")`: anything may
    /// follow; an unquoted value ends at a blank.
    Argument,
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
    // The Windows forms docs show beside a dotenv block: PowerShell's
    // `[Environment]::SetEnvironmentVariable("NAME", "value")` and cmd's `setx NAME value`.
    if let Some(call) = body.find("SetEnvironmentVariable(") {
        return set_environment_variable(code, at + call + "SetEnvironmentVariable(".len());
    }
    let prefix = |prefix: &str| {
        body.get(..prefix.len())
            .filter(|p| p.eq_ignore_ascii_case(prefix))
            .map(|_| &body[prefix.len()..])
    };
    // A command word: followed by a blank, which goes with it.
    let command = |name: &str| {
        prefix(name)
            .filter(|rest| rest.starts_with(blank))
            .map(|rest| rest.trim_start_matches(blank))
    };
    let setx = command("setx");
    let set = command("set");
    // `export NAME=…`, PowerShell's `$env:NAME = …`, cmd's `set NAME=…` and `set "NAME=…"`.
    let prefixed = command("export").or(set).or(setx).or(prefix("$env:"));
    if let Some(rest) = prefixed {
        at += body.len() - rest.len();
    }
    let wrapped = set.is_some() && code[at..].starts_with('"');
    if wrapped {
        at += 1;
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
    let (value_at, form) = match setx {
        Some(_) if after_blank.len() < after_name.len() => {
            (line_end - after_blank.len(), Form::Argument)
        }
        Some(_) => return Err(()),
        None => match after_blank.strip_prefix('=') {
            Some(value) => {
                let value_at = line_end - value.len();
                (
                    value_at + (value.len() - value.trim_start_matches(blank).len()),
                    Form::Dotenv,
                )
            }
            None => return Err(()),
        },
    };
    let (text, value_span) = if wrapped {
        // `set "NAME=value"`: the value ends at the closing quote.
        let close = code[value_at..line_end].rfind('"').ok_or(())?;
        let value = &code[value_at..value_at + close];
        (Text::lit(value), value_at..value_at + close)
    } else {
        value(code, value_at, line_end, form)?
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

/// `"NAME", "value"…)` of PowerShell's `SetEnvironmentVariable(`, from `at` on.
fn set_environment_variable(code: &str, at: usize) -> Result<Option<(Assignment, usize)>, ()> {
    let line_end = code[at..].find('\n').map_or(code.len(), |i| at + i);
    let skip_blanks =
        |from: usize| from + (code[from..line_end].len() - code[from..line_end].trim_start().len());
    let name_at = skip_blanks(at);
    let quote = code[name_at..]
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\''));
    let quote = quote.ok_or(())?;
    let name_len = code[name_at + 1..line_end].find(quote).ok_or(())?;
    let name_span = name_at + 1..name_at + 1 + name_len;
    let after = skip_blanks(name_span.end + 1);
    let value_at = code[after..line_end]
        .strip_prefix(',')
        .map(|_| skip_blanks(after + 1))
        .ok_or(())?;
    let (value, value_span) = value(code, value_at, line_end, Form::Argument)?;
    Ok(Some((
        Assignment {
            name: code[name_span.clone()].to_owned(),
            name_span,
            value,
            value_span: value_span.clone(),
        },
        value_span.end,
    )))
}

/// The value starting at `value_at` and its span (its quotes included).
fn value(code: &str, value_at: usize, line_end: usize, form: Form) -> Result<(Text, Span), ()> {
    let trimmed = &code[value_at..line_end];
    match trimmed.chars().next() {
        Some(quote @ ('\'' | '"')) => {
            // The closing quote may be on a later line.
            let from = value_at + 1;
            let close = closing(&code[from..], quote).ok_or(())?;
            let inner = &code[from..from + close];
            let text = match quote {
                '\'' => Text::lit(inner),
                _ => interpolated(&unescape(inner)),
            };
            let end = from + close + 1;
            // Only blanks or a comment may follow.
            let tail = code[end..].split('\n').next().unwrap_or("").trim();
            if form == Form::Dotenv && !(tail.is_empty() || tail.starts_with('#')) {
                return Err(());
            }
            Ok((text, value_at..end))
        }
        _ => {
            // An unquoted value ends at a `#` after a blank (a comment) or the line's end; an
            // argument at a blank.
            let mut end = trimmed.len();
            let bytes = trimmed.as_bytes();
            for (i, &b) in bytes.iter().enumerate() {
                let after_blank = i == 0 || matches!(bytes[i - 1], b' ' | b'\t');
                if b == b'#' && after_blank
                    || form == Form::Argument && matches!(b, b' ' | b'\t' | b')' | b',')
                {
                    end = i;
                    break;
                }
            }
            let value = trimmed[..end].trim_end_matches([' ', '\t', '\r']);
            Ok((interpolated(value), value_at..value_at + value.len()))
        }
    }
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
    fn windows_forms() {
        let code = "$env:OPENAI_BASE_URL = \"https://a/v1\"\n$Env:OPENAI_MODEL='m'\n\
                    set OPENAI_API_KEY=k1\nset \"OPENAI_API_BASE=https://b\"\n\
                    setx OPENAI_API_KEY \"k 2\" /M\nSETX OPENAI_MODEL m2\n\
                    [System.Environment]::SetEnvironmentVariable(\"OPENAI_BASE_URL\", 'https://c', \"User\")\n";
        let o = |n: &str, v: &str, s: &'static str| (n.to_owned(), v.to_owned(), s);
        assert_eq!(
            values(code),
            [
                o("OPENAI_BASE_URL", "https://a/v1", "\"https://a/v1\""),
                o("OPENAI_MODEL", "m", "'m'"),
                o("OPENAI_API_KEY", "k1", "k1"),
                o("OPENAI_API_BASE", "https://b", "https://b"),
                o("OPENAI_API_KEY", "k 2", "\"k 2\""),
                o("OPENAI_MODEL", "m2", "m2"),
                o("OPENAI_BASE_URL", "https://c", "'https://c'"),
            ]
        );
        // Other commands are no assignments.
        assert!(has_syntax_error("codex --model gpt-5\n"));
        assert!(
            read("settings=1\nsetup=2\n")
                .0
                .iter()
                .all(|a| a.name.starts_with("set"))
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
