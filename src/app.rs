//! `serve`: intake, drafting, outbox and the web desk, supervised together. The tasks never end
//! on their own (each retries what can be retried); when one does anyway, the others are
//! cancelled and `serve` returns the reason, so the process exits non-zero and systemd or a
//! container runtime restarts it.

use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use tokio::task::{Id, JoinSet};
use tokio_util::sync::CancellationToken;
use tracing::{error, info, warn};

use crate::assist::Assistant;
use crate::cases::CaseStore;
use crate::config::Config;
use crate::drafting::AnswerChecks;
use crate::intake::{self, IntakeContext};
use crate::outbox::{self, Composer, OutboxContext, Outlets};

pub type TaskError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot reach the database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("cannot apply migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot record the response promise: {0}")]
    Promise(#[from] crate::cases::CaseError),
    #[error(transparent)]
    Outbox(#[from] crate::outbox::OutboxError),
    #[error(transparent)]
    Assist(#[from] crate::assist::AssistError),
    #[error("loading the code set stopped: {0}")]
    Load(#[from] tokio::task::JoinError),
    #[error("cannot listen on {addr} for the web desk: {source}")]
    Listen {
        addr: String,
        source: std::io::Error,
    },
    #[error("the {task} task stopped unexpectedly: {reason}")]
    TaskEnded { task: &'static str, reason: String },
}

/// How long the other tasks get to finish their step once one has died or shutdown began.
const STOP_GRACE: Duration = Duration::from_secs(20);

/// The running desk: its tasks under one shutdown token.
pub struct Desk {
    tasks: JoinSet<Result<(), TaskError>>,
    names: HashMap<Id, &'static str>,
    shutdown: CancellationToken,
    pool: PgPool,
    web_address: SocketAddr,
}

/// Connects, migrates, loads the code set, binds the web port and starts every task.
pub async fn start(config: Config, shutdown: CancellationToken) -> Result<Desk, ServeError> {
    let pool = crate::db::connect(&config.database).await?;
    crate::db::migrate(&pool).await?;
    crate::cases::desk::keep_response_promise(&pool, config.desk.response_time_hours).await?;
    let outlets = Outlets::new(&config)?;
    let data_dir = config.assist.data_dir.clone();
    let assistant = tokio::task::spawn_blocking(move || Assistant::load(Some(&data_dir))).await??;
    let config = Arc::new(config);
    // Bound before anything starts, so a taken port fails the start instead of a running desk.
    let (listener, web_address) = bind(&config.web.listen).await?;
    let metrics_listener = match config.metrics.listen.as_str() {
        "" => None,
        addr => Some(bind(addr).await?.0),
    };
    info!(
        mailboxes = config.mailboxes.len() + 1,
        code_set = assistant.icd.year,
        "desk starting"
    );
    let assistant = Arc::new(assistant);
    let store = CaseStore::new(
        pool.clone(),
        Arc::new(Composer::new(&config)),
        Arc::new(AnswerChecks::new(assistant.clone())),
        config.desk.max_acks_per_sender_per_hour,
    )
    .answering_only(&config.intake.allowed_senders)
    .with_instant_checks(config.desk.instant_checks);
    let mut desk = Desk {
        tasks: JoinSet::new(),
        names: HashMap::new(),
        shutdown: shutdown.clone(),
        pool: pool.clone(),
        web_address,
    };
    let (committed_tx, committed_rx) = tokio::sync::mpsc::unbounded_channel();
    // One intake task per mailbox, each under its own lease.
    for mailbox in config.per_mailbox() {
        let intake_ctx = IntakeContext {
            store: store.clone(),
            config: Arc::new(mailbox),
            on_committed: Some(committed_tx.clone()),
        };
        desk.spawn("intake", ended(intake::run(intake_ctx, shutdown.clone())));
    }
    desk.spawn(
        "drafting",
        ended(crate::drafting::run(
            pool.clone(),
            assistant.clone(),
            committed_rx,
            shutdown.clone(),
        )),
    );
    let outbox_ctx = OutboxContext {
        store: store.clone(),
        config: config.clone(),
        outlets,
    };
    desk.spawn("outbox", ended(outbox::run(outbox_ctx, shutdown.clone())));
    let web_state = crate::web::WebState {
        store,
        config,
        assistant,
    };
    if let Some(listener) = metrics_listener {
        let metrics = crate::web::serve_metrics(listener, pool.clone(), shutdown.clone());
        desk.spawn("metrics", async move { metrics.await.map_err(Into::into) });
    }
    let web = crate::web::serve(listener, web_state, shutdown.clone());
    desk.spawn("web", async move { web.await.map_err(Into::into) });
    info!(address = %web_address, "web desk listening");
    Ok(desk)
}

async fn bind(addr: &str) -> Result<(tokio::net::TcpListener, SocketAddr), ServeError> {
    let failed = |source| ServeError::Listen {
        addr: addr.to_owned(),
        source,
    };
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(failed)?;
    let bound = listener.local_addr().map_err(failed)?;
    Ok((listener, bound))
}

/// A task that returns nothing has ended; the supervisor decides whether that was expected.
async fn ended(task: impl Future<Output = ()>) -> Result<(), TaskError> {
    task.await;
    Ok(())
}

impl Desk {
    pub fn web_address(&self) -> SocketAddr {
        self.web_address
    }

    /// Runs `task` under the supervisor: it is expected to run until shutdown.
    pub fn spawn<F>(&mut self, name: &'static str, task: F)
    where
        F: Future<Output = Result<(), TaskError>> + Send + 'static,
    {
        let handle = self.tasks.spawn(task);
        self.names.insert(handle.id(), name);
    }

    /// Waits until shutdown is asked for or a task ends on its own. In the second case every
    /// other task is cancelled and the first one's end is the error.
    pub async fn run(mut self) -> Result<(), ServeError> {
        let mut first_failure = None;
        while let Some(joined) = self.next_ended().await {
            let (task, outcome) = joined;
            let stopping = self.shutdown.is_cancelled();
            match (&outcome, stopping) {
                (Ok(()), true) => {}
                (Err(reason), true) => warn!(task, %reason, "task stopped with an error"),
                (_, false) => {
                    let reason = match outcome {
                        Ok(()) => "it returned".to_owned(),
                        Err(reason) => reason,
                    };
                    error!(task, %reason, "task stopped unexpectedly; stopping the desk");
                    first_failure = Some(ServeError::TaskEnded { task, reason });
                    self.shutdown.cancel();
                }
            }
        }
        self.pool.close().await;
        info!("desk stopped");
        first_failure.map_or(Ok(()), Err)
    }

    /// The next task to end, by name, with what it returned, its error or its panic; after
    /// shutdown began, tasks that outlast the grace period are aborted.
    async fn next_ended(&mut self) -> Option<(&'static str, Result<(), String>)> {
        let joined = if self.shutdown.is_cancelled() {
            match tokio::time::timeout(STOP_GRACE, self.tasks.join_next_with_id()).await {
                Ok(joined) => joined,
                Err(_) => {
                    warn!("tasks did not stop in time; aborting them");
                    self.tasks.abort_all();
                    self.tasks.join_next_with_id().await
                }
            }
        } else {
            tokio::select! {
                joined = self.tasks.join_next_with_id() => joined,
                _ = self.shutdown.cancelled() => return Some(("shutdown", Ok(()))),
            }
        }?;
        Some(match joined {
            Ok((id, result)) => (self.name(id), result.map_err(|e| e.to_string())),
            Err(e) => {
                let reason = if e.is_panic() {
                    "it panicked".to_owned()
                } else {
                    "it was cancelled".to_owned()
                };
                (self.name(e.id()), Err(reason))
            }
        })
    }

    fn name(&self, id: Id) -> &'static str {
        self.names.get(&id).copied().unwrap_or("unnamed")
    }
}

/// Runs the desk until `shutdown` is cancelled or a task dies.
pub async fn serve(config: Config, shutdown: CancellationToken) -> Result<(), ServeError> {
    start(config, shutdown).await?.run().await
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
