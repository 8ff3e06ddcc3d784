//! `gen --style page` writes the docs page's own cURL example: the relay's page
//! (`tests/fixtures/docs-page/`, a copy of the shared reference) shows a plain curl — URL, four
//! headers, `-d` with the pretty JSON — and with `--key placeholder` the page-style snippet is
//! that example line for line. The page's text lost its indentation, so lines are compared
//! without it.

mod support;

use open1_snip::extract::{self, FileKind};
use open1_snip::source::SourceFile;

/// The page's cURL example with a User-Agent (its second; the first, the live preview, has none).
fn docs_page_example() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/docs-page/open1-curl-docs-page.en.md"
    );
    let file = SourceFile::new(path, std::fs::read_to_string(path).unwrap());
    let examples: Vec<String> = extract::snippets(&file, FileKind::Markdown)
        .into_iter()
        .map(|snippet| snippet.code)
        .filter(|code| code.starts_with("curl "))
        .collect();
    assert_eq!(examples.len(), 2, "the docs page has two cURL examples");
    let [_, example] = <[String; 2]>::try_from(examples).unwrap();
    assert!(example.contains("-H \"User-Agent: curl/8.0\""), "{example}");
    example
}

/// The lines of `code`, without their indentation.
fn unindented(code: &str) -> Vec<&str> {
    code.lines().map(str::trim_start).collect()
}

#[test]
fn page_style_curl_is_the_docs_page_example() {
    let example = docs_page_example();
    let generated = generated_by(&["--style", "page", "--key", "placeholder", "--lang", "curl"]);
    assert_eq!(unindented(&generated), unindented(&example));
}

/// The page style is what every page format writes unless told otherwise — `convert` too: the
/// docs page's example converted back is the example — and `text` and `json` are the script.
#[test]
fn page_style_is_the_default_on_pages_and_in_convert() {
    let page = generated_by(&["--style", "page", "--lang", "curl"]);
    let script = generated_by(&["--style", "script", "--lang", "curl"]);
    assert_ne!(page, script);
    assert_eq!(
        generated_by(&["--lang", "curl"]),
        script,
        "text: the script by default"
    );
    for format in [
        "markdown",
        "vitepress",
        "mkdocs",
        "docusaurus",
        "mintlify",
        "starlight",
    ] {
        let written = generated_by(&["--lang", "curl", "--format", format]);
        let indented: String = page.lines().map(|line| format!("    {line}\n")).collect();
        assert!(
            written.contains(&page) || (format == "mkdocs" && written.contains(&indented)),
            "{format}:\n{written}"
        );
    }
    let json: serde_json::Value =
        serde_json::from_str(&generated_by(&["--lang", "curl", "--format", "json"])).unwrap();
    assert_eq!(json["curl"], script.as_str(), "json: the script by default");

    let example = docs_page_example();
    let converted = support::open1_snip(
        &[
            "convert",
            "--key",
            "placeholder",
            "--lang",
            "curl",
            "--format",
            "markdown",
        ],
        Some(&example),
    );
    assert!(converted.status.success(), "{}", support::shown(&converted));
    let converted = support::text(&converted.stdout);
    let code = converted
        .split("```")
        .nth(1)
        .and_then(|block| block.strip_prefix("bash\n"))
        .unwrap_or_else(|| panic!("one bash block:\n{converted}"));
    assert_eq!(unindented(code), unindented(&example));
}

/// `open1-snip gen ARGS`'s standard output; it must succeed.
fn generated_by(args: &[&str]) -> String {
    let args: Vec<&str> = std::iter::once("gen").chain(args.iter().copied()).collect();
    let output = support::open1_snip(&args, None);
    assert!(output.status.success(), "{}", support::shown(&output));
    support::text(&output.stdout)
}
