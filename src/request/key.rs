//! What makes an API key fail at the relay before it is even looked up: the relay strips exactly
//! `"Bearer "` from the Authorization header, so any blank character copied along with the key —
//! a space, a tab, a line break, NBSP, the full-width space U+3000, a zero-width character, a BOM
//! — becomes part of the key and the answer is 401.
//!
//! `lint`'s key-whitespace rule judges the keys written in snippets with [`blank_problem`]; `send`
//! judges the key it is about to send with [`check`]. One definition of "blank", one wording.

/// A character that is invisible or blank in a key.
pub fn is_blank(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
        )
}

/// The character's name, as messages show it.
pub fn describe(c: char) -> String {
    let name = match c {
        ' ' => "a space",
        '\t' => "a tab",
        '\n' | '\r' => "a line break",
        '\u{a0}' => "a no-break space (U+00A0)",
        '\u{3000}' => "an ideographic space (U+3000)",
        '\u{200b}' => "a zero-width space (U+200B)",
        '\u{200c}' => "a zero-width non-joiner (U+200C)",
        '\u{200d}' => "a zero-width joiner (U+200D)",
        '\u{feff}' => "a byte-order mark (U+FEFF)",
        _ => return format!("an invisible character (U+{:04X})", c as u32),
    };
    name.to_owned()
}

/// The first blank character of `key` and where it is, as `has … at its end`. With
/// `after_bearer`, `key` is what follows `"Bearer "` (a leading space is then "a second space").
/// `\0` stands for a part the caller cannot see (a variable) and is never judged.
pub fn blank_problem(key: &str, after_bearer: bool) -> Option<String> {
    let c = key.chars().find(|&c| c != '\u{0}' && is_blank(c))?;
    let at = if key.starts_with(c) {
        if after_bearer {
            "after \"Bearer \""
        } else {
            "at its start"
        }
    } else if key.ends_with(c) {
        "at its end"
    } else {
        "inside it"
    };
    let what = if c == ' ' && after_bearer && key.starts_with(' ') {
        "a second space".to_owned()
    } else {
        describe(c)
    };
    Some(format!("has {what} {at}"))
}

/// Why `key` cannot be sent as it is, if it cannot: empty, a blank character (as lint finds
/// them), or any other character outside visible ASCII, which no relay key holds and which HTTP
/// headers do not carry unchanged.
pub fn check(key: &str) -> Result<(), String> {
    if key.is_empty() {
        return Err("is empty".into());
    }
    if let Some(problem) = blank_problem(key, false) {
        return Err(problem);
    }
    match key.chars().find(|c| !c.is_ascii_graphic()) {
        Some(c) => Err(format!(
            "has the character U+{:04X} ({c:?}), which a key never holds: it was copied from somewhere else",
            c as u32
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_refused_with_the_reason() {
        let cases = [
            ("", "is empty"),
            (" sk-abc", "has a space at its start"),
            ("sk-abc\n", "has a line break at its end"),
            ("sk-abc\t", "has a tab at its end"),
            ("sk-a\u{a0}bc", "has a no-break space (U+00A0) inside it"),
            (
                "sk-abc\u{3000}",
                "has an ideographic space (U+3000) at its end",
            ),
            (
                "sk-a\u{200b}bc",
                "has a zero-width space (U+200B) inside it",
            ),
            (
                "\u{feff}sk-abc",
                "has a byte-order mark (U+FEFF) at its start",
            ),
            ("sk-ａbc", "has the character U+FF41"),
            ("sk-ab\u{7}c", "has the character U+0007"),
        ];
        for (key, expected) in cases {
            let message = check(key).unwrap_err();
            assert!(message.starts_with(expected), "{key:?}: {message}");
        }
        assert_eq!(check("sk-test-0123456789abcdef"), Ok(()));
    }

    #[test]
    fn after_bearer() {
        assert_eq!(
            blank_problem(" sk-1", true).unwrap(),
            "has a second space after \"Bearer \""
        );
        assert_eq!(blank_problem("sk-\u{0}1", true), None);
    }
}
