//! The desk's figures for `/reports`: cases received and answered per week, time to first
//! answer, the open backlog by age, and the codes most asked about.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::PgPool;

use super::CaseError;

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Week {
    pub week: NaiveDate,
    pub received: i64,
    pub answered: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub weeks: Vec<Week>,
    /// Hours from a case's first message to its first answer, over the answered cases.
    pub first_answer_p50_hours: Option<f64>,
    pub first_answer_p90_hours: Option<f64>,
    /// The share of answered cases answered within the promised response time.
    pub within_promise: Option<f64>,
    pub response_time_hours: u32,
    /// Waiting cases (open, claimed, delivery failed) by age: label and count.
    pub backlog: Vec<(String, i64)>,
    /// The codes questions named most (from the assistant's drafts): code and cases.
    pub top_codes: Vec<(String, i64)>,
    pub generated_at: DateTime<Utc>,
}

/// The last `weeks` weeks (Monday to Sunday, UTC) and the figures over all cases.
pub async fn report(pool: &PgPool, weeks: i32, response_hours: u32) -> Result<Report, CaseError> {
    let weeks_rows: Vec<Week> = sqlx::query_as(
        "WITH span AS (
             SELECT generate_series(date_trunc('week', now()) - make_interval(weeks => $1 - 1),
                                    date_trunc('week', now()), interval '1 week') AS week),
         received AS (
             SELECT date_trunc('week', created_at) AS week, count(*) AS n FROM cases GROUP BY 1),
         answered AS (
             SELECT date_trunc('week', at) AS week, count(DISTINCT case_id) AS n
             FROM audit_log WHERE action IN ('answered', 'resent') GROUP BY 1)
         SELECT span.week::date AS week, coalesce(received.n, 0) AS received,
                coalesce(answered.n, 0) AS answered
         FROM span LEFT JOIN received USING (week) LEFT JOIN answered USING (week)
         ORDER BY span.week",
    )
    .bind(weeks)
    .fetch_all(pool)
    .await?;
    let (p50, p90, within): (Option<f64>, Option<f64>, Option<f64>) = sqlx::query_as(
        "WITH firsts AS (
             SELECT c.id, EXTRACT(EPOCH FROM min(a.at) - c.created_at) / 3600.0 AS hours
             FROM cases c JOIN audit_log a ON a.case_id = c.id AND a.action = 'answered'
             GROUP BY c.id, c.created_at)
         SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY hours)::float8,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY hours)::float8,
                (avg(CASE WHEN hours <= $1 THEN 1.0 ELSE 0.0 END))::float8
         FROM firsts",
    )
    .bind(f64::from(response_hours))
    .fetch_one(pool)
    .await?;
    let backlog: Vec<(String, i64)> = sqlx::query_as(
        "WITH buckets(label, lo, hi, ord) AS (VALUES
             ('under 1 day', 0, 1, 1), ('1-2 days', 1, 2, 2), ('2-7 days', 2, 7, 3),
             ('over 7 days', 7, 100000, 4))
         SELECT b.label, count(c.id)
         FROM buckets b LEFT JOIN cases c
           ON c.status IN ('open', 'claimed', 'delivery_failed')
          AND now() - c.created_at >= make_interval(days => b.lo)
          AND now() - c.created_at < make_interval(days => b.hi)
         GROUP BY b.label, b.ord ORDER BY b.ord",
    )
    .fetch_all(pool)
    .await?;
    let top_codes: Vec<(String, i64)> = sqlx::query_as(
        "SELECT m->>'code' AS code, count(DISTINCT d.case_id)
         FROM drafts d, jsonb_array_elements(d.draft->'codes_mentioned') m
         WHERE d.draft IS NOT NULL
         GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10",
    )
    .fetch_all(pool)
    .await?;
    Ok(Report {
        weeks: weeks_rows,
        first_answer_p50_hours: p50,
        first_answer_p90_hours: p90,
        within_promise: within,
        response_time_hours: response_hours,
        backlog,
        top_codes,
        generated_at: Utc::now(),
    })
}

impl Report {
    /// The weekly figures as CSV, with a header line.
    pub fn weeks_csv(&self) -> String {
        let mut out = String::from("week,received,answered\n");
        for w in &self.weeks {
            out.push_str(&format!("{},{},{}\n", w.week, w.received, w.answered));
        }
        out
    }
}

/// A bar chart as SVG drawn on the server: no script, nothing loaded from elsewhere. Each bar
/// is (label, value); labels are escaped by the caller's template engine, not here, so this
/// returns geometry only.
#[derive(Clone, Debug, Serialize)]
pub struct Bars {
    pub width: u32,
    pub height: u32,
    pub bars: Vec<Bar>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

impl Bars {
    pub fn new(values: &[(String, i64)], width: u32, height: u32) -> Self {
        let max = values.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
        let n = values.len().max(1) as u32;
        let slot = width / n;
        let plot = height.saturating_sub(30);
        let bars = values
            .iter()
            .enumerate()
            .map(|(i, (label, value))| {
                let h = (*value as f64 / max as f64 * f64::from(plot)).round() as u32;
                Bar {
                    label: label.clone(),
                    value: *value,
                    x: i as u32 * slot + slot / 8,
                    y: plot - h + 12,
                    w: slot * 3 / 4,
                    h,
                }
            })
            .collect();
        Bars {
            width,
            height,
            bars,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value() {
        let b = Bars::new(
            &[("a".into(), 2), ("b".into(), 4), ("c".into(), 0)],
            300,
            130,
        );
        assert_eq!(b.bars[1].h, 100);
        assert_eq!(b.bars[0].h, 50);
        assert_eq!(b.bars[2].h, 0);
        assert!(b.bars[2].x > b.bars[1].x);
    }
}
