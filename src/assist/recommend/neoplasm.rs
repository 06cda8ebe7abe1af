//! Neoplasms (Chapter 2): remission, history, behaviour, sites.

use std::sync::LazyLock;

use regex::Regex;

use super::{line_instead, recode, sibling_titled, GENERIC_TITLE_WORDS};
use crate::assist::icd10cm::{compact, Icd10Cm};
use crate::domain::Recommendation;

static IN_REMISSION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:in|achieved|achieving|attained|into)\s+(?:a\s+)?(?:first\s+|second\s+|1st\s+|2nd\s+)?(?:complete\s+|partial\s+|clinical\s+|hematologic\s+|molecular\s+|early\s+|sustained\s+)?remission\b|\bin\s+cr\d?\b|\bcr[12]\b")
        .expect("a cue")
});
static RELAPSED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:relapsed?|in relapse|relapsing)\b").expect("a cue")
});
static NO_REMISSION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:not|never|failed to|without)\s+(?:\w+\s+){0,2}?(?:achieved?|in)\s+(?:\w+\s+)?remission\b|\brefractory\b")
        .expect("a cue")
});

/// DSM-5's words for a substance use disorder in remission (I.C.5.b.1).
static SUBSTANCE_REMISSION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:early|sustained)\s+(?:full\s+|partial\s+)?remission\b")
        .expect("a cue")
});
/// The provider says the diabetes itself is in remission.
static DIABETES_REMISSION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:diabet\w*|t2dm|dm2?|niddm)\b[^.;]{0,60}?\bremission\b")
        .expect("a cue")
});

/// A leukemia, myeloma or other code of C81-C96 whose title states remission takes the
/// line of the remission the question documents: "not having achieved remission", "in
/// remission" or "in relapse" (the Tabular's subdivision, I.A.9.b). A substance use disorder
/// in early or sustained remission is its abuse or dependence "in remission" (I.C.5.b.1), and
/// type 2 diabetes without complications the provider says is in remission is E11.A
/// (I.C.4.a.1.b): the title the remission line completes.
pub(super) fn remission_as_documented(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    const LINES: [&str; 3] = [
        "not having achieved remission",
        "in remission",
        "in relapse",
    ];
    for r in picked.iter_mut() {
        let code = compact(&r.code);
        let title = icd.title(&code).unwrap_or_default();
        let wanted = match title.strip_suffix(", uncomplicated") {
            Some(disorder) if code.starts_with("F1") && SUBSTANCE_REMISSION.is_match(text) => {
                format!("{disorder}, in remission")
            }
            _ if code.starts_with("E11") && DIABETES_REMISSION.is_match(text) => {
                format!("{title} in remission")
            }
            _ => continue,
        };
        if let Some(sibling) = sibling_titled(icd, &code, &wanted) {
            let why = format!("in remission, as the provider documents: {}", r.why);
            recode(icd, r, &sibling, why);
        }
    }
    let documented = if RELAPSED.is_match(text) {
        "in relapse"
    } else if NO_REMISSION.is_match(text) {
        "not having achieved remission"
    } else if IN_REMISSION.is_match(text) {
        "in remission"
    } else {
        return picked;
    };
    for r in picked.iter_mut() {
        let code = compact(&r.code);
        let title = icd.title(&code).unwrap_or_default();
        let Some(line) = LINES.iter().find(|l| title.ends_with(*l)) else {
            continue;
        };
        if *line == documented || code.len() < 4 {
            continue;
        }
        let wanted = format!("{}{documented}", &title[..title.len() - line.len()]);
        if let Some(sibling) = sibling_titled(icd, &code, &wanted) {
            let why = format!("{documented}, as the question documents: {}", r.why);
            recode(icd, r, &sibling, why);
        }
    }
    picked
}

/// A neoplasm of an ill-defined or "other specified" site (C76.-, C79.89, D09.8, D36.7,
/// D48.7, D49.89) beside one of the same behaviour at a site the question names: the Table's
/// catch-all row says the same growth again (I.A.9.a, I.C.2).
pub(super) fn no_ill_defined_site_beside_a_defined_one(
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    // Each behaviour's range and its catch-all lines.
    const BEHAVIOURS: [(&str, &str, &[&str]); 6] = [
        ("C00", "C77", &["C76"]),
        ("C77", "C7A", &["C7989", "C799"]),
        ("D00", "D10", &["D098", "D099"]),
        ("D10", "D37", &["D367", "D369"]),
        ("D37", "D49", &["D487", "D489"]),
        ("D49", "D4A", &["D4989", "D499"]),
    ];
    let codes: Vec<String> = picked.iter().map(|p| compact(&p.code)).collect();
    let behaviour = |c: &str| {
        BEHAVIOURS
            .iter()
            .position(|(from, to, _)| (*from..*to).contains(&&c[..3]))
    };
    let catch_all =
        |c: &str| behaviour(c).is_some_and(|b| BEHAVIOURS[b].2.iter().any(|x| c.starts_with(x)));
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            !(catch_all(&c)
                && codes
                    .iter()
                    .any(|o| *o != c && !catch_all(o) && behaviour(o) == behaviour(&c)))
        })
        .collect()
}

