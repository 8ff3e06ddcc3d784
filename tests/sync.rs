//! `open1-snip sync` as docs writers and CI run it: the real binary over a copy of
//! `tests/fixtures/sync/` — stale blocks regenerated to exactly what `gen` prints, fresh files
//! left alone (bytes and modification time), a second sync changing nothing, `--check` for CI,
//! markers in lists and block quotes, MDX pages with `{/* … */}` markers (Docusaurus, Mintlify,
//! Starlight), markers in MkDocs tabs and admonitions, CRLF and BOM, and every error naming its
//! file and line while no file is touched.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, SystemTime};

use support::tempdir::Scratch;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sync");

/// A scratch folder holding a copy of the sync fixtures, as a project of its own: an
/// `open1-snip.toml` marks its root (what `request=` paths must stay inside), and it lies in the
/// system temp dir, outside any git work tree, wherever the target dir is.
fn fixtures() -> Scratch {
    let dir = Scratch::new(&std::env::temp_dir().join("open1-snip-sync-tests"));
    copy_dir(Path::new(FIXTURES), &dir.0);
    std::fs::write(dir.0.join("open1-snip.toml"), "").unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn sync(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["sync"];
    all.extend_from_slice(args);
    support::open1_snip_in(dir, &all, None)
}

/// Every file below `dir` with its bytes and modification time.
fn state(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut files = BTreeMap::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(folder) = todo.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
                files.insert(path.clone(), (std::fs::read(&path).unwrap(), modified));
            }
        }
    }
    files
}

/// Dates every file below `dir` back, so that a write would show in its modification time.
fn age(dir: &Path) {
    let past = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    for path in state(dir).keys() {
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(past).unwrap();
    }
}

fn read(dir: &Path, path: &str) -> String {
    String::from_utf8(std::fs::read(dir.join(path)).unwrap()).unwrap()
}

/// The text between the first start marker's line and the next end marker's line (HTML
/// comments, or MDX comments in a page that has them).
fn first_block(text: &str) -> &str {
    let (open, close, end) = if text.contains("{/* open1-snip gen") {
        ("{/* open1-snip gen", "*/}\n", "{/* open1-snip end */}")
    } else {
        ("<!-- open1-snip gen", "-->\n", "<!-- open1-snip end -->")
    };
    let start = text.find(open).unwrap();
    let start = start + text[start..].find(close).unwrap() + close.len();
    let stop = start + text[start..].find(end).unwrap();
    &text[start..stop]
}

fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "{}",
        support::shown(output)
    );
    let stderr = support::text(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn stale_blocks_are_regenerated_and_a_second_sync_changes_nothing() {
    let dir = fixtures();
    let untouched = read(&dir.0, "docs/no-markers.md");
    let output = sync(&dir.0, &["docs"]);
    assert_exit(&output, 0);
    assert_eq!(support::text(&output.stdout), "");
    assert_eq!(
        support::text(&output.stderr),
        "Synced 3 of 3 blocks, in 2 files.\n"
    );
    let quickstart = read(&dir.0, "docs/quickstart.md");
    let containers = read(&dir.0, "docs/guide/containers.md");
    support::snapshot_settings().bind(|| {
        insta::assert_snapshot!("sync_quickstart", quickstart);
        insta::assert_snapshot!("sync_containers", containers);
    });
    assert_eq!(read(&dir.0, "docs/no-markers.md"), untouched);
    // The block is exactly what `gen` prints with the marker's options.
    let generated = support::open1_snip_in(
        &dir.0,
        &[
            "gen",
            "docs/examples/hello.json",
            "--lang",
            "curl,python,node",
            "--format",
            "vitepress",
        ],
        None,
    );
    assert_eq!(first_block(&quickstart), support::text(&generated.stdout));
    // The marker syntax shown in code is left as it was.
    assert!(quickstart.contains(
        "```markdown\n<!-- open1-snip gen request=nowhere.json -->\n<!-- open1-snip end -->\n```\n"
    ));

    age(&dir.0);
    let before = state(&dir.0);
    let again = sync(&dir.0, &["docs"]);
    assert_exit(&again, 0);
    assert_eq!(
        support::text(&again.stderr),
        "Up to date: 3 blocks in 2 files.\n"
    );
    assert_eq!(state(&dir.0), before, "a second sync wrote something");
    let check = sync(&dir.0, &["--check", "docs"]);
    assert_exit(&check, 0);
    assert_eq!(support::text(&check.stdout), "");
    assert_eq!(state(&dir.0), before);
}

#[test]
fn check_prints_a_diff_of_stale_files_and_writes_nothing() {
    let dir = fixtures();
    age(&dir.0);
    let before = state(&dir.0);
    let output = sync(&dir.0, &["--check", "docs"]);
    assert_exit(&output, 1);
    assert_eq!(
        support::text(&output.stderr),
        "Stale: 3 of 3 blocks, in 2 files; run `open1-snip sync` to regenerate them.\n"
    );
    support::snapshot_settings().bind(|| {
        insta::assert_snapshot!("sync_check_diff", support::text(&output.stdout));
    });
    assert_eq!(state(&dir.0), before, "--check wrote something");
}

#[test]
fn only_stale_files_are_written() {
    let dir = fixtures();
    assert_exit(&sync(&dir.0, &["docs/quickstart.md"]), 0);
    age(&dir.0);
    let before = state(&dir.0);
    let output = sync(&dir.0, &["docs"]);
    assert_exit(&output, 0);
    assert_eq!(
        support::text(&output.stderr),
        "Synced 2 of 3 blocks, in 1 file.\n"
    );
    let after = state(&dir.0);
    let changed: Vec<&Path> = after
        .iter()
        .filter(|(path, file)| before[*path] != **file)
        .map(|(path, _)| path.strip_prefix(&dir.0).unwrap())
        .collect();
    assert_eq!(changed, [Path::new("docs/guide/containers.md")]);
}

#[test]
fn request_is_relative_to_the_markdown_file_from_any_working_directory() {
    let dir = fixtures();
    let expected = {
        let reference = fixtures();
        assert_exit(&sync(&reference.0, &["docs"]), 0);
        (
            read(&reference.0, "docs/quickstart.md"),
            read(&reference.0, "docs/guide/containers.md"),
        )
    };
    // From below the file's folder, and from above the scratch folder.
    let output = sync(&dir.0.join("docs/guide"), &["../quickstart.md", "."]);
    assert_exit(&output, 0);
    assert_eq!(read(&dir.0, "docs/quickstart.md"), expected.0);
    assert_eq!(read(&dir.0, "docs/guide/containers.md"), expected.1);

    let dir = fixtures();
    let name = dir.0.file_name().unwrap().to_str().unwrap();
    let output = sync(dir.0.parent().unwrap(), &[&format!("{name}/docs")]);
    assert_exit(&output, 0);
    assert_eq!(read(&dir.0, "docs/quickstart.md"), expected.0);
}

#[test]
fn crlf_stays_crlf_and_a_bom_is_kept() {
    let lf = "# T\n\n- item\n\n  <!-- open1-snip gen lang=curl,python prompt=hi -->\n  <!-- open1-snip end -->\n\ntail\n";
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    let dir = Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")));
    std::fs::write(dir.0.join("lf.md"), lf).unwrap();
    std::fs::write(dir.0.join("crlf.md"), &crlf).unwrap();
    assert_exit(&sync(&dir.0, &[]), 0);
    let lf = read(&dir.0, "lf.md");
    let crlf = read(&dir.0, "crlf.md");
    assert!(lf.contains("  ```python\n  import os\n"), "{lf}");
    assert!(!lf.contains('\r'));
    let body = crlf.strip_prefix('\u{feff}').expect("the BOM is kept");
    assert_eq!(
        body.matches('\n').count(),
        body.matches("\r\n").count(),
        "a bare LF in a CRLF file"
    );
    assert_eq!(body.replace("\r\n", "\n"), lf);
}

#[test]
fn errors_name_the_file_and_line_and_no_file_is_touched() {
    support::snapshot_settings().bind(|| {
        insta::glob!("fixtures/sync/errors/*.{md,mdx}", |path| {
            let dir = fixtures();
            age(&dir.0);
            let before = state(&dir.0);
            let name = path.file_name().unwrap().to_str().unwrap();
            let errors = format!("errors/{name}");
            // The valid, stale docs are synced in the same run, and must not be written either.
            let output = sync(&dir.0, &["docs", &errors]);
            assert_exit(&output, 2);
            assert_eq!(support::text(&output.stdout), "");
            let stderr = support::text(&output.stderr);
            assert!(
                stderr.contains(&format!("error: {errors}:")),
                "names the file and line: {stderr}"
            );
            insta::assert_snapshot!(
                "sync_error",
                format!(
                    "$ open1-snip sync docs {errors}\n{}",
                    support::shown(&output)
                )
            );
            assert_eq!(state(&dir.0), before, "{name}: a file was written");

            let check = sync(&dir.0, &["--check", "docs", &errors]);
            assert_exit(&check, 2);
            assert_eq!(state(&dir.0), before, "{name}: --check wrote");
        });
    });
}

#[test]
fn a_missing_path_is_an_error_and_the_other_files_are_still_checked() {
    let dir = fixtures();
    age(&dir.0);
    let before = state(&dir.0);
    let output = sync(&dir.0, &["docs", "nope.md"]);
    assert_exit(&output, 2);
    assert_eq!(
        support::text(&output.stderr),
        "error: cannot read nope.md: No such file or directory (os error 2)\nNothing written: 1 error; fix it and run again.\n"
    );
    assert_eq!(state(&dir.0), before);
    let check = sync(&dir.0, &["--check", "nope.md", "docs"]);
    assert_exit(&check, 2);
    let diff = support::text(&check.stdout);
    assert!(diff.contains("+++ b/docs/quickstart.md"), "{diff}");
    assert!(diff.contains("+++ b/docs/guide/containers.md"), "{diff}");
}

#[test]
fn the_walk_reads_markdown_only_and_honours_gitignore() {
    let dir = fixtures();
    std::fs::remove_dir_all(dir.0.join("errors")).unwrap();
    std::fs::remove_dir_all(dir.0.join("sites")).unwrap();
    let stale = read(&dir.0, "docs/quickstart.md");
    for path in ["ignored/a.md", "node_modules/pkg/README.md", ".hidden/a.md"] {
        std::fs::create_dir_all(dir.0.join(path).parent().unwrap()).unwrap();
        std::fs::write(dir.0.join(path), "<!-- open1-snip end -->\n").unwrap();
    }
    std::fs::write(dir.0.join("notes.txt"), "<!-- open1-snip end -->\n").unwrap();
    std::fs::write(dir.0.join("docs/page.markdown"), &stale).unwrap();
    std::fs::write(dir.0.join(".gitignore"), "ignored/\n").unwrap();
    let output = sync(&dir.0, &[]);
    assert_exit(&output, 0);
    assert_eq!(
        support::text(&output.stderr),
        "Synced 4 of 4 blocks, in 3 files.\n"
    );
    assert_eq!(
        read(&dir.0, "docs/page.markdown"),
        read(&dir.0, "docs/quickstart.md")
    );
}

#[test]
fn standard_input_is_a_filter() {
    let dir = fixtures();
    let stale = std::fs::read(dir.0.join("docs/quickstart.md")).unwrap();
    assert_exit(&sync(&dir.0, &["docs/quickstart.md"]), 0);
    // `request=` is relative to the working directory for standard input.
    let output = support::open1_snip_in(&dir.0.join("docs"), &["sync", "-"], Some(&stale));
    assert_exit(&output, 0);
    assert_eq!(
        support::text(&output.stdout),
        read(&dir.0, "docs/quickstart.md")
    );
    let check =
        support::open1_snip_in(&dir.0.join("docs"), &["sync", "--check", "-"], Some(&stale));
    assert_exit(&check, 1);
    assert!(support::text(&check.stdout).starts_with("--- a/<stdin>\n+++ b/<stdin>\n"));
}

#[test]
fn warnings_name_the_marker() {
    let dir = Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")));
    std::fs::write(
        dir.0.join("a.md"),
        "# A\n\n<!-- open1-snip gen model=gpt-5.3-codex-spark lang=curl -->\n<!-- open1-snip end -->\n\n<!-- open1-snip gen model=my-model allow-unknown-model lang=curl -->\n<!-- open1-snip end -->\n",
    )
    .unwrap();
    let output = sync(&dir.0, &["a.md"]);
    assert_exit(&output, 0);
    assert_eq!(
        support::text(&output.stderr),
        "warning: a.md:3: model `gpt-5.3-codex-spark` is listed as unmatched on the docs page: the relay has no price for it and does not route it\n\
         warning: a.md:6: model `my-model` is not in the model table (see `open1-snip models`)\n\
         Synced 2 of 2 blocks, in 1 file.\n"
    );
    assert!(read(&dir.0, "a.md").contains("\"model\": \"my-model\""));
}

/// Every page format and both styles: each block is what `gen` prints with the marker's options,
/// except that an MDX format's import lines are left to the page, which holds them once however
/// many blocks it has. The MDX formats are synced in `.mdx` pages, with MDX-comment markers.
#[test]
fn every_page_format_and_style_is_gen_output_without_imports() {
    let dir = Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")));
    let cases = [
        ("markdown", "page", ""),
        ("vitepress", "script", ""),
        ("mkdocs", "page", ""),
        ("mkdocs", "script", ""),
        (
            "docusaurus",
            "page",
            "import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\n",
        ),
        ("mintlify", "script", ""),
        (
            "starlight",
            "page",
            "import { Tabs, TabItem } from '@astrojs/starlight/components';\n\n",
        ),
    ];
    for (format, style, imports) in cases {
        let mdx = matches!(format, "docusaurus" | "mintlify" | "starlight");
        let (name, page) = if mdx {
            (
                "a.mdx",
                format!(
                    "# A\n\n{{/* open1-snip gen lang=curl,python format={format} style={style} */}}\n{{/* open1-snip end */}}\n"
                ),
            )
        } else {
            (
                "a.md",
                format!(
                    "# A\n\n<!-- open1-snip gen lang=curl,python format={format} style={style} -->\n<!-- open1-snip end -->\n"
                ),
            )
        };
        std::fs::write(dir.0.join(name), &page).unwrap();
        let synced = sync(&dir.0, &[name]);
        assert_exit(&synced, 0);
        assert_eq!(
            support::text(&synced.stderr),
            "Synced 1 of 1 block, in 1 file.\n"
        );
        let generated = support::open1_snip_in(
            &dir.0,
            &[
                "gen",
                "--lang",
                "curl,python",
                "--format",
                format,
                "--style",
                style,
            ],
            None,
        );
        let generated = support::text(&generated.stdout);
        let without_imports = generated
            .strip_prefix(imports)
            .unwrap_or_else(|| panic!("{format}: gen starts with its imports:\n{generated}"));
        assert_eq!(
            first_block(&read(&dir.0, name)),
            without_imports,
            "{format} {style}"
        );
        let again = sync(&dir.0, &["--check", name]);
        assert_exit(&again, 0);
        assert_eq!(
            support::text(&again.stderr),
            "Up to date: 1 block in 1 file.\n"
        );
    }
}

#[test]
fn blocks_in_lists_and_quotes_stay_code_blocks_of_their_container() {
    // lint finds a Markdown page's code blocks with the same CommonMark parser a renderer uses:
    // each generated snippet must be one, at the model's line, inside the list item or quote.
    let dir = Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")));
    std::fs::write(
        dir.0.join("a.md"),
        "- step\n\n  <!-- open1-snip gen model=gpt-5.3-codex-spark -->\n  <!-- open1-snip end -->\n\n> > <!-- open1-snip gen model=gpt-5.3-codex-spark format=vitepress -->\n> > <!-- open1-snip end -->\n",
    )
    .unwrap();
    assert_exit(&sync(&dir.0, &["a.md"]), 0);
    let text = read(&dir.0, "a.md");
    let lines = unavailable_model_lines(&dir.0, "a.md");
    let model_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| line.contains("gpt-5.3-codex-spark") && !line.contains("<!--"))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(model_lines.len(), 6, "{text}");
    assert_eq!(lines, model_lines, "{text}");
}

