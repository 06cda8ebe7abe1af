//! The books a coder opens before the Tabular List: the Alphabetic Index (main terms, subterms,
//! "see", "see also", nonessential modifiers, default codes), the Table of Drugs and Chemicals,
//! the Table of Neoplasms and the External Cause Index (see `data/icd10cm-index/PROVENANCE.md`).
//!
//! All four are the same shape, a tree of terms under main terms, so one type holds each; the
//! tables carry a row of cells where the indexes carry one code.

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

use quick_xml::events::Event;
use serde::{Deserialize, Serialize};

use super::icd10cm::{compact, dotted, Icd10Cm};
use super::AssistError;
use crate::domain::{CodeSystem, Recommendation};

static INDEX_CSV_GZ: &[u8] =
    include_bytes!("../../data/icd10cm-index/icd10cm_index_2025_rows.csv.gz");
static DRUG_XML_GZ: &[u8] = include_bytes!("../../data/icd10cm-index/icd10cm_drug_2026.xml.gz");
static NEOPLASM_XML_GZ: &[u8] =
    include_bytes!("../../data/icd10cm-index/icd10cm_neoplasm_2026.xml.gz");
static EXTERNAL_XML_GZ: &[u8] =
    include_bytes!("../../data/icd10cm-index/icd10cm_eindex_2026.xml.gz");

/// Where a term sits in its book: its position in [`Book::terms`].
pub type TermId = u32;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// As printed, without the nonessential modifiers.
    pub title: String,
    /// The parenthesised words that may or may not be in the text ("(acute) (chronic)").
    pub nonessential: Vec<String>,
    /// 0 for a main term.
    pub level: u8,
    pub parent: Option<TermId>,
    pub code: Option<String>,
    pub see: Option<String>,
    pub see_also: Option<String>,
    /// A table row's codes by column (the Drug and Neoplasm tables); `None` where the table
    /// prints a dash.
    pub cells: Vec<Option<String>>,
}

/// Which index a path was read from, as a recommendation's evidence names it: the Alphabetic
/// Index shipped is the FY2025 edition (see its provenance), the External Cause Index FY2026's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edition {
    Alphabetic,
    ExternalCause,
}

impl Edition {
    fn label(self) -> &'static str {
        match self {
            Edition::Alphabetic => "Index (FY2025)",
            Edition::ExternalCause => "External Cause Index (FY2026)",
        }
    }
}

/// One index or table.
#[derive(Clone, Debug, Default)]
pub struct Book {
    pub terms: Vec<Term>,
    children: Vec<Vec<TermId>>,
    /// Main terms by each of their comma-separated names, lower-cased: "Abdomen, abdominal" is
    /// found as "abdomen" and as "abdominal".
    main: HashMap<String, Vec<TermId>>,
    nouns: OnceLock<Vec<(TermId, Vec<String>)>>,
    /// The main terms by the first word of their noun (positions in `nouns`): a question
    /// names a few dozen words, the Index has thousands of main terms.
    nouns_by_first: OnceLock<HashMap<String, Vec<usize>>>,
    /// Each term's names as a question must have them, worked out the first time a question
    /// passes by it.
    names: Vec<OnceLock<Names>>,
}

/// A subterm's names ("spine, spinal" is two), each as the words a question must have: `None`
/// for a name with no words to look for, an empty list for a name of connecting words only
/// ("with", "in"), which leads on.
type Names = Box<[Option<Box<[String]>>]>;

/// Kept as its terms and its main terms' stemmed nouns: the children and the main-term names
/// follow from the terms, while stemming the nouns again would cost the first question more
/// than reading them.
impl Serialize for Book {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (&self.terms, self.nouns()).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Book {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        type Nouns = Vec<(TermId, Vec<String>)>;
        let (terms, nouns) = <(Vec<Term>, Nouns)>::deserialize(d)?;
        // A damaged file must be an error to rebuild from, not a panic.
        let bad = |what| Err(serde::de::Error::custom(what));
        if nouns.iter().any(|(id, _)| *id as usize >= terms.len()) {
            return bad("a noun of no term");
        }
        let mut book = Book {
            terms: Vec::with_capacity(terms.len()),
            children: Vec::with_capacity(terms.len()),
            nouns: nouns.into(),
            ..Book::default()
        };
        for term in terms {
            if term.parent.is_some_and(|p| p as usize >= book.terms.len()) {
                return bad("a term before its parent");
            }
            book.push(term);
        }
        Ok(book)
    }
}

/// What happened, as the Table of Drugs and Chemicals has a column for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Intent {
    Accidental,
    SelfHarm,
    Assault,
    Undetermined,
    /// The right drug taken as prescribed.
    AdverseEffect,
    /// Less taken than prescribed.
    Underdosing,
}

/// A neoplasm's behaviour, as the Table of Neoplasms has a column for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behaviour {
    Primary,
    Secondary,
    InSitu,
    Benign,
    Uncertain,
    Unspecified,
}

impl Intent {
    fn column(self) -> usize {
        self as usize
    }
}

impl Behaviour {
    fn column(self) -> usize {
        self as usize
    }
}

/// The main term a coder reads for what the question names below it, unsaid: a device's or a
/// procedure's complication.
pub const IMPLIED_MAIN_TERM: &str = "complication";

/// A name as looked up: lower case, without the "not elsewhere classified" a title may end in.
fn normal(s: &str) -> String {
    // A combining form is printed with its hyphen ("broncho-, bronchial") and named without it
    // ("see Pneumonia, broncho").
    // The FY2025 rows print some references with two spaces ("specified  site NEC").
    let s = s
        .trim()
        .trim_end_matches('-')
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    match s.strip_suffix(" nec") {
        Some(stem) => stem.trim_end().to_owned(),
        None => s,
    }
}

