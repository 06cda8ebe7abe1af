//! The order of the answer: [`rank`] and the rules that move a code before or after another.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::AS_THE_CAUSE;
use crate::assist::checks;
use crate::assist::encounter;
use crate::assist::icd10cm::{compact, Icd10Cm};
use crate::domain::Recommendation;

/// A symptom of Chapter 18 a malignancy causes ("Neoplastic (malignant) related fatigue",
/// whose note says "code first associated neoplasm") never replaces the malignancy as the
/// first-listed diagnosis (I.C.2.g): one listed before them goes after the answer's neoplasm
/// codes.
pub(super) fn a_malignancy_before_its_symptoms(
    icd: &Icd10Cm,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let neoplasm = |c: &str| super::tables::neoplasm_code(&compact(c));
    let malignancy_s = |c: &str| {
        compact(c).starts_with('R')
            && checks::code_first_notes(icd, c).iter().any(|n| {
                let n = n.to_lowercase();
                n.contains("neoplasm") || n.contains("malignan")
            })
    };
    let (Some(first_neoplasm), Some(last_neoplasm)) = (
        picked.iter().position(|p| neoplasm(&p.code)),
        picked.iter().rposition(|p| neoplasm(&p.code)),
    ) else {
        return picked;
    };
    // One already after a neoplasm has its place (R18.0 after the C78.6 its note names).
    let before: Vec<usize> = (0..first_neoplasm)
        .filter(|&i| malignancy_s(&picked[i].code))
        .collect();
    for (moved, &i) in before.iter().enumerate() {
        let r = picked.remove(i - moved);
        picked.insert(last_neoplasm, r);
    }
    picked
}

/// A condition the record says arose after admission did not occasion it: it is no principal
/// diagnosis (Section II; I.C.10.b.2, acute respiratory failure developing after admission).
/// The first-listed code goes after the next when a sentence that says "after admission" (or
/// "on hospital day 2") is about it, naming it before any other code of the answer, and names
/// no reason for admission of its own.
pub(super) fn not_first_when_it_arose_after_admission(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if picked.len() < 2 || !AFTER_ADMISSION.is_match(text) || !super::uncertain::inpatient(text) {
        return picked;
    }
    let concepts: Vec<Vec<String>> = picked
        .iter()
        .map(|r| super::ground::concepts(&icd.title(&compact(&r.code)).unwrap_or_default()))
        .collect();
    // A word two codes share (the organism of a pneumonia and its sepsis) names neither.
    let own = |i: usize, t: &String| {
        concepts[i].contains(t)
            && !concepts
                .iter()
                .enumerate()
                .any(|(j, c)| j != i && c.contains(t))
    };
    let first_named = |sentence: &str| {
        let terms = super::text::plain_terms(sentence);
        (0..concepts.len())
            .filter_map(|i| Some((terms.iter().position(|t| own(i, t))?, i)))
            .min()
            .map(|(_, i)| i)
    };
    let arose_later = encounter::sentences_with(&AFTER_ADMISSION, text)
        .iter()
        .any(|s| !ADMITTED_FOR.is_match(s) && first_named(s) == Some(0));
    let next_condition = picked
        .iter()
        .skip(1)
        .position(|r| !compact(&r.code).starts_with(['V', 'W', 'X', 'Y', 'Z']));
    if let (true, Some(at)) = (arose_later, next_condition) {
        let mut r = picked.remove(0);
        r.why = format!(
            "{}; not first: it arose after admission, so it did not occasion the admission (Section II, I.C.10.b.2)",
            r.why
        );
        picked.insert(at + 1, r);
    }
    picked
}

static AFTER_ADMISSION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:after (?:admission|being admitted|she was admitted|he was admitted)|hospital day \d+|day \d+ of (?:the |her |his )?(?:stay|admission|hospitalization)|during (?:the|her|his) (?:stay|admission|hospitalization)|hospital[- ]acquired|hospital[- ]onset|post-?admission)\b").unwrap()
});
static ADMITTED_FOR: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\badmitted (?:for|with)\b|\badmission (?:for|with)\b|\breason for (?:the )?admission\b|\badmitting (?:dx|diagnosis)\b").unwrap()
});

