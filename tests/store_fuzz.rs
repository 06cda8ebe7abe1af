//! The store under hostile mail: generated whole messages (huge and odd headers, huge bodies,
//! thousands of addresses, unknown charsets, deep MIME) go through parse, classification and
//! `CaseStore::ingest` against a fresh database, as intake stores them. Every message must be
//! stored, once per UID and with its raw bytes whole, and search must keep working.
//!
//! The default run takes a fixed set of seeds. `STORE_FUZZ_SECS=N` (`deploy/fuzz-store.sh`)
//! keeps generating from fresh seeds for N seconds; `STORE_FUZZ_SEED` sets the first seed, to
//! rerun a finding. A message the store refuses is saved under `tests/fixtures/store-fuzz/`
//! and replayed by `every_saved_finding_is_stored` in every test run.

mod common;

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use caseconsult::cases::IngestOutcome;
use caseconsult::cases::{mailboxes, search_cases, CaseError, CaseStore, IngestInput};
use caseconsult::config::Config;
use caseconsult::domain::{sha256, CaseId, MailboxKey};
use caseconsult::intake::classify::{quarantine_reason, Policy};
use caseconsult::intake::parse::parse;
use futures::FutureExt;
use sqlx::PgPool;

const DESK: &str = "consult@example.test";
/// The configuration's default `max_attachment_bytes`, as the worker parses with.
const MAX_ATTACHMENT_BYTES: u64 = 10 * 1024 * 1024;
/// What the default run covers: every generator branch comes up in these, the largest bodies
/// a few times, within about half a minute.
const FIXED_SEEDS: std::ops::RangeInclusive<u64> = 1..=150;
/// A long run moves to a new database after this much raw mail, so the rig's disk holds out.
const BYTES_PER_DATABASE: u64 = 512 * 1024 * 1024;

// ---- the generator -----------------------------------------------------------------------

/// SplitMix64: small, and a message is a function of its seed alone, so the seed printed with
/// a finding makes the same message again.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// 1..=max, spread evenly over orders of magnitude: short ones common, the longest rare.
    fn len(&mut self, max: usize) -> usize {
        let bits = (usize::BITS - max.leading_zeros()) as usize;
        let top = 1usize << self.below(bits + 1);
        (self.below(top) + 1).min(max)
    }

    /// A length up to `max`; now and then one just around a limit the store has met (a btree
    /// entry's 2,704 bytes, a page, the 100,000 characters search reads, a tsvector's 1 MB).
    fn size(&mut self, max: usize) -> usize {
        const EDGES: [usize; 5] = [2_704, 8_192, 100_000, 1_048_576, 1_250_000];
        let edge = self.pick(&EDGES);
        if self.one_in(4) && edge + 16 <= max {
            return edge - 16 + self.below(32);
        }
        self.len(max)
    }
}

/// Alphabets PostgreSQL's text parser reads as letters, from one to four bytes a character.
const SCRIPTS: [(&str, u32, u32); 8] = [
    ("latin", 0x61, 0x7A),
    ("cyrillic", 0x430, 0x44F),
    ("greek", 0x3B1, 0x3C9),
    ("arabic", 0x628, 0x63A),
    ("devanagari", 0x915, 0x939),
    ("cjk", 0x4E00, 0x9FFF),
    ("hangul", 0xAC00, 0xD7A3),
    ("gothic", 0x10330, 0x1034A),
];

/// The `n`th word of an alphabet, shortest first: consecutive `n` are all different words,
/// which is what makes a tsvector large.
fn nth_word(mut n: u64, lo: u32, hi: u32) -> String {
    let base = u64::from(hi - lo + 1);
    let mut word = String::new();
    loop {
        word.push(char::from_u32(lo + (n % base) as u32).unwrap_or('x'));
        n /= base;
        if n == 0 {
            return word;
        }
        n -= 1;
    }
}

/// Charset names in encoded words and Content-Type: common, legacy, decodable only by some
/// libraries, unknown, empty and absurd.
const CHARSETS: [&str; 18] = [
    "utf-8",
    "iso-8859-1",
    "windows-1252",
    "koi8-r",
    "shift_jis",
    "iso-2022-jp",
    "gb18030",
    "big5",
    "utf-7",
    "utf-16",
    "utf-16be",
    "utf-32",
    "x-unknown-charset",
    "",
    "iso-8859-8-i",
    "\"utf-8\"",
    "utf-8*en",
    "unicode-1-1-utf-7-but-longer-than-any-registered-charset-name-would-be",
];

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len() / 3 * 4 + 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, b| n << 8 | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
        out.extend(std::iter::repeat_n('=', 3 - chunk.len()));
    }
    out
}

/// Base64 in 76-character lines, as mail clients write a body.
fn base64_lines(bytes: &[u8]) -> Vec<u8> {
    let encoded = base64(bytes);
    let mut out = Vec::with_capacity(encoded.len() * 78 / 76 + 2);
    for line in encoded.as_bytes().chunks(76) {
        out.extend_from_slice(line);
        out.extend_from_slice(b"\r\n");
    }
    out
}

fn quoted_printable(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() * 2);
    let mut column = 0;
    for &b in bytes {
        if b == b'\n' {
            out.push(b);
            column = 0;
            continue;
        }
        if column > 72 {
            out.extend_from_slice(b"=\r\n");
            column = 0;
        }
        if (b' '..=b'~').contains(&b) && b != b'=' || b == b'\r' {
            out.push(b);
            column += 1;
        } else {
            out.extend_from_slice(format!("={b:02X}").as_bytes());
            column += 3;
        }
    }
    out
}

