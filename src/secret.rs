//! Secrets — API keys and credentials — found in any text and masked where bytes leave the
//! program.
//!
//! One owner for masking, so a new output cannot forget it: `run` puts standard error behind a
//! [`MaskedWriter`], lint's reports and sync's diffs pass through [`mask_secrets`] before they
//! are written, and messages that quote a key use [`mask`]. What counts as a secret:
//! - a real-looking `sk-…` key, also when a blank or invisible character was pasted into it
//!   (`sk-abc…` NBSP `…xyz` is one key, not two harmless halves — exactly the keys
//!   `key-whitespace` reports);
//! - the password of a URL's `user:password@`, or a user name that looks like a token;
//! - the value of a URL query parameter that carries a credential (`?key=`, `&api_key=`,
//!   `access_token=`…);
//! - a random-looking token after `Bearer `, or after a key-like name (`api_key=`, `token:`).
//!
//! A mask keeps the text's length in characters, so a masked code frame's columns stay right.

use std::borrow::Cow;
use std::io::{self, Write};
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use crate::request::key::is_blank;

/// What masking writes in place of a hidden character.
const HIDDEN: char = '*';

/// `sk-ab*****yz`: the first 5 and last 2 characters of a long secret, the rest as `*`; a secret
/// shorter than 16 characters is all `*`, as a mask could not hide most of it. Same length in
/// characters.
pub fn mask(secret: &str) -> String {
    let count = secret.chars().count();
    let shown = |i: usize| count >= 16 && (i < 5 || i + 2 >= count);
    secret
        .chars()
        .enumerate()
        .map(|(i, c)| if shown(i) { c } else { HIDDEN })
        .collect()
}

/// `text` with every secret in it masked; borrowed when there is none.
pub fn mask_secrets(text: &str) -> Cow<'_, str> {
    let found = find_secrets(text);
    if found.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for range in found {
        out.push_str(&text[copied..range.start]);
        out.push_str(&mask(&text[range.clone()]));
        copied = range.end;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The byte range of the first real-looking `sk-` key in `text` (see the module's notes), for
/// the leaked-key rule.
pub fn find_secret(text: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&text.as_bytes()[from..], b"sk-") {
        let start = from + found;
        if let Some(end) = api_key_at(text, start) {
            return Some((start, end));
        }
        from = start + 3;
    }
    None
}

/// Whether a real-looking `sk-` key starts at byte `start` of `bytes` (which need not be UTF-8
/// as a whole): the file prefilter's key check, made on the bytes before any decoding.
pub fn key_at(bytes: &[u8], start: usize) -> bool {
    if start > 0 && is_key_char(char::from(bytes[start - 1])) {
        return false;
    }
    // A key and the blanks pasted into it fit in this (see `LONGEST_KEY`).
    let window = &bytes[start..bytes.len().min(start + 2 * LONGEST_KEY)];
    let text = match std::str::from_utf8(window) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&window[..e.valid_up_to()]).expect("valid up to here"),
    };
    api_key_at(text, 0).is_some()
}

/// Every secret in `text`, as sorted, disjoint byte ranges.
pub fn find_secrets(text: &str) -> Vec<Range<usize>> {
    static ANCHORS: OnceLock<AhoCorasick> = OnceLock::new();
    let anchors = ANCHORS.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build([
                "sk-", "://", "bearer", "key", "token", "secret", "passw", "sig",
            ])
            .expect("fixed patterns build")
    });
    let mut found: Vec<Range<usize>> = Vec::new();
    for anchor in anchors.find_overlapping_iter(text) {
        if found.last().is_some_and(|last| anchor.start() < last.end) {
            continue;
        }
        let ranges = match anchor.pattern().as_usize() {
            0 => api_key_at(text, anchor.start())
                .map(|end| anchor.start()..end)
                .into_iter()
                .collect(),
            1 => url_credentials(text, anchor.end()),
            2 => bearer_token(text, anchor.end()).into_iter().collect(),
            _ => named_value(text, anchor.start(), anchor.end())
                .into_iter()
                .collect(),
        };
        for range in ranges {
            if !range.is_empty() && found.last().is_none_or(|last| last.end <= range.start) {
                found.push(range);
            }
        }
    }
    found
}

