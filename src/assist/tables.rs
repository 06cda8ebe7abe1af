//! Codes read from the two tables a coder opens instead of the Index: the Table of Drugs and
//! Chemicals, by the intent the question gives (I.C.19.e.5), and the Table of Neoplasms, by the
//! behaviour it gives (I.C.2). The cell a table gives is completed in the Tabular: the 7th
//! character from the encounter, further characters from the question's words.

use std::sync::LazyLock;

use regex::Regex;

use super::icd10cm::{compact, dotted, Icd10Cm};
use super::lookup::{Behaviour, Book, Intent, Lookup, TermId};
use super::suggest::{by_words, Candidate, Index, Origin, Query};
use crate::domain::{CodeSystem, Suggestion};

/// A code a table gives, with the cell it comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct TableCode {
    pub code: String,
    pub why: String,
    pub evidence: String,
    /// The row's other cells (without their dots): a code the question wrote from the same
    /// row is the same substance or site with another intent or behaviour, and this code
    /// replaces it.
    pub row_cells: Vec<String>,
}

/// Whether a code comes from a table row: it starts with one of the row's cells (T42.6X5A from
/// the row whose cells are T42.6X1 … T42.6X6).
pub fn from_row(cells: &[String], code: &str) -> bool {
    let c = compact(code);
    cells.iter().any(|cell| c.starts_with(cell.as_str()))
}

/// Whether the Drug table, read with the question's intent, gives `code` itself (a code the
/// question writes is left out of the table's candidates, but is still the table's answer).
pub fn the_drug_table_gives(
    books: &Lookup,
    icd: &Icd10Cm,
    text: &str,
    q: &Query,
    code: &str,
) -> bool {
    drug_codes(books, icd, text, q)
        .iter()
        .any(|t| compact(&t.code) == compact(code))
}

fn row_cells(term: &super::lookup::Term) -> Vec<String> {
    term.cells
        .iter()
        .flatten()
        .map(|c| compact(c.trim_end_matches('-')))
        .collect()
}

/// The cells of a table's row and of the rows above it: a code written from "tongue" (C02.9)
/// for a growth the question places at "tongue, base" (C01) is the same growth coded too
/// vaguely.
fn lineage_cells(table: &super::lookup::Book, row: super::lookup::TermId) -> Vec<String> {
    let mut cells = Vec::new();
    let mut at = Some(row);
    while let Some(r) = at {
        let term = table.term(r);
        cells.extend(row_cells(term));
        at = term.parent;
    }
    cells
}

/// The words of a question as the tables name things: lower case, each brand name followed
/// by its generic name ("Ambien" → "ambien zolpidem"). Shorthand written in capitals (BAL,
/// PCP, SIADH) names a finding or a condition, never a substance of the table, and the
/// expansions of condition shorthand are left out ("antidiuretic hormone" is no drug here).
fn table_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'')) {
        if raw.is_empty() || (raw.len() <= 6 && raw.chars().all(|c| c.is_ascii_uppercase())) {
            continue;
        }
        let word = raw.to_lowercase();
        let long = super::text::synonym(&word);
        let generic = long.filter(|long| !long.contains(' '));
        // A combination's shorthand ("TMP-SMX", Bactrim) names each of its drugs, as the
        // Table's row for the pair reads them ("Trimethoprim, with sulfamethoxazole").
        let combined = long
            .filter(|long| long.contains(" with "))
            .into_iter()
            .flat_map(str::split_whitespace);
        // Chemotherapy is given with antineoplastic drugs: the Table's row for them is
        // "Antineoplastic NEC" (I.C.2.c.2 and I.C.19.e.5.a: anemia or nausea from the chemo
        // is an adverse effect of the antineoplastic, T45.1X5-).
        let class = CHEMOTHERAPY.is_match(&word).then_some("antineoplastic");
        // A combination written with a hyphen names each drug ("piperacillin-tazobactam");
        // short parts are words of another kind ("drug-induced", "beta-lactam").
        let parts: Vec<String> = word.split('-').map(str::to_owned).collect();
        let combination = parts.len() > 1 && parts.iter().all(|p| p.len() >= COMBINED_DRUG_NAME);
        out.push(word);
        out.extend(generic.map(str::to_owned));
        out.extend(combined.map(str::to_owned));
        out.extend(class.map(str::to_owned));
        if combination {
            out.extend(parts);
        }
    }
    out
}

/// The shortest name of a drug written in a hyphenated combination.
const COMBINED_DRUG_NAME: usize = 6;

/// Chemotherapy named as the treatment, not as a drug: its drugs are antineoplastics.
static CHEMOTHERAPY: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"^(?:chemo|chemotherapy|chemotherapeutic)$").unwrap());

/// Regular expressions compiled once; case-insensitive, whole words.
fn words_regex(pattern: &str) -> Regex {
    super::text::regex(&format!(r"(?i)\b(?:{pattern})\b")).expect("a valid pattern")
}

static UNDERDOSING: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"underdos\w*|self[- ]discontinu\w*|(?:stopped|quit|discontinued) (?:taking )?(?:\w+ ){1,3}?on (?:his|her|their) own|missed (?:\w+ )?doses?|skipp\w* (?:\w+ )?(?:doses?|pills?|meds?|medications?)|stopped taking|(?:he|she|they|patient|pt) stopped (?:his|her|their)|ran out|run out|couldn'?t afford|could not afford|can'?t afford|not taking|non-?complian\w*|took less|cut (?:\w+ )?(?:pills?|tablets?|doses?) in half|rationing|reduced (?:\w+ )?dose on (?:his|her|their) own|(?:has|had|have)(?: not|n't) (?:been )?tak(?:en|ing)|went without|(?:weeks?|days?|months?) without (?:his|her|their|the)? ?\w+|omitted|left (?:\w+ )?off (?:the|his|her|their) (?:\w+ )?(?:med(?:ication)?s?|med(?:ication)? list|list|orders?)|never (?:filled|picked up|started)|forgot (?:to (?:take|give)|(?:\w+ )?doses?)",
    )
});
static SELF_HARM: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"intentional(?:ly)?|suicid\w*|self[- ]harm|self[- ]inflicted|deliberate(?:ly)?|on purpose|(?:to|wanted to|trying to|tried to) (?:end (?:his|her|their|my) (?:own )?life|die|kill (?:him|her|them|my)sel(?:f|ves)|(?:hurt|harm) (?:him|her|them|my)sel(?:f|ves))",
    )
});
static NOT_INTENTIONAL: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"(?:not|non|un)[- ]?intentional(?:ly)?|denies (?:\w+ )?(?:suicid\w*|self[- ]harm|si)|(?:did|does|was|is)(?: not|n't) (?:\w+ )?(?:want\w*|mean\w*|try\w*|intend\w*) to|(?:did|does|was|is)(?: not|n't) (?:\w+ ){0,3}on purpose",
    )
});
static ASSAULT: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(r"assault\w*|homicid\w*|spiked|poisoned (?:him|her|them) |maliciously")
});
static UNDETERMINED: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(r"undetermined|(?:cannot|can ?not|could not) (?:be )?determine\w*")
});
static POISONING: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"overdos\w*|poison\w*|ingest\w*|too (?:much|many)|extra (?:doses?|pills?|tablets?)|(?:a few|several|some|two|three) extra (?:\w+ )?(?:doses?|pills?|tabs?|tablets?|capsules?|units?|puffs?|injections?)|by mistake|mistakenly|double[- ]dos\w*|more than (?:was |the |her |his )?(?:prescribed|directed|recommended|the label)|(?:higher|larger) (?:dose )?than (?:prescribed|directed|recommended)|wrong (?:drug|medication|med|pill|dose|patient)|took (?:\d+|several|a handful of|multiple|a bottle of|all (?:of )?(?:his|her|the))|mixed with|combined with|accidental(?:ly)?|got into|found (?:chewing|eating|with)|someone else's|(?:grand)?(?:mother|father|ma|pa|mom|dad|parent|sister|brother)'s (?:\w+ )?(?:pills?|tabs?|tablets?|meds?|medications?|medicine)",
    )
});
/// The verbs of taking a substance in: the clause that says one names what was taken.
static TAKEN: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"drank|drinking|swallow\w*|chew\w*|ate|eaten|took|taken|injected|inhaled|huffed|snorted|sniffed|smoked|vaped",
    )
});
/// "OD" is an overdose, except where the question is about eyes: there it is the right eye
/// (oculus dexter).
static OVERDOSE_ABBREVIATION: LazyLock<Regex> = LazyLock::new(|| words_regex(r"od(?:'?d)?"));
static ADVERSE: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"adverse|side[- ]effects?|reaction|induced|as prescribed|(?:at|on) (?:the |her |his |their )?prescribed doses?|as directed|as ordered|correctly prescribed|properly (?:prescribed|administered)|therapeutic (?:dose|level)|toxicity|secondary to|caused by|due to|d/t",
    )
});
/// Cues that say what caused something, but not that it was the drug: "UTI due to
/// Enterococcus, started on vancomycin" is no adverse effect of vancomycin.
static CAUSED_BY: LazyLock<Regex> =
    LazyLock::new(|| words_regex(r"secondary to|caused by|due to|d/t"));
/// "alcohol-induced", "cannabis-induced" name a substance of use as the cause: its disorder is
/// the F10-F19 code that says it (I.C.5.b), not an adverse effect of a drug.
static SUBSTANCE_INDUCED: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"(?:alcohol|cannabis|marijuana|cocaine|methamphetamine|amphetamine|hallucinogen|inhalant|phencyclidine|lsd|psilocybin)[- ]induced",
    )
});
/// "Drinks" are alcohol where counted or drunk as a habit ("six drinks", "drinks heavily"), not
/// where they are cold or soft.
static ALCOHOL: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"alcohol|etoh|wines?|beers?|liquor|vodka|whiske?y|(?:\d+(?:-\d+)?|one|two|three|four|five|six|seven|eight|ten|twelve|several|a few|many|multiple) (?:alcoholic )?drinks|drinks (?:a|per|daily|nightly|heavily|socially|alcohol)",
    )
});
/// Alcohol named as a disorder, with the drug given as its treatment, or as the mother's in
/// the pregnancy ("prenatal alcohol exposure", fetal alcohol syndrome) is no co-ingestion.
static ALCOHOL_DISORDER: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"withdrawal|dependence|abuse|use disorder|aud|alcoholism|alcoholic|alcohol[- ]induced|treated with|given|per protocol|ciwa|prenatal|maternal|in utero|fetal alcohol",
    )
});
/// The visit itself a follow-up.
static FOLLOW_UP_VISIT: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(r"follow[- ]?up|f/u|subsequent|recheck|re-check|routine|healing|healed")
});
/// A drug started or given as a treatment.
static TREATMENT: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"start(?:s|ed|ing)?|began|begun|initiat\w*|switched to|added|treated with|given|prescrib(?:ed|es|ing)",
    )
});
/// A drug the plan names for later.
static PLANNED: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"switch(?:ing)? (?:\w+ )?to|chang(?:e|ing) (?:\w+ )?to|will (?:start|begin|switch|use|try)|plan(?:s|ned|ning)? (?:to (?:start|begin|use|try)|on)|to be started|once (?:\w+ )*(?:recover\w*|normali[sz]\w*|resolve\w*|improve\w*)",
    )
});
/// A drug given for a poisoning: the antidote or the treatment, in the encounter.
static GIVEN_FOR_IT: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"given|administered|treated with|reversed with|received|pushed|infused|gtt|drip|infusion|bolus|needing|needed|requiring|required|high-dose|started|initiated",
    )
});
static NEWBORN: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(r"newborns?|neonat\w*|baby|babies|infants?|birth record|nicu|mother-baby")
});
static MOTHER: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(r"mother'?s?|mom'?s?|maternal\w*|in utero|during (?:the )?pregnancy")
});
static FINANCIAL: LazyLock<Regex> =
    LazyLock::new(|| words_regex(r"afford|cost|expensive|financial\w*|insurance|copay"));
/// The care team, not the patient, left the drug out: a failure in dosage during care
/// (Y63.6), not the patient's noncompliance (I.C.19.e.5.c).
static CARE_OMITTED: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"med(?:ication)? rec(?:onciliation)?|(?:discharge|admission|transfer) (?:med(?:ication)?s? )?(?:list|orders?)|(?:nurs\w*|pharmacy|pharmacist|staff|hospital|clinic|our|the team'?s?|prescriber'?s?) (?:error|mistake|omission)|never (?:ordered|restarted|resumed)|not (?:re)?(?:ordered|restarted|resumed|administered|dispensed)|held in error",
    )
});
/// A caregiver, not the patient, gave less than prescribed ("mom stopped giving it", "stopped
/// by parent", "underdosing of clobazam by the caregiver"): the caregiver's underdosing (Z91.A2-, Z91.A3), not the patient's.
static CAREGIVER: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"(?:mom|mother|dad|father|parents?|caregivers?|guardians?|grandmother|grandfather|grandparents?)(?:'s)? (?:\w+ ){0,3}?(?:stopped|skipped|forgot|ran out|cut|halved|reduced|missed|quit|(?:could|can|did)(?:n'?t| not) (?:afford|give|refill|fill))|(?:stopped|skipped|cut|reduced|withheld|underdos\w*(?: \w+){0,3}?) by (?:the |her |his |their )?(?:mom|mother|dad|father|parents?|caregivers?|guardians?)",
    )
});
static UNINTENDED: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"forgot|forgets|forgetful|confus\w*|dementia|memory|misunderst\w*|unintentional\w*|accidental\w*|(?:ran|run|running|runs) out|could ?n[o']t (?:get|obtain) (?:a |the |his |her )?refill|misread\w*",
    )
});

