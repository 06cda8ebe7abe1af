use super::*;
use std::sync::LazyLock;

use super::circulatory::hypertensive_heart;
use super::encounters::{history_of_malformation, long_term_drugs_as_named};
use super::endocrine::drug_induced_diabetes;
use super::excludes::condition_of;
use super::gives_way::{excluded_by_the_answer, specified_over_unspecified};
use super::injury::{
    burns_of_the_stated_degree, highest_degree_of_each_burn, no_aftercare_code_for_an_injury,
    no_superficial_injury_beside_a_worse,
};
use super::more_specific::close_together;
use super::order::{after_its_underlying_cause, in_reporting_order};
use super::pregnancy::{
    gestational_diabetes_by_its_treatment, normal_delivery_only_when_uncomplicated,
};
use super::sides::both_sides;

static ICD: LazyLock<(Icd10Cm, Index)> = LazyLock::new(|| {
    let icd = Icd10Cm::builtin().unwrap();
    let index = Index::build(&icd);
    (icd, index)
});
static BOOKS: LazyLock<lookup::Lookup> = LazyLock::new(|| lookup::Lookup::builtin().unwrap());

#[test]
fn a_condition_a_drug_treats_is_read_either_way_round_but_not_what_it_prevents() {
    let drugs = &BOOKS.drugs;
    assert!(on_a_drug(
        drugs,
        "hypothyroidism on levothyroxine",
        "Hypothyroidism"
    ));
    assert!(on_a_drug(
        drugs,
        "levothyroxine was continued for hypothyroidism",
        "Hypothyroidism"
    ));
    assert!(on_a_drug(
        drugs,
        "his hypertension was managed on amlodipine",
        "Hypertension"
    ));
    assert!(!on_a_drug(drugs, "heparin for stroke prevention", "Stroke"));
    assert!(!on_a_drug(
        drugs,
        "hypothyroidism, untreated",
        "Hypothyroidism"
    ));
}

#[test]
fn a_note_s_condition_is_read_without_its_nonessential_words_and_reference() {
    assert_eq!(
        condition_of("mediastinal (thymic) large B-cell lymphoma (C85.2-)"),
        "mediastinal large b-cell lymphoma"
    );
    assert_eq!(
        condition_of("tobacco dependence (F17.2-)"),
        "tobacco dependence"
    );
    let words = super::super::text::title_terms("mediastinal large b-cell lymphoma");
    assert!(!close_together(
        "Diffuse large B-cell lymphoma of the cervical, mediastinal and para-aortic nodes.",
        &words
    ));
    assert!(close_together(
        "Primary mediastinal large B-cell lymphoma.",
        &words
    ));
}

#[test]
fn an_other_line_of_the_mechanism_gives_way_to_the_indexed_one() {
    let icd = &ICD.0;
    assert!(a_catch_all_for(icd, "W17.89XA", "W13.8XXA"));
    assert!(!a_catch_all_for(icd, "W13.8XXA", "W17.89XA"));
    assert!(!a_catch_all_for(icd, "W01.0XXA", "W13.8XXA"));
}

#[test]
fn a_code_asking_for_its_underlying_cause_first_follows_a_condition_of_its_chapter() {
    let icd = &ICD.0;
    assert!(after_its_underlying_cause(icd, "H54.42A4", "H34.12").is_some());
    assert!(after_its_underlying_cause(icd, "H54.42A4", "E11.9").is_none());
    assert!(after_its_underlying_cause(icd, "H34.12", "H54.42A4").is_none());
}

fn combined(text: &str, host: &str, other: &str) -> Option<String> {
    let (icd, search) = &*ICD;
    let note = checks::excludes1_note(icd, host, other)?;
    match combination(icd, search, &Query::new(text), host, other, &note)? {
        Coded::Both(r) => Some(r.code),
        Coded::Host(r) => Some(format!("{} beside {other}", r.code)),
    }
}

#[test]
fn a_written_code_whose_condition_the_question_denies_is_not_read() {
    let (icd, _) = &*ICD;
    let aneurysm =
        "MRA: saccular aneurysm of the MCA; no hemorrhage on imaging. Encoder offered I60.7.";
    assert!(denies_every_concept_said(icd, aneurysm, "I60.7"));
    // A denial in the subject line governs its own line only.
    let stroke = "H/o stroke, no deficits\n\nHTN follow-up. Coder has I10.";
    assert!(!denies_every_concept_said(icd, stroke, "I10"));
    // A qualifier denied is no condition denied; a status is no condition.
    let afib = "Persistent AF, not long-standing, on edoxaban. Z79.01?";
    assert!(!denies_every_concept_said(icd, afib, "Z79.01"));
    // What is not diagnosed yet is a finding's to read.
    let bp = "BP 152/94; provider: 'elevated BP reading, no dx of HTN yet'. Coder: I10.";
    assert!(!denies_every_concept_said(icd, bp, "I10"));
}

#[test]
fn a_concept_the_record_denies_before_or_after_it_is_denied() {
    let (icd, _) = &*ICD;
    let meningitis = "Pneumococcal meningitis; cultures negative, and sepsis was not documented.";
    assert!(denies_a_concept(icd, meningitis, "A40.3"));
    assert!(!denies_a_concept(icd, meningitis, "G00.1"));
    assert!(denies_a_concept(
        icd,
        "Sepsis criteria were not met.",
        "A41.9"
    ));
    assert!(!denies_a_concept(icd, "Sepsis due to E. coli.", "A41.51"));
    // A negative test denies what it tests for, its shorthand too.
    assert!(denies_a_concept(
        icd,
        "LP: HSV PCR neg, enterovirus pending.",
        "B00.3"
    ));
    assert!(!denies_a_concept(
        icd,
        "HSV PCR positive; meningitis.",
        "B00.3"
    ));
    // What a title itself says is absent is no denial of it.
    let myeloma = "Multiple myeloma, not in remission.";
    assert!(!denies_a_concept(icd, myeloma, "C90.00"));
}

#[test]
fn a_corrected_malformation_s_history_line_names_it_or_its_system() {
    let (icd, _) = &*ICD;
    let history = |code: &str| history_of_malformation(icd, &compact(code));
    for (malformation, line) in [
        ("Q54.1", "Z87710"),
        ("Q21.10", "Z8774"),
        ("Q37.1", "Z87730"),
        ("Q39.1", "Z87731"),
        ("Q79.0", "Z87760"),
        ("Q65.01", "Z87768"),
    ] {
        assert_eq!(
            history(malformation).as_deref(),
            Some(line),
            "{malformation}"
        );
    }
}

#[test]
fn a_note_s_condition_no_code_says_with_the_other_is_coded_beside_it() {
    assert_eq!(
        combined(
            "Cellulitis of the left forearm with acute lymphangitis.",
            "I89.1",
            "L03.114"
        )
        .as_deref(),
        Some("L03.124 beside L03.114")
    );
    // The other code says the note's condition already.
    assert_eq!(
        combined(
            "C5-C6 disc herniation with radiculopathy.",
            "M54.12",
            "M50.122"
        ),
        None
    );
}

#[test]
fn an_excludes1_note_pointing_to_a_combination_gives_the_code_that_says_both() {
    assert_eq!(
        combined(
            "Acute calculous cholecystitis with gallstones, no obstruction.",
            "K81.0",
            "K80.20"
        )
        .as_deref(),
        Some("K80.00")
    );
    assert_eq!(
        combined(
            "CAD of native coronary arteries with unstable angina.",
            "I20.0",
            "I25.10"
        )
        .as_deref(),
        Some("I25.110")
    );
}

#[test]
fn an_excludes1_pair_with_no_code_for_both_has_no_combination() {
    // Z21 excludes B20: the HIV disease code stands alone.
    assert_eq!(
        combined("AIDS with candidal esophagitis.", "Z21", "B20"),
        None
    );
    // Codes no note keeps apart.
    assert_eq!(combined("HTN and type 2 diabetes.", "I10", "E11.9"), None);
}

#[test]
fn a_note_sending_one_condition_with_another_elsewhere_gives_the_code_for_both() {
    let (icd, _) = &*ICD;
    let pointed =
        |text: &str| said_together_where_a_note_points(icd, text, "I34.0", "I35.0").map(|r| r.code);
    assert_eq!(
        pointed("Moderate MR and moderate AS; cause not stated.").as_deref(),
        Some("I08.0")
    );
    // A cause denied or only asked about is no cause.
    assert_eq!(
        pointed("MR and AS (not called rheumatic or degenerative). Two nonrheumatic codes?")
            .as_deref(),
        Some("I08.0")
    );
    // The note is for a disorder of unspecified cause.
    assert_eq!(pointed("Degenerative MR and calcific AS."), None);
    // A note "with or without" something names no pair.
    assert_eq!(
        said_together_where_a_note_points(icd, "Lewy body dementia.", "F02.82", "G31.83"),
        None
    );
}

/// The codes a pass over the answer keeps, given the codes it starts from.
fn through(
    pass: impl FnOnce(Vec<Recommendation>) -> Vec<Recommendation>,
    codes: &[&str],
) -> Vec<String> {
    pass(codes.iter().map(|c| rec(c)).collect())
        .into_iter()
        .map(|r| r.code)
        .collect()
}

fn rec(code: &str) -> Recommendation {
    Recommendation {
        system: CodeSystem::Icd10cm,
        code: code.into(),
        title: String::new(),
        why: String::new(),
        evidence: String::new(),
        from: None,
    }
}

#[test]
fn a_written_line_is_completed_by_what_the_question_states_and_nothing_else() {
    let (icd, _) = &*ICD;
    let line = |text: &str, written: &str| {
        sibling_stated(icd, &Query::new(text), text, written).map(|(r, _)| r.code)
    };
    let recurrent = "ENT: 'recurrent acute suppurative otitis media, bilateral', no perforation.";
    assert_eq!(line(recurrent, "H66.003").as_deref(), Some("H66.006"));
    let first = "Acute suppurative otitis media of both ears, no perforation.";
    assert_eq!(line(first, "H66.003"), None);
    // A course said of another condition is not this one's.
    let two = "Admitted with acute acalculous cholecystitis. She has chronic systolic HF.";
    assert_eq!(line(two, "K81.0"), None);
    assert_eq!(line(two, "I50.22"), None);
    let worse = "Admitted with acute on chronic systolic HF.";
    assert_eq!(line(worse, "I50.22").as_deref(), Some("I50.23"));
}

#[test]
fn a_combination_asking_for_its_complication_goes_before_the_one_its_entry_names() {
    let (icd, _) = &*ICD;
    let with = |code: &str, evidence: &str| Recommendation {
        title: icd.title(&compact(code)).unwrap_or_default(),
        evidence: evidence.into(),
        ..rec(code)
    };
    let diabetes = "Index (FY2025): Diabetes, type 2, with, osteomyelitis → E11.69";
    let order = |picked: Vec<Recommendation>| -> Vec<String> {
        in_reporting_order(icd, picked)
            .into_iter()
            .map(|r| r.code)
            .collect()
    };
    let toe = with(
        "M86.172",
        "Index (FY2025): Osteomyelitis, acute, toe → M86.17-",
    );
    assert_eq!(
        order(vec![toe, with("E11.69", diabetes)]),
        ["E11.69", "M86.172"]
    );
    // A code its entry does not name keeps its place.
    let hypertension = with("I10", "Index (FY2025): Hypertension → I10");
    assert_eq!(
        order(vec![hypertension, with("E11.69", diabetes)]),
        ["I10", "E11.69"]
    );
}

/// The codes rule `name` of [`ANSWER_RULES`] keeps for the question `text`.
fn by_rule(name: &str, text: &str, given: &[&str]) -> Vec<String> {
    let (icd, search) = &*ICD;
    let rule = ANSWER_RULES
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no answer rule {name}"));
    let q = Query::new(text);
    let index = &BOOKS.index;
    let paths = index.paths(q.terms(), &|w: &str| q.has(w));
    let found = entries::entries(icd, index, search, &q, text, &paths);
    let answering = Answering {
        icd,
        index,
        external: &BOOKS.external,
        entries: &found,
        search,
        q: &q,
        text,
    };
    through(|p| (rule.pass)(&answering, p), given)
}

