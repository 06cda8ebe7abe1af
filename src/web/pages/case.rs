//! The case page and its plain actions: claim, release, close, reopen, hand over, merge,
//! notes, attachment downloads.

use askama::Template;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::accounts::{self, Consultant};
use crate::assist::Found;
use crate::cases::answer_file::LineProblem;
use crate::cases::rating::Rating;
use crate::cases::{
    self, desk, Action, AttachmentView, AuditEntry, CaseLink, CaseSummary, Event, Status,
};
use crate::domain::{CaseId, Draft, EmailAddress, InboundMessageId};
use crate::web::auth::CsrfForm;
use crate::web::clock::Clock;
use crate::web::input;
use crate::web::{Me, WebError, WebState};

use super::codes::SEARCH_RESULTS;
use super::prefill::{recommended_answer, with_code, with_text, Prefill};
use super::{filters, page, to_case};

/// A message whose replies go to another address than its sender's. Answers go there, so the
/// page says so plainly: a Reply-To elsewhere is how a forged question collects the answer.
pub(super) struct RepliesElsewhere {
    pub(super) to: String,
    pub(super) sender: String,
    /// The Reply-To is at another domain than the sender: shown in red.
    pub(super) other_domain: bool,
}

pub(super) fn replies_elsewhere(
    from: Option<&str>,
    reply_to: Option<&str>,
) -> Option<RepliesElsewhere> {
    let to = reply_to?.trim();
    let sender = from.unwrap_or_default().trim();
    if to.is_empty() || to.eq_ignore_ascii_case(sender) {
        return None;
    }
    let domain = |a: &str| {
        a.rsplit_once('@')
            .map(|(_, d)| d.trim_end_matches('.').to_ascii_lowercase())
    };
    Some(RepliesElsewhere {
        other_domain: domain(to) != domain(sender),
        to: to.to_owned(),
        sender: sender.to_owned(),
    })
}

struct ThreadItem {
    outbound: bool,
    /// A question's stored id, which the draft's flags and codes link to, and its number.
    inbound: Option<InboundMessageId>,
    number: Option<u32>,
    who: String,
    /// An inbound message's Reply-To, when it is not the sender.
    replies: Option<RepliesElsewhere>,
    when: DateTime<Utc>,
    label: String,
    text: String,
    full: String,
    folded: bool,
    attachments: Vec<AttachmentView>,
}

#[derive(Template)]
#[template(path = "web/case.html")]
struct CasePage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    flash: Option<String>,
    c: CaseSummary,
    requester_name: Option<String>,
    /// The mailbox the question came to, by its address (its name when no longer configured).
    mailbox: Option<String>,
    held_by_other: Option<String>,
    /// Plain buttons: the path segment and the label.
    buttons: Vec<(&'static str, &'static str)>,
    /// Colleagues the case can be handed over to, when the lifecycle allows it.
    hand_over_to: Vec<Consultant>,
    /// "Answer" or "Correction", when the lifecycle allows sending one.
    answer_label: Option<&'static str>,
    thread: Vec<ThreadItem>,
    notes: Vec<desk::Note>,
    audit: Vec<AuditEntry>,
    draft: Option<Draft>,
    query: String,
    search: Vec<Found>,
    /// Why the answer form came back, and its unreadable code lines.
    answer_error: Option<String>,
    problems: Vec<LineProblem>,
    /// The codes and text "Use the recommended answer" fills in, for the script.
    recommended: Option<(String, String)>,
    codes: String,
    body: String,
    /// The SMTP reply to a refused answer or acknowledgement.
    delivery_error: Option<cases::DeliveryError>,
    /// A refused answer: the form offers a corrected address.
    resend: bool,
    /// When the answer in the form was saved as a draft.
    draft_saved: Option<DateTime<Utc>>,
    /// Saved responses to insert into the answer.
    responses: Vec<desk::SavedResponse>,
    /// Released from quarantine without a usable sender: no email can answer it.
    no_sender: bool,
    /// Files attached to the answer in progress.
    attached: Vec<desk::PendingAttachment>,
    max_attachment_mb: u64,
    /// The case a stranger's message named (its id and reference).
    mentions: Option<(i64, String)>,
    /// Cases opened from strangers' messages that named this one.
    mentioned_by: Vec<(i64, String)>,
    /// The requester's other cases, newest first.
    requester_cases: Vec<desk::OtherCase>,
    /// Who the answer copies, as the answer form starts it: as its consultant left it in the
    /// form or the draft, else the questions' To and Cc without the desk's own addresses.
    cc: String,
    /// The case whose question this one repeats, and the cases that repeat this one's.
    possible_duplicate_of: Option<CaseLink>,
    possible_duplicates: Vec<CaseLink>,
    merged_into: Option<CaseLink>,
    merged_from: Vec<CaseLink>,
    /// Whether the merge form is offered: the lifecycle lets this consultant close the case.
    can_merge: bool,
    /// The requester's "Did this answer your question?".
    rating: Option<Rating>,
}

