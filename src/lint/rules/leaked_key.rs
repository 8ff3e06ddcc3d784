//! A real-looking key anywhere in a snippet's code — a string, an assignment, an object
//! property, an environment value, a comment — whether or not the snippet makes a request:
//! `KEY = "sk-…"` alone is a leaked key. What is a key and what a placeholder is
//! `crate::secret`'s to say.
//!
//! The fix reads the key from the environment in the form the place reads it: `$OPEN1_API_KEY`
//! in the shell (out of single quotes, which would keep the `$`), `os.environ["OPEN1_API_KEY"]`
//! in Python, `process.env.OPEN1_API_KEY` in JavaScript — a string that is only the key becomes
//! the expression, a longer one an f-string or template literal; never `$OPEN1_API_KEY` inside
//! a Python or JavaScript string, where it would be sent as it is.

pub(super) mod place;

use super::{Context, Finding, Rule, Severity};
use crate::extract::Dialect;
use crate::lint::{Applicability, Edit};
use crate::secret::{find_secret, mask};
use place::{Literal, Place};

pub const RULE: Rule = Rule {
    id: "leaked-key",
    severity: Severity::Error,
    summary: "a real-looking API key where a placeholder or an environment variable belongs",
    explain: include_str!("../../../templates/rules/leaked-key.md"),
    check,
};

/// The environment variable the fixes read the key from.
const VARIABLE: &str = "OPEN1_API_KEY";

/// The docs pages' placeholder for the key.
const PLACEHOLDER: &str = "{在这里填写_API_Key}";

fn check(ctx: &Context<'_>, findings: &mut Vec<Finding>) {
    let code = &ctx.snippet.code;
    let in_browser = ctx.snippet.in_browser || ctx.parsed.in_browser;
    // `import os` is added by the first fix that needs it only, so that all the fixes made at
    // once (SARIF's, or one --fix pass) add it once.
    let mut imported = imports_os(code);
    let mut from = 0;
    while let Some((start, end)) = find_secret(&code[from..]) {
        let (start, end) = (from + start, from + end);
        let remedy = remedy(
            code,
            ctx.snippet.dialect,
            in_browser,
            start..end,
            &mut imported,
        );
        let message = format!(
            "{} looks like a real API key; {}, and revoke this key",
            mask(&code[start..end]),
            remedy.advice
        );
        findings.push(
            Finding::new(&RULE, start..end, message)
                .fix(remedy.fix)
                .autofix(Applicability::Unsafe, remedy.edits),
        );
        from = end;
    }
}

/// What to write instead of one key: the advice of the message, the fix text, and the edits
/// when the fix can be made here.
struct Remedy {
    advice: String,
    fix: String,
    edits: Vec<Edit>,
}

impl Remedy {
    fn told(advice: String, fix: impl Into<String>) -> Remedy {
        Remedy {
            advice,
            fix: fix.into(),
            edits: Vec::new(),
        }
    }

    fn made(advice: String, fix: impl Into<String>, edits: Vec<Edit>) -> Remedy {
        Remedy {
            advice,
            fix: fix.into(),
            edits,
        }
    }
}

/// The remedy for the key at `key` of `code`, by the language and the place it stands in.
/// `imported`: `os` is imported, or a fix before this one imports it.
fn remedy(
    code: &str,
    dialect: Dialect,
    in_browser: bool,
    key: std::ops::Range<usize>,
    imported: &mut bool,
) -> Remedy {
    let place = place::place(code, dialect, key.start);
    if place == Place::Comment {
        return Remedy::told(
            "remove it from the comment".to_owned(),
            "remove the key from the comment",
        );
    }
    // One arm per dialect: code reads the environment; a config file names the variable or
    // interpolates it, or holds a placeholder.
    match dialect {
        Dialect::Shell => shell(code, place, key),
        Dialect::Python => python(code, place, key, imported),
        Dialect::JavaScript if in_browser => Remedy::told(
            "a key in a page is public: call the relay from a server that reads it from its environment".to_owned(),
            format!("a server-side call that reads process.env.{VARIABLE}"),
        ),
        Dialect::JavaScript => javascript(code, place, key),
        // Codex reads the key from the variable its provider's `env_key` names.
        Dialect::Toml => Remedy::told(
            format!("name the environment variable instead: env_key = \"{VARIABLE}\""),
            format!("env_key = \"{VARIABLE}\""),
        ),
        // Compose interpolates the shell's environment into the file.
        Dialect::Yaml => Remedy::told(
            format!("interpolate it from the environment: ${{{VARIABLE}}}"),
            format!("${{{VARIABLE}}}"),
        ),
        Dialect::Dotenv => Remedy::told(
            format!("write a placeholder such as {PLACEHOLDER} and keep the real key in an untracked file or the environment"),
            "a placeholder, with the key kept out of the file",
        ),
    }
}

