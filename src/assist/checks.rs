//! Every code a question mentions, checked against the code set, each flag with the note that
//! justifies it.

use super::extract::Mention;
use super::guidelines;
use super::icd10cm::{compact, dotted, padded, Icd10Cm};
use super::notes::{self, naming};
use super::payer::PayerRules;
use crate::domain::{CodeSystem, Flag, FlagKind, Severity};
use regex::Regex;
use std::sync::LazyLock;

/// What the code set says about one ICD-10-CM mention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Billable,
    /// A header; the billable codes below it.
    NonBillable(Vec<String>),
    /// A code that needs a 7th character; the allowed ones with their meaning.
    Missing7th(Vec<(char, String)>),
    /// The 7th character is right but the X placeholders are missing; the corrected code.
    PlaceholderX(String),
    /// A 7th character the code does not allow; the allowed ones.
    Invalid7th(Vec<(char, String)>),
    Invalid,
    /// A category named beside one of its own codes ("is the F02 code specific enough?" with
    /// F02.80): a reference to the family, not a code on the claim.
    Family,
    /// An ICD-9-CM code: its title and the ICD-10-CM codes the CMS GEM gives for it.
    Icd9 {
        title: Option<String>,
        targets: Vec<String>,
    },
}

impl Status {
    pub fn label(&self) -> &'static str {
        match self {
            Status::Billable => "billable",
            Status::NonBillable(_) => "nonbillable",
            Status::Missing7th(_) => "missing_7th",
            Status::PlaceholderX(_) => "placeholder_x",
            Status::Invalid7th(_) => "invalid_7th",
            Status::Invalid | Status::Icd9 { .. } => "invalid",
            Status::Family => "category",
        }
    }
}

pub fn status(icd: &Icd10Cm, code: &str) -> Status {
    let c = compact(code);
    if icd.is_billable(&c) {
        return Status::Billable;
    }
    if let Some(i) = icd.node_index(&c) {
        if !icd.nodes[i].children.is_empty() {
            return Status::NonBillable(icd.billable_below(&c).iter().map(|b| dotted(b)).collect());
        }
        if let Some(owner) = icd.seventh_for(i) {
            return Status::Missing7th(icd.nodes[owner].seventh.clone());
        }
        return Status::Invalid;
    }
    // Read the last character as a 7th character on the code before it.
    if c.len() >= 5 {
        let (base, ch) = c.split_at(c.len() - 1);
        let ch = ch.chars().next().unwrap_or(' ');
        let stripped = base.trim_end_matches('X');
        if let Some(i) = icd
            .node_index(stripped)
            .filter(|&i| icd.nodes[i].children.is_empty())
        {
            if let Some(owner) = icd.seventh_for(i) {
                let allowed = icd.nodes[owner].seventh.clone();
                let ok = allowed.iter().any(|(a, _)| *a == ch);
                let corrected = format!("{}{ch}", padded(stripped));
                return match (ok, icd.is_billable(&corrected)) {
                    (true, true) if padded(stripped) != base => {
                        Status::PlaceholderX(dotted(&corrected))
                    }
                    _ => Status::Invalid7th(allowed),
                };
            }
        }
    }
    match x_left_out(icd, &c).as_slice() {
        [only] => Status::PlaceholderX(dotted(only)),
        _ => Status::Invalid,
    }
}

/// The billable codes the written one becomes with its placeholder X put back where the coder
/// left it out inside the code (T46.46A for T46.4X6A), the 7th character kept last.
fn x_left_out(icd: &Icd10Cm, c: &str) -> Vec<String> {
    if !(5..7).contains(&c.len()) || !c.is_ascii() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut grow = vec![c.to_owned()];
    while grow.first().is_some_and(|g| g.len() < 7) {
        grow = grow
            .iter()
            .flat_map(|g| (4..g.len()).map(move |at| format!("{}X{}", &g[..at], &g[at..])))
            .collect();
    }
    for code in grow {
        if icd.is_billable(&code) && !found.contains(&code) {
            found.push(code);
        }
    }
    found
}

