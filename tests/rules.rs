//! Every rule against its fixtures in `tests/fixtures/rules/` and `tests/fixtures/clients/` (one
//! per client library, config surface or place a key stands): the findings of the real binary
//! must be exactly the ones marked. In Markdown a comment before a block marks them,
//! `<!-- expect: rule@N … -->` for line N of the block; in other files `expect: rule` in a
//! comment on the line itself. Every block and line without a mark must produce nothing.

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use open1_snip::lint::RULES;

type Expected = BTreeSet<(usize, String)>;

fn expectations(text: &str, markdown: bool) -> Expected {
    let lines: Vec<&str> = text.lines().collect();
    let mut expected = Expected::new();
    for (index, line) in lines.iter().enumerate() {
        let Some(at) = line.find("expect: ") else {
            continue;
        };
        let marks = line[at + "expect: ".len()..]
            .trim_end()
            .trim_end_matches("-->")
            .trim();
        if !markdown {
            expected.extend(
                marks
                    .split([' ', ','])
                    .filter(|m| !m.is_empty())
                    .map(|rule| (index + 1, rule.to_owned())),
            );
            continue;
        }
        let fence = lines[index..]
            .iter()
            .position(|l| {
                let l = l.trim_start().trim_start_matches('>').trim_start();
                l.starts_with("```") || l.starts_with("~~~")
            })
            .map(|offset| index + offset + 1)
            .expect("a mark precedes a fenced block");
        for mark in marks.split_whitespace() {
            let (rule, n) = mark.split_once('@').expect("rule@line");
            expected.insert((fence + n.parse::<usize>().unwrap(), rule.to_owned()));
        }
    }
    expected
}

#[test]
fn findings_are_exactly_the_marked_ones() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut paths: Vec<_> = ["rules", "clients"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap())
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    let mut covered = BTreeSet::new();
    let mut failures = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = expectations(&text, path.extension().is_some_and(|e| e == "md"));
        let output =
            support::open1_snip(&["lint", "--format", "json", path.to_str().unwrap()], None);
        let findings: serde_json::Value =
            serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
                panic!("{}: {e}: {}", path.display(), support::text(&output.stderr))
            });
        let found: Expected = findings
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["line"].as_u64().unwrap() as usize,
                    f["rule"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        covered.extend(expected.iter().map(|(_, rule)| rule.clone()));
        if found != expected {
            let missing: Vec<_> = expected.difference(&found).collect();
            let extra: Vec<_> = found.difference(&expected).collect();
            failures.push(format!(
                "{}:\n  missing {missing:?}\n  unexpected {extra:?}\n{}",
                path.display(),
                support::text(&output.stdout)
            ));
        }
        let errors = findings
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["severity"] == "error");
        assert_eq!(
            output.status.code(),
            Some(i32::from(errors)),
            "{}",
            path.display()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for rule in RULES {
        assert!(
            covered.contains(rule.id),
            "no fixture marks a {} finding",
            rule.id
        );
    }
}
