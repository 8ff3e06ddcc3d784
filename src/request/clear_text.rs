//! Whether a base URL would carry the key in clear text across a network: plain `http://` to a
//! host that is not this machine. Over loopback (a mock relay, a local proxy) the bytes never
//! leave the machine, so `http://` is fine there; anywhere else, `Authorization: Bearer <key>`
//! can be read by anyone on the path. `send` refuses such a URL unless told otherwise, `gen`
//! warns about the snippets it writes for one.

use std::net::IpAddr;

use url::{Host, Url};

/// The host of `base_url` when it is `http://` to a host that is not loopback; `None` for
/// `https://`, for loopback, and for text that is not a URL (checked elsewhere).
pub fn clear_text_host(base_url: &str) -> Option<String> {
    let url = Url::parse(base_url).ok()?;
    if url.scheme() != "http" {
        return None;
    }
    let host = url.host()?;
    (!is_loopback(&host)).then(|| host.to_string())
}

/// `localhost` (any case, with or without its root dot: the URL parser lowers it), 127.0.0.0/8,
/// `::1`, and `::ffff:127.x.y.z`. Not `0.0.0.0` (it names no host), not other names that may
/// resolve to loopback: only what is loopback without asking a resolver.
pub fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => {
            let name = name.strip_suffix('.').unwrap_or(name);
            name.eq_ignore_ascii_case("localhost")
        }
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => IpAddr::V6(*ip).to_canonical().is_loopback(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_is_this_machine_only() {
        for (url, expected) in [
            ("http://127.0.0.1:8787", None),
            ("http://127.1.2.3", None),
            ("http://[::1]:8080/open1-api", None),
            ("http://[::ffff:127.0.0.1]", None),
            ("http://localhost:3000", None),
            ("http://LOCALHOST.", None),
            ("http://0x7f.1", None), // the URL parser reads it as 127.0.0.1, as clients do
            ("http://0.0.0.0", Some("0.0.0.0")),
            ("http://10.255.255.1", Some("10.255.255.1")),
            ("http://192.168.1.10:8080", Some("192.168.1.10")),
            ("http://[::2]", Some("[::2]")),
            ("http://example.com", Some("example.com")),
            (
                "http://localhost.example.com",
                Some("localhost.example.com"),
            ),
            ("http://127.0.0.1.nip.io", Some("127.0.0.1.nip.io")),
            ("https://example.com", None),
            ("https://10.0.0.1", None),
        ] {
            assert_eq!(clear_text_host(url).as_deref(), expected, "{url}");
        }
    }
}