/// The code a mention stands for once its form is mended, for the checks between codes.
fn resolved(icd: &Icd10Cm, code: &str, st: &Status) -> Option<String> {
    match st {
        Status::Billable
        | Status::NonBillable(_)
        | Status::Missing7th(_)
        | Status::Invalid7th(_) => {
            let c = compact(code);
            Some(if icd.node(&c).is_some() || icd.is_billable(&c) {
                c
            } else {
                c[..c.len() - 1].to_owned()
            })
        }
        Status::PlaceholderX(fixed) => Some(compact(fixed)),
        Status::Invalid | Status::Icd9 { .. } | Status::Family => None,
    }
}

/// The retirement, and what the crosswalk gives.
fn gem_evidence(icd: &Icd10Cm, targets: &[String]) -> String {
    let retired = "ICD-9-CM was retired for services from October 1, 2015.";
    if targets.is_empty() {
        return format!(
            "{retired} The CMS General Equivalence Mapping has no ICD-10-CM code for it."
        );
    }
    let named: Vec<String> = targets
        .iter()
        .map(|t| match icd.title(t) {
            Some(title) => format!("{} ({title})", dotted(t)),
            None => dotted(t),
        })
        .collect();
    format!(
        "{retired} The CMS General Equivalence Mapping gives {}.",
        named.join(", ")
    )
}

fn list_chars(chars: &[(char, String)]) -> String {
    chars
        .iter()
        .map(|(c, d)| format!("{c} ({d})"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn flag(
    kind: FlagKind,
    severity: Severity,
    codes: Vec<String>,
    message: String,
    evidence: String,
) -> Flag {
    Flag {
        kind,
        severity,
        codes,
        message,
        evidence,
        rule: None,
        from: None,
    }
}

pub struct Checked {
    pub flags: Vec<Flag>,
    /// Each ICD-10-CM mention with its status, in the order written.
    pub statuses: Vec<(String, Status)>,
    /// Codes the guidelines propose, with why.
    pub suggestions: Vec<(String, String)>,
    /// Codes as written that a guideline says are not reported with the others.
    pub not_reported: Vec<String>,
}

/// Where the codes come from: a question's prose may name a category while discussing one of
/// its codes; an answer's list of recommended codes means every code it lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Question,
    Answer,
}

pub fn check(
    icd: &Icd10Cm,
    text: &str,
    mentions: &[Mention],
    payer: &PayerRules,
    source: Source,
) -> Checked {
    let mut flags = Vec::new();
    let mut statuses = Vec::new();
    let mut valid: Vec<(String, String, usize)> = Vec::new(); // (as written, resolved, node index)
    let mut present: Vec<guidelines::Present> = Vec::new();
    for m in mentions.iter().filter(|m| m.system == CodeSystem::Icd10cm) {
        let st = if m.icd9 {
            let icd9 = super::icd9::builtin();
            Status::Icd9 {
                title: icd9.title(&m.code).map(str::to_owned),
                targets: icd9
                    .targets(&m.code)
                    .iter()
                    .map(|t| t.code.clone())
                    .collect(),
            }
        } else if source == Source::Question
            && (names_family(icd, m, mentions) && !on_the_claim(text, m)
                || asked_about(icd, text, m))
        {
            Status::Family
        } else {
            status(icd, &m.code)
        };
        single_code_flags(icd, &m.code, &st, &mut flags);
        if let Some(r) = resolved(icd, &m.code, &st) {
            let idx = icd
                .node_index(&r)
                .or_else(|| icd.node_index(r[..6.min(r.len())].trim_end_matches('X')));
            if let Some(i) = idx {
                present.push(guidelines::Present {
                    written: m.code.clone(),
                    code: r.clone(),
                    at: m.at,
                    concepts: super::ground::concepts(&icd.title(&r).unwrap_or_default()),
                });
                valid.push((m.code.clone(), r, i));
            }
        }
        statuses.push((m.code.clone(), st));
    }
    pair_flags(
        icd,
        &valid,
        &Written {
            text,
            present: &present,
        },
        &mut flags,
    );
    laterality(icd, text, &statuses, &mut flags);
    notes_info(icd, &valid, &mut flags);
    let by_guidelines = guidelines::apply(text, &present);
    flags.extend(by_guidelines.flags);
    payer.check(text, mentions, &mut flags);
    Checked {
        flags,
        statuses,
        suggestions: by_guidelines.suggestions,
        not_reported: by_guidelines.not_reported,
    }
}

/// Words before a header that make it the family asked about rather than a code on the claim.
const ASKING: &[&str] = &[
    "a", "an", "any", "which", "what", "another", "other", "besides", "than", "beyond",
];

/// A header the question asks for a code of ("is there a C44 code for this?", "which E11
/// code?", "which G89?", "what besides Z3A?") is a question about the family, not a code on
/// the claim.
fn asked_about(icd: &Icd10Cm, text: &str, m: &Mention) -> bool {
    let c = compact(&m.code);
    if icd.is_billable(&c) || icd.node(&c).is_none_or(|n| n.children.is_empty()) {
        return false;
    }
    let end = m.at + m.code.len();
    let before = text[..m.at.min(text.len())].trim_end().to_ascii_lowercase();
    let after = text
        .get(end..)
        .unwrap_or("")
        .trim_start()
        .to_ascii_lowercase();
    let asks = ASKING.iter().any(|w| {
        before.ends_with(w) && !before[..before.len() - w.len()].ends_with(char::is_alphanumeric)
    });
    asks && (after.starts_with("code") || after.starts_with('?'))
}

/// Words just before a code that put it on a claim ("submitted B02.3", "billed N81.1", "keyed
/// Q53.1"): a header there is an error on the claim even when a code below it is asked about.
const CLAIMED: &[&str] = &[
    "submitted",
    "keyed",
    "entered",
    "coded",
    "billed",
    "sent",
    "reported",
    "claimed",
    "denied",
    "rejected",
];

/// Wherever the code is written: a subject may name it before the sentence that says it was
/// submitted.
fn on_the_claim(text: &str, m: &Mention) -> bool {
    // "F02" inside "F02.80" is the longer code, not the header.
    let whole = |end: usize| {
        let rest = &text[end..];
        let continues = |r: &str| r.starts_with(|c: char| c.is_ascii_alphanumeric());
        !(continues(rest) || rest.strip_prefix('.').is_some_and(continues))
    };
    text.match_indices(m.code.as_str()).any(|(at, code)| {
        whole(at + code.len())
            && text[..at]
                .to_ascii_lowercase()
                .split_whitespace()
                .rev()
                .take(3)
                .any(|w| CLAIMED.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())))
    })
}

