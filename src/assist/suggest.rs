//! Candidate codes for what a question describes, ranked, each with why.

use std::collections::{HashMap, HashSet};

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::checks::{self, Checked, Status};
use super::ground;
use super::icd10cm::{compact, compact_cow, dotted, Icd10Cm};
use super::notes;
use super::text::{query_terms, stem};
use crate::domain::{CodeSystem, FlagKind, Suggestion};

const SCORER_WORDS: [&str; 11] = [
    "degree",
    "right",
    "left",
    "bilateral",
    "cervical",
    "thoracic",
    "lumbar",
    "degree:1",
    "degree:2",
    "degree:3",
    "degree:4",
];

/// A word of the index, by number: documents and postings hold numbers, not strings.
type TermId = u32;

#[derive(Serialize, Deserialize)]
struct Doc {
    code: String,
    terms: Vec<(TermId, f32)>,
    norm: f32,
}

/// An inverted index over the billable codes' titles, inclusion terms and parents' titles.
#[derive(Serialize, Deserialize)]
pub struct Index {
    docs: Vec<Doc>,
    by_code: FxHashMap<String, usize>,
    vocabulary: FxHashMap<String, TermId>,
    postings: Vec<Vec<(u32, f32)>>,
    idf: Vec<f32>,
    /// The side and spine region words the scorer asks about for every candidate, by number.
    #[serde(skip)]
    sides: HashMap<&'static str, TermId>,
    /// The documents' norms side by side: a search divides thousands of candidates' sums by
    /// them, and reaching each through its document missed the cache for nearly every one.
    #[serde(skip)]
    norms: Vec<f32>,
}

impl Index {
    pub fn build(icd: &Icd10Cm) -> Self {
        let mut codes: Vec<&String> = icd.billable_codes().collect();
        codes.sort();
        let terms = NodeTerms::new(icd);
        // Building the documents is most of the start; the two halves go to two threads.
        let docs_of = |part: &[&String]| -> Vec<Doc> {
            part.iter()
                .map(|c| Doc {
                    code: (*c).clone(),
                    terms: doc_terms(icd, &terms, c),
                    norm: 1.0,
                })
                .collect()
        };
        let (front, back) = codes.split_at(codes.len() / 2);
        let (first, second) = std::thread::scope(|s| {
            let second = s.spawn(|| docs_of(back));
            let first = docs_of(front);
            (first, second.join().expect("building the index"))
        });
        let mut docs = first;
        docs.extend(second);
        let avg =
            docs.iter().map(|d| d.terms.len()).sum::<usize>() as f32 / docs.len().max(1) as f32;
        let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); terms.vocabulary.len()];
        for (i, d) in docs.iter_mut().enumerate() {
            d.norm = 0.85 + 0.15 * d.terms.len() as f32 / avg;
            for &(t, w) in &d.terms {
                postings[t as usize].push((i as u32, w));
            }
        }
        let n = docs.len() as f32;
        let idf = postings
            .iter()
            .map(|p| {
                if p.is_empty() {
                    0.0
                } else {
                    (1.0 + n / p.len() as f32).ln()
                }
            })
            .collect();
        let by_code = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.code.clone(), i))
            .collect();
        Index {
            docs,
            by_code,
            vocabulary: terms.vocabulary,
            postings,
            idf,
            sides: HashMap::new(),
            norms: Vec::new(),
        }
        .with_derived()
    }

    /// Numbers the words the scorer asks about and lines up the norms (after a build, or
    /// reading a prepared index).
    pub fn with_derived(mut self) -> Self {
        self.sides = SCORER_WORDS
            .into_iter()
            .filter_map(|w| {
                let term = if w.contains(':') {
                    w.to_owned()
                } else {
                    stem(w)
                };
                Some((w, *self.vocabulary.get(&term)?))
            })
            .collect();
        self.norms = self.docs.iter().map(|d| d.norm).collect();
        self
    }

    /// The question's words that the index knows.
    /// A degree ("degree:2") only tells lines of one condition apart (`adjust`): every burn
    /// of that degree has it, so it adds to no line's score.
    fn query_ids<'q>(&self, q: &'q Query) -> &'q [TermId] {
        q.ids.get_or_init(|| {
            q.terms
                .iter()
                .filter(|t| !t.starts_with("degree:"))
                .filter_map(|t| self.vocabulary.get(t).copied())
                .collect()
        })
    }

    /// Whether a code's own title or inclusion terms have one of the side or region words (the
    /// only words the scorer asks about): a header above it may list every region.
    fn has_word(&self, terms: &[(TermId, f32)], word: &str) -> bool {
        self.sides
            .get(word)
            .is_some_and(|id| terms.iter().any(|(t, w)| t == id && *w >= 0.8))
    }

    fn score_doc(&self, i: usize, q: &Query, ids: &[TermId]) -> f32 {
        let d = &self.docs[i];
        let raw: f32 = d
            .terms
            .iter()
            .filter(|(t, _)| ids.contains(t))
            .map(|&(t, w)| self.idf[t as usize] * w)
            .sum();
        raw / d.norm * q.adjust(&d.code, |w| self.has_word(&d.terms, w))
    }

    pub fn score(&self, code: &str, q: &Query) -> f32 {
        let ids = self.query_ids(q);
        self.by_code
            .get(&*compact_cow(code))
            .map_or(0.0, |&i| self.score_doc(i, q, ids))
    }

    /// The best `n` codes for the whole question.
    pub fn search(&self, q: &Query, n: usize) -> Vec<(String, f32)> {
        // Only words that are not everywhere make a candidate; the candidates are listed as
        // they come, so neither listing nor ranking them walks every code.
        let ids = self.query_ids(q);
        // "uncomplicated", which a denial adds, chooses between the codes of what the question
        // names; it names nothing itself ("Fatigue. No visit." is no uncomplicated asthma).
        let uncomplicated = self
            .vocabulary
            .get(&super::text::stem("uncomplicated"))
            .copied();
        let common = |t: TermId| self.postings[t as usize].len() > 6000 || Some(t) == uncomplicated;
        let mut candidate = vec![false; self.docs.len()];
        let mut candidates: Vec<usize> = Vec::new();
        for &t in ids.iter().filter(|&&t| !common(t)) {
            for &(doc, _) in &self.postings[t as usize] {
                let doc = doc as usize;
                if !candidate[doc] {
                    candidate[doc] = true;
                    candidates.push(doc);
                }
            }
        }
        // Accumulate through the postings in the question's word order (so each sum rounds as
        // it always has); a word that is everywhere adds only to the candidates, not to the
        // tens of thousands of codes it is in.
        let mut acc = vec![0f32; self.docs.len()];
        for &t in ids {
            let (p, idf) = (&self.postings[t as usize], self.idf[t as usize]);
            if common(t) {
                for &(doc, w) in p.iter().filter(|(doc, _)| candidate[*doc as usize]) {
                    acc[doc as usize] += idf * w;
                }
            } else {
                for &(doc, w) in p {
                    acc[doc as usize] += idf * w;
                }
            }
        }
        let mut scored: Vec<(usize, f32)> = candidates
            .into_iter()
            .map(|i| (i, acc[i] / self.norms[i]))
            .collect();
        // Specificity adjustments only reorder the leaders. Equal scores in code order, so the
        // leaders are picked without sorting the thousands behind them.
        let leaders = n * 4;
        let best_first =
            |a: &(usize, f32), b: &(usize, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if scored.len() > leaders {
            scored.select_nth_unstable_by(leaders, best_first);
            scored.truncate(leaders);
        }
        scored.sort_unstable_by(best_first);
        let mut out: Vec<(String, f32)> = scored
            .into_iter()
            .map(|(i, s)| {
                let d = &self.docs[i];
                (
                    d.code.clone(),
                    s * q.adjust(&d.code, |w| self.has_word(&d.terms, w)),
                )
            })
            .filter(|(_, s)| *s > 0.0)
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out.truncate(n);
        out
    }
}

