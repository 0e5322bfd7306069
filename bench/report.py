"""Writes BENCHMARKS.md from the JSON lines bench/run.sh collected (one line per implementation and shape)."""
import json
import platform
import subprocess
import sys
from datetime import date


def cpu():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def main():
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    arguments = sys.argv[2] if len(sys.argv) > 2 else ""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print("# Benchmarks\n")
    print(f"Made by `bench/run.sh {arguments}`".rstrip() + f" on {date.today()}, commit {commit}, {cpu()}, "
          f"{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores. "
          "Every number on this page comes from that one run: re-run the command to reproduce them on your machine.\n")
    print("One full-batch gradient-descent step of the two-layer ReLU network on the half-MSE, float64 "
          "(forward, loss, gradient of W and a, update). Warm median of 7 repeats. Peers: Debian's python3-numpy "
          "(OpenBLAS) and python3-torch, CPU. `lab-fused` is the trainer's vector kernel (d ≤ 8), `lab-gemm` its "
          "ND4J-gemm kernel; `Nt` is the thread count.\n")
    shapes = []
    for row in rows:
        shape = (row["dim"], row["samples"], row["width"])
        if shape not in shapes:
            shapes.append(shape)
    for d, n, m in shapes:
        here = [r for r in rows if (r["dim"], r["samples"], r["width"]) == (d, n, m)]
        peers = [r for r in here if not r["peer"].startswith("lab-")]
        best = min(peers, key=lambda r: r["ms_per_step"])
        print(f"## d = {d}, n = {n}, m = {m}\n")
        print(f"Best peer: **{best['peer']}** at {best['ms_per_step']:.3f} ms/step.\n")
        print("| implementation | ms/step | best peer ÷ this | bytes allocated per step | GCs while timed | notes |")
        print("|---|---|---|---|---|---|")
        for r in sorted(here, key=lambda r: r["ms_per_step"]):
            notes = []
            if "version" in r:
                notes.append(r["version"])
            if "gemm_bound_ms" in r:
                notes.append(f"gemm {r['gemm_gflops']:.1f} GFLOP/s → bound {r['gemm_bound_ms']:.2f} ms/step, "
                             f"this is {r['ms_per_step'] / r['gemm_bound_ms']:.2f}× the bound")
            allocated = f"{r['allocated_bytes_per_step']:.1f}" if "allocated_bytes_per_step" in r else "–"
            collections = str(r["gc_during_timing"]) if "gc_during_timing" in r else "–"
            print(f"| {r['peer']} | {r['ms_per_step']:.3f} | {best['ms_per_step'] / r['ms_per_step']:.2f}× | "
                  f"{allocated} | {collections} | {'; '.join(notes)} |")
        print()


if __name__ == "__main__":
    main()
