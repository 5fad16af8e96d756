#!/bin/sh
# make -C ext/postgresql bench (and `make bench`, when pg_config exists):
# BENCH_PG_HISTORIES bench histories (default 100,000) loaded with COPY into
# a throwaway cluster (test/server.sh), then
#   SELECT refund_summary(refund_replay(h)) FROM bench
# timed serial and with two workers, next to the command line on the same
# rows (refund replay --ndjson | refund summary, and --summary). Best of 3;
# integer arithmetic. Wall time, and CPU time (user + system) for the
# comparison per core, which other work on the machine disturbs less: the
# command line's from /usr/bin/time, the serial query's from the backend's
# own /proc/self/stat, both in clock ticks.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE"
. test/server.sh
COUNT=${BENCH_PG_HISTORIES:-100000}
REFUND=$TOP/build/bin/refund
data=$PGTMP/files/histories.ndjson
mkdir -p "$PGTMP/files"
"$TOP/build/bench/gen" "$COUNT" > "$data" 2>/dev/null
chmod -R a+rX "$PGTMP"
now_ns() { date +%s%N; }
best_of_3() { # command...: the best wall time in ns
  best=0
  for run in 1 2 3; do
    t0=$(now_ns); "$@" > /dev/null; t=$(( $(now_ns) - t0 ))
    if [ "$best" -eq 0 ] || [ "$t" -lt "$best" ]; then best=$t; fi
  done
  echo "$best"
}
per_s() { echo $(( COUNT * 1000000 / ($1 / 1000) )); }
TICK=$(getconf CLK_TCK)
min() { if [ "$1" -lt "$2" ]; then echo "$1"; else echo "$2"; fi; }
cpu_ms() { # command...: its user + system CPU time in ms (the command's output dropped)
  /usr/bin/time -f '%U %S' -o "$PGTMP/time" "$@" > /dev/null || true
  # the last line: before it, time says when the command exited with a status
  tail -n 1 "$PGTMP/time" | awk '{ printf "%d\n", ($1 + $2) * 1000 + 0.5 }'
}
cli_pipe() { "$REFUND" replay --ndjson "$data" --format json | "$REFUND" summary - ; }
cli_summary() { "$REFUND" replay --ndjson "$data" --format json --summary "$PGTMP/s.json" || [ $? = 1 ]; }  # 1: findings
cli_ns=$(best_of_3 cli_summary)
pipe_ns=$(best_of_3 cli_pipe)
cli_cpu=999999
for run in 1 2 3; do
  cli_cpu=$(min "$cli_cpu" "$(cpu_ms "$REFUND" replay --ndjson "$data" --format json --summary "$PGTMP/s.json")")
done

server_start
psql -qX -v ON_ERROR_STOP=1 postgres <<SQL >/dev/null
CREATE EXTENSION refund;
CREATE TABLE bench (h jsonb);
COPY bench FROM '$data' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02');
VACUUM ANALYZE bench;
CHECKPOINT;
SQL
# The functions must load this tree's refund.so (test/server.sh): a
# refund.control that another tree installed since names $libdir's.
lib=$(psql -qAtX -c "SELECT string_agg(DISTINCT probin, ' ') FROM pg_proc WHERE probin LIKE '%refund'" postgres)
[ "$lib" = refund ] || { echo "bench: the functions load '$lib', not this tree's refund.so: run make -C ext/postgresql bench" >&2; exit 1; }
q='SELECT refund_summary(refund_replay(h)) FROM bench'
sql() { psql -qAtX -v ON_ERROR_STOP=1 -c "$1" -c "$q" postgres; }
serial() { sql "SET max_parallel_workers_per_gather = 0"; }
parallel() { psql -qAtX -v ON_ERROR_STOP=1 -c "SET max_parallel_workers_per_gather = 2" -c "SET parallel_setup_cost = 0" \
             -c "SET parallel_tuple_cost = 0" -c "SET min_parallel_table_scan_size = 0" -c "$q" postgres; }
replay_only() { psql -qAtX -c "SET max_parallel_workers_per_gather = 0" \
                -c "SELECT count(refund_replay(h)) FROM bench" postgres; }
# The serial query's CPU time: the backend's utime + stime, in ticks, read
# by the backend itself before and after it (fields 14 and 15 of
# /proc/self/stat; those after the command's name, in parentheses).
ticks="(SELECT split_part(f, ' ', 12)::bigint + split_part(f, ' ', 13)::bigint
          FROM substring(pg_read_file('/proc/self/stat') FROM '[)] (.*)\$') f)"
serial_cpu() {
  psql -qAtX -v ON_ERROR_STOP=1 postgres <<SQL
SET max_parallel_workers_per_gather = 0;
SELECT $ticks AS t0 \gset
$q \g /dev/null
SELECT ($ticks - :t0) * 1000 / $TICK;
SQL
}
serial > /dev/null   # warm: the table in shared buffers (the load written out by CHECKPOINT)
s_ns=$(best_of_3 serial)
p_ns=$(best_of_3 parallel)
r_ns=$(best_of_3 replay_only)
sql_cpu=999999
for run in 1 2 3; do sql_cpu=$(min "$sql_cpu" "$(serial_cpu)"); done
[ "$(serial)" = "$(parallel)" ] || { echo "bench: the serial and parallel summaries differ" >&2; exit 1; }
echo "data: $COUNT histories ($(wc -c < "$data") bytes) in a jsonb column"
echo "CLI  replay --ndjson --summary FILE (1 thread):        $(( cli_ns / 1000000 )) ms, $(per_s "$cli_ns") rows/s"
echo "CLI  replay --ndjson | refund summary (2 processes):   $(( pipe_ns / 1000000 )) ms, $(per_s "$pipe_ns") rows/s"
echo "SQL  count(refund_replay(h)), serial:                  $(( r_ns / 1000000 )) ms, $(per_s "$r_ns") rows/s"
echo "SQL  refund_summary(refund_replay(h)), serial:         $(( s_ns / 1000000 )) ms, $(per_s "$s_ns") rows/s"
echo "SQL  refund_summary(refund_replay(h)), 2 workers:      $(( p_ns / 1000000 )) ms, $(per_s "$p_ns") rows/s"
echo "CPU  CLI replay --ndjson --summary FILE (1 thread):        $cli_cpu ms, $(( cli_cpu * 1000000 / COUNT )) ns a row"
echo "CPU  SQL refund_summary(refund_replay(h)), serial backend: $sql_cpu ms, $(( sql_cpu * 1000000 / COUNT )) ns a row"
x10=$(( s_ns * 10 / cli_ns ))
c10=$(( sql_cpu * 10 / cli_cpu ))
echo "serial SQL per core: $((c10 / 10)).$((c10 % 10))x the CLI's CPU time, $((x10 / 10)).$((x10 % 10))x its wall time (goal: within 3x); parallel: $(( s_ns * 100 / p_ns )) % of serial's throughput"
