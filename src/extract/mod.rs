//! From files to snippets: the pieces of code that may make a request, each with the way back
//! from its own offsets to the file's.
//!
//! Markdown gives one snippet per fenced code block whose info string names a language we read
//! (found by pulldown-cmark, so fences in lists, block quotes and containers are found the way a
//! renderer finds them); source files are one snippet each; HTML gives its `<script>` blocks.

mod annotation;
mod html;
pub mod include;
mod markdown;
pub mod page;

pub use page::Flavor;

use crate::source::SourceFile;

/// The language a snippet is parsed as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    Shell,
    Python,
    JavaScript,
    /// A dotenv file (`.env`, `.env.example`): `KEY=value` lines.
    Dotenv,
    /// YAML: what lint reads of it is a Docker Compose file's `environment:`.
    Yaml,
    /// TOML: what lint reads of it is a Codex CLI `config.toml`'s model providers.
    Toml,
}

/// The grammar a JavaScript snippet is written in. TypeScript is JavaScript to the rules (the
/// same literals, the same fixes), but its typed declarations (`const opts: Options = {…}`) are
/// errors to the JavaScript grammar, which loses their values: it has parsers of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Syntax {
    #[default]
    JavaScript,
    TypeScript,
    /// TypeScript with JSX.
    Tsx,
}

impl Syntax {
    /// The syntax of a JavaScript file, by its extension.
    fn of(path: &str) -> Syntax {
        let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        match extension.as_deref() {
            Some("ts" | "mts" | "cts") => Syntax::TypeScript,
            Some("tsx") => Syntax::Tsx,
            _ => Syntax::JavaScript,
        }
    }
}

/// What kind of file a path is, by its name (and its folder, for a Codex config).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Markdown,
    Html,
    Code(Dialect),
}

/// The files lint reads, by extension (compared without case): the one list [`FileKind::of`]
/// sorts paths by and [`FileKind::described`] tells users about.
const BY_EXTENSION: &[(&str, FileKind)] = &[
    ("md", FileKind::Markdown),
    ("markdown", FileKind::Markdown),
    ("mdx", FileKind::Markdown),
    ("html", FileKind::Html),
    ("htm", FileKind::Html),
    ("sh", FileKind::Code(Dialect::Shell)),
    ("bash", FileKind::Code(Dialect::Shell)),
    ("py", FileKind::Code(Dialect::Python)),
    ("js", FileKind::Code(Dialect::JavaScript)),
    ("mjs", FileKind::Code(Dialect::JavaScript)),
    ("cjs", FileKind::Code(Dialect::JavaScript)),
    ("ts", FileKind::Code(Dialect::JavaScript)),
    ("mts", FileKind::Code(Dialect::JavaScript)),
    ("cts", FileKind::Code(Dialect::JavaScript)),
    ("jsx", FileKind::Code(Dialect::JavaScript)),
    ("tsx", FileKind::Code(Dialect::JavaScript)),
];

/// The config files read by their names rather than their extensions (see `FileKind::config`),
/// as `described` tells them.
const CONFIG_NAMES: &[(FileKind, &str)] = &[
    (FileKind::Code(Dialect::Dotenv), ".env, .env.*, *.env"),
    (
        FileKind::Code(Dialect::Yaml),
        "compose.y*ml, docker-compose.y*ml",
    ),
    (FileKind::Code(Dialect::Toml), ".codex/config.toml"),
];

