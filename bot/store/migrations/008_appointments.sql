-- civic-clerk: appointments of any procedure. What can be booked is a resource (an official for audiences, a
-- service's counters at a Citizen Office) with the capacity the database enforces; a booking names its
-- procedure and resource and keeps the procedure's own answers as JSON (an audience's level, reason, evidence,
-- how it is held and how the answer goes). Codes, calendar tokens, reminders and request ids are kept as they
-- were: "my booking" and the calendar links of earlier bookings go on working.

CREATE TABLE resources (
  id TEXT PRIMARY KEY,
  municipality TEXT NOT NULL,
  procedure TEXT NOT NULL,
  max_per_day INTEGER NOT NULL CHECK (max_per_day > 0), -- places in a day, all counters together
  minutes_each INTEGER NOT NULL CHECK (minutes_each > 0),
  title_json TEXT NOT NULL
);
INSERT INTO resources (id, municipality, procedure, max_per_day, minutes_each, title_json)
  SELECT id, municipality, 'audience', max_per_day, minutes_each, title_json FROM officials;

DROP TRIGGER bookings_capacity;
DROP TRIGGER bookings_capacity_on_move;

CREATE TABLE bookings_new (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  procedure TEXT NOT NULL,
  resource_id TEXT NOT NULL REFERENCES resources (id),
  day TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 0),
  start_at TEXT NOT NULL,
  end_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled')),
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  details_json TEXT NOT NULL DEFAULT '{}',
  lang TEXT NOT NULL,
  channel TEXT NOT NULL,
  conversation_id TEXT,
  ics_token TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  changed_at TEXT,
  request_id TEXT
);

INSERT INTO bookings_new (id, code, procedure, resource_id, day, seq, start_at, end_at, status, name, phone,
  details_json, lang, channel, conversation_id, ics_token, created_at, changed_at, request_id)
SELECT id, code, 'audience', official_id, day, seq, start_at, end_at, status, name, phone,
  json_object(
    'level', level, 'departmentId', department_id, 'mode', mode, 'answerBy', answer_by, 'email', email,
    'postalAddress', postal_address, 'reason', reason, 'topic', topic,
    'evidence', json(coalesce(evidence_json, '{}'))
  ),
  lang, channel, conversation_id, ics_token, created_at, changed_at, request_id
FROM bookings;

-- The usual SQLite rebuild: the new table takes the old one's name, so the outbox's reference (kept by name)
-- now means it; the ids are kept, and with them the outbox's rows of every booking.
DROP TABLE bookings;
DROP TABLE officials;
ALTER TABLE bookings_new RENAME TO bookings;

-- One citizen per place, and never more places in a day than the resource's capacity: both enforced here,
-- inside the inserting or moving transaction, whatever the application does.
CREATE UNIQUE INDEX bookings_one_per_place ON bookings (resource_id, day, seq) WHERE status = 'booked';
CREATE INDEX bookings_by_day ON bookings (day, resource_id);
CREATE UNIQUE INDEX bookings_one_per_request ON bookings (conversation_id, request_id)
  WHERE request_id IS NOT NULL AND status = 'booked';
CREATE INDEX bookings_by_phone ON bookings (phone, status, start_at);

CREATE TRIGGER bookings_capacity BEFORE INSERT ON bookings
WHEN NEW.status = 'booked'
  AND (
    NEW.seq >= (SELECT max_per_day FROM resources WHERE id = NEW.resource_id)
    OR (SELECT count(*) FROM bookings WHERE resource_id = NEW.resource_id AND day = NEW.day AND status = 'booked')
      >= (SELECT max_per_day FROM resources WHERE id = NEW.resource_id)
  )
BEGIN
  SELECT RAISE(ABORT, 'slot.full');
END;

-- Moving a booking updates its place: the same capacity rule as for a new booking, not counting itself.
CREATE TRIGGER bookings_capacity_on_move BEFORE UPDATE OF resource_id, day, seq, status ON bookings
WHEN NEW.status = 'booked'
  AND (
    NEW.seq >= (SELECT max_per_day FROM resources WHERE id = NEW.resource_id)
    OR (SELECT count(*) FROM bookings
        WHERE resource_id = NEW.resource_id AND day = NEW.day AND status = 'booked' AND id <> NEW.id)
      >= (SELECT max_per_day FROM resources WHERE id = NEW.resource_id)
  )
BEGIN
  SELECT RAISE(ABORT, 'slot.full');
END;
