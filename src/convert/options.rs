//! curl's options, sorted by what [`crate::curl`]'s table says they mean: the ones that make the
//! request (URL, headers, body), the ones the snippets already behave like, the ones that would
//! make a different request (refused), and the rest, which the snippets cannot carry (named in
//! one warning).

use super::Problem;
use crate::curl::{DataKind, Meaning};
use crate::parse::shell::{CurlArg, CurlCommand, Word};
use crate::parse::{Span, Text};

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
    /// The last `--oauth2-bearer` or `-u`, as the Authorization header curl makes of it (an
    /// `Authorization` given with `-H` replaces it, as in curl).
    pub auth: Option<AuthArg>,
    /// Options as written that the snippets do not carry over.
    pub not_carried: Vec<String>,
}

/// `--oauth2-bearer TOKEN` or `-u USER:PASSWORD`.
#[derive(Debug)]
pub struct AuthArg {
    /// `-u`: curl sends `Authorization: Basic base64(USER:PASSWORD)`.
    pub basic: bool,
    /// The option's value: the token, or `user:password`.
    pub value: Word,
    /// The option, for messages (its value is a credential: never shown).
    pub option: String,
    /// `--oauth2-bearer`'s header as an `-H` would give it: `Authorization: Bearer TOKEN`.
    pub header: HeaderArg,
}

#[derive(Debug)]
pub struct Data {
    /// The option as written, for messages.
    pub option: String,
    pub kind: DataKind,
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

pub fn sort(code: &str, command: &CurlCommand) -> Result<Parts, Problem> {
    let mut urls: Vec<Word> = Vec::new();
    let mut data = Vec::new();
    let mut json_flag = false;
    let mut headers = Vec::new();
    let mut not_carried = Vec::new();
    let mut auth = None;
    for arg in &command.args {
        let (name, option, value, span, joined) = match arg {
            CurlArg::Url(word) => {
                urls.push(word.clone());
                continue;
            }
            CurlArg::Option {
                name,
                option,
                value,
                span,
                joined_by_equals,
            } => (name.as_str(), *option, value, span, *joined_by_equals),
        };
        if joined {
            return Err(Problem::at(
                span,
                format!(
                    "curl does not accept `{name}=…` (it answers \"option {name}=…: is unknown\"): write `{name} …`"
                ),
            ));
        }
        let value = match (option.is_some_and(|o| o.takes_value), value) {
            (true, None) => {
                return Err(Problem::at(
                    span,
                    format!("{name} needs a value, but the command ends here"),
                ));
            }
            (_, value) => value.clone(),
        };
        let meaning = option.map(|o| o.meaning);
        if let Some(Meaning::Refused(why)) = meaning {
            return Err(Problem::at(
                span,
                format!("{name} {why}; the snippets POST a JSON body to /v1/responses"),
            ));
        }
        match (meaning, value) {
            (Some(Meaning::Header), Some(value)) => headers.push(HeaderArg {
                name: None,
                written: written(code, name, Some(&value), span),
                value,
            }),
            (Some(Meaning::UserAgent), Some(value)) => headers.push(HeaderArg {
                name: Some("User-Agent"),
                written: written(code, name, Some(&value), span),
                value,
            }),
            (Some(Meaning::Data(kind)), Some(value)) => {
                json_flag |= kind == DataKind::Json;
                data.push(Data {
                    option: name.to_owned(),
                    kind,
                    value,
                });
            }
            (Some(Meaning::Url), Some(value)) => urls.push(value),
            (Some(Meaning::Method), Some(value)) => {
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
            (Some(Meaning::Kept), _) => {}
            (Some(meaning @ (Meaning::BearerToken | Meaning::BasicAuth)), Some(value)) => {
                // curl sends the last one given, and a token whenever one is given: the others
                // change nothing in the request.
                let basic = meaning == Meaning::BasicAuth;
                if !(basic && auth.as_ref().is_some_and(|a: &AuthArg| !a.basic)) {
                    let mut text = Text::lit("Bearer ");
                    text.append(value.text.clone());
                    let header = HeaderArg {
                        name: Some("Authorization"),
                        value: Word {
                            text,
                            span: value.span.clone(),
                            verbatim_at: None,
                        },
                        written: format!("{name} (its value hidden)"),
                    };
                    auth = Some(AuthArg {
                        basic,
                        value,
                        option: name.to_owned(),
                        header,
                    });
                }
            }
            (Some(Meaning::Credential), _) => {
                not_carried.push(format!("{name} (its value hidden)"))
            }
            (_, value) => not_carried.push(written(code, name, value.as_ref(), span)),
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
        auth,
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