impl FileKind {
    pub fn of(path: &str) -> Option<FileKind> {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        if let Some(kind) = FileKind::config(path, name) {
            return Some(kind);
        }
        let extension = path.rsplit_once('.')?.1;
        BY_EXTENSION
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(extension))
            .map(|&(_, kind)| kind)
    }

    /// What people call this kind of file.
    pub fn name(self) -> &'static str {
        match self {
            FileKind::Markdown => "Markdown",
            FileKind::Html => "HTML",
            FileKind::Code(Dialect::Shell) => "shell",
            FileKind::Code(Dialect::Python) => "Python",
            FileKind::Code(Dialect::JavaScript) => "JavaScript",
            FileKind::Code(Dialect::Dotenv) => "dotenv",
            FileKind::Code(Dialect::Yaml) => "Docker Compose",
            FileKind::Code(Dialect::Toml) => "Codex config",
        }
    }

    /// The kinds lint reads, for a user whose file is none of them: `Markdown (.md, .markdown,
    /// .mdx), HTML (.html, .htm), …`.
    pub fn described() -> String {
        let mut kinds: Vec<(FileKind, Vec<&str>)> = Vec::new();
        for &(extension, kind) in BY_EXTENSION {
            match kinds.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, extensions)) => extensions.push(extension),
                None => kinds.push((kind, vec![extension])),
            }
        }
        kinds
            .iter()
            .map(|(kind, extensions)| format!("{} (.{})", kind.name(), extensions.join(", .")))
            .chain(
                CONFIG_NAMES
                    .iter()
                    .map(|(kind, names)| format!("{} ({names})", kind.name())),
            )
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The config files lint reads by name: dotenv files, Compose files, and a Codex CLI
    /// `config.toml` (only in a `.codex` folder: other tools' `config.toml` are not Codex's).
    fn config(path: &str, name: &str) -> Option<FileKind> {
        let lower = name.to_ascii_lowercase();
        // `.env`, `.env.example`, and the `app.env` files Compose's `env_file:` names.
        if lower == ".env" || lower.starts_with(".env.") || lower.ends_with(".env") {
            return Some(FileKind::Code(Dialect::Dotenv));
        }
        // `compose.yaml`, `docker-compose.override.yml`, `docker-compose.prod.yaml`…
        let compose = ["compose.", "docker-compose."].iter().any(|stem| {
            lower.starts_with(stem) && (lower.ends_with(".yml") || lower.ends_with(".yaml"))
        });
        if compose {
            return Some(FileKind::Code(Dialect::Yaml));
        }
        let folder = path[..path.len() - name.len()].trim_end_matches(['/', '\\']);
        let in_codex = folder.rsplit(['/', '\\']).next() == Some(".codex");
        (lower == "config.toml" && in_codex).then_some(FileKind::Code(Dialect::Toml))
    }

    /// Whether a walk, which skips hidden files and folders, reads `path` all the same: the
    /// dotenv files and `.codex/config.toml` that repositories commit and docs ship.
    pub fn hidden_but_read(path: &str) -> bool {
        matches!(
            FileKind::of(path),
            Some(FileKind::Code(Dialect::Dotenv | Dialect::Toml))
        )
    }
}

/// The Windows shell a Markdown block is labelled for. Its code is read for environment
/// assignments (`$env:A = …`, `setx A …`) as a dotenv block's; `windows-shell` reads its curl
/// commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WindowsShell {
    /// `powershell`, `pwsh`, `ps1`.
    PowerShell,
    /// `cmd`, `bat`, `batch`.
    Cmd,
}

impl WindowsShell {
    pub fn name(self) -> &'static str {
        match self {
            WindowsShell::PowerShell => "PowerShell",
            WindowsShell::Cmd => "cmd",
        }
    }
}

/// Rules turned off for a snippet by a Markdown comment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Disabled {
    #[default]
    None,
    All,
    Rules(Vec<String>),
}

impl Disabled {
    pub fn covers(&self, rule: &str) -> bool {
        match self {
            Disabled::None => false,
            Disabled::All => true,
            Disabled::Rules(rules) => rules.iter().any(|r| r == rule),
        }
    }
}

#[derive(Debug)]
pub struct Snippet {
    pub dialect: Dialect,
    /// How a JavaScript snippet is written (which grammar parses it).
    pub syntax: Syntax,
    pub code: String,
    /// Runs in a browser (an HTML `<script>`): cross-origin rules apply.
    pub in_browser: bool,
    pub disabled: Disabled,
    /// A whole file (a `.sh` script), whose bytes bash reads as they are — CRLF line endings
    /// included; a Markdown page's line endings do not reach the reader who copies a block.
    pub whole_file: bool,
    /// The Windows shell a Markdown block is labelled for.
    pub windows: Option<WindowsShell>,
    /// `(code offset, file offset)` where each copied run starts, in order.
    segments: Vec<(usize, usize)>,
    /// Code offsets where a notation comment was cut from a line (`// [!code ++]`): what is
    /// inserted there goes before the comment, with the line's code.
    cuts: Vec<usize>,
}

impl Snippet {
    fn new(dialect: Dialect) -> Self {
        Snippet {
            dialect,
            syntax: Syntax::JavaScript,
            code: String::new(),
            in_browser: false,
            disabled: Disabled::None,
            whole_file: false,
            windows: None,
            segments: Vec::new(),
            cuts: Vec::new(),
        }
    }

