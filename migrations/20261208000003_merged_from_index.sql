-- The case page lists the cases merged into it; without an index that read every case.
CREATE INDEX cases_merged_into_idx ON cases (merged_into) WHERE merged_into IS NOT NULL;
