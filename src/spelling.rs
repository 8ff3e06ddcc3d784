//! How the user wrote an option, so that a message names it the way they would fix it: `gen`'s
//! and `convert`'s command-line flags (`--body-json`), or a `sync` marker's keys (`body-json=`).
//! Messages are worded through this when they are made, never rewritten afterwards.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Spelling {
    /// `--model x`, `--allow-unknown-model`.
    #[default]
    Flags,
    /// `model=x`, `allow-unknown-model`, inside `<!-- open1-snip gen … -->`.
    Marker,
}

impl Spelling {
    /// An option that takes a value: `--name` or `name=`.
    pub fn option(self, name: &str) -> String {
        match self {
            Spelling::Flags => format!("--{name}"),
            Spelling::Marker => format!("{name}="),
        }
    }

    /// An option written bare: `--name` or `name`.
    pub fn switch(self, name: &str) -> String {
        match self {
            Spelling::Flags => format!("--{name}"),
            Spelling::Marker => name.to_owned(),
        }
    }

    /// How to turn a switch on: `pass --name` or `add name to the marker`.
    pub fn turn_on(self, name: &str) -> String {
        match self {
            Spelling::Flags => format!("pass --{name}"),
            Spelling::Marker => format!("add {name} to the marker"),
        }
    }
}
