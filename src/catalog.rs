//! The client libraries lint recognises: how each is brought in, made and configured. The data
//! lives in `templates/clients.toml` and is compiled in; the Python and JavaScript parsers look
//! calls up here, and the rules read what a library appends to its base URL and whether its own
//! User-Agent is one the relay's proxy blocks.

use serde::Deserialize;

const BUILTIN: &str = include_str!("../templates/clients.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Python,
    JavaScript,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A client object configured once with a base URL, to which the library appends its path.
    Sdk,
    /// A raw HTTP request naming the whole URL.
    Http,
}

/// The environment variables an SDK reads when the snippet passes no option.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    #[serde(default)]
    pub base_url: Vec<String>,
    #[serde(default)]
    pub api_key: Vec<String>,
}

/// Settings assigned on a Python module itself (`openai.base_url = "…"`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleSettings {
    pub base_url: Option<String>,
    pub api_key: Option<String>,
}

/// One client library (see the field notes at the top of `templates/clients.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Library {
    pub id: String,
    pub name: String,
    pub language: Language,
    pub kind: Kind,
    #[serde(default)]
    pub modules: Vec<String>,
    #[serde(default)]
    pub constructors: Vec<String>,
    #[serde(default)]
    pub needs_import: bool,
    #[serde(default)]
    pub methods: Vec<String>,
    #[serde(default)]
    pub sessions: Vec<String>,
    #[serde(default)]
    pub base_url: Vec<String>,
    #[serde(default)]
    pub api_key: Vec<String>,
    #[serde(default)]
    pub headers: Vec<String>,
    #[serde(default)]
    pub model: Vec<String>,
    #[serde(default)]
    pub url: Vec<String>,
    #[serde(default)]
    pub body: Vec<String>,
    #[serde(default)]
    pub json: Vec<String>,
    #[serde(default)]
    pub module_settings: ModuleSettings,
    #[serde(default)]
    pub base_path: String,
    #[serde(default)]
    pub appends: String,
    #[serde(default)]
    pub env: Environment,
    pub default_user_agent: Option<String>,
    #[serde(default)]
    pub user_agent_blocked: bool,
    #[serde(default)]
    pub model_prefix: String,
    #[serde(default)]
    pub model_methods: Vec<String>,
    #[serde(default)]
    pub triggers: Vec<String>,
}

// Libraries are compared by id: the catalog holds each once.
impl PartialEq for Library {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for Library {}

impl Library {
    /// Whether `module` (an import's source) is this library's.
    pub fn is_module(&self, module: &str) -> bool {
        self.modules.iter().any(|m| {
            module == m
                || module
                    .strip_prefix(m.as_str())
                    .is_some_and(|rest| rest.starts_with(['.', '/']))
        })
    }

    /// The first option name of `names` that `get` finds, with its value.
    pub fn option<T>(
        names: &[String],
        mut get: impl FnMut(&str) -> Option<T>,
    ) -> Option<(&str, T)> {
        names
            .iter()
            .find_map(|name| get(name).map(|value| (name.as_str(), value)))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    #[serde(rename = "library")]
    pub libraries: Vec<Library>,
}

impl Catalog {
    /// The compiled-in catalog, parsed on first use.
    pub fn shared() -> &'static Catalog {
        static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
        CATALOG.get_or_init(|| {
            toml::from_str(BUILTIN)
                .expect("templates/clients.toml is valid (checked by a unit test)")
        })
    }

    pub fn get(&self, id: &str) -> Option<&Library> {
        self.libraries.iter().find(|library| library.id == id)
    }

    /// The libraries of one language.
    pub fn of(&self, language: Language) -> impl Iterator<Item = &Library> {
        self.libraries
            .iter()
            .filter(move |library| library.language == language)
    }

    /// The library a call named `name` (the last part of its dotted callee) makes a client of:
    /// the one whose module it was imported from or is called on (`module`), else the first
    /// that lists the name and does not need an import.
    pub fn constructor(
        &self,
        language: Language,
        name: &str,
        module: Option<&str>,
    ) -> Option<&Library> {
        let mut candidates = self
            .of(language)
            .filter(|library| library.constructors.iter().any(|c| c == name));
        match module {
            Some(module) => candidates.find(|library| library.is_module(module)),
            None => candidates.find(|library| !library.needs_import),
        }
    }

    /// Every trigger word of the catalog (lint's prefilter adds them to its own).
    pub fn triggers(&self) -> impl Iterator<Item = &str> {
        self.libraries
            .iter()
            .flat_map(|library| library.triggers.iter().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_catalog_parses_and_resolves_constructors() {
        let catalog = Catalog::shared();
        let ids: Vec<&str> = catalog.libraries.iter().map(|l| l.id.as_str()).collect();
        for id in [
            "requests",
            "httpx",
            "openai-python",
            "openai-node",
            "ai-sdk-openai",
            "ai-sdk-openai-compatible",
            "langchain-python",
            "langchain-js",
            "llamaindex",
            "litellm",
        ] {
            assert!(ids.contains(&id), "{id} missing from {ids:?}");
        }
        let name = |language, name, module| {
            catalog
                .constructor(language, name, module)
                .map(|l| l.id.as_str())
        };
        assert_eq!(
            name(Language::Python, "OpenAI", None),
            Some("openai-python")
        );
        assert_eq!(
            name(Language::Python, "OpenAI", Some("llama_index.llms.openai")),
            Some("llamaindex")
        );
        assert_eq!(
            name(Language::Python, "ChatOpenAI", None),
            Some("langchain-python")
        );
        assert_eq!(name(Language::Python, "completion", None), None);
        assert_eq!(
            name(Language::Python, "completion", Some("litellm")),
            Some("litellm")
        );
        assert_eq!(
            name(Language::JavaScript, "createOpenAI", None),
            Some("ai-sdk-openai")
        );
        assert_eq!(
            name(Language::JavaScript, "OpenAI", Some("openai")),
            Some("openai-node")
        );
        // Every SDK has the path its base URL must end in and what it appends.
        for library in catalog.libraries.iter().filter(|l| l.kind == Kind::Sdk) {
            assert!(library.base_path.starts_with('/'), "{}", library.id);
            assert!(library.appends.starts_with('/'), "{}", library.id);
            assert!(!library.base_url.is_empty(), "{}", library.id);
        }
    }
}
