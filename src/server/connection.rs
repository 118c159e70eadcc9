//! One client's connection: the version handshake, then messages in and
//! answers out until either side ends it. Answers to pipelined requests go
//! out together, once no more requests are waiting.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Sender};
use std::time::Duration;

use super::message::{Request, failure, ignored, read_message, write_message};
use super::state::{After, Server, Session};
use super::status;

/// The Bolt versions served, newest first: 5.4 down to 5.1 (LOGON).
const NEWEST_MINOR: u8 = 4;
const OLDEST_MINOR: u8 = 1;

/// Before authentication a message is at most this long, and a silent
/// client is dropped after this long.
const MAX_UNAUTHENTICATED_MESSAGE: usize = 64 * 1024;
const UNAUTHENTICATED_TIMEOUT: Duration = Duration::from_secs(30);
/// An authenticated client's largest message (parameters for bulk loads).
const MAX_MESSAGE: usize = 16 * 1024 * 1024;

/// The version to speak, from the client's four proposals
/// (`[0, range, minor, major]` each); `None` when none is served.
pub fn choose_version(proposals: &[u8; 16]) -> Option<(u8, u8)> {
    proposals
        .chunks(4)
        .filter(|p| p[3] == 5)
        .filter_map(|p| {
            let (range, minor) = (p[1], p[2]);
            let newest = minor.min(NEWEST_MINOR);
            (newest >= minor.saturating_sub(range).max(OLDEST_MINOR)).then_some(newest)
        })
        .max()
        .map(|minor| (5, minor))
}

/// Serves one connection to its end. Errors are the client's (garbage, a
/// hang-up): they end this connection and no other. With `read_half` (a
/// second handle on the stream for reading), requests are read ahead on a
/// thread of their own once the client has logged in, so that a RESET or
/// a hang-up interrupts the statement running for it.
pub fn serve<S: Read + Write, R: Read + Send + 'static>(
    stream: S,
    read_half: Option<R>,
    server: Arc<Server>,
    id: u64,
    set_timeout: impl Fn(Option<Duration>),
) -> io::Result<()> {
    set_timeout(Some(UNAUTHENTICATED_TIMEOUT));
    let mut stream = stream;
    if !handshake(&mut stream)? {
        return Ok(());
    }
    let mut session = Session::new(server, id);
    let mut reader = BufReader::new(stream);
    let mut answers = Vec::new();
    loop {
        // Pipelined requests are answered together, before a read blocks.
        if reader.buffer().is_empty() && !answers.is_empty() {
            reader.get_mut().write_all(&answers)?;
            reader.get_mut().flush()?;
            answers.clear();
        }
        if session.is_authenticated() {
            set_timeout(None);
            if let Some(read_half) = read_half {
                // What the reader holds already comes first.
                let ahead = io::Cursor::new(reader.buffer().to_vec()).chain(read_half);
                return serve_reading_ahead(session, BufReader::new(ahead), reader.into_inner(), answers);
            }
        }
        let max = if session.is_authenticated() { MAX_MESSAGE } else { MAX_UNAUTHENTICATED_MESSAGE };
        let Some(bytes) = read_message(&mut reader, max)? else { return Ok(()) };
        let (messages, after) = match Request::parse(&bytes) {
            Ok(request) => session.handle(request),
            // A message we cannot read leaves the stream in doubt: close it.
            Err(e) => (vec![failure(status::PROTOCOL, &e.0)], After::Close),
        };
        for message in &messages {
            write_message(&mut answers, message)?;
        }
        if after == After::Close {
            reader.get_mut().write_all(&answers)?;
            return reader.get_mut().flush();
        }
    }
}

/// Agrees on a version with the client; `false` when none is served.
fn handshake(stream: &mut (impl Read + Write)) -> io::Result<bool> {
    let mut handshake = [0u8; 20];
    stream.read_exact(&mut handshake)?;
    if handshake[..4] != [0x60, 0x60, 0xB0, 0x17] {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "not a Bolt client"));
    }
    let mut proposals = [0u8; 16];
    proposals.copy_from_slice(&handshake[4..]);
    let Some((major, minor)) = choose_version(&proposals) else {
        stream.write_all(&[0, 0, 0, 0])?;
        return Ok(false);
    };
    stream.write_all(&[0, 0, minor, major])?;
    stream.flush()?;
    Ok(true)
}

