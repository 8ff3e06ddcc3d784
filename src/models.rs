//! The relay's model table: the docs page's fixed set of models, with prices and status. The data
//! lives in `templates/models.toml` and is compiled in.

use serde::{Deserialize, Serialize};

const BUILTIN: &str = include_str!("../templates/models.toml");

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub id: String,
    pub name: String,
    /// US dollars per million input tokens; `None` when the relay has no price for it.
    pub input_price: Option<f64>,
    /// US dollars per million output tokens.
    pub output_price: Option<f64>,
    pub status: Status,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Priced and routed.
    Available,
    /// Listed, but the relay has no price for it and does not route it.
    Unmatched,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelTable {
    #[serde(rename = "model")]
    pub models: Vec<Model>,
}

impl ModelTable {
    /// The compiled-in table, parsed on first use and shared by the whole run (`sync` checks a
    /// model per marker, `send` looks one up twice).
    pub fn shared() -> &'static Self {
        static TABLE: std::sync::OnceLock<ModelTable> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| {
            toml::from_str(BUILTIN)
                .expect("templates/models.toml is valid (checked by a unit test)")
        })
    }

    /// A copy of [`ModelTable::shared`], for a caller that keeps its own.
    pub fn builtin() -> Self {
        Self::shared().clone()
    }

    pub fn get(&self, id: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.id == id)
    }

    /// The listed id `id` is a misspelling of, if it is one: the same id but for case and
    /// separators (`gpt5.4`, `gpt-5-4`, `GPT-5.4`), or the same version numbers with a word
    /// one or two letters off (`gpt-5.1-codx-max`). A model of another version, family or vendor
    /// (`gpt-4.1`, `gpt-5.4-mini`, `o3-mini`, `claude-3-opus`) is no misspelling of a listed one,
    /// however close its letters: naming a listed model for it would swap one model for another.
    pub fn suggest(&self, id: &str) -> Option<&str> {
        let (letters, numbers) = shape(id);
        self.models
            .iter()
            .filter_map(|m| {
                let (listed_letters, listed_numbers) = shape(&m.id);
                (listed_numbers == numbers).then(|| {
                    (
                        strsim::levenshtein(&letters, &listed_letters),
                        m.id.as_str(),
                    )
                })
            })
            .filter(|(distance, _)| *distance <= 2)
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, id)| id)
    }

    /// The listed models of the family `id` names when it is no misspelling of one of them: the
    /// same words as a listed model, or a word one or two letters off, with a version the relay
    /// does not have (`gpt-5.4-codex`, `gpt-5.4-codx`: the relay's Codex models). Empty for a
    /// bare version (`gpt-4.1`) or another family: their words are not a listed model's.
    pub fn family(&self, id: &str) -> Vec<&str> {
        let (letters, _) = shape(id);
        let near: Vec<(usize, &Model)> = self
            .models
            .iter()
            .filter(|m| m.status == Status::Available)
            .filter_map(|m| {
                let (listed, _) = shape(&m.id);
                // More than the vendor's `gpt`: a word of the family's own.
                let distance = strsim::levenshtein(&letters, &listed);
                (listed.len() > "gpt".len() + 2 && distance <= 2).then_some((distance, m))
            })
            .collect();
        let Some(nearest) = near.iter().map(|(distance, _)| *distance).min() else {
            return Vec::new();
        };
        near.into_iter()
            .filter(|(distance, _)| *distance == nearest)
            .map(|(_, m)| m.id.as_str())
            .collect()
    }

    /// The ids the relay routes (not those listed without a price), for messages.
    pub fn available(&self) -> impl Iterator<Item = &str> {
        self.models
            .iter()
            .filter(|m| m.status == Status::Available)
            .map(|m| m.id.as_str())
    }

    pub fn ids(&self) -> Vec<&str> {
        self.models.iter().map(|m| m.id.as_str()).collect()
    }
}

/// A model id's letters (lowercase, separators dropped) and its numbers: `gpt-5.1-codex` is
/// (`gptcodex`, [5, 1]).
fn shape(id: &str) -> (String, Vec<&str>) {
    let letters = id
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let numbers = id
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect();
    (letters, numbers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_matches_the_docs_page() {
        let table = ModelTable::builtin();
        assert_eq!(table.models.len(), 10);
        assert_eq!(table.models[0].id, "gpt-5.4");
        assert_eq!(table.get("gpt-5.4").unwrap().output_price, Some(15.0));
        let spark = table.get("gpt-5.3-codex-spark").unwrap();
        assert_eq!((spark.status, spark.input_price), (Status::Unmatched, None));
        assert_eq!(
            table.get("gpt-5.1-codex-mini").unwrap().input_price,
            Some(0.25)
        );
    }

    #[test]
    fn suggestions() {
        let table = ModelTable::builtin();
        for (typo, listed) in [
            ("gpt5.4", "gpt-5.4"),
            ("GPT-5.4", "gpt-5.4"),
            ("gpt-5-4", "gpt-5.4"),
            ("gpt_5.4", "gpt-5.4"),
            ("gpt-5.1-codx-max", "gpt-5.1-codex-max"),
            ("gpt-5.3-codx", "gpt-5.3-codex"),
            ("gpt-5.1-codex-min", "gpt-5.1-codex-mini"),
        ] {
            assert_eq!(table.suggest(typo), Some(listed), "{typo}");
        }
        // Another version, family or vendor: no suggestion.
        for other in [
            "gpt-4.1",
            "gpt-4o",
            "gpt-4o-mini",
            "gpt-5.4-mini",
            "gpt-5-codex",
            "gpt-5.4-codx",
            "o1",
            "o3",
            "o3-mini",
            "claude-3-opus",
            "claude-sonnet-4-5",
            "deepseek-chat",
            "deepseek-v3",
            "gemini-2.5-pro",
            "qwen-max",
            "llama-3.1-70b",
            "mistral-large",
        ] {
            assert_eq!(table.suggest(other), None, "{other}");
        }
    }

    #[test]
    fn families() {
        let table = ModelTable::builtin();
        let codex = vec!["gpt-5.3-codex", "gpt-5.2-codex", "gpt-5.1-codex"];
        assert_eq!(table.family("gpt-5.4-codx"), codex);
        assert_eq!(table.family("gpt-5.4-codex"), codex);
        assert_eq!(table.family("gpt-5-codex"), codex);
        assert_eq!(
            table.family("gpt-5.4-codex-mini"),
            vec!["gpt-5.1-codex-mini"]
        );
        for other in [
            "gpt-4.1",
            "gpt-4o",
            "gpt-4o-mini",
            "gpt-5.4-mini",
            "o3-mini",
            "claude-3-opus",
            "deepseek-chat",
        ] {
            assert_eq!(table.family(other), Vec::<&str>::new(), "{other}");
        }
    }
}