/// The requester's other cases the case page lists.
const OTHER_CASES: i64 = 10;

#[derive(Deserialize, Default)]
pub struct CaseParams {
    q: Option<String>,
    sent: Option<String>,
    /// The colleague the case was just handed over to.
    handed: Option<String>,
    /// "add to answer": a code for the codes box.
    add: Option<String>,
    /// `fill=recommended`: "Use the recommended answer".
    fill: Option<String>,
}

impl CaseParams {
    fn prefill(&self) -> Result<Option<Prefill>, WebError> {
        let add = input::line(
            "the code",
            self.add.as_deref().unwrap_or_default(),
            input::SHORT,
        )?;
        match (add.trim(), self.fill.as_deref()) {
            ("", None) => Ok(None),
            ("", Some("recommended")) => Ok(Some(Prefill::Recommended)),
            ("", Some(other)) => Err(WebError::BadInput(format!(
                "{:?} is not something the answer can be filled with",
                crate::domain::visible(other)
            ))),
            (code, _) => Ok(Some(Prefill::Add(code.to_owned()))),
        }
    }
}

/// The buttons a consultant may press, in page order, as the lifecycle allows them.
fn buttons(allowed: &[Action]) -> Vec<(&'static str, &'static str)> {
    [
        (Action::Claim, "Claim"),
        (Action::Release, "Release"),
        (Action::Close, "Close"),
        (Action::Reopen, "Reopen"),
    ]
    .into_iter()
    .filter(|(a, _)| allowed.contains(a))
    .map(|(a, label)| (a.as_str(), label))
    .collect()
}

/// What the answer form shows: what the consultant typed (empty: their saved draft, or the
/// answer sent before), and what a link asked to add to it.
#[derive(Default)]
pub(super) struct AnswerInput {
    pub(super) codes: String,
    pub(super) body: String,
    /// The Cc as typed; `None`: as the draft or the case's people have it.
    pub(super) cc: Option<String>,
    pub(super) prefill: Option<Prefill>,
    /// The codes box's lines that could not be read.
    pub(super) problems: Vec<LineProblem>,
    /// Why the form came back.
    pub(super) error: Option<String>,
}

impl AnswerInput {
    pub(super) fn typed(codes: String, body: String, cc: Option<String>) -> Self {
        AnswerInput {
            codes,
            body,
            cc,
            ..AnswerInput::default()
        }
    }
}

