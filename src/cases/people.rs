//! The people of a case besides its requester: whoever its questions came from or were sent or
//! copied to. Intake keeps the list on the case as mail arrives, leaving out the desk's own
//! addresses (which only the reply renderer knows), so every reader of the case sees the same
//! Cc and an answer copies it unless the consultant changes it.

use serde_json::Value;
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
        self.keep_people_of(conn, &[(case, addresses)]).await
    }

    /// [`CaseStore::keep_people`] for several cases in one statement.
    pub(crate) async fn keep_people_of(
        &self,
        conn: &mut PgConnection,
        cases: &[(CaseId, &[String])],
    ) -> Result<(), sqlx::Error> {
        let (ids, lists): (Vec<CaseId>, Vec<Value>) = cases
            .iter()
            .map(|(case, addresses)| (*case, self.worth_keeping(addresses)))
            .filter(|(_, new)| !new.is_empty())
            .map(|(case, new)| (case, Value::from(new)))
            .unzip();
        if ids.is_empty() {
            return Ok(());
        }
        sqlx::query(
            "UPDATE cases c SET cc_addrs = c.cc_addrs || ARRAY(
                 SELECT u.a FROM jsonb_array_elements_text(p.addresses) WITH ORDINALITY AS u(a, ord)
                 WHERE lower(u.a) <> lower(c.requester)
                   AND NOT EXISTS (SELECT 1 FROM unnest(c.cc_addrs) AS e(a)
                                   WHERE lower(e.a) = lower(u.a))
                   AND NOT EXISTS (SELECT 1 FROM inbound_messages i
                                   WHERE i.case_id = c.id AND i.disposition = 'new_case'
                                     AND lower(i.from_addr) = lower(u.a))
                 ORDER BY u.ord)
             FROM unnest($1::bigint[], $2::jsonb[]) AS p(case_id, addresses)
             WHERE c.id = p.case_id",
        )
        .bind(&ids)
        .bind(&lists)
        .execute(conn)
        .await?;
        Ok(())
    }

    /// The addresses an answer may copy, once each: not the desk's own, and with an
    /// allow-list only those it names.
    fn worth_keeping<'a>(&self, addresses: &'a [String]) -> Vec<&'a str> {
        let mut new: Vec<&str> = Vec::new();
        for a in addresses {
            let seen = new.iter().any(|n| n.eq_ignore_ascii_case(a));
            let allowed = self.allowed_recipients.is_empty()
                || EmailAddress::parse(a).is_some_and(|a| a.is_listed(&self.allowed_recipients));
            if !seen && allowed && !self.mail.is_own_address(a) {
                new.push(a);
            }
        }
        new
    }
}
