#!/bin/sh
# The documented exit codes and error messages of `refund` (FORMAT.md
# section 3): errors go to stderr as `refund: FILE:LINE:COL: message` naming
# the field, stdout stays empty, and the exit code says what went wrong.
# Also: --version, `replay --ndjson` with bad lines, the policy round trip
# of `rules --format json`, and a --policy override changing a verdict.
# Run by tests/cli/run.sh with $REFUND (the binary) and $RF_TOP (the repo).
set -u
: "${REFUND:?set REFUND to the refund binary}"
: "${RF_TOP:?set RF_TOP to the repository root}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rf_errors.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp" || exit 1

ok() { echo "ok $1"; }
not_ok() { echo "not ok $1: $2"; }

# run ARGS...: runs refund, leaving stdout in out, stderr in err, code in $rc.
run() {
  "$REFUND" "$@" >out 2>err
  rc=$?
}

# expect_error NAME CODE PREFIX FIELD ARGS...: the command exits CODE with
# nothing on stdout, and stderr starts with PREFIX and mentions FIELD ("" to
# skip that check).
expect_error() {
  name=$1 code=$2 prefix=$3 field=$4
  shift 4
  run "$@"
  first=$(head -n 1 err)
  if [ "$rc" -ne "$code" ]; then
    not_ok "$name" "exit $rc, expected $code; stderr: $first"
  elif [ -s out ]; then
    not_ok "$name" "stdout not empty: $(head -c 200 out)"
  else
    case $first in
      "$prefix"*) ;;
      *) not_ok "$name" "stderr '$first' does not start with '$prefix'"; return ;;
    esac
    if [ -n "$field" ] && ! grep -qF -- "$field" err; then
      not_ok "$name" "stderr does not name $field: $first"
    else
      ok "$name"
    fi
  fi
}

# ---- the files -------------------------------------------------------------

cat >good.json <<'EOF'
{
  "schema": "refund-case/1",
  "order": {
    "id": "TB20240628-0001",
    "channel": "c_store",
    "item_amount": "88.00",
    "shipping_fee": "0.00",
    "free_shipping": true,
    "seller_shipping_cost": "8.00",
    "shipping_insurance": "buyer",
    "invoice_issued": false,
    "seven_day_return": true,
    "ship_exempt": null,
    "delivery": "express"
  },
  "events": [
    {"id": "e1", "at": "2024-06-20T09:00:00+08:00", "actor": "buyer", "type": "order_created"},
    {"id": "e2", "at": "2024-06-20T09:05:00+08:00", "actor": "buyer", "type": "paid"},
    {"id": "e3", "at": "2024-06-21T15:00:00+08:00", "actor": "seller", "type": "shipped", "tracking": "888090781867"},
    {"id": "e4", "at": "2024-06-23T12:00:00+08:00", "actor": "carrier", "type": "delivered"},
    {"id": "e5", "at": "2024-06-24T20:00:00+08:00", "actor": "buyer", "type": "refund_requested",
     "kind": "return_refund", "reason": "no_reason", "amount": "80.00", "goods": "resellable"}
  ]
}
EOF

# Each bad file differs from good.json on one line; the positions are those
# of that line as written above (columns count bytes from 1).
sed '5s/"channel"/"chanel"/' good.json >typo.json                 # 5:5, the key
sed '6s/"88.00"/88.5/' good.json >float.json                      # 6:20, the value
sed '18s/09:05:00+08:00/09:05:00/' good.json >nooffset.json       # 18:24, the value
sed '21s/"type": "refund_requested",/"type": "refund_requested", "trackng": "1",/' good.json >eventtypo.json # 21:99
head -n 12 good.json >truncated.json                              # ends after line 12: 13:1

# ---- case files: 4 invalid, 3 malformed, 5 unreadable -------------------------

expect_error "typo'd key: exit 4 at the key" 4 "refund: typo.json:5:5: " "order.chanel" validate typo.json
expect_error "typo'd event key: exit 4 at the key" 4 "refund: eventtypo.json:21:99: " "events[4].trackng" \
  validate eventtypo.json
