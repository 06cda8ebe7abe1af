//! What the question describes beside the written codes: the word match and the Alphabetic
//! Index entries its words lead to, and what keeps a word-alike out.

use std::sync::LazyLock;

use regex::Regex;

use super::{is_external_cause, GENERIC_TITLE_WORDS};
use crate::assist::checks::Status;
use crate::assist::encounter;
use crate::assist::entries::Entry;
use crate::assist::icd10cm::{compact, Icd10Cm};
use crate::assist::lookup;
use crate::assist::suggest::Query;

/// Observation for a suspected condition ruled out (I.C.21.c.6).
pub(super) fn observation(code: &str) -> bool {
    let c = compact(code);
    c.starts_with("Z03") || c.starts_with("Z04")
}

/// A word-matched external cause beside an external cause the question writes already.
pub(super) fn second_mechanism(code: &str, statuses: &[(String, Status)]) -> bool {
    is_external_cause(code) && statuses.iter().any(|(w, _)| is_external_cause(w))
}

/// Words for a growth: a neoplasm, whatever its behaviour, is named as one ("mass", "lesion",
/// "ca", a histology ending in "-oma").
pub(super) static NAMES_A_GROWTH: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:neoplas\w*|tumou?rs?|cancers?|ca|carcinoma\w*|malignan\w*|masse?s?|lesions?|growths?|mets|metasta\w*|\w+omas?|\w+omata|nodules?|nodular|polyps?|cysts?|nev[iu]s?|leuk\w*|myelo\w*|\w*cytosis|in situ|cin\d*|[dl]cis|bowen\w*|mgus|mds|polycythemia|\w*prolif\w*)\b")
        .expect("a cue")
});

/// Words for a malignancy, whatever its site: a word match of Chapter 2's malignant codes needs
/// one.
pub(super) static NAMES_A_MALIGNANCY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:cancers?|ca|adenoca|malignan\w*|\w*carcinoma\w*|\w*sarcoma\w*|\w*blastoma\w*|lymphoma\w*|leuk\w*|melanoma\w*|myeloma\w*|mesothelioma\w*|\w*glioma\w*|seminoma\w*|carcinoid\w*|mets|metasta\w*|tumou?rs?|neoplasm\w*|hodgkin\w*|cll|aml|cml|mds|nhl|mgus|polycythemia|\w*cytosis|myelo\w*)\b")
        .expect("a cue")
});

/// A disease's name by its ending: an inflammation, a degeneration, a growth, a disease of a
/// part ("osteoarthritis", "nephropathy").
static DISEASE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"^(?:\w{3,}(?:itis|osis|oma|pathy|algia|emia|plegia|ectasia|trophy)|disorder|dysfunction|syndrome|edema)$",
    )
    .expect("a disease ending")
});

/// A word match whose title joins a prefix to a word the question says bare: "Post-term
/// newborn" (P08.21) for a "term newborn", "Non-ST elevation" for an ST elevation.
pub(super) fn prefix_unsaid(icd: &Icd10Cm, code: &str, text: &str) -> bool {
    let title = icd.title(code).unwrap_or_default().to_lowercase();
    let lower = super::text::spaced_words(text);
    title
        .split_whitespace()
        .filter_map(|w| w.split_once('-'))
        .filter(|(prefix, _)| ["post", "pre", "non", "un", "anti"].contains(prefix))
        .any(|(prefix, word)| {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            let joined = [format!(" {prefix} {word} "), format!(" {prefix}{word} ")];
            lower.contains(&format!(" {word} ")) && !joined.iter().any(|j| lower.contains(j))
        })
}

/// A word match whose only words the question says are those of the title's hyphenated
/// modifier: "post-op ... voiding" or a "post-void residual" is no "Post-void dribbling".
pub(super) fn only_its_compound_said(icd: &Icd10Cm, code: &str, q: &Query) -> bool {
    let title = icd.title(code).unwrap_or_default().to_lowercase();
    // A prefix's compound only: "Guillain-Barré" and "Stevens-Johnson" are names.
    let (compounds, rest): (Vec<&str>, Vec<&str>) = title.split_whitespace().partition(|w| {
        w.split_once('-')
            .is_some_and(|(prefix, _)| ["post", "pre", "non", "un", "anti"].contains(&prefix))
    });
    let said = |words: &[&str]| {
        super::text::title_terms(&words.join(" "))
            .iter()
            .any(|w| !super::ground::is_qualifier(w) && q.has(w))
    };
    !compounds.is_empty() && said(&compounds) && !said(&rest)
}

