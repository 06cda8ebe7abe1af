-- Every consultant keeps responses of their own; admins share responses with the whole desk.
-- A response without an owner is shared (every response so far was an admin's, for the desk).
-- Names are unique among the shared responses and among each consultant's own.
ALTER TABLE saved_responses ADD COLUMN owner text;
ALTER TABLE saved_responses DROP CONSTRAINT saved_responses_name_key;
CREATE UNIQUE INDEX saved_responses_shared_name ON saved_responses (name) WHERE owner IS NULL;
CREATE UNIQUE INDEX saved_responses_own_name ON saved_responses (lower(owner), name)
    WHERE owner IS NOT NULL;
