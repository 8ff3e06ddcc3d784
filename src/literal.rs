//! String literals in the snippets' languages — bash words and quotes, Python and JavaScript
//! strings — read and checked for writing in one place.
//!
//! Reading decodes what a literal stands for (escapes, bash's quote removal); the parsers build
//! their values with it and the fix edits find the characters a key's literal holds with it, so
//! both agree on what a backslash means. Writing here is only the question a fix asks before it
//! replaces a literal's text: can this text stand in that literal as it is? The generator's
//! filters (`src/generate/filters/`) stay the only writers of generated code.

use crate::extract::Dialect;

/// Decodes the backslash escapes of Python and JavaScript string literals.
pub fn unescape(text: &str) -> String {
    unescape_with(text, |_| None)
}

/// Decodes backslash escapes: the common ones (see [`escape`]), then what `extra` adds for one
/// language; any other escaped character stands for itself.
fn unescape_with(text: &str, extra: impl Fn(char) -> Option<char>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let (decoded, len) = escape(&rest[at..], &extra);
        out.extend(decoded);
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    out
}

/// The backslash escape at the start of `text`: the character it stands for (`None` for a line
/// continuation, which stands for nothing) and its length in bytes. The common escapes are
/// `\n`, `\t`, `\r`, `\b`, `\f`, `\v`, `\0`, `\xHH`, `\uHHHH`, `\u{H…}` and `\UHHHHHHHH`; `extra`
/// adds one language's; any other escaped character stands for itself, and a backslash that
/// ends the text for a backslash.
pub fn escape(text: &str, extra: impl Fn(char) -> Option<char>) -> (Option<char>, usize) {
    let mut chars = text.chars();
    chars.next();
    let Some(escaped) = chars.next() else {
        return (Some('\\'), text.len().min(1));
    };
    let decoded = match escaped {
        'n' => Some('\n'),
        't' => Some('\t'),
        'r' => Some('\r'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        'v' => Some('\u{b}'),
        '0' if !chars.clone().next().is_some_and(|c| c.is_ascii_digit()) => Some('\0'),
        '\n' => None,
        kind @ ('x' | 'u' | 'U') => {
            let braced = kind == 'u' && chars.clone().next() == Some('{');
            if braced {
                chars.next();
            }
            let max = match kind {
                'x' => 2,
                'u' if braced => 6,
                'u' => 4,
                _ => 8,
            };
            let decoded = read_hex(&mut chars, max).unwrap_or('\u{fffd}');
            if braced {
                chars.next();
            }
            Some(decoded)
        }
        c => Some(extra(c).unwrap_or(c)),
    };
    (decoded, text.len() - chars.as_str().len())
}

/// Reads up to `max` hex digits from `chars` and returns the character they name.
fn read_hex(chars: &mut std::str::Chars<'_>, max: usize) -> Option<char> {
    let mut code = 0u32;
    let mut read = 0;
    while read < max {
        let Some(digit) = chars.clone().next().and_then(|c| c.to_digit(16)) else {
            break;
        };
        code = code * 16 + digit;
        chars.next();
        read += 1;
    }
    if read == 0 {
        None
    } else {
        char::from_u32(code)
    }
}

/// bash's `$'…'`: the common escapes, and `\e` (escape) and `\a` (bell).
fn ansi_c_extra(c: char) -> Option<char> {
    match c {
        'e' | 'E' => Some('\u{1b}'),
        'a' => Some('\u{7}'),
        _ => None,
    }
}

/// A quoted literal's text without its quotes; error recovery can leave the closing one out
/// (and the last character may be any character, so no byte arithmetic).
pub fn between_quotes(source: &str, quote: char) -> &str {
    let inner = source.strip_prefix(quote).unwrap_or(source);
    inner.strip_suffix(quote).unwrap_or(inner)
}

/// bash's quoting.
pub mod shell {
    /// An unquoted word: a backslash keeps the next character, or joins two lines.
    pub fn unescape_word(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('\n') | None => {}
                    Some(c) => out.push(c),
                },
                c => out.push(c),
            }
        }
        out
    }

    /// Inside double quotes, a backslash escapes only `$`, `` ` ``, `"`, `\` and a newline.
    pub fn unescape_double(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek()) {
                ('\\', Some('$' | '`' | '"' | '\\')) => out.push(chars.next().expect("peeked")),
                ('\\', Some('\n')) => {
                    chars.next();
                }
                (c, _) => out.push(c),
            }
        }
        out
    }

    /// The inside of `$'…'`, as bash decodes it: `\n`, `\t`… `\nnn` (octal), `\xHH`, `\uHHHH`,
    /// `\UHHHHHHHH`, `\cX`; any other backslash is kept with the character after it (`\`+newline
    /// too: it joins no lines here), and a NUL ends the word, as it ends a C string.
    pub fn unescape_ansi_c(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        let digits = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>, radix, max| {
            let mut value: Option<u32> = None;
            for _ in 0..max {
                match chars.peek().and_then(|c| c.to_digit(radix)) {
                    Some(d) => {
                        chars.next();
                        value = Some(value.unwrap_or(0) * radix + d);
                    }
                    None => break,
                }
            }
            value
        };
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some(escaped) = chars.next() else {
                out.push('\\');
                break;
            };
            let value = match escaped {
                'a' => Some(7),
                'b' => Some(8),
                'e' | 'E' => Some(0x1b),
                'f' => Some(0xc),
                'n' => Some(0xa),
                'r' => Some(0xd),
                't' => Some(9),
                'v' => Some(0xb),
                '\\' | '\'' | '"' | '?' => Some(u32::from(escaped)),
                '0'..='7' => {
                    let mut value = escaped.to_digit(8).unwrap_or(0);
                    for _ in 0..2 {
                        match chars.peek().and_then(|c| c.to_digit(8)) {
                            Some(d) => {
                                chars.next();
                                value = value * 8 + d;
                            }
                            None => break,
                        }
                    }
                    Some(value & 0xff)
                }
                'x' => digits(&mut chars, 16, 2),
                'u' => digits(&mut chars, 16, 4),
                'U' => digits(&mut chars, 16, 8),
                'c' => chars.next().map(|c| u32::from(c) & 0x1f),
                _ => None,
            };
            match value {
                Some(0) => break,
                Some(value) => out.push(char::from_u32(value).unwrap_or('\u{fffd}')),
                None => {
                    out.push('\\');
                    out.push(escaped);
                }
            }
        }
        out
    }
}

