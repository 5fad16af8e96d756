#!/bin/sh
# `refund apply`: legal events are appended with every other byte kept, illegal
# ones leave the file byte for byte untouched, and a failure or a kill at any
# write step leaves either the old or the new file, never a torn one.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok $1"; }
bad() { echo "not ok $1"; }
ex="$RF_TOP/examples/01-free-shipping-c-store.json"

cp "$ex" "$T/case.json"
printf '%s\n' '{"id": "e6", "at": "2024-06-25T09:00:00+08:00", "actor": "seller", "type": "refund_agreed"}' > "$T/agree.json"
printf '%s\n' '{"id": "e6", "at": "2024-06-25T09:00:00+08:00", "actor": "seller", "type": "refund_refused", "note": "wrong amount"}' > "$T/refuse.json"
printf '%s\n' '{"id": "e6", "at": "2024-06-25T09:00:00+08:00", "actor": "buyer", "type": "return_received"}' > "$T/wrong.json"

# An eligible 7-day request cannot be refused: exit 1, file untouched.
"$REFUND" apply "$T/case.json" "$T/refuse.json" 2>"$T/err"; rc=$?
if [ $rc -eq 1 ] && cmp -s "$ex" "$T/case.json" && grep -q SEVEN_DAY_REFUSAL "$T/err"; then
  ok "apply refuses a 7-day refusal and leaves the file untouched"
else bad "apply refuses a 7-day refusal (rc=$rc)"; fi

"$REFUND" apply "$T/case.json" "$T/wrong.json" 2>/dev/null; rc=$?
if [ $rc -eq 1 ] && cmp -s "$ex" "$T/case.json"; then ok "apply refuses an illegal transition"; else bad "apply illegal (rc=$rc)"; fi

"$REFUND" apply --dry-run "$T/case.json" "$T/agree.json" >/dev/null; rc=$?
if [ $rc -eq 0 ] && cmp -s "$ex" "$T/case.json"; then ok "apply --dry-run writes nothing"; else bad "dry run (rc=$rc)"; fi

"$REFUND" apply "$T/case.json" "$T/agree.json" >/dev/null; rc=$?
# The new file is the old one with the event's bytes inserted after the last event.
if [ $rc -eq 0 ] && "$REFUND" validate "$T/case.json" >/dev/null && grep -q '"refund_agreed"}' "$T/case.json" \
   && [ "$(head -c 200 "$T/case.json")" = "$(head -c 200 "$ex")" ] \
   && [ $(( $(wc -l < "$T/case.json") )) -eq $(( $(wc -l < "$ex") + 1 )) ]; then
  ok "apply appends a legal event and keeps the rest of the file"
else bad "apply legal (rc=$rc)"; fi
cp "$T/case.json" "$T/new.json"

"$REFUND" apply "$T/case.json" "$T/agree.json" 2>/dev/null; rc=$?
if [ $rc -eq 4 ] && cmp -s "$T/new.json" "$T/case.json"; then ok "apply refuses a duplicate event id"; else bad "duplicate id (rc=$rc)"; fi

# A legal event the audit flags is a recorded fact: appended, with a warning.
cat > "$T/late.json" <<'JSON'
{"schema": "refund-case/1",
 "order": {"id": "late", "channel": "c_store", "item_amount": "50.00"},
 "events": [
  {"id": "e1", "at": "2024-06-20T09:00:00+08:00", "actor": "buyer", "type": "order_created"},
  {"id": "e2", "at": "2024-06-20T09:05:00+08:00", "actor": "buyer", "type": "paid"}
 ]}
JSON
printf '%s\n' '{"id": "e3", "at": "2024-06-24T10:00:00+08:00", "actor": "seller", "type": "shipped"}' > "$T/ship.json"
"$REFUND" apply "$T/late.json" "$T/ship.json" >/dev/null 2>"$T/err"; rc=$?
if [ $rc -eq 0 ] && grep -q 'warning: LATE_SHIPMENT' "$T/err" && grep -q '"e3"' "$T/late.json"; then
  ok "apply appends a late shipment with a LATE_SHIPMENT warning"
else bad "apply late shipment (rc=$rc)"; fi
printf '%s\n' '{"id": "e4", "at": "2024-06-21T10:00:00+08:00", "actor": "carrier", "type": "delivered"}' > "$T/back.json"
cp "$T/late.json" "$T/late.before"
"$REFUND" apply "$T/late.json" "$T/back.json" >/dev/null 2>"$T/err"; rc=$?
if [ $rc -eq 1 ] && grep -q 'refused: OUT_OF_ORDER' "$T/err" && cmp -s "$T/late.before" "$T/late.json"; then
  ok "apply refuses a back-dated event (OUT_OF_ORDER) and leaves the file untouched"
else bad "apply back-dated (rc=$rc)"; fi

# Failure injection: fail or kill at every write step in turn.
shim="${RF_SHIM:-}"
if [ ! -f "$shim" ]; then bad "failure injection shim missing ($shim)"; exit 0; fi
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"
# Every injected failure is reported on stderr, and leaves no temporary file;
# a kill may leave one, which the next run removes.
tmp="$T/.case.json.refund-tmp"
for mode in RF_FAIL_AT RF_KILL_AT; do
  n=1 intact=0 torn=0 done_ok=0 silent=0 litter=0
  while [ $n -le 40 ]; do
    cp "$ex" "$T/case.json"
    env LD_PRELOAD="$shim" $mode=$n "$REFUND" apply "$T/case.json" "$T/agree.json" >/dev/null 2>"$T/err"; rc=$?
    if cmp -s "$T/case.json" "$ex" || cmp -s "$T/case.json" "$T/new.json"; then intact=$((intact + 1)); else torn=$((torn + 1)); fi
    if [ $rc -eq 0 ]; then
      # Nothing was injected any more: the run went through, and removed
      # what a killed run before it left.
      cmp -s "$T/case.json" "$T/new.json" && done_ok=1
      [ -e "$tmp" ] && litter=$((litter + 1))
      break
    fi
    if [ "$mode" = RF_FAIL_AT ]; then
      [ -e "$tmp" ] && litter=$((litter + 1))
      grep -q '^refund: ' "$T/err" || silent=$((silent + 1))
    fi
    n=$((n + 1))
  done
  if [ $torn -eq 0 ] && [ $done_ok -eq 1 ] && [ $litter -eq 0 ] && [ $silent -eq 0 ] && [ $n -gt 5 ]; then
    ok "apply with $mode at each of $((n - 1)) write steps: old or new file intact every time, no temporary file left, every failure reported"
  else bad "apply with $mode: $torn torn of $n runs, completed=$done_ok, temporary files left=$litter, silent failures=$silent"; fi
done
