#!/bin/sh
# Every library error carries a detail (RF_ERROR_DETAIL_LIST), so that
# rf_error_message can say it in Chinese as well as English (issue 15). An
# error is made with rf__fail_detail (lib/error_text.h): a detail and its
# typed parameters, never a printf format. This fails on any way left to
# make an English-only error in lib/:
#  (a) a call or a definition of rf__fail, the printf-style error function
#      the library had (its last calls were converted; it is gone);
#  (b) any other function of lib/ that takes an rf_error and a printf
#      format (a format attribute, or "const char *fmt, ..." beside an
#      rf_error parameter);
#  (c) a write into an rf_error's message or field (the library names its
#      rf_error pointers err) outside lib/error_text.c, which composes the
#      message from the detail;
#  (d) the JSON reader formatting a message of its own (fail_at,
#      describe_byte: its syntax errors have details);
#  (f) the importer composing the sentence of a report entry when it
#      records it (lib/import*.c): no printf-style function and no
#      vsnprintf there, no text member in an entry; an entry keeps a detail
#      and the report is written in the language asked for.
# And, from the built library, that a few errors of every kind the
# conversion touched now say their Chinese sentence:
#  (e) refund validate of a case with an unknown import name, and of a
#      policy whose mall fees exceed 10000 bp, in --lang zh;
#  (g) refund import top --lang zh of the format errors fixture: each
#      report line Chinese after its code and field.
# POSIX sh with grep and awk. Prints "ok NAME" or "not ok NAME: why".
set -u
RF_TOP=${RF_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$RF_TOP" || exit 1
T=$(mktemp -d "${TMPDIR:-/tmp}/rf_details.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT HUP INT TERM

ok() { echo "ok $1"; }
not_ok() { echo "not ok $1: $2"; }
oneline() { tr '\n' '|' | sed 's/|*$//'; }

# (a) rf__fail, called or defined (rf__fail_detail, rf__fail_with and
# rf__fail_null are the detail's makers and are not matched).
grep -n 'rf__fail *(' lib/*.c lib/*.h > "$T/a"
if [ -s "$T/a" ]; then not_ok "no rf__fail (English-only error) in lib/" "$(head -3 "$T/a" | oneline)"
else ok "no rf__fail (English-only error) in lib/"; fi

# (b) a printf-style function taking an rf_error: its declaration spans a
# few lines, so each is joined up to its ';' or '{' first.
awk '
  FNR == 1 { buf = "" }
  { buf = buf " " $0 }
  /[;{]/ {
    if (buf ~ /rf_error *\*/ && (buf ~ /format *\( *printf/ || buf ~ /const char \*[a-z_]*fmt[a-z_]*, *\.\.\./))
      print FILENAME ": " substr(buf, 1, 120)
    buf = ""
  }' lib/*.c lib/*.h > "$T/b"
if [ -s "$T/b" ]; then not_ok "no printf-style error function in lib/" "$(head -3 "$T/b" | oneline)"
else ok "no printf-style error function in lib/"; fi

# (c) writes into an rf_error's message or field outside error_text.c.
grep -n '\berr\(->\|\.\)\(message\|field\)\b' lib/*.c | grep -v '^lib/error_text\.c:' |
  grep '\(printf\|memcpy\|strcpy\|strcat\|rf__text_copy\|\(message\|field\)\[[^]]*\] *=\|\(message\|field\) *=\)' > "$T/c"
if [ -s "$T/c" ]; then not_ok "only lib/error_text.c writes an error's message" "$(head -3 "$T/c" | oneline)"
else ok "only lib/error_text.c writes an error's message"; fi

# (d) The JSON reader's syntax errors have details.
n=$(grep -c 'fail_at(\|describe_byte(' lib/json_read.c)
if [ "$n" -eq 0 ]; then ok "the JSON reader formats no English message"
else not_ok "the JSON reader formats no English message" "$n calls of fail_at/describe_byte"; fi

# (f) The importer's report entries are data: a detail and its parameters.
{
  grep -n 'format *( *printf\|vsnprintf\|const char \*fmt, *\.\.\.' lib/import*.c lib/import.h
  awk '/^typedef struct rf__report_entry/,/} rf__report_entry;/' lib/import.h | grep -n 'message'
} > "$T/f"
if ! grep -q 'rf_error_detail detail;' lib/import.h; then echo "lib/import.h: rf__report_entry keeps no detail" >> "$T/f"; fi
if [ -s "$T/f" ]; then not_ok "the importer records a detail, not a sentence" "$(head -3 "$T/f" | oneline)"
else ok "the importer records a detail, not a sentence"; fi

# (e) Errors converted last, said in Chinese by the command.
if [ -n "${REFUND:-}" ]; then
  sed -e 's/"events": \[/"import": {"source": "top", "missing": ["payed"]}, "events": [/' \
    examples/01-free-shipping-c-store.json > "$T/set.json"
  "$REFUND" validate "$T/set.json" --lang zh > "$T/out" 2>&1
  if grep -q '未知的名称 "payed"；可用的名称：.*paid（付款）' "$T/out"; then
    ok "an unknown name of an import set is said in Chinese, with the labels"
  else not_ok "an unknown name of an import set is said in Chinese, with the labels" "$(head -3 "$T/out" | oneline)"; fi
  echo '{"mall_commission_bp": 6000, "mall_points_bp": 5000}' > "$T/policy.json"
  "$REFUND" rules --policy "$T/policy.json" --lang zh > "$T/out" 2>&1; rc=$?
  if [ $rc = 4 ] && grep -q "mall_commission_bp 与 mall_points_bp 之和不能超过 10000 基点" "$T/out"; then
    ok "a policy whose fees conflict is said in Chinese (exit 4)"
  else not_ok "a policy whose fees conflict is said in Chinese (exit 4)" "exit $rc: $(head -3 "$T/out" | oneline)"; fi
  # (g) The importer's report in Chinese: after "CODE FIELD: ", no ASCII
  # letter but in quotes or JSON's words.
  d=tests/data/top/format_errors
  "$REFUND" import top --trade $d/trade.json --refund $d/refund.json --tmc $d/tmc.ndjson --lang zh > /dev/null 2> "$T/out"; rc=$?
  sed -n 's/^refund: [^ ]*: [A-Z_]* \([a-z_.0-9]*\(\[[0-9]*\][a-z_.]*\)*: \)\{0,1\}//p' "$T/out" |
    sed -e 's/"[^"]*"//g' -e "s/'[^']*'//g" -e 's/JSON\|TMC\|content//g' | grep '[A-Za-z]' > "$T/en"
  n=$(grep -c '^refund: [^ ]*: [A-Z_]* ' "$T/out")
  if [ $rc = 3 ] && [ "$n" -ge 8 ] && [ ! -s "$T/en" ] && grep -q '金额必须是以元为单位的字符串' "$T/out"; then
    ok "the importer's report is said in Chinese ($n lines, exit 3)"
  else not_ok "the importer's report is said in Chinese" "exit $rc, $n lines: $(head -3 "$T/en" | oneline)"; fi
fi