/// A header written beside a code below it refers to that code's family.
fn names_family(icd: &Icd10Cm, m: &Mention, mentions: &[Mention]) -> bool {
    let c = compact(&m.code);
    !icd.is_billable(&c)
        && icd.node(&c).is_some_and(|n| !n.children.is_empty())
        && mentions.iter().any(|other| {
            let o = compact(&other.code);
            o.len() > c.len() && o.starts_with(&c) && icd.is_billable(&o)
        })
}

fn single_code_flags(icd: &Icd10Cm, code: &str, st: &Status, flags: &mut Vec<Flag>) {
    let c = vec![code.to_owned()];
    match st {
        Status::Billable | Status::Family => {}
        Status::Icd9 { title, targets } => flags.push(flag(
            FlagKind::Invalid,
            Severity::Error,
            c,
            match title {
                Some(t) => format!("{code} is an ICD-9-CM code ({t}); claims need ICD-10-CM."),
                None => format!("{code} is written as an ICD-9-CM code; claims need ICD-10-CM."),
            },
            gem_evidence(icd, targets),
        )),
        Status::Invalid => flags.push(flag(
            FlagKind::Invalid,
            Severity::Error,
            c,
            format!("{code} is not an ICD-10-CM code in FY{}.", icd.year),
            nearest_existing(icd, code),
        )),
        Status::NonBillable(children) => {
            let title = icd.title(code).unwrap_or_default();
            let shown: Vec<&str> = children.iter().take(12).map(String::as_str).collect();
            flags.push(flag(
                FlagKind::NonBillable,
                Severity::Error,
                c,
                format!("{code} ({title}) is a header, not a billable code; report one of the codes below it."),
                format!(
                    "{} billable code(s) below {code}: {}{}",
                    children.len(),
                    shown.join(", "),
                    if children.len() > shown.len() { ", …" } else { "" }
                ),
            ))
        }
        Status::Missing7th(chars) => flags.push(flag(
            FlagKind::Missing7th,
            Severity::Error,
            c,
            format!("{code} needs a 7th character."),
            format!("7th characters for {code}: {}", list_chars(chars)),
        )),
        Status::PlaceholderX(fixed) => flags.push(flag(
            FlagKind::PlaceholderX,
            Severity::Error,
            c,
            format!("{code} is missing its placeholder X; the code is {fixed}."),
            "A code shorter than six characters takes placeholder X before its 7th character."
                .into(),
        )),
        Status::Invalid7th(chars) => flags.push(flag(
            FlagKind::Invalid7th,
            Severity::Error,
            c,
            format!("The 7th character of {code} is not one this code allows."),
            format!("Allowed: {}", list_chars(chars)),
        )),
    }
}

