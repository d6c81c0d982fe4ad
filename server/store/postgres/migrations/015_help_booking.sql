-- Help booking: the PostgreSQL twin of sqlite/migrations/015_help_booking.sql. Taking a place
-- is one conditional UPDATE (`booked < capacity`): the row lock it takes makes a second
-- booker wait, then see the new count, so of two people booking the last place exactly one
-- wins, whatever the instance.
-- Append-only: never edit a migration once merged.
CREATE TABLE help_slots (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('mediation', 'workshop')),
  agenda text NOT NULL,
  place text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  capacity integer NOT NULL CHECK (capacity > 0),
  booked integer NOT NULL DEFAULT 0 CHECK (booked >= 0 AND booked <= capacity)
);
CREATE INDEX help_slots_agenda ON help_slots (agenda, starts_at);
CREATE INDEX help_slots_place ON help_slots (place, starts_at);

CREATE TABLE help_bookings (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE,
  idempotency_key text UNIQUE,
  body_hash text,
  slot_id text NOT NULL REFERENCES help_slots (id),
  state text NOT NULL CHECK (state IN ('booked', 'waiting', 'offered', 'cancelled', 'lapsed')),
  name text NOT NULL,
  locale text NOT NULL,
  phone text,
  email text,
  channel text NOT NULL,
  booked_by bigint REFERENCES staff_accounts (id),
  created_at timestamptz NOT NULL,
  offered_at timestamptz,
  offer_expires_at timestamptz,
  cancelled_at timestamptz,
  attendance text CHECK (attendance IN ('attended', 'no-show')),
  attendance_by bigint REFERENCES staff_accounts (id)
);
CREATE INDEX help_bookings_slot ON help_bookings (slot_id, state, created_at);
CREATE INDEX help_bookings_offers ON help_bookings (state, offer_expires_at);

CREATE TABLE help_notices (
  id text PRIMARY KEY,
  booking_id text NOT NULL REFERENCES help_bookings (id),
  kind text NOT NULL CHECK (kind IN ('reminder', 'offer')),
  channel text NOT NULL CHECK (channel IN ('sms', 'email')),
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead', 'void')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease_until timestamptz,
  claim_token text,
  last_error text,
  message_ids_json json,
  sent_at timestamptz,
  UNIQUE (booking_id, kind, channel)
);
CREATE INDEX help_notices_due ON help_notices (state, next_attempt_at);
