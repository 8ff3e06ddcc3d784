//! `convert`, proven by running: each curl command — the docs page's cURL examples and a set of
//! hostile ones — is run as written by bash and the real curl against the mock relay; then it is
//! converted, every snippet convert writes is run by its real client against the same relay, and
//! each captured request must be the original's: method, path, Authorization, Content-Type,
//! User-Agent, every other header the command sets, and a JSON-equal body (integers digit for
//! digit); and each snippet must print the reply.
//!
//! The commands name the real hosts; the test points them at the relay by rewriting
//! `https://www.open1.codes` and `https://doc.open1.codes` in the command text (a reverse-proxy
//! prefix stays). bash runs the command with the docs page's key placeholders replaced by the
//! relay's key; convert reads them as written (the snippets read the key from the environment).
//!
//! Two things the parsed bodies cannot show are checked on the bytes: a key written twice
//! (curl sends both, the snippets the last value) and the spelling of numbers, which must be
//! exactly what convert's warning says each client sends.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use open1_snip::extract::{self, FileKind};
use open1_snip::generate::Lang;
use open1_snip::source::SourceFile;
use serde_json::{Map, Value};
use support::relay::{Captured, GOOD_KEY, MockRelay};

const REPLY: &str =
    "OK — 好的 ✅ \"quoted\" 'single' $HOME `cmd` \\ back\\slash\ttab\nsecond line 😀";
/// Keys as docs write them for the reader to replace.
const PLACEHOLDERS: [&str; 2] = ["{在这里填写_API_Key}", "YOUR_API_KEY"];

struct Case {
    name: String,
    command: String,
    /// Files next to the command: (name, contents).
    files: Vec<(&'static str, Vec<u8>)>,
}

fn case(name: &str, command: &str) -> Case {
    Case {
        name: name.to_owned(),
        command: command.to_owned(),
        files: Vec::new(),
    }
}

const HEAD: &str = r#"curl https://www.open1.codes/v1/responses \
  -H "Authorization: Bearer $OPEN1_API_KEY" \
  -H "Content-Type: application/json" \
"#;

/// The docs page's cURL examples, found the way `lint` finds them.
fn docs_page_cases() -> Vec<Case> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/docs-page/open1-curl-docs-page.en.md"
    );
    let file = SourceFile::new(path, std::fs::read_to_string(path).unwrap());
    let cases: Vec<Case> = extract::snippets(&file, FileKind::Markdown)
        .into_iter()
        .filter(|s| s.code.contains("curl "))
        .enumerate()
        .map(|(i, s)| case(&format!("docs page example {}", i + 1), &s.code))
        .collect();
    assert_eq!(cases.len(), 2, "the docs page has two cURL examples");
    cases
}

