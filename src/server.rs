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
    for (id, stream) in (1u64..).zip(listener.incoming()) {
        // A failed accept (a client gone already, no descriptors left)
        // concerns that client only.
        let Ok(stream) = stream else { continue };
        if open.load(Ordering::SeqCst) >= config.max_connections {
            // Refused: closing it tells the driver to try later.
            drop(stream);
            continue;
        }
        let slot = Slot::take(&open);
        let server = server.clone();
        let tls = config.tls.clone();
        let spawned = std::thread::Builder::new().name(format!("bolt-{id}")).spawn(move || {
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
    match tls {
        Some(tls) => {
            let session = rustls::ServerConnection::new(tls).map_err(io::Error::other)?;
            connection::serve(rustls::StreamOwned::new(session, stream), server, id, set_timeout)
        }
        None => connection::serve(stream, server, id, set_timeout),
    }
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