/// `gen`'s output laid out as sync lays it out under a marker line indented `prefix`.
fn indented(generated: &str, prefix: &str) -> String {
    generated
        .lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_owned()
            } else {
                format!("{prefix}{line}\n")
            }
        })
        .collect()
}

fn gen_output(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["gen"];
    all.extend_from_slice(args);
    let output = support::open1_snip_in(dir, &all, None);
    assert_exit(&output, 0);
    support::text(&output.stdout)
}

/// The pages of `tests/fixtures/sync/sites/`: Docusaurus, Mintlify and Starlight `.mdx` pages
/// with `{/* … */}` markers (one inside an indented component), and an MkDocs page with markers
/// in content tabs and admonitions; each also as a CRLF copy.
#[test]
fn mdx_pages_and_mkdocs_containers_are_synced() {
    const PAGES: [&str; 4] = [
        "docusaurus.mdx",
        "mintlify.mdx",
        "starlight.mdx",
        "mkdocs.md",
    ];
    let dir = fixtures();
    let sites = dir.0.join("sites");
    for page in ["docusaurus.mdx", "mkdocs.md"] {
        let crlf = read(&sites, page).replace('\n', "\r\n");
        std::fs::write(sites.join(format!("crlf-{page}")), crlf).unwrap();
    }

    let check = sync(&dir.0, &["--check", "sites"]);
    assert_exit(&check, 1);
    let diff = support::text(&check.stdout);
    for page in PAGES {
        assert!(diff.contains(&format!("+++ b/sites/{page}\n")), "{diff}");
    }
    assert!(
        support::text(&check.stderr).ends_with(
            "Stale: 13 of 13 blocks, in 6 files; run `open1-snip sync` to regenerate them.\n"
        ),
        "{}",
        support::shown(&check)
    );

    let output = sync(&dir.0, &["sites"]);
    assert_exit(&output, 0);
    assert!(
        support::text(&output.stderr).ends_with("Synced 13 of 13 blocks, in 6 files.\n"),
        "{}",
        support::shown(&output)
    );
    support::snapshot_settings().bind(|| {
        for page in PAGES {
            insta::assert_snapshot!(format!("sync_site_{page}"), read(&sites, page));
        }
    });
    for page in ["docusaurus.mdx", "mkdocs.md"] {
        assert_eq!(
            read(&sites, &format!("crlf-{page}")),
            read(&sites, page).replace('\n', "\r\n"),
            "{page}: CRLF in, CRLF out, the same blocks"
        );
    }

    // Each block is gen's output, laid out at its marker's indentation.
    let docusaurus = read(&sites, "docusaurus.mdx");
    let hello = "../docs/examples/hello.json";
    assert_eq!(
        first_block(&docusaurus),
        gen_output(
            &sites,
            &[hello, "--lang", "curl,python", "--format", "docusaurus"]
        )
        .strip_prefix("import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\n")
        .unwrap()
    );
    let in_component = gen_output(
        &sites,
        &[
            "--lang",
            "curl,node",
            "--model",
            "gpt-5.3-codex-spark",
            "--format",
            "docusaurus",
        ],
    );
    let in_component = in_component.split_once("\n\n").unwrap().1;
    assert!(
        docusaurus.contains(&format!(
            "        model=gpt-5.3-codex-spark format=docusaurus */}}\n{}    {{/* open1-snip end */}}\n  </TabItem>\n",
            indented(in_component, "    ")
        )),
        "{docusaurus}"
    );
    let mkdocs = read(&sites, "mkdocs.md");
    let in_note = gen_output(
        &sites,
        &["--lang", "curl,python", "--model", "gpt-5.3-codex-spark"],
    );
    assert!(
        mkdocs.contains(&format!(
            "        <!-- open1-snip gen model=gpt-5.3-codex-spark lang=curl,python -->\n{}        <!-- open1-snip end -->\n",
            indented(&in_note, "        ")
        )),
        "{mkdocs}"
    );
    // Markers shown in code, and an indented marker outside the containers, are text.
    assert!(docusaurus.ends_with(
        "```mdx\n{/* open1-snip gen request=nowhere.json */}\n{/* open1-snip end */}\n```\n\nNor is it in inline code: `{/* open1-snip end */}`.\n"
    ));
    assert!(read(&sites, "starlight.mdx").ends_with("```md\n<!-- open1-snip gen -->\n```\n"));
    assert!(mkdocs.ends_with("indented code:\n\n    <!-- open1-snip gen -->\n"));

    // lint reads each generated snippet as a code block of its page, at the model's line: the
    // blocks in the component, the tab and the admonitions stay inside them.
    for page in ["docusaurus.mdx", "mintlify.mdx", "mkdocs.md"] {
        let text = read(&sites, page);
        let lines = unavailable_model_lines(&sites, page);
        let model_lines: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, line)| line.contains("\"gpt-5.3-codex-spark\""))
            .map(|(i, _)| i + 1)
            .collect();
        assert!(!model_lines.is_empty(), "{page}");
        assert_eq!(lines, model_lines, "{page}:\n{text}");
    }

    // A second sync changes nothing.
    age(&dir.0);
    let before = state(&dir.0);
    let again = sync(&dir.0, &["sites"]);
    assert_exit(&again, 0);
    assert!(
        support::text(&again.stderr).ends_with("Up to date: 13 blocks in 6 files.\n"),
        "{}",
        support::shown(&again)
    );
    assert_eq!(state(&dir.0), before, "a second sync wrote something");
    let check = sync(&dir.0, &["--check", "sites"]);
    assert_exit(&check, 0);
    assert_eq!(support::text(&check.stdout), "");
}