/// The names a main term's comma-separated title gives: its head, each other spelling of it
/// ("Curare, curarine", "Fall, falling"), and each modifier read as written in a question,
/// before the head ("Monoxide, carbon" → "carbon monoxide", "Hypophysis, posterior" →
/// "posterior hypophysis") or after a head's first word ("Ferrous fumerate, gluconate,
/// lactate" → "ferrous lactate"). A modifier alone names no substance or condition: "lactate"
/// in a lab value is not ferrous lactate, "heart" is not "Action, heart".
fn comma_names(title: &str) -> Vec<String> {
    const SAME_WORD: usize = 3;
    let mut parts = title.split(',').map(normal).filter(|p| !p.is_empty());
    let Some(head) = parts.next() else {
        return Vec::new();
    };
    let first_word = head
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned();
    let mut names = vec![head.clone()];
    for part in parts {
        let shared = part
            .chars()
            .zip(first_word.chars())
            .take_while(|(a, b)| a == b)
            .count();
        if shared >= SAME_WORD {
            names.push(part);
            continue;
        }
        names.push(format!("{part} {head}"));
        if first_word != head {
            names.push(format!("{first_word} {part}"));
        }
    }
    names
}

/// Index subterms that count kinds by a letter or number printed one level below them.
const COUNTED_KINDS: &[&str] = &["group", "type", "stage", "class", "grade"];

impl Book {
    fn push(&mut self, term: Term) -> TermId {
        let id = self.terms.len() as TermId;
        match term.parent {
            Some(parent) => self.children[parent as usize].push(id),
            None => {
                // Chemical names hold commas too ("2,4-D"): the whole title is a name as well.
                let mut names = comma_names(&term.title);
                names.push(normal(&term.title));
                names.sort();
                names.dedup();
                for name in names.into_iter().filter(|n| !n.is_empty()) {
                    self.main.entry(name).or_default().push(id);
                }
            }
        }
        self.terms.push(term);
        self.children.push(Vec::new());
        self.names.push(OnceLock::new());
        id
    }

    pub fn term(&self, id: TermId) -> &Term {
        &self.terms[id as usize]
    }

    pub fn children(&self, id: TermId) -> &[TermId] {
        &self.children[id as usize]
    }

    /// Main terms named `name` (one of a main term's comma-separated names), in book order.
    pub fn main_terms(&self, name: &str) -> &[TermId] {
        self.main.get(&normal(name)).map_or(&[], Vec::as_slice)
    }

    /// The subterm of `parent` titled `name` (its title without modifiers, or one of its
    /// comma-separated names).
    pub fn subterm(&self, parent: TermId, name: &str) -> Option<TermId> {
        let name = normal(name);
        self.children(parent).iter().copied().find(|&c| {
            let title = normal(&self.term(c).title);
            title == name || title.split(',').any(|part| normal(part) == name)
        })
    }

    /// Follows a path of names from a main term down its subterms: `["Pain", "low back"]`.
    pub fn find(&self, path: &[&str]) -> Option<TermId> {
        let (main, rest) = path.split_first()?;
        self.main_terms(main).iter().find_map(|&start| {
            rest.iter()
                .try_fold(start, |at, name| self.subterm(at, name))
        })
    }

    /// The code an entry gives, without its dot or the dash that leaves it open ("Z90.1-" →
    /// "Z901").
    pub fn code_at(&self, id: TermId) -> Option<String> {
        let given = self.term(id).code.as_deref()?;
        Some(compact(given.trim_end_matches('-')))
    }

    /// `code` (billable, without its dot) reported for the entry `id` leads to: the evidence is
    /// the path, the code the entry gives and the Tabular notes that apply.
    pub fn recommend(
        &self,
        edition: Edition,
        icd: &Icd10Cm,
        id: TermId,
        code: &str,
        why: String,
    ) -> Recommendation {
        let given = self.term(id).code.clone().unwrap_or_else(|| dotted(code));
        Recommendation {
            system: CodeSystem::Icd10cm,
            title: icd.title(code).unwrap_or_default(),
            why,
            evidence: format!(
                "{}: {} → {given}; {}",
                edition.label(),
                self.path(id).join(", "),
                icd.tabular_evidence(code)
            ),
            code: dotted(code),
            from: None,
        }
    }

    /// The titles from the main term down to `id`, as coders write an Index path.
    pub fn path(&self, id: TermId) -> Vec<&str> {
        let mut out = Vec::new();
        let mut at = Some(id);
        while let Some(i) = at {
            let t = self.term(i);
            out.push(t.title.as_str());
            at = t.parent;
        }
        out.reverse();
        out
    }
}

/// A term the question's words lead to, as a coder follows the Index: a main term, then each
/// subterm the question also names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    pub term: TermId,
    /// How many of the path's words the question has: more is a more specific entry.
    pub words: usize,
}

impl Book {
    /// Each main term's noun (its title before a comma: what follows qualifies it, as in
    /// "Acroasphyxia, chronic", or is its adjective, as in "Abdomen, abdominal") as words,
    /// stemmed as the question's are (see [`super::text::title_terms`]). Subterms' words are
    /// made as a question reaches them: a question reaches few.
    fn nouns(&self) -> &[(TermId, Vec<String>)] {
        self.nouns.get_or_init(|| {
            self.terms
                .iter()
                .enumerate()
                .filter(|(_, t)| t.parent.is_none())
                .flat_map(|(id, t)| {
                    // A title that names one thing two ways ("Hyperlipemia,
                    // hyperlipidemia") is found by either noun; its adjective ("Failure,
                    // failed", "Allergy, allergic") says too little to find it by.
                    let mut names = t.title.split(',');
                    let first = names.next().unwrap_or_default();
                    let mut names: Vec<&str> = if alternatives(&t.title) {
                        names.filter(|n| !adjective(n)).collect()
                    } else {
                        Vec::new()
                    };
                    names.insert(0, first);
                    names.into_iter().map(move |noun| {
                        let words = match super::text::capitals_only_term(noun.trim()) {
                            Some(acronym) => vec![acronym],
                            None => super::text::terms_of(noun),
                        };
                        (id as TermId, words)
                    })
                })
                .collect()
        })
    }

