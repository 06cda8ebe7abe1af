//! A diagnosis the discharge documents as uncertain ("probable", "suspected", "likely",
//! "consistent with" …) is coded for an inpatient as if it were established: Section II.H for
//! the principal diagnosis, III.C for the others. The signs and symptoms a coder wrote in its
//! place are what the diagnosis explains, and go. Influenza is the exception in every setting:
//! only a confirmed avian, novel or other identified virus is J09 or J10; an uncertain one is
//! J11 (I.C.10.c).

use std::sync::LazyLock;

use regex::Regex;

use super::entries;
use super::guidelines;
use super::icd10cm::{compact, dotted, Icd10Cm};
use super::lookup::Book;
use super::suggest::Index;
use crate::domain::Recommendation;

/// The uncertainty words of II.H and IV.H, then the condition they qualify, up to the end of
/// its clause.
static UNCERTAIN: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:probable|probably|suspected|suspect|likely|possible|possibly|questionable|presumed|presumptive|consistent with|compatible with|suspicious for|concern for|still to be ruled out)\s+([^,.;:'\x22()\n]{3,60}?)\s*(?:$|[,.;:'\x22()\n]|\s-\s|\b(?:vs|versus|but|cultures?|pending|confirmation|completed|continue[sd]?|given|started|treated)\b)").unwrap()
});

/// Two diagnoses the discharge leaves contrasted: "acute appendicitis versus acute cecal
/// diverticulitis".
static VERSUS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)([^,.;:'\x22()\n]{3,60}?)\s+(?:versus|vs\.?)\s+([^,.;:'\x22()\n]{3,60}?)\s*(?:$|[,.;:'\x22()\n])").unwrap()
});

/// The stay the question is about is an admission.
static INPATIENT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:inpatient|inpt|admitted|admission|hospitali[sz]ed|hospital day)\b",
    )
    .unwrap()
});

/// An outpatient's condition to be ruled out or not yet certain, to the end of its clause
/// ("r/o bladder malignancy vs stone", "possible lymphoma").
static NOT_YET_A_DIAGNOSIS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:r/o|rule out|to rule out|ruling out|possible|possibly|probable|suspected|suspect|suspicious for|concern for|questionable|likely)\b[^,.;:()\n]{0,60}").unwrap()
});

/// A code the coder asks about by its condition ("wants to add the bladder cancer code").
static A_CODE_ASKED_ABOUT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:the|a|an)\s+(?:[\w-]+\s+){0,3}?codes?\b").unwrap()
});

/// Whether the stay the question is about is an admission.
pub fn inpatient(text: &str) -> bool {
    INPATIENT.is_match(text)
}

/// Whether an outpatient question leaves a condition uncertain (Section IV.H).
pub fn leaves_uncertain(text: &str) -> bool {
    !INPATIENT.is_match(text) && NOT_YET_A_DIAGNOSIS.is_match(text)
}

/// The question with what an outpatient visit leaves uncertain blanked out, byte for byte: a
/// growth to be ruled out, or the code the coder would add for it, is not read from the
/// tables (Section IV.H). An admission's uncertain diagnoses are the discharge's to settle
/// (II.H, III.C), so its text stays whole.
pub fn settled(text: &str) -> String {
    if !leaves_uncertain(text) {
        return text.to_owned();
    }
    let blank = |m: &regex::Captures| " ".repeat(m[0].len());
    let text = NOT_YET_A_DIAGNOSIS.replace_all(text, blank);
    A_CODE_ASKED_ABOUT.replace_all(&text, blank).into_owned()
}

/// ... and the uncertain diagnosis is the one documented when it ended.
/// What the question says the admission was for, up to the end of its sentence.
static ADMITTED_FOR: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:admitted|admission|stay|hospitali[sz]ed|readmitted)\s+(?:(?:from|through|via)\s+the\s+(?:ed|er|emergency department)\s+)?(?:for|with)\s+([^.;]+)",
    )
    .unwrap()
});

static AT_DISCHARGE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:discharge\w*|d/c|dc (?:dx|summary|diagnosis)|final (?:dx|diagnosis))\b",
    )
    .unwrap()
});

/// A condition the work-up excluded is not coded at all.
static EXCLUDED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:ruled out|was excluded|were excluded|not confirmed)\b").unwrap()
});

/// What the work-up excluded, as the words say it: "sepsis was considered and ruled out",
/// "PE excluded", "ruled out for MI". The phrase is the few words next to the cue, not its
/// clause ("admitted with chest pain and MI was ruled out" excludes the MI only).
static RULED_OUT_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b((?:[\w'/-]+ ){0,2}[\w'/-]+) (?:(?:was|were|is|are|has been|had been|been) )?(?:(?:considered|suspected|evaluated) and |clinically |subsequently |then |also )?(?:ruled out|excluded)\b|\bruled out for ((?:[\w'/-]+ ){0,2}[\w'/-]+)").unwrap()
});

