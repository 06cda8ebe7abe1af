//! Replies rendered from `templates/email/` (text and HTML), with their threading headers.

use askama::Template;

use crate::cases::{AckNotes, Answer, AnswerMail, CodeCheck, Compose, ComposeError, Verdict};
use crate::config::Config;
use crate::domain::{CaseId, EmailAddress, MailKind, OutgoingMail, RecommendedCode, Thread};

/// The desk's identity and wording, from the configuration.
#[derive(Clone, Debug)]
pub struct Composer {
    from_domain: String,
    signature: String,
    response_time_hours: u32,
    /// Where the rating links point (`[web] public_url`), without a trailing slash.
    public_url: String,
    /// The desk's own addresses, lower-cased: never copied on an answer.
    own: Vec<String>,
}

#[derive(Template)]
#[template(path = "email/acknowledgement.txt")]
struct AckText<'a> {
    requester_name: Option<&'a str>,
    notes: &'a AckNotes,
    checks: &'a [String],
    subject: &'a str,
    reference: String,
    tag: String,
    response_time_hours: u32,
    signature: &'a str,
}

#[derive(Template)]
#[template(path = "email/acknowledgement.html")]
struct AckHtml<'a> {
    requester_name: Option<&'a str>,
    notes: &'a AckNotes,
    checks: &'a [String],
    subject: &'a str,
    reference: String,
    tag: String,
    response_time_hours: u32,
    signature: &'a str,
}

#[derive(Template)]
#[template(path = "email/answer.txt")]
struct AnswerText<'a> {
    correction: bool,
    requester_name: Option<&'a str>,
    /// The consultant's text opens with its own greeting: the template adds none.
    greets: bool,
    body: &'a str,
    codes: &'a [RecommendedCode],
    warnings: &'a [String],
    consultant: &'a str,
    reference: String,
    signature: &'a str,
    rate_yes: &'a str,
    rate_no: &'a str,
}

#[derive(Template)]
#[template(path = "email/answer.html")]
struct AnswerHtml<'a> {
    correction: bool,
    requester_name: Option<&'a str>,
    /// The consultant's text opens with its own greeting: the template adds none.
    greets: bool,
    paragraphs: Vec<&'a str>,
    codes: &'a [RecommendedCode],
    warnings: &'a [String],
    consultant: &'a str,
    reference: String,
    tag: String,
    signature: &'a str,
    rate_yes: &'a str,
    rate_no: &'a str,
}

#[derive(Template)]
#[template(path = "email/merge_notice.txt")]
struct MergeText<'a> {
    requester_name: Option<&'a str>,
    reference: String,
    into: String,
    into_tag: String,
    signature: &'a str,
}

#[derive(Template)]
#[template(path = "email/merge_notice.html")]
struct MergeHtml<'a> {
    requester_name: Option<&'a str>,
    reference: String,
    into: String,
    into_tag: String,
    signature: &'a str,
}

/// The words of an answer email that are not the consultant's.
#[derive(Clone, Copy, Debug)]
pub struct AnswerParts<'a> {
    pub consultant: &'a str,
    pub body: &'a str,
    pub codes: &'a [RecommendedCode],
    pub warnings: &'a [String],
    pub correction: bool,
    pub rating_token: &'a str,
}

/// At most this many Message-IDs in References: the first (the question) and the newest.
const MAX_REFERENCES: usize = 20;
/// A Message-ID longer than this is left out of our threading headers: real ones are far
/// shorter, and a header line must stay under 998 octets (RFC 5322 §2.1.1). The subject's
/// case tag still threads the reply.
const MAX_THREADING_ID: usize = 250;
/// How much of a sender's own words an acknowledgement repeats.
const ACK_SUBJECT_CHARS: usize = 60;
const ACK_NAME_CHARS: usize = 40;
const ACK_FILE_CHARS: usize = 60;
const ACK_FILES: usize = 5;

/// `s` on one line without control or invisible formatting characters (bidirectional
/// overrides among them), cut to `max` characters with an ellipsis.
fn short_plain(s: &str, max: usize) -> String {
    let plain: String = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|&c| !crate::domain::acts_hidden(c))
        .collect();
    if plain.chars().count() <= max {
        return plain;
    }
    let cut: String = plain.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}

