//! Whether a candidate code is about something the question describes. A word shared with a
//! title is not enough: "brief LOC" shares words with concussion codes, "carpal tunnel" with
//! tarsal tunnel, and a note at C34 asks for tobacco dependence whether or not anyone smokes.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::icd10cm::Icd10Cm;
use super::text::{stem, title_terms};

/// The kinds of encounter whose chapters have nothing to offer a question that does not
/// describe one of them.
pub struct Setting {
    injury: bool,
    pregnancy: bool,
    newborn: bool,
    history: bool,
    family: bool,
}

static INJURY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(injur\w*|fx|fractur\w*|lacerat\w*|contus\w*|sprain\w*|strain\w*|dislocat\w*|burn\w*|wound\w*|trauma\w*|fall|fell|falls|accident\w*|mva|mvc|assault\w*|punch\w*|fight\w*|bite|bitten|poison\w*|overdose\w*|toxic\w*|adverse|underdos\w*|foreign body|concussion|tbi|crush\w*|amputat\w*|abrasion\w*|puncture\w*|gunshot|gsw|stab\w*|frostbite|complication\w*|reaction|allerg\w*|anaphyla\w*|rejection|dog|struck|hit|collision|avulsion|hematoma|whiplash|tear|torn|rupture\w*|displaced|nondisplaced|exposure|aftercare|sequela\w*|deliberate|intentional)\b",
    )
    .unwrap()
});
static PREGNANCY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(pregnan\w*|gravid\w*|\bob\b|g\d\s*p\d|antepartum|prenatal|postpartum|puerper\w*|gestation\w*|trimester|labor|delivery|delivered|cesarean|c-section|\d+\s*w\d+d|\d+\s*wks?\b|miscarriage|abortion|ectopic|hyperemesis|preeclampsia|eclampsia|lactat\w*|breastfeed\w*|fetus|fetal|twins?|triplets?)\b").unwrap()
});
static NEWBORN: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(newborn|neonat\w*|nicu|infant|baby|born|birth|hrs? of life|days? of life|dol|preterm|premature|perinatal|liveborn|nursery|(?:\d{1,2}|one|two|three|four)[- ](?:days?|d|wks?|weeks?)[- ]old)\b").unwrap()
});

static HISTORY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(history|hx|h/o|s/p|status post|prior|previous\w*|past|former\w*|remission|resolved|treated|completed|no evidence of disease|ned)\b").unwrap()
});
static FAMILY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(family|fhx|fh|father|mother|dad|mom|brother|sister|sibling\w*|parents?|grand\w+)\b").unwrap()
});

/// An "injury" no trauma caused: acute kidney injury, a pressure injury, acute lung injury.
static NOT_TRAUMA: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:acute )?(?:kidney|renal|lung) injur(?:y|ies)\b|\bpressure injur(?:y|ies)\b|\baki\b")
        .unwrap()
});

impl Setting {
    pub fn of(text: &str) -> Self {
        Setting {
            injury: INJURY.is_match(&NOT_TRAUMA.replace_all(text, " ")),
            pregnancy: PREGNANCY.is_match(text),
            newborn: NEWBORN.is_match(text),
            history: HISTORY.is_match(text),
            family: FAMILY.is_match(text),
        }
    }

    /// Injuries, poisonings and complications (S, T), external causes (V–Y), pregnancy (O),
    /// the perinatal period (P), birth status (Z38), family history (Z80–Z84) and personal
    /// history (Z85–Z87) only when the question is about one.
    pub fn admits(&self, code: &str) -> bool {
        match code.as_bytes().first() {
            Some(b'S' | b'T' | b'V' | b'W' | b'X' | b'Y') => self.injury,
            Some(b'O') => self.pregnancy,
            Some(b'P') => self.newborn,
            _ if code.starts_with("Z38") => self.newborn,
            _ if ("Z80".."Z85").contains(&code.get(..3).unwrap_or_default()) => self.family,
            _ if ("Z85".."Z88").contains(&code.get(..3).unwrap_or_default()) => self.history,
            _ => true,
        }
    }
}

