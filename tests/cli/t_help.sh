#!/bin/sh
# Help in Chinese (issue 15 item 1): `refund --help` and every command's
# --help are in zh with --lang zh, or with no --lang when LC_ALL, else
# LC_MESSAGES, else LANG starts with zh; English is the default.
#  (a) every command `refund --help` lists has help in both languages, the
#      zh text differs from the en one, and both name the same options;
#  (b) `refund CMD --help --lang zh`, `--lang=zh`, LANG=zh_CN.UTF-8 and
#      LC_ALL=zh_CN.UTF-8 give the same zh text; --lang en and LC_ALL=C
#      beat a zh LANG;
#  (c) the zh help holds no English identifier ([a-z]+_[a-z]+), except what
#      staff type literally. The rule: an identifier is allowed only as the
#      value of an option (right after --opt and a space or =, in a list
#      such as --kind refund_only|return_refund|exchange) or inside
#      backquotes (`seller_type`, a field name in the data). Everything else
#      must be said in Chinese.
# POSIX sh, sed, grep. Prints "ok NAME" or "not ok NAME: why".
set -u
: "${REFUND:?set REFUND to the refund binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/rf_help.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT HUP INT TERM
ok() { echo "ok $1"; }
not_ok() { echo "not ok $1: $2"; }
oneline() { tr '\n' '|' | sed 's/|*$//'; }
options() { grep -o -- '--[a-z][a-z-]*' | sed 's/-*$//' | sort -u; }
han=$(printf '[\344-\351]')
ident='[a-z][a-z]*_[a-z][a-z]*'
# Each help text is run with no locale of its own unless one is given.
help() { env -u LC_ALL -u LC_MESSAGES -u LANG "$@"; }

# scan NAME FILE: FILE (a zh help) has no identifier outside the allowed
# places; literal values and backquoted spans are removed first.
scan() {
  LC_ALL=C sed -e 's/`[^`]*`//g' -e 's/--[a-z][a-z-]*[ =][a-z_|]*//g' "$2" |
    LC_ALL=C grep -n "$ident" > "$T/hits"
  if [ -s "$T/hits" ]; then not_ok "$1 has no English identifier" "$(head -3 "$T/hits" | oneline)"
  else ok "$1 has no English identifier"; fi
}

commands=$(help "$REFUND" --help | awk '/^Commands:/ {on = 1; next} on && /^$/ {exit} on && /^  [a-z]/ {print $1}' | sort -u)
[ "$(printf '%s\n' "$commands" | grep -c .)" -ge 11 ] && ok "refund --help lists the commands" ||
  not_ok "refund --help lists the commands" "$(printf '%s\n' "$commands" | oneline)"

# The top level: refund --help, -h and help, by option and by environment.
help "$REFUND" --help > "$T/main.en"
help "$REFUND" --help --lang zh > "$T/main.zh"
for how in "--help --lang=zh" "-h --lang zh" "help --lang zh"; do
  # shellcheck disable=SC2086
  help "$REFUND" $how > "$T/out"
  cmp -s "$T/main.zh" "$T/out" && ok "refund $how is the zh help" || not_ok "refund $how is the zh help" "$(head -1 "$T/out")"
done
for env in LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 LC_MESSAGES=zh_TW.UTF-8; do
  help "$env" "$REFUND" --help > "$T/out"
  cmp -s "$T/main.zh" "$T/out" && ok "$env refund --help is the zh help" || not_ok "$env refund --help is the zh help" "$(head -1 "$T/out")"
done
LC_ALL=C grep -q "$han" "$T/main.zh" && ok "refund --help --lang zh is Chinese" || not_ok "refund --help --lang zh is Chinese" "$(head -1 "$T/main.zh")"
LC_ALL=C grep -q "$han" "$T/main.en" && not_ok "refund --help is English by default" "$(LC_ALL=C grep "$han" "$T/main.en" | head -1)" ||
  ok "refund --help is English by default"
help LANG=zh_CN.UTF-8 "$REFUND" --help --lang en > "$T/out"
cmp -s "$T/main.en" "$T/out" && ok "--lang en beats LANG=zh" || not_ok "--lang en beats LANG=zh" "$(head -1 "$T/out")"
[ "$(options < "$T/main.en")" = "$(options < "$T/main.zh")" ] && ok "refund --help names the same options in zh and en" ||
  not_ok "refund --help names the same options in zh and en" "$(options < "$T/main.en" | oneline) / $(options < "$T/main.zh" | oneline)"