    /// The code as a docs page's reader copies it: Shiki's notation comments cut, its removed
    /// lines left out (see [`annotation`]); every byte kept stays where the file has it.
    fn strip_notations(&mut self) {
        let Some((kept, cuts)) = annotation::copied(&self.code) else {
            return;
        };
        let mut code = String::with_capacity(self.code.len());
        let mut segments = Vec::new();
        for range in kept {
            // Each kept range is split where a run of the file ends.
            let mut at = range.start;
            while at < range.end {
                let next = self
                    .segments
                    .iter()
                    .map(|&(code, _)| code)
                    .find(|&code| code > at)
                    .map_or(range.end, |start| start.min(range.end));
                segments.push((code.len(), self.file_offset(at)));
                code.push_str(&self.code[at..next]);
                at = next;
            }
        }
        self.code = code;
        self.segments = segments;
        self.cuts = cuts;
    }

    /// Appends `text`, which stands at `file_offset` in the file.
    fn push(&mut self, text: &str, file_offset: usize) {
        self.segments.push((self.code.len(), file_offset));
        self.code.push_str(text);
    }

    /// Where byte `offset` of the code stands in the file.
    pub fn file_offset(&self, offset: usize) -> usize {
        let index = self.segments.partition_point(|&(code, _)| code <= offset);
        match index.checked_sub(1) {
            Some(i) => self.segments[i].1 + (offset - self.segments[i].0),
            None => self.segments.first().map_or(0, |&(_, file)| file),
        }
    }
}

impl Snippet {
    /// Where `span` of the code stands in the file, when the code there is one run of the file
    /// (no container prefix in between).
    pub fn file_range(&self, span: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
        if span.is_empty() && self.cuts.binary_search(&span.start).is_ok() {
            // Before the cut comment, not after it.
            let end = self.file_offset(span.start - 1) + 1;
            return Some(end..end);
        }
        let start = self.file_offset(span.start);
        if span.is_empty() {
            return Some(start..start);
        }
        // The end is placed after the span's last byte, in that byte's run.
        let end = self.file_offset(span.end - 1) + 1;
        (end - start == span.len()).then_some(start..end)
    }

    /// What a line break written at `file_offset` of `file_text` is made of: the line ending
    /// the file uses there, and the prefix the new line needs to stay in the snippet's
    /// container (a block quote's `> `, a list item's indentation).
    pub fn new_line<'a>(&self, file_text: &'a str, file_offset: usize) -> (&'static str, &'a str) {
        let line_start = file_text[..file_offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = file_text[file_offset..]
            .find('\n')
            .map_or(file_text.len(), |i| file_offset + i);
        let ending = if file_text[..line_end].ends_with('\r') {
            "\r\n"
        } else {
            "\n"
        };
        let prefix_of = |start: usize, end: usize| {
            let code_starts = self
                .segments
                .iter()
                .map(|&(_, file)| file)
                .find(|&file| (start..=end).contains(&file))?;
            Some(&file_text[start..code_starts])
        };
        let mut prefix = prefix_of(line_start, line_end).unwrap_or_default();
        // A console prompt (`$ curl …`) is not repeated; the next line's prefix is the one.
        if prefix.trim_end().ends_with('$') {
            let next_start = (line_end + 1).min(file_text.len());
            let next_end = file_text[next_start..]
                .find('\n')
                .map_or(file_text.len(), |i| next_start + i);
            prefix = prefix_of(next_start, next_end).unwrap_or_default();
        }
        (ending, prefix)
    }
}

/// The snippets of a file.
pub fn snippets(file: &SourceFile, kind: FileKind) -> Vec<Snippet> {
    match kind {
        FileKind::Markdown => markdown::snippets(&file.text, Flavor::of(&file.path)),
        FileKind::Html => html::scripts(&file.text, 0),
        FileKind::Code(dialect) => {
            let mut snippet = Snippet::new(dialect);
            if dialect == Dialect::JavaScript {
                snippet.syntax = Syntax::of(&file.path);
            }
            snippet.whole_file = true;
            snippet.push(&file.text, 0);
            vec![snippet]
        }
    }
}

