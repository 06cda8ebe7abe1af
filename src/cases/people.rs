//! The people of a case besides its requester: whoever its questions came from or were sent or
//! copied to. Intake keeps the list on the case as mail arrives, leaving out the desk's own
//! addresses (which only the reply renderer knows), so every reader of the case sees the same
//! Cc and an answer copies it unless the consultant changes it.

use sqlx::PgConnection;

use super::CaseStore;
use crate::domain::{CaseId, EmailAddress, ParsedMessage};

/// A message's From, To and Cc, in that order.
pub(crate) fn of_message(msg: &ParsedMessage) -> Vec<String> {
    msg.from
        .iter()
        .map(|a| a.as_str().to_owned())
        .chain(msg.to.iter().cloned())
        .chain(msg.cc.iter().cloned())
        .collect()
}

impl CaseStore {
    /// Adds the `addresses` the case does not know yet, except the desk's own, its requester
    /// and the sender of its first question (and, with an allow-list, those it does not name:
    /// no answer may go there).
    pub(crate) async fn keep_people(
        &self,
        conn: &mut PgConnection,
        case: CaseId,
        addresses: &[String],
    ) -> Result<(), sqlx::Error> {
        let mut new: Vec<&str> = Vec::new();
        for a in addresses {
            let seen = new.iter().any(|n| n.eq_ignore_ascii_case(a));
            let allowed = self.allowed_recipients.is_empty()
                || EmailAddress::parse(a).is_some_and(|a| a.is_listed(&self.allowed_recipients));
            if !seen && allowed && !self.mail.is_own_address(a) {
                new.push(a);
            }
        }
        if new.is_empty() {
            return Ok(());
        }
        sqlx::query(
            "UPDATE cases c SET cc_addrs = c.cc_addrs || ARRAY(
                 SELECT u.a FROM unnest($2::text[]) WITH ORDINALITY AS u(a, ord)
                 WHERE lower(u.a) <> lower(c.requester)
                   AND NOT EXISTS (SELECT 1 FROM unnest(c.cc_addrs) AS e(a)
                                   WHERE lower(e.a) = lower(u.a))
                   AND NOT EXISTS (SELECT 1 FROM inbound_messages i
                                   WHERE i.case_id = c.id AND i.disposition = 'new_case'
                                     AND lower(i.from_addr) = lower(u.a))
                 ORDER BY u.ord)
             WHERE c.id = $1",
        )
        .bind(case)
        .bind(&new)
        .execute(conn)
        .await?;
        Ok(())
    }
}
