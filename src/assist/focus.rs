//! What the encounter is for decides what goes first: the guidelines' sequencing rules that
//! turn on the reason for the admission or visit rather than on the codes' kinds.
//!
//! Each rule reads a cue in the question's words and moves (or adds) a code:
//! - I.C.2.e.2–3: an encounter for chemotherapy, immunotherapy or radiation therapy is Z51.11,
//!   Z51.12 or Z51.0 first, with any complication after it;
//! - I.C.6.b.5: G89.3 first when the encounter is for pain control;
//! - I.C.2.c.3: dehydration first when only the dehydration of a malignancy is treated;
//! - I.C.2.c.2, I.C.2.l.4: the adverse effect of an antineoplastic drug (T45.1X5-) first when
//!   the encounter gives no therapy (no Z51 code), the neoplasm and the drug after it;
//! - I.C.2.l.6: a pathological fracture (M84.5) first when the fracture is the focus;
//! - I.C.1.a.2.b–d: B20 first for an HIV-related condition, after the condition an unrelated
//!   admission is for, and Z21 never beside it;
//! - I.C.1.d.3–4: sepsis that develops after admission follows the localized infection, and
//!   sepsis with acute organ dysfunction it causes is severe sepsis (R65.20, R65.21 with shock);
//! - I.C.2.a-b: a primary malignancy goes before its secondary sites, unless the treatment is
//!   directed to a secondary site only;
//! - I.C.21.c.5: a screening of a patient with no symptoms goes first, what it found after it;
//!   a test because of a sign or symptom is diagnostic, the symptom reported, no screening code.
//! - IV.G: the condition an outpatient visit is for ("HTN f/u", "seen for her asthma") goes
//!   first, unless another rule above decides, or the code is a symptom, a manifestation, a Z
//!   code or an external cause.

use std::sync::LazyLock;

use regex::Regex;

use super::entries;
use super::icd10cm::{compact, dotted, Icd10Cm};
use super::lookup::Book;
use super::suggest::Index;
use super::tables::neoplasm_code;
use crate::domain::{CodeSystem, Recommendation};

fn re(pattern: &str) -> Regex {
    super::text::regex(pattern).expect("a focus cue")
}

/// "admitted for cellulitis of the left leg": the condition the stay is for, to the end of its
/// clause ("admitted with" names what the patient came in with, often the signs of it).
static ADMITTED_FOR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\badmit(?:ted|s)?\s+for\s+(?:(?:an?|the|her|his|their|(?:treatment|management) of)\s+)*([^,.;:()\n]{3,60}?)(?:\s+(?:and|who|which|that|stayed|on|for\s+\d)\b|[,.;:()\n]|$)",
    )
});

/// What a stay is for when it is a procedure, a therapy or an observation, whose codes other
/// rules give (Z51, Z47, Z04) or the procedure's reason does.
static NOT_A_CONDITION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:elective|scheduled|planned|surgery|surgical|repair|replacement|resection|excision|removal|fusion|decompression|\w+ectomy|\w+plasty|\w+otomy|\w+scopy|chemo\w*|radiation|radiotherapy|infusion|transfusion|therapy|rehab\w*|observation|monitoring|evaluation|work-?up|delivery|induction|labor|cycle|c-section|cesarean|procedure)\b",
    )
});

/// The condition an admission is for is reported, first (Section II), where the codes the
/// question writes leave it out: a coder asking only about a secondary diagnosis still reports
/// the principal one.
pub fn the_condition_the_stay_is_for(
    icd: &Icd10Cm,
    index: &Book,
    search: &Index,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if picked.is_empty() {
        return picked;
    }
    let Some(phrase) = ADMITTED_FOR.captures(text).map(|c| c[1].to_owned()) else {
        return picked;
    };
    if NOT_A_CONDITION.is_match(&phrase) {
        return picked;
    }
    let Some(entry) = entries::entry_for(icd, index, search, &phrase) else {
        return picked;
    };
    // The condition is coded already where a code of its category or a title with its main
    // term is in (J15.1 "Pneumonia due to Pseudomonas" for "Pneumonia"), or an inclusion term
    // names it (F02.C2 "... with psychotic disturbance such as ... delusional state" for
    // delusions).
    let main = super::text::stem(&entry.main.to_lowercase());
    let included = |code: &str| {
        main.len() >= 5
            && icd.node(&compact(code)).is_some_and(|n| {
                n.notes.inclusion_terms.iter().any(|t| {
                    super::text::title_terms(t)
                        .iter()
                        .any(|w| w.starts_with(&main))
                })
            })
    };
    let covered = picked.iter().any(|r| {
        compact(&r.code).get(..3) == entry.code.get(..3)
            || super::text::title_terms(&r.title).contains(&main)
            || included(&r.code)
    });
    // ... or a code of the answer says it with its cause (K92.1, the hematochezia, beside
    // K57.31 "diverticulosis ... with bleeding", I.B.5).
    let codes: Vec<String> = picked.iter().map(|r| compact(&r.code)).collect();
    let explained = super::guidelines::explained_symptom(&entry.code, &codes);
    if covered || explained || entry.code.starts_with(['Z', 'R']) {
        return picked;
    }
    picked.insert(
        0,
        entry.recommendation(
            icd,
            "the condition the admission is for, which the codes written leave out (Section II: the principal diagnosis)".into(),
        ),
    );
    picked
}

