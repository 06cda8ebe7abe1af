//! Words of a question and of code titles, made comparable: lower case, light stemming,
//! coders' abbreviations expanded, negated findings dropped.

use std::collections::HashSet;
use std::sync::LazyLock;

/// What a word character is in the assistant's cues: a Latin letter (accented ones included), a
/// digit or an underscore. Unicode's `\w` is a class of some 700 ranges whose UTF-8 automaton,
/// built again for every `\w` of every cue, was half of the regex compiling in a cold
/// `caseconsult assist` process; the questions are English, so the Latin blocks hold their words.
const WORD_CHARACTER: &str =
    r"0-9A-Za-z_\u{AA}\u{B5}\u{BA}\u{C0}-\u{D6}\u{D8}-\u{F6}\u{F8}-\u{24F}";

/// Compiles one of the assistant's cues, reading `\w` as a [`WORD_CHARACTER`] and `\W` as any
/// other character (a class inside a class is a nested class, so `[\w-]` keeps its meaning).
pub(crate) fn regex(pattern: &str) -> Result<regex::Regex, regex::Error> {
    let mut written = String::with_capacity(pattern.len() * 2);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            written.push(c);
            continue;
        }
        match chars.next() {
            Some('w') => written.push_str(&format!("[{WORD_CHARACTER}]")),
            Some('W') => written.push_str(&format!("[^{WORD_CHARACTER}]")),
            Some(escaped) => {
                written.push('\\');
                written.push(escaped);
            }
            None => written.push('\\'),
        }
    }
    regex::Regex::new(&written)
}

/// Coders' shorthand, brand names and synonyms (`data/abbreviations/abbreviations.tsv`),
/// each with the words of the official titles it stands for.
static ABBREVIATIONS_TSV: &str = include_str!("../../data/abbreviations/abbreviations.tsv");

static SYNONYMS: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    ABBREVIATIONS_TSV
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .map(|(short, long)| (short.trim(), long.trim()))
        .collect()
});

/// Words that say nothing about which code fits.
/// Side words as coders write them: "R knee" and "L breast" are sides, "R/O" and "L4" are not.
static SIDE_WORD: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex(
        r"(?i:\b(right|rt|left|lt|bilateral|bilat)\b|\bboth (?:upper |lower )?(?:[a-z]+ ){0,2}(?:eyes|ears|sides|knees|hips|hands|feet|legs|arms|breasts|lungs|kidneys|canals|wrists|ankles|elbows|shoulders|thighs|heels|ovaries|thumbs|eyelids|lids|extremities)\b)|\b([RL])\s+[a-z]",
    )
    .unwrap()
});

/// What "the right …" asks for when it asks whether something is correct ("is that the right
/// code?"), and the words after it that make no side either ("a right-angle hook"): never a
/// body part.
const RIGHT_ANSWER: &[&str] = &[
    "code",
    "codes",
    "dx",
    "diagnosis",
    "one",
    "answer",
    "choice",
    "way",
    "order",
    "sequence",
    "sequencing",
    "category",
    "modifier",
    "approach",
    "angle",
    "-angle",
    "away",
];

/// The side a question names: right, left or bilateral; `None` when it names none, or both
/// right and left. "Right?" and "is that right" ask whether something is correct.
pub fn side(text: &str) -> Option<&'static str> {
    let (mut right, mut left, mut both) = (false, false, false);
    for c in SIDE_WORD.captures_iter(text) {
        let whole = c.get(0).expect("a match");
        let word = c
            .get(1)
            .or_else(|| c.get(2))
            .map_or("both", |m| m.as_str())
            .to_ascii_lowercase();
        let after = text[whole.end()..].trim_start();
        let before = text[..whole.start()].trim_end().to_ascii_lowercase();
        let asks = word == "right"
            && (after.starts_with('?')
                || RIGHT_ANSWER.iter().any(|w| {
                    after
                        .get(..w.len())
                        .is_some_and(|a| a.eq_ignore_ascii_case(w))
                        && !after[w.len()..].starts_with(char::is_alphanumeric)
                })
                || ["that", "that's", "is", "all", "it"]
                    .iter()
                    .any(|w| before.ends_with(w)));
        match word.as_str() {
            _ if asks || found_normal(after) || normal_in(&before) => {}
            "right" | "rt" | "r" => right = true,
            "left" | "lt" | "l" => left = true,
            _ => both = true,
        }
    }
    for eye in EYE_SIDE.find_iter(text) {
        match eye.as_str() {
            "OD" if about_eyes(text) => right = true,
            "OS" => left = true,
            "OU" => both = true,
            _ => {}
        }
    }
    if both {
        return Some("bilateral");
    }
    match (right, left) {
        (true, false) => Some("right"),
        (false, true) => Some("left"),
        _ => None,
    }
}

/// Whether a passage's terms name at least half of a code's concepts (and at least one): the
/// passage is about that code's condition.
pub fn half_named(concepts: &[String], terms: &[String]) -> bool {
    let named = concepts.iter().filter(|c| terms.contains(c)).count();
    named > 0 && named * 2 >= concepts.len()
}

/// The side the clauses naming a condition give it, where they agree: "bilateral presbycusis
/// and ... right-sided subjective tinnitus" gives the tinnitus the right ear, though the question
/// names both. `concepts` are the condition's stemmed words.
pub fn side_of(text: &str, concepts: &[String]) -> Option<&'static str> {
    let mut found = None;
    for clause in text
        .split(['.', ',', ';', '\n'])
        .flat_map(conjoined_phrases)
    {
        if !half_named(concepts, &terms_of(&clause)) {
            continue;
        }
        match (side(&clause), found) {
            (None, _) => {}
            (Some(s), None) => found = Some(s),
            (Some(s), Some(f)) if s == f => {}
            _ => return None,
        }
    }
    found
}

/// A clause's phrases joined by "and", each with its own condition ("contusion of the R knee
/// and an abrasion on the L palm"); a tail that is only a side and a place names no condition
/// of its own and stays with the phrase before it ("behind the right and the left knee").
fn conjoined_phrases(clause: &str) -> Vec<String> {
    let only_a_side_and_a_place = |part: &str| {
        part.split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .filter(|w| !["the", "a", "an", "his", "her", "their"].contains(w))
            .filter(|w| side(w).is_none())
            .count()
            <= 1
    };
    let mut out: Vec<String> = Vec::new();
    for part in clause.split(" and ") {
        match out.last_mut() {
            Some(last) if only_a_side_and_a_place(part) => {
                last.push_str(" and ");
                last.push_str(part);
            }
            _ => out.push(part.to_owned()),
        }
    }
    out
}

static EYES: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:os|ou|eyes?|ophthalm\w*|optom\w*|cataracts?|glaucoma|retina\w*|macula\w*|intravitreal|visual\w*|vision|intraocular|iop|cornea\w*|lens|iol|capsul\w*)\b",
    )
    .unwrap()
});

/// Whether the question is about eyes, where "OD" is the right eye, not an overdose.
pub fn about_eyes(text: &str) -> bool {
    EYES.is_match(text)
}

/// A text's words, lower case, one space apart.
pub fn lower_words(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A text's words, lower case, one space apart and around: phrases compare word for word.
pub fn spaced_words(text: &str) -> String {
    format!(" {} ", lower_words(text))
}

/// The text with an ophthalmologist's OD, OS and OU read as "eye" where the question is about
/// eyes, so that a sentence of its own ("bevacizumab injection OD today") names no overdose.
pub fn eye_sides_as_eyes(text: &str) -> std::borrow::Cow<'_, str> {
    if about_eyes(text) {
        EYE_SIDE.replace_all(text, "eye")
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Shorthand an eye clinic writes for what means something else elsewhere: PVD is a
/// posterior vitreous detachment there and peripheral vascular disease anywhere else.
static EYE_SHORTHAND: LazyLock<regex::Regex> = LazyLock::new(|| regex(r"\bPVDs?\b").unwrap());

/// The text with an eye clinic's own shorthand written out, where the question is about eyes.
pub fn eye_shorthand_written_out(text: &str) -> std::borrow::Cow<'_, str> {
    if !about_eyes(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    EYE_SHORTHAND.replace_all(text, "posterior vitreous detachment")
}

/// Tumour markers named by their cancer antigen ("CA-125", "CA 19-9"): a blood test, not the
/// cancer the shorthand "CA" stands for elsewhere.
static TUMOUR_MARKER: LazyLock<regex::Regex> =
    LazyLock::new(|| regex(r"(?i)\b(CA)[\s-]?(125|19[-.]9|15[-.]3|27[-.]29|72[-.]4)\b").unwrap());
/// A "punched-out" ulcer or erosion is its shape, not a blow.
static PUNCHED_OUT: LazyLock<regex::Regex> =
    LazyLock::new(|| regex(r"(?i)\bpunched[- ]out\b").unwrap());

/// Tetanus named as the patient's vaccination ("tetanus is up to date", "a tetanus booster"):
/// an immunization, not the disease.
static TETANUS_VACCINATION: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex(r"(?i)\btetanus\s+(?:(?:is|was|status)\s+)?(?:up[- ]to[- ]date|current|utd|booster|shot|toxoid|vaccin\w*|immuni[sz]\w*|prophylaxis)\b").unwrap()
});

