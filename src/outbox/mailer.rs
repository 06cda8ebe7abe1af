//! Replies as lettre messages, sent over the desk's own pooled SMTP sessions (`direct`):
//! implicit TLS, STARTTLS, or plain only when configured; every send under a timeout; failures
//! sorted into "try again" and "give up".

use std::sync::Arc;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::Message;

use super::direct::{Direct, Login, SessionPool};
use super::{OutboxError, SendError};
use crate::cases::outgoing::Leased;
use crate::config::{AuthMethod, SmtpConfig};

#[derive(Clone)]
pub struct Mailer {
    direct: Arc<Direct>,
    from: Mailbox,
    timeout: Duration,
}

/// Sessions a mailer keeps open between messages: as many as the outbox may send at once.
const MOST_SESSIONS_KEPT: usize = 16;

const AUTO_SUBMITTED: HeaderName = HeaderName::new_from_ascii_str("Auto-Submitted");
/// Asks Exchange and Outlook not to answer automatic mail with their own automatic mail.
const AUTO_RESPONSE_SUPPRESS: HeaderName =
    HeaderName::new_from_ascii_str("X-Auto-Response-Suppress");

impl Mailer {
    pub fn new(cfg: &SmtpConfig) -> Result<Self, OutboxError> {
        crate::tls::install_crypto_provider();
        let timeout = Duration::from_secs(cfg.timeout_secs);
        let credentials = (!cfg.username.is_empty())
            .then(|| Credentials::new(cfg.username.clone(), cfg.password.expose().to_owned()));
        let xoauth2 = match (cfg.auth, &cfg.oauth2) {
            (AuthMethod::Xoauth2, Some(oauth2)) => Some(
                crate::oauth::source(oauth2)
                    .map_err(|e| OutboxError::Config(format!("smtp: {e}")))?,
            ),
            _ => None,
        };
        let tls = crate::tls::client_config(cfg.trust())
            .map_err(|e| OutboxError::Config(format!("smtp: {e}")))?;
        let login = match (xoauth2, credentials) {
            (Some(tokens), _) => Login::XOAuth2 {
                user: cfg.username.clone(),
                tokens,
            },
            (None, Some(credentials)) => Login::Password(credentials),
            (None, None) => Login::None,
        };
        let direct = Arc::new(Direct {
            host: cfg.host.clone(),
            port: cfg.port,
            mode: cfg.tls,
            tls,
            login,
            pool: SessionPool::new(MOST_SESSIONS_KEPT),
        });
        let from: Mailbox = cfg
            .from
            .parse()
            .map_err(|e| OutboxError::Config(format!("smtp.from: {e}")))?;
        Ok(Self {
            direct,
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
        for copied in &row.cc_addrs {
            let cc: Mailbox = copied
                .parse()
                .map_err(|e| SendError::Permanent(format!("copied address: {e}")))?;
            b = b.cc(cc);
        }
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
        tokio::time::timeout(
            self.timeout + Duration::from_secs(5),
            self.direct.send(message),
        )
        .await
        .unwrap_or_else(|_| Err(SendError::Transient("SMTP send timed out".into())))
    }
}
