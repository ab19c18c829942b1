-- CRM feeds: a label fed one way from a CRM account (Capsule CRM first). Parties added, changed
-- or deleted in the CRM reach the label, and through it every member's Google Contacts.

CREATE TABLE crm_feeds (
    label_id          uuid PRIMARY KEY REFERENCES labels (id) ON DELETE CASCADE,
    provider          text NOT NULL DEFAULT 'capsule' CHECK (provider IN ('capsule')),
    -- The owner who connected it: the feed writes as them, so the label's rules apply in SQL.
    connected_by      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    account_name      text NOT NULL,
    account_url       text NOT NULL,
    account_user      text NOT NULL,
    auth_kind         text NOT NULL CHECK (auth_kind IN ('token', 'oauth')),
    -- The credentials (JSON), sealed with an AEAD key from the environment; the key's id is kept
    -- beside them so keys can be rotated. Never shown, never logged; disconnecting deletes them.
    secret_key_id     text NOT NULL,
    secret            bytea NOT NULL,
    -- NULL: every party with contact details; otherwise those with at least one of these tags.
    tags              text[],
    -- 'setup': connected, waiting for the owner to choose the parties; 'importing': the first
    -- full read runs; 'live': incremental reads; 'paused': the CRM refused the credentials.
    state             text NOT NULL DEFAULT 'setup'
                      CHECK (state IN ('setup', 'importing', 'live', 'paused')),
    paused_reason     text,
    -- Start of the last complete read: the next reads ask for what changed since, less an overlap.
    watermark         timestamptz,
    -- First import: pages read so far (a restarted worker goes on from there).
    import_pages      integer NOT NULL DEFAULT 0,
    import_started_at timestamptz,
    due_at            timestamptz NOT NULL DEFAULT now(),
    -- A hook or "Sync now" arrived: read again at once, even when it came during a run.
    hinted_at         timestamptz,
    -- One run at a time, whatever the number of workers.
    lease_owner       uuid,
    lease_until       timestamptz,
    failures          integer NOT NULL DEFAULT 0,
    last_run_at       timestamptz,
    last_success_at   timestamptz,
    last_error        text,
    requests          bigint NOT NULL DEFAULT 0,
    -- What Capsule last said of the connected user's hourly allowance (X-RateLimit-*): the next
    -- run, on whichever worker, starts from it and keeps clear of the reserve.
    rate_limit        integer,
    rate_remaining    integer,
    rate_reset_at     timestamptz,
    -- Parties the CRM sent that could not be read at all (no id): how many, and the last reason.
    unreadable        integer NOT NULL DEFAULT 0,
    unreadable_reason text,
    -- REST hooks (OAuth connections only): SHA-256 of the secret in their target URL, and the
    -- subscriptions' ids, unsubscribed on disconnect.
    hook_secret_hash  bytea UNIQUE,
    hook_ids          bigint[] NOT NULL DEFAULT '{}',
    created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX crm_feeds_due_idx ON crm_feeds (due_at) WHERE state IN ('importing', 'live');

-- Every party a feed has seen, and what became of it.
CREATE TABLE crm_parties (
    label_id    uuid NOT NULL REFERENCES crm_feeds (label_id) ON DELETE CASCADE,
    party_id    bigint NOT NULL,
    -- The label's contact for it (NULL: never taken).
    contact_id  uuid REFERENCES contacts (id) ON DELETE SET NULL,
    -- What the CRM last sent, as a contact (our ContactData JSON): a later change is applied field
    -- by field against it, so what members edited and the CRM did not change stays theirs.
    sent        jsonb,
    name        text NOT NULL DEFAULT '',
    status      text NOT NULL CHECK (status IN ('taken', 'skipped', 'filtered', 'removed')),
    -- Why it is skipped or removed, in words the feed card shows.
    reason      text,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (label_id, party_id)
);

CREATE UNIQUE INDEX crm_parties_contact_idx ON crm_parties (contact_id);
CREATE INDEX crm_parties_status_idx ON crm_parties (label_id, status);

-- OAuth connections in progress: the `state` sent to the CRM (its SHA-256 here), single use.
CREATE TABLE crm_oauth_states (
    state_hash  bytea PRIMARY KEY,
    label_id    uuid NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at  timestamptz NOT NULL
);

-- History says when a change came from a CRM feed ('capsule'); changed_by is the owner who
-- connected it.
ALTER TABLE contact_history DROP CONSTRAINT contact_history_via_check;
ALTER TABLE contact_history ADD CONSTRAINT contact_history_via_check
    CHECK (via IN ('google', 'capsule'));

-- Wakes feed workers when a hook arrives or an owner asks for a sync now.
CREATE FUNCTION crm_feeds_notify() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM pg_notify('sharebook_feeds', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER crm_feeds_due AFTER INSERT OR UPDATE OF due_at ON crm_feeds
    FOR EACH ROW WHEN (NEW.due_at <= now())
    EXECUTE FUNCTION crm_feeds_notify();

-- The homepage tells whoever connected a feed that it paused.
CREATE INDEX crm_feeds_paused_idx ON crm_feeds (connected_by) WHERE state = 'paused';
