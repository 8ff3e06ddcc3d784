//! A Codex CLI `config.toml` (and ```` ```toml ```` blocks holding one): each
//! `[model_providers.<name>]` table is a client of the catalog's `codex` library — its
//! `base_url`, `wire_api`, `env_key`, `experimental_bearer_token`, `http_headers` and
//! `env_http_headers` — as is the built-in provider moved by a top-level `openai_base_url`; the
//! `model` of the top level and of each profile is a model sent through the provider it
//! selects. Read with the `toml` crate's spanned parser.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Call, Client, Header, Parsed, Span, Text};
use crate::catalog::{Catalog, Library};

pub fn parse(code: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let Ok(root) = DeTable::parse(code) else {
        return parsed;
    };
    let root = root.get_ref();
    let library: &'static Library = Catalog::shared().codex();
    let mut providers = Vec::new();
    if let Some(DeValue::Table(table)) = get(root, "model_providers") {
        for (name, value) in table {
            if let DeValue::Table(provider) = value.get_ref() {
                let call = provider_call(library, provider, name.span(), code);
                providers.push((name.get_ref().to_string(), relay_like(&call)));
                parsed.calls.push(call);
            }
        }
    }
    // `openai_base_url` points the built-in `openai` provider elsewhere (a Responses API).
    if let Some((url, span)) = string(root, "openai_base_url") {
        let key = root
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == "openai_base_url")
            .map_or(span.clone(), |(k, _)| k.span());
        let mut call = Call::new(Client::Sdk(library), key);
        call.url = Some((Text::lit(url), span));
        providers.push(("openai".to_owned(), relay_like(&call)));
        parsed.calls.push(call);
    }
    // A model goes to the provider its table selects (a profile's, else the top level's); it
    // is the relay's when that provider is defined here and on an open1 host, or, with none
    // selected, when a provider here is.
    let any_relay = providers.iter().any(|(_, relay)| *relay);
    let top_provider = string(root, "model_provider").map(|(name, _)| name);
    let mut scopes = vec![(root, None)];
    if let Some(DeValue::Table(profiles)) = get(root, "profiles") {
        for (_, profile) in profiles {
            if let DeValue::Table(profile) = profile.get_ref() {
                scopes.push((profile, string(profile, "model_provider").map(|(n, _)| n)));
            }
        }
    }
    for (table, provider) in scopes {
        let Some((model, span)) = string(table, "model") else {
            continue;
        };
        // With none selected, Codex uses its built-in `openai` provider.
        let relay = match provider.or(top_provider.clone()) {
            Some(name) => providers.iter().any(|(n, relay)| *n == name && *relay),
            None => providers
                .iter()
                .find(|(n, _)| n == "openai")
                .map_or(any_relay, |(_, relay)| *relay),
        };
        if relay {
            parsed.models.push((model, inner(code, span)));
        }
    }
    parsed
}

/// Whether `code` is not valid TOML.
pub fn has_syntax_error(code: &str) -> bool {
    DeTable::parse(code).is_err()
}

fn provider_call(library: &'static Library, table: &DeTable<'_>, name: Span, code: &str) -> Call {
    let mut call = Call::new(Client::Sdk(library), name);
    let option =
        |names: &[String]| Library::option(names, |n| string(table, n)).map(|(_, value)| value);
    call.url = option(&library.base_url).map(|(url, span)| (Text::lit(url), span));
    call.api_key = option(&library.api_key).map(|(key, span)| (Text::lit(key), span));
    call.wire_api = string(table, "wire_api");
    call.key_variable = option(&library.key_variable).map(|(name, span)| (name, inner(code, span)));
    let mut headers = Vec::new();
    let mut known = true;
    let literal = library.headers.iter().map(|h| (h.as_str(), false));
    let from_variables = library.header_variables.iter().map(|h| (h.as_str(), true));
    for (option, from_env) in literal.chain(from_variables) {
        let Some(DeValue::Table(entries)) = get(table, option) else {
            continue;
        };
        for (name, value) in entries {
            let span = name.span().start..value.span().end;
            match value.get_ref().as_str() {
                Some(text) => headers.push(Header {
                    name: name.get_ref().to_string(),
                    value: match from_env {
                        true => Text::var(text),
                        false => Text::lit(text),
                    },
                    span,
                    origin: None,
                }),
                None => known = false,
            }
        }
    }
    call.headers = known.then_some(headers);
    call
}

