//! Attacks on open1-snip's use on strangers' pull requests and on writers' machines: what no
//! output may ever hold.
//!
//! Keys: every output format of every command, run over documents and arguments holding a key
//! in each shape it is pasted in (a URL's `?key=`, `user:password@`, a blank pasted into the
//! key, a trailing space, a bare leaked key), must never print a piece of the key long enough to
//! use: the masks show its first 5 and last 2 characters.

mod support;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use support::tempdir::Scratch;

/// Looks like a real key (random, letters and digits mixed).
const KEY: &str = "sk-q8Ww3ZrT5yLp0VnB7xKc2MfH9dJs";
/// A proxy's or a URL's password.
const PASSWORD: &str = "hunter2-Zq81xPw";

/// The key with `blank` pasted into its middle.
fn broken(blank: char) -> String {
    let (head, tail) = KEY.split_at(15);
    format!("{head}{blank}{tail}")
}

/// A docs page holding the key in every shape, each in a request lint checks.
fn page() -> String {
    let nbsp = broken('\u{a0}');
    let wide = broken('\u{3000}');
    let zero_width = broken('\u{200b}');
    format!(
        r#"# Keys in every shape

```bash
curl "http://www.open1.codes/v1/responses?key={KEY}" \
  -H "Authorization: Bearer $OPEN1_API_KEY" \
  -d '{{"model": "gpt-5.4", "input": "hi"}}'
```

```bash
curl "https://www.open1.codes/v1/response?api_key={KEY}&x=1" \
  -H "Content-Type: application/json" \
  -d '{{"model": "gpt-5.4", "input": "hi"}}'
```

```bash
curl https://www.open1.codes/v1/responses \
  -H "Authorization: Bearer {nbsp}" \
  -H "Content-Type: application/json" \
  -d '{{"model": "gpt-5.4", "input": "hi"}}'
```

```bash
curl "https://user:{PASSWORD}@www.open1.codes/v1/responses" \
  -H "Authorization: Bearer {KEY} " \
  -d '{{"model": "gpt-5.4", "input": "hi"}}'
```

```python
from openai import OpenAI

client = OpenAI(base_url="http://www.open1.codes/v1", api_key="{wide}")
print(client.responses.create(model="gpt-5.4", input="hi").output_text)
```

```js
const r = await fetch("https://www.open1.codes/v1/responses", {{
  method: "POST",
  headers: {{ Authorization: "Bearer {zero_width}", "Content-Type": "application/json" }},
  body: JSON.stringify({{ model: "gpt-5.4", input: "hi" }}),
}});
```
"#
    )
}

/// Pieces of the secrets that no output may hold: every 10-character window of the key after
/// `sk-`, and the password.
fn forbidden() -> Vec<String> {
    let body: Vec<char> = KEY[3..].chars().collect();
    let mut pieces: Vec<String> = body.windows(10).map(|w| w.iter().collect()).collect();
    pieces.push(PASSWORD.to_owned());
    pieces
}

/// Fails if `output` holds a piece of a secret, naming what was run.
fn assert_masked(what: &str, output: &Output) {
    for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        for piece in forbidden() {
            assert!(
                !text.contains(&piece),
                "{what}: {stream} holds {piece:?} of a secret:\n{text}"
            );
        }
    }
}

fn open1_snip(dir: &Path, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_open1-snip"));
    support::without_proxies(&mut command);
    command
        .args(args)
        .current_dir(dir)
        .env("OPEN1_API_KEY", KEY)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("run open1-snip");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.as_bytes().to_vec();
    let writer = std::thread::spawn(move || std::io::Write::write_all(&mut input, &stdin));
    let output = child.wait_with_output().expect("wait for open1-snip");
    let _ = writer.join();
    output
}

fn scratch() -> Scratch {
    Scratch::new(&std::env::temp_dir().join("open1-snip-security"))
}

