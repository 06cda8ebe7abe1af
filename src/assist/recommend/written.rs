//! What the question writes: a written code the question's words contradict (another side, type
//! or encounter, congenital or acquired, a pregnancy's or a newborn's chapter, the organism named)
//! and the line said in its place; and how a written code is read as written.

use std::sync::LazyLock;

use regex::Regex;

use super::denied::denied_but_stated;
use super::{entry_instead, line_instead, named, GENERIC_TITLE_WORDS};
use crate::assist::checks::{self, Status};
use crate::assist::entries::{self, Entry};
use crate::assist::icd10cm::{compact, dotted, Icd10Cm};
use crate::assist::obstetric;
use crate::assist::suggest::{Candidate, Index, Origin, Query};
use crate::domain::Recommendation;

/// The Index entry of the question a code's Excludes1 note sends the condition in a newborn to,
/// where the patient is one: "neonatal jaundice (P55, P57-P59)" at R17 and "Jaundice, newborn
/// → P59.9".
pub(super) fn newborn_entry<'a>(
    icd: &Icd10Cm,
    found: &'a [Entry],
    text: &str,
    code: &str,
) -> Option<&'a Entry> {
    newborn_notes(icd, text, code)
        .iter()
        .flat_map(|n| super::notes::refs(n))
        .find_map(|r| found.iter().find(|e| e.literal && r.covers(&e.code)))
}

/// A written code whose Excludes1 note sends its condition in a newborn to a range of Chapter
/// 16 ("transitory ... disorders specific to newborn (P70-P74)" for E83.51) or names it
/// otherwise: the Index entry of that range the question leads to (Hypocalcemia, neonatal →
/// P71.1), where [`in_a_newborn`] finds no code the note names for the condition itself.
pub(super) fn the_newborn_entry_of_its_note(
    icd: &Icd10Cm,
    found: &[Entry],
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let e = newborn_entry(icd, found, text, written)?;
    Some(entry_instead(
        icd,
        e,
        format!("instead of {written}: the patient is a newborn, and its Excludes1 note sends the condition in a newborn here (I.C.16.a, I.A.12.a)"),
    ))
}

/// Where the patient is a newborn, a code's Excludes1 notes that send the condition in a
/// newborn elsewhere; none for a Chapter 16 code.
fn newborn_notes(icd: &Icd10Cm, text: &str, code: &str) -> Vec<String> {
    let code = compact(code);
    if code.starts_with('P') || !super::text::a_newborn(text) {
        return Vec::new();
    }
    checks::excludes1_notes(icd, &code)
        .into_iter()
        .filter(|n| {
            let n = n.to_lowercase();
            n.contains("newborn") || n.contains("neonatal") || n.contains("perinatal")
        })
        .collect()
}

/// Lines that count one thing, each for its number: weeks of gestation (Z3A), a newborn's
/// birth weight (P07.0-P07.1) and weeks (P07.2-P07.3, P08.2), BMI (Z68), blood alcohol (Y90).
const COUNTS: &[&[&str]] = &[
    &["Z3A"],
    &["P070", "P071"],
    &["P072", "P073"],
    &["P082"],
    &["Z68"],
    &["Y90"],
];

/// Two different lines of one count.
pub(super) fn counts_the_same(a: &str, b: &str) -> bool {
    let (a, b) = (compact(a), compact(b));
    a != b
        && COUNTS.iter().any(|count| {
            count.iter().any(|p| a.starts_with(p)) && count.iter().any(|p| b.starts_with(p))
        })
}

/// Influenza coded as due to an identified virus (J09, J10) where the question says no virus
/// was identified (no test, a clinical diagnosis): the same line of J11, unidentified virus
/// (I.C.10.c: coded only on the provider's statement of an identified virus).
pub(super) fn virus_not_identified(
    icd: &Icd10Cm,
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    if !(w.starts_with("J09") || w.starts_with("J10"))
        || !NOT_IDENTIFIED.is_match(text)
        || IDENTIFIED.is_match(text)
    {
        return None;
    }
    let title = icd.title(&w)?.to_lowercase();
    let (_, manifestation) = title.split_once(" virus")?;
    let target = icd.billable_below("J11").into_iter().find(|b| {
        icd.title(b).is_some_and(|t| {
            let t = t.to_lowercase();
            t.starts_with("influenza due to unidentified influenza virus")
                && t.split_once(" virus")
                    .is_some_and(|(_, m)| m == manifestation)
        })
    })?;
    let mut r = named(icd, &target);
    r.why = format!(
        "instead of {written}: the question says no influenza virus was identified, and only a provider's statement of an identified virus is coded to J09-J10 (I.C.10.c)"
    );
    Some((r, Vec::new()))
}

