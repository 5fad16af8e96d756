#!/bin/sh
# `refund apply` keeps what the case file is (issue 14): a symlink stays a
# symlink and its target gets the event; the owner, group and mode stay,
# setuid and setgid do not; a hard-linked or owner-read-only case is refused
# (exit 5, untouched) unless --force; a name that is not a regular file, a
# dangling or looping symlink, and paths the system finds too long get a
# message and exit 5, and a long path the system can open works.
# POSIX sh with stat (GNU), ln, mkfifo. Prints "ok NAME" or "not ok NAME: why".
set -u
: "${REFUND:?set REFUND to the refund binary}"
RF_TOP=${RF_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
ok() { echo "ok $1"; }
not_ok() { echo "not ok $1: $2"; }
ex="$RF_TOP/examples/01-free-shipping-c-store.json"
printf '%s\n' '{"id": "e6", "at": "2024-06-25T09:00:00+08:00", "actor": "seller", "type": "refund_agreed"}' > "$T/agree.json"
has_event() { grep -q '"refund_agreed"}' "$1"; }
# The same file as apply would write it, to compare with.
cp "$ex" "$T/new.json"
"$REFUND" apply "$T/new.json" "$T/agree.json" >/dev/null 2>&1
apply() { "$REFUND" apply "$@" "$T/agree.json" >"$T/out" 2>"$T/err"; }
err() { head -c 300 "$T/err" | tr '\n' ' '; }
temps() { ls -A "$1" | grep -c 'refund-tmp'; }

# ---- symlinks ----------------------------------------------------------------------
mkdir -p "$T/store/real" "$T/links"
cp "$ex" "$T/store/real/case.json"
ln -s ../store/real/case.json "$T/links/rel.json"        # relative, from another directory
ln -s "$T/links/rel.json" "$T/links/chain.json"          # absolute, to a symlink
apply "$T/links/chain.json"; rc=$?
if [ $rc -eq 0 ] && [ -L "$T/links/chain.json" ] && [ -L "$T/links/rel.json" ] \
   && [ "$(readlink "$T/links/rel.json")" = ../store/real/case.json ] && cmp -s "$T/store/real/case.json" "$T/new.json" \
   && [ -f "$T/store/real/case.json.lock" ] && [ "$(ls -A "$T/links" | wc -l)" -eq 2 ] && [ "$(temps "$T/store/real")" -eq 0 ]; then
  ok "apply through a chain of symlinks keeps both links and writes their target (lock and temporary file in the target's directory)"
else not_ok "apply through symlinks" "exit $rc, links: $(ls -lA "$T/links" | tr '\n' ' ') $(err)"; fi

ln -s nowhere.json "$T/links/dangling.json"
apply "$T/links/dangling.json"; rc=$?
if [ $rc -eq 5 ] && grep -q 'dangling.json: .*No such file' "$T/err" && [ -L "$T/links/dangling.json" ] && [ ! -e "$T/links/nowhere.json" ]; then
  ok "a dangling symlink: a message, exit 5, nothing created"
else not_ok "a dangling symlink" "exit $rc: $(err)"; fi
ln -s loop2.json "$T/links/loop1.json"; ln -s loop1.json "$T/links/loop2.json"
apply "$T/links/loop1.json"; rc=$?
if [ $rc -eq 5 ] && grep -qi 'loop1.json: .*symbolic links' "$T/err"; then ok "a symlink loop: a message, exit 5"
else not_ok "a symlink loop" "exit $rc: $(err)"; fi

# ---- owner, group, mode -----------------------------------------------------------------
cp "$ex" "$T/mode.json"; chmod 0640 "$T/mode.json"
apply "$T/mode.json"; rc=$?
if [ $rc -eq 0 ] && [ "$(stat -c %a "$T/mode.json")" = 640 ] && has_event "$T/mode.json"; then ok "mode 0640 stays 0640"
else not_ok "mode 0640 stays 0640" "exit $rc, mode $(stat -c %a "$T/mode.json"): $(err)"; fi
for bits in 4750 2750 6750; do
  cp "$ex" "$T/suid.json"; chmod $bits "$T/suid.json"
  apply "$T/suid.json"; rc=$?
  if [ $rc -eq 0 ] && [ "$(stat -c %a "$T/suid.json")" = 750 ] && has_event "$T/suid.json"; then ok "mode $bits becomes 0750: setuid and setgid dropped, the rest kept"
  else not_ok "mode $bits becomes 0750" "exit $rc, mode $(stat -c %a "$T/suid.json"): $(err)"; fi
done

if [ "$(id -u)" = 0 ]; then
  cp "$ex" "$T/owned.json"; chown 65534:65534 "$T/owned.json"; chmod 0600 "$T/owned.json"
  apply "$T/owned.json"; rc=$?
  if [ $rc -eq 0 ] && [ "$(stat -c %u:%g:%a "$T/owned.json")" = 65534:65534:600 ] && has_event "$T/owned.json" \
     && [ "$(stat -c %u:%g "$T/owned.json.lock")" = 65534:65534 ]; then
    ok "run as root, a case owned by 65534:65534 stays 65534:65534 (and so does its new lock file)"
  else not_ok "owner kept" "exit $rc, now $(stat -c %u:%g:%a "$T/owned.json"): $(err)"; fi
  # Through a symlink, as the issue found it: the link stays, the target keeps its owner.
  cp "$ex" "$T/store/owned.json"; chown 65534:65534 "$T/store/owned.json"; ln -s store/owned.json "$T/olink.json"
  apply "$T/olink.json"; rc=$?
  if [ $rc -eq 0 ] && [ -L "$T/olink.json" ] && [ "$(stat -c %u:%g "$T/store/owned.json")" = 65534:65534 ] && has_event "$T/store/owned.json"; then
    ok "run as root through a symlink: the link stays, its target keeps owner 65534"
  else not_ok "owner kept through a symlink" "exit $rc: $(err)"; fi
  # A user who may replace the file (the directory is writable) but cannot
  # give the new file the owner's name is refused, unless --force.
  chmod 0755 "$T"
  if command -v setpriv >/dev/null 2>&1 && setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$REFUND"; then
    mkdir "$T/shared"; chmod 0777 "$T/shared"
    cp "$ex" "$T/shared/case.json"; chmod 0666 "$T/shared/case.json"
    as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$REFUND" apply "$@" "$T/agree.json" >"$T/out" 2>"$T/err"; }
    as_nobody "$T/shared/case.json"; rc=$?
    if [ $rc -eq 5 ] && grep -q 'cannot give the new file its owner' "$T/err" && cmp -s "$ex" "$T/shared/case.json" \
       && [ "$(temps "$T/shared")" -eq 0 ]; then
      ok "another user cannot keep the owner: a message, exit 5, untouched, no temporary file"
    else not_ok "another user cannot keep the owner" "exit $rc: $(err)"; fi
    as_nobody --force "$T/shared/case.json"; rc=$?
    if [ $rc -eq 0 ] && grep -q 'warning: now owned by 65534:65534, was 0:0' "$T/err" && has_event "$T/shared/case.json"; then
      ok "--force: another user's apply goes through and says the owner changed"
    else not_ok "--force, another user" "exit $rc: $(err)"; fi
  else ok "another user cannot keep the owner # SKIP no setpriv, or user 65534 cannot run $REFUND"; fi
else
  ok "owner kept # SKIP not root"
fi

# ---- hard links and read-only files ------------------------------------------------------
cp "$ex" "$T/hard.json"; ln "$T/hard.json" "$T/hard2.json"
apply "$T/hard.json"; rc=$?
if [ $rc -eq 5 ] && grep -q 'hard.json: has 2 hard links' "$T/err" && cmp -s "$ex" "$T/hard.json" \
   && [ "$(stat -c %h "$T/hard.json")" = 2 ]; then
  ok "a hard-linked case is refused: a message, exit 5, untouched"
else not_ok "a hard-linked case is refused" "exit $rc: $(err)"; fi
apply --force "$T/hard.json"; rc=$?
if [ $rc -eq 0 ] && cmp -s "$T/new.json" "$T/hard.json" && cmp -s "$ex" "$T/hard2.json" \
   && [ "$(stat -c %h "$T/hard.json")" = 1 ] && grep -q 'warning: .*1 other hard link keeps the old text' "$T/err"; then
  ok "--force on a hard-linked case replaces this name only, says so, and the other link keeps the old text"
else not_ok "--force on a hard-linked case" "exit $rc: $(err)"; fi

cp "$ex" "$T/ro.json"; chmod 0444 "$T/ro.json"
apply "$T/ro.json"; rc=$?
if [ $rc -eq 5 ] && grep -q 'ro.json: read-only to its owner (mode 0444)' "$T/err" && cmp -s "$ex" "$T/ro.json"; then
  ok "a case read-only to its owner (0444) is refused: a message, exit 5, untouched"
else not_ok "a read-only case is refused" "exit $rc: $(err)"; fi
apply --force "$T/ro.json"; rc=$?
if [ $rc -eq 0 ] && cmp -s "$T/new.json" "$T/ro.json" && [ "$(stat -c %a "$T/ro.json")" = 444 ]; then
  ok "--force writes a read-only case and keeps it 0444"
else not_ok "--force on a read-only case" "exit $rc, mode $(stat -c %a "$T/ro.json"): $(err)"; fi
cp "$ex" "$T/dry.json"; chmod 0444 "$T/dry.json"
apply --dry-run "$T/dry.json"; rc=$?
if [ $rc -eq 0 ] && grep -q 'would append' "$T/out" && cmp -s "$ex" "$T/dry.json" && [ ! -e "$T/dry.json.lock" ]; then
  ok "--dry-run writes nothing, takes no lock, so needs no write access"
else not_ok "--dry-run on a read-only case" "exit $rc: $(err)"; fi

# ---- not a regular file ----------------------------------------------------------------
mkdir "$T/dir.json"
apply "$T/dir.json"; rc=$?
if [ $rc -eq 5 ] && grep -q 'dir.json: not a regular file' "$T/err"; then ok "a directory: a message, exit 5"
else not_ok "a directory" "exit $rc: $(err)"; fi
if mkfifo "$T/fifo.json" 2>/dev/null; then
  timeout 10 "$REFUND" apply "$T/fifo.json" "$T/agree.json" >/dev/null 2>"$T/err"; rc=$?
  if [ $rc -eq 5 ] && grep -q 'fifo.json: not a regular file' "$T/err"; then ok "a FIFO: a message, exit 5, without waiting for a writer"
  else not_ok "a FIFO" "exit $rc: $(err)"; fi
fi

# ---- long paths ---------------------------------------------------------------------------
# 20 directories of 199 bytes and a 90-byte name: a 4,090-byte path. Every
# step works relative to the case's directory, so apply needs no longer path
# than the one it is given.
mkdir "$T/long"
d=$(printf '%0199d' 0 | tr 0 d)
p=$d i=1
while [ $i -lt 20 ]; do p="$p/$d"; i=$((i + 1)); done
name=$(printf '%090d' 0 | tr 0 c)
(cd "$T/long" && mkdir -p "$p" && cp "$ex" "$p/$name")
long="$p/$name"
(cd "$T/long" && "$REFUND" apply "$long" "$T/agree.json" >"$T/out" 2>"$T/err"); rc=$?
if [ ${#long} -eq 4090 ] && [ $rc -eq 0 ] && grep -q ': appended event e6' "$T/out" && (cd "$T/long" && cmp -s "$T/new.json" "$long"); then
  ok "a 4,090-byte path to a case: appended"
elif [ ${#long} -eq 4090 ] && [ $rc -eq 5 ] && grep -qi 'file name too long' "$T/err"; then
  ok "a 4,090-byte path to a case: refused with a message (file name too long)"
else not_ok "a 4,090-byte path" "length ${#long}, exit $rc: $(err)"; fi
# Over PATH_MAX, a component over NAME_MAX, and a name whose lock or
# temporary file would be over NAME_MAX: the system refuses them; a message
# and exit 5, the file untouched, nothing left behind.
(cd "$T/long" && "$REFUND" apply "$p/$d/$name" "$T/agree.json" >"$T/out" 2>"$T/err"); rc=$?
if [ $rc -eq 5 ] && grep -q "^refund: .*$name: File name too long" "$T/err"; then ok "a 4,290-byte path: 'File name too long', exit 5"
else not_ok "a 4,290-byte path" "exit $rc: $(err)"; fi
big=$(printf '%0300d' 0 | tr 0 x)
apply "$T/$big.json"; rc=$?
if [ $rc -eq 5 ] && grep -q "^refund: .*$big.json: File name too long" "$T/err"; then ok "a 300-byte file name: 'File name too long', exit 5"
else not_ok "a 300-byte file name" "exit $rc: $(err)"; fi
for n in 244 251; do
  edge=$(printf "%0${n}d" 0 | tr 0 e)
  mkdir "$T/edge$n"; cp "$ex" "$T/edge$n/$edge"
  apply "$T/edge$n/$edge"; rc=$?
  if [ $rc -eq 5 ] && grep -q "^refund: .*$edge: cannot .*File name too long" "$T/err" && cmp -s "$ex" "$T/edge$n/$edge" \
     && [ "$(ls -A "$T/edge$n" | grep -vc lock)" -eq 1 ]; then
    ok "a $n-byte case name (its $( [ $n = 251 ] && echo lock || echo temporary) file's name too long): a message, exit 5, untouched"
  else not_ok "a $n-byte case name" "exit $rc: $(err)"; fi
done
edge=$(printf "%0243d" 0 | tr 0 e)
mkdir "$T/edge243"; cp "$ex" "$T/edge243/$edge"
apply "$T/edge243/$edge"; rc=$?
if [ $rc -eq 0 ] && cmp -s "$T/new.json" "$T/edge243/$edge"; then ok "a 243-byte case name, the longest: appended"
else not_ok "a 243-byte case name" "exit $rc: $(err)"; fi
exit 0
