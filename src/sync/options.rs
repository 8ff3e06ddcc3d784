//! A start marker's options → the [`SnippetSpec`] `gen` renders.
//!
//! The options are split like a shell's words (`prompt="Say hi, \"you\""`), and each `key=value`
//! sets the spec's field of `gen`'s option of that name, with `gen`'s meaning. A mistake is named
//! in the marker's terms (`key=`, a bare `allow-unknown-model`) with the keys or values allowed.
//! `request=` and `templates=` are kept as written, for the command to resolve inside the page's
//! project ([`super::root`]).

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::generate::Format;
use crate::spec::SnippetSpec;
use crate::spelling::Spelling;

/// The keys a marker takes besides `request=`: `gen`'s options (a unit test keeps them equal).
const KEYS: [(&str, Kind); 11] = [
    ("lang", Kind::List),
    ("format", Kind::Value),
    ("style", Kind::Value),
    ("key", Kind::Value),
    ("templates", Kind::Value),
    ("model", Kind::Value),
    ("prompt", Kind::Value),
    ("base-url", Kind::Value),
    ("header", Kind::List),
    ("body-json", Kind::Value),
    ("allow-unknown-model", Kind::Switch),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `key=value`, at most once.
    Value,
    /// `key=value`, as often as needed.
    List,
    /// Written bare, at most once.
    Switch,
}

/// Parses a start marker's options. The error says what to write instead.
pub fn spec(options: &str) -> Result<SnippetSpec, String> {
    let words = shell_words::split(options)
        .map_err(|e| format!("cannot split the options into words: {e} (quote a value with spaces like prompt=\"Say hi\", and escape a quote inside it as \\\")"))?;
    let mut request: Option<&str> = None;
    for word in &words {
        if word.starts_with('-') {
            return Err(format!(
                "`{word}`: write options as key=value without dashes, e.g. `lang=curl`"
            ));
        }
        if let Some(("request", path)) = word.split_once('=') {
            if let Some(first) = request {
                return Err(format!(
                    "request= is given twice (`{path}` after `{first}`): keep one"
                ));
            }
            request = Some(path);
        }
    }

    let mut spec = SnippetSpec {
        spelling: Spelling::Marker,
        ..SnippetSpec::default()
    };
    let mut seen: Vec<&str> = Vec::new();
    for word in &words {
        let (name, value) = match word.split_once('=') {
            Some(("request", _)) => continue,
            Some((name, value)) => (name, Some(value)),
            None => (word.as_str(), None),
        };
        let Some(&(name, kind)) = KEYS.iter().find(|(key, _)| *key == name) else {
            return Err(unknown(name, value.is_some()));
        };
        if kind != Kind::List && seen.contains(&name) {
            return Err(format!(
                "the argument '{}' cannot be used multiple times",
                written(name, kind)
            ));
        }
        seen.push(name);
        set(&mut spec, name, kind, value)?;
    }
    if let Some(path) = request {
        if path.is_empty() {
            return Err("`request=` needs a value".into());
        }
        spec.request = Some(PathBuf::from(path));
    }

    match spec.format {
        None => spec.format = Some(Format::Markdown),
        Some(format) if Format::PAGE.contains(&format) => {}
        Some(format) => {
            let pages: Vec<&str> = Format::PAGE.iter().map(|f| f.id()).collect();
            return Err(format!(
                "format={} does not belong in Markdown: use format=markdown (the default) or one of {}",
                format.id(),
                pages[1..].join(", ")
            ));
        }
    }
    if spec.request.as_deref() == Some(Path::new("-")) {
        return Err(
            "request=- (standard input) cannot be read from a marker: name a request file, relative to the Markdown file".into(),
        );
    }
    Ok(spec)
}

/// Sets the spec's field for `name`, from the value written after `name=` (`None`: written bare).
fn set(spec: &mut SnippetSpec, name: &str, kind: Kind, value: Option<&str>) -> Result<(), String> {
    if kind == Kind::Switch {
        if value.is_some() {
            return Err(format!(
                "`{name}` takes no value: write it bare, without `=`"
            ));
        }
        spec.flags.allow_unknown_model = true;
        return Ok(());
    }
    let needs_value = |values: &str| format!("`{name}=` needs a value{values}");
    let value = value.ok_or_else(|| needs_value(&values_of(name)))?;
    let text = || Some(value.to_owned());
    match name {
        "lang" => {
            for lang in value.split(',') {
                spec.langs.push(choice(name, lang)?);
            }
        }
        "format" => spec.format = Some(choice(name, value)?),
        "style" => spec.style = Some(choice(name, value)?),
        "key" => spec.key = choice(name, value)?,
        "templates" if value.is_empty() => return Err(needs_value("")),
        "templates" => spec.templates = Some(PathBuf::from(value)),
        "model" => spec.flags.model = text(),
        "prompt" => spec.flags.prompt = text(),
        "base-url" => spec.flags.base_url = text(),
        "header" => spec.flags.headers.push(value.to_owned()),
        "body-json" => spec.flags.body_json = text(),
        _ => unreachable!("every key of KEYS is set"),
    }
    Ok(())
}

/// The value of a key whose values are a fixed set (`lang=`, `format=`, `style=`, `key=`), by its
/// name.
fn choice<T: ValueEnum>(name: &str, value: &str) -> Result<T, String> {
    if let Ok(choice) = T::from_str(value, false) {
        return Ok(choice);
    }
    let values = names::<T>();
    if value.is_empty() {
        return Err(format!(
            "`{name}=` needs a value; the values are {}",
            values.join(", ")
        ));
    }
    let mut message = format!("invalid value `{value}` for `{name}=`");
    if let Some(suggested) = closest(value, &values) {
        message.push_str(&format!("; did you mean `{suggested}`?"));
    }
    message.push_str(&format!("; the values are {}", values.join(", ")));
    Err(message)
}

