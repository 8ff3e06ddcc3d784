//! What a JSON body's text says that its parsed value forgets, and the snippets therefore cannot
//! send as curl does: a key written twice in one object (curl sends both; a Python dict or a
//! JavaScript object holds one, with the last value, as `json.loads` and `JSON.parse` keep it),
//! and the spelling of numbers (curl sends `1e2`; Python prints the double back as `100.0`,
//! JavaScript as `100`).
//!
//! The text has already been parsed by serde_json, so the scan here only tells keys from values
//! and numbers from strings; it never has to report bad JSON.

use std::collections::HashMap;

/// A key written more than once in one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The object's place in the body: `""` for the body itself, `"reasoning"`, `"tools[]"`.
    pub path: String,
    pub key: String,
    /// Where each occurrence's key starts, as byte offsets into the body.
    pub at: Vec<usize>,
}

/// A number as the body writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number<'a> {
    pub text: &'a str,
    pub at: usize,
}

enum Frame {
    Object {
        path: String,
        keys: HashMap<String, Vec<usize>>,
        /// Keys in the order first written, for messages in the body's order.
        order: Vec<String>,
        expecting_key: bool,
        last_key: String,
    },
    Array {
        path: String,
    },
}

/// The duplicate keys and the numbers of a valid JSON text, in the order written.
pub fn scan(text: &str) -> (Vec<Duplicate>, Vec<Number<'_>>) {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut duplicates = Vec::new();
    let mut numbers = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => {
                let path = match stack.last() {
                    None => String::new(),
                    Some(Frame::Object { path, last_key, .. }) => join(path, last_key),
                    Some(Frame::Array { path }) => format!("{path}[]"),
                };
                stack.push(match bytes[i] {
                    b'{' => Frame::Object {
                        path,
                        keys: HashMap::new(),
                        order: Vec::new(),
                        expecting_key: true,
                        last_key: String::new(),
                    },
                    _ => Frame::Array { path },
                });
                i += 1;
            }
            b'}' | b']' => {
                if let Some(Frame::Object {
                    path,
                    mut keys,
                    order,
                    ..
                }) = stack.pop()
                {
                    for key in order {
                        let at = keys.remove(&key).unwrap_or_default();
                        if at.len() > 1 {
                            duplicates.push(Duplicate {
                                path: path.clone(),
                                key,
                                at,
                            });
                        }
                    }
                }
                i += 1;
            }
            b',' => {
                if let Some(Frame::Object { expecting_key, .. }) = stack.last_mut() {
                    *expecting_key = true;
                }
                i += 1;
            }
            b':' => {
                if let Some(Frame::Object { expecting_key, .. }) = stack.last_mut() {
                    *expecting_key = false;
                }
                i += 1;
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                if let Some(Frame::Object {
                    keys,
                    order,
                    expecting_key: true,
                    last_key,
                    ..
                }) = stack.last_mut()
                {
                    let key: String =
                        serde_json::from_str(&text[start..i.min(text.len())]).unwrap_or_default();
                    let places = keys.entry(key.clone()).or_default();
                    if places.is_empty() {
                        order.push(key.clone());
                    }
                    places.push(start);
                    *last_key = key;
                }
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len()
                    && matches!(bytes[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
                {
                    i += 1;
                }
                numbers.push(Number {
                    text: &text[start..i],
                    at: start,
                });
            }
            _ => i += 1,
        }
    }
    (duplicates, numbers)
}

fn join(path: &str, key: &str) -> String {
    match path {
        "" => key.to_owned(),
        path => format!("{path}.{key}"),
    }
}

/// How open1-snip's JSON writes the number `text` (the curl snippet, the node snippet's JSON
/// text, the description), when that differs from `text`: every digit as written, an exponent
/// as `e+N` or `e-N` (serde_json's arbitrary precision keeps the digits, not the `E` or a
/// missing `+`).
pub fn json(text: &str) -> Option<String> {
    let printed = serde_json::from_str::<serde_json::Number>(text)
        .ok()?
        .to_string();
    (printed != text).then_some(printed)
}

/// What Python's `json.dumps` prints for the number the literal `text` makes (an `int` for an
/// integer, else a `float`: its `repr`), when that differs from `text`.
pub fn python(text: &str) -> Option<String> {
    let printed = if is_integer(text) {
        // An int of any size is exact; only its sign can go: `-0` is 0.
        match text.trim_start_matches('-').trim_start_matches('0') {
            "" => "0".to_owned(),
            _ => text.to_owned(),
        }
    } else {
        let (digits, point) = shortest(text)?;
        let sign = if text.starts_with('-') { "-" } else { "" };
        // CPython's float_repr_style "short": positional while -4 < point <= 16.
        if -4 < point && point <= 16 {
            format!("{sign}{}", positional(&digits, point, true))
        } else {
            format!("{sign}{}", exponential(&digits, point, 2))
        }
    };
    (printed != text).then_some(printed)
}

/// What JavaScript's `JSON.stringify` prints for the number `text` (always a double):
/// ECMAScript's Number::toString, when that differs from `text`.
pub fn javascript(text: &str) -> Option<String> {
    let (digits, point) = shortest(text)?;
    let negative = text.starts_with('-') && digits != "0";
    let sign = if negative { "-" } else { "" };
    let k = digits.len() as i32;
    let printed = if digits == "0" {
        "0".to_owned()
    } else if k <= point && point <= 21 {
        format!("{sign}{digits}{}", "0".repeat((point - k) as usize))
    } else if -6 < point && point <= 21 {
        format!("{sign}{}", positional(&digits, point, false))
    } else {
        format!("{sign}{}", exponential(&digits, point, 1))
    };
    (printed != text).then_some(printed)
}

