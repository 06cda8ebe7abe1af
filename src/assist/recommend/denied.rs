//! What the question or the provider denies, or never states.

use std::sync::LazyLock;

use regex::Regex;

use super::{is_external_cause, recode, writes};
use crate::assist::icd10cm::{compact, dotted, Icd10Cm};
use crate::assist::suggest::Query;
use crate::domain::Recommendation;

/// A code whose title says "with" what the question denies ("ketoacidosis with coma" for "DKA,
/// no coma"): its sibling "without" it is the code (I.B.2: the code the record supports).
pub(super) fn nothing_the_question_denies(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let lower = text.to_lowercase();
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        let Some(title) = icd.title(&c).map(|t| t.to_lowercase()) else {
            continue;
        };
        let Some((_, rest)) = title.rsplit_once(" with ") else {
            continue;
        };
        let what = rest.split([',', '(']).next().unwrap_or_default().trim();
        let denied = ["without ", "w/o ", "no ", "denies "]
            .iter()
            .any(|n| lower.contains(&format!("{n}{what}")));
        if what.is_empty() || what.contains(' ') || !denied {
            continue;
        }
        let wanted = title.replacen(&format!(" with {what}"), &format!(" without {what}"), 1);
        let parent = &c[..c.len() - 1];
        let sibling = icd
            .billable_below(parent)
            .into_iter()
            .find(|b| icd.title(b).is_some_and(|t| t.to_lowercase() == wanted));
        if let Some(sibling) = sibling {
            let why = format!(
                "instead of {}: the question says no {what} ({})",
                r.code, r.why
            );
            recode(icd, r, &sibling, why);
        }
    }
    picked.dedup_by(|a, b| a.code == b.code);
    picked
}

/// What a code's title says is absent ("without obstruction or gangrene") where the question
/// states it, or one of its alternatives ("obstruction"): that phrase and its words.
pub(super) fn denied_but_stated(
    icd: &Icd10Cm,
    q: &Query,
    text: &str,
    code: &str,
) -> Option<(String, Vec<String>)> {
    let title = icd.title(code)?.to_lowercase();
    let lower = text.to_lowercase();
    // "severe without psychotic features" in the question says what the title says.
    let denied_too = |stated: &str| {
        ["without ", "w/o ", "no ", "not "]
            .iter()
            .any(|n| lower.contains(&format!("{n}{stated}")))
    };
    let (_, phrase) = title.split_once(" without ")?;
    let phrase = phrase.split(',').next().unwrap_or_default();
    // "without tophus (tophi)": the question may deny the other form ("without tophi").
    let (phrase, other_form) = match phrase.split_once('(') {
        Some((p, other)) => (p.trim(), other.split(')').next().unwrap_or_default().trim()),
        None => (phrase.trim(), ""),
    };
    if !other_form.is_empty() && denied_too(other_form) {
        return None;
    }
    std::iter::once(phrase)
        .chain(phrase.split(" or "))
        .map(str::trim)
        .find_map(|stated| {
            let words = super::text::title_terms(stated);
            (!words.is_empty() && words.iter().all(|t| q.has(t)) && !denied_too(stated))
                .then(|| (stated.to_owned(), words))
        })
}

/// Words before a cue, in its sentence, that say the record does not: "nobody documents the
/// deviation as congenital", "nothing about congenital or communicating".
static NOT_IN_THE_RECORD: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:nobody|no one|nothing about|no mention|not (?:documented|stated|called)|never (?:documented|stated|called)|doesn't (?:say|document)|does not (?:say|document))\b")
        .expect("a cue")
});

/// Whether the text says what `cue` matches as the record's own word: neither denied just
/// before it nor in a sentence that says nobody wrote it.
pub(super) fn said_by_the_record(cue: &Regex, text: &str) -> bool {
    cue.find_iter(text).any(|m| {
        let before = &text[..m.start()];
        let sentence = before
            .rsplit(['.', ';', '?', '!'])
            .next()
            .unwrap_or_default();
        !DENIED_JUST_BEFORE.is_match(before) && !NOT_IN_THE_RECORD.is_match(sentence)
    })
}

