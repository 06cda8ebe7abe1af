//! The pages: queue, case, preview, admin, health.

use askama::Template;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Form, Json};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::auth::CsrfForm;
use super::clock::Clock;
use super::input;
use super::{Me, WebError, WebState};
use crate::accounts::{self, Consultant};
use crate::cases::{self, desk, Action, AttachmentView, AuditEntry, CaseSummary, Event, Status};
use crate::domain::{
    acts_hidden, CaseId, ConsultantId, Draft, EmailAddress, Flag, InboundMessageId,
    RecommendedCode, Role, Severity,
};

/// The pages' own filters.
mod filters {
    use std::fmt::Display;

    /// `{{ subject|visible }}`: a name, subject, address or file name from mail with every
    /// hidden character (control, direction override, zero-width) written out as its escape.
    #[askama::filter_fn]
    pub fn visible(value: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(crate::domain::visible(&value.to_string()).into_owned())
    }

    /// A quarantine reason as an admin reads it.
    #[askama::filter_fn]
    pub fn reason(value: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(match value.to_string().as_str() {
            "store_failed" => "could not be stored".to_owned(),
            other => crate::domain::visible(other).into_owned(),
        })
    }
}

/// After a form on a case page, back to that page.
fn to_case(id: CaseId) -> Response {
    Redirect::to(&format!("/cases/{}", id.0)).into_response()
}

fn page(t: impl Template) -> Result<Response, WebError> {
    Ok(Html(t.render()?).into_response())
}

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

#[derive(Template)]
#[template(path = "web/queue.html")]
struct QueuePage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    counts: Vec<(Status, i64)>,
    statuses: Vec<&'static str>,
    status_filter: String,
    assignee_filter: String,
    mailbox_filter: String,
    /// The configured mailboxes' names; the queue shows the column when there are several.
    mailboxes: Vec<String>,
    /// For admins: mailboxes whose server refused the desk's login, with the reason.
    login_refused: Vec<(String, String)>,
    /// For admins: mailboxes whose intake is stuck, with why.
    stalled: Vec<(String, String)>,
    cases: cases::Page<desk::QueueRow>,
    /// The query string without its page, for the page links.
    filters: String,
}

/// Every parameter arrives as text and is checked by `input`, so a bad one is a 400 that names
/// it (never a database error).
#[derive(Deserialize)]
pub struct QueueParams {
    status: Option<String>,
    assignee: Option<String>,
    mailbox: Option<String>,
    page: Option<String>,
}

/// What the admin banners on the queue list: mailboxes whose server refused the login, and
/// mailboxes whose intake is stuck, each with why.
async fn mailbox_trouble(
    state: &WebState,
) -> Result<(Vec<(String, String)>, Vec<(String, String)>), WebError> {
    let health = cases::mailboxes::health(state.pool()).await?;
    let refused = health
        .iter()
        .filter(|m| m.auth_failed)
        .map(|m| (m.name.clone(), m.last_error.clone().unwrap_or_default()))
        .collect();
    let stalled = health
        .into_iter()
        .filter_map(|m| Some((m.name, m.stalled?)))
        .collect();
    Ok((refused, stalled))
}

/// `key=value&…` with each value percent-encoded, for links that keep a page's filters.
fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| {
            let encoded: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{k}={encoded}&")
        })
        .collect()
}

