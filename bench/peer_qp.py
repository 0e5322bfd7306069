"""The distance of each query to the hull of the points, as a QP solver answers it, beside the lab's certified
distances on the same points (`./lab bench hull --distances GAP --data DIR` writes the points, the queries and the
lab's bounds). No QP solver ships as a Debian package here (python3-cvxopt, osqp, qpsolvers are not installed), so the
peer is scipy's `nnls` (Lawson-Hanson active set, exact for its problem) on the projection onto the simplex with the
constraint sum(lambda) = 1 as a row of weight W: min ||[X^T; W 1^T] lambda - [q; W]||, lambda >= 0. Its lambda,
renormalised to sum 1, is a point of the hull, so ||X^T lambda - q|| is an upper bound; the supporting hyperplane
through that point gives the peer's own lower bound (science.md §2.1), so both sides report a certified interval.
Prints one JSON line: queries/s (median of repeats), each side's widest relative gap, and whether the intervals agree
(they must overlap, both holding the true distance)."""
import json

import numpy as np
import scipy
from scipy.optimize import nnls

import hull_data

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
    args = hull_data.arguments(__doc__, timed=True).parse_args()
    points, queries = hull_data.points_and_queries(args)
    lab = np.fromfile(f"{args.data}/distances.f64", dtype="<f8").reshape(-1, 2)
    a = np.vstack([points.T, WEIGHT * np.ones(len(points))])
    answers, rate, repeats = hull_data.timed(lambda q: projection(a, q), queries, args.min_seconds)
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
    print(json.dumps({"peer": "scipy-nnls-qp", "version": scipy.__version__, **hull_data.shape(args, points, queries),
                      "queries_per_s": rate, "repeats": repeats, "widest_gap": widest, "intervals_disagree": int(disagree),
                      "largest_relative_difference": largest_difference}))


if __name__ == "__main__":
    main()
