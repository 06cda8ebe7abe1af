//! SMTP with lettre: implicit TLS, STARTTLS, or plain only when configured; every send under a
//! timeout; failures sorted into "try again" and "give up".

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::OutboxError;
use crate::cases::outgoing::Leased;
use crate::config::{SmtpConfig, TlsMode};

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// 4xx, connection trouble, timeouts: the same message is tried again later.
    #[error("{0}")]
    Transient(String),
    /// 5xx: the server will never take this message.
    #[error("{0}")]
    Permanent(String),
}

#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    timeout: Duration,
}

const AUTO_SUBMITTED: HeaderName = HeaderName::new_from_ascii_str("Auto-Submitted");
/// Asks Exchange and Outlook not to answer automatic mail with their own automatic mail.
const AUTO_RESPONSE_SUPPRESS: HeaderName =
    HeaderName::new_from_ascii_str("X-Auto-Response-Suppress");

impl Mailer {
    pub fn new(cfg: &SmtpConfig) -> Result<Self, OutboxError> {
        crate::tls::install_crypto_provider();
        let timeout = Duration::from_secs(cfg.timeout_secs);
        let tls = || -> Result<TlsParameters, OutboxError> {
            let mut params = TlsParameters::builder(cfg.host.clone());
            if let Some(path) = &cfg.ca_file {
                let pem = std::fs::read(path).map_err(|e| {
                    OutboxError::Config(format!("smtp.ca_file {}: {e}", path.display()))
                })?;
                let cert = Certificate::from_pem(&pem)
                    .map_err(|e| OutboxError::Config(format!("smtp.ca_file: {e}")))?;
                params = params.add_root_certificate(cert);
            }
            params
                .build_rustls()
                .map_err(|e| OutboxError::Config(format!("SMTP TLS: {e}")))
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(cfg.host.clone())
            .port(cfg.port)
            .timeout(Some(timeout));
        builder = match cfg.tls {
            TlsMode::Implicit => builder.tls(Tls::Wrapper(tls()?)),
            TlsMode::Starttls => builder.tls(Tls::Required(tls()?)),
            TlsMode::None => builder.tls(Tls::None),
        };
        if !cfg.username.is_empty() {
            builder = builder.credentials(Credentials::new(
                cfg.username.clone(),
                cfg.password.expose().to_owned(),
            ));
        }
        let from: Mailbox = cfg
            .from
            .parse()
            .map_err(|e| OutboxError::Config(format!("smtp.from: {e}")))?;
        Ok(Self {
            transport: builder.build(),
            from,
            timeout,
        })
    }

    /// The message exactly as stored, so a resend carries the same Message-ID and content.
    pub fn build(&self, row: &Leased) -> Result<Message, SendError> {
        let to: Mailbox = row
            .to_addr
            .parse()
            .map_err(|e| SendError::Permanent(format!("recipient address: {e}")))?;
        let mut b = Message::builder()
            .from(self.from.clone())
            .reply_to(self.from.clone())
            .to(to)
            .subject(row.subject.clone())
            .message_id(Some(format!("<{}>", row.message_id)));
        if let Some(parent) = &row.in_reply_to {
            b = b.in_reply_to(format!("<{parent}>"));
        }
        if !row.references_ids.is_empty() {
            let refs: Vec<String> = row
                .references_ids
                .iter()
                .map(|r| format!("<{r}>"))
                .collect();
            b = b.references(refs.join(" "));
        }
        if row.auto_submitted {
            b = b
                .raw_header(HeaderValue::new(AUTO_SUBMITTED, "auto-replied".into()))
                .raw_header(HeaderValue::new(AUTO_RESPONSE_SUPPRESS, "All".into()));
        }
        let text = MultiPart::alternative_plain_html(row.body_text.clone(), row.body_html.clone());
        let body = if row.attachments.is_empty() {
            text
        } else {
            row.attachments
                .iter()
                .fold(MultiPart::mixed().multipart(text), |m, f| {
                    let kind = ContentType::parse(&f.content_type).unwrap_or_else(|_| {
                        ContentType::parse("application/octet-stream").unwrap()
                    });
                    m.singlepart(Attachment::new(f.filename.clone()).body(f.content.clone(), kind))
                })
        };
        b.multipart(body)
            .map_err(|e| SendError::Permanent(format!("building the message: {e}")))
    }

    pub async fn send(&self, message: &Message) -> Result<(), SendError> {
        match tokio::time::timeout(
            self.timeout + Duration::from_secs(5),
            self.transport.send(message.clone()),
        )
        .await
        {
            Err(_) => Err(SendError::Transient("SMTP send timed out".into())),
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
            Ok(Err(e)) => Err(SendError::Transient(e.to_string())),
        }
    }
}