/// Immune checkpoint inhibitors: antineoplastic immunotherapy (Z51.12), not chemotherapy.
const CHECKPOINT_INHIBITORS: &str = "nivolumab|pembrolizumab|atezolizumab|durvalumab|ipilimumab|cemiplimab|avelumab|dostarlimab|tremelimumab";

static THERAPY_VISIT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:admi\w*|encounter|visit|here|came in|comes in|presents?|scheduled|infusion)\b(?:[^.?!]|\.\d){{0,25}}?\bfor\s+(?:\w+\s+){{0,2}}?(chemo\w*|cycle\s*#?\d+|c\d+d\d+|immunotherapy|radiation|radiotherapy|{CHECKPOINT_INHIBITORS})\b"
    ))
});
pub(super) static PAIN_CONTROL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bpain (?:control|management)\b|\b(?:admi\w*|encounter|visit)\b(?:[^.?!]|\.\d){0,25}\bfor (?:the )?(?:intractable |uncontrolled |severe )?(?:[\w-]+ ){0,2}pain\b",
    )
});
static REHYDRATION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:iv|intravenous)\b(?:[^.?!]|\.\d){0,20}\b(?:fluids?|hydration)\b|\b(?:re)?hydration\b|\bnormal saline\b|\b\d\s*l(?:iters?)?\s*(?:of\s*)?(?:ns|nss|lr)\b",
    )
});
static FRACTURE_FOCUS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bfocus\b(?:[^.?!]|\.\d){0,30}\bfractures?\b|\bfor (?:the |a )?(?:pathologic\w* )?fracture\b|\b(?:orif|im nail\w*|intramedullary nail\w*|nailing|fixation|hemiarthroplasty)\b",
    )
});
/// The treatment is directed to a secondary site only: "resection of the brain met only",
/// "radiation to the spinal mets", "admitted for the liver metastasis", or what was excised
/// is the metastasis ("pathology shows metastatic adenocarcinoma in the umbilical dermis").
static SECONDARY_FOCUS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:final )?path(?:ology)?\b(?:\s+(?:shows?|showed|revealed|reads?)|:)\s*['\x22]?(?:[\w,'-]+\s+){0,3}?metastatic\b|\b(?:resection|excision|craniotomy|radiation|radiotherapy|srs|radiosurgery|ablation|treatment|admitted|surgery|debulking)\b(?:[^.?!]|\.\d){0,40}?\b(?:mets?|metastas[ie]s|secondar\w*)\b(?:[^.?!]|\.\d){0,15}?\bonly\b|\b(?:directed|aimed) (?:at|to|toward) (?:the )?(?:\w+ )?(?:mets?|metastas[ie]s|secondary)",
    )
});
/// The visit is for a screening test ("here for her screening colonoscopy", "screening
/// mammogram", "annual screening").
static SCREENING_VISIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bscreening (?:colonoscopy|mammo\w*|exam\w*|test\w*|visit|psa|pap|ct|ldct|ultrasound|us|endoscopy|egd|labs?)\b|\bfor (?:a |an |the |her |his |their |routine |annual )*screening\b",
    )
});
/// The patient has no sign or symptom: screening in the guideline's sense, testing of a
/// seemingly well person.
static NO_SYMPTOMS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\basymptomatic\b|\bno (?:\w+ )?(?:sx|symptoms?|complaints?)\b|\bwithout (?:any )?(?:\w+ )?(?:sx|symptoms?)\b|\bdenies (?:any )?(?:\w+ )?(?:sx|symptoms?)\b|\bseemingly well\b",
    )
});
static UNRELATED_TO_HIV: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:unrelated|not related)\b(?:[^.?!]|\.\d){0,20}\b(?:hiv|aids)\b"));
static SEPSIS_LATER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bnot (?:present on admission|poa)\b|\bsep(?:tic|sis)\b(?:[^.?!]|\.\d){0,60}?\b(?:developed|develops|began|started)\b(?:[^.?!]|\.\d){0,10}?\bafter (?:the )?admission\b|\bday \d+\b(?:[^.?!]|\.\d){0,20}\b(?:became|becomes|developed)\b(?:[^.?!]|\.\d){0,10}\bsep(?:tic|sis)\b|\b(?:became|becomes|developed|develops)\b(?:[^.?!]|\.\d){0,15}\bsep(?:tic|sis)\b(?:[^.?!]|\.\d){0,30}\b(?:after admission|hospital day|day \d)|\bon (?:hospital )?day \d+\b(?:[^.?!]|\.\d){0,30}\b(?:became|becomes|developed)\b(?:[^.?!]|\.\d){0,10}\bsep(?:tic|sis)\b",
    )
});
pub(super) static SEVERE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bsevere sepsis\b|\bsepsis with (?:acute )?(?:organ dysfunction|organ failure|aki|acute kidney injury|respiratory failure|encephalopathy)\b|\bseptic shock\b|\bsepsis[- ](?:induced|related|associated)\b|\b(?:aki|acute kidney injury|acute renal failure|respiratory failure|encephalopathy|dic|coagulopathy|organ dysfunction|organ failure|hypotension|lactic acidosis)\b(?:[^.?!]|\.\d){0,40}\b(?:due to|attributed to|from|secondary to|caused by|d/t|because of)\s+(?:the\s+)?sep(?:sis|tic)\b",
    )
});
pub(super) static NOT_SEVERE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:no|without|denies)\s+(?:[\w-]+,?\s+(?:or\s+|and\s+)?){0,3}?(?:acute\s+)?organ (?:dysfunction|failure)\b|\bno sepsis\b|\bsepsis (?:was )?ruled out\b",
    )
});
pub(super) static SHOCK: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bseptic shock\b"));
pub(super) static NO_SHOCK: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:no|without)\s+(?:septic\s+)?shock\b"));

