#!/bin/sh
# make -C ext/postgresql check: the extension (installed by `make install`)
# against a real server. A throwaway cluster (test/server.sh), the data the
# tests compare with written by the command line into a directory the
# tests COPY from (RF_PG_DATA; readable by the server), then pg_regress with the SQL tests of
# test/sql/ and their expected output in test/expected/. The cluster is
# stopped even when a test fails.
set -eu
HERE=$(cd "$(dirname "$0")/.." && pwd)
cd "$HERE"
. test/server.sh
REFUND=$TOP/build/bin/refund
GEN=$TOP/build/bench/gen
DATA=$PGTMP/files
mkdir -p "$DATA"

# \x02 between the columns of a row (COPY ... FORMAT csv, DELIMITER e'\x02',
# QUOTE e'\x01': neither byte can appear in JSON text, so nothing is escaped).
d=$(printf '\002')
one_line() { tr -d '\n' < "$1"; }

# Every example with the command line's verdict.
for f in "$TOP"/examples/[0-9][0-9]-*.json; do
  case $f in *.expected.json) continue;; esac
  "$REFUND" replay --lang en --format json "$f" > "$DATA/v.json" || [ $? = 1 ]
  printf '%s%s%s%s%s\n' "$(basename "$f" .json)" "$d" "$(one_line "$f")" "$d" "$(one_line "$DATA/v.json")"
done > "$DATA/examples.csv"

# What the command line answers to the questions the tests ask.
cli() { key=$1; shift; "$@" > "$DATA/out.json" || [ $? = 1 ]; printf '%s%s%s\n' "$key" "$d" "$(one_line "$DATA/out.json")"; }
{
  cli check-01 "$REFUND" check "$TOP/examples/01-free-shipping-c-store.json" --now 2024-06-25T10:00:00+08:00 --lang en --format json
  cli quote-mall "$REFUND" quote --channel mall --reason no_reason --kind return_refund --amount 99.99 \
      --after-success --invoice-kept --lang en --format json
  cli quote-mall-vat13 "$REFUND" quote --policy "$TOP/examples/policy-vat-13.json" --channel mall \
      --reason no_reason --kind return_refund --amount 99.99 --after-success --invoice-kept --lang en --format json
  cli quote-cstore "$REFUND" quote --channel c_store --reason quality --kind return_refund --item 88 \
      --free-shipping --seller-postage 8 --lang en --format json
} > "$DATA/cli.csv"

# 10,000 histories of the bench generator, and the command line's summary.
"$GEN" 10000 > "$DATA/bench.ndjson" 2>/dev/null
"$REFUND" replay --lang en --ndjson "$DATA/bench.ndjson" > "$DATA/bench-verdicts.ndjson" || [ $? = 1 ]
"$REFUND" summary "$DATA/bench-verdicts.ndjson" | tr -d '\n' > "$DATA/bench-summary.json"
echo >> "$DATA/bench-summary.json"
one_line "$TOP/examples/policy-vat-13.json" > "$DATA/policy-vat-13.json"; echo >> "$DATA/policy-vat-13.json"
chmod -R a+rX "$PGTMP"

server_start
export RF_PG_DATA="$DATA"
out=$TOP/build/pg
rm -rf "$out" && mkdir -p "$out"
tests=$(cd test/sql && ls *.sql | sed 's/\.sql$//' | sort)
# shellcheck disable=SC2086
if "$("$PG_CONFIG" --pkglibdir)/pgxs/src/test/regress/pg_regress" --inputdir=test --outputdir="$out" \
     --bindir="$PGBIN" --dbname=refund_regress $tests; then
  echo "ok - ext/postgresql: $(echo $tests | wc -w) SQL test files pass against PostgreSQL $("$PG_CONFIG" --version | sed 's/^PostgreSQL //')"
else
  [ ! -f "$out/regression.diffs" ] || head -200 "$out/regression.diffs"
  echo "not ok - ext/postgresql: SQL tests failed (diffs in $out/regression.diffs; server log follows)"
  tail -20 "$PGTMP/server.log"
  exit 1
fi