expect_error "float amount: exit 4 at the value" 4 "refund: float.json:6:20: " "order.item_amount" validate float.json
expect_error "time without offset: exit 4 at the value" 4 "refund: nooffset.json:18:24: " "events[1].at" \
  validate nooffset.json
expect_error "truncated JSON: exit 3 at the end" 3 "refund: truncated.json:13:1: " "" validate truncated.json
expect_error "missing file: exit 5" 5 "refund: no-such-file.json: " "" validate no-such-file.json
# The same errors through the other commands that read a case.
expect_error "check: typo'd key" 4 "refund: typo.json:5:5: " "order.chanel" check typo.json --now 2024-06-25T10:00:00+08:00
expect_error "replay: float amount" 4 "refund: float.json:6:20: " "order.item_amount" replay float.json
expect_error "replay: truncated" 3 "refund: truncated.json:13:1: " "" replay truncated.json
expect_error "check: missing file" 5 "refund: nope.json: " "" check nope.json

# ---- usage: 2 -------------------------------------------------------------------

expect_error "unknown command: exit 2" 2 "refund: unknown command 'frobnicate'" "" frobnicate good.json
expect_error "unknown option: exit 2" 2 "refund: unknown option '--bogus'" "" validate --bogus good.json
expect_error "unknown option after the file: exit 2" 2 "refund: unknown option '--frob'" "" check good.json --frob
expect_error "bad --now: exit 2" 2 "refund: --now '2024-06-25T10:00:00'" "" check good.json --now 2024-06-25T10:00:00
expect_error "bad --now (not a time): exit 2" 2 "refund: --now 'yesterday'" "" check good.json --now yesterday
expect_error "bad --format: exit 2" 2 "refund: unknown format 'xml'" "" check good.json --format xml
expect_error "--format without a value: exit 2" 2 "refund: option --format needs a value" "" validate good.json --format

# ---- a good file ------------------------------------------------------------------

run validate good.json
if [ "$rc" -eq 0 ] && [ ! -s err ] && grep -q "good.json" out; then
  ok "validate: a good file exits 0"
else
  not_ok "validate: a good file exits 0" "exit $rc; $(head -n 1 err)"
fi

# ---- --version -----------------------------------------------------------------------

h="$RF_TOP/include/refund.h"
want=$(sed -n 's/^#define RF_VERSION_STRING "\(.*\)".*/\1/p' "$h")
part() { sed -n "s/^#define RF_VERSION_$1 \\([0-9]*\\).*/\\1/p" "$h"; }
parts=$(part MAJOR).$(part MINOR).$(part PATCH)
run --version
if [ -z "$want" ]; then
  not_ok "--version" "no RF_VERSION_STRING in $h"
elif [ "$parts" != "$want" ]; then
  not_ok "--version" "refund.h: RF_VERSION_STRING $want but MAJOR.MINOR.PATCH $parts"
elif [ "$rc" -ne 0 ] || [ -s err ]; then
  not_ok "--version" "exit $rc; $(cat err)"
else
  case $(head -n 1 out) in
    "refund $want"|"refund $want "*) ok "--version prints $want" ;;
    *) not_ok "--version" "printed '$(head -n 1 out)', expected refund $want" ;;
  esac
fi

# ---- replay --ndjson: a good line, a malformed line, an invalid line -------------------

tr -d '\n' <good.json >line1
printf '{"schema": "refund-case/1", "order": {"id": "x"' >line2        # malformed: ends early
tr -d '\n' <typo.json >line3
{ cat line1; echo; cat line2; echo; cat line3; echo; } >cases.ndjson
col3=$(awk '{ print index($0, "\"chanel\"") }' line3)
col2=$(( $(wc -c <line2) + 1 ))
run replay --ndjson cases.ndjson
lines=$(wc -l <out)
l1=$(sed -n 1p out) l2=$(sed -n 2p out) l3=$(sed -n 3p out)
if [ "$lines" -ne 3 ]; then
  not_ok "ndjson: three output lines" "got $lines"