impl Composer {
    pub fn new(config: &Config) -> Self {
        let from = EmailAddress::from_header_value(&config.smtp.from);
        Self {
            from_domain: from
                .map(|a| a.domain().to_owned())
                .unwrap_or_else(|| "localhost".into()),
            signature: config.desk.signature.clone(),
            response_time_hours: config.desk.response_time_hours,
            public_url: config.web.public_base_url(),
            own: own_addresses(config),
        }
    }

    /// The acknowledgement goes to whoever the envelope names, who may not have written the
    /// question (RFC 3834 §4): it repeats the sender's name, subject and file names only in a
    /// short, plain form, so it cannot carry an attacker's text to someone else.
    pub fn acknowledgement(
        &self,
        thread: &Thread,
        notes: &AckNotes,
    ) -> Result<OutgoingMail, askama::Error> {
        let thread = &Thread {
            subject: short_plain(&thread.subject, ACK_SUBJECT_CHARS),
            requester_name: thread
                .requester_name
                .as_deref()
                .map(|n| short_plain(n, ACK_NAME_CHARS))
                .filter(|n| !n.is_empty()),
            ..thread.clone()
        };
        let notes = &AckNotes {
            dropped: notes
                .dropped
                .iter()
                .take(ACK_FILES)
                .map(|f| short_plain(f, ACK_FILE_CHARS))
                .collect(),
            ..notes.clone()
        };
        let name = thread.requester_name.as_deref();
        let checks: Vec<String> = notes.checks.iter().map(check_line).collect();
        let text = AckText {
            requester_name: name,
            notes,
            checks: &checks,
            subject: &thread.subject,
            reference: thread.case_id.reference(),
            tag: thread.case_id.subject_tag(),
            response_time_hours: self.response_time_hours,
            signature: &self.signature,
        }
        .render()?;
        let html = AckHtml {
            requester_name: name,
            notes,
            checks: &checks,
            subject: &thread.subject,
            reference: thread.case_id.reference(),
            tag: thread.case_id.subject_tag(),
            response_time_hours: self.response_time_hours,
            signature: &self.signature,
        }
        .render()?;
        let mut mail = self.reply(thread, MailKind::Acknowledgement, text, html, true);
        // Automatic mail goes to the envelope sender alone (RFC 3834 §4).
        mail.cc.clear();
        Ok(mail)
    }

    pub fn answer(
        &self,
        thread: &Thread,
        parts: &AnswerParts<'_>,
    ) -> Result<OutgoingMail, askama::Error> {
        let name = thread.requester_name.as_deref();
        let greets = !opens_with_greeting(parts.body);
        let (rate_yes, rate_no) = (
            self.rating_url(parts.rating_token, "yes"),
            self.rating_url(parts.rating_token, "no"),
        );
        let text = AnswerText {
            correction: parts.correction,
            requester_name: name,
            greets,
            body: parts.body,
            codes: parts.codes,
            warnings: parts.warnings,
            consultant: parts.consultant,
            reference: thread.case_id.reference(),
            signature: &self.signature,
            rate_yes: &rate_yes,
            rate_no: &rate_no,
        }
        .render()?;
        let html = AnswerHtml {
            correction: parts.correction,
            requester_name: name,
            greets,
            paragraphs: parts
                .body
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect(),
            codes: parts.codes,
            warnings: parts.warnings,
            consultant: parts.consultant,
            reference: thread.case_id.reference(),
            tag: thread.case_id.subject_tag(),
            signature: &self.signature,
            rate_yes: &rate_yes,
            rate_no: &rate_no,
        }
        .render()?;
        let mut mail = self.reply(thread, MailKind::Answer, text, html, false);
        if parts.correction {
            mail.subject = format!("Correction: {}", mail.subject);
        }
        Ok(mail)
    }