/// Words that end the excluded phrase on its far side: "... and MI", "... with PE".
const PHRASE_BREAKS: [&str; 6] = ["and", "with", "but", "or", "then", "after"];

/// The words of what the question says the work-up excluded.
fn ruled_out_terms(text: &str) -> Vec<String> {
    RULED_OUT_PHRASE
        .captures_iter(text)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)))
        .flat_map(|m| phrase_terms(m.as_str()))
        .collect()
}

/// The words of what the discharge statement rules out ("the discharge summary says
/// 'Takotsubo cardiomyopathy; acute MI ruled out'"): the diagnosis at the end of the stay,
/// whatever the ED called it before (II.H, III.C).
fn ruled_out_at_discharge(text: &str) -> Vec<String> {
    text.split(['.', '\n'])
        .filter(|sentence| AT_DISCHARGE.is_match(sentence))
        .flat_map(|sentence| {
            RULED_OUT_PHRASE
                .captures_iter(sentence)
                .filter_map(|c| c.get(1).or_else(|| c.get(2)))
                .flat_map(|m| phrase_terms(m.as_str()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Whether the discharge statement rules out the condition a written code names: the code is
/// not reported and the question is read without it.
pub fn ruled_out_at_the_end(icd: &Icd10Cm, code: &str, text: &str) -> bool {
    let c = compact(code);
    if c.starts_with(['R', 'Z']) || !AT_DISCHARGE.is_match(text) {
        return false;
    }
    let excluded = ruled_out_at_discharge(text);
    let title = icd.title(&c).unwrap_or_default();
    super::ground::concepts(&title)
        .iter()
        .any(|w| excluded.contains(w))
}

/// The excluded phrase's words, abbreviations spelled out ("MI" is myocardial infarction).
fn phrase_terms(phrase: &str) -> Vec<String> {
    let words: Vec<&str> = phrase.split(' ').collect();
    let near = words
        .iter()
        .rposition(|w| PHRASE_BREAKS.contains(&w.to_lowercase().as_str()))
        .map_or(&words[..], |at| &words[at + 1..]);
    super::text::plain_terms(&near.join(" "))
}

/// A condition the question says was ruled out is not coded (Sections II.H, III.C and IV.H
/// code what was established): a code whose condition the question names only where it
/// excludes it goes ("sepsis was considered and ruled out" beside an E. coli pyelonephritis is
/// no A41.51). An observation for it (Z03, Z04) and the symptoms stay.
pub fn nothing_the_work_up_ruled_out(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let excluded = ruled_out_terms(text);
    if excluded.is_empty() {
        return picked;
    }
    let elsewhere = super::text::query_terms(&RULED_OUT_PHRASE.replace_all(text, " . "));
    let at_discharge = ruled_out_at_discharge(text);
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            if c.starts_with(['R', 'Z']) {
                return true;
            }
            let title = icd.title(&c).unwrap_or_default();
            !super::ground::concepts(&title).iter().any(|w| {
                excluded.contains(w) && (!elsewhere.contains(w) || at_discharge.contains(w))
            })
        })
        .collect()
}

/// What the provider says the condition is not: "this is not CKD", "it is not cellulitis",
/// "no coronary artery disease", "no otitis media".
static NOT_THIS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:(?:this|it|that)\s+(?:is|was|'s)\s+not|no|without)\s+(?:an?\s+|any\s+|evidence of\s+)?([a-z][\w/-]*(?:\s+[a-z][\w/-]*){0,3}?)\s*(?:[.,;:!?()']|\s+(?:and|but|or|so|per|on|in|at|was|is|were|found|seen)\b|$)")
        .unwrap()
});

/// A title or inclusion term as its words, its nonessential words kept and left out
/// ("Coronary (artery) disease" says "coronary artery disease" and "coronary disease").
fn phrasings(icd: &Icd10Cm, code: &str) -> Vec<String> {
    let Some(at) = icd.node_index(&compact(code)) else {
        return Vec::new();
    };
    let spaced = |t: &str| {
        let words = super::text::expanded(t);
        format!(
            " {} ",
            words.split_whitespace().collect::<Vec<_>>().join(" ")
        )
    };
    // A subcategory's inclusion terms are its codes' too (I25.1 "Coronary (artery) disease").
    let subcategories = icd
        .lineage(at)
        .0
        .into_iter()
        .map(|n| &icd.nodes[n])
        .filter(|n| n.code.len() > 3);
    std::iter::once(&icd.nodes[at].title)
        .chain(subcategories.flat_map(|n| &n.notes.inclusion_terms))
        .flat_map(|t| {
            [
                spaced(&t.replace(['(', ')'], " ")),
                spaced(&super::ground::NONESSENTIAL.replace_all(t, " ")),
            ]
        })
        .collect()
}