static NOT_IDENTIFIED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bno (?:flu |influenza |rapid |viral )?(?:test|testing|swab|pcr)\b|\bnot (?:been )?(?:tested|swabbed)\b|\b(?:test|testing|swab|pcr)\w* (?:was |were )?not (?:done|performed|sent|obtained)\b|\bclinical(?:ly)? diagnos\w*|\bwithout (?:testing|a test)\b|\buntested\b|\bunidentified\b|\bnot typed\b").unwrap()
});
static IDENTIFIED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:tested |swab |pcr |rapid test |antigen )positive\b|\bpositive (?:for |rapid |pcr |swab |test )*(?:flu|influenza)\b|\b(?:flu|influenza) (?:a|b)\b[^.;]{0,20}\b(?:positive|confirmed|detected)\b|\bh[13]n[12]\b").unwrap()
});

/// A written code for an unspecified staphylococcus or streptococcus where the question names
/// the species: the Index's "specified NEC" line (B95.8 → B95.7 for Staphylococcus
/// saprophyticus, B95.5 → B95.4 for Streptococcus anginosus; the sepsis and pneumonia lines the
/// same way). Species with lines of their own (aureus, pyogenes, agalactiae, pneumoniae) are
/// left to their entries.
pub(super) fn species_named(
    icd: &Icd10Cm,
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    const SPECIFIED: &[(&str, bool, &str)] = &[
        ("B958", true, "B957"),
        ("A412", true, "A411"),
        ("J1520", true, "J1529"),
        ("B955", false, "B954"),
        ("A409", false, "A408"),
    ];
    let w = compact(written);
    let &(_, staph, target) = SPECIFIED.iter().find(|(from, ..)| *from == w)?;
    let genus = if staph {
        &*STAPH_SPECIES
    } else {
        &*STREP_SPECIES
    };
    let species = genus
        .captures_iter(text)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)))
        .map(|m| m.as_str().to_lowercase())
        .find(|s| !OWN_LINES.contains(&s.as_str()))?;
    let mut r = named(icd, target);
    r.why = format!(
        "instead of {written}: the question names the species ({species}), which the Index codes as \"specified NEC\", not as the unspecified organism"
    );
    Some((r, Vec::new()))
}

/// A species after its genus ("Staph saprophyticus", "Staphylococcus epidermidis"), or
/// coagulase-negative staphylococci.
static STAPH_SPECIES: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\bstaph(?:ylococcus|ylococci|\.)?\s+([a-z]{5,})\b|\b(coagulase[- ]negative|CoNS)\b",
    )
    .unwrap()
});
static STREP_SPECIES: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bstrep(?:tococcus|tococci|\.)?\s+([a-z]{5,})\b|\b(viridans)\b")
        .unwrap()
});
/// Words after a genus that name no other species: those with lines of their own, and the
/// words of a sentence.
const OWN_LINES: &[&str] = &[
    "aureus",
    "pyogenes",
    "agalactiae",
    "pneumoniae",
    "group",
    "infection",
    "infections",
    "species",
    "sepsis",
    "bacteremia",
    "pneumonia",
    "cellulitis",
    "throat",
    "positive",
    "negative",
    "isolated",
    "growing",
    "which",
    "there",
    "coded",
    "other",
    "unspecified",
];

pub(super) static CONGENITAL: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bcongenital\w*").expect("a cue"));

/// A written code for the juvenile form of a condition the question documents in an adult
/// (M92.211 juvenile osteochondrosis of the lunate [Kienböck] for a 34-year-old): the Index's
/// "adult" subterm of the same condition is the code (Kienböck's disease, adult → M93.1).
pub(super) fn juvenile_for_an_adult(
    icd: &Icd10Cm,
    found: &[Entry],
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let title = icd.title(written)?.to_lowercase();
    if !title.contains("juvenile") || !super::text::adult(text) {
        return None;
    }
    let own: Vec<String> = super::text::title_terms(&title)
        .into_iter()
        .filter(|t| !GENERIC_TITLE_WORDS.contains(&t.as_str()))
        .collect();
    let e = found.iter().find(|e| {
        let path = e.path.to_lowercase();
        path.contains(", adult")
            && !path.contains("juvenile")
            && super::text::title_terms(&path)
                .iter()
                .any(|t| own.contains(t))
    })?;
    Some(entry_instead(
        icd,
        e,
        format!(
            "instead of {written}: the patient is an adult, and the Index's adult line is the code"
        ),
    ))
}

