//! The assistant: ICD-10-CM built in, every code in a question checked, candidate codes
//! proposed, the Official Guidelines quoted (by the rules a question's codes meet, or by the
//! topic of a question about a guideline), a draft for the consultant. Needs no database.
//!
//! Codes are looked up as a coder does: the Alphabetic Index (`lookup`, walked from the
//! question's words; `entries` resolves each entry, its "see" references followed, to a
//! billable code), the Table of Drugs and Chemicals and the Table of Neoplasms (`tables`; a drug
//! the Table does not list is read under its class, `drug_classes`),
//! the reason for an outpatient visit as its Z code (`encounter`: follow-up, pre-op),
//! pregnancy through "Pregnancy, complicated by" with the trimester of the weeks (`obstetric`);
//! `recommend` puts the codes to report in the guidelines' order, and `thread` says which
//! message of a case each finding comes from.

mod agents;
pub mod card;
pub mod checks;
pub mod coverage;
mod diabetes;
mod drug_classes;
mod encounter;
mod entries;
pub mod eval;
mod external;
pub mod extract;
mod focus;
mod ground;
pub mod guideline_text;
pub mod guidelines;
pub mod icd10cm;
pub mod icd9;
pub mod import;
pub mod lookup;
pub mod meds;
mod notes;
mod obstetric;
pub mod payer;
pub mod phi;
mod prepared;
mod recommend;
pub mod render;
mod scales;
mod sequelae;
mod status;
pub mod suggest;
pub mod tables;
mod text;
mod thread;
pub mod topics;
mod uncertain;

use std::path::{Path, PathBuf};

pub use icd10cm::Icd10Cm;
pub use lookup::Lookup;
pub use payer::PayerRules;

use crate::domain::{
    CodeMention, CodeSystem, Draft, Flag, FlagKind, MessageRef, Recommendation, RecommendedCode,
    Severity, Suggestion,
};

#[derive(Debug, thiserror::Error)]
pub enum AssistError {
    #[error("code set: {0}")]
    CodeSet(String),
    #[error("import: {0}")]
    Import(String),
    #[error("reading {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Everything the assistant knows, loaded once per process.
pub struct Assistant {
    pub icd: Icd10Cm,
    pub payer: PayerRules,
    /// The Alphabetic Index, the Drug and Neoplasm Tables and the External Cause Index.
    pub books: Lookup,
    index: suggest::Index,
}

/// Suggestions beyond this many are noise for a consultant.
const SUGGESTIONS: usize = 12;

impl Assistant {
    /// The built-in ICD-10-CM year, or the newest year imported into `data_dir`, and the
    /// payer files imported there.
    pub fn load(data_dir: Option<&Path>) -> Result<Self, AssistError> {
        let imported = data_dir.map(newest_imported_icd).transpose()?.flatten();
        let source: std::borrow::Cow<[u8]> = match imported {
            Some((year, path)) if year > icd10cm::BUILTIN_YEAR => std::fs::read(&path)
                .map_err(|source| AssistError::Io {
                    path: path.clone(),
                    source,
                })?
                .into(),
            _ => icd10cm::BUILTIN_XML_GZ.into(),
        };
        let cache = data_dir.map(|d| d.join("cache"));
        let prepared::Prepared { icd, index, books } = prepared::load(&source, cache.as_deref())?;
        let payer = match data_dir {
            Some(dir) => PayerRules::load(dir)?,
            None => PayerRules::default(),
        };
        Ok(Self {
            icd,
            payer,
            books,
            index,
        })
    }

    pub fn new(icd: Icd10Cm, payer: PayerRules) -> Self {
        let index = suggest::Index::build(&icd);
        let books = Lookup::builtin().expect("the shipped Index and Tables parse");
        Self {
            icd,
            payer,
            books,
            index,
        }
    }

