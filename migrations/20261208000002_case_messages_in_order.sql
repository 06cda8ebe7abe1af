-- A case's messages in the order they came, with their arrival time in the index: the queue's
-- snippet reads one message per case instead of all of them, and its newest-message time is
-- read from the index alone. It serves every lookup by case the old index served.
CREATE INDEX inbound_messages_case_order_idx ON inbound_messages (case_id, id) INCLUDE (received_at);
DROP INDEX inbound_messages_case_idx;
