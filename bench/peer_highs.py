"""Hull membership by scipy's HiGHS linprog, the feasibility LP of science.md §2.1, on the points and queries that
`./lab bench hull --data DIR` wrote. Prints one JSON line: queries/s (median of repeats) and the verdicts."""
import json

import numpy as np
import scipy
from scipy.optimize import linprog

import hull_data


FALLBACKS = []


def inside(a_eq, q):
    """status 0: a feasible λ exists (inside, boundary included); status 2: infeasible (outside). HiGHS sometimes
    ends with status 4 (model status unknown) at d = 100, N = 10000, whatever the method; the query is then answered
    by the separation LP (science.md §2.1), which is always feasible and bounded, and counted as unanswered ("?")
    only if that fails too."""
    result = linprog(np.zeros(a_eq.shape[1]), A_eq=a_eq, b_eq=np.append(q, 1.0), bounds=(0, None), method="highs")
    if result.status in (0, 2):
        return result.status == 0
    FALLBACKS.append(result.status)
    return inside_by_separation(a_eq[:-1].T, q)


def separated_margin(points, q):
    """max z·q − z0 subject to z·x_i − z0 ≤ 0 and −1 ≤ z ≤ 1: positive exactly when q is outside the hull."""
    d = points.shape[1]
    cost = -np.append(q, -1.0)  # linprog minimises
    a_ub = np.hstack([points, -np.ones((len(points), 1))])
    bounds = [(-1, 1)] * d + [(None, None)]
    result = linprog(cost, A_ub=a_ub, b_ub=np.zeros(len(points)), bounds=bounds, method="highs")
    return -result.fun if result.status == 0 else None


def inside_by_separation(points, q):
    margin = separated_margin(points, q)
    return None if margin is None else margin <= 1e-9


def main():
    args = hull_data.arguments(__doc__, timed=True).parse_args()
    points, queries = hull_data.points_and_queries(args)
    a_eq = np.vstack([points.T, np.ones(len(points))])
    verdicts, rate, repeats = hull_data.timed(lambda q: inside(a_eq, q), queries, args.min_seconds)
    print(json.dumps({"peer": "scipy-highs", "version": scipy.__version__, **hull_data.shape(args, points, queries),
                      "queries_per_s": rate, "repeats": repeats, "separation_lp_fallbacks": len(FALLBACKS) // repeats,
                      "verdicts": "".join("?" if v is None else "1" if v else "0" for v in verdicts)}))


if __name__ == "__main__":
    main()
