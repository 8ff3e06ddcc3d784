use super::{Context, Finding, Rule, Severity};
use crate::extract::Dialect;
use crate::lint::edit::{Applicability, Edit};
use crate::parse::{Body, Client};

pub const RULE: Rule = Rule {
    id: "invalid-json-body",
    severity: Severity::Error,
    summary: "a JSON request body that does not parse",
    explain: include_str!("../../../templates/rules/invalid-json-body.md"),
    check,
};

fn check(ctx: &Context<'_>, findings: &mut Vec<Finding>) {
    for call in &ctx.calls {
        let Some(body) = &call.body else { continue };
        let trimmed = body.text.trim_start();
        if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
            continue;
        }
        let Err(error) = serde_json::from_str::<serde_json::Value>(&body.text) else {
            continue;
        };
        // Nested deeper than serde_json reads (128 levels) is not wrong JSON: stay silent.
        if error.to_string().starts_with("recursion limit exceeded") {
            continue;
        }
        if ctx.snippet.dialect == Dialect::Shell && call.client == Client::Curl {
            if let Some(finding) = apostrophe(&ctx.snippet.code, body) {
                findings.push(finding);
                continue;
            }
        }
        // The error's line and column, as a byte offset in the body.
        let offset = body
            .text
            .split_inclusive('\n')
            .take(error.line().saturating_sub(1))
            .map(str::len)
            .sum::<usize>()
            + body
                .text
                .split_inclusive('\n')
                .nth(error.line().saturating_sub(1))
                .map_or(0, |line| {
                    line.char_indices()
                        .nth(error.column().saturating_sub(1))
                        .map_or(line.len(), |(i, _)| i)
                });
        let smart = body
            .text
            .char_indices()
            .find(|(_, c)| matches!(c, '“' | '”' | '‘' | '’'));
        let (offset, message) = match smart {
            Some((at, c)) => (
                at,
                format!(
                    "the body has a typographic quote {c}, as word processors write; JSON needs straight quotes \""
                ),
            ),
            None => {
                let full = error.to_string();
                let detail = full.split(" at line ").next().unwrap_or(&full);
                // A trailing comma is reported at the bracket after it: point at the comma.
                let offset = if detail.contains("trailing comma") {
                    let before = &body.text[..offset.min(body.text.len())];
                    before.trim_end().len().saturating_sub(1)
                } else {
                    offset.min(body.text.len())
                };
                (offset, format!("the JSON body does not parse: {detail}"))
            }
        };
        let span = if body.verbatim {
            let start = body.span.start + offset;
            start..start + body.text[offset..].chars().next().map_or(1, char::len_utf8)
        } else {
            body.span.clone()
        };
        findings.push(Finding::new(&RULE, span, message));
    }
}

/// An apostrophe inside a single-quoted body (`-d '{"input": "What's up?"}'`): bash ends the
/// quote there, so curl gets a cut JSON text and the rest of the command is read otherwise. Found
/// from the code: the body's word opens with `'`, and the next `'` stands between two letters
/// with another `'` after it (the one meant to close the body). The fix writes each such
/// apostrophe up to the closing quote as `'\''`.
fn apostrophe(code: &str, body: &Body) -> Option<Finding> {
    let start = body.span.start;
    let open = match code.as_bytes().get(start) {
        Some(b'\'') => start,
        _ if start > 0 && code.as_bytes()[start - 1] == b'\'' => start - 1,
        _ => return None,
    };
    let mut apostrophes = Vec::new();
    let mut from = open + 1;
    while let Some(at) = code[from..].find('\'').map(|i| from + i) {
        let before = code[..at].chars().next_back();
        let after = code[at + 1..].chars().next();
        if !(before.is_some_and(char::is_alphabetic) && after.is_some_and(char::is_alphabetic)) {
            break;
        }
        apostrophes.push(at);
        from = at + 1;
    }
    let &at = apostrophes.first()?;
    // The quote meant to close the body is still to come.
    if !code[apostrophes[apostrophes.len() - 1] + 1..].contains('\'') {
        return None;
    }
    let word_start = code[..at]
        .rfind(|c: char| !c.is_alphabetic())
        .map_or(0, |i| {
            i + code[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word_end = at
        + 1
        + code[at + 1..]
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(code.len() - at - 1);
    let word = &code[word_start..word_end];
    let escaped = word.replacen('\'', "'\\''", 1);
    Some(
        Finding::new(
            &RULE,
            at..at + 1,
            format!(
                "the apostrophe in {word} closes the single-quoted body: bash ends the quote there, so curl gets the JSON cut short and reads the rest as other words; write the apostrophe as '\\'' ({escaped}), or send the body from a here-document with a quoted delimiter (--data-binary @- <<'EOF')"
            ),
        )
        .fix(escaped)
        .autofix(
            Applicability::Unsafe,
            apostrophes
                .into_iter()
                .map(|at| Edit {
                    span: at..at + 1,
                    text: "'\\''".to_owned(),
                })
                .collect(),
        ),
    )
}