pub(super) async fn render_case(
    state: &WebState,
    me: Me,
    id: CaseId,
    opening: desk::Opening,
    query: String,
    flash: Option<String>,
    input: AnswerInput,
) -> Result<Response, WebError> {
    let (d, bench) =
        desk::open_case(state.pool(), id, me.email().as_str(), opening, OTHER_CASES).await?;
    let case_state = d.summary.state();
    let allowed = cases::lifecycle::actions(&case_state, &me.actor());
    let AnswerInput {
        mut codes,
        mut body,
        mut cc,
        prefill,
        problems,
        error,
    } = input;
    let mut draft_saved = None;
    if codes.is_empty() && body.is_empty() {
        if let Some(saved) = bench.draft {
            (codes, body, draft_saved) = (saved.codes, saved.body, saved.updated_at);
            cc = cc.or(saved.cc);
        } else if d.summary.status == Status::DeliveryFailed || allowed.contains(&Action::Correct) {
            // A refused answer is resent as it was, and a correction starts from the answer
            // sent, unless the consultant changes it.
            if let Some(sent) = desk::last_answer(state.pool(), id).await? {
                (codes, body) = (sent.codes, sent.body);
            }
        }
    }
    let draft = d.drafts.last().map(|dr| dr.draft.clone());
    match prefill {
        Some(Prefill::Add(code)) => codes = with_code(&codes, &code),
        Some(Prefill::Recommended) => {
            if let Some(dr) = draft.as_ref().filter(|dr| !dr.recommended.is_empty()) {
                let (rec_codes, text) = recommended_answer(&dr.recommended);
                codes = rec_codes;
                body = with_text(&body, &text);
            }
        }
        None => {}
    }
    let held_by_other = case_state
        .holder
        .filter(|h| {
            matches!(case_state.status, Status::Claimed | Status::DeliveryFailed) && h != me.email()
        })
        .map(|h| h.to_string());
    let hand_over_to = if allowed.contains(&Action::Assign) {
        accounts::list(state.pool())
            .await?
            .into_iter()
            .filter(|c| c.active && d.summary.assignee.as_deref() != Some(c.email.as_str()))
            .collect()
    } else {
        Vec::new()
    };
    let answer_label = if allowed.contains(&Action::Answer) {
        Some("Answer")
    } else if allowed.contains(&Action::Correct) {
        Some("Correction")
    } else {
        None
    };
    let mut thread: Vec<ThreadItem> = d
        .messages
        .iter()
        .map(|m| ThreadItem {
            outbound: false,
            inbound: Some(m.inbound_id),
            number: m.number,
            who: match (&m.from_name, &m.from) {
                (Some(name), Some(addr)) => format!("{name} <{addr}>"),
                (name, addr) => addr.clone().or(name.clone()).unwrap_or_default(),
            },
            replies: replies_elsewhere(m.from.as_deref(), m.reply_to.as_deref()),
            when: m.received_at,
            label: m.disposition.replace('_', " "),
            folded: m.body_text.trim() != m.question_text.trim(),
            text: m.question_text.clone(),
            full: m.body_text.clone(),
            attachments: m.attachments.clone(),
        })
        .collect();
    thread.extend(d.outbound.iter().map(|o| ThreadItem {
        outbound: true,
        inbound: None,
        number: None,
        who: match o.cc.as_slice() {
            [] => o.to.clone(),
            cc => format!("{}, cc {}", o.to, cc.join(", ")),
        },
        when: o.sent_at.unwrap_or(o.created_at),
        label: if o.attachments.is_empty() {
            format!("{} ({})", o.kind, o.status)
        } else {
            format!(
                "{} ({}) · attached: {}",
                o.kind,
                o.status,
                o.attachments.join(", ")
            )
        },
        text: o.body_text.clone(),
        full: String::new(),
        folded: false,
        attachments: Vec::new(),
        replies: None,
    }));
    thread.sort_by_key(|t| t.when);
    let search = if query.trim().is_empty() {
        Vec::new()
    } else {
        state.assistant.find(query.trim(), SEARCH_RESULTS)
    };
    page(CasePage {
        clock: me.clock(state),
        desk_name: &state.config.desk.name,
        flash,
        requester_name: d.requester_name.clone(),
        mailbox: d.summary.mailbox.as_deref().map(|name| {
            state
                .config
                .mailbox_address(name)
                .unwrap_or(name)
                .to_owned()
        }),
        held_by_other,
        buttons: buttons(&allowed),
        hand_over_to,
        answer_label,
        thread,
        notes: bench.notes,
        audit: d.audit.clone(),
        recommended: draft
            .as_ref()
            .filter(|dr| !dr.recommended.is_empty())
            .map(|dr| recommended_answer(&dr.recommended)),
        draft,
        query,
        search,
        answer_error: error,
        problems,
        codes,
        body,
        resend: d.summary.status == Status::DeliveryFailed,
        no_sender: EmailAddress::parse(&d.summary.requester).is_none(),
        attached: bench.attached,
        max_attachment_mb: state
            .config
            .desk
            .max_answer_attachment_bytes
            .div_ceil(1 << 20),
        responses: if answer_label.is_some() {
            bench.responses
        } else {
            Vec::new()
        },
        delivery_error: d.last_delivery_error,
        mentions: d.mentions.map(|l| (l.id.0, l.reference)),
        mentioned_by: d
            .mentioned_by
            .into_iter()
            .map(|l| (l.id.0, l.reference))
            .collect(),
        draft_saved,
        requester_cases: bench.requester_cases,
        cc: cc.unwrap_or_else(|| d.cc.join(", ")),
        possible_duplicate_of: d.possible_duplicate_of,
        possible_duplicates: d.possible_duplicates,
        merged_into: d.merged_into,
        merged_from: d.merged_from,
        // A merge is allowed where closing is, except for mail that is no question yet.
        can_merge: allowed.contains(&Action::Close)
            && !matches!(d.summary.status, Status::Closed | Status::Quarantined),
        rating: d.rating,
        c: d.summary,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}

pub async fn case_page(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<CaseId>,
    Query(params): Query<CaseParams>,
) -> Result<Response, WebError> {
    let prefill = params.prefill()?;
    let query = params.q.unwrap_or_default();
    input::field("the code search", &query, input::SEARCH)?;
    input::line(
        "sent",
        params.sent.as_deref().unwrap_or_default(),
        input::SHORT,
    )?;
    // A code search or a link that fills the answer is work on the case, not another view
    // for the audit trail; it is still a look for the queue's "new reply" marker.
    let opening = if query.is_empty() && prefill.is_none() {
        desk::Opening::View
    } else {
        desk::Opening::Look
    };
    let flash = if params.sent.is_some() {
        Some("The answer is queued for the requester; its delivery shows in the thread.".to_owned())
    } else if let Some(handed) = params.handed.filter(|h| !h.is_empty()) {
        let handed: i64 = handed.parse().map_err(|_| {
            WebError::BadInput(format!(
                "{:?} is not a consultant's number",
                crate::domain::visible(&handed)
            ))
        })?;
        let colleague = accounts::list(state.pool())
            .await?
            .into_iter()
            .find(|c| c.id.0 == handed)
            .ok_or(WebError::NotFound)?;
        Some(format!(
            "Handed over to {} ({}): the case is in their queue now.",
            colleague.name, colleague.email
        ))
    } else {
        None
    };
    let input = AnswerInput {
        prefill,
        ..AnswerInput::default()
    };
    render_case(&state, me, id, opening, query, flash, input).await
}

/// The plain buttons: `/cases/{id}/claim`, `/release`, `/close`, `/reopen`.
pub async fn act(
    State(state): State<WebState>,
    me: Me,
    Path((id, action)): Path<(CaseId, Action)>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&form.csrf)?;
    let event = match action {
        Action::Claim => Event::Claim,
        Action::Release => Event::Release,
        Action::Close => Event::Close,
        Action::Reopen => Event::Reopen,
        Action::Assign | Action::Answer | Action::Correct => return Err(WebError::NotFound),
    };
    state.store.act(id, event, &me.actor()).await?;
    Ok(to_case(id))
}

#[derive(Deserialize)]
pub struct MergeForm {
    csrf: String,
    /// The case that continues: C-1042 or 1042.
    into: String,
}

/// Merges this case into another (`/cases/{id}/merge`), then shows the case that continues.
pub async fn merge(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<CaseId>,
    Form(form): Form<MergeForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&form.csrf)?;
    input::line("the case to merge into", &form.into, input::SHORT)?;
    let into: CaseId = form
        .into
        .parse()
        .map_err(|_| WebError::BadInput(format!("{:?} is not a case number", form.into)))?;
    state.store.merge(id, into, &me.actor()).await?;
    Ok(to_case(into))
}