/// Every node's title, inclusion terms and 7th-character meanings, tokenized once into word
/// numbers: a code's document repeats its ancestors' words, and tokenizing them again for each
/// of 74,719 codes was most of the start.
struct NodeTerms {
    vocabulary: FxHashMap<String, TermId>,
    title: Vec<Vec<TermId>>,
    inclusion: Vec<Vec<TermId>>,
    seventh: Vec<Vec<(char, Vec<TermId>)>>,
}

impl NodeTerms {
    fn new(icd: &Icd10Cm) -> Self {
        let mut vocabulary: FxHashMap<String, TermId> = FxHashMap::default();
        let mut ids = |text: &str| -> Vec<TermId> {
            super::text::terms_of(text)
                .into_iter()
                .map(|t| {
                    let next = vocabulary.len() as TermId;
                    *vocabulary.entry(t).or_insert(next)
                })
                .collect()
        };
        let mut title = Vec::with_capacity(icd.nodes.len());
        let mut inclusion = Vec::with_capacity(icd.nodes.len());
        let mut seventh = Vec::with_capacity(icd.nodes.len());
        for n in &icd.nodes {
            title.push(ids(&n.title));
            inclusion.push(
                n.notes
                    .inclusion_terms
                    .iter()
                    .flat_map(|t| ids(t))
                    .collect(),
            );
            seventh.push(n.seventh.iter().map(|(c, text)| (*c, ids(text))).collect());
        }
        Self {
            vocabulary,
            title,
            inclusion,
            seventh,
        }
    }
}

/// Each word at the highest weight it comes with (a document has a few dozen words, so a
/// list beats a map).
fn add(words: &[TermId], w: f32, terms: &mut Vec<(TermId, f32)>) {
    for &t in words {
        match terms.iter_mut().find(|(x, _)| *x == t) {
            Some((_, old)) => *old = old.max(w),
            None => terms.push((t, w)),
        }
    }
}

fn doc_terms(icd: &Icd10Cm, cache: &NodeTerms, code: &str) -> Vec<(TermId, f32)> {
    let mut terms = Vec::with_capacity(48);
    let with_seventh = code.len() == 7 && icd.node(code).is_none();
    let base = if with_seventh {
        code[..6].trim_end_matches('X')
    } else {
        code
    };
    let Some(i) = icd.node_index(base) else {
        return terms;
    };
    add(&cache.title[i], 1.0, &mut terms);
    add(&cache.inclusion[i], 0.8, &mut terms);
    let mut up = icd.nodes[i].parent;
    let mut w = 0.5;
    while let Some(p) = up {
        add(&cache.title[p], w, &mut terms);
        add(&cache.inclusion[p], w * 0.8, &mut terms);
        w *= 0.6;
        up = icd.nodes[p].parent;
    }
    if with_seventh {
        if let Some(owner) = icd.seventh_for(i) {
            if let Some((_, words)) = cache.seventh[owner]
                .iter()
                .find(|(c, _)| code.ends_with(*c))
            {
                add(words, 0.3, &mut terms);
            }
        }
    }
    terms
}

/// Two terms of five letters or more one of which begins the other: one word in two forms
/// ("ureter", "ureteral").
pub fn alike(a: &str, b: &str) -> bool {
    const SHORTEST: usize = 5;
    a.len() >= SHORTEST && b.len() >= SHORTEST && (a.starts_with(b) || b.starts_with(a))
}

/// The question as the scorer sees it.
pub struct Query {
    terms: FxHashSet<String>,
    /// The question as written, read for its denials only when a rule asks.
    written: Box<str>,
    /// Words the question says only where a denial governs them ("no status epilepticus").
    denied: std::sync::OnceLock<FxHashSet<String>>,
    /// The sex the patient is not, read on first use (every ranking of lines asks).
    other_sex: std::sync::OnceLock<Option<&'static str>>,
    pub(super) side: Option<&'static str>,
    /// The spine region a disc level names (L4-5 lumbar, C5-C6 cervical).
    region: Option<&'static str>,
    /// The 7th character the question's wording points to (A initial, D subsequent, S sequela).
    pub encounter: char,
    /// The fetus a pregnancy code is about, as its 7th character (0 a single gestation).
    fetus: Option<char>,
    /// The terms as numbers of the index's vocabulary, worked out on first use: a draft scores
    /// hundreds of candidates against the same question. The process has one index.
    ids: std::sync::OnceLock<Vec<TermId>>,
}

static NO_TRAUMA: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:no (?:history of |known |preceding |antecedent )?(?:trauma|injury)|without (?:any )?(?:trauma|injury)|atraumatic|non-?traumatic|denies (?:any )?(?:trauma|injury))\b").unwrap()
});

/// A prefix written apart from its word with a hyphen or a space, which the Index writes as
/// one word.
static PREFIXED: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"\b(post|peri|intra|non)[- ]([a-z]{4,})\b").unwrap());

impl Query {
    /// The question's terms (stemmed as titles' terms are).
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().map(String::as_str)
    }

    /// The question read as also saying `words`, which it says in other words: a drug it
    /// names as a condition's cause makes the condition "drug induced".
    pub fn also_saying(mut self, words: &[&str]) -> Self {
        self.terms.extend(words.iter().map(|w| stem(w)));
        self.ids = std::sync::OnceLock::new();
        self
    }

    /// Whether the question says this term only where a denial governs it.
    pub fn denies(&self, term: &str) -> bool {
        self.denied_terms().contains(term)
    }

    /// The sex the patient is not, where the question says which they are.
    pub fn other_sex(&self) -> Option<&'static str> {
        *self
            .other_sex
            .get_or_init(|| match super::text::sex(&self.written)? {
                "male" => Some("female"),
                _ => Some("male"),
            })
    }

    /// Whether the question denies anything at all.
    pub fn denies_anything(&self) -> bool {
        !self.denied_terms().is_empty()
    }

    fn denied_terms(&self) -> &FxHashSet<String> {
        self.denied.get_or_init(|| {
            super::text::denied_terms(&self.written)
                .into_iter()
                .collect()
        })
    }

    /// Whether the question has this term (stemmed as titles' terms are).
    pub fn has(&self, term: &str) -> bool {
        self.terms.contains(term)
    }

    /// Whether the question has this term or one that differs only in its ending, for names
    /// the stemmer cuts differently ("staphylococc" of staphylococcal, "staphylococcus").
    pub fn has_like(&self, term: &str) -> bool {
        // A counted kind ("stage:3b", "group:b") is named exactly or not at all: its word
        // alone ("stage") does not name it.
        self.has(term) || (!term.contains(':') && self.terms.iter().any(|t| alike(t, term)))
    }
}

static FETUS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:fetus|twin|triplet|baby)\s*(?:#|no\.?|number)?\s*([1-9]|a|b|c|one|two|three)\b|\b(singleton|single (?:gestation|pregnancy|fetus|intrauterine pregnancy))\b").unwrap()
});

/// Fetus 2, twin B, baby #2 → '2'; a singleton → '0'.
fn fetus(text: &str) -> Option<char> {
    let m = FETUS.captures(text)?;
    if m.get(2).is_some() {
        return Some('0');
    }
    match m.get(1)?.as_str().to_ascii_lowercase().as_str() {
        "a" | "one" => Some('1'),
        "b" | "two" => Some('2'),
        "c" | "three" => Some('3'),
        digit => digit.chars().next(),
    }
}

