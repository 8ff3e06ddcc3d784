//! Every rule against its fixture in `tests/fixtures/rules/`, and every client library and
//! config surface against its fixtures in `tests/fixtures/clients/` (hidden files such as
//! `.env.example` and `.codex/config.toml` included): the findings of the real binary must be
//! exactly the ones marked. In Markdown a comment before a block marks them,
//! `<!-- expect: rule@N … -->` for line N of the block; in other files `expect: rule` in a
//! comment on the line itself (`tests/fixtures/pages/` holds a page per docs site syntax). Every block and line without a mark must produce nothing.

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use open1_snip::catalog::{Catalog, Kind};
use open1_snip::lint::RULES;

type Expected = BTreeSet<(usize, String)>;

fn expectations(text: &str, markdown: bool) -> Expected {
    let lines: Vec<&str> = text.lines().collect();
    let mut expected = Expected::new();
    for (index, line) in lines.iter().enumerate() {
        let Some(at) = line.find("expect: ") else {
            continue;
        };
        let marks = line[at + "expect: ".len()..]
            .trim_end()
            .trim_end_matches("-->")
            .trim();
        if !markdown {
            expected.extend(
                marks
                    .split([' ', ','])
                    // What follows the marks on a line that must end with something else
                    // (a `\` continuing a shell line) is not a rule.
                    .filter(|m| {
                        !m.is_empty() && m.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                    })
                    .map(|rule| (index + 1, rule.to_owned())),
            );
            continue;
        }
        let fence = lines[index..]
            .iter()
            .position(|l| {
                let l = l.trim_start().trim_start_matches('>').trim_start();
                l.starts_with("```") || l.starts_with("~~~")
            })
            .map(|offset| index + offset + 1)
            .expect("a mark precedes a fenced block");
        for mark in marks.split_whitespace() {
            let (rule, n) = mark.split_once('@').expect("rule@line");
            expected.insert((fence + n.parse::<usize>().unwrap(), rule.to_owned()));
        }
    }
    expected
}

/// Every file below `dir`, hidden ones too.
fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Lints every file of `tests/fixtures/<dir>/`: the rules its marks expect, and what differs
/// from them.
fn check_fixtures(dir: &str) -> (BTreeSet<String>, Vec<String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut covered = BTreeSet::new();
    let mut failures = Vec::new();
    let paths = files(&dir);
    assert!(!paths.is_empty(), "no fixtures in {}", dir.display());
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let markdown = path.extension().is_some_and(|e| e == "md" || e == "mdx");
        let expected = expectations(&text, markdown);
        let output =
            support::open1_snip(&["lint", "--format", "json", path.to_str().unwrap()], None);
        let findings: serde_json::Value =
            serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
                panic!("{}: {e}: {}", path.display(), support::text(&output.stderr))
            });
        let found: Expected = findings
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["line"].as_u64().unwrap() as usize,
                    f["rule"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        covered.extend(expected.iter().map(|(_, rule)| rule.clone()));
        if found != expected {
            let missing: Vec<_> = expected.difference(&found).collect();
            let extra: Vec<_> = found.difference(&expected).collect();
            failures.push(format!(
                "{}:\n  missing {missing:?}\n  unexpected {extra:?}\n{}",
                path.display(),
                support::text(&output.stdout)
            ));
        }
        let errors = findings
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["severity"] == "error");
        assert_eq!(
            output.status.code(),
            Some(i32::from(errors)),
            "{}",
            path.display()
        );
    }
    (covered, failures)
}

#[test]
fn findings_are_exactly_the_marked_ones() {
    let (covered, failures) = check_fixtures("rules");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for rule in RULES {
        assert!(
            covered.contains(rule.id),
            "no fixture marks a {} finding",
            rule.id
        );
    }
}

/// Each docs site's page syntax (`tests/fixtures/pages/`): MkDocs Material's indented tabs and
/// admonitions, Docusaurus and Starlight tabs in MDX (indented, with and without blank lines),
/// Mintlify's code group, VitePress's with Shiki notations. Findings land on the file's lines.
#[test]
fn every_docs_syntax_is_read() {
    let (covered, failures) = check_fixtures("pages");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(covered.contains("wrong-endpoint"));
}

/// Each client library's fixture: bad cases of every rule that applies to it, and good cases
/// (values through assignments, spreads and environment defaults) that must produce nothing.
#[test]
fn client_library_findings_are_exactly_the_marked_ones() {
    let (covered, failures) = check_fixtures("clients");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for rule in [
        "wrong-endpoint",
        "key-whitespace",
        "leaked-key",
        "unknown-model",
        "missing-user-agent",
    ] {
        assert!(
            covered.contains(rule),
            "no client fixture marks a {rule} finding"
        );
    }
    // Every library of the catalog has one, named after it (`http-client.py` for
    // `http.client`; `llamaindex.py` holds `llamaindex-openai-like` too).
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clients");
    let stems: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e != "md"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    // Config surfaces have fixtures of their own kinds (`.env.example`, `compose.yaml`…).
    for library in Catalog::shared()
        .libraries
        .iter()
        .filter(|library| library.kind != Kind::Config)
    {
        let id = library.id.replace('.', "-");
        assert!(
            stems.iter().any(|stem| id.starts_with(stem.as_str())),
            "no fixture tests/fixtures/clients/{id}.* for {}",
            library.name
        );
    }
}

/// A walk reads the dotenv files and `.codex/config.toml` it would skip as hidden.
#[test]
fn a_walk_reads_dotenv_files_and_the_codex_config() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clients");
    let output = support::open1_snip(&["lint", "--format", "json", dir.to_str().unwrap()], None);
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let files: BTreeSet<String> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().replace('\\', "/"))
        .collect();
    for name in [
        ".env.example",
        ".env.production",
        ".codex/config.toml",
        "compose.yaml",
    ] {
        assert!(
            files
                .iter()
                .any(|file| file.ends_with(&format!("clients/{name}"))),
            "{name} not read in {files:?}"
        );
    }
}

/// Other hidden files and folders are still skipped, and .gitignore still honoured: of a tree
/// with the same bad base URL in each, only `.env.example` and `.codex/config.toml` are read.
#[test]
fn a_walk_skips_other_hidden_files_and_ignored_ones() {
    let scratch = support::tempdir::Scratch::new(&std::env::temp_dir().join("open1-snip-walk"));
    let dir = &scratch.0;
    let env = "OPENAI_BASE_URL=https://www.open1.codes\n";
    let codex = "[model_providers.open1]\nbase_url = \"https://www.open1.codes\"\n";
    let markdown = format!("```env\n{env}```\n");
    for (path, text) in [
        (".env.example", env),
        (".env", env),
        (".gitignore", ".env\n"),
        (".codex/config.toml", codex),
        (".codex/notes.md", markdown.as_str()),
        (".hidden/config.md", markdown.as_str()),
        (".config.md", markdown.as_str()),
        ("app/config.toml", codex),
    ] {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let output = support::open1_snip(&["lint", "--format", "json", dir.to_str().unwrap()], None);
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut files: Vec<String> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = Path::new(f["path"].as_str().unwrap());
            let relative = path.strip_prefix(dir).unwrap_or(path);
            relative.to_string_lossy().replace('\\', "/")
        })
        .collect();
    files.dedup();
    assert_eq!(files, [".codex/config.toml", ".env.example"]);
}
