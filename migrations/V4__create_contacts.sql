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
CREATE INDEX contacts_email_keys_idx ON contacts USING gin (email_keys) WHERE deleted_at IS NULL;
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
