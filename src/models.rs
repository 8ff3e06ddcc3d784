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

    /// The listed id closest to `id`, if one is close enough to be a likely typo.
    pub fn suggest(&self, id: &str) -> Option<&str> {
        let wanted = id.trim().to_lowercase();
        self.models
            .iter()
            .map(|m| (strsim::jaro_winkler(&wanted, &m.id), m.id.as_str()))
            .filter(|(score, _)| *score >= 0.85)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, id)| id)
    }

    pub fn ids(&self) -> Vec<&str> {
        self.models.iter().map(|m| m.id.as_str()).collect()
    }
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
        assert_eq!(table.suggest("gpt5.4"), Some("gpt-5.4"));
        assert_eq!(table.suggest("GPT-5.4"), Some("gpt-5.4"));
        assert_eq!(table.suggest("gpt-5.1-codx-max"), Some("gpt-5.1-codex-max"));
        assert_eq!(table.suggest("gpt-5.4-mini"), Some("gpt-5.4"));
        assert_eq!(table.suggest("gpt-5-codex"), Some("gpt-5.1-codex"));
        assert_eq!(table.suggest("claude-3-opus"), None);
        assert_eq!(table.suggest("o3"), None);
    }
}
