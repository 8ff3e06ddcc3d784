//! The product is text, so its text is snapshotted: every fixture description × every lang as
//! `--format text`, and × every multi-lang format, as the CLI prints it. Snapshots live in the
//! top-level `snapshots/`; CI never writes them (`INSTA_UPDATE=no`).
//!
//! Snapshots only show that output did not change; `real_clients.rs` shows it is right.

mod support;

use open1_snip::generate::Lang;

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
            for format in ["markdown", "vitepress", "json"] {
                let output = support::open1_snip(&["gen", path, "--format", format], None);
                insta::assert_snapshot!(format, support::shown(&output));
            }
        });
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
