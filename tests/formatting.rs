//! "Reads like code a person would put in docs", checked by the formatters docs writers run:
//! every generated Python snippet is left unchanged by black, every JavaScript one by Prettier,
//! and every curl one parses as bash. The snippets are written outside any git work tree (a
//! `.gitignore` would hide them from Prettier and black) and each check counts the files the
//! tool read; the last tests show each check failing on a misformatted file.

mod support;

use std::path::{Path, PathBuf};

use open1_snip::generate::Lang;
use open1_snip::request::KeyStyle;
use support::checkers::{self, Report};

/// Writes every fixture's snippet for `lang`, with each key style, into a temporary directory
/// outside git; returns it and the files written.
fn snippets(lang: Lang, extension: &str) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = checkers::outside_git();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/requests");
    let mut files = Vec::new();
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
            let file = dir.path().join(format!("{name}-{key:?}.{extension}"));
            std::fs::write(&file, code).unwrap();
            files.push(file);
        }
    }
    assert!(
        files.len() >= 18,
        "expected two snippets per fixture, wrote {}",
        files.len()
    );
    (dir, files)
}

#[test]
fn python_passes_black() {
    for lang in [Lang::Python, Lang::PythonOpenai] {
        let (_dir, files) = snippets(lang, "py");
        checkers::black(&files).assert_clean(&format!("black ({})", lang.id()), &files);
    }
}

#[test]
fn javascript_passes_prettier() {
    for lang in [Lang::Node, Lang::NodeOpenai] {
        let (_dir, files) = snippets(lang, "mjs");
        checkers::prettier(&files).assert_clean(&format!("prettier ({})", lang.id()), &files);
    }
}

#[test]
fn curl_parses_as_bash() {
    let (_dir, files) = snippets(Lang::Curl, "sh");
    checkers::bash_syntax(&files).assert_clean("bash -n", &files);
}

/// Each checker, given one clean file and one it must reject, checks both and names the bad
/// one: the checks above can fail.
#[test]
fn each_checker_rejects_a_misformatted_file() {
    type Checker = fn(&[PathBuf]) -> Report;
    let cases: [(&str, Checker, &str, &str, &str); 3] = [
        (
            "prettier",
            checkers::prettier,
            "mjs",
            "const body = \"x\";\n",
            // Prettier unquotes the key and drops the spaces.
            "const body = {\"1\": \"one\"  };\n",
        ),
        (
            "black",
            checkers::black,
            "py",
            "body = {\"a\": 1}\n",
            "body = {'a':1}\n",
        ),
        (
            "bash -n",
            checkers::bash_syntax,
            "sh",
            "echo ok\n",
            "echo 'unterminated\n",
        ),
    ];
    for (what, check, extension, good, bad) in cases {
        let dir = checkers::outside_git();
        let files = [
            dir.path().join(format!("good.{extension}")),
            dir.path().join(format!("bad.{extension}")),
        ];
        std::fs::write(&files[0], good).unwrap();
        std::fs::write(&files[1], bad).unwrap();
        let report = check(&files);
        assert_eq!(report.checked, 2, "{what}: {report:?}");
        let failed: Vec<&PathBuf> = report.failed.iter().map(|(file, _)| file).collect();
        assert_eq!(failed, [&files[1]], "{what}: {report:?}");
        let clean = std::panic::catch_unwind(|| report.assert_clean(what, &files));
        assert!(clean.is_err(), "{what}: assert_clean passed a bad file");
    }
}

/// A check that read nothing fails, even when it found nothing wrong.
#[test]
fn a_check_of_no_file_fails() {
    let dir = checkers::outside_git();
    let file = dir.path().join("ok.sh");
    std::fs::write(&file, "echo ok\n").unwrap();
    let nothing = checkers::bash_syntax(&[]);
    let result = std::panic::catch_unwind(|| nothing.assert_clean("bash -n", &[file.clone()]));
    assert!(result.is_err(), "a report of 0 files checked passed");
}
