//! Attaches the assistant's draft to every new case and to every follow-up, after intake has
//! committed them, so drafting never delays or endangers intake. A restart drafts whatever
//! was missed.

use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use tokio::sync::mpsc::UnboundedReceiver;
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use crate::assist::Assistant;
use crate::cases::{self, IngestOutcome};

const BATCH: i64 = 50;
const POLL: Duration = Duration::from_secs(5);

pub async fn run(
    pool: PgPool,
    assistant: Arc<Assistant>,
    mut committed: UnboundedReceiver<IngestOutcome>,
    shutdown: CancellationToken,
) {
    let code_set = format!("ICD-10-CM FY{}", assistant.icd.year);
    loop {
        match draft_waiting(&pool, &assistant, &code_set).await {
            Ok(n) if n as i64 == BATCH => continue,
            Ok(_) => {}
            Err(e) => warn!(error = %e, "drafting failed; will retry"),
        }
        tokio::select! {
            _ = committed.recv() => {
                // One pass drafts everything committed so far.
                while committed.try_recv().is_ok() {}
            }
            _ = tokio::time::sleep(POLL) => {}
            _ = shutdown.cancelled() => break,
        }
    }
    info!("drafting stopped");
}

async fn draft_waiting(
    pool: &PgPool,
    assistant: &Arc<Assistant>,
    code_set: &str,
) -> Result<usize, cases::CaseError> {
    let waiting = cases::drafts::undrafted(pool, BATCH).await?;
    let n = waiting.len();
    // Drafting is CPU work; it runs off the async threads.
    let assistant = assistant.clone();
    let drafted = tokio::task::spawn_blocking(move || {
        waiting
            .into_iter()
            .map(|m| {
                let draft = assistant.draft(&m.subject, &m.question_text);
                (
                    m,
                    serde_json::to_value(&draft).unwrap_or_default(),
                    draft.flags.len(),
                )
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
    for (message, json, flags) in &drafted {
        cases::drafts::store_draft(pool, message, code_set, json).await?;
        info!(
            case_id = message.case_id,
            inbound_message_id = message.inbound_id,
            flags,
            "draft attached"
        );
    }
    Ok(n)
}
