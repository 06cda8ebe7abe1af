//! Health checks: `/healthz` and `/readyz`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;

use crate::cases::{self};
use crate::web::WebState;

pub async fn healthz() -> &'static str {
    "ok"
}

/// Ready when the database answers and every configured mailbox was reached recently (by
/// whichever instance reads it).
pub async fn readyz(State(state): State<WebState>) -> Response {
    let db = sqlx::query_scalar::<_, i32>("SELECT 1")
        .fetch_one(state.pool())
        .await
        .is_ok();
    let configured: Vec<String> = state
        .config
        .per_mailbox()
        .into_iter()
        .map(|c| c.imap.name)
        .collect();
    let mailboxes: Vec<_> = cases::mailboxes::health(state.pool())
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|m| configured.contains(&m.name))
        .collect();
    let limit = chrono::Duration::seconds(state.config.web.ready_max_silence_secs as i64);
    let now = Utc::now();
    let stale: Vec<&str> = configured
        .iter()
        .filter(|name| {
            mailboxes
                .iter()
                .find(|m| &m.name == *name)
                .and_then(|m| m.last_contact_at)
                .is_none_or(|t| now - t > limit)
        })
        .map(String::as_str)
        .collect();
    let refused: Vec<&str> = mailboxes
        .iter()
        .filter(|m| m.auth_failed)
        .map(|m| m.name.as_str())
        .collect();
    let stalled: Vec<serde_json::Value> = mailboxes
        .iter()
        .filter_map(|m| {
            let reason = m.stalled.as_ref()?;
            Some(serde_json::json!({ "mailbox": m.name, "reason": reason }))
        })
        .collect();
    let ready = db && stale.is_empty() && refused.is_empty() && stalled.is_empty();
    let body = serde_json::json!({
        "ready": ready,
        "database": db,
        "mailboxes": mailboxes,
        "stale_mailboxes": stale,
        "login_refused_mailboxes": refused,
        "stalled_mailboxes": stalled,
    });
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}
