//! A case's thread drafted as one question, each flag and recommended code credited to the
//! message that raised it.
//!
//! A message is credited with what the thread first produces once it has arrived: what the
//! questions up to it draft, and those before it do not. That is the message's own text for a
//! flag one message raises alone (a header code named in the first mail), and the message that
//! completed it for one that needs several (a code in the first mail, the side it lacks in a
//! follow-up), which drafting each message on its own would credit to none.

use crate::domain::{Draft, Flag, MessageRef, Recommendation};

/// How the questions of a thread are put together for the assistant, oldest first.
const BETWEEN_QUESTIONS: &str = "\n\n";

/// Drafts the whole thread with `draft` (a combined text in, its draft out) and credits each
/// flag and recommended code of that draft to a message of `questions` (oldest first).
pub(super) fn draft(questions: &[(MessageRef, &str)], draft: impl Fn(&str) -> Draft) -> Draft {
    let mut whole = draft(&joined(questions));
    let Some(((newest, _), earlier)) = questions.split_last() else {
        return whole;
    };
    // Each earlier prefix is drafted only while something is still uncredited, so a follow-up
    // that adds nothing new costs one draft, as a first mail does.
    for (n, (message, _)) in earlier.iter().enumerate() {
        if whole.flags.iter().all(|f| f.from.is_some())
            && whole.recommended.iter().all(|r| r.from.is_some())
        {
            break;
        }
        let so_far = draft(&joined(&questions[..=n]));
        for f in whole.flags.iter_mut().filter(|f| f.from.is_none()) {
            if so_far.flags.iter().any(|g| same_flag(f, g)) {
                f.from = Some(message.clone());
            }
        }
        for r in whole.recommended.iter_mut().filter(|r| r.from.is_none()) {
            if so_far.recommended.iter().any(|s| same_code(r, s)) {
                r.from = Some(message.clone());
            }
        }
    }
    for f in whole.flags.iter_mut().filter(|f| f.from.is_none()) {
        f.from = Some(newest.clone());
    }
    for r in whole.recommended.iter_mut().filter(|r| r.from.is_none()) {
        r.from = Some(newest.clone());
    }
    whole
}

fn joined(questions: &[(MessageRef, &str)]) -> String {
    questions
        .iter()
        .map(|(_, text)| *text)
        .collect::<Vec<_>>()
        .join(BETWEEN_QUESTIONS)
}

/// The same finding, whatever its wording: a message or evidence can quote the rest of the
/// thread.
fn same_flag(a: &Flag, b: &Flag) -> bool {
    a.kind == b.kind && a.codes == b.codes && a.rule == b.rule
}

/// The same code, whatever the reason given: the reason can change as the thread grows.
fn same_code(a: &Recommendation, b: &Recommendation) -> bool {
    a.system == b.system && a.code == b.code
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use chrono::{DateTime, Utc};

    use super::*;
    use crate::domain::{CodeSystem, FlagKind, InboundMessageId, Severity};

    fn message(number: u32) -> MessageRef {
        MessageRef {
            inbound_message_id: InboundMessageId(100 + i64::from(number)),
            number,
            received_at: DateTime::<Utc>::from_timestamp(1_796_306_520 + i64::from(number), 0)
                .unwrap(),
            sender: Some("dr@clinic.test".into()),
        }
    }

    fn flag(kind: FlagKind, codes: &[&str], message: &str) -> Flag {
        Flag {
            kind,
            severity: Severity::Error,
            codes: codes.iter().map(|c| c.to_string()).collect(),
            message: message.into(),
            evidence: String::new(),
            rule: None,
            from: None,
        }
    }

    /// A stand-in assistant: `NB:code` is a nonbillable code, a code written with and without
    /// `RIGHT` somewhere in the text is a laterality finding that needs both, and `REC:code`
    /// is recommended; each once, as the assistant does. Its messages quote the whole text, as
    /// real evidence can.
    fn fake(text: &str) -> Draft {
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut draft = Draft::default();
        for (at, w) in words.iter().enumerate() {
            if words[..at].contains(w) {
                continue;
            }
            if let Some(code) = w.strip_prefix("NB:") {
                draft
                    .flags
                    .push(flag(FlagKind::NonBillable, &[code], &format!("in {text}")));
            }
            if let Some(code) = w.strip_prefix("LAT:") {
                if words.contains(&"RIGHT") {
                    draft
                        .flags
                        .push(flag(FlagKind::Laterality, &[code], &format!("in {text}")));
                }
            }
            if let Some(code) = w.strip_prefix("REC:") {
                draft.recommended.push(Recommendation {
                    system: CodeSystem::Icd10cm,
                    code: code.into(),
                    title: String::new(),
                    why: format!("in {text}"),
                    evidence: String::new(),
                    from: None,
                });
            }
        }
        draft
    }

    /// Each finding's codes with the number of the message it is credited to.
    type Credited = Vec<(String, u32)>;

    fn numbers(draft: &Draft) -> (Credited, Credited) {
        (
            draft
                .flags
                .iter()
                .map(|f| (f.codes.join("+"), f.from.as_ref().unwrap().number))
                .collect(),
            draft
                .recommended
                .iter()
                .map(|r| (r.code.clone(), r.from.as_ref().unwrap().number))
                .collect(),
        )
    }

    #[test]
    fn each_finding_is_credited_to_the_message_that_first_raised_it() {
        let thread = [
            (message(1), "NB:N18.3 LAT:G56.00 REC:N18.30"),
            (message(2), "NB:M54.5 and NB:N18.3 again REC:N18.30"),
            (message(3), "only the RIGHT wrist REC:G56.01"),
        ];
        let draft = draft(&thread, fake);
        let (flags, recommended) = numbers(&draft);
        assert_eq!(
            flags,
            [
                ("N18.3".into(), 1),
                ("G56.00".into(), 3),
                ("M54.5".into(), 2),
            ],
            "a follow-up never takes the first mail's flag; a flag that needs the side from \
             the third message is that message's"
        );
        assert_eq!(recommended, [("N18.30".into(), 1), ("G56.01".into(), 3)]);
        // The draft is the whole thread's, wording included.
        assert!(draft.flags[0].message.contains("RIGHT wrist"));
        assert_eq!(draft.flags[0].from, Some(message(1)));
    }

    #[test]
    fn a_follow_up_that_adds_nothing_new_costs_no_earlier_drafts() {
        let calls = Cell::new(0);
        let counted = |text: &str| {
            calls.set(calls.get() + 1);
            fake(text)
        };
        let thread = [
            (message(1), "NB:N18.3"),
            (message(2), "thanks"),
            (message(3), "any news?"),
        ];
        let drafted = draft(&thread, counted);
        assert_eq!(numbers(&drafted).0, [("N18.3".into(), 1)]);
        assert_eq!(
            calls.get(),
            2,
            "the whole thread, then the first mail alone"
        );

        calls.set(0);
        let one = draft(&[(message(1), "NB:N18.3 REC:N18.30")], counted);
        assert_eq!(
            numbers(&one),
            (vec![("N18.3".into(), 1)], vec![("N18.30".into(), 1)])
        );
        assert_eq!(calls.get(), 1, "a first mail is drafted once");
    }
}
