//! Where a command written over several lines stops before its author meant it to.
//!
//! bash continues a line only when a `\` is the very last character before the newline: a `\`
//! followed by spaces or tabs quotes the first blank instead, and the newline after them ends
//! the command — the `-H`/`-d` lines below run as commands of their own (`-H: command not
//! found`) and curl sends the request without them. A CRLF file's `\` quotes the carriage return
//! (curl gets a URL `\r`: `curl: (3)`); a blank line or a comment line after a `\` ends the
//! command too; `^` (cmd) and `` ` `` (PowerShell) continue lines in other shells only.
//!
//! The linter reports each break (`broken-continuation`) and reads the command as its author
//! meant it ([`intended`]), so the other rules speak of the request the page wanted to send
//! rather than of its truncated first line; `convert` refuses a command with a break.

use tree_sitter::Node;

use crate::parse::Span;

/// One place where a command ends early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    pub kind: BreakKind,
    /// Where the command breaks: the `\` and the blanks after it, the `\` before a CR LF or a
    /// blank line, the comment line, the `^` or `` ` ``.
    pub span: Span,
    /// The first word of the line that then runs as a command of its own (`-H`), if any.
    pub orphan: Option<String>,
    /// How many of the blanks after a `\\` are tabs.
    blank_tabs: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BreakKind {
    /// `\` then spaces or tabs: `blanks` is what deleting fixes.
    TrailingBlanks { blanks: Span },
    /// `\` then CR LF, in a file bash reads as it is.
    CarriageReturn,
    /// A blank line after a `\`.
    BlankLine,
    /// A comment line after a `\`.
    CommentLine,
    /// A comment after a `\` and blanks on the same line (`\  # the key`).
    CommentAfter,
    /// cmd's `^` at the end of a line.
    Caret,
    /// PowerShell's `` ` `` at the end of a line.
    Backtick,
}

impl Break {
    /// What happened, for a message.
    pub fn describe(&self) -> String {
        let then = match &self.orphan {
            Some(word) => {
                let error = match word.contains('/') {
                    true => "No such file or directory",
                    false => "command not found",
                };
                format!(
                    "the command ends here, and bash runs the next line as a command of its own (`{word}: {error}`): curl runs without the lines below"
                )
            }
            None => "the command ends here".to_owned(),
        };
        match &self.kind {
            BreakKind::TrailingBlanks { .. } => format!(
                "`\\` followed by {} does not continue the line: {then}",
                self.blanks()
            ),
            BreakKind::CarriageReturn => format!(
                "this file has CRLF (Windows) line endings, and a `\\` before a carriage return does not continue the line: bash passes the carriage return as an argument (`curl: (3)`); {then}"
            ),
            BreakKind::BlankLine => format!("a blank line after this `\\` ends the continuation: {then}"),
            BreakKind::CommentAfter => format!(
                "a comment after the `\\` takes the line break with it (the `\\` quotes the blank before the `#`, and the comment runs to the end of the line): {then}"
            ),
            BreakKind::CommentLine => format!(
                "a comment line inside a continued command ends it (the `#` runs to the end of the line, taking the continuation with it): {then}"
            ),
            BreakKind::Caret => format!(
                "`^` continues a line in Windows cmd, not in bash, where it is a plain argument: {then}"
            ),
            BreakKind::Backtick => "a backtick continues a line in PowerShell, not in bash, where it starts a command substitution: the lines below are not curl's options".to_owned(),
        }
    }

    /// The blanks after a `\`, in words: "2 spaces", "a tab", "1 space and 1 tab".
    fn blanks(&self) -> String {
        let BreakKind::TrailingBlanks { blanks } = &self.kind else {
            return String::new();
        };
        let tabs = self.blank_tabs;
        let spaces = blanks.len() - tabs;
        let count = |n: usize, what: &str| match n {
            1 => format!("a {what}"),
            n => format!("{n} {what}s"),
        };
        match (spaces, tabs) {
            (s, 0) => count(s, "space"),
            (0, t) => count(t, "tab"),
            (s, t) => format!(
                "{s} space{} and {t} tab{}",
                if s == 1 { "" } else { "s" },
                if t == 1 { "" } else { "s" }
            ),
        }
    }
}

