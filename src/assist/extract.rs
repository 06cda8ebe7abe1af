//! Code mentions in a question's visible text.

use std::sync::LazyLock;

use regex::Regex;

use super::icd10cm::{compact, Icd10Cm};
use super::text::window;
use crate::domain::CodeSystem;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub system: CodeSystem,
    /// As the question wrote it, upper-cased.
    pub code: String,
    /// Byte offset in the text, for order ("listed first").
    pub at: usize,
    /// An ICD-9-CM code where ICD-10-CM was due.
    pub icd9: bool,
}

static ICD10: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"\b([A-Z][0-9][0-9A-Z])(\.[0-9A-Z]{1,4}|[0-9A-Z]{1,4})?\b").unwrap()
});
/// Codes as coders also write them: in lower case with the dot (`e11.9`), or with a space after
/// the letter (`I 10`, `E 11.9`).
static ICD10_LOOSE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"\b(?:[a-z][0-9][0-9a-z]\.[0-9a-z]{1,4}|[A-Z] [0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)\b",
    )
    .unwrap()
});
/// A code in lower case without its dot (`n10`, `e119`): read only where it is billable and
/// written as a code, beside another code or after a word that introduces one.
static ICD10_LOWER_BARE: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"\b[a-z][0-9][0-9a-z]{1,5}\b").unwrap());
static INTRODUCES_A_CODE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:codes?|coded|has|had|billed|keyed|entered|chose|picked|used|put|template|abstracted|submitted|assigned|reported)\b[^.;\n]{0,24}$").unwrap()
});
/// What stands between two codes of a list: ", ", " and ", " / ", " + ".
static LIST_GAP: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"^\s*(?:,|/|\+|&|and|then|,\s*and)?\s*$").unwrap());
static ICD9: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"\b([0-9]{3}\.[0-9]{1,2}|V[0-9]{2}\.[0-9]{1,2}|E[89][0-9]{2}\.[0-9])\b")
        .unwrap()
});
static FIVE_DIGITS: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"\b([0-9]{4}[0-9FT])\b").unwrap());
static HCPCS: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"\b([A-V][0-9]{4})\b").unwrap());
static MODIFIER: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i:modifiers?|mod)\s*-?\s*([0-9]{2}|[A-Z]{2}|[A-Z][0-9])\b|\b[0-9]{4}[0-9FT]-([0-9]{2}|[A-Z]{2}|[A-Z][0-9])\b")
        .unwrap()
});
/// `-25`, `-59`, `-LT` right after a five-digit number: a CPT code with its modifier.
static MODIFIER_TAIL: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"^-(?:[0-9]{2}|[A-Z]{2}|[A-Z][0-9])\b").unwrap());
static ZIP4_TAIL: LazyLock<Regex> = LazyLock::new(|| super::text::regex(r"^-[0-9]{4}\b").unwrap());
static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| super::text::regex(r"(?s)<[^>]*>").unwrap());

