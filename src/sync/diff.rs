//! `sync --check`'s diff of a page, built from the blocks that changed.
//!
//! Diffing the whole old page against the whole new one costs Myers' O(N·D): with every block
//! stale, D grows with the page and the time with its square (a 147 KB page of stale markers took
//! 6.8 s). `sync` already knows which line ranges changed — each stale block's content, and
//! nothing else — so only each block's old lines are diffed against its new lines (a block larger
//! than [`BLOCK_DIFF_LINES`] is shown as removed and added, which is linear), the stretches
//! between blocks are equal by construction, and the hunks are grouped and printed the way
//! `git diff` (and `similar`) print them.

use std::ops::Range;

use similar::{Algorithm, DiffOp, group_diff_ops, udiff::UnifiedHunkHeader};

/// One changed block: its bytes in the old text, and in the new text. Both start and end at
/// line starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub old: Range<usize>,
    pub new: Range<usize>,
}

/// Blocks with more lines than this (old and new together) are not diffed line by line.
const BLOCK_DIFF_LINES: usize = 2000;
/// Lines of context around each change, as `git diff`.
const CONTEXT: usize = 3;

/// A unified diff of `old` → `new` for `path`, where `new` is `old` with `changes` (in order, not
/// overlapping) applied; empty when they are equal.
pub fn unified(path: &str, old: &str, new: &str, changes: &[Change]) -> String {
    if old == new {
        return String::new();
    }
    let old_lines = Lines::new(old);
    let new_lines = Lines::new(new);
    let mut ops = Ops::default();
    let (mut old_at, mut new_at) = (0, 0);
    for change in changes {
        let (old_start, old_end) = (
            old_lines.index(change.old.start),
            old_lines.index(change.old.end),
        );
        let (new_start, new_end) = (
            new_lines.index(change.new.start),
            new_lines.index(change.new.end),
        );
        ops.equal(old_at, new_at, old_start - old_at);
        let (before, after) = (
            &old_lines.lines[old_start..old_end],
            &new_lines.lines[new_start..new_end],
        );
        if before.len() + after.len() <= BLOCK_DIFF_LINES {
            for op in similar::capture_diff_slices(Algorithm::Myers, before, after) {
                ops.push_shifted(op, old_start, new_start);
            }
        } else {
            ops.push(DiffOp::Delete {
                old_index: old_start,
                old_len: before.len(),
                new_index: new_start,
            });
            ops.push(DiffOp::Insert {
                old_index: old_end,
                new_index: new_start,
                new_len: after.len(),
            });
        }
        (old_at, new_at) = (old_end, new_end);
    }
    ops.equal(old_at, new_at, old_lines.lines.len() - old_at);

    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    for hunk in group_diff_ops(ops.0, CONTEXT) {
        out.push_str(&UnifiedHunkHeader::new(&hunk).to_string());
        out.push('\n');
        for op in &hunk {
            let old_range = op.old_range();
            let new_range = op.new_range();
            let (removed, added, same) = match op {
                DiffOp::Equal { .. } => (0..0, 0..0, old_range),
                DiffOp::Delete { .. } => (old_range, 0..0, 0..0),
                DiffOp::Insert { .. } => (0..0, new_range, 0..0),
                DiffOp::Replace { .. } => (old_range, new_range, 0..0),
            };
            for line in &old_lines.lines[same] {
                push_line(&mut out, ' ', line);
            }
            for line in &old_lines.lines[removed] {
                push_line(&mut out, '-', line);
            }
            for line in &new_lines.lines[added] {
                push_line(&mut out, '+', line);
            }
        }
    }
    out
}

fn push_line(out: &mut String, tag: char, line: &str) {
    out.push(tag);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

/// A text's lines, each with its line ending, and where each starts.
struct Lines<'a> {
    lines: Vec<&'a str>,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let mut starts = Vec::with_capacity(lines.len());
        let mut at = 0;
        for line in &lines {
            starts.push(at);
            at += line.len();
        }
        Lines { lines, starts }
    }

    /// The index of the line starting at byte `offset` (the line count at the end of the text).
    fn index(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start < offset)
    }
}

