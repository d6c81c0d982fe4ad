-- Staff who sign in (mediators, agents, reception, administrators), their sessions, the
-- mandates residents give mediators, and who made each submission where (issue 7).
-- Codes are stored only as argon2id hashes; sessions only as the sha256 of their token.
-- Append-only: never edit a migration once merged.
CREATE TABLE staff_accounts (
  id INTEGER PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('mediator', 'agent', 'reception', 'admin')),
  login TEXT NOT NULL,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  UNIQUE (role, login)
) STRICT;

CREATE TABLE staff_sessions (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES staff_accounts (id),
  created_at TEXT NOT NULL,           -- UTC ISO 8601
  expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX staff_sessions_expiry ON staff_sessions (expires_at);

CREATE TABLE mandates (
  id TEXT PRIMARY KEY,
  mediator_id INTEGER NOT NULL REFERENCES staff_accounts (id),
  resident_name TEXT NOT NULL,
  procedure_ids_json TEXT NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('session', 'duration')),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  consent_confirmed_at TEXT NOT NULL,
  channel TEXT,
  terminal TEXT
) STRICT;
CREATE INDEX mandates_mediator ON mandates (mediator_id, created_at);

CREATE TABLE submission_attribution (
  submission_id TEXT PRIMARY KEY REFERENCES submissions (id),
  channel TEXT,
  agent_id INTEGER REFERENCES staff_accounts (id),
  mediator_id INTEGER REFERENCES staff_accounts (id),
  mandate_id TEXT REFERENCES mandates (id),
  reception_id INTEGER REFERENCES staff_accounts (id)
) STRICT;
CREATE INDEX submission_attribution_agent ON submission_attribution (agent_id);
CREATE INDEX submission_attribution_mediator ON submission_attribution (mediator_id);
