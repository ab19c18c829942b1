-- Workspace admins: the domains Sharebook has seen, their policies, the audit log, offboarding.

-- A Workspace domain (Google's "customer" for the Marketplace), recorded at its first request.
-- `license_state` is `customerLicense.get`'s answer when the Marketplace API is configured: ACTIVE
-- means an admin installed Sharebook for the whole domain.
CREATE TABLE workspace_domains (
    domain              text PRIMARY KEY CHECK (domain = lower(domain) AND length(domain) BETWEEN 1 AND 253),
    first_seen_at       timestamptz NOT NULL DEFAULT now(),
    license_state       text CHECK (license_state IN ('ACTIVE', 'UNLICENSED')),
    license_checked_at  timestamptz
);

INSERT INTO workspace_domains (domain, first_seen_at)
SELECT hd, min(created_at) FROM users WHERE hd IS NOT NULL GROUP BY hd
ON CONFLICT DO NOTHING;

-- A domain's policies; a domain without a row has the defaults (everything allowed, the guard at
-- more than a tenth and at least ten, held deletions approved by the label's owner).
CREATE TABLE domain_policies (
    domain            text PRIMARY KEY REFERENCES workspace_domains (domain),
    -- Sharing with people, groups or domains outside the label owner's domain.
    outside_sharing   text NOT NULL DEFAULT 'allowed' CHECK (outside_sharing IN ('allowed', 'listed', 'never')),
    outside_domains   text[] NOT NULL DEFAULT '{}',
    outside_max_rank  smallint NOT NULL DEFAULT 4 CHECK (outside_max_rank BETWEEN 1 AND 4),
    -- Whether a label may be shared with the owner's whole domain.
    domain_shares     boolean NOT NULL DEFAULT true,
    guard_permille    integer NOT NULL DEFAULT 100 CHECK (guard_permille BETWEEN 0 AND 1000),
    guard_at_least    integer NOT NULL DEFAULT 10 CHECK (guard_at_least BETWEEN 1 AND 100000),
    held_approver     text NOT NULL DEFAULT 'owner' CHECK (held_approver IN ('owner', 'admins')),
    feeds_allowed     boolean NOT NULL DEFAULT true,
    updated_by        uuid REFERENCES users (id),
    updated_at        timestamptz NOT NULL DEFAULT now()
);

-- Who shared what with whom. Append-only: the triggers below refuse UPDATE and TRUNCATE, and
-- DELETE outside `prune_audit_log` (retention, the one path that removes rows). No foreign keys:
-- an entry outlives its label.
CREATE TABLE audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT now(),
    -- The domain whose admins see the entry: the label owner's (or the admin's, for policies).
    domain       text,
    actor_id     uuid,
    actor_email  text NOT NULL,
    action       text NOT NULL CHECK (action IN (
        'share_added', 'role_changed', 'hidden_fields_changed', 'access_revoked', 'ownership_transferred',
        'label_created', 'label_renamed', 'label_deleted', 'contact_deleted', 'contact_restored',
        'feed_connected', 'feed_disconnected', 'policy_changed', 'deletions_held', 'held_approved',
        'held_dismissed', 'user_offboarded')),
    label_id     uuid,
    label_name   text,
    -- Whom or what the action was about: a grantee, a contact's name, a policy.
    subject      text NOT NULL DEFAULT '',
    detail       text NOT NULL DEFAULT '',
    via          text NOT NULL CHECK (via IN ('side_panel', 'google_contacts', 'feed', 'admin_card'))
);