/// A receptor status (Z17: ER, PR, HER2) is coded after the malignancy it describes ("code first
/// malignant neoplasm, such as of breast (C50.-)", I.A.13): beside a history of one (Z85.3),
/// with no malignancy reported, it describes none.
pub(super) fn a_receptor_status_beside_its_malignancy(
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let malignancy = picked.iter().any(|p| {
        let c = compact(&p.code);
        ("C00".."C97").contains(&c.get(..3).unwrap_or_default())
            || ("D00".."D10").contains(&c.get(..3).unwrap_or_default())
    });
    if malignancy {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| !compact(&p.code).starts_with("Z17"))
        .collect()
}

/// A malignancy excised or eradicated, with no further treatment and no evidence of it, is
/// its personal history (Z85) and not the neoplasm code: where the answer has both for one
/// site and the question says it is gone, the neoplasm code goes (I.C.2.d, I.C.2.m).
pub(super) fn history_of_an_eradicated_malignancy(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !GONE.is_match(text) || CURRENT_TREATMENT.is_match(text) {
        return picked;
    }
    let site = |code: &str, lead: &str| -> Option<Vec<String>> {
        let title = icd.title(code)?.to_lowercase();
        let rest = title.split_once(lead)?.1.to_owned();
        let words: Vec<String> = super::text::title_terms(&rest)
            .into_iter()
            .filter(|w| !GENERIC_TITLE_WORDS.contains(&w.as_str()))
            .collect();
        (!words.is_empty()).then_some(words)
    };
    let histories: Vec<Vec<String>> = picked
        .iter()
        .filter(|p| compact(&p.code).starts_with("Z85"))
        .filter_map(|p| site(&p.code, "malignant neoplasm of "))
        .collect();
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            let primary = c.starts_with('C') && !("C77".."C80").contains(&&c[..3]);
            !(primary
                && site(&c, "malignant neoplasm of ").is_some_and(|words| {
                    histories
                        .iter()
                        .any(|h| h.iter().all(|w| words.contains(w)))
                }))
        })
        .collect()
}

static GONE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:ned|no evidence of (?:disease|recurrence|malignancy|cancer|tumou?r)|no (?:current|active|further|ongoing) (?:treatment|therapy|tx)|disease[- ]free|cancer[- ]free|recurrence[- ]free)\b").unwrap()
});
static CURRENT_TREATMENT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:currently (?:on|receiving|undergoing)|recurren(?:ce|t) (?:found|noted|confirmed|on)|new (?:lesion|metasta\w*|recurrence))\b").unwrap()
});

/// "Uncertain behavior" (D37-D44, D48) is a histologic finding: the record must say the tissue
/// was examined and could not be called benign or malignant (I.C.2). A nodule or mass seen
/// only on imaging is its finding, which the answer codes from Chapter 18: the neoplasm code
/// goes.
pub(super) fn uncertain_behaviour_needs_histology(
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let uncertain = |p: &Recommendation| {
        let c = compact(&p.code);
        c.starts_with('D') && (("D37".."D45").contains(&&c[..3]) || c.starts_with("D48"))
    };
    let finding = picked.iter().any(|p| p.code.starts_with('R'));
    if !finding || HISTOLOGY.is_match(&NO_TISSUE.replace_all(text, " ")) {
        return picked;
    }
    picked.into_iter().filter(|p| !uncertain(p)).collect()
}

/// "no bx", "biopsy not done": tissue denied is no tissue examined.
static NO_TISSUE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:no|without|not|never|nor)\s+(?:\w+\s+){0,2}?(?:bx|biops\w*|tissue|pathology|path)\b|\b(?:bx|biopsy)\s+(?:not|deferred|declined)\b").unwrap()
});
static HISTOLOGY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:bx|biops\w*|patholog\w*|histolog\w*|cytolog\w*|fna|resect\w*|excis\w*|path|frozen section|who grade|uncertain behaviou?r|borderline|low malignant potential)\b|\bgrade [1-4i]").unwrap()
});

/// C80.0 "Disseminated malignant neoplasm, unspecified" is only for advanced disease whose
/// primary and secondary sites are not known: beside a code of a known site it goes, and an
/// unknown primary is C80.1 (I.C.2.j, I.C.2.k).
pub(super) fn disseminated_only_without_known_sites(
    icd: &Icd10Cm,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let known_site = |c: &str| {
        c.starts_with('C') && !c.starts_with("C80") && c.get(..3).is_some_and(|k| k < "C81")
    };
    if !picked.iter().any(|p| compact(&p.code) == "C800")
        || !picked.iter().any(|p| known_site(&compact(&p.code)))
    {
        return picked;
    }
    let secondary_only = picked.iter().all(|p| {
        let c = compact(&p.code);
        !known_site(&c) || ("C77".."C80").contains(&&c[..3])
    });
    let mut out: Vec<Recommendation> = picked
        .into_iter()
        .filter(|p| compact(&p.code) != "C800")
        .collect();
    if secondary_only && !out.iter().any(|p| compact(&p.code) == "C801") {
        out.push(super::focus::recommendation(
            icd,
            "C80.1",
            "the primary site is unknown and the secondary sites are coded: C80.1, not C80.0 (I.C.2.j, I.C.2.k)".into(),
        ));
    }
    out
}

