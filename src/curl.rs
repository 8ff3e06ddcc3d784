//! curl's command-line options, as open1-snip understands them: one table of spellings, whether
//! each takes a value, and what it means for the request the command makes.
//!
//! The bash parser ([`crate::parse::shell`]) looks every option up here once, while it splits a
//! command's words the way curl does; the linter's view of a command and `convert` then read the
//! [`Meaning`] it found, never the spelling. An option missing from the table is a switch that
//! means nothing for the request (`-k`, `-L`, `--compressed`).

use DataKind::{Binary, Json, Raw, Text};
use Meaning::{
    BasicAuth, BearerToken, Credential, Data, Header, Kept, Method, Other, Refused, Url, UserAgent,
};

/// One curl option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurlOption {
    pub short: Option<char>,
    /// `--header`; `None` where only the short spelling is read (see [`OPTIONS`]).
    pub long: Option<&'static str>,
    /// The option takes a value: the rest of the word (`-Hvalue`), or the next word.
    pub takes_value: bool,
    pub meaning: Meaning,
}

/// What an option does to the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// `-H`: a `Name: value` header line.
    Header,
    /// `-A`: the User-Agent header's value.
    UserAgent,
    /// `-d` and its kin: a piece of the body.
    Data(DataKind),
    /// `--url`: the URL, as a bare word would give it.
    Url,
    /// `-X`: the method.
    Method,
    /// What the snippets already do: they are quiet, report errors, exit non-zero on an HTTP
    /// error and print a stream as it arrives.
    Kept,
    /// Makes another request than a JSON POST to the URL (why, for the message).
    Refused(&'static str),
    /// `--oauth2-bearer`: curl sends `Authorization: Bearer <value>`.
    BearerToken,
    /// `-u user:password`: curl sends `Authorization: Basic base64(user:password)`.
    BasicAuth,
    /// Its value is a credential: never shown in full.
    Credential,
    /// Changes how curl runs (timeouts, output, TLS), not what the snippets send.
    Other,
}

/// How a data option reads its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataKind {
    /// `-d`, `--data`, `--data-ascii`: `@file` is read without its carriage returns and newlines.
    Text,
    /// `--data-binary`: `@file` is read as it is.
    Binary,
    /// `--data-raw`: a leading `@` is sent as it is, no file is read.
    Raw,
    /// `--json`: like `--data-binary`, appended without `&`, and curl sends Content-Type and
    /// Accept `application/json`.
    Json,
}

impl DataKind {
    /// `@name` reads the file `name` (`@-` standard input).
    pub fn reads_files(self) -> bool {
        self != DataKind::Raw
    }

    /// A file's carriage returns and newlines are dropped.
    pub fn strips_newlines(self) -> bool {
        self == DataKind::Text
    }

    /// curl puts `&` before this value when another data option came first.
    pub fn joined_with_ampersand(self) -> bool {
        self != DataKind::Json
    }
}

const fn value(short: Option<char>, long: &'static str, meaning: Meaning) -> CurlOption {
    CurlOption {
        short,
        long: Some(long),
        takes_value: true,
        meaning,
    }
}

const fn switch(short: Option<char>, long: &'static str, meaning: Meaning) -> CurlOption {
    CurlOption {
        short,
        long: Some(long),
        takes_value: false,
        meaning,
    }
}

const FORM: Meaning = Meaning::Refused("sends a multipart form, not JSON");
const CONFIG: Meaning =
    Meaning::Refused("reads more options from a file the command does not show");
const UPLOAD: Meaning = Meaning::Refused("uploads a file with PUT");

