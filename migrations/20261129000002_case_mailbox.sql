-- A case belongs to the mailbox its question arrived in: its replies go out from that
-- mailbox's address, and the queue shows and filters by it.
ALTER TABLE cases ADD COLUMN mailbox_id bigint REFERENCES mailboxes (id);
UPDATE cases c SET mailbox_id = (
    SELECT i.mailbox_id FROM inbound_messages i WHERE i.case_id = c.id ORDER BY i.id LIMIT 1);
CREATE INDEX cases_mailbox_idx ON cases (mailbox_id, status);
