//! A key, URL or header value that names a variable its language will not substitute: bash's
//! `$VAR` inside single quotes (or `$'…'`, or escaped `\$VAR`), Python's `{VAR}` in a string
//! without the `f` prefix, JavaScript's `${x}` in a `'…'`/`"…"` string. The request then sends
//! the variable's name — `Bearer $NEWAPI_API_KEY`, 401 — the most common defect on real relay
//! docs.
//!
//! The rule reads each value's source again through its span: the parsers keep what a literal
//! means, not how it was quoted.

use super::{Context, Finding, Rule, Severity};
use crate::extract::Dialect;
use crate::lint::edit::{Applicability, Edit};
use crate::parse::{Client, Span};

pub const RULE: Rule = Rule {
    id: "unexpanded-variable",
    severity: Severity::Error,
    summary: "a key, URL or header value naming a variable its quoting does not expand",
    explain: include_str!("../../../templates/rules/unexpanded-variable.md"),
    check,
};

/// What a value is, for the message.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Url,
    Key,
    Authorization,
    Header,
}

impl Role {
    fn what(self) -> &'static str {
        match self {
            Role::Url => "the URL",
            Role::Key => "the key",
            Role::Authorization => "the Authorization header",
            Role::Header => "the header",
        }
    }

    fn consequence(self) -> &'static str {
        match self {
            Role::Key | Role::Authorization => " (the relay answers 401)",
            Role::Url | Role::Header => "",
        }
    }
}

/// A variable reference the quoting leaves as text, and how to make it expand.
struct Reference {
    /// The reference in the code: `$KEY`, `{api_key}`, `${apiKey}`.
    span: Span,
    why: String,
    edits: Vec<Edit>,
    /// A hint when no edit is offered.
    hint: Option<String>,
}

fn check(ctx: &Context<'_>, findings: &mut Vec<Finding>) {
    let code = &ctx.snippet.code;
    let mut values: Vec<(Span, Role)> = Vec::new();
    for call in &ctx.calls {
        if let Client::Sdk(library) = call.client
            && library.literal_values
        {
            literal_file(ctx, call, library, findings);
            continue;
        }
        // In a shell snippet only curl's words are read: an environment assignment may stand in
        // a here-document, which quotes by its own rules.
        if ctx.snippet.dialect == Dialect::Shell && call.client != Client::Curl {
            continue;
        }
        values.extend(values_of(call));
    }
    values.sort_by_key(|(span, _)| (span.start, span.end));
    values.dedup_by(|a, b| a.0 == b.0);
    let mut seen: Vec<Span> = Vec::new();
    for (span, role) in values {
        let references = match ctx.snippet.dialect {
            Dialect::Shell => shell(code, &span),
            Dialect::Python => python(code, &span),
            Dialect::JavaScript => javascript(code, &span),
            _ => continue,
        };
        for reference in references {
            if seen.contains(&reference.span) {
                continue;
            }
            seen.push(reference.span.clone());
            let name = &code[reference.span.clone()];
            let message = format!(
                "{}, so {} holds the text {name} as it is{}",
                reference.why,
                role.what(),
                role.consequence()
            );
            let fix = match &reference.hint {
                Some(hint) => hint.clone(),
                None => crate::secret::mask_secrets(&applied(code, &span, &reference.edits))
                    .into_owned(),
            };
            findings.push(
                Finding::new(&RULE, reference.span, message)
                    .fix(fix)
                    .autofix(Applicability::Unsafe, reference.edits),
            );
        }
    }
}

/// The values of `call` a variable's name may stand in, with what each is: the URL, the key
/// (an SDK's option, curl's `-u`/`--oauth2-bearer`), each header — and a header's value where
/// it was written, when it was assigned elsewhere (`auth = "Bearer {KEY}"` … `{"Authorization":
/// auth}`).
fn values_of(call: &crate::parse::Call) -> Vec<(Span, Role)> {
    let mut values: Vec<(Span, Role)> = Vec::new();
    values.extend(call.url.iter().map(|(_, span)| (span.clone(), Role::Url)));
    values.extend(
        [&call.api_key, &call.credential]
            .into_iter()
            .flatten()
            .map(|(_, span)| (span.clone(), Role::Key)),
    );
    for header in call.headers.iter().flatten() {
        let role = match header.name.eq_ignore_ascii_case("authorization") {
            true => Role::Authorization,
            false => Role::Header,
        };
        values.push((header.span.clone(), role));
        if let Some(origin) = &header.origin
            && !(header.span.start <= origin.start && origin.end <= header.span.end)
        {
            values.push((origin.clone(), role));
        }
    }
    values
}

