//! The case lifecycle as one pure function: `(state, event, actor) -> transition or refusal`.
//!
//! Every change of a case's status or holder anywhere in the desk is computed here and written
//! by `CaseStore::apply`; the pages and the command line ask [`actions`] what an actor may do.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::domain::{CaseId, EmailAddress, MailKind, Role};

/// Stored as the PostgreSQL enum `case_status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "lowercase")]
#[sqlx(type_name = "case_status", rename_all = "lowercase")]
pub enum Status {
    Open,
    Claimed,
    Answered,
    Closed,
    Quarantined,
    /// The answer was refused by the recipient's server for good (or retries ran out): back in
    /// the queue with its holder, to correct and resend.
    #[serde(rename = "delivery_failed")]
    #[sqlx(rename = "delivery_failed")]
    DeliveryFailed,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Open,
        Status::Claimed,
        Status::Answered,
        Status::Closed,
        Status::Quarantined,
        Status::DeliveryFailed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Claimed => "claimed",
            Status::Answered => "answered",
            Status::Closed => "closed",
            Status::Quarantined => "quarantined",
            Status::DeliveryFailed => "delivery_failed",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "unknown status (expected open, claimed, answered, closed, quarantined or delivery_failed)"
)]
pub struct BadStatus;

impl FromStr for Status {
    type Err = BadStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|st| st.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or(BadStatus)
    }
}

/// What the lifecycle needs to know about an existing case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseState {
    pub status: Status,
    pub holder: Option<EmailAddress>,
}

/// Who causes an event. The desk's own stages act for themselves; people act as consultants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    Intake,
    Outbox,
    Consultant { email: EmailAddress, role: Role },
}

impl Actor {
    pub fn consultant(email: EmailAddress, role: Role) -> Self {
        Actor::Consultant { email, role }
    }

    /// The name written in the audit log.
    pub fn audit_name(&self) -> &str {
        match self {
            Actor::Intake => "intake",
            Actor::Outbox => "outbox",
            Actor::Consultant { email, .. } => email.as_str(),
        }
    }

    fn person(&self) -> Option<(&EmailAddress, bool)> {
        match self {
            Actor::Consultant { email, role } => Some((email, *role == Role::Admin)),
            _ => None,
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.audit_name())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// Intake: a message that belongs to no case.
    NewQuestion,
    /// Intake: a message from one of the case's people on an existing case.
    FollowUp(FollowUp),
    Claim,
    Release,
    /// The holder hands the case over, or an admin reassigns it.
    Assign {
        to: EmailAddress,
    },
    Answer,
    /// A further answer on an answered case, in the same thread.
    Correction,
    /// Outbox: a reply of the case left.
    Delivered,
    /// Outbox: the SMTP server refused a reply for good, or retries ran out. A failed answer
    /// puts the case back in the queue; a failed acknowledgement is only recorded.
    DeliveryFailed {
        answer: bool,
    },
    /// An admin deactivated the consultant holding the case: it goes back to the queue.
    HolderDeactivated,
    Close,
    Reopen,
    /// An admin decides that quarantined mail is a real question.
    ReleaseQuarantine,
    /// This case asks what case `into` asks: it is closed, its mail and work move there, and
    /// its requester is told which case continues.
    Merge {
        into: CaseId,
    },
    /// The case that continues takes in a merged case.
    Absorb {
        from: CaseId,
    },
}

/// What a follow-up says, as far as the lifecycle cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FollowUp {
    /// It only thanks or acknowledges (see [`super::follow_up::only_thanks`]): kept on the
    /// case without reopening it.
    Thanks,
    /// Anything else. `holder_active`: the consultant who holds the case (who answered it)
    /// still works at the desk, so the reopened case goes back to them.
    Other { holder_active: bool },
}

impl Event {
    pub fn verb(&self) -> &'static str {
        match self {
            Event::NewQuestion => "open",
            Event::FollowUp(_) => "add a follow-up to",
            Event::Claim => "claim",
            Event::Release => "release",
            Event::Assign { .. } => "assign",
            Event::Answer => "answer",
            Event::Correction => "correct",
            Event::Delivered => "report a delivery of",
            Event::DeliveryFailed { .. } => "report a failed delivery of",
            Event::HolderDeactivated => "return the claim of a deactivated consultant on",
            Event::Close => "close",
            Event::Reopen => "reopen",
            Event::ReleaseQuarantine => "release from quarantine",
            Event::Merge { .. } => "merge",
            Event::Absorb { .. } => "merge another case into",
        }
    }
}