static DEHYDRATED: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bdehydrat(?:ed|ion)\b"));
static NOT_DEHYDRATED: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:no|not|without|denies)\s+(?:\w+\s+)?dehydrat(?:ed|ion)\b"));

/// A malignant neoplasm's code (C00-C96, and the in situ and uncertain ones of D0-D4).
fn malignancy(code: &str) -> bool {
    let c = compact(code);
    c.starts_with('C')
        || ["D0", "D1", "D2", "D3", "D4"]
            .iter()
            .any(|p| c.starts_with(p))
}

static CHEMOTHERAPY_NAMED: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bchemo\w*|\bcycle\s*#?\d|\bc\d+d\d+\b"));
static IMMUNOTHERAPY_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:immunotherapy|{CHECKPOINT_INHIBITORS})\b"
    ))
});
/// Radiation oncology's visit during a course ("Radiation oncology, daily treatment visit",
/// an on-treatment visit) is an encounter for the radiation.
static ON_TREATMENT_VISIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(radiation|radiotherapy)\b(?:\s+oncology)?[,:]?\s+(?:daily\s+|weekly\s+|on-?)treatment visit\b",
    )
});
static RADIATION_NAMED: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:radiation|radiotherapy|rt|xrt|srs|sbrt|brachytherapy)\b"));

/// A therapy encounter code for a therapy the question does not name, where the visit is for
/// another one: Z51.11 written for a nivolumab infusion (I.C.2.e.2).
pub fn another_therapy(text: &str, code: &str) -> bool {
    let named = match compact(code).as_str() {
        "Z5111" => &CHEMOTHERAPY_NAMED,
        "Z5112" => &IMMUNOTHERAPY_NAMED,
        "Z510" => &RADIATION_NAMED,
        _ => return false,
    };
    therapy_visit(text).is_some() && !named.is_match(text)
}

/// The encounter is for the therapy itself, not for talking about it ("here for chemo
/// teaching", "for chemo follow-up").
/// Whether the question says the encounter is for chemotherapy, immunotherapy or radiation.
pub(super) fn for_the_therapy(text: &str) -> bool {
    therapy_visit(text).is_some()
}

fn therapy_visit(text: &str) -> Option<regex::Captures<'_>> {
    THERAPY_VISIT
        .captures_iter(text)
        .find(|m| {
            let next = text[m.get(0).map_or(0, |x| x.end())..]
                .trim_start()
                .to_lowercase();
            ![
                "follow", "plan", "consult", "teach", "educat", "eval", "review", "discuss",
            ]
            .iter()
            .any(|w| next.starts_with(w))
        })
        .or_else(|| ON_TREATMENT_VISIT.captures(text))
}

