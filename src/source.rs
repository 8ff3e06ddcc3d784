//! A file being checked, and positions in it as people count them: 1-based lines, and columns in
//! Unicode code points (what editors, GitHub and SARIF's `unicodeCodePoints` show).

/// A file's text and the name it is reported under.
#[derive(Debug)]
pub struct SourceFile {
    /// As given on the command line or found by the walk, relative where it was relative.
    pub path: String,
    pub text: String,
    line_starts: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    /// `text` without a byte-order mark: it is not part of any line.
    pub fn new(path: impl Into<String>, text: String) -> Self {
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_owned(),
            None => text,
        };
        let line_starts = std::iter::once(0)
            .chain(newlines(&text).map(|i| i + 1))
            .collect();
        SourceFile {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// The position of byte `offset` (clamped to the text, and to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(&self.text, offset);
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let column = self.text[self.line_starts[line]..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The byte range of line `line` (1-based), without its line ending.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        let text = &self.text[start..end];
        let trimmed = text.trim_end_matches('\n').trim_end_matches('\r');
        start..start + trimmed.len()
    }
}

/// The largest character boundary of `text` at or before `offset`.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// `bytes` as text; not UTF-8 → the error that says where (`origin:line:column`).
pub fn decode(bytes: Vec<u8>, origin: &str) -> Result<String, crate::Error> {
    if let Some(order) = utf16_byte_order(&bytes) {
        return Err(crate::Error::Utf16 {
            origin: origin.to_owned(),
            order,
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = invalid_utf8_position(&e);
        crate::Error::NotUtf8 {
            origin: origin.to_owned(),
            line: at.line,
            column: at.column,
        }
    })
}

/// "little-endian" or "big-endian" when `bytes` start with a UTF-16 byte order mark, or look
/// like UTF-16 text without one (every other byte NUL in the first line's ASCII).
pub fn utf16_byte_order(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xff, 0xfe, ..] => Some("little-endian"),
        [0xfe, 0xff, ..] => Some("big-endian"),
        [a, 0, b, 0, ..] if a.is_ascii_graphic() && b.is_ascii() && *b != 0 => {
            Some("little-endian")
        }
        [0, a, 0, b, ..] if a.is_ascii_graphic() && b.is_ascii() && *b != 0 => Some("big-endian"),
        _ => None,
    }
}

/// Where the first invalid byte of a not-quite-UTF-8 text stands: its line and column.
fn invalid_utf8_position(error: &std::string::FromUtf8Error) -> Position {
    let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
    let valid = std::str::from_utf8(valid).expect("valid up to here");
    Position {
        line: valid.matches('\n').count() + 1,
        column: valid
            .rsplit('\n')
            .next()
            .unwrap_or_default()
            .chars()
            .count()
            + 1,
    }
}

fn newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_code_points_and_ignore_crlf_and_bom() {
        let file = SourceFile::new("f", "\u{feff}ab\r\n中文x\n\nz".to_owned());
        assert_eq!(file.position(0), Position { line: 1, column: 1 });
        assert_eq!(file.position(4), Position { line: 2, column: 1 });
        assert_eq!(file.position(10), Position { line: 2, column: 3 });
        assert_eq!(file.position(12), Position { line: 3, column: 1 });
        assert_eq!(file.position(13), Position { line: 4, column: 1 });
        assert_eq!(file.position(99), Position { line: 4, column: 2 });
        assert_eq!(&file.text[file.line_range(1)], "ab");
        assert_eq!(&file.text[file.line_range(2)], "中文x");
    }
}
