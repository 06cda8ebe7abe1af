//! Pregnancy as the guidelines read it: the trimester counted from the weeks of gestation
//! (I.C.15.a.3), and a condition in pregnancy coded from Chapter 15 first, through the Index's
//! "Pregnancy, complicated by" (I.C.15.a.1).

use std::sync::LazyLock;

use regex::Regex;

use super::icd10cm::{compact, dotted, Icd10Cm};
use super::lookup::Book;
use super::suggest::Query;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trimester {
    First,
    Second,
    Third,
}

impl Trimester {
    fn words(self) -> &'static str {
        match self {
            Trimester::First => "first trimester",
            Trimester::Second => "second trimester",
            Trimester::Third => "third trimester",
        }
    }
}

static WEEKS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(\d{1,2})(?:\s*w\d|\s*(?:-\s*)?(?:weeks?|wks?|wk)\b)").unwrap()
});
static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(first|1st|second|2nd|third|3rd)\s+trimester\b").unwrap()
});
/// Words that say the patient is pregnant now (not a history of pregnancy, not a newborn).
static PREGNANT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(pregnan(?:t|cy)|gravid\w*|antepartum|prenatal|\d{1,2}\s*(?:weeks?|wks?)\s*(?:gestation|pregnant|ga|iup))\b|\bat \d{1,2}\s*(?:weeks?|wks?)\b").unwrap()
});
static BEFORE_PREGNANCY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bpre-?existing\b|\bchronic (?:essential )?(?:hypertension|htn)\b|\bbefore (?:the |this |her )?pregnancy\b|\bprior to (?:the |this |her )?pregnancy\b").unwrap()
});
/// A pregnancy that is over (a newborn's, a delivered one) or not begun yet (one planned).
static NOT_NOW: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(newborn|neonat\w*|infant|postpartum|puerper\w*|delivered|delivery|not pregnant|pregnancy test negative|\d+[- ](?:days?|weeks?|wks?|months?|mos?)[- ]old|planning (?:a |her |another )?pregnancy|(?:trying|hoping|plans?|planning|wants?|wishes) to (?:conceive|get pregnant|become pregnant)|pre-?conception|before conception)\b").unwrap()
});

/// The trimester the question gives, by weeks or by name: the first before 14 weeks 0 days,
/// the second before 28 weeks 0 days, the third after (I.C.15.a.3). The weeks come first: a
/// coder who asks "1st or 2nd trimester?" names trimesters without giving one.
pub fn trimester(text: &str) -> Option<Trimester> {
    let by_weeks = WEEKS
        .captures_iter(text)
        .filter(|c| !a_span_of_time(&text[..c.get(0).map_or(0, |m| m.start())]))
        .filter_map(|c| c[1].parse::<u32>().ok())
        .find(|w| (4..=43).contains(w))
        .map(|weeks| match weeks {
            0..=13 => Trimester::First,
            14..=27 => Trimester::Second,
            _ => Trimester::Third,
        });
    by_weeks.or_else(|| {
        let m = NAMED.captures(text)?;
        Some(match m[1].to_lowercase().as_str() {
            "first" | "1st" => Trimester::First,
            "second" | "2nd" => Trimester::Second,
            _ => Trimester::Third,
        })
    })
}

/// The gestational age in days where the question gives it ("41w2d", "41 weeks 2 days",
/// "41+2", "41 weeks").
pub fn gestation_days(text: &str) -> Option<u32> {
    GESTATION
        .captures_iter(text)
        .filter(|c| !a_span_of_time(&text[..c.get(0).map_or(0, |m| m.start())]))
        .find_map(|c| {
            let weeks: u32 = c.get(1).or_else(|| c.get(3))?.as_str().parse().ok()?;
            let days: u32 = c
                .get(2)
                .or_else(|| c.get(4))
                .map_or(Some(0), |d| d.as_str().parse().ok())?;
            ((20..=45).contains(&weeks) && days < 7).then_some(weeks * 7 + days)
        })
}

static GESTATION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(\d{2})\s*(?:weeks?|wks?|w)\s*(?:(?:and\s+)?([0-6])\s*(?:d|days?)\b)?|\b(\d{2})\+([0-6])\b").unwrap()
});

/// Weeks that count a span ("recheck in 6 weeks", "cough x 4 wks") are no gestational age.
fn a_span_of_time(before: &str) -> bool {
    let last = before.trim_end().rsplit(' ').next().unwrap_or_default();
    [
        "in", "x", "for", "within", "every", "next", "past", "last", "after",
    ]
    .contains(&last.to_lowercase().as_str())
}

