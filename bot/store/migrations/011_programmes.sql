-- civic-clerk: programmes set from the staff desk, applied over the city's data file. An official's or a
-- counter service's weekly sessions, when an admin changed them, and days on which it (or the whole city)
-- takes no bookings: leave, holidays the city adds.

CREATE TABLE programme_overrides (
  resource_id TEXT PRIMARY KEY REFERENCES resources (id),
  -- [{ "weekday": 1-7, "start": "HH:mm", "times": n }, …]: the resource's sessions in place of the data's.
  sessions_json TEXT NOT NULL,
  changed_at TEXT NOT NULL,
  changed_by INTEGER REFERENCES staff_users (id)
);

CREATE TABLE blocked_days (
  id INTEGER PRIMARY KEY,
  municipality TEXT NOT NULL,
  -- NULL: every resource of the city (a holiday the city adds).
  resource_id TEXT REFERENCES resources (id),
  day TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES staff_users (id)
);
CREATE UNIQUE INDEX blocked_days_once ON blocked_days (municipality, ifnull(resource_id, ''), day);

-- A place offered before its day was blocked, confirmed after: refused as a full place is (the citizen is offered
-- others). Only a booking's place is checked: cancelling one on a blocked day stays possible.
CREATE TRIGGER bookings_not_on_blocked_day BEFORE INSERT ON bookings
WHEN EXISTS (
  SELECT 1 FROM blocked_days b JOIN resources r ON r.id = NEW.resource_id
  WHERE b.municipality = r.municipality AND b.day = NEW.day
    AND (b.resource_id IS NULL OR b.resource_id = NEW.resource_id)
)
BEGIN
  SELECT RAISE(ABORT, 'slot.full');
END;
CREATE TRIGGER bookings_not_moved_to_blocked_day BEFORE UPDATE OF resource_id, day, seq ON bookings
WHEN NEW.status = 'booked' AND EXISTS (
  SELECT 1 FROM blocked_days b JOIN resources r ON r.id = NEW.resource_id
  WHERE b.municipality = r.municipality AND b.day = NEW.day
    AND (b.resource_id IS NULL OR b.resource_id = NEW.resource_id)
)
BEGIN
  SELECT RAISE(ABORT, 'slot.full');
END;
