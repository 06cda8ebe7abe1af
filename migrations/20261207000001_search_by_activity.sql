-- Search for a common word walks cases newest activity first and stops at the page's end,
-- instead of collecting every matching message before sorting them.
CREATE INDEX cases_activity_idx ON cases (updated_at DESC, id DESC);