/// The text in lower case without what follows each mention of `code` to the end of its
/// clause or, when it opens a parenthesis, to its close: the title a coder quotes beside the
/// code they chose ("H81.21 (vestibular neuronitis, right)").
pub(super) fn without_quoted_title(text: &str, code: &str) -> String {
    let mut out = text.to_lowercase();
    for written in [dotted(code).to_lowercase(), code.to_lowercase()] {
        while let Some(at) = out.find(&written) {
            let end = quoted_title_end(&out, at + written.len());
            out.replace_range(at..end, " ");
        }
    }
    out
}

/// Where the words after a written code end: "D26.0, other benign neoplasm of cervix" (the
/// title after a comma or a dash), "C44.520 (SCC of anal skin)".
fn quoted_title_end(lower: &str, after: usize) -> usize {
    let rest = &lower[after..];
    let lead = rest.len() - rest.trim_start_matches([',', ' ', '-', ':', '=']).len();
    let (after, rest) = (after + lead, &rest[lead..]);
    if rest.trim_start().starts_with('(') {
        rest.find(')').map_or(lower.len(), |i| after + i + 1)
    } else {
        rest.find(['.', ',', ';', '?', '(', ')', '\n'])
            .map_or(lower.len(), |i| after + i)
    }
}

/// A written code for a finding the question says no provider took up ("the CT read mentions
/// a 1.2-cm right adrenal nodule that no provider addressed") is not an additional diagnosis:
/// an abnormal finding is reported only where the provider documents its significance
/// (Section III.B). The finding is the code's condition named in the sentence that says so.
pub(super) fn no_finding_no_provider_addressed(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !NO_PROVIDER_TOOK_IT_UP.is_match(text) {
        return picked;
    }
    // The clause that says so, and the one before where it only goes on from it ("..., but
    // no provider comments on either").
    let unaddressed: Vec<Vec<String>> = super::text::sentences(text)
        .into_iter()
        .flat_map(|s| {
            let clauses: Vec<&str> = s.split([',', ';']).collect();
            (0..clauses.len())
                .filter(|&i| NO_PROVIDER_TOOK_IT_UP.is_match(clauses[i]))
                .map(|i| {
                    let goes_on = ["but ", "and ", "yet "]
                        .iter()
                        .any(|w| clauses[i].trim_start().to_lowercase().starts_with(w));
                    let from = if goes_on { i.saturating_sub(1) } else { i };
                    super::text::query_terms(&clauses[from..=i].join(" "))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    if unaddressed.is_empty() {
        return picked;
    }
    let lower = text.to_lowercase();
    // A lab value names its disorder by the analyte ("a potassium of 3.3" for E87.6).
    let analyte_named = |code: &str| {
        ANALYTES.iter().any(|(prefix, words)| {
            code.starts_with(prefix)
                && unaddressed
                    .iter()
                    .any(|terms| words.iter().any(|w| terms.contains(&super::text::stem(w))))
        })
    };
    let named_there = |code: &str| {
        let concepts = super::ground::concepts(&icd.title(code).unwrap_or_default());
        (!concepts.is_empty()
            && unaddressed
                .iter()
                .any(|terms| super::text::half_named(&concepts, terms)))
            || analyte_named(code)
    };
    picked
        .into_iter()
        .filter(|r| {
            let c = compact(&r.code);
            !(writes(&lower, &c) && named_there(&c))
        })
        .collect()
}

/// The disorders of a lab value, by the analyte's names (E87.6 hypokalemia: "potassium", "K").
const ANALYTES: &[(&str, &[&str])] = &[
    ("E870", &["sodium", "na"]),
    ("E871", &["sodium", "na"]),
    ("E875", &["potassium", "k"]),
    ("E876", &["potassium", "k"]),
    ("E8342", &["magnesium", "mg"]),
    ("E8351", &["calcium", "ca"]),
    ("E8352", &["calcium", "ca"]),
    ("D649", &["hemoglobin", "hgb", "hb"]),
    ("R7309", &["glucose"]),
];

static NO_PROVIDER_TOOK_IT_UP: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\bno (?:provider|physician|doctor|clinician|one)\b[^.;]{0,30}?\b(?:comment\w*|address\w*|document\w*|mention\w*|evaluat\w*|act\w*)\b|\bnever (?:commented|addressed|documented|mentioned|evaluated|acted)\b|\bnot (?:commented on|addressed) by\b|\bwithout (?:a |any )?(?:provider|physician|doctor)(?:'s)? diagnos\w*",
    )
    .expect("a cue")
});

/// A written code whose condition the question never states (the coder's or an encoder's
/// reading: "the encoder returned M65.4" for a de Quervain thyroiditis, "L12.0" for a
/// pemphigus vulgaris) gives way to the codes the assistant read from the question's own
/// words: the title's condition word is nowhere in the question but in the title the coder
/// quotes beside the code (I.B.1: the Index leads from the provider's terms).
pub(super) fn no_written_code_for_an_unsaid_condition(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let lower = text.to_lowercase();
    let written = |c: &str| writes(&lower, c);
    let read_by_the_assistant = picked
        .iter()
        .any(|r| !written(&compact(&r.code)) && !is_external_cause(&r.code));
    if !read_by_the_assistant || !(A_TOOL_OFFERED.is_match(text) || ASKS_IF_IT_FITS.is_match(text))
    {
        return picked;
    }
    let unsaid = |c: &str| {
        let title = icd.title(c).unwrap_or_default();
        let plain = BRACKETED.replace_all(&title, " ");
        let Some(head) = head_noun(&plain) else {
            return false;
        };
        let rest = super::text::query_terms(&without_quoted_title(text, c));
        // The site a title names is the question's too: "carcinoma of anal skin" for an
        // anal canal carcinoma is the same head on another site.
        let site = affirmed_part(&plain).split_once(" of ").map(|(_, s)| s);
        let site_unsaid =
            site.is_some_and(|s| super::ground::concepts(s).iter().any(|w| !rest.contains(w)));
        !rest.contains(&head) || site_unsaid
    };
    picked
        .into_iter()
        .filter(|r| {
            let c = compact(&r.code);
            c.starts_with(['R', 'S', 'T', 'V', 'W', 'X', 'Y', 'Z']) || !written(&c) || !unsaid(&c)
        })
        .collect()
}

/// The written code is what a tool offered, not what anyone read from the record: "the
/// encoder returned M65.4", "searching 'cerebral aneurysm' gave I60.7".
static A_TOOL_OFFERED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:encoder|search\w*|lookup|look-up|autocoder|cac)\b[^.;?]{0,40}?\b(?:gave|give|gives|returned|returns|offered|offers|suggested|suggests|picked|came up with|showed|pulled)\b",
    )
    .expect("a cue")
});

