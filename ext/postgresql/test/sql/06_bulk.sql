-- 10,000 histories of the bench generator (test/run.sh), judged in SQL.
SELECT count(*) AS histories, sum(jsonb_array_length(refund_replay(h)->'findings')) AS findings FROM bench;
SELECT count(*) AS findings FROM bench, refund_findings(h);
SELECT code, count(*) FROM bench, refund_findings(h) GROUP BY code ORDER BY code;
-- Each verdict is the command line's (refund replay --ndjson, less its
-- "line"), to the text: numbers and strings written alike.
SELECT count(*) AS verdicts, count(*) FILTER (WHERE refund_replay(b.h)::text = (c.v - 'line')::text) AS same_text
  FROM bench b JOIN bench_cli c USING (id);
-- The summary, serial, equals the command line's (refund replay --ndjson | refund summary).
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial AS SELECT refund_summary(refund_replay(h)) AS s FROM bench;
SELECT s = (SELECT s FROM cli_summary) AS serial_equals_cli, s->'lines' AS lines, s->'findings' AS findings,
       s->'overpaid' AS overpaid, s->'short_changed' AS short_changed FROM serial;
-- Verdicts kept in a table and summed up later: the same summary.
CREATE TABLE verdicts AS SELECT refund_replay(h) AS v FROM bench;
-- Each verdict's jsonb is the one jsonb_in makes of its text, to the byte
-- (jsonb_text.c writes the binary form itself): a binary cast shows the
-- datum as it is.
CREATE CAST (jsonb AS bytea) WITHOUT FUNCTION;
SELECT count(*) AS verdicts, count(*) FILTER (WHERE v::bytea = v::text::jsonb::bytea) AS same_bytes FROM verdicts;
DROP CAST (jsonb AS bytea);
SELECT refund_summary(v) = (SELECT s FROM cli_summary) AS stored_equals_cli FROM verdicts;
-- The same under a parallel plan: two workers, each a partial aggregate,
-- combined by the leader from their serialized states.
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT refund_summary(refund_replay(h)) FROM bench;
CREATE FUNCTION workers_launched(q text) RETURNS int LANGUAGE plpgsql AS $$
DECLARE plan jsonb;
BEGIN
  EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || q INTO plan;
  RETURN (SELECT max((n->>'Workers Launched')::int) FROM jsonb_path_query(plan, 'strict $.**') n
           WHERE jsonb_typeof(n) = 'object' AND n ? 'Workers Launched');
END $$;
SELECT workers_launched('SELECT refund_summary(refund_replay(h)) FROM bench') AS workers;
CREATE TABLE parallel AS SELECT refund_summary(refund_replay(h)) AS s FROM bench;
SELECT p.s = s.s AS parallel_equals_serial, p.s = (SELECT s FROM cli_summary) AS parallel_equals_cli
  FROM parallel p, serial s;
-- Per group, in parallel: the groups merged add up to the whole.
SELECT (SELECT sum((s->>'findings')::int) FROM (SELECT refund_summary(refund_replay(h)) AS s FROM bench
          GROUP BY id % 7) g) = (SELECT (s->>'findings')::int FROM serial) AS groups_add_up;
RESET ALL;
