//! Hypertension, infarction, angina and the sequelae of cerebrovascular disease (Chapter 9).

use std::sync::LazyLock;

use regex::Regex;

use super::denied::said_undenied;
use super::recode;
use crate::assist::icd10cm::{compact, dotted, Icd10Cm};
use crate::assist::suggest::{Index, Query};
use crate::domain::{CodeSystem, Recommendation};

/// The provider says there is no hypertension (yet) behind the high readings.
static NO_HYPERTENSION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:no|without(?: a)?|not an?) (?:dx|diagnosis) of (?:htn|hypertension)\b|\bnot (?:yet )?diagnos\w* (?:with|as) (?:htn|hypertension)\b|\bno (?:htn|hypertension) (?:dx|diagnosis)\b|\b(?:htn|hypertension) (?:is )?not (?:yet )?diagnosed\b")
        .expect("a cue")
});

/// High readings the provider does not call hypertension are R03.0, not I10 (I.C.9.a.7).
pub(super) fn an_elevated_reading_is_no_hypertension(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !NO_HYPERTENSION.is_match(text) {
        return picked;
    }
    for r in picked.iter_mut().filter(|r| compact(&r.code) == "I10") {
        let why =
            "elevated blood pressure with no diagnosis of hypertension (I.C.9.a.7)".to_owned();
        recode(icd, r, "R030", why);
    }
    picked.dedup_by(|a, b| a.code == b.code);
    picked
}

static MI_TYPE_2: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\btype (?:2|ii|two) (?:mi|ami|nstemi|stemi|myocardial infarction|infarct\w*)\b|\b(?:mi|nstemi|stemi|infarct\w*)\b[^.;]{0,25}\b(?:due to|from|secondary to|d/t) demand ischemia\b|\bdemand ischemia (?:mi|infarct\w*)\b").unwrap()
});
static MI_OTHER_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\btype (?:3|4a|4b|4c|5) (?:mi|ami|myocardial infarction|infarct\w*)\b")
        .unwrap()
});

/// Codes I21.01-I21.4 are type 1 infarctions only: a type 2 (demand ischemia), even one
/// described as NSTEMI or STEMI, is I21.A1 alone, with no I24.89 for the demand ischemia; types
/// 3, 4a-c and 5 are I21.A9 (I.C.9.e.5).
pub(super) fn myocardial_infarction_of_the_stated_type(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let target = if MI_TYPE_2.is_match(text) {
        "I21A1"
    } else if MI_OTHER_TYPE.is_match(text) {
        "I21A9"
    } else {
        return picked;
    };
    let type_1 = |c: &str| (c.starts_with("I21") && !c.starts_with("I21A")) || c == "I2489";
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        if type_1(&c) {
            let why = format!(
                "instead of {}: I21.01-I21.4 are type 1 infarctions; the type the question states is {} (I.C.9.e.5)",
                r.code,
                dotted(target)
            );
            recode(icd, r, target, why);
        }
    }
    picked.dedup_by(|a, b| a.code == b.code);
    let mut seen = false;
    picked.retain(|r| {
        let keep = !(seen && compact(&r.code) == target);
        seen |= compact(&r.code) == target;
        keep
    });
    picked
}

/// Hypertension the record calls secondary, not denied.
static SECONDARY_HYPERTENSION: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bsecondary (?:hypertension|htn)\b").unwrap());
static ENDOCRINE_CAUSE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:aldosteron\w*|conn'?s|cushing'?s?|pheochromocytoma|hyperthyroid\w*|thyrotoxicosis|acromegaly|hypercortisolism)\b").unwrap()
});
static RENOVASCULAR_CAUSE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:renovascular|renal artery stenosis|fibromuscular dysplasia)\b")
        .unwrap()
});

/// Essential hypertension (I10) where the record calls it secondary: the I15 line of its cause
/// (endocrine I15.2, renovascular I15.0), with the cause coded too (I.C.9.a.6).
pub(super) fn secondary_hypertension_as_documented(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !said_undenied(&SECONDARY_HYPERTENSION, text)
        || picked.iter().any(|r| r.code.starts_with("I15"))
    {
        return picked;
    }
    let line = if ENDOCRINE_CAUSE.is_match(text) {
        "I152"
    } else if RENOVASCULAR_CAUSE.is_match(text) {
        "I150"
    } else {
        "I159"
    };
    if let Some(r) = picked.iter_mut().find(|r| compact(&r.code) == "I10") {
        let why = format!(
            "instead of {}: the record calls the hypertension secondary; it is coded from I15 by its cause, with the cause beside it (I.C.9.a.6)",
            r.code
        );
        recode(icd, r, line, why);
    }
    picked
}

