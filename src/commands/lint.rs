//! `open1-snip lint`: the settings read from the arguments, the run, its report (the work is in
//! [`crate::lint::run`]); or `--explain`, a rule's text.

use std::io::Write;

use crate::cli::LintArgs;
use crate::error::Error;
use crate::lint::{self, run};

pub use run::Outcome;

pub fn lint(args: &LintArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome, Error> {
    if let Some(id) = &args.explain {
        return explain(id, out);
    }
    let settings = run::Settings::new(args)?;
    run::run(&settings).print(&settings, out, err)
}

fn explain(id: &str, out: &mut dyn Write) -> Result<Outcome, Error> {
    let Some(rule) = lint::rules::find(id) else {
        let known: Vec<&str> = lint::RULES.iter().map(|r| r.id).collect();
        return Err(Error::Usage(format!(
            "no rule `{id}`; the rules are {}",
            known.join(", ")
        )));
    };
    let text = format!(
        "{}\n\nDefault severity: {}.\n",
        rule.explain.trim_end(),
        rule.severity.name()
    );
    out.write_all(text.as_bytes()).map_err(Error::Write)?;
    Ok(Outcome {
        findings: false,
        failed: false,
    })
}
