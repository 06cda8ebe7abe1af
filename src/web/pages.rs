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
use super::{Me, WebError, WebState};
use crate::accounts::{self, Consultant, Role};
use crate::cases::{self, desk, AttachmentView, AuditEntry, CaseSummary};
use crate::domain::{CaseId, RecommendedCode, Status};

fn page(t: impl Template) -> Result<Response, WebError> {
    Ok(Html(t.render()?).into_response())
}

pub async fn healthz() -> &'static str {
    "ok"
}

/// Ready when the database answers and every mailbox was reached recently.
pub async fn readyz(State(state): State<WebState>) -> Response {
    let db = sqlx::query_scalar::<_, i32>("SELECT 1")
        .fetch_one(&state.pool)
        .await
        .is_ok();
    let mailboxes = crate::intake::cursor::health(&state.pool)
        .await
        .unwrap_or_default();
    let limit = chrono::Duration::seconds(state.config.web.ready_max_silence_secs as i64);
    let now = Utc::now();
    let stale: Vec<&str> = mailboxes
        .iter()
        .filter(|m| m.last_contact_at.is_none_or(|t| now - t > limit))
        .map(|m| m.name.as_str())
        .collect();
    let ready = db && !mailboxes.is_empty() && stale.is_empty();
    let body = serde_json::json!({ "ready": ready, "database": db, "mailboxes": mailboxes, "stale_mailboxes": stale });
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
    counts: Vec<(String, i64)>,
    statuses: Vec<&'static str>,
    status_filter: String,
    assignee_filter: String,
    cases: Vec<desk::QueueRow>,
}

#[derive(Deserialize)]
pub struct QueueParams {
    status: Option<String>,
    assignee: Option<String>,
}

