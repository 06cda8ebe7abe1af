//! The answered cases like a case, on a page of their own: finding them reads the whole desk,
//! so the case page links here (and its script loads this after the page) instead of waiting.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use crate::accounts::Consultant;
use crate::cases::similar::{similar_answered, SimilarCase};
use crate::domain::CaseId;
use crate::web::clock::Clock;
use crate::web::{Me, WebError, WebState};

use super::{filters, page};

/// Earlier answered cases like this one the desk offers.
const SIMILAR_CASES: i64 = 5;

#[derive(Template)]
#[template(path = "web/similar.html")]
struct SimilarPage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    id: CaseId,
    reference: String,
    similar: Vec<SimilarCase>,
}

/// `/cases/{id}/similar`.
pub async fn similar(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<CaseId>,
) -> Result<Response, WebError> {
    page(SimilarPage {
        clock: me.clock(&state),
        desk_name: &state.config.desk.name,
        id,
        reference: id.reference(),
        similar: similar_answered(state.pool(), id, SIMILAR_CASES).await?,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}
