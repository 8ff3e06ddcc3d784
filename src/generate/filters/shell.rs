//! Bash words and here-documents.
//!
//! A value becomes exactly one word that bash passes to the command unchanged: bare when it is made
//! only of characters bash never interprets, in double quotes when it has nothing that bash expands
//! there (`$`, backticks, `\`, `"`, and `!`, which an interactive shell expands), and otherwise in
//! single quotes, where nothing is special but the quote itself (`'\''`). Newlines stay as they are
//! (a multi-line JSON body reads as one); other ASCII control characters are written as `$'\xHH'`
//! pieces so a pasted snippet never carries a raw CR or ESC; every other character stays as it is,
//! so the word means the same bytes in any locale.

use super::FilterError;

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
    if !text.contains(['$', '`', '"', '\\', '!']) && !text.chars().any(|c| c.is_ascii_control()) {
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
    let mut out = String::with_capacity(text.len() + 2);
    let mut open = false;
    for c in text.chars() {
        let piece = match c {
            '\'' => Some("\\'".to_owned()),
            '\r' => Some("$'\\r'".to_owned()),
            '\t' => Some("$'\\t'".to_owned()),
            c if c.is_ascii_control() && c != '\n' => Some(format!("$'\\x{:02x}'", c as u32)),
            _ => None,
        };
        match piece {
            Some(piece) => {
                if open {
                    out.push('\'');
                    open = false;
                }
                out.push_str(&piece);
            }
            None => {
                if !open {
                    out.push('\'');
                    open = true;
                }
                out.push(c);
            }
        }
    }
    if open || out.is_empty() {
        out.push('\'');
    }
    if out == "'" {
        out.push('\'');
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
            ("nbsp\u{a0}x", "\"nbsp\u{a0}x\""),
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