/// Turns a client away after the handshake: its first request (HELLO) is
/// answered with a FAILURE whose code drivers treat as transient, then
/// the connection is closed.
pub fn refuse(mut stream: impl Read + Write, code: &str, message: &str) -> io::Result<()> {
    if !handshake(&mut stream)? {
        return Ok(());
    }
    read_message(&mut stream, MAX_UNAUTHENTICATED_MESSAGE)?;
    let mut answer = Vec::new();
    write_message(&mut answer, &failure(code, message))?;
    stream.write_all(&answer)?;
    stream.flush()
}

/// A request read ahead, or bytes that are not one.
enum Incoming {
    Request(Request),
    /// A message that cannot be read: the stream is in doubt.
    Garbage(String),
}

/// Serves a logged-in client whose requests a thread reads ahead: a RESET
/// or a hang-up sets the session's cancel flag as soon as it arrives, and
/// the requests queued before a RESET are IGNORED, as Bolt has it.
fn serve_reading_ahead<R: BufRead + Send + 'static>(
    mut session: Session,
    reader: R,
    mut writer: impl Write,
    mut answers: Vec<u8>,
) -> io::Result<()> {
    let cancel = session.cancel_flag();
    let resets = Arc::new(AtomicUsize::new(0));
    let (send, requests) = mpsc::channel();
    let pending = resets.clone();
    std::thread::Builder::new()
        .name("bolt-reader".into())
        .spawn(move || read_ahead(reader, &cancel, &pending, &send))?;
    loop {
        let incoming = match requests.try_recv() {
            Ok(incoming) => incoming,
            Err(_) => {
                // Nothing more waiting: answer what was asked so far.
                writer.write_all(&answers)?;
                writer.flush()?;
                answers.clear();
                // The reader thread is gone: the client hung up.
                let Ok(incoming) = requests.recv() else { return Ok(()) };
                incoming
            }
        };
        let (messages, after) = match incoming {
            Incoming::Request(Request::Reset) => {
                resets.fetch_sub(1, Ordering::SeqCst);
                session.handle(Request::Reset)
            }
            Incoming::Request(request) if request != Request::Goodbye && resets.load(Ordering::SeqCst) > 0 => {
                (vec![ignored()], After::Continue)
            }
            Incoming::Request(request) => session.handle(request),
            Incoming::Garbage(why) => (vec![failure(status::PROTOCOL, &why)], After::Close),
        };
        for message in &messages {
            write_message(&mut answers, message)?;
        }
        if after == After::Close {
            writer.write_all(&answers)?;
            return writer.flush();
        }
    }
}

/// Reads requests until the client hangs up or sends garbage; a RESET, or
/// the end, interrupts the running statement at once.
fn read_ahead(mut reader: impl BufRead, cancel: &AtomicBool, resets: &AtomicUsize, send: &Sender<Incoming>) {
    while let Ok(Some(bytes)) = read_message(&mut reader, MAX_MESSAGE) {
        let incoming = match Request::parse(&bytes) {
            Ok(request) => Incoming::Request(request),
            Err(e) => Incoming::Garbage(e.0),
        };
        if let Incoming::Request(Request::Reset) = incoming {
            resets.fetch_add(1, Ordering::SeqCst);
            cancel.store(true, Ordering::SeqCst);
        }
        let last = matches!(incoming, Incoming::Garbage(_) | Incoming::Request(Request::Goodbye));
        if send.send(incoming).is_err() || last {
            return;
        }
    }
    cancel.store(true, Ordering::SeqCst);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_served_version_wins() {
        // Python driver 6.x: manifest v1, 5.8..5.0, 4.4..4.2, 3.0.
        let python = [0, 0, 1, 0xFF, 0, 8, 8, 5, 0, 2, 4, 4, 0, 0, 0, 3];
        assert_eq!(choose_version(&python), Some((5, 4)));
        let only_5_2 = [0, 0, 2, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(choose_version(&only_5_2), Some((5, 2)));
        let only_5_0 = [0, 0, 0, 5, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(choose_version(&only_5_0), None);
        assert_eq!(choose_version(&[0; 16]), None);
    }
}