/// A word match for an abnormal finding the question calls normal ("normal weight gain" is no
/// R63.5 Abnormal weight gain).
pub(super) fn found_normal(icd: &Icd10Cm, code: &str, text: &str) -> bool {
    let title = icd.title(code).unwrap_or_default().to_lowercase();
    let Some(finding) = title.strip_prefix("abnormal ") else {
        return false;
    };
    let finding = finding.split([',', '(']).next().unwrap_or_default().trim();
    let lower = text.to_lowercase();
    lower.contains(&format!("normal {finding}")) && !lower.contains(&format!("abnormal {finding}"))
}

/// A word match whose title names a disease the question does not (M17.31 "post-traumatic
/// osteoarthritis, right knee" for post-traumatic knee pain): the words it shares are the
/// disease's circumstances, not the disease. An inclusion term that names no unsaid disease
/// ("Hand, foot and mouth disease" at B08.4) is the code's name the question uses.
pub(super) fn names_an_unsaid_disease(icd: &Icd10Cm, code: &str, q: &Query) -> bool {
    let unsaid = |name: &str| {
        name.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| DISEASE_NAME.is_match(w))
            .any(|w| !q.has_like(&super::text::stem(w)))
    };
    unsaid(&icd.title(code).unwrap_or_default())
        && icd
            .node(code)
            .is_none_or(|n| n.notes.inclusion_terms.iter().all(|t| unsaid(t)))
}

/// "Hypertension on amlodipine", "hypothyroidism, on levothyroxine": a condition the text
/// names just before a drug of the Table of Drugs (or of a class row there) it is taken on.
pub(super) fn on_a_drug(drugs: &lookup::Book, lower: &str, main: &str) -> bool {
    let main = main.to_lowercase();
    // Shorthand spelled out says the term in more than one form ("HTN hypertension
    // hypertensive on lisinopril"): the forms after the first are the same term.
    let stem: String = main.chars().take(6).collect();
    let a_drug = |name: &str| {
        !drugs.main_terms(name).is_empty() || super::drug_classes::class_row(drugs, name).is_some()
    };
    lower.match_indices(main.as_str()).any(|(i, m)| {
        // "amlodipine was continued for hypertension": the drug before what it is for, not
        // what it prevents ("for stroke prevention").
        let drug_before = DRUG_FOR
            .captures(super::text::window(lower, i.saturating_sub(80), i))
            .is_some_and(|c| a_drug(&c[1]))
            && !PREVENTION.is_match(&lower[i + m.len()..]);
        starts_a_word(lower, i)
            && (drug_before || {
                let mut rest = &lower[i + m.len()..];
                rest = rest.trim_start_matches(char::is_alphanumeric);
                while let Some(next) = Some(rest.trim_start()).filter(|r| r.starts_with(&stem)) {
                    rest = next.trim_start_matches(char::is_alphanumeric);
                }
                ON_A_DRUG.captures(rest).is_some_and(|c| a_drug(&c[1]))
            })
    })
}

/// Whether byte `at` of `lower` starts a word (no letter or digit before it).
fn starts_a_word(lower: &str, at: usize) -> bool {
    !lower[..at].ends_with(char::is_alphanumeric)
}

/// "treated hypokalemia with oral KCl", "hypokalemia from vomiting and repleted": a condition
/// the question says was treated in the encounter (Section III: a condition that needs
/// treatment is reported), by the verb just before it or just after it and its cause.
pub(super) fn said_treated(lower: &str, main: &str) -> bool {
    let main = main.to_lowercase();
    lower.match_indices(main.as_str()).any(|(i, m)| {
        let whole =
            starts_a_word(lower, i) && !lower[i + m.len()..].starts_with(char::is_alphanumeric);
        let before = super::text::window(lower, i.saturating_sub(30), i);
        let after = super::text::window(lower, i + m.len(), (i + m.len() + 60).min(lower.len()));
        whole && (TREATED_BEFORE.is_match(before) || TREATED_AFTER.is_match(after))
    })
}

static TREATED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"\b(?:treated|repleted|corrected)\s+(?:(?:her|his|the|a|an|mild|moderate|severe)\s+)?$",
    )
    .expect("a cue")
});