/// For each rule over the answer: a question where it changes the answer (the codes or
/// their order) and one where it leaves the answer as it is.
type Example = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);
const EXAMPLES: &[Example] = &[
        (
            "no_external_cause_a_drug_code_holds",
            "ED: clonazepam slipped into her drink at a bar, an assault; drowsy, discharged.",
            &["T42.4X3A", "X95.8XXA"],
            &["T42.4X3A"],
        ),
        (
            "no_external_cause_a_drug_code_holds",
            "House fire: smoke inhalation and a burn of the right hand.",
            &["T59.811A", "T23.201A", "X00.0XXA"],
            &["T59.811A", "T23.201A", "X00.0XXA"],
        ),
        (
            "no_ill_defined_site_beside_a_defined_one",
            "Thoracic surgery: adenocarcinoma in situ of the right upper lobe, wedge resection.",
            &["D09.8", "D02.21"],
            &["D02.21"],
        ),
        (
            "the_transplant_in_its_complication",
            "Admitted with acute rejection of a deceased-donor kidney transplant.",
            &["T86.11", "Z94.0", "Z52.4"],
            &["T86.11"],
        ),
        (
            "the_transplant_in_its_complication",
            "Living donor admitted for donation of her left kidney to her brother.",
            &["Z52.4"],
            &["Z52.4"],
        ),
        (
            "no_therapy_encounter_the_question_does_not_say",
            "Outpatient surgery: known pancreatic cancer on chemotherapy, excision of an umbilical nodule.",
            &["Z51.11", "C79.2", "C25.0"],
            &["C79.2", "C25.0"],
        ),
        (
            "no_therapy_encounter_the_question_does_not_say",
            "Infusion center: here for cycle 3 of FOLFOX for colon cancer.",
            &["Z51.11", "C18.9"],
            &["Z51.11", "C18.9"],
        ),
        (
            "what_another_person_has_is_a_contact",
            "Sexual health clinic: his partner was diagnosed with gonorrhea 3 days ago; he has no symptoms.",
            &["A54.9"],
            &["Z20.2"],
        ),
        (
            "what_another_person_has_is_a_contact",
            "His partner was diagnosed with gonorrhea; he has urethral discharge and his own NAAT shows gonorrhea.",
            &["A54.9"],
            &["A54.9"],
        ),
        (
            "no_urinary_infection_of_no_site_beside_its_site",
            "Acute bacterial prostatitis due to Enterococcus; coder added N39.0.",
            &["N39.0", "N41.0", "B95.2"],
            &["N41.0", "B95.2"],
        ),
        (
            "no_urinary_infection_of_no_site_beside_its_site",
            "UTI with E. coli, site not documented.",
            &["N39.0", "B96.20"],
            &["N39.0", "B96.20"],
        ),
        (
            "no_ill_defined_site_beside_a_defined_one",
            "Malignant neoplasm of the thorax, site not further specified.",
            &["C76.1"],
            &["C76.1"],
        ),
        (
            "the_postoperative_diagnosis",
            "ASC: thigh mass excised. Final pathology: hemangiopericytoma. The coder entered D17.23 from the pre-op note.",
            &["D17.23", "D48.19"],
            &["D48.19"],
        ),
        (
            "the_postoperative_diagnosis",
            "ASC: lipoma of the thigh excised; final pathology confirms lipoma. Coder: D17.23.",
            &["D17.23"],
            &["D17.23"],
        ),
        (
            "each_site_its_entry_names",
            "Primary focal hyperhidrosis of the axillae and palms, botox today.",
            &["L74.512"],
            &["L74.512", "L74.510"],
        ),
        (
            "each_site_its_entry_names",
            "Primary focal hyperhidrosis of the palms.",
            &["L74.512"],
            &["L74.512"],
        ),
        (
            "glaucoma_by_eye_and_stage",
            "Pigmentary glaucoma OU; the right eye is moderate and the left eye mild.",
            &["H40.1331"],
            &["H40.1312", "H40.1321"],
        ),
        (
            "glaucoma_by_eye_and_stage",
            "Pigmentary glaucoma of both eyes, mild stage.",
            &["H40.1331"],
            &["H40.1331"],
        ),
        (
            "each_eyelid_named",
            "External hordeolum of the left upper lid and a second one on the left lower lid.",
            &["H00.014"],
            &["H00.014", "H00.015"],
        ),
        (
            "each_eyelid_named",
            "External hordeolum of the left upper lid.",
            &["H00.014"],
            &["H00.014"],
        ),
        (
            "no_aftercare_code_for_a_device_complication",
            "Hardware removal for chronic pain over the prominent plate, due to the hardware.",
            &["Z47.2", "T84.84XA"],
            &["T84.84XA"],
        ),
        (
            "no_aftercare_code_for_a_device_complication",
            "Planned removal of the ankle plate, healed fracture, no pain.",
            &["Z47.2", "S82.63XD"],
            &["Z47.2", "S82.63XD"],
        ),
        (
            "no_weeks_of_gestation_after_the_pregnancy",
            "Retained products two weeks after a spontaneous abortion at 8 weeks; D&C today.",
            &["O03.4", "Z3A.10"],
            &["O03.4"],
        ),
        (
            "no_weeks_of_gestation_after_the_pregnancy",
            "Hyperemesis at 10 weeks with dehydration.",
            &["O21.1", "Z3A.10"],
            &["O21.1", "Z3A.10"],
        ),
        (
            "a_stillbirth_is_coded_alone",
            "Separate record for a stillborn male at 36 weeks; tight true knot of the cord.",
            &["Z38.00", "P95", "P02.5", "P07.39"],
            &["P95"],
        ),
        (
            "a_stillbirth_is_coded_alone",
            "Liveborn male at 36 weeks, delivered vaginally; tight true knot of the cord.",
            &["Z38.00", "P02.5", "P07.39"],
            &["Z38.00", "P02.5", "P07.39"],
        ),
        (
            "normal_delivery_only_when_uncomplicated",
            "Scheduled primary cesarean for persistent frank breech at 39 weeks, liveborn.",
            &["O32.1XX0", "O82", "Z37.0", "Z3A.39"],
            &["O32.1XX0", "Z37.0", "Z3A.39"],
        ),
        (
            "normal_delivery_only_when_uncomplicated",
            "Elective cesarean at maternal request at 39 weeks, no indication, liveborn.",
            &["O82", "Z37.0", "Z3A.39"],
            &["O82", "Z37.0", "Z3A.39"],
        ),
        (
            "diabetes_of_the_stated_type",
            "Diabetic CKD stage 3a, on insulin; the type of diabetes is not documented anywhere.",
            &["E10.22", "N18.31"],
            &["E11.22", "N18.31", "Z79.4"],
        ),
        (
            "diabetes_of_the_stated_type",
            "Diabetes due to alcohol-induced chronic pancreatitis (type 3c), on insulin.",
            &["E11.9", "K86.0", "Z79.4"],
            &["E08.9", "K86.0", "Z79.4"],
        ),
        (
            "diabetes_of_the_stated_type",
            "Diabetes due to poor compliance with diet, on insulin.",
            &["E11.65", "Z79.4"],
            &["E11.65", "Z79.4"],
        ),
        (
            "corrected_malformation_is_history",
            "Meatal stricture after penile hypospadias repaired at age 2.",
            &["Q54.1", "N99.110"],
            &["Z87.710", "N99.110"],
        ),
        (
            "corrected_malformation_is_history",
            "Penile hypospadias, repair planned next month.",
            &["Q54.1"],
            &["Q54.1"],
        ),
        (
            "sequela_of_a_past_cerebrovascular_event",
            "Neuro rehab: left cerebellar hemorrhage 8 months ago, residual gait ataxia.",
            &["I61.4", "I10"],
            &["I69.193", "I10"],
        ),
        (
            "sequela_of_a_past_cerebrovascular_event",
            "ED: acute left cerebellar hemorrhage today, ataxic.",
            &["I61.4"],
            &["I61.4"],
        ),
        (
            "sequela_of_an_old_injury",
            "Post-traumatic osteoarthritis of the right ankle, 3 years after ORIF of a trimalleolar fracture from a cow kick.",
            &["M19.171", "S82.851D", "W55.22XD"],
            &["M19.171", "S82.851S", "W55.22XS"],
        ),
        (
            "the_condition_the_stay_is_for",
            "Inpatient: admitted for cellulitis of the left leg. Glaucoma stage digit for H40.221?",
            &["H40.2212"],
            &["L03.116", "H40.2212"],
        ),
        (
            "the_condition_the_stay_is_for",
            "Inpatient: admitted for elective left total knee replacement for primary osteoarthritis.",
            &["M17.12"],
            &["M17.12"],
        ),
        (
            "the_highest_glaucoma_stage",
            "Chronic angle-closure glaucoma of the right eye recorded as mild stage on day 2, restaged as moderate stage on day 10.",
            &["H40.2210"],
            &["H40.2212"],
        ),
        (
            "the_highest_glaucoma_stage",
            "Chronic angle-closure glaucoma of the right eye, stage not recorded; moderate aortic stenosis.",
            &["H40.2210"],
            &["H40.2210"],
        ),
        (
            "each_code_on_the_side_said_with_it",
            "Admitted for cellulitis of the left leg; known chronic angle-closure glaucoma of the right eye.",
            &["L03.115", "H40.2211"],
            &["L03.116", "H40.2211"],
        ),
        (
            "each_code_on_the_side_said_with_it",
            "Path: (1) L upper arm - compound nevus; (2) R thigh - melanocytic nevus.",
            &["D22.62", "D22.71"],
            &["D22.62", "D22.71"],
        ),
        (
            "one_code_for_a_lesion_across_sites",
            "Cystectomy: one urothelial carcinoma extending continuously from the dome onto the left lateral wall.",
            &["C67.1", "C67.2"],
            &["C67.8"],
        ),
        (
            "one_code_for_a_lesion_across_sites",
            "Two separate urothelial carcinomas, one at the dome and one on the trigone.",
            &["C67.1", "C67.0"],
            &["C67.1", "C67.0"],
        ),
        (
            "one_code_for_a_lesion_across_sites",
            "Invasive ductal carcinoma of the right breast, one 3 cm mass straddling the upper-inner and upper-outer quadrants.",
            &["C50.811", "C50.211", "C50.411"],
            &["C50.811"],
        ),
        (
            "one_code_for_a_lesion_across_sites",
            "Two separate carcinomas of the right breast, one upper-inner and one upper-outer quadrant.",
            &["C50.211", "C50.411"],
            &["C50.211", "C50.411"],
        ),
        (
            "one_line_for_two_of_its_category",
            "Lap chole: acute and chronic cholecystitis with cholelithiasis.",
            &["K80.00", "K80.10"],
            &["K80.12"],
        ),
        (
            "one_line_for_two_of_its_category",
            "Acute cholecystitis with cholelithiasis, and a CBD stone with cholangitis.",
            &["K80.00", "K80.30"],
            &["K80.00", "K80.30"],
        ),
        (
            "a_resolved_condition_is_history",
            "Inpatient for diverticulitis; h/o PE three years ago, finished treatment, stays on apixaban.",
            &["K57.32", "I26.99", "Z79.01"],
            &["K57.32", "Z79.01", "Z86.711"],
        ),
        (
            "a_present_condition_is_no_history",
            "Duplex: chronic DVT of the left femoral vein, non-occlusive thrombus; continue apixaban.",
            &["Z86.718", "Z79.01"],
            &["I82.512", "Z79.01"],
        ),
        (
            "a_present_condition_is_no_history",
            "DVT of the left femoral vein last year, treated 3 months; no thrombus on today's duplex.",
            &["Z86.718"],
            &["Z86.718"],
        ),
        (
            "a_resolved_condition_is_history",
            "Inpatient for diverticulitis; h/o PE three years ago, now a new saddle PE on CT.",
            &["K57.32", "I26.99"],
            &["K57.32", "I26.99"],
        ),
        (
            "the_sequela_of_its_cause",
            "Rectovaginal fistula, sequela of an obstetric fourth-degree laceration 14 months ago.",
            &["O70.3", "N82.3"],
            &["N82.3", "O94"],
        ),
        // A condition back again is reported for its current episode beside the sequela.
        (
            "the_sequela_of_its_cause",
            "Pulmonary fibrosis, a sequela of his first COVID-19 pneumonia; now a COVID-19 reinfection.",
            &["U07.1", "J84.10", "J12.82"],
            &["U07.1", "J84.10", "U09.9"],
        ),
        (
            "the_sequela_of_its_cause",
            "Rectovaginal fistula found 14 months after a fourth-degree obstetric laceration, no residual of it otherwise.",
            &["O70.3", "N82.3"],
            &["O70.3", "N82.3"],
        ),
        (
            "sequela_of_an_old_injury",
            "PTSD (post-traumatic stress disorder) and a new displaced trimalleolar fracture of the right ankle.",
            &["F43.10", "S82.851A"],
            &["F43.10", "S82.851A"],
        ),
        (
            "postoperative_pain_acute_unless_chronic",
            "Post-thoracotomy pain 7 months out; the note never says acute or chronic.",
            &["G89.22"],
            &["G89.12"],
        ),
        (
            "postoperative_pain_acute_unless_chronic",
            "Chronic post-thoracotomy pain, intercostal blocks today.",
            &["G89.22"],
            &["G89.22"],
        ),
        (
            "no_code_for_expected_postoperative_pain",
            "Admitted after a hernia repair; progress note: expected post-op pain, no complications.",
            &["G89.18", "K40.90"],
            &["K40.90"],
        ),
        (
            "no_code_for_expected_postoperative_pain",
            "Severe post-thoracotomy pain beyond what is expected, admitted for a PCA.",
            &["G89.12"],
            &["G89.12"],
        ),
        (
            "external_cause_of_the_stated_intent",
            "Wound check of a gunshot wound of the thigh from a stray bullet; intent unknown.",
            &["S71.132D", "Y24.9XXD"],
            &["S71.132D", "W34.00XD"],
        ),
        (
            "external_cause_of_the_stated_intent",
            "GSW of the thigh; police say it cannot be determined whether it was accidental.",
            &["S71.132A", "Y24.9XXA"],
            &["S71.132A", "Y24.9XXA"],
        ),
        (
            "external_cause_of_the_stated_intent",
            "Shot in the arm during an assault outside a bar.",
            &["S41.131A", "Y24.9XXA"],
            &["S41.131A", "X95.9XXA"],
        ),
        (
            "rehabilitation_for_its_condition",
            "Inpatient rehab admission after Guillain-Barre syndrome, still weak.",
            &["Z51.89", "R53.1", "G61.0"],
            &["G61.0", "R53.1"],
        ),
        (
            "rehabilitation_for_its_condition",
            "Hematology infusion suite: therapeutic phlebotomy only for polycythemia vera.",
            &["Z51.89", "D45"],
            &["D45"],
        ),
        (
            "rehabilitation_for_its_condition",
            "Clinic visit for Guillain-Barre syndrome follow-up.",
            &["Z51.89", "G61.0"],
            &["Z51.89", "G61.0"],
        ),
        (
            "myocardial_infarction_of_the_stated_type",
            "Cards: type 2 MI (demand ischemia) d/t atrial flutter with RVR, NSTEMI pattern.",
            &["I48.92", "I21.4"],
            &["I48.92", "I21.A1"],
        ),
        (
            "myocardial_infarction_of_the_stated_type",
            "NSTEMI, cath showed a 95% LAD lesion, stented; type 2 diabetes.",
            &["I21.4", "E11.9"],
            &["I21.4", "E11.9"],
        ),
        (
            "neoplasm_related_pain",
            "Admitted for intractable cancer-related back pain; esophageal ca with T-spine mets.",
            &["C15.5", "C79.51", "G89.29"],
            &["C15.5", "C79.51", "G89.3"],
        ),
        (
            "neoplasm_related_pain",
            "Chronic low back pain from lumbar spondylosis; breast ca in remission on letrozole.",
            &["G89.29", "M47.816", "C50.911"],
            &["G89.29", "M47.816", "C50.911"],
        ),
        (
            "each_diabetic_complication",
            "T1DM on pump with diabetic CKD stage 3a and diabetic gastroparesis.",
            &["E10.8", "N18.31"],
            &["E10.22", "E10.43", "N18.31"],
        ),
        (
            "each_diabetic_complication",
            "T2DM, well controlled, no complications; HTN.",
            &["E11.9", "I10"],
            &["E11.9", "I10"],
        ),
        (
            "pressure_ulcer_stage_as_documented",
            "Occipital pressure injury: full-thickness skin loss with visible fat, no bone or tendon exposed. Unstageable because no stage was written?",
            &["L89.810"],
            &["L89.813"],
        ),
        (
            "pressure_ulcer_stage_as_documented",
            "Sacral pressure ulcer with exposed bone at the base.",
            &["L89.159"],
            &["L89.154"],
        ),
        (
            "pressure_ulcer_stage_as_documented",
            "Sacral PU stage 4, healing; L heel unstageable, eschar; R buttock deep tissue pressure injury.",
            &["L89.159", "L89.624", "L89.313"],
            &["L89.154", "L89.620", "L89.316"],
        ),
        (
            "pressure_ulcer_stage_as_documented",
            "L heel pressure ulcer unstageable, eschar; after debridement bone exposed, stage 4.",
            &["L89.620"],
            &["L89.624"],
        ),
        (
            "pressure_ulcer_stage_as_documented",
            "Inpatient: L hip pressure ulcer stage 2 POA, progressed to stage 3 by day 10.",
            &["L89.222"],
            &["L89.222", "L89.223"],
        ),
        (
            "pressure_ulcer_stage_as_documented",
            "Stage 2 pressure ulcer of the R heel; L heel intact.",
            &["L89.612"],
            &["L89.612"],
        ),
        (
            "an_osteoporotic_fracture",
            "Known osteoporosis; tripped at home and fell from standing: L distal radius fx.",
            &["S52.502A", "M81.0", "W18.09XA"],
            &["M80.032A", "W18.09XA"],
        ),
        (
            "an_osteoporotic_fracture",
            "Known osteoporosis; fell from a ladder: L distal radius fx.",
            &["S52.502A", "M81.0", "W11.XXXA"],
            &["S52.502A", "M81.0", "W11.XXXA"],
        ),
        (
            "nothing_the_provider_says_it_is_not",
            "Inpatient. Half the team wants staph sepsis. Attending's diagnosis: 'toxic shock syndrome due to MSSA; not sepsis.'",
            &["A41.01", "A48.3", "R65.21"],
            &["A48.3"],
        ),
        (
            "nothing_the_provider_says_it_is_not",
            "Inpatient. Cardiology documents 'type 1 NSTEMI, not related to the eye surgery; no current thrombosis.'",
            &["I21.4", "H25.12", "Z86.718"],
            &["I21.4", "H25.12", "Z86.718"],
        ),
        (
            "the_organism_its_note_asks_for",
            "Inpatient: toxic shock syndrome, vaginal culture grew methicillin-susceptible Staphylococcus aureus.",
            &["A48.3"],
            &["A48.3", "B95.61"],
        ),
        (
            "the_organism_its_note_asks_for",
            "Inpatient: toxic shock syndrome, cultures negative.",
            &["A48.3"],
            &["A48.3"],
        ),
        (
            "no_finding_no_provider_addressed",
            "Inpatient: diverticular bleed; the CT read mentions a right adrenal nodule that no provider addressed. Coder: K57.31, E27.8.",
            &["K57.31", "E27.8"],
            &["K57.31"],
        ),
        (
            "no_finding_no_provider_addressed",
            "Inpatient: cellulitis of the left leg; a sodium of 131 on day 2 was never commented on. Coder: L03.116, E87.1.",
            &["L03.116", "E87.1"],
            &["L03.116"],
        ),
        (
            "no_finding_no_provider_addressed",
            "Inpatient: diverticular bleed; endocrinology evaluated the right adrenal nodule on CT. Coder: K57.31, E27.8.",
            &["K57.31", "E27.8"],
            &["K57.31", "E27.8"],
        ),
        (
            "no_written_code_for_an_unsaid_condition",
            "Endocrinology: subacute granulomatous (de Quervain) thyroiditis. When the coder typed 'de Quervain' the encoder returned M65.4. Is that right?",
            &["M65.4", "E06.1"],
            &["E06.1"],
        ),
        (
            "no_written_code_for_an_unsaid_condition",
            "Hand clinic: radial styloid tenosynovitis (de Quervain) of the right wrist; the encoder returned M65.4. Anything else?",
            &["M65.4", "E06.1"],
            &["M65.4", "E06.1"],
        ),
        (
            "nothing_the_work_up_ruled_out",
            "Inpatient: acute pyelonephritis due to E. coli; sepsis was considered and ruled out.",
            &["A41.51", "N10", "B96.20"],
            &["N10", "B96.20"],
        ),
        (
            "nothing_the_work_up_ruled_out",
            "Inpatient: E. coli sepsis from acute pyelonephritis; meningitis was ruled out by LP.",
            &["A41.51", "N10"],
            &["A41.51", "N10"],
        ),
        (
            "established_at_discharge",
            "Inpatient 4 days. Discharge summary final diagnosis: acute appendicitis versus acute diverticulitis of the large intestine, treated nonoperatively.",
            &["R10.31"],
            &["K35.80", "K57.32"],
        ),
        (
            "established_at_discharge",
            "Office visit: RLQ pain, acute appendicitis versus acute diverticulitis of the sigmoid colon; CT ordered.",
            &["R10.31"],
            &["R10.31"],
        ),
        (
            "established_at_discharge",
            "Inpatient: admitted with fever and hypoxia after choking. Discharge summary: likely aspiration pneumonia, treated with Unasyn.",
            &["R50.9", "R09.02"],
            &["J69.0"],
        ),
        (
            "established_at_discharge",
            "Inpatient discharge summary: probable avian influenza with pneumonia, state lab pending.",
            &["J09.X1"],
            &["J11.00"],
        ),
        (
            "established_at_discharge",
            "Clinic visit: cough and fever, likely pneumonia, CXR ordered.",
            &["R05.9", "R50.9"],
            &["R05.9", "R50.9"],
        ),
        (
            "established_at_discharge",
            "Inpatient: admitted for chest pain, r/o MI. Troponins negative, MI ruled out; discharged.",
            &["R07.9"],
            &["R07.9"],
        ),
        (
            "a_post_term_pregnancy_is_no_routine_visit",
            "OB: 41w2d, here for NST and AFI, no complaints.",
            &["Z34.83", "Z3A.41"],
            &["O48.0", "Z3A.41"],
        ),
        (
            "a_post_term_pregnancy_is_no_routine_visit",
            "OB: routine prenatal visit at 39w4d, no complaints.",
            &["Z34.83", "Z3A.39"],
            &["Z34.83", "Z3A.39"],
        ),
        (
            "a_pathologic_fracture_is_no_injury",
            "Fx of the R humeral shaft through a lytic metastatic lesion; pathologic fracture due to metastatic prostate cancer.",
            &["S42.301A", "C79.51", "C61"],
            &["M84.521A", "C79.51", "C61"],
        ),
        (
            "a_pathologic_fracture_is_no_injury",
            "Fell off a ladder: fx of the R humeral shaft, history of prostate cancer.",
            &["S42.301A", "Z85.46"],
            &["S42.301A", "Z85.46"],
        ),
        (
            "not_first_when_it_arose_after_admission",
            "Inpatient: admitted from the ED with bronchopneumonia. Attending: 'acute hypoxic respiratory failure due to the pneumonia, developed after admission'.",
            &["J96.01", "J18.0"],
            &["J18.0", "J96.01"],
        ),
        (
            "not_first_when_it_arose_after_admission",
            "Inpatient: admitted with acute hypoxic respiratory failure due to bronchopneumonia.",
            &["J96.01", "J18.0"],
            &["J96.01", "J18.0"],
        ),
        (
            "a_pain_code_when_the_encounter_is_for_pain_control",
            "Outpatient surgery: chronic neuropathic foot pain from diabetic polyneuropathy; spinal cord stimulator placed for pain control.",
            &["E11.42"],
            &["G89.29", "E11.42"],
        ),
        (
            "a_pain_code_when_the_encounter_is_for_pain_control",
            "Outpatient surgery: spinal cord stimulator placed for pain control of painful diabetic polyneuropathy.",
            &["E11.42"],
            &["E11.42"],
        ),
        (
            "no_pain_code_when_the_procedure_treats_its_cause",
            "Inpatient: admitted for elective L4-L5 decompression and fusion for degenerative spondylolisthesis with chronic low back pain.",
            &["M43.16", "G89.29", "M54.50"],
            &["M43.16"],
        ),
        (
            "no_pain_code_when_the_procedure_treats_its_cause",
            "Pain clinic: L4-L5 spondylolisthesis with chronic low back pain, here for an epidural steroid injection for pain control.",
            &["G89.29", "M54.50", "M43.16"],
            &["G89.29", "M54.50", "M43.16"],
        ),
        (
            "a_cancelled_procedure_is_z53",
            "ASC: scheduled right carpal tunnel release; fever and cough in pre-op, acute URI - case cancelled.",
            &["J06.9", "G56.01"],
            &["G56.01", "Z53.09", "J06.9"],
        ),
        (
            "a_cancelled_procedure_is_z53",
            "Surgery cancelled for new AF. Admitted for a right carpal tunnel release; pre-op she went into paroxysmal atrial fibrillation; the surgery was cancelled.",
            &["I48.0", "G56.01"],
            &["G56.01", "Z53.09", "I48.0"],
        ),
        (
            "a_cancelled_procedure_is_z53",
            "ASC: right carpal tunnel release done today, no complications.",
            &["G56.01"],
            &["G56.01"],
        ),
        (
            "a_cancelled_procedure_is_z53",
            "Admitted for a tracheal resection for carcinoma of the trachea; she declined the operation. Coder made Z53.29 principal.",
            &["Z53.29", "C33"],
            &["C33", "Z53.29"],
        ),
        (
            "no_status_its_aftercare_names",
            "Sacral nerve stimulator reprogrammed today for fecal incontinence.",
            &["Z45.42", "R15.9", "Z96.82"],
            &["Z45.42", "R15.9"],
        ),
        (
            "no_status_its_aftercare_names",
            "Routine care 10 weeks after a kidney transplant, on tacrolimus.",
            &["Z48.22", "Z94.0", "Z79.621"],
            &["Z48.22", "Z79.621"],
        ),
        (
            "no_status_its_aftercare_names",
            "Surgical aftercare after coronary bypass.",
            &["Z48.812", "Z95.1"],
            &["Z48.812", "Z95.1"],
        ),
        (
            "in_reporting_order",
            "Sacral nerve stimulator reprogrammed today for fecal incontinence.",
            &["R15.9", "Z45.42"],
            &["Z45.42", "R15.9"],
        ),
        (
            "a_bmi_goes_with_its_weight_diagnosis",
            "Prenatal visit at 26 weeks, pregnancy complicated by class 2 obesity, BMI 39.",
            &["O99.212", "E66.812", "Z68.39", "Z3A.26"],
            &["O99.212", "E66.812", "Z3A.26"],
        ),
        (
            "a_bmi_goes_with_its_weight_diagnosis",
            "Office: adult with obesity, BMI 31.2, diet counseling.",
            &["Z68.31"],
            &["E66.9", "Z68.31"],
        ),
        (
            "a_bmi_goes_with_its_weight_diagnosis",
            "Office: BMI 31.2 noted at a sprain visit, no weight diagnosis.",
            &["Z68.31"],
            &["Z68.31"],
        ),
        (
            "a_healed_osteoporotic_fracture_is_history",
            "Postmenopausal osteoporosis, denosumab injection; an osteoporotic L1 fracture 3 years ago has healed, no new fracture.",
            &["M80.08XD", "S32.010A"],
            &["M81.0", "Z87.310"],
        ),
        (
            "a_healed_osteoporotic_fracture_is_history",
            "Postmenopausal osteoporosis, L1 fragility fracture last month, routine healing.",
            &["M80.08XD"],
            &["M80.08XD"],
        ),
        (
            "a_read_test_s_diagnosis_not_its_symptoms",
            "Outpatient Holter for palpitations; the final interpretation reads frequent PVCs.",
            &["R00.2", "I49.3"],
            &["I49.3"],
        ),
        (
            "a_read_test_s_diagnosis_not_its_symptoms",
            "Outpatient Holter for palpitations ordered; results pending. Known HTN.",
            &["R00.2", "I10"],
            &["R00.2", "I10"],
        ),
        (
            "no_newborn_code_on_the_mother_s_record",
            "Uncomplicated vaginal delivery at 39 weeks; GBS positive, penicillin in labor.",
            &["O80", "Z37.0", "Z22.330", "P00.82", "Z3A.39"],
            &["O80", "Z37.0", "Z22.330", "Z3A.39"],
        ),
        (
            "no_newborn_code_on_the_mother_s_record",
            "Newborn record: born here vaginally, affected by maternal GBS colonization.",
            &["Z38.00", "P00.82"],
            &["Z38.00", "P00.82"],
        ),
        (
            "the_birth_record_starts_with_z38",
            "Audiology: a 3-week-old born at term at our hospital failed the newborn hearing screen; diagnostic ABR today.",
            &["Z01.110"],
            &["Z01.110"],
        ),
        (
            "the_birth_record_starts_with_z38",
            "Nursery: term boy born by spontaneous vaginal delivery in our hospital, cephalohematoma.",
            &["O80", "P12.0"],
            &["Z38.00", "P12.0"],
        ),
        (
            "the_birth_record_starts_with_z38",
            "Ophthalmology: 4-month-old born at 27 weeks, here for ROP follow-up.",
            &["H35.133"],
            &["H35.133"],
        ),
        (
            "the_birth_record_starts_with_z38",
            "Newborn record: term girl delivered precipitously in the family car on the way in, healthy.",
            &["Z38.00"],
            &["Z38.1"],
        ),
        (
            "hypertensive_heart_disease",
            "Cardiology: dilated cardiomyopathy with chronic systolic heart failure; mild essential HTN. 'HFrEF is not related to his hypertension.'",
            &["I11.0", "I50.22", "I42.0"],
            &["I50.22", "I42.0", "I10"],
        ),
        (
            "hemiplegia_by_side_and_dominance",
            "PM&R: left spastic hemiparesis two years after a TBI, handedness not documented.",
            &["G81.10"],
            &["G81.14"],
        ),
        (
            "hemiplegia_by_side_and_dominance",
            "PM&R: spastic hemiparesis two years after a TBI, side not documented.",
            &["G81.10"],
            &["G81.10"],
        ),
        (
            "a_pathologic_fracture_is_no_injury",
            "Runner, no injury: stress fracture of the left 3rd metatarsal.",
            &["S92.332A", "S99.102A"],
            &["M84.375A"],
        ),
        (
            "nothing_the_question_denies",
            "Inpatient: type 1 diabetes in DKA, no coma.",
            &["E10.11"],
            &["E10.10"],
        ),
        (
            "nothing_the_question_denies",
            "Inpatient: type 1 diabetes in DKA with coma.",
            &["E10.11"],
            &["E10.11"],
        ),
        (
            "a_healed_pressure_ulcer_is_not_coded",
            "Admitted for pneumonia; sacral pressure injury completely healed, intact scar.",
            &["J18.9", "L89.153"],
            &["J18.9"],
        ),
        (
            "a_healed_pressure_ulcer_is_not_coded",
            "Admitted for pneumonia; sacral pressure ulcer stage 3, healing, dressing changes.",
            &["J18.9", "L89.153"],
            &["J18.9", "L89.153"],
        ),
        (
            "a_negative_hiv_result_visit_is_counseling",
            "Screened for HIV last week; came back today to get her result: HIV test negative, counseled.",
            &["Z11.4"],
            &["Z71.7"],
        ),
        (
            "a_negative_hiv_result_visit_is_counseling",
            "Routine HIV screening today, no symptoms, no risk factors.",
            &["Z11.4"],
            &["Z11.4"],
        ),
        (
            "disseminated_only_without_known_sites",
            "Adenocarcinoma of unknown primary metastatic to liver and bone. Coder used C80.0.",
            &["C80.0", "C78.7", "C79.51"],
            &["C78.7", "C79.51", "C80.1"],
        ),
        (
            "disseminated_only_without_known_sites",
            "Hospice: widely disseminated cancer, primary and sites not documented.",
            &["C80.0"],
            &["C80.0"],
        ),
        (
            "an_implant_lymphoma_is_no_implant_complication",
            "Seroma at the right implant: breast implant associated ALCL; implants in place.",
            &["T85.898A", "C84.7A"],
            &["C84.7A", "Z98.82"],
        ),
        (
            "an_implant_lymphoma_is_no_implant_complication",
            "Capsular contracture of the left breast implant, no lymphoma.",
            &["T85.898A"],
            &["T85.898A"],
        ),
        (
            "uncertain_behaviour_needs_histology",
            "Pulm: solitary 8 mm RUL nodule on CT, repeat CT in 3 months, no bx.",
            &["D38.1", "R91.1"],
            &["R91.1"],
        ),
        (
            "uncertain_behaviour_needs_histology",
            "Pulm: RUL nodule, CT-guided bx: neoplasm of uncertain behavior per pathology.",
            &["D38.1", "R91.1"],
            &["D38.1", "R91.1"],
        ),
        (
            "history_of_an_eradicated_malignancy",
            "HTN visit; bladder ca resected 2019, BCG completed, NED on surveillance, no current treatment.",
            &["C67.9", "I10", "Z85.51"],
            &["I10", "Z85.51"],
        ),
        (
            "history_of_an_eradicated_malignancy",
            "Bladder ca resected 2019; recurrence found on cystoscopy today, BCG restarted.",
            &["C67.9", "Z85.51"],
            &["C67.9", "Z85.51"],
        ),
        (
            "the_reason_for_the_delivery_admission_first",
            "Inpatient L&D: G2P1 admitted at 40w5d for preeclampsia without severe features; labor induced, then arrest of dilation and a primary cesarean, liveborn girl.",
            &["O62.1", "O14.04", "Z37.0"],
            &["O14.04", "O62.1", "Z37.0"],
        ),
        (
            "the_reason_for_the_delivery_admission_first",
            "Inpatient L&D: G2P1 admitted in active labor at 39w; arrest of dilation and a primary cesarean, liveborn girl.",
            &["O62.1", "Z37.0"],
            &["O62.1", "Z37.0"],
        ),
        (
            "a_receptor_status_beside_its_malignancy",
            "Mastectomy for triple-negative breast cancer 3 years ago, no current treatment; revision of the reconstructed breast today.",
            &["N65.0", "Z85.3", "Z17.421"],
            &["N65.0", "Z85.3"],
        ),
        (
            "a_receptor_status_beside_its_malignancy",
            "Left breast cancer, ER-positive, on anastrozole.",
            &["C50.912", "Z17.0", "Z79.811"],
            &["C50.912", "Z17.0", "Z79.811"],
        ),
        (
            "a_kidney_transplant_with_no_complication",
            "Transplant clinic: kidney transplant 2021, CKD stage 2, no rejection, stable graft.",
            &["T86.19", "Z79.621"],
            &["Z79.621", "N18.2", "Z94.0"],
        ),
        (
            "a_kidney_transplant_with_no_complication",
            "Transplant clinic: kidney transplant 2021, acute rejection on biopsy, CKD 3a.",
            &["T86.11", "N18.31"],
            &["T86.11", "N18.31"],
        ),
        (
            "fracture_healing_as_stated",
            "Ortho: closed Colles fx R wrist, 10 wks out, xray shows delayed union, recast.",
            &["S52.531A"],
            &["S52.531G"],
        ),
        (
            "fracture_healing_as_stated",
            "Ortho: closed Colles fx R wrist from a fall off a ladder, 10 wks out, nonunion.",
            &["S52.531A", "W11.XXXA"],
            &["S52.531K", "W11.XXXD"],
        ),
        (
            "fracture_healing_as_stated",
            "Ortho: closed Colles fx R wrist, 6 wks out, healing well, cast off.",
            &["S52.531D"],
            &["S52.531D"],
        ),
        (
            "open_fracture_as_documented",
            "ED: fell off an e-scooter, open L radial shaft fx, Gustilo IIIA, to the OR.",
            &["S52.352B"],
            &["S52.352C"],
        ),
        (
            "open_fracture_as_documented",
            "ED: fell off an e-scooter, closed L radial shaft fx, splinted.",
            &["S52.352A"],
            &["S52.352A"],
        ),
        (
            "the_birth_record_starts_with_z38",
            "Newborn record: baby boy born here by SVD at 35w2d, hyperbilirubinemia of prematurity.",
            &["Z37.0", "P07.38", "P59.0"],
            &["Z38.00", "P07.38", "P59.0"],
        ),
        (
            "the_birth_record_starts_with_z38",
            "NICU: baby girl transferred in from a community hospital, born there by C-section, TTN.",
            &["Z38.01", "P22.1"],
            &["P22.1"],
        ),
        (
            "the_birth_record_starts_with_z38",
            "Peds clinic: 3-week-old with thrush, born at term.",
            &["B37.0"],
            &["B37.0"],
        ),
        (
            "the_birth_record_starts_with_z38",
            "Baby girl born here by SVD, readmitted on day 5 with neonatal jaundice.",
            &["Z38.00", "P59.9"],
            &["P59.9"],
        ),
        (
            "no_routine_supervision_beside_a_pregnancy_condition",
            "Routine prenatal visit at 26 weeks, HIV-positive on ART, never an HIV-related illness.",
            &["O98.712", "Z34.02", "Z21", "Z3A.26"],
            &["O98.712", "Z21", "Z3A.26"],
        ),
        (
            "no_routine_supervision_beside_a_pregnancy_condition",
            "Routine prenatal visit at 26 weeks, first pregnancy, no problems.",
            &["Z34.02", "Z3A.26"],
            &["Z34.02", "Z3A.26"],
        ),
        (
            "every_delivery_with_its_outcome",
            "L&D: SVD at 39w1d of a single liveborn girl with a first-degree perineal laceration.",
            &["O70.0", "Z3A.39"],
            &["O70.0", "Z3A.39", "Z37.0"],
        ),
        (
            "every_delivery_with_its_outcome",
            "L&D: twins at 36w delivered by cesarean, twin B stillborn.",
            &["O30.003", "Z3A.36"],
            &["O30.003", "Z3A.36", "Z37.3"],
        ),
        (
            "every_delivery_with_its_outcome",
            "Prenatal visit at 30 weeks for gestational diabetes, diet controlled.",
            &["O24.410", "Z3A.30"],
            &["O24.410", "Z3A.30"],
        ),
        (
            "in_childbirth_when_delivered",
            "L&D: GDM on insulin, induced at 38w5d, SVD of a healthy liveborn.",
            &["O24.414", "Z3A.38", "Z37.0", "Z38.00"],
            &["O24.424", "Z3A.38", "Z37.0"],
        ),
        (
            "in_childbirth_when_delivered",
            "Postpartum visit: GDM on insulin, delivered 3 weeks ago.",
            &["O24.414", "Z3A.30"],
            &["O24.414", "Z3A.30"],
        ),
        (
            "in_the_puerperium_after_delivery",
            "Readmitted 6 days after a vaginal delivery with severe preeclampsia.",
            &["O14.13", "Z3A.39"],
            &["O14.15"],
        ),
        (
            "in_the_puerperium_after_delivery",
            "Antepartum admission at 34 weeks: severe preeclampsia.",
            &["O14.13", "Z3A.34"],
            &["O14.13", "Z3A.34"],
        ),
        (
            "each_side_of_a_bilateral_condition",
            "Cellulitis of both lower legs, cefazolin.",
            &["L03.119"],
            &["L03.115", "L03.116"],
        ),
        // A one-sided code of a condition a sentence says on both sides takes the other side.
        (
            "each_side_of_a_bilateral_condition",
            "Dermatochalasis of the right and left upper eyelids, blepharoplasty both sides.",
            &["H02.831"],
            &["H02.831", "H02.834"],
        ),
        (
            "each_side_of_a_bilateral_condition",
            "Bilateral pedal edema. Cellulitis of the right lower leg, cefazolin.",
            &["L03.115"],
            &["L03.115"],
        ),
        (
            "each_side_of_a_bilateral_condition",
            "Cellulitis of the left lower leg.",
            &["L03.119"],
            &["L03.119"],
        ),
        (
            "drug_induced_diabetes",
            "Steroid-induced diabetes with hyperglycemia.",
            &["E13.65", "T38.0X5A"],
            &["E09.65", "T38.0X5A"],
        ),
        (
            "drug_induced_diabetes",
            "T2DM with hyperglycemia; rash from amoxicillin.",
            &["E11.65", "T36.0X5A"],
            &["E11.65", "T36.0X5A"],
        ),
        (
            "hypertensive_heart_disease",
            "HTN with LVH on echo.",
            &["I51.7", "I10"],
            &["I11.9"],
        ),
        (
            "hypertensive_heart_disease",
            "LVH unrelated to her HTN (athlete's heart).",
            &["I51.7", "I10"],
            &["I51.7", "I10"],
        ),
        (
            "secondary_hypertension_as_documented",
            "Primary aldosteronism from a left adrenal adenoma with secondary hypertension.",
            &["I10", "E26.01"],
            &["I15.2", "E26.01"],
        ),
        (
            "secondary_hypertension_as_documented",
            "Essential hypertension, no secondary cause found on work-up.",
            &["I10"],
            &["I10"],
        ),
        (
            "one_hypertensive_combination",
            "HTN with heart failure and CKD 3b.",
            &["I11.0", "I50.9", "I12.9", "N18.32"],
            &["I13.0", "I50.9", "N18.32"],
        ),
        (
            "atherosclerosis_with_its_angina",
            "CAD with stable exertional angina on isosorbide.",
            &["I25.10", "I20.89"],
            &["I25.118"],
        ),
        (
            "atherosclerosis_with_its_angina",
            "CAD; unstable angina from severe anemia, Hgb 6.1.",
            &["I25.10", "I20.0"],
            &["I25.10", "I20.0"],
        ),
        (
            "pre_existing_hypertension_with_heart_or_kidney",
            "Chronic HTN and CKD 2 from before the pregnancy, 20 weeks.",
            &["O10.012", "O26.832", "I12.9", "N18.2", "Z3A.20"],
            &["O10.212", "I12.9", "N18.2", "Z3A.20"],
        ),
        (
            "pre_existing_hypertension_with_heart_or_kidney",
            "Chronic HTN at 20 weeks, kidneys normal.",
            &["O10.012", "Z3A.20"],
            &["O10.012", "Z3A.20"],
        ),
        (
            "one_hypertensive_combination",
            "HTN with CKD 3b.",
            &["I12.9", "N18.32"],
            &["I12.9", "N18.32"],
        ),
        (
            "hypertensive_heart_disease",
            "HTN with LVH on echo.",
            &["I11.9", "I10"],
            &["I11.9", "I10"],
        ),
        (
            "one_hypertensive_combination",
            "HFpEF and HTN, no kidney disease.",
            &["I11.0", "I13.0", "I50.32"],
            &["I11.0", "I50.32"],
        ),
        (
            "one_hypertensive_combination",
            "HTN, HF and CKD 3a.",
            &["I13.0", "I11.0", "I50.9", "N18.31"],
            &["I13.0", "I50.9", "N18.31"],
        ),
        (
            "diabetes_of_the_stated_type",
            "T1DM on a pump, hypoglycemia. Coded E11.649.",
            &["E11.649"],
            &["E10.649"],
        ),
        (
            "diabetes_of_the_stated_type",
            "T2DM with hypoglycemia.",
            &["E11.649"],
            &["E11.649"],
        ),
        (
            "diabetes_of_the_stated_type",
            "DM on insulin, nothing about type 1 or 2.",
            &["E11.9", "Z79.4"],
            &["E11.9", "Z79.4"],
        ),
        ("hiv_disease_or_status", "PCP visit: HIV positive, CD4 720, no symptoms, no HIV-related illness ever. Coded B20.", &["B20"], &["Z21"]),
        (
            "hiv_disease_or_status",
            "HIV, off ART, cryptococcal meningitis; coder says he was asymptomatic until now.",
            &["B45.1", "Z21"],
            &["B45.1", "B20"],
        ),
        ("in_reporting_order", "Old MI and CAD, stable.", &["I25.2", "I25.10"], &["I25.10", "I25.2"]),
        ("severe_sepsis_as_documented", "Sepsis d/t pyelo, provider documents no acute organ dysfunction.", &["A41.9", "R65.20", "N10"], &["A41.9", "N10"]),
        ("severe_sepsis_as_documented", "Sepsis with septic shock on norepinephrine, AKI.", &["A41.9", "R65.20", "N17.9"], &["A41.9", "R65.21", "N17.9"]),
        ("severe_sepsis_as_documented", "Sepsis with AKI due to sepsis, no shock.", &["A41.9", "R65.20", "N17.9"], &["A41.9", "R65.20", "N17.9"]),
        ("aftercare_of_a_joint_replacement", "Outpatient PT 3 weeks s/p right total knee replacement for OA. Coded M17.11.", &["M17.11"], &["Z47.1", "Z96.651"]),
        ("aftercare_of_a_joint_replacement", "Pre-op clearance before right total knee replacement for OA.", &["Z01.818", "M17.11"], &["Z01.818", "M17.11"]),
        ("staphylococcus_aureus_as_the_infection_s_cause", "MRSA cellulitis of the left lower leg.", &["L03.116", "A49.02"], &["L03.116", "B95.62"]),
        ("staphylococcus_aureus_as_the_infection_s_cause", "MRSA pneumonia.", &["J15.212", "B95.62"], &["J15.212"]),
        ("staphylococcus_aureus_as_the_infection_s_cause", "MRSA infection, site not documented.", &["A49.02"], &["A49.02"]),
        (
            "hiv_disease_or_status",
            "Newly HIV positive, asymptomatic. Coded B20.",
            &["B20"],
            &["Z21"],
        ),
        (
            "hiv_disease_or_status",
            "HIV, viral load undetectable, had PCP pneumonia in 2019. Coded Z21.",
            &["Z21"],
            &["B20"],
        ),
        (
            "hiv_disease_or_status",
            "HIV disease with oral thrush.",
            &["B20", "B37.0"],
            &["B20", "B37.0"],
        ),
        (
            "one_bilateral_code",
            "Primary OA of both knees.",
            &["M17.11", "M17.12"],
            &["M17.0"],
        ),
        (
            "one_bilateral_code",
            "Primary OA of the right knee; left knee OA too, post-traumatic.",
            &["M17.11", "M17.32"],
            &["M17.11", "M17.32"],
        ),
        (
            "a_medical_condition_is_no_alcohol_induced_disorder",
            "Alcoholic polyneuropathy due to alcohol dependence.",
            &["F10.288", "G62.1"],
            &["G62.1", "F10.20"],
        ),
        (
            "a_medical_condition_is_no_alcohol_induced_disorder",
            "Alcohol dependence with alcohol-induced sleep disorder.",
            &["F10.282"],
            &["F10.282"],
        ),
        (
            "one_pattern_of_use",
            "Alcohol dependence; abuse coded too.",
            &["F10.10", "F10.20"],
            &["F10.20"],
        ),
        (
            "one_pattern_of_use",
            "Alcohol dependence and cannabis use.",
            &["F10.20", "F12.90"],
            &["F10.20", "F12.90"],
        ),
        (
            "highest_degree_of_each_burn",
            "Burns of the back of the left hand.",
            &["T23.162A", "T23.262A"],
            &["T23.262A"],
        ),
        (
            "highest_degree_of_each_burn",
            "Burns of both hands.",
            &["T23.161A", "T23.262A"],
            &["T23.161A", "T23.262A"],
        ),
        (
            "no_cataclysm_without_its_injury",
            "Vent-dependent ALS patient in the ED during the hurricane's power outage, no injury.",
            &["Z99.12", "G12.21", "X37.0XXA"],
            &["Z99.12", "G12.21"],
        ),
        (
            "no_cataclysm_without_its_injury",
            "Laceration of the scalp from flying debris in the hurricane.",
            &["S01.01XA", "X37.0XXA"],
            &["S01.01XA", "X37.0XXA"],
        ),
        (
            "a_pregnant_patient_s_condition_from_chapter_15",
            "29F pregnant at 28w0d with epilepsy on lamotrigine; nobody documents the pregnancy as incidental.",
            &["G40.909", "Z33.1", "Z3A.28"],
            &["O99.353", "G40.909", "Z3A.28"],
        ),
        (
            "a_pregnant_patient_s_condition_from_chapter_15",
            "Pregnant at 20 weeks, seen for an ankle sprain; the pregnancy is incidental to the visit.",
            &["S93.401A", "Z33.1"],
            &["S93.401A", "Z33.1"],
        ),
        (
            "no_disease_beside_its_contact_code",
            "9yo, mom's boyfriend in the home has active pulmonary TB; child well, QuantiFERON drawn.",
            &["Z20.1", "A15.0"],
            &["Z20.1"],
        ),
        (
            "no_disease_beside_its_contact_code",
            "Active pulmonary TB, sputum positive; her husband's COVID-19 exposure last week.",
            &["A15.0", "Z20.822"],
            &["A15.0", "Z20.822"],
        ),
        (
            "no_condition_a_combination_line_names_with",
            "Pertussis, PCR positive for Bordetella pertussis, with pneumonia on the chest film.",
            &["A37.01", "J18.9"],
            &["A37.01"],
        ),
        (
            "no_condition_a_combination_line_names_with",
            "T2DM with diabetic CKD stage 3a.",
            &["E11.22", "N18.31"],
            &["E11.22", "N18.31"],
        ),
        (
            "no_line_another_of_its_category_says_more_of",
            "Acute E. coli epididymo-orchitis, right. The coder sent N45.1 and N45.3.",
            &["N45.1", "N45.3", "B96.20"],
            &["N45.3", "B96.20"],
        ),
        (
            "no_line_another_of_its_category_says_more_of",
            "Stage 2 pressure ulcer of the sacrum and a stage 3 of the right heel.",
            &["L89.152", "L89.613"],
            &["L89.152", "L89.613"],
        ),
        (
            "no_catch_all_entry_beside_the_line_that_names_it",
            "Asymptomatic bilateral internal carotid artery stenosis on duplex.",
            &["I65.23", "I77.1"],
            &["I65.23"],
        ),
        (
            "no_catch_all_entry_beside_the_line_that_names_it",
            "Renal artery stenosis, and a stenosis of the left vertebral artery.",
            &["I70.1", "I65.02"],
            &["I70.1", "I65.02"],
        ),
        (
            "no_other_beside_its_named_sibling",
            "Cloudy urine, culture grew a gram-negative rod; the NP documents asymptomatic bacteriuria.",
            &["R82.71", "R82.79"],
            &["R82.71"],
        ),
        (
            "no_other_beside_its_named_sibling",
            "Coder wrote R82.79 for the urine culture; NP documents asymptomatic bacteriuria.",
            &["R82.71", "R82.79"],
            &["R82.71", "R82.79"],
        ),
        (
            "a_malignancy_before_its_symptoms",
            "Cancer-related fatigue in pancreatic head adenocarcinoma metastatic to the liver.",
            &["R53.0", "C25.0", "C78.7"],
            &["C25.0", "C78.7", "R53.0"],
        ),
        (
            "a_malignancy_before_its_symptoms",
            "Fatigue from anemia; history of breast cancer.",
            &["R53.83", "D64.9", "Z85.3"],
            &["R53.83", "D64.9", "Z85.3"],
        ),
        (
            "dementia_with_the_disease_that_causes_it",
            "Early-onset Alzheimer's disease with severe dementia with psychotic disturbance.",
            &["F02.82"],
            &["G30.0", "F02.C2"],
        ),
        (
            "dementia_with_the_disease_that_causes_it",
            "Alzheimer's disease with dementia, moderate, with agitation; no psychosis.",
            &["G30.9"],
            &["G30.9", "F02.B11"],
        ),
        (
            "dementia_with_the_disease_that_causes_it",
            "Behavioral-variant frontotemporal dementia, severe, with disinhibition. Template: F03.91.",
            &["F03.918"],
            &["G31.09", "F02.C18"],
        ),
        (
            "dementia_with_the_disease_that_causes_it",
            "Alzheimer's disease, early, no dementia yet.",
            &["G30.0"],
            &["G30.0"],
        ),
        (
            "dementia_at_its_highest_severity",
            "Vascular dementia, mild on admission, moderate by day 5, with agitation.",
            &["F01.A11", "F01.B11"],
            &["F01.B11"],
        ),
        (
            "dementia_at_its_highest_severity",
            "Vascular dementia with agitation, and Alzheimer's dementia.",
            &["F01.A11", "F02.B0"],
            &["F01.A11", "F02.B0"],
        ),
        (
            "specified_over_unspecified",
            "CKD 3b.",
            &["N18.30", "N18.32"],
            &["N18.32"],
        ),
        (
            "specified_over_unspecified",
            "CKD with HTN.",
            &["N18.9", "I12.9"],
            &["N18.9", "I12.9"],
        ),
        (
            "a_perpetrator_only_of_abuse",
            "ED: punched by an acquaintance in a fight at a bar, nasal bone fx.",
            &["S02.2XXA", "Y04.0XXA", "Y07.54"],
            &["S02.2XXA", "Y04.0XXA"],
        ),
        (
            "a_perpetrator_only_of_abuse",
            "ED: child physical abuse confirmed, the father hit him, forearm fx.",
            &["T74.12XA", "S52.201A", "Y04.0XXA", "Y07.11"],
            &["T74.12XA", "S52.201A", "Y04.0XXA", "Y07.11"],
        ),
        (
            "an_opioid_treating_its_dependence",
            "Severe opioid use disorder on methadone maintenance 80 mg daily.",
            &["F11.20", "Z79.891"],
            &["F11.20"],
        ),
        (
            "an_opioid_treating_its_dependence",
            "OUD on buprenorphine; chronic back pain on long-term oxycodone from pain clinic.",
            &["F11.20", "M54.50", "Z79.891"],
            &["F11.20", "M54.50", "Z79.891"],
        ),
        (
            "an_elevated_reading_is_no_hypertension",
            "BP 152/94 twice; provider: elevated BP reading, no dx of HTN yet.",
            &["I10"],
            &["R03.0"],
        ),
        (
            "an_elevated_reading_is_no_hypertension",
            "BP 152/94 twice; provider diagnoses essential HTN, starts lisinopril.",
            &["I10"],
            &["I10"],
        ),
        (
            "an_examination_with_abnormal_findings",
            "Annual exam; BP elevated on 3 readings, new essential HTN diagnosed.",
            &["Z00.00", "I10"],
            &["Z00.01", "I10"],
        ),
        (
            "an_examination_with_abnormal_findings",
            "Annual physical: hypertensive CKD, progressed to stage 3b; nephrology referral.",
            &["Z00.00", "I12.9", "N18.32"],
            &["Z00.01", "I12.9", "N18.32"],
        ),
        (
            "an_examination_with_abnormal_findings",
            "Annual exam, no complaints, exam and labs normal.",
            &["Z00.00"],
            &["Z00.00"],
        ),
        (
            "remission_as_documented",
            "AML, achieved first complete remission; admitted for consolidation chemo.",
            &["Z51.11", "C92.00"],
            &["Z51.11", "C92.01"],
        ),
        (
            "remission_as_documented",
            "Opioid use disorder, severe, in sustained remission on methadone.",
            &["F11.20"],
            &["F11.21"],
        ),
        (
            "remission_as_documented",
            "T2DM after sleeve gastrectomy, off all meds, provider: diabetes in remission.",
            &["E11.9"],
            &["E11.A"],
        ),
        (
            "remission_as_documented",
            "AML, refractory to induction, has not achieved remission.",
            &["C92.00"],
            &["C92.00"],
        ),
        // "not in remission" is no remission, though its words hold "in remission"; the
        // Tabular's comma before "not having achieved remission" is no other title.
        (
            "remission_as_documented",
            "Myeloid leukemia, not in remission, on hydroxyurea.",
            &["C92.91"],
            &["C92.90"],
        ),
        (
            "loss_of_consciousness_as_documented",
            "Bike crash, concussion, witnessed LOC of about 20 minutes, CT negative.",
            &["S06.0X9A"],
            &["S06.0X1A"],
        ),
        (
            "loss_of_consciousness_as_documented",
            "Bike crash, concussion, unclear whether he passed out.",
            &["S06.0X9A"],
            &["S06.0X9A"],
        ),
        (
            "an_injury_treated_in_this_stay_is_initial",
            "Inpatient: displaced left intertrochanteric fracture, fixed with an intramedullary nail on day 1.",
            &["S72.142D"],
            &["S72.142A"],
        ),
        (
            "an_injury_treated_in_this_stay_is_initial",
            "Ortho clinic 6 weeks after ORIF, routine healing.",
            &["S72.142D"],
            &["S72.142D"],
        ),
        (
            "a_complication_treated_now",
            "POD 8 s/p lap chole, superficial incisional SSI, admitted for IV abx.",
            &["T81.41XD"],
            &["T81.41XA"],
        ),
        (
            "a_complication_treated_now",
            "Follow-up visit: the SSI is healing on oral antibiotics.",
            &["T81.41XD"],
            &["T81.41XD"],
        ),
        (
            "an_organism_the_condition_names",
            "Walking pneumonia, Mycoplasma PCR positive.",
            &["J15.7", "B96.0"],
            &["J15.7"],
        ),
        (
            "an_organism_the_condition_names",
            "Cystitis with hematuria, Proteus on culture.",
            &["N30.01", "B96.4"],
            &["N30.01", "B96.4"],
        ),
        (
            "symptoms_the_answer_explains",
            "Inpatient: benzodiazepine withdrawal delirium in a severe sedative use disorder.",
            &["F13.231", "R41.0"],
            &["F13.231"],
        ),
        (
            "symptoms_the_answer_explains",
            "ED: vomiting and diarrhea, final impression viral gastroenteritis.",
            &["R11.2", "R19.7", "A08.4"],
            &["A08.4"],
        ),
        (
            "symptoms_the_answer_explains",
            "Vomiting and diarrhea, dehydration; no diagnosis yet.",
            &["R11.2", "R19.7", "E86.0"],
            &["R11.2", "R19.7", "E86.0"],
        ),
        (
            "symptoms_the_answer_explains",
            "Obs for near-syncope; cardiology: 'symptoms explained by complete heart block'.",
            &["R55", "I44.2"],
            &["I44.2"],
        ),
        (
            "the_replaced_joint_in_its_complication",
            "Admitted for revision: aseptic loosening of the tibial component of the left TKA.",
            &["M17.12", "T84.033A", "Z96.652"],
            &["T84.033A"],
        ),
        (
            "the_replaced_joint_in_its_complication",
            "Loosening of the left TKA; right knee osteoarthritis, awaiting its own replacement.",
            &["T84.033A", "M17.11"],
            &["T84.033A", "M17.11"],
        ),
        (
            "nothing_that_has_resolved",
            "Pseudocyst that formed after acute alcoholic pancreatitis; the pancreatitis has resolved.",
            &["K86.3", "K85.20"],
            &["K86.3"],
        ),
        (
            "nothing_that_has_resolved",
            "Clinic: tendinitis after levofloxacin for pneumonia 10 days ago (pneumonia resolved).",
            &["M76.62", "J18.9"],
            &["M76.62"],
        ),
        (
            "nothing_that_has_resolved",
            "Admitted for pneumonia; the AKI resolved with fluids.",
            &["J18.9", "N17.9"],
            &["J18.9", "N17.9"],
        ),
        (
            "nothing_that_has_resolved",
            "Acute alcoholic pancreatitis; the nausea has resolved.",
            &["K85.20"],
            &["K85.20"],
        ),
        (
            "no_status_post_without_bearing_on_the_stay",
            "Admitted for pneumonia. Coder also added Z90.49 for an appendectomy decades ago.",
            &["J18.9", "Z90.49"],
            &["J18.9"],
        ),
        (
            "no_status_post_without_bearing_on_the_stay",
            "Admitted for a periprosthetic fracture above the left TKA (Z96.652).",
            &["M97.02XA", "Z96.652"],
            &["M97.02XA", "Z96.652"],
        ),
        (
            "the_drug_reaction_as_named",
            "Phototoxic reaction on minocycline.",
            &["L27.0", "L56.0", "T36.4X5A"],
            &["L56.0", "T36.4X5A"],
        ),
        (
            "the_drug_reaction_as_named",
            "Rash from amoxicillin, cellulitis of the left leg.",
            &["L27.0", "L03.116", "T36.0X5A"],
            &["L27.0", "L03.116", "T36.0X5A"],
        ),
        (
            "excluded_by_the_answer",
            "T2DM with hypoglycemia.",
            &["E11.649", "E16.2"],
            &["E11.649"],
        ),
        (
            "excluded_by_the_answer",
            "T2DM and HTN.",
            &["E11.9", "I10"],
            &["E11.9", "I10"],
        ),
        (
            "excluded_by_the_answer",
            "Incarcerated incisional hernia with small bowel obstruction.",
            &["K43.0", "K56.609"],
            &["K43.0"],
        ),
        (
            "excluded_by_the_answer",
            "Small bowel obstruction from adhesions; old umbilical hernia repair.",
            &["K56.50", "Z98.890"],
            &["K56.50", "Z98.890"],
        ),
        (
            "no_aftercare_code_for_an_injury",
            "Suture removal, laceration of the hand.",
            &["Z48.02", "S61.412D"],
            &["S61.412D"],
        ),
        (
            "no_aftercare_code_for_an_injury",
            "Back on day 10 for suture removal: laceration of the R palm repaired here last week.",
            &["Z48.02"],
            &["S61.411D"],
        ),
        // A code shorter than a subcategory beside it (a category written as asked).
        (
            "no_aftercare_code_for_an_injury",
            "Suture removal, laceration of the R palm; is I43 right for his cardiomyopathy?",
            &["Z48.02", "I43"],
            &["S61.411D", "I43"],
        ),
        (
            "no_aftercare_code_for_an_injury",
            "Suture removal after surgery.",
            &["Z48.02", "Z98.890"],
            &["Z48.02", "Z98.890"],
        ),
        (
            "diagnostic_not_screening",
            "Colonoscopy for rectal bleeding.",
            &["Z12.11", "R19.5"],
            &["R19.5"],
        ),
        (
            "diagnostic_not_screening",
            "Screening mammogram converted to diagnostic: she reports a lump in the left breast.",
            &["Z12.31", "N63.20"],
            &["N63.20"],
        ),
        (
            "diagnostic_not_screening",
            "Asymptomatic; a screening FIT was positive, so GI scheduled a diagnostic colonoscopy.",
            &["Z12.11", "R19.5"],
            &["R19.5"],
        ),
        (
            "diagnostic_not_screening",
            "Screening colonoscopy, no symptoms.",
            &["Z12.11"],
            &["Z12.11"],
        ),
        (
            "no_superficial_injury_beside_a_worse",
            "Fall: radius fracture and abrasion, right forearm.",
            &["S52.501A", "S50.811A"],
            &["S52.501A"],
        ),
        (
            "no_superficial_injury_beside_a_worse",
            "Fall: right radius fracture, left forearm abrasion.",
            &["S52.501A", "S50.812A"],
            &["S52.501A", "S50.812A"],
        ),
        (
            "normal_delivery_only_when_uncomplicated",
            "Delivered, first-degree tear.",
            &["O80", "O70.0", "Z37.0"],
            &["O70.0", "Z37.0"],
        ),
        (
            "normal_delivery_only_when_uncomplicated",
            "Normal delivery at 39 weeks.",
            &["O80", "Z3A.39", "Z37.0"],
            &["O80", "Z3A.39", "Z37.0"],
        ),
        (
            "gestational_diabetes_by_its_treatment",
            "GDM at 29 weeks, on metformin now.",
            &["O24.410", "Z79.84"],
            &["O24.415"],
        ),
        (
            "gestational_diabetes_by_its_treatment",
            "T2DM in pregnancy on insulin.",
            &["O24.112", "E11.9", "Z79.4"],
            &["O24.112", "E11.9", "Z79.4"],
        ),
        (
            "scales_as_documented",
            "ED: fell, SDH; eyes open to pain, incomprehensible words, flexion withdrawal (GCS 8).",
            &["S06.5X1A", "R40.2432", "R40.2122", "R40.2222", "R40.2342"],
            &["S06.5X1A", "R40.2122", "R40.2222", "R40.2342"],
        ),
        (
            "scales_as_documented",
            "ED: fell, SDH, GCS 13 on arrival.",
            &["S06.5X1A", "R40.2412"],
            &["S06.5X1A", "R40.2412"],
        ),
        (
            "long_term_drugs_as_named",
            "Asthma flare, 5-day prednisone burst. Coded J45.901, Z79.52.",
            &["J45.901", "Z79.52"],
            &["J45.901"],
        ),
        (
            "long_term_drugs_as_named",
            "On levothyroxine. Z79.899.",
            &["Z79.899"],
            &["Z79.899"],
        ),
        (
            "burns_of_the_stated_degree",
            "Full-thickness burn, left hand.",
            &["T23.002A"],
            &["T23.302A"],
        ),
        (
            "burns_of_the_stated_degree",
            "Burn of the right forearm.",
            &["T22.011A"],
            &["T22.011A"],
        ),
        (
            "external_causes_of_this_encounter",
            "Follow-up of the radius fracture from a fall.",
            &["S52.501D", "W01.0XXA", "Y92.009"],
            &["S52.501D", "W01.0XXD"],
        ),
        (
            "external_causes_of_this_encounter",
            "Radius fracture from a fall at home.",
            &["S52.501A", "W01.0XXA", "Y92.009"],
            &["S52.501A", "W01.0XXA", "Y92.009"],
        ),
        (
            "each_manifestation_of_a_poisoning",
            "Visine put in her coffee as an assault; symptomatic bradycardia, somnolence.",
            &["T49.5X3A", "R40.0"],
            &["T49.5X3A", "R40.0", "R00.1"],
        ),
        (
            "each_manifestation_of_a_poisoning",
            "83F w/ h/o gout was found by her daughter with vomiting and diarrhea after taking extra colchicine.",
            &["T50.4X1A"],
            &["T50.4X1A", "R11.10", "R19.7"],
        ),
        (
            "each_manifestation_of_a_poisoning",
            "Intentional lithium overdose with nausea and vomiting.",
            &["T43.592A"],
            &["T43.592A", "R11.2"],
        ),
        (
            "each_manifestation_of_a_poisoning",
            "Rash from amoxicillin taken as prescribed; no bradycardia.",
            &["L27.0", "T36.0X5A"],
            &["L27.0", "T36.0X5A"],
        ),
        (
            "a_mental_disorder_due_to_a_physiological_condition",
            "Anxiety disorder due to hyperthyroidism; Graves' disease on methimazole.",
            &["F41.9", "E05.00"],
            &["E05.00", "F06.4"],
        ),
        (
            "a_mental_disorder_due_to_a_physiological_condition",
            "Depression due to her divorce; hypothyroidism on levothyroxine.",
            &["F32.A", "E03.9"],
            &["F32.A", "E03.9"],
        ),
        (
            "in_reporting_order",
            "Shoulder abrasion, hand laceration, tibia fracture.",
            &["S40.012A", "S61.411A", "S82.201A"],
            &["S82.201A", "S61.411A", "S40.012A"],
        ),
        (
            "in_reporting_order",
            "Tibia fracture and hand laceration.",
            &["S82.201A", "S61.411A"],
            &["S82.201A", "S61.411A"],
        ),
    ];

