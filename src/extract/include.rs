//! Code a page shows from other files: VitePress's `<<< @/snippets/x.py#region{2-5 py}` imports
//! and pymdownx.snippets' `--8<-- "file"` includes (`file:3:8` line ranges, `file:section`
//! sections between `--8<-- [start:section]` and `--8<-- [end:section]`, and the block form: a
//! list of files between two `--8<--` lines).
//!
//! This module reads what a page asks for; `lint::include` decides whether the file may be read
//! (inside the project root only) and checks it. What a file's selection shows is chosen here
//! too ([`Selection::lines`]), so the same rule serves the page and `--fix`.

use super::page::{self, Flavor};
use super::{Dialect, FileKind, Syntax, markdown};

/// Where a written path starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// The page's folder (`<<< ./x.py`).
    Page,
    /// VitePress's source root, `@` (`<<< @/x.py`).
    VitePress,
    /// pymdownx.snippets' base path (the MkDocs project's folder).
    MkDocs,
}

/// Which lines of the file the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    Whole,
    /// Between `#region name` and `#endregion name` comments (VitePress), or between
    /// `--8<-- [start:name]` and `--8<-- [end:name]` (pymdownx), markers left out.
    Region(String),
    /// 1-based, inclusive; `None`: from the start, to the end.
    Lines(Option<usize>, Option<usize>),
}

/// How the included text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Code(Dialect, Syntax),
    /// A Markdown page of its own, with its blocks and includes.
    Page,
}

/// An include as the page writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    /// Where the directive stands in the page (byte offset).
    pub at: usize,
    /// The directive as written, for messages.
    pub written: String,
    pub path: String,
    pub base: Base,
    pub selection: Selection,
    /// `None`: read by the file's own kind (a code file), else as said.
    pub reading: Option<Reading>,
}

/// Whether a page may include other files (the quick test before any parsing).
pub fn may_include(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"<<<").is_some()
        || memchr::memmem::find(bytes, b"--8<--").is_some()
}

/// The includes of a Markdown page, in order.
pub fn includes(text: &str, flavor: Flavor) -> Vec<Include> {
    if !may_include(text.as_bytes()) {
        return Vec::new();
    }
    let view = page::view(text, flavor);
    let mut found = Vec::new();
    // The fence being read: how it closes and how its code is read.
    let mut fence: Option<((char, usize), Option<Reading>)> = None;
    // Inside a block form's list of files.
    let mut listing = false;
    let mut offset = 0;
    for line in view.text.split_inclusive('\n') {
        let at = view.file_offset(offset);
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']).trim();
        if let Some((closes, reading)) = fence {
            if page::fence_closes(line, closes) {
                fence = None;
                listing = false;
            } else if let Some(include) = snippet_line(body, &mut listing, at) {
                // The fence's language reads the included code; a fence in a language lint
                // does not read (text, json) shows it as such.
                if reading.is_some() {
                    found.push(Include { reading, ..include });
                }
            }
            continue;
        }
        if let Some(opened) = page::fence_open(line).filter(|_| page::indentation(line) < 4) {
            let info = body.trim_start_matches(opened.0);
            let reading = markdown::reading(info);
            fence = Some((opened, reading));
            continue;
        }
        if let Some(rest) = body.strip_prefix("<<<") {
            found.extend(vitepress(rest, at, body));
        } else if let Some(include) = snippet_line(body, &mut listing, at) {
            found.push(Include {
                reading: Some(Reading::Page),
                ..include
            });
        }
    }
    found
}

/// A VitePress import: `<<< path[#region][ ][{lines lang}][ [title]]`. The `{…}` lines are
/// highlighted lines, not a range: the whole file (or region) is shown.
fn vitepress(rest: &str, at: usize, written: &str) -> Option<Include> {
    let rest = rest.trim();
    // The title, then the `{…}` meta, come off the end.
    let rest = match rest.strip_suffix(']').and_then(|r| r.rsplit_once('[')) {
        Some((before, _)) => before.trim_end(),
        None => rest,
    };
    let (rest, language) = match rest.strip_suffix('}').and_then(|r| r.rsplit_once('{')) {
        Some((before, meta)) => {
            // `{2-5}`, `{js}`, `{1,3 ts}`: the word that is not line numbers names a language.
            let language = meta.split_whitespace().find(|w| {
                !w.chars()
                    .all(|c| c.is_ascii_digit() || c == ',' || c == '-')
            });
            (before.trim_end(), language)
        }
        None => (rest, None),
    };
    let (path, selection) = match rest.split_once('#') {
        Some((path, region)) if !region.is_empty() => (path, Selection::Region(region.to_owned())),
        _ => (rest, Selection::Whole),
    };
    let (path, base) = match path.strip_prefix('@') {
        Some(path) => (path.trim_start_matches('/'), Base::VitePress),
        None => (path, Base::Page),
    };
    (!path.is_empty()).then(|| Include {
        at,
        written: written.to_owned(),
        path: path.to_owned(),
        base,
        selection,
        reading: language.and_then(markdown::reading),
    })
}