/// Hypertensive heart disease (I11) and hypertensive CKD (I12) together are one I13 code
/// (I.C.9.a.3): with heart failure or not, with stage 5 or end-stage CKD or not.
pub(super) fn one_hypertensive_combination(
    icd: &Icd10Cm,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let find = |prefix: &str| {
        picked
            .iter()
            .map(|r| compact(&r.code))
            .find(|c| c.starts_with(prefix))
    };
    let (Some(heart), Some(kidney)) = (find("I11"), find("I12")) else {
        return hypertensive_combination_as_coded(icd, picked);
    };
    let failure = heart == "I110";
    let end_stage = kidney == "I120";
    let combined = match (failure, end_stage) {
        (true, false) => "I130",
        (true, true) => "I132",
        (false, false) => "I1310",
        (false, true) => "I1311",
    };
    let mut out: Vec<Recommendation> = Vec::with_capacity(picked.len());
    for r in picked {
        let c = compact(&r.code);
        if c == heart || c == kidney || c.starts_with("I13") {
            if !out.iter().any(|o| compact(&o.code) == combined) {
                out.push(Recommendation {
                    system: CodeSystem::Icd10cm,
                    title: icd.title(combined).unwrap_or_default(),
                    why: format!(
                        "instead of {} and {}: hypertension with heart and kidney involvement is one I13 code (I.C.9.a.3)",
                        dotted(&heart),
                        dotted(&kidney)
                    ),
                    evidence: icd.tabular_evidence(combined),
                    code: dotted(combined),
                    from: None,
                });
            }
            continue;
        }
        out.push(r);
    }
    out
}

/// An I13 code says heart and kidney disease: beside it, I11 and I12 say part of it again; with
/// no chronic kidney disease (N18) in the answer it is hypertensive heart disease, I11
/// (I.C.9.a.1, I.C.9.a.3).
fn hypertensive_combination_as_coded(
    icd: &Icd10Cm,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let codes: Vec<String> = picked.iter().map(|r| compact(&r.code)).collect();
    let Some(combined) = codes.iter().find(|c| c.starts_with("I13")).cloned() else {
        return picked;
    };
    let kidney = codes.iter().any(|c| c.starts_with("N18"));
    let heart_written = codes.iter().any(|c| c.starts_with("I11"));
    let heart_alone = if ["I130", "I132"].contains(&combined.as_str()) {
        "I110"
    } else {
        "I119"
    };
    let mut out: Vec<Recommendation> = Vec::with_capacity(picked.len());
    for mut r in picked {
        let c = compact(&r.code);
        let part = c.starts_with("I11") || c.starts_with("I12");
        if part && kidney {
            continue;
        }
        if c == combined && !kidney {
            if heart_written {
                continue;
            }
            let why = format!(
                "instead of {}: no chronic kidney disease is coded, so hypertension with heart disease is I11 (I.C.9.a.1)",
                r.code
            );
            recode(icd, &mut r, heart_alone, why);
        }
        out.push(r);
    }
    out
}

/// Coronary atherosclerosis in the words coders write it.
static CORONARY_ATHEROSCLEROSIS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:cad|ashd|coronary artery disease|coronary (?:artery )?(?:athero|arterio)sclerosis|(?:athero|arterio)sclerotic (?:coronary|heart) disease)\b").unwrap()
});
static ANGINA: LazyLock<Regex> = LazyLock::new(|| super::text::regex(r"(?i)\bangina\b").unwrap());
/// A cause of the angina the question names ("angina due to severe anemia").
static ANGINA_CAUSED_BY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\bangina\b[^.;]{0,30}?\b(?:due to|secondary to|caused by|from)\b([^.;]{0,40})",
    )
    .unwrap()
});

