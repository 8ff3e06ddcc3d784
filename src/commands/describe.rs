//! The commands that describe open1-snip to other tools, all from the definitions the program
//! itself runs on: `completions` and `man` from the clap definitions, `schema` from the request
//! description's Rust type (so neither can drift from what `gen` accepts).

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::error::Error;
use crate::request::Description;

pub fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> Result<(), Error> {
    let mut command = Cli::command();
    let mut text = Vec::new();
    clap_complete::generate(args.shell, &mut command, "open1-snip", &mut text);
    if args.shell == clap_complete::Shell::Bash {
        // clap_complete 4.6 names a hyphenated program's subcommand states two ways
        // (`open1__snip__subcmd__lint` where it sets them, `open1__subcmd__snip__subcmd__lint`
        // where it reads them), so no subcommand's options completed; one name for both.
        let script = String::from_utf8_lossy(&text).replace("open1__subcmd__snip", "open1__snip");
        text = script.into_bytes();
    }
    out.write_all(&text).map_err(Error::Write)
}

pub fn man(args: &ManArgs, out: &mut dyn Write) -> Result<(), Error> {
    let mut command = Cli::command();
    command.build();
    let page = match &args.command {
        None => command,
        Some(name) => {
            let names: Vec<String> = command
                .get_subcommands()
                .map(|c| c.get_name().to_owned())
                .collect();
            let Some(sub) = command.find_subcommand(name) else {
                return Err(Error::Usage(format!(
                    "no command `{name}`; the commands are {}",
                    names.join(", ")
                )));
            };
            // The page of `open1-snip lint` is `open1-snip-lint(1)`, as git and cargo name theirs.
            let sub = sub.clone();
            let title = format!("open1-snip-{}", sub.get_name());
            sub.name(title)
        }
    };
    let mut text = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut text)
        .map_err(Error::Write)?;
    out.write_all(&text).map_err(Error::Write)
}

pub fn schema(out: &mut dyn Write) -> Result<(), Error> {
    let mut schema =
        serde_json::to_value(schemars::schema_for!(Description)).expect("a schema is JSON");
    schema["$id"] = "https://www.open1.codes/open1-snip/request.schema.json".into();
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    out.write_all(text.as_bytes()).map_err(Error::Write)
}
