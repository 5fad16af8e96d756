#!/bin/sh
# refund report in a real browser (issue 16): the summary of the bench data
# (tests/bench/gen.c, 100,000 histories as `make bench` times them; 10,000
# under the sanitizers and valgrind) drawn as HTML, then loaded in Chromium's
# headless shell, which `make deps` installs (package chromium-headless-shell)
# with a CJK font (fonts-wqy-zenhei) and python3. A missing one is "not ok",
# never a skip.
#  (a) the page is self-contained: UTF-8 declared, no script, nothing loaded
#      from elsewhere (no src, href, url(), @import, link, img or iframe);
#  (b) Chromium loads it with no console message (the page has no script:
#      any message is an error) and its DOM has, for each chart, one mark per
#      entry of the summary: rect.bar-code per code, rect.bar-overpaid and
#      rect.bar-short per code with money at stake, rect.bar-month per month,
#      rect.bar-channel and rect.bar-channel-findings per channel; in zh and en;
#  (c) the screenshot (1280 x 2000, build/report/report.png) is not blank: it
#      has many colours (tests/tools/pngcolors.py decodes the PNG);
#  (d) docs/report.png, the committed screenshot of this same report (copy
#      build/report/report.png there after a change to the page), is one too.
# Prints "ok NAME" or "not ok NAME: why".
set -u
cd "$RF_TOP" || exit 1
BUILD=$(cd "${RF_BUILD:-build}" && pwd)
B=$BUILD/report
mkdir -p "$B"
ok() { echo "ok $1"; }
not_ok() { echo "not ok $1: $2"; }

histories=100000
case "$REFUND" in */san/*) histories=10000 ;; esac
[ "${RF_VALGRIND:-0}" = 1 ] && histories=10000
gen=$BUILD/bench/gen
browser=$(command -v chromium-headless-shell || command -v chromium || true)
python=$(command -v python3 || true)

[ -n "$browser" ] && ok "a headless Chromium: $browser" \
  || not_ok "a headless Chromium" "chromium-headless-shell is not installed (make deps installs it)"
[ -n "$python" ] && ok "python3: $python" || not_ok "python3" "not installed (make deps installs it)"
if command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null)" ]; then
  ok "a CJK font: $(fc-list :lang=zh family | head -1)"
else not_ok "a CJK font" "none (make deps installs fonts-wqy-zenhei): Chinese would show as boxes"; fi

# The summary of the bench data, counted while judging.
if [ ! -x "$gen" ]; then not_ok "the bench generator" "$gen is missing (make builds it)"; exit 0; fi
"$gen" "$histories" 2>/dev/null | "$REFUND" replay --ndjson - --summary "$B/summary.json" >/dev/null
rc=$?
if [ "$rc" -le 1 ] && [ -s "$B/summary.json" ]; then ok "summary of $histories bench histories ($B/summary.json)"
else not_ok "summary of $histories bench histories" "replay exited $rc"; exit 0; fi

# What the charts must show, from the summary.
expected=
if [ -n "$python" ]; then
  expected=$("$python" -c '
import json, sys
s = json.load(open(sys.argv[1]))
money = [c for c, v in s["by_code"].items() if v["overpaid"] != "0.00" or v["short_changed"] != "0.00"]
print("bar-code=%d bar-overpaid=%d bar-short=%d bar-month=%d bar-channel=%d bar-channel-findings=%d" % (
    len(s["by_code"]), len(money), len(money), len(s["by_month"]), len(s["by_channel"]), len(s["by_channel"])))
' "$B/summary.json")
fi

for lang in zh en; do
  html=$B/report-$lang.html
  [ $lang = zh ] && html=$B/report.html
  if ! "$REFUND" report "$B/summary.json" --lang $lang > "$html"; then
    not_ok "refund report --lang $lang" "exited $?"; continue
  fi
  # (a) self-contained.
  bad=$(grep -n -i -E '<script|<link|<img|<iframe|<object|<embed|src=|href=|url\(|@import' "$html" | head -3)
  outside=$(grep -o -E 'https?://[^"]*' "$html" | grep -v -x 'http://www.w3.org/2000/svg' | head -3)
  if grep -q '<meta charset="utf-8">' "$html" && [ -z "$bad$outside" ]; then
    ok "report ($lang) is one self-contained page: UTF-8, no script, nothing fetched"
  else not_ok "report ($lang) is self-contained" "$(printf '%s %s' "$bad" "$outside" | tr '\n' ' ')"; fi
  [ -n "$browser" ] || continue
  # (b) loaded: no console message, and the marks of each chart.
  url="file://$html"
  "$browser" --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 --dump-dom "$url" \
    > "$B/dom-$lang.html" 2> "$B/dom-$lang.log"
  console=$(grep ':CONSOLE' "$B/dom-$lang.log" | head -3)
  if [ -s "$B/dom-$lang.html" ] && [ -z "$console" ]; then ok "Chromium loads the $lang report with no console message"
  else not_ok "Chromium loads the $lang report with no console message" "$(printf '%s' "$console" | tr '\n' ' ') (see $B/dom-$lang.log)"; fi
  got=
  for class in bar-code bar-overpaid bar-short bar-month bar-channel bar-channel-findings; do
    got="$got $class=$(grep -o "<rect class=\"$class\"" "$B/dom-$lang.html" | wc -l | tr -d ' ')"
  done
  got=${got# }
  if [ -n "$expected" ] && [ "$got" = "$expected" ]; then ok "the $lang report's charts have one mark per entry of the summary: $got"
  else not_ok "the $lang report's charts have one mark per entry of the summary" "drawn: $got; summary: $expected"; fi
  if [ $lang = zh ]; then
    if grep -q '退款审计报告' "$B/dom-$lang.html"; then ok "the zh report's DOM has its Chinese title"
    else not_ok "the zh report's DOM has its Chinese title" "not found"; fi
  fi
done

# (c) the screenshot, and (d) the committed one.
if [ -n "$browser" ] && [ -n "$python" ]; then
  rm -f "$B/report.png"
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,2000 \
    --screenshot="$B/report.png" "file://$B/report.html" > "$B/screenshot.log" 2>&1
  for png in "$B/report.png" docs/report.png; do
    set -- $("$python" tests/tools/pngcolors.py "$png" 2>/dev/null)
    if [ $# -eq 3 ] && [ "$1" -eq 1280 ] && [ "$2" -eq 2000 ] && [ "$3" -gt 32 ]; then
      ok "$png is a drawn 1280 x 2000 page ($3 colours sampled)"
    else not_ok "$png is a drawn 1280 x 2000 page" "got '$*' (width height colours)"; fi
  done
fi
exit 0
