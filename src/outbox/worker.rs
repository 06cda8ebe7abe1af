use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use tokio_util::sync::CancellationToken;
use tracing::{info, info_span, warn, Instrument};

use super::copy::SentCopier;
use super::{Mailer, OutboxError, SendError};
use crate::cases::outgoing::{self as store, Leased, CHANNEL};
use crate::cases::CaseStore;
use crate::config::Config;

#[derive(Clone)]
pub struct OutboxContext {
    pub store: CaseStore,
    pub config: Arc<Config>,
    pub outlets: Outlets,
}

/// Where one mailbox's replies leave: its SMTP server with its address, and with
/// `copy_to_sent` its IMAP Sent folder.
struct Outlet {
    mailer: Mailer,
    copier: Option<SentCopier>,
}

impl Outlet {
    fn new(config: &Config) -> Result<Self, OutboxError> {
        Ok(Self {
            mailer: Mailer::new(&config.smtp)?,
            copier: config.outbox.copy_to_sent.then(|| SentCopier::new(config)),
        })
    }
}

/// Every mailbox's outlet; a reply leaves through its case's mailbox (the first mailbox for a
/// case from before mailboxes were recorded, or from one no longer configured).
#[derive(Clone)]
pub struct Outlets {
    first: Arc<Outlet>,
    others: Arc<HashMap<String, Outlet>>,
}

impl Outlets {
    pub fn new(config: &Config) -> Result<Self, OutboxError> {
        let mut each = config.per_mailbox().into_iter();
        let first = Arc::new(Outlet::new(&each.next().expect("the first mailbox"))?);
        let others = each
            .map(|c| Ok((c.imap.name.clone(), Outlet::new(&c)?)))
            .collect::<Result<_, OutboxError>>()?;
        Ok(Self {
            first,
            others: Arc::new(others),
        })
    }

    fn for_row(&self, row: &Leased) -> &Outlet {
        row.mailbox
            .as_deref()
            .and_then(|name| self.others.get(name))
            .unwrap_or(&self.first)
    }
}

/// Sends due rows until `shutdown`. NOTIFY wakes it when a row is committed; polling covers a
/// lost notification and rows whose retry time has come.
pub async fn run(ctx: OutboxContext, shutdown: CancellationToken) {
    let cfg = &ctx.config.outbox;
    let mut listener = listen(ctx.store.pool()).await;
    loop {
        if shutdown.is_cancelled() {
            break;
        }
        let sent = match round(&ctx).await {
            Ok(n) => n,
            Err(e) => {
                warn!(error = %e, "outbox round failed");
                0
            }
        };
        if sent >= cfg.batch as usize {
            continue;
        }
        let poll = Duration::from_secs(cfg.poll_secs.max(1));
        let wait = match store::next_due_in_secs(ctx.store.pool()).await {
            Ok(Some(secs)) => Duration::from_secs_f64(secs).min(poll),
            _ => poll,
        };
        tokio::select! {
            _ = notified(&mut listener) => {}
            _ = tokio::time::sleep(wait) => {}
            _ = shutdown.cancelled() => break,
        }
    }
    info!("outbox stopped");
}

async fn listen(pool: &PgPool) -> Option<PgListener> {
    crate::db::listener(pool, CHANNEL).await.ok()
}

/// Resolves on a notification; without a listener (or after it failed) never, so the poll
/// timer takes over.
async fn notified(listener: &mut Option<PgListener>) {
    match listener {
        Some(l) => {
            if l.recv().await.is_err() {
                *listener = None;
                std::future::pending::<()>().await;
            }
        }
        None => std::future::pending::<()>().await,
    }
}

async fn round(ctx: &OutboxContext) -> Result<usize, sqlx::Error> {
    let cfg = &ctx.config.outbox;
    let rows = store::lease(
        ctx.store.pool(),
        i64::from(cfg.batch),
        cfg.lease_secs as f64,
    )
    .await?;
    let n = rows.len();
    futures::stream::iter(rows)
        .for_each_concurrent(cfg.concurrency.max(1) as usize, |row| async move {
            let outlet = ctx.outlets.for_row(&row);
            if deliver(ctx, &row).await {
                if let Some(copier) = &outlet.copier {
                    copier.copy(ctx.store.pool(), &outlet.mailer, &row).await;
                }
            }
        })
        .await;
    Ok(n)
}

/// Sends one leased row and settles it; returns whether it was sent. A database error while
/// settling leaves the lease to expire, and the row is sent again with the same Message-ID.
pub async fn deliver(ctx: &OutboxContext, row: &Leased) -> bool {
    let span = info_span!("outbox", outbox_id = row.id.0, case_id = row.case_id.0, kind = %row.kind, attempt = row.attempts);
    async {
        let mailer = &ctx.outlets.for_row(row).mailer;
        let result = match mailer.build(row) {
            Ok(message) => mailer.send(&message).await,
            Err(e) => Err(e),
        };
        let cfg = &ctx.config.outbox;
        let settled = match &result {
            Ok(()) => {
                info!("sent");
                ctx.store.delivered(row).await
            }
            Err(SendError::Permanent(e)) => {
                warn!(error = %e, "rejected permanently");
                ctx.store.delivery_failed(row, e).await
            }
            Err(SendError::Transient(e)) if row.attempts >= cfg.max_attempts as i32 => {
                warn!(error = %e, "giving up after the last attempt");
                ctx.store.delivery_failed(row, &format!("gave up after {} attempts: {e}", row.attempts)).await
            }
            Err(SendError::Transient(e)) => {
                let delay = retry_delay(row.attempts, cfg.max_backoff_secs);
                warn!(error = %e, retry_in_secs = delay, "send failed; will retry");
                store::mark_retry(ctx.store.pool(), row, delay, e).await.map_err(Into::into)
            }
        };
        if let Err(e) = settled {
            warn!(error = %e, "could not record the outcome; the lease will expire and the row be retried");
        }
        result.is_ok()
    }
    .instrument(span)
    .await
}

/// 2 s, 4 s, 8 s … up to the cap.
fn retry_delay(attempts: i32, cap_secs: u64) -> f64 {
    let exp = attempts.clamp(1, 30) as u32;
    (2f64.powi(exp as i32)).min(cap_secs.max(1) as f64)
}

#[cfg(test)]
mod tests {
    #[test]
    fn retry_delay_doubles_and_is_capped() {
        assert_eq!(super::retry_delay(1, 600), 2.0);
        assert_eq!(super::retry_delay(2, 600), 4.0);
        assert_eq!(super::retry_delay(12, 600), 600.0);
    }
}
