//! One function per command: arguments in, text out. Each writes its result to `out`, warnings to
//! `err`, and returns errors for `run` to report.

mod convert;
mod describe;
mod generate;
mod init;
mod lint;
mod models;
mod request;
mod send;
mod sync;

pub use convert::convert;
pub use describe::{completions, man, schema};
pub use generate::generate;
pub use init::init;
pub use lint::{Outcome, lint};
pub use models::models;
pub use send::{Sent, send};
pub use sync::{Synced, sync};
