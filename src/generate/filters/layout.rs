//! Lays a JSON value out as source code, the way the formatters people run on docs code do.
//!
//! A non-empty collection stays on one line when that line fits the dialect's width (black's 88,
//! Prettier's 80, counted in display columns so CJK counts double); otherwise it gets one entry per
//! line and a trailing comma. That is what black and Prettier print for the same data, so a
//! generated snippet passes `black --check` and `prettier --check` untouched. The curl body uses
//! the fully expanded form, like `jq .` and the docs page.

use serde_json::{Number, Value};
use unicode_width::UnicodeWidthStr;

/// How one target language writes JSON data.
pub struct Dialect {
    /// Maximum line width before a collection is split.
    pub width: usize,
    /// Spaces per nesting level.
    pub indent: usize,
    pub null: &'static str,
    pub true_: &'static str,
    pub false_: &'static str,
    pub string: fn(&str) -> String,
    pub key: fn(&str) -> String,
    pub number: fn(&Number) -> String,
    /// `{ a: 1 }` (Prettier) rather than `{"a": 1}`.
    pub brace_padding: bool,
    /// Prettier always splits an array of two or more objects (or arrays) that have two or more
    /// entries each.
    pub split_arrays_of_collections: bool,
    pub trailing_comma: bool,
    /// Prettier fills a split array of numbers: as many per line as fit.
    pub fill_numbers: bool,
    /// Split every non-empty collection, whatever its width.
    pub always_split: bool,
    /// Prettier moves a string value that would pass the width to the line after its key
    /// ("break-after-operator"), unless the key is narrower than this ("short").
    pub short_key: Option<usize>,
}

/// Renders `value` whose first character stands at display column `column` of a line indented by
/// `indent` spaces; `tail` is how many characters follow it on that line (a comma, a parenthesis).
pub fn layout(
    dialect: &Dialect,
    value: &Value,
    indent: usize,
    column: usize,
    tail: usize,
) -> String {
    let mut out = String::new();
    write(dialect, value, indent, column, tail, &mut out);
    out
}

fn write(d: &Dialect, value: &Value, indent: usize, column: usize, tail: usize, out: &mut String) {
    let entries = match value {
        Value::Array(items) if !items.is_empty() => items.len(),
        Value::Object(map) if !map.is_empty() => map.len(),
        _ => return out.push_str(&flat(d, value, usize::MAX).expect("no budget")),
    };
    if !d.always_split && !must_split(d, value) {
        let budget = d.width.saturating_sub(column + tail);
        if let Some(one_line) = flat(d, value, budget) {
            return out.push_str(&one_line);
        }
    }
    let inner = indent + d.indent;
    if let Value::Array(items) = value {
        if d.fill_numbers && items.iter().all(Value::is_number) {
            return fill(d, items, indent, out);
        }
    }
    let (open, close) = if value.is_array() {
        ('[', ']')
    } else {
        ('{', '}')
    };
    out.push(open);
    let mut index = 0;
    let mut entry = |key: Option<&str>, item: &Value, out: &mut String| {
        index += 1;
        let last = index == entries;
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', inner));
        let mut column = inner;
        if let Some(key) = key {
            let key = (d.key)(key);
            column += key.width() + 2;
            out.push_str(&key);
            out.push_str(": ");
        }
        let comma = !last || d.trailing_comma;
        if let (Some(key), Value::String(text), Some(short)) = (key, item, d.short_key) {
            let key = (d.key)(key);
            let flat = (d.string)(text);
            if key.width() >= short && column + flat.width() + usize::from(comma) > d.width {
                out.pop();
                out.push('\n');
                out.extend(std::iter::repeat_n(' ', inner + d.indent));
                out.push_str(&flat);
                if comma {
                    out.push(',');
                }
                return;
            }
        }
        write(d, item, inner, column, usize::from(comma), out);
        if comma {
            out.push(',');
        }
    };
    match value {
        Value::Array(items) => items.iter().for_each(|item| entry(None, item, out)),
        Value::Object(map) => map
            .iter()
            .for_each(|(key, item)| entry(Some(key), item, out)),
        _ => unreachable!("only collections get here"),
    }
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', indent));
    out.push(close);
}

/// `[` then the numbers, as many per line as fit, each followed by a comma, then `]`.
fn fill(d: &Dialect, items: &[Value], indent: usize, out: &mut String) {
    let inner = indent + d.indent;
    out.push('[');
    // `None` until the first line is started.
    let mut column: Option<usize> = None;
    for item in items {
        let text = (d.number)(item.as_number().expect("all numbers"));
        // Room for a space, the number and its comma.
        let fits = column.is_some_and(|c| c + 1 + text.len() < d.width);
        if !fits {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', inner));
            column = Some(inner);
        } else {
            out.push(' ');
        }
        out.push_str(&text);
        out.push(',');
        column = column.map(|c| c + usize::from(fits) + text.len() + 1);
    }
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', indent));
    out.push(']');
}

fn must_split(d: &Dialect, value: &Value) -> bool {
    let Value::Array(items) = value else {
        return false;
    };
    let big = |v: &Value| match v {
        Value::Object(map) => map.len() > 1,
        Value::Array(items) => items.len() > 1,
        _ => false,
    };
    d.split_arrays_of_collections
        && items.len() > 1
        && (items.iter().all(|v| v.is_object() && big(v))
            || items.iter().all(|v| v.is_array() && big(v)))
}

/// The one-line rendering, or `None` as soon as it is wider than `budget` columns — so a big
/// value is not rendered in full at every level only to learn that it does not fit.
pub(super) fn flat(d: &Dialect, value: &Value, budget: usize) -> Option<String> {
    let text = match value {
        Value::Null => d.null.to_owned(),
        Value::Bool(true) => d.true_.to_owned(),
        Value::Bool(false) => d.false_.to_owned(),
        Value::Number(n) => (d.number)(n),
        // Display width is at least a third of the UTF-8 length for any text but runs of
        // zero-width marks, so a string this long cannot fit: skip escaping it.
        Value::String(s) if s.len() / 3 > budget => return None,
        Value::String(s) => (d.string)(s),
        Value::Array(items) if items.is_empty() => "[]".to_owned(),
        Value::Object(map) if map.is_empty() => "{}".to_owned(),
        Value::Array(items) => {
            let mut line = Line::new("[", budget)?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    line.push(", ")?;
                }
                line.push(&flat(d, item, line.left())?)?;
            }
            line.push("]")?;
            return Some(line.text);
        }
        Value::Object(map) => {
            let mut line = Line::new(if d.brace_padding { "{ " } else { "{" }, budget)?;
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    line.push(", ")?;
                }
                line.push(&(d.key)(key))?;
                line.push(": ")?;
                line.push(&flat(d, item, line.left())?)?;
            }
            line.push(if d.brace_padding { " }" } else { "}" })?;
            return Some(line.text);
        }
    };
    (text.width() <= budget).then_some(text)
}

/// A line being built within a width budget; each piece's width is measured once.
struct Line {
    text: String,
    left: usize,
}

impl Line {
    fn new(start: &str, budget: usize) -> Option<Self> {
        let mut line = Line {
            text: String::new(),
            left: budget,
        };
        line.push(start)?;
        Some(line)
    }

    fn push(&mut self, piece: &str) -> Option<()> {
        self.left = self.left.checked_sub(piece.width())?;
        self.text.push_str(piece);
        Some(())
    }

    fn left(&self) -> usize {
        self.left
    }
}
