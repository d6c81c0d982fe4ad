-- Hand-offs (issue 7, part 6): a procedure a person could not finish on a kiosk, sealed on the
-- kiosk with a key derived from a short code the person takes to the reception desk. The
-- server keeps only the ciphertext and a lookup derived from the same code (neither gives the
-- code back without the slow key derivation). Opening it deletes the ciphertext and the lookup;
-- what stays until `expires_at` is a tombstone with no personal data (procedure, terminal,
-- times, the reception session that opened it), so the submission that continues it records
-- where it began. The retention purge deletes rows once `expires_at` has passed.
-- Append-only: never edit a migration once merged.
CREATE TABLE handoffs (
  id TEXT PRIMARY KEY,
  lookup TEXT UNIQUE,                   -- base64url; NULL once opened
  sealed TEXT,                          -- JSON {iv, data} base64url; NULL once opened
  procedure_id TEXT NOT NULL,
  procedure_version INTEGER NOT NULL,
  terminal TEXT,
  site TEXT,
  created_at TEXT NOT NULL,             -- UTC ISO 8601
  expires_at TEXT NOT NULL,
  opened_at TEXT,
  opened_by INTEGER REFERENCES staff_accounts (id),
  opened_session TEXT,                  -- sha256 of the staff session token that opened it
  continued_by TEXT REFERENCES submissions (id)
) STRICT;
CREATE INDEX handoffs_expiry ON handoffs (expires_at);
CREATE INDEX handoffs_session ON handoffs (opened_session);