fn is_integer(text: &str) -> bool {
    !text.contains(['.', 'e', 'E'])
}

/// The shortest digits that read back as the double nearest `text` (no leading or trailing
/// zeros; `"0"` for zero) and the decimal point's place: the value is `0.DIGITS × 10^point`.
/// `None` beyond a double's range (gen refuses those).
fn shortest(text: &str) -> Option<(String, i32)> {
    let value: f64 = text.parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    if value == 0.0 {
        return Some(("0".to_owned(), 1));
    }
    // Rust prints the shortest round-trip digits, like Python's repr and JavaScript.
    let scientific = format!("{:e}", value.abs());
    let (mantissa, exponent) = scientific.split_once('e')?;
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exponent: i32 = exponent.parse().ok()?;
    Some((digits, exponent + 1))
}

/// `DIGITS` with the point at `point`; `dot_zero`: a whole number keeps `.0` (Python).
fn positional(digits: &str, point: i32, dot_zero: bool) -> String {
    let k = digits.len() as i32;
    if point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else if point >= k {
        let zeros = "0".repeat((point - k) as usize);
        match dot_zero {
            true => format!("{digits}{zeros}.0"),
            false => format!("{digits}{zeros}"),
        }
    } else {
        let (whole, fraction) = digits.split_at(point as usize);
        format!("{whole}.{fraction}")
    }
}

/// `D.DDDe±X`, the exponent with at least `width` digits (Python 2, JavaScript 1).
fn exponential(digits: &str, point: i32, width: usize) -> String {
    let exponent = point - 1;
    let sign = if exponent < 0 { '-' } else { '+' };
    let mantissa = match digits.split_at(1) {
        (first, "") => first.to_owned(),
        (first, rest) => format!("{first}.{rest}"),
    };
    format!("{mantissa}e{sign}{:0width$}", exponent.abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_in_every_object_in_order() {
        let text = r#"{"a": 1, "b": {"c": 1, "c": 2}, "a": [{"d": 0, "d": 1}], "e": "\"a\""}"#;
        let (duplicates, numbers) = scan(text);
        let found: Vec<(&str, &str, usize)> = duplicates
            .iter()
            .map(|d| (d.path.as_str(), d.key.as_str(), d.at.len()))
            .collect();
        assert_eq!(found, [("b", "c", 2), ("a[]", "d", 2), ("", "a", 2)]);
        assert_eq!(duplicates[2].at, [1, 32]);
        let texts: Vec<&str> = numbers.iter().map(|n| n.text).collect();
        assert_eq!(texts, ["1", "1", "2", "0", "1"]);
    }

    #[test]
    fn keys_written_with_escapes_are_the_same_key() {
        let (duplicates, _) = scan(r#"{"model": 1, "mod\u0065l": 2, "a:b": [1, "x,y"]}"#);
        assert_eq!(duplicates.len(), 1);
        assert_eq!(duplicates[0].key, "model");
    }

    /// Each pair checked against `python3 -c 'import json; print(json.dumps(json.loads(T)))'` and
    /// `node -p 'JSON.stringify(JSON.parse(T))'`; `None`: sent as written.
    #[test]
    fn numbers_as_python_and_javascript_print_them() {
        let table = [
            ("1", None, None),
            ("-0", Some("0"), Some("0")),
            (
                "123456789012345678901234567890",
                None,
                Some("1.2345678901234568e+29"),
            ),
            ("1e2", Some("100.0"), Some("100")),
            ("1E+2", Some("100.0"), Some("100")),
            ("1.0", None, Some("1")),
            ("-0.0", None, Some("0")),
            ("0.10", Some("0.1"), Some("0.1")),
            ("0.1", None, None),
            ("0.7", None, None),
            ("2.5e-3", Some("0.0025"), Some("0.0025")),
            ("0.0001", None, None),
            ("0.00001", Some("1e-05"), None),
            ("0.0000001", Some("1e-07"), Some("1e-7")),
            ("1e16", Some("1e+16"), Some("10000000000000000")),
            ("1e15", Some("1000000000000000.0"), Some("1000000000000000")),
            ("1e21", Some("1e+21"), Some("1e+21")),
            ("1.5e300", Some("1.5e+300"), Some("1.5e+300")),
            ("0.30000000000000004", None, None),
            (
                "3.14159265358979323846",
                Some("3.141592653589793"),
                Some("3.141592653589793"),
            ),
            ("-12.50", Some("-12.5"), Some("-12.5")),
            ("1e-400", Some("0.0"), Some("0")),
            ("2.50E-07", Some("2.5e-07"), Some("2.5e-7")),
            ("5e-324", None, None),
            (
                "1.7976931348623157e308",
                Some("1.7976931348623157e+308"),
                Some("1.7976931348623157e+308"),
            ),
            ("123e-20", Some("1.23e-18"), Some("1.23e-18")),
        ];
        for (text, py, js) in table {
            assert_eq!(python(text).as_deref(), py, "python {text}");
            // Exponents only.
            let json_text = json(text);
            assert_eq!(
                json_text.is_some(),
                text.contains("e") && !text.contains(['+', '-']) || text.contains('E'),
                "json {text}"
            );
            // JavaScript reads every number as a double, integers too.
            assert_eq!(javascript(text).as_deref(), js, "javascript {text}");
        }
    }
}
