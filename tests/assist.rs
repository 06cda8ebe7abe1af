//! The assistant on its own: the code set, mentions, checks, candidates, importers, and the
//! evaluation targets on the development cases.

use std::collections::BTreeSet;
use std::io::Read;
use std::sync::LazyLock;

use caseconsult::assist::checks::{status, Status};
use caseconsult::assist::eval::{evaluate, flag_label, parse_cases};
use caseconsult::assist::extract::mentions;
use caseconsult::assist::lookup::{Behaviour, Book, Intent};
use caseconsult::assist::payer::{self, Kind, PayerRules};
use caseconsult::assist::{Assistant, Icd10Cm, Lookup};

static ASSISTANT: LazyLock<Assistant> =
    LazyLock::new(|| Assistant::new(Icd10Cm::builtin().unwrap(), PayerRules::default()));

fn labels(subject: &str, body: &str) -> Vec<String> {
    ASSISTANT
        .draft(subject, body)
        .flags
        .iter()
        .map(flag_label)
        .collect()
}

#[test]
fn derived_billable_set_equals_the_cdc_code_list() {
    let mut text = String::new();
    let gz = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/icd10cm/code-list-April-2026.txt.gz"
    ))
    .unwrap();
    flate2::read::GzDecoder::new(gz.as_slice())
        .read_to_string(&mut text)
        .unwrap();
    // The list holds chapters, blocks, headers and codes; the billable codes are its leaves.
    let codes: BTreeSet<&str> = text
        .lines()
        .map(str::trim)
        .filter(|c| !c.is_empty() && !c.contains('-') && !c.chars().all(|ch| ch.is_ascii_digit()))
        .collect();
    let sorted: Vec<&str> = codes.iter().copied().collect();
    let leaves: BTreeSet<String> = sorted
        .iter()
        .enumerate()
        .filter(|(i, c)| !sorted.get(i + 1).is_some_and(|next| next.starts_with(*c)))
        .map(|(_, c)| c.to_string())
        .collect();
    let derived: BTreeSet<String> = ASSISTANT.icd.billable_codes().cloned().collect();
    assert_eq!(leaves.len(), 74_719);
    assert_eq!(derived.len(), 74_719);
    assert_eq!(derived, leaves);
    assert_eq!(ASSISTANT.icd.year, 2026);
}

#[test]
fn seventh_characters_placeholders_and_the_s06_note() {
    let icd = &ASSISTANT.icd;
    assert!(icd.is_billable("S02.2XXA"));
    assert!(
        icd.is_billable("S06.1X7A"),
        "death before regaining consciousness: initial encounter only"
    );
    assert!(!icd.is_billable("S06.1X7D") && !icd.is_billable("S06.1X8S"));
    assert!(icd.is_billable("S06.0X1D"));
    assert_eq!(
        status(icd, "S02.2XA"),
        Status::PlaceholderX("S02.2XXA".into())
    );
    assert!(matches!(status(icd, "S82.842"), Status::Missing7th(_)));
    assert!(matches!(status(icd, "T22.211P"), Status::Invalid7th(_)));
    assert!(
        matches!(status(icd, "M54.5"), Status::NonBillable(ref c) if c.contains(&"M54.50".to_string()))
    );
    assert_eq!(
        status(icd, "T46.46A"),
        Status::PlaceholderX("T46.4X6A".into()),
        "the X left out inside the code, before the 6th character"
    );
    assert_eq!(
        status(icd, "T46.49A"),
        Status::Invalid,
        "no T46.4X9A to mean"
    );
    assert_eq!(status(icd, "Z23.0"), Status::Invalid);
    assert_eq!(status(icd, "M54.50"), Status::Billable);
    assert_eq!(
        icd.title("S02.2XXA").unwrap(),
        "Fracture of nasal bones, initial encounter for closed fracture"
    );
}

#[test]
fn no_codes_from_dates_phones_zips_mrns_labs_or_spine_levels() {
    let text = "Seen 04/11/2026, call 617-555-0142, ZIP 02139, MRN 7740213, A1C 8.2, \
                T2DM, compression fx at T12 and L5, C5-6 fusion, Hgb 7.1, BP 142/90, temp 101.5 F. \
                A 67-year-old man, A 45 yo woman.";
    let found = mentions(text, &ASSISTANT.icd, |_| false);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn mentions_cover_each_code_system() {
    let text = "Dx M54.5 and m5450? CPT 99214-25 with 3074F, 0042T; J1885 given (HCPCS J1885); modifier XS, mod LT.";
    let found: Vec<String> = mentions(text, &ASSISTANT.icd, |c| c == "J1885")
        .into_iter()
        .map(|m| format!("{:?}:{}", m.system, m.code))
        .collect();
    for want in [
        "Icd10cm:M54.5",
        "Cpt:99214",
        "Modifier:25",
        "Cpt:3074F",
        "Cpt:0042T",
        "Hcpcs:J1885",
        "Modifier:XS",
        "Modifier:LT",
    ] {
        assert!(
            found.contains(&want.to_string()),
            "{want} missing from {found:?}"
        );
    }
}

#[test]
fn quoted_replies_and_markup_are_not_the_question() {
    let d = ASSISTANT.draft(
        "Re: follow-up",
        "<p>Now <b>R55</b> only?</p>\n> Earlier you wrote I95.1\n> and E87.1",
    );
    let codes: Vec<&str> = d.codes_mentioned.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(codes, vec!["R55"]);
}

#[test]
fn each_check_fires_with_its_evidence() {
    let d = ASSISTANT.draft("Back pain", "The order says M54.5. Which billable code?");
    let f = d
        .flags
        .iter()
        .find(|f| f.kind.as_str() == "nonbillable")
        .unwrap();
    assert!(f.evidence.contains("M54.50"), "{}", f.evidence);
    assert_eq!(d.suggestions[0].code, "M54.50");
    assert!(labels("", "I have E22.2 and E87.1.").contains(&"excludes1:E22.2|E87.1".to_string()));
    let f = &ASSISTANT.draft("", "I have E22.2 and E87.1.").flags;
    assert!(f
        .iter()
        .find(|f| f.kind.as_str() == "excludes1")
        .unwrap()
        .evidence
        .contains("Excludes1 at"));
    assert!(
        labels("", "Coded D63.0 first and C61 second.").contains(&"sequence:C61>D63.0".to_string())
    );
    let l = labels("", "Picked I43 and E85.82 in that order.");
    assert!(
        l.contains(&"manifestation_first:I43".to_string())
            && l.contains(&"sequence:E85.82>I43".to_string())
    );
    assert!(
        labels("", "Right wrist CTS, order has G56.00.").contains(&"laterality:G56.00".to_string())
    );
    // The side of another finding is not the code's: a stroke coded I63.9 with a left
    // hemiparesis (I63's sided codes name arteries, not the infarct).
    assert!(!labels("", "Stroke with left hemiparesis, coded I63.9.")
        .iter()
        .any(|l| l.starts_with("laterality")));
    // A title ending in "unspecified" leaves the type open, not the side: "right" does not
    // make low back pain M54.50 a sided code.
    assert!(!labels(
        "",
        "Low back pain radiating down the right leg, billed M54.50."
    )
    .iter()
    .any(|l| l.starts_with("laterality")));
    assert!(labels("", "Pain in the right knee, billed M25.569.")
        .contains(&"laterality:M25.569".to_string()));
    // A paralysis is sided by the deficit, not by the lesion across the brain.
    assert!(labels(
        "",
        "Left spastic hemiparesis from a right frontal contusion, coded G81.10."
    )
    .contains(&"laterality:G81.10".to_string()));
    assert!(labels("", "Coded M1A.071.").contains(&"missing_7th:M1A.071".to_string()));
    assert!(labels("", "Keyed S02.2XA.").contains(&"placeholder_x:S02.2XA".to_string()));
    assert!(labels("", "Used T22.211P.").contains(&"invalid_7th:T22.211P".to_string()));
    assert!(labels("", "Superbill code 493.92 still used.").contains(&"invalid:493.92".to_string()));
    // An ICD-9 V code among words about codes is not a transport code missing its 7th character.
    // ... and so is the same code in the subject, with no words about codes around it.
    let l = labels(
        "Chemo day - V58.11?",
        "The nurse also keyed V58.11 from the old superbill.",
    );
    assert!(!l.iter().any(|l| l.starts_with("invalid_7th")), "{l:?}");
    let l = labels("", "The nurse also keyed V58.11 from the old superbill.");
    assert!(l.contains(&"invalid:V58.11".to_string()), "{l:?}");
    assert!(!l.iter().any(|l| l.starts_with("invalid_7th")), "{l:?}");
    assert!(labels("", "HTN I10 with CKD stage 3a N18.31.")
        .iter()
        .any(|l| l.starts_with("guideline:I10")));
    assert!(labels("", "Pt DOB 04/11/1948 seen today.").contains(&"phi_present".to_string()));
    assert!(labels("", "BPH with LUTS, N40.1 only.").contains(&"use_additional:N40.1".to_string()));
    // A note that continues its heading reads as the book prints it, not as a fragment.
    let f = &ASSISTANT.draft("", "CMML, coded C93.10.").flags;
    let also = f.iter().find(|f| f.kind.as_str() == "code_also").unwrap();
    assert!(
        also.evidence
            .starts_with("Code also, if applicable, eosinophilia (D72.18)"),
        "{}",
        also.evidence
    );
    let f = &ASSISTANT.draft("", "BPH with LUTS, N40.1 only.").flags;
    let more = f
        .iter()
        .find(|f| f.kind.as_str() == "use_additional")
        .unwrap();
    assert!(
        more.evidence.starts_with("Use additional code"),
        "{}",
        more.evidence
    );
    let clean = labels(
        "Question",
        "Outpatient visit for R55 after a faint; no other findings.",
    );
    assert!(clean.is_empty(), "{clean:?}");
}

#[test]
fn candidates_come_from_text_abbreviations_and_numbers() {
    let d = ASSISTANT.draft(
        "",
        "Alcohol withdrawal with dependence, BAL 212 mg/dL on arrival.",
    );
    assert!(
        d.suggestions.iter().any(|s| s.code == "Y90.7"),
        "{:?}",
        d.suggestions
    );
    // A level in g/dL or percent is a thousand times the level in mg/100 ml, and it picks
    // the line below the header the coder wrote.
    for (text, level) in [
        (
            "Alcohol abuse with intoxication; BAC 0.21 g/dL. Coded F10.120 and Y90.",
            "Y90.7",
        ),
        (
            "Alcohol abuse with intoxication; BAC 0.08%. Coded F10.120 and Y90.",
            "Y90.4",
        ),
    ] {
        let d = ASSISTANT.draft("", text);
        let rec: Vec<&str> = d.recommended.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(rec, ["F10.120", level], "{text}");
    }
    let d = ASSISTANT.draft("", "Pt with HTN and CKD 3a");
    let top: Vec<&str> = d
        .suggestions
        .iter()
        .take(5)
        .map(|s| s.code.as_str())
        .collect();
    assert!(top.iter().any(|c| c.starts_with("I12")), "{top:?}");
    let hits = ASSISTANT.search(
        "chronic migraine without aura intractable with status migrainosus",
        3,
    );
    assert_eq!(hits[0].0, "G43.711");
}

#[test]
fn payer_files_import_and_check() {
    let hcpcs = "HCPC,SEQNUM,RECID,LONG DESCRIPTION,SHORT DESCRIPTION\nJ1885,00100,3,\"Injection, ketorolac tromethamine, per 15 mg\",Ketorolac tromethamine inj\n";
    assert_eq!(
        payer::parse(Kind::Hcpcs, hcpcs).unwrap(),
        vec![vec![
            "J1885".to_string(),
            "Injection, ketorolac tromethamine, per 15 mg".to_string()
        ]]
    );
    let cpt = "code,descriptor\n99999,Synthetic test procedure\n";
    assert_eq!(payer::parse(Kind::Cpt, cpt).unwrap()[0][0], "99999");
    let ptp = "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date\tModifier\tPTP Edit Rationale\n\
               99991\t99992\t*\t20200101\t*\t0\tMutually exclusive procedures\n\
               99991\t99993\t\t20200101\t20210101\t1\tDeleted edit\n";
    let ptp_rows = payer::parse(Kind::NcciPtp, ptp).unwrap();
    assert_eq!(ptp_rows.len(), 2);
    let mue = "HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\n99991,1,2 Date of Service Edit: Policy,Anatomic consideration\n";
    let mue_rows = payer::parse(Kind::Mue, mue).unwrap();
    assert!(payer::parse(Kind::Mue, "nothing here\n").is_err());

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(Kind::NcciPtp.file_name()),
        payer::to_tsv(&ptp_rows),
    )
    .unwrap();
    std::fs::write(
        dir.path().join(Kind::Mue.file_name()),
        payer::to_tsv(&mue_rows),
    )
    .unwrap();
    let rules = PayerRules::load(dir.path()).unwrap();
    let assistant = Assistant::new(Icd10Cm::builtin().unwrap(), rules);
    let d = assistant.draft(
        "",
        "Billed CPT 99991 x 2 and CPT 99992 and CPT 99993 today.",
    );
    let kinds: Vec<String> = d.flags.iter().map(flag_label).collect();
    assert!(
        kinds.contains(&"ncci_ptp:99991,99992".to_string()),
        "{kinds:?}"
    );
    assert!(
        !kinds.contains(&"ncci_ptp:99991,99993".to_string()),
        "deleted edits do not fire"
    );
    assert!(kinds.contains(&"mue:99991".to_string()), "{kinds:?}");
}

/// The issue's targets on a set of cases, with the noise@5 bound given.
fn meets_the_targets(cases: &str, max_noise: f64) -> usize {
    let report = evaluate(&ASSISTANT, &parse_cases(cases).unwrap());
    let figures = format!(
        "{:?}",
        (
            report.recall_at_10,
            report.flag_recall,
            report.false_flags_per_case,
            report.noise_at_5
        )
    );
    assert!(report.recall_at_10 >= 0.95, "recall@10 {figures}");
    assert!(report.flag_recall >= 0.95, "flag recall {figures}");
    assert!(report.false_flags_per_case <= 0.1, "false flags {figures}");
    assert!(report.noise_at_5 <= max_noise, "noise@5 {figures}");
    report.cases
}

#[test]
fn development_set_meets_the_targets() {
    assert_eq!(
        meets_the_targets(include_str!("fixtures/dev-cases.jsonl"), 0.15),
        30
    );
}

/// Questions written for the guideline rules, drugs and code forms from the guideline text,
/// not from the development set (tests/fixtures/own-cases.jsonl). They mostly ask about a
/// wrong code they name, and a named code counts in the top 5 whatever the checks say of it,
/// so their noise@5 is held at what it measures (0.21), above the dev set's.
#[test]
fn own_cases_meet_the_targets() {
    assert!(meets_the_targets(include_str!("fixtures/own-cases.jsonl"), 0.25) >= 20);
}

#[test]
fn the_assist_command_prints_the_contract_json_for_an_eml() {
    let dir = tempfile::tempdir().unwrap();
    let eml = dir.path().join("q.eml");
    std::fs::write(
        &eml,
        "From: a@clinic.test\r\nSubject: C diff\r\nContent-Type: text/plain\r\n\r\nPt DOB 04/11/1948. Recurrent C diff, I entered A04.7.\r\n\r\n> old quote with E87.1\r\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_caseconsult"))
        .args(["assist", "--format", "json"])
        .arg(&eml)
        .env("CASECONSULT_ASSIST_DATA_DIR", dir.path().join("none"))
        .env_remove("CASECONSULT_CONFIG")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["codes_mentioned"].as_array().unwrap().len(),
        1,
        "the quoted E87.1 is not the question"
    );
    assert_eq!(v["codes_mentioned"][0]["status"], "nonbillable");
    assert_eq!(v["flags"][0]["kind"], "nonbillable");
    assert_eq!(v["flags"][0]["severity"], "error");
    assert_eq!(v["suggestions"][0]["code"], "A04.71");
    assert!(v["suggestions"][0]["score"].is_number() && v["suggestions"][0]["why"].is_string());
    assert_eq!(v["phi"]["present"], true);
    assert_eq!(v["phi"]["kinds"][0], "dob");
}

#[test]
fn icd10cm_years_import_side_by_side_and_payer_files_through_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_caseconsult"))
            .args(args)
            .env("CASECONSULT_ASSIST_DATA_DIR", &data)
            .env_remove("CASECONSULT_CONFIG")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let xml = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/icd10cm/icd10c-tabular-April-1-2026.xml.gz"
    );
    let (ok, out, err) = run(&["codes", "import", "icd10cm", xml]);
    assert!(ok, "{err}");
    assert!(
        out.contains("FY2026") && out.contains("74719 billable"),
        "{out}"
    );
    // Another year's file lands beside it instead of replacing it.
    std::fs::write(
        data.join("icd10cm-2025.xml.gz"),
        b"placeholder for an older year",
    )
    .unwrap();
    let (ok, _, _) = run(&["codes", "import", "icd10cm", xml]);
    assert!(ok);
    assert!(data.join("icd10cm-2026.xml.gz").exists() && data.join("icd10cm-2025.xml.gz").exists());
    let (ok, _, err) = run(&[
        "codes",
        "import",
        "icd10cm",
        concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"),
    ]);
    assert!(
        !ok && err.contains("error"),
        "a file that is not the tabular list is refused: {err}"
    );

    let mue = dir.path().join("mue.csv");
    std::fs::write(&mue, "HCPCS/CPT Code,Practitioner Services MUE Values,MAI,Rationale\n99991,1,2 Date of Service Edit: Policy,Anatomic\n").unwrap();
    let (ok, out, err) = run(&["codes", "import", "mue", mue.to_str().unwrap()]);
    assert!(ok && out.contains("1 rows"), "{out}{err}");
    let (ok, out, _) = run(&["codes", "lookup", "M54.5"]);
    assert!(
        ok && out.contains("nonbillable")
            && out.contains("M54.50 Low back pain, unspecified")
            && out.contains("Excludes1"),
        "{out}"
    );
    let (ok, out, _) = run(&[
        "codes", "search", "nasal", "bone", "fracture", "--limit", "3",
    ]);
    assert!(ok && out.contains("S02.2"), "{out}");
}

#[test]
fn an_icd9_code_is_named_with_its_title_and_its_crosswalk_is_suggested() {
    let d = ASSISTANT.draft(
        "Old superbill",
        "Our superbill still has ICD-9 code 250.00 for his type 2 diabetes. What do we bill now?",
    );
    let m = &d.codes_mentioned[0];
    assert_eq!((m.code.as_str(), m.status.as_str()), ("250.00", "invalid"));
    assert_eq!(m.system, caseconsult::domain::CodeSystem::Icd9cm);
    assert!(m
        .title
        .as_deref()
        .unwrap()
        .starts_with("Diabetes mellitus without mention of complication"));
    let f = d
        .flags
        .iter()
        .find(|f| f.kind.as_str() == "invalid")
        .unwrap();
    assert!(
        f.message
            .starts_with("250.00 is an ICD-9-CM code (Diabetes mellitus"),
        "{}",
        f.message
    );
    assert!(f
        .evidence
        .contains("E11.9 (Type 2 diabetes mellitus without complications)"));
    assert_eq!(d.suggestions[0].code, "E11.9", "{:?}", d.suggestions);
    assert!(d.suggestions[0].why.contains("crosswalk"));
}

#[test]
fn a_crosswalk_target_split_since_is_proposed_through_its_billable_codes() {
    let d = ASSISTANT.draft(
        "",
        "The old claim had diagnosis 724.2, low back pain. Which code now?",
    );
    let top: Vec<&str> = d
        .suggestions
        .iter()
        .take(3)
        .map(|s| s.code.as_str())
        .collect();
    assert!(top.contains(&"M54.50"), "{top:?}");
    assert!(
        d.suggestions.iter().all(|s| s.code != "M54.5"),
        "never the header"
    );
}

#[test]
fn numbers_that_only_look_like_icd9_codes_are_left_alone() {
    for text in [
        "Temp 101.5 F overnight, which code for the fever?",
        "Weight 250.00 kg is documented; which obesity code?",
        "Glucose 250.0 mg/dL at the visit.",
    ] {
        let d = ASSISTANT.draft("", text);
        assert!(
            d.codes_mentioned
                .iter()
                .all(|m| m.system != caseconsult::domain::CodeSystem::Icd9cm),
            "{text}: {:?}",
            d.codes_mentioned
        );
    }
}

#[test]
fn codes_lookup_shows_an_icd9_title_and_its_mapping() {
    let text = caseconsult::assist::render::lookup_text(&ASSISTANT.icd, "250.00");
    assert!(text.contains("ICD-9-CM, retired"), "{text}");
    assert!(text.contains("Diabetes mellitus without mention of complication"));
    assert!(text.contains("E11.9     Type 2 diabetes mellitus without complications (approximate)"));
    let split = caseconsult::assist::render::lookup_text(&ASSISTANT.icd, "724.2");
    assert!(
        split.contains("M54.5     Low back pain (now a header"),
        "{split}"
    );
    let icd10 = caseconsult::assist::render::lookup_text(&ASSISTANT.icd, "E11.9");
    assert!(
        icd10.starts_with("E11.9 (ICD-10-CM FY2026): billable"),
        "{icd10}"
    );
}

/// The files under `data/` are the ones their PROVENANCE.md describes.
#[test]
fn shipped_data_matches_its_recorded_checksums() {
    use sha2::{Digest, Sha256};
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    let row = regex::Regex::new(r"\| `([^`]+\.gz)` \|[^\n]*\| `([0-9a-f]{64})` \|").unwrap();
    let mut checked = 0;
    for dir in ["icd10cm", "icd9cm", "icd10cm-index"] {
        let provenance = std::fs::read_to_string(format!("{root}/{dir}/PROVENANCE.md")).unwrap();
        for cap in row.captures_iter(&provenance) {
            let gz = std::fs::read(format!("{root}/{dir}/{}", &cap[1])).unwrap();
            let mut raw = Vec::new();
            flate2::read::GzDecoder::new(&gz[..])
                .read_to_end(&mut raw)
                .unwrap();
            assert_eq!(
                hex::encode(Sha256::digest(&raw)),
                &cap[2],
                "{dir}/{}",
                &cap[1]
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 9, "every shipped file has a recorded checksum");
}

#[derive(serde::Deserialize)]
struct MedicationCase {
    id: String,
    body: String,
    z79: Vec<String>,
    #[serde(default)]
    not: Vec<String>,
}

/// Own cases, written from the Z79 titles and I.C.21.c.3 / I.C.4.a (one for each drug class,
/// and the ones where nothing may be suggested): every expected status code is suggested, and
/// every Z79 code suggested is expected.
#[test]
fn long_term_drug_therapy_is_suggested_from_the_drugs_named() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/own-medications.jsonl"
    ))
    .unwrap();
    let (mut suggested, mut right, mut expected, mut found) = (0, 0, 0, 0);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: MedicationCase = serde_json::from_str(line).unwrap();
        let d = ASSISTANT.draft("", &case.body);
        let z79: Vec<&str> = d
            .suggestions
            .iter()
            .map(|s| s.code.as_str())
            .filter(|c| c.starts_with("Z79"))
            .collect();
        for c in &z79 {
            suggested += 1;
            if case.z79.iter().any(|e| e == c) {
                right += 1;
            } else {
                eprintln!("{}: suggested {c}, not expected", case.id);
            }
        }
        for e in &case.z79 {
            expected += 1;
            if z79.contains(&e.as_str()) {
                found += 1;
            } else {
                eprintln!("{}: missed {e}", case.id);
            }
        }
        for n in &case.not {
            assert!(
                !z79.contains(&n.as_str()),
                "{}: {n} must not be suggested",
                case.id
            );
        }
    }
    assert_eq!(expected, 25);
    assert_eq!((right, suggested), (suggested, suggested), "precision 1.0");
    assert_eq!(found, expected, "recall 1.0");
}

#[test]
fn every_code_of_the_medication_table_is_billable() {
    for t in caseconsult::assist::meds::therapies() {
        let c = caseconsult::assist::icd10cm::compact(t.code);
        assert!(ASSISTANT.icd.is_billable(&c), "{} ({})", t.code, t.class);
        let title = ASSISTANT.icd.title(&c).unwrap().to_lowercase();
        assert!(
            title.contains("long term")
                || title.contains("long-term")
                || title.contains("hormone replacement"),
            "{}: {title}",
            t.code
        );
    }
}

/// The completed or more specific code the text supports comes first (issue 9, item 4).
#[test]
fn the_text_completes_the_code_encounter_fetus_displacement_severity() {
    let top = |text: &str, n: usize| -> Vec<String> {
        ASSISTANT
            .draft("", text)
            .suggestions
            .iter()
            .take(n)
            .map(|s| s.code.clone())
            .collect()
    };
    assert_eq!(
        top(
            "Hip fracture S72.001 - follow-up visit, healing well, which code?",
            1
        ),
        ["S72.001D"]
    );
    assert_eq!(
        top("Twin pregnancy, fetus 2 has poor fetal growth, third trimester. We have O36.593, what 7th character?", 1),
        ["O36.5932"]
    );
    assert_eq!(
        top("Singleton pregnancy, poor fetal growth in the third trimester, O36.593 needs a 7th character.", 1),
        ["O36.5930"]
    );
    assert_eq!(
        top(
            "Closed nondisplaced fracture of the right radial styloid, S52.51, initial encounter.",
            1
        ),
        ["S52.514A"]
    );
    // The eye codes' 7th character is the side: "both eyes" is bilateral.
    assert_eq!(
        top(
            "T1DM, moderate NPDR with macular edema both eyes. E10.331 was rejected.",
            1
        ),
        ["E10.3313"]
    );
    let dementia = top(
        "Unspecified dementia coded F03.90 but the neurologist documents moderate dementia. Better code?",
        3,
    );
    assert!(dementia.contains(&"F03.B0".to_owned()), "{dementia:?}");
}

/// Suggestions come from what the question describes, not from its codes' digits or from
/// words about the mail (issue 9, item 5).
#[test]
fn a_stated_code_or_a_word_about_the_mail_grounds_no_suggestion() {
    let d = ASSISTANT.draft("", "Which code for I10?");
    assert!(
        d.suggestions.iter().all(|s| !s.code.starts_with("O10")),
        "{:?}",
        d.suggestions
    );
    let d = ASSISTANT.draft(
        "Labs",
        "The lab report is attached. Vitamin B12 deficiency, which code?",
    );
    assert!(
        d.suggestions.iter().all(|s| !s.code.starts_with("F94")),
        "{:?}",
        d.suggestions
    );
    assert!(
        d.suggestions
            .iter()
            .take(3)
            .any(|s| s.code.starts_with("E53.8") || s.code.starts_with("D51")),
        "{:?}",
        d.suggestions
    );
}

