"""The two-layer ReLU network of science.md §1(a) trained by heavy-ball GD in numpy: the independent reference that
NumpyGoldenTest holds the lab's kernels to, as micrograd checks its engine against PyTorch.

stdin: {"x": [n*d, row-major], "y": [n], "theta": [W row-major (m*d), then a (m)], "n", "d", "m",
        "lossScale" c (L = c (1/2n) sum r^2), "lr", "momentum", "steps"}
stdout: {"losses": [L(theta_t) for t < steps], "theta": theta_steps}
"""
import json
import sys

import numpy as np

p = json.load(sys.stdin)
n, d, m, c = p["n"], p["d"], p["m"], p["lossScale"]
X = np.array(p["x"], dtype=np.float64).reshape(n, d)
y = np.array(p["y"], dtype=np.float64)
theta = np.array(p["theta"], dtype=np.float64)
velocity = np.zeros_like(theta)
losses = []
for _ in range(p["steps"]):
    W, a = theta[: m * d].reshape(m, d), theta[m * d:]
    Z = X @ W.T                       # z_ij = w_j . x_i
    H = np.maximum(Z, 0.0)            # sigma(z_ij)
    r = H @ a - y                     # r_i = h(x_i) - y_i
    losses.append(float(c * 0.5 * np.mean(r * r)))
    rho = (c / n) * r
    grad_a = H.T @ rho                                        # dL/da_j = sum_i rho_i sigma(z_ij)
    grad_W = ((rho[:, None] * (Z > 0.0)) * a[None, :]).T @ X  # dL/dw_j = a_j sum_i rho_i 1{z_ij > 0} x_i
    velocity = p["momentum"] * velocity + np.concatenate([grad_W.ravel(), grad_a])
    theta = theta - p["lr"] * velocity  # torch.optim.SGD, dampening 0
json.dump({"losses": losses, "theta": theta.tolist()}, sys.stdout)