/// Where a code goes by its kind (lower first): pregnancy codes first (I.C.15.a.1), then the
/// Z codes that may only be first-listed (I.C.21.c.15), a
/// postprocedural infection and COVID-19 (I.C.1.d.5.b, I.C.1.g.1.a), then sepsis before its
/// localized infection (I.C.1.d.4), then most codes in the order found, then those that only
/// follow others (manifestations I.A.13, severe sepsis I.C.1.d.4, sequelae I.B.10, weeks of
/// gestation, BMI and status codes I.C.21), and external causes last (I.C.20).
/// The most serious injury goes first (I.C.19.b): among the places the injuries (S codes)
/// hold, fractures (S_2) and injuries of the brain and the organs of the chest, abdomen and
/// pelvis come first, then other injuries, then superficial ones (S_0).
fn most_serious_injury_first(picked: &mut [Recommendation]) {
    let severity = |code: &str| {
        let c = compact(code);
        let organ = ["S06", "S26", "S27", "S36", "S37"]
            .iter()
            .any(|k| c.starts_with(k));
        match c.as_bytes().get(2) {
            Some(b'0') => 2,
            Some(b'2') => 0,
            _ if organ => 0,
            _ => 1,
        }
    };
    let places: Vec<usize> = (0..picked.len())
        .filter(|&i| picked[i].code.starts_with('S'))
        .collect();
    let mut injuries: Vec<Recommendation> = places.iter().map(|&i| picked[i].clone()).collect();
    injuries.sort_by_key(|r| severity(&r.code));
    for (&i, r) in places.iter().zip(injuries) {
        picked[i] = r;
    }
}

pub(super) fn rank(icd: &Icd10Cm, code: &str) -> u8 {
    let c = compact(code);
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| c.starts_with(p));
    // "in diseases classified elsewhere", "in other chronic diseases classified elsewhere":
    // a manifestation is never listed first (I.A.13).
    let manifestation = icd.title(&c).is_some_and(|t| {
        let t = t.to_lowercase();
        t.contains("diseases classified elsewhere") && !t.contains(AS_THE_CAUSE)
    });
    let sequela = c.len() == 7 && c.ends_with('S') && c.starts_with(['S', 'T']);
    let sequela_of_a_condition = icd.title(&c).is_some_and(|t| t.starts_with("Sequelae of"));
    // The extent of burns (T31, T32) goes with the burns it measures (I.C.19.d.6).
    let follows = manifestation
        || sequela
        || sequela_of_a_condition
        || starts(&[
            "R652", "U099", "Z3A", "Z68", "Z16", "Z17", "Z18", "Z19", "Z21", "I252", "B95", "B96",
            "B97", "R4021", "R4022", "R4023", "R4024", "R297", "Z22", "T31", "T32",
        ])
        || ("Z77".."Z99~").contains(&c.as_str());
    // T36-T65: the 6th character says poisoning (1-4, first, I.C.19.e.5.b) or adverse effect
    // and underdosing (5, 6: after the condition, I.C.19.e.5.a and c).
    let drug_effect = c.len() >= 6 && ("T36".."T66").contains(&&c[..3]);
    if starts(&["V", "W", "X", "Y"]) {
        5
    } else if first_listed_only(&c) || device_aftercare(&c) {
        1
    } else if drug_effect && matches!(c.as_bytes()[5], b'5' | b'6') {
        4
    } else if drug_effect {
        1
    } else if follows {
        4
    } else if c.starts_with('O') {
        0
    } else if starts(&["T814", "U071"]) {
        1
    } else if starts(&["A40", "A41"]) {
        2
    } else {
        3
    }
}

/// The aftercare categories of a device or an opening (I.C.21.c.7: attention to artificial
/// openings, fitting and adjustment, dialysis), "generally first listed to explain the specific
/// reason for the encounter". Those of a procedure or a condition (Z47, Z48, Z51) may be
/// added where the aftercare is given beside the reason for the encounter.
pub(super) fn device_aftercare(code: &str) -> bool {
    ["Z43", "Z44", "Z45", "Z46", "Z49"]
        .iter()
        .any(|c| code.starts_with(c))
}

/// The Z codes that may only be first-listed (I.C.21.c.15), as the guideline lists them.
fn first_listed_only(code: &str) -> bool {
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| code.starts_with(p));
    starts(&[
        "Z00", "Z01", "Z02", "Z04", "Z332", "Z3181", "Z3183", "Z3184", "Z34", "Z38", "Z39", "Z40",
        "Z42", "Z510", "Z511", "Z52", "Z761", "Z762", "Z9912",
    ]) && !starts(&["Z006", "Z529"])
}

