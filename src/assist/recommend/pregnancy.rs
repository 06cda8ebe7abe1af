//! Pregnancy, delivery and the newborn's record (Chapters 15 and 16, Z3A, Z37, Z38).

use std::sync::LazyLock;

use regex::Regex;

use super::{named, recode};
use crate::assist::icd10cm::{compact, dotted, Icd10Cm};
use crate::assist::lookup;
use crate::assist::obstetric;
use crate::domain::Recommendation;

/// The provider calls the pregnancy incidental to the visit (and no one says otherwise).
static INCIDENTAL_PREGNANCY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:pregnancy|pregnant state)\b[^.;]{0,30}\bincidental\b|\bincidental (?:to (?:the|this) (?:visit|encounter)|pregnancy)\b").unwrap()
});

/// A condition documented as "not incidental", or "nobody documents ... incidental".
static NOT_INCIDENTAL: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:not|nobody|no one|never)\b[^.;]{0,40}\bincidental\b").unwrap()
});

/// A pregnant patient's condition from another chapter is coded first by Chapter 15's code
/// for it, the condition's own code after it (I.C.15.a.1: Chapter 15 codes have sequencing
/// priority; only a pregnancy the provider calls incidental is Z33.1 instead): epilepsy at 28
/// weeks is O99.353 then G40.909, from "Pregnancy, complicated by, nervous system condition
/// (conditions in G00-G99)". An answer that has a Chapter 15 code already reads its own.
pub(super) fn a_pregnant_patient_s_condition_from_chapter_15(
    icd: &Icd10Cm,
    index: &lookup::Book,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let incidental = INCIDENTAL_PREGNANCY.is_match(text) && !NOT_INCIDENTAL.is_match(text);
    if incidental || picked.iter().any(|p| p.code.starts_with('O')) {
        return picked;
    }
    let condition = |c: &str| c.starts_with(|l: char| ('A'..='N').contains(&l));
    let Some((at, (code, path))) = picked.iter().enumerate().find_map(|(at, p)| {
        let c = compact(&p.code);
        condition(&c)
            .then(|| obstetric::complicated_by_a_condition_of(icd, index, text, &c))
            .flatten()
            .map(|found| (at, found))
    }) else {
        return picked;
    };
    let why = "a pregnant patient's condition is coded first by its Chapter 15 code, the condition's code after it (I.C.15.a.1)";
    let mut r = named(icd, &code);
    r.why = why.into();
    r.evidence = format!("Index (FY2025): {path}; {}", icd.tabular_evidence(&code));
    picked.retain(|p| compact(&p.code) != "Z331");
    picked.insert(at.min(picked.len()), r);
    picked
}

/// O80 is only for a full-term delivery of a single, healthy infant with no complication of the
/// pregnancy, delivery or puerperium (I.C.15.n.1, I.C.15.b.4): beside another Chapter 15 code,
/// or an outcome other than a single live birth (Z37.0 is the only one for O80, I.C.15.n.3), it
/// goes. So does O82, a cesarean delivery without indication, beside a Chapter 15 code that is
/// its indication (O32.1XX0, breech).
pub(super) fn normal_delivery_only_when_uncomplicated(
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let obstetric = |c: &str| c.starts_with('O') && c != "O80" && c != "O82";
    let complicated = picked.iter().any(|p| {
        let c = compact(&p.code);
        obstetric(&c) || (c.starts_with("Z37") && c != "Z370")
    });
    let indicated = picked.iter().any(|p| obstetric(&compact(&p.code)));
    picked
        .into_iter()
        .filter(|p| !((complicated && p.code == "O80") || (indicated && p.code == "O82")))
        .collect()
}

