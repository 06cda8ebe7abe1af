//! The desk's figures.

use askama::Template;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use crate::accounts::Consultant;
use crate::cases;
use crate::web::clock::Clock;
use crate::web::{Me, WebError, WebState};

use super::page;

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
    /// "Did this answer your question?": the share of yes per consultant and per week.
    satisfaction: cases::rating::SatisfactionReport,
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
        satisfaction: cases::rating::satisfaction(state.pool(), REPORT_WEEKS).await?,
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