/// A cue that is asked about ("poisoning?", "is it an overdose") or denied is no cue.
/// Words before a cue, in its sentence, that say nobody wrote it.
const UNSAID: &[&str] = &[
    "nobody",
    "no one",
    "not document",
    "never document",
    "doesn't document",
    "not stated",
];

/// A denial a word or two before a cue: "does not drink alcohol", "never drinks", "quit
/// drinking alcohol years ago".
static DENIED_JUST_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"(?:no|not|never|doesn't|don't|didn't|denies|denied|quit|abstains? from)(?:\s+[\w'-]+){0,2}\s*$",
    )
});

fn stated(re: &Regex, text: &str) -> bool {
    re.find_iter(text).any(|m| {
        let after = text[m.end()..].trim_start();
        let before = text[..m.start()].to_lowercase();
        let before = before.trim_end();
        // "Nobody documents that the intent could not be determined" says it was not.
        let clause = before
            .rsplit(['.', ';', '?', '!'])
            .next()
            .unwrap_or_default();
        let unsaid = UNSAID.iter().any(|u| clause.contains(u));
        // "poisoning code?" names a kind of code the question asks about, not what happened.
        !unsaid
            && !DENIED_JUST_BEFORE.is_match(clause)
            && !after.starts_with('?')
            && !after.starts_with("code")
            && !after.starts_with("or ")
            && !after.starts_with("vs")
            && ![
                " no",
                " not",
                " not a",
                " not an",
                " vs",
                " or",
                " no sign of",
                "denies",
            ]
            .iter()
            .any(|n| format!(" {before}").ends_with(n))
    })
}

/// The intent the question gives an injury: undetermined only where it says the intent
/// cannot be determined (I.C.20.h.1); an unknown or unspecified intent is accidental (I.C.20.h).
pub fn injury_intent(text: &str) -> Intent {
    if stated(&SELF_HARM, text) && !NOT_INTENTIONAL.is_match(text) {
        Intent::SelfHarm
    } else if stated(&ASSAULT, text) {
        Intent::Assault
    } else if stated(&UNDETERMINED, text) {
        Intent::Undetermined
    } else {
        Intent::Accidental
    }
}

/// Reactions that are no drug's: a pupil's to light, a grief or stress reaction.
static NO_DRUG_REACTION: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"(?:light|pupillary|pupil|consensual|stress|grief|adjustment|leukemoid|startle) reactions?|reactions? to (?:light|accommodation|near|stress|loss)",
    )
});

/// A row with no cell for the intent ("Lithium", the metal, has no adverse effect or
/// underdosing) whose subterms all give one code for it (its gluconate and its salts): the
/// drug taken as a medicine is that form, its salts where the Table names them. A row whose
/// subterms are other things ("Spray", cosmetic or medicinal) is left as it is.
fn form_with_the_cell(drugs: &Book, row: TermId, column: usize) -> TermId {
    let cell = |r: TermId| drugs.term(r).cells.get(column).cloned().flatten();
    if cell(row).is_some() {
        return row;
    }
    let forms: Vec<TermId> = drugs
        .children(row)
        .iter()
        .copied()
        .filter(|&c| !drugs.term(c).cells.is_empty())
        .collect();
    let one_code = cell(forms.first().copied().unwrap_or(row)).is_some()
        && forms.windows(2).all(|w| cell(w[0]) == cell(w[1]));
    if !one_code {
        return row;
    }
    forms
        .iter()
        .copied()
        .find(|&f| drugs.term(f).title.starts_with("salt"))
        .or(forms.first().copied())
        .unwrap_or(row)
}

/// What the question says happened with the drugs it names, as the Drug table's columns.
pub fn intent(text: &str) -> Option<Intent> {
    if stated(&UNDERDOSING, text) {
        return Some(Intent::Underdosing);
    }
    let poisoned = stated(&POISONING, text)
        || (stated(&OVERDOSE_ABBREVIATION, text) && !super::text::about_eyes(text));
    if stated(&SELF_HARM, text) && !NOT_INTENTIONAL.is_match(text) {
        Some(Intent::SelfHarm)
    } else if stated(&ASSAULT, text) {
        Some(Intent::Assault)
    } else if stated(&UNDETERMINED, text) && poisoned {
        Some(Intent::Undetermined)
    } else if poisoned || (stated(&ALCOHOL, text) && !ALCOHOL_DISORDER.is_match(text)) {
        // I.C.19.e.5.b: an unknown intent is accidental, and a drug taken with alcohol is a
        // poisoning even at the prescribed dose.
        Some(Intent::Accidental)
    } else if stated(
        &ADVERSE,
        &NO_DRUG_REACTION.replace_all(&SUBSTANCE_INDUCED.replace_all(text, " "), " "),
    ) {
        Some(Intent::AdverseEffect)
    } else {
        None
    }
}

/// A substance measured, not taken: "prolactin is 96", "the aldosterone/renin ratio is high"
/// (a dose has its unit: "lithium is 300 mg").
static LAB_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b[a-z][\w-]*/[a-z][\w-]*\s+ratios?\b|\b[a-z][\w-]*\s+(?:is|was)\s+\d+(?:\.\d+)?(\s*(?:mg|mcg|µg|g|units?|tabs?|tablets?|pills?)\b)?",
    )
    .expect("a lab value cue")
});

fn without_lab_values(text: &str) -> std::borrow::Cow<'_, str> {
    LAB_VALUE.replace_all(text, |c: &regex::Captures| {
        if c.get(1).is_some() {
            c[0].to_owned()
        } else {
            " ".to_owned()
        }
    })
}

/// Drug table rows whose names common words of a question share without naming a substance.
const NOT_SUBSTANCES: &[&str] = &[
    "tablet",
    "tablets",
    "pill",
    "pills",
    "capsule",
    "capsules",
    "dose",
    "doses",
    "syrup",
    "drug",
    "drugs",
    "medicament",
    "medication",
    "medicine",
    "agent",
    "substance",
    "water",
    "air",
    "gas",
    "lead",
    "food",
    "salt",
    "smoke",
    "contrast",
    "normal",
    "plant",
    "tar",
    "oil",
    "acid",
    "fumes",
    "vapor",
    "alcohol",
    "beverage",
    // The drink a drug was put in carries it ("Visine in her coffee").
    "coffee",
    "tea",
    "juice",
    "soda",
    "wine",
    "beer",
    "liquor",
    "steroid",
    "steroids",
    "hormone",
    "vitamin",
    "iron",
    "oxygen",
    "blood",
    "plasma",
    "serum",
    "urine",
    "sputum",
    "sugar",
    "chemical",
    "dust",
    "dye",
    // Qualifiers a row's title carries after its name ("Biguanide derivatives, oral"):
    // "poor oral intake" names no drug.
    "oral",
    "topical",
    "systemic",
    "local",
    "nasal",
    // A tonic pupil, tonic-clonic seizures: the word is a sign's.
    "tonic",
];

/// The Drug table's rows the question names (the longest name first, "sodium bicarbonate"
/// before "sodium"), in the order the question names them.
/// A single quote that opens or closes a quotation, not an apostrophe ("someone's").
static QUOTE_MARK: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(^|\s)'|'(\s|$|[,.;:!?)])").unwrap());

pub fn substances(drugs: &Book, text: &str) -> Vec<TermId> {
    // A quoted diagnosis ("'colchicine toxicity ...'") names its drug.
    let text = &*QUOTE_MARK.replace_all(text, "$1 $2");
    let words = table_words(&without_lab_values(text));
    let mut found: Vec<TermId> = Vec::new();
    let mut at = 0;
    while at < words.len() {
        let hit = (1..=3).rev().find_map(|n| {
            let name = words.get(at..at + n)?.join(" ");
            if n == 1 && (name.len() < 4 || NOT_SUBSTANCES.contains(&name.as_str())) {
                return None;
            }
            // A drug the Table does not list is read under its class's row.
            let row = drugs.main_terms(&name).first().copied().or_else(|| {
                (n == 1)
                    .then(|| super::drug_classes::class_row(drugs, &name))
                    .flatten()
            })?;
            (!drugs.term(row).cells.is_empty()).then_some((row, n))
        });
        match hit {
            Some((row, n)) => {
                // "lithium carbonate": the row below the substance that the next word names,
                // by its title or its nonessential modifier (Lithium, salts (carbonate) is
                // T43.59-, not the metal's T56.89-).
                let next = words
                    .get(at + n..(at + n + 2).min(words.len()))
                    .unwrap_or_default();
                let (row, n) = match named_below(drugs, row, next) {
                    Some((child, read)) => (child, n + read),
                    None => (household_form(drugs, row, text).unwrap_or(row), n),
                };
                if !found.contains(&row) {
                    found.push(row);
                }
                at += n;
            }
            None => at += 1,
        }
    }
    found
}

/// A household product ("a liquid laundry detergent pod") is the substance's nonmedicinal
/// form where the Table has one (Detergent, nonmedicinal → T55.1-, not the medicinal
/// detergent's T49.2-).
fn household_form(drugs: &Book, row: TermId, text: &str) -> Option<TermId> {
    if !HOUSEHOLD.is_match(text) {
        return None;
    }
    drugs.children(row).iter().copied().find(|&c| {
        drugs.term(c).title.starts_with("nonmedicinal") && !drugs.term(c).cells.is_empty()
    })
}

static HOUSEHOLD: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"laundry|household|dish(?:washer|washing)?|cleaning|cleaner|pods?|industrial|garden|car wash",
    )
});

/// The row just below `row` one of the next words names, by its title or a nonessential
/// modifier, with cells of its own, and how many of the next words that reads ("with
/// sulfamethoxazole" reads two).
fn named_below(drugs: &Book, row: TermId, next: &[String]) -> Option<(TermId, usize)> {
    drugs.children(row).iter().copied().find_map(|c| {
        let term = drugs.term(c);
        let names: Vec<String> = std::iter::once(term.title.as_str())
            .chain(term.nonessential.iter().map(String::as_str))
            .flat_map(|t| t.split(|ch: char| !ch.is_alphanumeric()))
            .filter(|w| w.len() >= 4 && !w.eq_ignore_ascii_case("with"))
            .map(str::to_lowercase)
            .collect();
        let at = next.iter().position(|w| names.contains(w))?;
        (!term.cells.is_empty()).then_some((c, at + 1))
    })
}

/// An adverse effect read only from a "due to" is the drug's when the drug follows the "due
/// to" in its clause ("rash due to amoxicillin"), not when another clause names it or the drug
/// comes first ("on metformin and pain due to diabetic polyneuropathy").
fn adverse_effect_of_the_drug(books: &Lookup, naming: &str) -> bool {
    let without_causes = CAUSED_BY.replace_all(naming, " ");
    let without_causes = SUBSTANCE_INDUCED.replace_all(&without_causes, " ");
    stated(&ADVERSE, &without_causes)
        || naming.split(',').any(|clause| {
            // What the cue names runs to the next "and": "due to Enterococcus faecalis' and
            // prescribes amoxicillin" names no drug as the cause.
            CAUSED_BY.find_iter(clause).any(|cue| {
                let cause = clause[cue.start()..]
                    .split(' ')
                    .take_while(|w| *w != "and")
                    .collect::<Vec<_>>()
                    .join(" ");
                !substances(&books.drugs, &cause).is_empty()
            })
        })
        || from_the_drug(books, naming)
}

/// Keeps the substances some clause naming them says `keeps` of, and those no clause names
/// alone.
fn keep_where_named(
    books: &Lookup,
    rows: &mut Vec<TermId>,
    clauses: &[&str],
    keeps: impl Fn(&str) -> bool,
) {
    rows.retain(|&row| {
        let naming: Vec<&&str> = clauses
            .iter()
            .filter(|c| substances(&books.drugs, c).contains(&row))
            .collect();
        naming.is_empty() || naming.iter().any(|c| keeps(c))
    });
}

