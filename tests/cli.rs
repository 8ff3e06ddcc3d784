//! The command line as a user meets it: what each mistake prints and which exit code it gets.
//! Every case runs the real binary in a scratch folder; the snapshot holds the command, the
//! exit code and both streams.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};

use std::io::Read;

struct Case {
    name: &'static str,
    args: &'static [&'static str],
    stdin: Option<&'static [u8]>,
    /// Files to create first: (relative path, contents).
    files: &'static [(&'static str, &'static [u8])],
}

impl Case {
    /// Runs the case in a scratch folder holding its files.
    fn run(&self) -> std::process::Output {
        let dir = support::tempdir::Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")));
        for (path, contents) in self.files {
            let path = dir.0.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, contents).unwrap();
        }
        support::open1_snip_in(&dir.0, self.args, self.stdin)
    }
}

const CASES: &[Case] = &[
    Case { name: "missing_file", args: &["gen", "missing.json"], stdin: None, files: &[] },
    Case { name: "invalid_json_from_stdin", args: &["gen", "-"], stdin: Some(b"{\n  \"model\": \"gpt-5.4\",\n}\n"), files: &[] },
    Case { name: "wrong_type", args: &["gen", "r.json"], stdin: None, files: &[("r.json", b"{\"prompt\": [\"not\", \"a string\"]}")] },
    Case { name: "unknown_field", args: &["gen", "r.json"], stdin: None, files: &[("r.json", b"{\"promt\": \"typo\"}")] },
    Case { name: "not_utf8", args: &["gen", "r.json"], stdin: None, files: &[("r.json", b"{\"prompt\": \"\xff\xfe\"}")] },
    Case { name: "prompt_and_input", args: &["gen", "r.json"], stdin: None, files: &[("r.json", b"{\"prompt\": \"a\", \"input\": \"b\"}")] },
    Case { name: "model_inside_body", args: &["gen", "--body-json", "{\"model\": \"gpt-5\"}"], stdin: None, files: &[] },
    Case { name: "body_json_invalid", args: &["gen", "--body-json", "{\"stream\": tru}"], stdin: None, files: &[] },
    Case { name: "header_without_colon", args: &["gen", "--header", "X-Trace-Id abc"], stdin: None, files: &[] },
    Case { name: "header_with_newline", args: &["gen", "r.json"], stdin: None, files: &[("r.json", b"{\"headers\": {\"X-A\": \"a\\nb\"}}")] },
    Case { name: "header_non_ascii", args: &["gen", "--header", "X-Name: 张三"], stdin: None, files: &[] },
    Case { name: "authorization_header", args: &["gen", "--header", "Authorization: Bearer sk-abc"], stdin: None, files: &[] },
    Case { name: "bad_base_url", args: &["gen", "--base-url", "www.open1.codes"], stdin: None, files: &[] },
    Case { name: "unknown_model", args: &["gen", "--model", "gpt-5.4-mini"], stdin: None, files: &[] },
    Case { name: "unknown_model_typo", args: &["gen", "--model", "GPT5.1-codex"], stdin: None, files: &[] },
    Case { name: "unknown_model_allowed", args: &["gen", "--model", "my-model", "--allow-unknown-model", "--lang", "curl"], stdin: None, files: &[] },
    Case { name: "unmatched_model_warns", args: &["gen", "--model", "gpt-5.3-codex-spark", "--lang", "python"], stdin: None, files: &[] },
    Case { name: "text_needs_one_lang", args: &["gen", "--format", "text"], stdin: None, files: &[] },
    Case { name: "unknown_lang", args: &["gen", "--lang", "ruby"], stdin: None, files: &[] },
    Case { name: "template_undefined_name", args: &["gen", "--lang", "curl", "--templates", "t"], stdin: None, files: &[("t/curl.sh.jinja", b"curl {{ url | shell_word }}\n{{ nope }}\n")] },
    Case { name: "template_syntax_error", args: &["gen", "--lang", "python", "--templates", "t"], stdin: None, files: &[("t/python.py.jinja", b"import requests\n{% if %}\n")] },
    Case { name: "template_unknown_name", args: &["gen", "--templates", "t"], stdin: None, files: &[("t/curl.jinja", b"x\n")] },
    Case { name: "template_override", args: &["gen", "--lang", "curl,python", "--templates", "t", "--prompt", "it's $HOME"], stdin: None, files: &[("t/curl.sh.jinja", b"# {{ url }}\ncurl -d {{ body | json_compact | shell_word }} {{ url | shell_word }}\n")] },
    Case { name: "templates_dir_missing", args: &["gen", "--templates", "nowhere"], stdin: None, files: &[] },
    Case { name: "flags_override_file", args: &["gen", "r.json", "--lang", "curl", "--model", "gpt-5.1", "--header", "X-Trace-Id: from-flag", "--body-json", "{\"max_output_tokens\": 32}"], stdin: None, files: &[("r.json", b"{\"model\": \"gpt-5\", \"prompt\": \"hi\", \"headers\": {\"x-trace-id\": \"from-file\"}}")] },
    Case { name: "stdin_description", args: &["gen", "-", "--lang", "node"], stdin: Some(b"{\"input\": \"Say hi\", \"body\": {\"stream\": true}}"), files: &[] },
    Case { name: "models_table", args: &["models"], stdin: None, files: &[] },
    Case { name: "models_json", args: &["models", "--format", "json"], stdin: None, files: &[] },
];

#[test]
fn cases() {
    support::snapshot_settings().bind(|| {
        for case in CASES {
            let output = case.run();
            let shown = format!(
                "$ open1-snip {}\n{}",
                case.args.join(" "),
                support::shown(&output)
            );
            insta::assert_snapshot!(format!("cli_{}", case.name), shown);
        }
    });
}

#[test]
fn errors_exit_2_and_never_panic() {
    for case in CASES
        .iter()
        .filter(|c| !c.name.starts_with("models") && !c.name.contains("override"))
    {
        let output = case.run();
        let stderr = support::text(&output.stderr);
        assert!(!stderr.contains("panicked"), "{}: {stderr}", case.name);
        let code = output.status.code();
        if stderr.starts_with("error") || stderr.contains("\nerror") {
            assert_eq!(code, Some(2), "{}: {stderr}", case.name);
            assert!(
                output.stdout.is_empty(),
                "{}: an error prints no partial output",
                case.name
            );
        } else {
            assert_eq!(code, Some(0), "{}: {stderr}", case.name);
        }
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // Enough output that the writer is still writing when the reader goes away.
    let prompt = "x".repeat(4 << 20);
    let mut child = Command::new(env!("CARGO_BIN_EXE_open1-snip"))
        .args([
            "gen",
            "--prompt",
            &prompt[..100_000],
            "--lang",
            "curl,python,node,python-openai,node-openai",
            "--format",
            "json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is dropped here: the pipe is closed.
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(support::text(&output.stderr), "");
}
