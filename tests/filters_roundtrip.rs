//! The escaping filters, read back by the real interpreters: random hostile strings (and JSON
//! values built from them) are written as bash words, Python literals and JavaScript literals,
//! then bash, python3 and node — one process each — say what they read. It must be the input.

mod support;

use std::process::Command;

use open1_snip::generate::filters::literal;
use serde_json::{Map, Value, json};

const CASES: usize = 400;

fn seed() -> u64 {
    std::env::var("OPEN1_SNIP_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| fastrand::u64(..))
}

fn strings(seed: u64) -> Vec<String> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..CASES)
        .map(|_| support::hostile::string(&mut rng))
        .collect()
}

/// Random JSON built from hostile strings, with every kind of value, nested a few levels.
fn value(rng: &mut fastrand::Rng, depth: u32) -> Value {
    match rng.u8(0..if depth > 3 { 5 } else { 7 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.bool()),
        2 => serde_json::from_str(
            [
                "0",
                "-1",
                "1.5",
                "2.50",
                "1e-7",
                "1E+21",
                "9007199254740992",
                "-0.0",
            ][rng.usize(0..8)],
        )
        .unwrap(),
        3 | 4 => Value::String(support::hostile::string(rng)),
        5 => Value::Array(
            (0..rng.usize(0..4))
                .map(|_| value(rng, depth + 1))
                .collect(),
        ),
        _ => Value::Object(
            (0..rng.usize(0..4))
                .map(|_| (support::hostile::string(rng), value(rng, depth + 1)))
                .collect::<Map<_, _>>(),
        ),
    }
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

#[test]
fn bash_reads_shell_words_back() {
    let seed = seed();
    let inputs: Vec<String> = strings(seed)
        .into_iter()
        .map(|s| s.replace('\0', ""))
        .collect();
    let dir = support::scratch_dir();
    let mut script = String::from("printf '%s\\0'");
    for input in &inputs {
        script.push_str(" \\\n  ");
        script.push_str(&literal::shell_word(input).unwrap());
    }
    script.push('\n');
    std::fs::write(dir.0.join("words.sh"), script).unwrap();
    let out = run("bash", &["words.sh"], &dir.0);
    let read: Vec<&[u8]> = out.split(|&b| b == 0).collect();
    for (i, input) in inputs.iter().enumerate() {
        assert_eq!(
            read[i],
            input.as_bytes(),
            "seed {seed}: word {:?}",
            literal::shell_word(input).unwrap()
        );
    }
}

/// Writes the cases as one program (`module` gets the comma-separated string literals and value
/// literals), runs it with `interpreter`, and checks that it printed the cases as JSON.
fn read_back(
    interpreter: &str,
    file: &str,
    string: impl Fn(&str) -> String,
    value: impl Fn(&Value) -> String,
    module: impl Fn(&str, &str) -> String,
) {
    let seed = seed();
    let inputs = strings(seed);
    let mut rng = fastrand::Rng::with_seed(seed);
    let values: Vec<Value> = (0..CASES).map(|_| self::value(&mut rng, 0)).collect();
    let dir = support::scratch_dir();
    let strings: Vec<String> = inputs.iter().map(|s| string(s)).collect();
    let literals: Vec<String> = values.iter().map(&value).collect();
    std::fs::write(
        dir.0.join(file),
        module(&strings.join(",\n"), &literals.join(",\n")),
    )
    .unwrap();
    let out: Value = serde_json::from_slice(&run(interpreter, &[file], &dir.0)).unwrap();
    let read = out["strings"].as_array().unwrap();
    for (input, read) in inputs.iter().zip(read) {
        assert_eq!(read, &json!(input), "seed {seed}");
    }
    for (v, read) in values.iter().zip(out["values"].as_array().unwrap()) {
        assert!(
            support::json_equal(v, read),
            "seed {seed}:\n  wrote {v}\n  read  {read}"
        );
    }
}

#[test]
fn python_reads_literals_back() {
    read_back(
        support::python().to_str().unwrap(),
        "literals.py",
        literal::py_str,
        |v| literal::py(v, 0, 0, 1),
        |strings, values| {
            format!(
                "import json\n\nstrings = [\n{strings}\n]\nvalues = [\n{values}\n]\n\
                 print(json.dumps({{\"strings\": strings, \"values\": values}}))\n"
            )
        },
    );
}

#[test]
fn node_reads_literals_back() {
    read_back(
        "node",
        "literals.mjs",
        literal::js_str,
        |v| literal::js(v, 0, 0, 1),
        |strings, values| {
            format!(
                "const strings = [\n{strings}\n];\nconst values = [\n{values}\n];\n\
                 process.stdout.write(JSON.stringify({{ strings, values }}));\n"
            )
        },
    );
}

#[test]
fn json_strings_parse_back() {
    let seed = seed();
    for input in strings(seed) {
        let text = literal::json_str(&input);
        assert!(
            !text.chars().any(open1_snip::generate::filters::is_unseen),
            "seed {seed}: raw unseen char in {text:?}"
        );
        assert_eq!(
            serde_json::from_str::<String>(&text).unwrap(),
            input,
            "seed {seed}"
        );
    }
    let mut rng = fastrand::Rng::with_seed(seed);
    for _ in 0..CASES {
        let v = value(&mut rng, 0);
        let back: Value = serde_json::from_str(&literal::json_text(&v, 2)).unwrap();
        assert!(support::json_equal(&v, &back), "seed {seed}: {v}");
    }
}
