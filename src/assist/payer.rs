//! Files the user brings: HCPCS Level II (CMS, public domain), CPT (their AMA licence), NCCI
//! procedure-to-procedure edits and medically unlikely edits. Imported into a data directory
//! as normalised tab-separated files; nothing of them ships with the desk.

use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::extract::Mention;
use super::AssistError;
use crate::domain::{CodeSystem, Flag, FlagKind, Severity};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PtpEdit {
    pub column1: String,
    pub column2: String,
    pub effective: Option<NaiveDate>,
    pub deleted: Option<NaiveDate>,
    /// 0: never billed together; 1: a modifier may allow it; 9: not applicable.
    pub modifier: char,
    pub rationale: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mue {
    pub units: u32,
    pub mai: String,
    pub rationale: String,
}

#[derive(Clone, Debug, Default)]
pub struct PayerRules {
    pub hcpcs: HashMap<String, String>,
    pub cpt: HashMap<String, String>,
    pub ptp: HashMap<(String, String), PtpEdit>,
    pub mue: HashMap<String, Mue>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Hcpcs,
    Cpt,
    NcciPtp,
    Mue,
}

impl Kind {
    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Hcpcs => "hcpcs.tsv",
            Kind::Cpt => "cpt.tsv",
            Kind::NcciPtp => "ncci-ptp.tsv",
            Kind::Mue => "mue.tsv",
        }
    }
}

fn reader(text: &str) -> csv::Reader<&[u8]> {
    let delimiter = if text.lines().next().unwrap_or("").contains('\t') {
        b'\t'
    } else {
        b','
    };
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

fn rows(text: &str) -> Vec<Vec<String>> {
    reader(text)
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(|f| f.trim().to_owned()).collect::<Vec<_>>())
        .filter(|r| !r.iter().all(String::is_empty))
        .collect()
}

fn is_code(s: &str, system: CodeSystem) -> bool {
    CodeSystem::of(s) == Some(system)
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y%m%d").ok()
}

/// Parses a user file into normalised rows; header and note lines (which do not start with a
/// code) are skipped, so the CMS files can be given as they come (CSV or tab-separated).
pub fn parse(kind: Kind, text: &str) -> Result<Vec<Vec<String>>, AssistError> {
    let out: Vec<Vec<String>> = match kind {
        Kind::Hcpcs => rows(text)
            .into_iter()
            .filter(|r| r.len() >= 2 && is_code(&r[0], CodeSystem::Hcpcs))
            .map(|r| {
                // CMS's record layout: HCPC, SEQNUM, RECID, LONG DESCRIPTION, …; a plain "code, title" file also works.
                let desc = if r.len() >= 4 && r[1].chars().all(|c| c.is_ascii_digit()) {
                    r[3].clone()
                } else {
                    r[1].clone()
                };
                vec![r[0].to_ascii_uppercase(), desc]
            })
            .collect(),
        Kind::Cpt => rows(text)
            .into_iter()
            .filter(|r| r.len() >= 2 && is_code(&r[0], CodeSystem::Cpt))
            .map(|r| vec![r[0].to_ascii_uppercase(), r[1].clone()])
            .collect(),
        Kind::NcciPtp => rows(text)
            .into_iter()
            .filter(|r| {
                r.len() >= 6 && CodeSystem::of(&r[0]).is_some() && CodeSystem::of(&r[1]).is_some()
            })
            .map(|r| {
                let rationale = r.get(6).cloned().unwrap_or_default();
                vec![
                    r[0].to_ascii_uppercase(),
                    r[1].to_ascii_uppercase(),
                    r[3].clone(),
                    r[4].clone(),
                    r[5].clone(),
                    rationale,
                ]
            })
            .collect(),
        Kind::Mue => rows(text)
            .into_iter()
            .filter(|r| {
                r.len() >= 2 && CodeSystem::of(&r[0]).is_some() && r[1].parse::<u32>().is_ok()
            })
            .map(|r| {
                vec![
                    r[0].to_ascii_uppercase(),
                    r[1].clone(),
                    r.get(2).cloned().unwrap_or_default(),
                    r.get(3).cloned().unwrap_or_default(),
                ]
            })
            .collect(),
    };
    if out.is_empty() {
        return Err(AssistError::Import(format!(
            "no {kind:?} rows recognised in the file"
        )));
    }
    Ok(out)
}

