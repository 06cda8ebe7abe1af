//! The shipped text of the ICD-10-CM Official Guidelines (FY2026, `pdftotext -layout`, pages
//! split by form feeds) read as its numbered items: I.A.4, I.C.1.d.1.a.i, II.H, IV.H, each with
//! its heading, the page it starts on and its wording. Flags quote from here, and the coverage
//! table is checked against it.

use std::io::Read;
use std::sync::LazyLock;

static GUIDELINES_TXT_GZ: &[u8] =
    include_bytes!("../../data/icd10cm-index/icd_10_cm_october_2025_guidelines_0.txt.gz");

/// One numbered item of the guidelines.
#[derive(Clone, Debug)]
pub struct Item {
    /// The dotted number the guidelines cite it by: `I.C.9.a.2`, `II.H`.
    pub id: String,
    pub heading: String,
    /// The page its heading stands on.
    pub page: u16,
    /// Its own wording up to the next numbered item (normalized by [`normalize`]), the
    /// heading first.
    pub text: String,
    /// Where in `text` each later page begins: the page of a quote is found from its offset.
    page_breaks: Vec<(usize, u16)>,
}

impl Item {
    pub fn page_at(&self, offset: usize) -> u16 {
        self.page_breaks
            .iter()
            .take_while(|(at, _)| *at <= offset)
            .last()
            .map_or(self.page, |(_, p)| *p)
    }

    /// The wording after the heading.
    pub fn body(&self) -> &str {
        let h = normalize(&self.heading);
        self.text
            .strip_prefix(h.as_str())
            .unwrap_or(&self.text)
            .trim_start()
    }
}

/// The kinds of number the guidelines use, outermost first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Section,
    Upper,
    Number,
    Lower,
    NumberParen,
    LowerParen,
    Roman,
}

impl Level {
    fn deeper(self) -> Option<Level> {
        use Level::*;
        Some(match self {
            Section => Upper,
            Upper => Number,
            Number => Lower,
            Lower => NumberParen,
            NumberParen => LowerParen,
            LowerParen => Roman,
            Roman => return None,
        })
    }
}

/// A line that starts like a numbered heading: each reading of its mark (`(i)` is the ninth
/// letter or the first roman numeral) with its ordinal, and the heading's text.
fn marks(line: &str) -> Vec<(Level, u32, String, &str)> {
    let t = line.trim_start();
    let mut out = Vec::new();
    if let Some(rest) = t.strip_prefix("Section ") {
        for (n, roman) in ["I", "II", "III", "IV"].iter().enumerate() {
            if let Some(h) = rest
                .strip_prefix(roman)
                .and_then(|r| r.strip_prefix(". "))
                .filter(|h| h.trim_start().starts_with(char::is_uppercase))
            {
                out.push((Level::Section, n as u32 + 1, roman.to_string(), h.trim()));
            }
        }
        return out;
    }
    if let Some(inner) = t.strip_prefix('(') {
        if let Some((mark, rest)) = inner.split_once(')') {
            let heading = rest.trim();
            if heading.is_empty() {
                return out;
            }
            if let Some(n) = roman_value(mark) {
                out.push((Level::Roman, n, mark.to_owned(), heading));
            }
            if let [c @ b'a'..=b'z'] = mark.as_bytes() {
                out.push((
                    Level::LowerParen,
                    u32::from(c - b'a') + 1,
                    mark.to_owned(),
                    heading,
                ));
            }
        }
        return out;
    }
    let end = t.find(['.', ')']).unwrap_or(0);
    if end == 0 || end > 2 {
        return out;
    }
    let (mark, rest) = t.split_at(end);
    let sep = rest.as_bytes()[0];
    let after = &rest[1..];
    // A heading's text follows its mark after a space; "e.g." and "1.5" are not marks.
    if !after.starts_with([' ', '\t']) || after.trim().is_empty() {
        return out;
    }
    let heading = after.trim();
    let bytes = mark.as_bytes();
    match (sep, bytes) {
        (b'.', [c @ b'A'..=b'Z']) => out.push((
            Level::Upper,
            u32::from(c - b'A') + 1,
            mark.to_owned(),
            heading,
        )),
        (b'.', [c @ b'a'..=b'z']) => out.push((
            Level::Lower,
            u32::from(c - b'a') + 1,
            mark.to_owned(),
            heading,
        )),
        (b'.', _) if bytes.iter().all(u8::is_ascii_digit) => out.push((
            Level::Number,
            mark.parse().unwrap_or(0),
            mark.to_owned(),
            heading,
        )),
        (b')', _) if bytes.iter().all(u8::is_ascii_digit) => out.push((
            Level::NumberParen,
            mark.parse().unwrap_or(0),
            mark.to_owned(),
            heading,
        )),
        _ => {}
    }
    out
}

