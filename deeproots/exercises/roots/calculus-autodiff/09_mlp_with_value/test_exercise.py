"""Checks for the tiny MLP (references: a NumPy forward pass of the same network from the
same parameter vector, central differences of its loss, the parameter-count formula, and
gradient descent replayed here with central-difference gradients)."""
import numpy as np

from deeproots.grading.checks import central_difference, expect, expect_close, expect_equal


def _count(nin, sizes):
    dims = [nin] + list(sizes)
    return sum((dims[i] + 1) * dims[i + 1] for i in range(len(sizes)))


def _forward(params, X, sizes):
    """NumPy MLP: per layer an (nout, nin + 1) block [weights | bias], neuron by neuron;
    tanh on every layer but the last. Returns the (n, sizes[-1]) outputs."""
    params = np.asarray(params, dtype=float)
    h, start = np.atleast_2d(np.asarray(X, dtype=float)), 0
    for k, nout in enumerate(sizes):
        nin = h.shape[1]
        block = params[start:start + (nin + 1) * nout].reshape(nout, nin + 1)
        start += (nin + 1) * nout
        h = h @ block[:, :nin].T + block[:, nin]
        if k < len(sizes) - 1:
            h = np.tanh(h)
    return h


def _loss(params, X, y, sizes):
    return float(np.mean((_forward(params, X, sizes)[:, 0] - y) ** 2))


def _data(rng, n):
    """Two well-separated clouds in 2-D, labels alternating +1 / -1; every point lies at
    least 0.4 on its own side of the line through 0 perpendicular to (1, 0.7)."""
    y = np.where(np.arange(n) % 2 == 0, 1.0, -1.0)
    centre = np.array([1.0, 0.7])
    X = np.empty((n, 2))
    for i in range(n):
        while True:
            point = rng.normal(0.0, 0.5, size=2) + y[i] * centre
            if y[i] * (point @ centre) / np.linalg.norm(centre) > 0.4:
                break
        X[i] = point
    return X, y


def _values(handles):
    return np.array([h.data for h in handles], dtype=float)


def test_parameter_counts(ex, rng):
    expect_equal(len(ex.Neuron(3).parameters()), 4, what="len(Neuron(3).parameters())",
                 how="3 weights + 1 bias")
    expect_equal(len(ex.Layer(3, 5).parameters()), 20, what="len(Layer(3, 5).parameters())",
                 how="(3 + 1) * 5")
    for nin, sizes in ((1, [1]), (2, [3, 1]), (3, [4, 4, 1]), (4, [5, 2]), (2, [1, 6, 3])):
        expect_equal(len(ex.MLP(nin, sizes, 0).parameters()), _count(nin, sizes),
                     what=f"len(MLP({nin}, {sizes}).parameters())",
                     how="sum over layers of (fan_in + 1) * fan_out")


def test_neuron_and_layer_forward(ex, rng):
    x = [float(v) for v in rng.normal(size=3)]
    for nonlin in (True, False):
        neuron = ex.Neuron(3, nonlin)
        w = _values(neuron.parameters())
        pre = float(np.dot(w[:3], x) + w[3])
        expect_close(neuron(x).data, np.tanh(pre) if nonlin else pre,
                     what=f"Neuron(3, nonlin={nonlin})(x).data",
                     how="w . x + b from its parameters() [w1, w2, w3, b]" + (", then tanh" if nonlin else ""),
                     rtol=1e-12, atol=1e-12, inputs={"x": np.array(x), "parameters": w})
    layer = ex.Layer(3, 2)
    block = _values(layer.parameters()).reshape(2, 4)
    outputs = layer(x)
    expect_equal(len(outputs), 2, what="len(Layer(3, 2)(x))", how="one output per neuron")
    expect_close(_values(outputs), np.tanh(block[:, :3] @ x + block[:, 3]), what="Layer(3, 2)(x) values",
                 how="tanh(W x + b) with rows [w | b] of parameters(), neuron by neuron",
                 rtol=1e-12, atol=1e-12, inputs={"x": np.array(x), "parameters": block.ravel()})


