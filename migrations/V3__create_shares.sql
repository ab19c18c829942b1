-- Roles are stored as ranks so the effective role is max() over every share reaching a user:
-- 1 viewer, 2 editor, 3 deleter, 4 manager, 5 owner (the owner is labels.owner_id, never a share).
CREATE TABLE shares (
    id             uuid PRIMARY KEY,
    label_id       uuid NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    -- 'user': an email address; 'group': a Google Group's address; 'domain': a whole domain.
    grantee_kind   text NOT NULL CHECK (grantee_kind IN ('user', 'group', 'domain')),
    grantee        text NOT NULL CHECK (grantee = lower(grantee) AND length(grantee) BETWEEN 1 AND 320),
    -- Set once the person behind a 'user' share is known (their first request): until then pending.
    user_id        uuid REFERENCES users (id),
    role_rank      smallint NOT NULL CHECK (role_rank BETWEEN 1 AND 4),
    -- Fields the owner hides from this grantee: never shown to them, never synced to them.
    hidden_fields  text[] NOT NULL DEFAULT '{}',
    sync_enabled   boolean NOT NULL DEFAULT true,
    created_by     uuid NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (label_id, grantee_kind, grantee)
);

CREATE INDEX shares_user_idx ON shares (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX shares_grantee_idx ON shares (grantee_kind, grantee);
CREATE INDEX shares_pending_idx ON shares (grantee) WHERE grantee_kind = 'user' AND user_id IS NULL;
-- Group shares by the group's domain: which groups matter for a caller is looked up by domain.
CREATE INDEX shares_group_domain_idx ON shares (split_part(grantee, '@', 2)) WHERE grantee_kind = 'group';
