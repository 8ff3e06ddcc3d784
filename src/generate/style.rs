//! The two forms a snippet takes: the one a docs page shows, and the one a script runs.

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Style {
    /// As a docs page shows it: a plain curl (URL, headers, -d with the pretty JSON) printing the
    /// relay's JSON; Python and Node.js print the reply text
    Page,
    /// Runnable as it is: every snippet prints the reply text and fails with the relay's message
    /// (curl with --fail-with-body and jq)
    Script,
}

impl Style {
    /// The `--style` value, also what templates see as `style`.
    pub fn id(self) -> &'static str {
        match self {
            Style::Page => "page",
            Style::Script => "script",
        }
    }
}
