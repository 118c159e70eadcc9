//! `embargo serve STORE`: the command-line side of the Bolt server —
//! where it listens, who may log in, and a clean stop on SIGTERM.

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

use super::Status;
use crate::database::{Database, SharedDatabase};
use crate::server::{self, Auth, Config};

/// `embargo serve STORE`: serve a store to Neo4j's drivers over Bolt 5.
#[derive(Parser, Debug)]
#[command(name = "embargo serve", bin_name = "embargo serve")]
pub struct ServeArgs {
    /// The address and port to listen on (port 0: any free port)
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7687")]
    pub listen: SocketAddr,

    /// The `host:port` clients are told to use (neo4j:// routing); the
    /// listening address by default
    #[arg(long, value_name = "HOST:PORT")]
    pub advertised_address: Option<String>,

    /// The user name clients log in with
    #[arg(long, value_name = "NAME", default_value = "neo4j")]
    pub user: String,

    /// A file whose first line is the password (else $EMBARGO_PASSWORD)
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,

    /// Let anyone in, with any or no credentials
    #[arg(long, conflicts_with = "password_file")]
    pub no_auth: bool,

    /// A PEM certificate chain: serve bolt+s:// and neo4j+s:// (with --tls-key)
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// The PEM private key of --tls-cert
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// At most this many clients connected at once
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub max_connections: usize,

    /// How long a write waits for the write transaction ahead of it
    /// before it fails with a TransientError that drivers retry (reads
    /// never wait)
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub lock_timeout: f64,

    /// End a statement that runs longer than this (TransactionTimedOut)
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,

    /// The store directory (created when missing)
    #[arg(value_name = "STORE")]
    pub store: PathBuf,
}

pub fn run_serve(args: ServeArgs) -> Status {
    match try_serve(args) {
        Ok(()) => Status::Success,
        Err((status, message)) => {
            eprintln!("embargo serve: {message}");
            status
        }
    }
}

type Failure = (Status, String);

fn usage(message: impl Into<String>) -> Failure {
    (Status::Usage, message.into())
}

fn try_serve(args: ServeArgs) -> Result<(), Failure> {
    let auth = auth(&args)?;
    if !(args.lock_timeout.is_finite() && args.lock_timeout > 0.0 && args.lock_timeout < 1e6) {
        return Err(usage("--lock-timeout must be a positive number of seconds"));
    }
    if args.no_auth && !args.listen.ip().is_loopback() {
        eprintln!("embargo serve: warning: --no-auth on {}: anyone who can reach it can change the store", args.listen);
    }
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(server::load_tls(cert, key).map_err(usage)?),
        _ => None,
    };
    let timeout = super::parse_timeout(args.timeout).map_err(|e| usage(e.0))?;
    let (mut db, warnings) = Database::open(&args.store, false).map_err(|e| usage(e.message))?;
    db.limits.timeout = timeout;
    for warning in warnings {
        eprintln!("embargo serve: {warning}");
    }
    let db = SharedDatabase::new(db, Duration::from_secs_f64(args.lock_timeout));
    let listener = TcpListener::bind(args.listen)
        .map_err(|e| (Status::StatementFailed, format!("cannot listen on {}: {e}", args.listen)))?;
    let address = listener.local_addr().map_err(|e| (Status::StatementFailed, e.to_string()))?;
    stop_on_signals(db.clone())?;
    let who = match &auth {
        Auth::Open => "no authentication".to_string(),
        Auth::Password { user, .. } => format!("user {user}"),
    };
    let scheme = if tls.is_some() { "bolt+s" } else { "bolt" };
    println!("embargo serve: {} on {scheme}://{address} (Bolt 5.4), {who}", args.store.display());
    let config = Config {
        auth,
        advertised: args.advertised_address.unwrap_or_else(|| address.to_string()),
        max_connections: args.max_connections.max(1),
        tls,
    };
    server::serve(db, listener, config).map_err(|e| (Status::StatementFailed, e.to_string()))
}

/// The password from the file or the environment — never the command
/// line, where `ps` and shell history would show it.
fn auth(args: &ServeArgs) -> Result<Auth, Failure> {
    if args.no_auth {
        return Ok(Auth::Open);
    }
    let password = match &args.password_file {
        Some(file) => {
            let text = std::fs::read_to_string(file)
                .map_err(|e| usage(format!("cannot read the password file {}: {e}", file.display())))?;
            text.lines().next().unwrap_or("").to_string()
        }
        None => match std::env::var("EMBARGO_PASSWORD") {
            Ok(password) => password,
            Err(_) => {
                return Err(usage("no password: give --password-file FILE or set EMBARGO_PASSWORD (or --no-auth)"));
            }
        },
    };
    if password.is_empty() {
        return Err(usage("the password is empty"));
    }
    Ok(Auth::Password { user: args.user.clone(), password })
}

/// SIGTERM and SIGINT fold the WAL into a snapshot and exit 0. The
/// checkpoint waits for a write transaction in progress; one still open
/// after the wait is rolled back by the exit (the WAL holds every commit).
fn stop_on_signals(db: SharedDatabase) -> Result<(), Failure> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT])
        .map_err(|e| (Status::StatementFailed, format!("cannot handle signals: {e}")))?;
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            if let Err(e) = db.checkpoint() {
                eprintln!("embargo serve: no checkpoint at exit ({e}); the WAL keeps every commit");
            }
            std::process::exit(0);
        }
    });
    Ok(())
}
