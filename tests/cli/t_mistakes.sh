#!/bin/sh
# The mistakes of after-sales staff typing a case file with a Chinese input
# method or saving it with Notepad, as `refund validate` reports them in
# Chinese and English (issue 15): each file is made with the exact bytes
# those tools write (printf octal escapes for the UTF-8 of full-width
# punctuation, curly quotes and the BOM; iconv for GBK and UTF-16), and
# each report must name the character, where it is, and the fix. The fixes
# printed for a BOM and a GBK file are then run as printed, and the file
# they give must be valid. Then: every error of a file at once (up to 20),
# and the whole list of event types.
# Run by tests/cli/run.sh with $REFUND (the binary) and $RF_TOP (the repo).
set -u
: "${REFUND:?set REFUND to the refund binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rf_mistakes.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp" || exit 1

ok() { echo "ok $1"; }
not_ok() { echo "not ok $1: $2"; }

# The bytes.
COMMA=$(printf '\357\274\214')     # ， U+FF0C FULLWIDTH COMMA
COLON=$(printf '\357\274\232')     # ： U+FF1A FULLWIDTH COLON
SEMI=$(printf '\357\274\233')      # ； U+FF1B FULLWIDTH SEMICOLON
LPAREN=$(printf '\357\274\210')    # （ U+FF08 FULLWIDTH LEFT PARENTHESIS
LBRACE=$(printf '\357\275\233')    # ｛ U+FF5B FULLWIDTH LEFT CURLY BRACKET
RBRACE=$(printf '\357\275\235')    # ｝ U+FF5D FULLWIDTH RIGHT CURLY BRACKET
LDQUO=$(printf '\342\200\234')     # “ U+201C LEFT DOUBLE QUOTATION MARK
RDQUO=$(printf '\342\200\235')     # ” U+201D RIGHT DOUBLE QUOTATION MARK
BOM=$(printf '\357\273\277')       # EF BB BF
W8=$(printf '\357\274\230')        # ８ U+FF18
W0=$(printf '\357\274\220')        # ０ U+FF10

cat >good.json <<'EOF'
{
  "schema": "refund-case/1",
  "order": {
    "id": "TB1",
    "channel": "c_store",
    "item_amount": "88.00",
    "shipping_fee": "0.00"
  },
  "events": [
    {"id": "e1", "at": "2024-06-20T09:00:00+08:00", "actor": "buyer", "type": "order_created"},
    {"id": "e2", "at": "2024-06-20T09:05:00+08:00", "actor": "buyer", "type": "paid"},
    {"id": "e3", "at": "2024-06-24T20:00:00+08:00", "actor": "buyer", "type": "refund_requested", "kind": "refund_only", "reason": "not_received", "amount": "80.00"},
    {"id": "e4", "at": "2024-06-25T20:00:00+08:00", "actor": "seller", "type": "refund_refused", "note": "七天无理由退货"}
  ]
}
EOF

# validate_in LANG FILE: runs `refund validate --lang LANG FILE`, stdout in
# out, stderr in err, exit code in $rc.
validate_in() {
  "$REFUND" validate --lang "$1" "$2" >out 2>err
  rc=$?
}

# expect NAME FILE CODE POSITION LANG TEXT...: `refund validate --lang LANG
# FILE` exits CODE with nothing on stdout, its first error line starts with
# "refund: FILE:POSITION: " and holds every TEXT.
expect() {
  name=$1 file=$2 code=$3 pos=$4 lang=$5
  shift 5
  validate_in "$lang" "$file"
  first=$(head -n 1 err)
  if [ "$rc" -ne "$code" ]; then not_ok "$name ($lang)" "exit $rc, expected $code: $first"; return; fi
  if [ -s out ]; then not_ok "$name ($lang)" "stdout not empty: $(head -c 200 out)"; return; fi
  case $first in
    "refund: $file:$pos: "*) ;;
    *) not_ok "$name ($lang)" "'$first' is not at $file:$pos"; return ;;
  esac
  for want in "$@"; do
    case $first in
      *"$want"*) ;;
      *) not_ok "$name ($lang)" "'$first' does not say '$want'"; return ;;
    esac
  done
  ok "$name ($lang)"
}

