-- civic-clerk: SMS and WhatsApp through Twilio — a reliable outbox, scheduled reminders, opt-outs, and
-- inbound webhooks handled once.

ALTER TABLE outbox ADD COLUMN send_after TEXT;          -- not before (reminders); NULL: at once
ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT;     -- backoff after a failure worth retrying
ALTER TABLE outbox ADD COLUMN essential INTEGER NOT NULL DEFAULT 1; -- 0: skipped for opted-out numbers
ALTER TABLE outbox ADD COLUMN provider_sid TEXT;        -- Twilio's MessageSid once accepted
ALTER TABLE outbox ADD COLUMN route TEXT;               -- sms, whatsapp, whatsapp-template
ALTER TABLE outbox ADD COLUMN route_reason TEXT;        -- why that route (the WhatsApp 24-hour window…)
ALTER TABLE outbox ADD COLUMN sent_at TEXT;
ALTER TABLE outbox ADD COLUMN vars TEXT;               -- a WhatsApp template's variables (JSON)
CREATE INDEX outbox_by_sid ON outbox (provider_sid);
CREATE INDEX outbox_sent_to ON outbox (to_addr, sent_at);
CREATE INDEX outbox_sent ON outbox (sent_at);

-- Every attempt to send, with its outcome: started, sent, retry, failed, reconciled.
CREATE TABLE outbox_attempts (
  id INTEGER PRIMARY KEY,
  outbox_id INTEGER NOT NULL REFERENCES outbox (id),
  at TEXT NOT NULL,
  outcome TEXT NOT NULL,
  http_status INTEGER,
  error_code TEXT
);
CREATE INDEX outbox_attempts_by_message ON outbox_attempts (outbox_id, id);

-- Numbers that texted STOP (or its equivalents): no non-essential message goes to them.
CREATE TABLE sms_optouts (
  phone TEXT PRIMARY KEY,
  at TEXT NOT NULL
);

-- Twilio redelivers a webhook that timed out: the same MessageSid gets the same reply and changes nothing.
CREATE TABLE inbound_messages (
  sid TEXT PRIMARY KEY,
  reply TEXT NOT NULL,
  created_at TEXT NOT NULL
);
