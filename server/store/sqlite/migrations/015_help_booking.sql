-- Help booking (issue 21): mediators' slots and workshop places, the bookings, the waiting list
-- and the reminders' outbox. The agendas are content (site.yaml `help`); a slot gets its row
-- here the first time someone books it, carrying its capacity, and `booked` counts the places
-- taken. Taking a place is one conditional UPDATE (`booked < capacity`) under SQLite's write
-- lock, so of two people booking the last place exactly one wins.
-- Append-only: never edit a migration once merged.
CREATE TABLE help_slots (
  id TEXT PRIMARY KEY,                  -- '<agenda>@<YYYY-MM-DD>T<HH:MM>' (town time)
  kind TEXT NOT NULL CHECK (kind IN ('mediation', 'workshop')),
  agenda TEXT NOT NULL,
  place TEXT NOT NULL,
  starts_at TEXT NOT NULL,              -- UTC ISO 8601
  ends_at TEXT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity > 0),
  booked INTEGER NOT NULL DEFAULT 0 CHECK (booked >= 0 AND booked <= capacity)
) STRICT;
CREATE INDEX help_slots_agenda ON help_slots (agenda, starts_at);
CREATE INDEX help_slots_place ON help_slots (place, starts_at);

-- One row per person and slot. `booked` and `offered` hold a place; `waiting` waits for one,
-- in `created_at` order; `offered` holds a freed place for the first waiting person until
-- `offer_expires_at`. The phone number and address serve the reminders only and are erased by
-- the purge once the slot is past.
CREATE TABLE help_bookings (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  idempotency_key TEXT UNIQUE,
  body_hash TEXT,
  slot_id TEXT NOT NULL REFERENCES help_slots (id),
  state TEXT NOT NULL CHECK (state IN ('booked', 'waiting', 'offered', 'cancelled', 'lapsed')),
  name TEXT NOT NULL,
  locale TEXT NOT NULL,
  phone TEXT,
  email TEXT,
  channel TEXT NOT NULL,                -- kiosk, web, reception, mediator, handoff
  booked_by INTEGER REFERENCES staff_accounts (id),
  created_at TEXT NOT NULL,
  offered_at TEXT,
  offer_expires_at TEXT,
  cancelled_at TEXT,
  attendance TEXT CHECK (attendance IN ('attended', 'no-show')),
  attendance_by INTEGER REFERENCES staff_accounts (id)
) STRICT;
CREATE INDEX help_bookings_slot ON help_bookings (slot_id, state, created_at);
CREATE INDEX help_bookings_offers ON help_bookings (state, offer_expires_at);

-- The reminders and offers to send: an outbox like `notices` (claimed with a lease, recorded
-- by the claim's holder), of its own because a notice there belongs to a submission.
CREATE TABLE help_notices (
  id TEXT PRIMARY KEY,
  booking_id TEXT NOT NULL REFERENCES help_bookings (id),
  kind TEXT NOT NULL CHECK (kind IN ('reminder', 'offer')),
  channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead', 'void')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  lease_until TEXT,
  claim_token TEXT,
  last_error TEXT,
  message_ids_json TEXT,
  sent_at TEXT,
  UNIQUE (booking_id, kind, channel)
) STRICT;
CREATE INDEX help_notices_due ON help_notices (state, next_attempt_at);