/// Longer than any real key (`sk-proj-` keys are about 164 characters).
const LONGEST_KEY: usize = 256;

/// Characters of a key or token: what `sk-` keys and URL-safe tokens are made of.
fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// The end of a real-looking `sk-` key starting at `start`: key characters, across blank or
/// invisible characters pasted into it when more of the key follows. A plain space or tab joins
/// only a key-like part (four or more key characters with a digit), so `sk-… and` stays two
/// words while `sk-abcd1234 5678efgh…` is one key.
fn api_key_at(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let boundary = start == 0 || !(is_key_char(bytes[start - 1] as char));
    if !boundary || !text[start..].starts_with("sk-") {
        return None;
    }
    let mut body = String::new();
    let mut end = start + 3;
    loop {
        let part_len = text[end..]
            .find(|c: char| !is_key_char(c))
            .unwrap_or(text.len() - end);
        body.push_str(&text[end..end + part_len]);
        end += part_len;
        // A run of blanks inside the key, if a part of the key follows it.
        let gap = text[end..]
            .find(|c: char| !(is_blank(c) && c != '\n' && c != '\r'))
            .unwrap_or(text.len() - end);
        // A key is far shorter than this: text of key characters and blanks runs on (a dump of
        // `sk-…` words) is not joined further, so each `sk-` costs a bounded look.
        if gap == 0 || gap > 8 || part_len == 0 || body.len() >= LONGEST_KEY {
            break;
        }
        let next = &text[end + gap..];
        let next_len = next.find(|c: char| !is_key_char(c)).unwrap_or(next.len());
        let part = &next[..next_len];
        let only_ascii_blanks = text[end..end + gap].chars().all(|c| c == ' ' || c == '\t');
        let joins = match only_ascii_blanks {
            true => part.len() >= 4 && part.bytes().any(|b| b.is_ascii_digit()),
            false => !part.is_empty(),
        };
        if !joins {
            break;
        }
        end += gap;
    }
    (body.len() >= 20 && looks_random(&body)).then_some(end)
}

/// Random enough to be a real key: letters and digits mixed, varied enough, and not a
/// placeholder — no placeholder word (`your`, `here`, `xxxx`…), not mostly `x` or `*`, not a run
/// of one character or a sequence (`aaaa…`, `1234567890abcdef…`, `abcdefghijklmnop…`).
fn looks_random(body: &str) -> bool {
    let lower = body.to_ascii_lowercase();
    if PLACEHOLDER_WORDS.iter().any(|word| lower.contains(word)) {
        return false;
    }
    let x_like = lower.bytes().filter(|&b| b == b'x' || b == b'*').count();
    entropy(body) >= 3.0
        && x_like * 2 < body.len()
        && !regular(body)
        && body.bytes().any(|b| b.is_ascii_digit())
        && body.bytes().any(|b| b.is_ascii_alphabetic())
}

/// Words that real keys do not hold and placeholders do (`sk-your-key-here`,
/// `sk-proj-REPLACE_ME…`, `sk-xxxx…`, `sk-1234…`); four letters at least, or a real key of 48
/// random characters would hold one by chance.
const PLACEHOLDER_WORDS: &[&str] = &[
    "xxxx",
    "your",
    "here",
    "example",
    "placeholder",
    "replace",
    "insert",
    "redacted",
    "secret",
    "sample",
    "test",
    "dummy",
    "fake",
    "demo",
    "0000",
    "1234",
    "abcd",
    "key",
];

/// Made by rule rather than at random: most neighbouring characters repeat the last one or
/// follow it (`a`→`b`, `9`→`0`), one or two apart — runs (`aaaa…`), counts (`12345678…`) and
/// alphabets (`abcdef…`, `a1b2c3…`).
fn regular(body: &str) -> bool {
    let bytes: Vec<u8> = body
        .bytes()
        .filter(|b| b.is_ascii_alphanumeric())
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let follows = |a: u8, b: u8| b == a || b == a + 1 || (a == b'9' && b == b'0');
    [1, 2].iter().any(|&stride| {
        let pairs = bytes.len().saturating_sub(stride);
        let regular = (0..pairs)
            .filter(|&i| follows(bytes[i], bytes[i + stride]))
            .count();
        pairs > 0 && regular * 2 >= pairs
    })
}

