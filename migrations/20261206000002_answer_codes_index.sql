-- The case page's similar answered cases find the answers that report one of the case's codes
-- by containment (codes @> '[{"code": "E11.22"}]') instead of reading every answer.
CREATE INDEX answers_codes_idx ON answers USING gin (codes jsonb_path_ops);
