SET timezone = 'Asia/Shanghai';
-- refund_check: where a case stands at an instant, as refund check --now.
SELECT refund_check(doc::jsonb, '2024-06-25T10:00:00+08:00') = (SELECT answer FROM cli WHERE key = 'check-01') AS same_as_cli,
       refund_check(doc, '2024-06-25T10:00:00.999+08:00') = (SELECT answer FROM cli WHERE key = 'check-01') AS seconds_only
  FROM examples WHERE name = '01-free-shipping-c-store';
SELECT v->'refund'->>'state' AS refund, d->>'id' AS deadline, d->>'actor' AS actor, d->>'due' AS due
  FROM examples, refund_check(doc, '2024-06-25T10:00:00+08:00') v, jsonb_array_elements(v->'deadlines') d
 WHERE name = '01-free-shipping-c-store';
-- refund_findings: typed columns.
SELECT * FROM refund_findings((SELECT doc FROM examples WHERE name = '17-amount-mismatch-c-store'));
SELECT code, event, at, due FROM refund_findings((SELECT doc::jsonb FROM examples WHERE name = '12-late-shipment-c-store'));
SELECT pg_typeof(expected), pg_typeof(at) FROM refund_findings((SELECT doc FROM examples WHERE name = '17-amount-mismatch-c-store'));
-- refund_quote: what refund quote --format json settles.
SELECT refund_quote('mall', 'no_reason', 'return_refund', amount => 99.99, after_success => true,
                    invoice_kept => true) = (SELECT answer FROM cli WHERE key = 'quote-mall') AS mall;
SELECT refund_quote('c_store', 'quality', 'return_refund', item => 88, free_shipping => true,
                    seller_shipping_cost => 8.00) = (SELECT answer FROM cli WHERE key = 'quote-cstore') AS c_store;
SELECT refund_quote('mall', 'no_reason', 'return_refund', amount => 99.99, after_success => true,
                    invoice_kept => true)->'deductions' AS deductions;
-- "88.500" is 88.50; the amount is exact, never through a float.
SELECT refund_quote('c_store', 'quality', 'refund_only', amount => 88.500)->>'refund' AS exact,
       refund_quote('c_store', 'quality', 'refund_only', amount => 99999999999.99)->>'refund' AS largest;
-- The policy: the setting, and an explicit argument, which wins.
SET refund.policy = '{"invoice_tax_bp": 1300}';
SHOW refund.policy;
SELECT refund_quote('mall', 'no_reason', 'return_refund', amount => 99.99, after_success => true,
                    invoice_kept => true) = (SELECT answer FROM cli WHERE key = 'quote-mall-vat13') AS setting;
SELECT refund_quote('mall', 'no_reason', 'return_refund', amount => 99.99, after_success => true,
                    invoice_kept => true, policy => '{"invoice_tax_bp": 1700}')
       = (SELECT answer FROM cli WHERE key = 'quote-mall') AS argument_wins;
RESET refund.policy;
SELECT refund_quote('mall', 'no_reason', 'return_refund', amount => 99.99, after_success => true,
                    invoice_kept => true, policy => (SELECT policy FROM policies WHERE name = 'vat-13'))
       = (SELECT answer FROM cli WHERE key = 'quote-mall-vat13') AS argument;
-- A policy changes verdicts too: a shorter answer time for the seller.
SELECT d->>'due' AS due_default FROM examples, jsonb_array_elements(refund_replay(doc)->'deadlines') d
 WHERE name = '01-free-shipping-c-store' AND d->>'id' = 'seller_response';
SELECT d->>'due' AS due_policy FROM examples,
       jsonb_array_elements(refund_replay(doc, '{"seller_agree_shipped_days": 1}')->'deadlines') d
 WHERE name = '01-free-shipping-c-store' AND d->>'id' = 'seller_response';
SET refund.policy = '{"seller_agree_shipped_days": 2}';
SELECT d->>'due' AS due_setting FROM examples, jsonb_array_elements(refund_replay(doc)->'deadlines') d
 WHERE name = '01-free-shipping-c-store' AND d->>'id' = 'seller_response';
RESET refund.policy;
-- refund_validate: NULL when valid, else the message with field and position.
SELECT refund_validate('{"schema": "refund-case/1", "order": {}, "events": []}'::text);
SELECT refund_validate('{"schema": "refund-case/1",
  "order": {"id": "A", "channel": "nowhere"}, "events": []}'::text);
SELECT refund_validate('{"schema": "refund-case/1", "order": ');
SELECT refund_validate('{"schema": "refund-case/1", "order": {"id": "A"}, "events": [{"id": "e1"}]}'::jsonb);
