//! Plain-text views of drafts, lookups and evaluation reports for the command line.

use super::card::{CodeCard, Icd9Card};
use super::eval::Report;
use super::icd10cm::Icd10Cm;
use crate::domain::Draft;

/// An ICD-9-CM code: its title, and the ICD-10-CM codes the CMS crosswalk gives for it.
fn icd9_lookup_text(code: &str, c: &Icd9Card) -> String {
    let mut out = format!(
        "{code} (ICD-9-CM, retired for services from October 1, 2015)\n  {}\n",
        c.title
    );
    if c.targets.is_empty() {
        out.push_str("The CMS General Equivalence Mapping has no ICD-10-CM code for it.\n");
        return out;
    }
    out.push_str("ICD-10-CM by the CMS General Equivalence Mapping:\n");
    for t in &c.targets {
        let notes = if t.notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", t.notes.join("; "))
        };
        out.push_str(&format!("  {:<9} {}{notes}\n", t.code, t.title));
    }
    out
}

pub fn draft_text(d: &Draft) -> String {
    let mut out = String::from("Codes mentioned:\n");
    if d.codes_mentioned.is_empty() {
        out.push_str("  (none)\n");
    }
    for m in &d.codes_mentioned {
        out.push_str(&format!(
            "  {:<10} {:<9} {:<12} {}\n",
            m.code,
            m.system.label(),
            m.status,
            m.title.as_deref().unwrap_or("")
        ));
    }
    out.push_str("Flags:\n");
    if d.flags.is_empty() {
        out.push_str("  (none)\n");
    }
    for f in &d.flags {
        let rule = f
            .rule
            .as_ref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        out.push_str(&format!(
            "  [{:?}] {}{rule}: {}\n      {}\n",
            f.severity, f.kind, f.message, f.evidence
        ));
    }
    out.push_str("Recommended (report in this order):\n");
    if d.recommended.is_empty() {
        out.push_str("  (none)\n");
    }
    for (n, r) in d.recommended.iter().enumerate() {
        out.push_str(&format!(
            "  {}. {:<10} {}\n      why: {}\n      evidence: {}\n",
            n + 1,
            r.code,
            r.title,
            r.why,
            r.evidence
        ));
    }
    out.push_str("Suggestions:\n");
    for s in &d.suggestions {
        out.push_str(&format!(
            "  {:<10} {:>4.2}  {}\n      why: {}\n",
            s.code, s.score, s.title, s.why
        ));
    }
    if d.phi.present {
        out.push_str(&format!("PHI: {}\n", d.phi.kinds.join(", ")));
    }
    out
}

pub fn lookup_text(icd: &Icd10Cm, code: &str) -> String {
    let card = CodeCard::of(icd, code);
    if let Some(c) = &card.icd9 {
        return icd9_lookup_text(&card.code, c);
    }
    let mut out = format!(
        "{} (ICD-10-CM FY{}): {}\n",
        code.to_uppercase(),
        card.year,
        card.status
    );
    if let Some(title) = &card.title {
        out.push_str(&format!("  {title}\n"));
    }
    if !card.hierarchy.is_empty() {
        out.push_str("Hierarchy:\n");
    }
    for level in &card.hierarchy {
        out.push_str(&format!("  {} {}\n", level.code, level.title));
    }
    for group in &card.notes {
        out.push_str(&format!("{}:\n", group.label));
        for item in &group.items {
            out.push_str(&format!("  {item}\n"));
        }
    }
    if let Some((owner, seventh)) = &card.seventh {
        out.push_str(&format!("7th characters (from {owner}):\n"));
        for (c, d) in seventh {
            out.push_str(&format!("  {c} {d}\n"));
        }
    }
    if !card.billable_below.is_empty() {
        out.push_str(&format!(
            "Billable codes below ({}):\n",
            card.billable_below.len()
        ));
    }
    for c in card.billable_below.iter().take(40) {
        out.push_str(&format!("  {} {}\n", c.code, c.title));
    }
    if let Some(fixed) = &card.did_you_mean {
        out.push_str(&format!("Did you mean {fixed}?\n"));
    }
    out
}

pub fn eval_text(r: &Report) -> String {
    let mut out = String::new();
    for c in &r.results {
        let ok = c.missed_at_10.is_empty() && c.missed_flags.is_empty() && c.false_flags.is_empty();
        out.push_str(&format!(
            "{:<8} {}  top: {}\n",
            c.id,
            if ok { "ok  " } else { "MISS" },
            c.ranked
                .iter()
                .take(10)
                .cloned()
                .collect::<Vec<_>>()
                .join(" ")
        ));
        out.push_str(&format!(
            "         recommended: {}\n",
            c.recommended.join(" ")
        ));
        if !c.missed_at_10.is_empty() {
            out.push_str(&format!(
                "         codes not in top 10: {}\n",
                c.missed_at_10.join(", ")
            ));
        }
        if !c.missed_flags.is_empty() {
            out.push_str(&format!(
                "         flags missed: {}\n",
                c.missed_flags.join(", ")
            ));
        }
        if !c.false_flags.is_empty() {
            out.push_str(&format!(
                "         false flags: {}\n",
                c.false_flags.join(", ")
            ));
        }
        if !c.borne_out.is_empty() {
            out.push_str(&format!(
                "         guideline warnings the answer bears out: {}\n",
                c.borne_out.join(", ")
            ));
        }
        if !c.noise_at_5.is_empty() {
            out.push_str(&format!(
                "         off-topic in the top 5: {}\n",
                c.noise_at_5.join(", ")
            ));
        }
    }
    out.push_str(&format!(
        "\ncases {}   recall@5 {:.3}   recall@10 {:.3}   flag recall {:.3}   false error/warning flags per case {:.3}   noise@5 {:.3}   suggestion precision@5 {:.3}\n",
        r.cases,
        r.recall_at_5,
        r.recall_at_10,
        r.flag_recall,
        r.false_flags_per_case,
        r.noise_at_5,
        r.suggestion_precision_at_5
    ));
    out.push_str(&format!(
        "recommended: first-listed right {:.3}   recall {:.3}   precision {:.3}   (false flags counting borne-out guideline warnings {:.3})\n",
        r.first_listed, r.recommended_recall, r.recommended_precision, r.false_flags_strict_per_case
    ));
    out
}
