#!/bin/sh
# Chinese everywhere text is shown (issue 15 item 1). Every zh text output of
# check, replay, quote and rules, over every example case and a set of
# quotes, and the zh message catalogues (the zh templates of lib/error_text.c
# and the zh sentences of lib/finding.c), must be free of English
# identifiers: nothing matching [a-z]+_[a-z]+ (JSON keeps them, and is not
# scanned). Then a few representative zh outputs are compared byte for byte
# with the goldens in tests/cli/zh/ (regenerate with RF_ZH_REGEN=1 after
# reading the diff).
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$RF_TOP" || exit 1
NOW=2026-01-05T09:00:00+08:00
ident='[a-z][a-z]*_[a-z][a-z]*'

# scan NAME FILE: one check that FILE holds no identifier.
scan() {
  if LC_ALL=C grep -n "$ident" "$2" > "$T/hits"; then
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
scan "rules --lang zh" "$T/rules"

# The catalogues: the string literals of every line with Chinese in it.
for src in lib/error_text.c lib/finding.c; do
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
# Chinese from the environment, with no --lang: the same text.
LC_ALL= LANG=zh_CN.UTF-8 "$REFUND" check examples/04-seven-day-refusal-mall.json \
  --now 2024-08-20T10:00:00+08:00 > "$T/env.out" 2>&1
if cmp -s tests/cli/zh/check-04.txt "$T/env.out"; then echo "ok LANG=zh_CN.UTF-8 gives the zh golden of check-04"
else echo "not ok LANG=zh_CN.UTF-8 check differs from --lang zh: $(head -2 "$T/env.out" | tr '\n' '|')"; fi
