"""Checks for weight initialisation (references: the Glorot and He variance formulas with
standard errors from theory, Kolmogorov-Smirnov distances to the scipy.stats cdf, and NumPy
forward passes through stacks of weights built here)."""
import numpy as np
import scipy.stats

from deeproots.grading.checks import expect, expect_close, expect_equal

# (fan_in, fan_out): both orders (fan_in vs fan_out shows), tall, wide; 15 000 or 16 000 draws.
SHAPES = [(150, 100), (100, 150), (300, 50), (32, 500)]
SEEDS = [11, 12, 13, 14]
# Deep-stack experiments: 20 layers of width 64, a batch of 64 standard normal inputs (small
# matrices keep the check fast).
DEPTH, WIDTH, BATCH = 20, 64, 64
# "Healthy": every layer's std within a factor 50 of the input's std 1. Over 1500 random He
# stacks log(std) at layer 20 has mean -0.45 and sd 0.53 (min 0.10, max 3.4 over the 1500),
# so 0.02 and 50 are 6.5 and 8 sd away; Xavier + tanh decays slowly, to about 0.15 at
# layer 20 (log sd 0.1). std = 0.01 stacks and std = 1 ReLU stacks miss this band by more than
# 10 orders of magnitude (std = 1 tanh stays in it, but every unit saturates).
BAND = (0.02, 50.0)
SIGMAS_ALLOWED = 6.0  # statistical tolerances: 6 standard errors (two-sided ~2e-9)
KS_LIMIT = 3.0  # sqrt(n) * KS distance above 3 has probability ~3e-8 for a correct sampler
# (Kolmogorov's limit law, as in scipy.stats.kstest)


def _relu(z):
    return np.maximum(z, 0.0)


def _reference_stds(x, weights, nonlinearity):
    f = _relu if nonlinearity == "relu" else np.tanh
    h, out = x, []
    for W in weights:
        h = f(h @ W)
        out.append(np.sqrt(np.mean((h - h.mean()) ** 2)))
    return np.array(out)


def _check_shape(W, fan_in, fan_out, what):
    W = np.asarray(W)
    expect_equal(W.shape, (fan_in, fan_out), what=f"shape of {what}",
                 how="(fan_in, fan_out): h (N, fan_in) @ W gives (N, fan_out)")
    expect(W.dtype.kind == "f", f"{what} must be a float array", dtype=str(W.dtype))
    return W


def _check_moments(W, variance, fourth_moment, what, how, inputs):
    """Mean ~ 0 and mean(W**2) ~ variance, each within SIGMAS_ALLOWED standard errors."""
    n = W.size
    mean_se = np.sqrt(variance / n)
    expect_close(W.mean(), 0.0, what=f"mean of the entries of {what}",
                 how=f"0, within {SIGMAS_ALLOWED:g} standard errors sqrt(Var/n)",
                 rtol=0.0, atol=SIGMAS_ALLOWED * mean_se, inputs=inputs)
    var_se = np.sqrt((fourth_moment - variance**2) / n)  # sd of mean(W^2): Var(W^2) / n
    expect_close(np.mean(W**2), variance, what=f"variance of the entries of {what}",
                 how=f"{how}, within {SIGMAS_ALLOWED:g} standard errors",
                 rtol=0.0, atol=SIGMAS_ALLOWED * var_se, inputs=inputs)


def _check_ks(W, cdf, what, how, inputs):
    """Kolmogorov-Smirnov distance sup |F_n - F| between the sample and the target cdf."""
    values = cdf(np.sort(W.ravel()))
    n = values.size
    statistic = max(np.max(np.arange(1, n + 1) / n - values), np.max(values - np.arange(n) / n))
    expect(np.sqrt(W.size) * statistic <= KS_LIMIT,
           f"{what}: the entries do not follow {how} (Kolmogorov-Smirnov distance too large: "
           "wrong distribution, or wrong scale?)",
           ks_distance=float(statistic), allowed=KS_LIMIT / np.sqrt(W.size), **inputs)


