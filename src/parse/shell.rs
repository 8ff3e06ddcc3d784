//! curl commands in bash (and sh, zsh, console sessions): the words of each `curl` command are
//! evaluated the way bash would — quotes removed, `$VAR` replaced where the snippet assigns it —
//! then read as curl reads its options, each looked up once in [`crate::curl`]'s table.
//!
//! The environment a script sets is read too: its assignments (`export OPENAI_BASE_URL=…`,
//! `OPENAI_API_KEY=… cmd`, `env A=… cmd`) and each `docker run -e A=…` container's, each a
//! client of the catalog's environment variables (see `environment.rs`); what a script writes to
//! a dotenv, Compose or Codex config file or a shell's startup file (a here-document, an `echo
//! '…' >> ~/.zshrc`) is read as that file.

mod continuation;

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::environment::{self, Assignment, is_variable_name};
use super::value::{Budget, capped, unknown_name};
use super::{Body, Call, Client, Field, Header, HeaderSite, Parsed, Piece, Span, Text, tree, walk};
use crate::curl::{self, CurlOption, DataKind, Meaning};
use crate::extract::{Dialect, FileKind};
use crate::http::header::HeaderLine;
use crate::literal::between_quotes;
use crate::literal::shell::{unescape_ansi_c, unescape_double, unescape_word};

/// A word as bash passes it: its text, the span of the word, and where its text starts in the
/// code when it is a quoted literal copied as it is.
#[derive(Debug, Clone)]
pub struct Word {
    pub text: Text,
    pub span: Span,
    pub verbatim_at: Option<usize>,
}

/// What a shell snippet runs, read once: every curl command with its arguments as curl reads
/// them (the linter's [`Call`]s and `convert` both come from here), the other commands, and
/// where the code stops being valid bash.
#[derive(Debug, Default)]
pub struct Script {
    pub curls: Vec<CurlCommand>,
    /// Every other command: its name and span.
    pub others: Vec<(String, Span)>,
    /// The first syntax error (an unterminated quote, a stray `)`), if any.
    pub error: Option<Span>,
    /// Every variable assignment, in order (`export A=…`, `A=… cmd`, `env A=… cmd`).
    pub(super) environment: Vec<Assignment>,
    /// The environment of each container a `docker run -e A=…` / `podman run` starts.
    pub(super) containers: Vec<Vec<Assignment>>,
    /// The variables curl commands expand (`curl "$OPENAI_BASE_URL/v1/responses"`).
    pub(super) curl_variables: HashSet<String>,
    /// Text written to a config file (`cat > .env <<'EOF'`, `tee ~/.codex/config.toml <<EOF`,
    /// `echo '…' >> ~/.zshrc`): the file's dialect and the text's span.
    pub(super) config_files: Vec<(Dialect, Span)>,
}

/// One curl command: its arguments in order, as curl reads them.
#[derive(Debug, Clone)]
pub struct CurlCommand {
    /// The command name (`curl`, `/usr/bin/curl`).
    pub span: Span,
    pub args: Vec<CurlArg>,
    /// What the command reads on standard input, when the snippet shows it.
    pub stdin: Option<Stdin>,
}

#[derive(Debug, Clone)]
pub enum CurlArg {
    /// A word that is not an option: a URL to request.
    Url(Word),
    /// One option — each letter of `-sSd` on its own — with its value when it takes one.
    Option {
        /// As written: `-d`, `--data-binary`.
        name: String,
        /// What the option is, when [`crate::curl`]'s table knows it; else a switch that means
        /// nothing for the request.
        option: Option<&'static CurlOption>,
        /// `None` for a switch, or when the command ends before the value.
        value: Option<Word>,
        /// The word the option is written in.
        span: Span,
        /// Written `--name=value`, which the linter reads but curl itself refuses.
        joined_by_equals: bool,
    },
}

/// A curl command's standard input.
#[derive(Debug, Clone)]
pub enum Stdin {
    /// `<<'EOF'` … `EOF`.
    Heredoc(Heredoc),
    /// `<<< word`: bash passes the word and a newline.
    HereString(Word),
    /// `< file`.
    File(Word),
}

#[derive(Debug, Clone)]
pub struct Heredoc {
    /// The body as tree-sitter delimits it (the linter reports positions in it).
    pub body: String,
    pub span: Span,
    /// What bash passes on standard input; `None` when bash would expand something in it (an
    /// unquoted delimiter and a `$`, `` ` `` or `\`) or the here-document is not terminated.
    pub input: Option<String>,
}

pub use continuation::{Break, BreakKind, breaks};

/// The linter's reading: a command broken by a `\` followed by blanks (and the like, see
/// [`breaks`]) is read as its author meant it — `broken-continuation` reports the break, and
/// the other rules judge the request the page wanted to send, not its truncated first line.
pub fn parse(code: &str) -> Parsed {
    let found = breaks(code, false);
    let mended;
    let code = match found.is_empty() {
        true => code,
        false => {
            mended = continuation::intended(code, &found);
            mended.as_str()
        }
    };
    let script = script(code);
    let mut calls: Vec<Call> = script.curls.iter().map(call).collect();
    // A variable the script's own curl commands expand is theirs: `OPENAI_BASE_URL=https://…`
    // then `curl "$OPENAI_BASE_URL/v1/responses"` is a host for curl, checked in curl's URL.
    let environment: Vec<Assignment> = script
        .environment
        .iter()
        .filter(|a| !script.curl_variables.contains(&a.name))
        .cloned()
        .collect();
    calls.extend(environment::calls(&environment));
    calls.extend(script.containers.iter().flat_map(|c| environment::calls(c)));
    let mut models = Vec::new();
    for (dialect, span) in &script.config_files {
        let body = &code[span.clone()];
        let parsed = match dialect {
            Dialect::Shell => parse(body),
            Dialect::Dotenv => super::dotenv::parse(body),
            Dialect::Toml => super::codex::parse(body),
            Dialect::Yaml => super::compose::parse(body),
            _ => continue,
        };
        calls.extend(
            parsed
                .calls
                .into_iter()
                .map(|call| call.shifted(span.start)),
        );
        models.extend(
            parsed
                .models
                .into_iter()
                .map(|(model, at)| (model, at.start + span.start..at.end + span.start)),
        );
    }
    Parsed {
        calls,
        models,
        ..Parsed::default()
    }
}