fn roman_value(s: &str) -> Option<u32> {
    const ROMANS: [&str; 12] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ];
    ROMANS.iter().position(|r| *r == s).map(|i| i as u32 + 1)
}

/// A heading that ends mid-phrase runs on to the next line.
fn runs_on(heading: &str) -> bool {
    let last = heading.rsplit(' ').next().unwrap_or("");
    heading.ends_with([',', '-', '(', '/'])
        || [
            "and",
            "or",
            "of",
            "the",
            "to",
            "with",
            "for",
            "in",
            "a",
            "an",
            "by",
            "on",
            "versus",
            "than",
            "other",
            "not",
            "during",
            "that",
            "affecting",
            "involving",
            "associated",
        ]
        .contains(&last.to_ascii_lowercase().as_str())
        || heading.matches('(').count() > heading.matches(')').count()
        || heading.matches('“').count() > heading.matches('”').count()
}

fn is_page_furniture(line: &str) -> bool {
    let t = line.trim();
    t == "ICD-10-CM Official Guidelines for Coding and Reporting"
        || t == "FY 2026"
        || (t.starts_with("Page ") && t.ends_with(" of 121"))
}

/// The text's lines from Section I to the appendix, each with its page.
fn body_lines(text: &str) -> Vec<(&str, u16)> {
    let mut out = Vec::new();
    let mut page = 0u16;
    for chunk in text.split('\u{c}') {
        let footer = chunk.lines().rev().find_map(|l| {
            l.trim()
                .strip_prefix("Page ")
                .and_then(|r| r.strip_suffix(" of 121"))
                .and_then(|n| n.parse().ok())
        });
        page = footer.unwrap_or(page + 1);
        out.extend(
            chunk
                .lines()
                .filter(|l| !is_page_furniture(l))
                .map(|l| (l, page)),
        );
    }
    // The table of contents lists the same headings with leader dots and page numbers.
    let start = out
        .iter()
        .position(|(l, _)| l.starts_with("Section I. ") && !l.contains(".."))
        .unwrap_or(0);
    let end = out
        .iter()
        .rposition(|(l, _)| l.trim() == "Appendix I")
        .unwrap_or(out.len());
    out.truncate(end);
    out.drain(..start);
    out
}

/// Typographic quotes and dashes as ASCII, runs of space as one, and a hyphen that ended a
/// line joined to the rest of its word: the text as a quote is written.
pub fn normalize(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| match c {
            '‘' | '’' | '′' => '\'',
            '“' | '”' => '"',
            '–' | '—' | '‐' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    let mut out = String::with_capacity(mapped.len());
    for word in mapped.split(' ').filter(|w| !w.is_empty()) {
        let split_word = out.len() > 1
            && out.ends_with('-')
            && out[..out.len() - 1].ends_with(|c: char| c.is_alphanumeric());
        if !out.is_empty() && !split_word {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

struct Open {
    level: Level,
    ordinal: u32,
    mark: String,
}

/// Every numbered item of Sections I-IV, in the order of the text.
pub fn parse(text: &str) -> Vec<Item> {
    let lines = body_lines(text);
    let mut items: Vec<Item> = Vec::new();
    let mut raw: Vec<Vec<(String, u16)>> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (line, page) = lines[i];
        i += 1;
        let Some((depth, level, ordinal, mark, heading)) = place(&stack, line) else {
            if let Some(r) = raw.last_mut() {
                r.push((line.to_owned(), page));
            }
            continue;
        };
        stack.truncate(depth);
        stack.push(Open {
            level,
            ordinal,
            mark,
        });
        let mut heading = heading.to_owned();
        while runs_on(&heading) && i < lines.len() && !lines[i].0.trim().is_empty() {
            if place(&stack, lines[i].0).is_some() {
                break;
            }
            heading = format!("{} {}", heading, lines[i].0.trim());
            i += 1;
        }
        let id = stack
            .iter()
            .map(|o| o.mark.as_str())
            .collect::<Vec<_>>()
            .join(".");
        items.push(Item {
            id,
            heading: normalize(&heading),
            page,
            text: String::new(),
            page_breaks: Vec::new(),
        });
        raw.push(vec![(heading, page)]);
    }
    for (item, lines) in items.iter_mut().zip(raw) {
        let mut page = item.page;
        let mut text = String::new();
        for (line, p) in lines {
            if p != page {
                page = p;
                item.page_breaks.push((normalize(&text).len(), p));
            }
            text.push_str(&line);
            text.push('\n');
        }
        item.text = normalize(&text);
    }
    items
}

/// Where a line's mark fits the items open above it: the next sibling of an open item
/// (deepest first), else the first child of the innermost; the depth to keep and the mark.
fn place<'a>(stack: &[Open], line: &'a str) -> Option<(usize, Level, u32, String, &'a str)> {
    let readings = marks(line);
    if readings.is_empty() {
        return None;
    }
    for depth in (0..stack.len()).rev() {
        let open = &stack[depth];
        if let Some((l, n, m, h)) = readings
            .iter()
            .find(|(l, n, _, _)| *l == open.level && *n == open.ordinal + 1)
        {
            return Some((depth, *l, *n, m.clone(), h));
        }
    }
    let child = stack
        .last()
        .map_or(Some(Level::Section), |o| o.level.deeper())?;
    readings
        .into_iter()
        .find(|(l, n, _, _)| *l == child && *n == 1)
        .map(|(l, n, m, h)| (stack.len(), l, n, m, h))
}

static ITEMS: LazyLock<Vec<Item>> = LazyLock::new(|| {
    let mut text = String::new();
    flate2::read::GzDecoder::new(GUIDELINES_TXT_GZ)
        .read_to_string(&mut text)
        .expect("the shipped guideline text is gzip'd UTF-8");
    parse(&text)
});

/// The items of the shipped FY2026 guidelines.
pub fn items() -> &'static [Item] {
    &ITEMS
}

pub fn item(id: &str) -> Option<&'static Item> {
    ITEMS.iter().find(|i| i.id == id)
}

