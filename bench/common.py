"""What the peer scripts share: the shape arguments, and the warm median timing they print as one JSON line."""
import argparse
import json
import statistics
import time


def arguments(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--dim", type=int, required=True)
    parser.add_argument("--samples", type=int, required=True)
    parser.add_argument("--width", type=int, required=True)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=7)
    return parser


def time_and_report(peer, version, run, steps, repeats):
    """Warms up, then prints the median ms/step of `repeats` timings of `run(steps)`."""
    run(max(10, steps // 5))
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        run(steps)
        timings.append((time.perf_counter() - started) * 1e3 / steps)
    print(json.dumps({"peer": peer, "version": version, "ms_per_step": statistics.median(timings)}))