static TREATED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"^\s*(?:\([^)]*\)\s*)?(?:(?:from|due to)\s+[\w\s-]{0,25}?)?,?\s*(?:and\s+|which\s+)?(?:was\s+|were\s+|is\s+)?(?:treated|repleted|corrected)\b")
        .expect("a cue")
});

/// "Chronic: HTN, hyperlipidemia, both controlled", "known CAD", "PMH: COPD, OSA": a
/// condition the question lists as one the patient lives with and is managed for. Such a
/// coexisting condition affects the care and is coded beside the reason for the visit (III,
/// IV.J). The entry's words are all in one item of such a list (items end at commas, "and",
/// "with" and brackets), or in the item a "known" or "controlled" qualifies; an item that denies, doubts or
/// puts the condition in the past ("h/o", "risk", "not documented") lists no condition.
pub(super) fn managed_condition(text: &str, e: &Entry) -> bool {
    let path = e.names();
    let words: Vec<String> = super::text::title_terms(path)
        .into_iter()
        .filter(|t| !t.contains(':'))
        .collect();
    let needed = e.words.min(words.len()).max(1);
    // The main term by one of its names ("Hyperlipemia, hyperlipidemia"), not a subterm's
    // word alone ("bone" of "Lesion, secondary, bone").
    let parts: Vec<&str> = path.split(',').collect();
    let main = match parts.as_slice() {
        [first, second, ..] if lookup::alternatives(&format!("{first},{second}")) => {
            format!("{first},{second}")
        }
        [first, ..] => (*first).to_owned(),
        [] => return false,
    };
    let names_it = |item: &str| {
        let said = Query::new(item);
        !NOT_CURRENT.is_match(item)
            && crate::assist::entries::literal(&main, &crate::assist::entries::spaced(item))
            && words.iter().filter(|w| says(&said, w)).count() >= needed
    };
    text.split(['.', ';', '\n'])
        .flat_map(managed_items)
        .any(names_it)
}

/// The items of a sentence that name conditions the patient is managed for.
fn managed_items(sentence: &str) -> Vec<&str> {
    if let Some(list) = LIST_HEADER.find(sentence) {
        // Everything after the header is the list.
        return items(&sentence[list.end()..]);
    }
    let items = items(sentence);
    if let Some(at) = items.iter().position(|i| ALL_CONTROLLED.is_match(i)) {
        // "HTN, hyperlipidemia, both controlled": the items before.
        return items[..at].to_vec();
    }
    items
        .into_iter()
        .filter(|i| QUALIFIED.is_match(i))
        .collect()
}

/// An entry whose last subterm the question writes within six words of its main term ("hay
/// fever", "aneurysm of the right middle cerebral artery", not a fever "after forking moldy
/// hay"); a main term alone is said where it is. A subterm "with" or "due to" another
/// condition links the two wherever the question names them (I.A.15), an implied main term
/// ("Complication" of a device's infection) is said nowhere, and a symptom's qualifier may be
/// what a shorthand spells out.
pub(super) fn subterm_near_its_main_term(text: &str, e: &Entry) -> bool {
    let path = e.names();
    // Of an entry reached through a "see" reference, the entry the question's words found.
    let path = path.split(" - see ").next().unwrap_or(path);
    let parts: Vec<&str> = path.split(',').map(str::trim).collect();
    let (Some(main), Some(last)) = (parts.first(), parts.last()) else {
        return true;
    };
    let linked = parts
        .iter()
        .any(|p| ["with", "due to", "in", "due to or associated with"].contains(p));
    if parts.len() < 2
        || linked
        || symptom(e)
        || main.eq_ignore_ascii_case(lookup::IMPLIED_MAIN_TERM)
    {
        return true;
    }
    let words = stems_of(&super::text::expanded(text), 3);
    said_within(&words, &stems_of(main, 3), &stems_of(last, 3), 6)
}

/// Whether a word of `main` stands within `reach` words of a word of `last` in `words` (all
/// stems).
pub(super) fn said_within<S: AsRef<str>>(
    words: &[S],
    main: &[String],
    last: &[String],
    reach: usize,
) -> bool {
    let is_in = |list: &[String], w: &S| list.iter().any(|x| x == w.as_ref());
    words.iter().enumerate().any(|(i, w)| {
        is_in(main, w)
            && words[i.saturating_sub(reach)..(i + reach + 1).min(words.len())]
                .iter()
                .any(|n| is_in(last, n))
    })
}

