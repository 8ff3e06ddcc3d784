//! The body: the data options joined as curl joins them, files and standard input read as curl
//! reads them, then parsed as JSON and split into the description's `model`, `input` (or
//! `prompt`) and `body`.

use serde_json::{Map, Value};

use super::options::{Data, Parts};
use super::{Load, Problem, unknowns};
use crate::parse::shell::{CurlCommand, Stdin};

#[derive(Debug)]
pub struct Body {
    pub model: String,
    /// Set instead of `input` when the input is exactly the one user message `prompt` makes.
    pub prompt: Option<String>,
    pub input: Option<Value>,
    /// Every other field, as written.
    pub rest: Map<String, Value>,
    pub stream: bool,
    /// Keys written twice in one object, worded.
    pub duplicates: Vec<String>,
    /// Numbers a snippet prints back spelt otherwise.
    pub respelled: Vec<Respelled>,
}

/// A number whose text a snippet does not send as written: the same double (or integer), spelt
/// as the snippet's language prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Respelled {
    pub written: String,
    /// `line 3`, or `column 40 of the body` when the body is not one literal of the command.
    pub place: String,
    /// The curl snippet sends the digits as written, but an exponent as `e+N`/`e-N`.
    pub curl: Option<String>,
    /// Python's `json.dumps` of an int or a float.
    pub python: Option<String>,
    /// JavaScript's `JSON.stringify`; when the body holds an integer beyond 2^53 the node snippet
    /// sends it as JSON text, spelt as the curl snippet spells it (the openai npm snippet is
    /// refused then).
    pub node: Option<String>,
}

/// The line of the input a byte offset of the command's code lies on.
pub type LineOf<'a> = dyn Fn(usize) -> usize + 'a;

pub fn read(
    parts: &Parts,
    command: &CurlCommand,
    load: &mut Load<'_>,
    line_of: &LineOf<'_>,
) -> Result<Body, Problem> {
    let mut bytes = Vec::new();
    for (i, data) in parts.data.iter().enumerate() {
        // curl puts `&` between the values of several data options; a `--json` value is
        // appended as it is.
        if i > 0 && data.kind.joined_with_ampersand() {
            bytes.push(b'&');
        }
        bytes.extend(piece(data, command, load)?);
    }
    let first = &parts.data[0].value.span;
    let joined = match parts.data.len() {
        1 => String::new(),
        n => format!(" (curl joins the {n} data options with `&`)"),
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return Err(Problem::at(
            first,
            format!("the body is not UTF-8 text{joined}, so not JSON"),
        ));
    };
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or_default();
        if message == "recursion limit exceeded" {
            return Problem::at(
                first,
                "the body nests deeper than 128 levels, more than open1-snip reads",
            );
        }
        match exact_position(parts, &text, e.line(), e.column()) {
            Some(at) => Problem::at(
                &(at..at),
                format!("the body is not JSON: {message}; the snippets send JSON"),
            ),
            None => Problem::at(
                first,
                format!(
                    "the body is not JSON{joined}: {message} at line {} column {} of the body; the snippets send JSON",
                    e.line(),
                    e.column()
                ),
            ),
        }
    })?;
    let (duplicates, respelled) = written(parts, command, &text, &value, line_of);
    let Value::Object(mut rest) = value else {
        return Err(Problem::at(
            first,
            "the body is JSON but not an object; the Responses API takes {\"model\": …, \"input\": …}",
        ));
    };
    let model = match rest.shift_remove("model") {
        Some(Value::String(model)) => model,
        Some(other) => {
            return Err(Problem::at(
                first,
                format!("the body's model is {other}, not a string"),
            ));
        }
        None => {
            return Err(Problem::at(
                first,
                "the body has no \"model\"; the snippets always send one: add it",
            ));
        }
    };
    let input = rest.shift_remove("input").ok_or_else(|| {
        Problem::at(
            first,
            "the body has no \"input\"; the snippets always send one: add it",
        )
    })?;
    let stream = rest.get("stream") == Some(&Value::Bool(true));
    let (prompt, input) = match prompt_of(&input) {
        Some(prompt) => (Some(prompt), None),
        None => (None, Some(input)),
    };
    Ok(Body {
        model,
        prompt,
        input,
        rest,
        stream,
        duplicates,
        respelled,
    })
}