/// One MIME entity: its header lines and its body.
#[derive(Default)]
struct Part {
    head: Vec<u8>,
    body: Vec<u8>,
}

impl Part {
    fn header(&mut self, name: &str, value: impl AsRef<[u8]>) {
        push_header(&mut self.head, name, value.as_ref());
    }

    fn into_bytes(mut self) -> Vec<u8> {
        self.head.extend_from_slice(b"\r\n");
        self.head.append(&mut self.body);
        self.head
    }
}

fn push_header(out: &mut Vec<u8>, name: &str, value: &[u8]) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b": ");
    out.extend_from_slice(value);
    out.extend_from_slice(b"\r\n");
}

/// A generated message, and the generator's choices: they describe it in a finding without
/// quoting it.
struct Mail {
    seed: u64,
    bytes: Vec<u8>,
    shape: Vec<String>,
    /// The word the subject starts with when the generator wrote a plain one, to search by.
    marker: String,
    /// Cut short, as the worker stores a message over `max_message_bytes`.
    truncated: bool,
}

impl Mail {
    fn shape(&self) -> String {
        self.shape.join(" ")
    }
}

struct Gen {
    rng: Rng,
    seed: u64,
    shape: Vec<String>,
    head: Vec<u8>,
    /// Body bytes still to spend, so many parts and deep nesting stay around the few MB of
    /// the largest real messages.
    budget: usize,
}

/// The message of `seed`; now and then an exact copy of an earlier seed's, delivered again.
fn message(seed: u64) -> Mail {
    let mut rng = Rng(seed);
    if seed > 1 && rng.one_in(25) {
        let earlier = seed - 1 - rng.below(20.min(seed as usize - 1)) as u64;
        let mut mail = fresh(earlier);
        mail.shape
            .insert(0, format!("redelivery-of-seed-{earlier}"));
        mail.seed = seed;
        return mail;
    }
    fresh(seed)
}

fn fresh(seed: u64) -> Mail {
    let mut g = Gen {
        rng: Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D)),
        seed,
        shape: Vec::new(),
        head: Vec::new(),
        budget: 3 << 20,
    };
    g.from();
    g.recipients("To");
    if g.rng.one_in(3) {
        g.recipients("Cc");
    }
    g.subject();
    g.message_id();
    g.threading();
    g.date();
    g.robot_signals();
    g.noise();
    let part = g.body();
    let mut bytes = std::mem::take(&mut g.head);
    if !g.rng.one_in(20) {
        bytes.extend_from_slice(b"MIME-Version: 1.0\r\n");
    }
    bytes.extend(part.into_bytes());
    g.line_endings(&mut bytes);
    let truncated = g.rng.one_in(20);
    if truncated {
        bytes.truncate(g.rng.below(bytes.len()) + 1);
        g.note("truncated".into());
    }
    Mail {
        seed,
        bytes,
        shape: g.shape,
        marker: marker(seed),
        truncated,
    }
}

/// A word no other seed's subject starts with, nor a prefix of one.
fn marker(seed: u64) -> String {
    format!("zqfuzz{seed}x")
}

impl Gen {
    fn note(&mut self, what: String) {
        self.shape.push(what);
    }

    fn header(&mut self, name: &str, value: impl AsRef<[u8]>) {
        push_header(&mut self.head, name, value.as_ref());
    }

    /// A size up to `max` that the remaining body budget allows.
    fn spend(&mut self, max: usize) -> usize {
        let got = self.rng.size(max).min(self.budget);
        self.budget -= got;
        got
    }

    /// An address, and what kind of address it is.
    fn address(&mut self) -> (String, &'static str) {
        const MALFORMED: [&str; 14] = [
            "@",
            "a@",
            "@clinic.test",
            "a@b@clinic.test",
            "<<a@clinic.test>>",
            "\"quoted local\"@clinic.test",
            "(comment) a@clinic.test",
            "a@[127.0.0.1]",
            "undisclosed-recipients:;",
            "=?utf-8?B?YUBjbGluaWMudGVzdA==?=",
            "a@clinic.test>",
            "\u{fc}n\u{ef}@c\u{f6}d\u{e9}.test",
            "a,b@clinic.test",
            "a\u{1}b@clinic.test",
        ];
        match self.rng.below(12) {
            // Random letters: PostgreSQL compresses a long index entry, and a run of one
            // letter would slip under the limit that way.
            0 => {
                let n = self.rng.size(100_000);
                (format!("{}@clinic.test", self.id_chars(n)), "huge-local")
            }
            1 => {
                let n = self.rng.size(20_000);
                (format!("a@{}.test", self.id_chars(n)), "huge-domain")
            }
            2 => (self.rng.pick(&MALFORMED).to_owned(), "malformed"),
            _ => {
                let (user, site) = (self.rng.below(40), self.rng.below(4));
                (format!("user{user}@clinic{site}.test"), "plain")
            }
        }
    }

