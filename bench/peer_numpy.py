"""numpy peer of the trainer's two-layer step (see bench/README.md).

One full-batch gradient-descent step of h(x) = sum_j a_j relu(w_j . x) on the half mean squared error, in float64,
with the gradient written out by hand in preallocated arrays, the way a careful numpy user would. Prints one JSON
line: the median ms/step over repeats after warm-up.
Run with Debian's interpreter: /usr/bin/python3 bench/peer_numpy.py --dim 5 --samples 640 --width 500
"""
import numpy as np

import common


def main():
    parser = common.arguments(__doc__)
    args = parser.parse_args()
    n, d, m = args.samples, args.dim, args.width
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, d))
    y = rng.standard_normal(n)
    w = rng.standard_normal((m, d)) / np.sqrt(m)
    a = rng.standard_normal(m) / np.sqrt(m)
    z = np.empty((n, m))
    active = np.empty((n, m))
    grad_w = np.empty((m, d))
    lr = 1e-3

    def run(steps):
        for _ in range(steps):
            np.matmul(x, w.T, out=z)
            np.maximum(z, 0.0, out=active)
            residual = (active @ a - y) / n
            grad_a = active.T @ residual
            np.greater(z, 0.0, out=active)
            np.multiply(active, residual[:, None], out=active)
            np.multiply(active, a[None, :], out=active)
            np.matmul(active.T, x, out=grad_w)
            w[...] -= lr * grad_w
            a[...] -= lr * grad_a

    common.time_and_report("numpy", np.__version__, run, args.steps, args.repeats)


if __name__ == "__main__":
    main()