fn nearest_existing(icd: &Icd10Cm, code: &str) -> String {
    let c = compact(code);
    (3..c.len())
        .rev()
        .find_map(|n| {
            icd.node(&c[..n])
                .map(|node| format!("{} is {}.", node.code, node.title))
        })
        .unwrap_or_else(|| "No category of that name.".into())
}

/// The notes of a code, its ancestors, its section and its chapter, with where each is from.
fn lineage_notes<'a>(
    icd: &'a Icd10Cm,
    i: usize,
    pick: impl Fn(&'a super::icd10cm::Notes) -> &'a [String],
) -> Vec<(String, &'a [String])> {
    let (nodes, containers) = icd.lineage(i);
    let mut out: Vec<(String, &[String])> = nodes
        .iter()
        .map(|&n| (icd.nodes[n].code.clone(), pick(&icd.nodes[n].notes)))
        .collect();
    out.extend(containers.iter().map(|&c| {
        let ct = &icd.containers[c];
        let label = if ct.parent.is_some() {
            format!("section {}", ct.id)
        } else {
            format!("chapter {}", ct.id)
        };
        (label, pick(&ct.notes))
    }));
    out
}

/// A Tabular note as the book prints it, after its heading: the XML keeps "Code also" and
/// "Use additional" apart from a note that continues them (", if applicable, eosinophilia"),
/// and such a note alone reads as a fragment.
pub fn note_sentence(heading: &str, note: &str) -> String {
    if note.starts_with([',', ':', ';']) {
        format!("{heading}{note}")
    } else {
        format!("{heading} {note}")
    }
}

/// The code-first note above `host` that names `other`, with where it is: `other` is reported
/// before `host`.
pub fn code_first_note(icd: &Icd10Cm, host: &str, other: &str) -> Option<String> {
    let i = icd.node_index(&super::icd10cm::compact(host))?;
    let other = super::icd10cm::compact(other);
    lineage_notes(icd, i, |n| &n.code_first)
        .into_iter()
        .find_map(|(place, list)| {
            naming(list, &other)
                .map(|note| format!("at {place}: {}", note_sentence("code first", note)))
        })
}

/// Whether a "code first" note stands at `code` or above it: the code is a manifestation or a
/// consequence of something else the record may name (I.A.13).
pub fn has_code_first_note(icd: &Icd10Cm, code: &str) -> bool {
    icd.node_index(&super::icd10cm::compact(code))
        .is_some_and(|i| {
            lineage_notes(icd, i, |n| &n.code_first)
                .iter()
                .any(|(_, notes)| !notes.is_empty())
        })
}

/// Every "code first" note at `code` and above it, as written.
pub fn code_first_notes(icd: &Icd10Cm, code: &str) -> Vec<String> {
    notes_above(icd, code, |n| &n.code_first)
}

/// Every note of one kind at `code` and the headings above it.
fn notes_above<'a>(
    icd: &'a Icd10Cm,
    code: &str,
    pick: impl Fn(&'a super::icd10cm::Notes) -> &'a [String],
) -> Vec<String> {
    let Some(i) = icd.node_index(&super::icd10cm::compact(code)) else {
        return Vec::new();
    };
    lineage_notes(icd, i, pick)
        .into_iter()
        .flat_map(|(_, list)| list.iter().cloned())
        .collect()
}

