#!/bin/sh
# cli/completion.bash, sourced in bash and called as bash-completion calls
# it (COMP_WORDS, COMP_CWORD, then _refund, then COMPREPLY): command names,
# every command's options, the values of --channel, --reason, --kind,
# --request, --insurance (each exactly the names of include/refund.h's list),
# --lang, --format (graph's own), --opt=value split at = or not, files where
# a file goes, machines for graph. Skipped when bash is missing.
set -u
: "${REFUND:?set REFUND to the refund binary}"
RF_TOP=${RF_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
case $REFUND in /*) ;; *) REFUND=$(pwd)/$REFUND ;; esac
if ! command -v bash >/dev/null 2>&1; then echo "ok bash completion # SKIP bash is not installed"; exit 0; fi
T=$(mktemp -d "${TMPDIR:-/tmp}/rf_completion.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT HUP INT TERM
touch "$T/case-a.json" "$T/case-b.json"

# complete WORD...: the sorted completions of the last word (may be "").
complete_words() {
  (cd "$T" && bash -c '
    source "$1/cli/completion.bash" || exit 9
    shift
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    _refund
    printf "%s\n" "${COMPREPLY[@]}" | sort
  ' bash "$RF_TOP" "$REFUND" "$@")
}
ok() { echo "ok $1"; }
not_ok() { echo "not ok $1: $2"; }
oneline() { tr '\n' ' ' | sed 's/ *$//'; }
# expect NAME WANTED WORD...: the completions are exactly WANTED (words).
expect() {
  name=$1 want=$(printf '%s\n' $2 | sort | oneline)
  shift 2
  got=$(complete_words "$@" | oneline)
  if [ "$got" = "$want" ]; then ok "$name"; else not_ok "$name" "got '$got', expected '$want'"; fi
}
names() { sed -n "/^#define $1(X)/,/^\$/p" "$RF_TOP/include/refund.h" | sed -n 's/.*X(RF_[A-Z_]*, *"\([a-z_]*\)".*/\1/p' | oneline; }

commands=$("$REFUND" --help | awk '/^Commands:/ {on = 1; next} on && /^$/ {exit} on && /^  [a-z]/ {print $1}' | sort -u | oneline)
expect "refund <TAB>: every command, --help and --version" "$commands --help --version" ""
expect "refund re<TAB>: replay report" "replay report" re
expect "refund quote --channel <TAB>: the channels of refund.h" "$(names RF_CHANNEL_LIST)" quote --channel ""
expect "refund quote --channel m<TAB>" "mall mt" quote --channel m
expect "refund quote --channel=<TAB> (split at =)" "$(names RF_CHANNEL_LIST)" quote --channel =
expect "refund quote --channel=m<TAB> (split at =)" "mall mt" quote --channel = m
expect "refund quote --channel=m<TAB> (not split)" "mall mt" quote --channel=m
expect "refund quote --reason <TAB>: the reasons of refund.h" "$(names RF_REASON_LIST)" quote --reason ""
expect "refund quote --kind <TAB>: the kinds of refund.h" "$(names RF_KIND_LIST)" quote --kind ""
expect "refund new --request <TAB>: the kinds of refund.h" "$(names RF_KIND_LIST)" new --request ""
expect "refund new --insurance <TAB>: the holders of refund.h" "$(names RF_INSURANCE_LIST)" new --insurance ""
expect "refund new --seven-day-return <TAB>" "yes no" new --seven-day-return ""
expect "refund check CASE --lang <TAB>" "zh en" check case-a.json --lang ""
expect "refund check --format <TAB>" "text json ndjson" check --format ""
expect "refund graph refund --format <TAB>" "dot mermaid" graph refund --format ""
expect "refund graph <TAB>: the machines" "trade refund exchange intervention complaint" graph ""
expect "refund check <TAB>: files" "case-a.json case-b.json" check ""
expect "refund replay --ndjson <TAB>: files (--ndjson takes no value)" "case-a.json case-b.json" replay --ndjson ""
expect "refund new -o <TAB>: files" "case-a.json case-b.json" new --channel mall -o ""
expect "refund check --now <TAB>: nothing to offer for a time" "" check --now ""
expect "refund new --req<TAB>" "--request" new --req
expect "refund new --re<TAB>" "--reason --refused --request" new --re
for cmd in $commands; do
  want=$("$REFUND" "$cmd" --help | grep -o -- '--[a-z][a-z-]*' | sed 's/-*$//' | sort -u | oneline)
  [ "$cmd" = new ] && want="$want -o"
  expect "refund $cmd -<TAB>: its options" "$want" "$cmd" -
done
# Which options take a value, as the script reads it from the help, is the
# table's (cli/cli.h): so a value is completed where one goes, and after a
# flag come arguments.
rows=$(sed -n 's/^ *X([A-Z_]*, *"\([a-z-]*\)", *[^,]*, *CLI_\(FLAG\|VALUE\), *"\([^"]*\)").*/\1 \2 \3/p' "$RF_TOP/cli/cli.h")
for cmd in $commands; do
  wrong=
  while read -r name arg cmds; do
    case " $cmds " in *" $cmd "*|*" * "*) ;; *) continue ;; esac
    if bash -c 'source "$1/cli/completion.bash"; _refund_takes_value "$2" "$3" "--$4"' bash "$RF_TOP" "$REFUND" "$cmd" "$name"; then
      [ "$arg" = VALUE ] || wrong="$wrong --$name(flag)"
    else
      [ "$arg" = FLAG ] || wrong="$wrong --$name(takes a value)"
    fi
  done <<ROWS
$rows
ROWS
  if [ -z "$wrong" ]; then ok "refund $cmd: the script tells value options from flags as the parser does"
  else not_ok "refund $cmd: the script tells value options from flags as the parser does" "wrong:$wrong"; fi
done
# The value lists of the script are those of refund.h.
for pair in channel:RF_CHANNEL_LIST reason:RF_REASON_LIST kind:RF_KIND_LIST request:RF_KIND_LIST insurance:RF_INSURANCE_LIST; do
  opt=${pair%%:*} list=${pair#*:}
  got=$(bash -c 'source "$1/cli/completion.bash"; _refund_values "--$2" quote' bash "$RF_TOP" "$opt" | tr ' ' '\n' | sort | oneline)
  want=$(names "$list" | tr ' ' '\n' | sort | oneline)
  [ "$got" = "$want" ] && ok "--$opt values are $list" || not_ok "--$opt values are $list" "'$got' vs '$want'"
done
exit 0
