# The contract of every public function, as include/refund.h must state it
# (the house style: "the header is the documentation"). t_docs.sh (h) runs
#   awk -f tests/cli/header_contract.awk include/refund.h
#
# A declaration is documented by the nearest comment above it with nothing
# but declarations in between, so one comment may serve a group
# (rf_rule_id, rf_rule_seed, rf_rule_label). That comment must
#  - say whether the function is thread-safe ("thread-safe", any case, which
#    "Not thread-safe" also says);
#  - name each pointer parameter, and say what NULL means ("NULL");
#  - for a returned pointer, say who owns it ("static", "free", "owned by",
#    "points into", "valid until", "returns buf"...);
#  - for an rf_status, name the statuses it returns ("RF_E_");
#  - for any other result, say whether it can fail ("cannot fail", "none can
#    fail", "when out of memory").
# Every RF_..._INIT macro needs a comment too.
#
# Prints "DECL NAME" for each function found (t_docs.sh checks them against
# the exported symbols, so a declaration the parser missed is caught),
# "FAIL NAME: what is missing" for each that falls short, and "COUNT N".

function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
function names(text, word) {
  return text ~ ("(^|[^A-Za-z0-9_])" word "([^A-Za-z0-9_]|$)")
}
function check(decl,    name, ret, params, n, i, p, pn, why, lc, ptrs, ps) {
  name = decl; sub(/\(.*/, "", name); sub(/.*[ *]/, "", name)
  ret = decl; sub(/rf_[a-z0-9_]*\(.*/, "", ret)
  params = decl; sub(/^[^(]*\(/, "", params); sub(/\)[^)]*$/, "", params)
  count++
  print "DECL " name
  if (!valid || comment == "") { print "FAIL " name ": a comment above it"; return }
  lc = tolower(comment)
  why = ""
  if (lc !~ /thread-safe/) why = why ", whether it is thread-safe"
  n = split(params, ps, ",")
  ptrs = ""
  for (i = 1; i <= n; i++) {
    p = trim(ps[i])
    if (p !~ /[*[]/) continue
    pn = p; sub(/\[.*$/, "", pn); sub(/.*[ *]/, "", pn)
    ptrs = ptrs " " pn
    if (!names(comment, pn)) why = why ", anything about its parameter " pn
  }
  if (ptrs != "" && comment !~ /NULL/) why = why ", what NULL means for" ptrs
  if (ret ~ /\*/ && lc !~ /static|free|owned by|owns|points into|point into|valid until|returns buf/)
    why = why ", who owns the pointer it returns"
  if (ret ~ /rf_status/ && comment !~ /RF_E_/) why = why ", which statuses it returns"
  if (ret !~ /rf_status/ && lc !~ /can(not)? fail|out of memory/) why = why ", whether it can fail"
  if (why != "") print "FAIL " name ": " substr(why, 3)
}
BEGIN { comment = ""; valid = 0; incomment = 0; inmacro = 0; decl = ""; depth = 0 }
{
  line = $0
  if (incomment) {
    l = line; sub(/^[ \t]*\*[ \t]?/, "", l)   # the " * " that starts a comment line
    comment = comment " " l
    if (line ~ /\*\//) incomment = 0
    next
  }
  if (inmacro) { if (line !~ /\\$/) inmacro = 0; next }
  if (decl != "") {
    decl = decl " " line
    if (line ~ /;/) { check(decl); decl = "" }
    next
  }
  if (line ~ /^[ \t]*\/\*/) {                  # a comment starts a new block
    comment = line; valid = 1
    if (line !~ /\*\//) incomment = 1
    next
  }
  if (line ~ /^[ \t]*$/) next
  if (line ~ /^#/) {
    if (line ~ /^#define RF_[A-Z_]*_INIT([ \t\\]|$)/) {
      m = line; sub(/^#define /, "", m); sub(/[ \t\\].*/, "", m)
      count++
      if (!valid || comment == "") print "FAIL " m ": a comment above it"
    }
    if (line ~ /^#define/) valid = 0
    if (line ~ /\\$/) inmacro = 1
    next
  }
  if (line ~ /^extern "C"/ || (line ~ /^}$/ && depth == 0)) next
  code = line; gsub(/\/\*.*\*\//, "", code)
  if (depth == 0 && code ~ /rf_[a-z0-9_]*\(/ && code !~ /^[ \t]*typedef/) {
    if (code ~ /;/) check(code); else decl = code
    next
  }
  # Anything else (a type, a struct member) ends the comment's reach.
  depth += gsub(/[{]/, "{", code) - gsub(/[}]/, "}", code)
  valid = 0
}
END { print "COUNT " count }
