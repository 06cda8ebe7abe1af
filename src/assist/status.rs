//! History and status codes the question states (I.C.21.c.3 status, I.C.21.c.4 history), each
//! read from the Alphabetic Index entry its statement leads to, and reported only when the
//! question says it in so many words:
//! - a former smoker: History, personal, nicotine dependence (Z87.891), not current dependence
//!   (F17.2- Excludes1 Z87.891);
//! - an old myocardial infarction, months or years ago: Infarct, myocardium, healed or old
//!   (I25.2); I21 is for four weeks or less (I.C.9.e.1);
//! - dependence on supplemental oxygen or on a ventilator: Dependence, oxygen (Z99.81),
//!   Dependence, on, ventilator (Z99.11);
//! - a kidney transplant with no complication documented: Transplant, kidney (Z94.0), not a
//!   transplant complication (I.C.19.g.3.a);
//! - an organ removed at an earlier operation: Absence, <organ>, acquired (Z90.-);
//! - a genetic susceptibility (BRCA): Susceptibility to disease, genetic, malignant neoplasm
//!   (Z15.0-), and a relative's disease: History, family (Z80–Z84).

use std::sync::LazyLock;

use regex::Regex;

use super::icd10cm::{compact, Icd10Cm};
use super::lookup::{Book, Edition, TermId};
use super::suggest::Query;
use crate::domain::Recommendation;

fn re(pattern: &str) -> Regex {
    super::text::regex(pattern).expect("a status cue")
}

static FORMER_SMOKER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:former|ex-?|past|prior|previous|quit)[- ]?smoker\b|\b(?:quit|stopped|gave up)\s+(?:\w+\s+)?(?:smoking|cigarettes|cigs|tobacco)\b|\bhistory of (?:smoking|tobacco (?:use|dependence)|nicotine dependence)\b",
    )
});
static CURRENT_SMOKER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:current(?:ly)?|active(?:ly)?|still)\s+(?:a\s+)?smok\w*|\bsmokes\b|\bpacks? (?:per|a|/) ?day\b|\bppd\b",
    )
});
static OLD_MI: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:old|prior|previous|remote|healed|history of|h/o|hx of)\s+(?:an?\s+)?(?:\w+\s+)?(?:mi|stemi|nstemi|myocardial infarction|heart attack)\b|\b(?:[2-9]|1[0-9]|two|three|four|five|six|several|many)\s+(?:months?|mos?)\s+(?:after|since|post)\s+(?:an?\s+|the\s+|his\s+|her\s+)?(?:\w+\s+)?(?:mi|stemi|nstemi|myocardial infarction|heart attack)\b|\b(?:\d+|one|two|three|several|many)\s+(?:years?|yrs?)\s+(?:after|since|post)\s+(?:an?\s+|the\s+|his\s+|her\s+)?(?:\w+\s+)?(?:mi|stemi|nstemi|myocardial infarction|heart attack)\b|\b(?:mi|stemi|nstemi|myocardial infarction|heart attack)\s+(?:in (?:19|20)\d\d|(?:[2-9]|1[0-9]|two|three|four|five|six|several) (?:months?|years?) ago|\d+ (?:years?|yrs?) ago)\b",
    )
});
/// A new infarction beside the old one keeps its I21 code.
static NEW_MI: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:acute|new|evolving|current)\s+(?:\w+\s+)?(?:mi|stemi|nstemi|myocardial infarction)\b",
    )
});
static OXYGEN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bhome (?:o2|oxygen)\b|\b(?:o2|oxygen)[- ]dependen\w*|\bdependen\w* on (?:home |supplemental )?(?:o2|oxygen)\b|\b(?:chronic|long[- ]term|baseline|continuous|nocturnal) (?:home |supplemental )?(?:o2|oxygen)\b",
    )
});
static VENTILATOR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:ventilator|vent|respirator)[- ]dependen\w*|\bdependen\w* on (?:the |a )?(?:ventilator|vent|respirator|mechanical ventilation)\b|\b(?:chronic|home|long[- ]term) (?:mechanical )?(?:ventilator|vent|ventilation)\b",
    )
});
static KIDNEY_TRANSPLANT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:s/p|status post|history of|h/o|hx of|had an?)\s+(?:\w+\s+)?(?:ddkt|lrkt|ddrt|kidney transplant\w*|renal transplant\w*)|\b(?:kidney|renal) transplant recipient\b",
    )
});
/// A transplant complication is coded only when documented as one (I.C.19.g.3.a).
static NO_COMPLICATION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bno (?:\w+ )?(?:rejection|complications?)\b|\bstable graft\b|\bgraft function (?:is )?(?:stable|normal|good)\b",
    )
});
/// An operation done before this encounter: a year, "ago", "s/p", "had".
static EARLIER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:in\s+)?(?:19|20)\d\d\b|\bago\b|\bs/p\b|\bstatus post\b|\bhistory of\b|\bh/o\b|\bhx of\b|\bprior\b|\bprevious(?:ly)?\b|\bhad (?:a |an |her |his |their )?",
    )
});
/// An operation of the stay the question is about ("went home on post-op day 2"): no status
/// yet.
static THIS_STAY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bpost-?op(?:erative)? day\b|\bpod\s?\d|\bthis (?:admission|stay)\b|\bduring (?:the|this) (?:admission|stay)\b",
    )
});
/// Operations that remove an organ, and the Index path of its acquired absence.
/// An operation, the Index path of the absence it leaves, and the congenital absence of the
/// same organ (Q83.0, Q60, Q89.01, Q33.3): a coder who wrote that for the removed organ read
/// the Index's "Absence, <organ>" without its "acquired".
const REMOVED: &[(&str, &[&str], &str)] = &[
    ("mastectomy", &["Absence", "breast"], "Q830"),
    ("nephrectomy", &["Absence", "kidney"], "Q60"),
    ("splenectomy", &["Absence", "spleen", "acquired"], "Q8901"),
    ("pneumonectomy", &["Absence", "lung", "acquired"], "Q333"),
];
static GENETIC: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bbrca\s*[12]?\s*(?:gene\s+)?(?:positive|\+|mutation|carrier|variant)|\b(?:positive|carrier) for (?:a |the )?brca",
    )
});
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:mother|father|mom|dad|sister|brother|aunt|uncle|grandmother|grandfather|grandma|grandpa|parent|sibling|daughter|son)\b[^.;]{0,30}?\b(?:had|has|with|died of|diagnosed with|from)\b|\bfamily history of\b|\bfh(?:x)? of\b",
    )
});