static SPINE_LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b([ctl])\d{1,2}\s*-\s*(?:[ctls]\d{1,2}|\d{1,2})\b|\b(lumbar|lumbosacral|thoracic|cervical spine)\b").unwrap()
});

/// The one spine region a question's disc levels or words name.
fn spine_region(text: &str) -> Option<&'static str> {
    let mut found = SPINE_LEVEL.captures_iter(text).map(|c| {
        let named = c.get(1).or_else(|| c.get(2)).map_or("", |m| m.as_str());
        match named.to_ascii_lowercase().chars().next() {
            Some('c') => "cervical",
            Some('t') => "thoracic",
            _ => "lumbar",
        }
    });
    let first = found.next()?;
    found.all(|r| r == first).then_some(first)
}

/// A wound left to heal by secondary intention is a way of treating it, not a healing phase.
static BY_INTENTION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\bheal(?:ing|s)? by (?:primary|secondary|tertiary|first|second) intention\b",
    )
    .unwrap()
});
/// A code's title the question copies after it ("S72.142D - ..., subsequent encounter for closed
/// fracture with routine healing") is the coder's choice, not the record's words about the visit.
static ECHOED_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b[A-Z]\d\d\.?\w{1,4}\s*[-–:]\s*[^\n]*\b(?:initial|subsequent) encounter\b[^\n]*",
    )
    .unwrap()
});
/// The healing or recovery phase (7th character D); "s/p" names an earlier procedure, whose
/// complication is treated actively (A).
static SUBSEQUENT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(subsequent|healing|suture removal|routine|cast change|recheck|wound check|\d+\s*(days?|wks?|weeks?)\s*(post|s/p))\b").unwrap()
});
/// A follow-up, which in an emergency department or an urgent care centre is the plan after
/// the visit ("OMFS f/u for possible repair"), not the visit; so is one the question puts
/// later ("follow-up tomorrow", "follow up in 2 weeks").
static FOLLOW_UP_NAMED: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\b(f/u|follow[- ]?up)\b").unwrap());
static EMERGENCY_DEPARTMENT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"\b(?:ED|ER)\b|(?i:\bemergency (?:department|room|dept)\b|\btrauma bay\b|\burgent care\b)",
    )
    .unwrap()
});
static FOLLOW_UP_PLANNED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:f/u|follow[- ]?up)\s+(?:visit\s+|appointment\s+)?(?:tomorrow|in\s+(?:\d+|a|one|two|three|four|six)\b|next\b|as needed|prn\b|(?:is\s+|was\s+)?(?:arranged|scheduled|planned))|\b(?:will|to)\s+(?:f/u|follow[- ]?up)\b")
        .unwrap()
});
static WOUNDED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:stab(?:bed|bing)?|gunshot|gsw|shot|blunt (?:trauma|force|injury)|penetrating|assault\w*|mvc|mva|motor vehicle (?:crash|collision|accident)|struck by|hit by)\b")
        .unwrap()
});
static SEQUELA: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\b(sequela|late effect|scar)\b").unwrap());

impl Query {
    pub fn new(text: &str) -> Self {
        let region = spine_region(text);
        let mut terms: FxHashSet<String> = query_terms(text).into_iter().collect();
        // A wound or a blow makes what it caused traumatic, which the Index and the titles
        // say where the question does not ("Hemopneumothorax, traumatic" for a stab wound).
        if WOUNDED.is_match(text) {
            terms.insert(stem("traumatic"));
        }
        // A disc level names its region in the words titles use.
        terms.extend(region.map(stem));
        terms.extend(super::text::named_types(text));
        terms.extend(super::text::capitals_only_terms(text));
        // "post-hysterectomy" is the Index's "posthysterectomy".
        terms.extend(
            PREFIXED
                .captures_iter(&text.to_lowercase())
                .map(|c| stem(&format!("{}{}", &c[1], &c[2]))),
        );
        let side = super::text::side(text);
        // "On both sides", "right and left ... both": the Index and the titles say bilateral.
        if side == Some("bilateral") {
            terms.insert(stem("bilateral"));
        }
        // A patient past the newborn period is no newborn, whatever template says the word.
        if super::text::past_the_newborn_period(text) {
            terms.remove(&stem("newborn"));
        }
        // The side a question names is its only one: "right" in "the right eyelids are normal"
        // leads to no right-sided Index line or title.
        match side {
            Some("left") => terms.remove(&stem("right")),
            Some("right") => terms.remove(&stem("left")),
            _ => false,
        };
        let encounter = if SEQUELA.is_match(text) {
            'S'
        } else if SUBSEQUENT
            .is_match(&BY_INTENTION.replace_all(&ECHOED_TITLE.replace_all(text, ""), ""))
            || (FOLLOW_UP_NAMED.is_match(&FOLLOW_UP_PLANNED.replace_all(text, ""))
                && !EMERGENCY_DEPARTMENT.is_match(text))
        {
            'D'
        } else {
            'A'
        };
        Query {
            terms,
            written: text.into(),
            denied: std::sync::OnceLock::new(),
            other_sex: std::sync::OnceLock::new(),
            side,
            region,
            encounter,
            fetus: fetus(text),
            ids: std::sync::OnceLock::new(),
        }
    }

    /// The same question read for one of its conditions, whose own side is `side` ("a left
    /// adrenal mass" beside a right nephrectomy).
    pub(super) fn on_side(&self, side: &'static str) -> Self {
        Query {
            terms: self.terms.clone(),
            written: self.written.clone(),
            denied: self.denied.clone(),
            other_sex: self.other_sex.clone(),
            side: Some(side),
            region: self.region,
            encounter: self.encounter,
            fetus: self.fetus,
            ids: std::sync::OnceLock::new(),
        }
    }

    /// Specificity: the side and encounter the question names, and a nudge away from
    /// "unspecified" when the question says more.
    fn adjust(&self, code: &str, has: impl Fn(&str) -> bool) -> f32 {
        let mut f = 1.0;
        if let Some(side) = self.side {
            for other in ["right", "left", "bilateral"] {
                if other != side && has(other) {
                    f *= 0.55;
                }
            }
            if has(side) {
                f *= 1.25;
            }
        }
        if let Some(region) = self.region {
            for other in ["cervical", "thoracic", "lumbar"] {
                if other != region && has(other) {
                    f *= 0.3;
                }
            }
        }
        // A degree the question gives is the line's: a first-degree laceration is no
        // second-degree one, whatever else their lines share.
        // An unspecified degree is none either.
        const DEGREES: [&str; 4] = ["degree:1", "degree:2", "degree:3", "degree:4"];
        if DEGREES.iter().any(|d| self.has(d))
            && has("degree")
            && !DEGREES.iter().any(|d| has(d) && self.has(d))
        {
            f *= 0.3;
        }
        let seventh = code.chars().nth(6).filter(|_| code.len() == 7);
        if let (Some(wanted), Some(c), true) = (self.fetus, seventh, code.starts_with('O')) {
            if c.is_ascii_digit() {
                f *= if c == wanted { 1.3 } else { 0.8 };
            }
        }
        if code.len() == 7 && code.chars().nth(6).is_some_and(|c| c.is_ascii_alphabetic()) {
            let last = code.chars().last().unwrap_or(' ');
            if last == self.encounter {
                f *= 1.15;
            } else if matches!(last, 'A' | 'D' | 'S') {
                f *= 0.8;
            } else {
                f *= 0.7; // fracture healing letters (G, K, P …) need words this scorer does not read
            }
        }
        f
    }
}

