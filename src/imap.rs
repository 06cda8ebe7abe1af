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

use crate::config::{ImapConfig, TlsMode};

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
    let mut session = timed(limit, "LOGIN", async {
        client
            .login(&cfg.username, cfg.password.expose())
            .await
            .map_err(|(e, _)| e)
    })
    .await?;
    let caps = timed(limit, "CAPABILITY", session.capabilities()).await?;
    Ok((session, caps))
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
