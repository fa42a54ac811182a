"""The VAE's objective in NumPy: the reparameterisation trick, the Gaussian KL in closed
form, stable likelihoods, the ELBO and its gradients.

Source: Kingma & Welling, "Auto-Encoding Variational Bayes" (ICLR 2014), §2.3-2.4 (the
reparameterisation trick, the estimator of eq. 10) and appendix B (the KL in closed form);
Goodfellow, Bengio & Courville, Deep Learning §20.9 and §20.10.3.
https://arxiv.org/abs/1312.6114

A VAE's encoder maps x to a diagonal Gaussian q(z|x) = N(mu, diag sigma^2), written with
log_var = log sigma^2 so that any real number is a valid output. The ELBO of one example is

    ELBO(x) = E_{z ~ q}[log p(x|z)] - KL(q(z|x) || p(z)),     p(z) = N(0, I)

and training maximises it (minimises -ELBO). Every function works per sample: inputs have
shape (N, D) (a batch of N rows; D latent or data dimensions) and per-sample results (N,).
Never sum over the batch unless asked.

1. Reparameterisation. Sampling z ~ N(mu, sigma^2) is not differentiable in mu and sigma,
   but z = mu + sigma * eps with eps ~ N(0, I) drawn outside is:

       sigma = exp(log_var / 2)          (the standard deviation, not the variance)
       z     = mu + sigma * eps          mu, log_var, eps, z: (N, D)

   Backward, given dz = dL/dz (N, D):  dmu = dz,  dlog_var = dz * eps * sigma / 2.

2. The KL to the standard normal (appendix B), per sample (N,):

       KL = 1/2 * sum_j (mu_j^2 + exp(log_var_j) - 1 - log_var_j)

   It is >= 0, and 0 only at mu = 0, log_var = 0. Its gradient per sample:
   dKL/dmu = mu, dKL/dlog_var = (exp(log_var) - 1) / 2; gaussian_kl_backward(dkl, mu, log_var)
   takes the upstream dkl (N,) and returns (dmu, dlog_var), each (N, D).

3. Likelihoods (negative log-likelihoods, per sample (N,), summed over the D entries).
   Bernoulli, with the decoder's logits l (N, D) and data x (N, D) in [0, 1]:

       -log p(x|l) = sum_j softplus(l_j) - x_j * l_j,    softplus(l) = log(1 + exp(l))

   exp(l) overflows for l > 709, so write softplus(l) = max(l, 0) + log1p(exp(-|l|)).
   Its gradient is dNLL/dl = sigmoid(l) - x; bernoulli_nll_backward(dnll, logits, x) takes
   dnll (N,) and returns dlogits (N, D) (compute sigmoid stably too, e.g.
   (1 + tanh(l / 2)) / 2). Gaussian, with mean and log_var (N, D):

       -log p(x|mean, log_var) = 1/2 * sum_j (log(2 pi) + log_var_j + (x_j - mean_j)^2 / exp(log_var_j))

4. elbo(x, logits, mu, log_var) = -(bernoulli_nll(logits, x) + gaussian_kl(mu, log_var)), (N,):
   the one-sample estimate of eq. 10, the logits decoded from a z drawn by reparameterise.

5. negative_elbo_and_grads(x, mu, log_var, eps, W, b) puts it together for a linear decoder:
   z = reparameterise(mu, log_var, eps), logits = z @ W + b (W (D_z, D_x), b (D_x,)), and
   loss = mean over the batch of -elbo (a float). It returns (loss, dmu, dlog_var), the
   gradients of loss (N, D_z) through BOTH paths: the reconstruction term via z (dlogits =
   (sigmoid(logits) - x) / N, dz = dlogits @ W.T, then the reparameterisation backward) plus
   the KL term (upstream 1 / N).

Write it all in NumPy.
Do not use: torch.*.

Tiny example: mu = [[0]], log_var = [[0]], eps = [[1]] give z = [[1]]; gaussian_kl of
mu = [[1]], log_var = [[0]] is [0.5]; bernoulli_nll(logits=[[0]], x=[[1]]) = [log 2] = [0.6931];
bernoulli_nll(logits=[[1000]], x=[[0]]) = [1000] (not inf).
"""
import numpy as np


def reparameterise(mu: np.ndarray, log_var: np.ndarray, eps: np.ndarray) -> np.ndarray:
    """Return z = mu + exp(log_var / 2) * eps, shape (N, D)."""
    # TODO: the standard deviation is exp(log_var / 2).
    ### BEGIN SOLUTION
    return mu + np.exp(0.5 * log_var) * eps
    ### END SOLUTION