/// The codes the reason for the encounter adds: the Z51 encounter code and severe sepsis.
pub fn added(icd: &Icd10Cm, text: &str, picked: &[Recommendation]) -> Vec<Recommendation> {
    let has = |prefix: &str| picked.iter().any(|r| compact(&r.code).starts_with(prefix));
    let mut out = Vec::new();
    if let Some(m) = therapy_visit(text) {
        let therapy = m[1].to_lowercase();
        let (code, section) = if IMMUNOTHERAPY_NAMED.is_match(&therapy) {
            ("Z51.12", "I.C.2.e.2")
        } else if therapy.starts_with("radi") {
            ("Z51.0", "I.C.2.e.2")
        } else {
            ("Z51.11", "I.C.2.e.2")
        };
        if !has(&compact(code)) {
            out.push(recommendation(
                icd,
                code,
                format!("the encounter is for the therapy (\"{}\"): its Z51 code is listed first, any complication after it ({section}, I.C.2.e.3)", m[0].trim()),
            ));
        }
    }
    // Dehydration is coded beside the malignancy it comes from, and first when only it is
    // treated (I.C.2.c.3, see `reordered`).
    let neoplasm = picked.iter().any(|r| malignancy(&r.code));
    if neoplasm && !has("E86") && DEHYDRATED.is_match(text) && !NOT_DEHYDRATED.is_match(text) {
        out.push(recommendation(
            icd,
            "E86.0",
            "dehydration, coded with the malignancy; first when only the dehydration is treated (I.C.2.c.3)".into(),
        ));
    }
    let sepsis = has("A40") || has("A41") || has("A021") || has("A227") || has("B377");
    if sepsis && !has("R652") && SEVERE.is_match(text) && !NOT_SEVERE.is_match(text) {
        let shock = SHOCK.is_match(text) && !NO_SHOCK.is_match(text);
        let code = if shock { "R65.21" } else { "R65.20" };
        out.push(recommendation(
            icd,
            code,
            "sepsis with the acute organ dysfunction it causes is severe sepsis, reported after the systemic infection (I.C.1.d.1.b, I.C.1.d.3)".into(),
        ));
    }
    out
}

/// Moves codes as the encounter's reason says, after the codes' own order is made.
pub fn reordered(
    icd: &Icd10Cm,
    text: &str,
    mut ordered: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let find = |list: &[Recommendation], prefixes: &[&str]| {
        list.iter()
            .position(|r| prefixes.iter().any(|p| compact(&r.code).starts_with(p)))
    };
    let neoplasm = ordered.iter().any(|r| neoplasm_code(&compact(&r.code)));
    let to_front = |list: &mut Vec<Recommendation>, at: Option<usize>, why: &str| {
        if let Some(i) = at.filter(|&i| i > 0) {
            to_the_front(list, i, &format!("listed first: {why}"));
        }
    };
    // The nature of a chemotherapy's adverse effect: neither the neoplasm, the drug, an
    // external cause nor a Z code.
    let chemotherapy_effect = ordered.iter().position(|r| {
        let c = compact(&r.code);
        !c.starts_with(['C', 'D', 'T', 'V', 'W', 'X', 'Y', 'Z'])
            || (c.starts_with('D') && !neoplasm_code(&c))
    });
    let therapy = find(&ordered, &["Z5111", "Z5112", "Z510"]);
    // The first reason that holds and has its code in the answer decides the first code.
    let reasons = [
        (
            therapy_visit(text).is_some(),
            therapy,
            "the encounter is for the therapy (I.C.2.e.2)",
        ),
        (
            PAIN_CONTROL.is_match(text),
            find(&ordered, &["G893", "G892", "G894"]),
            "the encounter is for pain control (I.C.6.b.5)",
        ),
        (
            neoplasm && REHYDRATION.is_match(text),
            find(&ordered, &["E86"]),
            "only the dehydration of the malignancy is treated (I.C.2.c.3)",
        ),
        (
            neoplasm && find(&ordered, &["T451X5"]).is_some() && therapy.is_none(),
            chemotherapy_effect,
            "the adverse effect of the antineoplastic drug is what the encounter treats (I.C.2.c.2, I.C.2.l.4, I.C.19.e.5.a)",
        ),
        (
            neoplasm && FRACTURE_FOCUS.is_match(text),
            find(&ordered, &["M845"]),
            "the fracture is the focus of treatment (I.C.2.l.6)",
        ),
        (
            true,
            the_visit_s_condition(icd, text, &ordered),
            "the condition the visit is for is listed first (IV.G)",
        ),
    ];
    if let Some((_, at, why)) = reasons
        .into_iter()
        .find(|(holds, at, _)| *holds && at.is_some())
    {
        to_front(&mut ordered, at, why);
    }
    hiv_in_place(text, &mut ordered);
    crisis_before_its_hypertension(&mut ordered);
    primary_or_secondary_first(text, &mut ordered);
    if SCREENING_VISIT.is_match(text) && NO_SYMPTOMS.is_match(text) {
        let at = find(&ordered, &["Z11", "Z12", "Z13"]);
        to_front(
            &mut ordered,
            at,
            "the visit is specifically for the screening; a condition it found is an additional code (I.C.21.c.5)",
        );
    }
    if SEPSIS_LATER.is_match(text) {
        sepsis_after_its_infection(&mut ordered);
    }
    ordered
}

