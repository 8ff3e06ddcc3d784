//! Bad input, as a table: each case builds a docs tree beside one good file (`good.md`, one
//! error finding), runs `open1-snip lint --format json` on it, and checks the exit code, the
//! message on stderr, and that the good file — and every other readable file — was still checked.
//! Nothing may panic (a panic exits 101).

mod support;

use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::Path;
use std::process::{Command, Output};

const SNIPPET: &str = "```bash\ncurl https://www.open1.codes/v1/responses -H \"Authorization: Bearer $K\" -d '{\"model\": \"gpt-5.4\", \"input\": \"hi\"}'\n```\n";

struct Case {
    name: &'static str,
    /// Writes the tree (besides `good.md`) into the folder.
    tree: fn(&Path),
    /// What to lint, relative to the folder (`.`: all of it).
    args: &'static [&'static str],
    exit: i32,
    /// Lines stderr must hold, in order (an empty list: stderr must be empty).
    stderr: &'static [&'static str],
    /// The files with findings, and how many each, besides `good.md` (which always has one).
    found: fn() -> Vec<(String, usize)>,
}

fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

const CASES: &[Case] = &[
    Case {
        name: "a file nobody may read, in a walked folder",
        tree: |dir| {
            write(dir, "docs/locked.md", SNIPPET);
            std::fs::set_permissions(dir.join("docs/locked.md"), PermissionsExt::from_mode(0o000))
                .unwrap();
        },
        args: &["."],
        exit: 2,
        stderr: &["error: docs/locked.md: cannot read: Permission denied (os error 13)"],
        found: Vec::new,
    },
    Case {
        name: "a folder nobody may enter",
        tree: |dir| {
            write(dir, "locked/a.md", SNIPPET);
            std::fs::set_permissions(dir.join("locked"), PermissionsExt::from_mode(0o000)).unwrap();
        },
        args: &["."],
        exit: 2,
        stderr: &["Permission denied (os error 13)"],
        found: Vec::new,
    },
    Case {
        name: "symlink loops in a walked folder (not followed, as in ripgrep)",
        tree: |dir| {
            write(dir, "docs/real.md", SNIPPET);
            symlink("loop-b.md", dir.join("docs/loop-a.md")).unwrap();
            symlink("loop-a.md", dir.join("docs/loop-b.md")).unwrap();
            symlink("..", dir.join("docs/up")).unwrap();
            symlink(".", dir.join("docs/self")).unwrap();
        },
        args: &["."],
        exit: 1,
        stderr: &[],
        found: || vec![("docs/real.md".into(), 1)],
    },
    Case {
        name: "a symlink loop named on the command line",
        tree: |dir| {
            symlink("loop-b.md", dir.join("loop-a.md")).unwrap();
            symlink("loop-a.md", dir.join("loop-b.md")).unwrap();
        },
        args: &["loop-a.md", "good.md"],
        exit: 2,
        stderr: &["error: loop-a.md: cannot read: Too many levels of symbolic links (os error 40)"],
        found: Vec::new,
    },
    Case {
        name: "a missing file and a FIFO named on the command line",
        tree: |dir| {
            let fifo = dir.join("pipe.md");
            let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
            assert!(status.success());
        },
        args: &["missing.md", "pipe.md", "good.md"],
        exit: 2,
        stderr: &[
            "error: missing.md: no such file or directory",
            "error: pipe.md: not a regular file (a FIFO, socket or device): name a file or directory",
        ],
        found: Vec::new,
    },
    Case {
        name: "a FIFO in a walked folder (skipped: reading it would block)",
        tree: |dir| {
            let status = Command::new("mkfifo")
                .arg(dir.join("pipe.md"))
                .status()
                .unwrap();
            assert!(status.success());
        },
        args: &["."],
        exit: 1,
        stderr: &[],
        found: Vec::new,
    },
    Case {
        name: "invalid UTF-8",
        tree: |dir| {
            write(
                dir,
                "latin1.md",
                [SNIPPET.as_bytes(), b"caf\xe9\n"].concat(),
            )
        },
        args: &["."],
        exit: 2,
        stderr: &["error: latin1.md:4:4: not valid UTF-8; save it as UTF-8"],
        found: Vec::new,
    },
    Case {
        name: "UTF-16, with and without a byte order mark",
        tree: |dir| {
            let utf16 = |bom: bool| {
                let mut bytes: Vec<u8> = if bom { vec![0xff, 0xfe] } else { vec![] };
                bytes.extend(SNIPPET.encode_utf16().flat_map(u16::to_le_bytes));
                bytes
            };
            write(dir, "bom.md", utf16(true));
            write(dir, "plain.md", utf16(false));
        },
        args: &["."],
        exit: 2,
        stderr: &[
            "error: bom.md: UTF-16 text (little-endian); save it as UTF-8",
            "error: plain.md: UTF-16 text (little-endian); save it as UTF-8",
        ],
        found: Vec::new,
    },
    Case {
        name: "NUL bytes: a walked file is taken for binary and named, a named one is checked",
        tree: |dir| {
            write(dir, "walked/nul.md", [b"\0\0", SNIPPET.as_bytes()].concat());
            write(dir, "named.md", [b"a\0b\n\n", SNIPPET.as_bytes()].concat());
        },
        args: &["walked", "named.md", "good.md"],
        exit: 1,
        stderr: &[
            "note: walked/nul.md: skipped: it mentions the relay but holds NUL bytes, so it is taken for a binary file; name it on the command line to check it anyway",
        ],
        found: || vec![("named.md".into(), 1)],
    },
    Case {
        name: "a 100 MB file, its snippet at the end",
        tree: |dir| {
            let paragraph = "Lorem *ipsum* dolor sit amet, [consectetur](https://example.com) adipiscing elit.\n\n";
            let mut text = paragraph.repeat(100_000_000 / paragraph.len());
            text.push_str(SNIPPET);
            write(dir, "huge.md", text);
        },
        args: &["."],
        exit: 1,
        stderr: &[],
        found: || vec![("huge.md".into(), 1)],
    },
    Case {
        name: "50,000 small files, one in a thousand with a snippet",
        tree: |dir| {
            for i in 0..50_000 {
                let body = match i % 1000 {
                    0 => SNIPPET.to_owned(),
                    _ => format!("# page {i}\n\nNothing to see.\n"),
                };
                write(dir, &format!("pages/{}/{i}.md", i / 1000), body);
            }
        },
        args: &["."],
        exit: 1,
        stderr: &[],
        found: || {
            (0..50)
                .map(|k| (format!("pages/{k}/{}.md", k * 1000), 1))
                .collect()
        },
    },
    Case {
        name: "10,000-deep block quotes, lists and both, around snippets",
        tree: |dir| {
            let quote = "> ".repeat(10_000);
            let quoted: String = SNIPPET.lines().map(|l| format!("{quote}{l}\n")).collect();
            write(dir, "quotes.md", quoted);
            let list: String = (0..10_000)
                .map(|i| format!("{}- item\n", " ".repeat(i % 4 * 2)))
                .collect();
            write(dir, "list.md", format!("{list}\n{SNIPPET}"));
            let nested = "- ".repeat(10_000);
            let indent = " ".repeat(20_000);
            let nested: String = SNIPPET
                .lines()
                .enumerate()
                .map(|(i, l)| match i {
                    0 => format!("{nested}{l}\n"),
                    _ => format!("{indent}{l}\n"),
                })
                .collect();
            write(dir, "nested-list.md", nested);
            write(
                dir,
                "mixed.md",
                format!("{}\n\n{SNIPPET}", "> - 1. ".repeat(3_400)),
            );
        },
        args: &["."],
        exit: 1,
        stderr: &[],
        found: || {
            vec![
                ("list.md".into(), 1),
                ("mixed.md".into(), 1),
                ("nested-list.md".into(), 1),
                ("quotes.md".into(), 1),
            ]
        },
    },
    Case {
        name: "a line of 10 MB, in the snippet and outside it",
        tree: |dir| {
            let long = "a".repeat(10_000_000);
            write(dir, "in.md", SNIPPET.replace("hi", &long));
            write(dir, "out.md", format!("{long}\n\n{SNIPPET}"));
        },
        args: &["."],
        exit: 1,
        stderr: &[],
        found: || vec![("in.md".into(), 1), ("out.md".into(), 1)],
    },
    Case {
        name: "a fence never closed (runs to the end, as CommonMark says)",
        tree: |dir| {
            write(
                dir,
                "open.md",
                format!(
                    "# Title\n\n{}\nmore text\n",
                    SNIPPET.trim_end().trim_end_matches("```")
                ),
            )
        },
        args: &["."],
        exit: 1,
        stderr: &[],
        found: || vec![("open.md".into(), 1)],
    },
    Case {
        name: "an empty file, a file of blanks, a folder named like a Markdown file",
        tree: |dir| {
            write(dir, "empty.md", "");
            write(dir, "blank.md", " \n\t\r\n");
            write(dir, "folder.md/inner.md", SNIPPET);
        },
        args: &["."],
        exit: 1,
        stderr: &[],
        found: || vec![("folder.md/inner.md".into(), 1)],
    },
];