/// A written code for the adult form of a condition the question documents in a child (K31.1
/// "Adult hypertrophic pyloric stenosis" for a 4-week-old): the form its Excludes1 note gives
/// for infants or as congenital is the code (Q40.0).
pub(super) fn adult_for_a_child(
    icd: &Icd10Cm,
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let title = icd.title(&w)?.to_lowercase();
    let adult_form = title
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| word == "adult");
    if !adult_form || !super::text::a_child(text) {
        return None;
    }
    let (nodes, _) = icd.lineage(icd.node_index(&w)?);
    let code = nodes
        .iter()
        .flat_map(|&n| &icd.nodes[n].notes.excludes1)
        .filter(|note| CHILDHOOD_FORM.is_match(note))
        .flat_map(|note| crate::assist::notes::refs(note))
        .find_map(|r| match r {
            crate::assist::notes::Ref::Code(p) => icd.billable_below(&p).into_iter().next(),
            crate::assist::notes::Ref::Range(..) => None,
        })?;
    Some(line_instead(
        icd,
        &code,
        format!("instead of {written}: the patient is a child, and the note at {written} sends the childhood form here (Excludes1, I.A.12.a)"),
    ))
}

/// The childhood form an Excludes1 note names: "congenital or infantile pyloric stenosis".
static CHILDHOOD_FORM: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:infantile|congenital|childhood|juvenile|newborn|neonatal)\b")
        .expect("a cue")
});

/// A type the question denies: "isn't a type 1", "not type II".
static DENIED_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:not|isn't|no|never)\s+(?:an?\s+)?type\s*([0-9]|iv|iii|ii|i)\b")
        .unwrap()
});

/// A written code for one type of a condition where the question names another (Q07.00, whose
/// category includes "Arnold-Chiari syndrome, type II", for a "Chiari I malformation"): the
/// Index line of the type named is the code (Chiari's, malformation, type I → G93.5).
/// A written line of an unspecified syndrome the question does not name ("Unspecified
/// nephritic syndrome with minor glomerular abnormality", N05.0, from "Change, minimal")
/// where a line of its block says the same lesion with the syndrome it names ("Nephrotic
/// syndrome with minor glomerular abnormality", N04.0): that line (I.B.1, I.B.2).
pub(super) fn the_syndrome_said(
    icd: &Icd10Cm,
    q: &Query,
    candidates: &[Candidate],
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    if !icd.says_unspecified(&w) {
        return None;
    }
    let split = |c: &str| -> Option<(String, String)> {
        let title = icd.title(c)?.to_lowercase();
        let (head, tail) = title.split_once(" with ")?;
        Some((head.replace("unspecified", ""), tail.to_owned()))
    };
    let (head, tail) = split(&w)?;
    let said = |h: &str| {
        let terms = super::text::title_terms(h);
        !terms.is_empty() && terms.iter().all(|t| q.has(t))
    };
    if said(&head) {
        return None;
    }
    let block = icd.section_of(&w)?;
    let c = candidates.iter().find(|c| {
        let code = compact(&c.suggestion.code);
        c.origin == Origin::Words
            && code.get(..3) != w.get(..3)
            && icd.section_of(&code) == Some(block)
            && split(&code).is_some_and(|(h, t)| t == tail && said(&h))
    })?;
    Some(line_instead(
        icd,
        &c.suggestion.code,
        format!("instead of {written}: the question names the syndrome this line says, with the same lesion"),
    ))
}

