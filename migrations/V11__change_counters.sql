-- Change counters: what lets a server reuse a message card's data it read a moment ago.
--
-- The message card reads, for a caller and the addresses on an email, the contacts with those
-- addresses, their newest comments and the caller's labels. A server keeps that result briefly and,
-- before serving it again, reads the counters of everything it depends on: one counter per address
-- (a contact with it was added, edited, deleted or restored, or a comment on one changed), one per
-- user (their `label_access` rows changed: a role, hidden fields, a label's name, access gained or
-- lost) and one per group with shares (a group share changed, or a label it reaches was renamed).
-- The sum is compared with the sum read in the same statement as the data: counters only ever go
-- up and rows are never deleted, so any change between the two reads makes the sums differ.
--
-- A counter is bumped by the writing transaction itself, under its row lock, so the increments of
-- concurrent writers are serialised: a reader can never see a later change without an earlier one
-- (which values from a sequence would allow, as they are not handed out in commit order).
CREATE TABLE change_counters (
    -- 'e:' and a lower-cased address, 'u:' and a user id, or 'g:' and a group address.
    key      text PRIMARY KEY,
    changes  bigint NOT NULL
);

-- Bumps each distinct key once, in key order so that concurrent writers lock rows in one order.
CREATE FUNCTION bump_change_counters(p_keys text[]) RETURNS void
LANGUAGE sql
AS $$
    INSERT INTO change_counters (key, changes)
    SELECT k, 1 FROM (SELECT DISTINCT k FROM unnest(p_keys) k WHERE k IS NOT NULL) d ORDER BY k
    ON CONFLICT (key) DO UPDATE SET changes = change_counters.changes + 1
$$;

-- Contacts: every address a changed contact had or has.
CREATE FUNCTION change_counters_contacts() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM bump_change_counters(ARRAY(SELECT 'e:' || k FROM new_rows, unnest(new_rows.email_keys) k));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM bump_change_counters(ARRAY(
            SELECT 'e:' || k FROM new_rows, unnest(new_rows.email_keys) k
            UNION SELECT 'e:' || k FROM old_rows, unnest(old_rows.email_keys) k));
    ELSE
        PERFORM bump_change_counters(ARRAY(SELECT 'e:' || k FROM old_rows, unnest(old_rows.email_keys) k));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER change_counters_contacts_insert AFTER INSERT ON contacts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION change_counters_contacts();
CREATE TRIGGER change_counters_contacts_update AFTER UPDATE ON contacts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION change_counters_contacts();
CREATE TRIGGER change_counters_contacts_delete AFTER DELETE ON contacts
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION change_counters_contacts();

-- Comments: the addresses of the contact commented on. (A contact deleted with its comments has
-- already bumped its own addresses.)
CREATE FUNCTION change_counters_comments() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM bump_change_counters(ARRAY(
            SELECT 'e:' || k FROM contacts c, unnest(c.email_keys) k
            WHERE c.id IN (SELECT contact_id FROM new_rows)));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM bump_change_counters(ARRAY(
            SELECT 'e:' || k FROM contacts c, unnest(c.email_keys) k
            WHERE c.id IN (SELECT contact_id FROM new_rows UNION SELECT contact_id FROM old_rows)));
    ELSE
        PERFORM bump_change_counters(ARRAY(
            SELECT 'e:' || k FROM contacts c, unnest(c.email_keys) k
            WHERE c.id IN (SELECT contact_id FROM old_rows)));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER change_counters_comments_insert AFTER INSERT ON comments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION change_counters_comments();
CREATE TRIGGER change_counters_comments_update AFTER UPDATE ON comments
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION change_counters_comments();
CREATE TRIGGER change_counters_comments_delete AFTER DELETE ON comments
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION change_counters_comments();

-- label_access: the users whose rows changed. Everything a member's view of a label depends on
-- (role, hidden fields, the label's name, access at all) lives in these rows.
CREATE FUNCTION change_counters_label_access() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM bump_change_counters(ARRAY(SELECT 'u:' || user_id FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM bump_change_counters(ARRAY(
            SELECT 'u:' || user_id FROM new_rows UNION SELECT 'u:' || user_id FROM old_rows));
    ELSE
        PERFORM bump_change_counters(ARRAY(SELECT 'u:' || user_id FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER change_counters_label_access_insert AFTER INSERT ON label_access
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION change_counters_label_access();
CREATE TRIGGER change_counters_label_access_update AFTER UPDATE ON label_access
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION change_counters_label_access();
CREATE TRIGGER change_counters_label_access_delete AFTER DELETE ON label_access
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION change_counters_label_access();

-- Group shares are read from `shares` itself (only the Directory knows who is in a group): the
-- groups of changed group shares.
CREATE FUNCTION change_counters_shares() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM bump_change_counters(ARRAY(
            SELECT 'g:' || grantee FROM new_rows WHERE grantee_kind = 'group'));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM bump_change_counters(ARRAY(
            SELECT 'g:' || grantee FROM new_rows WHERE grantee_kind = 'group'
            UNION SELECT 'g:' || grantee FROM old_rows WHERE grantee_kind = 'group'));
    ELSE
        PERFORM bump_change_counters(ARRAY(
            SELECT 'g:' || grantee FROM old_rows WHERE grantee_kind = 'group'));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER change_counters_shares_insert AFTER INSERT ON shares
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION change_counters_shares();
CREATE TRIGGER change_counters_shares_update AFTER UPDATE ON shares
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION change_counters_shares();
CREATE TRIGGER change_counters_shares_delete AFTER DELETE ON shares
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION change_counters_shares();

-- A renamed label reached through a group share: that group's members see the new name.
-- (Members with `label_access` rows are covered by the rewrite of their rows.)
CREATE FUNCTION change_counters_label_renamed() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM bump_change_counters(ARRAY(
        SELECT 'g:' || s.grantee FROM shares s
        WHERE s.label_id = NEW.id AND s.grantee_kind = 'group'));
    RETURN NULL;
END
$$;

CREATE TRIGGER change_counters_label_renamed AFTER UPDATE OF name ON labels
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION change_counters_label_renamed();
