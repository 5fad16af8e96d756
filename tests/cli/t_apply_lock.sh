#!/bin/sh
# `refund apply` under concurrency and kills (issue 14): writers of one case
# take its lock (CASE.lock, a POSIX write lock), so no event reported
# "appended" is lost and none is there twice; a run killed at any point
# leaves the old or the new file and at most one temporary file, which the
# next run removes; shop software taking the same lock (docs/apply.md) holds
# `refund apply` off.
# POSIX sh with awk, sort and timeout. Prints "ok NAME" or "not ok NAME: why".
set -u
: "${REFUND:?set REFUND to the refund binary}"
RF_TOP=${RF_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok $1"; }
not_ok() { echo "not ok $1: $2"; }

# A dispute under way (example 10 before its ruling): evidence_submitted by
# buyer or seller is legal any number of times, and all at one time, so the
# writers' events are legal in any interleaving.
case0="$T/case0.json"
sed -e '/"id": "e13"/d' -e '/"id": "e12"/s/},$/}/' "$RF_TOP/examples/10-intervention-ruled-for-buyer-mall.json" > "$case0"
at=2024-06-11T20:00:00+08:00
event() { # id actor
  printf '{"id": "%s", "at": "%s", "actor": "%s", "type": "evidence_submitted", "evidence": "chat_log"}\n' "$1" "$at" "$2"
}
# The event ids in a case file, one a line.
ids() { sed -n 's/.*{"id": "\([^"]*\)".*/\1/p' "$1"; }
# The ids the runs reported appended.
appended() { cat "$@" 2>/dev/null | sed -n 's/.*: appended event \([^ ]*\) (.*/\1/p'; }

if ! "$REFUND" validate "$case0" >/dev/null; then not_ok "the dispute case is valid" "$("$REFUND" validate "$case0" 2>&1)"; exit 0; fi

# ---- 4 writers x 100 events at once -----------------------------------------------
writers=4 per=100
# Under valgrind (make valgrind) each run takes a second: fewer of them.
[ "${RF_VALGRIND:-0}" = 1 ] && per=10
cp "$case0" "$T/case.json"
w=1
while [ $w -le $writers ]; do
  (
    i=1
    actor=buyer; [ $((w % 2)) -eq 0 ] && actor=seller
    while [ $i -le $per ]; do
      event "w$w-$i" $actor | timeout 20 "$REFUND" apply "$T/case.json" - >>"$T/out.$w" 2>>"$T/err.$w"
      echo $? >>"$T/rc.$w"
      i=$((i + 1))
    done
  ) &
  w=$((w + 1))
done
wait
total=$((writers * per))
n_ok=$(cat "$T"/rc.* | grep -cx 0)
n_app=$(appended "$T"/out.* | sort -u | wc -l)
ids "$T/case.json" > "$T/ids"
dups=$(sort "$T/ids" | uniq -d | wc -l)
appended "$T"/out.* | sort -u > "$T/reported"
missing=$(sort -u "$T/ids" | comm -23 "$T/reported" - | wc -l)
events=$(wc -l < "$T/ids")
before=$(ids "$case0" | wc -l)
if [ "$n_ok" -eq $total ] && [ "$n_app" -eq $total ] && [ "$missing" -eq 0 ] && [ "$dups" -eq 0 ] \
   && [ "$events" -eq $((before + total)) ] && "$REFUND" validate "$T/case.json" >/dev/null 2>&1; then
  ok "$writers concurrent writers x $per events: all $total appended, each in the file once, the file valid"
else
  not_ok "$writers concurrent writers x $per events" \
    "exit 0: $n_ok, reported appended: $n_app, reported but not in the file: $missing, ids twice: $dups, events: $events (expected $((before + total))); $(cat "$T"/err.* | head -2 | tr '\n' ' ')"
fi
leftover=$(ls -A "$T" | grep -c 'refund-tmp')
if [ "$leftover" -eq 0 ] && [ -f "$T/case.json.lock" ]; then ok "after them: no temporary file, the lock file kept"
else not_ok "after the concurrent writers" "temporary files: $leftover, lock file: $(ls "$T"/case.json.lock 2>&1)"; fi

# ---- kills at random points of concurrent runs --------------------------------------
# Each run is killed (SIGKILL) after a random 1-8 ms by timeout(1), or at a
# random write step (1-6) by the failure-injection shim, or not at all.
shim="${RF_SHIM:-}"
cp "$case0" "$T/kill.json"
rm -f "$T"/out.* "$T"/err.* "$T"/rc.*
runs=40
[ "${RF_VALGRIND:-0}" = 1 ] && runs=5
w=1
while [ $w -le $writers ]; do
  awk -v seed="$$$w" -v n=$runs 'BEGIN { srand(seed); for (i = 1; i <= n; i++) print i, int(rand() * 3), 1 + int(rand() * 8), 1 + int(rand() * 6) }' > "$T/plan.$w"
  (
    while read -r i how ms step; do
      id="k$w-$i"
      if [ "$how" = 0 ]; then
        event "$id" buyer | timeout -s KILL "0.00$ms" "$REFUND" apply "$T/kill.json" - >>"$T/out.$w" 2>/dev/null
      elif [ "$how" = 1 ] && [ -f "$shim" ]; then
        event "$id" seller | env LD_PRELOAD="$shim" ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
          RF_KILL_AT="$step" timeout 20 "$REFUND" apply "$T/kill.json" - >>"$T/out.$w" 2>/dev/null
      else
        event "$id" seller | timeout 20 "$REFUND" apply "$T/kill.json" - >>"$T/out.$w" 2>/dev/null
      fi
    done < "$T/plan.$w"
  ) 2>/dev/null &
  w=$((w + 1))
done
wait
# One more run killed while it writes its temporary file, so that there is
# one to remove.
if [ -f "$shim" ]; then
  (event k0 seller | env LD_PRELOAD="$shim" ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
     RF_KILL_AT=3 "$REFUND" apply "$T/kill.json" - >/dev/null) 2>/dev/null
fi
ls -A "$T" | grep -c '^\.kill\.json\.refund-tmp' > "$T/left"
event last seller | timeout 20 "$REFUND" apply "$T/kill.json" - >>"$T/out.last" 2>"$T/err.last"; rc=$?
ids "$T/kill.json" > "$T/ids"
dups=$(sort "$T/ids" | uniq -d | wc -l)
appended "$T"/out.* | sort -u > "$T/reported"
missing=$(sort -u "$T/ids" | comm -23 "$T/reported" - | wc -l)
litter=$(ls -A "$T" | grep -c 'kill\.json\.\(refund-\)\{0,1\}tmp')
if [ $rc -eq 0 ] && [ "$litter" -eq 0 ] && [ "$missing" -eq 0 ] && [ "$dups" -eq 0 ] \
   && [ "$(cat "$T/left")" -le 1 ] && { [ ! -f "$shim" ] || [ "$(cat "$T/left")" -eq 1 ]; } && "$REFUND" validate "$T/kill.json" >/dev/null 2>&1; then
  ok "$((writers * runs)) concurrent runs killed at random: at most one temporary file ($(cat "$T/left")), gone after the next run; the file valid, $(wc -l < "$T/reported") reported events all in it once"
else
  not_ok "concurrent runs killed at random" \
    "next run exit $rc ($(head -1 "$T/err.last")), temporary files after it: $litter (before: $(cat "$T/left")), reported but missing: $missing, ids twice: $dups"
fi

# ---- shop software takes the same lock ------------------------------------------------
# A program following docs/apply.md (Python's fcntl.lockf is fcntl(2)
# F_SETLKW) holds CASE.lock: apply waits for it, then appends.
if command -v python3 >/dev/null 2>&1 && python3 -c 'import fcntl' 2>/dev/null; then
  cp "$case0" "$T/shop.json"
  rm -f "$T/held"
  python3 - "$T/shop.json.lock" "$T/held" <<'PY' &
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
fcntl.lockf(fd, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(1.0)
os.close(fd)
PY
  shop=$!
  i=0
  while [ ! -f "$T/held" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  event s1 seller | timeout 20 "$REFUND" apply "$T/shop.json" - >"$T/out.shop" 2>&1 &
  app=$!
  sleep 0.4
  if cmp -s "$case0" "$T/shop.json" && ! grep -q appended "$T/out.shop"; then waited=1; else waited=0; fi
  wait $app; rc=$?
  wait $shop
  if [ $waited = 1 ] && [ $rc -eq 0 ] && grep -q '"id": "s1"' "$T/shop.json"; then
    ok "apply waits while shop software holds CASE.lock (fcntl), then appends"
  else not_ok "apply and shop software's lock" "waited=$waited exit $rc: $(cat "$T/out.shop")"; fi
else
  ok "apply waits for shop software's lock # SKIP no python3 with fcntl"
fi
exit 0