/// Every break in `code`; a CR LF after a `\` counts only when `crlf_reaches_bash` (a shell
/// file: a Markdown page's line endings do not reach the reader who copies its block).
pub fn breaks(code: &str, crlf_reaches_bash: bool) -> Vec<Break> {
    if !may_break(code) {
        return Vec::new();
    }
    let Some(tree) = super::syntax_tree(code) else {
        return Vec::new();
    };
    let root = tree.root_node();
    let lines: Vec<(usize, &str)> = {
        let mut at = 0;
        code.split_inclusive('\n')
            .map(|line| {
                let start = at;
                at += line.len();
                (start, line)
            })
            .collect()
    };
    let is_blank = |line: &str| content(line).trim().is_empty();
    let is_comment = |line: &str| content(line).trim_start().starts_with('#');
    // The first word of the next line that is neither blank nor a comment, when it looks like
    // the rest of a command (an option, a quoted or indented word, a URL).
    let orphan_after = |index: usize| -> Option<String> {
        let (_, line) = lines
            .iter()
            .skip(index + 1)
            .find(|(_, line)| !is_blank(line) && !is_comment(line))?;
        let line = content(line);
        let word = line.split_whitespace().next()?;
        let continues = line.starts_with([' ', '\t'])
            || word.starts_with(['-', '\'', '"', '$', '<', '>', '|', '&'])
            || word.contains("://");
        continues.then(|| word.to_owned())
    };
    let mut found = Vec::new();
    let mut in_crlf_run = false;
    for (index, &(start, line)) in lines.iter().enumerate() {
        let text = content(line);
        if let Some(at) = backslash_before_comment(text)
            .map(|at| start + at)
            .filter(|&at| in_command(root, at))
        {
            let hash = at + code[at + 1..].find('#').unwrap_or(0) + 1;
            let is_comment = root
                .descendant_for_byte_range(hash, hash + 1)
                .is_some_and(|node| node.kind() == "comment");
            if is_comment {
                found.push(Break {
                    kind: BreakKind::CommentAfter,
                    span: at..start + text.trim_end().len(),
                    orphan: orphan_after(index),
                    blank_tabs: 0,
                });
                continue;
            }
        }
        let trimmed = text.trim_end_matches([' ', '\t']);
        let Some(last) = trimmed.chars().last() else {
            in_crlf_run = false;
            continue;
        };
        let at = start + trimmed.len() - last.len_utf8();
        if !in_command(root, at) {
            in_crlf_run = false;
            continue;
        }
        let escaped = trimmed.len() - trimmed.trim_end_matches('\\').len();
        let blanks = start + trimmed.len()..start + text.len();
        let crlf = line.ends_with("\r\n");
        let kind = match last {
            '\\' if escaped % 2 == 0 => None,
            '\\' if !blanks.is_empty() => Some(BreakKind::TrailingBlanks { blanks }),
            '\\' if crlf && crlf_reaches_bash => {
                let first = !in_crlf_run;
                in_crlf_run = true;
                first.then_some(BreakKind::CarriageReturn)
            }
            '^' | '`' if orphan_after(index).is_some() && preceded_by_blank(trimmed) => {
                Some(match last {
                    '^' => BreakKind::Caret,
                    _ => BreakKind::Backtick,
                })
            }
            _ => None,
        };
        if last != '\\' || !crlf {
            in_crlf_run = false;
        }
        if let Some(kind) = kind {
            let span = match &kind {
                BreakKind::TrailingBlanks { blanks } => at..blanks.end,
                _ => at..at + 1,
            };
            let blank_tabs = code[at..span.end].matches('\t').count();
            found.push(Break {
                kind,
                span,
                orphan: orphan_after(index),
                blank_tabs,
            });
            continue;
        }
        // A `\` that continues the line: a blank or comment line next ends the command.
        if last == '\\' && escaped % 2 == 1 && text.len() == trimmed.len() {
            let Some(&(next_start, next)) = lines.get(index + 1) else {
                continue;
            };
            let Some(orphan) = orphan_after(index) else {
                continue;
            };
            if is_blank(next) {
                found.push(Break {
                    kind: BreakKind::BlankLine,
                    span: at..at + 1,
                    orphan: Some(orphan),
                    blank_tabs: 0,
                });
            } else if is_comment(next) {
                let indent = next.len() - next.trim_start().len();
                let comment = content(next).trim_end();
                found.push(Break {
                    kind: BreakKind::CommentLine,
                    span: next_start + indent..next_start + comment.len(),
                    orphan: Some(orphan),
                    blank_tabs: 0,
                });
            }
        }
    }
    found
}

