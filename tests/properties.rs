//! Property tests over arbitrary Unicode: Markdown extraction, the snippet parsers, every rule,
//! `convert` and `--fix` never panic, and `--fix`'s output re-lints without the fixed findings.
//! The inputs are built from the shapes real docs have (fences of every kind, in lists and block
//! quotes, CRLF, relay snippets in bash, Python and JavaScript) with hostile text in every hole.

mod support;

use open1_snip::convert;
use open1_snip::extract::{Dialect, FileKind};
use open1_snip::lint::{self, Config, fix};
use open1_snip::models::ModelTable;
use open1_snip::request::Description;
use open1_snip::source::SourceFile;
use proptest::prelude::*;

/// Relay snippets with something for a rule to find (and mostly to fix); `{}` is a hole.
const SNIPPETS: &[(&str, &str)] = &[
    (
        "bash",
        "curl http://www.open1.codes/v1/responses \\\n  -H \"Authorization: Bearer  $OPEN1_API_KEY\" \\\n  -d '{\"model\": \"gpt-5.4\", \"input\": \"{}\"}'",
    ),
    (
        "bash",
        "curl https://www.open1.codes/v1/responses -H 'Authorization: Bearer {}' -H \"Content-Type: text/plain\" --data-raw '{\"model\": \"{}\"}'",
    ),
    (
        "console",
        "$ curl https://open1.codes/v1/response \\\n>   -H \"Authorization: Bearer $K\" \\\n>   -d \"{\\\"input\\\": \\\"{}\\\"}\"\n{}",
    ),
    (
        "sh",
        "KEY='{}'\ncurl -sS \"https://www.open1.codes/v1/responses/\" -A '' -H \"Authorization: Bearer ${KEY} \" --json '{}'",
    ),
    (
        "python",
        "import requests\nrequests.post(\n    \"https://www.open1.codes/v1/responses\",\n    headers={\n        \"Authorization\": \"Bearer \\u00a0{}\",\n    },\n    json={\"model\": \"gpt-5.4\", \"input\": \"{}\"},\n)",
    ),
    (
        "py",
        "from openai import OpenAI\nclient = OpenAI(base_url='http://www.open1.codes/v1/responses', api_key='{}')\nclient.responses.create(model='{}', input='hi')",
    ),
    (
        "js",
        "const res = await fetch(\"https://www.open1.codes/v1/responses\", {\n  method: \"POST\",\n  headers: { Authorization: `Bearer ${key}`, \"Content-Type\": \"application/json\" },\n  body: JSON.stringify({ model: \"gpt-5.4\", input: \"{}\" }),\n});",
    ),
    (
        "javascript",
        "import OpenAI from \"openai\";\nconst client = new OpenAI({ baseURL: 'https://open1.codes', apiKey: '{} ' });\nawait client.responses.create({ model: \"{}\", input: `{}` });",
    ),
    ("", "curl https://www.open1.codes/v1/responses -d '{}'"),
    // Config surfaces: environment variables in shell, dotenv and Compose; a Codex provider.
    (
        "bash",
        "export OPENAI_BASE_URL=https://www.open1.codes OPENAI_API_KEY=\" {}\"\ndocker run -e OPENAI_BASE_URL=http://www.open1.codes/v1 -e 'OPENAI_API_KEY={}' img",
    ),
    (
        "env",
        "OPENAI_BASE_URL=http://www.open1.codes # {}\nexport OPENAI_API_KEY=\"{} \"\nOPENAI_MODEL='{}'",
    ),
    (
        "yaml",
        "services:\n  app:\n    environment:\n      OPENAI_BASE_URL: \"https://open1.codes/v1/responses\"\n      OPENAI_API_KEY: '{} '\n  b:\n    environment:\n      - OPENAI_BASE_URL=https://www.open1.codes # {}\n      - \"OPENAI_MODEL={}\"",
    ),
    (
        "toml",
        "model = \"{}\"\n[model_providers.open1]\nbase_url = \"http://www.open1.codes\" # {}\nwire_api = \"chat\"\nenv_key = \"{}\"",
    ),
    (
        "html",
        "<script>fetch('https://www.open1.codes/v1/responses', {})</script>",
    ),
];

/// A snippet's fence language and its code, holes filled.
fn snippet() -> impl Strategy<Value = (&'static str, String)> {
    (
        proptest::sample::select(SNIPPETS),
        // Plain words as often as hostile text: a quote in a hole ends the snippet's own quoting.
        proptest::collection::vec(prop_oneof![support::hostile::text(6), "[a-z0-9 ]{0,8}"], 4),
    )
        .prop_map(|((lang, code), holes)| {
            let mut out = String::new();
            let mut holes = holes.into_iter();
            for (i, part) in code.split("{}").enumerate() {
                if i > 0 {
                    out.push_str(&holes.next().unwrap_or_default());
                }
                out.push_str(part);
            }
            (lang, out)
        })
}

