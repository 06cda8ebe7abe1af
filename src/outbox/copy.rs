//! The optional copy of each sent reply in the mailbox's Sent folder.

use sqlx::PgPool;
use tracing::warn;

use super::mailer::Mailer;
use crate::cases::outgoing::{self, Leased};
use crate::config::{Config, ImapConfig};

pub struct SentCopier {
    imap: ImapConfig,
    folder: String,
}

impl SentCopier {
    pub fn new(config: &Config) -> Self {
        Self {
            imap: config.imap.clone(),
            folder: config.outbox.sent_folder.clone(),
        }
    }

    /// Best effort: a reply that was sent stays sent when its copy cannot be filed.
    pub async fn copy(&self, pool: &PgPool, mailer: &Mailer, row: &Leased) {
        let result = async {
            let message = mailer.build(row).map_err(|e| e.to_string())?;
            crate::imap::append_message(&self.imap, &self.folder, &message.formatted())
                .await
                .map_err(|e| e.to_string())
        }
        .await;
        match result {
            Ok(()) => {
                if let Err(e) = outgoing::mark_copied(pool, row.id).await {
                    warn!(outbox_id = %row.id, error = %e, "could not record the sent copy");
                }
            }
            Err(e) => warn!(outbox_id = %row.id, error = %e, "could not file the sent copy"),
        }
    }
}
