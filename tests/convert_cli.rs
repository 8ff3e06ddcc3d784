//! `convert` as a user meets it: the real binary, its exit code, stdout and stderr. Snapshots of
//! `--to request` for a few commands and of the docs page's command as the three snippets; each
//! error and warning with its exit code; and the round trip `convert --to request | gen -`.

mod support;

use std::path::Path;

const DOCS_PAGE: &str = r#"curl https://www.open1.codes/v1/responses \
-H "Authorization: Bearer {在这里填写_API_Key}" \
-H "Accept: application/json" \
-H "User-Agent: curl/8.0" \
-H "Content-Type: application/json" \
-d '{
"model": "gpt-5.4",
"input": [
{
"role": "user",
"content": [
{
"type": "input_text",
"text": "Reply with OK only."
}
]
}
]
}'
"#;

struct Case {
    name: &'static str,
    args: &'static [&'static str],
    stdin: &'static [u8],
    files: &'static [(&'static str, &'static [u8])],
}

const fn stdin(name: &'static str, args: &'static [&'static str], stdin: &'static [u8]) -> Case {
    Case {
        name,
        args,
        stdin,
        files: &[],
    }
}

const CASES: &[Case] = &[
    // Requests.
    stdin("request_docs_page", &["convert", "--to", "request"], DOCS_PAGE.as_bytes()),
    stdin("request_stream_proxy_headers", &["convert", "--to", "request"], b"curl -sSN https://doc.open1.codes/open1-api/v1/responses \\\n  -H \"Authorization: Bearer ${MY_KEY}\" -H 'Content-Type: application/json' \\\n  -H 'X-Trace-Id: abc' -A 'docs-bot/1.0' \\\n  -d '{\"model\": \"gpt-5.1\", \"input\": \"Count to three.\", \"stream\": true, \"seed\": 123456789012345678901234567890, \"temperature\": 0.70}'\n"),
    stdin("request_console_heredoc", &["convert", "--to", "request"], b"$ curl https://www.open1.codes/v1/responses \\\n>   -H \"Authorization: Bearer $OPEN1_API_KEY\" --json @- <<'JSON'\n> {\"model\": \"gpt-5.4\", \"input\": [{\"role\": \"user\", \"content\": \"it's $5 `now`\"}]}\n> JSON\n{\"id\": \"resp_1\"}\n"),
    Case { name: "request_file_body", args: &["convert", "docs/cmd.sh", "--to", "request"], stdin: b"", files: &[("docs/cmd.sh", b"curl https://www.open1.codes/v1/responses -H \"Authorization: Bearer $OPEN1_API_KEY\" -H 'Content-Type: application/json' -d @body.json\n"), ("docs/body.json", b"{\n  \"model\": \"gpt-5.4\",\n  \"input\": \"from a file\"\n}\n")] },
    // The docs page's command as snippets.
    stdin("snippets_docs_page", &["convert"], DOCS_PAGE.as_bytes()),
    stdin("snippets_docs_page_placeholder", &["convert", "--key", "placeholder", "--lang", "curl"], DOCS_PAGE.as_bytes()),
    // Warnings.
    stdin("warns_not_carried", &["convert", "--to", "request"], b"curl https://www.open1.codes/v1/responses --max-time 30 -k -vL --compressed -o out.json -u me:pass \\\n  -H \"Authorization: Bearer $OPEN1_API_KEY\" -H 'Content-Type: application/json' \\\n  -d '{\"model\": \"gpt-5.4\", \"input\": \"hi\"}' | jq .\n"),
    stdin("warns_literal_key_and_form_encoding", &["convert", "--lang", "python"], b"curl https://www.open1.codes/v1/responses -H 'Authorization: Bearer sk-9fK2xQ7LmZ4pR8tVb3Nw6Yc1Hd5J' -d '{\"model\": \"gpt-5.4\", \"input\": \"hi\"}'\n"),
    stdin("warns_duplicate_keys_console", &["convert", "--to", "request"], b"$ curl https://www.open1.codes/v1/responses \\\n>   -H \"Authorization: Bearer $OPEN1_API_KEY\" -H 'Content-Type: application/json' \\\n>   -d '{\"model\": \"gpt-5.1\", \"input\": \"hi\",\n>        \"reasoning\": {\"effort\": \"low\", \"effort\": \"high\"},\n>        \"model\": \"gpt-5.4\"}'\n{\"id\": \"resp_1\"}\n"),
    stdin("warns_numbers", &["convert", "--lang", "curl,python,node", "--format", "json"], b"curl https://www.open1.codes/v1/responses -H \"Authorization: Bearer $OPEN1_API_KEY\" -H 'Content-Type: application/json' \\\n  -d '{\"model\": \"gpt-5.4\", \"input\": \"hi\", \"temperature\": 1.0, \"top_p\": 0.10,\n  \"max_output_tokens\": 1E+2, \"metadata\": {\"n\": -0.0, \"big\": 123456789012345678901234567890123}}'\n"),
    stdin("warns_numbers_curl_only", &["convert", "--lang", "curl"], b"curl https://www.open1.codes/v1/responses -H \"Authorization: Bearer $OPEN1_API_KEY\" -H 'Content-Type: application/json' -d '{\"model\": \"gpt-5.4\", \"input\": \"hi\", \"temperature\": 1.0, \"max_output_tokens\": 1E+2}'\n"),
    stdin("warns_placeholder_key", &["convert", "--lang", "node"], b"curl https://www.open1.codes/v1/responses -H 'Authorization: Bearer YOUR_API_KEY' -H 'Content-Type: application/json' -d '{\"model\": \"gpt-5.4\", \"input\": \"hi\"}'\n"),
    stdin("request_oauth2_bearer", &["convert", "--to", "request"], b"curl https://www.open1.codes/v1/responses --oauth2-bearer \"$MY_KEY\" -H 'Content-Type: application/json' -d '{\"model\": \"gpt-5.4\", \"input\": \"hi\"}'\n"),
    // Errors.
    stdin("error_basic_auth", &["convert"], b"curl https://www.open1.codes/v1/responses -u \"me:$OPEN1_API_KEY\" -H 'Content-Type: application/json' -d '{\"model\": \"gpt-5.4\", \"input\": \"hi\"}'\n"),
    stdin("error_no_curl", &["convert"], b"echo hello\n"),
    stdin("error_two_commands", &["convert"], b"curl https://www.open1.codes/v1/responses -d '{}'\ncurl https://www.open1.codes/v1/responses -d '{}'\n"),
    stdin("error_unterminated_quote", &["convert"], b"curl https://www.open1.codes/v1/responses \\\n  -d '{\"model\": \"gpt-5.4\"}\n"),
    stdin("error_not_utf8", &["convert"], b"curl https://www.open1.codes/v1/responses -d '\xff'\n"),
    stdin("error_wrong_endpoint", &["convert"], b"curl https://www.open1.codes/v1/chat/completions -H 'Content-Type: application/json' -d '{}'\n"),
    stdin("error_get", &["convert"], b"curl -X GET https://www.open1.codes/v1/responses\n"),
    stdin("error_no_body", &["convert"], b"curl https://www.open1.codes/v1/responses -H \"Authorization: Bearer $OPEN1_API_KEY\"\n"),
    stdin("error_body_not_json", &["convert"], b"curl https://www.open1.codes/v1/responses -H 'Content-Type: application/json' \\\n  -d '{\n  \"model\": \"gpt-5.4\",\n  \"input\": \"hi\",\n}'\n"),
    stdin("error_undefined_header_variable", &["convert"], b"curl https://www.open1.codes/v1/responses -H \"X-Trace-Id: $TRACE\" -d '{\"model\": \"gpt-5.4\", \"input\": \"hi\"}'\n"),
    stdin("error_missing_file", &["convert"], b"curl https://www.open1.codes/v1/responses -d @missing.json\n"),
    stdin("error_unquoted_heredoc", &["convert"], b"curl https://www.open1.codes/v1/responses --data-binary @- <<EOF\n{\"model\": \"gpt-5.4\", \"input\": \"$PROMPT\"}\nEOF\n"),
    stdin("error_unknown_model", &["convert"], b"curl https://www.open1.codes/v1/responses -d '{\"model\": \"gpt-5.4-mini\", \"input\": \"hi\"}'\n"),
    stdin("error_lang_with_request", &["convert", "--to", "request", "--lang", "curl"], DOCS_PAGE.as_bytes()),
    Case { name: "error_missing_input_file", args: &["convert", "nowhere.sh"], stdin: b"", files: &[] },
];

fn run(case: &Case) -> std::process::Output {
    run_with(case, case.args)
}

/// Runs `case` (its files and standard input) with other arguments.
fn run_with(case: &Case, args: &[&str]) -> std::process::Output {
    let dir = support::tempdir::Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")));
    for (path, contents) in case.files {
        let path = dir.0.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    support::open1_snip_in(&dir.0, args, Some(case.stdin))
}

#[test]
fn cases() {
    support::snapshot_settings().bind(|| {
        for case in CASES {
            let output = run(case);
            let stderr = support::text(&output.stderr);
            assert!(!stderr.contains("panicked"), "{}: {stderr}", case.name);
            assert!(
                !stderr.contains("9fK2xQ7Lm"),
                "{}: a key printed in full",
                case.name
            );
            let expected = if case.name.starts_with("error") { 2 } else { 0 };
            assert_eq!(
                output.status.code(),
                Some(expected),
                "{}: {stderr}",
                case.name
            );
            if expected == 2 {
                assert!(
                    output.stdout.is_empty(),
                    "{}: an error prints no partial output",
                    case.name
                );
            }
            let shown = format!(
                "$ open1-snip {}\n{}",
                case.args.join(" "),
                support::shown(&output)
            );
            insta::assert_snapshot!(format!("convert_{}", case.name), shown);
        }
    });
}

/// `convert --to request | gen -` writes exactly what `convert` writes, for every lang and format.
#[test]
fn request_round_trips_through_gen() {
    let cases = CASES
        .iter()
        .filter(|c| c.name.starts_with("request_") || c.name.starts_with("warns_"));
    let mut checked = 0;
    for case in cases {
        // The input file, if the case names one (the others read standard input).
        let input: Vec<&str> = case
            .args
            .iter()
            .copied()
            .filter(|a| a.ends_with(".sh"))
            .collect();
        let request = run_with(
            case,
            &[&["convert", "--to", "request"][..], &input].concat(),
        );
        assert!(request.status.success(), "{}", case.name);
        for args in [
            &[
                "--lang",
                "curl,python,node,python-openai",
                "--format",
                "json",
            ][..],
            &["--format", "vitepress"][..],
        ] {
            let direct = run_with(case, &[&["convert"][..], &input, args].concat());
            let through_gen = support::open1_snip(
                &[&["gen", "-"][..], args].concat(),
                Some(&support::text(&request.stdout)),
            );
            assert!(
                direct.status.success(),
                "{}: {}",
                case.name,
                support::text(&direct.stderr)
            );
            assert_eq!(
                support::text(&direct.stdout),
                support::text(&through_gen.stdout),
                "{}: {args:?}",
                case.name
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 22);
}
