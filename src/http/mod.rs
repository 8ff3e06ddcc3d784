//! The HTTP vocabulary every stage shares: a header line and the headers the snippets manage
//! ([`header`]), and the relay's URL ([`url`]).
//!
//! The parsers (`lint`'s and `convert`'s reading of curl), the rules, the request model and the
//! config all take headers and URLs apart here, so the rules for doing it are written once and
//! cannot disagree.

pub mod header;
pub mod url;