#[test]
fn every_answer_rule_fires_where_it_should_and_stays_silent_elsewhere() {
    for rule in &ANSWER_RULES {
        let mine = || EXAMPLES.iter().filter(|e| e.0 == rule.name);
        assert!(
            mine().any(|e| e.2 != e.3),
            "{} has no example where it changes the answer",
            rule.name
        );
        assert!(
            mine().any(|e| e.2 == e.3),
            "{} has no example where it leaves the answer alone",
            rule.name
        );
    }
    for (name, text, given, expected) in EXAMPLES {
        assert_eq!(by_rule(name, text, given), *expected, "{name}: {text}");
    }
}

/// Every rule read against every example's question with every example's codes, and with
/// codes of odd shapes (three characters, a 7th character, a status code): no rule panics
/// (a rule once sliced a code shorter than it expected) and none answers with a code that
/// cannot be reported.
#[test]
fn no_answer_rule_panics_or_invents_a_code_whatever_it_is_given() {
    let (icd, _) = &*ICD;
    let odd: &[&str] = &[
        "I43", "C61", "B20", "Z21", "I10", "R03.0", "Z00.00", "S06.0X9A", "T81.41XD", "C92.00",
        "Z48.02", "O80", "Z38.00", "E11.9", "N18.6", "J44.1",
    ];
    let lists: Vec<&[&str]> = EXAMPLES.iter().map(|e| e.2).collect();
    for rule in &ANSWER_RULES {
        // Each question with the odd codes and with another example's codes, a different
        // one for each question and each rule.
        for (at, (_, text, ..)) in EXAMPLES.iter().enumerate() {
            let other = lists[(at * 7 + rule.name.len()) % lists.len()];
            for given in [odd, other] {
                for code in by_rule(rule.name, text, given) {
                    assert!(
                        icd.is_billable(&compact(&code)),
                        "{} gave {code} for {text:?} from {given:?}",
                        rule.name
                    );
                }
            }
        }
    }
}