    /// The note to the requester of a case merged into `into`, in the merged case's thread
    /// but tagged with the case that continues, so what they write next lands there.
    pub fn merge_notice(
        &self,
        thread: &Thread,
        into: CaseId,
    ) -> Result<OutgoingMail, askama::Error> {
        let name = thread.requester_name.as_deref();
        let text = MergeText {
            requester_name: name,
            reference: thread.case_id.reference(),
            into: into.reference(),
            into_tag: into.subject_tag(),
            signature: &self.signature,
        }
        .render()?;
        let html = MergeHtml {
            requester_name: name,
            reference: thread.case_id.reference(),
            into: into.reference(),
            into_tag: into.subject_tag(),
            signature: &self.signature,
        }
        .render()?;
        let mut mail = self.reply(thread, MailKind::MergeNotice, text, html, false);
        mail.subject = reply_subject(into, &thread.subject);
        mail.cc.clear();
        Ok(mail)
    }

    /// `{public_url}/rate/{token}/yes`: absolute, as a mail client needs it.
    fn rating_url(&self, token: &str, vote: &str) -> String {
        format!("{}/rate/{token}/{vote}", self.public_url)
    }

    fn reply(
        &self,
        thread: &Thread,
        kind: MailKind,
        text: String,
        html: String,
        auto: bool,
    ) -> OutgoingMail {
        OutgoingMail {
            kind,
            to: thread.requester.clone(),
            cc: thread.cc.clone(),
            subject: reply_subject(thread.case_id, &thread.subject),
            message_id: format!(
                "{}.{}@{}",
                uuid::Uuid::new_v4().simple(),
                thread.case_id.reference(),
                self.from_domain
            ),
            in_reply_to: thread
                .reply_to_id
                .clone()
                .filter(|id| id.len() <= MAX_THREADING_ID),
            references: capped_references(&thread.message_ids),
            text,
            html,
            auto_submitted: auto,
        }
    }
}

impl Compose for Composer {
    fn acknowledgement(
        &self,
        thread: &Thread,
        notes: &AckNotes,
    ) -> Result<OutgoingMail, ComposeError> {
        Composer::acknowledgement(self, thread, notes).map_err(|e| ComposeError(e.into()))
    }

    fn answer(
        &self,
        thread: &Thread,
        consultant: &EmailAddress,
        answer: &Answer<'_>,
        mail: &AnswerMail<'_>,
    ) -> Result<OutgoingMail, ComposeError> {
        let signer = match answer.signer.trim() {
            "" => consultant.as_str(),
            name => name,
        };
        let parts = AnswerParts {
            consultant: signer,
            body: answer.body,
            codes: answer.codes,
            warnings: answer.warnings,
            correction: mail.correction,
            rating_token: mail.rating_token,
        };
        Composer::answer(self, thread, &parts).map_err(|e| ComposeError(e.into()))
    }

    fn merge_notice(&self, thread: &Thread, into: CaseId) -> Result<OutgoingMail, ComposeError> {
        Composer::merge_notice(self, thread, into).map_err(|e| ComposeError(e.into()))
    }

    fn is_own_address(&self, addr: &str) -> bool {
        self.own
            .iter()
            .any(|own| own.eq_ignore_ascii_case(addr.trim()))
    }
}

/// The addresses the desk sends from and reads: `smtp.from`, each mailbox's `from`, and IMAP
/// logins that are addresses.
fn own_addresses(config: &Config) -> Vec<String> {
    let mut own: Vec<String> = std::iter::once(&config.smtp.from)
        .chain(config.mailboxes.iter().map(|m| &m.from))
        .filter_map(|v| EmailAddress::from_header_value(v))
        .chain(
            std::iter::once(&config.imap.username)
                .chain(config.mailboxes.iter().map(|m| &m.imap.username))
                .filter_map(|u| EmailAddress::parse(u)),
        )
        .map(|a| a.as_str().to_ascii_lowercase())
        .collect();
    own.sort();
    own.dedup();
    own
}

