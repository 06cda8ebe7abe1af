//! Every outgoing answer is checked: codes that fail their checks stop the answer unless the
//! consultant overrides with a reason, which the audit trail keeps.

mod common;

use caseconsult::cases::mailboxes as cursor;
use caseconsult::cases::{Answer, CaseError, CaseStore, IngestInput, IngestOutcome};
use caseconsult::domain::{CaseId, CodeSystem, RecommendedCode};
use caseconsult::intake::parse::parse;
use common::*;
use sqlx::PgPool;

async fn open_case(pool: &PgPool, store: &CaseStore) -> CaseId {
    let c = cursor::align(pool, "default", 1).await.unwrap();
    let raw = "From: Ann <ann@clinic.test>\r\nSubject: Back pain\r\nMessage-ID: <a1@clinic.test>\r\n\r\nThe order says M54.5. Which code?\r\n";
    let parsed = parse(raw.as_bytes(), 1 << 20);
    let outcome = store
        .ingest(IngestInput {
            key: c.key,
            uid: 1,
            raw: raw.as_bytes(),
            truncated: false,
            parsed: &parsed,
            quarantine: None,
        })
        .await
        .unwrap();
    let IngestOutcome::NewCase(case) = outcome else {
        panic!("expected a new case, got {outcome:?}")
    };
    case
}

fn icd(code: &str) -> RecommendedCode {
    RecommendedCode {
        system: CodeSystem::Icd10cm,
        code: code.into(),
        title: String::new(),
        note: String::new(),
    }
}

async fn answers_queued(pool: &PgPool) -> i64 {
    count(pool, "SELECT count(*) FROM outbox WHERE kind = 'answer'").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_header_code_or_a_missing_7th_character_stops_the_answer_until_overridden() {
    let (url, pool) = fresh_database().await;
    add_consultants(&pool, &["pat@desk.test", "sam@desk.test"]).await;
    let store = case_store(&pool, &config_for(&User::new("desk"), &url));
    let case = open_case(&pool, &store).await;
    let pat = consultant("pat@desk.test");
    let codes = [icd("M54.5"), icd("S52.501"), icd("M54.50")];
    let answer = Answer {
        body: "Report M54.5 and S52.501.",
        codes: &codes,
        warnings: &[],
        override_reason: None,
        to: None,
        signer: "",
        cc: None,
    };
    let err = store.answer(case, &pat, &answer).await.unwrap_err();
    let CaseError::AnswerFails { failing, .. } = &err else {
        panic!("expected a refusal, got {err}")
    };
    let failing: Vec<(String, &str)> = failing
        .iter()
        .map(|f| (f.codes.join(","), f.kind.as_str()))
        .collect();
    assert_eq!(
        failing,
        [
            ("M54.5".to_owned(), "nonbillable"),
            ("S52.501".to_owned(), "missing_7th")
        ]
    );
    assert!(err.to_string().contains("M54.5 (nonbillable)"), "{err}");
    assert_eq!(answers_queued(&pool).await, 0, "nothing is sent");

    // A blank reason is no override.
    let blank = Answer {
        override_reason: Some("  "),
        to: None,
        signer: "",
        ..answer
    };
    assert!(matches!(
        store.answer(case, &pat, &blank).await,
        Err(CaseError::AnswerFails { .. })
    ));
    let overridden = Answer {
        override_reason: Some("the payer still takes M54.5 on this contract"),
        to: None,
        signer: "",
        ..answer
    };
    store.answer(case, &pat, &overridden).await.unwrap();
    assert_eq!(answers_queued(&pool).await, 1);
    let detail: serde_json::Value = sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE case_id = $1 AND action = 'answered'",
    )
    .bind(case)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        detail["override"],
        "the payer still takes M54.5 on this contract"
    );
    assert_eq!(detail["failing"][0]["codes"][0], "M54.5");
    assert_eq!(detail["failing"][1]["kind"], "missing_7th");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn warnings_and_unchecked_cpt_codes_do_not_stop_an_answer() {
    let (url, pool) = fresh_database().await;
    add_consultants(&pool, &["pat@desk.test", "sam@desk.test"]).await;
    let store = case_store(&pool, &config_for(&User::new("desk"), &url));
    let case = open_case(&pool, &store).await;
    let codes = [
        icd("M54.50"),
        RecommendedCode {
            system: CodeSystem::Cpt,
            code: "78803".into(),
            title: String::new(),
            note: String::new(),
        },
    ];
    let answer = Answer {
        body: "Report M54.50 with the SPECT.",
        codes: &codes,
        warnings: &[],
        override_reason: None,
        to: None,
        signer: "",
        cc: None,
    };
    let flags = store.check_answer(&answer);
    assert_eq!(flags.len(), 1, "{flags:?}");
    assert_eq!(flags[0].kind.as_str(), "unchecked");
    assert_eq!(flags[0].message, "not checked: no CPT file imported");
    store
        .answer(case, &consultant("pat@desk.test"), &answer)
        .await
        .unwrap();
    assert_eq!(answers_queued(&pool).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_names_each_failing_code_and_takes_an_override() {
    let (url, pool) = fresh_database().await;
    add_consultants(&pool, &["pat@desk.test", "sam@desk.test"]).await;
    let store = case_store(&pool, &config_for(&User::new("desk"), &url));
    let case = open_case(&pool, &store).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answer.txt");
    std::fs::write(&file, "codes: M54.5, S52.501, 78803\n---\nReport these.\n").unwrap();
    let file = file.to_str().unwrap();
    let reference = case.reference();
    let args = [
        "cases",
        "answer",
        &reference,
        "--as",
        "pat@desk.test",
        "--file",
        file,
    ];
    let (ok, out, err) = cli(&url, &args);
    assert!(!ok, "refused");
    assert!(
        err.contains("M54.5 (nonbillable)") && err.contains("S52.501 (missing_7th)"),
        "{err}"
    );
    assert!(
        out.contains("[info] unchecked 78803: not checked: no CPT file imported"),
        "{out}"
    );
    assert_eq!(answers_queued(&pool).await, 0);

    let mut overridden = args.to_vec();
    overridden.extend(["--override", "the payer's own edit list still has M54.5"]);
    let (ok, out, err) = cli(&url, &overridden);
    assert!(ok, "{err}");
    assert!(out.contains("answered"), "{out}");
    assert_eq!(answers_queued(&pool).await, 1);
}
