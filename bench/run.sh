#!/usr/bin/env bash
# Times the trainer's gradient step beside its peers, in one run on this machine, and writes BENCHMARKS.md.
#   bench/run.sh            both shapes of issue 3
#   bench/run.sh quick      the small shape only
# Peers run on Debian's interpreter and packages: apt-get install python3-numpy python3-torch libopenblas0-pthread
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT

shapes=("5 640 500 300")
[ "${1:-}" = "quick" ] || shapes+=("100 4096 1024 10")

./lab bench train --dim 1 --samples 8 --width 4 --steps 1 --repeats 1 >/dev/null  # builds if needed

for shape in "${shapes[@]}"; do
    read -r d n m steps <<<"$shape"
    args=(--dim "$d" --samples "$n" --width "$m")
    record() { sed "s/^{/{\"dim\": $d, \"samples\": $n, \"width\": $m, /" >>"$RESULTS"; }
    echo "shape d=$d n=$n m=$m" >&2
    OPENBLAS_NUM_THREADS=1 $PY bench/peer_numpy.py "${args[@]}" --steps "$steps" | sed 's/"numpy"/"numpy-1t"/' | record
    OPENBLAS_NUM_THREADS=2 $PY bench/peer_numpy.py "${args[@]}" --steps "$steps" | sed 's/"numpy"/"numpy-2t"/' | record
    $PY bench/peer_torch.py "${args[@]}" --steps "$steps" --threads 1 | record
    $PY bench/peer_torch.py "${args[@]}" --steps "$steps" --threads 2 | record
    for threads in 1 2; do
        OMP_NUM_THREADS=$threads ./lab bench train "${args[@]}" --steps "$steps" --threads "$threads" | record
    done
    if [ "$d" -le 8 ]; then
        OMP_NUM_THREADS=2 ./lab bench train "${args[@]}" --steps "$steps" --kernel gemm --threads 2 | record
    fi
done
$PY bench/report.py "$RESULTS" "$*" > BENCHMARKS.md
cat BENCHMARKS.md
