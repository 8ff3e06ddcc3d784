//! `open1-snip init`: writes the commented default config (`templates/open1-snip.toml`), and
//! never over a file that is already there.

use std::io::Write;

use crate::cli::InitArgs;
use crate::error::Error;

/// The config `init` writes: every setting at its default, each explained.
pub const TEMPLATE: &str = include_str!("../../templates/open1-snip.toml");

pub fn init(args: &InitArgs, err: &mut dyn Write) -> Result<(), Error> {
    let path = &args.path;
    // `create_new` refuses an existing file (or a dangling symlink) atomically.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    let mut file = match file {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::Usage(format!(
                "{} already exists; not overwritten (delete or rename it to write the defaults)",
                path.display()
            )));
        }
        Err(source) => {
            return Err(Error::Save {
                path: path.clone(),
                source,
            });
        }
    };
    file.write_all(TEMPLATE.as_bytes())
        .map_err(|source| Error::Save {
            path: path.clone(),
            source,
        })?;
    writeln!(
        err,
        "wrote {}: the defaults, commented; `open1-snip lint` reads it from this folder and below",
        path.display()
    )
    .map_err(Error::Write)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::lint::RULES;

    #[test]
    fn the_template_is_the_default_config() {
        let written = Config::parse(TEMPLATE, "template").unwrap();
        let default = Config::default();
        assert_eq!(written.base_url, default.base_url);
        assert_eq!(written.endpoints(), default.endpoints());
        assert_eq!(written.proxy_prefix, default.proxy_prefix);
        assert_eq!(written.relays(), default.relays());
        assert!(written.include.is_empty() && written.exclude.is_empty());
        assert!(written.extra_models.is_empty() && written.rules.is_empty());
    }

    #[test]
    fn the_template_lists_every_rule_at_its_default() {
        for rule in RULES {
            let level = match rule.severity {
                crate::lint::Severity::Error => "error",
                crate::lint::Severity::Warning => "warn",
            };
            let line = format!("# {} = \"{level}\"", rule.id);
            assert!(TEMPLATE.contains(&line), "the template lacks `{line}`");
        }
    }
}
