//! The request description: a JSON file (or standard input) that says which request the snippets
//! make, overridden field by field by `gen`'s flags. Every field is optional; `Request::new` fills
//! in the docs page's defaults and checks what is left.

use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::Error;
use crate::http::header;

/// Serialized (by `convert --to request`) with only the fields that are set; described for
/// editors by `open1-snip schema` (the doc comments are the schema's descriptions).
#[derive(Debug, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "open1-snip request description",
    description = "The request that `open1-snip gen`, `send` and `sync` make: POST {base_url}/v1/responses. Every field is optional; the docs page's request is the default."
)]
pub struct Description {
    /// The relay's base URL, without /v1/responses (a reverse proxy's path prefix is kept).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "https://www.open1.codes"), regex(pattern = "^https?://"))]
    pub base_url: Option<String>,
    /// The model id, from the relay's model table (`open1-snip models`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "gpt-5.4", "examples" = ["gpt-5.4", "gpt-5.1-codex-mini"]))]
    pub model: Option<String>,
    /// The user's message, sent as one input_text item (excludes `input`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    /// The Responses API `input`, verbatim: a string or an array of input items (excludes
    /// `prompt`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Input>")]
    pub input: Option<Value>,
    /// Any other Responses API fields, verbatim (`stream`, `max_output_tokens`, `reasoning`…);
    /// not `model` or `input`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Map<String, Value>>,
    /// Extra headers, or a replacement for a standard one (`User-Agent`, `Accept`); not
    /// `Authorization`, `Content-Type` or `Host`. Values are visible ASCII.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<std::collections::BTreeMap<String, String>>")]
    pub headers: Option<Map<String, Value>>,
    /// The environment variable the snippets read the API key from.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "OPEN1_API_KEY"), regex(pattern = "^[A-Za-z_][A-Za-z0-9_]*$"))]
    pub api_key_env: Option<String>,
    /// The JSON Schema the file follows, for editors (`open1-snip schema`); not sent.
    #[serde(rename = "$schema", default, skip_serializing)]
    pub schema: Option<String>,
    /// Where the description came from, for error messages.
    #[serde(skip)]
    pub origin: String,
}

/// The shape of `input`, for the schema: a string, or an array of items.
#[derive(schemars::JsonSchema)]
#[allow(dead_code)] // only described, never built
#[serde(untagged)]
enum Input {
    Text(String),
    Items(Vec<Value>),
}

/// Flags that override the description's fields.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub model: Option<String>,
    pub prompt: Option<String>,
    pub base_url: Option<String>,
    /// `Name: value` lines.
    pub headers: Vec<String>,
    /// A JSON object merged into `body`.
    pub body_json: Option<String>,
    /// How the options are written, for their errors.
    pub spelling: crate::spelling::Spelling,
}

impl Description {
    /// Reads a description from a file, or from standard input when `path` is `-`.
    pub fn read(path: &Path) -> Result<Self, Error> {
        let (bytes, origin) = if path == Path::new("-") {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(Error::ReadStdin)?;
            (bytes, "<stdin>".to_owned())
        } else {
            let bytes = std::fs::read(path).map_err(|source| Error::Read {
                path: path.to_owned(),
                source,
            })?;
            (bytes, path.display().to_string())
        };
        let text = crate::source::decode(bytes, &origin)?;
        Self::parse(&text, &origin)
    }

    /// Parses a description; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Self, Error> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut description: Description = from_json(text, origin)?;
        description.origin = origin.to_owned();
        Ok(description)
    }

    /// Applies `gen`'s flags on top of the description.
    pub fn apply(&mut self, overrides: &Overrides) -> Result<(), Error> {
        if let Some(model) = &overrides.model {
            self.model = Some(model.clone());
        }
        if let Some(base_url) = &overrides.base_url {
            self.base_url = Some(base_url.clone());
        }
        if let Some(prompt) = &overrides.prompt {
            if self.input.is_some() {
                return Err(Error::Usage(format!(
                    "{} conflicts with the input given in {}: drop one of them",
                    overrides.spelling.option("prompt"),
                    self.origin
                )));
            }
            self.prompt = Some(prompt.clone());
        }
        for line in &overrides.headers {
            let parsed = header::parse_line(line).map_err(|m| {
                Error::Usage(format!("{}: {m}", overrides.spelling.option("header")))
            })?;
            let headers = self.headers.get_or_insert_default();
            headers.retain(|name, _| !name.eq_ignore_ascii_case(&parsed.name));
            headers.insert(parsed.name, Value::String(parsed.value));
        }
        if let Some(json) = &overrides.body_json {
            let extra: Map<String, Value> =
                from_json(json, &overrides.spelling.option("body-json"))?;
            self.body.get_or_insert_default().extend(extra);
        }
        Ok(())
    }
}

/// The names every JavaScript object inherits from `Object.prototype`. Node's `process.env` is
/// an object, so `process.env.constructor` is a function even when no such variable is set, and
/// the snippet would send `Bearer function () { [native code] }` rather than fail.
const OBJECT_PROTOTYPE_NAMES: &[&str] = &[
    "constructor",
    "__defineGetter__",
    "__defineSetter__",
    "hasOwnProperty",
    "__lookupGetter__",
    "__lookupSetter__",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toString",
    "valueOf",
    "__proto__",
    "toLocaleString",
];