    /// Drafts for a question's subject and visible text (quotes and markup are removed here).
    pub fn draft(&self, subject: &str, body: &str) -> Draft {
        let visible = format!("{subject}\n{}", extract::visible_text(body));
        let visible = text::eye_shorthand_written_out(&visible);
        let visible = text::setting_labels_read_as_settings(&visible);
        let visible = text::lookalikes_written_plainly(&visible);
        let mentions = extract::mentions(&visible, &self.icd, |c| self.payer.hcpcs.contains_key(c));
        let checked = checks::check(
            &self.icd,
            &visible,
            &mentions,
            &self.payer,
            checks::Source::Question,
        );
        // One reading of the question's words serves the candidates, the tables and the
        // recommended answer.
        let q = suggest::Query::new(&visible);
        let candidates = tables::with_table_codes(
            &self.books,
            &self.icd,
            &self.index,
            &q,
            &visible,
            &checked
                .statuses
                .iter()
                .map(|(c, _)| c.clone())
                .collect::<Vec<_>>(),
            suggest::suggest(&self.icd, &self.index, &q, &visible, &checked, SUGGESTIONS),
        );
        // The recommendation reads the guidelines' flags too (which code keeps out which).
        let mut flags = checked.flags.clone();
        let phi = phi::detect(&visible);
        if phi.present {
            flags.push(Flag {
                kind: FlagKind::PhiPresent,
                severity: Severity::Warning,
                codes: Vec::new(),
                message: "The question carries patient identifiers; reply without quoting them."
                    .into(),
                evidence: format!("found: {}", phi.kinds.join(", ")),
                rule: None,
                from: None,
            });
        }
        flags.extend(topics::quotes(&visible, !mentions.is_empty(), &flags));
        let mut statuses = checked.statuses.iter();
        let codes_mentioned: Vec<CodeMention> = mentions
            .iter()
            .map(|m| {
                let (status, title) = match m.system {
                    CodeSystem::Icd10cm | CodeSystem::Icd9cm => {
                        let st = statuses.next().map(|(_, s)| s.label()).unwrap_or("invalid");
                        let title = if m.icd9 {
                            icd9::builtin().title(&m.code).map(str::to_owned)
                        } else {
                            self.icd.title(&m.code)
                        };
                        (st.to_owned(), title)
                    }
                    CodeSystem::Cpt => self.procedure_status(&self.payer.cpt, &m.code),
                    CodeSystem::Hcpcs => self.procedure_status(&self.payer.hcpcs, &m.code),
                    CodeSystem::Modifier => ("unchecked".to_owned(), None),
                };
                CodeMention {
                    system: if m.icd9 { CodeSystem::Icd9cm } else { m.system },
                    code: m.code.clone(),
                    status,
                    title,
                }
            })
            .collect();
        let recommended = recommend::recommend(
            &self.icd,
            &self.books,
            &self.index,
            &q,
            &visible,
            &checked,
            &candidates,
        );
        // A word match whose words the question shares only with a recommended code's words
        // is that code's neighbour in the Tabular, not another condition the question names.
        let answered = ground::words_of_lines(&self.icd, recommended.iter().map(|r| &r.code));
        // A word match whose title links a condition to a cause the question names without the
        // condition ("Anemia due to antineoplastic chemotherapy" for "completed chemo") is no
        // candidate either (see `recommend::condition_named`).
        let suggestions = led_by_recommended(
            &recommended,
            &codes_mentioned,
            candidates
                .into_iter()
                .filter(|c| {
                    c.origin != suggest::Origin::Words
                        || recommend::condition_named(&self.icd, &c.suggestion.code, &q)
                            && !ground::redundant(&self.icd, &c.suggestion.code, &answered, |w| {
                                q.has(w)
                            })
                })
                .map(|c| c.suggestion)
                .collect(),
        );
        Draft {
            codes_mentioned,
            flags,
            suggestions,
            recommended,
            phi,
        }
    }

    /// Drafts a case's questions (oldest first) together, so the checks that need the whole
    /// thread still fire, and says for each flag and recommended code which message raised it.
    pub fn draft_thread(&self, subject: &str, questions: &[(MessageRef, &str)]) -> Draft {
        thread::draft(questions, |text| self.draft(subject, text))
    }

    /// Without the user's file a CPT or HCPCS code cannot be checked; with it, unknown means invalid.
    fn procedure_status(
        &self,
        table: &std::collections::HashMap<String, String>,
        code: &str,
    ) -> (String, Option<String>) {
        if table.is_empty() {
            ("unchecked".to_owned(), None)
        } else if let Some(title) = table.get(code) {
            ("valid".to_owned(), Some(title.clone()))
        } else {
            ("invalid".to_owned(), None)
        }
    }

