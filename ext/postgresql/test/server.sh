# Sourced by test/run.sh and bench.sh (after setting HERE): a throwaway cluster in a temporary
# directory, on a Unix socket only, run as the `postgres` system user when
# we are root (PostgreSQL refuses to run as root). server_start sets PGHOST,
# PGPORT and PGUSER for the clients; a trap stops it and removes the
# directory however the script ends.
PG_CONFIG=${PG_CONFIG:-pg_config}
PGBIN=$("$PG_CONFIG" --bindir)
# HERE: ext/postgresql, set by the script that sources this.
TOP=$(cd "$HERE/../.." && pwd)
if [ "$(id -u)" = 0 ]; then
  as_server() { runuser -u postgres -- "$@"; }
else
  as_server() { "$@"; }
fi
PGTMP=$(mktemp -d "${TMPDIR:-/tmp}/refund-pg.XXXXXX")
chmod 755 "$PGTMP"
[ "$(id -u)" != 0 ] || chown postgres "$PGTMP"
server_stop() {
  if [ -f "$PGTMP/data/postmaster.pid" ]; then
    as_server "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PGTMP"
}
trap server_stop EXIT
trap 'exit 130' INT TERM
server_start() {
  # The server loads this tree's refund.so, not the one in $libdir: every
  # worktree on a machine installs its own there, and a test or a bench
  # running beside another's `make install` would judge with that one.
  mkdir -p "$PGTMP/lib"
  cp "$HERE/refund.so" "$PGTMP/lib/"
  chmod -R a+rX "$PGTMP/lib"
  as_server "$PGBIN/initdb" -D "$PGTMP/data" -U postgres --auth=trust --no-sync -E UTF8 --locale=C \
    > "$PGTMP/initdb.log" 2>&1 || { cat "$PGTMP/initdb.log" >&2; return 1; }
  # The settings of the tests' parallel plans: two workers per gather.
  as_server "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w \
    -o "-c listen_addresses='' -k $PGTMP -c port=5432 -c fsync=off -c max_worker_processes=8 -c max_parallel_workers=8 -c dynamic_library_path='$PGTMP/lib:\$libdir'" \
    start > /dev/null || { cat "$PGTMP/server.log" >&2; return 1; }
  export PGHOST="$PGTMP" PGPORT=5432 PGUSER=postgres
}
