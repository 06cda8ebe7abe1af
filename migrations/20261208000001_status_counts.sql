-- The queue's counts by status, kept by the statements that change cases, so the queue never
-- counts every case. Each statement adds rows of its own (what it added to and took from each
-- status) instead of updating one shared row per status: two instances writing cases at once
-- never wait on each other's counts. The desk folds the rows into one per status from time to
-- time (cases::desk::status_counts).
CREATE TABLE case_status_counts (
    id     bigserial PRIMARY KEY,
    status case_status NOT NULL,
    n      bigint NOT NULL
);

CREATE FUNCTION case_status_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO case_status_counts (status, n)
    SELECT status, count(*) FROM added GROUP BY status;
    RETURN NULL;
END $$;

CREATE FUNCTION case_status_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO case_status_counts (status, n)
    SELECT status, -count(*) FROM removed GROUP BY status;
    RETURN NULL;
END $$;

CREATE FUNCTION case_status_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO case_status_counts (status, n)
    SELECT status, sum(n) FROM (
        SELECT status, 1 AS n FROM added
        UNION ALL
        SELECT status, -1 FROM removed) d
    GROUP BY status HAVING sum(n) <> 0;
    RETURN NULL;
END $$;

-- The triggers first: their lock on cases holds other writers off until the counts below are
-- committed with them, so no change is counted twice or missed.
CREATE TRIGGER cases_status_added AFTER INSERT ON cases REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION case_status_added();
CREATE TRIGGER cases_status_removed AFTER DELETE ON cases REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION case_status_removed();
CREATE TRIGGER cases_status_changed AFTER UPDATE ON cases
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION case_status_changed();

INSERT INTO case_status_counts (status, n) SELECT status, count(*) FROM cases GROUP BY status;