/// A pregnancy past 40 completed weeks is post-term (O48.0; past 42, prolonged, O48.1), a
/// Chapter 15 condition: its visit is no routine supervision of a normal pregnancy (Z34), which
/// goes with no Chapter 15 code (I.C.15.b.1).
pub(super) fn a_post_term_pregnancy_is_no_routine_visit(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let routine = |p: &Recommendation| compact(&p.code).starts_with("Z34");
    let Some(days) = obstetric::gestation_days(text) else {
        return picked;
    };
    if days <= 40 * 7 || !picked.iter().any(routine) {
        return picked;
    }
    let code = if days > 42 * 7 { "O48.1" } else { "O48.0" };
    let mut out: Vec<Recommendation> = picked.into_iter().filter(|p| !routine(p)).collect();
    if !out.iter().any(|p| compact(&p.code).starts_with("O48")) {
        let mut r = named(icd, code);
        r.why = "past 40 completed weeks the pregnancy is post-term, a Chapter 15 condition, and the visit is no routine supervision of a normal pregnancy (I.C.15.b.1)".into();
        out.insert(0, r);
    }
    out
}

/// Supervision of a normal pregnancy (Z34) is for a visit with no complication: never beside a
/// Chapter 15 code (I.C.15.b.1; O98's Excludes1 "supervision of normal pregnancy").
pub(super) fn no_routine_supervision_beside_a_pregnancy_condition(
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !picked.iter().any(|p| p.code.starts_with('O')) {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| !compact(&p.code).starts_with("Z34"))
        .collect()
}

/// A delivery during this admission takes the "in childbirth" code of a complication that has
/// one, not the trimester's (I.C.15.a.3); a newborn code (Z38) is never on the mother's record
/// (I.C.15.a.2, I.C.16.a.1).
pub(super) fn in_childbirth_when_delivered(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let codes: Vec<String> = picked.iter().map(|p| p.code.clone()).collect();
    if !obstetric::delivered_now(text, &codes) || !codes.iter().any(|c| c.starts_with('O')) {
        return picked;
    }
    for r in picked.iter_mut() {
        if let Some(right) = obstetric::for_childbirth(icd, &r.code) {
            let why = format!(
                "{} as she delivers during this admission (I.C.15.a.3): {}",
                dotted(&right),
                r.why
            );
            recode(icd, r, &right, why);
        }
    }
    picked.retain(|p| !compact(&p.code).starts_with("Z38"));
    picked.dedup_by(|a, b| a.code == b.code);
    picked
}

/// A condition of the six weeks after a delivery before this encounter is coded to the
/// puerperium, not to the trimester it would have had (I.C.15.o.1-2): O14.13 → O14.15 for
/// preeclampsia on a readmission after delivery; with no pregnancy left to code, no weeks of
/// gestation (Z3A, I.C.21.c.11).
pub(super) fn in_the_puerperium_after_delivery(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let codes: Vec<String> = picked.iter().map(|p| p.code.clone()).collect();
    if !obstetric::after_delivery(text, &codes) {
        return picked;
    }
    let mut recoded = false;
    for r in picked.iter_mut() {
        if let Some(right) = obstetric::for_puerperium(icd, &r.code) {
            let why = format!(
                "{} as the condition comes after the delivery, in the puerperium (I.C.15.o.1-2): {}",
                dotted(&right),
                r.why
            );
            recode(icd, r, &right, why);
            recoded = true;
        }
    }
    let pregnant_still = picked.iter().any(|p| {
        icd.title(&compact(&p.code))
            .is_some_and(|t| t.to_lowercase().contains("trimester"))
    });
    if recoded && !pregnant_still {
        picked.retain(|p| !compact(&p.code).starts_with("Z3A"));
    }
    picked.dedup_by(|a, b| a.code == b.code);
    picked
}

/// Weeks of gestation (Z3A) are not coded for an abortive outcome (O00-O08), an elective
/// termination (Z33.2) or a postpartum condition (O85-O92): I.C.21.c.11; nor on a newborn's
/// birth record (the Tabular's note at Z3A: the maternal record only).
pub(super) fn no_weeks_of_gestation_after_the_pregnancy(
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let codes: Vec<String> = picked.iter().map(|p| compact(&p.code)).collect();
    let category = |c: &String| c.get(..3).unwrap_or_default().to_owned();
    let obstetric: Vec<String> = codes
        .iter()
        .filter(|c| c.starts_with('O'))
        .map(category)
        .collect();
    // A birth record (Z38) is the newborn's: the weeks go on the mother's record only.
    let newborn_record = obstetric.is_empty() && codes.iter().any(|c| c.starts_with("Z38"));
    let ended = codes.iter().any(|c| c == "Z332")
        || newborn_record
        || (!obstetric.is_empty()
            && obstetric.iter().all(|k| {
                ("O00".."O09").contains(&k.as_str()) || ("O85".."O93").contains(&k.as_str())
            }));
    if !ended {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| !compact(&p.code).starts_with("Z3A"))
        .collect()
}

