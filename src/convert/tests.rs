//! A table of curl commands → the description (as JSON) and warnings, or the error.

use std::collections::HashMap;
use std::io;

use super::*;

const JSON: &str = "-H 'Content-Type: application/json'";
const AUTH: &str = "-H \"Authorization: Bearer $OPEN1_API_KEY\"";
const URL: &str = "https://www.open1.codes/v1/responses";

/// The description as JSON, the command's own warnings (not those about the snippets' numbers
/// and key), and every warning for the default snippets.
fn run(code: &str) -> Result<(String, Vec<String>, Vec<String>), Problem> {
    let files: HashMap<&str, &[u8]> = HashMap::from([
        (
            "body.json",
            &b"{\"model\": \"gpt-5\",\n \"input\": \"a\nb\"}\n"[..],
        ),
        (
            "nl.json",
            &b"{\"model\": \"gpt-5\", \"input\": \"x\"}\r\n"[..],
        ),
        (
            "dup.json",
            &b"{\"model\": \"gpt-5\",\n \"input\": \"x\",\n \"n\": 1,\n \"n\": 2}\n"[..],
        ),
    ]);
    let mut load = |name: &str| -> io::Result<Vec<u8>> {
        files
            .get(name)
            .map(|b| b.to_vec())
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
    };
    // As `convert` reads its input: a console session's prompts and output removed first.
    let code = crate::extract::shell_text(code).code;
    let conversion = convert(&code, &mut load)?;
    let json = serde_json::to_string(&conversion.description).unwrap();
    let all = conversion.warnings(KeyStyle::Env, &[]);
    Ok((json, conversion.warnings, all))
}

/// `(command, the description with `base_url` and `api_key_env` left out when they are the defaults)`.
fn description(code: &str) -> String {
    let (json, warnings, _) = run(code).unwrap_or_else(|p| panic!("{code}: {p:?}"));
    assert!(warnings.is_empty(), "{code}: {warnings:?}");
    json.replace("\"base_url\":\"https://www.open1.codes\",", "")
        .replace(",\"api_key_env\":\"OPEN1_API_KEY\"", "")
}