/// Words that qualify a condition or frame a note without naming a condition: a title that
/// shares only these with a question is about something else ("moderate hydronephrosis" →
/// moderate retinopathy), and a note that adds only these adds nothing the question asked
/// ("use additional code to identify the type, if applicable").
const QUALIFIERS: &[&str] = &[
    "right",
    "left",
    "bilateral",
    "unilateral",
    "side",
    "part",
    "acute",
    "chronic",
    "current",
    "recurrent",
    "moderate",
    "mild",
    "severe",
    "low",
    "high",
    "small",
    "large",
    "lower",
    "upper",
    "external",
    "internal",
    "unspecified",
    "other",
    "specified",
    "syndrome",
    "disease",
    "diseases",
    "disorder",
    "disorders",
    "condition",
    "conditions",
    "malignant",
    "neoplasm",
    "cancer",
    "ca",
    "health",
    "normal",
    "well",
    "routine",
    "encounter",
    "status",
    "history",
    "personal",
    "family",
    "type",
    "stage",
    "level",
    "site",
    "region",
    "multiple",
    "single",
    "initial",
    "subsequent",
    "sequela",
    "due",
    "following",
    "under",
    "over",
    "release",
    "episode",
    "uncomplicated",
    "with",
    "without",
    "time",
    "care",
    "use",
    "unknown",
    "exacerbation",
    "code",
    "codes",
    "additional",
    "identify",
    "applicable",
    "if",
    "any",
    "associated",
    "classified",
    "elsewhere",
    "treatment",
    "underlying",
    "cause",
    "related",
    "certain",
    "such",
    "as",
    "admission",
    "facility",
    "hours",
    "prior",
    "within",
    "last",
    "different",
    "follow",
    "up",
    "examination",
    "visit",
    "completed",
    "after",
];

static QUALIFIER_STEMS: LazyLock<HashSet<String>> =
    LazyLock::new(|| QUALIFIERS.iter().map(|w| stem(w)).collect());

/// The terms of a code's title ([`title_terms`]); none for a code the code set lacks.
pub fn title_terms_of(icd: &Icd10Cm, code: &str) -> Vec<String> {
    title_terms(&icd.title(code).unwrap_or_default())
}

/// The words of a title that name its condition, stemmed.
pub fn concepts(title: &str) -> Vec<String> {
    let mut words: Vec<String> = title_terms(title)
        .into_iter()
        .filter(|w| !is_qualifier(w))
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Paired terms ("with:aura") qualify by construction.
pub fn is_qualifier(term: &str) -> bool {
    term.contains(':') || QUALIFIER_STEMS.contains(term)
}

static UNSPECIFIED_AXIS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"(?i)\bunspecified (?:organism|site|part|type|cause)\b").unwrap()
});

/// A code found by its words is about the question when the question names at least half of
/// what its title, or one of its inclusion terms, says beyond qualifiers: "tarsal tunnel
/// syndrome" is not "carpal tunnel release", "amyloid pterygium" is not amyloid cardiomyopathy.
pub fn covered(icd: &Icd10Cm, code: &str, asked: impl Fn(&str) -> bool) -> bool {
    let compact = super::icd10cm::compact(code);
    let node = icd.node(&compact).or_else(|| {
        let base = compact.get(..6)?.trim_end_matches('X');
        icd.node(base)
    });
    let Some(node) = node else {
        return false;
    };
    // A device worn is no visit to fit or adjust it (Z44-Z46: "Encounter for fitting and
    // adjustment of insulin pump", or its "insulin pump titration", for a diabetic "on an
    // insulin pump").
    if node
        .title
        .starts_with("Encounter for fitting and adjustment of ")
        && !DEVICE_CARE.iter().any(|w| asked(&stem(w)))
    {
        return false;
    }
    std::iter::once(&node.title)
        .chain(&node.notes.inclusion_terms)
        .any(|text| {
            // "unspecified organism", "unspecified site": the axis a title leaves open is no
            // word the question must say.
            let said = if text.contains("nspecified ") {
                UNSPECIFIED_AXIS.replace_all(text, "")
            } else {
                std::borrow::Cow::Borrowed(text.as_str())
            };
            let words: HashSet<String> = title_terms(&said)
                .into_iter()
                .filter(|w| !is_qualifier(w))
                .collect();
            let named = words.iter().filter(|w| asked(w)).count();
            let cause_unsaid = ETIOLOGY_STEMS
                .iter()
                .any(|e| words.contains(e) && !asked(e));
            named * 2 > words.len()
                && !cause_unsaid
                && eponym_named(&said, &asked)
                && head_named(&said, &asked)
                && condition_named(&said, &asked)
        })
}

