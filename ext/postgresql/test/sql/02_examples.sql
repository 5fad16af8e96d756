-- Every example's verdict equals the command line's (refund replay --format
-- json), as jsonb, from the case as jsonb and as text, and written alike.
SELECT count(*) AS examples,
       count(*) FILTER (WHERE refund_replay(doc::jsonb) = cli) AS jsonb_equal,
       count(*) FILTER (WHERE refund_replay(doc) = cli) AS text_equal,
       count(*) FILTER (WHERE refund_replay(doc)::text = cli::text) AS same_text,
       count(*) FILTER (WHERE jsonb_array_length(cli->'findings') > 0) AS with_findings
  FROM examples;
SELECT name FROM examples WHERE refund_replay(doc::jsonb) IS DISTINCT FROM cli ORDER BY name;
-- refund_findings gives one row per finding of the verdict, with its fields.
SELECT e.name FROM examples e
 WHERE (SELECT count(*) FROM refund_findings(e.doc::jsonb)) <> jsonb_array_length(e.cli->'findings')
    OR EXISTS (SELECT 1 FROM refund_findings(e.doc) WITH ORDINALITY f(code, event, at, actor, type, expected,
                                                                      actual, delta, due, seed, n)
                 JOIN LATERAL (SELECT e.cli->'findings'->(f.n::int - 1) AS j) x ON true
                WHERE f.code IS DISTINCT FROM j->>'code' OR f.event IS DISTINCT FROM j->>'event'
                   OR f.at IS DISTINCT FROM (j->>'at')::timestamptz OR f.actor IS DISTINCT FROM j->>'actor'
                   OR f.type IS DISTINCT FROM j->>'type' OR f.seed IS DISTINCT FROM j->>'seed'
                   OR f.expected IS DISTINCT FROM (j->>'expected')::numeric
                   OR f.actual IS DISTINCT FROM (j->>'actual')::numeric
                   OR f.delta IS DISTINCT FROM (j->>'delta')::numeric
                   OR f.due IS DISTINCT FROM (j->>'due')::timestamptz);
-- Every valid example is valid.
SELECT count(*) FILTER (WHERE refund_validate(doc) IS NULL) AS valid_text,
       count(*) FILTER (WHERE refund_validate(doc::jsonb) IS NULL) AS valid_jsonb
  FROM examples;
