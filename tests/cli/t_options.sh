#!/bin/sh
# The command line's options, read with getopt_long(3) from one table
# (CLI_OPTION_LIST in cli/cli.h), the GNU conventions alike for every command:
#  (a) the options a command takes (the table's rows naming it, or "*") are
#      exactly those `refund CMD --help` prints, both ways;
#  (b) for every command: an unknown option is exit 2 naming it, with stdout
#      empty; each option taking a value, given none, is exit 2 naming it;
#      each flag given a value (--flag=x) is exit 2 naming it;
#  (c) --opt=value and --opt value mean the same; a unique prefix is the
#      option; an ambiguous one is exit 2 listing the candidates; -- ends the
#      options; options after the arguments work under POSIXLY_CORRECT too;
#      another command's option is named as such;
#  (d) a bad value lists every valid value (the names of refund.h's lists),
#      a missing required option is named with what it takes.
# POSIX sh, sed, awk, grep. Prints "ok NAME" or "not ok NAME: why".
set -u
: "${REFUND:?set REFUND to the refund binary}"
RF_TOP=${RF_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
case $REFUND in /*) ;; *) REFUND=$(pwd)/$REFUND ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/rf_options.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT HUP INT TERM

ok() { echo "ok $1"; }
not_ok() { echo "not ok $1: $2"; }
oneline() { tr '\n' ' ' | sed 's/ *$//'; }
options() { grep -o -- '--[a-z][a-z-]*' | sed 's/-*$//' | sort -u; }
# run ARGS...: refund's stdout in $T/out, stderr in $T/err, exit code in $rc.
run() { "$REFUND" "$@" > "$T/out" 2> "$T/err"; rc=$?; }
# expect_usage NAME TEXT ARGS...: exit 2, nothing on stdout, TEXT on stderr.
expect_usage() {
  name=$1 text=$2
  shift 2
  run "$@"
  if [ $rc -ne 2 ]; then not_ok "$name" "exit $rc, expected 2: $(head -2 "$T/err" | oneline)"
  elif [ -s "$T/out" ]; then not_ok "$name" "stdout not empty"
  elif ! grep -qF -- "$text" "$T/err"; then not_ok "$name" "stderr does not say '$text': $(head -3 "$T/err" | oneline)"
  else ok "$name"; fi
}

# The table's rows: name, short letter (or 0), argument, commands.
rows=$(sed -n 's/^ *X([A-Z_]*, *"\([a-z-]*\)", *\([^,]*\), *CLI_\(FLAG\|VALUE\), *"\([^"]*\)").*/\1|\2|\3|\4/p' "$RF_TOP/cli/cli.h")
if [ "$(printf '%s\n' "$rows" | grep -c .)" -lt 20 ]; then
  not_ok "cli/cli.h CLI_OPTION_LIST has the options" "found only: $(printf '%s\n' "$rows" | oneline)"
fi
# rows_of CMD: the rows the command takes.
rows_of() {
  printf '%s\n' "$rows" | awk -F'|' -v c="$1" '{ n = split($4, l, " "); for (i = 1; i <= n; i++) if (l[i] == "*" || l[i] == c) { print; break } }'
}

commands=$("$REFUND" --help | awk '/^Commands:/ {on = 1; next} on && /^$/ {exit} on && /^  [a-z]/ {print $1}' | sort -u)
for cmd in $commands; do
  # ---- (a) the table and the help, both ways
  table=$(rows_of "$cmd" | cut -d'|' -f1 | sed 's/^/--/' | sort -u)
  help=$("$REFUND" "$cmd" --help | options)
  missing= extra=
  for o in $table; do printf '%s\n' "$help" | grep -qxF -e "$o" || missing="$missing $o"; done
  for o in $help; do printf '%s\n' "$table" | grep -qxF -e "$o" || extra="$extra $o"; done
  if [ -n "$missing$extra" ]; then
    not_ok "'refund $cmd --help' shows exactly the options the parser takes" "not in help:$missing; not taken:$extra"
  else ok "'refund $cmd --help' shows exactly the options the parser takes ($(printf '%s\n' "$table" | grep -c .))"; fi

  # ---- (b) unknown options, missing values, values given to flags
  expect_usage "$cmd: an unknown option is exit 2 naming it" "unknown option '--no-such-option'" "$cmd" --no-such-option
  expect_usage "$cmd: an unknown short option is exit 2 naming it" "unknown option '-Z'" "$cmd" -Z
  bad=
  for row in $(rows_of "$cmd" | tr ' ' '_'); do
    name=${row%%|*} arg=$(printf '%s' "$row" | cut -d'|' -f3)
    if [ "$arg" = VALUE ]; then
      run "$cmd" "--$name"
      [ $rc -eq 2 ] && grep -qF -- "option --$name needs a value" "$T/err" || bad="$bad --$name(rc=$rc)"
    else
      run "$cmd" "--$name=x"
      [ $rc -eq 2 ] && grep -qF -- "option --$name takes no value" "$T/err" || bad="$bad --$name=x(rc=$rc)"
    fi
  done
  if [ -n "$bad" ]; then not_ok "$cmd: a value missing, or given to a flag, is exit 2 naming the option" "$bad"
  else ok "$cmd: a value missing, or given to a flag, is exit 2 naming the option"; fi
done

# ---- (c) the GNU conventions ---------------------------------------------------------
cd "$RF_TOP" || exit 1
ex=examples/01-free-shipping-c-store.json
now=2024-06-25T10:00:00+08:00
"$REFUND" check $ex --now $now --format json --lang en > "$T/a" 2>&1
"$REFUND" check --format=json --lang=en --now=$now $ex > "$T/b" 2>&1
"$REFUND" check --form json --la en --no $now $ex > "$T/c" 2>&1
POSIXLY_CORRECT=1 "$REFUND" check $ex --now $now --format json --lang en > "$T/d" 2>&1
if cmp -s "$T/a" "$T/b" && cmp -s "$T/a" "$T/c" && cmp -s "$T/a" "$T/d" && grep -q '"order": "TB' "$T/a"; then
  ok "--opt value, --opt=value, unique prefixes and POSIXLY_CORRECT give the same verdict"
else not_ok "--opt value, --opt=value, unique prefixes and POSIXLY_CORRECT give the same verdict" "$(head -2 "$T/b" "$T/c" "$T/d" | oneline)"; fi
q="--channel mall --reason no_reason --kind return_refund --item 99.99 --after-success"
"$REFUND" quote $q > "$T/a" 2>&1
"$REFUND" quote --channel=mall --reason=no_reason --kind=return_refund --item=99.99 --after-success > "$T/b" 2>&1
if cmp -s "$T/a" "$T/b" && grep -q '^refund 94.49' "$T/a"; then ok "quote: --opt=value as --opt value"
else not_ok "quote: --opt=value as --opt value" "$(head -2 "$T/b" | oneline)"; fi
expect_usage "an ambiguous prefix lists the candidates" "ambiguous option '--s': --shipping-fee, --seller-postage" quote --s 1
expect_usage "another command's option is named as such" "unknown option '--jobs' for check (it is an option of: replay)" check $ex --jobs 2
cp $ex "$T/-x.json"
(cd "$T" && "$REFUND" validate -- -x.json > out2 2>&1); rc=$?
if [ $rc -eq 0 ] && grep -q '^-x.json: valid' "$T/out2"; then ok "-- ends the options: a file named -x.json"
else not_ok "-- ends the options: a file named -x.json" "exit $rc: $(head -2 "$T/out2" | oneline)"; fi
(cd "$T" && "$REFUND" validate -x.json > out2 2>&1); rc=$?
if [ $rc -eq 2 ] && grep -q "unknown option '-x'" "$T/out2"; then ok "without --, -x.json is an option"
else not_ok "without --, -x.json is an option" "exit $rc: $(head -2 "$T/out2" | oneline)"; fi
run validate $ex --lang zh --lang en
if [ $rc -eq 0 ] && grep -q ': valid, ' "$T/out"; then ok "an option given twice keeps its last value"
else not_ok "an option given twice keeps its last value" "exit $rc: $(head -1 "$T/out")"; fi

# ---- (d) values listed in full, missing options named ------------------------------------
# The names of one of refund.h's X-lists.
names() { sed -n "/^#define $1(X)/,/^\$/p" include/refund.h | sed -n 's/.*X(RF_[A-Z_]*, *"\([a-z_]*\)".*/\1/p'; }
# expect_values NAME LIST ARGS...: exit 2 and every name of LIST on stderr.
expect_values() {
  name=$1 list=$2
  shift 2
  run "$@"
  missing=
  for v in $(names "$list"); do grep -q -- "$v" "$T/err" || missing="$missing $v"; done
  if [ $rc -ne 2 ]; then not_ok "$name" "exit $rc"
  elif [ -n "$missing" ]; then not_ok "$name" "not listed:$missing ($(head -1 "$T/err"))"
  elif [ -z "$(names "$list")" ]; then not_ok "$name" "no names in $list"
  else ok "$name"; fi
}
base="--channel mall --reason no_reason --kind return_refund --item 1"
expect_values "quote --channel tmall lists every channel" RF_CHANNEL_LIST quote $base --channel tmall
expect_values "quote --reason lists every reason" RF_REASON_LIST quote $base --reason why
expect_values "quote --kind lists every kind" RF_KIND_LIST quote $base --kind return
expect_values "quote --insurance lists every holder" RF_INSURANCE_LIST quote $base --insurance both
nbase="--channel mall --item 1 --paid 2024-12-02T20:00"
expect_values "new --request lists every kind" RF_KIND_LIST new $nbase --request return --reason no_reason
expect_values "new --reason lists every reason" RF_REASON_LIST new $nbase --request return_refund --reason why
expect_values "new --channel lists every channel" RF_CHANNEL_LIST new $nbase --channel tmall
expect_usage "new --seven-day-return lists yes and no" "one of: yes, no" new $nbase --seven-day-return maybe
expect_usage "--format lists the formats" "(text, json, ndjson; csv for replay; dot, mermaid for graph)" check $ex --format xml
expect_usage "graph --format lists dot and mermaid" "for graph: dot or mermaid" graph refund --format json
expect_usage "check --format dot is refused, naming the formats" "text, json or ndjson" check $ex --format dot
expect_usage "--lang lists the languages" "(zh, en)" check $ex --lang fr
expect_values "quote with no options names every missing one with its values" RF_KIND_LIST quote
for o in --channel --reason --kind --amount; do
  grep -q -- "^  $o" "$T/err" || not_ok "quote with no options names $o" "$(oneline < "$T/err")"
done
expect_usage "quote names the one option missing" "quote: missing --kind" quote --channel mall --reason quality --item 3
expect_usage "new names every missing option" "new: missing --channel, --item X and --paid TIME" new
exit 0