/// Where the words that say a dose was missed name the drug ("stopped the diltiazem on his
/// own", "missed doses of her levetiracetam"), that drug is the one underdosed, not the
/// apixaban he goes on taking.
fn keep_what_was_underdosed(books: &Lookup, rows: &mut Vec<TermId>, text: &str) {
    let named: Vec<TermId> = UNDERDOSING
        .find_iter(text)
        .flat_map(|m| {
            let end = text[m.end()..]
                .char_indices()
                .nth(40)
                .map_or(text.len(), |(i, _)| m.end() + i);
            let end = text[m.start()..end]
                .find(['.', ';', ','])
                .map_or(end, |i| m.start() + i);
            substances(&books.drugs, &text[m.start()..end])
        })
        .collect();
    if rows.iter().any(|r| named.contains(r)) {
        rows.retain(|r| named.contains(r));
    }
}

/// Whether one of the drugs the question names as a condition's cause ([`causing_drugs`]) is
/// an antineoplastic, by its Table row's adverse-effect cell (T45.1X5-): the condition is due to
/// antineoplastic therapy (Mucositis, mouth, due to antineoplastic therapy for "mucositis due
/// to 5-FU").
pub fn an_antineoplastic(books: &Lookup, rows: &[TermId]) -> bool {
    rows.iter().any(|&row| {
        books
            .drugs
            .term(row)
            .cells
            .get(Intent::AdverseEffect as usize)
            .and_then(Option::as_deref)
            .is_some_and(|c| compact(c).starts_with("T451"))
    })
}

/// The Table rows of the drugs the question says caused a condition ("retention due to
/// oxybutynin", "from the chemo") where it says no poisoning: the Index's "drug-induced"
/// subterms are the condition's entries.
pub fn causing_drugs(books: &Lookup, text: &str) -> Vec<TermId> {
    let said_a_cause = |s: &str| CAUSED_BY.is_match(s) || FROM.is_match(s);
    if !said_a_cause(text) || intent(text).is_some_and(|i| i != Intent::AdverseEffect) {
        return Vec::new();
    }
    text.split(['.', ';', '\n', ','])
        .filter(|s| said_a_cause(s))
        .flat_map(|s| {
            CAUSED_BY
                .find_iter(s)
                .flat_map(|cue| substances(&books.drugs, &s[cue.start()..]))
                .chain(drugs_from(books, s))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// "Nausea and vomiting from the chemo": a condition said to come from a substance named
/// right after "from" is that substance's effect (I.C.19.e.5.a), where the drug was given as
/// the treatment, not swapped ("switched from warfarin to apixaban").
static FROM: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"(?:developed|had|has|with|causing|caused)\b[^.;,]{0,60}?\bfrom (?:the |his |her |their |its )?",
    )
});
fn from_the_drug(books: &Lookup, naming: &str) -> bool {
    !drugs_from(books, naming).is_empty()
}

fn drugs_from(books: &Lookup, naming: &str) -> Vec<TermId> {
    FROM.find_iter(naming)
        .flat_map(|m| {
            // The words of its own clause: "from his wife; glucose 35" names no glucose.
            let next: String = naming[m.end()..]
                .split([';', ',', '.', '('])
                .next()
                .unwrap_or_default()
                .split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ");
            substances(&books.drugs, &next)
        })
        .collect()
}

static PLANTS: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bpoison[- ](?:ivy|oak|sumac)\b").unwrap());

/// The poison center, poison control and its hotline are who the team called, not a poison.
static POISON_SERVICE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bpoison[- ](?:control|cent(?:er|re)|help ?line|hotline)s?\b").unwrap()
});

/// A code the question writes with words in brackets after it.
static CODER_S_GLOSS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?P<code>\b[A-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?)\s*\([^)]*\)").unwrap()
});

/// The Drug table's codes for the substances the question names, by its intent; with a drug
/// taken with alcohol, the alcohol too (I.C.19.e.5.b); with underdosing, the noncompliance code
/// (I.C.19.e.5.c).
pub fn drug_codes(books: &Lookup, icd: &Icd10Cm, text: &str, q: &Query) -> Vec<TableCode> {
    // "T42.4X4A (undetermined)" is the coder's reading, which the question asks to judge, not
    // what the record says happened.
    let text = &*CODER_S_GLOSS.replace_all(text, "$code");
    // Poison ivy, oak and sumac are plants whose contact is a dermatitis (L23.7), not a poison.
    let text = &*PLANTS.replace_all(text, "plant");
    let text = &*POISON_SERVICE.replace_all(text, "service");
    let text = &*super::text::eye_sides_as_eyes(text);
    let mut rows = substances(&books.drugs, text);
    if rows.is_empty() {
        return Vec::new();
    }
    // The sentences that name a substance say what happened with it; elsewhere only a
    // poisoning or a missed dose is plain enough to count ("due to" is about other things).
    let naming: String = text
        .split(['.', ';', '\n', '!'])
        .filter(|s| !substances(&books.drugs, s).is_empty())
        .collect::<Vec<_>>()
        .join(". ");
    // An accidental poisoning is the default for an unknown intent: an intent stated in a
    // sentence of its own ("psych consult: intentional overdose") is the record's.
    let stated_elsewhere = intent(text)
        .filter(|i| matches!(i, Intent::SelfHarm | Intent::Assault | Intent::Undetermined));
    let Some(intent) = intent(&naming)
        .map(|i| match (i, stated_elsewhere) {
            (Intent::Accidental, Some(other)) => other,
            _ => i,
        })
        .or_else(|| intent(text).filter(|i| *i != Intent::AdverseEffect))
        .or_else(|| from_the_drug(books, &naming).then_some(Intent::AdverseEffect))
    else {
        return Vec::new();
    };
    if intent == Intent::AdverseEffect && !adverse_effect_of_the_drug(books, &naming) {
        return Vec::new();
    }
    if intent == Intent::Underdosing {
        keep_what_was_underdosed(books, &mut rows, text);
    }
    let poisoning = !matches!(intent, Intent::AdverseEffect | Intent::Underdosing);
    let clauses: Vec<&str> = text.split(['.', ',', ';', '\n', '!']).collect();
    // The substances a clause that says the poisoning names are what was taken: "injected
    // about 90 units of insulin intending to harm herself", not the sertraline she is on or
    // the glucose measured.
    if poisoning {
        let says_it = |c: &str| {
            stated(&POISONING, c)
                || stated(&SELF_HARM, c)
                || stated(&ASSAULT, c)
                || stated(&TAKEN, c)
        };
        let taken: Vec<TermId> = clauses
            .iter()
            .filter(|c| says_it(c))
            .flat_map(|c| substances(&books.drugs, c))
            .collect();
        if rows.iter().any(|r| taken.contains(r)) {
            rows.retain(|r| taken.contains(r));
        }
    }
    if poisoning && stated(&ALCOHOL, text) {
        if let Some(beverage) = books.drugs.find(&["Alcohol", "beverage"]) {
            if !rows.contains(&beverage) {
                rows.push(beverage);
            }
        }
    }
    // A drug the question says was started or given as the treatment, in a sentence that
    // says nothing of an effect, is the treatment of the effect, not its cause ("now
    // steroid-induced diabetes ... Started glipizide": no adverse effect of glipizide).
    if intent == Intent::AdverseEffect {
        // Read by clause: "'hydralazine-induced lupus', and her cardiologist stopped the
        // hydralazine and started amlodipine" says nothing amlodipine caused.
        rows.retain(|&row| {
            let naming: Vec<&&str> = clauses
                .iter()
                .filter(|s| substances(&books.drugs, s).contains(&row))
                .collect();
            naming.is_empty()
                || naming
                    .iter()
                    .any(|s| !TREATMENT.is_match(s) || adverse_effect_of_the_drug(books, s))
        });
    }
    // A drug the plan names for later ("switch to rifampin once LFTs recover") caused nothing
    // yet.
    keep_where_named(books, &mut rows, &clauses, |c| !PLANNED.is_match(c));
    // On a newborn's record, the drug the mother took is the mother's: the baby's codes say
    // how it affected the newborn (P04), not a poisoning or an adverse effect of the baby's.
    if stated(&NEWBORN, text) {
        keep_where_named(books, &mut rows, &clauses, |c| {
            !MOTHER.is_match(c) || stated(&POISONING, c)
        });
    }
    // In a poisoning, a drug given for it in a clause of its own is the treatment
    // ("metoprolol by mistake, HR 38, atropine given": no poisoning by atropine).
    if poisoning {
        keep_where_named(books, &mut rows, &clauses, |c| {
            !GIVEN_FOR_IT.is_match(c) || stated(&POISONING, c)
        });
    }
    // The 7th character is A while the condition the drug caused is actively treated
    // (I.C.19.a): "stopped his phenytoin 1 week ago" dates the stopping, not a subsequent
    // encounter; D needs the visit itself said to be a follow-up.
    let seventh = if q.encounter == 'D' && !FOLLOW_UP_VISIT.is_match(text) {
        'A'
    } else {
        q.encounter
    };
    let words = table_words(text);
    let mut out: Vec<TableCode> = rows
        .into_iter()
        .filter_map(|row| {
            let row = form_with_the_cell(&books.drugs, row, intent as usize);
            let term = books.drugs.term(row);
            let cell = term.cells.get(intent as usize)?.as_deref()?;
            let code = with_encounter(icd, cell, seventh)?;
            let path = books.drugs.path(row).join(", ");
            let row_named = match super::drug_classes::named_for(&books.drugs, &words, row) {
                Some(drug) => format!("{drug} (not in the Table; its class) → {path}"),
                None => path.clone(),
            };
            Some(TableCode {
                why: format!(
                    "{} of {path}, read from the Table of Drugs and Chemicals (I.C.19.e.5)",
                    intent.label(),
                ),
                evidence: format!(
                    "Table of Drugs and Chemicals (FY2026): {row_named}, {} → {cell}; 7th character {} ({}); Tabular (FY2026): {} {}",
                    intent.label(),
                    seventh,
                    encounter_label(seventh),
                    dotted(&code),
                    icd.title(&code).unwrap_or_default()
                ),
                code: dotted(&code),
                // A code read from the row above ("Lithium", the metal) is the same substance
                // read less far.
                row_cells: lineage_cells(&books.drugs, row),
            })
        })
        .collect();
    if intent == Intent::Underdosing && !out.is_empty() {
        let (code, reason, cued) = if CARE_OMITTED.is_match(text) {
            (
                "Y636",
                "because the care team left it out: a failure in dosage during care (Y63.6)",
                true,
            )
        } else if CAREGIVER.is_match(text) {
            if stated(&FINANCIAL, text) {
                (
                    "Z91A20",
                    "by the caregiver's choice, because of financial hardship",
                    true,
                )
            } else if UNINTENDED.is_match(text) {
                ("Z91A3", "by the caregiver, unintentionally", true)
            } else {
                (
                    "Z91A28",
                    "by the caregiver's choice, for another reason",
                    true,
                )
            }
        } else if stated(&FINANCIAL, text) {
            ("Z91120", "because of financial hardship", true)
        } else if UNINTENDED.is_match(text) {
            ("Z91138", "unintentionally", true)
        } else {
            ("Z91128", "intentionally, for another reason", false)
        };
        // Where the question says why, a written code for another reason is the same
        // underdosing with the wrong intent: this one replaces it.
        let alternatives = [
            "Z9112", "Z9113", "Z9114", "Z91A", "Y636", "Y637", "Y638", "Y639",
        ];
        out.push(TableCode {
            code: dotted(code),
            why: format!("the patient took less than prescribed {reason} (I.C.19.e.5.c: noncompliance Z91.12-, Z91.13-, Z91.A-, or complication of care Y63.6-Y63.9)"),
            evidence: format!(
                "Tabular (FY2026): {} {}",
                dotted(code),
                icd.title(code).unwrap_or_default()
            ),
            row_cells: if cued {
                alternatives.iter().map(|c| (*c).to_owned()).collect()
            } else {
                Vec::new()
            },
        });
    }
    out
}

impl Intent {
    fn label(self) -> &'static str {
        match self {
            Intent::Accidental => "Poisoning, Accidental (unintentional)",
            Intent::SelfHarm => "Poisoning, Intentional self-harm",
            Intent::Assault => "Poisoning, Assault",
            Intent::Undetermined => "Poisoning, Undetermined",
            Intent::AdverseEffect => "Adverse effect",
            Intent::Underdosing => "Underdosing",
        }
    }
}

fn encounter_label(seventh: char) -> &'static str {
    match seventh {
        'D' => "subsequent encounter",
        'S' => "sequela",
        _ => "initial encounter",
    }
}

/// A table cell made a reportable code: the 7th character added where the Tabular asks for
/// one (T42.6X1 → T42.6X1A).
fn with_encounter(icd: &Icd10Cm, cell: &str, seventh: char) -> Option<String> {
    let c = compact(cell.trim_end_matches('-'));
    if icd.is_billable(&c) {
        return Some(c);
    }
    let padded = format!("{c:X<6}{seventh}");
    icd.is_billable(&padded).then_some(padded)
}

