//! Pressure ulcers at the stage documented for each site (I.C.12.a).

use std::sync::LazyLock;

use regex::Regex;

use super::denied::DENIED_JUST_BEFORE;
use super::recode;
use crate::assist::icd10cm::{compact, Icd10Cm};
use crate::domain::Recommendation;

/// A clause of the documentation: pressure ulcers are listed one per clause ("sacral PU
/// stage 4; L heel unstageable; R buttock DTI").
static CLAUSES: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)[;.\n]|,\s|\s(?:and|&|plus)\s").unwrap());
static ULCER_STAGE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bstage\s*(1|2|3|4|iv|iii|ii|i)\b|\b(un-?stageable)\b|\b(deep tissue (?:pressure )?(?:injury|damage)|s?dti)\b").unwrap()
});
static WRITTEN_CODE: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"\b[A-Z]\d\d\.?[0-9A-Z]{0,4}\b").unwrap());

/// The stage character of L89 the clauses document: the highest of stages 1-4 (a healing
/// ulcer keeps its stage, I.C.12.a.5; a stage revealed by debridement replaces
/// "unstageable", I.C.12.a.2), else 6 deep tissue injury (I.C.12.a.7), else 0 unstageable.
fn documented_stage<'a>(clauses: impl Iterator<Item = &'a str> + Clone) -> Option<char> {
    // A question ("unstageable because nobody wrote a stage?") documents nothing.
    let stated = clauses.filter(|c| !c.trim_end().ends_with('?'));
    numbered_stage(stated.clone()).or_else(|| described_stage(stated))
}

/// The depth a wound note describes, where nobody wrote a stage: the stages' own definitions,
/// which the Index prints as their nonessential modifiers ("Ulcer, pressure, stage 3 (full
/// thickness skin loss involving damage or necrosis of subcutaneous tissue)").
static ULCER_DEPTH: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:(full[- ]thickness)|(partial[- ]thickness)|(non-?blanch\w*))|\b((?:exposed|visible|palpable) (?:bone|tendon|muscle)|(?:bone|tendon|muscle) (?:is |was )?(?:exposed|visible))\b").unwrap()
});

fn described_stage<'a>(clauses: impl Iterator<Item = &'a str>) -> Option<char> {
    let mut deepest: Option<char> = None;
    for clause in clauses {
        for c in ULCER_DEPTH.captures_iter(clause) {
            let whole = c.get(0).expect("a match");
            if DENIED_JUST_BEFORE.is_match(&clause[..whole.start()]) {
                continue;
            }
            let stage = match (c.get(1), c.get(2), c.get(3)) {
                (Some(_), ..) => '3',
                (_, Some(_), _) => '2',
                (.., Some(_)) => '1',
                _ => '4',
            };
            deepest = deepest.max(Some(stage));
        }
    }
    deepest
}

fn numbered_stage<'a>(clauses: impl Iterator<Item = &'a str>) -> Option<char> {
    let rank = |s: char| match s {
        '0' => 0,
        '6' => 1,
        n => 2 + n as u8 - b'0',
    };
    let mut stage: Option<char> = None;
    for c in clauses.flat_map(|cl| ULCER_STAGE.captures_iter(cl)) {
        let found = if let Some(n) = c.get(1) {
            match n.as_str().to_lowercase().as_str() {
                "1" | "i" => '1',
                "2" | "ii" => '2',
                "3" | "iii" => '3',
                _ => '4',
            }
        } else if c.get(2).is_some() {
            '0'
        } else {
            '6'
        };
        stage = Some(stage.map_or(found, |a| if rank(found) > rank(a) { found } else { a }));
    }
    stage
}

/// The site a pressure ulcer's title names ("sacral region" of "Pressure ulcer of sacral
/// region, stage 3"), lower case.
fn pressure_ulcer_site(icd: &Icd10Cm, code: &str) -> Option<String> {
    let title = icd.title(code)?.to_lowercase();
    let site = title
        .strip_prefix("pressure ulcer of ")?
        .split(", ")
        .next()?;
    Some(site.to_owned())
}

