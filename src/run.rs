//! Runs one command and turns its outcome into the exit code, in one place:
//! 0 done, 2 usage, input or I/O error. A closed pipe (`open1-snip gen | head`) ends quietly.

use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::commands;
use crate::error::Error;

pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    let mut stdout = io::stdout().lock();
    let mut stderr = io::stderr().lock();
    let result = match &cli.command {
        Command::Gen(args) => commands::generate(args, &mut stdout, &mut stderr),
        Command::Models(args) => commands::models(args, &mut stdout),
    };
    let result = result.and_then(|()| stdout.flush().map_err(Error::Write));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Write(error)) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(stderr, "error: {error}");
            ExitCode::from(2)
        }
    }
}