/// What an outpatient visit is for, as coders write it: "HTN f/u", "diabetes follow-up visit",
/// "seen for her asthma", "follow-up of CKD".
static VISIT_FOR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b([\w'-]+(?: [\w'-]+)?)\s+(?:f/u|follow[- ]?up|recheck|check[- ]?up)\b|\b(?:f/u|follow[- ]?up|seen|here|visit|came in|comes in)\s+(?:for|of)\s+(?:(?:her|his|the|their|routine|a|an|f/u|follow[- ]?up|of)\s+)*([^,.;:()\n]{3,40})",
    )
});

/// Words of a visit's reason that name no condition: the setting, the specialty, the visit.
const NO_CONDITION_WORDS: &[&str] = &[
    "outpatient",
    "office",
    "clinic",
    "routine",
    "annual",
    "visit",
    "patient",
    "pt",
    "today",
    "first",
    "newborn",
    "well",
    "vascular",
    "cardiology",
    "cardiac",
    "pulmonary",
    "renal",
    "neurology",
    "surgical",
    "postop",
    "post-op",
    "hospital",
    "telehealth",
    "prenatal",
];

/// The code of the answer whose title names the condition the visit is for (IV.G), where it
/// is a condition the answer may list first: no symptom (a diagnosis beside it explains it),
/// no manifestation or code with a "code first" note, no Z code (their own rules place them),
/// no external cause.
fn the_visit_s_condition(icd: &Icd10Cm, text: &str, ordered: &[Recommendation]) -> Option<usize> {
    let words: Vec<String> = VISIT_FOR
        .captures_iter(text)
        .filter_map(|c| c.get(1).or(c.get(2)))
        .flat_map(|m| super::text::title_terms(&super::text::expanded(m.as_str())))
        .filter(|w| !NO_CONDITION_WORDS.contains(&w.as_str()))
        .collect();
    if words.is_empty() {
        return None;
    }
    let said = |r: &Recommendation| {
        super::text::title_terms(&r.title)
            .iter()
            .filter(|t| words.contains(t))
            .count()
    };
    let listable = |r: &Recommendation| {
        !r.title.to_lowercase().contains("classified elsewhere")
            && !r.code.starts_with(['R', 'V', 'W', 'X', 'Y', 'Z'])
            && !super::checks::has_code_first_note(icd, &r.code)
    };
    let (at, best) = ordered
        .iter()
        .enumerate()
        .filter(|(_, r)| listable(r))
        .map(|(i, r)| (i, said(r)))
        .max_by_key(|&(i, n)| (n, std::cmp::Reverse(i)))?;
    (best > 0).then_some(at)
}

/// A documented hypertensive crisis (I16) is what brings the patient in: it goes before the
/// hypertensive disease it comes with (I.C.9.a.10, "sequencing is based on the reason for the
/// encounter"), never before another condition listed first.
fn crisis_before_its_hypertension(ordered: &mut Vec<Recommendation>) {
    let hypertensive = |r: &Recommendation| {
        let c = compact(&r.code);
        ("I10".."I16").contains(&c.get(..3).unwrap_or_default()) || c.starts_with("I1A")
    };
    let (Some(crisis), Some(disease)) = (
        ordered
            .iter()
            .position(|r| compact(&r.code).starts_with("I16")),
        ordered.iter().position(hypertensive),
    ) else {
        return;
    };
    if crisis > disease {
        let mut r = ordered.remove(crisis);
        r.why = format!(
            "{}; before {}: the crisis is the reason for the encounter (I.C.9.a.10)",
            r.why, ordered[disease].code
        );
        ordered.insert(disease, r);
    }
}

/// A primary malignancy (C00-C76, C81-C96) and its secondary sites (C77-C79): the primary
/// first when the treatment is directed to it or to both (I.C.2.a), the secondary first when
/// the treatment is directed to it only (I.C.2.b).
/// A drainage that treats the fluid a secondary site makes: a paracentesis the peritoneum's
/// (C78.6), a thoracentesis or pleurodesis the pleura's (C78.2).
static DRAINAGE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:(paracentesis)|thoracentesis|pleurodesis|pleurx)\b"));

