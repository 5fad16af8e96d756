# Bash completion for refund(1): commands, options and their values.
#
# `make install` puts this file in $(PREFIX)/share/bash-completion/completions/refund,
# where bash-completion loads it on the first <TAB> after `refund`; without
# bash-completion, `source` it from ~/.bashrc.
#
# The commands and each command's options are read from the command itself
# (`refund --help --lang en`, `refund CMD --help --lang en`: English whatever
# the locale says), so they are always those of the
# refund being completed (the word typed, e.g. build/bin/refund, or the one
# on PATH). An option takes a value when its help shows one (--now TIME,
# --channel c_store|mall|mt). The values of the enumerated options are listed
# below, as include/refund.h names them (tests/cli/t_completion.sh checks
# them against it); files are offered for --policy, --calendar, -o and the
# CASE arguments, and the machines for graph.

# The refund to ask: the word typed if it runs, else the one on PATH.
_refund_bin() {
    local bin=$1
    [[ $bin == "~/"* ]] && bin=$HOME/${bin#"~/"}
    type -P -- "$bin" 2>/dev/null || type -P refund 2>/dev/null
}

# The commands `refund --help` lists under "Commands:".
_refund_commands() {
    "$1" --help --lang en 2>/dev/null | awk '/^Commands:/ {on = 1; next} on && /^$/ {exit} on && /^  [a-z]/ {print $1}' | sort -u
}

# The long options of `refund CMD --help`, and -o when it has it.
_refund_options() {
    local help
    help=$("$1" "$2" --help --lang en 2>/dev/null) || return
    grep -o -- '--[a-z][a-z-]*' <<<"$help" | sed 's/-*$//' | sort -u
    grep -q -- '-o, --output' <<<"$help" && echo -o
}

# Whether option $3 of command $2 takes a value: its help shows it followed
# by one space and a metavariable (TIME, FILE, X) or a list (zh|en).
_refund_takes_value() {
    local opt=$3
    [[ $opt == -o ]] && opt=--output
    "$1" "$2" --help --lang en 2>/dev/null | grep -Eq -- "(^|[^a-z-])$opt ([A-Z][A-Z]*([^a-z]|\$)|[a-z_]+\\|)"
}

# The values of option $1 of command $2, or failure when it has no list.
_refund_values() {
    case $1 in
    --format)
        if [[ $2 == graph ]]; then echo "dot mermaid"; else echo "text json ndjson"; fi ;;
    --lang) echo "zh en" ;;
    --channel) echo "c_store mall mt" ;;
    --reason) echo "no_reason quality not_received not_as_described damaged missing_items lost other" ;;
    --kind | --request) echo "refund_only return_refund exchange" ;;
    --insurance) echo "none buyer seller" ;;
    --invoice-issued | --seven-day-return) echo "yes no" ;;
    *) return 1 ;;
    esac
}

_refund() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev= opt= bin cmd values
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()
    bin=$(_refund_bin "${COMP_WORDS[0]}") || return 0
    if ((COMP_CWORD == 1)); then
        COMPREPLY=($(compgen -W "$(_refund_commands "$bin") --help --version" -- "$cur"))
        return 0
    fi
    cmd=${COMP_WORDS[1]}
    # An option's value: --opt VALUE, or --opt=VALUE (which bash splits at
    # the = when = is in COMP_WORDBREAKS, as it is by default).
    if [[ $cur == = && $prev == --* ]]; then
        opt=$prev cur=
    elif [[ $prev == = ]] && ((COMP_CWORD >= 3)); then
        opt=${COMP_WORDS[COMP_CWORD - 2]}
    elif [[ $cur == --*=* ]]; then
        opt=${cur%%=*} cur=${cur#*=}
    elif [[ $prev == -* && $prev != -- ]] && _refund_takes_value "$bin" "$cmd" "$prev"; then
        opt=$prev
    fi
    if [[ -n $opt ]]; then
        if values=$(_refund_values "$opt" "$cmd"); then
            COMPREPLY=($(compgen -W "$values" -- "$cur"))
        elif [[ $opt == --policy || $opt == --calendar || $opt == -o || $opt == --output ]]; then
            COMPREPLY=($(compgen -f -- "$cur"))
        fi
        return 0
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_refund_options "$bin" "$cmd")" -- "$cur"))
        return 0
    fi
    case $cmd in
    graph) COMPREPLY=($(compgen -W "trade refund exchange intervention complaint" -- "$cur")) ;;
    check | replay | apply | validate) COMPREPLY=($(compgen -f -- "$cur")) ;;
    esac
    return 0
}

complete -F _refund refund