/// The I25.11- line of an angina: its type as the angina's code or the question's words say
/// it (the Index sends crescendo, preinfarction and worsening effort angina to unstable).
fn native_line_for_angina(angina_title: &str) -> &'static str {
    let t = angina_title.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&[
        "unstable",
        "crescendo",
        "preinfarction",
        "accelerated",
        "worsening",
    ]) {
        "I25110"
    } else if has(&["spasm", "vasospas", "prinzmetal", "variant"]) {
        "I25111"
    } else if has(&["refractory"]) {
        "I25112"
    } else if has(&[
        "stable",
        "exertional",
        "effort",
        "other forms",
        "microvascular",
    ]) {
        "I25118"
    } else {
        "I25119"
    }
}

/// Coronary atherosclerosis and angina are one I25.11- code: the link is assumed unless the
/// record gives the angina another cause (I.C.9.b). A graft's disease (I25.7-) and an acute
/// infarction are left to their own lines.
pub(super) fn atherosclerosis_with_its_angina(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let codes: Vec<String> = picked.iter().map(|r| compact(&r.code)).collect();

    // An I25.11- line of a stated type stands; "unspecified angina" (I25.119) is what a note
    // asks for before the type is read.
    let combined_already = codes.iter().any(|c| {
        ["I257", "I21", "I22"].iter().any(|p| c.starts_with(p))
            || (c.starts_with("I2511") && c != "I25119")
    });
    let native =
        codes.iter().any(|c| c == "I2510") || said_undenied(&CORONARY_ATHEROSCLEROSIS, text);
    let angina_code = codes.iter().find(|c| c.starts_with("I20")).cloned();
    let angina_said = said_undenied(&ANGINA, text);
    let other_cause = ANGINA_CAUSED_BY.captures_iter(text).any(|c| {
        !CORONARY_ATHEROSCLEROSIS.is_match(&c[1]) && !c[1].to_lowercase().contains("coronary")
    });
    if combined_already || !native || other_cause || !(angina_code.is_some() || angina_said) {
        return picked;
    }
    // Without an angina code, its type is in the words just before "angina".
    let angina_words = match &angina_code {
        Some(c) => icd.title(c).unwrap_or_default(),
        None => ANGINA
            .find(text)
            .map(|m| text[m.start().saturating_sub(30)..m.end()].to_owned())
            .unwrap_or_default(),
    };
    let line = native_line_for_angina(&angina_words);
    let parts: Vec<usize> = codes
        .iter()
        .enumerate()
        .filter(|(_, c)| ["I2510", "I25119"].contains(&c.as_str()) || c.starts_with("I20"))
        .map(|(i, _)| i)
        .collect();
    let Some(&first) = parts.first() else {
        return picked;
    };
    let replaced: Vec<String> = parts.iter().map(|&i| picked[i].code.clone()).collect();
    let why = format!(
        "instead of {}: coronary atherosclerosis with angina is one I25.11- code, the link assumed unless another cause is documented (I.C.9.b)",
        replaced.join(" and ")
    );
    recode(icd, &mut picked[first], line, why);
    picked
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !parts[1..].contains(i))
        .map(|(_, r)| r)
        .collect()
}

/// The event is past and what remains of it is the question: "8 months ago", "residual
/// ataxia", "late effect".
static PAST_EVENT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:\d+|a few|several|two|three|four|six)\s+(?:months?|years?|yrs?)\s+ago\b|\bresidual\b|\bsequela\w*\b|\blate effects?\b")
        .expect("a cue")
});

/// An event of this encounter: "acute", "new", "today".
static CURRENT_EVENT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:acute|new|today|tonight|this morning|admitted (?:with|for))\b")
        .expect("a cue")
});

/// The sequelae subcategory of a cerebrovascular event's category (I69.0- after I60, I69.1-
/// after I61, I69.2- after I62, I69.3- after I63).
fn sequelae_of(code: &str) -> Option<&'static str> {
    match code.get(..3)? {
        "I60" => Some("I690"),
        "I61" => Some("I691"),
        "I62" => Some("I692"),
        "I63" => Some("I693"),
        _ => None,
    }
}