    fn display_name(&mut self) -> (String, &'static str) {
        match self.rng.below(9) {
            0 => ("\u{202E}redoC nnA\u{202C} \u{2066}x\u{2069}".into(), "bidi"),
            1 => ("Ann\u{1}\u{7}\u{1b}[31m Coder\u{7f}".into(), "control"),
            2 => ("Ann\0Coder".into(), "nul"),
            3 => (self.encoded_word(), "encoded-word"),
            4 => {
                let n = self.rng.size(100_000);
                (self.words(n, false), "huge")
            }
            5 => (
                "Z\u{337}\u{322}a\u{335}l\u{336}g\u{338}o \u{1F600}".into(),
                "combining",
            ),
            _ => ("Ann Coder".into(), "plain"),
        }
    }

    fn mailbox(&mut self) -> (String, String) {
        let (addr, kind) = self.address();
        if self.rng.one_in(2) {
            return (addr.clone(), format!("{kind}({})", addr.len()));
        }
        let (name, name_kind) = self.display_name();
        let shape = format!("{kind}({})+name:{name_kind}({})", addr.len(), name.len());
        let quote = if self.rng.one_in(2) { "\"" } else { "" };
        (format!("{quote}{name}{quote} <{addr}>"), shape)
    }

    fn from(&mut self) {
        let (value, shape) = match self.rng.below(20) {
            0 => {
                self.note("from:none".into());
                return;
            }
            1 => (
                "MAILER-DAEMON@mx.clinic.test".to_owned(),
                "daemon".to_owned(),
            ),
            2 => (format!("Coding Desk <{DESK}>"), "desk".to_owned()),
            3 => {
                let (a, _) = self.address();
                let (b, _) = self.address();
                (format!("{a}, {b}"), "two".to_owned())
            }
            4 => (
                "Team: a@clinic.test, b@clinic.test;".to_owned(),
                "group".to_owned(),
            ),
            _ => self.mailbox(),
        };
        self.header("From", value);
        self.note(format!("from:{shape}"));
        if self.rng.one_in(6) {
            let (reply_to, shape) = self.mailbox();
            self.header("Reply-To", reply_to);
            self.note(format!("reply-to:{shape}"));
        }
    }

    /// One, a few, hundreds or thousands of addresses, folded as clients fold them.
    fn recipients(&mut self, name: &str) {
        let n = match self.rng.below(6) {
            0 => self.rng.len(1_000),
            1 => self.rng.len(5_000),
            2 => self.rng.len(10),
            _ => 1,
        };
        let mut list = vec![DESK.to_owned()];
        for i in 1..n {
            list.push(if self.rng.one_in(40) {
                self.address().0
            } else {
                format!("r{i}@clinic.test")
            });
        }
        self.header(name, list.join(",\r\n "));
        self.note(format!("{}:{n}", name.to_lowercase()));
    }

    fn subject(&mut self) {
        let marker = marker(self.seed);
        let (value, shape): (Vec<u8>, String) = match self.rng.below(12) {
            0 => {
                self.note("subject:none".into());
                return;
            }
            1 => {
                let n = self.rng.size(2_000_000);
                let words = self.words(n, false);
                let folded = self.rng.one_in(2);
                let words = if folded { fold(&words) } else { words };
                (
                    format!("{marker} {words}").into(),
                    format!("huge({n},folded={folded})"),
                )
            }
            2 => {
                const TAGS: [&str; 9] = [
                    "C-1",
                    "C-2",
                    "c-3",
                    "C-99999999999999999999",
                    "C-0",
                    "C--1",
                    "C-9223372036854775807",
                    "",
                    "[Case #C-1]",
                ];
                let tag = self.rng.pick(&TAGS);
                (
                    format!("{marker} Re: [Case #{tag}] back pain").into(),
                    format!("tag({tag})"),
                )
            }
            3 => {
                let n = self.rng.len(2_000);
                let words: Vec<String> = (0..n).map(|_| self.encoded_word()).collect();
                (words.join("\r\n ").into(), format!("encoded-words({n})"))
            }
            4 => (
                [
                    marker.as_bytes(),
                    &b" \x00\x01\x1b\xff\xfe bad \xc3\x28 \xe2\x80\xae"[..],
                ]
                .concat(),
                "raw-bytes".into(),
            ),
            5 => {
                let n = self.rng.len(50);
                for _ in 1..n {
                    self.header("Subject", "another subject");
                }
                (format!("{marker} many").into(), format!("repeated({n})"))
            }
            _ => (
                format!("{marker} which code for low back pain?").into(),
                "plain".into(),
            ),
        };
        self.header("Subject", value);
        self.note(format!("subject:{shape}"));
    }

    /// An RFC 2047 encoded word in an odd charset, sometimes with a broken payload.
    fn encoded_word(&mut self) -> String {
        let charset = self.rng.pick(&CHARSETS).trim_matches('"');
        let len = if self.rng.one_in(20) {
            self.rng.size(10_000)
        } else {
            self.rng.len(60)
        };
        let payload: Vec<u8> = (0..len).map(|_| self.rng.next() as u8).collect();
        match self.rng.below(4) {
            0 => format!(
                "=?{charset}?Q?{}?=",
                quoted_printable(&payload).escape_ascii()
            ),
            1 => format!("=?{charset}?B?{}!!?=", &base64(&payload)[1..]),
            _ => format!("=?{charset}?B?{}?=", base64(&payload)),
        }
    }

