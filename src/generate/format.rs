//! How `gen` puts the snippets together: bare code, JSON, or a page's Markdown — headings, a
//! VitePress code group, MkDocs content tabs, Docusaurus, Mintlify or Starlight tabs. What
//! differs between the page formats lives in their templates, `templates/formats/`.

use clap::ValueEnum;

use super::Style;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The bare code of one lang, ready to save and run
    Text,
    /// A heading and a fenced block per lang
    Markdown,
    /// A VitePress `::: code-group` with a tab per lang
    Vitepress,
    /// Material for MkDocs content tabs: `=== "cURL"`, the fence indented four spaces
    Mkdocs,
    /// Docusaurus MDX: `<Tabs groupId="lang">` with a `<TabItem>` per lang
    Docusaurus,
    /// Mintlify MDX: a `<CodeGroup>` of fences titled ```` ```bash cURL ````
    Mintlify,
    /// Starlight MDX: `<Tabs syncKey="lang">` with a `<TabItem>` per lang
    Starlight,
    /// A JSON object: lang → code
    Json,
}

impl Format {
    /// The formats a Markdown or MDX page holds (`sync` writes only these).
    pub const PAGE: [Format; 6] = [
        Format::Markdown,
        Format::Vitepress,
        Format::Mkdocs,
        Format::Docusaurus,
        Format::Mintlify,
        Format::Starlight,
    ];

    /// The `--format` value.
    pub fn id(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Vitepress => "vitepress",
            Format::Mkdocs => "mkdocs",
            Format::Docusaurus => "docusaurus",
            Format::Mintlify => "mintlify",
            Format::Starlight => "starlight",
            Format::Json => "json",
        }
    }

    /// The style without `--style`: a page format shows the page's form; `text` (a file to save
    /// and run) and `json` (read by programs, which run or save the snippets) get the script.
    pub fn default_style(self) -> Style {
        if Format::PAGE.contains(&self) {
            Style::Page
        } else {
            Style::Script
        }
    }

    /// The built-in template that lays out a page format: its name and text. `None`: `text` and
    /// `json`, which are joined in code.
    pub(super) fn template(self) -> Option<(&'static str, &'static str)> {
        let template = match self {
            Format::Text | Format::Json => return None,
            Format::Markdown => (
                "formats/markdown.md.jinja",
                include_str!("../../templates/formats/markdown.md.jinja"),
            ),
            Format::Vitepress => (
                "formats/vitepress.md.jinja",
                include_str!("../../templates/formats/vitepress.md.jinja"),
            ),
            Format::Mkdocs => (
                "formats/mkdocs.md.jinja",
                include_str!("../../templates/formats/mkdocs.md.jinja"),
            ),
            Format::Docusaurus => (
                "formats/docusaurus.mdx.jinja",
                include_str!("../../templates/formats/docusaurus.mdx.jinja"),
            ),
            Format::Mintlify => (
                "formats/mintlify.mdx.jinja",
                include_str!("../../templates/formats/mintlify.mdx.jinja"),
            ),
            Format::Starlight => (
                "formats/starlight.mdx.jinja",
                include_str!("../../templates/formats/starlight.mdx.jinja"),
            ),
        };
        Some(template)
    }
}

/// A fenced code block whose fence is longer than any backtick run in the code, so no line of the
/// code can close it early; it ends with the closing fence, the template writes the line break.
/// The format templates' `fenced(info)` filter.
pub(super) fn fenced(code: &str, info: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let newline = if code.ends_with('\n') { "" } else { "\n" };
    format!("{fence}{info}\n{code}{newline}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fence_outgrows_backticks_in_code() {
        assert_eq!(fenced("echo\n", "bash"), "```bash\necho\n```");
        assert_eq!(
            fenced("x = \"````\";\n", "js"),
            "`````js\nx = \"````\";\n`````"
        );
        assert_eq!(fenced("echo", "bash"), "```bash\necho\n```");
    }

    #[test]
    fn every_format_but_text_and_json_has_a_template() {
        for format in Format::value_variants() {
            let page = Format::PAGE.contains(format);
            assert_eq!(format.template().is_some(), page, "{format:?}");
            assert_eq!(format.to_possible_value().unwrap().get_name(), format.id());
        }
    }
}
