//! `open1-snip lint` as users run it: every output format over every rule fixture (snapshots),
//! the Markdown that real docs sites write, broken input, suppression, config, and exit codes.

mod support;

use std::path::Path;

use support::tempdir::Scratch;

fn scratch(files: &[(&str, &[u8])]) -> Scratch {
    let dir = Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")));
    for (path, contents) in files {
        let path = dir.0.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    dir
}

fn lint_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> std::process::Output {
    let mut all = vec!["lint", "--color", "never"];
    all.extend_from_slice(args);
    support::open1_snip_in(dir, &all, stdin)
}

#[test]
fn every_format_over_every_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    support::snapshot_settings().bind(|| {
        insta::glob!("fixtures/rules/*", |path| {
            let relative = path.strip_prefix(root).unwrap().to_str().unwrap();
            for format in ["human", "json", "sarif", "github"] {
                let output = lint_in(root, &["--format", format, relative], None);
                insta::assert_snapshot!(format!("lint_{format}"), support::shown(&output));
            }
        });
    });
}

#[test]
fn the_docs_page_examples_are_fine() {
    let reference = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference");
    if !reference.is_dir() {
        // A clone without shared/ beside it: use the copy the test ships.
        return assert_docs_page(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docs-page"),
        );
    }
    assert_docs_page(&reference);
}

fn assert_docs_page(dir: &Path) {
    let output = lint_in(dir, &["."], None);
    assert_eq!(output.status.code(), Some(0), "{}", support::shown(&output));
    assert!(
        support::text(&output.stdout).starts_with("No problems found"),
        "{}",
        support::shown(&output)
    );
}