def test_shapes_and_seeds(ex, rng):
    for name in ("xavier_uniform", "xavier_normal", "he_normal"):
        init = getattr(ex, name)
        for fan_in, fan_out in [(1, 1), (3, 7), (7, 3)]:
            _check_shape(init(fan_in, fan_out, 0), fan_in, fan_out, f"{name}({fan_in}, {fan_out}, 0)")
        first, again, other = init(5, 4, 3), init(5, 4, 3), init(5, 4, 4)
        expect_close(again, first, what=f"{name}(5, 4, seed=3) called twice",
                     how="the same seed must give the same weights (np.random.default_rng(seed))",
                     rtol=0.0, atol=0.0)
        expect(not np.array_equal(np.asarray(first), np.asarray(other)),
               f"{name}(5, 4, seed=3) and {name}(5, 4, seed=4) are equal: use the seed "
               "(rng = np.random.default_rng(seed))")


def test_xavier_uniform_range_and_variance(ex, rng):
    for (fan_in, fan_out), seed in zip(SHAPES, SEEDS):
        inputs = {"fan_in": fan_in, "fan_out": fan_out, "seed": seed}
        what = f"xavier_uniform({fan_in}, {fan_out}, {seed})"
        W = _check_shape(ex.xavier_uniform(fan_in, fan_out, seed), fan_in, fan_out, what)
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        expect(np.abs(W).max() <= limit,
               f"{what}: every entry must lie in (-a, a) with a = sqrt(6 / (fan_in + fan_out))",
               a=limit, largest_abs_entry=float(np.abs(W).max()))
        _check_moments(W, limit**2 / 3.0, limit**4 / 5.0, what,
                       "2 / (fan_in + fan_out) = a^2 / 3 (E[W^4] = a^4 / 5)", inputs)
        _check_ks(W, scipy.stats.uniform(-limit, 2 * limit).cdf, what, "U(-a, a)", inputs)


def test_xavier_normal_variance(ex, rng):
    for (fan_in, fan_out), seed in zip(SHAPES, SEEDS):
        inputs = {"fan_in": fan_in, "fan_out": fan_out, "seed": seed}
        what = f"xavier_normal({fan_in}, {fan_out}, {seed})"
        W = _check_shape(ex.xavier_normal(fan_in, fan_out, seed), fan_in, fan_out, what)
        variance = 2.0 / (fan_in + fan_out)
        _check_moments(W, variance, 3.0 * variance**2, what,
                       "Glorot: 2 / (fan_in + fan_out) (E[W^4] = 3 Var^2)", inputs)
        _check_ks(W, scipy.stats.norm(0.0, np.sqrt(variance)).cdf, what,
                  "N(0, 2 / (fan_in + fan_out))", inputs)


def test_he_normal_variance(ex, rng):
    for (fan_in, fan_out), seed in zip(SHAPES, SEEDS):
        inputs = {"fan_in": fan_in, "fan_out": fan_out, "seed": seed}
        what = f"he_normal({fan_in}, {fan_out}, {seed})"
        W = _check_shape(ex.he_normal(fan_in, fan_out, seed), fan_in, fan_out, what)
        variance = 2.0 / fan_in
        _check_moments(W, variance, 3.0 * variance**2, what,
                       "He: 2 / fan_in (E[W^4] = 3 Var^2)", inputs)
        _check_ks(W, scipy.stats.norm(0.0, np.sqrt(variance)).cdf, what, "N(0, 2 / fan_in)", inputs)


def test_activation_stds_hand_example(ex, rng):
    x = np.array([[1.0, -1.0]])
    weights = [np.array([[2.0, 0.0], [0.0, 2.0]]), np.array([[1.0], [1.0]])]
    expect_close(ex.activation_stds(x, weights, "relu"), np.array([1.0, 0.0]),
                 what="activation_stds(x, weights, 'relu')",
                 how="by hand: relu([[2, -2]]) = [[2, 0]] has std 1; relu([[2]]) has std 0",
                 rtol=1e-12, atol=1e-12, inputs={"x": x, "weights": weights})
    expect_close(ex.activation_stds(x, weights, "tanh"), np.array([np.tanh(2.0), 0.0]),
                 what="activation_stds(x, weights, 'tanh')",
                 how="by hand: tanh([[2, -2]]) has std tanh(2); the next layer sums to 0",
                 rtol=1e-12, atol=1e-12, inputs={"x": x, "weights": weights})


