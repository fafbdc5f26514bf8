-- civic-clerk: changing bookings, requests for a person, and the conversation transcript staff read.

ALTER TABLE bookings ADD COLUMN changed_at TEXT;

-- Moving a booking updates its place: the same capacity rule as for a new booking, not counting itself.
CREATE TRIGGER bookings_capacity_on_move BEFORE UPDATE OF official_id, day, seq, status ON bookings
WHEN NEW.status = 'booked'
  AND (
    NEW.seq >= (SELECT max_per_day FROM officials WHERE id = NEW.official_id)
    OR (SELECT count(*) FROM bookings
        WHERE official_id = NEW.official_id AND day = NEW.day AND status = 'booked' AND id <> NEW.id)
      >= (SELECT max_per_day FROM officials WHERE id = NEW.official_id)
  )
BEGIN
  SELECT RAISE(ABORT, 'slot.full');
END;

-- What was said, both ways, so that a person taking over can read the conversation so far: JSON lines
-- appended to the conversation's own row (one write a turn, no second table to index).
ALTER TABLE conversations ADD COLUMN transcript TEXT NOT NULL DEFAULT '';

CREATE TABLE staff_requests (
  id INTEGER PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  lang TEXT NOT NULL,
  cause TEXT NOT NULL CHECK (cause IN ('citizen', 'stuck')),
  phone TEXT NOT NULL,
  name TEXT,
  during TEXT,
  contact_day TEXT,
  transcript_json TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  created_at TEXT NOT NULL
);
CREATE INDEX staff_requests_open ON staff_requests (status, id);