static BAL: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:ba[lc]|blood alcohol(?: level| concentration| content)?|serum (?:alcohol|ethanol)|(?:etoh|ethanol|alcohol) level)\b[^0-9]{0,24}?(\d{1,3}(?:\.\d+)?|\.\d+)\s*(mg|g/dl|g%|%)").unwrap()
});
static WEEKS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(\d{2})\s*(?:w(?:ee)?ks?|w)\s*(?:\d\s*d\b|\d\s*/\s*7|and \d days?)?|\b(\d{2})\s+\d/7\s*w(?:ee)?ks?").unwrap()
});
pub(super) static NEWBORN: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(newborn|neonat\w*|nicu|infant|baby|hrs? of life)\b").unwrap()
});
/// A newborn the provider calls post-term (P08.2-).
static POST_TERM: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:post-?term|post-?matur\w*|post-?dates|prolonged gestation)\b")
        .unwrap()
});
static PREGNANT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(pregnan\w*|gravid\w*|ob triage|\bob\b|antepartum|prenatal|intrapartum|l&d|labor and delivery|(?:vaginal|cesarean|operative|spontaneous|forceps|vacuum)[- ](?:delivery|birth))\b",
    )
    .unwrap()
});

/// Codes that hang on a number in the text: blood alcohol level (Y90.-), the extent of burns
/// (T31, T32) and of exfoliation (L49), BMI (Z68), weeks of gestation (Z3A.- for the mother,
/// P07.2-/P07.3- for a preterm newborn).
fn numeric_rules(icd: &Icd10Cm, text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    // A number the question gives, with the line of the code it falls in.
    let falls_in = |what: &str, code: &str| {
        let reason = format!("{what} falls in {}", icd.title(code).unwrap_or_default());
        (code.to_owned(), reason)
    };
    if let Some(c) = BAL.captures(text) {
        // A level in grams per decilitre or percent (0.21 g/dL, 0.21%) is the same level in
        // milligrams per 100 ml times 1,000.
        let given: f64 = c[1].parse().unwrap_or(0.0);
        let per_gram = if c[2].eq_ignore_ascii_case("mg") {
            1.0
        } else {
            1000.0
        };
        let level = (given * per_gram).round() as u32;
        let code = band(level, BLOOD_ALCOHOL).unwrap_or("Y90.8");
        out.push(falls_in(
            &format!("blood alcohol level {level} mg/dL"),
            code,
        ));
    }
    out.extend(
        super::scales::scores(text)
            .into_iter()
            .map(|s| (s.code, s.why)),
    );
    if let Some(code) = extent_of_burns(icd, text) {
        out.push(falls_in(
            "the body surface burned, with its third-degree part,",
            &code,
        ));
    }
    if let Some(code) = exfoliation(text) {
        out.push(falls_in(
            "the body surface the skin detachment covers",
            code,
        ));
    }
    if let Some(code) = adult_bmi(text) {
        out.push(falls_in("the adult BMI the question gives", &code));
    }
    if let Some(code) = pediatric_bmi(text) {
        out.push(falls_in("the BMI percentile the question gives", code));
    }
    if let Some((grams, code)) = low_birth_weight(icd, text) {
        out.push((
            code,
            format!("a newborn's birth weight of {grams} g, before the weeks (I.C.16.d)"),
        ));
    }
    let weeks = WEEKS
        .captures(text)
        .and_then(|c| c.get(1).or_else(|| c.get(2)))
        .and_then(|m| m.as_str().parse::<u32>().ok());
    if let Some(w) = weeks.filter(|w| (8..=44).contains(w)) {
        if NEWBORN.is_match(text) && w >= 40 && POST_TERM.is_match(text) {
            // P08.21 is over 40 to 42 completed weeks, P08.22 over 42 (294 days or more).
            let code = if w >= 42 { "P08.22" } else { "P08.21" };
            out.push((
                code.to_owned(),
                format!("a newborn documented post-term at {w} completed weeks"),
            ));
        } else if NEWBORN.is_match(text) && w < 37 {
            // P07.21 is under 23 weeks, P07.22–P07.26 are 23–27; P07.31–P07.39 are 28–36.
            let code = if w < 28 {
                format!("P07.2{}", w.saturating_sub(21).clamp(1, 6))
            } else {
                format!("P07.3{}", w - 27)
            };
            if icd.is_billable(&code) {
                out.push((
                    code.clone(),
                    format!("preterm newborn of {w} completed weeks"),
                ));
            }
        } else if w <= 42
            && (PREGNANT.is_match(text)
                || super::text::gravida_beyond_para(text)
                || text.to_lowercase().contains("gestation"))
        {
            let code = format!("Z3A.{w:02}");
            if icd.is_billable(&code) {
                out.push((code, format!("{w} weeks of gestation")));
            }
        }
    }
    out
}

/// "birth weight of 1,420 g", "BW 880 grams": a newborn's weight at birth.
static BIRTH_WEIGHT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:birth ?weight|bw)\b(?:\s+(?:of|was|is|=|:))?\s*(\d{1,2},?\d{3}|\d{3})\s*(?:g|gm|grams?)\b")
        .unwrap()
});

/// A newborn's low birth weight to its P07.0- or P07.1- line (I.C.16.d: reported with the
/// weeks, the weight first): P07.01 under 500 g … P07.18 2,000-2,499 g.
fn low_birth_weight(icd: &Icd10Cm, text: &str) -> Option<(u32, String)> {
    if !NEWBORN.is_match(text) {
        return None;
    }
    let grams: u32 = BIRTH_WEIGHT.captures(text)?[1]
        .replace(',', "")
        .parse()
        .ok()?;
    let code = band(grams, BIRTH_WEIGHTS)?;
    icd.is_billable(code).then(|| (grams, code.to_owned()))
}

/// The line of the first band whose upper bound a value does not pass.
fn band(value: u32, bands: &[(u32, &'static str)]) -> Option<&'static str> {
    bands
        .iter()
        .find(|(upto, _)| value <= *upto)
        .map(|(_, code)| *code)
}

/// Blood alcohol level in mg/100 ml, each band's upper bound (Y90.8 is 240 and over).
const BLOOD_ALCOHOL: &[(u32, &str)] = &[
    (19, "Y90.0"),
    (39, "Y90.1"),
    (59, "Y90.2"),
    (79, "Y90.3"),
    (99, "Y90.4"),
    (119, "Y90.5"),
    (199, "Y90.6"),
    (239, "Y90.7"),
];

/// A newborn's birth weight in grams, each band's upper bound (2,500 g and over is no low
/// birth weight).
const BIRTH_WEIGHTS: &[(u32, &str)] = &[
    (499, "P07.01"),
    (749, "P07.02"),
    (999, "P07.03"),
    (1249, "P07.14"),
    (1499, "P07.15"),
    (1749, "P07.16"),
    (1999, "P07.17"),
    (2499, "P07.18"),
];

static BMI: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bbmi\b|\bbody mass index\b").unwrap());
static PERCENTILE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:percentile|%ile|centile)\b").unwrap()
});
static OF_THE_95TH: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\b(\d{3})\s*%\s+of\s+the\s+95th\b").unwrap());

/// The extent of body surface burned (T31) or corroded (T32), by the total the question gives
/// and the part of it third degree (its tens are the 5th character: T31.21 is 20-29% with
/// 10-19% third degree). Reported where the coder writes the category, or where a third-degree
/// burn covers 20% or more (I.C.19.d.6).
fn extent_of_burns(icd: &Icd10Cm, text: &str) -> Option<String> {
    let total: usize = TOTAL_BODY_SURFACE
        .captures(text)
        .and_then(|c| c.get(1).or_else(|| c.get(2))?.as_str().parse().ok())?;
    let third: usize = THIRD_DEGREE_SURFACE
        .captures_iter(text)
        .filter_map(|c| c[1].parse().ok())
        .find(|third| *third <= total)
        .unwrap_or(0);
    let category = if CORROSION.is_match(text) {
        "T32"
    } else {
        "T31"
    };
    let written = text.to_uppercase().contains(category);
    if total > 100 || !(written || third >= 20) {
        return None;
    }
    let (tens, third_tens) = ((total / 10).min(9), (third / 10).min(9));
    let code = format!("{category}{tens}{}", third_tens.min(tens));
    icd.is_billable(&code).then(|| dotted(&code))
}