/// A pymdownx.snippets line: `--8<-- "file"`, or the block form's `--8<--` lines and the files
/// listed between them (`listing` says whether the line is in such a list). `;--8<--` is an
/// escaped, shown directive.
fn snippet_line(body: &str, listing: &mut bool, at: usize) -> Option<Include> {
    let include = |spec: &str| {
        let (path, selection) = snippet_spec(spec);
        (!path.is_empty()).then(|| Include {
            at,
            written: body.to_owned(),
            path,
            base: Base::MkDocs,
            selection,
            reading: None,
        })
    };
    if body == "--8<--" {
        *listing = !*listing;
        return None;
    }
    if *listing {
        // Lines starting with `;` are commented out.
        return (!body.is_empty() && !body.starts_with(';'))
            .then(|| include(body))
            .flatten();
    }
    let spec = body.strip_prefix("--8<--")?.trim();
    let quoted = spec
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| spec.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))?;
    include(quoted)
}

/// `file`, `file:3:8`, `file:3`, `file::8`, `file:name`.
fn snippet_spec(spec: &str) -> (String, Selection) {
    let parts: Vec<&str> = spec.split(':').collect();
    let number = |s: &str| s.parse::<usize>().ok().filter(|&n| n > 0);
    match parts.as_slice() {
        [path, start, end]
            if (start.is_empty() || number(start).is_some())
                && (end.is_empty() || number(end).is_some()) =>
        {
            (
                path.to_string(),
                Selection::Lines(number(start), number(end)),
            )
        }
        [path, start] if number(start).is_some() => {
            (path.to_string(), Selection::Lines(number(start), None))
        }
        [path, name] if !name.is_empty() => (path.to_string(), Selection::Region(name.to_string())),
        _ => (spec.to_owned(), Selection::Whole),
    }
}

impl Include {
    /// How the included file is read: as the page says, else by its own kind (a Markdown file
    /// named by `--8<--` outside a fence is a page; code by its extension).
    pub fn reading_of(&self) -> Option<Reading> {
        if let Some(reading) = self.reading {
            return Some(reading);
        }
        match FileKind::of(&self.path)? {
            FileKind::Code(dialect) => Some(Reading::Code(dialect, Syntax::of(&self.path))),
            FileKind::Markdown => Some(Reading::Page),
            FileKind::Html => None,
        }
    }
}

impl Selection {
    /// The lines of `text` shown, each with its byte offset; `None` when a region is not
    /// there.
    pub fn lines<'a>(&self, text: &'a str) -> Option<Vec<(&'a str, usize)>> {
        let mut lines = Vec::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            lines.push((line, offset));
            offset += line.len();
        }
        match self {
            Selection::Whole => Some(lines),
            Selection::Lines(start, end) => {
                let start = start.unwrap_or(1).saturating_sub(1).min(lines.len());
                let end = end.unwrap_or(lines.len()).min(lines.len()).max(start);
                Some(lines[start..end].to_vec())
            }
            Selection::Region(name) => {
                let start = lines.iter().position(|(l, _)| marker(l, name, false))?;
                let end = lines[start + 1..]
                    .iter()
                    .position(|(l, _)| marker(l, name, true))
                    .map_or(lines.len(), |n| start + 1 + n);
                // Markers of other regions inside are not shown either.
                Some(
                    lines[start + 1..end]
                        .iter()
                        .filter(|(l, _)| !any_marker(l))
                        .copied()
                        .collect(),
                )
            }
        }
    }
}

/// A comment's text after its opening (`//`, `#`, `/*`, `<!--`, `--`, `::`, `'`).
fn comment_text(line: &str) -> Option<&str> {
    let line = line.trim();
    let rest = ["//", "/*", "<!--", "#", "--", "::", "'"]
        .iter()
        .find_map(|open| line.strip_prefix(open))?;
    Some(rest.trim_end_matches("*/").trim_end_matches("-->").trim())
}