#[test]
fn hypertension_with_a_heart_condition_is_hypertensive_heart_disease() {
    let icd = Icd10Cm::builtin().unwrap();
    let codes = |text: &str, given: &[&str]| -> Vec<String> {
        through(|p| hypertensive_heart(&icd, text, p), given)
    };
    assert_eq!(codes("HTN with LVH on echo.", &["I51.7", "I10"]), ["I11.9"]);
    // Said to be unrelated, no hypertension coded, or heart failure: left as it is.
    assert_eq!(
        codes(
            "LVH unrelated to her HTN (athlete's heart).",
            &["I51.7", "I10"]
        ),
        ["I51.7", "I10"]
    );
    assert_eq!(codes("LVH on echo.", &["I51.7"]), ["I51.7"]);
    assert_eq!(
        codes("HTN, CHF, LVH.", &["I11.0", "I50.9", "I51.7", "I10"]),
        ["I11.0", "I50.9", "I51.7", "I10"]
    );
}

#[test]
fn a_code_whose_excludes1_note_names_another_of_the_answer_gives_way() {
    let (icd, _) = &*ICD;
    let kept_for = |text: &str, codes: &[&str]| -> Vec<String> {
        through(|p| excluded_by_the_answer(icd, text, p), codes)
    };
    let kept = |codes: &[&str]| kept_for("", codes);
    // E16.2's note sends diabetes with hypoglycemia to E11.649.
    assert_eq!(kept(&["E11.649", "E16.2", "Z79.84"]), ["E11.649", "Z79.84"]);
    // No note between them: both stay.
    assert_eq!(kept(&["E11.9", "I10"]), ["E11.9", "I10"]);
    // O90.6 and F53.0 name each other: the note that names what is documented decides.
    assert_eq!(
        kept_for("Provider: 'postpartum depression'.", &["O90.6", "F53.0"]),
        ["F53.0"]
    );
    assert_eq!(kept(&["O90.6", "F53.0"]), ["O90.6", "F53.0"]);
}

