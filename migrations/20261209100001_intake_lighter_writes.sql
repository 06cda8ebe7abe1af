-- Intake writes a backlog's new cases a batch at a time (issue 20); two things every new case
-- paid for that nothing needs.

-- The live queue's listener refreshes its pages on any notification and never reads the
-- payload, so one notification per statement that changed cases wakes it as one per row did:
-- a batch of 100 new cases (or a bulk update) queues one instead of 100, and the listener wakes
-- once. A statement that changed no row notifies nobody, as before.
DROP TRIGGER cases_changed ON cases;
CREATE OR REPLACE FUNCTION notify_case_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM changed) THEN
        PERFORM pg_notify('caseconsult_cases', '');
    END IF;
    RETURN NULL;
END $$;
-- A trigger with transition tables fires for one kind of event, hence two.
CREATE TRIGGER cases_inserted AFTER INSERT ON cases REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION notify_case_change();
CREATE TRIGGER cases_updated AFTER UPDATE ON cases REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION notify_case_change();

-- The same key as cases_requester_idx (lower(requester), created_at DESC): every query that
-- reads a requester's cases looks the requester up by equality, and one index serves created_at
-- in either order.
DROP INDEX cases_requester_recent_idx;
