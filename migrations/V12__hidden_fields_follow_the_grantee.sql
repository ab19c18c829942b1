-- What the owner hides follows the person (or group, or domain), not the share row. Before this, a
-- manager could revoke a member's share and share again: the new row started with nothing hidden,
-- so the member saw, and got synced, what the owner had hidden. And a manager could share with a
-- second account of their own and see there what was hidden from them.
--
-- Two rules, both enforced here rather than in the routes:
-- 1. The owner's choice is kept per grantee in `grantee_hidden_fields`, outlives the share, seeds
--    every later share to that grantee, and for a person applies through every share that reaches
--    them (their group's, their domain's), until the owner shows the field again.
-- 2. A share starts with at least the fields hidden from the member who creates it
--    (`caller_hidden_fields`), so nobody gives a view wider than their own.

CREATE TABLE grantee_hidden_fields (
    label_id      uuid NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    grantee_kind  text NOT NULL CHECK (grantee_kind IN ('user', 'group', 'domain')),
    grantee       text NOT NULL CHECK (grantee = lower(grantee)),
    fields        text[] NOT NULL CHECK (cardinality(fields) > 0),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (label_id, grantee_kind, grantee)
);

-- Today's shares carry the owner's choices: keep them as the grantees'.
INSERT INTO grantee_hidden_fields (label_id, grantee_kind, grantee, fields)
SELECT label_id, grantee_kind, grantee, hidden_fields FROM shares WHERE cardinality(hidden_fields) > 0;

-- The fields the owner hid from a user as a person (by their address), on one label.
CREATE FUNCTION person_hidden_fields(p_label uuid, p_user uuid) RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT COALESCE((SELECT h.fields FROM grantee_hidden_fields h JOIN users u ON h.grantee = lower(u.email)
                     WHERE u.id = p_user AND h.label_id = p_label AND h.grantee_kind = 'user'), '{}')
$$;

-- The fields hidden from a caller on a label: through their `label_access` row, the group shares
-- reaching them and the owner's choice for them as a person; none for the owner.
CREATE FUNCTION caller_hidden_fields(p_label uuid, p_user uuid, p_groups text[]) RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN EXISTS (SELECT 1 FROM labels l WHERE l.id = p_label AND l.owner_id = p_user) THEN '{}'::text[]
           ELSE ARRAY(SELECT DISTINCT f FROM (
                    SELECT unnest(a.hidden_fields) FROM label_access a
                    WHERE a.user_id = p_user AND a.label_id = p_label
                    UNION ALL
                    SELECT unnest(s.hidden_fields) FROM shares s
                    WHERE s.label_id = p_label AND s.grantee_kind = 'group' AND s.grantee = ANY (p_groups)
                    UNION ALL
                    SELECT unnest(person_hidden_fields(p_label, p_user))) x(f)
                  ORDER BY f) END
$$;

-- A new share starts from the owner's choice for its grantee (and whatever its creator put in,
-- which `INSERT` statements set to the creator's own hidden fields). `EXCLUDED` in an upsert sees
-- the result, so re-sharing to an existing grantee can only add to what is hidden.
CREATE FUNCTION shares_seed_hidden_fields() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.hidden_fields := ARRAY(
        SELECT DISTINCT f FROM unnest(NEW.hidden_fields || COALESCE(
            (SELECT h.fields FROM grantee_hidden_fields h
             WHERE h.label_id = NEW.label_id AND h.grantee_kind = NEW.grantee_kind AND h.grantee = NEW.grantee),
            '{}')) f
        ORDER BY f);
    RETURN NEW;
END
$$;

CREATE TRIGGER shares_seed_hidden_fields BEFORE INSERT ON shares
    FOR EACH ROW EXECUTE FUNCTION shares_seed_hidden_fields();

-- `label_access` adds the person's own hidden fields to those of the shares reaching them.
CREATE OR REPLACE VIEW label_access_derived AS
    SELECT d.user_id, d.label_id, d.role_rank,
           CASE WHEN d.role_rank = 5 THEN '{}'::text[]
                ELSE ARRAY(SELECT DISTINCT f FROM unnest(d.hidden_fields || person_hidden_fields(d.label_id, d.user_id)) f
                           ORDER BY f) END
               AS hidden_fields,
           l.name AS label_name
    FROM (SELECT g.user_id, g.label_id, max(g.role_rank) AS role_rank,
                 COALESCE(array_agg(DISTINCT h ORDER BY h) FILTER (WHERE h IS NOT NULL), '{}') AS hidden_fields
          FROM label_grants_by_user g LEFT JOIN LATERAL unnest(g.hidden_fields) h ON true
          GROUP BY g.user_id, g.label_id) d
    JOIN labels l ON l.id = d.label_id;

-- The owner's choice changing rewrites the label's rows, under the same lock taken first.
CREATE FUNCTION label_access_grantee_hidden_changed() RETURNS trigger
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

CREATE TRIGGER label_access_grantee_hidden_lock BEFORE INSERT OR UPDATE OR DELETE ON grantee_hidden_fields
    FOR EACH STATEMENT EXECUTE FUNCTION label_access_take_lock();
CREATE TRIGGER label_access_grantee_hidden_insert AFTER INSERT ON grantee_hidden_fields
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION label_access_grantee_hidden_changed();
CREATE TRIGGER label_access_grantee_hidden_update AFTER UPDATE ON grantee_hidden_fields
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION label_access_grantee_hidden_changed();
CREATE TRIGGER label_access_grantee_hidden_delete AFTER DELETE ON grantee_hidden_fields
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION label_access_grantee_hidden_changed();

-- The person's fields follow their address: an address change rewrites their rows too.
DROP TRIGGER label_access_users_lock ON users;
CREATE TRIGGER label_access_users_lock BEFORE INSERT OR UPDATE OF hd, email ON users
    FOR EACH STATEMENT EXECUTE FUNCTION label_access_take_lock();
DROP TRIGGER label_access_users_domain ON users;
CREATE TRIGGER label_access_users_domain AFTER UPDATE ON users
    FOR EACH ROW WHEN (OLD.hd IS DISTINCT FROM NEW.hd OR lower(OLD.email) IS DISTINCT FROM lower(NEW.email))
    EXECUTE FUNCTION label_access_user_domain_changed();
