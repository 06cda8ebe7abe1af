-- A case's status is a PostgreSQL enum written only by the case store's transitions (which
-- bind it on every insert and update, so the column has no default). A draft row may record
-- that the assistant failed on a message instead of its draft, so the message is not retried.
CREATE TYPE case_status AS ENUM ('open', 'claimed', 'answered', 'closed', 'quarantined');

ALTER TABLE cases DROP CONSTRAINT cases_status_check;
ALTER TABLE cases ALTER COLUMN status DROP DEFAULT;
ALTER TABLE cases ALTER COLUMN status TYPE case_status USING status::case_status;

ALTER TABLE drafts
    ALTER COLUMN draft DROP NOT NULL,
    ADD COLUMN failure text,
    ADD CONSTRAINT drafts_draft_or_failure CHECK ((draft IS NULL) <> (failure IS NULL));
