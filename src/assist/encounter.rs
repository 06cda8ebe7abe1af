//! The reason for an outpatient encounter, read from the question's words, as the Z code that
//! explains it, found in the Alphabetic Index under "Examination":
//! - a follow-up examination after completed treatment (I.C.21.c.8): Z08 after a malignancy,
//!   Z09 after anything else, listed first and followed by the history code ("History,
//!   personal"); the condition treated no longer exists and is not coded;
//! - a preoperative evaluation (Section IV.M): Z01.81- first, by the kind of examination, then
//!   the reason for the surgery and the other conditions.

use std::sync::LazyLock;

use regex::Regex;

use super::icd10cm::{compact, Icd10Cm};
use super::lookup::{Book, Edition, TermId};
use super::suggest::Query;
use crate::domain::Recommendation;

fn re(pattern: &str) -> Regex {
    super::text::regex(pattern).expect("an encounter cue")
}

static FOLLOW_UP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:follow[- ]?up|f/u|recheck|re-check|surveillance)\b|\b(?:visit|seen|check)\s+\d+\s*(?:days?|wks?|weeks?|months?|mos?)\s+after\b",
    )
});
/// A visit the plan books for later ("recheck in 6 months", "ENT follow-up in a week") makes
/// no follow-up examination of this one.
static LATER_VISIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:follow[- ]?up|f/u|recheck|re-check)\s+(?:in|within|after)\s+(?:a|an|one|two|three|four|six|\d+)\s*(?:-\s*\d+\s*)?(?:days?|wks?|weeks?|months?|mos?|years?|yrs?)\b",
    )
});
/// Treatment over and the condition gone: what makes a visit a follow-up examination rather
/// than care of a current condition.
static COMPLETED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:completed|finished|resolved|resolution|cleared|now off|no evidence of (?:disease|recurrence)|no recurrence|ned)\b|\b(?:removed|excised|resected)\b[^.;]{0,30}\b(?:last|prior|previous|ago|in \d{4})\b|\b(?:cxr|x-?ray|ct|imaging|urinalysis|ua|duplex|scan)\b[^.;,]{0,20}\b(?:clear|negative|normal)\b",
    )
});
/// Treatment that goes on or starts at the visit: the condition is current, not followed up
/// after its treatment.
static CURRENT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bin remission\b|\bcurrent(?:ly)? (?:treatment|therapy|on)\b|\bcontinu\w*|\bongoing\b|\bmaintenance\b|\bstill (?:on|taking)\b|\breplacement\b|\b(?:started|starting|initiated|prescribed)\s+(?:(?:him|her|them)\s+)?(?:on\s+)?[a-z]+\w*\s+(?:\d|for\b|x\s*\d)",
    )
});
/// "No current treatment", "not currently on therapy": the words of treatment going on, denied.
static NONE_CURRENT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:no|not|without)\s+(?:any\s+)?current(?:ly)?\s+(?:treatment|therapy|on)\b")
});

fn treatment_goes_on(text: &str) -> bool {
    CURRENT.is_match(&NONE_CURRENT.replace_all(text, " ")) || for_a_current_condition(text)
}

/// "PCP f/u for HTN": the visit follows up a condition the question names, not completed
/// treatment of a malignancy or an illness that is gone.
static FOLLOW_UP_FOR: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:follow[- ]?up|f/u)\s+(?:visit\s+)?for\s+([^.;,()]{1,40})"));

static HISTORY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:history|h/o|hx|prior|previous|treated|resolved)\b"));

fn for_a_current_condition(text: &str) -> bool {
    FOLLOW_UP_FOR.captures_iter(text).any(|c| {
        let what = &c[1];
        !MALIGNANCY.is_match(what) && !SURVEILLANCE.is_match(what) && !HISTORY.is_match(what)
    })
}