else
  ok "ndjson: three output lines"
fi
case $l1 in
  '{"line":1,"order":"TB20240628-0001",'*) ok "ndjson: line 1 is the verdict, its line number first" ;;
  *) not_ok "ndjson: line 1 is the verdict" "$(echo "$l1" | head -c 120)" ;;
esac
case $l2 in
  '{"line":2,"order":"x","error":'*'"status":"RF_E_JSON"'*"\"column\":$col2,"*) ok "ndjson: line 2 is an error verdict (malformed, column $col2) naming its order" ;;
  *) not_ok "ndjson: line 2 is an error verdict" "$l2" ;;
esac
case $l3 in
  *'"line":3,'*'"status":"RF_E_INVALID"'*"\"column\":$col3,"*'"field":"order.chanel"'*)
    ok "ndjson: line 3 is an error verdict (invalid, column $col3)" ;;
  *) not_ok "ndjson: line 3 is an error verdict" "$l3" ;;
esac
if [ "$rc" -eq 4 ]; then ok "ndjson: bad lines and no findings: exit 4"; else not_ok "ndjson: exit code" "$rc, expected 4"; fi
if grep -q "cases.ndjson:2:$col2: " err && grep -q "cases.ndjson:3:$col3: " err; then
  ok "ndjson: stderr gives FILE:LINE:COL of each bad line"
else
  not_ok "ndjson: stderr gives FILE:LINE:COL" "$(cat err)"
fi
# From standard input, the same three lines.
"$REFUND" replay --ndjson - <cases.ndjson >out2 2>/dev/null
if cmp -s out out2; then ok "ndjson: stdin gives the same output"; else not_ok "ndjson: stdin" "differs"; fi

# ---- the policy round trip ----------------------------------------------------------

run rules --format json
cp out policy1.json
if [ "$rc" -ne 0 ] || [ ! -s policy1.json ]; then
  not_ok "rules --format json" "exit $rc"
else
  run rules --format json --policy policy1.json
  if [ "$rc" -eq 0 ] && cmp -s out policy1.json; then
    ok "policy round trip: rules --format json read back with --policy is byte-identical"
  else
    not_ok "policy round trip" "exit $rc; $(diff policy1.json out | head -5)"
  fi
  # A changed value round-trips too, and shows.
  sed 's/"buyer_return_days": 7,/"buyer_return_days": 30,/' policy1.json >policy30.json
  run rules --format json --policy policy30.json
  if [ "$rc" -eq 0 ] && cmp -s out policy30.json && grep -q '"buyer_return_days": 30,' out; then
    ok "policy round trip with an override"
  else
    not_ok "policy round trip with an override" "exit $rc; $(diff policy30.json out | head -5)"
  fi
fi
printf '{\n  "buyer_return_dayz": 30\n}\n' >badpolicy.json
expect_error "bad policy key: exit 4 at the key" 4 "refund: badpolicy.json:2:3: " "buyer_return_dayz" \
  rules --format json --policy badpolicy.json
printf '{"buyer_return_days": -3}\n' >negpolicy.json
expect_error "negative policy value: exit 4 at the value" 4 "refund: negpolicy.json:1:23: " "buyer_return_days" \
  replay good.json --policy negpolicy.json
expect_error "missing policy file: exit 5" 5 "refund: nopolicy.json: " "" replay good.json --policy nopolicy.json

# ---- a policy override changing a verdict -------------------------------------------------