#[test]
fn standard_input_is_read_as_mdx_under_an_mdx_name() {
    let dir = fixtures();
    let sites = dir.0.join("sites");
    let stale = std::fs::read(sites.join("mintlify.mdx")).unwrap();
    assert_exit(&sync(&sites, &["mintlify.mdx"]), 0);
    let output = support::open1_snip_in(
        &sites,
        &["sync", "--stdin-filename", "page.mdx", "-"],
        Some(&stale),
    );
    assert_exit(&output, 0);
    assert_eq!(support::text(&output.stdout), read(&sites, "mintlify.mdx"));
    let check = support::open1_snip_in(
        &sites,
        &["sync", "--check", "--stdin-filename", "page.mdx", "-"],
        Some(&stale),
    );
    assert_exit(&check, 1);
    assert!(support::text(&check.stdout).starts_with("--- a/page.mdx\n+++ b/page.mdx\n"));
    // Without an .mdx name, standard input is Markdown, where an MDX comment is text.
    let markdown = support::open1_snip_in(&sites, &["sync", "-"], Some(&stale));
    assert_exit(&markdown, 0);
    assert_eq!(markdown.stdout, stale);
    assert_eq!(
        support::text(&markdown.stderr),
        "No `<!-- open1-snip gen -->` markers in 0 Markdown files.\n"
    );
}

