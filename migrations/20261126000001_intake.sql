-- Intake backbone: mailboxes and their cursor, inbound messages, cases, attachments, audit log.
-- Every text column below is filled from mail after NUL bytes were replaced (PostgreSQL text
-- cannot hold NUL); the untouched bytes are in inbound_messages.raw.

CREATE TABLE mailboxes (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name             text NOT NULL UNIQUE,
    uidvalidity      bigint,
    last_uid         bigint NOT NULL DEFAULT 0,
    last_contact_at  timestamptz,
    last_error       text,
    last_error_at    timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cases (
    id                    bigint GENERATED ALWAYS AS IDENTITY (START WITH 1001) PRIMARY KEY,
    reference             text GENERATED ALWAYS AS ('C-' || id::text) STORED UNIQUE,
    requester             text NOT NULL,
    requester_name        text,
    subject               text NOT NULL,
    status                text NOT NULL DEFAULT 'open'
                          CHECK (status IN ('open', 'claimed', 'answered', 'closed', 'quarantined')),
    assignee              text,
    attachments_dropped   boolean NOT NULL DEFAULT false,
    truncated             boolean NOT NULL DEFAULT false,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    last_message_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_status_idx ON cases (status, created_at);

CREATE TABLE inbound_messages (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mailbox_id         bigint NOT NULL REFERENCES mailboxes (id),
    uidvalidity        bigint NOT NULL,
    uid                bigint NOT NULL,
    raw                bytea NOT NULL,
    raw_size           bigint NOT NULL,
    sha256             bytea NOT NULL,
    content_sha256     bytea NOT NULL,
    truncated          boolean NOT NULL DEFAULT false,
    message_id         text,
    in_reply_to        text[] NOT NULL DEFAULT '{}',
    references_ids     text[] NOT NULL DEFAULT '{}',
    from_addr          text,
    from_name          text,
    reply_to           text,
    to_addrs           text[] NOT NULL DEFAULT '{}',
    cc_addrs           text[] NOT NULL DEFAULT '{}',
    subject            text NOT NULL DEFAULT '',
    sent_at            timestamptz,
    body_text          text NOT NULL DEFAULT '',
    question_text      text NOT NULL DEFAULT '',
    disposition        text NOT NULL
                       CHECK (disposition IN ('new_case', 'follow_up', 'duplicate', 'quarantined')),
    quarantine_reason  text,
    case_id            bigint REFERENCES cases (id),
    received_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (mailbox_id, uidvalidity, uid)
);
CREATE INDEX inbound_messages_dedupe_idx ON inbound_messages (message_id, content_sha256);
CREATE INDEX inbound_messages_case_idx ON inbound_messages (case_id);
CREATE INDEX inbound_messages_quarantine_idx ON inbound_messages (received_at)
    WHERE disposition = 'quarantined';

-- Every message of a case's thread by its Message-ID, inbound and (later) outbound, so that a
-- reply naming any of them in In-Reply-To or References joins the case.
CREATE TABLE case_messages (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id             bigint NOT NULL REFERENCES cases (id),
    direction           text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    inbound_message_id  bigint REFERENCES inbound_messages (id),
    message_id          text,
    created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_messages_case_idx ON case_messages (case_id, created_at);
CREATE INDEX case_messages_message_id_idx ON case_messages (message_id);

CREATE TABLE attachments (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    inbound_message_id  bigint NOT NULL REFERENCES inbound_messages (id),
    case_id             bigint REFERENCES cases (id),
    filename            text NOT NULL,
    content_type        text NOT NULL,
    size                bigint NOT NULL,
    content             bytea,
    sha256              bytea NOT NULL,
    dropped             boolean NOT NULL DEFAULT false
);
CREATE INDEX attachments_message_idx ON attachments (inbound_message_id);

CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     bigint REFERENCES cases (id),
    actor       text NOT NULL,
    action      text NOT NULL,
    detail      jsonb NOT NULL DEFAULT '{}',
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_case_idx ON audit_log (case_id, at);
