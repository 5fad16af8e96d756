#!/bin/sh
# replay --format csv, read back by a CSV reader nobody here wrote (Python's
# csv module): one row per finding, the columns of FORMAT.md, every field
# equal to the value of the same key in the JSON verdict, in both languages.
# The cases are the examples with their order ids, event ids and notes full
# of what CSV must survive: ',' '，' '"' CR LF, Chinese. Also: the bytes are
# exactly what an RFC 4180 writer (Python's, CR LF) writes for those rows;
# --bom; --only (rows in CSV, verdicts in JSON, and the exit code); the file
# name in the line column of replay CASE...; --jobs gives the same bytes.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$RF_TOP" || exit 1
if ! command -v python3 >/dev/null 2>&1; then
  echo "ok replay --format csv # SKIP python3 is not installed"
  exit 0
fi

# The examples, made awkward. Event ids stay unique (each gets the same
# suffix); the order id changes per case; every note gets the same mess.
python3 - "$T/cases.ndjson" examples/[0-9]*.json <<'EOF'
import json, sys
out = open(sys.argv[1], 'w', encoding='utf-8', newline='\n')
mess = ['，', ',', '"', '\n', '\r\n', '中文', '""', ' ']
for i, path in enumerate(p for p in sys.argv[2:] if not p.endswith('.expected.json')):
    case = json.load(open(path, encoding='utf-8'))
    case['order']['id'] = 'TB-%d%s订单,"号"\r\n第二行' % (i, mess[i % len(mess)])
    for e in case['events']:
        e['id'] = e['id'] + '，"x",\n' + mess[i % len(mess)]
        if 'note' in e:
            e['note'] = '备注，含逗号, "引号"\n换行'
    out.write(json.dumps(case, ensure_ascii=False) + '\n')
    if i == 3:
        out.write('{"order":{"id":"TB-bad,\\"1\\""},"events":\n')   # a bad line: no rows, a message
    if i == 5:
        out.write('\n')                                           # an empty line: counted, no rows
EOF

# check.py JSON CSV [BOM] [ONLY]: the CSV's rows are the JSON verdicts'
# findings (those of the codes in ONLY, comma-separated), field by field,
# and its bytes are what csv.writer writes for them.
cat > "$T/check.py" <<'EOF'
import csv, io, json, sys
verdicts, table, bom = sys.argv[1], sys.argv[2], sys.argv[3] == 'bom'
only = set(sys.argv[4].split(',')) if len(sys.argv) > 4 else None
cols = 'line,order,event,code,at,actor,type,expected,actual,delta,due,seed,message'.split(',')
want = [cols]
for text in open(verdicts, encoding='utf-8'):
    v = json.loads(text)
    if 'error' in v:
        continue
    for f in v['findings']:
        if only and f['code'] not in only:
            continue
        row = {'line': str(v['line']), 'order': v['order']}
        for k in cols[2:]:
            if k not in row:
                x = f.get(k)
                row[k] = '' if x is None else x
        want.append([row[k] for k in cols])
raw = open(table, 'rb').read()
if raw.startswith(b'\xef\xbb\xbf') != bom:
    sys.exit('BOM %s' % ('missing' if bom else 'unexpected'))
got = list(csv.reader(io.StringIO(raw.decode('utf-8-sig'), newline='')))
if got != want:
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            sys.exit('row %d: got %r, want %r' % (i, g, w))
    sys.exit('%d rows, want %d' % (len(got), len(want)))
buf = io.StringIO(newline='')
csv.writer(buf, lineterminator='\r\n').writerows(want)
if raw.decode('utf-8-sig') != buf.getvalue():
    sys.exit('the bytes differ from an RFC 4180 writer with CR LF')
tricky = sum(1 for r in want[1:] for x in r[1:3] if '\n' in x and ',' in x and '"' in x)
print('%d rows, in which %d ids hold a comma, a quote and a newline' % (len(want) - 1, tricky))
EOF

for lang in zh en; do
  "$REFUND" replay --ndjson "$T/cases.ndjson" --lang $lang > "$T/v.$lang" 2>/dev/null; jrc=$?
  "$REFUND" replay --ndjson "$T/cases.ndjson" --lang $lang --format csv > "$T/c.$lang" 2>"$T/e.$lang"; crc=$?
  if said=$(python3 "$T/check.py" "$T/v.$lang" "$T/c.$lang" nobom 2>&1) && [ $crc -eq 6 ] && [ $jrc -eq 6 ] \
     && [ "$(wc -l < "$T/e.$lang")" -eq 1 ] && grep -q 'cases.ndjson:5:' "$T/e.$lang"; then
    echo "ok --lang $lang: Python's csv reads back every field of every finding: $said"
  else echo "not ok --lang $lang CSV against the JSON verdicts: $said (exit $crc)"; fi
done
if grep -q '当前状态不允许该操作' "$T/c.zh" && ! grep -q 'the current state does not allow' "$T/c.zh" \
   && grep -q 'the current state does not allow' "$T/c.en"; then
  echo "ok the messages follow --lang"
else echo "not ok the messages do not follow --lang"; fi