/// Whether a "use additional code" note above `host` names `other`.
pub fn asks_for_additional(icd: &Icd10Cm, host: &str, other: &str) -> bool {
    use_additional_note(icd, host, other).is_some()
}

/// The "use additional code" note above `host` that names `other`, as a sentence with its place.
pub fn use_additional_note(icd: &Icd10Cm, host: &str, other: &str) -> Option<String> {
    let i = icd.node_index(&super::icd10cm::compact(host))?;
    let other = super::icd10cm::compact(other);
    lineage_notes(icd, i, |n| &n.use_additional)
        .into_iter()
        .find_map(|(place, list)| {
            let note = naming(list, &other)?;
            // "code to specify type of infection, such as:" leads the items that follow it.
            let lead = list
                .first()
                .filter(|l| l.as_str() != note && l.ends_with(':'));
            let said = match lead {
                Some(lead) => format!("{lead} {note}"),
                None => note.to_owned(),
            };
            let heading = if said.starts_with("code") {
                "use additional"
            } else {
                "use additional code"
            };
            Some(format!("at {place}: {}", note_sentence(heading, &said)))
        })
}

/// Whether `code`'s own notes ask for an additional code for its complication, naming none
/// (E11.69 "Use additional code to identify complication").
pub fn asks_for_its_complication(icd: &Icd10Cm, code: &str) -> bool {
    icd.node(&super::icd10cm::compact(code)).is_some_and(|n| {
        n.notes
            .use_additional
            .iter()
            .any(|note| note.contains("to identify complication"))
    })
}

/// The Excludes1 note above `host` (its own, its ancestors', its section's or chapter's) that
/// names `other`.
pub fn excludes1_note(icd: &Icd10Cm, host: &str, other: &str) -> Option<String> {
    let c = super::icd10cm::compact(host);
    let i = icd
        .node_index(&c)
        .or_else(|| icd.node_index(c.get(..6)?.trim_end_matches('X')))?;
    let other = super::icd10cm::compact(other);
    lineage_notes(icd, i, |n| &n.excludes1)
        .into_iter()
        .find_map(|(_, list)| naming(list, &other).map(str::to_owned))
}

/// Whether the Excludes1 note above `host` that names `other` stands at a section or chapter
/// heading only, not at the code or its category.
pub fn excludes1_note_of_a_section(icd: &Icd10Cm, host: &str, other: &str) -> bool {
    let c = super::icd10cm::compact(host);
    let Some(i) = icd.node_index(&c) else {
        return false;
    };
    let other = super::icd10cm::compact(other);
    lineage_notes(icd, i, |n| &n.excludes1)
        .into_iter()
        .find(|(_, list)| naming(list, &other).is_some())
        .is_some_and(|(place, _)| place.starts_with("section ") || place.starts_with("chapter "))
}

/// Every Excludes1 note of a code and the headings above it.
pub fn excludes1_notes(icd: &Icd10Cm, code: &str) -> Vec<String> {
    notes_above(icd, code, |n| &n.excludes1)
}

/// Whether an Excludes1 note above either code names the other: the two are never reported
/// together.
pub fn excluded_together(icd: &Icd10Cm, a: &str, b: &str) -> bool {
    let index = |c: &str| {
        let c = super::icd10cm::compact(c);
        icd.node_index(&c)
            .or_else(|| icd.node_index(c.get(..6)?.trim_end_matches('X')))
    };
    let names = |from: &str, other: &str| {
        index(from).is_some_and(|i| {
            lineage_notes(icd, i, |n| &n.excludes1)
                .iter()
                .any(|(_, list)| naming(list, other).is_some())
        })
    };
    names(a, b) || names(b, a)
}

/// The question's text and where each valid code is written in it (in `valid`'s order).
struct Written<'a> {
    text: &'a str,
    present: &'a [guidelines::Present],
}

/// Words between two written codes that offer one as the other's alternative ("E11.9 or
/// R73.09", "between … and …", "coder used Z85.6; the oncologist's order says C91.1"), so the
/// two are not on one claim.
static ALTERNATIVE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(or|vs\.?|versus|instead|rather|suggest\w*|says?|said|wrote|recommend\w*|should be|changed? to|torn)\b")
        .expect("alternative words")
});

