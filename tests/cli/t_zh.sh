#!/bin/sh
# Chinese everywhere text is shown (issue 15 item 1). Every zh text output of
# check, replay, quote and rules, over every example case and a set of
# quotes; of new, apply and validate, with their warnings and errors; of
# summary --format text and the HTML report; of import top's report; and
# the zh message catalogues (the zh templates of lib/error_text.c, the zh
# sentences of lib/finding.c and the report's words in
# lib/import_report.c), must be free of English identifiers: nothing matching
# [a-z]+_[a-z]+ (JSON keeps them, and is not scanned). Sentences name a
# finding in words, with no code such as ILLEGAL_TRANSITION; the tables of
# rules, summary and report give the code beside its words, as the key an
# auditor looks up in JSON and CSV (scan_table). Messages about what
# the user wrote may quote it (words() below says how). Then a few representative zh outputs are compared byte for byte
# with the goldens in tests/cli/zh/ (regenerate with RF_ZH_REGEN=1 after
# reading the diff).
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$RF_TOP" || exit 1
NOW=2026-01-05T09:00:00+08:00
ident='[a-z][a-z]*_[a-z][a-z]*'
code='[A-Z][A-Z]*_[A-Z][A-Z_]*'

# scan NAME FILE: one check that FILE holds no identifier.
scan() {
  if LC_ALL=C grep -n "${3:-$ident\|$code}" "$2" > "$T/hits"; then
    echo "not ok $1 has English identifiers in zh text: $(head -3 "$T/hits" | tr '\n' '|')"
  else
    echo "ok $1 has no English identifier in zh text"
  fi
}

: > "$T/all"
n=0
for f in examples/[0-9]*.json; do
  case $f in *.expected.json) continue ;; esac
  n=$((n + 1))
  "$REFUND" check "$f" --lang zh --now "$NOW" >> "$T/all" 2>&1
  "$REFUND" replay "$f" --lang zh >> "$T/all" 2>&1
done
[ "$n" -ge 40 ] && echo "ok scanned check and replay of $n examples" || echo "not ok only $n examples"
scan "check and replay --lang zh of every example" "$T/all"

: > "$T/quotes"
for ch in c_store mall mt; do
  for kind in refund_only return_refund exchange; do
    for reason in no_reason quality not_received damaged other; do
      "$REFUND" quote --lang zh --channel "$ch" --kind "$kind" --reason "$reason" --item 199 \
        --shipping-fee 10 >> "$T/quotes" 2>&1
    done
  done
done
"$REFUND" quote --lang zh --channel mall --kind return_refund --reason quality --item 199 --amount 250 \
  --invoice-kept >> "$T/quotes" 2>&1
scan "quote --lang zh over channels, kinds and reasons" "$T/quotes"


"$REFUND" rules --lang zh > "$T/rules" 2>&1
scan "rules --lang zh" "$T/rules" "$ident"

# words NAME FILE: scan, for messages about a file or a command line, which
# may name the words the user wrote or must write: quoted ("refund_reason",
# 'mall'), a value followed by its label (refund_refused（拒绝退款）), the
# place before the message (refund: FILE:LINE:COLUMN: events[0].type: ...)
# and an option's value (--kind return_refund). Nothing else may be an
# identifier.
words() {
  LC_ALL=C.UTF-8 sed -e 's/"[^"]*"//g' -e "s/'[^']*'//g" -e 's/[a-z][a-z_]*（[^）]*）//g' \
    -e 's/^refund: [^ ]*: \([^ ]*: \)\{0,1\}//' -e 's/--[a-z][a-z-]*[ =][a-z_|,]*//g' "$2" > "$T/words"
  scan "$1" "$T/words"
}

# new: the README's case and others, written to files (the JSON is not
# text); what it says on stdout and its warnings on stderr.
: > "$T/new"
cd "$T" || exit 1
"$REFUND" new --lang zh --channel mall --item 199 --free-shipping --paid '2024-12-02 20:00' \
  --shipped '2024-12-03 10:00' --delivered '2024-12-05 12:00' --request return_refund --reason no_reason \
  --at '2024-12-06 21:00' --refused '2024-12-07 09:00' -o readme.json >> "$T/new" 2>&1