#[derive(Deserialize)]
pub struct AssignForm {
    csrf: String,
    to: String,
}

/// Hands the case over to a colleague (the holder) or reassigns it (an admin).
pub async fn assign(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<CaseId>,
    Form(form): Form<AssignForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&form.csrf)?;
    input::line("the colleague", &form.to, input::EMAIL)?;
    let not_a_colleague = || WebError::BadInput(format!("{} is not an active consultant", form.to));
    let email = cases::consultant(&form.to).map_err(|_| not_a_colleague())?;
    let to = accounts::active(state.pool(), &email)
        .await?
        .ok_or_else(not_a_colleague)?;
    state
        .store
        .act(id, Event::Assign { to: to.email }, &me.actor())
        .await?;
    Ok(Redirect::to(&format!("/cases/{}?handed={}", id.0, to.id.0)).into_response())
}

#[derive(Deserialize)]
pub struct NoteForm {
    csrf: String,
    body: String,
}

pub async fn add_note(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<CaseId>,
    Form(f): Form<NoteForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&f.csrf)?;
    input::field("the note", &f.body, input::NOTE)?;
    if f.body.trim().is_empty() {
        return Err(WebError::BadInput("a note needs text".into()));
    }
    desk::add_note(state.pool(), id, me.email().as_str(), f.body.trim()).await?;
    Ok(to_case(id))
}

