//! Equivalence, proven by running: every generated snippet is saved and run by its real client —
//! bash + curl + jq, python3 + requests, python3 + openai, node's fetch, node + openai — against
//! a mock relay on loopback, and the request each one sends is compared with the description.
//! Both styles run: a page-style snippet sends what the script-style one sends, and its curl
//! prints the relay's body as it came.

mod support;

use std::path::Path;

use open1_snip::generate::{Lang, Style};
use open1_snip::request::{ApiKey, Request};
use serde_json::{Value, json};
use support::relay::{BAD_KEY_MESSAGE, GOOD_KEY, MockRelay};

const REPLY: &str =
    "OK — 好的 ✅ \"quoted\" 'single' $HOME `cmd` \\ back\\slash\ttab\nsecond line 😀";

/// Runs `lang`'s snippet in `style` for `description` and returns what differs from the
/// description.
fn problems(lang: Lang, style: Style, description: &str, reply: &str) -> Vec<String> {
    let relay = MockRelay::start(reply);
    // Keep the description's path prefix (a reverse proxy's /open1-api), on the relay's host.
    let original = support::request(description, None);
    let prefix = url::Url::parse(&original.base_url)
        .unwrap()
        .path()
        .trim_end_matches('/')
        .to_owned();
    let request = support::request(description, Some(&format!("{}{prefix}", relay.base_url)));
    let code = match support::render_in(lang, style, &request) {
        Ok(code) => code,
        Err(error) => return vec![format!("cannot generate: {error}")],
    };
    let output = support::run_snippet(lang, &code, key_env(&request), GOOD_KEY);

    let mut problems = Vec::new();
    let (stdout, stderr) = (support::text(&output.stdout), support::text(&output.stderr));
    if !output.status.success() {
        problems.push(format!("exited with {}; stderr:\n{stderr}", output.status));
    }
    let expected = match (style, lang) {
        // The page's curl prints what the relay answered, byte for byte.
        (Style::Page, Lang::Curl) => match relay.answers().as_slice() {
            [answer] => support::text(answer),
            answers => format!("(the relay answered {} times)", answers.len()),
        },
        _ => format!("{reply}\n"),
    };
    if stdout != expected {
        problems.push(format!("printed {stdout:?}, expected {expected:?}"));
    }
    let captured = relay.requests();
    let [sent] = captured.as_slice() else {
        problems.push(format!("sent {} requests, expected 1", captured.len()));
        return problems;
    };
    if sent.method != "POST" || sent.path != format!("{prefix}/v1/responses") {
        problems.push(format!(
            "sent {} {}, expected POST {prefix}/v1/responses",
            sent.method, sent.path
        ));
    }
    if sent.header("Authorization") != Some(&format!("Bearer {GOOD_KEY}")) {
        problems.push(format!(
            "Authorization was {:?}",
            sent.header("Authorization")
        ));
    }
    for header in &request.headers {
        if sent.header(&header.name) != Some(header.value.as_str()) {
            problems.push(format!(
                "{} was {:?}, expected {:?}",
                header.name,
                sent.header(&header.name),
                header.value
            ));
        }
    }
    match serde_json::from_slice::<Value>(&sent.body) {
        Ok(body) if support::json_equal(&Value::Object(request.body.clone()), &body) => {}
        Ok(body) => problems.push(format!(
            "body differs:\n  sent     {}\n  expected {}",
            support::text(&serde_json::to_vec(&body).unwrap()),
            Value::Object(request.body.clone())
        )),
        Err(e) => problems.push(format!(
            "body is not JSON ({e}): {:?}",
            support::text(&sent.body)
        )),
    }
    if !problems.is_empty() {
        problems.insert(0, format!("--- {} ({}) ---\n{code}", lang.id(), style.id()));
    }
    problems
}

fn key_env(request: &Request) -> &str {
    match &request.key {
        ApiKey::Env(name) => name,
        ApiKey::Placeholder => unreachable!("tests generate with the env key"),
    }
}

/// Runs `jobs` in the script style on a few threads and collects every problem.
fn run_all(jobs: Vec<(String, Lang, String, String)>) -> Vec<String> {
    run_styled(
        jobs.into_iter()
            .map(|(name, lang, description, reply)| (name, lang, Style::Script, description, reply))
            .collect(),
    )
}

/// Runs `jobs` on a few threads and collects every problem.
fn run_styled(jobs: Vec<(String, Lang, Style, String, String)>) -> Vec<String> {
    let jobs = std::sync::Mutex::new(jobs);
    let found = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                while let Some((name, lang, style, description, reply)) = jobs.lock().unwrap().pop()
                {
                    for problem in problems(lang, style, &description, &reply) {
                        found.lock().unwrap().push(format!(
                            "[{name} / {} / {}] {problem}",
                            lang.id(),
                            style.id()
                        ));
                    }
                }
            });
        }
    });
    found.into_inner().unwrap()
}

fn fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/requests");
    let mut fixtures: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            (
                path.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&path).unwrap(),
            )
        })
        .collect();
    fixtures.sort();
    fixtures
}

