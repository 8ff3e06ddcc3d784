//! `<script>` blocks of an HTML page: JavaScript that runs in a browser.

use super::{Dialect, Snippet};

/// The inline scripts of `html`, which starts at `base` in its file.
pub fn scripts(html: &str, base: usize) -> Vec<Snippet> {
    let lower = html.to_ascii_lowercase();
    let mut snippets = Vec::new();
    let mut at = 0;
    while let Some(found) = lower[at..].find("<script") {
        let open = at + found;
        let Some(tag_end) = lower[open..].find('>').map(|i| open + i + 1) else {
            break;
        };
        let tag = &lower[open..tag_end];
        let close = lower[tag_end..]
            .find("</script")
            .map_or(html.len(), |i| tag_end + i);
        at = close.max(tag_end);
        if !is_javascript(tag) {
            continue;
        }
        let mut snippet = Snippet::new(Dialect::JavaScript);
        snippet.in_browser = true;
        snippet.push(&html[tag_end..close], base + tag_end);
        snippets.push(snippet);
    }
    snippets
}

/// An inline classic or module script: no `src`, and no `type` naming data or a template.
fn is_javascript(tag: &str) -> bool {
    let attribute = |name: &str| {
        let at = tag.find(&format!(" {name}="))? + name.len() + 2;
        let value = tag[at..].trim_start_matches(['"', '\'']);
        Some(
            value
                .split(['"', '\'', ' ', '>'])
                .next()
                .unwrap_or("")
                .to_owned(),
        )
    };
    if attribute("src").is_some() {
        return false;
    }
    match attribute("type") {
        None => true,
        Some(kind) => matches!(
            kind.as_str(),
            "" | "module" | "text/javascript" | "application/javascript"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_only() {
        let html = "<p>x</p>\n<SCRIPT type=\"module\">fetch(a)</SCRIPT>\n<script src=x.js></script>\n<script type=\"application/json\">{}</script><script>b()</script>";
        let scripts = scripts(html, 100);
        assert_eq!(scripts.len(), 2);
        assert_eq!(scripts[0].code, "fetch(a)");
        assert_eq!(scripts[0].file_offset(0), 100 + html.find("fetch").unwrap());
        assert_eq!(scripts[1].code, "b()");
        assert!(scripts[1].in_browser);
    }
}
