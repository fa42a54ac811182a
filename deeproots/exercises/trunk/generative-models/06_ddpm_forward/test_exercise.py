"""Checks for the DDPM forward process (references: np.linspace and the cosine formula of
Nichol & Dhariwal eq. 17 evaluated here, torch.cumprod, the closed form of eq. 4 computed
here, Monte Carlo statistics of the learner's samples, the posterior obtained here by
Gaussian conditioning of the joint of (x_{t-1}, x_t) given x_0, F.mse_loss, hand values)."""
import numpy as np
import torch
import torch.nn.functional as F

from deeproots.grading.checks import expect, expect_close


def _cosine_alpha_bar(T, s):
    """alpha_bar_t = f(t) / f(0), t = 0 .. T, evaluated one step at a time in plain Python."""
    f = [np.cos(((k / T + s) / (1 + s)) * np.pi / 2) ** 2 for k in range(T + 1)]
    return np.array([value / f[0] for value in f])


def _cumprod(betas):
    return torch.cumprod(1.0 - torch.tensor(np.asarray(betas, dtype=np.float64)), dim=0).numpy()


def test_linear_schedule(ex, rng):
    expect_close(ex.linear_beta_schedule(3), [1e-4, 0.01005, 0.02], what="linear_beta_schedule(3)",
                 how="by hand: 1e-4, the midpoint (1e-4 + 0.02) / 2, 0.02", rtol=1e-12, atol=1e-15)
    for T, b1, bT in [(1000, 1e-4, 0.02), (10, 0.001, 0.2), (1, 0.05, 0.05), (7, 0.3, 0.1)]:
        expect_close(ex.linear_beta_schedule(T, b1, bT), np.linspace(b1, bT, T),
                     what=f"linear_beta_schedule({T}, {b1}, {bT})", how="np.linspace(beta_1, beta_T, T)",
                     rtol=1e-12, atol=1e-15)


def test_cosine_schedule(ex, rng):
    for T, s in [(1000, 0.008), (50, 0.008), (10, 0.1), (4, 0.0)]:
        betas = np.asarray(ex.cosine_beta_schedule(T, s), dtype=float)
        ab = _cosine_alpha_bar(T, s)
        expected = np.minimum(1.0 - ab[1:] / ab[:-1], 0.999)
        how = (f"Nichol & Dhariwal eq. 17 evaluated here: f(t) = cos(((t/T + s)/(1 + s)) pi/2)^2, t = 0..T, "
               f"beta_t = 1 - f(t)/f(t-1) clipped at 0.999 (s = {s})")
        expect_close(betas, expected, what=f"cosine_beta_schedule({T}, s={s})", how=how, rtol=1e-9, atol=1e-12)
        unclipped = expected < 0.999
        expect_close(np.cumprod(1.0 - betas)[unclipped], ab[1:][unclipped],
                     what=f"prod(1 - beta) of cosine_beta_schedule({T}, s={s}) where beta < 0.999",
                     how="alpha_bar_t = f(t) / f(0) directly", rtol=1e-9, atol=1e-12)
    betas = np.asarray(ex.cosine_beta_schedule(1000), dtype=float)
    expect_close(betas[0], 1.0 - (np.cos((0.001 + 0.008) / 1.008 * np.pi / 2) / np.cos(0.008 / 1.008 * np.pi / 2)) ** 2,
                 what="beta_1 of cosine_beta_schedule(1000) (default s = 0.008)",
                 how="1 - f(1)/f(0) with the offset s = 0.008: without s, beta_1 is about 2.5e-6, "
                     "with it about 4e-5", rtol=1e-9, atol=0)
    expect_close(betas[-1], 0.999, what="beta_T of cosine_beta_schedule(1000)",
                 how="f(T) = cos(pi/2)^2 = 0, so 1 - f(T)/f(T-1) = 1, clipped at max_beta = 0.999",
                 rtol=1e-12, atol=1e-12)
    expect_close(ex.cosine_beta_schedule(20, 0.008, 0.5), np.minimum(np.asarray(ex.cosine_beta_schedule(20, 0.008, 1.0)), 0.5),
                 what="cosine_beta_schedule(20, 0.008, max_beta=0.5)", how="the same schedule clipped at 0.5",
                 rtol=1e-12, atol=1e-15)