/// A word shared with a title is no reason on its own (issue 9, item 5).
#[test]
fn suggestions_name_what_the_question_describes() {
    let codes = |subject: &str, body: &str| -> Vec<String> {
        ASSISTANT
            .draft(subject, body)
            .suggestions
            .into_iter()
            .map(|s| s.code)
            .collect()
    };
    // "carpal tunnel" is not tarsal tunnel; a wrist without an injury is no nerve injury.
    let cts = codes(
        "CTS",
        "EMG confirmed carpal tunnel syndrome of the right wrist. Which code?",
    );
    assert!(cts.iter().any(|c| c.starts_with("G56.0")), "{cts:?}");
    assert!(
        cts.iter()
            .all(|c| !c.starts_with("G57") && !c.starts_with('S')),
        "{cts:?}"
    );
    // A lumbar level keeps cervical disc codes out.
    let disc = codes(
        "Disc",
        "MRI shows an L4-5 disc herniation with radiculopathy.",
    );
    assert!(disc.iter().any(|c| c.starts_with("M51.1")), "{disc:?}");
    assert!(disc.iter().all(|c| !c.starts_with("M50")), "{disc:?}");
    // Brief loss of consciousness at a faint is no head injury.
    let syncope = codes(
        "Syncope",
        "Witnessed syncopal episode with brief LOC, back to baseline.",
    );
    assert!(syncope.iter().all(|c| !c.starts_with("S06")), "{syncope:?}");
    let fall = codes("Fall", "Fell from a ladder, concussion with brief LOC.");
    assert!(fall.iter().any(|c| c.starts_with("S06.0")), "{fall:?}");
    // A code that cannot be reported beside a stated one is not proposed (Excludes1).
    let thyroid = codes(
        "Hypothyroid",
        "s/p total thyroidectomy, on levothyroxine. Provider listed E03.9 and E89.0.",
    );
    assert!(thyroid.iter().all(|c| !c.starts_with("E03")), "{thyroid:?}");
}

/// Two symptoms a diagnosis explains are two flags; a category named beside its own code is
/// a reference to the family, not a header on the claim.
#[test]
fn each_explained_symptom_is_flagged_and_a_named_category_is_no_header() {
    let pneumonia = labels(
        "Pneumonia",
        "Admitted with pneumonia. Coder listed J18.9, R05.9 and R50.9.",
    );
    assert!(
        pneumonia.contains(&"guideline:R05.9,J18.9".to_owned()),
        "{pneumonia:?}"
    );
    assert!(
        pneumonia.contains(&"guideline:R50.9,J18.9".to_owned()),
        "{pneumonia:?}"
    );
    let family = labels(
        "Dementia",
        "We coded G30.1 and F02.80. Is the F02 code specific enough?",
    );
    assert!(
        family.iter().all(|l| !l.starts_with("nonbillable")),
        "{family:?}"
    );
    let header = labels("Dementia", "We coded F02 for the dementia.");
    assert!(header.contains(&"nonbillable:F02".to_owned()), "{header:?}");
}

/// A drug taken in excess is a poisoning and one taken as prescribed an adverse effect; the
/// other form of the same code is proposed (I.C.19.e.5).
#[test]
fn the_other_form_of_a_drug_code_is_proposed() {
    let overdose = ASSISTANT.draft(
        "Overdose",
        "Took extra oxycodone tablets by mistake, respiratory depression. Coded T40.2X5A.",
    );
    assert!(
        overdose.suggestions.iter().any(|s| s.code == "T40.2X1A"),
        "{:?}",
        overdose.suggestions
    );
    let rash = ASSISTANT.draft(
        "Rash",
        "Urticaria from amoxicillin taken as prescribed. Coded T36.0X1A and L50.0.",
    );
    assert!(
        rash.suggestions.iter().any(|s| s.code == "T36.0X5A"),
        "{:?}",
        rash.suggestions
    );
}

