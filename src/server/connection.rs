//! One client's connection: the version handshake, then messages in and
//! answers out until either side ends it. Answers to pipelined requests go
//! out together, once no more requests are waiting.

use std::io::{self, BufReader, Read, Write};
use std::sync::Arc;
use std::time::Duration;

use super::message::{Request, failure, read_message, write_message};
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
/// hang-up): they end this connection and no other.
pub fn serve<S: Read + Write>(
    stream: S,
    server: Arc<Server>,
    id: u64,
    set_timeout: impl Fn(Option<Duration>),
) -> io::Result<()> {
    set_timeout(Some(UNAUTHENTICATED_TIMEOUT));
    let mut stream = stream;
    let mut handshake = [0u8; 20];
    stream.read_exact(&mut handshake)?;
    if handshake[..4] != [0x60, 0x60, 0xB0, 0x17] {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "not a Bolt client"));
    }
    let mut proposals = [0u8; 16];
    proposals.copy_from_slice(&handshake[4..]);
    let Some((major, minor)) = choose_version(&proposals) else {
        stream.write_all(&[0, 0, 0, 0])?;
        return Ok(());
    };
    stream.write_all(&[0, 0, minor, major])?;
    stream.flush()?;

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
        if session.is_authenticated() {
            set_timeout(None);
        }
    }
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
