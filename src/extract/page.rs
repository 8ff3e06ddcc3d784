//! A Markdown page as its docs site reads it, for pulldown-cmark (a CommonMark parser) to find
//! the blocks the site shows.
//!
//! Two readings differ from CommonMark where code blocks are concerned:
//! - **MkDocs** (Python-Markdown with pymdownx): the bodies of content tabs (`=== "cURL"`),
//!   admonitions (`!!! note`) and collapsible blocks (`??? note`, `???+ note`) are indented four
//!   spaces; to CommonMark a fence indented four spaces is an indented code block, without a
//!   language. The view removes four columns per open container from each body line and blanks
//!   the header lines.
//! - **MDX** (Docusaurus, Starlight, Mintlify): there is no indented code and no HTML block; JSX
//!   tags (`<Tabs>`, `<TabItem label="cURL">`) stand on lines of their own around Markdown, often
//!   indented. The view blanks the JSX tag lines, the `import`/`export` lines and `{…}`
//!   expression blocks, and moves indented fences to the margin (a fence's content lines lose up
//!   to the fence's indentation, as micromark does when indented code is off).
//!
//! Either way the view only ever removes a prefix of a line (a blanked line keeps its line
//! ending), so every line stays a line and a view offset maps back to one file offset: the
//! snippets and their findings and fixes stand where the file has them.

use std::borrow::Cow;
use std::ops::Range;

/// How a page is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// CommonMark, with MkDocs' indented containers (`.md`, `.markdown`).
    Markdown,
    /// MDX (`.mdx`).
    Mdx,
}

impl Flavor {
    pub fn of(path: &str) -> Flavor {
        match path.rsplit_once('.') {
            Some((_, extension)) if extension.eq_ignore_ascii_case("mdx") => Flavor::Mdx,
            _ => Flavor::Markdown,
        }
    }
}

/// The page's text as the parser reads it, and the way back to the file.
pub struct View<'a> {
    pub text: Cow<'a, str>,
    /// For each line of the view that starts later in the file than in the view: where it
    /// starts in the view, and in the file. `None`: the view is the file.
    lines: Option<Vec<(usize, usize)>>,
}

impl View<'_> {
    /// Where byte `offset` of the view stands in the file.
    pub fn file_offset(&self, offset: usize) -> usize {
        let Some(lines) = &self.lines else {
            return offset;
        };
        let index = lines.partition_point(|&(view, _)| view <= offset);
        match index.checked_sub(1) {
            Some(i) => lines[i].1 + (offset - lines[i].0),
            None => offset,
        }
    }
}

/// The view of `text` read as `flavor`.
pub fn view(text: &str, flavor: Flavor) -> View<'_> {
    let strips = match flavor {
        Flavor::Markdown if has_container(text) => mkdocs(text),
        Flavor::Mdx => mdx(text),
        Flavor::Markdown => None,
    };
    let Some(strips) = strips.filter(|s| s.iter().any(|&n| n > 0)) else {
        return View {
            text: Cow::Borrowed(text),
            lines: None,
        };
    };
    let mut out = String::with_capacity(text.len());
    let mut lines = Vec::new();
    let mut at = 0;
    for (line, strip) in text.split_inclusive('\n').zip(strips) {
        lines.push((out.len(), at + strip));
        out.push_str(&line[strip..]);
        at += line.len();
    }
    View {
        text: Cow::Owned(out),
        lines: Some(lines),
    }
}

/// A line without its line ending.
fn content(line: &str) -> &str {
    line.trim_end_matches('\n').trim_end_matches('\r')
}

/// A line's indentation in columns (a tab reaches the next multiple of four, as
/// Python-Markdown and CommonMark count).
pub(super) fn indentation(line: &str) -> usize {
    let mut columns = 0;
    for c in line.chars() {
        match c {
            ' ' => columns += 1,
            '\t' => columns += 4 - columns % 4,
            _ => break,
        }
    }
    columns
}