/// The stems of a text's words of at least `shortest` letters, in order.
pub(super) fn stems_of(text: &str, shortest: usize) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= shortest)
        .map(super::text::stem)
        .collect()
}

/// Where the question tells an entry's condition: at the deepest of the entry's names the
/// (lower-case) text says. "sick sinus" places "Syndrome, sick sinus", where "syndrome" could
/// be any syndrome's.
pub(super) fn told_at(e: &Entry, lower: &str) -> usize {
    let path = e.names().to_lowercase();
    path.split(',')
        .rev()
        .find_map(|name| lower.find(name.trim()))
        .unwrap_or(usize::MAX)
}

/// Whether a piece of the question has an entry's stemmed word; the generic nouns of main
/// terms ("disease", "disorder") are kept whole in a question's terms.
pub(super) fn says(q: &Query, word: &str) -> bool {
    q.has(word)
        || crate::assist::text::GENERIC_MAIN_TERMS
            .iter()
            .any(|g| q.has(g) && crate::assist::text::stem(g) == word)
}

/// A sentence cut before each comma, "and", "with" or "without", each item keeping the word
/// that opens it ("without dyskinesia" denies what it names).
fn items(sentence: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for m in ITEM_END.find_iter(sentence) {
        out.push(&sentence[start..m.start()]);
        start = m.start();
    }
    out.push(&sentence[start..]);
    out
}

static ITEM_END: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i),|\band\b|\bwith(?:out)?\b|\bw/o?|\(|\)").expect("a cue")
});

static LIST_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bchronic\s*(?:conditions?|problems?|issues|medical problems|diagnoses|dx)?\s*:|\bcomorbid(?:ities|ity)?\s*(?:include\b|are\b|of\b|:)|\b(?:pmh|past medical history)\s*(?::|of\b|includes?\b|significant for\b|notable for\b)|\balso has\b")
        .expect("a cue")
});

static ALL_CONTROLLED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)^\W*(?:and\s+)?(?:both|all|each)\s+(?:well[- ]|now\s+)?(?:controlled|stable|managed)\b")
        .expect("a cue")
});

static QUALIFIED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bknown\b|\b(?:well[- ]|poorly |un)?controlled\b").expect("a cue")
});

/// An item that puts the condition in the past, in the family, in doubt or denies it.
static NOT_CURRENT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)^\W*(?:without|w/o)\b|\b(?:history|hx) of\b|\bh/o\b|\bs/p\b|\bno\b|\bnot\b|\bdenie[sd]\b|\brisk\b|\bscreen|\br/o\b|\brule out\b|\bsuspect|\bpossible\b|\bprobable\b|\bfamily\b|\bmother|\bfather|\bresolved\b")
        .expect("a cue")
});

static PREVENTION: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"^\w*\s+(?:prevention|prophylaxis|risk)").expect("a cue"));

static DRUG_FOR: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"\b([a-z]{4,})(?:\s+(?:was|is|were|are|continued|resumed|held|given|prescribed|taken|daily|twice|\d+\s*(?:mg|mcg)))*\s+for\s+(?:her\s+|his\s+|the\s+)?$")
        .expect("a cue")
});

static ON_A_DRUG: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"^\w*\W{1,3}(?:(?:was |is |were |are |has been |remains |remained )?(?:well |now )?(?:controlled|managed|maintained|treated) )?(?:on|with) ([a-z]{4,})\b")
        .expect("a cue")
});

/// A code for the condition a follow-up examination comes after: a malignancy beside Z08, a
/// condition the history code names beside Z09 (I.C.21.c.8: it no longer exists).
pub(super) fn treated(icd: &Icd10Cm, code: &str, reason: &encounter::Reason) -> bool {
    let c = compact(code);
    if c.starts_with('Z') {
        return false;
    }
    if reason.first.code == "Z08" {
        return c.starts_with('C');
    }
    let Some(history) = &reason.history else {
        return false;
    };
    let said = super::text::title_terms(&history.title);
    super::ground::concepts(&icd.title(&c).unwrap_or_default())
        .iter()
        .any(|w| said.contains(w))
}

/// Whether a title says "with" something the question does not.
pub(super) fn with_unsaid(icd: &Icd10Cm, code: &str, q: &Query) -> bool {
    super::ground::title_terms_of(icd, code)
        .iter()
        .filter_map(|t| t.strip_prefix("with:"))
        .any(|w| !q.has(w))
}

