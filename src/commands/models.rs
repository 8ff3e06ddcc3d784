//! `open1-snip models`: the model table as a table or JSON.

use std::io::Write;

use crate::cli::{ModelsArgs, ModelsFormat};
use crate::error::Error;
use crate::models::{ModelTable, Status};

pub fn models(args: &ModelsArgs, out: &mut dyn Write) -> Result<(), Error> {
    let table = ModelTable::shared();
    let text = match args.format {
        ModelsFormat::Json => {
            let mut text =
                serde_json::to_string_pretty(&table.models).expect("models always serialize");
            text.push('\n');
            text
        }
        ModelsFormat::Table => render_table(table),
    };
    out.write_all(text.as_bytes()).map_err(Error::Write)
}

fn render_table(table: &ModelTable) -> String {
    let price = |p: Option<f64>| p.map_or_else(|| "-".to_owned(), |p| format!("${p:.2}"));
    let rows: Vec<[String; 5]> = table
        .models
        .iter()
        .map(|m| {
            let status = match m.status {
                Status::Available => "available",
                Status::Unmatched => "unmatched (no price, not routed)",
            };
            [
                m.id.clone(),
                m.name.clone(),
                price(m.input_price),
                price(m.output_price),
                status.to_owned(),
            ]
        })
        .collect();
    let header = ["MODEL ID", "NAME", "INPUT/1M", "OUTPUT/1M", "STATUS"].map(str::to_owned);
    let widths: Vec<usize> = (0..5)
        .map(|i| {
            std::iter::once(&header)
                .chain(&rows)
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let line = format!(
            "{:<w0$}  {:<w1$}  {:>w2$}  {:>w3$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3]
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