/// What joins two codes listed for one claim: a comma, "and", "then", "with", "+".
static LISTED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)^[\s,;/&+]*(and|then|with|plus|also)?[\s,;/&+:]*$").expect("list glue")
});

/// Words that put two codes on one claim whatever stands between them.
static TOGETHER: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(together|both|along with|in addition to)\b")
        .expect("together words")
});

impl Written<'_> {
    /// Where a written code stands in the text: where it was read, and its other spellings
    /// as written.
    fn places(&self, p: &guidelines::Present) -> Vec<usize> {
        let upper = self.text.to_ascii_uppercase();
        let mut at: Vec<usize> = upper
            .match_indices(&p.written.to_ascii_uppercase())
            .map(|(i, _)| i)
            .collect();
        at.push(p.at);
        at
    }

    /// Whether the two codes are offered as each other's alternative rather than listed for
    /// one claim.
    fn alternatives(&self, a: usize, b: usize) -> bool {
        let (Some(a), Some(b)) = (self.present.get(a), self.present.get(b)) else {
            return false;
        };
        let gap = |x: &guidelines::Present, x_at: usize, y_at: usize| {
            self.text.get(x_at + x.written.len()..y_at).unwrap_or("")
        };
        let between = |a_at: usize, b_at: usize| {
            if a_at < b_at {
                gap(a, a_at, b_at)
            } else {
                gap(b, b_at, a_at)
            }
        };
        let (a_places, b_places) = (self.places(a), self.places(b));
        let listed = a_places.iter().any(|&i| {
            b_places.iter().any(|&j| {
                let g = between(i, j);
                LISTED.is_match(g) || (g.len() < 60 && TOGETHER.is_match(g))
            })
        });
        let first = a.at.min(b.at);
        let before = self.text.get(first.saturating_sub(12)..first).unwrap_or("");
        !listed
            && (ALTERNATIVE.is_match(between(a.at, b.at))
                || before.to_ascii_lowercase().contains("between"))
    }
}

fn pair_flags(
    icd: &Icd10Cm,
    valid: &[(String, String, usize)],
    written: &Written,
    flags: &mut Vec<Flag>,
) {
    for (a_pos, (a_written, _, a_i)) in valid.iter().enumerate() {
        for (b_pos, (b_written, b_code, b_i)) in valid.iter().enumerate() {
            if a_pos == b_pos || a_i == b_i {
                continue;
            }
            if written.alternatives(a_pos, b_pos) {
                continue;
            }
            // Excludes1 anywhere above A that names B.
            for (place, list) in lineage_notes(icd, *a_i, |n| &n.excludes1) {
                if let Some(note) = naming(list, b_code) {
                    let mut pair = vec![a_written.clone(), b_written.clone()];
                    pair.sort();
                    if !flags
                        .iter()
                        .any(|f| f.kind == FlagKind::Excludes1 && f.codes == pair)
                    {
                        flags.push(flag(
                            FlagKind::Excludes1,
                            Severity::Warning,
                            pair,
                            format!(
                                "{a_written} and {b_written} are not coded together (Excludes1)."
                            ),
                            format!("Excludes1 at {place}: {note}"),
                        ));
                    }
                    break;
                }
            }
            // A written before B while A's code-first note names B.
            if a_pos < b_pos {
                for (place, list) in lineage_notes(icd, *a_i, |n| &n.code_first) {
                    if let Some(note) = naming(list, b_code) {
                        flags.push(flag(
                            FlagKind::Sequence,
                            Severity::Warning,
                            vec![b_written.clone(), a_written.clone()],
                            format!("{b_written} should be sequenced before {a_written}."),
                            format!("At {place}: {}", note_sentence("Code first", note)),
                        ));
                        break;
                    }
                }
            }
        }
    }
    if let Some((first, _, i)) = valid.first() {
        // "in diseases classified elsewhere", "in other diseases classified elsewhere" (I.A.13)
        // (not B95-B97's "as the cause of diseases classified elsewhere")
        let elsewhere = |title: &str| {
            let t = title.to_ascii_lowercase();
            t.contains("in diseases classified elsewhere")
                || t.contains("in other diseases classified elsewhere")
        };
        let lineage = icd.lineage(*i).0;
        let own = lineage
            .first()
            .is_some_and(|&n| elsewhere(&icd.nodes[n].title));
        let inherited = lineage.iter().any(|&n| elsewhere(&icd.nodes[n].title));
        // Below a manifestation category, a code-first note that names the written partner
        // already says what goes first.
        let sequenced = flags
            .iter()
            .any(|f| f.kind == FlagKind::Sequence && f.codes.get(1) == Some(first));
        if own || (inherited && !sequenced) {
            flags.push(flag(
                FlagKind::ManifestationFirst,
                Severity::Warning,
                vec![first.clone()],
                format!("{first} is a manifestation code and cannot be listed first."),
                format!("{}: codes titled 'in diseases classified elsewhere' follow the underlying condition.", icd.title(first).unwrap_or_default()),
            ));
        }
    }
}