/// `code`'s syntax tree. tree-sitter-bash's scanner hands the character after some tokens to C's
/// `isdigit`, whose table is indexed by it: a code point of U+E0000 or above reads past the table
/// and crashes the process, smaller non-ASCII ones read whatever lies there. Bash splits words on
/// ASCII only and names variables in ASCII only, so the parser reads the code with each non-ASCII
/// character turned into as many `.` as it has bytes — a word character that names nothing, as
/// the character did — and byte offsets unchanged; every value is still read from `code` itself.
pub(super) fn syntax_tree(code: &str) -> Option<tree_sitter::Tree> {
    if code.is_ascii() {
        return tree(tree_sitter_bash::LANGUAGE.into(), code);
    }
    let ascii: String = code
        .chars()
        .flat_map(|c| {
            let (c, n) = if c.is_ascii() {
                (c, 1)
            } else {
                ('.', c.len_utf8())
            };
            std::iter::repeat_n(c, n)
        })
        .collect();
    tree(tree_sitter_bash::LANGUAGE.into(), &ascii)
}

/// Reads `code`'s commands, keeping the simple assignments it meets on the way.
pub fn script(code: &str) -> Script {
    let mut script = Script::default();
    let Some(tree) = syntax_tree(code) else {
        script.error = Some(0..code.len());
        return script;
    };
    let mut scope = Scope::default();
    walk(tree.root_node(), &mut |node| match node.kind() {
        "variable_assignment" => {
            if let (Some(name), Some(value)) = (node.field("name"), node.field("value")) {
                let value = evaluate(value, code, &mut scope);
                let name_span = name.byte_range();
                let name = code[name.byte_range()].to_owned();
                script.environment.push(Assignment {
                    name: name.clone(),
                    name_span,
                    value: value.text.clone(),
                    value_span: value.span.clone(),
                });
                // Too big a value is unknown, as a variable the snippet does not assign.
                match capped(value.text) {
                    Some(text) => scope.variables.insert(name, text),
                    None => scope.variables.remove(&name),
                };
            }
        }
        "command" => match curl(node, code, &mut scope) {
            Some(command) => {
                walk(node, &mut |part| {
                    if part.kind() == "variable_name" {
                        script
                            .curl_variables
                            .insert(code[part.byte_range()].to_owned());
                    }
                });
                script.curls.push(command);
            }
            None => {
                if let Some(name) = node.field("name") {
                    script
                        .others
                        .push((code[name.byte_range()].to_owned(), node.byte_range()));
                }
                script
                    .config_files
                    .extend(config_files(node, code, &mut scope));
                match environment_of(node, code, &mut scope) {
                    Some(Environment::Container(assignments)) => {
                        script.containers.push(assignments)
                    }
                    Some(Environment::Command(assignments)) => {
                        script.environment.extend(assignments)
                    }
                    None => {}
                }
            }
        },
        _ if (node.is_error() || node.is_missing()) && script.error.is_none() => {
            script.error = Some(node.byte_range());
        }
        _ => {}
    });
    script
}

/// The variables assigned so far, and what may still be copied from them.
#[derive(Default)]
struct Scope {
    variables: HashMap<String, Text>,
    budget: Budget,
}

fn curl(command: Node<'_>, code: &str, scope: &mut Scope) -> Option<CurlCommand> {
    let name = command.field("name")?;
    let program = &code[name.byte_range()];
    if program != "curl" && !program.ends_with("/curl") {
        return None;
    }
    let words = argument_words(command, code, scope);
    Some(CurlCommand {
        span: name.byte_range(),
        args: arguments(&words),
        stdin: stdin(command, code, scope),
    })
}

/// What a command writes to a config file lint reads — a here-document `cat` or `tee` writes
/// (`cat > ~/.codex/config.toml <<'EOF'`), a quoted line `echo` appends (`echo 'export
/// OPENAI_BASE_URL=…' >> ~/.zshrc`) — each with the file's dialect and the text's span.
fn config_files(command: Node<'_>, code: &str, scope: &mut Scope) -> Vec<(Dialect, Span)> {
    let Some(name) = command.field("name") else {
        return Vec::new();
    };
    let program = code[name.byte_range()].rsplit('/').next().unwrap_or("");
    if !matches!(program, "cat" | "tee" | "echo") {
        return Vec::new();
    }
    let words = argument_words(command, code, scope);
    let mut destinations = Vec::new();
    if program == "tee" {
        destinations.extend(
            words
                .iter()
                .map(|word| word.text.display())
                .filter(|word| !word.starts_with('-')),
        );
    }
    // `cat > .env <<EOF` and `cat <<EOF > .env`: the file redirect stands beside the command or
    // inside the here-document's redirect.
    let mut redirects = Vec::new();
    if let Some(parent) = command
        .parent()
        .filter(|p| p.kind() == "redirected_statement")
    {
        let mut cursor = parent.walk();
        for child in parent.children(&mut cursor) {
            if child.kind() == "heredoc_redirect" {
                let mut inner = child.walk();
                redirects.extend(
                    child
                        .children(&mut inner)
                        .filter(|c| c.kind() == "file_redirect"),
                );
            }
            if child.kind() == "file_redirect" {
                redirects.push(child);
            }
        }
    }
    for redirect in redirects {
        let operator = redirect.child(0).map(|c| &code[c.byte_range()]);
        if matches!(operator, Some(">" | ">>" | ">|")) {
            if let Some(word) = redirect
                .field("destination")
                .or_else(|| redirect.named_child(0))
            {
                destinations.push(evaluate(word, code, scope).text.display());
            }
        }
    }
    let Some(dialect) = destinations.iter().find_map(|path| written_dialect(path)) else {
        return Vec::new();
    };
    if program == "echo" {
        // Only words written as they are read (no `-e` escapes, no expansions) map back.
        if words.iter().any(|w| w.text.known_prefix().starts_with('-')) {
            return Vec::new();
        }
        return words
            .iter()
            .filter_map(|word| {
                let at = word.verbatim_at?;
                Some((dialect, at..at + word.text.known()?.len()))
            })
            .collect();
    }
    match stdin(command, code, scope) {
        Some(Stdin::Heredoc(heredoc)) => vec![(dialect, heredoc.span)],
        _ => Vec::new(),
    }
}

