//! Finding the marker pairs of a Markdown page, the way a renderer reads the page.
//!
//! A marker is an HTML comment whose first word is `open1-snip`, alone on its line (or lines: the
//! options may wrap), in an HTML block: pulldown-cmark decides what is one, so a marker written in
//! a fenced or indented code block or in inline code (docs that show the syntax) is text, not a
//! marker, and front matter is skipped. Markers in list items and block quotes are found too, and
//! the generated lines get the same container prefix as the start marker's line.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A marked block: what the start marker asks for, and where its generated text goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The start marker's line, 1-based.
    pub line: usize,
    /// The marker's text after `open1-snip gen`, as written.
    pub options: String,
    /// What each generated line starts with: the start marker line's indentation and `>`s, with
    /// a list item's marker (`- `, `1. `) turned into spaces.
    pub prefix: String,
    /// The start marker line's line ending, which the generated lines get too.
    pub line_ending: &'static str,
    /// The bytes between the start marker's last line and the end marker's line.
    pub content: Range<usize>,
}

/// A marker that cannot be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

/// The marker pairs of `text` (without a byte-order mark), and the problems met on the way. A
/// block whose markers pair up is returned even when other markers of the page have problems.
pub fn find(text: &str) -> (Vec<Block>, Vec<Problem>) {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut markers = Vec::new();
    let mut problems = Vec::new();
    let lines = LineIndex::new(text);
    // The source ranges of the HTML block being read, one per line, without container prefixes.
    let mut html_block: Option<Vec<Range<usize>>> = None;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::HtmlBlock) => html_block = Some(Vec::new()),
            Event::Html(_) => {
                if let Some(pieces) = html_block.as_mut() {
                    pieces.push(range);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(pieces) = html_block.take() {
                    scan_html_block(text, &lines, &pieces, &mut markers, &mut problems);
                }
            }
            Event::InlineHtml(html) if comments(&html).any(|(_, body)| is_marker(body)) => {
                problems.push(Problem {
                    line: lines.line_of(range.start),
                    message: "a marker must stand on a line of its own, not inside a paragraph: put a line break before and after it".into(),
                });
            }
            _ => {}
        }
    }
    let blocks = pair(text, markers, &mut problems);
    problems.sort_by_key(|p| p.line);
    (blocks, problems)
}

enum Kind {
    Start { options: String },
    End,
}

/// One marker comment, in source offsets.
struct Marker {
    kind: Kind,
    line: usize,
    /// Where the marker's first line starts (container prefix included).
    line_start: usize,
    /// Where `<!--` starts.
    open: usize,
    /// Just past the line ending of the line holding `-->`.
    after: usize,
}

fn pair(text: &str, markers: Vec<Marker>, problems: &mut Vec<Problem>) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<(Marker, String)> = None;
    for marker in markers {
        match marker.kind {
            Kind::Start { ref options } => {
                let options = options.clone();
                if let Some((outer, _)) = &open {
                    problems.push(Problem {
                        line: marker.line,
                        message: format!(
                            "a start marker inside the block opened at line {}: close that block with `<!-- open1-snip end -->` first",
                            outer.line
                        ),
                    });
                }
                open = Some((marker, options));
            }
            Kind::End => match open.take() {
                Some((start, options)) => {
                    let prefix = &text[start.line_start..start.open];
                    blocks.push(Block {
                        line: start.line,
                        options,
                        prefix: continuation(prefix),
                        line_ending: if text[..start.after].ends_with("\r\n") {
                            "\r\n"
                        } else {
                            "\n"
                        },
                        content: start.after..marker.line_start,
                    });
                }
                None => problems.push(Problem {
                    line: marker.line,
                    message: "an end marker without a start marker before it: add `<!-- open1-snip gen … -->` above the block, or remove this line".into(),
                }),
            },
        }
    }
    if let Some((start, _)) = open {
        problems.push(Problem {
            line: start.line,
            message: "this start marker is never closed: add `<!-- open1-snip end -->` on a line of its own after the block (a marker inside a code block, or after an unclosed fence, does not count)".into(),
        });
    }
    blocks
}

