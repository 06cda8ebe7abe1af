//! SMTP over the desk's own TLS configuration, for servers lettre's rustls setup refuses: a
//! server's self-signed certificate named in `ca_file` and a pinned `tls_fingerprint` (lettre
//! builds its own rustls configuration and takes no verifier). The desk opens the connection,
//! runs STARTTLS itself where asked, and hands the encrypted stream to lettre's SMTP client.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

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

pub struct OwnTls {
    pub host: String,
    pub port: u16,
    pub starttls: bool,
    pub tls: Arc<rustls::ClientConfig>,
    pub credentials: Option<Credentials>,
}

impl OwnTls {
    pub fn new(
        host: &str,
        port: u16,
        mode: TlsMode,
        tls: Arc<rustls::ClientConfig>,
        credentials: Option<Credentials>,
    ) -> Self {
        Self {
            host: host.to_owned(),
            port,
            starttls: mode == TlsMode::Starttls,
            tls,
            credentials,
        }
    }

    /// One connection per message: these servers are small and the outbox sends a few at a time.
    /// The caller bounds the whole exchange with its send timeout.
    pub async fn send(&self, message: &Message) -> Result<(), SendError> {
        let transient = |e: &dyn fmt::Display| SendError::Transient(e.to_string());
        let smtp = |e: lettre::transport::smtp::Error| {
            if e.is_permanent() {
                SendError::Permanent(e.to_string())
            } else {
                SendError::Transient(e.to_string())
            }
        };
        let stream = self.open().await.map_err(|e| transient(&e))?;
        let hello = ClientId::default();
        let mut conn = AsyncSmtpConnection::connect_with_transport(Box::new(stream), &hello)
            .await
            .map_err(smtp)?;
        if let Some(credentials) = &self.credentials {
            conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                .await
                .map_err(smtp)?;
        }
        conn.send(message.envelope(), &message.formatted())
            .await
            .map_err(smtp)?;
        let _ = conn.quit().await;
        Ok(())
    }

    async fn open(&self) -> io::Result<Encrypted> {
        let mut tcp = TcpStream::connect((self.host.as_str(), self.port)).await?;
        if self.starttls {
            starttls(&mut tcp).await?;
        }
        let name = ServerName::try_from(self.host.clone())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        let tls = TlsConnector::from(self.tls.clone())
            .connect(name, tcp)
            .await?;
        Ok(Encrypted {
            tls,
            // After STARTTLS the server sends no second greeting, but lettre reads one first.
            greeting: if self.starttls {
                b"220 TLS started\r\n".to_vec()
            } else {
                Vec::new()
            },
        })
    }
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

/// The TLS stream with the greeting lettre expects to read first.
struct Encrypted {
    tls: TlsStream<TcpStream>,
    greeting: Vec<u8>,
}

impl fmt::Debug for Encrypted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Encrypted")
    }
}

impl AsyncTokioStream for Encrypted {
    fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.tls.get_ref().0.peer_addr()
    }
}

impl AsyncRead for Encrypted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if !self.greeting.is_empty() {
            let n = self.greeting.len().min(buf.remaining());
            buf.put_slice(&self.greeting[..n]);
            self.greeting.drain(..n);
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.tls).poll_read(cx, buf)
    }
}

impl AsyncWrite for Encrypted {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.tls).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tls).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tls).poll_shutdown(cx)
    }
}
