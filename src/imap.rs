//! The IMAP client both mail stages use: TCP, implicit TLS or STARTTLS (plain only when
//! configured), login, every step under a timeout. Intake reads with it; the outbox files sent
//! copies with it.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use async_imap::types::Capabilities;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use crate::config::{AuthMethod, ImapConfig, TlsMode};

#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    #[error("IMAP: {0}")]
    Imap(#[from] async_imap::error::Error),
    #[error("network: {0}")]
    Io(#[from] std::io::Error),
    #[error("TLS: {0}")]
    Tls(#[from] crate::tls::TlsError),
    #[error("IMAP server did not answer {0} in time")]
    Timeout(&'static str),
    #[error("IMAP server closed the connection")]
    Closed,
    #[error("not a valid TLS server name: {0}")]
    BadHost(String),
    #[error("IMAP: {0}")]
    OAuth(#[from] crate::oauth::OAuthError),
    #[error("the IMAP server refused the login: {0}")]
    LoginRefused(String),
}

impl ImapError {
    /// The credentials are at fault (a refused login or OAuth2 refresh), not the network:
    /// retrying will not help until an admin acts.
    pub fn is_auth(&self) -> bool {
        matches!(
            self,
            ImapError::LoginRefused(_) | ImapError::OAuth(crate::oauth::OAuthError::Refused(_))
        )
    }
}

/// A plain or TLS stream behind one type, as async-imap's session is generic over one stream.
#[derive(Debug)]
pub enum Transport {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

pub type Session = async_imap::Session<Transport>;

impl AsyncRead for Transport {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Transport::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Transport::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Transport {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Transport::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Transport::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Transport::Plain(s) => Pin::new(s).poll_flush(cx),
            Transport::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Transport::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Transport::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// Runs one IMAP step under the configured timeout so that a silent server cannot stall intake.
pub async fn timed<T, E>(
    limit: Duration,
    what: &'static str,
    fut: impl std::future::Future<Output = Result<T, E>>,
) -> Result<T, ImapError>
where
    ImapError: From<E>,
{
    match tokio::time::timeout(limit, fut).await {
        Ok(result) => Ok(result?),
        Err(_) => Err(ImapError::Timeout(what)),
    }
}

pub async fn connect(cfg: &ImapConfig) -> Result<(Session, Capabilities), ImapError> {
    let limit = Duration::from_secs(cfg.timeout_secs);
    let tcp = timed(
        limit,
        "connect",
        TcpStream::connect((cfg.host.as_str(), cfg.port)),
    )
    .await?;
    tcp.set_nodelay(true)?;
    let client = match cfg.tls {
        TlsMode::Implicit => {
            let tls = tls_handshake(cfg, tcp, limit).await?;
            greeted(
                async_imap::Client::new(Transport::Tls(Box::new(tls))),
                limit,
            )
            .await?
        }
        TlsMode::Starttls => {
            let mut plain = greeted(async_imap::Client::new(Transport::Plain(tcp)), limit).await?;
            timed(
                limit,
                "STARTTLS",
                plain.run_command_and_check_ok("STARTTLS", None),
            )
            .await?;
            let Transport::Plain(tcp) = plain.into_inner() else {
                unreachable!("STARTTLS starts from the plain stream")
            };
            let tls = tls_handshake(cfg, tcp, limit).await?;
            // No greeting follows STARTTLS.
            async_imap::Client::new(Transport::Tls(Box::new(tls)))
        }
        TlsMode::None => greeted(async_imap::Client::new(Transport::Plain(tcp)), limit).await?,
    };
    let mut session = match (cfg.auth, &cfg.oauth2) {
        (AuthMethod::Xoauth2, Some(oauth2)) => xoauth2_login(cfg, oauth2, client, limit).await?,
        _ => {
            timed(limit, "LOGIN", async {
                client
                    .login(&cfg.username, cfg.password.expose())
                    .await
                    .map_err(|(e, _)| refused(e))
            })
            .await?
        }
    };
    let caps = timed(limit, "CAPABILITY", session.capabilities()).await?;
    Ok((session, caps))
}

/// A NO to LOGIN or AUTHENTICATE is the credentials' fault; anything else is the connection's.
fn refused(e: async_imap::error::Error) -> ImapError {
    match e {
        async_imap::error::Error::No(text) => ImapError::LoginRefused(text),
        other => other.into(),
    }
}

/// SASL XOAUTH2 with the mailbox's access token; a refused token is dropped and one fresh
/// token tried on the same connection (it may have been revoked before its expiry).
async fn xoauth2_login(
    cfg: &ImapConfig,
    oauth2: &crate::config::OAuth2Config,
    client: async_imap::Client<Transport>,
    limit: Duration,
) -> Result<Session, ImapError> {
    let tokens = crate::oauth::source(oauth2)?;
    let token = tokens.access_token().await?;
    let first = timed(limit, "AUTHENTICATE", async {
        Ok::<_, ImapError>(
            client
                .authenticate("XOAUTH2", XOAuth2::new(&cfg.username, &token))
                .await,
        )
    })
    .await?;
    let (error, client) = match first {
        Ok(session) => return Ok(session),
        Err((async_imap::error::Error::No(text), client)) => (text, client),
        Err((e, _)) => return Err(e.into()),
    };
    tracing::warn!(mailbox = %cfg.name, "the IMAP server refused the access token; refreshing it");
    tokens.invalidate().await;
    let token = tokens.access_token().await?;
    timed(limit, "AUTHENTICATE", async {
        client
            .authenticate("XOAUTH2", XOAuth2::new(&cfg.username, &token))
            .await
            .map_err(|(e, _)| match e {
                async_imap::error::Error::No(text) => {
                    ImapError::LoginRefused(format!("{text} (twice; first: {error})"))
                }
                other => other.into(),
            })
    })
    .await
}

/// The one XOAUTH2 response; an empty one answers the server's error challenge so it can
/// finish with NO.
struct XOAuth2 {
    initial: Option<String>,
}

impl XOAuth2 {
    fn new(user: &str, token: &str) -> Self {
        Self {
            initial: Some(crate::oauth::xoauth2_response(user, token)),
        }
    }
}

impl async_imap::Authenticator for XOAuth2 {
    type Response = String;
    fn process(&mut self, _challenge: &[u8]) -> String {
        self.initial.take().unwrap_or_default()
    }
}

async fn greeted(
    mut client: async_imap::Client<Transport>,
    limit: Duration,
) -> Result<async_imap::Client<Transport>, ImapError> {
    match timed(limit, "greeting", client.read_response()).await? {
        Some(_) => Ok(client),
        None => Err(ImapError::Closed),
    }
}

async fn tls_handshake(
    cfg: &ImapConfig,
    tcp: TcpStream,
    limit: Duration,
) -> Result<TlsStream<TcpStream>, ImapError> {
    let config = crate::tls::client_config(cfg.trust())?;
    let name = rustls::pki_types::ServerName::try_from(cfg.host.clone())
        .map_err(|_| ImapError::BadHost(cfg.host.clone()))?;
    timed(
        limit,
        "TLS handshake",
        TlsConnector::from(config).connect(name, tcp),
    )
    .await
}

/// Files a message in a folder of the mailbox, marked seen.
pub async fn append_message(
    cfg: &ImapConfig,
    folder: &str,
    message: &[u8],
) -> Result<(), ImapError> {
    let limit = Duration::from_secs(cfg.timeout_secs);
    let (mut session, _) = connect(cfg).await?;
    timed(
        limit,
        "APPEND",
        session.append(folder, Some("(\\Seen)"), None, message),
    )
    .await?;
    let _ = timed(limit, "LOGOUT", session.logout()).await;
    Ok(())
}
