//! Injuries, fractures, burns and poisonings (Chapter 19) and their external causes (Chapter 20).

use std::sync::LazyLock;

use regex::Regex;

use super::sides::on_side;
use super::{is_external_cause, is_injury, named, recode, sibling_titled, Answering};
use crate::assist::entries;
use crate::assist::icd10cm::{compact, dotted, Icd10Cm};
use crate::assist::lookup;
use crate::assist::suggest::Index;
use crate::domain::{CodeSystem, Recommendation};

/// A hurricane, flood or other cataclysm (X34-X39) is coded for the injuries, poisonings and
/// adverse effects it caused, not for the medical conditions its victims are seen for
/// (I.B.19.a): with no S or T code in the answer, it goes.
pub(super) fn no_cataclysm_without_its_injury(
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !picked
        .iter()
        .any(|p| compact(&p.code).starts_with(['S', 'T']))
    {
        picked.retain(|p| !("X34".."X40").contains(&compact(&p.code).get(..3).unwrap_or_default()));
    }
    picked
}

static ABUSE_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:abuse\w*|neglect\w*|maltreat\w*|battered|nat)\b").expect("a cue")
});

/// A perpetrator code (Y07) goes with confirmed abuse, neglect or maltreatment (T74.-), not
/// with an assault the record calls no abuse ("punched by an acquaintance in a bar fight"):
/// I.C.19.f and I.C.20.g.
pub(super) fn a_perpetrator_only_of_abuse(
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let confirmed = picked.iter().any(|p| compact(&p.code).starts_with("T74"));
    if confirmed || ABUSE_NAMED.is_match(text) {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| !compact(&p.code).starts_with("Y07"))
        .collect()
}

/// A loss of consciousness and how long it lasted ("LOC of about 20 minutes", "loss of
/// consciousness < 30 min", "LOC for 2 hours", "brief LOC").
static LOSS_OF_CONSCIOUSNESS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:loc|loss of consciousness|lost consciousness|unconscious|knocked out)\b[^.;]{0,40}?(?:(?P<under30>(?:less than|under|<)\s*30\s*min\w*)|(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>sec\w*|s\b|min\w*|h\b|hr\w*|hours?))|\b(?P<brief>brief|momentary|transient|few seconds)\b[^.;]{0,15}\b(?:loc|loss of consciousness)\b")
        .expect("a cue")
});

/// The 6th character of an intracranial injury (S06) the duration of the loss of
/// consciousness the question documents gives: 1 for 30 minutes or less, 2 for 31 to 59, 3
/// for 1 to 5 hours 59 minutes, 4 for 6 to 24 hours (the Tabular's subclassification, to the
/// level of detail documented: I.A.9.b).
pub(super) fn loss_of_consciousness_as_documented(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let Some(caps) = LOSS_OF_CONSCIOUSNESS.captures(text) else {
        return picked;
    };
    let minutes = match (caps.name("n"), caps.name("unit")) {
        _ if caps.name("under30").is_some() || caps.name("brief").is_some() => 1.0,
        (Some(n), Some(unit)) => {
            let n: f64 = n.as_str().parse().unwrap_or(0.0);
            match unit.as_str().to_lowercase().chars().next() {
                Some('s') => n / 60.0,
                Some('h') => n * 60.0,
                _ => n,
            }
        }
        _ => return picked,
    };
    let sixth = match minutes {
        m if m <= 30.0 => '1',
        m if m < 60.0 => '2',
        m if m < 360.0 => '3',
        m if m <= 1440.0 => '4',
        _ => return picked,
    };
    for r in picked.iter_mut() {
        let code = compact(&r.code);
        if !code.starts_with("S06") || code.len() != 7 || !matches!(code.as_bytes()[5], b'0' | b'9')
        {
            continue;
        }
        let documented = format!("{}{sixth}{}", &code[..5], &code[6..]);
        if icd.is_billable(&documented) {
            let why = format!(
                "with the loss of consciousness for the duration the question documents: {}",
                r.why
            );
            recode(icd, r, &documented, why);
        }
    }
    picked
}

/// The injury is treated in this encounter: an admission or an emergency visit, or the
/// fixation, reduction or repair itself.
static ACTIVE_TREATMENT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:inpatient|admitted|admission|ED|ER|emergency (?:department|room)|ORIF|open reduction|closed reduction|internal fixation|fixed with|intramedullary nail\w*|IM nail\w*|hemiarthroplasty)\b")
        .expect("a cue")
});

/// An initial encounter's 7th character: A, or B and C for an open fracture's (I.C.19.a).
pub(super) fn is_initial(seventh: char) -> bool {
    matches!(seventh, 'A' | 'B' | 'C')
}

