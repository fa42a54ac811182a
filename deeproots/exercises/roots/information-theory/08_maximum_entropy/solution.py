"""Maximum entropy under a mean constraint: the Gibbs distribution, and Jaynes' dice.

Source: Cover & Thomas, Elements of Information Theory §12.1 ("Maximum entropy
distributions", Theorem 12.1.1) and §12.2 (Examples); Jaynes, "Information theory and
statistical mechanics" (1957) and Probability Theory: The Logic of Science §11.4 (the
Brandeis dice problem); MacKay §22.3. Builds on 01_entropy and 02_kl_divergence.
https://onlinelibrary.wiley.com/doi/book/10.1002/047174882X

Among all distributions p on the support x = (x_1, ..., x_K) with a given mean
sum_i p_i x_i = m, which one assumes the least, i.e. has the largest entropy? Maximising
H(p) with Lagrange multipliers for sum p_i = 1 and sum p_i x_i = m gives the Gibbs
(exponential-family, "Boltzmann") form

    p_i(lambda) = exp(lambda x_i) / Z(lambda),     Z(lambda) = sum_j exp(lambda x_j)

and one lambda fits the constraint. The mean mu(lambda) = sum_i x_i p_i(lambda) grows
strictly with lambda (its derivative is the variance of x under p(lambda)), from min(x)
as lambda -> -inf to max(x) as lambda -> +inf, with lambda = 0 the uniform distribution
(mean = x.mean()). So any m strictly between min(x) and max(x) has exactly one lambda:
find it by BISECTION on mu(lambda) = m.
  1. Bracket: start with lo = -1, hi = 1; while mu(lo) > m double lo; while mu(hi) < m
     double hi (near the ends of the support lambda is large: m = min(x) + 1e-9 needs
     about lambda = -20 on x = 0..5).
  2. Halve: mid = (lo + hi) / 2; if mu(mid) < m then lo = mid else hi = mid; repeat until
     hi - lo is tiny (say <= 1e-13 * max(1, |mid|), or 200 halvings).
Why it is the maximum: for any q with the same mean, H(p) - H(q) = D(q || p) >= 0
(Cover & Thomas, proof of Theorem 12.1.1; log p is affine in x, so its average is the same
under p and q).

Stability: lambda * x can be large (lambda = 500, x = 10 gives exp(5000) = inf). As in a
softmax, subtract the largest exponent first: s = lambda * x; w = np.exp(s - s.max()).

Shapes: x is a (K,) float array, K >= 2, at least two distinct values, any order (not
necessarily 0..K-1, not necessarily integers); lam and mean are floats, with
min(x) < mean < max(x).
  gibbs(x, lam)                     -> (K,) probabilities, p_i proportional to exp(lam x_i)
  gibbs_mean(x, lam)                -> float, sum_i x_i p_i(lam)
  solve_lambda(x, mean)             -> float, the lambda with gibbs_mean(x, lambda) = mean,
                                       to within 1e-9 * max(1, max|x|) in the mean
  max_entropy_distribution(x, mean) -> (K,) probabilities, gibbs(x, solve_lambda(x, mean))
Write the bisection yourself (scipy.optimize.brentq is the check's reference).

Tiny examples:
    x = [0, 1], mean m: p = [1 - m, m] (two values: the constraint alone fixes p) and
        lambda = ln(m / (1 - m)), the logit: m = 0.75 gives lambda = ln 3 = 1.0986.
    x = [1, 2, 3, 4, 5, 6], mean 3.5: uniform, lambda = 0.
    Jaynes' dice: x = [1, ..., 6], mean 4.5 -> lambda = 0.3710,
        p = [0.0544, 0.0788, 0.1142, 0.1654, 0.2398, 0.3475], entropy 1.6135 nats
        (the uniform die has ln 6 = 1.7918).
"""
import numpy as np


def gibbs(x, lam):
    """Return p with p_i = exp(lam x_i) / sum_j exp(lam x_j), computed without overflow."""
    # TODO: s = lam * x; subtract s.max(); exponentiate; normalise.
    ### BEGIN SOLUTION
    s = lam * np.asarray(x, dtype=float)
    w = np.exp(s - s.max())
    return w / w.sum()
    ### END SOLUTION


def gibbs_mean(x, lam):
    """Return the mean sum_i x_i p_i of the Gibbs distribution gibbs(x, lam)."""
    # TODO: one line with gibbs.
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    return float(x @ gibbs(x, lam))
    ### END SOLUTION


def solve_lambda(x, mean):
    """Return lambda such that gibbs_mean(x, lambda) = mean, by bracketing and bisection."""
    # TODO: double lo / hi until mu(lo) <= mean <= mu(hi); then halve the bracket until it is tiny.
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    lo, hi = -1.0, 1.0
    while gibbs_mean(x, lo) > mean:
        lo *= 2.0
    while gibbs_mean(x, hi) < mean:
        hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if gibbs_mean(x, mid) < mean:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-13 * max(1.0, abs(mid)):
            break
    return 0.5 * (lo + hi)
    ### END SOLUTION


def max_entropy_distribution(x, mean):
    """Return the maximum-entropy distribution on x with the given mean."""
    # TODO: gibbs at the solved lambda.
    ### BEGIN SOLUTION
    return gibbs(x, solve_lambda(x, mean))
    ### END SOLUTION