def reparameterise_backward(dz: np.ndarray, mu: np.ndarray, log_var: np.ndarray,
                            eps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (dmu, dlog_var) given dz = dL/dz (N, D)."""
    # TODO: dmu = dz; dlog_var = dz * eps * sigma / 2.
    ### BEGIN SOLUTION
    sigma = np.exp(0.5 * log_var)
    return dz.copy(), dz * eps * sigma * 0.5
    ### END SOLUTION


def gaussian_kl(mu: np.ndarray, log_var: np.ndarray) -> np.ndarray:
    """Return KL(N(mu, diag exp(log_var)) || N(0, I)) per sample, shape (N,)."""
    # TODO: 1/2 * sum over axis 1 of mu^2 + exp(log_var) - 1 - log_var.
    ### BEGIN SOLUTION
    terms = mu ** 2 + np.exp(log_var) - 1.0 - log_var
    return 0.5 * terms.sum(axis=1)
    ### END SOLUTION


def gaussian_kl_backward(dkl: np.ndarray, mu: np.ndarray,
                         log_var: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (dmu, dlog_var), each (N, D), given the upstream dkl (N,)."""
    # TODO: dKL/dmu = mu and dKL/dlog_var = (exp(log_var) - 1) / 2, times dkl per row.
    ### BEGIN SOLUTION
    up = dkl[:, None]
    return up * mu, up * 0.5 * (np.exp(log_var) - 1.0)
    ### END SOLUTION


def bernoulli_nll(logits: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Return -log p(x | logits) per sample, shape (N,), stable for any logits."""
    # TODO: sum over axis 1 of softplus(l) - x * l, softplus(l) = max(l, 0) + log1p(exp(-|l|)).
    ### BEGIN SOLUTION
    softplus = np.maximum(logits, 0.0) + np.log1p(np.exp(-np.abs(logits)))
    return (softplus - x * logits).sum(axis=1)
    ### END SOLUTION


def bernoulli_nll_backward(dnll: np.ndarray, logits: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Return dlogits (N, D) given the upstream dnll (N,)."""
    # TODO: (sigmoid(logits) - x) times dnll per row; sigmoid(l) = (1 + tanh(l / 2)) / 2 is stable.
    ### BEGIN SOLUTION
    sigmoid = 0.5 * (1.0 + np.tanh(0.5 * logits))
    return dnll[:, None] * (sigmoid - x)
    ### END SOLUTION


def gaussian_nll(mean: np.ndarray, log_var: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Return -log N(x; mean, diag exp(log_var)) per sample, shape (N,)."""
    # TODO: 1/2 * sum over axis 1 of log(2 pi) + log_var + (x - mean)^2 / exp(log_var).
    ### BEGIN SOLUTION
    terms = np.log(2.0 * np.pi) + log_var + (x - mean) ** 2 * np.exp(-log_var)
    return 0.5 * np.sum(terms, axis=1)
    ### END SOLUTION


def elbo(x: np.ndarray, logits: np.ndarray, mu: np.ndarray, log_var: np.ndarray) -> np.ndarray:
    """Return the one-sample ELBO per sample (N,): -(bernoulli_nll + gaussian_kl)."""
    # TODO: combine bernoulli_nll and gaussian_kl.
    ### BEGIN SOLUTION
    return -(bernoulli_nll(logits, x) + gaussian_kl(mu, log_var))
    ### END SOLUTION


def negative_elbo_and_grads(x: np.ndarray, mu: np.ndarray, log_var: np.ndarray, eps: np.ndarray,
                            W: np.ndarray, b: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Return (mean -ELBO, dmu, dlog_var) for the linear decoder logits = z @ W + b."""
    # TODO: forward (reparameterise, logits, elbo), then backward through both terms with upstream 1 / N.
    ### BEGIN SOLUTION
    n = x.shape[0]
    z = reparameterise(mu, log_var, eps)
    logits = z @ W + b
    loss = float(-elbo(x, logits, mu, log_var).mean())
    dlogits = bernoulli_nll_backward(np.full(n, 1.0 / n), logits, x)
    dmu, dlog_var = reparameterise_backward(dlogits @ W.T, mu, log_var, eps)
    dmu_kl, dlog_var_kl = gaussian_kl_backward(np.full(n, 1.0 / n), mu, log_var)
    return loss, dmu + dmu_kl, dlog_var + dlog_var_kl
    ### END SOLUTION