/// Whether the tests run as root, who may read files without read permission.
fn is_root(dir: &Path) -> bool {
    std::fs::metadata(dir).unwrap().uid() == 0
}

/// Runs `open1-snip lint --format json ARGS` in `dir` — as `nobody` when we are root, so that
/// permissions hold (with a copy of the binary that `nobody` may run).
fn lint(dir: &Path, args: &[&str]) -> Output {
    let binary = Path::new(env!("CARGO_BIN_EXE_open1-snip"));
    let command_for = |binary: &Path| {
        let mut command = Command::new(binary);
        command
            .args(["lint", "--format", "json"])
            .args(args)
            .current_dir(dir);
        command
    };
    if !is_root(dir) {
        return command_for(binary).output().unwrap();
    }
    let copy = dir.parent().unwrap().join("open1-snip");
    if !copy.exists() {
        std::fs::copy(binary, &copy).unwrap();
    }
    let mut command = command_for(&copy);
    std::os::unix::process::CommandExt::uid(&mut command, 65534);
    std::os::unix::process::CommandExt::gid(&mut command, 65534);
    command.output().unwrap()
}

#[test]
fn bad_input_table() {
    // World-readable, so that `nobody` may walk it (the project folder may not be).
    let root = tempfile::Builder::new()
        .prefix("open1-snip-bad-input")
        .tempdir()
        .unwrap();
    std::fs::set_permissions(root.path(), PermissionsExt::from_mode(0o755)).unwrap();
    let mut failures = Vec::new();
    for (i, case) in CASES.iter().enumerate() {
        let dir = root.path().join(format!("case-{i}"));
        std::fs::create_dir(&dir).unwrap();
        write(&dir, "good.md", SNIPPET);
        (case.tree)(&dir);
        let started = std::time::Instant::now();
        let output = lint(&dir, case.args);
        eprintln!("{}: {:.1?}", case.name, started.elapsed());
        let stdout = support::text(&output.stdout);
        let stderr = support::text(&output.stderr);
        let mut found: Vec<(String, usize)> = Vec::new();
        if let Ok(serde_json::Value::Array(findings)) = serde_json::from_str(&stdout) {
            for finding in findings {
                let path = finding["path"].as_str().unwrap().to_owned();
                match found.iter_mut().find(|(p, _)| *p == path) {
                    Some((_, n)) => *n += 1,
                    None => found.push((path, 1)),
                }
            }
        }
        found.sort();
        let mut expected = (case.found)();
        expected.push(("good.md".to_owned(), 1));
        expected.sort();
        let lines: Vec<&str> = stderr.lines().collect();
        let stderr_ok = match case.stderr {
            [] => stderr.is_empty(),
            wanted => {
                let mut at = 0;
                wanted.iter().all(|w| {
                    let hit = lines[at..].iter().position(|l| l.contains(w));
                    hit.inspect(|i| at += i + 1).is_some()
                })
            }
        };
        if output.status.code() != Some(case.exit) || !stderr_ok || found != expected {
            failures.push(format!(
                "{}: exit {:?} (want {}), found {found:?} (want {expected:?})\nstderr:\n{stderr}",
                case.name,
                output.status.code(),
                case.exit
            ));
        }
        // Leave nothing locked behind for the temporary folder's removal.
        let _ = Command::new("chmod")
            .args(["-R", "u+rwX"])
            .arg(&dir)
            .status();
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A config with each key of the wrong type (or value): exit 2 before any file is read, one
/// message naming the config file, the line and the key or value at fault.
#[test]
fn config_with_every_wrong_type() {
    let cases: &[(&str, &str)] = &[
        (
            "base-url = 5",
            "invalid type: integer `5`, expected a string",
        ),
        (
            "base-url = \"ftp://relay\"",
            "base URL \"ftp://relay\" is not an http(s) URL",
        ),
        (
            "extra-base-urls = \"https://a\"",
            "invalid type: string \"https://a\", expected a sequence",
        ),
        (
            "extra-base-urls = [1]",
            "invalid type: integer `1`, expected a string",
        ),
        (
            "endpoint = true",
            "invalid type: boolean `true`, expected a string",
        ),
        (
            "endpoint = \"v1/responses\"",
            "endpoint \"v1/responses\" must start with /",
        ),
        (
            "proxy-prefix = []",
            "invalid type: sequence, expected a string",
        ),
        (
            "extra-models = \"m\"",
            "invalid type: string \"m\", expected a sequence",
        ),
        (
            "include = 3",
            "invalid type: integer `3`, expected a sequence",
        ),
        (
            "include = [\"docs/[\"]",
            "include: glob \"docs/[\": error parsing glob 'docs/[': unclosed character class",
        ),
        (
            "exclude = [\"{a,b\"]",
            "exclude: glob \"{a,b\": error parsing glob",
        ),
        (
            "exclude = { a = 1 }",
            "invalid type: map, expected a sequence",
        ),
        (
            "rules = \"off\"",
            "invalid type: string \"off\", expected a map",
        ),
        (
            "[rules]\nmissing-user-agent = 1",
            "invalid type: integer `1`, expected a string",
        ),
        (
            "[rules]\nmissing-user-agent = \"loud\"",
            "unknown level `loud`, expected one of `off`, `warn`, `error`",
        ),
        (
            "[rules]\nmissing-useragent = \"off\"",
            "unknown rule `missing-useragent` in [rules]",
        ),
        ("base_url = \"https://a\"", "unknown field `base_url`"),
        ("base-url = \"https://a", "invalid basic string"),
        (
            "\u{feff}endpoint = 1",
            "invalid type: integer `1`, expected a string",
        ),
    ];
    let dir = support::tempdir::Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")));
    write(&dir.0, "good.md", SNIPPET);
    let mut failures = Vec::new();
    for (toml, wanted) in cases {
        write(&dir.0, "open1-snip.toml", toml);
        let output = support::open1_snip_in(&dir.0, &["lint", "good.md"], None);
        let stderr = support::text(&output.stderr);
        let named = stderr.starts_with("error: open1-snip.toml: invalid config");
        if output.status.code() != Some(2)
            || !named
            || !stderr.contains(wanted)
            || !output.stdout.is_empty()
            || stderr.contains("panicked")
        {
            failures.push(format!(
                "{toml:?}: exit {:?}, stdout {:?}, want {wanted:?} in stderr:\n{stderr}",
                output.status.code(),
                support::text(&output.stdout)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// An input built to exhaust memory or time, run under a memory limit and a deadline.
struct Bomb {
    name: &'static str,
    /// Writes the files into the folder.
    tree: fn(&Path),
    args: &'static [&'static str],
    exit: i32,
    /// What stdout must hold.
    stdout: fn() -> Vec<String>,
    /// A file that must hold a text afterwards (`--fix`), and how many times.
    after: Option<(&'static str, &'static str, usize)>,
}

/// `V1="${V0}${V0}"`… thirty times: 32 bytes doubled thirty times is 32 GiB.
fn doubling_bash() -> String {
    let mut code = String::from("V0=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n");
    for i in 1..=30 {
        code.push_str(&format!("V{i}=\"${{V{}}}${{V{}}}\"\n", i - 1, i - 1));
    }
    code + "curl https://www.open1.codes/v1/responses -H \"X-A: $V30\" -d '{\"model\": \"gpt-5.4\"}'\n"
}

/// The same in Python (`a = b + b`, and dicts holding the last one twice) and JavaScript
/// (template literals).
fn doubling_python() -> String {
    let mut code =
        String::from("import requests\na0 = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'\nd0 = {'a': a0}\n");
    for i in 1..=30 {
        let j = i - 1;
        code.push_str(&format!(
            "a{i} = a{j} + a{j}\nd{i} = {{'x': d{j}, 'y': d{j}}}\n"
        ));
    }
    code + "requests.post('https://www.open1.codes/v1/responses', headers={'X-A': a30}, json=d30)\n"
}

fn doubling_javascript() -> String {
    let mut code = String::from("const a0 = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';\n");
    for i in 1..=30 {
        code.push_str(&format!("const a{i} = `${{a{}}}${{a{}}}`;\n", i - 1, i - 1));
    }
    code + "await fetch('https://www.open1.codes/v1/responses', { method: 'POST', headers: { 'X-A': a30 }, body: JSON.stringify({ model: 'gpt-5.4' }) });\n"
}

/// A relay call, then 512 KB of comment lines (tree-sitter-python reads the rest of a comment
/// block at each of its line breaks: quadratic).
fn python_comments() -> String {
    "import requests\nrequests.post('https://www.open1.codes/v1/responses', json={'model': 'gpt-5.4'})\n"
        .to_owned()
        + &"# a comment line of forty bytes or so..\n".repeat(512 * 1024 / 40)
}

const BOMBS: &[Bomb] = &[
    Bomb {
        name: "a bash block doubling a variable thirty times",
        tree: |dir| write(dir, "bomb.md", format!("```bash\n{}```\n", doubling_bash())),
        args: &["lint", "--format", "json", "bomb.md"],
        exit: 1,
        stdout: || vec!["\"rule\": \"missing-content-type\"".into()],
        after: None,
    },
    Bomb {
        name: "Python doubling a string and a dict thirty times",
        tree: |dir| write(dir, "bomb.py", doubling_python()),
        args: &["lint", "--format", "json", "bomb.py"],
        exit: 1,
        stdout: || vec!["\"rule\": \"missing-user-agent\"".into()],
        after: None,
    },
    Bomb {
        name: "JavaScript doubling a template literal thirty times",
        tree: |dir| write(dir, "bomb.js", doubling_javascript()),
        args: &["lint", "--format", "json", "bomb.js"],
        exit: 1,
        stdout: || vec!["\"rule\": \"missing-user-agent\"".into()],
        after: None,
    },
    Bomb {
        name: "512 KB of comment lines after a relay call, in Python and in a Markdown block",
        tree: |dir| {
            write(dir, "comments.py", python_comments());
            write(
                dir,
                "comments.md",
                format!("```python\n{}```\n", python_comments()),
            );
        },
        args: &["lint", "--format", "json", "comments.py", "comments.md"],
        exit: 1,
        stdout: || {
            ["comments.md", "comments.py"]
                .map(|path| format!("\"path\": \"{path}\""))
                .into()
        },
        after: None,
    },
    Bomb {
        name: "convert with 50,000 -H",
        tree: |dir| {
            let headers: String = (0..50_000).map(|i| format!(" -H 'X-H{i}: v'")).collect();
            write(
                dir,
                "curl.sh",
                format!(
                    "curl https://www.open1.codes/v1/responses -H 'Authorization: Bearer $OPEN1_API_KEY' -H 'Content-Type: application/json'{headers} -d '{{\"model\": \"gpt-5.4\", \"input\": \"hi\"}}'\n"
                ),
            );
        },
        args: &["convert", "--to", "request", "curl.sh"],
        exit: 0,
        stdout: || vec!["\"X-H0\": \"v\"".into(), "\"X-H49999\": \"v\"".into()],
        after: None,
    },
    Bomb {
        name: "--fix with a thousand fixes in one file",
        tree: |dir| {
            let page: String = (0..1000)
                .map(|i| format!("## {i}\n\n{SNIPPET}\n"))
                .collect();
            write(dir, "many.md", page);
        },
        args: &["lint", "--fix", "many.md"],
        exit: 0,
        stdout: || vec!["Fixed 1000 findings.".into()],
        after: Some(("many.md", "-H \"Content-Type: application/json\"", 1000)),
    },
];

/// Each bomb runs under `ulimit -v` (1 GB of address space) and is killed after a minute:
/// today's inputs of a few hundred bytes must not take gigabytes, nor these sizes minutes. A
/// crash (allocation failure, signal) or the deadline fails the case.
#[test]
fn bombs_run_in_bounded_memory() {
    let dir = support::tempdir::Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")));
    let mut failures = Vec::new();
    for (i, bomb) in BOMBS.iter().enumerate() {
        let case = dir.0.join(format!("bomb-{i}"));
        std::fs::create_dir(&case).unwrap();
        (bomb.tree)(&case);
        let mut command = Command::new("bash");
        command
            .args(["-c", "ulimit -v 1000000 && exec \"$0\" \"$@\""])
            .arg(env!("CARGO_BIN_EXE_open1-snip"))
            .args(bomb.args)
            .current_dir(&case)
            .stdin(std::process::Stdio::null());
        let started = std::time::Instant::now();
        let output = support::run_with_timeout(command, std::time::Duration::from_secs(60));
        eprintln!("{}: {:.1?}", bomb.name, started.elapsed());
        let stdout = support::text(&output.stdout);
        let missing: Vec<String> = (bomb.stdout)()
            .into_iter()
            .filter(|wanted| !stdout.contains(wanted.as_str()))
            .collect();
        // `--fix` wrote each fix: the text appears as often as there were findings.
        let wrong_after = bomb.after.and_then(|(file, text, count)| {
            let contents = std::fs::read_to_string(case.join(file)).unwrap();
            let found = contents.matches(text).count();
            (found != count).then(|| format!("{file} holds {text:?} {found} times, not {count}"))
        });
        if output.status.code() != Some(bomb.exit) || !missing.is_empty() || wrong_after.is_some() {
            failures.push(format!(
                "{}: exit {:?} (want {}), missing {missing:?} in stdout, {wrong_after:?}\nstderr:\n{}",
                bomb.name,
                output.status.code(),
                bomb.exit,
                support::text(&output.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
