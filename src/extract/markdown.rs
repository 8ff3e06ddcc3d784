//! Fenced code blocks of a Markdown page, found by a CommonMark parser.
//!
//! The block's language comes from the first word of its info string (`bash [cURL]`,
//! `js{4}`, `{.python}`); blocks in other languages (text, json, markdown…) are not code to
//! check; `env`/`dotenv` (and Windows `powershell`/`cmd`), `yaml` and `toml` blocks are read
//! for the config surfaces they may hold. A `console` block keeps only its commands: `$ ` prompts are removed, `> `
//! continuation prompts too, and output lines are dropped. Front matter is skipped by the parser.
//!
//! Comments turn rules off: `<!-- open1-snip-disable-next-block [rule ...] -->` for the next
//! block, `<!-- open1-snip-disable [rule ...] -->` … `<!-- open1-snip-enable -->` for a range.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::page::{self, Flavor};
use super::{Dialect, Disabled, Snippet, Syntax, WindowsShell, html};

enum Language {
    Code(Dialect),
    /// JavaScript, TypeScript or TSX.
    Script(Syntax),
    Console,
    /// An HTML page, whose `<script>` blocks run in a browser.
    Html,
    /// A Windows shell's block: read as a dotenv block for its environment assignments.
    Windows(WindowsShell),
}

fn language(info: &str) -> Option<Language> {
    let info = info.trim_start().trim_start_matches(['{', '.']);
    let end = info
        .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(info.len());
    Some(match info[..end].to_ascii_lowercase().as_str() {
        "bash" | "sh" | "shell" | "zsh" | "curl" => Language::Code(Dialect::Shell),
        "console" | "shell-session" | "shellsession" | "sh-session" => Language::Console,
        "python" | "py" | "python3" | "py3" => Language::Code(Dialect::Python),
        "js" | "javascript" | "mjs" | "cjs" | "node" | "nodejs" | "jsx" => {
            Language::Script(Syntax::JavaScript)
        }
        "ts" | "typescript" | "mts" | "cts" => Language::Script(Syntax::TypeScript),
        "tsx" => Language::Script(Syntax::Tsx),
        "html" | "htm" => Language::Html,
        // Windows blocks beside them set the same variables (`$env:A = …`, `setx A …`).
        "env" | "dotenv" => Language::Code(Dialect::Dotenv),
        "powershell" | "pwsh" | "ps1" => Language::Windows(WindowsShell::PowerShell),
        "cmd" | "bat" | "batch" => Language::Windows(WindowsShell::Cmd),
        "yaml" | "yml" => Language::Code(Dialect::Yaml),
        "toml" => Language::Code(Dialect::Toml),
        _ => return None,
    })
}

/// How code in a block labelled `info` is read, for an include in it or an import that names
/// the language; `None` for languages lint does not read as code of their own.
pub(super) fn reading(info: &str) -> Option<super::include::Reading> {
    use super::include::Reading;
    Some(match language(info)? {
        Language::Code(dialect) => Reading::Code(dialect, Syntax::JavaScript),
        Language::Script(syntax) => Reading::Code(Dialect::JavaScript, syntax),
        Language::Console => Reading::Code(Dialect::Shell, Syntax::JavaScript),
        Language::Html | Language::Windows(_) => return None,
    })
}

/// Lines of a code block, each with its offset in the file.
type Lines<'a> = Vec<(&'a str, usize)>;

