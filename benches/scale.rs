//! Scale: a desk with 100,000 cases and 1,000,000 messages (generated inside PostgreSQL with
//! realistic sizes: about 1.3 KB of question text per message, its raw MIME beside it, ten
//! messages a case, one case in ten waiting and the others answered), then the pages a consultant opens, timed against
//! a real `serve` process: the queue in its orders and views, a case page, search, the reports
//! and `cases list`; plus the time to load and the database's size per case. Run through
//! `deploy/bench.sh`; `SCALE_CASES` sets a smaller desk for a quick run.
//! `SCALE_DATABASE=NAME` keeps the loaded desk in the rig's database NAME and, when a later run
//! finds it there, times the pages again without the load (the desk's newer migrations are
//! applied to it first), so a change can be measured on the same data.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use caseconsult::domain::Role;
use common::*;

const MESSAGES_PER_CASE: i64 = 10;
const REQUESTS: usize = 40;
const PASSWORD: &str = "steady quartz lantern 77";

fn cases_wanted() -> i64 {
    std::env::var("SCALE_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000)
}

async fn load(pool: &sqlx::PgPool, cases: i64) -> i64 {
    let mailbox = caseconsult::cases::mailboxes::align(pool, "default", 1)
        .await
        .unwrap()
        .key
        .mailbox_id;
    let first: i64 = sqlx::query_scalar(
        "WITH made AS (
             INSERT INTO cases (requester, requester_name, subject, status, assignee, mailbox_id,
                                created_at, updated_at, last_message_at)
             SELECT 'coder' || (g % 5000) || '@clinic' || (g % 50) || '.test', 'Coder ' || (g % 5000),
                    'Question ' || g || ': ' || (ARRAY['bone SPECT', 'type 2 diabetes with CKD 3b',
                        'sepsis due to a UTI', 'COPD exacerbation', 'hip fracture aftercare'])[1 + g % 5],
                    (CASE WHEN g % 10 = 0 THEN 'open' WHEN g % 10 = 1 THEN 'claimed'
                          WHEN g % 10 < 6 THEN 'answered' ELSE 'closed' END)::case_status,
                    CASE WHEN g % 10 = 1 THEN 'c' || (g % 20) || '@desk.test' END,
                    $2,
                    now() - make_interval(mins => ($1 - g)::int * 5),
                    now() - make_interval(mins => ($1 - g)::int * 5),
                    now() - make_interval(mins => ($1 - g)::int * 5 - 90)
             FROM generate_series(1, $1) g
             RETURNING id)
         SELECT min(id) FROM made",
    )
    .bind(cases)
    .bind(mailbox)
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO inbound_messages (mailbox_id, uidvalidity, uid, raw, raw_size, sha256,
             content_sha256, message_id, from_addr, subject, body_text, question_text,
             disposition, case_id, received_at, drafting_until)
         SELECT $2, 1, g + 1, convert_to(t.raw, 'UTF8'), octet_length(t.raw),
                sha256(convert_to(t.raw, 'UTF8')), sha256(convert_to(t.body, 'UTF8')),
                'm' || g || '@clinic.test', c.requester, c.subject, t.body, t.body,
                CASE WHEN g % $3 = 0 THEN 'new_case' ELSE 'follow_up' END, c.id,
                c.created_at + make_interval(mins => (g % $3)::int * 9),
                -- Already drafted, as a desk of this size would be: the drafting task leaves
                -- them alone.
                'infinity'
         FROM generate_series(0, $1 * $3 - 1) g
         JOIN cases c ON c.id = $4 + g / $3
         CROSS JOIN LATERAL (
             SELECT body, 'From: ' || c.requester || E'\\r\\nSubject: ' || c.subject
                    || E'\\r\\nMessage-ID: <m' || g || E'@clinic.test>\\r\\n\\r\\n' || body AS raw
             FROM (SELECT string_agg(format('%s, visit %s (%s): %s. ',
                         (ARRAY['Outpatient bone SPECT for metastatic breast cancer',
                                'Type 2 diabetes with diabetic CKD stage 3b and hypertension',
                                'Sepsis due to E. coli UTI with acute kidney injury',
                                'COPD with acute exacerbation and community-acquired pneumonia',
                                'Aftercare of a right intertrochanteric hip fracture',
                                'Chest pain, NSTEMI ruled out, GERD',
                                'Adverse effect of lisinopril, angioedema',
                                'Screening colonoscopy converted to polypectomy'])[1 + (g + k) % 8],
                         g, md5((g * 7 + k)::text),
                         'which ICD-10-CM codes, in which order, and is the CPT code right'), '')
                         AS body
                   FROM generate_series(1, 8) k) words
         ) t",
    )
    .bind(cases)
    .bind(mailbox)
    .bind(MESSAGES_PER_CASE)
    .bind(first)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO case_messages (case_id, direction, inbound_message_id, message_id, created_at)
         SELECT case_id, 'inbound', id, message_id, received_at FROM inbound_messages",
    )
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO audit_log (case_id, actor, action, at)
         SELECT id, 'intake', 'created', created_at FROM cases",
    )
    .execute(pool)
    .await
    .unwrap();
    // Nine cases in ten answered, each answer sent from its outbox row.
    sqlx::query(
        "WITH sent AS (
             INSERT INTO outbox (case_id, kind, message_id, to_addr, subject, body_text, body_html,
                                 auto_submitted, status, sent_at, created_at)
             SELECT c.id, 'answer', 'a' || c.id || '@desk.test', c.requester, 'Re: ' || c.subject,
                    b.body, '<p>' || b.body || '</p>', false, 'sent', c.last_message_at,
                    c.last_message_at
             FROM cases c
             CROSS JOIN LATERAL (SELECT format('Report %s first, then %s. %s', x.first, x.second,
                 'The guideline section is quoted below, with the Index path we followed.') AS body,
                 x.first, x.second
                 FROM (SELECT (ARRAY['C79.51', 'E11.22', 'A41.51', 'J44.0', 'S72.141D', 'R07.9',
                                     'T46.4X5A', 'Z12.11'])[1 + c.id % 8] AS first,
                              (ARRAY['C50.911', 'N18.32', 'N39.0', 'J18.9', 'W19.XXXD', 'K21.9',
                                     'T78.3XXA', 'K63.5'])[1 + c.id % 8] AS second) x) b
             WHERE c.status IN ('answered', 'closed')
             RETURNING id, case_id, body_text, created_at)
         INSERT INTO answers (case_id, consultant, body, codes, outbox_id, created_at)
         SELECT s.case_id, 'c' || (s.case_id % 20) || '@desk.test', s.body_text,
                jsonb_build_array(
                    jsonb_build_object('system', 'icd10cm', 'code', split_part(split_part(s.body_text, ' ', 2), ' ', 1)),
                    jsonb_build_object('system', 'cpt', 'code', '78803')),
                s.id, s.created_at
         FROM sent s",
    )
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("ANALYZE").execute(pool).await.unwrap();
    first
}

