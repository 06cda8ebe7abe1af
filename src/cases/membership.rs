//! Who may write into a case. Case references are sequential and every acknowledgement shows
//! one, so naming a case (by its tag or by threading headers) proves nothing about the sender:
//! their address must belong to the case's people.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::domain::EmailAddress;

/// Free and disposable mail providers (see `data/public-mail-domains/PROVENANCE.md`).
const PUBLIC_DOMAINS: &str = include_str!("../../data/public-mail-domains/domains.txt");

fn public_domains() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| PUBLIC_DOMAINS.lines().collect())
}

/// Whether a domain is one anyone can get an address at.
pub fn is_public_domain(domain: &str) -> bool {
    public_domains().contains(domain.to_ascii_lowercase().as_str())
}

/// A person of a case, as the rule weighs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Member<'a> {
    /// Asked the question (its From, or the Reply-To the answers go to).
    Requester(&'a str),
    /// Was sent or copied a message of the case (To, Cc, or a reply's recipient).
    Recipient(&'a str),
}

/// A follow-up joins the case it names when its sender is the requester, was a recipient of a
/// message of the case, or shares a requester's organisation domain (never a public provider's).
pub fn may_join(sender: &EmailAddress, people: &[Member<'_>]) -> bool {
    let domain = sender.domain();
    people.iter().any(|member| match *member {
        Member::Requester(addr) => {
            addr.eq_ignore_ascii_case(sender.as_str())
                || (EmailAddress::parse(addr).is_some_and(|a| a.domain() == domain)
                    && !is_public_domain(domain))
        }
        Member::Recipient(addr) => addr.eq_ignore_ascii_case(sender.as_str()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_cases_people_and_their_organisation_may_join() {
        use Member::*;
        let people = [
            Requester("ann@clinic.test"),
            Requester("billing@clinic.test"),
            Recipient("colleague@partner.test"),
            Recipient("consult@desk.test"),
        ];
        let gmail = [Requester("ann@gmail.com"), Recipient("bob@outlook.com")];
        let table: [(&str, &[Member<'_>], bool); 10] = [
            ("ann@clinic.test", &people, true),
            ("ANN@Clinic.test", &people, true),
            ("dr.lee@clinic.test", &people, true),
            ("colleague@partner.test", &people, true),
            ("other@partner.test", &people, false),
            ("mallory@evil.test", &people, false),
            ("ann@gmail.com", &gmail, true),
            ("mallory@gmail.com", &gmail, false),
            ("bob@outlook.com", &gmail, true),
            ("anyone@clinic.test", &[], false),
        ];
        for (sender, people, want) in table {
            let sender = EmailAddress::parse(sender).unwrap();
            assert_eq!(may_join(&sender, people), want, "{sender}");
        }
    }

    #[test]
    fn public_providers_are_known_and_organisations_are_not() {
        for d in [
            "gmail.com",
            "outlook.com",
            "Hotmail.com",
            "yahoo.com",
            "proton.me",
        ] {
            assert!(is_public_domain(d), "{d}");
        }
        for d in ["clinic.test", "mayo.edu", "example.test"] {
            assert!(!is_public_domain(d), "{d}");
        }
    }

    #[test]
    fn the_shipped_list_is_the_one_its_provenance_records() {
        use sha2::{Digest, Sha256};
        let provenance = include_str!("../../data/public-mail-domains/PROVENANCE.md");
        let digest = hex::encode(Sha256::digest(PUBLIC_DOMAINS.as_bytes()));
        assert!(
            provenance.contains("| `domains.txt` |") && provenance.contains(&digest),
            "data/public-mail-domains/domains.txt changed: its SHA-256 is now {digest}"
        );
    }
}
