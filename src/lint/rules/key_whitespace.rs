use super::{Context, Finding, Rule, Severity, authorization};
use crate::lint::edit::{self, Applicability};
use crate::parse::{Piece, Span, Text};
use crate::request::key::{self, is_blank};

pub const RULE: Rule = Rule {
    id: "key-whitespace",
    severity: Severity::Error,
    summary: "whitespace or an invisible character in the API key or its Authorization header: 401",
    explain: include_str!("../../../templates/rules/key-whitespace.md"),
    check,
};

fn check(ctx: &Context<'_>, findings: &mut Vec<Finding>) {
    for call in &ctx.calls {
        if let Some(header) = call.headers.as_deref().and_then(authorization) {
            // The value curl or a client sends after `Authorization:`; HTTP drops spaces before it.
            if let Some(problem) = problem(&header.value, true) {
                push(
                    ctx,
                    findings,
                    header.span.clone(),
                    &format!("the Authorization header {problem}"),
                    &header.value,
                    true,
                );
            }
        }
        if let Some((key, span)) = &call.api_key {
            if let Some(problem) = problem(key, false) {
                push(
                    ctx,
                    findings,
                    span.clone(),
                    &format!("the API key {problem}"),
                    key,
                    false,
                );
            }
        }
    }
}

fn push(
    ctx: &Context<'_>,
    findings: &mut Vec<Finding>,
    span: Span,
    message: &str,
    value: &Text,
    bearer: bool,
) {
    let message = format!("{message}; the relay strips exactly \"Bearer \" and answers 401");
    // Deleting the blank characters from the literals the key is written in; what they stand
    // in an unknown piece is not ours to change.
    let code = &ctx.snippet.code;
    let keep = bearer.then_some("Bearer");
    let mut edits = edit::remove_blanks(code, &span, ctx.snippet.dialect, is_blank, keep);
    if bearer {
        separator(code, &span, &mut edits);
        before_scheme(code, &span, &mut edits);
    }
    // A placeholder's label is the reader's to replace: its plain spaces stay, and removing an
    // invisible character from it is no safe fix.
    let labels = source_labels(code, &span, keep);
    let inside = |edit: &edit::Edit| {
        labels
            .iter()
            .any(|l| l.start < edit.span.start && edit.span.end < l.end)
    };
    edits.retain(|edit| !(inside(edit) && code.get(edit.span.clone()) == Some(" ")));
    // Between a label's words, a space of another kind becomes a plain one.
    for edit in edits.iter_mut().filter(|e| inside(e)) {
        if code
            .get(edit.span.clone())
            .is_some_and(|c| c.chars().all(char::is_whitespace))
        {
            edit.text = " ".to_owned();
        }
    }
    let applicability = match edits.iter().any(inside) {
        true => Applicability::Unsafe,
        false => Applicability::Safe,
    };
    let mut finding = Finding::new(&RULE, span, message).autofix(applicability, edits);
    if let Some(fixed) = normalized(value, bearer) {
        finding = finding.fix(crate::secret::mask_secrets(&fixed));
    }
    findings.push(finding);
}

/// `Bearer` and one plain space stay: of the blank characters right after `Bearer` (each an
/// edit that removes it), the first plain space is kept, or the first other one becomes a
/// plain space (`Bearer` NBSP `sk-…`).
fn separator(code: &str, span: &Span, edits: &mut Vec<edit::Edit>) {
    let Some(at) = code
        .get(span.clone())
        .and_then(|source| source.find("Bearer"))
    else {
        return;
    };
    let mut end = span.start + at + "Bearer".len();
    let mut run = 0;
    while edits.get(run).is_some_and(|e| e.span.start == end) {
        end = edits[run].span.end;
        run += 1;
    }
    if run == 0 {
        return;
    }
    match (0..run).find(|&i| code.get(edits[i].span.clone()) == Some(" ")) {
        Some(space) => {
            edits.remove(space);
        }
        None => edits[0].text = " ".to_owned(),
    }
}

/// A blank character between the header's name and `Bearer` that HTTP does not drop (NBSP,
/// U+3000: only spaces and tabs are), written as it is: removed.
fn before_scheme(code: &str, span: &Span, edits: &mut Vec<edit::Edit>) {
    let Some(source) = code.get(span.clone()) else {
        return;
    };
    let Some(at) = source.find("Bearer") else {
        return;
    };
    let from = source[..at].rfind(':').map_or(0, |colon| colon + 1);
    let removed = source[from..at]
        .char_indices()
        .filter(|&(_, c)| is_blank(c) && c != ' ' && c != '\t')
        .map(|(i, c)| edit::Edit {
            span: span.start + from + i..span.start + from + i + c.len_utf8(),
            text: String::new(),
        });
    let mut removed: Vec<edit::Edit> = removed.collect();
    // `Authorization:` NBSP `Bearer`: the header reads better with its plain space.
    if let Some(first) = removed
        .first_mut()
        .filter(|_| !source[from..at].contains(' '))
    {
        first.text = " ".to_owned();
    }
    edits.splice(0..0, removed);
}

/// The placeholder labels of the literal at `span` (after `keep`), in the code's coordinates.
fn source_labels(code: &str, span: &Span, keep: Option<&str>) -> Vec<Span> {
    let Some((source, from)) = edit::after_keep(code, span, keep) else {
        return Vec::new();
    };
    let quotes = ['"', '\'', '`'];
    let region = &source[from..];
    let inner = region.trim_start_matches(quotes);
    let offset = span.start + from + (region.len() - inner.len());
    key::placeholder_labels(inner.trim_end_matches(quotes))
        .into_iter()
        .map(|l| l.start + offset..l.end + offset)
        .collect()
}

