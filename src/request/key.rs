//! What makes an API key fail at the relay before it is even looked up: the relay strips exactly
//! `"Bearer "` from the Authorization header, so any blank character copied along with the key —
//! a space, a tab, a line break, NBSP, the full-width space U+3000, a zero-width character, a BOM
//! — becomes part of the key and the answer is 401.
//!
//! `lint`'s key-whitespace rule judges the keys written in snippets with [`blank_problem`]; `send`
//! judges the key it is about to send with [`check`]. One definition of "blank", one wording.

/// A character that is invisible or blank in a key: Unicode's white space (which
/// `char::is_whitespace` is), and the invisible characters that are not — zero-width ones, the
/// word joiner, the byte-order mark, the soft hyphen and the Mongolian vowel separator.
pub fn is_blank(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{ad}' | '\u{180e}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
        )
}

/// The Unicode name of every character [`is_blank`] holds but the three that have a plain
/// one (space, tab, line feed): a table, as the set is small and fixed (a unit test walks
/// every code point).
const NAMES: &[(char, &str)] = &[
    ('\u{b}', "LINE TABULATION"),
    ('\u{c}', "FORM FEED"),
    ('\u{85}', "NEXT LINE"),
    ('\u{a0}', "NO-BREAK SPACE"),
    ('\u{ad}', "SOFT HYPHEN"),
    ('\u{1680}', "OGHAM SPACE MARK"),
    ('\u{180e}', "MONGOLIAN VOWEL SEPARATOR"),
    ('\u{2000}', "EN QUAD"),
    ('\u{2001}', "EM QUAD"),
    ('\u{2002}', "EN SPACE"),
    ('\u{2003}', "EM SPACE"),
    ('\u{2004}', "THREE-PER-EM SPACE"),
    ('\u{2005}', "FOUR-PER-EM SPACE"),
    ('\u{2006}', "SIX-PER-EM SPACE"),
    ('\u{2007}', "FIGURE SPACE"),
    ('\u{2008}', "PUNCTUATION SPACE"),
    ('\u{2009}', "THIN SPACE"),
    ('\u{200a}', "HAIR SPACE"),
    ('\u{200b}', "ZERO WIDTH SPACE"),
    ('\u{200c}', "ZERO WIDTH NON-JOINER"),
    ('\u{200d}', "ZERO WIDTH JOINER"),
    ('\u{2028}', "LINE SEPARATOR"),
    ('\u{2029}', "PARAGRAPH SEPARATOR"),
    ('\u{202f}', "NARROW NO-BREAK SPACE"),
    ('\u{205f}', "MEDIUM MATHEMATICAL SPACE"),
    ('\u{2060}', "WORD JOINER"),
    ('\u{3000}', "IDEOGRAPHIC SPACE"),
    ('\u{feff}', "ZERO WIDTH NO-BREAK SPACE (a byte-order mark)"),
];

/// The character as messages show it: `a space`, `a tab`, `a line break`, or its code point
/// and Unicode name (`U+3000 IDEOGRAPHIC SPACE`), as the reader cannot see which it is.
pub fn describe(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        '\t' => "a tab".to_owned(),
        '\n' | '\r' => "a line break".to_owned(),
        _ => match NAMES.iter().find(|(known, _)| *known == c) {
            Some((_, name)) => format!("U+{:04X} {name}", c as u32),
            None => format!("U+{:04X}, an invisible character", c as u32),
        },
    }
}

/// The placeholder labels in `key` (what follows `Bearer `, or an SDK's `api_key`), as byte
/// ranges: a bracketed label (`<DeepSeek API Key>`, `{在这里填写_API_Key}`, `[your api key]`,
/// `【你的密钥】`), or the whole value when it is words naming a key (`YOUR API KEY`,
/// `your key here`). The reader replaces a label whole, so the plain spaces between its words
/// are no part of any key; an invisible character in it is, as it survives the paste.
pub fn placeholder_labels(key: &str) -> Vec<std::ops::Range<usize>> {
    const PAIRS: &[(char, char)] = &[
        ('<', '>'),
        ('{', '}'),
        ('[', ']'),
        ('【', '】'),
        ('《', '》'),
        ('「', '」'),
        ('〈', '〉'),
        ('＜', '＞'),
        ('｛', '｝'),
        ('［', '］'),
    ];
    let mut labels = Vec::new();
    let mut at = 0;
    while at < key.len() {
        let c = key[at..].chars().next().unwrap_or_default();
        if let Some(&(_, close)) = PAIRS.iter().find(|(open, _)| *open == c) {
            let inner = at + c.len_utf8();
            // The first closing bracket, with no other opening one before it (`{{KEY}}` is
            // one label).
            if let Some(len) = key[inner..].find(close) {
                let end = inner + len + close.len_utf8();
                let words = key[inner..inner + len].trim_matches(c);
                if !words.trim().is_empty() && words.chars().count() <= 80 {
                    labels.push(at..end);
                    at = end;
                    continue;
                }
            }
        }
        at += c.len_utf8();
    }
    if labels.is_empty() && names_a_key(key) {
        let start = key.len() - key.trim_start_matches(is_blank).len();
        let end = key.trim_end_matches(is_blank).len();
        labels.push(start..end.max(start));
    }
    labels
}