/// Whether a provider's base URL is on an open1 host: the only providers lint judges (a
/// config may also set up Ollama, Azure…, which are not the relay's business).
fn relay_like(call: &Call) -> bool {
    call.url
        .as_ref()
        .and_then(|(url, _)| url.known())
        .is_some_and(|url| url.to_ascii_lowercase().contains("open1"))
}

fn get<'t, 'i>(table: &'t DeTable<'i>, key: &str) -> Option<&'t DeValue<'i>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(_, v)| v.get_ref())
}

/// A string entry of `table`, with the span of its token (quotes included).
fn string(table: &DeTable<'_>, key: &str) -> Option<(String, Span)> {
    let (_, value): (_, &Spanned<DeValue<'_>>) =
        table.iter().find(|(k, _)| k.get_ref().as_ref() == key)?;
    Some((value.get_ref().as_str()?.to_owned(), value.span()))
}

/// The span inside a one-line string's quotes.
fn inner(code: &str, span: Span) -> Span {
    let token = &code[span.clone()];
    let quoted = token.len() >= 2
        && ["\"", "'"]
            .iter()
            .any(|q| token.starts_with(q) && token.ends_with(q))
        && !token.starts_with("\"\"\"")
        && !token.starts_with("'''");
    match quoted {
        true => span.start + 1..span.end - 1,
        false => span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_model_providers() {
        let code = "model = \"gpt-5.4\"\nmodel_provider = \"open1\"\n\n\
                    [model_providers.open1]\nname = \"open1\"\nbase_url = \"https://www.open1.codes\"\n\
                    wire_api = \"chat\"\nenv_key = \"OPEN1_API_KEY\"\n\
                    http_headers = { \"User-Agent\" = \"codex\" }\n\n\
                    [model_providers.ollama]\nbase_url = \"http://localhost:11434/v1\"\n\n\
                    [profiles.local]\nmodel = \"llama3\"\nmodel_provider = \"ollama\"\n";
        let parsed = parse(code);
        // Providers come in the parser's order (by name).
        let [ollama, open1] = parsed.calls.as_slice() else {
            panic!("{parsed:?}")
        };
        assert_eq!(&code[open1.span.clone()], "open1");
        let (url, span) = open1.url.as_ref().unwrap();
        assert_eq!(url.known().unwrap(), "https://www.open1.codes");
        assert_eq!(&code[span.clone()], "\"https://www.open1.codes\"");
        let (api, span) = open1.wire_api.as_ref().unwrap();
        assert_eq!((api.as_str(), &code[span.clone()]), ("chat", "\"chat\""));
        let (key, span) = open1.key_variable.as_ref().unwrap();
        assert_eq!(
            (key.as_str(), &code[span.clone()]),
            ("OPEN1_API_KEY", "OPEN1_API_KEY")
        );
        assert_eq!(
            open1.header("user-agent").unwrap().value,
            Text::lit("codex")
        );
        assert!(!relay_like(ollama));
        // The Ollama profile's model is not the relay's.
        let models: Vec<&str> = parsed
            .models
            .iter()
            .map(|(m, span)| {
                assert_eq!(&code[span.clone()], m);
                m.as_str()
            })
            .collect();
        assert_eq!(models, ["gpt-5.4"]);
        assert!(has_syntax_error("[a\n"));
        // The built-in provider, moved.
        let code = "openai_base_url = \"https://www.open1.codes\"\nmodel = \"gpt-5.4\"\n";
        let parsed = parse(code);
        assert_eq!(&code[parsed.calls[0].span.clone()], "openai_base_url");
        assert_eq!(parsed.models.len(), 1);
        assert!(parse("[tool.poetry]\nname = \"x\"\n").calls.is_empty());
    }
}