/// Shannon entropy of the bytes, in bits per byte.
fn entropy(text: &str) -> f64 {
    let mut counts = [0usize; 256];
    for b in text.bytes() {
        counts[usize::from(b)] += 1;
    }
    let n = text.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

/// A token that is not a name or a placeholder: 16 or more token characters, letters and digits
/// mixed, not too regular.
fn looks_like_token(value: &str) -> bool {
    // A piece of 8 or more characters mixing letters and digits: what random tokens have and
    // names (`process.env.OPEN1_API_KEY`, `settings.api_key_v2`) do not.
    let random_piece = value
        .split(['.', '_', '-', '/', '+', '=', '~'])
        .any(|piece| {
            piece.len() >= 8
                && piece.bytes().any(|b| b.is_ascii_digit())
                && piece.bytes().any(|b| b.is_ascii_alphabetic())
        });
    value.len() >= 16
        && random_piece
        && entropy(value) >= 3.0
        && !value.to_ascii_lowercase().contains("xxxx")
}

/// A key as docs write it in place of theirs, for the reader to replace: a bracketed label
/// (`{在这里填写_API_Key}`, `<your key>`, `[API_KEY]`), a variable written out, `sk-xxx`,
/// `sk-...`, `YOUR_API_KEY`, `your-api-key-here` — never anything [`find_secret`] takes for a key.
pub fn is_placeholder_key(value: &str) -> bool {
    if value.is_empty() || find_secret(value).is_some() {
        return false;
    }
    let body = value.strip_prefix("sk-").unwrap_or(value);
    let lower = body.to_ascii_lowercase();
    // A placeholder key holds the words real keys do not, or words a writer puts where a key
    // goes (`token`, `api key`, the docs page's `填写`).
    let words = PLACEHOLDER_WORDS
        .iter()
        .chain(&["xxx", "token", "api key", "填写", "密钥", "令牌"]);
    is_placeholder(value)
        || is_placeholder(body)
        || body
            .chars()
            .all(|c| c == '*' || c == '.' || c == '…' || c == 'x' || c == 'X')
        || words.into_iter().any(|word| lower.contains(word)) && !looks_like_token(body)
}

/// A value written in place of a secret rather than the secret: a variable or a placeholder.
fn is_placeholder(value: &str) -> bool {
    value.is_empty()
        || value.starts_with(['$', '{', '<', '%', '['])
        || value
            .chars()
            .all(|c| c == '*' || c == '.' || c == 'x' || c == 'X')
}

/// Where a URL's authority ends: at its path, query, fragment, or anything a URL in text stops at.
fn authority_len(rest: &str) -> usize {
    rest.find(|c: char| {
        matches!(
            c,
            '/' | '?' | '#' | '"' | '\'' | '`' | '<' | '>' | '\\' | ')' | ']'
        ) || is_blank(c)
    })
    .unwrap_or(rest.len())
}

/// The credentials of the URL whose `://` ends at `after`: the password of `user:password@`
/// (or a token-like user name alone), and the query parameters that carry a credential.
fn url_credentials(text: &str, after: usize) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let rest = &text[after..];
    let authority = &rest[..authority_len(rest)];
    if let Some(at) = authority.rfind('@') {
        let userinfo = &authority[..at];
        match userinfo.split_once(':') {
            Some((user, password)) if !is_placeholder(password) => {
                let start = after + user.len() + 1;
                found.push(start..start + password.len());
            }
            None if looks_like_token(userinfo) => found.push(after..after + at),
            _ => {}
        }
    }
    // The query: up to where the URL ends in text.
    let url_len = rest
        .find(|c: char| matches!(c, '"' | '\'' | '`' | '<' | '>' | ')' | ']') || is_blank(c))
        .unwrap_or(rest.len());
    let url = &rest[..url_len];
    let Some(query_at) = url.find('?') else {
        return found;
    };
    let mut offset = after + query_at + 1;
    for pair in url[query_at + 1..].split(['&', ';', '#']) {
        if let Some((name, value)) = pair.split_once('=') {
            if is_credential_name(name) && !is_placeholder(value) {
                let start = offset + name.len() + 1;
                found.push(start..start + value.len());
            }
        }
        offset += pair.len() + 1;
    }
    found
}