#[test]
fn commands_become_descriptions() {
    let cases: &[(String, &str)] = &[
        // The docs page's input becomes its prompt; a string input stays input.
        (
            format!(
                "curl {URL} {AUTH} {JSON} -d '{{\"model\": \"gpt-5.4\", \"input\": [{{\"role\": \"user\", \"content\": [{{\"type\": \"input_text\", \"text\": \"hi\"}}]}}]}}'"
            ),
            r#"{"model":"gpt-5.4","prompt":"hi"}"#,
        ),
        // Keys in another order: not provably the same text, so input, verbatim.
        (
            format!(
                "curl {URL} {AUTH} {JSON} -d '{{\"model\": \"gpt-5.4\", \"input\": [{{\"content\": [{{\"type\": \"input_text\", \"text\": \"hi\"}}], \"role\": \"user\"}}]}}'"
            ),
            r#"{"model":"gpt-5.4","input":[{"content":[{"type":"input_text","text":"hi"}],"role":"user"}]}"#,
        ),
        (
            format!("curl {URL} {AUTH} {JSON} -d '{{\"model\": \"gpt-5\", \"input\": \"hi\"}}'"),
            r#"{"model":"gpt-5","input":"hi"}"#,
        ),
        // Numbers exactly as written; other fields in their order.
        (
            format!(
                "curl {URL} {AUTH} {JSON} -d '{{\"model\": \"gpt-5\", \"input\": \"x\", \"seed\": 123456789012345678901234567890, \"t\": 0.10, \"stream\": false}}'"
            ),
            r#"{"model":"gpt-5","input":"x","body":{"seed":123456789012345678901234567890,"t":0.10,"stream":false}}"#,
        ),
        // Combined short options, `$'…'` quotes, --url, -X POST, ${VAR}.
        (
            format!(
                "curl -sSN -X POST --url {URL} -H \"Authorization: Bearer ${{MY_KEY}}\" {JSON} -d $'{{\"model\": \"gpt-5\", \"input\": \"a\\\\tb \\\\u4f60\"}}'"
            ),
            r#"{"model":"gpt-5","input":"a\tb 你","api_key_env":"MY_KEY"}"#,
        ),
        // Two -d options are joined with `&` — here inside a JSON string.
        (
            format!(
                "curl {URL} {AUTH} {JSON} -d '{{\"model\": \"gpt-5\", \"input\": \"a' -d 'b\"}}'"
            ),
            r#"{"model":"gpt-5","input":"a&b"}"#,
        ),
        // --json sets Content-Type and Accept itself, and its pieces are joined as they are.
        (
            format!(
                "curl {URL} {AUTH} --json '{{\"model\": \"gpt-5\",' --json '\"input\": \"x\"}}'"
            ),
            r#"{"model":"gpt-5","input":"x"}"#,
        ),
        // -d @file drops newlines (here inside a string), --data-binary keeps them, --data-raw reads no file.
        (
            format!("curl {URL} {AUTH} {JSON} -d @body.json"),
            r#"{"model":"gpt-5","input":"ab"}"#,
        ),
        (
            format!("curl {URL} {AUTH} {JSON} --data-binary @nl.json"),
            r#"{"model":"gpt-5","input":"x"}"#,
        ),
        // A quoted here-document, sent as written.
        (
            format!(
                "curl {URL} {AUTH} {JSON} --data-binary @- <<'JSON'\n{{\"model\": \"gpt-5\", \"input\": \"$HOME `id` \\\\\"}}\nJSON\n"
            ),
            r#"{"model":"gpt-5","input":"$HOME `id` \\"}"#,
        ),
        // Variables the snippet assigns are used; a reverse proxy's prefix is kept.
        (
            format!(
                "BASE=https://doc.open1.codes/open1-api\nMODEL=gpt-5\ncurl \"$BASE/v1/responses\" {AUTH} {JSON} -d \"{{\\\"model\\\": \\\"$MODEL\\\", \\\"input\\\": \\\"\\$5\\\"}}\""
            ),
            r#"{"base_url":"https://doc.open1.codes/open1-api","model":"gpt-5","input":"$5"}"#,
        ),
        // Extra headers are carried; the ones every snippet sends are not repeated.
        (
            format!(
                "curl {URL} {AUTH} {JSON} -H 'Accept: application/json' -A curl/8.0 -H 'X-Trace-Id: abc' -d '{{\"model\": \"gpt-5\", \"input\": \"x\"}}'"
            ),
            r#"{"model":"gpt-5","input":"x","headers":{"X-Trace-Id":"abc"}}"#,
        ),
        (
            format!(
                "curl {URL} {AUTH} {JSON} -A 'my-app/1.0' -H 'Accept: */*' -d '{{\"model\": \"gpt-5\", \"input\": \"x\", \"stream\": true}}'"
            ),
            r#"{"model":"gpt-5","input":"x","body":{"stream":true},"headers":{"Accept":"*/*","User-Agent":"my-app/1.0"}}"#,
        ),
        // A console session: prompts and output are not part of the command.
        (
            format!(
                "$ curl {URL} \\\n>   {AUTH} {JSON} -d '{{\"model\": \"gpt-5\", \"input\": \"x\"}}'\n{{\"output\": []}}\n"
            ),
            r#"{"model":"gpt-5","input":"x"}"#,
        ),
    ];
    for (code, expected) in cases {
        assert_eq!(description(code), *expected, "{code}");
    }
}