fn hostile_cases() -> Vec<Case> {
    let body = |json: &str| format!("{HEAD}  -d '{json}'\n");
    let mut cases = vec![
        case(
            "single quotes: $, backticks, backslashes, CJK, emoji",
            &body(
                r#"{"model": "gpt-5.4", "input": "cost $5 `id` $(id) \\ back\\slash \"dq\" 你好 😀 \u2028"}"#,
            ),
        ),
        case(
            "double quotes with escapes",
            &format!(
                "{HEAD}  -d \"{{\\\"model\\\": \\\"gpt-5.4\\\", \\\"input\\\": \\\"\\$HOME \\`id\\` \\\\\\\\ it's 中文\\\"}}\"\n"
            ),
        ),
        case(
            "ansi-c quotes: \\n \\t \\x41 \\u4f60 \\' and a JSON \\u001b",
            &format!(
                "{HEAD}  -d $'{{\\n\\t\"model\": \"gpt-5.4\",\\n\\t\"input\": \"\\x41 \\u4f60 it\\'s \\\\u001b[31m red \\\\n\"\\n}}'\n"
            ),
        ),
        case(
            "--json, no Content-Type header",
            "curl https://www.open1.codes/v1/responses -H \"Authorization: Bearer $OPEN1_API_KEY\" --json '{\"model\": \"gpt-5.4\", \"input\": \"json flag\"}'\n",
        ),
        case(
            "-d twice: joined with &",
            &format!("{HEAD}  -d '{{\"model\": \"gpt-5.4\", \"input\": \"a' -d 'b\"}}'\n"),
        ),
        case(
            "quoted here-document",
            &format!(
                "{HEAD}  --data-binary @- <<'JSON'\n{{\"model\": \"gpt-5.4\",\n \"input\": \"$HOME `id` \\\\ EOF\\nJSON\"}}\nJSON\n"
            ),
        ),
        case(
            "--url, -X POST, ${VAR}, combined -sSN",
            "curl -sSN -X POST --url https://www.open1.codes/v1/responses -H \"Authorization: Bearer ${OPEN1_API_KEY}\" -H 'Content-Type: application/json' -d '{\"model\": \"gpt-5.4\", \"input\": \"url\"}'\n",
        ),
        case(
            "another key variable; -sSd",
            "curl https://www.open1.codes/v1/responses -H \"Authorization: Bearer $MY_RELAY_KEY\" -H 'Content-Type: application/json' -sSd '{\"model\": \"gpt-5.4\", \"input\": \"key var\"}'\n",
        ),
        case(
            "extra headers and a User-Agent of its own",
            &format!(
                "{HEAD}  -H 'X-Trace-Id: abc-123' -H 'OpenAI-Beta: responses=v1' -A 'my-docs-bot/2.0 (+https://x)' \\\n  -d '{{\"model\": \"gpt-5.4\", \"input\": \"headers\"}}'\n"
            ),
        ),
        case(
            "reverse-proxy base URL",
            "curl https://doc.open1.codes/open1-api/v1/responses -H \"Authorization: Bearer $OPEN1_API_KEY\" -H 'Content-Type: application/json' -d '{\"model\": \"gpt-5.4\", \"input\": \"proxy\"}'\n",
        ),
        case(
            "stream: true with -N",
            &format!(
                "{HEAD}  -N -H 'Accept: text/event-stream' -d '{{\"model\": \"gpt-5.4\", \"input\": \"stream\", \"stream\": true}}'\n"
            ),
        ),
        case(
            "big integers and exact decimals",
            &body(
                r#"{"model": "gpt-5.4", "input": "n", "seed": 123456789012345678901234567890, "max_output_tokens": 9007199254740993, "temperature": 0.70, "top_p": 1e-1, "metadata": {"neg": -12345678901234567890}}"#,
            ),
        ),
        case(
            "exact decimals only (node-openai too)",
            &body(
                r#"{"model": "gpt-5.4", "input": [{"role": "user", "content": "d"}], "temperature": 0.70, "top_p": 0.1000}"#,
            ),
        ),
        case(
            "the docs page's input as prompt, with other fields",
            &body(
                r#"{"model": "gpt-5.1", "input": [{"role": "user", "content": [{"type": "input_text", "text": "p"}]}], "reasoning": {"effort": "low"}, "store": false, "x": null}"#,
            ),
        ),
        case(
            "variables assigned before the command",
            "BASE=https://www.open1.codes\nMODEL=\"gpt-5.1\"\ncurl \"$BASE/v1/responses\" -H \"Authorization: Bearer $OPEN1_API_KEY\" -H 'Content-Type: application/json' \\\n  -d \"{\\\"model\\\": \\\"$MODEL\\\", \\\"input\\\": \\\"vars\\\"}\"\n",
        ),
        case(
            "a literal key, replaced by the env var",
            &format!(
                "curl https://www.open1.codes/v1/responses -H 'Authorization: Bearer {GOOD_KEY}' -H 'Content-Type: application/json' -d '{{\"model\": \"gpt-5.4\", \"input\": \"lit\"}}'\n"
            ),
        ),
        case(
            "\\+newline inside words: URL, header value, key, body pieces (bash deletes it)",
            "curl https://www.open1.codes/v1/\\\nresponses \\\n  -H \"Authorization: Bearer \\\n$OPEN1_API_KEY\" -H 'Content-Type: application/json' \\\n  -H 'X-Trace: abc'\\\n'-s' \\\n  -d '{\"model\": \"gpt-5.4\", '\\\n\\\n'\"input\": \"joined'\\\n\"\\\\\\\"dq\\\\\\\"\"'\"}'\n",
        ),
        case(
            "$'…' (ANSI-C) body and header: escapes decoded as bash decodes them",
            "curl https://www.open1.codes/v1/responses -H \"Authorization: Bearer $OPEN1_API_KEY\" -H $'Content-Type: application/json' \\\n  -H $'X-Ansi: \\x41\\101\\x42\\q' \\\n  -d $'{\"model\": \"gpt-5.4\", \"input\": \"tab\\\\there \\'q\\' back\\\\\\\\slash\"}'\n",
        ),
        case(
            "options not carried over, console prompt, | jq",
            "$ curl https://www.open1.codes/v1/responses --max-time 30 -L \\\n>   -H \"Authorization: Bearer $OPEN1_API_KEY\" -H 'Content-Type: application/json' \\\n>   -d '{\"model\": \"gpt-5.4\", \"input\": \"console\"}' | jq -r .status\ncompleted\n",
        ),
    ];
    cases.extend([
        case(
            "a key written twice: curl sends both, the snippets the last value",
            &body(
                r#"{"model": "gpt-5.1", "input": "dup", "temperature": 0.2, "reasoning": {"effort": "low", "effort": "high"}, "temperature": 0.7, "model": "gpt-5.4"}"#,
            ),
        ),
        // At most five each: the warning names five.
        case(
            "numbers the clients print otherwise",
            &body(
                r#"{"model": "gpt-5.4", "input": "n", "temperature": 1e0, "top_p": 1.0, "max_output_tokens": 1E+2, "metadata": {"a": -0.0, "b": 0.10, "c": 7, "d": 0.5}}"#,
            ),
        ),
        case(
            "more numbers the clients print otherwise",
            &body(
                r#"{"model": "gpt-5.4", "input": "n", "x": [-0, 1.5e300, 2.50e-7, 0.0000001, 1e16, 12345678901234567]}"#,
            ),
        ),
        case(
            "--oauth2-bearer \"$VAR\"",
            "curl https://www.open1.codes/v1/responses --oauth2-bearer \"$MY_RELAY_KEY\" -H 'Content-Type: application/json' -d '{\"model\": \"gpt-5.4\", \"input\": \"oauth\"}'\n",
        ),
        case(
            "--oauth2-bearer with a placeholder, -u given too",
            "curl https://www.open1.codes/v1/responses -u me:pw --oauth2-bearer YOUR_API_KEY -H 'Content-Type: application/json' -d '{\"model\": \"gpt-5.4\", \"input\": \"oauth\"}'\n",
        ),
        case(
            "-u replaced by an Authorization header, as in curl",
            "curl https://www.open1.codes/v1/responses -u me:pw -H \"Authorization: Bearer $OPEN1_API_KEY\" -H 'Content-Type: application/json' -d '{\"model\": \"gpt-5.4\", \"input\": \"user\"}'\n",
        ),
        case(
            "a placeholder key in -H",
            "curl https://www.open1.codes/v1/responses -H 'Authorization: Bearer YOUR_API_KEY' -H 'Content-Type: application/json' -d '{\"model\": \"gpt-5.4\", \"input\": \"placeholder\"}'\n",
        ),
    ]);
    let file_body =
        b"{\n  \"model\": \"gpt-5.4\",\n  \"input\": \"line one\nline two\"\n}\n".to_vec();
    for (name, option, contents) in [
        (
            "-d @file, trailing newline (newlines dropped)",
            "-d",
            file_body.clone(),
        ),
        (
            "--data-binary @file, trailing newline",
            "--data-binary",
            b"{\"model\": \"gpt-5.4\",\n \"input\": \"kept\\n\"}\n".to_vec(),
        ),
        (
            "--data-binary @file, no trailing newline",
            "--data-binary",
            b"{\"model\": \"gpt-5.4\", \"input\": \"no newline\"}".to_vec(),
        ),
    ] {
        let mut c = case(name, &format!("{HEAD}  {option} @body.json\n"));
        c.files.push(("body.json", contents));
        cases.push(c);
    }
    // About 1 MB: past one command-line argument's limit, so a here-document.
    let prompt = "多字节 'quote' \\\"dq\\\" $HOME `x` \\\\ 😀 ".repeat(1 << 20 >> 5);
    assert!(prompt.len() > 1 << 20);
    cases.push(case(
        "1 MB prompt in a here-document",
        &format!(
            "{HEAD}  --data-binary @- <<'JSON'\n{{\"model\": \"gpt-5.4\", \"input\": \"{prompt}\"}}\nJSON\n"
        ),
    ));
    cases
}

