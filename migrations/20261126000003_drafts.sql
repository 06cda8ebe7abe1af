-- The assistant's draft for each question and follow-up of a case: the JSON of `caseconsult
-- assist` (codes mentioned, flags with evidence, suggestions, PHI), with the code set it used.
CREATE TABLE drafts (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id             bigint NOT NULL REFERENCES cases (id),
    inbound_message_id  bigint NOT NULL UNIQUE REFERENCES inbound_messages (id),
    code_set            text NOT NULL,
    draft               jsonb NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX drafts_case_idx ON drafts (case_id, created_at);
CREATE INDEX inbound_messages_to_draft_idx ON inbound_messages (id)
    WHERE disposition IN ('new_case', 'follow_up');