/// An injury's 7th character D the coder wrote for a stay that treats it is A (I.C.19.a: active
/// treatment, surgical treatment, an emergency visit), when nothing in the question says this
/// is a later visit of the healing phase. A sequela (S) is another condition's story.
pub(super) fn an_injury_treated_in_this_stay_is_initial(
    icd: &Icd10Cm,
    text: &str,
    encounter: char,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if encounter != 'A' || !ACTIVE_TREATMENT.is_match(text) {
        return picked;
    }
    for r in picked.iter_mut() {
        let code = compact(&r.code);
        if is_injury(&code) && code.len() == 7 && code.ends_with('D') {
            let initial = format!("{}A", &code[..6]);
            if icd.is_billable(&initial) {
                let why = format!(
                    "{} instead of {}: the injury is under active treatment in this encounter (I.C.19.a)",
                    dotted(&initial),
                    r.code
                );
                recode(icd, r, &initial, why);
            }
        }
    }
    picked
}

/// The aftercare of an injury is its code with the 7th character D, not an aftercare Z code
/// (I.C.21.c.7, I.C.19.a): beside a coded injury, the dressing and suture codes (Z48.0-) and
/// other orthopedic aftercare (Z47.89) go.
pub(super) fn no_aftercare_code_for_an_injury(picked: Vec<Recommendation>) -> Vec<Recommendation> {
    let aftercare = |c: &str| c.starts_with("Z480") || c == "Z4789";
    if !picked.iter().any(|p| is_injury(&compact(&p.code))) {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| !aftercare(&compact(&p.code)))
        .collect()
}

/// The injury a suture removal or other aftercare code was written for: the Index entry the
/// question's injury words lead to ("Laceration, hand, right"), at the subsequent encounter
/// (7th character D). An injury code the words found elsewhere (a laceration of the spleen
/// for one of the palm) gives way to it.
pub(super) fn the_injury_under_aftercare(
    a: &Answering,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let aftercare = |p: &Recommendation| {
        let c = compact(&p.code);
        c.starts_with("Z480") || c == "Z4789"
    };
    let written = |p: &Recommendation| a.text.contains(&p.code);
    let injury_written = picked
        .iter()
        .any(|p| is_injury(&compact(&p.code)) && written(p));
    if !picked.iter().any(aftercare) || injury_written {
        return picked;
    }
    // T14 is an injury of no stated region: the question names the region.
    let Some(entry) = a
        .entries
        .iter()
        .filter(|e| e.literal && e.depth >= 1 && is_injury(&e.code) && !e.code.starts_with("T14"))
        .max_by_key(|e| (e.words, std::cmp::Reverse(e.depth)))
    else {
        return picked;
    };
    let subsequent = match entry.code.len() {
        7 => format!("{}D", &entry.code[..6]),
        _ => entry.code.clone(),
    };
    let subsequent = match super::text::side(a.text) {
        Some(side @ ("right" | "left")) => on_side(a.icd, &subsequent, side),
        _ => subsequent,
    };
    if !a.icd.is_billable(&subsequent) {
        return picked;
    }
    let mut kept: Vec<Recommendation> = picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            !is_injury(&c) || written(p) || c[..3] == subsequent[..3]
        })
        .collect();
    if !kept
        .iter()
        .any(|p| compact(&p.code).get(..5) == subsequent.get(..5))
    {
        kept.insert(
            0,
            Recommendation {
                system: CodeSystem::Icd10cm,
                code: dotted(&subsequent),
                title: a.icd.title(&subsequent).unwrap_or_default(),
                why: "the injury's own code at a subsequent encounter (7th character D) reports its aftercare, not an aftercare Z code (I.C.21.c.7, I.C.19.a)".into(),
                evidence: format!(
                    "Index (FY2025): {}; {}",
                    entry.path,
                    a.icd.tabular_evidence(&subsequent)
                ),
                from: None,
            },
        );
    }
    kept
}

/// A superficial injury (S00, S10 ... S90: abrasions, contusions, blisters) is not coded beside
/// a more severe injury of the same site (I.C.19.b.1): the same body region's block (S80-S89)
/// and, where both titles say one, the same side.
pub(super) fn no_superficial_injury_beside_a_worse(
    icd: &Icd10Cm,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let superficial = |c: &str| c.starts_with('S') && c.as_bytes().get(2) == Some(&b'0');
    let side = |c: &str| {
        let title = icd.title(c).unwrap_or_default().to_lowercase();
        ["right", "left"].into_iter().find(|s| title.contains(s))
    };
    let codes: Vec<String> = picked.iter().map(|p| compact(&p.code)).collect();
    let worse_beside = |c: &str| {
        codes.iter().any(|o| {
            o.starts_with('S')
                && !superficial(o)
                && o.get(..2) == c.get(..2)
                && match (side(c), side(o)) {
                    (Some(a), Some(b)) => a == b,
                    _ => true,
                }
        })
    };
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            !(superficial(&c) && worse_beside(&c))
        })
        .collect()
}