/// Words that name a key rather than being one: letters only (no digit, as a real key has),
/// more than one word, and a word for a key among them.
fn names_a_key(text: &str) -> bool {
    let words: Vec<&str> = text.split(is_blank).filter(|w| !w.is_empty()).collect();
    let lower = text.to_lowercase();
    words.len() > 1
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '_' | '-' | '.' | ':'))
        })
        && ["key", "token", "secret", "密钥", "令牌", "キー"]
            .iter()
            .any(|word| lower.contains(word))
}

/// The first blank character of `key` and where it is, as `has … at its end`. With
/// `after_bearer`, `key` is what follows `"Bearer "` (a leading space is then "a second space").
/// `\0` stands for a part the caller cannot see (a variable) and is never judged; plain spaces
/// inside a placeholder label (see [`placeholder_labels`]) are the label's.
pub fn blank_problem(key: &str, after_bearer: bool) -> Option<String> {
    blank_problem_in(key, after_bearer, &placeholder_labels(key))
}

/// [`blank_problem`] with the label ranges given (none: every blank character counts).
fn blank_problem_in(
    key: &str,
    after_bearer: bool,
    labels: &[std::ops::Range<usize>],
) -> Option<String> {
    let in_label = |i: usize| labels.iter().find(|l| l.start < i && i < l.end);
    let (i, c) = key
        .char_indices()
        .find(|&(i, c)| c != '\u{0}' && is_blank(c) && !(c == ' ' && in_label(i).is_some()))?;
    let at = if i == 0 {
        if after_bearer {
            "after \"Bearer \"".to_owned()
        } else {
            "at its start".to_owned()
        }
    } else if i + c.len_utf8() == key.len() {
        "at its end".to_owned()
    } else if let Some(label) = in_label(i) {
        format!("inside the placeholder {:?}", &key[label.clone()])
    } else {
        "inside it".to_owned()
    };
    let what = if c == ' ' && after_bearer && i == 0 {
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
    // The key about to be sent is judged whole: no label is kept.
    if let Some(problem) = blank_problem_in(key, false, &[]) {
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
            ("sk-a\u{a0}bc", "has U+00A0 NO-BREAK SPACE inside it"),
            ("sk-abc\u{3000}", "has U+3000 IDEOGRAPHIC SPACE at its end"),
            ("sk-a\u{200b}bc", "has U+200B ZERO WIDTH SPACE inside it"),
            (
                "\u{feff}sk-abc",
                "has U+FEFF ZERO WIDTH NO-BREAK SPACE (a byte-order mark) at its start",
            ),
            ("sk-a\u{2009}bc", "has U+2009 THIN SPACE inside it"),
            ("YOUR API KEY", "has a space inside it"),
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

    #[test]
    fn every_blank_character_has_a_name() {
        for c in (0..=0x10ffff)
            .filter_map(char::from_u32)
            .filter(|&c| is_blank(c))
        {
            assert!(!describe(c).contains("an invisible character"), "{c:?}");
        }
    }

    #[test]
    fn plain_spaces_of_a_placeholder_label_are_no_problem() {
        for label in [
            "<DeepSeek API Key>",
            "{在这里填写_API_Key}",
            "[your api key]",
            "YOUR API KEY",
            "your key here",
            "【你的 API 密钥】",
            "{{ api key }}",
        ] {
            assert_eq!(blank_problem(label, true), None, "{label}");
        }
        assert_eq!(
            blank_problem("<DeepSeek API\u{200b}Key>", true).unwrap(),
            "has U+200B ZERO WIDTH SPACE inside the placeholder \"<DeepSeek API\\u{200b}Key>\""
        );
        assert_eq!(
            blank_problem("<DeepSeek\u{3000}API Key>", true).unwrap(),
            "has U+3000 IDEOGRAPHIC SPACE inside the placeholder \"<DeepSeek\\u{3000}API Key>\""
        );
        assert_eq!(
            blank_problem("<your key> ", true).unwrap(),
            "has a space at its end"
        );
        // Words with a digit are a key with a space in it, not a label.
        assert_eq!(
            blank_problem("sk-abc123 def456", true).unwrap(),
            "has a space inside it"
        );
        assert_eq!(blank_problem("my key", false), None,);
    }
}