static EXPOSED: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bexpos(?:ure|ed)\s+to\b|\bexposure\b"));
/// COVID-19 as questions name it.
static COVID: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bcovid(?:-?19)?\b|\bsars-?cov-?2\b|\bcoronavirus\b"));

static OLD_STROKE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:[2-9]|1[0-9]|two|three|four|five|six|several|many)\s+(?:months?|mos?)\s+(?:after|since|post)\s+(?:an?\s+|the\s+|his\s+|her\s+)?(?:[\w-]+\s+){0,2}?(?:stroke|cva|cerebral infarct\w*)|\b(?:\d+|one|two|three|several|many)\s+(?:years?|yrs?)\s+(?:after|since|post)\s+(?:an?\s+|the\s+|his\s+|her\s+)?(?:[\w-]+\s+){0,2}?(?:stroke|cva|cerebral infarct\w*)|\b(?:old|prior|previous|remote|history of|h/o|hx of)\s+(?:[\w-]+\s+){0,2}?(?:stroke|cva)\b|\b(?:stroke|cva)\s+(?:(?:\d+|one|two|three|four|five|six|several|many)\s+(?:years?|yrs?|months?|mos?)\s+ago|in (?:19|20)\d\d)\b",
    )
});
static NEW_STROKE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:acute|new|evolving)\s+(?:[\w-]+\s+){0,2}?(?:stroke|cva|infarct\w*)")
});
/// A deficit that remains: a sequela (I.C.9.d.1).
static RESIDUAL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:residual|sequela\w*|late effects?|persistent|remaining)\b"));

/// What a statement changes: the codes it adds, and the categories it says are not reported.
/// A coronary bypass or stent from an earlier procedure: the graft or implant is still there,
/// a status (Z95), not a history of a condition gone (I.C.21.c.3 status, I.C.21.c.4 history).
const PAST: &str =
    r"(?:s/p|status post|h/o|hx of|history of|prior|previous|old|had (?:an? |his |her )?)";
