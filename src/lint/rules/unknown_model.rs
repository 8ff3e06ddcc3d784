use super::{Context, Finding, Rule, Severity};

pub const RULE: Rule = Rule {
    id: "unknown-model",
    severity: Severity::Error,
    summary: "a model that is not in the relay's model table",
    explain: include_str!("../../../templates/rules/unknown-model.md"),
    check,
};

fn check(ctx: &Context<'_>, findings: &mut Vec<Finding>) {
    for (model, span) in &ctx.named_models {
        if ctx.models.get(model).is_some() || ctx.config.extra_models.contains(model) {
            continue;
        }
        let mut message = format!("model `{model}` is not in the relay's model table");
        let mut finding_fix = None;
        if let Some(suggestion) = ctx.models.suggest(model) {
            message.push_str(&format!("; did you mean `{suggestion}`?"));
            finding_fix = Some(suggestion.to_owned());
        }
        let mut finding = Finding::new(&RULE, span.clone(), message);
        if let Some(fix) = finding_fix {
            finding = finding.fix(fix);
        }
        findings.push(finding);
    }
}