/// What a backslash does inside a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escapes {
    /// Nothing: `'…'` in bash, `r"…"` in Python.
    None,
    /// It keeps the next character as it is (bash's `"…"`).
    Kept,
    /// `\t`, `\u00a0`…: Python, JavaScript, bash's `$'…'`.
    Decoded,
}

impl Escapes {
    /// The escapes of the literal opened by `quote` in `dialect`, where `before` is the code
    /// before the quote (bash's `$'`, Python's `r"` prefix).
    pub fn of(dialect: Dialect, before: &str, quote: char) -> Escapes {
        let letters = before.len()
            - before
                .trim_end_matches(|c: char| c.is_ascii_alphabetic())
                .len();
        match (dialect, quote) {
            (Dialect::Shell, '\'') if before.ends_with('$') => Escapes::Decoded,
            (Dialect::Shell, '\'') => Escapes::None,
            (Dialect::Shell, _) => Escapes::Kept,
            // Single-quoted dotenv values, YAML scalars and TOML literal strings are literal.
            (Dialect::Dotenv | Dialect::Yaml | Dialect::Toml, '\'') => Escapes::None,
            (Dialect::Python, _) if python_raw(&before[before.len() - letters..]) => Escapes::None,
            _ => Escapes::Decoded,
        }
    }

    /// The escape at the start of `text` (a backslash): the character it stands for when it is
    /// decoded, and its length.
    pub fn read(self, dialect: Dialect, text: &str) -> (Option<char>, usize) {
        match self {
            Escapes::Decoded if dialect == Dialect::Shell => escape(text, ansi_c_extra),
            Escapes::Decoded => escape(text, |_| None),
            _ => (None, text.chars().nth(1).map_or(1, |n| 1 + n.len_utf8())),
        }
    }
}

/// Whether a Python string's prefix (`r`, `Rb`, `fr`…) makes it raw: a backslash is itself.
pub fn python_raw(prefix: &str) -> bool {
    prefix.contains(['r', 'R'])
}

/// The text of the string literal (or bare shell word) `source` when it is written as it is
/// read: no escapes, no interpolation.
pub fn plain(source: &str) -> Option<&str> {
    let quote = source.chars().next()?;
    if matches!(quote, '"' | '\'' | '`') && source.len() >= 2 && source.ends_with(quote) {
        let inner = &source[1..source.len() - 1];
        inner
            .chars()
            .all(|c| stands_for_itself(Some(quote), c))
            .then_some(inner)
    } else {
        source
            .chars()
            .all(|c| stands_for_itself(None, c))
            .then_some(source)
    }
}

/// Whether `c` stands for itself inside a literal opened by `quote` (`None`: a bare shell word)
/// in any of the dialects — so a fix may write it there as it is.
pub fn stands_for_itself(quote: Option<char>, c: char) -> bool {
    match quote {
        None => c.is_ascii_alphanumeric() || ":/._-".contains(c),
        Some('\'') => !matches!(c, '\'' | '\\'),
        Some(_) => !matches!(c, '"' | '`' | '\\' | '$'),
    }
}

/// The quote a new literal beside `source` uses: the first one `source` uses, double when it
/// uses none.
pub fn quote_like(source: &str) -> char {
    match source.chars().find(|c| matches!(c, '"' | '\'')) {
        Some('\'') => '\'',
        _ => '"',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_decode() {
        let cases = [
            (r"a\nb", "a\nb"),
            (r"\x41\u00e9\u{1F600}\U0001F600", "Aé😀😀"),
            (r"\0\01", "\u{0}01"),
            ("a\\\nb", "ab"),
            (r"\q\", "q\\"),
            (r"\xZ", "\u{fffd}Z"),
        ];
        for (code, want) in cases {
            assert_eq!(unescape(code), want, "{code}");
        }
        assert_eq!(
            shell::unescape_ansi_c(r"a\tb\x41\u00e9\'\e"),
            "a\tbAé'\u{1b}"
        );
        assert_eq!(shell::unescape_double(r#"\$a\"\t"#), "$a\"\\t");
        assert_eq!(shell::unescape_word("a\\ b\\\nc"), "a bc");
    }

    #[test]
    fn plain_literals() {
        assert_eq!(plain("'a b'"), Some("a b"));
        assert_eq!(plain("\"a $b\""), None);
        assert_eq!(plain("a?b"), None);
        assert_eq!(plain("https://x"), Some("https://x"));
    }
}