/// Whether a word match says "unspecified" where an Index entry of its main term names a word
/// of the question its title does not have: the entry is read further than the title.
pub(super) fn leaves_unspecified(icd: &Icd10Cm, code: &str, e: &Entry, q: &Query) -> bool {
    if !icd.says_unspecified(code) {
        return false;
    }
    let title = super::ground::title_terms_of(icd, code);
    let alike = |a: &str, b: &str| a.starts_with(b) || b.starts_with(a);
    let main = super::text::title_terms(&e.main);
    let path = e.names();
    !main.is_empty()
        && main.iter().all(|m| title.iter().any(|t| alike(t, m)))
        && super::text::title_terms(path)
            .iter()
            .filter(|w| q.has(w) && !w.starts_with("with:"))
            .any(|w| !title.iter().any(|t| alike(t, w)))
}

/// Whether a code's title names an entry's main term ("overload" of "Overload, iron").
pub(super) fn names_the_main_term(icd: &Icd10Cm, code: &str, e: &Entry) -> bool {
    let main = super::text::title_terms(&e.main);
    let title = super::ground::title_terms_of(icd, code);
    !main.is_empty() && main.iter().all(|m| title.contains(m))
}

/// Whether a code's title says a word the question does not and another code's title does
/// not either (its "with" aside).
pub(super) fn says_unsaid(icd: &Icd10Cm, code: &str, other: &str, q: &Query) -> bool {
    let theirs = super::ground::title_terms_of(icd, other);
    super::ground::title_terms_of(icd, code)
        .iter()
        .filter(|t| !t.starts_with("with") && !GENERIC_TITLE_WORDS.contains(&t.as_str()))
        .any(|t| !q.has(t) && !theirs.contains(t))
}

/// How many of the question's words a code's title says (qualifiers and all).
pub(super) fn title_words_said(icd: &Icd10Cm, code: &str, q: &Query) -> usize {
    title_words_in(icd, code, |w| q.has(w))
}

/// Whether the line of `code` (its title or an inclusion term) that says most of the question's
/// words says at most half of them once the question's uncertain diagnoses are blanked
/// (`settled`): "likely ... renal glycosuria" is E74.818's inclusion term, uncertain (IV.H).
pub(super) fn best_line_mostly_uncertain(
    icd: &Icd10Cm,
    code: &str,
    q: &Query,
    settled: &Query,
) -> bool {
    let Some(node) = icd.node(code) else {
        return false;
    };
    let said_in = |line: &str, q: &Query| {
        super::text::title_terms(line)
            .iter()
            .filter(|w| q.has(w))
            .count()
    };
    std::iter::once(&node.title)
        .chain(&node.notes.inclusion_terms)
        .map(|line| (said_in(line, q), line))
        .max_by_key(|(said, _)| *said)
        .is_some_and(|(said, line)| said > 0 && 2 * said_in(line, settled) <= said)
}

/// The question without its sentences that name one of `codes` (compact): what is left is
/// what the question says of the patient, not the coder's reading of a code.
pub(super) fn without_sentences_naming(text: &str, codes: &[String]) -> String {
    super::text::sentences(text)
        .into_iter()
        .filter(|sentence| {
            !sentence
                .split(|c: char| !c.is_alphanumeric() && c != '.')
                .any(|token| codes.contains(&compact(token.trim_end_matches('.'))))
        })
        .collect::<Vec<_>>()
        .join(". ")
}

/// Whether a word match says "preterm" of a pregnancy the question puts at 37 completed weeks
/// or more (O60.10X1 for a spontaneous labor at 39 weeks): term is no preterm (I.C.15.a.7).
pub(super) fn preterm_at_term(icd: &Icd10Cm, code: &str, text: &str) -> bool {
    const TERM: u32 = 37 * 7;
    icd.title(code)
        .is_some_and(|t| t.to_lowercase().contains("preterm"))
        && crate::assist::obstetric::gestation_days(text).is_some_and(|days| days >= TERM)
}

/// The words that make a measurement a finding, each with the words that say it another way.
/// ("Abnormal" is not among them: "weight gain" says R63.5, abnormal weight gain.)
const FINDING_WORDS: &[&[&str]] = &[
    &["impaired", "impairment"],
    &[
        "elevated",
        "elevation",
        "high",
        "raised",
        "increased",
        "rising",
    ],
    &["decreased", "low", "reduced", "diminished", "depressed"],
];