/// "Back" after a verb of returning is no part of the body: "the claim came back denied",
/// "A21 was sent back", "the payer sent A21 back", "kicked it back".
static RETURNED: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex(r"(?i)\b((?:sent|send|sends|kicked|kicks|came|come|comes|coming|bounced|bounces|got|get|gets|went|go|goes|going|pushed|brought|referred|called|turned)(?:\s+(?:it|them|this|that|(?:the\s+)?claims?|[A-Z]\d[\w.]*)){0,2})\s+back\b|\bback\s+to\s+(?:baseline|normal)\b").unwrap()
});

/// The text with words that look like a disease, an injury or a site and are none written
/// plainly: a tumour marker as one word ("CA125": no cancer is read from a normal or raised
/// marker, R97.- codes the raised one), a punched-out lesion as crater-like, a tetanus
/// vaccination as a Td one (no tetanus, A35), and "back" after a verb of returning as "again".
pub fn lookalikes_written_plainly(text: &str) -> String {
    let markers = TUMOUR_MARKER.replace_all(text, "${1}${2}");
    let shapes = PUNCHED_OUT.replace_all(&markers, "crater-like");
    let shapes = TETANUS_VACCINATION.replace_all(&shapes, "Td vaccination");
    RETURNED
        .replace_all(&shapes, |c: &regex::Captures| match c.get(1) {
            Some(verb) => format!("{} again", verb.as_str()),
            None => "at baseline".to_owned(),
        })
        .into_owned()
}

/// Acronyms the Index has as main terms (AIDS, PIN, TAR) that are everyday words in lower
/// case ("hearing aids", "a pin", "tar"): only the capitals name them.
const CAPITALS_ONLY: &[&str] = &["aids", "arc", "dish", "pat", "pin", "tac", "tar"];

/// The term an acronym of [`CAPITALS_ONLY`] is read by, where it is written in capitals (or
/// printed so in the Index); `None` for any other word.
pub fn capitals_only_term(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
    (word.len() >= 3
        && word.chars().all(|c| c.is_ascii_uppercase())
        && CAPITALS_ONLY.contains(&lower.as_str()))
    .then(|| format!("{lower}:capitals"))
}

/// The capitals-only acronyms the text writes in capitals, as terms.
pub fn capitals_only_terms(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter_map(capitals_only_term)
}

/// A line that opens with the setting's name ("Burn unit, inpatient.", "Pediatric hemophilia
/// treatment center, outpatient.", "Retina clinic."): where the question comes from.
static SETTING_LABEL: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex(r"(?im)^([ \t]*)((?:[a-z][\w'&/-]*[ \t]+){1,5}?)(clinic|center|centre|unit|service|program|programme|department|practice|ward)([ \t]*(?:[,.;:(]|$))").unwrap()
});

/// Words of a setting's name that say whom it treats or how, which the rules read as they
/// read the question's own (a pediatric or newborn patient, an inpatient stay).
const SETTING_WORDS: &[&str] = &[
    "pediatric",
    "paediatric",
    "peds",
    "neonatal",
    "newborn",
    "nicu",
    "picu",
    "obstetric",
    "obstetrics",
    "ob",
    "prenatal",
    "antenatal",
    "postpartum",
    "maternal",
    "fetal",
    "geriatric",
    "inpatient",
    "outpatient",
    "hospital",
    "emergency",
    "urgent",
    "ambulatory",
    "adult",
    "care",
];

/// The text with the names of its settings read as settings: the condition a clinic or unit
/// is named for ("burn", "hemophilia", "retina") is not the patient's until the question says
/// the patient has it (I.A.19: the provider's diagnostic statement decides). Words for whom it
/// treats stay, and an eye specialty's name still says the question is about eyes (OD, PVD).
pub fn setting_labels_read_as_settings(text: &str) -> std::borrow::Cow<'_, str> {
    SETTING_LABEL.replace_all(text, |c: &regex::Captures| {
        let name = &c[2];
        let mut kept: Vec<&str> = name
            .split_whitespace()
            .filter(|w| SETTING_WORDS.contains(&w.to_lowercase().as_str()))
            .collect();
        if EYES.is_match(name) {
            kept.push("eye");
        }
        let kept = kept.join(" ");
        let gap = if kept.is_empty() { "" } else { " " };
        format!("{}{kept}{gap}{}{}", &c[1], &c[3], &c[4])
    })
}

/// The eye an ophthalmologist's abbreviation names: OD the right (where the question is about
/// eyes), OS the left, OU both.
static EYE_SIDE: LazyLock<regex::Regex> = LazyLock::new(|| regex(r"\b(?:OD|OS|OU)\b").unwrap());

/// The side a paralysis is on ("left spastic hemiparesis"), and the dominant hand.
static DEFICIT_SIDE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(right|left|rt|lt|r|l)(?:[- ]sided)?\s+(?:\w+\s+)?(?:hemipar\w*|hemipleg\w*|monopar\w*|monopleg\w*)",
    )
    .unwrap()
});
static HANDED: LazyLock<regex::Regex> =
    LazyLock::new(|| regex(r"(?i)\b(right|left)[- ]hand(?:ed)?\b|\b(ambidextrous)\b").unwrap());

/// The side a hemiplegia or monoplegia affects, and whether it is the dominant one: when the
/// record does not say, the right side is dominant and the left nondominant (I.C.6.a).
pub fn deficit_side(text: &str) -> Option<(&'static str, bool)> {
    let side = DEFICIT_SIDE
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| match m.as_str().to_lowercase().as_str() {
            "right" | "rt" | "r" => "right",
            _ => "left",
        })?;
    let dominant = match HANDED.captures(text) {
        Some(c) if c.get(2).is_some() => true,
        Some(c) => c
            .get(1)
            .is_some_and(|h| h.as_str().eq_ignore_ascii_case(side)),
        None => side == "right",
    };
    Some((side, dominant))
}

/// How the titles of G81, G83 and I69 end for a side and its dominance (I69 writes
/// "non-dominant", G81 "nondominant").
pub fn sided_title((side, dominant): (&str, bool)) -> String {
    format!("{side} {}dominant side", if dominant { "" } else { "non" })
}

/// Whether a title ends with the side `sided_title` gives.
pub fn ends_with_side(title: &str, wanted: &str) -> bool {
    title
        .to_lowercase()
        .replace("non-dominant", "nondominant")
        .ends_with(wanted)
}

/// A side said to be normal is the one without the condition: "loss on the right, left
/// normal", "left ear unaffected".
/// "Thresholds are normal in both ears", "normal hearing in the right ear": the side is where
/// nothing was found.
fn normal_in(before: &str) -> bool {
    let words: Vec<&str> = before
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .take(4)
        .collect();
    // "A normal right ear" says it before the side.
    words.first().is_some_and(|w| NORMAL.contains(w))
        || matches!(words.first(), Some(&"in") | Some(&"on") | Some(&"the"))
            && words.iter().any(|w| NORMAL.contains(w))
}

const NORMAL: &[&str] = &[
    "normal",
    // "right eye quiet": an eye with no inflammation.
    "quiet",
    "clear",
    "unaffected",
    "uninvolved",
    "spared",
    "intact",
    "unremarkable",
];

fn found_normal(after: &str) -> bool {
    // "Loss of the left ear, normal hearing in the right": the clause ends at its stop.
    let clause = after.split([',', ';', '.']).next().unwrap_or_default();
    let words: Vec<String> = clause
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(5)
        .map(str::to_ascii_lowercase)
        .collect();
    words
        .iter()
        .take(3)
        .any(|w| NORMAL.contains(&w.as_str()))
        // "The right eye was not examined": a side nobody looked at has no condition said.
        || words
            .windows(2)
            .any(|w| w[0] == "not" && NOT_LOOKED_AT.contains(&w[1].as_str()))
}

const NOT_LOOKED_AT: &[&str] = &["examined", "evaluated", "assessed", "imaged", "tested"];