#[test]
fn real_markdown_shapes() {
    let crlf = "# T\r\n\r\n```bash\r\ncurl http://www.open1.codes/v1/responses \\\r\n  -H \"Authorization: Bearer $K\"\r\n```\r\n";
    let bom = "\u{feff}```sh\ncurl http://www.open1.codes/v1/responses\n```\n";
    let front = "---\ntitle: \"```\"\ncode: |\n  curl http://www.open1.codes/v1/responses\n---\n\n```sh\ncurl http://www.open1.codes/v1/responses\n```\n";
    let nested = "````markdown\n```bash\ncurl http://www.open1.codes/v1/responses\n```\n````\n\n- step\n  1. sub\n\n     ```bash\n     curl http://www.open1.codes/v1/responses\n     ```\n\n> > ```sh\n> > curl http://www.open1.codes/v1/responses\n> > ```\n";
    let unterminated = "Text\n\n```bash\ncurl http://www.open1.codes/v1/responses\n";
    let vitepress = "::: code-group\n\n```bash [cURL]\ncurl http://www.open1.codes/v1/responses\n```\n\n```python [Python]\nimport requests\nrequests.post('https://www.open1.codes/v1/responses', json={})\n```\n\n:::\n";
    let console = "```console\n$ curl http://www.open1.codes/v1/responses \\\n>   -H 'Accept: application/json'\n{\"error\": \"see https://www.open1.codes/v1/chat/completions\"}\n```\n";
    let dir = scratch(&[
        ("crlf.md", crlf.as_bytes()),
        ("bom.md", bom.as_bytes()),
        ("front.md", front.as_bytes()),
        ("nested.md", nested.as_bytes()),
        ("unterminated.md", unterminated.as_bytes()),
        ("vitepress.md", vitepress.as_bytes()),
        ("console.md", console.as_bytes()),
        ("empty.md", b""),
    ]);
    let output = lint_in(&dir.0, &["--format", "json", "."], None);
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // The shapes are the point: missing-authorization, which each bare curl here has too, is
    // left out.
    let places: Vec<String> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] != "missing-authorization")
        .map(|f| {
            format!(
                "{}:{}:{} {}",
                f["path"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["rule"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            "bom.md:2:6 wrong-endpoint",
            "console.md:2:8 wrong-endpoint",
            "crlf.md:4:6 wrong-endpoint",
            "front.md:8:6 wrong-endpoint",
            "nested.md:11:11 wrong-endpoint",
            "nested.md:15:10 wrong-endpoint",
            "unterminated.md:4:6 wrong-endpoint",
            "vitepress.md:4:6 wrong-endpoint",
            "vitepress.md:9:1 missing-user-agent",
        ],
        "{}",
        support::text(&output.stdout)
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn bad_files_are_reported_and_the_rest_still_checked() {
    let dir = scratch(&[
        (
            "a-bad-utf8.md",
            b"```sh\ncurl http://www.open1.codes/v1/responses \xff\n```\n",
        ),
        (
            "b-good.md",
            b"```sh\ncurl http://www.open1.codes/v1/responses\n```\n",
        ),
    ]);
    let output = lint_in(&dir.0, &["--format", "json", ".", "missing.md"], None);
    assert_eq!(output.status.code(), Some(2), "{}", support::shown(&output));
    let stderr = support::text(&output.stderr);
    assert!(
        stderr.contains("error: a-bad-utf8.md:2:42: not valid UTF-8; save it as UTF-8"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: missing.md: no such file or directory"),
        "{stderr}"
    );
    assert!(support::text(&output.stdout).contains("\"path\": \"b-good.md\""));
    assert!(!stderr.contains("panicked"));
}

#[test]
fn a_ten_megabyte_line() {
    let mut line = String::from("```sh\ncurl http://www.open1.codes/v1/responses -d '");
    line.push_str(&"x".repeat(10 << 20));
    line.push_str("'\n```\n");
    let dir = scratch(&[("big.md", line.as_bytes())]);
    let output = lint_in(&dir.0, &["--format", "json", "big.md"], None);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        support::text(&output.stderr)
    );
    assert!(support::text(&output.stdout).contains("wrong-endpoint"));
}

#[test]
fn walk_skips_ignored_hidden_and_vendored_files() {
    let bad = b"```sh\ncurl http://www.open1.codes/v1/responses\n```\n" as &[u8];
    let dir = scratch(&[
        (".gitignore", b"build/\n"),
        ("build/out.md", bad),
        (".hidden/a.md", bad),
        ("node_modules/pkg/README.md", bad),
        ("docs/notes.txt", bad),
        ("docs/guide.mdx", bad),
        (
            "docs/call.sh",
            b"curl http://www.open1.codes/v1/responses\n",
        ),
        (
            "docs/page.html",
            b"<script>fetch('https://www.open1.codes/v1/responses')</script>",
        ),
        (
            "docs/binary.md",
            b"\x00\x01curl http://www.open1.codes/v1/responses",
        ),
    ]);
    let output = lint_in(&dir.0, &["--format", "json"], None);
    let text = support::text(&output.stdout);
    let paths: std::collections::BTreeSet<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("\"path\": \""))
        .map(|p| p.trim_end_matches("\","))
        .collect();
    assert_eq!(
        paths.into_iter().collect::<Vec<_>>(),
        ["docs/call.sh", "docs/guide.mdx", "docs/page.html"],
        "{text}"
    );
}

#[test]
fn stdin_with_a_name() {
    let dir = scratch(&[]);
    let code = b"import requests\nrequests.post('https://www.open1.codes/v1/responses', json={})\n";
    let output = lint_in(
        &dir.0,
        &["--format", "github", "--stdin-filename", "docs/ex.py", "-"],
        Some(code),
    );
    assert_eq!(
        support::text(&output.stdout),
        "::error file=docs/ex.py,line=2,col=1,endLine=2,endColumn=14,title=open1-snip missing-authorization::this request sends no Authorization header: the relay answers 401 without `Authorization: Bearer <key>`\n::error file=docs/ex.py,line=2,col=1,endLine=2,endColumn=14,title=open1-snip missing-user-agent::this request sends no User-Agent header; the relay's proxy answers 403 without one\n"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn suppression_comments() {
    let text = "<!-- open1-snip-disable-next-block wrong-endpoint -->\n```sh\ncurl http://www.open1.codes/v1/responses\n```\n\n<!-- open1-snip-disable -->\n```sh\ncurl http://www.open1.codes/v1/responses\n```\n<!-- open1-snip-enable -->\n\n```python\nimport requests\nrequests.post('https://www.open1.codes/v1/responses', json={})  # open1-snip: ignore[missing-user-agent]\nrequests.post('http://www.open1.codes/v1/responses', headers={'User-Agent': 'a'})  # open1-snip: ignore\n```\n\n```sh\ncurl http://www.open1.codes/v1/responses  # open1-snip: ignore[leaked-key]\n```\n";
    let dir = scratch(&[("doc.md", text.as_bytes())]);
    let output = lint_in(&dir.0, &["--format", "json", "doc.md"], None);
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // Each bare curl here also sends no key: that rule is not what is suppressed.
    let lines: Vec<u64> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] != "missing-authorization")
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [19], "{}", support::text(&output.stdout));
}

#[test]
fn config_severities_models_and_errors() {
    let doc = b"```sh\ncurl https://www.open1.codes/v1/responses -H \"Authorization: Bearer $K\" -H 'Content-Type: application/json' -d '{\"model\": \"my-tune\", \"input\": \"x\"}'\ncurl -A '' https://www.open1.codes/v1/responses -H \"Authorization: Bearer $K\"\n```\n" as &[u8];
    let dir = scratch(&[
        (
            "open1-snip.toml",
            b"extra-models = [\"my-tune\"]\n\n[rules]\nmissing-user-agent = \"warn\"\n",
        ),
        ("docs/doc.md", doc),
    ]);
    let output = lint_in(&dir.0, &["--format", "json"], None);
    let text = support::text(&output.stdout);
    assert!(
        text.contains("\"severity\": \"warning\"") && !text.contains("unknown-model"),
        "{text}"
    );
    assert_eq!(output.status.code(), Some(0), "warnings alone pass");
    assert_eq!(
        lint_in(&dir.0, &["--deny-warnings"], None).status.code(),
        Some(1)
    );

    std::fs::write(
        dir.0.join("open1-snip.toml"),
        "[rules]\nmissing-user-agent = \"loud\"\n",
    )
    .unwrap();
    let output = lint_in(&dir.0, &[], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        support::text(&output.stderr).starts_with("error: "),
        "{}",
        support::shown(&output)
    );

    std::fs::write(
        dir.0.join("open1-snip.toml"),
        "endpoint = \"/v2/responses\"\n",
    )
    .unwrap();
    let output = lint_in(&dir.0, &["--format", "json"], None);
    assert!(
        support::text(&output.stdout).contains(
            "sends POST to /v1/responses, which the relay does not serve; it serves /v2/responses"
        ),
        "{}",
        support::shown(&output)
    );

    std::fs::write(dir.0.join("open1-snip.toml"), "exclude = [\"docs/**\"]\n").unwrap();
    assert_eq!(lint_in(&dir.0, &[], None).status.code(), Some(0));
}

/// Findings that once sent users the wrong way, in the words that say what happened: a
/// Unicode space after `Bearer` named (it was "the scheme is written \"Bearer\""), a
/// placeholder's label left alone, a GET to `/v1/models` not called a POST nor "fixed" to
/// `/v1/responses`, no path said in words (not `""`), and a model of another family not
/// "corrected" to a relay model.
#[test]
fn findings_say_what_happened() {
    let doc = "```sh\n\
curl https://www.open1.codes/v1/responses -H \"Authorization: Bearer\u{3000}$OPEN1_API_KEY\" --json '{\"model\": \"gpt-4.1\", \"input\": \"x\"}'\n\
curl https://www.open1.codes/v1/models -H 'Authorization: Bearer <DeepSeek API Key>'\n\
curl https://www.open1.codes -H \"Authorization: Bearer $OPEN1_API_KEY\" --json '{\"model\": \"gpt5.4\", \"input\": \"x\"}'\n\
```\n";
    let dir = scratch(&[("doc.md", doc.as_bytes())]);
    let output = lint_in(&dir.0, &["--format", "json", "doc.md"], None);
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<(u64, &str, &str, Option<&str>)> = findings
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap(),
                f["message"].as_str().unwrap(),
                f["fix"].as_str(),
            )
        })
        .collect();
    let offered = "gpt-5.4, gpt-5.3-codex, gpt-5.2, gpt-5.2-codex, gpt-5.1-codex-max, gpt-5.1-codex, gpt-5.1, gpt-5.1-codex-mini, gpt-5";
    assert_eq!(
        found,
        [
            (
                2,
                "key-whitespace",
                "the Authorization header has U+3000 IDEOGRAPHIC SPACE after \"Bearer\" where the relay expects one plain space; the relay strips exactly \"Bearer \" and answers 401",
                Some("Bearer ${OPEN1_API_KEY}"),
            ),
            (
                2,
                "unknown-model",
                &*format!(
                    "model `gpt-4.1` is not offered by the relay; it offers {offered} (`open1-snip models`)"
                ),
                None,
            ),
            (
                3,
                "wrong-endpoint",
                "this URL sends GET to /v1/models, which the relay does not serve; it serves /v1/responses",
                None,
            ),
            (
                4,
                "wrong-endpoint",
                "this URL has no path; the relay serves /v1/responses",
                Some("https://www.open1.codes/v1/responses"),
            ),
            (
                4,
                "unknown-model",
                "model `gpt5.4` is not in the relay's model table; did you mean `gpt-5.4`?",
                Some("gpt-5.4"),
            ),
        ]
    );

    // Paths the config says the relay serves are fine, for any method.
    std::fs::write(
        dir.0.join("open1-snip.toml"),
        "endpoints = [\"/v1/responses\", \"/v1/models\"]\n",
    )
    .unwrap();
    let output = lint_in(&dir.0, &["--format", "json", "doc.md"], None);
    let text = support::text(&output.stdout);
    assert!(!text.contains("sends GET to /v1/models"), "{text}");
    assert!(
        text.contains("this URL has no path; the relay serves /v1/responses and /v1/models"),
        "{text}"
    );
}

