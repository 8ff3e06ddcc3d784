//! A loopback HTTP server that answers every connection by playing a script of raw bytes,
//! pauses and gates: for what a server library will not do — a stream cut in the middle of a
//! chunk, an event split over many TCP writes, a pause mid-stream, bytes that are not HTTP, a
//! body shorter than its Content-Length. It reads and records each request like [`super::relay`].

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use super::relay::Captured;

#[derive(Clone)]
pub enum Step {
    /// Bytes written (and flushed) in one write.
    Send(Vec<u8>),
    /// Bytes written a few at a time, with a short pause between writes, so the client reads
    /// them in pieces.
    Dribble(Vec<u8>),
    /// Bytes written one at a time with this pause before each: a server that keeps every
    /// read of the client short but never finishes.
    Trickle(Vec<u8>, Duration),
    Pause(Duration),
    /// Waits until the test opens the gate.
    Wait(Gate),
}

/// A gate the script waits at until the test opens it.
#[derive(Clone, Default)]
pub struct Gate(Arc<(Mutex<bool>, Condvar)>);

impl Gate {
    pub fn open(&self) {
        *self.0.0.lock().unwrap() = true;
        self.0.1.notify_all();
    }

    fn wait(&self) {
        let mut open = self.0.0.lock().unwrap();
        while !*open {
            let (guard, timeout) = self
                .0
                .1
                .wait_timeout(open, Duration::from_secs(30))
                .unwrap();
            open = guard;
            if timeout.timed_out() {
                return;
            }
        }
    }
}

pub struct Scripted {
    pub base_url: String,
    captured: Arc<Mutex<Vec<Captured>>>,
    thread: Option<JoinHandle<()>>,
    port: u16,
    stop: Arc<Mutex<bool>>,
}

impl Scripted {
    /// Serves every connection with `script`, after reading its request; the connection is then
    /// closed.
    pub fn start(script: Vec<Step>) -> Self {
        Self::serve(script, true)
    }

    /// Plays `script` as soon as a client connects, without reading anything: for a client that
    /// expects something else first (a TLS handshake).
    pub fn start_unasked(script: Vec<Step>) -> Self {
        Self::serve(script, false)
    }

    fn serve(script: Vec<Step>, read_first: bool) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().unwrap().port();
        let captured = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(Mutex::new(false));
        let thread = {
            let (captured, stop) = (captured.clone(), stop.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if *stop.lock().unwrap() {
                        return;
                    }
                    let Ok(mut stream) = stream else { continue };
                    let (captured, script) = (captured.clone(), script.clone());
                    std::thread::spawn(move || {
                        if read_first {
                            if let Some(request) = read_request(&mut stream) {
                                captured.lock().unwrap().push(request);
                            }
                        }
                        play(&mut stream, &script);
                    });
                }
            })
        };
        Scripted {
            base_url: format!("http://127.0.0.1:{port}"),
            captured,
            thread: Some(thread),
            port,
            stop,
        }
    }

    pub fn requests(&self) -> Vec<Captured> {
        self.captured.lock().unwrap().clone()
    }
}

impl Drop for Scripted {
    fn drop(&mut self) {
        *self.stop.lock().unwrap() = true;
        // Wake the accept loop so it sees the stop.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn play(stream: &mut TcpStream, script: &[Step]) {
    for step in script {
        let result = match step {
            Step::Send(bytes) => stream.write_all(bytes).and_then(|()| stream.flush()),
            Step::Dribble(bytes) => bytes.chunks(3).try_for_each(|piece| {
                stream.write_all(piece)?;
                stream.flush()?;
                std::thread::sleep(Duration::from_millis(1));
                Ok(())
            }),
            Step::Trickle(bytes, every) => bytes.iter().try_for_each(|byte| {
                std::thread::sleep(*every);
                stream.write_all(std::slice::from_ref(byte))?;
                stream.flush()
            }),
            Step::Pause(duration) => {
                std::thread::sleep(*duration);
                Ok(())
            }
            Step::Wait(gate) => {
                gate.wait();
                Ok(())
            }
        };
        if result.is_err() {
            return;
        }
    }
    // Read what the client sent meanwhile (through a proxy tunnel: the request itself), so that
    // closing does not reset the connection before the client has read the answer.
    let _ = stream.set_read_timeout(Some(Duration::from_millis(100)));
    let mut sink = [0u8; 8192];
    while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// Reads the request line, headers and a Content-Length body.
fn read_request(stream: &mut TcpStream) -> Option<Captured> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut data = Vec::new();
    let mut buf = [0u8; 8192];
    let head_end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, path) = (first.next()?.to_owned(), first.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            Some((name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = data[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&buf[..n]);
    }
    Some(Captured {
        method,
        path,
        headers,
        body,
    })
}

/// A whole answer with a Content-Length.
pub fn answer(status: &str, content_type: &str, body: &[u8]) -> Step {
    let mut bytes = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(body);
    Step::Send(bytes)
}

/// The head of a chunked answer; the body follows as [`chunk`]s.
pub fn chunked_head(status: &str, content_type: &str) -> Step {
    Step::Send(
        format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        )
        .into_bytes(),
    )
}

/// One chunk of a chunked body, as raw bytes.
pub fn chunk(data: &[u8]) -> Vec<u8> {
    let mut bytes = format!("{:x}\r\n", data.len()).into_bytes();
    bytes.extend_from_slice(data);
    bytes.extend_from_slice(b"\r\n");
    bytes
}

/// The chunk that ends a chunked body.
pub const LAST_CHUNK: &[u8] = b"0\r\n\r\n";