pub fn to_tsv(rows: &[Vec<String>]) -> String {
    rows.iter()
        .map(|r| {
            r.iter()
                .map(|f| f.replace(['\t', '\n', '\r'], " "))
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

impl PayerRules {
    /// Loads whatever the user imported into `dir` (nothing is an empty rule set).
    pub fn load(dir: &Path) -> Result<Self, AssistError> {
        let mut rules = PayerRules::default();
        let read = |kind: Kind| -> Result<Vec<Vec<String>>, AssistError> {
            match std::fs::read_to_string(dir.join(kind.file_name())) {
                Ok(text) => Ok(text
                    .lines()
                    .map(|l| l.split('\t').map(str::to_owned).collect())
                    .collect()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
                Err(e) => Err(AssistError::Import(format!("{}: {e}", kind.file_name()))),
            }
        };
        rules.hcpcs = read(Kind::Hcpcs)?
            .into_iter()
            .filter(|r| r.len() >= 2)
            .map(|r| (r[0].clone(), r[1].clone()))
            .collect();
        rules.cpt = read(Kind::Cpt)?
            .into_iter()
            .filter(|r| r.len() >= 2)
            .map(|r| (r[0].clone(), r[1].clone()))
            .collect();
        rules.ptp = read(Kind::NcciPtp)?
            .into_iter()
            .filter(|r| r.len() >= 6)
            .map(|r| {
                let edit = PtpEdit {
                    column1: r[0].clone(),
                    column2: r[1].clone(),
                    effective: date(&r[2]),
                    deleted: date(&r[3]),
                    modifier: r[4].chars().next().unwrap_or('9'),
                    rationale: r[5].clone(),
                };
                ((r[0].clone(), r[1].clone()), edit)
            })
            .collect();
        rules.mue = read(Kind::Mue)?
            .into_iter()
            .filter(|r| r.len() >= 2)
            .filter_map(|r| {
                let units = r[1].parse().ok()?;
                Some((
                    r[0].clone(),
                    Mue {
                        units,
                        mai: r.get(2).cloned().unwrap_or_default(),
                        rationale: r.get(3).cloned().unwrap_or_default(),
                    },
                ))
            })
            .collect();
        Ok(rules)
    }

    pub fn check(&self, text: &str, mentions: &[Mention], flags: &mut Vec<Flag>) {
        let procedures: Vec<&Mention> = mentions
            .iter()
            .filter(|m| matches!(m.system, CodeSystem::Cpt | CodeSystem::Hcpcs))
            .collect();
        let today = chrono::Utc::now().date_naive();
        for a in &procedures {
            for b in &procedures {
                let Some(edit) = self.ptp.get(&(a.code.clone(), b.code.clone())) else {
                    continue;
                };
                let active = edit.effective.is_none_or(|d| d <= today)
                    && edit.deleted.is_none_or(|d| d > today);
                if !active {
                    continue;
                }
                let (severity, allowed) = match edit.modifier {
                    '0' => (Severity::Warning, "no modifier allows billing both"),
                    '1' => (Severity::Warning, "a modifier (such as 59 or XS) may allow both when documentation supports it"),
                    _ => (Severity::Info, "the edit does not apply"),
                };
                flags.push(Flag {
                    kind: FlagKind::NcciPtp,
                    severity,
                    codes: vec![edit.column1.clone(), edit.column2.clone()],
                    message: format!(
                        "NCCI PTP edit: {} is bundled into {}; {allowed}.",
                        edit.column2, edit.column1
                    ),
                    evidence: format!("modifier indicator {}; {}", edit.modifier, edit.rationale),
                    rule: None,
                    from: None,
                });
            }
            if let (Some(mue), Some(units)) = (self.mue.get(&a.code), units_after(text, a)) {
                if units > mue.units {
                    flags.push(Flag {
                        kind: FlagKind::Mue,
                        severity: Severity::Warning,
                        codes: vec![a.code.clone()],
                        message: format!(
                            "{} units of {} exceed the MUE of {}.",
                            units, a.code, mue.units
                        ),
                        evidence: format!("MAI {}; {}", mue.mai, mue.rationale),
                        rule: None,
                        from: None,
                    });
                }
            }
        }
    }
}

static UNITS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)^\s*(?:x\s*(\d{1,3})\b|\x{d7}\s*(\d{1,3})\b|[(,]?\s*(\d{1,3})\s*units?\b)",
    )
    .unwrap()
});

/// The units written right after the code. A question's mention knows where it was written; an
/// answer's codes come from a list (their `at` is the place in it), so their first appearance in
/// the answer's text is used. Found by the fuzzer: the list place read as a text offset could
/// land inside a multi-byte character.
fn units_after(text: &str, m: &Mention) -> Option<u32> {
    let written_at = |at: usize| {
        text.get(at..at + m.code.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(&m.code))
    };
    let at = if written_at(m.at) {
        m.at
    } else {
        // Upper-casing ASCII keeps every byte offset.
        text.to_ascii_uppercase().find(&m.code)?
    };
    let after = &text[at + m.code.len()..];
    let c = UNITS.captures(after)?;
    c.get(1)
        .or_else(|| c.get(2))
        .or_else(|| c.get(3))?
        .as_str()
        .parse()
        .ok()
}
