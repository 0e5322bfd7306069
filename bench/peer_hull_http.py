"""POST /api/hull as a user calls it (HTTP and JSON included) on the points and queries that `./lab bench hull --data
DIR` wrote, with and without distances, beside scipy's HiGHS feasibility LP on the same points in the same run. Prints
one JSON line per path: queries/s (median of warm repeats), the first (cold) call's seconds, and the verdicts."""
import argparse
import json
import statistics
import time
import urllib.request

import numpy as np

from peer_highs import inside


def post(url, body):
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.load(response)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", required=True)
    parser.add_argument("--dim", type=int, required=True)
    parser.add_argument("--gateway", required=True)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    points = np.fromfile(f"{args.data}/points.f64", dtype="<f8").reshape(-1, args.dim)
    queries = np.fromfile(f"{args.data}/queries.f64", dtype="<f8").reshape(-1, args.dim)
    body = json.dumps({"train": points.tolist(), "test": queries.tolist()}).encode()
    shape = {"dim": args.dim, "points": len(points), "queries": len(queries)}
    for distances in ("false", "true"):
        url = f"{args.gateway}/api/hull?pca=false&distances={distances}"
        started = time.perf_counter()
        answer = post(url, body)
        cold = time.perf_counter() - started
        rates = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            answer = post(url, body)
            rates.append(len(queries) / (time.perf_counter() - started))
        print(json.dumps({"peer": f"lab-http-distances-{distances}", **shape, "queries_per_s": statistics.median(rates),
                          "cold_s": cold, "repeats": len(rates), "decided_by": answer["decidedBy"],
                          "verdicts": "".join("1" if v else "0" for v in answer["inside"])}))
    a_eq = np.vstack([points.T, np.ones(len(points))])
    rates = []
    for _ in range(3):
        started = time.perf_counter()
        verdicts = [inside(a_eq, q) for q in queries]
        rates.append(len(queries) / (time.perf_counter() - started))
    print(json.dumps({"peer": "scipy-highs", **shape, "queries_per_s": statistics.median(rates), "repeats": len(rates),
                      "verdicts": "".join("?" if v is None else "1" if v else "0" for v in verdicts)}))


if __name__ == "__main__":
    main()