/// The values a value set takes, as its type names them, in order.
fn names<T: ValueEnum>() -> Vec<String> {
    T::value_variants()
        .iter()
        .filter_map(ValueEnum::to_possible_value)
        .filter(|value| !value.is_hide_set())
        .map(|value| value.get_name().to_owned())
        .collect()
}

/// `; the values are …` for a key with a fixed set of values, or nothing.
fn values_of(name: &str) -> String {
    let values = match name {
        "lang" => names::<crate::generate::Lang>(),
        "format" => names::<Format>(),
        "style" => names::<crate::generate::Style>(),
        "key" => names::<crate::request::KeyStyle>(),
        _ => return String::new(),
    };
    format!("; the values are {}", values.join(", "))
}

/// A key as it is written: `name=`, or a switch's bare name.
fn written(name: &str, kind: Kind) -> String {
    match kind {
        Kind::Switch => Spelling::Marker.switch(name),
        Kind::Value | Kind::List => Spelling::Marker.option(name),
    }
}

/// An unknown key, with the likely one meant or else the list of keys.
fn unknown(name: &str, with_value: bool) -> String {
    let key = if with_value {
        format!("{name}=")
    } else {
        name.to_owned()
    };
    let names: Vec<&str> = KEYS.iter().map(|(key, _)| *key).collect();
    match closest(name, &names) {
        Some(meant) => {
            let kind = KEYS.iter().find(|(key, _)| *key == meant).map(|k| k.1);
            format!(
                "unknown option `{key}`; did you mean `{}`?",
                written(meant, kind.unwrap_or(Kind::Value))
            )
        }
        None => {
            let known: Vec<String> = std::iter::once("request=".to_owned())
                .chain(KEYS.iter().map(|&(name, kind)| written(name, kind)))
                .collect();
            format!(
                "unknown option `{key}`; the options are {}",
                known.join(", ")
            )
        }
    }
}

/// The candidate most like `written`, if one is like enough to be a typo of it: Jaro similarity
/// over 0.7, the later candidate winning a tie (the measure clap's suggestions use, so markers
/// suggest what the command line does).
fn closest<'a, S: AsRef<str>>(written: &str, candidates: &'a [S]) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let candidate = candidate.as_ref();
        let score = strsim::jaro(written, candidate);
        if score > 0.7 && best.is_none_or(|(top, _)| score >= top) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::Lang;

    fn parse(options: &str) -> Result<SnippetSpec, String> {
        spec(options)
    }

    #[test]
    fn every_gen_option_with_gen_meaning() {
        let args = parse(
            r#"request=examples/hello.json lang=curl,python format=vitepress style=script key=placeholder templates=t model=gpt-5.1 prompt="Say \"hi\", you" base-url=https://x.example header="X-A: 1" header='X-B: 2' body-json='{"stream": true}' allow-unknown-model"#,
        )
        .unwrap();
        assert_eq!(
            args.request.as_deref(),
            Some(Path::new("examples/hello.json"))
        );
        assert_eq!(args.langs, [Lang::Curl, Lang::Python]);
        assert_eq!(args.format, Some(Format::Vitepress));
        assert_eq!(args.style, Some(crate::generate::Style::Script));
        assert_eq!(args.key, crate::request::KeyStyle::Placeholder);
        assert_eq!(args.templates.as_deref(), Some(Path::new("t")));
        assert_eq!(args.flags.prompt.as_deref(), Some("Say \"hi\", you"));
        assert_eq!(args.flags.headers, ["X-A: 1", "X-B: 2"]);
        assert_eq!(args.flags.body_json.as_deref(), Some(r#"{"stream": true}"#));
        assert!(args.flags.allow_unknown_model);
        // A value that looks like a flag is still the value.
        assert_eq!(
            parse("prompt=-v").unwrap().flags.prompt.as_deref(),
            Some("-v")
        );
        assert_eq!(parse("").unwrap().format, Some(Format::Markdown));
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
        assert_eq!(
            message("colour=red"),
            "unknown option `colour=`; the options are request=, lang=, format=, style=, key=, templates=, model=, prompt=, base-url=, header=, body-json=, allow-unknown-model"
        );
    }

    /// Every `gen` option is a marker key, written the same way: the marker can ask for
    /// whatever the command line can.
    #[test]
    fn the_keys_are_gen_options() {
        use clap::CommandFactory;
        #[derive(clap::Parser)]
        struct Gen {
            #[command(flatten)]
            args: crate::cli::GenArgs,
        }
        let options: Vec<(String, Kind)> = Gen::command()
            .get_arguments()
            .filter_map(|arg| {
                let kind = match arg.get_action() {
                    clap::ArgAction::Append => Kind::List,
                    action if action.takes_values() => Kind::Value,
                    _ => Kind::Switch,
                };
                Some((arg.get_long()?.to_owned(), kind))
            })
            .filter(|(long, _)| long != "help")
            .collect();
        let keys: Vec<(String, Kind)> = KEYS
            .iter()
            .map(|&(name, kind)| (name.to_owned(), kind))
            .collect();
        assert!(
            options == keys,
            "{:?}",
            options.iter().map(|o| &o.0).collect::<Vec<_>>()
        );
    }
}
