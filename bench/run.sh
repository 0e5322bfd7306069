#!/usr/bin/env bash
# Times the lab beside the peers a researcher would otherwise use, in one run on this machine, and rewrites that
# suite's section of BENCHMARKS.md.
#   bench/run.sh train [quick]   the trainer's GD step vs numpy and PyTorch (quick: the small shape only)
#   bench/run.sh hull [quick]    hull membership and distances, in-process and through POST /api/hull (HTTP and
#                                JSON included: it starts `LAB_MAX_BODY_SIZE=64M ./lab up --trainers 1` when no lab
#                                answers, and stops it after), beside scipy's HiGHS linprog and a QP projection (quick:
#                                the small shape only)
#   bench/run.sh store           metric ingestion and a 1,000-run analysis on the embedded stack (3 runs)
#   bench/run.sh live            SSE latency at 1,000 epochs/s and the dashboard page of a 1,000-run sweep (3 runs;
#                                needs Debian's chromium and chromium-driver)
#   bench/run.sh scale           the same sweep through the services with 1 and with 2 trainers, and in one process
#   bench/run.sh sweep-scale     one 10,000-run sweep of tiny runs (100 recorded steps each) through 2 trainers: submission,
#                                queueing, ingestion, analysis, the page in Chromium, the export, the services' memory
#   bench/run.sh soak            two sweeps always in flight through 2 trainers for an hour (SOAK_MINUTES), a trainer killed
#                                every 5 min (SOAK_KILL_EVERY), the analysis service restarted once: steps stored vs scheduled, memory
#                                at start and end (not part of `all`: it takes the hour)
#   bench/run.sh dispatch        a threshold sweep on 1, 2, 4, 8 trainers, consumer group beside share group, then
#                                16 trainers on 8 partitions under both, and 16 of a share group on one partition
#   bench/run.sh failover        kill -9 of a run's trainer: how soon the run starts again on the other trainer
#   bench/run.sh all             every suite
# Peers run on Debian's interpreter and packages:
#   apt-get install python3-numpy python3-torch python3-scipy libopenblas0-pthread
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
suite="${1:-all}"
quick="${2:-}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

./lab bench hull --dim 2 --points 3 --queries 1 >/dev/null  # builds if any source changed since the last build
export LAB_NO_BUILD=1  # then times exactly that build, whatever is edited meanwhile

train() {
    local results="$WORK/train.jsonl" shapes=("5 640 500 300")
    [ "$quick" = "quick" ] || shapes+=("100 4096 1024 10")
    for shape in "${shapes[@]}"; do
        read -r d n m steps <<<"$shape"
        local args=(--dim "$d" --samples "$n" --width "$m")
        record() { sed "s/^{/{\"dim\": $d, \"samples\": $n, \"width\": $m, /" >>"$results"; }
        echo "train d=$d n=$n m=$m" >&2
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
    $PY bench/report.py train "$results" "train $quick"
}

hull() {
    # "d N queries [K]": K draws points and queries on a random K-dimensional subspace (inside-heavy)
    local results="$WORK/hull.jsonl" shapes=("10 1000 200") gateway="${LAB_GATEWAY:-http://127.0.0.1:8080}" started=""
    [ "$quick" = "quick" ] || shapes+=("100 10000 10" "100 10000 50 10")
    for shape in "${shapes[@]}"; do
        read -r d n queries k <<<"$shape"
        k="${k:-0}"
        echo "hull d=$d N=$n queries=$queries subspace=$k: in-process" >&2
        local args=(--dim "$d" --points "$n" --queries "$queries" --subspace "$k")
        ./lab bench hull "${args[@]}" --data "$WORK/hull-$d-$k" >>"$results"
        ./lab bench hull "${args[@]}" --threads 2 >>"$results"
        ./lab bench hull "${args[@]}" --distances 0.001 --data "$WORK/hull-$d-$k" >>"$results"
        echo "hull d=$d N=$n queries=$queries subspace=$k: HiGHS, QP" >&2
        OPENBLAS_NUM_THREADS=1 $PY bench/peer_highs.py --data "$WORK/hull-$d-$k" --dim "$d" --subspace "$k" >>"$results"
        OPENBLAS_NUM_THREADS=1 $PY bench/peer_qp.py --data "$WORK/hull-$d-$k" --dim "$d" --subspace "$k" >>"$results"
    done
    if ! curl -fsS "$gateway/q/health/ready" >/dev/null 2>&1; then
        # the largest shape's body is ~20 MB of JSON
        LAB_MAX_BODY_SIZE=64M ./lab up --trainers 1 >&2
        started=yes
    fi
    for shape in "${shapes[@]}"; do
        read -r d n queries k <<<"$shape"
        k="${k:-0}"
        echo "hull d=$d N=$n queries=$queries subspace=$k: HTTP" >&2
        (cd bench && $PY peer_hull_http.py --data "$WORK/hull-$d-$k" --dim "$d" --subspace "$k" --gateway "$gateway") >>"$results"
    done
    [ -z "$started" ] || ./lab down >&2
    $PY bench/report.py hull "$results" "hull $quick"
}

