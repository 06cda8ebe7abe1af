//! One rustls configuration for IMAP and SMTP: the public web roots plus what the operator
//! trusts for a server with its own certificate, either a `ca_file` (a private CA, or the
//! server's own self-signed certificate, CA:TRUE or not) or a pinned `tls_fingerprint`.

use std::path::Path;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use sha2::{Digest, Sha256};

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("cannot read CA file {path}: {message}")]
    CaFile { path: String, message: String },
    #[error("CA file {path} holds no usable certificate")]
    NoCertificate { path: String },
    #[error("tls_fingerprint must be \"sha256:\" and 64 hex digits (colons allowed), as `openssl x509 -noout -fingerprint -sha256` prints it")]
    Fingerprint,
    #[error("building the TLS configuration: {0}")]
    Verifier(String),
}

/// Installs ring as the process-wide rustls provider. Every crate here uses rustls 0.23, which
/// panics at the first handshake when no provider, or more than one, could be chosen.
pub fn install_crypto_provider() {
    // An Err means a provider is already installed, which is what we want.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// What a connection trusts beyond the public web roots.
#[derive(Clone, Copy, Debug, Default)]
pub struct Trust<'a> {
    pub ca_file: Option<&'a Path>,
    pub fingerprint: Option<&'a str>,
}

impl Trust<'_> {
    /// Whether anything beyond the public roots is configured.
    pub fn is_custom(&self) -> bool {
        self.ca_file.is_some() || self.fingerprint.is_some()
    }
}

/// A SHA-256 certificate fingerprint in the form OpenSSL prints
/// (`sha256 Fingerprint=AB:CD:…`), with or without the colons and the `sha256:` prefix.
pub fn parse_fingerprint(text: &str) -> Result<[u8; 32], TlsError> {
    let text = text.trim();
    let text = text.rsplit_once('=').map_or(text, |(_, hex)| hex);
    let lower = text.to_ascii_lowercase();
    let hex: String = lower
        .strip_prefix("sha256:")
        .unwrap_or(&lower)
        .chars()
        .filter(|c| *c != ':')
        .collect();
    let bytes = hex::decode(hex).map_err(|_| TlsError::Fingerprint)?;
    bytes.try_into().map_err(|_| TlsError::Fingerprint)
}

fn read_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let shown = path.display().to_string();
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
        .map_err(|e| TlsError::CaFile {
            path: shown.clone(),
            message: e.to_string(),
        })?
        .collect::<Result<_, _>>()
        .map_err(|e| TlsError::CaFile {
            path: shown.clone(),
            message: e.to_string(),
        })?;
    if certs.is_empty() {
        return Err(TlsError::NoCertificate { path: shown });
    }
    Ok(certs)
}

pub fn client_config(trust: Trust<'_>) -> Result<Arc<ClientConfig>, TlsError> {
    install_crypto_provider();
    let provider = rustls::crypto::ring::default_provider();
    let algorithms = provider.signature_verification_algorithms;
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let own = match trust.ca_file {
        Some(path) => read_certificates(path)?,
        None => Vec::new(),
    };
    // A self-signed server certificate is no use to webpki as an anchor; the verifier below
    // still trusts it as itself.
    roots.add_parsable_certificates(own.iter().cloned());
    let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), Arc::new(provider))
        .build()
        .map_err(|e| TlsError::Verifier(e.to_string()))?;
    let pinned = trust.fingerprint.map(parse_fingerprint).transpose()?;
    let verifier = Verifier {
        webpki,
        own,
        pinned,
        algorithms,
    };
    let config = ClientConfig::builder()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// The usual chain check first; a certificate named in `ca_file` itself is accepted for its
/// host names (`openssl req -x509` makes a CA:TRUE certificate, which webpki refuses as a
/// server's own); a pinned fingerprint replaces every other check.
#[derive(Debug)]
struct Verifier {
    webpki: Arc<WebPkiServerVerifier>,
    own: Vec<CertificateDer<'static>>,
    pinned: Option<[u8; 32]>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Some(pinned) = self.pinned {
            let presented: [u8; 32] = Sha256::digest(end_entity.as_ref()).into();
            return if presented == pinned {
                Ok(ServerCertVerified::assertion())
            } else {
                Err(rustls::Error::General(format!(
                    "the server's certificate (sha256:{}) is not the one pinned by tls_fingerprint",
                    hex::encode(presented)
                )))
            };
        }
        let chained = self.webpki.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        match chained {
            Err(_) if self.own.iter().any(|c| c.as_ref() == end_entity.as_ref()) => {
                let cert = webpki::EndEntityCert::try_from(end_entity)
                    .map_err(|e| rustls::Error::General(e.to_string()))?;
                cert.verify_is_valid_for_subject_name(server_name)
                    .map_err(|_| {
                        rustls::Error::InvalidCertificate(rustls::CertificateError::NotValidForName)
                    })?;
                Ok(ServerCertVerified::assertion())
            }
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_is_read_in_every_form_openssl_and_people_write() {
        let hex = "AB".repeat(32);
        let colons = vec!["AB"; 32].join(":");
        let expected = [0xab; 32];
        for text in [
            format!("sha256:{hex}"),
            format!("sha256:{colons}"),
            format!("sha256 Fingerprint={colons}"),
            hex.to_lowercase(),
            format!("SHA256:{}", colons.to_lowercase()),
        ] {
            assert_eq!(parse_fingerprint(&text).unwrap(), expected, "{text}");
        }
        for bad in ["sha256:abcd", "md5:zz", &"AB".repeat(20)] {
            assert!(parse_fingerprint(bad).is_err(), "{bad}");
        }
    }
}
