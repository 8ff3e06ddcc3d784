//! A start marker's options → `gen`'s arguments.
//!
//! The options are split like a shell's words (`prompt="Say hi, \"you\""`), and each `key=value`
//! becomes `--key=value` for clap to parse through `GenArgs` itself, so every `gen` option works in
//! a marker with exactly `gen`'s meaning, and a mistake gets clap's own diagnosis — reworded to
//! name `key=` rather than `--key`. `request=` is `gen`'s positional; it and `templates=` are left
//! as written, for the command to resolve inside the page's project ([`super::root`]). A flag
//! (`allow-unknown-model`) is written bare.

use std::path::Path;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, Parser};

use crate::cli::GenArgs;
use crate::generate::Format;

/// `gen`'s options, as a marker sees them.
#[derive(Debug, Parser)]
#[command(
    name = "open1-snip gen",
    no_binary_name = true,
    disable_help_flag = true,
    disable_version_flag = true
)]
struct MarkerArgs {
    #[command(flatten)]
    gen_args: GenArgs,
}

/// Parses a start marker's options. The error says what to write instead.
pub fn gen_args(options: &str) -> Result<GenArgs, String> {
    let words = shell_words::split(options)
        .map_err(|e| format!("cannot split the options into words: {e} (quote a value with spaces like prompt=\"Say hi\", and escape a quote inside it as \\\")"))?;
    let mut argv: Vec<String> = Vec::new();
    let mut request = None;
    for word in words {
        if word.starts_with('-') {
            return Err(format!(
                "`{word}`: write options as key=value without dashes, e.g. `lang=curl`"
            ));
        }
        match word.split_once('=') {
            Some(("request", path)) if request.is_some() => {
                return Err(format!(
                    "request= is given twice (`{path}` after `{}`): keep one",
                    request.unwrap_or_default()
                ));
            }
            Some(("request", path)) => request = Some(path.to_owned()),
            Some((key, value)) => argv.push(format!("--{key}={value}")),
            None => argv.push(format!("--{word}")),
        }
    }
    if let Some(path) = &request {
        argv.push("--".into());
        argv.push(path.clone());
    }
    let mut args = MarkerArgs::try_parse_from(&argv)
        .map_err(|e| clap_message(&e, &argv))?
        .gen_args;

    match args.output.format {
        None => args.output.format = Some(Format::Markdown),
        Some(Format::Markdown | Format::Vitepress) => {}
        Some(format @ (Format::Text | Format::Json)) => {
            let name = if format == Format::Text {
                "text"
            } else {
                "json"
            };
            return Err(format!(
                "format={name} does not belong in Markdown: use format=markdown (the default) or format=vitepress"
            ));
        }
    }
    if args.request.as_deref() == Some(Path::new("-")) {
        return Err(
            "request=- (standard input) cannot be read from a marker: name a request file, relative to the Markdown file".into(),
        );
    }
    Ok(args)
}