static BYPASS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b{PAST}\s*(?:\w+\s+)?(?:cabg|coronary (?:artery )?bypass)"
    ))
});
static STENT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b{PAST}\s*(?:[\w-]+\s+){{0,2}}?(?:des|bms|(?:coronary )?stents?|drug[- ]eluting stents?|pci with stents?)\b"
    ))
});
/// A weight-loss operation done before this encounter: bariatric surgery status (Z98.84), which
/// explains a deficiency or a dumping syndrome after it.
static BARIATRIC: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:\b{PAST}|\b(?:years?|yrs?|months?|mos?|weeks?) after)\s*(?:an? |her |his )?(?:[\w-]+\s+){{0,2}}?(?:roux-en-y|gastric bypass|sleeve gastrectomy|gastric sleeve|gastric band\w*|lap[- ]band|bariatric surgery|biliopancreatic diversion)"
    ))
});
static CORONARY: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:lad|rca|lcx|circumflex|coronary|cad|pci|des|cardiac cath\w*|cath)\b")
});

#[derive(Default, Debug)]
pub struct Stated {
    pub added: Vec<Recommendation>,
    /// Code prefixes (no dot) the statement replaces.
    pub replaces: Vec<&'static str>,
}

fn sentences(text: &str) -> impl Iterator<Item = &str> {
    super::text::sentences(text).into_iter()
}

pub fn stated(icd: &Icd10Cm, index: &Book, text: &str, picked: &[String]) -> Stated {
    let mut out = Stated::default();
    let mut add = |path: &[&str], side: Option<&str>, why: &str| {
        if let Some(r) = index
            .find(path)
            .and_then(|t| from_index(icd, index, t, side, why))
        {
            if !out.added.iter().any(|a| a.code == r.code) {
                out.added.push(r);
            }
        }
    };
    if FORMER_SMOKER.is_match(text) && !CURRENT_SMOKER.is_match(text) {
        add(
            &["History", "personal", "nicotine dependence"],
            None,
            "a former smoker: history of tobacco dependence, not current dependence (I.C.21.c.4; F17.2 Excludes1 Z87.891)",
        );
        out.replaces.push("F172");
    }
    if OLD_MI.is_match(text) {
        add(
            &["Infarct", "myocardium", "healed or old"],
            None,
            "a myocardial infarction more than four weeks old, no longer treated as acute: I25.2 (I.C.9.e.1: I21 is for four weeks or less)",
        );
        if !NEW_MI.is_match(text) {
            out.replaces.extend(["I21", "I22"]);
        }
    }
    if BYPASS.is_match(text) {
        add(
            &["Status", "aortocoronary bypass"],
            None,
            "a coronary bypass from an earlier operation: the graft is a status, Z95.1, not a history code (I.C.21.c.3; I.C.21.c.4 history codes are for conditions that no longer exist)",
        );
        out.replaces.push("Z8679");
    }
    if STENT.is_match(text) && CORONARY.is_match(text) {
        add(
            &["Status", "angioplasty", "coronary artery", "with implant"],
            None,
            "a coronary stent from an earlier procedure: the implant is a status, Z95.5, not a history code (I.C.21.c.3, I.C.21.c.4)",
        );
        out.replaces.push("Z8679");
    }
    if BARIATRIC.is_match(text) {
        add(
            &["Status", "bariatric surgery"],
            None,
            "a weight-loss operation from an earlier encounter: bariatric surgery status, Z98.84 (I.C.21.c.3)",
        );
    }
    if OXYGEN.is_match(text) {
        add(
            &["Dependence", "supplemental oxygen"],
            None,
            "the patient depends on supplemental oxygen at home: a status code (I.C.21.c.3)",
        );
    }
    if VENTILATOR.is_match(text) {
        add(
            &["Dependence", "on", "ventilator"],
            None,
            "the patient depends on a ventilator: a status code (I.C.21.c.3)",
        );
    }
    if KIDNEY_TRANSPLANT.is_match(text) {
        let complication = picked.iter().any(|c| compact(c).starts_with("T86"));
        if !complication || NO_COMPLICATION.is_match(text) {
            add(
                &["Transplant", "kidney"],
                None,
                "a kidney transplant recipient with no transplant complication documented: transplant status Z94.0 (I.C.19.g.3.a, I.C.21.c.3)",
            );
            if complication {
                out.replaces.push("T861");
            }
        }
    }
    for s in sentences(text) {
        let lower = s.to_lowercase();
        for (operation, path, congenital) in REMOVED {
            if let Some(at) = lower.find(operation) {
                let before = &s[..at];
                if EARLIER.is_match(s)
                    && !THIS_STAY.is_match(s)
                    && !before.to_lowercase().contains("prophylactic")
                {
                    add(
                        path,
                        super::text::side(s),
                        "an organ removed at an earlier operation: acquired absence status (I.C.21.c.3)",
                    );
                    out.replaces.push(congenital);
                }
            }
        }
    }
    if GENETIC.is_match(text) {
        add(
            &["Susceptibility to disease", "malignant neoplasm", "breast"],
            None,
            "a genetic susceptibility the question states (BRCA): Z15.0- (I.C.21.c.3; Z40.0 asks for it)",
        );
        if text.to_lowercase().contains("ovar") {
            add(
                &["Susceptibility to disease", "malignant neoplasm", "ovary"],
                None,
                "a genetic susceptibility the question states (BRCA): Z15.0- (I.C.21.c.3)",
            );
        }
    }
    // Contact with or exposure to a communicable disease or a hazard (Z20, Z77): "Exposure
    // (to)" in the Index, with the thing the sentence names; not beside the disease itself
    // (I.C.1.g.1.e: Z20.822 when COVID-19 is ruled out or the test is negative).
    let infected = picked.iter().any(|c| {
        let c = compact(c);
        c.starts_with('A') || c.starts_with('B') || c.starts_with("U07")
    });
    for s in sentences(text).filter(|s| EXPOSED.is_match(s)) {
        if infected {
            break;
        }
        let r = if COVID.is_match(s) {
            index.find(&["Exposure", "COVID-19"]).and_then(|t| {
                from_index(
                    icd,
                    index,
                    t,
                    None,
                    "exposure to COVID-19 with no infection coded (I.C.1.g.1.e)",
                )
            })
        } else {
            exposure(icd, index, s)
        };
        if let Some(r) = r {
            if !out.added.iter().any(|a| a.code == r.code) {
                out.added.push(r);
            }
        }
    }
    for s in sentences(text).filter(|s| RELATIVE.is_match(s)) {
        if let Some(r) = family_history(icd, index, s) {
            if !out.added.iter().any(|a| a.code == r.code) {
                out.added.push(r);
            }
        }
    }
    // An acute stroke with no earlier one stated has no sequelae: its deficits are coded as
    // what they are, not as I69 (I.C.9.d.2: I69 beside I60-I67 only for deficits of an old
    // stroke).
    let acute = picked.iter().any(|c| compact(c).starts_with("I63"));
    if acute && !OLD_STROKE.is_match(text) {
        out.replaces.push("I69");
    }
    if OLD_STROKE.is_match(text) && RESIDUAL.is_match(text) && !NEW_STROKE.is_match(text) {
        let sequelae = stroke_sequelae(icd, index, text);
        if !sequelae.is_empty() {
            out.replaces.extend(["I63", "G81"]);
            out.added.extend(sequelae);
        }
    }
    out
}

