//! `/metrics` for Prometheus, on the desk's address or, with `[metrics] listen`, on its own
//! (so it need not be exposed where the desk is), and the timing of every desk request.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use sqlx::PgPool;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use super::WebState;

async fn render(pool: &PgPool) -> Response {
    match crate::cases::gauges(pool).await {
        Ok(g) => (
            [(header::CONTENT_TYPE, crate::metrics::CONTENT_TYPE)],
            crate::metrics::global().render(
                &g.cases_by_status,
                &g.outbox_by_status,
                &g.mailbox_silence,
            ),
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(error = %crate::domain::visible(&e.to_string()), "metrics: the database did not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "the database did not answer",
            )
                .into_response()
        }
    }
}

pub async fn on_desk(State(state): State<WebState>) -> Response {
    render(state.pool()).await
}

async fn on_own(State(pool): State<PgPool>) -> Response {
    render(&pool).await
}

/// Times each request under its route pattern (`/cases/{id}`), never its path or query.
pub async fn timed(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    crate::metrics::global().request(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

/// Serves only `/metrics` on `listener` until `shutdown`.
pub async fn serve_alone(
    listener: TcpListener,
    pool: PgPool,
    shutdown: CancellationToken,
) -> std::io::Result<()> {
    let app = Router::new()
        .route("/metrics", get(on_own))
        .with_state(pool);
    axum::serve(listener, app)
        .with_graceful_shutdown(async move { shutdown.cancelled().await })
        .await
}