/// A poisoning, toxic effect, adverse effect or underdosing code (T36-T65) holds its cause and
/// intent: no external cause code of an accident, self-harm, assault or undetermined intent
/// (V00-Y38) goes beside it where no injury asks for one (I.C.20.a.8). Places, activities,
/// statuses and misadventures of care are read by their own rules.
pub(super) fn no_external_cause_a_drug_code_holds(
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let codes: Vec<String> = picked.iter().map(|p| compact(&p.code)).collect();
    let drug_code = codes
        .iter()
        .any(|c| c.starts_with('T') && ("T36".."T66").contains(&&c[..3]));
    let injury = codes
        .iter()
        .any(|c| c.starts_with('S') || (c.starts_with('T') && !("T36".."T66").contains(&&c[..3])));
    if !drug_code || injury {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            !(c.starts_with(['V', 'W', 'X']) || (c.starts_with('Y') && &c[..3] <= "Y38"))
        })
        .collect()
}

/// A fracture the provider calls pathologic, or one through a tumour, is no injury: the
/// written traumatic fracture code (S) gives way to the pathological fracture of the same bone
/// and side, in neoplastic disease where a neoplasm caused it (M84.5-, I.C.2.l.6), else
/// M84.4- (I.C.13.c). Osteoporotic fractures are left to their own category.
pub(super) fn a_pathologic_fracture_is_no_injury(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let (family, kind, section) = if let Some(m) = PATHOLOGIC.find(text) {
        if OSTEOPOROSIS.is_match(text) {
            return picked;
        }
        if NEOPLASTIC.is_match(m.as_str()) || NEOPLASTIC_CAUSE.is_match(text) {
            ("M845", "pathologic", "I.C.2.l.6")
        } else {
            ("M844", "pathologic", "I.C.13.c")
        }
    } else if stress_fracture(text) {
        ("M843", "a stress fracture", "I.C.13.b")
    } else {
        return picked;
    };
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        let Some(title) = icd.title(&c).map(|t| t.to_lowercase()) else {
            continue;
        };
        if c.len() != 7 || !c.starts_with('S') || !title.contains("fracture") {
            continue;
        }
        let seventh = match c.as_bytes()[6] {
            b'B' | b'C' => 'A',
            ch => ch as char,
        };
        let side = ["right", "left"].into_iter().find(|s| title.contains(s));
        let right = icd.billable_below(family).into_iter().find(|b| {
            let Some(t) = icd.title(b).map(|t| t.to_lowercase()) else {
                return false;
            };
            let bone = t
                .split(", ")
                .nth(1)
                .map(|site| {
                    site.trim_start_matches("right ")
                        .trim_start_matches("left ")
                })
                .is_some_and(|bone| title.contains(bone));
            b.len() == 7
                && b.ends_with(seventh)
                && bone
                && side.is_none_or(|s| t.contains(&format!(", {s} ")))
        });
        if let Some(right) = right {
            let why = format!(
                "instead of {}: the fracture is {kind}, not an injury ({section})",
                r.code
            );
            recode(icd, r, &right, why);
        }
    }
    // The fracture is the one recoded: a word match to some unspecified bone's injury is not.
    let recoded = picked.iter().any(|r| compact(&r.code).starts_with(family));
    picked.retain(|r| {
        let unspecified_injury = icd
            .title(&compact(&r.code))
            .is_some_and(|t| t.contains("fracture") && t.contains("nspecified"));
        !(recoded && r.code.starts_with('S') && unspecified_injury)
    });
    picked
}

static PATHOLOGIC: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bpatholog\w* (?:fx|fractures?)\b[^.;]*|\b(?:fx|fractures?)\b[^.;]{0,30}\b(?:through|due to|from|secondary to)\b[^.;]{0,40}\b(?:met\w*|lesions?|tumou?rs?|neoplasm\w*|cancer|myeloma|cysts?)\b").unwrap()
});
/// A bone that broke under repeated load, not one blow (M84.3-, "Fracture, traumatic,
/// stress, by site"); the vertebra's own stress fracture is M48.4- and left to its entry.
static STRESS_FRACTURE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(no|not|without|r/o|rule out|negative for)?\s*\b(?:a )?(?:stress|fatigue|march) (?:fx|fractures?)\b([^.;]{0,40}\b(?:vertebra|spine|lumbar|thoracic|L\d|T\d{1,2})\b)?").unwrap()
});

