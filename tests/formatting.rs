//! "Reads like code a person would put in docs", checked by the formatters docs writers run:
//! every generated Python snippet is left unchanged by black, every JavaScript one by Prettier,
//! and every curl one parses as bash.

mod support;

use std::path::Path;
use std::process::Command;

use open1_snip::generate::Lang;
use open1_snip::request::KeyStyle;

/// Writes every fixture's snippet for `lang`, with each key style, into one folder.
fn snippets(lang: Lang, extension: &str) -> support::tempdir::Scratch {
    let dir = support::scratch_dir();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/requests");
    let mut written = 0;
    for entry in std::fs::read_dir(fixtures).unwrap() {
        let path = entry.unwrap().path();
        let description = std::fs::read_to_string(&path).unwrap();
        for key in [KeyStyle::Env, KeyStyle::Placeholder] {
            let request = support::request_with_key(&description, None, key);
            // node-openai refuses integers beyond 2^53 (tested elsewhere): nothing to format.
            let Ok(code) = support::render(lang, &request) else {
                continue;
            };
            let name = path.file_stem().unwrap().to_string_lossy();
            std::fs::write(dir.0.join(format!("{name}-{key:?}.{extension}")), code).unwrap();
            written += 1;
        }
    }
    assert!(
        written >= 18,
        "expected two snippets per fixture, wrote {written}"
    );
    dir
}

fn assert_clean(mut command: Command, what: &str) {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    assert!(
        output.status.success(),
        "{what} would change generated code:\n{}{}",
        support::text(&output.stdout),
        support::text(&output.stderr)
    );
}

#[test]
fn python_passes_black() {
    for lang in [Lang::Python, Lang::PythonOpenai] {
        let dir = snippets(lang, "py");
        let mut black = Command::new(support::python());
        black
            .args(["-m", "black", "--check", "--diff", "--quiet"])
            .arg(&dir.0);
        assert_clean(black, &format!("black ({})", lang.id()));
    }
}

#[test]
fn javascript_passes_prettier() {
    for lang in [Lang::Node, Lang::NodeOpenai] {
        let dir = snippets(lang, "mjs");
        let mut prettier = Command::new(support::node_modules_bin("prettier"));
        prettier
            .args(["--check", "--no-config"])
            .arg(dir.0.join("*.mjs"));
        assert_clean(prettier, &format!("prettier ({})", lang.id()));
    }
}

#[test]
fn curl_parses_as_bash() {
    let dir = snippets(Lang::Curl, "sh");
    for entry in std::fs::read_dir(&dir.0).unwrap() {
        let mut bash = Command::new("bash");
        bash.arg("-n").arg(entry.unwrap().path());
        assert_clean(bash, "bash -n");
    }
}
