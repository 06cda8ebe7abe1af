-- The consultant's day, second round, the mail side (issue 19).

-- The people of a case besides its requester: everyone its questions came from or were sent
-- or copied to, the desk's own addresses left out, in the order they first appeared (intake
-- keeps it; each question's own To and Cc stay on its inbound_messages row). An answer copies
-- them unless the consultant changes it; the outbox row keeps who it was copied to. A merge
-- sends the requester a short note of its own kind.
ALTER TABLE cases ADD COLUMN cc_addrs text[] NOT NULL DEFAULT '{}';
ALTER TABLE outbox ADD COLUMN cc_addrs text[] NOT NULL DEFAULT '{}';
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
    CHECK (kind IN ('acknowledgement', 'answer', 'merge_notice'));

-- A question that repeats an open or recent case of the same requester points at it; a case
-- merged into another is closed and points at the case that continues.
ALTER TABLE cases ADD COLUMN possible_duplicate_of bigint REFERENCES cases (id);
ALTER TABLE cases ADD COLUMN merged_into bigint REFERENCES cases (id);
CREATE INDEX cases_duplicate_idx ON cases (possible_duplicate_of) WHERE possible_duplicate_of IS NOT NULL;
CREATE INDEX cases_requester_recent_idx ON cases (lower(requester), created_at);

-- The requester's answer to "Did this answer your question?": one vote a case, the last click
-- counts. The consultant is the one whose answer was rated, for the reports.
CREATE TABLE ratings (
    case_id     bigint PRIMARY KEY REFERENCES cases (id),
    helpful     boolean NOT NULL,
    consultant  text,
    voted_at    timestamptz NOT NULL DEFAULT now()
);

-- The key that signs the rating links of answer emails: made once, shared by every instance,
-- never shown.
CREATE TABLE link_keys (
    id   smallint PRIMARY KEY CHECK (id = 1),
    key  bytea NOT NULL CHECK (length(key) >= 32)
);

-- The Cc of an answer in progress as its consultant changed it; NULL: the case's people.
ALTER TABLE answer_drafts ADD COLUMN cc text;
