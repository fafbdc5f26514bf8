-- civic-clerk: staff mark a request for a person done once they have called back (`npm run staff -- --done N`),
-- with when and, optionally, a note of what was agreed.
ALTER TABLE staff_requests ADD COLUMN done_at TEXT;
ALTER TABLE staff_requests ADD COLUMN done_note TEXT;