    fn message_id(&mut self) {
        const ODD: [&str; 8] = [
            "",
            "<>",
            "no-brackets@gen.test",
            "<a b c@gen.test>",
            "<\u{fc}nic\u{f6}de@gen.test>",
            "<a@gen.test> <b@gen.test>",
            "<\0@gen.test>",
            "<<<@>>>",
        ];
        let (id, shape) = match self.rng.below(10) {
            0 => {
                self.note("message-id:none".into());
                return;
            }
            1 | 2 => {
                let n = self.rng.size(10_000);
                let id = self.id_chars(n);
                (format!("<{id}@gen.test>"), format!("long({n})"))
            }
            3 => (self.rng.pick(&ODD).to_owned(), "odd".to_owned()),
            4 => (format!("<{}>", self.earlier_id()), "reused".to_owned()),
            _ => (format!("<m{}@gen.test>", self.seed), "plain".to_owned()),
        };
        self.header("Message-ID", id);
        self.note(format!("message-id:{shape}"));
    }

    /// Characters of a Message-ID's left side or an address, in short dot-separated runs,
    /// multi-byte now and then.
    fn id_chars(&mut self, n: usize) -> String {
        let (_, lo, hi) = self.rng.pick(&SCRIPTS);
        (0..n)
            .map(|i| match i % 7 {
                3 => '.',
                5 if lo > 0x7F => char::from_u32(lo + i as u32 % (hi - lo)).unwrap_or('x'),
                _ => char::from(b'a' + (self.rng.below(26) as u8)),
            })
            .collect()
    }

    /// The plain Message-ID of a recent seed, which that seed's message may have opened a case
    /// with.
    fn earlier_id(&mut self) -> String {
        let back = self.rng.below(30) as u64 + 1;
        format!("m{}@gen.test", self.seed.saturating_sub(back))
    }

    fn threading(&mut self) {
        let shape = match self.rng.below(8) {
            0 | 1 => {
                let parent = self.earlier_id();
                let refs: Vec<String> = (0..self.rng.len(3))
                    .map(|_| format!("<{}>", self.earlier_id()))
                    .collect();
                self.header("In-Reply-To", format!("<{parent}>"));
                self.header("References", refs.join(" "));
                "earlier".to_owned()
            }
            2 => {
                let n = self.rng.len(3_000);
                let refs: Vec<String> = (0..n)
                    .map(|i| match i % 5 {
                        0 => format!("<{}>", self.earlier_id()),
                        _ => format!("<r{i}.{}@elsewhere.test>", self.rng.next()),
                    })
                    .collect();
                self.header("References", refs.join("\r\n "));
                format!("many({n})")
            }
            3 => {
                let n = self.rng.len(3);
                let refs: Vec<String> = (0..n)
                    .map(|_| {
                        let len = self.rng.size(10_000);
                        format!("<{}@gen.test>", self.id_chars(len))
                    })
                    .collect();
                let lens: Vec<String> = refs.iter().map(|r| r.len().to_string()).collect();
                self.header("In-Reply-To", &refs[0]);
                self.header("References", refs.join(" "));
                format!("huge({})", lens.join(","))
            }
            4 => {
                self.header("In-Reply-To", "<<<>>> not an id, ;; <@>");
                self.header("References", "<");
                "garbage".to_owned()
            }
            _ => return,
        };
        self.note(format!("threading:{shape}"));
    }

    fn date(&mut self) {
        const DATES: [&str; 14] = [
            "Thu, 1 Jan 0000 00:00:00 +0000",
            "Mon, 1 Jan 1 00:00:00 +0000",
            "Wed, 31 Dec 1969 23:59:59 -2359",
            "Tue, 19 Jan 2038 03:14:08 +0000",
            "Fri, 31 Dec 9999 23:59:59 +0000",
            "Sat, 1 Jan 10000 00:00:00 +0000",
            "Sun, 1 Jan 65535 00:00:00 +9999",
            "Mon, 1 Jan 99999 00:00:00 +0000",
            "Mon, 1 Jan 4294967296 00:00:00 +0000",
            "Tue, 30 Feb 2026 25:61:61 +0000",
            "yesterday",
            "",
            "Thu, 26 Nov 2026 10:00:00 +0000 (and a very long comment)",
            "26 Nov 26 10:00 EST",
        ];
        if self.rng.one_in(3) {
            let date = self.rng.pick(&DATES);
            self.header("Date", date);
            self.note(format!("date:{date:?}"));
        } else if !self.rng.one_in(10) {
            self.header("Date", "Thu, 26 Nov 2026 10:00:00 +0000");
        }
    }

    /// Headers of mail that must not be answered, so quarantine takes hostile mail too.
    fn robot_signals(&mut self) {
        const SIGNALS: [(&str, &str); 7] = [
            ("Auto-Submitted", "auto-replied"),
            ("Precedence", "bulk"),
            ("Precedence", "list"),
            ("List-Id", "<coders.lists.test>"),
            ("Return-Path", "<>"),
            ("X-Loop", DESK),
            ("X-Autoreply", "yes"),
        ];
        if self.rng.one_in(6) {
            let (name, value) = self.rng.pick(&SIGNALS);
            self.header(name, value);
            self.note(format!("robot:{name}"));
        }
    }