/// A config file read as written (Codex's TOML): every `$NAME` in its URL and header values
/// stays text — unless the file is a here-document without a quoted delimiter, which bash
/// expands as it writes the file.
fn literal_file(
    ctx: &Context<'_>,
    call: &crate::parse::Call,
    library: &crate::catalog::Library,
    findings: &mut Vec<Finding>,
) {
    let code = &ctx.snippet.code;
    let mut values: Vec<(Span, Role)> = Vec::new();
    values.extend(call.url.iter().map(|(_, span)| (span.clone(), Role::Url)));
    values.extend(
        call.api_key
            .iter()
            .map(|(_, span)| (span.clone(), Role::Key)),
    );
    for header in call.headers.iter().flatten() {
        let role = match header.name.eq_ignore_ascii_case("authorization") {
            true => Role::Authorization,
            false => Role::Header,
        };
        values.push((header.span.clone(), role));
    }
    for (span, role) in values_of(call) {
        let Some(text) = code.get(span.clone()) else {
            continue;
        };
        let here_document = match ctx.snippet.dialect {
            Dialect::Shell => {
                match super::leaked_key::place::place(code, Dialect::Shell, span.start) {
                    super::leaked_key::place::Place::HereDocument { quoted: true } => true,
                    _ => continue,
                }
            }
            _ => false,
        };
        let mut i = 0;
        while let Some(at) = text[i..].find('$') {
            let at = i + at;
            let Some(len) = shell_reference(&text[at..]) else {
                i = at + 1;
                continue;
            };
            i = at + len;
            let name = &text[at..at + len];
            let why = match here_document {
                true => format!(
                    "the here-document's delimiter is quoted, so bash writes {name} into the file as it is, and {} reads the file as written",
                    library.name
                ),
                false => format!(
                    "{} reads its file as written, substituting no variable",
                    library.name
                ),
            };
            let hint = match (here_document, role) {
                (true, _) => "unquote the here-document's delimiter (<<EOF) so bash writes the value, or write the value out".to_owned(),
                (false, Role::Key | Role::Authorization) => format!(
                    "write the value out, or name the variable in {}",
                    library.key_variable.first().map_or("the key's variable option", String::as_str)
                ),
                (false, _) => "write the value out".to_owned(),
            };
            findings.push(
                Finding::new(
                    &RULE,
                    span.start + at..span.start + at + len,
                    format!(
                        "{why}, so {} holds the text {name}{}",
                        role.what(),
                        role.consequence()
                    ),
                )
                .fix(hint),
            );
        }
    }
}

/// The source of `span` with `edits` (all inside it) made.
fn applied(code: &str, span: &Span, edits: &[Edit]) -> String {
    let mut out = String::new();
    let mut at = span.start;
    let mut edits: Vec<&Edit> = edits.iter().collect();
    edits.sort_by_key(|e| e.span.start);
    for edit in edits {
        if edit.span.start < at || edit.span.end > span.end {
            continue;
        }
        out.push_str(&code[at..edit.span.start]);
        out.push_str(&edit.text);
        at = edit.span.end;
    }
    out.push_str(&code[at..span.end]);
    out
}

fn edit(span: Span, text: &str) -> Edit {
    Edit {
        span,
        text: text.to_owned(),
    }
}

/// The length of the variable reference at the start of `text` (`$NAME`, `${NAME}`), if any.
fn shell_reference(text: &str) -> Option<usize> {
    let rest = text.strip_prefix('$')?;
    let is_start = |c: char| c.is_ascii_alphabetic() || c == '_';
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    if let Some(inner) = rest.strip_prefix('{') {
        let end = inner.find('}')?;
        let name = &inner[..end];
        // `${NAME}` and `${NAME:-default}`-like forms; not `${}` or `${#…}`.
        let first = name.chars().next()?;
        return is_start(first).then_some(end + 3);
    }
    let first = rest.chars().next()?;
    if !is_start(first) {
        return None;
    }
    Some(1 + rest.find(|c: char| !is_name(c)).unwrap_or(rest.len()))
}