/// A configured base URL is checked as the built-in one is: its scheme, its path prefix, the
/// paths below it, and a request to it with any path (not only an OpenAI endpoint's).
#[test]
fn configured_base_urls_get_the_same_checks() {
    let doc = "```bash\n\
curl https://relay.example.com/api/v1/models -H 'Authorization: Bearer $KEY'\n\
curl http://relay.example.com/api/v1/responses -H 'Authorization: Bearer $KEY' --json '{}'\n\
curl https://relay.example.com/v1/responses -H 'Authorization: Bearer $KEY' --json '{}'\n\
curl https://relay.example.com -H 'Authorization: Bearer $KEY' --json '{}'\n\
curl https://relay.example.com/api/v1/responses -H 'Authorization: Bearer $KEY' --json '{}'\n\
curl https://docs.relay.example.com/api/v1/responses -H 'Authorization: Bearer $KEY' --json '{}'\n\
```\n";
    let dir = scratch(&[
        ("doc.md", doc.as_bytes()),
        (
            "open1-snip.toml",
            b"base-url = \"https://relay.example.com/api\"\n",
        ),
    ]);
    let output = lint_in(&dir.0, &["--format", "json", "doc.md"], None);
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<(u64, &str, Option<&str>)> = findings
        .iter()
        .filter(|f| f["rule"] == "wrong-endpoint")
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap(),
                f["fix"].as_str(),
            )
        })
        .collect();
    let fixed = Some("https://relay.example.com/api/v1/responses");
    assert_eq!(
        found,
        [
            (
                2,
                "this URL sends GET to /api/v1/models, which the relay does not serve; it serves /api/v1/responses",
                None
            ),
            (
                3,
                "this URL uses http://, but the relay answers only https://",
                fixed
            ),
            (
                4,
                "this URL sends POST to /v1/responses, which the relay does not serve; it serves /api/v1/responses",
                fixed
            ),
            (
                5,
                "this URL has no path; the relay serves /api/v1/responses",
                fixed
            ),
            (
                7,
                "this URL goes to docs.relay.example.com, not the relay's host relay.example.com",
                fixed
            ),
        ]
    );
}

