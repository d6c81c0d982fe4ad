-- Receipts by email, retention purge and the hash-chained audit log: the PostgreSQL twin of
-- sqlite/migrations/003_receipts_audit.sql. Append-only: never edit a migration once merged.

-- The audit log becomes append-only and chained (server/store/audit-chain.ts): who, which
-- terminal, and each entry's hash over the previous one. The store appends under a
-- transaction-scoped advisory lock on the chain head, so two writers, in one process or two,
-- never chain to the same entry. Entries written before this migration are sealed into the
-- chain by the store at migrate(), in id order.
ALTER TABLE audit_events ADD COLUMN actor text;
ALTER TABLE audit_events ADD COLUMN terminal text;
ALTER TABLE audit_events ADD COLUMN prev_hash text;
ALTER TABLE audit_events ADD COLUMN hash text;
CREATE UNIQUE INDEX audit_events_hash ON audit_events (hash);
-- audit_events_submission (submission_id, id) exists since 001 here.

CREATE FUNCTION audit_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.hash IS NULL OR NEW.prev_hash IS NULL THEN
      RAISE EXCEPTION 'audit_events: write entries through the store, which chains them';
    END IF;
    RETURN NEW;
  END IF;
  -- A sealed entry never changes and never goes (the chain would tell anyway).
  IF OLD.hash IS NOT NULL THEN
    RAISE EXCEPTION 'audit_events is append-only';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER audit_events_chained BEFORE INSERT ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_guard();
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_guard();
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_guard();

-- Retention: when answers and attachments were removed (the minimal record stays).
ALTER TABLE submissions ADD COLUMN purged_at timestamptz;
-- Which rows still name a file (attachmentInUse): jsonb containment on this index.
CREATE INDEX submissions_attachments ON submissions USING gin (attachments_json jsonb_path_ops);

-- Acknowledgments to email (L112-11): the AEE is written with the submission, the ARE in the
-- transaction that marks the submission delivered (trigger below), so a crash loses neither.
-- Sent outside any transaction by server/receipt-emails.ts, with a lease like deliveries.
CREATE TABLE receipt_emails (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  submission_id text NOT NULL REFERENCES submissions (id),
  kind text NOT NULL CHECK (kind IN ('registration', 'receipt')),
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease_until timestamptz,
  claim_token text,
  last_error text,
  sent_at timestamptz,
  UNIQUE (submission_id, kind)
);
CREATE INDEX receipt_emails_due ON receipt_emails (state, next_attempt_at);

-- The ARE goes wherever the AEE went, once the submission is delivered, whoever marks it.
CREATE FUNCTION receipt_email_when_delivered() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO receipt_emails (submission_id, kind, next_attempt_at)
  SELECT NEW.submission_id, 'receipt', NEW.at::timestamptz
  FROM receipt_emails WHERE submission_id = NEW.submission_id AND kind = 'registration'
  ON CONFLICT (submission_id, kind) DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER receipt_email_when_delivered AFTER INSERT ON status_history
FOR EACH ROW WHEN (NEW.status = 'delivered') EXECUTE FUNCTION receipt_email_when_delivered();
