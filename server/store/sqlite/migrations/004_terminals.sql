-- Kiosk terminals' heartbeats (POST /api/terminals/heartbeat): the last one of each terminal,
-- for the console's list of terminals with their queue. No personal data: a random terminal
-- id, the site it stands in, versions and counts.
-- Append-only: never edit a migration once merged.
CREATE TABLE terminals (
  id TEXT PRIMARY KEY,
  site TEXT NOT NULL,
  app_version TEXT NOT NULL,
  content_version TEXT NOT NULL,
  outbox_length INTEGER NOT NULL,
  oldest_age_seconds INTEGER NOT NULL,
  first_seen_at TEXT NOT NULL,        -- UTC ISO 8601
  last_seen_at TEXT NOT NULL
) STRICT;
CREATE INDEX terminals_last_seen ON terminals (last_seen_at);
