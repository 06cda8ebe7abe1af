//! The answer in progress on a case: preview, draft, send, saved responses inserted, files
//! attached.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use crate::accounts::Consultant;
use crate::cases::{self, desk};
use crate::domain::{acts_hidden, CaseId, EmailAddress, Flag, RecommendedCode, Severity};
use crate::web::auth::CsrfForm;
use crate::web::clock::Clock;
use crate::web::input;
use crate::web::{Me, WebError, WebState};

use super::case::{render_case, replies_elsewhere, AnswerInput, RepliesElsewhere};
use super::{filters, page, to_case};

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
    /// Who the answer copies, separated by commas; absent (the draft script's saves): the
    /// case's people.
    #[serde(default)]
    cc: Option<String>,
}

impl AnswerForm {
    fn check(&self) -> Result<(), WebError> {
        input::field("the answer", &self.body, input::ANSWER)?;
        input::field("the codes", &self.codes, input::CODES)?;
        input::line("the address", &self.to, input::EMAIL)?;
        input::line("the reason", &self.override_reason, input::SHORT)?;
        input::line(
            "the Cc",
            self.cc.as_deref().unwrap_or_default(),
            input::ANSWER,
        )?;
        Ok(())
    }

    /// The Cc as typed: `None` when the form had no Cc field.
    fn cc(&self) -> Result<Option<Vec<EmailAddress>>, WebError> {
        let Some(raw) = &self.cc else {
            return Ok(None);
        };
        raw.split([',', ';', '\n'])
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| {
                EmailAddress::parse(a)
                    .ok_or_else(|| WebError::BadInput(format!("Cc: {a:?} is not an email address")))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
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

/// The answer form's fields read: the codes checked and titled, the corrected address, the Cc.
struct Parsed {
    codes: Vec<RecommendedCode>,
    to: Option<EmailAddress>,
    cc: Option<Vec<EmailAddress>>,
}

impl Parsed {
    fn of(state: &WebState, form: &AnswerForm) -> Result<Self, WebError> {
        Ok(Parsed {
            codes: answer_codes(state, form)?,
            to: form.to()?,
            cc: form.cc()?,
        })
    }

    /// The answer as the preview shows it and the send sends it, signed by `me`.
    fn answer<'a>(
        &'a self,
        form: &'a AnswerForm,
        me: &'a Me,
        override_reason: Option<&'a str>,
    ) -> cases::Answer<'a> {
        cases::Answer {
            body: form.body.trim(),
            codes: &self.codes,
            warnings: &[],
            override_reason,
            to: self.to.as_ref(),
            signer: &me.consultant.name,
            cc: self.cc.as_deref(),
        }
    }
}

fn answer_codes(state: &WebState, form: &AnswerForm) -> Result<Vec<RecommendedCode>, WebError> {
    form.check()?;
    let mut codes =
        cases::answer_file::parse_code_lines(&form.codes).map_err(WebError::CodeLines)?;
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
    /// Who the email copies.
    cc: Vec<String>,
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
    let (preview, flags, codes) = match previewed(&state, &me, id, &f).await {
        Ok(done) => done,
        Err(e) => return kept(&state, me, id, f, e).await,
    };
    let mail = preview.mail;
    page(PreviewPage {
        clock: me.clock(&state),
        desk_name: &state.config.desk.name,
        case_id: id.0,
        reference: id.reference(),
        to: mail.to,
        cc: mail.cc,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        to_override: f.to.trim().to_owned(),
        attached: preview.attached,
        replies: preview
            .replies
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

/// The email the answer makes with what its page shows, the checks of its codes and the
/// codes; the answer is kept as the consultant's draft. Two round trips after the session: the
/// read, then the draft and "edited" written together.
async fn previewed(
    state: &WebState,
    me: &Me,
    id: CaseId,
    f: &AnswerForm,
) -> Result<(desk::AnswerPreview, Vec<Flag>, Vec<RecommendedCode>), WebError> {
    if f.body.trim().is_empty() {
        return Err(WebError::BadInput("the answer has no text".into()));
    }
    let parsed = Parsed::of(state, f)?;
    let answer = parsed.answer(f, me, None);
    let preview = state.store.preview_answer(id, me.email(), &answer).await?;
    let flags = state.store.check_answer(&answer);
    let email = me.email().as_str();
    let typed_cc = f.cc.as_deref();
    desk::keep_previewed(
        state.pool(),
        id,
        email,
        &f.codes,
        &f.body,
        typed_cc,
        &preview.people,
    )
    .await?;
    Ok((preview, flags, parsed.codes))
}

/// A refused answer form comes back as the case page with everything typed and why (each
/// unreadable line of the codes box marked), under the refusal's status. A stale form or a
/// missing case is the error page.
async fn kept(
    state: &WebState,
    me: Me,
    id: CaseId,
    f: AnswerForm,
    e: WebError,
) -> Result<Response, WebError> {
    let status = e.status();
    let (error, problems) = match e {
        WebError::CodeLines(problems) => (
            "Some lines of the codes box could not be read; they are marked below.".to_owned(),
            problems,
        ),
        WebError::BadInput(_) | WebError::TooLarge(_) | WebError::Conflict(_) => {
            (e.to_string(), Vec::new())
        }
        other => return Err(other),
    };
    let input = AnswerInput {
        codes: f.codes,
        body: f.body,
        cc: f.cc,
        prefill: None,
        problems,
        error: Some(error),
    };
    let mut page = render_case(
        state,
        me,
        id,
        desk::Opening::Redisplay,
        String::new(),
        None,
        input,
    )
    .await?;
    *page.status_mut() = status;
    Ok(page)
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
    if let Err(e) = f.check() {
        return kept(&state, me, id, f, e).await;
    }
    desk::save_draft(
        state.pool(),
        id,
        me.email().as_str(),
        &f.codes,
        &f.body,
        f.cc.as_deref(),
    )
    .await?;
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
    render_case(
        &state,
        me,
        id,
        desk::Opening::Redisplay,
        String::new(),
        None,
        AnswerInput::typed(f.codes, f.body, f.cc),
    )
    .await
}

pub async fn send_answer(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<CaseId>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&f.csrf)?;
    match sent(&state, &me, id, &f).await {
        Ok(()) => Ok(Redirect::to(&format!("/cases/{}?sent=1", id.0)).into_response()),
        Err(e) => kept(&state, me, id, f, e).await,
    }
}

async fn sent(state: &WebState, me: &Me, id: CaseId, f: &AnswerForm) -> Result<(), WebError> {
    let parsed = Parsed::of(state, f)?;
    let answer = parsed.answer(f, me, f.override_reason()?);
    if answer.body.is_empty() {
        return Err(WebError::BadInput("the answer has no text".into()));
    }
    state.store.answer(id, &me.actor(), &answer).await?;
    Ok(())
}

#[derive(Deserialize)]
pub struct InsertForm {
    csrf: String,
    #[serde(default)]
    codes: String,
    #[serde(default)]
    body: String,
    /// The Cc field of the answer form, kept as typed.
    #[serde(default)]
    cc: Option<String>,
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
    input::line("the Cc", f.cc.as_deref().unwrap_or_default(), input::ANSWER)?;
    let saved = desk::response(state.pool(), f.response)
        .await?
        .filter(|r| r.visible_to(me.email().as_str()))
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
    desk::save_draft(
        state.pool(),
        id,
        me.email().as_str(),
        &f.codes,
        &body,
        f.cc.as_deref(),
    )
    .await?;
    render_case(
        &state,
        me,
        id,
        desk::Opening::Redisplay,
        String::new(),
        None,
        AnswerInput::typed(f.codes, body, f.cc),
    )
    .await
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
