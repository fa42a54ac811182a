"""Checks for the RealNVP affine coupling flow (references: the coupling written in torch
float64 in this file, the log-determinant against np.linalg.slogdet of the full Jacobian from
torch.autograd.functional.jacobian and from central differences, the flow's log-density against
the change of variable formula with torch.distributions.Normal and the Jacobian of the whole
flow, and a numerical integral of the 2-D density over a grid)."""
import numpy as np
import torch

from deeproots.grading.checks import expect, expect_close, expect_equal

# (N, D, H): one sample, an odd dimension, a wide hidden layer, a narrow one.
SHAPES = [(1, 2, 3), (5, 4, 8), (3, 3, 4), (7, 5, 2), (2, 6, 5)]
KEYS = ("W1", "b1", "Ws", "bs", "Wt", "bt")


def _params(rng, dim, hidden, scale=0.6):
    return {"W1": rng.normal(scale=scale, size=(dim, hidden)), "b1": rng.normal(scale=scale, size=hidden),
            "Ws": rng.normal(scale=scale, size=(hidden, dim)), "bs": rng.normal(scale=scale, size=dim),
            "Wt": rng.normal(scale=scale, size=(hidden, dim)), "bt": rng.normal(scale=scale, size=dim)}


def _stated_masks(dim, num_layers):
    """The statement's masks, written out: even rows keep coordinates 0 .. dim//2 - 1."""
    rows = []
    for k in range(num_layers):
        row = [1 if j < dim // 2 else 0 for j in range(dim)]
        rows.append(row if k % 2 == 0 else [1 - v for v in row])
    return np.array(rows, dtype=int).reshape(num_layers, dim)


def _torch_coupling(x, mask, params):
    """RealNVP eq. 9 (masked affine coupling) in torch float64: y and the per-sample sum of s."""
    p = {k: torch.as_tensor(np.asarray(v, dtype=np.float64)) for k, v in params.items()}
    b = torch.as_tensor(np.asarray(mask, dtype=np.float64))
    h = torch.tanh((x * b) @ p["W1"] + p["b1"])
    s = torch.tanh(h @ p["Ws"] + p["bs"]) * (1 - b)
    t = (h @ p["Wt"] + p["bt"]) * (1 - b)
    return x * b + (1 - b) * (x * torch.exp(s) + t), s.sum(-1)


def _torch_flow(x, masks, params_list):
    for mask, params in zip(masks, params_list):
        x, _ = _torch_coupling(x, mask, params)
    return x


def _t(array):
    return torch.tensor(np.asarray(array, dtype=np.float64))


def _masks_for(rng, dim):
    half = _stated_masks(dim, 2)
    random = (rng.random(dim) < 0.5).astype(int)
    return [half[0], half[1], random]


def test_hand_example(ex, rng):
    params = {"W1": np.zeros((2, 3)), "b1": np.zeros(3), "Ws": np.zeros((3, 2)), "bs": np.array([0.0, np.arctanh(0.5)]),
              "Wt": np.zeros((3, 2)), "bt": np.array([0.0, 1.0])}
    x, mask = np.array([[2.0, 3.0]]), np.array([1, 0])
    y, log_det = ex.coupling_forward(x, mask, params)
    how = "by hand: s = [0, 0.5], t = [0, 1]; y = [2, 3 exp(0.5) + 1], log_det = 0.5"
    expect_close(y, np.array([[2.0, 3.0 * np.exp(0.5) + 1.0]]), what="y", how=how, rtol=1e-12, atol=1e-12,
                 inputs={"x": x, "mask": mask})
    expect_close(log_det, np.array([0.5]), what="log_det", how=how, rtol=1e-12, atol=1e-12, inputs={"x": x, "mask": mask})
    expect_close(ex.coupling_inverse(np.array([[2.0, 3.0 * np.exp(0.5) + 1.0]]), mask, params), x,
                 what="coupling_inverse(y)", how="by hand: x_2 = (y_2 - 1) * exp(-0.5) = 3", rtol=1e-12, atol=1e-12)
    expect_equal(np.asarray(ex.make_masks(2, 2)), np.array([[1, 0], [0, 1]]), what="make_masks(2, 2)",
                 how="by hand: keep coordinate 0, then coordinate 1")


def test_forward_matches_torch(ex, rng):
    for n, dim, hidden in SHAPES:
        params = _params(rng, dim, hidden)
        for mask in _masks_for(rng, dim):
            x = rng.normal(scale=1.5, size=(n, dim))
            y, log_det = ex.coupling_forward(x, mask, params)
            want_y, want_ld = _torch_coupling(_t(x), mask, params)
            how = "RealNVP's masked coupling written in torch float64 from the statement's formula"
            inputs = {"x": x, "mask": mask, **params}
            expect_close(y, want_y.numpy(), what=f"y for (N, D, H) = {(n, dim, hidden)}", how=how,
                         rtol=1e-10, atol=1e-12, inputs=inputs)
            expect_close(log_det, want_ld.numpy(), what=f"log_det for (N, D, H) = {(n, dim, hidden)} (one per sample)",
                         how=how, rtol=1e-10, atol=1e-12, inputs=inputs)


def test_log_det_is_log_abs_det_of_the_autograd_jacobian(ex, rng):
    for n, dim, hidden in SHAPES:
        params = _params(rng, dim, hidden, scale=1.0)
        for mask in _masks_for(rng, dim):
            x = rng.normal(size=(n, dim))
            _, log_det = ex.coupling_forward(x, mask, params)
            want = []
            for row in x:
                jac = torch.autograd.functional.jacobian(lambda v: _torch_coupling(v[None], mask, params)[0][0], _t(row))
                sign, logabs = np.linalg.slogdet(jac.numpy())
                want.append(logabs)
            expect_close(log_det, np.array(want), what=f"log_det for (N, D, H) = {(n, dim, hidden)}",
                         how="np.linalg.slogdet of the full D x D Jacobian dy/dx from torch.autograd.functional.jacobian, "
                             "one sample at a time", rtol=1e-9, atol=1e-10, inputs={"x": x, "mask": mask, **params})


def test_log_det_is_log_abs_det_of_your_own_jacobian(ex, rng):
    h = 1e-5
    for n, dim, hidden in SHAPES[1:4]:
        params = _params(rng, dim, hidden, scale=1.0)
        mask = _masks_for(rng, dim)[1]
        x = rng.normal(size=(n, dim))
        _, log_det = ex.coupling_forward(x, mask, params)
        want = []
        for row in x:
            probes = np.concatenate([row + h * np.eye(dim), row - h * np.eye(dim)])
            y, _ = ex.coupling_forward(probes, mask, params)
            y = np.asarray(y)
            jac = ((y[:dim] - y[dim:]) / (2 * h)).T  # column j: dy/dx_j
            want.append(np.linalg.slogdet(jac)[1])
        expect_close(log_det, np.array(want), what=f"log_det for (N, D, H) = {(n, dim, hidden)}",
                     how="np.linalg.slogdet of the Jacobian of YOUR coupling_forward, by central differences (h = 1e-5)",
                     rtol=1e-6, atol=1e-6, inputs={"x": x, "mask": mask, **params})


def test_inverse_matches_torch_and_round_trips(ex, rng):
    for n, dim, hidden in SHAPES:
        params = _params(rng, dim, hidden)
        for mask in _masks_for(rng, dim):
            y = rng.normal(scale=2.0, size=(n, dim))
            x = ex.coupling_inverse(y, mask, params)
            expect_close(_torch_coupling(_t(x), mask, params)[0].numpy(), y,
                         what=f"forward(coupling_inverse(y)) for (N, D, H) = {(n, dim, hidden)}",
                         how="your inverse pushed through the coupling written in torch: it must give y back",
                         rtol=1e-9, atol=1e-10, inputs={"y": y, "mask": mask, **params})
            x0 = rng.normal(size=(n, dim))
            back = ex.coupling_inverse(ex.coupling_forward(x0, mask, params)[0], mask, params)
            expect_close(back, x0, what=f"coupling_inverse(coupling_forward(x)) for (N, D, H) = {(n, dim, hidden)}",
                         how="x itself", rtol=1e-9, atol=1e-10, inputs={"x": x0, "mask": mask})


def test_large_magnitudes_round_trip(ex, rng):
    params = _params(rng, 4, 6, scale=1.0)
    mask = _stated_masks(4, 2)[0]
    x = rng.normal(scale=1e3, size=(3, 4))
    y, log_det = ex.coupling_forward(x, mask, params)
    expect(np.all(np.isfinite(np.asarray(y))) and np.all(np.isfinite(np.asarray(log_det))),
           "coupling_forward must stay finite for |x| ~ 1e3 (the scales are tanh-bounded)", got=y)
    expect_close(ex.coupling_inverse(y, mask, params), x, what="coupling_inverse(coupling_forward(x)), |x| ~ 1e3",
                 how="x itself", rtol=1e-10, atol=1e-8, inputs={"x": x})


def test_make_masks_alternate(ex, rng):
    for dim, layers in ((2, 2), (4, 3), (5, 4), (3, 1), (6, 6), (1, 2)):
        masks = np.asarray(ex.make_masks(dim, layers))
        expect_equal(masks, _stated_masks(dim, layers), what=f"make_masks({dim}, {layers})",
                     how="the statement: even rows keep the first dim // 2 coordinates, odd rows the others")
        if layers >= 2 and dim >= 2:
            never = [j for j in range(dim) if np.all(masks[:, j] == 1)]
            expect(not never, f"with {layers} layers every coordinate must be transformed by some layer "
                   "(mask 0 in at least one row); these never are", never_transformed=never, masks=masks)


def test_flow_log_prob_is_the_change_of_variables(ex, rng):
    normal = torch.distributions.Normal(torch.tensor(0.0, dtype=torch.float64), torch.tensor(1.0, dtype=torch.float64))
    for n, dim, layers in ((1, 2, 2), (4, 3, 3), (6, 4, 4), (3, 5, 1)):
        params_list = [_params(rng, dim, 5) for _ in range(layers)]
        masks = _stated_masks(dim, layers)
        x = rng.normal(scale=1.5, size=(n, dim))
        want = []
        for row in x:
            z = _torch_flow(_t(row)[None], masks, params_list)[0]
            jac = torch.autograd.functional.jacobian(lambda v: _torch_flow(v[None], masks, params_list)[0], _t(row))
            want.append(float(normal.log_prob(z).sum()) + np.linalg.slogdet(jac.numpy())[1])
        expect_close(ex.flow_log_prob(x, params_list), np.array(want),
                     what=f"flow_log_prob for N = {n}, D = {dim}, {layers} layers",
                     how="torch.distributions.Normal(0, 1).log_prob(f(x)).sum() + np.linalg.slogdet of the whole flow's "
                         "Jacobian (torch.autograd.functional.jacobian), masks alternating as stated",
                     rtol=1e-9, atol=1e-9, inputs={"x": x})


def test_density_integrates_to_one(ex, rng):
    params_list = [_params(rng, 2, 6, scale=0.3) for _ in range(4)]
    step = 0.05
    grid = np.arange(-16.0, 16.0 + step / 2, step)
    gx, gy = np.meshgrid(grid, grid, indexing="ij")
    points = np.stack([gx.ravel(), gy.ravel()], axis=1)
    log_p = np.asarray(ex.flow_log_prob(points, params_list))
    expect(log_p.shape == (points.shape[0],), "flow_log_prob must return one value per point", got_shape=log_p.shape)
    with np.errstate(over="ignore"):
        total = float(np.exp(log_p).sum() * step * step)
    expect(abs(total - 1.0) < 2e-3, "the flow's density p(x) = exp(flow_log_prob(x)) must integrate to 1 over the plane",
           integral=f"{total:.6f}", how="Riemann sum of exp(log p) over a 641 x 641 grid on [-16, 16]^2, step 0.05; "
           "tolerance 2e-3 (the tails beyond the grid hold far less)")