/// The secondary site a drainage the question names is directed to, when the answer codes it.
fn drained_site(text: &str) -> Option<&'static str> {
    let c = DRAINAGE.captures(text)?;
    Some(if c.get(1).is_some() { "C786" } else { "C782" })
}

fn primary_or_secondary_first(text: &str, ordered: &mut Vec<Recommendation>) {
    let category = |r: &Recommendation| compact(&r.code).get(..3).map(str::to_owned);
    let secondary = |r: &Recommendation| {
        category(r).is_some_and(|k| r.code.starts_with('C') && ("C77".."C7A").contains(&k.as_str()))
    };
    let primary = |r: &Recommendation| {
        category(r)
            .is_some_and(|k| r.code.starts_with('C') && !("C77".."C81").contains(&k.as_str()))
    };
    let drained =
        drained_site(text).and_then(|site| ordered.iter().position(|r| compact(&r.code) == site));
    let (Some(p), Some(s)) = (
        ordered.iter().position(primary),
        drained.or_else(|| ordered.iter().position(secondary)),
    ) else {
        return;
    };
    let (from, to, why) = if SECONDARY_FOCUS.is_match(text) || drained.is_some() {
        // The treated site goes before the primary and before the other secondary sites.
        let first_secondary = ordered.iter().position(secondary).unwrap_or(s);
        (
            s,
            p.min(first_secondary),
            "the treatment is directed to the secondary site only (I.C.2.b)",
        )
    } else {
        (
            p,
            s,
            "the treatment is directed to the primary malignancy (I.C.2.a)",
        )
    };
    if from > to {
        let mut r = ordered.remove(from);
        r.why = format!("{}; before {}: {why}", r.why, ordered[to].code);
        ordered.insert(to, r);
    }
}

/// The admission or visit is for rehabilitation: "inpatient rehab admission", "admitted for
/// comprehensive rehabilitation", an inpatient rehabilitation facility (IRF).
static REHABILITATION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:inpatient|acute) rehab\w*|\brehab\w* (?:admission|admit|stay|unit|facility|hospital)\b|\badmi\w* (?:\w+ ){0,3}(?:to|for) (?:\w+ ){0,2}rehab\w*|\birf\b",
    )
});

/// ... or the visit is for therapeutic services only: therapy sessions, a therapeutic
/// phlebotomy (IV.L: the condition chiefly responsible for the service goes first; only
/// chemotherapy and radiation therapy are sequenced before it).
static THERAPEUTIC_SERVICES: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\boutpatient (?:pt|ot)\b|\b(?:physical|occupational|speech) therapy\b|\btherapeutic (?:phlebotomy|services?)\b",
    )
});

/// Rehabilitation is reported under the condition it is for, first (II.K), not under Z51.89
/// Encounter for other specified aftercare: the aftercare code is first only when that
/// condition is gone, and a question that codes the condition says it is not.
pub fn rehabilitation_for_its_condition(
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let condition =
        |r: &Recommendation| matches!(r.code.chars().next(), Some('A'..='Q' | 'S' | 'T'));
    if !(REHABILITATION.is_match(text) || THERAPEUTIC_SERVICES.is_match(text))
        || !picked.iter().any(|r| compact(&r.code) == "Z5189")
        || !picked.iter().any(condition)
    {
        return picked;
    }
    picked.retain(|r| compact(&r.code) != "Z5189");
    if let Some(at) = picked.iter().position(condition) {
        to_the_front(
            &mut picked,
            at,
            "first, and no Z51.89: the stay or visit is for rehabilitation or therapy of this condition (II.K, IV.L)",
        );
    }
    picked
}

/// Moves the code at `at` to the front of the answer, saying why it goes first.
pub(crate) fn to_the_front(list: &mut Vec<Recommendation>, at: usize, why: &str) {
    let mut r = list.remove(at);
    r.why = format!("{}; {why}", r.why);
    list.insert(0, r);
}

/// Signs and symptoms the Tabular classifies with their body system, not in Chapter 18: a
/// breast lump or its other signs, abnormal or postmenopausal bleeding, pain in a joint, a
/// limb or the back, pain in the eye.
const SIGNS_OUTSIDE_CHAPTER_18: [&str; 8] =
    ["N63", "N644", "N645", "N93", "N950", "M255", "M796", "H571"];