fn advice(expression: &str) -> String {
    format!("read it from the environment ({expression}) or write the placeholder {PLACEHOLDER}")
}

fn replace(span: std::ops::Range<usize>, text: impl Into<String>) -> Edit {
    Edit {
        span,
        text: text.into(),
    }
}

fn shell(code: &str, place: Place, key: std::ops::Range<usize>) -> Remedy {
    // `$OPEN1_API_KEY`, braced when a name character follows the key.
    let variable =
        match code[key.end..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            true => format!("${{{VARIABLE}}}"),
            false => format!("${VARIABLE}"),
        };
    let advice = advice(&format!("${VARIABLE}"));
    match place {
        Place::String(literal) if literal.quote == "'" => {
            let text = &code[literal.text.clone()];
            // Double quotes, so the variable expands, when they change nothing else.
            if !text.contains(['"', '$', '`', '\\', '!']) && literal.range.end > literal.text.end {
                let edits = vec![
                    replace(literal.range.start..literal.text.start, "\""),
                    replace(literal.text.end..literal.range.end, "\""),
                    replace(key, variable.clone()),
                ];
                let fix = preview(code, &literal, &edits).unwrap_or_else(|| {
                    format!("\"…{variable}…\" (double quotes, so the variable expands)")
                });
                return Remedy::made(advice, fix, edits);
            }
            // Else the single quotes are closed around the variable.
            let new = format!("'\"{variable}\"'");
            Remedy::made(advice, new.clone(), vec![replace(key, new)])
        }
        Place::String(Literal { quote: "$'", .. }) => {
            Remedy::told(advice, format!("\"{variable}\" outside the $'…' string"))
        }
        Place::HereDocument { quoted: true } => Remedy::told(
            advice,
            format!(
                "{variable}, with the here-document's delimiter unquoted (<<EOF) so it expands"
            ),
        ),
        _ => Remedy::made(advice, variable.clone(), vec![replace(key, variable)]),
    }
}

fn python(code: &str, place: Place, key: std::ops::Range<usize>, imported: &mut bool) -> Remedy {
    let expression = format!("os.environ[\"{VARIABLE}\"]");
    let advice = advice(&expression);
    let Place::String(literal) = place else {
        return Remedy::told(advice, expression);
    };
    let prefix = literal.prefix.to_ascii_lowercase();
    if prefix.contains('b') {
        return Remedy::told(advice, format!("{expression}.encode()"));
    }
    let (fix, mut edits) = if literal.text == key {
        (
            expression.clone(),
            vec![replace(literal.range, expression.clone())],
        )
    } else {
        // In an f-string: the other quote inside the braces (before Python 3.12, the same one
        // ends the string).
        let inner = match literal.quote.starts_with('"') {
            true => format!("{{os.environ['{VARIABLE}']}}"),
            false => format!("{{os.environ[\"{VARIABLE}\"]}}"),
        };
        if prefix.contains('f') {
            (inner.clone(), vec![replace(key, inner)])
        } else {
            // The string becomes an f-string: `f` before the quote (a `u` prefix dropped), its
            // braces doubled — small edits, however long the string.
            let kept: String = literal
                .prefix
                .chars()
                .filter(|c| !matches!(c, 'u' | 'U'))
                .collect();
            let prefix_end = literal.range.start + literal.prefix.len();
            let mut edits = vec![replace(literal.range.start..prefix_end, format!("{kept}f"))];
            edits.extend(inserted_before(code, &literal, &key, |rest| {
                (rest.starts_with(['{', '}'])).then(|| rest[..1].to_owned())
            }));
            edits.push(replace(key, inner.clone()));
            let fix = preview(code, &literal, &edits)
                .unwrap_or_else(|| format!("an f-string with {inner} in place of the key"));
            (fix, edits)
        }
    };
    let fix = match *imported {
        true => fix,
        false => {
            *imported = true;
            edits.push(replace(
                import_point(code)..import_point(code),
                "import os\n",
            ));
            format!("{fix} (and import os)")
        }
    };
    Remedy::made(advice, fix, edits)
}

