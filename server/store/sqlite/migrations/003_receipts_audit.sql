-- Receipts by email, retention purge and the hash-chained audit log.
-- Append-only: never edit a migration once merged.

-- The audit log becomes append-only and chained (server/store/audit-chain.ts): who, which
-- terminal, and each entry's hash over the previous one. Entries written before this
-- migration are sealed into the chain by the store at migrate(), in id order.
ALTER TABLE audit_events ADD COLUMN actor TEXT;
ALTER TABLE audit_events ADD COLUMN terminal TEXT;
ALTER TABLE audit_events ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_events ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_events_hash ON audit_events (hash);
CREATE INDEX audit_events_submission ON audit_events (submission_id, id);

CREATE TRIGGER audit_events_chained BEFORE INSERT ON audit_events
WHEN NEW.hash IS NULL OR NEW.prev_hash IS NULL
BEGIN SELECT RAISE(ABORT, 'audit_events: write entries through the store, which chains them'); END;

-- A sealed entry never changes and never goes (the chain would tell anyway).
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
WHEN OLD.hash IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
WHEN OLD.hash IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;

-- Retention: when answers and attachments were removed (the minimal record stays).
ALTER TABLE submissions ADD COLUMN purged_at TEXT;

-- Acknowledgments to email (L112-11): the AEE is written with the submission, the ARE in the
-- transaction that marks the submission delivered (trigger below), so a crash loses neither.
-- Sent outside any transaction by server/receipt-emails.ts, with a lease like deliveries.
CREATE TABLE receipt_emails (
  id INTEGER PRIMARY KEY,
  submission_id TEXT NOT NULL REFERENCES submissions (id),
  kind TEXT NOT NULL CHECK (kind IN ('registration', 'receipt')),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,      -- UTC ISO 8601, compared as text
  lease_until TEXT,
  claim_token TEXT,
  last_error TEXT,
  sent_at TEXT,
  UNIQUE (submission_id, kind)
) STRICT;
CREATE INDEX receipt_emails_due ON receipt_emails (state, next_attempt_at);

-- The ARE goes wherever the AEE went, once the submission is delivered, whoever marks it.
CREATE TRIGGER receipt_email_when_delivered AFTER INSERT ON status_history
WHEN NEW.status = 'delivered'
BEGIN
  INSERT OR IGNORE INTO receipt_emails (submission_id, kind, next_attempt_at)
  SELECT NEW.submission_id, 'receipt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.at)
  FROM receipt_emails WHERE submission_id = NEW.submission_id AND kind = 'registration';
END;
