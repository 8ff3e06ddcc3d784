use super::{Context, Finding, Rule, Severity};
use crate::models::Status;

pub const RULE: Rule = Rule {
    id: "unavailable-model",
    severity: Severity::Warning,
    summary: "a model the relay lists but does not route (status unmatched)",
    explain: include_str!("../../../templates/rules/unavailable-model.md"),
    check,
};

fn check(ctx: &Context<'_>, findings: &mut Vec<Finding>) {
    for (model, span) in &ctx.named_models {
        if ctx
            .models
            .get(model)
            .is_some_and(|m| m.status == Status::Unmatched)
        {
            let message = format!(
                "model `{model}` is listed as unmatched: the relay has no price for it and does not route it"
            );
            findings.push(
                Finding::new(&RULE, span.clone(), message).fix(crate::request::DEFAULT_MODEL),
            );
        }
    }
}
