//! One file per rule: what it finds, its message and its fix. The `--explain` texts live in
//! `templates/rules/<id>.md`.

mod broken_continuation;
mod browser_cross_origin;
mod invalid_json_body;
mod key_whitespace;
mod leaked_key;
mod malformed_authorization;
mod missing_authorization;
mod missing_content_type;
mod missing_user_agent;
mod unavailable_model;
mod unexpanded_variable;
mod unknown_model;
mod windows_shell;
mod wrong_endpoint;

use super::{Context, Finding, Severity};
use crate::parse::{Call, Header, Parsed, Span, Text};

pub struct Rule {
    /// The public name users type in config and comments; never renamed.
    pub id: &'static str,
    pub severity: Severity,
    /// One line, for SARIF's short description and `--explain`'s title.
    pub summary: &'static str,
    /// Markdown: what it finds, why it breaks, a bad and a good example.
    pub explain: &'static str,
    pub check: fn(&Context<'_>, &mut Vec<Finding>),
}

pub const RULES: &[Rule] = &[
    missing_user_agent::RULE,
    wrong_endpoint::RULE,
    key_whitespace::RULE,
    malformed_authorization::RULE,
    leaked_key::RULE,
    unknown_model::RULE,
    unavailable_model::RULE,
    invalid_json_body::RULE,
    missing_content_type::RULE,
    browser_cross_origin::RULE,
    broken_continuation::RULE,
    windows_shell::RULE,
    missing_authorization::RULE,
    unexpanded_variable::RULE,
];

/// The rule that reads every snippet, whether or not it makes a request: a key is leaked
/// wherever it stands.
pub const LEAKED_KEY: &Rule = &leaked_key::RULE;

/// The rules that read a snippet's code rather than its requests: they run on every snippet
/// that names the relay, requests read from it or not.
pub(super) const READ_CODE: &[&str] = &[broken_continuation::RULE.id, windows_shell::RULE.id];

pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.id == id)
}

/// Every model a snippet names for the relay, with where: body JSON, `json=`/`body` objects,
/// and `responses.create(model=…)`. Collected once per snippet, for the model rules.
pub(crate) fn named_models(parsed: &Parsed, calls: &[&Call]) -> Vec<(String, Span)> {
    let mut models: Vec<(String, Span)> = parsed.models.clone();
    for call in calls {
        if let Some(model) = &call.model {
            models.push(model.clone());
        }
        if let Some(body) = &call.body {
            if let Some(model) = json_model(&body.text) {
                let at = body
                    .text
                    .find(&format!("\"{model}\""))
                    .filter(|_| body.verbatim);
                let span = at.map_or(body.span.clone(), |at| {
                    body.span.start + at + 1..body.span.start + at + 1 + model.len()
                });
                models.push((model, span));
            }
        }
    }
    models
}

fn json_model(text: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    value.get("model")?.as_str().map(str::to_owned)
}

/// A call's Authorization header.
fn authorization(headers: &[Header]) -> Option<&Header> {
    headers
        .iter()
        .rev()
        .find(|h| h.name.eq_ignore_ascii_case("authorization"))
}

/// An Authorization value with no key in it: empty, the scheme alone (`Bearer`), or the scheme
/// and an empty quoted string (`Bearer ""`), as far as the snippet shows it.
fn is_empty_authorization(value: &Text) -> bool {
    let Some(value) = value.known() else {
        return false;
    };
    let value = value.trim();
    let rest = match value.get(..6) {
        Some(scheme) if scheme.eq_ignore_ascii_case("bearer") => &value[6..],
        _ => value,
    };
    matches!(rest.trim(), "" | "\"\"" | "''")
}