    /// Headers nobody reads but the parser has to get past.
    fn noise(&mut self) {
        let shape = match self.rng.below(12) {
            0 => {
                let n = self.rng.len(5_000);
                for i in 0..n {
                    self.header("X-Noise", i.to_string());
                }
                format!("repeated({n})")
            }
            1 => {
                let n = self.rng.size(1 << 20);
                self.header("X-Long", "v".repeat(n));
                format!("long-line({n})")
            }
            2 => {
                self.header("X-Latin1", b"caf\xe9 \xff\x00\x01");
                "8bit".to_owned()
            }
            3 => {
                self.head
                    .extend_from_slice(b"a header line without a colon\r\n");
                "no-colon".to_owned()
            }
            4 => {
                let n = self.rng.len(2_000);
                let value = vec!["folded"; n].join("\r\n\t");
                self.header("X-Folded", value);
                format!("folded({n})")
            }
            5 => {
                let name = "X-".to_owned() + &"N".repeat(self.rng.size(10_000));
                self.header(&name, "v");
                format!("long-name({})", name.len())
            }
            _ => return,
        };
        self.note(format!("noise:{shape}"));
    }

    /// About `bytes` bytes of words in one script, in a style that makes PostgreSQL's text
    /// search work hardest: all different, hyphenated compounds (each part a lexeme of its
    /// own), URL-like tokens, or one word over and over.
    fn words(&mut self, bytes: usize, lines: bool) -> String {
        let (script, lo, hi) = self.rng.pick(&SCRIPTS);
        let style = self.rng.below(4);
        let start = self.rng.below(20_000) as u64;
        let mut out = String::with_capacity(bytes + 64);
        let mut i = start;
        while out.len() < bytes {
            match style {
                0 => out.push_str(&nth_word(i, lo, hi)),
                1 => {
                    out.push_str(&nth_word(i, lo, hi));
                    out.push('-');
                    out.push_str(&nth_word(i.wrapping_mul(7919), lo, hi));
                }
                2 => out.push_str(&format!("{}.test/{}", nth_word(i, 0x61, 0x7A), i)),
                _ => out.push_str(&nth_word(start, lo, hi)),
            }
            out.push(if lines && i.is_multiple_of(12) {
                '\n'
            } else {
                ' '
            });
            i += 1;
        }
        self.note(format!("words:{script}/{style}"));
        out
    }

    fn question(&self) -> Vec<u8> {
        format!(
            "Hello,\r\nwhich code for low back pain, M54.5 or M54.50? {}\r\n",
            marker(self.seed)
        )
        .into_bytes()
    }

    /// What follows the question in a body: huge text, one enormous word, binary junk, a long
    /// quoted thread, a line without an end, or nothing.
    fn bulk_text(&mut self) -> Vec<u8> {
        let (bytes, shape) = match self.rng.below(8) {
            0 => {
                let n = self.spend(2_000_000);
                (self.words(n, true).into_bytes(), "words")
            }
            1 => {
                let n = self.spend(100_000);
                let (_, lo, hi) = self.rng.pick(&SCRIPTS);
                let letter = char::from_u32(lo + (hi - lo) / 2).unwrap_or('x');
                let word: String = std::iter::repeat_n(letter, n / letter.len_utf8()).collect();
                (word.into_bytes(), "one-word")
            }
            2 => {
                let n = self.spend(10_000);
                ((0..n).map(|_| self.rng.next() as u8).collect(), "junk")
            }
            3 => {
                let n = self.spend(2_000_000);
                let quoted = self.words(n, true).replace('\n', "\r\n> ");
                (
                    format!("\r\nOn Mon, Ann wrote:\r\n> {quoted}").into_bytes(),
                    "quoted",
                )
            }
            4 => {
                let n = self.spend(2_000_000);
                (self.words(n, false).into_bytes(), "one-line")
            }
            _ => return Vec::new(),
        };
        self.note(format!("body:{shape}({})", bytes.len()));
        bytes
    }