/// Whether the question is about a patient pregnant now: a child's "prenatal alcohol
/// exposure" is her mother's pregnancy.
pub fn pregnant(text: &str) -> bool {
    (PREGNANT.is_match(text) || super::text::gravida_beyond_para(text))
        && !NOT_NOW.is_match(text)
        && super::text::age_in_years(text).is_none_or(|age| age >= 10)
        && super::text::sex(text) != Some("male")
}

/// How the Tabular's titles name a trimester.
fn trimester_names() -> impl Iterator<Item = &'static str> {
    [Trimester::First, Trimester::Second, Trimester::Third]
        .into_iter()
        .map(Trimester::words)
        .chain(["unspecified trimester"])
}

/// The code of `code`'s family for the trimester, when its title names a trimester and another
/// one: O10.012 (second) → O10.013 (third) at 28 weeks. The family is the codes below the
/// written one's parent whose titles differ only in the trimester.
pub fn for_trimester(icd: &Icd10Cm, code: &str, t: Trimester) -> Option<String> {
    let c = compact(code);
    let title = icd.title(&c)?.to_lowercase();
    let written = trimester_names().find(|w| title.contains(w))?;
    if written == t.words() {
        return None;
    }
    let want = title.replace(written, t.words());
    let parent = &c[..c.len().saturating_sub(1).max(3)];
    icd.billable_below(parent)
        .into_iter()
        .find(|b| icd.title(b).is_some_and(|bt| bt.to_lowercase() == want))
}

/// The words of an obstetric title that say the condition, not its period: "Severe
/// pre-eclampsia, third trimester" and "Severe pre-eclampsia, complicating the puerperium" are
/// both "severe pre-eclampsia".
fn condition_words(title: &str) -> Vec<String> {
    const PERIOD: [&str; 8] = [
        "complicating",
        "in",
        "the",
        "pregnancy",
        "childbirth",
        "puerperium",
        "trimester",
        "unspecified",
    ];
    let mut plain = title.to_lowercase();
    for t in trimester_names() {
        plain = plain.replace(t, " ");
    }
    plain
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty() && !PERIOD.contains(w))
        .map(str::to_owned)
        .collect()
}

/// The "complicating the puerperium" code of a trimester code's category for the same
/// condition (O14.13 → O14.15, O24.414 → O24.434, O99.013 → O99.03): a condition of the six
/// weeks after delivery is coded to the puerperium (I.C.15.o.1-2).
pub fn for_puerperium(icd: &Icd10Cm, code: &str) -> Option<String> {
    let c = compact(code);
    let title = icd.title(&c)?.to_lowercase();
    trimester_names().find(|t| title.contains(t))?;
    let condition = condition_words(&title);
    icd.billable_below(c.get(..3)?).into_iter().find(|b| {
        icd.title(b).is_some_and(|bt| {
            bt.to_lowercase().contains("puerperium") && condition_words(&bt) == condition
        })
    })
}

/// The question is about the weeks after a delivery that came before this encounter.
pub fn after_delivery(text: &str, codes: &[String]) -> bool {
    AFTER_DELIVERY.is_match(text) && !codes.iter().any(|c| compact(c).starts_with("Z37"))
}

static AFTER_DELIVERY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:postpartum|post-partum|puerper\w*|(?:days?|weeks?|wks?) (?:after|following) (?:an? |her |the )?(?:[\w-]+ ){0,2}(?:delivery|birth|c-?section|cesarean|n?svd|vbac)|since (?:her |the )?delivery)\b").unwrap()
});

/// The "in childbirth" code of `code`'s category when its title is the same condition "in
/// pregnancy" (O24.414 → O24.424, O10.013 → O10.02): a delivery during this admission takes
/// it over the trimester (I.C.15.a.3).
pub fn for_childbirth(icd: &Icd10Cm, code: &str) -> Option<String> {
    let c = compact(code);
    let title = icd.title(&c)?.to_lowercase();
    let mut want = title.clone();
    for t in trimester_names() {
        want = want.replace(&format!(", {t}"), "");
    }
    let want = want
        .replace("in pregnancy", "in childbirth")
        .replace("complicating pregnancy", "complicating childbirth");
    if want == title || !want.contains("childbirth") {
        return None;
    }
    icd.billable_below(&c[..3])
        .into_iter()
        .find(|b| icd.title(b).is_some_and(|bt| bt.to_lowercase() == want))
}

/// Whether the patient delivers during the encounter the question is about: an outcome of
/// delivery is coded, or the question says how she delivered and not that it was before.
pub fn delivered_now(text: &str, codes: &[String]) -> bool {
    codes.iter().any(|c| compact(c).starts_with("Z37"))
        || (DELIVERY.is_match(text)
            && !said_undenied(&NOT_NOW_DELIVERED, text)
            && !said_undenied(&AFTER_DELIVERY, text))
}

