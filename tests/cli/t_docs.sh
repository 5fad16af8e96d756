#!/bin/sh
# The documentation against the code it describes:
#  (a) docs/refund.1 and docs/librefund.3 render with no warnings (man -l, and
#      groff -man -ww -z), and are ASCII so that they need no preprocessor;
#  (b) for every subcommand `refund --help` lists, the options `refund CMD
#      --help` prints are exactly those of the man page's section for CMD,
#      both ways; the top-level options are in the man page too;
#  (c) every rf_ function of include/refund.h is named in docs/librefund.3;
#  (d) every finding code (RF_FINDING_LIST) has its section in
#      docs/audit-findings.md, and the examples it cites exist;
#  (e) every status (RF_STATUS_LIST) has an exit code in cli/main.c
#      (cli_exit_code), its section and that exit code in docs/errors.md,
#      and its exit code in docs/librefund.3;
#  (f) docs/graphs/NAME.dot and NAME.mmd equal `refund graph NAME`, and the SVG
#      names every state (the diagrams come from the engine's tables);
#  (g) docs/machines.md names every state and event of every machine and
#      embeds each diagram; the docs' relative links lead somewhere;
#  (h) include/refund.h states the contract of every public function (what
#      NULL means for each pointer parameter, who owns what it returns,
#      thread safety, statuses: tests/cli/header_contract.awk), and the
#      functions it finds are exactly the exported ones (tests/abi/symbols.txt);
#      docs/librefund.3 has the sections that sum the contract up.
# POSIX sh with grep, sed, awk and diff. Prints "ok NAME" or "not ok NAME: why".
set -u
: "${REFUND:?set REFUND to the refund binary}"
RF_TOP=${RF_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$RF_TOP" || exit 1

ok() { echo "ok $1"; }
not_ok() { echo "not ok $1: $2"; }
# One line of a list, for messages.
oneline() { tr '\n' ' ' | sed 's/ *$//'; }
# A roff source as plain words: font escapes dropped, \- as -.
plain_roff() { sed -e 's/\\f[BIRP]//g' -e 's/\\f(..//g' -e 's/\\-/-/g' "$1"; }
# The long options in standard input, sorted and unique.
options() { grep -o -- '--[a-z][a-z-]*' | sed 's/-*$//' | sort -u; }

MAN1=docs/refund.1
MAN3=docs/librefund.3

# ---- (a) the man pages render cleanly ---------------------------------------------
for page in $MAN1 $MAN3; do
  if [ ! -f "$page" ]; then not_ok "$page renders" "missing"; continue; fi
  bad=$(LC_ALL=C grep -n '[^ -~	]' "$page" | head -3)
  if [ -n "$bad" ]; then not_ok "$page is ASCII" "$(printf '%s\n' "$bad" | oneline)"
  else ok "$page is ASCII"; fi
  ran=0
  if command -v man >/dev/null 2>&1; then
    ran=1
    err=$(LC_ALL=C MANWIDTH=80 man --warnings=w -l "$page" 2>&1 >/dev/null)
    if [ -n "$err" ]; then not_ok "man -l $page renders without warnings" "$(printf '%s\n' "$err" | head -3 | oneline)"
    else ok "man -l $page renders without warnings"; fi
  fi
  if command -v groff >/dev/null 2>&1; then
    ran=1
    err=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
    if [ -n "$err" ]; then not_ok "groff -man -ww $page renders without warnings" "$(printf '%s\n' "$err" | head -3 | oneline)"
    else ok "groff -man -ww $page renders without warnings"; fi
  fi
  [ $ran = 1 ] || ok "$page renders # SKIP neither man nor groff is installed"
done

# ---- (b) every command's options, both ways -------------------------------------------
# The commands are those `refund --help` lists under "Commands:".
commands=$("$REFUND" --help | awk '/^Commands:/ {on = 1; next} on && /^$/ {exit} on && /^  [a-z]/ {print $1}' | sort -u)
if [ -z "$commands" ]; then not_ok "refund --help lists commands" "none found"; fi
for cmd in $commands; do
  # The man page's section: from `.SS cmd` to the next .SS or .SH.
  section=$(plain_roff $MAN1 | awk -v c="$cmd" '
    /^\.S[SH] / { name = $0; sub(/^\.S[SH] +/, "", name); gsub(/"/, "", name); on = ($1 == ".SS" && name == c); next }
    on')
  if [ -z "$section" ]; then not_ok "refund.1 has a section for $cmd" "no '.SS $cmd'"; continue; fi
  ok "refund.1 has a section for $cmd"
  if ! plain_roff $MAN1 | awk '/^\.SH SYNOPSIS/ {on = 1; next} /^\.SH/ {on = 0} on' | grep -q "refund $cmd"; then
    not_ok "refund.1 SYNOPSIS shows $cmd" "no 'refund $cmd'"
  else ok "refund.1 SYNOPSIS shows $cmd"; fi
  help_opts=$("$REFUND" "$cmd" --help | options)
  man_opts=$(printf '%s\n' "$section" | options)
  missing= extra=
  for o in $help_opts; do printf '%s\n' "$man_opts" | grep -qxF -e "$o" || missing="$missing $o"; done
  for o in $man_opts; do printf '%s\n' "$help_opts" | grep -qxF -e "$o" || extra="$extra $o"; done
  if [ -n "$missing" ]; then not_ok "refund.1 '$cmd' lists every option of 'refund $cmd --help'" "missing$missing"
  else ok "refund.1 '$cmd' lists every option of 'refund $cmd --help'"; fi
  if [ -n "$extra" ]; then not_ok "refund.1 '$cmd' lists only options of 'refund $cmd --help'" "not in --help:$extra"
  else ok "refund.1 '$cmd' lists only options of 'refund $cmd --help'"; fi
done
missing=
for opt in $("$REFUND" --help | options); do
  plain_roff $MAN1 | grep -q -e "$opt" || missing="$missing $opt"
done
if [ -n "$missing" ]; then not_ok "refund.1 has every option of 'refund --help'" "missing$missing"
else ok "refund.1 has every option of 'refund --help'"; fi

# ---- (c) every public function is in librefund.3 ------------------------------------------
functions=$(grep -o 'rf_[a-z0-9_]*(' include/refund.h | sed 's/($//' | sort -u)
n=0 missing=
for fn in $functions; do
  n=$((n + 1))
  plain_roff $MAN3 | grep -Eq "(^|[^a-z0-9_])$fn([^a-z0-9_]|\$)" || missing="$missing $fn"
done
if [ $n -lt 40 ]; then not_ok "librefund.3 names every rf_ function" "found only $n functions in include/refund.h"
elif [ -n "$missing" ]; then not_ok "librefund.3 names every rf_ function ($n)" "missing$missing"
else ok "librefund.3 names every rf_ function ($n)"; fi

# ---- (d) every finding code has its section -------------------------------------------------
# A list's lines: from `#define NAME(X)` to the first line with no trailing backslash.
xlist() { awk -v l="$1" '$0 ~ "^#define " l "\\(X\\)" {on = 1} on {print} on && !/\\$/ {exit}' include/refund.h; }
codes=$(xlist RF_FINDING_LIST | sed -n 's/.*X(RF_FINDING_[A-Z_]*, *"\([A-Z_]*\)".*/\1/p' | grep -vx NONE)
n=0 missing=
for code in $codes; do
  n=$((n + 1))
  grep -qx "### $code" docs/audit-findings.md || missing="$missing $code"
done
if [ $n -lt 10 ]; then not_ok "audit-findings.md describes every finding code" "found only $n codes in RF_FINDING_LIST"
elif [ -n "$missing" ]; then not_ok "audit-findings.md describes every finding code ($n)" "no section for$missing"
else ok "audit-findings.md describes every finding code ($n)"; fi
missing=
for ex in $(grep -o 'examples/[0-9][A-Za-z0-9._-]*\.json' docs/audit-findings.md | sort -u); do
  [ -f "$ex" ] || missing="$missing $ex"
done
if [ -n "$missing" ]; then not_ok "the examples audit-findings.md cites exist" "missing$missing"
else ok "the examples audit-findings.md cites exist"; fi

# ---- (e) every status, with its exit code ---------------------------------------------------
# The exit code is the command's: the `case RF_...: return N;` lines of
# cli_exit_code in cli/main.c.
statuses=$(xlist RF_STATUS_LIST | sed -n 's/.*X(\(RF_[A-Z_]*\), *\([0-9]*\),.*/\1 \2/p')
n=0 missing= wrong= man_missing= no_exit=
while read -r name value; do
  [ -n "$name" ] || continue
  n=$((n + 1))
  grep -qx "### $name" docs/errors.md || missing="$missing $name"
  exitcode=$(sed -n "s/^ *case $name: *return \([0-9]*\);.*/\1/p" cli/main.c)
  if [ -z "$exitcode" ]; then no_exit="$no_exit $name"; continue; fi
  grep -Eq "^\| \[?\`$name\`.*\| $value \| $exitcode \|" docs/errors.md || wrong="$wrong $name"
  plain_roff $MAN3 | grep -Fq "$name \" ($value), exit $exitcode\"" || man_missing="$man_missing $name"
done <<EOF
$statuses
EOF
if [ -n "$no_exit" ]; then not_ok "cli/main.c gives every status an exit code" "none for$no_exit"
else ok "cli/main.c gives every status an exit code"; fi
if [ $n -lt 10 ]; then not_ok "errors.md describes every status" "found only $n statuses in RF_STATUS_LIST"
elif [ -n "$missing" ]; then not_ok "errors.md describes every status ($n)" "no section for$missing"
else ok "errors.md describes every status ($n)"; fi
if [ -n "$wrong" ]; then not_ok "errors.md gives each status its value and exit code" "wrong or missing row for$wrong"
else ok "errors.md gives each status its value and exit code"; fi
if [ -n "$man_missing" ]; then not_ok "librefund.3 lists each status with its exit code" "missing or wrong:$man_missing"
else ok "librefund.3 lists each status with its exit code"; fi

# ---- (f) the diagrams are the engine's tables -------------------------------------------------
machines="trade refund exchange intervention complaint"
for f in docs/graphs/*.dot; do
  [ -f "$f" ] || continue
  m=$(basename "$f" .dot)
  case " $machines " in *" $m "*) ;; *) machines="$machines $m" ;; esac
done
for m in $machines; do
  for fmt in dot mmd; do
    syntax=$fmt; [ $fmt = mmd ] && syntax=mermaid
    f=docs/graphs/$m.$fmt
    if [ ! -f "$f" ]; then not_ok "$f is 'refund graph $m --format $syntax'" "missing (make docs)"; continue; fi
    d=$("$REFUND" graph "$m" --format $syntax 2>&1 | diff - "$f" 2>&1)
    if [ -n "$d" ]; then not_ok "$f is 'refund graph $m --format $syntax'" "differs, run make docs: $(printf '%s\n' "$d" | head -4 | oneline)"
    else ok "$f is 'refund graph $m --format $syntax'"; fi
  done
  svg=docs/graphs/$m.svg
  if [ ! -f "$svg" ]; then not_ok "$svg names every state" "missing (make docs)"; continue; fi
  missing=
  for s in $("$REFUND" graph "$m" --format mermaid | sed -n 's/^  state "[^"]*" as \([A-Z_]*\)$/\1/p'); do
    grep -q ">$s<" "$svg" || missing="$missing $s"
  done
  if [ -n "$missing" ]; then not_ok "$svg names every state" "missing$missing (make docs)"
  else ok "$svg names every state"; fi
done

# ---- (g) machines.md and the links -------------------------------------------------------------
for m in $machines; do
  g=$("$REFUND" graph "$m" --format mermaid)
  words=$( { printf '%s\n' "$g" | sed -n 's/^  state "[^"]*" as \([A-Z_]*\)$/\1/p'
             printf '%s\n' "$g" | sed -n 's/^  [A-Z_]* --> [A-Z_]* : \([a-z_]*\).*/\1/p'; } | sort -u)
  missing=
  for w in $words; do grep -Eq "(\`$w\`|[ |,]$w[ |,])" docs/machines.md || missing="$missing $w"; done
  if [ -n "$missing" ]; then not_ok "machines.md names every state and event of $m" "missing$missing"
  else ok "machines.md names every state and event of $m"; fi
  if grep -q "^!\[[^]]*\](graphs/$m\.svg)" docs/machines.md; then ok "machines.md embeds graphs/$m.svg"
  else not_ok "machines.md embeds graphs/$m.svg" "no ![...](graphs/$m.svg)"; fi
done
missing=
for f in docs/*.md; do
  for target in $(grep -o ']([^)#: ]*[)#]' "$f" | sed 's/^](//; s/[)#]$//' | sort -u); do
    [ -z "$target" ] || [ -e "docs/$target" ] || missing="$missing $(basename "$f")->$target"
  done
done
if [ -n "$missing" ]; then not_ok "the docs' relative links lead to files" "broken:$missing"
else ok "the docs' relative links lead to files"; fi
missing=
for f in docs/*.md docs/*.1 docs/*.3; do
  [ -f "$f" ] || continue
  b=$(basename "$f")
  [ "$b" = README.md ] && continue
  grep -q "($b)" docs/README.md || missing="$missing $b"
done
if [ -n "$missing" ]; then not_ok "docs/README.md indexes every page" "missing$missing"
else ok "docs/README.md indexes every page"; fi

# ---- (h) the header states every function's contract ------------------------------------------
contract=$(awk -f tests/cli/header_contract.awk include/refund.h)
declared=$(printf '%s\n' "$contract" | sed -n 's/^DECL //p' | sort -u)
missing=
for sym in $(cat tests/abi/symbols.txt); do
  printf '%s\n' "$declared" | grep -qxF -e "$sym" || missing="$missing $sym"
done
extra=
for fn in $declared; do grep -qxF -e "$fn" tests/abi/symbols.txt || extra="$extra $fn"; done
if [ -n "$missing$extra" ]; then
  not_ok "header_contract.awk reads every exported function's declaration" "not found:$missing; not exported:$extra"
else ok "header_contract.awk reads every exported function's declaration"; fi
n=$(printf '%s\n' "$declared" | grep -c .)
fails=$(printf '%s\n' "$contract" | sed -n 's/^FAIL //p')
if [ -n "$fails" ]; then
  printf '%s\n' "$fails" | while IFS= read -r line; do
    not_ok "include/refund.h states the contract of ${line%%:*}" "its comment does not say ${line#*: }"
  done
else ok "include/refund.h states NULL, ownership, thread safety and errors for every function ($n) and RF_..._INIT"; fi
missing=
for sec in "THREAD SAFETY" "NULL ARGUMENTS" "OWNERSHIP" "ERRORS"; do
  grep -qx ".SH \"*$sec\"*" $MAN3 || missing="$missing '$sec'"
done
if [ -n "$missing" ]; then not_ok "librefund.3 sums up the contract" "no section$missing"
else ok "librefund.3 sums up the contract"; fi
exit 0