#[test]
fn warnings_name_what_is_not_carried() {
    let body = "-d '{\"model\": \"gpt-5\", \"input\": \"x\"}'";
    let cases: &[(String, &[&str])] = &[
        (
            format!(
                "curl {URL} {AUTH} {JSON} --max-time 30 -vk -L --compressed -o out.json {body}"
            ),
            &[
                "not carried over: --max-time 30, -v, -k, -L, --compressed, -o out.json (the snippets make the request without them; add them by hand if they matter)",
            ],
        ),
        (
            format!(
                "curl {URL} -H 'Authorization: Bearer sk-9fK2xQ7LmZ4pR8tVb3Nw6Yc1Hd5J' {JSON} {body}"
            ),
            &[
                "the command's API key (sk-9f************************5J) is replaced by $OPEN1_API_KEY in the snippets",
            ],
        ),
        (
            format!("curl {URL} {JSON} {body}"),
            &[
                "the command sends no Authorization header; the snippets send `Bearer` and the key from $OPEN1_API_KEY",
            ],
        ),
        (
            format!("curl {URL} {AUTH} -H 'content-type: application/json; charset=utf-8' {body}"),
            &[
                "-H 'content-type: application/json; charset=utf-8' is sent as Content-Type: application/json by the snippets",
            ],
        ),
        (
            format!("curl {URL} {AUTH} {body}"),
            &[
                "the command sends no Content-Type, so curl sends the JSON body as application/x-www-form-urlencoded; the snippets send it as application/json",
            ],
        ),
        (
            format!("curl {URL} {AUTH} {JSON} -A '' -u me:secret {body} | jq ."),
            &[
                "only the curl command is converted; left out: jq (the snippets print the reply text themselves)",
                "-u is not used: -H \"Authorization: Bearer $OPEN1_API_KEY\" replaces the Authorization header it makes, in curl as in the snippets",
                "-A '' removes the User-Agent; the snippets always send User-Agent: curl/8.0 (the relay's proxy answers 403 without one)",
            ],
        ),
        // A key written twice: curl sends both, a dict or an object holds the last.
        (
            format!(
                "curl {URL} {AUTH} {JSON} -d '{{\"model\": \"gpt-5\",\n \"input\": \"x\",\n \"reasoning\": {{\"effort\": \"low\", \"effort\": \"high\"}},\n \"model\": \"gpt-5.4\"}}'"
            ),
            &[
                "the body writes \"model\" twice (lines 1 and 4): curl sends each, the snippets send it once, with the last value (line 4) — what json.loads and JSON.parse keep; keep one",
                "the body writes \"effort\" in \"reasoning\" twice (line 3): curl sends each, the snippets send it once, with the last value (line 3) — what json.loads and JSON.parse keep; keep one",
            ],
        ),
        // A here-document's lines are the input's.
        (
            format!(
                "curl {URL} {AUTH} {JSON} \\\n  --data-binary @- <<'JSON'\n{{\"model\": \"gpt-5\",\n \"input\": \"x\",\n \"n\": 1,\n \"n\": 2}}\nJSON\n"
            ),
            &[
                "the body writes \"n\" twice (lines 5 and 6): curl sends each, the snippets send it once, with the last value (line 6) — what json.loads and JSON.parse keep; keep one",
            ],
        ),
        // A file --data-binary sends as it is: its lines.
        (
            format!("curl {URL} {AUTH} {JSON} --data-binary @dup.json"),
            &[
                "the body writes \"n\" twice (lines 3 and 4 of dup.json): curl sends each, the snippets send it once, with the last value (line 4 of dup.json) — what json.loads and JSON.parse keep; keep one",
            ],
        ),
        // Not one literal of the command: places in the body.
        (
            format!(
                "curl {URL} {AUTH} {JSON} --json '{{\"model\": \"gpt-5\", \"input\": \"x\", ' --json '\"n\": 1, \"n\": 2}}'"
            ),
            &[
                "the body writes \"n\" twice (columns 34 and 42 of the body): curl sends each, the snippets send it once, with the last value (column 42 of the body) — what json.loads and JSON.parse keep; keep one",
            ],
        ),
        // Numbers the snippets' languages print back otherwise.
        (
            format!(
                "curl {URL} {AUTH} {JSON} -d '{{\"model\": \"gpt-5\", \"input\": \"x\", \"a\": [1e2, 1.0, -0.0, 0.10, 1E+2, 1.5e300, 7, 0.5, -0, 3]}}'"
            ),
            &[
                "the snippets spell numbers otherwise than the command: 1e2 (line 1) is sent as 1e+2 by the curl snippet, 100.0 by Python, 100 by Node; 1.0 (line 1) is sent as 1 by Node; -0.0 (line 1) is sent as 0 by Node; 0.10 (line 1) is sent as 0.1 by Python and Node; 1E+2 (line 1) is sent as 1e+2 by the curl snippet, 100.0 by Python, 100 by Node, and 2 more — the same number to the relay (it reads the nearest double), but only the command's curl sends the text as written",
            ],
        ),
        // An integer beyond 2^53: the node snippet sends the body as JSON text, as written.
        (
            format!(
                "curl {URL} {AUTH} {JSON} -d '{{\"model\": \"gpt-5\", \"input\": \"x\", \"seed\": 123456789012345678901234567890, \"t\": 1.0}}'"
            ),
            &[],
        ),
        // The docs page's placeholder key, and others like it.
        (
            format!("curl {URL} -H 'Authorization: Bearer {{在这里填写_API_Key}}' {JSON} {body}"),
            &[
                "the command's key \"{在这里填写_API_Key}\" is a placeholder: the snippets read the key from $OPEN1_API_KEY instead; set it before running them",
            ],
        ),
        (
            format!("curl {URL} -H 'Authorization: Bearer sk-xxxxxxxx' {JSON} {body}"),
            &[
                "the command's key \"sk-xxxxxxxx\" is a placeholder: the snippets read the key from $OPEN1_API_KEY instead; set it before running them",
            ],
        ),
        // --oauth2-bearer makes `Authorization: Bearer TOKEN`.
        (
            format!("curl {URL} --oauth2-bearer \"$OPEN1_API_KEY\" {JSON} {body}"),
            &[],
        ),
        (
            format!("curl {URL} --oauth2-bearer '<your key>' {JSON} {body}"),
            &[
                "the command's key \"<your key>\" is a placeholder: the snippets read the key from $OPEN1_API_KEY instead; set it before running them",
            ],
        ),
    ];
    for (code, expected) in cases {
        let (_, _, warnings) = run(code).unwrap_or_else(|p| panic!("{code}: {p:?}"));
        assert_eq!(warnings, *expected, "{code}");
    }
}