    /// The entries the question leads to: each main term whose noun the question has,
    /// followed down every subterm whose words it also has ("with" and other words that only
    /// connect are passed through), to the deepest entries that carry a code or a "see"
    /// reference. `words` are the question's terms, `has` asks for one.
    pub fn paths<'a>(
        &self,
        words: impl IntoIterator<Item = &'a str>,
        has: &dyn Fn(&str) -> bool,
    ) -> Vec<Path> {
        let nouns = self.nouns();
        let by_first = self.nouns_by_first.get_or_init(|| {
            let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
            for (at, (_, noun)) in nouns.iter().enumerate() {
                if let Some(first) = noun.first() {
                    by_first.entry(first.clone()).or_default().push(at);
                }
            }
            by_first
        });
        // In book order, as a walk over every main term would find them.
        let mut found: Vec<usize> = words
            .into_iter()
            .filter_map(|w| by_first.get(w))
            .flatten()
            .copied()
            .filter(|&at| nouns[at].1.iter().all(|w| has(w)))
            .collect();
        found.sort_unstable();
        found.dedup();
        // A main term found by two of its spellings is walked once.
        found.dedup_by_key(|at| nouns[*at].0);
        let mut out = Vec::new();
        for at in found {
            let (id, noun) = &nouns[at];
            self.descend(*id, noun.len(), has, &mut out);
        }
        // "Disease" and "Disorder" have no noun a title could share; only their subterms
        // lead anywhere.
        for generic in super::text::GENERIC_MAIN_TERMS.iter().filter(|g| has(g)) {
            for &id in self.main.get(*generic).into_iter().flatten() {
                self.descend_below(id, has, &mut out);
            }
        }
        // A complication of a device or procedure is looked up under "Complication" whether or
        // not the question says the word ("PEG site infection": Complication, gastrostomy,
        // infection → K94.22): where it names both the device and what went wrong.
        for &id in self.main.get(IMPLIED_MAIN_TERM).into_iter().flatten() {
            let mut below = Vec::new();
            self.descend_below(id, has, &mut below);
            out.extend(
                below
                    .into_iter()
                    .filter(|p| p.words >= 2 && self.path(p.term).len() >= 3),
            );
        }
        out
    }

    /// The entries below main term `id` the question leads to, never the main term itself.
    fn descend_below(&self, id: TermId, has: &dyn Fn(&str) -> bool, out: &mut Vec<Path>) {
        let before = out.len();
        self.descend(id, 1, has, out);
        if out.len() == before + 1 && out[before].term == id {
            out.pop();
        }
    }

    /// The entries below `root` the question leads to, as [`Book::paths`] follows them below
    /// a main term: the sites under "Neoplasm, neoplastic".
    pub fn paths_under(&self, root: TermId, has: &dyn Fn(&str) -> bool) -> Vec<Path> {
        let mut out = Vec::new();
        self.descend(root, 0, has, &mut out);
        out.retain(|p| p.term != root);
        out
    }

    fn names(&self, id: TermId) -> &Names {
        self.names[id as usize].get_or_init(|| {
            // A subterm's comma-separated names are one place said two ways ("spine, spinal"):
            // the text need name only one of them. "test, human immunodeficiency virus" or
            // "contiguous site of back, buttock, hip" is one name with commas in it: every part
            // of it must be named.
            let title = &self.term(id).title;
            if INSTRUCTIONS.contains(&title.trim().to_lowercase().as_str()) {
                return Box::new([Some(Box::default())]);
            }
            let mut names: Vec<&str> = if alternatives(title) {
                title.split(',').collect()
            } else {
                vec![title.as_str()]
            };
            let counted = counted_modifiers(&self.term(id).nonessential);
            names.extend(counted.iter().map(String::as_str));
            let cause_by_its_noun = cause_by_its_noun(title);
            names.extend(cause_by_its_noun.as_deref());
            names
                .into_iter()
                .flat_map(either_word)
                .flat_map(with_adjective)
                .map(|name| {
                    // "Resistance, organism, to, drug": a bare connector has no words to name.
                    let name_lower = name.trim().to_lowercase();
                    // "due to" is a connector of two words, and no word to name either.
                    let connector = !name_lower.is_empty()
                        && name_lower
                            .split_whitespace()
                            .all(|w| CONNECTORS.contains(&w));
                    if connector || INSTRUCTIONS.contains(&name_lower.as_str()) {
                        return Some(Box::default());
                    }
                    let words = self.counted(id, &name);
                    // "thoracic region": the region is named by its own word ("thoracic").
                    let several = words.len() > 1;
                    (!words.is_empty()).then(|| {
                        words
                            .into_iter()
                            .filter(|w| !CONNECTORS.contains(&w.as_str()))
                            .filter(|w| !(several && w == "region"))
                            .collect()
                    })
                })
                .collect()
        })
    }

    fn descend(&self, at: TermId, words: usize, has: &dyn Fn(&str) -> bool, out: &mut Vec<Path>) {
        let mut deeper = false;
        let mut site_named = false;
        for &child in self.children(at) {
            let named = self.names(child).iter().find_map(|name| {
                name.as_ref()
                    .filter(|words| words.iter().all(|w| has(w)))
                    .map(|words| words.len())
            });
            if let Some(specific) = named {
                site_named |= specific > 0 && !self.is_tissue(child);
                let before = out.len();
                self.descend(child, words + specific, has, out);
                deeper |= out.len() > before;
            } else if self.groups_what_follows(child) {
                // "Proctitis, ulcerative, with, complication, rectal bleeding": the question
                // names the complication, not the word; only what lies below is reached.
                let before = out.len();
                self.descend(child, words, has, out);
                if let Some(at) = out[before..].iter().position(|p| p.term == child) {
                    out.remove(before + at);
                }
                deeper |= out.len() > before;
            }
        }
        // No subterm names what the question says, but one names the region it lies in
        // ("Lipoma, site classification, trunk" for a lipoma of the back): the coder goes on
        // there rather than stop at the main term's default.
        if !site_named {
            for &child in self.children(at) {
                if let Some(specific) = self.region_named(child, has) {
                    let before = out.len();
                    self.descend(child, words + specific, has, out);
                    deeper |= out.len() > before;
                }
            }
        }
        let t = self.term(at);
        if !deeper && (t.code.is_some() || t.see.is_some() || !t.cells.is_empty()) {
            out.push(Path { term: at, words });
        }
    }
}

