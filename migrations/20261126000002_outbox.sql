-- Replies leave through this table: a row is written in the same transaction as the case change
-- that decides to send it, with its Message-ID, so a resend after an unknown outcome is the same
-- message. The worker leases due rows (FOR UPDATE SKIP LOCKED) and marks them sent or failed.

CREATE TABLE outbox (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id          bigint NOT NULL REFERENCES cases (id),
    kind             text NOT NULL CHECK (kind IN ('acknowledgement', 'answer')),
    message_id       text NOT NULL UNIQUE,
    to_addr          text NOT NULL,
    subject          text NOT NULL,
    in_reply_to      text,
    references_ids   text[] NOT NULL DEFAULT '{}',
    body_text        text NOT NULL,
    body_html        text NOT NULL,
    auto_submitted   boolean NOT NULL,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    lease_until      timestamptz,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    copied_at        timestamptz
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_case_idx ON outbox (case_id, created_at);
CREATE INDEX outbox_ack_rate_idx ON outbox (to_addr, created_at) WHERE kind = 'acknowledgement';

-- A consultant's answer as written, with the codes it recommends.
CREATE TABLE answers (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id      bigint NOT NULL REFERENCES cases (id),
    consultant   text NOT NULL,
    body         text NOT NULL,
    codes        jsonb NOT NULL DEFAULT '[]',
    outbox_id    bigint NOT NULL REFERENCES outbox (id),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX answers_case_idx ON answers (case_id, created_at);

-- Wakes the outbox worker (LISTEN caseconsult_outbox) when rows are committed; once per
-- statement, and only at commit, so a rolled-back row never wakes anyone.
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('caseconsult_outbox', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