/// What the body's text says that the snippets cannot send as curl does: keys written twice,
/// numbers spelt otherwise than the snippets' languages print them.
fn written(
    parts: &Parts,
    command: &CurlCommand,
    text: &str,
    value: &Value,
    line_of: &LineOf<'_>,
) -> (Vec<String>, Vec<Respelled>) {
    let (duplicates, numbers) = super::written::scan(text);
    let place = |offset: usize| place(parts, command, text, offset, line_of);
    let mut duplicates: Vec<_> = duplicates.into_iter().collect();
    // In the order the body first writes them (an inner object closes first).
    duplicates.sort_by_key(|d| d.at[0]);
    let duplicates = duplicates
        .into_iter()
        .map(|duplicate| {
            let times = match duplicate.at.len() {
                2 => "twice".to_owned(),
                n => format!("{n} times"),
            };
            let within = match duplicate.path.as_str() {
                "" => String::new(),
                path => format!(" in {path:?}"),
            };
            let places: Vec<Place> = duplicate.at.iter().map(|&at| place(at)).collect();
            let last = places.last().map(Place::to_string).unwrap_or_default();
            format!(
                "the body writes {:?}{within} {times} ({}): curl sends each, the snippets send it once, with the last value ({last}) — what json.loads and JSON.parse keep; keep one",
                duplicate.key,
                Place::list(&places)
            )
        })
        .collect();
    // The node snippet sends a body holding an integer beyond 2^53 as JSON text, as written.
    let node_reprints = crate::generate::filters::literal::js_exact(value);
    let respelled = numbers
        .into_iter()
        .filter_map(|number| {
            let curl = super::written::json(number.text);
            let python = super::written::python(number.text);
            let node = match node_reprints {
                true => super::written::javascript(number.text),
                false => curl.clone(),
            };
            (curl.is_some() || python.is_some() || node.is_some()).then(|| Respelled {
                written: number.text.to_owned(),
                place: place(number.at).to_string(),
                curl,
                python,
                node,
            })
        })
        .collect();
    (duplicates, respelled)
}

/// Where a byte of the body lies, for a message.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place {
    /// `line`, or `column` in a one-line body that is not written in the input.
    unit: &'static str,
    n: usize,
    /// What `n` counts in: `""` the input, `" of the body"`, `" of body.json"`.
    within: String,
}

impl Place {
    /// `lines 3 and 7`, `line 4`, `columns 2, 30 and 41 of the body`.
    fn list(places: &[Place]) -> String {
        let mut numbers: Vec<String> = Vec::new();
        for place in places {
            let n = place.n.to_string();
            if !numbers.contains(&n) {
                numbers.push(n);
            }
        }
        let Some(first) = places.first() else {
            return String::new();
        };
        let unit = match numbers.len() {
            1 => first.unit.to_owned(),
            _ => format!("{}s", first.unit),
        };
        let numbers = match numbers.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => String::new(),
        };
        format!("{unit} {numbers}{}", first.within)
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}{}", self.unit, self.n, self.within)
    }
}

/// Where byte `offset` of the body lies: the line of the input when the body is one literal of
/// the command or a here-document, the line of the file for `--data-binary @file` and
/// `--json @file` (which keep its lines), else the line (or, in a one-line body, the column) of
/// the body.
fn place(
    parts: &Parts,
    command: &CurlCommand,
    text: &str,
    offset: usize,
    line_of: &LineOf<'_>,
) -> Place {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    if let [data] = parts.data.as_slice() {
        let file = data
            .value
            .text
            .known()
            .and_then(|t| Some(t.strip_prefix('@')?.to_owned()))
            .filter(|_| data.kind.reads_files());
        match (file.as_deref(), &command.stdin) {
            (None, _) => {
                if let Some(at) = data.value.verbatim_at {
                    return Place {
                        unit: "line",
                        n: line_of(at + offset),
                        within: String::new(),
                    };
                }
            }
            // A here-document's lines are the input's, from its first.
            (Some("-"), Some(Stdin::Heredoc(heredoc))) if heredoc.input.is_some() => {
                return Place {
                    unit: "line",
                    n: line_of(heredoc.span.start) + line - 1,
                    within: String::new(),
                };
            }
            (Some(name), _) if name != "-" && !data.kind.strips_newlines() => {
                return Place {
                    unit: "line",
                    n: line,
                    within: format!(" of {name}"),
                };
            }
            _ => {}
        }
    }
    match text.contains('\n') {
        true => Place {
            unit: "line",
            n: line,
            within: " of the body".to_owned(),
        },
        false => Place {
            unit: "column",
            n: before.chars().count() + 1,
            within: " of the body".to_owned(),
        },
    }
}