static STOP: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "from",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "as",
        "but",
        "if",
        "so",
        "than",
        // Titles say "through" only of a range ("stage 1 through stage 4").
        "through",
        "came",
        "then",
        "there",
        "their",
        "they",
        "we",
        "our",
        "i",
        "you",
        "your",
        "he",
        "she",
        "her",
        "his",
        "him",
        "me",
        "my",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "not",
        "no",
        "can",
        "could",
        "should",
        "would",
        "will",
        "what",
        "which",
        "who",
        "how",
        "why",
        "when",
        "where",
        "any",
        "all",
        "also",
        "only",
        "just",
        "now",
        "still",
        "yet",
        "per",
        "about",
        "into",
        "after",
        "before",
        "over",
        "same",
        "other",
        "use",
        "used",
        "using",
        "code",
        "codes",
        "coded",
        "coding",
        "coder",
        "claim",
        "claims",
        "bill",
        "billed",
        "billing",
        "dx",
        "icd",
        "cpt",
        "pt",
        "patient",
        "visit",
        "provider",
        "document",
        "documented",
        "documents",
        "note",
        "notes",
        "question",
        "thanks",
        "thank",
        "hi",
        "hello",
        "team",
        "right?",
        "ok",
        "okay",
        "get",
        "got",
        "need",
        "needs",
        "want",
        "like",
        "one",
        "two",
        "first",
        "second",
        "today",
        "yesterday",
        "day",
        "days",
        "week",
        "weeks",
        "wks",
        "year",
        "years",
        "yo",
        "y/o",
        "m",
        "f",
        "x",
        "unspecified",
        "specified",
        "other",
        "nos",
        "nec",
        "encounter",
        "mg",
        "ml",
        "dl",
        "per",
        "with",
        "without",
        "due",
        "status",
        "history",
        "type",
        "disease",
        "disorder",
        "condition",
        "clinic",
        "office",
        "admitted",
        "admit",
        "admission",
        "seen",
        "given",
        "started",
        "treated",
        "treatment",
        "order",
        "says",
        "said",
        "ed",
        "er",
        "md",
        "dr",
        "put",
        "picked",
        "entered",
        "listed",
        "correct",
        "right",
        "wrong",
        "invalid",
        "valid",
        "rejected",
        "rejecting",
        "rejects",
        "denied",
        "edit",
        "encoder",
        "scrubber",
        "payer",
        "principal",
        "sequencing",
    ]
    .into_iter()
    .collect()
});

/// Words that side and acuity hinge on are kept even though they are common.
const KEEP: &[&str] = &[
    "right",
    "left",
    "bilateral",
    "acute",
    "chronic",
    "with",
    "without",
];

/// "Never smoker", "never been hospitalized": only the word after "never" is denied, what the
/// sentence says next is not ("never smoker with SCC of the tongue").
static NEVER: LazyLock<regex::Regex> =
    LazyLock::new(|| regex(r"\bnever[\s-]+(?:(?:a|an|been|had|the)\s+)*[\w/-]+").unwrap());

/// A denial that runs through a list to its end: "no fever, dysuria, urgency or flank pain"
/// denies all four, though commas end a denial elsewhere ("no fever, cough for a week").
static DENIED_LIST: LazyLock<regex::Regex> = LazyLock::new(|| {
    let item = r"[a-z][\w'/-]*(?:\s+[a-z][\w'/-]*){0,3}";
    regex(&format!(
        r"\b(?:no|denies|denied|negative for)\s+{item}(?:\s*,\s*{item})+(?:\s*,)?\s+(?:or|nor)\s+{item}(?:\s*[.;!?\n]|\s+(?:and|but)\b|$)"
    ))
    .unwrap()
});

/// Things the question lists as found normal or excluded ("glucose, calcium, magnesium and
/// sodium are normal", "ADHD and mood disorders were screened out"): none of them is a finding.
static NORMAL_LIST: LazyLock<regex::Regex> = LazyLock::new(|| {
    let item = r"[a-z][\w'/-]*(?:\s+[a-z][\w'/-]*){0,2}";
    regex(&format!(
        r"\b{item}(?:\s*,\s*{item})*(?:\s*,)?\s+(?:and|or)\s+{item}\s+(?:are|were)\s+(?:all\s+)?(?:normal|unremarkable|negative|within normal limits|(?:ruled|screened) out|excluded)\b"
    ))
    .unwrap()
});

/// Leaving the hospital is no discharge from a body opening: "before discharge", "discharge
/// summary", "discharged home" name no symptom (R36.0, N89.8).
static LEAVING: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex(r"\b(?:(?:before|at|after|on|upon|until|since|pending|prior to|day of|post|for)\s+discharge|discharged)\b|\bdischarge(\s+(?:summary|dx|diagnos\w*|instructions?|planning|plan|date|med\w*|list|papers?|home|note|criteria))\b").unwrap()
});

/// An age is no word of a condition: "9-month-old" says nothing "old" (Old (previous)
/// myocardial infarction, I25.2).
static AN_AGE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex(r"\b\d{1,3}[- ](?:years?|yrs?|months?|mos?|weeks?|wks?|days?)[- ]old\b").unwrap()
});

/// The anesthesia a procedure was done under is no condition of the patient: "laser under
/// topical anesthesia" says nothing of Anesthesia of skin (R20.0). A kind is required:
/// "hyperthermia under anesthesia" is the complication the Index lists.
static ANESTHETIZED: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex(
        r"\bunder\s+(?:general|local|topical|regional|spinal|epidural|monitored|conscious|moderate|deep|iv|intravenous)\s+(?:anesthesia|anaesthesia|anesthetic|sedation)\b",
    )
    .unwrap()
});

/// A lab value is a number, not a condition: "lactate 3.1" is no lactation, "ammonia 92" no
/// poisoning by ammonia. The analyte's name goes, its value stays.
static MEASURED: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:lactate|lactic acid|ammonia|troponin|creatinine|bilirubin|albumin|ferritin|lipase|ldh|hgb|hemoglobin|wbc|platelets?|bnp)\s*[:=]?\s*(?P<value>\d)",
    )
    .unwrap()
});

/// Main terms of the Alphabetic Index too general to be words of a title ("Disease, kidney,
/// chronic, stage 3b"): a question that says one (or shorthand for it: CKD) may enter the Index
/// there, its other words leading down the subterms. Kept as written, unstemmed, so no title
/// term is ever one of them.
pub const GENERIC_MAIN_TERMS: &[&str] = &["disease", "disorder"];

/// Words after which findings are denied, until the next punctuation.
const NEGATIONS: &[&str] = &[
    "no", "not", "isn't", "wasn't", "nothing", "denies", "denied", "negative", "r/o", "rule",
];

/// The Snowball English stemmer: "fractures", "fractured" and "fracture" are one word.
static STEMMER: LazyLock<rust_stemmers::Stemmer> =
    LazyLock::new(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));

/// Words recur (the code set's 100,000 titles use some 15,000 words), so each thread keeps the
/// stems it has made; the memo is dropped when it grows past what a code set needs.
const STEM_MEMO_LIMIT: usize = 200_000;

thread_local! {
    // Keyed by short words of our own texts: no untrusted keys to flood it, and a draft stems
    // thousands of words.
    static STEMS: std::cell::RefCell<rustc_hash::FxHashMap<String, String>> =
        std::cell::RefCell::new(rustc_hash::FxHashMap::default());
}

/// "G2P1": gravida and para.
static GRAVIDA_PARA: LazyLock<regex::Regex> =
    LazyLock::new(|| regex(r"(?i)\bg(\d{1,2})\s*p(\d{1,2})").unwrap());

/// A patient's age as coders write it: "34M", "34 yo", "34-year-old", "age 34".
static AGE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex(r"(?i)\b(?:age[d:]?\s*(\d{1,3})\b|(\d{1,3})\s*(?:[mf]\b|yo\b|y/o\b|-?\s*y(?:ea)?rs?[- ]old\b))").unwrap()
});

/// The patient's age in days, where the question gives it: "a 4-day-old", "a 3-week-old", "a
/// 2-month-old" (a month read as 30 days), or in years.
pub fn age_in_days(text: &str) -> Option<u32> {
    static AGED: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex(r"(?i)\b(\d{1,2})[- ]?(days?|d|weeks?|wks?|months?|mos?)[- ]old\b").unwrap()
    });
    let Some(c) = AGED.captures(text) else {
        return age_in_years(text).map(|y| y * 365);
    };
    let n: u32 = c[1].parse().ok()?;
    let unit = match c[2].to_lowercase().chars().next() {
        Some('w') => 7,
        Some('m') => 30,
        _ => 1,
    };
    Some(n * unit)
}

/// Whether the question puts the patient past the first 28 days of life (a 7-month-old, a
/// 6-week-old, a 3-year-old): "newborn" then names a template or the past, not the patient.
pub fn past_the_newborn_period(text: &str) -> bool {
    static INFANT_AGE: LazyLock<regex::Regex> =
        LazyLock::new(|| regex(r"(?i)\b(\d{1,2})[- ]?(month|mo|week|wk)s?[- ]old\b").unwrap());
    let infant = INFANT_AGE.captures_iter(text).any(|c| {
        let n: u32 = c[1].parse().unwrap_or(0);
        let months = c[2].to_lowercase().starts_with('m');
        (months && n >= 1) || (!months && n >= 5)
    });
    infant || age_in_years(text).is_some_and(|a| a >= 1)
}

