//! `lint --fix`, `--unsafe-fixes` and `--diff` as users run them: every fixture in
//! `tests/fixtures/fix/` before and after (snapshots), then proofs that hold for each — the
//! fixed file re-lints without any fixable finding, what was not fixable is still reported, a
//! second `--fix` changes nothing, and `--diff` shows exactly what `--fix` writes. Then the
//! bytes around the fixes: CRLF, a BOM, permissions, standard input, secrets.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;
use support::tempdir::Scratch;

fn lint_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> std::process::Output {
    let mut all = vec!["lint", "--color", "never"];
    all.extend_from_slice(args);
    support::open1_snip_in(dir, &all, stdin)
}

fn scratch_with(name: &str, contents: &[u8]) -> Scratch {
    let dir = Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")));
    std::fs::write(dir.0.join(name), contents).unwrap();
    dir
}

/// Findings per rule, and how many of them have a fix, from `--format json`.
fn findings(dir: &Path, name: &str) -> (BTreeMap<String, usize>, usize) {
    let output = lint_in(dir, &["--format", "json", name], None);
    let findings: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    let mut rules = BTreeMap::new();
    for finding in &findings {
        *rules
            .entry(finding["rule"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    let fixable = findings.iter().filter(|f| !f["fixable"].is_null()).count();
    (rules, fixable)
}

#[test]
fn every_fixture_before_and_after() {
    support::snapshot_settings().bind(|| {
        insta::glob!("fixtures/fix/*.md", |path| {
            let name = path.file_name().unwrap().to_str().unwrap();
            let original = std::fs::read(path).unwrap();
            let dir = scratch_with(name, &original);
            let (before, _) = findings(&dir.0, name);

            // The human report says what --fix can do.
            let report = lint_in(&dir.0, &[name], None);
            insta::assert_snapshot!("fix_report", support::shown(&report));

            for (label, unsafe_fixes) in [("safe", false), ("unsafe", true)] {
                std::fs::write(dir.0.join(name), &original).unwrap();
                let extra: &[&str] = if unsafe_fixes {
                    &["--unsafe-fixes"]
                } else {
                    &[]
                };
                let diff = lint_in(&dir.0, &[&["--diff", name], extra].concat(), None);
                assert_eq!(
                    std::fs::read(dir.0.join(name)).unwrap(),
                    original,
                    "--diff wrote"
                );
                insta::assert_snapshot!(format!("fix_diff_{label}"), support::shown(&diff));

                let fix = lint_in(&dir.0, &[&["--fix", name], extra].concat(), None);
                let fixed = support::text(&std::fs::read(dir.0.join(name)).unwrap());
                insta::assert_snapshot!(format!("fix_{label}"), fixed);
                insta::assert_snapshot!(format!("fix_{label}_report"), support::shown(&fix));

                // --diff shows exactly what --fix wrote.
                let expected = diff_of(name, &support::text(&original), &fixed);
                assert_eq!(support::text(&diff.stdout), expected, "{name} {label}");
                assert_eq!(
                    diff.status.code(),
                    Some(if expected.is_empty() { 0 } else { 1 })
                );

                // Nothing fixable is left, and only findings of rules that had unfixable ones.
                let (after, fixable) = findings(&dir.0, name);
                if unsafe_fixes {
                    assert_eq!(fixable, 0, "{name}: a fixable finding is left");
                }
                for (rule, n) in &after {
                    assert!(
                        *n <= before.get(rule).copied().unwrap_or(0),
                        "{name}: --fix added a {rule} finding"
                    );
                }

                // A second --fix has nothing to do.
                let again = lint_in(&dir.0, &[&["--fix", name], extra].concat(), None);
                assert_ne!(again.status.code(), Some(2));
                assert_eq!(
                    support::text(&std::fs::read(dir.0.join(name)).unwrap()),
                    fixed,
                    "{name}: a second --fix changed the file"
                );
                let diff = lint_in(&dir.0, &[&["--diff", name], extra].concat(), None);
                assert_eq!(diff.status.code(), Some(0), "{}", support::shown(&diff));
                assert!(diff.stdout.is_empty());
            }
        });
    });
}

/// The diff of the file before and after `--fix`, as `--diff` prints diffs.
/// The diff `--diff` prints: keys masked on both sides, as it never shows one.
fn diff_of(name: &str, old: &str, new: &str) -> String {
    use open1_snip::secret::mask_secrets;
    open1_snip::save::diff(name, &mask_secrets(old), &mask_secrets(new))
}

#[test]
fn crlf_bom_and_permissions_are_kept() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lf = std::fs::read_to_string(root.join("tests/fixtures/fix/containers.md")).unwrap();
    let lf_dir = scratch_with("a.md", lf.as_bytes());
    lint_in(&lf_dir.0, &["--fix", "--unsafe-fixes", "a.md"], None);
    let fixed_lf = std::fs::read_to_string(lf_dir.0.join("a.md")).unwrap();
    assert_ne!(fixed_lf, lf);

    let crlf = |text: &str| format!("\u{feff}{}", text.replace('\n', "\r\n"));
    let dir = scratch_with("a.md", crlf(&lf).as_bytes());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.0.join("a.md"), std::fs::Permissions::from_mode(0o640))
            .unwrap();
    }
    let output = lint_in(&dir.0, &["--fix", "--unsafe-fixes", "a.md"], None);
    assert_ne!(output.status.code(), Some(2), "{}", support::shown(&output));
    // Every line keeps its CRLF (the inserted ones get one too), the BOM stays, and the fixes
    // are the same as in the LF file.
    assert_eq!(
        std::fs::read_to_string(dir.0.join("a.md")).unwrap(),
        crlf(&fixed_lf)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.0.join("a.md"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
    }
    assert_eq!(
        std::fs::read_dir(&dir.0).unwrap().count(),
        1,
        "a temporary file was left behind"
    );
}

/// `--fix` never edits a placeholder's label (it once "safely" rewrote `<DeepSeek API Key>`
/// to `<DeepSeekAPIKey>`), only the blanks around it; a second run changes nothing, and the
/// file keeps its CRLF line endings and its BOM.
#[test]
fn fix_never_edits_a_placeholder_label_and_keeps_crlf_and_bom() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lf = std::fs::read_to_string(root.join("tests/fixtures/fix/placeholders.md")).unwrap();
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    let dir = scratch_with("a.md", crlf.as_bytes());
    let output = lint_in(&dir.0, &["--fix", "a.md"], None);
    assert_eq!(output.status.code(), Some(1), "{}", support::shown(&output));
    let fixed = std::fs::read_to_string(dir.0.join("a.md")).unwrap();
    assert!(fixed.starts_with('\u{feff}'));
    assert_eq!(fixed.matches("\r\n").count(), fixed.matches('\n').count());
    for label in [
        "\"Authorization: Bearer <DeepSeek API Key>\" \\\r\n",
        "\"Authorization: Bearer YOUR API KEY\" \\\r\n",
        "api_key=\"[your api key]\",\r\n",
        "api_key=\"{在这里填写 API Key}\",\r\n",
        // An invisible character inside a label is for --unsafe-fixes only.
        "\"Bearer <your\u{3000}api key>\"",
    ] {
        assert!(fixed.contains(label), "{label:?} in {fixed}");
    }
    assert_eq!(fixed.matches("<DeepSeek API Key>").count(), 2);
    let again = lint_in(&dir.0, &["--fix", "a.md"], None);
    assert_ne!(again.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(dir.0.join("a.md")).unwrap(), fixed);

    lint_in(&dir.0, &["--fix", "--unsafe-fixes", "a.md"], None);
    let unsafe_fixed = std::fs::read_to_string(dir.0.join("a.md")).unwrap();
    assert!(unsafe_fixed.contains("\"Bearer <your api key>\",\r\n"));
    let (after, _) = findings(&dir.0, "a.md");
    assert!(after.is_empty(), "{after:?}");
}