// Attacks through a marker, as a pull request from a stranger would make them: each names
// something outside the project or that is not a small regular file, and each must end in exit
// 2, with the page untouched and nothing of the file in the output.

/// A known string in files outside the project: it must never be printed.
const SECRET: &str = "SECRET-7f3a9c-do-not-print";

/// A scratch folder holding `outside/` (a secret file, a secret request and a template folder
/// whose templates print the secret) and `project/` (an `open1-snip.toml`, and `.git/config`
/// holding the secret as a checkout's token would be), with `docs/page.md` holding `page`.
fn project(page: &str) -> Scratch {
    let dir = Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")));
    let outside = dir.0.join("outside");
    std::fs::create_dir_all(outside.join("templates")).unwrap();
    std::fs::write(outside.join("secret.txt"), format!("{SECRET}\n")).unwrap();
    std::fs::write(
        outside.join("request.json"),
        format!(r#"{{"prompt": "{SECRET}"}}"#),
    )
    .unwrap();
    std::fs::write(
        outside.join("templates/curl.sh.jinja"),
        format!("{SECRET}\n"),
    )
    .unwrap();
    let project = dir.0.join("project");
    std::fs::create_dir_all(project.join("docs")).unwrap();
    std::fs::create_dir_all(project.join(".git")).unwrap();
    std::fs::write(project.join("open1-snip.toml"), "").unwrap();
    std::fs::write(
        project.join(".git/config"),
        format!("[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n"),
    )
    .unwrap();
    std::fs::write(project.join("docs/page.md"), page).unwrap();
    dir
}

/// Runs the binary in `dir` with `env` added, killing it (and failing) after a generous limit:
/// a FIFO must not hang it.
fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_open1-snip"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::null());
    support::run_with_timeout(command, Duration::from_secs(20))
}