/// Words that say a question is about a neoplasm at all.
static NEOPLASM_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"neoplasm\w*|cancer\w*|\w*carcinoma\w*|ca|adenoca|malignan\w*|tumou?rs?|metasta\w*|mets?|\w*adenoma\w*|\w*sarcoma\w*|lymphoma\w*|melanoma\w*|lipoma\w*|\w*fibroma\w*|\w*myoma\w*|\w*angioma\w*|nev(?:us|i)|papilloma\w*|in situ|dcis|cis|bcc|scc",
    )
});
static SECONDARY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)^\W*(?:\w+\W+){0,1}(?:mets?|metastas[ie]s|metastatic (?:disease|lesions?|deposits?)|secondar\w*|carcinomatosis)\b|^\W*(?:mass|lesion|nodule|tumou?r)s?\W+(?:(?:shows?|is|was|proved|confirmed)\W+)?metasta\w*").unwrap()
});
static SECONDARY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:mets?|metastas[ie]s|metastatic|metastasized|spread|secondar\w*|carcinomatosis)\s+(?:\w+\s+){0,2}(?:to|in|of|into)\s+(?:the\s+)?(?:\w+\s+){0,1}$|\b(?:metastatic|secondary)\s+$")
        .unwrap()
});
/// "Metastatic prostate cancer to the spine": the site the cancer is named by spread to
/// another, so it is the primary whatever word stands before it.
static SPREAD_FROM_HERE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)^\W*(?:\w+\W+){0,1}(?:cancer|ca|carcinoma|adenocarcinoma|adenoca|malignancy)\s+(?:(?:metastatic|metastasized|spread|mets?)\s+)?(?:to|into)\b").unwrap()
});
static UNDECIDED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"\b(?:benign|malignant)\s*(?:or|vs\.?|versus|/)\s*(?:benign|malignant)\b")
        .unwrap()
});
static METASTATIC_JUST_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bmetastatic\s+$").unwrap());
static CANCER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)^\W*(?:\w+\W+){0,1}(?:cancer|ca|carcinoma|adenocarcinoma|adenoca|malignancy)\b",
    )
    .unwrap()
});
/// "mets to the liver and to the peripancreatic nodes", "spread to both ovaries and the
/// pelvic lymph nodes": every site from the cue to the end of the sentence (or to where it
/// names the origin) is a secondary one.
static SPREAD_TO: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:mets?|metastas[ie]s|metastatic|metastasized|metastasised|spread|secondar\w*)\s+(?:\w+\s+){0,2}?(?:to|in|into|involving)\b[^.;?!]*").unwrap()
});
/// A site followed by its lymph nodes: "axillary nodes", "pelvic lymph nodes", "L level II/III
/// cervical lymph nodes" (the site word, then up to one word, then the nodes).
static NODES_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)^\W*(?:[\w/]+\W+){0,1}(?:lymph\s+glands?|(?:lymph\s+)?(?:nodes?|lns?|lymphadenopathy))\b",
    )
    .unwrap()
});
/// Nodes named for the procedure done on them ("inguinal node dissection", "sentinel node
/// biopsy") are no site of a growth.
static NODE_PROCEDURE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)^\W*(?:[\w/]+\W+){0,1}(?:lymph\s+)?(?:nodes?|lns?|glands?)\s+(?:dissections?|biops(?:y|ies)|sampling|excisions?|mapping)\b",
    )
    .unwrap()
});
/// "colon with metastases to the liver": the site has the spread, it is the primary.
static WITH_SPREAD: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)^\W*(?:with|w/|and|plus)\b").unwrap());
static NODE_SITE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"\b([a-z]{5,})\s+(?:lymph\s+)?(?:nodes?|lns?|lymphadenopathy)\b").unwrap()
});
static METASTATIC_TO: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"metastatic\s+(?:to|in|into)\b").unwrap());
static PRIMARY_AFTER: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)^\W*(?:\w+\W+){0,1}primary\b").unwrap());
static ORIGIN_AFTER: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)^\W*(?:origin|primary)\b").unwrap());
static PRIMARY_NEAR: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:from|primary|origin)\s+(?:the\s+)?(?:\w+\s+){0,1}$").unwrap()
});
static HISTORY: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"history of|h/o|hx of|personal history|no evidence of (?:recurrent |residual )?(?:disease|recurrence|cancer|malignancy)|no (?:local )?recurrence|no adjuvant (?:treatment|therapy)|no further treatment|no current treatment|completed (?:treatment|chemo\w*|radiation)|in remission|ned",
    )
});

/// A growth found now, beside an old one the text calls history: "a new urothelial carcinoma
/// of the left renal pelvis" four years after the bladder's.
static NEW_GROWTH: LazyLock<Regex> =
    LazyLock::new(|| words_regex(r"new|newly (?:found|diagnosed)|second primary"));

/// Treatment still directed to the malignancy: it is current, whatever "history" the text
/// also says (I.C.2.d).
static UNDER_TREATMENT: LazyLock<Regex> = LazyLock::new(|| {
    words_regex(
        r"still (?:on|receiving|getting|undergoing)|currently (?:on|receiving|getting|undergoing)|receiving (?:adjuvant |active )?(?:chemo\w*|radiation|immunotherapy)|on (?:active )?(?:chemo\w*|treatment)",
    )
});

static SECONDARY_WORDS: LazyLock<Regex> = LazyLock::new(|| words_regex(r"metasta\w*|mets?"));
static BENIGN_WORDS: LazyLock<Regex> = LazyLock::new(|| words_regex(r"benign"));
static MALIGNANT_WORDS: LazyLock<Regex> =
    LazyLock::new(|| words_regex(r"cancer\w*|malignan\w*|ca|\w*carcinoma|adenoca|\w*sarcoma"));

/// The behaviour the question's morphology words give, as the Alphabetic Index refers them to
/// the Neoplasm table ("Adenoma - see Neoplasm, benign, by site"), with that entry and the site
/// it names ("Carcinoma, basal cell - see Neoplasm, skin, malignant").
struct Morphology {
    behaviour: Behaviour,
    entry: String,
    site: Option<String>,
}

fn morphology(index: &Book, q: &Query, text: &str) -> Option<Morphology> {
    let lower = text.to_lowercase();
    let refers = |id: TermId| table_reference(index, id);
    // "Carcinoma, metastatic" is the growth's morphology only where the text calls the growth
    // metastatic; "metastatic to the bone" says where it spread, from a primary.
    let said_metastatic =
        lower.matches("metastatic").count() > METASTATIC_TO.find_iter(&lower).count();
    let mut best: Option<((bool, bool, usize), Morphology)> = None;
    // A growth whose Index subterm gives a code of its own is no neoplasm, whatever words of
    // the table's path the question quotes.
    let mut subterm_instead = false;
    for word in table_words(text) {
        for main in named_by(index, &word) {
            let Some(mut reference) = refers(main) else {
                continue;
            };
            if own_subterm_said(index, main, q) {
                subterm_instead = true;
                continue;
            }
            let mut entry = vec![index.term(main).title.clone()];
            let mut depth = 1;
            if let Some((sub, r)) = index.children(main).iter().find_map(|&c| {
                let title = &index.term(c).title;
                if !said_metastatic && title.starts_with("metastatic") {
                    return None;
                }
                // "We don't know if it's benign or malignant" states no behaviour.
                let behaviour_word = ["benign", "malignant"].iter().any(|b| title.starts_with(b));
                if behaviour_word && UNDECIDED.is_match(&lower) {
                    return None;
                }
                let words = super::text::title_terms(title);
                let r = refers(c)?;
                (!words.is_empty() && words.iter().all(|w| q.has(w))).then_some((c, r))
            }) {
                entry.push(index.term(sub).title.clone());
                reference = r;
                depth = 2;
            }
            let r = reference.to_lowercase();
            let behaviour = if r.contains("secondary") {
                Behaviour::Secondary
            } else if r.contains("in situ") {
                Behaviour::InSitu
            } else if r.contains("benign") {
                Behaviour::Benign
            } else if r.contains("uncertain") {
                Behaviour::Uncertain
            } else if r.contains("malignant") {
                Behaviour::Primary
            } else {
                Behaviour::Unspecified
            };
            let site = r
                .split(',')
                .map(str::trim)
                .filter(|p| {
                    ![
                        "neoplasm",
                        "by site",
                        "malignant",
                        "benign",
                        "in situ",
                        "secondary",
                    ]
                    .contains(p)
                        && !p.starts_with("uncertain")
                        && !p.starts_with("unspecified")
                })
                .map(str::to_owned)
                .next();
            let m = Morphology {
                behaviour,
                entry: format!("{} - see {}", entry.join(", "), reference.trim()),
                site,
            };
            // A growth the question only asks about ("or is that only for lung cancer?") is
            // not the one it documents.
            let rank = (
                !only_asked_about(&lower, &word),
                !presumed_only(&lower, &word),
                depth,
            );
            if best.as_ref().is_none_or(|(r, _)| rank > *r) {
                best = Some((rank, m));
            }
        }
    }
    let mut found = best.map(|(_, m)| m);
    // Words that state the behaviour outright stand over the morphology's usual one.
    if let Some(m) = found.as_mut() {
        if lower.contains("in situ") {
            m.behaviour = Behaviour::InSitu;
        }
    }
    // Plain words name a behaviour the Index would send to the table the same way.
    if found.is_none() && !subterm_instead {
        let behaviour = if SECONDARY_WORDS.is_match(&lower) {
            Behaviour::Secondary
        } else if lower.contains("in situ") {
            Behaviour::InSitu
        } else if BENIGN_WORDS.is_match(&lower) {
            Behaviour::Benign
        } else if MALIGNANT_WORDS.is_match(&lower) {
            Behaviour::Primary
        } else {
            return None;
        };
        found = Some(Morphology {
            behaviour,
            entry: String::new(),
            site: None,
        });
    }
    found
}

/// A row's first word of three letters or more ("skin NOS, back" → "skin").
fn first_word_of(row: &str) -> &str {
    row.split(|c: char| !c.is_alphanumeric())
        .find(|w| w.len() > 2)
        .unwrap_or_default()
}

/// What the text names a site by: the start of the row's first word, short of a final "y"
/// its plural changes ("ovary", "ovaries").
fn key_of(first_word: &str) -> String {
    let key = &first_word[..first_word.len().min(5)];
    match key.strip_suffix('y') {
        Some(stem) if key.len() == first_word.len() && stem.len() >= 3 => stem.to_owned(),
        _ => key.to_owned(),
    }
}

/// The row a morphology's reference names, or the row below it with the most of the
/// question's words, where the question's own sites gave none.
fn site_of_the_reference(
    table: &Book,
    root: TermId,
    q: &Query,
    lower: &str,
    hint: &str,
) -> Option<Site> {
    let row = table
        .children(root)
        .iter()
        .copied()
        .find(|&c| table.term(c).title.to_lowercase().starts_with(hint))?;
    let below = table
        .paths_under(row, &|w: &str| q.has(w))
        .into_iter()
        .filter(|p| p.words > 0 && !table.term(p.term).cells.is_empty())
        .max_by_key(|p| (p.words, table.path(p.term).len()));
    let (term, words) = below.map_or((row, 0), |p| (p.term, p.words));
    let named = table.term(term).title.to_lowercase();
    let key = key_of(first_word_of(&named));
    let at = lower.find(&key).unwrap_or(0);
    Some(Site {
        row: term,
        words,
        at,
        key,
    })
}

/// A relative's malignancy by the site the text names (Z80.9 says none): the Z80 line whose
/// "Conditions classifiable to" range holds the site's primary code ("his father had colon
/// cancer": colon → C18.9 → Z80.0, C15-C26). With the Z80 line and the primary code.
pub fn family_history_by_site(
    books: &Lookup,
    icd: &Icd10Cm,
    text: &str,
) -> Option<(String, String)> {
    let relatives: String = text
        .split_inclusive(['.', ';', ',', '\n'])
        .filter(|clause| super::entries::not_a_relative_s(clause).as_deref() != Some(*clause))
        .collect();
    let q = Query::new(&relatives);
    let primary = sites(&books.neoplasms, &q, &relatives, None)
        .into_iter()
        .find_map(|site| {
            books
                .neoplasms
                .term(site.row)
                .cells
                .get(Behaviour::Primary as usize)
                .cloned()
                .flatten()
        })?;
    let category = compact(&primary).get(..3)?.to_owned();
    // The line's own range: Z80.4's "C51-C63" is split among its lines by organ.
    let line = icd.billable_below("Z80").into_iter().find(|z| {
        icd.node(z).is_some_and(|n| {
            n.notes
                .inclusion_terms
                .iter()
                .any(|t| classifiable_to(t, &category))
        })
    })?;
    Some((dotted(&line), primary))
}

/// Whether an inclusion term "Conditions classifiable to C00-C14, C40-C49" holds a category.
fn classifiable_to(term: &str, category: &str) -> bool {
    let Some(ranges) = term.strip_prefix("Conditions classifiable to ") else {
        return false;
    };
    ranges.split(',').any(|r| {
        let r = r.trim().trim_end_matches(".-");
        let (from, to) = r.split_once('-').unwrap_or((r, r));
        let (from, to) = (from.get(..3).unwrap_or(from), to.get(..3).unwrap_or(to));
        (from..=to).contains(&category)
    })
}

