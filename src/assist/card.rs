//! What the code set says about one code, as data: the command line's `codes lookup` and the
//! desk's `/codes/{code}` page show the same card.

use super::checks::{self, Status};
use super::guideline_text;
use super::icd10cm::{compact, dotted, Icd10Cm};
use super::icd9;
use super::lookup::Book;

/// One code with its title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Titled {
    pub code: String,
    pub title: String,
}

/// An ICD-10-CM code the CMS General Equivalence Mapping gives for an ICD-9-CM code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapped {
    pub code: String,
    pub title: String,
    /// "approximate", "one of a combination", "now a header: …".
    pub notes: Vec<&'static str>,
}

/// An ICD-9-CM code: retired, shown with its crosswalk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Icd9Card {
    pub title: String,
    pub targets: Vec<Mapped>,
}

/// A group of the Tabular's notes on a code: "Excludes1" and its items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteGroup {
    pub label: &'static str,
    pub items: Vec<String>,
}

/// A guideline section whose wording names the code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub id: String,
    pub heading: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeCard {
    /// Upper case, dotted as the Tabular prints it.
    pub code: String,
    pub year: u16,
    /// `billable`, `nonbillable`, `missing_7th`… (see [`checks::Status::label`]).
    pub status: &'static str,
    pub title: Option<String>,
    /// Chapter and section first, then each level down to the code.
    pub hierarchy: Vec<Titled>,
    pub notes: Vec<NoteGroup>,
    /// The level whose 7th characters apply, and them.
    pub seventh: Option<(String, Vec<(char, String)>)>,
    /// For a header: every billable code below it.
    pub billable_below: Vec<Titled>,
    /// A code missing its X placeholders: the code meant.
    pub did_you_mean: Option<String>,
    pub icd9: Option<Icd9Card>,
    /// The Alphabetic Index entries that lead to the code, as paths ("Diabetes, type 2").
    pub index_entries: Vec<String>,
    pub guidelines: Vec<Section>,
}

/// Index entries and guideline sections beyond these many say nothing more to a reader.
const MAX_ENTRIES: usize = 30;

impl CodeCard {
    pub fn billable(&self) -> bool {
        self.status == "billable"
    }

    /// The code set's part of the card: everything but the Index and the guidelines.
    pub fn of(icd: &Icd10Cm, code: &str) -> Self {
        let st = checks::status(icd, code);
        let c = compact(code);
        let mut card = CodeCard {
            code: if icd9_only(&st, code) {
                code.trim().to_uppercase()
            } else {
                dotted(&c)
            },
            year: icd.year,
            status: st.label(),
            title: icd.title(code),
            hierarchy: Vec::new(),
            notes: Vec::new(),
            seventh: None,
            billable_below: Vec::new(),
            did_you_mean: None,
            icd9: None,
            index_entries: Vec::new(),
            guidelines: Vec::new(),
        };
        if icd9_only(&st, code) {
            card.icd9 = icd9::builtin()
                .title(code)
                .map(|title| icd9_card(icd, code, title));
            return card;
        }
        let node = icd
            .node_index(&c)
            .or_else(|| icd.node_index(c.get(..6).unwrap_or(&c).trim_end_matches('X')));
        if let Some(i) = node {
            card.tabular(icd, i);
        }
        match st {
            Status::NonBillable(children) => {
                card.billable_below = children
                    .into_iter()
                    .map(|code| Titled {
                        title: icd.title(&code).unwrap_or_default(),
                        code,
                    })
                    .collect();
            }
            Status::PlaceholderX(fixed) => card.did_you_mean = Some(fixed),
            _ => {}
        }
        card
    }