static STILLBORN: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:stillborn|stillbirth|iufd|fetal demise|intrauterine fetal death)\b",
    )
    .expect("a stillbirth cue")
});
static TWINS: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\btwins?\b").expect("a twins cue"));
static TRIPLETS: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\btriplets?\b").expect("a triplets cue"));

/// Every maternal record of a delivery carries its outcome (I.C.15.b.5: "A code from category
/// Z37, Outcome of delivery, should be included on every maternal record when a delivery has
/// occurred"): a single live birth unless the question says twins, triplets or a stillbirth.
/// Not on the newborn's record (a Z38 or Chapter 16 code) nor after an abortive outcome.
pub(super) fn every_delivery_with_its_outcome(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let codes: Vec<String> = picked.iter().map(|p| compact(&p.code)).collect();
    let has = |prefix: &str| codes.iter().any(|c| c.starts_with(prefix));
    let maternal = codes
        .iter()
        .any(|c| c.starts_with('O') && c.get(..3).is_some_and(|k| k >= "O09"));
    if !maternal || has("Z37") || has("Z38") || has("P") || !obstetric::delivered_now(text, &codes)
    {
        return picked;
    }
    let stillborn = STILLBORN.is_match(text);
    let outcome = if TRIPLETS.is_match(text) {
        "Z37.51"
    } else if TWINS.is_match(text) {
        if stillborn {
            "Z37.3"
        } else {
            "Z37.2"
        }
    } else if stillborn {
        "Z37.1"
    } else {
        "Z37.0"
    };
    let mut r = named(icd, outcome);
    r.why = "the outcome of delivery, on every maternal record when a delivery has occurred (I.C.15.b.5)".into();
    picked.push(r);
    picked
}

/// "Admitted at 41w1d for induction for post-term pregnancy": what the delivery admission was
/// for, to the end of its clause.
static ADMITTED_FOR: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\badmitted\b[^.;]{0,40}?\bfor\s+([^.;]{3,80})").expect("a cue")
});

/// When a delivery occurs, the condition that prompted the admission is the principal
/// diagnosis, and a complication that arose during it an additional one (I.C.15.b.4: "admitted
/// for induction for post-term pregnancy", then a failed induction: O48.0 before O61.0). The
/// Chapter 15 code whose condition the question says the admission was for, by more of its
/// words than the first code's, goes first.
pub(super) fn the_reason_for_the_delivery_admission_first(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let codes: Vec<String> = picked.iter().map(|p| compact(&p.code)).collect();
    let Some(reason) = ADMITTED_FOR.captures(text).map(|c| c[1].to_owned()) else {
        return picked;
    };
    if !crate::assist::uncertain::inpatient(text)
        || !obstetric::delivered_now(text, &codes)
        || !codes.first().is_some_and(|c| c.starts_with('O'))
    {
        return picked;
    }
    // "Preeclampsia" and "pre-eclampsia", "post-term" and "postterm" are one word each.
    let said = super::text::plain_terms(&reason.replace('-', ""));
    let named = |code: &str| {
        super::ground::concepts(&icd.title(code).unwrap_or_default().replace('-', ""))
            .iter()
            .filter(|w| said.contains(w))
            .count()
    };
    let first = named(&codes[0]);
    let best = (1..codes.len())
        .filter(|&i| codes[i].starts_with('O'))
        .map(|i| (named(&codes[i]), i))
        .filter(|&(n, _)| n > first)
        .max_by_key(|&(n, i)| (n, std::cmp::Reverse(i)));
    if let Some((_, i)) = best {
        crate::assist::focus::to_the_front(
            &mut picked,
            i,
            "first: the condition the delivery admission was for (I.C.15.b.4)",
        );
    }
    picked
}