def test_alpha_bar(ex, rng):
    expect_close(ex.alpha_bar(np.array([0.5, 0.5])), [0.5, 0.25], what="alpha_bar([0.5, 0.5])",
                 how="by hand: alpha_bar_1 = 1 - beta_1 = 0.5 (entry 0 is step 1), alpha_bar_2 = 0.5 * 0.5",
                 rtol=1e-12, atol=1e-15)
    for betas in [np.linspace(1e-4, 0.02, 1000), rng.uniform(0.0, 0.9, size=7), np.array([0.3])]:
        expect_close(ex.alpha_bar(betas), _cumprod(betas), what=f"alpha_bar(betas) with T = {len(betas)}",
                     how="torch.cumprod(1 - betas): entry t - 1 is prod_{s = 1..t} (1 - beta_s)",
                     rtol=1e-10, atol=1e-300, inputs={"betas": betas})


def _closed_form(x0, t, eps, ab):
    shape = (-1,) + (1,) * (x0.ndim - 1)
    a = ab[t - 1].reshape(shape)
    return np.sqrt(a) * x0 + np.sqrt(1.0 - a) * eps


def test_q_sample_closed_form(ex, rng):
    expect_close(ex.q_sample(np.array([[1.0]]), np.array([2]), np.array([[0.5]]), np.array([0.9, 0.64, 0.1])),
                 [[1.1]], what="q_sample(x0=[[1]], t=[2], eps=[[0.5]], alpha_bars=[0.9, 0.64, 0.1])",
                 how="by hand: t = 2 is alpha_bars[1] = 0.64, sqrt(0.64) * 1 + sqrt(0.36) * 0.5 = 1.1",
                 rtol=1e-12, atol=1e-12)
    ab = _cumprod(np.linspace(1e-4, 0.02, 1000))
    for shape in [(5, 2), (1, 3), (4, 1, 3, 3), (6,)]:
        x0 = rng.normal(scale=3.0, size=shape)
        eps = rng.normal(size=shape)
        t = rng.integers(1, 1001, size=shape[0])
        t[0] = 1000 if shape[0] > 1 else 1
        expect_close(ex.q_sample(x0, t, eps, ab), _closed_form(x0, t, eps, ab), what=f"q_sample for x0 of shape {shape}",
                     how="Ho et al. eq. 4 computed here: sqrt(ab[t-1]) x0 + sqrt(1 - ab[t-1]) eps per sample "
                         "(1-based t, linear schedule T = 1000)", rtol=1e-10, atol=1e-12, inputs={"t": t})


def test_q_sample_monte_carlo(ex, rng):
    # x_t given x0 is N(sqrt(ab_t) x0, (1 - ab_t) I): with n draws the sample mean has standard
    # error sqrt((1 - ab)/n) and the sample variance about (1 - ab) sqrt(2/n); allow 5 of them.
    betas = np.linspace(1e-4, 0.02, 1000)
    ab = _cumprod(betas)
    n = 20000
    for step, value in [(1, 2.0), (100, -1.5), (500, 3.0), (1000, 1.0)]:
        x0 = np.full((n, 1), value)
        t = np.full(n, step)
        xt = np.asarray(ex.q_sample(x0, t, rng.normal(size=(n, 1)), ab), dtype=float)[:, 0]
        mean, var = np.sqrt(ab[step - 1]) * value, 1.0 - ab[step - 1]
        expect(abs(xt.mean() - mean) <= 5 * np.sqrt(var / n) + 1e-12,
               f"the mean of q_sample at t = {step} is off: x_t | x0 has mean sqrt(alpha_bar_t) x0",
               sample_mean=float(xt.mean()), expected=float(mean), tolerance=float(5 * np.sqrt(var / n)),
               how=f"{n} draws with eps ~ N(0, 1), x0 = {value}, linear schedule T = 1000")
        expect(abs(xt.var() - var) <= 5 * var * np.sqrt(2.0 / n),
               f"the variance of q_sample at t = {step} is off: x_t | x0 has variance 1 - alpha_bar_t",
               sample_variance=float(xt.var()), expected=float(var), tolerance=float(5 * var * np.sqrt(2.0 / n)),
               how=f"{n} draws with eps ~ N(0, 1), x0 = {value}, linear schedule T = 1000")


