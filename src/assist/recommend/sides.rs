//! Sides and sites (I.B.13): each code on the side said with it, bilateral codes, each eye, lid
//! and site its own code.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::gives_way::printed_words;
use super::{named, recode, sibling_titled};
use crate::assist::entries::Entry;
use crate::assist::icd10cm::{compact, dotted, Icd10Cm};
use crate::assist::suggest::{Index, Query};
use crate::domain::Recommendation;

/// The question names both lids of an eye: "the left upper lid and ... the left lower lid".
static UPPER_LID: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bupper (?:eye)?lids?\b").expect("a cue"));
static LOWER_LID: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\blower (?:eye)?lids?\b").expect("a cue"));

/// An Index entry whose last subterm is a site ("Hyperhidrosis, focal, primary, palms"), where
/// the question names another site the same entry lists ("axilla") and its line is a sibling
/// of the answer's: each site is coded (I.A.12: a code for each site where no line names them
/// together).
pub(super) fn each_site_its_entry_names(
    icd: &Icd10Cm,
    entries: &[Entry],
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let above_last = |path: &str| {
        path.split('→')
            .next()
            .unwrap_or_default()
            .trim()
            .rsplit_once(',')
            .map(|(above, _)| above.trim().to_lowercase())
    };
    let mut out: Vec<Recommendation> = Vec::new();
    for r in picked {
        let c = compact(&r.code);
        let own = entries.iter().find(|e| e.literal && e.code == c);
        let others: Vec<&Entry> = own
            .and_then(|own| {
                let above = above_last(&own.path)?;
                let parent = c.get(..c.len().checked_sub(1)?)?;
                // A site axis: the titles differ only after their last comma ("Primary focal
                // hyperhidrosis, palms" and ", axilla"), not in what the condition is.
                let head = |code: &str| {
                    icd.title(code)
                        .and_then(|t| t.rsplit_once(", ").map(|(head, _)| head.to_owned()))
                };
                let own_head = head(&c)?;
                // A degree, stage, type or grade is no site ("Atrioventricular block, first
                // degree" beside ", second degree").
                let graded = |code: &str| {
                    icd.title(code).is_some_and(|t| {
                        let tail = t.rsplit(", ").next().unwrap_or_default().to_lowercase();
                        tail.chars().any(|ch| ch.is_ascii_digit())
                            || tail.split(' ').any(|w| {
                                [
                                    "degree", "stage", "type", "grade", "class", "first", "second",
                                    "third",
                                ]
                                .contains(&w)
                            })
                    })
                };
                if graded(&c) {
                    return None;
                }
                Some(
                    entries
                        .iter()
                        .filter(|o| {
                            o.literal
                                && o.code != c
                                && o.words == own.words
                                && o.code.starts_with(parent)
                                && o.code.len() == c.len()
                                && !icd.says_unspecified(&o.code)
                                && above_last(&o.path).as_deref() == Some(above.as_str())
                                && head(&o.code).as_deref() == Some(own_head.as_str())
                        })
                        .collect(),
                )
            })
            .unwrap_or_default();
        let from = r.from.clone();
        out.push(r);
        for o in others {
            if !out.iter().any(|p| compact(&p.code) == o.code) {
                let mut site = o.recommendation(icd, String::new());
                site.why = "the question names this site too, which the same Index entry lists: each site is coded (I.B.1)".into();
                site.from = from.clone();
                out.push(site);
            }
        }
    }
    out
}

/// A glaucoma the record stages eye by eye: each eye's code with its own stage when the stages
/// differ and the subcategory has a line per eye, the bilateral line when they are the same
/// (I.C.7.a.2, I.C.7.a.3). Stages are the 7th character: 1 mild, 2 moderate, 3 severe,
/// 4 indeterminate.
pub(super) fn glaucoma_by_eye_and_stage(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !picked.iter().any(|r| r.code.starts_with("H40")) {
        return picked;
    }
    let (Some(right), Some(left)) = (eye_stage(text, "right"), eye_stage(text, "left")) else {
        return picked;
    };
    let mut out: Vec<Recommendation> = Vec::new();
    for r in picked {
        let c = compact(&r.code);
        let sided =
            c.starts_with("H40") && c.len() == 7 && matches!(c.as_bytes()[5], b'1'..=b'3' | b'9');
        if !sided {
            out.push(r);
            continue;
        }
        let line = |eye: char, stage: char| format!("{}{eye}{stage}", &c[..5]);
        let lines = if right == left {
            vec![line('3', right)]
        } else {
            vec![line('1', right), line('2', left)]
        };
        if !lines.iter().all(|l| icd.is_billable(l)) {
            out.push(r);
            continue;
        }
        for l in lines {
            if out.iter().any(|o| compact(&o.code) == l) {
                continue;
            }
            let why = if right == left {
                "both eyes have the same type and stage: the bilateral line with that stage"
            } else {
                "each eye is staged apart: a code for each eye with its own stage"
            };
            let mut by_eye = named(icd, &l);
            by_eye.why = format!("instead of {}: {why} (I.C.7.a.2, I.C.7.a.3)", r.code);
            by_eye.from = r.from.clone();
            out.push(by_eye);
        }
    }
    out
}