# no_identifier NAME: the Chinese message of the last run (the text after
# "FILE:LINE:COL: " and the field path) holds no identifier such as
# refund_requested: the words around the file's own values are Chinese.
no_identifier() {
  msg=$(head -n 1 err | sed 's/^refund: [^ ]*: //; s/^[a-z_]*\(\[[0-9]*\]\)*\(\.[a-z_]*\)*: //')
  if printf '%s\n' "$msg" | grep -Eq '[a-z]+_[a-z]+'; then not_ok "$1: no identifier in the Chinese" "$msg"
  else ok "$1: no identifier in the Chinese"; fi
}

# ---- full-width punctuation and curly quotes (exit 3) ---------------------------------

sed "5s/\"c_store\",/\"c_store\"$COMMA/" good.json >comma.json
expect "full-width comma" comma.json 3 5:25 en "\"$COMMA\" (U+FF0C FULLWIDTH COMMA)" "where JSON expects ','" "half-width"
expect "full-width comma" comma.json 3 5:25 zh "\"$COMMA\"（U+FF0C 全角逗号）" "半角的 ','" "英文（半角）标点"
no_identifier "full-width comma"

sed "5s/\"channel\":/\"channel\"$COLON/" good.json >colon.json
expect "full-width colon" colon.json 3 5:14 en "U+FF1A FULLWIDTH COLON" "where JSON expects ':'"
expect "full-width colon" colon.json 3 5:14 zh "全角冒号" "半角的 ':'"

sed "5s/\"c_store\",/\"c_store\"$SEMI/" good.json >semicolon.json
expect "full-width semicolon" semicolon.json 3 5:25 en "U+FF1B FULLWIDTH SEMICOLON" "where JSON expects ','"
expect "full-width semicolon" semicolon.json 3 5:25 zh "全角分号" "','"

sed "5s/\"c_store\",/\"c_store\"$LPAREN,/" good.json >paren.json
expect "full-width parenthesis" paren.json 3 5:25 en "U+FF08 FULLWIDTH LEFT PARENTHESIS" "delete it"
expect "full-width parenthesis" paren.json 3 5:25 zh "全角左圆括号" "删除"

sed "1s/{/$LBRACE/" good.json >lbrace.json
expect "full-width opening brace" lbrace.json 3 1:1 en "U+FF5B FULLWIDTH LEFT CURLY BRACKET" "'{'"
expect "full-width opening brace" lbrace.json 3 1:1 zh "全角左花括号" "'{'"
sed "15s/}/$RBRACE/" good.json >rbrace.json
expect "full-width closing brace" rbrace.json 3 15:1 en "U+FF5D FULLWIDTH RIGHT CURLY BRACKET" "'}'"
expect "full-width closing brace" rbrace.json 3 15:1 zh "全角右花括号" "'}'"

sed "12s/\"kind\"/${LDQUO}kind$RDQUO/" good.json >curly.json
expect "curly-quoted key" curly.json 3 12:99 en "${LDQUO}kind$RDQUO is in curly quotes" "write \"kind\""
expect "curly-quoted key" curly.json 3 12:99 zh "${LDQUO}kind$RDQUO" "弯引号" "写成 \"kind\""
no_identifier "curly-quoted key"
sed "12s/\"refund_only\"/${LDQUO}refund_only$RDQUO/" good.json >curlyvalue.json
expect "curly-quoted value" curlyvalue.json 3 12:107 en "write \"refund_only\""
expect "curly-quoted value" curlyvalue.json 3 12:107 zh "写成 \"refund_only\""
sed "5s/\"c_store\",/\"c_store$RDQUO,/" good.json >curlyclose.json
expect "string closed by a curly quote" curlyclose.json 3 5:24 en "ends with the curly quote \"$RDQUO\" (U+201D RIGHT DOUBLE QUOTATION MARK)"
expect "string closed by a curly quote" curlyclose.json 3 5:24 zh "右双引号" "直引号"

# ---- Notepad: a BOM, GBK, UTF-16 (exit 3) -----------------------------------------------------

{ printf '%s' "$BOM"; cat good.json; } >bom.json
expect "UTF-8 BOM" bom.json 3 1:1 en "byte order mark" "UTF-8 with BOM" "sed -i '1s/^\\xEF\\xBB\\xBF//' bom.json"
expect "UTF-8 BOM" bom.json 3 1:1 zh "字节顺序标记" "不带 BOM" "sed -i '1s/^\\xEF\\xBB\\xBF//' bom.json"
no_identifier "UTF-8 BOM"
# The fix as printed.
fix=$(head -n 1 err | sed -n 's/.*\(sed -i .*\)$/\1/p')
if [ -n "$fix" ] && sh -c "$fix" 2>/dev/null && "$REFUND" validate bom.json >/dev/null 2>&1; then
  ok "UTF-8 BOM: the printed fix ($fix) makes the file valid"