/// The words (stems) the text says only where a denial governs them: "Parkinson's disease
/// without dyskinesia or fluctuations" says no fluctuations, "no status epilepticus since the
/// last visit" no status epilepticus. A denial lasts to the clause's end or a "with" or "but"
/// that turns to what is present.
pub fn denied_terms(text: &str) -> Vec<String> {
    let mut denied: Vec<String> = Vec::new();
    let mut present: Vec<String> = Vec::new();
    let mut denying = false;
    // A closing quote ends the provider's statement, and its denial with it ("'... not COPD'
    // and nicotine dependence").
    let lower = CLOSING_QUOTE
        .replace_all(&text.to_lowercase(), "$1 . ")
        .into_owned();
    for token in lower.split_inclusive(|c: char| !c.is_alphanumeric() && c != '\'' && c != '/') {
        let ends_clause = token.ends_with([',', ';', '.', ':', '(', ')', '?', '!', '\n']);
        let w = token.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '/');
        match w {
            w if w == "without" || NEGATIONS.contains(&w) => denying = true,
            "with" | "but" => denying = false,
            "" => {}
            w => {
                let stem = stem(w);
                match denying {
                    true if !denied.contains(&stem) => denied.push(stem),
                    false if !present.contains(&stem) => present.push(stem),
                    _ => {}
                }
            }
        }
        if ends_clause {
            denying = false;
        }
    }
    denied.retain(|w| !present.contains(w));
    denied
}

/// Whether a title's "with" names what the text denies (G20.A2 "... without dyskinesia, with
/// fluctuations" for "without dyskinesia or fluctuations"; G40.833 "... with status
/// epilepticus" for "no status epilepticus").
pub fn with_part_denied(title: &str, denied: impl Fn(&str) -> bool) -> bool {
    if !title.contains(" with ") && !title.contains(" With ") {
        return false;
    }
    let lower = title.to_lowercase();
    lower
        .match_indices(" with ")
        .map(|(at, w)| &lower[at + w.len()..])
        .map(|rest| rest.split([',', ';']).next().unwrap_or_default())
        .map(|part| part.split(" without ").next().unwrap_or_default())
        .flat_map(title_terms)
        .any(|w| denied(&w))
}

/// Each diagnostic statement the question quotes ('...' or "...") after a word that says it is
/// the provider's ("the assessment is '...'", "documents '...'"; an apostrophe inside a word,
/// "Crohn's", ends none), then each it gives in its own words ("the hepatologist diagnoses
/// type 1 autoimmune hepatitis").
pub fn provider_statements(text: &str) -> Vec<&str> {
    QUOTED
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .filter(|m| DIAGNOSIS_CUE.is_match(window(text, m.start().saturating_sub(60), m.start())))
        .chain(DIAGNOSES.captures_iter(text).filter_map(|c| c.get(1)))
        .chain(
            LABELED
                .captures_iter(text)
                .filter(|c| c.get(1).is_none())
                .filter_map(|c| c.get(2))
                .filter(|m| (3..=80).contains(&m.as_str().trim().len())),
        )
        .map(|m| the_diagnosis_made(m.as_str()))
        .collect()
}

/// A statement's diagnosis, without what it goes on to rule out ("cyclothymic disorder and
/// ruled out bipolar II"), the past condition it follows ("left diplacusis following a
/// resolved sudden hearing loss") or what it finds no evidence of ("elevated AFP without
/// evidence of HCC").
fn the_diagnosis_made(statement: &str) -> &str {
    STATEMENT_TURNS
        .find(statement)
        .map_or(statement, |m| &statement[..m.start()])
}

static STATEMENT_TURNS: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex(r"(?i)\s+(?:(?:and|but)\s+)?(?:ruled?|rules)\s+out\b|\s+(?:and|but)\s+not\b|\s+rather than\b|\s+(?:following|after)\s+(?:an?\s+|the\s+|his\s+|her\s+)?(?:resolved|healed|prior|previous|past|recovered)\b|\s+(?:with\s+)?no\s+(?:evidence|signs?)\s+of\b|\s+without\s+(?:any\s+)?(?:evidence|signs?)\s+of\b")
        .expect("a cue")
});

/// The provider's diagnosis given after its label, unquoted: "Provider diagnosis: giardiasis",
/// "the assessment is vertigo of central origin". A working or differential diagnosis is no
/// diagnosis made (group 1).
static LABELED: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex(r"(?i)\b(working\s+|differential\s+|admitting\s+|no\s+)?(?:diagnosis|dx|assessment|impression)\s*(?::|\bis\b|\bwas\b)\s+(?:an?\s+|the\s+)?((?:[^.;:?!'\x22,\n]|'[a-z])+)").expect("a cue")
});

/// The provider's diagnosis in the question's own words, unquoted: "the hepatologist
/// diagnoses type 1 autoimmune hepatitis, starting prednisone", "the attending documents an
/// acute attack of acute intermittent porphyria".
static DIAGNOSES: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex(r"(?i)\b(?:\w+ist|physician|provider|doctor|surgeon|attending|pediatrician|hospitalist)\s+(?:diagnoses|diagnosed|documents|documented)\s+(?:(?:her|him|them|the patient|the child)\s+with\s+)?(?:an?\s+|the\s+)?([^.;,:?!'\x22]{3,80})").expect("a cue")
});

static DIAGNOSIS_CUE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:assessment|diagnos[ie]s|dx|impression|documents|documented|final pathology|reads)\b[^.;?!]*$",
    )
    .expect("a cue")
});

static QUOTED: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex(r#"(?:^|[\s(:])['"‘“]((?:[^'"’”]|'[a-z])+?)['"’”](?:[\s,.;:)!?]|$)"#)
        .expect("a quotation")
});

/// `text[from..to]` widened to the nearest character boundaries: the context windows around a
/// match are counted in bytes, and a multi-byte character may straddle their edge (the fuzzer
/// found that panic).
pub fn window(text: &str, from: usize, to: usize) -> &str {
    let mut from = from.min(text.len());
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = to.clamp(from, text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    &text[from..to]
}

/// The text's sentences: a stop ends one where a capital, a digit or the end follows it, not
/// inside a number or a code ("3.1-cm", "Z90.5") or an organism's initial ("C. difficile").
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let stop = matches!(c, ';' | '\n' | '?' | '!')
            || (c == '.' && {
                // A quotation's closing mark ends its sentence with it ("... nodule.' Path").
                let rest = text[i + 1..].trim_start_matches(['\'', '"', '’', '”']);
                let next = rest.trim_start();
                rest.starts_with(char::is_whitespace)
                    && next.chars().next().is_none_or(|n| !n.is_lowercase())
                    || rest.is_empty()
            });
        if stop {
            out.push(&text[start..i]);
            start = i + 1;
        }
    }
    out.push(&text[start..]);
    out
}

/// Whether the question puts the patient in the first 28 days of life: a newborn, a
/// 12-day-old, "day 15 of life".
pub fn a_newborn(text: &str) -> bool {
    static NEWBORN: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex(r"(?i)\b(?:newborn|neonate|(\d{1,2})[- ]days?[- ]old|day (\d{1,2}) of life|(?:nicu|infant|born)\b[^.;]*?\bday (\d{1,2}))\b").unwrap()
    });
    !past_the_newborn_period(text)
        && NEWBORN.captures_iter(text).any(|c| {
            c.get(1)
                .or_else(|| c.get(2))
                .or_else(|| c.get(3))
                .is_none_or(|d| d.as_str().parse::<u32>().is_ok_and(|d| d <= 28))
        })
}

/// The patient's age in years, if the question gives it.
pub fn age_in_years(text: &str) -> Option<u32> {
    let c = AGE.captures(text)?;
    c.get(1).or_else(|| c.get(2))?.as_str().parse().ok()
}

/// The patient's sex where the question gives it with the age ("48M", "a 27-year-old
/// woman"): "male" or "female", as titles say it ("Unspecified urethral stricture, male").
pub fn sex(text: &str) -> Option<&'static str> {
    static SEX: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex(r"\b\d{1,3}\s?(?:yo|y/o)?\s?([MF])\b|(?i:\b\d{1,3}[- ](?:years?|yrs?|y)[- ]old[- ](man|male|boy|gentleman|woman|female|girl|lady)\b)").unwrap()
    });
    let mut said = SEX.captures_iter(text).filter_map(|c| {
        let word = c.get(1).or_else(|| c.get(2))?.as_str().to_ascii_lowercase();
        Some(match word.as_str() {
            "m" | "man" | "male" | "boy" | "gentleman" => "male",
            _ => "female",
        })
    });
    let first = said.next()?;
    said.all(|s| s == first).then_some(first)
}

/// A question about a child: an age under 18, or one in days, weeks or months.
pub fn a_child(text: &str) -> bool {
    static YOUNG: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex(r"(?i)\b\d{1,2}[- ](?:days?|weeks?|wks?|months?|mos?)[- ]old\b|\b(?:infant|newborn|neonate|toddler)\b").unwrap()
    });
    !adult(text) && (YOUNG.is_match(text) || age_in_years(text).is_some_and(|a| a < 18))
}

/// A question about an adult: the word, or an age of 18 or more.
pub fn adult(text: &str) -> bool {
    static ADULT: LazyLock<regex::Regex> = LazyLock::new(|| regex(r"(?i)\badults?\b").unwrap());
    ADULT.is_match(text) || age_in_years(text).is_some_and(|a| a >= 18)
}

