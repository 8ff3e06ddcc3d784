//! How `gen` puts the snippets together: bare code, Markdown, a VitePress code group, or JSON.

use clap::ValueEnum;

use super::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The bare code of one lang, ready to save and run
    Text,
    /// A heading and a fenced block per lang
    Markdown,
    /// A VitePress `::: code-group` with a tab per lang
    Vitepress,
    /// A JSON object: lang → code
    Json,
}

/// Joins rendered snippets, in the order given.
pub fn assemble(format: Format, snippets: &[(Lang, String)]) -> String {
    match format {
        Format::Text => snippets
            .iter()
            .map(|(_, code)| code.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Markdown => {
            let blocks: Vec<String> = snippets
                .iter()
                .map(|(lang, code)| {
                    format!("### {}\n\n{}", lang.title(), fenced(lang.fence(), code))
                })
                .collect();
            blocks.join("\n")
        }
        Format::Vitepress => {
            let mut out = String::from("::: code-group\n\n");
            for (lang, code) in snippets {
                out.push_str(&fenced(
                    &format!("{} [{}]", lang.fence(), lang.title()),
                    code,
                ));
                out.push('\n');
            }
            out.push_str(":::\n");
            out
        }
        Format::Json => {
            let object: serde_json::Map<String, serde_json::Value> = snippets
                .iter()
                .map(|(lang, code)| {
                    (
                        lang.id().to_owned(),
                        serde_json::Value::String(code.clone()),
                    )
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&object).expect("strings always serialize");
            text.push('\n');
            text
        }
    }
}

/// A fenced code block whose fence is longer than any backtick run in the code, so no line of the
/// code can close it early.
fn fenced(info: &str, code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{info}\n{code}{fence}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fence_outgrows_backticks_in_code() {
        assert_eq!(fenced("bash", "echo\n"), "```bash\necho\n```\n");
        assert_eq!(
            fenced("js", "x = \"````\";\n"),
            "`````js\nx = \"````\";\n`````\n"
        );
    }
}
