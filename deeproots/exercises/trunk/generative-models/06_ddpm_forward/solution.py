"""Diffusion models (DDPM), part 1: the noise schedule, the forward process q(x_t | x_0),
the posterior q(x_{t-1} | x_t, x_0) and the simple training loss.

Source: Ho, Jain & Abbeel, "Denoising Diffusion Probabilistic Models" (NeurIPS 2020), §2
(equations 2, 4, 6, 7), §3.2 and Algorithm 1; the cosine schedule from Nichol & Dhariwal,
"Improved Denoising Diffusion Probabilistic Models" (ICML 2021), §3.2, equation 17
(https://arxiv.org/abs/2102.09672); Stanford CS231n lecture "Generative Models".
https://arxiv.org/abs/2006.11239

The forward process adds a little Gaussian noise at each of T steps, with variances
beta_1 .. beta_T (the schedule):

    q(x_t | x_{t-1}) = N(sqrt(1 - beta_t) x_{t-1}, beta_t I),   t = 1 .. T

With alpha_t = 1 - beta_t and alpha_bar_t = alpha_1 * alpha_2 * ... * alpha_t the steps
compose into one Gaussian (eq. 4), so x_t can be drawn from x_0 directly:

    x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps,   eps ~ N(0, I)

INDEXING (read this twice). The paper counts t = 1 .. T; NumPy arrays count from 0. Every
array of this exercise has T entries and entry i belongs to step t = i + 1: betas[0] is
beta_1, alpha_bars[t - 1] is alpha_bar_t. The time steps t passed to q_sample are the
paper's, 1-based (1 <= t <= T). By convention alpha_bar_0 = 1 (no noise yet).

1. linear_beta_schedule(T, beta_1=1e-4, beta_T=0.02): T values evenly spaced from beta_1 to
   beta_T, both included (the paper's schedule, T = 1000). Returns (T,).
2. cosine_beta_schedule(T, s=0.008, max_beta=0.999): Nichol & Dhariwal define alpha_bar
   directly, f(t) = cos(((t / T + s) / (1 + s)) * pi / 2) ** 2, alpha_bar_t = f(t) / f(0)
   for t = 0 .. T, and beta_t = 1 - alpha_bar_t / alpha_bar_{t-1}, clipped to at most
   max_beta (near t = T, f goes to 0 and beta_t to 1). The small offset s keeps beta_1 from
   being vanishingly small. Returns (T,).
3. alpha_bar(betas): (T,) -> (T,), the cumulative products alpha_bar_1 .. alpha_bar_T.
4. q_sample(x0, t, eps, alpha_bars): x0 and eps have shape (N, ...) (any trailing shape), t
   is an int array (N,) with one 1-based step per sample, alpha_bars (T,). Returns x_t of
   x0's shape, sample n using alpha_bar_{t[n]}.
5. posterior_coefficients(betas): the forward process reversed given x_0 is Gaussian too
   (eq. 6-7):  q(x_{t-1} | x_t, x_0) = N(coef_x0_t x_0 + coef_xt_t x_t, beta_tilde_t I) with

       coef_x0_t   = sqrt(alpha_bar_{t-1}) beta_t / (1 - alpha_bar_t)
       coef_xt_t   = sqrt(alpha_t) (1 - alpha_bar_{t-1}) / (1 - alpha_bar_t)
       beta_tilde_t = (1 - alpha_bar_{t-1}) / (1 - alpha_bar_t) * beta_t

   (alpha_bar_{t-1}, not alpha_bar_t; alpha_bar_0 = 1, so at t = 1 the posterior is x_0
   itself: coef_x0 = 1, coef_xt = 0, beta_tilde = 0). Returns (coef_x0, coef_xt, beta_tilde),
   three (T,) arrays.
6. simple_loss(eps, eps_pred): the loss of Algorithm 1, ||eps - eps_theta(x_t, t)||^2,
   averaged over every entry (as the paper's code does, the mean over all dimensions and
   the batch). Returns a float.

Everything is NumPy.
Do not use: torch.*.

Tiny example: linear_beta_schedule(3) = [0.0001, 0.01005, 0.02]; its alpha_bar is
[0.9999, 0.9999 * 0.98995, 0.9999 * 0.98995 * 0.98] = [0.9999, 0.98985, 0.97005]. With
alpha_bar_t = 0.64, x_0 = 1 and eps = 0.5: x_t = 0.8 * 1 + 0.6 * 0.5 = 1.1. For betas
[0.5, 0.5]: alpha_bar = [0.5, 0.25] and at t = 2, beta_tilde = (1 - 0.5) / (1 - 0.25) * 0.5
= 1/3, coef_x0 = sqrt(0.5) * 0.5 / 0.75 = 0.4714, coef_xt = sqrt(0.5) * 0.5 / 0.75.
"""
import numpy as np


