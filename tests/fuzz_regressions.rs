//! Every input the fuzzer crashed on (`fuzz/run.sh` copies them to `tests/fixtures/fuzz/<target>/`)
//! run through the fuzz target's own checks (`fuzz/checks.rs`), so a fixed crash stays fixed —
//! and the fixtures the fuzzer is seeded with, so the checks themselves hold on known input.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::panic;
use std::path::Path;

/// The fixtures whose extension `seed` maps to an input (the seeds `fuzz/run.sh` starts from),
/// then the target's crash inputs; each run through `check`.
fn replay(target: &str, seed: fn(&str, Vec<u8>) -> Option<Vec<u8>>, check: fn(&[u8])) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut inputs = Vec::new();
    for entry in ignore::WalkBuilder::new(&fixtures)
        .standard_filters(false)
        .build()
    {
        let path = entry.unwrap().into_path();
        if !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let crash = path.starts_with(fixtures.join("fuzz").join(target));
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let input = match crash {
            true => Some(bytes),
            false if path.starts_with(fixtures.join("fuzz")) => None,
            false => seed(extension, bytes),
        };
        if let Some(input) = input {
            inputs.push((path.display().to_string(), input));
        }
    }
    assert!(
        inputs.len() >= 2,
        "{target}: no inputs found under {}",
        fixtures.display()
    );
    let failed: Vec<&String> = inputs
        .iter()
        .filter(|(_, data)| panic::catch_unwind(|| check(data)).is_err())
        .map(|(path, _)| path)
        .collect();
    assert!(
        failed.is_empty(),
        "{target}: these inputs fail: {failed:#?}"
    );
}

#[test]
fn markdown_crashes_stay_fixed() {
    replay(
        "markdown",
        |extension, bytes| {
            // The first byte picks the file kind, as in the fuzz target.
            let kind = ["md", "html", "sh", "py", "mjs"]
                .iter()
                .position(|k| *k == extension)?;
            Some([vec![kind as u8], bytes].concat())
        },
        checks::markdown,
    );
}

#[test]
fn curl_crashes_stay_fixed() {
    replay(
        "curl",
        |e, bytes| (e == "sh").then_some(bytes),
        checks::curl,
    );
}

#[test]
fn description_crashes_stay_fixed() {
    replay(
        "description",
        |e, bytes| (e == "json").then_some(bytes),
        checks::description,
    );
}