/// The text a coder wrote: HTML markup and `>`-quoted earlier replies removed.
pub fn visible_text(text: &str) -> String {
    let text = if text.contains('<') && text.contains('>') {
        let stripped = HTML_TAG.replace_all(text, " ");
        stripped
            .replace("&nbsp;", " ")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
    } else {
        text.to_owned()
    };
    // Quoted replies can arrive on separate lines or, flattened, after " > " in one line.
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if line.trim_start().starts_with('>') {
            continue;
        }
        let line = match line.find("  > ").or_else(|| line.find(" > On ")) {
            Some(cut) => &line[..cut],
            None => line,
        };
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Words near a 5-digit number that make it a CPT code, and words that make it something else.
fn cpt_context(text: &str, at: usize) -> bool {
    let before = &window(text, at.saturating_sub(48), at).to_ascii_lowercase();
    let not_cpt = [
        "mrn", "zip", "acct", "account", "member", "phone", "tel", "fax", "#", "id ",
    ];
    if not_cpt.iter().any(|w| before.trim_end().ends_with(w)) || before.contains("mrn") {
        return false;
    }
    before.contains("cpt")
        || before.contains("procedure")
        || before.contains('(')
        || before.contains("code")
}

fn in_icd9_context(text: &str, at: usize, end: usize) -> bool {
    let window = window(text, at.saturating_sub(80), end + 40).to_ascii_lowercase();
    !unit_follows(text, end)
        && [
            "icd-9",
            "icd9",
            "superbill",
            "code",
            " dx",
            "diagnosis",
            "claim",
            "billed",
        ]
        .iter()
        .any(|w| window.contains(w))
}

/// A number written as an ICD-9-CM diagnosis code is ("427.31 - AF", "old records show
/// 250.00") counts as one whatever the words around it, unless a unit follows (the caller
/// also rules out a money sign or a measured thing before it). Supplementary V codes look like
/// too many other things to count without words about codes.
fn known_icd9(text: &str, at: usize, end: usize) -> bool {
    let code = &text[at..end];
    !code.starts_with('V')
        && super::icd9::builtin().title(code).is_some()
        && !unit_follows(text, end)
}

/// "V58.11 from the old superbill": an ICD-9-CM V code among words about codes, which
/// ICD-10-CM's transport codes (V58.1XXA) cannot be written as.
fn icd9_supplementary(text: &str, at: usize, end: usize) -> bool {
    let code = &text[at..end];
    code.starts_with('V')
        && code.contains('.')
        && super::icd9::builtin().title(code).is_some()
        && in_icd9_context(text, at, end)
}

/// A money sign or a measured thing ("Tmax", "weight", "glucose:") just before a number.
fn measured(text: &str, at: usize) -> bool {
    let before = window(text, at.saturating_sub(16), at).to_ascii_lowercase();
    let before = before.trim_end_matches([' ', ':', '=', '#']);
    before.ends_with('$')
        || [
            "temp",
            "temperature",
            "t",
            "tmax",
            "weight",
            "wt",
            "glucose",
            "bg",
            "sugar",
            "hgb",
            "plt",
            "platelets",
            "ldl",
            "hdl",
            "cholesterol",
            "bmi",
            "cost",
            "paid",
            "charge",
            "charged",
            "amount",
            "balance",
            "usd",
            "claim",
            "room",
            "bed",
        ]
        .iter()
        .any(|w| {
            before.ends_with(w)
                && !before[..before.len() - w.len()].ends_with(|c: char| c.is_alphanumeric())
        })
}

fn unit_follows(text: &str, end: usize) -> bool {
    let after = text[end..].trim_start().to_ascii_lowercase();
    after.starts_with(['°', '%'])
        || [
            "mg", "kg", "g ", "ml", "f ", "f.", "c ", "mm", "cm", "lb", "u/", "iu", "mmol",
        ]
        .iter()
        .any(|u| after.starts_with(u))
}

/// "T 39.2" in a note's vital signs is a temperature (Celsius or Fahrenheit), not the
/// poisoning category T39.2 written with a space.
fn spaced_temperature(written: &str) -> bool {
    written
        .strip_prefix("T ")
        .and_then(|value| value.parse::<f32>().ok())
        .is_some_and(|value| (34.0..=43.0).contains(&value) || (93.0..=108.0).contains(&value))
}

/// "A 67-year-old", "A 45 yo": the article before an age, not the category A67 written with a
/// space.
fn spaced_age(written: &str, after: &str) -> bool {
    static AGE: LazyLock<Regex> = LazyLock::new(|| {
        super::text::regex(
            r"(?i)^(?:-|\s)?(?:years?|yrs?|months?|mos?|weeks?|wks?|days?|yo|y/o|y\.o\.)\b",
        )
        .unwrap()
    });
    written.contains(' ') && !written.contains('.') && AGE.is_match(after)
}

/// Vertebral levels (T12, L5, C5-6) look like codes; they come with a neighbouring level or
/// a spine word.
fn vertebral(text: &str, at: usize, end: usize) -> bool {
    let after = &text[end..];
    let before = text[..at].trim_end();
    after.starts_with('-') && after[1..].starts_with(|c: char| c.is_ascii_alphanumeric())
        || before.ends_with('-')
        || [
            "vertebra", "level", "disc", "spine", "lumbar", "thoracic", "cervical",
        ]
        .iter()
        .any(|w| window(text, end, end + 24).to_ascii_lowercase().contains(w))
            && !text[at..end].contains('.')
}

pub fn mentions(text: &str, icd: &Icd10Cm, known_hcpcs: impl Fn(&str) -> bool) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for m in ICD10.find_iter(text) {
        let raw = m.as_str();
        let has_dot = raw.contains('.');
        let c = compact(raw);
        // Without a dot, only strings the code set knows count: "A1C", "T2DM" and "L4" do not.
        let known = icd.node(&c).is_some() || icd.is_billable(&c);
        let plausible_7th = c.len() == 7 && icd.node(c[..6].trim_end_matches('X')).is_some();
        if !has_dot && !known {
            continue;
        }
        if !has_dot
            && c.len() == 5
            && c[1..].chars().all(|ch| ch.is_ascii_digit())
            && known_hcpcs(&c)
        {
            continue; // a HCPCS Level II code that happens to look like an undotted ICD code
        }
        if vertebral(text, m.start(), m.end()) && c.len() <= 3 {
            continue;
        }
        let icd9_said = || {
            let around = window(text, m.start().saturating_sub(80), m.end() + 40);
            let around = around.to_ascii_lowercase();
            around.contains("icd-9") || around.contains("icd9")
        };
        if icd9_supplementary(text, m.start(), m.end()) && (!known || icd9_said()) {
            continue; // the ICD-9 pass below reads it
        }
        if has_dot || known || plausible_7th {
            out.push(Mention {
                system: CodeSystem::Icd10cm,
                code: raw.to_ascii_uppercase(),
                at: m.start(),
                icd9: false,
            });
            taken.push((m.start(), m.end()));
        }
    }
    for m in ICD10_LOOSE.find_iter(text) {
        if spaced_temperature(m.as_str()) || spaced_age(m.as_str(), &text[m.end()..]) {
            continue;
        }
        let code = m.as_str().replace(' ', "").to_ascii_uppercase();
        let c = compact(&code);
        let known = icd.node(&c).is_some() || icd.is_billable(&c);
        if known && !taken.iter().any(|(a, b)| m.start() < *b && *a < m.end()) {
            out.push(Mention {
                system: CodeSystem::Icd10cm,
                code,
                at: m.start(),
                icd9: false,
            });
            taken.push((m.start(), m.end()));
        }
    }
    let lower_bare: Vec<(usize, usize, String)> = ICD10_LOWER_BARE
        .find_iter(text)
        .map(|m| (m.start(), m.end(), m.as_str().to_ascii_uppercase()))
        .filter(|(_, _, c)| icd.is_billable(c))
        .map(|(at, end, c)| (at, end, super::icd10cm::dotted(&c)))
        .collect();
    for (at, end, code) in lower_bare {
        let listed = |a: usize, b: usize| {
            let gap = |x: usize, y: usize| {
                x <= y
                    && text
                        .get(x..y)
                        .is_some_and(|g| g.len() <= 6 && LIST_GAP.is_match(g))
            };
            gap(end, a) || gap(b, at)
        };
        let beside_a_code = taken.iter().any(|&(a, b)| listed(a, b));
        let introduced = INTRODUCES_A_CODE.is_match(window(text, at.saturating_sub(40), at));
        if (beside_a_code || introduced) && !taken.iter().any(|(a, b)| at < *b && *a < end) {
            out.push(Mention {
                system: CodeSystem::Icd10cm,
                code,
                at,
                icd9: false,
            });
            taken.push((at, end));
        }
    }
    for m in ICD9.find_iter(text) {
        let (at, end) = (m.start(), m.end());
        // "V03.10" beside S82.142A is the ICD-10-CM category, read above.
        if taken.iter().any(|(a, b)| at < *b && *a < end) {
            continue;
        }
        if !measured(text, at) && (in_icd9_context(text, at, end) || known_icd9(text, at, end)) {
            out.push(Mention {
                system: CodeSystem::Icd10cm,
                code: m.as_str().to_owned(),
                at: m.start(),
                icd9: true,
            });
            taken.push((m.start(), m.end()));
        }
    }
    for m in FIVE_DIGITS.find_iter(text) {
        let s = m.as_str();
        let category_ii_iii = s.ends_with('F') || s.ends_with('T');
        let zip4 = ZIP4_TAIL.is_match(&text[m.end()..]);
        let modifier_follows = MODIFIER_TAIL.is_match(&text[m.end()..]);
        if !zip4 && (category_ii_iii || modifier_follows || cpt_context(text, m.start())) {
            out.push(Mention {
                system: CodeSystem::Cpt,
                code: s.to_owned(),
                at: m.start(),
                icd9: false,
            });
        }
    }
    for m in HCPCS.find_iter(text) {
        let overlaps = taken.iter().any(|(a, b)| m.start() < *b && *a < m.end());
        let context = window(text, m.start().saturating_sub(40), m.start())
            .to_ascii_lowercase()
            .contains("hcpcs");
        if !overlaps && (known_hcpcs(m.as_str()) || context) {
            out.push(Mention {
                system: CodeSystem::Hcpcs,
                code: m.as_str().to_owned(),
                at: m.start(),
                icd9: false,
            });
        }
    }
    for c in MODIFIER.captures_iter(text) {
        if let Some(m) = c.get(1).or_else(|| c.get(2)) {
            out.push(Mention {
                system: CodeSystem::Modifier,
                code: m.as_str().to_ascii_uppercase(),
                at: m.start(),
                icd9: false,
            });
        }
    }
    // A code read as ICD-9 where the words say so ("V01.5 from an old crosswalk") is the same
    // code where they do not (the subject's "V01.5?").
    let read_as_icd9: std::collections::HashSet<String> = out
        .iter()
        .filter(|m| m.icd9)
        .map(|m| m.code.clone())
        .collect();
    for m in out.iter_mut() {
        m.icd9 |= read_as_icd9.contains(&m.code);
    }
    out.sort_by_key(|m| m.at);
    out.dedup_by(|a, b| a.code == b.code && a.system == b.system);
    let mut seen = std::collections::HashSet::new();
    out.retain(|m| seen.insert((m.system, compact(&m.code))));
    out
}
