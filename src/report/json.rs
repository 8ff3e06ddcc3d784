//! `--format json`: an array with one object per finding.

use serde_json::json;

use super::FileReport;

/// The array, from each file's part (`file`), in path order.
pub fn render(parts: Vec<String>) -> String {
    let items: Vec<String> = parts.into_iter().filter(|part| !part.is_empty()).collect();
    if items.is_empty() {
        return "[]\n".to_owned();
    }
    format!("[\n{}\n]\n", items.join(",\n"))
}

/// One file's findings as array items, indented as `serde_json`'s pretty printer indents an
/// array's items, joined by `,\n`; empty when the file has none.
pub fn file(report: &FileReport) -> String {
    let items: Vec<String> = report
        .findings
        .iter()
        .map(|f| {
            let finding = json!({
                "path": report.path,
                "line": f.start.line,
                "column": f.start.column,
                "end_line": f.end.line,
                "end_column": f.end.column,
                "rule": f.rule,
                "severity": f.severity.name(),
                "message": f.message,
                "fix": f.fix,
                "fixable": f.autofix.as_ref().map(|a| a.applicability),
            });
            // A string holds no raw line break (JSON escapes it), so every line break is the
            // printer's and indenting after each is exact.
            let text = serde_json::to_string_pretty(&finding).expect("findings serialize");
            format!("  {}", text.replace('\n', "\n  "))
        })
        .collect();
    items.join(",\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{Located, Severity};
    use crate::source::Position;

    /// The parts joined are what `serde_json` prints for the whole array: messages with quotes,
    /// line breaks and non-ASCII text, files with none, several and one finding.
    #[test]
    fn parts_join_into_the_pretty_array() {
        let finding = |line, message: &str, fix: Option<&str>| Located {
            rule: "wrong-endpoint",
            severity: Severity::Error,
            message: message.to_owned(),
            fix: fix.map(str::to_owned),
            autofix: None,
            range: 0..1,
            start: Position { line, column: 2 },
            end: Position { line, column: 9 },
        };
        let report = |path: &str, findings| FileReport {
            path: path.to_owned(),
            shown: String::new(),
            findings,
        };
        let reports = [
            report("a.md", vec![]),
            report(
                "b \"quoted\".md",
                vec![
                    finding(1, "line\nbreak \u{3000} 中文", Some("https://x")),
                    finding(3, "plain", None),
                ],
            ),
            report("c.md", vec![finding(7, "\\ and \t", None)]),
        ];
        let whole: Vec<serde_json::Value> = reports
            .iter()
            .flat_map(|r| {
                r.findings.iter().map(|f| {
                    json!({
                        "path": r.path, "line": f.start.line, "column": f.start.column,
                        "end_line": f.end.line, "end_column": f.end.column, "rule": f.rule,
                        "severity": f.severity.name(), "message": f.message, "fix": f.fix,
                        "fixable": null,
                    })
                })
            })
            .collect();
        let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
        assert_eq!(render(reports.iter().map(file).collect()), expected);
        assert_eq!(render(vec![file(&reports[0])]), "[]\n");
    }
}