/// The deficits a stroke left, from "Sequelae, infarction, cerebral" (I.C.9.d.1), hemiplegia
/// by the side affected and its dominance: when the record does not say, the right side is
/// dominant and the left nondominant (I.C.6.a).
fn stroke_sequelae(icd: &Icd10Cm, index: &Book, text: &str) -> Vec<Recommendation> {
    let Some(root) = index.find(&["Sequelae", "infarction", "cerebral"]) else {
        return Vec::new();
    };
    let q = Query::new(text);
    let stem = |w: &str| {
        super::text::title_terms(w)
            .into_iter()
            .next()
            .unwrap_or_default()
    };
    let (hemiplegia, hemiparesis) = (stem("hemiplegia"), stem("hemiparesis"));
    let has = |w: &str| q.has(w) || (w == hemiplegia && q.has(&hemiparesis));
    let side = super::text::deficit_side(text);
    let mut out: Vec<Recommendation> = Vec::new();
    for p in index.paths_under(root, &has) {
        if p.words == 0 {
            continue;
        }
        let Some(c) = index.code_at(p.term) else {
            continue;
        };
        let code = if icd.is_billable(&c) {
            Some(c)
        } else {
            let wanted =
                side.map_or_else(|| "unspecified side".to_owned(), super::text::sided_title);
            icd.billable_below(&c).into_iter().find(|b| {
                icd.title(b)
                    .is_some_and(|t| super::text::ends_with_side(&t, &wanted))
            })
        };
        let Some(code) = code else {
            continue;
        };
        if out.iter().any(|o| compact(&o.code) == code) {
            continue;
        }
        let why = "a deficit that remains after an earlier stroke is its sequela, I69 (I.C.9.d.1), with the side and dominance (I.C.6.a: undocumented, right is dominant, left nondominant)";
        out.push(index.recommend(Edition::Alphabetic, icd, p.term, &code, why.into()));
    }
    out
}