/// A deficit that remains after a past hemorrhage or infarction is coded to I69 by the event
/// and the deficit, not to the event's own category, which is for the event while it lasts
/// (I.C.9.d.1): I61.4 written months after the bleed, with the ataxia it left, is I69.193.
/// With no deficit the question names, the written code is left to the consultant.
pub(super) fn sequela_of_a_past_cerebrovascular_event(
    icd: &Icd10Cm,
    search: &Index,
    q: &Query,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    // A new event beside the old one keeps its own code (I.C.9.d.2).
    if !PAST_EVENT.is_match(text) || CURRENT_EVENT.is_match(text) {
        return picked;
    }
    // The deficit is what the line's title says before "following ..." ("Ataxia following
    // nontraumatic intracerebral hemorrhage"), every word of it the question's.
    let deficit_named = |line: &str| {
        let title = icd.title(line).unwrap_or_default().to_lowercase();
        let deficit = title.split(" following ").next().unwrap_or_default();
        let words = super::ground::concepts(deficit);
        !words.is_empty() && !deficit.contains("unspecified") && words.iter().all(|w| q.has(w))
    };
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        let Some(prefix) = sequelae_of(&c) else {
            continue;
        };
        let deficit = super::suggest::by_words(icd, search, q, icd.billable_below(prefix))
            .into_iter()
            .map(|(line, _)| line)
            .find(|line| deficit_named(line));
        if let Some(line) = deficit {
            let why = format!(
                "instead of {}: the event is past, and the deficit it left is coded to its sequelae (I.C.9.d.1)",
                r.code
            );
            recode(icd, r, &line, why);
        }
    }
    picked.dedup_by(|a, b| a.code == b.code);
    picked
}

/// Hypertension with a heart condition of I51.4-I51.7, I51.89 or I51.9 is hypertensive heart
/// disease, I11.9, the link presumed unless the record says the two are unrelated (I.C.9.a,
/// I.C.9.a.1); the heart condition is not coded beside it (I51.7 Excludes1 cardiomegaly due
/// to hypertension, I11.-). Heart failure (I11.0 with I50.-) is read from the words already.
static UNRELATED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:unrelated|not (?:due to|related to|caused by|from) (?:the |her |his )?(?:htn|hypertension))\b").unwrap()
});

pub(super) fn hypertensive_heart(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let heart = |c: &str| {
        ["I514", "I515", "I516", "I517", "I5189", "I519"]
            .iter()
            .any(|h| c.starts_with(h))
    };
    // The record says the heart disease is not the hypertension's: no I11, hypertension is
    // I10 and the heart condition is coded on its own (I.C.9.a.1).
    // The heart condition the encounter is about goes first, the hypertension after it.
    if UNRELATED.is_match(text) {
        let Some(at) = picked
            .iter()
            .position(|r| compact(&r.code).starts_with("I11"))
        else {
            return picked;
        };
        let mut r = picked.remove(at);
        let why = format!(
            "instead of {}: the record says the heart disease is unrelated to the hypertension, so it is coded on its own with I10 (I.C.9.a.1)",
            r.code
        );
        recode(icd, &mut r, "I10", why);
        let after = picked
            .iter()
            .rposition(|p| !compact(&p.code).starts_with(['V', 'W', 'X', 'Y', 'Z']))
            .map_or(0, |i| i + 1);
        picked.insert(after, r);
        return picked;
    }
    let codes: Vec<String> = picked.iter().map(|r| compact(&r.code)).collect();
    let Some(condition) = codes.iter().find(|c| heart(c)).cloned() else {
        return picked;
    };
    if !codes.iter().any(|c| c == "I10")
        || codes
            .iter()
            .any(|c| c.starts_with("I11") || c.starts_with("I13") || c.starts_with("I50"))
        || UNRELATED.is_match(text)
    {
        return picked;
    }
    let mut out: Vec<Recommendation> = Vec::with_capacity(picked.len());
    for r in picked {
        let c = compact(&r.code);
        if c == "I10" {
            out.push(Recommendation {
                system: CodeSystem::Icd10cm,
                title: icd.title("I119").unwrap_or_default(),
                why: format!(
                    "instead of I10 and {}: hypertension with a heart condition of I51.4-I51.7, I51.89, I51.9 is hypertensive heart disease, the link presumed (I.C.9.a.1)",
                    dotted(&condition)
                ),
                evidence: icd.tabular_evidence("I119"),
                code: "I11.9".into(),
                from: None,
            });
        } else if !heart(&c) {
            out.push(r);
        }
    }
    out
}