    /// The flags an answer's recommended codes raise: the same checks as a question's codes
    /// (status, 7th character, Excludes1, sequencing, guidelines, NCCI and MUE when imported),
    /// with the answer's text as the context (a side it names, for laterality).
    pub fn check_answer(&self, body: &str, codes: &[RecommendedCode]) -> Vec<Flag> {
        let mentions: Vec<extract::Mention> = codes
            .iter()
            .enumerate()
            .map(|(at, c)| extract::Mention {
                system: c.system,
                code: c.code.trim().to_ascii_uppercase(),
                at,
                icd9: false,
            })
            .collect();
        let mut flags = checks::check(
            &self.icd,
            body,
            &mentions,
            &self.payer,
            checks::Source::Answer,
        )
        .flags;
        flags.extend(codes.iter().filter_map(|c| self.unchecked(c)));
        flags
    }

    /// A CPT or HCPCS code recommended without that code set imported is labelled as unchecked,
    /// not shown as if it had passed.
    fn unchecked(&self, code: &RecommendedCode) -> Option<Flag> {
        let (label, table) = match code.system {
            CodeSystem::Cpt => ("CPT", &self.payer.cpt),
            CodeSystem::Hcpcs => ("HCPCS", &self.payer.hcpcs),
            CodeSystem::Icd10cm | CodeSystem::Icd9cm | CodeSystem::Modifier => return None,
        };
        table.is_empty().then(|| Flag {
            kind: FlagKind::Unchecked,
            severity: Severity::Info,
            codes: vec![code.code.clone()],
            message: format!("not checked: no {label} file imported"),
            evidence: format!("caseconsult codes import {} FILE", label.to_lowercase()),
            rule: None,
            from: None,
        })
    }

    /// Titles for the codes a consultant recommends: ICD-10-CM from the code set, CPT and HCPCS
    /// from the user's files when imported.
    pub fn fill_titles(&self, codes: &mut [RecommendedCode]) {
        for c in codes.iter_mut().filter(|c| c.title.is_empty()) {
            let title = match c.system {
                CodeSystem::Icd10cm => self.icd.title(&c.code),
                CodeSystem::Cpt => self.payer.cpt.get(&c.code).cloned(),
                CodeSystem::Hcpcs => self.payer.hcpcs.get(&c.code).cloned(),
                CodeSystem::Icd9cm => icd9::builtin().title(&c.code).map(str::to_owned),
                CodeSystem::Modifier => None,
            };
            c.title = title.unwrap_or_default();
        }
    }

    /// `codes search`: billable codes for a phrase. Among codes the words find equally, one
    /// whose title states the numbers the phrase states comes first ("type 2 diabetes": E11
    /// before E10); the index drops one-character words, so it cannot tell them apart.
    pub fn search(&self, text: &str, n: usize) -> Vec<(String, String, f32)> {
        let q = suggest::Query::new(text);
        let mut found: Vec<(String, String, f32)> = self
            .index
            .search(&q, n.max(10) * 3)
            .into_iter()
            .map(|(c, s)| {
                let title = self.icd.title(&c).unwrap_or_default();
                let boost = 1.0 + 0.05 * numbers_said(text, &title) as f32;
                (icd10cm::dotted(&c), title, s * boost)
            })
            .collect();
        found.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        found.truncate(n);
        found
    }

    /// The desk's code search: a code typed with or without its dot, in any case, finds
    /// itself first and then the billable codes below it; other text searches by words.
    pub fn find(&self, text: &str, n: usize) -> Vec<Found> {
        let c = icd10cm::compact(text);
        let icd9_title = icd9::builtin().title(text.trim());
        if looks_like_code(&c) && (self.icd.title(&c).is_some() || icd9_title.is_some()) {
            let exact = Found {
                code: card::CodeCard::of(&self.icd, text).code,
                title: self
                    .icd
                    .title(&c)
                    .or(icd9_title.map(str::to_owned))
                    .unwrap_or_default(),
                billable: self.icd.is_billable(&c),
            };
            let below = self
                .icd
                .billable_below(&c)
                .into_iter()
                .filter(|b| *b != c)
                .map(|b| Found {
                    title: self.icd.title(&b).unwrap_or_default(),
                    code: icd10cm::dotted(&b),
                    billable: true,
                });
            return std::iter::once(exact).chain(below).take(n).collect();
        }
        self.search(text, n)
            .into_iter()
            .map(|(code, title, _)| Found {
                billable: self.icd.is_billable(&code),
                code,
                title,
            })
            .collect()
    }

