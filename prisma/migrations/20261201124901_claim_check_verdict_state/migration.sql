-- Data only: claim_check rows keep their verdict in "state", so the calls list counts and filters
-- unbacked claims in the query (lib/db/calls.ts). Rows stored before this got no state.
UPDATE "CallEvent"
SET "state" = json_extract("payload", '$.verdict')
WHERE "type" = 'claim_check' AND "state" IS NULL;