store() {
    local results="$WORK/store.jsonl"
    for run in 1 2 3; do
        echo "store run $run" >&2
        ./lab bench store --repeats 50 --steps 200 2>/dev/null | tail -n 1 >>"$results"
    done
    $PY bench/report.py store "$results" "store"
}

scale() {
    local results="$WORK/scale.jsonl"
    for run in 1 2; do
        echo "scale run $run" >&2
        ./lab bench scale 2>/dev/null | tail -n 1 >>"$results"
    done
    $PY bench/report.py scale "$results" "scale"
}

dispatch() {
    local results="$WORK/dispatch.jsonl"
    echo "dispatch run 1" >&2
    ./lab bench dispatch 2>/dev/null | tail -n 1 >>"$results"
    echo "dispatch run 2: 16 trainers, 8 partitions" >&2
    ./lab bench dispatch --trainers 16 --partitions 8 2>/dev/null | tail -n 1 >>"$results"
    echo "dispatch run 3: 16 trainers of a share group, 1 partition" >&2
    ./lab bench dispatch --trainers 16 --dispatch share-group 2>/dev/null | tail -n 1 >>"$results"
    $PY bench/report.py dispatch "$results" "dispatch"
}

failover() {
    local results="$WORK/failover.jsonl"
    echo "failover run 1" >&2
    ./lab bench failover --kills 3 2>/dev/null | tail -n 1 >>"$results"
    $PY bench/report.py failover "$results" "failover"
}

sweep_scale() {
    local results="$WORK/sweep-scale.jsonl"
    echo "sweep-scale run 1" >&2
    ./lab bench sweep-scale 2>/dev/null | tail -n 1 >>"$results"
    $PY bench/report.py sweep-scale "$results" "sweep-scale"
}

soak() {
    local results="$WORK/soak.jsonl" minutes="${SOAK_MINUTES:-60}" every="${SOAK_KILL_EVERY:-5}"
    echo "soak, $minutes min, a trainer killed every $every min" >&2
    ./lab bench soak --minutes "$minutes" --kill-every "$every" 2>/dev/null | tail -n 1 >>"$results"
    $PY bench/report.py soak "$results" "soak"
}

live() {
    local results="$WORK/live.jsonl"
    for run in 1 2 3; do
        echo "live run $run" >&2
        ./lab bench live --repeats 50 --steps 500 2>/dev/null | tail -n 1 >>"$results"
    done
    $PY bench/report.py live "$results" "live"
}

case "$suite" in
    train) train ;;
    hull) hull ;;
    store) store ;;
    live) live ;;
    scale) scale ;;
    sweep-scale) sweep_scale ;;
    soak) soak ;;
    dispatch) dispatch ;;
    failover) failover ;;
    all) train; hull; store; live; scale; sweep_scale; dispatch; failover ;;
    *) echo "usage: bench/run.sh train|hull|store|live|scale|sweep-scale|soak|dispatch|failover|all [quick]" >&2; exit 2 ;;
esac
cat BENCHMARKS.md
