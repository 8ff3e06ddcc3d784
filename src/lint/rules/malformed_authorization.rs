use super::{Context, Finding, Rule, Severity, authorization, is_empty_authorization};
use crate::parse::Piece;
use crate::request::key::is_blank;

pub const RULE: Rule = Rule {
    id: "malformed-authorization",
    severity: Severity::Error,
    summary: "an Authorization header without the `Bearer ` scheme, or the key sent in another header",
    explain: include_str!("../../../templates/rules/malformed-authorization.md"),
    check,
};

/// Headers other APIs read a key from; the relay reads only `Authorization: Bearer`.
pub(super) const KEY_HEADERS: &[&str] = &[
    "x-api-key",
    "api-key",
    "apikey",
    "x-api-token",
    "x-auth-token",
    "openai-api-key",
];

fn check(ctx: &Context<'_>, findings: &mut Vec<Finding>) {
    for call in &ctx.calls {
        key_variable(call, findings);
        let Some(headers) = &call.headers else {
            continue;
        };
        match authorization(headers) {
            // No key at all is `missing-authorization`'s, whatever the scheme looks like.
            Some(header) if is_empty_authorization(&header.value) => {}
            Some(header) => {
                let prefix = header.value.known_prefix();
                let value = prefix.trim_start_matches([' ', '\t']);
                if value.is_empty() && header.value.known().is_none() {
                    // `Authorization: $OPEN1_API_KEY` sends a bare key; another variable may
                    // hold the whole `Bearer …` value, so it is not judged.
                    let Some(Piece::Var(name)) = header
                        .value
                        .pieces
                        .iter()
                        .find(|p| !matches!(p, Piece::Lit(t) if t.trim().is_empty()))
                    else {
                        continue;
                    };
                    let name = name.to_ascii_uppercase();
                    if !(name.contains("KEY") || name.contains("TOKEN"))
                        || name.contains("AUTH")
                        || name.contains("HEADER")
                    {
                        continue;
                    }
                }
                // `Bearer` and a blank character other than one space (NBSP, U+3000, a
                // second space), or a blank character before it: key-whitespace names it.
                let scheme_at = value.trim_start_matches(is_blank);
                if scheme_at
                    .strip_prefix("Bearer")
                    .is_some_and(|rest| rest.starts_with(is_blank))
                {
                    continue;
                }
                // `Bearer` and nothing else sends no key: no scheme problem.
                if scheme_at.trim_end_matches(is_blank) == "Bearer"
                    && header.value.known().is_some()
                {
                    continue;
                }
                if !value.starts_with("Bearer ") {
                    let scheme = value
                        .split(|c: char| is_blank(c) || !c.is_ascii_alphanumeric())
                        .next()
                        .unwrap_or_default();
                    let message = if scheme_at.starts_with("Bearer") {
                        "there is no space between \"Bearer\" and the key; the relay strips exactly \"Bearer \" (one space) and answers 401".to_owned()
                    } else if scheme.eq_ignore_ascii_case("bearer") {
                        format!(
                            "the scheme is written {scheme:?}; the relay strips exactly \"Bearer \" (capital B, one space) and answers 401"
                        )
                    } else {
                        "the Authorization header lacks the \"Bearer \" scheme; the relay reads \"Bearer <key>\" and answers 401".to_owned()
                    };
                    findings.push(
                        Finding::new(&RULE, header.span.clone(), message)
                            .fix("Authorization: Bearer $OPEN1_API_KEY"),
                    );
                }
            }
            None if !call.client.is_sdk() => {
                if let Some(header) = headers
                    .iter()
                    .find(|h| KEY_HEADERS.contains(&h.name.to_ascii_lowercase().as_str()))
                {
                    findings.push(
                        Finding::new(
                            &RULE,
                            header.span.clone(),
                            format!("the key is sent in {}, which the relay ignores; send it as \"Authorization: Bearer <key>\"", header.name),
                        )
                        .fix("Authorization: Bearer $OPEN1_API_KEY"),
                    );
                }
            }
            None => {}
        }
    }
}

/// Codex's `env_key` names the environment variable the key is read from. Anything else there
/// (a key itself, which `leaked-key` reports, or words) names no variable: Codex finds none
/// and sends no `Authorization: Bearer` at all.
fn key_variable(call: &crate::parse::Call, findings: &mut Vec<Finding>) {
    let Some((name, span)) = &call.key_variable else {
        return;
    };
    if crate::parse::is_variable_name(name) || crate::secret::find_secret(name).is_some() {
        return;
    }
    findings.push(
        Finding::new(
            &RULE,
            span.clone(),
            format!(
                "env_key {:?} is no environment variable name, so no key is sent (401); \
                 name the variable that holds the key",
                crate::secret::mask_secrets(name)
            ),
        )
        .fix("env_key = \"OPEN1_API_KEY\""),
    );
}