#[test]
fn explain_every_rule() {
    for rule in open1_snip::lint::RULES {
        let output = support::open1_snip(&["lint", "--explain", rule.id], None);
        let text = support::text(&output.stdout);
        assert_eq!(output.status.code(), Some(0));
        assert!(text.starts_with(&format!("# {}\n", rule.id)), "{text}");
        for part in ["**What it finds.**", "**Bad**", "**Good**"] {
            assert!(text.contains(part), "{}: no {part}", rule.id);
        }
    }
    let output = support::open1_snip(&["lint", "--explain", "no-such-rule"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        support::text(&output.stderr).contains("the rules are missing-user-agent, wrong-endpoint")
    );
}

#[test]
fn secrets_never_print_in_full() {
    let key = "sk-proj-3fA9kQ2mZx7LwP1vB8nR4tY6";
    let doc = format!(
        "```sh\ncurl https://www.open1.codes/v1/responses -H \"Authorization: Bearer  {key}\"\n```\n"
    );
    let dir = scratch(&[("doc.md", doc.as_bytes())]);
    for format in ["human", "json", "sarif", "github"] {
        let output = lint_in(&dir.0, &["--format", format, "doc.md"], None);
        let shown = support::shown(&output);
        assert!(shown.contains("leaked-key"), "{format}: {shown}");
        assert!(
            !shown.contains(&key[8..]),
            "{format} prints the key: {shown}"
        );
    }
}

#[test]
fn deep_nesting_never_overflows_the_stack() {
    // Regression: the Python and JavaScript evaluators recursed once per nesting level.
    let n = 20_000;
    let files = [
        (
            "dict.py",
            format!(
                "import requests\nrequests.post('https://www.open1.codes/v1/responses', headers={}1{})\n",
                "{'a': ".repeat(n),
                "}".repeat(n)
            ),
        ),
        (
            "object.js",
            format!(
                "fetch('https://www.open1.codes/v1/responses', {{ headers: {}1{} }});\n",
                "{ a: ".repeat(n),
                " }".repeat(n)
            ),
        ),
        (
            "parens.js",
            format!(
                "fetch({}'https://www.open1.codes/v1/responses'{})\n",
                "(".repeat(n),
                ")".repeat(n)
            ),
        ),
        (
            "plus.py",
            format!(
                "requests.post('https://www.open1.codes/v1/responses'{})\n",
                " + 'x'".repeat(n)
            ),
        ),
        (
            "quotes.md",
            format!(
                "{}```sh\n{}curl http://www.open1.codes/v1/responses\n",
                "> ".repeat(10_000),
                "> ".repeat(10_000)
            ),
        ),
        (
            "lists.md",
            (0..3000)
                .map(|i| format!("{}- item\n", "  ".repeat(i)))
                .collect::<String>()
                + "\n```sh\ncurl x\n```\n",
        ),
    ];
    let owned: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, text)| (*name, text.as_bytes()))
        .collect();
    let dir = scratch(&owned);
    for (name, _) in &files {
        let output = lint_in(&dir.0, &["--format", "json", name], None);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{name}: {}",
            support::shown(&output)
        );
    }
}