/// How many bytes of `line`'s leading whitespace make up at least `columns` columns.
fn bytes_for_columns(line: &str, columns: usize) -> usize {
    let mut seen = 0;
    let mut bytes = 0;
    for c in line.chars() {
        if seen >= columns {
            break;
        }
        match c {
            ' ' => seen += 1,
            '\t' => seen += 4 - seen % 4,
            _ => break,
        }
        bytes += 1;
    }
    bytes
}

/// A fence opening a code block: its character, length and indentation in columns.
pub(super) fn fence_open(line: &str) -> Option<(char, usize)> {
    let body = line.trim_start_matches([' ', '\t']);
    let c = body.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = body.chars().take_while(|&x| x == c).count();
    // A backtick fence's info string holds no backtick.
    let info_ok = c == '~' || !body[length..].contains('`');
    (length >= 3 && info_ok).then_some((c, length))
}

pub(super) fn fence_closes(line: &str, (c, length): (char, usize)) -> bool {
    let body = content(line).trim_start_matches([' ', '\t']);
    let run = body.chars().take_while(|&x| x == c).count();
    run >= length && body[run..].trim().is_empty()
}

/// Whether the page holds a line that may open an MkDocs container (the quick test before any
/// copy is made).
fn has_container(text: &str) -> bool {
    text.lines().any(|line| container_header(line.trim_start()))
}

/// A pymdownx.tabbed tab (`=== "Title"`, `===+ "…"`, `===! "…"`), an admonition (`!!! type`,
/// `!!! type "Title"`) or a pymdownx.details block (`??? type`, `???+ type`).
fn container_header(line: &str) -> bool {
    let line = content(line).trim_end();
    if let Some(rest) = line.strip_prefix("===") {
        let rest = rest.strip_prefix('!').unwrap_or(rest);
        let rest = rest.strip_prefix('+').unwrap_or(rest);
        let title = rest.trim_start();
        return title.len() < rest.len()
            && title.len() >= 2
            && title.starts_with('"')
            && title.ends_with('"');
    }
    let rest = if let Some(rest) = line.strip_prefix("!!!") {
        rest
    } else if let Some(rest) = line.strip_prefix("???") {
        rest.strip_prefix('+').unwrap_or(rest)
    } else {
        return false;
    };
    // A type (words of letters, digits, `_`, `-`), then an optional quoted title.
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let (types, title) = match rest.find('"') {
        Some(at) => (&rest[..at], Some(rest[at..].trim_end())),
        None => (rest, None),
    };
    let word = |w: &str| {
        w.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    };
    let types_ok = !types.trim().is_empty() && types.split_whitespace().all(word);
    let title_ok = title.is_none_or(|t| t.len() >= 2 && t.ends_with('"'));
    types_ok && title_ok
}

/// How many bytes of each line the MkDocs view removes.
fn mkdocs(text: &str) -> Option<Vec<usize>> {
    let mut strips = Vec::new();
    // The columns each open container's body is indented to, in the file.
    let mut open: Vec<usize> = Vec::new();
    // The fence being read, and how many containers were open when it opened.
    let mut fence: Option<((char, usize), usize)> = None;
    for line in text.split_inclusive('\n') {
        let body = content(line);
        let blank = body.trim().is_empty();
        let indent = indentation(body);
        if !blank {
            while open.last().is_some_and(|&needed| indent < needed) {
                open.pop();
            }
        }
        if fence.is_some_and(|(_, depth)| open.len() < depth) {
            fence = None;
        }
        let strip = bytes_for_columns(body, 4 * open.len());
        let rest = &line[strip..];
        match fence {
            Some((opened, _)) => {
                if fence_closes(rest, opened) {
                    fence = None;
                }
                strips.push(strip);
            }
            None if indentation(rest) < 4 && container_header(rest.trim_start()) => {
                open.push(indent + 4);
                strips.push(body.len());
            }
            None => {
                if indentation(rest) < 4 {
                    fence = fence_open(rest).map(|f| (f, open.len()));
                }
                strips.push(strip);
            }
        }
    }
    Some(strips)
}