pub async fn queue(
    State(state): State<WebState>,
    me: Me,
    Query(params): Query<QueueParams>,
) -> Result<Response, WebError> {
    let status_filter = params.status.unwrap_or_default();
    let status = match status_filter.as_str() {
        "" => None,
        s => Some(
            s.parse::<Status>()
                .map_err(|e| WebError::BadInput(e.to_string()))?,
        ),
    };
    let assignee_filter = params.assignee.unwrap_or_default();
    let assignee = Some(assignee_filter.trim().to_lowercase()).filter(|a| !a.is_empty());
    let cases = desk::queue(
        &state.pool,
        status,
        assignee.as_deref(),
        state.config.desk.response_time_hours,
    )
    .await?;
    page(QueuePage {
        desk_name: &state.config.desk.name,
        counts: desk::status_counts(&state.pool).await?,
        statuses: Status::ALL.iter().map(|s| s.as_str()).collect(),
        status_filter,
        assignee_filter,
        cases,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}

struct ThreadItem {
    outbound: bool,
    who: String,
    when: DateTime<Utc>,
    label: String,
    text: String,
    full: String,
    folded: bool,
    attachments: Vec<AttachmentView>,
}

struct FlagView {
    kind: String,
    severity: String,
    codes: String,
    message: String,
    evidence: String,
}

struct SuggestionView {
    code: String,
    title: String,
    why: String,
}

struct DraftView {
    flags: Vec<FlagView>,
    suggestions: Vec<SuggestionView>,
}

fn draft_view(v: &serde_json::Value) -> DraftView {
    let s =
        |x: &serde_json::Value, k: &str| x.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned();
    let list = |k: &str| {
        v.get(k)
            .and_then(|x| x.as_array())
            .cloned()
            .unwrap_or_default()
    };
    DraftView {
        flags: list("flags")
            .iter()
            .map(|f| FlagView {
                kind: s(f, "kind"),
                severity: s(f, "severity"),
                codes: f
                    .get("codes")
                    .and_then(|c| c.as_array())
                    .map(|c| {
                        c.iter()
                            .filter_map(|x| x.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default(),
                message: s(f, "message"),
                evidence: s(f, "evidence"),
            })
            .collect(),
        suggestions: list("suggestions")
            .iter()
            .map(|x| SuggestionView {
                code: s(x, "code"),
                title: s(x, "title"),
                why: s(x, "why"),
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "web/case.html")]
struct CasePage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    flash: Option<String>,
    c: CaseSummary,
    requester_name: Option<String>,
    held_by_other: Option<String>,
    can_claim: bool,
    can_release: bool,
    can_close: bool,
    can_answer: bool,
    thread: Vec<ThreadItem>,
    notes: Vec<desk::Note>,
    audit: Vec<AuditEntry>,
    draft: Option<DraftView>,
    query: String,
    search: Vec<(String, String)>,
    codes: String,
    body: String,
}

#[derive(Deserialize, Default)]
pub struct CaseParams {
    q: Option<String>,
    sent: Option<String>,
}

async fn render_case(
    state: &WebState,
    me: Me,
    id: CaseId,
    query: String,
    flash: Option<String>,
    codes: String,
    body: String,
) -> Result<Response, WebError> {
    let d = cases::case_detail(&state.pool, id).await?;
    let notes = desk::notes(&state.pool, id).await?;
    let status: Status = d
        .summary
        .status
        .parse()
        .map_err(|_| WebError::Internal("bad status".into()))?;
    let mine = d.summary.assignee.as_deref() == Some(me.email());
    let held_by_other = d
        .summary
        .assignee
        .clone()
        .filter(|a| status == Status::Claimed && a != me.email());
    let mut thread: Vec<ThreadItem> = d
        .messages
        .iter()
        .map(|m| ThreadItem {
            outbound: false,
            who: m.from.clone().unwrap_or_default(),
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
        who: o.to.clone(),
        when: o.sent_at.unwrap_or(o.created_at),
        label: format!("{} ({})", o.kind, o.status),
        text: o.body_text.clone(),
        full: String::new(),
        folded: false,
        attachments: Vec::new(),
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
        desk_name: &state.config.desk.name,
        flash,
        requester_name: d.requester_name.clone(),
        can_claim: status == Status::Open
            || (status == Status::Claimed && !mine && held_by_other.is_none()),
        can_release: status == Status::Claimed && mine,
        can_close: held_by_other.is_none() && status.can_become(Status::Closed),
        can_answer: held_by_other.is_none() && status.can_become(Status::Answered),
        held_by_other,
        thread,
        notes,
        audit: d.audit.clone(),
        draft: d.drafts.last().map(|dr| draft_view(&dr.draft)),
        query,
        search,
        codes,
        body,
        c: d.summary,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}

pub async fn case_page(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<i64>,
    Query(params): Query<CaseParams>,
) -> Result<Response, WebError> {
    let id = CaseId(id);
    desk::record(&state.pool, id, me.email(), "viewed").await?;
    let flash = params
        .sent
        .map(|_| "The answer is on its way to the requester.".to_owned());
    render_case(
        &state,
        me,
        id,
        params.q.unwrap_or_default(),
        flash,
        String::new(),
        String::new(),
    )
    .await
}

/// The case actions a plain button posts: `/cases/{id}/claim`, `/release`, `/close`.
#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Claim,
    Release,
    Close,
}

pub async fn act(
    State(state): State<WebState>,
    me: Me,
    Path((id, action)): Path<(i64, Action)>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&form.csrf)?;
    let (case, who) = (CaseId(id), cases::consultant(me.email())?);
    match action {
        Action::Claim => cases::claim(&state.pool, case, &who).await?,
        Action::Release => cases::release(&state.pool, case, &who).await?,
        Action::Close => cases::close(&state.pool, case, &who).await?,
    }
    Ok(Redirect::to(&format!("/cases/{id}")).into_response())
}

#[derive(Deserialize)]
pub struct NoteForm {
    csrf: String,
    body: String,
}

pub async fn add_note(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<NoteForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&f.csrf)?;
    if f.body.trim().is_empty() {
        return Err(WebError::BadInput("a note needs text".into()));
    }
    desk::add_note(&state.pool, CaseId(id), me.email(), f.body.trim()).await?;
    Ok(Redirect::to(&format!("/cases/{id}")).into_response())
}

#[derive(Deserialize)]
pub struct AnswerForm {
    csrf: String,
    codes: String,
    body: String,
}

fn answer_codes(state: &WebState, form: &AnswerForm) -> Result<Vec<RecommendedCode>, WebError> {
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
    case_id: i64,
    reference: String,
    to: String,
    subject: String,
    text: String,
    html: String,
    codes: String,
    body: String,
}

/// The exact email the requester will get, rendered from the same templates as the send.
pub async fn preview(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&f.csrf)?;
    if f.body.trim().is_empty() {
        return Err(WebError::BadInput("the answer has no text".into()));
    }
    let codes = answer_codes(&state, &f)?;
    let mut conn = state.pool.acquire().await?;
    let thread = cases::thread(&mut conn, CaseId(id)).await?;
    desk::record(&state.pool, CaseId(id), me.email(), "edited").await?;
    let mail = state
        .composer
        .answer(&thread, me.email(), f.body.trim(), &codes, &[])
        .map_err(|e| WebError::Internal(e.to_string()))?;
    page(PreviewPage {
        desk_name: &state.config.desk.name,
        case_id: id,
        reference: CaseId(id).reference(),
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        codes: f.codes,
        body: f.body,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}

pub async fn edit(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&f.csrf)?;
    render_case(&state, me, CaseId(id), String::new(), None, f.codes, f.body).await
}

pub async fn send_answer(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&f.csrf)?;
    let codes = answer_codes(&state, &f)?;
    let answer = cases::Answer {
        body: f.body.trim(),
        codes: &codes,
        warnings: &[],
    };
    if answer.body.is_empty() {
        return Err(WebError::BadInput("the answer has no text".into()));
    }
    cases::answer(
        &state.pool,
        &state.composer,
        CaseId(id),
        &cases::consultant(me.email())?,
        answer,
    )
    .await?;
    Ok(Redirect::to(&format!("/cases/{id}?sent=1")).into_response())
}

pub async fn attachment(
    State(state): State<WebState>,
    _me: Me,
    Path((id, attachment)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let file = desk::attachment(&state.pool, CaseId(id), attachment)
        .await?
        .ok_or(WebError::NotFound)?;
    let content = file.content.ok_or(WebError::NotFound)?;
    let name: String = file
        .filename
        .chars()
        .filter(|c| !c.is_control() && *c != '"' && *c != '\\')
        .collect();
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

#[derive(Template)]
#[template(path = "web/consultants.html")]
struct ConsultantsPage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    flash: Option<String>,
    consultants: Vec<Consultant>,
}

pub async fn consultants(State(state): State<WebState>, me: Me) -> Result<Response, WebError> {
    me.require_admin()?;
    page(ConsultantsPage {
        desk_name: &state.config.desk.name,
        flash: None,
        consultants: accounts::list(&state.pool).await?,
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
    let role: Role = f.role.parse().map_err(WebError::BadInput)?;
    let added = accounts::add(&state.pool, &f.email, f.name.trim(), role, &f.password).await?;
    tracing::info!(
        by = me.consultant.id,
        consultant_id = added.id,
        "consultant added"
    );
    Ok(Redirect::to("/admin/consultants").into_response())
}

pub async fn deactivate_consultant(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    me.require_admin()?;
    me.check_csrf(&f.csrf)?;
    if id == me.consultant.id {
        return Err(WebError::BadInput("you cannot deactivate yourself".into()));
    }
    accounts::deactivate(&state.pool, id).await?;
    Ok(Redirect::to("/admin/consultants").into_response())
}

#[derive(Template)]
#[template(path = "web/quarantine.html")]
struct QuarantinePage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    flash: Option<String>,
    items: Vec<desk::Quarantined>,
}

pub async fn quarantine(State(state): State<WebState>, me: Me) -> Result<Response, WebError> {
    me.require_admin()?;
    page(QuarantinePage {
        desk_name: &state.config.desk.name,
        flash: None,
        items: desk::quarantined(&state.pool).await?,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}

pub async fn release_quarantined(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    me.require_admin()?;
    me.check_csrf(&f.csrf)?;
    let case = desk::release_quarantined(&state.pool, id, me.email()).await?;
    Ok(Redirect::to(&format!("/cases/{}", case.0)).into_response())
}

pub async fn discard_quarantined(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    me.require_admin()?;
    me.check_csrf(&f.csrf)?;
    desk::discard_quarantined(&state.pool, id, me.email()).await?;
    Ok(Redirect::to("/admin/quarantine").into_response())
}