/// The code set and index read back from the prepared file draft exactly as the built ones,
/// and a damaged file is rebuilt rather than trusted (issue 9, item 7).
#[test]
fn a_prepared_code_set_drafts_as_the_built_one_and_a_damaged_one_is_rebuilt() {
    let data = tempfile::tempdir().unwrap();
    Assistant::load(Some(data.path())).unwrap();
    let prepared: Vec<std::path::PathBuf> = std::fs::read_dir(data.path().join("cache"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(prepared.len(), 1, "{prepared:?}");
    let read_back = Assistant::load(Some(data.path())).unwrap();
    let cases = parse_cases(include_str!("fixtures/dev-cases.jsonl")).unwrap();
    for case in &cases {
        assert_eq!(
            read_back.draft(&case.subject, &case.body),
            ASSISTANT.draft(&case.subject, &case.body),
            "{}",
            case.id
        );
    }
    std::fs::write(&prepared[0], b"not a prepared code set").unwrap();
    let rebuilt = Assistant::load(Some(data.path())).unwrap();
    let case = &cases[0];
    assert_eq!(
        rebuilt.draft(&case.subject, &case.body),
        ASSISTANT.draft(&case.subject, &case.body)
    );
    assert!(
        std::fs::metadata(&prepared[0]).unwrap().len() > 1_000_000,
        "stored again"
    );
}

/// The Index and Tables read back from the prepared file are the ones parsed from the shipped
/// files, term for term, with the same subterms and main-term names; a file whose books are
/// cut short is rebuilt (issue 18).
#[test]
fn the_prepared_index_and_tables_read_back_as_parsed_and_a_damaged_file_is_rebuilt() {
    let data = tempfile::tempdir().unwrap();
    Assistant::load(Some(data.path())).unwrap();
    let read_back = Assistant::load(Some(data.path())).unwrap();
    same_books(&read_back.books, &ASSISTANT.books);

    let prepared: Vec<std::path::PathBuf> = std::fs::read_dir(data.path().join("cache"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(prepared.len(), 1, "{prepared:?}");
    let whole = std::fs::read(&prepared[0]).unwrap();
    // The books are the file's last part.
    std::fs::write(&prepared[0], &whole[..whole.len() - 1_000]).unwrap();
    let rebuilt = Assistant::load(Some(data.path())).unwrap();
    same_books(&rebuilt.books, &ASSISTANT.books);
    assert_eq!(
        std::fs::metadata(&prepared[0]).unwrap().len(),
        whole.len() as u64,
        "stored again"
    );
}

fn same_books(read: &Lookup, parsed: &Lookup) {
    let pairs = [
        (&read.index, &parsed.index),
        (&read.drugs, &parsed.drugs),
        (&read.neoplasms, &parsed.neoplasms),
        (&read.external, &parsed.external),
    ];
    for (read, parsed) in pairs {
        assert!(!parsed.terms.is_empty());
        assert_eq!(read.terms, parsed.terms);
        for id in 0..parsed.terms.len() as u32 {
            assert_eq!(
                read.children(id),
                parsed.children(id),
                "{:?}",
                parsed.path(id)
            );
        }
        for name in main_names(parsed) {
            assert_eq!(read.main_terms(name), parsed.main_terms(name), "{name}");
        }
    }
    let low_back = read.index.find(&["Pain", "low back"]).unwrap();
    assert_eq!(read.index.term(low_back).code.as_deref(), Some("M54.50"));
    assert_eq!(low_back, parsed.index.find(&["Pain", "low back"]).unwrap());
    let paths = |book: &Book| {
        let q = caseconsult::assist::suggest::Query::new("chronic low back pain, which code?");
        book.paths(q.terms(), &|w: &str| q.has(w))
    };
    assert_eq!(paths(&read.index), paths(&parsed.index));
    assert_eq!(
        read.drug(&["1-propanol"], Intent::SelfHarm),
        Some("T51.3X2")
    );
    assert_eq!(
        read.neoplasm(&["abdomen", "wall", "connective tissue"], Behaviour::Benign),
        Some("D21.4")
    );
    let powered = ["Accident", "boat", "striking swimmer", "powered"];
    assert_eq!(read.external.find(&powered), parsed.external.find(&powered));
}

fn main_names(book: &Book) -> impl Iterator<Item = &str> {
    book.terms
        .iter()
        .filter(|t| t.parent.is_none())
        .flat_map(|t| t.title.split(',').chain([t.title.as_str()]))
}

fn recommended(subject: &str, body: &str) -> Vec<String> {
    ASSISTANT
        .draft(subject, body)
        .recommended
        .iter()
        .map(|r| r.code.clone())
        .collect()
}

/// A coexisting condition the question lists as chronic, known or controlled is coded beside
/// the reason for the visit (Sections III and IV.J); one in the patient's past or denied is
/// not.
#[test]
fn a_condition_the_patient_is_managed_for_is_coded_beside_the_reason_for_the_visit() {
    let codes = recommended(
        "Pre-op clearance",
        "PCP pre-op H&P before R inguinal hernia repair (no obstruction). Chronic: HTN, hyperlipidemia, both controlled. Coder listed K40.90 first.",
    );
    assert_eq!(codes, ["Z01.818", "K40.90", "I10", "E78.5"]);
    let codes = recommended(
        "Pre-op clearance",
        "Cardiology pre-op exam before a right knee replacement for primary osteoarthritis of the right knee. Known coronary artery disease, stable. What goes first?",
    );
    assert!(codes.contains(&"I25.10".to_string()), "{codes:?}");
    let codes = recommended(
        "Pre-op clearance",
        "PCP pre-op H&P before R inguinal hernia repair (no obstruction). No known CAD or hypertension. Coder listed K40.90 first.",
    );
    assert_eq!(codes, ["Z01.818", "K40.90"]);
}

/// A stay for one condition keeps it first: an uncertain diagnosis at discharge is an
/// additional one (II.H, III.C). Insulin on a sliding scale during the stay is no long-term
/// insulin (I.C.4.a.3), and the BMI the coder wrote is the only BMI line.
#[test]
fn an_uncertain_diagnosis_at_discharge_follows_the_reason_for_the_stay() {
    let codes = recommended(
        "Which secondary diagnoses?",
        "Inpatient medicine, 4-day stay for lobar pneumonia, IV ceftriaxone. Also: T2DM with hyperglycemia on metformin, insulin sliding scale added in house; class 3 obesity, BMI 41. 'Possible tinea pedis' at discharge, topical terbinafine. Coder has J18.1, E11.65, E66.813 and Z68.41.",
    );
    assert_eq!(
        codes.first().map(String::as_str),
        Some("J18.1"),
        "{codes:?}"
    );
    assert!(codes.contains(&"B35.3".to_string()), "{codes:?}");
    assert!(codes.contains(&"Z79.84".to_string()), "{codes:?}");
    assert!(!codes.contains(&"Z79.4".to_string()), "{codes:?}");
    let bmi: Vec<&String> = codes.iter().filter(|c| c.starts_with("Z68")).collect();
    assert_eq!(bmi, ["Z68.41"]);
}

/// A written congenital code for a condition the question calls acquired gives way to the
/// Index's entry outside Chapter 17 when its category has no acquired line.
#[test]
fn an_acquired_condition_written_with_a_congenital_code_is_read_from_the_index() {
    let codes = recommended(
        "Clubbing",
        "New patient with acquired clubbing of the fingernails, cause not found. The encoder returned Q68.1. What code fits?",
    );
    assert_eq!(codes, ["R68.3"]);
}

/// A patient in the newborn period is read by the Index's newborn lines whether or not the
/// question says "newborn".
#[test]
fn a_four_day_old_is_a_newborn_for_the_index() {
    let codes = recommended(
        "Jaundice",
        "4-day-old girl delivered by vacuum with a large scalp bruise, readmitted for phototherapy: hyperbilirubinemia due to resorption of the scalp bruising. Coder has P59.9.",
    );
    assert_eq!(codes, ["P58.0"]);
}

/// A table's line whose side the question leaves open (a right kidney and a left adrenal
/// gland) does not change the side the coder wrote.
#[test]
fn a_written_side_stands_where_the_table_can_only_guess_one() {
    let codes = recommended(
        "Adrenal met",
        "Right nephrectomy for renal cell carcinoma 3 years ago. Now a left adrenal mass, biopsy: metastatic renal cell carcinoma. Coder: C79.72.",
    );
    assert!(codes.contains(&"C79.72".to_string()), "{codes:?}");
    assert!(!codes.contains(&"C79.71".to_string()), "{codes:?}");
}

/// The recommended answer is in reporting order: a code-first note puts its code ahead, a
/// manifestation follows its etiology, severe sepsis its infection, status codes what they
/// qualify, external causes come last; each replaced code says what it replaces.
#[test]
fn the_recommended_answer_is_in_reporting_order() {
    let table: [(&str, &[&str]); 9] = [
        // "Anemia in other chronic diseases classified elsewhere" is a manifestation: never
        // first (I.A.13), whatever order the coder wrote.
        (
            "Anemia of chronic disease due to RA: d63.8 first, then M06.9?",
            &["M06.9", "D63.8"],
        ),
        // Diabetes, type 2, with, osteomyelitis: the combination code asks for the
        // complication's code after it (I.A.15).
        (
            "Acute osteomyelitis of the left great toe in a patient with type 2 diabetes.",
            &["E11.69", "M86.172"],
        ),
        // The written line completed by the word the question states.
        (
            "Recurrent acute suppurative otitis media, bilateral, no perforation. We have H66.003.",
            &["H66.006"],
        ),
        (
            "Infusion visit for anemia due to prostate cancer, coded D63.0 and C61.",
            &["C61", "D63.0"],
        ),
        (
            "Fall from a ladder W11.XXXA at home, closed fracture of the right femoral neck S72.001A.",
            &["S72.001A", "W11.XXXA"],
        ),
        (
            "Patient on insulin: Z79.4 and E11.9, is that all?",
            &["E11.9", "Z79.4"],
        ),
        (
            "Severe sepsis without shock R65.20 due to E. coli sepsis A41.51.",
            &["A41.51", "R65.20"],
        ),
        (
            // The Index: Dementia, in, Parkinson's disease G20.A1 [F02.80]; G20.C is
            // parkinsonism, which the question does not say.
            "Dementia in Parkinson's disease: F02.80 with G20.C?",
            &["G20.A1", "F02.80"],
        ),
        ("Plain hypertension I10.", &["I10"]),
    ];
    for (body, want) in table {
        assert_eq!(recommended("question", body), want, "{body}");
    }
}

/// What the encounter is for decides the first code (I.C.2.c.3, I.C.2.l.6, I.C.2.e.2,
/// I.C.6.b.5, I.C.1.a.2, I.C.1.d.4), and sepsis with the organ dysfunction it causes is severe
/// sepsis (I.C.1.d.1.b). Each cue also has a question where it must not move anything.
#[test]
fn the_reason_for_the_encounter_decides_what_goes_first() {
    let first = |body: &str| recommended("question", body).first().cloned();
    let table: [(&str, &str); 10] = [
        (
            "Outpatient infusion of IV fluids for dehydration E86.0 in a patient with lung cancer C34.91, no chemo today.",
            "E86.0",
        ),
        (
            "Lung cancer C34.91 with dehydration E86.0, here for chemo follow-up planning.",
            "C34.91",
        ),
        (
            "Admitted for pain control of neoplasm related pain G89.3; metastatic bone disease C79.51.",
            "G89.3",
        ),
        (
            "Admitted for cycle 2 of chemotherapy for colon cancer C18.7.",
            "Z51.11",
        ),
        (
            "Colon cancer C18.7 follow-up, last chemotherapy two years ago.",
            "C18.7",
        ),
        (
            "Pathologic fracture of the left femur M84.552A from metastatic disease C79.51, ORIF done, the fracture was the focus.",
            "M84.552A",
        ),
        (
            "Admitted with Pneumocystis pneumonia B59 in a patient with AIDS, B20 and Z21 on the abstract.",
            "B20",
        ),
        (
            "Admitted for a closed fracture of the right wrist S52.501A after a fall; HIV disease B20, unrelated to the HIV.",
            "S52.501A",
        ),
        (
            "Admitted with pneumonia J18.9; on hospital day 2 she developed sepsis A41.9, not present on admission.",
            "J18.9",
        ),
        (
            "Admitted with sepsis A41.9 due to pneumonia J18.9.",
            "A41.9",
        ),
    ];
    for (body, want) in table {
        assert_eq!(first(body).as_deref(), Some(want), "{body}");
    }
    let aids = recommended("question", "Admitted with Pneumocystis pneumonia B59 in a patient with AIDS, B20 and Z21 on the abstract.");
    assert!(!aids.contains(&"Z21".to_owned()), "{aids:?}");
    let severe = recommended(
        "question",
        "Sepsis A41.9 from cellulitis of the left leg L03.116, acute kidney injury N17.9 attributed to the sepsis.",
    );
    assert!(severe.contains(&"R65.20".to_owned()), "{severe:?}");
    let not_severe = recommended(
        "question",
        "Sepsis A41.9 from cellulitis of the left leg L03.116, no organ dysfunction.",
    );
    assert!(
        !not_severe.iter().any(|c| c.starts_with("R65")),
        "{not_severe:?}"
    );
}

/// The infectious agent and its resistance are added where a reported code's note asks for
/// them ("use additional code (B95-B97)", "(Z16.-)"), read from the Index; a combination code
/// that names its organism needs neither.
#[test]
fn the_organism_and_its_resistance_are_added_where_a_note_asks_for_them() {
    assert_eq!(
        recommended(
            "UTI",
            "Cystitis, urine culture grew ESBL-producing E. coli; we have N39.0. What else?"
        ),
        // Asked what else, the Index's "Cystitis" is read: the site the question names
        // replaces N39.0, "site not specified".
        ["N30.90", "B96.20", "Z16.12"]
    );
    assert_eq!(
        recommended("UTI", "UTI N39.0, culture grew Proteus mirabilis."),
        ["N39.0", "B96.4"]
    );
    // Treated with vancomycin is no resistance to it.
    assert_eq!(
        recommended(
            "UTI",
            "UTI N39.0 due to Enterococcus, started on vancomycin."
        ),
        ["N39.0", "B95.2"]
    );
    // Nor is vancomycin given for an MRSA infection: methicillin is what it resists.
    let mrsa = recommended(
        "Cellulitis",
        "Inpatient: cellulitis of the right leg, culture grew MRSA, IV vancomycin. L03.115.",
    );
    assert!(!mrsa.iter().any(|c| c.starts_with("Z16")), "{mrsa:?}");
    // Said to resist it, it is.
    let vre = recommended(
        "UTI",
        "UTI N39.0, culture grew vancomycin-resistant Enterococcus faecium.",
    );
    assert!(vre.contains(&"Z16.21".to_owned()), "{vre:?}");
    assert_eq!(
        recommended("Sepsis", "E. coli sepsis A41.51, no organ dysfunction."),
        ["A41.51"]
    );
}

#[test]
fn codes_that_cannot_be_reported_are_replaced_and_questions_without_codes_get_their_best_match() {
    let draft = ASSISTANT.draft(
        "C diff",
        "Third episode of recurrent C diff colitis; the encoder rejects A04.7.",
    );
    let first = &draft.recommended[0];
    assert_eq!(first.code, "A04.71");
    assert!(first.why.starts_with("replaces A04.7"), "{}", first.why);
    assert!(first.evidence.contains("billable"), "{}", first.evidence);
    assert!(recommended("Hello", "Thanks for the answer last week.").is_empty());
    assert_eq!(
        recommended(
            "Migraine",
            "Which code for a migraine without aura, not intractable?"
        )
        .len(),
        1
    );
}

/// A main term's "see also Neoplasm" is for what its subterms do not name (I.A.16): a
/// written neoplasm code gives way to the subterm the question says, and with no such
/// subterm the Neoplasm Table is read.
#[test]
fn a_subterm_the_question_names_comes_before_the_see_also_neoplasm() {
    let draft = ASSISTANT.draft(
        "Neuroma",
        "Morton's neuroma of the left foot; the encoder followed Neuroma, see also Neoplasm, nerve, benign to D36.13.",
    );
    let codes: Vec<&str> = draft.recommended.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["G57.62"], "{:?}", draft.recommended);
    assert!(draft.recommended[0].why.starts_with("instead of D36.13"));
    assert!(draft.recommended[0]
        .evidence
        .starts_with("Index (FY2025): Neuroma, Morton's → G57.6-"));
    let neoplasm = recommended(
        "Neuroma",
        "Neuroma of the sciatic nerve, benign on pathology.",
    );
    assert!(neoplasm.iter().any(|c| c == "D36.13"), "{neoplasm:?}");
    assert!(
        !neoplasm.iter().any(|c| c.starts_with("G57")),
        "{neoplasm:?}"
    );
}

/// A written code that names what the question never says gives way to the code the Index
/// entry of the question's words gives (I.B.1), a sided one to its section's line of the same
/// side, and the title a coder quotes in parentheses beside it is no word of the question; a
/// written code whose words the question says in another form ("ureteral" for "ureter") or
/// whose side the question does not share stands.
#[test]
fn a_written_code_naming_what_the_question_does_not_say_gives_way_to_the_index() {
    let labyrinthitis = recommended(
        "Labyrinthitis",
        "ENT: 'acute viral labyrinthitis, right ear', meclizine. The coder has H81.21 (vestibular neuronitis, right) from the encoder.",
    );
    assert_eq!(labyrinthitis, ["H83.01"], "{labyrinthitis:?}");
    // The Index's word for the title's ("Eruption, drug, fixed" gives "Localized ...").
    let fixed = recommended(
        "Fixed drug eruption",
        "Derm: a round violaceous plaque recurs on the same spot of the right thigh each time he takes his prescribed naproxen; 'fixed drug eruption'. The coder has L27.0.",
    );
    assert_eq!(
        fixed.first().map(String::as_str),
        Some("L27.1"),
        "{fixed:?}"
    );
    assert!(!fixed.contains(&"L27.0".to_owned()), "{fixed:?}");
    let generalized = recommended(
        "Drug eruption",
        "Derm: widespread morbilliform rash after starting amoxicillin, 'drug eruption'. The coder has L27.0.",
    );
    assert_eq!(generalized, ["L27.0"], "{generalized:?}");
    // A residual site line gives way to the Index's line for the site the question documents,
    // in another chapter too; with no such entry it stands.
    let scrotum = recommended(
        "Scrotal cellulitis",
        "Urgent care: 'MRSA cellulitis of the scrotum', TMP-SMX. Coder used L03.818 and B95.62.",
    );
    assert_eq!(scrotum, ["N49.2", "B95.62"], "{scrotum:?}");
    let mons = recommended(
        "Cellulitis",
        "Cellulitis of the mons pubis, cephalexin. Coder used L03.818.",
    );
    assert_eq!(mons, ["L03.818"], "{mons:?}");
    // So is its whole title after a dash.
    let induced = recommended(
        "F10.20 - Alcohol dependence, uncomplicated, plus F32.A?",
        "Psych: 'severe alcohol use disorder with alcohol-induced depressive disorder'. The coder has F10.20 and F32.A.",
    );
    assert_eq!(induced, ["F10.24"], "{induced:?}");
    let neuronitis = recommended(
        "Neuronitis",
        "ENT: 'vestibular neuronitis, right ear', meclizine. The coder has H81.21.",
    );
    assert_eq!(neuronitis, ["H81.21"], "{neuronitis:?}");
    let draft = ASSISTANT.draft(
        "Amyotrophy",
        "Neuro clinic: diabetic amyotrophy of the right thigh due to type 2 DM. The coder has E11.42.",
    );
    assert_eq!(
        draft.recommended[0].code, "E11.44",
        "{:?}",
        draft.recommended
    );
    assert!(draft.recommended[0].why.starts_with("instead of E11.42"));
    assert!(draft.recommended[0]
        .evidence
        .starts_with("Index (FY2025): Diabetes, diabetic, type 2, with, amyotrophy → E11.44"));
    assert!(!draft.recommended.iter().any(|r| r.code == "E11.42"));
    assert_eq!(
        recommended(
            "Kidney stone",
            "CT shows a 5 mm left proximal ureteral stone. Coder listed N20.1."
        ),
        ["N20.1"]
    );
}

/// Two written codes that each give way to the same combination are that combination, once
/// (I.B.9): neither is dropped as "said by" the other's replacement.
#[test]
fn two_written_codes_replaced_by_one_combination_are_reported_as_it() {
    let draft = ASSISTANT.draft(
        "Adenotonsillar hypertrophy - J35.1 - Hypertrophy of tonsils + J35.2?",
        "ASC: 7M had a T&A for adenotonsillar hypertrophy with snoring; pathology shows lymphoid hyperplasia. The op note lists tonsillar hypertrophy and adenoid hypertrophy on separate lines, so the coder reported J35.1 and J35.2. Is that right?",
    );
    let codes: Vec<&str> = draft.recommended.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes.first(), Some(&"J35.3"), "{codes:?}");
    assert!(
        !codes.contains(&"J35.1") && !codes.contains(&"J35.2"),
        "{codes:?}"
    );
}

/// A written code of a section says which kind of its condition the pregnancy has: the
/// Index's pre-existing hypertension (O10) is not added beside gestational hypertension (O13).
#[test]
fn a_written_pregnancy_code_keeps_the_index_s_other_kind_out() {
    assert_eq!(
        recommended(
            "Gestational HTN",
            "OB clinic: 27F at 34w2d, normotensive before pregnancy, now gestational hypertension without proteinuria. The coder sent O13 with Z3A.34."
        ),
        ["O13.3", "Z3A.34"]
    );
}

/// Of an acquired form and the congenital one whose notes exclude each other, the form the
/// question names stays: ADPKD is Q61.2, not N28.1 "Cyst of kidney, acquired" beside it, and an
/// acquired cystic kidney disease is N28.1, not the congenital Q61.- its note points to.
#[test]
fn an_acquired_form_the_question_does_not_name_gives_way_to_the_congenital_one() {
    assert_eq!(
        recommended(
            "ADPKD",
            "Nephrology: ADPKD with CKD stage 3a. The coder reported Q61.2, N28.1 for the cysts, and N18.31."
        ),
        ["Q61.2", "N18.31"]
    );
    assert_eq!(
        recommended(
            "ACKD",
            "Nephrology: acquired cystic kidney disease on dialysis, ESRD; coder reported N28.1 and N18.6."
        ),
        ["N28.1", "N18.6"]
    );
}

/// An organism code (B95-B97) is for an infection coded without its organism (I.C.1.b): beside
/// "Streptococcal pharyngitis" it says nothing more, beside a cellulitis it names the cause.
#[test]
fn an_organism_code_goes_where_the_infection_s_title_already_names_it() {
    assert_eq!(
        recommended(
            "Strep throat",
            "Urgent care: acute streptococcal pharyngitis, group A, rapid strep positive. Coder billed J02.9 with B95.0."
        ),
        ["J02.0"]
    );
    assert_eq!(
        recommended(
            "Cellulitis",
            "Cellulitis of the left lower leg; wound culture grew group A strep. Coder has L03.116 and B95.0."
        ),
        ["L03.116", "B95.0"]
    );
}

/// A recurrent, nontraumatic dislocation is Chapter 13, only a current injury Chapter 19
/// (I.C.13.b).
#[test]
fn a_recurrent_dislocation_is_no_injury() {
    assert_eq!(
        recommended(
            "Patella",
            "Sports med: recurrent lateral patellar dislocation, left knee, nontraumatic, fourth episode. The coder picked S83.015A."
        ),
        ["M22.02"]
    );
    assert_eq!(
        recommended(
            "Patella",
            "ED: acute traumatic lateral patellar dislocation, left knee, after a tackle; first episode, reduced. Coder has S83.015A."
        ),
        ["S83.015A"]
    );
}

/// The question's everyday forms reach the Index's words: "neonatal" its "neonatorum",
/// "postsurgical" its "postprocedural", "PVCs" its premature ventricular contractions, a
/// fenestral otosclerosis "without obliteration" its oval window, nonobliterative, and one
/// region's enlarged nodes its localized lymphadenopathy, a psoriatic arthritis of the DIPs
/// its arthropathic psoriasis of the distal interphalangeal joints.
#[test]
fn everyday_forms_reach_the_index_s_words() {
    assert_eq!(
        recommended(
            "Otosclerosis",
            "ENT: fenestral otosclerosis of the right ear without obliteration of the footplate; stapedotomy planned."
        ),
        ["H80.01"]
    );
    assert_eq!(
        recommended(
            "Neck node",
            "PCP: a firm 1.5 cm left posterior cervical node; 'left cervical lymphadenopathy, etiology unclear'; ultrasound ordered."
        ),
        ["R59.0"]
    );
    assert_eq!(
        recommended(
            "Rheum",
            "Rheum: psoriatic arthritis, DIP-predominant, with nail pitting."
        ),
        ["L40.51"]
    );
    assert!(recommended(
        "Peritonsillar abscess",
        "ED: I&D of a left peritonsillar abscess; the culture grew Streptococcus pyogenes. J36."
    )
    .contains(&"B95.0".to_owned()));
    // Hepatitis D is the delta agent a "without delta-agent" line denies.
    assert_eq!(
        recommended(
            "Hepatitis",
            "Hepatology: chronic hepatitis D on chronic hepatitis B, compensated. Coder used B18.1."
        ),
        ["B18.0"]
    );
    // A printed code of an unspecified side is its sibling of the side the question names.
    assert_eq!(
        recommended(
            "Adrenal",
            "CT: incidental 1.6 cm left adrenal adenoma, nonfunctioning. Code?"
        ),
        ["D35.02"]
    );
    assert_eq!(
        recommended(
            "Adrenal",
            "CT: incidental 1.6 cm adrenal adenoma, nonfunctioning. Code?"
        ),
        ["D35.00"]
    );
    // So is a written code's more specific line: its side, "bilateral" alone for an eye.
    assert_eq!(
        recommended(
            "Keratoconus",
            "Cornea clinic: 'stable keratoconus OU', refit scleral lenses. The coder used H18.609."
        ),
        ["H18.613"]
    );
    assert_eq!(
        recommended(
            "Nodes everywhere",
            "PCP: lymphadenopathy in the neck, both axillae and both groins, weight loss; CT ordered."
        ),
        ["R59.1", "R63.4"]
    );
    assert!(recommended(
        "Polycythemia",
        "Newborn record: term boy with neonatal polycythemia, Hct 71, IV fluids."
    )
    .contains(&"P61.1".to_owned()));
    assert_eq!(
        recommended(
            "Hypoparathyroidism",
            "Endocrine: postsurgical hypoparathyroidism after total thyroidectomy, on calcitriol."
        ),
        ["E89.2"]
    );
    assert!(recommended(
        "Holter",
        "Holter for palpitations; final read: sinus rhythm with frequent unifocal PVCs."
    )
    .contains(&"I49.3".to_owned()));
}

/// A written code whose Excludes1 note sends its condition in a pregnancy to a Chapter 15 code
/// is that code for the episode (GBS carrier Z22.330 → O99.824 at a delivery), and O80 no
/// longer fits; outside a pregnancy it stands.
#[test]
fn a_condition_complicating_the_pregnancy_is_its_chapter_15_code() {
    assert_eq!(
        recommended(
            "GBS",
            "L&D: 39 weeks, GBS positive at 36 weeks, IV penicillin in labor, uncomplicated vaginal delivery of a single liveborn. Coder entered O80, Z3A.39, Z37.0 and Z22.330."
        ),
        ["O99.824", "Z37.0", "Z3A.39"]
    );
    assert_eq!(
        recommended(
            "GBS",
            "Family medicine: 45M, GBS found in a urine culture, carrier, not pregnant. Coder has Z22.330."
        ),
        ["Z22.330"]
    );
}

/// A recommended code cites the Alphabetic Index entry the question's words lead to, as a
/// coder would, and says the Index is FY2025's.
#[test]
fn a_recommended_code_cites_its_index_path() {
    let draft = ASSISTANT.draft(
        "Back pain",
        "Chronic low back pain: we coded M54.50, right?",
    );
    assert_eq!(draft.recommended[0].code, "M54.50");
    assert!(
        draft.recommended[0]
            .evidence
            .starts_with("Index (FY2025): Pain, low back → M54.50; Tabular (FY2026): M54.50"),
        "{}",
        draft.recommended[0].evidence
    );
    let json = serde_json::to_value(&draft).unwrap();
    assert_eq!(json["recommended"][0]["system"], "icd10cm");
}

/// An ICD-9-CM code is read in every form a coder writes it, and money and measurements are
/// not codes.
#[test]
fn icd9_codes_are_read_without_words_about_codes_and_measurements_are_not() {
    let icd9 = |text: &str| -> Vec<String> {
        ASSISTANT
            .draft("", text)
            .codes_mentioned
            .into_iter()
            .filter(|m| m.system == caseconsult::domain::CodeSystem::Icd9cm)
            .map(|m| m.code)
            .collect()
    };
    assert_eq!(
        icd9("Old problem list: \"427.31 - AF\". What now?"),
        ["427.31"]
    );
    assert_eq!(icd9("Old records show 250.00, on insulin."), ["250.00"]);
    // An external cause (E) code has three digits before its dot, which no ICD-10-CM code has.
    assert_eq!(
        icd9("The old E-code field still shows E980.4; he wrote E923.0 for the firework."),
        ["E980.4", "E923.0"]
    );
    for text in [
        "The copay was $118.42 for the visit.",
        "Tmax 101.3 overnight.",
        "Weight 250.00 lb at intake.",
        "Glucose: 250.0 this morning.",
    ] {
        assert!(icd9(text).is_empty(), "{text}");
    }
}

/// A code in lower case without its dot is read where it is written as a code (in a list
/// with others, or after "coder has"); lower-case tokens elsewhere (b12, t4, g2p1) are not.
#[test]
fn lower_case_codes_without_a_dot_are_read_where_they_are_written_as_codes() {
    let read = |text: &str| -> Vec<String> {
        ASSISTANT
            .draft("", text)
            .codes_mentioned
            .iter()
            .map(|m| m.code.clone())
            .collect()
    };
    assert_eq!(
        read("Acute pyelonephritis. Coder has n10, B95.62."),
        ["N10", "B95.62"]
    );
    assert_eq!(
        read("Our template pulled e119 and h269."),
        ["E11.9", "H26.9"]
    );
    assert!(
        read("Labs: b12 low, t4 normal, g2p1, a1c 7.1, room d10 and c50 bed.").is_empty(),
        "{:?}",
        read("Labs: b12 low, t4 normal, g2p1, a1c 7.1, room d10 and c50 bed.")
    );
}

/// Codes as coders write them: lower case, a space after the letter, a dash and a title, CPT
/// with its modifier, cells of an HTML table; a category asked about is a question, not an
/// error on the claim.
#[test]
fn codes_are_read_as_coders_write_them() {
    let draft = ASSISTANT.draft(
        "",
        "<table><tr><td>e11.9</td><td>I 10</td></tr></table> Z85.3 - personal history of breast \
         cancer. Billed 99214-25. Is there a C44 code for this lesion? Copay $118.42. On arrival \
         T 39.2, later T 101.4.",
    );
    let read: Vec<(String, String)> = draft
        .codes_mentioned
        .iter()
        .map(|m| (m.code.clone(), m.status.clone()))
        .collect();
    for want in [
        ("E11.9", "billable"),
        ("I10", "billable"),
        ("Z85.3", "billable"),
        ("99214", "unchecked"),
        ("25", "unchecked"),
        ("C44", "category"),
    ] {
        assert!(
            read.contains(&(want.0.to_owned(), want.1.to_owned())),
            "{want:?} in {read:?}"
        );
    }
    assert_eq!(read.len(), 6, "{read:?}");
    assert!(
        draft
            .flags
            .iter()
            .all(|f| f.severity != caseconsult::domain::Severity::Error),
        "{:?}",
        draft.flags
    );
}

/// A child's BMI is the line of Z68.5 whose range holds the percentile given, and the weight
/// diagnosis it goes with is reported before it (I.C.21.c.3).
#[test]
fn a_childs_bmi_by_its_percentile_after_its_weight_diagnosis() {
    let r = recommended(
        "question",
        "Peds office: 12F, obesity, BMI at the 97th percentile for age. Colleague says Z68.5.",
    );
    assert_eq!(r, ["E66.9", "Z68.54"]);
    let r = recommended(
        "question",
        "Peds office: 9M, BMI at the 60th percentile, well child. Coder wrote Z68.5.",
    );
    assert!(r.contains(&"Z68.52".to_owned()), "{r:?}");
    let r = recommended(
        "question",
        "Peds: 14F, severe obesity, BMI 145% of the 95th percentile. Which Z68.5?",
    );
    assert!(r.contains(&"Z68.56".to_owned()), "{r:?}");
}

/// A substance-induced disorder is the F10-F19 line that says it, not an adverse effect of the
/// substance; a link the provider denies is no "with" line.
#[test]
fn a_cannabis_induced_disorder_is_its_use_code_with_the_disorder() {
    let r = recommended(
        "question",
        "Psychiatrist documents 'cannabis-induced anxiety disorder, onset during intoxication; no use disorder'. The coder wrote f12.90 and F41.9.",
    );
    assert_eq!(r[0], "F12.980", "{r:?}");
    assert!(!r.iter().any(|c| c.starts_with('T')), "{r:?}");
    let r = recommended(
        "question",
        "GAD on escitalopram; cannabis use on weekends, not contributing to his anxiety. Coder: F41.1 and F12.90.",
    );
    assert!(!r.contains(&"F12.980".to_owned()), "{r:?}");
}

/// An adult's BMI value is the Z68 line whose range holds it, and only that line, even where
/// the coder wrote the header.
#[test]
fn an_adults_bmi_by_its_value() {
    let r = recommended(
        "question",
        "PCP: 45M, obesity, class 3, BMI of 52.4 today. The coder entered E66.813 and Z68.4.",
    );
    assert_eq!(r, ["E66.813", "Z68.43"]);
    let r = recommended(
        "question",
        "Office: 50F with obesity, BMI 33.7, diet counseling.",
    );
    assert!(r.contains(&"Z68.33".to_owned()), "{r:?}");
}

/// The words about how codes reached the coder are no words of a title ("came through" is no
/// "stage 1 through stage 4" of I13.0).
#[test]
fn words_about_the_codes_find_no_code() {
    let r = recommended(
        "question",
        "Known HTN and CKD 3b. The EHR drops the dots, so the codes came through as I10 and N1832.",
    );
    assert_eq!(r, ["I12.9", "N18.32"]);
}

/// "Which G89?", "codes besides Z3A?": a category in a question is the family asked about;
/// the same category written as a claim line is still an error.
#[test]
fn a_category_in_a_question_is_not_a_claim_error() {
    for (subject, body) in [
        (
            "Post-thoracotomy pain",
            "Chronic post-thoracotomy pain. Which G89?",
        ),
        (
            "24 weeks",
            "Prenatal visit at 24 weeks. What codes besides Z3A?",
        ),
        (
            "AF on apixaban - which I48?",
            "Chronic atrial fibrillation.",
        ),
    ] {
        let l = labels(subject, body);
        assert!(
            l.iter().all(|f| !f.starts_with("nonbillable:")),
            "{body}: {l:?}"
        );
    }
    assert!(labels("", "We billed G89 and R07.82.").contains(&"nonbillable:G89".to_owned()));
}

/// A manifestation listed before the condition its code-first note names gets one warning,
/// the sequence, not a second one saying the same.
#[test]
fn a_code_first_partner_written_second_is_one_sequence_warning() {
    let l = labels(
        "",
        "Lambert-Eaton syndrome due to small cell lung cancer. Draft: G73.1, C34.11.",
    );
    assert!(l.contains(&"sequence:C34.11>G73.1".to_owned()), "{l:?}");
    assert!(
        !l.iter().any(|f| f.starts_with("manifestation_first")),
        "{l:?}"
    );
    let alone = labels(
        "",
        "Dementia in Alzheimer disease: F02.80 first, then G30.9.",
    );
    assert!(
        alone.contains(&"manifestation_first:F02.80".to_owned()),
        "{alone:?}"
    );
    assert!(
        alone.contains(&"sequence:G30.9>F02.80".to_owned()),
        "{alone:?}"
    );
}

/// A written code that leaves out what the question says gives way to the code of the Index
/// entry the question's words lead to, and a written code for what that combination code says
/// ("with", I.A.15) is not reported beside it.
#[test]
fn the_index_entry_the_words_lead_to_replaces_an_unspecified_code() {
    assert_eq!(
        recommended(
            "question",
            "T2DM; peripheral polyneuropathy. We coded E11.9 and G62.9."
        ),
        ["E11.42"]
    );
    assert_eq!(
        recommended(
            "question",
            "Type 2 diabetes, no complications documented: E11.9."
        ),
        ["E11.9"]
    );
}

/// An unspecified word match is the main term read no further: the Index entry the question's
/// shorthand and words lead to below it gives the code, in another category of the chapter
/// if need be; an outpatient's uncertain diagnosis leads nowhere (IV.H).
#[test]
fn the_index_reads_further_than_an_unspecified_word_match() {
    let pernicious = recommended("question", "Pernicious anemia, monthly injection visit.");
    assert_eq!(pernicious.first().map(String::as_str), Some("D51.0"));
    let popliteal = recommended("question", "ED: acute left popliteal DVT on duplex.");
    assert_eq!(popliteal.first().map(String::as_str), Some("I82.432"));
    let header = recommended(
        "question",
        "Secundum ASD followed by echo. Payer rejected Q21.1 as invalid.",
    );
    assert_eq!(header.first().map(String::as_str), Some("Q21.11"));
    let probable = recommended(
        "question",
        "Office: dysuria x 2 days, provider writes probable UTI, culture pending.",
    );
    assert!(!probable.contains(&"N39.0".to_owned()), "{probable:?}");
    // The main term's default code where the word match says more than the question (I.A.18);
    // a denial ("no provider visit") names no condition.
    assert_eq!(
        recommended("question", "Fatigue x 2 months. No provider visit."),
        ["R53.83"]
    );
}

/// A pregnant patient's condition is coded from Chapter 15 first, in the trimester the weeks
/// give (I.C.15.a.1, I.C.15.a.3).
#[test]
fn a_condition_in_pregnancy_comes_from_chapter_15_in_the_trimester_of_the_weeks() {
    let got = recommended(
        "question",
        "Pregnant at 30 weeks with iron deficiency anemia, we coded D50.9 and Z3A.30.",
    );
    assert_eq!(got.first().map(String::as_str), Some("O99.013"), "{got:?}");
    assert!(got.contains(&"D50.9".to_owned()), "{got:?}");
    let got = recommended(
        "question",
        "Chronic hypertension in pregnancy at exactly 28 weeks, coded O10.012 and Z3A.28.",
    );
    assert_eq!(got.first().map(String::as_str), Some("O10.013"), "{got:?}");
}

/// Combinations the guidelines make one code: hypertensive heart disease with hypertensive CKD
/// is I13 (I.C.9.a.3); abuse with dependence of one substance is the dependence (I.C.5.b.2).
#[test]
fn what_the_guidelines_combine_is_recommended_as_one_code() {
    let got = recommended(
        "question",
        "HTN with CKD stage 4 and chronic systolic heart failure: we have I11.0, I12.9, I50.22, N18.4.",
    );
    assert!(got.contains(&"I13.0".to_owned()), "{got:?}");
    assert!(
        !got.iter()
            .any(|c| c.starts_with("I11") || c.starts_with("I12")),
        "{got:?}"
    );
    let got = recommended(
        "question",
        "Alcohol abuse and alcohol dependence both documented, intoxicated: F10.129 and F10.229.",
    );
    assert_eq!(got, ["F10.229"]);
    // Two substances keep their own codes.
    let got = recommended(
        "question",
        "Cannabis abuse F12.10 and alcohol dependence F10.20.",
    );
    assert_eq!(got, ["F12.10", "F10.20"]);
}

/// External causes follow the injury's encounter: its 7th character, and no place, activity or
/// status code after the initial encounter (I.C.20.b, c, k).
#[test]
fn external_causes_follow_the_encounter_of_their_injury() {
    let got = recommended(
        "question",
        "Follow-up visit, routine healing: S52.531D, and the claim repeats W11.XXXA, Y92.017, Y93.H9 and Y99.8 from the first visit.",
    );
    assert_eq!(got, ["S52.531D", "W11.XXXD"]);
    let got = recommended(
        "question",
        "ED today: fell off a ladder at home, S52.531A, W11.XXXA, Y92.017, Y93.H9, Y99.8.",
    );
    assert_eq!(got, ["S52.531A", "W11.XXXA", "Y92.017", "Y93.H9", "Y99.8"]);
}

/// The wider list of candidates starts with the codes the answer recommends, in its order.
#[test]
fn the_suggestions_start_with_the_recommended_codes() {
    let d = ASSISTANT.draft(
        "question",
        "Took her prescribed Ambien after half a bottle of wine, found somnolent. We used T42.6X5A.",
    );
    let recommended: Vec<&str> = d.recommended.iter().map(|r| r.code.as_str()).collect();
    let leading: Vec<&str> = d
        .suggestions
        .iter()
        .take(recommended.len())
        .map(|s| s.code.as_str())
        .collect();
    assert!(recommended.len() >= 2, "{recommended:?}");
    assert_eq!(leading, recommended);
}

#[test]
fn the_desk_search_finds_a_code_by_its_code_and_says_what_the_words_say_first() {
    for (typed, code) in [
        ("N18.3", "N18.3"),
        ("n183", "N18.3"),
        ("E78.5", "E78.5"),
        ("O23.42", "O23.42"),
        (" e11.9 ", "E11.9"),
    ] {
        let found = ASSISTANT.find(typed, 10);
        assert_eq!(
            found.first().map(|f| f.code.as_str()),
            Some(code),
            "{typed}: {found:?}"
        );
    }
    let header = ASSISTANT.find("N18.3", 10);
    assert!(!header[0].billable, "N18.3 is a header: {header:?}");
    assert!(header[1..]
        .iter()
        .all(|f| f.billable && f.code.starts_with("N18.3")));
    assert!(ASSISTANT.find("E78.5", 1)[0]
        .title
        .to_lowercase()
        .contains("hyperlipidemia"));
    let words = ASSISTANT.find("type 2 diabetes without complications", 5);
    assert_eq!(words[0].code, "E11.9", "{words:?}");
    assert!(words[0].billable);
    let type1 = ASSISTANT.find("type 1 diabetes without complications", 5);
    assert_eq!(type1[0].code, "E10.9", "{type1:?}");
}

#[test]
fn a_code_card_carries_the_tabular_the_index_and_the_guidelines() {
    let card = ASSISTANT.code_card("e11.9");
    assert_eq!(card.code, "E11.9");
    assert!(card.billable());
    assert!(
        card.hierarchy.iter().any(|l| l.code == "E11"),
        "{:?}",
        card.hierarchy
    );
    assert!(
        card.index_entries
            .iter()
            .any(|e| e.to_lowercase().contains("diabetes")),
        "{:?}",
        card.index_entries
    );
    let header = ASSISTANT.code_card("N18.3");
    assert!(!header.billable());
    assert!(header.billable_below.iter().any(|c| c.code == "N18.30"));
    let fracture = ASSISTANT.code_card("S72.001");
    assert!(fracture.seventh.is_some(), "{fracture:?}");
    let excludes = ASSISTANT.code_card("E11");
    assert!(
        excludes.notes.iter().any(|g| g.label == "Excludes1"),
        "{:?}",
        excludes.notes
    );
    let icd9 = ASSISTANT.code_card("250.00");
    assert!(icd9.icd9.unwrap().targets.iter().any(|t| t.code == "E11.9"));
}

/// A screening of a patient with no symptoms goes first, what it found after it; a test
/// because of a symptom is diagnostic: the symptom, no screening code (I.C.21.c.5).
#[test]
fn a_screening_goes_first_only_for_a_patient_with_no_symptoms() {
    let found = recommended(
        "Screening colo",
        "61M here for his screening colonoscopy, no GI symptoms. Two small polyps of the colon were removed, path pending. Coded K63.5 and Z12.11.",
    );
    assert_eq!(
        found.first().map(String::as_str),
        Some("Z12.11"),
        "{found:?}"
    );
    assert!(found.contains(&"K63.5".to_owned()), "{found:?}");
    let diagnostic = recommended(
        "PSA",
        "Order says screening PSA, Z12.5, but he has had gross hematuria for two weeks. What do we code?",
    );
    assert!(!diagnostic.contains(&"Z12.5".to_owned()), "{diagnostic:?}");
    assert!(
        diagnostic.iter().any(|c| c.starts_with("R31")),
        "{diagnostic:?}"
    );
    // A callback's diagnostic study explains itself by what it found.
    let callback = recommended(
        "Mammo",
        "Diagnostic mammogram after a screening callback: grouped microcalcifications of the left breast, BI-RADS 4. The coder sent R92.1 and Z12.31.",
    );
    assert_eq!(callback, ["R92.0"]);
}

/// Words in brackets after a code the coder wrote are the coder's reading, which the question
/// asks to judge: the intent comes from the record (an unknown intent is accidental,
/// I.C.19.e.5.b), and a drug taken as directed is an adverse effect.
#[test]
fn the_intent_is_the_record_s_not_the_coder_s_gloss() {
    let found = recommended(
        "Diazepam and beer",
        "ED: 45F took a few extra of her diazepam and drank 6 beers, intent unknown per the ED doc. Coder picked T42.4X4A (undetermined). Right?",
    );
    assert!(found.contains(&"T42.4X1A".to_owned()), "{found:?}");
    assert!(!found.contains(&"T42.4X4A".to_owned()), "{found:?}");
    let directed = recommended(
        "Rash from amoxicillin",
        "Clinic: 30M took amoxicillin exactly as directed for strep throat and developed a rash on day 4. Coder used T36.0X1A.",
    );
    assert!(directed.contains(&"T36.0X5A".to_owned()), "{directed:?}");
    // The antidote given in a clause of its own is the treatment, not a second poisoning.
    let antidote = recommended(
        "Clonidine",
        "ED: 3yo swallowed grandpa's clonidine by mistake, lethargic, naloxone given, observed.",
    );
    assert!(antidote.contains(&"T46.5X1A".to_owned()), "{antidote:?}");
    assert!(
        !antidote.iter().any(|c| c.starts_with("T50.7")),
        "{antidote:?}"
    );
    // ... and so is an antidote running as a drip; someone else's pills given by mistake are
    // no long-term therapy of the patient's.
    let drip = recommended(
        "Wrong pills",
        "ED: his wife gave him two of her hydromorphone instead of his own pills; somnolent, naloxone gtt + BiPAP. Accidental opioid overdose.",
    );
    assert!(drip.contains(&"T40.2X1A".to_owned()), "{drip:?}");
    assert!(
        !drip
            .iter()
            .any(|c| c.starts_with("T50.7") || c == "Z79.891"),
        "{drip:?}"
    );
}

/// A primary malignancy goes before its secondary sites unless the treatment is directed to a
/// secondary site only (I.C.2.a-b).
#[test]
fn the_primary_goes_first_unless_only_the_secondary_is_treated() {
    let primary = recommended(
        "Colectomy",
        "Inpatient: 60F with adenocarcinoma of the sigmoid colon with metastases to the liver, admitted for sigmoid colectomy. Coded C78.7 and C18.7.",
    );
    assert_eq!(
        primary.first().map(String::as_str),
        Some("C18.7"),
        "{primary:?}"
    );
    let secondary = recommended(
        "Liver resection",
        "Inpatient: admitted for resection of the liver met only; the primary sigmoid colon cancer was not addressed this stay. Coded C18.7 and C78.7.",
    );
    assert_eq!(
        secondary.first().map(String::as_str),
        Some("C78.7"),
        "{secondary:?}"
    );
    // A drainage treats the fluid of the secondary site it drains, not another one.
    let drained = recommended(
        "Paracentesis",
        "Outpatient IR: sigmoid colon adenocarcinoma with peritoneal mets and liver mets; here for therapeutic paracentesis, 3 L off. Coded C78.7, C18.7 and C78.6.",
    );
    assert_eq!(
        drained.first().map(String::as_str),
        Some("C78.6"),
        "{drained:?}"
    );
    let elsewhere = recommended(
        "Thoracentesis",
        "Outpatient IR: sigmoid colon adenocarcinoma with liver mets; thoracentesis for a parapneumonic effusion. Coded C18.7 and C78.7.",
    );
    assert_eq!(
        elsewhere.first().map(String::as_str),
        Some("C18.7"),
        "{elsewhere:?}"
    );
}

/// A histology the Alphabetic Index codes by site is read there before the Neoplasm Table
/// (I.C.2): the table's code written for it is replaced.
#[test]
fn a_histology_is_read_in_the_index_before_the_neoplasm_table() {
    let found = recommended(
        "Fibroid",
        "Path: subserosal leiomyoma of the uterus. Coder used the Neoplasm Table, uterus, benign: D26.9.",
    );
    assert_eq!(found, ["D25.2"], "{found:?}");
}

/// A code written from a broader row of the Neoplasm Table than the site the question gives is
/// replaced by the site's code; no word-alike neoplasm of another site is added beside the
/// table's; and a never smoker gets no tobacco code from the category's note (I.C.2).
#[test]
fn a_neoplasm_is_coded_at_the_site_the_question_gives_and_nowhere_else() {
    let found = recommended(
        "Base of tongue",
        "Inpatient: 60M, never smoker, squamous cell carcinoma of the base of tongue with metastasis to cervical lymph nodes. Coder used C02.9 and C79.89.",
    );
    assert_eq!(found, ["C01", "C77.0"], "{found:?}");
}

/// "Disease" and "Disorder" are main terms of the Index like any other: their subterms lead on
/// (Disease, kidney, chronic, stage 3b), and a deeper entry of one main term is the condition,
/// not a shallower one beside it (Disease, arterial).
#[test]
fn the_index_is_entered_at_disease_and_disorder_too() {
    let found = recommended("CKD", "CKD stage 3b, stable. We coded N18.9.");
    assert_eq!(found, ["N18.32"], "{found:?}");
    let found = recommended(
        "Clearance",
        "Known coronary artery disease, stable, no angina. What code?",
    );
    assert_eq!(found, ["I25.10"], "{found:?}");
}

/// A vague written code is where the coder stopped on the way down the Index: the entry the
/// question's words reach below it replaces it, even in another category (Pneumonia J18.9 →
/// Pneumonia, Pseudomonas J15.1); a word only stem-alike reaches nothing ("organism" is not
/// "Pneumonia, organizing").
#[test]
fn a_vague_written_code_gives_way_to_the_entry_below_it() {
    let found = recommended(
        "PNA",
        "Admitted with Pseudomonas pneumonia, on cefepime. Coded J18.9.",
    );
    assert_eq!(
        found.first().map(String::as_str),
        Some("J15.1"),
        "{found:?}"
    );
    assert!(!found.contains(&"J18.9".to_owned()), "{found:?}");
    let found = recommended(
        "PNA",
        "Community acquired pneumonia, organism not identified. Coded J18.9.",
    );
    assert_eq!(found, ["J18.9"], "{found:?}");
}

/// An outpatient's uncertain diagnosis is not coded; the question is read for the symptoms it
/// does state (Section IV.H).
#[test]
fn an_outpatient_s_probable_diagnosis_leaves_its_symptoms() {
    let found = recommended(
        "Office claim",
        "Family practice: 35M w/ frequency x 3 days, provider writes 'probable UTI, urine cx sent'. Coder billed N39.0.",
    );
    assert_eq!(found, ["R35.0"], "{found:?}");
}

/// A written code that says "without" what the question states gives way to its sibling "with"
/// it; where the question denies it, the written code stands.
#[test]
fn a_written_code_without_what_the_question_states_gives_way() {
    let found = recommended("BPH", "Urology: BPH w/ LUTS, on tamsulosin. Coded N40.0.");
    assert_eq!(
        found.first().map(String::as_str),
        Some("N40.1"),
        "{found:?}"
    );
    assert!(!found.contains(&"N40.0".to_owned()), "{found:?}");
    let found = recommended(
        "BPH",
        "Urology: BPH on imaging, no lower urinary tract symptoms. Coded N40.0.",
    );
    assert_eq!(found, ["N40.0"], "{found:?}");
}

/// A written code of the right category but the wrong line gives way to the line that says
/// what the question states and leaves out only what the written one left open or denied; a
/// line that adds a condition the question only hints at is no better.
#[test]
fn a_written_code_gives_way_to_the_line_of_its_category_the_question_states() {
    let cases = [
        (
            "Psych follow-up: severe alcohol use disorder in early remission. Coded F10.20.",
            "F10.21",
        ),
        (
            "Neuro: refractory migraine without aura, no status migrainosus. Coded G43.009.",
            "G43.019",
        ),
        (
            "Wound clinic: chronic ulcer of left calf with fat layer exposed. Coded L97.229.",
            "L97.222",
        ),
    ];
    for (body, code) in cases {
        let found = recommended("Coding question", body);
        assert_eq!(
            found.first().map(String::as_str),
            Some(code),
            "{body}: {found:?}"
        );
    }
    for (body, written) in [
        (
            "Neuro: migraine without aura, not intractable. Coded G43.009.",
            "G43.009",
        ),
        (
            "ED: kidney stone, CT shows a 5 mm left ureteral stone. Coded N20.1.",
            "N20.1",
        ),
    ] {
        let found = recommended("Coding question", body);
        assert_eq!(
            found.first().map(String::as_str),
            Some(written),
            "{body}: {found:?}"
        );
    }
}

/// A streptococcal group is its letter: group A is not group B, and the Index's lone letter
/// under "group" is reached from "group A strep".
#[test]
fn a_streptococcal_group_is_read_by_its_letter() {
    let found = recommended(
        "Sepsis",
        "Inpatient: sepsis due to cellulitis of the right lower leg, blood cx group A strep, no organ dysfunction. Coded A41.9, L03.115.",
    );
    assert_eq!(
        found.first().map(String::as_str),
        Some("A40.0"),
        "{found:?}"
    );
    assert!(!found.iter().any(|c| c == "B95.1"), "{found:?}");
}

/// A written code the Index's deeper entry replaces may be a three-character code: J18.9 →
/// J13 for a pneumococcal pneumonia.
#[test]
fn a_vague_written_code_gives_way_to_a_three_character_code() {
    let found = recommended(
        "PNA",
        "Inpatient: pneumococcal pneumonia, blood cx positive. Coded J18.9.",
    );
    assert_eq!(found.first().map(String::as_str), Some("J13"), "{found:?}");
}

/// A condition of a pregnant patient is found through "Pregnancy, complicated by", following
/// its "see" reference; a condition from before the pregnancy is the Index's pre-existing one
/// (I.C.15.a.1, I.C.15.d).
#[test]
fn a_pregnant_patient_s_condition_follows_the_index_s_see_reference() {
    let found = recommended(
        "",
        "OB visit at 30 weeks, hypertension since before the pregnancy, essential. Coder wrote I10.",
    );
    assert_eq!(
        found.first().map(String::as_str),
        Some("O10.013"),
        "{found:?}"
    );
    assert!(!found.contains(&"I10".to_owned()), "{found:?}");
}

/// A header the coder wrote is completed where the Index's entry leads below it, and an
/// Index subterm with "or" is named by either word ("Fibrillation, atrial or auricular,
/// persistent" → I48.19, where the words alone rank the "longstanding" code first).
#[test]
fn a_written_header_is_completed_by_the_index_entry_below_it() {
    let codes = recommended(
        "Persistent A-fib",
        "Persistent atrial fibrillation for 5 months, on edoxaban. Coder entered I48.1 and Z79.01.",
    );
    assert_eq!(
        codes.first().map(String::as_str),
        Some("I48.19"),
        "{codes:?}"
    );
}

/// An infusion of an immune checkpoint inhibitor is antineoplastic immunotherapy (Z51.12), and
/// a chemotherapy code written for it goes; a visit for both keeps both (I.C.2.e.2).
#[test]
fn a_checkpoint_inhibitor_infusion_is_immunotherapy() {
    let codes = recommended(
        "Infusion",
        "Outpatient infusion: here for his q2wk nivolumab for lung cancer C34.91. Coder: Z51.11.",
    );
    assert_eq!(
        codes.first().map(String::as_str),
        Some("Z51.12"),
        "{codes:?}"
    );
    assert!(!codes.contains(&"Z51.11".to_owned()), "{codes:?}");
    let both = recommended(
        "Infusion",
        "Here for chemotherapy with carboplatin and pembrolizumab immunotherapy, lung cancer C34.91. Z51.11 and Z51.12?",
    );
    assert!(
        both.contains(&"Z51.11".to_owned()) && both.contains(&"Z51.12".to_owned()),
        "{both:?}"
    );
}

/// A stab wound's hemopneumothorax is traumatic: the Index's "traumatic" subterm (S27.2),
/// not the nontraumatic J94.2 the words alone would find.
#[test]
fn what_a_wound_caused_is_traumatic() {
    let codes = recommended(
        "Stab wound",
        "ED: stabbed in the left chest, open wound of the chest wall; CT shows hemopneumothorax, chest tube placed. Which codes?",
    );
    assert!(codes.contains(&"S27.2XXA".to_owned()), "{codes:?}");
    assert!(!codes.contains(&"J94.2".to_owned()), "{codes:?}");
}

/// BPPV is the Index's "Vertigo, benign paroxysmal" (H81.1-) with the side written; the
/// dizziness is part of it (I.B.5), and "benign ... right ear" names no growth to code.
#[test]
fn a_benign_vertigo_is_no_neoplasm() {
    let codes = recommended(
        "BPPV",
        "ENT: spinning vertigo on rolling over, Dx 'BPPV, right posterior canal', Epley done. Coder used H81.10 and R42.",
    );
    assert_eq!(
        codes.first().map(String::as_str),
        Some("H81.11"),
        "{codes:?}"
    );
    assert!(
        !codes.iter().any(|c| c.starts_with('D') || c == "R42"),
        "{codes:?}"
    );
}

/// In an emergency department a follow-up is the plan after the visit, and "possible" in a
/// remark about that plan makes no diagnosis uncertain: the fractures treated today are
/// initial encounters, all reported (I.C.19.a, Section IV.H).
#[test]
fn an_emergency_visit_s_follow_up_plan_is_not_the_encounter() {
    let codes = recommended(
        "Assault",
        "ED: punched in the face in a fight at a bar; CT: L orbital floor fx (no entrapment, OMFS f/u for possible repair) and nasal bone fx; closed. Coder: S02.32, S02.2XXA, Y04.0XXA.",
    );
    for code in ["S02.32XA", "S02.2XXA", "Y04.0XXA"] {
        assert!(codes.contains(&code.to_owned()), "{code}: {codes:?}");
    }
    let office = recommended(
        "Fracture follow-up",
        "Office f/u: L orbital floor fx, healing as expected, no surgery needed. Coder: S02.32.",
    );
    assert!(office.contains(&"S02.32XD".to_owned()), "{office:?}");
}

/// An ICD-9 code's crosswalk target is where the coder starts, and the Index goes on from
/// there to what the question says: 599.70's R31.9 becomes "Hematuria, gross" R31.0.
#[test]
fn an_old_code_s_target_is_completed_by_the_index() {
    let codes = recommended(
        "Hematuria",
        "Urology office: 70F, painless gross hematuria x2; CT urogram and cysto ordered; assessment: gross hematuria, r/o bladder malignancy. Coder pulled 599.70 from the old superbill and asks about the bladder cancer code.",
    );
    assert_eq!(
        codes.first().map(String::as_str),
        Some("R31.0"),
        "{codes:?}"
    );
    // The growth an office visit is to rule out is not coded (Section IV.H), nor is the code
    // the coder asks about for it.
    assert!(!codes.iter().any(|c| c.starts_with('C')), "{codes:?}");
}

/// A written code whose Excludes1 note names what the provider documents, word for word, gives
/// way to where the note points: Z72.0 Tobacco use for "tobacco dependence" is F17.2-.
#[test]
fn a_written_code_whose_note_sends_the_documented_condition_elsewhere() {
    let codes = recommended(
        "Smoker",
        "Office: provider documents tobacco dependence, smokes cigarettes, counseled. Coder: Z72.0.",
    );
    assert!(
        codes.iter().any(|c| c.starts_with("F17.2")) && !codes.contains(&"Z72.0".to_owned()),
        "{codes:?}"
    );
    let use_only = recommended(
        "Smoker",
        "Office: occasional cigar on weekends, tobacco use counseled, no dependence documented. Coder: Z72.0.",
    );
    assert!(use_only.contains(&"Z72.0".to_owned()), "{use_only:?}");
}

/// Where two written codes are one condition the classification codes together, the answer
/// reports the one code (I.B.9): a third code of their category that says both, the Index's
/// "due to" entry for the organism, the code "with" what the written one says is absent, and
/// an Excludes1 note whose condition the question documents in its own words. Each has a
/// question where the written codes stand.
#[test]
fn one_condition_written_as_two_codes_is_reported_as_the_code_for_both() {
    let table: [(&str, &[&str]); 10] = [
        (
            "Pulmonary sarcoidosis with hilar node involvement; coder has D86.0 and D86.1.",
            &["D86.2"],
        ),
        (
            "Idiopathic gout flare of the right knee, M10.061, and of the left ankle, M10.072.",
            &["M10.061", "M10.072"],
        ),
        (
            "Acute bronchiolitis due to hMPV; coder typed J21.9 and B97.81.",
            &["J21.1"],
        ),
        ("Acute bronchiolitis, viral panel negative: J21.9.", &["J21.9"]),
        (
            "Incarcerated incisional hernia with small bowel obstruction, no gangrene: K43.9 + K56.609.",
            &["K43.0"],
        ),
        ("Reducible ventral hernia, no obstruction: K43.9.", &["K43.9"]),
        (
            "Cystocele with stress urinary incontinence on urodynamics: N81.11 and R32.",
            &["N81.11", "N39.3"],
        ),
        (
            "Urinary incontinence, type not yet worked up: R32.",
            &["R32"],
        ),
        (
            "Malignant mesothelioma of the right pleura on VATS biopsy: C38.4 and C45.0?",
            &["C45.0"],
        ),
        (
            "Fitting of a first definitive R above-knee prosthesis: Z44.111, Z97.13, Z89.611.",
            &["Z44.111", "Z89.611"],
        ),
    ];
    for (body, want) in table {
        assert_eq!(recommended("question", body), want, "{body}");
    }
}

/// A header written beside a code below it asks about that family ("B02.3 or B02.30?"), unless
/// the question says the header went out on a claim ("submitted B02.3"): then it is the error
/// on the claim, and the code below it is the answer, not a second guess at the header.
#[test]
fn a_header_sent_on_a_claim_is_an_error_even_beside_a_code_below_it() {
    let header_flagged =
        |body: &str| {
            ASSISTANT.draft("question", body).flags.iter().any(|f| {
                f.kind == caseconsult::domain::FlagKind::NonBillable && f.codes == ["B02.3"]
            })
        };
    let sent = "Zoster keratitis, left eye. Coder submitted B02.3 and the payer sent it back; \
                should it be B02.30?";
    assert!(header_flagged(sent));
    let answer = recommended("question", sent);
    assert_eq!(
        answer.first().map(String::as_str),
        Some("B02.33"),
        "{answer:?}"
    );
    assert!(
        !answer
            .iter()
            .any(|c| c.starts_with("B02.3") && c != "B02.33"),
        "{answer:?}"
    );
    assert!(!header_flagged(
        "Zoster keratitis, left eye: is it B02.3 or B02.30?"
    ));
    // A header keyed into the claim is on it too; "coded B02.30" codes the longer code, not
    // the header its first characters spell.
    assert!(header_flagged(
        "Zoster keratitis, left eye. The coder keyed B02.3 and it bounced; then B02.30?"
    ));
    assert!(!header_flagged(
        "Zoster keratitis, left eye. We coded B02.30. Is the B02.3 family right?"
    ));
}

/// A written code the question's own words correct: the other side's line (wherever the
/// category puts it), a bilateral code elsewhere in the category, a side the question says is
/// normal, a note's condition coded beside a code that does not say it, the one of two codes
/// excluding each other that the guidelines or the question rule out, another drug's row of
/// the Table, a transport category beside ICD-10-CM codes, a visit after active treatment and
/// a residual line where the Index names the kind. Each has a question where the written code
/// stands.
#[test]
fn a_written_code_the_question_contradicts_gives_way_to_the_one_it_states() {
    let table: [(&str, &[&str]); 48] = [
        (
            "EGD: LA grade B reflux esophagitis, no bleeding. Coder reported K21.00 and K20.90.",
            &["K21.00"],
        ),
        (
            "Newborn record: delivered precipitously in the family car on the way in; mild neonatal hypothermia (environmental), rewarmed. Coder used Z38.00.",
            &["Z38.1", "P80.8"],
        ),
        (
            "ED: nausea with vomiting, etiology unclear. The coder sent R110 and R1110.",
            &["R11.2"],
        ),
        (
            "Peds office: pharyngitis, suspect strep, culture pending. Coder billed J02.0.",
            &["J02.9"],
        ),
        (
            "Pulmonology office: never-smoker, dry cough for 10 weeks. Assessment: 'chronic cough - rule out cough-variant asthma vs GERD'. Coder coded J45.991.",
            &["R05.3"],
        ),
        (
            "Urgent care: influenza, clinical diagnosis, no flu test done. Coder put j10.1.",
            &["J11.1"],
        ),
        (
            "Urgent care: influenza B, rapid test positive. Coder put J10.1.",
            &["J10.1"],
        ),
        (
            "Inpatient: attending dx bronchopneumonia, cultures negative. Coder has J18.9.",
            &["J18.0"],
        ),
        ("Bronchopneumonia, no organism found.", &["J18.0"]),
        (
            "Urgent care: acute cystitis due to Staph saprophyticus. Coder has N39.0 and B95.8.",
            &["N30.00", "B95.7"],
        ),
        (
            "UTI due to E. coli, 'acute cystitis vs UTI', site not specified. Coder keyed N39.0 and B96.20.",
            &["N39.0", "B96.20"],
        ),
        (
            "UTI due to E. coli, site not specified. Coder keyed N39.0.",
            &["N39.0", "B96.20"],
        ),
        (
            "Known epilepsy, breakthrough seizure after missed doses. Coder has G40.909.",
            &["G40.909"],
        ),
        (
            "Wound clinic: varicose veins of the right leg with a chronic ulcer over the medial malleolus, fat layer exposed. Coder has I83.019 and L97.312.",
            &["I83.013", "L97.312"],
        ),
        (
            "Alcohol-induced acute necrotizing pancreatitis, sterile on FNA. Coder has K85.20.",
            &["K85.21"],
        ),
        (
            "Runner, no injury; MRI shows a stress fracture of the left 3rd metatarsal. Coder has S92.332A.",
            &["M84.375A"],
        ),
        (
            "Fell off a ladder onto the left foot: displaced fracture of the 3rd metatarsal, no stress fracture. Coder has S92.332A.",
            &["S92.332A", "W11.XXXA"],
        ),
        (
            "Stepped on a nail, puncture wound of the left foot, no foreign body. Coder has T14.8XXA.",
            &["S91.332A"],
        ),
        (
            "Minor abrasions, site not recorded in the note. Coder has T14.8XXA.",
            &["T14.8XXA"],
        ),
        (
            "Acquired methemoglobinemia after a TEE, MetHb 22%. Coder has D74.0.",
            &["D74.8"],
        ),
        (
            "Congenital methemoglobinemia, cytochrome b5 reductase deficiency. Coder has D74.0.",
            &["D74.0"],
        ),
        (
            "ENT: 'bilateral ototoxic sensorineural hearing loss due to amikacin, taken as prescribed'. Coder has H90.3 with T36.5X5A. Is there a more specific ear code?",
            &["H91.03", "T36.5X5A"],
        ),
        (
            "Psych: major depressive disorder, single episode, severe without psychotic features. Coder has F32.2.",
            &["F32.2"],
        ),
        (
            "ICU: 45M drank windshield washer fluid (methanol) in a suicide attempt, metabolic acidosis. Coder has T51.1X2A and E87.29.",
            &["T51.1X2A", "E87.29"],
        ),
        (
            "Elevated blood lead level, asymptomatic - not lead poisoning. Coder entered T56.0X1A and R78.71.",
            &["R78.71"],
        ),
        (
            "Symptomatic lead poisoning. Coder entered T56.0X1A and R78.71.",
            &["T56.0X1A"],
        ),
        (
            "The provider documents tobacco use, not tobacco dependence. Coder entered Z72.0 and F17.210.",
            &["Z72.0"],
        ),
        (
            "Wound check of a GSW of the left thigh, intent unknown. ED coded S71.132A and Y24.9XXA.",
            &["S71.132D", "W34.00XD"],
        ),
        (
            "Basal cell carcinoma of the left ear helix excised; biller used C44.212.",
            &["C44.219"],
        ),
        (
            "Basal cell carcinoma of the right ear helix excised; biller used C44.212.",
            &["C44.212"],
        ),
        (
            "Primary osteoarthritis of both thumb CMC joints, bilateral; coded M18.10.",
            &["M18.0"],
        ),
        (
            "Primary osteoarthritis of the right thumb CMC joint: M18.11.",
            &["M18.11"],
        ),
        (
            "Sudden hearing loss in the right ear, left ear normal on the audiogram. Coded H91.20.",
            &["H91.21"],
        ),
        ("Sudden hearing loss, ear not documented: H91.20.", &["H91.20"]),
        (
            "Cellulitis of the right forearm with acute lymphangitis: L03.113 and I89.1.",
            &["L03.113", "L03.123"],
        ),
        (
            "C5-C6 disc herniation with radiculopathy: M54.12 and M50.122.",
            &["M50.122"],
        ),
        (
            "Routine prenatal visit at 20 weeks, pregnancy conceived by IVF: Z34.82 and O09.812.",
            &["O09.812", "Z3A.20"],
        ),
        (
            "Routine prenatal visit at 20 weeks, first pregnancy, no problems: Z34.02.",
            &["Z34.02", "Z3A.20"],
        ),
        (
            "Secondary polycythemia from testosterone therapy, not polycythemia vera: D45 and D75.1.",
            &["D75.1"],
        ),
        (
            "Weight gain from clozapine, adverse effect; coded T43.595A.",
            &["R63.5", "T42.4X5A"],
        ),
        (
            "Weight gain from olanzapine, adverse effect; coded T43.595A.",
            &["R63.5", "T43.595A"],
        ),
        (
            "Adverse reaction to piperacillin-tazobactam, drug rash: L27.0 and T36.1X5A.",
            &["L27.0", "T78.19XA", "T36.0X5A"],
        ),
        (
            "Pedestrian hit by a pickup truck in traffic, left tibial plateau fracture: S82.142A and V03.10.",
            &["S82.142A", "V03.10XA"],
        ),
        (
            "Wound check 10 days after repair of a laceration of the left forearm, coded S51.812A.",
            &["S51.812D"],
        ),
        (
            "ED: laceration of the left forearm repaired with sutures, S51.812A.",
            &["S51.812A"],
        ),
        ("Sepsis due to Listeria monocytogenes, coded A41.89.", &["A32.7"]),
        ("Sepsis, organism not identified: A41.9.", &["A41.9"]),
        (
            "Admitted for sick sinus syndrome, pacemaker placed; restless legs syndrome and plaque psoriasis treated as well.",
            &["I49.5", "L40.0"],
        ),
    ];
    for (body, want) in table {
        assert_eq!(recommended("question", body), want, "{body}");
    }
}

/// A lab value and a modifier of a Table row are no condition and no substance: "lactate 4.2"
/// is neither lactation nor ferrous lactate, "posterior" no posterior pituitary.
#[test]
fn a_lab_value_or_a_table_row_s_modifier_alone_is_read_as_nothing() {
    for body in [
        "Septic shock from pneumonia, lactate 4.2, MAP 55.",
        "Combined nuclear and posterior subcapsular cataract of the left eye: H25.812.",
    ] {
        let codes = recommended("question", body);
        assert!(
            codes
                .iter()
                .all(|c| !c.starts_with("O92") && !c.starts_with('T')),
            "{body}: {codes:?}"
        );
    }
}

/// A group's number names its kind; carcinomatosis of a site is spread there; a word match
/// that says only the site of a growth the Neoplasm Table reads is no second condition; an
/// organism's B95-B97 code goes beside an infection Chapter 1 names by that organism.
#[test]
fn kinds_spread_and_sites_are_read_as_the_index_and_tables_mean_them() {
    let table: [(&str, &[&str]); 7] = [
        (
            "Sepsis due to Listeria monocytogenes, coded A41.89 and B96.89.",
            &["A32.7"],
        ),
        (
            "Cellulitis of the right lower leg, wound culture grew MSSA: L03.115 and B95.61.",
            &["L03.115", "B95.61"],
        ),
        (
            "Group 3 pulmonary hypertension due to COPD, coder sent I27.2.",
            &["I27.23"],
        ),
        (
            "Group 1 pulmonary arterial hypertension, coder sent I27.2.",
            &["I27.21"],
        ),
        (
            "Adenocarcinoma of the sigmoid colon with peritoneal carcinomatosis.",
            &["C18.7", "C78.6"],
        ),
        ("Adenocarcinoma of the sigmoid colon.", &["C18.7"]),
        (
            "Adenocarcinoma of the sigmoid colon, metastatic to the liver.",
            &["C18.7", "C78.7"],
        ),
    ];
    for (body, want) in table {
        assert_eq!(recommended("question", body), want, "{body}");
    }
}

/// A growth, a habit and a grade are read as the question documents them: a site asked about
/// ("or is that only for lung cancer?") and a neck dissection name no growth; a note's
/// alternatives are one condition; a "with dysplasia, unspecified" line goes on to the grade.
#[test]
fn what_the_question_documents_is_read_not_what_it_asks_about() {
    let larynx = recommended(
        "Laryngectomy",
        "Total laryngectomy for squamous cell carcinoma of the left true vocal cord. He still smokes about a pack a day.",
    );
    assert_eq!(larynx, ["C32.0", "F17.210"], "{larynx:?}");
    let asked = recommended(
        "Laryngectomy",
        "Total laryngectomy with bilateral neck dissection for squamous cell carcinoma of the left true vocal cord. Does the smoking get a code or is that only for lung cancer?",
    );
    assert_eq!(
        asked.first().map(String::as_str),
        Some("C32.0"),
        "{asked:?}"
    );
    assert!(
        !asked
            .iter()
            .any(|c| c.starts_with("C34") || c.starts_with("C76")),
        "{asked:?}"
    );
    let lung = recommended(
        "Lung",
        "Squamous cell carcinoma of the right upper lobe of the lung. Is C34.11 right?",
    );
    assert_eq!(lung.first().map(String::as_str), Some("C34.11"), "{lung:?}");
    let barrett = recommended(
        "Barrett's",
        "Surveillance EGD, path: Barrett's esophagus with low-grade dysplasia. Coder billed K22.70.",
    );
    assert_eq!(barrett, ["K22.710"], "{barrett:?}");
    let unspecified = recommended(
        "Barrett's",
        "Surveillance EGD, path: Barrett's esophagus with dysplasia, grade not stated. Coder billed K22.70.",
    );
    assert_eq!(unspecified, ["K22.719"], "{unspecified:?}");
    // An observation stay whose symptom the diagnosis explains: no Z04, no R55.
    let observed = recommended(
        "Obs for near-syncope converted to inpatient for CHB - R55 first?",
        "Hospital: 79M placed in observation for near-syncope. Telemetry overnight showed intermittent complete heart block with pauses; cardiology: 'symptoms explained by complete heart block'. He was changed to inpatient and a dual-chamber pacemaker was placed the next day. Coder sequenced R55 first because that was the obs reason, then I44.2.",
    );
    assert_eq!(observed, ["I44.2"], "{observed:?}");
    // A written status that leaves it open is read again where the question says more.
    let leisure = recommended(
        "Motorcycle vs deer",
        "ED: 52M riding his motorcycle on a state road for a weekend leisure ride hit a deer that ran onto the road and was thrown. Displaced transverse fracture of the right patella. Coder: S82.031A, V20.49XA, Y92.410, Y99.9.",
    );
    assert!(leisure.iter().any(|c| c == "Y99.8"), "{leisure:?}");
    assert!(!leisure.iter().any(|c| c == "Y99.9"), "{leisure:?}");
}

/// A registry or payer that requires external cause codes asks for the place, activity and
/// status too (I.C.20.b, c, k), beside a condition an external cause explains even when it is
/// no injury (heat exhaustion with X30; I.C.20.a.1); a written place whose own Excludes1 note
/// sends the place elsewhere gives way; a "see" entry of the place is followed; overexertion
/// from lifting is its cause.
#[test]
fn a_required_external_cause_brings_its_place_activity_and_status() {
    let heat = recommended(
        "Heat exhaustion",
        "ED: 16M collapsed during football practice on the school's football field on a hot day. Dx heat exhaustion. Our state registry requires external cause codes; coder sent T67.5XXA, X30.XXXA and Y92.213.",
    );
    assert_eq!(heat, ["T67.5XXA", "X30.XXXA", "Y92.321", "Y93.61", "Y99.8"]);
    let lifting = recommended(
        "Back strain at work",
        "Workers' comp requires external cause codes: an aide strained her low back while lifting a resident at the nursing home where she works. S39.012A.",
    );
    assert_eq!(lifting, ["S39.012A", "X50.0XXA", "Y92.129", "Y99.0"]);
    // Not asked for: the cause alone.
    let unasked = recommended(
        "Back strain",
        "An aide strained her low back while lifting a resident at the nursing home. S39.012A.",
    );
    assert_eq!(unasked, ["S39.012A", "X50.0XXA"]);
    // An open fracture's initial encounter (7th character B or C) is an initial encounter
    // too: the place and status go with it, and a street is read under "street and highway".
    let open = recommended(
        "E-scooter fall",
        "ED -> OR: 31F rented stand-up electric scooter, hit a pothole on a downtown street and fell; open displaced comminuted fx L radial shaft, Gustilo type IIIA, I&D + ORIF. She was out for fun. Our state trauma registry requires external cause codes. Coder: S52.352B, V00.841A.",
    );
    assert_eq!(open, ["S52.352C", "V00.841A", "Y92.414", "Y99.8"]);
}

/// "s/p" names an earlier procedure, not a healing phase, and a wound packed "for healing by
/// secondary intention" is being treated: a complication of the procedure treated now takes
/// the active-treatment 7th character (I.C.19.a); "routine healing" is still the healing phase.
#[test]
fn a_complication_after_a_procedure_is_active_treatment() {
    let dehiscence = recommended(
        "Wound opened",
        "Surgery office, POD 9, s/p laparoscopic appendectomy: superficial wound dehiscence of the incision, packed for healing by secondary intention. Coder entered T81.31.",
    );
    assert_eq!(dehiscence, ["T81.31XA"]);
    let healing = recommended(
        "Fracture follow-up",
        "Ortho clinic, s/p ORIF of a left distal radius fracture, routine healing. Coder entered S52.502.",
    );
    assert_eq!(healing, ["S52.502D"]);
}

/// A documented hypertensive urgency is the reason for the visit: I16.0 before the
/// hypertensive disease it comes with, which is coded too (I.C.9.a.10).
#[test]
fn a_hypertensive_crisis_goes_before_its_hypertension() {
    let urgency = recommended(
        "Hypertensive urgency",
        "ED: known hypertensive CKD stage 3b, BP 224/126 without end-organ damage. Dx: hypertensive urgency. Coder: I12.9, N18.32, I16.0.",
    );
    assert_eq!(urgency, ["I16.0", "I12.9", "N18.32"]);
}

/// A grade the Index gives only as a nonessential modifier ("Hemorrhoids, 3rd degree
/// (grade/stage III)") names its entry, and an entry giving the word match's own code with as
/// many of the question's words keeps it over a shallower one ("internal (without mention of
/// degree)").
#[test]
fn a_grade_in_the_index_s_modifier_names_its_entry() {
    let banded = recommended(
        "Banding",
        "GI office: grade III internal hemorrhoids, bleeding, banded today. Coder put K64.9.",
    );
    assert_eq!(banded, ["K64.2"]);
    let plain = recommended(
        "Hemorrhoids",
        "Internal hemorrhoids, no degree stated. Code?",
    );
    assert_eq!(plain, ["K64.8"]);
}

/// A stay that fixes a fracture is its active treatment, whatever title the coder pasted after
/// a D code ("subsequent encounter ... routine healing" is the code's title, not the record),
/// and a drug "held pre-op" during an admission is no preoperative evaluation (Section IV.M is
/// the outpatient's).
#[test]
fn an_admission_that_fixes_a_fracture_is_its_initial_encounter() {
    let stay = recommended(
        "Hip fracture stay",
        "Inpatient, 5 days: 82F fell at home, displaced left intertrochanteric fracture fixed with an intramedullary nail on day 1. Permanent atrial fibrillation on apixaban, held pre-op, labs otherwise normal. Coder listed:\n1. S72.142D - Displaced intertrochanteric fracture of left femur, subsequent encounter for closed fracture with routine healing\n2. I48.21 - Permanent atrial fibrillation",
    );
    assert_eq!(
        stay.first().map(String::as_str),
        Some("S72.142A"),
        "{stay:?}"
    );
    assert!(!stay.iter().any(|c| c.starts_with("Z01.81")), "{stay:?}");
}

/// What the work-up ruled out is not coded: no sepsis code for "sepsis was considered and
/// ruled out" beside the pyelonephritis that was treated.
#[test]
fn a_condition_ruled_out_is_not_coded() {
    let pyelo = recommended(
        "Pyelo",
        "Acute pyelonephritis due to E. coli and acute kidney injury; sepsis was considered and ruled out.",
    );
    assert!(!pyelo.iter().any(|c| c.starts_with("A41")), "{pyelo:?}");
    assert!(pyelo.iter().any(|c| c == "N10"), "{pyelo:?}");
}

/// A written residual code gives way to the Index entry the question's words lead to even when
/// that entry prints a partial code, completed by the side the question states (Talipes,
/// equinovarus Q66.0- → Q66.01 for a right clubfoot written Q66.89); a written code that only
/// leaves the side open keeps its own category's line for the side.
#[test]
fn a_partial_index_code_is_completed_by_the_stated_side() {
    let clubfoot = recommended(
        "Clubfoot",
        "Peds ortho: right congenital talipes equinovarus, first Ponseti cast today. The coder used Q66.89.",
    );
    assert_eq!(clubfoot, ["Q66.01"]);
    // Open only on its side, a written code takes the side in its own line, not the line a
    // symptom's "see" reference gives (Floater - see Opacity, vitreous).
    let detachment = recommended(
        "PVD",
        "Ophthalmology: new floaters OU; complete posterior vitreous detachment in both eyes, no retinal tear. The tech coded H43.819 for each eye.",
    );
    assert_eq!(detachment, ["H43.813"]);
    let meniere = recommended(
        "Meniere's",
        "ENT: Meniere's disease, left ear, with aural fullness and vertigo. EHR gave H81.09.",
    );
    assert_eq!(meniere, ["H81.02"]);
}

/// Of a written finding and the diagnosis whose Excludes1 note names it, the diagnosis stays
/// (R76.12 gives way to Z22.7 latent tuberculosis, I.B.4), unless the question denies the
/// diagnosis ("not sepsis": R78.81 stays, A41.01 goes).
#[test]
fn a_finding_gives_way_to_the_diagnosis_made() {
    let ltbi = recommended(
        "LTBI",
        "ID clinic: latent TB infection, rifampin. The coder kept R76.12 and added Z22.7. Right?",
    );
    assert_eq!(ltbi, ["Z22.7"]);
    let bacteremia = recommended(
        "Bacteremia",
        "Inpatient: cellulitis of the left lower leg with MSSA bacteremia; ID: she never met sepsis criteria, this is not sepsis. Coder: A41.01, R78.81, L03.116.",
    );
    assert!(bacteremia.iter().any(|c| c == "R78.81"), "{bacteremia:?}");
    assert!(!bacteremia.iter().any(|c| c == "A41.01"), "{bacteremia:?}");
    // The finding's own note names the diagnosis, which the question denies.
    let prediabetes = recommended(
        "A1c 6.1",
        "A1c 6.1%, fasting glucose 112; he has never met criteria for diabetes. PCP documents 'prediabetes'. The coder sent E11.9 and R73.03.",
    );
    assert_eq!(prediabetes, ["R73.03"]);
}

/// A written code "with" a complication keeps it when the Index offers the disorder alone
/// (F13.231 for F13.239 and a withdrawal delirium, not the uncomplicated F13.20), and the
/// symptom the combination code names goes (R41.0 "Delirium NOS", I.B.5).
#[test]
fn a_combination_code_keeps_its_complication_and_takes_its_symptom() {
    let delirium = recommended(
        "Withdrawal delirium",
        "Inpatient: sedative, hypnotic or anxiolytic use disorder, severe; admitted with benzodiazepine withdrawal delirium. Coder: F13.239 and R41.0.",
    );
    assert_eq!(delirium, ["F13.231"]);
}

/// A residual "Other ..." line of the category says no more than the Index entry the words
/// lead to: "acute kidney injury" is N17.9 (Injury, kidney, acute), not N17.8.
#[test]
fn a_residual_line_says_no_more_than_the_index_entry() {
    let aki = recommended(
        "HUS",
        "Peds ICU: infection-associated hemolytic-uremic syndrome with acute kidney injury, secondary to pneumococcal pneumonia and sepsis. How do we code this?",
    );
    assert!(aki.iter().any(|c| c == "N17.9"), "{aki:?}");
    assert!(!aki.iter().any(|c| c == "N17.8"), "{aki:?}");
}

/// An age in days or weeks makes the question a newborn's: "3-week-old" admits Chapter 16's
/// P83.81 for an umbilical granuloma (I.C.16: conditions originating in the perinatal period).
#[test]
fn an_age_in_weeks_is_a_newborn_s_question() {
    let granuloma = recommended(
        "Umbilical granuloma",
        "Peds office: 3-week-old with an umbilical granuloma, silver nitrate applied. What code?",
    );
    assert_eq!(granuloma, ["P83.81"]);
}

/// A written "with other ... manifestations" line is where the coder stopped: the Index entry
/// the words lead to gives the manifestation the question names (Influenza, due to, identified
/// influenza virus NEC, with, gastroenteritis → J10.2 for a written J10.1).
#[test]
fn a_written_other_manifestations_line_gives_way_to_the_named_one() {
    let flu = recommended(
        "Flu with GI symptoms",
        "Urgent care: influenza A (H3N2) with gastroenteritis, no cough or congestion. The coder sent J10.1. Right?",
    );
    assert_eq!(flu.first().map(String::as_str), Some("J10.2"), "{flu:?}");
}

/// A drug named before a "due to" is no cause of what follows it: metformin beside "pain due
/// to diabetic polyneuropathy" is no adverse effect (T38.3X5A), while "rash due to amoxicillin"
/// is one.
#[test]
fn a_drug_is_a_cause_only_after_its_due_to() {
    let pain = recommended(
        "Neuropathy",
        "T2DM on metformin and chronic neuropathic pain of both feet due to diabetic polyneuropathy.",
    );
    assert!(!pain.iter().any(|c| c.starts_with("T38")), "{pain:?}");
    let rash = recommended(
        "Rash",
        "Outpatient: rash due to amoxicillin taken as prescribed.",
    );
    assert!(rash.iter().any(|c| c.starts_with("T36.0X5")), "{rash:?}");
}

/// An acute kidney injury or a pressure injury is no trauma: no injury code for the flank pain
/// beside it (Injury, flank → S39.91 is for a blow, I.C.19).
#[test]
fn a_kidney_injury_is_no_trauma() {
    let aki = recommended(
        "AKI",
        "Inpatient: fever, flank pain; acute pyelonephritis due to E. coli and acute kidney injury, prerenal. Codes?",
    );
    assert!(!aki.iter().any(|c| c.starts_with(['S', 'T'])), "{aki:?}");
    assert!(aki.iter().any(|c| c == "N17.9"), "{aki:?}");
}

/// Two codes whose Excludes1 notes name each other, neither note's condition in the question's
/// words: the code that says both conditions is the combination, and the other goes (I.B.9):
/// no A08.4 beside J10.2 "influenza ... with gastrointestinal manifestations".
#[test]
fn of_two_codes_that_exclude_each_other_the_combination_stays() {
    let flu = recommended(
        "Flu",
        "Urgent care: influenza A (H3N2) with gastroenteritis. The coder sent J10.1 and A08.4. Right?",
    );
    assert_eq!(flu, ["J10.2"]);
}

/// A name an Excludes1 note gives in brackets is the condition's other name: "croup" documents
/// "acute obstructive laryngitis [croup]", which J04's note codes to J05, so a written J04.2
/// for croup is J05.0 (I.A.12.a).
#[test]
fn a_bracketed_name_in_an_excludes1_note_documents_its_condition() {
    let croup = recommended(
        "Croup",
        "Peds ED: 2-year-old, barky cough and stridor. ED physician: 'croup (viral laryngotracheitis), moderate', one dose of dexamethasone. The coder picked J04.2. Is that right?",
    );
    assert_eq!(croup, ["J05.0"]);
}

/// An organism's name is no intestinal infection: for an E. coli UTI the agent is B96.20 after
/// N39.0, as N39.0's note asks, not A04.0 "Enteropathogenic Escherichia coli infection" (I.C.1).
#[test]
fn the_organism_of_a_site_s_infection_is_its_agent_code() {
    let uti = recommended("UTI", "Inpatient: UTI due to E. coli, IV ceftriaxone.");
    assert_eq!(uti, ["N39.0", "B96.20"]);
    let enteritis = recommended(
        "Diarrhea",
        "ED: E. coli gastroenteritis, enteropathogenic strain on the stool panel.",
    );
    assert_eq!(enteritis, ["A04.0"]);
}

/// A device's complication is looked up under "Complication" though the question never says
/// the word (Complication, gastrostomy, infection → K94.22), and K94.22 goes before the type of
/// infection its note asks for (I.A.13).
#[test]
fn a_device_s_complication_is_read_under_complication() {
    let peg = recommended(
        "PEG",
        "GI clinic: PEG site infection with cellulitis of the abdominal wall, oral antibiotics.",
    );
    assert_eq!(peg, ["K94.22", "L03.311"]);
    let status = recommended(
        "PEG",
        "GI clinic: PEG tube in place, functioning well, routine check.",
    );
    assert!(!status.iter().any(|c| c.starts_with("K94")), "{status:?}");
}

/// BIA-ALCL is the lymphoma, C84.7A, with the implant's status and no complication code
/// (I.C.2.s); "ALCL" and "GIST" are read as the histologies they stand for.
#[test]
fn an_implant_lymphoma_and_a_stromal_tumour_are_read_by_their_histology() {
    let alcl = recommended(
        "ALCL",
        "Onc: breast implant-associated ALCL, right, stage IA; implants still in place. Coder has T85.898A and C84.70.",
    );
    assert_eq!(alcl, ["C84.7A", "Z98.82"]);
    let gist = recommended(
        "GIST",
        "Inpatient: resection; path: malignant GIST of the jejunum, 6 cm, margins negative.",
    );
    assert_eq!(gist.first().map(String::as_str), Some("C49.A3"), "{gist:?}");
}

/// A written code whose Excludes1 note names the condition the question says in its own word
/// order ("post-hysterectomy vaginal vault prolapse" for "prolapse of vaginal vault after
/// hysterectomy (N99.3)" at N81) gives way to the code the note points to (I.A.12.a); the
/// Index's "Prolapse, vagina, posthysterectomy" is reached through the adjective and the
/// hyphen.
#[test]
fn a_note_s_condition_said_in_other_words_is_coded_where_the_note_points() {
    let vault = recommended(
        "Vault",
        "Urogyn: s/p TAH 12 years ago, now post-hysterectomy vaginal vault prolapse, pessary fitted. Coder used N81.9.",
    );
    assert_eq!(vault, ["N99.3"]);
    let uterine = recommended(
        "Prolapse",
        "Urogyn: uterine prolapse, second degree, pessary fitted. Coder used N81.9.",
    );
    assert!(!uterine.iter().any(|c| c == "N99.3"), "{uterine:?}");
}

/// The stage is the provider's (I.A.19, I.C.14.a.1): "CKD, moderate (stage 3)" is N18.30, not
/// a written N18.32 read from the eGFR; a written stage the question gives stays.
#[test]
fn a_written_stage_the_record_does_not_give_is_the_stage_it_gives() {
    let moderate = recommended(
        "CKD",
        "Nephrology: HTN and CKD, moderate (stage 3), eGFR 38 today; never 3a or 3b. Coder billed I10 and N1832.",
    );
    assert_eq!(moderate, ["I12.9", "N18.30"]);
    let stated = recommended(
        "CKD",
        "Nephrology: HTN and CKD stage 3b, eGFR 38 today. Coder billed I12.9 and N18.32.",
    );
    assert_eq!(stated, ["I12.9", "N18.32"]);
}

/// An inclusion term written word for word names its line (I.A.11): "alcohol use disorder,
/// mild, in early remission" is F10.11, not a written F10.21 (I.C.5.b.1); a written line whose
/// own title the record writes stays.
#[test]
fn an_inclusion_term_written_word_for_word_names_its_line() {
    let mild = recommended(
        "AUD",
        "PCP: assessment 'alcohol use disorder, mild, in early remission'. Coder used F10.21. Right?",
    );
    assert_eq!(mild, ["F10.11"]);
    let moderate = recommended(
        "Dementia",
        "Admission: 'vascular dementia, mild, with agitation'. Discharge: 'vascular dementia, now moderate severity, with agitation'. Coder has F01.B11.",
    );
    assert_eq!(moderate, ["F01.B11"]);
}

/// British spellings read as the Index writes them: "Haemophilus" is "Hemophilus" (J14),
/// "anaemia" is "anemia".
#[test]
fn british_spellings_are_read_as_the_index_writes_them() {
    let flu = recommended(
        "Pneumonia",
        "Inpatient: Haemophilus influenzae pneumonia, IV antibiotics.",
    );
    assert_eq!(flu, ["J14"]);
    let anaemia = recommended("Anaemia", "Clinic: iron deficiency anaemia, oral iron.");
    assert_eq!(anaemia, ["D50.9"]);
}

/// The Index's own names for a type ("Diabetes, ketosis-prone - see Diabetes, type 1") state
/// it (I.A.16, I.C.4.a), and a combination "with coma" the record denies is its sibling
/// without it.
#[test]
fn the_index_s_name_of_a_diabetes_type_states_the_type() {
    let prone = recommended(
        "DKA",
        "Inpatient: ketosis-prone diabetes mellitus (Flatbush type) presenting with DKA, no coma. The coder sent E1110 and Z794.",
    );
    assert_eq!(prone, ["E10.10"]);
}

/// A pressure ulcer documented as completely healed on admission is not coded (I.C.12.a.4);
/// one that healed during the stay keeps its stage on admission (I.C.12.a.5).
#[test]
fn a_pressure_ulcer_healed_before_admission_is_not_coded() {
    let healed = recommended(
        "PU",
        "Inpatient: H. influenzae pneumonia. Sacral pressure injury completely healed, intact scar. Coder kept L89.153.",
    );
    assert!(!healed.iter().any(|c| c.starts_with("L89")), "{healed:?}");
    let during = recommended(
        "PU",
        "Inpatient: norovirus gastroenteritis. Right ankle pressure injury stage 2 present on admission, and by discharge the RN documents it healed. Coder has A08.11 and L89.512.",
    );
    assert!(during.iter().any(|c| c == "L89.512"), "{during:?}");
}

/// A condition on both sides keeps its bilateral code at the encounter that treats the first
/// side (I.B.13): exostoses of both canals, right canalplasty today, is H61.813.
#[test]
fn a_bilateral_condition_keeps_its_bilateral_code_when_one_side_is_treated() {
    let ears = recommended(
        "Canalplasty",
        "ASC: exostoses of both external auditory canals; right canalplasty today, the left next winter. The coder reported H61.811.",
    );
    assert_eq!(ears, ["H61.813"]);
    let one = recommended(
        "Canalplasty",
        "ASC: exostosis of the right external auditory canal only; right canalplasty today. The coder reported H61.811.",
    );
    assert_eq!(one, ["H61.811"]);
}

/// An unknown primary with known secondary sites is each secondary site and C80.1, not C80.0
/// (I.C.2.j, I.C.2.k), and the lesions of a tabled neoplasm are its sites, no "Lesion, liver"
/// K76.9.
#[test]
fn an_unknown_primary_with_known_metastases_is_no_disseminated_neoplasm() {
    let cup = recommended(
        "CUP",
        "Oncology: biopsy-proven metastatic adenocarcinoma in the liver and lytic bone lesions; work-up found no primary. Assessment: adenocarcinoma of unknown primary metastatic to liver and bone. Coder picked C80.0.",
    );
    assert!(cup.iter().any(|c| c == "C80.1"), "{cup:?}");
    assert!(cup.iter().any(|c| c == "C79.51"), "{cup:?}");
    assert!(!cup.iter().any(|c| c == "C80.0" || c == "K76.9"), "{cup:?}");
}

/// A registry that requires "the full set of external cause codes" asks for the place,
/// activity and status (I.C.20.b-d, I.C.20.k), and a fall's height between "fell" and "from"
/// still names what the patient fell from (W12, scaffolding).
#[test]
fn a_required_full_set_of_external_causes_and_a_fall_from_a_height() {
    let fall = recommended(
        "Fall",
        "ED: 52M volunteering on a nonprofit house build fell about 6 feet from scaffolding while framing a wall of the house under construction; closed displaced fracture of the left lateral malleolus. Our state registry requires the full set of external cause codes.",
    );
    assert_eq!(fall, ["S82.62XA", "W12.XXXA", "Y92.61", "Y93.H3", "Y99.2"]);
}

/// A note that names the unspecified form ("blood loss anemia NOS (D50.0)" at D62) is what the
/// line above it is not: "acute blood loss anemia" stays D62.
#[test]
fn a_note_s_nos_condition_is_not_the_specific_one_the_question_says() {
    let anemia = recommended(
        "Anemia",
        "Inpatient: bleeding gastric ulcer; 'acute blood loss anemia', 2 units PRBC. Coder listed:\n1. K25.4 - Chronic or unspecified gastric ulcer with hemorrhage\n2. D62 - Acute posthemorrhagic anemia",
    );
    assert!(anemia.iter().any(|c| c == "D62"), "{anemia:?}");
    assert!(!anemia.iter().any(|c| c == "D50.0"), "{anemia:?}");
}

/// An injury first treated days after it happened is still in active treatment: "4 days ago"
/// dates the injury, not a later encounter (I.C.19.a), and the burn keeps 7th character A.
#[test]
fn an_injury_from_days_ago_first_treated_today_is_an_initial_encounter() {
    let burn = recommended(
        "Burn",
        "Urgent care: burned his right forearm on a hot skillet at home 4 days ago and treated it himself; today the provider documents a second-degree burn of the right forearm, infected, with surrounding cellulitis. Coder entered T22.211 and L03.113.",
    );
    assert!(burn.iter().any(|c| c == "T22.211A"), "{burn:?}");
    assert!(!burn.iter().any(|c| c == "T22.211D"), "{burn:?}");
}

/// A residual is reported first and the condition that caused it by its "Sequelae (of)" code
/// after it, never by the code of its acute phase (I.B.10, I.C.15.p).
#[test]
fn a_residual_then_the_sequela_of_its_cause() {
    let fistula = recommended(
        "Fistula",
        "GYN: low rectovaginal fistula, sequela of an obstetric fourth-degree laceration 14 months ago; repair today. Coder reported O70.3 and N82.3.",
    );
    assert_eq!(fistula, ["N82.3", "O94"]);
    let abscess = recommended(
        "Hemiparesis",
        "PM&R: residual left spastic hemiparesis from a brain abscess drained 3 years ago.",
    );
    assert!(abscess.iter().any(|c| c == "G09"), "{abscess:?}");
    assert!(!abscess.iter().any(|c| c.starts_with("G06")), "{abscess:?}");
}

/// A drug the question names as a condition's cause leads to the condition's "drug-induced"
/// entry in the Index, and the coder's unspecified line gives way to it (I.C.19.e.5.a).
#[test]
fn a_condition_a_drug_caused_is_read_at_its_drug_induced_entry() {
    let retention = recommended(
        "Retention",
        "Urology: started on oxybutynin two weeks ago, now urinary retention; the urologist documents 'urinary retention due to oxybutynin, taken as prescribed'. The coder added R33.9.",
    );
    assert!(retention.iter().any(|c| c == "R33.0"), "{retention:?}");
    assert!(retention.iter().any(|c| c == "T44.3X5A"), "{retention:?}");
    assert!(!retention.iter().any(|c| c == "R33.9"), "{retention:?}");
    let without = recommended(
        "Retention",
        "Urology: urinary retention after a spinal anesthetic wore off; on oxybutynin for years. The coder added R33.9.",
    );
    assert!(!without.iter().any(|c| c == "R33.0"), "{without:?}");
}

/// A question that denies trauma gets no injury code its words only resemble; with trauma
/// stated the nerve injury is a candidate.
#[test]
fn no_injury_code_where_the_question_denies_trauma() {
    let palsy = recommended(
        "Foot drop",
        "EMG: left common peroneal neuropathy at the fibular head from leg crossing, no trauma. 'Left peroneal nerve palsy (compressive)'.",
    );
    assert!(!palsy.iter().any(|c| c.starts_with('S')), "{palsy:?}");
    assert!(palsy.contains(&"G57.32".to_owned()), "{palsy:?}");
    let cut = recommended(
        "Nerve cut",
        "ED: laceration of the left ankle with injury of the deep peroneal nerve from broken glass.",
    );
    assert!(cut.iter().any(|c| c.starts_with("S94.2")), "{cut:?}");
}

/// Two unilateral hearing losses of opposite ears, written "with unrestricted hearing on the
/// contralateral side", are each the line of restricted hearing there (H90.A-), not one mixed
/// loss of one ear; one ear's loss alone stands.
#[test]
fn hearing_losses_of_both_ears_restrict_each_other() {
    let both = recommended(
        "Hearing",
        "Audiology: right conductive hearing loss and left moderate sensorineural hearing loss. The coder picked H90.11 for the right and H90.42 for the left.",
    );
    assert_eq!(both, ["H90.A11", "H90.A22"], "{both:?}");
    let one = recommended(
        "Hearing",
        "Audiology: right conductive hearing loss, the left ear hears normally. The coder picked H90.11.",
    );
    assert_eq!(one, ["H90.11"], "{one:?}");
}

/// An Excludes1 note at a section heading keeps another body system's condition out of its
/// codes (galactorrhea N64.3 from E20-E35): written beside the section's condition, the sign's
/// code gives way and the condition stands; a code's own note still sends its condition to
/// the code it names (Z72.0 gives way to F17.210).
#[test]
fn a_section_s_excludes1_note_keeps_the_condition_coded_there() {
    let prolactin = recommended(
        "Hyperprolactinemia",
        "Endo: 'hyperprolactinemia due to risperidone' with galactorrhea, schizophrenia stable. The coder sent E22.1, N64.3 and F20.9.",
    );
    assert_eq!(
        prolactin.first().map(String::as_str),
        Some("E22.1"),
        "{prolactin:?}"
    );
    assert!(!prolactin.contains(&"N64.3".to_owned()), "{prolactin:?}");
    let tobacco = recommended(
        "Tobacco",
        "PCP: 'nicotine dependence, cigarettes', 1 ppd. The coder sent Z72.0 and F17.210.",
    );
    assert_eq!(tobacco, ["F17.210"], "{tobacco:?}");
}

/// An outpatient's working diagnosis is not coded, and an ICD-9 code written for it beside the
/// ICD-10-CM one is no condition reported either: the symptoms the question names are (IV.H);
/// confirmed, the diagnosis is the answer.
#[test]
fn an_icd9_code_for_an_uncertain_diagnosis_leaves_its_symptoms_to_be_coded() {
    let working = recommended(
        "GCA?",
        "Rheum clinic, outpatient. 74F has a new left temporal headache and pain in the jaw when chewing. Working diagnosis: giant cell arteritis; biopsy next week. The coder billed M31.6, and the old superbill crosswalk also printed 446.5.",
    );
    assert!(working.contains(&"R68.84".to_owned()), "{working:?}");
    assert!(!working.contains(&"M31.6".to_owned()), "{working:?}");
    let confirmed = recommended(
        "GCA",
        "Rheum clinic, outpatient. 74F with a new left temporal headache and jaw pain when chewing. GCA confirmed on temporal artery biopsy. The coder billed M31.6, and the old superbill crosswalk also printed 446.5.",
    );
    assert_eq!(
        confirmed.first().map(String::as_str),
        Some("M31.6"),
        "{confirmed:?}"
    );
}

/// A written code for the juvenile form of a condition documented in an adult gives way to
/// the Index's adult line (Kienböck's disease, adult → M93.1); in a child it stands.
#[test]
fn a_juvenile_code_for_an_adult_gives_way_to_the_adult_line() {
    assert_eq!(
        recommended(
            "Kienbock",
            "Hand clinic: 41F with Kienbock disease of the left lunate, adult form. The coder used M92.212."
        ),
        ["M93.1"]
    );
    assert_eq!(
        recommended(
            "Kienbock",
            "Hand clinic: 12M with Kienbock disease of the left lunate. The coder used M92.212."
        ),
        ["M92.212"]
    );
}

/// A type written after a name is the Index's "type": a Chiari I malformation is G93.5, and a
/// written code whose category includes another type (Q07.0, "type II") gives way to it.
#[test]
fn a_type_written_after_a_name_is_the_index_s_type() {
    assert_eq!(
        recommended(
            "Chiari",
            "Neurosurgery: Chiari I malformation, no syrinx, decompression planned. The coder took Q07.00."
        ),
        ["G93.5"]
    );
    assert_eq!(
        recommended(
            "Chiari",
            "Neurosurgery: Chiari II malformation with lumbar myelomeningocele. The coder took Q07.01."
        ),
        ["Q07.01"]
    );
}

/// A residual "left by" an old infection is reported first and the infection by its sequela
/// code (I.B.10): the acute code goes, and its Excludes1 note no longer keeps the residual out.
#[test]
fn a_residual_left_by_an_old_infection_is_coded_with_its_sequela() {
    assert_eq!(
        recommended(
            "Old TB",
            "Pulm clinic: bronchiectasis of the RUL left by the old TB, treated decades ago. Coder billed A15.0 with J47.9."
        ),
        ["J47.9", "B90.9"]
    );
    assert_eq!(
        recommended(
            "TB",
            "Pulm clinic: active pulmonary TB on RIPE therapy, sputum smear positive. Coder billed A15.0."
        ),
        ["A15.0"]
    );
}

/// Abuse and dependence of one substance written together: only the dependence, whichever
/// word the question repeats (I.C.5.b.2).
#[test]
fn abuse_beside_dependence_of_one_substance_is_the_dependence() {
    assert_eq!(
        recommended(
            "Benzos",
            "Addiction clinic: sedative-hypnotic use disorder, moderate; the history says benzodiazepine abuse. The coder billed F13.10 and F13.20."
        ),
        ["F13.20"]
    );
}

/// A dysplasia the notes keep for a histologically confirmed lesion gives way to the smear's
/// finding when no biopsy was done (I.C.18.a); with a biopsy showing CIN I it is the code.
#[test]
fn a_dysplasia_without_histology_is_the_smear_s_finding() {
    assert_eq!(
        recommended(
            "ASC-US",
            "Gyn clinic: Pap ASC-US, HPV negative; no colposcopy or biopsy has been done. Today's visit is to review the result. The coder billed N87.0 and R87.610."
        ),
        ["R87.610"]
    );
    assert_eq!(
        recommended(
            "CIN I",
            "Gyn clinic: colposcopic biopsy shows CIN I. The coder billed N87.0."
        ),
        ["N87.0"]
    );
}

/// An "other specified" code written for a condition the Index names with a code of its own in
/// the same block gives way to it (I.A.9.a): mpox is B04, not B08.8 "poxvirus NEC"; an
/// unnamed poxvirus keeps B08.8.
#[test]
fn an_other_specified_code_gives_way_to_the_index_s_own_code() {
    assert_eq!(
        recommended(
            "Mpox",
            "Sexual health clinic: lesion PCR positive for mpox. The coder billed B08.8 (poxvirus NEC)."
        ),
        ["B04"]
    );
    assert_eq!(
        recommended(
            "Pox",
            "Clinic: umbilicated papules, an unusual poxvirus infection per ID. The coder billed B08.8."
        ),
        ["B08.8"]
    );
}

/// "Chronic" heart failure is the chronic line, not "chronic and (on) acute" (the Index rows
/// file the "acute" among the modifiers); pulmonary hypertension is no hypertension for
/// I.C.9.a, and a denied HTN presumes no link.
#[test]
fn chronic_heart_failure_beside_pulmonary_hypertension_stays_chronic_and_unlinked() {
    assert_eq!(
        recommended(
            "PH",
            "PH clinic: chronic HFpEF; cardiology documents 'WHO group 2 pulmonary hypertension due to chronic diastolic heart failure'; no lung disease, no HTN. The coder used I27.20 and I50.30."
        ),
        ["I27.22", "I50.32"]
    );
    assert_eq!(
        recommended(
            "HF",
            "Admitted with acute on chronic diastolic heart failure; HTN on lisinopril."
        ),
        ["I11.0", "I50.33"]
    );
}

/// A written code of the Index's "congenital" line where the question never says congenital:
/// the main term's own code (Achalasia → K22.0, not Achalasia, congenital → Q39.5).
#[test]
fn a_congenital_line_the_question_does_not_say_gives_way() {
    assert_eq!(
        recommended(
            "Achalasia",
            "GI documents achalasia of the esophagus, type II, onset at 47. The coder picked Q39.5 because the barium report says dilated esophagus."
        ),
        ["K22.0"]
    );
    assert_eq!(
        recommended(
            "Achalasia",
            "Peds GI: congenital achalasia in a 2-month-old. The coder picked Q39.5."
        ),
        ["Q39.5"]
    );
    // "Congenital" said only by the title the coder quotes, or where the record is said not
    // to say it.
    assert_eq!(
        recommended(
            "Hydrocele",
            "58M, left hydrocelectomy today; the urologist's diagnosis is 'hydrocele, left', nothing about congenital. The coder used P83.5 - Congenital hydrocele."
        ),
        ["N43.3"]
    );
    assert_eq!(
        recommended(
            "Septum",
            "Septoplasty for a deviated nasal septum; nobody documents the deviation as congenital. The coder chose Q67.4."
        ),
        ["J34.2"]
    );
    // The same for the Index's "nonrheumatic" line, reached through a "see" reference.
    assert_eq!(
        recommended(
            "TR",
            "Echo read: moderate tricuspid regurgitation, no etiology given. The coder entered I36.1."
        ),
        ["I07.1"]
    );
    assert_eq!(
        recommended(
            "TR",
            "Echo read: nonrheumatic tricuspid regurgitation. The coder entered I36.1."
        ),
        ["I36.1"]
    );
}

/// A subterm the question says only in another form of its word ("function" for "Murmur,
/// functional") counts in a sentence that names the main term; where it does, it is read.
#[test]
fn a_subterm_said_in_another_form_counts_only_beside_its_main_term() {
    let far = recommended(
        "Murmur",
        "New systolic murmur. Echo: normal LV and RV size and function, no valve disease. The coder entered R01.1.",
    );
    assert!(!far.contains(&"R01.0".to_owned()), "{far:?}");
    assert_eq!(
        recommended(
            "Murmur",
            "Peds: a soft functional murmur, innocent. The coder entered R01.1."
        ),
        ["R01.0"]
    );
    // Between entries naming as much, the one said beside its main term.
    assert_eq!(
        recommended(
            "Neuropathy",
            "Distal sensory loss; the neurologist documents alcoholic polyneuropathy. The coder entered G62.9."
        ),
        ["G62.1"]
    );
}

/// A word match whose title names a disease the question does not, or a finding it calls
/// normal, is no condition of the question.
#[test]
fn a_word_match_naming_what_the_question_does_not_is_no_condition() {
    let knee = recommended(
        "Knee pain",
        "Chronic right knee pain due to old trauma, imaging shows no structural lesion. The coder entered M25.561.",
    );
    assert!(!knee.iter().any(|c| c.starts_with("M17")), "{knee:?}");
    let colic = recommended(
        "Colic",
        "7-week-old with evening crying, normal weight gain; infantile colic. The coder entered R10.83.",
    );
    assert!(!colic.contains(&"R63.5".to_owned()), "{colic:?}");
}

/// A sign written as an adjective reads as its Index noun: a poisoning's manifestation.
#[test]
fn a_sign_written_as_an_adjective_is_its_index_noun() {
    let codes = recommended(
        "Overdose",
        "ED: found drowsy and tachycardic after 15 cyclobenzaprine tablets; cyclobenzaprine overdose, intent undetermined. The coder entered T48.1X1A and R00.0.",
    );
    assert_eq!(codes, ["T48.1X4A", "R00.0", "R40.0"]);
}

/// A count the question gives replaces a written line of the same count; a post-term
/// newborn's weeks give P08.21 or P08.22, and the birth record has no weeks of gestation.
#[test]
fn a_count_the_question_gives_replaces_a_written_line_of_the_same_count() {
    let weeks = recommended(
        "UTI",
        "OB clinic: 28F at 22 weeks gestation with cystitis. The coder entered Z3A.20.",
    );
    assert!(weeks.contains(&"Z3A.22".to_owned()), "{weeks:?}");
    assert!(!weeks.contains(&"Z3A.20".to_owned()), "{weeks:?}");
    assert_eq!(
        recommended(
            "Postmature",
            "Birth record: girl born here by spontaneous vaginal delivery at 42 weeks 3 days, appropriate for gestational age; 'postmature newborn'. The coder entered Z38.00 and P08.21."
        ),
        ["Z38.00", "P08.22"]
    );
}

/// The side a condition's own clauses give it, where the question names others.
#[test]
fn each_condition_takes_the_side_its_own_clauses_give_it() {
    assert_eq!(
        recommended(
            "Hearing",
            "ENT documents 'bilateral presbycusis' and 'right-sided subjective tinnitus'. The coder entered H91.13 and H93.19."
        ),
        ["H91.13", "H93.11"]
    );
    let flags: Vec<String> = ASSISTANT
        .draft(
            "Hearing",
            "ENT documents 'bilateral presbycusis' and 'right-sided subjective tinnitus'. The coder entered H91.13 and H93.19.",
        )
        .flags
        .iter()
        .filter(|f| f.kind == caseconsult::domain::FlagKind::Laterality)
        .flat_map(|f| f.codes.clone())
        .collect();
    assert_eq!(flags, ["H93.19"]);
    // Both sides of one condition in one clause stay both.
    assert_eq!(
        recommended(
            "Baker",
            "Ultrasound shows Baker's cysts behind the right and the left knee; ortho documents bilateral Baker's cysts. The coder sent M71.20."
        ),
        ["M71.21", "M71.22"]
    );
}

/// A newborn's condition that an adult chapter's Excludes1 note sends to Chapter 16.
#[test]
fn a_newborn_s_condition_goes_where_the_excludes1_note_sends_it() {
    assert_eq!(
        recommended(
            "Mastitis",
            "12-day-old girl with a red, warm right breast bud; 'neonatal mastitis'. The coder entered N61.0."
        ),
        ["P39.0"]
    );
    // An adult's stays.
    assert_eq!(
        recommended(
            "Mastitis",
            "34F, breastfeeding, mastitis of the right breast. The coder entered N61.0."
        ),
        ["N61.0"]
    );
}

/// A condition the question says a drug treats is coded beside the written codes; a
/// surveillance visit carries no screening code; a hospital-onset condition is not first.
#[test]
fn coexisting_treated_conditions_surveillance_and_hospital_onset() {
    let mi = recommended(
        "STEMI",
        "ED: 58M with hypertension on amlodipine; 'acute STEMI', tenecteplase given. The coder entered I21.9 and I21.3.",
    );
    assert_eq!(mi, ["I21.3", "I10"]);
    let surveillance = recommended(
        "Colonoscopy",
        "Surveillance colonoscopy: right hemicolectomy for adenocarcinoma of the cecum 3 years ago, adjuvant chemo finished, no evidence of disease. The coder entered Z12.11.",
    );
    assert!(
        !surveillance.contains(&"Z12.11".to_owned()),
        "{surveillance:?}"
    );
    assert_eq!(surveillance.first().map(String::as_str), Some("Z08"));
    let stay = recommended(
        "Order",
        "Inpatient: admitted for left leg cellulitis. The discharge summary lists 'left leg cellulitis; hospital-onset C. difficile colitis'. The coder listed A04.72 first, then L03.116.",
    );
    assert_eq!(stay, ["L03.116", "A04.72"]);
}

/// "The driveway of his family's house" is a residence's place; "thoracic region" is named by
/// "thoracic".
#[test]
fn a_family_s_house_is_a_residence_and_a_region_is_named_by_its_own_word() {
    let firework = recommended(
        "Firework",
        "19M lit a firework in the driveway of his family's house and it went off in his right hand: laceration of the palm, no foreign body. The report asks for cause, place and status. The coder entered S61.411A and W39.XXXA.",
    );
    assert!(firework.contains(&"Y92.014".to_owned()), "{firework:?}");
    assert_eq!(
        recommended(
            "Scoliosis",
            "14-year-old: 'adolescent idiopathic scoliosis, thoracic'. The coder entered M41.24."
        ),
        ["M41.124"]
    );
}

/// An Excludes1 note that sends the condition "NOS" elsewhere ("endocarditis NOS (I38)" at
/// I33) keeps the written code that says more: I38 gives way to I33.0, not the other way
/// (I.A.12.a).
#[test]
fn the_nos_code_an_excludes1_note_points_to_gives_way() {
    let endocarditis = recommended(
        "Endocarditis",
        "Inpatient: acute MSSA tricuspid valve infective endocarditis. Coder entered I33.0, I38 for the valve, and B95.61.",
    );
    assert_eq!(endocarditis, ["I33.0", "B95.61"]);
}

/// A "with" the question denies is not taken: "without dyskinesia or fluctuations" is G20.A1,
/// and "no status epilepticus" is the Dravet line without it.
#[test]
fn a_with_the_question_denies_is_not_coded() {
    let parkinson = recommended(
        "PD",
        "Neuro clinic: Parkinson's disease without dyskinesia or fluctuations, on carbidopa-levodopa. Coder wrote G20.",
    );
    assert_eq!(
        parkinson.first().map(String::as_str),
        Some("G20.A1"),
        "{parkinson:?}"
    );
    let dravet = recommended(
        "Dravet",
        "Neuro clinic: Dravet syndrome, frequent seizures. There has been no status epilepticus since the last visit. Coder wrote G40.83.",
    );
    assert_eq!(dravet, ["G40.834"]);
    let appendicitis = recommended(
        "Appy",
        "Inpatient: CT showed acute appendicitis without perforation or abscess; laparoscopic appendectomy. Coder entered K35.80.",
    );
    assert_eq!(appendicitis, ["K35.80"]);
}

/// A fall from the top of a wall is read under the wall (W13.8), and the coder's "other fall"
/// line gives way to it (I.A.9.a).
#[test]
fn a_fall_is_read_under_what_was_fallen_from() {
    let fall = recommended(
        "Fall",
        "Inpatient ortho: 31F fell about 12 feet from the top of a bouldering wall; displaced intra-articular fracture of the right calcaneus. Coder: S92.061A, W17.89XA.",
    );
    assert_eq!(fall, ["S92.061A", "W13.8XXA"]);
}

/// Stopping a drug on one's own is underdosing of that drug only (I.C.19.e.5.c): the
/// apixaban the patient goes on taking is no underdosing.
#[test]
fn the_drug_stopped_is_the_one_underdosed() {
    let codes = recommended(
        "RVR",
        "Telemetry admission. 71M with paroxysmal atrial fibrillation on diltiazem ER and apixaban stopped the diltiazem on his own 10 days ago and came in with AF with RVR. Coder: I48.0, T46.1X6 and Z91.128.",
    );
    assert!(codes.contains(&"T46.1X6A".to_owned()), "{codes:?}");
    assert!(!codes.iter().any(|c| c.starts_with("T45.51")), "{codes:?}");
}

/// A drug started or prescribed to treat the condition is no adverse effect: amoxicillin for
/// a prostatitis "due to Enterococcus", amlodipine started after the hydralazine that caused
/// the lupus was stopped (I.C.19.e.5.a).
#[test]
fn a_drug_given_as_the_treatment_caused_nothing() {
    let prostatitis = recommended(
        "Prostatitis",
        "Urgent care. 58M, the provider documents 'acute bacterial prostatitis due to Enterococcus faecalis' and prescribes 4 weeks of amoxicillin.",
    );
    assert!(
        !prostatitis.iter().any(|c| c.starts_with("T36")),
        "{prostatitis:?}"
    );
    let lupus = recommended(
        "Lupus",
        "Rheumatology clinic. 66F with hypertension on hydralazine for 4 years, taken as prescribed, developed polyarthralgia. Rheumatology documents 'hydralazine-induced lupus', and her cardiologist stopped the hydralazine and started amlodipine.",
    );
    assert!(lupus.contains(&"T46.5X5A".to_owned()), "{lupus:?}");
    assert!(!lupus.iter().any(|c| c.starts_with("T46.1")), "{lupus:?}");
}

/// In a poisoning, the substance a clause that says it was taken names is the poison, not
/// the drug the patient is on or the glucose measured; insulin is a substance like any other
/// (I.C.19.e.5.b).
#[test]
fn the_poison_is_what_the_clause_of_taking_names() {
    let codes = recommended(
        "Overdose",
        "ICU admission. 29F with type 1 diabetes on glargine and with major depressive disorder, on sertraline, injected about 90 units of insulin intending to harm herself. EMS found her with a glucose of 28 mg/dL and gave IV dextrose.",
    );
    assert_eq!(
        codes.first().map(String::as_str),
        Some("T38.3X2A"),
        "{codes:?}"
    );
    assert!(
        !codes
            .iter()
            .any(|c| c.starts_with("T43") || c.starts_with("T50")),
        "{codes:?}"
    );
}

/// The ear said to hear normally is the other side, not the side of the loss: "normal
/// hearing in the right ear" is the left ear's loss with unrestricted hearing on the
/// contralateral side (H90.42), which the Index gives in place of the unspecified H90.5.
#[test]
fn the_ear_that_hears_normally_is_not_the_side_of_the_loss() {
    let written = recommended(
        "Left SNHL",
        "Audiology. 45F, moderate sensorineural hearing loss in the left ear and normal hearing in the right; assessment 'sensorineural hearing loss, left ear; right ear normal'. Coder entered H90.5.",
    );
    assert_eq!(written, ["H90.42"]);
    let unwritten = recommended(
        "Right SNHL",
        "Audiology. 60M, sensorineural hearing loss of the right ear with a normal left ear. Code?",
    );
    assert_eq!(
        unwritten.first().map(String::as_str),
        Some("H90.41"),
        "{unwritten:?}"
    );
}

/// The diagnosis the provider's quoted statement documents is coded from the Index even where
/// the coder wrote codes for its parts; a quotation that is no diagnostic statement adds none.
#[test]
fn the_quoted_diagnosis_is_coded_beside_the_written_codes() {
    let documented = recommended(
        "Node",
        "Peds clinic. 8yo girl, tender left axillary node; the assessment is 'cat-scratch disease with left axillary lymphadenitis', azithromycin. Coder entered L04.2. Anything to change?",
    );
    assert!(documented.contains(&"A28.1".to_owned()), "{documented:?}");
    let asked = recommended(
        "Node",
        "Peds clinic. 8yo girl, tender left axillary node, acute lymphadenitis. Her mother asked 'could this be cat-scratch disease from the kitten?' Coder entered L04.2.",
    );
    assert!(!asked.contains(&"A28.1".to_owned()), "{asked:?}");
}

/// A coexisting condition written in shorthand and said to be treated ("HTN on lisinopril")
/// is coded beside the written codes as its spelled-out name would be (IV.J).
#[test]
fn a_treated_condition_in_shorthand_is_coded_beside_the_written_ones() {
    let codes = recommended(
        "Post-MI check",
        "Cardiology clinic. 61M w/ HTN on lisinopril, s/p anterior STEMI 12 days ago, comes for his post-MI check. Our coder used I21.02.",
    );
    assert!(codes.contains(&"I10".to_owned()), "{codes:?}");
}

/// A written "unspecified nephritic syndrome" line where the question says nephrotic gives way
/// to the nephrotic line of the same lesion (I.B.1).
#[test]
fn the_syndrome_the_question_names_replaces_an_unspecified_one() {
    let codes = recommended(
        "Relapse",
        "Pediatric nephrology. 6-year-old with steroid-sensitive nephrotic syndrome from minimal change disease has a relapse with 4+ proteinuria. Our coder chose N05.0. Right category?",
    );
    assert_eq!(
        codes.first().map(String::as_str),
        Some("N04.0"),
        "{codes:?}"
    );
    assert!(!codes.contains(&"N05.0".to_owned()), "{codes:?}");
}

/// A denial runs through its list to the list's end, also where the sentence goes on with
/// "and": "no discharge, dysuria or other symptoms and his exam is normal" names no dysuria.
#[test]
fn a_denied_list_followed_by_and_denies_every_item() {
    let codes = recommended(
        "Partner",
        "Sexual health clinic. 24M whose partner was treated last week; he has no discharge, dysuria or other symptoms and his exam is normal. NAATs sent. How should this visit be coded?",
    );
    assert!(!codes.contains(&"R30.0".to_owned()), "{codes:?}");
}

/// The Index's line for a newborn's condition goes on to where that line's Excludes1 note
/// sends the condition in a newborn: thrombocytopenia due to platelet alloimmunization in a
/// two-day-old is P61.0, not
/// D69.59 (I.C.16.a).
#[test]
fn a_newborn_s_condition_goes_on_to_its_perinatal_line() {
    let codes = recommended(
        "NAIT",
        "NICU. Day-2 newborn boy, platelet count 14,000: the neonatologist documents thrombocytopenia due to platelet alloimmunization (maternal anti-HPA-1a), treated with IVIG. Our coder used D69.6.",
    );
    assert_eq!(
        codes.first().map(String::as_str),
        Some("P61.0"),
        "{codes:?}"
    );
}

/// "Without tophi" is the title's "without tophus (tophi)", and a second-degree block is no
/// site of its own beside the first degree's line.
#[test]
fn a_denied_other_form_and_a_degree_are_read_as_written() {
    let codes = recommended(
        "Telemetry",
        "Inpatient telemetry. 79M admitted with Mobitz II second-degree AV block, pacemaker placed; also chronic gout without tophi, continue allopurinol. The coder's list is I44.1 and M1A.9XX0.",
    );
    assert!(codes.contains(&"M1A.9XX0".to_owned()), "{codes:?}");
    assert!(!codes.contains(&"M1A.9XX1".to_owned()), "{codes:?}");
    assert!(!codes.contains(&"I44.0".to_owned()), "{codes:?}");
}

/// What the surgeon excised was the metastasis ("pathology shows metastatic adenocarcinoma"):
/// the secondary site goes first, the known primary after it (I.C.2.b).
#[test]
fn an_excised_metastasis_goes_before_its_primary() {
    let codes = recommended(
        "Nodule",
        "Hospital outpatient surgery. 70M with known adenocarcinoma of the head of the pancreas diagnosed last month had excision of a 2-cm umbilical nodule. Pathology shows metastatic adenocarcinoma in the umbilical skin, consistent with the pancreatic primary. Codes?",
    );
    assert_eq!(
        codes.first().map(String::as_str),
        Some("C79.2"),
        "{codes:?}"
    );
    assert!(codes.contains(&"C25.0".to_owned()), "{codes:?}");
}

/// A "code first" list names alternatives: with hemophilia B written (D67), M36.2's note asks
/// for no factor VIII deficiency or hemophilia C beside it.
#[test]
fn a_code_first_alternative_written_leaves_its_siblings_out() {
    let codes = recommended(
        "Hemarthrosis",
        "Hemophilia treatment center. 16M with severe hemophilia B and an acute hemarthrosis of the right knee. Hematology documents hemophilic arthropathy. Our coder entered D67 and M36.2.",
    );
    assert_eq!(codes, ["D67", "M36.2"]);
}

/// A child's "prenatal alcohol exposure" is neither a pregnancy of hers nor alcohol she took
/// with the drug she is on: fetal alcohol syndrome and ADHD, no Chapter 15 or poisoning code.
#[test]
fn a_child_s_prenatal_exposure_is_no_pregnancy_or_poisoning() {
    let codes = recommended(
        "FAS clinic",
        "Developmental pediatrics. 7-year-old boy with confirmed prenatal alcohol exposure and growth below the 10th percentile; ADHD on methylphenidate. Assessment: fetal alcohol syndrome; ADHD, combined type. Codes Q86.0 and F90.2?",
    );
    assert_eq!(codes, ["Q86.0", "F90.2"]);
}

/// A molar pregnancy is an abortive outcome: no condition of an ongoing pregnancy is added
/// beside it, and no weeks of gestation (I.C.21.c.11).
#[test]
fn an_abortive_outcome_takes_no_ongoing_pregnancy_codes() {
    let codes = recommended(
        "Mole",
        "Outpatient GYN surgery. 29F at 9 weeks by LMP with vaginal bleeding; suction D&C pathology confirms a complete hydatidiform mole. The claim shows O01.9 and Z3A.09. Right?",
    );
    assert_eq!(codes, ["O01.0"]);
}

/// An unspecified written line gives way to the Index's line for the site the question names,
/// though both say "without complications": ulcerative pancolitis is K51.00, not K51.90.
#[test]
fn the_site_said_replaces_an_unspecified_line_without_complications() {
    let codes = recommended(
        "Colitis",
        "GI clinic. 31F with ulcerative pancolitis, quiet on mesalamine, for her 6-month visit. The billing sheet has K51.90. Complete?",
    );
    assert_eq!(codes, ["K51.00"]);
}

/// A written line the provider's quoted diagnosis names nothing of gives way to the line of its
/// category the statement's Index entry gives (G54.0 → G54.5 for neuralgic amyotrophy).
#[test]
fn the_quoted_diagnosis_s_line_replaces_a_written_line_of_its_category() {
    let codes = recommended(
        "Plexus",
        "Neuromuscular clinic. 40F with right shoulder pain, then serratus weakness; the neurologist diagnoses 'Parsonage-Turner syndrome (neuralgic amyotrophy), right'. The coder billed G54.0. Is there a code for it?",
    );
    assert_eq!(
        codes.first().map(String::as_str),
        Some("G54.5"),
        "{codes:?}"
    );
}

/// A hypoglycemia level is read by its number (E16.A3 for "level 3", not level 1), after the
/// diabetes code whose note asks for it (E10.64: use additional code for hypoglycemia level).
#[test]
fn the_hypoglycemia_level_is_read_by_its_number_after_the_diabetes() {
    let codes = recommended(
        "Low",
        "ED. 40M with type 1 diabetes had level 3 hypoglycemia; his wife gave glucagon. Codes?",
    );
    assert_eq!(codes, ["E10.649", "E16.A3"]);
    // "From his wife; glucose 35": the glucose measured after the stop is no cause.
    let measured = recommended(
        "Low",
        "ED. 40M with type 1 diabetes had level 3 hypoglycemia requiring glucagon from his wife; glucose 35. Codes?",
    );
    assert_eq!(measured, ["E10.649", "E16.A3"]);
}

/// A term newborn is no post-term one, and a newborn's jaundice is the Index's newborn line,
/// not the word match R17 whose Excludes1 note sends neonatal jaundice to P55-P59 (I.C.16.a).
#[test]
fn a_term_newborn_s_jaundice_is_the_newborn_line() {
    let codes = recommended(
        "Jaundice",
        "NICU. Day-2 term newborn boy with jaundice, bilirubin 18, phototherapy. Codes?",
    );
    assert_eq!(codes, ["P59.9"]);
}

/// The provider's own statement decides the condition (I.A.19): what it says the patient
/// does not have is not coded whatever the coder's guesses call it, a written code whose
/// condition the question denies gives way to the Index's entry for what it states, and the
/// symptom a guideline kept out beside it is reported after all.
#[test]
fn what_the_provider_says_the_patient_does_not_have_is_not_coded() {
    let toxic_shock = recommended(
        "TSS",
        "Inpatient. Vaginal culture grew methicillin-susceptible Staph aureus. Half of our team wants staph sepsis with septic shock. Attending's discharge diagnosis: 'menstrual toxic shock syndrome due to MSSA; not sepsis.' Codes?",
    );
    assert_eq!(toxic_shock, ["A48.3", "B95.61"]);
    let aneurysm = recommended(
        "Aneurysm",
        "Neurosurgery clinic. MRA shows a 5-mm saccular aneurysm of the right middle cerebral artery; no hemorrhage on imaging. The encoder offered I60.7. Right?",
    );
    assert_eq!(aneurysm, ["I67.1"]);
    let hypoxemia = recommended(
        "Hypoxemia",
        "Pulmonary clinic. Resting SpO2 87%; the pulmonologist documents 'resting hypoxemia, etiology under evaluation.' The pulmonologist did not diagnose respiratory failure. Our coder listed J96.11 and R09.02.",
    );
    assert!(hypoxemia.contains(&"R09.02".to_string()), "{hypoxemia:?}");
    assert!(!hypoxemia.contains(&"J96.11".to_string()), "{hypoxemia:?}");
}

/// The provider's diagnosis in the question's words leads the answer, the line below a
/// header is read for the patient's sex and the table's site, and a cause the words match
/// leaves room for the injury it explains.
#[test]
fn the_stated_diagnosis_the_patient_and_the_table_complete_the_answer() {
    let hepatitis = recommended(
        "AIH",
        "Hepatology clinic. Biopsy: chronic hepatitis with interface activity; viral, drug and metabolic causes were excluded, and the hepatologist diagnoses type 1 autoimmune hepatitis, starting prednisone. Code?",
    );
    assert_eq!(hepatitis, ["K75.4"]);
    let stricture = recommended(
        "Stricture",
        "Urology clinic. 48M; urethrogram shows a stricture of the bulbar urethra, etiology unknown. The coder submitted N35.9. Fix?",
    );
    assert_eq!(stricture, ["N35.912"]);
    let anal = recommended(
        "Anal canal",
        "Colorectal clinic. Biopsy of a mass within the anal canal shows invasive squamous cell carcinoma. Another coder wrote C21. Correct?",
    );
    assert_eq!(anal, ["C21.1"]);
    let coccyx = recommended(
        "Fall",
        "ED. 58M was shoveling snow on his driveway when he slipped on ice; closed coccyx fracture. Codes?",
    );
    assert!(coccyx.contains(&"S32.2XXA".to_string()), "{coccyx:?}");
    assert!(!coccyx.iter().any(|c| c.starts_with("X37")), "{coccyx:?}");
}

/// The provider's diagnosis, given after its label, replaces the one written code of its
/// chapter the statement does not say; a statement beside two such codes replaces neither,
/// and a statement read only by one of its words replaces nothing.
#[test]
fn the_documented_diagnosis_takes_the_place_of_the_code_written_for_it() {
    let giardia = recommended(
        "Stool panel",
        "Clinic visit. 40F back from a camping trip with a week of watery diarrhea; stool PCR positive for Giardia. Provider diagnosis: giardiasis, on tinidazole. The old visit had A09. Keep it?",
    );
    assert_eq!(
        giardia.first().map(String::as_str),
        Some("A07.1"),
        "{giardia:?}"
    );
    assert!(!giardia.contains(&"A09".to_string()), "{giardia:?}");
    let vertigo = recommended(
        "Dizzy",
        "Neurology clinic. 60M with positional dizziness and downbeat nystagmus, normal MRI. The assessment is vertigo of central origin. The referral said R42. Right?",
    );
    assert_eq!(vertigo, ["H81.4"], "{vertigo:?}");
    let two = recommended(
        "Two codes",
        "Clinic visit. Provider diagnosis: giardiasis. The coder wrote A09 and A08.4. Right?",
    );
    assert!(two.contains(&"A09".to_string()), "{two:?}");
    assert!(two.contains(&"A08.4".to_string()), "{two:?}");
}

/// An unspecified Index entry names as much as a word match "with" what the question does not
/// say: common variable immunodeficiency is D83.9, not D83.2 "with autoantibodies".
#[test]
fn an_unspecified_entry_over_a_line_with_what_is_not_said() {
    let codes = recommended(
        "IVIG",
        "Infusion clinic. 50F with common variable immunodeficiency for monthly IVIG. Which code?",
    );
    assert_eq!(
        codes.first().map(String::as_str),
        Some("D83.9"),
        "{codes:?}"
    );
    // Written as the main term's default, it is where the coder stopped above the entry.
    let written = recommended(
        "IVIG",
        "Infusion clinic. 50F with common variable immunodeficiency for monthly IVIG. We used D84.9. More specific?",
    );
    assert_eq!(written, ["D83.9"], "{written:?}");
    let iron = recommended(
        "Chelation",
        "Hematology. 22M with sickle cell disease on chronic transfusions; MRI shows iron overload from the transfusions. Code for the iron overload?",
    );
    assert!(iron.contains(&"E83.111".to_string()), "{iron:?}");
}

/// A written acquired line gives way to the congenital entry the question leads to, and in a
/// newborn a written line gives way to where its Excludes1 note sends the condition; a
/// provider's "X's syndrome" is read as coders write it, without the apostrophe.
#[test]
fn the_congenital_and_the_newborn_entries_replace_what_was_written() {
    let foot = recommended(
        "Foot",
        "Ortho clinic. 3-month-old girl. Diagnosis: congenital metatarsus adductus, left foot, flexible. The referral coded M21.6X2. Correct?",
    );
    assert_eq!(
        foot.first().map(String::as_str),
        Some("Q66.222"),
        "{foot:?}"
    );
    let newborn = recommended(
        "NICU",
        "Term 6-day-old boy readmitted for jitteriness, low ionized calcium. The pediatrician's diagnosis is neonatal hypocalcemia, IV calcium given. Coder used E83.51. OK?",
    );
    assert_eq!(
        newborn.first().map(String::as_str),
        Some("P71.1"),
        "{newborn:?}"
    );
    let tics = recommended(
        "Tics",
        "Neurology clinic. 13yo girl with motor and vocal tics for 3 years. The neurologist's diagnosis is Tourette syndrome. We used F95.1. Right?",
    );
    assert_eq!(tics, ["F95.2"], "{tics:?}");
}

/// Of two written codes whose Excludes1 notes name each other, the one a note sends only the
/// "(nontraumatic)" form to gives way where the question says the condition is traumatic.
#[test]
fn a_nontraumatic_line_gives_way_to_the_injury_the_question_documents() {
    let codes = recommended(
        "Tooth",
        "Dental clinic. 30F fell off her bike yesterday; tooth #9 has a traumatic crown fracture without pulp exposure. The coder listed K03.81 and S02.5XXA. Which one?",
    );
    assert!(codes.contains(&"S02.5XXA".to_string()), "{codes:?}");
    assert!(!codes.contains(&"K03.81".to_string()), "{codes:?}");
}

/// A baby born at another hospital and transferred in has no Z38 here, and a written line whose
/// Excludes1 note sends the "perinatal" form of its condition to Chapter 16 gives way to it.
#[test]
fn a_transferred_newborn_s_perinatal_condition_replaces_the_adult_line() {
    let codes = recommended(
        "NICU",
        "NICU: term girl born by C-section at an outside hospital and transferred at 4 hours of age for tachypnea; CXR shows a left pneumothorax of the newborn, needle aspiration. Coder entered Z38.01 and J93.83. Correct?",
    );
    assert_eq!(codes, ["P25.1"], "{codes:?}");
}

/// The coder asks whether the written code fits the condition the question names: a written
/// code whose condition the question never states gives way to the Index's entry for it.
#[test]
fn a_written_code_asked_about_for_a_condition_it_does_not_name_gives_way() {
    let codes = recommended(
        "Polyp",
        "GYN clinic. 50F, a benign endocervical polyp was removed today with ring forceps. The coder used D26.0, other benign neoplasm of cervix. Is that how a cervical polyp is coded?",
    );
    assert_eq!(codes, ["N84.1"], "{codes:?}");
    // Asked about the setting, not a condition: the written code stands.
    let setting = recommended(
        "Polyp",
        "GYN clinic. 50F, a benign endocervical polyp was removed today. The coder used D26.0, other benign neoplasm of cervix. Is that right for the hospital clinic?",
    );
    assert!(setting.contains(&"D26.0".to_string()), "{setting:?}");
}

/// The provider's diagnosis leads in the Index to another line of the written code's category,
/// and says none of what the written line says beyond it: that line is reported.
#[test]
fn the_diagnosis_s_own_line_of_the_written_category_replaces_it() {
    let codes = recommended(
        "Epilepsy",
        "Child neurology. 7yo with staring spells. Dx: childhood absence epilepsy, not intractable, no status; ethosuximide started. Our coder chose G40.309. Is there a better code?",
    );
    assert_eq!(codes, ["G40.A09"], "{codes:?}");
    // The diagnosis says what the written line says: it stands.
    let said = recommended(
        "Epilepsy",
        "Adult neurology. Dx: generalized idiopathic epilepsy, not intractable, no status. Our coder chose G40.309. OK?",
    );
    assert_eq!(said, ["G40.309"], "{said:?}");
}

/// Of two written codes whose notes exclude each other, the one whose title or inclusion
/// term the provider's diagnosis writes out stays ("adhesive otitis" at H74.1), and the other
/// (glue ear, for years of effusions before) gives way.
#[test]
fn of_two_excluded_codes_the_one_the_diagnosis_writes_out_stays() {
    let codes = recommended(
        "Ear",
        "Pediatric ENT. 12yo with years of otitis media with effusion, now a retracted right drum, no effusion. Assessment: adhesive otitis media, right ear. Coded H74.11 plus H65.31. Right?",
    );
    assert!(codes.contains(&"H74.11".to_string()), "{codes:?}");
    assert!(!codes.contains(&"H65.31".to_string()), "{codes:?}");
}

/// A written activity the Tabular files under "other" gives way to the line the External Cause
/// Index names for the activity the question says, and the external cause, place, activity and
/// status stand in that order (I.C.20.c, I.C.20.d).
#[test]
fn an_other_activity_gives_way_to_the_activity_the_index_names() {
    let codes = recommended(
        "Injury report",
        "ED, state injury surveillance report. 60M was shoveling snow on the driveway of his own house when he slipped on ice and fell; closed coccyx fracture. The coder sent S32.2XXA, W00.0XXA, Y99.8, Y93.29. Place, activity and status OK?",
    );
    assert_eq!(
        codes,
        ["S32.2XXA", "W00.0XXA", "Y92.014", "Y93.H1", "Y99.8"],
        "{codes:?}"
    );
    // A written activity the Index gives for what the question says stands.
    let kept = recommended(
        "Injury report",
        "ED, state injury surveillance report. 60M was shoveling snow on the driveway of his own house when he slipped on ice and fell; closed coccyx fracture. The coder sent S32.2XXA, W00.0XXA, Y92.014, Y93.H1, Y99.8. Place, activity and status OK?",
    );
    assert_eq!(
        kept,
        ["S32.2XXA", "W00.0XXA", "Y92.014", "Y93.H1", "Y99.8"],
        "{kept:?}"
    );
}

/// An injury surveillance report asks for the place, activity and status the record states
/// (I.C.20: a state-based reporting mandate); housework is the Index's household maintenance.
#[test]
fn an_injury_surveillance_report_asks_for_the_activity() {
    let codes = recommended(
        "Injury report",
        "ED, injury surveillance report. 70F fell off a chair in the kitchen of her own house while doing housework; closed fracture of the left humerus surgical neck. S42.292A and W07.XXXA so far. Anything else?",
    );
    assert!(codes.contains(&"Y93.E9".to_string()), "{codes:?}");
    let unasked = recommended(
        "Fracture",
        "ED. 70F fell off a chair in the kitchen of her own house while doing housework; closed fracture of the left humerus surgical neck. S42.292A, right?",
    );
    assert!(!unasked.iter().any(|c| c.starts_with("Y93")), "{unasked:?}");
}

/// A condition due to an antineoplastic drug is due to antineoplastic therapy in the Index
/// (Mucositis, mouth, due to antineoplastic therapy), reported before the drug's adverse
/// effect; a drug of another class leads to "due to drugs".
#[test]
fn a_condition_due_to_an_antineoplastic_drug_is_due_to_antineoplastic_therapy() {
    let codes = recommended(
        "Mucositis",
        "Oncology clinic. Grade 3 mucositis of the mouth due to fluorouracil given at the prescribed dose. Codes?",
    );
    assert_eq!(codes, ["K12.31", "T45.1X5A"], "{codes:?}");
    let other = recommended(
        "Mucositis",
        "Clinic. Mucositis of the mouth due to phenytoin taken as prescribed. Codes?",
    );
    assert!(other.contains(&"K12.32".to_string()), "{other:?}");
}

/// A body part the question names for another condition, far from any growth it names, is no
/// site of that growth (the colon cancer's patient with "painful oral ulcers").
#[test]
fn a_site_named_far_from_the_growth_is_no_site_of_it() {
    let codes = recommended(
        "Oncology",
        "Oncology clinic. 60F with adenocarcinoma of the ascending colon after a right hemicolectomy, now on adjuvant chemotherapy, presents this week with painful oral ulcers and poor intake. Which neoplasm code?",
    );
    assert!(codes.contains(&"C18.2".to_string()), "{codes:?}");
    assert!(!codes.iter().any(|c| c.starts_with("C06")), "{codes:?}");
}

/// A word match whose words the question shares only with a recommended code's is that code's
/// neighbour in the Tabular, not another condition: no candidate (I50.23 "acute on chronic"
/// beside the chronic I50.22 the question says).
#[test]
fn a_word_match_saying_only_what_a_recommended_code_says_is_no_candidate() {
    let draft = ASSISTANT.draft(
        "Heart failure",
        "Cardiology clinic. Chronic HFrEF, EF 25%, euvolemic today on GDMT. Coded I50.22. Complete?",
    );
    let codes: Vec<&str> = draft.recommended.iter().map(|r| r.code.as_str()).collect();
    assert!(codes.contains(&"I50.22"), "{codes:?}");
    let suggested: Vec<&str> = draft.suggestions.iter().map(|s| s.code.as_str()).collect();
    assert!(!suggested.contains(&"I50.23"), "{suggested:?}");
}

/// An uncertain diagnosis at discharge is coded as if established (II.H), after the condition
/// the admission was for, however the question words the admission.
#[test]
fn an_uncertain_diagnosis_at_discharge_follows_the_reason_for_the_admission() {
    let codes = recommended(
        "Inpatient",
        "Inpatient medicine. 70M admitted from the ED with a left lower lobe pneumonia, treated with ceftriaxone. The discharge summary also lists probable hypothyroidism (TSH 15, started levothyroxine). J18.9 is principal; what else?",
    );
    assert_eq!(
        codes.first().map(String::as_str),
        Some("J18.9"),
        "{codes:?}"
    );
    assert!(codes.contains(&"E03.9".to_string()), "{codes:?}");
}

/// A main term said only as the modifier of another that lists it ("stress" of a stress
/// fracture: Fracture, traumatic, stress) is no condition of its own (no F43.9).
#[test]
fn a_main_term_said_only_as_another_s_modifier_is_no_condition() {
    let codes = recommended(
        "Stress fracture",
        "Sports clinic. 25M runner with a stress fracture of the left second metatarsal on MRI, no trauma, boot and rest. Coded M84.375A. Anything else?",
    );
    assert_eq!(codes, ["M84.375A"], "{codes:?}");
    let stressed = recommended(
        "Stress",
        "Primary care. 40F with stress after a job loss, poor sleep; counseling referral. Coded Z56.0. Anything else?",
    );
    assert!(stressed.contains(&"F43.9".to_string()), "{stressed:?}");
}

/// Below a header, the line "not specified as recurrent" is the one for a hernia the question
/// does not call recurrent; the recurrent line needs the word.
#[test]
fn a_hernia_not_called_recurrent_is_not_specified_as_recurrent() {
    let first = recommended(
        "Hernia",
        "Outpatient surgery. 70M with an incarcerated right inguinal hernia, no gangrene, open repair. The coder entered K40.3. Complete code?",
    );
    assert_eq!(
        first.first().map(String::as_str),
        Some("K40.30"),
        "{first:?}"
    );
    let again = recommended(
        "Hernia",
        "Outpatient surgery. 70M with a recurrent incarcerated right inguinal hernia, no gangrene, open repair. The coder entered K40.3. Complete code?",
    );
    assert_eq!(
        again.first().map(String::as_str),
        Some("K40.31"),
        "{again:?}"
    );
}

/// A condition the question says was treated in the stay is reported beside the written codes
/// (Section III); a main term that is another entry's subterm is not one of its own.
#[test]
fn a_condition_treated_in_the_stay_is_reported() {
    let codes = recommended(
        "Inpatient",
        "Inpatient medicine. 70M admitted with an acute exacerbation of COPD, treated with steroids and nebulizers. The hospitalist also treated hypokalemia with oral potassium chloride. The coder drafted J44.1. What should the final list be?",
    );
    assert!(codes.contains(&"E87.6".to_string()), "{codes:?}");
    let gpa = recommended(
        "Inpatient",
        "Inpatient rheumatology. Discharge diagnosis: granulomatosis with polyangiitis with kidney involvement, treated with pulse steroids and rituximab. The coder listed M31.31. Is that right?",
    );
    assert!(!gpa.contains(&"M30.0".to_string()), "{gpa:?}");
    let asked = recommended(
        "Inpatient",
        "Inpatient rheumatology. Discharge diagnosis: granulomatosis with polyangiitis with kidney involvement, treated with pulse steroids and rituximab. The coder listed M31.31. Anything else?",
    );
    assert!(!asked.contains(&"M30.0".to_string()), "{asked:?}");
}

/// A written code that leaves only the side open is answered on its own line, of the side the
/// question treats: the other eye, not examined, gives no side, and an Index line of the side
/// that drops what the written code names is no answer.
#[test]
fn an_unspecified_side_is_completed_on_the_written_line() {
    let codes = recommended(
        "Laterality",
        "Retina clinic. 52M with pathologic (degenerative) myopia presented with new distortion in the left eye; OCT showed myopic choroidal neovascularization OS and he received an anti-VEGF injection in the left eye. The right eye was not examined for CNV today. The bill lists H44.2A9. Is that OK?",
    );
    assert_eq!(codes, ["H44.2A2"]);
}

/// A word match whose words the question shares only with a reported code's lines is that
/// code's neighbour in the Tabular, not a second condition (K44.0 beside K41.30).
#[test]
fn a_word_match_the_reported_code_explains_is_no_second_condition() {
    let codes = recommended(
        "Hernia code",
        "Hospital outpatient surgery. 78M with 3 days of a painful, irreducible bulge in the left groin; CT showed an incarcerated left femoral hernia containing small bowel without signs of strangulation. Open repair, bowel viable, no resection; first hernia. The coder entered K41.3 and the claim edit says incomplete code. What is the complete code?",
    );
    assert_eq!(codes, ["K41.30"]);
}

/// A general clearance whose finding is sent on to cardiology stays a general preoperative
/// examination, and the written header is answered by that one line (IV.M).
#[test]
fn a_clearance_that_refers_a_finding_to_cardiology_is_a_general_one() {
    let codes = recommended(
        "Pre-op",
        "PCP pre-op H&P for right eye cataract surgery (age-related nuclear cataract, right). The routine EKG shows a new LBBB; the doctor documented 'new LBBB, refer to cardiology before surgery'. We put Z01.81 and H25.11.",
    );
    assert_eq!(
        codes.first().map(String::as_str),
        Some("Z01.818"),
        "{codes:?}"
    );
    assert!(!codes.contains(&"Z01.810".to_string()), "{codes:?}");
}

/// A word match whose only words the question says are who the patient is ("newborn baby") or
/// a prefix's compound ("post-op ... voiding" for "post-void dribbling") names no condition.
#[test]
fn a_word_match_of_the_patient_or_a_prefix_alone_is_no_condition() {
    let newborn = recommended(
        "Newborn",
        "Newborn, birth episode: term girl born by SVD in our hospital. Mom O pos, baby B pos, DAT positive; bilirubin rising at 18 hours, phototherapy. Peds: 'hyperbilirubinemia due to ABO isoimmunization'. Coder: Z38.00, P59.9, P55.1.",
    );
    assert!(newborn.contains(&"P55.1".to_string()), "{newborn:?}");
    assert!(!newborn.iter().any(|c| c.starts_with("P08")), "{newborn:?}");
    let post_op = recommended(
        "Principal?",
        "Outpatient laparoscopic repair of a left indirect inguinal hernia (reducible) in a 66M. The surgeon kept him overnight for pain control; the next note reads 'expected post-op pain, voiding, no complications'; essential hypertension on lisinopril. The coder made G89.18 principal, with K40.90 and I10. Right?",
    );
    assert_eq!(post_op, ["K40.90", "I10"]);
}

/// A vaginal delivery is no vaginitis: an inflammation's word is not its organ's adjective.
#[test]
fn a_vaginal_delivery_is_no_vaginitis_in_pregnancy() {
    let codes = recommended(
        "Delivery",
        "L&D: SVD at 39 weeks, single liveborn, uncomplicated. Codes?",
    );
    assert!(codes.contains(&"Z3A.39".to_string()), "{codes:?}");
    assert!(!codes.iter().any(|c| c.starts_with("O23")), "{codes:?}");
}

/// External cause codes are not reported where the setting says it does not report them
/// (I.C.20: no national requirement); AF is atrial fibrillation.
#[test]
fn a_setting_that_reports_no_external_causes_gets_none() {
    let text = "Orthopedic urgent care. 41M twisted his right midfoot stepping off a curb; MRI shows a sprain of the Lisfranc ligament, no fracture. Our clinic does not report external cause codes. The visit was coded S93.621A. OK?";
    let codes = recommended("Foot", text);
    assert!(codes.contains(&"S93.621A".to_string()), "{codes:?}");
    assert!(
        !codes.iter().any(|c| c.starts_with(['V', 'W', 'X', 'Y'])),
        "{codes:?}"
    );
    let reported = recommended(
        "Foot",
        &text.replace("Our clinic does not report external cause codes. ", ""),
    );
    assert!(reported.iter().any(|c| c.starts_with('W')), "{reported:?}");
    let af = recommended(
        "Inpatient",
        "Inpatient. Telemetry caught new paroxysmal AF, she was bridged on heparin and discharged on apixaban. Codes?",
    );
    assert!(af.contains(&"I48.0".to_string()), "{af:?}");
}

/// A written line from an Index entry's catch-all ("Sprain, ankle, specified ligament NEC")
/// gives way only to a line that names what the entry names above it: a knee's sprain is no
/// reason to drop the ankle's.
#[test]
fn a_catch_all_line_stays_beside_a_line_of_another_site() {
    let codes = recommended(
        "Ankle",
        "Urgent care. 29M twisted his right ankle stepping off a curb; x-rays negative, the provider documents a sprain of the anterior talofibular ligament, right ankle. Coded S93.491A. OK?",
    );
    assert_eq!(
        codes.first().map(String::as_str),
        Some("S93.491A"),
        "{codes:?}"
    );
}

/// An outpatient's uncertain diagnosis is not coded through its inclusion term or its Index
/// subterm either (IV.H): "likely renal glycosuria" leaves glycosuria, R81; and a normal
/// measurement is no abnormal finding ("fasting glucose is 84" is no R73.01).
#[test]
fn an_outpatient_s_likely_diagnosis_leaves_its_finding() {
    let codes = recommended(
        "Glycosuria",
        "Primary care. 27M had 2+ glucose on a urinalysis done for a work physical; fasting glucose is 84 and A1c 5.0%, and a repeat UA again shows glycosuria. The PCP wrote 'isolated glycosuria, likely benign familial renal glycosuria, refer to nephrology to confirm'. What do we code for this visit?",
    );
    assert_eq!(codes, ["R81"], "{codes:?}");
}

/// A condition the visit's question says is over is not coded, and a healed one that the
/// visit follows up is its history (I.C.21.c.4, I.C.21.c.8).
#[test]
fn a_resolved_or_healed_condition_is_not_coded_at_an_outpatient_visit() {
    let tendon = recommended(
        "Achilles",
"Sports medicine clinic. 72M finished a 7-day course of levofloxacin for community-acquired pneumonia 10 days ago (pneumonia resolved) and now has pain and swelling of both Achilles tendons; ultrasound shows bilateral tendinosis without a tear. The physician documented bilateral Achilles tendinitis due to levofloxacin taken as prescribed, and fitted heel lifts. Our coder has M76.62 and wants to know what else is needed.",
    );
    assert!(!tendon.contains(&"J18.9".to_string()), "{tendon:?}");
    let ulcer = recommended(
        "Follow-up EGD",
        "Endoscopy suite. 57M was treated 3 months ago for a bleeding gastric ulcer (completed therapy, now off the PPI); today's surveillance EGD shows a healed scar and the GI documented 'healed gastric ulcer, no further treatment'. Our coder entered K25.4 and Z09. How should this be coded?",
    );
    assert_eq!(ulcer, ["Z09", "Z87.11"], "{ulcer:?}");
}

/// A first-degree perineal laceration is O70.0, not the second-degree line whose inclusion
/// terms share more words, and the delivery record carries its outcome (I.C.15.b.5); a
/// labor at 39 weeks is no preterm labor.
#[test]
fn a_delivery_is_coded_by_its_degree_with_its_outcome() {
    let codes = recommended(
        "Delivery",
        "L&D. G1 at 39w2d in spontaneous labor had a spontaneous vaginal delivery of a single liveborn girl with a first-degree perineal laceration that was repaired; no postpartum hemorrhage. What codes?",
    );
    assert_eq!(codes, ["O70.0", "Z37.0", "Z3A.39"], "{codes:?}");
}

/// A "see" reference the question says beside its main term is followed across the chapter's
/// categories ("Hernia, spigelian - see Hernia, ventral": K43.9 for the unspecified K46.9), not
/// a subterm it says apart from it ("below the umbilicus", I.A.16).
#[test]
fn a_see_reference_said_beside_its_main_term_is_followed() {
    let codes = recommended(
        "Spigelian hernia",
        "ASC general surgery. 61F with a reducible bulge lateral to the right rectus sheath below the umbilicus; ultrasound and exam confirmed a spigelian hernia without incarceration, and she had a laparoscopic repair with mesh today. Our coder could not find 'spigelian' in the Tabular and is choosing between K46.9 and K40.90. Which is right?",
    );
    assert_eq!(
        codes.first().map(String::as_str),
        Some("K43.9"),
        "{codes:?}"
    );
    assert!(!codes.contains(&"K42.9".to_string()), "{codes:?}");
}

/// A drug the Table of Drugs titles by another name (mesalamine is "Mesalazine") is read from
/// its row: stopping it for cost is underdosing with its noncompliance code (I.C.19.e.5.c).
#[test]
fn a_drug_under_its_other_name_is_read_from_the_table() {
    let codes = recommended(
        "UC flare",
        "GI clinic. 36M with left-sided ulcerative colitis, in remission on oral mesalamine, stopped the medication 6 weeks ago because he could not afford it; now a flare with rectal bleeding due to stopping mesalamine for cost. Our coder submitted K51.51 and it was rejected. What is the full set?",
    );
    assert_eq!(codes, ["K51.511", "T47.8X6A", "Z91.120"], "{codes:?}");
}

/// A three-character code that leaves the kind open is completed from the Index like any
/// other: "Malnutrition, degree, moderate" gives E44.0 for a written E46, through the
/// grouping subterm "degree" the question never writes.
#[test]
fn a_three_character_unspecified_code_gives_way_to_the_index_entry() {
    let codes = recommended(
        "Malnutrition code",
        "Inpatient medicine. 81M admitted with aspiration pneumonia; the dietitian and the attending documented moderate malnutrition, weight loss of 8% in 3 months, and started supplements. The coder put J69.0 and E46. Is E46 the best we can do?",
    );
    assert!(codes.contains(&"E44.0".to_string()), "{codes:?}");
    assert!(!codes.contains(&"E46".to_string()), "{codes:?}");
}

/// A code with a placeholder X before its 7th character takes the side from its fifth
/// character: H40.40X2 "unspecified eye" for a left eye is H40.42X2, stage kept.
#[test]
fn a_placeholder_code_takes_the_side_the_question_names() {
    let codes = recommended(
        "Glaucoma side",
        "Eye clinic. 58M with recurrent iritis of the left eye; the ophthalmologist documents uveitic glaucoma OS, mild stage, and adds timolol. Right eye normal. Coder sent H40.40X1. Fine?",
    );
    assert!(codes.contains(&"H40.42X1".to_string()), "{codes:?}");
    assert!(!codes.contains(&"H40.40X1".to_string()), "{codes:?}");
}

/// Cold drinks are no alcohol: a pain set off by swallowing them is no poisoning.
#[test]
fn cold_drinks_are_no_alcohol() {
    let codes = recommended(
        "Neuralgia",
        "Neurology clinic. 44M with 3 months of sharp stabbing pain in the right throat, triggered by swallowing cold drinks and yawning; exam normal. Neurologist documented right glossopharyngeal neuralgia and started carbamazepine. Coder sent G52. What code?",
    );
    assert_eq!(codes, ["G52.1"], "{codes:?}");
}

/// A denied reason is no reason: "no cost problem" leaves the patient's underdosing for
/// another reason (Z91.128), not financial hardship (Z91.120).
#[test]
fn a_denied_financial_hardship_is_no_reason_for_the_underdosing() {
    let codes = recommended(
        "Stopped lithium",
        "Inpatient psych. 40F with bipolar I disorder, current episode manic, severe, without psychotic features, admitted after she stopped taking her lithium on her own a month ago because she felt well; no cost problem, she simply did not want it. Coder has F31.13. What else?",
    );
    assert!(codes.contains(&"Z91.128".to_string()), "{codes:?}");
    assert!(!codes.contains(&"Z91.120".to_string()), "{codes:?}");
}

/// Asked whether a second condition "gets its own code", the Index's entry for it is read,
/// in another subcategory of the written code's category (a vitreous detachment beside a
/// vitreous hemorrhage); in an eye clinic PVD is a posterior vitreous detachment.
#[test]
fn a_second_condition_asked_about_is_coded_in_its_own_subcategory() {
    let codes = recommended(
        "PVD",
        "Ophthalmology clinic. 70F with new floaters in the right eye; dilated exam shows a mild vitreous hemorrhage OD and a PVD OD, no tear. The coder has H43.11. Does the PVD get its own code?",
    );
    assert_eq!(codes, ["H43.11", "H43.811"], "{codes:?}");
}

/// A closing quote ends the provider's denial: "'... not COPD' and nicotine dependence" denies
/// no nicotine dependence.
#[test]
fn a_closing_quote_ends_a_denial() {
    let codes = recommended(
        "Bronchitis",
        "Primary care. 55F smoker. PCP documented 'simple chronic bronchitis, not COPD' and nicotine dependence, cigarettes. Coder sent J41.0 and F17.210. Fine?",
    );
    assert_eq!(codes, ["J41.0", "F17.210"], "{codes:?}");
}

/// A condition the question says has resolved, in parentheses, is no reason for an outpatient
/// visit (IV.J).
#[test]
fn a_condition_resolved_in_parentheses_is_not_coded() {
    let codes = recommended(
        "Incidental finding",
        "Neurology clinic. 47M sent after a CT done for migraine (now resolved) showed a small calcified pineal cyst; exam normal. The neurologist documented 'incidental pineal cyst, no follow-up needed'. How should the visit be coded?",
    );
    assert!(!codes.iter().any(|c| c.starts_with("G43")), "{codes:?}");
}

/// Tests listed as normal are no findings: "calcium, magnesium and sodium are normal" raises
/// no calcium or magnesium disorder.
#[test]
fn tests_listed_as_normal_are_no_findings() {
    let codes = recommended(
        "Neonatal seizures",
        "NICU. 6-day-old term boy with clonic seizures on EEG; glucose, calcium, magnesium and sodium are normal, MRI normal. Discharge dx 'neonatal seizures, cause unknown'. What do we code?",
    );
    assert_eq!(codes, ["P90"], "{codes:?}");
}

/// A newborn transferred in from the birth hospital gets no Z38 at the receiving hospital,
/// however the transfer is worded (I.C.16.a.2).
#[test]
fn a_newborn_transferred_on_day_one_gets_no_z38() {
    let codes = recommended(
        "NICU transfer",
        "NICU. Term boy transferred on day 1 from the birth hospital with bilious vomiting; upper GI shows duodenal atresia, repaired on day 2. Our coder has Q41.0 and wants to add Z38.00.",
    );
    assert!(!codes.iter().any(|c| c.starts_with("Z38")), "{codes:?}");
    assert!(codes.contains(&"Q41.0".to_string()), "{codes:?}");
}

/// The poison center the team called is no poison: a child's accidental ingestion of a drug is
/// that drug's poisoning alone.
#[test]
fn the_poison_center_is_no_poison() {
    let codes = recommended(
        "Ingestion",
        "Pediatric ED. 3-year-old found with his grandmother's amlodipine, took about three tablets; mild hypotension, observed overnight after the poison control center advised monitoring. ED dx accidental amlodipine ingestion with hypotension. What codes?",
    );
    assert_eq!(
        codes.first().map(String::as_str),
        Some("T46.1X1A"),
        "{codes:?}"
    );
    assert!(!codes.iter().any(|c| c.starts_with("T65.9")), "{codes:?}");
}

/// TMP-SMX is the Table's "Trimethoprim, with sulfamethoxazole": one adverse-effect code for
/// the pair, in place of a code for each component; the other drug's written code stays.
#[test]
fn a_combination_s_shorthand_is_read_from_the_pair_s_row() {
    let codes = recommended(
        "Drug rash",
        "Clinic. 61F on lisinopril for HTN finished TMP-SMX for cystitis 3 days ago, taken as prescribed; now a morbilliform rash, and the provider documents 'drug eruption due to TMP-SMX, adverse effect' and an ACE-inhibitor cough due to lisinopril. Coder sent L27.0, R05.8, T46.4X5A, T37.0X5A and T37.8X5A.",
    );
    assert!(codes.contains(&"T36.8X5A".to_string()), "{codes:?}");
    assert!(codes.contains(&"T46.4X5A".to_string()), "{codes:?}");
    assert!(!codes.contains(&"T37.0X5A".to_string()), "{codes:?}");
    assert!(!codes.contains(&"T37.8X5A".to_string()), "{codes:?}");
}

/// "Workers' comp requires external causes" asks for them: the place the question puts the
/// injury in is coded (Place of occurrence, garage (commercial) → Y92.59; I.C.20.b).
#[test]
fn external_causes_required_bring_the_place() {
    let codes = recommended(
        "Burn at work",
        "Occupational health. 41F mechanic at a commercial garage touched a hot radiator hose while working; second-degree burn of the left palm. Workers' comp requires external causes. Coder has T23.252A and X17.XXXA and asks what else belongs.",
    );
    assert!(codes.contains(&"Y92.59".to_string()), "{codes:?}");
}

/// The lump booked before an excision is the neoplasm the pathology names: its R22 code gives
/// way to the Neoplasm Table's (I.B.5, IV.M).
#[test]
fn a_booked_lump_gives_way_to_the_pathology() {
    let codes = recommended(
        "Path back",
        "Hospital outpatient surgery. 50M had excision of a firm 2 cm lump at the medial right elbow; the booking dx was 'mass, right arm'. At surgery it arose from the ulnar nerve and final pathology is schwannoma, benign. Our coder used R22.31 from the booking. Should the claim carry the path result?",
    );
    assert!(!codes.contains(&"R22.31".to_string()), "{codes:?}");
    assert!(codes.iter().any(|c| c.starts_with("D36.1")), "{codes:?}");
}

/// Symptoms a clause says resolved are no manifestations of a poisoning to code after it, each
/// of the pair included (I.C.19.e.5.b).
#[test]
fn resolved_symptoms_are_no_manifestations_of_a_poisoning() {
    let codes = recommended(
        "Fish poisoning",
        "ED. 45F ate reef fish on vacation 3 days ago; she had nausea and diarrhea that resolved, and now has tingling of the hands and lips. ED physician documented ciguatera fish poisoning, accidental, with paresthesias. Coder has T61.01XA and R20.2. Anything else?",
    );
    assert_eq!(codes, ["T61.01XA", "R20.2"], "{codes:?}");
}

/// The name of the unit a question comes from is no diagnosis: "Burn unit" codes no burn.
#[test]
fn a_setting_s_name_is_no_condition() {
    let codes = recommended(
        "TEN",
        "Burn unit, inpatient. 46F admitted with toxic epidermal necrolysis over 35% of body surface from carbamazepine taken as prescribed. Coder has L51.2 and T42.1X5A.",
    );
    assert!(!codes.iter().any(|c| c.starts_with("T3")), "{codes:?}");
    assert!(codes.contains(&"L51.2".to_string()), "{codes:?}");
}

/// "Hearing aids" names no AIDS: an acronym that is an everyday word is read in capitals only.
#[test]
fn hearing_aids_are_no_aids() {
    let codes = recommended(
        "Hearing loss",
        "Audiology, outpatient. 58F with Alport syndrome also has bilateral sensorineural hearing loss from the syndrome and is being refit with hearing aids. We billed Q87.81 and H90.3. Complete?",
    );
    assert!(!codes.contains(&"B20".to_string()), "{codes:?}");
    assert!(codes.contains(&"H90.3".to_string()), "{codes:?}");
}

/// A subterm below the main term whose code the words found is read on (Menorrhagia, pubertal).
#[test]
fn the_index_is_read_on_below_the_word_match() {
    let codes = recommended(
        "Heavy periods",
        "Adolescent gyn, outpatient. 14F, menarche 8 months ago, changes a pad hourly on the heaviest days of every cycle. Diagnosis: pubertal menorrhagia. Code?",
    );
    assert_eq!(
        codes.first().map(String::as_str),
        Some("N92.2"),
        "{codes:?}"
    );
}

/// A caregiver's underdosing is the caregiver's (Z91.A-), said as "underdosing by the parent".
#[test]
fn underdosing_by_the_caregiver_is_the_caregiver_s() {
    let codes = recommended(
        "Seizure",
        "Peds neurology, outpatient. 7F with focal epilepsy, not intractable, had breakthrough seizures after unintentional underdosing of levetiracetam by her father, who misread the new label. Coder has G40.109, T42.6X6A and Z91.A3. Right?",
    );
    assert!(codes.contains(&"Z91.A3".to_string()), "{codes:?}");
    assert!(!codes.iter().any(|c| c.starts_with("Z91.1")), "{codes:?}");
}

/// A note's occupational exposure is for exposure at work, not a parent smoking at home.
#[test]
fn an_occupational_exposure_needs_work() {
    let codes = recommended(
        "Ear",
        "Peds ENT, outpatient. 4-year-old with chronic serous otitis media of both ears and exposure to secondhand tobacco smoke at home from his mother. Coder has H65.23; anything to add?",
    );
    assert!(codes.contains(&"Z77.22".to_string()), "{codes:?}");
    assert!(!codes.contains(&"Z57.31".to_string()), "{codes:?}");
}

/// An infection classified outside Chapter 1 gets its organism from B95-B97 when a culture grew
/// it, note or no note (I.C.1.b).
#[test]
fn a_cultured_organism_is_added_to_an_infection_classified_elsewhere() {
    let codes = recommended(
        "Liver abscess",
        "Inpatient. 60F admitted with fever; CT shows a pyogenic liver abscess, drained by IR, and the aspirate grew Escherichia coli. No sepsis. Which codes?",
    );
    assert!(codes.contains(&"K75.0".to_string()), "{codes:?}");
    assert!(codes.contains(&"B96.20".to_string()), "{codes:?}");
}

/// A written condition and its written organism that the Index codes together are one Chapter
/// 1 code (I.B.9).
#[test]
fn a_condition_and_its_organism_the_index_combines_are_one_code() {
    let codes = recommended(
        "Pericarditis",
        "Inpatient. 30M with acute pericarditis due to Coxsackie virus confirmed by serology. Coder has I30.1 and B97.11. OK?",
    );
    assert!(codes.contains(&"B33.23".to_string()), "{codes:?}");
    assert!(!codes.contains(&"B97.11".to_string()), "{codes:?}");
}

/// A header completed from the Index's default line reads on to the line the question states
/// ("with obstruction").
#[test]
fn a_header_is_completed_with_what_the_question_states() {
    let codes = recommended(
        "Tracheitis",
        "Peds inpatient. 5-year-old with bacterial tracheitis with airway obstruction, tracheal aspirate grew Staph aureus. We sent J04.1 and it bounced as incomplete. Which code?",
    );
    assert!(codes.contains(&"J04.11".to_string()), "{codes:?}");
}

/// The body surface a skin detachment covers gives the percentage of exfoliation its note asks
/// for (L49, beside L51.1/L51.2).
#[test]
fn the_extent_of_exfoliation_is_read_from_the_body_surface() {
    let codes = recommended(
        "SJS",
        "Inpatient. 30M with Stevens-Johnson syndrome from allopurinol taken as prescribed, with epidermal detachment over 8% of the body surface. Which codes?",
    );
    assert!(codes.contains(&"L51.1".to_string()), "{codes:?}");
    assert!(codes.contains(&"L49.0".to_string()), "{codes:?}");
}

/// A relative's condition said as the cause of what happened to the relative is a family
/// history too ("her father had a stroke from ...", "her mother broke a hip from osteoporosis").
#[test]
fn a_relative_s_condition_named_as_a_cause_is_family_history() {
    let codes = recommended(
        "Screening",
        "Primary care, outpatient. 66F, postmenopausal, had a screening DXA because her sister fractured a wrist from osteoporosis; the DXA was normal. Which codes?",
    );
    assert!(codes.contains(&"Z82.62".to_string()), "{codes:?}");
}

/// An adult form written for a child is the childhood form its Excludes1 note names (K31.1 →
/// Q40.0), and the vomiting is part of it (I.B.5).
#[test]
fn an_adult_form_written_for_an_infant_is_the_congenital_one() {
    let codes = recommended(
        "Pyloric stenosis",
        "Peds surgery, inpatient. 5-week-old girl with projectile vomiting; ultrasound confirms hypertrophic pyloric stenosis and she has a pyloromyotomy. Coder has K31.1 and R11.12.",
    );
    assert_eq!(codes, ["Q40.0"], "{codes:?}");
}

/// Abdominal pain is part of an abdominal abscess (I.B.5).
#[test]
fn abdominal_pain_is_part_of_a_liver_abscess() {
    let codes = recommended(
        "Abscess",
        "Inpatient. 58M admitted with right upper quadrant pain and fevers; CT shows a liver abscess, drained by IR. Which codes?",
    );
    assert!(codes.contains(&"K75.0".to_string()), "{codes:?}");
    assert!(!codes.iter().any(|c| c.starts_with("R10")), "{codes:?}");
}

/// The extent of burns is completed from the total and the third-degree part the question gives,
/// and goes after the burns it measures (I.C.19.d.6).
#[test]
fn the_extent_of_burns_takes_the_third_degree_part_from_the_question() {
    let codes = recommended(
        "TBSA",
        "Inpatient. 45F, kitchen grease fire: second-degree burns of both forearms and third-degree burns of the chest wall, 12% of the body surface. Total burn 31% TBSA. Coder has T21.31XA, T22.20XA and T31.3; the last bounced.",
    );
    assert_eq!(
        codes.last().map(String::as_str),
        Some("T31.31"),
        "{codes:?}"
    );
}

/// A hypertensive kidney disease needs the hypertension said: end-stage renal disease from a
/// glomerulonephritis is no I12.0.
#[test]
fn no_hypertensive_code_without_hypertension() {
    let codes = recommended(
        "Post-transplant",
        "Transplant clinic, outpatient. 52F is 3 months after a living-donor kidney transplant for ESRD from lupus nephritis; routine post-transplant care, graft stable. Coder sent Z48.22.",
    );
    assert!(!codes.iter().any(|c| c.starts_with("I12")), "{codes:?}");
}

/// The FY2025 Index prints some references with two spaces ("Hernia, abdomen, specified  site
/// NEC"): they are followed all the same.
#[test]
fn an_index_reference_with_two_spaces_is_followed() {
    let codes = recommended(
        "Hernia",
        "Surgery center. 59F, open mesh repair of a right lumbar hernia, no obstruction. Coder used K46.9. Better code?",
    );
    assert_eq!(codes, ["K45.8"], "{codes:?}");
}

/// A tumour marker is a test, a punched-out ulcer a shape and a claim "sent back" no back: none
/// is read as a cancer, a blow or a site.
#[test]
fn lookalike_words_are_read_plainly() {
    let codes = recommended(
        "Cyst",
        "GYN surgery, outpatient. 41F, CA 19-9 and CA-125 normal, left ovarian cystectomy: path mucinous cystadenoma of the left ovary, benign. D27.9 came back. What is better?",
    );
    assert_eq!(codes, ["D27.1"], "{codes:?}");
    let codes = recommended(
        "Ulcer",
        "Clinic. 58M skinned a wild rabbit and now has fever, a punched-out ulcer on the left thumb and tender axillary nodes; tularemia confirmed by serology. The payer sent A21 back. Which code?",
    );
    assert_eq!(codes, ["A21.9"], "{codes:?}");
}

/// A Tabular title is a word match only where the question names its condition: the eponym
/// ("Crohn's disease ... with rectal bleeding") and the head of an "X of Y" title ("Behavioral
/// insomnia of childhood").
#[test]
fn a_word_match_needs_its_eponym_and_its_head_word() {
    let codes = recommended(
        "Bleeding",
        "ED. 63M with bright red rectal bleeding for two days, hemodynamically stable, colonoscopy scheduled. Which code?",
    );
    assert!(!codes.iter().any(|c| c.starts_with("K50")), "{codes:?}");
    let codes = recommended(
        "Conduct",
        "Child psychiatry clinic. 11-year-old girl with conduct disorder, childhood-onset type: fire-setting, stealing and antisocial behavior at school since age 7. Coder sent F91.1 - anything else?",
    );
    assert_eq!(codes, ["F91.1"], "{codes:?}");
}

/// The provider's diagnosis said word for word as a Tabular title of the written code's
/// condition replaces the coder's vaguer code (I.A.19).
#[test]
fn the_provider_s_title_replaces_a_vaguer_written_code() {
    let codes = recommended(
        "Psychosis",
        "Inpatient psychiatry. 31F with a week of hallucinations after childbirth stress, cleared in 8 days on olanzapine. Discharge diagnosis: brief psychotic disorder. Coder used F29. Better?",
    );
    assert_eq!(codes.first().map(String::as_str), Some("F23"), "{codes:?}");
    assert!(!codes.contains(&"F29".to_string()), "{codes:?}");
}

/// "A resolved X" says X resolved, not what stands before it; the provider's own diagnosis,
/// a main term's default code, is reported.
#[test]
fn a_diagnosis_after_a_resolved_condition_is_reported() {
    let codes = recommended(
        "Tinnitus",
        "ENT clinic. 50M, the otolaryngologist documents right diplacusis following a resolved sudden hearing loss; audiogram normal. Coder sent H91.21. Right?",
    );
    assert_eq!(codes, ["H93.221"], "{codes:?}");
}

/// The provider's statement leads past a word match of another category of its chapter.
#[test]
fn the_provider_s_statement_leads_past_a_word_match_of_another_category() {
    let codes = recommended(
        "Cord",
        "Pediatric urgent care. 10-day-old girl, vitamin K given at birth, oozing blood at the umbilical cord stump; platelets and coags normal. Diagnosis: umbilical stump hemorrhage of the newborn. Code?",
    );
    assert_eq!(codes, ["P51.9"], "{codes:?}");
}
