-- Hand-offs: the PostgreSQL twin of sqlite/migrations/007_handoffs.sql. Ciphertext and lookup
-- only until opened; then a tombstone without personal data until expires_at.
-- Append-only: never edit a migration once merged.
CREATE TABLE handoffs (
  id text PRIMARY KEY,
  lookup text UNIQUE,
  sealed text,
  procedure_id text NOT NULL,
  procedure_version integer NOT NULL,
  terminal text,
  site text,
  created_at text NOT NULL,
  expires_at timestamptz NOT NULL,
  opened_at text,
  opened_by bigint REFERENCES staff_accounts (id),
  opened_session text,
  continued_by text REFERENCES submissions (id)
);
CREATE INDEX handoffs_expiry ON handoffs (expires_at);
CREATE INDEX handoffs_session ON handoffs (opened_session);
