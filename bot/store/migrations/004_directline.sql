-- civic-clerk: the self-hosted Direct Line 3.0 channel (the website widget).

-- Every activity of a Direct Line conversation, in order: the watermark is the position. Kept so that a
-- citizen who reloads the page, or reconnects after a restart, gets the conversation back.
CREATE TABLE directline_activities (
  conversation_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  activity TEXT NOT NULL,
  PRIMARY KEY (conversation_id, seq)
) WITHOUT ROWID;

-- The key that signs Direct Line tokens, made on first start and kept, so tokens survive a restart.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
