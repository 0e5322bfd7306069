"""Rewrites one suite's section of BENCHMARKS.md from the JSON lines bench/run.sh collected; other sections stay."""
import json
import platform
import re
import subprocess
import sys
from datetime import date

HEADER = ("# Benchmarks\n\nEach section is rewritten by the command it names, in one run on one machine: re-run it to "
          "reproduce the numbers on yours. Timings are not assertions; the test suite checks correctness.\n")


def cpu():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def provenance(arguments):
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return (f"Made by `bench/run.sh {arguments.strip()}` on {date.today()}, commit {commit}, {cpu()}, {cores} cores. "
            "Every number in this section comes from that one run.\n")


def train(rows, arguments):
    out = ["## Trainer: one full-batch gradient-descent step\n", provenance(arguments),
           "One full-batch gradient-descent step of the two-layer ReLU network on the half-MSE, float64 (forward, loss, "
           "gradient of W and a, update). Warm median of 7 repeats. Peers: Debian's python3-numpy (OpenBLAS) and "
           "python3-torch, CPU. `lab-fused` is the trainer's vector kernel (d ≤ 8), `lab-gemm` its kernel for wide "
           "inputs (OpenBLAS dgemm per block of 128 samples, the elementwise passes while the block is in cache); `Nt` "
           "is the thread count. The bound of a gemm row is 4·n·m·d flops at the dgemm speed measured in the same "
           "process with the same thread count.\n"]
    shapes = []
    for row in rows:
        shape = (row["dim"], row["samples"], row["width"])
        if shape not in shapes:
            shapes.append(shape)
    for d, n, m in shapes:
        here = [r for r in rows if (r["dim"], r["samples"], r["width"]) == (d, n, m)]
        best = min((r for r in here if not r["peer"].startswith("lab-")), key=lambda r: r["ms_per_step"])
        out.append(f"### d = {d}, n = {n}, m = {m}\n")
        out.append(f"Best peer: **{best['peer']}** at {best['ms_per_step']:.3f} ms/step.\n")
        out.append("| implementation | ms/step | best peer ÷ this | bytes allocated per step | GCs while timed | notes |")
        out.append("|---|---|---|---|---|---|")
        for r in sorted(here, key=lambda r: r["ms_per_step"]):
            notes = []
            if "version" in r:
                notes.append(r["version"])
            if "vector_width" in r:
                notes.append(f"{r['vector_width'] * 64}-bit vectors")
            if "gemm_bound_ms" in r:
                notes.append(f"gemm {r['gemm_gflops']:.1f} GFLOP/s → bound {r['gemm_bound_ms']:.2f} ms/step, "
                             f"this is {r['ms_per_step'] / r['gemm_bound_ms']:.2f}× the bound")
            allocated = f"{r['allocated_bytes_per_step']:.1f}" if "allocated_bytes_per_step" in r else "–"
            collections = str(r["gc_during_timing"]) if "gc_during_timing" in r else "–"
            out.append(f"| {r['peer']} | {r['ms_per_step']:.3f} | {best['ms_per_step'] / r['ms_per_step']:.2f}× | "
                       f"{allocated} | {collections} | {'; '.join(notes)} |")
        out.append("")
    return "\n".join(out)


PATHS = {"lab-1t": "in-process, 1 thread", "lab-2t": "in-process, 2 threads", "lab-1t-distances": "in-process, 1 thread",
         "http": "POST /api/hull", "http-distances": "POST /api/hull", "scipy-highs": "in-process (Python)",
         "scipy-nnls-qp": "in-process (Python)"}
ASKED = {"lab-1t": "membership", "lab-2t": "membership", "lab-1t-distances": "distances", "http": "membership",
         "http-distances": "distances", "scipy-highs": "membership", "scipy-nnls-qp": "distances"}


