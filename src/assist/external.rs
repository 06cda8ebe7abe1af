//! External causes of an injury (I.C.20), read from the External Cause Index as a coder
//! reads it: the main term of how the injury happened (Fall, Slipping, Tripping, Ignition), the
//! subterm of the preposition the question uses ("from, off, out of", "on", "over"), and the
//! subterm of the thing it names (ladder, curb, ice, rug, gasoline); the code completed with
//! the 7th character of the injury's encounter (I.C.20.a: the same 7th character as the
//! injury), placeholders as the Tabular needs them. External cause codes are never
//! first-listed (I.C.20) and are reported only beside an injury (S, T codes) the question
//! codes.

use std::sync::LazyLock;

use regex::Regex;

use super::icd10cm::{compact, Icd10Cm};
use super::lookup::{Book, Edition, Intent, TermId};
use super::tables;
use crate::domain::Recommendation;

fn re(pattern: &str) -> Regex {
    super::text::regex(pattern).expect("an external cause cue")
}

/// How the injury happened, the Index path it is looked up under, and what the words after
/// the cue are (the thing fallen from, slipped on, tripped over).
struct Mechanism {
    cue: &'static str,
    root: &'static [&'static str],
    /// The sentence's words rather than the words after the cue name the thing (Ignition:
    /// "gasoline ignited").
    sentence: bool,
    /// The root's own code when no subterm names the thing (Slipping NEC).
    fallback: bool,
}

static MECHANISMS: [Mechanism; 10] = [
    // "fell off a ladder", "fell down the stairs", "stepping off a curb", "fell from the top of
    // a climbing wall" (Fall, from, stairs, steps, curb, wall).
    Mechanism {
        cue: r"(?i)\b(?:fell|falls?|falling|fallen|stepp(?:ed|ing))\s+(?:(?:about|approximately|approx\.?|~|nearly|over)?\s*\d+(?:\.\d+)?\s*(?:feet|foot|ft|meters?|m)\s+)?(?:down\s+(?:from\s+)?|off\s+(?:of\s+)?|out\s+of\s+|from\s+)(?:a|an|the|his|her|their|its|some)?\s*(?:(?:top|edge|side)\s+of\s+(?:a|an|the|his|her|their|its)?\s*)?((?:[\w-]+\s+){0,3}[\w-]+)",
        root: &["Fall", "from"],
        sentence: false,
        fallback: false,
    },
    Mechanism {
        cue: r"(?i)\bslipp(?:ed|ing)\s+(?:and\s+fell\s+)?(?:on|in)\s+(?:a|an|the|some)?\s*((?:[\w-]+\s+){0,2}[\w-]+)",
        root: &["Slipping", "on"],
        sentence: false,
        fallback: false,
    },
    // "slipped and fell", "slipped on a wet floor": Slipping (on same level) (with fall) W01.0.
    Mechanism {
        cue: r"(?i)\bslipp(?:ed|ing)\b",
        root: &["Slipping"],
        sentence: false,
        fallback: true,
    },
    Mechanism {
        cue: r"(?i)\btripp(?:ed|ing)\s+(?:over|on)\s+(?:a|an|the|his|her|their|some)?\s*((?:[\w-]+\s+){0,2}[\w-]+)",
        root: &["Tripping", "over"],
        sentence: false,
        fallback: false,
    },
    // A burn by steam: Contact, with, steam (X13.1; I.C.19.d.9: the source of the burn). The
    // hot things ("hot coffee") sit a level deeper under Contact, with, hot, by kind (drinks),
    // which the question's words do not name.
    Mechanism {
        cue: r"(?i)\bsteam\b",
        root: &["Contact", "with"],
        sentence: true,
        fallback: false,
    },
    Mechanism {
        cue: r"(?i)\bignit\w*|\bcaught (?:on )?fire\b",
        root: &["Ignition"],
        sentence: true,
        fallback: false,
    },
    // "bitten on the finger by his pet rat", "a dog bite to the hand": Bite, bitten by, rat
    // (W53.11).
    Mechanism {
        cue: r"(?i)\bbit(?:ten)?\b[^.;]{0,60}?\bby\s+((?:[\w'-]+\s+){0,3}[\w'-]+)",
        root: &["Bite, bitten by"],
        sentence: false,
        fallback: false,
    },
    Mechanism {
        cue: r"(?i)\b((?:[\w-]+\s+){0,1}[\w-]+)\s+bites?\b",
        root: &["Bite, bitten by"],
        sentence: false,
        fallback: false,
    },
    // "fired a nail gun into his palm", "cut his hand on broken glass": Contact, with, nail,
    // gun (W29.4); the thing is named after the act.
    Mechanism {
        cue: r"(?i)\b(?:cut|cutting|sliced|slicing|lacerated|stabbed|punctured|pierced|nicked|jabbed|fired|struck|caught|crushed|pinched|sawed|sawing|drilled|stapled|nailed)\b([^.;,]{0,60})",
        root: &["Contact", "with"],
        sentence: false,
        fallback: false,
    },
    // "strained his back lifting a patient": Overexertion, from, strenuous movement or load
    // (X50.0, the Tabular's "lifting heavy objects"), the last resort, as any of the others
    // explains more.
    Mechanism {
        cue: r"(?i)\b(?:while |from |d/t |due to )(?:lifting|carrying|pushing|pulling)\b",
        root: &["Overexertion", "from", "strenuous movement or load"],
        sentence: false,
        fallback: true,
    },
];

