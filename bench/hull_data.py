"""What the hull peers share: the command line, the points and queries that `./lab bench hull --data DIR` wrote (raw
little-endian float64 rows), and the repeat-until-timed loop."""
import argparse
import statistics
import time

import numpy as np


def arguments(description, timed=False):
    """The arguments every hull peer takes (with --min-seconds for the peers that use timed()); a peer may add its own
    before parse_args()."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", required=True)
    parser.add_argument("--dim", type=int, required=True)
    parser.add_argument("--subspace", type=int, default=0, help="the K the lab drew the points on (reported, not used)")
    if timed:
        parser.add_argument("--min-seconds", type=float, default=3.0)
    return parser


def points_and_queries(args):
    """DIR/points.f64 and DIR/queries.f64 as rows of --dim coordinates."""
    return tuple(np.fromfile(f"{args.data}/{name}.f64", dtype="<f8").reshape(-1, args.dim) for name in ("points", "queries"))


def shape(args, points, queries):
    """The fields that name the benchmark's shape in every peer's JSON line."""
    return {"dim": args.dim, "points": len(points), "queries": len(queries), "subspace": args.subspace}


def timed(answer, queries, min_seconds):
    """Answers every query, again until 3 repeats or min_seconds have passed: (the last answers, median queries/s, repeats)."""
    rates = []
    started_all = time.perf_counter()
    while not rates or len(rates) < 3 and time.perf_counter() - started_all < min_seconds:
        started = time.perf_counter()
        answers = [answer(q) for q in queries]
        rates.append(len(queries) / (time.perf_counter() - started))
    return answers, statistics.median(rates), len(rates)