/// Every mention of `word` is in a sentence that ends in a question mark.
/// A growth named only as what it was taken for before the pathology ("a renal mass presumed
/// to be renal cell carcinoma ... Final pathology: oncocytoma") is not the one documented.
fn presumed_only(lower: &str, word: &str) -> bool {
    let mut mentions = word_starts(lower, word).peekable();
    mentions.peek().is_some() && mentions.all(|i| PRESUMED_BEFORE.is_match(&lower[..i]))
}

static PRESUMED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"\b(?:presumed|thought|felt|believed|suspected|suspicious|concerning|worrisome|pre-?op(?:erative)?)\W+(?:\w+\W+){0,4}$")
        .unwrap()
});

fn only_asked_about(lower: &str, word: &str) -> bool {
    let mut mentions = lower.match_indices(word).peekable();
    mentions.peek().is_some()
        && mentions.all(|(i, _)| {
            lower[i..]
                .chars()
                .find(|c| matches!(c, '.' | '?' | '!' | '\n'))
                == Some('?')
        })
}

/// Every mention of the site starting `key` is where a symptom is ("hip pain", "knee
/// swelling").
fn only_where_a_symptom_is(lower: &str, key: &str) -> bool {
    let mut mentions = word_starts(lower, key).peekable();
    mentions.peek().is_some()
        && mentions.all(|i| {
            let rest = lower[i..].trim_start_matches(|c: char| c.is_alphanumeric());
            SYMPTOM_NEXT.is_match(rest)
        })
}

static SYMPTOM_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"^[\s-]+(?:pain|ache|aching|tenderness|swelling|stiffness)\b")
        .expect("a pattern")
});

/// A site of the Neoplasm table the question names: the deepest row under "Neoplasm,
/// neoplastic" whose words it has, and where in the text it is.
struct Site {
    row: TermId,
    words: usize,
    at: usize,
    /// What the text names the site by (the start of the row's first word).
    key: String,
}

fn sites(table: &Book, q: &Query, text: &str, hint: Option<&str>) -> Vec<Site> {
    let Some(&root) = table.main_terms("Neoplasm").first() else {
        return Vec::new();
    };
    // Blanked, not cut: a site's place in the text is read against the other words' places.
    let lower = text.to_lowercase();
    let lower = DESCRIBES_THE_GROWTH.replace_all(&lower, |m: &regex::Captures| {
        if m[0].ends_with("duct") {
            m[0].to_owned()
        } else {
            " ".repeat(m[0].len())
        }
    });
    let lower = lower.as_ref();
    let mut out: Vec<Site> = Vec::new();
    let has = |w: &str| q.has(w) || latin_adjective_said(q, w);
    for mut path in table.paths_under(root, &has) {
        let named = table.term(path.term).title.to_lowercase();
        // "metastatic NEC" and "primary NEC" are behaviours the row's cells already give, not
        // places.
        if named.starts_with("metastatic") || named.starts_with("primary") {
            continue;
        }
        let term = table.term(path.term);
        // "spine - see Neoplasm, bone": the row the reference names; "colon - see also
        // Neoplasm, intestine, large": a row below that one the question names ("sigmoid").
        let reference = if term.cells.is_empty() {
            let Some(see) = term.see.as_deref() else {
                continue;
            };
            Some(see)
        } else {
            term.see_also
                .as_deref()
                .filter(|s| s.starts_with("Neoplasm"))
        };
        if let Some(reference) = reference {
            let names: Vec<&str> = reference.split(',').map(str::trim).collect();
            match table.find(&names) {
                Some(row) => {
                    let deeper = table
                        .paths_under(row, &|w: &str| q.has(w))
                        .into_iter()
                        .filter(|p| p.words > 0 && !table.term(p.term).cells.is_empty())
                        .max_by_key(|p| (p.words, table.path(p.term).len()));
                    match deeper {
                        Some(p) => {
                            path.term = p.term;
                            path.words += p.words;
                        }
                        None if term.cells.is_empty() => path.term = row,
                        None => {}
                    }
                }
                None if term.cells.is_empty() => continue,
                None => {}
            }
        }
        let path_titles = table.path(path.term);
        if let Some(h) = hint {
            if !path_titles.iter().any(|t| t.to_lowercase().starts_with(h)) {
                // "osteoid osteoma of the femoral neck" ("Osteoma - see Neoplasm, bone"): the
                // same row under the reference's ("bone, femur").
                match same_row_under(table, root, h, path.term) {
                    Some(row) => path.term = row,
                    None => continue,
                }
            }
        }
        let first_word = first_word_of(&named);
        if only_in_a_procedure_name(lower, first_word) {
            continue;
        }
        // "femoral neck": the row "femur" is said by its adjective, whose first letters differ.
        let adjective = latin_adjective(first_word)
            .filter(|a| key_of(a) != key_of(first_word) && !only_in_a_procedure_name(lower, a));
        let Some((key, at)) = std::iter::once(first_word.to_owned())
            .chain(adjective)
            .find_map(|word| {
                let key = key_of(&word);
                let at = word_starts(lower, &key).next();
                at.map(|at| (key, at))
            })
        else {
            continue;
        };
        // "Adenocarcinoma, enteric type" names a kind of growth, not a site.
        if KIND_OF_GROWTH.is_match(&lower[at..]) {
            continue;
        }
        out.push(Site {
            row: path.term,
            words: path.words,
            at,
            key,
        });
    }
    // The site a morphology's reference names ("Dermatofibroma - see Neoplasm, skin,
    // benign"), which the question need not say: its row, and the row below it the question
    // names ("skin, back" for a dermatofibroma of the upper back).
    if let (Some(h), true) = (hint, out.is_empty()) {
        if let Some(site) = site_of_the_reference(table, root, q, lower, h) {
            out.push(site);
        }
    }
    // Nodes named by a word that is no row of its own ("cervical lymph nodes": "cervical" is
    // only a modifier of "cervix"): their row under "lymph, gland (secondary)".
    // "Multiple lymph nodes" are not the row for multiple regions.
    let places = NODE_SITE
        .captures_iter(lower)
        .filter_map(|c| c.get(1))
        .filter(|w| w.as_str() != "multiple");
    for word in places {
        let key = word.as_str()[..5].to_owned();
        let at = word_starts(lower, &key).next();
        if let (Some(row), Some(at)) = (lymph_gland(table, &key), at) {
            out.push(Site {
                row,
                words: 1,
                at,
                key,
            });
        }
    }
    // A site named only in a question, beside sites the question documents, is asked about
    // ("or is that only for lung cancer?").
    if out.iter().any(|s| !only_asked_about(lower, &s.key)) {
        out.retain(|s| !only_asked_about(lower, &s.key));
    }
    // "Left hip pain" beside "an osteoid osteoma of the femoral neck": where the symptom is
    // felt is no site of the growth the question places elsewhere.
    if out.iter().any(|s| !only_where_a_symptom_is(lower, &s.key)) {
        out.retain(|s| !only_where_a_symptom_is(lower, &s.key));
    }
    // The most specific row for each place in the text.
    out.sort_by_key(|s| (s.at, std::cmp::Reverse(s.words), table.path(s.row).len()));
    out.dedup_by_key(|s| s.at);
    // A word a deeper row read as its subterm is that row's place, not a site of its own
    // ("antrum of the stomach" is "stomach, antrum", not "antrum (maxillary)").
    let subterm_of_another = |s: &Site| {
        out.iter().any(|o| {
            let path = table.path(o.row);
            o.row != s.row
                && path.len() > table.path(s.row).len()
                && path[1..]
                    .iter()
                    .any(|t| first_word_of(&t.to_lowercase()).starts_with(&s.key))
        })
    };
    let read_as_subterms: Vec<bool> = out.iter().map(subterm_of_another).collect();
    let mut read = read_as_subterms.into_iter();
    out.retain(|_| !read.next().unwrap_or(false));
    out
}

/// Words of a histology or a lesion's look that are also rows of the Table ("cystic (bile)
/// duct", "adenoid"): "adenoid cystic carcinoma of the lacrimal gland" and "a cystic mass of
/// the pancreas" name no duct and no adenoid; "cystic duct" does.
static DESCRIBES_THE_GROWTH: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"\badenoid[- ]cystic\b|\bcystic\b(?:[- ](?:bile[- ])?duct)?")
        .expect("a pattern")
});

/// The row titled as `row` below the row of the Table of Neoplasms whose title starts with
/// `hint`, or below the row that one's "see also" names ("cartilage NEC - see also Neoplasm,
/// bone": a chondrosarcoma of the femur is "bone, femur").
fn same_row_under(table: &Book, root: TermId, hint: &str, row: TermId) -> Option<TermId> {
    let title = &table.term(row).title;
    let under = *table
        .children(root)
        .iter()
        .find(|&&c| table.term(c).title.to_lowercase().starts_with(hint))?;
    let see_also = table.term(under).see_also.as_deref().and_then(|s| {
        let names: Vec<&str> = s.split(',').map(str::trim).collect();
        table.find(&names)
    });
    std::iter::once(under)
        .chain(see_also)
        .flat_map(|parent| table.children(parent).iter().copied())
        .find(|&c| table.term(c).title == *title)
}

/// "IM nailing", "neck dissection", "ileal conduit" and "pylorus-preserving" name a procedure,
/// not the nail or a growth of the neck, the ileum or the pylorus, and "oral therapy" a route,
/// not the mouth: a site word the text writes only with "-ing", before "dissection" or
/// "conduit", "-preserving" or "-sparing", or as "oral" before no part of the mouth or growth.
fn only_in_a_procedure_name(lower: &str, word: &str) -> bool {
    let mut found = lower.match_indices(word).peekable();
    found.peek().is_some()
        && found.all(|(i, _)| {
            let rest = &lower[i + word.len()..];
            rest.starts_with("ing")
                || rest.starts_with(" dissection")
                || rest.starts_with(" conduit")
                || PRESERVED.is_match(rest)
                || (word == "oral" && !ORAL_SITE.is_match(rest))
        })
}

/// "pylorus-preserving", "nipple-sparing": the site a procedure keeps.
static PRESERVED: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"^[- ](?:preserving|sparing)\b").expect("a pattern"));

/// What follows "oral" where it names the mouth.
static ORAL_SITE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"^\s+(?:cavity|mucosa|tongue|floor|cancer|carcinoma|tumou?r|lesion|neoplasm|mass|squamous|leukoplakia|ulcer)").expect("a pattern")
});

/// The Neoplasm table's codes for the sites the question names, each with the behaviour its
/// words give: "metastatic to the brain" is secondary, "from the lung" primary, a primary
/// excised with no further treatment is history (I.C.2.d).
/// A growth the record denies: "no tumor", "not pathologic from neoplasm", "negative for
/// malignancy".
static NO_GROWTH: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:no|not|without|negative for|free of|ruled? out|rules out)\b[^.;,]{0,40}?\b(?:tumou?rs?|neoplasms?|neoplastic|malignan\w*|cancers?|carcinomas?|metasta\w*)\b")
        .unwrap()
});