/// The mechanisms' cues, compiled once in [`MECHANISMS`]' order.
static CUES: LazyLock<Vec<Regex>> =
    LazyLock::new(|| MECHANISMS.iter().map(|m| re(m.cue)).collect());

/// A tripping with no fall said to be without one is a fall (Tripping, over, ..., with fall).
static WITHOUT_FALL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bwithout (?:a )?fall(?:ing)?\b|\b(?:did not|didn't|no) fall\b"));

/// The names an Index title gives one thing: "carpet, rug or (small) object" names carpet,
/// rug and object; "stairs, steps" names stairs and steps.
fn names(title: &str) -> Vec<String> {
    let plain = title.to_lowercase().replace(['(', ')'], " ");
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    plain
        .split(',')
        .flat_map(|p| p.split(" or "))
        .map(|p| p.trim().trim_end_matches(" nec").trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The subterm below `root` (its children first, then theirs) one of whose names is `word`.
fn named_below(book: &Book, root: TermId, word: &str) -> Option<TermId> {
    let mut level: Vec<TermId> = book.children(root).to_vec();
    for _ in 0..2 {
        if let Some(&hit) = level
            .iter()
            .find(|&&t| names(&book.term(t).title).iter().any(|n| n == word))
        {
            return Some(hit);
        }
        level = level
            .iter()
            .flat_map(|&t| book.children(t).iter().copied())
            .collect();
    }
    None
}

/// Words an External Cause Index subterm has that name no cause in a question: the body part
/// hurt ("cut his hand"), a temperature, a modal verb ("can").
const NAMES_NO_THING: &[&str] = &["hand", "hot", "can", "object", "tool", "left", "right"];

/// The entry below `term` the words after its own name go on to name ("nail" then "gun").
fn named_further(book: &Book, term: TermId, after: &[String]) -> TermId {
    let Some(next) = after.first() else {
        return term;
    };
    match book
        .children(term)
        .iter()
        .find(|&&c| names(&book.term(c).title).iter().any(|n| n == next))
    {
        Some(&child) => named_further(book, child, &after[1..]),
        None => term,
    }
}

fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| w.len() > 2)
        .map(str::to_lowercase)
}

/// The external cause codes of the injury the question describes, each with its Index path.
pub fn causes(icd: &Icd10Cm, book: &Book, text: &str, seventh: char) -> Vec<Recommendation> {
    let mut out: Vec<Recommendation> = Vec::new();
    for (m, cue) in MECHANISMS.iter().zip(CUES.iter()) {
        if !out.is_empty() {
            // One mechanism explains the injury: the first the question states.
            break;
        }
        let Some(root) = book.find(m.root) else {
            continue;
        };
        for s in text.split(['.', ';', '\n', '?', '!']) {
            let Some(found) = cue.captures(s) else {
                continue;
            };
            let thing = if m.sentence {
                s
            } else {
                found.get(1).map_or("", |g| g.as_str())
            };
            let named: Vec<String> = words(thing)
                .filter(|w| !NAMES_NO_THING.contains(&w.as_str()))
                .collect();
            let mut term = named.iter().enumerate().find_map(|(at, w)| {
                named_below(book, root, w)
                    .or_else(|| named_below(book, root, w.trim_end_matches('s')))
                    .map(|t| named_further(book, t, &named[at + 1..]))
            });
            if term.is_none() && m.fallback && book.term(root).code.is_some() {
                term = Some(root);
            }
            let Some(mut term) = term else {
                continue;
            };
            if !WITHOUT_FALL.is_match(text) {
                if let Some(fall) = book.subterm(term, "with fall") {
                    term = fall;
                }
            }
            if let Some(r) = from_book(icd, book, term, seventh) {
                out.push(r);
                break;
            }
        }
    }
    out
}

/// The question asks which place, activity or status codes go with the injury (I.C.20.b-d,
/// I.C.20.k): "do we need place/activity", "cause, place, activity, status", "Y92/Y93 codes".
static ASKED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bplace\s*(?:/|,|and\b|or\b|of occurrence|codes?\b)|\b(?:cause|mechanism)\s+and\s+(?:the\s+)?place\b|\bplace of (?:every|each|all|the) (?:injur\w*|accidents?)\b|\bactivity codes?\b|\bstatus codes? (?:for|of) (?:the )?(?:injury|accident|external)|\bY9[239](?:\.\w*)?\s*(?:/|,|and|or)?\s*Y9[239]|\b(?:requir|mandat)\w*\s+(?:the\s+|a\s+)?(?:full\s+|all\s+|complete\s+)?(?:set\s+of\s+|list\s+of\s+)?(?:the\s+)?external[- ]causes?(?: codes?| reporting| data)?\b|\bexternal[- ]cause (?:codes?|reporting) (?:are |is )?(?:required|mandatory)|\b(?:payer|payor|state|plan|insurer|carrier|registry|contract|employer)\s+(?:also\s+)?(?:wants?|needs?|asks? for|expects?)\s+(?:the\s+|all\s+)?external[- ]cause(?:s| codes?)\b|\b(?:injury surveillance|trauma registry)\b",
    )
});

