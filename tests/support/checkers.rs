//! The formatters and parsers docs writers run, pointed at explicit files, each reporting how many
//! files it really checked. Prettier and black skip files their repo's `.gitignore` names (this
//! repo ignores `/target`, where the tests used to write): so the files to check go in the
//! system temp dir ([`outside_git`]), and every check counts what the tool read, so a check that
//! read nothing fails instead of passing.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run of a checker found.
#[derive(Debug)]
pub struct Report {
    /// Files the tool said it checked.
    pub checked: usize,
    /// Files it would change (or reject), with its explanation.
    pub failed: Vec<(PathBuf, String)>,
}

impl Report {
    /// Fails the test unless the tool checked exactly `files` and found nothing to change.
    pub fn assert_clean(&self, what: &str, files: &[PathBuf]) {
        let problems: Vec<String> = self
            .failed
            .iter()
            .map(|(file, why)| format!("--- {}\n{why}", file.display()))
            .collect();
        assert!(
            problems.is_empty(),
            "{what} would change generated code ({} of {} files):\n{}",
            problems.len(),
            files.len(),
            problems.join("\n")
        );
        assert_eq!(
            self.checked,
            files.len(),
            "{what} checked {} files, not the {} written",
            self.checked,
            files.len()
        );
        assert!(self.checked > 0, "{what} checked nothing");
    }
}

/// A temporary directory in the system temp dir, checked to be outside any git work tree (where
/// a `.gitignore` could hide its files from the tools).
pub fn outside_git() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("open1-snip-format-")
        .tempdir()
        .expect("create a temporary directory");
    let inside = Command::new("git")
        .args(["rev-parse", "--is-inside-work-tree"])
        .current_dir(dir.path())
        .output()
        .expect("run git");
    assert!(
        !inside.status.success(),
        "{} is inside a git work tree: its .gitignore could hide files from the formatters; set TMPDIR elsewhere",
        dir.path().display()
    );
    dir
}

/// Prettier (the pinned one, through its API, with its default options as `--no-config` gives),
/// on each file: the API reads no ignore file, and the script prints one line per file checked.
pub fn prettier(files: &[PathBuf]) -> Report {
    const SCRIPT: &str = r#"
        import { readFile } from "node:fs/promises";
        import { pathToFileURL } from "node:url";
        const [prettierPath, ...files] = process.argv.slice(2);
        const prettier = await import(pathToFileURL(prettierPath));
        for (const file of files) {
          const text = await readFile(file, "utf8");
          const formatted = await prettier.format(text, { filepath: file });
          console.log(JSON.stringify({ file, formatted: formatted === text ? null : formatted }));
        }
    "#;
    let module = super::clients_dir().join("node/node_modules/prettier/index.mjs");
    assert!(module.is_file(), "{} is missing", module.display());
    // The script goes in a file of its own: `node -e` would take the first file for the script.
    let dir = outside_git();
    let script = dir.path().join("check.mjs");
    std::fs::write(&script, SCRIPT).unwrap();
    let output = Command::new("node")
        .arg(&script)
        .arg(&module)
        .args(files)
        .output()
        .expect("run node");
    assert!(
        output.status.success(),
        "prettier failed:\n{}",
        super::text(&output.stderr)
    );
    let mut report = Report {
        checked: 0,
        failed: Vec::new(),
    };
    for line in super::text(&output.stdout).lines() {
        let line: serde_json::Value = serde_json::from_str(line).expect("the script's JSON line");
        report.checked += 1;
        if let Some(formatted) = line["formatted"].as_str() {
            let file = PathBuf::from(line["file"].as_str().unwrap());
            let before = std::fs::read_to_string(&file).unwrap();
            report.failed.push((file, diff(&before, formatted)));
        }
    }
    report
}

/// black, with `--verbose`, which names each file it checked ("… already well formatted" or
/// "would reformat …").
pub fn black(files: &[PathBuf]) -> Report {
    let output = Command::new(super::python())
        .args(["-m", "black", "--check", "--verbose", "--diff", "--"])
        .args(files)
        .output()
        .expect("run black");
    let stderr = super::text(&output.stderr);
    let stdout = super::text(&output.stdout);
    let mut report = Report {
        checked: 0,
        failed: Vec::new(),
    };
    for file in files {
        let name = file.display().to_string();
        if stderr
            .lines()
            .any(|l| l == format!("{name} already well formatted, good job."))
        {
            report.checked += 1;
        } else if stderr
            .lines()
            .any(|l| l == format!("would reformat {name}"))
        {
            report.checked += 1;
            report.failed.push((file.clone(), stdout.clone()));
        }
    }
    assert_eq!(
        output.status.success(),
        report.failed.is_empty(),
        "black's exit status disagrees with its report:\n{stderr}"
    );
    report
}

/// `bash -n` on each file alone: exit 0 means it parsed.
pub fn bash_syntax(files: &[PathBuf]) -> Report {
    let mut report = Report {
        checked: 0,
        failed: Vec::new(),
    };
    for file in files {
        let output = Command::new("bash")
            .arg("-n")
            .arg(file)
            .output()
            .expect("run bash");
        report.checked += 1;
        if !output.status.success() {
            report
                .failed
                .push((file.clone(), super::text(&output.stderr)));
        }
    }
    report
}

/// The files of `dir`, sorted.
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
}

/// A unified diff of what the tool would change, for a failure message.
fn diff(before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(1)
        .to_string()
}
