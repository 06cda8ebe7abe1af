//! Times on the pages, in the reader's time zone and labelled with it.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::accounts::Consultant;

#[derive(Clone, Copy, Debug)]
pub struct Clock {
    tz: Tz,
}

impl Clock {
    /// The consultant's own zone, else the desk's, else UTC.
    pub fn for_reader(me: Option<&Consultant>, desk: &str) -> Self {
        let tz = me
            .and_then(|c| c.timezone.as_deref())
            .and_then(|z| z.parse().ok())
            .or_else(|| desk.parse().ok())
            .unwrap_or(Tz::UTC);
        Clock { tz }
    }

    /// `2026-11-26 09:30 CST`.
    pub fn show(&self, at: &DateTime<Utc>) -> String {
        at.with_timezone(&self.tz)
            .format("%Y-%m-%d %H:%M %Z")
            .to_string()
    }

    pub fn zone(&self) -> &'static str {
        self.tz.name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_the_readers_zone_with_its_label() {
        let at: DateTime<Utc> = "2026-11-26T15:30:00Z".parse().unwrap();
        let chicago = Clock::for_reader(None, "America/Chicago");
        assert_eq!(chicago.show(&at), "2026-11-26 09:30 CST");
        assert_eq!(
            Clock::for_reader(None, "nowhere").show(&at),
            "2026-11-26 15:30 UTC"
        );
    }
}