/// Points the command at the relay.
fn rewrite(command: &str, relay: &str) -> String {
    command
        .replace("https://www.open1.codes", relay)
        .replace("https://doc.open1.codes", relay)
}

/// The command as bash runs it: the relay's key in place of the docs page's placeholders.
fn with_key(command: &str) -> String {
    PLACEHOLDERS
        .iter()
        .fold(command.to_owned(), |command, placeholder| {
            command.replace(placeholder, GOOD_KEY)
        })
}

fn installed_curl_agent() -> String {
    let output = Command::new("curl").arg("--version").output().unwrap();
    let text = support::text(&output.stdout);
    format!("curl/{}", text.split_whitespace().nth(1).unwrap())
}

/// Runs one case; returns what differs.
fn check(case: &Case, curl_agent: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let relay = MockRelay::start(REPLY);
    let command = rewrite(&case.command, &relay.base_url);
    let dir = support::tempdir::Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")));
    for (name, contents) in &case.files {
        std::fs::write(dir.0.join(name), contents).unwrap();
    }
    std::fs::write(dir.0.join("command.txt"), &command).unwrap();

    // The original, as bash and curl run it (a console session's commands only).
    std::fs::write(
        dir.0.join("command.sh"),
        extract::shell_text(&with_key(&command)).code,
    )
    .unwrap();
    let mut bash = Command::new("bash");
    support::isolated(&mut bash, &dir.0)
        .arg("command.sh")
        .env("OPEN1_API_KEY", GOOD_KEY)
        .env("MY_RELAY_KEY", GOOD_KEY);
    let output = support::run_with_timeout(bash, Duration::from_secs(60));
    if !output.status.success() || output.stdout.is_empty() {
        return vec![format!(
            "the original failed ({}): {}",
            output.status,
            support::text(&output.stderr)
        )];
    }
    let Some(original) = relay.requests().pop() else {
        return vec!["the original sent nothing".into()];
    };

    // Converted: every lang gen can write for it, in one run.
    let mut langs: Vec<Lang> = Lang::ALL.to_vec();
    let (snippets, warnings) = loop {
        let list: Vec<&str> = langs.iter().map(|l| l.id()).collect();
        let output = support::open1_snip_in(
            &dir.0,
            &[
                "convert",
                "command.txt",
                "--lang",
                &list.join(","),
                "--format",
                "json",
            ],
            None,
        );
        let stderr = support::text(&output.stderr);
        if output.status.success() {
            let snippets = serde_json::from_slice::<Map<String, Value>>(&output.stdout).unwrap();
            break (snippets, stderr);
        }
        // The openai npm package cannot send integers beyond 2^53; gen says so instead.
        if langs.contains(&Lang::NodeOpenai)
            && stderr.contains("node-openai")
            && stderr.contains("2^53")
        {
            langs.retain(|&l| l != Lang::NodeOpenai);
            continue;
        }
        return vec![format!("convert failed: {stderr}")];
    };
    let description =
        support::open1_snip_in(&dir.0, &["convert", "command.txt", "--to", "request"], None);
    assert!(
        description.status.success(),
        "{}",
        support::text(&description.stderr)
    );
    let description: Value = serde_json::from_slice(&description.stdout).unwrap();
    let key_env = description["api_key_env"].as_str().unwrap().to_owned();

    let original_body: Value = match serde_json::from_slice(&original.body) {
        Ok(body) => body,
        Err(e) => return vec![format!("the original's body is not JSON: {e}")],
    };
    for lang in &langs {
        let code = snippets[lang.id()].as_str().unwrap();
        let before = relay.requests().len();
        let output = support::run_snippet(*lang, code, &key_env, GOOD_KEY);
        let mut found = Vec::new();
        let stdout = support::text(&output.stdout);
        if !output.status.success() {
            found.push(format!(
                "exited with {}: {}",
                output.status,
                support::text(&output.stderr)
            ));
        }
        if stdout != format!("{REPLY}\n") {
            found.push(format!("printed {stdout:?}"));
        }
        let captured = relay.requests();
        match &captured[before..] {
            [sent] => {
                found.extend(differences(&original, &original_body, sent, curl_agent));
                found.extend(spelling(*lang, &original_body, sent, &warnings));
            }
            sent => found.push(format!("sent {} requests", sent.len())),
        }
        if !found.is_empty() {
            problems.push(format!(
                "--- {} ---\n{code}\n{}",
                lang.id(),
                found.join("\n")
            ));
        }
    }
    problems
}

