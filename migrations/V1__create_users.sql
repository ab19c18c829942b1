-- A user is a Google account, keyed by the ID token's `sub`, never by email alone:
-- an address can move from one account to another.
CREATE TABLE users (
    id          uuid PRIMARY KEY,
    google_sub  text NOT NULL UNIQUE,
    email       text NOT NULL,
    hd          text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Shares to an address wait for that person's first request and are found by email then.
CREATE INDEX users_email_idx ON users (lower(email));