def hull(rows, arguments):
    out = ["## Convex-hull membership and distances, in-process and through `POST /api/hull`\n", provenance(arguments),
           "Is each query in the convex hull of N points, and how far outside? Points and queries are i.i.d. N(0, I_d) "
           "unless drawn on a subspace, the same on every side (the lab writes them, the peers read them). Membership "
           "peer: scipy's HiGHS `linprog` on the feasibility LP of science.md §2.1 (Debian's python3-scipy, one thread); "
           "where it ends with status 4 (unknown) that query is answered by the separation LP instead, and its time "
           "counts. Distance peer: the projection QP solved by scipy's `nnls` (bench/peer_qp.py says why that one), whose "
           "answer is bracketed by the same hyperplane certificate as the lab's. The lab in-process (`./lab bench hull`): "
           "pre-tests, Wolfe's nearest-point algorithm (its first certificate for membership, then its own simplex LP "
           "for what is left; for distances, each certified to the relative gap asked, 0.001 as the API's). Through HTTP: "
           "`POST /api/hull?pca=false` to the gateway of a lab started for the run, one JSON request of every query, "
           "HTTP, the gateway's relay, JSON both ways and the analysis service included; the first call's time is the "
           "cold column. Warm median queries/s over repeats; \"verdicts\" compares every inside/outside answer with "
           "HiGHS's; \"widest gap\" is the largest (upper − lower)/upper over the outside queries.\n"]
    shapes = []
    for row in rows:
        shape = (row["dim"], row["points"], row["queries"], row.get("subspace", 0))
        if shape not in shapes:
            shapes.append(shape)
    for d, n, q, k in shapes:
        here = [r for r in rows if (r["dim"], r["points"], r["queries"], r.get("subspace", 0)) == (d, n, q, k)]
        peer = next(r for r in here if r["peer"] == "scipy-highs")
        inside = peer["verdicts"].count("1")
        if k:
            out.append(f"### d = {d}, N = {n} on a {k}-dimensional subspace, {q} queries on it ({inside} inside)\n")
            out.append(f"Low-dimensional data embedded in d = {d} (points z·B with z ~ N(0, I_{k}), B a random {k} × {d} "
                       f"matrix; queries the same at half the scale, so most are inside and every one needs an exact "
                       f"certificate). The lab answers on the points' affine span (`AffineSpan`: the {k}-dimensional question, decided there as any other, by the nearest point or an LP of {k} + 1 rows); "
                       f"HiGHS gets the same d = {d} LP as everywhere else.\n")
        else:
            out.append(f"### d = {d}, N = {n}, {q} queries ({inside} inside)\n")
        membership = {r["peer"]: r["queries_per_s"] for r in here}
        out.append("| implementation | path | asked | queries/s | this ÷ HiGHS | first call (s) | verdicts | widest gap | decided by | notes |")
        out.append("|---|---|---|---|---|---|---|---|---|---|")
        for r in sorted(here, key=lambda r: (ASKED.get(r["peer"], ""), -r["queries_per_s"])):
            if "verdicts" in r:
                answered = [(a, b) for a, b in zip(r["verdicts"], peer["verdicts"]) if "?" not in (a, b)]
                differ = sum(a != b for a, b in answered)
                agreement = "identical" if differ == 0 else f"**{differ} differ**"
                if len(answered) < q:
                    agreement += f" ({q - len(answered)} unanswered)"
            else:
                agreement = "–"
            decided = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in r.get("decided_by", {}).items())
            if r.get("separation_lp_fallbacks"):
                decided = f"{r['separation_lp_fallbacks']} by the separation LP after status 4"
            notes = [r["version"]] if "version" in r else []
            base = {"lab-1t-distances": "lab-1t", "http-distances": "http"}.get(r["peer"])
            if base in membership:
                notes.append(f"{membership[base] / r['queries_per_s']:.2f}× the membership time")
            if "intervals_disagree" in r:
                notes.append("intervals overlap the lab's for every query" if r["intervals_disagree"] == 0
                             else f"**{r['intervals_disagree']} intervals disjoint from the lab's**")
                notes.append(f"distances within {r['largest_relative_difference']:.1e} of the lab's")
            gap = f"{r['widest_gap']:.1e}" if "widest_gap" in r else ""
            cold = f"{r['cold_s']:.2f}" if "cold_s" in r else ""
            out.append(f"| {r['peer']} | {PATHS.get(r['peer'], '')} | {ASKED.get(r['peer'], '')} | {r['queries_per_s']:.1f} | "
                       f"{r['queries_per_s'] / peer['queries_per_s']:.1f}× | {cold} | {agreement} | {gap} | {decided} | "
                       f"{'; '.join(notes)} |")
        out.append("")
    return "\n".join(out)


