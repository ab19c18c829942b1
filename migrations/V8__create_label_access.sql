-- Who may see which label, with what role and which fields hidden: the owner, direct shares and
-- domain shares expanded to one row per user, kept in step by triggers in the same transaction as
-- the change, so a revoke takes effect as it commits. Group shares stay out: their membership
-- lives in Google's Directory, so queries add them from `shares` for the caller's groups.
--
-- Reads that decide access (every label, contact and comment query) probe this table by primary
-- key instead of re-deriving the role from the owner and every share on each row.
CREATE TABLE label_access (
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label_id       uuid NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    role_rank      smallint NOT NULL CHECK (role_rank BETWEEN 1 AND 5),
    -- The union of the fields hidden by every share reaching the user; empty for the owner.
    hidden_fields  text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (user_id, label_id)
);

CREATE INDEX label_access_label_idx ON label_access (label_id);

-- Every grant reaching a user, before the highest one is taken.
CREATE VIEW label_grants_by_user AS
    SELECT l.owner_id AS user_id, l.id AS label_id, 5::smallint AS role_rank, '{}'::text[] AS hidden_fields
    FROM labels l
    UNION ALL
    SELECT s.user_id, s.label_id, s.role_rank, s.hidden_fields
    FROM shares s WHERE s.grantee_kind = 'user' AND s.user_id IS NOT NULL
    UNION ALL
    SELECT u.id, s.label_id, s.role_rank, s.hidden_fields
    FROM shares s JOIN users u ON u.hd = s.grantee WHERE s.grantee_kind = 'domain';

-- What `label_access` must hold: the highest grant per user and label, and the union of the fields
-- hidden by every share reaching them (none for the owner). Filters on `user_id` or `label_id` reach
-- the tables' indexes through the grouping and the union.
CREATE VIEW label_access_derived AS
    SELECT g.user_id, g.label_id, max(g.role_rank) AS role_rank,
           CASE WHEN max(g.role_rank) = 5 THEN '{}'::text[]
                ELSE COALESCE(array_agg(DISTINCT h ORDER BY h) FILTER (WHERE h IS NOT NULL), '{}') END
               AS hidden_fields
    FROM label_grants_by_user g LEFT JOIN LATERAL unnest(g.hidden_fields) h ON true
    GROUP BY g.user_id, g.label_id;

-- Rewrites are serialised: a share added while a user is first seen (or two shares of one label
-- changing at once) would otherwise each compute from a snapshot missing the other. These writes
-- are rare and short next to reads; contact edits never take this lock. It is taken before the
-- statement touches a row (BEFORE statement triggers below): taken after, a transaction holding a
-- row another one needs could wait for it while that one holds it, and deadlock.
CREATE FUNCTION label_access_lock() RETURNS void
LANGUAGE sql
AS $$ SELECT pg_advisory_xact_lock(hashtextextended('sharebook.label_access', 0)) $$;

-- Recomputes the rows of the labels `p_labels` and of the users `p_users`.
CREATE FUNCTION refresh_label_access(p_labels uuid[], p_users uuid[]) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    IF cardinality(p_labels) = 0 AND cardinality(p_users) = 0 THEN
        RETURN;
    END IF;
    PERFORM label_access_lock();
    WITH computed AS (
        SELECT * FROM label_access_derived d WHERE d.label_id = ANY (p_labels)
        UNION
        SELECT * FROM label_access_derived d WHERE d.user_id = ANY (p_users)
    ), gone AS (
        DELETE FROM label_access a
        WHERE (a.label_id = ANY (p_labels) OR a.user_id = ANY (p_users))
          AND NOT EXISTS (SELECT 1 FROM computed c WHERE c.user_id = a.user_id AND c.label_id = a.label_id)
    )
    INSERT INTO label_access (user_id, label_id, role_rank, hidden_fields)
    SELECT user_id, label_id, role_rank, hidden_fields FROM computed
    ON CONFLICT (user_id, label_id) DO UPDATE
        SET role_rank = EXCLUDED.role_rank, hidden_fields = EXCLUDED.hidden_fields
        WHERE (label_access.role_rank, label_access.hidden_fields)
              IS DISTINCT FROM (EXCLUDED.role_rank, EXCLUDED.hidden_fields);
