//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning reads it.

use serde_json::json;

use super::FileReport;
use crate::lint::{Applicability, RULES, Severity};

pub fn render(reports: &[FileReport]) -> String {
    let rules: Vec<serde_json::Value> = RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "name": rule.id,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.summary},
                "help": {"text": rule.explain, "markdown": rule.explain},
                "defaultConfiguration": {"level": level(rule.severity)},
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = reports
        .iter()
        .flat_map(|report| {
            report.findings.iter().map(|f| {
                let mut result = json!({
                    "ruleId": f.rule,
                    "ruleIndex": RULES.iter().position(|r| r.id == f.rule),
                    "level": level(f.severity),
                    "message": {"text": f.message},
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri(&report.path)},
                            "region": {
                                "startLine": f.start.line,
                                "startColumn": f.start.column,
                                "endLine": f.end.line,
                                "endColumn": f.end.column,
                            }
                        }
                    }],
                });
                if let Some(fix) = &f.fix {
                    result["properties"] = json!({"suggestion": fix});
                }
                // A fix that would write a key (masked, it would write the mask) is left to
                // `lint --fix`; its suggestion stays.
                let writes_a_key = |edit: &crate::lint::FileEdit| {
                    !crate::secret::find_secrets(&edit.text).is_empty()
                };
                if let Some(autofix) = f
                    .autofix
                    .as_ref()
                    .filter(|fix| !fix.edits.iter().any(writes_a_key))
                {
                    // What `--fix` (or `--fix --unsafe-fixes`) would write, for editors that
                    // apply SARIF fixes.
                    let replacements: Vec<serde_json::Value> = autofix
                        .edits
                        .iter()
                        .map(|edit| {
                            json!({
                                "deletedRegion": {
                                    "startLine": edit.start.line,
                                    "startColumn": edit.start.column,
                                    "endLine": edit.end.line,
                                    "endColumn": edit.end.column,
                                },
                                "insertedContent": {"text": edit.text},
                            })
                        })
                        .collect();
                    let applicability = match autofix.applicability {
                        Applicability::Safe => "safe (lint --fix)",
                        Applicability::Unsafe => "unsafe (lint --fix --unsafe-fixes)",
                    };
                    result["fixes"] = json!([{
                        "description": {"text": format!(
                            "{}; {applicability}",
                            f.fix.as_deref().unwrap_or("fix")
                        )},
                        "artifactChanges": [{
                            "artifactLocation": {"uri": uri(&report.path)},
                            "replacements": replacements,
                        }],
                    }]);
                }
                result
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "open1-snip",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://www.open1.codes",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).expect("SARIF serializes");
    text.push('\n');
    text
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A relative URI reference: forward slashes, no leading `./`, reserved characters escaped.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::new();
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}