/// Breast implant associated anaplastic large cell lymphoma (C84.7A) is the lymphoma, not a
/// complication of the implant: no Chapter 19 complication code beside it, and the implant's
/// status (Z98.82) or its removal (Z98.86) follows, as C84.7A's note asks (I.C.2.s).
pub(super) fn an_implant_lymphoma_is_no_implant_complication(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !picked.iter().any(|p| compact(&p.code) == "C847A") {
        return picked;
    }
    let complication = |c: &str| ("T80".."T89").contains(&&compact(c)[..3]);
    let mut picked: Vec<Recommendation> = picked
        .into_iter()
        .filter(|p| !complication(&p.code))
        .collect();
    let status = if IMPLANT_REMOVED.is_match(text) {
        "Z98.86"
    } else {
        "Z98.82"
    };
    if !picked.iter().any(|p| p.code.starts_with("Z98.8")) {
        let at = picked
            .iter()
            .position(|p| compact(&p.code) == "C847A")
            .map_or(picked.len(), |i| i + 1);
        picked.insert(
            at,
            super::focus::recommendation(
                icd,
                status,
                "the breast implant's status, as the note at C84.7A asks (I.C.2.s)".into(),
            ),
        );
    }
    picked
}

/// "implants were removed", "s/p explant": the implant is gone.
static IMPLANT_REMOVED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:implants?|prosthes[ie]s)\s+(?:was|were|had been|have been|has been)\s+(?:removed|explanted|taken out)\b|\b(?:s/p|status post|after|following|since)\s+(?:\w+\s+){0,2}?(?:explant\w*|implant removal|removal of (?:the |her |his )?(?:\w+\s+)?implants?)\b").unwrap()
});

/// One lesion the question says spans sites: "straddling", "overlapping", "extending across".
static ACROSS_SITES: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:straddl\w*|overlap\w*|span\w*|bridg\w*|extend\w* (?:\w+ ){0,2}?(?:across|into|over|onto|from)|crossing|contiguous(?:ly)?)\b")
        .expect("a cue")
});

/// A single neoplasm over contiguous sites is the category's overlapping-lesion code, not one
/// code per site (I.C.2, "Primary malignant neoplasms overlapping site boundaries"): C50.811
/// for one right breast mass across the upper-inner and upper-outer quadrants, without
/// C50.211 and C50.411.
pub(super) fn one_code_for_a_lesion_across_sites(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !ACROSS_SITES.is_match(text) {
        return picked;
    }
    let picked = overlapping_in_place_of_its_sites(icd, picked);
    let overlapping: Vec<String> = picked
        .iter()
        .map(|r| compact(&r.code))
        .filter(|c| {
            icd.title(c)
                .is_some_and(|t| t.to_lowercase().contains("overlapping"))
        })
        .collect();
    if overlapping.is_empty() {
        return picked;
    }
    // The sites it overlaps: the same category and, where the code has one, the same side.
    let spanned = |c: &str| {
        overlapping.iter().any(|o| {
            o != c
                && o.get(..3) == c.get(..3)
                && (o.len() < 6 || c.len() != o.len() || o.ends_with(&c[c.len() - 1..]))
        })
    };
    picked
        .into_iter()
        .filter(|r| !spanned(&compact(&r.code)))
        .collect()
}

/// Two sites of one category's malignancy and no overlapping-lesion code yet (C67.1 dome and
/// C67.2 lateral wall for one tumour extending from the one onto the other): the category's
/// overlapping-lesion line takes the first site's place (C67.8).
fn overlapping_in_place_of_its_sites(
    icd: &Icd10Cm,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    // Of a sided category, the line of the same sex and side (C50.212 → C50.812).
    let overlapping_of = |c: &str| {
        icd.billable_below(c.get(..3)?).into_iter().find(|b| {
            icd.title(b)
                .is_some_and(|t| t.to_lowercase().contains("overlapping"))
                && b.len() == c.len()
                && b.get(4..) == c.get(4..)
        })
    };
    let codes: Vec<String> = picked.iter().map(|r| compact(&r.code)).collect();
    let pair = codes.iter().enumerate().find_map(|(at, c)| {
        let o = overlapping_of(c)?;
        let sites = codes
            .iter()
            .filter(|d| d[..3] == c[..3] && **d != o && !icd.says_unspecified(d))
            .count();
        (c.starts_with('C') && sites >= 2 && !codes.contains(&o)).then_some((at, o))
    });
    if let Some((at, o)) = pair {
        picked[at] = line_instead(
            icd,
            &o,
            "one malignancy over contiguous sites of its category is its overlapping-lesion code (I.C.2)".into(),
        )
        .0;
    }
    picked
}
