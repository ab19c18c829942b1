-- Contacts in and out by file: a label's contacts exported as Google CSV, Outlook CSV or vCard,
-- and files of those kinds imported into a label after a preview, in the background, undoably.

-- A contact's phone numbers by digits, those long enough to say two numbers are one (six, as
-- `domain::contact::MIN_MATCHING_DIGITS`; a test holds them equal), for matching a file's rows and
-- finding duplicates by an index instead of a pattern over every number of the label.
CREATE FUNCTION phone_keys(p_phones text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT coalesce(array_agg(d) FILTER (WHERE length(d) >= 6), '{}')
    FROM (SELECT regexp_replace(p, '[^0-9]', '', 'g') AS d FROM unnest(p_phones) p) x
$$;

ALTER TABLE contacts ADD COLUMN phone_keys text[] GENERATED ALWAYS AS (phone_keys(phones)) STORED;
-- fastupdate off, as for the addresses (V4): a pending list of recent inserts is scanned whole on
-- every lookup, and an import inserts thousands of contacts while it looks each row up.
CREATE INDEX contacts_phone_keys_idx ON contacts USING gin (phone_keys) WITH (fastupdate = off)
    WHERE deleted_at IS NULL;

-- A short-lived, single-use link opened in the user's browser: the page that takes a file for a
-- label, or a label's export. Only the secret's digest is kept; the link is bound to the user and
-- the label it was made for, and checked again against the label when used.
CREATE TABLE file_links (
    digest      bytea PRIMARY KEY,
    purpose     text NOT NULL CHECK (purpose IN ('upload', 'export')),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label_id    uuid NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    -- The export's format (`google`, `outlook`, `vcard`); NULL for an upload.
    format      text CHECK (format IN ('google', 'outlook', 'vcard')),
    -- The user's Google Groups when the link was made: the browser that opens it carries no
    -- Google token, and a role held through a group must still count.
    groups      text[] NOT NULL DEFAULT '{}',
    -- The user's language, for the page.
    lang        text NOT NULL DEFAULT 'en',
    expires_at  timestamptz NOT NULL
);
CREATE INDEX file_links_expiry_idx ON file_links (expires_at);

-- One file brought into a label: previewed, then confirmed (queued), run by a worker, and
-- perhaps undone as a whole.
CREATE TABLE file_imports (
    id            uuid PRIMARY KEY,
    label_id      uuid NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The importer's groups, as the link recorded them: the worker writes as the importer.
    groups        text[] NOT NULL DEFAULT '{}',
    file_name     text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    format        text NOT NULL CHECK (format IN ('google', 'outlook', 'vcard')),
    state         text NOT NULL DEFAULT 'preview'
                  CHECK (state IN ('preview', 'queued', 'done', 'cancelled', 'undone', 'failed')),
    -- What to do with a row that matches a contact of the label (same address, or same phone
    -- number by digits): leave the contact, fill its empty fields, or overwrite with the file's.
    on_match      text CHECK (on_match IN ('skip', 'fill', 'overwrite')),
    total         integer NOT NULL,
    done          integer NOT NULL DEFAULT 0,
    created       integer NOT NULL DEFAULT 0,
    updated       integer NOT NULL DEFAULT 0,
    skipped       integer NOT NULL DEFAULT 0,
    -- A worker's claim while it runs the import; a lapsed claim (the worker died) is taken again,
    -- and the rows already applied are not applied twice.
    claimed_until timestamptz,
    error         text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz
);
CREATE INDEX file_imports_label_idx ON file_imports (label_id, created_at DESC);
CREATE INDEX file_imports_queued_idx ON file_imports (created_at) WHERE state = 'queued';
-- The homepage offers each of the caller's waiting previews.
CREATE INDEX file_imports_waiting_idx ON file_imports (user_id) WHERE state = 'preview';

-- The file's rows, as read: a contact to write, or why the row was rejected.
CREATE TABLE file_import_rows (
    import_id     uuid NOT NULL REFERENCES file_imports (id) ON DELETE CASCADE,
    -- Where the row starts in the file (1-based line), as the preview names it.
    line          integer NOT NULL,
    data          jsonb,
    -- A catalogue message `{"id": ..., "args": {...}}` when rejected.
    rejected      jsonb,
    -- An earlier row of the same file that is the same person (it is applied first, and this
    -- one then matches the contact it made).
    dup_of        integer,
    email_keys    text[] NOT NULL DEFAULT '{}',
    phone_keys    text[] NOT NULL DEFAULT '{}',
    -- Once applied: the contact it made or changed, its version after, and (for a change) its
    -- values before, which an undo puts back.
    applied       text CHECK (applied IN ('created', 'updated', 'skipped')),
    contact_id    uuid,
    version_after integer,
    before        jsonb,
    PRIMARY KEY (import_id, line),
    CHECK ((data IS NULL) <> (rejected IS NULL))
);
CREATE INDEX file_import_rows_contact_idx ON file_import_rows (contact_id) WHERE contact_id IS NOT NULL;

-- History says which import wrote a version ("added from contacts.csv by ...").
ALTER TABLE contact_history ADD COLUMN import_id uuid REFERENCES file_imports (id) ON DELETE SET NULL;
ALTER TABLE contact_history DROP CONSTRAINT contact_history_via_check;
ALTER TABLE contact_history ADD CONSTRAINT contact_history_via_check
    CHECK (via IN ('google', 'capsule', 'file'));
