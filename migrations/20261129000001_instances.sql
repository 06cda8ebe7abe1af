-- Several `serve` processes on one database. Each mailbox is read by one of them at a time: the
-- holder renews its lease while connected, and another takes the mailbox once the lease has run
-- out. Drafting claims a message the same way, so each draft is computed once.
ALTER TABLE mailboxes
    ADD COLUMN lease_holder text,
    ADD COLUMN lease_until  timestamptz;

ALTER TABLE inbound_messages ADD COLUMN drafting_until timestamptz;