    fn charset(&mut self) -> &'static str {
        if self.rng.one_in(3) {
            let charset = self.rng.pick(&CHARSETS);
            self.note(format!("charset:{charset}"));
            return charset;
        }
        "utf-8"
    }

    /// Encodes a body as declared (or not: a broken base64, an unknown encoding).
    fn transfer_encoding(&mut self, part: &mut Part, bytes: Vec<u8>) {
        let (cte, body) = match self.rng.below(10) {
            0 | 1 => ("base64", base64_lines(&bytes)),
            2 => ("quoted-printable", quoted_printable(&bytes)),
            3 => {
                let mut body = base64_lines(&bytes);
                body.insert(body.len() / 2, b'!');
                body.truncate(body.len() * 3 / 4);
                ("base64", body)
            }
            4 => (
                self.rng.pick(&[
                    "x-unknown",
                    "binary",
                    "x-uuencode",
                    "quoted-printable; junk",
                ]),
                bytes,
            ),
            _ => ("8bit", bytes),
        };
        if cte != "8bit" {
            self.note(format!("cte:{cte}"));
        }
        part.header("Content-Transfer-Encoding", cte);
        part.body = body;
    }

    fn text_part(&mut self) -> Part {
        let mut text = self.question();
        text.extend(self.bulk_text());
        let html = self.rng.one_in(8);
        if html {
            let depth = self.rng.len(5_000);
            text = [
                "<html><body>".repeat(depth).as_bytes(),
                &text,
                "</body>".repeat(depth / 2).as_bytes(),
            ]
            .concat();
            self.note(format!("html({depth})"));
        }
        let subtype = if html { "html" } else { "plain" };
        let mut part = Part::default();
        part.header(
            "Content-Type",
            format!("text/{subtype}; charset={}", self.charset()),
        );
        self.transfer_encoding(&mut part, text);
        part
    }

    /// A Content-Disposition filename parameter: huge, RFC 2231 with bidi and NUL, an encoded
    /// word, a path, empty, winmail.dat.
    fn filename(&mut self) -> String {
        match self.rng.below(8) {
            0 => format!("filename=\"{}.pdf\"", "a".repeat(self.rng.size(10_000))),
            1 => "filename*=utf-8''re%E2%80%AEfdp.exe%00%FF".to_owned(),
            2 => format!("filename=\"{}\"", self.encoded_word()),
            3 => "filename=\"../../etc/passwd\"".to_owned(),
            4 => "filename=\"\"".to_owned(),
            5 => "filename=winmail.dat".to_owned(),
            _ => format!("filename=\"scan{}.pdf\"", self.rng.below(100)),
        }
    }

    fn attachment(&mut self, max: usize) -> Part {
        const TYPES: [&str; 7] = [
            "application/pdf",
            "image/png",
            "application/ms-tnef",
            "application/octet-stream",
            "text/plain; charset=x-unknown-charset",
            "application/x-a-subtype-nobody-has-heard-of-and-nobody-will",
            "",
        ];
        let n = self.spend(max);
        let content: Vec<u8> = (0..n).map(|_| self.rng.next() as u8).collect();
        let mut part = Part::default();
        part.header("Content-Type", self.rng.pick(&TYPES));
        part.header(
            "Content-Disposition",
            format!("attachment; {}", self.filename()),
        );
        part.header("Content-Transfer-Encoding", "base64");
        part.body = base64_lines(&content);
        part
    }

    /// A whole message inside this one.
    fn rfc822(&mut self) -> Part {
        let mut part = Part::default();
        part.header("Content-Type", "message/rfc822");
        let inner = format!(
            "From: inner@clinic.test\r\nSubject: forwarded\r\nMessage-ID: <{}>\r\n\r\n",
            self.earlier_id()
        );
        part.body = [inner.as_bytes(), &self.question()].concat();
        part
    }

    fn boundary(&mut self) -> String {
        match self.rng.below(6) {
            0 => "b".repeat(self.rng.size(500)),
            1 => "'()+_,-./:=? odd".to_owned(),
            2 => "zqfuzz".to_owned(),
            _ => format!("b{}", self.rng.next()),
        }
    }

    fn multipart(&mut self, children: Vec<Part>) -> Part {
        const SUBTYPES: [&str; 6] = [
            "mixed",
            "alternative",
            "related",
            "report; report-type=delivery-status",
            "x-unknown",
            "signed; protocol=\"application/pgp-signature\"",
        ];
        let subtype = self.rng.pick(&SUBTYPES);
        let boundary = self.boundary();
        let mut part = Part::default();
        part.header(
            "Content-Type",
            format!("multipart/{subtype}; boundary=\"{boundary}\""),
        );
        for child in children {
            part.body
                .extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            part.body.extend(child.into_bytes());
            part.body.extend_from_slice(b"\r\n");
        }
        if !self.rng.one_in(5) {
            part.body
                .extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        }
        part
    }

    fn body(&mut self) -> Part {
        match self.rng.below(10) {
            0..=5 => self.text_part(),
            6 | 7 => {
                let n = self.rng.len(300);
                let mut parts = vec![self.text_part()];
                for _ in 1..n {
                    parts.push(match self.rng.below(8) {
                        0 => self.rfc822(),
                        1 => self.attachment(1 << 20),
                        _ => self.attachment(2_000),
                    });
                }
                self.note(format!("parts({n})"));
                self.multipart(parts)
            }
            8 => {
                let depth = self.rng.len(100);
                let mut part = self.text_part();
                for _ in 0..depth {
                    part = self.multipart(vec![part]);
                }
                self.note(format!("nested({depth})"));
                part
            }
            _ => {
                self.note("top:rfc822".into());
                self.rfc822()
            }
        }
    }

    /// Most mail arrives with CRLF; some with bare LF (saved from a Unix tool), a little with
    /// bare CR.
    fn line_endings(&mut self, bytes: &mut Vec<u8>) {
        let to: &[u8] = match self.rng.below(40) {
            0..=2 => b"\n",
            3 => b"\r",
            _ => return,
        };
        let mut out = Vec::with_capacity(bytes.len());
        let mut rest = &bytes[..];
        while let Some(at) = rest.windows(2).position(|w| w == b"\r\n") {
            out.extend_from_slice(&rest[..at]);
            out.extend_from_slice(to);
            rest = &rest[at + 2..];
        }
        out.extend_from_slice(rest);
        *bytes = out;
        self.note(format!("line-endings:{}", to.escape_ascii()));
    }
}

/// Folds a long header value at spaces, every 70 bytes or so.
fn fold(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + value.len() / 30);
    let mut column = 0;
    for word in value.split(' ') {
        if column > 70 {
            out.push_str("\r\n");
            column = 0;
        }
        out.push(' ');
        out.push_str(word);
        column += word.len() + 1;
    }
    out
}

// ---- the store under test -------------------------------------------------------------------

/// A fresh database and the mailbox the generated mail is "fetched" from.
struct Target {
    url: String,
    pool: PgPool,
    store: CaseStore,
    key: MailboxKey,
    raw_bytes: u64,
}