#[test]
fn errors_say_why() {
    let body = "-d '{\"model\": \"gpt-5\", \"input\": \"x\"}'";
    let cases: &[(String, &str)] = &[
        (String::new(), "no curl command found"),
        ("curl -d '{".into(), "not valid bash"),
        (
            format!("curl {URL} {body}\ncurl {URL} {body}"),
            "a second curl command",
        ),
        (
            format!("curl https://www.open1.codes/v1/chat/completions {body}"),
            "posts to /v1/chat/completions",
        ),
        (format!("curl {URL}/ {body}"), "posts to /v1/responses/"),
        (format!("curl '{URL}?a=1' {body}"), "has a query"),
        (
            format!("curl www.open1.codes/v1/responses {body}"),
            "has no scheme",
        ),
        (
            format!("curl \"$BASE/v1/responses\" {body}"),
            "the URL uses $BASE",
        ),
        (
            format!("curl {URL} https://b/v1/responses {body}"),
            "2 URLs",
        ),
        (
            format!("curl -X GET {URL} {body}"),
            "-X GET makes another request",
        ),
        (
            format!("curl -G {URL} {body}"),
            "-G sends the data in the URL",
        ),
        (format!("curl {URL} -F a=b"), "-F sends a multipart form"),
        (format!("curl {URL}"), "no body"),
        (format!("curl {URL} -d"), "-d needs a value"),
        (
            format!("curl {URL} -d '{}{}'", "[".repeat(200), "]".repeat(200)),
            "the body nests deeper than 128 levels",
        ),
        (
            format!("curl {URL} --data={body}"),
            "curl does not accept `--data=…`",
        ),
        (
            format!("curl {URL} -d 'a=1'"),
            "the body is not JSON: expected value",
        ),
        (format!("curl {URL} -d '[1]'"), "not an object"),
        (
            format!("curl {URL} -d '{{\"input\": \"x\"}}'"),
            "has no \"model\"",
        ),
        (
            format!("curl {URL} -d '{{\"model\": 5, \"input\": \"x\"}}'"),
            "model is 5, not a string",
        ),
        (
            format!("curl {URL} -d '{{\"model\": \"gpt-5\"}}'"),
            "has no \"input\"",
        ),
        (
            format!("curl {URL} -d \"{{\\\"model\\\": \\\"$M\\\"}}\""),
            "the body uses $M",
        ),
        (
            format!("curl {URL} -d @nowhere.json"),
            "cannot read the body file \"nowhere.json\"",
        ),
        (
            format!("curl {URL} -d @-"),
            "standard input (@-), which the command does not show",
        ),
        (
            format!("curl {URL} -d @- <<EOF\n{{\"model\": \"$M\"}}\nEOF\n"),
            "quote its delimiter",
        ),
        (
            format!("curl {URL} -H \"X-Trace: $TRACE\" {body}"),
            "uses $TRACE, which the command does not define",
        ),
        (
            format!("curl {URL} -H 'X-A: 1' -H 'x-a: 2' {body}"),
            "x-a is set twice",
        ),
        (
            format!("curl {URL} -H 'X-Api-Key: sk-9fK2xQ7LmZ4pR8tVb3Nw6Yc1Hd5J' {body}"),
            "X-Api-Key holds what looks like an API key (sk-9f",
        ),
        (
            format!("curl {URL} -H 'Content-Type: text/plain' {body}"),
            "sends Content-Type: text/plain",
        ),
        (
            format!("curl {URL} -H 'Authorization: $OPEN1_API_KEY' {body}"),
            "reads exactly `Bearer <key>`",
        ),
        (
            format!("curl {URL} -H 'Authorization: Bearer  sk-x' {body}"),
            "whitespace around the key",
        ),
        (
            format!("curl {URL} -H \"Authorization: Bearer $(cat key)\" {body}"),
            "must come from an environment variable",
        ),
        (format!("curl {URL} -H 'X-A;' {body}"), "empty value"),
        // Written for another shell, or broken as bash reads it.
        (
            format!("curl {URL} \\\r\n  {AUTH} \\\r\n  {JSON} {body}\r\n"),
            "CRLF (Windows) line endings",
        ),
        (
            format!("curl {URL} {AUTH} {JSON} {body}\r\n"),
            "CRLF (Windows) line endings",
        ),
        (
            format!("curl {URL} \\  \n  {AUTH} {JSON} {body}\n"),
            "`\\` followed by 2 spaces does not continue the line",
        ),
        (
            format!("curl {URL} \\\n\n  {AUTH} {JSON} {body}\n"),
            "a blank line after this `\\`",
        ),
        (
            format!("curl {URL} \\\n  # auth\n  {AUTH} {JSON} {body}\n"),
            "a comment line inside a continued command",
        ),
        (
            format!("curl {URL} \\ # the endpoint\n  {AUTH} {JSON} {body}\n"),
            "a comment after the `\\` takes the line break with it",
        ),
        (
            format!("curl.exe {URL} {AUTH} {JSON} {body}"),
            "`curl.exe` is how PowerShell and cmd run curl",
        ),
        (
            format!("curl {URL} `\n  {AUTH} {JSON} {body}"),
            "written for PowerShell; convert reads a command written for bash",
        ),
        (
            format!("curl {URL} ^\n  {AUTH} {JSON} {body}"),
            "written for cmd",
        ),
        (
            format!("curl {URL} -u \"me:$OPEN1_API_KEY\" {JSON} {body}"),
            "-u makes curl send Authorization: Basic base64(user:password); the relay reads only `Bearer <key>`",
        ),
        (
            format!("curl {URL} --user me {JSON} {body}"),
            "--user asks for a password on the terminal",
        ),
        (
            format!("curl {URL} --oauth2-bearer \"$(cat key)\" {body}"),
            "must come from an environment variable",
        ),
    ];
    for (code, expected) in cases {
        let problem = run(code).expect_err(code);
        assert!(
            problem.message.contains(expected),
            "{code}:\n  got  {}\n  want {expected}",
            problem.message
        );
        assert!(
            !problem.message.contains("sk-9fK2xQ7"),
            "{}",
            problem.message
        );
    }
}

