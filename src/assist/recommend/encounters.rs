//! Encounters, contacts, aftercare, history and status codes (Chapter 21, the Z codes).

use std::sync::LazyLock;

use regex::Regex;

use super::order::rank;
use super::{from_entry, named, recode, sibling_titled, writes};
use crate::assist::encounter;
use crate::assist::entries::Entry;
use crate::assist::icd10cm::{compact, Icd10Cm};
use crate::assist::lookup;
use crate::assist::suggest::Query;
use crate::domain::Recommendation;

/// An encounter for chemotherapy, immunotherapy or radiation (Z51.0, Z51.1-) is the reason for
/// the visit only where the question says the visit is for it or writes the code: a patient
/// "on chemotherapy" who comes for an excision is no chemotherapy encounter (I.C.2.e.2).
pub(super) fn no_therapy_encounter_the_question_does_not_say(
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if super::focus::for_the_therapy(text) {
        return picked;
    }
    let lower = text.to_lowercase();
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            !(c == "Z510" || c.starts_with("Z511")) || writes(&lower, &c)
        })
        .collect()
}

/// A disease the question gives to another person ("his partner was diagnosed with
/// gonorrhea") and never to the patient is the patient's contact with it: the Index's
/// "Contact (with)" line for it (Z20.2) is the reason for the visit, and the disease's own
/// code is not the patient's (I.C.21.c.1).
pub(super) fn what_another_person_has_is_a_contact(
    icd: &Icd10Cm,
    index: &lookup::Book,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let lower = text.to_lowercase();
    let Some(m) = ANOTHER_HAS.captures(&lower) else {
        return picked;
    };
    let (whole, disease) = (m.get(0).expect("a match"), m.get(1).expect("a disease"));
    let (clause, disease) = (&lower[whole.start()..disease.end()], disease.as_str());
    // The patient's own disease ("... and he has urethral discharge and a positive NAAT")
    // is said outside the other person's clause.
    let head = disease.split_whitespace().next().unwrap_or_default();
    let anothers = |at: usize| {
        let before = super::text::window(&lower, at.saturating_sub(50), at)
            .rsplit(['.', ';', '?', '!'])
            .next()
            .unwrap_or_default();
        ANOTHER_PERSON.is_match(before)
    };
    if !lower.match_indices(head).all(|(at, _)| anothers(at))
        || picked.iter().any(|p| p.code.starts_with("Z20"))
    {
        return picked;
    }
    let said: Vec<String> = super::text::title_terms(disease);
    let Some(contact) = index.find(&["Contact"]) else {
        return picked;
    };
    let line = index
        .children(contact)
        .iter()
        .filter_map(|&c| {
            let words = super::text::title_terms(&index.term(c).title);
            let code = compact(index.code_at(c)?.trim_end_matches('-'));
            (!words.is_empty() && words.iter().all(|w| said.contains(w)) && icd.is_billable(&code))
                .then_some((words.len(), c, code))
        })
        .max_by_key(|(n, ..)| *n);
    let Some((_, term, code)) = line else {
        return picked;
    };
    let q = Query::new(disease);
    let diseased: Vec<String> = index
        .paths(q.terms(), &|w: &str| q.has(w))
        .iter()
        .filter_map(|p| index.code_at(p.term))
        .map(|c| compact(&c)[..3].to_owned())
        .filter(|c| !c.starts_with('Z'))
        .collect();
    picked.retain(|p| {
        !diseased
            .iter()
            .any(|d| compact(&p.code).starts_with(d.as_str()))
    });
    let why = format!(
        "the question gives the disease to another person (\"{}\"): the patient's contact with it is the reason for the visit (I.C.21.c.1)",
        clause.trim()
    );
    picked.insert(
        0,
        index.recommend(lookup::Edition::Alphabetic, icd, term, &code, why),
    );
    picked
}

static ANOTHER_PERSON: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(&format!(r"\b(?:{ANOTHER})s?\b")).expect("a cue"));

const ANOTHER: &str = "partner|spouse|husband|wife|boyfriend|girlfriend|roommate|household contact|coworker|co-worker|classmate";

static ANOTHER_HAS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(&format!(
        r"\b(?:his|her|their|a|the)\s+(?:sexual\s+|sex\s+)?(?:{ANOTHER})\s+(?:was\s+|is\s+|has been\s+|had been\s+)?(?:recently\s+|just\s+)?(?:diagnosed with|treated for|tested positive for|positive for)\s+([a-z][a-z0-9 -]{{2,40}}?)(?:\s*[.,;:()]|\s+(?:and|but|last|this|yesterday|today|on|in|at|\d+)\b|$)"
    ))
    .expect("a cue")
});

