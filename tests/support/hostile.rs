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
    "\u{fffd}",
    "𝕏",
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