/// A stillborn infant's own record has P95 alone: no other code is used with it (I.C.16.g).
pub(super) fn a_stillbirth_is_coded_alone(picked: Vec<Recommendation>) -> Vec<Recommendation> {
    if !picked.iter().any(|p| compact(&p.code) == "P95") {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| compact(&p.code) == "P95")
        .collect()
}

/// Chapter 16 codes are never for use on the maternal record (I.C.16.a.1): beside the
/// mother's Chapter 15 codes or her delivery outcome (Z37), with no birth record (Z38), a
/// "newborn affected by" code is the baby's, not hers.
pub(super) fn no_newborn_code_on_the_mother_s_record(
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let has = |prefix: &str| picked.iter().any(|p| compact(&p.code).starts_with(prefix));
    if !(has("O") || has("Z37")) || has("Z38") {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| !p.code.starts_with('P'))
        .collect()
}

/// The birth episode on a newborn's record is Z38 first, by place of birth and delivery; the
/// mother's outcome of delivery (Z37) and Chapter 15 codes are never on it; a newborn
/// transferred in, or readmitted after going home, gets no Z38 then (I.C.16.a.1-2: Z38 is
/// assigned once, at the birth).
pub(super) fn the_birth_record_starts_with_z38(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let transferred = (TRANSFERRED_IN.is_match(text) || READMITTED.is_match(text))
        && super::suggest::NEWBORN.is_match(text);
    let birth_record = RECORD_SAID.is_match(text) || BORN_HERE.is_match(text);
    if (!birth_record || past_the_birth_stay(text)) && !transferred {
        return picked;
    }
    let mut out: Vec<Recommendation> = picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            !(c.starts_with('O') || c.starts_with("Z37") || (transferred && c.starts_with("Z38")))
        })
        .collect();
    if transferred {
        return out;
    }
    let lower = text.to_lowercase();
    let twin = TWIN.is_match(&lower);
    // Born before reaching the hospital (in the car, at home): Z38.1 or Z38.4, whatever the
    // coder chose for a birth in hospital.
    let outside = BORN_OUTSIDE
        .is_match(text)
        .then_some(if twin { "Z38.4" } else { "Z38.1" });
    if let Some(z38) = out.iter_mut().find(|p| p.code.starts_with("Z38")) {
        if let Some(code) = outside.filter(|c| *c != z38.code) {
            let why = format!(
                "instead of {}: the baby was born before reaching the hospital (I.C.16.a.2)",
                z38.code
            );
            recode(icd, z38, &compact(code), why);
        }
        return out;
    }
    let code = match (
        twin,
        lower.contains("cesarean") || lower.contains("c-section") || lower.contains("c section"),
    ) {
        _ if outside.is_some() => outside.unwrap_or_default(),
        (false, false) => "Z38.00",
        (false, true) => "Z38.01",
        (true, false) => "Z38.30",
        (true, true) => "Z38.31",
    };
    let mut r = named(icd, code);
    r.why =
        "the birth episode on the newborn's record is first a code from category Z38 (I.C.16.a.2)"
            .into();
    out.insert(0, r);
    out
}

/// A baby a week or more old ("a 3-week-old born at our hospital", seen in a clinic) is past
/// the birth stay, unless the question says it is the birth record.
fn past_the_birth_stay(text: &str) -> bool {
    !RECORD_SAID.is_match(text) && super::text::age_in_days(text).is_some_and(|d| d >= 7)
}

/// The question says it is the newborn's record.
static RECORD_SAID: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:newborn|birth|baby's|infant's) record\b").unwrap()
});

/// A newborn's own record of the birth episode ("Newborn record: baby boy born here",
/// "Nursery: term girl born by C-section in our hospital").
static BORN_HERE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:baby|term|preterm|newborn|infant) (?:boy|girl)\b[^.]{0,40}\bborn\b|\bborn here\b|\bborn\b[^.;]{0,50}\b(?:in|at) our hospital\b|\b(?:newborn|well[- ]baby) nursery\b|^\s*nursery\b").unwrap()
});

