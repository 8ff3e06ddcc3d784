//! `sync`'s work on one Markdown page: find the marker pairs, ask for each block's text, and
//! build the page's new text — pure functions, the command supplies the generator.
//!
//! Only the bytes between a start marker's line and its end marker's line change; the markers
//! themselves, a byte-order mark and every byte outside the marked blocks stay as they are. The
//! generated lines get the start marker line's container prefix (list indentation, `> `) and
//! line ending, so a block in a list item or a block quote stays in it, and a CRLF file stays
//! CRLF. Generating the same text again changes nothing: a second sync is a no-op.

pub mod diff;
mod marker;
pub mod options;
pub mod root;

pub use diff::Change;
pub use marker::{Block, Problem, find};

use crate::extract::Flavor;

/// A page after syncing.
#[derive(Debug, PartialEq, Eq)]
pub struct Synced {
    pub text: String,
    /// How many marked blocks the page has, and how many of them changed.
    pub blocks: usize,
    pub stale: usize,
    /// Where each stale block is in the old text and in the new one, for [`diff::unified`].
    pub changes: Vec<Change>,
}

/// Whether a file may hold a marker: `open1-snip` followed by whitespace. Files without one are
/// skipped before any parsing.
pub fn may_hold_markers(bytes: &[u8]) -> bool {
    static WORD: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::new(["open1-snip"]).expect("a fixed pattern builds")
    });
    // Overlapping matches are impossible for this word, so plain iteration sees every one.
    WORD.find_iter(bytes)
        .any(|m| bytes.get(m.end()).is_some_and(u8::is_ascii_whitespace))
}

/// Syncs one page: `generate` gives each block's new text (before container prefixes and line
/// endings) or says why it cannot. Every problem of the page is returned, or the new text.
pub fn sync(
    text: &str,
    flavor: Flavor,
    generate: &mut dyn FnMut(&Block) -> Result<String, String>,
) -> Result<Synced, Vec<Problem>> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(body) => ("\u{feff}", body),
        None => ("", text),
    };
    let (blocks, mut problems) = find(body, flavor);
    let mut out = String::with_capacity(text.len());
    out.push_str(bom);
    let mut copied = 0;
    let mut changes = Vec::new();
    for block in &blocks {
        match generate(block) {
            Ok(generated) => {
                let new = lay_out(&generated, &block.prefix, block.line_ending);
                out.push_str(&body[copied..block.content.start]);
                if new != body[block.content.clone()] {
                    let old = block.content.start + bom.len()..block.content.end + bom.len();
                    changes.push(Change {
                        old,
                        new: out.len()..out.len() + new.len(),
                    });
                }
                out.push_str(&new);
                copied = block.content.end;
            }
            Err(message) => problems.push(Problem {
                line: block.line,
                message,
            }),
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(problems);
    }
    out.push_str(&body[copied..]);
    Ok(Synced {
        text: out,
        blocks: blocks.len(),
        stale: changes.len(),
        changes,
    })
}

/// Generated text as the block's lines: each line after the container prefix (an empty line
/// gets the prefix without trailing spaces, `>` in a block quote), each with the line ending.
fn lay_out(generated: &str, prefix: &str, line_ending: &str) -> String {
    let blank = prefix.trim_end();
    let body = generated.strip_suffix('\n').unwrap_or(generated);
    let mut out = String::with_capacity(generated.len() + generated.len() / 8);
    for line in body.split('\n') {
        out.push_str(if line.is_empty() { blank } else { prefix });
        out.push_str(line);
        out.push_str(line_ending);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sync_with(text: &str, generated: &str) -> Synced {
        sync(text, Flavor::Markdown, &mut |_| Ok(generated.to_owned())).unwrap()
    }

    #[test]
    fn replaces_only_between_the_markers() {
        let text =
            "\u{feff}# T\r\n\r\n<!-- open1-snip gen -->\r\nold\r\n<!-- open1-snip end -->\r\ntail";
        let synced = sync_with(text, "### A\n\n```\nx\n```\n");
        assert_eq!(
            synced.text,
            "\u{feff}# T\r\n\r\n<!-- open1-snip gen -->\r\n### A\r\n\r\n```\r\nx\r\n```\r\n<!-- open1-snip end -->\r\ntail"
        );
        assert_eq!((synced.blocks, synced.stale), (1, 1));
        let again = sync_with(&synced.text, "### A\n\n```\nx\n```\n");
        assert_eq!(again.text, synced.text);
        assert_eq!((again.blocks, again.stale), (1, 0));
    }

    #[test]
    fn lines_get_the_container_prefix() {
        let text = "> - <!-- open1-snip gen -->\n>   <!-- open1-snip end -->\n";
        assert_eq!(
            sync_with(text, "a\n\nb\n").text,
            "> - <!-- open1-snip gen -->\n>   a\n>\n>   b\n>   <!-- open1-snip end -->\n"
        );
    }

    #[test]
    fn every_problem_is_reported_in_line_order() {
        let text = "<!-- open1-snip gen a -->\n<!-- open1-snip end -->\n<!-- open1-snip end -->\n";
        let problems = sync(text, Flavor::Markdown, &mut |b| {
            Err(format!("bad {}", b.options))
        })
        .unwrap_err();
        let lines: Vec<(usize, &str)> =
            problems.iter().map(|p| (p.line, &p.message[..3])).collect();
        assert_eq!(lines, [(1, "bad"), (3, "an ")]);
    }

    #[test]
    fn quick_check_for_markers() {
        assert!(may_hold_markers(b"x <!-- open1-snip gen -->"));
        assert!(may_hold_markers(b"<!--open1-snip\nend-->"));
        assert!(!may_hold_markers(b"<!-- open1-snip-disable --> open1-snip"));
    }
}