/// The blanks after a `\` are deleted, and only they: the CR of a CRLF line and the BOM stay,
/// in a Markdown page and in a shell file (whose CRLF continuations are reported, not fixed).
#[test]
fn blanks_after_a_backslash_are_deleted_keeping_crlf_and_bom() {
    let text = "\u{feff}```bash\r\ncurl https://www.open1.codes/v1/responses \\ \t\r\n  -H \"Authorization: Bearer $OPEN1_API_KEY\" \\\r\n  -H \"Content-Type: application/json\" -d '{}'\r\n```\r\n";
    let dir = scratch_with("a.md", text.as_bytes());
    let output = lint_in(&dir.0, &["--fix", "a.md"], None);
    assert_eq!(output.status.code(), Some(0), "{}", support::shown(&output));
    let fixed = std::fs::read_to_string(dir.0.join("a.md")).unwrap();
    assert_eq!(fixed, text.replace("\\ \t\r\n", "\\\r\n"));
    let again = lint_in(&dir.0, &["--fix", "a.md"], None);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(dir.0.join("a.md")).unwrap(), fixed);

    let script = "curl https://www.open1.codes/v1/responses \\  \r\n  -H \"Authorization: Bearer $OPEN1_API_KEY\" \\\r\n  -H \"Content-Type: application/json\" -d '{}'\r\n";
    let dir = scratch_with("a.sh", script.as_bytes());
    let output = lint_in(&dir.0, &["--fix", "a.sh"], None);
    let fixed = std::fs::read_to_string(dir.0.join("a.sh")).unwrap();
    assert_eq!(fixed, script.replacen("\\  \r\n", "\\\r\n", 1));
    // The CRLF continuation is left to the user: bash still breaks there.
    assert_eq!(output.status.code(), Some(1), "{}", support::shown(&output));
    assert!(support::text(&output.stdout).contains("CRLF"));
}

