"""A normalizing flow: RealNVP's affine coupling layer, its inverse, its log-determinant,
and the exact log-likelihood of a stack of couplings with alternating masks.

Source: Dinh, Sohl-Dickstein & Bengio, "Density estimation using Real NVP" (ICLR 2017),
§3.1 (change of variable formula), §3.2-3.3 (affine coupling layers, the triangular
Jacobian), §3.4 (masked form) and §3.5 (combining coupling layers in an alternating pattern).
https://arxiv.org/abs/1605.08803

A flow maps a data point x (D numbers) to z = f(x) with an invertible f, and scores x by
the change of variable formula, with a standard normal base density:

    log p(x) = log N(f(x); 0, I) + log |det df/dx|
    log N(z; 0, I) = -0.5 * sum_j z_j**2 - (D / 2) * log(2 pi)

1. One affine coupling layer, in the masked form of §3.4. mask is a (D,) array of 0s and
1s: mask_j = 1 marks a coordinate that is KEPT (it conditions the layer), 0 one that is
transformed. With xa = x * mask, and s, t = conditioner(xa, params) (given below, each of
shape (N, D)), only the transformed coordinates use s and t:

    s = s * (1 - mask);   t = t * (1 - mask)
    y = xa + (1 - mask) * (x * exp(s) + t)
    log_det = sum over j of s_j          (one number per sample)

The Jacobian dy/dx is triangular (after ordering the kept coordinates first): identity on
the kept ones, diag(exp(s)) on the transformed ones; the derivatives of s and t never
enter the determinant. coupling_forward(x, mask, params) takes x (N, D), mask (D,) and
params (a dict, see conditioner) and returns (y (N, D), log_det (N,)): one log-determinant
PER SAMPLE, not summed over the batch.

2. The inverse. The kept coordinates pass unchanged, so y * mask = x * mask and the
conditioner sees the same input; undo the affine map on the rest:

    s, t from conditioner(y * mask, params), masked as above
    x = y * mask + (1 - mask) * ((y - t) * exp(-s))

coupling_inverse(y, mask, params) returns x (N, D).

3. Alternating masks. One layer never changes its kept half, so a flow alternates them:
make_masks(dim, num_layers) returns an integer array (num_layers, dim); row k keeps the
first dim // 2 coordinates when k is even (mask = 1 there, 0 on the rest) and keeps the
other dim - dim // 2 coordinates when k is odd (the complement, 1 - row 0).

4. The flow. flow_log_prob(x, params_list) runs x through len(params_list) coupling layers,
layer k with mask row k of make_masks(D, len(params_list)) and parameters params_list[k],
adds up the per-sample log-determinants, and returns log p(x), shape (N,), with the
log-density of the standard normal base evaluated at the final z, constant included.

Pitfalls: the log-determinant's sign (forward stretches by exp(s), so + sum s); forgetting
exp(-s) in the inverse; masks that do not alternate (half of the coordinates would never
be transformed); log_det summed over the whole batch instead of per sample; the base
density without its -(D/2) log(2 pi).

Everything is NumPy.
Do not use: torch.*.

Tiny example: D = 2, mask = [1, 0], and parameters whose conditioner gives s = [0, 0.5],
t = [0, 1] for every input (all weights 0, bs = [0, arctanh(0.5)], bt = [0, 1]). For
x = [[2, 3]]: y = [[2, 3 * exp(0.5) + 1]] = [[2, 5.94616]], log_det = [0.5]; the inverse
of y gives back [[2, 3]]; make_masks(2, 2) = [[1, 0], [0, 1]].
"""
import numpy as np


def conditioner(xa: np.ndarray, params: dict) -> tuple[np.ndarray, np.ndarray]:
    """Given: the scale and translation networks s(.) and t(.), one small MLP with two heads.

    xa (N, D) is the masked input; params holds W1 (D, H), b1 (H,), Ws (H, D), bs (D,),
    Wt (H, D), bt (D,). Returns (s, t), each (N, D); tanh keeps each scale factor exp(s)
    within [1/e, e], as RealNVP bounds its scales.
    """
    h = np.tanh(xa @ params["W1"] + params["b1"])
    s = np.tanh(h @ params["Ws"] + params["bs"])
    t = h @ params["Wt"] + params["bt"]
    return s, t


def coupling_forward(x: np.ndarray, mask: np.ndarray, params: dict) -> tuple[np.ndarray, np.ndarray]:
    """Return (y, log_det): the affine coupling y of x (N, D) and its per-sample log|det dy/dx| (N,)."""
    # TODO: xa = x * mask; s, t from conditioner(xa, params), both multiplied by (1 - mask);
    # y = xa + (1 - mask) * (x * exp(s) + t); log_det sums s over the coordinates.
    ### BEGIN SOLUTION
    xa = x * mask
    s, t = conditioner(xa, params)
    s = s * (1 - mask)
    t = t * (1 - mask)
    y = xa + (1 - mask) * (x * np.exp(s) + t)
    log_det = s.sum(axis=1)
    return y, log_det
    ### END SOLUTION


def coupling_inverse(y: np.ndarray, mask: np.ndarray, params: dict) -> np.ndarray:
    """Return x (N, D) with coupling_forward(x, mask, params)[0] == y."""
    # TODO: the same s and t, from conditioner(y * mask, params); undo the shift, then the scale.
    ### BEGIN SOLUTION
    ya = y * mask
    s, t = conditioner(ya, params)
    s = s * (1 - mask)
    t = t * (1 - mask)
    return ya + (1 - mask) * ((y - t) * np.exp(-s))
    ### END SOLUTION


def make_masks(dim: int, num_layers: int) -> np.ndarray:
    """Return (num_layers, dim) 0/1 masks: even rows keep the first dim // 2 coordinates, odd rows the rest."""
    # TODO: build the first row, then alternate it with its complement.
    ### BEGIN SOLUTION
    first = (np.arange(dim) < dim // 2).astype(int)
    return np.array([first if k % 2 == 0 else 1 - first for k in range(num_layers)]).reshape(num_layers, dim)
    ### END SOLUTION


def flow_log_prob(x: np.ndarray, params_list: list) -> np.ndarray:
    """Return log p(x), shape (N,), for the flow of len(params_list) couplings with alternating masks."""
    # TODO: z = x; add up the log-determinants layer by layer; then the standard normal
    # log-density of z, with its -(D / 2) log(2 pi).
    ### BEGIN SOLUTION
    n, dim = x.shape
    masks = make_masks(dim, len(params_list))
    z = x
    total = np.zeros(n)
    for mask, params in zip(masks, params_list):
        z, log_det = coupling_forward(z, mask, params)
        total = total + log_det
    return -0.5 * np.sum(z ** 2, axis=1) - 0.5 * dim * np.log(2 * np.pi) + total
    ### END SOLUTION