/// pre-commit appends the staged files to the hook's entry: after `--`, a file named like an
/// option is read as a file, not as `--config=…`.
#[test]
fn file_names_after_double_dash_are_files() {
    let bad = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/readme/quickstart.md"),
    )
    .unwrap();
    let stale =
        b"<!-- open1-snip gen lang=curl -->\n```bash\ncurl edited\n```\n<!-- open1-snip end -->\n";
    let dir = scratch(&[("--config=evil.md", &bad), ("--fix.md", stale)]);
    let output = lint_in(&dir.0, &["--", "--config=evil.md"], None);
    assert_eq!(output.status.code(), Some(1), "{}", support::shown(&output));
    assert!(
        support::text(&output.stdout).contains("--config=evil.md:4:6: error[wrong-endpoint]"),
        "{}",
        support::shown(&output)
    );
    let output = support::open1_snip_in(&dir.0, &["sync", "--check", "--", "--fix.md"], None);
    assert_eq!(output.status.code(), Some(1), "{}", support::shown(&output));
    assert!(
        support::text(&output.stdout).contains("-curl edited"),
        "{}",
        support::shown(&output)
    );
    assert_eq!(std::fs::read(dir.0.join("--fix.md")).unwrap(), stale);

    // And the hooks pass the staged files that way.
    let hooks = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    let entries: Vec<&str> = hooks
        .lines()
        .filter_map(|line| line.trim().strip_prefix("entry:"))
        .collect();
    // open1-snip-lint, open1-snip-sync-check and their -src twins.
    assert_eq!(entries.len(), 4, "{hooks}");
    for entry in entries {
        assert!(
            entry.trim().ends_with(" --"),
            "entry {entry:?} must end in `--`"
        );
    }
}