/// How a snippet's request differs from the original's.
fn differences(
    original: &Captured,
    body: &Value,
    sent: &Captured,
    curl_agent: &str,
) -> Vec<String> {
    let mut found = Vec::new();
    if (sent.method.as_str(), sent.path.as_str())
        != (original.method.as_str(), original.path.as_str())
    {
        found.push(format!(
            "sent {} {}, the original {} {}",
            sent.method, sent.path, original.method, original.path
        ));
    }
    let same = |name: &str, expected: Option<&str>, found: &mut Vec<String>| {
        if sent.header(name) != expected {
            found.push(format!(
                "{name}: {:?}, expected {expected:?}",
                sent.header(name)
            ));
        }
    };
    same(
        "Authorization",
        original.header("Authorization"),
        &mut found,
    );
    same("Content-Type", Some("application/json"), &mut found);
    if !original
        .header("Content-Type")
        .is_some_and(|t| t.starts_with("application/json"))
    {
        found.push(format!(
            "the original's Content-Type: {:?}",
            original.header("Content-Type")
        ));
    }
    // curl's own User-Agent becomes the snippets' curl/8.0; one the command sets is kept.
    let agent = original.header("User-Agent").unwrap();
    same(
        "User-Agent",
        Some(if agent == curl_agent {
            "curl/8.0"
        } else {
            agent
        }),
        &mut found,
    );
    // curl's `Accept: */*` takes anything; the snippets ask for what they read.
    if original.header("Accept") != Some("*/*") {
        same("Accept", original.header("Accept"), &mut found);
    }
    for (name, value) in &original.headers {
        let managed = [
            "host",
            "content-length",
            "accept",
            "user-agent",
            "content-type",
            "authorization",
            "expect",
        ];
        if !managed.contains(&name.to_ascii_lowercase().as_str()) {
            same(name, Some(value), &mut found);
        }
    }
    match serde_json::from_slice::<Value>(&sent.body) {
        Ok(sent) if support::json_equal(body, &sent) => {}
        Ok(sent) => found.push(format!(
            "body differs:\n  sent     {sent}\n  original {body}"
        )),
        Err(e) => found.push(format!("body is not JSON: {e}")),
    }
    found
}