/// Where the side is the code's own (eyes, ears, limbs, joints, skin of a limb, breasts,
/// limb vessels and nerves), whatever the title's words: an unspecified code there is missing
/// the side, not another part.
/// Hemiplegia and monoplegia, sided by the deficit and its dominance (I.C.6.a).
const PARALYSES: &[&str] = &["G81", "G831", "G832", "G833"];
const SIDED_CHAPTERS: &[&str] = &[
    "G81", "G831", "G832", "G833", "H", "M", "S", "L", "G56", "G57", "C50", "D05", "I70", "I80",
    "I83",
];

/// The word a side qualifies in a title: "knee" in "…, right knee", "hand" in "… of left hand".
fn words_after_side(title: &str) -> Vec<String> {
    let words: Vec<&str> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .filter(|w| matches!(w[0], "right" | "left" | "bilateral"))
        .map(|w| w[1].to_owned())
        .collect()
}

/// "Pain in unspecified knee", "Cellulitis of unspecified part of limb", "…, unspecified ear":
/// "unspecified" before a word leaves a part open. At a title's end ("Low back pain,
/// unspecified", "Pyogenic arthritis, unspecified") it leaves the type open, and the side is
/// no answer to that.
fn leaves_a_part_open(title: &str) -> bool {
    title
        .match_indices("unspecified")
        .any(|(at, word)| title[at + word.len()..].starts_with(' '))
}

fn laterality(icd: &Icd10Cm, text: &str, statuses: &[(String, Status)], flags: &mut Vec<Flag>) {
    // A paralysis is sided by the side the question says the deficit is on, whatever other
    // side it names (the lesion's, across the brain).
    let deficit = super::text::deficit_side(text).map(|(side, _)| side);
    let named = super::text::side(text);
    for (code, st) in statuses {
        if *st != Status::Billable {
            continue;
        }
        let paralysis = PARALYSES.iter().any(|p| compact(code).starts_with(p));
        let title = icd.title(code).unwrap_or_default().to_ascii_lowercase();
        if !leaves_a_part_open(&title) || title.contains("right") || title.contains("left") {
            continue;
        }
        // Else the side the condition's own clauses give it, or the question's one side.
        let head = title.split(',').next().unwrap_or_default();
        let own = || super::text::side_of(text, &super::ground::concepts(head));
        let Some(side) = (if paralysis { deficit } else { own().or(named) }) else {
            continue;
        };
        let c = compact(code);
        let tail = if c.len() == 7 { c.chars().last() } else { None };
        let sided_codes = sided_codes(icd, &c[..3], tail);
        let (sided, sided_parts) = (&sided_codes.codes, &sided_codes.parts);
        let own_words: Vec<&str> = title.split(|c: char| !c.is_alphanumeric()).collect();
        let same_part = sided_parts.iter().any(|p| own_words.contains(&p.as_str()));
        if sided.is_empty() || !(same_part || SIDED_CHAPTERS.iter().any(|p| c.starts_with(p))) {
            continue;
        }
        // Prefer siblings under the same parent when there are any.
        let near: Vec<&String> = sided
            .iter()
            .map(|(b, _)| b)
            .filter(|b| b.starts_with(&c[..c.len().min(5) - 1]))
            .collect();
        let shown: Vec<String> = if near.is_empty() {
            sided.iter().take(6).map(|(b, _)| dotted(b)).collect()
        } else {
            near.iter().take(6).map(|b| dotted(b)).collect()
        };
        flags.push(flag(
            FlagKind::Laterality,
            Severity::Warning,
            vec![code.clone()],
            format!(
                "The question names a side (\"{}\") but {code} is for an unspecified side.",
                side
            ),
            format!("Sided codes exist: {}", shown.join(", ")),
        ));
    }
}

