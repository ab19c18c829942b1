-- One Google contact per person in each member's Google Contacts: a person (same address, or the
-- same phone number when neither has an address) in several labels a member sees is one Google
-- contact in each of those labels' groups. Several sync_contacts rows then share one resource_name.

-- Since when the label has been synced to the member: the label held longest gives a merged
-- contact its single values (name, company, title, notes). Existing members count from the
-- label's creation for its owner, from their share, or from its first share for a member through a
-- group or the domain.
ALTER TABLE sync_targets ADD COLUMN since timestamptz NOT NULL DEFAULT now();
UPDATE sync_targets t
SET since = COALESCE(
    (SELECT l.created_at FROM labels l WHERE l.id = t.label_id AND l.owner_id = t.user_id),
    (SELECT min(s.created_at) FROM shares s WHERE s.label_id = t.label_id AND s.user_id = t.user_id),
    (SELECT min(s.created_at) FROM shares s WHERE s.label_id = t.label_id),
    t.since);

-- Google contacts merged into another (`keeper`) whose deletion may not have happened yet: the
-- keeper is put in every group first, then these are deleted, so the person never disappears.
-- A run that stops in between finishes the deletion at the start of the member's next run.
CREATE TABLE sync_discards (
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    resource_name  text NOT NULL,
    keeper         text NOT NULL,
    PRIMARY KEY (user_id, resource_name)
);

-- Every label looked at again for every member: their existing copies of one person in two
-- labels become one, in the background, through the ordinary sync.
INSERT INTO sync_outbox (label_id) SELECT id FROM labels;
