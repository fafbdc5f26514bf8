-- civic-clerk: limits per citizen, throttled look-ups, and a booking made once per request.

-- The dialog's request id (see AudienceRequest.requestId): a Confirm that comes again after its booking was
-- committed (a crash before the conversation was saved, a redelivery) finds that booking instead of making a
-- second one. Only standing bookings count: a cancelled one frees its request.
ALTER TABLE bookings ADD COLUMN request_id TEXT;
CREATE UNIQUE INDEX bookings_one_per_request ON bookings (conversation_id, request_id)
  WHERE request_id IS NOT NULL AND status = 'booked';

-- A phone's active bookings, read before places are offered and inside every booking and move.
CREATE INDEX bookings_by_phone ON bookings (phone, status, start_at);

-- "My booking" look-ups, counted per conversation and per code. Both are kept as keyed hashes (an SMS
-- conversation's id holds the number), and rows older than the longest window are deleted as new ones come.
CREATE TABLE lookup_attempts (
  id INTEGER PRIMARY KEY,
  conversation_tag TEXT NOT NULL,
  code_tag TEXT NOT NULL,
  found INTEGER NOT NULL DEFAULT 0,
  at TEXT NOT NULL
);
CREATE INDEX lookup_attempts_by_conversation ON lookup_attempts (conversation_tag, at);
CREATE INDEX lookup_attempts_by_code ON lookup_attempts (code_tag, at);
CREATE INDEX lookup_attempts_by_time ON lookup_attempts (at);
