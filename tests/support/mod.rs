//! Shared by the integration tests: the real clients (installed on first use by
//! `tests/setup-clients.sh`), running a snippet with its client, and comparing JSON bodies.
#![allow(dead_code)] // each test binary uses a different part

pub mod checkers;
pub mod relay;
pub mod scripted;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use open1_snip::generate::{Generator, Lang, Style};
use open1_snip::request::{Description, KeyStyle, Overrides, Request};
use serde_json::Value;

/// Where the clients live: `target/test-clients`.
pub fn clients_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .parent()
            .unwrap()
            .join("test-clients");
        let status = Command::new("bash")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/setup-clients.sh"
            ))
            .arg(&dir)
            .status()
            .expect("run tests/setup-clients.sh");
        assert!(
            status.success(),
            "tests/setup-clients.sh failed: the real-client tests need its clients"
        );
        dir
    })
}

pub fn python() -> PathBuf {
    clients_dir().join("venv/bin/python")
}

pub fn node_modules_bin(tool: &str) -> PathBuf {
    clients_dir().join("node/node_modules/.bin").join(tool)
}

/// A fresh directory for one snippet run, below the Node.js clients so `import "openai"` resolves.
pub fn scratch_dir() -> tempdir::Scratch {
    tempdir::Scratch::new(&clients_dir().join("node/runs"))
}

pub mod tempdir {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A directory removed when dropped.
    pub struct Scratch(pub PathBuf);

    impl Scratch {
        pub fn new(parent: &Path) -> Self {
            static COUNT: AtomicUsize = AtomicUsize::new(0);
            let n = COUNT.fetch_add(1, Ordering::Relaxed);
            let dir = parent.join(format!("{}-{n}", std::process::id()));
            std::fs::create_dir_all(&dir).expect("create scratch dir");
            Scratch(dir)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// Builds the request of a description, pointed at `base_url` when given.
pub fn request(description: &str, base_url: Option<&str>) -> Request {
    request_with_key(description, base_url, KeyStyle::Env)
}

pub fn request_with_key(description: &str, base_url: Option<&str>, key: KeyStyle) -> Request {
    let mut description = Description::parse(description, "test").expect("valid description");
    let overrides = Overrides {
        base_url: base_url.map(str::to_owned),
        ..Overrides::default()
    };
    description.apply(&overrides).expect("overrides apply");
    Request::new(description, key).expect("valid request")
}

/// The script-style snippet (the runnable one) of `lang` for `request`.
pub fn render(lang: Lang, request: &Request) -> Result<String, open1_snip::Error> {
    render_in(lang, Style::Script, request)
}

pub fn render_in(lang: Lang, style: Style, request: &Request) -> Result<String, open1_snip::Error> {
    static GENERATOR: OnceLock<Generator> = OnceLock::new();
    GENERATOR
        .get_or_init(|| Generator::new(None).expect("built-in templates compile"))
        .render(lang, style, request)
}

/// Saves `code` and runs it with its real client, with `key` in the key's environment variable.
pub fn run_snippet(lang: Lang, code: &str, key_env: &str, key: &str) -> Output {
    let dir = scratch_dir();
    let (file, program, args): (&str, PathBuf, Vec<&str>) = match lang {
        Lang::Curl => ("snippet.sh", "bash".into(), vec!["snippet.sh"]),
        Lang::Python | Lang::PythonOpenai => ("snippet.py", python(), vec!["snippet.py"]),
        Lang::Node | Lang::NodeOpenai => ("snippet.mjs", "node".into(), vec!["snippet.mjs"]),
    };
    std::fs::write(dir.0.join(file), code).expect("write snippet");
    let mut command = Command::new(program);
    isolated(&mut command, &dir.0)
        .args(args)
        .env(key_env, key)
        .stdin(Stdio::null());
    run_with_timeout(command, Duration::from_secs(120))
}

/// Runs a command, killing it (and failing the test) if it takes longer than `limit`.
pub fn run_with_timeout(mut command: Command, limit: Duration) -> Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn client");
    let (mut stdout, mut stderr) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out = std::thread::spawn(move || read_all(&mut stdout));
    let err = std::thread::spawn(move || read_all(&mut stderr));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for client") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("{command:?} ran longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn read_all(reader: &mut impl std::io::Read) -> Vec<u8> {
    let mut bytes = Vec::new();
    let _ = reader.read_to_end(&mut bytes);
    bytes
}

/// A client run in `dir` with nothing from this machine's environment but PATH: HOME is `dir`,
/// a UTF-8 locale, and loopback never goes through a proxy.
pub fn isolated<'a>(command: &'a mut Command, dir: &Path) -> &'a mut Command {
    command
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("LANG", "C.UTF-8")
        .env("NO_PROXY", "127.0.0.1,localhost")
}

/// Clears the proxy settings the machine may have, so a command talks to loopback directly.
pub fn without_proxies(command: &mut Command) -> &mut Command {
    for proxy in [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        command.env_remove(proxy);
    }
    command
}

/// Runs the open1-snip binary.
pub fn open1_snip(args: &[&str], stdin: Option<&str>) -> Output {
    open1_snip_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        args,
        stdin.map(str::as_bytes),
    )
}