/// Refuses an `api_key_env` that some snippet would not read as a plain environment variable:
/// one that is not a portable name (`[A-Za-z_][A-Za-z0-9_]*`; bash reads `$MY-KEY` as `$MY`
/// then `-KEY`), bash's `$_` (the last argument), or an `Object.prototype` property name.
pub(super) fn check_key_env(origin: &str, name: &str) -> Result<(), Error> {
    let mut chars = name.chars();
    let portable = chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric());
    let problem = if !portable {
        format!(
            "{name:?} is not an environment variable name (letters, digits and _, not starting with a digit)"
        )
    } else if name == "_" {
        "\"_\" is bash's last argument, not a variable of your own: choose another name".to_owned()
    } else if OBJECT_PROTOTYPE_NAMES.contains(&name) {
        format!(
            "{name:?} is a property every JavaScript object has, so Node's process.env.{name} is never a missing variable: choose another name (such as OPEN1_API_KEY)"
        )
    } else {
        return Ok(());
    };
    Err(Error::description(origin, "api_key_env", problem))
}

/// Deserializes JSON, naming the field and the position of any error.
fn from_json<T: serde::de::DeserializeOwned>(text: &str, origin: &str) -> Result<T, Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| json_error(origin, &e.path().to_string(), e.into_inner()))?;
    deserializer.end().map_err(|e| json_error(origin, ".", e))?;
    Ok(value)
}

fn json_error(origin: &str, path: &str, error: serde_json::Error) -> Error {
    let (line, column) = (error.line(), error.column());
    let full = error.to_string();
    let message = full
        .strip_suffix(&format!(" at line {line} column {column}"))
        .unwrap_or(&full);
    // An unknown field's path ends in the field itself, which the message already names.
    let path = match message.starts_with("unknown field") {
        true => path.rsplit_once('.').map_or(".", |(parent, _)| parent),
        false => path,
    };
    if message == "recursion limit exceeded" {
        return Error::Json {
            origin: origin.to_owned(),
            line,
            column,
            message: "nested deeper than 128 levels, more than open1-snip reads".to_owned(),
        };
    }
    let message = match (error.is_data(), path) {
        (true, ".") => message.to_owned(),
        (true, path) => format!("{path}: {message}"),
        (false, _) => format!("invalid JSON: {message}"),
    };
    Error::Json {
        origin: origin.to_owned(),
        line,
        column,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> String {
        Description::parse(text, "d.json").unwrap_err().to_string()
    }

    #[test]
    fn errors_name_the_position_and_field() {
        assert_eq!(
            message("{\n  \"model\": 5\n}"),
            "d.json:2:12: model: invalid type: integer `5`, expected a string"
        );
        assert!(
            message(r#"{"modle": "x"}"#).starts_with(
                "d.json:1:8: unknown field `modle`, expected one of `base_url`, `model`"
            )
        );
        assert_eq!(
            message("{\"model\": \"x\",}"),
            "d.json:1:15: invalid JSON: trailing comma"
        );
        assert_eq!(
            message("{} {}"),
            "d.json:1:4: invalid JSON: trailing characters"
        );
        let deep = format!("{{\"input\": {}{}}}", "[".repeat(200), "]".repeat(200));
        assert_eq!(
            message(&deep),
            "d.json:1:137: nested deeper than 128 levels, more than open1-snip reads"
        );
    }

    #[test]
    fn key_env_is_a_plain_variable_in_every_language() {
        for name in [
            "OPEN1_API_KEY",
            "_KEY",
            "a1",
            "Constructor",
            "proto",
            "__proto",
        ] {
            assert!(check_key_env("d", name).is_ok(), "{name}");
        }
        for (name, reason) in [
            ("MY-KEY", "not an environment variable name"),
            ("1KEY", "not an environment variable name"),
            ("", "not an environment variable name"),
            ("KEY\u{200b}", "not an environment variable name"),
            ("_", "bash's last argument"),
            (
                "constructor",
                "process.env.constructor is never a missing variable",
            ),
            ("__proto__", "property every JavaScript object has"),
            ("hasOwnProperty", "property every JavaScript object has"),
        ] {
            let message = check_key_env("d.json", name).unwrap_err().to_string();
            assert!(message.starts_with("d.json: api_key_env: "), "{message}");
            assert!(message.contains(reason), "{name}: {message}");
        }
    }

    #[test]
    fn flags_override_the_file() {
        let mut d = Description::parse(
            r#"{"model": "gpt-5", "headers": {"x-a": "1"}, "body": {"a": 1}}"#,
            "d",
        )
        .unwrap();
        let overrides = Overrides {
            model: Some("gpt-5.1".into()),
            headers: vec!["X-A: 2".into()],
            body_json: Some(r#"{"a": 2, "b": [true]}"#.into()),
            ..Overrides::default()
        };
        d.apply(&overrides).unwrap();
        assert_eq!(d.model.as_deref(), Some("gpt-5.1"));
        assert_eq!(
            Value::Object(d.headers.unwrap()),
            serde_json::json!({"X-A": "2"})
        );
        assert_eq!(
            Value::Object(d.body.unwrap()),
            serde_json::json!({"a": 2, "b": [true]})
        );
    }

    #[test]
    fn prompt_flag_conflicts_with_input() {
        let mut d = Description::parse(r#"{"input": "hi"}"#, "d").unwrap();
        let overrides = Overrides {
            prompt: Some("x".into()),
            ..Overrides::default()
        };
        assert!(
            d.apply(&overrides)
                .unwrap_err()
                .to_string()
                .contains("--prompt conflicts")
        );
    }
}
