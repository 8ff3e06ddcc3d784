//! The snippet languages `gen` writes.

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum)]
pub enum Lang {
    /// bash + curl, in the docs page's style, printing the reply with jq
    Curl,
    /// Python 3 with requests
    Python,
    /// Node.js 18+ with its built-in fetch (an ES module, no dependency)
    Node,
    /// Python 3 with the official openai package
    PythonOpenai,
    /// Node.js 18+ with the official openai npm package
    NodeOpenai,
}

impl Lang {
    pub const ALL: [Lang; 5] = [
        Lang::Curl,
        Lang::Python,
        Lang::Node,
        Lang::PythonOpenai,
        Lang::NodeOpenai,
    ];
    pub const DEFAULT: [Lang; 3] = [Lang::Curl, Lang::Python, Lang::Node];

    /// The `--lang` value, also the key in `--format json`.
    pub fn id(self) -> &'static str {
        match self {
            Lang::Curl => "curl",
            Lang::Python => "python",
            Lang::Node => "node",
            Lang::PythonOpenai => "python-openai",
            Lang::NodeOpenai => "node-openai",
        }
    }

    /// The template's file name in `templates/` (and in `--templates DIR`).
    pub fn template(self) -> &'static str {
        match self {
            Lang::Curl => "curl.sh.jinja",
            Lang::Python => "python.py.jinja",
            Lang::Node => "node.mjs.jinja",
            Lang::PythonOpenai => "python-openai.py.jinja",
            Lang::NodeOpenai => "node-openai.mjs.jinja",
        }
    }

    /// The built-in template.
    pub fn builtin_template(self) -> &'static str {
        match self {
            Lang::Curl => include_str!("../../templates/curl.sh.jinja"),
            Lang::Python => include_str!("../../templates/python.py.jinja"),
            Lang::Node => include_str!("../../templates/node.mjs.jinja"),
            Lang::PythonOpenai => include_str!("../../templates/python-openai.py.jinja"),
            Lang::NodeOpenai => include_str!("../../templates/node-openai.mjs.jinja"),
        }
    }

    /// The fenced block's info string in Markdown.
    pub fn fence(self) -> &'static str {
        match self {
            Lang::Curl => "bash",
            Lang::Python | Lang::PythonOpenai => "python",
            Lang::Node | Lang::NodeOpenai => "js",
        }
    }

    /// The heading or tab title.
    pub fn title(self) -> &'static str {
        match self {
            Lang::Curl => "cURL",
            Lang::Python => "Python",
            Lang::Node => "Node.js",
            Lang::PythonOpenai => "Python (openai)",
            Lang::NodeOpenai => "Node.js (openai)",
        }
    }
}
