//! The assistant at work on cases. It attaches its draft to every new case and to every
//! follow-up, after intake has committed them, so drafting never delays or endangers intake;
//! a restart drafts whatever was missed, and a message the assistant fails on is recorded on
//! its case and skipped. And it judges the codes of every answer for the case store.

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use sqlx::postgres::PgListener;
use sqlx::PgPool;
use tokio::sync::mpsc::UnboundedReceiver;
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use crate::assist::icd10cm::{compact, dotted};
use crate::assist::{checks, extract, icd9, Assistant};
use crate::cases::drafts::{self, Undrafted};
use crate::cases::{Answer, CaseError, CheckCodes, CodeCheck, IngestOutcome, Verdict};
use crate::domain::{CodeSystem, Draft, Flag, FlagKind, Severity};

/// The assistant's checks of an answer's codes, for the case store.
pub struct AnswerChecks {
    assistant: OnceLock<Result<Arc<Assistant>, String>>,
    data_dir: Option<PathBuf>,
}

impl AnswerChecks {
    pub fn new(assistant: Arc<Assistant>) -> Self {
        Self {
            assistant: OnceLock::from(Ok(assistant)),
            data_dir: None,
        }
    }

    /// Loads the code set only when an answer is checked (the command line's other case
    /// commands do without it).
    pub fn on_first_use(data_dir: PathBuf) -> Self {
        Self {
            assistant: OnceLock::new(),
            data_dir: Some(data_dir),
        }
    }
}

impl AnswerChecks {
    fn assistant(&self) -> &Result<Arc<Assistant>, String> {
        self.assistant.get_or_init(|| {
            Assistant::load(self.data_dir.as_deref())
                .map(Arc::new)
                .map_err(|e| e.to_string())
        })
    }
}

impl CheckCodes for AnswerChecks {
    fn check(&self, answer: &Answer<'_>) -> Vec<Flag> {
        match self.assistant() {
            Ok(assistant) => assistant.check_answer(answer.body, answer.codes),
            // Unchecked codes must not pass as checked ones: every code is held back.
            Err(e) => answer
                .codes
                .iter()
                .map(|c| Flag {
                    kind: FlagKind::Invalid,
                    severity: Severity::Error,
                    codes: vec![c.code.clone()],
                    message: "The code set could not be loaded, so this code is unchecked.".into(),
                    evidence: e.clone(),
                    rule: None,
                    from: None,
                })
                .collect(),
        }
    }

    fn instant(&self, subject: &str, text: &str) -> Vec<CodeCheck> {
        match self.assistant() {
            Ok(assistant) => instant_checks(assistant, subject, text),
            // Without the code set there is nothing true to say about the codes.
            Err(_) => Vec::new(),
        }
    }
}

/// What the code set says about each code a question names, once each, in the order written.
fn instant_checks(assistant: &Assistant, subject: &str, text: &str) -> Vec<CodeCheck> {
    let icd = &assistant.icd;
    let visible = format!("{subject}\n{}", extract::visible_text(text));
    let mentions = extract::mentions(&visible, icd, |c| assistant.payer.hcpcs.contains_key(c));
    let mut out: Vec<CodeCheck> = Vec::new();
    for m in mentions {
        let Some(check) = instant_check(assistant, &m) else {
            continue;
        };
        if !out.iter().any(|c| c.code == check.code) {
            out.push(check);
        }
    }
    out
}

