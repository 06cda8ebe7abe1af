//! `serve`: intake, drafting, outbox and the web desk under one shutdown token.

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
    #[error("cannot listen on {addr} for the web desk: {source}")]
    Listen {
        addr: String,
        source: std::io::Error,
    },
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
    // Bound before anything starts, so a taken port fails the start instead of a running desk.
    let listener = tokio::net::TcpListener::bind(&config.web.listen)
        .await
        .map_err(|source| ServeError::Listen {
            addr: config.web.listen.clone(),
            source,
        })?;
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
    let assistant = Arc::new(assistant);
    let drafting = tokio::spawn(crate::drafting::run(
        pool.clone(),
        assistant.clone(),
        committed_rx,
        shutdown.clone(),
    ));
    let address = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    info!(address = %address, "web desk listening");
    let web_state = crate::web::WebState {
        pool: pool.clone(),
        config: config.clone(),
        composer: Arc::new(Composer::new(&config)),
        assistant,
    };
    let web = tokio::spawn(crate::web::serve(listener, web_state, shutdown.clone()));
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
    if let Err(e) = web.await? {
        tracing::warn!(error = %e, "web desk stopped with an error");
    }
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
