//! open1-snip: generate and check API snippets for the open1 relay.
//!
//! The flow of `gen`: a [`request::Description`] (JSON plus flags) becomes one checked
//! [`request::Request`], which [`generate::Generator`] renders through one minijinja template per
//! language. [`run`] parses the command line, runs one command and decides the exit code.

pub mod catalog;
pub mod cli;
pub mod commands;
pub mod config;
pub mod convert;
pub mod curl;
pub mod error;
pub mod extract;
pub mod generate;
pub mod http;
pub mod lint;
pub mod literal;
pub mod models;
pub mod parse;
pub mod regular_file;
pub mod report;
pub mod request;
mod run;
pub mod save;
pub mod secret;
pub mod send;
pub mod source;
pub mod spec;
pub mod spelling;
pub mod sync;
pub mod visible;
pub mod walk;
pub mod workflow;

pub use error::Error;
pub use run::run;
