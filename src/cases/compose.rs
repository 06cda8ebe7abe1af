//! What the store needs from whoever renders replies. The outbox implements it with its
//! templates; the store only decides when a reply is due and queues what comes back.

use crate::domain::{EmailAddress, OutgoingMail, RecommendedCode, Thread};

#[derive(Debug, thiserror::Error)]
#[error("rendering a reply")]
pub struct ComposeError(#[source] pub Box<dyn std::error::Error + Send + Sync>);

/// An answer to send: the consultant's text and the codes they recommend.
#[derive(Clone, Copy, Debug)]
pub struct Answer<'a> {
    pub body: &'a str,
    pub codes: &'a [RecommendedCode],
    pub warnings: &'a [String],
}

pub trait Compose: Send + Sync {
    fn acknowledgement(&self, thread: &Thread) -> Result<OutgoingMail, ComposeError>;

    fn answer(
        &self,
        thread: &Thread,
        consultant: &EmailAddress,
        answer: &Answer<'_>,
    ) -> Result<OutgoingMail, ComposeError>;
}
