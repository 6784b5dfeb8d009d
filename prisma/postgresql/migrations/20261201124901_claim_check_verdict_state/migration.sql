-- Data only: claim_check rows keep their verdict in "state", so the calls list counts and filters
-- unbacked claims in the query (lib/db/calls.ts). Rows stored before this got no state.
-- (The PostgreSQL twin of the SQLite migration: "payload" is JSON text.)
UPDATE "CallEvent"
SET "state" = "payload"::jsonb ->> 'verdict'
WHERE "type" = 'claim_check' AND "state" IS NULL;
