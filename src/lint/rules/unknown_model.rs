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
        // A misspelling of a listed model gets it; another model (of another version, family
        // or vendor) gets the list, as naming one of them would swap models.
        let suggestion = ctx.models.suggest(model);
        let message = match suggestion {
            Some(suggestion) => format!(
                "model `{model}` is not in the relay's model table; did you mean `{suggestion}`?"
            ),
            None if !ctx.models.family(model).is_empty() => format!(
                "model `{model}` is not offered by the relay; of that kind it offers {} (`open1-snip models`)",
                ctx.models.family(model).join(", ")
            ),
            None => {
                let offered: Vec<&str> = ctx
                    .models
                    .available()
                    .chain(ctx.config.extra_models.iter().map(String::as_str))
                    .collect();
                format!(
                    "model `{model}` is not offered by the relay; it offers {} (`open1-snip models`)",
                    offered.join(", ")
                )
            }
        };
        let finding_fix = suggestion.map(str::to_owned);
        let mut finding = Finding::new(&RULE, span.clone(), message);
        if let Some(fix) = finding_fix {
            finding = finding.fix(fix);
        }
        findings.push(finding);
    }
}
