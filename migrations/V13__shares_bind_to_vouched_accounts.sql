-- A user share or a group membership is matched on an email address, and Google vouches for the
-- `email` of an ID token only for @gmail.com and for the addresses of verified Workspace accounts
-- (`hd` equal to the address's domain). Anyone can register a personal Google account with a
-- company address (a "conflicting account", or an ex-employee's), so before this a personal
-- account could claim a share meant for a Workspace colleague, or win a new one.
--
-- The rule, written once here (and mirrored by `domain::principal::vouched`, checked by a test):
-- * an account may hold a share to an address when Google vouches for it;
-- * partners without Workspace still join: where no Workspace account of the address's domain has
--   ever been seen, and the domain is not the sharer's own, the verified email may hold it, until
--   a Workspace account of that domain appears;
-- * where two accounts hold one address, the vouched (Workspace) one wins.

CREATE FUNCTION email_vouched(p_email text, p_hd text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT split_part(lower(p_email), '@', 2) = 'gmail.com'
           OR COALESCE(lower(p_hd) = split_part(lower(p_email), '@', 2), false)
$$;

-- The account that may hold a user share to `p_grantee` made by `p_sharer`, if any is known.
CREATE FUNCTION share_holder(p_grantee text, p_sharer uuid) RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT u.id FROM users u
    WHERE lower(u.email) = p_grantee
      AND (email_vouched(u.email, u.hd)
           OR (NOT EXISTS (SELECT 1 FROM users w WHERE w.hd = split_part(p_grantee, '@', 2))
               AND NOT EXISTS (SELECT 1 FROM users s WHERE s.id = p_sharer
                               AND split_part(p_grantee, '@', 2)
                                   IN (COALESCE(s.hd, ''), split_part(lower(s.email), '@', 2)))))
    ORDER BY email_vouched(u.email, u.hd) DESC, u.updated_at DESC, u.id
    LIMIT 1
$$;

-- Whether a share's holder is open to the rule: pending, or held by the account that has its address
-- now. An account whose address was renamed keeps what it holds, as it did before this rule.
CREATE FUNCTION holds_by_address(p_holder uuid, p_grantee text) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT p_holder IS NULL
           OR EXISTS (SELECT 1 FROM users o WHERE o.id = p_holder AND lower(o.email) = p_grantee)
$$;

-- Shares to addresses of one domain, for the sweep below.
CREATE INDEX shares_user_domain_idx ON shares (split_part(grantee, '@', 2)) WHERE grantee_kind = 'user';

-- Called when an account is first seen or its address or domain changed: shares to its address
-- go to whoever may hold them now (a Workspace account wins over a personal one), and when it is
-- the first Workspace account of its domain, shares that partners' personal accounts held there
-- under the exception go to their vouched holder, or back to pending.
CREATE FUNCTION rebind_user_shares(p_user uuid) RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    u users;
    first_of_domain boolean;
BEGIN
    SELECT * INTO u FROM users WHERE id = p_user;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    first_of_domain := u.hd IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM users w WHERE w.hd = u.hd AND w.id <> u.id);
    UPDATE shares s SET user_id = h.holder, updated_at = now()
    FROM (SELECT s2.id, share_holder(s2.grantee, s2.created_by) AS holder
          FROM shares s2
          WHERE s2.grantee_kind = 'user'
            AND (s2.grantee = lower(u.email)
                 OR (first_of_domain AND split_part(s2.grantee, '@', 2) = u.hd))
            AND holds_by_address(s2.user_id, s2.grantee)) h
    WHERE s.id = h.id AND s.user_id IS DISTINCT FROM h.holder;
END
$$;

-- Today's bindings are checked once against the rule.
UPDATE shares s SET user_id = share_holder(s.grantee, s.created_by), updated_at = now()
WHERE s.grantee_kind = 'user' AND holds_by_address(s.user_id, s.grantee)
  AND s.user_id IS DISTINCT FROM share_holder(s.grantee, s.created_by);
