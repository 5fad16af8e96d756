-- Bad input raises an ERROR with a fitting SQLSTATE and the library's
-- message; never a crash. err() runs a statement and shows what it raised.
CREATE FUNCTION err(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE detail text;
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
  RETURN SQLSTATE || ': ' || SQLERRM || coalesce(' / ' || nullif(detail, ''), '');
END $$;
-- The line and column of an error in a jsonb case are those of its text,
-- doc::text (columns count bytes): what is there is shown next to the
-- message. Escaped strings, UTF-8 and numbers (days) come before the mistakes.
CREATE FUNCTION text_at_error(doc jsonb) RETURNS text LANGUAGE sql AS $$
  SELECT convert_from(substr(convert_to(doc::text, 'UTF8'),
                             substring(refund_validate(doc) FROM 'column ([0-9]+)\)$')::int, 16), 'UTF8') $$;
CREATE TABLE odd AS
  SELECT jsonb_set(doc::jsonb, '{events,2,tracking}', to_jsonb(E'a"b\\c\n\t' || chr(1) || '/é')) AS doc
  FROM examples WHERE name = '01-free-shipping-c-store';
SELECT refund_validate(d) AS message, text_at_error(d) AS text_there
  FROM (SELECT jsonb_insert(doc, '{events,5}', '{"id": "e6", "at": "2024-06-25T20:00:00+08:00", "actor": "nobody", "type": "paid"}') FROM odd
        UNION ALL SELECT jsonb_set(doc, '{events,4,amount}', '80.50') FROM odd
        UNION ALL SELECT jsonb_set(doc::jsonb, '{events,-1,actor}', '"nobody"') FROM examples
                  WHERE name = '06-return-shipped-too-late-mt') t(d);
-- The same of a case of 600 kB of text (150 events with long notes), which
-- the extension reads another way and does not keep the memory of: its
-- verdict and its mistake's position are those of its text.
CREATE TABLE big AS
  SELECT jsonb_set(d, '{events}', (d->'events') - 12 - 11 - 10 ||
           (SELECT jsonb_agg(jsonb_build_object('id', 'x' || i, 'at', '2024-06-10T15:00:00+08:00', 'actor', 'buyer',
                                                'type', 'evidence_submitted', 'evidence', 'chat_log', 'note', repeat('证', 1300)))
              FROM generate_series(1, 150) i) || jsonb_build_array(d->'events'->12)) AS doc
  FROM (SELECT doc::jsonb AS d FROM examples WHERE name = '10-intervention-ruled-for-buyer-mall') e;
SELECT octet_length(doc::text) AS bytes, refund_replay(doc) = refund_replay(doc::text) AS same_verdict,
       refund_validate(doc) IS NULL AS valid FROM big;
SELECT refund_validate(bad) AS message, refund_validate(bad) = refund_validate(bad::text) AS same_message
  FROM (SELECT jsonb_set(doc, '{events,-1,actor}', '"nobody"') AS bad FROM big) b;
-- 22P02 invalid_text_representation: malformed JSON.
SELECT err($$SELECT refund_replay('{"schema": "refund-case/1", "order": ')$$);
SELECT err($$SELECT refund_replay('not json'::text)$$);
SELECT err($$SELECT refund_replay('not json'::jsonb)$$);
-- 22023 invalid_parameter_value: an invalid case.
SELECT err($$SELECT refund_replay('{"schema": "refund-case/1", "order": {}, "events": []}')$$);
SELECT err($$SELECT refund_replay('{"schema": "refund-case/1", "order": {"id": "A"}, "events": [{"id": "e1"}]}'::jsonb)$$);
SELECT err($$SELECT refund_check('[1, 2]', now())$$);
SELECT err($$SELECT * FROM refund_findings('{"schema": "refund-case/2"}')$$);
SELECT err($$SELECT refund_quote('mall', 'no_reason', 'teleport', 10)$$);
SELECT err($$SELECT refund_quote('mall', 'no_reason', 'refund_only')$$);
SELECT err($$SELECT refund_quote('mall', 'no_reason', 'refund_only', -1)$$);
SELECT err($$SELECT refund_quote('mall', 'no_reason', 'refund_only', 1.005)$$);
SELECT err($$SELECT refund_quote('mall', 'no_reason', 'refund_only', 'NaN')$$);
-- 22003: an amount above the largest accepted.
SELECT err($$SELECT refund_quote('mall', 'no_reason', 'refund_only', 100000000000)$$);
-- 22008: a working-day deadline outside the calendar.
SELECT err($$SELECT refund_replay(doc, NULL, '{"holidays": {"2030-01-01": "x"}, "workdays": {}}')
              FROM examples WHERE name = '13-not-received-national-day-c-store'$$);
SET refund.calendar = '{"holidays": {"2030-01-01": "New Year"}, "workdays": {}}';
SELECT err($$SELECT refund_replay(doc) FROM examples WHERE name = '13-not-received-national-day-c-store'$$);
-- A calendar argument wins over the setting: one covering 2020 to 2030.
SELECT refund_replay(doc, NULL, '{"holidays": {"2020-01-01": "x", "2030-01-01": "y"}, "workdays": {}}')->>'order' AS judged
  FROM examples WHERE name = '13-not-received-national-day-c-store';
RESET refund.calendar;
SELECT err($$SELECT refund_check(doc, 'infinity') FROM examples WHERE name = '01-free-shipping-c-store'$$);
-- 54000 program_limit_exceeded: the library's limits (docs/limits.md).
SELECT err($$SELECT refund_replay(repeat('[', 100000))$$);
-- Settings are checked when set (22023), and keep their value on error.
SELECT err($$SET refund.policy = '{"ship_hours": -1}'$$);
SELECT err($$SET refund.policy = '{"no_such_key": 1}'$$);
SELECT err($$SET refund.policy = '{'$$);
SELECT err($$SET refund.calendar = '{"holidays": {}}'$$);
SELECT err($$SET refund.nothing = 1$$);
SHOW refund.policy;
-- An explicit policy or calendar is checked too.
SELECT err($$SELECT refund_replay(doc, '{"ship_hours": "72"}') FROM examples LIMIT 1$$);
SELECT err($$SELECT refund_replay(doc, NULL, '{"holidays": {"2024-02-30": "x"}, "workdays": {}}') FROM examples LIMIT 1$$);
-- The aggregate refuses what is not a verdict.
SELECT err($$SELECT refund_summary(x) FROM (VALUES ('{"a": 1}'::jsonb)) v(x)$$);
-- After all these errors the session works, and nothing was left behind.
SELECT refund_replay(doc)->>'order' AS still_works FROM examples WHERE name = '01-free-shipping-c-store';
SELECT count(*) AS refund_contexts_left FROM pg_backend_memory_contexts WHERE name LIKE 'refund call%';
