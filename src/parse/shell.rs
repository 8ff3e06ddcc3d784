//! curl commands in bash (and sh, zsh, console sessions): the words of each `curl` command are
//! evaluated the way bash would — quotes removed, `$VAR` replaced where the snippet assigns it —
//! then read as curl reads its options.

use std::collections::HashMap;

use tree_sitter::Node;

use super::value::unescape_with;
use super::{Body, Call, Client, Header, HeaderSite, Parsed, Piece, Span, Text, tree, walk};

/// curl options that take a value (so the next word is not the URL).
const VALUE_OPTIONS: &[&str] = &[
    "-b",
    "-c",
    "-C",
    "-D",
    "-e",
    "-E",
    "-F",
    "-K",
    "-m",
    "-o",
    "-r",
    "-T",
    "-u",
    "-U",
    "-w",
    "-x",
    "-Y",
    "-y",
    "-z",
    "--cacert",
    "--capath",
    "--cert",
    "--connect-timeout",
    "--cookie",
    "--cookie-jar",
    "--dump-header",
    "--form",
    "--max-time",
    "--output",
    "--proxy",
    "--proxy-user",
    "--referer",
    "--retry",
    "--retry-delay",
    "--retry-max-time",
    "--resolve",
    "--user",
    "--write-out",
    "--config",
    "--connect-to",
    "--limit-rate",
    "--interface",
    "--form-string",
    "--oauth2-bearer",
    "--proto",
    "--trace",
    "--trace-ascii",
    "--unix-socket",
    "--variable",
    "--expand-url",
];

/// A word as bash passes it: its text, the span of the word, and where its text starts in the
/// code when it is a quoted literal copied as it is.
struct Word {
    text: Text,
    span: Span,
    verbatim_at: Option<usize>,
}

pub fn parse(code: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let Some(tree) = tree(tree_sitter_bash::LANGUAGE.into(), code) else {
        return parsed;
    };
    let mut variables: HashMap<String, Text> = HashMap::new();
    walk(tree.root_node(), &mut |node| match node.kind() {
        "variable_assignment" => {
            if let (Some(name), Some(value)) = (
                node.child_by_field_name("name"),
                node.child_by_field_name("value"),
            ) {
                let value = evaluate(value, code, &variables);
                variables.insert(code[name.byte_range()].to_owned(), value.text);
            }
        }
        "command" => {
            if let Some(call) = curl(node, code, &variables) {
                parsed.calls.push(call);
            }
        }
        _ => {}
    });
    parsed
}

fn curl(command: Node<'_>, code: &str, variables: &HashMap<String, Text>) -> Option<Call> {
    let name = command.child_by_field_name("name")?;
    let program = &code[name.byte_range()];
    if program != "curl" && !program.ends_with("/curl") {
        return None;
    }
    let mut call = Call::new(Client::Curl, name.byte_range());
    let mut cursor = command.walk();
    let words: Vec<Word> = command
        .children_by_field_name("argument", &mut cursor)
        .map(|node| evaluate(node, code, variables))
        .collect();
    let heredoc = command
        .parent()
        .filter(|p| p.kind() == "redirected_statement")
        .and_then(|p| {
            let mut cursor = p.walk();
            let body = p
                .children(&mut cursor)
                .find(|c| c.kind() == "heredoc_redirect")?
                .children(&mut p.walk())
                .find(|c| c.kind() == "heredoc_body")?;
            Some((code[body.byte_range()].to_owned(), body.byte_range()))
        });

    let (mut last_header, mut first_data) = (None, None);
    let mut index = 0;
    while index < words.len() {
        let word = &words[index];
        let flag = word.text.known_prefix();
        // `-Hvalue`, `--header=value` and `-H value` all give the option its value.
        let (option, attached) = split_option(&flag);
        let value = |index: &mut usize| -> Option<(Text, Span, Option<usize>)> {
            match &attached {
                Some(rest) => {
                    let mut text = word.text.clone();
                    strip_prefix(&mut text, flag.len() - rest.len());
                    let at = word.verbatim_at.map(|at| at + flag.len() - rest.len());
                    Some((text, word.span.clone(), at))
                }
                None => {
                    *index += 1;
                    words
                        .get(*index)
                        .map(|w| (w.text.clone(), w.span.clone(), w.verbatim_at))
                }
            }
        };
        match option.as_str() {
            "-H" | "--header" => {
                if let Some((text, span, _)) = value(&mut index) {
                    last_header = Some(span.clone());
                    header(&mut call, &text, span);
                }
            }
            "-A" | "--user-agent" => {
                if let Some((text, span, _)) = value(&mut index) {
                    last_header = Some(span.clone());
                    if text.is_empty() {
                        call.user_agent_removed = Some(span);
                    } else {
                        push_header(&mut call, "User-Agent", text, span);
                    }
                }
            }
            "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-ascii" | "--json" => {
                call.json_flag |= option == "--json";
                first_data.get_or_insert(word.span.clone());
                if let Some((text, span, at)) = value(&mut index) {
                    let from_stdin = text.known().is_some_and(|t| t == "@-");
                    call.body = match (&heredoc, from_stdin) {
                        (Some((body, range)), true) => Some(Body {
                            text: body.clone(),
                            span: range.clone(),
                            verbatim: true,
                        }),
                        _ => text
                            .known()
                            .filter(|t| !t.starts_with('@') || option == "--data-raw")
                            .map(|t| Body {
                                text: t,
                                span: at.map_or(span.clone(), |at| at..span.end),
                                verbatim: at.is_some(),
                            }),
                    };
                }
            }
            "--url" => {
                if let Some((text, span, _)) = value(&mut index) {
                    call.url = Some((text, span));
                }
            }
            "-X" | "--request" => {
                value(&mut index);
            }
            _ if VALUE_OPTIONS.contains(&option.as_str()) => {
                value(&mut index);
            }
            _ if flag.starts_with('-') && flag.len() > 1 => {}
            _ => {
                if call.url.is_none() {
                    call.url = Some((word.text.clone(), word.span.clone()));
                }
            }
        }
        index += 1;
    }
    call.header_site = last_header
        .map(HeaderSite::After)
        .or(first_data.map(HeaderSite::Before));
    Some(call)
}

