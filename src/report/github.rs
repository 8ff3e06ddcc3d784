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
    use crate::lint::{Located, Severity};
    use crate::report::FileReport;
    use crate::source::Position;

    #[test]
    fn escapes() {
        assert_eq!(super::data("50%\nnext"), "50%25%0Anext");
        assert_eq!(super::property("a:b,c"), "a%3Ab%2Cc");
    }

    /// A workflow command as the runner reads it: name, properties, data.
    type Command = (String, Vec<(String, String)>, String);

    /// The runner's reading of one output line (actions/runner `ActionCommand.TryParseV2`): a
    /// command when it starts with `::`, properties up to the next `::`, split at `,` and the
    /// first `=`, then unescaped.
    fn parse(line: &str) -> Option<Command> {
        let rest = line.trim_start().strip_prefix("::")?;
        let (info, data) = rest.split_once("::")?;
        let (command, properties) = info.split_once(' ').unwrap_or((info, ""));
        let unescape_data = |s: &str| {
            s.replace("%0D", "\r")
                .replace("%0A", "\n")
                .replace("%25", "%")
        };
        let unescape_property = |s: &str| unescape_data(&s.replace("%3A", ":").replace("%2C", ","));
        let properties = properties
            .split(',')
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_owned(), unescape_property(v)))
            .collect();
        Some((command.to_owned(), properties, unescape_data(data)))
    }

    #[test]
    fn workflow_commands_in_names_and_messages_stay_text() {
        let hostile =
            "a\n::error file=x::pwned\r::add-mask::secret,line=9:%0A%25\r\n::stop-commands::t";
        let at = Position { line: 3, column: 5 };
        let report = FileReport {
            path: format!("docs/{hostile}.md"),
            shown: String::new(),
            findings: vec![Located {
                rule: "wrong-endpoint",
                severity: Severity::Error,
                message: format!("bad {hostile}"),
                fix: None,
                autofix: None,
                range: 0..1,
                start: at,
                end: at,
            }],
        };
        let out = super::file(&report);
        // One line: the runner reads lines ending at CR or LF.
        let lines: Vec<&str> = out.split(['\r', '\n']).filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 1, "{out:?}");
        let (command, properties, data) = parse(lines[0]).unwrap();
        assert_eq!(command, "error");
        let names: Vec<&str> = properties.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            ["file", "line", "col", "endLine", "endColumn", "title"],
            "{out:?}"
        );
        // The runner gets back exactly the name and the message.
        assert_eq!(properties[0].1, report.path);
        assert_eq!(properties[1].1, "3");
        assert_eq!(data, report.findings[0].message);
    }
}
