-- The consultants' working day (issue 10): a refused answer puts its case in its own status;
-- answers in progress, saved responses, files attached to answers, full-text search, and each
-- consultant's time zone.
ALTER TYPE case_status ADD VALUE 'delivery_failed';

CREATE TABLE answer_drafts (
    case_id     bigint NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    consultant  text NOT NULL,
    body        text NOT NULL,
    codes       text NOT NULL DEFAULT '',
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, consultant)
);

CREATE TABLE saved_responses (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    body        text NOT NULL,
    created_by  text NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The words a case is found by: its subject and requester here; question texts, notes, and
-- answers with their codes in the tables that carry them (the search query unites the four).
-- Codes stay whole tokens in the english configuration ('m54.5', 's52.501a').
ALTER TABLE cases ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('english', coalesce(subject, '') || ' ' || coalesce(requester, ''))) STORED;
CREATE INDEX cases_search ON cases USING gin (search);
ALTER TABLE inbound_messages ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('english', coalesce(subject, '') || ' ' || coalesce(question_text, ''))) STORED;
CREATE INDEX inbound_messages_search ON inbound_messages USING gin (search);
ALTER TABLE case_notes ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('english', body)) STORED;
CREATE INDEX case_notes_search ON case_notes USING gin (search);
ALTER TABLE answers ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('english', body || ' ' || codes::text)) STORED;
CREATE INDEX answers_search ON answers USING gin (search);

ALTER TABLE consultants ADD COLUMN timezone text;

-- The live queue: every change of a case wakes the web desk's listeners once its transaction
-- commits (a rolled-back change notifies nobody).
CREATE FUNCTION notify_case_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('caseconsult_cases', NEW.id::text);
    RETURN NULL;
END $$;
CREATE TRIGGER cases_changed AFTER INSERT OR UPDATE ON cases
    FOR EACH ROW EXECUTE FUNCTION notify_case_change();

-- Files a consultant attaches to an answer: held with the answer in progress (no outbox row
-- yet), then bound to the reply that carries them when it is queued.
CREATE TABLE answer_attachments (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id       bigint NOT NULL REFERENCES cases (id),
    consultant    text NOT NULL,
    outbox_id     bigint REFERENCES outbox (id),
    filename      text NOT NULL,
    content_type  text NOT NULL,
    size          bigint NOT NULL,
    content       bytea NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX answer_attachments_pending ON answer_attachments (case_id, consultant) WHERE outbox_id IS NULL;
CREATE INDEX answer_attachments_outbox ON answer_attachments (outbox_id);