/// More pregnancies than births ("G2P1") says a pregnancy now; as many ("G3P3") is an
/// obstetric history.
pub fn gravida_beyond_para(text: &str) -> bool {
    GRAVIDA_PARA
        .captures_iter(text)
        .any(|c| matches!((c[1].parse::<u32>(), c[2].parse::<u32>()), (Ok(g), Ok(p)) if g > p))
}

/// Words the stemmer would merge with another concept's word: "periodic" (fever, paralysis,
/// limb movements) is no "period" (menstrual, postpartum, of time).
const KEPT_WHOLE: &[&str] = &["periodic"];

pub fn stem(word: &str) -> String {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    STEMS.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(s) = memo.get(w) {
            return s.clone();
        }
        if memo.len() >= STEM_MEMO_LIMIT {
            memo.clear();
        }
        // "Kienböck" and "Kienbock" are one word to a coder.
        let plain = unaccented(w);
        let lower = plain.to_lowercase();
        // The stemmer cuts an inflammation's "-itis" as it cuts an adjective's "-al" or "-ic":
        // "vaginitis" would be "vaginal", "gastritis" "gastric".
        let s = if KEPT_WHOLE.contains(&lower.as_str()) || lower.ends_with("itis") {
            lower
        } else {
            STEMMER.stem(&plain).into_owned()
        };
        memo.insert(w.to_owned(), s.clone());
        s
    })
}

/// A word without its accents, as coders type it: the titles write "Ménière's", the
/// question "Meniere's".
pub fn unaccented(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            c => c,
        })
        .collect()
}

/// The words a shorthand or brand name stands for, if the table has it (its first row for it).
pub fn synonym(lower: &str) -> Option<&'static str> {
    // By name: the Table lookup asks for every word of a question.
    static BY_SHORT: LazyLock<rustc_hash::FxHashMap<&'static str, &'static str>> =
        LazyLock::new(|| {
            let mut by_short = rustc_hash::FxHashMap::default();
            for &(short, long) in SYNONYMS.iter() {
                by_short.entry(short).or_insert(long);
            }
            by_short
        });
    BY_SHORT.get(lower).copied()
}

/// Punctuation that ends a word but is not part of any shorthand ("HTN," and "(CKD)").
const WORD_ENDS: &[char] = &[',', ';', ':', '(', ')', '?', '!', '"', '[', ']', '\n', '\t'];

/// A needle and what replaces it.
type Replacement = (String, String);

/// Each shorthand as it stands in a text, with what replaces it, in the table's order; also
/// before a hyphen: "ESBL-producing", "HTN-related". Built once: a draft expands dozens of
/// texts, and formatting the hundreds of needles for each was a tenth of its time.
static EXPANSIONS: LazyLock<Vec<(String, [Replacement; 2])>> = LazyLock::new(|| {
    SYNONYMS
        .iter()
        .map(|(short, long)| {
            let ends =
                [" ", "-"].map(|end| (format!(" {short}{end}"), format!(" {short} {long} {end}")));
            (format!(" {short}"), ends)
        })
        .collect()
});

/// The start each shorthand's needles share, all looked for in one pass over a text: most
/// shorthand is not in a text at all, and a draft expands its question many times.
static STARTS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::new(EXPANSIONS.iter().map(|(start, _)| start))
        .expect("the shorthand table's starts build an automaton")
});

/// Shorthand whose start an earlier row's expansion can write ("COPD" inside another row's
/// long form): these are looked for again after the rows before them have been applied.
static WRITTEN_BY_EXPANSION: LazyLock<Vec<bool>> = LazyLock::new(|| {
    EXPANSIONS
        .iter()
        .enumerate()
        .map(|(at, (start, _))| {
            EXPANSIONS[..at].iter().any(|(_, ends)| {
                ends.iter()
                    .any(|(_, written)| written.contains(start.as_str()))
            })
        })
        .collect()
});

fn expand_synonyms(lower: &str) -> String {
    // A quote opening or closing a quoted diagnosis ("'post-intubation subglottic stenosis'")
    // is no part of its words.
    let mut text = format!(" {} ", american(lower));
    if text.contains(" '") || text.contains("' ") {
        text = text.replace(" '", "  ").replace("' ", "  ");
    }
    let mut present = vec![false; EXPANSIONS.len()];
    for found in STARTS.find_overlapping_iter(&text) {
        present[found.pattern().as_usize()] = true;
    }
    for (at, (start, ends)) in EXPANSIONS.iter().enumerate() {
        let may_be_there = present[at] || WRITTEN_BY_EXPANSION[at];
        if !may_be_there || !text.contains(start.as_str()) {
            continue;
        }
        for (needle, expansion) in ends {
            if text.contains(needle.as_str()) {
                text = text.replace(needle.as_str(), expansion);
            }
        }
    }
    text
}

/// British spellings, which the Index and the titles write the American way: "Haemophilus",
/// "oesophageal", "anaemia", "tumour", "paediatric", "diarrhoea".
static BRITISH: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex(r"(?:haem|anaem|anaesth|leukaem|ischaem|septicaem|glycaem|kalaem|natraem|uraem|\bpaed|orthopaed|gynaec|\boesoph|\boedem|\boestr|diarrhoe|dyspnoe|amenorrhoe|\bfoet|\bcoeliac|\btumour|\bbehaviour)").unwrap()
});

fn american(lower: &str) -> std::borrow::Cow<'_, str> {
    BRITISH.replace_all(lower, |c: &regex::Captures| {
        c[0].replace("ae", "e")
            .replace("oe", "e")
            .replace("our", "or")
    })
}

/// Splits on anything but letters, digits, '/' and '-' (which abbreviations use).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '/' || c == '-' || c == '\''))
        .map(|w| w.trim_matches(|c: char| c == '-' || c == '\'' || c == '/'))
        .filter(|w| !w.is_empty())
}

/// A question's words in lower case with its shorthand and brand names expanded, not stemmed.
pub fn expanded(text: &str) -> String {
    let lower = text.to_lowercase();
    let spaced = lower.replace(WORD_ENDS, " ").replace(". ", " ");
    expand_synonyms(spaced.trim_end_matches('.'))
}

/// Terms of a piece of a question with its abbreviations expanded, negated words kept.
pub fn plain_terms(text: &str) -> Vec<String> {
    title_terms(&expanded(text))
}

/// A draft reads the same titles' terms again and again (a category's lines against each
/// written code, each candidate's notes), so each thread keeps those of short texts, the
/// length of a title; the memo is dropped when it grows past what a code set's titles need.
const TITLE_MEMO_LIMIT: usize = 50_000;
const TITLE_MEMO_LONGEST: usize = 256;

thread_local! {
    static TITLE_TERMS: std::cell::RefCell<rustc_hash::FxHashMap<String, Vec<String>>> =
        std::cell::RefCell::new(rustc_hash::FxHashMap::default());
}

/// Terms of a title or inclusion term.
pub fn title_terms(title: &str) -> Vec<String> {
    if title.len() > TITLE_MEMO_LONGEST {
        return terms_of(title);
    }
    TITLE_TERMS.with(|memo| {
        if let Some(terms) = memo.borrow().get(title) {
            return terms.clone();
        }
        let terms = terms_of(title);
        let mut memo = memo.borrow_mut();
        if memo.len() >= TITLE_MEMO_LIMIT {
            memo.clear();
        }
        memo.insert(title.to_owned(), terms.clone());
        terms
    })
}

/// Terms of a title read once, as the search index reads every title at its build: kept in
/// no memo, which would only fill with them.
pub fn terms_of(title: &str) -> Vec<String> {
    let lower = title.to_lowercase();
    let mut terms = with_pairs(
        words(&lower)
            .flat_map(|w| w.split(['-', '/']).map(str::to_owned).collect::<Vec<_>>())
            .filter(|w| !STOP.contains(w.as_str()) || KEEP.contains(&w.as_str()) || w == "not")
            .map(|w| stem(&w))
            .filter(|w| w.len() > 1)
            .collect(),
    );
    terms.extend(numbered(&lower));
    terms
}

static NUMBERED: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex(r"\b(type|stage|class|grade|group|category|level|herpesvirus)\s*([0-9]{1,2}[a-c]?|iv|v|iii|ii|i)\b")
        .unwrap()
});

/// A streptococcal group is named by its letter: "group A" and "group B" are different
/// organisms (A40.0, A40.1), though their only shared word is "group".
static GROUP: LazyLock<regex::Regex> = LazyLock::new(|| regex(r"\bgroup\s*([abcdfg])\b").unwrap());

/// So is a degree: a first-degree perineal laceration is no second-degree one (O70.0, O70.1),
/// nor a second-degree burn a third-degree one.
static DEGREE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]*degree\b").unwrap()
});

/// So is a vitamin: "vitamin K deficiency bleeding" is no deficiency of vitamin E.
static VITAMIN: LazyLock<regex::Regex> =
    LazyLock::new(|| regex(r"\bvitamins?\s*(a|b[0-9]{0,2}|c|d[23]?|e|k)\b").unwrap());