def test_mlp_forward_matches_numpy(ex, rng):
    for nin, sizes, seed in ((3, [4, 2, 1], 1), (2, [3, 2], 5)):
        model = ex.MLP(nin, sizes, seed)
        params = _values(model.parameters())
        for _ in range(2):
            x = [float(v) for v in rng.normal(size=nin)]
            expected = _forward(params, np.array([x]), sizes)[0]
            out = model(x)
            got = np.array([out.data]) if sizes[-1] == 1 else _values(out)
            expect_close(got, expected, what=f"MLP({nin}, {sizes}, seed={seed})(x)",
                         how="NumPy forward pass from model.parameters(): tanh on every layer but the last",
                         rtol=1e-12, atol=1e-12, inputs={"x": np.array(x), "parameters": params})


def test_loss_and_gradients_hand_example(ex, rng):
    params, X, y = np.array([0.5, -1.0, 0.25]), np.array([[1.0, 2.0]]), np.array([1.0])
    loss, grads = ex.loss_and_gradients(params, X, y, [1])
    inputs = {"params": params, "X": X, "y": y, "sizes": [1]}
    expect_close(loss, 5.0625, what="loss", how="by hand: score -1.25, (-1.25 - 1) ** 2",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(grads, np.array([-4.5, -9.0, -4.5]), what="gradient",
                 how="by hand: 2 * (score - y) * [x1, x2, 1]", rtol=1e-12, atol=1e-12, inputs=inputs)


def test_loss_and_gradients_match_central_differences(ex, rng):
    for n, nin, sizes in ((1, 3, [1]), (6, 2, [3, 1]), (5, 3, [4, 3, 1]), (4, 1, [2, 1])):
        params = rng.normal(0.0, 0.7, size=_count(nin, sizes))
        X = rng.normal(size=(n, nin))
        y = rng.choice([-1.0, 1.0], size=n)
        loss, grads = ex.loss_and_gradients(params, X, y, sizes)
        inputs = {"sizes": sizes, "params": params, "X": X, "y": y}
        expect_close(loss, _loss(params, X, y, sizes), what=f"loss for sizes {sizes}",
                     how="NumPy forward pass, mean of (score - y) ** 2", rtol=1e-10, atol=1e-12,
                     inputs=inputs)
        expect_close(grads, central_difference(lambda p: _loss(p, X, y, sizes), params),
                     what=f"gradient for sizes {sizes}",
                     how="central differences (h = 1e-6) of the NumPy loss", rtol=1e-6, atol=1e-8,
                     inputs=inputs)


def test_training_is_gradient_descent_and_learns(ex, rng):
    X, y = _data(rng, 12)
    sizes, steps, lr, seed = [3, 1], 20, 0.2, 3
    start = _values(ex.MLP(2, sizes, seed).parameters())
    losses, predictions = ex.train(X, y, sizes, steps, lr, seed)
    losses, predictions = np.asarray(losses, dtype=float), np.asarray(predictions, dtype=float)
    inputs = {"X": X, "y": y, "sizes": sizes, "steps": steps, "lr": lr, "seed": seed}
    expect_equal(losses.shape, (steps,), what="len(losses)", how="one loss per step", inputs=inputs)
    # The first three losses, replayed here: theta <- theta - lr * grad, from MLP(2, sizes, seed).
    theta, expected = start.copy(), []
    for _ in range(3):
        expected.append(_loss(theta, X, y, sizes))
        theta = theta - lr * central_difference(lambda p: _loss(p, X, y, sizes), theta)
    expect_close(losses[:3], np.array(expected), what="losses[0:3] from train",
                 how="NumPy loss at MLP(2, sizes, seed)'s parameters, then two steps "
                     "theta -= lr * (central-difference gradient): grads reset before each backward",
                 rtol=1e-7, atol=1e-10, inputs=inputs)
    expect(bool(losses[-1] < 0.9 * losses[0]),
           "the loss should go down over training: final loss < 0.9 * first loss",
           first_loss=float(losses[0]), final_loss=float(losses[-1]), losses=losses)
    expect_equal(predictions.shape, y.shape, what="predictions.shape", how="one per point")
    expect(bool(np.all(np.isin(predictions, [-1.0, 1.0]))), "predictions must be +1.0 or -1.0",
           predictions=predictions)
    accuracy = float(np.mean(predictions == y))
    expect(accuracy >= 0.9,
           "after training, at least 90% of the points should be classified correctly "
           "(the two clouds are separated by a margin of 0.8)",
           accuracy=accuracy, predictions=predictions, labels=y)
