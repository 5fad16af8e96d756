#!/bin/sh
# Usage errors in Chinese (issue 15): every mistake on the command line (an
# unknown, ambiguous or misspelt option, a missing value or option, a wrong
# value, a wrong number of arguments, an unknown command) is said in zh with
# --lang zh, with --lang=zh, with --lang zh written after the mistake, and
# with LANG or LC_ALL zh and no --lang; in English otherwise. For each:
#  (a) exit 2 (5 for a file not found), in both languages;
#  (b) the zh message (its first line) has Chinese and differs from the en
#      one, and the whole of it has no English identifier outside the words
#      the user typed or must type (as tests/cli/t_zh.sh's words(): quoted,
#      an option's value, a value with its label, the usage lines);
#  (c) the zh message is the same however zh was asked for;
#  (d) neither says what getopt_long(3) would print by itself ("unrecognized
#      option", "requires an argument", "invalid option"): the command
#      prints its own messages (opterr = 0 and a ':' leading the optstring);
#  (e) the en message still points to --help ("Try 'refund"), the zh one to
#      the zh help ("用法见" or the usage lines "用法:").
# POSIX sh. Prints "ok NAME" or "not ok NAME: why".
set -u
: "${REFUND:?set REFUND to the refund binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/rf_usage.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT HUP INT TERM
cd "$T" || exit 1
ok() { echo "ok $1"; }
not_ok() { echo "not ok $1: $2"; }
oneline() { tr '\n' '|' | sed 's/|*$//'; }
han=$(printf '[\344-\351]')
ident='[a-z][a-z]*_[a-z][a-z]*'
run() { env -u LC_ALL -u LC_MESSAGES -u LANG "$@"; }

printf '{"schema": "refund-case/1"}\n' > case.json
printf '{}\n' > ev.json

# NAME|EXIT|ARGUMENTS (split by the shell: no value holds a space).
cases='unknown long option|2|quote --bogus
unknown short option|2|quote -x
option of another command|2|check case.json --dry-run
ambiguous prefix|2|quote --a 1
value given to a flag|2|apply case.json ev.json --dry-run=yes
missing value|2|validate case.json --format
unknown command|2|frobnicate
option before the command|2|--bogus check
unknown channel|2|quote --channel tmall --reason quality --kind exchange --item 1
unknown yes/no value|2|new --channel mall --item 1 --paid 2024-01-02T10:00 --invoice-issued maybe
missing options of quote|2|quote
missing options of new|2|new
bad money|2|quote --channel mall --reason quality --kind exchange --item 1,5
money too large|2|quote --channel mall --reason quality --kind exchange --item 999999999999
bad time|2|new --channel mall --item 1 --paid yesterday
time that does not exist|2|new --channel mall --item 1 --paid 2024-02-30T10:00
times out of order|2|new --channel mall --item 1 --paid 2024-01-02T10:00 --shipped 2024-01-01T10:00
agreed and refused|2|new --channel mall --item 1 --paid 2024-01-02T10:00 --request refund_only --reason quality --agreed 2024-01-03T10:00 --refused 2024-01-03T11:00
reason without a request|2|new --channel mall --item 1 --paid 2024-01-02T10:00 --reason quality
request without a reason|2|new --channel mall --item 1 --paid 2024-01-02T10:00 --request refund_only
delivered without shipped|2|new --channel mall --item 1 --paid 2024-01-02T10:00 --delivered 2024-01-03T10:00
unknown format|2|rules --format xml
csv outside replay|2|check case.json --format csv
unknown language|2|rules --lang fr
bad --now|2|check case.json --now yesterday
wrong number of arguments|2|validate
too many arguments|2|apply case.json
arguments to quote|2|quote extra
apply to standard input|2|apply - ev.json
bad --jobs|2|replay --ndjson --jobs 0
--jobs without --ndjson|2|replay case.json --jobs 2
--bom without csv|2|replay case.json --bom
unknown finding code|2|replay case.json --only LATE
unknown machine|2|graph nope --format dot
report without a summary|2|report
merge without summaries|2|summary --merge
import without a platform|2|import
import without its files|2|import top
file not found|5|check no-such-file.json'