#[test]
fn an_injury_s_aftercare_is_its_code_not_an_aftercare_code() {
    let kept = |codes: &[&str]| -> Vec<String> { through(no_aftercare_code_for_an_injury, codes) };
    assert_eq!(kept(&["Z48.02", "S61.412D"]), ["S61.412D"]);
    assert_eq!(kept(&["S82.61XD", "Z47.89"]), ["S82.61XD"]);
    // Suture removal after surgery, no injury: the aftercare code is the reason.
    assert_eq!(kept(&["Z48.02", "Z98.890"]), ["Z48.02", "Z98.890"]);
    // A poisoning is no injury by site: its aftercare is not judged here.
    assert_eq!(kept(&["Z48.00", "T39.1X1D"]), ["Z48.00", "T39.1X1D"]);
}

#[test]
fn a_superficial_injury_beside_a_worse_one_of_its_site_is_not_coded() {
    let (icd, _) = &*ICD;
    let kept = |codes: &[&str]| -> Vec<String> {
        through(|p| no_superficial_injury_beside_a_worse(icd, p), codes)
    };
    // Abrasion of the right forearm beside a fracture of the right radius: one site.
    assert_eq!(kept(&["S52.501A", "S50.811A"]), ["S52.501A"]);
    // The other arm, another region, or no worse injury: each stays.
    assert_eq!(kept(&["S52.501A", "S50.812A"]), ["S52.501A", "S50.812A"]);
    assert_eq!(kept(&["S52.501A", "S80.811A"]), ["S52.501A", "S80.811A"]);
    assert_eq!(kept(&["S00.83XA", "S80.811A"]), ["S00.83XA", "S80.811A"]);
}