/// `--header=x` → (`--header`, `x`); `-Hx` → (`-H`, `x`); `-H` → (`-H`, none).
fn split_option(flag: &str) -> (String, Option<String>) {
    if let Some((option, value)) = flag.split_once('=').filter(|_| flag.starts_with("--")) {
        return (option.to_owned(), Some(value.to_owned()));
    }
    let short_with_value = [
        "-H", "-A", "-d", "-X", "-o", "-u", "-x", "-w", "-m", "-e", "-b", "-c", "-F", "-T", "-D",
        "-K",
    ];
    if !flag.starts_with("--") && flag.len() > 2 {
        if let Some(short) = short_with_value.iter().find(|s| flag.starts_with(**s)) {
            return (short.to_string(), Some(flag[2..].to_owned()));
        }
    }
    (flag.to_owned(), None)
}

fn strip_prefix(text: &mut Text, mut bytes: usize) {
    while bytes > 0 {
        let Some(Piece::Lit(first)) = text.pieces.first_mut() else {
            return;
        };
        if first.len() > bytes {
            first.replace_range(..bytes, "");
            return;
        }
        bytes -= first.len();
        text.pieces.remove(0);
    }
}

/// A `-H` value: `Name: value`, `Name:` (removes the header) or `Name;` (sends it empty).
fn header(call: &mut Call, text: &Text, span: Span) {
    let prefix = text.known_prefix();
    let Some((name, _)) = prefix.split_once([':', ';']) else {
        return;
    };
    let name = name.trim().to_owned();
    let mut value = text.clone();
    strip_prefix(&mut value, name.len() + 1);
    // curl drops one space (or more) after the colon.
    if let Some(Piece::Lit(first)) = value.pieces.first_mut() {
        let trimmed = first.trim_start_matches(' ').len();
        first.replace_range(..first.len() - trimmed, "");
    }
    let removed = prefix[name.len()..].starts_with(':') && value.is_empty();
    if removed && name.eq_ignore_ascii_case("user-agent") {
        call.user_agent_removed = Some(span);
        return;
    }
    if !removed {
        push_header(call, &name, value, span);
    }
}

fn push_header(call: &mut Call, name: &str, value: Text, span: Span) {
    if let Some(headers) = call.headers.as_mut() {
        headers.push(Header {
            name: name.to_owned(),
            value,
            span,
        });
    }
}

