-- The queue's due time is stored, so an index serves the queue's order and its views: the
-- case's last message plus the desk's response promise. The promise is kept here as well; the
-- desk writes its configured value as it starts, and a changed promise moves every case's due
-- time with it.
CREATE TABLE response_promise (
    id    int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    hours int NOT NULL CHECK (hours >= 0)
);
INSERT INTO response_promise (hours) VALUES (24);

ALTER TABLE cases ADD COLUMN due_at timestamptz;
UPDATE cases SET due_at = last_message_at + interval '24 hours';
ALTER TABLE cases ALTER COLUMN due_at SET NOT NULL;

CREATE FUNCTION cases_due_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.due_at := NEW.last_message_at
        + make_interval(hours => (SELECT hours FROM response_promise WHERE id = 1));
    RETURN NEW;
END $$;

CREATE TRIGGER cases_due_at BEFORE INSERT OR UPDATE OF last_message_at ON cases
    FOR EACH ROW EXECUTE FUNCTION cases_due_at();

CREATE FUNCTION response_promise_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cases SET due_at = last_message_at + make_interval(hours => NEW.hours);
    RETURN NULL;
END $$;

CREATE TRIGGER response_promise_changed AFTER UPDATE OF hours ON response_promise
    FOR EACH ROW WHEN (OLD.hours IS DISTINCT FROM NEW.hours)
    EXECUTE FUNCTION response_promise_changed();

-- The waiting queue in each of its orders (refused deliveries first), for everyone and per
-- holder ("mine", and "unassigned" as the NULL holder).
CREATE INDEX cases_waiting_due_idx ON cases ((status = 'delivery_failed') DESC, due_at, id)
    WHERE status IN ('open', 'claimed', 'delivery_failed');
CREATE INDEX cases_waiting_received_idx ON cases ((status = 'delivery_failed') DESC, created_at DESC, id DESC)
    WHERE status IN ('open', 'claimed', 'delivery_failed');
CREATE INDEX cases_waiting_activity_idx ON cases ((status = 'delivery_failed') DESC, last_message_at DESC, id DESC)
    WHERE status IN ('open', 'claimed', 'delivery_failed');
CREATE INDEX cases_holder_due_idx ON cases (assignee, (status = 'delivery_failed') DESC, due_at, id)
    WHERE status IN ('open', 'claimed', 'delivery_failed');