/// Where a residence is the place (Place of occurrence, residence): the question names a
/// home, a house or a part of one.
static RESIDENCE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:at home|(?:his|her|their|my|own|the|a|patient's|pt's|neighbou?r's|family(?:'s)?|parents'?|grandparents'?|friend's) (?:home|house)|(?:back|front|side)\s?yard|(?:his|her|their|neighbou?r's|own) yard)\b",
    )
});

/// An animal the activity is done to ("walking her dog", "grooming the horse", "dog
/// walking"), not one that is only there.
static ANIMAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:walk|groom|shear|milk|brush|bath)\w*\s+(?:(?:her|his|their|the|a|my|own|family's|neighbou?r's)\s+){0,2}(?:dogs?|puppy|puppies|cats?|horses?|pony|ponies|pets?|cows?|goats?|sheep|llamas?)\b|\b(?:dog|pet|horse) (?:walking|grooming)\b",
    )
});

/// A street, sidewalk or road beside the home is no part of the residence ("on the sidewalk
/// in front of her house").
static OUTSIDE_THE_HOME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:in front of|outside(?: of)?|across from|down the street from|near|behind) (?:his|her|their|my|the|a|own|patient's) (?:home|house)\b",
    )
});

/// Parts of a home the External Cause Index has no line for (it lists kitchen, dining room,
/// bathroom, bedroom, driveway, garage, garden, yard and swimming pool).
static UNLISTED_ROOM: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:living|family|laundry|sun|utility|TV|television) room\b|\b(?:hallway|stairs|staircase|stairway|porch|basement|attic|den|patio|deck|foyer|balcony|closet)\b",
    )
});

/// A house or its yard: Place of occurrence, residence, house, single family.
static HOUSE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bhouse\b|\byard\b|\bbackyard\b"));

static BACKYARD: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bbackyard\b"));

static WORK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bworkers'? comp|\bwork[- ]related\b|\bat work\b|\bon the job\b|\bwhile working\b|\bat his job\b|\bat her job\b",
    )
});
/// Not at work: off duty, at leisure, or retired ("84F, retired", "retired 81F").
static NOT_WORK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bnot (?:at )?work(?:ing|-related| related)?\b|\bnon-?work\b|\boff[- ]duty\b|\bleisure\b|\bhobby\b|\bfor fun\b|\brecreation|\b(?:her|his|a|their) days? off\b|\bon vacation\b|\b(?:is|was|now|,)\s*retired\b|\bretired\s+\d{1,3}\s*(?:[MF]|yo)\b",
    )
});
static MILITARY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bon (?:active )?duty\b|\bmilitary (?:training|exercise|activity)"));
static VOLUNTEER: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bvolunteer(?:ing|ed)?\b"));

