#!/bin/sh
# The recorded matrix: 3 shapes x 3 quota/mean ratios (1.1, 1.5, 2.5), seeds in a Latin square (each
# shape and each ratio sees seeds 1, 2 and 3 once), 2-8 threads, quotas 0.75-1.5 cores, 480 s per run
# (9 runs, 72 minutes, one at a time). Needs root. Appends to measurements.csv (delete it first for a
# fresh recording).
set -e
cd "$(dirname "$0")"
exec python3 record.py --out measurements.csv --duration "${DURATION:-480}" \
    --run web,1,8,0.909091,1.0 \
    --run batch,2,2,0.727273,0.8 \
    --run jvm,3,4,0.818182,0.9 \
    --run web,2,4,0.8,1.2 \
    --run batch,3,3,1.0,1.5 \
    --run jvm,1,6,0.5,0.75 \
    --run web,3,6,0.6,1.5 \
    --run batch,1,2,0.4,1.0 \
    --run jvm,2,8,0.5,1.25