pub(super) fn another_type_named(
    icd: &Icd10Cm,
    found: &[Entry],
    (q, text): (&Query, &str),
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let own: Vec<String> = (3..=w.len())
        .filter_map(|n| icd.node(&w[..n]))
        .flat_map(|n| std::iter::once(&n.title).chain(&n.notes.inclusion_terms))
        .flat_map(|t| super::text::title_terms(t))
        .collect();
    let types = |terms: &[String]| -> Vec<String> {
        terms
            .iter()
            .filter(|t| t.starts_with("type:"))
            .cloned()
            .collect()
    };
    let written_types = types(&own);
    if written_types.is_empty() || written_types.iter().any(|t| q.has(t)) {
        return None;
    }
    // "it clearly isn't a type 1 NSTEMI" names no type.
    let denied: Vec<String> = DENIED_TYPE
        .captures_iter(text)
        .map(|c| format!("type:{}", super::text::counted(&c[1])))
        .collect();
    let e = found.iter().find(|e| {
        let path = super::text::title_terms(&e.path);
        e.literal
            && types(&path).iter().any(|t| q.has(t) && !denied.contains(t))
            && path.iter().any(|t| {
                !t.contains(':') && !GENERIC_TITLE_WORDS.contains(&t.as_str()) && own.contains(t)
            })
    })?;
    Some(entry_instead(
        icd,
        e,
        format!("instead of {written}: that is another type than the one the question names"),
    ))
}

/// A written code whose title says "without" what the question states (N40.0 "without lower
/// urinary tract symptoms" for "BPH w/ LUTS"): its sibling "with" it is the code.
pub(super) fn contradicted(
    icd: &Icd10Cm,
    q: &Query,
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let (phrase, words) = denied_but_stated(icd, q, text, &w)?;
    let with = format!(" with {phrase}");
    let parent = &w[..w.len().saturating_sub(1).max(3)];
    let sibling = icd.billable_below(parent).into_iter().find(|b| {
        *b != w
            && icd
                .title(b)
                .is_some_and(|t| t.to_lowercase().contains(&with))
    })?;
    let why = format!(
        "instead of {written}: the question states {phrase}, which {written} says is absent"
    );
    let mut r = named(icd, &sibling);
    r.why = why;
    Some((r, words))
}

/// The visits after active treatment that the 7th character D is for (I.C.19.a): a wound
/// check, a suture removal, a cast change, a routine follow-up of a healing injury.
static AFTER_ACTIVE_TREATMENT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:wound check|suture removal|staple removal|cast change|subsequent encounter|routine (?:follow[- ]?up|healing))\b").unwrap()
});

/// A written injury or external cause code for the initial encounter where the question's
/// visit comes after active treatment (S71.132A for a wound check → S71.132D, I.C.19.a).
pub(super) fn encounter_stated(
    icd: &Icd10Cm,
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    if w.len() != 7 || !w.ends_with('A') || !AFTER_ACTIVE_TREATMENT.is_match(text) {
        return None;
    }
    let subsequent = format!("{}D", &w[..6]);
    if !icd.is_billable(&subsequent) {
        return None;
    }
    Some(line_instead(
        icd,
        &subsequent,
        format!("instead of {written}: the visit comes after active treatment, 7th character D (I.C.19.a)"),
    ))
}

/// The question says the condition is acquired where the written code's title says congenital
/// (D74.0 Congenital methemoglobinemia for "acquired methemoglobinemia due to benzocaine"): the
/// category's line whose title or inclusion terms say acquired (D74.8), else the Index entry
/// outside Chapter 17 the question leads to (Clubbing of finger → R68.3 for "acquired digital
/// clubbing" written Q68.1).
static ACQUIRED: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bacquired\b").expect("a cue"));

pub(super) fn acquired_not_congenital(
    icd: &Icd10Cm,
    found: &[Entry],
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let title = icd.title(&w)?.to_lowercase();
    if !title.contains("congenital")
        || !ACQUIRED.is_match(text)
        || text.to_lowercase().contains("congenital")
    {
        return None;
    }
    let says_acquired = |code: &str| {
        icd.title(code)
            .into_iter()
            .chain(
                icd.node(code)
                    .map(|n| n.notes.inclusion_terms.clone())
                    .unwrap_or_default(),
            )
            .any(|t| t.to_lowercase().contains("acquired"))
    };
    let why = format!(
        "instead of {written}: the question says acquired, and {written} is for the congenital form"
    );
    match icd
        .billable_below(w.get(..3)?)
        .into_iter()
        .find(|c| *c != w && says_acquired(c))
    {
        Some(acquired) => Some(line_instead(icd, &acquired, why)),
        None => {
            // The entry names what the written title does (its site or its condition).
            let written_terms = super::ground::concepts(&title);
            let e = found
                .iter()
                .filter(|e| (e.literal || e.words >= 2) && !e.code.starts_with(['Q', 'Z']))
                .filter(|e| {
                    let path = e.names();
                    super::ground::concepts(path)
                        .iter()
                        .any(|t| written_terms.contains(t))
                })
                .max_by_key(|e| e.words)?;
            Some(entry_instead(icd, e, why))
        }
    }
}