/// Runs the open1-snip binary in `dir`, with `stdin` as its standard input.
pub fn open1_snip_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_open1-snip"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        // Under GitHub Actions, sync fences its output with a random token (src/workflow.rs).
        .env_remove("GITHUB_ACTIONS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run open1-snip");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.unwrap_or_default().to_vec();
    let writer = std::thread::spawn(move || input.write_all(&stdin));
    let output = child.wait_with_output().expect("wait for open1-snip");
    let _ = writer.join();
    output
}

/// JSON equality as a server sees it: objects unordered; an integer must come back as the same
/// integer (digits and all), any other number as the same 64-bit float.
pub fn json_equal(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Number(e), Value::Number(a)) => {
            let (e, a) = (e.to_string(), a.to_string());
            if e.contains(['.', 'e', 'E']) {
                e.parse::<f64>().ok() == a.parse::<f64>().ok()
            } else {
                e.trim_start_matches('-') == a.trim_start_matches('-')
                    && (e.starts_with('-') == a.starts_with('-')
                        || e.trim_start_matches('-') == "0")
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(e, a)| json_equal(e, a))
        }
        (Value::Object(e), Value::Object(a)) => {
            e.len() == a.len()
                && e.iter()
                    .all(|(k, v)| a.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => expected == actual,
    }
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
pub mod hostile;

/// Where proptest keeps the seeds of failed cases, to try them first next time (commit them):
/// `tests/proptest-regressions/<test>.txt`.
pub fn persistence(
    test: &'static str,
) -> Option<Box<dyn proptest::test_runner::FailurePersistence>> {
    let path = format!(
        "{}/tests/proptest-regressions/{test}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    Some(Box::new(
        proptest::test_runner::FileFailurePersistence::Direct(Box::leak(path.into_boxed_str())),
    ))
}

/// What a run of open1-snip shows a user: stdout alone when it succeeded quietly, otherwise the
/// exit code and both streams.
pub fn shown(output: &Output) -> String {
    if output.status.success() && output.stderr.is_empty() {
        return text(&output.stdout);
    }
    format!(
        "exit code: {}\n--- stdout ---\n{}--- stderr ---\n{}",
        output
            .status
            .code()
            .map_or_else(|| "signal".to_owned(), |c| c.to_string()),
        text(&output.stdout),
        text(&output.stderr)
    )
}

/// insta settings that store snapshots in the top-level `snapshots/`.
pub fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

/// How many lines of `text` (printed on `stream` under `GITHUB_ACTIONS=true`) would be workflow
/// commands, all of them fenced between `::stop-commands::<token>` and `::<token>::`; fails if
/// one is not, or if commands are never turned back on. The runner reads a line up to `\n` or
/// `\r`, and ignores leading whitespace.
pub fn fenced_workflow_commands(stream: &str, text: &str) -> usize {
    let mut fenced_by: Option<String> = None;
    let mut commands = 0;
    for line in text.split(['\n', '\r']).map(str::trim_start) {
        match &fenced_by {
            None => {
                let Some(token) = line.strip_prefix("::stop-commands::") else {
                    assert!(
                        !line.starts_with("::"),
                        "{stream}: obeyed: {line:?}\n{text}"
                    );
                    continue;
                };
                assert_eq!(token.len(), 32, "{token}");
                assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
                fenced_by = Some(token.to_owned());
            }
            Some(token) if line == format!("::{token}::") => fenced_by = None,
            Some(_) => commands += usize::from(line.starts_with("::")),
        }
    }
    assert_eq!(
        fenced_by, None,
        "{stream}: commands never turned back on\n{text}"
    );
    commands
}

/// `python3 tests/mock-relay.py 0`, the mock the README's session runs, killed when dropped.
pub struct PyRelay {
    child: std::process::Child,
    pub base_url: String,
}

impl PyRelay {
    pub fn start() -> Self {
        use std::io::BufRead;
        let mut child = Command::new("python3")
            .args(["tests/mock-relay.py", "0"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start python3 tests/mock-relay.py");
        let mut listening = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut listening)
            .unwrap();
        let base_url = listening
            .trim_end()
            .strip_prefix("mock relay on ")
            .expect("the mock relay says where it listens")
            .to_owned();
        PyRelay { child, base_url }
    }
}

impl Drop for PyRelay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
