-- The consultants' web desk: accounts, sessions, login attempts, internal notes, and what an
-- admin decided about quarantined mail.

CREATE TABLE consultants (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email          text NOT NULL UNIQUE,
    name           text NOT NULL,
    role           text NOT NULL CHECK (role IN ('consultant', 'admin')),
    password_hash  text NOT NULL,
    active         boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- The cookie carries a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
    token_sha256   bytea PRIMARY KEY,
    consultant_id  bigint NOT NULL REFERENCES consultants (id),
    csrf_token     text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL
);
CREATE INDEX sessions_consultant_idx ON sessions (consultant_id);

CREATE TABLE login_attempts (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      text NOT NULL,
    ip         text NOT NULL,
    success    boolean NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_email_idx ON login_attempts (email, at);
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, at);

-- Notes consultants leave on a case; they never go to the requester.
CREATE TABLE case_notes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     bigint NOT NULL REFERENCES cases (id),
    author      text NOT NULL,
    body        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_notes_case_idx ON case_notes (case_id, created_at);

ALTER TABLE inbound_messages
    ADD COLUMN quarantine_resolution text CHECK (quarantine_resolution IN ('released', 'discarded')),
    ADD COLUMN resolved_by text,
    ADD COLUMN resolved_at timestamptz;