/// "TBSA 22%", "22% TBSA", "27% total body surface".
static TOTAL_BODY_SURFACE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bt?bsa\s*(?:of\s+|was\s+|is\s+)?(\d{1,3})\s*(?:%|percent)|\b(\d{1,3})\s*(?:%|percent)\s*(?:of\s+(?:the\s+)?)?(?:tbsa|total body surface)").unwrap()
});

/// "3rd degree 14%", "third-degree burns of the chest wall (entire anterior trunk, 18%)".
static THIRD_DEGREE_SURFACE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:third|3rd)[- ]degree\b[^.%]{0,80}?(\d{1,3})\s*(?:%|percent)")
        .unwrap()
});

static CORROSION: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bcorrosion|\bchemical burn").unwrap());

/// The percentage of skin exfoliation (L49) a condition that detaches the skin (Stevens-Johnson
/// syndrome, toxic epidermal necrolysis, scalded skin, exfoliative dermatitis) covers, by the
/// body surface the question gives: L51, L00 and L26 ask for it with "use additional code to
/// identify percentage of skin exfoliation (L49.-)".
fn exfoliation(text: &str) -> Option<&'static str> {
    const LINES: [&str; 10] = [
        "L49.0", "L49.1", "L49.2", "L49.3", "L49.4", "L49.5", "L49.6", "L49.7", "L49.8", "L49.9",
    ];
    if !EXFOLIATING.is_match(text) {
        return None;
    }
    let found = BODY_SURFACE.captures(text)?;
    let percent: usize = found[2].parse().ok()?;
    // "< 10% BSA" is under ten.
    let below = usize::from(found.get(1).is_some() && percent > 0);
    (percent <= 100).then(|| LINES[((percent - below) / 10).min(9)])
}

static EXFOLIATING: LazyLock<Regex> = LazyLock::new(|| {
    // SJS and TEN in capitals only: "ten days" names no necrolysis.
    super::text::regex(r"\b(?:(?i:epidermal necrolysis|stevens[- ]johnson|exfoliat\w*|scalded skin|epidermal detachment|skin detachment)|SJS|TEN)\b").unwrap()
});

/// "35% body surface area", "35% of the BSA", "35% TBSA", "< 10% BSA".
static BODY_SURFACE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)(<\s*|\b(?:less than|under|below)\s+)?\b(\d{1,3})\s*(?:%|percent)\s*(?:of\s+(?:the\s+)?)?(?:total\s+)?(?:body surface(?: area)?|t?bsa)\b").unwrap()
});

/// An adult's BMI value to its Z68 line (persons 20 and over: Z68.1-Z68.45); a child's is read
/// by its percentile ([`pediatric_bmi`]).
fn adult_bmi(text: &str) -> Option<String> {
    if OF_THE_95TH.is_match(text)
        || PERCENTILE.is_match(text)
        || super::text::age_in_years(text).is_some_and(|a| a < 20)
    {
        return None;
    }
    let value: f64 = BMI_VALUE.captures(text)?[1].parse().ok()?;
    let whole = value.floor() as u32;
    Some(match whole {
        0..=11 => return None,
        12..=19 => "Z68.1".to_owned(),
        20..=39 => format!("Z68.{}{}", whole / 10, whole % 10),
        40..=44 => "Z68.41".to_owned(),
        45..=49 => "Z68.42".to_owned(),
        50..=59 => "Z68.43".to_owned(),
        60..=69 => "Z68.44".to_owned(),
        70..=150 => "Z68.45".to_owned(),
        _ => return None,
    })
}

static BMI_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:bmi|body mass index)\b\W{0,3}(?:(?:of|is|was|=|today|measured|now|at)\W{0,3}){0,3}(\d{2,3}(?:\.\d+)?)\b").unwrap()
});

/// A child's BMI is reported by its percentile for age (Z68.5-, I.C.21.c.3): the line whose
/// range holds the percentile the question gives.
fn pediatric_bmi(text: &str) -> Option<&'static str> {
    if !BMI.is_match(text) {
        return None;
    }
    if let Some(share) = OF_THE_95TH
        .captures(text)
        .and_then(|c| c[1].parse::<u32>().ok())
    {
        return Some(match share {
            0..=119 => "Z68.54",
            120..=139 => "Z68.55",
            _ => "Z68.56",
        });
    }
    let percentile: u32 = PERCENTILE.captures(text)?[1].parse().ok()?;
    Some(match percentile {
        0..=4 => "Z68.51",
        5..=84 => "Z68.52",
        85..=94 => "Z68.53",
        _ => "Z68.54",
    })
}

/// Hypertension of a vessel bed other than the systemic arteries: none of I.C.9.a's
/// combinations ("WHO group 2 pulmonary hypertension" with heart failure is no I11.0).
static OTHER_HYPERTENSION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:pulmonary(?: arterial)?|portal|intracranial|ocular|venous|portopulmonary)\s+(?:hypertension|htn)\b|\b(?:no|denies|without)\s+(?:hypertension|htn)\b").unwrap()
});

static ANY_HYPERTENSION: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\b(?:hypertension|hypertensive|htn)\b").unwrap());

/// Whether the question has a hypertension that is the systemic one, said and not denied.
pub(super) fn systemic_hypertension(lower: &str) -> bool {
    ANY_HYPERTENSION.find_iter(lower).count() > OTHER_HYPERTENSION.find_iter(lower).count()
}

/// Combination codes the official guidelines presume (I.C.9.a): hypertension with chronic
/// kidney disease (I12.-), with heart failure (I11.0), with both (I13.-).
fn guideline_rules(q: &Query, text: &str) -> Vec<(String, String)> {
    let has = |w: &str| q.terms.contains(&stem(w));
    let lower = text.to_lowercase();
    if !has("hypertension") || !systemic_hypertension(&lower) {
        return Vec::new();
    }
    let ckd = has("kidney") && (has("chronic") || lower.contains("ckd"));
    let end_stage =
        lower.contains("esrd") || lower.contains("stage 5") || lower.contains("end stage");
    let hf = has("failure") && has("heart");
    let code = match (ckd, hf, end_stage) {
        (true, true, false) => "I13.0",
        (true, true, true) => "I13.2",
        (true, false, false) => "I12.9",
        (true, false, true) => "I12.0",
        (false, true, _) => "I11.0",
        _ => return Vec::new(),
    };
    vec![(
        code.to_owned(),
        "guideline I.C.9.a presumes the link between hypertension and these conditions".to_owned(),
    )]
}

/// Word matches from one category.
const SIBLINGS: usize = 2;

/// A free-text match scoring below this share of the best one is left out.
const FAR_BELOW: f32 = 0.4;

/// Everything the assistant proposes, best first, billable only, without codes the question
/// already names correctly.
/// Which step proposed a candidate: what the recommended answer may take from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Mends the code the question wrote (a header, a missing or wrong character, a typo, an
    /// ICD-9-CM code).
    Mend(String),
    /// The written code with the side the question names.
    Side(String),
    /// A number in the text or a guideline's combination or status code.
    Rule,
    /// A note of a written code asks for it and the question's words support it.
    Note,
    /// A sibling of a written code that fits the words better.
    Neighbour,
    /// The question's words match its title.
    Words,
    /// Long-term drug therapy the question names.
    Therapy,
    /// Read from the Table of Drugs and Chemicals or the Table of Neoplasms, with the cell it
    /// comes from; a written code that starts with one of the row's `cells` is replaced by it.
    Table {
        cells: Vec<String>,
        evidence: String,
    },
}