/// The question says the condition is congenital where the written code's title says acquired
/// (M21.6X1 "Other acquired deformities of right foot" for a congenital metatarsus adductus):
/// the Index's congenital entry the question leads to, in Chapter 17 (I.C.17).
pub(super) fn congenital_not_acquired(
    icd: &Icd10Cm,
    found: &[Entry],
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let title = icd.title(&w)?.to_lowercase();
    if !title.contains("acquired") || !CONGENITAL.is_match(text) || ACQUIRED.is_match(text) {
        return None;
    }
    let e = found
        .iter()
        .filter(|e| e.literal && e.code.starts_with('Q') && e.words >= 2)
        .max_by_key(|e| e.words)?;
    Some(entry_instead(
        icd,
        e,
        format!("instead of {written}: the question says congenital, and {written} is for an acquired form"),
    ))
}

/// A written code for the other side than the one the question names (C44.212 "right ear"
/// for a lesion of the left helix): its line for the named side, which need not be the next
/// character (C44.219 is the left ear, C44.211 the unspecified one).
pub(super) fn other_side(
    icd: &Icd10Cm,
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let named_side = super::text::side(text)?;
    let opposite = match named_side {
        "right" => "left",
        "left" => "right",
        _ => return None,
    };
    let w = compact(written);
    let title = icd.title(&w)?.to_lowercase();
    let words: Vec<&str> = title.split(|c: char| !c.is_alphanumeric()).collect();
    if !words.contains(&opposite) || words.contains(&named_side) || w.len() < 5 {
        return None;
    }
    let swapped: Vec<&str> = words
        .iter()
        .map(|x| if *x == opposite { named_side } else { x })
        .collect();
    let sibling = icd
        .billable_below(&w[..w.len() - 1])
        .into_iter()
        .find(|b| {
            icd.title(b).is_some_and(|t| {
                let t = t.to_lowercase();
                t.split(|c: char| !c.is_alphanumeric()).collect::<Vec<_>>() == swapped
            })
        })?;
    Some(line_instead(
        icd,
        &sibling,
        format!("instead of {written}: the question names the {named_side} side and {written} is for the {opposite} (I.B.13)"),
    ))
}

/// A written code for an ulcer of "unspecified site" beside the written code that states the
/// ulcer's site, which its note asks for (I83.029 beside L97.322, non-pressure chronic ulcer
/// of left ankle → I83.023, "with ulcer of ankle"): the site is documented, so it is coded in
/// both (I.B.2).
pub(super) fn site_of_its_partner(
    icd: &Icd10Cm,
    statuses: &[(String, Status)],
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let title = icd.title(&w)?.to_lowercase();
    if !title.ends_with("unspecified site") || w.len() < 5 {
        return None;
    }
    let sites: Vec<String> = statuses
        .iter()
        .filter(|(o, s)| *s == Status::Billable && compact(o) != w)
        .filter_map(|(o, _)| {
            let t = icd.title(&compact(o))?.to_lowercase();
            let (_, after) = t.split_once(" of ")?;
            let site = after.split([',']).next()?.split(" with").next()?;
            let site = site
                .trim_start_matches("right ")
                .trim_start_matches("left ")
                .trim_start_matches("unspecified ");
            (!site.is_empty() && !site.contains("unspecified")).then(|| site.to_owned())
        })
        .collect();
    let sibling = icd
        .billable_below(&w[..w.len() - 1])
        .into_iter()
        .filter(|b| b.len() == w.len() && *b != w)
        .find(|b| {
            let t = icd.title(b).unwrap_or_default().to_lowercase();
            let ulcer_of = t.rsplit_once(" of ").map_or("", |(_, s)| s);
            sites.iter().any(|site| ulcer_of.starts_with(site.as_str()))
        })?;
    Some(line_instead(
        icd,
        &sibling,
        format!("instead of {written}: the code written beside it documents the ulcer's site, so the site is coded here too (I.B.2)"),
    ))
}

