//! The product is text, so its text is snapshotted: every fixture description × every lang as
//! `--format text` (the script style) and its curl in the page style, and × every multi-lang
//! format in its default style, as the CLI prints it; and the docs page's request in every
//! format × both styles. Snapshots live in the
//! top-level `snapshots/`; CI never writes them (`INSTA_UPDATE=no`).
//!
//! Snapshots only show that output did not change; `real_clients.rs` shows it is right.

mod support;

use clap::ValueEnum;
use open1_snip::generate::{Format, Lang, Style};

#[test]
fn every_lang_and_format() {
    support::snapshot_settings().bind(|| {
        insta::glob!("fixtures/requests/*.json", |path| {
            let path = path.to_str().unwrap();
            for lang in Lang::ALL {
                let output = support::open1_snip(
                    &["gen", path, "--lang", lang.id(), "--format", "text"],
                    None,
                );
                insta::assert_snapshot!(lang.id(), support::shown(&output));
            }
            let output =
                support::open1_snip(&["gen", path, "--lang", "curl", "--style", "page"], None);
            insta::assert_snapshot!("curl-page", support::shown(&output));
            for format in Format::PAGE.iter().chain([&Format::Json]) {
                let output = support::open1_snip(&["gen", path, "--format", format.id()], None);
                insta::assert_snapshot!(format.id(), support::shown(&output));
            }
        });
    });
}

#[test]
fn every_format_in_both_styles() {
    support::snapshot_settings().bind(|| {
        for format in Format::value_variants() {
            for style in Style::value_variants() {
                let langs = if *format == Format::Text {
                    "curl"
                } else {
                    "curl,python,node"
                };
                let output = support::open1_snip(
                    &[
                        "gen",
                        "--lang",
                        langs,
                        "--format",
                        format.id(),
                        "--style",
                        style.id(),
                    ],
                    None,
                );
                insta::assert_snapshot!(
                    format!("format_{}_{}", format.id(), style.id()),
                    support::shown(&output)
                );
            }
        }
    });
}

#[test]
fn placeholder_key() {
    support::snapshot_settings().bind(|| {
        let output = support::open1_snip(
            &[
                "gen",
                "--key",
                "placeholder",
                "--lang",
                "curl,python,node,python-openai,node-openai",
            ],
            None,
        );
        insta::assert_snapshot!("placeholder_key", support::shown(&output));
    });
}
