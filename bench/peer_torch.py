"""PyTorch CPU peer of the trainer's two-layer step (see bench/README.md).

One full-batch gradient-descent step of h(x) = sum_j a_j relu(w_j . x) on the half mean squared error, in float64,
with autograd as a PyTorch user would write it. Prints one JSON line: the median ms/step over repeats after warm-up.
Run with Debian's interpreter: /usr/bin/python3 bench/peer_torch.py --dim 5 --samples 640 --width 500 --threads 1
"""
import torch

import common


def main():
    parser = common.arguments(__doc__)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    dtype = torch.float64
    x = torch.randn(args.samples, args.dim, dtype=dtype)
    y = torch.randn(args.samples, dtype=dtype)
    w = (torch.randn(args.width, args.dim, dtype=dtype) / args.width ** 0.5).requires_grad_()
    a = (torch.randn(args.width, dtype=dtype) / args.width ** 0.5).requires_grad_()
    optimizer = torch.optim.SGD([w, a], lr=1e-3)

    def run(steps):
        for _ in range(steps):
            optimizer.zero_grad(set_to_none=False)
            output = torch.relu(x @ w.T) @ a
            loss = 0.5 * torch.mean((output - y) ** 2)
            loss.backward()
            optimizer.step()

    common.time_and_report(f"pytorch-{args.threads}t", torch.__version__, run, args.steps, args.repeats)


if __name__ == "__main__":
    main()
