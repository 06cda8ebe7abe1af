//! `serve`: intake, drafting and outbox under one shutdown token.

use std::sync::Arc;

use tokio_util::sync::CancellationToken;
use tracing::info;

use crate::assist::Assistant;
use crate::config::Config;
use crate::intake::{self, IntakeContext};
use crate::outbox::{self, Composer, Mailer, OutboxContext};

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot reach the database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("cannot apply migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(transparent)]
    Outbox(#[from] crate::outbox::OutboxError),
    #[error(transparent)]
    Assist(#[from] crate::assist::AssistError),
    #[error("a desk task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// Runs the desk until `shutdown` is cancelled, then lets each task finish its step.
pub async fn serve(config: Config, shutdown: CancellationToken) -> Result<(), ServeError> {
    let pool = crate::db::connect(&config.database).await?;
    crate::db::migrate(&pool).await?;
    let mailer = Mailer::new(&config.smtp)?;
    let data_dir = config.assist.data_dir.clone();
    let assistant = tokio::task::spawn_blocking(move || Assistant::load(Some(&data_dir))).await??;
    let config = Arc::new(config);
    info!(mailbox = %config.imap.name, host = %config.imap.host, code_set = assistant.icd.year, "desk starting");
    let (committed_tx, committed_rx) = tokio::sync::mpsc::unbounded_channel();
    let intake = tokio::spawn(intake::run(
        IntakeContext {
            pool: pool.clone(),
            composer: Arc::new(Composer::new(&config)),
            config: config.clone(),
            on_committed: Some(committed_tx),
        },
        shutdown.clone(),
    ));
    let drafting = tokio::spawn(crate::drafting::run(
        pool.clone(),
        Arc::new(assistant),
        committed_rx,
        shutdown.clone(),
    ));
    let outbox = tokio::spawn(outbox::run(
        OutboxContext {
            pool: pool.clone(),
            config: config.clone(),
            mailer,
        },
        shutdown.clone(),
    ));
    intake.await?;
    outbox.await?;
    drafting.await?;
    pool.close().await;
    info!("desk stopped");
    Ok(())
}

/// Cancels `token` on Ctrl-C or SIGTERM.
pub fn cancel_on_signals(token: CancellationToken) {
    tokio::spawn(async move {
        let ctrl_c = tokio::signal::ctrl_c();
        #[cfg(unix)]
        {
            let mut term =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                    .expect("SIGTERM handler");
            tokio::select! {
                _ = ctrl_c => {}
                _ = term.recv() => {}
            }
        }
        #[cfg(not(unix))]
        let _ = ctrl_c.await;
        info!("shutdown requested");
        token.cancel();
    });
}