/// The dialect of a file a script writes, when lint reads it: a dotenv, Compose or Codex
/// config file, or a shell's startup file (`~/.bashrc`, `~/.zshrc`…).
fn written_dialect(path: &str) -> Option<Dialect> {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let startup = [
        ".bashrc",
        ".zshrc",
        ".profile",
        ".bash_profile",
        ".zprofile",
        ".zshenv",
    ];
    if startup.contains(&name) {
        return Some(Dialect::Shell);
    }
    match FileKind::of(path) {
        Some(FileKind::Code(dialect @ (Dialect::Dotenv | Dialect::Toml | Dialect::Yaml))) => {
            Some(dialect)
        }
        _ => None,
    }
}

/// The environment a command sets for what it runs.
enum Environment {
    /// `docker run -e A=…` (`--env A=…`, `--env=A=…`), `podman run`: a container's own.
    Container(Vec<Assignment>),
    /// `env A=… cmd`: as the script's own assignments are.
    Command(Vec<Assignment>),
}

fn environment_of(command: Node<'_>, code: &str, scope: &mut Scope) -> Option<Environment> {
    let name = command.field("name")?;
    let program = code[name.byte_range()].rsplit('/').next().unwrap_or("");
    if !matches!(program, "docker" | "podman" | "env") {
        return None;
    }
    let words = argument_words(command, code, scope);
    if program == "env" {
        let assignments = words
            .iter()
            .filter_map(|word| assignment(word, 0, code))
            .collect();
        return Some(Environment::Command(assignments));
    }
    let first_words: Vec<String> = words
        .iter()
        .take(2)
        .map(|w| w.text.known_prefix())
        .collect();
    if !first_words.iter().any(|w| w == "run" || w == "create") {
        return None;
    }
    let mut assignments = Vec::new();
    let mut words = words.iter();
    while let Some(word) = words.next() {
        let flag = word.text.known_prefix();
        let found = match flag.as_str() {
            "-e" | "--env" => words.next().and_then(|value| assignment(value, 0, code)),
            _ if flag.starts_with("--env=") => assignment(word, "--env=".len(), code),
            _ => None,
        };
        assignments.extend(found);
    }
    Some(Environment::Container(assignments))
}

/// `NAME=value` from the `skip`th byte of a word on, with the name's and the value's spans
/// when the word is written as it is read.
fn assignment(word: &Word, skip: usize, code: &str) -> Option<Assignment> {
    let prefix = word.text.known_prefix();
    let (name, _) = prefix.get(skip..)?.split_once('=')?;
    if !is_variable_name(name) {
        return None;
    }
    let mut value = word.text.clone();
    value.strip_prefix(skip + name.len() + 1);
    let (name_span, value_span) = match (word.verbatim_at, word.text.known()) {
        (Some(at), Some(text)) => {
            let name_at = at + skip;
            let value_at = name_at + name.len() + 1;
            (name_at..name_at + name.len(), value_at..at + text.len())
        }
        // `NAME="value"`, `--env=NAME=$X`: the name is written as it is, the value's token
        // is the rest of the word.
        _ if code[word.span.clone()]
            .get(skip..)
            .is_some_and(|rest| rest.starts_with(&format!("{name}="))) =>
        {
            let name_at = word.span.start + skip;
            (
                name_at..name_at + name.len(),
                name_at + name.len() + 1..word.span.end,
            )
        }
        _ => (word.span.clone(), word.span.clone()),
    };
    Some(Assignment {
        name: name.to_owned(),
        name_span,
        value,
        value_span,
    })
}

/// Reads the words as curl reads its command line.
fn arguments(words: &[Word]) -> Vec<CurlArg> {
    let mut args = Vec::new();
    let mut words = words.iter();
    while let Some(word) = words.next() {
        let flag = word.text.known_prefix();
        // Text after the option name in the same word is its value: `-Hvalue`, `--header=value`.
        let attached = |skip: usize| Word {
            text: {
                let mut text = word.text.clone();
                text.strip_prefix(skip);
                text
            },
            span: word.span.clone(),
            verbatim_at: word.verbatim_at.map(|at| at + skip),
        };
        if let Some(long) = flag.strip_prefix("--").filter(|l| !l.is_empty()) {
            let (name, joined) = match long.split_once('=') {
                Some((name, _)) => (format!("--{name}"), true),
                None => (flag.clone(), false),
            };
            let option = curl::long(&name);
            let takes_value = option.is_some_and(|o| o.takes_value);
            let value = match (joined, takes_value) {
                (true, _) => Some(attached(name.len() + 1)),
                (false, true) => words.next().cloned(),
                (false, false) => None,
            };
            args.push(CurlArg::Option {
                name,
                option,
                value,
                span: word.span.clone(),
                joined_by_equals: joined,
            });
        } else if flag.len() > 1 && flag.starts_with('-') {
            // `-sSd value`: switches until a letter that takes a value, which takes the rest of
            // the word, or the next word.
            for (at, letter) in flag.char_indices().skip(1) {
                let name = format!("-{letter}");
                let option = curl::short(letter);
                let takes_value = option.is_some_and(|o| o.takes_value);
                let rest = at + letter.len_utf8();
                let value = match takes_value {
                    false => None,
                    true if rest < flag.len() || word.text.known().is_none() => {
                        Some(attached(rest))
                    }
                    true => words.next().cloned(),
                };
                args.push(CurlArg::Option {
                    name,
                    option,
                    value,
                    span: word.span.clone(),
                    joined_by_equals: false,
                });
                if takes_value {
                    break;
                }
            }
        } else {
            args.push(CurlArg::Url(word.clone()));
        }
    }
    args
}