/// The snippets of a page read as `flavor` (see [`page`]): MkDocs' indented tabs and
/// admonitions, MDX's JSX around fences.
pub fn snippets(text: &str, flavor: Flavor) -> Vec<Snippet> {
    let view = page::view(text, flavor);
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut snippets = Vec::new();
    let mut next_block = Disabled::None;
    let mut range = Disabled::None;
    // The block being read: its language and its lines with their file offsets.
    let mut block: Option<(Option<Language>, Lines<'_>)> = None;
    for (event, span) in Parser::new_ext(&view.text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => language(&info),
                    CodeBlockKind::Indented => None,
                };
                block = Some((language, Vec::new()));
            }
            // Blocks in languages we do not read (json, text…) need no lines.
            Event::Text(_) if matches!(block, Some((Some(_), _))) => {
                // pulldown-cmark reports each run of code with its exact source range (container
                // prefixes such as `> ` and list indentation are outside it).
                // Each line of the view is one run of the file's, found back through the view.
                let (_, lines) = block.as_mut().expect("in a block");
                let mut offset = span.start;
                for line in view.text[span.clone()].split_inclusive('\n') {
                    let start = view.file_offset(offset);
                    lines.push((&text[start..start + line.len()], start));
                    offset += line.len();
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let disabled = merge(std::mem::take(&mut next_block), &range);
                if let Some((Some(language), lines)) = block.take() {
                    // Docs often show prompts in shell blocks too: `$ curl …`.
                    let prompted = lines
                        .iter()
                        .any(|(line, _)| line.trim_start().starts_with("$ "));
                    let code = |dialect| {
                        let mut snippet = Snippet::new(dialect);
                        for &(line, offset) in &lines {
                            snippet.push(line, offset);
                        }
                        snippet
                    };
                    let found = match language {
                        Language::Code(Dialect::Shell) if prompted => vec![console(&lines)],
                        Language::Code(dialect) => vec![code(dialect)],
                        Language::Script(syntax) => {
                            let mut snippet = code(Dialect::JavaScript);
                            snippet.syntax = syntax;
                            vec![snippet]
                        }
                        Language::Console => vec![console(&lines)],
                        Language::Html => scripts(&lines),
                        Language::Windows(shell) => {
                            let mut snippet = code(Dialect::Dotenv);
                            snippet.windows = Some(shell);
                            vec![snippet]
                        }
                    };
                    for mut snippet in found {
                        snippet.strip_notations();
                        snippet.disabled = disabled.clone();
                        snippets.push(snippet);
                    }
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for comment in comments(&html) {
                    if let Some(rules) = comment.strip_prefix("open1-snip-disable-next-block") {
                        next_block = merge(next_block, &rule_list(rules));
                    } else if let Some(rules) = comment.strip_prefix("open1-snip-disable") {
                        range = merge(range, &rule_list(rules));
                    } else if comment.starts_with("open1-snip-enable") {
                        range = Disabled::None;
                    }
                }
            }
            _ => {}
        }
    }
    snippets
}

/// The commands of a console session, without prompts and output.
pub(super) fn console(lines: &[(&str, usize)]) -> Snippet {
    let mut snippet = Snippet::new(Dialect::Shell);
    let mut continued = false;
    let mut in_command = false;
    for &(line, offset) in lines {
        let indent = line.len() - line.trim_start().len();
        let body = &line[indent..];
        let prompt = ["$ ", "% ", "# "]
            .iter()
            .find(|p| body.starts_with(**p))
            .filter(|_| !continued);
        let command = match prompt {
            Some(prompt) => Some(indent + prompt.len()),
            None if continued => Some(body.strip_prefix("> ").map_or(0, |_| indent + 2)),
            // bash's `> ` prompt after a command: a here-document or a quote still open.
            None if in_command && body.starts_with("> ") => Some(indent + 2),
            None => None,
        };
        in_command = command.is_some();
        match command {
            Some(start) => {
                snippet.push(&line[start..], offset + start);
                continued = line.trim_end().ends_with('\\');
            }
            None => continued = false,
        }
    }
    snippet
}

/// The `<script>` blocks of an html block, each line at its place in the file (the block's
/// lines may be apart, in a list item or a block quote).
fn scripts(lines: &[(&str, usize)]) -> Vec<Snippet> {
    let page: String = lines.iter().map(|(line, _)| *line).collect();
    html::scripts(&page, 0)
        .into_iter()
        .map(|script| {
            let start = script.file_offset(0);
            let end = start + script.code.len();
            let mut placed = Snippet::new(script.dialect);
            placed.in_browser = script.in_browser;
            let mut at = 0;
            for &(line, offset) in lines {
                let (from, to) = (at.max(start), (at + line.len()).min(end));
                if from < to {
                    placed.push(&page[from..to], offset + (from - at));
                }
                at += line.len();
            }
            placed
        })
        .collect()
}

/// The texts of the `<!-- … -->` comments in an HTML chunk, trimmed.
fn comments(html: &str) -> impl Iterator<Item = &str> {
    html.split("<!--")
        .skip(1)
        .filter_map(|rest| rest.split_once("-->"))
        .map(|(comment, _)| comment.trim())
}

fn rule_list(text: &str) -> Disabled {
    let rules: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
    if rules.is_empty() {
        Disabled::All
    } else {
        Disabled::Rules(rules)
    }
}

