#!/bin/sh
# refund new: a case file from what the seller console shows.
#  (a) the Tmall 7-day refusal: the file passes validate, check shows the
#      SEVEN_DAY_REFUSAL finding (exit 0), replay exits 1, and new warned;
#  (b) new reproduces hand-written examples: example 04's first six events
#      given as options judge exactly as the example cut to those events,
#      and example 01 as docs/file-format.md builds it;
#  (c) the time forms (space or T, with or without seconds, +08:00 unless an
#      offset follows) and those refused; created defaults to paid;
#  (d) every order option lands in its field; an exchange asks for no amount;
#  (e) -o never replaces a file; stdout by default; --format ndjson is one
#      line that replay --ndjson reads; --at defaults to --now;
#  (f) usage errors: times out of order, --delivered without --shipped,
#      request options without --request, both answers;
#  (g) staff go on with refund apply: the seller's agreement appended.
# POSIX sh, grep, sed, cmp. Prints "ok NAME" or "not ok NAME: why".
set -u
: "${REFUND:?set REFUND to the refund binary}"
RF_TOP=${RF_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d "${TMPDIR:-/tmp}/rf_new.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT HUP INT TERM
cd "$T" || exit 1

ok() { echo "ok $1"; }
not_ok() { echo "not ok $1: $2"; }
oneline() { tr '\n' ' ' | sed 's/ *$//'; }
run() { "$REFUND" "$@" > out 2> err; rc=$?; }
# has NAME PATTERN FILE: ok when grep finds PATTERN in FILE.
has() { if grep -q -- "$2" "$3"; then ok "$1"; else not_ok "$1" "no '$2' in $3: $(head -c 300 "$3" | oneline)"; fi; }

# ---- (a) the Tmall 7-day refusal ------------------------------------------------------------
run new --channel mall --item 199 --free-shipping --paid '2024-12-02 20:00' --shipped '2024-12-03 10:00' \
  --delivered '2024-12-05 12:00' --request return_refund --reason no_reason --at '2024-12-06 21:00' \
  --refused '2024-12-07 09:00' -o case.json --lang en
if [ $rc -eq 0 ] && [ -f case.json ] && grep -q '^case.json: wrote order NEW-20241202-2000, 6 events' out; then
  ok "new -o case.json: exit 0 and a line saying so"
else not_ok "new -o case.json" "exit $rc: $(oneline < err)"; fi
has "new warns of the refusal on stderr" '^refund: warning: event e6 refund_refused (--refused): SEVEN_DAY_REFUSAL: ' err
run validate case.json
[ $rc -eq 0 ] && grep -q 'valid, 6 events' out && ok "the file passes validate" || not_ok "validate" "exit $rc: $(oneline < err)"
run check case.json --lang zh --now 2024-12-07T10:00:00+08:00
if [ $rc -eq 0 ] && grep -q 'e6: .*七天无理由退换拒绝不了' out; then ok "check --lang zh shows the 7-day refusal, exit 0"
else not_ok "check --lang zh shows the 7-day refusal" "exit $rc: $(oneline < out)"; fi
run replay case.json
[ $rc -eq 1 ] && ok "replay of the file exits 1 (a finding)" || not_ok "replay of the file exits 1" "exit $rc"

# ---- (b) example 04, from the console ----------------------------------------------------------
ex=$RF_TOP/examples/04-seven-day-refusal-mall.json
sed -e '/"id": "e[789]"/d' -e 's/\("id": "e6".*}\),$/\1/' "$ex" > ex6.json
run new --id TM20240801-0004 --channel mall --item 159.00 --free-shipping --seller-postage 10.00 \
  --created '2024-08-01 20:00' --paid '2024-08-01 20:01' --shipped '2024-08-02 10:00' --tracking SF1408020044 \
  --delivered '2024-08-04 12:00' --request return_refund --reason no_reason --amount 159.00 --at '2024-08-06 21:00' \
  --refused '2024-08-07 09:00' --note '包邮商品退货请扣除10元运费' -o ex-new.json
for now in 2024-08-07T10:00:00+08:00 2024-08-20T10:00:00+08:00; do
  "$REFUND" check ex6.json --now $now --format json > a.json 2>&1
  "$REFUND" check ex-new.json --now $now --format json > b.json 2>&1
  if [ $rc -eq 0 ] && cmp -s a.json b.json && grep -q SEVEN_DAY_REFUSAL a.json; then
    ok "new gives example 04's first six events: the same verdict at $now"
  else not_ok "new gives example 04's first six events at $now" "$(diff a.json b.json | head -5 | oneline)"; fi
done

# Example 01 as docs/file-format.md gives it.
"$REFUND" new --channel c_store --item 88 --free-shipping --seller-postage 8 --insurance buyer --id TB20240628-0001 \
  --created '2024-06-20 09:00' --paid '2024-06-20 09:05' --shipped '2024-06-21 15:00' --tracking 888090781867 \
  --delivered '2024-06-23 12:00' --request return_refund --reason no_reason --amount 80 --at '2024-06-24 20:00' > ex1.json
"$REFUND" check ex1.json --now 2024-06-25T10:00:00+08:00 --format json > a.json 2>&1
"$REFUND" check "$RF_TOP/examples/01-free-shipping-c-store.json" --now 2024-06-25T10:00:00+08:00 --format json > b.json 2>&1
if cmp -s a.json b.json; then ok "the refund new line of docs/file-format.md gives example 01"
else not_ok "the refund new line of docs/file-format.md gives example 01" "$(diff a.json b.json | head -5 | oneline)"; fi

# ---- (c) times ----------------------------------------------------------------------------------
for t in '2024-12-02 20:00' '2024-12-02T20:00' '2024-12-02 20:00:00' '2024-12-02T20:00:00+08:00' '2024-12-02t12:00Z'; do
  run new --channel c_store --item 1 --paid "$t" --format ndjson
  if [ $rc -eq 0 ] && grep -q '"id":"e1","at":"2024-12-02T20:00:00+08:00","actor":"buyer","type":"order_created"},{"id":"e2","at":"2024-12-02T20:00:00+08:00","actor":"buyer","type":"paid"}' out; then
    ok "--paid '$t' is 2024-12-02T20:00:00+08:00, and created is the same instant"
  else not_ok "--paid '$t'" "exit $rc: $(oneline < err) $(oneline < out)"; fi
done
run new --channel c_store --item 1 --paid '2024-12-02 20:00:30' --format ndjson
has "seconds are kept" '"at":"2024-12-02T20:00:30+08:00","actor":"buyer","type":"paid"' out
for t in '12-02 20:00' '2024-12-02' 'yesterday' '2024-12-02 20' '2024-12-02 20:00 +08:00' '2024-02-30 10:00' '2024-12-02 24:00'; do
  run new --channel c_store --item 1 --paid "$t"
  if [ $rc -eq 2 ] && [ ! -s out ] && grep -q -- "--paid: '$t'" err; then ok "--paid '$t' is refused (exit 2)"
  else not_ok "--paid '$t' is refused" "exit $rc: $(oneline < err)"; fi
done

# ---- (d) the order's fields ---------------------------------------------------------------------
run new --channel mt --item 88 --shipping-fee 10 --seller-postage 8 --insurance buyer --invoice-issued yes \
  --seven-day-return no --id ORDER-1 --paid '2024-06-20 09:05' --format ndjson
has "every order option lands in its field" '"order":{"id":"ORDER-1","channel":"mt","item_amount":"88.00","shipping_fee":"10.00","free_shipping":false,"seller_shipping_cost":"8.00","shipping_insurance":"buyer","invoice_issued":true,"seven_day_return":false,' out
run new --channel mt --amount 88 --paid '2024-06-20 09:05' --request exchange --reason quality --at '2024-06-20 10:00' --format ndjson
has "--amount alone gives the item" '"item_amount":"88.00"' out
has "an exchange asks for no amount" '"type":"refund_requested","kind":"exchange","reason":"quality","goods":"resellable"}' out
run new --channel mt --item 88 --paid '2024-06-20 09:05' --request refund_only --reason quality --amount 30 --not-resellable --at '2024-06-20 10:00' --format ndjson
has "the request carries its amount and goods" '"kind":"refund_only","reason":"quality","amount":"30.00","goods":"not_resellable"}' out

# ---- (e) output -------------------------------------------------------------------------------------
echo keep > taken.json
run new --channel mt --item 1 --paid '2024-06-20 09:05' -o taken.json
if [ $rc -eq 5 ] && [ "$(cat taken.json)" = keep ] && grep -q 'taken.json: already exists' err; then
  ok "-o never replaces a file (exit 5, untouched)"
else not_ok "-o never replaces a file" "exit $rc: $(oneline < err)"; fi
run new --channel mt --item 1 --paid '2024-06-20 09:05'
if [ $rc -eq 0 ] && head -1 out | grep -q '^{$' && "$REFUND" validate - < out > /dev/null; then ok "stdout by default, a valid case"
else not_ok "stdout by default" "exit $rc"; fi
"$REFUND" new --channel mall --item 199 --paid '2024-12-02 20:00' --shipped '2024-12-03 10:00' --delivered '2024-12-05 12:00' \
  --request return_refund --reason no_reason --now 2024-12-06T21:00:00+08:00 --format ndjson 2>/dev/null > one.ndjson
"$REFUND" replay --ndjson one.ndjson > v.ndjson 2>&1; rc=$?
if [ "$(wc -l < one.ndjson)" -eq 1 ] && [ $rc -eq 0 ] && [ "$(grep -c '^{"line":1,"order":"NEW-20241202-2000"' v.ndjson)" -eq 1 ] && grep -q '"at":"2024-12-06T21:00:00+08:00","actor":"buyer","type":"refund_requested"' one.ndjson; then
  ok "--format ndjson is one line replay --ndjson judges; --at defaults to --now"
else not_ok "--format ndjson, --at from --now" "exit $rc: $(head -c 300 v.ndjson)"; fi

# ---- (f) usage errors ---------------------------------------------------------------------------------
b="--channel mall --item 1 --paid 2024-12-02T20:00"
expect2() {
  name=$1 text=$2
  shift 2
  run "$@"
  if [ $rc -eq 2 ] && [ ! -s out ] && grep -qF -- "$text" err; then ok "$name"
  else not_ok "$name" "exit $rc: $(oneline < err)"; fi
}
expect2 "times out of order name both options" "new: --shipped (2024-12-01T10:00:00+08:00) is before --paid (2024-12-02T20:00:00+08:00)" new $b --shipped '2024-12-01 10:00'
expect2 "--delivered needs --shipped" "new: --delivered needs --shipped" new $b --delivered '2024-12-05 10:00'
expect2 "--reason goes with --request" "new: --reason goes with --request" new $b --reason quality
expect2 "--refused goes with --request" "new: --refused goes with --request" new $b --refused '2024-12-05 10:00'
expect2 "--request needs --reason, listing them" "new: --request needs --reason, one of: no_reason, quality" new $b --request refund_only
expect2 "the seller agreed or refused, not both" "new: --refused and --agreed" new $b --request refund_only --reason quality --at '2024-12-03 10:00' --refused '2024-12-04 10:00' --agreed '2024-12-04 10:00'
expect2 "new takes no arguments" "new takes no arguments" new $b case.json

# ---- (g) then refund apply ------------------------------------------------------------------------------
"$REFUND" new --channel c_store --item 88 --free-shipping --seller-postage 8 --paid '2024-06-20 09:05' \
  --shipped '2024-06-21 15:00' --delivered '2024-06-23 12:00' --request return_refund --reason no_reason \
  --amount 80 --at '2024-06-24 20:00' -o go.json > /dev/null 2>&1
printf '{"id": "e7", "at": "2024-06-25T09:00:00+08:00", "actor": "seller", "type": "refund_agreed"}\n' > agree.json
run apply go.json agree.json
if [ $rc -eq 0 ] && grep -q 'appended event e7 (refund_agreed)' out && "$REFUND" validate go.json | grep -q 'valid, 6 events'; then
  ok "refund apply appends the next event to a file new wrote"
else not_ok "refund apply after new" "exit $rc: $(oneline < err)"; fi
exit 0
