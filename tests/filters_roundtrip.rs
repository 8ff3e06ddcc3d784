//! The escaping filters, read back by the real interpreters (proptest): arbitrary Unicode and
//! hostile strings, and JSON values built from them, are written as bash words, Python literals
//! and JavaScript literals; then bash, python3 (`ast.literal_eval`: literals only, nothing run)
//! and node — one process per batch of a few hundred — say what they read. It must be the input.

mod support;

use std::process::Command;

use open1_snip::generate::filters::{is_unseen, literal};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Strings per batch: each batch is one interpreter process.
const BATCH: usize = 150;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 16,
        max_shrink_iters: 200,
        failure_persistence: support::persistence("filters_roundtrip"),
        ..ProptestConfig::default()
    }
}

/// Any string at all, or hostile pieces (quotes, `$`, backticks, control characters, CJK, emoji).
fn string() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), support::hostile::text(12)]
}

fn strings() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(string(), BATCH)
}

/// JSON with every kind of value, nested a few levels, with hostile keys and strings.
fn value() -> impl Strategy<Value = Value> {
    let number = proptest::sample::select(&[
        "0",
        "-1",
        "1.5",
        "2.50",
        "1e-7",
        "1E+21",
        "9007199254740992",
        "-0.0",
    ])
    .prop_map(|n| serde_json::from_str::<Value>(n).unwrap());
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number,
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        string().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((string(), inner), 0..4)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn values() -> impl Strategy<Value = Vec<Value>> {
    proptest::collection::vec(value(), BATCH / 3)
}

fn run(program: &str, args: &[&str], dir: &std::path::Path) -> Vec<u8> {
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{program} failed: {}",
        support::text(&output.stderr)
    );
    output.stdout
}