/// A written code whose stage, type, class or grade the question does not give, where it gives
/// another of the same kind: "CKD, moderate (stage 3)" is N18.30 whatever the eGFR suggests
/// (I.C.14.a.1; the stage is the provider's, I.A.19), not a written N18.32 "stage 3b".
pub(super) fn counted_as_documented(
    icd: &Icd10Cm,
    q: &Query,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let counted = |code: &str| -> Vec<String> {
        super::ground::title_terms_of(icd, code)
            .into_iter()
            .filter(|t| t.contains(':') && !t.starts_with("not:") && !t.starts_with("with"))
            .collect()
    };
    let own = counted(&w);
    if own.is_empty() || own.iter().all(|t| q.has(t)) {
        return None;
    }
    let kinds = |terms: &[String]| -> Vec<String> {
        let mut k: Vec<String> = terms
            .iter()
            .filter_map(|t| t.split_once(':').map(|(kind, _)| kind.to_owned()))
            .collect();
        k.sort();
        k
    };
    let documented: Vec<String> = icd
        .billable_below(w.get(..3)?)
        .into_iter()
        .filter(|b| b.len() == w.len() && *b != w)
        .filter(|b| {
            let theirs = counted(b);
            kinds(&theirs) == kinds(&own) && theirs.iter().all(|t| q.has(t))
        })
        .collect();
    let [code] = documented.as_slice() else {
        return None;
    };
    let mut r = named(icd, code);
    r.why = format!(
        "instead of {written}: the question documents what {} says, and not {}",
        dotted(code),
        own.join(", ")
    );
    Some((r, counted(code)))
}

/// A joint condition the question calls recurrent or nontraumatic.
static RECURRENT_NOT_INJURY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:recurrent|recurring|habitual|non-?traumatic)\b").unwrap()
});

/// A written injury code (Chapter 19) for a condition the question calls recurrent or
/// nontraumatic, where the Index entry its words lead to says so in Chapter 13 (Dislocation,
/// patella, recurrent → M22.0-): only a current, acute injury is Chapter 19 (I.C.13.b).
pub(super) fn recurrent_not_an_injury(
    icd: &Icd10Cm,
    found: &[Entry],
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    if !written.starts_with('S') || !RECURRENT_NOT_INJURY.is_match(text) {
        return None;
    }
    let e = found
        .iter()
        .filter(|e| e.literal && e.code.starts_with('M'))
        .filter(|e| {
            let path = e.path.to_lowercase();
            path.contains("recurrent") || path.contains("nontraumatic")
        })
        .max_by_key(|e| e.words)?;
    let why = format!(
        "instead of {written}: the question calls it recurrent or nontraumatic; only a current, acute injury is coded to Chapter 19 (I.C.13.b)"
    );
    Some(entry_instead(icd, e, why))
}

/// A written code whose Excludes1 note sends its condition in a pregnancy to one Chapter 15
/// code ("carrier of streptococcus group B (GBS) complicating pregnancy, childbirth and the
/// puerperium (O99.82-)" at Z22.33), for a pregnant patient: that code, for the episode
/// (I.C.15.a.1, I.A.12.a).
pub(super) fn complicating_the_pregnancy(
    icd: &Icd10Cm,
    text: &str,
    statuses: &[(String, Status)],
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let codes: Vec<String> = statuses.iter().map(|(c, _)| c.clone()).collect();
    let pregnancy = obstetric::pregnant(text)
        || codes
            .iter()
            .any(|c| c.starts_with('O') || c.starts_with("Z3A") || c.starts_with("Z37"));
    if w.starts_with('O') || !pregnancy {
        return None;
    }
    let note = checks::excludes1_notes(icd, &w)
        .into_iter()
        .find(|n| n.to_lowercase().contains("complicating pregnancy"))?;
    let refs = super::notes::refs(&note);
    let [super::notes::Ref::Code(pointed)] = refs.as_slice() else {
        return None;
    };
    let code = obstetric::for_this_episode(icd, text, &codes, pointed)?;
    let mut r = named(icd, &code);
    r.why = format!(
        "instead of {written}: its Excludes1 note sends the condition in a pregnancy to {} (I.C.15.a.1, I.A.12.a)",
        dotted(pointed)
    );
    let words = super::text::title_terms(&r.title);
    Some((r, words))
}