/// A contact or exposure code (Z20) is for a patient exposed to a disease, not one who has it
/// (I.C.21.c.1): the disease it names ("exposure to tuberculosis", the household member's
/// active TB) is not the patient's, and its code goes.
pub(super) fn no_disease_beside_its_contact_code(
    icd: &Icd10Cm,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let diseases: Vec<Vec<String>> = picked
        .iter()
        .filter(|p| compact(&p.code).starts_with("Z20"))
        .filter_map(|p| {
            let title = icd.title(&compact(&p.code))?.to_lowercase();
            let (_, disease) = title.split_once("exposure to ")?;
            let terms = super::text::title_terms(disease);
            (!terms.is_empty()).then_some(terms)
        })
        .collect();
    picked.retain(|p| {
        let c = compact(&p.code);
        let title = super::ground::title_terms_of(icd, &c);
        c.starts_with('Z') || !diseases.iter().any(|d| d.iter().all(|t| title.contains(t)))
    });
    picked
}

/// An opioid given to treat opioid dependence: methadone or buprenorphine maintenance.
static OPIOID_TREATMENT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:methadone|buprenorphine|suboxone|subutex|sublocade|zubsolv|mat|moud|otp)\b",
    )
    .expect("a cue")
});
static PAIN: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bpain\w*\b|\banalges\w*").expect("a cue"));

/// Z79.891 is an opiate analgesic for pain (its inclusion term: "methadone for pain
/// management"); methadone or buprenorphine treating the opioid dependence the answer codes is
/// F11.2- (its Excludes2 note), not long-term analgesic therapy.
pub(super) fn an_opioid_treating_its_dependence(
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let dependence = picked.iter().any(|p| compact(&p.code).starts_with("F112"));
    if !dependence || !OPIOID_TREATMENT.is_match(text) || PAIN.is_match(text) {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| compact(&p.code) != "Z79891")
        .collect()
}

/// Something found at the examination: a new diagnosis, an abnormal reading or a known
/// condition found worse.
static FOUND_AT_THE_EXAM: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:new(?:ly)?|found|finds|discovered|noted|incidental\w*|elevated|abnormal|positive|progressed|progression|worsen\w*|now (?:stage|at))\b")
        .expect("a cue")
});

/// A routine examination that finds something is the "with abnormal findings" code, the
/// finding reported beside it (I.C.21.c.12, IV.P).
pub(super) fn an_examination_with_abnormal_findings(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let finding = picked.iter().any(|r| !compact(&r.code).starts_with('Z'));
    if !finding || !FOUND_AT_THE_EXAM.is_match(text) {
        return picked;
    }
    for r in picked.iter_mut() {
        let code = compact(&r.code);
        let title = icd.title(&code).unwrap_or_default();
        if !code.starts_with('Z') || !title.contains("without abnormal findings") {
            continue;
        }
        let wanted = title.replace("without abnormal findings", "with abnormal findings");
        if let Some(with) = sibling_titled(icd, &code, &wanted) {
            let why = format!(
                "the examination found what the other codes report (I.C.21.c.12): {}",
                r.why
            );
            recode(icd, r, &with, why);
        }
    }
    picked
}

/// The visit is a follow-up of the complication itself, not of the procedure that caused it.
static COMPLICATION_FOLLOW_UP: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:f/u|follow[- ]?up|subsequent|recheck|re-check|routine|healing|healed|resolved)\b")
        .expect("a cue")
});

/// A complication of care is in active treatment, 7th character A, however long ago the
/// procedure was ("POD 8 s/p lap chole": the surgery's date, I.C.19.a); D needs the visit
/// said to be a follow-up.
pub(super) fn a_complication_treated_now(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if COMPLICATION_FOLLOW_UP.is_match(text) {
        return picked;
    }
    for r in picked.iter_mut() {
        let code = compact(&r.code);
        let complication = code.get(..3).is_some_and(|k| ("T80".."T89").contains(&k));
        if complication && code.len() == 7 && code.ends_with('D') {
            let initial = format!("{}A", &code[..6]);
            if icd.is_billable(&initial) {
                let why = format!(
                    "initial encounter: the complication is treated in this encounter (I.C.19.a); {}",
                    r.why
                );
                recode(icd, r, &initial, why);
            }
        }
    }
    picked
}

/// A transplanted organ's complication (T86.-) says the organ is transplanted: its status
/// (Z94.-) adds nothing (I.C.21.c.3). And a transplant recipient ("s/p deceased-donor kidney
/// transplant") is no donor (Z52.-, for the living donor's encounter).
pub(super) fn the_transplant_in_its_complication(
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    const ORGANS: [(&str, &str); 8] = [
        ("T861", "Z940"),
        ("T862", "Z941"),
        ("T863", "Z943"),
        ("T864", "Z944"),
        ("T8681", "Z942"),
        ("T8682", "Z945"),
        ("T8684", "Z947"),
        ("T8685", "Z9482"),
    ];
    let codes: Vec<String> = picked.iter().map(|p| compact(&p.code)).collect();
    let said_by_a_complication = |c: &str| {
        ORGANS.iter().any(|(complication, status)| {
            c.starts_with(status) && codes.iter().any(|o| o.starts_with(complication))
        })
    };
    let recipient = RECIPIENT.is_match(text) && !DONATING.is_match(text);
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            !said_by_a_complication(&c) && (!recipient || !c.starts_with("Z52"))
        })
        .collect()
}

