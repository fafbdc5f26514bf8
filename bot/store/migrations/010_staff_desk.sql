-- civic-clerk: the staff desk (/staff). Staff accounts and their sessions, failed sign-ins (to limit them per
-- account and per address), the audit log nobody can edit, what staff record of an appointment (held or not,
-- the resolution for the audience register, the written answer sent), conversations a person holds, and the
-- walk-in queue of a citizen office.

CREATE TABLE staff_users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  first_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('desk', 'office', 'admin')),
  municipality TEXT NOT NULL,
  -- An office user's own resource (an official, a service's counters); none for desk and admin.
  resource_id TEXT,
  password_hash TEXT NOT NULL,
  disabled_at TEXT,
  created_at TEXT NOT NULL,
  CHECK ((role = 'office') = (resource_id IS NOT NULL))
);

-- Only a hash of the session token is kept: a copy of the database does not sign anyone in.
CREATE TABLE staff_sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES staff_users (id),
  csrf TEXT NOT NULL,
  lang TEXT NOT NULL,
  created_at TEXT NOT NULL,
  seen_at TEXT NOT NULL,
  ended_at TEXT
);
CREATE INDEX staff_sessions_by_user ON staff_sessions (user_id);

-- key: 'account:<email>' or 'address:<keyed hash of the address>'.
CREATE TABLE staff_sign_in_failures (
  key TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX staff_sign_in_failures_by_key ON staff_sign_in_failures (key, at);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  -- NULL for changes made on the server's command line (accounts, programmes).
  user_id INTEGER REFERENCES staff_users (id),
  action TEXT NOT NULL,
  booking_id INTEGER REFERENCES bookings (id),
  conversation_id TEXT,
  detail_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_by_at ON audit_log (at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit.append_only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit.append_only');
END;

-- What happened at an appointment, recorded by staff: the audience register's line.
CREATE TABLE booking_outcomes (
  booking_id INTEGER PRIMARY KEY REFERENCES bookings (id),
  attendance TEXT CHECK (attendance IN ('held', 'absent')),
  resolution TEXT,
  decided_by TEXT,
  recorded_by INTEGER REFERENCES staff_users (id),
  recorded_at TEXT,
  answer_sent_at TEXT,
  answer_method TEXT CHECK (answer_method IN ('post', 'email', 'pickup')),
  answer_note TEXT,
  answer_sent_by INTEGER REFERENCES staff_users (id)
);

-- A conversation a person has taken: the clerk stays quiet in it until it is released.
CREATE TABLE conversation_holds (
  conversation_id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES staff_users (id),
  request_id INTEGER REFERENCES staff_requests (id),
  taken_at TEXT NOT NULL
);

-- Walk-ins at a citizen office: a ticket a day per counter service, called in order after the booked citizens.
CREATE TABLE walk_in_tickets (
  id INTEGER PRIMARY KEY,
  resource_id TEXT NOT NULL REFERENCES resources (id),
  day TEXT NOT NULL,
  number INTEGER NOT NULL,
  conversation_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  lang TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'called', 'done', 'left')),
  created_at TEXT NOT NULL,
  called_at TEXT,
  called_by INTEGER REFERENCES staff_users (id),
  counter INTEGER,
  UNIQUE (resource_id, day, number)
);
CREATE INDEX walk_in_tickets_waiting ON walk_in_tickets (resource_id, day, status, number);

-- Which booked citizens a counter has called (booked citizens are called first, at their time).
ALTER TABLE booking_outcomes ADD COLUMN called_at TEXT;