/// A disease named after a person ("Crohn's disease, unspecified, with rectal bleeding") is
/// that disease only where the question names it: rectal bleeding alone is no Crohn's disease.
fn eponym_named(title: &str, asked: &impl Fn(&str) -> bool) -> bool {
    EPONYM
        .captures_iter(title)
        .all(|c| title_terms(&c[1]).iter().all(|w| asked(w)))
}

static EPONYM: LazyLock<regex::Regex> =
    LazyLock::new(|| super::text::regex(r"\b([A-Z][a-z]+)(?:'s\b|s')").unwrap());

/// A title "X of Y" names its condition by X's last word ("Behavioral insomnia of childhood",
/// "Laceration of spleen", "Dislocation and sprain of joints"): a question that says none of
/// those words is about something else, whatever other words it shares ("antisocial
/// behavior" since childhood, "fire-setting").
fn head_named(title: &str, asked: &impl Fn(&str) -> bool) -> bool {
    let lower = title.to_lowercase();
    let Some(m) = HEAD_ENDS.find(&lower) else {
        return true;
    };
    if m.as_str() != " of " {
        return true;
    }
    let heads: Vec<Vec<String>> = lower[..m.start()].split(" and ").map(title_terms).collect();
    if heads.iter().map(Vec::len).sum::<usize>() > HEAD_WORDS {
        return true;
    }
    heads
        .iter()
        .filter_map(|h| h.last())
        .any(|last| is_qualifier(last) || asked(last))
}

/// What a visit does to a device: the words that make one a fitting or an adjustment.
const DEVICE_CARE: &[&str] = &[
    "fitting",
    "fit",
    "adjustment",
    "adjust",
    "replacement",
    "reprogramming",
    "programming",
    "interrogation",
    "refill",
    "exchange",
    "instruction",
    "training",
    "titration",
];

/// The longest "X" of an "X of Y" title read for its head word.
const HEAD_WORDS: usize = 3;

static HEAD_ENDS: LazyLock<regex::Regex> = LazyLock::new(|| {
    super::text::regex(
        r",|\s(?:of|with|without|due to|in|or|on|to|for|from|by|as|involving|following|after)\s",
    )
    .unwrap()
});

/// A line for a recurrent condition ("Recurrent dislocation of patella") where the question
/// says this is the first episode.
pub fn recurrence_denied(icd: &Icd10Cm, code: &str, text: &str) -> bool {
    FIRST_EPISODE.is_match(text)
        && icd
            .title(code)
            .is_some_and(|t| t.to_lowercase().contains("recurrent"))
}

static FIRST_EPISODE: LazyLock<regex::Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bfirst[- ](?:time|ever|episode)\b|\b(?:initial|single|isolated) episode\b|\bno (?:prior|previous) (?:episodes?|dislocations?|attacks?)\b").unwrap()
});

/// A line "X complicating pregnancy" is about X: the question names more than half of X's
/// words, a hyphenated word as one ("pre-existing hypothyroidism" names no "Unspecified
/// pre-existing hypertension complicating pregnancy").
fn condition_named(title: &str, asked: &impl Fn(&str) -> bool) -> bool {
    let Some((condition, _)) = title.split_once(" complicating ") else {
        return true;
    };
    let words: Vec<Vec<String>> = condition
        .split_whitespace()
        .map(|word| {
            title_terms(word)
                .into_iter()
                .filter(|w| !is_qualifier(w))
                .collect::<Vec<_>>()
        })
        .filter(|parts| !parts.is_empty())
        .collect();
    let named = words
        .iter()
        .filter(|parts| parts.iter().all(|w| asked(w)))
        .count();
    words.is_empty() || named * 2 > words.len()
}

/// Words that name a condition's cause, which a question about the condition says when it is
/// that kind: "Other rheumatic aortic valve diseases" is no mechanical aortic valve's code.
const ETIOLOGY: &[&str] = &[
    "rheumatic",
    "congenital",
    "tuberculous",
    "syphilitic",
    "gonococcal",
    "alcoholic",
];

static ETIOLOGY_STEMS: LazyLock<Vec<String>> =
    LazyLock::new(|| ETIOLOGY.iter().map(|w| stem(w)).collect());