/// Where the question says the injury happened: the words after "in", "at", "on", "across"
/// up to the next such word or the end of the phrase ("on the path in the city park",
/// "across the neighbor's front yard"), the place's last word.
fn place_heads(text: &str) -> Vec<String> {
    const AT: [&str; 8] = [
        "in", "at", "on", "inside", "across", "outside", "near", "around",
    ];
    let mut heads = Vec::new();
    for phrase in text.split(['.', ',', ';', ':', '?', '!', '(', ')', '\n']) {
        let words: Vec<String> = phrase
            .split_whitespace()
            .map(|w| w.to_lowercase())
            .collect();
        for (i, w) in words.iter().enumerate() {
            if !AT.contains(&w.as_str()) {
                continue;
            }
            let place: Vec<&str> = words[i + 1..]
                .iter()
                .take_while(|w| !AT.contains(&w.as_str()) && *w != "to" && *w != "while")
                .take(4)
                .map(String::as_str)
                .collect();
            // The place ends where what happened there begins ("a commercial garage touched
            // a hose"); an adjective before it stays ("an attached garage").
            let place = match place.iter().skip(2).position(|w| w.ends_with("ed")) {
                Some(verb) => &place[..verb + 2],
                None => &place[..],
            };
            if let Some(head) = super::text::title_terms(&place.join(" ")).pop() {
                heads.push(head);
            }
            // A backyard is a yard, where the phrase runs on past it ("in his backyard fell
            // 8 feet") too.
            if place.contains(&"backyard") {
                heads.extend(super::text::title_terms("backyard yard"));
            }
        }
    }
    heads
}

/// The deepest coded entry below `root` the question leads to, most words first, whose own
/// title `fits`.
fn deepest(
    book: &Book,
    root: TermId,
    has: &dyn Fn(&str) -> bool,
    fits: &dyn Fn(&str) -> bool,
) -> Option<(TermId, usize)> {
    // An entry that sends the coder on fits by where it ends ("nursing home - see ...
    // institutional, nursing home", then "bedroom").
    book.paths_under(root, has)
        .into_iter()
        .filter(|p| p.words > 0)
        .filter_map(|p| coded_end(book, p.term, has).map(|(t, n)| (p.term, t, p.words, n)))
        .filter(|&(entry, end, _, _)| {
            fits(&book.term(entry).title) || (end != entry && fits(&book.term(end).title))
        })
        // The entry's own words first (a "see" target names again what its entry said), then
        // the words of its own title ("nursing home" over a "home" reached through a
        // "residence" the question's "resident" only looks like).
        .max_by_key(|&(entry, end, own, below)| {
            let titled = super::text::title_terms(&book.term(entry).title)
                .iter()
                .filter(|w| has(w))
                .count();
            // A kind the question names ("nursing home") over the Index's catch-all for
            // kinds it does not list ("specified residence type NEC").
            let named_kind = !book.path(end).iter().any(|t| t.contains("NEC"));
            (own + below, named_kind, own, titled, below)
        })
        .map(|(_, t, own, below)| (t, own + below))
}

/// The coded entry an entry stands for: itself, or where its "see" reference leads ("Place of
/// occurrence, nursing home - see Place of occurrence, residence, institutional, nursing
/// home") and the deepest coded entry below that the question names, with the words it adds.
fn coded_end(book: &Book, term: TermId, has: &dyn Fn(&str) -> bool) -> Option<(TermId, usize)> {
    let t = book.term(term);
    if t.code.is_some() {
        return Some((term, 0));
    }
    let path: Vec<&str> = t.see.as_deref()?.split(',').map(str::trim).collect();
    let target = book.find(&path)?;
    book.paths_under(target, has)
        .into_iter()
        .filter(|p| book.term(p.term).code.is_some())
        .map(|p| (p.term, p.words))
        .max_by_key(|&(_, words)| words)
        .or_else(|| book.term(target).code.is_some().then_some((target, 0)))
}

