//! curl's options, sorted: the ones that make the request (URL, headers, body), the ones the
//! snippets already behave like, the ones that would make a different request (refused), and
//! the rest, which the snippets cannot carry (named in one warning).

use super::Problem;
use crate::parse::Span;
use crate::parse::shell::{CurlArg, CurlCommand, Word};

/// The options of one command that make its request.
#[derive(Debug)]
pub struct Parts {
    pub url: Word,
    /// `-d`, `--data-binary`, `--json`…, in order.
    pub data: Vec<Data>,
    /// `--json` was given: curl then sends Content-Type and Accept `application/json`.
    pub json_flag: bool,
    /// `-H` values, and `-A` as a User-Agent header, in order.
    pub headers: Vec<HeaderArg>,
    /// Options as written that the snippets do not carry over.
    pub not_carried: Vec<String>,
}

#[derive(Debug)]
pub struct Data {
    pub option: String,
    pub value: Word,
}

#[derive(Debug)]
pub struct HeaderArg {
    /// `Some("User-Agent")` for `-A`; `None` for `-H`, whose value holds the name.
    pub name: Option<&'static str>,
    pub value: Word,
    /// The option as written, for messages.
    pub written: String,
}

/// Options the snippets already behave like: they are quiet, report errors, exit non-zero on an
/// HTTP error, and print a stream as it arrives.
const CARRIED: &[&str] = &[
    "-s",
    "--silent",
    "-S",
    "--show-error",
    "-N",
    "--no-buffer",
    "--fail-with-body",
    "-f",
    "--fail",
];

/// Options that would make another request than a JSON POST to the URL: refused, with why.
const REFUSED: &[(&str, &str)] = &[
    ("-G", "sends the data in the URL with GET"),
    ("--get", "sends the data in the URL with GET"),
    ("-I", "makes a HEAD request"),
    ("--head", "makes a HEAD request"),
    ("-F", "sends a multipart form, not JSON"),
    ("--form", "sends a multipart form, not JSON"),
    ("--form-string", "sends a multipart form, not JSON"),
    (
        "--data-urlencode",
        "URL-encodes its data, so the body is not the JSON the snippets send",
    ),
    ("-T", "uploads a file with PUT"),
    ("--upload-file", "uploads a file with PUT"),
    ("--url-query", "adds a query to the URL"),
    (
        "-K",
        "reads more options from a file the command does not show",
    ),
    (
        "--config",
        "reads more options from a file the command does not show",
    ),
    ("-:", "starts a second request"),
    ("--next", "starts a second request"),
];

/// Options whose value is a credential: never shown in full.
const SECRET_VALUES: &[&str] = &[
    "-u",
    "--user",
    "-U",
    "--proxy-user",
    "--oauth2-bearer",
    "--pass",
];

pub fn sort(code: &str, command: &CurlCommand) -> Result<Parts, Problem> {
    let mut urls: Vec<Word> = Vec::new();
    let mut data = Vec::new();
    let mut json_flag = false;
    let mut headers = Vec::new();
    let mut not_carried = Vec::new();
    for arg in &command.args {
        let (name, value, takes_value, span, joined) = match arg {
            CurlArg::Url(word) => {
                urls.push(word.clone());
                continue;
            }
            CurlArg::Option {
                name,
                value,
                takes_value,
                span,
                joined_by_equals,
            } => (name.as_str(), value, *takes_value, span, *joined_by_equals),
        };
        if joined {
            return Err(Problem::at(
                span,
                format!(
                    "curl does not accept `{name}=…` (it answers \"option {name}=…: is unknown\"): write `{name} …`"
                ),
            ));
        }
        let value = match (takes_value, value) {
            (true, None) => {
                return Err(Problem::at(
                    span,
                    format!("{name} needs a value, but the command ends here"),
                ));
            }
            (_, value) => value.clone(),
        };
        if let Some((_, why)) = REFUSED.iter().find(|(refused, _)| *refused == name) {
            return Err(Problem::at(
                span,
                format!("{name} {why}; the snippets POST a JSON body to /v1/responses"),
            ));
        }
        match (name, value) {
            ("-H" | "--header", Some(value)) => headers.push(HeaderArg {
                name: None,
                written: written(code, name, Some(&value), span),
                value,
            }),
            ("-A" | "--user-agent", Some(value)) => headers.push(HeaderArg {
                name: Some("User-Agent"),
                written: written(code, name, Some(&value), span),
                value,
            }),
            (
                "-d" | "--data" | "--data-ascii" | "--data-binary" | "--data-raw" | "--json",
                Some(value),
            ) => {
                json_flag |= name == "--json";
                data.push(Data {
                    option: name.to_owned(),
                    value,
                });
            }
            ("--url", Some(value)) => urls.push(value),
            ("-X" | "--request", Some(value)) => {
                if value.text.known().as_deref() != Some("POST") {
                    return Err(Problem::at(
                        &value.span,
                        format!(
                            "{name} {} makes another request than POST; the snippets POST to /v1/responses",
                            value.text.display()
                        ),
                    ));
                }
            }
            (name, _) if CARRIED.contains(&name) => {}
            (name, _) if SECRET_VALUES.contains(&name) => {
                not_carried.push(format!("{name} (its value hidden)"))
            }
            (name, value) => not_carried.push(written(code, name, value.as_ref(), span)),
        }
    }
    let url = match urls.len() {
        0 => {
            return Err(Problem::at(
                &command.span,
                "no URL: give the relay's https://…/v1/responses",
            ));
        }
        1 => urls.pop().expect("one URL"),
        n => {
            return Err(Problem::at(
                &urls[1].span,
                format!(
                    "{n} URLs: curl would make one request for each; convert reads one (is a value missing its option, or its quotes?)"
                ),
            ));
        }
    };
    if data.is_empty() {
        return Err(Problem::at(
            &command.span,
            "no body: the snippets POST a JSON body (-d '{\"model\": …, \"input\": …}')",
        ));
    }
    Ok(Parts {
        url,
        data,
        json_flag,
        headers,
        not_carried,
    })
}

/// An option as the user wrote it: `--max-time 30`, `-k`, `-m30`.
fn written(code: &str, name: &str, value: Option<&Word>, span: &Span) -> String {
    match value {
        None => name.to_owned(),
        Some(value) if value.span == *span => code[span.clone()].to_owned(),
        Some(value) => format!("{name} {}", &code[value.span.clone()]),
    }
}