/// A code found by its words adds nothing when a code the question names already says every
/// word it shares with the question, and what it says beyond them the question does not
/// (I23.8 "current complications following acute myocardial infarction" beside I21.A1).
pub fn redundant(
    icd: &Icd10Cm,
    candidate: &str,
    named_codes: &[HashSet<String>],
    asked: impl Fn(&str) -> bool,
) -> bool {
    let words: HashSet<String> = title_terms_of(icd, candidate)
        .into_iter()
        .filter(|w| !is_qualifier(w))
        .collect();
    let (shared, beyond): (Vec<&String>, Vec<&String>) = words.iter().partition(|w| asked(w));
    !beyond.is_empty()
        && named_codes
            .iter()
            .any(|named| shared.iter().all(|w| named.contains(*w)))
}

/// The words a code's lineage already accounts for: its and its ancestors' titles and its own
/// inclusion terms.
pub fn lineage_words(icd: &Icd10Cm, nodes: &[usize]) -> HashSet<String> {
    let own = nodes
        .first()
        .map(|&n| icd.nodes[n].notes.inclusion_terms.as_slice())
        .unwrap_or_default();
    nodes
        .iter()
        .map(|&n| &icd.nodes[n].title)
        .chain(own)
        .flat_map(|t| title_terms(t))
        .collect()
}

/// The [`lineage_words`] of each code that is a line of the Tabular: what the codes an answer
/// or a question names already account for, read by [`redundant`].
pub fn words_of_lines<S: AsRef<str>>(
    icd: &Icd10Cm,
    codes: impl IntoIterator<Item = S>,
) -> Vec<HashSet<String>> {
    codes
        .into_iter()
        .filter_map(|c| icd.node_index(c.as_ref()))
        .map(|i| lineage_words(icd, &icd.lineage(i).0))
        .collect()
}

/// A title's nonessential words, in parentheses (I.A.7).
pub(super) static NONESSENTIAL: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| super::text::regex(r"\([^()]*\)").expect("a pattern"));

/// A note's parentheses that hold the one code it asks for: "fever (R50.81)" asks for fever,
/// not "r50". A note that points at a category or a list ("(E13.-)") leaves the choice to the
/// words, so its codes stay words that must be matched.
static ONE_CODE_IN_PARENTHESES: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| {
        super::text::regex(r"\(\s*[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?\s*\)").expect("a pattern")
    });

/// The settings a note's status can name, with the words that say them.
const NOTE_SETTINGS: &[(&str, &[&str])] = &[
    (
        "occupational",
        &[
            "occupational",
            "occupation",
            "work",
            "workplace",
            "job",
            "coworker",
            "employer",
        ],
    ),
    (
        "perinatal",
        &["perinatal", "newborn", "neonatal", "neonate"],
    ),
];