else
  not_ok "UTF-8 BOM: the printed fix makes the file valid" "'$fix' did not"
fi

# GBK: the note 七天无理由退货 as Notepad saves it as ANSI on Chinese Windows.
if iconv -f UTF-8 -t GBK good.json >gbk.json 2>/dev/null; then
  expect "GBK file" gbk.json 3 13:107 en "invalid UTF-8 (bytes 0xC6 0xDF)" "looks like GBK" \
    "iconv -f GBK -t UTF-8 gbk.json > gbk.json.utf8"
  expect "GBK file" gbk.json 3 13:107 zh "GBK 编码" "记事本" "iconv -f GBK -t UTF-8 gbk.json > gbk.json.utf8"
  no_identifier "GBK file"
  fix=$(head -n 1 err | sed -n 's/.*\(iconv -f .*\)$/\1/p')
  if [ -n "$fix" ] && sh -c "$fix" 2>/dev/null && "$REFUND" validate gbk.json.utf8 >/dev/null 2>&1 &&
     cmp -s gbk.json.utf8 good.json; then
    ok "GBK file: the printed fix ($fix) gives back the UTF-8 file"
  else
    not_ok "GBK file: the printed fix gives back the UTF-8 file" "'$fix' did not"
  fi
else
  ok "GBK file # SKIP iconv cannot write GBK"
fi

if iconv -f UTF-8 -t UTF-16 good.json >utf16.json 2>/dev/null; then
  expect "UTF-16 file" utf16.json 3 1:1 en "UTF-16 (Notepad's \"Unicode\")" "iconv -f UTF-16 -t UTF-8 utf16.json > utf16.json.utf8"
  expect "UTF-16 file" utf16.json 3 1:1 zh "UTF-16 编码" "iconv -f UTF-16 -t UTF-8 utf16.json"
else
  ok "UTF-16 file # SKIP iconv cannot write UTF-16"
fi

# ---- money (exit 4) ---------------------------------------------------------------------

sed "6s/\"88.00\"/\"$W8$W8.$W0$W0\"/" good.json >wide-money.json
expect "full-width digits in money" wide-money.json 4 6:20 en "order.item_amount: \"$W8$W8.$W0$W0\" is written with full-width characters; write it in half-width: \"88.00\""
expect "full-width digits in money" wide-money.json 4 6:20 zh "order.item_amount: \"$W8$W8.$W0$W0\" 用了全角字符；请改为半角：\"88.00\""
no_identifier "full-width digits in money"

sed '6s/"88.00"/88.00/' good.json >number-money.json
expect "money as a JSON number" number-money.json 4 6:20 en "order.item_amount: money must be a string" "not the number 88.00: put it in quotes, \"88.00\""
expect "money as a JSON number" number-money.json 4 6:20 zh "order.item_amount: 金额必须是" "请加上引号，写成 \"88.00\""
no_identifier "money as a JSON number"

# ---- a repeated key (exit 4, both positions) ------------------------------------------------

sed '5a\
    "channel": "mall",' good.json >dup.json
expect "repeated key" dup.json 4 6:5 en "order.channel: duplicate key \"channel\": first at line 5, column 5"
expect "repeated key" dup.json 4 6:5 zh "order.channel: 键 \"channel\" 重复：第一次在第 5 行第 5 列"
no_identifier "repeated key"

# ---- the whole list of event types ---------------------------------------------------------

sed '11s/"paid"/"payed"/' good.json >type.json
# A zh list gives each value's label after it, refund_refused（拒绝退款）:
# the values alone, for comparing with the list of refund.h.
unlabelled() { sed 's/（[^）]*）//g' "$1"; }
types=$(sed -n '/^#define RF_EVENT_LIST/,/^$/p' "$RF_TOP/include/refund.h" | sed -n 's/.*X(RF_EV_[A-Z_]*, *"\([a-z_]*\)".*/\1/p' |
  grep -vx refund_succeeded)