/// The value bash gives a word.
fn evaluate(node: Node<'_>, code: &str, variables: &HashMap<String, Text>) -> Word {
    let span = node.byte_range();
    let source = &code[span.clone()];
    let mut text = Text::default();
    let mut verbatim_at = None;
    match node.kind() {
        "raw_string" => {
            text.push(Piece::Lit(
                source[1..source.len().saturating_sub(1).max(1)].to_owned(),
            ));
            verbatim_at = Some(span.start + 1);
        }
        "string" => {
            let mut cursor = node.walk();
            let mut plain = true;
            for child in node.children(&mut cursor) {
                match child.kind() {
                    "\"" => {}
                    "string_content" => {
                        text.push(Piece::Lit(unescape_double(&code[child.byte_range()])))
                    }
                    _ => {
                        plain = false;
                        text.append(evaluate(child, code, variables).text);
                    }
                }
            }
            let inner = &source[1..source.len().saturating_sub(1).max(1)];
            if plain && !inner.contains('\\') {
                verbatim_at = Some(span.start + 1);
            }
        }
        "simple_expansion" | "expansion" => {
            let name = node
                .named_children(&mut node.walk())
                .find(|c| c.kind() == "variable_name")
                .map(|c| code[c.byte_range()].to_owned());
            let plain = node.named_child_count() == 1;
            match name {
                Some(name) if plain && variables.contains_key(&name) => {
                    text.append(variables[&name].clone())
                }
                Some(name) => text.push(Piece::Var(name)),
                None => text.push(Piece::Var(source.to_owned())),
            }
        }
        "ansi_c_string" => text.push(Piece::Lit(unescape_ansi_c(
            &source[2..source.len().saturating_sub(1).max(2)],
        ))),
        "concatenation" => {
            let mut cursor = node.walk();
            for child in node.children(&mut cursor) {
                text.append(evaluate(child, code, variables).text);
            }
        }
        "word" | "number" => {
            text.push(Piece::Lit(unescape_word(source)));
            if !source.contains('\\') {
                verbatim_at = Some(span.start);
            }
        }
        _ => text.push(Piece::Var(source.to_owned())),
    }
    Word {
        text,
        span,
        verbatim_at,
    }
}

fn unescape_word(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\n') | None => {}
                Some(c) => out.push(c),
            },
            c => out.push(c),
        }
    }
    out
}

/// Inside double quotes, a backslash escapes only `$`, `` ` ``, `"`, `\` and a newline.
fn unescape_double(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some('$' | '`' | '"' | '\\')) => out.push(chars.next().expect("peeked")),
            ('\\', Some('\n')) => {
                chars.next();
            }
            (c, _) => out.push(c),
        }
    }
    out
}

/// `$'…'`: the common escapes, and `\e` (escape) and `\a` (bell).
fn unescape_ansi_c(text: &str) -> String {
    unescape_with(text, |c| match c {
        'e' | 'E' => Some('\u{1b}'),
        'a' => Some('\u{7}'),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_curl_command() {
        let code = "export KEY=\"sk-test\"\nBASE=https://www.open1.codes\ncurl -sS \"$BASE/v1/responses\" \\\n  -H \"Authorization: Bearer ${KEY}\" -H'X-A: 1' --header='X-B:  2' \\\n  -A '' -H 'Gone:' \\\n  -d '{\"model\": \"gpt-5.4\"}'\n";
        let parsed = parse(code);
        let [call] = parsed.calls.as_slice() else {
            panic!("{parsed:?}")
        };
        assert_eq!(
            call.url.as_ref().unwrap().0.known().unwrap(),
            "https://www.open1.codes/v1/responses"
        );
        let headers: Vec<(String, String)> = call
            .headers
            .as_ref()
            .unwrap()
            .iter()
            .map(|h| (h.name.clone(), h.value.display()))
            .collect();
        assert_eq!(
            headers,
            [
                ("Authorization".into(), "Bearer sk-test".into()),
                ("X-A".into(), "1".into()),
                ("X-B".into(), "2".into())
            ]
        );
        assert!(call.user_agent_removed.is_some());
        let body = call.body.as_ref().unwrap();
        assert!(body.verbatim);
        assert_eq!(&code[body.span.start..][..body.text.len()], body.text);
    }

    #[test]
    fn unknown_variables_stay_unknown() {
        let parsed =
            parse("curl \"$OPEN1_BASE/v1/responses\" -H \"Authorization: Bearer $OPEN1_API_KEY\"");
        let call = &parsed.calls[0];
        assert_eq!(
            call.url.as_ref().unwrap().0.display(),
            "${OPEN1_BASE}/v1/responses"
        );
        assert_eq!(
            call.header("authorization").unwrap().value.display(),
            "Bearer ${OPEN1_API_KEY}"
        );
    }

    #[test]
    fn heredoc_body() {
        let code = "curl https://x/v1/responses --data-binary @- <<'JSON'\n{\"a\": 1}\nJSON\n";
        let call = &parse(code).calls[0];
        assert_eq!(call.body.as_ref().unwrap().text, "{\"a\": 1}\n");
    }

    #[test]
    fn ansi_c_quotes() {
        assert_eq!(unescape_ansi_c(r"a\tb\x41\u00e9\'"), "a\tbAé'");
    }
}
