-- Sync of every shared label into each member's Google Contacts (People API).
--
-- The flow: a committed change leaves a row in sync_outbox (written by the triggers below, so no
-- code path can forget it and it commits or rolls back with the change); a worker expands each row
-- into per-member work in sync_pending ("fan-out"), and the member's worker, holding that member's
-- lease in sync_members, brings their Google Contacts in line with what they may see. The sync_*
-- mirror tables record what is in each member's Google Contacts; they have no foreign keys to the
-- product tables on purpose: when a label or a contact is gone, its Google copies still have to be
-- found and removed.

-- What changed. label_id NULL with member_id set: a user appeared or changed domain, so every label
-- reaching them must be looked at. member_id NULL: every member of the label is concerned.
-- contact_id NULL: the label as a whole (share, rename, hidden fields); otherwise one contact.
CREATE TABLE sync_outbox (
    id            bigserial PRIMARY KEY,
    label_id      uuid,
    contact_id    uuid,
    member_id     uuid,
    -- Only who is a member may have changed (a share, a user, an opt-out, a group refresh):
    -- members who stay get no work, those who join, leave or see other fields get the label.
    membership_only boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    -- Fan-out retries later when a Directory lookup it needs fails.
    available_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX sync_outbox_available_idx ON sync_outbox (available_at, id);

-- Who is a member of which label, as last expanded by fan-out (groups through the Directory API,
-- domains through known users), with the fields hidden from them. A member here is synced.
CREATE TABLE sync_targets (
    label_id      uuid NOT NULL,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hidden_fields text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (label_id, user_id)
);

CREATE INDEX sync_targets_user_idx ON sync_targets (user_id);

-- A member who switched the sync of a label off in the side panel.
CREATE TABLE sync_opt_outs (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label_id    uuid NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, label_id)
);