static MALIGNANCY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:cancer\w*|\w*carcinoma\w*|malignan\w*|ca|adenoca|lymphoma\w*|melanoma\w*|leukemia\w*|\w*sarcoma\w*)\b",
    )
});
static PRE_OP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bpre-?op(?:erative)?\b|\bpre-?procedur\w*\b|\b(?:surgical|cardiac|medical) clearance\b|\bclearance (?:for|before) (?:surgery|the procedure)\b",
    )
});
/// The visit is the evaluation, not one that mentions an earlier one. A surgeon's own
/// "pre-op visit" before the operation he will do is a visit for the condition, no general
/// evaluation before surgery (Section IV.M).
static EXAM: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:exam\w*|evaluation|eval|clearance|h&p|h and p|labs?|laboratory|consult\w*|assessment|testing)\b",
    )
});
static EARLIER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:last (?:week|month|year)|ago|previous(?:ly)?|earlier|had (?:a|an|her|his|their) pre|cancell?ed)\b",
    )
});
/// A clearance the visit waits for is no evaluation it is: "psychiatry to evaluate after
/// medical clearance", "pending clearance".
static A_LATER_STEP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:after|pending|awaiting|until|once|before)\s+(?:\w+\s+)?clearance\b|\bmedically cleared\b",
    )
});
/// A cardiovascular examination is the cardiologist's or one said to be of the heart; an ECG
/// among a general clearance's tests does not make it one.
static CARDIAC: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\bcardiolog\w*|\bcardiac (?:clearance|evaluation|risk|exam\w*)|\bcardiovascular\b")
});
/// ... and a finding the clearance sends on to a cardiologist ("new LBBB, refer to cardiology
/// before surgery") leaves the examination itself a general one.
static REFERRED_ON: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\brefer\w*\s+(?:\w+\s+){0,2}to\s+cardiology\b|\bcardiology\s+(?:to\s+(?:see|evaluate)|referral|consult\w*)\b|\bsee\s+cardiology\b",
    )
});
static RESPIRATORY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bpulmonary\b|\brespiratory\b|\bpfts?\b|\bpulmonology\b"));
static LABS_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\blabs? only\b|\blab-only\b|\blab visit\b|\blaboratory (?:visit|only)\b|\bonly (?:labs|bloodwork|blood work)\b",
    )
});
static INJURY_CARE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:fx|fracture\w*|sprain\w*|laceration\w*|staples?|sutures?|cast|wound)\b")
});

static NO_INJURY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bno injur(?:y|ies)\b|\bwithout (?:any )?injur(?:y|ies)\b|\buninjured\b|\bnot injured\b",
    )
});
static TRANSPORT_ACCIDENT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:car|auto|motor vehicle|vehicle|traffic|bus|truck|motorcycle|bike|bicycle)\b[^.;]{0,30}?\b(?:crash|accident|collision|wreck)\b|\bmvc\b|\bmva\b|\bfender[- ]bender\b|\brear[- ]ended\b",
    )
});
static WORK_ACCIDENT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:at work|work[- ]related|on the job|workplace)\b"));
static ACCIDENT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\baccident\w*|\bfell\b|\bfall\b|\bcrash\w*|\bcollision\b"));

/// An examination after an accident in which no injury is found (I.C.21.c.6: Z04.1 after a
/// transport accident, Z04.2 at work, Z04.3 another): the observation code is first-listed,
/// and the accident's external cause code, with no injury to explain, is not reported. The
/// caller makes sure no injury is coded.
pub fn after_accident(icd: &Icd10Cm, index: &Book, text: &str) -> Option<Reason> {
    if !NO_INJURY.is_match(text) {
        return None;
    }
    let path: &[&str] = if TRANSPORT_ACCIDENT.is_match(text) {
        &["Examination", "following", "motor vehicle accident"]
    } else if !ACCIDENT.is_match(text) {
        return None;
    } else if WORK_ACCIDENT.is_match(text) {
        &["Examination", "following", "accident", "work"]
    } else {
        &["Examination", "following", "accident"]
    };
    let first = from_index(
        icd,
        index,
        index.find(path)?,
        "an examination after an accident with no injury found: the observation code (I.C.21.c.6)"
            .into(),
    )?;
    Some(Reason {
        first,
        history: None,
        resolved: false,
    })
}

