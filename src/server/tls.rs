//! TLS for `bolt+s://` and `neo4j+s://` (rustls): a certificate chain and
//! its private key, read from PEM files.

use std::path::Path;
use std::sync::Arc;

use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

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
