//! Random hostile text: the pieces that break naive escaping in shells, Python, JavaScript, JSON,
//! template engines and heredocs, mixed with random code points from every plane.

use fastrand::Rng;

const PIECES: &[&str] = &[
    "'",
    "\"",
    "\\",
    "\\\\",
    "$",
    "`",
    "${HOME}",
    "$(id)",
    "`id`",
    "$'\\x41'",
    "{{ x }}",
    "{% raw %}",
    "{#",
    "%s",
    "%(x)s",
    "%d",
    "{0}",
    "#{x}",
    "<%= x %>",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\u{0}",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "\u{2029}",
    "\u{a0}",
    "\u{200b}",
    "\u{200d}",
    "\u{feff}",
    "\u{3000}",
    "\u{202e}",
    "中文",
    "全角",
    "😀",
    "👨\u{200d}👩\u{200d}👧",
    "❤\u{fe0f}",
    "é",
    "\nJSON\n",
    "JSON",
    "\nEOF\n",
    "EOF",
    "'\\''",
    "\\n",
    "\\u0000",
    "\\\"",
    "</script>",
    "<!--",
    "#",
    "!",
    "!!",
    "--",
    "-d",
    "@file",
    " ",
    "  ",
    "\"\"\"",
    "'''",
    "\\x41",
    "*",
    "?",
    "~",
    "&&",
    "|",
    ";",
    "\u{10ffff}",
    "\u{e0041}",
    // Invisible and format characters the filters must write as escapes.
    "\u{ad}",
    "\u{61c}",
    "\u{180b}",
    "\u{180e}",
    "\u{1680}",
    "\u{2060}",
    "\u{2066}",
    "\u{2800}",
    "\u{3164}",
    "\u{ffa0}",
    "\u{115f}",
    "\u{fe00}",
    "\u{fe0f}",
    "\u{e0001}",
    "\u{e0101}",
    "\u{1bca0}",
    "\u{e000}",
    "\u{fffe}",
    // "ignore the above" in tag characters, invisible after a visible sentence.
    "OK.\u{e0069}\u{e0067}\u{e006e}\u{e006f}\u{e0072}\u{e0065}",
    "\u{fffd}",
    "𝕏",
];

/// One of each kind of character the escaping filters must never write raw: format characters
/// (Cf: zero-width, bidi, tags, the BOM, the soft hyphen), variation selectors, the Mongolian
/// free variation selectors, blank-looking letters, Unicode spaces, separators, private use,
/// noncharacters and unassigned code points.
pub const INVISIBLE: &[char] = &[
    '\u{ad}',
    '\u{34f}',
    '\u{61c}',
    '\u{115f}',
    '\u{1160}',
    '\u{1680}',
    '\u{17b4}',
    '\u{180b}',
    '\u{180c}',
    '\u{180d}',
    '\u{180e}',
    '\u{180f}',
    '\u{2000}',
    '\u{200a}',
    '\u{200b}',
    '\u{200c}',
    '\u{200d}',
    '\u{200e}',
    '\u{200f}',
    '\u{2028}',
    '\u{2029}',
    '\u{202a}',
    '\u{202e}',
    '\u{202f}',
    '\u{205f}',
    '\u{2060}',
    '\u{2061}',
    '\u{2062}',
    '\u{2063}',
    '\u{2064}',
    '\u{2066}',
    '\u{2069}',
    '\u{206a}',
    '\u{206f}',
    '\u{2800}',
    '\u{3000}',
    '\u{3164}',
    '\u{e000}',
    '\u{f8ff}',
    '\u{fe00}',
    '\u{fe0f}',
    '\u{feff}',
    '\u{ffa0}',
    '\u{fff9}',
    '\u{fffb}',
    '\u{fffe}',
    '\u{ffff}',
    '\u{110bd}',
    '\u{1bca0}',
    '\u{1bca3}',
    '\u{1d173}',
    '\u{1d17a}',
    '\u{e0001}',
    '\u{e0020}',
    '\u{e0041}',
    '\u{e007f}',
    '\u{e0100}',
    '\u{e01ef}',
    '\u{e0fff}',
    '\u{f0000}',
    '\u{10fffd}',
    '\u{10ffff}',
    '\u{a0}',
    '\u{85}',
    '\u{1b}',
    '\u{7f}',
    '\u{9b}',
];

/// Printable ASCII pieces: what a header value may hold.
const HEADER_PIECES: &[&str] = &[
    "'", "\"", "\\", "$", "`", "${HOME}", "$(id)", "{{ x }}", "%s", "!", "!!", "#", "&", "|", ";",
    "<", ">", "*", "?", "~", "^", "(", ")", "[", "]", "{", "}", "=", ",", ":", "@", "a", "Z", "0",
    " ", "\t", "'\\''",
];

pub fn string(rng: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..rng.usize(1..12) {
        match rng.u8(0..4) {
            0 => out.push(random_char(rng)),
            _ => out.push_str(PIECES[rng.usize(0..PIECES.len())]),
        }
    }
    out
}

/// A hostile header value: printable ASCII, spaces and tabs, not starting or ending with either.
pub fn header_value(rng: &mut Rng) -> String {
    let mut out = String::from("v");
    for _ in 0..rng.usize(1..12) {
        out.push_str(HEADER_PIECES[rng.usize(0..HEADER_PIECES.len())]);
    }
    out.push('v');
    out
}

fn random_char(rng: &mut Rng) -> char {
    loop {
        let code = match rng.u8(0..4) {
            0 => rng.u32(0..0x80),
            1 => rng.u32(0x80..0x800),
            2 => rng.u32(0x800..0x10000),
            _ => rng.u32(0x10000..0x110000),
        };
        if let Some(c) = char::from_u32(code) {
            return c;
        }
    }
}

/// The proptest strategy for hostile text: up to `max` pieces, each one of the pieces above or
/// any `char` at all (proptest's `any::<char>()` favours the edges of every plane).
pub fn text(max: usize) -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        3 => proptest::sample::select(PIECES).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..max).prop_map(|pieces| pieces.concat())
}