/// "Exposure (to)", followed down the subterms the sentence names, to a contact or exposure
/// status code (Z20, Z57, Z77).
fn exposure(icd: &Icd10Cm, index: &Book, sentence: &str) -> Option<Recommendation> {
    let root = *index.main_terms("Exposure").first()?;
    let best = best_under(index, root, sentence, |c| {
        c.starts_with("Z20") || c.starts_with("Z57") || c.starts_with("Z77")
    })?;
    from_index(
        icd,
        index,
        best,
        None,
        "an exposure the question states, with no disease from it coded: a contact or exposure status code (I.C.21.c.1)",
    )
}

/// "History, family (of)", followed down the subterms the sentence names, to the entry that
/// names the most of its words.
fn family_history(icd: &Icd10Cm, index: &Book, sentence: &str) -> Option<Recommendation> {
    let root = index.find(&["History", "family"])?;
    let best = best_under(index, root, sentence, |c| c.starts_with('Z'))?;
    from_index(
        icd,
        index,
        best,
        None,
        "a relative's condition the question states: family history (I.C.21.c.4)",
    )
}

/// The entry below `root` that names the most of the sentence's words (the deeper on a tie),
/// among those whose code `wanted` accepts.
fn best_under(
    index: &Book,
    root: TermId,
    sentence: &str,
    wanted: impl Fn(&str) -> bool,
) -> Option<TermId> {
    let q = Query::new(sentence);
    index
        .paths_under(root, &|w: &str| q.has(w))
        .into_iter()
        .filter(|p| p.words > 0)
        .filter(|p| index.term(p.term).code.as_deref().is_some_and(&wanted))
        .max_by_key(|p| (p.words, index.path(p.term).len()))
        .map(|p| p.term)
}