#[derive(Clone, Debug)]
pub struct Candidate {
    pub suggestion: Suggestion,
    pub origin: Origin,
}

/// Codes ranked by the question's words, best first; with little in the text to tell them
/// apart, the unspecified code is the default.
pub fn by_words(icd: &Icd10Cm, index: &Index, q: &Query, codes: Vec<String>) -> Vec<(String, f32)> {
    // "Not specified as recurrent" is the line for a hernia the question does not call
    // recurrent: the sibling that says "recurrent" needs the word said.
    let titles: Vec<String> = codes
        .iter()
        .map(|c| icd.title(c).unwrap_or_default().to_lowercase())
        .collect();
    let not_specified: Vec<&str> = titles
        .iter()
        .filter_map(|t| {
            let (_, rest) = t.split_once("not specified as ")?;
            rest.split(|ch: char| !ch.is_alphanumeric()).next()
        })
        .collect();
    let says_unsaid_kind = |t: &str| {
        !t.contains("not specified as ")
            && not_specified.iter().any(|w| {
                t.split(|ch: char| !ch.is_alphanumeric()).any(|x| x == *w)
                    && !q.has(&super::text::stem(w))
            })
    };
    let mut v: Vec<(String, f32)> = codes
        .into_iter()
        .zip(&titles)
        .map(|(c, title)| {
            let s = index.score(&c, q);
            // A tie-break: read only for the codes the question's words reach.
            let default_bonus = if s > 0.0 && icd.says_unspecified(&c) {
                1.05
            } else {
                1.0
            };
            let unsaid = if says_unsaid_kind(title) { 0.5 } else { 1.0 };
            (c, s * default_bonus * unsaid)
        })
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    // Lines that cannot be the patient's come after the others, in their order: a line "with"
    // what the question denies, then one for the other sex than the patient's ("Unspecified
    // urethral stricture, female" for a 48M).
    let other = q.other_sex();
    let denies = q.denies_anything();
    if other.is_some() || denies {
        // The sex is read without allocating: most titles name none, and this runs for every
        // ranking.
        let of_the_other = |c: &str| {
            other.is_some_and(|other| {
                icd.node(c).is_some_and(|n| {
                    (n.title.contains("male") || n.title.contains("Male"))
                        && n.title
                            .split(|ch: char| !ch.is_alphanumeric())
                            .any(|w| w.eq_ignore_ascii_case(other))
                })
            })
        };
        let denied = |c: &str| {
            denies
                && super::text::with_part_denied(&icd.title(c).unwrap_or_default(), |w| q.denies(w))
        };
        v.sort_by_cached_key(|(c, _)| (denied(c), of_the_other(c)));
    }
    v
}