    /// What the code set, the Index and the guidelines say about one code.
    pub fn code_card(&self, code: &str) -> card::CodeCard {
        card::CodeCard::of(&self.icd, code).with_references(&self.books.index)
    }
}

/// A code the desk's search found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Dotted, upper case.
    pub code: String,
    pub title: String,
    pub billable: bool,
}

/// A letter, a digit, then up to five letters or digits: the shape of an ICD-10-CM code (and,
/// digits first, of an ICD-9-CM one), written without its dot.
fn looks_like_code(compact: &str) -> bool {
    let b = compact.as_bytes();
    (3..=7).contains(&b.len())
        && b[1].is_ascii_digit()
        && (b[0].is_ascii_alphabetic() || b[0].is_ascii_digit())
        && b.iter().all(u8::is_ascii_alphanumeric)
}

/// How many of the numbers `text` states stand as words in `title`.
fn numbers_said(text: &str, title: &str) -> usize {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect()
    };
    let in_title = words(title);
    words(text)
        .iter()
        .filter(|w| w.bytes().all(|b| b.is_ascii_digit()) && in_title.contains(w))
        .count()
}

/// The newest ICD-10-CM year available: the built-in one or one imported into `data_dir`.
pub fn load_icd(data_dir: Option<&Path>) -> Result<Icd10Cm, AssistError> {
    match data_dir.map(newest_imported_icd).transpose()?.flatten() {
        Some((year, path)) if year > icd10cm::BUILTIN_YEAR => {
            let bytes = std::fs::read(&path).map_err(|source| AssistError::Io {
                path: path.clone(),
                source,
            })?;
            Icd10Cm::from_gzip(&bytes)
        }
        _ => Icd10Cm::builtin(),
    }
}

/// Imported ICD-10-CM years live side by side as `icd10cm-YYYY.xml.gz`.
fn newest_imported_icd(dir: &Path) -> Result<Option<(u16, PathBuf)>, AssistError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(AssistError::Io {
                path: dir.to_owned(),
                source,
            })
        }
    };
    Ok(entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let year = name
                .strip_prefix("icd10cm-")?
                .strip_suffix(".xml.gz")?
                .parse()
                .ok()?;
            Some((year, e.path()))
        })
        .max_by_key(|(y, _)| *y))
}

pub fn icd_file_name(year: u16) -> String {
    format!("icd10cm-{year}.xml.gz")
}

/// The wider list starts with the codes the answer recommends, in the answer's order, so every
/// code the desk would report is also a candidate (a recommended code the question did not name,
/// such as a more specific code or a table cell, would otherwise appear only in the answer).
fn led_by_recommended(
    recommended: &[Recommendation],
    mentioned: &[CodeMention],
    candidates: Vec<Suggestion>,
) -> Vec<Suggestion> {
    let named = |code: &str| mentioned.iter().any(|m| m.code == code);
    let mut led: Vec<Suggestion> = recommended
        .iter()
        .filter(|r| !named(&r.code))
        .map(|r| {
            candidates
                .iter()
                .find(|s| s.code == r.code)
                .cloned()
                .unwrap_or_else(|| Suggestion {
                    system: r.system,
                    code: r.code.clone(),
                    title: r.title.clone(),
                    score: 1.0,
                    why: r.why.clone(),
                })
        })
        .collect();
    led.extend(
        candidates
            .into_iter()
            .filter(|s| !recommended.iter().any(|r| r.code == s.code)),
    );
    led
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_the_text_states_counts_only_as_a_whole_word_of_the_title() {
        let t2 = "Type 2 diabetes mellitus without complications";
        let t1 = "Type 1 diabetes mellitus without complications";
        assert_eq!(numbers_said("type 2 diabetes", t2), 1);
        assert_eq!(numbers_said("type 2 diabetes", t1), 0);
        assert_eq!(numbers_said("stage 2", "Stage 23 ulcer"), 0);
        assert_eq!(numbers_said("no numbers", t2), 0);
    }

    #[test]
    fn code_shapes_are_told_from_words() {
        for code in ["N183", "E785", "O2342", "S72001A", "25000", "E11"] {
            assert!(looks_like_code(code), "{code}");
        }
        for word in ["DIABETES", "TYPE2", "N1", "N18.3", "E11 9"] {
            assert!(!looks_like_code(word), "{word}");
        }
    }
}