/// What a run of whole lines of an MDX page is, when it is not Markdown text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Construct {
    /// A fenced code block, its fences included (an unclosed one runs to the end of the page).
    Fence,
    /// `import`/`export` lines.
    Esm,
    /// A `{…}` expression block (`{/* a comment */}`).
    Expression,
    /// A JSX tag (`<TabItem label="cURL">`), over as many lines as it takes.
    Jsx,
}

/// The constructs of an MDX page that span whole lines, each with its lines (0-based, end
/// excluded), in page order: what the MDX view blanks or unindents.
pub fn mdx_constructs(text: &str) -> Vec<(Construct, Range<usize>)> {
    read_mdx(text).1
}

/// How many bytes of each line the MDX view removes.
fn mdx(text: &str) -> Option<Vec<usize>> {
    Some(read_mdx(text).0)
}

/// How many bytes of each line the MDX view removes, and the constructs that make it remove them.
fn read_mdx(text: &str) -> (Vec<usize>, Vec<(Construct, Range<usize>)>) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut strips = vec![0; lines.len()];
    let mut constructs = Vec::new();
    let mut i = 0;
    // Whether the previous line ended a block (blank, a blanked line, the start).
    let mut block_start = true;
    while i < lines.len() {
        let body = content(lines[i]);
        let trimmed = body.trim_start();
        let indent = body.len() - trimmed.len();
        if trimmed.is_empty() {
            block_start = true;
            i += 1;
            continue;
        }
        if let Some(opened) = fence_open(body) {
            let first = i;
            // The fence moves to the margin; its lines lose up to its indentation.
            strips[i] = indent;
            i += 1;
            while i < lines.len() {
                let line = content(lines[i]);
                if fence_closes(line, opened) {
                    strips[i] = line.len() - line.trim_start().len();
                    i += 1;
                    break;
                }
                let spaces = line.len() - line.trim_start_matches([' ', '\t']).len();
                strips[i] = spaces.min(indent);
                i += 1;
            }
            constructs.push((Construct::Fence, first..i));
            block_start = true;
            continue;
        }
        // ESM: `import`/`export` at the margin, at a block's start, up to the next blank line.
        let esm = indent == 0
            && block_start
            && (trimmed.starts_with("import ") || trimmed.starts_with("export "));
        let spanned = if esm {
            let end = lines[i..]
                .iter()
                .position(|l| content(l).trim().is_empty())
                .map_or(lines.len(), |n| i + n);
            Some((Construct::Esm, end))
        } else if trimmed.starts_with('{') {
            balanced(&lines[i..], '{', '}').map(|n| (Construct::Expression, i + n))
        } else if jsx_tag(trimmed) {
            balanced(&lines[i..], '<', '>')
                .filter(|&n| content(lines[i + n - 1]).trim_end().ends_with('>'))
                .map(|n| (Construct::Jsx, i + n))
        } else {
            None
        };
        match spanned {
            Some((construct, end)) => {
                for j in i..end {
                    strips[j] = content(lines[j]).len();
                }
                constructs.push((construct, i..end));
                i = end;
                block_start = true;
            }
            None => {
                block_start = false;
                i += 1;
            }
        }
    }
    (strips, constructs)
}

/// A JSX tag at the start of a line: `<Tabs`, `</TabItem>`, `<>`, `</>`, `<tab.Item` — not an
/// HTML comment or an autolink (`<https://…>`).
fn jsx_tag(trimmed: &str) -> bool {
    let Some(rest) = trimmed.strip_prefix('<') else {
        return false;
    };
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
        .collect();
    let after = rest[name.len()..].chars().next();
    (name.is_empty() && after == Some('>'))
        || (name.starts_with(|c: char| c.is_ascii_alphabetic())
            && !name.contains(':')
            && matches!(after, None | Some(' ' | '\t' | '\r' | '\n' | '>' | '/')))
}