impl Book {
    /// The words of a subterm's name. A lone letter or number under "group", "type" or
    /// "stage" ("Sepsis, streptococcal, group, A") names the kind with its parent, as the text
    /// says it ("group A strep"): alone it has no word to name.
    fn counted(&self, id: TermId, name: &str) -> Vec<String> {
        let words = super::text::title_terms(name);
        let lone = name.trim().len() <= 2;
        match self.term(id).parent {
            Some(parent) if lone && words.len() <= 1 => {
                let kind = self.term(parent).title.to_lowercase();
                if COUNTED_KINDS.contains(&kind.as_str()) {
                    super::text::title_terms(&format!("{kind} {name}"))
                } else {
                    words
                }
            }
            _ => words,
        }
    }

    /// A subterm that only gathers the kinds below it ("complication"), which a question
    /// names one by one.
    fn groups_what_follows(&self, child: TermId) -> bool {
        GROUPING_SUBTERMS.contains(&self.term(child).title.trim().to_lowercase().as_str())
    }

    fn is_tissue(&self, child: TermId) -> bool {
        TISSUES.contains(&self.term(child).title.to_lowercase().as_str())
    }

    /// The words of `child`'s name when it is a body region ([`REGIONS`]) holding a part the
    /// question names.
    fn region_named(&self, child: TermId, has: &dyn Fn(&str) -> bool) -> Option<usize> {
        self.names(child).iter().flatten().find_map(|name| {
            let parts = REGION_TERMS.get(&name[..])?;
            parts
                .iter()
                .any(|p| p.iter().all(|w| has(w)))
                .then_some(name.len())
        })
    }
}

/// Subterms that name a kind of tissue, not where it is: "Lipoma, site classification,
/// subcutaneous" leaves the site to find ("trunk (skin) (subcutaneous)").
const TISSUES: &[&str] = &["skin", "subcutaneous", "connective tissue"];

/// Index subterms that name a region of the body, and the parts of it a question names
/// instead. The coder's anatomy, not a code's: the Index sends a site it does not list to the
/// region it lies in.
const REGIONS: &[(&[&str], &[&str])] = &[
    (
        &["trunk"],
        &[
            "back",
            "chest",
            "flank",
            "buttock",
            "groin",
            "torso",
            "abdominal wall",
        ],
    ),
    (&["intra-abdominal", "intra-abdominal structures"], ABDOMEN),
    (&["intrathoracic", "intrathoracic structures"], THORAX),
    (
        &["intracranial"],
        &["brain", "cerebral", "cerebellar", "cerebellum"],
    ),
    (&["arms", "upper limb"], ARM),
    (&["legs", "lower limb"], LEG),
    (
        &["face"],
        &["cheek", "forehead", "nose", "chin", "jaw", "temple"],
    ),
    (&["head"], &["scalp"]),
];

const ABDOMEN: &[&str] = &[
    "liver",
    "hepatic",
    "spleen",
    "splenic",
    "pancreas",
    "pancreatic",
    "stomach",
    "gastric",
    "bowel",
    "intestine",
    "intestinal",
    "mesentery",
    "mesenteric",
    "omentum",
    "gallbladder",
];
const THORAX: &[&str] = &[
    "lung",
    "pulmonary",
    "mediastinum",
    "mediastinal",
    "pleura",
    "pleural",
];
const ARM: &[&str] = &[
    "shoulder",
    "arm",
    "upper arm",
    "forearm",
    "elbow",
    "wrist",
    "hand",
    "finger",
    "axilla",
];
const LEG: &[&str] = &[
    "hip", "thigh", "knee", "leg", "ankle", "foot", "toe", "calf", "shin",
];

type RegionParts = HashMap<Box<[String]>, Vec<Vec<String>>>;

/// [`REGIONS`] by each region's name, as the Index's names are read (stemmed terms): a walk
/// asks it of every subterm where the question names none.
static REGION_TERMS: std::sync::LazyLock<RegionParts> = std::sync::LazyLock::new(|| {
    REGIONS
        .iter()
        .flat_map(|(names, parts)| {
            let parts: Vec<Vec<String>> =
                parts.iter().map(|p| super::text::title_terms(p)).collect();
            names.iter().map(move |name| {
                (
                    super::text::title_terms(name).into_boxed_slice(),
                    parts.clone(),
                )
            })
        })
        .collect()
});

/// A name with "or" between two words is either of them: "atrial or auricular" is named by
/// "atrial", "lymph gland or node" by "lymph node", "following ectopic or molar pregnancy" by
/// "following molar pregnancy".
/// A nonessential modifier that gives the entry's grade or stage another way ("3rd degree
/// (grade/stage III)") names the entry as well: "grade III" and "stage III" are each a name of
/// it.
fn counted_modifiers(nonessential: &[String]) -> Vec<String> {
    const KINDS: [&str; 3] = ["grade", "stage", "class"];
    nonessential
        .iter()
        .filter_map(|m| {
            let m = m.trim_matches(['(', ')', ' ']).to_lowercase();
            let (kinds, number) = m.rsplit_once(' ')?;
            let kinds: Vec<&str> = kinds.split('/').collect();
            kinds.iter().all(|k| KINDS.contains(k)).then(|| {
                kinds
                    .iter()
                    .map(|k| format!("{k} {number}"))
                    .collect::<Vec<_>>()
            })
        })
        .flatten()
        .collect()
}