/// The text of an item and of the items numbered under it.
pub fn with_subitems(id: &str) -> Vec<&'static Item> {
    let prefix = format!("{id}.");
    ITEMS
        .iter()
        .filter(|i| i.id == id || i.id.starts_with(&prefix))
        .collect()
}

/// Where a quote stands in an item or its subitems: the item and the page. A quote shortened
/// with "…" (or "...") matches when each piece stands in the same item, in order.
pub fn find_quote(id: &str, quote: &str) -> Option<(&'static Item, u16)> {
    let pieces: Vec<String> = quote
        .split(['…'])
        .flat_map(|p| p.split("..."))
        .map(|p| normalize(p).trim_matches([' ', '.']).to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    let first = pieces.first()?;
    with_subitems(id).into_iter().find_map(|item| {
        let at = item.text.find(first.as_str())?;
        let mut from = at + first.len();
        for p in &pieces[1..] {
            from += item.text[from..].find(p.as_str())? + p.len();
        }
        Some((item, item.page_at(at)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_read_each_numbering_and_refuse_prose() {
        assert_eq!(marks("   4.   Placeholder character")[0].0, Level::Number);
        assert_eq!(marks("(iii)Lower respiratory infection")[0].0, Level::Roman);
        assert_eq!(marks("(i) Encounters for HIV testing").len(), 2);
        assert!(marks("e.g., patient admitted").is_empty());
        assert!(marks("Section I.C.19.g.3.a. Transplant").is_empty());
        assert!(marks("code. The inclusion terms").is_empty());
    }

    #[test]
    fn the_shipped_text_has_its_known_items_with_pages() {
        let a = item("I.A.4").expect("I.A.4");
        assert_eq!(a.heading, "Placeholder character");
        assert_eq!(a.page, 7);
        let r = item("I.C.1.d.1.a.iii").expect("sepsis with organ dysfunction");
        assert!(
            r.heading.starts_with("Sepsis with organ dysfunction"),
            "{}",
            r.heading
        );
        assert!(item("I.C.1.a.2.i").is_some_and(|i| i.heading.contains("HIV testing")));
        assert!(item("IV.H").is_some_and(|i| i.heading == "Uncertain diagnosis"));
        assert!(item("II.I.2").is_some());
        assert!(item("I.C.22").is_some());
        assert!(!items().iter().any(|i| i.id.starts_with("V")));
    }

    #[test]
    fn a_quote_is_found_across_a_page_and_a_hyphenated_line() {
        let (item, page) = find_quote(
            "I.B.19",
            "External cause of morbidity codes are never to be recorded as a principal diagnosis (first-listed in non-inpatient settings).",
        )
        .expect("found");
        assert_eq!(item.id, "I.B.19.a");
        assert_eq!(page, 17);
        assert!(find_quote("I.B.19", "hurricane … must be recorded first").is_none());
    }
}