/// How many lines it takes for `open` and `close` to balance, counting from the first line's
/// first `open`; strings in quotes and braces inside a tag are skipped over, and so are
/// comments in an expression (`{/* it's {here} */}`: a comment's text is not JavaScript). `None`
/// when they never do (the construct is not what it looked like: nothing is blanked).
fn balanced(lines: &[&str], open: char, close: char) -> Option<usize> {
    const MOST_LINES: usize = 200;
    let mut depth = 0usize;
    let mut braces = 0usize;
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut previous = '\0';
    for (n, line) in lines.iter().take(MOST_LINES).enumerate() {
        for c in line.chars() {
            let before = std::mem::replace(&mut previous, c);
            if comment {
                if before == '*' && c == '/' {
                    comment = false;
                    previous = '\0';
                }
                continue;
            }
            if open == '{' && quote.is_none() && before == '/' && c == '*' {
                comment = true;
                // The `*` opening the comment does not close it too (`/*/`).
                previous = '\0';
                continue;
            }
            if let Some(q) = quote {
                if c == q {
                    quote = None;
                }
                continue;
            }
            match c {
                '"' | '\'' | '`' => quote = Some(c),
                '{' if open == '<' => braces += 1,
                '}' if open == '<' => braces = braces.saturating_sub(1),
                c if c == open && braces == 0 => depth += 1,
                c if c == close && braces == 0 => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 && open == '{' {
                        return Some(n + 1);
                    }
                }
                _ => {}
            }
        }
        // A tag ends with its line once its `<`s are closed.
        if open == '<' && depth == 0 && braces == 0 {
            return Some(n + 1);
        }
        // Quotes in text (`it's`) do not run over lines in tags' attributes.
        if quote == Some('\'') && open == '<' {
            quote = None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewed(text: &str, flavor: Flavor) -> String {
        view(text, flavor).text.into_owned()
    }

    #[test]
    fn mkdocs_tabs_and_admonitions_lose_their_indentation() {
        let text = "=== \"cURL\"\n\n    ```bash\n    curl x\n\n    ```\n\n===+ \"Python\"\n    !!! note \"Nested\"\n        ```py\n        a = 1\n        ```\n\nafter\n    code\n";
        assert_eq!(
            viewed(text, Flavor::Markdown),
            "\n\n```bash\ncurl x\n\n```\n\n\n\n```py\na = 1\n```\n\nafter\n    code\n"
        );
        let view = view(text, Flavor::Markdown);
        let at = view.text.find("curl").unwrap();
        assert_eq!(&text[view.file_offset(at)..][..6], "curl x");
        let at = view.text.find("a = 1").unwrap();
        assert_eq!(&text[view.file_offset(at)..][..5], "a = 1");
    }

    #[test]
    fn headers_in_fences_are_text() {
        let text = "````markdown\n=== \"cURL\"\n\n    ```bash\n    curl x\n    ```\n````\n";
        assert_eq!(viewed(text, Flavor::Markdown), text);
        assert!(!container_header("=== cURL"));
        assert!(container_header("!!! warning"));
        assert!(container_header("???+ tip \"Open\""));
        assert!(!container_header("!!!"));
    }

    #[test]
    fn mdx_blanks_jsx_esm_and_expressions_and_unindents_fences() {
        let text = "import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\n<Tabs groupId=\"lang\">\n  <TabItem\n    value=\"curl\"\n    label=\"cURL\">\n    ```bash\n    curl x \\\n      -H y\n    ```\n  </TabItem>\n</Tabs>\n{/* a comment */}\n\nText <b>bold</b>.\n";
        assert_eq!(
            viewed(text, Flavor::Mdx),
            "\n\n\n\n\n\n\n```bash\ncurl x \\\n  -H y\n```\n\n\n\n\nText <b>bold</b>.\n"
        );
    }

    #[test]
    fn mdx_comments_in_expressions_are_not_javascript() {
        let text = "{/* don't { */}\ntext\n{/*\n  a \"quote\n*/}\n";
        assert_eq!(viewed(text, Flavor::Mdx), "\ntext\n\n\n\n");
        assert_eq!(
            mdx_constructs(text),
            [(Construct::Expression, 0..1), (Construct::Expression, 2..5)]
        );
    }
}
