#!/bin/sh
# Every library error is to carry a detail (RF_ERROR_DETAIL_LIST), so that
# rf_error_message can say it in Chinese as well as English: an error made
# with rf__fail (a printf format, English only) has none. This counts the
# rf__fail calls left in lib/, file by file, against the list below of
# those not yet converted (issue 15). A file with more calls than listed
# has a new English-only error: give it a detail (rf__fail_detail) instead.
# A file with fewer has been converted further: lower its count here, so
# that it cannot grow back. The JSON reader's syntax errors, the case
# loader's, and the policy and calendar files' own errors have none left.
# POSIX sh with grep and awk. Prints "ok NAME" or "not ok NAME: why".
set -u
RF_TOP=${RF_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$RF_TOP" || exit 1

ok() { echo "ok $1"; }
not_ok() { echo "not ok $1: $2"; }

# file count: English-only rf__fail calls still allowed. common.c defines
# rf__fail, error_text.c's rf__fail_detail fills the position through it,
# and case_tree.c's report() keeps one for its set and field errors.
allowed='lib/audit.c 1
lib/calendar.c 3
lib/case.c 2
lib/case_store.c 1
lib/case_tree.c 1
lib/common.c 1
lib/context.c 3
lib/error_text.c 1
lib/import.c 1
lib/json_read.c 1
lib/load.c 5
lib/machine.c 1
lib/policy.c 2
lib/replay.c 2
lib/settle.c 1
lib/structs.c 3
lib/summary.c 13
lib/try.c 1'

more= fewer=
for f in lib/*.c; do
  n=$(grep -c 'rf__fail(' "$f")
  want=$(printf '%s\n' "$allowed" | awk -v f="$f" '$1 == f { print $2 }')
  want=${want:-0}
  if [ "$n" -gt "$want" ]; then more="$more $f($n>$want)"
  elif [ "$n" -lt "$want" ]; then fewer="$fewer $f($n<$want)"; fi
done
if [ -n "$more" ]; then not_ok "no new error without a detail in lib/" "rf__fail calls beyond the list:$more"
else ok "no new error without a detail in lib/"; fi
if [ -n "$fewer" ]; then not_ok "the list of errors without a detail is current" "lower the counts in $0:$fewer"
else ok "the list of errors without a detail is current"; fi

# The JSON reader's only rf__fail is its NULL-argument usage error, and the
# loaders of files keep none for what a file says.
n=$(grep -c 'fail_at(\|describe_byte(' lib/json_read.c)
if [ "$n" -eq 0 ]; then ok "the JSON reader formats no English message"
else not_ok "the JSON reader formats no English message" "$n calls of fail_at/describe_byte"; fi