#[test]
fn lint_never_prints_a_key_whole() {
    let dir = scratch();
    std::fs::write(dir.0.join("keys.md"), page()).unwrap();
    let mut runs = 0;
    for format in ["human", "json", "sarif", "github"] {
        for mode in [&[][..], &["--diff"], &["--diff", "--unsafe-fixes"]] {
            let mut args = vec!["lint", "--color", "always", "--format", format];
            args.extend_from_slice(mode);
            args.push("keys.md");
            let output = open1_snip(&dir.0, &args, &[], "");
            assert_eq!(output.status.code(), Some(1), "{args:?}: {output:?}");
            assert_masked(&args.join(" "), &output);
            runs += 1;
        }
        // `--fix -` writes the fixed page on stdout (the user's own text); the report goes to
        // stderr.
        let args = ["lint", "--fix", "--unsafe-fixes", "--format", format, "-"];
        let output = open1_snip(&dir.0, &args, &[], &page());
        assert_masked(
            &args.join(" "),
            &Output {
                stdout: Vec::new(),
                ..output
            },
        );
        // `--fix` on the file: the report and its messages.
        std::fs::write(dir.0.join("fixed.md"), page()).unwrap();
        let args = [
            "lint",
            "--fix",
            "--unsafe-fixes",
            "--format",
            format,
            "fixed.md",
        ];
        let output = open1_snip(&dir.0, &args, &[], "");
        assert_masked(&args.join(" "), &output);
        runs += 2;
    }
    // What the runs checked: every shape was reported, so every shape was printed masked.
    let output = open1_snip(&dir.0, &["lint", "--format", "json", "keys.md"], &[], "");
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rules: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    for rule in ["leaked-key", "key-whitespace", "wrong-endpoint"] {
        assert!(rules.contains(&rule), "{rule} not reported: {rules:?}");
    }
    assert!(runs >= 20);
}

#[test]
fn convert_never_prints_a_key_whole() {
    let dir = scratch();
    let commands = [
        format!(
            "curl 'https://www.open1.codes/v1/responses?key={KEY}' -d '{{\"model\":\"gpt-5.4\",\"input\":\"hi\"}}'"
        ),
        format!(
            "curl https://user:{PASSWORD}@www.open1.codes/v1/responses -H 'Authorization: Bearer $K' -d '{{\"model\":\"gpt-5.4\",\"input\":\"hi\"}}'"
        ),
        format!(
            "curl https://www.open1.codes/v1/responses -H 'Authorization: Bearer {}' -d '{{\"model\":\"gpt-5.4\",\"input\":\"hi\"}}'",
            broken('\u{a0}')
        ),
        format!(
            "curl https://www.open1.codes/v1/responses -H 'Authorization: Bearer {KEY}' -d '{{\"model\":\"gpt-5.4\",\"input\":\"hi\"}}'"
        ),
        format!(
            "curl https://www.open1.codes/v1/responses -H 'Authorization: Bearer {KEY}' -H 'X-Key: {KEY}' -d '{{\"model\":\"gpt-5.4\",\"input\":\"hi\"}}'"
        ),
        format!(
            "curl https://www.open1.codes/v1/responses -H 'Authorization: token {KEY}' -d '{{\"model\":\"gpt-5.4\",\"input\":\"hi\"}}'"
        ),
    ];
    for command in &commands {
        for to in [&["--to", "request"][..], &[], &["--lang", "node"]] {
            let mut args = vec!["convert"];
            args.extend_from_slice(to);
            args.push("-");
            let output = open1_snip(&dir.0, &args, &[], command);
            assert_masked(&format!("{args:?} on {command}"), &output);
        }
    }
}

