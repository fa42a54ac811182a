"""Checks for nn.Module (references: the parameter-count formula, nn.Linear's documented
initialisation bound, and a NumPy forward pass built here from the module's own state_dict)."""
import numpy as np
import torch

from deeproots.grading.checks import expect, expect_close, expect_equal

SIZES = [[2, 3, 1], [4, 16, 8, 3], [5, 5], [3, 7, 7, 7, 2]]


def _t32(array):
    return torch.from_numpy(np.array(array, dtype=np.float32))


def _t64(array):
    return torch.from_numpy(np.array(array, dtype=np.float64))


def _mlp_keys(sizes, prefix=""):
    return [f"{prefix}layers.{i}.{kind}" for i in range(len(sizes) - 1) for kind in ("weight", "bias")]


def _mlp_count(sizes):
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))


def _state(ex, module, what):
    state = ex.state_dict_tensors(module)
    expect(isinstance(state, dict), f"state_dict_tensors({what}) must return a plain dict "
           "(dict(module.state_dict()))", got=state)
    return {key: np.asarray(value.detach().numpy() if isinstance(value, torch.Tensor) else value,
                            dtype=np.float64) for key, value in state.items()}


def _mlp_reference(state, x, n_layers, prefix=""):
    h = np.asarray(x, dtype=np.float64)
    for i in range(n_layers):
        h = h @ state[f"{prefix}layers.{i}.weight"].T + state[f"{prefix}layers.{i}.bias"]
        if i < n_layers - 1:
            h = np.maximum(h, 0.0)
    return h


def test_mlp_state_dict_keys_and_shapes(ex, rng):
    for sizes in SIZES:
        state = _state(ex, ex.MLP(sizes), f"MLP({sizes})")
        expect_equal(list(state), _mlp_keys(sizes), what=f"state_dict keys of MLP({sizes})",
                     how="nn.ModuleList named `layers` of nn.Linear: layers.i.weight, layers.i.bias")
        for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
            expect_equal(state[f"layers.{i}.weight"].shape, (b, a), what=f"layers.{i}.weight shape in MLP({sizes})",
                         how="nn.Linear(in, out).weight is (out, in)")
            expect_equal(state[f"layers.{i}.bias"].shape, (b,), what=f"layers.{i}.bias shape in MLP({sizes})",
                         how="nn.Linear(in, out).bias is (out,)")


def test_mlp_parameters_and_count(ex, rng):
    for sizes in SIZES:
        model = ex.MLP(sizes)
        expect_equal(ex.count_parameters(model), _mlp_count(sizes), what=f"count_parameters(MLP({sizes}))",
                     how="sum over layers of d_in * d_out + d_out")
        expect_equal(ex.parameter_names(model), _mlp_keys(sizes), what=f"parameter_names(MLP({sizes}))",
                     how="every weight and bias of the nn.Linear layers, in order")
        expect_equal(ex.buffer_names(model), [], what=f"buffer_names(MLP({sizes}))",
                     how="nn.Linear has no buffers")


def test_mlp_default_initialisation(ex, rng):
    sizes = [6, 32, 4]
    state = _state(ex, ex.MLP(sizes), f"MLP({sizes})")
    for i, fan_in in enumerate(sizes[:-1]):
        bound = 1.0 / np.sqrt(fan_in)
        for kind in ("weight", "bias"):
            values = state[f"layers.{i}.{kind}"]
            # The weights have 192 and 128 entries: their spread is close to bound / sqrt(3).
            spread_ok = kind == "bias" or np.std(values) > bound / 4
            expect(np.all(np.abs(values) <= bound + 1e-7) and spread_ok,
                   f"layers.{i}.{kind} should keep nn.Linear's default initialisation, uniform in "
                   f"[-1/sqrt(fan_in), 1/sqrt(fan_in)] = [-{bound:.4g}, {bound:.4g}]",
                   largest=float(np.max(np.abs(values))), std=float(np.std(values)))


def test_mlp_forward_hand_example(ex, rng):
    model = ex.MLP([2, 2, 1])
    state = {"layers.0.weight": _t32([[1.0, 0.0], [0.0, -1.0]]), "layers.0.bias": _t32([0.0, 0.0]),
             "layers.1.weight": _t32([[1.0, 1.0]]), "layers.1.bias": _t32([-3.0])}
    model.load_state_dict(state)
    expect_close(model(_t32([[2.0, 3.0]])), np.array([[-1.0]]),
                 what="MLP([2, 2, 1]) with the weights loaded by load_state_dict, at x = [[2, 3]]",
                 how="by hand: h = relu([2, -3]) = [2, 0], out = 2 + 0 - 3 = -1 "
                     "(0 with a ReLU on the output, -4 without the hidden ReLU)",
                 rtol=1e-6, atol=1e-6)


