"""Checks for device-agnostic code (references: the expected device computed here from
torch.cuda.is_available() / torch.backends.mps.is_available() on the machine the checks run
on, and the same model and SGD step run here on the CPU). They pass on a CPU-only machine and
on a GPU machine alike."""
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from deeproots.grading.checks import expect, expect_close, expect_equal


def _available(ex):
    """(cuda, mps) availability as the learner's process sees it (asked through its own `torch`
    module: a sandboxed process may see less than this one), else as this process sees it."""
    local = (torch.cuda.is_available(), bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()))
    try:
        learner_torch = ex.torch
        cuda = learner_torch.cuda.is_available()
        backends_mps = getattr(learner_torch.backends, "mps", None)
        mps = backends_mps.is_available() if backends_mps is not None else False
    except Exception:  # noqa: BLE001 - no `import torch` in the learner's file: use ours
        return local
    return (cuda, mps) if isinstance(cuda, bool) and isinstance(mps, bool) else local


def _expected_device_type(ex):
    """What pick_device() must choose: cuda, else mps, else cpu, by availability."""
    cuda, mps = _available(ex)
    return "cuda" if cuda else "mps" if mps else "cpu"


def _device_fields(device, what):
    """(type, index) of a torch.device, whether it lives here or in the learner's process."""
    expect(not isinstance(device, str), f"{what} must return a torch.device, not the string {device!r}: "
           "wrap it, torch.device(name)")
    device_type, index = getattr(device, "type", None), getattr(device, "index", "missing")
    expect(isinstance(device_type, str) and index != "missing",
           f"{what} must return a torch.device (with .type and .index)", got=device)
    return device_type, index


def _batch(rng, n):
    x = torch.from_numpy(rng.normal(size=(n, 4)).astype(np.float32))
    y = torch.from_numpy(rng.integers(0, 3, size=n).astype(np.int64))
    return x, y