-- Work for one member: a contact (contact_id set) or a whole label to bring in line.
CREATE TABLE sync_pending (
    id          bigserial PRIMARY KEY,
    user_id     uuid NOT NULL,
    label_id    uuid NOT NULL,
    contact_id  uuid,
    -- When the change was committed (the outbox row's time), for the lag histogram.
    changed_at  timestamptz NOT NULL
);

CREATE INDEX sync_pending_user_idx ON sync_pending (user_id, id);

-- One row per member with sync work: the lease that keeps their People API writes strictly one at
-- a time across every worker process, the retry schedule, and what the homepage shows.
CREATE TABLE sync_members (
    user_id          uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- Work queued for the member (bumped with every sync_pending row) and work seen done: the
    -- member has work while queued > done, found through the partial index below without
    -- scanning sync_pending.
    queued           bigint NOT NULL DEFAULT 0,
    done             bigint NOT NULL DEFAULT 0,
    -- A fresh id per claim, so a stalled run of the same process cannot pass for the new one.
    lease_owner      uuid,
    lease_until      timestamptz,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    attempts         integer NOT NULL DEFAULT 0,
    last_error       text,
    last_error_at    timestamptz,
    last_synced_at   timestamptz
);

CREATE INDEX sync_members_work_idx ON sync_members (next_attempt_at) WHERE queued > done;

-- Our contact group in a member's Google Contacts for a label.
CREATE TABLE sync_groups (
    user_id        uuid NOT NULL,
    label_id       uuid NOT NULL,
    resource_name  text NOT NULL,
    etag           text,
    name           text NOT NULL,
    PRIMARY KEY (user_id, label_id)
);

-- Our copy of a contact in a member's Google Contacts. resource_name NULL: a create was sent and
-- its outcome is unknown (the worker stopped or the call timed out); the next run looks for it by
-- our clientData marker before creating it again, so nobody gets a duplicate.
CREATE TABLE sync_contacts (
    user_id        uuid NOT NULL,
    contact_id     uuid NOT NULL,
    label_id       uuid NOT NULL,
    resource_name  text,
    etag           text,
    -- Digest of what was last written, so an unchanged contact costs no call.
    digest         bytea,
    PRIMARY KEY (user_id, contact_id)
);

CREATE INDEX sync_contacts_label_idx ON sync_contacts (user_id, label_id);
-- Creates of unknown outcome, looked for at the start of every member's run.
CREATE INDEX sync_contacts_unknown_idx ON sync_contacts (user_id) WHERE resource_name IS NULL;

-- Fan-out looks up the users a domain share reaches, and a label's opt-outs.
CREATE INDEX users_hd_idx ON users (hd) WHERE hd IS NOT NULL;
CREATE INDEX sync_opt_outs_label_idx ON sync_opt_outs (label_id);

-- Singleton: when group shares were last re-expanded (memberships change in the Directory without
-- telling us), so that only one process does it per period.
CREATE TABLE sync_schedule (
    id                    boolean PRIMARY KEY DEFAULT true CHECK (id),
    groups_refreshed_at   timestamptz NOT NULL DEFAULT '-infinity'
);
INSERT INTO sync_schedule DEFAULT VALUES;

-- One wake-up per statement, never the record of work: a listener that was away re-reads the table.
CREATE FUNCTION sync_notify() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM pg_notify('sharebook_sync', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER sync_outbox_notify AFTER INSERT ON sync_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION sync_notify();

-- Contacts: created, edited, deleted or restored (rows are removed only with their label, whose
-- own trigger covers them).
CREATE FUNCTION sync_contacts_changed() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO sync_outbox (label_id, contact_id) SELECT label_id, id FROM new_rows;
    RETURN NULL;
END
$$;

CREATE TRIGGER sync_contacts_insert AFTER INSERT ON contacts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_contacts_changed();
CREATE TRIGGER sync_contacts_update AFTER UPDATE ON contacts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_contacts_changed();

-- Labels: created (the owner gets the group), renamed, given to another owner, deleted.
CREATE FUNCTION sync_labels_changed() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO sync_outbox (label_id) VALUES (OLD.id);
    ELSE
        INSERT INTO sync_outbox (label_id) VALUES (NEW.id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER sync_labels_insert AFTER INSERT ON labels
    FOR EACH ROW EXECUTE FUNCTION sync_labels_changed();
CREATE TRIGGER sync_labels_update AFTER UPDATE ON labels
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.owner_id IS DISTINCT FROM NEW.owner_id)
    EXECUTE FUNCTION sync_labels_changed();
CREATE TRIGGER sync_labels_delete AFTER DELETE ON labels
    FOR EACH ROW EXECUTE FUNCTION sync_labels_changed();

-- Shares: a share to one known person concerns that person; a group or domain share, everyone.
-- A share still waiting for its person concerns nobody yet (binding it is an update).
CREATE FUNCTION sync_shares_changed() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    r shares;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    IF r.grantee_kind = 'user' THEN
        IF r.user_id IS NOT NULL THEN
            INSERT INTO sync_outbox (label_id, member_id, membership_only)
            VALUES (r.label_id, r.user_id, true);
        END IF;
    ELSE
        INSERT INTO sync_outbox (label_id, membership_only) VALUES (r.label_id, true);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER sync_shares_insert AFTER INSERT ON shares
    FOR EACH ROW EXECUTE FUNCTION sync_shares_changed();
CREATE TRIGGER sync_shares_update AFTER UPDATE ON shares
    FOR EACH ROW WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id
                       OR OLD.hidden_fields IS DISTINCT FROM NEW.hidden_fields
                       OR OLD.sync_enabled IS DISTINCT FROM NEW.sync_enabled)
    EXECUTE FUNCTION sync_shares_changed();
CREATE TRIGGER sync_shares_delete AFTER DELETE ON shares
    FOR EACH ROW EXECUTE FUNCTION sync_shares_changed();

-- A user seen for the first time, or whose domain changed, may be reached by domain and group
-- shares they were not before.
CREATE FUNCTION sync_users_changed() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO sync_outbox (member_id, membership_only) VALUES (NEW.id, true);
    RETURN NULL;
END
$$;

CREATE TRIGGER sync_users_insert AFTER INSERT ON users
    FOR EACH ROW EXECUTE FUNCTION sync_users_changed();
CREATE TRIGGER sync_users_update AFTER UPDATE ON users
    FOR EACH ROW WHEN (OLD.hd IS DISTINCT FROM NEW.hd OR OLD.email IS DISTINCT FROM NEW.email)
    EXECUTE FUNCTION sync_users_changed();

-- A member switching the sync of a label off or back on.
CREATE FUNCTION sync_opt_outs_changed() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    r sync_opt_outs;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    INSERT INTO sync_outbox (label_id, member_id, membership_only)
    VALUES (r.label_id, r.user_id, true);
    RETURN NULL;
END
$$;

CREATE TRIGGER sync_opt_outs_insert AFTER INSERT ON sync_opt_outs
    FOR EACH ROW EXECUTE FUNCTION sync_opt_outs_changed();
CREATE TRIGGER sync_opt_outs_delete AFTER DELETE ON sync_opt_outs
    FOR EACH ROW EXECUTE FUNCTION sync_opt_outs_changed();
