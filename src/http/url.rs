//! The relay's URL, taken apart in one place: a base URL the config names ([`RelayUrl`]:
//! scheme, host with its port, path prefix), and what a snippet's URL shows of itself
//! ([`UrlParts`], where pieces may come from variables the snippet does not define). The
//! endpoint path below the base (`/v1/responses`) is the config's `endpoint`.
//!
//! Hosts and schemes are compared lowercase, as HTTP compares them.

use crate::parse::{Piece, Text};

/// A relay's base URL: `https://www.open1.codes`, `https://doc.open1.codes/open1-api`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayUrl {
    /// `http` or `https`, lowercase.
    pub scheme: String,
    /// Lowercase, with the port when one is written (`localhost:8080`).
    pub host: String,
    /// The path below the host without a trailing slash: empty, or `/open1-api`.
    pub prefix: String,
}

impl RelayUrl {
    /// An http(s) base URL; `None` when it has no scheme, another scheme, or no host.
    pub fn parse(url: &str) -> Option<RelayUrl> {
        let (scheme, rest) = url.split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        if !matches!(scheme.as_str(), "http" | "https") || host.is_empty() {
            return None;
        }
        let prefix = match path.trim_end_matches('/') {
            "" => String::new(),
            path => format!("/{path}"),
        };
        Some(RelayUrl {
            scheme,
            host: host.to_ascii_lowercase(),
            prefix,
        })
    }

    /// `scheme://host/prefix`, the form the snippets write as their base URL.
    pub fn base(&self) -> String {
        format!("{}://{}{}", self.scheme, self.host, self.prefix)
    }
}

/// Why a URL cannot be a base URL the snippets post below: what [`parse_http`] found first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseUrlProblem {
    /// Not a URL at all.
    NotUrl(url::ParseError),
    /// A scheme other than http(s).
    NotHttp,
    /// A `?query` or `#fragment`.
    QueryOrFragment,
    /// `user:password@`.
    Credentials,
}

/// `text` as a URL that may carry requests: http(s), no query or fragment, no credentials.
/// `gen`'s description and `convert`'s command both check their URLs here, each in its own
/// words.
pub fn parse_http(text: &str) -> Result<url::Url, BaseUrlProblem> {
    let url = url::Url::parse(text).map_err(BaseUrlProblem::NotUrl)?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(BaseUrlProblem::NotHttp);
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(BaseUrlProblem::QueryOrFragment);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(BaseUrlProblem::Credentials);
    }
    Ok(url)
}

/// The parts of a URL the snippet shows.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct UrlParts {
    /// `https`, `http`: known when the URL starts with a literal scheme.
    pub scheme: Option<String>,
    /// Known when the literal text runs past the host.
    pub host: Option<String>,
    /// The path (without query), when everything from the host on is literal; a relative URL's
    /// path when it starts with `/`.
    pub path: Option<String>,
    /// A host given without `scheme://`.
    pub missing_scheme: bool,
    /// The literal text after the last unknown piece (`/v1/chat/completions` in
    /// `${BASE}/v1/chat/completions`).
    pub known_tail: String,
}

impl UrlParts {
    pub fn of(url: &Text) -> Self {
        let prefix = url.known_prefix();
        let known_tail = match url.pieces.last() {
            Some(Piece::Lit(tail)) => tail.clone(),
            _ => String::new(),
        };
        let mut parts = UrlParts {
            known_tail,
            ..UrlParts::default()
        };
        let whole = url.known();
        if let Some((scheme, rest)) = prefix.split_once("://") {
            parts.scheme = Some(scheme.to_ascii_lowercase());
            let host_end = rest.find(['/', '?', '#']);
            if host_end.is_some() || whole.is_some() {
                let host = &rest[..host_end.unwrap_or(rest.len())];
                parts.host = Some(host.to_ascii_lowercase());
                let after = &rest[host.len()..];
                // The whole path is known when the URL is, or when its query starts before the
                // first unknown piece (`…:generateContent?key=$KEY`).
                if whole.is_some() || after.contains(['?', '#']) {
                    parts.path = Some(without_query(after).to_owned());
                }
            }
        } else if let Some(whole) = whole.as_ref().filter(|w| {
            // `www.open1.codes/v1/responses`: a host without a scheme (curl then uses http).
            let host = w.split('/').next().unwrap_or_default();
            host.contains('.') && !host.contains(['$', '{', ' '])
        }) {
            let host = whole.split('/').next().unwrap_or_default();
            parts.host = Some(host.to_ascii_lowercase());
            parts.path = Some(without_query(&whole[host.len()..]).to_owned());
            parts.missing_scheme = true;
        } else if let Some(whole) = whole.filter(|w| w.starts_with('/')) {
            parts.path = Some(without_query(&whole).to_owned());
        }
        parts
    }
}

/// A URL or path without its query and fragment.
pub fn without_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_parts() {
        let url = Text::lit("https://WWW.open1.codes/v1/responses?x=1");
        let parts = UrlParts::of(&url);
        assert_eq!(parts.scheme.as_deref(), Some("https"));
        assert_eq!(parts.host.as_deref(), Some("www.open1.codes"));
        assert_eq!(parts.path.as_deref(), Some("/v1/responses"));
        let mut url = Text::var("BASE");
        url.push(crate::parse::Piece::Lit("/v1/chat/completions".into()));
        let parts = UrlParts::of(&url);
        assert_eq!(
            (parts.host, parts.path, parts.known_tail.as_str()),
            (None, None, "/v1/chat/completions")
        );
        // A query holding a variable: the path before it is known.
        let mut url = Text::lit("https://www.open1.codes/v1beta/models/g:generateContent?key=");
        url.push(crate::parse::Piece::Var("KEY".into()));
        let parts = UrlParts::of(&url);
        assert_eq!(
            parts.path.as_deref(),
            Some("/v1beta/models/g:generateContent")
        );
    }
}