/// The glaucoma stage the text gives one eye ("the right eye as moderate", "OS mild", "severe
/// in the left eye"), as the 7th character.
fn eye_stage(text: &str, side: &str) -> Option<char> {
    let (after, before) = if side == "right" {
        (&*RIGHT_EYE_THEN_STAGE, &*STAGE_THEN_RIGHT_EYE)
    } else {
        (&*LEFT_EYE_THEN_STAGE, &*STAGE_THEN_LEFT_EYE)
    };
    let word = after
        .captures(text)
        .or_else(|| before.captures(text))?
        .get(1)?
        .as_str()
        .to_lowercase();
    Some(match word.as_str() {
        "mild" => '1',
        "moderate" => '2',
        "severe" | "advanced" => '3',
        _ => '4',
    })
}

fn eye_then_stage(eye: &str) -> Regex {
    super::text::regex(&format!(
        r"(?i)\b{eye}\W+(?:(?:is|as|at|was|stage[ds]?|with)\W+){{0,3}}(mild|moderate|severe|advanced|indeterminate)\b"
    ))
    .expect("a cue")
}

fn stage_then_eye(eye: &str) -> Regex {
    super::text::regex(&format!(
        r"(?i)\b(mild|moderate|severe|advanced|indeterminate)\W+(?:stage\W+)?(?:in|of|for)\W+(?:the\W+)?{eye}\b"
    ))
    .expect("a cue")
}

static RIGHT_EYE_THEN_STAGE: LazyLock<Regex> =
    LazyLock::new(|| eye_then_stage("(?:right eye|right|OD)"));
static LEFT_EYE_THEN_STAGE: LazyLock<Regex> =
    LazyLock::new(|| eye_then_stage("(?:left eye|left|OS)"));
static STAGE_THEN_RIGHT_EYE: LazyLock<Regex> =
    LazyLock::new(|| stage_then_eye("(?:right eye|right|OD)"));
static STAGE_THEN_LEFT_EYE: LazyLock<Regex> =
    LazyLock::new(|| stage_then_eye("(?:left eye|left|OS)"));

/// A condition of both lids of one eye is coded for each lid where the category has a line for
/// each and none for both (I.B.2): H00.014 left upper eyelid with H00.015 left lower eyelid, in
/// place of one lid's code or the unspecified lid's.
pub(super) fn each_eyelid_named(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !UPPER_LID.is_match(text) || !LOWER_LID.is_match(text) {
        return picked;
    }
    let mut out: Vec<Recommendation> = Vec::new();
    for r in picked {
        let c = compact(&r.code);
        let title = icd.title(&c).unwrap_or_default();
        let lid = ["upper eyelid", "lower eyelid", "unspecified eyelid"]
            .into_iter()
            .find(|l| title.contains(l));
        let lines: Option<Vec<String>> = lid.and_then(|lid| {
            ["upper eyelid", "lower eyelid"]
                .iter()
                .map(|want| sibling_titled(icd, &c, &title.replace(lid, want)))
                .collect()
        });
        match lines {
            Some(lines) => {
                let relation = if lines.contains(&c) {
                    "beside"
                } else {
                    "instead of"
                };
                for line in lines {
                    if out.iter().any(|o| compact(&o.code) == line) {
                        continue;
                    }
                    if line == c {
                        out.push(r.clone());
                        continue;
                    }
                    let mut each = named(icd, &line);
                    each.why = format!(
                        "{relation} {}: the question names both lids, and the category has a line for each (I.B.2)",
                        r.code
                    );
                    out.push(each);
                }
            }
            None => out.push(r),
        }
    }
    out
}