/// The coder asks whether the written code fits the condition the question names: "Is that
/// right for a port-wine stain?", "Is that how a cervical polyp is coded?".
static ASKS_IF_IT_FITS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:is|was|would be)\s+(?:that|this|it)\s+(?:code\s+)?(?:right|correct|appropriate|accurate)\s+for\s+(?:a|an)\b|\bis\s+(?:that|this)\s+how\s+(?:a|an|the)\b[^?]{0,60}\bcoded\b",
    )
    .expect("a cue")
});

static BRACKETED: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"\[[^\]]*\]|\([^)]*\)").expect("a pattern"));

/// What a title says is present: what it says is absent or leaves open ("without
/// complications", "not having achieved remission", "suspected ... ruled out", "unspecified
/// organism") a question may deny too.
pub(super) fn affirmed_part(title: &str) -> &str {
    [
        " without ",
        " not ",
        " ruled out",
        "suspected ",
        " unspecified",
    ]
    .iter()
    .fold(title, |t, cut| t.split(cut).next().unwrap_or_default())
}

/// A condition the provider's own diagnostic statement says the patient does not have
/// ("menstrual toxic shock syndrome due to MSSA; not sepsis") is not coded, however the
/// question's other words (the coder's guesses) name it: the code follows the provider's
/// statement (I.A.19). A history or status (Z) is no denied condition ("no current
/// thrombosis" beside the history of one); read after every code is replaced, so a denied
/// code that another rule turns into what is present is not lost.
pub(super) fn nothing_the_provider_says_it_is_not(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let denied: Vec<String> = super::text::provider_statements(text)
        .into_iter()
        .map(|s| NO_DENIAL.replace_all(s, " . "))
        .flat_map(|s| super::text::denied_terms(&s))
        .collect();
    if denied.is_empty() {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            c.starts_with('Z') || !title_concepts(icd, &c).iter().any(|w| denied.contains(w))
        })
        .collect()
}

