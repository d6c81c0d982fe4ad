-- Submissions, their deliveries to back-offices, their status history, the audit log, and the
-- published procedure versions: the PostgreSQL twin of sqlite/migrations/001_submissions.sql.
-- Append-only: never edit a migration once merged.
--
-- Moments the relay compares (next_attempt_at) or that only the server reads are timestamptz.
-- Moments written on a receipt or in the history (received_at, at) stay text: ISO 8601 with
-- the town's offset exactly as the resident was given it, which timestamptz would not keep.
-- JSON that the store hands back is `json`, kept byte for byte as SQLite keeps it (jsonb would
-- reorder keys and refuse \u0000); attachments are jsonb, for the purge to ask which files a
-- row still names.

CREATE TABLE procedure_versions (
  id text NOT NULL,
  version integer NOT NULL,
  hash text NOT NULL,
  procedure_json json NOT NULL,
  first_seen_at timestamptz NOT NULL,
  PRIMARY KEY (id, version)
);

CREATE TABLE submissions (
  id text PRIMARY KEY,                -- the Idempotency-Key
  reference text NOT NULL UNIQUE,
  tracking_code text NOT NULL,
  procedure_id text NOT NULL,
  procedure_version integer NOT NULL,
  locale text NOT NULL,
  answers_json json,                  -- NULL once purged after the retention period
  attachments_json jsonb NOT NULL,
  body_hash text NOT NULL,
  received_at text NOT NULL,          -- ISO 8601 with the town's offset, as on the receipt
  status text NOT NULL CHECK (status IN ('received', 'delivered', 'acknowledged', 'closed')),
  FOREIGN KEY (procedure_id, procedure_version) REFERENCES procedure_versions (id, version)
);

CREATE TABLE deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  submission_id text NOT NULL REFERENCES submissions (id),
  route text NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  UNIQUE (submission_id, route)
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);

CREATE TABLE status_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  submission_id text NOT NULL REFERENCES submissions (id),
  status text NOT NULL,
  at text NOT NULL
);
CREATE INDEX status_history_submission ON status_history (submission_id, id);

-- What happened, without personal data: kept after answers are purged.
CREATE TABLE audit_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at text NOT NULL,
  kind text NOT NULL,
  submission_id text REFERENCES submissions (id),
  data_json json NOT NULL
);
CREATE INDEX audit_events_submission ON audit_events (submission_id, id);