impl Target {
    async fn fresh() -> Self {
        let (url, pool) = common::fresh_database().await;
        let store = common::case_store(&pool, &Config::default());
        let key = mailboxes::align(&pool, "fuzz", 1).await.unwrap().key;
        Target {
            url,
            pool,
            store,
            key,
            raw_bytes: 0,
        }
    }

    /// Search as the desk runs it must still answer once all this mail is in.
    async fn search_still_works(&self) -> Result<(), String> {
        search_cases(&self.pool, "back pain M54.5", 1)
            .await
            .map_err(|e| format!("search: {}", kind_of(&e)))?;
        sqlx::query(
            "SELECT count(*) FROM inbound_messages WHERE search @@ plainto_tsquery('english', 'x')",
        )
        .execute(&self.pool)
        .await
        .map_err(|e| format!("search: {}", kind_of(&CaseError::Db(e))))?;
        Ok(())
    }

    /// Long runs write gigabytes; each database goes once it has had its share.
    async fn drop_database(self) {
        self.pool.close().await;
        let name = self.url.rsplit('/').next().unwrap();
        let admin = PgPool::connect(&common::env("DATABASE_URL")).await.unwrap();
        sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
            .execute(&admin)
            .await
            .unwrap();
        admin.close().await;
    }
}

/// Stores one message as intake does and checks what must hold afterwards; `Err` says what
/// went wrong without quoting the message.
async fn store_one(t: &Target, uid: u32, mail: &Mail) -> Result<(), String> {
    let parsed = std::panic::catch_unwind(|| parse(&mail.bytes, MAX_ATTACHMENT_BYTES))
        .map_err(|_| "panic in parse".to_owned())?;
    let desk = [DESK.to_owned()];
    let policy = Policy {
        desk_addresses: &desk,
        allowed_senders: &[],
    };
    let quarantine = quarantine_reason(&parsed, &policy);
    let input = || IngestInput {
        key: t.key,
        uid,
        raw: &mail.bytes,
        truncated: mail.truncated,
        parsed: &parsed,
        quarantine,
    };
    let outcome = ingest(&t.store, input()).await?;
    if let (None, IngestOutcome::Quarantined { reason, .. }) = (quarantine, outcome) {
        return Err(format!(
            "a person's question quarantined by the store: {}",
            reason.as_str()
        ));
    }
    stored_once(t, uid, mail.bytes.len()).await?;
    // A crash between commit and the IMAP move fetches the message again.
    if uid.is_multiple_of(10) && ingest(&t.store, input()).await? != IngestOutcome::AlreadyStored {
        return Err("the same UID stored twice was not a no-op".into());
    }
    if let IngestOutcome::NewCase(case) = outcome {
        if parsed.subject.starts_with(&format!("{} ", mail.marker)) {
            found_by_search(&t.pool, case, &mail.marker).await?;
        }
    }
    Ok(())
}

async fn ingest(store: &CaseStore, input: IngestInput<'_>) -> Result<IngestOutcome, String> {
    AssertUnwindSafe(store.ingest(input))
        .catch_unwind()
        .await
        .map_err(|_| "panic in ingest".to_owned())?
        .map_err(|e| kind_of(&e))
}

/// Exactly one row for the UID, with the raw bytes whole: nothing lost, nothing doubled.
async fn stored_once(t: &Target, uid: u32, len: usize) -> Result<(), String> {
    let (rows, raw): (i64, Option<i64>) = sqlx::query_as(
        "SELECT count(*), max(octet_length(raw))::bigint FROM inbound_messages
         WHERE mailbox_id = $1 AND uidvalidity = $2 AND uid = $3",
    )
    .bind(t.key.mailbox_id)
    .bind(i64::from(t.key.uidvalidity))
    .bind(i64::from(uid))
    .fetch_one(&t.pool)
    .await
    .map_err(|e| format!("reading the row back: {}", kind_of(&CaseError::Db(e))))?;
    match (rows, raw) {
        (1, Some(raw)) if raw == len as i64 => Ok(()),
        (1, _) => Err("the raw bytes were not kept whole".into()),
        _ => Err("not exactly one row for the UID".into()),
    }
}

/// A new case whose subject starts with a word is found by searching for that word.
async fn found_by_search(pool: &PgPool, case: CaseId, word: &str) -> Result<(), String> {
    let page = search_cases(pool, word, 1)
        .await
        .map_err(|e| format!("search: {}", kind_of(&e)))?;
    if page.items.iter().any(|c| c.id == case) {
        Ok(())
    } else {
        Err("a new case is not found by the word its subject starts with".into())
    }
}

/// The kind of a failure in words that never quote the message: the SQLSTATE and
/// PostgreSQL's own message, with numbers masked so that one limit is one kind.
fn kind_of(e: &CaseError) -> String {
    match e {
        CaseError::Db(sqlx::Error::Database(db)) => format!(
            "SQLSTATE {} {}",
            db.code().as_deref().unwrap_or("?"),
            mask(db.message())
        ),
        other => mask(&other.to_string()),
    }
}

fn mask(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().take(160) {
        if !c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('#') {
            out.push('#');
        }
    }
    out
}

// ---- findings -------------------------------------------------------------------------------

/// Each kind of failure once, with how often it came up and its smallest message.
#[derive(Default)]
struct Findings(BTreeMap<String, Finding>);