def test_mlp_forward_matches_state_dict_reference(ex, rng):
    for sizes in SIZES:
        model = ex.MLP(sizes)
        state = _state(ex, model, f"MLP({sizes})")
        for n in (1, 7):
            x = rng.normal(size=(n, sizes[0])).astype(np.float32)
            out = model(_t32(x))
            expect(isinstance(out, torch.Tensor), "model(x) must return a torch.Tensor", got=type(out).__name__)
            expect_close(out, _mlp_reference(state, x, len(sizes) - 1),
                         what=f"MLP({sizes})(x) for n = {n}",
                         how="NumPy: relu(h @ W.T + b) layer by layer from the model's state_dict, "
                             "no ReLU after the last layer", rtol=1e-4, atol=1e-5, inputs={"x": x})


def test_standardize_hand_example(ex, rng):
    module = ex.Standardize(_t64([1.0, 2.0]), _t64([2.0, 4.0]))
    expect_close(module(_t64([[3.0, 6.0]])), np.array([[1.0, 1.0]]),
                 what="Standardize(mean=[1, 2], std=[2, 4])([[3, 6]])",
                 how="by hand: (3 - 1) / 2 = 1, (6 - 2) / 4 = 1", rtol=1e-12, atol=1e-12)


def test_standardize_buffers_are_not_parameters(ex, rng):
    for d in (1, 3, 6):
        mean, std = rng.normal(size=d), rng.uniform(0.5, 2.0, size=d)
        module = ex.Standardize(_t64(mean), _t64(std))
        how = "register_buffer: in state_dict and named_buffers, not in parameters()"
        expect_equal(sorted(ex.parameter_names(module)), ["gain", "shift"],
                     what=f"parameter_names(Standardize) (d = {d})", how="gain and shift are nn.Parameters; " + how)
        expect_equal(sorted(ex.buffer_names(module)), ["mean", "std"],
                     what=f"buffer_names(Standardize) (d = {d})", how=how)
        expect_equal(ex.count_parameters(module), 2 * d, what=f"count_parameters(Standardize) (d = {d})",
                     how="gain and shift, d entries each; buffers do not count")
        state = _state(ex, module, "Standardize")
        expect_equal(sorted(state), ["gain", "mean", "shift", "std"], what="state_dict keys of Standardize",
                     how="parameters and buffers both belong to the state_dict")
        inputs = {"mean": mean, "std": std}
        for key, expected in (("mean", mean), ("std", std), ("gain", np.ones(d)), ("shift", np.zeros(d))):
            expect_close(state[key], expected, what=f"state_dict[{key!r}]", how="the constructor's arguments, "
                         "gain = ones, shift = zeros", rtol=0, atol=0, inputs=inputs)
        x = rng.normal(size=(4, d))
        expect_close(module(_t64(x)), (x - mean) / std, what=f"Standardize(mean, std)(x) (d = {d})",
                     how="(x - mean) / std with gain 1 and shift 0", rtol=1e-12, atol=1e-12,
                     inputs={**inputs, "x": x})


def test_make_model_nested_names_and_forward(ex, rng):
    for sizes in ([3, 8, 2], [5, 4, 4, 1]):
        d = sizes[0]
        mean, std = rng.normal(size=d).astype(np.float32), rng.uniform(0.5, 2.0, size=d).astype(np.float32)
        model = ex.make_model(_t32(mean), _t32(std), sizes)
        names = ex.parameter_names(model)
        expect_equal(sorted(names[:2]) + list(names[2:]), ["0.gain", "0.shift"] + _mlp_keys(sizes, "1."),
                     what=f"parameter_names(make_model(mean, std, {sizes}))",
                     how="nn.Sequential numbers its children 0, 1: 0.gain, 0.shift, 1.layers.i.weight/bias")
        expect_equal(sorted(ex.buffer_names(model)), ["0.mean", "0.std"],
                     what=f"buffer_names(make_model(mean, std, {sizes}))", how="the Standardize buffers, prefixed 0.")
        expect_equal(ex.count_parameters(model), 2 * d + _mlp_count(sizes),
                     what=f"count_parameters(make_model(mean, std, {sizes}))", how="2 d + the MLP formula")
        state = _state(ex, model, "make_model(...)")
        x = rng.normal(size=(6, d)).astype(np.float32)
        z = (x - state["0.mean"]) / state["0.std"] * state["0.gain"] + state["0.shift"]
        expect_close(model(_t32(x)), _mlp_reference(state, z, len(sizes) - 1, prefix="1."),
                     what=f"make_model(mean, std, {sizes})(x)",
                     how="NumPy from the state_dict: standardise, then the MLP", rtol=1e-4, atol=1e-5,
                     inputs={"x": x, "mean": mean, "std": std})