pub fn neoplasm_codes(
    books: &Lookup,
    icd: &Icd10Cm,
    search: &Index,
    text: &str,
    q: &Query,
) -> Vec<TableCode> {
    let text = &*without_a_technique_in_situ(text);
    // A relative's cancer is a family history (Z80), no growth of the patient's.
    // ... and a growth the record denies ("the biopsy showed no tumor") is none.
    let settled: String = super::uncertain::settled(text)
        .split_inclusive(['.', ';', ',', '\n'])
        .filter_map(super::entries::not_a_relative_s)
        .collect();
    let settled = NO_GROWTH.replace_all(&settled, " ");
    if !NEOPLASM_WORDS.is_match(&settled) && !names_a_histology(&books.index, &settled) {
        return Vec::new();
    }
    if let Some(mut code) = indexed_histology(&books.index, icd, search, q, text) {
        // A written code read from the table's row for the site is the one this replaces.
        code.row_cells = sites(&books.neoplasms, q, text, None)
            .iter()
            .flat_map(|s| row_cells(books.neoplasms.term(s.row)))
            .collect();
        return vec![code];
    }
    let Some(m) = morphology(&books.index, q, text) else {
        return Vec::new();
    };
    let lower = text.to_lowercase();
    let table = &books.neoplasms;
    // A span ends where the text turns to the origin ("... to the liver from the colon").
    let spread_to: Vec<std::ops::Range<usize>> = SPREAD_TO
        .find_iter(&lower)
        .map(|m| {
            let origin = [" from ", " primary"]
                .iter()
                .filter_map(|w| m.as_str().find(w))
                .min()
                .unwrap_or(m.len());
            m.start()..m.start() + origin
        })
        .collect();
    let mut out: Vec<TableCode> = Vec::new();
    // Where a site's nodes were read, so the words "lymph nodes" there are not a site again.
    let mut nodes_read: Vec<std::ops::Range<usize>> = Vec::new();
    // A site is a growth's where the question names the growth near it ("adenocarcinoma of
    // the ascending colon", "a mass at the GE junction: adenocarcinoma"), not where it names
    // another condition of it ("painful oral ulcers") far from the growth. A morphology whose
    // Index reference names its site (Dermatofibroma - see Neoplasm, skin) has its body part
    // wherever the question says it.
    let growth = m
        .entry
        .split([',', ' '])
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let near_the_growth = |key: &str| {
        m.site.is_some()
            || word_starts(&lower, key).any(|i| {
                let near = words_around(&lower, i, GROWTH_REACH);
                NEOPLASM_WORDS.is_match(near)
                    || GROWTH_NOUNS.is_match(near)
                    || (!growth.is_empty() && near.contains(&growth))
            })
    };
    for mut site in sites(table, q, text, m.site.as_deref()) {
        if nodes_read.iter().any(|r| r.contains(&site.at)) || !near_the_growth(&site.key) {
            continue;
        }
        let before = &lower[..site.at];
        let after = &lower[site.at..];
        let after_site = after.split_once(' ').map_or("", |(_, rest)| rest);
        // A site's lymph nodes are a row of their own under "lymph, gland (secondary)", whose
        // only malignant column is the secondary one (C77).
        if NODE_PROCEDURE.is_match(after_site) {
            continue;
        }
        let nodes = NODES_AFTER
            .find(after_site)
            .filter(|_| matches!(m.behaviour, Behaviour::Primary | Behaviour::Secondary));
        let node_row = nodes.and_then(|_| lymph_gland(table, &site.key));
        if let (Some(found), Some(row)) = (nodes, node_row) {
            let start = site.at + (after.len() - after_site.len());
            nodes_read.push(site.at..start + found.end());
            site.row = row;
        }
        // One mention that names the cancer by its spread ("breast cancer to bone") makes the
        // site primary, whatever a shorter mention says ("breast mets").
        // So does "metastatic prostate cancer": the cancer of the site is what has spread.
        let spread_from_here = word_starts(&lower, &site.key).any(|i| {
            let rest = lower[i..].split_once(' ').map_or("", |(_, rest)| rest);
            SPREAD_FROM_HERE.is_match(rest)
                // ... and so does "metastatic adenocarcinoma of lung origin".
                || ORIGIN_AFTER.is_match(rest)
                || (METASTATIC_JUST_BEFORE.is_match(&lower[..i]) && CANCER_AFTER.is_match(rest))
        });
        let behaviour = if node_row.is_some() {
            Behaviour::Secondary
        } else if spread_from_here {
            Behaviour::Primary
        } else if word_starts(&lower, &site.key).any(|i| SECONDARY_BEFORE.is_match(&lower[..i]))
            || (SECONDARY_AFTER.is_match(after_site) && !WITH_SPREAD.is_match(after_site))
            || spread_to.iter().any(|r| r.contains(&site.at))
        {
            Behaviour::Secondary
        } else if (PRIMARY_NEAR.is_match(before)
            || PRIMARY_AFTER.is_match(after_site)
            || named_by_its_cancer(&lower, &site.key))
            && m.behaviour == Behaviour::Secondary
        {
            Behaviour::Primary
        } else {
            m.behaviour
        };
        let path = table.path(site.row).join(", ");
        if behaviour == Behaviour::Primary
            && HISTORY.is_match(text)
            && !UNDER_TREATMENT.is_match(text)
            && !word_starts(&lower, &site.key)
                .any(|i| NEW_GROWTH.is_match(super::guidelines::sentence_at(&lower, i)))
        {
            if let Some(h) = history_code(books, icd, table, site.row) {
                out.push(h);
                continue;
            }
        }
        let Some(cell) = table
            .term(site.row)
            .cells
            .get(behaviour as usize)
            .cloned()
            .flatten()
        else {
            continue;
        };
        // The side the site's own clauses give it, where the question names others too.
        let own_side = super::text::side_of(text, &[super::text::stem(&site.key)])
            .filter(|s| q.side != Some(*s))
            .map(|s| q.on_side(s));
        let Some(code) = complete(icd, search, &cell, own_side.as_ref().unwrap_or(q)) else {
            continue;
        };
        let morphology = if m.entry.is_empty() {
            String::new()
        } else {
            format!("Index (FY2025): {}; ", m.entry)
        };
        out.push(TableCode {
            why: format!(
                "{} neoplasm of {}, read from the Table of Neoplasms (I.C.2)",
                behaviour.label(),
                table.term(site.row).title
            ),
            evidence: format!(
                "{morphology}Table of Neoplasms (FY2026): {path}, {} → {cell}; Tabular (FY2026): {} {}",
                behaviour.label(),
                dotted(&code),
                icd.title(&code).unwrap_or_default()
            ),
            code: dotted(&code),
            row_cells: lineage_cells(table, site.row),
        });
    }
    // Two rows for one growth ("stomach" and "pyloric antrum"): the specific code stands.
    let categories: Vec<(String, bool)> = out
        .iter()
        .map(|t| {
            let c = compact(&t.code);
            let vague = icd.says_unspecified(&c);
            (c[..3].to_owned(), vague)
        })
        .collect();
    let mut at = 0;
    out.retain(|_| {
        let (category, vague) = &categories[at];
        at += 1;
        !(*vague && categories.iter().any(|(c, v)| c == category && !v))
    });
    out.dedup_by(|a, b| a.code == b.code);
    out
}

/// A histology the Index codes by site itself ("Leiomyoma, uterus, intramural → D25.1",
/// "Lipoma, trunk → D17.1", "Melanoma, skin, scalp → C43.4"): the Index is read first and the
/// Neoplasm Table only where it sends the coder (I.C.2). The deepest entry below the
/// histology's main term that the question's words reach and that gives a code.
fn indexed_histology(
    index: &Book,
    icd: &Icd10Cm,
    search: &Index,
    q: &Query,
    text: &str,
) -> Option<TableCode> {
    // Ties go to the entry whose nonessential modifiers the question says too ("trunk (skin)
    // (subcutaneous)" for a subcutaneous lipoma of the trunk).
    let modifiers_said = |id: TermId| {
        index
            .term(id)
            .nonessential
            .iter()
            .flat_map(|m| super::text::title_terms(m))
            .filter(|w| q.has(w))
            .count()
    };
    let mut best: Option<((usize, usize, usize), TermId, String)> = None;
    // Shorthand names the histology too ("GIST": gastrointestinal stromal tumor).
    let expanded = super::text::expanded(text);
    for word in table_words(&expanded) {
        if presumed_only(&expanded, &word) {
            continue;
        }
        for main in named_by(index, &word) {
            if !histology(index, main) {
                continue;
            }
            // A kind the question names that the Index sends to the table ("Adenoma,
            // villous - see Neoplasm, uncertain behavior") is read there, unless an entry
            // below the histology names more of the question ("Tumor, stromal,
            // gastrointestinal, malignant, jejunum" beside "Tumor, malignant - see Neoplasm").
            let kind_to_table = index
                .children(main)
                .iter()
                .filter(|&&c| to_table(index, c))
                .map(|&c| super::text::title_terms(&index.term(c).title))
                .filter(|words| !words.is_empty() && words.iter().all(|w| q.has(w)))
                .map(|words| words.len())
                .max();
            for p in index.paths_under(main, &|w: &str| q.has(w)) {
                let depth = index.path(p.term).len();
                let title = &index.term(p.term).title;
                let beyond_the_kind = kind_to_table.is_none_or(|kind| p.words > kind + 1);
                let Some(code) = index.code_at(p.term).filter(|c| {
                    p.words > 0
                        && depth > 1
                        && beyond_the_kind
                        && neoplasm_code(c)
                        && !title.contains("site")
                }) else {
                    continue;
                };
                let rank = (p.words, modifiers_said(p.term), depth);
                if best.as_ref().is_none_or(|(r, ..)| rank > *r) {
                    best = Some((rank, p.term, code));
                }
            }
        }
    }
    let (_, term, given) = best?;
    let code = complete(icd, search, &given, q)?;
    Some(TableCode {
        why: "the histology's own Index entry for the site, read before the Neoplasm Table (I.C.2)"
            .into(),
        evidence: format!(
            "Index (FY2025): {} → {}; Tabular (FY2026): {} {}",
            index.path(term).join(", "),
            index.term(term).code.as_deref().unwrap_or_default(),
            dotted(&code),
            icd.title(&code).unwrap_or_default()
        ),
        code: dotted(&code),
        row_cells: Vec::new(),
    })
}

/// A subterm of `main` the question names that gives a code of its own, outside the Neoplasm
/// Table: the main term's "see also Neoplasm" is for what its subterms do not name (I.A.16):
/// Neuroma, Morton's → G57.6-.
fn own_subterm_said(index: &Book, main: TermId, q: &Query) -> bool {
    index.children(main).iter().any(|&c| {
        let words = super::text::title_terms(&index.term(c).title);
        !to_table(index, c)
            && index.code_at(c).is_some_and(|code| !neoplasm_code(&code))
            && !words.is_empty()
            && words.iter().all(|w| q.has(w))
    })
}

/// A word of the text that is the noun of a histology's main term ("schwannoma", "neuroma"):
/// the Index's list of them is longer than any list of words. Only the "-oma" names: "growth"
/// and "mass" are main terms that send to the table too, but mostly mean something else ("no
/// growth", "growth spurt").
fn names_a_histology(index: &Book, text: &str) -> bool {
    table_words(text)
        .iter()
        .filter(|w| w.ends_with("oma") || w.ends_with("omas"))
        .any(|word| named_by(index, word).any(|main| histology(index, main)))
}

/// The main terms whose noun is `word` ("Endothelioma, bone" is found by "bone" too, but
/// names a histology only by its first word).
fn named_by<'a>(index: &'a Book, word: &'a str) -> impl Iterator<Item = TermId> + 'a {
    index.main_terms(word).iter().copied().filter(move |&main| {
        let noun = index.term(main).title.split(',').next().unwrap_or_default();
        noun.trim().eq_ignore_ascii_case(word)
    })
}

/// A main term of the Index that names a histology: it or one of its subterms sends the coder
/// to the Neoplasm Table, or its own code is a neoplasm's (Chapter 2).
fn histology(index: &Book, main: TermId) -> bool {
    to_table(index, main)
        || index.children(main).iter().any(|&c| to_table(index, c))
        || index.code_at(main).is_some_and(|c| neoplasm_code(&c))
}

/// A main term named `name` that sends the coder to the Neoplasm Table ("Neuroma - see also
/// Neoplasm, nerve, benign").
pub fn main_term_to_table(index: &Book, name: &str) -> bool {
    index.main_terms(name).iter().any(|&m| to_table(index, m))
}

/// An Index entry that sends the coder to the Neoplasm Table.
fn to_table(index: &Book, id: TermId) -> bool {
    table_reference(index, id).is_some()
}

/// The Neoplasm Table reference an Index entry gives ("see Neoplasm, benign, by site"); the
/// FY2025 rows sometimes carry it among the modifiers: "(pigmented) (see also Neoplasm, skin,
/// malignant)".
fn table_reference(index: &Book, id: TermId) -> Option<String> {
    let t = index.term(id);
    let in_modifiers = t.nonessential.iter().filter_map(|m| {
        let m = m.trim_start();
        m.strip_prefix("see")
            .map(|r| r.trim_start().trim_start_matches("also").trim_start())
    });
    [t.see.as_deref(), t.see_also.as_deref()]
        .into_iter()
        .flatten()
        .chain(in_modifiers)
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .find(|s| s.starts_with("Neoplasm"))
}

/// Chapter 2: C00-D49.
pub fn neoplasm_code(code: &str) -> bool {
    code.starts_with('C') || (code.starts_with('D') && code.get(1..3).is_some_and(|n| n < "50"))
}

/// The lymph nodes of a site, by the word the text names the site by ("axill" → "lymph,
/// lymphatic channel NEC, gland (secondary), axilla, axillary").
fn lymph_gland(table: &Book, key: &str) -> Option<TermId> {
    let gland = table.find(&["Neoplasm", "lymph, lymphatic channel NEC", "gland"])?;
    table.children(gland).iter().copied().find(|&c| {
        table
            .term(c)
            .title
            .to_lowercase()
            .split(',')
            .any(|name| name.trim().starts_with(key))
    })
}

/// "Clear cell renal cell carcinoma", "prostate cancer": a mention that names the cancer by the
/// site, with no word of spread before it, names the primary even where "metastatic" is said of
/// the growth elsewhere.
fn named_by_its_cancer(lower: &str, key: &str) -> bool {
    word_starts(lower, key).any(|i| {
        let rest = lower[i..].split_once(' ').map_or("", |(_, rest)| rest);
        CANCER_AFTER.is_match(rest) && !SECONDARY_BEFORE.is_match(&lower[..i])
    })
}

static KIND_OF_GROWTH: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"^\w+[\s-]+type\b").unwrap());