/// A number is no word on its own, but with the word it counts it names a kind: "type 2",
/// "stage 3b", "class III", "group 3", "category 4" become the terms "type:2", "stage:3b",
/// "class:3", "group:3", "category:4", so type 2 diabetes is not type 1, a stage 3 ulcer is
/// not stage 2, group 3 pulmonary hypertension is not group 5, category 4 blindness is not
/// category 3 and roseola due to human herpesvirus 6 is not due to herpesvirus 7.
fn numbered(lower: &str) -> Vec<String> {
    let groups = GROUP
        .captures_iter(lower)
        .map(|c| format!("group:{}", &c[1]));
    let vitamins = VITAMIN
        .captures_iter(lower)
        .map(|c| format!("vitamin:{}", &c[1]));
    let degrees = DEGREE.captures_iter(lower).map(|c| {
        let n = match &c[1] {
            "first" | "1st" => "1",
            "second" | "2nd" => "2",
            "third" | "3rd" => "3",
            _ => "4",
        };
        format!("degree:{n}")
    });
    NUMBERED
        .captures_iter(lower)
        .map(|c| format!("{}:{}", &c[1], counted(&c[2])))
        .chain(groups)
        .chain(vitamins)
        .chain(degrees)
        .collect()
}

/// A count as the "kind:N" terms write it: a roman numeral in digits ("III" → "3"), anything
/// else as written, lower case ("3b").
pub fn counted(n: &str) -> String {
    let n = n.to_lowercase();
    match n.as_str() {
        "i" => "1".to_owned(),
        "ii" => "2".to_owned(),
        "iii" => "3".to_owned(),
        "iv" => "4".to_owned(),
        "v" => "5".to_owned(),
        _ => n,
    }
}

/// A roman numeral written straight after a name is its type: "Chiari I", "Salter-Harris
/// II", "Mobitz II" are the Index's "type I", "type II". Case decides: an acronym ("NYHA II")
/// or a lower-case word ("factor ii") is no name.
static NAMED_TYPE: LazyLock<regex::Regex> =
    LazyLock::new(|| regex(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:'s)?\s+(IV|III|II|I)\b").unwrap());

/// The "type:N" terms of the types a question writes after a name ([`NAMED_TYPE`]).
pub fn named_types(text: &str) -> Vec<String> {
    NAMED_TYPE
        .captures_iter(text)
        .filter(|c| {
            let name = c[0].split_whitespace().next().unwrap_or_default();
            !NUMBERED_KINDS.contains(&name.to_lowercase().as_str())
        })
        .map(|c| format!("type:{}", counted(&c[1])))
        .collect()
}

/// The words a number counts in [`NUMBERED`], written before it.
const NUMBERED_KINDS: &[&str] = &["type", "stage", "class", "grade", "group", "category"];

/// "with" and "without" bind to the next word: "without aura, with status migrainosus" and
/// "with aura, without status migrainosus" are different codes with the same words.
fn with_pairs(terms: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(terms.len() * 2);
    let mut pending: Option<String> = None;
    for t in terms {
        if matches!(t.as_str(), "with" | "without" | "not") {
            pending = Some(t.clone());
            if t != "not" {
                out.push(t);
            }
            continue;
        }
        if let Some(m) = pending.take() {
            out.push(format!("{m}:{t}"));
            // "with mixed anxiety and depressed mood": a word for the kind passes the
            // binding on to the word it qualifies.
            if PASSED_ON.iter().any(|p| stem(p) == t) {
                pending = Some(m);
            }
        }
        out.push(t);
    }
    out
}

/// Words between "with" and what it binds to.
const PASSED_ON: &[&str] = &["mixed"];

/// Terms of a question: abbreviations expanded, negated findings ("no DTs, no seizures")
/// dropped, stop words removed.
/// Words of coders' mail that are about the mail, not the patient: as query words they only
/// find titles that use them in another sense ("attached" → reactive attachment disorder).
static NOT_CONCEPTS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        "attached",
        "attach",
        "attachment",
        "order",
        "ordered",
        "orders",
        "encoder",
        "scrubber",
        "reject",
        "rejected",
        "rejects",
        "rejection",
        "error",
        "errors",
        "payer",
        "payor",
        "accept",
        "accepted",
        "suggest",
        "suggested",
        "correct",
        "correctly",
        "fit",
        "better",
        "best",
        "mean",
        "means",
        "describe",
        "describes",
        "review",
        "help",
        "please",
        "quick",
        "supported",
        "support",
        "supports",
        "assign",
        "assigned",
        "report",
        "reported",
        "reporting",
        "sequence",
        "sequenced",
        "specific",
        "specificity",
        "query",
        "queried",
        "guidance",
        "advice",
        "confirm",
        "confirmed",
        "thoughts",
        "instead",
        "wrong",
        "valid",
        "invalid",
        "digit",
        "digits",
        "character",
        "characters",
        "superbill",
        "schedule",
        "schedules",
        "scheduling",
    ]
    .into_iter()
    .collect()
});

/// A code in the text (I10, N18.30, 99213) is read by the code mentions; as a query word it
/// would only find notes of other chapters that name it (O10's notes name I10).
fn code_shaped(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 3
        && b[0].is_ascii_alphabetic()
        && b[1].is_ascii_digit()
        && b[2].is_ascii_digit()
        && word != "b12"
}

/// A code written with its dot ("T21.23"): none of its pieces is a word ("t21" is no trisomy
/// 21 once the dot has split it off).
static DOTTED_CODE: LazyLock<regex::Regex> =
    LazyLock::new(|| regex(r"\b[a-z][0-9][0-9a-z]\.[0-9a-z]{1,4}\b").unwrap());

