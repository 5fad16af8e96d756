#!/bin/sh
# The progress line of replay --ndjson (issue 16 item 5): one line on stderr,
# rewritten with \r at most four times a second, ended with a newline; by
# default only when stderr is a terminal (and stdout is not), --progress and
# --no-progress override. Every number in it is integer arithmetic.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$RF_TOP" || exit 1
for f in $(ls examples/[0-9]*.json | grep -v expected); do tr -d '\n' < "$f"; echo; done > "$T/cases.ndjson"
n=$(wc -l < "$T/cases.ndjson")
found=$("$REFUND" replay --ndjson "$T/cases.ndjson" | grep -o '"code":"[A-Z_]*"' | wc -l)
now_ms() { date +%s%3N; }
# The updates in a stderr file: the pieces between carriage returns and
# newlines that are progress lines.
updates() { tr '\r' '\n' < "$1" | grep -cE '^refund: [0-9]+ lines, [0-9]+\.[0-9] MB( \([0-9]+%\))?(, [0-9]+\.[0-9] MB/s)?, [0-9]+ findings(, [0-9]+ bad lines?)?$'; }

# 1. Forced on, stderr a file, the input arriving in 24 pieces over about
# 2.4 s (a batch each): a few updates, never more than four a second, and a
# final line with the whole count, ended by a newline.
start=$(now_ms)
i=0
while [ $i -lt 24 ]; do cat "$T/cases.ndjson"; sleep 0.1; i=$((i + 1)); done \
  | "$REFUND" replay --ndjson - --progress > "$T/out" 2> "$T/err"; rc=$?
ms=$(($(now_ms) - start))
u=$(updates "$T/err")
max=$((ms / 250 + 1)) # one at most every 250 ms, and the final one
last=$(tr '\r' '\n' < "$T/err" | tail -n 1)
if [ $rc -eq 1 ] && [ "$u" -ge 3 ] && [ "$u" -le $max ] && [ "$(tail -c 1 "$T/err" | od -An -c | tr -d ' ')" = '\n' ] \
   && [ "$(tr -cd '\n' < "$T/err" | wc -c)" -eq 1 ] \
   && case $last in "refund: $((24 * n)) lines, "*", $((24 * found)) findings") true ;; *) false ;; esac; then
  echo "ok --progress: $u updates in $ms ms (at most $max), one line ended by a newline: $last"
else echo "not ok --progress: rc=$rc, $u updates in $ms ms (at most $max); last: $last"; fi

# 2. A regular file: the percentage, 100% at the end.
"$REFUND" replay --ndjson "$T/cases.ndjson" --progress > /dev/null 2> "$T/err"
last=$(tr '\r' '\n' < "$T/err" | tail -n 1)
case $last in
  "refund: $n lines, 0.0 MB (100%), "*" MB/s, $found findings") echo "ok --progress on a file shows how far it got: $last" ;;
  *) echo "not ok --progress on a file: '$last'" ;;
esac

# 3. A bad line's message starts a line of its own: the progress line is
# blanked first. The bad line is sent once a progress line is showing (the
# cases are sent again every 0.3 s until one is, however slowly the command
# starts, as under valgrind); $T/k keeps how many times they were sent.
: > "$T/err"
{ k=0
  while [ $k -lt 100 ] && ! grep -qa 'lines, ' "$T/err"; do cat "$T/cases.ndjson"; k=$((k + 1)); sleep 0.3; done
  echo $k > "$T/k"; echo '{"order":{"id":"TB-x"'; cat "$T/cases.ndjson"; } \
  | "$REFUND" replay --ndjson - --progress > /dev/null 2> "$T/err"; rc=$?
bad=$(($(cat "$T/k") * n + 1))
msg=$(grep -a 'refund: -:' "$T/err" | tr '\r' '\n' | tail -n 1)
if [ $rc -eq 6 ] && [ "$msg" = "refund: -:$bad:22: unexpected end of input inside object; expected ',' or '}' after object member" ] \
   && [ "$(updates "$T/err")" -ge 2 ]; then
  echo "ok a bad line's message is not mixed into the progress line"
else echo "not ok bad line under --progress (rc=$rc): '$msg'"; fi

# 4. Not a terminal, no flag: nothing on stderr.
"$REFUND" replay --ndjson "$T/cases.ndjson" > /dev/null 2> "$T/err"
[ -s "$T/err" ] && echo "not ok stderr not a terminal: progress written: $(head -c 80 "$T/err")" \
  || echo "ok no progress when stderr is not a terminal"
"$REFUND" replay "$T/cases.ndjson" --progress > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && echo "ok --progress without --ndjson is a usage error" || echo "not ok --progress without --ndjson (exit $rc)"

# 5. On a terminal (a pseudo-terminal from script(1), stdout to a file), by
# default; not with --no-progress.
if ! command -v script >/dev/null 2>&1; then
  echo "ok progress on a terminal # SKIP script (util-linux, package bsdutils) is not installed"
  exit 0
fi
cat > "$T/run.sh" <<EOF
i=0
while [ \$i -lt 8 ]; do cat "$T/cases.ndjson"; sleep 0.1; i=\$((i + 1)); done | "$REFUND" replay --ndjson - \$1 > "$T/tty.out"
EOF
script -qec "sh $T/run.sh" "$T/tty.log" < /dev/null > /dev/null 2>&1; rc=$?
u=$(updates "$T/tty.log")
if [ $rc -eq 1 ] && [ "$u" -ge 2 ] && [ "$(wc -l < "$T/tty.out")" -eq $((8 * n)) ]; then
  echo "ok on a terminal the progress shows by default ($u updates), the verdicts go to stdout"
else echo "not ok on a terminal: exit $rc, $u updates: $(tr '\r' '\n' < "$T/tty.log" | tail -n 2)"; fi
script -qec "sh $T/run.sh --no-progress" "$T/tty.log" < /dev/null > /dev/null 2>&1; rc=$?
if [ $rc -eq 1 ] && [ "$(updates "$T/tty.log")" -eq 0 ]; then
  echo "ok --no-progress on a terminal: no progress line"
else echo "not ok --no-progress on a terminal (exit $rc): $(head -c 100 "$T/tty.log")"; fi