static RECIPIENT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:deceased|cadaveric)[- ]donor\b|\brecipient\b|\b(?:s/p|status post|after|had|received)\b[^.;]{0,40}\btransplant")
        .expect("a cue")
});

static DONATING: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bdonat(?:e|es|ed|ing|ion)\b|\bliving donor\b").expect("a cue")
});

/// A complication of a hip or knee prosthesis (T84.-) says the joint is replaced: its
/// presence (Z96.64-, Z96.65-) adds nothing the complication code does not say (I.C.21.c.3),
/// and the osteoarthritis the replacement treated (M16, M17) is gone with the joint.
pub(super) fn the_replaced_joint_in_its_complication(
    icd: &Icd10Cm,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let words = |c: &str| icd.title(c).unwrap_or_default().to_lowercase();
    let joint_and_side = |c: &str| {
        let t = words(c);
        let joint = ["knee", "hip"].into_iter().find(|j| t.contains(j))?;
        let side = ["right", "left"].into_iter().find(|s| t.contains(s))?;
        Some((joint, side))
    };
    let replaced: Vec<(&str, &str)> = picked
        .iter()
        .map(|p| compact(&p.code))
        .filter(|c| c.starts_with("T84") && words(c).contains("prosthe"))
        .filter_map(|c| joint_and_side(&c))
        .collect();
    if replaced.is_empty() {
        return picked;
    }
    let gone = |c: &str| {
        ["M16", "M17", "Z9664", "Z9665"]
            .iter()
            .any(|p| c.starts_with(p))
            && joint_and_side(c).is_some_and(|js| replaced.contains(&js))
    };
    picked
        .into_iter()
        .filter(|p| !gone(&compact(&p.code)))
        .collect()
}

/// Words that stand before a noun: "a resolved hearing loss" says the loss resolved.
const BEFORE_A_NOUN: &[&str] = &["a", "an", "the", "his", "her", "their", "its"];

/// "The pancreatitis has resolved": the condition the question says is over.
static HAS_RESOLVED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:the|her|his|their)\s+((?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:has|had|have)\s+(?:since\s+|now\s+|fully\s+|completely\s+)?(?:resolved|cleared|healed)\b",
    )
    .expect("a resolution cue")
});

/// An outpatient visit's condition said to be over in fewer words: "(pneumonia resolved)",
/// "vomiting that resolved", "a healed gastric ulcer". An admission's "the AKI resolved" is a
/// condition treated during the stay, and is coded (Section III).
static RESOLVED_BEFORE_THE_VISIT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b((?:[\w-]+\s+){0,2}?[\w-]+)\s+\(?(?:(?:that|which|has|had|have|is|was|were|are|now)\s+){0,2}(?:resolved|cleared|healed)\b|\bhealed\s+((?:[\w-]+\s+){0,2}[\w-]+)",
    )
    .expect("a resolution cue")
});

/// A condition the question says has resolved is not reported (III.A, IV.J, I.C.21.c.4): the
/// acute pancreatitis behind a pseudocyst drained four months later. Its history code, where
/// one applies, is read from the "h/o ... resolved" wording by `a_resolved_condition_is_history`.
pub(super) fn nothing_that_has_resolved(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let outpatient = !super::uncertain::inpatient(text);
    let over: Vec<String> = HAS_RESOLVED
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .chain(
            RESOLVED_BEFORE_THE_VISIT
                .captures_iter(text)
                .filter(|_| outpatient)
                .filter_map(|c| c.get(1).or_else(|| c.get(2))),
        )
        .map(|m| m.as_str())
        // "diplacusis following a resolved hearing loss": what comes before "a resolved" is
        // no condition that resolved.
        .filter(|words| {
            words
                .rsplit(char::is_whitespace)
                .next()
                .is_none_or(|last| !BEFORE_A_NOUN.contains(&last.to_lowercase().as_str()))
        })
        .flat_map(super::text::plain_terms)
        .filter(|w| w.len() >= 4)
        .collect();
    if over.is_empty() {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            // An injury that healed leaves its sequela, which the sequela rules code.
            c.starts_with(['S', 'T', 'Z'])
                || !super::ground::concepts(&icd.title(&c).unwrap_or_default())
                    .iter()
                    .any(|w| over.contains(w))
        })
        .collect()
}

/// An admission's "status-post" procedures from before the stay that have no bearing on it
/// are not reported (III.A): the coder's Z90.49 for an appendectomy decades ago, Z96.652 for
/// an old knee replacement. A complication, an aftercare or a postprocedural condition of the
/// answer is the bearing, and the status stays beside it.
pub(super) fn no_status_post_without_bearing_on_the_stay(
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    const STATUS_POST: &[&str] = &["Z90", "Z96", "Z98"];
    const BEARING: &[&str] = &[
        "T8", "Z4", "M96", "M97", "K91", "N99", "E89", "I97", "G97", "J95", "H59", "H95",
    ];
    if !super::uncertain::inpatient(text) {
        return picked;
    }
    let lower = text.to_lowercase();
    let written = |c: &str| writes(&lower, c);
    let codes: Vec<String> = picked.iter().map(|p| compact(&p.code)).collect();
    if codes
        .iter()
        .any(|c| BEARING.iter().any(|b| c.starts_with(b)))
    {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            !(STATUS_POST.contains(&&c[..3]) && written(&c))
        })
        .collect()
}