def _conditioned(ab_prev, alpha, ab, x0, xt):
    """q(x_{t-1} | x_t, x0) by conditioning the joint Gaussian of (x_{t-1}, x_t) given x0:
    x_{t-1} ~ N(sqrt(ab_prev) x0, 1 - ab_prev), x_t = sqrt(alpha) x_{t-1} + sqrt(1 - alpha) z."""
    mu_prev, var_prev = np.sqrt(ab_prev) * x0, 1.0 - ab_prev
    mu_t, var_t = np.sqrt(alpha) * mu_prev, alpha * var_prev + (1.0 - alpha)
    cov = np.sqrt(alpha) * var_prev
    return mu_prev + cov / var_t * (xt - mu_t), var_prev - cov ** 2 / var_t


def test_posterior_hand_example(ex, rng):
    coef_x0, coef_xt, beta_tilde = ex.posterior_coefficients(np.array([0.5, 0.5]))
    how = ("by hand for betas [0.5, 0.5] (alpha_bar = [0.5, 0.25]): t = 1 is x0 itself (1, 0, 0); "
           "t = 2: sqrt(0.5)*0.5/0.75, sqrt(0.5)*0.5/0.75, 0.5/0.75*0.5")
    expect_close(coef_x0, [1.0, np.sqrt(0.5) * 0.5 / 0.75], what="coef_x0", how=how, rtol=1e-12, atol=1e-12)
    expect_close(coef_xt, [0.0, np.sqrt(0.5) * 0.5 / 0.75], what="coef_xt", how=how, rtol=1e-12, atol=1e-12)
    expect_close(beta_tilde, [0.0, 1.0 / 3.0], what="beta_tilde", how=how, rtol=1e-12, atol=1e-12)


def test_posterior_by_gaussian_conditioning(ex, rng):
    for betas in [np.linspace(1e-4, 0.02, 1000), np.asarray(ex.cosine_beta_schedule(100)), rng.uniform(0.05, 0.6, 6),
                  np.array([0.2])]:
        T = len(betas)
        coef_x0, coef_xt, beta_tilde = (np.asarray(a, dtype=float) for a in ex.posterior_coefficients(betas))
        ab = _cumprod(betas)
        ab_prev = np.concatenate([[1.0], ab[:-1]])
        x0, xt = rng.normal(size=T), rng.normal(scale=2.0, size=T)
        mean, var = _conditioned(ab_prev, 1.0 - betas, ab, x0, xt)
        how = ("Gaussian conditioning computed here: x_{t-1} | x0 ~ N(sqrt(ab_{t-1}) x0, 1 - ab_{t-1}), "
               "x_t = sqrt(alpha_t) x_{t-1} + sqrt(beta_t) z; mean = mu_{t-1} + Cov/Var(x_t) (x_t - mu_t), "
               "variance = Var(x_{t-1}) - Cov^2 / Var(x_t)")
        expect_close(coef_x0 * x0 + coef_xt * xt, mean, what=f"the posterior mean coef_x0 x0 + coef_xt x_t (T = {T})",
                     how=how, rtol=1e-7, atol=1e-9, inputs={"betas": betas})
        expect_close(beta_tilde, var, what=f"beta_tilde (T = {T})", how=how, rtol=1e-7, atol=1e-12,
                     inputs={"betas": betas})


def test_simple_loss(ex, rng):
    expect_close(ex.simple_loss(np.array([[1.0, 2.0]]), np.array([[0.0, 0.0]])), 2.5,
                 what="simple_loss([[1, 2]], [[0, 0]])", how="by hand: (1 + 4) / 2", rtol=1e-12, atol=1e-12)
    for shape in [(8, 2), (1, 1), (3, 1, 4, 4)]:
        eps, pred = rng.normal(size=shape), rng.normal(size=shape)
        expected = F.mse_loss(torch.from_numpy(pred), torch.from_numpy(eps)).item()
        got = ex.simple_loss(eps, pred)
        expect(isinstance(got, float), "simple_loss must return a Python float", got=type(got).__name__)
        expect_close(got, expected, what=f"simple_loss for shape {shape}",
                     how="torch.nn.functional.mse_loss (mean over every entry)", rtol=1e-10, atol=1e-12)