/// A parameter, field or variable name that holds a credential: `key`, `api_key`, `apiKey`,
/// `OPENAI_API_KEY`, `access_token`, `secret`, `password`, `sig`…
fn is_credential_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let lower = lower.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    lower == "key"
        || lower == "sig"
        || lower == "signature"
        || lower == "auth"
        || ["key", "token", "secret", "passwd", "password"]
            .iter()
            .any(|word| lower.ends_with(word))
}

/// A random-looking token after `Bearer` (at `after`) and a space.
fn bearer_token(text: &str, after: usize) -> Option<Range<usize>> {
    let rest = &text[after..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    if spaces == 0 {
        return None;
    }
    let start = after + spaces;
    if text[start..].starts_with("sk-") {
        // A key, maybe with a blank pasted into it: judged as a key.
        return api_key_at(text, start).map(|end| start..end);
    }
    let len = token_len(&text[start..]);
    looks_like_token(&text[start..start + len]).then_some(start..start + len)
}

/// Token characters: a key's, and base64's and JWT's.
fn token_len(text: &str) -> usize {
    text.find(|c: char| !(is_key_char(c) || matches!(c, '.' | '~' | '+' | '/' | '=')))
        .unwrap_or(text.len())
}

/// The value after a credential-like name (`api_key = "…"`, `"token": "…"`, `KEY=…`,
/// `x-api-key: …`), when it looks like a token. `start..end` is the matched word inside the name.
fn named_value(text: &str, start: usize, end: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let name_start = text[..start]
        .rfind(|c: char| !(is_key_char(c)))
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    let name_end = end
        + text[end..]
            .find(|c: char| !is_key_char(c))
            .unwrap_or(text.len() - end);
    if !is_credential_name(&text[name_start..name_end]) {
        return None;
    }
    // `"name": "value"`, `name = 'value'`, `name=value`, `name: value`.
    let mut at = name_end;
    while at < bytes.len() && matches!(bytes[at], b'"' | b'\'' | b'`') {
        at += 1;
    }
    while at < bytes.len() && matches!(bytes[at], b' ' | b'\t') {
        at += 1;
    }
    if at >= bytes.len() || !matches!(bytes[at], b'=' | b':') {
        return None;
    }
    at += 1;
    while at < bytes.len() && matches!(bytes[at], b' ' | b'\t' | b'"' | b'\'' | b'`') {
        at += 1;
    }
    let len = token_len(&text[at..]);
    looks_like_token(&text[at..at + len]).then_some(at..at + len)
}

/// A writer that masks the secrets of every line before passing it on: `run` puts standard
/// error behind one, so no message, warning or diagnosis prints a key whole. A line is held
/// until its end (or a flush), as a key split across two writes must be seen whole.
pub struct MaskedWriter<W: Write> {
    inner: W,
    line: Vec<u8>,
}

impl<W: Write> MaskedWriter<W> {
    pub fn new(inner: W) -> Self {
        MaskedWriter {
            inner,
            line: Vec::new(),
        }
    }

    fn write_masked(&mut self, bytes: &[u8]) -> io::Result<()> {
        // Text is masked chunk by chunk of valid UTF-8; other bytes pass as they are.
        for chunk in bytes.utf8_chunks() {
            self.inner
                .write_all(mask_secrets(chunk.valid()).as_bytes())?;
            self.inner.write_all(chunk.invalid())?;
        }
        Ok(())
    }
}

impl<W: Write> Write for MaskedWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.line.extend_from_slice(buf);
        if let Some(last) = memchr::memrchr(b'\n', &self.line) {
            let rest = self.line.split_off(last + 1);
            let lines = std::mem::replace(&mut self.line, rest);
            self.write_masked(&lines)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let line = std::mem::take(&mut self.line);
        self.write_masked(&line)?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for MaskedWriter<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk-q8Ww3ZrT5yLp0VnB7xKc2MfH9dJs";

    fn masked(text: &str) -> String {
        mask_secrets(text).into_owned()
    }

    #[test]
    fn masks_keep_the_length_in_characters() {
        for text in [
            format!("a {KEY} b"),
            format!("x 「{KEY}\u{a0}」"),
            format!("https://u:{KEY}@h/?key={KEY}"),
        ] {
            assert_eq!(masked(&text).chars().count(), text.chars().count());
        }
    }

    #[test]
    fn no_shape_of_a_key_is_printed_whole() {
        let (head, tail) = KEY.split_at(14);
        let shapes = [
            format!("Authorization: Bearer {KEY}"),
            format!("curl 'https://www.open1.codes/v1/responses?key={KEY}'"),
            format!("https://www.open1.codes/v1/responses?model=x&api_key={KEY}#top"),
            format!("http://user:{KEY}@proxy.example:8080"),
            "http://user:hunter2pass@proxy.example:8080".to_owned(),
            format!("\"Bearer {head}\u{a0}{tail}\""),
            format!("Bearer {head}\u{3000}{tail}"),
            format!("{head}\u{200b}{tail}"),
            format!("'{head} {tail}'"),
            format!("OPEN1_API_KEY={}", &KEY[3..]),
            format!("\"apiKey\": \"{}\"", &KEY[3..]),
        ];
        for shape in shapes {
            let out = masked(&shape);
            assert!(!out.contains(KEY), "{shape:?} → {out:?}");
            assert!(!out.contains(&KEY[3..20]), "{shape:?} → {out:?}");
            assert!(!out.contains("hunter2pass"), "{shape:?} → {out:?}");
            assert!(!out.contains(head) || !out.contains(tail), "{out:?}");
        }
    }

    #[test]
    fn text_that_is_not_a_secret_stays() {
        for text in [
            "sk-your-key-here and sk-xxxxxxxxxxxxxxxxxxxxxxxx",
            "Authorization: Bearer $OPEN1_API_KEY",
            "Authorization: Bearer {在这里填写_API_Key}",
            "api_key=os.environ[\"OPEN1_API_KEY\"]",
            "https://user:$PASSWORD@proxy.example/",
            "https://www.open1.codes/v1/responses?key=${KEY}",
            "the key sk-abc is short; a monkey=banana",
            "token: 12",
            "apiKey: process.env.OPEN1_API_KEY,",
            "api_key = settings.OPENAI_API_KEY_V2",
        ] {
            assert_eq!(masked(text), text);
        }
        // A key followed by a word: the word stays.
        assert!(masked(&format!("{KEY} and more")).ends_with("Js and more"));
    }

    #[test]
    fn leaked_key_finds_a_broken_key_whole() {
        let (head, tail) = KEY.split_at(14);
        let text = format!("\"{head}\u{a0}{tail}\"");
        let (start, end) = find_secret(&text).unwrap();
        assert_eq!(&text[start..end], format!("{head}\u{a0}{tail}"));
        assert_eq!(find_secret("sk-your-key-here-1234567890"), None);
    }

    #[test]
    fn the_writer_masks_keys_split_across_writes() {
        let mut out = Vec::new();
        {
            let mut writer = MaskedWriter::new(&mut out);
            writer.write_all(b"error: key sk-q8Ww3Zr").unwrap();
            writer
                .write_all(b"T5yLp0VnB7xKc2MfH9dJs rejected\nnext")
                .unwrap();
        }
        let out = String::from_utf8(out).unwrap();
        assert!(!out.contains("T5yLp0VnB7"), "{out}");
        assert!(out.ends_with("rejected\nnext"));
    }

    #[test]
    fn real_looking_keys_and_placeholders() {
        let key = "sk-proj-3fA9kQ2mZx7LwP1vB8nR4tY6";
        assert_eq!(
            find_secret(&format!("Bearer {key}\"")),
            Some((7, 7 + key.len()))
        );
        for placeholder in [
            "sk-xxxxxxxxxxxxxxxxxxxxxxxx",
            "sk-your-api-key-goes-here-now",
            "sk-...",
            "sk-1234567890abcdef1234567890",
            "task-aB3dE5fG7hJ9kL1mN3pQ5rS7",
        ] {
            assert_eq!(find_secret(placeholder), None, "{placeholder}");
        }
        let masked = masked(&format!("a {key} b"));
        assert_eq!(masked.chars().count(), key.len() + 4);
        assert!(!masked.contains(&key[6..]));
        assert!(masked.starts_with("a sk-pr"));
    }
    /// What `leaked-key` takes for a key and what for a placeholder, as written in docs.
    #[test]
    fn keys_and_placeholders_table() {
        let keys = [
            "sk-q8Ww3ZrT5yLp0VnB7xKc2MfH9dJs",
            "sk-proj-3fA9kQ2mZx7LwP1vB8nR4tY6",
            "sk-9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "sk-926e3ae84ad65e1c1381c9f5e282eea7",
            "sk-89ce4763d2a17e3af389",
            "sk-ant-api03-Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0Lm",
        ];
        for key in keys {
            for text in [
                key.to_owned(),
                format!("KEY = \"{key}\""),
                format!("apiKey: '{key}',"),
                format!("OPENAI_API_KEY={key}"),
                format!("Authorization: Bearer {key}\n"),
                format!("{{\"api_key\": \"{key}\"}}"),
            ] {
                let found = find_secret(&text).map(|(s, e)| &text[s..e]);
                assert_eq!(found, Some(key), "{text}");
                let start = text.find("sk-").unwrap();
                assert!(key_at(text.as_bytes(), start), "{text}");
            }
        }
        let placeholders = [
            "sk-xxxxxxxxxxxxxxxxxxxxxxxx",
            "sk-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
            "sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1a2b",
            "sk-...",
            "sk-...xyz",
            "sk-abc...xyz",
            "sk-proj-...Q2mZ",
            "sk-********************",
            "sk-pr*************************Y6",
            "sk-your-key-here",
            "sk-your-api-key-goes-here-now",
            "sk-proj-REPLACE_ME_WITH_A_REAL_ONE_123",
            "sk-aaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "sk-11111111111111111111111111",
            "sk-1234567890abcdef1234567890abcdef",
            "sk-abcdefghijklmnopqrstuvwxyz0123456789",
            "sk-bcdefghijklmnopqrstuvw1",
            "sk-a1b2c3d4e5f6g7h8i9j0k1l2",
            "sk-0123456789012345678901234567",
            "sk-abcabcabcabcabcabc123123123",
            "sk-redacted9f86d081884c7d659a2f",
            "sk-or-v1-test9f86d081884c7d659a2fe",
            "sk-3fA9kQ2m",
            "<your key>",
            "{在这里填写_API_Key}",
            "YOUR_API_KEY",
            "task-aB3dE5fG7hJ9kL1mN3pQ5rS7",
            "risk-q8Ww3ZrT5yLp0VnB7xKc2MfH9dJs",
        ];
        for placeholder in placeholders {
            for text in [placeholder.to_owned(), format!("api_key=\"{placeholder}\"")] {
                assert_eq!(find_secret(&text), None, "{text}");
                if let Some(start) = text.find("sk-") {
                    assert!(!key_at(text.as_bytes(), start), "{text}");
                }
            }
        }
        // Bytes that are not UTF-8 around a key do not hide it from the prefilter.
        let mut bytes = b"\xff\xfe = ".to_vec();
        bytes.extend_from_slice(keys[0].as_bytes());
        bytes.extend_from_slice(b"\xc3");
        assert!(key_at(&bytes, 5));
    }
    /// A run of `sk-…` words with blanks between is joined up to the longest key only, so a
    /// dump of them costs a bounded look per `sk-`, not a pass to the end of the text each.
    #[test]
    fn joining_a_key_stops_at_the_longest_key() {
        let text = "sk-q8Ww3ZrT5yLp0VnB7xKc2MfH9dJs ".repeat(2000);
        let (start, end) = find_secret(&text).unwrap();
        assert_eq!(start, 0);
        assert!(end - start < LONGEST_KEY + 40, "{}", end - start);
        assert!(key_at(text.as_bytes(), 0));
    }
}