/// A written code whose Excludes1 note sends its condition in a newborn to Chapter 16
/// ("necrotizing enterocolitis of newborn (P77.-)" at K55.3, "neonatal infective mastitis
/// (P39.0)" at N61), for a patient in the first 28 days of life: that code, completed by the
/// question's words (I.C.16: conditions that have their origin in the perinatal period).
pub(super) fn in_a_newborn(
    icd: &Icd10Cm,
    search: &Index,
    q: &Query,
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    // The note names the written condition ("mastitis" at N61.0), not another of its category.
    let concepts = super::ground::concepts(&icd.title(&w).unwrap_or_default());
    let (pointed, code) = newborn_notes(icd, text, &w).into_iter().find_map(|n| {
        let of_this_condition = super::text::title_terms(&n.to_lowercase())
            .iter()
            .any(|t| concepts.contains(t));
        if !of_this_condition {
            return None;
        }
        let refs = super::notes::refs(&n);
        let [super::notes::Ref::Code(pointed)] = refs.as_slice() else {
            return None;
        };
        let code = entries::billable(icd, search, q, pointed)?;
        code.starts_with('P').then(|| (pointed.clone(), code))
    })?;
    let mut r = named(icd, &code);
    r.why = format!(
        "instead of {written}: the patient is a newborn, and its Excludes1 note sends the condition in a newborn to {} (I.C.16.a, I.A.12.a)",
        dotted(&pointed)
    );
    let words = super::text::title_terms(&r.title);
    Some((r, words))
}

/// A unilateral hearing loss written "with unrestricted hearing on the contralateral side"
/// beside a written hearing loss of the other ear: each ear's loss is the line "with
/// restricted hearing on the contralateral side" of its own type and side (H90.A-).
pub(super) fn restricted_on_the_other_side(
    icd: &Icd10Cm,
    statuses: &[(String, Status)],
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    const UNRESTRICTED: &str = "with unrestricted hearing on the contralateral side";
    let plain = |t: &str| t.to_lowercase().replace(',', "");
    let w = compact(written);
    let title = plain(&icd.title(&w)?);
    if !title.contains(UNRESTRICTED) {
        return None;
    }
    let side_of = |t: &str| {
        ["right ear", "left ear"]
            .into_iter()
            .find(|s| t.contains(s))
    };
    let own_side = side_of(&title)?;
    let other_ear_lost = statuses.iter().any(|(o, s)| {
        *s == Status::Billable
            && icd.title(o).is_some_and(|t| {
                let t = plain(&t);
                t.contains("hearing loss") && side_of(&t).is_some_and(|s| s != own_side)
            })
    });
    if !other_ear_lost {
        return None;
    }
    let wanted = title.replace("unrestricted", "restricted");
    let code = icd
        .billable_below(&w[..3])
        .into_iter()
        .find(|b| icd.title(b).is_some_and(|t| plain(&t) == wanted))?;
    Some(line_instead(
        icd,
        &code,
        format!("instead of {written}: the other ear has a hearing loss of its own, so the hearing on the contralateral side is restricted"),
    ))
}

/// The same code with one character filled in differently (S61.459A → S61.451A): the side of
/// the written code, not another condition of its category.
/// A code an Index entry the question's words lead to gives, as printed or completed
/// ("Loss, hearing, sensorineural, unilateral, with unrestricted hearing on the
/// contralateral side → H90.4-" for H90.42 where the left ear is the one affected).
pub(super) fn reached_by_the_index(found: &[Entry], code: &str) -> bool {
    let code = compact(code);
    found
        .iter()
        .any(|e| e.literal && e.depth >= 2 && e.code == code)
}

pub(super) fn one_character_apart(a: &str, b: &str) -> bool {
    let (a, b) = (compact(a), compact(b));
    a.len() == b.len() && a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() == 1
}

/// A code whose title already says right, left or bilateral needs no side filled in (an
/// "unspecified part" of a right femur is still the right femur).
pub(super) fn names_side(icd: &Icd10Cm, code: &str) -> bool {
    icd.title(code).is_some_and(|t| {
        let t = t.to_lowercase();
        ["right", "left", "bilateral"]
            .iter()
            .any(|side| t.split(|c: char| !c.is_alphanumeric()).any(|w| w == *side))
    })
}

/// The Index entry of the question that gives the deepest-read code below a written header.
pub(super) fn under_header<'a>(found: &'a [Entry], header: &str) -> Option<&'a Entry> {
    let header = compact(header);
    found
        .iter()
        .filter(|e| e.literal && e.code.len() > header.len() && e.code.starts_with(&header))
        .max_by_key(|e| (e.words, e.depth))
}