/// An organ named by its noun in "-a" is named by its adjective too: "vaginal vault prolapse"
/// reaches "Prolapse, vagina" (and "urethral", "tracheal", "vertebral", "corneal").
fn with_adjective(name: String) -> Vec<String> {
    let single = !name.trim().contains(' ');
    let adjective = (single && name.len() >= 5 && name.trim().ends_with('a'))
        .then(|| format!("{}l", name.trim()));
    std::iter::once(name).chain(adjective).collect()
}

fn either_word(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let ors: Vec<usize> = (1..words.len().saturating_sub(1))
        .filter(|&i| words[i].eq_ignore_ascii_case("or"))
        .take(3)
        .collect();
    if ors.is_empty() {
        return vec![name.to_owned()];
    }
    (0..1usize << ors.len())
        .map(|choice| {
            let dropped: Vec<usize> = ors
                .iter()
                .enumerate()
                .flat_map(|(bit, &at)| {
                    let kept_left = choice & (1 << bit) == 0;
                    [at, if kept_left { at + 1 } else { at - 1 }]
                })
                .collect();
            words
                .iter()
                .enumerate()
                .filter(|(i, _)| !dropped.contains(i))
                .map(|(_, w)| *w)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Whether a title's comma-separated parts name one thing two ways ("spine, spinal", "ulcer,
/// ulcerated"): each part begins as the first does.
/// "iron, due to repeated red blood cell transfusions" read as "iron ... transfusions": the
/// cause is named by its noun ("transfusional iron overload"), not the whole phrase the Index
/// prints, unless the noun says nothing alone ("due to systemic causes").
fn cause_by_its_noun(title: &str) -> Option<String> {
    let (what, cause) = title.split_once(", due to ")?;
    let noun = cause.split_whitespace().last()?;
    let vague = [
        "agent",
        "cause",
        "causes",
        "condition",
        "disorder",
        "area",
        "environment",
    ];
    (!cause.contains(',') && cause.split_whitespace().count() > 1 && !vague.contains(&noun))
        .then(|| format!("{what} {noun}"))
}

/// A word whose ending makes it an adjective or a participle ("failed", "allergic",
/// "hypertensive").
fn adjective(word: &str) -> bool {
    const ENDINGS: [&str; 11] = [
        "ed", "ic", "al", "ous", "ive", "ory", "ing", "ar", "ant", "ent", "oid",
    ];
    let word = word.trim().to_lowercase();
    ENDINGS.iter().any(|e| word.ends_with(e))
}

pub fn alternatives(title: &str) -> bool {
    let mut parts = title.split(',').map(|p| p.trim().to_lowercase());
    let whole = parts.next().unwrap_or_default();
    let first: String = whole.chars().take(4).collect();
    // "acute, subacute": one word with a prefix is the same word said two ways.
    parts.all(|p| {
        p.chars().take(4).collect::<String>() == first
            || (!whole.is_empty() && !whole.contains(' ') && p.ends_with(&whole))
    })
}

/// Subterms that only connect their parent to the words below them.
const CONNECTORS: &[&str] = &[
    "with", "without", "in", "due", "to", "of", "and", "or", "by", "the", "as", "for", "from",
    "on", "at",
];

/// Subterms that tell the coder how to go on rather than name something the text says:
/// "Lipoma, site classification, trunk" is read as "Lipoma, trunk", and "Infection, due to or
/// resulting from, device, implant or graft, catheter NEC" as "Infection, catheter".
const INSTRUCTIONS: &[&str] = &[
    "site classification",
    "due to or resulting from",
    "device, implant or graft",
];

/// Subterms under which the Index lists the kinds a question names instead of the word.
const GROUPING_SUBTERMS: &[&str] = &["complication", "complications", "degree"];

/// The four books, parsed from the shipped files.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Lookup {
    /// The Alphabetic Index to Diseases and Injuries (FY2025).
    pub index: Book,
    pub drugs: Book,
    pub neoplasms: Book,
    pub external: Book,
}

/// The shipped files the books are parsed from: what a prepared copy of them must match.
pub(super) static SOURCES: [&[u8]; 4] =
    [INDEX_CSV_GZ, DRUG_XML_GZ, NEOPLASM_XML_GZ, EXTERNAL_XML_GZ];

impl Lookup {
    pub fn builtin() -> Result<Self, AssistError> {
        Ok(Self {
            index: parse_index_rows(&gunzip(INDEX_CSV_GZ)?)?,
            drugs: parse_xml(&gunzip(DRUG_XML_GZ)?)?,
            neoplasms: parse_xml(&gunzip(NEOPLASM_XML_GZ)?)?,
            external: parse_xml(&gunzip(EXTERNAL_XML_GZ)?)?,
        })
    }

    /// The Drug table's code for a substance (a main term, or a path under one) and intent.
    pub fn drug(&self, path: &[&str], intent: Intent) -> Option<&str> {
        let row = self.drugs.find(path)?;
        cell(self.drugs.term(row), intent.column())
    }

    /// The Neoplasm table's code for a site under "Neoplasm, neoplastic" and a behaviour; a
    /// code ending in `-` still needs its Tabular characters.
    pub fn neoplasm(&self, site: &[&str], behaviour: Behaviour) -> Option<&str> {
        let mut path = vec!["Neoplasm"];
        path.extend_from_slice(site);
        let row = self.neoplasms.find(&path)?;
        cell(self.neoplasms.term(row), behaviour.column())
    }
}

fn cell(term: &Term, column: usize) -> Option<&str> {
    term.cells.get(column)?.as_deref()
}

fn gunzip(gz: &[u8]) -> Result<String, AssistError> {
    let mut out = String::new();
    flate2::read::GzDecoder::new(gz)
        .read_to_string(&mut out)
        .map_err(|e| AssistError::CodeSet(format!("index data: {e}")))?;
    Ok(out)
}

fn nonempty(s: &str) -> Option<String> {
    Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// "(acute) (chronic)" → ["acute", "chronic"].
fn modifiers(s: &str) -> Vec<String> {
    s.split(['(', ')'])
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A subterm that is only a connective keeps the word its row files among the modifiers: the
/// printed "and (on) acute (congestive)" is a row "and" with the modifiers "(on) acute
/// (congestive)", where "acute" is outside the parentheses and no modifier at all; read as
/// "and", "chronic" heart failure would reach "and acute" (I50.33) with no acute said.
fn connective_with_its_word(term: &str, modifiers: &str) -> String {
    const CONNECTIVES: &[&str] = &["and", "with", "or", "on", "in", "due to", "without"];
    if !CONNECTIVES.contains(&term.to_lowercase().as_str()) {
        return term.to_owned();
    }
    let mut outside = String::new();
    let mut depth = 0usize;
    for c in modifiers.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    let outside = outside.split_whitespace().collect::<Vec<_>>().join(" ");
    if outside.is_empty() {
        term.to_owned()
    } else {
        format!("{term} {outside}")
    }
}

/// The Alphabetic Index rows: each row's parent is the nearest earlier row one level up.
fn parse_index_rows(csv_text: &str) -> Result<Book, AssistError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Row {
        level: u8,
        term: String,
        see: String,
        see_also: String,
        non_ess_modif: String,
        code: String,
    }
    let mut book = Book::default();
    let mut open: Vec<TermId> = Vec::new();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    for row in reader.deserialize::<Row>() {
        let row = row.map_err(|e| AssistError::CodeSet(format!("index rows: {e}")))?;
        open.truncate(usize::from(row.level));
        let parent = open.last().copied().filter(|_| row.level > 0);
        let id = book.push(Term {
            title: connective_with_its_word(row.term.trim(), &row.non_ess_modif),
            nonessential: modifiers(&row.non_ess_modif),
            level: row.level,
            parent,
            code: nonempty(&row.code),
            see: nonempty(&row.see),
            see_also: nonempty(&row.see_also),
            cells: Vec::new(),
        });
        open.push(id);
    }
    Ok(book)
}

/// Which text of a term the parser is reading.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    None,
    Title,
    Modifier,
    Code,
    See,
    SeeAlso,
    Cell(usize),
}

/// The CDC's index and table XML: `mainTerm` and nested `term level="N"`, each with a title
/// (and `nemod` modifiers), `see`, `seeAlso`, and a `code` or `cell col="N"` entries.
fn parse_xml(xml: &str) -> Result<Book, AssistError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut book = Book::default();
    let mut open: Vec<(Term, Option<TermId>)> = Vec::new();
    let mut field = Field::None;
    let bad = |e: &dyn std::fmt::Display| AssistError::CodeSet(format!("index XML: {e}"));
    loop {
        match reader.read_event().map_err(|e| bad(&e))? {
            Event::Start(e) => match e.name().as_ref() {
                b"mainTerm" | b"term" => {
                    let level = open.len() as u8;
                    open.push((
                        Term {
                            level,
                            ..Term::default()
                        },
                        None,
                    ));
                }
                b"title" if !open.is_empty() => field = Field::Title,
                b"nemod" => field = Field::Modifier,
                b"code" => field = Field::Code,
                b"see" => field = Field::See,
                b"seeAlso" => field = Field::SeeAlso,
                b"cell" => {
                    let col = e
                        .try_get_attribute("col")
                        .map_err(|e| bad(&e))?
                        .and_then(|a| String::from_utf8_lossy(&a.value).parse::<usize>().ok())
                        .unwrap_or(0);
                    field = Field::Cell(col.saturating_sub(2));
                }
                _ => {}
            },
            Event::Text(t) => {
                let text = t.unescape().map_err(|e| bad(&e))?;
                let Some((term, _)) = open.last_mut() else {
                    continue;
                };
                match field {
                    Field::Title => term.title.push_str(&text),
                    Field::Modifier => term.nonessential.extend(modifiers(&text)),
                    Field::Code => term.code = nonempty(&text),
                    Field::See => term.see = nonempty(&text),
                    Field::SeeAlso => term.see_also = nonempty(&text),
                    Field::Cell(col) => {
                        if term.cells.len() <= col {
                            term.cells.resize(col + 1, None);
                        }
                        term.cells[col] =
                            nonempty(&text).filter(|c| !c.starts_with("--") && c != "-");
                    }
                    Field::None => {}
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"nemod" => field = Field::Title,
                b"title" => {
                    field = Field::None;
                    // A term's children start after its title: register it now, so they find
                    // their parent.
                    register(&mut book, &mut open);
                }
                b"mainTerm" | b"term" => {
                    register(&mut book, &mut open);
                    let (mut term, id) = open.pop().expect("balanced XML");
                    code_in_title(&mut term);
                    if let Some(id) = id {
                        book.terms[id as usize] = Term {
                            parent: book.terms[id as usize].parent,
                            ..term
                        };
                    }
                }
                _ => {
                    field = if field == Field::Modifier {
                        Field::Title
                    } else {
                        Field::None
                    }
                }
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(book)
}

/// A few External Cause Index lines carry their code at the end of the title instead of in
/// a `code` element ("splitting wood Y93.L1"): the code is read from there. A range in a
/// title ("categories C77.0 - C77.5") is not a code.
fn code_in_title(term: &mut Term) {
    if term.code.is_some() || !term.cells.is_empty() {
        return;
    }
    let Some((head, last)) = term.title.rsplit_once(' ') else {
        return;
    };
    let looks_like_a_code = last.len() >= 5
        && last.as_bytes()[0].is_ascii_uppercase()
        && last.as_bytes()[1].is_ascii_digit()
        && last.as_bytes()[3] == b'.'
        && last.chars().all(|c| c.is_ascii_alphanumeric() || c == '.');
    if looks_like_a_code && !head.trim_end().ends_with('-') {
        term.code = Some(last.to_owned());
        term.title = head.trim_end().to_owned();
    }
}

/// Gives the innermost open term its place in the book once, with its title (its codes and
/// cells arrive later and are written at its end).
fn register(book: &mut Book, open: &mut [(Term, Option<TermId>)]) {
    let parent = open.len().checked_sub(2).and_then(|i| open[i].1);
    let Some((term, id)) = open.last_mut() else {
        return;
    };
    if id.is_none() {
        term.title = term.title.trim().to_owned();
        *id = Some(book.push(Term {
            title: term.title.clone(),
            nonessential: term.nonessential.clone(),
            level: term.level,
            parent,
            ..Term::default()
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static BOOKS: LazyLock<Lookup> = LazyLock::new(|| Lookup::builtin().unwrap());

    #[test]
    fn a_stored_term_before_its_parent_is_an_error_not_a_panic() {
        let orphan = Term {
            title: "Abasia".into(),
            parent: Some(1),
            ..Term::default()
        };
        let nouns: Vec<(TermId, Vec<String>)> = Vec::new();
        let bytes = postcard::to_stdvec(&(vec![orphan], nouns)).unwrap();
        assert!(postcard::from_bytes::<Book>(&bytes).is_err());
    }

    #[test]
    fn a_name_with_or_is_named_by_either_word() {
        assert_eq!(either_word("atrial or auricular"), ["atrial", "auricular"]);
        assert_eq!(
            either_word("lymph gland or node"),
            ["lymph gland", "lymph node"]
        );
        assert_eq!(either_word("acute"), ["acute"]);
    }

    #[test]
    fn a_classifying_subterm_is_passed_through_like_a_connector() {
        // "Infection, due to or resulting from, device, implant or graft, catheter NEC,
        // urinary, urethral indwelling": the question says none of the two middle subterms.
        let words: Vec<String> = ["infection", "catheter", "urinary", "urethral", "indwelling"]
            .iter()
            .map(|w| super::super::text::stem(w))
            .collect();
        let has = |w: &str| words.iter().any(|x| x == w);
        let index = &BOOKS.index;
        let codes: Vec<Option<&str>> = index
            .paths(words.iter().map(String::as_str), &has)
            .iter()
            .map(|p| index.term(p.term).code.as_deref())
            .collect();
        assert!(codes.contains(&Some("T83.511")), "{codes:?}");
    }

    #[test]
    fn a_code_printed_at_the_end_of_a_title_is_the_entry_s_code() {
        let external = &BOOKS.external;
        let wood = external.find(&["Activity", "splitting wood"]).unwrap();
        assert_eq!(external.term(wood).code.as_deref(), Some("Y93.L1"));
        // A range of categories in a Neoplasm Table title is no code of the line.
        let ranged = (0..BOOKS.neoplasms.terms.len() as TermId)
            .map(|t| BOOKS.neoplasms.term(t))
            .find(|t| t.title.contains("C77.0 - C77.5"))
            .unwrap();
        assert_eq!(ranged.code, None);
    }

    #[test]
    fn a_main_term_is_found_by_its_other_noun_not_by_its_adjective() {
        let index = &BOOKS.index;
        let codes = |word: &str| -> Vec<String> {
            let word = super::super::text::stem(word);
            index
                .paths([word.as_str()], &|w: &str| w == word)
                .iter()
                .filter_map(|p| index.term(p.term).code.clone())
                .collect()
        };
        assert!(codes("hyperlipidemia").iter().any(|c| c == "E78.5"));
        // "Failure, failed": a failed screen is no failure.
        assert!(codes("failed").is_empty(), "{:?}", codes("failed"));
    }

    #[test]
    fn a_grouping_subterm_leads_to_the_kind_named_below_it_only() {
        let index = &BOOKS.index;
        let codes = |said: &[&str]| -> Vec<String> {
            let words: Vec<String> = said.iter().map(|w| super::super::text::stem(w)).collect();
            let has = |w: &str| words.iter().any(|x| x == w);
            index
                .paths(words.iter().map(String::as_str), &has)
                .iter()
                .filter_map(|p| index.term(p.term).code.clone())
                .collect()
        };
        // "Proctitis, ulcerative, with, complication, rectal bleeding" → K51.211.
        let bleeding = codes(&["proctitis", "ulcerative", "rectal", "bleeding"]);
        assert!(bleeding.iter().any(|c| c == "K51.211"), "{bleeding:?}");
        // Nothing named below it: the grouping line's own code is not reached.
        let plain = codes(&["proctitis", "ulcerative"]);
        assert!(!plain.iter().any(|c| c == "K51.219"), "{plain:?}");
    }

    #[test]
    fn the_index_follows_subterms_see_references_and_modifiers() {
        let index = &BOOKS.index;
        let abasia = index.find(&["Abasia"]).unwrap();
        assert_eq!(index.term(abasia).code.as_deref(), Some("F44.4"));
        assert_eq!(index.term(abasia).nonessential, ["-astasia", "hysterical"]);
        let abandonment = index.find(&["Abandonment"]).unwrap();
        assert_eq!(index.term(abandonment).see.as_deref(), Some("Maltreatment"));
        let coronary = index.find(&["Aberrant", "artery", "coronary"]).unwrap();
        assert_eq!(index.term(coronary).code.as_deref(), Some("Q24.5"));
        assert_eq!(index.path(coronary), ["Aberrant", "artery", "coronary"]);
        // Found by either of a main term's names.
        assert_eq!(
            index.find(&["abdominal", "acute"]),
            index.find(&["Abdomen", "acute"])
        );
        assert!(index.find(&["Abdomen", "acute"]).is_some());
        assert!(index.terms.len() > 80_000, "{}", index.terms.len());
    }

    #[test]
    fn the_questions_words_lead_down_the_index_to_the_most_specific_entry() {
        let q = crate::assist::suggest::Query::new("chronic low back pain, which code?");
        let index = &BOOKS.index;
        let found: Vec<(Vec<&str>, Option<&str>)> = index
            .paths(q.terms(), &|w: &str| q.has(w))
            .iter()
            .map(|p| (index.path(p.term), index.term(p.term).code.as_deref()))
            .collect();
        assert!(
            found.contains(&(vec!["Pain", "low back"], Some("M54.50"))),
            "{found:?}"
        );
    }

    fn codes_reached(text: &str) -> Vec<Option<&'static str>> {
        let q = crate::assist::suggest::Query::new(text);
        let index = &BOOKS.index;
        index
            .paths(q.terms(), &|w: &str| q.has(w))
            .iter()
            .map(|p| index.term(p.term).code.as_deref())
            .collect()
    }

    #[test]
    fn a_site_the_index_does_not_list_leads_to_the_region_it_lies_in() {
        assert!(codes_reached("Hemangioma of the liver.").contains(&Some("D18.03")));
        // The tissue named does not stop the coder looking for the site.
        let back = codes_reached("Lipoma of the subcutaneous tissue of the back.");
        assert!(back.contains(&Some("D17.1")), "{back:?}");
        // A site the Index lists is read there, not through its region.
        let skin = codes_reached("Hemangioma of the skin of the back.");
        assert!(skin.contains(&Some("D18.01")), "{skin:?}");
        assert!(!skin.contains(&Some("D18.03")), "{skin:?}");
        // No part of a region named: the main term's own code.
        assert_eq!(
            codes_reached("Hemangioma seen on imaging."),
            [Some("D18.00")]
        );
    }

    #[test]
    fn a_subterms_commas_are_two_names_only_when_they_name_one_thing() {
        assert!(alternatives("spine, spinal"));
        assert!(alternatives("Ulcer, ulcerated, ulcerating"));
        assert!(alternatives("acute, subacute"));
        assert!(!alternatives("test, human immunodeficiency virus"));
        assert!(!alternatives("contiguous site of back, buttock, hip"));
        // So "tested positive" alone reaches no HIV entry.
        let q =
            crate::assist::suggest::Query::new("Spouse tested positive; antigen test negative.");
        let index = &BOOKS.index;
        let found: Vec<Option<&str>> = index
            .paths(q.terms(), &|w: &str| q.has(w))
            .iter()
            .map(|p| index.term(p.term).code.as_deref())
            .collect();
        assert!(!found.contains(&Some("R75")), "{found:?}");
    }

    #[test]
    fn the_drug_table_has_a_column_for_each_intent() {
        let codes: Vec<Option<&str>> = [
            Intent::Accidental,
            Intent::SelfHarm,
            Intent::Assault,
            Intent::Undetermined,
            Intent::AdverseEffect,
            Intent::Underdosing,
        ]
        .into_iter()
        .map(|intent| BOOKS.drug(&["1-propanol"], intent))
        .collect();
        assert_eq!(
            codes,
            [
                Some("T51.3X1"),
                Some("T51.3X2"),
                Some("T51.3X3"),
                Some("T51.3X4"),
                None,
                None
            ]
        );
        assert_eq!(
            BOOKS
                .drugs
                .term(BOOKS.drugs.find(&["2,4-D"]).unwrap())
                .nonessential,
            ["dichlorophen-oxyacetic acid"]
        );
        assert!(BOOKS.drugs.main_terms("acetaminophen").len() == 1);
    }

    #[test]
    fn the_neoplasm_table_has_a_column_for_each_behaviour() {
        assert_eq!(BOOKS.neoplasm(&[], Behaviour::Primary), Some("C80.1"));
        assert_eq!(
            BOOKS.neoplasm(&["abdomen", "wall"], Behaviour::Secondary),
            Some("C79.2-")
        );
        assert_eq!(
            BOOKS.neoplasm(&["abdomen", "wall", "connective tissue"], Behaviour::InSitu),
            None
        );
        assert_eq!(
            BOOKS.neoplasm(&["abdomen", "wall", "connective tissue"], Behaviour::Benign),
            Some("D21.4")
        );
        let wall = BOOKS
            .neoplasms
            .find(&["Neoplasm", "abdomen", "wall"])
            .unwrap();
        assert_eq!(
            BOOKS.neoplasms.term(wall).see_also.as_deref(),
            Some("Neoplasm, abdomen, wall, skin")
        );
    }

    #[test]
    fn the_external_cause_index_reads_codes_and_references() {
        let ext = &BOOKS.external;
        let powered = ext
            .find(&["Accident", "boat", "striking swimmer", "powered"])
            .unwrap();
        assert_eq!(ext.term(powered).code.as_deref(), Some("V94.11"));
        let automobile = ext.find(&["Accident", "automobile"]).unwrap();
        assert_eq!(
            ext.term(automobile).see.as_deref(),
            Some("Accident, transport, car occupant")
        );
        let abandonment = ext.find(&["Abandonment"]).unwrap();
        assert_eq!(ext.term(abandonment).title, "Abandonment NEC");
        assert_eq!(
            ext.term(abandonment).nonessential,
            [
                "causing exposure to weather conditions",
                "with intent to injure or kill"
            ]
        );
    }
}