/// The place of occurrence (Y92), activity (Y93) and external cause status (Y99) of an
/// injury at its initial encounter, when the question asks for them and says them, and the
/// status beside the external cause codes the coder writes (I.C.20.b,
/// I.C.20.c, I.C.20.k: one each, only at the initial encounter, never Y92.9, Y93.9 or Y99.9
/// for a place, activity or status the record does not state). `has` asks for one of the
/// question's words; `written` are the question's codes (a category it codes is its own).
pub fn circumstances(
    icd: &Icd10Cm,
    book: &Book,
    text: &str,
    has: &dyn Fn(&str) -> bool,
    written: &[String],
) -> Vec<Recommendation> {
    // A coder who reports an external cause reports its status with it (I.C.20.k: whenever
    // another external cause code is assigned); the place and activity only when asked.
    let asked = ASKED.is_match(text);
    let reports_external_causes = written.iter().any(|w| {
        let c = compact(w);
        c.starts_with(['V', 'W', 'X'])
            || (c.starts_with('Y')
                && c.get(..3)
                    .is_some_and(|k| k <= "Y39" || k == "Y92" || k == "Y93"))
    });
    if !asked && !reports_external_causes {
        return Vec::new();
    }
    // A written code that leaves the place or status open (Y92.410 "unspecified street and
    // highway", Y99.9) is read again where the question says more.
    let coded = |category: &str| {
        written.iter().any(|w| {
            let w = compact(w);
            w.starts_with(category) && !icd.says_unspecified(&w)
        })
    };
    // The words that ask ("place", "activity", "status") name no place or activity.
    let asking = super::text::title_terms("place activity status occurrence");
    let has = |w: &str| !asking.iter().any(|a| a == w) && has(w);
    let has: &dyn Fn(&str) -> bool = &has;
    let mut out = Vec::new();
    // A leisure activity the question codes or says is a leisure status (Y99.8).
    let mut leisure = coded("Y93");
    // A written place its own Excludes1 note sends elsewhere ("sports and athletics area of
    // schools" out of Y92.2-) is read again from the Index too.
    let written_place = written
        .iter()
        .find(|w| compact(w).starts_with("Y92") && !icd.says_unspecified(&compact(w)));
    if asked {
        if let Some(&root) = book.main_terms("place of occurrence").first() {
            // A place is where the question says it happened, not a thing it names ("caught
            // in a car door" is no car): the entry's own title has the last word of a place
            // the question puts the injury in.
            let heads = place_heads(text);
            let fits = |title: &str| {
                super::text::title_terms(title)
                    .iter()
                    .any(|w| heads.contains(w))
            };
            // Every public road is under "street and highway" (Tabular Y92.41), whichever of
            // the two words the question uses ("on a state road", "a downtown street").
            let street_and_highway = super::text::title_terms("street highway");
            let road = super::text::title_terms("street road highway")
                .iter()
                .any(|w| has(w));
            let has_place = |w: &str| has(w) || (road && street_and_highway.iter().any(|h| h == w));
            let has_place: &dyn Fn(&str) -> bool = &has_place;
            let mut best = deepest(book, root, has_place, &fits);
            if RESIDENCE.is_match(&OUTSIDE_THE_HOME.replace_all(text, "")) {
                if let Some(home) = book.subterm(root, "residence") {
                    // A house or its yard is a single-family house unless the question names
                    // another kind of residence (apartment, mobile home).
                    let house = HOUSE.is_match(text);
                    let family = super::text::title_terms("house, single family");
                    // A backyard is the house's yard.
                    let yard = super::text::title_terms("yard");
                    let backyard = BACKYARD.is_match(text);
                    let at_home = |w: &str| {
                        has(w)
                            || (house && family.iter().any(|f| f == w))
                            || (backyard && yard.iter().any(|y| y == w))
                    };
                    // A part of a house the Index does not list (the living room, the stairs)
                    // is the house's "specified NEC" place.
                    let unlisted_room = || {
                        let kind = book.subterm(home, "house, single family")?;
                        let other = book.subterm(kind, "specified NEC")?;
                        (house && UNLISTED_ROOM.is_match(text)).then_some((other, 3))
                    };
                    let here = deepest(book, home, &at_home, &fits)
                        .map(|(t, n)| (t, n + 1))
                        .or_else(unlisted_room)
                        .unwrap_or((home, 1));
                    if best.is_none_or(|(_, n)| here.1 >= n) {
                        best = Some(here);
                    }
                }
            }
            let place = best.and_then(|(term, _)| {
                circumstance(icd, book, term, "the place of occurrence (I.C.20.b)")
            });
            match (place, written_place) {
                (Some(place), Some(w)) => {
                    if let Some(note) = super::checks::excludes1_note(icd, w, &place.code) {
                        out.push(Recommendation {
                            why: format!(
                                "instead of {w}, whose Excludes1 note says \"{note}\"; {}",
                                place.why
                            ),
                            ..place
                        });
                    }
                }
                (place, None) => out.extend(place),
                (None, Some(_)) => {}
            }
        }
    }
    // A written activity the Tabular files under "other" ("Activity, other involving ice and
    // snow" for shoveling snow) is read again where the Index names the activity.
    let written_activity = written
        .iter()
        .find(|w| compact(w).starts_with("Y93"))
        .filter(|w| {
            icd.title(w)
                .is_some_and(|t| t.to_lowercase().contains(", other "))
        });
    if asked && (!coded("Y93") || written_activity.is_some()) {
        if let Some(&root) = book.main_terms("activity").first() {
            // The Index names the kind ("walking an animal"), the question the animal.
            let animal = super::text::stem("animal");
            let names_an_animal = ANIMAL.is_match(text);
            let has_activity = |w: &str| has(w) || (names_an_animal && w == animal);
            let activity = deepest(book, root, &has_activity, &|_| true)
                .and_then(|(term, _)| circumstance(icd, book, term, "the activity (I.C.20.c)"));
            leisure |= activity.is_some();
            match (activity, written_activity) {
                (Some(a), Some(w)) if compact(&a.code) != compact(w) => out.push(Recommendation {
                    why: format!(
                        "instead of {w}, a line for activities the Index names elsewhere; {}",
                        a.why
                    ),
                    ..a
                }),
                (a, None) => out.extend(a),
                _ => {}
            }
        }
    }
    if !coded("Y99") {
        let status = if MILITARY.is_match(text) {
            Some("military activity")
        } else if VOLUNTEER.is_match(text) {
            Some("volunteer activity")
        } else if WORK.is_match(text) && !NOT_WORK.is_match(text) {
            Some("civilian activity done for income or pay")
        } else if NOT_WORK.is_match(text) || leisure {
            Some("leisure activity")
        } else {
            None
        };
        if let Some(term) = status.and_then(|s| book.find(&["External cause status", s])) {
            out.extend(circumstance(
                icd,
                book,
                term,
                "the external cause status (I.C.20.k)",
            ));
        }
    }
    out
}

