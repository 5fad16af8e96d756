#!/bin/sh
# The house is one-way (docs: "Data flows one way, each room knowing only
# the room below it"). Checked from the sources and from the objects:
#  (a) lib/ includes nothing from cli/, and cli/ no header of lib/ (cli/ is
#      built against include/ only);
#  (b) no cycle among the headers of lib/, cli/ and include/ (#include "...");
#  (c) no cycle in the call graph of lib/: an edge A -> B when the object of
#      A uses a symbol the object of B defines (nm of the built objects), so
#      no two files of lib/ call into each other, directly or round a loop;
#  (d) the objects of cli/ use no rf__ internal of the library.
# The objects are those of the build $REFUND belongs to ($RF_BUILD when set:
# tests/cli/run.sh sets it, since under RF_VALGRIND $REFUND is a wrapper).
# POSIX sh with sed, awk and nm. Prints "ok NAME" or "not ok NAME: why".
set -u
: "${REFUND:?set REFUND to the refund binary}"
RF_TOP=${RF_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${RF_BUILD:-$(cd "$(dirname "$REFUND")/.." && pwd)}
cd "$RF_TOP" || exit 1

ok() { echo "ok $1"; }
not_ok() { echo "not ok $1: $2"; }
oneline() { tr '\n' ' ' | sed 's/ *$//'; }

# Reads "FROM TO LABEL" edges on standard input and prints one line per
# cycle: each strongly connected component of more than one node (Tarjan),
# or a node with an edge to itself, as a walk round it, "a -> b -> a", then
# the labels of its edges in brackets (at most three per edge).
cycles() {
  awk '
    function add_label(k, l) {
      if (l == "" || nlab[k] >= 3) { if (l != "" && !(k in more)) more[k] = 1; return }
      if (index(" " lab[k] ",", " " l ",")) return
      lab[k] = (nlab[k]++ ? lab[k] ", " : "") l
    }
    {
      if (!(($1, $2) in edge)) { edge[$1, $2] = 1; adj[$1, ++nadj[$1]] = $2 }
      add_label($1 SUBSEP $2, $3)
      node[$1] = node[$2] = 1
    }
    function strong(v,    i, w) {
      idx[v] = low[v] = ++counter
      stack[++sp] = v; on[v] = 1
      for (i = 1; i <= nadj[v]; i++) {
        w = adj[v, i]
        if (!(w in idx)) { strong(w); if (low[w] < low[v]) low[v] = low[w] }
        else if (on[w] && idx[w] < low[v]) low[v] = idx[w]
      }
      if (low[v] == idx[v]) {
        ncomp++; size = 0
        do { w = stack[sp--]; on[w] = 0; comp[w] = ncomp; size++ } while (w != v)
        if (size > 1 || ((v, v) in edge)) report(v)
      }
    }
    # A shortest walk from s back to s inside its component (breadth first).
    function report(s,    q, head, tail, v, i, w, path, k, labels, found) {
      split("", parent); split("", seen)
      head = 1; tail = 0; q[++tail] = s; found = ""
      while (head <= tail && found == "") {
        v = q[head++]
        for (i = 1; i <= nadj[v]; i++) {
          w = adj[v, i]
          if (comp[w] != comp[s]) continue
          if (w == s) { found = v; break }
          if (!(w in seen)) { seen[w] = 1; parent[w] = v; q[++tail] = w }
        }
      }
      path = s; v = found
      while (v != s) { path = v " -> " path; v = parent[v] }
      path = s " -> " path
      labels = ""; v = s
      n = split(path, hop, / -> /)
      for (i = 1; i < n; i++) {
        k = hop[i] SUBSEP hop[i + 1]
        if (lab[k] != "")
          labels = labels (labels ? "; " : "") hop[i] " -> " hop[i + 1] ": " lab[k] (k in more ? ", ..." : "")
      }
      print path (labels ? " [" labels "]" : "")
    }
    END { for (v in node) if (!(v in idx)) strong(v) }'
}

# ---- (a) and (b): the #include lines ------------------------------------------------
# Resolved as the compiler resolves them: the including file's directory
# first, then include/ (both lib/ and cli/ have -Iinclude), then lib/ for
# lib/ (-Ilib). A name cli/ could only find in lib/ is reported as such.
edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
unresolved=
for f in lib/*.c lib/*.h cli/*.c cli/*.h; do
  [ -f "$f" ] || continue
  dir=${f%/*}
  for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
    to=
    for d in "$dir" include $( [ "$dir" = lib ] && echo lib ); do
      if [ -f "$d/$inc" ]; then to=$d/$inc; break; fi
    done
    if [ -z "$to" ] && [ "$dir" = cli ] && [ -f "lib/$inc" ]; then to=lib/$inc; fi
    if [ -z "$to" ]; then unresolved="$unresolved $f:$inc"; continue; fi
    # lib/../cli/x.h and the like, written plainly.
    to=$(cd "$(dirname "$to")" && pwd)/$(basename "$to")
    to=${to#"$RF_TOP"/}
    echo "$f $to"
  done
done >"$edges"

if [ -n "$unresolved" ]; then not_ok "every #include \"...\" of lib/ and cli/ names a file" "not found:$unresolved"
else ok "every #include \"...\" of lib/ and cli/ names a file"; fi

bad=$(awk '$1 ~ /^lib\// && $2 ~ /^cli\// {print $1 " includes " $2}' "$edges")
if [ -n "$bad" ]; then not_ok "lib/ includes nothing from cli/" "$(printf '%s\n' "$bad" | paste -sd ';' -)"
else ok "lib/ includes nothing from cli/"; fi

bad=$(awk '$1 ~ /^cli\// && $2 ~ /^lib\// {print $1 " includes " $2}' "$edges")
if [ -n "$bad" ]; then not_ok "cli/ includes no header of lib/ (only include/)" "$(printf '%s\n' "$bad" | paste -sd ';' -)"
else ok "cli/ includes no header of lib/ (only include/)"; fi

found=$(awk '$1 ~ /\.h$/ && $2 ~ /\.h$/' "$edges" | cycles)
n=$(awk '$1 ~ /\.h$/ && $2 ~ /\.h$/' "$edges" | wc -l)
if [ "$n" -lt 10 ]; then not_ok "no include cycle among headers" "found only $n header includes"
elif [ -n "$found" ]; then not_ok "no include cycle among headers" "$(printf '%s\n' "$found" | paste -sd ';' -)"
else ok "no include cycle among headers ($n includes)"; fi

# ---- (c) and (d): the call graph of the objects -----------------------------------------
if ! command -v nm >/dev/null 2>&1; then
  ok "no call cycle in lib/ # SKIP nm is not installed"
  exit 0
fi
set -- "$BUILD"/obj/lib/*.o
if [ ! -f "$1" ]; then
  not_ok "no call cycle in lib/" "no objects in $BUILD/obj/lib (set RF_BUILD to the build directory)"
  exit 0
fi

# "symbol file" for what each object defines; then each use joined to it.
defs=$(mktemp)
trap 'rm -f "$edges" "$defs"' EXIT
for o in "$@"; do
  b=$(basename "$o" .o).c
  nm -g --defined-only "$o" | awk -v b="$b" 'NF == 3 {print $3, b}'
done | LC_ALL=C sort >"$defs"
calls=$(for o in "$@"; do
  b=$(basename "$o" .o).c
  nm -u "$o" | awk -v b="$b" '{print $NF, b}'
done | LC_ALL=C sort | LC_ALL=C join - "$defs" | awk '$2 != $3 {print "lib/" $2, "lib/" $3, $1}')
n=$(printf '%s\n' "$calls" | awk 'NF' | awk '{print $1, $2}' | sort -u | wc -l)
found=$(printf '%s\n' "$calls" | awk 'NF' | cycles)
if [ "$n" -lt 20 ]; then not_ok "no call cycle in lib/" "found only $n calls between the objects of $BUILD/obj/lib"
elif [ -n "$found" ]; then not_ok "no call cycle in lib/" "$(printf '%s\n' "$found" | paste -sd ';' -)"
else ok "no call cycle in lib/ ($n file-to-file dependencies)"; fi

set -- "$BUILD"/obj/cli/*.o
if [ -f "$1" ]; then
  internal=$(nm -u "$@" 2>/dev/null | awk '$NF ~ /^rf__/ {print $NF}' | sort -u | oneline)
  if [ -n "$internal" ]; then not_ok "cli/ uses no rf__ internal" "$internal"
  else ok "cli/ uses no rf__ internal"; fi
fi