/// What an event does to a case: its new status and holder, the audit entries to write (in
/// order; none for an event that changes nothing), and the mail it sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    pub status: Status,
    pub holder: Option<EmailAddress>,
    pub audit: &'static [&'static str],
    pub sends: Option<MailKind>,
}

impl Transition {
    fn to(status: Status, holder: Option<EmailAddress>, audit: &'static [&'static str]) -> Self {
        Self {
            status,
            holder,
            audit,
            sends: None,
        }
    }

    fn stay(state: &CaseState, audit: &'static [&'static str]) -> Self {
        Self::to(state.status, state.holder.clone(), audit)
    }

    fn sending(mut self, kind: MailKind) -> Self {
        self.sends = Some(kind);
        self
    }

    /// Whether applying it writes anything at all.
    pub fn changes(&self, from: Option<&CaseState>) -> bool {
        !self.audit.is_empty()
            || from.is_none_or(|s| s.status != self.status || s.holder != self.holder)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{actor} may not {verb} a case")]
    NotPermitted { verb: &'static str, actor: String },
    #[error("it is held by {holder}; only they can {verb} it")]
    HeldByOther {
        holder: EmailAddress,
        verb: &'static str,
    },
    #[error("you cannot {verb} a case that is {status}")]
    NotNow { status: Status, verb: &'static str },
    #[error("there is no case to {verb}")]
    NoCase { verb: &'static str },
    #[error("the case exists already")]
    Exists,
}

/// The lifecycle of the design: open → claimed → answered → closed; a requester's reply
/// reopens an answered or closed case; quarantined mail is released as an open case.
pub fn transition(
    from: Option<&CaseState>,
    event: &Event,
    actor: &Actor,
) -> Result<Transition, Refusal> {
    let verb = event.verb();
    let not_permitted = || Refusal::NotPermitted {
        verb,
        actor: actor.audit_name().to_owned(),
    };
    let Some(state) = from else {
        return match event {
            Event::NewQuestion if *actor == Actor::Intake => {
                Ok(Transition::to(Status::Open, None, &["created"])
                    .sending(MailKind::Acknowledgement))
            }
            Event::ReleaseQuarantine if actor.person().is_some_and(|(_, admin)| admin) => Ok(
                Transition::to(Status::Open, None, &["released_from_quarantine"]),
            ),
            Event::NewQuestion | Event::ReleaseQuarantine => Err(not_permitted()),
            _ => Err(Refusal::NoCase { verb }),
        };
    };
    match event {
        Event::NewQuestion | Event::ReleaseQuarantine => Err(Refusal::Exists),
        Event::FollowUp(what) if *actor == Actor::Intake => Ok(follow_up(state, *what)),
        Event::Delivered if *actor == Actor::Outbox => Ok(Transition::stay(state, &["sent"])),
        Event::DeliveryFailed { answer } if *actor == Actor::Outbox => {
            Ok(match (answer, state.status) {
                (true, Status::Answered) => Transition::to(
                    Status::DeliveryFailed,
                    state.holder.clone(),
                    &["send_failed"],
                ),
                _ => Transition::stay(state, &["send_failed"]),
            })
        }
        Event::HolderDeactivated if actor.person().is_some_and(|(_, admin)| admin) => {
            Ok(match state.status {
                Status::Claimed | Status::DeliveryFailed => {
                    Transition::to(Status::Open, None, &["released_holder_deactivated"])
                }
                _ => Transition::stay(state, &[]),
            })
        }
        Event::FollowUp(_)
        | Event::Delivered
        | Event::DeliveryFailed { .. }
        | Event::HolderDeactivated => Err(not_permitted()),
        _ => {
            let (me, admin) = actor.person().ok_or_else(not_permitted)?;
            by_consultant(state, event, me, admin)
        }
    }
}

/// A thank-you leaves the case as it is; anything else brings an answered or closed case back,
/// held by the consultant who answered it while they still work at the desk.
fn follow_up(state: &CaseState, what: FollowUp) -> Transition {
    match (what, state.status) {
        (FollowUp::Other { holder_active }, Status::Answered | Status::Closed) => {
            match state.holder.clone().filter(|_| holder_active) {
                Some(holder) => {
                    Transition::to(Status::Claimed, Some(holder), &["follow_up", "reopened"])
                }
                None => Transition::to(Status::Open, None, &["follow_up", "reopened"]),
            }
        }
        _ => Transition::stay(state, &["follow_up"]),
    }
}

fn by_consultant(
    state: &CaseState,
    event: &Event,
    me: &EmailAddress,
    admin: bool,
) -> Result<Transition, Refusal> {
    use Status::*;
    let verb = event.verb();
    let held_by_me = state.holder.as_ref() == Some(me);
    // A claimed case is its holder's; an answered one too, for corrections (admins excepted).
    let held_by_other = || match &state.holder {
        Some(holder) if !held_by_me => Err(Refusal::HeldByOther {
            holder: holder.clone(),
            verb,
        }),
        _ => Ok(()),
    };
    let not_now = || {
        Err(Refusal::NotNow {
            status: state.status,
            verb,
        })
    };
    let mine = Some(me.clone());
    match (event, state.status) {
        (Event::Claim, Open) => Ok(Transition::to(Claimed, mine, &["claimed"])),
        (Event::Claim, Claimed) => held_by_other().map(|()| Transition::stay(state, &[])),
        (Event::Claim, DeliveryFailed) => {
            held_by_other().map(|()| Transition::to(Claimed, mine, &["claimed"]))
        }
        (Event::Release, Claimed | DeliveryFailed) => {
            held_by_other().map(|()| Transition::to(Open, None, &["released"]))
        }
        (Event::Assign { to }, Open) => {
            Ok(Transition::to(Claimed, Some(to.clone()), &["assigned"]))
        }
        (Event::Assign { to }, Claimed | DeliveryFailed) => {
            if !admin {
                held_by_other()?;
            }
            Ok(
                if state.status == Claimed && state.holder.as_ref() == Some(to) {
                    Transition::stay(state, &[])
                } else {
                    Transition::to(Claimed, Some(to.clone()), &["assigned"])
                },
            )
        }
        (Event::Answer, Open | Claimed) => held_by_other()
            .map(|()| Transition::to(Answered, mine, &["answered"]).sending(MailKind::Answer)),
        (Event::Answer, DeliveryFailed) => {
            if !admin {
                held_by_other()?;
            }
            Ok(Transition::to(Answered, mine, &["resent"]).sending(MailKind::Answer))
        }
        (Event::Correction, Answered) => {
            if !admin {
                held_by_other()?;
            }
            Ok(Transition::to(Answered, mine, &["corrected"]).sending(MailKind::Answer))
        }
        (Event::Close, Claimed) => {
            held_by_other().map(|()| Transition::to(Closed, state.holder.clone(), &["closed"]))
        }
        (Event::Close, Open | Answered | Quarantined | DeliveryFailed) => {
            Ok(Transition::to(Closed, state.holder.clone(), &["closed"]))
        }
        (Event::Reopen, Answered | Closed) => Ok(Transition::to(Open, None, &["reopened"])),
        (Event::Merge { .. }, Claimed) => held_by_other().map(|()| {
            Transition::to(Closed, state.holder.clone(), &["merged"]).sending(MailKind::MergeNotice)
        }),
        (Event::Merge { .. }, Open | Answered | DeliveryFailed) => {
            Ok(Transition::to(Closed, state.holder.clone(), &["merged"])
                .sending(MailKind::MergeNotice))
        }
        (Event::Absorb { .. }, Open | Claimed | Answered | DeliveryFailed) => {
            Ok(Transition::stay(state, &["merged_in"]))
        }
        _ => not_now(),
    }
}

/// What a consultant can do from a page or the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Claim,
    Release,
    Assign,
    Answer,
    Correct,
    Close,
    Reopen,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::Claim,
        Action::Release,
        Action::Assign,
        Action::Answer,
        Action::Correct,
        Action::Close,
        Action::Reopen,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Claim => "claim",
            Action::Release => "release",
            Action::Assign => "assign",
            Action::Answer => "answer",
            Action::Correct => "correct",
            Action::Close => "close",
            Action::Reopen => "reopen",
        }
    }

    fn event(self, assignee: &EmailAddress) -> Event {
        match self {
            Action::Claim => Event::Claim,
            Action::Release => Event::Release,
            Action::Assign => Event::Assign {
                to: assignee.clone(),
            },
            Action::Answer => Event::Answer,
            Action::Correct => Event::Correction,
            Action::Close => Event::Close,
            Action::Reopen => Event::Reopen,
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The actions that would change this case if `actor` took them now.
pub fn actions(state: &CaseState, actor: &Actor) -> Vec<Action> {
    // Handing over is judged as a hand-over to someone who holds nothing yet.
    let Some(someone_else) = EmailAddress::parse("someone-else@invalid") else {
        return Vec::new();
    };
    Action::ALL
        .into_iter()
        .filter(|a| {
            transition(Some(state), &a.event(&someone_else), actor)
                .is_ok_and(|t| t.changes(Some(state)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    fn addr(s: &str) -> EmailAddress {
        EmailAddress::parse(s).unwrap()
    }
    fn pat() -> Actor {
        Actor::consultant(addr("pat@desk.test"), Role::Consultant)
    }
    fn sam() -> Actor {
        Actor::consultant(addr("sam@desk.test"), Role::Consultant)
    }
    fn ada() -> Actor {
        Actor::consultant(addr("ada@desk.test"), Role::Admin)
    }
    fn state(status: Status, holder: Option<&str>) -> CaseState {
        CaseState {
            status,
            holder: holder.map(addr),
        }
    }
    fn after(from: &CaseState, event: Event, actor: &Actor) -> Result<CaseState, Refusal> {
        transition(Some(from), &event, actor).map(|t| CaseState {
            status: t.status,
            holder: t.holder,
        })
    }

    #[test]
    fn new_cases_come_from_intake_or_an_admins_quarantine_release() {
        let t = transition(None, &Event::NewQuestion, &Actor::Intake).unwrap();
        assert_eq!((t.status, t.holder.clone()), (Open, None));
        assert_eq!(t.sends, Some(MailKind::Acknowledgement));
        assert_eq!(t.audit, ["created"]);
        let t = transition(None, &Event::ReleaseQuarantine, &ada()).unwrap();
        assert_eq!(
            (t.status, t.sends, t.audit),
            (Open, None, &["released_from_quarantine"][..])
        );
        assert!(matches!(
            transition(None, &Event::ReleaseQuarantine, &pat()),
            Err(Refusal::NotPermitted { .. })
        ));
        assert!(matches!(
            transition(None, &Event::NewQuestion, &pat()),
            Err(Refusal::NotPermitted { .. })
        ));
        assert!(matches!(
            transition(None, &Event::Claim, &pat()),
            Err(Refusal::NoCase { .. })
        ));
        for event in [Event::NewQuestion, Event::ReleaseQuarantine] {
            assert_eq!(
                transition(Some(&state(Open, None)), &event, &Actor::Intake),
                Err(Refusal::Exists)
            );
        }
    }

    #[test]
    fn a_follow_up_reopens_answered_and_closed_cases_to_their_consultant_unless_it_only_thanks() {
        let other = |holder_active| Event::FollowUp(FollowUp::Other { holder_active });
        let thanks = Event::FollowUp(FollowUp::Thanks);
        let pats = |status| state(status, Some("pat@desk.test"));
        // (from, event, status after, holder after, audit)
        type Row<'a> = (CaseState, Event, Status, Option<&'a str>, &'a [&'a str]);
        let table: [Row<'_>; 10] = [
            (state(Open, None), other(true), Open, None, &["follow_up"]),
            (
                pats(Claimed),
                other(true),
                Claimed,
                Some("pat@desk.test"),
                &["follow_up"],
            ),
            (
                pats(Answered),
                other(true),
                Claimed,
                Some("pat@desk.test"),
                &["follow_up", "reopened"],
            ),
            (
                pats(Closed),
                other(true),
                Claimed,
                Some("pat@desk.test"),
                &["follow_up", "reopened"],
            ),
            (
                pats(Answered),
                other(false),
                Open,
                None,
                &["follow_up", "reopened"],
            ),
            (
                state(Closed, None),
                other(true),
                Open,
                None,
                &["follow_up", "reopened"],
            ),
            (
                state(Quarantined, None),
                other(true),
                Quarantined,
                None,
                &["follow_up"],
            ),
            (
                pats(Answered),
                thanks.clone(),
                Answered,
                Some("pat@desk.test"),
                &["follow_up"],
            ),
            (
                pats(Closed),
                thanks.clone(),
                Closed,
                Some("pat@desk.test"),
                &["follow_up"],
            ),
            (
                state(Open, None),
                thanks.clone(),
                Open,
                None,
                &["follow_up"],
            ),
        ];
        for (from, event, to, holder, audit) in table {
            let t = transition(Some(&from), &event, &Actor::Intake).unwrap();
            assert_eq!(
                (t.status, t.holder.clone(), t.audit),
                (to, holder.map(addr), audit),
                "{event:?} on {from:?}"
            );
            assert_eq!(t.sends, None, "a follow-up is never acknowledged");
        }
        assert!(matches!(
            transition(Some(&state(Answered, None)), &other(true), &pat()),
            Err(Refusal::NotPermitted { .. })
        ));
    }

    #[test]
    fn a_merge_closes_the_case_and_tells_its_requester_and_the_other_case_takes_it_in() {
        let merge = Event::Merge { into: CaseId(7) };
        let absorb = Event::Absorb { from: CaseId(8) };
        for from in [state(Open, None), state(Answered, Some("pat@desk.test"))] {
            let t = transition(Some(&from), &merge, &sam()).unwrap();
            assert_eq!(
                (t.status, t.audit, t.sends),
                (Closed, &["merged"][..], Some(MailKind::MergeNotice))
            );
        }
        let pats = state(Claimed, Some("pat@desk.test"));
        assert!(transition(Some(&pats), &merge, &pat()).is_ok());
        assert!(matches!(
            transition(Some(&pats), &merge, &sam()),
            Err(Refusal::HeldByOther { .. })
        ));
        for status in [Closed, Quarantined] {
            assert!(matches!(
                transition(Some(&state(status, None)), &merge, &pat()),
                Err(Refusal::NotNow { .. })
            ));
            assert!(matches!(
                transition(Some(&state(status, None)), &absorb, &pat()),
                Err(Refusal::NotNow { .. })
            ));
        }
        let t = transition(Some(&pats), &absorb, &sam()).unwrap();
        assert_eq!(
            (t.status, t.holder.clone()),
            (Claimed, Some(addr("pat@desk.test")))
        );
        assert_eq!((t.audit, t.sends), (&["merged_in"][..], None));
        assert!(matches!(
            transition(Some(&pats), &merge, &Actor::Intake),
            Err(Refusal::NotPermitted { .. })
        ));
    }

    #[test]
    fn claims_belong_to_one_consultant() {
        let open = state(Open, None);
        let pats = state(Claimed, Some("pat@desk.test"));
        assert_eq!(after(&open, Event::Claim, &pat()), Ok(pats.clone()));
        let again = transition(Some(&pats), &Event::Claim, &pat()).unwrap();
        assert!(
            !again.changes(Some(&pats)),
            "claiming your own case is a no-op"
        );
        assert_eq!(
            after(&pats, Event::Claim, &sam()),
            Err(Refusal::HeldByOther {
                holder: addr("pat@desk.test"),
                verb: "claim"
            })
        );
        assert!(
            matches!(
                after(&pats, Event::Claim, &ada()),
                Err(Refusal::HeldByOther { .. })
            ),
            "an admin reassigns rather than claims"
        );
        for status in [Answered, Closed, Quarantined] {
            assert!(matches!(
                after(&state(status, None), Event::Claim, &pat()),
                Err(Refusal::NotNow { .. })
            ));
        }
    }

    #[test]
    fn only_the_holder_releases() {
        let pats = state(Claimed, Some("pat@desk.test"));
        assert_eq!(after(&pats, Event::Release, &pat()), Ok(state(Open, None)));
        assert!(matches!(
            after(&pats, Event::Release, &sam()),
            Err(Refusal::HeldByOther { .. })
        ));
        for status in [Open, Answered, Closed, Quarantined] {
            assert!(matches!(
                after(&state(status, None), Event::Release, &pat()),
                Err(Refusal::NotNow { .. })
            ));
        }
    }

    #[test]
    fn the_holder_hands_over_and_an_admin_reassigns() {
        let to_sam = || Event::Assign {
            to: addr("sam@desk.test"),
        };
        let pats = state(Claimed, Some("pat@desk.test"));
        let sams = state(Claimed, Some("sam@desk.test"));
        assert_eq!(after(&pats, to_sam(), &pat()), Ok(sams.clone()));
        assert_eq!(after(&pats, to_sam(), &ada()), Ok(sams.clone()));
        assert_eq!(
            after(&state(Open, None), to_sam(), &pat()),
            Ok(sams.clone())
        );
        assert!(matches!(
            after(
                &pats,
                Event::Assign {
                    to: addr("ada@desk.test")
                },
                &sam()
            ),
            Err(Refusal::HeldByOther { .. })
        ));
        assert!(!transition(Some(&sams), &to_sam(), &ada())
            .unwrap()
            .changes(Some(&sams)));
        for status in [Answered, Closed, Quarantined] {
            assert!(matches!(
                after(&state(status, None), to_sam(), &ada()),
                Err(Refusal::NotNow { .. })
            ));
        }
    }

    #[test]
    fn answering_claims_and_sends_and_a_correction_follows_an_answer() {
        for from in [state(Open, None), state(Claimed, Some("pat@desk.test"))] {
            let t = transition(Some(&from), &Event::Answer, &pat()).unwrap();
            assert_eq!(
                (t.status, t.holder.clone()),
                (Answered, Some(addr("pat@desk.test")))
            );
            assert_eq!(t.sends, Some(MailKind::Answer));
        }
        assert_eq!(
            transition(
                Some(&state(Claimed, Some("pat@desk.test"))),
                &Event::Answer,
                &sam()
            )
            .unwrap_err()
            .to_string(),
            "it is held by pat@desk.test; only they can answer it"
        );
        let answered = state(Answered, Some("pat@desk.test"));
        assert!(matches!(
            after(&answered, Event::Answer, &pat()),
            Err(Refusal::NotNow { .. })
        ));
        let t = transition(Some(&answered), &Event::Correction, &pat()).unwrap();
        assert_eq!(
            (t.status, t.sends, t.audit),
            (Answered, Some(MailKind::Answer), &["corrected"][..])
        );
        assert!(matches!(
            after(&answered, Event::Correction, &sam()),
            Err(Refusal::HeldByOther { .. })
        ));
        assert!(after(&answered, Event::Correction, &ada()).is_ok());
        for status in [Open, Claimed, Closed, Quarantined] {
            assert!(matches!(
                after(
                    &state(status, Some("pat@desk.test")),
                    Event::Correction,
                    &pat()
                ),
                Err(Refusal::NotNow { .. } | Refusal::HeldByOther { .. })
            ));
        }
        for status in [Closed, Quarantined] {
            assert!(matches!(
                after(&state(status, None), Event::Answer, &pat()),
                Err(Refusal::NotNow { .. })
            ));
        }
    }

    #[test]
    fn closing_and_reopening() {
        for status in [Open, Answered, Quarantined] {
            assert_eq!(
                after(&state(status, None), Event::Close, &sam()).map(|s| s.status),
                Ok(Closed)
            );
        }
        let pats = state(Claimed, Some("pat@desk.test"));
        assert_eq!(
            after(&pats, Event::Close, &pat()),
            Ok(state(Closed, Some("pat@desk.test")))
        );
        assert!(matches!(
            after(&pats, Event::Close, &sam()),
            Err(Refusal::HeldByOther { .. })
        ));
        assert!(matches!(
            after(&state(Closed, None), Event::Close, &pat()),
            Err(Refusal::NotNow { .. })
        ));
        for status in [Answered, Closed] {
            assert_eq!(
                after(&state(status, Some("pat@desk.test")), Event::Reopen, &sam()),
                Ok(state(Open, None))
            );
        }
        for status in [Open, Claimed, Quarantined] {
            assert!(matches!(
                after(&state(status, None), Event::Reopen, &pat()),
                Err(Refusal::NotNow { .. })
            ));
        }
    }

    #[test]
    fn deliveries_are_reported_by_the_outbox_and_only_a_refused_answer_changes_status() {
        for status in Status::ALL {
            let from = state(status, Some("pat@desk.test"));
            let sent = transition(Some(&from), &Event::Delivered, &Actor::Outbox).unwrap();
            assert_eq!((sent.status, sent.audit), (status, &["sent"][..]));
            let ack = Event::DeliveryFailed { answer: false };
            let failed = transition(Some(&from), &ack, &Actor::Outbox).unwrap();
            assert_eq!(
                (failed.status, failed.audit),
                (status, &["send_failed"][..])
            );
            for actor in [Actor::Intake, pat(), ada()] {
                assert!(matches!(
                    transition(Some(&from), &Event::Delivered, &actor),
                    Err(Refusal::NotPermitted { .. })
                ));
            }
        }
    }

    #[test]
    fn the_desks_own_stages_cannot_act_as_consultants() {
        let events = [
            Event::Claim,
            Event::Release,
            Event::Answer,
            Event::Correction,
            Event::Close,
            Event::Reopen,
        ];
        for event in events {
            for actor in [Actor::Intake, Actor::Outbox] {
                assert!(matches!(
                    transition(Some(&state(Open, None)), &event, &actor),
                    Err(Refusal::NotPermitted { .. })
                ));
            }
        }
    }

    #[test]
    fn the_pages_are_offered_exactly_what_the_lifecycle_allows() {
        use Action::*;
        assert_eq!(
            actions(&state(Open, None), &pat()),
            vec![Claim, Assign, Answer, Close]
        );
        let pats = state(Claimed, Some("pat@desk.test"));
        assert_eq!(actions(&pats, &pat()), vec![Release, Assign, Answer, Close]);
        assert_eq!(actions(&pats, &sam()), Vec::<Action>::new());
        assert_eq!(actions(&pats, &ada()), vec![Assign]);
        let answered = state(Answered, Some("pat@desk.test"));
        assert_eq!(actions(&answered, &pat()), vec![Correct, Close, Reopen]);
        assert_eq!(actions(&answered, &sam()), vec![Close, Reopen]);
        assert_eq!(actions(&state(Closed, None), &pat()), vec![Reopen]);
        assert!(actions(&state(Open, None), &Actor::Intake).is_empty());
    }

    /// Every consultant event from every state, for the holder, a colleague and an admin.
    /// Cells: the resulting `status:holder`, `=` for a no-op, `held` (held by another), `no`
    /// (not in this state).
    #[test]
    fn the_whole_table_for_consultants() {
        let events: [(&str, Event); 7] = [
            ("claim", Event::Claim),
            ("release", Event::Release),
            (
                "assign to sam",
                Event::Assign {
                    to: addr("sam@desk.test"),
                },
            ),
            ("answer", Event::Answer),
            ("correct", Event::Correction),
            ("close", Event::Close),
            ("reopen", Event::Reopen),
        ];
        // (state, event) -> (as pat, the holder where there is one; as sam; as ada, an admin)
        let table: [(CaseState, [[&str; 3]; 7]); 6] = [
            (
                state(Open, None),
                [
                    ["claimed:pat", "claimed:sam", "claimed:ada"],
                    ["no", "no", "no"],
                    ["claimed:sam", "claimed:sam", "claimed:sam"],
                    ["answered:pat", "answered:sam", "answered:ada"],
                    ["no", "no", "no"],
                    ["closed:-", "closed:-", "closed:-"],
                    ["no", "no", "no"],
                ],
            ),
            (
                state(Claimed, Some("pat@desk.test")),
                [
                    ["=", "held", "held"],
                    ["open:-", "held", "held"],
                    ["claimed:sam", "held", "claimed:sam"],
                    ["answered:pat", "held", "held"],
                    ["no", "no", "no"],
                    ["closed:pat", "held", "held"],
                    ["no", "no", "no"],
                ],
            ),
            (
                state(Answered, Some("pat@desk.test")),
                [
                    ["no", "no", "no"],
                    ["no", "no", "no"],
                    ["no", "no", "no"],
                    ["no", "no", "no"],
                    ["answered:pat", "held", "answered:ada"],
                    ["closed:pat", "closed:pat", "closed:pat"],
                    ["open:-", "open:-", "open:-"],
                ],
            ),
            (
                state(Closed, Some("pat@desk.test")),
                [
                    ["no", "no", "no"],
                    ["no", "no", "no"],
                    ["no", "no", "no"],
                    ["no", "no", "no"],
                    ["no", "no", "no"],
                    ["no", "no", "no"],
                    ["open:-", "open:-", "open:-"],
                ],
            ),
            (
                state(Quarantined, None),
                [
                    ["no", "no", "no"],
                    ["no", "no", "no"],
                    ["no", "no", "no"],
                    ["no", "no", "no"],
                    ["no", "no", "no"],
                    ["closed:-", "closed:-", "closed:-"],
                    ["no", "no", "no"],
                ],
            ),
            (
                state(DeliveryFailed, Some("pat@desk.test")),
                [
                    ["claimed:pat", "held", "held"],
                    ["open:-", "held", "held"],
                    ["claimed:sam", "held", "claimed:sam"],
                    ["answered:pat", "held", "answered:ada"],
                    ["no", "no", "no"],
                    ["closed:pat", "closed:pat", "closed:pat"],
                    ["no", "no", "no"],
                ],
            ),
        ];
        let actors = [pat(), sam(), ada()];
        for (from, rows) in &table {
            for ((name, event), row) in events.iter().zip(rows) {
                for (actor, want) in actors.iter().zip(row) {
                    let got = match transition(Some(from), event, actor) {
                        Ok(t) if !t.changes(Some(from)) => "=".to_owned(),
                        Ok(t) => format!(
                            "{}:{}",
                            t.status,
                            t.holder.as_ref().map_or("-", |h| h.local_part())
                        ),
                        Err(Refusal::HeldByOther { .. }) => "held".into(),
                        Err(Refusal::NotNow { .. }) => "no".into(),
                        Err(other) => format!("{other:?}"),
                    };
                    assert_eq!(&got, want, "{name} on {from:?} by {actor}");
                }
            }
        }
    }

    #[test]
    fn a_refused_answer_comes_back_to_the_queue_and_a_refused_acknowledgement_does_not() {
        let answered = state(Answered, Some("pat@desk.test"));
        let failed = |answer| Event::DeliveryFailed { answer };
        assert_eq!(
            after(&answered, failed(true), &Actor::Outbox),
            Ok(state(DeliveryFailed, Some("pat@desk.test")))
        );
        assert_eq!(
            after(&answered, failed(false), &Actor::Outbox),
            Ok(answered.clone())
        );
        let open = state(Open, None);
        assert_eq!(after(&open, failed(true), &Actor::Outbox), Ok(open.clone()));
        assert!(matches!(
            after(&answered, failed(true), &pat()),
            Err(Refusal::NotPermitted { .. })
        ));
        let resent = transition(
            Some(&state(DeliveryFailed, Some("pat@desk.test"))),
            &Event::Answer,
            &pat(),
        )
        .unwrap();
        assert_eq!(
            (resent.status, resent.sends),
            (Answered, Some(MailKind::Answer))
        );
        assert_eq!(resent.audit, ["resent"]);
    }

    #[test]
    fn deactivating_a_holder_returns_their_cases_to_the_queue() {
        for status in [Claimed, DeliveryFailed] {
            assert_eq!(
                after(
                    &state(status, Some("pat@desk.test")),
                    Event::HolderDeactivated,
                    &ada()
                ),
                Ok(state(Open, None))
            );
        }
        let answered = state(Answered, Some("pat@desk.test"));
        let t = transition(Some(&answered), &Event::HolderDeactivated, &ada()).unwrap();
        assert!(
            !t.changes(Some(&answered)),
            "an answered case keeps its author"
        );
        assert!(matches!(
            after(
                &state(Claimed, Some("pat@desk.test")),
                Event::HolderDeactivated,
                &sam()
            ),
            Err(Refusal::NotPermitted { .. })
        ));
    }

    #[test]
    fn statuses_parse_from_their_names() {
        for s in Status::ALL {
            assert_eq!(s.as_str().parse(), Ok(s));
        }
        assert_eq!(" Open ".parse(), Ok(Open));
        assert_eq!("pending".parse::<Status>(), Err(BadStatus));
    }
}
