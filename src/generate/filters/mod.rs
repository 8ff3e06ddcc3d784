//! The escaping filters templates use. Each turns a value into one target language's literal;
//! templates never paste description text into code any other way.
//!
//! | filter | makes |
//! |---|---|
//! | `shell_word` | one bash word |
//! | `heredoc_delimiter` | a here-document delimiter that no line of the text equals |
//! | `json_text(indent=N)` | pretty JSON text (curl's body) |
//! | `json_compact` | one-line JSON text |
//! | `byte_length` | a text's length in UTF-8 bytes |
//! | `py(indent=N, column=C, tail=T)` | a Python expression, laid out as black does |
//! | `py_str` | a Python `str` literal |
//! | `js(indent=N, column=C, tail=T)` | a JavaScript expression, laid out as Prettier does |
//! | `js_str` | a JavaScript string literal |
//! | `js_key` | a JavaScript object key, bare where it can be |
//! | `js_after_operator(indent=N, column=C, tail=T)` | a string literal after `=`, with its space, or on the next line when too long (Prettier) |
//! | `js_property(value, indent=N, tail=T)` | `key: "value"`, the value on the next line when too long and the key is not short (Prettier) |
//! | `to_object` | a JSON object from a list of `{name, value}` fields |
//!
//! and the test `js_exact`: whether JavaScript numbers hold every number of a value exactly.
//!
//! JSON values travel through templates as [`Json`] objects, so numbers keep their exact text
//! (a template engine's own numbers would round 2^53 + 1).

mod chars;
mod javascript;
mod json;
mod layout;
mod python;
mod shell;

use std::fmt;
use std::sync::Arc;

use minijinja::value::{Kwargs, Object, ObjectRepr, Value as JinjaValue};
use minijinja::{Environment, ErrorKind};
use serde_json::Value;

pub use chars::is_unseen;

/// The filters as plain functions, for tests and for other stages that write code.
pub mod literal {
    pub use super::javascript::{
        after_operator as js_after_operator, is_exact as js_exact, key as js_key,
        property as js_property, string as js_str, value as js,
    };
    pub use super::json::{compact as json_compact, string as json_str, text as json_text};
    pub use super::python::{string as py_str, value as py};
    pub use super::shell::word as shell_word;
}

/// A JSON value inside the template engine.
#[derive(Debug)]
pub struct Json(pub Value);

impl Object for Json {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&json::compact(&self.0))
    }
}

impl Json {
    pub fn value(value: Value) -> JinjaValue {
        JinjaValue::from_object(Json(value))
    }
}

/// An escaping filter's refusal: a value the target cannot hold.
#[derive(Debug)]
pub struct FilterError(String);

impl FilterError {
    pub fn new(message: impl Into<String>) -> Self {
        FilterError(message.into())
    }
}

impl From<FilterError> for minijinja::Error {
    fn from(error: FilterError) -> Self {
        minijinja::Error::new(ErrorKind::InvalidOperation, error.0)
    }
}

pub fn register(env: &mut Environment<'_>) {
    env.add_filter(
        "shell_word",
        |text: &str| -> Result<String, minijinja::Error> { Ok(shell::word(text)?) },
    );
    env.add_filter("heredoc_delimiter", |text: &str| {
        shell::heredoc_delimiter(text)
    });
    env.add_filter(
        "json_text",
        |value: JinjaValue, kwargs: Kwargs| -> Result<String, minijinja::Error> {
            let indent = kwargs.get::<Option<usize>>("indent")?.unwrap_or(0);
            kwargs.assert_all_used()?;
            Ok(json::text(&to_json(&value)?, indent))
        },
    );
    env.add_filter(
        "json_compact",
        |value: JinjaValue| -> Result<String, minijinja::Error> {
            Ok(json::compact(&to_json(&value)?))
        },
    );
    env.add_filter(
        "py",
        |value: JinjaValue, kwargs: Kwargs| -> Result<String, minijinja::Error> {
            let (indent, column, tail) = position(&kwargs)?;
            Ok(python::value(&to_json(&value)?, indent, column, tail))
        },
    );
    env.add_filter("py_str", |text: &str| python::string(text));
    env.add_filter(
        "js",
        |value: JinjaValue, kwargs: Kwargs| -> Result<String, minijinja::Error> {
            let (indent, column, tail) = position(&kwargs)?;
            Ok(javascript::value(&to_json(&value)?, indent, column, tail))
        },
    );
    env.add_filter("js_str", |text: &str| javascript::string(text));
    env.add_filter("js_key", |text: &str| javascript::key(text));
    env.add_filter(
        "js_after_operator",
        |text: &str, kwargs: Kwargs| -> Result<String, minijinja::Error> {
            let (indent, column, tail) = position(&kwargs)?;
            Ok(javascript::after_operator(text, indent, column, tail))
        },
    );
    env.add_filter(
        "js_property",
        |name: &str, value: &str, kwargs: Kwargs| -> Result<String, minijinja::Error> {
            let indent = kwargs.get::<Option<usize>>("indent")?.unwrap_or(0);
            let tail = kwargs.get::<Option<usize>>("tail")?.unwrap_or(1);
            kwargs.assert_all_used()?;
            Ok(javascript::property(name, value, indent, tail))
        },
    );
    env.add_filter("byte_length", |text: &str| text.len());
    env.add_filter(
        "to_object",
        |fields: JinjaValue| -> Result<JinjaValue, minijinja::Error> {
            let mut object = serde_json::Map::new();
            for field in fields.try_iter()? {
                let name = field.get_attr("name")?;
                let name = name
                    .as_str()
                    .ok_or_else(|| invalid("to_object: a field's name is not a string"))?;
                object.insert(name.to_owned(), to_json(&field.get_attr("value")?)?);
            }
            Ok(Json::value(Value::Object(object)))
        },
    );
    env.add_test(
        "js_exact",
        |value: JinjaValue| -> Result<bool, minijinja::Error> {
            Ok(javascript::is_exact(&to_json(&value)?))
        },
    );
}

/// `indent=` (spaces before the line), `column=` (where the value starts; default: indent) and
/// `tail=` (characters after it on its last line, such as `),`; default 1).
fn position(kwargs: &Kwargs) -> Result<(usize, usize, usize), minijinja::Error> {
    let indent = kwargs.get::<Option<usize>>("indent")?.unwrap_or(0);
    let column = kwargs.get::<Option<usize>>("column")?.unwrap_or(indent);
    let tail = kwargs.get::<Option<usize>>("tail")?.unwrap_or(1);
    kwargs.assert_all_used()?;
    Ok((indent, column, tail))
}

/// The JSON value behind a template value: a [`Json`] object as it is, anything else converted.
fn to_json(value: &JinjaValue) -> Result<Value, minijinja::Error> {
    if let Some(json) = value.downcast_object_ref::<Json>() {
        return Ok(json.0.clone());
    }
    if value.is_undefined() {
        return Err(minijinja::Error::new(
            ErrorKind::UndefinedError,
            "cannot render an undefined value",
        ));
    }
    serde_json::to_value(value).map_err(|e| invalid(format!("not a JSON value: {e}")))
}

fn invalid(message: impl Into<String>) -> minijinja::Error {
    minijinja::Error::new(ErrorKind::InvalidOperation, message.into())
}
