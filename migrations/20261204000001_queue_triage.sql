-- When each consultant last looked at each case: the queue marks a case whose newest message
-- came after its holder's last look.
CREATE TABLE case_looks (
    case_id     bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    consultant  text NOT NULL,
    looked_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, consultant)
);

-- The requester's other cases, on every case page.
CREATE INDEX cases_requester_idx ON cases (lower(requester), created_at DESC);
