//! Plain-text views of drafts, lookups and evaluation reports for the command line.

use super::checks;
use super::eval::Report;
use super::icd10cm::{compact, dotted, Icd10Cm};
use super::icd9;
use crate::domain::Draft;

/// An ICD-9-CM code: its title, and the ICD-10-CM codes the CMS crosswalk gives for it.
fn icd9_lookup_text(icd: &Icd10Cm, code: &str, title: &str) -> String {
    let mut out = format!(
        "{} (ICD-9-CM, retired for services from October 1, 2015)\n  {title}\n",
        code.to_uppercase()
    );
    let targets = icd9::builtin().targets(code);
    if targets.is_empty() {
        out.push_str("The CMS General Equivalence Mapping has no ICD-10-CM code for it.\n");
        return out;
    }
    out.push_str("ICD-10-CM by the CMS General Equivalence Mapping:\n");
    for t in targets {
        let mut notes = Vec::new();
        if t.approximate {
            notes.push("approximate");
        }
        if t.combination {
            notes.push("one of a combination");
        }
        match checks::status(icd, &t.code) {
            checks::Status::Billable => {}
            checks::Status::NonBillable(_) => notes.push("now a header: pick a code below it"),
            _ => notes.push("not in this year's code set"),
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join("; "))
        };
        out.push_str(&format!(
            "  {:<9} {}{notes}\n",
            dotted(&t.code),
            icd.title(&t.code).unwrap_or_default(),
        ));
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
    let st = checks::status(icd, code);
    if matches!(st, checks::Status::Invalid) {
        if let Some(title) = icd9::builtin().title(code) {
            return icd9_lookup_text(icd, code, title);
        }
    }
    let mut out = format!(
        "{} (ICD-10-CM FY{}): {}\n",
        code.to_uppercase(),
        icd.year,
        st.label()
    );
    if let Some(title) = icd.title(code) {
        out.push_str(&format!("  {title}\n"));
    }
    let c = compact(code);
    let node = icd
        .node_index(&c)
        .or_else(|| icd.node_index(c.get(..6).unwrap_or(&c).trim_end_matches('X')));
    if let Some(i) = node {
        let (nodes, containers) = icd.lineage(i);
        out.push_str("Hierarchy:\n");
        for &ct in containers.iter().rev() {
            out.push_str(&format!(
                "  {} {}\n",
                icd.containers[ct].id, icd.containers[ct].title
            ));
        }
        for &n in nodes.iter().rev() {
            out.push_str(&format!("  {} {}\n", icd.nodes[n].code, icd.nodes[n].title));
        }
        let n = &icd.nodes[i].notes;
        for (label, list) in [
            ("Inclusion terms", &n.inclusion_terms),
            ("Includes", &n.includes),
            ("Excludes1", &n.excludes1),
            ("Excludes2", &n.excludes2),
            ("Code first", &n.code_first),
            ("Use additional code", &n.use_additional),
            ("Code also", &n.code_also),
            ("Notes", &n.other),
        ] {
            if !list.is_empty() {
                out.push_str(&format!("{label}:\n"));
                for item in list {
                    out.push_str(&format!("  {item}\n"));
                }
            }
        }
        if let Some(owner) = icd.seventh_for(i) {
            out.push_str(&format!(
                "7th characters (from {}):\n",
                icd.nodes[owner].code
            ));
            for (c, d) in &icd.nodes[owner].seventh {
                out.push_str(&format!("  {c} {d}\n"));
            }
        }
    }
    match st {
        checks::Status::NonBillable(children) => {
            out.push_str(&format!("Billable codes below ({}):\n", children.len()));
            for c in children.iter().take(40) {
                out.push_str(&format!("  {c} {}\n", icd.title(c).unwrap_or_default()));
            }
        }
        checks::Status::PlaceholderX(fixed) => out.push_str(&format!("Did you mean {fixed}?\n")),
        _ => {}
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
        "recommended: first-listed right {:.3}   recall {:.3}   precision {:.3}\n",
        r.first_listed, r.recommended_recall, r.recommended_precision
    ));
    out
}
