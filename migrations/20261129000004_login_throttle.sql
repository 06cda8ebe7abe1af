-- A login attempt refused by the throttle (no password was checked) is kept apart from a
-- checked one; the pair (account, client) is what the throttle counts.
ALTER TABLE login_attempts ADD COLUMN throttled boolean NOT NULL DEFAULT false;
CREATE INDEX login_attempts_pair_idx ON login_attempts (email, ip, at);
