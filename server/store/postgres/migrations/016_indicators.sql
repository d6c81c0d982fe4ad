-- Indicators (parts/indicators.ts): what journeys at the kiosks did, kept only as counts per day.
-- A kiosk reports each journey once it ends (POST /api/indicators/events); the server adds it to
-- the day's row for the same procedure, site, channel, locale, help, outcome, step and display
-- settings, and keeps nothing of the report itself: no raw event is ever stored. No answer,
-- no person, no terminal id, no free text: every column is a name from a closed list or a count.
-- Mirrors sqlite/migrations/016_indicators.sql (integers 0/1 for flags on both, so the part
-- writes the same values).
-- Append-only: never edit a migration once merged.
CREATE TABLE journey_days (
  day text NOT NULL,                  -- YYYY-MM-DD, the town's calendar day
  procedure_id text NOT NULL,
  site text NOT NULL,                 -- '' when the terminal did not say
  channel text NOT NULL,              -- 'epn' | 'reception' | 'tiers-lieu' | ''
  locale text NOT NULL,
  assisted integer NOT NULL CHECK (assisted IN (0, 1)),
  outcome text NOT NULL CHECK (outcome IN ('finished', 'abandoned', 'timed-out', 'handed-off')),
  step integer NOT NULL,              -- the furthest step reached, 1-based; steps + 1 is the check page
  read_aloud integer NOT NULL CHECK (read_aloud IN (0, 1)),
  text_size integer NOT NULL,         -- 100 | 150 | 200 (%)
  theme text NOT NULL,                -- 'default' | 'dark' | 'contrast'
  journeys integer NOT NULL,
  duration_seconds integer NOT NULL,  -- the sum over the row's journeys
  PRIMARY KEY (day, procedure_id, site, channel, locale, assisted, outcome, step, read_aloud, text_size, theme)
);

-- The optional question after sending: three pictograms or "skip", counted per day.
CREATE TABLE satisfaction_days (
  day text NOT NULL,
  procedure_id text NOT NULL,
  site text NOT NULL,
  channel text NOT NULL,
  locale text NOT NULL,
  rating text NOT NULL CHECK (rating IN ('good', 'neutral', 'bad', 'skipped')),
  answers integer NOT NULL,
  PRIMARY KEY (day, procedure_id, site, channel, locale, rating)
);

-- The batches already counted, by the random id the kiosk gave each (kept with the batch on the
-- terminal until the server answers): a batch sent again after an answer the kiosk never got is
-- not counted twice. Only the id and when it came; forgotten after 90 days.
CREATE TABLE journey_batches (
  id text PRIMARY KEY,
  received_at timestamptz NOT NULL
);
CREATE INDEX journey_batches_received ON journey_batches (received_at);
