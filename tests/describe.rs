//! The commands that describe open1-snip to other tools — `completions`, `man`, `schema` — and
//! `init`: snapshots of what they print, and proofs that it works where it is used (bash loads
//! the completion, every request fixture validates against the schema, `init` never
//! overwrites).

mod support;

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use support::tempdir::Scratch;

fn stdout(args: &[&str]) -> String {
    let output = support::open1_snip(args, None);
    assert!(output.status.success(), "{}", support::shown(&output));
    support::text(&output.stdout)
}

#[test]
fn completions_for_every_shell() {
    support::snapshot_settings().bind(|| {
        for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
            insta::assert_snapshot!(
                format!("completions_{shell}"),
                stdout(&["completions", shell])
            );
        }
    });
    // bash loads the script and completes subcommands and lint's flags with it.
    let script = stdout(&["completions", "bash"]);
    let probe = r#"
        eval "$SCRIPT"
        complete -p open1-snip >/dev/null || exit 3
        COMP_WORDS=(open1-snip li); COMP_CWORD=1; _open1__snip open1-snip li open1-snip
        printf '%s\n' "${COMPREPLY[@]}"
        COMP_WORDS=(open1-snip lint --unsafe); COMP_CWORD=2; _open1__snip open1-snip --unsafe lint
        printf '%s\n' "${COMPREPLY[@]}"
        COMP_WORDS=(open1-snip gen --lang ""); COMP_CWORD=3; _open1__snip open1-snip "" --lang
        printf '%s\n' "${COMPREPLY[@]}"
    "#;
    let output = Command::new("bash")
        .args(["-c", probe])
        .env("SCRIPT", script)
        .output()
        .unwrap();
    let text = support::text(&output.stdout);
    assert!(output.status.success(), "{}", support::text(&output.stderr));
    assert!(text.lines().any(|l| l == "lint"), "{text}");
    assert!(text.lines().any(|l| l == "--unsafe-fixes"), "{text}");
    assert!(text.lines().any(|l| l == "python-openai"), "{text}");
}

#[test]
fn man_pages() {
    support::snapshot_settings().bind(|| {
        insta::assert_snapshot!("man", stdout(&["man"]));
        insta::assert_snapshot!("man_lint", stdout(&["man", "lint"]));
    });
    let page = stdout(&["man"]);
    for command in [
        "gen", "lint", "sync", "convert", "send", "models", "init", "schema",
    ] {
        assert!(
            page.contains(&format!("open1\\-snip\\-{command}(1)")),
            "{command}"
        );
    }
    let output = support::open1_snip(&["man", "lnit"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(support::text(&output.stderr).contains("no command `lnit`"));
}

#[test]
fn the_schema_accepts_what_gen_accepts_and_refuses_the_rest() {
    let text = stdout(&["schema"]);
    support::snapshot_settings().bind(|| insta::assert_snapshot!("schema", text));
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");

    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/requests");
    let mut checked = 0;
    for entry in std::fs::read_dir(fixtures).unwrap() {
        let path = entry.unwrap().path();
        let request: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&request)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        checked += 1;
    }
    assert!(checked >= 10, "{checked} fixtures");

    // A request file may name its schema, for editors; gen reads it all the same.
    let named = r#"{"$schema": "./open1-snip.schema.json", "model": "gpt-5.4"}"#;
    assert!(validator.is_valid(&serde_json::from_str(named).unwrap()));
    let output = support::open1_snip(&["gen", "-", "--lang", "curl"], Some(named));
    assert_eq!(output.status.code(), Some(0), "{}", support::shown(&output));

    // What `gen` refuses by its type, the schema refuses too.
    for bad in [
        r#"{"modle": "gpt-5.4"}"#,
        r#"{"model": 5}"#,
        r#"{"input": 5}"#,
        r#"{"headers": {"X-A": 1}}"#,
        r#"{"body": []}"#,
        r#"{"base_url": "ftp://x"}"#,
        r#"{"api_key_env": "MY KEY"}"#,
    ] {
        let instance: Value = serde_json::from_str(bad).unwrap();
        assert!(!validator.is_valid(&instance), "the schema accepts {bad}");
        let output = support::open1_snip(&["gen", "-"], Some(bad));
        assert_eq!(output.status.code(), Some(2), "gen accepts {bad}");
    }
}

#[test]
fn init_writes_the_defaults_once() {
    let dir = Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")));
    let output = support::open1_snip_in(&dir.0, &["init"], None);
    assert_eq!(output.status.code(), Some(0), "{}", support::shown(&output));
    let written = std::fs::read_to_string(dir.0.join("open1-snip.toml")).unwrap();
    assert!(written.contains("base-url = \"https://www.open1.codes\""));
    // lint reads it as it is.
    let lint = support::open1_snip_in(&dir.0, &["lint", "."], None);
    assert_eq!(lint.status.code(), Some(0), "{}", support::shown(&lint));

    std::fs::write(dir.0.join("open1-snip.toml"), "# mine\n").unwrap();
    let again = support::open1_snip_in(&dir.0, &["init"], None);
    assert_eq!(again.status.code(), Some(2));
    assert!(support::text(&again.stderr).contains("already exists; not overwritten"));
    assert_eq!(
        std::fs::read_to_string(dir.0.join("open1-snip.toml")).unwrap(),
        "# mine\n"
    );
}