static TRANSFERRED_IN: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\btransferred (?:in|here|to us)\b|\btransferred(?:\s+[\w-]+){0,3}?\s+from\b|\btransfer from\b|\bborn (?:there|at (?:an|another|a community|an outside))|\bborn\b[^.;]{0,30}?\bat (?:an? )?(?:outside|other|another|community|referring|outlying)\b[^.;]{0,60}?\btransferred\b").unwrap()
});
/// A newborn back in hospital after going home: the birth episode, and its Z38, are over.
static READMITTED: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bre-?admi(?:t|ts|tted|ssion)\b").unwrap());
static TWIN: LazyLock<Regex> = LazyLock::new(|| super::text::regex(r"\btwins?\b").unwrap());
static BORN_OUTSIDE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:born|delivered|birth)\b[^.;]{0,50}\b(?:in (?:the|a|their|her|his) (?:\w+ )?(?:car|ambulance|taxi|vehicle|truck)|at home|en route|on the way|before (?:arrival|reaching)|outside (?:the |a )?hospital|in the parking)\b|\bBBA\b|\bborn outside\b").unwrap()
});

/// Gestational diabetes (O24.4-) says how it is controlled: insulin over oral drugs over diet
/// alone, and no long-term insulin or oral hypoglycemic code beside it (I.C.15.i).
pub(super) fn gestational_diabetes_by_its_treatment(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !picked.iter().any(|p| compact(&p.code).starts_with("O244")) {
        return picked;
    }
    let drugs: Vec<&str> = super::meds::found(text).iter().map(|f| f.code).collect();
    let control = if drugs.contains(&"Z79.4") {
        Some(('4', "insulin"))
    } else if drugs.contains(&"Z79.84") {
        Some(('5', "oral hypoglycemic drugs"))
    } else if DIET.is_match(text) {
        Some(('0', "diet"))
    } else {
        None
    };
    picked.retain(|p| p.code != "Z79.4" && p.code != "Z79.84");
    let Some((sixth, by)) = control else {
        return picked;
    };
    for p in picked.iter_mut() {
        let c = compact(&p.code);
        let right = format!("{}{sixth}", &c[..c.len().min(5)]);
        if c.starts_with("O244") && c != right && icd.is_billable(&right) {
            let why = format!(
                "instead of {}: gestational diabetes controlled by {by}, the treatment the question states (I.C.15.i)",
                p.code
            );
            recode(icd, p, &right, why);
        }
    }
    picked
}

static DIET: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"(?i)\bdiet(?:-|\s)?(?:controlled|control|alone|only)\b|\bcontrolled (?:by|with|on) diet\b").unwrap()
});

/// Pre-existing hypertension with heart or kidney disease in pregnancy is its own O10 line,
/// beside the I11-I13 code that says which (I.C.15.d); a pregnancy-related renal disease
/// (O26.83-) is not the kidney disease the hypertension brought.
pub(super) fn pre_existing_hypertension_with_heart_or_kidney(
    icd: &Icd10Cm,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let codes: Vec<String> = picked.iter().map(|r| compact(&r.code)).collect();
    let any = |prefixes: &[&str]| {
        codes
            .iter()
            .any(|c| prefixes.iter().any(|p| c.starts_with(p)))
    };
    let heart = any(&["I11", "I13"]);
    let kidney = any(&["I12", "I13", "N18"]);
    let line = match (heart, kidney) {
        (true, true) => '3',
        (true, false) => '1',
        (false, true) => '2',
        (false, false) => return picked,
    };
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        if !(c.starts_with("O100") || c.starts_with("O109")) {
            continue;
        }
        let wanted = format!("O10{line}{}", &c[4..]);
        if icd.is_billable(&wanted) {
            let why = format!(
                "instead of {}: pre-existing hypertension with heart or kidney disease has its own O10 line, with the I11-I13 code beside it (I.C.15.d)",
                r.code
            );
            recode(icd, r, &wanted, why);
        }
    }
    if kidney {
        let with_kidney = picked.iter().any(|r| {
            let c = compact(&r.code);
            c.starts_with("O102") || c.starts_with("O103")
        });
        picked.retain(|r| !(with_kidney && compact(&r.code).starts_with("O2683")));
    }
    picked
}
