//! The README shows real output; this keeps it real. Each console example in the README
//! (`$ open1-snip …` followed by its output, and the Markdown example of `gen`) must be what the
//! binary prints today.

mod support;

const README: &str = include_str!("../README.md");

/// The text between `start` (exclusive) and the next `end` after it.
fn block<'a>(start: &str, end: &str) -> &'a str {
    let from = README
        .find(start)
        .unwrap_or_else(|| panic!("README has no {start:?}"))
        + start.len();
    &README[from..from + README[from..].find(end).unwrap()]
}

#[test]
fn gen_example_is_current() {
    let shown = block("````markdown\n", "````\n");
    assert_eq!(
        shown,
        support::text(&support::open1_snip(&["gen"], None).stdout)
    );
}

#[test]
fn streaming_example_is_current() {
    let args = [
        "gen",
        "--lang",
        "curl",
        "--prompt",
        "Count to three.",
        "--body-json",
        r#"{"stream": true}"#,
    ];
    let shown = block("--body-json '{\"stream\": true}'`):\n\n```bash\n", "```\n");
    assert_eq!(
        shown,
        support::text(&support::open1_snip(&args, None).stdout)
    );
}

#[test]
fn script_style_example_is_current() {
    let shown = block("so `script`):\n\n```bash\n", "```\n");
    assert_eq!(
        shown,
        support::text(&support::open1_snip(&["gen", "--lang", "curl"], None).stdout)
    );
}

#[test]
fn console_examples_are_current() {
    let mut checked = 0;
    for example in README.split("\n$ open1-snip ").skip(1) {
        let (command, rest) = example.split_once('\n').unwrap();
        // The output the README shows ends at the next prompt (split off above) or the fence.
        let shown = rest.split("```").next().unwrap();
        let (command, quiet) = match command.strip_suffix(" >/dev/null") {
            Some(command) => (command, true),
            None => (command, false),
        };
        let args: Vec<&str> = command.split(' ').collect();
        let output = support::open1_snip(&args, None);
        let printed = if quiet {
            support::text(&output.stderr)
        } else {
            support::text(&output.stdout) + &support::text(&output.stderr)
        };
        assert_eq!(
            shown.trim_end(),
            printed.trim_end(),
            "README example `open1-snip {command}`"
        );
        checked += 1;
    }
    assert!(
        checked >= 3,
        "expected the README's console examples, found {checked}"
    );
}

#[test]
fn convert_example_shows_its_input() {
    let shown = block("for the command\n\n```bash\n", "```\n");
    let file = include_str!("fixtures/readme/convert.sh");
    assert_eq!(shown, file);
}

#[test]
fn sync_example_is_current() {
    let before = block("Before (`hello.md`):\n\n````markdown\n", "````\n");
    let after = block("After `open1-snip sync`, which prints ", "````\n");
    let (printed, after) = after.split_once("` on stderr:\n\n````markdown\n").unwrap();
    let printed = printed.strip_prefix('`').unwrap();
    let dir = support::tempdir::Scratch::new(std::path::Path::new(env!("CARGO_TARGET_TMPDIR")));
    std::fs::write(dir.0.join("hello.md"), before).unwrap();
    let output = support::open1_snip_in(&dir.0, &["sync"], None);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(support::text(&output.stderr), format!("{printed}\n"));
    assert_eq!(
        std::fs::read_to_string(dir.0.join("hello.md")).unwrap(),
        after
    );
}

#[test]
fn send_session_is_real() {
    use std::process::Command;

    let session = block("```console\n", "```\n");
    let mut lines = session.lines().peekable();
    let start = lines.next().unwrap();
    assert_eq!(start, "$ python3 tests/mock-relay.py 8787 &");
    // The README's server listens on 8787; the test's on a free port, put in its place.
    let relay = support::PyRelay::start();
    let base_url = relay.base_url.clone();
    assert_eq!(lines.next(), Some("mock relay on http://127.0.0.1:8787"));

    let mut checked = 0;
    while let Some(line) = lines.next() {
        let command = line.strip_prefix("$ ").expect("a command");
        let mut shown = String::new();
        while let Some(output) = lines.next_if(|l| !l.starts_with("$ ")) {
            shown += output;
            shown.push('\n');
        }
        let mut words = shell_words::split(command).unwrap().into_iter();
        let mut run = Command::new(env!("CARGO_BIN_EXE_open1-snip"));
        run.env_remove("OPEN1_API_KEY");
        support::without_proxies(&mut run);
        for word in words.by_ref() {
            match word.split_once('=') {
                Some((name, value))
                    if name
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') =>
                {
                    run.env(name, value);
                }
                _ => {
                    assert_eq!(word, "open1-snip", "{command}");
                    break;
                }
            }
        }
        run.args(words.map(|w| w.replace("http://127.0.0.1:8787", &base_url)));
        let output = run.output().unwrap();
        let printed = support::text(&output.stdout) + &support::text(&output.stderr);
        assert_eq!(shown, printed, "README session: `{command}`");
        let expected_code = if shown.contains("error: the key") {
            2
        } else if shown.contains("error:") {
            1
        } else {
            0
        };
        assert_eq!(output.status.code(), Some(expected_code), "{command}");
        checked += 1;
    }
    assert!(
        checked >= 4,
        "expected the README's send session, found {checked} commands"
    );
}

/// The README's table of client libraries names every entry of the catalog.
#[test]
fn client_library_table_lists_the_catalog() {
    let table = block("### Client libraries and config files", "\n\nEvery SDK");
    for library in &open1_snip::catalog::Catalog::shared().libraries {
        assert!(
            table.contains(&format!("`{}`", library.id)),
            "README's client table lacks `{}`",
            library.id
        );
    }
}