# The seller agrees to a return on 06-22 12:00; the buyer ships it back ten
# days later. By default (7 days) the refund had closed on 06-29 12:00.
cat >late.json <<'EOF'
{"schema": "refund-case/1",
 "order": {"id": "TB-LATE-1", "channel": "c_store", "item_amount": "88.00"},
 "events": [
  {"id": "e1", "at": "2024-06-20T09:00:00+08:00", "actor": "buyer", "type": "order_created"},
  {"id": "e2", "at": "2024-06-20T09:05:00+08:00", "actor": "buyer", "type": "paid"},
  {"id": "e3", "at": "2024-06-21T15:00:00+08:00", "actor": "seller", "type": "shipped", "tracking": "SF1"},
  {"id": "e4", "at": "2024-06-22T09:00:00+08:00", "actor": "carrier", "type": "delivered"},
  {"id": "e5", "at": "2024-06-22T09:30:00+08:00", "actor": "buyer", "type": "receipt_extended", "days": 10},
  {"id": "e6", "at": "2024-06-22T10:00:00+08:00", "actor": "buyer", "type": "refund_requested",
   "kind": "return_refund", "reason": "quality"},
  {"id": "e7", "at": "2024-06-22T12:00:00+08:00", "actor": "seller", "type": "refund_agreed"},
  {"id": "e8", "at": "2024-07-02T12:00:00+08:00", "actor": "buyer", "type": "return_shipped", "tracking": "YT9"}
 ]}
EOF
printf '{"buyer_return_days": 30}\n' >return30.json
run replay late.json --format json
if [ "$rc" -eq 1 ] && grep -q '"code": "MISSED_TIMEOUT"' out; then
  ok "late return: MISSED_TIMEOUT by default (exit 1)"
else
  not_ok "late return: MISSED_TIMEOUT by default" "exit $rc; $(grep -m1 code out)"
fi
run replay late.json --format json --policy return30.json
if [ "$rc" -eq 0 ] && ! grep -q MISSED_TIMEOUT out && grep -q '"state": "WAIT_SELLER_CONFIRM_GOODS"' out; then
  ok "late return: in time with --policy {\"buyer_return_days\": 30} (exit 0)"
else
  not_ok "late return with --policy" "exit $rc; $(grep -m2 'code\|"state"' out | tr -d '\n')"
fi
# More refund requests than a case may hold (RF_MAX_REQUESTS, docs/limits.md):
# exit 4, naming the limit and the event past it.
{
  printf '{"schema":"refund-case/1","order":{"id":"many","channel":"c_store","item_amount":"88.00"},"events":[\n'
  printf '{"id":"e1","at":"2024-06-20T09:00:00+08:00","actor":"buyer","type":"order_created"},\n'
  printf '{"id":"e2","at":"2024-06-20T09:05:00+08:00","actor":"buyer","type":"paid"}'
  i=0
  while [ $i -lt 65 ]; do
    h=$((10 + i / 60)) m=$((i % 60))
    printf ',\n{"id":"r%d","at":"2024-06-20T%02d:%02d:00+08:00","actor":"buyer","type":"refund_requested","kind":"refund_only","reason":"other","amount":"1.00"}' $i $h $m
    printf ',\n{"id":"c%d","at":"2024-06-20T%02d:%02d:30+08:00","actor":"buyer","type":"refund_cancelled"}' $i $h $m
    i=$((i + 1))
  done
  printf '\n]}\n'
} > many.json
expect_error "65 requests: exit 4 naming the limit and events[130]" 4 "refund: many.json:132:1: events[130]: a case may hold at most 64 refund requests" "events[130]" replay many.json
expect_error "65 requests: validate says so too" 4 "refund: many.json:132:1: events[130]: a case may hold at most 64 refund requests" "events[130]" validate many.json
tr -d '\n' < many.json > many.ndjson; echo >> many.ndjson
run replay --ndjson many.ndjson
if [ "$rc" -eq 4 ] && grep -q '"error": *"a case may hold at most 64 refund requests"\|a case may hold at most 64 refund requests' out \
   && ! grep -q 'events\[130\]: events\[130\]' out err; then
  ok "65 requests in an NDJSON line: an error verdict, the field named once"
else
  not_ok "65 requests in an NDJSON line" "exit $rc; $(head -c 300 out) $(head -c 300 err)"
fi

exit 0