/// Finds the marker comments of one HTML block, whose lines (container prefixes left out) are
/// at `pieces` in `text`.
fn scan_html_block(
    text: &str,
    lines: &LineIndex,
    pieces: &[Range<usize>],
    markers: &mut Vec<Marker>,
    problems: &mut Vec<Problem>,
) {
    let mut content = String::new();
    // (offset in `content`, offset in `text`) where each piece starts.
    let mut starts = Vec::with_capacity(pieces.len());
    for piece in pieces {
        starts.push((content.len(), piece.start));
        content.push_str(&text[piece.clone()]);
    }
    let source = |offset: usize| {
        let i = starts.partition_point(|&(at, _)| at <= offset) - 1;
        starts[i].1 + offset - starts[i].0
    };
    // A marker whose `-->` is missing turns the rest of the page into a comment.
    if let Some(open) = content.rfind("<!--") {
        let rest = &content[open + "<!--".len()..];
        if !rest.contains("-->") && is_marker(rest) {
            problems.push(Problem {
                line: lines.line_of(source(open)),
                message: "this marker's comment is never closed, so the rest of the page is a comment: end it with `-->`".into(),
            });
        }
    }
    for (open, body) in comments(&content) {
        if !is_marker(body) {
            continue;
        }
        let close = open + "<!--".len() + body.len();
        let end = close + "-->".len();
        let at = source(open);
        let line = lines.line_of(at);
        let before = &content[content[..open].rfind('\n').map_or(0, |i| i + 1)..open];
        let after = &content[end..content[end..].find('\n').map_or(content.len(), |i| end + i)];
        if !before.trim().is_empty() || !after.trim().is_empty() {
            problems.push(Problem {
                line,
                message:
                    "a marker must stand alone on its line: move the text around it to other lines"
                        .into(),
            });
            continue;
        }
        if body.contains("<!--") {
            problems.push(Problem {
                line,
                message: "this marker's comment runs into the next `<!--`: end it with `-->` on its own line".into(),
            });
            continue;
        }
        let kind = match marker_kind(body) {
            Ok(kind) => kind,
            Err(message) => {
                problems.push(Problem { line, message });
                continue;
            }
        };
        // The last byte of `-->` is mapped (not the offset past it, which may start a new piece).
        let past = source(end - 1) + 1;
        markers.push(Marker {
            kind,
            line,
            line_start: text[..at].rfind('\n').map_or(0, |i| i + 1),
            open: at,
            after: text[past..].find('\n').map_or(text.len(), |i| past + i + 1),
        });
    }
}

fn marker_kind(body: &str) -> Result<Kind, String> {
    let rest = body.trim_start()["open1-snip".len()..].trim_start();
    let verb_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let (verb, options) = rest.split_at(verb_end);
    match verb {
        "gen" => Ok(Kind::Start {
            options: options.trim().to_owned(),
        }),
        "end" if options.trim().is_empty() => Ok(Kind::End),
        "end" => Err(format!(
            "the end marker takes nothing after `end` (found `{}`): the options belong on the start marker",
            options.trim()
        )),
        "" => Err(
            "an `open1-snip` marker without a verb: write `<!-- open1-snip gen [key=value]... -->` or `<!-- open1-snip end -->`"
                .into(),
        ),
        other => Err(format!(
            "unknown marker `open1-snip {other}`: the markers are `<!-- open1-snip gen [key=value]... -->` and `<!-- open1-snip end -->`"
        )),
    }
}

/// The `<!-- … -->` comments of an HTML chunk: where each starts, and its text between the
/// delimiters.
fn comments(html: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || {
        let open = from + html[from..].find("<!--")?;
        let body_start = open + "<!--".len();
        let close = body_start + html[body_start..].find("-->")?;
        from = close + "-->".len();
        Some((open, &html[body_start..close]))
    })
}

/// Whether a comment's first word is `open1-snip` (lint's `open1-snip-disable` is another word).
fn is_marker(body: &str) -> bool {
    body.split_whitespace().next() == Some("open1-snip")
}

