-- civic-clerk: a version per conversation, raised by every save.
-- With LIVE_DIALOGS > 0 the turn engine keeps recent conversations' dialogs alive in memory between turns;
-- before it uses one it compares versions, so a state written by anyone else (another process on this file,
-- a tool) is read back.
ALTER TABLE conversations ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