/// Hemiplegia and monoplegia (G81, G83.1-G83.3) are coded by the side affected and whether it
/// is the dominant one; where the record does not say which hand is dominant, the right side
/// is dominant and the left nondominant (I.C.6.a): G81.10 for a left hemiparesis → G81.14.
pub(super) fn hemiplegia_by_side_and_dominance(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let Some(side) = super::text::deficit_side(text) else {
        return picked;
    };
    let wanted = super::text::sided_title(side);
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        if !(c.starts_with("G81") || ["G831", "G832", "G833"].iter().any(|g| c.starts_with(g))) {
            continue;
        }
        let says = |code: &str| {
            icd.title(code)
                .is_some_and(|t| super::text::ends_with_side(&t, &wanted))
        };
        if c.len() < 4 || says(&c) {
            continue;
        }
        if let Some(right) = icd.billable_below(&c[..4]).into_iter().find(|b| says(b)) {
            let why = format!(
                "instead of {}: the {} side is affected, {} (I.C.6.a: where the record does not say, the right side is dominant and the left nondominant)",
                r.code,
                side.0,
                if side.1 { "the dominant side" } else { "the nondominant side" }
            );
            recode(icd, r, &right, why);
        }
    }
    picked
}

/// A glaucoma stage the question gives: "mild stage", "moderate glaucoma", "restaged as
/// severe".
static GLAUCOMA_STAGE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(mild|moderate|severe|indeterminate)\b").expect("a glaucoma stage")
});

/// A glaucoma's 7th character is the highest stage the question documents, one evolving
/// during a stay included (I.C.7.a.4), indeterminate only where none is (I.C.7.a.5). Both eyes,
/// whose stages may differ (I.C.7.a.3), are left alone.
pub(super) fn the_highest_glaucoma_stage(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let glaucomas = picked.iter().filter(|r| r.code.starts_with("H40")).count();
    if glaucomas != 1 {
        return picked;
    }
    let stage = text
        .split(['.', ';', '\n'])
        .filter(|s| {
            let s = s.to_lowercase();
            s.contains("glaucoma") || s.contains("stage")
        })
        .flat_map(|s| GLAUCOMA_STAGE.captures_iter(s))
        .map(|c| match c[1].to_lowercase().as_str() {
            "mild" => '1',
            "moderate" => '2',
            "severe" => '3',
            _ => '4',
        })
        .min_by_key(|stage| match stage {
            '3' => 0,
            '2' => 1,
            '1' => 2,
            _ => 3,
        });
    let Some(stage) = stage else {
        return picked;
    };
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        let one_eye = !r.title.to_lowercase().contains("bilateral");
        let staged = c.starts_with("H40")
            && c.len() == 7
            && c.ends_with(['0', '1', '2', '3', '4'])
            && one_eye;
        let highest = format!("{}{stage}", &c[..6.min(c.len())]);
        if staged && highest != c && icd.is_billable(&highest) {
            let why = format!(
                "instead of {}: the highest glaucoma stage the question documents (I.C.7.a.4)",
                r.code
            );
            recode(icd, r, &highest, why);
        }
    }
    picked
}

