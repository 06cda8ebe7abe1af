//! Replies rendered from `templates/email/` (text and HTML), with their threading headers.

use askama::Template;

use crate::cases::{AckNotes, Answer, Compose, ComposeError};
use crate::config::Config;
use crate::domain::{CaseId, EmailAddress, MailKind, OutgoingMail, RecommendedCode, Thread};

/// The desk's identity and wording, from the configuration.
#[derive(Clone, Debug)]
pub struct Composer {
    from_domain: String,
    desk_name: String,
    signature: String,
    response_time_hours: u32,
}

#[derive(Template)]
#[template(path = "email/acknowledgement.txt")]
struct AckText<'a> {
    requester_name: Option<&'a str>,
    notes: &'a AckNotes,
    subject: &'a str,
    reference: String,
    tag: String,
    response_time_hours: u32,
    signature: &'a str,
    desk_name: &'a str,
}

#[derive(Template)]
#[template(path = "email/acknowledgement.html")]
struct AckHtml<'a> {
    requester_name: Option<&'a str>,
    notes: &'a AckNotes,
    subject: &'a str,
    reference: String,
    tag: String,
    response_time_hours: u32,
    signature: &'a str,
    desk_name: &'a str,
}

#[derive(Template)]
#[template(path = "email/answer.txt")]
struct AnswerText<'a> {
    requester_name: Option<&'a str>,
    /// The consultant's text opens with its own greeting: the template adds none.
    greets: bool,
    body: &'a str,
    codes: &'a [RecommendedCode],
    warnings: &'a [String],
    consultant: &'a str,
    reference: String,
    signature: &'a str,
    desk_name: &'a str,
}

#[derive(Template)]
#[template(path = "email/answer.html")]
struct AnswerHtml<'a> {
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
    desk_name: &'a str,
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
            desk_name: config.desk.name.clone(),
            signature: config.desk.signature.clone(),
            response_time_hours: config.desk.response_time_hours,
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
        let text = AckText {
            requester_name: name,
            notes,
            subject: &thread.subject,
            reference: thread.case_id.reference(),
            tag: thread.case_id.subject_tag(),
            response_time_hours: self.response_time_hours,
            signature: &self.signature,
            desk_name: &self.desk_name,
        }
        .render()?;
        let html = AckHtml {
            requester_name: name,
            notes,
            subject: &thread.subject,
            reference: thread.case_id.reference(),
            tag: thread.case_id.subject_tag(),
            response_time_hours: self.response_time_hours,
            signature: &self.signature,
            desk_name: &self.desk_name,
        }
        .render()?;
        Ok(self.reply(thread, MailKind::Acknowledgement, text, html, true))
    }

    pub fn answer(
        &self,
        thread: &Thread,
        consultant: &str,
        body: &str,
        codes: &[RecommendedCode],
        warnings: &[String],
    ) -> Result<OutgoingMail, askama::Error> {
        let name = thread.requester_name.as_deref();
        let greets = !opens_with_greeting(body);
        let text = AnswerText {
            requester_name: name,
            greets,
            body,
            codes,
            warnings,
            consultant,
            reference: thread.case_id.reference(),
            signature: &self.signature,
            desk_name: &self.desk_name,
        }
        .render()?;
        let html = AnswerHtml {
            requester_name: name,
            greets,
            paragraphs: body
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect(),
            codes,
            warnings,
            consultant,
            reference: thread.case_id.reference(),
            tag: thread.case_id.subject_tag(),
            signature: &self.signature,
            desk_name: &self.desk_name,
        }
        .render()?;
        Ok(self.reply(thread, MailKind::Answer, text, html, false))
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
    ) -> Result<OutgoingMail, ComposeError> {
        let signer = match answer.signer.trim() {
            "" => consultant.as_str(),
            name => name,
        };
        Composer::answer(
            self,
            thread,
            signer,
            answer.body,
            answer.codes,
            answer.warnings,
        )
        .map_err(|e| ComposeError(e.into()))
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
            message_ids: vec!["q1@clinic.test".into()],
            reply_to_id: Some("q1@clinic.test".into()),
        }
    }

    fn composer() -> Composer {
        Composer::new(&Config::default())
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
    fn answer_carries_codes_in_both_parts_and_is_not_automatic() {
        let codes = vec![RecommendedCode {
            system: crate::domain::CodeSystem::Icd10cm,
            code: "M54.50".into(),
            title: "Low back pain, unspecified".into(),
            note: "no radiculopathy".into(),
        }];
        let warnings = vec!["M54.5 is a header since FY2022".to_owned()];
        let m = composer()
            .answer(
                &thread(),
                "pat@desk.test",
                "Use M54.50.\n\nSecond <p>aragraph.",
                &codes,
                &warnings,
            )
            .unwrap();
        assert!(!m.auto_submitted);
        for part in [&m.text, &m.html] {
            assert!(part.contains("M54.50") && part.contains("Low back pain, unspecified"));
            assert!(part.contains("no radiculopathy") && part.contains("header since FY2022"));
            assert!(part.contains("documentation"), "disclaimer");
        }
        assert!(m.text.contains("Second <p>aragraph."));
        assert!(!m.html.contains("<p>aragraph"));
    }

    #[test]
    fn the_acknowledgement_names_dropped_files_a_cut_message_and_the_hourly_limit() {
        let notes = AckNotes {
            dropped: vec!["scan <1>.pdf".into()],
            truncated: true,
            last_this_hour: Some(30),
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
                "Pat Consultant",
                "Hi Dana,

Use M54.50.",
                &[],
                &[],
            )
            .unwrap();
        for part in [&own.text, &own.html] {
            assert!(!part.contains("Hello"), "{part}");
            assert!(part.contains("Pat Consultant"), "{part}");
        }
        assert!(own.text.starts_with("Hi Dana,"));
        let plain = composer()
            .answer(&thread(), "Pat Consultant", "Use M54.50.", &[], &[])
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