/// A fresh database, or the one `SCALE_DATABASE` names, with the first case's id when it was
/// loaded by an earlier run.
async fn database() -> (String, sqlx::PgPool, Option<i64>) {
    let Ok(name) = std::env::var("SCALE_DATABASE") else {
        let (url, pool) = fresh_database().await;
        return (url, pool, None);
    };
    assert!(
        name.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
        "SCALE_DATABASE: lower-case letters, digits and _ only"
    );
    let admin_url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let admin = sqlx::PgPool::connect(&admin_url).await.unwrap();
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(&name)
            .fetch_one(&admin)
            .await
            .unwrap();
    if !exists {
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&admin)
            .await
            .unwrap();
    }
    admin.close().await;
    let url = format!("{}/{name}", admin_url.rsplit_once('/').unwrap().0);
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    caseconsult::db::migrate(&pool).await.unwrap();
    let first: Option<i64> = sqlx::query_scalar("SELECT min(id) FROM cases")
        .fetch_one(&pool)
        .await
        .unwrap();
    (url, pool, first)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Times `REQUESTS` requests of a page (after one to warm it) and prints p50 and p95.
async fn page(client: &reqwest::Client, what: &str, target_ms: f64, url: impl Fn(usize) -> String) {
    let get = |u: String| async move {
        let response = client.get(&u).send().await.unwrap();
        assert!(
            response.status().is_success(),
            "{what}: {}",
            response.status()
        );
        response.text().await.unwrap();
    };
    get(url(0)).await;
    let mut times = Vec::with_capacity(REQUESTS);
    for i in 0..REQUESTS {
        let started = Instant::now();
        get(url(i)).await;
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "  {what:<34} p50 {:>7.1} ms  p95 {:>7.1} ms  (target p95 <= {target_ms} ms)",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95))
    );
}

