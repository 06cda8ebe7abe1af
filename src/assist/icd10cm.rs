//! The ICD-10-CM tabular list: its tree, its notes, and the billable codes derived from it.

use rustc_hash::{FxHashMap, FxHashSet};
use std::io::Read;

use quick_xml::events::Event;
use quick_xml::Reader;
use serde::{Deserialize, Serialize};

use super::AssistError;

/// The built-in code set, the CDC tabular list as shipped under `data/icd10cm/`.
pub const BUILTIN_YEAR: u16 = 2026;
pub(super) static BUILTIN_XML_GZ: &[u8] =
    include_bytes!("../../data/icd10cm/icd10c-tabular-April-1-2026.xml.gz");

/// The instructional notes of one level (chapter, section or code).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Notes {
    pub inclusion_terms: Vec<String>,
    pub includes: Vec<String>,
    pub excludes1: Vec<String>,
    pub excludes2: Vec<String>,
    pub code_first: Vec<String>,
    pub use_additional: Vec<String>,
    pub code_also: Vec<String>,
    pub other: Vec<String>,
}

/// A chapter or a section (block) of the tabular list.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Container {
    pub id: String,
    pub title: String,
    pub parent: Option<usize>,
    pub notes: Notes,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Node {
    /// As printed, with the dot: `M54.50`.
    pub code: String,
    pub title: String,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// The section the code is in.
    pub section: usize,
    pub notes: Notes,
    /// This level's own 7th-character definition.
    pub seventh: Vec<(char, String)>,
}

#[derive(Serialize, Deserialize)]
pub struct Icd10Cm {
    pub year: u16,
    pub nodes: Vec<Node>,
    pub containers: Vec<Container>,
    index: FxHashMap<String, usize>,
    billable: FxHashSet<String>,
    /// The same codes in order, for prefix ranges.
    billable_sorted: Vec<String>,
}

/// Codes are compared without the dot and in upper case.
pub fn compact(code: &str) -> String {
    code.trim()
        .chars()
        .filter(|c| *c != '.')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// `compact(code)`, without a copy when the code is compact already: the lookups by code run
/// for every candidate of a draft, most of them codes the code set itself gave.
pub fn compact_cow(code: &str) -> std::borrow::Cow<'_, str> {
    let already = code.len() == code.trim().len()
        && !code.bytes().any(|b| b == b'.' || b.is_ascii_lowercase());
    if already {
        code.into()
    } else {
        compact(code).into()
    }
}

