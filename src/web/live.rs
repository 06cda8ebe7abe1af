//! The live pages. The queue: one LISTEN connection per desk process, fanned out to every open
//! queue page as server-sent events; the page refreshes its table when told. The case page saves
//! the answer in progress as it is typed. Without JavaScript both are plain pages.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::Extension;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use futures::Stream;
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

use super::Me;

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
                                    tracing::warn!(error = %e, "live queue listener lost; reconnecting");
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
    let mut listener = PgListener::connect_with(pool).await.ok()?;
    listener.listen(CHANNEL).await.ok()?;
    Some(listener)
}

/// `/events`: a `cases` event whenever a case changes.
pub async fn events(
    _me: Me,
    Extension(live): Extension<LiveQueue>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = live.changes.subscribe();
    let stream = futures::stream::unfold((rx, live.shutdown), |(mut rx, stop)| async move {
        tokio::select! {
            () = stop.cancelled() => None,
            got = rx.recv() => match got {
                // A page that missed some changes needs one refresh all the same.
                Ok(()) | Err(broadcast::error::RecvError::Lagged(_)) => {
                    let event = Event::default().event("cases").data("changed");
                    Some((Ok(event), (rx, stop)))
                }
                Err(broadcast::error::RecvError::Closed) => None,
            },
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The pages' scripts are files, so no page needs an inline script.
fn script(source: &'static str) -> impl IntoResponse {
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
