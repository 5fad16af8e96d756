-- The STRICT forms return NULL for a NULL argument; the forms with an
-- explicit policy and calendar return NULL for a NULL case, and take a NULL
-- policy or calendar as "the setting".
SELECT refund_replay(NULL::jsonb) IS NULL AS replay_jsonb, refund_replay(NULL::text) IS NULL AS replay_text,
       refund_replay(NULL::jsonb, '{}') IS NULL AS replay_policy,
       refund_check(NULL::jsonb, now()) IS NULL AS check_case,
       refund_check('{}'::jsonb, NULL) IS NULL AS check_now,
       refund_validate(NULL::text) IS NULL AS validate,
       (SELECT count(*) FROM refund_findings(NULL::jsonb)) = 0 AS findings,
       (SELECT count(*) FROM refund_findings(NULL::text, NULL)) = 0 AS findings_policy,
       refund_quote(NULL, 'quality', 'refund_only', 1) IS NULL AS quote;
SELECT refund_replay(doc, NULL, NULL) = cli AS null_policy_is_setting FROM examples WHERE name = '04-seven-day-refusal-mall';
SELECT refund_quote('c_store', 'quality', 'refund_only', 10, shipping_fee => NULL, insurance => NULL)
       = refund_quote('c_store', 'quality', 'refund_only', 10) AS null_is_default;
-- The aggregate skips NULLs; over no rows it is the empty summary, as
-- refund summary of an empty input.
SELECT refund_summary(v) FROM (VALUES (NULL::jsonb)) t(v);
SELECT refund_summary(v)->'lines' AS lines FROM (SELECT refund_replay(doc) FROM examples
  UNION ALL SELECT NULL) t(v);
