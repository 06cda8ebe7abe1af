-- Hostile mail: no value a sender controls may reach a limit that refuses the row.
--
-- A btree entry holds at most 2,704 bytes, so Message-IDs and addresses are indexed by hash
-- (a hash index stores 4 bytes per row whatever the value's length). Duplicates are found by
-- content hash within a mailbox, which is what the lookup asks anyway.
DROP INDEX inbound_messages_dedupe_idx;
CREATE INDEX inbound_messages_content_idx ON inbound_messages (mailbox_id, content_sha256);
DROP INDEX case_messages_message_id_idx;
CREATE INDEX case_messages_message_id_idx ON case_messages USING hash (message_id);
DROP INDEX outbox_ack_rate_idx;
CREATE INDEX outbox_ack_rate_idx ON outbox USING hash (to_addr) WHERE kind = 'acknowledgement';
-- The throttle's (account, client) lookups find their few rows through the address alone.
DROP INDEX login_attempts_email_idx;
DROP INDEX login_attempts_pair_idx;
CREATE INDEX login_attempts_email_idx ON login_attempts USING hash (email);

-- A tsvector holds at most 1 MB (1,048,575 bytes). One character of text makes a few bytes of
-- tsvector at most: the store fuzzer's worst, hyphenated compounds of a 4-byte script, made
-- 7.8 bytes a character (each compound is three lexemes), so 100,000 characters of text per
-- tsvector stay under 800 KB. Search reads the beginning of a long text; the text itself
-- is stored whole.
DROP INDEX cases_search;
ALTER TABLE cases DROP COLUMN search;
ALTER TABLE cases ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('english',
        left(coalesce(subject, ''), 2000) || ' ' || left(coalesce(requester, ''), 500))) STORED;
CREATE INDEX cases_search ON cases USING gin (search);

DROP INDEX inbound_messages_search;
ALTER TABLE inbound_messages DROP COLUMN search;
ALTER TABLE inbound_messages ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('english',
        left(coalesce(subject, ''), 2000) || ' ' || left(coalesce(question_text, ''), 98000))) STORED;
CREATE INDEX inbound_messages_search ON inbound_messages USING gin (search);

DROP INDEX case_notes_search;
ALTER TABLE case_notes DROP COLUMN search;
ALTER TABLE case_notes ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('english', left(body, 100000))) STORED;
CREATE INDEX case_notes_search ON case_notes USING gin (search);

DROP INDEX answers_search;
ALTER TABLE answers DROP COLUMN search;
ALTER TABLE answers ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('english',
        left(body, 90000) || ' ' || left(codes::text, 10000))) STORED;
CREATE INDEX answers_search ON answers USING gin (search);

-- Why a message could not be stored (the error's kind, never its text: that can quote the
-- message), kept with the quarantined raw bytes so an admin can release it once mended.
ALTER TABLE inbound_messages ADD COLUMN quarantine_detail text;

-- A stranger's message that names a case becomes a case of its own that links to it.
ALTER TABLE cases ADD COLUMN mentions_case_id bigint REFERENCES cases (id);
CREATE INDEX cases_mentions_idx ON cases (mentions_case_id) WHERE mentions_case_id IS NOT NULL;

-- Intake health: whether messages wait in the folder, when intake last committed, and the
-- message it keeps failing on (what /readyz and the admin banner report).
ALTER TABLE mailboxes
    ADD COLUMN waiting_since   timestamptz,
    ADD COLUMN last_commit_at  timestamptz,
    ADD COLUMN failing_uid     bigint,
    ADD COLUMN failing_count   integer NOT NULL DEFAULT 0,
    ADD COLUMN failing_kind    text;
