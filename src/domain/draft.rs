//! The assistant's draft for one question: written by `assist`, stored by `cases`, read back
//! by the command line and the web desk as this same type.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CodeSystem, InboundMessageId};

/// The JSON of the design's interface contract (`caseconsult assist --format json`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub codes_mentioned: Vec<CodeMention>,
    pub flags: Vec<Flag>,
    pub suggestions: Vec<Suggestion>,
    /// The codes the assistant would report, first-listed first. Drafts stored before it
    /// existed read back without it.
    #[serde(default)]
    pub recommended: Vec<Recommendation>,
    pub phi: Phi,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeMention {
    pub system: CodeSystem,
    pub code: String,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a flag is about; the names are the contract's `kind` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FlagKind {
    #[serde(rename = "invalid")]
    Invalid,
    #[serde(rename = "nonbillable")]
    NonBillable,
    #[serde(rename = "missing_7th")]
    Missing7th,
    #[serde(rename = "placeholder_x")]
    PlaceholderX,
    #[serde(rename = "invalid_7th")]
    Invalid7th,
    #[serde(rename = "excludes1")]
    Excludes1,
    #[serde(rename = "sequence")]
    Sequence,
    #[serde(rename = "manifestation_first")]
    ManifestationFirst,
    #[serde(rename = "laterality")]
    Laterality,
    #[serde(rename = "guideline")]
    Guideline,
    #[serde(rename = "use_additional")]
    UseAdditional,
    #[serde(rename = "code_also")]
    CodeAlso,
    #[serde(rename = "phi_present")]
    PhiPresent,
    #[serde(rename = "ncci_ptp")]
    NcciPtp,
    #[serde(rename = "mue")]
    Mue,
    /// A recommended code whose code set was not imported (CPT, HCPCS): it could not be checked.
    #[serde(rename = "unchecked")]
    Unchecked,
}

impl FlagKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FlagKind::Invalid => "invalid",
            FlagKind::NonBillable => "nonbillable",
            FlagKind::Missing7th => "missing_7th",
            FlagKind::PlaceholderX => "placeholder_x",
            FlagKind::Invalid7th => "invalid_7th",
            FlagKind::Excludes1 => "excludes1",
            FlagKind::Sequence => "sequence",
            FlagKind::ManifestationFirst => "manifestation_first",
            FlagKind::Laterality => "laterality",
            FlagKind::Guideline => "guideline",
            FlagKind::UseAdditional => "use_additional",
            FlagKind::CodeAlso => "code_also",
            FlagKind::PhiPresent => "phi_present",
            FlagKind::NcciPtp => "ncci_ptp",
            FlagKind::Mue => "mue",
            FlagKind::Unchecked => "unchecked",
        }
    }
}

impl std::fmt::Display for FlagKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub kind: FlagKind,
    pub severity: Severity,
    /// The codes the flag is about, in the order the rule reads.
    pub codes: Vec<String>,
    pub message: String,
    pub evidence: String,
    /// For `guideline` flags: the section of the ICD-10-CM Official Guidelines that says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The message of the case's thread that raised it. The checks of an answer, a draft of one
    /// message outside any case, and drafts stored before threads were attributed have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<MessageRef>,
}

/// A candidate code, best first in a draft; always billable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub system: CodeSystem,
    pub code: String,
    pub title: String,
    pub score: f32,
    pub why: String,
}

/// A code the assistant would report, in reporting order, with why and where it says so.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    pub system: CodeSystem,
    pub code: String,
    pub title: String,
    pub why: String,
    pub evidence: String,
    /// The message of the case's thread it comes from, as for a flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<MessageRef>,
}

/// A question of a case's thread as a consultant finds it on the case: its place in the thread
/// and when it came, with the stored message's id for anything that links to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageRef {
    pub inbound_message_id: InboundMessageId,
    /// 1 for the mail that opened the case, 2 for its first follow-up, and so on.
    pub number: u32,
    pub received_at: DateTime<Utc>,
    /// Who wrote it, when the message named anyone: a colleague of the requester may write a
    /// follow-up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<String>,
}

impl MessageRef {
    /// How the thread calls it.
    pub fn kind(&self) -> &'static str {
        if self.number == 1 {
            "first mail"
        } else {
            "follow-up"
        }
    }
}

/// Patient identifiers found in a question.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phi {
    pub present: bool,
    pub kinds: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_reads_back_what_it_wrote() {
        let draft = Draft {
            codes_mentioned: vec![CodeMention {
                system: CodeSystem::Icd10cm,
                code: "M54.5".into(),
                status: "nonbillable".into(),
                title: Some("Low back pain".into()),
            }],
            flags: vec![Flag {
                kind: FlagKind::Missing7th,
                severity: Severity::Error,
                codes: vec!["S52.501".into()],
                message: "m".into(),
                evidence: "e".into(),
                rule: None,
                from: None,
            }],
            suggestions: vec![Suggestion {
                system: CodeSystem::Icd10cm,
                code: "M54.50".into(),
                title: "Low back pain, unspecified".into(),
                score: 0.5,
                why: "w".into(),
            }],
            recommended: vec![Recommendation {
                system: CodeSystem::Icd10cm,
                code: "M54.50".into(),
                title: "Low back pain, unspecified".into(),
                why: "w".into(),
                evidence: "e".into(),
                from: Some(MessageRef {
                    inbound_message_id: InboundMessageId(7),
                    number: 2,
                    received_at: DateTime::from_timestamp(1_796_306_520, 0).unwrap(),
                    sender: None,
                }),
            }],
            phi: Phi {
                present: true,
                kinds: vec!["dob".into()],
            },
        };
        let mut json = serde_json::to_value(&draft).unwrap();
        assert_eq!(json["flags"][0]["kind"], "missing_7th");
        assert_eq!(json["suggestions"][0]["system"], "icd10cm");
        assert_eq!(json["recommended"][0]["evidence"], "e");
        assert_eq!(json["recommended"][0]["from"]["number"], 2);
        assert!(json["flags"][0].get("from").is_none());
        let back: Draft = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back, draft);
        // Drafts stored before attribution, or before the recommended answer, still read.
        json["recommended"][0]
            .as_object_mut()
            .unwrap()
            .remove("from");
        let unattributed: Draft = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(unattributed.recommended[0].from, None);
        json.as_object_mut().unwrap().remove("recommended");
        let old: Draft = serde_json::from_value(json).unwrap();
        assert!(old.recommended.is_empty());
    }
}