/// Whether the code imports `os` (`import os`, `import os.path`, `import json, os`).
fn imports_os(code: &str) -> bool {
    code.lines().any(|line| {
        line.trim_start()
            .strip_prefix("import ")
            .is_some_and(|names| {
                names.split(',').any(|name| {
                    let name = name.split_whitespace().next().unwrap_or("");
                    name == "os" || name.starts_with("os.")
                })
            })
    })
}

/// Where `import os` goes: before the first import at the start of a line (not
/// `from __future__`, which must come first), else after a leading `#!` or coding line.
fn import_point(code: &str) -> usize {
    let mut offset = 0;
    let mut after_header = 0;
    for (index, line) in code.split_inclusive('\n').enumerate() {
        let is_import = line.starts_with("import ") || line.starts_with("from ");
        if is_import && !line.starts_with("from __future__") {
            return offset;
        }
        if (index == 0 && line.starts_with("#!"))
            || (index < 2 && line.starts_with('#') && line.contains("coding"))
        {
            after_header = offset + line.len();
        }
        offset += line.len();
    }
    after_header
}

fn javascript(code: &str, place: Place, key: std::ops::Range<usize>) -> Remedy {
    let expression = format!("process.env.{VARIABLE}");
    let advice = advice(&expression);
    let Place::String(literal) = place else {
        return Remedy::told(advice, expression);
    };
    if literal.text == key {
        return Remedy::made(
            advice,
            expression.clone(),
            vec![replace(literal.range, expression)],
        );
    }
    let inner = format!("${{{expression}}}");
    if literal.quote == "`" {
        return Remedy::made(advice, inner.clone(), vec![replace(key, inner)]);
    }
    if literal.range.end == literal.text.end {
        // Not closed on its line: no quote to turn into a backtick.
        return Remedy::told(advice, inner);
    }
    // The string becomes a template literal: backticks for its quotes, and what a template reads
    // differently (a backtick, `${`) escaped — small edits, however long the string.
    let mut edits = vec![
        replace(literal.range.start..literal.text.start, "`"),
        replace(literal.text.end..literal.range.end, "`"),
    ];
    edits.extend(inserted_before(code, &literal, &key, |rest| {
        (rest.starts_with('`') || rest.starts_with("${")).then(|| "\\".to_owned())
    }));
    edits.push(replace(key, inner.clone()));
    let fix = preview(code, &literal, &edits)
        .unwrap_or_else(|| format!("a template literal with {inner} in place of the key"));
    Remedy::made(advice, fix, edits)
}

/// Insertions before the characters of the literal's text (not the key's) for which `insert`
/// says what goes before them.
fn inserted_before(
    code: &str,
    literal: &Literal,
    key: &std::ops::Range<usize>,
    insert: impl Fn(&str) -> Option<String>,
) -> Vec<Edit> {
    code[literal.text.clone()]
        .char_indices()
        .map(|(i, _)| literal.text.start + i)
        .filter(|at| !key.contains(at))
        .filter_map(|at| insert(&code[at..]).map(|text| replace(at..at, text)))
        .collect()
}

