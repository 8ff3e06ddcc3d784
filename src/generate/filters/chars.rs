//! Which characters a generated literal must not hold raw.
//!
//! Every language filter escapes the same set: whatever a reader of the docs cannot see or
//! cannot tell from a space, so text hidden in a prompt ("Reply with OK only." followed by tag
//! characters spelling other instructions) shows up in review as escapes:
//!
//! - control characters (a raw CR or ESC breaks a pasted snippet) and every Unicode format
//!   character (general category Cf: zero-width spaces and joiners, bidi controls, the BOM, the
//!   soft hyphen, tag characters, invisible operators);
//! - every Default_Ignorable_Code_Point (variation selectors, Mongolian free variation selectors,
//!   the Hangul fillers, the combining grapheme joiner, the shorthand format controls): what
//!   fonts draw as nothing;
//! - every whitespace character but the ASCII space (NBSP, U+1680, the U+2000 spaces, U+3000,
//!   and U+2028/U+2029, at which old JavaScript engines end a string);
//! - blank-looking letters and symbols no property above covers (U+2800 BRAILLE PATTERN BLANK);
//! - unassigned code points, noncharacters and private-use characters: no font draws them the
//!   same way, and a later Unicode version may give them any meaning.
//!
//! The categories come from ICU4X's Unicode tables (`icu_properties`, already built for `url`'s
//! IDNA), not a hand list. Printable text — CJK, emoji, accents, combining marks — stays as it is.

use std::sync::OnceLock;

use icu_properties::props::{DefaultIgnorableCodePoint, GeneralCategory, WhiteSpace};
use icu_properties::{CodePointMapData, CodePointSetData};

/// Letters and symbols that draw as blank in common fonts but are neither format characters,
/// nor whitespace, nor default-ignorable.
const BLANK_LOOKING: &[char] = &['\u{2800}'];

/// The general categories escaped whole: controls, format characters, unassigned code points
/// (noncharacters too), private use, surrogates, and the space, line and paragraph separators.
const CATEGORIES: &[GeneralCategory] = &[
    GeneralCategory::Control,
    GeneralCategory::Format,
    GeneralCategory::Unassigned,
    GeneralCategory::PrivateUse,
    GeneralCategory::Surrogate,
    GeneralCategory::SpaceSeparator,
    GeneralCategory::LineSeparator,
    GeneralCategory::ParagraphSeparator,
];

/// True when `c` must be written as an escape sequence rather than raw.
pub fn is_unseen(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    let table = table();
    let c = c as u32;
    if let Some(word) = table.bmp.get(c as usize / 64) {
        return word & (1 << (c % 64)) != 0;
    }
    // The first range that ends at or after `c`: `c` is unseen when that range starts by `c`.
    let i = table.ranges.partition_point(|&(_, last)| last < c);
    table.ranges.get(i).is_some_and(|&(first, _)| first <= c)
}

/// Every unseen code point, gathered once from ICU's tables: a bit per code point of the Basic
/// Multilingual Plane (8 KiB; CJK text is checked a bit at a time), and sorted, merged
/// `(first, last)` ranges for the planes above.
struct Table {
    bmp: Vec<u64>,
    ranges: Vec<(u32, u32)>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let categories = CodePointMapData::<GeneralCategory>::new();
        let mut ranges: Vec<(u32, u32)> = CATEGORIES
            .iter()
            .flat_map(|&category| categories.iter_ranges_for_value(category))
            .chain(CodePointSetData::new::<WhiteSpace>().iter_ranges())
            .chain(CodePointSetData::new::<DefaultIgnorableCodePoint>().iter_ranges())
            .map(|range| (*range.start(), *range.end()))
            .chain(BLANK_LOOKING.iter().map(|&c| (c as u32, c as u32)))
            .collect();
        ranges.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
        for (first, last) in ranges {
            match merged.last_mut() {
                Some(previous) if first <= previous.1.saturating_add(1) => {
                    previous.1 = previous.1.max(last);
                }
                _ => merged.push((first, last)),
            }
        }
        let mut bmp = vec![0u64; 0x10000 / 64];
        for &(first, last) in &merged {
            for c in first..=last.min(0xffff) {
                bmp[c as usize / 64] |= 1 << (c % 64);
            }
        }
        Table {
            bmp,
            ranges: merged,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::is_unseen;

    /// Every character the issue names, and the ranges it names, whole.
    const MUST_ESCAPE: &[(char, char)] = &[
        ('\0', '\u{8}'),
        ('\n', '\u{1f}'),
        ('\u{7f}', '\u{a0}'),
        ('\u{ad}', '\u{ad}'),
        ('\u{34f}', '\u{34f}'),
        ('\u{61c}', '\u{61c}'),
        ('\u{115f}', '\u{1160}'),
        ('\u{1680}', '\u{1680}'),
        ('\u{17b4}', '\u{17b5}'),
        ('\u{180b}', '\u{180f}'),
        ('\u{2000}', '\u{200f}'),
        ('\u{2028}', '\u{202f}'),
        ('\u{205f}', '\u{2064}'),
        ('\u{2066}', '\u{206f}'),
        ('\u{2800}', '\u{2800}'),
        ('\u{3000}', '\u{3000}'),
        ('\u{3164}', '\u{3164}'),
        ('\u{e000}', '\u{f8ff}'),
        ('\u{fe00}', '\u{fe0f}'),
        ('\u{feff}', '\u{feff}'),
        ('\u{ffa0}', '\u{ffa0}'),
        ('\u{fff9}', '\u{fffb}'),
        ('\u{fffe}', '\u{ffff}'),
        ('\u{110bd}', '\u{110bd}'),
        ('\u{1bca0}', '\u{1bca3}'),
        ('\u{1d173}', '\u{1d17a}'),
        ('\u{e0000}', '\u{e0fff}'),
        ('\u{f0000}', '\u{10ffff}'),
    ];

    /// The merged ranges say exactly what the tables say, for every code point.
    #[test]
    fn ranges_match_the_tables() {
        use icu_properties::props::{DefaultIgnorableCodePoint, GeneralCategory, WhiteSpace};
        use icu_properties::{CodePointMapData, CodePointSetData};
        let categories = CodePointMapData::<GeneralCategory>::new();
        let white = CodePointSetData::new::<WhiteSpace>();
        let ignorable = CodePointSetData::new::<DefaultIgnorableCodePoint>();
        for c in ('\u{80}'..=char::MAX)
            .step_by(7)
            .chain('\u{80}'..'\u{3000}')
        {
            let expected = super::CATEGORIES.contains(&categories.get(c))
                || white.contains(c)
                || ignorable.contains(c)
                || super::BLANK_LOOKING.contains(&c);
            assert_eq!(is_unseen(c), expected, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn unseen_characters_are_the_invisible_ones() {
        for &(first, last) in MUST_ESCAPE {
            for c in first..=last {
                assert!(is_unseen(c), "U+{:04X} should be escaped", c as u32);
            }
        }
        for c in [
            'a', ' ', '"', '$', '~', '中', '😀', 'é', '｛', '\u{301}', '❤', '\u{fffd}', 'ㄱ', '⠁',
        ] {
            assert!(!is_unseen(c), "{c:?} should stay raw");
        }
    }
}
