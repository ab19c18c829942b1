-- The caller's effective role on a label, as a rank (0 = no access): the owner is 5, otherwise the
-- highest share reaching them directly, through one of their groups, or through their domain.
-- Every query that returns label data filters on it, so authorization is enforced in SQL as well
-- as decided in the domain code.
--
-- PL/pgSQL rather than SQL: a SQL function with sub-selects is never inlined, and is parsed and
-- planned again on every call, which cost more than the queries using it. PL/pgSQL keeps its
-- statements' plans for the session.
CREATE FUNCTION label_role(p_label uuid, p_user uuid, p_domain text, p_groups text[])
RETURNS smallint
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM labels l WHERE l.id = p_label AND l.owner_id = p_user) THEN
        RETURN 5;
    END IF;
    RETURN COALESCE((
        SELECT max(s.role_rank) FROM shares s
        WHERE s.label_id = p_label
          AND ((s.grantee_kind = 'user' AND s.user_id = p_user)
            OR (s.grantee_kind = 'domain' AND s.grantee = p_domain)
            OR (s.grantee_kind = 'group' AND s.grantee = ANY (p_groups)))), 0);
END
$$;
