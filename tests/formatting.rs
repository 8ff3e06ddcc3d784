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
    let result =
        std::panic::catch_unwind(|| nothing.assert_clean("bash -n", std::slice::from_ref(&file)));
    assert!(result.is_err(), "a report of 0 files checked passed");
}

/// Key shapes for the table: what Prettier's `quoteProps: "as-needed"` unquotes (identifier
/// names, "simple" numbers that read back the same) and what it must leave quoted. Not here:
/// U+2E2F, a letter to Prettier's ES5 test but no identifier to Node, which Prettier unquotes
/// into a syntax error; the generator keeps it quoted, as it must.
const KEYS: &[&str] = &[
    "a",
    "abcd",
    "abcde",
    "$x",
    "$",
    "_",
    "_a1",
    "class",
    "constructor",
    "null",
    "true",
    "toString",
    "1",
    "0",
    "01",
    "00",
    "1.5",
    "1.50",
    "1.0",
    "0.5",
    ".5",
    "5.",
    "-1",
    "+1",
    "1e3",
    "1E3",
    "0x10",
    "1_000",
    "12345678901234567890",
    "9007199254740993",
    "0.0000001",
    "0.000001",
    "999999999999999999999",
    "123456789012345678",
    "a-b",
    "a b",
    "",
    " ",
    "\"",
    "'",
    "\\",
    "名前",
    "café",
    "cafe\u{301}",
    "Ünïcödé",
    "\u{37a}",
    "\u{fdfa}",
    "\u{ff9e}",
    "a\u{ff9e}",
    "\u{2118}",
    "a\u{200c}b",
    "a\u{200d}b",
    "\u{3164}",
    "\u{1d465}",
    "a\u{1d465}",
    "a😀",
    "\u{20000}",
];

/// A string of `width` display columns: ASCII, or double-width CJK.
fn text_of_width(width: usize, wide: bool) -> String {
    if wide {
        "中".repeat(width / 2) + &"a".repeat(width % 2)
    } else {
        (0..width)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect()
    }
}

/// Requests that put each key shape, and string values whose lines end on either side of 80
/// columns, at every depth the templates write: a body field, an object in it, an object two
/// levels down, headers (`headers: {…}` in node, `defaultHeaders` in node-openai), and the
/// JSON-text body (`const body = '…'`) node falls back to for integers beyond 2^53.
fn table() -> Vec<serde_json::Value> {
    use serde_json::json;
    let mut cases = Vec::new();
    let at_every_depth = |key: &str, value: &str| {
        json!({
            "prompt": "Hi",
            "body": {
                "x_one": { (key): value, "z": 1 },
                "x_two": { "a": { (key): value, "z": 1 } },
                "x_three": { "a": { "b": { (key): value, "z": 1 } } },
            }
        })
    };
    for key in KEYS {
        for value in ["v", &text_of_width(90, false)] {
            cases.push(at_every_depth(key, value));
        }
    }
    // Across the 80-column boundary: "abcd" is short (width < 5), the others are not.
    for key in ["a", "abcd", "abcde", "a-b", "名前名前", "1", "1.5"] {
        for width in 55..=80 {
            for wide in [false, true] {
                cases.push(at_every_depth(key, &text_of_width(width, wide)));
            }
        }
    }
    for name in ["Ab", "Abcd", "Abcde", "X-A", "X-Docs-Version"] {
        for width in 55..=80 {
            cases.push(
                json!({ "prompt": "Hi", "headers": { (name): text_of_width(width, false) } }),
            );
        }
    }
    for width in 0..=40 {
        cases.push(json!({ "input": text_of_width(width, false), "body": { "x_big": 9007199254740993_u64 } }));
        cases.push(json!({ "input": text_of_width(width, true), "body": { "x_big": 9007199254740993_u64 } }));
    }
    cases
}

/// The table of key and value shapes, rendered by each Node.js template (each key style),
/// is left unchanged by the pinned Prettier: the layout filters follow Prettier's own rules.
#[test]
fn prettier_agrees_on_key_and_value_shapes() {
    let cases = table();
    for lang in [Lang::Node, Lang::NodeOpenai] {
        let dir = checkers::outside_git();
        let mut files = Vec::new();
        for (i, case) in cases.iter().enumerate() {
            let request = support::request_with_key(&case.to_string(), None, KeyStyle::Env);
            // node-openai refuses integers beyond 2^53 (tested elsewhere).
            let Ok(code) = support::render(lang, &request) else {
                continue;
            };
            let file = dir.path().join(format!("case-{i}.mjs"));
            std::fs::write(&file, code).unwrap();
            files.push(file);
        }
        assert!(files.len() >= 600, "{}: {} files", lang.id(), files.len());
        checkers::prettier(&files).assert_clean(&format!("prettier ({})", lang.id()), &files);
    }
}

/// The same table through black: Python snippets need no special layout for long strings.
#[test]
fn black_agrees_on_key_and_value_shapes() {
    let cases = table();
    for lang in [Lang::Python, Lang::PythonOpenai] {
        let dir = checkers::outside_git();
        let mut files = Vec::new();
        for (i, case) in cases.iter().enumerate() {
            let request = support::request_with_key(&case.to_string(), None, KeyStyle::Env);
            let code = support::render(lang, &request).expect("Python holds every value");
            let file = dir.path().join(format!("case_{i}.py"));
            std::fs::write(&file, code).unwrap();
            files.push(file);
        }
        checkers::black(&files).assert_clean(&format!("black ({})", lang.id()), &files);
    }
}