/// Sorts by [`rank`], keeping the order found within a rank, then moves each code a code-first
/// note names ahead of the code whose note it is.
/// A code's own "use additional code" note (its line's or its category's) that names `other`:
/// the code goes before it (K94.22 Gastrostomy infection, "use additional code to specify type
/// of infection, such as cellulitis of abdominal wall (L03.311)"; I.A.13), and before the
/// tobacco use its note asks for (I21's "tobacco dependence (F17.-)"). A section's note
/// lists conditions that coexist, in no order, and a status code says no more than a status.
fn followed_by(icd: &Icd10Cm, host: &str, other: &str) -> Option<String> {
    let note = checks::use_additional_note(icd, host, other)?;
    let own = !note.starts_with("at section") && !note.starts_with("at chapter");
    let what_it_is = ["type of", "manifestation", "to specify", "tobacco", "level"]
        .iter()
        .any(|w| note.contains(w));
    let reversed = checks::code_first_note(icd, host, other).is_some();
    // Injuries, poisonings and their causes keep the order their own guidelines give
    // (I.C.19.e.5: a poisoning before its manifestation, an adverse effect after it).
    let ordered_elsewhere = |c: &str| compact(c).starts_with(['S', 'T', 'V', 'W', 'X', 'Y', 'Z']);
    (own && what_it_is && !reversed && !ordered_elsewhere(host) && !ordered_elsewhere(other))
        .then_some(note)
}

/// A code whose "code first" note asks for "any associated underlying cause" with no code
/// named (H54 blindness) follows a condition of its own chapter the answer reports: the cause
/// (H34.12, central retinal artery occlusion) is the code the note asks for first (I.A.13), as
/// atrial flutter is before the type 2 infarction it caused (I21.A1).
pub(super) fn after_its_underlying_cause(icd: &Icd10Cm, host: &str, other: &str) -> Option<String> {
    let (h, o) = (compact(host), compact(other));
    let condition = |c: &str| !c.starts_with(['R', 'S', 'T', 'V', 'W', 'X', 'Y', 'Z']);
    if !condition(&o) || h.get(..1) != o.get(..1) {
        return None;
    }
    checks::code_first_notes(icd, &h)
        .into_iter()
        .find(|n| n.contains("underlying cause") && !n.contains(|c: char| c.is_ascii_digit()))
        .map(|n| {
            format!(
                "at {}: code first {}",
                &h[..3],
                n.trim_start_matches([',', ' '])
            )
        })
}

/// A newborn's birth weight line (P07.0-, P07.1-) goes before the weeks (P07.2-, P07.3-)
/// where both are reported (I.C.16.d).
fn birth_weight_before_the_weeks(picked: &mut Vec<Recommendation>) {
    let line = |r: &Recommendation, kinds: [&str; 2]| {
        let c = compact(&r.code);
        kinds.iter().any(|k| c.starts_with(k))
    };
    let weeks = picked.iter().position(|r| line(r, ["P072", "P073"]));
    let weight = picked.iter().position(|r| line(r, ["P070", "P071"]));
    if let (Some(weeks), Some(weight)) = (weeks, weight) {
        if weight > weeks {
            let r = picked.remove(weight);
            picked.insert(weeks, r);
        }
    }
}

/// A combination code that asks for its complication's code ("Diabetes, type 2, with,
/// osteomyelitis" → E11.69, "use additional code to identify complication") goes before the
/// complication its Index entry names (I.A.13, I.A.15).
fn complication_after_its_combination(icd: &Icd10Cm, picked: &mut Vec<Recommendation>) {
    let Some(at) = picked
        .iter()
        .position(|r| checks::asks_for_its_complication(icd, &r.code))
    else {
        return;
    };
    let Some(named) = picked[at]
        .evidence
        .split_once(", with, ")
        .and_then(|(_, rest)| rest.split_once(" →"))
        .map(|(named, _)| super::text::title_terms(named))
    else {
        return;
    };
    let complication = picked[..at].iter().position(|r| {
        let title = super::text::title_terms(&r.title);
        !named.is_empty() && named.iter().all(|w| title.contains(w))
    });
    if let Some(i) = complication {
        let mut r = picked.remove(at);
        r.why = format!(
            "{}; listed before {}: its note asks for the complication's code after it",
            r.why, picked[i].code
        );
        picked.insert(i, r);
    }
}

pub(super) fn in_reporting_order(
    icd: &Icd10Cm,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    picked.sort_by_key(|r| rank(icd, &r.code));
    birth_weight_before_the_weeks(&mut picked);
    most_serious_injury_first(&mut picked);
    complication_after_its_combination(icd, &mut picked);
    let mut moved: HashSet<(String, String)> = HashSet::new();
    let mut changed = true;
    while changed {
        changed = false;
        'pairs: for later in 0..picked.len() {
            for earlier in 0..later {
                let (first, second) = (picked[later].code.clone(), picked[earlier].code.clone());
                let note = checks::code_first_note(icd, &second, &first)
                    .or_else(|| followed_by(icd, &first, &second))
                    .or_else(|| after_its_underlying_cause(icd, &second, &first));
                if let Some(note) = note {
                    if moved.insert((first, second.clone())) {
                        let mut r = picked.remove(later);
                        r.why = format!("{}; listed before {second}: {note}", r.why);
                        picked.insert(earlier, r);
                        changed = true;
                        break 'pairs;
                    }
                }
            }
        }
    }
    picked
}