/// What a page shows of an included file: `selection`'s lines read as `reading` — code with
/// its common indentation removed (VitePress dedents a region) and Shiki's notations stripped,
/// or an included page's blocks. Empty when a region is not there.
pub fn shown(
    file: &SourceFile,
    selection: &include::Selection,
    reading: include::Reading,
) -> Vec<Snippet> {
    let (dialect, syntax) = match reading {
        include::Reading::Page => return snippets(file, FileKind::Markdown),
        include::Reading::Code(dialect, syntax) => (dialect, syntax),
    };
    let Some(lines) = selection.lines(&file.text) else {
        return Vec::new();
    };
    let leading = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    let common = lines
        .iter()
        .filter(|(line, _)| !line.trim().is_empty())
        .map(|(line, _)| leading(line))
        .min()
        .unwrap_or(0);
    let mut snippet = Snippet::new(dialect);
    snippet.syntax = syntax;
    for (line, offset) in lines {
        let cut = common.min(leading(line));
        snippet.push(&line[cut..], offset + cut);
    }
    snippet.strip_notations();
    vec![snippet]
}

/// A shell command given as plain text (what `convert` reads): when it is a console session
/// (`$ curl …`), only its commands, as a Markdown `console` block keeps them.
pub fn shell_text(text: &str) -> Snippet {
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        lines.push((line, offset));
        offset += line.len();
    }
    if lines
        .iter()
        .any(|(line, _)| line.trim_start().starts_with("$ "))
    {
        return markdown::console(&lines);
    }
    let mut snippet = Snippet::new(Dialect::Shell);
    snippet.whole_file = true;
    snippet.push(text, 0);
    snippet
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_back_through_segments() {
        let mut snippet = Snippet::new(Dialect::Shell);
        snippet.push("curl a \\\n", 38);
        snippet.push("  -H x\n", 49);
        assert_eq!(snippet.file_offset(0), 38);
        assert_eq!(snippet.file_offset(5), 43);
        assert_eq!(snippet.file_offset(9), 49);
        assert_eq!(snippet.file_offset(13), 53);
    }

    #[test]
    fn shell_text_drops_prompts_and_output() {
        let text = "$ curl https://a \\\n>   -d x\n{\"ok\": 1}\n";
        let snippet = shell_text(text);
        assert_eq!(snippet.code, "curl https://a \\\n  -d x\n");
        assert_eq!(snippet.file_offset(0), 2);
        assert_eq!(shell_text("curl x\n").code, "curl x\n");
    }

    #[test]
    fn kinds() {
        assert_eq!(FileKind::of("docs/a.MD"), Some(FileKind::Markdown));
        assert_eq!(
            FileKind::of("x.mjs"),
            Some(FileKind::Code(Dialect::JavaScript))
        );
        for name in ["a.jsx", "a.tsx", "a.ts", "a.mts", "a.cts"] {
            assert_eq!(
                FileKind::of(name),
                Some(FileKind::Code(Dialect::JavaScript)),
                "{name}"
            );
        }
        assert_eq!(Syntax::of("a.tsx"), Syntax::Tsx);
        assert_eq!(Syntax::of("a.mts"), Syntax::TypeScript);
        assert_eq!(Syntax::of("a.jsx"), Syntax::JavaScript);
        assert_eq!(FileKind::of("Makefile"), None);
        assert_eq!(FileKind::of("a.json"), None);
        let config = |path| {
            FileKind::of(path).and_then(|kind| match kind {
                FileKind::Code(dialect) => Some(dialect),
                _ => None,
            })
        };
        assert_eq!(config(".env"), Some(Dialect::Dotenv));
        assert_eq!(config("app/.env.example"), Some(Dialect::Dotenv));
        assert_eq!(config("a/.environment"), None);
        assert_eq!(config("deploy/app.env"), Some(Dialect::Dotenv));
        assert_eq!(config("venv"), None);
        assert_eq!(config("deploy/compose.yaml"), Some(Dialect::Yaml));
        assert_eq!(config("docker-compose.yml"), Some(Dialect::Yaml));
        assert_eq!(config("docker-compose.override.yml"), Some(Dialect::Yaml));
        assert_eq!(config("composer.yaml"), None);
        assert_eq!(config("x/ci.yml"), None);
        assert_eq!(config("home/.codex/config.toml"), Some(Dialect::Toml));
        assert_eq!(config(".codex\\config.toml"), Some(Dialect::Toml));
        assert_eq!(config("app/config.toml"), None);
        assert_eq!(config("Cargo.toml"), None);
        assert_eq!(FileKind::of("page.Md"), Some(FileKind::Markdown));
        let described = FileKind::described();
        assert!(described.starts_with("Markdown (.md, .markdown, .mdx), HTML (.html, .htm)"));
        // Every extension the list holds is told.
        for (extension, _) in BY_EXTENSION {
            assert!(described.contains(&format!(".{extension}")), "{extension}");
        }
    }
}
