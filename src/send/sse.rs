//! Server-sent events, read incrementally: an event is handed out as soon as its blank line has
//! arrived, however the bytes were split across network reads (mid-line, mid-UTF-8 character).
//! Lines end in LF, CRLF or CR; `data:` lines join with `\n`; `:` lines are comments. A final
//! event without its blank line is not an event (the stream was cut), as the spec says.

use std::io::{self, Read};

/// An event's name (`event:`) and its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub name: Option<String>,
    pub data: String,
}

/// The longest line we keep in memory; a longer one is not an event stream we can read.
const MAX_LINE: usize = 64 << 20;

pub struct Events<R> {
    reader: R,
    buffer: Vec<u8>,
    /// Where the unread part of `buffer` starts.
    start: usize,
    done: bool,
    name: Option<String>,
    data: Option<String>,
}

impl<R: Read> Events<R> {
    pub fn new(reader: R) -> Self {
        Events {
            reader,
            buffer: Vec::new(),
            start: 0,
            done: false,
            name: None,
            data: None,
        }
    }

    /// The next event, or `None` when the stream ended (after a complete event, or cut).
    pub fn next_event(&mut self) -> io::Result<Option<Event>> {
        loop {
            while let Some(line) = self.next_line() {
                if line.is_empty() {
                    if let Some(data) = self.data.take() {
                        return Ok(Some(Event {
                            name: self.name.take(),
                            data,
                        }));
                    }
                    self.name = None;
                    continue;
                }
                let line = String::from_utf8_lossy(&line).into_owned();
                let (field, value) = match line.split_once(':') {
                    Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
                    None => (line.as_str(), ""),
                };
                match field {
                    "" => {} // a comment
                    "data" => match &mut self.data {
                        Some(data) => {
                            data.push('\n');
                            data.push_str(value);
                        }
                        None => self.data = Some(value.to_owned()),
                    },
                    "event" => self.name = Some(value.to_owned()),
                    _ => {} // id, retry, and fields the spec says to ignore
                }
            }
            if self.done {
                return Ok(None);
            }
            self.fill()?;
        }
    }

    /// Bytes that arrived after the last complete line, when the stream has ended.
    pub fn leftover(&self) -> &[u8] {
        &self.buffer[self.start..]
    }

    /// The next complete line, without its ending.
    fn next_line(&mut self) -> Option<Vec<u8>> {
        let rest = &self.buffer[self.start..];
        let end = rest.iter().position(|&b| b == b'\n' || b == b'\r')?;
        let ending = match (rest[end], rest.get(end + 1)) {
            (b'\r', Some(b'\n')) => 2,
            // A CR at the end of what arrived may be half of a CRLF: wait for the next byte.
            (b'\r', None) if !self.done => return None,
            _ => 1,
        };
        let line = rest[..end].to_vec();
        self.start += end + ending;
        Some(line)
    }

    fn fill(&mut self) -> io::Result<()> {
        if self.start > 0 {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        if self.buffer.len() > MAX_LINE {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "a line of the event stream is longer than {} MiB",
                    MAX_LINE >> 20
                ),
            ));
        }
        let mut chunk = [0u8; 8192];
        let n = loop {
            match self.reader.read(&mut chunk) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other?,
            }
        };
        if n == 0 {
            self.done = true;
        }
        self.buffer.extend_from_slice(&chunk[..n]);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out one byte per read: every split there can be.
    struct Dribble<'a>(&'a [u8]);

    impl Read for Dribble<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match self.0.split_first() {
                Some((&b, rest)) if !buf.is_empty() => {
                    buf[0] = b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    fn all(text: &[u8]) -> (Vec<Event>, Vec<u8>) {
        let mut events = Events::new(Dribble(text));
        let mut found = Vec::new();
        while let Some(event) = events.next_event().unwrap() {
            found.push(event);
        }
        (found, events.leftover().to_vec())
    }

    fn event(name: Option<&str>, data: &str) -> Event {
        Event {
            name: name.map(str::to_owned),
            data: data.to_owned(),
        }
    }

    #[test]
    fn events_split_anywhere() {
        let text = "event: a\ndata: {\"x\": \"好\"}\n\n: comment\r\ndata:1\r\ndata: 2\r\n\r\nid: 7\rdata: z\r\r";
        let (events, leftover) = all(text.as_bytes());
        assert_eq!(
            events,
            [
                event(Some("a"), "{\"x\": \"好\"}"),
                event(None, "1\n2"),
                event(None, "z")
            ]
        );
        assert!(leftover.is_empty());
    }

    #[test]
    fn a_cut_event_is_not_an_event() {
        let (events, leftover) = all(b"data: 1\n\ndata: 2\n");
        assert_eq!(events, [event(None, "1")]);
        assert!(leftover.is_empty());
        let (events, leftover) = all(b"data: 1\n\ndata: {\"type\": \"respo");
        assert_eq!(events, [event(None, "1")]);
        assert_eq!(leftover, b"data: {\"type\": \"respo");
    }

    #[test]
    fn invalid_utf8_does_not_stop_the_stream() {
        let (events, _) = all(b"data: \xff\xfe\n\ndata: ok\n\n");
        assert_eq!(events, [event(None, "\u{fffd}\u{fffd}"), event(None, "ok")]);
    }
}