/// Every option the project knows. `-P` (`--ftp-port`) and `-t` (`--telnet-option`) are known by
/// their letter only: their long spellings have always been read as switches.
pub static OPTIONS: &[CurlOption] = &[
    // The request itself.
    value(None, "--url", Url),
    value(Some('H'), "--header", Header),
    value(Some('A'), "--user-agent", UserAgent),
    value(Some('d'), "--data", Data(Text)),
    value(None, "--data-ascii", Data(Text)),
    value(None, "--data-binary", Data(Binary)),
    value(None, "--data-raw", Data(Raw)),
    value(None, "--json", Data(Json)),
    value(Some('X'), "--request", Method),
    // What the snippets already do.
    switch(Some('s'), "--silent", Kept),
    switch(Some('S'), "--show-error", Kept),
    switch(Some('N'), "--no-buffer", Kept),
    switch(Some('f'), "--fail", Kept),
    switch(None, "--fail-with-body", Kept),
    // Another request than a JSON POST.
    switch(
        Some('G'),
        "--get",
        Refused("sends the data in the URL with GET"),
    ),
    switch(Some('I'), "--head", Refused("makes a HEAD request")),
    value(Some('F'), "--form", FORM),
    value(None, "--form-string", FORM),
    value(
        None,
        "--data-urlencode",
        Refused("URL-encodes its data, so the body is not the JSON the snippets send"),
    ),
    value(Some('T'), "--upload-file", UPLOAD),
    value(None, "--url-query", Refused("adds a query to the URL")),
    value(Some('K'), "--config", CONFIG),
    switch(Some(':'), "--next", Refused("starts a second request")),
    // Credentials.
    value(Some('u'), "--user", BasicAuth),
    value(Some('U'), "--proxy-user", Credential),
    value(None, "--oauth2-bearer", BearerToken),
    value(None, "--pass", Credential),
    // Options that take a value and mean nothing for the request: known so that their value is
    // not read as the URL.
    value(Some('b'), "--cookie", Other),
    value(Some('c'), "--cookie-jar", Other),
    value(Some('C'), "--continue-at", Other),
    value(Some('D'), "--dump-header", Other),
    value(Some('e'), "--referer", Other),
    value(Some('E'), "--cert", Other),
    value(Some('m'), "--max-time", Other),
    value(Some('o'), "--output", Other),
    value(Some('Q'), "--quote", Other),
    value(Some('r'), "--range", Other),
    value(Some('w'), "--write-out", Other),
    value(Some('x'), "--proxy", Other),
    value(Some('y'), "--speed-time", Other),
    value(Some('Y'), "--speed-limit", Other),
    value(Some('z'), "--time-cond", Other),
    CurlOption {
        short: Some('P'),
        long: None,
        takes_value: true,
        meaning: Other,
    },
    CurlOption {
        short: Some('t'),
        long: None,
        takes_value: true,
        meaning: Other,
    },
    value(None, "--cacert", Other),
    value(None, "--capath", Other),
    value(None, "--cert-type", Other),
    value(None, "--connect-timeout", Other),
    value(None, "--max-redirs", Other),
    value(None, "--max-filesize", Other),
    value(None, "--output-dir", Other),
    value(None, "--proxy-header", Other),
    value(None, "--preproxy", Other),
    value(None, "--noproxy", Other),
    value(None, "--retry", Other),
    value(None, "--retry-delay", Other),
    value(None, "--retry-max-time", Other),
    value(None, "--resolve", Other),
    value(None, "--connect-to", Other),
    value(None, "--limit-rate", Other),
    value(None, "--interface", Other),
    value(None, "--proto", Other),
    value(None, "--trace", Other),
    value(None, "--trace-ascii", Other),
    value(None, "--unix-socket", Other),
    value(None, "--variable", Other),
    value(None, "--expand-url", Other),
    value(None, "--key", Other),
    value(None, "--key-type", Other),
    value(None, "--ciphers", Other),
    value(None, "--keepalive-time", Other),
    value(None, "--local-port", Other),
    value(None, "--request-target", Other),
    value(None, "--aws-sigv4", Other),
    value(None, "--expect100-timeout", Other),
    value(None, "--dns-servers", Other),
    value(None, "--doh-url", Other),
    value(None, "--tls-max", Other),
    value(None, "--socks5", Other),
    value(None, "--socks5-hostname", Other),
    value(None, "--stderr", Other),
];

/// The option spelt `--name` (with its dashes), if the table knows it.
pub fn long(name: &str) -> Option<&'static CurlOption> {
    OPTIONS.iter().find(|option| option.long == Some(name))
}

/// The option spelt `-letter`, if the table knows it.
pub fn short(letter: char) -> Option<&'static CurlOption> {
    OPTIONS.iter().find(|option| option.short == Some(letter))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_spelling_is_in_the_table_once() {
        for option in OPTIONS {
            if let Some(name) = option.long {
                assert!(name.starts_with("--"), "{name}");
                assert_eq!(long(name), Some(option), "{name}");
            }
            if let Some(letter) = option.short {
                assert_eq!(short(letter), Some(option), "-{letter}");
            }
        }
    }

    #[test]
    fn short_and_long_spellings_agree() {
        assert_eq!(short('d'), long("--data"));
        assert_eq!(short('H').map(|o| o.meaning), Some(Meaning::Header));
        assert_eq!(long("--data-raw").map(|o| o.meaning), Some(Data(Raw)));
        assert!(short('k').is_none(), "an unknown switch");
        assert!(long("--compressed").is_none());
    }
}
