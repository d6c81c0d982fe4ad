-- A request's life after sending: the PostgreSQL twin of sqlite/migrations/009_request_life.sql.
-- Append-only: never edit a migration once merged.

CREATE TABLE request_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  submission_id text NOT NULL REFERENCES submissions (id),
  status text NOT NULL CHECK (status IN ('registered', 'received', 'incomplete', 'accepted', 'rejected',
    'deemed-accepted', 'deemed-rejected', 'closed', 'withdrawn')),
  at text NOT NULL,                   -- UTC ISO 8601, compared as text, written by the store
  actor_kind text NOT NULL CHECK (actor_kind IN ('resident', 'instructor', 'back-office', 'system')),
  actor_id text,
  entry_json json NOT NULL
);
CREATE INDEX request_events_submission ON request_events (submission_id, id);
CREATE INDEX request_events_status ON request_events (status, submission_id);

CREATE TABLE request_event_ids (
  route text NOT NULL,
  webhook_id text NOT NULL,
  submission_id text NOT NULL REFERENCES submissions (id),
  fingerprint text NOT NULL,
  answer_json json NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (route, webhook_id)
);

CREATE TABLE notices (
  id text PRIMARY KEY,
  submission_id text NOT NULL REFERENCES submissions (id),
  request_event_id bigint NOT NULL REFERENCES request_events (id),
  channel text NOT NULL CHECK (channel IN ('sms', 'email', 'letter')),
  status text NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease_until timestamptz,
  claim_token text,
  last_error text,
  message_ids_json json,
  sent_at timestamptz,
  receipt_state text,
  receipt_at timestamptz,
  UNIQUE (request_event_id, channel)
);
CREATE INDEX notices_due ON notices (state, next_attempt_at);
CREATE INDEX notices_submission ON notices (submission_id);

-- A status_history instant (text, possibly with the town's offset) as UTC ISO 8601 with milliseconds.
CREATE FUNCTION guichet_utc_iso(value text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT to_char(value::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

CREATE FUNCTION request_life_from_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  life_status text := CASE NEW.status WHEN 'received' THEN 'registered' ELSE 'received' END;
  at_utc text := guichet_utc_iso(NEW.at);
BEGIN
  IF NEW.status = 'received' AND EXISTS (SELECT 1 FROM request_events WHERE submission_id = NEW.submission_id) THEN
    RETURN NULL;
  END IF;
  IF NEW.status = 'delivered' AND (SELECT status FROM request_events WHERE submission_id = NEW.submission_id ORDER BY id DESC LIMIT 1)
      IS DISTINCT FROM 'registered' THEN
    RETURN NULL;
  END IF;
  INSERT INTO request_events (submission_id, status, at, actor_kind, entry_json)
  VALUES (NEW.submission_id, life_status, at_utc, 'system',
    json_build_object('status', life_status, 'at', at_utc, 'actor', json_build_object('kind', 'system')));
  RETURN NULL;
END $$;

CREATE TRIGGER request_life_from_history AFTER INSERT ON status_history
FOR EACH ROW WHEN (NEW.status IN ('received', 'delivered')) EXECUTE FUNCTION request_life_from_history();

INSERT INTO request_events (submission_id, status, at, actor_kind, entry_json)
SELECT h.submission_id, s.life, guichet_utc_iso(h.at), 'system',
  json_build_object('status', s.life, 'at', guichet_utc_iso(h.at), 'actor', json_build_object('kind', 'system'))
FROM status_history h
CROSS JOIN LATERAL (SELECT CASE h.status WHEN 'received' THEN 'registered' ELSE 'received' END AS life) s
WHERE h.status IN ('received', 'delivered')
  AND h.id = (SELECT MIN(id) FROM status_history WHERE submission_id = h.submission_id AND status = h.status)
ORDER BY h.id;
