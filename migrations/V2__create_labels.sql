-- A label is a named set of contacts with exactly one owner.
CREATE TABLE labels (
    id          uuid PRIMARY KEY,
    owner_id    uuid NOT NULL REFERENCES users (id),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One owner cannot have two labels whose names differ only in case: both would become the same
-- contact group in that owner's Google Contacts.
CREATE UNIQUE INDEX labels_owner_name_idx ON labels (owner_id, lower(name));
