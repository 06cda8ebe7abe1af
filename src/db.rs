//! The PostgreSQL pool and the migrations embedded in the binary.

use std::time::Duration;

use sqlx::postgres::{PgListener, PgPoolOptions};
use sqlx::PgPool;

use crate::config::DatabaseConfig;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

pub async fn connect(cfg: &DatabaseConfig) -> Result<PgPool, sqlx::Error> {
    PgPoolOptions::new()
        .max_connections(cfg.max_connections)
        .acquire_timeout(Duration::from_secs(10))
        // A broken connection fails its query and the caller retries; a ping before every
        // acquire would cost a round trip per transaction.
        .test_before_acquire(false)
        .connect(cfg.url.expose())
        .await
}

/// LISTENs on `channel` over a connection of its own, opened with `pool`'s settings but outside
/// it. A listener keeps its connection for the life of the process: taken from the pool (as
/// `PgListener::connect_with` does), the outbox's, drafting's and the live queue's listeners
/// held three of a pool's connections for good, and the statements queued for what was left.
pub async fn listener(pool: &PgPool, channel: &str) -> Result<PgListener, sqlx::Error> {
    let own = PgPoolOptions::new()
        .max_connections(1)
        .connect_with((*pool.connect_options()).clone())
        .await?;
    let mut listener = PgListener::connect_with(&own).await?;
    listener.listen(channel).await?;
    Ok(listener)
}

pub async fn migrate(pool: &PgPool) -> Result<(), sqlx::migrate::MigrateError> {
    MIGRATOR.run(pool).await
}