/// Why the patient is seen, as the codes it puts first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    /// The encounter's Z code, listed first.
    pub first: Recommendation,
    /// The code that follows the first: the history code after a follow-up code, the reason
    /// for the surgery after a preoperative one (Section IV.M).
    pub history: Option<Recommendation>,
    /// A follow-up after completed treatment: the condition treated is not coded.
    pub resolved: bool,
}

/// The sentences of `text` in which `cue` stands.
pub(super) fn sentences_with<'t>(cue: &Regex, text: &'t str) -> Vec<&'t str> {
    super::text::sentences(text)
        .into_iter()
        .filter(|s| cue.is_match(s))
        .collect()
}

/// A written encounter code the question's words say is not this encounter's: a follow-up
/// code (Z08, Z09) for a condition whose treatment goes on (I.C.21.c.8: follow-up codes are for
/// surveillance after completed treatment), or a preoperative code (Z01.81-) when the
/// preoperative evaluation was an earlier visit (Section IV.M).
pub fn not_this_encounter(written: &str, text: &str) -> bool {
    let c = compact(written);
    if c == "Z08" || c == "Z09" {
        return treatment_goes_on(text);
    }
    if c.starts_with("Z0181") {
        let said = sentences_with(&PRE_OP, text);
        return !said.is_empty() && said.iter().all(|s| EARLIER.is_match(s));
    }
    // Surveillance after a condition's completed treatment is a follow-up, not a screening
    // (I.C.21.c.5, c.8: "3-yr surveillance colonoscopy, adenomas removed at his last scope").
    // After a malignancy a screening of another site can be one (the other breast).
    if c.starts_with("Z12") {
        return SURVEILLANCE.is_match(text) && is_follow_up(text) && !MALIGNANCY.is_match(text);
    }
    // A routine or general examination written for a visit the question calls a problem visit
    // and no routine one: the complaint is the reason (I.C.21.c.12: "not to be used if the
    // examination is for diagnosis of a suspected condition").
    if ["Z000", "Z001", "Z0141"].iter().any(|r| c.starts_with(r)) {
        return PROBLEM_VISIT.is_match(text) && !ROUTINE_VISIT.is_match(text);
    }
    false
}

static ROUTINE_VISIT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:annual|routine|preventive|well[- ](?:woman|child|visit)|physical)\b")
});
static PROBLEM_VISIT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:problem|sick)[- ]visit\b|\bproblem[- ](?:focused|oriented)\b"));

static SURVEILLANCE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bsurveillance\b"));

pub fn read(icd: &Icd10Cm, index: &Book, q: &Query, text: &str) -> Option<Reason> {
    pre_op(icd, index, text)
        .or_else(|| follow_up(icd, index, q, text))
        .or_else(|| routine_testing(icd, index, text))
}

/// Testing with no provider seen: the lab or imaging claim of its own.
static TESTING_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:lab|laboratory|blood)\s+(?:draw|work|visit|claim)\s+only\b|\bno (?:provider|physician|doctor|office) visit\b|\b(?:lab|laboratory|radiology|imaging) claim\b",
    )
});
static ROUTINE_TESTING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\broutine (?:annual |yearly )?(?:labs?|laboratory|blood ?work|testing|tests|x-?rays?|radiology|imaging)\b",
    )
});

/// Routine laboratory or radiology testing at an encounter for testing only (IV.K): Z01.89
/// (Examination, special), with the signs or symptoms another test on the order evaluates
/// after it.
fn routine_testing(icd: &Icd10Cm, index: &Book, text: &str) -> Option<Reason> {
    if !(LABS_ONLY.is_match(text) || TESTING_ONLY.is_match(text)) || !ROUTINE_TESTING.is_match(text)
    {
        return None;
    }
    let first = from_index(
        icd,
        index,
        index.find(&["Examination", "special"])?,
        "routine testing at an encounter for testing only: Z01.89, and a code for the reason for any other test (Section IV.K)".into(),
    )?;
    Some(Reason {
        first,
        history: None,
        resolved: false,
    })
}