/// Whether an abnormal finding's title (Chapter 18) is read from the measurement alone, its
/// abnormality unsaid: "fasting glucose is 84" is no R73.01, impaired fasting glucose.
pub(super) fn finding_unsaid(icd: &Icd10Cm, code: &str, q: &Query) -> bool {
    if !code.starts_with('R') {
        return false;
    }
    let title = super::ground::title_terms_of(icd, code);
    FINDING_WORDS.iter().any(|group| {
        let stems: Vec<String> = group.iter().map(|w| super::text::stem(w)).collect();
        stems.iter().any(|s| title.contains(s)) && !stems.iter().any(|s| q.has(s))
    })
}

/// Whether the only words of `code`'s title the question says are who the patient is ("newborn
/// baby" of P08.0 "Exceptionally large newborn baby"): the title's condition goes unsaid.
pub(super) fn only_the_patient_said(icd: &Icd10Cm, code: &str, q: &Query) -> bool {
    const PATIENT: &[&str] = &[
        "newborn",
        "neonate",
        "neonatal",
        "baby",
        "infant",
        "gestational",
        "age",
    ];
    let said: Vec<String> = super::ground::title_terms_of(icd, code)
        .into_iter()
        .filter(|w| q.has(w))
        .collect();
    !said.is_empty()
        && said
            .iter()
            .all(|w| PATIENT.iter().any(|p| super::text::stem(p) == *w))
}

/// How many distinct words of `code`'s title `has` finds.
pub(super) fn title_words_in(icd: &Icd10Cm, code: &str, has: impl Fn(&str) -> bool) -> usize {
    let mut words = super::ground::title_terms_of(icd, code);
    words.sort();
    words.dedup();
    words.iter().filter(|w| has(w)).count()
}

/// Whether one of the quoted statements says an Index entry: its words, and its last subterm
/// as the statement writes it ("cat-scratch", not the "I-cell" of a "sickle-cell disease").
/// A main term's other names ("Epilepsy, epileptic, epilepsia") are said by the one it writes.
pub(super) fn stated_in(statements: &[(String, Vec<String>)], e: &Entry) -> bool {
    const SAME_WORD: usize = 4;
    let path = e.names();
    let main = e.main.to_lowercase();
    let shares_the_main_term = |part: &&&str| {
        let part = part.trim().to_lowercase();
        part.chars()
            .zip(main.chars())
            .take_while(|(a, b)| a == b)
            .count()
            >= SAME_WORD
    };
    let parts: Vec<&str> = path.split(", ").collect();
    let names = parts.iter().take_while(shares_the_main_term).count().max(1);
    let main_names = super::text::title_terms(&parts[..names].join(", "));
    let below = super::text::title_terms(&parts[names..].join(", "));
    let last = super::text::spaced_words(parts.last().copied().unwrap_or_default());
    statements.iter().any(|(spaced, stems)| {
        spaced.contains(&last)
            // "Disorder" has no words of its own to say.
            && (main_names.is_empty() || main_names.iter().any(|w| stems.contains(w)))
            && below.iter().all(|w| stems.contains(w))
    })
}

/// The stems of each of the provider's diagnostic statements the question gives, quoted or
/// in its own words ([`super::text::provider_statements`]).
pub(super) fn documented_statements(text: &str) -> Vec<(String, Vec<String>)> {
    super::text::provider_statements(text)
        .into_iter()
        .map(|quoted| {
            let statement = super::text::expanded(quoted);
            // ... with the degree it gives ("degree:2" of "second-degree"), which the Index's
            // subterm ("Sunburn, second degree") says as its term.
            let counted = super::text::title_terms(&statement)
                .into_iter()
                .filter(|t| t.starts_with("degree:"));
            let stems = statement
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(super::text::stem)
                .chain(counted)
                .collect();
            (super::text::spaced_words(&statement), stems)
        })
        .collect()
}

/// A setting that says it does not report external cause codes (I.C.20: no national
/// requirement).
pub(super) static NO_EXTERNAL_CAUSES: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:do(?:es)?\s*n[o']t|never|don't)\s+(?:\w+\s+){0,2}?(?:report|code|use|submit|capture)\w*\s+(?:any\s+)?external[- ]cause|\bexternal[- ]cause codes?\s+(?:are|is)\s+not\s+(?:reported|required|used)",
    )
    .expect("a cue")
});

