-- The relay's outbox: the PostgreSQL twin of sqlite/migrations/002_relay.sql. A lease on each
-- delivery being sent, so that two workers (or two server processes) never send the same row at
-- once and a crashed worker's rows come back, and what the console shows. Claims take their rows
-- with SELECT … FOR UPDATE SKIP LOCKED. Append-only: never edit a migration once merged.

-- While it is in the future the row is being sent and no claim returns it.
ALTER TABLE deliveries ADD COLUMN lease_until timestamptz;
-- Random, per claim: only the holder of the current claim may record the outcome.
ALTER TABLE deliveries ADD COLUMN claim_token text;
-- The first failed attempt since the row was created, delivered or retried by hand (console banner).
ALTER TABLE deliveries ADD COLUMN failing_since timestamptz;
ALTER TABLE deliveries ADD COLUMN delivered_at timestamptz;

CREATE INDEX deliveries_route_state ON deliveries (route, state, next_attempt_at);
CREATE INDEX deliveries_submission ON deliveries (submission_id);
