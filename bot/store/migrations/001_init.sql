-- civic-clerk: first schema. Times are ISO 8601 in UTC; `day` is the local date of the audience day.

CREATE TABLE officials (
  id TEXT PRIMARY KEY,
  municipality TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('head', 'deputy', 'mayor')),
  max_per_day INTEGER NOT NULL CHECK (max_per_day > 0),
  minutes_each INTEGER NOT NULL CHECK (minutes_each > 0),
  title_json TEXT NOT NULL
);

CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  lang TEXT NOT NULL,
  snapshot TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE bookings (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  official_id TEXT NOT NULL REFERENCES officials (id),
  day TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 0),
  start_at TEXT NOT NULL,
  end_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled')),
  level TEXT NOT NULL,
  department_id TEXT,
  mode TEXT NOT NULL,
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  answer_by TEXT NOT NULL,
  email TEXT,
  postal_address TEXT,
  reason TEXT NOT NULL,
  topic TEXT,
  evidence_json TEXT,
  lang TEXT NOT NULL,
  channel TEXT NOT NULL,
  conversation_id TEXT,
  ics_token TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

-- One citizen per place, and never more places in a day than the official's capacity: both enforced
-- here, inside the inserting transaction, whatever the application does.
CREATE UNIQUE INDEX bookings_one_per_place ON bookings (official_id, day, seq) WHERE status = 'booked';
CREATE INDEX bookings_by_day ON bookings (day, official_id);

CREATE TRIGGER bookings_capacity BEFORE INSERT ON bookings
WHEN NEW.status = 'booked'
  AND (
    NEW.seq >= (SELECT max_per_day FROM officials WHERE id = NEW.official_id)
    OR (SELECT count(*) FROM bookings WHERE official_id = NEW.official_id AND day = NEW.day AND status = 'booked')
      >= (SELECT max_per_day FROM officials WHERE id = NEW.official_id)
  )
BEGIN
  SELECT RAISE(ABORT, 'slot.full');
END;

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  channel TEXT NOT NULL,
  to_addr TEXT NOT NULL,
  body TEXT NOT NULL,
  segments INTEGER NOT NULL,
  booking_id INTEGER REFERENCES bookings (id),
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX outbox_by_status ON outbox (status, id);
