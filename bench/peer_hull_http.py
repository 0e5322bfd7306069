"""POST /api/hull as a user calls it (HTTP and JSON included) on the points and queries that `./lab bench hull --data
DIR` wrote, with and without distances (bench/run.sh hull sets it beside the in-process figures, HiGHS and the QP peer
on the same points). Prints one JSON line per path: queries/s (median of warm repeats), the first (cold) call's
seconds, the verdicts, and with distances the widest certified relative gap of an answer."""
import json
import statistics
import time
import urllib.request

import numpy as np

import hull_data


def post(url, body):
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.load(response)


def main():
    parser = hull_data.arguments(__doc__)
    parser.add_argument("--gateway", required=True)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    points, queries = hull_data.points_and_queries(args)
    body = json.dumps({"train": points.tolist(), "test": queries.tolist()}).encode()
    shape = hull_data.shape(args, points, queries)
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
        row = {"peer": "http-distances" if distances == "true" else "http", **shape,
               "queries_per_s": statistics.median(rates), "cold_s": cold, "repeats": len(rates),
               "decided_by": {k: v for k, v in answer["decidedBy"].items() if v},
               "verdicts": "".join("1" if v else "0" for v in answer["inside"])}
        if answer["distance"] is not None:
            row["relative_gap"] = answer["distanceRelativeGap"]
            row["widest_gap"] = max(((u - l) / u for u, l in zip(answer["distance"], answer["distanceLower"]) if u > 0), default=0.0)
        print(json.dumps(row))


if __name__ == "__main__":
    main()