fn stress_fracture(text: &str) -> bool {
    let lower = text.to_lowercase();
    if !["stress", "fatigue", "march"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return false;
    }
    STRESS_FRACTURE
        .captures_iter(text)
        .any(|c| c.get(1).is_none() && c.get(2).is_none())
}
static NEOPLASTIC: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:met|mets|metasta\w*|tumou?rs?|neoplas\w*|cancer|ca|carcinoma|malignan\w*|myeloma|lytic)\b").unwrap()
});
static NEOPLASTIC_CAUSE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bpatholog\w* (?:fx|fracture)\w*\s+(?:due to|from|through|secondary to)\s+(?:\w+\s+){0,2}(?:met\w*|tumou?r|neoplasm|cancer|myeloma)").unwrap()
});
static OSTEOPOROSIS: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bosteoporo\w*").unwrap());
/// A fall or strain that would not break a healthy bone.
static FRAGILITY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bfragility\b|\bosteoporotic (?:fx|fracture)|\bfrom (?:a )?standing\b|\bstanding height\b|\bground[- ]level\b|\bsame level\b|\bminor (?:fall|trauma)\b|\blow[- ](?:energy|impact)\b|\btripped\b|\bslipped\b|\bspontaneous\w*|\bwithout (?:trauma|injury)\b|\bno (?:trauma|injury|fall)\b|\bbending\b|\blifting\b|\bcoughing\b").unwrap()
});
/// ... and trauma that would.
static HIGH_ENERGY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:mvc|mva|motor vehicle|car accident|collision|t-boned|rollover|rolled over|ejected|\d+\s*mph|ladder|roof|scaffold\w*|from (?:a )?height|flight of stairs|horse|bicycle|bike|motorcycle|ski\w*|assault\w*|struck by|crush\w*|high[- ](?:energy|speed|impact))\b").unwrap()
});
/// Osteoporosis other than age-related (M80.8).
static OTHER_OSTEOPOROSIS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:drug|steroid|glucocorticoid|disuse|idiopathic|post-?oophorectomy|post-?surgical malabsorption)[- ](?:induced )?osteoporo\w*|\bosteoporo\w* (?:due to|from) (?:steroids?|prednisone|glucocorticoids?|disuse)").unwrap()
});

/// The site character of M80 for a fracture category (S22.0 a thoracic vertebra … S92 the
/// foot): M80 names the region the fracture is in.
fn osteoporotic_site(fracture: &str) -> Option<char> {
    let sub = fracture.get(..4)?;
    Some(match fracture.get(..3)? {
        "S12" => '8',
        "S22" if sub == "S220" => '8',
        "S32" if sub == "S320" => '8',
        "S32" => 'B',
        "S42" if sub <= "S421" => '1',
        "S42" => '2',
        "S52" => '3',
        "S62" => '4',
        "S72" => '5',
        "S82" if ("S825".."S829").contains(&sub) => '7',
        "S82" => '6',
        "S92" => '7',
        _ => return None,
    })
}

/// An osteoporotic fracture the question says has healed, with no current fracture: the
/// osteoporosis is M81 "without current pathological fracture", even with a fracture in the
/// past, and Z87.310 records the healed one (I.C.13.d.1). M80's lines and any injury code for
/// that fracture give way.
pub(super) fn a_healed_osteoporotic_fracture_is_history(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let Some(at) = picked
        .iter()
        .position(|r| compact(&r.code).starts_with("M80"))
    else {
        return picked;
    };
    if !HEALED_FRACTURE.is_match(text) || !NO_CURRENT_FRACTURE.is_match(text) {
        return picked;
    }
    let kind = if compact(&picked[at].code).starts_with("M808") {
        "M818"
    } else {
        "M810"
    };
    let why = format!(
        "instead of {}: the osteoporotic fracture has healed and none is current, so the osteoporosis is coded without a current fracture (I.C.13.d.1)",
        picked[at].code
    );
    let old = picked[at].code.clone();
    recode(icd, &mut picked[at], kind, why);
    // The healed fracture is no injury now either (S32.000A read from "L1 compression
    // fracture").
    picked.retain(|r| {
        let c = compact(&r.code);
        let a_fracture = icd
            .title(&c)
            .is_some_and(|t| t.to_lowercase().contains("fracture"));
        !(c.starts_with("M80") || (c.starts_with('S') && a_fracture))
    });
    picked.dedup_by(|a, b| a.code == b.code);
    if !picked.iter().any(|r| compact(&r.code) == "Z87310") {
        let mut history = named(icd, "Z87310");
        history.why = format!(
            "the healed osteoporotic fracture coded {old} is history: M81's note asks for it (I.C.13.d.1)"
        );
        let after = picked
            .iter()
            .position(|r| compact(&r.code) == kind)
            .map_or(picked.len(), |i| i + 1);
        picked.insert(after, history);
    }
    picked
}