"$REFUND" new --lang zh --channel c_store --item 88 --shipping-fee 10 --paid '2024-06-20 09:00' \
  --shipped '2024-06-25 10:00' --request refund_only --reason not_received --at '2024-06-26 09:00' \
  --agreed '2024-06-26 10:00' -o agreed.json >> "$T/new" 2>&1
"$REFUND" new --lang zh --channel mt --item 50 --paid '2024-06-20 09:00' --shipped '2024-06-21 09:00' \
  --delivered '2024-06-22 09:00' --request exchange --reason quality --at '2024-06-23 09:00' \
  --refused '2024-06-23 10:00' --note '已超过时限' -o exchange.json >> "$T/new" 2>&1
"$REFUND" new --lang zh --channel mall --item 199 --paid '2024-12-02 20:00' -o readme.json >> "$T/new" 2>&1
cd "$RF_TOP" || exit 1
[ -s "$T/readme.json" ] && [ -s "$T/agreed.json" ] && [ -s "$T/exchange.json" ] && grep -q '已写入订单' "$T/new" &&
  grep -q '警告' "$T/new" && ok_new=1 || ok_new=0
[ $ok_new = 1 ] && echo "ok new --lang zh wrote its cases and warned" ||
  echo "not ok new --lang zh wrote its cases and warned: $(head -3 "$T/new" | tr '\n' '|')"
words "new --lang zh" "$T/new"

# apply: appended, would be appended, flagged, refused, and an event file
# with mistakes.
: > "$T/apply"
ev() { printf '{"id": "%s", "at": "%s", "actor": "%s", "type": "%s"%s}\n' "$1" "$2" "$3" "$4" "${5:-}" > "$T/ev.json"; }
cp "$T/readme.json" "$T/a.json"
ev e7 2024-12-07T10:00:00+08:00 buyer return_received
"$REFUND" apply --lang zh "$T/a.json" "$T/ev.json" >> "$T/apply" 2>&1        # refused: nothing was returned
ev e7 2024-12-07T10:00:00+08:00 buyer intervention_requested
"$REFUND" apply --lang zh --dry-run "$T/a.json" "$T/ev.json" >> "$T/apply" 2>&1
"$REFUND" apply --lang zh "$T/a.json" "$T/ev.json" >> "$T/apply" 2>&1
"$REFUND" apply --lang zh "$T/a.json" "$T/ev.json" >> "$T/apply" 2>&1        # the same id again
"$REFUND" new --channel c_store --item 50 --paid '2024-06-20 09:05' -o "$T/late.json" > /dev/null
ev e3 2024-06-24T10:00:00+08:00 seller shipped
"$REFUND" apply --lang zh "$T/late.json" "$T/ev.json" >> "$T/apply" 2>&1   # late: a warning
ev e4 2024-06-25T10:00:00+08:00 buyer refund_requested ', "kind": "refund_only"'
"$REFUND" apply --lang zh "$T/late.json" "$T/ev.json" >> "$T/apply" 2>&1   # no reason, no amount
ev e4 2024-06-25T10:00:00+08:00 buyer refund_requested ', "kind": "refund_only", "reason": "quality", "amount": "50.00", "colour": 1'
"$REFUND" apply --lang zh "$T/late.json" "$T/ev.json" >> "$T/apply" 2>&1   # an unknown key
ev e4 2024-06-25T10:00:00+08:00 buyer payed
"$REFUND" apply --lang zh "$T/late.json" "$T/ev.json" >> "$T/apply" 2>&1   # an unknown type
grep -q '已追加事件' "$T/apply" && grep -q '可追加事件' "$T/apply" && grep -q '不能追加' "$T/apply" &&
  grep -q '警告' "$T/apply" && echo "ok apply --lang zh appended, flagged and refused" ||
  echo "not ok apply --lang zh appended, flagged and refused: $(head -5 "$T/apply" | tr '\n' '|')"