/// A "not" that denies no condition: a link ("not related to the eye surgery") or the others
/// beside the one stated ("no other crisis features").
static NO_DENIAL: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:not|no)\s+(?:(?:related|due|secondary|attributed|associated|caused|linked|from)\b|(?:other|further|additional|more)\b)[^.,;:]*",
    )
    .expect("a cue")
});

/// Whether the question denies one of a code's concepts wherever it names it ("she never met
/// sepsis criteria, this is not sepsis" for A41.01).
pub(super) fn denies_a_concept(icd: &Icd10Cm, text: &str, code: &str) -> bool {
    denial_of(text, &title_concepts(icd, code)).contains(&Some(true))
}

/// The concepts of what a code's title says is present ([`affirmed_part`]).
fn title_concepts(icd: &Icd10Cm, code: &str) -> Vec<String> {
    let title = icd.title(&compact(code)).unwrap_or_default();
    super::ground::concepts(affirmed_part(&title))
}

/// Whether the question denies every concept of a code's title it names, and names one
/// ("no hemorrhage on imaging" for I60.7, Nontraumatic subarachnoid hemorrhage): the written
/// code is for a condition the patient does not have. A concept it also says undenied ("COPD,
/// no exacerbation" for J44.1) keeps the code, whose line other rules mend.
pub(super) fn denies_every_concept_said(icd: &Icd10Cm, text: &str, code: &str) -> bool {
    let c = compact(code);
    // A status or a history is no condition a denial of the condition now takes away.
    if c.starts_with('Z') {
        return false;
    }
    // The condition itself is denied, not only a word that qualifies it: the title's head
    // noun ("hemorrhage" of "subarachnoid hemorrhage from ...", "carcinoma" of "carcinoma in
    // situ of endometrium"). It is read first, alone: most written codes stop there.
    let title = icd.title(&c).unwrap_or_default();
    let Some(head) = head_noun(&title) else {
        return false;
    };
    if denial_of(text, std::slice::from_ref(&head)) != [Some(true)] {
        return false;
    }
    // What places the condition ("vocal cords" of "nodules of vocal cords") is said of the
    // condition the patient has instead ("polyp of the vocal fold, no nodules"): only the
    // words of the condition's own name keep the code.
    !denial_of(text, &super::ground::concepts(title_lead(&title))).contains(&Some(false))
        && !NOT_DIAGNOSED_YET.is_match(text)
}

/// What a title names before what places or explains it ("of", "from", "due to", "in",
/// ",").
fn title_lead(title: &str) -> &str {
    [" of ", " from ", " due to ", " in ", " with ", ","]
        .iter()
        .fold(affirmed_part(title), |t, cut| {
            t.split(cut).next().unwrap_or_default()
        })
}

/// The last condition word of a title's lead ([`title_lead`]).
fn head_noun(title: &str) -> Option<String> {
    super::text::title_terms(title_lead(title))
        .into_iter()
        .rev()
        .find(|w| !super::ground::is_qualifier(w))
}

