//! `embargo serve`: the Bolt 5 server, so Neo4j's own drivers (Python,
//! JavaScript, Java, Go, .NET) and the tools built on them work with a
//! store. A thread per connection, up to a limit; every connection speaks
//! to one [`SharedDatabase`], the only door to the store.

mod auth;
mod connection;
mod message;
pub mod packstream;
mod state;
mod status;
mod tls;
mod values;

use std::io;
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use auth::Auth;
pub use state::agent;
pub use tls::load as load_tls;

use crate::database::SharedDatabase;
use state::Server;

/// How a server runs.
pub struct Config {
    pub auth: Auth,
    /// What ROUTE answers, `host:port`.
    pub advertised: String,
    pub max_connections: usize,
    /// TLS (`bolt+s://`), when set.
    pub tls: Option<Arc<rustls::ServerConfig>>,
}

/// Serves connections from `listener` until the process ends.
pub fn serve(db: SharedDatabase, listener: TcpListener, config: Config) -> io::Result<()> {
    let server = Arc::new(Server::new(db, config.auth, config.advertised));
    let open = Arc::new(AtomicUsize::new(0));
    let refusing = Arc::new(AtomicUsize::new(0));
    for (id, stream) in (1u64..).zip(listener.incoming()) {
        // A failed accept (a client gone already, no descriptors left)
        // concerns that client only.
        let Ok(stream) = stream else { continue };
        if open.load(Ordering::SeqCst) >= config.max_connections {
            // Told why, the driver raises an error that says so (and
            // retries); past a few refusals at once, a closed connection
            // has to do.
            if refusing.load(Ordering::SeqCst) < MAX_REFUSING {
                let slot = Slot::take(&refusing);
                let (tls, max) = (config.tls.clone(), config.max_connections);
                let refused = std::thread::Builder::new().name(format!("bolt-{id}-refused")).spawn(move || {
                    let _slot = slot;
                    let _ = refuse_tcp(stream, tls, max);
                });
                drop(refused);
            }
            continue;
        }
        let slot = Slot::take(&open);
        let server = server.clone();
        let tls = config.tls.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("bolt-{id}"))
            .stack_size(crate::exec::THREAD_STACK)
            .spawn(move || {
                let _slot = slot;
                // The connection's errors are the client's (garbage, a
                // hang-up): they end it and nothing else.
                let _ = serve_tcp(stream, server, id, tls);
            });
        if spawned.is_err() {
            eprintln!("embargo serve: cannot start a thread for a connection");
        }
    }
    Ok(())
}

/// Connections being refused at once, each on a short-lived thread.
const MAX_REFUSING: usize = 8;

/// Answers a client past `--max-connections` with a TransientError.
fn refuse_tcp(stream: TcpStream, tls: Option<Arc<rustls::ServerConfig>>, max: usize) -> io::Result<()> {
    let patience = Some(std::time::Duration::from_secs(5));
    stream.set_read_timeout(patience)?;
    stream.set_write_timeout(patience)?;
    let message = format!("all {max} connections that --max-connections allows are in use; try again later");
    match tls {
        Some(tls) => {
            let session = rustls::ServerConnection::new(tls).map_err(io::Error::other)?;
            connection::refuse(rustls::StreamOwned::new(session, stream), status::NO_THREADS, &message)
        }
        None => connection::refuse(stream, status::NO_THREADS, &message),
    }
}

fn serve_tcp(
    stream: TcpStream,
    server: Arc<Server>,
    id: u64,
    tls: Option<Arc<rustls::ServerConfig>>,
) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let control = stream.try_clone()?;
    let set_timeout = |timeout| {
        let _ = control.set_read_timeout(timeout);
    };
    let served = match tls {
        Some(tls) => {
            let session = rustls::ServerConnection::new(tls).map_err(io::Error::other)?;
            let (stream, read_half) = tls::split(session, stream)?;
            connection::serve(stream, Some(read_half), server, id, set_timeout)
        }
        None => {
            let read_half = stream.try_clone()?;
            connection::serve(stream, Some(read_half), server, id, set_timeout)
        }
    };
    // The end of the connection for the client, and for a thread still
    // reading its requests.
    let _ = control.shutdown(std::net::Shutdown::Both);
    served
}

/// One of the open connections, given back when it ends.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(open: &Arc<AtomicUsize>) -> Slot {
        open.fetch_add(1, Ordering::SeqCst);
        Slot(open.clone())
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