#[derive(Default)]
struct Finding {
    count: u64,
    /// None for a failure of the database as a whole (search after the run).
    smallest: Option<Mail>,
}

impl Findings {
    fn add(&mut self, kind: String, mail: Option<Mail>) {
        let finding = self.0.entry(kind.clone()).or_default();
        finding.count += 1;
        if finding.count <= 3 {
            let what = mail.as_ref().map_or_else(String::new, |m| {
                format!("seed {} ({} bytes): ", m.seed, m.bytes.len())
            });
            let shape = mail.as_ref().map_or_else(String::new, Mail::shape);
            eprintln!("finding: {what}{kind}\n  shape: {shape}");
        }
        let smaller = |m: &Mail| {
            finding
                .smallest
                .as_ref()
                .is_none_or(|s| m.bytes.len() < s.bytes.len())
        };
        if let Some(mail) = mail.filter(smaller) {
            finding.smallest = Some(mail);
        }
    }

    fn messages(&self) -> u64 {
        self.0.values().map(|f| f.count).sum()
    }

    /// Writes each kind's smallest message where the replay test finds it.
    fn save(&self) {
        let dir = fixtures_dir();
        for (kind, f) in &self.0 {
            eprintln!("  {:>6} x {kind}", f.count);
            let Some(mail) = &f.smallest else { continue };
            let name = format!("{}.eml", &hex(&sha256(&mail.bytes))[..12]);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(&name), &mail.bytes).unwrap();
            eprintln!(
                "         smallest: seed {}, {} bytes, tests/fixtures/store-fuzz/{name}\n         shape: {}",
                mail.seed,
                mail.bytes.len(),
                mail.shape()
            );
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-fuzz")
}

// ---- the runs ---------------------------------------------------------------------------

struct Tally {
    messages: u64,
    bytes: u64,
    slowest: (Duration, u64),
}

/// Generates, stores and checks the messages of `seeds` until `deadline`.
async fn run(seeds: impl Iterator<Item = u64>, deadline: Option<Instant>) -> (Tally, Findings) {
    let mut findings = Findings::default();
    let mut tally = Tally {
        messages: 0,
        bytes: 0,
        slowest: (Duration::ZERO, 0),
    };
    let mut target = Target::fresh().await;
    let mut uid = 0u32;
    for seed in seeds {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        let mail = message(seed);
        uid += 1;
        let started = Instant::now();
        let result = store_one(&target, uid, &mail).await;
        let took = started.elapsed();
        tally.slowest = tally.slowest.max((took, seed));
        tally.messages += 1;
        tally.bytes += mail.bytes.len() as u64;
        target.raw_bytes += mail.bytes.len() as u64;
        if let Err(kind) = result {
            findings.add(kind, Some(mail));
        }
        if target.raw_bytes > BYTES_PER_DATABASE {
            target = next_database(target, &mut findings).await;
        }
    }
    if let Err(kind) = target.search_still_works().await {
        findings.add(kind, None);
    }
    target.drop_database().await;
    (tally, findings)
}

async fn next_database(target: Target, findings: &mut Findings) -> Target {
    if let Err(kind) = target.search_still_works().await {
        findings.add(kind, None);
    }
    target.drop_database().await;
    Target::fresh().await
}

fn report(tally: &Tally, findings: &Findings, took: Duration) {
    let secs = took.as_secs_f64();
    println!(
        "store fuzz: {} messages, {:.1} MB, {:.0} s, {:.1} messages/s, slowest {:.2} s (seed {}), findings: {} kinds in {} messages",
        tally.messages,
        tally.bytes as f64 / 1e6,
        secs,
        tally.messages as f64 / secs,
        tally.slowest.0.as_secs_f64(),
        tally.slowest.1,
        findings.0.len(),
        findings.messages()
    );
    findings.save();
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name)
        .ok()
        .map(|v| v.parse().unwrap_or_else(|_| panic!("{name}={v:?}")))
}

#[tokio::test]
async fn generated_mail_is_stored_once_and_stays_searchable() {
    let started = Instant::now();
    let (tally, findings) = match env_u64("STORE_FUZZ_SECS") {
        Some(secs) => {
            let first = env_u64("STORE_FUZZ_SEED").unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    >> 8
            });
            println!("store fuzz: seeds from {first}, {secs} s");
            run(first.., Some(started + Duration::from_secs(secs))).await
        }
        None => run(FIXED_SEEDS, None).await,
    };
    report(&tally, &findings, started.elapsed());
    assert!(
        findings.0.is_empty(),
        "the store refused generated mail: {:?}",
        findings.0.keys().collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn every_saved_finding_is_stored() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .map(|dir| dir.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "eml"));
    files.sort();
    assert!(!files.is_empty(), "no findings under {:?}", fixtures_dir());
    let target = Target::fresh().await;
    let mut failed = Vec::new();
    for (uid, path) in (1..).zip(&files) {
        let mail = Mail {
            seed: 0,
            bytes: std::fs::read(path).unwrap(),
            shape: Vec::new(),
            marker: "zqfuzz-none".into(),
            truncated: false,
        };
        if let Err(kind) = store_one(&target, uid, &mail).await {
            failed.push(format!("{}: {kind}", path.display()));
        }
    }
    if let Err(kind) = target.search_still_works().await {
        failed.push(kind);
    }
    target.drop_database().await;
    assert!(failed.is_empty(), "{failed:#?}");
}