/// `#region name` / `#endregion name` (VS Code's, as VitePress reads them: `// #region x`,
/// `# region x`, `<!-- #region x -->`), or pymdownx's `--8<-- [start:x]` / `--8<-- [end:x]`.
fn marker(line: &str, name: &str, end: bool) -> bool {
    let Some(text) = comment_text(line).or_else(|| Some(line.trim())) else {
        return false;
    };
    let snippet = if end { "[end:" } else { "[start:" };
    if let Some(rest) = text.strip_prefix("--8<--") {
        return rest
            .trim()
            .strip_prefix(snippet)
            .and_then(|r| r.strip_suffix(']'))
            == Some(name);
    }
    let text = text.trim_start_matches('#').trim_start();
    let keyword = if end { "endregion" } else { "region" };
    let Some(rest) = text.strip_prefix(keyword) else {
        return false;
    };
    rest.starts_with(char::is_whitespace) && rest.trim() == name
}

fn any_marker(line: &str) -> bool {
    let Some(text) = comment_text(line).or_else(|| Some(line.trim())) else {
        return false;
    };
    if let Some(rest) = text.strip_prefix("--8<--") {
        let rest = rest.trim();
        return rest.starts_with("[start:") || rest.starts_with("[end:");
    }
    comment_text(line).is_some_and(|t| {
        let t = t.trim_start_matches('#').trim_start();
        (t.starts_with("region ") || t.starts_with("endregion "))
            && t.split_whitespace().count() == 2
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(text: &str) -> Vec<(String, Base, Selection, Option<Reading>)> {
        includes(text, Flavor::Markdown)
            .into_iter()
            .map(|i| (i.path, i.base, i.selection, i.reading))
            .collect()
    }

    #[test]
    fn vitepress_imports() {
        let text = "<<< @/snippets/responses.py#basic{2-5}\n\n<<< ./x.txt{1,3 bash} [cURL]\n\n```md\n<<< @/shown.py\n```\n";
        assert_eq!(
            paths(text),
            [
                (
                    "snippets/responses.py".into(),
                    Base::VitePress,
                    Selection::Region("basic".into()),
                    None
                ),
                (
                    "./x.txt".into(),
                    Base::Page,
                    Selection::Whole,
                    Some(Reading::Code(Dialect::Shell, Syntax::JavaScript))
                ),
            ]
        );
    }

    #[test]
    fn mkdocs_snippets() {
        let text = "=== \"cURL\"\n\n    ```bash\n    --8<-- \"snippets/x.sh:2:4\"\n    ```\n\n--8<-- \"part.md:intro\"\n;--8<-- \"escaped.md\"\n\n--8<--\na.md\n;b.md\nc.md\n--8<--\n";
        let found = includes(text, Flavor::Markdown);
        assert_eq!(&text[found[0].at..][..6], "--8<--");
        assert_eq!(
            paths(text),
            [
                (
                    "snippets/x.sh".into(),
                    Base::MkDocs,
                    Selection::Lines(Some(2), Some(4)),
                    Some(Reading::Code(Dialect::Shell, Syntax::JavaScript))
                ),
                (
                    "part.md".into(),
                    Base::MkDocs,
                    Selection::Region("intro".into()),
                    Some(Reading::Page)
                ),
                (
                    "a.md".into(),
                    Base::MkDocs,
                    Selection::Whole,
                    Some(Reading::Page)
                ),
                (
                    "c.md".into(),
                    Base::MkDocs,
                    Selection::Whole,
                    Some(Reading::Page)
                ),
            ]
        );
    }

    #[test]
    fn regions_and_ranges() {
        let text = "a\n# #region basic\nb\n  // #region inner\nc\n  // #endregion inner\n# #endregion basic\n# --8<-- [start:s]\nd\n# --8<-- [end:s]\n";
        let shown =
            |s: Selection| -> String { s.lines(text).unwrap().iter().map(|(l, _)| *l).collect() };
        assert_eq!(shown(Selection::Region("basic".into())), "b\nc\n");
        assert_eq!(shown(Selection::Region("s".into())), "d\n");
        assert_eq!(
            shown(Selection::Lines(Some(9), None)),
            "d\n# --8<-- [end:s]\n"
        );
        assert_eq!(shown(Selection::Lines(None, Some(1))), "a\n");
        assert!(Selection::Region("nope".into()).lines(text).is_none());
    }
}