-- The admin card and the CSV read a domain's entries newest first, in pages below an id.
CREATE INDEX audit_log_domain_id_idx ON audit_log (domain, id DESC);
CREATE INDEX audit_log_at_idx ON audit_log (at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    before_ts text := current_setting('sharebook.audit_prune_before', true);
BEGIN
    IF TG_OP = 'DELETE' AND coalesce(before_ts, '') <> '' AND OLD.at < before_ts::timestamptz THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Writes one entry: the domain is the label owner's (`owner`), or the actor's when no label is
-- concerned. Every statement that records an action calls it, in the statement or transaction of
-- the action itself, so an entry never exists without its action nor the reverse.
CREATE FUNCTION audit(p_actor uuid, p_action text, p_owner uuid, p_label uuid, p_label_name text,
                      p_subject text, p_detail text, p_via text) RETURNS boolean
LANGUAGE sql VOLATILE AS $$
    INSERT INTO audit_log (domain, actor_id, actor_email, action, label_id, label_name, subject, detail, via)
    SELECT CASE WHEN p_owner IS NULL THEN a.hd ELSE (SELECT o.hd FROM users o WHERE o.id = p_owner) END, a.id, a.email, p_action,
           p_label, p_label_name, coalesce(p_subject, ''), coalesce(p_detail, ''), p_via
    FROM users a WHERE a.id = p_actor
    RETURNING true
$$;

-- Retention: removes entries older than `keep_days` (at least one day) and nothing else.
CREATE FUNCTION prune_audit_log(keep_days integer) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    cutoff timestamptz;
    removed bigint;
BEGIN
    IF keep_days IS NULL OR keep_days < 1 THEN
        RAISE EXCEPTION 'audit retention must be at least one day';
    END IF;
    cutoff := now() - make_interval(days => keep_days);
    PERFORM set_config('sharebook.audit_prune_before', cutoff::text, true);
    DELETE FROM audit_log WHERE at < cutoff;
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM set_config('sharebook.audit_prune_before', '', true);
    RETURN removed;
END $$;

-- Contact deletions and restores come from the side panel, Google Contacts (read back or a held
-- change approved) and feeds; each writes one history row. The audit entry is written with it, in
-- the same statement, whichever path it came from.
CREATE FUNCTION audit_contact_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (domain, actor_id, actor_email, action, label_id, label_name, subject, via)
    SELECT o.hd, NEW.changed_by, a.email,
           CASE NEW.action WHEN 'delete' THEN 'contact_deleted' ELSE 'contact_restored' END,
           l.id, l.name, c.name,
           CASE NEW.via WHEN 'google' THEN 'google_contacts' WHEN 'capsule' THEN 'feed' ELSE 'side_panel' END
    FROM contacts c
    JOIN labels l ON l.id = c.label_id
    JOIN users o ON o.id = l.owner_id
    JOIN users a ON a.id = NEW.changed_by
    WHERE c.id = NEW.contact_id;
    RETURN NULL;
END $$;

CREATE TRIGGER contact_history_audit AFTER INSERT ON contact_history
    FOR EACH ROW WHEN (NEW.action IN ('delete', 'restore'))
    EXECUTE FUNCTION audit_contact_history();

-- A user an admin offboarded: their labels went to someone else, their access was revoked.
ALTER TABLE users ADD COLUMN offboarded_at timestamptz;

-- The admin card lists the domain's users and labels.
CREATE INDEX users_hd_email_idx ON users (hd, lower(email)) WHERE hd IS NOT NULL;

-- Short-lived links an admin's card opens in the browser (the audit log as CSV): a random token
-- stored hashed, bound to the admin, their domain and the filters, valid a few minutes.
CREATE TABLE admin_links (
    token_hash  bytea PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    domain      text NOT NULL,
    filters     jsonb NOT NULL,
    expires_at  timestamptz NOT NULL
);

-- An offboarded user's Google Contacts lose every label still reaching them (through a group or
-- a domain share, or a label of another domain their admin cannot revoke).
ALTER TABLE sync_opt_outs DROP CONSTRAINT sync_opt_outs_reason_check;
ALTER TABLE sync_opt_outs ADD CONSTRAINT sync_opt_outs_reason_check
    CHECK (reason IN ('member', 'group_deleted', 'offboarded'));