#[test]
fn a_normal_delivery_code_never_stands_beside_a_complication() {
    let kept =
        |codes: &[&str]| -> Vec<String> { through(normal_delivery_only_when_uncomplicated, codes) };
    assert_eq!(kept(&["O80", "O70.0", "Z37.0"]), ["O70.0", "Z37.0"]);
    assert_eq!(
        kept(&["O80", "Z3A.39", "Z37.0"]),
        ["O80", "Z3A.39", "Z37.0"]
    );
    // Twins: Z37.0 is the only outcome O80 goes with.
    assert_eq!(kept(&["O80", "Z37.2"]), ["Z37.2"]);
}

#[test]
fn the_most_serious_injury_goes_first() {
    let (icd, _) = &*ICD;
    let order = |codes: &[&str]| -> Vec<String> { through(|p| in_reporting_order(icd, p), codes) };
    assert_eq!(
        order(&["S40.012A", "S61.411A", "S82.201A"]),
        ["S82.201A", "S61.411A", "S40.012A"]
    );
    assert_eq!(order(&["S36.031A", "S22.31XA"]), ["S36.031A", "S22.31XA"]);
}

#[test]
fn gestational_diabetes_says_its_control_and_stands_alone() {
    let (icd, _) = &*ICD;
    let codes = |text: &str, given: &[&str]| -> Vec<String> {
        through(
            |p| gestational_diabetes_by_its_treatment(icd, text, p),
            given,
        )
    };
    assert_eq!(
        codes(
            "GDM at 29 weeks, on metformin now.",
            &["O24.410", "Z79.84", "Z3A.29"]
        ),
        ["O24.415", "Z3A.29"]
    );
    assert_eq!(
        codes(
            "GDM, diet and insulin (NPH at bedtime).",
            &["O24.419", "Z79.4"]
        ),
        ["O24.414"]
    );
    assert_eq!(codes("GDM, diet controlled.", &["O24.419"]), ["O24.410"]);
    // Pre-existing type 2 diabetes (O24.11-) keeps its long-term drug code.
    assert_eq!(
        codes(
            "T2DM in pregnancy on insulin.",
            &["O24.112", "E11.9", "Z79.4"]
        ),
        ["O24.112", "E11.9", "Z79.4"]
    );
}

