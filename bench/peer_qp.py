"""The distance of each query to the hull of the points, as a QP solver answers it, beside the lab's certified
distances on the same points (`./lab bench hull --distances GAP --data DIR` writes the points, the queries and the
lab's bounds). No QP solver ships as a Debian package here (python3-cvxopt, osqp, qpsolvers are not installed), so the
peer is scipy's `nnls` (Lawson-Hanson active set, exact for its problem) on the projection onto the simplex with the
constraint sum(lambda) = 1 as a row of weight W: min ||[X^T; W 1^T] lambda - [q; W]||, lambda >= 0. Its lambda,
renormalised to sum 1, is a point of the hull, so ||X^T lambda - q|| is an upper bound; the supporting hyperplane
through that point gives the peer's own lower bound (science.md §2.1), so both sides report a certified interval.
Prints one JSON line: queries/s (median of repeats), each side's widest relative gap, and whether the intervals agree
(they must overlap, both holding the true distance)."""
import argparse
import json
import statistics
import time

import numpy as np
import scipy
from scipy.optimize import nnls

WEIGHT = 1e4


def projection(a, q):
    """(upper, lower): the distance of the peer's hull point and the bound of its supporting hyperplane."""
    weights, _ = nnls(a, np.append(q, WEIGHT))
    weights /= weights.sum()
    points = a[:-1].T
    gradient = weights @ points - q
    upper = float(np.linalg.norm(gradient))
    if upper == 0.0:
        return 0.0, 0.0
    margin = float(np.min((points - q) @ gradient))
    return upper, max(0.0, margin / upper)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", required=True)
    parser.add_argument("--dim", type=int, required=True)
    parser.add_argument("--min-seconds", type=float, default=3.0)
    parser.add_argument("--subspace", type=int, default=0, help="the K the lab drew the points on (reported, not used)")
    args = parser.parse_args()
    points = np.fromfile(f"{args.data}/points.f64", dtype="<f8").reshape(-1, args.dim)
    queries = np.fromfile(f"{args.data}/queries.f64", dtype="<f8").reshape(-1, args.dim)
    lab = np.fromfile(f"{args.data}/distances.f64", dtype="<f8").reshape(-1, 2)
    a = np.vstack([points.T, WEIGHT * np.ones(len(points))])
    rates = []
    started_all = time.perf_counter()
    while not rates or len(rates) < 3 and time.perf_counter() - started_all < args.min_seconds:
        started = time.perf_counter()
        answers = [projection(a, q) for q in queries]
        rates.append(len(queries) / (time.perf_counter() - started))
    disagree = 0
    widest = 0.0
    largest_difference = 0.0
    for (upper, lower), (lab_lower, lab_upper) in zip(answers, lab):
        scale = max(upper, lab_upper, 1e-300)
        slack = 1e-9 * scale
        if lab_upper > 0:
            # both intervals hold the true distance, so they overlap
            disagree += lab_lower > upper + slack or lower > lab_upper + slack
            widest = max(widest, (upper - lower) / upper)
            largest_difference = max(largest_difference, abs(upper - lab_upper) / lab_upper)
    print(json.dumps({"peer": "scipy-nnls-qp", "version": scipy.__version__, "dim": args.dim, "points": len(points),
                      "queries": len(queries), "subspace": args.subspace, "queries_per_s": statistics.median(rates),
                      "repeats": len(rates), "widest_gap": widest, "intervals_disagree": int(disagree),
                      "largest_relative_difference": largest_difference}))


if __name__ == "__main__":
    main()