static HEALED_FRACTURE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:fracture|fx)\w*\b[^.;]{0,60}\b(?:has |have |had |is |was |now )?healed\b|\bhealed (?:\w+ ){0,3}(?:fracture|fx)|\b(?:old|prior|previous|remote|history of|h/o) (?:\w+ ){0,3}(?:fracture|fx)").unwrap()
});
static NO_CURRENT_FRACTURE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bno (?:new|current|acute|recent|further) (?:\w+ )?(?:fracture|fx)\w*|\bno fracture\w* (?:now|today|currently)\b|\b(?:has|have|had|is|was|now) healed\b").unwrap()
});

/// A patient with known osteoporosis whose fracture came from a fall or strain that would not
/// break a healthy bone has an osteoporotic fracture (M80, site of the fracture, the same side
/// and encounter), not a traumatic one, and no M81 beside it (I.C.13.d.2).
pub(super) fn an_osteoporotic_fracture(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !OSTEOPOROSIS.is_match(text) || !FRAGILITY.is_match(text) || HIGH_ENERGY.is_match(text) {
        return picked;
    }
    let kind = if OTHER_OSTEOPOROSIS.is_match(text) {
        '8'
    } else {
        '0'
    };
    let mut recoded = false;
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        let title = icd.title(&c).unwrap_or_default().to_lowercase();
        if c.len() != 7 || !title.contains("fracture") {
            continue;
        }
        let Some(site) = osteoporotic_site(&c) else {
            continue;
        };
        let seventh = match c.as_bytes()[6] {
            b'A' | b'B' | b'C' => 'A',
            b'D' | b'E' | b'F' => 'D',
            b'G' | b'H' | b'J' => 'G',
            b'K' | b'M' | b'N' => 'K',
            b'P' | b'Q' | b'R' => 'P',
            _ => 'S',
        };
        let side = if site == '8' {
            'X'
        } else if title.contains("right") {
            '1'
        } else if title.contains("left") {
            '2'
        } else {
            '9'
        };
        let m80 = format!("M80{kind}{site}{side}{seventh}");
        if icd.is_billable(&m80) {
            let why = format!(
                "instead of {}: a fracture from a fall that would not break a healthy bone, in known osteoporosis, is an osteoporotic fracture (I.C.13.d.2)",
                r.code
            );
            recode(icd, r, &m80, why);
            recoded = true;
        }
    }
    if recoded {
        picked.retain(|r| !compact(&r.code).starts_with("M81"));
    }
    picked
}

/// The question calls a condition the residual of an old injury: "post-traumatic
/// osteoarthritis", "sequela of", "late effect of" (post-traumatic stress is a disorder of its
/// own, not a residual).
static RESIDUAL_OF_AN_INJURY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\bpost-?traumatic (\w+)|\bsequela\w*\b|\blate effects?\b|\bresidual (?:of|from)\b",
    )
    .expect("a cue")
});

/// A condition the question calls the residual of an old injury is reported with the injury
/// after it at the 7th character S, and the injury's external cause too (I.B.10, I.C.19.a,
/// I.C.20.i): S82.851D beside post-traumatic osteoarthritis M19.171 is S82.851S.
pub(super) fn sequela_of_an_old_injury(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let residual_named = RESIDUAL_OF_AN_INJURY.captures_iter(text).any(|c| {
        c.get(1)
            .is_none_or(|w| !w.as_str().eq_ignore_ascii_case("stress"))
    });
    let residual_coded = picked
        .iter()
        .any(|r| !r.code.starts_with(['R', 'S', 'T', 'V', 'W', 'X', 'Y', 'Z']));
    if !residual_named || !residual_coded {
        return picked;
    }
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        let of_the_injury = is_injury(&c) || is_external_cause(&c);
        if c.len() != 7 || !of_the_injury || !matches!(c.as_bytes()[6], b'A' | b'D') {
            continue;
        }
        let sequela = format!("{}S", &c[..6]);
        if icd.is_billable(&sequela) {
            let why = format!(
                "instead of {}: the injury caused the residual condition the question reports, 7th character S, after it (I.B.10, I.C.19.a)",
                r.code
            );
            recode(icd, r, &sequela, why);
        }
    }
    picked
}