#[test]
fn a_written_long_term_drug_code_the_named_drugs_do_not_bear_out_goes() {
    let codes = |text: &str, given: &[&str]| -> Vec<String> {
        through(|p| long_term_drugs_as_named(text, p), given)
    };
    // A short course is no long-term use.
    assert_eq!(
        codes(
            "Asthma flare, sent home on a 5-day prednisone burst. Coded J45.901, Z79.52.",
            &["J45.901", "Z79.52"]
        ),
        ["J45.901"]
    );
    // Warfarin is an anticoagulant: Z79.02 written for it goes, Z79.01 stays.
    assert_eq!(
        codes(
            "On warfarin for years. Coded Z79.02.",
            &["Z79.02", "Z79.01"]
        ),
        ["Z79.01"]
    );
    // The residual written for a drug with a code of its own.
    assert_eq!(
        codes(
            "On tamoxifen daily; coder added Z79.899 for the tamoxifen.",
            &["Z79.899", "Z79.810"]
        ),
        ["Z79.810"]
    );
    // A drug the table does not know keeps the residual.
    assert_eq!(
        codes("On levothyroxine. Z79.899.", &["Z79.899"]),
        ["Z79.899"]
    );
}

#[test]
fn a_burn_of_unspecified_degree_takes_the_degree_the_question_states() {
    let (icd, _) = &*ICD;
    let codes = |text: &str, given: &[&str]| -> Vec<String> {
        through(|p| burns_of_the_stated_degree(icd, text, p), given)
    };
    assert_eq!(
        codes(
            "2nd degree burn of the right forearm.",
            &["T22.011A", "X12.XXXA"]
        ),
        ["T22.211A", "X12.XXXA"]
    );
    assert_eq!(
        codes("Full-thickness burn, left hand.", &["T23.002A"]),
        ["T23.302A"]
    );
    // No degree, or two of them: left for the other rules.
    assert_eq!(
        codes("Burn of the right forearm.", &["T22.011A"]),
        ["T22.011A"]
    );
    assert_eq!(
        codes("1st and 2nd degree burns of the thigh.", &["T24.019A"]),
        ["T24.019A"]
    );
}