/// Whether `cue` is in the text other than right after a denial.
fn said_undenied(cue: &Regex, text: &str) -> bool {
    cue.find_iter(text)
        .any(|m| !DENIED_BEFORE.is_match(&text[..m.start()]))
}

/// A denial just before a postpartum word ("no postpartum hemorrhage"): the delivery room's
/// own words, not a visit after the delivery.
static DENIED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:no|without|denies|not)\s+(?:\w+\s+)?$").unwrap()
});

static DELIVERY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(n?svd|(?:spontaneous )?vaginal (?:delivery|birth)|c-?section|cesarean|vbac|delivered|liveborn)\b").unwrap()
});
static NOT_NOW_DELIVERED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(postpartum|puerper\w*|newborn record|(?:days?|weeks?|wks?) ago|after (?:her |the )?delivery|history of)\b").unwrap()
});

/// A partial Chapter 15 code completed for the episode the question is about: its
/// "childbirth" line when she delivers now, its "puerperium" line after a delivery, else its
/// trimester (O99.82- → O99.824 at a delivery).
pub fn for_this_episode(
    icd: &Icd10Cm,
    text: &str,
    codes: &[String],
    partial: &str,
) -> Option<String> {
    let c = compact(partial.trim_end_matches('-'));
    let titled = |word: &str| {
        icd.billable_below(&c).into_iter().find(|b| {
            icd.title(b)
                .is_some_and(|t| t.to_lowercase().contains(word))
        })
    };
    if delivered_now(text, codes) {
        if let Some(code) = titled("childbirth") {
            return Some(code);
        }
    }
    if after_delivery(text, codes) {
        if let Some(code) = titled("puerperium") {
            return Some(code);
        }
    }
    complete(icd, &c, trimester(text)).or_else(|| titled("pregnancy"))
}

/// A partial Chapter 15 code completed with the trimester (O99.01- → O99.012), or its
/// unspecified trimester when the question gives none.
fn complete(icd: &Icd10Cm, code: &str, t: Option<Trimester>) -> Option<String> {
    let c = compact(code.trim_end_matches('-'));
    if icd.is_billable(&c) {
        return Some(c);
    }
    let words = t.map_or("unspecified trimester", Trimester::words);
    icd.billable_below(&c).into_iter().find(|b| {
        icd.title(b)
            .is_some_and(|bt| bt.to_lowercase().contains(words))
    })
}

/// The Chapter 15 codes the Index gives for the conditions of a pregnant patient: the entries
/// below "Pregnancy, complicated by" the question's words lead to, with their Index path.
pub fn complicated_by(icd: &Icd10Cm, index: &Book, text: &str, q: &Query) -> Vec<(String, String)> {
    if !pregnant(text) {
        return Vec::new();
    }
    let Some(root) = index.find(&["Pregnancy", "complicated by"]) else {
        return Vec::new();
    };
    let t = trimester(text);
    // A condition the patient had before the pregnancy is what the Index calls pre-existing.
    let pre_existing = super::text::title_terms("pre-existing");
    let before = BEFORE_PREGNANCY.is_match(text);
    let has = |w: &str| q.has(w) || (before && pre_existing.iter().any(|p| p == w));
    let mut out: Vec<(String, String)> = Vec::new();
    for path in index.paths_under(root, &has) {
        if path.words == 0 {
            continue;
        }
        // "hypertension - see Hypertension, complicating pregnancy": the entry below the one
        // the reference names that the question's words reach.
        let (term, see) = match index.term(path.term).see.as_deref() {
            Some(see) => {
                let Some(target) = super::entries::follow(index, q, see) else {
                    continue;
                };
                let best = index
                    .paths_under(target, &has)
                    .into_iter()
                    .filter(|b| index.term(b.term).code.is_some())
                    .max_by_key(|b| (b.words, index.path(b.term).len()))
                    .map_or(target, |b| b.term);
                (
                    best,
                    format!("{} - see {see}; ", index.path(path.term).join(", ")),
                )
            }
            None => (path.term, String::new()),
        };
        let path = super::lookup::Path {
            term,
            words: path.words,
        };
        let Some(given) = index.term(path.term).code.as_deref() else {
            continue;
        };
        if !given.starts_with('O') {
            continue;
        }
        if let Some(code) = complete(icd, given, t) {
            let entry = format!("{see}{} → {given}", index.path(path.term).join(", "));
            if !out.iter().any(|(c, _)| *c == code) {
                out.push((dotted(&code), entry));
            }
        }
    }
    out
}

