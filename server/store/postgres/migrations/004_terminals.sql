-- Kiosk terminals' heartbeats (POST /api/terminals/heartbeat): the last one of each terminal,
-- for the console's list of terminals with their queue. No personal data: a random terminal
-- id, the site it stands in, versions and counts. Mirrors sqlite/migrations/004_terminals.sql.
-- Append-only: never edit a migration once merged.
CREATE TABLE terminals (
  id text PRIMARY KEY,
  site text NOT NULL,
  app_version text NOT NULL,
  content_version text NOT NULL,
  outbox_length integer NOT NULL,
  oldest_age_seconds integer NOT NULL,
  first_seen_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL
);
CREATE INDEX terminals_last_seen ON terminals (last_seen_at);