/// A command's arguments and the environment it runs with.
type Case = (Vec<String>, Vec<(&'static str, String)>);

#[test]
fn gen_and_send_never_print_a_key_whole() {
    let dir = scratch();
    let cases: Vec<Case> = vec![
        (
            vec![
                "gen".into(),
                "--base-url".into(),
                format!("https://u:{PASSWORD}@www.open1.codes"),
            ],
            vec![],
        ),
        (
            vec![
                "gen".into(),
                "--base-url".into(),
                format!("https://www.open1.codes/?key={KEY}"),
            ],
            vec![],
        ),
        (
            vec![
                "gen".into(),
                "--header".into(),
                format!("X-Api-Key: {KEY}\u{a0}"),
            ],
            vec![],
        ),
        // The key pasted with a no-break space: refused before sending, shown masked.
        (
            vec!["send".into()],
            vec![("OPEN1_API_KEY", broken('\u{a0}'))],
        ),
        (
            vec!["send".into()],
            vec![("OPEN1_API_KEY", format!("{KEY} "))],
        ),
        // A proxy that cannot be reached, its URL holding a password.
        (
            vec!["send".into(), "--timeout".into(), "5".into()],
            vec![("HTTPS_PROXY", format!("http://user:{PASSWORD}@127.0.0.1:9"))],
        ),
        (
            vec![
                "send".into(),
                "--base-url".into(),
                format!("https://u:{PASSWORD}@www.open1.codes"),
            ],
            vec![],
        ),
        (
            vec![
                "lint".into(),
                "--config".into(),
                format!("{KEY}.toml"),
                ".".into(),
            ],
            vec![],
        ),
        (vec!["gen".into(), format!("--model={KEY}")], vec![]),
        (vec!["gen".into(), format!("--no-such-flag={KEY}")], vec![]),
    ];
    for (args, env) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let output = open1_snip(&dir.0, &args, &env, "");
        // 2: refused; 1: send's diagnosed failure (the proxy).
        assert!(
            matches!(output.status.code(), Some(1 | 2)),
            "{args:?} {env:?}: {output:?}"
        );
        assert!(!output.stderr.is_empty(), "{args:?}: no message");
        assert_masked(&format!("{args:?} {env:?}"), &output);
    }
}

#[test]
fn lint_output_under_github_actions_cannot_start_workflow_commands() {
    let dir = scratch();
    let page = "::add-mask::x\n\n```bash\ncurl http://www.open1.codes/v1/responses \\\n  -d '{\"model\": \"gpt-5.4\", \"input\": \"hi\"}'\n::error file=a.md::forged\n  ::warning::indented\n```\n";
    let name = "::error::named.md";
    std::fs::write(dir.0.join(name), page).unwrap();
    let mut fenced = 0;
    for args in [
        &["lint", "--color", "never", "--", name][..],
        &["lint", "--diff", "--unsafe-fixes", "--", name],
        &["lint", "--fix", "--unsafe-fixes", "--format", "human", "-"],
        &["lint", "--", name, "missing::error::x.md"],
    ] {
        let output = open1_snip(&dir.0, args, &[("GITHUB_ACTIONS", "true")], page);
        assert!(
            matches!(output.status.code(), Some(0..=2)),
            "{args:?}: {output:?}"
        );
        fenced += support::fenced_workflow_commands("stderr", &support::text(&output.stderr));
        if !args.contains(&"-") {
            fenced += support::fenced_workflow_commands("stdout", &support::text(&output.stdout));
        }
    }
    assert!(fenced >= 4, "nothing was fenced: {fenced}");
    // `--format github` is made of commands: ours, with the file's name escaped.
    let output = open1_snip(&dir.0, &["lint", "--format", "github", "--", name], &[], "");
    for line in support::text(&output.stdout).lines() {
        assert!(
            line.starts_with("::error file=%3A%3Aerror%3A%3Anamed.md,")
                || line.starts_with("::warning file=%3A%3Aerror"),
            "{line}"
        );
    }
}

#[test]
fn sync_check_never_prints_a_key_whole() {
    let dir = scratch();
    // A generated block someone edited by hand, pasting a key into it.
    let page = format!(
        "# Hi\n\n<!-- open1-snip gen lang=curl -->\n```bash\ncurl https://www.open1.codes/v1/responses -H 'Authorization: Bearer {KEY}'\n```\n<!-- open1-snip end -->\n"
    );
    std::fs::write(dir.0.join("page.md"), page).unwrap();
    let output = open1_snip(&dir.0, &["sync", "--check", "page.md"], &[], "");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(
        support::text(&output.stdout)
            .contains("-curl https://www.open1.codes/v1/responses -H 'Authorization: Bearer sk-q8"),
        "{output:?}"
    );
    assert_masked("sync --check", &output);
}