/// Rehabilitation or other aftercare after a joint was replaced is Z47.1, with the joint's
/// replacement status (Z96.6-) beside it; the arthritis that led to it is gone with the joint
/// (I.C.21.c.7: "Z47.1 ... should be used with Z96.6-").
pub(super) fn aftercare_of_a_joint_replacement(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let Some(caps) = REPLACED_JOINT.captures(text) else {
        return picked;
    };
    if !AFTERCARE_VISIT.is_match(text) || PREOPERATIVE.is_match(text) {
        return picked;
    }
    // The joint by name, or the procedure's abbreviation ("after a shoulder dystocia" names
    // no replacement).
    let joint = caps
        .get(1)
        .or_else(|| caps.get(2))
        .map_or(String::new(), |m| m.as_str().to_lowercase());
    let (status, arthritis) = match joint.as_str() {
        "hip" | "tha" => ("Z9664", "M16"),
        "shoulder" | "tsa" => ("Z9661", "M19.01"),
        _ => ("Z9665", "M17"),
    };
    let side = match super::text::side(text) {
        Some("right") => '1',
        Some("left") => '2',
        Some("bilateral") if status != "Z9661" => '3',
        _ => '9',
    };
    let replaced = format!("{status}{side}");
    let mut out: Vec<Recommendation> = Vec::new();
    for code in ["Z471", replaced.as_str()] {
        if icd.is_billable(code) {
            let mut r = named(icd, code);
            r.why = "aftercare following a joint replacement: Z47.1 with the replaced joint's status code (I.C.21.c.7)".into();
            out.push(r);
        }
    }
    out.extend(picked.into_iter().filter(|r| {
        let c = compact(&r.code);
        !c.starts_with(&arthritis.replace('.', "")) && c != "Z471" && !c.starts_with(status)
    }));
    out
}

static REPLACED_JOINT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:s/p|status post|after|following|post)\s+(?:an?\s+|the\s+|a\s+)?(?:(?:right|left|r|l|rt|lt|bilateral)\s+)?(?:(?:total\s+|partial\s+)?(knee|hip|shoulder)\s+(?:joint\s+)?(?:replacement|arthroplasty)|(tka|tha|tsa))\b").unwrap()
});
static AFTERCARE_VISIT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:pt|physical therapy|rehab\w*|aftercare|staple removal|suture removal|wound check|post-?op(?:erative)? (?:visit|check|care|rehab))\b").unwrap()
});
static PREOPERATIVE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:pre-?op\w*|clearance|before (?:the |an? |her |his )?(?:surgery|replacement|arthroplasty|tka|tha))\b").unwrap()
});

/// An orthopedic aftercare code (Z47.-, "removal of internal fixation device") is not used
/// beside a complication of the orthopedic device the encounter treats (T84.-, "pain due to
/// internal orthopedic devices"): the aftercare Z code is not for treatment of a current
/// condition (I.C.21.c.7), the complication is the reason.
pub(super) fn no_aftercare_code_for_a_device_complication(
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !picked.iter().any(|p| compact(&p.code).starts_with("T84")) {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| !compact(&p.code).starts_with("Z47"))
        .collect()
}

/// A status code is not used when the aftercare code says the status (I.C.21.c.7: "Z43.0,
/// Encounter for attention to tracheostomy, with Z93.0, Tracheostomy status"): Z96.82,
/// presence of neurostimulator, beside Z45.42, adjustment and management of neurostimulator.
pub(super) fn no_status_its_aftercare_names(
    icd: &Icd10Cm,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    const STATUS_WORDS: &[&str] = &["presenc", "status", "artifici", "open"];
    let aftercare_titles: Vec<Vec<String>> = picked
        .iter()
        .map(|p| compact(&p.code))
        // ... and so does an organ transplant's aftercare (Z48.22, kidney transplant, with
        // Z94.0).
        .filter(|c| super::order::device_aftercare(c) || c.starts_with("Z482"))
        .map(|c| super::ground::title_terms_of(icd, &c))
        .collect();
    if aftercare_titles.is_empty() {
        return picked;
    }
    let named_by_aftercare = |code: &str| {
        let what: Vec<String> = super::ground::concepts(&icd.title(code).unwrap_or_default())
            .into_iter()
            .filter(|w| !STATUS_WORDS.contains(&w.as_str()))
            .collect();
        !what.is_empty()
            && aftercare_titles
                .iter()
                .any(|title| what.iter().all(|w| title.contains(w)))
    };
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            !(("Z93".."Z9A").contains(&&c[..3]) && named_by_aftercare(&c))
        })
        .collect()
}