/// An external cause of undetermined intent (Y21-Y33) is for a record that says the intent
/// cannot be determined (I.C.20.h.1). An unknown or unspecified intent is accidental, and an
/// assault or self-harm the question states is that intent (I.C.20.h): the line of that name
/// under the External Cause Index entry that gives the undetermined code (Discharge, firearm
/// Y24.9 → accidental W34.00), with the same 7th character.
pub fn intent_as_stated(
    icd: &Icd10Cm,
    book: &Book,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let line = match tables::injury_intent(text) {
        Intent::Accidental => "accidental",
        Intent::Assault => "assault",
        Intent::SelfHarm => "suicide",
        _ => return picked,
    };
    let mut out: Vec<Recommendation> = Vec::new();
    for r in picked {
        let r = of_intent(icd, book, &r.code, line).unwrap_or(r);
        if !out.iter().any(|o| o.code == r.code) {
            out.push(r);
        }
    }
    out
}

fn of_intent(icd: &Icd10Cm, book: &Book, code: &str, line: &str) -> Option<Recommendation> {
    let c = compact(code);
    if !c.get(..3).is_some_and(|k| ("Y21".."Y34").contains(&k)) {
        return None;
    }
    let seventh = c.chars().nth(6)?;
    let stem = c.get(..6)?.trim_end_matches('X');
    let term = (0..book.terms.len())
        .filter_map(|t| TermId::try_from(t).ok())
        .filter(|&t| book.code_at(t).as_deref() == Some(stem))
        .find_map(|t| book.subterm(t, line))?;
    let given = book.code_at(term)?;
    let reported = format!("{given:X<6}{seventh}");
    let why = format!(
        "instead of {code}: the question does not say the intent cannot be determined, so the intent is {line} (I.C.20.h)"
    );
    icd.is_billable(&reported)
        .then(|| book.recommend(Edition::ExternalCause, icd, term, &reported, why))
}

fn circumstance(icd: &Icd10Cm, book: &Book, term: TermId, what: &str) -> Option<Recommendation> {
    let code = book.code_at(term)?;
    icd.is_billable(&code).then(|| {
        let why =
            format!("{what}, once, at the initial encounter, after the cause codes (I.C.20.d)");
        book.recommend(Edition::ExternalCause, icd, term, &code, why)
    })
}