#[tokio::main]
async fn main() {
    caseconsult::tls::install_crypto_provider();
    let desk = User::new("scale");
    let (url, pool, kept) = database().await;
    let cases = match kept {
        Some(_) => count(&pool, "SELECT count(*) FROM cases").await,
        None => cases_wanted(),
    };
    let started = Instant::now();
    let first = match kept {
        Some(first) => first,
        None => {
            caseconsult::accounts::add(
                &pool,
                "c1@desk.test",
                "Consultant 1",
                Role::Consultant,
                PASSWORD,
            )
            .await
            .unwrap();
            load(&pool, cases).await
        }
    };
    let loaded = started.elapsed();
    let messages = count(&pool, "SELECT count(*) FROM inbound_messages").await;
    let bytes: i64 = sqlx::query_scalar("SELECT pg_database_size(current_database())")
        .fetch_one(&pool)
        .await
        .unwrap();
    println!("scale: {cases} cases, {messages} messages");
    println!(
        "  load (generated in PostgreSQL, indexes kept{}) {:>7.1} s; database {:.0} MB, {:.1} KB per case",
        if kept.is_some() { "; kept from an earlier run" } else { "" },
        loaded.as_secs_f64(),
        bytes as f64 / 1e6,
        bytes as f64 / cases as f64 / 1e3
    );

    let mut config = config_for(&desk, &url);
    let port = free_port();
    config.web.listen = format!("127.0.0.1:{port}");
    let base = format!("http://127.0.0.1:{port}");
    let running = DeskProcess::spawn(&config);
    wait_for(Duration::from_secs(60), "the desk's web port", || async {
        reqwest::get(format!("{base}/healthz"))
            .await
            .ok()
            .map(|_| ())
    })
    .await;
    let (client, _) = web_login(&base, "c1@desk.test", PASSWORD).await;
    // Cases spread over the whole range, the same ones in every run.
    let case = |i: usize| first + (i as i64 * 7_919) % cases;
    page(&client, "queue (due)", 30.0, |_| format!("{base}/")).await;
    page(&client, "queue (received)", 30.0, |_| {
        format!("{base}/?sort=received")
    })
    .await;
    page(&client, "queue (activity, page 5)", 30.0, |_| {
        format!("{base}/?sort=activity&page=5")
    })
    .await;
    page(&client, "queue (unassigned)", 30.0, |_| {
        format!("{base}/?view=unassigned")
    })
    .await;
    page(&client, "queue (mine)", 30.0, |_| {
        format!("{base}/?view=mine")
    })
    .await;
    page(&client, "case page", 30.0, |i| {
        format!("{base}/cases/{}", case(i))
    })
    .await;
    // Loaded by the case page's script after the page; not part of the page's time.
    page(&client, "similar cases (after the page)", 500.0, |i| {
        format!("{base}/cases/{}/similar", case(i))
    })
    .await;
    page(&client, "search (a word in 1 case in 8)", 30.0, |_| {
        format!("{base}/search?q=angioedema")
    })
    .await;
    page(&client, "search (a case's own words)", 30.0, |i| {
        format!("{base}/search?q=visit+{}", i * 13)
    })
    .await;
    page(&client, "reports", 500.0, |_| format!("{base}/reports")).await;
    running.terminate().await;

    let mut times = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let (ok, _, err) = cli(&url, &["cases", "list"]);
        assert!(ok, "cases list: {err}");
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "  cases list (a whole process)       median {:>7.1} ms",
        ms(times[times.len() / 2])
    );
}