/// A test because of a sign or symptom is a diagnostic examination, not a screening
/// (I.C.21.c.5): with a symptom reported and none denied, the screening codes (Z11-Z13) go and
/// the symptom explains the test.
pub fn diagnostic_not_screening(text: &str, picked: Vec<Recommendation>) -> Vec<Recommendation> {
    let screening = |r: &Recommendation| {
        let c = compact(&r.code);
        ["Z11", "Z12", "Z13"].iter().any(|p| c.starts_with(p))
    };
    let symptom = |r: &Recommendation| {
        let c = compact(&r.code);
        (c.starts_with('R') && c.get(..3).is_some_and(|k| k < "R70"))
            || SIGNS_OUTSIDE_CHAPTER_18.iter().any(|p| c.starts_with(p))
    };
    // An abnormal finding of a test the question calls diagnostic (a callback after a
    // screening) explains the test as a symptom does.
    let finding = |r: &Recommendation| {
        let c = compact(&r.code);
        c.starts_with('R') && c.get(..3).is_some_and(|k| ("R70".."R95").contains(&k))
    };
    let diagnostic = DIAGNOSTIC_TEST.is_match(text);
    let explained = picked.iter().any(symptom) || (diagnostic && picked.iter().any(finding));
    // A patient without symptoms is screened, unless the test is the diagnostic one a
    // positive screening test calls for (occult blood on a screening FIT).
    if (NO_SYMPTOMS.is_match(text) && !diagnostic) || !explained {
        return picked;
    }
    picked.into_iter().filter(|r| !screening(r)).collect()
}

static DIAGNOSTIC_TEST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bdiagnostic\s+(?:\w+\s+)?(?:mammogra\w*|imaging|study|exam\w*|colonoscopy|ultrasound|ct|mri|work-?up)\b|\bcall-?backs?\b|\brecalled\b",
    )
});

/// B20 heads an HIV-related admission (I.C.1.a.2.b) and follows the condition of an unrelated
/// one (I.C.1.a.2.c); Z21 is only for a patient without HIV-related illness (I.C.1.a.2.d).
fn hiv_in_place(text: &str, ordered: &mut Vec<Recommendation>) {
    let Some(at) = ordered.iter().position(|r| r.code == "B20") else {
        return;
    };
    ordered.retain(|r| r.code != "Z21");
    let at = ordered.iter().position(|r| r.code == "B20").unwrap_or(at);
    let mut b20 = ordered.remove(at);
    if UNRELATED_TO_HIV.is_match(text) {
        b20.why = format!(
            "{}; after the unrelated condition the admission is for (I.C.1.a.2.c)",
            b20.why
        );
        ordered.insert(1.min(ordered.len()), b20);
    } else {
        b20.why = format!(
            "{}; first, followed by the HIV-related conditions (I.C.1.a.2.b)",
            b20.why
        );
        ordered.insert(0, b20);
    }
}

/// Sepsis that develops after admission follows the localized infection the patient was
/// admitted with (I.C.1.d.4).
fn sepsis_after_its_infection(ordered: &mut Vec<Recommendation>) {
    let sepsis = |r: &Recommendation| {
        let c = compact(&r.code);
        c.starts_with("A40") || c.starts_with("A41")
    };
    let (Some(s), Some(other)) = (
        ordered.iter().position(sepsis),
        ordered
            .iter()
            .position(|r| !sepsis(r) && !r.code.starts_with("R65")),
    ) else {
        return;
    };
    if s < other {
        let mut r = ordered.remove(s);
        r.why = format!(
            "{}; after the localized infection: the sepsis developed after admission (I.C.1.d.4)",
            r.why
        );
        ordered.insert(other, r);
    }
}