/// Files named on the command line that lint does not read were counted as checked: the summary
/// said "No problems found in 3 files" for one Markdown page and two files never read.
#[test]
fn files_lint_does_not_read_are_noted_not_counted() {
    let dir = scratch(&[
        (
            "page.md",
            b"```sh\ncurl https://www.open1.codes/v1/responses -H \"Authorization: Bearer $OPEN1_API_KEY\"\n```\n",
        ),
        ("settings.json", b"{\"apiKey\": \"x\"}\n"),
        ("Dockerfile", b"FROM scratch\n"),
    ]);
    let output = lint_in(&dir.0, &["page.md", "settings.json", "Dockerfile"], None);
    assert_eq!(output.status.code(), Some(0), "{}", support::shown(&output));
    assert_eq!(
        support::text(&output.stdout),
        "No problems found in 1 file.\n"
    );
    let stderr = support::text(&output.stderr);
    let kinds = open1_snip::extract::FileKind::described();
    assert_eq!(
        stderr,
        format!(
            "note: Dockerfile: not checked: lint reads {kinds}\nnote: settings.json: not checked: lint reads {kinds}\n"
        )
    );
    assert!(kinds.contains("Python (.py)"), "{kinds}");
    // With findings elsewhere, the exit code is theirs; the note changes nothing.
    let bad = scratch(&[
        (
            "bad.md",
            b"```sh\ncurl http://www.open1.codes/v1/responses\n```\n",
        ),
        ("notes.txt", b"sk-q8Ww3ZrT5yLp0VnB7xKc2MfH9dJs\n"),
    ]);
    let output = lint_in(&bad.0, &["bad.md", "notes.txt"], None);
    assert_eq!(output.status.code(), Some(1), "{}", support::shown(&output));
    assert!(support::text(&output.stdout).contains("in 1 file.\n"));
    assert!(support::text(&output.stderr).starts_with("note: notes.txt: not checked"));
}

