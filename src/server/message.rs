//! Bolt's messages: the requests a client sends (read from PackStream
//! structures) and the chunked framing both ways.

use std::io::{self, Read, Write};

use super::packstream::{DecodeError, Packed, Writer, decode};

/// A client's request, by its tag.
#[derive(Debug, PartialEq)]
pub enum Request {
    Hello(Packed),
    Logon(Packed),
    Logoff,
    Run { query: String, params: Packed, extra: Packed },
    Pull { n: i64, qid: i64 },
    Discard { n: i64, qid: i64 },
    Begin(Packed),
    Commit,
    Rollback,
    Reset,
    Goodbye,
    Route(Packed),
    Telemetry,
}

impl Request {
    /// The request in a message's bytes.
    pub fn parse(bytes: &[u8]) -> Result<Request, DecodeError> {
        let Packed::Struct(tag, mut fields) = decode(bytes)? else {
            return Err(DecodeError("a message is not a structure".into()));
        };
        let bad = || DecodeError(format!("message 0x{tag:02X} has the wrong fields"));
        let mut take = |i: usize| fields.get_mut(i).map(|f| std::mem::replace(f, Packed::Null)).ok_or_else(bad);
        let request = match tag {
            0x01 => Request::Hello(take(0)?),
            0x6A => Request::Logon(take(0)?),
            0x6B => Request::Logoff,
            0x10 => {
                let Packed::String(query) = take(0)? else { return Err(bad()) };
                Request::Run { query, params: take(1)?, extra: take(2).unwrap_or(Packed::Map(vec![])) }
            }
            0x3F | 0x2F => {
                let extra = take(0)?;
                let n = extra.get("n").and_then(Packed::as_int).unwrap_or(-1);
                let qid = extra.get("qid").and_then(Packed::as_int).unwrap_or(-1);
                if tag == 0x3F { Request::Pull { n, qid } } else { Request::Discard { n, qid } }
            }
            0x11 => Request::Begin(take(0).unwrap_or(Packed::Map(vec![]))),
            0x12 => Request::Commit,
            0x13 => Request::Rollback,
            0x0F => Request::Reset,
            0x02 => Request::Goodbye,
            0x66 => Request::Route(take(2).unwrap_or(Packed::Map(vec![]))),
            0x54 => Request::Telemetry,
            other => return Err(DecodeError(format!("unknown message 0x{other:02X}"))),
        };
        Ok(request)
    }

    /// The request's name, for error messages.
    pub fn name(&self) -> &'static str {
        match self {
            Request::Hello(_) => "HELLO",
            Request::Logon(_) => "LOGON",
            Request::Logoff => "LOGOFF",
            Request::Run { .. } => "RUN",
            Request::Pull { .. } => "PULL",
            Request::Discard { .. } => "DISCARD",
            Request::Begin(_) => "BEGIN",
            Request::Commit => "COMMIT",
            Request::Rollback => "ROLLBACK",
            Request::Reset => "RESET",
            Request::Goodbye => "GOODBYE",
            Request::Route(_) => "ROUTE",
            Request::Telemetry => "TELEMETRY",
        }
    }
}

/// Reads one message: its chunks up to the `00 00` that ends it. Empty
/// chunks between messages are keep-alives. `None` at a clean end of the
/// stream; an error when the message passes `max` bytes (before they are
/// read) or the stream ends inside it.
pub fn read_message(input: &mut impl Read, max: usize) -> io::Result<Option<Vec<u8>>> {
    let mut message = Vec::new();
    loop {
        let mut header = [0u8; 2];
        if message.is_empty() {
            match input.read(&mut header[..1])? {
                0 => return Ok(None),
                _ => input.read_exact(&mut header[1..])?,
            }
        } else {
            input.read_exact(&mut header)?;
        }
        let len = usize::from(u16::from_be_bytes(header));
        if len == 0 {
            if message.is_empty() {
                continue;
            }
            return Ok(Some(message));
        }
        if message.len() + len > max {
            return Err(io::Error::new(io::ErrorKind::InvalidData, format!("a message is longer than {max} bytes")));
        }
        let start = message.len();
        message.resize(start + len, 0);
        input.read_exact(&mut message[start..])?;
    }
}

/// Writes one message in chunks of at most 65,535 bytes, then `00 00`.
pub fn write_message(output: &mut impl Write, message: &[u8]) -> io::Result<()> {
    for chunk in message.chunks(0xFFFF) {
        output.write_all(&(chunk.len() as u16).to_be_bytes())?;
        output.write_all(chunk)?;
    }
    output.write_all(&[0, 0])
}

/// A SUCCESS message with `metadata`.
pub fn success(metadata: &[(&str, Packed)]) -> Vec<u8> {
    let mut w = Writer::default();
    w.struct_header(0x70, 1);
    w.map_header(metadata.len());
    for (k, v) in metadata {
        w.string(k);
        w.packed(v);
    }
    w.buf
}

pub fn ignored() -> Vec<u8> {
    vec![0xB0, 0x7E]
}

/// A FAILURE message with a Neo4j status code.
pub fn failure(code: &str, message: &str) -> Vec<u8> {
    let mut w = Writer::default();
    w.struct_header(0x7F, 1);
    w.map_header(2);
    w.string("code");
    w.string(code);
    w.string("message");
    w.string(message);
    w.buf
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(parts: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        for p in parts {
            out.extend_from_slice(&(p.len() as u16).to_be_bytes());
            out.extend_from_slice(p);
        }
        out
    }

    #[test]
    fn messages_span_chunks_and_skip_keep_alives() {
        let bytes = [framed(&[b"", b"ab", b"c", b""]), framed(&[b"d", b""])].concat();
        let mut input = &bytes[..];
        assert_eq!(read_message(&mut input, 100).ok().flatten(), Some(b"abc".to_vec()));
        assert_eq!(read_message(&mut input, 100).ok().flatten(), Some(b"d".to_vec()));
        assert!(matches!(read_message(&mut input, 100), Ok(None)));
    }

    #[test]
    fn long_and_cut_messages_are_errors() {
        let long = framed(&[&[0; 60], &[0; 60], b""]);
        assert!(read_message(&mut &long[..], 100).is_err());
        let cut = framed(&[b"abc"]);
        assert!(read_message(&mut &cut[..2], 100).is_err());
        assert!(read_message(&mut &cut[..], 100).is_err());
    }

    #[test]
    fn written_messages_read_back_whole() {
        let big = vec![7u8; 200_000];
        let mut out = Vec::new();
        assert!(write_message(&mut out, &big).is_ok());
        assert_eq!(read_message(&mut &out[..], 1 << 20).ok().flatten(), Some(big));
    }

    #[test]
    fn requests_parse_from_their_structures() {
        let mut w = Writer::default();
        w.packed(&Packed::Struct(
            0x10,
            vec![Packed::String("RETURN 1".into()), Packed::Map(vec![]), Packed::Map(vec![])],
        ));
        assert!(matches!(Request::parse(&w.buf), Ok(Request::Run { query, .. }) if query == "RETURN 1"));
        let mut w = Writer::default();
        w.packed(&Packed::Struct(0x3F, vec![Packed::Map(vec![("n".into(), Packed::Int(5))])]));
        assert_eq!(Request::parse(&w.buf), Ok(Request::Pull { n: 5, qid: -1 }));
        assert!(Request::parse(&[0xB0, 0x99]).is_err());
        assert!(Request::parse(&[0xB0, 0x10]).is_err());
        assert!(Request::parse(&[0x01]).is_err());
    }
}