def linear_beta_schedule(T: int, beta_1: float = 1e-4, beta_T: float = 0.02) -> np.ndarray:
    """Return the (T,) betas evenly spaced from beta_1 to beta_T (both included)."""
    # TODO: one NumPy call.
    ### BEGIN SOLUTION
    return np.linspace(beta_1, beta_T, T)
    ### END SOLUTION


def cosine_beta_schedule(T: int, s: float = 0.008, max_beta: float = 0.999) -> np.ndarray:
    """Return the (T,) betas of Nichol & Dhariwal's cosine schedule, clipped at max_beta."""
    # TODO: f at t = 0 .. T, alpha_bar = f / f[0], beta_t = 1 - alpha_bar_t / alpha_bar_{t-1}, clip.
    ### BEGIN SOLUTION
    steps = np.arange(T + 1) / T
    f = np.cos((steps + s) / (1.0 + s) * np.pi / 2.0) ** 2
    alpha_bars = f / f[0]
    betas = 1.0 - alpha_bars[1:] / alpha_bars[:-1]
    return np.minimum(betas, max_beta)
    ### END SOLUTION


def alpha_bar(betas: np.ndarray) -> np.ndarray:
    """Return the (T,) alpha_bar_t = prod_{s <= t} (1 - beta_s), entry t - 1 for step t."""
    # TODO: a cumulative product.
    ### BEGIN SOLUTION
    return np.cumprod(1.0 - np.asarray(betas, dtype=float))
    ### END SOLUTION


def q_sample(x0: np.ndarray, t: np.ndarray, eps: np.ndarray, alpha_bars: np.ndarray) -> np.ndarray:
    """Return x_t = sqrt(alpha_bar_t) x0 + sqrt(1 - alpha_bar_t) eps, t (N,) 1-based per sample."""
    # TODO: pick alpha_bar_t per sample (1-based t!), reshape it to broadcast over x0's trailing axes.
    ### BEGIN SOLUTION
    ab = np.asarray(alpha_bars)[np.asarray(t) - 1]
    ab = ab.reshape((-1,) + (1,) * (np.ndim(x0) - 1))
    return np.sqrt(ab) * x0 + np.sqrt(1.0 - ab) * eps
    ### END SOLUTION


def posterior_coefficients(betas: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (coef_x0, coef_xt, beta_tilde), each (T,), of q(x_{t-1} | x_t, x_0)."""
    # TODO: alpha_bar_{t-1} is alpha_bar shifted right by one with alpha_bar_0 = 1; then eq. 7.
    ### BEGIN SOLUTION
    betas = np.asarray(betas, dtype=float)
    alphas = 1.0 - betas
    ab = alpha_bar(betas)
    ab_prev = np.concatenate([[1.0], ab[:-1]])
    coef_x0 = np.sqrt(ab_prev) * betas / (1.0 - ab)
    coef_xt = np.sqrt(alphas) * (1.0 - ab_prev) / (1.0 - ab)
    beta_tilde = (1.0 - ab_prev) / (1.0 - ab) * betas
    return coef_x0, coef_xt, beta_tilde
    ### END SOLUTION


def simple_loss(eps: np.ndarray, eps_pred: np.ndarray) -> float:
    """Return the mean over all entries of (eps - eps_pred) ** 2 (Algorithm 1's loss)."""
    # TODO: one line.
    ### BEGIN SOLUTION
    return float(np.mean((np.asarray(eps) - np.asarray(eps_pred)) ** 2))
    ### END SOLUTION