/// A key alone, in a file that makes no request and names neither the relay nor the SDK, is a
/// leaked key: the file is read for it.
#[test]
fn a_key_alone_is_found_in_a_file_without_trigger_words() {
    let dir = scratch(&[
        (
            "settings.py",
            b"KEY = \"sk-q8Ww3ZrT5yLp0VnB7xKc2MfH9dJs\"\n",
        ),
        ("fine.py", b"KEY = \"sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\n"),
    ]);
    let output = lint_in(&dir.0, &["--format", "json", "."], None);
    assert_eq!(output.status.code(), Some(1), "{}", support::shown(&output));
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = findings.as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["path"], "settings.py");
    assert_eq!(findings[0]["rule"], "leaked-key");
    assert_eq!(
        findings[0]["fix"],
        "os.environ[\"OPEN1_API_KEY\"] (and import os)"
    );
    // --fix --unsafe-fixes writes the environment variable, and the import it needs.
    let output = lint_in(&dir.0, &["--fix", "--unsafe-fixes", "settings.py"], None);
    assert_eq!(output.status.code(), Some(0), "{}", support::shown(&output));
    assert_eq!(
        std::fs::read_to_string(dir.0.join("settings.py")).unwrap(),
        "import os\nKEY = os.environ[\"OPEN1_API_KEY\"]\n"
    );
}

/// A bad curl call as a docs snippet file holds it.
const BAD_CURL: &str = "curl http://www.open1.codes/v1/responses \\\n  -H \"Authorization: Bearer $OPEN1_API_KEY\" \\\n  -H \"Content-Type: application/json\" \\\n  -H \"User-Agent: curl/8.0\" \\\n  -d '{\"model\": \"gpt-5.4\", \"input\": \"hi\"}'\n";

/// Findings as `path:line:column rule`, from `--format json`.
fn placed(output: &std::process::Output) -> Vec<String> {
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} {}",
                f["path"].as_str().unwrap().replace('\\', "/"),
                f["line"],
                f["column"],
                f["rule"].as_str().unwrap()
            )
        })
        .collect()
}

/// VitePress imports (`@` is the folder holding `.vitepress`, a region, a language given in
/// `{…}` for a file lint does not read) and pymdownx includes (line ranges, sections, a Markdown
/// page): findings at the included file's own lines, once even when the walk reads it too.
#[test]
fn includes_are_followed_to_the_included_files_lines() {
    let region = "import requests\n\n# #region basic\ndef ask():\n    return requests.post(\n        \"http://www.open1.codes/v1/responses\",\n        headers={\"Authorization\": \"Bearer x\", \"Content-Type\": \"application/json\", \"User-Agent\": \"curl/8.0\"},\n        json={\"model\": \"gpt-5.4\", \"input\": \"hi\"},\n    )\n# #endregion basic\n";
    let section = format!("# --8<-- [start:call]\n{BAD_CURL}# --8<-- [end:call]\n");
    let dir = scratch(&[
        (".git/HEAD", b"ref: refs/heads/main\n"),
        ("docs/.vitepress/config.mts", b"export default {}\n"),
        ("docs/snippets/responses.py", region.as_bytes()),
        ("docs/snippets/call.txt", BAD_CURL.as_bytes()),
        (
            "docs/guide.md",
            b"# Guide\n\n<<< @/snippets/responses.py#basic{2}\n\n::: code-group\n<<< ./snippets/call.txt{bash} [cURL]\n:::\n",
        ),
        ("mkdocs.yml", b"site_name: x\n"),
        ("snippets/lines.sh", format!("#!/bin/sh\n{BAD_CURL}").as_bytes()),
        ("snippets/section.sh", section.as_bytes()),
        ("snippets/part.md", format!("```bash\n{BAD_CURL}```\n").as_bytes()),
        (
            "site/page.md",
            b"=== \"cURL\"\n\n    ```bash\n    --8<-- \"snippets/lines.sh:2:6\"\n    ```\n\n```sh\n--8<-- \"snippets/section.sh:call\"\n```\n\n--8<-- \"snippets/part.md\"\n",
        ),
    ]);
    let output = lint_in(
        &dir.0,
        &["--format", "json", "docs/guide.md", "site/page.md"],
        None,
    );
    assert_eq!(
        placed(&output),
        [
            "docs/snippets/call.txt:1:6 wrong-endpoint",
            "docs/snippets/responses.py:6:9 wrong-endpoint",
            "snippets/lines.sh:2:6 wrong-endpoint",
            "snippets/part.md:2:6 wrong-endpoint",
            "snippets/section.sh:2:6 wrong-endpoint",
        ],
        "{}",
        support::text(&output.stderr)
    );
    assert_eq!(support::text(&output.stderr), "");
    // Walked as well, each included file that lint reads is reported once per finding.
    let output = lint_in(&dir.0, &["--format", "json", "."], None);
    let found = placed(&output);
    assert_eq!(
        found
            .iter()
            .filter(|f| f.starts_with("snippets/lines.sh:2:6"))
            .count(),
        1,
        "{found:?}"
    );
    assert!(found.contains(&"snippets/section.sh:2:6 wrong-endpoint".to_owned()));
}

