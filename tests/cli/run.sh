#!/bin/sh
# Runs every command-line test script tests/cli/t_*.sh with $REFUND set to
# the binary under test, and prints one closing line: "N passed, N failed".
# Each script prints "ok NAME" or "not ok NAME: why" per check.
set -u
dir=$(dirname "$0")
: "${REFUND:?set REFUND to the refund binary}"
export REFUND
REFUND=$(cd "$(dirname "$REFUND")" && pwd)/$(basename "$REFUND")
export RF_TOP=$(cd "$dir/../.." && pwd)
# The scripts expect English text unless they ask for zh (--lang zh, or a
# zh LANG/LC_ALL of their own): a tester's zh locale must not change them.
unset LC_ALL LC_MESSAGES
export LANG=C.UTF-8
# The build the binary belongs to (t_layers.sh reads its objects), taken
# before RF_VALGRIND puts a wrapper in the binary's place.
export RF_BUILD="${RF_BUILD:-$(cd "$(dirname "$REFUND")/.." && pwd)}"
# RF_VALGRIND=1: every run of the command goes through valgrind, and any
# memory error or leak fails the check that ran it (exit 98).
if [ "${RF_VALGRIND:-0}" = 1 ]; then
  wrap=$(mktemp -d)
  trap 'rm -rf "$wrap"' EXIT
  printf '#!/bin/sh\nexec valgrind -q --error-exitcode=98 --leak-check=full --errors-for-leak-kinds=definite,indirect "%s" "$@"\n' "$REFUND" > "$wrap/refund"
  chmod +x "$wrap/refund"
  REFUND=$wrap/refund
fi
pass=0 fail=0
for t in "$dir"/t_*.sh; do
  [ -f "$t" ] || continue
  out=$(sh "$t" 2>&1)
  rc=$?
  p=$(printf '%s\n' "$out" | grep -c '^ok ')
  f=$(printf '%s\n' "$out" | grep -c '^not ok ')
  printf '%s\n' "$out" | grep '^not ok ' | sed "s|^|$(basename "$t"): |"
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "$(basename "$t"): script failed (exit $rc)"; printf '%s\n' "$out" | tail -5; f=1
  fi
  pass=$((pass + p)); fail=$((fail + f))
done
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