#[test]
fn standard_input_is_a_filter() {
    let dir = Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")));
    let input = "```bash\ncurl http://www.open1.codes/v1/responses -H \"Authorization: Bearer $OPEN1_API_KEY\" -H 'Content-Type: application/json' -d '{}'\n```\n";
    let output = lint_in(
        &dir.0,
        &["--fix", "--stdin-filename", "doc.md", "-"],
        Some(input.as_bytes()),
    );
    assert_eq!(
        support::text(&output.stdout),
        input.replace("http://", "https://")
    );
    assert_eq!(output.status.code(), Some(0), "{}", support::shown(&output));
    assert!(support::text(&output.stderr).contains("Fixed 1 finding."));

    // Input with nothing to check comes out as it went in.
    let plain = "# Nothing here\n\nJust text.\n";
    let output = lint_in(&dir.0, &["--fix", "-"], Some(plain.as_bytes()));
    assert_eq!(support::text(&output.stdout), plain);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn other_files_are_fixed_when_one_path_is_missing() {
    let dir = scratch_with(
        "a.md",
        b"```bash\ncurl http://www.open1.codes/v1/responses -H \"Authorization: Bearer $OPEN1_API_KEY\" --json '{}'\n```\n",
    );
    let output = lint_in(&dir.0, &["--fix", "a.md", "missing.md"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(support::text(&output.stderr).contains("missing.md: no such file or directory"));
    assert!(
        std::fs::read_to_string(dir.0.join("a.md"))
            .unwrap()
            .contains("https://www.open1.codes/v1/responses")
    );
}

#[test]
fn diffs_never_show_a_key() {
    let key = "sk-Zq8vR2mK9tWx4LpN7bYc3HdF6gJsQe5U";
    let doc = format!(
        "```bash\ncurl https://www.open1.codes/v1/responses -H 'Authorization: Bearer  {key}' --json '{{}}'\n```\n"
    );
    let dir = scratch_with("a.md", doc.as_bytes());
    let output = lint_in(&dir.0, &["--diff", "a.md"], None);
    assert_eq!(output.status.code(), Some(1), "{}", support::shown(&output));
    let shown = support::shown(&output);
    assert!(
        shown.contains("-curl") && shown.contains("+curl"),
        "{shown}"
    );
    assert!(!shown.contains(key), "{shown}");
    assert!(!shown.contains(&key[10..]), "{shown}");
}

#[test]
fn diff_and_fix_together_are_refused() {
    let dir = scratch_with("a.md", b"# x\n");
    let output = lint_in(&dir.0, &["--diff", "--fix", "a.md"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(support::text(&output.stderr).contains("cannot be used with"));
}

/// SARIF carries the same fixes: applied to the original file, its replacements give what
/// `--fix --unsafe-fixes` writes.
#[test]
fn sarif_fixes_are_what_fix_writes() {
    for path in
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fix")).unwrap()
    {
        let path = path.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let original = std::fs::read_to_string(&path).unwrap();
        let dir = scratch_with(&name, original.as_bytes());
        let sarif = lint_in(&dir.0, &["--format", "sarif", &name], None);
        let log: Value = serde_json::from_slice(&sarif.stdout).unwrap();
        // (start, end, text) in code points of the whole file.
        let mut replacements: Vec<(usize, usize, String)> = Vec::new();
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(
                original
                    .chars()
                    .enumerate()
                    .filter(|(_, c)| *c == '\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        let at = |line: &Value, column: &Value| {
            line_starts[line.as_u64().unwrap() as usize - 1] + column.as_u64().unwrap() as usize - 1
        };
        for result in log["runs"][0]["results"].as_array().unwrap() {
            for fix in result["fixes"].as_array().into_iter().flatten() {
                for change in fix["artifactChanges"].as_array().unwrap() {
                    assert_eq!(change["artifactLocation"]["uri"], name.as_str());
                    for r in change["replacements"].as_array().unwrap() {
                        let region = &r["deletedRegion"];
                        replacements.push((
                            at(&region["startLine"], &region["startColumn"]),
                            at(&region["endLine"], &region["endColumn"]),
                            r["insertedContent"]["text"].as_str().unwrap().to_owned(),
                        ));
                    }
                }
            }
        }
        assert!(!replacements.is_empty(), "{name}: no SARIF fixes");
        replacements.sort();
        let mut chars: Vec<char> = original.chars().collect();
        for (start, end, text) in replacements.iter().rev() {
            chars.splice(start..end, text.chars());
        }
        let applied: String = chars.into_iter().collect();

        lint_in(&dir.0, &["--fix", "--unsafe-fixes", &name], None);
        assert_eq!(
            applied,
            std::fs::read_to_string(dir.0.join(&name)).unwrap(),
            "{name}"
        );
    }
}

/// A document `--fix` changes (http:// becomes https://).
const FIXABLE: &[u8] = b"```bash\ncurl http://www.open1.codes/v1/responses -H \"Authorization: Bearer $OPEN1_API_KEY\" --json '{}'\n```\n";

#[cfg(unix)]
#[test]
fn hard_linked_files_are_refused_and_others_fixed() {
    use std::os::unix::fs::MetadataExt;
    let dir = scratch_with("a.md", FIXABLE);
    std::fs::hard_link(dir.0.join("a.md"), dir.0.join("link.md")).unwrap();
    std::fs::write(dir.0.join("other.md"), FIXABLE).unwrap();
    let inode = std::fs::metadata(dir.0.join("a.md")).unwrap().ino();

    let output = lint_in(&dir.0, &["--fix", "a.md", "other.md"], None);
    assert_eq!(output.status.code(), Some(2), "{}", support::shown(&output));
    let stderr = support::text(&output.stderr);
    assert!(
        stderr.contains("a.md: not overwritten: it has 2 hard links"),
        "{stderr}"
    );
    assert!(stderr.contains("run again"), "{stderr}");
    // Both names still hold the old text, and are still one file.
    for name in ["a.md", "link.md"] {
        assert_eq!(std::fs::read(dir.0.join(name)).unwrap(), FIXABLE, "{name}");
        assert_eq!(std::fs::metadata(dir.0.join(name)).unwrap().ino(), inode);
    }
    assert_eq!(std::fs::metadata(dir.0.join("a.md")).unwrap().nlink(), 2);
    // The other file is fixed all the same.
    assert!(
        support::text(&std::fs::read(dir.0.join("other.md")).unwrap())
            .contains("https://www.open1.codes")
    );
    assert_eq!(
        std::fs::read_dir(&dir.0).unwrap().count(),
        3,
        "a temporary file was left"
    );
}

/// Checked on the mode bits: the tests may run as root, for whom a 0444 file is writable.
#[cfg(unix)]
#[test]
fn read_only_files_are_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch_with("a.md", FIXABLE);
    let path = dir.0.join("a.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();

    let output = lint_in(&dir.0, &["--fix", "a.md"], None);
    assert_eq!(output.status.code(), Some(2), "{}", support::shown(&output));
    let stderr = support::text(&output.stderr);
    assert!(
        stderr.contains("a.md: not overwritten: it is read-only (mode 0444)"),
        "{stderr}"
    );
    assert!(stderr.contains("chmod u+w"), "{stderr}");
    assert_eq!(std::fs::read(&path).unwrap(), FIXABLE);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o7777, 0o444);
    assert_eq!(
        std::fs::read_dir(&dir.0).unwrap().count(),
        1,
        "a temporary file was left"
    );
}

/// As root, `--fix` would otherwise hand the file to root; as anyone, owner and group are what
/// they were.
#[cfg(unix)]
#[test]
fn owner_and_group_are_kept() {
    use std::os::unix::fs::MetadataExt;
    let dir = scratch_with("a.md", FIXABLE);
    let path = dir.0.join("a.md");
    let ours = std::fs::metadata(&path).unwrap();
    let expected = if ours.uid() == 0 {
        std::os::unix::fs::chown(&path, Some(1234), Some(1234)).unwrap();
        (1234, 1234)
    } else {
        (ours.uid(), ours.gid())
    };

    let output = lint_in(&dir.0, &["--fix", "a.md"], None);
    assert_eq!(output.status.code(), Some(0), "{}", support::shown(&output));
    assert!(support::text(&std::fs::read(&path).unwrap()).contains("https://www.open1.codes"));
    let after = std::fs::metadata(&path).unwrap();
    assert_eq!((after.uid(), after.gid()), expected);
}

/// `--fix` on a page that imports a file writes the fix into that file, at its own bytes: its
/// CRLF line endings and the Shiki notation on the fixed line stay; the page is not touched.
#[test]
fn fixes_land_in_the_included_file() {
    let dir = Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")));
    let write = |path: &str, text: &str| {
        let path = dir.0.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(".git/HEAD", "ref: refs/heads/main\n");
    write("docs/.vitepress/config.mts", "export default {}\n");
    let snippet = "# #region call\r\ncurl http://www.open1.codes/v1/responses \\ # [!code highlight]\r\n  -H \"Authorization: Bearer $OPEN1_API_KEY\" \\\r\n  -H \"User-Agent: curl/8.0\" \\\r\n  -d '{\"model\": \"gpt-5.4\", \"input\": \"hi\"}'\r\n# #endregion call\r\n";
    write("docs/snippets/call.sh", snippet);
    let page = "# Page\n\n<<< @/snippets/call.sh#call{1}\n";
    write("docs/page.md", page);
    let output = lint_in(&dir.0, &["--fix", "docs/page.md"], None);
    assert_eq!(output.status.code(), Some(0), "{}", support::shown(&output));
    let fixed = std::fs::read_to_string(dir.0.join("docs/snippets/call.sh")).unwrap();
    assert_eq!(
        fixed,
        snippet.replace("http://", "https://").replace(
            "\"User-Agent: curl/8.0\" \\\r\n",
            "\"User-Agent: curl/8.0\" \\\r\n  -H \"Content-Type: application/json\" \\\r\n"
        )
    );
    assert_eq!(
        std::fs::read_to_string(dir.0.join("docs/page.md")).unwrap(),
        page
    );
}

/// A MkDocs tab's fence in a CRLF page: the fixes land at the indented bytes, inserted lines get
/// the tab's indentation and a CRLF.
#[test]
fn fixes_in_a_crlf_mkdocs_tab() {
    let page = "=== \"cURL\"\n\n    ```bash\n    curl http://www.open1.codes/v1/responses \\\n      -H \"Authorization: Bearer $OPEN1_API_KEY\" \\\n      -H \"User-Agent: curl/8.0\" \\\n      -d '{\"model\": \"gpt-5.4\", \"input\": \"hi\"}'\n    ```\n".replace('\n', "\r\n");
    let dir = scratch_with("tabs.md", page.as_bytes());
    let output = lint_in(&dir.0, &["--fix", "tabs.md"], None);
    assert_eq!(output.status.code(), Some(0), "{}", support::shown(&output));
    let fixed = std::fs::read_to_string(dir.0.join("tabs.md")).unwrap();
    assert_eq!(
        fixed,
        page.replace("http://", "https://").replace(
            "\"User-Agent: curl/8.0\" \\\r\n",
            "\"User-Agent: curl/8.0\" \\\r\n      -H \"Content-Type: application/json\" \\\r\n"
        )
    );
}
