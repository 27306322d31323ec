//! A bounded parser for `text/event-stream` bodies, and the writer for events.

use bytes::{Bytes, BytesMut};

/// One server-sent event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Event {
    /// `event:` field, if any.
    pub event: Option<String>,
    /// `data:` lines joined with `\n`.
    pub data: String,
    /// `id:` field (MCP streams use it for resumption), if any.
    pub id: Option<String>,
    /// `retry:` field, if any.
    pub retry: Option<String>,
}

impl Event {
    /// Serialise as SSE, ending with the blank line.
    pub fn to_bytes(&self) -> Bytes {
        let mut out = String::with_capacity(self.data.len() + 32);
        self.write_into(&mut out);
        Bytes::from(out)
    }

    /// Append the event's wire form to `out` (several events then leave in one write).
    pub fn write_into(&self, out: &mut String) {
        if let Some(id) = &self.id {
            out.push_str("id: ");
            out.push_str(id);
            out.push('\n');
        }
        if let Some(r) = &self.retry {
            out.push_str("retry: ");
            out.push_str(r);
            out.push('\n');
        }
        if let Some(e) = &self.event {
            out.push_str("event: ");
            out.push_str(e);
            out.push('\n');
        }
        for line in self.data.split('\n') {
            out.push_str("data: ");
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
}

/// An event larger than the parser's bound.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stream event larger than {0} bytes")]
pub struct EventTooLarge(pub usize);

/// Incremental SSE parser: feed bytes as they arrive, take whole events out.
#[derive(Debug)]
pub struct Parser {
    buf: BytesMut,
    max_event: usize,
}

impl Parser {
    /// A parser refusing events over `max_event` bytes.
    pub fn new(max_event: usize) -> Self {
        Parser {
            buf: BytesMut::new(),
            max_event,
        }
    }

    /// Add bytes; return the events they complete.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Vec<Event>, EventTooLarge> {
        self.buf.extend_from_slice(chunk);
        let mut out = Vec::new();
        while let Some((end, sep)) = find_boundary(&self.buf) {
            let raw = self.buf.split_to(end + sep);
            if let Some(ev) = parse_event(&raw[..end]) {
                out.push(ev);
            }
        }
        if self.buf.len() > self.max_event {
            return Err(EventTooLarge(self.max_event));
        }
        Ok(out)
    }

    /// Whatever is left when the stream ends (an event without its blank line).
    pub fn finish(&mut self) -> Option<Event> {
        let rest = std::mem::take(&mut self.buf);
        parse_event(&rest)
    }
}

/// The end of the first event and the length of its separator (`\n\n`, `\r\n\r\n`, `\r\r`).
fn find_boundary(b: &[u8]) -> Option<(usize, usize)> {
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'\n' && b[i + 1] == b'\n' {
            return Some((i, 2));
        }
        if b[i] == b'\r'
            && b[i + 1] == b'\n'
            && b.get(i + 2) == Some(&b'\r')
            && b.get(i + 3) == Some(&b'\n')
        {
            return Some((i, 4));
        }
        if b[i] == b'\r' && b[i + 1] == b'\r' {
            return Some((i, 2));
        }
        i += 1;
    }
    None
}

fn parse_event(raw: &[u8]) -> Option<Event> {
    let text = String::from_utf8_lossy(raw);
    let mut ev = Event::default();
    let mut data: Vec<&str> = Vec::new();
    for line in text.split(['\n']) {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() || line.starts_with(':') {
            continue;
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line, ""),
        };
        match field {
            "event" => ev.event = Some(value.to_owned()),
            "data" => data.push(value),
            "id" if !value.contains('\0') => ev.id = Some(value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                ev.retry = Some(value.to_owned())
            }
            _ => {}
        }
    }
    if data.is_empty() && ev.event.is_none() && ev.id.is_none() && ev.retry.is_none() {
        return None;
    }
    ev.data = data.join("\n");
    Some(ev)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn split_anywhere() {
        let input = b"event: a\ndata: {\"x\":1}\n\n: comment\n\ndata: [DONE]\r\n\r\n";
        for cut in 0..input.len() {
            let mut p = Parser::new(1024);
            let mut evs = p.push(&input[..cut]).unwrap();
            evs.extend(p.push(&input[cut..]).unwrap());
            assert_eq!(evs.len(), 2, "cut {cut}");
            assert_eq!(evs[0].event.as_deref(), Some("a"));
            assert_eq!(evs[1].data, "[DONE]");
        }
    }

    #[test]
    fn bounded() {
        let mut p = Parser::new(16);
        assert!(p.push(&[b'x'; 32]).is_err());
    }

    #[test]
    fn roundtrip() {
        let e = Event {
            event: Some("message_start".into()),
            data: "{}".into(),
            id: Some("7".into()),
            retry: None,
        };
        let mut p = Parser::new(100);
        assert_eq!(p.push(&e.to_bytes()).unwrap(), vec![e]);
    }
}