help "$REFUND" > /dev/null 2> "$T/out"
help LANG=zh_CN.UTF-8 "$REFUND" > /dev/null 2> "$T/out.zh"
cmp -s "$T/main.en" "$T/out" && cmp -s "$T/main.zh" "$T/out.zh" && ok "refund with no command prints the help of LANG" ||
  not_ok "refund with no command prints the help of LANG" "$(head -1 "$T/out.zh")"
scan "refund --help --lang zh" "$T/main.zh"

for cmd in $commands; do
  help "$REFUND" "$cmd" --help > "$T/$cmd.en"; rc_en=$?
  help "$REFUND" "$cmd" --help --lang zh > "$T/$cmd.zh"; rc_zh=$?
  if [ $rc_en -ne 0 ] || [ $rc_zh -ne 0 ] || ! [ -s "$T/$cmd.en" ] || ! [ -s "$T/$cmd.zh" ]; then
    not_ok "'refund $cmd --help' exists in en and zh" "exit $rc_en/$rc_zh"; continue
  fi
  if LC_ALL=C grep -q "$han" "$T/$cmd.zh" && ! cmp -s "$T/$cmd.en" "$T/$cmd.zh" && head -1 "$T/$cmd.zh" | grep -q '^用法: refund '"$cmd"
  then ok "'refund $cmd --help' exists in en and zh"
  else not_ok "'refund $cmd --help' exists in en and zh" "zh: $(head -1 "$T/$cmd.zh")"; fi
  [ "$(options < "$T/$cmd.en")" = "$(options < "$T/$cmd.zh")" ] && ok "'refund $cmd --help' names the same options in zh and en" ||
    not_ok "'refund $cmd --help' names the same options in zh and en" \
      "en: $(options < "$T/$cmd.en" | oneline) zh: $(options < "$T/$cmd.zh" | oneline)"
  bad=
  help "$REFUND" "$cmd" --help --lang=zh > "$T/out"; cmp -s "$T/$cmd.zh" "$T/out" || bad="$bad --lang=zh"
  help "$REFUND" "$cmd" --lang zh --help > "$T/out"; cmp -s "$T/$cmd.zh" "$T/out" || bad="$bad --lang-zh-first"
  help LANG=zh_CN.UTF-8 "$REFUND" "$cmd" --help > "$T/out"; cmp -s "$T/$cmd.zh" "$T/out" || bad="$bad LANG=zh_CN.UTF-8"
  help LC_ALL=zh_CN.UTF-8 LANG=en_US.UTF-8 "$REFUND" "$cmd" --help > "$T/out"; cmp -s "$T/$cmd.zh" "$T/out" || bad="$bad LC_ALL=zh"
  help LC_ALL=C LANG=zh_CN.UTF-8 "$REFUND" "$cmd" --help > "$T/out"; cmp -s "$T/$cmd.en" "$T/out" || bad="$bad LC_ALL=C-over-LANG=zh"
  help LANG=zh_CN.UTF-8 "$REFUND" "$cmd" --help --lang en > "$T/out"; cmp -s "$T/$cmd.en" "$T/out" || bad="$bad --lang-en-over-LANG=zh"
  [ -z "$bad" ] && ok "'refund $cmd --help' follows --lang, LC_ALL and LANG" ||
    not_ok "'refund $cmd --help' follows --lang, LC_ALL and LANG" "wrong language with$bad"
  scan "'refund $cmd --help --lang zh'" "$T/$cmd.zh"
done

# The bash completion reads the commands and options from the help; it asks
# for the English one (--lang en), so a zh locale completes the same.
RF_TOP=${RF_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
if command -v bash > /dev/null; then
  complete_words() {
    bash -c 'source "$1/cli/completion.bash" || exit 9; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
             _refund; printf "%s\n" "${COMPREPLY[@]}" | sort' bash "$RF_TOP" "$REFUND" "$@" | tr '\n' ' '
  }
  # expect_same NAME WORD...: the completions of the last word (may be "").
  expect_same() {
    name=$1; shift
    en=$(LC_ALL=C complete_words "$@" 2>/dev/null)
    zh=$(LC_ALL=zh_CN.UTF-8 complete_words "$@" 2>/dev/null)
    if [ -n "$(echo $en)" ] && [ "$en" = "$zh" ]; then ok "completion of 'refund $name' is the same under LC_ALL=zh_CN.UTF-8"
    else not_ok "completion of 'refund $name' is the same under LC_ALL=zh_CN.UTF-8" "C: '$en' zh: '$zh'"; fi
  }
  expect_same "<TAB>" ""
  expect_same "quote --cha<TAB>" quote --cha
  expect_same "quote --channel m<TAB>" quote --channel m
  expect_same "new --request <TAB>" new --request ""
fi