/// An include's path is the page's text: its control characters reach the terminal as visible
/// escapes, never as an escape sequence (`ESC [ 2 J` would clear the screen).
#[test]
fn include_warnings_show_control_characters_as_escapes() {
    let dir = scratch(&[
        (".git/HEAD", b"ref: refs/heads/main\n"),
        ("page.md", b"# P\n\n<<< ./snip\x1b[2Jx.sh\n"),
    ]);
    let output = lint_in(&dir.0, &["page.md"], None);
    assert_eq!(output.status.code(), Some(0));
    let stderr = support::text(&output.stderr);
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
    assert!(stderr.contains("snip\\x1b[2Jx.sh"), "{stderr:?}");
}

/// A stranger's page cannot make lint read outside the project: `..`, absolute paths and
/// symlinks out of the root are refused; a missing file, a missing region and a cycle of
/// pages are warnings at the page's line; none is an error or stops the run.
#[test]
fn hostile_includes_are_warnings_and_nothing_outside_the_root_is_read() {
    let dir = scratch(&[
        (".git/HEAD", b"ref: refs/heads/main\n"),
        ("docs/.vitepress/config.mts", b"export default {}\n"),
        ("docs/snippets/a.py", b"x = 1\n"),
        (
            "docs/page.md",
            b"# Hostile\n\n<<< @/../../etc/passwd\n\n<<< /etc/hostname{bash}\n\n<<< @/snippets/host.sh\n\n<<< @/snippets/missing.py\n\n<<< @/snippets/a.py#nope\n\n--8<-- \"docs/a.md\"\n",
        ),
        ("docs/a.md", b"--8<-- \"docs/b.md\"\n"),
        ("docs/b.md", b"--8<-- \"docs/a.md\"\n"),
    ]);
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/hostname", dir.0.join("docs/snippets/host.sh")).unwrap();
    let output = lint_in(&dir.0, &["docs/page.md"], None);
    assert_eq!(output.status.code(), Some(0));
    let stderr = support::text(&output.stderr);
    let warnings: Vec<&str> = stderr.lines().collect();
    let expected = [
        "warning: docs/b.md:1:1: `--8<-- \"docs/a.md\"`: an include cycle: docs/a.md includes docs/b.md includes docs/a.md",
        "warning: docs/page.md:11:1: `<<< @/snippets/a.py#nope`: docs/snippets/a.py has no region `nope`",
        "warning: docs/page.md:3:1: `<<< @/../../etc/passwd`: the include leads outside the project root (the folder of the nearest open1-snip.toml, else the git work tree, else the Markdown file's folder): name a file inside it",
        "warning: docs/page.md:5:1: `<<< /etc/hostname{bash}`: the include must be a path relative to the Markdown file, not an absolute path: name a file inside the project",
        "warning: docs/page.md:7:1: `<<< @/snippets/host.sh`: the include leads outside the project root (the folder of the nearest open1-snip.toml, else the git work tree, else the Markdown file's folder): name a file inside it",
        "warning: docs/page.md:9:1: `<<< @/snippets/missing.py`: docs/snippets/missing.py: no such file",
    ];
    assert_eq!(warnings, expected, "{stderr}");
}