# --bom, and --jobs: the same bytes after the BOM.
"$REFUND" replay --ndjson "$T/cases.ndjson" --lang zh --format csv --bom --jobs 3 > "$T/c.bom" 2>/dev/null
if said=$(python3 "$T/check.py" "$T/v.zh" "$T/c.bom" bom 2>&1) && [ "$(tail -c +4 "$T/c.bom" | cmp - "$T/c.zh" && echo same)" = same ]; then
  echo "ok --bom writes a UTF-8 BOM, then the same bytes (--jobs 3)"
else echo "not ok --bom --jobs 3: $said"; fi

# --only: CSV keeps the rows of those codes, JSON the verdicts that have one
# (and every error verdict); the exit code counts only those findings.
only=AMOUNT_MISMATCH,MISSED_TIMEOUT
"$REFUND" replay --ndjson "$T/cases.ndjson" --lang zh --format csv --only $only > "$T/c.only" 2>/dev/null; crc=$?
"$REFUND" replay --ndjson "$T/cases.ndjson" --lang zh --only $only > "$T/v.only" 2>/dev/null; jrc=$?
kept=$(python3 - "$T/v.only" "$T/v.zh" $only <<'EOF'
import json, sys
only = set(sys.argv[3].split(','))
got = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
want = [v for v in map(json.loads, open(sys.argv[2], encoding='utf-8'))
        if 'error' in v or any(f['code'] in only for f in v['findings'])]
print(len(got) if [v['line'] for v in got] == [v['line'] for v in want] else 'wrong')
EOF
)
if said=$(python3 "$T/check.py" "$T/v.zh" "$T/c.only" nobom $only 2>&1) && [ $crc -eq 6 ] && [ "$kept" != wrong ] && [ $jrc -eq 6 ]; then
  echo "ok --only $only: $said in CSV, $kept verdicts in JSON"
else echo "not ok --only $only: csv: $said; json: $kept (exit $crc, $jrc)"; fi
head -3 "$T/cases.ndjson" | "$REFUND" replay --ndjson - --only PLATFORM_LATE > "$T/none" 2>&1; rc=$?
head -3 "$T/cases.ndjson" | "$REFUND" replay --ndjson - --only PLATFORM_LATE --format csv > "$T/none.csv" 2>&1; crc=$?
if [ $rc -eq 0 ] && [ ! -s "$T/none" ] && [ $crc -eq 0 ] && [ "$(cat "$T/none.csv")" = "$(head -1 "$T/c.en")" ]; then
  echo "ok --only a code not found: no verdict (CSV: the header alone) and exit 0"
else echo "not ok --only a code not found (exit $rc): $(head -c 100 "$T/none")"; fi
"$REFUND" replay --ndjson "$T/cases.ndjson" --only AMOUNT_MISMATCH,LATE > /dev/null 2> "$T/err"; rc=$?
if [ $rc -eq 2 ] && grep -q "unknown finding code 'LATE'" "$T/err" && grep -q 'LATE_SHIPMENT' "$T/err" && grep -q 'MISSED_TIMEOUT' "$T/err"; then
  echo "ok --only an unknown code: exit 2 with the list of codes"
else echo "not ok --only LATE (exit $rc): $(cat "$T/err")"; fi
codes=
for bad in "--bom" "--format csv --ndjson --only" "--only=" "--only NONE" "--ndjson --bom"; do
  "$REFUND" replay examples/17-amount-mismatch-c-store.json $bad > /dev/null 2>&1
  codes="$codes$? "
done
"$REFUND" check examples/17-amount-mismatch-c-store.json --format csv > /dev/null 2>&1
codes="$codes$?"
if [ "$codes" = "2 2 2 2 2 2" ]; then
  echo "ok --bom without csv, --only without a code, --format csv outside replay: usage errors"
else echo "not ok usage errors: exit codes $codes"; fi

# replay CASE...: the line column is the file's name, quoted as a field.
mkdir "$T/files"
i=0
while IFS= read -r line; do
  i=$((i + 1))
  case "$line" in '{"schema"'*) printf '%s\n' "$line" > "$T/files/第$i号,\"案\".json"; echo "第$i号,\"案\".json" ;; esac
done < "$T/cases.ndjson" > "$T/names"
( cd "$T/files" && while IFS= read -r f; do printf '%s\0' "$f"; done < "$T/names" \
  | xargs -0 "$REFUND" replay --format csv --lang en > "$T/c.files" 2>/dev/null )
python3 - "$T/c.files" "$T/c.en" <<'EOF' > "$T/files.out"
import csv, io, re, sys
files = list(csv.reader(open(sys.argv[1], encoding='utf-8', newline='')))
lines = list(csv.reader(open(sys.argv[2], encoding='utf-8', newline='')))
ok = len(files) == len(lines) and files[0] == lines[0]
for f, l in zip(files[1:], lines[1:]):
    ok = ok and f[0] == '第%s号,"案".json' % l[0] and f[1:] == l[1:]
print('same' if ok else 'differ')
EOF
if [ "$(cat "$T/files.out")" = same ]; then
  echo "ok replay CASE... --format csv: the rows of replay --ndjson, with the file name as the line"
else echo "not ok replay CASE... --format csv: $(cat "$T/files.out")"; fi