/// A fracture's later encounter says how it heals when the question does: delayed healing (G),
/// nonunion (K), malunion (P), in place of the written initial or routine 7th character
/// (I.C.19.c.1).
pub(super) fn fracture_healing_as_stated(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let Some(m) = HEALING.captures(text) else {
        return picked;
    };
    let healing = match m[1].to_lowercase().as_str() {
        h if h.starts_with("non") => "nonunion",
        h if h.starts_with("mal") => "malunion",
        _ => "delayed healing",
    };
    let open = OPEN_FRACTURE.is_match(text);
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        let fracture = icd
            .title(&c)
            .is_some_and(|t| t.to_lowercase().contains("fracture"));
        if c.len() != 7 || !fracture || !(c.starts_with('S') || c.starts_with("M8")) {
            continue;
        }
        let right = icd.billable_below(&c[..6]).into_iter().find(|b| {
            icd.title(b).is_some_and(|t| {
                let t = t.to_lowercase();
                t.contains("subsequent encounter")
                    && t.ends_with(&format!("with {healing}"))
                    && (t.contains("open fracture") == open)
            })
        });
        if let Some(right) = right.filter(|b| *b != c) {
            let why = format!(
                "{} for a later encounter whose fracture shows {healing} (I.C.19.c.1): {}",
                dotted(&right),
                r.why
            );
            recode(icd, r, &right, why);
        }
    }
    // The external cause's encounter is the injury's: a later one (I.C.20.a).
    let later = picked.iter().any(|r| {
        let c = compact(&r.code);
        is_injury(&c) && c.len() == 7 && matches!(c.as_bytes()[6], b'G' | b'K' | b'P')
    });
    for r in picked.iter_mut().filter(|_| later) {
        let c = compact(&r.code);
        let subsequent = format!("{}D", &c[..c.len().saturating_sub(1)]);
        if is_external_cause(&c) && c.len() == 7 && c.ends_with('A') && icd.is_billable(&subsequent)
        {
            let why = format!("{}, at the injury's later encounter (I.C.20.a)", r.why);
            recode(icd, r, &subsequent, why);
        }
    }
    picked
}

/// An open fracture, or one the Gustilo classification types ("open distal radius fx",
/// "compound fracture", "Gustilo IIIA"); "open reduction" is the treatment, not the fracture.
static OPEN_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:open|compound)\s+(?:(?:the|a|an|left|right|l|r|distal|proximal|mid|midshaft|shaft|displaced|nondisplaced|comminuted|segmental|oblique|transverse|spiral|bimalleolar|trimalleolar|tib|tibia|tibial|fib|fibula|femur|femoral|radius|radial|ulna|ulnar|humerus|humeral|forearm|ankle|both-bone|bone)\s+){0,4}(?:fx|fractures?)\b|\bgustilo\b")
        .expect("a cue")
});
static CLOSED_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bclosed\s+(?:\w+\s+){0,4}?(?:fx|fractures?)\b").expect("a cue")
});
/// The Gustilo type the question gives: I, II or III (A, B, C).
static GUSTILO: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bgustilo(?:[- ]anderson)?\s*(?:type\s*|grade\s*|class\s*)?(?P<t>iii[abc]?|3[abc]?|ii|i|1|2)\b|\b(?:type|grade)\s*(?P<u>iii[abc]?|3[abc]?|ii|i|1|2)\s+open\b")
        .expect("a cue")
});

const CLOSED_LINE: &str = "closed fracture";
const TYPE_I_OR_II: &str = "open fracture type I or II";
const TYPE_III: &str = "open fracture type IIIA, IIIB, or IIIC";

/// A fracture the question calls open is coded open, with the 7th character of its Gustilo
/// type: type III is its own character; an open fracture whose type is not given is type I or
/// II (I.C.19.c.1). A question that names a closed fracture too is left as written.
pub(super) fn open_fracture_as_documented(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !OPEN_NAMED.is_match(text) || CLOSED_NAMED.is_match(text) {
        return picked;
    }
    let types: Vec<bool> = GUSTILO
        .captures_iter(text)
        .filter_map(|c| c.name("t").or(c.name("u")))
        .map(|t| {
            let t = t.as_str().to_ascii_lowercase();
            t.starts_with("iii") || t.starts_with('3')
        })
        .collect();
    let type_iii = match (types.contains(&true), types.contains(&false)) {
        (true, false) => true,
        (false, _) => false,
        (true, true) => return picked,
    };
    let wanted_line = if type_iii { TYPE_III } else { TYPE_I_OR_II };
    for r in picked.iter_mut() {
        let code = compact(&r.code);
        if code.len() != 7 || !code.starts_with('S') {
            continue;
        }
        let title = icd.title(&code).unwrap_or_default();
        let Some(line) = [CLOSED_LINE, TYPE_I_OR_II, TYPE_III]
            .into_iter()
            .find(|l| title.contains(l))
        else {
            continue;
        };
        if line == wanted_line {
            continue;
        }
        // Fractures without Gustilo types (the skull's, the hand's) have one open character.
        let open = sibling_titled(icd, &code, &title.replace(line, wanted_line)).or_else(|| {
            (line == CLOSED_LINE)
                .then(|| sibling_titled(icd, &code, &title.replace(line, "open fracture")))
                .flatten()
        });
        if let Some(open) = open {
            let described = icd
                .title(&open)
                .filter(|t| t.contains(wanted_line))
                .map_or("open fracture", |_| wanted_line);
            let why = format!(
                "the question documents an {described} (I.C.19.c.1): {}",
                r.why
            );
            recode(icd, r, &open, why);
        }
    }
    picked
}