/// A code a note asks for is grounded when the question names what the note or the code adds
/// beyond the host code: "rising PSA" for R97.21 at C61, "castration-resistant" for Z19.2.
pub fn note_grounded(
    icd: &Icd10Cm,
    host_words: &HashSet<String>,
    note: &str,
    candidate: &str,
    asked: impl Fn(&str) -> bool,
) -> bool {
    let title = icd.title(candidate).unwrap_or_default();
    let inclusions = icd
        .node(candidate)
        .map(|n| n.notes.inclusion_terms.as_slice())
        .unwrap_or_default();
    // Words in a title's parentheses are nonessential modifiers (I.A.7): "Essential (primary)
    // hypertension" needs "essential" said, not "primary". A note's parentheses hold its codes.
    let essential_title = NONESSENTIAL.replace_all(&title, " ");
    let note_words = ONE_CODE_IN_PARENTHESES.replace_all(note, " ");
    // An exposure at work or in the perinatal period is another status than the same exposure
    // at home: the note's setting must be said ("occupational exposure to environmental
    // tobacco smoke (Z57.31)" is no father's smoking).
    let note_terms = title_terms(&note_words);
    let setting_unsaid = NOTE_SETTINGS.iter().any(|(setting, said_by)| {
        note_terms.contains(&stem(setting)) && !said_by.iter().any(|w| asked(&stem(w)))
    });
    if setting_unsaid {
        return false;
    }
    let texts = [note_words.as_ref(), essential_title.as_ref()];
    let grounded = texts
        .into_iter()
        .chain(inclusions.iter().map(String::as_str))
        .any(|text| {
            let added: HashSet<String> = title_terms(text)
                .into_iter()
                .filter(|w| !host_words.contains(w) && !is_qualifier(w))
                .collect();
            added.iter().filter(|w| asked(w)).count() * 2 > added.len()
        });
    grounded
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the question's terms hold a word.
    fn question(text: &str) -> impl Fn(&str) -> bool {
        let terms: HashSet<String> = super::super::text::query_terms(text).into_iter().collect();
        move |w: &str| terms.contains(w)
    }

    #[test]
    fn injury_and_pregnancy_chapters_need_a_question_about_one() {
        let syncope = Setting::of("68M witnessed syncopal episode, brief LOC, back to baseline");
        assert!(!syncope.admits("S06.0X1A"));
        assert!(syncope.admits("R55"));
        let fall = Setting::of("fell from a ladder, brief LOC");
        assert!(fall.admits("S06.0X1A"));
        let htn = Setting::of("code for I10?");
        assert!(!htn.admits("O10.02"));
        assert!(Setting::of("G2P1 at 32 weeks with chronic htn").admits("O10.02"));
        assert!(!Setting::of("adult sepsis").admits("P36.9"));
        assert!(Setting::of("NICU baby, sepsis").admits("P36.9"));
    }

    #[test]
    fn a_pregnancy_line_is_about_the_condition_that_complicates_it() {
        let icd = Icd10Cm::builtin().unwrap();
        let thyroid = question("Pregnancy complicated by pre-existing hypothyroidism, 11 weeks");
        assert!(!covered(&icd, "O10.911", thyroid));
        let htn = question("Pregnancy complicated by pre-existing hypertension, 11 weeks");
        assert!(covered(&icd, "O10.911", htn));
        let valve = question("mechanical aortic valve on warfarin");
        assert!(!covered(&icd, "I06.8", valve));
    }

    #[test]
    fn a_word_match_names_the_eponym_the_head_and_the_device_visit() {
        let icd = Icd10Cm::builtin().unwrap();
        assert!(!covered(
            &icd,
            "K50.911",
            question("rectal bleeding for two days")
        ));
        assert!(covered(
            &icd,
            "K50.911",
            question("Crohn's disease with rectal bleeding")
        ));
        let behavior = question("antisocial behavior since childhood, fire-setting");
        assert!(!covered(&icd, "Z73.811", behavior));
        let insomnia = question("behavioral insomnia of childhood, limit-setting type");
        assert!(covered(&icd, "Z73.811", insomnia));
        let worn = question("postpancreatectomy diabetes on an insulin pump");
        assert!(!covered(&icd, "Z46.81", worn));
        let titrated = question("visit for insulin pump titration");
        assert!(covered(&icd, "Z46.81", titrated));
    }

    #[test]
    fn a_note_code_needs_a_word_the_host_code_does_not_already_say() {
        let icd = Icd10Cm::builtin().unwrap();
        let host = icd.node_index("C61").unwrap();
        let (nodes, _) = icd.lineage(host);
        let host_words = lineage_words(&icd, &nodes);
        let note = "rising PSA following treatment for malignant neoplasm of prostate (R97.21)";
        let plain = question("anemia due to prostate cancer, treatment today only for the anemia");
        assert!(!note_grounded(&icd, &host_words, note, "R97.21", plain));
        let psa = question("prostate cancer with a rising PSA after treatment");
        assert!(note_grounded(&icd, &host_words, note, "R97.21", psa));
        // A title's parenthesized words are nonessential: "essential HTN" says I10 beside
        // hypertensive retinopathy, whose own title says hypertension already.
        let retina = icd.node_index("H35.033").unwrap();
        let retina_words = lineage_words(&icd, &icd.lineage(retina).0);
        let htn = "any associated hypertension (I10)";
        let essential = question("hypertensive retinopathy OU, essential HTN");
        assert!(note_grounded(&icd, &retina_words, htn, "I10", essential));
        let retinopathy_alone = question("hypertensive retinopathy OU");
        assert!(!note_grounded(
            &icd,
            &retina_words,
            htn,
            "I10",
            retinopathy_alone
        ));
        // The one code a note names is no word the question must say: "fever (R50.81)" at
        // D70 asks for fever.
        let neutropenia = icd.node_index("D70.9").unwrap();
        let neutropenia_words = lineage_words(&icd, &icd.lineage(neutropenia).0);
        let fever = "fever (R50.81)";
        let febrile = question("neutropenic fever after chemotherapy");
        assert!(note_grounded(
            &icd,
            &neutropenia_words,
            fever,
            "R50.81",
            febrile
        ));
        let afebrile = question("neutropenia after chemotherapy, afebrile");
        assert!(!note_grounded(
            &icd,
            &neutropenia_words,
            fever,
            "R50.81",
            afebrile
        ));
    }
}
