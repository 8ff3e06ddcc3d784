//! `open1-snip.toml`: where the relay is, which models exist beyond the built-in table, which
//! files to check, and how loud each rule is.
//!
//! It sits below the commands, `walk` and `lint`: `lint` reads the relays and the rule levels,
//! `walk` gets the [`PathFilter`] the include and exclude globs build here.
//!
//! ```toml
//! base-url = "https://www.open1.codes"   # the relay; more with `extra-base-urls`
//! endpoints = ["/v1/responses"]          # the paths the relay serves (`endpoint = "…"`: one)
//! proxy-prefix = "/open1-api"             # the docs site's reverse proxy, for browser code
//! extra-models = ["my-fine-tune"]
//! include = ["docs/**"]                   # globs, relative to the config file
//! exclude = ["docs/archive/**"]
//!
//! [rules]
//! missing-user-agent = "warn"             # off | warn | error
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;
use crate::http::url::RelayUrl;
use crate::lint::{RULES, Rule, Severity};
use crate::walk::PathFilter;

pub const FILE_NAME: &str = "open1-snip.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default)]
    pub extra_base_urls: Vec<String>,
    /// The paths the relay serves below its base URL; `endpoint` is the older spelling of one,
    /// still read. Both empty: `/v1/responses`. Read them with [`Config::endpoints`].
    #[serde(default)]
    endpoints: Vec<String>,
    #[serde(default)]
    endpoint: Option<String>,
    #[serde(default = "default_proxy_prefix")]
    pub proxy_prefix: String,
    #[serde(default)]
    pub extra_models: Vec<String>,
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
    /// The folder the config was read from; globs are relative to it.
    #[serde(skip)]
    pub root: PathBuf,
    /// `base-url` and `extra-base-urls`, read once by `parse`.
    #[serde(skip)]
    relays: Vec<RelayUrl>,
    /// `include` compiled by `parse`; `None` when empty (every file is included).
    #[serde(skip)]
    include_set: Option<globset::GlobSet>,
    /// `exclude` compiled by `parse`.
    #[serde(skip)]
    exclude_set: globset::GlobSet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum Level {
    Off,
    Warn,
    Error,
}

impl TryFrom<String> for Level {
    type Error = String;

    fn try_from(level: String) -> Result<Self, String> {
        match level.as_str() {
            "off" => Ok(Level::Off),
            "warn" => Ok(Level::Warn),
            "error" => Ok(Level::Error),
            _ => Err(format!(
                "unknown level `{level}`, expected one of `off`, `warn`, `error`"
            )),
        }
    }
}

fn default_base_url() -> String {
    crate::request::DEFAULT_BASE_URL.to_owned()
}

fn default_proxy_prefix() -> String {
    "/open1-api".to_owned()
}

impl Default for Config {
    fn default() -> Self {
        Config::parse("", "the default config").expect("the empty config is valid")
    }
}

impl Config {
    /// `--config FILE`, or the first `open1-snip.toml` from the working directory upward, or the
    /// defaults.
    pub fn load(explicit: Option<&Path>) -> Result<Config, Error> {
        let path = match explicit {
            Some(path) => Some(path.to_owned()),
            None => std::env::current_dir().ok().and_then(|dir| {
                dir.ancestors()
                    .map(|d| d.join(FILE_NAME))
                    .find(|p| p.is_file())
            }),
        };
        let Some(path) = path else {
            return Ok(Config::default());
        };
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        let mut config = Config::parse(&text, &crate::walk::display(&path))?;
        config.root = path.parent().map(Path::to_owned).unwrap_or_default();
        Ok(config)
    }

