//! The live pages. The queue: one LISTEN connection per desk process, fanned out to every open
//! queue page as server-sent events; the page refreshes its table when told. The case page saves
//! the answer in progress as it is typed. Without JavaScript both are plain pages.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Extension, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

use super::{Me, WebState};
use crate::accounts;

const CHANNEL: &str = "caseconsult_cases";

/// What the handlers need: the fan-out, and the desk's shutdown (an event stream never ends on
/// its own, and a graceful shutdown waits for every connection).
#[derive(Clone)]
pub struct LiveQueue {
    changes: broadcast::Sender<()>,
    shutdown: CancellationToken,
}

impl LiveQueue {
    /// Starts the listener task; it reconnects after a lost connection until `shutdown`.
    pub fn start(pool: PgPool, shutdown: CancellationToken) -> Self {
        let (changes, _) = broadcast::channel(16);
        let live = LiveQueue {
            changes: changes.clone(),
            shutdown: shutdown.clone(),
        };
        tokio::spawn(async move {
            while !shutdown.is_cancelled() {
                match listen(&pool).await {
                    Some(mut listener) => loop {
                        tokio::select! {
                            () = shutdown.cancelled() => return,
                            n = listener.recv() => match n {
                                Ok(_) => { let _ = changes.send(()); }
                                Err(e) => {
                                    tracing::warn!(error = %crate::domain::visible(&e.to_string()), "live queue listener lost; reconnecting");
                                    break;
                                }
                            },
                        }
                    },
                    None => tracing::warn!("live queue listener could not connect; retrying"),
                }
                tokio::select! {
                    () = shutdown.cancelled() => return,
                    () = tokio::time::sleep(Duration::from_secs(2)) => {}
                }
            }
        });
        live
    }
}

async fn listen(pool: &PgPool) -> Option<PgListener> {
    crate::db::listener(pool, CHANNEL).await.ok()
}

/// How often an open event stream checks that its session still exists: a logout, a password
/// change or a deactivation ends the stream within this time.
const SESSION_CHECK: Duration = Duration::from_secs(2);

/// What one event stream holds between events.
struct Subscription {
    changes: broadcast::Receiver<()>,
    stop: CancellationToken,
    pool: PgPool,
    token: String,
    check: tokio::time::Interval,
}

impl Subscription {
    /// A database that does not answer cannot vouch for the session either: the stream ends
    /// and the page's EventSource reconnects, which asks again.
    async fn session_lives(&self) -> bool {
        matches!(
            accounts::session(&self.pool, &self.token).await,
            Ok(Some(_))
        )
    }

    /// The next event, or `None` when the stream ends (shutdown, or the session is gone).
    async fn next(&mut self) -> Option<Event> {
        loop {
            tokio::select! {
                () = self.stop.cancelled() => return None,
                _ = self.check.tick() => {
                    if !self.session_lives().await {
                        return None;
                    }
                }
                got = self.changes.recv() => return match got {
                    // A page that missed some changes needs one refresh all the same.
                    Ok(()) | Err(broadcast::error::RecvError::Lagged(_)) => {
                        Some(Event::default().event("cases").data("changed"))
                    }
                    Err(broadcast::error::RecvError::Closed) => None,
                },
            }
        }
    }
}

/// `/events`: a `cases` event whenever a case changes, for as long as the session lives.
pub async fn events(
    State(state): State<WebState>,
    me: Me,
    Extension(live): Extension<LiveQueue>,
) -> Sse<impl futures::Stream<Item = Result<Event, Infallible>>> {
    // The session was checked just now, to open the stream.
    let mut check =
        tokio::time::interval_at(tokio::time::Instant::now() + SESSION_CHECK, SESSION_CHECK);
    check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let subscription = Subscription {
        changes: live.changes.subscribe(),
        stop: live.shutdown,
        pool: state.pool().clone(),
        token: me.token,
        check,
    };
    let events = futures::stream::unfold(subscription, |mut s| async move {
        let event = s.next().await?;
        Some((Ok(event), s))
    });
    Sse::new(events).keep_alive(KeepAlive::default())
}

/// The pages' scripts are files, so no page needs an inline script.
pub(super) fn script(source: &'static str) -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "max-age=300"),
        ],
        source,
    )
}

/// The queue's refresh on events.
pub async fn queue_script() -> impl IntoResponse {
    script(include_str!("../../templates/web/live.js"))
}

/// The case page's draft saving as the answer is typed.
pub async fn draft_script() -> impl IntoResponse {
    script(include_str!("../../templates/web/draft.js"))
}

/// The case page's answered cases like it, loaded after the page.
pub async fn similar_script() -> impl IntoResponse {
    script(include_str!("../../templates/web/similar.js"))
}