fn instant_check(assistant: &Assistant, m: &extract::Mention) -> Option<CodeCheck> {
    let icd = &assistant.icd;
    let (title, verdict) = match m.system {
        _ if m.icd9 => {
            let gem = icd9::builtin();
            let crosswalk = gem
                .targets(&m.code)
                .iter()
                .map(|t| dotted(&t.code))
                .collect();
            (
                gem.title(&m.code).map(str::to_owned),
                Verdict::Icd9 { crosswalk },
            )
        }
        CodeSystem::Icd10cm | CodeSystem::Icd9cm => {
            let verdict = match checks::status(icd, &m.code) {
                checks::Status::Billable => Verdict::Billable,
                checks::Status::NonBillable(billable) => Verdict::Header { billable },
                checks::Status::Family => Verdict::Header {
                    billable: icd
                        .billable_below(&compact(&m.code))
                        .iter()
                        .map(|b| dotted(b))
                        .collect(),
                },
                checks::Status::Missing7th(allowed) => Verdict::Missing7th {
                    allowed: allowed.into_iter().map(|(c, _)| c).collect(),
                },
                checks::Status::PlaceholderX(_)
                | checks::Status::Invalid7th(_)
                | checks::Status::Invalid
                | checks::Status::Icd9 { .. } => Verdict::NotACode,
            };
            let title = (verdict != Verdict::NotACode)
                .then(|| icd.title(&m.code))
                .flatten();
            (title, verdict)
        }
        CodeSystem::Cpt => listed(&assistant.payer.cpt, &m.code, "CPT")?,
        CodeSystem::Hcpcs => listed(&assistant.payer.hcpcs, &m.code, "HCPCS")?,
        CodeSystem::Modifier => return None,
    };
    Some(CodeCheck {
        code: m.code.clone(),
        title,
        verdict,
    })
}

/// A procedure code against the user's imported file; nothing without one.
fn listed(
    table: &std::collections::HashMap<String, String>,
    code: &str,
    code_set: &'static str,
) -> Option<(Option<String>, Verdict)> {
    if table.is_empty() {
        return None;
    }
    Some(match table.get(code) {
        Some(title) => (Some(title.clone()), Verdict::Listed { code_set }),
        None => (None, Verdict::NotACode),
    })
}

const BATCH: i64 = 50;
const POLL: Duration = Duration::from_secs(5);
/// Far longer than a batch takes (about 2 ms a message); a claim outlives only a dead instance.
const CLAIM_SECS: f64 = 120.0;

pub async fn run(
    pool: PgPool,
    assistant: Arc<Assistant>,
    mut committed: UnboundedReceiver<IngestOutcome>,
    shutdown: CancellationToken,
) {
    let code_set = format!("ICD-10-CM FY{}", assistant.icd.year);
    // Questions another instance commits wake this one too; without it, an instance that does
    // not read the mailbox found a backlog only at its next poll.
    let mut listener = listen(&pool).await;
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
            _ = notified(&mut listener) => {}
            _ = tokio::time::sleep(POLL) => {}
            _ = shutdown.cancelled() => break,
        }
    }
    info!("drafting stopped");
}

async fn listen(pool: &PgPool) -> Option<PgListener> {
    crate::db::listener(pool, drafts::CHANNEL).await.ok()
}

/// Resolves on a notification, after taking the others already queued (one pass drafts them
/// all); without a listener, or after it failed, never: the poll takes over.
async fn notified(listener: &mut Option<PgListener>) {
    let Some(l) = listener else {
        return std::future::pending().await;
    };
    if l.recv().await.is_err() {
        *listener = None;
        return std::future::pending().await;
    }
    while l.next_buffered().is_some() {}
}

async fn draft_waiting(
    pool: &PgPool,
    assistant: &Arc<Assistant>,
    code_set: &str,
) -> Result<usize, CaseError> {
    let waiting = drafts::claim_undrafted(pool, BATCH, CLAIM_SECS).await?;
    let n = waiting.len();
    for (message, outcome) in draft_off_thread(assistant, waiting).await {
        match outcome {
            Ok(draft) => {
                drafts::store_draft(pool, &message, code_set, &draft).await?;
                info!(
                    case_id = message.case_id.0,
                    inbound_message_id = message.inbound_id.0,
                    flags = draft.flags.len(),
                    "draft attached"
                );
            }
            Err(failure) => {
                warn!(
                    case_id = message.case_id.0,
                    inbound_message_id = message.inbound_id.0,
                    "the assistant failed on this message; recorded and skipped"
                );
                drafts::record_failure(pool, &message, code_set, &failure).await?;
            }
        }
    }
    Ok(n)
}