/// One line of the acknowledgement's instant check: what the code set says, nothing more.
fn check_line(c: &CodeCheck) -> String {
    let named = match &c.title {
        Some(title) => format!("{} ({})", c.code, short_plain(title, 80)),
        None => c.code.clone(),
    };
    match &c.verdict {
        Verdict::Billable => format!("{named}: a billable ICD-10-CM code."),
        Verdict::Header { billable } => format!(
            "{named}: a header in ICD-10-CM, not billable itself; its billable codes are {}.",
            listed(billable, HEADER_CODES)
        ),
        Verdict::Missing7th { allowed } => {
            let chars: Vec<String> = allowed.iter().map(char::to_string).collect();
            format!(
                "{named}: needs a 7th character, which is missing ({} are the ones it takes).",
                chars.join(", ")
            )
        }
        Verdict::Icd9 { crosswalk } if crosswalk.is_empty() => format!(
            "{named}: an ICD-9-CM code (retired for services since October 1, 2015); the CMS crosswalk (GEM) has no ICD-10-CM code for it."
        ),
        Verdict::Icd9 { crosswalk } => format!(
            "{named}: an ICD-9-CM code (retired for services since October 1, 2015); the CMS crosswalk (GEM) maps it to {}.",
            listed(crosswalk, HEADER_CODES)
        ),
        Verdict::Listed { code_set } => format!("{named}: listed in the {code_set} code set."),
        Verdict::NotACode => format!("{named}: not a code in the official code set as written."),
    }
}

/// How many codes one line of the instant check names before "and N more".
const HEADER_CODES: usize = 12;