/// A written code taken from the preoperative diagnosis where the question gives the final
/// pathology or postoperative diagnosis: the postoperative diagnosis is coded, being the most
/// definitive (IV.N), so the preoperative one goes when the answer has another code.
pub(super) fn the_postoperative_diagnosis(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if picked.len() < 2 || !FINAL_DIAGNOSIS.is_match(text) {
        return picked;
    }
    // The condition itself may be what the booking said ("booked as 'umbilical hernia versus
    // nodule'") where the code is written elsewhere, so long as the final diagnosis does not
    // say it again.
    let sentences = super::text::sentences(text);
    let said_in = |sentence: &str, code: &str| {
        // The condition, not what its line says is absent ("... without obstruction").
        let title = icd.title(code).unwrap_or_default();
        let head = title.split([',', '(']).next().unwrap_or_default();
        let title = super::text::title_terms(head.split(" without ").next().unwrap_or_default());
        let said = super::text::title_terms(sentence);
        !title.is_empty() && title.iter().all(|t| said.contains(t))
    };
    let from_the_pre_op = |code: &str| {
        let c = compact(code);
        [code.to_owned(), c.clone(), c.to_lowercase()]
            .iter()
            .filter_map(|form| text.find(form.as_str()))
            .any(|at| PRE_OP_DIAGNOSIS.is_match(super::guidelines::sentence_at(text, at)))
            || (sentences
                .iter()
                .any(|s| PRE_OP_DIAGNOSIS.is_match(s) && said_in(s, code))
                && !sentences
                    .iter()
                    .any(|s| FINAL_DIAGNOSIS.is_match(s) && said_in(s, code)))
    };
    let kept: Vec<Recommendation> = picked
        .iter()
        .filter(|p| !from_the_pre_op(&p.code))
        .cloned()
        .collect();
    if kept.is_empty() {
        picked
    } else {
        kept
    }
}

static FINAL_DIAGNOSIS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bfinal (?:path\w*|diagnosis|dx)\b|\bpost-?op(?:erative)? (?:diagnosis|dx)\b|\bpath(?:ology)? (?:shows|showed|confirms|confirmed|came back|returned)\b")
        .expect("a cue")
});

static PRE_OP_DIAGNOSIS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\bpre-?op(?:erative)?(?: note| diagnosis| dx)?\b|\b(?:booked|scheduled|posted) as\b",
    )
    .expect("a cue")
});

/// A diagnostic test whose provider's interpretation the question quotes: "the final
/// interpretation reads", "the radiologist's read", "final report".
static TEST_READ: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:final|official|signed) (?:interpretation|read|report|impression)\b|\binterpreted by\b|\b(?:cardiologist|radiologist|pathologist)'s (?:final )?(?:interpretation|read|report|diagnosis)\b").unwrap()
});

/// A diagnostic service whose interpretation is there when the coder codes: the confirmed
/// diagnosis, not the signs and symptoms that led to the test (IV.K).
pub(super) fn a_read_test_s_diagnosis_not_its_symptoms(
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let diagnosis = picked
        .iter()
        .any(|p| !p.code.starts_with(['R', 'V', 'W', 'X', 'Y', 'Z']));
    if !diagnosis || !TEST_READ.is_match(text) || !TESTING_ONLY.is_match(text) {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| !p.code.starts_with('R'))
        .collect()
}

/// The encounter is for the test alone: a Holter, an echo, imaging, a stress test, labs.
static TESTING_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:holter|event monitor|echo(?:cardiogram)?|ekg|ecg|eeg|emg|stress test|ultrasound|mri|ct scan|x-?ray|mammogram|imaging|testing|biopsy|pathology|diagnostic (?:test|service)s?)\b").unwrap()
});

/// A planned procedure called off at the encounter.
static CANCELLED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:case|surgery|procedure|operation|scope|colonoscopy|endoscopy|egd|block|injection)\s+(?:was\s+)?(?:cancell?ed|aborted|called off)\b|\b(?:cancell?ed|aborted)\s+(?:the\s+)?(?:case|surgery|procedure|operation|scope|colonoscopy|endoscopy|egd)\b").unwrap()
});
static PATIENTS_DECISION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:patient|pt|she|he)\s+(?:declined|refused|changed (?:her|his) mind|decided against|chose not)\b").unwrap()
});
static SMOKING: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\b(?:smok\w*|cigarettes?|nicotine)\b").unwrap());