n=$(printf '%s\n' "$types" | wc -l)
for lang in en zh; do
  validate_in $lang type.json
  sep=', '; [ $lang = zh ] && sep='、'
  list=$(printf '%s\n' "$types" | awk -v s="$sep" 'NR > 1 {printf "%s", s} {printf "%s", $0}')
  if [ "$n" -lt 20 ]; then not_ok "the list of event types is whole ($lang)" "found only $n types in refund.h"
  elif [ "$rc" -eq 4 ] && unlabelled err | grep -qF -- "$list" && ! grep -q refund_succeeded err &&
       { [ $lang = en ] || grep -qF 'refund_refused（拒绝退款）' err; }; then
    ok "the list of event types is whole ($lang, $n types)"
  else not_ok "the list of event types is whole ($lang)" "exit $rc: $(head -n 1 err)"; fi
done

# ---- every error of a file ---------------------------------------------------------------------

sed -e '5s/"c_store"/"tmall"/' -e '6s/"88.00"/88.00/' -e "7s/\"0.00\"/\"$W0.$W0$W0\", \"colour\": 1/" \
  -e '11s/"paid"/"payed"/' -e '12s/"reason": "not_received", //' -e '13s/"2024-06-25T20:00:00+08:00"/"2024-06-25 20:00"/' \
  good.json >many.json
for lang in en zh; do
  validate_in $lang many.json
  at=$(sed 's/^refund: many.json:\([0-9]*:[0-9]*\): \([^:]*\):.*/\1 \2/' err | tr '\n' ' ')
  want='5:16 order.channel 6:20 order.item_amount 7:21 order.shipping_fee 7:35 order.colour 11:79 events[1].type 12:5 events[2].reason 13:24 events[3].at '
  if [ "$rc" -eq 4 ] && [ "$at" = "$want" ] && [ ! -s out ]; then ok "validate lists every error in order ($lang)"
  else not_ok "validate lists every error in order ($lang)" "exit $rc: $at"; fi
done

# Past 20 errors: the first 20, then how many more.
awk 'NR == 12 {print; for (i = 0; i < 25; i++) printf "    {\"id\": \"x%d\", \"at\": \"2024-06-25T20:00:00+08:00\", \"actor\": \"buyer\", \"type\": \"nope\"},\n", i; next} {print}' \
  good.json >lots.json
validate_in en lots.json
if [ "$rc" -eq 4 ] && [ "$(grep -c '^refund: lots.json:[0-9]*:[0-9]*: ' err)" -eq 20 ] &&
   tail -n 1 err | grep -qx 'refund: lots.json: 5 more errors not listed (at most 20 are)'; then
  ok "validate lists at most 20 errors, then how many more"
else not_ok "validate lists at most 20 errors, then how many more" "exit $rc: $(tail -n 1 err)"; fi
validate_in zh lots.json
if tail -n 1 err | grep -qx 'refund: lots.json: 另有 5 个错误未列出（最多列出 20 个）'; then ok "... and says so in Chinese"
else not_ok "... and says so in Chinese" "$(tail -n 1 err)"; fi

# A malformed file: the one syntax error.
validate_in en comma.json
if [ "$(wc -l <err)" -eq 1 ]; then ok "after a syntax error, validate stops at it"
else not_ok "after a syntax error, validate stops at it" "$(wc -l <err) lines"; fi

# The other commands print their errors in --lang too.
"$REFUND" check --lang zh --now 2024-06-26T00:00:00+08:00 comma.json >out 2>err
if [ $? -eq 3 ] && grep -q '全角逗号' err; then ok "check prints its error in --lang zh"
else not_ok "check prints its error in --lang zh" "$(head -n 1 err)"; fi

validate_in zh good.json
if [ "$rc" -eq 0 ] && [ ! -s err ]; then ok "the good file is valid"; else not_ok "the good file is valid" "$(cat err)"; fi

# replay --ndjson: an error verdict carries the whole list too, in --lang.
tr -d '\n' <type.json >type.ndjson
echo >>type.ndjson
for lang in en zh; do
  "$REFUND" replay --ndjson --lang $lang type.ndjson >out 2>err
  rc=$?
  sep=', '; [ $lang = zh ] && sep='、'
  list=$(printf '%s\n' "$types" | awk -v s="$sep" 'NR > 1 {printf "%s", s} {printf "%s", $0}')
  if [ "$rc" -eq 4 ] && unlabelled out | grep -qF -- "$list" && unlabelled err | grep -qF -- "$list"; then
    ok "replay --ndjson: the error verdict lists every event type ($lang)"
  else not_ok "replay --ndjson: the error verdict lists every event type ($lang)" "exit $rc: $(head -c 300 out)"; fi
done
