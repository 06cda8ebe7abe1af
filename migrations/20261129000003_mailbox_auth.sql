-- A mailbox whose login (password or OAuth2 refresh) was refused: not ready, and a banner for
-- admins, until the desk gets in again.
ALTER TABLE mailboxes ADD COLUMN auth_failed boolean NOT NULL DEFAULT false;