/// Section IV.M is the outpatient's: a stay that holds a drug "pre-op" is no preoperative
/// evaluation.
fn pre_op(icd: &Icd10Cm, index: &Book, text: &str) -> Option<Reason> {
    if super::uncertain::inpatient(text) {
        return None;
    }
    let said = sentences_with(&PRE_OP, text)
        .into_iter()
        .any(|s| EXAM.is_match(s) && !EARLIER.is_match(s) && !A_LATER_STEP.is_match(s));
    if !said {
        return None;
    }
    let kind = if LABS_ONLY.is_match(text) {
        "laboratory"
    } else if CARDIAC.is_match(&REFERRED_ON.replace_all(text, "")) {
        "cardiovascular"
    } else if RESPIRATORY.is_match(text) {
        "respiratory"
    } else {
        "specified NEC"
    };
    let term = index.find(&["Examination", "pre-procedural", kind])?;
    let first = from_index(
        icd,
        index,
        term,
        format!("the encounter is a preoperative evaluation ({kind}): Z01.81- is sequenced first, the reason for the surgery after it (Section IV.M)"),
    )?;
    Some(Reason {
        first,
        history: reason_for_surgery(icd, index, text),
        resolved: false,
    })
}

/// "Before her hysterectomy for symptomatic uterine fibroids": the condition the surgery is
/// for, read from the Index entry its words lead to (Section IV.M: it follows Z01.81-).
static FOR_SURGERY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:before|prior to|for)\s+(?:an?\s+|the\s+|her\s+|his\s+|their\s+)?(?:\w+\s+){0,4}?(?:surgery|repair|replacement|arthroplasty|\w+ectomy|\w+otomy|\w+plasty|\w+scopy|procedure|resection|excision|fixation)\s+for\s+([^.;,()?]{3,80})",
    )
});

fn reason_for_surgery(icd: &Icd10Cm, index: &Book, text: &str) -> Option<Recommendation> {
    let phrase = FOR_SURGERY.captures(text)?.get(1)?.as_str();
    let q = Query::new(phrase);
    let best = index
        .paths(q.terms(), &|w: &str| q.has(w))
        .into_iter()
        .filter(|p| {
            index
                .term(p.term)
                .code
                .as_deref()
                .is_some_and(|c| icd.is_billable(&compact(c.trim_end_matches('-'))))
        })
        .max_by_key(|p| (p.words, index.path(p.term).len()))?;
    from_index(
        icd,
        index,
        best.term,
        "the condition the surgery is for, after the preoperative evaluation code (Section IV.M)"
            .into(),
    )
}

/// A follow-up examination after completed treatment of a condition that no longer exists.
/// A follow-up examination is a visit after completed treatment (I.C.21.c.8), not one for a
/// metastasis found since, which is a current malignancy.
fn is_follow_up(text: &str) -> bool {
    FOLLOW_UP.is_match(&LATER_VISIT.replace_all(text, " "))
        && COMPLETED.is_match(text)
        && !treatment_goes_on(text)
        && !INJURY_CARE.is_match(text)
        && !METASTASIS.is_match(&NO_METASTASIS.replace_all(text, " "))
}

/// "No recurrence or metastasis": a spread the question denies.
static NO_METASTASIS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:no|not|without|negative for)\s+(?:evidence of\s+)?(?:[\w-]+\s+(?:or|and|nor)\s+)?(?:metasta\w*|mets\b)",
    )
});
static METASTASIS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bmetasta\w*|\bmets\b|\bsecondary malignan\w*"));

fn follow_up(icd: &Icd10Cm, index: &Book, q: &Query, text: &str) -> Option<Reason> {
    if !is_follow_up(text) {
        return None;
    }
    let malignant = MALIGNANCY.is_match(text);
    let path: &[&str] = if malignant {
        &["Examination", "follow-up", "malignant neoplasm"]
    } else {
        &["Examination", "follow-up"]
    };
    let first = from_index(
        icd,
        index,
        index.find(path)?,
        "a follow-up examination after completed treatment of a condition that no longer exists: the follow-up code first, then the history code (I.C.21.c.8)".into(),
    )?;
    // A malignancy's history code is read from the Table of Neoplasms' site.
    let history = if malignant {
        None
    } else {
        personal_history(icd, index, q)
    };
    Some(Reason {
        first,
        history,
        resolved: true,
    })
}