/// bash deletes `\`+newline inside a word: `'X-Trace: abc'\⏎'-s'` is the header
/// `X-Trace: abc-s`, and a URL split across lines is one URL (not "2 URLs").
#[test]
fn a_backslash_newline_inside_a_word_is_deleted() {
    let (json, warnings, _) = run(&format!(
        "curl https://www.open1.codes/v1/\\\nresponses {AUTH} {JSON} \\\n  -H 'X-Trace: abc'\\\n'-s' -d '{{\"model\": \"gpt-5\", '\\\n'\"input\": \"x\"}}'\n"
    ))
    .unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(json.contains(r#""X-Trace":"abc-s""#), "{json}");
    assert!(json.contains(r#""input":"x""#), "{json}");
}

#[test]
fn errors_point_into_the_body() {
    let code = "curl https://www.open1.codes/v1/responses -d '{\n  \"model\": \"gpt-5\",\n}'";
    let problem = run(code).unwrap_err();
    assert_eq!(&code[problem.span.unwrap().start..][..1], "}");
}

/// The keys docs write for the reader to replace, which convert names as placeholders; a real
/// key (or anything that could be one) is not one.
#[test]
fn placeholder_keys() {
    for key in [
        "{在这里填写_API_Key}",
        "sk-xxx",
        "sk-xxxxxxxxxxxxxxxx",
        "sk-...",
        "sk-…",
        "<your key>",
        "<YOUR_OPEN1_API_KEY>",
        "[API_KEY]",
        "YOUR_API_KEY",
        "your-api-key-here",
        "sk-your-key",
        "$OPEN1_API_KEY",
        "********",
    ] {
        assert!(crate::secret::is_placeholder_key(key), "{key}");
    }
    for key in ["sk-9fK2xQ7LmZ4pR8tVb3Nw6Yc1Hd5J", "abc123", "", "hunter2"] {
        assert!(!crate::secret::is_placeholder_key(key), "{key}");
    }
}