/// A look at the text alone, before any parsing: a line ending in `\` and blanks or CR LF, in
/// ` ^` or `` ` ``, or a `\` line before a blank or comment line.
fn may_break(code: &str) -> bool {
    let mut previous_continues = false;
    for line in code.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        let trimmed = text.trim_end_matches([' ', '\t']);
        if previous_continues
            && (trimmed.trim_start().is_empty() || trimmed.trim_start().starts_with('#'))
        {
            return true;
        }
        let ends_with_backslash = trimmed.ends_with('\\');
        if backslash_before_comment(text).is_some() {
            return true;
        }
        if ends_with_backslash && (trimmed.len() < text.len() || line.ends_with("\r\n")) {
            return true;
        }
        if (trimmed.ends_with(" ^") || trimmed.ends_with(" `")) && trimmed.len() == text.len() {
            return true;
        }
        previous_continues = ends_with_backslash;
    }
    false
}

/// Where a `\` stands that blanks and a `#` follow (`\  # note`), unless it is escaped itself.
fn backslash_before_comment(text: &str) -> Option<usize> {
    let hash = text.find(" #").or_else(|| text.find("\t#"))?;
    let before = text[..hash + 1].trim_end_matches([' ', '\t']);
    let escaped = before.len() - before.trim_end_matches('\\').len();
    (escaped % 2 == 1).then(|| before.len() - 1)
}

fn content(line: &str) -> &str {
    line.trim_end_matches(['\n', '\r'])
}

fn preceded_by_blank(trimmed: &str) -> bool {
    let mut chars = trimmed.chars().rev();
    chars.next();
    chars.next().is_some_and(|c| c == ' ' || c == '\t')
}

/// Whether the character at `at` is part of a command's words, not of a quoted string, a
/// here-document or a comment, where a `\` or `^` continues nothing.
fn in_command(root: Node<'_>, at: usize) -> bool {
    let Some(mut node) = root.descendant_for_byte_range(at, at + 1) else {
        return false;
    };
    loop {
        if matches!(
            node.kind(),
            "string"
                | "raw_string"
                | "ansi_c_string"
                | "translated_string"
                | "heredoc_body"
                | "heredoc_content"
                | "heredoc_redirect"
                | "comment"
        ) {
            return false;
        }
        match node.parent() {
            Some(parent) => node = parent,
            None => return true,
        }
    }
}