def store(rows, arguments):
    out = ["## Analysis service at scale: metric ingestion and a 1,000-run analysis\n", provenance(arguments),
           "`./lab bench store` starts a private embedded stack (real Kafka, real PostgreSQL, the analysis service and "
           "the gateway; no trainer), publishes a 1,000-run sweep, 200 epoch records per run as trainers would, then "
           "the 1,000 completions, and times (a) the epoch records stored per second: overall, from the first record "
           "published to the last one stored while the benchmark's own producer shares the cores, and the rate at "
           "which the backlog left when publishing ended is drained (the ingestion capacity); (b) the sweep's analysis "
           "recomputed from the store (`GET /api/sweeps/{id}/analysis` on the analysis service: two threshold groups of "
           "500 runs, each with a 400-resample bootstrap), median and worst of 5 warm calls. Issue 4's targets are "
           "absolute (≥ 20,000 records/s, < 1 s), so there is no peer column.\n",
           "| run | epoch records | published in (s) | stored overall (records/s) | backlog at end of publishing | "
           "backlog drained (records/s) | analysis median (ms) | analysis worst (ms) |",
           "|---|---|---|---|---|---|---|---|"]
    for i, r in enumerate(rows, 1):
        out.append(f"| {i} | {r['epochRecords']} | {r['publishSeconds']:.1f} | {r['ingestRecordsPerSecond']:,.0f} | "
                   f"{r['backlogRecords']} | {r['backlogDrainRecordsPerSecond']:,.0f} | {r['analysisMsMedian']:.0f} | "
                   f"{r['analysisMsMax']:.0f} |")
    out.append("")
    return "\n".join(out)


def scale(rows, arguments):
    out = ["## Horizontal scaling: one trainer and two\n", provenance(arguments),
           "`./lab bench scale` runs bench/scale-sweep.yaml (12 compute-bound runs: d = 5, n = 640, m = 500, 40,000 GD "
           "steps) through a private embedded stack (real Kafka, real PostgreSQL, the three services) with one trainer, "
           "then with two, each stack first warmed up by bench/scale-warmup.yaml (4 short runs, so that no JVM is "
           "still compiling its hot code when the clock runs), timing each from the 202 to the sweep's completion, and once more in one process with no "
           "Kafka or PostgreSQL (the trainer's `SweepBench`, the same training code). The speedup is the ratio of the two "
           "pipeline times; the overhead per run is the one-trainer pipeline time less the in-process time, divided by "
           "the runs. Each trainer uses one kernel thread (LAB_TRAINER_THREADS = 1), so two trainers on two cores is "
           "the ideal 2×, less what Kafka, PostgreSQL and the other services take of the same cores.\n",
           "| run | runs | 1 trainer (s) | 2 trainers (s) | speedup | in process (s) | overhead per run (ms) | training time, 1 / 2 trainers / in process (s) |",
           "|---|---|---|---|---|---|---|---|"]
    for i, r in enumerate(rows, 1):
        out.append(f"| {i} | {r['runs']} | {r['one_trainer_s']:.1f} | {r['two_trainers_s']:.1f} | {r['speedup']:.2f}× | "
                   f"{r['in_process_s']:.1f} | {r['overhead_per_run_ms']:.0f} | {r['training_s_one_trainer']:.1f} / "
                   f"{r['training_s_two_trainers']:.1f} / {r['training_s_in_process']:.1f} |")
    out.append("")
    return "\n".join(out)


