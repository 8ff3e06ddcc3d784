//! The client libraries lint recognises: how each is brought in, made and configured. The data
//! lives in `templates/clients.toml` and is compiled in; the Python and JavaScript parsers look
//! calls up here, and the rules read what a library appends to its base URL and whether its own
//! User-Agent is one the relay's proxy blocks.

use std::collections::BTreeMap;

use serde::Deserialize;

const BUILTIN: &str = include_str!("../templates/clients.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Python,
    JavaScript,
    /// A configuration surface (environment variables, a Codex CLI `config.toml`): read from
    /// shell, dotenv, Compose and TOML snippets alike.
    Config,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A client object configured once with a base URL, to which the library appends its path.
    Sdk,
    /// A raw HTTP request naming the whole URL.
    Http,
    /// Settings a client reads from outside the code (environment variables, a tool's config
    /// file): a base URL, a key and a model, checked like an SDK's.
    Config,
}

/// The environment variables an SDK reads when the snippet passes no option.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    #[serde(default)]
    pub base_url: Vec<String>,
    #[serde(default)]
    pub api_key: Vec<String>,
    /// The variables that name the model (config surfaces only).
    #[serde(default)]
    pub model: Vec<String>,
}

/// What a setting assigned on a Python module itself configures (`openai.base_url = "…"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    BaseUrl,
    ApiKey,
    Headers,
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
    pub method_first: Vec<String>,
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
    /// Python: module attributes (`openai.base_url`) and what each sets.
    #[serde(default)]
    pub module_settings: BTreeMap<String, Setting>,
    /// The parameters a call takes by position: an SDK's constructor's, or a request call's
    /// after the HTTP method of a `method_first` one; for http, none is the URL alone.
    #[serde(default)]
    pub positional: Vec<String>,
    /// http: where a session constructor is given the host it connects to (by keyword, or as
    /// its first argument), and the scheme each constructor speaks.
    #[serde(default)]
    pub host: Vec<String>,
    #[serde(default)]
    pub schemes: BTreeMap<String, String>,
    /// http: its `methods` count on any object the snippet does not show (a connection passed
    /// in as a parameter), not only on its module and sessions.
    #[serde(default)]
    pub any_receiver: bool,
    #[serde(default)]
    pub base_path: String,
    #[serde(default)]
    pub appends: String,
    /// sdk: what a client made by one of `constructors` appends when it is not `appends`
    /// (`OpenAIEmbeddings` → `/embeddings`, litellm's `responses` → `/responses`).
    #[serde(default)]
    pub appends_for: BTreeMap<String, String>,
    /// sdk: the path each API of a client posts to (after its base URL), by the dotted name it
    /// is called by on the client (`chat.completions` in `client.chat.completions.create(…)`).
    #[serde(default)]
    pub apis: BTreeMap<String, String>,
    /// sdk: options that make the client post to `/responses` instead of `appends`, with the
    /// value that does (`use_responses_api = true`; `"*"`: any value).
    #[serde(default)]
    pub responses_options: BTreeMap<String, toml::Value>,
    /// sdk: parts of a model name for which the library picks the Responses API by itself
    /// when no option says otherwise (LangChain's Codex models).
    #[serde(default)]
    pub responses_models: Vec<String>,
    /// How to reach the Responses API with this library, for messages; `{client}` stands for
    /// the client's name in the snippet.
    #[serde(default)]
    pub to_responses: String,
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
    /// Config: the option naming the environment variable that holds the key (`env_key`).
    #[serde(default)]
    pub key_variable: Vec<String>,
    /// Config: the option mapping header names to environment variables (`env_http_headers`).
    #[serde(default)]
    pub header_variables: Vec<String>,
    /// The API a client must be told to speak to reach the relay (Codex's `wire_api`).
    pub wire_api: Option<String>,
    /// A config file read as written: `$NAME` in it stays text (Codex's TOML), unlike a
    /// dotenv or Compose file, whose readers may substitute variables.
    #[serde(default)]
    pub literal_values: bool,
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

    /// What a client made by `constructor` appends to its base URL before any option.
    pub fn appends_for(&self, constructor: &str) -> &str {
        self.appends_for
            .get(constructor)
            .map_or(self.appends.as_str(), String::as_str)
    }

    /// The API a call on a client reaches, by the dotted names after the client
    /// (`["beta", "chat", "completions", "parse"]`): the longest of `apis` found among them, in
    /// a row, with the path it posts to.
    pub fn api(&self, names: &[&str]) -> Option<(&str, &str)> {
        self.apis
            .iter()
            .filter(|(api, _)| {
                let parts: Vec<&str> = api.split('.').collect();
                names.windows(parts.len()).any(|window| window == parts)
            })
            .max_by_key(|(api, _)| api.split('.').count())
            .map(|(api, path)| (api.as_str(), path.as_str()))
    }

    /// The parameters a request call takes by position (the URL alone when the catalog says
    /// none).
    pub fn positional(&self) -> &[String] {
        static URL: std::sync::LazyLock<Vec<String>> =
            std::sync::LazyLock::new(|| vec!["url".to_owned()]);
        if self.positional.is_empty() {
            &URL
        } else {
            &self.positional
        }
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

    /// Like [`Catalog::constructor`], among the libraries of one kind only.
    pub fn constructor_of(
        &self,
        language: Language,
        kind: Kind,
        name: &str,
        module: Option<&str>,
    ) -> Option<&Library> {
        let mut candidates = self.of(language).filter(|library| {
            library.kind == kind && library.constructors.iter().any(|c| c == name)
        });
        match module {
            Some(module) => candidates.find(|library| library.is_module(module)),
            None => candidates.find(|library| !library.needs_import),
        }
    }

    /// The raw-HTTP library whose session constructor `name` is: the one of `module` when the
    /// call names one, else the first that has it.
    pub fn session(
        &self,
        language: Language,
        name: &str,
        module: Option<&str>,
    ) -> Option<&Library> {
        self.of(language).find(|library| {
            library.kind == Kind::Http
                && library.sessions.iter().any(|s| s == name)
                && module.is_none_or(|module| library.is_module(module))
        })
    }

    /// The raw-HTTP library whose module `module` is and which has the request method `method`
    /// (`requests.post`).
    pub fn http_method(&self, language: Language, module: &str, method: &str) -> Option<&Library> {
        self.of(language).find(|library| {
            library.kind == Kind::Http
                && library.is_module(module)
                && library.methods.iter().any(|m| m == method)
        })
    }

    /// The library a module-level setting belongs to (`openai.base_url = …`), with what it sets.
    pub fn module_setting(&self, module: &str, attribute: &str) -> Option<(&Library, Setting)> {
        self.of(Language::Python).find_map(|library| {
            let setting = library.module_settings.get(attribute)?;
            library.is_module(module).then_some((library, *setting))
        })
    }

    /// The option names that carry a base URL in some library (`base_url`, `api_base`,
    /// `configuration.baseURL` as `baseURL`), the module attributes and the environment
    /// variables that set one: a snippet without any of them configures no SDK client.
    pub fn base_url_words(&self) -> impl Iterator<Item = &str> {
        self.libraries.iter().flat_map(|library| {
            let options = library
                .base_url
                .iter()
                .map(|name| name.rsplit('.').next().unwrap_or(name));
            let settings = library
                .module_settings
                .iter()
                .filter(|(_, setting)| **setting == Setting::BaseUrl)
                .map(|(attribute, _)| attribute.as_str());
            let variables = library.env.base_url.iter().map(String::as_str);
            options.chain(settings).chain(variables)
        })
    }

    /// The config libraries read from environment variables (`OPENAI_BASE_URL` for the openai
    /// SDKs, `OPENAI_API_BASE_URL` for Open WebUI…): what shell, dotenv and Compose snippets
    /// are checked as.
    pub fn environments(&self) -> impl Iterator<Item = &Library> {
        self.libraries
            .iter()
            .filter(|library| library.kind == Kind::Config && !library.env.base_url.is_empty())
    }

    /// The Codex CLI's model providers (`[model_providers.<name>]` of its `config.toml`).
    pub fn codex(&self) -> &Library {
        self.get("codex")
            .expect("templates/clients.toml has codex (checked by a unit test)")
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
            "fetch",
            "axios",
            "openai-python",
            "openai-node",
            "ai-sdk-openai",
            "ai-sdk-openai-compatible",
            "langchain-python",
            "langchain-js",
            "llamaindex",
            "litellm",
            "dspy",
            "crewai",
            "openai-env",
            "open-webui-env",
            "lobechat-env",
            "codex",
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
        // Too common a name to count without its import.
        assert_eq!(name(Language::Python, "LM", None), None);
        assert_eq!(
            name(Language::Python, "LLM", Some("crewai")),
            Some("crewai")
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
        let environments: Vec<&str> = catalog.environments().map(|l| l.id.as_str()).collect();
        assert_eq!(
            environments,
            ["openai-env", "open-webui-env", "lobechat-env"]
        );
        assert_eq!(catalog.codex().wire_api.as_deref(), Some("responses"));
        for library in catalog.libraries.iter().filter(|l| l.kind == Kind::Sdk) {
            assert!(library.base_path.starts_with('/'), "{}", library.id);
            assert!(library.appends.starts_with('/'), "{}", library.id);
            assert!(!library.base_url.is_empty(), "{}", library.id);
        }
    }
}
