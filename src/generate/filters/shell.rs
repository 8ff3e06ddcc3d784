//! Bash words and here-documents.
//!
//! A value becomes exactly one word that bash passes to the command unchanged: bare when it is made
//! only of characters bash never interprets, in double quotes when it has nothing that bash expands
//! there (`$`, backticks, `\`, `"`, and `!`, which an interactive shell expands), and otherwise in
//! single quotes, where nothing is special but the quote itself (`'\''`). Newlines stay as they are
//! (a multi-line JSON body reads as one); every other character the filters escape
//! ([`is_unseen`]: control, format, invisible and blank-looking characters) is written as its
//! UTF-8 bytes in a `$'\xHH…'` piece, so a pasted snippet never carries a raw CR or ESC and a
//! reader sees hidden text; `\xHH` rather than `\uHHHH` because bash turns `\u` into the
//! current locale's encoding, and the word must mean the same bytes in any locale. Every other
//! character stays as it is.

use super::FilterError;
use super::chars::is_unseen;

/// Quotes `text` as one bash word.
pub fn word(text: &str) -> Result<String, FilterError> {
    if text.contains('\0') {
        return Err(FilterError::new(
            "a shell word cannot hold a NUL character: no command-line argument can",
        ));
    }
    if !text.is_empty() && text.chars().all(is_bare) {
        return Ok(text.to_owned());
    }
    if !text.contains(['$', '`', '"', '\\', '!']) && !text.chars().any(is_unseen) {
        return Ok(format!("\"{text}\""));
    }
    Ok(single_quoted(text))
}

/// Characters that need no quoting anywhere in a word.
fn is_bare(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '_' | '@' | '%' | '+' | '=' | ':' | ',' | '.' | '/' | '-')
}

fn single_quoted(text: &str) -> String {
    /// What is open at the end of `out`.
    #[derive(Clone, Copy, PartialEq)]
    enum Open {
        Nothing,
        /// `'…`
        Single,
        /// `$'…`
        Escapes,
    }
    let mut out = String::with_capacity(text.len() + 2);
    let mut open = Open::Nothing;
    for c in text.chars() {
        let wanted = match c {
            '\'' => Open::Nothing,
            '\n' => Open::Single,
            c if is_unseen(c) => Open::Escapes,
            _ => Open::Single,
        };
        if open != wanted {
            if open != Open::Nothing {
                out.push('\'');
            }
            match wanted {
                Open::Single => out.push('\''),
                Open::Escapes => out.push_str("$'"),
                Open::Nothing => {}
            }
            open = wanted;
        }
        match (open, c) {
            (Open::Nothing, _) => out.push_str("\\'"),
            (Open::Escapes, '\r') => out.push_str("\\r"),
            (Open::Escapes, '\t') => out.push_str("\\t"),
            (Open::Escapes, c) => {
                let mut bytes = [0; 4];
                for byte in c.encode_utf8(&mut bytes).bytes() {
                    out.push_str(&format!("\\x{byte:02x}"));
                }
            }
            (Open::Single, c) => out.push(c),
        }
    }
    if open != Open::Nothing {
        out.push('\'');
    }
    if out.is_empty() {
        out.push_str("''");
    }
    out
}

/// A here-document delimiter that no line of `text` equals.
pub fn heredoc_delimiter(text: &str) -> String {
    let mut delimiter = String::from("JSON");
    while text.lines().any(|line| line == delimiter) {
        delimiter.push('_');
    }
    delimiter
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        let table = [
            (
                "https://www.open1.codes/v1/responses",
                "https://www.open1.codes/v1/responses",
            ),
            ("Accept: application/json", "\"Accept: application/json\""),
            ("", "\"\""),
            ("a b", "\"a b\""),
            ("{在这里填写_API_Key}", "\"{在这里填写_API_Key}\""),
            ("$HOME", "'$HOME'"),
            ("it's", "\"it's\""),
            ("'", "\"'\""),
            ("it's $5", "'it'\\''s $5'"),
            ("''$", "\\'\\''$'"),
            ("say \"hi\"", "'say \"hi\"'"),
            ("back\\slash", "'back\\slash'"),
            ("`id`", "'`id`'"),
            ("wow!", "'wow!'"),
            ("a\nb", "'a\nb'"),
            ("\r\n", "$'\\r''\n'"),
            ("tab\there", "'tab'$'\\t''here'"),
            ("esc\u{1b}", "'esc'$'\\x1b'"),
            ("~user", "\"~user\""),
            ("*.md", "\"*.md\""),
            ("a;b|c&d", "\"a;b|c&d\""),
            ("nbsp\u{a0}x", "'nbsp'$'\\xc2\\xa0''x'"),
            (
                "OK.\u{e0041}\u{e0042}",
                "'OK.'$'\\xf3\\xa0\\x81\\x81\\xf3\\xa0\\x81\\x82'",
            ),
            ("\u{200b}$'\r", "$'\\xe2\\x80\\x8b''$'\\'$'\\r'"),
            ("❤\u{fe0f} 中文", "'❤'$'\\xef\\xb8\\x8f'' 中文'"),
        ];
        for (input, expected) in table {
            assert_eq!(word(input).unwrap(), expected, "input {input:?}");
        }
    }

    #[test]
    fn nul_is_an_error() {
        assert!(word("a\0b").is_err());
    }

    #[test]
    fn delimiter_avoids_body_lines() {
        assert_eq!(heredoc_delimiter("{\n\"a\": 1\n}"), "JSON");
        assert_eq!(heredoc_delimiter("x\nJSON\nJSON_\ny"), "JSON__");
    }
}
