-- The extension, and the data test/run.sh wrote with the command line.
CREATE EXTENSION refund;
\getenv data RF_PG_DATA
\set examples :data '/examples.csv'
\set cli :data '/cli.csv'
\set bench :data '/bench.ndjson'
\set summary :data '/bench-summary.json'
\set verdicts :data '/bench-verdicts.ndjson'
\set vat13 :data '/policy-vat-13.json'
-- One JSON document per line: CSV with a quote and a delimiter no JSON text
-- holds, so COPY unescapes nothing (text format would eat backslashes). The
-- server reads the files: run.sh made them readable to it.
CREATE TABLE examples (name text PRIMARY KEY, doc text, cli jsonb);
COPY examples FROM :'examples' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02');
CREATE TABLE cli (key text PRIMARY KEY, answer jsonb);
COPY cli FROM :'cli' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02');
CREATE TABLE bench (id serial, h jsonb);
COPY bench (h) FROM :'bench' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02');
CREATE TABLE bench_cli (id serial, v jsonb);
COPY bench_cli (v) FROM :'verdicts' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02');
CREATE TABLE cli_summary (s jsonb);
COPY cli_summary FROM :'summary' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02');
CREATE TABLE policies (name text, policy jsonb);
COPY policies (policy) FROM :'vat13' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02');
UPDATE policies SET name = 'vat-13';
SELECT (SELECT count(*) FROM examples) AS examples, (SELECT count(*) FROM cli) AS answers,
       (SELECT count(*) FROM bench) AS histories,
       (SELECT count(*) FROM bench_cli) AS cli_verdicts, (SELECT count(*) FROM cli_summary) AS summaries;
-- The functions load the refund.so of the tree under test (test/server.sh),
-- not one that another tree installed in $libdir.
SELECT DISTINCT probin FROM pg_proc WHERE probin LIKE '%refund';
-- Every function is STABLE and PARALLEL SAFE.
SELECT p.oid::regprocedure AS function, provolatile, proparallel, proisstrict
  FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'refund'
 ORDER BY p.oid::regprocedure::text;