/// What is wrong with the literal parts of a key (or `Bearer <key>`), if anything.
fn problem(value: &Text, bearer: bool) -> Option<String> {
    let literal: String = value
        .pieces
        .iter()
        .map(|p| match p {
            Piece::Lit(text) => text.clone(),
            Piece::Var(_) => "\u{0}".to_owned(),
        })
        .collect();
    if !bearer {
        return key::blank_problem(&literal, false);
    }
    // HTTP drops spaces and tabs before the value, not other blank characters.
    let scheme = literal.trim_start_matches(|c| is_blank(c) && c != '\u{0}');
    if scheme.len() < literal.len() && scheme.starts_with("Bearer") {
        let c = literal.chars().find(|&c| c != ' ' && c != '\t')?;
        return Some(format!("has {} before \"Bearer\"", key::describe(c)));
    }
    // Another scheme, or none, is malformed-authorization's business.
    let rest = literal.strip_prefix("Bearer")?;
    match rest
        .chars()
        .next()
        .filter(|&c| c != '\u{0}' && is_blank(c))?
    {
        ' ' => key::blank_problem(&rest[1..], true),
        c => Some(format!(
            "has {} after \"Bearer\" where the relay expects one plain space",
            key::describe(c)
        )),
    }
}

/// The value without any blank character, `Bearer ` kept (unknown parts as `${NAME}`), and the
/// plain spaces of a placeholder's label.
fn normalized(value: &Text, bearer: bool) -> Option<String> {
    let text = value.display();
    let text = text.trim_start_matches(is_blank);
    let (head, key) = match text.strip_prefix("Bearer").filter(|_| bearer) {
        Some(rest) => ("Bearer ", rest.trim_start_matches(is_blank)),
        None => ("", text),
    };
    let labels = key::placeholder_labels(key);
    // A label keeps its spaces (of any kind, as plain ones); the rest loses every blank.
    let kept: String = key
        .char_indices()
        .filter_map(|(i, c)| match is_blank(c) {
            false => Some(c),
            true if c.is_whitespace() && labels.iter().any(|l| l.start < i && i < l.end) => {
                Some(' ')
            }
            true => None,
        })
        .collect();
    Some(format!("{head}{kept}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems() {
        assert_eq!(
            problem(&Text::lit("Bearer  sk-1"), true).unwrap(),
            "has a second space after \"Bearer \""
        );
        assert_eq!(
            problem(&Text::lit("Bearer sk-1 "), true).unwrap(),
            "has a space at its end"
        );
        assert_eq!(
            problem(&Text::lit("Bearer sk\u{3000}1"), true).unwrap(),
            "has U+3000 IDEOGRAPHIC SPACE inside it"
        );
        assert_eq!(
            problem(&Text::lit("Bearer {在这里填写_API_Key}"), true),
            None
        );
        let mut text = Text::lit("Bearer ");
        text.push(Piece::Var("KEY".into()));
        assert_eq!(problem(&text, true), None);
        text.push(Piece::Lit("\u{200b}".into()));
        assert!(problem(&text, true).unwrap().contains("U+200B"));
        assert_eq!(
            problem(&Text::lit("\u{feff}sk-abc"), false).unwrap(),
            "has U+FEFF ZERO WIDTH NO-BREAK SPACE (a byte-order mark) at its start"
        );
        assert_eq!(
            normalized(&Text::lit("Bearer  sk-1\u{a0}"), true).unwrap(),
            "Bearer sk-1"
        );
    }

    /// `Bearer` followed by another space than U+0020 is this rule's, with the character
    /// named (it was malformed-authorization's "the scheme is written \"Bearer\"").
    #[test]
    fn a_unicode_space_after_bearer_is_named() {
        for (c, name) in [
            ('\u{a0}', "U+00A0 NO-BREAK SPACE"),
            ('\u{3000}', "U+3000 IDEOGRAPHIC SPACE"),
            ('\u{2009}', "U+2009 THIN SPACE"),
            ('\u{202f}', "U+202F NARROW NO-BREAK SPACE"),
            ('\u{200b}', "U+200B ZERO WIDTH SPACE"),
            ('\t', "a tab"),
        ] {
            let mut text = Text::lit(format!("Bearer{c}"));
            text.push(Piece::Var("OPEN1_API_KEY".into()));
            assert_eq!(
                problem(&text, true).unwrap(),
                format!("has {name} after \"Bearer\" where the relay expects one plain space")
            );
            assert_eq!(normalized(&text, true).unwrap(), "Bearer ${OPEN1_API_KEY}");
        }
        assert_eq!(
            problem(&Text::lit("\u{a0}Bearer sk-1"), true).unwrap(),
            "has U+00A0 NO-BREAK SPACE before \"Bearer\""
        );
        assert_eq!(problem(&Text::lit("Bearersk-1"), true), None);
        assert_eq!(problem(&Text::lit("bearer\u{a0}sk-1"), true), None);
    }

    #[test]
    fn placeholder_labels_keep_their_spaces() {
        assert_eq!(problem(&Text::lit("Bearer <DeepSeek API Key>"), true), None);
        assert_eq!(problem(&Text::lit("Bearer YOUR API KEY"), true), None);
        assert_eq!(problem(&Text::lit("[your api key]"), false), None);
        assert_eq!(
            normalized(&Text::lit("Bearer  <DeepSeek API Key> "), true).unwrap(),
            "Bearer <DeepSeek API Key>"
        );
        assert_eq!(
            problem(&Text::lit("Bearer <DeepSeek API Key>\u{200b}"), true).unwrap(),
            "has U+200B ZERO WIDTH SPACE at its end"
        );
    }
}