/// The references in a bash word that bash leaves as text.
fn shell(code: &str, span: &Span) -> Vec<Reference> {
    let Some(word) = code.get(span.clone()) else {
        return Vec::new();
    };
    let base = span.start;
    let bytes = word.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    // Whether the text is inside double quotes.
    let mut double = false;
    while i < bytes.len() {
        let rest = &word[i..];
        match bytes[i] {
            b'\\' if !double || matches!(bytes.get(i + 1), Some(b'$' | b'"' | b'\\' | b'`')) => {
                // `\$NAME`: the dollar is escaped on purpose, and bash sends `$NAME`.
                if let Some(len) = shell_reference(&rest[1..]) {
                    let reference = base + i + 1..base + i + 1 + len;
                    found.push(Reference {
                        span: reference,
                        why: "the backslash before $ keeps bash from expanding it".to_owned(),
                        edits: vec![edit(base + i..base + i + 1, "")],
                        hint: None,
                    });
                    i += 1 + len;
                    continue;
                }
                i += 1 + rest[1..].chars().next().map_or(0, char::len_utf8);
            }
            b'"' => {
                double = !double;
                i += 1;
            }
            // A command substitution quotes by its own rules: not read further.
            b'`' => break,
            b'$' if rest.starts_with("$(") => break,
            b'\'' if !double => {
                let Some(len) = rest[1..].find('\'') else {
                    break;
                };
                found.extend(single_quoted(word, base, i, i + 1 + len, 1));
                i += len + 2;
            }
            b'$' if !double && rest.starts_with("$'") => {
                let Some(len) = ansi_c_end(&rest[2..]) else {
                    break;
                };
                found.extend(single_quoted(word, base, i, i + 2 + len, 2));
                i += len + 3;
            }
            _ => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

/// Where a `$'…'` string's closing quote is in `text` (after the opening `$'`).
fn ansi_c_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\'' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// The references in the quoted text `word[open..close]` (the opening quote is `open_len`
/// bytes, the closing one is at `close`), with the fix that expands each: the quotes turned
/// into double quotes when nothing else in them changes meaning there, else the quote closed
/// and opened again around the reference (`'Bearer '"$KEY"`).
fn single_quoted(
    word: &str,
    base: usize,
    open: usize,
    close: usize,
    open_len: usize,
) -> Vec<Reference> {
    let inner_start = open + open_len;
    let inner = &word[inner_start..close];
    let mut references = Vec::new();
    let mut i = 0;
    while let Some(at) = inner[i..].find('$') {
        let at = i + at;
        match shell_reference(&inner[at..]) {
            // `$$NAME` is the process id and a word, not a variable.
            Some(len) if !inner[..at].ends_with('$') => {
                references.push(at..at + len);
                i = at + len;
            }
            _ => i = at + 1,
        }
    }
    let ansi = open_len == 2;
    let quote = if ansi { "$'" } else { "'" };
    // Everything in the quotes reads the same in double quotes: no `"`, `` ` ``, `\` or `!`,
    // and every `$` starts one of the references.
    let dollars = inner.matches('$').count();
    let whole = !ansi && !inner.contains(['"', '`', '\\', '!']) && dollars == references.len();
    let why = match ansi {
        true => "bash expands no variable inside $'…' quotes",
        false => "bash expands no variable inside single quotes",
    };
    references
        .iter()
        .map(|reference| {
            let at = |offset: usize| base + inner_start + offset;
            let edits = if whole {
                vec![
                    edit(base + open..base + open + 1, "\""),
                    edit(base + close..base + close + 1, "\""),
                ]
            } else {
                let mut edits = Vec::new();
                match reference.start == 0 {
                    true => edits.push(edit(base + open..base + inner_start, "\"")),
                    false => edits.push(edit(at(reference.start)..at(reference.start), "'\"")),
                }
                match reference.end == inner.len() {
                    true => edits.push(edit(base + close..base + close + 1, "\"")),
                    false => edits.push(edit(
                        at(reference.end)..at(reference.end),
                        &format!("\"{quote}"),
                    )),
                }
                edits
            };
            Reference {
                span: at(reference.start)..at(reference.end),
                why: why.to_owned(),
                edits,
                hint: None,
            }
        })
        .collect()
}

/// A string literal in Python or JavaScript source: its prefix letters, quote and content.
struct Literal {
    /// Where the prefix (or the quote, without one) starts.
    start: usize,
    prefix: String,
    /// The opening quote's offset and text (`"`, `'''`, `` ` ``).
    quote_at: usize,
    quote: String,
    content: Span,
}

/// Every string literal of `source` (offsets in it), skipping comments. JavaScript template
/// literals are returned too (quote `` ` ``), with their `${…}` parts inside the content.
fn literals(source: &str, dialect: Dialect) -> Vec<Literal> {
    let bytes = source.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let comment = match dialect {
            Dialect::Python => c == b'#',
            _ => source[i..].starts_with("//"),
        };
        if comment {
            i += source[i..].find('\n').unwrap_or(source.len() - i);
            continue;
        }
        if dialect == Dialect::JavaScript && source[i..].starts_with("/*") {
            i += source[i..].find("*/").map_or(source.len() - i, |e| e + 2);
            continue;
        }
        let quotes: &[u8] = match dialect {
            Dialect::Python => b"'\"",
            _ => b"'\"`",
        };
        if !quotes.contains(&c) {
            i += source[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let prefix_start = match dialect {
            Dialect::Python => {
                let before = &source[..i];
                let letters = before.len()
                    - before
                        .trim_end_matches(|ch: char| "rRbBuUfF".contains(ch))
                        .len();
                let start = i - letters;
                // Prefix letters only when no other name character sticks to them.
                match source[..start]
                    .chars()
                    .next_back()
                    .is_some_and(|ch| ch.is_alphanumeric() || ch == '_')
                {
                    true => i,
                    false => start,
                }
            }
            _ => i,
        };
        let triple = dialect == Dialect::Python
            && source[i..].starts_with(&(c as char).to_string().repeat(3));
        let quote = if triple {
            (c as char).to_string().repeat(3)
        } else {
            (c as char).to_string()
        };
        let content_start = i + quote.len();
        let mut j = content_start;
        let mut end = None;
        let mut depth = 0usize;
        while j < bytes.len() {
            if bytes[j] == b'\\' {
                j += 2;
                continue;
            }
            if c == b'`' && bytes[j..].starts_with(b"${") {
                depth += 1;
                j += 2;
                continue;
            }
            if c == b'`' && depth > 0 && bytes[j] == b'}' {
                depth -= 1;
                j += 1;
                continue;
            }
            if depth == 0 && bytes[j..].starts_with(quote.as_bytes()) {
                end = Some(j);
                break;
            }
            if !triple && c != b'`' && bytes[j] == b'\n' {
                break;
            }
            j += 1;
        }
        let Some(end) = end else {
            break;
        };
        out.push(Literal {
            start: prefix_start,
            prefix: source[prefix_start..i].to_owned(),
            quote_at: i,
            quote: quote.clone(),
            content: content_start..end,
        });
        i = end + quote.len();
    }
    out
}

/// A Python identifier, then attributes, subscripts and calls: `api_key`,
/// `os.environ['KEY']`, `os.getenv("KEY")`, `settings.key`.
fn python_expression(text: &str) -> Option<&str> {
    let root_len = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    let root = &text[..root_len];
    if root.is_empty() || root.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let rest = &text[root_len..];
    let valid = rest.is_empty()
        || rest.starts_with(['.', '[', '('])
            && !rest.contains(['{', '}'])
            && rest.chars().all(|c| c.is_ascii_graphic() || c == ' ');
    valid.then_some(root)
}

/// Whether `name` is bound in the Python code: assigned, imported, a parameter or a loop
/// variable.
fn python_defined(code: &str, name: &str) -> bool {
    code.match_indices(name).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = &code[at + name.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
            || after.starts_with(|c: char| c.is_alphanumeric() || c == '_')
        {
            return false;
        }
        let line_start = code[..at].rfind('\n').map_or(0, |i| i + 1);
        let line = code[line_start..at].trim_start();
        let after = after.trim_start_matches([' ', '\t']);
        // A statement's target, not a keyword argument (`f(key=…)`).
        (after.starts_with('=') && !after.starts_with("==") && line.is_empty())
            || (after.starts_with(':') && line.is_empty())
            || line.starts_with("import ")
            || line.starts_with("from ") && line.contains(" import ")
            || line.ends_with(" as ")
            || line.starts_with("for ")
            || line.starts_with("def ") && line.contains('(')
            || line.starts_with("async def ") && line.contains('(')
    })
}

/// An environment variable's name as people write one: ASCII capitals, digits and
/// underscores, not a placeholder's words.
fn looks_like_environment(name: &str) -> bool {
    let placeholder = [
        "YOUR",
        "HERE",
        "XXX",
        "REPLACE",
        "PLACEHOLDER",
        "INSERT",
        "ENTER",
    ];
    name.len() >= 3
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && name.contains('_')
        && !placeholder.iter().any(|word| name.contains(word))
}

/// The references in Python strings of `span` that have no `f` prefix and are not formatted.
fn python(code: &str, span: &Span) -> Vec<Reference> {
    let Some(source) = code.get(span.clone()) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for literal in literals(source, Dialect::Python) {
        let prefix = literal.prefix.to_ascii_lowercase();
        if prefix.contains('f') || prefix.contains('b') {
            continue;
        }
        let content = &source[literal.content.clone()];
        if content.contains("{{") || content.contains("}}") {
            continue;
        }
        let close = span.start + literal.content.end + literal.quote.len();
        if formatted(code, span.start + literal.start, close) {
            continue;
        }
        // Every `{…}` group, and whether each is an expression.
        let mut groups = Vec::new();
        let mut balanced = true;
        let mut i = 0;
        while let Some(open) = content[i..].find(['{', '}']) {
            let open = i + open;
            if content[open..].starts_with('}') {
                balanced = false;
                break;
            }
            let Some(len) = content[open + 1..].find(['{', '}']) else {
                balanced = false;
                break;
            };
            if !content[open + 1 + len..].starts_with('}') {
                balanced = false;
                break;
            }
            groups.push(open..open + len + 2);
            i = open + len + 2;
        }
        let mut references = Vec::new();
        let mut all_expressions = balanced;
        for group in &groups {
            let inner = &content[group.start + 1..group.end - 1];
            let Some(root) = python_expression(inner) else {
                all_expressions = false;
                continue;
            };
            let defined = python_defined(code, root);
            let whole_name = root.len() == inner.len();
            if defined || whole_name && looks_like_environment(root) {
                references.push((group.clone(), root.to_owned(), defined));
            } else {
                all_expressions = false;
            }
        }
        let fixable = all_expressions && !prefix.contains('u');
        for (group, root, defined) in references {
            let at = span.start + literal.content.start;
            let (edits, hint) = match (fixable, defined) {
                (true, true) => (
                    vec![edit(
                        span.start + literal.quote_at..span.start + literal.quote_at,
                        "f",
                    )],
                    None,
                ),
                (_, false) => (
                    Vec::new(),
                    Some(format!(
                        "an f-string reading the variable: f\"…{{os.environ['{root}']}}…\""
                    )),
                ),
                (false, true) => (Vec::new(), Some("an f-string: f\"…\"".to_owned())),
            };
            found.push(Reference {
                span: at + group.start..at + group.end,
                why: "Python substitutes nothing in a string without the f prefix".to_owned(),
                edits,
                hint,
            });
        }
    }
    found
}

/// Whether the Python string literal at `start..close` is formatted: `.format(…)` or `%` right
/// after it, or applied to the name it is assigned to.
fn formatted(code: &str, start: usize, close: usize) -> bool {
    let after = code[close..].trim_start_matches([' ', '\t']);
    if after.starts_with(".format") || after.starts_with('%') && !after.starts_with("%=") {
        return true;
    }
    let before = code[..start].trim_end_matches([' ', '\t']);
    let Some(assigned) = before.strip_suffix('=') else {
        return false;
    };
    if assigned.ends_with(['=', '!', '<', '>']) {
        return false;
    }
    let assigned = assigned.trim_end();
    let name_start = assigned
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    let name = &assigned[name_start..];
    !name.is_empty()
        && (code.contains(&format!("{name}.format")) || code.contains(&format!("{name} %")))
}

/// The references in JavaScript strings of `span` written with `'` or `"`.
fn javascript(code: &str, span: &Span) -> Vec<Reference> {
    let Some(source) = code.get(span.clone()) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for literal in literals(source, Dialect::JavaScript) {
        if literal.quote == "`" {
            continue;
        }
        let content = &source[literal.content.clone()];
        let mut i = 0;
        let mut references = Vec::new();
        while let Some(open) = content[i..].find("${") {
            let open = i + open;
            let Some(len) = content[open..].find('}') else {
                break;
            };
            let inner = &content[open + 2..open + len];
            if inner
                .trim()
                .starts_with(|c: char| c.is_alphabetic() || c == '_' || c == '$')
            {
                references.push(open..open + len + 1);
            }
            i = open + len + 1;
        }
        let fixable = !content.contains('`');
        let at = span.start + literal.content.start;
        for reference in references {
            let edits = match fixable {
                true => vec![
                    edit(span.start + literal.quote_at..at, "`"),
                    edit(
                        span.start + literal.content.end..span.start + literal.content.end + 1,
                        "`",
                    ),
                ],
                false => Vec::new(),
            };
            found.push(Reference {
                span: at + reference.start..at + reference.end,
                why: format!(
                    "JavaScript substitutes ${{…}} only in template literals (`…`), not in {}…{} quotes",
                    literal.quote, literal.quote
                ),
                edits,
                hint: (!fixable).then(|| "a template literal: `…${…}…`".to_owned()),
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shell_names(word: &str) -> Vec<(String, String)> {
        shell(word, &(0..word.len()))
            .into_iter()
            .map(|r| {
                (
                    word[r.span.clone()].to_owned(),
                    applied(word, &(0..word.len()), &r.edits),
                )
            })
            .collect()
    }

    #[test]
    fn shell_references_and_their_fixes() {
        let table: &[(&str, &[(&str, &str)])] = &[
            (
                "'Authorization: Bearer $KEY'",
                &[("$KEY", "\"Authorization: Bearer $KEY\"")],
            ),
            (
                "'Authorization: Bearer ${KEY}'",
                &[("${KEY}", "\"Authorization: Bearer ${KEY}\"")],
            ),
            (
                "'Authorization: Bearer $KEY \"x\"'",
                &[("$KEY", "'Authorization: Bearer '\"$KEY\"' \"x\"'")],
            ),
            ("'$KEY!'", &[("$KEY", "\"$KEY\"'!'")]),
            ("$'Bearer $KEY\\n'", &[("$KEY", "$'Bearer '\"$KEY\"$'\\n'")]),
            ("$'$KEY'", &[("$KEY", "\"$KEY\"")]),
            ("\"Bearer \\$KEY\"", &[("$KEY", "\"Bearer $KEY\"")]),
            ("-H'A: $B'", &[("$B", "-H\"A: $B\"")]),
            // Expanded, or no variable.
            ("\"Bearer $KEY\"", &[]),
            ("Bearer$KEY", &[]),
            ("'price: $5'", &[]),
            ("'pa$$word'", &[]),
            ("\"$(echo '$KEY')\"", &[]),
            ("'it'\"'\"'s $KEY'", &[("$KEY", "'it'\"'\"\"s $KEY\"")]),
        ];
        for (word, expected) in table {
            let expected: Vec<(String, String)> = expected
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
            assert_eq!(shell_names(word), expected, "{word}");
        }
    }

    #[test]
    fn python_strings_without_the_f_prefix() {
        let refs = |code: &str| -> Vec<(String, String)> {
            python(code, &(0..code.len()))
                .into_iter()
                .map(|r| {
                    let fixed = applied(code, &(0..code.len()), &r.edits);
                    (code[r.span].to_owned(), fixed)
                })
                .collect()
        };
        let code = "api_key = os.environ['K']\nh = {\"Authorization\": \"Bearer {api_key}\"}";
        assert_eq!(
            refs(code),
            [("{api_key}".into(), code.replace("\"Bearer", "f\"Bearer"))]
        );
        assert_eq!(refs("x = 'Bearer {OPEN1_API_KEY}'").len(), 1);
        // Placeholders, f-strings, formatted strings.
        for code in [
            "x = 'Bearer {在这里填写_API_Key}'",
            "x = 'Bearer {YOUR_API_KEY}'",
            "x = 'Bearer {key}'",
            "key = 1\nx = f'Bearer {key}'",
            "key = 1\nx = 'Bearer {key}'.format(key=key)",
            "key = 1\nT = 'Bearer {key}'\nx = T.format(key=key)",
            "key = 1\nx = 'Bearer {{key}}'",
            "x = b'Bearer {OPEN1_API_KEY}'",
        ] {
            assert_eq!(refs(code), [], "{code}");
        }
    }

    #[test]
    fn javascript_strings_outside_template_literals() {
        let code = "h = { Authorization: 'Bearer ${apiKey}', b: `Bearer ${apiKey}` }";
        let found = javascript(code, &(0..code.len()));
        assert_eq!(found.len(), 1);
        assert_eq!(&code[found[0].span.clone()], "${apiKey}");
        assert_eq!(
            applied(code, &(0..code.len()), &found[0].edits),
            code.replace("'Bearer ${apiKey}'", "`Bearer ${apiKey}`")
        );
    }
}