/// A site's Latin noun the question says as its adjective: "urachal" for the row "urachus",
/// "omental" for "omentum".
fn latin_adjective_said(q: &Query, term: &str) -> bool {
    latin_adjective(term).is_some_and(|adjective| q.has(&super::text::stem(&adjective)))
}

/// A Latin noun's adjective: "urachus" → "urachal", "omentum" → "omental", "femur" →
/// "femoral".
fn latin_adjective(noun: &str) -> Option<String> {
    const ENDINGS: [(&str, &str); 3] = [("us", "al"), ("um", "al"), ("ur", "oral")];
    ENDINGS.iter().find_map(|(end, adjective)| {
        noun.strip_suffix(end)
            .filter(|root| root.len() > 2)
            .map(|root| format!("{root}{adjective}"))
    })
}

/// A primary named beside its site names the growth there ("lung primary resected").
static GROWTH_NOUNS: LazyLock<Regex> = LazyLock::new(|| words_regex(r"primar(?:y|ies)"));

/// How many words from a site the growth it is the site of is named.
const GROWTH_REACH: usize = 8;

/// The words of `lower` within `reach` words either side of byte `at`, in its sentence (a
/// semicolon goes on with the same growth: "carcinoma of the prostate; 3 of 12 pelvic nodes").
fn words_around(lower: &str, at: usize, reach: usize) -> &str {
    let stop = |c: char| matches!(c, '.' | '?' | '!' | '\n');
    let start = lower[..at].rfind(stop).map_or(0, |i| i + 1);
    let end = lower[at..].find(stop).map_or(lower.len(), |i| at + i);
    let before: Vec<usize> = lower[start..at]
        .match_indices(' ')
        .map(|(i, _)| start + i)
        .collect();
    let from = before
        .len()
        .checked_sub(reach + 1)
        .map_or(start, |k| before[k]);
    let to = lower[at..end]
        .match_indices(' ')
        .nth(reach)
        .map_or(end, |(i, _)| at + i);
    &lower[from..to]
}

/// Where `key` starts a word of `lower`: "renal" is not the end of "adrenal".
fn word_starts<'a>(lower: &'a str, key: &'a str) -> impl Iterator<Item = usize> + 'a {
    lower
        .match_indices(key)
        .map(|(i, _)| i)
        .filter(|&i| !lower[..i].ends_with(|c: char| c.is_alphanumeric()))
}

/// A primary neoplasm treated and gone: "History, personal, malignant neoplasm, <site>" in the
/// Index (Z85.-).
fn history_code(books: &Lookup, icd: &Icd10Cm, table: &Book, row: TermId) -> Option<TableCode> {
    let site_path = table.path(row);
    let site = site_path.get(1..)?;
    let names: Vec<&str> = site
        .iter()
        .map(|t| t.split([',', ' ']).next().unwrap_or(t))
        .collect();
    // The organ the primary column's category names ("renal" is "Malignant neoplasm of
    // kidney, …" in the Tabular), for a row the history entries call otherwise.
    let organ = table.term(row).cells[Behaviour::Primary as usize]
        .as_deref()
        .and_then(|cell| icd.title(compact(cell).get(..3)?))
        .unwrap_or_default();
    let organ_words = organ
        .split_once(" of ")
        .map_or("", |(_, rest)| rest)
        .split(',')
        .next()
        .unwrap_or_default()
        .split(' ')
        .map(str::to_owned)
        .collect::<Vec<_>>();
    // The site as the Index's history entry names it: the table's first name for it, else a
    // deeper one ("intestine, large, colon, sigmoid" is "colon" there), else the organ.
    let (entry, given) = std::iter::once(names[0])
        .chain(names.iter().rev().copied())
        .chain(organ_words.iter().map(String::as_str))
        .find_map(|name| {
            let entry = books
                .index
                .find(&["History", "personal", "malignant neoplasm", name])?;
            Some((entry, books.index.term(entry).code.as_deref()?))
        })?;
    let code = compact(given.trim_end_matches('-'));
    icd.is_billable(&code).then(|| TableCode {
        code: dotted(&code),
        why: "a primary malignancy excised or treated, with no further treatment directed to it: personal history (I.C.2.d)".into(),
        evidence: format!(
            "Index (FY2025): {} → {given}; Tabular (FY2026): {} {}",
            books.index.path(entry).join(", "),
            dotted(&code),
            icd.title(&code).unwrap_or_default()
        ),
        row_cells: row_cells(table.term(row)),
    })
}

impl Behaviour {
    fn label(self) -> &'static str {
        match self {
            Behaviour::Primary => "Malignant Primary",
            Behaviour::Secondary => "Malignant Secondary",
            Behaviour::InSitu => "Ca in situ",
            Behaviour::Benign => "Benign",
            Behaviour::Uncertain => "Uncertain Behavior",
            Behaviour::Unspecified => "Unspecified Behavior",
        }
    }
}

/// "In situ" that names how an operation is done ("in situ ulnar nerve decompression", "in
/// situ pinning") says nothing of a growth: blanked, so the text keeps its length.
fn without_a_technique_in_situ(text: &str) -> std::borrow::Cow<'_, str> {
    TECHNIQUE_IN_SITU.replace_all(text, |c: &regex::Captures| {
        format!("{}{}", " ".repeat(c[1].len()), &c[2])
    })
}

static TECHNIQUE_IN_SITU: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(in situ)(\s+(?:[\w-]+\s+){0,2}(?:pinning|fixation|screw\w*|decompression|release|transposition|hybridi[sz]ation|repair|fusion)\b)",
    )
    .expect("a cue")
});

/// A cell's code made billable: as it is, or the best of the billable codes below it by the
/// question's words (a side, a quadrant), "unspecified" when nothing tells them apart.
fn complete(icd: &Icd10Cm, search: &Index, cell: &str, q: &Query) -> Option<String> {
    let c = compact(cell.trim_end_matches('-'));
    if let Some(sided) = super::entries::of_the_side_said(icd, q, &c) {
        return Some(sided);
    }
    // A header whose lines differ by side only ("C79.6-": unspecified, right, left and
    // bilateral ovaries): the line of the side said.
    if let Some(sided) = the_one_line_of_the_side(icd, q, &c) {
        return Some(sided);
    }
    // An "unspecified" cell opens its subcategory: the morphology or part the question names
    // may sit beside it (C44.509 → C44.519 for a basal cell carcinoma).
    let below = if icd.is_billable(&c) && !icd.says_unspecified(&c) {
        return Some(c);
    } else if icd.is_billable(&c) && c.len() > 4 {
        &c[..4]
    } else {
        &c[..]
    };
    // The cell's site stays: a sibling's title says the same place ("… of skin of other part
    // of trunk").
    let cell_title = icd.title(&c).unwrap_or_default().to_lowercase();
    let place = cell_title.split_once(" of ").map(|(_, p)| p.to_owned());
    let same_place = |b: &String| {
        place
            .as_deref()
            .is_none_or(|p| icd.title(b).is_some_and(|t| t.to_lowercase().ends_with(p)))
    };
    let candidates = icd
        .billable_below(below)
        .into_iter()
        .filter(same_place)
        .collect();
    by_words(icd, search, q, candidates)
        .into_iter()
        .next()
        .map(|(b, _)| b)
}