fn from_book(icd: &Icd10Cm, book: &Book, term: TermId, seventh: char) -> Option<Recommendation> {
    let given = book.code_at(term)?;
    let code = if icd.is_billable(&given) {
        given
    } else {
        let padded = format!("{given:X<6}{seventh}");
        icd.is_billable(&padded).then_some(padded)?
    };
    let why = "the external cause of the injury, after the injury with its encounter's 7th character (I.C.20.a; never first-listed)";
    Some(book.recommend(Edition::ExternalCause, icd, term, &code, why.into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static BOOKS: LazyLock<(Icd10Cm, super::super::lookup::Lookup)> = LazyLock::new(|| {
        (
            Icd10Cm::builtin().unwrap(),
            super::super::lookup::Lookup::builtin().unwrap(),
        )
    });

    fn codes(text: &str, seventh: char) -> Vec<String> {
        let (icd, books) = &*BOOKS;
        causes(icd, &books.external, text, seventh)
            .into_iter()
            .map(|r| r.code)
            .collect()
    }

    #[test]
    fn a_bite_and_a_tool_are_read_under_bite_and_contact_with() {
        assert_eq!(
            codes(
                "7yo bitten on the right index finger by his pet rat at home.",
                'A'
            ),
            ["W53.11XA"]
        );
        assert_eq!(codes("Dog bite to the left forearm.", 'D'), ["W54.0XXD"]);
        assert_eq!(
            codes(
                "Framer accidentally fired a pneumatic nail gun into his left palm.",
                'A'
            ),
            ["W29.4XXA"]
        );
        assert_eq!(
            codes("Cut his hand on broken glass while washing up.", 'A'),
            ["W25.XXXA"]
        );
        // No thing the Index names: no cause is guessed.
        assert!(codes("Bitten by a child at daycare, upper arm.", 'A').is_empty());
        assert!(codes("Cut his left hand at work, laceration.", 'A').is_empty());
    }

    #[test]
    fn the_external_cause_index_gives_the_mechanism_with_the_encounter() {
        assert_eq!(
            codes(
                "48M fell off a ladder in his backyard, Colles fx R wrist.",
                'A'
            ),
            ["W11.XXXA"]
        );
        assert_eq!(
            codes("Twisted his R ankle stepping off a curb, sprain.", 'A'),
            ["W10.1XXA"]
        );
        assert_eq!(
            codes(
                "Fell 12 feet from the top of a climbing wall, heel fx.",
                'A'
            ),
            ["W13.8XXA"]
        );
        assert_eq!(
            codes(
                "Admitted after tripping on the rug at home: femoral neck fx.",
                'A'
            ),
            ["W18.09XA"]
        );
        assert_eq!(
            codes("She slipped on the ice in the parking lot, wrist fx.", 'D'),
            ["W00.0XXD"]
        );
        assert_eq!(
            codes("Slipped on a wet floor at work, lateral malleolus fx.", 'A'),
            ["W01.0XXA"]
        );
        assert_eq!(
            codes(
                "Gasoline ignited while burning brush: third-degree burns.",
                'A'
            ),
            ["X04.XXXA"]
        );
        assert_eq!(
            codes("Fell out of bed at the nursing home.", 'A'),
            ["W06.XXXA"]
        );
        assert_eq!(
            codes(
                "Steam from a pot of pasta burned the back of her L hand.",
                'A'
            ),
            ["X13.1XXA"]
        );
    }

    #[test]
    fn no_external_cause_without_a_mechanism_the_index_names() {
        assert!(codes("Ankle sprain, mechanism unknown.", 'A').is_empty());
        assert!(codes(
            "Her blood pressure fell from 150 to 110 on lisinopril.",
            'A'
        )
        .is_empty());
        assert!(codes("Neck strain, restrained driver.", 'A').is_empty());
        // A pot with no heat said is no burn's source.
        assert!(codes("Cut her hand on a broken pot.", 'A').is_empty());
        assert!(codes("Pt spilled hot coffee on herself, 2nd degree burn.", 'A').is_empty());
    }

    fn around(text: &str, written: &[&str]) -> Vec<String> {
        let (icd, books) = &*BOOKS;
        let terms = super::super::text::title_terms(text);
        let has = |w: &str| terms.iter().any(|t| t == w);
        let written: Vec<String> = written.iter().map(|w| w.to_string()).collect();
        circumstances(icd, &books.external, text, &has, &written)
            .into_iter()
            .map(|r| r.code)
            .collect()
    }

    #[test]
    fn a_backyard_is_the_house_s_yard_where_the_phrase_runs_on() {
        assert_eq!(
            around(
                "8yo climbing a tree in his family's backyard fell 8 feet. Place, activity and status codes?",
                &["W14.XXXA"]
            ),
            ["Y92.017", "Y93.39", "Y99.8"]
        );
    }

    #[test]
    fn place_activity_and_status_when_the_question_asks_for_them() {
        assert_eq!(
            around(
                "9M riding his bike on the path in the city park, fell. Also not sure about place/activity.",
                &["V18.0XXA"]
            ),
            ["Y92.830", "Y93.55", "Y99.8"]
        );
        assert_eq!(
            around(
                "Dog bit her while she was walking across the neighbor's front yard. Not working. Do we need place/activity too?",
                &[]
            ),
            ["Y92.017", "Y93.01", "Y99.8"]
        );
        assert_eq!(
            around(
                "Fell off a ladder in his backyard. Please include all external cause codes (cause, place, activity, status).",
                &[]
            ),
            ["Y92.017"]
        );
        // "Nursing home" sends the coder to the institutional residence, where the room is.
        assert_eq!(
            around(
                "Nursing home resident slid out of her wheelchair in her bedroom at the facility. Cause and place?",
                &["W05.0XXA"]
            ),
            ["Y92.122"]
        );
    }

    #[test]
    fn a_coder_who_reports_an_external_cause_reports_its_status_too() {
        assert_eq!(
            around(
                "De Quervain tenosynovitis from hours of handheld gaming at home.",
                &["X50.3XXA", "Y93.C2"]
            ),
            ["Y99.8"]
        );
        assert_eq!(
            around(
                "Slipped on a wet floor at work, bruised hip.",
                &["W01.0XXA"]
            ),
            ["Y99.0"]
        );
        assert_eq!(
            around(
                "84F, retired, fell out of bed in her house.",
                &["W06.XXXA", "Y92.013"]
            ),
            ["Y99.8"]
        );
        // No status said, none asked for: nothing, and never place or activity unasked.
        assert!(around("Slipped on ice in the park.", &["W00.0XXA"]).is_empty());
    }

    #[test]
    fn the_sidewalk_before_the_house_and_the_dog_being_walked() {
        assert_eq!(
            around(
                "Walking her dog on the sidewalk in front of her house, tripped over it. She is retired. The hospital requires external cause codes.",
                &["W01.0XXA"]
            )[..2],
            ["Y92.480", "Y93.K1"]
        );
        // A dog that bites a walker is not the one walked; a day off is leisure.
        let bitten = around(
            "A dog bit her while she was walking across the neighbor's front yard on her day off. Place/activity?",
            &[],
        );
        assert!(bitten.contains(&"Y93.01".to_owned()), "{bitten:?}");
        assert!(bitten.contains(&"Y99.8".to_owned()), "{bitten:?}");
    }

    #[test]
    fn a_street_or_a_road_is_read_under_street_and_highway() {
        assert_eq!(
            around(
                "Hit a deer riding his motorcycle on a state road. The registry requires external cause codes.",
                &["V20.49XA", "Y92.410"]
            ),
            ["Y92.413"]
        );
        assert_eq!(
            around(
                "Fell off her e-scooter on a local residential street. Which place code?",
                &["V00.841A"]
            ),
            ["Y92.414"]
        );
        // A street the question does not put the injury on is no place.
        assert!(around(
            "Fell off a ladder after crossing the street. Which place code?",
            &[]
        )
        .is_empty());
    }

    #[test]
    fn a_room_the_index_does_not_list_is_the_house_s_other_place() {
        let codes = around(
            "Slipped on the stairs of her house. The registry requires external cause codes.",
            &["W10.9XXA"],
        );
        assert!(codes.contains(&"Y92.018".to_owned()), "{codes:?}");
    }

    #[test]
    fn a_payer_that_wants_external_causes_asks_for_the_place() {
        let codes = around(
            "Tripped over a toy in her backyard and fell. Our payer wants external cause codes.",
            &["W01.0XXA"],
        );
        assert!(codes.contains(&"Y92.017".to_owned()), "{codes:?}");
    }

    #[test]
    fn no_place_activity_or_status_unasked_unsaid_or_coded() {
        // Not asked.
        assert!(around("9M riding his bike in the city park, fell.", &[]).is_empty());
        // Asked, but the record says none of them (I.C.20.b, c, k: no Y92.9, Y93.9, Y99.9).
        assert!(around(
            "Finger caught in a car door. Do we need place/activity codes?",
            &[]
        )
        .is_empty());
        // The question's own codes of those categories stay its own.
        assert_eq!(
            around(
                "Riding his bike in the city park. Place/activity?",
                &["Y92.830", "Y93.55"]
            ),
            ["Y99.8"]
        );
    }
}
