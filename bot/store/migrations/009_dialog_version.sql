-- civic-clerk: which version of the dialog saved each conversation's state. A state saved by a version the
-- clerk can no longer restore (a question renamed or removed by an upgrade) is set aside: the citizen is told
-- the clerk was updated and gets the menu. Conversations saved before this column existed were saved by
-- version 1.
ALTER TABLE conversations ADD COLUMN dialog_version INTEGER NOT NULL DEFAULT 1;
