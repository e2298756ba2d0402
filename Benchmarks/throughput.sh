#!/usr/bin/env bash
# Read and replay throughput of opexsim on a large generated canonical trace, next to peer CSV
# readers reading the same file completely into memory. Prints one table: rows, median seconds
# over RUNS runs, rows per second.
#
# Size: COPIES copies of the sample cluster (default 100) over DURATION (default 7d) at INTERVAL
# (default 1m): about 12 M rows, 1.5 GB. PYTHON picks the interpreter for the Python peers
# (default python3); PYTHON_ROWS how many rows the csv module reads (default 1000000).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
COPIES="${COPIES:-100}"
DURATION="${DURATION:-7d}"
INTERVAL="${INTERVAL:-1m}"
RUNS="${RUNS:-3}"
PYTHON="${PYTHON:-python3}"
PYTHON_ROWS="${PYTHON_ROWS:-1000000}"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# Runs a command once with stdout to $TMP/out and stderr to $TMP/err; prints its wall-clock seconds.
timed() {
    local TIMEFORMAT=%R status=0
    { time "$@" >"$TMP/out" 2>"$TMP/err"; } 2>"$TMP/time" || status=$?
    if [ "$status" -ne 0 ]; then
        echo "throughput.sh: failed ($status): $*" >&2
        cat "$TMP/err" >&2
        return 1
    fi
    cat "$TMP/time"
}

# The median of its numeric arguments.
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# One table row: NAME ROWS SECONDS [NOTE].
row() {
    awk -v name="$1" -v rows="$2" -v s="$3" -v note="${4:-}" 'BEGIN {
        rate = s > 0 ? sprintf("%.2f M", rows / s / 1e6) : "-"
        printf "%-46s %12d %10.3f %12s  %s\n", name, rows, s, rate, note
    }'
}

# Runs a command RUNS times and prints its row: NAME ROWS COMMAND...
contender() {
    local name="$1" rows="$2" t times=()
    shift 2
    for ((run = 0; run < RUNS; run++)); do
        t="$(timed "$@")"
        times+=("$t")
    done
    row "$name" "$rows" "$(median "${times[@]}")"
}

echo "building opexsim (swift build -c release)..." >&2
(cd "$ROOT" && swift build -c release >&2)
OPEXSIM="$(cd "$ROOT" && swift build -c release --show-bin-path)/opexsim"

TRACE="$TMP/big.csv"
echo "generating $COPIES copies × $DURATION at $INTERVAL..." >&2
"$OPEXSIM" generate --copies "$COPIES" --duration "$DURATION" --interval "$INTERVAL" -o "$TRACE"
ROWS="$("$OPEXSIM" inspect "$TRACE" | awk '/^rows:/ { print $2 }')"
BYTES="$(wc -c <"$TRACE" | tr -d ' ')"

echo "compiling peers/csv_sum.c (cc -O2)..." >&2
cc -O2 -o "$TMP/csv_sum" "$HERE/peers/csv_sum.c"
C_ROWS="$("$TMP/csv_sum" "$TRACE" | awk '{ print $2 }')"
if [ "$C_ROWS" != "$ROWS" ]; then
    echo "throughput.sh: csv_sum counted $C_ROWS rows, opexsim $ROWS" >&2
    exit 1
fi

echo "timing, $RUNS runs each..." >&2
echo
echo "trace: $ROWS rows, $(awk -v b="$BYTES" 'BEGIN { printf "%.2f", b / 1e9 }') GB ($COPIES copies × $DURATION at $INTERVAL); $(nproc 2>/dev/null || sysctl -n hw.ncpu) cores"
echo
printf "%-46s %12s %10s %12s  %s\n" "contender" "rows" "median s" "rows/s" "note"
printf "%-46s %12s %10s %12s  %s\n" "---------" "----" "--------" "------" "----"

# opexsim inspect: whole process, and the read alone as it reports it with --timings.
times=()
reads=()
for ((run = 0; run < RUNS; run++)); do
    t="$(timed "$OPEXSIM" inspect "$TRACE" --timings)"
    times+=("$t")
    reads+=("$(sed -n 's/.*rows in \([0-9.]*\) s.*/\1/p' "$TMP/err")")
done
row "opexsim inspect (whole process)" "$ROWS" "$(median "${times[@]}")"
row "  read + build alone (--timings)" "$ROWS" "$(median "${reads[@]}")" "in-process"

# opexsim replay: whole process, and the replay alone as it reports it with --timings.
times=()
replays=()
rates=()
for ((run = 0; run < RUNS; run++)); do
    t="$(timed "$OPEXSIM" replay "$TRACE" --policy static --format json --timings)"
    times+=("$t")
    replays+=("$(sed -n 's/.*replica-samples in \([0-9.]*\) s.*/\1/p' "$TMP/err")")
    rates+=("$(sed -n 's/.*: \([0-9.]*\) M replica-samples\/s.*/\1/p' "$TMP/err")")
done
row "opexsim replay --policy static (whole process)" "$ROWS" "$(median "${times[@]}")"
row "  replay alone (--timings)" "$ROWS" "$(median "${replays[@]}")" \
    "replica-samples; reported $(median "${rates[@]}") M replica-samples/s"

# Peers: each reads the whole file into memory and converts cpu_cores and memory_bytes.
contender "C byte-level reader (cc -O2, strtod)" "$ROWS" "$TMP/csv_sum" "$TRACE"

PY_ROWS=$((ROWS < PYTHON_ROWS ? ROWS : PYTHON_ROWS))
if command -v "$PYTHON" >/dev/null; then
    times=()
    for ((run = 0; run < RUNS; run++)); do
        t="$(timed "$PYTHON" "$HERE/peers/py_readers.py" csv "$TRACE" "$PY_ROWS")"
        times+=("$t")
    done
    s="$(median "${times[@]}")"
    note=""
    if [ "$PY_ROWS" -lt "$ROWS" ]; then
        note="first $PY_ROWS rows only; whole file extrapolated: $(awk -v s="$s" -v r="$ROWS" -v p="$PY_ROWS" 'BEGIN { printf "%.1f", s * r / p }') s"
    fi
    row "Python csv module" "$PY_ROWS" "$s" "$note"
    for reader in pandas polars; do
        label="pandas read_csv(engine=\"pyarrow\")"
        [ "$reader" = polars ] && label="polars read_csv"
        if "$PYTHON" "$HERE/peers/py_readers.py" check "$reader"; then
            contender "$label" "$ROWS" "$PYTHON" "$HERE/peers/py_readers.py" "$reader" "$TRACE"
        else
            printf "%-46s %s\n" "$label" "not installed"
        fi
    done
else
    printf "%-46s %s\n" "Python peers" "not installed ($PYTHON not found)"
fi
