CREATE TABLE comments (
    id          uuid PRIMARY KEY,
    contact_id  uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    author_id   uuid NOT NULL REFERENCES users (id),
    -- Public comments are seen by everyone who can see the label; private ones by their author only.
    is_public   boolean NOT NULL,
    body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    created_at  timestamptz NOT NULL DEFAULT now(),
    edited_at   timestamptz,
    deleted_at  timestamptz
);

CREATE INDEX comments_contact_idx ON comments (contact_id, created_at) WHERE deleted_at IS NULL;

CREATE TABLE comment_mentions (
    comment_id  uuid NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES users (id),
    PRIMARY KEY (comment_id, user_id)
);

CREATE INDEX comment_mentions_user_idx ON comment_mentions (user_id);
