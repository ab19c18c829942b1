CREATE TABLE contacts (
    id            uuid PRIMARY KEY,
    label_id      uuid NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    -- Optimistic concurrency: every save names the version it was based on.
    version       integer NOT NULL DEFAULT 1,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    emails        text[] NOT NULL DEFAULT '{}',
    phones        text[] NOT NULL DEFAULT '{}',
    organization  text NOT NULL DEFAULT '',
    title         text NOT NULL DEFAULT '',
    addresses     text[] NOT NULL DEFAULT '{}',
    notes         text NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
    custom        jsonb NOT NULL DEFAULT '[]',
    -- Lower-cased addresses, for finding the people on an open email.
    email_keys    text[] NOT NULL DEFAULT '{}',
    -- Name, emails, phone digits and company folded to lower case without accents, for search;
    -- name_key is the folded name alone, all a member with hidden fields may search on.
    search_text   text NOT NULL DEFAULT '',
    name_key      text NOT NULL DEFAULT '',
    created_by    uuid NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    uuid NOT NULL REFERENCES users (id),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    -- Deletion is soft, so it can be undone; deleted contacts are excluded from every listing.
    deleted_at    timestamptz,
    deleted_by    uuid REFERENCES users (id)
);

CREATE INDEX contacts_label_name_idx ON contacts (label_id, lower(name), id) WHERE deleted_at IS NULL;
-- fastupdate off: the side panel looks addresses up on every opened email, and a pending list
-- of recent inserts would be scanned linearly on each lookup.
CREATE INDEX contacts_email_keys_idx ON contacts USING gin (email_keys) WITH (fastupdate = off)
    WHERE deleted_at IS NULL;
CREATE INDEX contacts_deleted_idx ON contacts (label_id, deleted_at) WHERE deleted_at IS NOT NULL;

-- Every change to a contact: who, when, which fields, old and new values.
CREATE TABLE contact_history (
    id          bigserial PRIMARY KEY,
    contact_id  uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    version     integer NOT NULL,
    action      text NOT NULL CHECK (action IN ('create', 'edit', 'delete', 'restore')),
    changes     jsonb NOT NULL,
    changed_by  uuid NOT NULL REFERENCES users (id),
    changed_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX contact_history_contact_idx ON contact_history (contact_id, version);

-- Live contacts per label, kept by statement-level triggers so that listing labels with their size
-- reads one column instead of counting every contact of every label on each homepage.
ALTER TABLE labels ADD COLUMN contact_count integer NOT NULL DEFAULT 0;

CREATE FUNCTION contacts_recount() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE labels l SET contact_count = l.contact_count - d.n
        FROM (SELECT label_id, count(*) AS n FROM old_rows WHERE deleted_at IS NULL GROUP BY label_id) d
        WHERE l.id = d.label_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        UPDATE labels l SET contact_count = l.contact_count + d.n
        FROM (SELECT label_id, count(*) AS n FROM new_rows WHERE deleted_at IS NULL GROUP BY label_id) d
        WHERE l.id = d.label_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER contacts_recount_insert AFTER INSERT ON contacts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contacts_recount();
CREATE TRIGGER contacts_recount_update AFTER UPDATE ON contacts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contacts_recount();
CREATE TRIGGER contacts_recount_delete AFTER DELETE ON contacts
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION contacts_recount();
