#!/bin/sh
# Rule names replace seed citations in text (issue 15 item 1). Staff read
# "规则 F 包邮活动商品退换" or a finding's "[规则: 七天无理由退换]", never
# "000:634,736". The text output of check, replay and quote, in zh and en,
# over every example case and a set of quotes, must hold no seed citation
# (NNN:N); the JSON output of the same runs, and `refund rules`, still carry
# them. The scan is first run on text known to hold citations, so a scan
# that can never fail does not pass.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$RF_TOP" || exit 1
NOW=2026-01-05T09:00:00+08:00
cite='[0-9][0-9][0-9]:[0-9][0-9]*'

# scan NAME FILE: one check that FILE holds no seed citation.
scan() {
  if grep -n "$cite" "$2" > "$T/hits"; then
    echo "not ok $1 cites seed lines in text: $(head -3 "$T/hits" | tr '\n' '|')"
  else
    echo "ok $1 names rules, cites no seed line"
  fi
}

# The scan can fail: `refund rules` text keeps the citations, and so must
# be caught by it.
"$REFUND" rules --lang en > "$T/rules.en" 2>&1
"$REFUND" rules --lang zh > "$T/rules.zh" 2>&1
for l in en zh; do
  if grep -q "$cite" "$T/rules.$l"; then
    echo "ok refund rules --lang $l keeps the seed citations (and the scan sees them)"
  else
    echo "not ok refund rules --lang $l lost its seed citations, or the scan cannot see one"
  fi
done
printf '  e6 SEVEN_DAY_REFUSAL: x [000:614,752]\n' > "$T/planted"
if grep -q "$cite" "$T/planted"; then echo "ok the scan catches a planted finding citation"
else echo "not ok the scan misses a planted finding citation"; fi

n=0
for f in examples/[0-9]*-*[a-z].json; do
  case "$f" in *.expected.json) continue ;; esac
  n=$((n + 1))
  for l in zh en; do
    for c in check replay; do
      "$REFUND" "$c" "$f" --lang "$l" --now "$NOW" >> "$T/text.$l" 2>&1
    done
  done
  "$REFUND" replay "$f" --format json >> "$T/json" 2>/dev/null
done
[ "$n" -ge 40 ] && echo "ok $n example cases scanned" || echo "not ok only $n example cases found"

for l in zh en; do
  for q in "--channel c_store --reason no_reason --kind return_refund --free-shipping --item 88.00 --seller-postage 8.00" \
           "--channel mall --reason no_reason --kind return_refund --after-success --item 100.00 --invoice-kept" \
           "--channel mall --reason no_reason --kind return_refund --after-success --item 100.00 --invoice-kept --policy examples/policy-vat-13.json" \
           "--channel c_store --reason quality --kind refund_only --item 88.00 --amount 30.00" \
           "--channel mall --reason other --kind return_refund --not-resellable --item 88.00" \
           "--channel c_store --reason lost --kind refund_only --item 88.00 --shipping-fee 10.00" \
           "--channel c_store --reason missing_items --kind refund_only --item 88.00 --amount 15.00" \
           "--channel mt --reason no_reason --kind exchange --item 88.00 --shipping-fee 10.00"; do
    # shellcheck disable=SC2086
    "$REFUND" quote $q --lang "$l" >> "$T/text.$l" 2>&1
    # shellcheck disable=SC2086
    "$REFUND" quote $q --format json >> "$T/json" 2>/dev/null
  done
  scan "text of check, replay and quote --lang $l" "$T/text.$l"
done

# Every settlement names its rule by letter and name, every finding by the
# rule that decides it.
if grep -q '^ *规则 [A-Z] [^(]' "$T/text.zh" && grep -q '^ *rule [A-Z] [^(]' "$T/text.en"; then
  echo "ok settlements name their rule by letter and name"
else echo "not ok settlements do not name their rule"; fi
for l in zh en; do
  [ "$l" = zh ] && tag='\[规则: [^]]*\]' || tag='\[rule: [^]]*\]'
  # The lines under the findings heading: "  e7 CODE: sentence [rule: ...]",
  # in zh "  e7: sentence [规则: ...]".
  awk '/^(findings|发现的问题) \(/ { f = 1; next } /^[^ ]/ { f = 0 } f && /^  [^ ]/' "$T/text.$l" > "$T/findings.$l"
  if [ -s "$T/findings.$l" ] && ! grep -v "$tag" "$T/findings.$l" > "$T/bare"; then
    echo "ok every $l finding line names its rule ($(wc -l < "$T/findings.$l") lines)"
  else
    echo "not ok $l finding lines without a rule name: $(head -2 "$T/bare" | tr '\n' '|')"
  fi
done

# JSON keeps the citations: the settlement's and each finding's "seed".
if grep -q '"seed": *"[0-9][0-9][0-9]:' "$T/json"; then
  echo "ok JSON output still carries the seed citations"
else echo "not ok JSON output lost its seed citations"; fi
if "$REFUND" replay examples/04-seven-day-refusal-mall.json --format json 2>/dev/null |
   grep -q '"seed": *"000:614,752"'; then
  echo "ok example 04's JSON finding cites 000:614,752"
else echo "not ok example 04's JSON finding lost its citation"; fi