/// "History, personal (of)", followed down the subterms the question names to the entry that
/// names the most of its words.
fn personal_history(icd: &Icd10Cm, index: &Book, q: &Query) -> Option<Recommendation> {
    let root = index.find(&["History", "personal"])?;
    let best = index
        .paths_under(root, &|w: &str| q.has(w))
        .into_iter()
        .filter(|p| p.words > 0)
        .filter(|p| {
            index
                .term(p.term)
                .code
                .as_deref()
                .is_some_and(|c| c.starts_with("Z8"))
        })
        .max_by_key(|p| (p.words, index.path(p.term).len()))?;
    from_index(
        icd,
        index,
        best.term,
        "the condition treated, now gone, as a personal history code after the follow-up code (I.C.21.c.8)".into(),
    )
}

fn from_index(icd: &Icd10Cm, index: &Book, term: TermId, why: String) -> Option<Recommendation> {
    let code = index.code_at(term)?;
    icd.is_billable(&code)
        .then(|| index.recommend(Edition::Alphabetic, icd, term, &code, why))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static BOOKS: LazyLock<(Icd10Cm, super::super::lookup::Lookup)> = LazyLock::new(|| {
        (
            Icd10Cm::builtin().unwrap(),
            super::super::lookup::Lookup::builtin().unwrap(),
        )
    });

    fn codes(text: &str) -> Vec<String> {
        let (icd, books) = &*BOOKS;
        let q = Query::new(text);
        read(icd, &books.index, &q, text)
            .map(|r| {
                std::iter::once(r.first.code)
                    .chain(r.history.map(|h| h.code))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn a_follow_up_after_completed_treatment_is_z09_then_the_history() {
        assert_eq!(
            codes("Recheck 4 weeks after she completed antibiotics for pneumonia; CXR clear."),
            ["Z09", "Z87.01"]
        );
        assert_eq!(
            codes("Follow-up after completed treatment of a DVT, duplex shows resolution."),
            ["Z09", "Z86.718"]
        );
        assert_eq!(
            codes("Surveillance visit, colon cancer resected, completed chemo, no evidence of disease."),
            ["Z08"]
        );
        // Treatment and spread the question denies ("no current treatment", "no recurrence or
        // metastasis") leave the follow-up one.
        assert_eq!(
            codes("Finished treatment for osteosarcoma 3 years ago; surveillance CT shows no recurrence or metastasis and he has no current treatment."),
            ["Z08"]
        );
    }

    #[test]
    fn a_follow_up_of_a_current_condition_or_an_injury_is_no_follow_up_examination() {
        assert!(codes("Follow-up for type 2 diabetes, continue metformin.").is_empty());
        assert!(codes("PCP f/u for HTN. Bladder ca, BCG completed in 2019, surveillance NED since, no current treatment.").is_empty());
        // A plan's later visit makes no follow-up of this one.
        assert!(
            codes("Diplacusis after a resolved sudden hearing loss; recheck in 6 months.")
                .is_empty()
        );
        assert!(codes(
            "Tularemia, CXR clear. Started ciprofloxacin for 14 days. Urgent care follow-up."
        )
        .is_empty());
        assert!(codes("Heme f/u: CLL, completed FCR in 2022, CLL in remission.").is_empty());
        assert!(codes(
            "F/u after thyroidectomy, completed RAI; current treatment levothyroxine replacement."
        )
        .is_empty());
        assert!(codes("Follow-up 2 weeks after ORIF of the hip fracture, healing, staples out; x-ray normal alignment, completed PT.").is_empty());
        // A metastasis found on surveillance is a current malignancy.
        assert!(codes("Surveillance CT after completed treatment of RCC: new adrenal mass, metastatic RCC on biopsy.").is_empty());
    }

    #[test]
    fn a_surgeon_s_own_pre_op_visit_is_no_preoperative_evaluation() {
        assert!(codes("ENT clinic, pre-op visit: left attic cholesteatoma, tympanomastoidectomy planned next month.").is_empty());
        assert!(codes("Primary care follow-up. She had a high CRP on pre-op labs for a cancelled elective procedure; exam normal.").is_empty());
        assert_eq!(
            codes("PCP pre-op clearance before a right total knee replacement for osteoarthritis.")
                .first()
                .map(String::as_str),
            Some("Z01.818")
        );
    }

    #[test]
    fn routine_testing_with_no_provider_seen_is_z01_89() {
        assert_eq!(
            codes("Lab draw only: routine annual labs (CBC, CMP), plus a TSH for fatigue."),
            ["Z01.89"]
        );
        // A visit with the provider is no testing-only encounter.
        assert!(codes("Annual physical with routine labs, BP 128/80.").is_empty());
        // Testing only, but for a symptom: the symptom is the reason (IV.K).
        assert!(codes("Lab draw only: TSH for fatigue.").is_empty());
    }

    #[test]
    fn a_written_encounter_code_the_words_contradict_is_not_this_encounter() {
        assert!(not_this_encounter(
            "Z09",
            "Routine follow-up for type 2 diabetes, continue current plan."
        ));
        assert!(not_this_encounter(
            "Z01.818",
            "She had her pre-op exam here last month. Today acute bronchitis."
        ));
        assert!(!not_this_encounter(
            "Z09",
            "Follow-up after completed antibiotics for pneumonia, CXR clear."
        ));
        assert!(!not_this_encounter(
            "Z01.818",
            "PCP pre-op H&P before hernia repair."
        ));
        assert!(!not_this_encounter("E11.9", "continue metformin"));
        assert!(not_this_encounter(
            "Z01.419",
            "GYN office problem visit: postcoital bleeding for 2 months, Pap collected."
        ));
        assert!(!not_this_encounter(
            "Z01.419",
            "Annual GYN exam, no complaints, Pap collected."
        ));
        assert!(!not_this_encounter(
            "Z00.01",
            "Annual physical plus a separate problem visit: new essential HTN."
        ));
        let surveillance = "3-yr surveillance colonoscopy; tubular adenomas removed at his last scope; normal exam.";
        assert!(not_this_encounter("Z12.11", surveillance));
        assert!(!not_this_encounter(
            "Z12.11",
            "Screening colonoscopy, no symptoms."
        ));
    }

    #[test]
    fn an_examination_after_an_accident_with_no_injury_is_z04() {
        let (icd, books) = &*BOOKS;
        let code = |text: &str| after_accident(icd, &books.index, text).map(|r| r.first.code);
        assert_eq!(
            code("ED: passenger in a minor car crash, checked out, no injuries found."),
            Some("Z04.1".into())
        );
        assert_eq!(
            code("Slipped and fell at work, examined, no injury."),
            Some("Z04.2".into())
        );
        assert_eq!(code("Car crash, no head injury; femur fracture."), None);
        assert_eq!(code("No injury. Here for a cough."), None);
    }

    #[test]
    fn a_preoperative_evaluation_is_z01_81_by_its_kind() {
        assert_eq!(
            codes("Cardiology pre-op clearance exam before a knee replacement."),
            ["Z01.810"]
        );
        assert_eq!(
            codes("PCP pre-operative evaluation before cholecystectomy."),
            ["Z01.818"]
        );
        assert_eq!(
            codes("PCP pre-op clearance before a knee replacement: exam, ECG and labs done."),
            ["Z01.818"]
        );
        assert_eq!(
            codes("PCP pre-op H&P before hernia repair; the ECG shows a new LBBB, referred him to cardiology before surgery."),
            ["Z01.818"]
        );
        assert_eq!(
            codes("Pre-procedural labs only drawn before the hysterectomy."),
            ["Z01.812"]
        );
        // A clearance the visit waits for is another step.
        assert_eq!(
            codes("ED: overdose; psychiatry to evaluate after medical clearance."),
            Vec::<String>::new()
        );
        // The reason for the surgery follows (IV.M).
        assert_eq!(
            codes("Pre-procedural labs only, before her scheduled hysterectomy for symptomatic uterine fibroids."),
            ["Z01.812", "D25.9"]
        );
        assert!(codes("She had her pre-op exam last month; today acute bronchitis.").is_empty());
    }
}
