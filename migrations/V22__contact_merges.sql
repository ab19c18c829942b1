-- Two contacts of a label that are one person, merged by a deleter or above: the one kept takes
-- every value of the other, which is deleted (restorable), and its comments move over. The merge
-- is recorded so it can be undone while nobody changed either contact since.

ALTER TABLE contact_history DROP CONSTRAINT contact_history_action_check;
ALTER TABLE contact_history ADD CONSTRAINT contact_history_action_check
    CHECK (action IN ('create', 'edit', 'delete', 'restore', 'clash', 'merge', 'unmerge'));

CREATE TABLE contact_merges (
    id              uuid PRIMARY KEY,
    label_id        uuid NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    kept_id         uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    merged_id       uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    -- The kept contact's values before, put back by an undo.
    kept_before     jsonb NOT NULL,
    -- Both contacts' versions right after the merge: an undo needs them unchanged.
    kept_version    integer NOT NULL,
    merged_version  integer NOT NULL,
    -- The merged contact's comments, moved to the kept one (and back by an undo).
    comment_ids     uuid[] NOT NULL DEFAULT '{}',
    merged_by       uuid NOT NULL REFERENCES users (id),
    merged_at       timestamptz NOT NULL DEFAULT now(),
    undone_at       timestamptz,
    CHECK (kept_id <> merged_id)
);
CREATE INDEX contact_merges_kept_idx ON contact_merges (kept_id) WHERE undone_at IS NULL;
