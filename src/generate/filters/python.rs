//! Python literals, written the way black formats them.

use serde_json::{Number, Value};

use super::chars::is_unseen;
use super::layout::{Dialect, layout};

const DIALECT: Dialect = Dialect {
    width: 88,
    indent: 4,
    null: "None",
    true_: "True",
    false_: "False",
    string,
    key: string,
    number,
    brace_padding: false,
    split_arrays_of_collections: false,
    fill_numbers: false,
    trailing_comma: true,
    always_split: false,
    short_key: None,
};

/// A Python expression for `value` (dict, list, str, int, float, bool, None).
pub fn value(value: &Value, indent: usize, column: usize, tail: usize) -> String {
    layout(&DIALECT, value, indent, column, tail)
}

/// A Python `str` literal: double quotes unless single quotes need fewer escapes (black's rule).
pub fn string(text: &str) -> String {
    let quote = if text.matches('"').count() > text.matches('\'').count() {
        '\''
    } else {
        '"'
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unseen(c) => match c as u32 {
                n @ 0..=0xff => out.push_str(&format!("\\x{n:02x}")),
                n @ 0x100..=0xffff => out.push_str(&format!("\\u{n:04x}")),
                n => out.push_str(&format!("\\U{n:08x}")),
            },
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// JSON number syntax is Python number syntax; black only writes the exponent as `e` without `+`.
/// Python integers are unbounded, so big integers stay exact.
fn number(n: &Number) -> String {
    let text = n.to_string();
    match text.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => {
            format!(
                "{mantissa}e{}",
                exponent.strip_prefix('+').unwrap_or(exponent)
            )
        }
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings() {
        let table = [
            ("plain", r#""plain""#),
            ("it's", r#""it's""#),
            ("say \"hi\"", r#"'say "hi"'"#),
            ("\"'", r#""\"'""#),
            ("a\\b{x}%s", r#""a\\b{x}%s""#),
            ("l1\nl2\r\t\u{0}\u{1b}", r#""l1\nl2\r\t\x00\x1b""#),
            (
                "\u{a0}\u{2028}\u{feff}\u{e0041}",
                r#""\xa0\u2028\ufeff\U000e0041""#,
            ),
            (
                "OK\u{fe0f}\u{e0101}\u{180b}\u{1680}\u{2800}\u{3164}\u{1bca0}\u{ad}\u{e0020}",
                r#""OK\ufe0f\U000e0101\u180b\u1680\u2800\u3164\U0001bca0\xad\U000e0020""#,
            ),
            ("中文 😀", r#""中文 😀""#),
        ];
        for (input, expected) in table {
            assert_eq!(string(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn numbers() {
        let value: Value =
            serde_json::from_str("[1E+5, 2.5e-3, 123456789012345678901234567890, -0.0]").unwrap();
        assert_eq!(
            super::value(&value, 0, 0, 1),
            "[1e5, 2.5e-3, 123456789012345678901234567890, -0.0]"
        );
    }

    #[test]
    fn splits_only_what_does_not_fit() {
        let short = json!({"a": null, "b": [true, false]});
        assert_eq!(value(&short, 0, 0, 1), r#"{"a": None, "b": [True, False]}"#);
        let long = json!({"text": "x".repeat(80), "n": 1});
        assert_eq!(
            value(&long, 4, 9, 1),
            format!(
                "{{\n        \"text\": \"{}\",\n        \"n\": 1,\n    }}",
                "x".repeat(80)
            )
        );
    }
}