def dispatch(rows, arguments):
    out = ["## Dispatch efficiency: a consumer group beside a share group\n", provenance(arguments),
           "`./lab bench dispatch` runs bench/dispatch-sweep.yaml (24 runs of an optimisation-threshold sweep, n = 20 ... "
           "640 with 4 repeats, so run costs spread over n) through a fresh embedded stack per dispatch and trainer "
           "count, each warmed up first by bench/dispatch-warmup.yaml (16 short runs). Consumer-group dispatch (the "
           "default) reads an 8-partition `lab.runs.requested`; share-group dispatch (`LAB_TRAINER_DISPATCH=share-group`) "
           "one partition; the second run puts 16 trainers on 8 partitions under both (`--trainers 16 --partitions 8`), the "
           "third 16 trainers of a share group on its one partition (`--trainers 16 --dispatch share-group`). Trainers "
           "that trained counts those with a run attempt; efficiency counts those trainers only (a trainer that never got a "
           "run is not in it), idle while queued is the worst of them and the mean over every trainer started. "
           "Not training per run is the trainers' time not spent in a run attempt (trainers × makespan − busy) over the "
           "runs: with one trainer, the pipeline's overhead per run (dispatch, acknowledgement, the pick-up of the next). "
           "Efficiency is the sweep's own `dispatch.efficiency` from its analysis: the trainers' busy "
           "time (each attempt from its STARTED to its COMPLETED event) over trainers × makespan (from the sweep's "
           "acceptance to its last run's end); idle while queued is a trainer's time training nothing while a run of "
           "the sweep waited. All trainers share two cores (LAB_TRAINER_THREADS = 1 each), so with 4 and 8 trainers "
           "every run trains slower, but a contended trainer is still busy: efficiency measures idling, which the "
           "contention does not hide.\n",
           "| run | trainers | dispatch | partitions | trainers that trained | makespan (s) | busy (s) | efficiency | "
           "idle while queued, max / mean per trainer (s) | not training per run (ms) |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for i, r in enumerate(rows, 1):
        for result in r["results"]:
            out.append(f"| {i} | {result['trainers']} | {result['dispatch']} | {result['partitions']} | {result['trainers_used']} | "
                       f"{result['makespan_s']:.1f} | {result['busy_s']:.1f} | {result['efficiency']:.3f} | "
                       f"{result['idle_while_queued_s_max']:.1f} / {result['idle_while_queued_s_mean']:.1f} | "
                       f"{result['not_training_per_run_ms']:.0f} |")
    out.append("")
    return "\n".join(out)


def failover(rows, arguments):
    out = ["## Failover: a run's trainer killed\n", provenance(arguments),
           "`./lab bench failover` starts a fresh embedded stack of two trainers per dispatch, with the services' "
           "defaults (consumer group: a dead member's partitions move after the 15 s session timeout; share group: the "
           "broker releases a dead trainer's records when its connection closes, and a trainer frozen or cut off keeps "
           "its lock of 15 s until it lapses), and three times submits bench/failover-run.yaml (one run, about 20 s), "
           "kills its trainer with `kill -9` once the run has stored 3 recorded steps, and reads from the run's timeline "
           "when its second attempt started on the other trainer. Restart is that time less the kill's (one machine, "
           "one clock); the run resumes from its latest checkpoint (every 30 s or 20,000 steps by default: the step "
           "it resumed from is listed).\n",
           "| run | dispatch | kills | restart after kill, each (s) | mean (s) | max (s) | resumed from step |",
           "|---|---|---|---|---|---|---|"]
    for i, r in enumerate(rows, 1):
        for result in r["results"]:
            each = ", ".join(f"{s:.1f}" for s in result["restart_s"])
            out.append(f"| {i} | {result['dispatch']} | {result['kills']} | {each} | {result['restart_s_mean']:.1f} | "
                       f"{result['restart_s_max']:.1f} | {', '.join(str(s) for s in result['resumed_from_step'])} |")
    out.append("")
    return "\n".join(out)


def live(rows, arguments):
    out = ["## Dashboard: live latency and the page of a 1,000-run sweep\n", provenance(arguments),
           "`./lab bench live` starts a private embedded stack (real Kafka, real PostgreSQL, the analysis service and "
           "the gateway; no trainer) and stores a 1,000-run sweep with 500 recorded steps per run, as trainers would "
           "leave it. (a) Headless Chromium (Debian's chromium, through Selenium) loads the sweep's dashboard page "
           "afresh 5 times; the load time is the page's own clock (`performance.now()` from navigation start) at the "
           "last chart drawn with all 1,000 runs' curves; the first load is reported apart (cold caches). (b) Epoch "
           "records are then published at 1,000/s for 20 s by a producer configured as the trainers' (acks=all, "
           "idempotent, linger 5 ms) while an SSE client follows the sweep's stream; the latency of each event is "
           "the time from the producer's send to its arrival (one JVM, one clock). Issue 5's targets are absolute "
           "(page < 2 s, p99 ≤ 100 ms at 1,000 events/s), so there is no peer column.\n",
           "| run | runs × steps | first load (ms) | load median (ms) | load worst (ms) | events | "
           "latency p50 (ms) | latency p99 (ms) | latency max (ms) |",
           "|---|---|---|---|---|---|---|---|---|"]
    for i, r in enumerate(rows, 1):
        out.append(f"| {i} | {r['runs']} × {r['stepsPerRun']} | {r['pageLoadMsFirst']:.0f} | {r['pageLoadMsMedian']:.0f} | "
                   f"{r['pageLoadMsMax']:.0f} | {r['events']} at {r['eventsPerSecond']}/s | {r['latencyMsP50']:.1f} | "
                   f"{r['latencyMsP99']:.1f} | {r['latencyMsMax']:.1f} |")
    out.append("")
    return "\n".join(out)


def sweep_scale(rows, arguments):
    def page(r):
        if "pageLoadTimedOutSeconds" in r:
            return f"not drawn within {r['pageLoadTimedOutSeconds']} s"
        return f"{r['pageLoadMsFirst']:.0f} / {r['pageLoadMsMedian']:.0f}"

    out = ["## One sweep at the maximum: 10,000 runs\n", provenance(arguments),
           "`./lab bench sweep-scale` starts a private embedded stack with two trainers and submits bench/sweep-scale.yaml: "
           "10,000 tiny two-layer runs (10 sample sizes × 1,000 repeats, 100 GD steps, every step recorded), so that the "
           "lab's own costs per run and per step dominate. Times are from the user's side: the submission (`POST "
           "/api/sweeps` to its 202: validation, expansion, one Kafka transaction of 10,000 run requests); from the 202 "
           "until the store holds the sweep with every run queued; until every run completed; the recorded steps stored "
           "per second over the sweep (training shares the two cores); the analysis through the gateway (the first call "
           "after completion, and the median of 5 warm ones); the sweep's dashboard page in headless Chromium until every "
           "chart holds all 10,000 runs (thinned to 10 steps per decade; first load apart, median of the rest); the CSV "
           "export through the gateway, read to its end. Heap is each service's `jvm_memory_used_bytes{area=\"heap\"}` "
           "right after a full GC (`jcmd <pid> GC.run`), when the stack is up and at the end; RSS is `VmRSS`. Issue 21's "
           "targets: submit < 5 s, page < 3 s, analysis < 2 s, export ≥ 50 MB/s, heap bounded.\n",
           "| runs | submit (s) | all queued after (s) | completed after (s) | steps stored | stored (steps/s) | "
           "analysis first / warm (ms) | page first / median (ms) | export (MB, MB/s) |",
           "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r['runs']:,} | {r['submitSeconds']:.2f} | {r['queuedSeconds']:.2f} | {r['completedSeconds']:.0f} | "
                   f"{r['storedSteps']:,} | {r['ingestStepsPerSecond']:,.0f} | {r['analysisMsFirst']:.0f} / "
                   f"{r['analysisMsWarmMedian']:.0f} | {page(r)} | "
                   f"{r['exportBytes'] / 1e6:.0f}, {r['exportMBPerSecond']:.0f} |")
    for r in rows:
        met = lambda ok: "met" if ok else "**missed**"
        page_ok = "pageLoadTimedOutSeconds" not in r and r["pageLoadMsMedian"] < 3000
        out += ["", f"Against the targets: submit {met(r['submitSeconds'] < 5)}, analysis {met(r['analysisMsFirst'] < 2000)}, "
                    f"page {met(page_ok)}, export {met(r['exportMBPerSecond'] >= 50)}. The steps stored per second are the "
                    "trainers' pace here (10,000 runs in the time shown), not the store's capacity, which `bench store` "
                    "measures."]
    out += ["", "| service | heap after GC, up (MB) | heap after GC, end (MB) | RSS up (MB) | RSS end (MB) |", "|---|---|---|---|---|"]
    for r in rows:
        for name, key in (("gateway", "gateway"), ("analysis service", "analysis")):
            out.append(f"| {name} | {r[key + 'HeapStartMB']:.0f} | {r[key + 'HeapEndMB']:.0f} | {r[key + 'RssStartMB']:.0f} | "
                       f"{r[key + 'RssEndMB']:.0f} |")
    out.append("")
    return "\n".join(out)


def soak(rows, arguments):
    made = provenance(arguments).replace("`bench/run.sh soak`", f"`SOAK_MINUTES={rows[0]['minutes']:g} "
                                         f"SOAK_KILL_EVERY={rows[0]['killEveryMinutes']:g} bench/run.sh soak`")
    out = ["## Sustained load: sweeps through killed trainers and a restarted analysis service\n", made,
           "`./lab bench soak --minutes M --kill-every K` starts a private embedded stack with two trainers (checkpoints "
           "every 2 s) and keeps two sweeps of bench/soak-sweep.yaml (8 runs of 25,000 GD steps, a step recorded every "
           "250) in flight for M minutes. Every K minutes it kills a trainer with `kill -9` (in turn) and starts it again "
           "3 s later; half-way "
           "it stops the analysis service and starts it again. Then it lets every sweep finish and compares the store with "
           "each run's record schedule. The metrics table's key (run, step) makes a stored duplicate impossible, so the "
           "records a resumed run sent again are counted on the topic. Memory: each service's heap right after a full GC "
           "(`jcmd <pid> GC.run`, then `jvm_memory_used_bytes{area=\"heap\"}`) and every process's `VmRSS` "
           "(PostgreSQL: the postmaster and its backends), at the start and at the end. A trainer started again is a new "
           "process, so its figures at the end are those of its last start.\n",
           "| minutes | sweeps | runs completed | not completed | trainer kills | analysis restarts | steps scheduled | "
           "steps stored | missing | off schedule | records sent again after resumes |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r['minutes']:g} | {r['sweeps']} | {r['runsCompleted']} | {r['runsNotCompleted']} | {r['trainerKills']} | "
                   f"{r['analysisRestarts']} | {r['stepsScheduled']:,} | {r['stepsStored']:,} | {r['stepsMissing']} | "
                   f"{r['stepsOffSchedule']} | {r['recordsSentAgainAfterResumes']:,} |")
    for r in rows:
        if r["minutes"] < 60:
            out += ["", f"This run lasted {r['minutes']:g} minutes, not issue 21's hour: the hour is `bench/run.sh soak` with its "
                        "defaults, not yet run."]
    out += ["", "| process | heap after GC, start (MB) | heap after GC, end (MB) | RSS start (MB) | RSS end (MB) |",
            "|---|---|---|---|---|"]
    for r in rows:
        for name, start in r["memoryStart"].items():
            end = r["memoryEnd"][name]
            heap = (f"{start['heapAfterGcMB']:.0f} | {end['heapAfterGcMB']:.0f}" if "heapAfterGcMB" in start else "– | –")
            out.append(f"| {name} | {heap} | {start['rssMB']:.0f} | {end['rssMB']:.0f} |")
    out.append("")
    return "\n".join(out)


def main():
    suite, results, arguments = sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else ""
    rows = [json.loads(line) for line in open(results) if line.strip()]
    section = {"train": train, "hull": hull, "store": store, "live": live, "scale": scale, "dispatch": dispatch,
               "failover": failover, "sweep-scale": sweep_scale,
               "soak": soak}[suite](rows, arguments)
    begin, end = f"<!-- begin {suite} -->", f"<!-- end {suite} -->"
    try:
        text = open("BENCHMARKS.md").read()
    except FileNotFoundError:
        text = HEADER
    block = f"{begin}\n{section.rstrip()}\n{end}"
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    open("BENCHMARKS.md", "w").write(text)


if __name__ == "__main__":
    main()