/// The literal as the edits leave it, for the fix text: when it is short and on one line.
fn preview(code: &str, literal: &Literal, edits: &[Edit]) -> Option<String> {
    let old = &code[literal.range.clone()];
    if old.len() > 80 || old.contains('\n') {
        return None;
    }
    let mut edits: Vec<&Edit> = edits
        .iter()
        .filter(|e| literal.range.contains(&e.span.start) || e.span.start == literal.range.end)
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse((e.span.start, e.span.end)));
    let mut new = old.to_owned();
    for edit in edits {
        let span = edit.span.start - literal.range.start..edit.span.end - literal.range.start;
        new.replace_range(span, &edit.text);
    }
    Some(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk-q8Ww3ZrT5yLp0VnB7xKc2MfH9dJs";

    /// The remedy for the key `KEY` stands for in `code`, with the key written in.
    fn remedy_of(code: &str, dialect: Dialect) -> (String, Remedy) {
        let code = code.replace("KEY", KEY);
        let start = code.find(KEY).unwrap();
        let remedy = remedy(
            &code,
            dialect,
            false,
            start..start + KEY.len(),
            &mut imports_os(&code),
        );
        (code, remedy)
    }

    /// The code with the remedy's edits made, and its fix text.
    fn fixed(code: &str, dialect: Dialect) -> (String, String) {
        let (code, remedy) = remedy_of(code, dialect);
        let mut edits = remedy.edits.clone();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        let mut out = code.clone();
        for edit in edits {
            out.replace_range(edit.span, &edit.text);
        }
        (out, remedy.fix)
    }

    #[test]
    fn the_fix_fits_the_place() {
        use Dialect::*;
        let table = [
            (
                Shell,
                "curl -H \"Authorization: Bearer KEY\" x",
                "curl -H \"Authorization: Bearer $OPEN1_API_KEY\" x",
            ),
            (
                Shell,
                "curl -H 'Authorization: Bearer KEY' x",
                "curl -H \"Authorization: Bearer $OPEN1_API_KEY\" x",
            ),
            (
                Shell,
                "curl -d '{\"key\": \"KEY\"}' x",
                "curl -d '{\"key\": \"'\"$OPEN1_API_KEY\"'\"}' x",
            ),
            (
                Shell,
                "export OPENAI_API_TOKEN=KEY",
                "export OPENAI_API_TOKEN=$OPEN1_API_KEY",
            ),
            (
                Python,
                "import os\nk = \"KEY\"",
                "import os\nk = os.environ[\"OPEN1_API_KEY\"]",
            ),
            (
                Python,
                "from openai import OpenAI\nc = OpenAI(api_key='KEY')",
                "import os\nfrom openai import OpenAI\nc = OpenAI(api_key=os.environ[\"OPEN1_API_KEY\"])",
            ),
            (
                Python,
                "#!/usr/bin/env python3\nh = {'Authorization': 'Bearer KEY'}",
                "#!/usr/bin/env python3\nimport os\nh = {'Authorization': f'Bearer {os.environ[\"OPEN1_API_KEY\"]}'}",
            ),
            (
                Python,
                "import os\nh = \"Bearer KEY {x}\"",
                "import os\nh = f\"Bearer {os.environ['OPEN1_API_KEY']} {{x}}\"",
            ),
            (
                Python,
                "import os\nh = f\"Bearer KEY {x}\"",
                "import os\nh = f\"Bearer {os.environ['OPEN1_API_KEY']} {x}\"",
            ),
            (
                Python,
                "from __future__ import annotations\nimport json\nk = u'KEY'",
                "from __future__ import annotations\nimport os\nimport json\nk = os.environ[\"OPEN1_API_KEY\"]",
            ),
            (
                JavaScript,
                "const c = new OpenAI({ apiKey: 'KEY' });",
                "const c = new OpenAI({ apiKey: process.env.OPEN1_API_KEY });",
            ),
            (
                JavaScript,
                "h = { Authorization: \"Bearer KEY\" }",
                "h = { Authorization: `Bearer ${process.env.OPEN1_API_KEY}` }",
            ),
            (
                JavaScript,
                "h = { Authorization: `Bearer KEY` }",
                "h = { Authorization: `Bearer ${process.env.OPEN1_API_KEY}` }",
            ),
            (
                JavaScript,
                "h = 'a`b ${c} KEY'",
                "h = `a\\`b \\${c} ${process.env.OPEN1_API_KEY}`",
            ),
        ];
        for (dialect, code, want) in table {
            let (got, fix) = fixed(code, dialect);
            assert_eq!(got, want, "{code}");
            assert!(!fix.contains("sk-"), "{fix}");
            if dialect != Shell {
                assert!(!got.contains("$OPEN1_API_KEY"), "{got}");
            }
        }
    }

    #[test]
    fn no_fix_where_it_cannot_be_made_right() {
        use Dialect::*;
        for (dialect, code, fix) in [
            (Python, "# old key: KEY", "remove the key from the comment"),
            (JavaScript, "// KEY", "remove the key from the comment"),
            (
                Shell,
                "cat <<'EOF'\n{\"k\": \"KEY\"}\nEOF",
                "$OPEN1_API_KEY, with the here-document's delimiter unquoted (<<EOF) so it expands",
            ),
            (
                Python,
                "k = b'KEY'",
                "os.environ[\"OPEN1_API_KEY\"].encode()",
            ),
        ] {
            let (code, remedy) = remedy_of(code, dialect);
            assert!(remedy.edits.is_empty(), "{code}");
            assert_eq!(remedy.fix, fix);
        }
        let code = format!("fetch(u, {{ headers: {{ Authorization: 'Bearer {KEY}' }} }})");
        let start = code.find(KEY).unwrap();
        let remedy = remedy(
            &code,
            Dialect::JavaScript,
            true,
            start..start + KEY.len(),
            &mut false,
        );
        assert!(remedy.edits.is_empty());
        assert!(remedy.advice.contains("public"), "{}", remedy.advice);
    }
}