/// The coder asks what the written codes leave out: the Index's conditions are read beside
/// them.
pub(super) static ASKS_FOR_MORE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:anything|what|codes?|something)(?:'s| is)?\s+(?:else|missing|extra)\b|\bam i missing\b|\bdid (?:i|we) miss\b|\bmissing (?:any|anything|a code|codes|something)\b|\badditional (?:codes?|dx|diagnos[ie]s)\b|\b(?:its|their) own codes?\b|\b(?:coded|reported) (?:too|also|as well|separately)\b|\b(?:code|report) (?:it|them|this|that) (?:too|also|as well|separately)\b|\bseparate codes?\b",
    )
    .expect("a cue")
});

/// At most this many conditions are read from the Index beside the other codes.
pub(super) const ENTRIES_ADDED: usize = 3;

/// Main terms that name a growth before its histology is known: beside a neoplasm the tables
/// read, they are its sites.
pub(super) const GROWTH_FINDING: &[&str] = &["Lesion", "Mass", "Nodule", "Lump", "Tumor"];

/// A symptom's entry: a code of Chapter 18 or an entry under "Pain", which a definitive
/// diagnosis explains (I.B.5, I.C.6.b.1).
pub(super) fn symptom(e: &Entry) -> bool {
    e.code.starts_with('R') || e.path.starts_with("Pain,") || e.path.starts_with("Ache")
}

/// A question that names a pregnancy or its test at all.
pub(super) static PREGNANCY_NAMED: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)pregnan|\b(?:b-?)?hcg\b|\bupt\b").unwrap());

/// A main term the question says only as the modifier of another main term that lists it as a
/// subterm: "stress" in "stress fracture" (Fracture, traumatic, stress) is no reaction to
/// stress, "fatigue" in "fatigue fracture" no fatigue.
pub(super) fn only_a_modifier_of_another_term(index: &lookup::Book, text: &str, e: &Entry) -> bool {
    let main = e.main.to_lowercase();
    if e.depth != 0 || main.contains([' ', ',']) {
        return false;
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let lists_it = |head: &str| {
        let singular = head.strip_suffix('s').unwrap_or(head);
        [head, singular].iter().any(|h| {
            index
                .main_terms(h)
                .iter()
                .any(|&t| index.subterm(t, &main).is_some())
        })
    };
    let mut said = words.windows(2).filter(|w| w[0] == main).peekable();
    said.peek().is_some() && said.all(|w| lists_it(w[1])) && words.last().is_none_or(|w| *w != main)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str) -> Entry {
        Entry {
            code: String::new(),
            path: path.to_owned(),
            words: 2,
            depth: 1,
            main: path.split(',').next().unwrap_or_default().to_owned(),
            literal: true,
        }
    }

    #[test]
    fn an_entry_s_subterm_is_said_near_its_main_term() {
        let hay = entry("Fever, hay → J30.1");
        assert!(subterm_near_its_main_term("Seasonal hay fever.", &hay));
        assert!(!subterm_near_its_main_term(
            "Recurrent fever, chills, cough and dyspnea 4-8 hours after forking moldy hay each winter.",
            &hay
        ));
        let aneurysm = entry("Aneurysm, cerebral - see Aneurysm, brain; Aneurysm, brain → I67.1");
        assert!(subterm_near_its_main_term(
            "A 5-mm saccular aneurysm of the right middle cerebral artery.",
            &aneurysm
        ));
    }

    #[test]
    fn a_managed_condition_is_an_item_of_a_list_or_one_called_known_or_controlled() {
        assert_eq!(
            managed_items("Chronic: HTN, hyperlipidemia"),
            [" HTN", ", hyperlipidemia"]
        );
        assert_eq!(
            managed_items("Also has HTN and hyperlipidemia, both controlled"),
            [" HTN ", "and hyperlipidemia", ", both controlled"]
        );
        assert_eq!(
            managed_items("HTN, hyperlipidemia, both controlled"),
            ["HTN", ", hyperlipidemia"]
        );
        assert_eq!(
            managed_items("Known CAD, stable, with angina"),
            ["Known CAD"]
        );
        // Nothing in the sentence says the patient lives with the condition.
        assert!(managed_items("Seen for a cough and a sore throat").is_empty());
        for denied in [
            "without dyskinesia",
            ", h/o breast cancer",
            ", stroke risk low",
            ", family history of CAD",
        ] {
            assert!(NOT_CURRENT.is_match(denied), "{denied}");
        }
        assert!(!NOT_CURRENT.is_match(", hyperlipidemia"));
    }
}
