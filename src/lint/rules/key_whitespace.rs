use super::{Context, Finding, Rule, Severity, authorization};
use crate::lint::edit::{self, Applicability};
use crate::parse::{Piece, Span, Text};
use crate::request::key::{self, is_blank};

pub const RULE: Rule = Rule {
    id: "key-whitespace",
    severity: Severity::Error,
    summary: "whitespace or an invisible character in the API key or its Authorization header: 401",
    explain: include_str!("../../../templates/rules/key-whitespace.md"),
    check,
};

fn check(ctx: &Context<'_>, findings: &mut Vec<Finding>) {
    for call in &ctx.calls {
        if let Some(header) = call.headers.as_deref().and_then(authorization) {
            // The value curl or a client sends after `Authorization:`; HTTP drops spaces before it.
            if let Some(problem) = problem(&header.value, true) {
                push(
                    ctx,
                    findings,
                    header.span.clone(),
                    &format!("the Authorization header {problem}"),
                    &header.value,
                    true,
                );
            }
        }
        if let Some((key, span)) = &call.api_key {
            if let Some(problem) = problem(key, false) {
                push(
                    ctx,
                    findings,
                    span.clone(),
                    &format!("the API key {problem}"),
                    key,
                    false,
                );
            }
        }
    }
}

fn push(
    ctx: &Context<'_>,
    findings: &mut Vec<Finding>,
    span: Span,
    message: &str,
    value: &Text,
    bearer: bool,
) {
    let message = format!("{message}; the relay strips exactly \"Bearer \" and answers 401");
    // Deleting the blank characters from the literals the key is written in; what they stand
    // in an unknown piece is not ours to change.
    let keep = bearer.then_some("Bearer ");
    let edits = edit::remove_blanks(
        &ctx.snippet.code,
        &span,
        ctx.snippet.dialect,
        is_blank,
        keep,
    );
    let mut finding = Finding::new(&RULE, span, message).autofix(Applicability::Safe, edits);
    if let Some(fixed) = normalized(value, bearer) {
        finding = finding.fix(crate::secret::mask_secrets(&fixed));
    }
    findings.push(finding);
}

/// What is wrong with the literal parts of a key (or `Bearer <key>`), if anything.
fn problem(value: &Text, bearer: bool) -> Option<String> {
    let literal: String = value
        .pieces
        .iter()
        .map(|p| match p {
            Piece::Lit(text) => text.clone(),
            Piece::Var(_) => "\u{0}".to_owned(),
        })
        .collect();
    let body = if bearer {
        // Without the scheme, it is malformed-authorization's business.
        literal.strip_prefix("Bearer ")?
    } else {
        literal.as_str()
    };
    key::blank_problem(body, bearer)
}

/// The value without any blank character, `Bearer ` kept (unknown parts as `${NAME}`).
fn normalized(value: &Text, bearer: bool) -> Option<String> {
    let text = value.display();
    let (head, key) = match text.strip_prefix("Bearer ").filter(|_| bearer) {
        Some(rest) => ("Bearer ", rest),
        None => ("", text.as_str()),
    };
    Some(format!(
        "{head}{}",
        key.chars().filter(|&c| !is_blank(c)).collect::<String>()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems() {
        assert_eq!(
            problem(&Text::lit("Bearer  sk-1"), true).unwrap(),
            "has a second space after \"Bearer \""
        );
        assert_eq!(
            problem(&Text::lit("Bearer sk-1 "), true).unwrap(),
            "has a space at its end"
        );
        assert_eq!(
            problem(&Text::lit("Bearer sk\u{3000}1"), true).unwrap(),
            "has an ideographic space (U+3000) inside it"
        );
        assert_eq!(
            problem(&Text::lit("Bearer {在这里填写_API_Key}"), true),
            None
        );
        let mut text = Text::lit("Bearer ");
        text.push(Piece::Var("KEY".into()));
        assert_eq!(problem(&text, true), None);
        text.push(Piece::Lit("\u{200b}".into()));
        assert!(problem(&text, true).unwrap().contains("U+200B"));
        assert_eq!(
            problem(&Text::lit("\u{feff}sk-abc"), false).unwrap(),
            "has a byte-order mark (U+FEFF) at its start"
        );
        assert_eq!(
            normalized(&Text::lit("Bearer  sk-1\u{a0}"), true).unwrap(),
            "Bearer sk-1"
        );
    }
}