#[test]
fn burns_of_one_site_in_different_degrees_are_the_highest_degree() {
    let codes = |given: &[&str]| -> Vec<String> { through(highest_degree_of_each_burn, given) };
    assert_eq!(
        codes(&["T23.162A", "T23.262A", "X13.1XXA"]),
        ["T23.262A", "X13.1XXA"]
    );
    // Different sites, different sides, burn and corrosion: each stays.
    assert_eq!(codes(&["T21.31XA", "T22.211A"]), ["T21.31XA", "T22.211A"]);
    assert_eq!(codes(&["T23.161A", "T23.262A"]), ["T23.161A", "T23.262A"]);
    assert_eq!(codes(&["T23.562A", "T23.262A"]), ["T23.562A", "T23.262A"]);
}

#[test]
fn an_unspecified_code_gives_way_to_a_specified_one_of_its_category_only() {
    let (icd, _) = &*ICD;
    let kept =
        |codes: &[&str]| -> Vec<String> { through(|p| specified_over_unspecified(icd, p), codes) };
    assert_eq!(kept(&["N18.30", "N18.32", "E11.22"]), ["N18.32", "E11.22"]);
    assert_eq!(kept(&["L03.119", "L03.116"]), ["L03.116"]);
    // Another category, or no specified sibling: both stay.
    assert_eq!(kept(&["N18.9", "I12.9"]), ["N18.9", "I12.9"]);
    assert_eq!(kept(&["I48.20", "Z79.01"]), ["I48.20", "Z79.01"]);
}

#[test]
fn a_bilateral_condition_with_no_bilateral_code_is_coded_for_each_side() {
    let (icd, search) = &*ICD;
    let codes = |text: &str, code: &str| -> Vec<String> {
        both_sides(icd, search, &Query::new(text), text, vec![rec(code)])
            .into_iter()
            .map(|r| r.code)
            .collect()
    };
    assert_eq!(
        codes("Cellulitis of both lower legs, cefazolin.", "L03.119"),
        ["L03.115", "L03.116"]
    );
    // One side named, or a code of its own for bilateral: as it is.
    assert_eq!(
        codes("Cellulitis of the left lower leg.", "L03.119"),
        ["L03.119"]
    );
    assert_eq!(
        codes("Primary osteoarthritis of both knees.", "M17.9"),
        ["M17.9"]
    );
}

#[test]
fn a_right_and_a_left_code_of_a_bilateral_condition_give_the_bilateral_line() {
    let (icd, search) = &*ICD;
    let text = "Osgood-Schlatter disease, both knees. Coder: M92.521 and M92.522.";
    let given = vec![rec("M92.521"), rec("M92.522")];
    let codes: Vec<String> = both_sides(icd, search, &Query::new(text), text, given)
        .into_iter()
        .map(|r| r.code)
        .collect();
    assert_eq!(codes, ["M92.523"]);
    // One side of a question about one side stays.
    let right = "Osgood-Schlatter disease, right knee.";
    let codes: Vec<String> =
        both_sides(icd, search, &Query::new(right), right, vec![rec("M92.521")])
            .into_iter()
            .map(|r| r.code)
            .collect();
    assert_eq!(codes, ["M92.521"]);
}

#[test]
fn observation_codes_are_z03_and_z04() {
    assert!(observation("Z03.6") && observation("Z04.1"));
    assert!(!observation("Z05.1") && !observation("R40.0"));
}

#[test]
fn a_written_external_cause_is_the_mechanism() {
    let written = |c: &str| vec![(c.to_owned(), Status::Billable)];
    assert!(second_mechanism("V42.5XXA", &written("V43.52XA")));
    assert!(!second_mechanism("V42.5XXA", &written("S16.1XXA")));
    assert!(!second_mechanism("S16.1XXA", &written("V43.52XA")));
    assert!(is_external_cause("Y04.0XXA") && !is_external_cause("Y92.017"));
}

#[test]
fn diabetes_a_drug_caused_is_e09() {
    let (icd, _) = &*ICD;
    let codes = |text: &str, picked: &[&str]| -> Vec<String> {
        through(|p| drug_induced_diabetes(icd, text, p), picked)
    };
    assert_eq!(
        codes(
            "Steroid-induced diabetes with hyperglycemia.",
            &["E13.65", "T38.0X5A"]
        ),
        ["E09.65", "T38.0X5A"]
    );
    // No adverse effect coded, or no drug said to cause it: as it is.
    assert_eq!(codes("Steroid-induced diabetes.", &["E13.65"]), ["E13.65"]);
    assert_eq!(
        codes(
            "T2DM with hyperglycemia; rash from amoxicillin.",
            &["E11.65", "T36.0X5A"]
        ),
        ["E11.65", "T36.0X5A"]
    );
}

#[test]
fn a_condition_due_to_a_cause_needs_the_condition_named() {
    let (icd, _) = &*ICD;
    let said = |text: &str| condition_named(icd, "D64.81", &Query::new(text));
    assert!(said("Transfusion for anemia due to chemotherapy."));
    assert!(!said(
        "Colon cancer resected, completed adjuvant chemo, no evidence of disease."
    ));
    // A title with no cause in it is not held to this.
    assert!(condition_named(
        icd,
        "E86.0",
        &Query::new("Dehydrated, got fluids.")
    ));
}

#[test]
fn a_see_reference_replaces_a_vague_written_code_only() {
    let e = Entry {
            code: "E1165".into(),
            path: "Diabetes, poorly controlled - see Diabetes, by type, with hyperglycemia; Diabetes, type 2, with, hyperglycemia → E11.65".into(),
            words: 3,
            depth: 3,
            literal: true,
            main: "Diabetes".into(),
        };
    let (icd, _) = &*ICD;
    let found = [e];
    assert_eq!(
        referred(icd, &found, "E11.9")
            .map(|(r, _)| r.code)
            .as_deref(),
        Some("E11.65")
    );
    // A written code that already says something is not replaced.
    assert!(referred(icd, &found, "E11.42").is_none());
}
