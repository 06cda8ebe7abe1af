-- Wakes the drafting task of every instance (LISTEN caseconsult_drafting) when questions are
-- committed (issue 20). Before, only the instance that read the mailbox heard of new questions
-- (in process) and the others found them at their next five-second poll, so a second instance
-- drafted none of a backlog. Once per statement, and only at commit: intake writes a batch's
-- new questions in one statement, and a rolled-back message wakes nobody.
CREATE FUNCTION drafting_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('caseconsult_drafting', '');
    RETURN NULL;
END $$;
CREATE TRIGGER inbound_messages_drafting AFTER INSERT ON inbound_messages
    FOR EACH STATEMENT EXECUTE FUNCTION drafting_notify();