/// The here-document, here-string or file the command reads on standard input.
fn stdin(command: Node<'_>, code: &str, scope: &mut Scope) -> Option<Stdin> {
    let mut cursor = command.walk();
    let in_command = command
        .children(&mut cursor)
        .filter(|c| c.kind().ends_with("_redirect"))
        .collect::<Vec<_>>();
    let parent = command
        .parent()
        .filter(|p| p.kind() == "redirected_statement");
    let mut cursor = parent.map(|p| p.walk());
    let around = match (parent, cursor.as_mut()) {
        (Some(p), Some(cursor)) => p.children(cursor).collect(),
        _ => Vec::new(),
    };
    let mut found = None;
    for redirect in in_command.into_iter().chain(around) {
        let operator = redirect.child(0).map(|c| &code[c.byte_range()]);
        found = match (redirect.kind(), operator) {
            ("heredoc_redirect", _) => heredoc(redirect, code).map(Stdin::Heredoc),
            ("herestring_redirect", _) => redirect
                .named_child(0)
                .map(|w| Stdin::HereString(evaluate(w, code, scope))),
            ("file_redirect", Some("<")) => redirect
                .field("destination")
                .or_else(|| redirect.named_child(0))
                .map(|w| Stdin::File(evaluate(w, code, scope))),
            _ => continue,
        };
    }
    found
}

fn heredoc(redirect: Node<'_>, code: &str) -> Option<Heredoc> {
    let mut cursor = redirect.walk();
    let children: Vec<Node<'_>> = redirect.children(&mut cursor).collect();
    let body = children.iter().find(|c| c.kind() == "heredoc_body")?;
    let start = children.iter().find(|c| c.kind() == "heredoc_start");
    let end = children.iter().find(|c| c.kind() == "heredoc_end");
    let strip_tabs = children.iter().any(|c| c.kind() == "<<-");
    let quoted = start.is_some_and(|s| code[s.byte_range()].contains(['\'', '"', '\\']));
    // bash's body: every line from the one after the redirection to the delimiter line.
    let line_start = |at: usize| code[..at].rfind('\n').map_or(0, |i| i + 1);
    let input = end.map(|end| {
        let text = &code[line_start(body.start_byte())..line_start(end.start_byte())];
        match strip_tabs {
            true => text
                .split_inclusive('\n')
                .map(|line| line.trim_start_matches('\t'))
                .collect(),
            false => text.to_owned(),
        }
    });
    Some(Heredoc {
        body: code[body.byte_range()].to_owned(),
        span: body.byte_range(),
        input: input.filter(|text| quoted || !text.contains(['$', '`', '\\'])),
    })
}

/// The linter's view of a curl command.
fn call(command: &CurlCommand) -> Call {
    let mut call = Call::new(Client::Curl, command.span.clone());
    let (mut last_header, mut first_data) = (None, None);
    call.method = method(command);
    for arg in &command.args {
        let (option, value, span) = match arg {
            CurlArg::Url(word) => {
                if call.url.is_none() {
                    call.url = Some((word.text.clone(), word.span.clone()));
                }
                continue;
            }
            CurlArg::Option {
                option,
                value,
                span,
                ..
            } => (option.map(|o| o.meaning), value.as_ref(), span),
        };
        match option {
            Some(Meaning::Header) => {
                if let Some(Word { text, span, .. }) = value {
                    last_header = Some(span.clone());
                    header(&mut call, text, span.clone());
                }
            }
            Some(Meaning::UserAgent) => {
                if let Some(Word { text, span, .. }) = value {
                    last_header = Some(span.clone());
                    if text.is_empty() {
                        call.user_agent_removed = Some(span.clone());
                    } else {
                        push_header(&mut call, "User-Agent", text.clone(), span.clone());
                    }
                }
            }
            Some(Meaning::Data(kind)) => {
                call.json_flag |= kind == DataKind::Json;
                first_data.get_or_insert(span.clone());
                if let Some(Word {
                    text,
                    span,
                    verbatim_at: at,
                }) = value
                {
                    let from_stdin = text.known().is_some_and(|t| t == "@-");
                    call.body = match (&command.stdin, from_stdin) {
                        (Some(Stdin::Heredoc(heredoc)), true) => Some(Body {
                            text: heredoc.body.clone(),
                            span: heredoc.span.clone(),
                            verbatim: true,
                        }),
                        _ => text
                            .known()
                            .filter(|t| !t.starts_with('@') || !kind.reads_files())
                            .map(|t| Body {
                                text: t,
                                span: at.map_or(span.clone(), |at| at..span.end),
                                verbatim: at.is_some(),
                            }),
                    };
                }
            }
            Some(Meaning::Url) => {
                if let Some(Word { text, span, .. }) = value {
                    call.url = Some((text.clone(), span.clone()));
                }
            }
            // `-u user:password` and `--oauth2-bearer token` send an Authorization header of
            // their own (`--proxy-user` goes to the proxy, not the relay).
            Some(Meaning::BasicAuth | Meaning::BearerToken) => {
                if let Some(Word { text, span, .. }) = value {
                    call.credential = Some((text.clone(), span.clone()));
                }
            }
            // `-K file` reads more options, headers among them.
            Some(Meaning::Refused(_)) if arg_long(arg) == Some("--config") => call.headers = None,
            _ => {}
        }
    }
    // A word that is all expansion (`"${CURL_ARGS[@]}"`, `$OPTS`) beside the URL may hold options,
    // headers among them.
    let urls: Vec<&Word> = command
        .args
        .iter()
        .filter_map(|arg| match arg {
            CurlArg::Url(word) => Some(word),
            CurlArg::Option { .. } => None,
        })
        .collect();
    if urls.len() > 1 && urls.iter().any(|word| word.text.known_prefix().is_empty()) {
        call.headers = None;
    }
    call.header_site = last_header
        .map(HeaderSite::After)
        .or(first_data.map(HeaderSite::Before));
    call
}