static HEALING: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(delayed (?:union|healing)|non-?union|mal-?union)\b").unwrap()
});
static OPEN_FRACTURE: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bopen (?:fx|fracture)").unwrap());

/// A burn of unspecified degree (T20-T25, 4th character 0) where the question states one degree
/// ("2nd degree", "partial thickness"): the burn of that degree (I.C.19.d, burns are classified
/// by depth). With several degrees stated, the highest-degree rule decides per site.
pub(super) fn burns_of_the_stated_degree(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let degree_of = |word: &str| match word.to_lowercase().as_str() {
        "1st" | "first" | "superficial" => '1',
        "2nd" | "second" | "partial" => '2',
        _ => '3',
    };
    // "1st and 2nd degree burns" states two degrees.
    let degrees: Vec<char> = BURN_DEGREE
        .find_iter(text)
        .flat_map(|m| {
            DEGREE_WORD
                .find_iter(m.as_str())
                .map(|w| degree_of(w.as_str()))
        })
        .collect();
    let Some(&degree) = degrees.first() else {
        return picked;
    };
    if degrees.iter().any(|d| *d != degree) {
        return picked;
    }
    for p in picked.iter_mut() {
        let c = compact(&p.code);
        let burn = c.len() >= 4 && ("T20".."T26").contains(&&c[..3]) && c.as_bytes()[3] == b'0';
        if !burn {
            continue;
        }
        let right = format!("{}{degree}{}", &c[..3], &c[4..]);
        if icd.is_billable(&right) {
            let why = format!(
                "instead of {}: the burn's degree as the question states it (I.C.19.d)",
                p.code
            );
            recode(icd, p, &right, why);
        }
    }
    picked.dedup_by(|a, b| a.code == b.code);
    picked
}

static BURN_DEGREE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:(?:1st|first|2nd|second|3rd|third)\W*(?:and|or|&|to)?\W*)+degree\b|\b(?:superficial|partial|full)[- ]thickness\b").unwrap()
});
static DEGREE_WORD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"(?i)1st|first|2nd|second|3rd|third|superficial|partial|full").unwrap()
});

/// The kind of a drug's code (T36-T50): its sixth character, 1-4 a poisoning by intent, 5 an
/// adverse effect, 6 underdosing.
pub(super) fn drug_kind(code: &str) -> Option<u8> {
    let category = code.get(..3)?;
    (code.starts_with('T') && ("T36"..="T50").contains(&category) && code.len() >= 6)
        .then(|| code.as_bytes()[5])
}

/// A poisoning: T36–T50 with an intent (5th or 6th character 1–4), or a toxic effect
/// (T51–T65).
fn is_poisoning(code: &str) -> bool {
    drug_kind(code).is_some_and(|k| (b'1'..=b'4').contains(&k))
        || code
            .get(..3)
            .is_some_and(|c| c.starts_with('T') && ("T51"..="T65").contains(&c))
}

/// A clause that says what a poisoning did to the patient: not denied, not a history.
static NOT_A_MANIFESTATION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:no|not|denies|denied|without|negative|h/o|history of|prior|previous|baseline|resolved)\b").unwrap()
});

/// A clause whose symptoms are over.
static RESOLVED: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\b(?:resolved|subsided|settled|cleared)\b").unwrap());