/// Whether the question says the condition a written code names is not the patient's ("type
/// 2 diabetes with diabetic nephropathy; kidney function normal, this is not CKD" for E11.22
/// and N18.9, "no otitis media" for H66.91): the code is not reported and the question is read
/// without it (I.A.19: the code assignment follows the provider's statement). A title that
/// says the same ("without loss of consciousness") agrees with the denial.
pub fn denied_outright(icd: &Icd10Cm, code: &str, text: &str) -> bool {
    let titles = phrasings(icd, code);
    NOT_THIS.captures_iter(text).any(|c| {
        let written = c[1].to_lowercase();
        let written: Vec<&str> = written.split_whitespace().collect();
        let spelled = super::text::expanded(&c[1]);
        let expanded: Vec<&str> = spelled.split_whitespace().collect();
        // "CKD" reads "ckd chronic kidney disease": the abbreviation or its words.
        let abbreviations: Vec<&str> = written
            .iter()
            .copied()
            .filter(|w| super::text::expanded(w).split_whitespace().count() > 1)
            .collect();
        let spelled_out: Vec<&str> = expanded
            .iter()
            .copied()
            .filter(|w| !abbreviations.contains(w))
            .collect();
        let said = |words: &[&str]| {
            let phrase = format!(" {} ", words.join(" "));
            words.len() >= 2
                && titles.iter().any(|t| {
                    t.match_indices(&phrase).any(|(at, _)| {
                        let before = t[..at].trim_end();
                        // What follows names the condition the phrase only qualifies: "no
                        // ST elevation" denies no "ST elevation (STEMI) myocardial infarction".
                        let after = &t[at + phrase.len()..];
                        // "without acute organ dysfunction" says "no organ dysfunction" too.
                        let agrees = before
                            .split_whitespace()
                            .rev()
                            .take(3)
                            .any(|w| matches!(w, "without" | "no" | "non"));
                        !agrees && super::ground::concepts(after).is_empty()
                    })
                })
        };
        said(&expanded) || said(&spelled_out)
    })
}

static INFLUENZA: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\b(?:influenza|flu|h5n1|h7n9|h1n1|h3n2)\b").unwrap());

/// J09 and J10 by what they say besides the virus, and the J11 code that says the same.
const UNIDENTIFIED_INFLUENZA: [(&str, &str); 12] = [
    ("J09X1", "J1100"),
    ("J1000", "J1100"),
    ("J1001", "J1100"),
    ("J1008", "J1108"),
    ("J09X2", "J111"),
    ("J101", "J111"),
    ("J09X3", "J112"),
    ("J102", "J112"),
    ("J1081", "J1181"),
    ("J1082", "J1182"),
    ("J1083", "J1183"),
    ("J09X9", "J1189"),
];

/// Symptoms and findings, which an established diagnosis explains; not SIRS or severe sepsis
/// (R65), which say more than the infection, nor the coma scale (R40.2).
fn explained(code: &str) -> bool {
    let c = compact(code);
    c.starts_with('R') && !c.starts_with("R65") && !c.starts_with("R402")
}