pub fn suggest(
    icd: &Icd10Cm,
    index: &Index,
    q: &Query,
    text: &str,
    checked: &Checked,
    limit: usize,
) -> Vec<Candidate> {
    let statuses: &[(String, Status)] = &checked.statuses;
    let setting = ground::Setting::of(text);
    let mentioned: HashSet<String> = statuses
        .iter()
        .filter(|(_, s)| *s == Status::Billable)
        .map(|(c, _)| compact(c))
        .collect();
    // A code found by its words that cannot be reported with a code the question names is the
    // other side of that Excludes1 pair, not a candidate (E03.8 beside E89.0).
    let conflicts = |c: &str| {
        mentioned
            .iter()
            .any(|m| checks::excluded_together(icd, m, c))
    };
    let named_words = ground::words_of_lines(icd, &mentioned);
    let mut out: Vec<Candidate> = Vec::new();
    let push = |code: &str, score: f32, why: String, origin: Origin, out: &mut Vec<Candidate>| {
        let c = compact(code);
        if mentioned.contains(&c)
            || !icd.is_billable(&c)
            || out.iter().any(|s| compact(&s.suggestion.code) == c)
        {
            return;
        }
        out.push(Candidate {
            suggestion: Suggestion {
                system: CodeSystem::Icd10cm,
                code: dotted(&c),
                title: icd.title(&c).unwrap_or_default(),
                score,
                why,
            },
            origin,
        });
    };
    let ranked = |codes: Vec<String>| by_words(icd, index, q, codes);

    let numbered = numeric_rules(icd, text);
    // 1. Mend what the question got wrong.
    for (code, st) in statuses {
        let fixes: Vec<(String, String)> = match st {
            // A number the text gives picks the header's line (Y90 with "BAC 0.21 g/dL" is
            // Y90.7) before any word does.
            Status::NonBillable(children) => match numbered
                .iter()
                .find(|(c, _)| children.iter().any(|b| compact(b) == compact(c)))
            {
                Some((c, why)) => vec![(compact(c), format!("below the header {code}: {why}"))],
                None => ranked(children.clone())
                    .into_iter()
                    .take(6)
                    .map(|(c, _)| {
                        (
                            c,
                            format!(
                                "billable code below the header {code}, ranked by the question's words"
                            ),
                        )
                    })
                    .collect(),
            },
            Status::Missing7th(_) | Status::Invalid7th(_) => {
                let c = compact(code);
                let base = if matches!(st, Status::Invalid7th(_)) {
                    c[..c.len() - 1].to_owned()
                } else {
                    c
                };
                let stripped = base.trim_end_matches('X');
                let mut completed = ranked(
                    icd.billable_below(stripped)
                        .into_iter()
                        .filter(|b| b.len() == 7 && b.starts_with(stripped))
                        .collect(),
                );
                // A 7th character for the side (the eye codes' 1, 2, 3) is the side the
                // question names, whatever else the words favour.
                if let Some(side) = q.side {
                    let says_side = |c: &str| {
                        icd.title(c)
                            .is_some_and(|t| t.to_lowercase().contains(side))
                    };
                    completed.sort_by_key(|(c, _)| !says_side(c));
                }
                completed
                .into_iter()
                .take(3)
                .map(|(c, _)| {
                    (
                        c,
                        format!("{code} with the 7th character the question's wording points to"),
                    )
                })
                .collect()
            }
            Status::PlaceholderX(fixed) => {
                vec![(fixed.clone(), format!("{code} with its placeholder X"))]
            }
            Status::Invalid => {
                let c = compact(code);
                (3..c.len())
                    .rev()
                    .find(|n| icd.node(&c[..*n]).is_some())
                    .map(|n| {
                        let stem = &c[..n];
                        ranked(icd.billable_below(stem))
                            .into_iter()
                            .take(3)
                            .map(|(b, _)| (b, format!("nearest valid code to {code}")))
                            .collect()
                    })
                    .unwrap_or_default()
            }
            Status::Icd9 { targets, .. } => {
                // The GEM dates from FY2018: a target split since is proposed through the
                // billable codes below it.
                let candidates: Vec<String> = targets
                    .iter()
                    .flat_map(|t| {
                        if icd.is_billable(t) {
                            vec![t.clone()]
                        } else {
                            icd.billable_below(t)
                        }
                    })
                    .collect();
                ranked(candidates)
                    .into_iter()
                    .take(4)
                    .map(|(c, _)| {
                        (
                            c,
                            format!("the CMS crosswalk of the ICD-9-CM code {code}, ranked by the question's words"),
                        )
                    })
                    .collect()
            }
            // The question wants one code of the family: its best few, not a page of them.
            Status::Family if !written_below(code, statuses) => {
                ranked(icd.billable_below(&compact(code)))
                    .into_iter()
                    .take(3)
                    .map(|(c, _)| {
                        (
                            c,
                            format!("billable code of {code}, the family the question asks about, ranked by its words"),
                        )
                    })
                    .collect()
            }
            Status::Billable | Status::Family => Vec::new(),
        };
        for (c, why) in fixes {
            let s = index.score(&c, q);
            push(&c, s, why, Origin::Mend(code.clone()), &mut out);
        }
    }
    // 2. Sided codes where the question names a side but the code does not: the same code with
    // the side filled in (S61.459A → S61.451A, same 7th character), else the category's best.
    for (code, _) in statuses.iter().filter(|(_, s)| *s == Status::Billable) {
        let title = icd.title(code).unwrap_or_default().to_lowercase();
        if !title.contains("unspecified") {
            continue;
        }
        // The side the question gives this condition, else the question's one side; the
        // condition by its title's head ("Tinnitus, unspecified ear"): the site words after
        // it are said of other conditions too ("both ears").
        let head = title.split(',').next().unwrap_or_default();
        let Some(side) = super::text::side_of(text, &ground::concepts(head)).or(q.side) else {
            continue;
        };
        let sided = |b: &String| {
            icd.title(b)
                .unwrap_or_default()
                .to_lowercase()
                .contains(side)
        };
        let c = compact(code);
        // A placeholder X holds no side: H40.40X2's side is its fifth character.
        let (parent, seventh) = if c.len() == 7 {
            let sixth = c[..6].trim_end_matches('X');
            (&sixth[..sixth.len() - 1], c.get(6..))
        } else {
            (&c[..c.len().saturating_sub(1).max(3)], None)
        };
        let same_code: Vec<String> = icd
            .billable_below(parent)
            .into_iter()
            .filter(|b| *b != c && seventh.is_none_or(|x| b.ends_with(x)) && sided(b))
            .collect();
        let candidates = if same_code.is_empty() {
            icd.billable_below(&c[..3])
                .into_iter()
                .filter(|b| sided(b))
                .collect()
        } else {
            same_code
        };
        for (b, s) in ranked(candidates).into_iter().take(2) {
            push(
                &b,
                s,
                format!("{code} is for an unspecified side; the question names the side"),
                Origin::Side(code.clone()),
                &mut out,
            );
        }
    }
    // 3. Numbers the text gives, and combination codes the guidelines presume.
    for (c, why) in numbered
        .into_iter()
        .chain(guideline_rules(q, text))
        .chain(checked.suggestions.iter().cloned())
    {
        let s = index.score(&c, q);
        push(&c, s, why, Origin::Rule, &mut out);
    }
    // 4. Codes the notes of the mentioned codes ask for, when the question's words support them.
    // A drug therapy status code among them is one the medication table finds the patient
    // on: insulin on a sliding scale while admitted is no long-term insulin (I.C.4.a.3).
    let therapies = super::meds::found(text);
    let long_term: Vec<&str> = therapies.iter().map(|f| f.code).collect();
    for (code, st) in statuses {
        if matches!(st, Status::Invalid | Status::Icd9 { .. } | Status::Family) {
            continue;
        }
        let c = compact(code);
        let Some(i) = icd
            .node_index(&c)
            .or_else(|| icd.node_index(c[..c.len().min(6)].trim_end_matches('X')))
        else {
            continue;
        };
        let (nodes, _) = icd.lineage(i);
        let host_words = ground::lineage_words(icd, &nodes);
        for &n in &nodes {
            let notes = &icd.nodes[n].notes;
            // A "code first" list names alternatives ("factor VIII deficiency (D66), factor IX
            // deficiency (D67) ..."): one the question writes is the underlying cause, and its
            // siblings are not asked for; an unspecified one may be the list read too soon.
            let cause_written = notes.code_first.iter().any(|note| {
                notes::refs(note).iter().any(|r| {
                    statuses.iter().any(|(w, s)| {
                        *s == Status::Billable
                            && r.covers(&compact(w))
                            && !icd.says_unspecified(&compact(w))
                    })
                })
            });
            let code_first: &[String] = if cause_written {
                &[]
            } else {
                &notes.code_first
            };
            for note in notes
                .use_additional
                .iter()
                .chain(&notes.code_also)
                .chain(code_first)
            {
                let candidates: Vec<String> = notes::refs(note)
                    .iter()
                    .flat_map(|r| match r {
                        notes::Ref::Code(p) => icd.billable_below(p),
                        notes::Ref::Range(lo, hi) if lo[..3] == hi[..3] => icd
                            .billable_below(&lo[..3])
                            .into_iter()
                            .filter(|b| r.covers(b))
                            .collect(),
                        notes::Ref::Range(..) => Vec::new(),
                    })
                    .take(400)
                    .collect();
                // A hypertensive code is grounded by the systemic hypertension only.
                let hypertensive = |b: &str| ("I10".."I16").contains(&b.get(..3).unwrap_or(""));
                let grounded = |b: &str| {
                    (!b.starts_with("Z79") || long_term.contains(&dotted(b).as_str()))
                        && setting.admits(b)
                        && (!hypertensive(b) || systemic_hypertension(&text.to_lowercase()))
                        && ground::note_grounded(icd, &host_words, note, b, |w| q.terms.contains(w))
                };
                // Of the grounded ones, the one whose title adds least the question does not
                // say (N17.9 for "acute kidney injury", not N17.1 "with acute cortical
                // necrosis"), then the best ranked.
                let unsaid = |b: &str| {
                    ground::concepts(&icd.title(b).unwrap_or_default())
                        .iter()
                        .filter(|w| !q.terms.contains(w.as_str()))
                        .count()
                };
                // A note that names one code has chosen it; the question's words need only
                // ground it, not rank it.
                let named_one = candidates.len() == 1;
                let fitting: Vec<(String, f32)> = ranked(candidates)
                    .into_iter()
                    .take(5)
                    .filter(|(_, s)| *s > 2.0 || named_one)
                    .filter(|(b, _)| grounded(b))
                    // The BMI the question gives, or the Z68 line it codes, has picked the
                    // line already.
                    .filter(|(b, _)| {
                        !b.starts_with("Z68")
                            || !(out
                                .iter()
                                .any(|x| compact(&x.suggestion.code).starts_with("Z68"))
                                || mentioned.iter().any(|m| m.starts_with("Z68")))
                    })
                    .collect();
                if let Some((b, s)) = fitting.iter().min_by_key(|(b, _)| unsaid(b)).cloned() {
                    push(
                        &b,
                        s,
                        format!(
                            "a note at {} asks for it: \"{}\"",
                            icd.nodes[n].code,
                            note.trim_start_matches(", ")
                        ),
                        Origin::Note,
                        &mut out,
                    );
                }
            }
        }
    }
    // 5. A better-fitting neighbour of a code the question names. An "unspecified" code looks
    // through its whole category: the severity, acuity or type the text names may sit in a
    // sibling subcategory (F03.90 unspecified severity → F03.B0 moderate). A code a guideline
    // says not to report (a symptom the diagnosis explains, a rule-out) has no better sibling.
    let ruled_out = |code: &str| {
        checked
            .flags
            .iter()
            .any(|f| f.kind == FlagKind::Guideline && f.codes.first().is_some_and(|c| c == code))
    };
    for (code, _) in statuses
        .iter()
        .filter(|(c, s)| *s == Status::Billable && !ruled_out(c))
    {
        let c = compact(code);
        let own = index.score(&c, q);
        let parent = if icd.says_unspecified(&c) {
            &c[..3]
        } else {
            &c[..c.len().saturating_sub(1).max(3)]
        };
        // Lines of another encounter than the written code's or the question's are no better
        // line for this one.
        let seventh = (c.len() == 7).then(|| &c[6..]);
        let siblings: Vec<String> = icd
            .billable_below(parent)
            .into_iter()
            .filter(|b| seventh.is_none_or(|x| b.ends_with(x) || b.ends_with(q.encounter)))
            .collect();
        for (b, s) in ranked(siblings).into_iter().take(2) {
            if s > own * 1.15
                && s > 3.0
                && ground::covered(icd, &b, |w| q.terms.contains(w))
                && !conflicts(&b)
            {
                push(
                    &b,
                    s,
                    format!("fits the question's words better than {code}"),
                    Origin::Neighbour,
                    &mut out,
                );
            }
        }
    }
    // 6. What the words describe, leaving room for the status codes that follow.
    let found = said_word_for_word(icd, text, index.search(q, limit * 2));
    // A word match far below the best one shares a stray word with the question, not its
    // subject (recurrent colitis → recurrent depression).
    let best = found
        .iter()
        .map(|(_, _, plain)| *plain)
        .chain(out.iter().map(|s| s.suggestion.score))
        .fold(0.0f32, f32::max);
    let no_trauma = NO_TRAUMA.is_match(text);
    for (c, s, plain) in found {
        if out.len() + therapies.len() >= limit || plain < best * FAR_BELOW {
            break;
        }
        // A question that denies trauma has no injury its words only resemble ("peroneal
        // nerve palsy, no trauma" is no injury of the peroneal nerve).
        if no_trauma && (c.starts_with('S') || ("T00".."T15").contains(&&c[..3])) {
            continue;
        }
        // Drug therapy status codes come from the medication table, which knows a stopped or
        // refused drug from one the patient is on; a drug's name in a title is no reason.
        if c.starts_with("Z79")
            || !setting.admits(&c)
            || ground::recurrence_denied(icd, &c, text)
            || !ground::covered(icd, &c, |w| q.terms.contains(w))
            || conflicts(&c)
            || ground::redundant(icd, &c, &named_words, |w| q.terms.contains(w))
        {
            continue;
        }
        // Two codes of a category show the consultant where to look; five siblings that
        // differ in a digit crowd out the question's other concepts.
        let siblings = out
            .iter()
            .filter(|x| compact(&x.suggestion.code)[..3] == c[..3])
            .count();
        if siblings >= SIBLINGS {
            continue;
        }
        push(
            &c,
            s,
            "title and inclusion terms match the question".into(),
            Origin::Words,
            &mut out,
        );
    }
    // 7. Long-term drug therapy the question says the patient is on (I.C.21.c.3): status codes
    // that go with the diagnoses above. The drug is named, so they rank as half the best match.
    let named = out
        .iter()
        .map(|s| s.suggestion.score)
        .fold(1.0f32, f32::max)
        * 0.5;
    for f in therapies {
        let why = format!(
            "the question says the patient takes {} ({}); long-term use is reported with this status code",
            f.names.join(", "),
            f.class
        );
        push(f.code, named, why, Origin::Therapy, &mut out);
    }
    out.truncate(limit);
    let top = out
        .iter()
        .map(|s| s.suggestion.score)
        .fold(0.0f32, f32::max)
        .max(1.0);
    for s in &mut out {
        s.suggestion.score = ((s.suggestion.score / top) * 100.0).round() / 100.0;
    }
    out
}