/// Diff operations over the whole text, equal stretches merged (so that hunks split where
/// `git diff` splits them).
#[derive(Default)]
struct Ops(Vec<DiffOp>);

impl Ops {
    fn equal(&mut self, old_index: usize, new_index: usize, len: usize) {
        self.push(DiffOp::Equal {
            old_index,
            new_index,
            len,
        });
    }

    fn push_shifted(&mut self, op: DiffOp, old: usize, new: usize) {
        self.push(match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => DiffOp::Equal {
                old_index: old_index + old,
                new_index: new_index + new,
                len,
            },
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => DiffOp::Delete {
                old_index: old_index + old,
                old_len,
                new_index: new_index + new,
            },
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => DiffOp::Insert {
                old_index: old_index + old,
                new_index: new_index + new,
                new_len,
            },
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => DiffOp::Replace {
                old_index: old_index + old,
                old_len,
                new_index: new_index + new,
                new_len,
            },
        });
    }

    fn push(&mut self, op: DiffOp) {
        let empty = match op {
            DiffOp::Equal { len, .. } => len == 0,
            DiffOp::Delete { old_len, .. } => old_len == 0,
            DiffOp::Insert { new_len, .. } => new_len == 0,
            DiffOp::Replace { .. } => false,
        };
        if empty {
            return;
        }
        if let (Some(DiffOp::Equal { len: last, .. }), DiffOp::Equal { len, .. }) =
            (self.0.last_mut(), op)
        {
            *last += len;
            return;
        }
        self.0.push(op);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The diff `unified` builds from the blocks, and the one of the whole texts, for a page
    /// whose blocks between `[` and `]` lines are replaced.
    fn both(old: &str, blocks: &[&str]) -> (String, String) {
        let mut new = String::new();
        let mut changes = Vec::new();
        let mut copied = 0;
        let mut blocks = blocks.iter();
        let mut from = 0;
        while let Some(open) = old[from..].find("[\n") {
            let start = from + open + 2;
            let end = start + old[start..].find(']').unwrap();
            let block = blocks.next().unwrap();
            new.push_str(&old[copied..start]);
            changes.push(Change {
                old: start..end,
                new: new.len()..new.len() + block.len(),
            });
            new.push_str(block);
            copied = end;
            from = end;
        }
        new.push_str(&old[copied..]);
        let whole = similar::TextDiff::from_lines(old, &new)
            .unified_diff()
            .context_radius(3)
            .header("a/p.md", "b/p.md")
            .missing_newline_hint(true)
            .to_string();
        (unified("p.md", old, &new, &changes), whole)
    }

    #[test]
    fn prints_what_a_whole_text_diff_prints() {
        let old = "# T\n\n[\nold\n]\n1\n2\n3\n4\n5\n6\n7\n[\n]\n8\n[\na\nb\n]\nend";
        let (blocks, whole) = both(old, &["new\n", "x\ny\n", "a\nB\n"]);
        assert_eq!(blocks, whole);
        assert_eq!(blocks.matches("@@ -").count(), 2, "{blocks}");
        // Unchanged, and changed at the very end without a final newline.
        assert_eq!(both("[\nx\n]\n", &["x\n"]).0, "");
        let (blocks, whole) = both("t\n[\nx\n]", &["y\n"]);
        assert_eq!(blocks, whole);
    }

    #[test]
    fn a_large_block_is_removed_and_added() {
        let old_block = "same\n".repeat(BLOCK_DIFF_LINES);
        let old = format!("[\n{old_block}]\n");
        let (blocks, _) = both(&old, &["new\n"]);
        assert_eq!(blocks.lines().filter(|l| l.starts_with('-')).count(), 2001);
        assert_eq!(blocks.lines().filter(|l| l.starts_with('+')).count(), 2);
    }
}
