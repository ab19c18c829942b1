-- Change counters: what lets a server reuse a message card it rendered a moment ago.
--
-- The message card shows, for a caller and the addresses on an email, the contacts with those
-- addresses, their newest comments and the caller's labels. A server keeps the rendered card briefly
-- and, before serving it again, reads the counters of everything it depends on: one counter per
-- address (a contact with it was added, edited, deleted or restored), one per contact shown (a
-- comment on it was added, edited or removed), one per user (their `label_access` rows changed: a
-- role, hidden fields, a label's name, access gained or lost) and one per group with shares (a group
-- share changed, or a label it reaches was renamed). The sum is compared with the sum read in the same statement as the card's data: counters
-- only ever go up and rows are never deleted, so any change between the two reads makes the sums
-- differ.
--
-- A counter is bumped by the writing transaction itself, under its row lock, so the increments of
-- concurrent writers are serialised: a reader can never see a later change without an earlier one
-- (which values from a sequence would allow, as they are not handed out in commit order).
--
-- Counters must never go down. TRUNCATE fires none of these triggers (only the benchmarks truncate),
-- and a database restored to an earlier point has lower counters: restart the servers after a
-- restore, which empties their caches.
CREATE TABLE change_counters (
    -- 'e:' and a lower-cased address, 'c:' and a contact id, 'u:' and a user id, or 'g:' and a
    -- group address.
    key      text PRIMARY KEY,
    changes  bigint NOT NULL
);

-- Bumps each distinct key once, in key order, so that two calls lock their common rows in the same
-- order. Across calls in one transaction there is no such order; what keeps that from deadlocking
-- is that a transaction bumps its addresses in one call (a contact write is one statement on one
-- contact; a label's deletion removes its contacts in one cascade), its contacts' comment keys in
-- one call (a comment write is one statement), and every user and group bump happens under the
-- `label_access` lock, which serialises them. Writers of several contacts in several statements (a
-- bulk import) must keep this in mind.
-- PL/pgSQL rather than SQL: it keeps the statement's plan for the session, where a SQL function
-- plans it on every call (that cost a comment insert 55% of its throughput, against 21-32% now).
CREATE FUNCTION bump_change_counters(p_keys text[]) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO change_counters (key, changes)
    SELECT k, 1 FROM (SELECT DISTINCT k FROM unnest(p_keys) k WHERE k IS NOT NULL) d ORDER BY k
    ON CONFLICT (key) DO UPDATE SET changes = change_counters.changes + 1;
END
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

-- Comments: the contact commented on ('c:' and its id). A card adds the keys of the contacts it
-- shows to its own. (Bumping the contact's addresses instead would mean reading the contact, and a
-- comment edit racing the addition of an address would bump only the old ones.)
CREATE FUNCTION change_counters_comments() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM bump_change_counters(ARRAY(SELECT 'c:' || contact_id FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM bump_change_counters(ARRAY(
            SELECT 'c:' || contact_id FROM new_rows UNION SELECT 'c:' || contact_id FROM old_rows));
    ELSE
        PERFORM bump_change_counters(ARRAY(SELECT 'c:' || contact_id FROM old_rows));
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