/// A procedure planned and not carried out (I.C.21.c.13, Z53): the reason for the procedure
/// stays first, Z53.- follows it by why it was not done (a contraindication, the patient's
/// decision, another reason), and the condition that stopped it comes after.
pub(super) fn a_cancelled_procedure_is_z53(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let clauses: Vec<&str> = text.split(['.', ';', '\n', '?', '!']).collect();
    let cancelling: Vec<usize> = (0..clauses.len())
        .filter(|&i| CANCELLED.is_match(clauses[i]))
        .collect();
    if picked.iter().any(|p| compact(&p.code).starts_with("Z53")) {
        return z53_after_the_reason(icd, picked);
    }
    if cancelling.is_empty() {
        return picked;
    }
    let named_in = |terms: &[String], p: &Recommendation| {
        super::text::half_named(
            &super::ground::concepts(&icd.title(&p.code).unwrap_or_default()),
            terms,
        )
    };
    // What stopped it is named where the cancelling is, or just before ("new A-fib w/ RVR;
    // surgery cancelled"), in the first telling of the cancelling that names it (a subject
    // line's "cancelled for new AF" may say it in shorthand the body spells out).
    // Each telling as (the cancelling clause, the clause that says why, its terms).
    let reading = |i: usize| {
        let here = super::text::plain_terms(clauses[i]);
        if picked.iter().any(|p| named_in(&here, p)) || i == 0 {
            (i, i, here)
        } else {
            (i, i - 1, super::text::plain_terms(clauses[i - 1]))
        }
    };
    let (at, said_at, terms) = cancelling
        .iter()
        .map(|&i| reading(i))
        .find(|(_, _, terms)| picked.iter().any(|p| named_in(terms, p)))
        .unwrap_or_else(|| reading(cancelling[0]));
    let where_said = clauses[said_at];
    let stopped_it = |p: &Recommendation| named_in(&terms, p);
    let (stoppers, rest): (Vec<Recommendation>, Vec<Recommendation>) =
        picked.into_iter().partition(stopped_it);
    let code = if PATIENTS_DECISION.is_match(clauses[at]) {
        "Z53.29"
    } else if SMOKING.is_match(where_said) {
        "Z53.01"
    } else if !stoppers.is_empty() {
        "Z53.09"
    } else {
        "Z53.8"
    };
    let mut z53 = named(icd, code);
    z53.why = "the planned procedure was not carried out: Z53.- after the reason for it, the condition that stopped it after Z53.- (I.C.21.c.13)".into();
    // After the first condition of the rest, the reason for the procedure (a status code
    // listed early is no reason).
    let after_reason = rest
        .iter()
        .position(|p| rank(icd, &p.code) < 4)
        .map_or(0, |i| i + 1);
    let mut out = rest;
    out.insert(after_reason, z53);
    out.extend(stoppers);
    out
}

/// A Z53 code the question writes goes after the condition the procedure was for, however it
/// was listed: that condition is the reason for the encounter even when the treatment was not
/// carried out (II.F, I.C.21.c.13).
fn z53_after_the_reason(icd: &Icd10Cm, picked: Vec<Recommendation>) -> Vec<Recommendation> {
    let (z53, mut rest): (Vec<Recommendation>, Vec<Recommendation>) = picked
        .into_iter()
        .partition(|p| compact(&p.code).starts_with("Z53"));
    let after_reason = rest
        .iter()
        .position(|p| rank(icd, &p.code) < 4)
        .map_or(0, |i| i + 1);
    rest.splice(after_reason..after_reason, z53);
    rest
}

/// A BMI code is reported only with its associated weight diagnosis (I.C.21.c.3): the obesity,
/// overweight, malnutrition or underweight the question names goes before it. None is
/// assigned during pregnancy (I.C.21.c.3: "Do not assign BMI codes during pregnancy").
pub(super) fn a_bmi_goes_with_its_weight_diagnosis(
    icd: &Icd10Cm,
    entries: &[Entry],
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let pregnancy = |c: &str| c.starts_with('O') || c.starts_with("Z3A") || c.starts_with("Z33");
    if picked.iter().any(|p| pregnancy(&compact(&p.code))) {
        picked.retain(|p| !compact(&p.code).starts_with("Z68"));
        return picked;
    }
    let weight = |c: &str| {
        let c = compact(c);
        c.starts_with("E66") || ("E40".."E47").contains(&&c[..3]) || c.starts_with("R636")
    };
    let Some(at) = picked
        .iter()
        .position(|p| compact(&p.code).starts_with("Z68"))
    else {
        return picked;
    };
    if picked.iter().any(|p| weight(&p.code)) {
        return picked;
    }
    let Some(e) = entries
        .iter()
        .filter(|e| e.literal && weight(&e.code))
        .max_by_key(|e| (e.words, e.depth))
    else {
        return picked;
    };
    let mut r = from_entry(icd, e, "");
    r.why = format!(
        "the weight diagnosis the BMI goes with, listed before it (I.C.21.c.3): {}",
        r.why
    );
    picked.insert(at, r);
    picked
}

/// A repair the question says was done: "hypospadias repaired at age 2", "s/p TOF repair",
/// "corrected in infancy".
static REPAIRED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:repaired|corrected|repair of|(?:s/p|status post|after|prior|previous|old|childhood) (?:[\w'-]+ ){0,3}repair)\b")
        .expect("a cue")
});

/// The repair said to be in this encounter: "today", "on day 2", "during this admission".
static REPAIRED_IN_THIS_STAY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:today|this (?:admission|stay|visit|hospitalization)|on (?:hospital )?(?:day|dol|hd) \d+|during (?:the|this) (?:admission|stay|hospitalization))\b")
        .expect("a cue")
});