/// sync and sync --check in `project/`: exit 2 both times, the secret nowhere, the page as it
/// was. Returns --check's stderr.
fn refused(dir: &Scratch, env: &[(&str, &str)]) -> String {
    let project = dir.0.join("project");
    let page = read(&project, "docs/page.md");
    let mut stderr = String::new();
    for args in [&["sync", "--check", "docs"][..], &["sync", "docs"]] {
        let output = run_in(&project, args, env);
        assert_exit(&output, 2);
        let shown = support::shown(&output);
        assert!(
            !shown.contains(SECRET),
            "{args:?} printed the secret:\n{shown}"
        );
        assert!(
            !shown.contains("SECRET"),
            "{args:?} printed part of it:\n{shown}"
        );
        assert_eq!(
            read(&project, "docs/page.md"),
            page,
            "{args:?} wrote the page"
        );
        stderr = support::text(&output.stderr);
    }
    stderr
}

#[cfg(unix)]
#[test]
fn templates_symlinked_outside_the_project_or_into_git_are_refused() {
    let dir = project(
        "# Evil\n\n<!-- open1-snip gen templates=evil lang=curl -->\n<!-- open1-snip end -->\n\n<!-- open1-snip gen templates=git lang=curl -->\n<!-- open1-snip end -->\n\n<!-- open1-snip gen templates=environ lang=curl -->\n<!-- open1-snip end -->\n",
    );
    let docs = dir.0.join("project/docs");
    for (folder, target) in [
        ("evil", dir.0.join("outside/secret.txt")),
        ("git", dir.0.join("project/.git/config")),
        ("environ", "/proc/self/environ".into()),
    ] {
        std::fs::create_dir(docs.join(folder)).unwrap();
        std::os::unix::fs::symlink(target, docs.join(folder).join("curl.sh.jinja")).unwrap();
    }
    let stderr = refused(&dir, &[("OPEN1_TEST_SECRET", SECRET)]);
    assert!(
        stderr.contains("error: docs/page.md:3: templates=: the template ")
            && stderr.contains("leads outside the project root"),
        "{stderr}"
    );
    assert!(stderr.contains("error: docs/page.md:6: "), "{stderr}");
    assert!(stderr.contains("leads into a .git folder"), "{stderr}");
    assert!(stderr.contains("error: docs/page.md:9: "), "{stderr}");
}

