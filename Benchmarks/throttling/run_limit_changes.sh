#!/bin/sh
# Three schedules of the matrix (run_matrix.sh) again under a second quota: web seed 2 at 1.0 (was
# 1.2), jvm seed 1 at 1.0 (was 0.75), batch seed 3 at 1.2 (was 1.5); 480 s each, 24 minutes. Needs root.
# Appends to limit-changes.csv (delete it first for a fresh recording).
set -e
cd "$(dirname "$0")"
exec python3 record.py --out limit-changes.csv --duration "${DURATION:-480}" \
    --run web,2,4,0.8,1.0 \
    --run jvm,1,6,0.5,1.0 \
    --run batch,3,3,1.0,1.2