words "apply --lang zh" "$T/apply"

# validate: every example, and files with the mistakes people make.
: > "$T/validate"
for f in examples/[0-9]*.json; do
  case $f in *.expected.json) continue ;; esac
  "$REFUND" validate --lang zh "$f" >> "$T/validate" 2>&1
done
sed -e 's/"c_store"/"tmall"/' -e 's/"paid"/"payed"/' -e 's/"item_amount": "[0-9.]*"/"item_amount": 88/' \
  examples/01-free-shipping-c-store.json > "$T/bad.json"
"$REFUND" validate --lang zh "$T/bad.json" >> "$T/validate" 2>&1
printf '{"schema": "refund-case/1"\357\274\214 "order": {}}\n' > "$T/comma.json"   # a full-width comma
"$REFUND" validate --lang zh "$T/comma.json" >> "$T/validate" 2>&1
printf '{"schema": "refund-case/1", "order": {"id": "\306\337"}}\n' > "$T/gbk.json"  # GBK bytes
"$REFUND" validate --lang zh "$T/gbk.json" >> "$T/validate" 2>&1
grep -q '有效' "$T/validate" && grep -q '未知的值' "$T/validate" && grep -q 'GBK' "$T/validate" &&
  echo "ok validate --lang zh over the examples and the mistakes" ||
  echo "not ok validate --lang zh over the examples and the mistakes: $(head -3 "$T/validate" | tr '\n' '|')"
words "validate --lang zh" "$T/validate"

# summary (text) and the report, of the bench generator's histories.
gen=${RF_BUILD:-build}/bench/gen
if [ -x "$gen" ]; then
  "$gen" 300 2>/dev/null > "$T/h.ndjson"
  "$REFUND" replay --ndjson "$T/h.ndjson" --summary "$T/s.json" > "$T/v.ndjson" 2>/dev/null
  "$REFUND" summary --format text --lang zh "$T/v.ndjson" > "$T/summary" 2>&1
  "$REFUND" summary --merge --format text --lang zh "$T/s.json" "$T/s.json" >> "$T/summary" 2>&1
  grep -q '按渠道' "$T/summary" && echo "ok summary --format text --lang zh printed its tables" ||
    echo "not ok summary --format text --lang zh printed its tables: $(head -3 "$T/summary" | tr '\n' '|')"
  scan "summary --format text --lang zh" "$T/summary" "$ident"
  "$REFUND" report --lang zh "$T/s.json" > "$T/report.html" 2>&1
  # The text a reader sees: the page without its style sheet and its tags.
  sed -e '/<style>/,/<\/style>/d' -e 's/<[^>]*>/\n/g' "$T/report.html" | grep -v '^ *$' > "$T/report"
  grep -q '按渠道' "$T/report" && echo "ok report --lang zh has its text" ||
    echo "not ok report --lang zh has its text: $(head -3 "$T/report" | tr '\n' '|')"
  scan "report --lang zh" "$T/report" "$ident"
else
  echo "not ok summary and report in zh: $gen is missing (make builds it)"
fi

