//! A curl command in a block labelled for a Windows shell (`powershell`, `pwsh`, `ps1`, `cmd`,
//! `bat`): written for bash, its `\` line ends and single-quoted JSON do not work there; and a
//! plain `curl` in PowerShell, which Windows PowerShell 5.1 runs as `Invoke-WebRequest`.
//!
//! The block's code is not bash, so it is read here line by line: a command starts at a line
//! whose first word is `curl` or `curl.exe` (after a `PS>` prompt or `&`) and goes on while its
//! lines end with `\`, `` ` `` or `^`.

use super::{Context, Finding, Rule, Severity};
use crate::extract::WindowsShell;
use crate::lint::relay::may_call_relay;
use crate::lint::{Applicability, Edit};
use crate::parse::Span;

pub const RULE: Rule = Rule {
    id: "windows-shell",
    severity: Severity::Warning,
    summary: "a curl command that does not work in the Windows shell its block is labelled for",
    explain: include_str!("../../../templates/rules/windows-shell.md"),
    check,
};

/// A curl command of a Windows block.
struct Command {
    /// `curl` or `curl.exe`, as written.
    name: Span,
    /// The command's lines.
    text: Span,
}

fn check(ctx: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some(shell) = ctx.snippet.windows else {
        return;
    };
    let code = &ctx.snippet.code;
    for command in commands(code) {
        let text = &code[command.text.clone()];
        if !may_call_relay(text.as_bytes()) {
            continue;
        }
        let name = &code[command.name.clone()];
        let plain = name.eq_ignore_ascii_case("curl");
        let mut bash = Vec::new();
        if text
            .lines()
            .any(|line| line.trim_end().ends_with('\\') && !line.trim_end().ends_with("\\\\"))
        {
            bash.push("`\\` does not continue a line there");
        }
        if single_quoted_json(text) {
            bash.push(match shell {
                WindowsShell::PowerShell => {
                    "a single-quoted JSON body loses its double quotes on the way to curl.exe (Windows PowerShell 5.1, PowerShell before 7.3)"
                }
                WindowsShell::Cmd => "cmd does not read `'` as a quote: the JSON body is split at its spaces",
            });
        }
        let label = match shell {
            WindowsShell::PowerShell => "powershell",
            WindowsShell::Cmd => "cmd",
        };
        if !bash.is_empty() {
            let alias = match (shell, plain) {
                (WindowsShell::PowerShell, true) => {
                    "; and Windows PowerShell 5.1 runs `curl` as Invoke-WebRequest"
                }
                _ => "",
            };
            let how = match shell {
                WindowsShell::PowerShell => {
                    "write it for PowerShell (`curl.exe`, a backtick at the end of each continued line, the body in a file sent with `--data-binary \"@body.json\"`)"
                }
                WindowsShell::Cmd => {
                    "write it for cmd (`^` at the end of each continued line, the body in double quotes with `\\\"` inside, or in a file: `--data-binary @body.json`)"
                }
            };
            let message = format!(
                "this curl command is written for bash, but the block is labelled `{label}`: {}{alias}",
                bash.join("; ")
            );
            findings.push(
                Finding::new(&RULE, command.name.clone(), message)
                    .fix(format!("label the block `bash`, or {how}")),
            );
        } else if shell == WindowsShell::PowerShell && plain {
            let message = "in Windows PowerShell 5.1 `curl` is an alias of Invoke-WebRequest, which does not read curl's options (`-H`, `-d`): write `curl.exe`";
            findings.push(
                Finding::new(&RULE, command.name.clone(), message)
                    .fix("curl.exe")
                    .autofix(
                        Applicability::Unsafe,
                        vec![Edit {
                            span: command.name.clone(),
                            text: "curl.exe".to_owned(),
                        }],
                    ),
            );
        }
    }
}

/// A `'` that opens a JSON object or array written for bash: `-d '{"model": …}'`. One with
/// `\"` inside (`'{\"model\": …}'`) is written for Windows PowerShell's way of passing it.
fn single_quoted_json(text: &str) -> bool {
    text.match_indices('\'').any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let inside = &text[at + 1..];
        let inside = &inside[..inside.find('\'').unwrap_or(inside.len())];
        matches!(before, Some(' ' | '\t' | '=') | None)
            && inside.trim_start().starts_with(['{', '['])
            && !inside.contains("\\\"")
    })
}

/// The curl commands of a Windows block's code.
fn commands(code: &str) -> Vec<Command> {
    let mut found = Vec::new();
    let mut current: Option<Command> = None;
    let mut at = 0;
    for line in code.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let content = line.trim_end();
        let continues = content.ends_with(['\\', '`', '^']);
        if let Some(command) = current.as_mut() {
            command.text.end = start + content.len();
            if !continues {
                found.extend(current.take());
            }
            continue;
        }
        let Some(name) = command_name(line) else {
            continue;
        };
        let command = Command {
            name: start + name.start..start + name.end,
            text: start + name.start..start + content.len(),
        };
        if continues {
            current = Some(command);
        } else {
            found.push(command);
        }
    }
    found.extend(current);
    found
}

/// Where `curl` / `curl.exe` stands in a line that starts a command with it.
fn command_name(line: &str) -> Option<Span> {
    let mut rest = line.trim_start();
    // A prompt: `PS>`, `PS C:\Users\me>`, `C:\>`, `>`.
    if let Some(prompt) = rest.find("> ").filter(|&end| {
        let prompt = &rest[..end];
        prompt.starts_with("PS")
            || prompt.ends_with(':')
            || prompt.contains(":\\")
            || prompt.is_empty()
    }) {
        rest = rest[prompt + 2..].trim_start();
    }
    rest = rest.strip_prefix("& ").map_or(rest, str::trim_start);
    let word_end = rest.find([' ', '\t', '\r', '\n']).unwrap_or(rest.len());
    let word = &rest[..word_end];
    if !(word.eq_ignore_ascii_case("curl") || word.eq_ignore_ascii_case("curl.exe")) {
        return None;
    }
    let start = line.len() - rest.len();
    Some(start..start + word.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_and_prompts() {
        let code = "$env:A = \"1\"\nPS C:\\> curl.exe https://a `\n  -H \"x: y\"\n& curl https://b\nInvoke-RestMethod x\n";
        let names: Vec<&str> = commands(code)
            .iter()
            .map(|c| &code[c.name.clone()])
            .collect();
        assert_eq!(names, ["curl.exe", "curl"]);
        assert_eq!(
            &code[commands(code)[0].text.clone()],
            "curl.exe https://a `\n  -H \"x: y\""
        );
        assert!(single_quoted_json("curl -d '{\"a\": 1}'"));
        assert!(!single_quoted_json("curl -H 'x: y' -d \"{}\""));
        assert!(!single_quoted_json("curl.exe -d '{\\\"a\\\": 1}'"));
    }
}