/// Words of the history codes' titles that say which malformations they are not.
const HISTORY_TITLE_WORDS: &[&str] = &[
    "personal",
    "history",
    "corrected",
    "congenital",
    "malformations",
    "malformation",
    "other",
    "specified",
    "system",
    "organs",
];

/// A congenital malformation the question says was corrected is no longer coded; its personal
/// history is (I.C.17): Q54.1 for a hypospadias repaired in childhood is Z87.710. The history
/// line is the Z87.7- code whose title names the malformation or its body system.
pub(super) fn corrected_malformation_is_history(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let lower = text.to_lowercase();
    let mut repaired_sentences = encounter::sentences_with(&REPAIRED, &lower);
    // A repair in this stay ("repaired on day 2") treats the malformation the stay codes.
    repaired_sentences.retain(|s| !REPAIRED_IN_THIS_STAY.is_match(s));
    if repaired_sentences.is_empty() {
        return picked;
    }
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        if !c.starts_with('Q') || c.as_str() >= "Q90" {
            continue;
        }
        let title = icd.title(&c).unwrap_or_default();
        let named_repaired = super::ground::concepts(&title)
            .iter()
            .any(|w| repaired_sentences.iter().any(|s| s.contains(w.as_str())));
        if !named_repaired {
            continue;
        }
        if let Some(history) = history_of_malformation(icd, &c) {
            let why = format!(
                "instead of {}: the malformation was corrected, so its personal history is coded (I.C.17)",
                r.code
            );
            recode(icd, r, &history, why);
        }
    }
    picked
}

/// The Z87.7- line for a corrected malformation: the one whose title shares most words with
/// the malformation's code and the blocks above it, the residual line when none does.
pub(super) fn history_of_malformation(icd: &Icd10Cm, code: &str) -> Option<String> {
    let i = icd.node_index(code)?;
    let (nodes, containers) = icd.lineage(i);
    let said: Vec<String> = nodes
        .iter()
        .map(|&n| icd.nodes[n].title.clone())
        .chain(containers.iter().map(|&c| icd.containers[c].title.clone()))
        .flat_map(|t| super::text::title_terms(&t))
        .collect();
    let meaning = |t: &str| -> Vec<String> {
        super::text::title_terms(t)
            .into_iter()
            .filter(|w| {
                !HISTORY_TITLE_WORDS
                    .iter()
                    .any(|x| super::text::stem(x) == *w)
            })
            .filter(|w| !w.contains(':'))
            .collect()
    };
    icd.billable_below("Z877")
        .into_iter()
        .map(|h| {
            let shared = meaning(&icd.title(&h).unwrap_or_default())
                .iter()
                .filter(|w| said.contains(w))
                .count();
            (shared, h)
        })
        .filter(|(shared, _)| *shared > 0)
        .max_by_key(|(shared, h)| (*shared, std::cmp::Reverse(h.clone())))
        .map(|(_, h)| h)
        .or_else(|| Some("Z87798".to_owned()))
}

/// A kidney transplant patient's CKD is no transplant complication unless the provider says
/// so: where the question says there is none, T86.1- gives way to the stage (N18) and the
/// transplant status Z94.0 (I.C.14.a.2).
pub(super) fn a_kidney_transplant_with_no_complication(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let complication = |p: &Recommendation| compact(&p.code).starts_with("T861");
    // The written T86.1- may be gone already, as a condition the question denies.
    let complication_named =
        picked.iter().any(complication) || A_KIDNEY_TRANSPLANT_COMPLICATION_CODE.is_match(text);
    if !NO_TRANSPLANT_COMPLICATION.is_match(text) || !complication_named {
        return picked;
    }
    let mut out: Vec<Recommendation> = picked.into_iter().filter(|p| !complication(p)).collect();
    let stage = CKD_STAGE.captures(text).and_then(|c| {
        c.iter()
            .skip(1)
            .flatten()
            .next()
            .map(|m| m.as_str().to_lowercase())
    });
    let ckd = stage.and_then(|s| match s.as_str() {
        "1" => Some("N18.1"),
        "2" => Some("N18.2"),
        "3" => Some("N18.30"),
        "3a" => Some("N18.31"),
        "3b" => Some("N18.32"),
        "4" => Some("N18.4"),
        "5" => Some("N18.5"),
        _ => None,
    });
    let why = "a kidney transplant patient's CKD is coded by its stage with the transplant status, not as a complication the provider does not document (I.C.14.a.2)";
    for code in ckd.into_iter().chain(["Z94.0"]) {
        let category = &compact(code)[..3];
        if !out.iter().any(|p| compact(&p.code).starts_with(category)) {
            let mut r = named(icd, code);
            r.why = why.into();
            out.push(r);
        }
    }
    out
}

