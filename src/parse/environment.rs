//! Environment variables as a client reads them: the assignments a shell script, a dotenv file
//! or a Compose service makes become a [`Call`] of each config library of the catalog whose
//! variables they set (`openai-env`: `OPENAI_BASE_URL`…), its base URL, key and model taken from
//! the variables the library lists for each role.

use super::{Call, Client, Piece, Span, Text};
use crate::catalog::{Catalog, Library};

/// One `NAME=value` the snippet sets.
#[derive(Debug, Clone)]
pub struct Assignment {
    pub name: String,
    pub name_span: Span,
    pub value: Text,
    /// The value's token: its quotes included, or the bare text.
    pub value_span: Span,
}

/// The calls the environment `assignments` (in order: a later one wins) configure: one for each
/// config library of the catalog whose base URL variable they set.
pub fn calls(assignments: &[Assignment]) -> Vec<Call> {
    Catalog::shared()
        .environments()
        .filter_map(|library| call(library, assignments))
        .collect()
}

fn call(library: &'static Library, assignments: &[Assignment]) -> Option<Call> {
    let last = |names: &[String]| assignments.iter().rev().find(|a| names.contains(&a.name));
    // Without a base URL the app goes to its default server: not the relay's business.
    let base_url = last(&library.env.base_url)?;
    let api_key = last(&library.env.api_key);
    let mut call = Call::new(Client::Sdk(library), base_url.name_span.clone());
    call.url = Some((base_url.value.clone(), base_url.value_span.clone()));
    call.api_key = api_key.map(|a| (a.value.clone(), a.value_span.clone()));
    call.model = last(&library.env.model)
        .and_then(|a| Some((a.value.known()?, a.value_span.clone())))
        .filter(|(model, _)| !model.is_empty());
    Some(call)
}

/// A value with `$NAME` and `${NAME…}` references (dotenv, Compose and `docker run` values are
/// interpolated so): the references are unknown pieces, `$$` is a `$`.
pub fn interpolated(value: &str) -> Text {
    let mut text = Text::default();
    let mut literal = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('$') {
        literal.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, len) = if let Some(inner) = after.strip_prefix('{') {
            match inner.find('}') {
                Some(end) => (Some(&inner[..end]), end + 2),
                None => (None, 0),
            }
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            ((end > 0).then(|| &after[..end]), end)
        };
        match name {
            Some(name) => {
                if !literal.is_empty() {
                    text.push(Piece::Lit(std::mem::take(&mut literal)));
                }
                // `${NAME:-default}`: still the variable's, whatever the default.
                let name = name.split([':', '-', '?', '+']).next().unwrap_or(name);
                text.push(Piece::Var(name.to_owned()));
                rest = &after[len..];
            }
            None => {
                literal.push('$');
                rest = after.strip_prefix('$').unwrap_or(after);
            }
        }
    }
    literal.push_str(rest);
    if !literal.is_empty() || text.pieces.is_empty() {
        text.push(Piece::Lit(literal));
    }
    text
}

/// Whether `name` can be an environment variable's name.
pub fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolation() {
        assert_eq!(interpolated("https://a/v1"), Text::lit("https://a/v1"));
        assert_eq!(interpolated("").display(), "");
        assert_eq!(
            interpolated("${BASE:-https://x}/v1").display(),
            "${BASE}/v1"
        );
        assert_eq!(interpolated("a$$b$").display(), "a$b$");
        assert_eq!(interpolated("$KEY").pieces, [Piece::Var("KEY".into())]);
    }

    #[test]
    fn roles_come_from_the_catalog() {
        let a = |name: &str, value: &str| Assignment {
            name: name.into(),
            name_span: 0..1,
            value: Text::lit(value),
            value_span: 2..3,
        };
        let found = calls(&[
            a("OPENAI_BASE_URL", "https://x"),
            a("OPENAI_API_KEY", "k"),
            a("OPENAI_MODEL", "gpt-5"),
            a("OPENAI_BASE_URL", "https://y"),
        ]);
        // Open WebUI and LobeChat read the key too, but are given no base URL here.
        let [openai] = found.as_slice() else {
            panic!("{found:?}")
        };
        assert_eq!(openai.url.as_ref().unwrap().0, Text::lit("https://y"));
        assert_eq!(openai.api_key.as_ref().unwrap().0, Text::lit("k"));
        assert_eq!(openai.model.as_ref().unwrap().0, "gpt-5");
        let webui = calls(&[a("OPENAI_API_BASE_URL", "https://z/v1")]);
        assert_eq!(webui[0].client.library().unwrap().id, "open-webui-env");
        assert!(calls(&[a("OTHER", "x")]).is_empty());
        assert!(is_variable_name("OPEN1_API_KEY"));
        assert!(!is_variable_name("sk-abc"));
        assert!(!is_variable_name("1A"));
    }
}
