-- A request's life after sending (server/requests/status.ts): its statuses with who, when and
-- why, the back-offices' event ids already applied, and the notices to the resident as an
-- outbox. Append-only: never edit a migration once merged.

-- One row per status the request reached, oldest first by id. `at` is UTC ISO 8601 (compared
-- as text); `entry_json` is the whole history entry (message, missing pieces, date to respond
-- by, document, the day silence decided, implied or completed).
CREATE TABLE request_events (
  id INTEGER PRIMARY KEY,
  submission_id TEXT NOT NULL REFERENCES submissions (id),
  status TEXT NOT NULL CHECK (status IN ('registered', 'received', 'incomplete', 'accepted', 'rejected',
    'deemed-accepted', 'deemed-rejected', 'closed', 'withdrawn')),
  at TEXT NOT NULL,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('resident', 'instructor', 'back-office', 'system')),
  actor_id TEXT,                      -- the instructor's id or the back-office route
  entry_json TEXT NOT NULL
) STRICT;
CREATE INDEX request_events_submission ON request_events (submission_id, id);
-- The desk's inbox and the implicit decision job read the current status of open requests.
CREATE INDEX request_events_status ON request_events (status, submission_id);

-- A back-office's event applied once per webhook-id: the same id again gets the answer of then.
CREATE TABLE request_event_ids (
  route TEXT NOT NULL,
  webhook_id TEXT NOT NULL,
  submission_id TEXT NOT NULL REFERENCES submissions (id),
  fingerprint TEXT NOT NULL,          -- sha256 of the body, to tell a replay from a reused id
  answer_json TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (route, webhook_id)
) STRICT;

-- Notices to the resident (SMS, email, or a letter from reception), one per status change and
-- channel, written in the transaction of the status: sent outside it with a lease, like
-- deliveries. No phone number or address here: the sender reads it from the answers, which
-- the retention purge removes.
CREATE TABLE notices (
  id TEXT PRIMARY KEY,                -- the notice id: the SMS gateway's idempotency key
  submission_id TEXT NOT NULL REFERENCES submissions (id),
  request_event_id INTEGER NOT NULL REFERENCES request_events (id),
  channel TEXT NOT NULL CHECK (channel IN ('sms', 'email', 'letter')),
  status TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,      -- UTC ISO 8601, compared as text
  lease_until TEXT,
  claim_token TEXT,
  last_error TEXT,
  message_ids_json TEXT,              -- the gateway's message id of each part
  sent_at TEXT,
  receipt_state TEXT,                 -- the last delivery receipt: delivered, expired, undeliverable…
  receipt_at TEXT,
  UNIQUE (request_event_id, channel)
) STRICT;
CREATE INDEX notices_due ON notices (state, next_attempt_at);
CREATE INDEX notices_submission ON notices (submission_id);

-- Every submission is registered when accepted, and received (the ARE) when delivered, whoever
-- records it: by trigger, so the intake and the relay need not know of the life's table.
CREATE TRIGGER request_registered AFTER INSERT ON status_history
WHEN NEW.status = 'received'
BEGIN
  INSERT INTO request_events (submission_id, status, at, actor_kind, entry_json)
  SELECT NEW.submission_id, 'registered', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.at), 'system',
    json_object('status', 'registered', 'at', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.at), 'actor', json_object('kind', 'system'))
  WHERE NOT EXISTS (SELECT 1 FROM request_events WHERE submission_id = NEW.submission_id);
END;

-- Received once only, and only while still registered (a back-office may have reported it
-- received already, or the resident withdrawn it).
CREATE TRIGGER request_received_when_delivered AFTER INSERT ON status_history
WHEN NEW.status = 'delivered'
BEGIN
  INSERT INTO request_events (submission_id, status, at, actor_kind, entry_json)
  SELECT NEW.submission_id, 'received', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.at), 'system',
    json_object('status', 'received', 'at', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.at), 'actor', json_object('kind', 'system'))
  WHERE (SELECT status FROM request_events WHERE submission_id = NEW.submission_id ORDER BY id DESC LIMIT 1) = 'registered';
END;

-- Requests taken before this migration: registered, and received when already delivered.
INSERT INTO request_events (submission_id, status, at, actor_kind, entry_json)
SELECT h.submission_id, CASE h.status WHEN 'received' THEN 'registered' ELSE 'received' END,
  strftime('%Y-%m-%dT%H:%M:%fZ', h.at), 'system',
  json_object('status', CASE h.status WHEN 'received' THEN 'registered' ELSE 'received' END,
    'at', strftime('%Y-%m-%dT%H:%M:%fZ', h.at), 'actor', json_object('kind', 'system'))
FROM status_history h
WHERE h.status IN ('received', 'delivered')
  AND h.id = (SELECT MIN(id) FROM status_history WHERE submission_id = h.submission_id AND status = h.status)
ORDER BY h.id;
