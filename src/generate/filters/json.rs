//! JSON text, as curl sends it: strings escaped so that the text holds no control or invisible
//! character, numbers exactly as the description wrote them.

use serde_json::Value;

use super::chars::is_unseen;
use super::layout::{Dialect, layout};

const DIALECT: Dialect = Dialect {
    width: usize::MAX,
    indent: 2,
    null: "null",
    true_: "true",
    false_: "false",
    string,
    key: string,
    number: |n| n.to_string(),
    brace_padding: false,
    split_arrays_of_collections: false,
    fill_numbers: false,
    trailing_comma: false,
    always_split: true,
    short_key: None,
};

/// Pretty JSON text, every collection split, continuation lines indented by `indent` spaces.
pub fn text(value: &Value, indent: usize) -> String {
    layout(&DIALECT, value, indent, indent, 0)
}

/// One-line JSON text with `", "` and `": "` separators.
pub fn compact(value: &Value) -> String {
    let dialect = Dialect {
        always_split: false,
        short_key: None,
        ..DIALECT
    };
    layout(&dialect, value, 0, 0, 0)
}

/// A JSON string literal.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if is_unseen(c) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings() {
        let table = [
            ("plain", r#""plain""#),
            ("say \"hi\"", r#""say \"hi\"""#),
            ("a\\b", r#""a\\b""#),
            ("l1\nl2\r\t", r#""l1\nl2\r\t""#),
            ("\u{0}\u{1b}\u{7f}", r#""\u0000\u001b\u007f""#),
            (
                "\u{2028}\u{2029}\u{a0}\u{feff}",
                r#""\u2028\u2029\u00a0\ufeff""#,
            ),
            ("\u{e0041}", r#""\udb40\udc41""#),
            (
                "OK\u{fe0f}\u{e0101}\u{180b}\u{1680}\u{2800}\u{3164}\u{1bca0}\u{ad}\u{e0020}\u{10ffff}\u{e000}",
                r#""OK\ufe0f\udb40\udd01\u180b\u1680\u2800\u3164\ud82f\udca0\u00ad\udb40\udc20\udbff\udfff\ue000""#,
            ),
            ("中文 😀 $HOME `x` 'q'", r#""中文 😀 $HOME `x` 'q'""#),
        ];
        for (input, expected) in table {
            assert_eq!(string(input), expected, "input {input:?}");
            let back: String = serde_json::from_str(expected).unwrap();
            assert_eq!(back, input);
        }
    }

    #[test]
    fn numbers_stay_as_written() {
        let value: Value = serde_json::from_str(
            r#"{"big": 123456789012345678901234567890, "f": 1.50, "e": 1E+5}"#,
        )
        .unwrap();
        // Digits stay as written; serde_json only spells the exponent `e+`.
        assert_eq!(
            compact(&value),
            r#"{"big": 123456789012345678901234567890, "f": 1.50, "e": 1e+5}"#
        );
    }

    #[test]
    fn text_splits_every_collection() {
        let value = json!({"a": [1, {"b": []}], "c": {}});
        assert_eq!(
            text(&value, 2),
            "{\n    \"a\": [\n      1,\n      {\n        \"b\": []\n      }\n    ],\n    \"c\": {}\n  }"
        );
    }
}