/// The method curl sends: `-X`'s (the last one), else HEAD for `-I`, GET for `-G` (the data
/// goes in the URL), POST with data, a form or `--data-urlencode`, PUT for `-T`, and GET
/// without any; `None` when `-X` names it with a variable.
fn method(command: &CurlCommand) -> Option<String> {
    let (mut explicit, mut head, mut get, mut post, mut put) = (None, false, false, false, false);
    for arg in &command.args {
        let CurlArg::Option {
            option: Some(option),
            value,
            ..
        } = arg
        else {
            continue;
        };
        match (option.meaning, option.long) {
            (Meaning::Method, _) => {
                explicit = Some(value.as_ref().and_then(|w| w.text.known()));
            }
            (Meaning::Data(_), _) => post = true,
            (_, Some("--head")) => head = true,
            (_, Some("--get")) => get = true,
            (_, Some("--form" | "--form-string" | "--data-urlencode")) => post = true,
            (_, Some("--upload-file")) => put = true,
            _ => {}
        }
    }
    if let Some(explicit) = explicit {
        return explicit.map(|m| m.to_ascii_uppercase());
    }
    let method = match () {
        _ if head => "HEAD",
        _ if get => "GET",
        _ if post => "POST",
        _ if put => "PUT",
        _ => "GET",
    };
    Some(method.to_owned())
}

/// The long name of an option argument's entry in curl's table.
fn arg_long(arg: &CurlArg) -> Option<&'static str> {
    match arg {
        CurlArg::Option {
            option: Some(option),
            ..
        } => option.long,
        _ => None,
    }
}

/// A `-H` value: `Name: value`, `Name:` (removes the header) or `Name;` (sends it empty).
fn header(call: &mut Call, text: &Text, span: Span) {
    // `-H @file` reads header lines from a file, and `-H "$HEADER"` may be any header: the
    // command's headers are then not all known.
    if text.known_prefix().starts_with('@') || text.known_prefix().is_empty() && !text.is_empty() {
        call.headers = None;
        return;
    }
    let Some(line) = HeaderLine::parse(text) else {
        return;
    };
    if line.removes() && line.name.eq_ignore_ascii_case("user-agent") {
        call.user_agent_removed = Some(span);
        return;
    }
    if line.removes() && line.name.eq_ignore_ascii_case("authorization") {
        call.authorization_removed = Some(span);
        return;
    }
    if !line.removes() {
        push_header(call, &line.name, line.value, span);
    }
}

fn push_header(call: &mut Call, name: &str, value: Text, span: Span) {
    if let Some(headers) = call.headers.as_mut() {
        headers.push(Header {
            name: name.to_owned(),
            value,
            span,
            origin: None,
        });
    }
}

/// A command's arguments as bash splits them. tree-sitter-bash reads a `\`+newline as blank
/// between two tokens, while bash deletes it: `'X-Trace: abc'\⏎'-s'` is one word,
/// `X-Trace: abc-s`. Tokens with nothing but `\`+newlines between them are one word.
fn argument_words(command: Node<'_>, code: &str, scope: &mut Scope) -> Vec<Word> {
    let mut cursor = command.walk();
    let mut words: Vec<Word> = Vec::new();
    for node in command.children_by_field_name("argument", &mut cursor) {
        let word = evaluate(node, code, scope);
        match words.last_mut() {
            Some(last)
                if let Some(joint) = code.get(last.span.end..word.span.start).and_then(joint) =>
            {
                last.text.push(Piece::Lit(joint));
                last.text.append(word.text);
                last.span.end = word.span.end;
                last.verbatim_at = None;
            }
            _ => words.push(word),
        }
    }
    // An escaped tab after the last word is that word's too.
    if let Some(last) = words.last_mut() {
        if code
            .get(last.span.end..)
            .is_some_and(|rest| rest.starts_with("\\\t"))
        {
            last.text.push(Piece::Lit("\t".to_owned()));
            last.span.end += 2;
            last.verbatim_at = None;
        }
    }
    words
}

/// What bash makes of the text between two of tree-sitter-bash's tokens when it joins them into
/// one word, or `None` when they are two words. tree-sitter-bash reads `\`+newline and `\`+tab
/// as blank; bash deletes the first and reads the second as a quoted tab. (`\`+CR+LF, a
/// CRLF file's continuation, is read as a continuation too: the linter reports it as
/// `broken-continuation` and `convert` refuses it, see [`breaks`].)
fn joint(gap: &str) -> Option<String> {
    if gap.is_empty() {
        return None;
    }
    let mut text = String::new();
    let mut rest = gap;
    while !rest.is_empty() {
        if let Some(after) = rest
            .strip_prefix("\\\n")
            .or_else(|| rest.strip_prefix("\\\r\n"))
        {
            rest = after;
        } else if let Some(after) = rest.strip_prefix("\\\t") {
            text.push('\t');
            rest = after;
        } else {
            return None;
        }
    }
    Some(text)
}

