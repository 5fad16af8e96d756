-- refund 1.0: librefund's refund rules as SQL functions (docs/postgresql.md).
\echo Use "CREATE EXTENSION refund" to load this file. \quit

-- Every function reads the settings refund.policy and refund.calendar, so
-- they are STABLE, and PARALLEL SAFE: the library keeps no global state.
-- Each function over a case takes it as jsonb or as text (text keeps the
-- document's own lines and columns in error messages). The one-argument
-- forms are STRICT; the forms with an explicit policy and calendar (jsonb;
-- NULL means the setting) return NULL for a NULL case.

CREATE FUNCTION refund_replay(doc jsonb) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'refund_replay_jsonb' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION refund_replay(doc text) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'refund_replay_text' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION refund_replay(doc jsonb, policy jsonb, calendar jsonb DEFAULT NULL) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'refund_replay_jsonb' LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION refund_replay(doc text, policy jsonb, calendar jsonb DEFAULT NULL) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'refund_replay_text' LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION refund_replay(jsonb) IS
  'the verdict of a case as of its last event, as refund replay --format json writes it';

CREATE FUNCTION refund_check(doc jsonb, now timestamptz) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'refund_check_jsonb' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION refund_check(doc text, now timestamptz) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'refund_check_text' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION refund_check(doc jsonb, now timestamptz, policy jsonb, calendar jsonb DEFAULT NULL) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'refund_check_jsonb' LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION refund_check(doc text, now timestamptz, policy jsonb, calendar jsonb DEFAULT NULL) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'refund_check_text' LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION refund_check(jsonb, timestamptz) IS
  'the verdict of a case at instant now (to the second), as refund check --now --format json writes it';

CREATE FUNCTION refund_findings(doc jsonb,
    OUT code text, OUT event text, OUT at timestamptz, OUT actor text, OUT type text,
    OUT expected numeric(15,2), OUT actual numeric(15,2), OUT delta numeric(15,2),
    OUT due timestamptz, OUT seed text) RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'refund_findings_jsonb' LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 2;
CREATE FUNCTION refund_findings(doc text,
    OUT code text, OUT event text, OUT at timestamptz, OUT actor text, OUT type text,
    OUT expected numeric(15,2), OUT actual numeric(15,2), OUT delta numeric(15,2),
    OUT due timestamptz, OUT seed text) RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'refund_findings_text' LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 2;
CREATE FUNCTION refund_findings(doc jsonb, policy jsonb, calendar jsonb DEFAULT NULL,
    OUT code text, OUT event text, OUT at timestamptz, OUT actor text, OUT type text,
    OUT expected numeric(15,2), OUT actual numeric(15,2), OUT delta numeric(15,2),
    OUT due timestamptz, OUT seed text) RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'refund_findings_jsonb' LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE ROWS 2;
CREATE FUNCTION refund_findings(doc text, policy jsonb, calendar jsonb DEFAULT NULL,
    OUT code text, OUT event text, OUT at timestamptz, OUT actor text, OUT type text,
    OUT expected numeric(15,2), OUT actual numeric(15,2), OUT delta numeric(15,2),
    OUT due timestamptz, OUT seed text) RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'refund_findings_text' LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE ROWS 2;
COMMENT ON FUNCTION refund_findings(jsonb) IS
  'the findings of a case''s replay, one row each; money (expected, actual, delta = actual - expected) only for findings that judge money';

CREATE FUNCTION refund_validate(doc jsonb) RETURNS text
  AS 'MODULE_PATHNAME', 'refund_validate_jsonb' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION refund_validate(doc text) RETURNS text
  AS 'MODULE_PATHNAME', 'refund_validate_text' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION refund_validate(text) IS
  'NULL when the case is valid (refund validate), else the library''s message with field and position';

CREATE FUNCTION refund_quote(channel text, reason text, kind text,
    amount numeric DEFAULT NULL, item numeric DEFAULT NULL,
    shipping_fee numeric DEFAULT 0, free_shipping boolean DEFAULT false,
    seller_shipping_cost numeric DEFAULT 0, return_postage numeric DEFAULT 0,
    insurance text DEFAULT 'none', after_success boolean DEFAULT false,
    resellable boolean DEFAULT true, invoice_kept boolean DEFAULT false,
    order_note_made boolean DEFAULT false, policy jsonb DEFAULT NULL) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'refund_quote' LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION refund_quote IS
  'the settlement of a request, as refund quote --format json writes it';

-- refund_summary(verdict): the refund-summary/1 of the verdicts, as
-- `refund summary` writes it. A parallel aggregate: each worker counts its
-- rows into an rf_summary, sends it as its NDJSON text (bytea), and the
-- leader reads and merges them (exact: integer counters only).
CREATE FUNCTION refund_summary_add(internal, jsonb) RETURNS internal
  AS 'MODULE_PATHNAME' LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION refund_summary_combine(internal, internal) RETURNS internal
  AS 'MODULE_PATHNAME' LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION refund_summary_serialize(internal) RETURNS bytea
  AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION refund_summary_deserialize(bytea, internal) RETURNS internal
  AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION refund_summary_final(internal) RETURNS jsonb
  AS 'MODULE_PATHNAME' LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;

CREATE AGGREGATE refund_summary(verdict jsonb) (
  SFUNC = refund_summary_add,
  STYPE = internal,
  FINALFUNC = refund_summary_final,
  COMBINEFUNC = refund_summary_combine,
  SERIALFUNC = refund_summary_serialize,
  DESERIALFUNC = refund_summary_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE refund_summary(jsonb) IS
  'the refund-summary/1 of the verdicts (NULLs skipped; no rows: the empty summary), as refund summary writes it';
