//! Finding the marker pairs of a Markdown or MDX page, the way its renderer reads the page.
//!
//! In a Markdown page (`.md`) a marker is an HTML comment whose first word is `open1-snip`, alone
//! on its line (or lines: the options may wrap), in an HTML block: pulldown-cmark decides what is
//! one, so a marker written in a fenced or indented code block or in inline code (docs that show
//! the syntax) is text, not a marker, and front matter is skipped. The page is read through
//! [`page::view`], so markers in the 4-space-indented bodies of MkDocs content tabs and
//! admonitions are found too (plain CommonMark reads those bodies as indented code).
//!
//! MDX (`.mdx`: Docusaurus, Starlight, Mintlify) refuses HTML comments, so there a marker is an
//! MDX comment, `{/* open1-snip gen … */}`, that is the whole of an expression block: the lines
//! [`page::mdx_constructs`] finds as one, outside fenced code. An HTML-comment marker in an MDX
//! page is an error that names the form to write.
//!
//! Either way, the generated lines get the start marker line's prefix: the indentation of a list
//! item, an MkDocs container or a JSX component, and a block quote's `>`s.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::extract::page::{self, Construct, Flavor, View};

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

/// How markers are written in a page of one flavor, for the messages that show them.
struct Syntax {
    open: &'static str,
    close: &'static str,
}

const HTML: Syntax = Syntax {
    open: "<!--",
    close: "-->",
};

const MDX: Syntax = Syntax {
    open: "{/*",
    close: "*/}",
};

impl Syntax {
    fn of(flavor: Flavor) -> &'static Syntax {
        match flavor {
            Flavor::Markdown => &HTML,
            Flavor::Mdx => &MDX,
        }
    }

    /// A marker with these words: `<!-- open1-snip end -->`.
    fn marker(&self, words: &str) -> String {
        format!("`{} open1-snip {words} {}`", self.open, self.close)
    }
}

/// The marker pairs of `text` (without a byte-order mark) read as `flavor`, and the problems met
/// on the way. A block whose markers pair up is returned even when other markers of the page
/// have problems.
pub fn find(text: &str, flavor: Flavor) -> (Vec<Block>, Vec<Problem>) {
    let syntax = Syntax::of(flavor);
    let lines = LineIndex::new(text);
    let mut markers = Vec::new();
    let mut problems = Vec::new();
    match flavor {
        Flavor::Markdown => html_markers(text, &lines, &mut markers, &mut problems),
        Flavor::Mdx => mdx_markers(text, &mut markers, &mut problems),
    }
    let blocks = pair(text, markers, syntax, &mut problems);
    problems.sort_by_key(|p| p.line);
    (blocks, problems)
}

/// The HTML-comment markers of a Markdown page, read through its MkDocs view.
fn html_markers(
    text: &str,
    lines: &LineIndex,
    markers: &mut Vec<Marker>,
    problems: &mut Vec<Problem>,
) {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let view = page::view(text, Flavor::Markdown);
    // The view ranges of the HTML block being read, one per line, without container prefixes.
    let mut html_block: Option<Vec<Range<usize>>> = None;
    for (event, range) in Parser::new_ext(&view.text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::HtmlBlock) => html_block = Some(Vec::new()),
            Event::Html(_) => {
                if let Some(pieces) = html_block.as_mut() {
                    pieces.push(range);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(pieces) = html_block.take() {
                    let page = Page {
                        text,
                        view: &view,
                        lines,
                    };
                    scan_html_block(&page, &pieces, markers, problems);
                }
            }
            Event::InlineHtml(html) if comments(&html).any(|(_, body)| is_marker(body)) => {
                problems.push(Problem {
                    line: lines.line_of(view.file_offset(range.start)),
                    message: "a marker must stand on a line of its own, not inside a paragraph: put a line break before and after it".into(),
                });
            }
            _ => {}
        }
    }
}