# import top: the report's lines and its one-line summary (stderr; the
# cases are JSON) over every fixture of tests/data/top/ (t_import.sh's) and
# a file of the mistakes of hand-made and re-encoded data. A line is
# "refund: FILE:LINE:COL: CODE FIELD: text" as in English: the code and
# the field (a path into the data) are the keys of the JSON report, and go
# before words() reads the text.
import_files() {
  for f in "$1"/trade*.json; do [ -f "$f" ] && printf ' --trade %s' "$f"; done
  for f in "$1"/refund*.json; do [ -f "$f" ] && printf ' --refund %s' "$f"; done
  for f in "$1"/tmc*; do [ -f "$f" ] && printf ' --tmc %s' "$f"; done
  for f in "$1"/messages*.json; do [ -f "$f" ] && printf ' --messages %s' "$f"; done
}
: > "$T/import"
n=0
for d in tests/data/top/*/; do
  d=${d%/}
  n=$((n + 1))
  # shellcheck disable=SC2046
  "$REFUND" import top $(import_files "$d") $(cat "$d/args") --lang zh 2>> "$T/import" > /dev/null
done
mkdir -p "$T/imp"
cat > "$T/imp/trade.json" <<'EOF2'
{"tid":1,"status":"WAIT_BUYER_CONFIRM_GOODS","created":"2025-03-01 10:00:00","pay_time":"2025-03-01 10:01:00","consign_time":"2025-03-02 09:00:00","orders":[{"oid":1,"total_fee":"100.00","seller_type":"C"}]}
{"tid":2,"status":"TRADE_FINISHED","created":"2025-03-01 10:00:00","pay_time":"2025-03-01 10:01:00","consign_time":"2025-03-02 09:00:00","orders":[{"oid":2,"total_fee":"100.00","seller_type":"X"}]}
EOF2
cat > "$T/imp/refund.json" <<'EOF2'
{"refund_id":9,"tid":1,"oid":1,"status":"WAIT_SELLER_AGREE","reason":"换个地址","total_fee":"99.00","created":"2025-03-03 10:00:00"}
{"refund_id":10,"tid":3,"oid":3,"status":"DONE","created":"2025-03-03 10:00:00"}
EOF2
{
  echo '{"id":1,"topic":"taobao_refund_RefundCreated","pub_time":"2025-03-03 10:00:01","content":"{\"tid\":1,\"oid\":1,\"refund_id\":9,\"modified\":\"2025-03-03 10:00:00\",\"bill_type\":\"refund_bill\"}"}'
  printf '{"id":2\357\274\214"topic":"taobao_refund_RefundCreated"}\n'   # a full-width comma
  echo '{"id":3,"topic":"taobao_refund_RefundCreated","content":{"tid":4,"refund_id":11,"refund_fee":30}}'
  printf '{"id":4,"topic":"\306\337"}\n'                                  # GBK bytes
} > "$T/imp/tmc.ndjson"
"$REFUND" import top $(import_files "$T/imp") --channel mall --lang zh 2>> "$T/import" > /dev/null
grep -q '卖家类型 "C" 表示淘宝集市(C店)；按 --channel 使用天猫(商城)' "$T/import" && grep -q '按"其他"处理' "$T/import" &&
  grep -q 'iconv -f GBK' "$T/import" && grep -q '全角' "$T/import" && grep -q '^refund: 导入：案件' "$T/import" &&
  echo "ok import top --lang zh over $n fixtures and the mistakes" ||
  echo "not ok import top --lang zh over $n fixtures and the mistakes: $(head -3 "$T/import" | tr '\n' '|')"
LC_ALL=C.UTF-8 sed 's/^\(refund: [^ ]*: \)[A-Z][A-Z_]* \([a-z_.0-9]*\(\[[0-9]*\][a-z_.]*\)*: \)\{0,1\}/\1/' \
  "$T/import" > "$T/import.text"
words "import top --lang zh" "$T/import.text"

# The catalogues: the string literals of every line with Chinese in it.
for src in lib/error_text.c lib/finding.c lib/import_report.c; do
  LC_ALL=C grep -o '"[^"]*"' "$src" | LC_ALL=C grep "$(printf '[\344-\351]')" > "$T/cat"
  if [ -s "$T/cat" ]; then scan "the zh catalogue of $src" "$T/cat"
  else echo "not ok no zh strings found in $src"; fi
done

# Goldens: NAME then the command after "refund".
golden() {
  name=$1; shift
  "$REFUND" "$@" > "$T/g.out" 2>&1
  if [ "${RF_ZH_REGEN:-0}" = 1 ]; then cp "$T/g.out" "tests/cli/zh/$name.txt"; fi
  if cmp -s "tests/cli/zh/$name.txt" "$T/g.out"; then echo "ok zh golden $name"
  else echo "not ok zh golden $name: $(diff "tests/cli/zh/$name.txt" "$T/g.out" | head -6 | tr '\n' '|')"; fi
}
golden check-04 check examples/04-seven-day-refusal-mall.json --lang zh --now 2024-08-20T10:00:00+08:00
golden check-12 check examples/12-late-shipment-c-store.json --lang zh --now 2024-03-08T11:00:00+08:00
golden check-34 check examples/34-exchange-awaiting-replacement-mt.json --lang zh --now "$NOW"
golden replay-05 replay examples/05-seven-day-agree-then-reject-mall.json --lang zh
golden replay-30 replay examples/30-receipt-timer-paused-c-store.json --lang zh
golden quote-mall-quality quote --lang zh --channel mall --kind return_refund --reason quality --item 199 --shipping-fee 10 --invoice-kept
golden quote-cstore-exchange quote --lang zh --channel c_store --kind exchange --reason no_reason --item 88
golden rules rules --lang zh
# import top: the report's lines and summary (stderr), and the JSON report,
# whose keys and codes are those of English and whose "message"s follow
# --lang.
golden_import() {
  name=$1; d1=tests/data/top/$2; shift 2
  # shellcheck disable=SC2046
  "$REFUND" import top $(import_files "$d1") "$@" --lang zh --report "$T/g.json" > /dev/null 2> "$T/g.out"
  if [ "${RF_ZH_REGEN:-0}" = 1 ]; then cp "$T/g.out" "tests/cli/zh/$name.txt"; cp "$T/g.json" "tests/cli/zh/$name.report.json"; fi
  if cmp -s "tests/cli/zh/$name.txt" "$T/g.out" && cmp -s "tests/cli/zh/$name.report.json" "$T/g.json"; then
    echo "ok zh golden $name"
  else
    echo "not ok zh golden $name: $(diff "tests/cli/zh/$name.txt" "$T/g.out" | head -4 | tr '\n' '|')$(diff "tests/cli/zh/$name.report.json" "$T/g.json" | head -4 | tr '\n' '|')"
  fi
}
golden_import import-format-errors format_errors
golden_import import-warnings duplicates $(import_files tests/data/top/two_suborders)
d=tests/data/top/format_errors
# shellcheck disable=SC2046
LC_ALL= LANG=zh_CN.UTF-8 "$REFUND" import top $(import_files $d) --report "$T/env.json" > /dev/null 2> "$T/env.out"
if cmp -s tests/cli/zh/import-format-errors.txt "$T/env.out" && cmp -s tests/cli/zh/import-format-errors.report.json "$T/env.json"; then
  echo "ok LANG=zh_CN.UTF-8 gives the zh golden of import top"
else echo "not ok LANG=zh_CN.UTF-8 import top differs from --lang zh: $(head -2 "$T/env.out" | tr '\n' '|')"; fi
"$REFUND" import top $(import_files $d) --report "$T/en.json" > /dev/null 2>&1
sed 's/"message": ".*"/"message": ""/' "$T/en.json" > "$T/en.keys"
sed 's/"message": ".*"/"message": ""/' tests/cli/zh/import-format-errors.report.json > "$T/zh.keys"
if cmp -s "$T/en.keys" "$T/zh.keys" && ! cmp -s "$T/en.json" tests/cli/zh/import-format-errors.report.json; then
  echo "ok the JSON report in zh: the keys and codes of English, its messages in Chinese"
else echo "not ok the JSON report in zh: $(diff "$T/en.keys" "$T/zh.keys" | head -4 | tr '\n' '|')"; fi

# Chinese from the environment, with no --lang: the same text.
LC_ALL= LANG=zh_CN.UTF-8 "$REFUND" check examples/04-seven-day-refusal-mall.json \
  --now 2024-08-20T10:00:00+08:00 > "$T/env.out" 2>&1
if cmp -s tests/cli/zh/check-04.txt "$T/env.out"; then echo "ok LANG=zh_CN.UTF-8 gives the zh golden of check-04"
else echo "not ok LANG=zh_CN.UTF-8 check differs from --lang zh: $(head -2 "$T/env.out" | tr '\n' '|')"; fi