pub async fn attachment(
    State(state): State<WebState>,
    _me: Me,
    Path((id, attachment)): Path<(CaseId, i64)>,
) -> Result<Response, WebError> {
    let file = desk::attachment(state.pool(), id, attachment)
        .await?
        .ok_or(WebError::NotFound)?;
    let content = file.content.ok_or(WebError::NotFound)?;
    let name = download_name(&file.filename);
    let response = match shown_inline(&file.content_type, &name, &content) {
        Some(kind) => (
            [
                (CONTENT_TYPE, kind.content_type.to_owned()),
                (CONTENT_DISPOSITION, format!("inline; filename=\"{name}\"")),
                (CONTENT_SECURITY_POLICY, kind.policy.to_owned()),
            ],
            Body::from(content),
        )
            .into_response(),
        None => (
            [
                (CONTENT_TYPE, "application/octet-stream".to_owned()),
                (
                    CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            Body::from(content),
        )
            .into_response(),
    };
    Ok(response)
}

/// How an attachment the browser may show itself is served.
#[derive(Debug, PartialEq, Eq)]
struct Inline {
    content_type: &'static str,
    policy: &'static str,
}

/// A document of its own origin that runs nothing and loads nothing: an image or a text
/// from a stranger cannot script the desk.
const SANDBOXED: &str = "sandbox; default-src 'none'; style-src 'unsafe-inline'";
/// Chrome refuses to start its PDF viewer in a sandboxed document ("blocked by Chrome"), so a
/// PDF loads nothing and cannot be framed instead; the viewer runs a PDF's scripts apart from
/// the page's origin, and the bytes were checked to be a PDF.
const PDF_POLICY: &str =
    "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/// PDF, PNG, JPEG and plain text are shown in the browser when the sender's type, the file's
/// name and its first bytes all say the same; anything else, or anything that disagrees (a page
/// labelled as a picture), is a download.
fn shown_inline(content_type: &str, name: &str, content: &[u8]) -> Option<Inline> {
    let declared = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let (content_type, policy) = match (declared.as_str(), extension.as_str()) {
        ("application/pdf", "pdf") if content.starts_with(b"%PDF-") => {
            ("application/pdf", PDF_POLICY)
        }
        ("image/png", "png") if content.starts_with(b"\x89PNG\r\n\x1a\n") => {
            ("image/png", SANDBOXED)
        }
        ("image/jpeg" | "image/jpg" | "image/pjpeg", "jpg" | "jpeg")
            if content.starts_with(&[0xFF, 0xD8, 0xFF]) =>
        {
            ("image/jpeg", SANDBOXED)
        }
        ("text/plain", "txt" | "text" | "log") if std::str::from_utf8(content).is_ok() => {
            ("text/plain; charset=utf-8", SANDBOXED)
        }
        _ => return None,
    };
    Some(Inline {
        content_type,
        policy,
    })
}

/// The name a browser saves a download under: ASCII letters, digits, '.', '-' and '_', every
/// other character '_'. No quote, control or direction character reaches the header, and
/// `invoice\u{202e}fdp.exe` is saved as what it is, `invoice_fdp.exe`.
fn download_name(raw: &str) -> String {
    let name: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect();
    // A leading dot would hide the file on most systems.
    match name.trim_start_matches('.') {
        "" => "attachment".to_owned(),
        kept => kept.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_whose_type_name_and_bytes_agree_are_shown() {
        let png = b"\x89PNG\r\n\x1a\nrest";
        let shown = |t, n, c: &[u8]| shown_inline(t, n, c).map(|i| i.content_type);
        assert_eq!(
            shown("application/PDF; name=a.pdf", "scan.PDF", b"%PDF-1.7"),
            Some("application/pdf")
        );
        assert_eq!(shown("image/png", "x.png", png), Some("image/png"));
        assert_eq!(
            shown("image/jpeg", "x.jpeg", &[0xFF, 0xD8, 0xFF, 0xE0]),
            Some("image/jpeg")
        );
        assert_eq!(
            shown("text/plain; charset=utf-8", "notes.txt", "é".as_bytes()),
            Some("text/plain; charset=utf-8")
        );
        for (t, n, c) in [
            ("image/png", "x.png", b"<html><script>".as_slice()),
            ("image/png", "x.html", png.as_slice()),
            ("application/pdf", "invoice_fdp.exe", b"%PDF-1.4".as_slice()),
            ("text/html", "page.txt", b"<b>hi</b>".as_slice()),
            ("text/plain", "latin.txt", b"caf\xe9".as_slice()),
            ("application/octet-stream", "x.pdf", b"%PDF-1.4".as_slice()),
        ] {
            assert_eq!(shown(t, n, c), None, "{t} {n}");
        }
        let policy = |t, n, c: &[u8]| shown_inline(t, n, c).unwrap().policy;
        assert!(policy("image/png", "x.png", png).starts_with("sandbox;"));
        assert!(policy("text/plain", "a.txt", b"a").starts_with("sandbox;"));
    }
}