fn merge(a: Disabled, b: &Disabled) -> Disabled {
    match (a, b) {
        (Disabled::All, _) | (_, Disabled::All) => Disabled::All,
        (Disabled::None, b) => b.clone(),
        (a, Disabled::None) => a,
        (Disabled::Rules(mut a), Disabled::Rules(b)) => {
            a.extend(b.iter().cloned());
            Disabled::Rules(a)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snippets(text: &str) -> Vec<Snippet> {
        super::snippets(text, Flavor::Markdown)
    }

    fn codes(text: &str) -> Vec<(String, Dialect)> {
        snippets(text)
            .into_iter()
            .map(|s| (s.code, s.dialect))
            .collect()
    }

    #[test]
    fn blocks_in_lists_quotes_and_containers() {
        let text = "---\ntitle: \"```bash\"\n---\n\n- item\n\n  ```bash [cURL]\n  curl a \\\n    -H x\n  ```\n\n> ```py\n> import x\n>\n> y = 1\n> ```\n\n::: code-group\n~~~~js{2}\nfetch(1)\n~~~~\n:::\n\n```json\n{}\n```\n\n````markdown\n```bash\ncurl inner\n```\n````\n";
        let found = codes(text);
        assert_eq!(
            found,
            [
                ("curl a \\\n  -H x\n".to_owned(), Dialect::Shell),
                ("import x\n\ny = 1\n".to_owned(), Dialect::Python),
                ("fetch(1)\n".to_owned(), Dialect::JavaScript),
            ]
        );
        let snippet = &snippets(text)[1];
        assert_eq!(&text[snippet.file_offset(10)..][..5], "y = 1");
    }

    #[test]
    fn typescript_and_html_blocks() {
        let text = "```ts\nconst a: string = x;\n```\n\n```tsx\n<A />\n```\n\n> ```html\n> <p>hi</p><script>\n> fetch(u);\n> </script>\n> ```\n";
        let found = snippets(text);
        let syntaxes: Vec<Syntax> = found.iter().map(|s| s.syntax).collect();
        assert_eq!(
            syntaxes,
            [Syntax::TypeScript, Syntax::Tsx, Syntax::JavaScript]
        );
        let script = &found[2];
        assert_eq!(script.code, "\nfetch(u);\n");
        assert!(script.in_browser);
        assert_eq!(&text[script.file_offset(1)..][..8], "fetch(u)");
    }

    #[test]
    fn unterminated_fence_runs_to_the_end() {
        assert_eq!(
            codes("text\n\n```sh\ncurl x\n"),
            [("curl x\n".to_owned(), Dialect::Shell)]
        );
    }

    #[test]
    fn console_keeps_commands_only() {
        let text =
            "```console\n$ curl https://a \\\n  -H 'x: y'\n{\"ok\": true}\n$ echo hi\nhi\n```\n";
        let snippet = &snippets(text)[0];
        assert_eq!(snippet.code, "curl https://a \\\n  -H 'x: y'\necho hi\n");
        assert_eq!(&text[snippet.file_offset(0)..][..4], "curl");
    }

    #[test]
    fn console_heredocs_continue_with_prompts() {
        let text = "```console\n$ curl -d @- x <<'EOF'\n> {\"a\": 1}\n> EOF\n{\"ok\": true}\n```\n";
        assert_eq!(
            snippets(text)[0].code,
            "curl -d @- x <<'EOF'\n{\"a\": 1}\nEOF\n"
        );
    }

    #[test]
    fn prompts_in_shell_blocks() {
        let snippet = &snippets("```bash\n$ curl https://a \\\n    -H x\nok\n```\n")[0];
        assert_eq!(snippet.code, "curl https://a \\\n    -H x\n");
    }

    #[test]
    fn comments_disable_rules() {
        let text = "<!-- open1-snip-disable-next-block wrong-endpoint -->\n```sh\na\n```\n\n```sh\nb\n```\n\n<!-- open1-snip-disable -->\n\n```sh\nc\n```\n\n<!-- open1-snip-enable -->\n\n```sh\nd\n```\n";
        let disabled: Vec<Disabled> = snippets(text).into_iter().map(|s| s.disabled).collect();
        assert_eq!(
            disabled,
            [
                Disabled::Rules(vec!["wrong-endpoint".into()]),
                Disabled::None,
                Disabled::All,
                Disabled::None
            ]
        );
    }
}
