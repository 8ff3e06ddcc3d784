//! `--format github`: workflow commands that GitHub Actions turns into annotations on the pull
//! request's diff.

use super::FileReport;

/// One file's findings, a command each.
pub fn file(report: &FileReport) -> String {
    let mut out = String::new();
    for f in &report.findings {
        out.push_str(&format!(
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            f.severity.name(),
            property(&report.path),
            f.start.line,
            f.start.column,
            f.end.line,
            f.end.column,
            property(&format!("open1-snip {}", f.rule)),
            data(&f.message),
        ));
    }
    out
}

/// A command's message: `%`, CR and LF are escaped.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value: also `:` and `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(super::data("50%\nnext"), "50%25%0Anext");
        assert_eq!(super::property("a:b,c"), "a%3Ab%2Cc");
    }
}