static A_KIDNEY_TRANSPLANT_COMPLICATION_CODE: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bT86\.?1").expect("a code"));
static NO_TRANSPLANT_COMPLICATION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bno (?:transplant |graft )?(?:complications?|rejection)\b|\bwithout (?:transplant |graft )?(?:complications?|rejection)\b").unwrap()
});
static CKD_STAGE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:ckd|chronic kidney disease),? (?:stage |st\.? )?([1-5][ab]?)\b|\bstage ([1-5][ab]?) (?:ckd|chronic kidney disease)\b").unwrap()
});

/// A visit for the result of an HIV test that came back negative is HIV counseling, Z71.7,
/// not the screening encounter the specimen was drawn at (I.C.1.a.2.i).
pub(super) fn a_negative_hiv_result_visit_is_counseling(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let negative =
        HIV_NEGATIVE.is_match(text) || (HIV.is_match(text) && TEST_NEGATIVE.is_match(text));
    let for_the_result = negative && RESULT_VISIT.is_match(text);
    if !for_the_result {
        return picked;
    }
    let mut out: Vec<Recommendation> = picked
        .into_iter()
        .filter(|p| compact(&p.code) != "Z114")
        .collect();
    if !out.iter().any(|p| compact(&p.code) == "Z717") {
        out.insert(
            0,
            super::focus::recommendation(
                icd,
                "Z71.7",
                "the visit is for a negative HIV test's result: HIV counseling, not the screening (I.C.1.a.2.i)".into(),
            ),
        );
    }
    out
}

/// "HIV ... negative", "negative HIV test".
static HIV_NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:hiv|human immunodeficiency virus)\b[^.;]{0,80}\bnegative\b|\bnegative\b[^.;]{0,30}\bhiv\b").unwrap()
});

static HIV: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\b(?:hiv|human immunodeficiency virus)\b").unwrap());

/// "the test was negative", "negative result".
static TEST_NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:test|screen|result|results|serology|antibody|ab)\b (?:\w+ ){0,2}(?:was|were|is|came back|returned) negative\b|\bnegative (?:\w+ ){0,2}(?:test|screen|result|results)\b").unwrap()
});

/// The visit is for the test's result.
static RESULT_VISIT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:(?:came|come|comes|returned|returns|back) (?:\w+ ){0,4}(?:for|to (?:get|hear|receive|review|discuss)) (?:\w+ ){0,2}results?|results? (?:visit|review|follow[- ]?up|appointment)|follow[- ]?up (?:\w+ ){0,3}(?:test )?results?|to (?:get|hear|receive|review|discuss) (?:\w+ ){0,2}results?)\b").unwrap()
});

/// A written long-term drug code (Z79) the drugs the question names do not bear out
/// (I.C.21.c.3): a drug named only as a short course or a stopped one ("5-day Z-pak",
/// "prednisone taper"), another class of the same group than the drug's (Z79.02 for
/// apixaban, an anticoagulant, Z79.01), or the residual Z79.899 written for drugs that have
/// a code of their own.
pub(super) fn long_term_drugs_as_named(
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let found: Vec<&str> = super::meds::found(text).iter().map(|f| f.code).collect();
    let named = super::meds::named(text);
    let group = |c: &str| c.get(..5).map(str::to_owned);
    let unsupported = |code: &str| {
        if !code.starts_with("Z79") || found.contains(&code) {
            return false;
        }
        named.contains(&code)
            || (code != "Z79.899" && found.iter().any(|f| group(f) == group(code)))
            || (code == "Z79.899" && !found.is_empty() && RESIDUAL_FOR_DRUGS.is_match(text))
    };
    picked
        .into_iter()
        .filter(|p| !unsupported(&p.code))
        .collect()
}

/// The coma and stroke scales as the record gives them: the total score (R40.24-) only when
/// the three parts (R40.21-R40.23) are not given, no coma scale for a sedated patient or beside a
/// nontraumatic coma due to an underlying condition (R40.2A), and the NIH stroke scale (R29.7-)
/// only with an acute stroke (I.C.18.e, I.C.18.e.1, I.C.18.i).
pub(super) fn scales_as_documented(text: &str, picked: Vec<Recommendation>) -> Vec<Recommendation> {
    let has = |prefixes: &[&str]| {
        picked
            .iter()
            .any(|p| prefixes.iter().any(|x| compact(&p.code).starts_with(x)))
    };
    let parts = has(&["R4021", "R4022", "R4023"]);
    let no_coma_scale = has(&["R402A"]) || super::scales::no_coma_scale(text);
    let acute_stroke = has(&["I60", "I61", "I62", "I63"]);
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            let coma_scale = ["R4021", "R4022", "R4023", "R4024"]
                .iter()
                .any(|x| c.starts_with(x));
            !(coma_scale && no_coma_scale
                || c.starts_with("R4024") && parts
                || c.starts_with("R297") && !acute_stroke)
        })
        .collect()
}

/// "Z79.899 for the MTX", "Z79.899 for his meds": the residual code written for drugs.
static RESIDUAL_FOR_DRUGS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bZ79\.?899\W+(?:\w+\W+){0,2}?(?:for|because|to cover)\b").unwrap()
});