/// A category's sided codes (of one 7th character), with their titles in lower case, and the
/// parts their sides name: the side must be what a title leaves open, a sided code naming the
/// same part ("right knee" beside "knee, unspecified"), not another one ("left main coronary
/// artery" beside "myocardial infarction, unspecified").
struct SidedCodes {
    codes: Vec<(String, String)>,
    parts: Vec<String>,
}

/// Where a code set's sided codes are kept: its year, a category, a 7th character.
type SidedKey = (u16, String, Option<char>);

/// Categories hold hundreds of codes, and building their titles was most of a sided question's
/// checks: each thread keeps what it has read (a code set has some 1,900 categories).
fn sided_codes(icd: &Icd10Cm, category: &str, tail: Option<char>) -> std::rc::Rc<SidedCodes> {
    thread_local! {
        static READ: std::cell::RefCell<rustc_hash::FxHashMap<SidedKey, std::rc::Rc<SidedCodes>>> =
            std::cell::RefCell::new(rustc_hash::FxHashMap::default());
    }
    let key = (icd.year, category.to_owned(), tail);
    if let Some(read) = READ.with(|r| r.borrow().get(&key).cloned()) {
        return read;
    }
    let codes: Vec<(String, String)> = icd
        .billable_below(category)
        .into_iter()
        .filter(|b| tail.is_none() || b.chars().last() == tail)
        .map(|b| {
            let t = icd.title(&b).unwrap_or_default().to_ascii_lowercase();
            (b, t)
        })
        .filter(|(_, t)| t.contains("right") || t.contains("left") || t.contains("bilateral"))
        .collect();
    let parts = codes
        .iter()
        .flat_map(|(_, t)| words_after_side(t))
        .collect();
    let read = std::rc::Rc::new(SidedCodes { codes, parts });
    READ.with(|r| r.borrow_mut().insert(key, read.clone()));
    read
}

/// "Use additional code" and "code also" notes whose codes the question does not have.
fn notes_info(icd: &Icd10Cm, valid: &[(String, String, usize)], flags: &mut Vec<Flag>) {
    let present: Vec<&str> = valid.iter().map(|v| v.1.as_str()).collect();
    for (written, _, i) in valid {
        for (kind, heading, pick) in [
            (
                FlagKind::UseAdditional,
                "Use additional",
                (|n: &super::icd10cm::Notes| n.use_additional.as_slice())
                    as fn(&super::icd10cm::Notes) -> &[String],
            ),
            (
                FlagKind::CodeAlso,
                "Code also",
                |n: &super::icd10cm::Notes| n.code_also.as_slice(),
            ),
        ] {
            let (nodes, _) = icd.lineage(*i);
            let lists: Vec<(String, &[String])> = nodes
                .iter()
                .map(|&n| (icd.nodes[n].code.clone(), pick(&icd.nodes[n].notes)))
                .collect();
            let Some((place, list)) = lists.iter().find(|(_, l)| !l.is_empty()) else {
                continue;
            };
            let named: Vec<notes::Ref> = list.iter().flat_map(|n| notes::refs(n)).collect();
            if named.is_empty() || present.iter().any(|p| named.iter().any(|r| r.covers(p))) {
                continue;
            }
            flags.push(flag(
                kind,
                Severity::Info,
                vec![written.clone()],
                format!("A note at {place} asks for an additional code with {written}."),
                list.iter()
                    .map(|note| note_sentence(heading, note))
                    .collect::<Vec<_>>()
                    .join("; "),
            ));
        }
    }
}