    pub fn parse(text: &str, origin: &str) -> Result<Config, Error> {
        let mut config: Config = toml::from_str(text).map_err(|e| Error::Config {
            origin: origin.to_owned(),
            message: e.to_string(),
        })?;
        for id in config.rules.keys() {
            if !RULES.iter().any(|r| r.id == id) {
                let known: Vec<&str> = RULES.iter().map(|r| r.id).collect();
                return Err(Error::Config {
                    origin: origin.to_owned(),
                    message: format!(
                        "unknown rule `{id}` in [rules]; the rules are {}",
                        known.join(", ")
                    ),
                });
            }
        }
        let compile = |key: &str, globs: &[String]| -> Result<globset::GlobSet, Error> {
            let invalid = |message| Error::Config {
                origin: origin.to_owned(),
                message,
            };
            let mut set = globset::GlobSetBuilder::new();
            for glob in globs {
                set.add(
                    globset::Glob::new(glob)
                        .map_err(|e| invalid(format!("{key}: glob {glob:?}: {e}")))?,
                );
            }
            set.build().map_err(|e| invalid(format!("{key}: {e}")))
        };
        if !config.include.is_empty() {
            config.include_set = Some(compile("include", &config.include)?);
        }
        config.exclude_set = compile("exclude", &config.exclude)?;
        if let Some(endpoint) = config.endpoint.take() {
            if !config.endpoints.contains(&endpoint) {
                config.endpoints.insert(0, endpoint);
            }
        }
        if config.endpoints.is_empty() {
            config.endpoints = vec![crate::request::ENDPOINT_PATH.to_owned()];
        }
        if let Some(endpoint) = config.endpoints.iter().find(|e| !e.starts_with('/')) {
            return Err(Error::Config {
                origin: origin.to_owned(),
                message: format!("endpoint {endpoint:?} must start with /"),
            });
        }
        let urls = std::iter::once(&config.base_url).chain(&config.extra_base_urls);
        let relays = urls
            .map(|url| {
                RelayUrl::parse(url).ok_or_else(|| Error::Config {
                    origin: origin.to_owned(),
                    message: format!("base URL {url:?} is not an http(s) URL"),
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        config.relays = relays;
        Ok(config)
    }

    /// The severity `rule` reports with, or `None` when it is off.
    pub fn severity(&self, rule: &Rule) -> Option<Severity> {
        match self.rules.get(rule.id) {
            None => Some(rule.severity),
            Some(Level::Off) => None,
            Some(Level::Warn) => Some(Severity::Warning),
            Some(Level::Error) => Some(Severity::Error),
        }
    }

    /// The files `include` and `exclude` let through, their globs relative to the config's folder.
    pub fn path_filter(&self) -> PathFilter {
        let root = if self.root.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &self.root
        };
        PathFilter::new(root, self.include_set.clone(), self.exclude_set.clone())
    }

    /// The paths the relay serves below its base URLs (`endpoints`, and `endpoint`), at least
    /// one; the first is where a request that names none belongs.
    pub fn endpoints(&self) -> &[String] {
        &self.endpoints
    }

    /// The relay's base URLs, the configured one first.
    pub fn relays(&self) -> &[RelayUrl] {
        &self.relays
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_errors() {
        let config = Config::default();
        assert_eq!(
            config.relays(),
            [RelayUrl {
                scheme: "https".into(),
                host: "www.open1.codes".into(),
                prefix: String::new()
            }]
        );
        let config = Config::parse(
            "extra-models = [\"m\"]\n[rules]\nmissing-user-agent = \"off\"\n",
            "c",
        )
        .unwrap();
        assert_eq!(config.extra_models, ["m"]);
        assert!(
            Config::parse("colour = 1", "c")
                .unwrap_err()
                .to_string()
                .contains("unknown field `colour`")
        );
        assert!(
            Config::parse("[rules]\nno-such-rule = \"off\"", "c")
                .unwrap_err()
                .to_string()
                .contains("unknown rule `no-such-rule`")
        );
        assert!(
            Config::parse("[rules]\nleaked-key = \"loud\"", "c")
                .unwrap_err()
                .to_string()
                .contains("unknown level `loud`, expected one of `off`, `warn`, `error`")
        );
        assert!(Config::parse("base-url = \"www.x\"", "c").is_err());
        assert_eq!(Config::default().endpoints(), ["/v1/responses"]);
        let both = "endpoint = \"/v1/responses\"\nendpoints = [\"/v1/models\"]";
        assert_eq!(
            Config::parse(both, "c").unwrap().endpoints(),
            ["/v1/responses", "/v1/models"]
        );
        assert!(
            Config::parse("endpoints = [\"v1/models\"]", "c")
                .unwrap_err()
                .to_string()
                .contains("endpoint \"v1/models\" must start with /")
        );
    }
}