pub(super) fn recommendation(icd: &Icd10Cm, code: &str, why: String) -> Recommendation {
    Recommendation {
        system: CodeSystem::Icd10cm,
        code: dotted(&compact(code)),
        title: icd.title(code).unwrap_or_default(),
        why,
        evidence: icd.tabular_evidence(code),
        from: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cues_read_the_reason_for_the_encounter_and_nothing_else() {
        let therapy = [
            (
                "Admitted for cycle 3 FOLFIRINOX for pancreatic cancer.",
                true,
            ),
            ("Infusion visit for chemo, C2D1.", true),
            ("Encounter for radiation therapy to the left breast.", true),
            (
                "Radiation oncology, daily treatment visit: week 3 of 6 to the left breast.",
                true,
            ),
            (
                "Radiation oncology consult: treatment visits to start next week.",
                false,
            ),
            (
                "Admitted for intractable nausea from the chemotherapy.",
                false,
            ),
            ("History of chemo in 2019, here for a cough.", false),
            ("Lung cancer, here for chemo follow-up planning.", false),
        ];
        for (text, want) in therapy {
            assert_eq!(therapy_visit(text).is_some(), want, "{text}");
        }
        let severe = [
            ("sepsis, AKI attributed to sepsis by the attending", true),
            ("acute hypoxic respiratory failure due to the sepsis", true),
            ("septic shock on pressors", true),
            ("sepsis due to cellulitis, AKI from dehydration", false),
            ("sepsis with acute organ dysfunction", true),
            ("E. coli sepsis, no organ dysfunction", false),
        ];
        for (text, want) in severe {
            assert_eq!(SEVERE.is_match(text), want, "{text}");
        }
        assert!(NOT_SEVERE.is_match("E. coli sepsis, no organ dysfunction"));
        assert!(NOT_SEVERE.is_match("lactate 1.4, no hypotension or organ dysfunction"));
        assert!(SEPSIS_LATER.is_match("on hospital day 3 she became septic, not POA"));
        assert!(SEPSIS_LATER.is_match("Day 3 she became septic (blood cx MSSA)"));
        assert!(SEPSIS_LATER.is_match("'sepsis due to MSSA, developed after admission'"));
        assert!(!SEPSIS_LATER.is_match("admitted with sepsis due to pneumonia"));
        assert!(UNRELATED_TO_HIV.is_match("The fracture is unrelated to the HIV."));
        assert!(DEHYDRATED.is_match("IV fluids for dehydration from gastric cancer"));
        assert!(NOT_DEHYDRATED.is_match("gastric cancer, not dehydrated, eating well"));
    }

    #[test]
    fn dehydration_is_added_beside_a_malignancy_only() {
        let icd = Icd10Cm::builtin().unwrap();
        let cancer = [recommendation(&icd, "C16.3", String::new())];
        let added = |text: &str, picked: &[Recommendation]| -> Vec<String> {
            added(&icd, text, picked)
                .into_iter()
                .map(|r| r.code)
                .collect()
        };
        assert_eq!(
            added("3 L NS for dehydration; pyloric antrum cancer.", &cancer),
            ["E86.0"]
        );
        assert!(added("Pyloric antrum cancer, no dehydration.", &cancer).is_empty());
        let gastritis = [recommendation(&icd, "K29.70", String::new())];
        assert!(added("IV fluids for dehydration from gastritis.", &gastritis).is_empty());
    }

    /// The answer's codes as `reordered` leaves them for the question `text`.
    fn order(text: &str, codes: &[&str]) -> Vec<String> {
        let icd = Icd10Cm::builtin().unwrap();
        let picked = codes
            .iter()
            .map(|c| recommendation(&icd, c, String::new()))
            .collect();
        reordered(&icd, text, picked)
            .into_iter()
            .map(|r| r.code)
            .collect()
    }

    #[test]
    fn the_condition_an_outpatient_visit_is_for_goes_first() {
        assert_eq!(
            order(
                "Outpatient HTN f/u; also nicotine dependence, chewing tobacco.",
                &["F17.220", "I10"]
            ),
            ["I10", "F17.220"]
        );
        assert_eq!(
            order(
                "Seen for her GAD; cannabis use noted.",
                &["F12.90", "F41.1"]
            ),
            ["F41.1", "F12.90"]
        );
        // The specialty is no condition; a code-first note and a symptom keep their place.
        assert_eq!(
            order(
                "Outpatient vascular f/u: cellulitis of the right leg, PAD.",
                &["L03.115", "I73.9"]
            ),
            ["L03.115", "I73.9"]
        );
        assert_eq!(
            order(
                "Came in for 2 units of blood for anemia due to colon cancer.",
                &["C18.2", "D63.0"]
            ),
            ["C18.2", "D63.0"]
        );
        assert_eq!(
            order(
                "Seen for recurrent epistaxis from HHT.",
                &["I78.0", "R04.0"]
            ),
            ["I78.0", "R04.0"]
        );
    }

    #[test]
    fn the_effect_of_the_chemotherapy_goes_before_its_neoplasm_unless_it_is_given() {
        let effect = ["C34.12", "D61.810", "T45.1X5A"];
        assert_eq!(
            order(
                "Transfusion for pancytopenia due to chemo, no chemo today.",
                &effect
            ),
            ["D61.810", "C34.12", "T45.1X5A"]
        );
        let given = ["Z51.11", "C34.12", "R11.2", "T45.1X5A"];
        assert_eq!(
            order(
                "Infusion visit for chemo, C2D1; nausea from the chemo.",
                &given
            ),
            given
        );
        let no_drug = ["C34.12", "D61.818"];
        assert_eq!(order("Lung cancer with pancytopenia.", &no_drug), no_drug);
    }
}
