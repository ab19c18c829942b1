-- label_role() kept a `p_domain` argument for its callers' sake after V8 expanded domain shares
-- through `users.hd` into `label_access`; every statement still bound the caller's domain for
-- nothing. The three-argument function replaces it. The old one is dropped in the same
-- transaction: instances still running the old code fail over to the new ones at deploy, as for
-- any change of a statement they prepare.
CREATE FUNCTION label_role(p_label uuid, p_user uuid, p_groups text[])
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

-- No function of the database calls the old signature (the snapshot of live rules shows it), so
-- it goes: a caller left behind fails here, at migration time, rather than at a user's click.
DROP FUNCTION label_role(uuid, uuid, text, text[]);
