//! Shiki's notation comments (VitePress, Starlight's Expressive Code, Docusaurus and Mintlify
//! sites using Shiki): `// [!code highlight]`, `# [!code ++]`, `// [!code --]`,
//! `// [!code focus]`, `// [!code error]`, `// [!code warning]`, `// [!code word:xxx]`.
//!
//! The page shows the line without the comment, and the copy button copies what the page
//! shows: the comment is not part of the code a reader runs (`curl … // [!code ++]` would pass
//! `//` to curl). A `[!code --]` line is shown as deleted, and VitePress's copy button leaves it
//! out (`ignoredNodes = ['.vp-copy-ignore', '.diff.remove']` in its `copyCode.ts`): the snippet
//! does not hold it either. A line that holds nothing but the comment (`// [!code focus:3]`) is
//! removed from the page too.

use std::ops::Range;

/// What a line of a block (without its line ending) keeps.
#[derive(Debug, PartialEq, Eq)]
pub enum Notation {
    /// No notation comment: all of it.
    None,
    /// The line up to this byte: the comment and the spaces before it go.
    Cut(usize),
    /// Nothing: a `[!code --]` line, or a line that was only the comment.
    Removed,
}

/// The comment starts a notation may be written after.
const COMMENT_STARTS: &[&str] = &["//", "/*", "<!--", "#", "--", ";", "%"];

pub fn notation(line: &str) -> Notation {
    let Some(at) = memchr::memmem::find(line.as_bytes(), b"[!code ") else {
        return Notation::None;
    };
    let before = line[..at].trim_end();
    let Some(start) = COMMENT_STARTS
        .iter()
        .find(|c| before.ends_with(**c))
        .map(|c| before.len() - c.len())
    else {
        return Notation::None;
    };
    // One or more `[!code …]`, then the comment's end, then nothing.
    let mut rest = &line[at..];
    let mut removed = false;
    while let Some(inside) = rest.strip_prefix("[!code ") {
        let Some(end) = inside.find(']') else {
            return Notation::None;
        };
        let kind = &inside[..end];
        if kind.is_empty() || kind.contains(char::is_whitespace) && !kind.starts_with("word:") {
            return Notation::None;
        }
        removed |= kind == "--";
        rest = inside[end + 1..].trim_start();
    }
    let rest = rest
        .strip_prefix("*/")
        .or_else(|| rest.strip_prefix("-->"))
        .unwrap_or(rest);
    if !rest.trim().is_empty() {
        return Notation::None;
    }
    let kept = line[..start].trim_end().len();
    match removed || line[..kept].trim().is_empty() {
        true => Notation::Removed,
        false => Notation::Cut(kept),
    }
}

/// The byte ranges of `code` a reader copies, and the offsets (in the kept code) where a
/// comment was cut from a line; `None` when the code holds no notation.
pub fn copied(code: &str) -> Option<(Vec<Range<usize>>, Vec<usize>)> {
    memchr::memmem::find(code.as_bytes(), b"[!code ")?;
    let mut kept: Vec<Range<usize>> = Vec::new();
    let mut cuts = Vec::new();
    let mut length = 0;
    let mut at = 0;
    let mut keep = |range: Range<usize>, kept: &mut Vec<Range<usize>>| {
        length += range.len();
        match kept.last_mut() {
            Some(last) if last.end == range.start => last.end = range.end,
            _ => kept.push(range),
        }
        length
    };
    for line in code.split_inclusive('\n') {
        let body = line.trim_end_matches('\n').trim_end_matches('\r');
        match notation(body) {
            Notation::None => {
                keep(at..at + line.len(), &mut kept);
            }
            Notation::Cut(end) => {
                cuts.push(keep(at..at + end, &mut kept));
                keep(at + body.len()..at + line.len(), &mut kept);
            }
            Notation::Removed => {}
        }
        at += line.len();
    }
    Some((kept, cuts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notations_and_what_they_keep() {
        let cases = [
            ("curl x // [!code highlight]", Notation::Cut(6)),
            ("  -H y \\ # [!code ++]", Notation::Cut(8)),
            ("old // [!code --]", Notation::Removed),
            ("// [!code focus:3]", Notation::Removed),
            ("a /* [!code error] */", Notation::Cut(1)),
            ("<p> <!-- [!code warning] -->", Notation::Cut(3)),
            ("x // [!code word:Bearer]", Notation::Cut(1)),
            ("x // [!code ++] [!code focus]", Notation::Cut(1)),
            ("echo '[!code ++]'", Notation::None),
            ("x // [!code ++] more", Notation::None),
            ("x [!code ++]", Notation::None),
        ];
        for (line, expected) in cases {
            assert_eq!(notation(line), expected, "{line}");
        }
    }

    #[test]
    fn copied_ranges_skip_comments_and_removed_lines() {
        let code = "a // [!code ++]\r\nb // [!code --]\nc\n";
        let (kept, cuts) = copied(code).unwrap();
        let text: String = kept.iter().map(|r| &code[r.clone()]).collect();
        assert_eq!(text, "a\r\nc\n");
        assert_eq!(cuts, [1]);
        assert!(copied("plain\n").is_none());
    }
}
