-- Each member's row carries the label's size, so the homepage reads one index range and nothing
-- else. Joined to `labels` for the size, the listing probed `labels_pkey` once per label shown:
-- measured on the foundation bench (20 labels), that join was about 40% of the homepage's
-- PostgreSQL time (71 against 119 µs per request without and with it).
--
-- The copy is written in two places and must never drift:
--   * a contact write sets it for every row of the labels it changed (`contacts_recount`);
--   * a refresh of `label_access` (share, owner, rename, address changes) writes whole rows, the
--     size included, from `label_access_derived`.
-- A refresh computing from a snapshot taken before a concurrent contact write commits could write
-- the old size into a row that write did not see. So contact writes take the `label_access` lock
-- in shared mode, first, before any row lock (a BEFORE statement trigger, ahead of the foreign-key
-- checks): they never wait for each other, and a refresh (exclusive mode) runs only between them.

-- Contact writes of instances still on the old code go contacts → labels; this takes the tables
-- in that order (contacts only against writes, for its new trigger), so neither side can hold
-- one while waiting for the other, and none of those writes resumes past the new trigger.
LOCK TABLE contacts IN SHARE ROW EXCLUSIVE MODE;
LOCK TABLE labels, label_access IN ACCESS EXCLUSIVE MODE;

ALTER TABLE label_access ADD COLUMN contact_count integer NOT NULL DEFAULT 0;
UPDATE label_access a SET contact_count = l.contact_count
FROM labels l WHERE l.id = a.label_id AND l.contact_count <> 0;

-- The view appends the size, so the refresh, the backfill and the drift test keep comparing whole
-- rows.
CREATE OR REPLACE VIEW label_access_derived AS
    SELECT d.user_id, d.label_id, d.role_rank,
           CASE WHEN d.role_rank = 5 THEN '{}'::text[]
                ELSE ARRAY(SELECT DISTINCT f FROM unnest(d.hidden_fields || person_hidden_fields(d.label_id, d.user_id)) f
                           ORDER BY f) END
               AS hidden_fields,
           l.name AS label_name,
           l.contact_count
    FROM (SELECT g.user_id, g.label_id, max(g.role_rank) AS role_rank,
                 COALESCE(array_agg(DISTINCT h ORDER BY h) FILTER (WHERE h IS NOT NULL), '{}') AS hidden_fields
          FROM label_grants_by_user g LEFT JOIN LATERAL unnest(g.hidden_fields) h ON true
          GROUP BY g.user_id, g.label_id) d
    JOIN labels l ON l.id = d.label_id;

CREATE OR REPLACE FUNCTION refresh_label_access(p_labels uuid[], p_users uuid[]) RETURNS void
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
    INSERT INTO label_access (user_id, label_id, role_rank, hidden_fields, label_name, contact_count)
    SELECT user_id, label_id, role_rank, hidden_fields, label_name, contact_count FROM computed
    ON CONFLICT (user_id, label_id) DO UPDATE
        SET role_rank = EXCLUDED.role_rank, hidden_fields = EXCLUDED.hidden_fields,
            label_name = EXCLUDED.label_name, contact_count = EXCLUDED.contact_count
        WHERE (label_access.role_rank, label_access.hidden_fields, label_access.label_name,
               label_access.contact_count)
              IS DISTINCT FROM (EXCLUDED.role_rank, EXCLUDED.hidden_fields, EXCLUDED.label_name,
                                EXCLUDED.contact_count);
END
$$;

-- The shared side of `label_access_lock()`. A transaction that locks contact rows before it writes
-- (an edit's `SELECT .. FOR UPDATE`) calls it first itself, so it never holds a contact row while
-- waiting for the lock a label deletion holds while waiting for that row.
CREATE FUNCTION label_access_share_lock() RETURNS void
LANGUAGE sql
AS $$ SELECT pg_advisory_xact_lock_shared(hashtextextended('sharebook.label_access', 0)) $$;

CREATE FUNCTION label_access_take_shared_lock() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM label_access_share_lock();
    RETURN NULL;
END
$$;

CREATE TRIGGER label_access_contacts_lock BEFORE INSERT OR UPDATE OR DELETE ON contacts
    FOR EACH STATEMENT EXECUTE FUNCTION label_access_take_shared_lock();

-- The sizes, then each member's copy of them (absolute, not a delta: the copy heals if it ever
-- differed).
CREATE OR REPLACE FUNCTION contacts_recount() RETURNS trigger
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
    IF TG_OP = 'INSERT' THEN
        UPDATE label_access a SET contact_count = l.contact_count
        FROM labels l
        WHERE l.id = a.label_id AND a.contact_count <> l.contact_count
          AND l.id IN (SELECT label_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE label_access a SET contact_count = l.contact_count
        FROM labels l
        WHERE l.id = a.label_id AND a.contact_count <> l.contact_count
          AND l.id IN (SELECT label_id FROM old_rows);
    ELSE
        -- An edit changes no size: only rows deleted, restored or moved between labels do, and
        -- only their labels' members are visited.
        UPDATE label_access a SET contact_count = l.contact_count
        FROM labels l
        WHERE l.id = a.label_id AND a.contact_count <> l.contact_count
          AND l.id IN (SELECT unnest(ARRAY[o.label_id, n.label_id])
                       FROM old_rows o JOIN new_rows n ON n.id = o.id
                       WHERE (o.deleted_at IS NULL) <> (n.deleted_at IS NULL)
                          OR o.label_id <> n.label_id);
    END IF;
    RETURN NULL;
END
$$;

-- A size is not something a kept message card shows (`message_cache`): a contact added to a label
-- bumps the counters of that contact's addresses, not of every member of the label. Only a change
-- of role, hidden fields or name bumps the member's counter.
CREATE OR REPLACE FUNCTION change_counters_label_access() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM bump_change_counters(ARRAY(SELECT 'u:' || user_id FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM bump_change_counters(ARRAY(
            SELECT 'u:' || COALESCE(n.user_id, o.user_id)
            FROM new_rows n FULL JOIN old_rows o ON o.user_id = n.user_id AND o.label_id = n.label_id
            WHERE n.user_id IS NULL OR o.user_id IS NULL
               OR (n.role_rank, n.hidden_fields, n.label_name)
                  IS DISTINCT FROM (o.role_rank, o.hidden_fields, o.label_name)));
    ELSE
        PERFORM bump_change_counters(ARRAY(SELECT 'u:' || user_id FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;