/// The one line below a header whose title names the side the question says, where there is
/// exactly one.
fn the_one_line_of_the_side(icd: &Icd10Cm, q: &Query, header: &str) -> Option<String> {
    let side = q.side?;
    if icd.is_billable(header) {
        return None;
    }
    let says_side = |b: &String| {
        icd.title(b).is_some_and(|t| {
            t.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == side)
        })
    };
    let mut sided = icd.billable_below(header).into_iter().filter(says_side);
    match (sided.next(), sided.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// The tables' codes as candidates, ahead of the others; a candidate from the same row with
/// another intent or behaviour is dropped (the words matched "poisoning by" where the table
/// says adverse effect).
pub fn with_table_codes(
    books: &Lookup,
    icd: &Icd10Cm,
    search: &Index,
    q: &Query,
    text: &str,
    named: &[String],
    others: Vec<Candidate>,
) -> Vec<Candidate> {
    let found: Vec<TableCode> = drug_codes(books, icd, text, q)
        .into_iter()
        .chain(neoplasm_codes(books, icd, search, text, q))
        .collect();
    if found.is_empty() {
        return others;
    }
    let same_row = |code: &str| found.iter().any(|t| from_row(&t.row_cells, code));
    let mut out: Vec<Candidate> = Vec::with_capacity(found.len() + others.len());
    // The suggestions never repeat a code the question names.
    let is_named = |code: &str| named.iter().any(|n| compact(n) == compact(code));
    for t in &found {
        if is_named(&t.code) || out.iter().any(|c| c.suggestion.code == t.code) {
            continue;
        }
        out.push(Candidate {
            suggestion: Suggestion {
                system: CodeSystem::Icd10cm,
                code: t.code.clone(),
                title: icd.title(&t.code).unwrap_or_default(),
                score: others.first().map_or(1.0, |c| c.suggestion.score),
                why: t.why.clone(),
            },
            origin: Origin::Table {
                cells: t.row_cells.clone(),
                evidence: t.evidence.clone(),
            },
        });
    }
    let rest: Vec<Candidate> = others
        .into_iter()
        .filter(|c| {
            !same_row(&c.suggestion.code)
                && !out.iter().any(|t| t.suggestion.code == c.suggestion.code)
        })
        .collect();
    out.extend(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_intent_is_read_as_the_question_states_it() {
        let table = [
            (
                "Took 30 of her Ambien tablets in a suicide attempt",
                Some(Intent::SelfHarm),
            ),
            ("Toddler ingested grandma's pills", Some(Intent::Accidental)),
            // Alcohol named by its disorder and as a cause is neither a co-ingestion nor a
            // drug's adverse effect.
            (
                "Severe AUD with alcohol-induced depressive disorder; starts naltrexone",
                None,
            ),
            (
                "Gastritis induced by ibuprofen, alcohol-induced liver disease",
                Some(Intent::AdverseEffect),
            ),
            (
                "2 y/o found chewing grandma's clonidine tabs, drowsy",
                Some(Intent::Accidental),
            ),
            (
                "Overdose on oxycodone, intent not documented",
                Some(Intent::Accidental),
            ),
            (
                "Took Ambien with a bottle of wine",
                Some(Intent::Accidental),
            ),
            (
                "Hematuria on warfarin, taken as prescribed. Poisoning?",
                Some(Intent::AdverseEffect),
            ),
            (
                "Seizure after he stopped taking Dilantin, couldn't afford it",
                Some(Intent::Underdosing),
            ),
            ("Rash due to amoxicillin", Some(Intent::AdverseEffect)),
            (
                "Isoniazid hepatitis - poisoning code? Taken exactly as prescribed.",
                Some(Intent::AdverseEffect),
            ),
            ("Visually significant cataract OD, T2DM on metformin", None),
            ("Heroin OD, found down", Some(Intent::Accidental)),
            ("Admitted for HD-MTX; nausea kept him two extra days", None),
            ("On lisinopril for HTN, BP fine", None),
            (
                "Overdose, intent undetermined per psych",
                Some(Intent::Undetermined),
            ),
            (
                "Not intentional: she took an extra dose by mistake",
                Some(Intent::Accidental),
            ),
            (
                "Colchicine toxicity from taking more than prescribed.",
                Some(Intent::Accidental),
            ),
            (
                "Overdose. Nobody documents that the intent could not be determined.",
                Some(Intent::Accidental),
            ),
            (
                "Took extra pills; she did not exactly mean to hurt herself.",
                Some(Intent::Accidental),
            ),
            (
                "Took 30 of her fluoxetine; told the ED doc she took them to end her life",
                Some(Intent::SelfHarm),
            ),
            (
                "Swallowed his father's pills, said he was trying to hurt himself",
                Some(Intent::SelfHarm),
            ),
            (
                "Took two extra lisinopril by mistake, did not want to die",
                Some(Intent::Accidental),
            ),
            (
                "Crisis after 5 weeks without hydroxyurea, omitted from the discharge med list",
                Some(Intent::Underdosing),
            ),
            (
                "She didn't take it on purpose: a coworker put it in her drink, an assault",
                Some(Intent::Assault),
            ),
            (
                "AF on diltiazem and apixaban; he stopped the diltiazem on his own",
                Some(Intent::Underdosing),
            ),
        ];
        for (text, want) in table {
            assert_eq!(intent(text), want, "{text}");
        }
    }
}

#[cfg(test)]
mod reading {
    use super::*;
    use std::sync::LazyLock;

    static ICD: LazyLock<(Icd10Cm, Index, Lookup)> = LazyLock::new(|| {
        let icd = Icd10Cm::builtin().unwrap();
        let index = Index::build(&icd);
        (icd, index, Lookup::builtin().unwrap())
    });

    fn codes(text: &str) -> Vec<String> {
        let (icd, index, books) = &*ICD;
        let q = Query::new(text);
        drug_codes(books, icd, text, &q)
            .into_iter()
            .chain(neoplasm_codes(books, icd, index, text, &q))
            .map(|t| t.code)
            .collect()
    }

    #[test]
    fn the_drug_table_gives_the_column_of_the_stated_intent_with_the_encounter() {
        let table: [(&str, &[&str]); 32] = [
            // A household product is the substance's nonmedicinal row.
            (
                "2-year-old bit into a liquid laundry detergent pod and vomited; accidental.",
                &["T55.1X1A"],
            ),
            // A pupil's reaction to light is no drug's reaction; "tonic" names no tonic.
            (
                "Adie tonic pupil with a poor light reaction; dilute pilocarpine constricted it.",
                &[],
            ),
            // A drug the Table does not list is read under its class's row.
            (
                "Grade 2 sensory neuropathy due to oxaliplatin, on adjuvant FOLFOX.",
                &["T45.1X5A"],
            ),
            (
                "Intentional overdose of her sertraline, a suicide attempt.",
                &["T43.222A"],
            ),
            // On an eye's record OD is the right eye, in every sentence.
            (
                "Macular edema of the right eye. First intravitreal bevacizumab injection OD today.",
                &[],
            ),
            // The drug the mother took is the mother's on the newborn's record (P04).
            (
                "Jittery newborn; the mother took sertraline as prescribed throughout pregnancy.",
                &[],
            ),
            // A drug started in the encounter is the treatment of the overdose's patient.
            (
                "Diphenhydramine overdose, suicide attempt; MDD, started sertraline before transfer.",
                &["T45.0X2A"],
            ),
            // The care team's omission is a failure in dosage during care, not noncompliance.
            (
                "Pain crisis; hydroxyurea was left off his discharge med list 5 weeks ago.",
                &["T45.1X6A", "Y63.6"],
            ),
            // The drugs a poisoning needed are its treatment, not more poisonings.
            (
                "Verapamil overdose, intent cannot be determined; needing calcium and pressors.",
                &["T46.1X4A"],
            ),
            // The drink a drug was put in is no substance of the poisoning.
            (
                "A coworker put Visine in her coffee as a prank: assault.",
                &["T49.5X3A"],
            ),
            // "lithium carbonate" is the row Lithium, salts (carbonate), not the metal.
            (
                "Intentional overdose of her lithium carbonate tablets, suicide attempt.",
                &["T43.592A"],
            ),
            (
                "Worker exposed to lithium metal fumes at the battery plant, accidental.",
                &["T56.891A"],
            ),
            // The intent stated in a sentence that names no drug is the record's.
            (
                "OD on olanzapine. Psych consult: intentional overdose, suicide attempt.",
                &["T43.592A"],
            ),
            // Chemotherapy's drugs are the Table's "Antineoplastic NEC" (I.C.2.c.2).
            (
                "2 units PRBC for anemia due to chemotherapy in breast cancer.",
                &["T45.1X5A"],
            ),
            (
                "Cycle 3 given; developed intractable nausea and vomiting from the chemo.",
                &["T45.1X5A"],
            ),
            ("Admitted for cycle 2 of chemotherapy.", &[]),
            ("He was switched from warfarin to apixaban last year.", &[]),
            // The drug given for the effect is no cause of it; "oral" names no drug.
            (
                "Steroid-induced diabetes, an adverse effect of the prednisone. Started glipizide.",
                &["T38.0X5A"],
            ),
            ("IV fluids for dehydration due to poor oral intake.", &[]),
            // "1 week ago" dates the stopping: the relapse is treated now (A).
            (
                "Stopped his phenytoin 1 week ago because he couldn't afford it; seizure.",
                &["T42.0X6A", "Z91.120"],
            ),
            (
                "Toddler accidentally ingested his grandmother's amitriptyline tablets, drowsy.",
                &["T43.011A"],
            ),
            (
                "Intentional overdose of acetaminophen, a suicide attempt.",
                &["T39.1X2A"],
            ),
            ("Hives from amoxicillin taken as prescribed.", &["T36.0X5A"]),
            (
                "Drug-induced hepatitis due to isoniazid, INH stopped, switch to rifampin once LFTs recover.",
                &["T37.1X5A"],
            ),
            (
                "He stopped taking his lisinopril because he couldn't afford it; BP 190/110.",
                &["T46.4X6A", "Z91.120"],
            ),
            // Running out of a drug is no choice: unintentional underdosing.
            (
                "Ran out of his lisinopril on a trip and missed 4 days; BP 200/110.",
                &["T46.4X6A", "Z91.138"],
            ),
            // A substance measured is not taken: only the drug's row.
            (
                "Galactorrhea on risperidone taken as prescribed; prolactin is 96.",
                &["T43.595A"],
            ),
            // The caregiver's underdosing is the caregiver's (Z91.A-), not the patient's.
            (
                "Asthma flare; mom says they stopped giving her montelukast because they couldn't afford the refill.",
                &["T48.6X6A", "Z91.A20"],
            ),
            (
                "Seizure; his father forgot to give the levetiracetam for three days.",
                &["T42.6X6A", "Z91.A3"],
            ),
            (
                "Follow-up visit after an accidental overdose of ibuprofen, labs normal now.",
                &["T39.311D"],
            ),
            (
                "Took her prescribed Ambien, then drank half a bottle of wine; very somnolent.",
                &["T42.6X1A", "T51.0X1A"],
            ),
            // Named for another reason: a treatment, a long-term drug with no effect stated.
            (
                "Alcohol withdrawal treated with lorazepam per CIWA. On metformin for T2DM.",
                &[],
            ),
        ];
        for (text, want) in table {
            assert_eq!(codes(text), want, "{text}");
        }
    }

    #[test]
    fn a_drug_read_under_its_class_says_so_in_its_evidence() {
        let (icd, _, books) = &*ICD;
        let text = "Hives from apixaban taken as prescribed.";
        let got = drug_codes(books, icd, text, &Query::new(text));
        let evidence = &got.first().expect("a code").evidence;
        assert!(
            evidence.contains("apixaban (not in the Table; its class) → Anticoagulant NEC"),
            "{evidence}"
        );
    }

    #[test]
    fn a_relative_s_cancer_is_a_family_history_line_by_its_site() {
        assert!(classifiable_to("Conditions classifiable to C15-C26", "C18"));
        assert!(classifiable_to(
            "Conditions classifiable to C00-C14, C40-C49, C69-C79",
            "C43"
        ));
        assert!(classifiable_to("Conditions classifiable to C50.-", "C50"));
        assert!(!classifiable_to(
            "Conditions classifiable to C33-C34",
            "C18"
        ));
        let (icd, _, books) = &*ICD;
        let colon =
            "First screening colonoscopy because his father was diagnosed with colon cancer.";
        assert_eq!(
            family_history_by_site(books, icd, colon).unwrap().0,
            "Z80.0"
        );
        let lung = "Her mother died of lung cancer.";
        assert_eq!(family_history_by_site(books, icd, lung).unwrap().0, "Z80.1");
        assert!(family_history_by_site(books, icd, "Colon cancer, on FOLFOX.").is_none());
    }

    #[test]
    fn a_growth_the_record_denies_is_not_read_from_the_neoplasm_table() {
        assert!(codes(
            "Nontraumatic T8 compression fracture with marrow edema; the core biopsy showed no tumor, not pathologic from neoplasm."
        )
        .is_empty());
        // Nodes named for the procedure planned on them hold no secondary growth.
        assert_eq!(
            codes("Invasive squamous cell carcinoma of the right labium majus; planned radical vulvectomy with bilateral inguinal node dissection."),
            ["C51.0"]
        );
        // A growth said beside a denied one is read.
        let liver = codes("Biopsy: metastatic adenocarcinoma in the liver; no tumor in the lungs.");
        assert!(liver.contains(&"C78.7".to_owned()), "{liver:?}");
    }

    #[test]
    fn the_neoplasm_table_gives_the_column_of_the_stated_behaviour() {
        let table: [(&str, &[&str]); 29] = [
            // A histology the Index codes by site is read there, not in the table (I.C.2).
            ("Path: intramural leiomyoma of the uterus.", &["D25.1"]),
            // The site the Index's reference names, and the row below it the question names.
            (
                "Path: dermatofibroma of the left upper back, completely excised.",
                &["D23.5"],
            ),
            (
                "Path: lipoma of the subcutaneous tissue of the trunk.",
                &["D17.1"],
            ),
            // Every site after "metastatic to" is secondary; a site's lymph nodes are their
            // own row (C77), never a primary.
            (
                "Adenocarcinoma of the sigmoid colon, metastatic to the liver and to the pelvic lymph nodes.",
                &["C18.7", "C78.7", "C77.5"],
            ),
            (
                "Carcinoma of the prostate; 3 of 12 pelvic nodes positive.",
                &["C61", "C77.5"],
            ),
            (
                "Metastatic carcinoma to the liver from the colon.",
                &["C78.7", "C18.9"],
            ),
            (
                "Intractable pain from metastatic prostate cancer to the spine.",
                &["C61", "C79.51"],
            ),
            // Behaviour left open: the Index's "Tumor - see Neoplasm, unspecified behavior".
            (
                "Cysto shows a 2 cm tumor at the bladder dome, no biopsy yet; we don't know if it's benign or malignant.",
                &["D49.4"],
            ),
            // "Metastatic prostate cancer" has spread from the prostate; "nailing" is no nail.
            (
                "Prostate ca w/ bone mets. Fracture through a metastatic lesion of the humerus, due to metastatic prostate cancer. IM nailing.",
                &["C61", "C79.51"],
            ),
            (
                "Adenoma of the thyroid gland on pathology.",
                &["D34"],
            ),
            (
                "Path: carcinoma in situ of the cervix.",
                &["D06.9"],
            ),
            // Both of a pair is the bilateral line; the plural "ovaries" is the row "ovary".
            (
                "Metastatic carcinoma to both ovaries.",
                &["C79.63"],
            ),
            // The site a metastasis is "of ... origin" is its primary; a mass shown to be
            // metastatic is the secondary site.
            (
                "Resection of a left frontal brain mass: metastatic adenocarcinoma of lung origin. Right upper lobectomy 3 years ago, no further treatment.",
                &["C79.31", "Z85.118"],
            ),
            // A word a deeper row reads as its subterm is no site of its own.
            (
                "Adenocarcinoma of the antrum of the stomach.",
                &["C16.3"],
            ),
            // "In situ" that names how the operation is done names no growth.
            (
                "Left cubital tunnel syndrome, left in situ ulnar nerve decompression.",
                &[],
            ),
            (
                "Slipped capital femoral epiphysis, right, in situ screw fixation.",
                &[],
            ),
            // "colon - see Neoplasm, intestine, large", then its sigmoid row.
            (
                "Adenocarcinoma of the sigmoid colon.",
                &["C18.7"],
            ),
            (
                "Basal cell carcinoma of the skin of the back, excised today.",
                &["C44.519"],
            ),
            (
                "Brain metastasis resected. Lung primary resected in 2022, no evidence of disease and no further treatment.",
                &["C79.31", "Z85.118"],
            ),
            // "Hx of" beside treatment still directed to it is a current malignancy.
            (
                "Hx of sigmoid colon cancer, still on chemo.",
                &["C18.7"],
            ),
            (
                "Sigmoid colon cancer resected, completed chemo, no evidence of disease.",
                &["Z85.038"],
            ),
            // "renal" is no word of "adrenal"; the kidney's own cancer, excised with no
            // recurrence, is history by the organ its primary column names (C64 → kidney).
            (
                "Right nephrectomy for clear cell renal cell carcinoma 3 years ago, no adjuvant treatment, no recurrence. A new left adrenal mass: metastatic clear cell RCC.",
                &["Z85.528", "C79.72"],
            ),
            // What the mass was presumed to be before the pathology is not the growth found.
            (
                "Partial nephrectomy of a left renal mass presumed to be renal cell carcinoma. Final pathology: renal oncocytoma, left kidney.",
                &["D30.02"],
            ),
            // "urachal" is the row "urachus"; "enteric type" names a kind, not a site; the
            // deposit is secondary wherever the site is first named.
            (
                "A 1-cm omental nodule was excised. Pathology: urachal adenocarcinoma, enteric type, with a metastatic deposit in the omental nodule.",
                &["C78.6", "C67.7"],
            ),
            (
                "Adenocarcinoma of the urachus.",
                &["C67.7"],
            ),
            // "femoral" is the row "femur", which a histology's reference to "bone" reads there;
            // "cartilage NEC - see also Neoplasm, bone" leads there too.
            (
                "CT: a classic osteoid osteoma of the left femoral neck; left hip pain at night.",
                &["D16.22"],
            ),
            (
                "Chondrosarcoma of the right distal femur.",
                &["C40.21"],
            ),
            // A histology's words are no sites; "cystic duct" is one.
            (
                "Biopsy of the left lacrimal gland: adenoid cystic carcinoma.",
                &["C69.52"],
            ),
            (
                "Adenocarcinoma of the cystic duct.",
                &["C24.0"],
            ),
        ];
        for (text, want) in table {
            assert_eq!(codes(text), want, "{text}");
        }
    }
}
