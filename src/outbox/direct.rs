//! The desk's own SMTP sessions, handed to lettre's SMTP client for the protocol and kept open
//! between messages. lettre's transport leaves Nagle's algorithm on, so every command waits
//! out the server's delayed ACK (~40 ms), and builds its own rustls configuration, which the
//! desk's verifier (`ca_file` with a self-signed certificate, `tls_fingerprint`) and XOAUTH2's
//! changing token do not fit. Here every session has `TCP_NODELAY`, runs STARTTLS itself
//! before the hand-over, and goes back to a small pool after a successful send.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, AsyncTokioStream};
use lettre::transport::smtp::extension::ClientId;
use lettre::Message;
use rustls::pki_types::ServerName;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use super::SendError;
use crate::config::TlsMode;
use crate::oauth::TokenSource;

/// How a session logs in.
pub enum Login {
    None,
    Password(Credentials),
    XOAuth2 {
        user: String,
        tokens: Arc<TokenSource>,
    },
}

/// A session idle longer than this is closed rather than reused: servers drop idle clients
/// (Postfix after 300 s, many providers after 60 s), and a quiet desk needs none open.
const IDLE_LIMIT: Duration = Duration::from_secs(30);
/// A session idle longer than this answers a NOOP before it carries a message.
const CHECK_AFTER: Duration = Duration::from_secs(5);

pub struct Direct {
    pub host: String,
    pub port: u16,
    pub mode: TlsMode,
    pub tls: Arc<rustls::ClientConfig>,
    pub login: Login,
    /// Sessions kept open after a send; never more than were open at once.
    pub pool: SessionPool,
}

/// Logged-in sessions waiting for the next message.
pub struct SessionPool {
    idle: Mutex<Vec<(AsyncSmtpConnection, Instant)>>,
    keep: usize,
}

impl SessionPool {
    pub fn new(keep: usize) -> Self {
        Self {
            idle: Mutex::new(Vec::new()),
            keep,
        }
    }

    /// The most recently used session that is still fresh; staler ones are dropped (their
    /// server has dropped them, or soon will).
    fn take(&self) -> Option<(AsyncSmtpConnection, Duration)> {
        let mut idle = self.idle.lock().expect("session pool lock");
        while let Some((conn, since)) = idle.pop() {
            let quiet = since.elapsed();
            if quiet < IDLE_LIMIT && !conn.has_broken() {
                return Some((conn, quiet));
            }
        }
        None
    }

    fn give_back(&self, conn: AsyncSmtpConnection) {
        let mut idle = self.idle.lock().expect("session pool lock");
        if idle.len() < self.keep && !conn.has_broken() {
            idle.push((conn, Instant::now()));
        }
    }
}

impl Direct {
    /// Sends on a pooled session when one is open, else on a new one. A pooled session that
    /// fails before the server answered anything (it closed the idle connection) is replaced
    /// by a new one once. The caller bounds the whole exchange with its send timeout.
    pub async fn send(&self, message: &Message) -> Result<(), SendError> {
        let body = message.formatted();
        if !self.pooled_sessions() {
            let mut conn = self.logged_in().await?;
            conn.send(message.envelope(), &body).await.map_err(smtp)?;
            let _ = conn.quit().await;
            return Ok(());
        }
        if let Some(mut conn) = self.pooled().await {
            match conn.send(message.envelope(), &body).await {
                Ok(_) => {
                    self.pool.give_back(conn);
                    return Ok(());
                }
                Err(e) if e.is_response() || e.status().is_some() => return Err(smtp(e)),
                Err(_) => {}
            }
        }
        let mut conn = self.logged_in().await?;
        conn.send(message.envelope(), &body).await.map_err(smtp)?;
        self.pool.give_back(conn);
        Ok(())
    }

    /// An XOAUTH2 session is not reused: its token may be revoked or expire while it is open,
    /// and each message should be sent under a token the provider still honours.
    fn pooled_sessions(&self) -> bool {
        !matches!(self.login, Login::XOAuth2 { .. })
    }

    async fn pooled(&self) -> Option<AsyncSmtpConnection> {
        let (mut conn, quiet) = self.pool.take()?;
        if quiet > CHECK_AFTER && !conn.test_connected().await {
            return None;
        }
        Some(conn)
    }

    async fn logged_in(&self) -> Result<AsyncSmtpConnection, SendError> {
        let mut conn = self.open().await?;
        match &self.login {
            Login::None => {}
            Login::Password(credentials) => {
                conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                    .await
                    .map_err(smtp)?;
            }
            Login::XOAuth2 { user, tokens } => {
                let token = tokens.access_token().await.map_err(oauth)?;
                let first = conn
                    .auth(
                        &[Mechanism::Xoauth2],
                        &Credentials::new(user.clone(), token),
                    )
                    .await;
                if first.is_err() {
                    // Revoked before its expiry, perhaps: one fresh token on a new session.
                    tokens.invalidate().await;
                    let token = tokens.access_token().await.map_err(oauth)?;
                    conn = self.open().await?;
                    conn.auth(
                        &[Mechanism::Xoauth2],
                        &Credentials::new(user.clone(), token),
                    )
                    .await
                    .map_err(smtp)?;
                }
            }
        }
        Ok(conn)
    }