/// Writes `strings` and `values` as literals (comma-separated, in brackets) to two files, runs
/// `program` (which reads them and prints them as JSON) and checks what it read.
fn read_back(
    interpreter: &str,
    program: (&str, &str),
    strings: &[String],
    values: &[Value],
    string: impl Fn(&str) -> String,
    value: impl Fn(&Value) -> String,
) -> Result<(), TestCaseError> {
    let dir = support::scratch_dir();
    let list = |items: Vec<String>| format!("[\n{}\n]\n", items.join(",\n"));
    let written = (
        list(strings.iter().map(|s| string(s)).collect()),
        list(values.iter().map(&value).collect()),
    );
    for text in [&written.0, &written.1] {
        let raw = text.chars().find(|&c| c != '\n' && is_unseen(c));
        prop_assert!(raw.is_none(), "raw {:?} in {}", raw, text);
    }
    std::fs::write(dir.0.join("strings.txt"), &written.0).unwrap();
    std::fs::write(dir.0.join("values.txt"), &written.1).unwrap();
    std::fs::write(dir.0.join(program.0), program.1).unwrap();
    let out: Value = serde_json::from_slice(&run(interpreter, &[program.0], &dir.0)).unwrap();
    let read = out["strings"].as_array().unwrap();
    prop_assert_eq!(read.len(), strings.len());
    for (input, read) in strings.iter().zip(read) {
        prop_assert_eq!(read, &json!(input), "wrote {}", string(input));
    }
    for (v, read) in values.iter().zip(out["values"].as_array().unwrap()) {
        prop_assert!(
            support::json_equal(v, read),
            "\n  wrote {}\n  read  {read}",
            value(v)
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn bash_reads_shell_words_back(inputs in strings()) {
        // A NUL cannot be in a shell word (nor in argv): the filter is never given one.
        let inputs: Vec<String> = inputs.into_iter().map(|s| s.replace('\0', "")).collect();
        let dir = support::scratch_dir();
        let mut script = String::from("printf '%s\\0'");
        for input in &inputs {
            script.push_str(" \\\n  ");
            script.push_str(&literal::shell_word(input).unwrap());
        }
        script.push('\n');
        let raw = script.chars().find(|&c| c != '\n' && is_unseen(c));
        prop_assert!(raw.is_none(), "raw {:?} in {}", raw, script);
        std::fs::write(dir.0.join("words.sh"), script).unwrap();
        let out = run("bash", &["words.sh"], &dir.0);
        let read: Vec<&[u8]> = out.split(|&b| b == 0).collect();
        for (i, input) in inputs.iter().enumerate() {
            prop_assert_eq!(
                read[i],
                input.as_bytes(),
                "word {:?}",
                literal::shell_word(input).unwrap()
            );
        }
    }

    #[test]
    fn python_reads_literals_back(strings in strings(), values in values()) {
        // Read in text mode, as Python reads source (universal newlines), and evaluated as
        // literals only.
        let program = "import ast, json\n\
            read = lambda name: ast.literal_eval(open(name, encoding='utf-8').read())\n\
            print(json.dumps({'strings': read('strings.txt'), 'values': read('values.txt')}))\n";
        read_back(
            support::python().to_str().unwrap(),
            ("read.py", program),
            &strings,
            &values,
            literal::py_str,
            |v| literal::py(v, 0, 0, 1),
        )?;
    }

    #[test]
    fn node_reads_literals_back(strings in strings(), values in values()) {
        // Each list is read as a JavaScript expression, the way a module's source is.
        let program = "const fs = require('fs');\n\
            const read = (name) => (0, eval)('(' + fs.readFileSync(name, 'utf8') + ')');\n\
            process.stdout.write(JSON.stringify({ strings: read('strings.txt'), values: read('values.txt') }));\n";
        read_back(
            "node",
            ("read.cjs", program),
            &strings,
            &values,
            literal::js_str,
            |v| literal::js(v, 0, 0, 1),
        )?;
    }

    #[test]
    fn json_strings_parse_back(input in string(), v in value()) {
        let text = literal::json_str(&input);
        prop_assert!(!text.chars().any(is_unseen), "raw unseen char in {:?}", text);
        prop_assert_eq!(serde_json::from_str::<String>(&text).unwrap(), input);
        let back: Value = serde_json::from_str(&literal::json_text(&v, 2)).unwrap();
        prop_assert!(support::json_equal(&v, &back), "{}", v);
    }
}

/// The invisible characters, alone, together, after visible text and as object keys: each filter
/// writes none of them raw, and each interpreter reads back exactly the input.
fn invisible_inputs() -> (Vec<String>, Vec<Value>) {
    let invisible = support::hostile::INVISIBLE;
    let mut strings: Vec<String> = invisible.iter().map(|c| format!("OK.{c}")).collect();
    strings.push(invisible.iter().collect());
    strings.push("Reply with OK only.\u{e0001}\u{e0069}\u{e0067}\u{e006e}\u{e007f}".to_owned());
    let values = vec![
        Value::Array(strings.iter().cloned().map(Value::String).collect()),
        Value::Object(
            invisible
                .iter()
                .map(|c| (format!("k{c}"), json!(c.to_string())))
                .collect(),
        ),
    ];
    (strings, values)
}

fn assert_none_raw(language: &str, text: &str) {
    let raw: Vec<String> = text
        .chars()
        .filter(|c| support::hostile::INVISIBLE.contains(c))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    assert!(raw.is_empty(), "{language}: raw {raw:?} in\n{text}");
}

#[test]
fn invisible_characters_are_escaped_and_read_back() {
    let (strings, values) = invisible_inputs();

    let dir = support::scratch_dir();
    let mut script = String::from("printf '%s\\0'");
    for input in &strings {
        script.push_str(" \\\n  ");
        script.push_str(&literal::shell_word(input).unwrap());
    }
    script.push('\n');
    assert_none_raw("bash", &script);
    std::fs::write(dir.0.join("words.sh"), &script).unwrap();
    let out = run("bash", &["words.sh"], &dir.0);
    let read: Vec<&[u8]> = out.split(|&b| b == 0).collect();
    for (input, read) in strings.iter().zip(read) {
        assert_eq!(
            read,
            input.as_bytes(),
            "{}",
            literal::shell_word(input).unwrap()
        );
    }

    for v in &values {
        let text = literal::json_text(v, 2);
        assert_none_raw("json", &text);
        assert_eq!(&serde_json::from_str::<Value>(&text).unwrap(), v);
        assert_none_raw("json", &literal::json_compact(v));
        assert_none_raw("python", &literal::py(v, 0, 0, 1));
        assert_none_raw("javascript", &literal::js(v, 0, 0, 1));
    }
    for s in &strings {
        assert_none_raw("python", &literal::py_str(s));
        assert_none_raw("javascript", &literal::js_str(s));
    }

    let python = "import ast, json\n\
        read = lambda name: ast.literal_eval(open(name, encoding='utf-8').read())\n\
        print(json.dumps({'strings': read('strings.txt'), 'values': read('values.txt')}))\n";
    read_back(
        support::python().to_str().unwrap(),
        ("read.py", python),
        &strings,
        &values,
        literal::py_str,
        |v| literal::py(v, 0, 0, 1),
    )
    .unwrap();
    let node = "const fs = require('fs');\n\
        const read = (name) => (0, eval)('(' + fs.readFileSync(name, 'utf8') + ')');\n\
        process.stdout.write(JSON.stringify({ strings: read('strings.txt'), values: read('values.txt') }));\n";
    read_back(
        "node",
        ("read.cjs", node),
        &strings,
        &values,
        literal::js_str,
        |v| literal::js(v, 0, 0, 1),
    )
    .unwrap();
}