#[test]
fn every_fixture_sends_the_same_request_from_every_client_in_both_styles() {
    let mut jobs = Vec::new();
    for (name, description) in fixtures() {
        let request = support::request(&description, None);
        for lang in Lang::ALL {
            let script = match support::render_in(lang, Style::Script, &request) {
                Ok(script) => script,
                // The openai npm package cannot send integers beyond 2^53; gen says so instead.
                Err(open1_snip::Error::Unrepresentable {
                    lang: "node-openai",
                    message,
                }) => {
                    assert!(message.contains("2^53"), "{name}: {message}");
                    continue;
                }
                Err(error) => panic!("{name} / {}: {error}", lang.id()),
            };
            let job = |style| {
                (
                    name.clone(),
                    lang,
                    style,
                    description.clone(),
                    REPLY.to_owned(),
                )
            };
            jobs.push(job(Style::Script));
            // A page-style snippet that is the script's text would only run the same code again.
            if support::render_in(lang, Style::Page, &request).unwrap() != script {
                jobs.push(job(Style::Page));
            }
        }
    }
    let page_jobs = jobs.iter().filter(|job| job.2 == Style::Page).count();
    assert!(
        jobs.len() >= 50 && page_jobs == fixtures().len(),
        "expected every fixture × lang, and every fixture's page-style curl: got {} jobs, {page_jobs} in the page style",
        jobs.len()
    );
    let problems = run_styled(jobs);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// The page style differs from the script only in curl: Python and Node.js print the reply text
/// in both (README: Styles).
#[test]
fn page_style_differs_from_script_only_in_curl() {
    for (name, description) in fixtures() {
        let request = support::request(&description, None);
        for lang in Lang::ALL {
            let page = support::render_in(lang, Style::Page, &request);
            let script = support::render_in(lang, Style::Script, &request);
            match (page, script) {
                (Ok(page), Ok(script)) => {
                    assert_eq!(page == script, lang != Lang::Curl, "{name} / {}", lang.id());
                }
                (Err(_), Err(_)) => {}
                (page, script) => panic!("{name} / {}: {page:?} / {script:?}", lang.id()),
            }
        }
    }
}

#[test]
fn hostile_strings_arrive_unchanged() {
    let seed = std::env::var("OPEN1_SNIP_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| fastrand::u64(..));
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut jobs = Vec::new();
    for case in 0..50 {
        let description = json!({
            "prompt": support::hostile::string(&mut rng),
            "headers": {"X-Hostile": support::hostile::header_value(&mut rng)},
            "body": {
                "metadata": {"note": support::hostile::string(&mut rng)},
                "x_nested": {"deep": [support::hostile::string(&mut rng), {support::hostile::string(&mut rng): 1}]},
            },
        });
        // The reply is hostile too: each client must print it unchanged.
        let reply = support::hostile::string(&mut rng).replace('\0', "");
        for lang in Lang::ALL {
            jobs.push((
                format!("case {case}, seed {seed}"),
                lang,
                description.to_string(),
                reply.clone(),
            ));
        }
    }
    let problems = run_all(jobs);
    assert!(
        problems.is_empty(),
        "rerun with OPEN1_SNIP_SEED={seed}\n{}",
        problems.join("\n\n")
    );
}

#[test]
fn megabyte_prompt_arrives_unchanged() {
    // Past Linux's 128 KiB limit on one argument: curl must read the body from a here-document.
    let prompt: String = "多字节 'quote' \"dq\" $HOME `x` \\ 😀\n".repeat(1 << 20 >> 5);
    assert!(prompt.len() > 1 << 20);
    let description = json!({"prompt": prompt}).to_string();
    let request = support::request(&description, None);
    for style in [Style::Script, Style::Page] {
        let curl = support::render_in(Lang::Curl, style, &request).unwrap();
        assert!(
            curl.contains("--data-binary @- <<'JSON'"),
            "a 1 MB body must not be a command-line argument ({})",
            style.id()
        );
    }
    let jobs = Lang::ALL
        .into_iter()
        .map(|lang| (lang, Style::Script))
        .chain([(Lang::Curl, Style::Page)])
        .map(|(lang, style)| {
            (
                "1 MB prompt".to_owned(),
                lang,
                style,
                description.clone(),
                REPLY.to_owned(),
            )
        })
        .collect();
    let problems = run_styled(jobs);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn http_errors_exit_nonzero_with_status_and_relay_message() {
    for stream in [false, true] {
        for lang in Lang::ALL {
            let relay = MockRelay::start(REPLY);
            let description = json!({"body": {"stream": stream}}).to_string();
            let request = support::request(&description, Some(&relay.base_url));
            let code = support::render(lang, &request).unwrap();
            let output = support::run_snippet(lang, &code, key_env(&request), "sk-wrong key");
            let (stdout, stderr) = (support::text(&output.stdout), support::text(&output.stderr));
            let context = format!(
                "{} (stream {stream}):\nstdout: {stdout}\nstderr: {stderr}",
                lang.id()
            );
            assert!(!output.status.success(), "{context}");
            assert!(
                stderr.contains("401"),
                "status missing from stderr: {context}"
            );
            assert!(
                stderr.contains(BAD_KEY_MESSAGE),
                "relay message missing from stderr: {context}"
            );
            assert!(
                !stdout.contains("无效"),
                "the error belongs on stderr: {context}"
            );
            assert_eq!(relay.requests().len(), 1, "{context}");
        }
    }
}

/// The page's curl has no --fail-with-body: on an HTTP error it prints the relay's error JSON, as
/// the docs page's own example does, and exits 0.
#[test]
fn page_curl_prints_the_relay_error_body() {
    for stream in [false, true] {
        let relay = MockRelay::start(REPLY);
        let description = json!({"body": {"stream": stream}}).to_string();
        let request = support::request(&description, Some(&relay.base_url));
        let code = support::render_in(Lang::Curl, Style::Page, &request).unwrap();
        let output = support::run_snippet(Lang::Curl, &code, key_env(&request), "sk-wrong key");
        let context = format!("stream {stream}: {}", support::shown(&output));
        assert!(output.status.success(), "{context}");
        assert_eq!(
            relay.answers(),
            std::slice::from_ref(&output.stdout),
            "{context}"
        );
        assert!(
            support::text(&output.stdout).contains(BAD_KEY_MESSAGE),
            "{context}"
        );
    }
}

/// Every character a reader cannot see — format characters, variation selectors, tag characters,
/// blank-looking letters, Unicode spaces — is written as an escape by every lang, and still
/// reaches the server unchanged.
#[test]
fn invisible_characters_are_escaped_and_arrive_unchanged() {
    let invisible: String = support::hostile::INVISIBLE.iter().collect();
    let description = json!({
        "prompt": format!("Reply with OK only.{invisible}"),
        "body": {
            "metadata": {"note": format!("a{invisible}b")},
            "x_keys": {format!("k{invisible}"): invisible.clone()},
        },
    })
    .to_string();
    let mut jobs = Vec::new();
    for lang in Lang::ALL {
        let code = support::render(lang, &support::request(&description, None)).unwrap();
        let raw: Vec<String> = code
            .chars()
            .filter(|c| support::hostile::INVISIBLE.contains(c))
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        assert!(raw.is_empty(), "{}: raw {raw:?} in\n{code}", lang.id());
        jobs.push((
            "invisible".to_owned(),
            lang,
            description.clone(),
            REPLY.to_owned(),
        ));
    }
    let problems = run_all(jobs);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Header names that mean something to a JavaScript object (inherited from `Object.prototype`)
/// are sent like any other; `__proto__`, which Node's fetch drops however it is given, is refused
/// with the reason.
#[test]
fn prototype_header_names_are_sent() {
    for headers in [
        json!({"__proto__": "x"}),
        json!({"__PROTO__": "x", "X-A": "1"}),
    ] {
        let description = json!({ "headers": headers }).to_string();
        let output = support::open1_snip(&["gen", "-"], Some(&description));
        assert_eq!(output.status.code(), Some(2), "{}", support::shown(&output));
        assert!(
            support::text(&output.stderr).contains("Node's fetch drops a header of that name"),
            "{}",
            support::shown(&output)
        );
    }
    let output = support::open1_snip(&["gen", "--header", "__proto__: x"], None);
    assert_eq!(output.status.code(), Some(2), "{}", support::shown(&output));

    let description = json!({
        "headers": {
            "constructor": "y",
            "toString": "z",
            "hasOwnProperty": "h",
            "valueOf": "v",
            "__defineGetter__": "g",
            "then": "t",
            "prototype": "p",
        },
    })
    .to_string();
    let jobs = Lang::ALL
        .into_iter()
        .map(|lang| {
            (
                "prototype headers".to_owned(),
                lang,
                description.clone(),
                REPLY.to_owned(),
            )
        })
        .collect();
    let problems = run_all(jobs);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// `api_key_env` naming an `Object.prototype` property would make the Node snippets read an
/// inherited function (`process.env.constructor`) instead of a missing variable; every such name,
/// as the installed Node lists them, is refused with the reason.
#[test]
fn object_prototype_names_are_refused_as_api_key_env() {
    let output = std::process::Command::new("node")
        .args([
            "-e",
            "console.log(Object.getOwnPropertyNames(Object.prototype).join('\\n'))",
        ])
        .output()
        .expect("run node");
    assert!(output.status.success());
    let names = support::text(&output.stdout);
    let names: Vec<&str> = names.lines().collect();
    assert!(names.contains(&"constructor"), "{names:?}");
    for name in names {
        let description = json!({ "api_key_env": name }).to_string();
        let output = support::open1_snip(&["gen", "-"], Some(&description));
        let stderr = support::text(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{name}: {}",
            support::shown(&output)
        );
        assert!(
            stderr.contains("api_key_env") && stderr.contains("choose another name"),
            "{name}: {stderr}"
        );
        assert!(
            output.stdout.is_empty(),
            "{name}: {}",
            support::shown(&output)
        );
    }
}