/// `M5450` → `M54.50`.
pub fn dotted(compact: &str) -> String {
    if compact.len() > 3 {
        format!("{}.{}", &compact[..3], &compact[3..])
    } else {
        compact.to_owned()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NoteKind {
    InclusionTerm,
    Includes,
    Excludes1,
    Excludes2,
    CodeFirst,
    UseAdditional,
    CodeAlso,
    Other,
}

impl NoteKind {
    fn from_tag(tag: &[u8]) -> Option<Self> {
        Some(match tag {
            b"inclusionTerm" => Self::InclusionTerm,
            b"includes" => Self::Includes,
            b"excludes1" => Self::Excludes1,
            b"excludes2" => Self::Excludes2,
            b"codeFirst" => Self::CodeFirst,
            b"useAdditionalCode" => Self::UseAdditional,
            b"codeAlso" => Self::CodeAlso,
            b"notes" | b"sevenChrNote" => Self::Other,
            _ => return None,
        })
    }
}

impl Notes {
    fn push(&mut self, kind: NoteKind, text: String) {
        let list = match kind {
            NoteKind::InclusionTerm => &mut self.inclusion_terms,
            NoteKind::Includes => &mut self.includes,
            NoteKind::Excludes1 => &mut self.excludes1,
            NoteKind::Excludes2 => &mut self.excludes2,
            NoteKind::CodeFirst => &mut self.code_first,
            NoteKind::UseAdditional => &mut self.use_additional,
            NoteKind::CodeAlso => &mut self.code_also,
            NoteKind::Other => &mut self.other,
        };
        list.push(text);
    }
}

#[derive(Clone, Copy)]
enum Owner {
    Container(usize),
    Node(usize),
}

impl Icd10Cm {
    pub fn builtin() -> Result<Self, AssistError> {
        Self::from_gzip(BUILTIN_XML_GZ)
    }

    pub fn from_gzip(bytes: &[u8]) -> Result<Self, AssistError> {
        let mut xml = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut xml)
            .map_err(|e| AssistError::CodeSet(format!("decompressing: {e}")))?;
        Self::from_xml(&xml)
    }

    /// Reads the CDC tabular XML (`icd10cm_tabular_YYYY.xml` / `icd10c-tabular-….xml`).
    pub fn from_xml(xml: &str) -> Result<Self, AssistError> {
        let mut reader = Reader::from_str(xml);
        reader.config_mut().trim_text(true);
        let mut set = Icd10Cm {
            year: 0,
            nodes: Vec::with_capacity(48_000),
            containers: Vec::with_capacity(400),
            index: FxHashMap::with_capacity_and_hasher(48_000, Default::default()),
            billable: FxHashSet::default(),
            billable_sorted: Vec::new(),
        };
        let mut owners: Vec<Owner> = Vec::new();
        let mut path: Vec<Vec<u8>> = Vec::new();
        let mut note_kind: Option<NoteKind> = None;
        let mut seventh_char: Option<char> = None;
        let mut chapter: Option<usize> = None;
        let mut section: usize = 0;
        loop {
            let event = reader.read_event().map_err(|e| {
                AssistError::CodeSet(format!("XML at byte {}: {e}", reader.buffer_position()))
            })?;
            match event {
                Event::Start(e) => {
                    let tag = e.name().as_ref().to_vec();
                    match tag.as_slice() {
                        b"chapter" => {
                            set.containers.push(Container {
                                id: String::new(),
                                title: String::new(),
                                parent: None,
                                notes: Notes::default(),
                            });
                            chapter = Some(set.containers.len() - 1);
                            owners.push(Owner::Container(set.containers.len() - 1));
                        }
                        b"section" => {
                            let id = e
                                .try_get_attribute("id")
                                .ok()
                                .flatten()
                                .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
                                .unwrap_or_default();
                            set.containers.push(Container {
                                id,
                                title: String::new(),
                                parent: chapter,
                                notes: Notes::default(),
                            });
                            section = set.containers.len() - 1;
                            owners.push(Owner::Container(section));
                        }
                        b"diag" => {
                            let parent = match owners.last() {
                                Some(Owner::Node(n)) => Some(*n),
                                _ => None,
                            };
                            set.nodes.push(Node {
                                code: String::new(),
                                title: String::new(),
                                parent,
                                children: Vec::new(),
                                section,
                                notes: Notes::default(),
                                seventh: Vec::new(),
                            });
                            let id = set.nodes.len() - 1;
                            if let Some(p) = parent {
                                set.nodes[p].children.push(id);
                            }
                            owners.push(Owner::Node(id));
                        }
                        b"extension" => {
                            seventh_char =
                                e.try_get_attribute("char").ok().flatten().and_then(|a| {
                                    a.unescape_value().ok().and_then(|v| v.chars().next())
                                });
                        }
                        other => {
                            if let Some(kind) = NoteKind::from_tag(other) {
                                note_kind = Some(kind);
                            }
                        }
                    }
                    path.push(tag);
                }
                Event::End(e) => {
                    let tag = e.name().as_ref().to_vec();
                    if matches!(tag.as_slice(), b"chapter" | b"section" | b"diag") {
                        owners.pop();
                    }
                    if NoteKind::from_tag(&tag).is_some() {
                        note_kind = None;
                    }
                    path.pop();
                }
                Event::Text(t) => {
                    let text = t
                        .unescape()
                        .map_err(|e| AssistError::CodeSet(e.to_string()))?
                        .into_owned();
                    let tag = path.last().map(Vec::as_slice).unwrap_or_default();
                    set.take_text(
                        tag,
                        text,
                        owners.last().copied(),
                        note_kind,
                        seventh_char.take(),
                    );
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if set.year == 0 || set.nodes.is_empty() {
            return Err(AssistError::CodeSet("not an ICD-10-CM tabular list".into()));
        }
        for (i, node) in set.nodes.iter().enumerate() {
            set.index.insert(compact(&node.code), i);
        }
        set.billable = set.derive_billable();
        set.billable_sorted = set.billable.iter().cloned().collect();
        set.billable_sorted.sort_unstable();
        Ok(set)
    }

    fn take_text(
        &mut self,
        tag: &[u8],
        text: String,
        owner: Option<Owner>,
        note_kind: Option<NoteKind>,
        seventh: Option<char>,
    ) {
        match (tag, owner) {
            (b"version", _) => self.year = text.trim().parse().unwrap_or(0),
            (b"name", Some(Owner::Node(n))) => self.nodes[n].code = text,
            (b"desc", Some(Owner::Node(n))) => self.nodes[n].title = text,
            (b"name", Some(Owner::Container(c))) => self.containers[c].id = text,
            (b"desc", Some(Owner::Container(c))) => self.containers[c].title = text,
            (b"extension", Some(Owner::Node(n))) => {
                if let Some(ch) = seventh {
                    self.nodes[n].seventh.push((ch, text));
                }
            }
            (b"note", Some(owner)) => {
                let Some(kind) = note_kind else { return };
                match owner {
                    Owner::Node(n) => self.nodes[n].notes.push(kind, text),
                    Owner::Container(c) => self.containers[c].notes.push(kind, text),
                }
            }
            _ => {}
        }
    }

    /// Leaves are billable, except where a 7th character is required: then every allowed 7th
    /// character, on the code padded with placeholder X to six characters, less the
    /// characters a note rules out (the S06 deaths).
    fn derive_billable(&self) -> FxHashSet<String> {
        let mut out = FxHashSet::with_capacity_and_hasher(75_000, Default::default());
        for (i, node) in self.nodes.iter().enumerate() {
            if !node.children.is_empty() {
                continue;
            }
            match self.seventh_for(i) {
                None => {
                    out.insert(compact(&node.code));
                }
                Some(owner) => {
                    let base = padded(&compact(&node.code));
                    for (ch, _) in &self.nodes[owner].seventh {
                        if !self.seventh_excluded(owner, &base, *ch) {
                            out.insert(format!("{base}{ch}"));
                        }
                    }
                }
            }
        }
        out
    }

    /// The nearest level (the code itself or an ancestor) that defines 7th characters.
    pub fn seventh_for(&self, mut i: usize) -> Option<usize> {
        loop {
            if !self.nodes[i].seventh.is_empty() {
                return Some(i);
            }
            i = self.nodes[i].parent?;
        }
    }

    /// Reads notes such as S06's "7th characters D and S do not apply to codes in category S06
    /// with 6th character 7 … or 8 …".
    pub fn seventh_excluded(&self, owner: usize, base6: &str, ch: char) -> bool {
        self.nodes[owner].notes.other.iter().any(|note| {
            let Some((chars_part, rest)) = note.split_once("do not apply") else {
                return false;
            };
            let Some(after) = chars_part.split("7th character").nth(1) else {
                return false;
            };
            let letters: Vec<char> = after
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| w.len() == 1)
                .filter_map(|w| w.chars().next())
                .collect();
            let sixth: Vec<char> = rest
                .split("6th character")
                .skip(1)
                .filter_map(|part| part.trim_start().chars().next())
                .chain(
                    rest.split(", or ")
                        .skip(1)
                        .filter_map(|p| p.trim_start().chars().next()),
                )
                .filter(char::is_ascii_digit)
                .collect();
            letters.contains(&ch) && base6.chars().nth(5).is_some_and(|c| sixth.contains(&c))
        })
    }

    pub fn node(&self, code: &str) -> Option<&Node> {
        self.index.get(&*compact_cow(code)).map(|&i| &self.nodes[i])
    }

    pub fn node_index(&self, code: &str) -> Option<usize> {
        self.index.get(&*compact_cow(code)).copied()
    }

    pub fn is_billable(&self, code: &str) -> bool {
        self.billable.contains(&*compact_cow(code))
    }

    pub fn billable_count(&self) -> usize {
        self.billable.len()
    }

    pub fn billable_codes(&self) -> impl Iterator<Item = &String> {
        self.billable_sorted.iter()
    }

    /// Whether a code's title leaves something unspecified (a side, a type, a site).
    pub fn says_unspecified(&self, code: &str) -> bool {
        // Ranking reads it for every code below a header: no title is built for it.
        let says = |t: &str| t.contains("unspecified") || t.contains("Unspecified");
        self.title_parts(code)
            .is_some_and(|(title, seventh)| says(title) || seventh.is_some_and(says))
    }

    /// The title of any code, including a 7-character code built from its base.
    pub fn title(&self, code: &str) -> Option<String> {
        self.title_parts(code).map(|parts| match parts {
            (title, Some(seventh)) => format!("{title}, {seventh}"),
            (title, None) => title.to_owned(),
        })
    }

    /// A code's title as the Tabular prints it: its node's title, and for a 7-character code
    /// built from its base, the 7th character's meaning.
    fn title_parts(&self, code: &str) -> Option<(&str, Option<&str>)> {
        let c = compact_cow(code);
        if let Some(n) = self.node(&c) {
            return Some((&n.title, None));
        }
        if c.len() == 7 && self.billable.contains(&*c) {
            let base = c[..6].trim_end_matches('X');
            let i = self.node_index(base)?;
            let owner = self.seventh_for(i)?;
            let ch = c.chars().nth(6)?;
            let ext = self.nodes[owner].seventh.iter().find(|(x, _)| *x == ch)?;
            return Some((&self.nodes[i].title, Some(&ext.1)));
        }
        None
    }

    /// Every billable code at or below `code` (a header's billable children).
    pub fn billable_below(&self, code: &str) -> Vec<String> {
        let prefix = compact(code);
        let start = self
            .billable_sorted
            .partition_point(|c| c.as_str() < prefix.as_str());
        self.billable_sorted[start..]
            .iter()
            .take_while(|c| c.starts_with(&prefix))
            .cloned()
            .collect()
    }

    /// A billable code's Tabular line, as a recommendation's evidence.
    pub fn tabular_evidence(&self, code: &str) -> String {
        format!(
            "Tabular (FY2026): {} {}, billable",
            dotted(&compact(code)),
            self.title(code).unwrap_or_default()
        )
    }

    /// The Tabular section (block) a code is in ("O10-O16").
    pub fn section_of(&self, code: &str) -> Option<&str> {
        let i = self.node_index(&compact(code))?;
        Some(self.containers[self.nodes[i].section].id.as_str())
    }

    /// The levels above a code: its ancestors, its section, its chapter (nearest first).
    pub fn lineage(&self, i: usize) -> (Vec<usize>, Vec<usize>) {
        let mut nodes = vec![i];
        let mut at = i;
        while let Some(p) = self.nodes[at].parent {
            nodes.push(p);
            at = p;
        }
        let mut containers = vec![self.nodes[i].section];
        if let Some(ch) = self.containers[self.nodes[i].section].parent {
            containers.push(ch);
        }
        (nodes, containers)
    }
}

/// Pads a code shorter than six characters with placeholder X.
pub fn padded(compact: &str) -> String {
    format!("{compact:X<6}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_convert_between_forms() {
        assert_eq!(compact("m54.50"), "M5450");
        assert_eq!(dotted("M5450"), "M54.50");
        assert_eq!(dotted("C61"), "C61");
        assert_eq!(padded("S022"), "S022XX");
    }
}
