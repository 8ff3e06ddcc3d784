//! Runs one command and turns its outcome into the exit code, in one place:
//! 0 done (no error findings), 1 findings (lint) or a failed request (send, diagnosed), 2 usage,
//! input or I/O error (for send: a missing or unusable key too). A closed pipe
//! (`open1-snip gen | head`) ends quietly.

use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::commands::{self, Outcome};
use crate::error::Error;
use crate::secret::MaskedWriter;

pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        // A usage error quotes the argument it refuses, which may hold a key.
        Err(error) if error.use_stderr() => {
            let mut stderr = MaskedWriter::new(io::stderr().lock());
            let _ = write!(stderr, "{}", error.render());
            let _ = stderr.flush();
            return ExitCode::from(2);
        }
        Err(help) => {
            let _ = help.print();
            return ExitCode::SUCCESS;
        }
    };
    let mut stdout = io::stdout().lock();
    // Everything on standard error is a message: no key is printed whole (see `secret`).
    let mut stderr = MaskedWriter::new(io::stderr().lock());
    let result = match &cli.command {
        Command::Gen(args) => {
            commands::generate(args, &mut stdout, &mut stderr).map(|()| ExitCode::SUCCESS)
        }
        Command::Lint(args) => {
            commands::lint(args, &mut stdout, &mut stderr).map(|outcome| match outcome {
                Outcome { failed: true, .. } => ExitCode::from(2),
                Outcome { findings: true, .. } => ExitCode::from(1),
                _ => ExitCode::SUCCESS,
            })
        }
        Command::Models(args) => commands::models(args, &mut stdout).map(|()| ExitCode::SUCCESS),
        Command::Convert(args) => {
            commands::convert(args, &mut stdout, &mut stderr).map(|()| ExitCode::SUCCESS)
        }
        Command::Sync(args) => {
            commands::sync(args, &mut stdout, &mut stderr).map(|outcome| match outcome {
                commands::Synced { failed: true, .. } => ExitCode::from(2),
                commands::Synced { stale: true, .. } => ExitCode::from(1),
                _ => ExitCode::SUCCESS,
            })
        }
        Command::Send(args) => {
            commands::send(args, &mut stdout, &mut stderr).map(|sent| match sent {
                commands::Sent { failed: true } => ExitCode::from(1),
                commands::Sent { failed: false } => ExitCode::SUCCESS,
            })
        }
        Command::Init(args) => commands::init(args, &mut stderr).map(|()| ExitCode::SUCCESS),
        Command::Schema => commands::schema(&mut stdout).map(|()| ExitCode::SUCCESS),
        Command::Completions(args) => {
            commands::completions(args, &mut stdout).map(|()| ExitCode::SUCCESS)
        }
        Command::Man(args) => commands::man(args, &mut stdout).map(|()| ExitCode::SUCCESS),
    };
    let result = result.and_then(|code| stdout.flush().map(|()| code).map_err(Error::Write));
    match result {
        Ok(code) => code,
        Err(Error::Write(error)) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(stderr, "error: {error}");
            let _ = stderr.flush();
            ExitCode::from(2)
        }
    }
}