fn from_index(
    icd: &Icd10Cm,
    index: &Book,
    term: TermId,
    side: Option<&str>,
    why: &str,
) -> Option<Recommendation> {
    let mut code = index.code_at(term)?;
    if !icd.is_billable(&code) {
        // A code the Index leaves open for the side (Z90.1-): the child whose title says it.
        let side = side?;
        code = icd.billable_below(&code).into_iter().find(|c| {
            icd.title(c)
                .is_some_and(|t| t.to_lowercase().contains(&format!("{side} ")))
        })?;
    }
    Some(index.recommend(Edition::Alphabetic, icd, term, &code, why.to_owned()))
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
        stated(icd, &books.index, text, &[])
            .added
            .into_iter()
            .map(|r| r.code)
            .collect()
    }

    #[test]
    fn a_past_bypass_or_coronary_stent_is_a_status() {
        assert_eq!(
            codes("CAD of native vessels. Note says h/o CABG x3 (2015) and h/o DES to LAD (2021)."),
            ["Z95.1", "Z95.5"]
        );
        assert_eq!(
            codes("s/p coronary artery bypass graft, stable."),
            ["Z95.1"]
        );
        // Not earlier, or no coronary stent.
        assert!(codes("Scheduled for CABG next week.").is_empty());
        assert!(codes("h/o ureteral stent for a stone, removed.").is_empty());
        assert!(codes("Cath today: DES placed to the LAD.").is_empty());
    }

    #[test]
    fn a_past_weight_loss_operation_is_bariatric_surgery_status() {
        assert_eq!(
            codes("Wet beriberi, s/p Roux-en-Y gastric bypass 5 months ago."),
            ["Z98.84"]
        );
        assert_eq!(
            codes("Iron deficiency 6 years after a Roux-en-Y gastric bypass."),
            ["Z98.84"]
        );
        assert!(codes("Class 3 obesity; discussed a bariatric surgery referral.").is_empty());
        assert!(codes("Admitted for a sleeve gastrectomy today.").is_empty());
    }

    #[test]
    fn a_removed_organ_is_acquired_absence_not_the_congenital_one() {
        let (icd, books) = &*BOOKS;
        let found = stated(
            icd,
            &books.index,
            "Pneumococcal pneumonia. He had a splenectomy at 33 after a car crash.",
            &[],
        );
        let added: Vec<&str> = found.added.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(added, ["Z90.81"]);
        assert!(found.replaces.contains(&"Q8901"), "{:?}", found.replaces);
    }

    #[test]
    fn a_stated_history_or_status_gives_its_index_code() {
        assert_eq!(
            codes("COPD stable on tiotropium, pt quit cigarettes in 2012."),
            ["Z87.891"]
        );
        assert_eq!(
            codes("Cardiology f/u, 3 months after an anterior STEMI, stable."),
            ["I25.2"]
        );
        assert_eq!(
            codes("Acute on chronic hypoxic respiratory failure, home O2 at 2L baseline."),
            ["Z99.81"]
        );
        assert_eq!(codes("Trach, ventilator dependent since 2022."), ["Z99.11"]);
        assert_eq!(
            codes("Transplant clinic: s/p DDKT 2018, stable graft function."),
            ["Z94.0"]
        );
        assert_eq!(
            codes("Pt had L mastectomy 2019 for breast ca, no evidence of disease."),
            ["Z90.12"]
        );
        assert_eq!(
            codes("Prophylactic mastectomy, BRCA1 positive, mother had breast cancer at 44."),
            ["Z15.01", "Z80.3"]
        );
    }

    #[test]
    fn an_exposure_gives_its_status_code_unless_the_disease_is_coded() {
        assert_eq!(
            codes("Exposure to COVID, test negative. Spouse tested positive."),
            ["Z20.822"]
        );
        assert_eq!(
            codes("Exposure to asbestos at the shipyard, CXR clear."),
            ["Z77.090"]
        );
        let (icd, books) = &*BOOKS;
        let s = stated(
            icd,
            &books.index,
            "COVID-19 pneumonia after exposure to COVID at work.",
            &["U07.1".to_owned()],
        );
        assert!(s.added.is_empty());
    }

    #[test]
    fn a_deficit_left_by_an_old_stroke_is_its_sequela() {
        assert_eq!(
            codes("Neuro f/u 2 years after R MCA stroke, residual left hemiparesis."),
            ["I69.354"]
        );
        assert_eq!(
            codes("Old stroke, residual right hemiplegia; left-handed."),
            ["I69.353"]
        );
        // An acute stroke, or no deficit left: no sequela.
        assert!(codes(
            "Acute stroke today, history of CVA 2019, residual hemiparesis from the new infarct."
        )
        .is_empty());
        assert!(codes("Stroke 2 years ago, no residual deficits.").is_empty());
        // "stroke ... ago" says an earlier stroke as well.
        assert_eq!(
            codes("Oropharyngeal dysphagia, residual from his L MCA ischemic stroke 2 yrs ago."),
            ["I69.391"]
        );
        assert!(codes("Oropharyngeal dysphagia since his stroke 2 days ago.").is_empty());
    }

    #[test]
    fn an_acute_stroke_has_no_sequela() {
        let (icd, books) = &*BOOKS;
        let replaces = |text: &str| {
            stated(
                icd,
                &books.index,
                text,
                &["I63.412".to_owned(), "I69.320".to_owned()],
            )
            .replaces
            .contains(&"I69")
        };
        assert!(replaces("Acute embolic infarct L MCA, expressive aphasia."));
        assert!(!replaces(
            "Acute infarct L MCA; old stroke 2019 with residual aphasia."
        ));
    }

    #[test]
    fn no_status_without_the_statement() {
        assert!(codes("Current smoker, 1 ppd, COPD exacerbation.").is_empty());
        assert!(codes("He smokes; we talked about how to quit smoking.").is_empty());
        assert!(codes("Acute STEMI today, to the cath lab.").is_empty());
        assert!(codes("Pneumonia, on 2L oxygen by nasal cannula in the ED.").is_empty());
        assert!(codes("Bilateral prophylactic mastectomy today.").is_empty());
        assert!(codes("Breast cancer, scheduled for a mastectomy.").is_empty());
    }

    #[test]
    fn a_transplant_complication_documented_keeps_its_code() {
        let (icd, books) = &*BOOKS;
        let picked = ["T86.11".to_owned()];
        let s = stated(
            icd,
            &books.index,
            "S/p kidney transplant, acute rejection on biopsy.",
            &picked,
        );
        assert!(s.added.is_empty());
        let s = stated(
            icd,
            &books.index,
            "S/p kidney transplant, CKD 3a, no rejection or complication.",
            &picked,
        );
        assert_eq!(s.added[0].code, "Z94.0");
        assert_eq!(s.replaces, ["T861"]);
    }
}
