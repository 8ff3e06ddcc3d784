//! JavaScript literals, written the way Prettier formats them.

use serde_json::{Number, Value};
use unicode_width::UnicodeWidthStr;

use super::chars::is_unseen;
use super::layout::{Dialect, layout};

const DIALECT: Dialect = Dialect {
    width: 80,
    indent: 2,
    null: "null",
    true_: "true",
    false_: "false",
    string,
    key,
    number,
    brace_padding: true,
    split_arrays_of_collections: true,
    fill_numbers: true,
    trailing_comma: true,
    always_split: false,
    short_key: Some(SHORT_KEY),
};

/// Prettier's `printWidth`.
const WIDTH: usize = 80;

/// A key printed narrower than this is "short" (Prettier's `isObjectPropertyWithShortKey`:
/// `tabWidth + 3`): a string value after it never moves to the next line.
const SHORT_KEY: usize = 5;

/// Largest integer a JavaScript number holds exactly (2^53).
const EXACT_LIMIT: u64 = 1 << 53;

/// A JavaScript expression for `value`.
pub fn value(value: &Value, indent: usize, column: usize, tail: usize) -> String {
    layout(&DIALECT, value, indent, column, tail)
}

/// Whether every number in `value` survives `JSON.stringify` unchanged in value: integers beyond
/// 2^53 do not (JavaScript numbers are doubles).
pub fn is_exact(value: &Value) -> bool {
    match value {
        Value::Number(n) => {
            let text = n.to_string();
            let digits = text.strip_prefix('-').unwrap_or(&text);
            if digits.contains(['.', 'e', 'E']) {
                return true;
            }
            digits.parse::<u64>().is_ok_and(|n| n <= EXACT_LIMIT)
        }
        Value::Array(items) => items.iter().all(is_exact),
        Value::Object(map) => map.values().all(is_exact),
        _ => true,
    }
}

/// A string literal: double quotes unless the text holds more double than single quotes
/// (Prettier's rule).
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
            '\u{8}' => out.push_str("\\b"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            c if is_unseen(c) => match c as u32 {
                n @ 0..=0xff => out.push_str(&format!("\\x{n:02x}")),
                n @ 0x100..=0xffff => out.push_str(&format!("\\u{n:04x}")),
                n => out.push_str(&format!("\\u{{{n:x}}}")),
            },
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// An object key, as Prettier's `quoteProps: "as-needed"` prints it (`isStringPropSafelyCoercedToKey`
/// in prettier/plugins/estree.mjs): bare when it is an identifier name, or a "simple" number
/// (`/^(?:\d+|\d+\.\d+)$/`) that JavaScript prints back the same (`String(Number(key)) === key`:
/// `1`, `1.5`, not `01`, `1.50` or `12345678901234567890`); quoted otherwise. `__proto__` is
/// written as a computed key: in a literal, a plain `__proto__: x` sets the prototype instead of
/// making a property, and `JSON.stringify` would drop it.
pub fn key(name: &str) -> String {
    if name == "__proto__" {
        return format!("[{}]", string(name));
    }
    if is_identifier_name(name) || is_simple_number(name) {
        name.to_owned()
    } else {
        string(name)
    }
}

/// The characters JavaScript's identifiers take (Unicode's ID_Start, ID_Continue) that the
/// NFKC-closed XID sets of `unicode-ident` leave out: Prettier's identifier test (ES5 letters)
/// unquotes keys made of them, and Node parses them (found by the Prettier table in
/// tests/formatting.rs; the list is ID_Start minus XID_Start, which holds ID_Continue's too).
const ID_NOT_XID: &[char] = &[
    '\u{37a}', '\u{e33}', '\u{eb3}', '\u{309b}', '\u{309c}', '\u{fc5e}', '\u{fc5f}', '\u{fc60}',
    '\u{fc61}', '\u{fc62}', '\u{fc63}', '\u{fdfa}', '\u{fdfb}', '\u{fe70}', '\u{fe72}', '\u{fe74}',
    '\u{fe76}', '\u{fe78}', '\u{fe7a}', '\u{fe7c}', '\u{fe7e}', '\u{ff9e}', '\u{ff9f}',
];

/// Beyond the BMP, identifier tables differ between Node's ICU and the newest Unicode (and
/// Prettier's as-needed quoting reads only BMP names): those names stay quoted. So do names with
/// a character [`string`] escapes: Prettier keeps a key quoted when its text has an escape.
fn is_identifier_name(name: &str) -> bool {
    let mut chars = name.chars();
    let start = |c: char| unicode_ident::is_xid_start(c) || ID_NOT_XID.contains(&c);
    let part = |c: char| unicode_ident::is_xid_continue(c) || ID_NOT_XID.contains(&c);
    name.chars().all(|c| c <= '\u{ffff}')
        && chars
            .next()
            .is_some_and(|c| c == '$' || c == '_' || (start(c) && !is_unseen(c)))
        && chars.all(|c| c == '$' || (part(c) && !is_unseen(c)))
}

/// Digits, or digits, a point and digits, that JavaScript's `String(Number(name))` gives back
/// unchanged: Prettier prints such a key as a number.
fn is_simple_number(name: &str) -> bool {
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let simple = match name.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(name),
    };
    simple
        && name
            .parse::<f64>()
            .is_ok_and(|n| js_number_text(n).as_deref() == Some(name))
}