printf '%s\n' "$cases" > list
n=0
while IFS='|' read -r name code args; do
  n=$((n + 1))
  # shellcheck disable=SC2086
  run "$REFUND" $args > out.en 2> err.en; rc_en=$?
  # --lang zh after the mistake; before it where the mistake is the last
  # word (a value missing), and from the environment where it is --lang.
  # shellcheck disable=SC2086
  case $name in
    "missing value") run "$REFUND" ${args%% *} --lang zh ${args#* } > out.zh 2> err.zh ;;
    "unknown language") run LANG=zh_CN.UTF-8 "$REFUND" $args > out.zh 2> err.zh ;;
    *) run "$REFUND" $args --lang zh > out.zh 2> err.zh ;;
  esac
  rc_zh=$?
  bad=
  [ $rc_en = "$code" ] && [ $rc_zh = "$code" ] || bad="$bad exit $rc_en/$rc_zh (want $code);"
  # The message itself, its first line, is Chinese, not only the pointer.
  head -n 1 err.zh | LC_ALL=C grep -q "$han" || bad="$bad no Chinese;"
  [ "$(head -n 1 err.en)" = "$(head -n 1 err.zh)" ] && bad="$bad the same as English;"
  LC_ALL=C grep -q "$han" err.en && bad="$bad Chinese in the English;"
  # Said the same however zh is asked for (the unknown language excepted:
  # its --lang is the mistake).
  if [ "$name" != "unknown language" ]; then
    # shellcheck disable=SC2086
    run "$REFUND" --lang=zh $args 2> err.1 > /dev/null   # before the command: its own mistake
    # shellcheck disable=SC2086
    run LANG=zh_CN.UTF-8 "$REFUND" $args 2> err.2 > /dev/null
    # shellcheck disable=SC2086
    run LC_ALL=zh_CN.UTF-8 LANG=en_US.UTF-8 "$REFUND" $args 2> err.3 > /dev/null
    # shellcheck disable=SC2086
    run "$REFUND" $args --lang=zh 2> err.4 > /dev/null
    ways="2 3 4"; [ "$name" = "missing value" ] && ways="2 3"   # after it, --lang=zh is the value
    for k in $ways; do cmp -s err.zh err.$k || bad="$bad differs with way $k;"; done
    LC_ALL=C grep -q "$han" err.1 || bad="$bad --lang=zh before the command is not zh;"
  fi
  if LC_ALL=C grep -q 'unrecognized option\|requires an argument\|invalid option\|doesn.t allow an argument' err.en err.zh; then
    bad="$bad getopt's own message;"
  fi
  if [ "$code" = 2 ]; then
    grep -q "Try 'refund\|^usage: refund\|^       refund" err.en || bad="$bad no --help pointer in English;"
    grep -q "用法见 'refund\|^用法: refund\|用法: refund" err.zh || bad="$bad no help pointer in Chinese;"
  fi
  # Identifiers only where the user's own words are.
  LC_ALL=C.UTF-8 sed -e 's/"[^"]*"//g' -e "s/'[^']*'//g" -e 's/[a-z][a-z_]*（[^）]*）//g' \
    -e 's/--[a-z][a-z-]*[ =][a-z_|,]*//g' -e '/^ *\(用法:\|refund \)/s/refund [a-z]* .*//' err.zh |
    LC_ALL=C grep -n "$ident" > hits && bad="$bad identifier: $(head -2 hits | oneline);"
  if [ -z "$bad" ]; then ok "usage error in zh: $name"
  else not_ok "usage error in zh: $name" "$bad $(head -2 err.zh | oneline)"; fi
done < list
[ $n -ge 35 ] && ok "$n usage errors checked" || not_ok "usage errors checked" "only $n"

# The English is the default, and --lang en beats a zh environment.
run LANG=zh_CN.UTF-8 "$REFUND" quote --bogus --lang en 2> err > /dev/null
if grep -q "^refund: unknown option '--bogus'" err && grep -q "^Try 'refund quote --help'" err; then
  ok "--lang en beats LANG=zh for a usage error"
else not_ok "--lang en beats LANG=zh for a usage error" "$(oneline < err)"; fi