/// Each symptom a poisoning causes that the question names is coded after it, each by its
/// own Index entry ("symptomatic bradycardia, somnolence" → R00.1, R40.0): the guidelines ask
/// for all manifestations of poisonings (I.C.19.e.5.b).
pub(super) fn each_manifestation_of_a_poisoning(
    icd: &Icd10Cm,
    index: &lookup::Book,
    search: &Index,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    // An anaphylactic reaction's swelling and wheeze are the reaction (T78), not its own
    // manifestations.
    if !picked.iter().any(|r| is_poisoning(&compact(&r.code)))
        || picked.iter().any(|r| r.code.starts_with("T78"))
    {
        return picked;
    }
    let symptom = |code: &str| {
        (code.starts_with('R')
            && code.get(..3).is_some_and(|c| c < "R70")
            && !code.starts_with("R65"))
            || code.starts_with("I95")
    };
    // A history or a relative in the clause is left out of it; the clause is read whole
    // ("nausea and vomiting", one code), then each of two symptoms said together ("vomiting
    // and diarrhea"). A clause that denies or resolves them does so for each ("vomiting and
    // diarrhea that resolved").
    let parts: Vec<String> = text
        .split(['.', ';', ',', '\n', '(', ')', ':'])
        .filter_map(entries::own_part)
        .filter(|c| !RESOLVED.is_match(c))
        .flat_map(|c| {
            let each: Vec<String> = c.split(" and ").map(str::to_owned).collect();
            let mut whole = vec![c];
            if each.len() > 1 {
                whole.extend(each);
            }
            whole
        })
        .collect();
    for clause in &parts {
        if NOT_A_MANIFESTATION.is_match(clause) {
            continue;
        }
        let Some(entry) = entries::entry_for(icd, index, search, clause) else {
            continue;
        };
        let taken = |r: &Recommendation| compact(&r.code).get(..3) == entry.code.get(..3);
        if !symptom(&entry.code) || picked.iter().any(taken) {
            continue;
        }
        picked.push(entry.recommendation(
            icd,
            "a manifestation of the poisoning, coded after it (I.C.19.e.5.b)".into(),
        ));
    }
    picked
}

/// External cause codes follow the encounter of the injury they explain: the same 7th
/// character, and no place, activity or status code after the initial encounter (I.C.20.b,
/// I.C.20.c, I.C.20.k: "used only once, at the initial encounter").
pub(super) fn external_causes_of_this_encounter(
    icd: &Icd10Cm,
    picked: Vec<Recommendation>,
    worded: char,
) -> Vec<Recommendation> {
    let external = |c: &str| c.starts_with(['V', 'W', 'X']) || ("Y00".."Y39").contains(&&c[..3]);
    let encounter = picked
        .iter()
        .map(|r| compact(&r.code))
        .find(|c| c.len() == 7 && c.starts_with(['S', 'T']))
        .and_then(|c| c.chars().last())
        .unwrap_or(worded);
    picked
        .into_iter()
        .filter(|r| {
            let c = compact(&r.code);
            is_initial(encounter) || !["Y92", "Y93", "Y99"].iter().any(|p| c.starts_with(p))
        })
        .map(|mut r| {
            let c = compact(&r.code);
            if c.len() == 7 && external(&c) && !c.ends_with(encounter) {
                let same = format!("{}{encounter}", &c[..6]);
                if icd.is_billable(&same) {
                    let why = format!(
                        "{} with the 7th character of the injury's encounter: {}",
                        dotted(&same),
                        r.why
                    );
                    recode(icd, &mut r, &same, why);
                }
            }
            r
        })
        .collect()
}

/// Burns of the same anatomic site and side but different degrees are classified to the
/// highest degree recorded (I.C.19.d.2): T23.162A and T23.262A, both the back of the left
/// hand, are T23.262A alone. The 4th character is the degree (burns 0-3, corrosions 4-7, 0
/// and 4 unspecified); the characters after it are the site, side and encounter.
pub(super) fn highest_degree_of_each_burn(picked: Vec<Recommendation>) -> Vec<Recommendation> {
    let burn = |code: &str| -> Option<(String, u8)> {
        let c = compact(code);
        let b = c.as_bytes();
        let site = (c.len() == 7 && b[0] == b'T' && ("T20".."T26").contains(&&c[..3]))
            .then(|| format!("{}{}", &c[..3], &c[4..]))?;
        let degree = b[3].checked_sub(b'0')?;
        // Corrosions (4-7) are not burns: the site key keeps them apart.
        let (kind, degree) = if degree >= 4 {
            ('C', degree - 4)
        } else {
            ('B', degree)
        };
        (degree <= 3).then(|| (format!("{kind}{site}"), degree))
    };
    let highest = |site: &str| {
        picked
            .iter()
            .filter_map(|r| burn(&r.code))
            .filter(|(s, _)| s == site)
            .map(|(_, d)| d)
            .max()
            .unwrap_or(0)
    };
    let keep: Vec<bool> = picked
        .iter()
        .map(|r| burn(&r.code).is_none_or(|(s, d)| d >= highest(&s)))
        .collect();
    picked
        .into_iter()
        .zip(keep)
        .filter_map(|(r, k)| k.then_some(r))
        .collect()
}