/// The MDX-comment markers of an MDX page: expression blocks holding only a comment whose first
/// word is `open1-snip`. HTML-comment markers outside code are reported.
fn mdx_markers(text: &str, markers: &mut Vec<Marker>, problems: &mut Vec<Problem>) {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.split_inclusive('\n').scan(0, |at, line| {
            *at += line.len();
            Some(*at)
        }))
        .collect();
    let line_count = starts.len() - 1;
    let front_matter = front_matter_lines(text);
    let mut covered = vec![false; line_count];
    for (construct, range) in page::mdx_constructs(text) {
        for covered in &mut covered[range.clone()] {
            *covered = true;
        }
        if construct != Construct::Expression || range.start < front_matter {
            continue;
        }
        let (from, to) = (starts[range.start], starts[range.end]);
        let chunk = &text[from..to];
        let open = from + (chunk.len() - chunk.trim_start().len());
        let Some(comment) = chunk.trim().strip_prefix('{') else {
            continue;
        };
        let Some(rest) = comment.trim_start().strip_prefix("/*") else {
            continue;
        };
        if !is_marker(rest) {
            continue;
        }
        let line = range.start + 1;
        // The construct ends where its braces balance, comments skipped: the comment is closed.
        let close = rest.find("*/").unwrap_or(rest.len());
        let (body, after) = rest.split_at(close);
        if after.get(2..).map(str::trim) != Some("}") {
            problems.push(Problem {
                line,
                message: format!(
                    "a marker must stand alone on its line(s), the comment alone in its braces: {} with nothing before or after it",
                    MDX.marker("gen …")
                ),
            });
            continue;
        }
        match marker_kind(body, &MDX) {
            Ok(kind) => markers.push(Marker {
                kind,
                line,
                line_start: from,
                open,
                after: to,
            }),
            Err(message) => problems.push(Problem { line, message }),
        }
    }
    // What is left is Markdown text: an HTML comment there is an MDX syntax error, and a marker
    // comment that never closes is not an expression block.
    for (i, covered) in covered.iter().enumerate() {
        if *covered || i < front_matter {
            continue;
        }
        let trimmed = text[starts[i]..starts[i + 1]].trim_start();
        if trimmed.strip_prefix("<!--").is_some_and(is_marker) {
            problems.push(Problem {
                line: i + 1,
                message: format!(
                    "MDX does not compile HTML comments (`<!--`): in an .mdx page write the markers as MDX comments, {} and {}",
                    MDX.marker("gen …"),
                    MDX.marker("end")
                ),
            });
        } else if let Some(rest) = trimmed.strip_prefix('{')
            && rest.trim_start().strip_prefix("/*").is_some_and(is_marker)
        {
            problems.push(Problem {
                line: i + 1,
                message: "this marker's comment is never closed, so MDX cannot compile the page: end it with `*/}`".into(),
            });
        }
    }
}

/// How many lines the page's front matter (`---` … `---`) takes: none when it has none.
fn front_matter_lines(text: &str) -> usize {
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return 0;
    }
    lines
        .position(|line| matches!(line.trim_end(), "---" | "..."))
        .map_or(0, |n| n + 2)
}

/// A Markdown page, as the file and as the view the parser reads.
struct Page<'a> {
    text: &'a str,
    view: &'a View<'a>,
    lines: &'a LineIndex,
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
    /// Where the marker's `<!--` (or its `{`, in MDX) starts.
    open: usize,
    /// Just past the line ending of the line holding `-->`.
    after: usize,
}

fn pair(
    text: &str,
    markers: Vec<Marker>,
    syntax: &Syntax,
    problems: &mut Vec<Problem>,
) -> Vec<Block> {
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
                            "a start marker inside the block opened at line {}: close that block with {} first",
                            outer.line,
                            syntax.marker("end")
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
                    message: format!(
                        "an end marker without a start marker before it: add {} above the block, or remove this line",
                        syntax.marker("gen …")
                    ),
                }),
            },
        }
    }
    if let Some((start, _)) = open {
        problems.push(Problem {
            line: start.line,
            message: format!(
                "this start marker is never closed: add {} on a line of its own after the block (a marker inside a code block, or after an unclosed fence, does not count)",
                syntax.marker("end")
            ),
        });
    }
    blocks
}

