-- Submissions, their deliveries to back-offices, their status history, the audit log,
-- and the published procedure versions. Append-only: never edit a migration once merged.

CREATE TABLE procedure_versions (
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  hash TEXT NOT NULL,
  procedure_json TEXT NOT NULL,
  first_seen_at TEXT NOT NULL,
  PRIMARY KEY (id, version)
) STRICT;

CREATE TABLE submissions (
  id TEXT PRIMARY KEY,                -- the Idempotency-Key
  reference TEXT NOT NULL UNIQUE,
  tracking_code TEXT NOT NULL,
  procedure_id TEXT NOT NULL,
  procedure_version INTEGER NOT NULL,
  locale TEXT NOT NULL,
  answers_json TEXT,                  -- NULL once purged after the retention period
  attachments_json TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  received_at TEXT NOT NULL,          -- ISO 8601 with the town's offset, as on the receipt
  status TEXT NOT NULL CHECK (status IN ('received', 'delivered', 'acknowledged', 'closed')),
  FOREIGN KEY (procedure_id, procedure_version) REFERENCES procedure_versions (id, version)
) STRICT;

CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY,
  submission_id TEXT NOT NULL REFERENCES submissions (id),
  route TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,      -- UTC ISO 8601, compared as text by the relay
  last_error TEXT,
  UNIQUE (submission_id, route)
) STRICT;
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);

CREATE TABLE status_history (
  id INTEGER PRIMARY KEY,
  submission_id TEXT NOT NULL REFERENCES submissions (id),
  status TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX status_history_submission ON status_history (submission_id, id);

-- What happened, without personal data: kept after answers are purged.
CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  submission_id TEXT REFERENCES submissions (id),
  data_json TEXT NOT NULL
) STRICT;
