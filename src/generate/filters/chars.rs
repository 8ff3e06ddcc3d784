//! Which characters a generated literal must not hold raw.
//!
//! Every language filter escapes the same set: control characters (a raw CR or ESC breaks a pasted
//! snippet), the Unicode line and paragraph separators (old JavaScript engines end a string at
//! them), and the invisible or direction-changing characters a reader cannot see in the docs (NBSP,
//! zero-width spaces, bidi controls, the BOM). Printable text — CJK, emoji, accents — stays as it is.

/// True when `c` must be written as an escape sequence rather than raw.
pub fn is_unseen(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00A0}'
                | '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180E}'
                | '\u{2000}'..='\u{200F}'
                | '\u{2028}'..='\u{202F}'
                | '\u{205F}'..='\u{206F}'
                | '\u{3000}'
                | '\u{3164}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

#[cfg(test)]
mod tests {
    use super::is_unseen;

    #[test]
    fn unseen_characters_are_the_invisible_ones() {
        for c in [
            '\0', '\n', '\r', '\t', '\u{1b}', '\u{7f}', '\u{85}', '\u{a0}', '\u{200b}',
        ] {
            assert!(is_unseen(c), "{c:?} should be escaped");
        }
        for c in [
            '\u{2028}',
            '\u{2029}',
            '\u{202e}',
            '\u{3000}',
            '\u{feff}',
            '\u{e0041}',
        ] {
            assert!(is_unseen(c), "{c:?} should be escaped");
        }
        for c in ['a', ' ', '"', '$', '中', '😀', 'é', '\u{fe0f}', '｛'] {
            assert!(!is_unseen(c), "{c:?} should stay raw");
        }
    }
}