/// Drafting is CPU work, so it runs off the async threads.
async fn draft_off_thread(
    assistant: &Arc<Assistant>,
    waiting: Vec<Undrafted>,
) -> Vec<(Undrafted, Result<Draft, String>)> {
    let assistant = assistant.clone();
    let copies = waiting.clone();
    tokio::task::spawn_blocking(move || {
        draft_each(waiting, |m| {
            let questions: Vec<_> = m
                .thread
                .iter()
                .map(|q| (q.at.clone(), q.text.as_str()))
                .collect();
            assistant.draft_thread(&m.subject, &questions)
        })
    })
    .await
    .unwrap_or_else(|e| {
        let reason = format!("drafting stopped: {e}");
        copies
            .into_iter()
            .map(|m| (m, Err(reason.clone())))
            .collect()
    })
}

/// Each message on its own, so one that makes the assistant panic fails alone.
fn draft_each(
    waiting: Vec<Undrafted>,
    draft: impl Fn(&Undrafted) -> Draft,
) -> Vec<(Undrafted, Result<Draft, String>)> {
    waiting
        .into_iter()
        .map(|m| {
            let started = std::time::Instant::now();
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| draft(&m)))
                .map_err(|panic| panic_reason(panic.as_ref()));
            crate::metrics::global().drafted(started.elapsed());
            (m, outcome)
        })
        .collect()
}

/// Stored with the case, never logged: a panic's message can quote the text it failed on.
fn panic_reason(panic: &(dyn std::any::Any + Send)) -> String {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown".into());
    format!("the assistant panicked: {what}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CaseId, InboundMessageId};

    fn message(n: i64, subject: &str) -> Undrafted {
        Undrafted {
            inbound_id: InboundMessageId(n),
            case_id: CaseId(n),
            subject: subject.into(),
            thread: Vec::new(),
        }
    }

    #[test]
    fn the_instant_check_says_what_the_code_set_says_of_each_code_once() {
        let assistant = Assistant::new(
            crate::assist::Icd10Cm::builtin().unwrap(),
            crate::assist::PayerRules::default(),
        );
        let checks = instant_checks(
            &assistant,
            "Codes for M54.5?",
            "Is M54.5 right, or M54.50? The old chart has ICD-9 250.00. The fracture is \
             S52.501 and the scrubber came back with M54.99.",
        );
        let codes: Vec<&str> = checks.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["M54.5", "M54.50", "250.00", "S52.501", "M54.99"]);
        assert!(
            matches!(&checks[0].verdict, Verdict::Header { billable } if billable == &["M54.50", "M54.51", "M54.59"])
        );
        assert_eq!(checks[0].title.as_deref(), Some("Low back pain"));
        assert_eq!(checks[1].verdict, Verdict::Billable);
        assert!(
            matches!(&checks[2].verdict, Verdict::Icd9 { crosswalk } if crosswalk.contains(&"E11.9".to_owned())),
            "{:?}",
            checks[2]
        );
        assert!(
            matches!(&checks[3].verdict, Verdict::Missing7th { allowed } if allowed.starts_with(&['A', 'B', 'C'])),
            "{:?}",
            checks[3]
        );
        assert_eq!(
            (&checks[4].verdict, &checks[4].title),
            (&Verdict::NotACode, &None)
        );
    }

    #[test]
    fn a_panic_on_one_message_fails_that_message_alone() {
        let waiting = vec![message(1, "fine"), message(2, "boom"), message(3, "fine")];
        let out = draft_each(waiting, |m| {
            assert_ne!(m.subject, "boom", "the assistant tripped");
            Draft::default()
        });
        let ok: Vec<bool> = out.iter().map(|(_, r)| r.is_ok()).collect();
        assert_eq!(ok, [true, false, true]);
        let reason = out[1].1.as_ref().unwrap_err();
        assert!(reason.starts_with("the assistant panicked"), "{reason}");
    }
}