pub async fn queue(
    State(state): State<WebState>,
    me: Me,
    Query(params): Query<QueueParams>,
) -> Result<Response, WebError> {
    let status_filter = input::param("the status", params.status, input::SHORT)?;
    let status = match status_filter.as_str() {
        "" => None,
        s => Some(
            s.parse::<Status>()
                .map_err(|e| WebError::BadInput(e.to_string()))?,
        ),
    };
    let assignee_filter = input::param("the assignee", params.assignee, input::EMAIL)?;
    let assignee = Some(assignee_filter.trim().to_lowercase()).filter(|a| !a.is_empty());
    let mailbox_filter = input::param("the mailbox", params.mailbox, input::SHORT)?;
    let page_number = input::page(params.page.as_deref())?;
    let filter = desk::QueueFilter {
        status,
        assignee: assignee.as_deref(),
        mailbox: Some(mailbox_filter.as_str()).filter(|m| !m.is_empty()),
    };
    let (login_refused, stalled) = if me.consultant.role == Role::Admin {
        mailbox_trouble(&state).await?
    } else {
        Default::default()
    };
    let cases = desk::queue(
        state.pool(),
        filter,
        state.config.desk.response_time_hours,
        page_number,
    )
    .await?;
    page(QueuePage {
        clock: me.clock(&state),
        desk_name: &state.config.desk.name,
        counts: desk::status_counts(state.pool()).await?,
        statuses: Status::ALL.iter().map(|s| s.as_str()).collect(),
        filters: query_string(&[
            ("status", &status_filter),
            ("assignee", &assignee_filter),
            ("mailbox", &mailbox_filter),
        ]),
        status_filter,
        assignee_filter,
        mailboxes: state
            .config
            .per_mailbox()
            .into_iter()
            .map(|c| c.imap.name)
            .collect(),
        mailbox_filter,
        login_refused,
        stalled,
        cases,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}

#[derive(Template)]
#[template(path = "web/search.html")]
struct SearchPage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    q: String,
    found: cases::Page<CaseSummary>,
    filters: String,
}

#[derive(Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    page: Option<String>,
}