    async fn open(&self) -> Result<AsyncSmtpConnection, SendError> {
        let stream = self
            .stream()
            .await
            .map_err(|e| SendError::Transient(e.to_string()))?;
        AsyncSmtpConnection::connect_with_transport(Box::new(stream), &ClientId::default())
            .await
            .map_err(smtp)
    }

    async fn stream(&self) -> io::Result<Stream> {
        let mut tcp = TcpStream::connect((self.host.as_str(), self.port)).await?;
        // SMTP is a dialogue of short lines: with Nagle's algorithm each would wait for the
        // ACK of the one before.
        tcp.set_nodelay(true)?;
        if self.mode == TlsMode::None {
            return Ok(Stream::Plain(tcp));
        }
        if self.mode == TlsMode::Starttls {
            starttls(&mut tcp).await?;
        }
        let name = ServerName::try_from(self.host.clone())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        let tls = TlsConnector::from(self.tls.clone())
            .connect(name, tcp)
            .await?;
        Ok(Stream::Tls {
            tls: Box::new(tls),
            // After STARTTLS the server sends no second greeting, but lettre reads one first.
            greeting: if self.mode == TlsMode::Starttls {
                b"220 TLS started\r\n".to_vec()
            } else {
                Vec::new()
            },
        })
    }
}

fn smtp(e: lettre::transport::smtp::Error) -> SendError {
    if e.is_permanent() {
        SendError::Permanent(e.to_string())
    } else {
        SendError::Transient(e.to_string())
    }
}

/// A refused refresh stays refused until an admin acts; the row waits in its retries.
fn oauth(e: crate::oauth::OAuthError) -> SendError {
    SendError::Transient(e.to_string())
}

/// Greeting, EHLO, STARTTLS in the clear; nothing else is sent before the handshake.
async fn starttls(tcp: &mut TcpStream) -> io::Result<()> {
    let mut reader = BufReader::new(tcp);
    expect(&mut reader, 220).await?;
    reader.get_mut().write_all(b"EHLO caseconsult\r\n").await?;
    expect(&mut reader, 250).await?;
    reader.get_mut().write_all(b"STARTTLS\r\n").await?;
    expect(&mut reader, 220).await?;
    // The server waits for the handshake after its 220, so the reader holds nothing more.
    Ok(())
}

/// Reads one (possibly multi-line) reply and checks its code.
async fn expect(reader: &mut BufReader<&mut TcpStream>, code: u16) -> io::Result<()> {
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the SMTP server closed the connection",
            ));
        }
        let (got, rest) = line.split_at(line.len().min(3));
        if got.parse::<u16>().ok() != Some(code) {
            return Err(io::Error::other(format!(
                "SMTP server answered {:?} where {code} was expected",
                line.trim_end()
            )));
        }
        if !rest.starts_with('-') {
            return Ok(());
        }
    }
}

/// The session's stream: plain, or TLS with the greeting lettre expects to read first.
enum Stream {
    Plain(TcpStream),
    Tls {
        tls: Box<TlsStream<TcpStream>>,
        greeting: Vec<u8>,
    },
}

impl fmt::Debug for Stream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stream::Plain(_) => "Plain",
            Stream::Tls { .. } => "Tls",
        })
    }
}

impl AsyncTokioStream for Stream {
    fn peer_addr(&self) -> io::Result<SocketAddr> {
        match self {
            Stream::Plain(tcp) => tcp.peer_addr(),
            Stream::Tls { tls, .. } => tls.get_ref().0.peer_addr(),
        }
    }
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(tcp) => Pin::new(tcp).poll_read(cx, buf),
            Stream::Tls { tls, greeting } => {
                if !greeting.is_empty() {
                    let n = greeting.len().min(buf.remaining());
                    buf.put_slice(&greeting[..n]);
                    greeting.drain(..n);
                    return Poll::Ready(Ok(()));
                }
                Pin::new(tls.as_mut()).poll_read(cx, buf)
            }
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(tcp) => Pin::new(tcp).poll_write(cx, buf),
            Stream::Tls { tls, .. } => Pin::new(tls.as_mut()).poll_write(cx, buf),
        }
    }
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(tcp) => Pin::new(tcp).poll_flush(cx),
            Stream::Tls { tls, .. } => Pin::new(tls.as_mut()).poll_flush(cx),
        }
    }
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(tcp) => Pin::new(tcp).poll_shutdown(cx),
            Stream::Tls { tls, .. } => Pin::new(tls.as_mut()).poll_shutdown(cx),
        }
    }
}