/// The Chapter 15 code of a pregnant patient's condition coded in another chapter: the
/// entry below "Pregnancy, complicated by" whose modifier lists the condition's categories
/// ("nervous system condition (conditions in G00-G99)" → O99.35-, completed for the
/// trimester), with its Index path.
pub fn complicated_by_a_condition_of(
    icd: &Icd10Cm,
    index: &Book,
    text: &str,
    code: &str,
) -> Option<(String, String)> {
    if !pregnant(text) {
        return None;
    }
    let root = index.find(&["Pregnancy", "complicated by"])?;
    let lists = |t: super::lookup::TermId| {
        index.term(t).nonessential.iter().any(|m| {
            m.split_once("conditions in ").is_some_and(|(_, ranges)| {
                super::notes::refs(&format!("({ranges})"))
                    .iter()
                    .any(|r| r.covers(code))
            })
        })
    };
    let mut level: Vec<super::lookup::TermId> = index.children(root).to_vec();
    for _ in 0..2 {
        if let Some(&hit) = level
            .iter()
            .find(|&&t| lists(t) && index.term(t).code.is_some())
        {
            let given = index.term(hit).code.as_deref()?;
            let completed = complete(icd, given, trimester(text))?;
            return Some((
                dotted(&completed),
                format!("{} → {given}", index.path(hit).join(", ")),
            ));
        }
        level = level
            .iter()
            .flat_map(|&t| index.children(t).iter().copied())
            .collect();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_pregnancies_than_births_is_a_pregnancy_now() {
        assert!(pregnant("G2P1 with a UTI, no fever."));
        assert!(!pregnant(
            "45F G3P3 had a hysterectomy for heavy periods; path shows adenomyosis."
        ));
        assert!(!pregnant("G2P2, 3 days after delivery, fever."));
    }

    #[test]
    fn a_pregnancy_planned_is_none_yet() {
        assert!(!pregnant(
            "33F planning a pregnancy had a splenic artery aneurysm coiled."
        ));
        assert!(!pregnant(
            "Preconception visit: hoping to get pregnant next year."
        ));
        assert!(pregnant("33F, pregnant, with a splenic artery aneurysm."));
    }

    #[test]
    fn a_man_s_weeks_are_no_gestation() {
        assert!(pregnant("31F with a UTI at 22 weeks."));
        assert!(!pregnant(
            "22M with a hearing shift; the repeat audiogram at 2 weeks was normal."
        ));
        assert!(!pregnant(
            "Kasai at 7 weeks: a 7-week-old girl with biliary atresia."
        ));
    }

    #[test]
    fn the_trimester_is_counted_from_the_weeks() {
        let table = [
            ("UTI at 22 weeks", Some(Trimester::Second)),
            ("G2P1 at 13w6d", Some(Trimester::First)),
            ("chronic HTN at exactly 28 weeks", Some(Trimester::Third)),
            ("14 wks pregnant", Some(Trimester::Second)),
            ("third trimester bleeding", Some(Trimester::Third)),
            (
                "UTI at 13w6d - 1st or 2nd trimester?",
                Some(Trimester::First),
            ),
            ("follow-up in 2 weeks", None),
            (
                "third trimester, recheck in 6 weeks",
                Some(Trimester::Third),
            ),
            ("no dates given", None),
        ];
        for (text, want) in table {
            assert_eq!(trimester(text), want, "{text}");
        }
    }

    #[test]
    fn the_gestational_age_is_read_in_days() {
        assert_eq!(gestation_days("NST at 41w2d"), Some(41 * 7 + 2));
        assert_eq!(gestation_days("41+3 by LMP"), Some(41 * 7 + 3));
        assert_eq!(gestation_days("G1P0 at 39 weeks 4 days"), Some(39 * 7 + 4));
        assert_eq!(gestation_days("at 40 weeks"), Some(280));
        assert_eq!(gestation_days("cough for 12 weeks"), None);
    }

    #[test]
    fn a_code_moves_to_the_trimester_of_the_weeks() {
        let icd = Icd10Cm::builtin().unwrap();
        assert_eq!(
            for_trimester(&icd, "O10.012", Trimester::Third).as_deref(),
            Some("O10013")
        );
        assert_eq!(for_trimester(&icd, "O10.013", Trimester::Third), None);
        assert_eq!(
            for_trimester(&icd, "O99.019", Trimester::Second).as_deref(),
            Some("O99012")
        );
        assert_eq!(for_trimester(&icd, "E11.9", Trimester::Second), None);
    }
}