/// `/search?q=`: full-text search over every case, a page at a time.
pub async fn search(
    State(state): State<WebState>,
    me: Me,
    Query(params): Query<SearchParams>,
) -> Result<Response, WebError> {
    let q = params.q.unwrap_or_default();
    input::field("the search", &q, input::SEARCH)?;
    let page_number = input::page(params.page.as_deref())?;
    let found = if q.trim().is_empty() {
        cases::Page::of(Vec::new(), 1, cases::PAGE_SIZE)
    } else {
        cases::search_cases(state.pool(), q.trim(), page_number).await?
    };
    page(SearchPage {
        clock: me.clock(&state),
        desk_name: &state.config.desk.name,
        filters: query_string(&[("q", &q)]),
        q,
        found,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}

/// A message whose replies go to another address than its sender's. Answers go there, so the
/// page says so plainly: a Reply-To elsewhere is how a forged question collects the answer.
struct RepliesElsewhere {
    to: String,
    sender: String,
    /// The Reply-To is at another domain than the sender: shown in red.
    other_domain: bool,
}

fn replies_elsewhere(from: Option<&str>, reply_to: Option<&str>) -> Option<RepliesElsewhere> {
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
    search: Vec<(String, String)>,
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
}

#[derive(Deserialize, Default)]
pub struct CaseParams {
    q: Option<String>,
    sent: Option<String>,
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

async fn render_case(
    state: &WebState,
    me: Me,
    id: CaseId,
    query: String,
    flash: Option<String>,
    mut codes: String,
    mut body: String,
) -> Result<Response, WebError> {
    let d = cases::case_detail(state.pool(), id).await?;
    let mut draft_saved = None;
    if codes.is_empty() && body.is_empty() {
        if let Some(saved) = desk::draft_of(state.pool(), id, me.email().as_str()).await? {
            (codes, body, draft_saved) = (saved.codes, saved.body, saved.updated_at);
        } else if d.summary.status == Status::DeliveryFailed {
            // A refused answer is resent as it was unless the consultant changes it.
            if let Some(sent) = desk::last_answer(state.pool(), id).await? {
                (codes, body) = (sent.codes, sent.body);
            }
        }
    }
    let notes = desk::notes(state.pool(), id).await?;
    let (case_state, allowed) = state.store.actions(id, &me.actor()).await?;
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
        who: o.to.clone(),
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
        state
            .assistant
            .search(&query, 10)
            .into_iter()
            .map(|(c, t, _)| (c, t))
            .collect()
    };
    page(CasePage {
        clock: me.clock(state),
        desk_name: &state.config.desk.name,
        flash,
        requester_name: d.requester_name.clone(),
        held_by_other,
        buttons: buttons(&allowed),
        hand_over_to,
        answer_label,
        thread,
        notes,
        audit: d.audit.clone(),
        draft: d.drafts.last().map(|dr| dr.draft.clone()),
        query,
        search,
        codes,
        body,
        resend: d.summary.status == Status::DeliveryFailed,
        no_sender: EmailAddress::parse(&d.summary.requester).is_none(),
        attached: desk::pending_attachments(state.pool(), id, me.email().as_str()).await?,
        max_attachment_mb: state
            .config
            .desk
            .max_answer_attachment_bytes
            .div_ceil(1 << 20),
        responses: if answer_label.is_some() {
            desk::responses(state.pool()).await?
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
    let query = params.q.unwrap_or_default();
    input::field("the code search", &query, input::SEARCH)?;
    input::line(
        "sent",
        params.sent.as_deref().unwrap_or_default(),
        input::SHORT,
    )?;
    desk::record(state.pool(), id, me.email().as_str(), "viewed").await?;
    let flash = params.sent.map(|_| {
        "The answer is queued for the requester; its delivery shows in the thread.".to_owned()
    });
    render_case(&state, me, id, query, flash, String::new(), String::new()).await
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
    Ok(to_case(id))
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

#[derive(Deserialize)]
pub struct AnswerForm {
    csrf: String,
    codes: String,
    body: String,
    /// The "send anyway" checkbox under codes that fail their checks.
    #[serde(default, rename = "override")]
    send_anyway: Option<String>,
    #[serde(default)]
    override_reason: String,
    /// A corrected address, offered after a refused delivery.
    #[serde(default)]
    to: String,
}

impl AnswerForm {
    fn check(&self) -> Result<(), WebError> {
        input::field("the answer", &self.body, input::ANSWER)?;
        input::field("the codes", &self.codes, input::CODES)?;
        input::line("the address", &self.to, input::EMAIL)?;
        input::line("the reason", &self.override_reason, input::SHORT)?;
        Ok(())
    }

    fn to(&self) -> Result<Option<EmailAddress>, WebError> {
        match self.to.trim() {
            "" => Ok(None),
            raw => EmailAddress::parse(raw)
                .map(Some)
                .ok_or_else(|| WebError::BadInput(format!("{raw:?} is not an email address"))),
        }
    }

    /// The override reason, when the consultant ticked "send anyway"; ticking it without a
    /// reason is a mistake to point out, not an override.
    fn override_reason(&self) -> Result<Option<&str>, WebError> {
        let reason = self.override_reason.trim();
        match (self.send_anyway.is_some(), reason.is_empty()) {
            (false, _) => Ok(None),
            (true, true) => Err(WebError::BadInput(
                "sending codes that fail their checks needs a reason".into(),
            )),
            (true, false) => Ok(Some(reason)),
        }
    }
}

/// A recommended code with the flags that name it, for the preview.
struct CheckedCode {
    code: RecommendedCode,
    flags: Vec<Flag>,
}

fn checked_codes(codes: &[RecommendedCode], flags: &[Flag]) -> Vec<CheckedCode> {
    codes
        .iter()
        .map(|c| CheckedCode {
            code: c.clone(),
            flags: flags
                .iter()
                .filter(|f| f.codes.iter().any(|x| x.eq_ignore_ascii_case(&c.code)))
                .cloned()
                .collect(),
        })
        .collect()
}

fn answer_codes(state: &WebState, form: &AnswerForm) -> Result<Vec<RecommendedCode>, WebError> {
    form.check()?;
    let mut codes = cases::answer_file::parse_code_lines(&form.codes)
        .map_err(|e| WebError::BadInput(e.to_string()))?;
    state.assistant.fill_titles(&mut codes);
    Ok(codes)
}

#[derive(Template)]
#[template(path = "web/preview.html")]
struct PreviewPage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    case_id: i64,
    reference: String,
    to: String,
    subject: String,
    text: String,
    html: String,
    codes: String,
    body: String,
    /// The corrected address typed on the case page, carried to the send.
    to_override: String,
    attached: Vec<desk::PendingAttachment>,
    /// The case's questions whose Reply-To is not their sender: the answer goes there.
    replies: Vec<RepliesElsewhere>,
    checked: Vec<CheckedCode>,
    /// Some code fails its checks: the send needs an override.
    blocked: bool,
}

/// The exact email the requester will get, rendered from the same templates as the send, with
/// the checks of its codes beside them.
pub async fn preview(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<CaseId>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&f.csrf)?;
    if f.body.trim().is_empty() {
        return Err(WebError::BadInput("the answer has no text".into()));
    }
    let codes = answer_codes(&state, &f)?;
    let to = f.to()?;
    let answer = cases::Answer {
        body: f.body.trim(),
        codes: &codes,
        warnings: &[],
        override_reason: None,
        to: to.as_ref(),
        signer: &me.consultant.name,
        cc: None,
    };
    let mail = state.store.preview_answer(id, me.email(), &answer).await?;
    let flags = state.store.check_answer(&answer);
    desk::save_draft(state.pool(), id, me.email().as_str(), &f.codes, &f.body).await?;
    desk::record(state.pool(), id, me.email().as_str(), "edited").await?;
    page(PreviewPage {
        clock: me.clock(&state),
        desk_name: &state.config.desk.name,
        case_id: id.0,
        reference: id.reference(),
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        to_override: f.to.trim().to_owned(),
        attached: desk::pending_attachments(state.pool(), id, me.email().as_str()).await?,
        replies: desk::reply_addresses(state.pool(), id)
            .await?
            .iter()
            .filter_map(|(from, reply_to)| replies_elsewhere(from.as_deref(), Some(reply_to)))
            .collect(),
        codes: f.codes,
        body: f.body,
        blocked: flags.iter().any(|f| f.severity == Severity::Error),
        checked: checked_codes(&codes, &flags),
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}

/// Keeps the answer in progress without previewing it (the page's "Save draft" button, and
/// the script that saves as the consultant types).
pub async fn save_draft(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<CaseId>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&f.csrf)?;
    f.check()?;
    desk::save_draft(state.pool(), id, me.email().as_str(), &f.codes, &f.body).await?;
    Ok(to_case(id))
}

pub async fn edit(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<CaseId>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&f.csrf)?;
    f.check()?;
    render_case(&state, me, id, String::new(), None, f.codes, f.body).await
}

pub async fn send_answer(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<CaseId>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&f.csrf)?;
    let codes = answer_codes(&state, &f)?;
    let to = f.to()?;
    let answer = cases::Answer {
        body: f.body.trim(),
        codes: &codes,
        warnings: &[],
        override_reason: f.override_reason()?,
        to: to.as_ref(),
        signer: &me.consultant.name,
        cc: None,
    };
    if answer.body.is_empty() {
        return Err(WebError::BadInput("the answer has no text".into()));
    }
    state.store.answer(id, &me.actor(), &answer).await?;
    Ok(Redirect::to(&format!("/cases/{}?sent=1", id.0)).into_response())
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
    Ok((
        [
            (CONTENT_TYPE, "application/octet-stream".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        Body::from(content),
    )
        .into_response())
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

#[derive(Template)]
#[template(path = "web/consultants.html")]
struct ConsultantsPage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    flash: Option<String>,
    consultants: Vec<Consultant>,
}

pub async fn consultants(State(state): State<WebState>, me: Me) -> Result<Response, WebError> {
    me.require_admin()?;
    page(ConsultantsPage {
        clock: me.clock(&state),
        desk_name: &state.config.desk.name,
        flash: None,
        consultants: accounts::list(state.pool()).await?,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}

#[derive(Deserialize)]
pub struct NewConsultant {
    csrf: String,
    email: String,
    name: String,
    role: String,
    password: String,
}

pub async fn add_consultant(
    State(state): State<WebState>,
    me: Me,
    Form(f): Form<NewConsultant>,
) -> Result<Response, WebError> {
    me.require_admin()?;
    me.check_csrf(&f.csrf)?;
    input::line("the email", &f.email, input::EMAIL)?;
    input::line("the name", &f.name, input::SHORT)?;
    input::line("the role", &f.role, input::SHORT)?;
    input::field("the password", &f.password, input::PASSWORD)?;
    let role: Role = f.role.parse().map_err(WebError::BadInput)?;
    let added = accounts::add(state.pool(), &f.email, f.name.trim(), role, &f.password).await?;
    tracing::info!(
        by = me.consultant.id.0,
        consultant_id = added.id.0,
        "consultant added"
    );
    Ok(Redirect::to("/admin/consultants").into_response())
}

pub async fn deactivate_consultant(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<ConsultantId>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    me.require_admin()?;
    me.check_csrf(&f.csrf)?;
    if id == me.consultant.id {
        return Err(WebError::BadInput("you cannot deactivate yourself".into()));
    }
    let target = accounts::list(state.pool())
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(WebError::NotFound)?;
    accounts::deactivate(state.pool(), id).await?;
    let released = state
        .store
        .release_held_by(&target.email, &me.actor())
        .await?;
    tracing::info!(
        by = me.consultant.id.0,
        consultant_id = id.0,
        released = released.len(),
        "consultant deactivated"
    );
    Ok(Redirect::to("/admin/consultants").into_response())
}

#[derive(Template)]
#[template(path = "web/quarantine.html")]
struct QuarantinePage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    flash: Option<String>,
    items: Vec<desk::Quarantined>,
}

pub async fn quarantine(State(state): State<WebState>, me: Me) -> Result<Response, WebError> {
    me.require_admin()?;
    page(QuarantinePage {
        clock: me.clock(&state),
        desk_name: &state.config.desk.name,
        flash: None,
        items: desk::quarantined(state.pool()).await?,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}

pub async fn release_quarantined(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<InboundMessageId>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    me.require_admin()?;
    me.check_csrf(&f.csrf)?;
    let max_attachment_bytes = state.config.intake.max_attachment_bytes;
    let reparse = |raw: &[u8]| crate::intake::parse::parse(raw, max_attachment_bytes);
    let case = state
        .store
        .release_quarantined(id, &me.actor(), &reparse)
        .await
        .map_err(|e| match e.store_failure() {
            failure if failure.permanent && matches!(e, cases::CaseError::Db(_)) => {
                WebError::BadInput(format!(
                    "the database still refuses this message ({}); it stays in quarantine until that is mended",
                    failure.kind
                ))
            }
            _ => e.into(),
        })?;
    Ok(to_case(case))
}

#[derive(Template)]
#[template(path = "web/quarantined.html")]
struct QuarantinedPage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    m: desk::QuarantinedMessage,
}

/// One quarantined message, to read before releasing or discarding it.
pub async fn quarantined_message(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<InboundMessageId>,
) -> Result<Response, WebError> {
    me.require_admin()?;
    page(QuarantinedPage {
        desk_name: &state.config.desk.name,
        clock: me.clock(&state),
        m: desk::quarantined_message(state.pool(), id).await?,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}

#[derive(Deserialize)]
pub struct DiscardForm {
    csrf: String,
    #[serde(default)]
    confirm: Option<String>,
}

/// Discarding needs the confirmation box ticked: the message is not recoverable from the page.
pub async fn discard_quarantined(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<InboundMessageId>,
    Form(f): Form<DiscardForm>,
) -> Result<Response, WebError> {
    me.require_admin()?;
    me.check_csrf(&f.csrf)?;
    input::line(
        "the confirmation",
        f.confirm.as_deref().unwrap_or_default(),
        input::SHORT,
    )?;
    if f.confirm.is_none() {
        return Err(WebError::BadInput(
            "tick \"yes, discard it\" to discard a quarantined message".into(),
        ));
    }
    desk::discard_quarantined(state.pool(), id, me.email().as_str()).await?;
    Ok(Redirect::to("/admin/quarantine").into_response())
}

#[derive(Template)]
#[template(path = "web/settings.html")]
struct SettingsPage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    desk_zone: &'a str,
    flash: Option<String>,
}

pub async fn settings(State(state): State<WebState>, me: Me) -> Result<Response, WebError> {
    page(SettingsPage {
        desk_name: &state.config.desk.name,
        clock: me.clock(&state),
        desk_zone: &state.config.desk.timezone,
        flash: None,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}

#[derive(Deserialize)]
pub struct SettingsForm {
    csrf: String,
    timezone: String,
}

/// A consultant's own time zone; empty returns to the desk's.
pub async fn save_settings(
    State(state): State<WebState>,
    me: Me,
    Form(f): Form<SettingsForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&f.csrf)?;
    let zone = input::line("the time zone", &f.timezone, input::SHORT)?.trim();
    if !zone.is_empty() && zone.parse::<chrono_tz::Tz>().is_err() {
        return Err(WebError::BadInput(format!(
            "{zone:?} is not a time zone name (such as America/Chicago)"
        )));
    }
    let zone = Some(zone).filter(|z| !z.is_empty());
    accounts::set_timezone(state.pool(), me.consultant.id, zone).await?;
    Ok(Redirect::to("/settings").into_response())
}

#[derive(Deserialize)]
pub struct InsertForm {
    csrf: String,
    #[serde(default)]
    codes: String,
    #[serde(default)]
    body: String,
    response: i64,
}

/// Adds a saved response, its placeholders filled, to the end of the answer in progress.
pub async fn insert_response(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<CaseId>,
    Form(f): Form<InsertForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&f.csrf)?;
    input::field("the codes", &f.codes, input::CODES)?;
    input::field("the answer", &f.body, input::ANSWER)?;
    let saved = desk::response(state.pool(), f.response)
        .await?
        .ok_or(WebError::NotFound)?;
    let d = cases::case_detail(state.pool(), id).await?;
    let requester = d
        .requester_name
        .clone()
        .unwrap_or_else(|| d.summary.requester.clone());
    let text = saved.filled(&desk::Placeholders {
        requester_name: &requester,
        case_reference: &d.summary.reference,
        consultant_name: &me.consultant.name,
    });
    let body = match f.body.trim_end() {
        "" => text,
        before => format!("{before}\n\n{text}"),
    };
    input::field("the answer with the response", &body, input::ANSWER)?;
    desk::save_draft(state.pool(), id, me.email().as_str(), &f.codes, &body).await?;
    render_case(&state, me, id, String::new(), None, f.codes, body).await
}

#[derive(Template)]
#[template(path = "web/responses.html")]
struct ResponsesPage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    responses: Vec<desk::SavedResponse>,
}

/// `/responses`: the saved responses, managed by admins.
pub async fn responses(State(state): State<WebState>, me: Me) -> Result<Response, WebError> {
    me.require_admin()?;
    page(ResponsesPage {
        desk_name: &state.config.desk.name,
        clock: me.clock(&state),
        responses: desk::responses(state.pool()).await?,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}

#[derive(Deserialize)]
pub struct ResponseForm {
    csrf: String,
    name: String,
    body: String,
}

pub async fn save_response(
    State(state): State<WebState>,
    me: Me,
    Form(f): Form<ResponseForm>,
) -> Result<Response, WebError> {
    me.require_admin()?;
    me.check_csrf(&f.csrf)?;
    input::line("the name", &f.name, input::SHORT)?;
    input::field("the text", &f.body, input::ANSWER)?;
    if f.name.trim().is_empty() || f.body.trim().is_empty() {
        return Err(WebError::BadInput(
            "a saved response needs a name and a text".into(),
        ));
    }
    desk::save_response(
        state.pool(),
        f.name.trim(),
        f.body.trim(),
        me.email().as_str(),
    )
    .await?;
    Ok(Redirect::to("/responses").into_response())
}

pub async fn delete_response(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    me.require_admin()?;
    me.check_csrf(&f.csrf)?;
    desk::delete_response(state.pool(), id, me.email().as_str()).await?;
    Ok(Redirect::to("/responses").into_response())
}

/// Attaches an uploaded file to the answer in progress (multipart: `csrf`, then `file`).
pub async fn attach(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<CaseId>,
    mut form: axum::extract::Multipart,
) -> Result<Response, WebError> {
    let limit = state.config.desk.max_answer_attachment_bytes;
    let bad = |e: axum::extract::multipart::MultipartError| WebError::BadInput(e.body_text());
    let mut csrf_ok = false;
    while let Some(field) = form.next_field().await.map_err(bad)? {
        match field.name() {
            Some("csrf") => {
                me.check_csrf(&field.text().await.map_err(bad)?)?;
                csrf_ok = true;
            }
            Some("file") if csrf_ok => {
                let filename = safe_filename(field.file_name().unwrap_or("attachment"));
                let content_type = input::line(
                    "the file's type",
                    field.content_type().unwrap_or("application/octet-stream"),
                    input::SHORT,
                )?
                .to_owned();
                let content = field.bytes().await.map_err(bad)?;
                if content.is_empty() {
                    return Err(WebError::BadInput("choose a file to attach".into()));
                }
                if content.len() as u64 > limit {
                    return Err(WebError::BadInput(format!(
                        "{filename} is larger than the {} MB an answer may carry",
                        limit.div_ceil(1 << 20)
                    )));
                }
                desk::attach_to_answer(
                    state.pool(),
                    id,
                    me.email().as_str(),
                    &filename,
                    &content_type,
                    &content,
                )
                .await?;
            }
            _ => return Err(WebError::Csrf),
        }
    }
    Ok(to_case(id))
}

/// A file name as a mail client may show it: no path, no control characters, nothing that
/// reorders or hides text.
fn safe_filename(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let clean: String = base.chars().filter(|c| !acts_hidden(*c)).collect();
    match clean.trim() {
        "" => "attachment".into(),
        name => name.chars().take(120).collect(),
    }
}

pub async fn remove_attachment(
    State(state): State<WebState>,
    me: Me,
    Path((id, attachment)): Path<(CaseId, i64)>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&f.csrf)?;
    desk::remove_pending_attachment(state.pool(), id, me.email().as_str(), attachment).await?;
    Ok(to_case(id))
}

#[derive(Template)]
#[template(path = "web/reports.html")]
struct ReportsPage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    r: cases::reports::Report,
    received: cases::reports::Bars,
    answered: cases::reports::Bars,
    backlog: cases::reports::Bars,
}

const REPORT_WEEKS: i32 = 12;

async fn desk_report(state: &WebState) -> Result<cases::reports::Report, WebError> {
    let hours = state.config.desk.response_time_hours;
    Ok(cases::reports::report(state.pool(), REPORT_WEEKS, hours).await?)
}

/// `/reports`: the desk's figures with server-drawn charts.
pub async fn reports(State(state): State<WebState>, me: Me) -> Result<Response, WebError> {
    let r = desk_report(&state).await?;
    let weekly = |pick: fn(&cases::reports::Week) -> i64| -> Vec<(String, i64)> {
        r.weeks
            .iter()
            .map(|w| (w.week.format("%m-%d").to_string(), pick(w)))
            .collect()
    };
    page(ReportsPage {
        desk_name: &state.config.desk.name,
        clock: me.clock(&state),
        received: cases::reports::Bars::new(&weekly(|w| w.received), 600, 160),
        answered: cases::reports::Bars::new(&weekly(|w| w.answered), 600, 160),
        backlog: cases::reports::Bars::new(&r.backlog, 400, 160),
        r,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}

/// `/reports.csv`: the weekly figures.
pub async fn reports_csv(State(state): State<WebState>, _me: Me) -> Result<Response, WebError> {
    let r = desk_report(&state).await?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"caseconsult-weeks.csv\"".to_owned(),
            ),
        ],
        r.weeks_csv(),
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "web/password.html")]
struct PasswordPage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    must_change: bool,
    error: Option<String>,
}

fn password_page(state: &WebState, me: Me, error: Option<String>) -> Result<Response, WebError> {
    let must_change = me.must_change;
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let mut response = page(PasswordPage {
        desk_name: &state.config.desk.name,
        clock: me.clock(state),
        csrf: me.csrf,
        me: Some(me.consultant),
        must_change,
        error,
    })?;
    *response.status_mut() = status;
    Ok(response)
}

pub async fn password(State(state): State<WebState>, me: Me) -> Result<Response, WebError> {
    password_page(&state, me, None)
}

#[derive(Deserialize)]
pub struct PasswordForm {
    csrf: String,
    current: String,
    new: String,
    again: String,
}

pub async fn change_password(
    State(state): State<WebState>,
    me: Me,
    Form(f): Form<PasswordForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&f.csrf)?;
    input::field("the current password", &f.current, input::PASSWORD)?;
    input::field("the new password", &f.new, input::PASSWORD)?;
    input::field("the repeated password", &f.again, input::PASSWORD)?;
    if f.new != f.again {
        return password_page(&state, me, Some("The two new passwords differ.".into()));
    }
    let changed =
        accounts::change_password(state.pool(), &me.consultant, &me.token, &f.current, &f.new)
            .await;
    match changed {
        Ok(()) => {
            tracing::info!(consultant_id = me.consultant.id.0, "password changed");
            Ok(Redirect::to("/settings").into_response())
        }
        Err(
            e @ (accounts::AccountError::WrongPassword | accounts::AccountError::WeakPassword(_)),
        ) => password_page(&state, me, Some(e.to_string())),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct ResetForm {
    csrf: String,
    password: String,
}

pub async fn reset_password(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<ConsultantId>,
    Form(f): Form<ResetForm>,
) -> Result<Response, WebError> {
    me.require_admin()?;
    me.check_csrf(&f.csrf)?;
    input::field("the temporary password", &f.password, input::PASSWORD)?;
    accounts::reset_password(state.pool(), id, &f.password).await?;
    tracing::info!(
        by = me.consultant.id.0,
        consultant_id = id.0,
        "password reset by an admin"
    );
    Ok(Redirect::to("/admin/consultants").into_response())
}
