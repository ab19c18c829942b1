-- Emails that tell people what concerns them: an invitation when a label is shared with them, a
-- mention in a public comment, held deletions and a paused CRM feed for the label's owner.
--
-- They go through an outbox: the request (or the statement that holds deletions or pauses a
-- feed) only writes a row, in its own transaction; a worker sends it later, so an email is never
-- sent for something that rolled back, and never inside a request.

-- The language a user last used Sharebook in (`en`, `it`, ...): their emails are written in it.
ALTER TABLE users ADD COLUMN lang text CHECK (lang IN ('en', 'it', 'fr', 'es', 'de'));

-- A kind of email a user switched off (a row per kind; none means every kind is on).
CREATE TABLE email_opt_outs (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('invitation', 'mention', 'held_deletions', 'feed_paused')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, kind)
);

CREATE TABLE email_outbox (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind           text NOT NULL CHECK (kind IN ('invitation', 'mention', 'held_deletions', 'feed_paused')),
    -- Lower-cased; a Google Group's address for a share with a group (the group delivers it).
    recipient      text NOT NULL CHECK (recipient = lower(recipient) AND recipient LIKE '%_@_%'),
    -- Whose action it tells of; the email is sent as them through the Gmail API.
    sender_id      uuid REFERENCES users (id) ON DELETE CASCADE,
    label_id       uuid REFERENCES labels (id) ON DELETE CASCADE,
    -- What the email says besides the label: the role, the comment, how many deletions...
    payload        jsonb NOT NULL DEFAULT '{}',
    -- The sender's language, for a recipient who never used Sharebook.
    lang           text NOT NULL DEFAULT 'en' CHECK (lang IN ('en', 'it', 'fr', 'es', 'de')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    -- Rows of one recipient, kind and sender that are due together make one email: a burst of
    -- shares within the window is one invitation listing them all.
    due_at         timestamptz NOT NULL DEFAULT now() + interval '1 minute',
    -- A worker's claim while it sends; a claim that lapses (the worker died) is taken again.
    claimed_until  timestamptz,
    attempts       integer NOT NULL DEFAULT 0,
    last_error     text,
    sent_at        timestamptz,
    -- Given up after too many failures, or not sent because the recipient switched it off.
    dropped        text CHECK (dropped IN ('opted_out', 'failed', 'nobody'))
);

CREATE INDEX email_outbox_due_idx ON email_outbox (due_at) WHERE sent_at IS NULL AND dropped IS NULL;
CREATE INDEX email_outbox_group_idx ON email_outbox (recipient, kind, sender_id)
    WHERE sent_at IS NULL AND dropped IS NULL;
CREATE INDEX email_outbox_sent_idx ON email_outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Held deletions tell the label's owner, in the same transaction that holds them.
CREATE FUNCTION email_held_deletions() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO email_outbox (kind, recipient, sender_id, label_id, payload, lang)
    SELECT 'held_deletions', lower(o.email), NEW.member_id, l.id,
           jsonb_build_object('count', cardinality(NEW.contact_ids), 'member', m.email),
           COALESCE(o.lang, 'en')
    FROM labels l
    JOIN users o ON o.id = l.owner_id
    JOIN users m ON m.id = NEW.member_id
    WHERE l.id = NEW.label_id;
    RETURN NEW;
END
$$;

CREATE TRIGGER held_deletions_email AFTER INSERT ON held_deletions
    FOR EACH ROW EXECUTE FUNCTION email_held_deletions();

-- A feed that pauses (its CRM refused the credentials) tells the owner who connected it.
CREATE FUNCTION email_feed_paused() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state = 'paused' AND OLD.state IS DISTINCT FROM 'paused' THEN
        INSERT INTO email_outbox (kind, recipient, sender_id, label_id, payload, lang, due_at)
        SELECT 'feed_paused', lower(u.email), NEW.connected_by, NEW.label_id,
               jsonb_build_object('account', NEW.account_name,
                                  'reason', COALESCE(NEW.paused_reason, '')),
               COALESCE(u.lang, 'en'), now()
        FROM users u WHERE u.id = NEW.connected_by;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER crm_feeds_paused_email AFTER UPDATE OF state ON crm_feeds
    FOR EACH ROW EXECUTE FUNCTION email_feed_paused();