/// The value bash gives a word.
fn evaluate(node: Node<'_>, code: &str, scope: &mut Scope) -> Word {
    let span = node.byte_range();
    let source = &code[span.clone()];
    let mut text = Text::default();
    let mut verbatim_at = None;
    match node.kind() {
        "raw_string" => {
            text.push(Piece::Lit(between_quotes(source, '\'').to_owned()));
            verbatim_at = Some(span.start + 1);
        }
        "string" => {
            let mut cursor = node.walk();
            let mut plain = true;
            // tree-sitter-bash puts blanks next to an expansion in the expansion's token or a
            // quote's (`" $KEY"`, `"$KEY "`), not in a string_content: they are text too.
            for child in node.children(&mut cursor) {
                match child.kind() {
                    "\"" => {
                        let token = &code[child.byte_range()];
                        let blanks = match child.start_byte() == span.start {
                            true => token.get(1..),
                            false => token.strip_suffix('"'),
                        };
                        if let Some(blanks) = blanks.filter(|b| !b.is_empty()) {
                            text.push(Piece::Lit(unescape_double(blanks)));
                        }
                    }
                    "string_content" => {
                        text.push(Piece::Lit(unescape_double(&code[child.byte_range()])))
                    }
                    _ => {
                        plain = false;
                        let source = &code[child.byte_range()];
                        let blanks = source.len() - source.trim_start_matches([' ', '\t']).len();
                        if blanks > 0 {
                            text.push(Piece::Lit(source[..blanks].to_owned()));
                        }
                        text.append(evaluate(child, code, scope).text);
                    }
                }
            }
            let inner = between_quotes(source, '"');
            if plain && !inner.contains('\\') {
                verbatim_at = Some(span.start + 1);
            }
        }
        "simple_expansion" | "expansion" => {
            let name = node
                .named_children(&mut node.walk())
                .find(|c| c.kind() == "variable_name")
                .map(|c| code[c.byte_range()].to_owned());
            let plain = node.named_child_count() == 1;
            let value = match &name {
                Some(name) if plain => scope
                    .variables
                    .get(name)
                    .and_then(|value| scope.budget.copy(value)),
                _ => None,
            };
            match (value, name) {
                (Some(value), _) => text.append(value),
                (None, Some(name)) => text.push(Piece::Var(name)),
                (None, None) => text.push(Piece::Var(unknown_name(source))),
            }
        }
        "ansi_c_string" => text.push(Piece::Lit(unescape_ansi_c(
            &source[2..source.len().saturating_sub(1).max(2)],
        ))),
        "concatenation" => {
            let mut cursor = node.walk();
            for child in node.children(&mut cursor) {
                text.append(evaluate(child, code, scope).text);
            }
        }
        "word" | "number" => {
            text.push(Piece::Lit(unescape_word(source)));
            if !source.contains('\\') {
                verbatim_at = Some(span.start);
            }
        }
        _ => text.push(Piece::Var(unknown_name(source))),
    }
    Word {
        text,
        span,
        verbatim_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// tree-sitter-bash's scanner crashed (SIGSEGV) on a `{` followed by a character at U+E0000
    /// or above (found by tests/properties.rs); values keep their own characters.
    #[test]
    fn characters_past_the_ctype_table_do_not_crash_the_scanner() {
        for c in ['\u{E0000}', '\u{10FFFF}', '\u{1F600}', '\u{3000}', 'é'] {
            let code = format!(
                "echo {{{c} ${c} {{{c}}}\ncurl https://www.open1.codes/v1/responses -H 'X-A: {c}'\n"
            );
            let parsed = parse(&code);
            let [call] = parsed.calls.as_slice() else {
                panic!("{parsed:?}")
            };
            assert_eq!(
                call.header("x-a").unwrap().value.known().unwrap(),
                c.to_string()
            );
        }
    }

    #[test]
    fn reads_a_curl_command() {
        let code = "export KEY=\"sk-test\"\nBASE=https://www.open1.codes\ncurl -sS \"$BASE/v1/responses\" \\\n  -H \"Authorization: Bearer ${KEY}\" -H'X-A: 1' --header='X-B:  2' \\\n  -A '' -H 'Gone:' \\\n  -d '{\"model\": \"gpt-5.4\"}'\n";
        let parsed = parse(code);
        let [call] = parsed.calls.as_slice() else {
            panic!("{parsed:?}")
        };
        assert_eq!(
            call.url.as_ref().unwrap().0.known().unwrap(),
            "https://www.open1.codes/v1/responses"
        );
        let headers: Vec<(String, String)> = call
            .headers
            .as_ref()
            .unwrap()
            .iter()
            .map(|h| (h.name.clone(), h.value.display()))
            .collect();
        assert_eq!(
            headers,
            [
                ("Authorization".into(), "Bearer sk-test".into()),
                ("X-A".into(), "1".into()),
                ("X-B".into(), "2".into())
            ]
        );
        assert!(call.user_agent_removed.is_some());
        let body = call.body.as_ref().unwrap();
        assert!(body.verbatim);
        assert_eq!(&code[body.span.start..][..body.text.len()], body.text);
    }

    #[test]
    fn unknown_variables_stay_unknown() {
        let parsed =
            parse("curl \"$OPEN1_BASE/v1/responses\" -H \"Authorization: Bearer $OPEN1_API_KEY\"");
        let call = &parsed.calls[0];
        assert_eq!(
            call.url.as_ref().unwrap().0.display(),
            "${OPEN1_BASE}/v1/responses"
        );
        assert_eq!(
            call.header("authorization").unwrap().value.display(),
            "Bearer ${OPEN1_API_KEY}"
        );
    }

    #[test]
    fn heredoc_body() {
        let code = "curl https://x/v1/responses --data-binary @- <<'JSON'\n{\"a\": 1}\nJSON\n";
        let call = &parse(code).calls[0];
        assert_eq!(call.body.as_ref().unwrap().text, "{\"a\": 1}\n");
    }

    fn options(code: &str) -> Vec<(String, Option<String>)> {
        script(code).curls[0]
            .args
            .iter()
            .map(|arg| match arg {
                CurlArg::Url(word) => (String::new(), Some(word.text.display())),
                CurlArg::Option { name, value, .. } => {
                    (name.clone(), value.as_ref().map(|v| v.text.display()))
                }
            })
            .collect()
    }

    #[test]
    fn combined_short_options() {
        let o = |n: &str, v: Option<&str>| (n.to_owned(), v.map(str::to_owned));
        assert_eq!(
            options("curl -sSN -sd '{}' -Hx:1 https://a --max-time 3 -k"),
            [
                o("-s", None),
                o("-S", None),
                o("-N", None),
                o("-s", None),
                o("-d", Some("{}")),
                o("-H", Some("x:1")),
                o("", Some("https://a")),
                o("--max-time", Some("3")),
                o("-k", None),
            ]
        );
        // The linter sees the body of a combined `-sd` too.
        assert_eq!(
            parse("curl -sd '{\"a\": 1}' https://a").calls[0]
                .body
                .as_ref()
                .unwrap()
                .text,
            "{\"a\": 1}"
        );
    }

    #[test]
    fn standard_input() {
        let input = |code: &str| match &script(code).curls[0].stdin {
            Some(Stdin::Heredoc(h)) => h.input.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            input("curl -d @- x <<'EOF' | jq .\n{\"a\": \"$x\"}\nEOF\n").as_deref(),
            Some("{\"a\": \"$x\"}\n")
        );
        assert_eq!(
            input("curl -d @- x <<-EOF\n\t{\"b\": 1}\n\tEOF\n").as_deref(),
            Some("{\"b\": 1}\n")
        );
        // bash would expand `$x`: what it sends is not in the snippet.
        assert_eq!(input("curl -d @- x <<EOF\n{\"a\": \"$x\"}\nEOF\n"), None);
        assert!(matches!(
            script("curl -d @- x <<< '{}'").curls[0].stdin,
            Some(Stdin::HereString(_))
        ));
        assert!(matches!(
            script("curl -d @- x < body.json").curls[0].stdin,
            Some(Stdin::File(_))
        ));
    }

    #[test]
    fn syntax_errors_and_other_commands() {
        assert!(script("curl -d '{\"a\": 1} https://a\n").error.is_some());
        let s = script("export A=1\ncurl https://a | jq .\n");
        assert!(s.error.is_none());
        assert_eq!(s.others.len(), 1);
        assert_eq!(s.others[0].0, "jq");
    }

    #[test]
    fn blanks_around_an_expansion_in_double_quotes_are_kept() {
        let parsed = parse("curl https://x/v1/responses -H \"Authorization: Bearer  $KEY \"\n");
        let header = parsed.calls[0].header("authorization").unwrap();
        assert_eq!(header.value.display(), "Bearer  ${KEY} ");
        let script = script("env OPENAI_API_KEY=\" $KEY\" python app.py\n");
        assert_eq!(script.environment[0].value.display(), " ${KEY}");
    }

    #[test]
    fn the_environment_a_script_sets() {
        let code = "export OPENAI_BASE_URL=https://a/v1 B=1\nOPENAI_API_KEY=k python x.py\n\
                    docker run -e OPENAI_BASE_URL=https://c --env=OPENAI_API_KEY=\"d\" -e HOME img\n\
                    podman create --env OPENAI_BASE_URL=https://e img\ndocker ps -e X=1\n";
        let s = script(code);
        let names: Vec<(&str, &str)> = s
            .environment
            .iter()
            .map(|a| (a.name.as_str(), &code[a.value_span.clone()]))
            .collect();
        assert_eq!(
            names,
            [
                ("OPENAI_BASE_URL", "https://a/v1"),
                ("B", "1"),
                ("OPENAI_API_KEY", "k")
            ]
        );
        let containers: Vec<Vec<(&str, &str)>> = s
            .containers
            .iter()
            .map(|c| {
                c.iter()
                    .map(|a| (&code[a.name_span.clone()], &code[a.value_span.clone()]))
                    .collect()
            })
            .collect();
        assert_eq!(
            containers,
            [
                vec![
                    ("OPENAI_BASE_URL", "https://c"),
                    ("OPENAI_API_KEY", "\"d\"")
                ],
                vec![("OPENAI_BASE_URL", "https://e")]
            ]
        );
        assert_eq!(parse(code).calls.len(), 3);
    }

    #[test]
    fn here_documents_written_to_config_files() {
        let code = "mkdir -p ~/.codex\ncat > ~/.codex/config.toml <<'EOF'\nmodel = \"gpt-5.4\"\n\
                    [model_providers.open1]\nbase_url = \"https://www.open1.codes\"\nEOF\n\
                    tee -a .env <<EOF >/dev/null\nOPENAI_BASE_URL=https://www.open1.codes/v1\nEOF\n\
                    cat <<EOF > notes.txt\nOPENAI_BASE_URL=https://elsewhere\nEOF\n";
        let parsed = parse(code);
        let urls: Vec<&str> = parsed
            .calls
            .iter()
            .map(|call| &code[call.url.as_ref().unwrap().1.clone()])
            .collect();
        assert_eq!(
            urls,
            ["\"https://www.open1.codes\"", "https://www.open1.codes/v1"]
        );
        let [(model, span)] = parsed.models.as_slice() else {
            panic!("{:?}", parsed.models)
        };
        assert_eq!(&code[span.clone()], model);
        // A line appended to a shell's startup file; a double-quoted one with escapes is not
        // mapped back.
        let code = "echo 'export OPENAI_BASE_URL=\"https://www.open1.codes\"' >> ~/.zshrc\n\
                    echo \"export OPENAI_API_KEY=\\\"k\\\"\" >> ~/.bashrc\necho 'A=1' > notes\n";
        let calls = parse(code).calls;
        let [call] = calls.as_slice() else {
            panic!("{calls:?}")
        };
        let span = call.url.as_ref().unwrap().1.clone();
        assert_eq!(&code[span], "\"https://www.open1.codes\"");
    }

    #[test]
    fn a_variable_curl_expands_is_curls() {
        let code = "export OPENAI_BASE_URL=https://www.open1.codes\n\
                    curl \"$OPENAI_BASE_URL/v1/responses\"\n";
        let calls = parse(code).calls;
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].client, Client::Curl);
    }

    /// The words of the first command of `code`, as the reader gives them.
    fn first_command_words(code: &str) -> Vec<String> {
        let tree = syntax_tree(code).expect("a tree");
        let found = tree
            .root_node()
            .named_child(0)
            .filter(|n| n.kind() == "command");
        argument_words(found.expect("a command"), code, &mut Scope::default())
            .into_iter()
            .map(|word| word.text.display())
            .collect()
    }

    /// bash's word rules, checked against bash itself: each case's words are printed by bash
    /// (`printf '%s\0'`) and compared with the reader's.
    #[test]
    fn words_as_bash_splits_them() {
        let cases = [
            "-H 'X-Trace: abc'\\\n'-s'",
            "a\\\nb c",
            "a\\\n\\\nb",
            "'a'\\\n\\\n\"b\"",
            "\"c\\\nd\"",
            "'e\\\nf'",
            "$'g\\\nh'",
            "\"a\"\\\n$'b'\\\nc",
            "k\\ l m\\\tn o\\\\ p",
            "x\\ ",
            "'a'\"b\"$'c'd",
            "\"q\\\"r\\\\s\\$t\\`u\\zv\"",
            "$'\\x41\\t\\101\\cA\\q\\u00e9\\''",
            "$'a\\0b' c",
            "a\tb   c",
            "--data-raw '{\"a\": \"it'\\''s\"}'",
            "-d \"{\\\"k\\\": 1}\" \\\n  -H x",
            "https://a\\\n/v1",
            "x y\\\t",
            "'joined'\\\n\"\\\\\\\"dq\\\\\\\"\"'\"}'",
            "\"\\\\\\\"dq\"",
        ];
        for words in cases {
            let code = format!("printf '%s\\0' {words}\n");
            let output = std::process::Command::new("bash")
                .arg("-c")
                .arg(&code)
                .output()
                .expect("bash runs");
            assert!(output.status.success(), "{code:?}: {output:?}");
            let bash: Vec<String> = String::from_utf8(output.stdout)
                .expect("UTF-8")
                .split_terminator('\0')
                .map(str::to_owned)
                .collect();
            let mut ours = first_command_words(&code);
            assert_eq!(ours.remove(0), "%s\\0");
            assert_eq!(ours, bash, "{code:?}");
        }
    }

    #[test]
    fn ansi_c_quotes() {
        assert_eq!(unescape_ansi_c(r"a\tb\x41\u00e9\'"), "a\tbAé'");
    }

    #[test]
    fn header_name_with_wide_space_before_the_colon() {
        // The name's trimmed length is not where its value starts (found by fuzzing `--fix`).
        let parsed = parse("curl https://www.open1.codes/v1/responses -H 'X-A\u{3000}: b'\n");
        let header = parsed.calls[0].header("X-A").expect("the header");
        assert_eq!(header.value, Text::lit("b"));
    }

    #[test]
    fn a_value_past_the_cap_or_the_budget_is_unknown() {
        let mut code = String::from("V0=aaaaaaaaaaaaaaaa\n");
        for i in 1..=40 {
            code.push_str(&format!("V{i}=\"${{V{}}}${{V{}}}\"\n", i - 1, i - 1));
        }
        code.push_str("curl https://x -H \"A: $V11\" -H \"B: $V40\"\n");
        let call = &parse(&code).calls[0];
        assert_eq!(
            call.header("a").unwrap().value.known().unwrap().len(),
            16 << 11
        );
        assert!(call.header("b").unwrap().value.known().is_none());
        // A thousand uses of a 32 KiB value: the first hundred-odd are copied, then the
        // snippet's budget is spent and the rest are unknown.
        let uses = "curl https://x -H \"A: $V11\"\n".repeat(1000);
        let calls = parse(&format!("{code}{uses}")).calls;
        let known = calls
            .iter()
            .filter(|c| c.header("a").is_some_and(|h| h.value.known().is_some()))
            .count();
        assert!((100..200).contains(&known), "{known}");
    }

    /// The method curl sends, for wrong-endpoint's message (a GET to /v1/models was reported
    /// as "posts to").
    #[test]
    fn the_method_curl_sends() {
        for (options, method) in [
            ("", Some("GET")),
            ("-d '{}'", Some("POST")),
            ("--json '{}'", Some("POST")),
            ("-G -d a=1", Some("GET")),
            ("-I", Some("HEAD")),
            ("-X get", Some("GET")),
            ("-XDELETE", Some("DELETE")),
            ("-X POST -G", Some("POST")),
            ("-F a=b", Some("POST")),
            ("-T file", Some("PUT")),
            ("-X \"$M\"", None),
        ] {
            let code = format!("curl https://www.open1.codes/v1/models {options}\n");
            let parsed = parse(&code);
            assert_eq!(parsed.calls[0].method.as_deref(), method, "{options}");
        }
    }
}