#[test]
fn templates_linked_to_another_file_of_the_project_are_refused() {
    // A CI step wrote credentials into the workspace; a pull request links a template to them.
    let dir = project(
        "# Evil\n\n<!-- open1-snip gen templates=evil lang=curl -->\n<!-- open1-snip end -->\n",
    );
    let project = dir.0.join("project");
    std::fs::write(project.join(".env"), format!("OPENAI_API_KEY={SECRET}\n")).unwrap();
    std::fs::create_dir(project.join("docs/evil")).unwrap();
    std::os::unix::fs::symlink("../../.env", project.join("docs/evil/curl.sh.jinja")).unwrap();
    let stderr = refused(&dir, &[]);
    assert!(
        stderr.contains("is a link out of the templates folder"),
        "{stderr}"
    );
}

#[test]
fn paths_named_absolute_or_leaving_the_project_by_dotdot_are_refused() {
    let dir = project("");
    let outside = dir.0.join("outside");
    let page = format!(
        "# Evil\n\n<!-- open1-snip gen templates=../../outside/templates lang=curl -->\n<!-- open1-snip end -->\n\n<!-- open1-snip gen request=../../outside/request.json -->\n<!-- open1-snip end -->\n\n<!-- open1-snip gen templates={} lang=curl -->\n<!-- open1-snip end -->\n\n<!-- open1-snip gen request={} -->\n<!-- open1-snip end -->\n\n<!-- open1-snip gen request=../../outside/missing.json -->\n<!-- open1-snip end -->\n",
        outside.join("templates").display(),
        outside.join("request.json").display(),
    );
    std::fs::write(dir.0.join("project/docs/page.md"), page).unwrap();
    let stderr = refused(&dir, &[]);
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 5, "{stderr}");
    for (error, (line, why)) in errors.iter().zip([
        (3, "templates= leads outside the project root"),
        (6, "request= leads outside the project root"),
        (
            9,
            "templates= must be a path relative to the Markdown file, not an absolute path",
        ),
        (
            12,
            "request= must be a path relative to the Markdown file, not an absolute path",
        ),
        (15, "request= leads outside the project root"),
    ]) {
        assert!(
            error.starts_with(&format!("error: docs/page.md:{line}: {why}")),
            "{error}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_request_naming_a_fifo_is_refused_without_waiting() {
    let dir = project("<!-- open1-snip gen request=pipe.json -->\n<!-- open1-snip end -->\n");
    let fifo = dir.0.join("project/docs/pipe.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // A writer could not help: the file is refused for what it is, not read.
    let stderr = refused(&dir, &[]);
    assert!(
        stderr.contains(
            "error: docs/page.md:1: cannot read docs/pipe.json: a FIFO, not a regular file"
        ),
        "{stderr}"
    );
}

#[test]
fn a_request_file_over_one_mib_is_too_big() {
    let dir = project("<!-- open1-snip gen request=big.json -->\n<!-- open1-snip end -->\n");
    let prompt = "a".repeat(1024 * 1024);
    std::fs::write(
        dir.0.join("project/docs/big.json"),
        format!(r#"{{"prompt": "{prompt}"}}"#),
    )
    .unwrap();
    let stderr = refused(&dir, &[]);
    assert!(
        stderr.contains(
            "error: docs/page.md:1: cannot read docs/big.json: too big: more than 1024 KiB"
        ),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_request_symlinked_to_a_device_is_refused() {
    let dir = project("<!-- open1-snip gen request=zero.json -->\n<!-- open1-snip end -->\n");
    std::os::unix::fs::symlink("/dev/zero", dir.0.join("project/docs/zero.json")).unwrap();
    let stderr = refused(&dir, &[]);
    assert!(
        stderr.contains("error: docs/page.md:1: request= leads outside the project root"),
        "{stderr}"
    );
}

#[test]
fn request_errors_name_the_file_and_field_but_not_the_value() {
    let files = [
        ("url.json", format!(r#"{{"base_url": "ghp_{SECRET}"}}"#)),
        ("type.json", format!(r#"{{"model": ["{SECRET}"]}}"#)),
        ("field.json", format!(r#"{{"{SECRET}": 1}}"#)),
        (
            "header.json",
            format!(r#"{{"headers": {{"X-{SECRET}": "a\u0001b"}}}}"#),
        ),
        ("env.json", format!(r#"{{"api_key_env": "{SECRET} x"}}"#)),
        ("model.json", format!(r#"{{"model": "{SECRET}"}}"#)),
    ];
    let page: String = files
        .iter()
        .map(|(name, _)| {
            format!("<!-- open1-snip gen request={name} -->\n<!-- open1-snip end -->\n\n")
        })
        .collect();
    let dir = project(&page);
    for (name, text) in &files {
        std::fs::write(dir.0.join("project/docs").join(name), text).unwrap();
    }
    let stderr = refused(&dir, &[]);
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(
        errors,
        [
            "error: docs/page.md:1: docs/url.json: base_url: not an http(s) URL of scheme, host and optional path, in normal form (`open1-snip gen docs/url.json` shows the value)",
            "error: docs/page.md:4: docs/type.json:1:10: model: invalid type, expected a string (`open1-snip gen docs/type.json` shows the value)",
            "error: docs/page.md:7: docs/field.json:1:29: unknown field, expected one of `base_url`, `model`, `prompt`, `input`, `body`, `headers`, `api_key_env`, `$schema` (`open1-snip gen docs/field.json` shows the value)",
            "error: docs/page.md:10: docs/header.json: headers: a header that cannot be sent as written (`open1-snip gen docs/header.json` shows the value)",
            "error: docs/page.md:13: docs/env.json: api_key_env: not an environment variable name (letters, digits and _, not starting with a digit) (`open1-snip gen docs/env.json` shows the value)",
            "error: docs/page.md:16: docs/model.json: model: not in the model table (`open1-snip models` lists them; add allow-unknown-model to the marker to generate it anyway)",
        ],
        "{stderr}"
    );
}

#[test]
fn under_github_actions_check_output_cannot_start_workflow_commands() {
    let dir = Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")));
    std::fs::write(dir.0.join("open1-snip.toml"), "").unwrap();
    let page = "  ::error file=a.md,line=1::forged\n::warning::w\r::notice::cr\n<!-- open1-snip gen lang=curl -->\n::set-output name=a::b\n<!-- open1-snip end -->\n::add-mask::x\n";
    // A file name holding a line break and a command, as a pull request may add one.
    std::fs::write(dir.0.join("a\n::error::named.md"), page).unwrap();
    std::fs::write(
        dir.0.join("b\n::warning::bad.md"),
        "<!-- open1-snip gen lang=::error::option -->\n<!-- open1-snip end -->\n",
    )
    .unwrap();
    let output = run_in(
        &dir.0,
        &["sync", "--check", "."],
        &[("GITHUB_ACTIONS", "true")],
    );
    assert_exit(&output, 2);
    for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let text = support::text(bytes);
        let commands = support::fenced_workflow_commands(stream, &text);
        assert!(commands > 0, "{stream}: nothing to fence?\n{text}");
    }
    let stdout = support::text(&output.stdout);
    assert!(stdout.contains(" ::add-mask::x\n"), "{stdout}");
    assert!(stdout.contains("+++ b/a\n::error::named.md\n"), "{stdout}");
}

#[test]
fn a_template_over_256_kib_is_too_big_for_sync_and_gen() {
    let dir = project("<!-- open1-snip gen templates=big lang=curl -->\n<!-- open1-snip end -->\n");
    let big = dir.0.join("project/docs/big");
    std::fs::create_dir(&big).unwrap();
    std::fs::write(big.join("curl.sh.jinja"), "x".repeat(256 * 1024 + 1)).unwrap();
    let stderr = refused(&dir, &[]);
    assert!(
        stderr.contains("curl.sh.jinja: too big: more than 256 KiB"),
        "{stderr}"
    );
    // `gen --templates` reads its templates the same way.
    let output = run_in(
        &dir.0.join("project"),
        &["gen", "--lang", "curl", "--templates", "docs/big"],
        &[],
    );
    assert_exit(&output, 2);
    assert_eq!(
        support::text(&output.stderr),
        "error: cannot read docs/big/curl.sh.jinja: too big: more than 256 KiB, the most open1-snip reads from such a file\n"
    );
}

/// The lines of `page` (in `dir`) where lint's JSON reports `unavailable-model` (a warning: lint
/// exits 0).
fn unavailable_model_lines(dir: &Path, page: &str) -> Vec<usize> {
    let output = support::open1_snip_in(dir, &["lint", "--format", "json", page], None);
    assert_exit(&output, 0);
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "unavailable-model")
        .map(|f| f["line"].as_u64().unwrap() as usize)
        .collect()
}
