use super::{Context, Finding, Rule, Severity};
use crate::secret::{find_secret, mask};

pub const RULE: Rule = Rule {
    id: "leaked-key",
    severity: Severity::Error,
    summary: "a real-looking API key where a placeholder or an environment variable belongs",
    explain: include_str!("../../../templates/rules/leaked-key.md"),
    check,
};

fn check(ctx: &Context<'_>, findings: &mut Vec<Finding>) {
    let code = &ctx.snippet.code;
    let mut from = 0;
    while let Some((start, end)) = find_secret(&code[from..]) {
        let (start, end) = (from + start, from + end);
        let message = format!(
            "{} looks like a real API key; use the placeholder {{在这里填写_API_Key}} or $OPEN1_API_KEY, and revoke this key",
            mask(&code[start..end])
        );
        findings.push(Finding::new(&RULE, start..end, message).fix("$OPEN1_API_KEY"));
        from = end;
    }
}