def _reference_steps(seed, batches):
    """make_model(seed) + SGD(lr=0.1) + cross-entropy steps on the CPU: (loss, logits) per step."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    results = []
    for x, y in batches:
        optimizer.zero_grad()
        logits = model(x)
        loss = F.cross_entropy(logits, y)
        loss.backward()
        optimizer.step()
        results.append((loss.item(), logits.detach().numpy()))
    return results


def _expect_step_result(result, expected, what, inputs):
    expect(isinstance(result, dict) and "loss" in result and "logits" in result,
           f"{what} must return a dict with 'loss' and 'logits'", got=result)
    expect(isinstance(result["loss"], float), f"{what}['loss'] must be a Python float: loss.item()",
           got=type(result["loss"]).__name__)
    expect(isinstance(result["logits"], np.ndarray), f"{what}['logits'] must be a NumPy array on the CPU: "
           "logits.detach().cpu().numpy()", got=type(result["logits"]).__name__)
    loss, logits = expected
    how = "the same model, SGD(lr=0.1) and F.cross_entropy run in the check on the CPU"
    expect_close(result["loss"], loss, what=f"{what}['loss']", how=how, rtol=1e-5, atol=1e-6, inputs=inputs)
    expect_close(result["logits"], logits, what=f"{what}['logits'] (before the update)", how=how,
                 rtol=1e-5, atol=1e-6, inputs=inputs)


def test_pick_device_follows_availability(ex, rng):
    expected = _expected_device_type(ex)
    cuda, mps = _available(ex)
    how = (f"torch.cuda.is_available() is {cuda} and torch.backends.mps.is_available() is {mps} where your "
           "code runs: 'cuda' if the first is True, else 'mps' if the second is, else 'cpu'")
    device_type, _ = _device_fields(ex.pick_device(), "pick_device()")
    expect_equal(device_type, expected, what="pick_device().type", how=how)
    device_type, _ = _device_fields(ex.pick_device(None), "pick_device(None)")
    expect_equal(device_type, expected, what="pick_device(None).type", how="None means: choose by availability; " + how)


def test_pick_device_explicit_choice_wins(ex, rng):
    expect_equal(_device_fields(ex.pick_device("cpu"), "pick_device('cpu')"), ("cpu", None),
                 what="(type, index) of pick_device('cpu')", how="torch.device('cpu'): an explicit choice wins")
    expect_equal(_device_fields(ex.pick_device("cuda:1"), "pick_device('cuda:1')"), ("cuda", 1),
                 what="(type, index) of pick_device('cuda:1')",
                 how="torch.device('cuda:1'), which only names a device (it works without a GPU)")


def test_to_device_keeps_structure_and_values(ex, rng):
    x, y = _batch(rng, 5)
    mask = torch.from_numpy(rng.random(size=(5, 2)) < 0.5)
    cases = [("a tensor", x), ("a tuple (x, y)", (x, y)), ("a list [x, y]", [x, y]),
             ("a dict", {"x": x, "y": y, "n": 5, "name": "batch"}),
             ("a nested structure", {"pair": (x, mask), "items": [y, 3.5]})]
    for device in ("cpu", ex.pick_device()):
        for label, batch in cases:
            _expect_same_structure(ex.to_device(batch, device), batch, f"to_device({label})")


def _expect_same_structure(got, want, what):
    if isinstance(want, torch.Tensor):
        expect(isinstance(got, torch.Tensor), f"{what}: expected a tensor", got=type(got).__name__)
        expect_equal(str(got.dtype), str(want.dtype), what=f"{what} dtype", how="Tensor.to(device) keeps the dtype")
        expect_equal(got.detach().cpu().numpy(), want.numpy(), what=f"{what} values",
                     how="moving does not change values")
    elif isinstance(want, dict):
        expect(isinstance(got, dict) and list(got) == list(want), f"{what}: expected a dict with keys {list(want)}",
               got=got)
        for key in want:
            _expect_same_structure(got[key], want[key], f"{what}[{key!r}]")
    elif isinstance(want, (list, tuple)):
        expect(type(got) is type(want) and len(got) == len(want),
               f"{what}: expected a {type(want).__name__} of {len(want)} items (keep the container's type)",
               got=got)
        for index, (item, expected) in enumerate(zip(got, want)):
            _expect_same_structure(item, expected, f"{what}[{index}]")
    else:
        expect_equal(got, want, what=what, how="values that are not tensors are returned unchanged")


def test_train_step_on_explicit_cpu(ex, rng):
    batches = [_batch(rng, 6), _batch(rng, 6), _batch(rng, 1)]
    expected = _reference_steps(0, batches)
    model = ex.make_model(0)
    optimizer = ex.make_optimizer(model)
    for step, (batch, want) in enumerate(zip(batches, expected)):
        result = ex.train_step(model, optimizer, batch, "cpu")
        _expect_step_result(result, want, f"train_step(..., device='cpu') step {step}",
                            {"x": batch[0].numpy(), "y": batch[1].numpy()})
    expect_equal(ex.parameter_devices(model), ["cpu"], what="parameter_devices(model) after train_step on 'cpu'",
                 how="model.to('cpu')")


def test_train_step_on_the_default_device(ex, rng):
    expected_type = _expected_device_type(ex)
    batches = [_batch(rng, 8), _batch(rng, 8)]
    expected = _reference_steps(1, batches)
    model = ex.make_model(1)
    optimizer = ex.make_optimizer(model)
    result = ex.train_step(model, optimizer, batches[0])
    _expect_step_result(result, expected[0], "train_step(...) with device=None", {"x": batches[0][0].numpy()})
    expect_equal(ex.parameter_devices(model), [expected_type], what="parameter_devices(model) after train_step",
                 how=f"device=None means pick_device(), here {expected_type!r}")
    result = ex.train_step(model, optimizer, batches[1], ex.pick_device())
    _expect_step_result(result, expected[1], "train_step(..., device=pick_device())",
                        {"x": batches[1][0].numpy()})