/// Finds the marker comments of one HTML block, whose lines (container prefixes left out) are
/// at `pieces` in the page's view.
fn scan_html_block(
    page: &Page<'_>,
    pieces: &[Range<usize>],
    markers: &mut Vec<Marker>,
    problems: &mut Vec<Problem>,
) {
    let (text, view) = (page.text, &page.view.text);
    let mut content = String::new();
    // (offset in `content`, offset in the view) where each piece starts.
    let mut starts = Vec::with_capacity(pieces.len());
    for piece in pieces {
        starts.push((content.len(), piece.start));
        content.push_str(&view[piece.clone()]);
    }
    // Where an offset of `content` stands in the file.
    let source = |offset: usize| {
        let i = starts.partition_point(|&(at, _)| at <= offset) - 1;
        page.view.file_offset(starts[i].1 + offset - starts[i].0)
    };
    // A marker whose `-->` is missing turns the rest of the page into a comment.
    if let Some(open) = content.rfind("<!--") {
        let rest = &content[open + "<!--".len()..];
        if !rest.contains("-->") && is_marker(rest) {
            problems.push(Problem {
                line: page.lines.line_of(source(open)),
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
        let line = page.lines.line_of(at);
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
        let kind = match marker_kind(body, &HTML) {
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

fn marker_kind(body: &str, syntax: &Syntax) -> Result<Kind, String> {
    let rest = body.trim_start()["open1-snip".len()..].trim_start();
    let verb_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let (verb, options) = rest.split_at(verb_end);
    let (start, end) = (syntax.marker("gen [key=value]..."), syntax.marker("end"));
    match verb {
        // Options wrapped in a CRLF file: a `\r` is no part of a word.
        "gen" => Ok(Kind::Start {
            options: options.trim().replace("\r\n", "\n"),
        }),
        "end" if options.trim().is_empty() => Ok(Kind::End),
        "end" => Err(format!(
            "the end marker takes nothing after `end` (found `{}`): the options belong on the start marker",
            options.trim()
        )),
        "" => Err(format!(
            "an `open1-snip` marker without a verb: write {start} or {end}"
        )),
        other => Err(format!(
            "unknown marker `open1-snip {other}`: the markers are {start} and {end}"
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

    /// A block as (line, content, options, prefix).
    type Found = (usize, String, String, String);

    /// Each block as (line, content, options, prefix).
    fn contents(text: &str) -> Vec<Found> {
        let (blocks, problems) = find(text, Flavor::Markdown);
        assert_eq!(problems, [], "{text:?}");
        blocks
            .into_iter()
            .map(|b| (b.line, text[b.content].to_owned(), b.options, b.prefix))
            .collect()
    }

    fn owned(expected: &[(usize, &str, &str, &str)]) -> Vec<Found> {
        expected
            .iter()
            .map(|&(line, c, o, p)| (line, c.into(), o.into(), p.into()))
            .collect()
    }

    fn problems(text: &str) -> Vec<(usize, String)> {
        find(text, Flavor::Markdown)
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
        let (blocks, _) = find(text, Flavor::Markdown);
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
            find(
                "<!-- open1-snip-disable -->\n<!-- open1-snip-enable -->\n",
                Flavor::Markdown
            ),
            (vec![], vec![])
        );
    }

    #[test]
    fn mkdocs_tab_and_admonition_bodies_hold_markers() {
        let text = "=== \"cURL\"\n\n    <!-- open1-snip gen lang=curl -->\n    old\n    <!-- open1-snip end -->\n\n!!! note\n    <!-- open1-snip gen\n      lang=node -->\n    <!-- open1-snip end -->\n\ntext\n\n    <!-- open1-snip gen -->\n";
        let (blocks, problems) = find(text, Flavor::Markdown);
        // The last marker is indented code: the text before it closed the admonition.
        assert_eq!(problems, []);
        let found: Vec<_> = blocks
            .iter()
            .map(|b| {
                (
                    b.line,
                    &text[b.content.clone()],
                    &b.options[..],
                    &b.prefix[..],
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (3, "    old\n", "lang=curl", "    "),
                (8, "", "lang=node", "    ")
            ]
        );
    }

    /// Each MDX block as (line, content, options, prefix).
    fn mdx(text: &str) -> (Vec<Found>, Vec<(usize, String)>) {
        let (blocks, problems) = find(text, Flavor::Mdx);
        (
            blocks
                .into_iter()
                .map(|b| (b.line, text[b.content].to_owned(), b.options, b.prefix))
                .collect(),
            problems.into_iter().map(|p| (p.line, p.message)).collect(),
        )
    }

    #[test]
    fn mdx_markers_are_mdx_comments_outside_code() {
        let text = "---\ntitle: {/* open1-snip end */}\n---\nimport Tabs from '@theme/Tabs';\n\n{/* open1-snip gen lang=curl format=docusaurus */}\nold\n{/* open1-snip end */}\n\n<Tabs>\n  <TabItem value=\"a\">\n    {/* open1-snip gen\n       prompt=\"it's {here}\" */}\n    {/*open1-snip end*/}\n  </TabItem>\n</Tabs>\n\n```mdx\n{/* open1-snip gen */}\n<!-- open1-snip end -->\n```\n\nInline: `{/* open1-snip gen */}`.\n{/* a comment */}\n";
        assert_eq!(
            mdx(text),
            (
                owned(&[
                    (6, "old\n", "lang=curl format=docusaurus", ""),
                    (12, "", "prompt=\"it's {here}\"", "    "),
                ]),
                vec![]
            )
        );
    }

    #[test]
    fn mdx_marker_problems() {
        let text = "<!-- open1-snip gen -->\n\n  <!-- open1-snip end -->\n\n{/* open1-snip gen */} text\n\n{/* open1-snip gen */ x}\n\n{/* open1-snip finish */}\n\n{/* open1-snip end */}\n\n{/* open1-snip gen lang=curl\n";
        let (blocks, problems) = mdx(text);
        assert_eq!(blocks, []);
        let lines: Vec<usize> = problems.iter().map(|(line, _)| *line).collect();
        // Two HTML markers; text after; not alone in its braces; unknown verb; end without
        // start; never closed.
        assert_eq!(lines, [1, 3, 5, 7, 9, 11, 13]);
        assert!(
            problems[0]
                .1
                .starts_with("MDX does not compile HTML comments")
        );
        assert!(
            problems[4]
                .1
                .contains("`{/* open1-snip gen [key=value]... */}`")
        );
        assert!(
            problems[5]
                .1
                .contains("add `{/* open1-snip gen … */}` above")
        );
        assert!(problems[6].1.ends_with("end it with `*/}`"));
    }

    #[test]
    fn mdx_crlf_and_html_markers_in_md() {
        let text = "{/* open1-snip gen */}\r\nold\r\n{/* open1-snip end */}\r\n";
        let (blocks, _) = find(text, Flavor::Mdx);
        assert_eq!(blocks[0].line_ending, "\r\n");
        assert_eq!(&text[blocks[0].content.clone()], "old\r\n");
        // Options wrapped over CRLF lines, in either form.
        for (text, flavor) in [
            (
                "<!-- open1-snip gen a=b\r\n  c=d -->\r\n<!-- open1-snip end -->\r\n",
                Flavor::Markdown,
            ),
            (
                "{/* open1-snip gen a=b\r\n  c=d */}\r\n{/* open1-snip end */}\r\n",
                Flavor::Mdx,
            ),
        ] {
            assert_eq!(find(text, flavor).0[0].options, "a=b\n  c=d");
        }
        let text = "{/* open1-snip gen */}\r\nold\r\n{/* open1-snip end */}\r\n";
        // In a Markdown page an MDX comment is text.
        assert_eq!(find(text, Flavor::Markdown), (vec![], vec![]));
    }
}