/// How much more a code counts whose title or inclusion term the question says word for word.
const WORD_FOR_WORD: f32 = 1.5;

/// A code whose title or inclusion term of three words or more the question says word for
/// word ("mixed anxiety and depressive disorder", an inclusion term of F41.8) is what the
/// question names, above a code that only shares its words (F43.23, adjustment disorder with
/// mixed anxiety and depressed mood): the Tabular's own words for it (I.A.11).
/// Each code comes with its score and the score before the bonus.
fn said_word_for_word(
    icd: &Icd10Cm,
    text: &str,
    found: Vec<(String, f32)>,
) -> Vec<(String, f32, f32)> {
    let said = super::text::spaced_words(text);
    let mut found: Vec<(String, f32, f32)> = found
        .into_iter()
        .map(|(code, score)| {
            let phrases = icd
                .node(&code)
                .into_iter()
                .flat_map(|n| std::iter::once(&n.title).chain(&n.notes.inclusion_terms));
            let word_for_word = phrases
                .map(|p| super::text::spaced_words(p))
                .any(|p| p.split_whitespace().count() >= 3 && said.contains(&p));
            let bonus = if word_for_word { WORD_FOR_WORD } else { 1.0 };
            (code, score * bonus, score)
        })
        .collect();
    found.sort_by(|a, b| b.1.total_cmp(&a.1));
    found
}

/// Whether the question also writes a code below `family` (then it names that code's family).
fn written_below(family: &str, statuses: &[(String, Status)]) -> bool {
    let f = compact(family);
    statuses.iter().any(|(w, _)| {
        let w = compact(w);
        w.len() > f.len() && w.starts_with(&f)
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn exfoliation_and_burn_extent_are_read_from_the_body_surface() {
        assert_eq!(exfoliation("TEN with 35% BSA detached"), Some("L49.3"));
        assert_eq!(
            exfoliation("SJS, epidermal detachment < 10% BSA"),
            Some("L49.0")
        );
        // "ten" is no TEN, and a burn's surface is no exfoliation.
        assert_eq!(exfoliation("Burned ten days ago, 15% TBSA"), None);
        let icd = Icd10Cm::builtin().unwrap();
        assert_eq!(
            extent_of_burns(
                &icd,
                "TBSA 22%, of which 3rd degree 14%. Coder wrote T31.2."
            )
            .as_deref(),
            Some("T31.21")
        );
        // Not written and under 20% third degree: not added (I.C.19.d.6).
        assert_eq!(
            extent_of_burns(&icd, "Second-degree burns, 12% TBSA."),
            None
        );
    }
    use super::*;

    #[test]
    fn a_follow_up_the_question_plans_is_no_subsequent_encounter() {
        let encounter = |t: &str| Query::new(t).encounter;
        assert_eq!(
            encounter("Clinic: hyphema of the left eye, shield, ophthalmology follow-up tomorrow."),
            'A'
        );
        assert_eq!(
            encounter("Urgent care: wrist sprain, splint, f/u with ortho."),
            'A'
        );
        assert_eq!(
            encounter("Follow-up visit for the wrist sprain, improving."),
            'D'
        );
    }

    #[test]
    fn a_newborn_s_low_birth_weight_is_its_p07_line() {
        let icd = Icd10Cm::builtin().unwrap();
        let weight = |t: &str| low_birth_weight(&icd, t).map(|(_, c)| c);
        assert_eq!(
            weight("NICU: boy born at 30w1d, birth weight of 1,420 g."),
            Some("P07.15".to_owned())
        );
        assert_eq!(
            weight("Newborn, BW 880 grams, 26 weeks."),
            Some("P07.03".to_owned())
        );
        assert_eq!(weight("Newborn, birth weight 3,400 g, term."), None);
        assert_eq!(weight("Adult, weight 1,420 g of tissue removed."), None);
    }

    #[test]
    fn a_code_said_word_for_word_goes_before_one_that_shares_its_words() {
        let icd = Icd10Cm::builtin().unwrap();
        let found = || vec![("F4323".to_owned(), 1.0), ("F418".to_owned(), 0.8)];
        let said = "29M with 'mixed anxiety and depressive disorder, mild'";
        let got = said_word_for_word(&icd, said, found());
        assert_eq!((got[0].0.as_str(), got[0].2), ("F418", 0.8));
        let got = said_word_for_word(&icd, "anxiety and a low mood", found());
        assert_eq!(got[0].0, "F4323");
    }
}
