#!/bin/sh
# make -C ext/postgresql bench (and `make bench`, when pg_config exists):
# BENCH_PG_HISTORIES bench histories (default 100,000) loaded with COPY into
# a throwaway cluster (test/server.sh), then
#   SELECT refund_summary(refund_replay(h)) FROM bench
# timed serial and with two workers, next to the command line on the same
# rows (refund replay --ndjson | refund summary, and --summary). Best of 3;
# integer arithmetic. Wall time, and CPU time (user + system) for the
# comparison per core, which other work on the machine disturbs less, both
# to the microsecond: the command line's from its rusage (tests/bench/run.c),
# the serial query's from the backend's own /proc/self/schedstat (time on
# a CPU, in ns). In clock ticks, as time(1) and /proc/self/stat give them,
# one tick of 10 ms moved the ratio by a tenth.
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
min() { if [ "$1" -lt "$2" ]; then echo "$1"; else echo "$2"; fi; }
# The timer of `make bench` (tests/bench/run.c), built afresh.
timer=$PGTMP/run
${CC:-cc} -std=c11 -O2 -o "$timer" "$TOP/tests/bench/run.c"
cpu_us() { # command...: its user + system CPU time in us (the command's output dropped)
  "$timer" /dev/null -- "$@" | awk '{ print $8 }'
}
cli_pipe() { "$REFUND" replay --ndjson "$data" --format json | "$REFUND" summary - ; }
cli_summary() { "$REFUND" replay --ndjson "$data" --format json --summary "$PGTMP/s.json" || [ $? = 1 ]; }  # 1: findings
cli_ns=$(best_of_3 cli_summary)
pipe_ns=$(best_of_3 cli_pipe)
cli_cpu=999999999
for i in 1 2 3; do
  cli_cpu=$(min "$cli_cpu" "$(cpu_us "$REFUND" replay --ndjson "$data" --format json --summary "$PGTMP/s.json")")
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
# The serial query's CPU time in us: the backend's time on a CPU, in ns
# (the first field of /proc/self/schedstat), read by the backend itself
# before and after it.
on_cpu="(SELECT split_part(pg_read_file('/proc/self/schedstat'), ' ', 1)::bigint)"
serial_cpu() {
  psql -qAtX -v ON_ERROR_STOP=1 postgres <<SQL
SET max_parallel_workers_per_gather = 0;
SELECT $on_cpu AS t0 \gset
$q \g /dev/null
SELECT ($on_cpu - :t0) / 1000;
SQL
}
serial > /dev/null   # warm: the table in shared buffers (the load written out by CHECKPOINT)
s_ns=$(best_of_3 serial)
p_ns=$(best_of_3 parallel)
r_ns=$(best_of_3 replay_only)
sql_cpu=999999999
for i in 1 2 3; do sql_cpu=$(min "$sql_cpu" "$(serial_cpu)"); done
[ "$(serial)" = "$(parallel)" ] || { echo "bench: the serial and parallel summaries differ" >&2; exit 1; }
echo "data: $COUNT histories ($(wc -c < "$data") bytes) in a jsonb column"
echo "CLI  replay --ndjson --summary FILE (1 thread):        $(( cli_ns / 1000000 )) ms, $(per_s "$cli_ns") rows/s"
echo "CLI  replay --ndjson | refund summary (2 processes):   $(( pipe_ns / 1000000 )) ms, $(per_s "$pipe_ns") rows/s"
echo "SQL  count(refund_replay(h)), serial:                  $(( r_ns / 1000000 )) ms, $(per_s "$r_ns") rows/s"
echo "SQL  refund_summary(refund_replay(h)), serial:         $(( s_ns / 1000000 )) ms, $(per_s "$s_ns") rows/s"
echo "SQL  refund_summary(refund_replay(h)), 2 workers:      $(( p_ns / 1000000 )) ms, $(per_s "$p_ns") rows/s"
echo "CPU  CLI replay --ndjson --summary FILE (1 thread):        $(( cli_cpu / 1000 )) ms, $(( cli_cpu * 1000 / COUNT )) ns a row"
echo "CPU  SQL refund_summary(refund_replay(h)), serial backend: $(( sql_cpu / 1000 )) ms, $(( sql_cpu * 1000 / COUNT )) ns a row"
x100=$(( s_ns * 100 / cli_ns ))
c100=$(( sql_cpu * 100 / cli_cpu ))
hundredths() { printf '%d.%02d' $(($1 / 100)) $(($1 % 100)); }
echo "serial SQL per core: $(hundredths $c100)x the CLI's CPU time, $(hundredths $x100)x its wall time (goal: within 3x); parallel: $(( s_ns * 100 / p_ns )) % of serial's throughput"
