-- Google Contacts both ways: what members change in their Google copies is read back and taken
-- in by role, and a label that already exists in someone's Google Contacts can be shared.

-- Reading a member's changes. Tokens are People API sync tokens (`connections.list` and
-- `contactGroups.list`); NULL reads in full. read_due_at NULL: nothing of ours to read yet.
ALTER TABLE sync_members
    ADD COLUMN people_sync_token text,
    ADD COLUMN groups_sync_token text,
    ADD COLUMN read_due_at timestamptz,
    ADD COLUMN last_read_at timestamptz;

CREATE INDEX sync_members_read_idx ON sync_members (read_due_at) WHERE read_due_at IS NOT NULL;

-- What our group is called in the member's Google Contacts as we last wrote or saw it (`name` is
-- the label name it was written for; the two differ when a member's own group had the name and
-- ours got a suffix). A read finding another name means the member renamed it. NULL: not known.
ALTER TABLE sync_groups ADD COLUMN google_name text;

-- A group or contact the member had before Sharebook adopted it (a shared label made from their
-- own Google label): when the label leaves their Google Contacts it is let go, never deleted.
ALTER TABLE sync_groups ADD COLUMN adopted boolean NOT NULL DEFAULT false;
ALTER TABLE sync_contacts ADD COLUMN adopted boolean NOT NULL DEFAULT false;

-- Seen in the side panel lately: such members are read often, the others rarely.
ALTER TABLE users ADD COLUMN last_active_at timestamptz;

-- The group shares through which fan-out found a member (the Directory is asked there, not by
-- the worker), so a change read back is authorised in SQL exactly as the side panel would be.
ALTER TABLE sync_targets ADD COLUMN via_groups text[] NOT NULL DEFAULT '{}';

-- What the member's copy held when we last wrote or read it (our `ContactData` JSON, hidden
-- fields blank): the base their changes are measured from. google_updated: the copy's
-- `metadata.sources[CONTACT].updateTime` then; a read of an older or equal version is our own
-- write coming back late, never the member's edit.
ALTER TABLE sync_contacts
    ADD COLUMN written jsonb,
    ADD COLUMN google_updated timestamptz;

-- Deletions are reported by resource name alone.
CREATE INDEX sync_contacts_resource_idx ON sync_contacts (user_id, resource_name);

-- Why a member's sync of a label is off: they chose so, or they deleted our group in Google
-- Contacts (the homepage says so and offers to switch it back on).
ALTER TABLE sync_opt_outs
    ADD COLUMN reason text NOT NULL DEFAULT 'member' CHECK (reason IN ('member', 'group_deleted'));

-- History says where a change was made: NULL in the side panel, 'google' in Google Contacts.
-- A 'clash' entry keeps a value typed in Google Contacts that lost to a side-panel edit of the
-- same field at the same time; the contact card shows it until the contact changes again.
ALTER TABLE contact_history ADD COLUMN via text CHECK (via IN ('google'));
ALTER TABLE contact_history DROP CONSTRAINT contact_history_action_check;
ALTER TABLE contact_history ADD CONSTRAINT contact_history_action_check
    CHECK (action IN ('create', 'edit', 'delete', 'restore', 'clash'));

-- Deletions one member made in Google Contacts in one read that were too many to apply (the
-- mass-deletion guard): held for the owner to approve or dismiss; the copies were put back.
CREATE TABLE held_deletions (
    id           uuid PRIMARY KEY,
    label_id     uuid NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    member_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    contact_ids  uuid[] NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX held_deletions_label_idx ON held_deletions (label_id, created_at);

-- A label made from a contact group the owner already had in Google Contacts, filled in the
-- background by the owner's sync run (it holds the owner's lease, so nothing else writes to their
-- contacts meanwhile). The label card shows `done` of `total` until `finished_at`.
CREATE TABLE label_imports (
    label_id        uuid PRIMARY KEY REFERENCES labels (id) ON DELETE CASCADE,
    owner_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    group_resource  text NOT NULL,
    total           integer NOT NULL DEFAULT 0,
    done            integer NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    failed          text,
    UNIQUE (owner_id, group_resource)
);

CREATE INDEX label_imports_unfinished_idx ON label_imports (owner_id) WHERE finished_at IS NULL;