/// Where a question names both sides, a code on a side no clause says it on takes the side of
/// the clause that says most of its condition (I.B.13): "cellulitis of the left leg" and
/// "glaucoma of the right eye" are L03.116 and H40.2211, whatever side came first.
pub(super) fn each_code_on_the_side_said_with_it(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let sided: Vec<(&str, Option<&'static str>)> = text
        .split(['.', ';', '!', '?', '\n', ','])
        .map(|c| (c, super::text::side(c)))
        .collect();
    let named = |side: &str| sided.iter().any(|(_, s)| *s == Some(side));
    if !(named("right") && named("left")) {
        return picked;
    }
    let clauses: Vec<(HashSet<String>, Option<&'static str>)> = sided
        .into_iter()
        .map(|(c, side)| (super::text::plain_terms(c).into_iter().collect(), side))
        .collect();
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        let title = icd.title(&c).unwrap_or_default();
        let Some((own, other)) = [("right", "left"), ("left", "right")]
            .into_iter()
            .find(|(side, _)| printed_words(icd, &c).contains(*side))
        else {
            continue;
        };
        let condition: Vec<String> = super::text::title_terms(&title)
            .into_iter()
            .filter(|w| !w.contains(':') && !["right", "left"].contains(&w.as_str()))
            .collect();
        let said =
            |terms: &HashSet<String>| condition.iter().filter(|w| terms.contains(*w)).count();
        // A clause on the code's own side that says any of it keeps it there: the site may
        // be in other words ("thigh" for "lower limb").
        // Words alike by their first three letters count here ("nevus" for "nevi").
        let alike = |terms: &HashSet<String>| {
            condition.iter().any(|w| {
                terms
                    .iter()
                    .any(|t| w.get(..3).is_some_and(|p| t.get(..3) == Some(p)))
            })
        };
        let kept = clauses
            .iter()
            .any(|(terms, side)| *side == Some(own) && alike(terms));
        let Some((_, side)) = clauses
            .iter()
            .filter(|(terms, _)| said(terms) > 0)
            .max_by_key(|(terms, _)| said(terms))
        else {
            continue;
        };
        if kept || *side != Some(other) {
            continue;
        }
        let mirrored = title.replace(own, other);
        let sibling = icd
            .billable_below(&c[..3])
            .into_iter()
            .find(|b| b.len() == c.len() && icd.title(b).is_some_and(|t| t == mirrored));
        if let Some(sibling) = sibling {
            let why = format!(
                "instead of {}: the question says {other} where it names this condition (I.B.13)",
                r.code
            );
            recode(icd, r, &sibling, why);
        }
    }
    picked
}

/// A condition of both sides coded as a right and a left code where the code set has one for
/// both (I.B.13: "when a bilateral code is provided and the condition is bilateral, assign the
/// appropriate bilateral code"): M17.11 and M17.12 are M17.0.
pub(super) fn one_bilateral_code(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let picked = bilateral_while_both_exist(icd, text, picked);
    if super::text::side(text) != Some("bilateral") {
        return picked;
    }
    let codes: Vec<String> = picked.iter().map(|r| compact(&r.code)).collect();
    let mut out = picked;
    for right in codes.iter().filter(|c| sided(icd, c, "right")) {
        let same = |o: &String| {
            o[..3] == right[..3]
                && condition_apart_from_side(icd, o) == condition_apart_from_side(icd, right)
        };
        let Some(left) = codes.iter().find(|l| sided(icd, l, "left") && same(l)) else {
            continue;
        };
        let both = icd
            .billable_below(&right[..3])
            .into_iter()
            .find(|b| sided(icd, b, "bilateral") && same(b));
        let (Some(both), Some(at)) = (both, out.iter().position(|r| compact(&r.code) == *right))
        else {
            continue;
        };
        let why = format!(
            "instead of {} and {}: the condition is bilateral and the code set has a code for both sides (I.B.13)",
            dotted(right),
            dotted(left)
        );
        recode(icd, &mut out[at], &both, why);
        out.retain(|r| compact(&r.code) != *left);
    }
    out
}

/// One side coded for a condition a sentence says is on both sides: the bilateral code, also
/// at the encounter that treats the first side (I.B.13).
fn bilateral_while_both_exist(
    icd: &Icd10Cm,
    text: &str,
    mut out: Vec<Recommendation>,
) -> Vec<Recommendation> {
    // A text that nowhere says both sides has no sentence that does.
    if super::text::side(text) != Some("bilateral") {
        return out;
    }
    for r in out.iter_mut() {
        let c = compact(&r.code);
        if !(sided(icd, &c, "right") || sided(icd, &c, "left")) || c.len() < 4 {
            continue;
        }
        let condition = condition_apart_from_side(icd, &c);
        let both = icd
            .billable_below(&c[..c.len() - 1])
            .into_iter()
            .find(|b| sided(icd, b, "bilateral") && condition_apart_from_side(icd, b) == condition);
        let on_both_sides = text.split(['.', ';', '\n']).any(|sentence| {
            let said = Query::new(sentence);
            super::text::side(sentence) == Some("bilateral")
                && condition.iter().filter(|t| said.has(t)).count() * 2 >= condition.len()
        });
        if let Some(both) = both.filter(|_| on_both_sides) {
            let why = format!(
                "instead of {}: the condition is on both sides, and the bilateral code stays while both exist, also when one side is treated (I.B.13)",
                r.code
            );
            recode(icd, r, &both, why);
        }
    }
    out.dedup_by(|a, b| a.code == b.code);
    out
}

/// The code of the same line for the side the question names, where the code's title leaves
/// the side unspecified ("... of unspecified hand, subsequent encounter" → "of right hand").
pub(super) fn on_side(icd: &Icd10Cm, code: &str, side: &str) -> String {
    let title = icd.title(code).unwrap_or_default();
    if !title.contains("unspecified") || code.len() < 5 {
        return code.to_owned();
    }
    let wanted = title.replacen("unspecified", side, 1);
    icd.billable_below(&code[..4])
        .into_iter()
        .find(|b| b.len() == code.len() && icd.title(b).is_some_and(|t| t == wanted))
        .unwrap_or_else(|| code.to_owned())
}

fn sided(icd: &Icd10Cm, code: &str, side: &str) -> bool {
    icd.title(code)
        .is_some_and(|t| t.to_lowercase().contains(side))
}

/// The stems of the words a title names its side by.
pub(super) const SIDE_STEMS: &[&str] = &["right", "left", "bilater", "unilater"];

/// A title's terms without the side it names.
fn condition_apart_from_side(icd: &Icd10Cm, code: &str) -> Vec<String> {
    let mut terms = super::ground::title_terms_of(icd, code);
    terms.retain(|t| !SIDE_STEMS.iter().any(|s| t.starts_with(s)));
    terms.sort();
    terms
}

/// A bilateral condition whose subcategory has right and left codes but no bilateral one is
/// coded for each side (I.B.13): an unspecified-side code (L03.119) for "both lower legs"
/// becomes the right and the left code of the site the question's words name best (L03.115,
/// L03.116). Where the category has a bilateral code for the same condition elsewhere
/// (M18.0 "Bilateral primary osteoarthritis of first carpometacarpal joints" for M18.10), that
/// code is reported, and the one-sided codes of the category with it.
pub(super) fn both_sides(
    icd: &Icd10Cm,
    search: &Index,
    q: &Query,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if super::text::side(text) != Some("bilateral") {
        return picked;
    }
    let title = |b: &str| icd.title(b).unwrap_or_default().to_lowercase();
    let mut out: Vec<Recommendation> = Vec::new();
    let push = |out: &mut Vec<Recommendation>, r: Recommendation| {
        if !out.iter().any(|o| compact(&o.code) == compact(&r.code)) {
            out.push(r);
        }
    };
    let mut bilateral_categories: Vec<String> = Vec::new();
    // The sentences that say both sides, by their terms: a one-sided code of a condition one
    // of them names is that condition on one side of two.
    let bilateral_sentences: Vec<Vec<String>> = text
        .split(['.', ';', '\n'])
        .filter(|s| super::text::side(s) == Some("bilateral"))
        .map(super::text::title_terms)
        .collect();
    let picked_codes: Vec<String> = picked.iter().map(|r| compact(&r.code)).collect();
    for r in picked {
        let c = compact(&r.code);
        if c.len() < 5 {
            push(&mut out, r);
            continue;
        }
        // A condition whose own clauses give it one side ("right-sided tinnitus" beside
        // "bilateral presbycusis") is on that side only.
        let head = title(&c).split(',').next().unwrap_or_default().to_owned();
        if matches!(
            super::text::side_of(text, &super::ground::concepts(&head)),
            Some("right" | "left")
        ) {
            push(&mut out, r);
            continue;
        }
        if let Some(bilateral) = bilateral_sibling(icd, &c, &bilateral_sentences, &picked_codes) {
            let why = "the condition is bilateral and its subcategory has a code for both sides";
            push(&mut out, instead(icd, &r, &bilateral, why));
            continue;
        }
        if !title(&c).contains("unspecified") {
            let other = other_side_too(icd, &c, &bilateral_sentences);
            push(&mut out, r.clone());
            if let Some(other) = other {
                let why = "the condition is bilateral and there is no bilateral code, so each side is coded";
                push(&mut out, instead(icd, &r, &other, why));
            }
            continue;
        }
        let below = icd.billable_below(&c[..c.len() - 1]);
        let best = |side: &str| {
            below
                .iter()
                .filter(|b| title(b).contains(side))
                .max_by(|a, b| search.score(a, q).total_cmp(&search.score(b, q)))
                .cloned()
        };
        let has_bilateral = below.iter().any(|b| title(b).contains("bilateral"));
        if let Some(bilateral) = (!has_bilateral)
            .then(|| bilateral_elsewhere(icd, &c))
            .flatten()
        {
            bilateral_categories.push(c[..3].to_owned());
            let why = "the condition is bilateral and its category has a code for both sides";
            push(&mut out, instead(icd, &r, &bilateral, why));
            continue;
        }
        match (has_bilateral, best("right"), best("left")) {
            (false, Some(right), Some(left)) => {
                for side in [right, left] {
                    let why = "the condition is bilateral and there is no bilateral code, so each side is coded";
                    push(&mut out, instead(icd, &r, &side, why));
                }
            }
            _ => push(&mut out, r),
        }
    }
    let one_sided = |r: &Recommendation| {
        let c = compact(&r.code);
        let t = title(&c);
        bilateral_categories.contains(&c[..3].to_owned())
            && !t.contains("bilateral")
            && (t.contains("right") || t.contains("left"))
    };
    out.retain(|r| !one_sided(r));
    out
}

/// The other side's code of a one-sided code (H02.831 right upper eyelid → H02.834 left upper)
/// where a sentence that says both sides names its condition and its subcategory has no
/// bilateral code (I.B.13).
/// A one-sided code (M92.521 "right leg") of a condition a sentence says is on both sides, or
/// beside its other side's code (M92.522) in a question that says both, whose subcategory has
/// a bilateral line (M92.523): that line, for both (I.B.13).
fn bilateral_sibling(
    icd: &Icd10Cm,
    code: &str,
    bilateral_sentences: &[Vec<String>],
    picked: &[String],
) -> Option<String> {
    let title = icd.title(code)?.to_lowercase();
    if !(title.contains("right") || title.contains("left")) || title.contains("bilateral") {
        return None;
    }
    let siblings = icd.billable_below(&code[..code.len() - 1]);
    let mirror = mirror_title(&title)?;
    let mirror_picked = siblings
        .iter()
        .any(|b| picked.contains(b) && icd.title(b).is_some_and(|t| t.to_lowercase() == mirror));
    let concepts = super::ground::concepts(&title);
    if !mirror_picked
        && !bilateral_sentences
            .iter()
            .any(|terms| super::text::half_named(&concepts, terms))
    {
        return None;
    }
    let mut bilateral = siblings.into_iter().filter(|b| {
        icd.title(b)
            .is_some_and(|t| t.to_lowercase().contains("bilateral"))
    });
    match (bilateral.next(), bilateral.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// A one-sided title with its other side ("..., right leg" → "..., left leg").
fn mirror_title(title: &str) -> Option<String> {
    if title.contains("right") {
        Some(title.replace("right", "left"))
    } else if title.contains("left") {
        Some(title.replace("left", "right"))
    } else {
        None
    }
}

fn other_side_too(
    icd: &Icd10Cm,
    code: &str,
    bilateral_sentences: &[Vec<String>],
) -> Option<String> {
    let title = icd.title(code)?.to_lowercase();
    let mirror = mirror_title(&title)?;
    let concepts = super::ground::concepts(&title);
    if !bilateral_sentences
        .iter()
        .any(|terms| super::text::half_named(&concepts, terms))
    {
        return None;
    }
    let siblings = icd.billable_below(&code[..code.len() - 1]);
    if siblings.iter().any(|b| {
        icd.title(b)
            .is_some_and(|t| t.to_lowercase().contains("bilateral"))
    }) {
        return None;
    }
    siblings
        .into_iter()
        .find(|b| icd.title(b).is_some_and(|t| t.to_lowercase() == mirror))
}

/// `code` reported in place of `r` for a reason of laterality (I.B.13), from the same message.
fn instead(icd: &Icd10Cm, r: &Recommendation, code: &str, why: &str) -> Recommendation {
    let mut by_side = named(icd, code);
    by_side.why = format!("instead of {}: {why} (I.B.13)", r.code);
    by_side.from = r.from.clone();
    by_side
}

/// The category's bilateral code for what an unspecified-side code says: nothing the
/// unspecified code does not say, once the side's words are set aside ("unspecified hand").
fn bilateral_elsewhere(icd: &Icd10Cm, unspecified: &str) -> Option<String> {
    const SIDE_WORDS: &[&str] = &[
        "unilateral",
        "bilateral",
        "unspecified",
        "right",
        "left",
        "side",
    ];
    let words = |c: &str| -> Vec<String> {
        super::ground::concepts(&icd.title(c).unwrap_or_default())
            .into_iter()
            .filter(|w| !SIDE_WORDS.iter().any(|s| super::text::stem(s) == *w))
            .collect()
    };
    let own = words(unspecified);
    if own.is_empty() {
        return None;
    }
    let mut found = icd
        .billable_below(&unspecified[..3])
        .into_iter()
        .filter(|b| {
            let t = icd.title(b).unwrap_or_default().to_lowercase();
            t.contains("bilateral") && {
                let theirs = words(b);
                theirs.len() >= 2 && theirs.iter().all(|w| own.contains(w))
            }
        });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}
