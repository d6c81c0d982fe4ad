-- Staff who sign in, their sessions, mandates and submission attribution: the PostgreSQL twin
-- of sqlite/migrations/005_staff.sql. Codes only as argon2id hashes, sessions only as sha256.
-- Append-only: never edit a migration once merged.
CREATE TABLE staff_accounts (
  id bigserial PRIMARY KEY,
  role text NOT NULL CHECK (role IN ('mediator', 'agent', 'reception', 'admin')),
  login text NOT NULL,
  display_name text NOT NULL,
  password_hash text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  created_at text NOT NULL,
  UNIQUE (role, login)
);

CREATE TABLE staff_sessions (
  token_hash text PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES staff_accounts (id),
  created_at text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX staff_sessions_expiry ON staff_sessions (expires_at);

CREATE TABLE mandates (
  id text PRIMARY KEY,
  mediator_id bigint NOT NULL REFERENCES staff_accounts (id),
  resident_name text NOT NULL,
  procedure_ids_json json NOT NULL,
  scope text NOT NULL CHECK (scope IN ('session', 'duration')),
  created_at text NOT NULL,
  expires_at timestamptz NOT NULL,
  consent_confirmed_at text NOT NULL,
  channel text,
  terminal text
);
CREATE INDEX mandates_mediator ON mandates (mediator_id, created_at);

CREATE TABLE submission_attribution (
  submission_id text PRIMARY KEY REFERENCES submissions (id),
  channel text,
  agent_id bigint REFERENCES staff_accounts (id),
  mediator_id bigint REFERENCES staff_accounts (id),
  mandate_id text REFERENCES mandates (id),
  reception_id bigint REFERENCES staff_accounts (id)
);
CREATE INDEX submission_attribution_agent ON submission_attribution (agent_id);
CREATE INDEX submission_attribution_mediator ON submission_attribution (mediator_id);