/// What convert's warning says each client sends for each number it spells otherwise, by the
/// number as serde_json spells it: `(number, [(client, text)])`; `None` when the warning names
/// only some of them.
type Spellings = Vec<(String, Vec<(String, String)>)>;

fn respelled(warnings: &str) -> Option<Spellings> {
    let Some(line) = warnings
        .lines()
        .find(|l| l.starts_with("warning: the snippets spell "))
    else {
        return Some(Vec::new());
    };
    let list = line.split_once(" otherwise than the command: ")?.1;
    let list = list.split(" — the same number").next()?;
    if list.contains(", and ") {
        return None;
    }
    let mut found = Vec::new();
    for item in list.split("; ") {
        let (written, rest) = item.split_once(" (")?;
        let written: serde_json::Number = serde_json::from_str(written).ok()?;
        let mut clients = Vec::new();
        for group in rest.split_once(") is sent as ")?.1.split(", ") {
            let (text, names) = group.split_once(" by ")?;
            for name in names.split(" and ") {
                clients.push((name.to_owned(), text.to_owned()));
            }
        }
        found.push((written.to_string(), clients));
    }
    Some(found)
}

/// Each number of the body as the snippet's bytes spell it must be what convert's warning says
/// (numbers it does not name: as written).
fn spelling(lang: Lang, original: &Value, sent: &Captured, warnings: &str) -> Vec<String> {
    let Some(respelled) = respelled(warnings) else {
        return Vec::new();
    };
    // arbitrary_precision: a number keeps its text.
    let Ok(sent) = serde_json::from_slice::<Value>(&sent.body) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut pairs = vec![(original, &sent)];
    while let Some(pair) = pairs.pop() {
        match pair {
            (Value::Number(written), Value::Number(sent)) => {
                let written = written.to_string();
                let client = match lang {
                    Lang::Curl => "the curl snippet",
                    Lang::Python | Lang::PythonOpenai => "Python",
                    Lang::Node | Lang::NodeOpenai => "Node",
                };
                let expected = respelled
                    .iter()
                    .find(|(w, _)| *w == written)
                    .and_then(|(_, clients)| clients.iter().find(|(c, _)| c == client))
                    .map_or_else(|| written.clone(), |(_, text)| text.clone());
                if sent.to_string() != expected {
                    found.push(format!(
                        "sent the number {written} as {sent}; convert's warning says {expected}"
                    ));
                }
            }
            (Value::Array(a), Value::Array(b)) => pairs.extend(a.iter().zip(b)),
            (Value::Object(a), Value::Object(b)) => {
                pairs.extend(a.iter().filter_map(|(k, v)| Some((v, b.get(k)?))))
            }
            _ => {}
        }
    }
    found
}

#[test]
fn converted_snippets_send_the_original_request() {
    let curl_agent = installed_curl_agent();
    let cases: Vec<Case> = docs_page_cases()
        .into_iter()
        .chain(hostile_cases())
        .collect();
    let count = cases.len();
    let jobs = std::sync::Mutex::new(cases);
    let problems = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                while let Some(case) = jobs.lock().unwrap().pop() {
                    for problem in check(&case, &curl_agent) {
                        problems
                            .lock()
                            .unwrap()
                            .push(format!("[{}] {problem}", case.name));
                    }
                }
            });
        }
    });
    assert!(count >= 20, "{count} cases");
    let problems = problems.into_inner().unwrap();
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