/// The prompt, when `input` is exactly what a description's `prompt` sends — the same value
/// with its keys in the same order — so `prompt` changes nothing in the request.
fn prompt_of(input: &Value) -> Option<String> {
    let text = input
        .get(0)?
        .get("content")?
        .get(0)?
        .get("text")?
        .as_str()?;
    let made = serde_json::json!([{
        "role": "user",
        "content": [{"type": "input_text", "text": text}],
    }]);
    (serde_json::to_string(&made).ok()? == serde_json::to_string(input).ok()?)
        .then(|| text.to_owned())
}

/// Where line `line`, column `column` (serde_json's, 1-based, in bytes) of the body stands in the
/// code, when the body is one literal copied as it is.
fn exact_position(parts: &Parts, text: &str, line: usize, column: usize) -> Option<usize> {
    let [data] = parts.data.as_slice() else {
        return None;
    };
    let from_file = data.value.text.known_prefix().starts_with('@') && data.kind.reads_files();
    let at = data.value.verbatim_at.filter(|_| !from_file)?;
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let offset = line_start + column.saturating_sub(1);
    Some(at + crate::source::floor_char_boundary(text, offset.min(text.len())))
}

/// What one data option sends.
fn piece(data: &Data, command: &CurlCommand, load: &mut Load<'_>) -> Result<Vec<u8>, Problem> {
    let span = &data.value.span;
    let Some(text) = data.value.text.known() else {
        return Err(Problem::at(
            span,
            format!(
                "the body uses {}, which the command does not define: write the value out, or assign the variable before the command",
                unknowns(&data.value.text)
            ),
        ));
    };
    let Some(name) = text.strip_prefix('@').filter(|_| data.kind.reads_files()) else {
        return Ok(text.into_bytes());
    };
    let mut bytes = match name {
        "-" => standard_input(command, load).map_err(|message| Problem::at(span, message))?,
        name => load(name).map_err(|e| {
            Problem::at(
                span,
                format!(
                    "cannot read the body file {name:?} ({} @{name}): {e}",
                    data.option
                ),
            )
        })?,
    };
    // `-d @file` (and `--data`, `--data-ascii`) drops carriage returns and newlines;
    // `--data-binary` and `--json` send the file as it is.
    if data.kind.strips_newlines() {
        bytes.retain(|&b| b != b'\r' && b != b'\n');
    }
    Ok(bytes)
}

fn standard_input(command: &CurlCommand, load: &mut Load<'_>) -> Result<Vec<u8>, String> {
    match &command.stdin {
        Some(Stdin::Heredoc(heredoc)) => heredoc.input.clone().map(String::into_bytes).ok_or_else(|| {
            "bash expands $, ` and \\ in this here-document (or it has no end line): quote its delimiter (<<'JSON') so the body is sent as written".to_owned()
        }),
        Some(Stdin::HereString(word)) => match word.text.known() {
            Some(text) => Ok(format!("{text}\n").into_bytes()),
            None => Err(format!(
                "the body uses {}, which the command does not define",
                unknowns(&word.text)
            )),
        },
        Some(Stdin::File(word)) => {
            let name = word.text.known().ok_or_else(|| {
                format!("the body comes from {}, which the command does not define", unknowns(&word.text))
            })?;
            load(&name).map_err(|e| format!("cannot read the body file {name:?} (< {name}): {e}"))
        }
        None => Err(
            "the body is read from standard input (@-), which the command does not show: use a here-document (--data-binary @- <<'JSON' … JSON) or -d '…'"
                .to_owned(),
        ),
    }
}
