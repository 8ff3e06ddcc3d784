//! `--format json`: an array with one object per finding.

use serde_json::json;

use super::FileReport;

pub fn render(reports: &[FileReport]) -> String {
    let findings: Vec<serde_json::Value> = reports
        .iter()
        .flat_map(|report| {
            report.findings.iter().map(|f| {
                json!({
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
                })
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&findings).expect("findings serialize");
    text.push('\n');
    text
}