    /// Hierarchy, notes and 7th characters from the Tabular node `i`.
    fn tabular(&mut self, icd: &Icd10Cm, i: usize) {
        let (nodes, containers) = icd.lineage(i);
        self.hierarchy = containers
            .iter()
            .rev()
            .map(|&ct| Titled {
                code: icd.containers[ct].id.clone(),
                title: icd.containers[ct].title.clone(),
            })
            .chain(nodes.iter().rev().map(|&n| Titled {
                code: icd.nodes[n].code.clone(),
                title: icd.nodes[n].title.clone(),
            }))
            .collect();
        let n = &icd.nodes[i].notes;
        self.notes = [
            ("Inclusion terms", &n.inclusion_terms),
            ("Includes", &n.includes),
            ("Excludes1", &n.excludes1),
            ("Excludes2", &n.excludes2),
            ("Code first", &n.code_first),
            ("Use additional code", &n.use_additional),
            ("Code also", &n.code_also),
            ("Notes", &n.other),
        ]
        .into_iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(label, list)| NoteGroup {
            label,
            items: list.clone(),
        })
        .collect();
        self.seventh = icd.seventh_for(i).map(|owner| {
            (
                icd.nodes[owner].code.clone(),
                icd.nodes[owner].seventh.clone(),
            )
        });
    }

    /// Adds the Alphabetic Index entries that lead to the code and the guideline sections that
    /// name it.
    pub fn with_references(mut self, index: &Book) -> Self {
        let c = compact(&self.code);
        self.index_entries = index
            .terms
            .iter()
            .enumerate()
            .filter(|(_, t)| t.code.as_deref().is_some_and(|tc| compact(tc) == c))
            .take(MAX_ENTRIES)
            .map(|(id, _)| index.path(id as u32).join(", "))
            .collect();
        self.guidelines = guideline_text::items()
            .iter()
            .filter(|item| names_code(&item.text, &self.code))
            .take(MAX_ENTRIES)
            .map(|item| Section {
                id: item.id.clone(),
                heading: item.heading.clone(),
            })
            .collect();
        self
    }
}

/// Not an ICD-10-CM code but a known ICD-9-CM one.
fn icd9_only(st: &Status, code: &str) -> bool {
    matches!(st, Status::Invalid) && icd9::builtin().title(code).is_some()
}

/// An ICD-9-CM code: its title, and the ICD-10-CM codes the CMS crosswalk gives for it.
fn icd9_card(icd: &Icd10Cm, code: &str, title: &str) -> Icd9Card {
    let targets = icd9::builtin()
        .targets(code)
        .iter()
        .map(|t| {
            let mut notes = Vec::new();
            if t.approximate {
                notes.push("approximate");
            }
            if t.combination {
                notes.push("one of a combination");
            }
            match checks::status(icd, &t.code) {
                Status::Billable => {}
                Status::NonBillable(_) => notes.push("now a header: pick a code below it"),
                _ => notes.push("not in this year's code set"),
            }
            Mapped {
                code: dotted(&t.code),
                title: icd.title(&t.code).unwrap_or_default(),
                notes,
            }
        })
        .collect();
    Icd9Card {
        title: title.to_owned(),
        targets,
    }
}

/// Whether `text` names `code` as a code: the dotted code standing alone, not inside a longer
/// one ("E11.9" in "E11.9," but not in "E11.92").
fn names_code(text: &str, code: &str) -> bool {
    let code_char = |c: char| c.is_ascii_alphanumeric() || c == '.';
    text.match_indices(code).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        // A full stop may end the sentence; a dot followed by more of a code extends it.
        let rest = text[at + code.len()..].trim_start_matches('.');
        let after = rest.chars().next();
        !before.is_some_and(code_char)
            && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_named_only_standing_alone() {
        assert!(names_code("assign E11.9, then", "E11.9"));
        assert!(names_code("(E11.9)", "E11.9"));
        assert!(!names_code("assign E11.92 for", "E11.9"));
        assert!(!names_code("XE11.9", "E11.9"));
        assert!(!names_code("see E11.-", "E11"));
        assert!(!names_code("E11.9", "E11"));
        assert!(names_code("report E11.", "E11"));
    }
}
