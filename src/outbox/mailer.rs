//! SMTP with lettre: implicit TLS, STARTTLS, or plain only when configured; every send under a
//! timeout; failures sorted into "try again" and "give up".

use std::sync::Arc;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::direct::{Direct, Login};
use super::{OutboxError, SendError};
use crate::cases::outgoing::Leased;
use crate::config::{AuthMethod, SmtpConfig, TlsMode};

#[derive(Clone)]
pub struct Mailer {
    route: Route,
    from: Mailbox,
    timeout: Duration,
}

/// lettre's pooled transport, or a session of the desk's own where the server's certificate
/// needs the desk's verifier (`ca_file`, `tls_fingerprint`) or the login is XOAUTH2.
#[derive(Clone)]
enum Route {
    Lettre(AsyncSmtpTransport<Tokio1Executor>),
    Direct(Arc<Direct>),
}

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
        let route = if xoauth2.is_some() || (cfg.tls != TlsMode::None && cfg.trust().is_custom()) {
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
            Route::Direct(Arc::new(Direct {
                host: cfg.host.clone(),
                port: cfg.port,
                mode: cfg.tls,
                tls,
                login,
            }))
        } else {
            Route::Lettre(lettre_transport(cfg, credentials, timeout)?)
        };
        let from: Mailbox = cfg
            .from
            .parse()
            .map_err(|e| OutboxError::Config(format!("smtp.from: {e}")))?;
        Ok(Self {
            route,
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
        let sending = async {
            match &self.route {
                Route::Direct(direct) => direct.send(message).await,
                Route::Lettre(transport) => match transport.send(message.clone()).await {
                    Ok(_) => Ok(()),
                    Err(e) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
                    Err(e) => Err(SendError::Transient(e.to_string())),
                },
            }
        };
        tokio::time::timeout(self.timeout + Duration::from_secs(5), sending)
            .await
            .unwrap_or_else(|_| Err(SendError::Transient("SMTP send timed out".into())))
    }
}

fn lettre_transport(
    cfg: &SmtpConfig,
    credentials: Option<Credentials>,
    timeout: Duration,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, OutboxError> {
    let tls = || {
        TlsParameters::builder(cfg.host.clone())
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
    if let Some(credentials) = credentials {
        builder = builder.credentials(credentials);
    }
    Ok(builder.build())
}
