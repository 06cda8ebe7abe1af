//! Pain (G89) as the encounter and the record give it (I.C.6.b).

use std::sync::LazyLock;

use regex::Regex;

use super::{named, recode};
use crate::assist::focus;
use crate::assist::icd10cm::{compact, Icd10Cm};
use crate::domain::Recommendation;

/// Pain the question calls chronic: "chronic post-thoracotomy pain", "the pain is chronic".
/// Chronic named for something else, or only weighed ("never says acute or chronic", "has to
/// be chronic"), is not.
static CHRONIC_PAIN: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bchronic (?:[\w-]+ ){0,3}pain\b|\bpain\b[^.;?!]{0,30}\b(?:is|as|became|now) chronic\b")
        .expect("a cue")
});

/// A device or a procedure put in for the pain itself: a neurostimulator, a pump.
static FOR_THE_PAIN: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:neurostimulator|spinal cord stimulator|scs|dorsal root ganglion stimulator|intrathecal (?:drug |pain )?pump|pain pump)\b")
        .expect("a cue")
});

/// An encounter for pain control, a neurostimulator put in for chronic pain, is coded with the
/// chronic pain code first and its cause after it (I.C.6.b.1.a): G89.29 before E11.42 for a
/// spinal cord stimulator for diabetic neuropathic pain. Pain neither acute nor chronic has no
/// G89 code (I.C.6.b.1); postprocedural and neoplasm pain have lines of their own.
pub(super) fn a_pain_code_when_the_encounter_is_for_pain_control(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let pain_control = focus::PAIN_CONTROL.is_match(text) && FOR_THE_PAIN.is_match(text);
    let coded = picked.iter().any(|p| compact(&p.code).starts_with("G89"));
    if !pain_control || coded || !CHRONIC_PAIN.is_match(text) || NEOPLASM_PAIN.is_match(text) {
        return picked;
    }
    let mut r = named(icd, "G8929");
    r.why = "the encounter is for control of the chronic pain: its G89 code first, the cause after it (I.C.6.b.1.a)".into();
    picked.insert(0, r);
    picked
}

/// Postoperative pain the record does not call acute or chronic is coded acute (I.C.6.b.3);
/// no time since surgery makes it chronic (I.C.6.b.4): G89.22 Chronic post-thoracotomy pain
/// is G89.12, G89.28 G89.18, unless the question calls the pain chronic.
pub(super) fn postoperative_pain_acute_unless_chronic(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if CHRONIC_PAIN.is_match(text) {
        return picked;
    }
    for r in picked.iter_mut() {
        let code = compact(&r.code);
        let Some(kind) = code.strip_prefix("G892") else {
            continue;
        };
        let acute = format!("G891{kind}");
        let (Some(chronic_title), Some(acute_title)) = (icd.title(&code), icd.title(&acute)) else {
            continue;
        };
        if chronic_title.to_lowercase().replace("chronic", "acute") == acute_title.to_lowercase() {
            let why = format!(
                "instead of {}: postoperative pain not documented as chronic is coded acute (I.C.6.b.3)",
                r.code
            );
            recode(icd, r, &acute, why);
        }
    }
    picked
}

/// The record calls the pain after surgery routine or expected: "expected post-op pain",
/// "incisional pain as expected", "routine postoperative pain".
static EXPECTED_POSTOPERATIVE_PAIN: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:expected|routine|usual|normal)\s+(?:post-?op(?:erative)?|incisional|surgical)\s+pain\b|\b(?:post-?op(?:erative)?|incisional|surgical)\s+pain\b[^.;?!]{0,20}?\bas expected\b").unwrap()
});

/// "Routine or expected postoperative pain immediately after surgery should not be coded"
/// (I.C.6.b.3): the acute postprocedural pain codes (G89.12, G89.18) are not reported.
pub(super) fn no_code_for_expected_postoperative_pain(
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if EXPECTED_POSTOPERATIVE_PAIN.is_match(text) {
        picked.retain(|r| !compact(&r.code).starts_with("G891"));
    }
    picked
}

/// Pain the text ties to a neoplasm: "cancer-related back pain", "pain from the bone mets".
static NEOPLASM_PAIN: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:cancer|tumou?r|neoplasm|malignancy|mets?|metastas[ie]s)[- ]related (?:\w+ ){0,2}pain\b|\bpain\b(?:[^.;?!]){0,30}?\b(?:due to|from|secondary to|related to|caused by|associated with) (?:the |his |her )?(?:\w+ ){0,2}(?:cancer|ca|tumou?rs?|neoplasm|malignancy|mets?|metasta\w*)\b").unwrap()
});

/// Pain documented as related to a malignancy or tumour is G89.3, acute or chronic, in place of
/// the other G89 codes (I.C.6.b.5); the neoplasm stays beside it.
pub(super) fn neoplasm_related_pain(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let neoplasm = picked.iter().any(|p| {
        let c = compact(&p.code);
        c.starts_with('C') || ("D00".."D50").contains(&c.get(..3).unwrap_or(""))
    });
    if !neoplasm || !NEOPLASM_PAIN.is_match(text) {
        return picked;
    }
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        if c.starts_with("G89") && c != "G893" {
            let why = format!(
                "instead of {}: pain documented as due to the neoplasm is G89.3, acute or chronic (I.C.6.b.5)",
                r.code
            );
            recode(icd, r, "G893", why);
        }
    }
    picked.dedup_by(|a, b| a.code == b.code);
    picked
}

/// An admission or encounter for a procedure that treats a condition ("admitted for elective
/// L4-L5 decompression and fusion").
static FOR_A_PROCEDURE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:admitted|admission|scheduled|presents?|here|seen|encounter)\s+(?:\w+\s+){0,2}?for\s+(?:an?\s+|the\s+|her\s+|his\s+)?(?:[\w-]+\s+){0,5}?(?:fusion|kyphoplasty|vertebroplasty|decompression|laminectomy|discectomy|arthroplasty|replacement|repair|resection|\w+ectomy|\w+plasty|surgery)\b").unwrap()
});
static PAIN_CONTROL: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bpain (?:control|management)\b|\bneurostimulator\b|\bspinal cord stimulator\b|\bpain pump\b").unwrap()
});

/// No G89 code, nor the site's pain, when the encounter is for a procedure aimed at the
/// definitive condition the answer codes (I.C.6.b.1: "e.g., spinal fusion, kyphoplasty ... No
/// code from category G89 should be assigned"), unless the encounter is for pain control.
pub(super) fn no_pain_code_when_the_procedure_treats_its_cause(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let pain = |c: &str| {
        compact(c).starts_with("G89")
            || icd
                .title(c)
                .is_some_and(|t| t.to_lowercase().split([',', ' ']).any(|w| w == "pain"))
    };
    let definitive = picked
        .iter()
        .any(|p| !pain(&p.code) && !p.code.starts_with(['R', 'Z', 'V', 'W', 'X', 'Y']));
    if !picked.iter().any(|p| compact(&p.code).starts_with("G89"))
        || !definitive
        || !FOR_A_PROCEDURE.is_match(text)
        || PAIN_CONTROL.is_match(text)
    {
        return picked;
    }
    picked.retain(|p| !pain(&p.code));
    picked
}
