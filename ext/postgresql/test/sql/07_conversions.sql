-- jsonb_text.c's two conversions on strings of every kind. A case's order
-- id comes back in its verdict, so each id below goes through both: the
-- case's jsonb printed for the library, the verdict's text read into
-- jsonb. Escapes of every kind jsonb_in takes, non-ASCII text, and lengths
-- about the 16- and 32-byte blocks the two copy strings in.
CREATE TABLE ids (id text);
INSERT INTO ids VALUES
  ('a"b\c' || E'\n' || 'd' || E'\t' || 'e' || chr(1) || 'f/g' || E'\r\b\f' || chr(31) || chr(127)),
  ('"'), (E'\\'), (E'\n'), ('x'), ('订单'), ('订单号：' || repeat('一二三四五六七八九十', 4)), ('TB😀00000001'),
  (repeat('x', 15)), (repeat('x', 16)), (repeat('x', 17)), (repeat('y', 28)), (repeat('y', 29)),
  (repeat('y', 31)), (repeat('y', 32)), (repeat('y', 33)), (repeat('z', 64) || '"'), (repeat('z', 500)),
  (repeat('q', 15) || '"'), (repeat('q', 16) || '\'), (repeat('q', 30) || E'\n' || 'q');
CREATE TABLE odd_ids AS
  SELECT i.id, jsonb_set(e.doc::jsonb, '{order,id}', to_jsonb(i.id)) AS doc
    FROM ids i, examples e WHERE e.name = '01-free-shipping-c-store';
-- Each id comes back as it went in; the verdict is the same judged from
-- the case's text (which PostgreSQL prints, not jsonb_text.c), and its
-- jsonb is jsonb_in's, to the byte.
CREATE CAST (jsonb AS bytea) WITHOUT FUNCTION;
SELECT count(*) AS cases,
       count(*) FILTER (WHERE refund_replay(doc)->>'order' = id) AS same_id,
       count(*) FILTER (WHERE refund_replay(doc) = refund_replay(doc::text)) AS same_from_text,
       count(*) FILTER (WHERE refund_replay(doc)::bytea = refund_replay(doc)::text::jsonb::bytea) AS same_bytes
  FROM odd_ids;
-- The same, the verdicts interleaved with the bench's (whose objects of
-- each kind the reader has seen before, in other sequences of keys).
SELECT count(*) AS verdicts, count(*) FILTER (WHERE v::bytea = v::text::jsonb::bytea) AS same_bytes
  FROM (SELECT refund_replay(doc) AS v FROM (SELECT doc FROM odd_ids UNION ALL (SELECT h FROM bench LIMIT 200)) d) s;
DROP CAST (jsonb AS bytea);