/// "No dx of HTN yet": what is not diagnosed yet is read by the rules for findings, not
/// denied.
static NOT_DIAGNOSED_YET: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bno\s+(?:dx|diagnosis)\s+of\b|\bnot\s+(?:yet\s+)?diagnosed\b")
        .expect("a cue")
});

/// For each concept, whether the question denies it wherever it names it (`None` where it
/// never names it).
fn denial_of(text: &str, concepts: &[String]) -> Vec<Option<bool>> {
    let lower = text.to_lowercase();
    // A word that starts there: "diabet" in "prediabetes" names another condition.
    let word_start = |i: usize| !lower[..i].ends_with(|c: char| c.is_alphanumeric());
    // Shorthand names its words where it stands: "HSV" is a mention of "herpesviral" where the
    // text never writes the word.
    let shorthand = std::cell::OnceCell::new();
    let shorthand = || -> &Vec<(usize, String)> {
        shorthand.get_or_init(|| {
            SHORTHAND
                .find_iter(&lower)
                .filter_map(|m| {
                    let words = super::text::expanded(m.as_str()).to_lowercase();
                    (words != m.as_str()).then(|| (m.start(), words))
                })
                .collect()
        })
    };
    concepts
        .iter()
        .map(|c| {
            let mut written: Vec<usize> = lower
                .match_indices(c.as_str())
                .map(|(i, _)| i)
                .filter(|&i| word_start(i))
                .collect();
            if written.is_empty() {
                written = shorthand()
                    .iter()
                    .filter(|(_, words)| words.contains(c.as_str()))
                    .map(|(i, _)| *i)
                    .collect();
            }
            // A denial governs its own sentence: "no deficits" in the subject line denies no
            // "HTN" that opens the body; nor past a closing quote ("'... not COPD' and nicotine
            // dependence").
            let sentence_before = |i: usize| {
                let before = &lower[..i];
                let sentence = &before[before
                    .rfind(['.', ';', '!', '?', '\n'])
                    .map_or(0, |j| j + 1)..];
                super::text::after_the_last_closing_quote(sentence)
            };
            (!written.is_empty()).then(|| {
                written.into_iter().all(|i| {
                    DENIED_JUST_BEFORE.is_match(sentence_before(i))
                        || DENIED_JUST_AFTER.is_match(&lower[i..])
                })
            })
        })
        .collect()
}

/// Whether the text says what `cue` matches at least once without a denial just before it.
pub(super) fn said_undenied(cue: &Regex, text: &str) -> bool {
    cue.find_iter(text)
        .any(|m| !DENIED_JUST_BEFORE.is_match(&text[..m.start()]))
}

/// A denial a few words before what it denies: "no", "never had an", "without any".
/// A word written in capitals or short, which the shorthand table may spell out.
static SHORTHAND: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"\b[a-z][a-z0-9-]{1,5}\b").expect("a cue"));

/// After a concept's word: the record does not say it ("sepsis was not documented", "criteria
/// were not met", "ruled out", "HSV PCR neg").
static DENIED_JUST_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)^[\w-]*(?:\s+criteria)?\s+(?:(?:was|were|is|are|has been|have been)\s+)?(?:not|never)\s+(?:documented|diagnosed|present|met|found|confirmed|identified|stated)\b|^[\w-]*(?:\s+criteria)?\s+(?:was|were|is|are|has been)\s+(?:ruled out|excluded)\b|^[\w-]*(?:\s+(?:pcr|test|testing|culture|cx|antigen|ag|screen|panel|swab|titer|serology|igm))?\s+(?:(?:was|is|came back|returned)\s+)?(?:neg|negative)\b",
    )
    .expect("a cue")
});

pub(super) static DENIED_JUST_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:no|never|not|without|denies|denied|free of)(?:\s+[\w'-]+){0,3}\s*$",
    )
    .expect("a cue")
});