/// A Markdown block: a fenced relay snippet (backticks or tildes, maybe never closed), inside a
/// list item or block quote or not, or hostile text.
fn block() -> impl Strategy<Value = String> {
    let fenced = (
        snippet(),
        prop_oneof!["```", "~~~", "````", "  ```"],
        any::<bool>(),
        prop_oneof!["", "> ", "- ", "1. ", ">  > ", "  - "],
    )
        .prop_map(|((lang, code), fence, closed, prefix)| {
            let fence = fence.to_owned();
            let mut lines = vec![format!("{fence}{lang}")];
            lines.extend(code.lines().map(str::to_owned));
            if closed {
                lines.push(fence.trim_start().to_owned());
            }
            let indent = " ".repeat(prefix.chars().count());
            lines
                .iter()
                .enumerate()
                .map(|(i, line)| match (i, prefix.starts_with('>')) {
                    (0, _) | (_, true) => format!("{prefix}{line}"),
                    _ => format!("{indent}{line}"),
                })
                .collect::<Vec<_>>()
                .join("\n")
        });
    prop_oneof![
        3 => fenced,
        1 => support::hostile::text(12),
        1 => Just("<!-- open1-snip-disable missing-user-agent -->".to_owned()),
    ]
}

fn document() -> impl Strategy<Value = String> {
    (proptest::collection::vec(block(), 1..6), any::<bool>()).prop_map(|(blocks, crlf)| {
        let text = blocks.join("\n\n") + "\n";
        match crlf {
            true => text.replace('\n', "\r\n"),
            false => text,
        }
    })
}

const KINDS: [(&str, FileKind); 8] = [
    ("docs.md", FileKind::Markdown),
    ("page.html", FileKind::Html),
    ("call.sh", FileKind::Code(Dialect::Shell)),
    ("call.py", FileKind::Code(Dialect::Python)),
    ("call.mjs", FileKind::Code(Dialect::JavaScript)),
    (".env", FileKind::Code(Dialect::Dotenv)),
    ("compose.yaml", FileKind::Code(Dialect::Yaml)),
    (".codex/config.toml", FileKind::Code(Dialect::Toml)),
];

fn lint(path: &str, kind: FileKind, text: &str) -> Vec<lint::Located> {
    let file = SourceFile::new(path, text.to_owned());
    lint::check_file(&file, kind, &Config::default(), &ModelTable::builtin())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: support::persistence("properties"),
        ..ProptestConfig::default()
    })]

    /// Any text as any kind of file: extraction, the three parsers and every rule, no panic; the
    /// findings point inside the file, on character boundaries.
    #[test]
    fn any_text_lints(text in any::<String>(), pick in 0..KINDS.len()) {
        let (path, kind) = KINDS[pick];
        let findings = lint(path, kind, &text);
        // Ranges are in the text without its byte-order mark, as `SourceFile` holds it.
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        for finding in findings {
            prop_assert!(finding.range.end <= text.len());
            prop_assert!(text.is_char_boundary(finding.range.start));
            prop_assert!(text.is_char_boundary(finding.range.end));
        }
    }

    /// Documents the way docs are written, with hostile text in the snippets: same as above.
    #[test]
    fn documents_lint(text in document()) {
        let findings = lint("docs.md", FileKind::Markdown, &text);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        for finding in findings {
            prop_assert!(text.is_char_boundary(finding.range.start));
            prop_assert!(text.is_char_boundary(finding.range.end));
        }
    }

    /// `--fix --unsafe-fixes`: every finding it counts as fixed is gone when the output is linted
    /// again, no finding is added, what it says is left is what lint finds, and a second `--fix`
    /// changes nothing.
    #[test]
    fn fix_output_relints_without_the_fixed_findings(text in document()) {
        let (config, models) = (Config::default(), ModelTable::builtin());
        let file = SourceFile::new("docs.md", text.clone());
        let before = lint::check_file(&file, FileKind::Markdown, &config, &models);
        let fixed = fix::fix_file(&file, FileKind::Markdown, before.clone(), &config, &models, true);
        // The fixed text is the file's after its byte-order mark, as `lint --fix` writes it back
        // (a second BOM is text, not a mark).
        let bom = if text.starts_with('\u{feff}') { "\u{feff}" } else { "" };
        let after = lint("docs.md", FileKind::Markdown, &format!("{bom}{}", fixed.text));
        prop_assert_eq!(after.len(), before.len() - fixed.fixed, "{:#?}", after);
        prop_assert_eq!(summary(&after), summary(&fixed.findings));
        let again = fix::fix_file(
            &SourceFile::new("docs.md", format!("{bom}{}", fixed.text)),
            FileKind::Markdown,
            after,
            &config,
            &models,
            true,
        );
        prop_assert_eq!(again.fixed, 0);
        prop_assert_eq!(again.text, fixed.text);
    }

    /// `convert` on curl commands with hostile words, and on any text: a description that `gen`
    /// reads back, or a refusal that points inside the command.
    #[test]
    fn convert_answers(code in prop_oneof![snippet().prop_map(|(_, code)| code), any::<String>()]) {
        let mut load = |_: &str| Err(std::io::Error::from(std::io::ErrorKind::NotFound));
        match convert::convert(&code, &mut load) {
            Ok(conversion) => {
                let json = serde_json::to_string(&conversion.description).unwrap();
                prop_assert!(Description::parse(&json, "converted.json").is_ok(), "{}", json);
            }
            Err(problem) => {
                prop_assert!(!problem.message.is_empty());
                if let Some(span) = problem.span {
                    prop_assert!(code.is_char_boundary(span.start) && code.is_char_boundary(span.end));
                    prop_assert!(span.start <= span.end && span.end <= code.len());
                }
            }
        }
    }
}

/// What a finding is, without where (fixes move text).
fn summary(findings: &[lint::Located]) -> Vec<(&'static str, String)> {
    findings
        .iter()
        .map(|f| (f.rule, f.message.clone()))
        .collect()
}