END
$$;

CREATE FUNCTION label_access_take_lock() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM label_access_lock();
    RETURN NULL;
END
$$;

CREATE FUNCTION label_access_labels_inserted() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM refresh_label_access(ARRAY(SELECT id FROM new_rows), '{}');
    RETURN NULL;
END
$$;

CREATE FUNCTION label_access_owner_changed() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM refresh_label_access(ARRAY[NEW.id], '{}');
    RETURN NULL;
END
$$;

CREATE FUNCTION label_access_shares_changed() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM refresh_label_access(ARRAY(SELECT DISTINCT label_id FROM new_rows), '{}');
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM refresh_label_access(ARRAY(
            SELECT label_id FROM new_rows UNION SELECT label_id FROM old_rows), '{}');
    ELSE
        PERFORM refresh_label_access(ARRAY(SELECT DISTINCT label_id FROM old_rows), '{}');
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION label_access_users_inserted() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM refresh_label_access('{}', ARRAY(SELECT id FROM new_rows));
    RETURN NULL;
END
$$;

CREATE FUNCTION label_access_user_domain_changed() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM refresh_label_access('{}', ARRAY[NEW.id]);
    RETURN NULL;
END
$$;

-- First the lock, before any row of the statement is locked (only owner changes of labels, which
-- are updated on every contact write for their sizes; only domain changes of users).
CREATE TRIGGER label_access_labels_lock BEFORE INSERT OR DELETE OR UPDATE OF owner_id ON labels
    FOR EACH STATEMENT EXECUTE FUNCTION label_access_take_lock();
CREATE TRIGGER label_access_shares_lock BEFORE INSERT OR UPDATE OR DELETE ON shares
    FOR EACH STATEMENT EXECUTE FUNCTION label_access_take_lock();
CREATE TRIGGER label_access_users_lock BEFORE INSERT OR UPDATE OF hd ON users
    FOR EACH STATEMENT EXECUTE FUNCTION label_access_take_lock();

-- Then the rewrite. Only an owner change matters among label updates, so that trigger is per row
-- with a condition rather than per statement.
CREATE TRIGGER label_access_labels_insert AFTER INSERT ON labels
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION label_access_labels_inserted();
CREATE TRIGGER label_access_labels_owner AFTER UPDATE ON labels
    FOR EACH ROW WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id)
    EXECUTE FUNCTION label_access_owner_changed();
CREATE TRIGGER label_access_shares_insert AFTER INSERT ON shares
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION label_access_shares_changed();
CREATE TRIGGER label_access_shares_update AFTER UPDATE ON shares
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION label_access_shares_changed();
CREATE TRIGGER label_access_shares_delete AFTER DELETE ON shares
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION label_access_shares_changed();
CREATE TRIGGER label_access_users_insert AFTER INSERT ON users
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION label_access_users_inserted();
CREATE TRIGGER label_access_users_domain AFTER UPDATE ON users
    FOR EACH ROW WHEN (OLD.hd IS DISTINCT FROM NEW.hd)
    EXECUTE FUNCTION label_access_user_domain_changed();

INSERT INTO label_access (user_id, label_id, role_rank, hidden_fields)
SELECT user_id, label_id, role_rank, hidden_fields FROM label_access_derived;

-- The caller's role on a label: their row here, raised by any share to a group they are in.
-- `p_domain` is kept for the callers' sake; domain shares are expanded through `users.hd`, which
-- every request keeps equal to the domain in the caller's verified ID token.
CREATE OR REPLACE FUNCTION label_role(p_label uuid, p_user uuid, p_domain text, p_groups text[])
RETURNS smallint
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
    r smallint;
BEGIN
    SELECT a.role_rank INTO r FROM label_access a WHERE a.user_id = p_user AND a.label_id = p_label;
    IF r IS DISTINCT FROM 5 AND cardinality(p_groups) > 0 THEN
        r := greatest(r, (SELECT max(s.role_rank) FROM shares s
                          WHERE s.label_id = p_label AND s.grantee_kind = 'group'
                            AND s.grantee = ANY (p_groups)));
    END IF;
    RETURN COALESCE(r, 0);
END
$$;