/// Rewrites a message about `gen`'s flags in a marker's terms: `--lang <LANG>` and `--model`
/// become `lang=` and `model=`, a flag such as `--allow-unknown-model` its bare name.
pub fn in_marker_terms(message: &str) -> String {
    let command = MarkerArgs::command();
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("--") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(after.len());
        let name = &after[..name_len];
        let arg = command.get_arguments().find(|a| a.get_long() == Some(name));
        match arg {
            Some(arg) => {
                let takes_value = arg.get_action().takes_values();
                out.push_str(name);
                if takes_value {
                    out.push('=');
                }
                rest = &after[name_len..];
                // clap writes the value's placeholder after the flag: `--lang <LANG>`.
                if takes_value && rest.starts_with(" <") {
                    if let Some(close) = rest.find('>') {
                        rest = &rest[close + 1..];
                    }
                }
            }
            None => {
                out.push_str("--");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The options a marker takes, for messages.
fn known_options() -> String {
    let command = MarkerArgs::command();
    command
        .get_arguments()
        .map(
            |arg| match (arg.get_long(), arg.get_action().takes_values()) {
                (Some(long), true) => format!("{long}="),
                (Some(long), false) => long.to_owned(),
                (None, _) => "request=".to_owned(),
            },
        )
        .collect::<Vec<_>>()
        .join(", ")
}

/// clap's diagnosis of the options, in one line and in a marker's terms.
fn clap_message(error: &clap::Error, argv: &[String]) -> String {
    let context = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(s)) => s.first().cloned(),
        _ => None,
    };
    let strings = |kind| match error.get(kind) {
        Some(ContextValue::Strings(s)) => s.clone(),
        _ => Vec::new(),
    };
    match error.kind() {
        ErrorKind::UnknownArgument => {
            // `--modle` from `modle=x` or a bare `modle`, or a second positional.
            let invalid = context(ContextKind::InvalidArg).unwrap_or_default();
            let key = match argv.iter().find(|a| a.split('=').next() == Some(&invalid)) {
                Some(arg) if arg.contains('=') => format!("{}=", &invalid[2..]),
                _ => invalid.trim_start_matches('-').to_owned(),
            };
            match context(ContextKind::SuggestedArg) {
                Some(suggested) => format!(
                    "unknown option `{key}`; did you mean `{}`?",
                    in_marker_terms(&suggested)
                ),
                None if invalid.starts_with("--") => format!(
                    "unknown option `{key}`; the options are {}",
                    known_options()
                ),
                // A second positional: only `request=` makes one.
                None => format!("unexpected `{key}`; the options are {}", known_options()),
            }
        }
        ErrorKind::InvalidValue => {
            let arg = in_marker_terms(&context(ContextKind::InvalidArg).unwrap_or_default());
            let value = context(ContextKind::InvalidValue).unwrap_or_default();
            let mut message = match value.is_empty() {
                true => format!("`{arg}` needs a value"),
                false => format!("invalid value `{value}` for `{arg}`"),
            };
            let valid = strings(ContextKind::ValidValue);
            if let Some(suggested) = context(ContextKind::SuggestedValue) {
                message.push_str(&format!("; did you mean `{suggested}`?"));
            }
            if !valid.is_empty() {
                message.push_str(&format!("; the values are {}", valid.join(", ")));
            }
            message
        }
        ErrorKind::TooManyValues if error.get(ContextKind::InvalidValue).is_some() => {
            let arg = in_marker_terms(&context(ContextKind::InvalidArg).unwrap_or_default());
            format!("`{arg}` takes no value: write it bare, without `=`")
        }
        _ => {
            // clap's own words, first paragraph only (not its usage line or `--help` advice).
            let rendered = error.render().to_string();
            let first = rendered
                .split("\n\n")
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .replace('\n', " ");
            in_marker_terms(&first)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::Lang;

    fn parse(options: &str) -> Result<GenArgs, String> {
        gen_args(options)
    }

    #[test]
    fn every_gen_option_with_gen_meaning() {
        let args = parse(
            r#"request=examples/hello.json lang=curl,python format=vitepress key=placeholder templates=t model=gpt-5.1 prompt="Say \"hi\", you" base-url=https://x.example header="X-A: 1" header='X-B: 2' body-json='{"stream": true}' allow-unknown-model"#,
        )
        .unwrap();
        assert_eq!(
            args.request.as_deref(),
            Some(Path::new("examples/hello.json"))
        );
        assert_eq!(args.output.langs, [Lang::Curl, Lang::Python]);
        assert_eq!(args.output.format, Some(Format::Vitepress));
        assert_eq!(args.templates.as_deref(), Some(Path::new("t")));
        assert_eq!(
            args.request_flags.prompt.as_deref(),
            Some("Say \"hi\", you")
        );
        assert_eq!(args.request_flags.headers, ["X-A: 1", "X-B: 2"]);
        assert_eq!(
            args.request_flags.body_json.as_deref(),
            Some(r#"{"stream": true}"#)
        );
        assert!(args.request_flags.allow_unknown_model);
        // A value that looks like a flag is still the value.
        assert_eq!(
            parse("prompt=-v").unwrap().request_flags.prompt.as_deref(),
            Some("-v")
        );
        assert_eq!(parse("").unwrap().output.format, Some(Format::Markdown));
    }

    #[test]
    fn mistakes_are_named_in_marker_terms() {
        let message = |options| parse(options).unwrap_err();
        assert_eq!(
            message("modle=gpt-5"),
            "unknown option `modle=`; did you mean `model=`?"
        );
        assert!(message("lang=cobol").starts_with("invalid value `cobol` for `lang=`; "));
        assert!(message("format=text").starts_with("format=text does not belong in Markdown"));
        assert!(message("--lang=curl").contains("without dashes"));
        assert!(message("prompt=\"open").starts_with("cannot split"));
        assert_eq!(
            message("allow-unknown-model=yes"),
            "`allow-unknown-model` takes no value: write it bare, without `=`"
        );
        assert_eq!(
            message("model=a model=b"),
            "the argument 'model=' cannot be used multiple times"
        );
        assert_eq!(
            message("lang"),
            "`lang=` needs a value; the values are curl, python, node, python-openai, node-openai"
        );
    }

    #[test]
    fn flag_names_become_keys() {
        assert_eq!(
            in_marker_terms("--prompt conflicts; '--lang <LANG>'; pass --allow-unknown-model; --x"),
            "prompt= conflicts; 'lang='; pass allow-unknown-model; --x"
        );
    }
}