def test_activation_stds_match_numpy(ex, rng):
    # Widths change from layer to layer (a transposed W shows), N = 1 included.
    for n, widths in [(1, [4, 3]), (6, [5, 7, 3, 1]), (20, [8, 8, 8, 8, 8]), (3, [2, 9, 4])]:
        x = rng.normal(size=(n, widths[0]))
        weights = [rng.normal(scale=0.8, size=(a, b)) for a, b in zip(widths[:-1], widths[1:])]
        for nonlinearity in ("relu", "tanh"):
            expect_close(ex.activation_stds(x, weights, nonlinearity),
                         _reference_stds(x, weights, nonlinearity),
                         what=f"activation_stds for widths {widths}, N = {n}, '{nonlinearity}'",
                         how="NumPy: h = f(h @ W) layer by layer, population std of every h",
                         rtol=1e-10, atol=1e-14,
                         inputs={"x": x, "weights": weights, "nonlinearity": nonlinearity})


def _deep_stack(ex, init_name, nonlinearity, x):
    init = getattr(ex, init_name)
    weights = [np.asarray(init(WIDTH, WIDTH, 100 + layer)) for layer in range(DEPTH)]
    stds = ex.activation_stds(x, weights, nonlinearity)
    expect_close(stds, _reference_stds(x, weights, nonlinearity),
                 what=f"activation_stds of a {DEPTH}-layer {nonlinearity} stack initialised by {init_name}",
                 how="NumPy forward pass through your weights", rtol=1e-8, atol=1e-14)
    return np.asarray(stds)


def test_healthy_activations_through_20_layers(ex, rng):
    x = rng.normal(size=(BATCH, WIDTH))
    for init_name, nonlinearity in [("he_normal", "relu"), ("xavier_normal", "tanh"),
                                    ("xavier_uniform", "tanh")]:
        stds = _deep_stack(ex, init_name, nonlinearity, x)
        expect(np.all((stds > BAND[0]) & (stds < BAND[1])),
               f"{init_name} + {nonlinearity}: every layer's activation std should stay in "
               f"({BAND[0]}, {BAND[1]}) through {DEPTH} layers of width {WIDTH}; yours leave it "
               "(is the variance right? standard deviation vs variance? fan_in vs fan_out?)",
               stds_per_layer=stds)


def test_badly_scaled_weights_collapse_or_explode(ex, rng):
    # The failure modes of CS231n "Neural Networks 2": the weights are built here, in NumPy.
    x = rng.normal(size=(BATCH, WIDTH))
    for std, nonlinearity in [(0.01, "tanh"), (0.01, "relu"), (1.0, "relu"), (1.0, "tanh")]:
        weights = [rng.normal(scale=std, size=(WIDTH, WIDTH)) for _ in range(DEPTH)]
        expected = _reference_stds(x, weights, nonlinearity)
        stds = ex.activation_stds(x, weights, nonlinearity)
        expect_close(stds, expected, what=f"activation_stds with N(0, {std}^2) weights, '{nonlinearity}'",
                     how="NumPy forward pass through the same weights", rtol=1e-8, atol=0.0,
                     inputs={"std": std, "nonlinearity": nonlinearity})
        stds = np.asarray(stds)
        if std == 0.01:  # each layer multiplies the scale by about 0.01 * sqrt(64) = 0.08
            expect(stds[-1] < 1e-10, "std = 0.01 weights: the activations should vanish",
                   stds_per_layer=stds)
        elif nonlinearity == "relu":  # each layer multiplies the scale by about sqrt(64 / 2) = 5.7
            expect(stds[-1] > 1e10, "std = 1 weights with ReLU: the activations should explode",
                   stds_per_layer=stds)
        else:  # |pre-activations| ~ 8: every tanh sits at +-1
            expect(np.all(stds > 0.9), "std = 1 weights with tanh: every unit should saturate",
                   stds_per_layer=stds)