/// `String(n)` for a finite, non-negative `n`, where it has no exponent (from 1e-6 up to 1e21,
/// and 0); both languages print the shortest digits that read back as `n`. Elsewhere JavaScript
/// writes an exponent, which no simple number has: `None`.
fn js_number_text(n: f64) -> Option<String> {
    (n == 0.0 || (1e-6..1e21).contains(&n)).then(|| format!("{n}"))
}

/// A string literal after an assignment's `=` or a property's `:` ending at display column
/// `column` of a line indented by `indent`, with `tail` characters after it (`;` or `,`): the
/// literal after a space, or — when that line would be wider than 80 columns — on the next line,
/// indented one more level (Prettier's "break-after-operator" layout for string literals).
pub fn after_operator(text: &str, indent: usize, column: usize, tail: usize) -> String {
    let literal = string(text);
    if column + 1 + literal.width() + tail <= WIDTH {
        format!(" {literal}")
    } else {
        format!("\n{}{literal}", " ".repeat(indent + DIALECT.indent))
    }
}

/// `key: "value"` for a property indented by `indent`, followed by `tail` characters (a comma),
/// laid out as Prettier does: a long value moves to the next line unless the key is short.
pub fn property(name: &str, value: &str, indent: usize, tail: usize) -> String {
    let key = key(name);
    let column = indent + key.width() + 1;
    if key.width() < SHORT_KEY {
        format!("{key}: {}", string(value))
    } else {
        format!("{key}:{}", after_operator(value, indent, column, tail))
    }
}

