//! A command that ends before its author meant it to: a `\` followed by blanks, CRLF line ends
//! in a shell file, a blank or comment line inside a continued command, cmd's `^` or
//! PowerShell's `` ` `` in a bash block. The breaks are found by the shell reader
//! ([`crate::parse::shell::breaks`]), which `convert` asks too.

use super::{Context, Finding, Rule, Severity};
use crate::extract::Dialect;
use crate::lint::{Applicability, Edit};
use crate::parse::shell::{BreakKind, breaks};

pub const RULE: Rule = Rule {
    id: "broken-continuation",
    severity: Severity::Error,
    summary: "a shell line continuation that does not continue: the command ends early",
    explain: include_str!("../../../templates/rules/broken-continuation.md"),
    check,
};

fn check(ctx: &Context<'_>, findings: &mut Vec<Finding>) {
    if ctx.snippet.dialect != Dialect::Shell {
        return;
    }
    for found in breaks(&ctx.snippet.code, ctx.snippet.whole_file) {
        let finding = Finding::new(&RULE, found.span.clone(), found.describe());
        let finding = match &found.kind {
            BreakKind::TrailingBlanks { blanks } => finding
                .fix("delete the blanks after the `\\`")
                .autofix(
                    Applicability::Safe,
                    vec![Edit {
                        span: blanks.clone(),
                        text: String::new(),
                    }],
                ),
            BreakKind::CarriageReturn => finding.fix(
                "save the file with LF line endings (`dos2unix FILE`, or `sed -i 's/\\r$//' FILE`)",
            ),
            BreakKind::BlankLine => {
                finding.fix("remove the blank line: nothing may stand between the lines of a command")
            }
            BreakKind::CommentLine | BreakKind::CommentAfter => {
                finding.fix("move the comment above the command")
            }
            BreakKind::Caret | BreakKind::Backtick => finding.fix(
                "end the line with `\\` in bash (or label the block for the shell it is written for)",
            ),
        };
        findings.push(finding);
    }
}