/// The prefix of the lines after a container's first line: list markers become spaces, block
/// quote markers and whitespace stay.
fn continuation(prefix: &str) -> String {
    prefix
        .chars()
        .map(|c| {
            if c == '>' || c.is_whitespace() {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// The line of each byte offset, looked up rather than counted from the start of the page for
/// every marker (which made a page of many markers quadratic).
struct LineIndex {
    /// Where each `\n` is.
    newlines: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        LineIndex {
            newlines: memchr::memchr_iter(b'\n', text.as_bytes()).collect(),
        }
    }

    /// The 1-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.newlines.partition_point(|&at| at < offset) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each block as (line, content, options, prefix).
    fn contents(text: &str) -> Vec<(usize, String, String, String)> {
        let (blocks, problems) = find(text);
        assert_eq!(problems, [], "{text:?}");
        blocks
            .into_iter()
            .map(|b| (b.line, text[b.content].to_owned(), b.options, b.prefix))
            .collect()
    }

    fn owned(expected: &[(usize, &str, &str, &str)]) -> Vec<(usize, String, String, String)> {
        expected
            .iter()
            .map(|&(line, c, o, p)| (line, c.into(), o.into(), p.into()))
            .collect()
    }

    fn problems(text: &str) -> Vec<(usize, String)> {
        find(text)
            .1
            .into_iter()
            .map(|p| (p.line, p.message))
            .collect()
    }

    #[test]
    fn pairs_in_lists_quotes_and_at_top_level() {
        let text = "# T\n\n<!-- open1-snip gen lang=curl -->\nold\n<!-- open1-snip end -->\n\n- step\n\n  <!-- open1-snip gen\n    model=gpt-5 -->\n  old\n  <!-- open1-snip end -->\n\n> 1. <!-- open1-snip gen -->\n>    x\n>    <!-- open1-snip end -->\n";
        assert_eq!(
            contents(text),
            owned(&[
                (3, "old\n", "lang=curl", ""),
                (9, "  old\n", "model=gpt-5", "  "),
                (14, ">    x\n", "", ">    "),
            ])
        );
    }

    #[test]
    fn markers_in_code_and_front_matter_are_text() {
        let text = "---\nx: <!-- open1-snip end -->\n---\n\n```markdown\n<!-- open1-snip gen -->\n```\n\n    <!-- open1-snip end -->\n\nInline: `<!-- open1-snip gen -->`.\n";
        assert_eq!(contents(text), owned(&[]));
    }

    #[test]
    fn crlf_and_indentation() {
        let text = "   <!-- open1-snip gen a=b -->\r\n\r\nold\r\n<!-- open1-snip end -->\r\n";
        let (blocks, _) = find(text);
        assert_eq!(blocks[0].line_ending, "\r\n");
        assert_eq!(blocks[0].prefix, "   ");
        assert_eq!(&text[blocks[0].content.clone()], "\r\nold\r\n");
    }

    #[test]
    fn problems_name_their_line() {
        let lines: Vec<usize> = problems(
            "<!-- open1-snip end -->\n\n<!-- open1-snip gen -->\n<!-- open1-snip gen -->\n<!-- open1-snip end -->\n\ntext <!-- open1-snip gen --> text\n\n<!-- open1-snip gen --> <b>x</b>\n\n<!-- open1-snip generate -->\n\n<!-- open1-snip end now -->\n\n<!-- open1-snip gen -->\n```\n<!-- open1-snip end -->\n```\n",
        )
        .into_iter()
        .map(|(line, _)| line)
        .collect();
        // end without start; start inside a block; inline; not alone; unknown verb; options on
        // end; never closed (its end is in a code block).
        assert_eq!(lines, [1, 4, 7, 9, 11, 13, 15]);
    }

    #[test]
    fn an_unclosed_marker_comment_is_reported() {
        assert_eq!(
            problems("# T\n\n<!-- open1-snip gen lang=curl ->\nold\n<!-- open1-snip end -->\n"),
            [(3, "this marker's comment runs into the next `<!--`: end it with `-->` on its own line".to_owned())]
        );
        assert_eq!(
            problems("# T\n\n<!-- open1-snip gen lang=curl ->\nold\n"),
            [(3, "this marker's comment is never closed, so the rest of the page is a comment: end it with `-->`".to_owned())]
        );
    }

    #[test]
    fn lint_comments_are_not_markers() {
        assert_eq!(
            find("<!-- open1-snip-disable -->\n<!-- open1-snip-enable -->\n"),
            (vec![], vec![])
        );
    }
}
