use super::{Context, Finding, Rule, Severity};

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