/// `code` as its author meant it, the same length: each break mended so that tree-sitter-bash
/// reads one command (`\` and blanks become the blanks and a `\`; a comment line inside the
/// command becomes blanks and a `\`; `^` and `` ` `` become `\`).
pub fn intended(code: &str, breaks: &[Break]) -> String {
    let mut bytes = code.as_bytes().to_vec();
    for found in breaks {
        let span = found.span.clone();
        match found.kind {
            BreakKind::TrailingBlanks { .. } => {
                bytes[span.clone()].fill(b' ');
                bytes[span.end - 1] = b'\\';
            }
            BreakKind::CommentLine | BreakKind::CommentAfter => {
                bytes[span.clone()].fill(b' ');
                bytes[span.end - 1] = b'\\';
            }
            BreakKind::Caret | BreakKind::Backtick => bytes[span.start] = b'\\',
            BreakKind::CarriageReturn | BreakKind::BlankLine => {}
        }
    }
    // Only ASCII bytes were written, over whole characters: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| code.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(code: &str, crlf: bool) -> Vec<(BreakKind, String)> {
        breaks(code, crlf)
            .into_iter()
            .map(|b| (b.kind, code[b.span].to_owned()))
            .collect()
    }

    #[test]
    fn trailing_blanks_after_a_backslash() {
        let code = "curl https://a \\  \n  -H 'x: y' \\\t\n  -d '{}'\n";
        assert_eq!(
            kinds(code, false),
            [
                (BreakKind::TrailingBlanks { blanks: 16..18 }, "\\  ".into()),
                (BreakKind::TrailingBlanks { blanks: 32..33 }, "\\\t".into()),
            ]
        );
        let mended = intended(code, &breaks(code, false));
        assert_eq!(mended, "curl https://a   \\\n  -H 'x: y'  \\\n  -d '{}'\n");
        assert_eq!(super::super::script(&mended).curls[0].args.len(), 3);
        // Inside quotes, an escaped backslash, a comment: nothing continues there.
        for fine in [
            "echo 'a \\  \nb'\n",
            "echo \"a \\ \nb\"\n",
            "echo a \\\\  \n-b\n",
            "# curl a \\  \n",
            "cat <<EOF\na \\  \nEOF\n",
        ] {
            assert_eq!(kinds(fine, true), [], "{fine:?}");
        }
    }

    #[test]
    fn crlf_only_in_files() {
        let code = "curl https://a \\\r\n  -H 'x: y' \\\r\n  -d '{}'\r\ncurl b \\\r\n -s\r\n";
        assert_eq!(kinds(code, false), []);
        let found = breaks(code, true);
        let at: Vec<&str> = found.iter().map(|b| &code[b.span.start..]).collect();
        assert_eq!(found.len(), 2, "one per command: {at:?}");
        assert_eq!(found[0].orphan.as_deref(), Some("-H"));
    }

    #[test]
    fn blank_and_comment_lines() {
        let code = "curl https://a \\\n\n  -H 'x: y' \\\n  # the body\n  -d '{}'\n";
        let found = kinds(code, false);
        assert_eq!(
            found,
            [
                (BreakKind::BlankLine, "\\".into()),
                (BreakKind::CommentLine, "# the body".into())
            ]
        );
        let code = "curl https://a \\  # the endpoint\n  -H 'x: y' -d '{}' # fine\necho a\\ #b\n";
        let found = breaks(code, false);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, BreakKind::CommentAfter);
        assert_eq!(&code[found[0].span.clone()], "\\  # the endpoint");
        assert_eq!(
            super::super::script(&intended(code, &found)).curls[0]
                .args
                .len(),
            3
        );
        // A `\` at the end of a snippet, or before prose-like lines, breaks nothing.
        assert_eq!(kinds("curl a \\\n\necho done\n", false), []);
        assert_eq!(kinds("curl a \\\n", false), []);
    }

    #[test]
    fn windows_continuations_in_bash() {
        let code = "curl https://a ^\n  -H \"x: y\" `\n  -d \"{}\"\n";
        assert_eq!(
            kinds(code, false),
            [
                (BreakKind::Caret, "^".into()),
                (BreakKind::Backtick, "`".into())
            ]
        );
        assert_eq!(kinds("echo a^\nb\n", false), []);
    }
}
