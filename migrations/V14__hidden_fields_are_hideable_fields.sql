-- Only the fields the owner may hide can be hidden (domain::contact::Field::HIDEABLE; the name
-- always shows). The list is written here once more so that the database refuses anything else,
-- and a test compares it with the Rust list, so neither side can change alone.
CREATE FUNCTION hideable_fields() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT ARRAY['emails', 'phones', 'organization', 'title', 'addresses', 'notes', 'custom'] $$;

ALTER TABLE shares ADD CONSTRAINT shares_hidden_fields_hideable
    CHECK (hidden_fields <@ hideable_fields());
ALTER TABLE grantee_hidden_fields ADD CONSTRAINT grantee_hidden_fields_hideable
    CHECK (fields <@ hideable_fields());
