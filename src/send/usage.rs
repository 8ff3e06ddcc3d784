//! The tokens a response used, and what they cost at the model table's prices (US dollars per
//! 1M tokens). An estimate: the relay bills by its own rules (groups, cached input), which the
//! docs page does not give.

use serde_json::Value;

use crate::models::ModelTable;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    pub input: u64,
    pub output: u64,
    pub total: u64,
    /// Input tokens served from the cache (`input_tokens_details.cached_tokens`).
    pub cached: u64,
    /// Output tokens spent on reasoning (`output_tokens_details.reasoning_tokens`).
    pub reasoning: u64,
}

impl Usage {
    /// The Responses API's `usage` object; `None` when it is missing or holds no counts.
    pub fn from_json(usage: Option<&Value>) -> Option<Self> {
        let usage = usage?.as_object()?;
        let count = |v: Option<&Value>| v.and_then(Value::as_u64);
        let input = count(usage.get("input_tokens"));
        let output = count(usage.get("output_tokens"));
        if input.is_none() && output.is_none() {
            return None;
        }
        let (input, output) = (input.unwrap_or(0), output.unwrap_or(0));
        Some(Usage {
            input,
            output,
            total: count(usage.get("total_tokens")).unwrap_or(input.saturating_add(output)),
            cached: count(
                usage
                    .get("input_tokens_details")
                    .and_then(|d| d.get("cached_tokens")),
            )
            .unwrap_or(0),
            reasoning: count(
                usage
                    .get("output_tokens_details")
                    .and_then(|d| d.get("reasoning_tokens")),
            )
            .unwrap_or(0),
        })
    }
}

/// The lines `send` prints on stderr after a reply: the tokens, then the estimated cost.
pub fn summary(usage: Option<&Usage>, model: &str, table: &ModelTable) -> String {
    let Some(usage) = usage else {
        return "usage: the relay reported no token usage, so no cost can be estimated\n".into();
    };
    let mut details = Vec::new();
    if usage.cached > 0 {
        details.push(format!("{} input cached", usage.cached));
    }
    if usage.reasoning > 0 {
        details.push(format!("{} output reasoning", usage.reasoning));
    }
    let details = match details.is_empty() {
        true => String::new(),
        false => format!(" ({})", details.join(", ")),
    };
    let tokens = format!(
        "usage: {} input + {} output = {} tokens{details}\n",
        usage.input, usage.output, usage.total
    );
    let cost = match table.get(model) {
        Some(m) => match (m.input_price, m.output_price) {
            (Some(input), Some(output)) => {
                let dollars =
                    (usage.input as f64 * input + usage.output as f64 * output) / 1_000_000.0;
                format!(
                    "cost: ~${} ({model} at ${input:.2} input / ${output:.2} output per 1M tokens, from the model table)\n",
                    dollars_text(dollars)
                )
            }
            _ => format!("cost: unknown ({model} has no price in the model table)\n"),
        },
        None => format!("cost: unknown ({model} is not in the model table)\n"),
    };
    tokens + &cost
}

/// Dollars with the digits that matter: at least two decimals, at most six.
fn dollars_text(dollars: f64) -> String {
    let text = format!("{dollars:.6}");
    let trimmed = text.trim_end_matches('0');
    match trimmed.split_once('.') {
        Some((_, decimals)) if decimals.len() >= 2 => trimmed.to_owned(),
        _ => format!("{dollars:.2}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_responses_api_usage() {
        let usage = Usage::from_json(Some(&json!({
            "input_tokens": 1200, "output_tokens": 300, "total_tokens": 1500,
            "input_tokens_details": {"cached_tokens": 1000},
            "output_tokens_details": {"reasoning_tokens": 256}
        })))
        .unwrap();
        assert_eq!(
            usage,
            Usage {
                input: 1200,
                output: 300,
                total: 1500,
                cached: 1000,
                reasoning: 256
            }
        );
        assert_eq!(Usage::from_json(Some(&json!({"foo": 1}))), None);
        assert_eq!(Usage::from_json(Some(&json!("x"))), None);
        assert_eq!(Usage::from_json(None), None);
    }

    #[test]
    fn costs_at_the_table_prices() {
        let table = ModelTable::builtin();
        let usage = Usage {
            input: 12,
            output: 3,
            total: 15,
            ..Usage::default()
        };
        assert_eq!(
            summary(Some(&usage), "gpt-5.4", &table),
            "usage: 12 input + 3 output = 15 tokens\ncost: ~$0.000075 (gpt-5.4 at $2.50 input / $15.00 output per 1M tokens, from the model table)\n"
        );
        let big = Usage {
            input: 1_000_000,
            output: 100_000,
            total: 1_100_000,
            ..Usage::default()
        };
        assert!(summary(Some(&big), "gpt-5.1-codex-mini", &table).contains("cost: ~$0.45 "));
        assert!(
            summary(Some(&usage), "gpt-5.3-codex-spark", &table)
                .contains("cost: unknown (gpt-5.3-codex-spark has no price")
        );
        assert!(summary(None, "gpt-5.4", &table).contains("no token usage"));
    }

    #[test]
    fn dollars() {
        assert_eq!(dollars_text(0.000075), "0.000075");
        assert_eq!(dollars_text(0.45), "0.45");
        assert_eq!(dollars_text(1.5), "1.50");
        assert_eq!(dollars_text(12.345678), "12.345678");
        assert_eq!(dollars_text(0.0), "0.00");
    }
}