/// A pressure ulcer documented as completely healed when the patient comes in is not coded
/// (I.C.12.a.4): the L89 code of the site a "healed" clause names (or every one, where the
/// clause names no site) goes. A healing ulcer keeps its code (I.C.12.a.5).
pub(super) fn a_healed_pressure_ulcer_is_not_coded(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let healed: Vec<String> = CLAUSES
        .split(text)
        .filter(|c| {
            !WRITTEN_CODE.is_match(c) && HEALED_ULCER.is_match(c) && !HEALED_IN_THE_STAY.is_match(c)
        })
        .map(str::to_lowercase)
        .collect();
    if healed.is_empty() {
        return picked;
    }
    let gone = |code: &str| {
        let c = compact(code);
        if !c.starts_with("L89") {
            return false;
        }
        let site = pressure_ulcer_site(icd, &c).unwrap_or_default();
        let place: Vec<&str> = site
            .split(' ')
            .filter(|w| w.len() > 3 && !["right", "left", "unspecified", "region"].contains(w))
            .collect();
        healed.iter().any(|clause| {
            let names_a_site = PRESSURE_SITE.is_match(clause);
            !names_a_site || place.iter().any(|w| clause.contains(&w[..w.len().min(4)]))
        })
    };
    picked.into_iter().filter(|r| !gone(&r.code)).collect()
}

/// "pressure injury completely healed", "healed sacral decubitus": healed, not healing.
static HEALED_ULCER: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:pressure (?:ulcer|injury|sore)|decubitus|bed ?sore)s?\b(?:\s+\w+){0,2}?\s+(?:has |have |is |was |now )?(?:completely |fully )?healed\b|\b(?:completely |fully )?healed (?:\w+ ){0,3}(?:pressure (?:ulcer|injury|sore)|decubitus|bed ?sore)").unwrap()
});

/// An ulcer present on admission that healed during the stay is coded at its stage on
/// admission (I.C.12.a.5): only one healed when the patient came in goes.
static HEALED_IN_THE_STAY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:by|at|before|prior to|on) (?:the )?(?:time of )?discharge\b|\bduring (?:the|her|his) (?:stay|admission)\b|\bby (?:hospital )?day \d+\b").unwrap()
});

/// A body site a pressure ulcer clause may name.
static PRESSURE_SITE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:sacr\w*|coccy\w*|heel|ankle|hip|buttock|elbow|back|scapula\w*|shoulder|head|face|ear|occiput|ischi\w*|trochanter\w*|foot|toe|contiguous)\b").unwrap()
});

/// Each pressure ulcer at the stage documented for its site (I.C.12.a): the clauses of the
/// question that name the code's site (and its side, when they name one) and a stage, leaving
/// out clauses that quote codes.
pub(super) fn pressure_ulcer_stage_as_documented(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let clauses: Vec<&str> = CLAUSES
        .split(text)
        .filter(|c| !WRITTEN_CODE.is_match(c))
        .collect();
    let ulcers = picked
        .iter()
        .filter(|r| compact(&r.code).starts_with("L89"))
        .count();
    let mut progressed: Vec<(String, Recommendation)> = Vec::new();
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        if !c.starts_with("L89") || c.len() != 6 {
            continue;
        }
        let Some(site) = pressure_ulcer_site(icd, &c) else {
            continue;
        };
        let side = ["right", "left"].into_iter().find(|s| site.contains(s));
        let place: Vec<&str> = site
            .split(' ')
            .filter(|w| !["right", "left", "unspecified", "region", "of", "and"].contains(w))
            .collect();
        let names_site = |clause: &str| {
            let lower = clause.to_lowercase();
            place.iter().all(|w| lower.contains(&w[..w.len().min(4)]))
                && side.is_none_or(|s| super::text::side(clause).is_none_or(|cs| cs == s))
        };
        // With one ulcer, every stage the question documents is that ulcer's.
        let Some(stage) = documented_stage(
            clauses
                .iter()
                .copied()
                .filter(|cl| ulcers == 1 || names_site(cl)),
        ) else {
            continue;
        };
        let staged = format!("{}{stage}", &c[..5]);
        if staged == c || !icd.is_billable(&staged) {
            continue;
        }
        // An ulcer that progressed during the stay keeps its stage on admission beside the
        // highest (I.C.12.a.6).
        let stage_on_admission = PROGRESSED.is_match(text)
            && c.ends_with(['1', '2', '3'])
            && text.to_lowercase().contains(&format!("stage {}", &c[5..]));
        if stage_on_admission {
            let mut highest = r.clone();
            recode(
                icd,
                &mut highest,
                &staged,
                "the highest stage during the stay, beside the stage on admission (I.C.12.a.6)"
                    .into(),
            );
            progressed.push((r.code.clone(), highest));
            continue;
        }
        let why = format!(
            "instead of {}: the stage documented for this site (I.C.12.a)",
            r.code
        );
        recode(icd, r, &staged, why);
    }
    for (after, highest) in progressed {
        let at = picked
            .iter()
            .position(|p| p.code == after)
            .map_or(picked.len(), |i| i + 1);
        picked.insert(at, highest);
    }
    picked
}

static PROGRESSED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:progressed|evolved|advanced|worsened|deteriorated)\b").unwrap()
});
