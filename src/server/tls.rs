//! TLS for `bolt+s://` and `neo4j+s://` (rustls): a certificate chain and
//! its private key, read from PEM files, and a session split so that one
//! thread reads requests while another writes answers.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;

use parking_lot::Mutex;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::{ServerConfig, ServerConnection};

/// The server's TLS settings from `cert` (a PEM chain, the server's own
/// certificate first) and `key` (a PEM private key).
pub fn load(cert: &Path, key: &Path) -> Result<Arc<ServerConfig>, String> {
    let unreadable = |what: &str, path: &Path, e: &dyn std::fmt::Display| {
        format!("cannot read the TLS {what} {}: {e}", path.display())
    };
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .map_err(|e| unreadable("certificate", cert, &e))?
        .collect::<Result<_, _>>()
        .map_err(|e| unreadable("certificate", cert, &e))?;
    if chain.is_empty() {
        return Err(format!("{} holds no PEM certificate", cert.display()));
    }
    let key_der = PrivateKeyDer::from_pem_file(key).map_err(|e| unreadable("key", key, &e))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(chain, key_der)
        .map_err(|e| format!("the TLS certificate and key do not go together: {e}"))?;
    Ok(Arc::new(config))
}

/// One TLS session over a socket, read by one thread and written by
/// another ([`split`]): each takes the session's lock only to hand it
/// bytes or take bytes from it, never while it waits for the socket to
/// bring more.
struct Session {
    tls: Mutex<ServerConnection>,
    socket: TcpStream,
}

/// The reading side of a split TLS session.
pub struct TlsReader {
    session: Arc<Session>,
    socket: TcpStream,
}

/// The writing side of a split TLS session.
pub struct TlsWriter(Arc<Session>);

/// Both sides of a split TLS session, for the thread that starts with both.
pub struct TlsStream(TlsReader, TlsWriter);

/// A TLS session over `socket`: a stream to read and write, and a second
/// reader of the same session for a thread that takes the reading over.
pub fn split(tls: ServerConnection, socket: TcpStream) -> io::Result<(TlsStream, TlsReader)> {
    let session = Arc::new(Session { tls: Mutex::new(tls), socket: socket.try_clone()? });
    let reader = |socket| TlsReader { session: session.clone(), socket };
    let stream = TlsStream(reader(socket.try_clone()?), TlsWriter(session.clone()));
    Ok((stream, reader(socket)))
}

impl Read for TlsStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

impl Write for TlsStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.1.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.1.flush()
    }
}

impl Session {
    /// Sends what the session has to send (records, handshake messages).
    fn send(&self, tls: &mut ServerConnection) -> io::Result<()> {
        while tls.wants_write() {
            tls.write_tls(&mut &self.socket)?;
        }
        Ok(())
    }
}

impl Read for TlsReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            match self.session.tls.lock().reader().read(buf) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                done => return done,
            }
            // Nothing decrypted is waiting: wait for the client, unlocked.
            let mut raw = [0u8; 16 * 1024];
            let n = self.socket.read(&mut raw)?;
            let mut tls = self.session.tls.lock();
            let mut input = &raw[..n];
            loop {
                let taken = tls.read_tls(&mut input)?;
                tls.process_new_packets().map_err(io::Error::other)?;
                if input.is_empty() || taken == 0 {
                    break;
                }
            }
            self.session.send(&mut tls)?;
        }
    }
}

impl Write for TlsWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut tls = self.0.tls.lock();
        let n = tls.writer().write(buf)?;
        self.0.send(&mut tls)?;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        let mut tls = self.0.tls.lock();
        tls.writer().flush()?;
        self.0.send(&mut tls)
    }
}
