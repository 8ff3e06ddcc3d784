//! The checks the fuzz targets run, shared with `tests/fuzz_regressions.rs`, which runs them
//! on every input the fuzzer ever crashed on (`tests/fixtures/fuzz/<target>/`).
// Each fuzz target uses one of these; the regression test uses them all.
#![allow(dead_code)]

use open1_snip::convert;
use open1_snip::extract::{Dialect, FileKind};
use open1_snip::generate::{Generator, Lang, Style};
use open1_snip::lint::{self, config::Config};
use open1_snip::models::ModelTable;
use open1_snip::parse::shell;
use open1_snip::request::{Description, KeyStyle, Request};
use open1_snip::source::SourceFile;

const KINDS: [(&str, FileKind); 5] = [
    ("docs.md", FileKind::Markdown),
    ("page.html", FileKind::Html),
    ("call.sh", FileKind::Code(Dialect::Shell)),
    ("call.py", FileKind::Code(Dialect::Python)),
    ("call.mjs", FileKind::Code(Dialect::JavaScript)),
];

/// Markdown (and the other file kinds) through extraction, the snippet parsers, every lint rule
/// and `--fix --unsafe-fixes`: nothing panics, and a fixed file fixes to itself.
pub fn markdown(data: &[u8]) {
    // The first byte picks the file kind; the rest is the file.
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (path, kind) = KINDS[usize::from(pick) % KINDS.len()];
    let config = Config::default();
    let models = ModelTable::builtin();
    let file = SourceFile::new(path, text.to_owned());
    let findings = lint::check_file(&file, kind, &config, &models);
    let fixed = lint::fix::fix_file(&file, kind, findings, &config, &models, true);
    if fixed.fixed == 0 {
        return;
    }
    let again = SourceFile::new(path, fixed.text.clone());
    let findings = lint::check_file(&again, kind, &config, &models);
    let twice = lint::fix::fix_file(&again, kind, findings, &config, &models, true);
    assert_eq!(
        twice.text, fixed.text,
        "a second --fix changed the fixed file"
    );
}

/// Shell text through the curl parser (lint's view) and `convert` (every option kept): nothing
/// panics, and a converted command's description renders in every language.
pub fn curl(data: &[u8]) {
    let Ok(code) = std::str::from_utf8(data) else {
        return;
    };
    let _ = shell::parse(code);
    let mut load = |name: &str| -> std::io::Result<Vec<u8>> {
        // `-d @file` reads a fixed small body, so file options are exercised too.
        match name {
            "body.json" => Ok(br#"{"model":"gpt-5","input":"hi"}"#.to_vec()),
            _ => Err(std::io::Error::from(std::io::ErrorKind::NotFound)),
        }
    };
    if let Ok(conversion) = convert::convert(code, &mut load) {
        let json = serde_json::to_string_pretty(&conversion.description).expect("serializes");
        // What `convert --to request` prints, `gen` reads back.
        let description = Description::parse(&json, "converted.json").expect("gen reads it");
        if let Ok(request) = Request::new(description, KeyStyle::Env) {
            render_all(&request);
        }
    }
}

/// A request description (JSON) through parsing, the request's checks and every template: nothing
/// panics, and whatever is accepted renders in every language.
pub fn description(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for style in [KeyStyle::Env, KeyStyle::Placeholder] {
        let Ok(description) = Description::parse(text, "fuzz.json") else {
            return;
        };
        let Ok(request) = Request::new(description, style) else {
            return;
        };
        render_all(&request);
    }
}

/// Every language's snippet in both styles: whatever request was accepted renders, or is
/// refused as unrepresentable in that language.
fn render_all(request: &Request) {
    let generator = Generator::new(None).expect("the built-in templates load");
    for lang in Lang::ALL {
        for style in [Style::Page, Style::Script] {
            match generator.render(lang, style, request) {
                // A documented refusal (integers beyond 2^53 for the openai npm package).
                Ok(_) | Err(open1_snip::Error::Unrepresentable { .. }) => {}
                Err(e) => panic!("an accepted request does not render as {}: {e}", lang.id()),
            }
        }
    }
}