pub fn established_at_discharge(
    icd: &Icd10Cm,
    index: &Book,
    search: &Index,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let phrases: Vec<&str> = UNCERTAIN
        .captures_iter(text)
        .filter(|c| {
            let at = c.get(0).map_or(0, |m| m.start());
            !EXCLUDED.is_match(guidelines::sentence_at(text, at))
        })
        .filter_map(|c| c.get(1).map(|m| m.as_str()))
        .collect();
    if phrases.iter().any(|p| INFLUENZA.is_match(p)) {
        return unidentified_influenza(icd, picked);
    }
    if !INPATIENT.is_match(text) || !AT_DISCHARGE.is_match(text) {
        return picked;
    }
    // Contrasting diagnoses ("appendicitis versus cecal diverticulitis") are each coded as if
    // established, in the order written (II.D).
    // A subject line's shorter form of the same pair ("appendicitis vs cecal diverticulitis")
    // is the discharge's pair again.
    let contrasted: Vec<String> = VERSUS
        .captures_iter(text)
        .flat_map(|c| {
            [c.get(1), c.get(2)]
                .into_iter()
                .flatten()
                .map(|m| m.as_str().trim().to_lowercase())
        })
        .collect();
    let phrases: Vec<&str> = phrases
        .into_iter()
        .chain(
            contrasted
                .iter()
                .filter(|p| {
                    !contrasted
                        .iter()
                        .any(|o| o.len() > p.len() && o.contains(p.as_str()))
                })
                .map(String::as_str),
        )
        .collect();
    // The stay the question says was for another condition ("5-day stay for cellulitis") has
    // its principal diagnosis: an uncertain diagnosis the reason does not name is an
    // additional one, after the others (II, III).
    let reason = ADMITTED_FOR
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_lowercase());
    let mut picked = picked;
    let mut added = 0;
    for phrase in phrases {
        let Some(entry) = entries::entry_for(icd, index, search, phrase) else {
            continue;
        };
        let secondary = reason
            .as_deref()
            .is_some_and(|r| !r.contains(phrase.trim().to_lowercase().as_str()));
        // A code of the entry's category the question writes is the coder's reading of the
        // same condition; one the words found gives way to the entry's.
        let same = |p: &Recommendation| compact(&p.code)[..3] == entry.code[..3];
        if let Some(at) = picked.iter().position(same) {
            let written = text.contains(&picked[at].code);
            picked.retain(|p| !explained(&p.code));
            let at = picked.iter().position(same).unwrap_or(0);
            let kept = picked.remove(at);
            if written {
                picked.insert(added.min(picked.len()), kept);
                added += 1;
                continue;
            }
        } else {
            picked.retain(|p| !explained(&p.code));
        }
        let at = if secondary {
            picked.len()
        } else {
            added.min(picked.len())
        };
        picked.insert(
            at,
            entry.recommendation(
                icd,
                format!(
                    "\"{}\" at discharge from an admission is coded as if established (II.H, III.C); the signs and symptoms it explains are not coded",
                    phrase.trim()
                ),
            ),
        );
        added += 1;
    }
    picked
}

fn unidentified_influenza(icd: &Icd10Cm, picked: Vec<Recommendation>) -> Vec<Recommendation> {
    let mut out: Vec<Recommendation> = Vec::new();
    for mut p in picked {
        let c = compact(&p.code);
        if let Some((_, j11)) = UNIDENTIFIED_INFLUENZA.iter().find(|(from, _)| c == *from) {
            p.why = format!(
                "instead of {}: an influenza virus documented as uncertain is coded as unidentified, J11, not J09 or J10 (I.C.10.c)",
                p.code
            );
            p.code = dotted(j11);
            p.title = icd.title(j11).unwrap_or_default();
            p.evidence = icd.tabular_evidence(j11);
        }
        if !out.iter().any(|o| o.code == p.code) {
            out.push(p);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_discharge_statement_rules_out_is_not_reported() {
        let icd = Icd10Cm::builtin().unwrap();
        let text = "The ED called it an NSTEMI. The discharge summary says 'Takotsubo cardiomyopathy; acute MI ruled out'.";
        assert!(ruled_out_at_the_end(&icd, "I21.4", text));
        assert!(!ruled_out_at_the_end(&icd, "I51.81", text));
        let ed = "The ED ruled out MI; admitted for chest pain, NSTEMI on day 2.";
        assert!(!ruled_out_at_the_end(&icd, "I21.4", ed));
    }

    #[test]
    fn a_code_whose_condition_the_provider_says_it_is_not_is_denied() {
        let icd = Icd10Cm::builtin().unwrap();
        let text = "Diabetic nephropathy; kidney function normal, this is not CKD. On metformin.";
        assert!(denied_outright(&icd, "E11.22", text));
        assert!(denied_outright(&icd, "N18.9", text));
        assert!(!denied_outright(&icd, "E11.21", text));
        assert!(!denied_outright(&icd, "Z79.84", text));
        let kept = "Stage 3a CKD; this is not an acute kidney failure.";
        assert!(!denied_outright(&icd, "N18.31", kept));
        assert!(denied_outright(&icd, "N17.9", kept));
        let ear = "Acute bullous myringitis, right ear, no otitis media.";
        assert!(denied_outright(&icd, "H66.91", ear));
        assert!(!denied_outright(&icd, "H73.011", ear));
        let cath = "Takotsubo cardiomyopathy; no coronary artery disease.";
        assert!(denied_outright(&icd, "I25.10", cath));
        // The title says the denial itself.
        let head = "Fell, hit his head, no loss of consciousness.";
        assert!(!denied_outright(&icd, "S06.0X0A", head));
        assert!(!denied_outright(&icd, "I21.4", "NSTEMI, no ST elevation."));
        assert!(!denied_outright(
            &icd,
            "I21.09",
            "Anterior MI, no ST elevation."
        ));
        assert!(!denied_outright(
            &icd,
            "R65.10",
            "SIRS, non-infectious, no organ dysfunction."
        ));
        let excised = "SCC of the left leg excised, margins clear, no cancer left.";
        assert!(!denied_outright(&icd, "Z85.828", excised));
    }
}
