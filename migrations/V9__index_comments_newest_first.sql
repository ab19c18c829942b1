-- Comments are always read newest first, ties broken by id: with the id in the index the newest
-- few of a contact come straight off a backward index scan, with no sort per contact.
CREATE INDEX comments_newest_idx ON comments (contact_id, created_at, id) WHERE deleted_at IS NULL;
DROP INDEX comments_contact_idx;