/// A quote mark after a word, where a space or the end follows: the end of a quoted statement.
static CLOSING_QUOTE: LazyLock<regex::Regex> =
    LazyLock::new(|| regex(r#"(\w)['"](\s|$)"#).unwrap());

/// What follows the last closing quote of a piece of text, where it has one: the provider's
/// quoted statement, and any denial in it, ends there.
pub fn after_the_last_closing_quote(text: &str) -> &str {
    CLOSING_QUOTE
        .find_iter(text)
        .last()
        .map_or(text, |m| &text[m.end()..])
}

pub fn query_terms(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let lower = DOTTED_CODE.replace_all(&lower, " ");
    let lower = DENIED_LIST
        .replace_all(&lower, |list: &regex::Captures| list[0].replace(',', " "))
        .replace(['\n', '\r'], " . ");
    let lower = NORMAL_LIST.replace_all(&lower, " . ");
    // Punctuation ends a negation's scope; keep it as its own token. So does a closing quote.
    let lower = CLOSING_QUOTE.replace_all(&lower, "$1 . ");
    let spaced: String = lower
        .chars()
        .flat_map(|c| {
            if matches!(c, ',' | ';' | '.' | ':' | '(' | ')' | '?' | '!') {
                vec![' ', '.', ' ']
            } else {
                vec![c]
            }
        })
        .collect();
    let stayed = LEAVING.replace_all(&spaced, " $1");
    let stayed = AN_AGE.replace_all(&stayed, " ");
    let stayed = ANESTHETIZED.replace_all(&stayed, " ");
    let unmeasured = MEASURED.replace_all(&stayed, "$value");
    let expanded = expand_synonyms(&NEVER.replace_all(&unmeasured, " "));
    let mut out = Vec::new();
    let mut generic = Vec::new();
    let mut negated = false;
    for token in expanded.split_whitespace() {
        if token == "." {
            negated = false;
            continue;
        }
        if NEGATIONS.contains(&token) {
            // Denied complications make the uncomplicated form the better fit.
            if !negated {
                out.push(stem("uncomplicated"));
            }
            negated = true;
            continue;
        }
        if token == "and" || token == "or" {
            continue;
        }
        if negated {
            continue;
        }
        for w in
            words(token).flat_map(|w| w.split(['-', '/']).map(str::to_owned).collect::<Vec<_>>())
        {
            if let Some(noun) = GENERIC_MAIN_TERMS
                .iter()
                .find(|n| w.strip_suffix('s').unwrap_or(&w) == **n)
            {
                generic.push((*noun).to_owned());
            }
            if (!STOP.contains(w.as_str()) || KEEP.contains(&w.as_str()))
                && !NOT_CONCEPTS.contains(w.as_str())
                && !code_shaped(&w)
                && w.len() > 1
            {
                out.push(stem(&w));
            }
        }
    }
    let mut terms = with_pairs(out);
    terms.extend(numbered(&expanded));
    terms.extend(generic);
    terms
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_setting_s_name_keeps_only_whom_it_treats() {
        assert_eq!(
            setting_labels_read_as_settings("Re: TEN\nBurn unit, inpatient. 46F with TEN."),
            "Re: TEN\nunit, inpatient. 46F with TEN."
        );
        assert_eq!(
            setting_labels_read_as_settings("Pediatric hemophilia treatment center, outpatient."),
            "Pediatric center, outpatient."
        );
        assert_eq!(
            setting_labels_read_as_settings("Retina clinic. 70M, floaters OD."),
            "eye clinic. 70M, floaters OD."
        );
        // A unit named inside a sentence is the question's own words.
        let said = "He was moved to the burn unit, where the burns were dressed.";
        assert_eq!(setting_labels_read_as_settings(said), said);
    }

    #[test]
    fn an_everyday_word_names_its_acronym_only_in_capitals() {
        assert_eq!(capitals_only_term("AIDS").as_deref(), Some("aids:capitals"));
        assert_eq!(capitals_only_term("aids"), None);
        assert_eq!(capitals_only_term("HIV"), None);
        assert_eq!(
            capitals_only_terms("hearing aids; AIDS since 2010").collect::<Vec<_>>(),
            ["aids:capitals"]
        );
    }
    use super::*;

    #[test]
    fn sentences_end_at_a_stop_before_a_capital_not_inside_a_number_or_an_initial() {
        assert_eq!(
            sentences("A 3.1-cm mass. Hospital-onset C. difficile colitis; HTN"),
            [
                "A 3.1-cm mass",
                " Hospital-onset C. difficile colitis",
                " HTN"
            ]
        );
    }

    #[test]
    fn a_degree_is_a_counted_kind_and_a_dotted_code_no_words() {
        assert!(
            title_terms("First degree perineal laceration during delivery")
                .contains(&"degree:1".to_owned())
        );
        let q = query_terms("2nd-degree burn; the coder entered T21.23 for it.");
        assert!(q.contains(&"degree:2".to_owned()), "{q:?}");
        assert!(!q.iter().any(|t| t.starts_with("trisom")), "{q:?}");
    }

    #[test]
    fn a_newborn_is_in_the_first_28_days() {
        assert!(a_newborn("12-day-old girl with a red breast bud."));
        assert!(a_newborn("Infant born at 34 weeks, readmitted on day 15."));
        assert!(a_newborn("Term newborn with jaundice."));
        assert!(!a_newborn("40-day-old with fever."));
        assert!(!a_newborn("7-month-old, newborn template used."));
        assert!(!a_newborn("58F, hospital day 3."));
    }

    #[test]
    fn a_condition_takes_the_side_of_its_own_clauses() {
        let tinnitus = title_terms("tinnitus");
        let text = "Presbycusis both ears. ENT documents 'bilateral presbycusis' and 'right-sided subjective tinnitus'.";
        assert_eq!(side_of(text, &tinnitus), Some("right"));
        // One clause with both sides gives neither; clauses that disagree give none.
        let cyst = title_terms("baker cyst");
        assert_eq!(
            side_of("Baker's cysts behind the right and the left knee.", &cyst),
            None
        );
        assert_eq!(
            side_of("Right Baker's cyst. Left Baker's cyst.", &cyst),
            None
        );
        assert_eq!(side_of("No side named for the cyst.", &cyst), None);
    }

    #[test]
    fn quote_marks_are_no_part_of_the_words_they_enclose() {
        assert!(
            expanded("documents 'post-intubation subglottic stenosis'").contains("postprocedural")
        );
    }

    #[test]
    fn a_patient_past_28_days_is_no_newborn() {
        assert!(past_the_newborn_period(
            "A 7-month-old with faltering growth."
        ));
        assert!(past_the_newborn_period("6 week old infant, fussy."));
        assert!(past_the_newborn_period("3 yo with croup."));
        assert!(!past_the_newborn_period(
            "2-week-old newborn with jaundice."
        ));
        assert!(!past_the_newborn_period("Term newborn, day 3."));
    }

    #[test]
    fn context_windows_stop_at_character_boundaries() {
        let text = "visit fo\u{00bb}\u{00bb}\u{00bb}r 2 units (CPT 36430)";
        let at = text.find("36430").unwrap();
        for from in 0..at {
            let w = window(text, from, at);
            assert!(
                text[..at].ends_with(w) && w.len() >= at - from,
                "{from}: {w:?}"
            );
        }
        assert_eq!(window(text, 9, 10), "\u{00bb}");
        assert_eq!(window(text, 50, 80), "");
    }

    #[test]
    fn a_side_found_normal_is_not_the_side_of_the_condition() {
        assert_eq!(
            side("Neovascularization in the left eye, injected OS. The right eye was not examined today."),
            Some("left")
        );
        assert_eq!(
            side("Thresholds are normal in both ears; hyperacusis, left ear."),
            Some("left")
        );
        assert_eq!(
            side("Ectropion of the left lower lid; the right lids are normal."),
            Some("left")
        );
        assert_eq!(side("Otitis media in both ears."), Some("bilateral"));
        assert_eq!(
            side("Hearing loss of the left ear, normal hearing in the right ear."),
            Some("left")
        );
        assert_eq!(
            side("Left hearing loss with a normal right ear."),
            Some("left")
        );
        assert_eq!(
            side("Acute anterior uveitis, this time in the left eye; right eye quiet."),
            Some("left")
        );
    }

    #[test]
    fn a_cue_reads_latin_words_and_leaves_an_escaped_backslash_alone() {
        let word = regex(r"^\w+$").unwrap();
        assert!(word.is_match("Ménière"));
        assert!(word.is_match("Sjögren_2"));
        assert!(!word.is_match("x-ray"));
        assert!(regex(r"^[\w-]+$").unwrap().is_match("x-ray"));
        assert!(regex(r"^\w+\W+\w+$").unwrap().is_match("left — knee"));
        assert!(!regex(r"^\W$").unwrap().is_match("é"));
        let escaped = regex(r"^a\\w$").unwrap();
        assert!(escaped.is_match(r"a\w"));
        assert!(!escaped.is_match("ab"));
    }

    #[test]
    fn an_age_is_read_as_coders_write_it() {
        let table = [
            ("Hand clinic. 34M carpenter with wrist pain", Some(34)),
            ("a 7-year-old girl", Some(7)),
            ("72 y/o with CHF", Some(72)),
            ("Patient, age 45, seen today", Some(45)),
            ("8 yo boy", Some(8)),
            ("BMI 31.2, 3 weeks of pain, room 14", None),
        ];
        for (text, age) in table {
            assert_eq!(age_in_years(text), age, "{text}");
        }
        assert!(adult("34F with knee pain"));
        assert!(adult("osteochondrosis (adult)"));
        assert!(!adult("8M with limp"));
        assert!(!adult("knee pain"));
    }

    #[test]
    fn a_numeral_after_a_name_is_its_type_and_an_accent_is_no_other_word() {
        assert_eq!(named_types("Chiari I malformation"), ["type:1"]);
        assert_eq!(named_types("Salter-Harris II fracture"), ["type:2"]);
        assert!(named_types("NYHA II heart failure").is_empty());
        assert!(named_types("Class III obesity").is_empty());
        assert!(named_types("factor ii deficiency").is_empty());
        assert_eq!(stem("Kienböck's"), stem("Kienbock's"));
        assert_eq!(stem("Ménière"), stem("Meniere"));
    }

    #[test]
    fn a_side_is_read_as_coders_write_it_and_a_question_is_no_side() {
        let table = [
            ("Primary OA R knee, injection today", Some("right")),
            ("palpable lump L breast upper outer quadrant", Some("left")),
            (
                "fluid under the left macula, OS. The right eye is normal.",
                Some("left"),
            ),
            ("fracture of the rt radius", Some("right")),
            ("both knees replaced", Some("bilateral")),
            ("We coded M54.50, right?", None),
            ("Is that right? Left ankle sprain.", Some("left")),
            (
                "Meniere's, left ear. Is H81.09 the right code?",
                Some("left"),
            ),
            ("Pain in the right shoulder: the right code?", Some("right")),
            ("r/o pneumonia at L4 level", None),
            ("right and left hands", None),
            (
                "bead in the left ear canal, removed with a right-angle hook",
                Some("left"),
            ),
            ("no side given", None),
            (
                "posterior capsule opacification OS, YAG today",
                Some("left"),
            ),
            ("visually significant cataract OD", Some("right")),
            ("dry eye OU", Some("bilateral")),
            ("OD on olanzapine, intentional", None),
        ];
        for (text, want) in table {
            assert_eq!(side(text), want, "{text}");
        }
    }

    #[test]
    fn leaving_the_hospital_is_no_discharge_symptom() {
        let discharge = stem("discharge");
        for text in [
            "PCV20 given before discharge.",
            "The discharge summary says pneumonia.",
            "Discharged home on day 3.",
        ] {
            assert!(!query_terms(text).contains(&discharge), "{text}");
        }
        assert!(query_terms("Purulent discharge from the left ear.").contains(&discharge));
    }

    #[test]
    fn codes_and_words_about_the_mail_are_not_query_words() {
        let t = query_terms("Which code for I10? The op note is attached; B12 deficiency too.");
        assert!(!t.iter().any(|w| w.starts_with("i10")), "{t:?}");
        assert!(!t.iter().any(|w| w.starts_with("attach")), "{t:?}");
        assert!(t.iter().any(|w| w == "b12"), "{t:?}");
        assert!(t.contains(&stem("deficiency")), "{t:?}");
        // Booking a visit is no stressful work schedule (Z56.3).
        let booked = query_terms("The stimulator works; she schedules a pocket revision.");
        assert!(
            !booked.iter().any(|w| w.starts_with("schedul")),
            "{booked:?}"
        );
    }

    #[test]
    fn the_patient_s_sex_is_read_beside_the_age() {
        assert_eq!(sex("Urology clinic. 48M with a weak stream."), Some("male"));
        assert_eq!(sex("A 27-year-old woman, G1P0."), Some("female"));
        assert_eq!(sex("34 yo F with dysuria"), Some("female"));
        // A dose or a length is no sex; two that disagree say none.
        assert_eq!(sex("Took 5 mg; the 2 m ladder."), None);
        assert_eq!(sex("Twins: 3M and 3F siblings."), None);
    }

    #[test]
    fn a_word_said_only_after_a_denial_is_denied() {
        let text = "Parkinson's disease without dyskinesia or fluctuations, with falls.";
        let denied = denied_terms(text);
        assert!(denied.contains(&stem("fluctuations")), "{denied:?}");
        assert!(!denied.contains(&stem("falls")), "{denied:?}");
        let turned = "Parkinson's disease without dyskinesia but with fluctuations.";
        assert!(!denied_terms(turned).contains(&stem("fluctuations")));
        let none = denied_terms("Dravet syndrome. No status epilepticus since the last visit.");
        assert!(none.contains(&stem("epilepticus")), "{none:?}");
        let title = "Parkinson's disease without dyskinesia, with fluctuations";
        assert!(with_part_denied(title, |w| denied.contains(&w.to_owned())));
        assert!(!with_part_denied(title, |_| false));
    }

    #[test]
    fn an_age_in_days_weeks_months_or_years() {
        assert_eq!(age_in_days("A 4-day-old term girl."), Some(4));
        assert_eq!(age_in_days("A 3-week-old born at our hospital."), Some(21));
        assert_eq!(age_in_days("A 2 month old with a cough."), Some(60));
        assert_eq!(age_in_days("A 3-year-old."), Some(1095));
        assert_eq!(age_in_days("Term girl born here."), None);
    }

    #[test]
    fn an_age_says_nothing_old() {
        let t = query_terms("A 9-month-old girl and her 67-year-old grandfather; old MI.");
        assert_eq!(t.iter().filter(|w| **w == stem("old")).count(), 1, "{t:?}");
    }

    #[test]
    fn a_number_names_a_kind_with_the_word_it_counts() {
        let t = query_terms("Roseola infantum, HHV-6 PCR positive; CKD stage 3b, type 2 DM.");
        for kind in ["herpesvirus:6", "stage:3b", "type:2"] {
            assert!(t.iter().any(|w| w == kind), "{kind} in {t:?}");
        }
        assert!(!t.iter().any(|w| w == "herpesvirus:7"), "{t:?}");
        assert!(title_terms("Exanthema subitum due to human herpesvirus 7")
            .contains(&"herpesvirus:7".to_owned()));
        // A vitamin is named by its letter.
        let t = query_terms("Classic vitamin K deficiency bleeding of the newborn.");
        assert!(t.iter().any(|w| w == "vitamin:k"), "{t:?}");
        assert!(title_terms("Deficiency of vitamin E").contains(&"vitamin:e".to_owned()));
        assert!(title_terms("Vitamin B12 deficiency anemia").contains(&"vitamin:b12".to_owned()));
    }

    #[test]
    fn the_provider_s_statements_quoted_or_in_the_question_s_own_words() {
        assert!(
            provider_statements("The assessment is 'vertigo of central origin'; MRI ordered.")
                .contains(&"vertigo of central origin")
        );
        assert_eq!(
            provider_statements("The hepatologist diagnoses type 1 autoimmune hepatitis."),
            ["type 1 autoimmune hepatitis"]
        );
        assert_eq!(
            provider_statements("The attending documents an acute attack of porphyria, treated."),
            ["acute attack of porphyria"]
        );
        assert!(provider_statements("The coder entered K81.0 from the note.").is_empty());
        // What the statement goes on to rule out is no diagnosis made.
        assert_eq!(
            provider_statements("The psychiatrist diagnosed panic disorder and ruled out PTSD."),
            ["panic disorder"]
        );
    }

    #[test]
    fn the_anesthesia_a_procedure_is_done_under_is_no_finding() {
        let anesthesia = stem("anesthesia");
        let t = query_terms("Pulsed dye laser under topical anesthesia.");
        assert!(!t.contains(&anesthesia), "{t:?}");
        let t = query_terms("Malignant hyperthermia under anesthesia.");
        assert!(t.contains(&anesthesia), "{t:?}");
        let t = query_terms("Anesthesia of the skin over the left thigh.");
        assert!(t.contains(&anesthesia), "{t:?}");
    }

    #[test]
    fn an_inflammation_is_no_adjective_of_its_organ() {
        assert_ne!(stem("vaginitis"), stem("vaginal"));
        assert_ne!(stem("gastritis"), stem("gastric"));
        assert_eq!(stem("Colitis"), stem("colitis"));
    }

    #[test]
    fn periodic_is_no_period() {
        assert_ne!(stem("periodic"), stem("period"));
        assert_eq!(stem("Periodic"), stem("periodic"));
        assert_eq!(stem("periods"), stem("period"));
    }

    #[test]
    fn lookalike_words_are_written_plainly() {
        assert_eq!(
            lookalikes_written_plainly("CA-125 normal, CA 19-9 high; a punched-out ulcer."),
            "CA125 normal, CA19-9 high; a crater-like ulcer."
        );
        assert_eq!(
            lookalikes_written_plainly("The payer sent A21 back; his tetanus is up to date."),
            "The payer sent A21 again; his Td vaccination."
        );
        // The body's back stays.
        assert_eq!(
            lookalikes_written_plainly("Pain in her lower back."),
            "Pain in her lower back."
        );
        let t = query_terms("ADHD and mood disorders were screened out.");
        assert!(!t.contains(&stem("mood")), "{t:?}");
    }

    #[test]
    fn negated_findings_are_dropped_and_abbreviations_expanded() {
        let t = query_terms(
            "Tremulous, no hallucinations, no DTs, no seizures. Hx of HTN w/ CKD. Never a smoker with COPD.",
        );
        let has = |w: &str| t.contains(&stem(w));
        assert!(has("tremulous"), "{t:?}");
        assert!(
            !has("hallucinations") && !has("delirium") && !has("seizures"),
            "{t:?}"
        );
        assert!(!has("smoker") && !has("nicotine") && has("copd"), "{t:?}");
        assert!(
            has("hypertension") && has("chronic") && has("kidney"),
            "{t:?}"
        );
        let listed = query_terms("She has no fever, dysuria, urgency or flank pain. Cloudy urine.");
        let has = |w: &str| listed.contains(&stem(w));
        assert!(
            !has("dysuria") && !has("urgency") && !has("flank"),
            "{listed:?}"
        );
        assert!(has("cloudy") && has("urine"), "{listed:?}");
        let clause = query_terms("No fever, cough for a week.");
        assert!(clause.contains(&stem("cough")), "{clause:?}");
    }

    #[test]
    fn an_organism_is_also_read_as_the_index_s_name_for_its_infection() {
        let t = query_terms("Otomycosis of the left ear; the culture grew Aspergillus.");
        assert!(t.contains(&stem("aspergillosis")), "{t:?}");
        let t = query_terms("Otomycosis of the left ear, culture pending.");
        assert!(!t.contains(&stem("aspergillosis")), "{t:?}");
    }

    #[test]
    fn abbreviations_are_whole_words_and_every_row_is_well_formed() {
        for (short, long) in SYNONYMS.iter() {
            assert!(!short.is_empty() && !long.is_empty(), "{short:?} {long:?}");
            assert_eq!(
                *short,
                short.to_lowercase(),
                "shorthand is matched lower-cased"
            );
        }
        assert!(SYNONYMS.len() > 150, "{}", SYNONYMS.len());
        let has = |text: &str, w: &str| plain_terms(text).contains(&stem(w));
        assert!(has("HTN, CKD 3b (on lisinopril)", "hypertension"));
        assert!(has("HTN, CKD 3b (on lisinopril)", "kidney"));
        assert!(has("r/o CVA.", "cerebral"));
        assert!(has("took Ambien with wine", "zolpidem"));
        // The Index enters a fracture by the bone's noun ("Fracture, femur").
        assert!(has("displaced femoral shaft fx", "femur"));
        // Inside a word, or another meaning: not expanded.
        assert!(!has("a chart with a hazard label", "headache"));
        assert!(!has("Mrs. Adams has hearing aids", "hiv"));
    }

    #[test]
    fn word_forms_meet_at_one_stem() {
        assert_eq!(stem("fractures"), stem("fractured"));
        assert_eq!(stem("displaced"), stem("displacement"));
        assert_eq!(stem("infections"), stem("infection"));
        assert_ne!(stem("displaced"), stem("nondisplaced"));
    }

    #[test]
    fn titles_lose_stop_words_but_keep_sides() {
        assert_eq!(
            title_terms("Carpal tunnel syndrome, right upper limb"),
            ["carpal", "tunnel", "syndrome", "right", "upper", "limb"].map(stem)
        );
    }
}