/// Prettier's number normalisation: lower-case, no `+` or leading zeros in the exponent, no
/// `e0`, no trailing zeros after the decimal point. Each step keeps the value.
fn number(n: &Number) -> String {
    let text = n.to_string().to_ascii_lowercase();
    let (mantissa, exponent) = match text.split_once('e') {
        Some((m, e)) => (m.to_owned(), Some(e.to_owned())),
        None => (text, None),
    };
    let mantissa = match mantissa.split_once('.') {
        // Keep one digit after the point: 1.50 -> 1.5, 1.00 -> 1.0, as Prettier does.
        Some((whole, fraction)) => {
            let trimmed = fraction.trim_end_matches('0');
            let fraction = if trimmed.is_empty() {
                &fraction[..1]
            } else {
                trimmed
            };
            format!("{whole}.{fraction}")
        }
        None => mantissa,
    };
    match exponent {
        None => mantissa,
        Some(exponent) => {
            let (sign, digits) = match exponent.strip_prefix('-') {
                Some(digits) => ("-", digits),
                None => ("", exponent.strip_prefix('+').unwrap_or(&exponent)),
            };
            let digits = digits.trim_start_matches('0');
            if digits.is_empty() {
                mantissa
            } else {
                format!("{mantissa}e{sign}{digits}")
            }
        }
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
            ("${x} `y` $z", r#""${x} `y` $z""#),
            ("a\\b", r#""a\\b""#),
            ("\n\r\t\u{8}\u{b}\u{c}\u{0}1", r#""\n\r\t\b\v\f\x001""#),
            (
                "\u{2028}\u{2029}\u{a0}\u{200b}",
                r#""\u2028\u2029\xa0\u200b""#,
            ),
            ("\u{e0041}", r#""\u{e0041}""#),
            (
                "OK\u{fe0f}\u{e0101}\u{180b}\u{1680}\u{2800}\u{3164}\u{1bca0}\u{ad}\u{e0020}",
                r#""OK\ufe0f\u{e0101}\u180b\u1680\u2800\u3164\u{1bca0}\xad\u{e0020}""#,
            ),
            ("中文 😀", r#""中文 😀""#),
        ];
        for (input, expected) in table {
            assert_eq!(string(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn keys() {
        let table = [
            ("model", "model"),
            ("$ref", "$ref"),
            ("max_output_tokens", "max_output_tokens"),
            ("User-Agent", r#""User-Agent""#),
            ("名前", "名前"),
            ("1", "1"),
            ("1.5", "1.5"),
            ("01", r#""01""#),
            ("1.50", r#""1.50""#),
            ("-1", r#""-1""#),
            ("1e3", r#""1e3""#),
            ("12345678901234567890", r#""12345678901234567890""#),
            ("0.0000001", r#""0.0000001""#),
            ("", r#""""#),
            ("__proto__", r#"["__proto__"]"#),
            ("a\u{200d}b", r#""a\u200db""#),
            // A Hangul filler is an identifier start, and invisible.
            ("\u{3164}", r#""\u3164""#),
            ("x\u{fe0f}", r#""x\ufe0f""#),
            // An identifier to unicode-ident, a syntax error to Node 20 (found by the round trip),
            // unassigned to ICU's tables: quoted and escaped.
            ("\u{3d84f}", r#""\u{3d84f}""#),
            ("a\u{20000}", "\"a\u{20000}\""),
            // ID_Start but not XID_Start: an identifier to Node and to Prettier.
            ("\u{37a}", "\u{37a}"),
            ("a\u{ff9e}", "a\u{ff9e}"),
            // A letter to Prettier's ES5 test, a syntax error to Node: quoted.
            ("\u{2e2f}", "\"\u{2e2f}\""),
        ];
        for (input, expected) in table {
            assert_eq!(key(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn numbers_follow_prettier() {
        let table = [
            ("1", "1"),
            ("1.0", "1.0"),
            ("1.50", "1.5"),
            ("1.00", "1.0"),
            ("1E+05", "1e5"),
            ("2.5e-03", "2.5e-3"),
            ("7e0", "7"),
            ("-0", "-0"),
        ];
        for (input, expected) in table {
            let n: Number = serde_json::from_str(input).unwrap();
            assert_eq!(number(&n), expected, "input {input:?}");
        }
    }

    #[test]
    fn exactness() {
        let value: Value =
            serde_json::from_str("[9007199254740992, -9007199254740992, 1.5e300]").unwrap();
        assert!(is_exact(&value));
        let value: Value = serde_json::from_str(r#"{"a": [9007199254740993]}"#).unwrap();
        assert!(!is_exact(&value));
    }

    #[test]
    fn prettier_fills_arrays_of_numbers() {
        let numbers: Vec<u32> = (1..=30).collect();
        let value = json!({ "x_numbers": numbers });
        assert_eq!(
            super::value(&value, 0, 0, 1),
            "{\n  x_numbers: [\n    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,\n    22, 23, 24, 25, 26, 27, 28, 29, 30,\n  ],\n}"
        );
    }

    #[test]
    fn prettier_splits_arrays_of_objects() {
        let value = json!([{"a": 1, "b": 2}, {"a": 3, "b": 4}]);
        assert_eq!(
            super::value(&value, 0, 0, 1),
            "[\n  { a: 1, b: 2 },\n  { a: 3, b: 4 },\n]"
        );
        let value = json!([{"a": 1}, {"a": 3}]);
        assert_eq!(super::value(&value, 0, 0, 1), "[{ a: 1 }, { a: 3 }]");
    }
}