fn listed(codes: &[String], max: usize) -> String {
    let shown = codes[..codes.len().min(max)].join(", ");
    match codes.len().saturating_sub(max) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

/// Whether a consultant's text starts with its own salutation ("Hi Dana,", "Dear team").
fn opens_with_greeting(body: &str) -> bool {
    let first = body
        .trim_start()
        .lines()
        .next()
        .unwrap_or("")
        .to_lowercase();
    let words: Vec<&str> = first
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    matches!(
        words.as_slice(),
        ["hello" | "hi" | "hey" | "dear" | "greetings", ..]
            | ["good", "morning" | "afternoon" | "evening", ..]
    ) && words.len() <= 6
}

fn capped_references(ids: &[String]) -> Vec<String> {
    let ids: Vec<String> = ids
        .iter()
        .filter(|id| id.len() <= MAX_THREADING_ID)
        .cloned()
        .collect();
    if ids.len() <= MAX_REFERENCES {
        return ids.to_vec();
    }
    let mut out = vec![ids[0].clone()];
    out.extend_from_slice(&ids[ids.len() - (MAX_REFERENCES - 1)..]);
    out
}

/// `Re: [Case #C-1042] original subject`, however many `Re:`, `AW:` or tags the original had.
pub fn reply_subject(case_id: CaseId, original: &str) -> String {
    let mut rest = original.trim();
    loop {
        let before = rest;
        rest = strip_reply_prefix(rest);
        rest = strip_case_tag(rest);
        if rest == before {
            break;
        }
    }
    if rest.is_empty() {
        format!("Re: {}", case_id.subject_tag())
    } else {
        format!("Re: {} {}", case_id.subject_tag(), rest)
    }
}

fn strip_reply_prefix(s: &str) -> &str {
    const PREFIXES: [&str; 7] = ["re", "aw", "sv", "fw", "fwd", "wg", "antw"];
    let lower = s.to_ascii_lowercase();
    for p in PREFIXES {
        if let Some(after) = lower.strip_prefix(p) {
            // "Re:", "RE :", "Re[2]:"
            let after = after.trim_start();
            let after = if after.starts_with('[') {
                after.find(']').map_or(after, |i| &after[i + 1..])
            } else {
                after
            };
            if let Some(tail) = after.trim_start().strip_prefix(':') {
                return s[s.len() - tail.len()..].trim_start();
            }
        }
    }
    s
}

fn strip_case_tag(s: &str) -> &str {
    if s.to_ascii_lowercase().starts_with("[case #") {
        if let Some(end) = s.find(']') {
            return s[end + 1..].trim_start();
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thread() -> Thread {
        Thread {
            case_id: CaseId(1042),
            subject: "Bone SPECT <codes> & more".into(),
            requester: "ann@clinic.test".into(),
            requester_name: Some("Ann <Coder>".into()),
            cc: vec!["lee@clinic.test".into()],
            message_ids: vec!["q1@clinic.test".into()],
            reply_to_id: Some("q1@clinic.test".into()),
        }
    }

    fn composer() -> Composer {
        Composer::new(&Config::default())
    }

    fn parts<'a>(
        consultant: &'a str,
        body: &'a str,
        codes: &'a [RecommendedCode],
        warnings: &'a [String],
    ) -> AnswerParts<'a> {
        AnswerParts {
            consultant,
            body,
            codes,
            warnings,
            correction: false,
            rating_token: "1042-abc",
        }
    }

    fn m5450() -> Vec<RecommendedCode> {
        vec![RecommendedCode {
            system: crate::domain::CodeSystem::Icd10cm,
            code: "M54.50".into(),
            title: "Low back pain, unspecified".into(),
            note: "no radiculopathy".into(),
        }]
    }

    #[test]
    fn subjects_never_pile_up_prefixes_or_tags() {
        let id = CaseId(1042);
        assert_eq!(
            reply_subject(id, "Bone SPECT"),
            "Re: [Case #C-1042] Bone SPECT"
        );
        assert_eq!(
            reply_subject(id, "RE: Re: [Case #C-1042] Bone SPECT"),
            "Re: [Case #C-1042] Bone SPECT"
        );
        assert_eq!(
            reply_subject(id, "AW: Re[2]: Bone SPECT"),
            "Re: [Case #C-1042] Bone SPECT"
        );
        assert_eq!(
            reply_subject(id, "Recurrent C diff"),
            "Re: [Case #C-1042] Recurrent C diff"
        );
        assert_eq!(reply_subject(id, ""), "Re: [Case #C-1042]");
    }

    #[test]
    fn acknowledgement_is_automatic_threaded_and_escaped_per_part() {
        let m = composer()
            .acknowledgement(&thread(), &AckNotes::default())
            .unwrap();
        assert!(m.auto_submitted);
        assert!(m.cc.is_empty(), "automatic mail copies nobody");
        assert!(!m.text.contains("not kept") && !m.text.contains("the most we"));
        assert_eq!(m.in_reply_to.as_deref(), Some("q1@clinic.test"));
        assert_eq!(m.references, vec!["q1@clinic.test"]);
        assert!(m.message_id.ends_with(".C-1042@example.test"));
        assert!(m.text.contains("C-1042") && m.text.contains("24 hours"));
        assert!(
            m.text.contains("Bone SPECT <codes> & more"),
            "text is not escaped"
        );
        assert!(
            m.html.contains("Bone SPECT &#60;codes&#62; &#38; more")
                || m.html.contains("Bone SPECT &lt;codes&gt; &amp; more")
        );
        assert!(!m.html.contains("<Coder>"));
    }

    #[test]
    fn the_acknowledgement_reads_as_written_prose_with_one_sign_off() {
        let m = composer()
            .acknowledgement(&thread(), &AckNotes::default())
            .unwrap();
        let text = m.text.replace("\r\n", "\n");
        assert!(
            text.contains("with every code you mentioned already checked against the official code set, and replies"),
            "a paragraph is one line, not wrapped mid-sentence: {text}"
        );
        assert!(text.contains(",\n\nWe have received"), "{text}");
        assert!(m.html.contains("<p>We have received"), "{}", m.html);
        for part in [&text, &m.html] {
            assert!(!part.contains("\nwe ") && !part.contains(">we "), "{part}");
            assert_eq!(
                part.matches("Coding Desk").count(),
                1,
                "one sign-off: {part}"
            );
        }
        assert!(text.trim_end().ends_with("The Coding Desk team"), "{text}");
    }

    #[test]
    fn the_instant_check_states_facts_and_says_a_consultant_confirms_them() {
        let check = |code: &str, title: Option<&str>, verdict| CodeCheck {
            code: code.into(),
            title: title.map(str::to_owned),
            verdict,
        };
        let notes = AckNotes {
            checks: vec![
                check(
                    "M54.50",
                    Some("Low back pain, unspecified"),
                    Verdict::Billable,
                ),
                check(
                    "M54.5",
                    Some("Low back pain"),
                    Verdict::Header {
                        billable: vec!["M54.50".into(), "M54.51".into(), "M54.59".into()],
                    },
                ),
                check(
                    "S52.501",
                    None,
                    Verdict::Missing7th {
                        allowed: vec!['A', 'B', 'D'],
                    },
                ),
                check(
                    "250.00",
                    None,
                    Verdict::Icd9 {
                        crosswalk: vec!["E11.9".into()],
                    },
                ),
                check("X99.99", None, Verdict::NotACode),
            ],
            ..AckNotes::default()
        };
        let m = composer().acknowledgement(&thread(), &notes).unwrap();
        for part in [&m.text, &m.html] {
            assert!(
                part.contains("Automatic check of the codes you named"),
                "{part}"
            );
            assert!(part.contains("a consultant will confirm"), "{part}");
            assert!(
                part.contains("M54.50 (Low back pain, unspecified): a billable ICD-10-CM code.")
            );
            assert!(
                part.contains("its billable codes are M54.50, M54.51, M54.59."),
                "{part}"
            );
            assert!(part.contains("S52.501: needs a 7th character, which is missing (A, B, D"));
            assert!(
                part.contains("250.00: an ICD-9-CM code") && part.contains("maps it to E11.9.")
            );
            assert!(part.contains("X99.99: not a code"), "{part}");
            for word in ["recommend", "suggest", "should use", "instead"] {
                assert!(!part.to_lowercase().contains(word), "{word}: {part}");
            }
        }
        let none = composer()
            .acknowledgement(&thread(), &AckNotes::default())
            .unwrap();
        assert!(!none.text.contains("Automatic check"));
        let many: Vec<String> = (0..20).map(|i| format!("M54.{i}")).collect();
        assert!(listed(&many, HEADER_CODES).ends_with("M54.11 and 8 more"));
    }

    #[test]
    fn answer_carries_codes_in_both_parts_copies_the_cased_people_and_is_not_automatic() {
        let codes = m5450();
        let warnings = vec!["M54.5 is a header since FY2022".to_owned()];
        let m = composer()
            .answer(
                &thread(),
                &parts(
                    "pat@desk.test",
                    "Use M54.50.\n\nSecond <p>aragraph.",
                    &codes,
                    &warnings,
                ),
            )
            .unwrap();
        assert!(!m.auto_submitted);
        assert_eq!(m.cc, ["lee@clinic.test"]);
        for part in [&m.text, &m.html] {
            assert!(part.contains("M54.50") && part.contains("Low back pain, unspecified"));
            assert!(part.contains("no radiculopathy") && part.contains("header since FY2022"));
            assert!(part.contains("documentation"), "disclaimer");
        }
        assert!(m.text.contains("Second <p>aragraph."));
        assert!(!m.html.contains("<p>aragraph"));
    }

    #[test]
    fn the_signature_follows_the_codes_and_the_vote_ends_the_answer() {
        let codes = m5450();
        let m = composer()
            .answer(&thread(), &parts("Pat", "Use M54.50.", &codes, &[]))
            .unwrap();
        for part in [&m.text, &m.html] {
            let table = part.find("Recommended codes").unwrap();
            let signature = part.find("The Coding Desk team").unwrap();
            assert!(table < signature, "{part}");
            assert_eq!(part.matches("Coding Desk").count(), 1, "{part}");
        }
        let text = m.text.trim_end();
        assert!(
            text.ends_with(
                "Did this answer your question? Yes · No\nYes: http://127.0.0.1:8080/rate/1042-abc/yes\nNo: http://127.0.0.1:8080/rate/1042-abc/no"
            ),
            "{text}"
        );
        assert!(m
            .html
            .contains(r#"<a href="http://127.0.0.1:8080/rate/1042-abc/yes">Yes</a>"#));
        assert!(m
            .html
            .contains(r#"<a href="http://127.0.0.1:8080/rate/1042-abc/no">No</a>"#));
        let mut config = Config::default();
        config.web.public_url = "https://desk.example.test/".into();
        let public = Composer::new(&config)
            .answer(&thread(), &parts("Pat", "Use M54.50.", &codes, &[]))
            .unwrap();
        assert!(public
            .text
            .contains("https://desk.example.test/rate/1042-abc/no"));
    }

    #[test]
    fn a_correction_says_so_in_its_subject_and_first_line() {
        let codes = m5450();
        let correction = AnswerParts {
            correction: true,
            ..parts("Pat", "Use M54.50.", &codes, &[])
        };
        let m = composer().answer(&thread(), &correction).unwrap();
        assert_eq!(
            m.subject,
            "Correction: Re: [Case #C-1042] Bone SPECT <codes> & more"
        );
        assert!(
            m.text
                .starts_with("This is a correction of our earlier answer on case C-1042"),
            "{}",
            m.text
        );
        assert!(m
            .html
            .contains("<strong>This is a correction of our earlier answer"));
        let first = composer()
            .answer(&thread(), &parts("Pat", "Use M54.50.", &codes, &[]))
            .unwrap();
        assert!(!first.subject.contains("Correction") && !first.text.contains("correction"));
    }

    #[test]
    fn a_merge_notice_names_the_case_that_continues_in_the_merged_thread() {
        let m = composer().merge_notice(&thread(), CaseId(1001)).unwrap();
        assert_eq!(m.kind, MailKind::MergeNotice);
        assert!(m.cc.is_empty());
        assert_eq!(m.in_reply_to.as_deref(), Some("q1@clinic.test"));
        assert_eq!(m.subject, "Re: [Case #C-1001] Bone SPECT <codes> & more");
        for part in [&m.text, &m.html] {
            assert!(
                part.contains("C-1042") && part.contains("case C-1001 continues")
                    || part.contains("<strong>C-1001</strong> continues"),
                "{part}"
            );
        }
    }

    #[test]
    fn the_desks_own_addresses_are_known() {
        let mut config = Config::default();
        config.imap.username = "Inbox@Desk.test".into();
        let c = Composer::new(&config);
        assert!(c.is_own_address("consult@example.test"));
        assert!(c.is_own_address("inbox@desk.test"));
        assert!(!c.is_own_address("lee@clinic.test"));
    }

    #[test]
    fn the_acknowledgement_names_dropped_files_a_cut_message_and_the_hourly_limit() {
        let notes = AckNotes {
            dropped: vec!["scan <1>.pdf".into()],
            truncated: true,
            last_this_hour: Some(30),
            checks: Vec::new(),
        };
        let m = composer().acknowledgement(&thread(), &notes).unwrap();
        for part in [&m.text, &m.html] {
            assert!(
                part.contains("were not kept") && part.contains("cut short"),
                "{part}"
            );
            assert!(part.contains("had 30 acknowledgements"), "{part}");
        }
        assert!(m.text.contains("scan <1>.pdf") && !m.html.contains("scan <1>"));
    }

    #[test]
    fn one_greeting_and_the_consultants_name_under_the_answer() {
        let own = composer()
            .answer(
                &thread(),
                &parts("Pat Consultant", "Hi Dana,\n\nUse M54.50.", &[], &[]),
            )
            .unwrap();
        for part in [&own.text, &own.html] {
            assert!(!part.contains("Hello"), "{part}");
            assert!(part.contains("Pat Consultant"), "{part}");
        }
        assert!(own.text.starts_with("Hi Dana,"));
        let plain = composer()
            .answer(&thread(), &parts("Pat Consultant", "Use M54.50.", &[], &[]))
            .unwrap();
        assert!(plain.text.starts_with("Hello"), "{}", plain.text);
        assert!(!opens_with_greeting("High-risk pregnancy: use O09.90."));
        assert!(opens_with_greeting("Good morning team,"));
    }

    #[test]
    fn references_are_capped_keeping_the_first() {
        let ids: Vec<String> = (0..30).map(|i| format!("m{i}@x")).collect();
        let refs = capped_references(&ids);
        assert_eq!(refs.len(), MAX_REFERENCES);
        assert_eq!(refs[0], "m0@x");
        assert_eq!(refs.last().unwrap(), "m29@x");
    }
}
