"""Eigenvalues by power iteration, and the next ones by Hotelling deflation.

Source: MIT 18.06 (Gilbert Strang), lecture 21 "Eigenvalues and eigenvectors" (and lecture
25 for symmetric matrices); Strang, Introduction to Linear Algebra §6.1 and §6.4;
Trefethen & Bau, Numerical Linear Algebra, lecture 27 (power iteration, Algorithm 27.1,
and the Rayleigh quotient).
https://ocw.mit.edu/courses/18-06-linear-algebra-spring-2010/

Power iteration. Write a start vector in the eigenvector basis, x0 = c1 v1 + ... + cn vn.
Then A^k x0 = c1 lam1^k v1 + ... + cn lamn^k vn: if |lam1| > |lam2| >= ..., the first term
wins and the direction of A^k x0 tends to v1, with an error shrinking like |lam2/lam1|^k.
Normalise at every step so that nothing overflows:

    x <- A x / ||A x||
    lam = x . (A x)                 the Rayleigh quotient x^T A x / x^T x, with ||x|| = 1

lam carries the sign (||A x|| would lose it: for lam1 = -5 the vector flips every step).
Stop when the residual is small relative to lam:

    ||A x - lam x|| <= tol * |lam|                    or after num_iters iterations.

Start from a random unit vector, np.random.default_rng(seed).standard_normal(n) divided
by its norm (a fixed start like all ones can be orthogonal to v1).

Hotelling deflation (symmetric A only). The spectral theorem (lecture 25) writes a
symmetric A = lam1 v1 v1^T + lam2 v2 v2^T + ... with orthonormal v's. Then

    A - lam1 v1 v1^T          (v1 a unit vector)

has the same eigenvectors, with eigenvalue 0 for v1 and lam_i for every other v_i: power
iteration on it finds lam2 and v2. Repeat for lam3, ... (errors build up, so this is for a
few top eigenpairs, not a full eigen-decomposition).

Shapes: A is a symmetric (n, n) float array whose eigenvalues, taken in decreasing
absolute value, are separated (|lam1| > |lam2| > ...).
  power_iteration(A, num_iters, tol, seed) -> (lam, x, n_iter): lam a float, x an (n,)
      unit vector, n_iter an int, the number of iterations done, 1 <= n_iter <= num_iters
      (num_iters exactly when the tolerance was never met)
  deflate(A, lam, v)                      -> (n, n) array A - lam v v^T
  top_eigenpairs(A, k, num_iters, tol, seed) -> (lams, V): lams (k,) in decreasing |lam|,
      V (n, k) with the unit eigenvectors as columns; run power_iteration with the same
      seed on A, then on the deflated matrix, and so on.
An eigenvector is only defined up to its sign: either sign is right.

Tiny example: A = [[2, 1], [1, 2]] has lam1 = 3 with v1 = [1, 1]/sqrt(2) and lam2 = 1
with v2 = [1, -1]/sqrt(2). Deflation: A - 3 v1 v1^T = [[0.5, -0.5], [-0.5, 0.5]], whose
top eigenpair is (1, v2).

Write the iteration yourself: that is the point of the exercise.
Do not use: np.linalg.eig, np.linalg.eigh, np.linalg.eigvals, np.linalg.eigvalsh,
np.linalg.svd, scipy.linalg.eig, scipy.linalg.eigh, scipy.linalg.eigvals,
scipy.linalg.eigvalsh, scipy.linalg.svd.
"""
import numpy as np


def power_iteration(A: np.ndarray, num_iters: int = 1000, tol: float = 1e-10,
                    seed: int = 0) -> tuple[float, np.ndarray, int]:
    """Return (lam, x, n_iter): the dominant eigenpair of A by power iteration."""
    # TODO: random unit start; repeat x = A x / ||A x||, lam = x . A x; stop on the residual.
    ### BEGIN SOLUTION
    A = np.asarray(A, dtype=float)
    x = np.random.default_rng(seed).standard_normal(A.shape[0])
    Ax = A @ (x / np.linalg.norm(x))
    lam = 0.0
    for n_iter in range(1, num_iters + 1):
        x = Ax / np.linalg.norm(Ax)
        Ax = A @ x
        lam = float(x @ Ax)
        if np.linalg.norm(Ax - lam * x) <= tol * abs(lam):
            break
    return lam, x, n_iter
    ### END SOLUTION


def deflate(A: np.ndarray, lam: float, v: np.ndarray) -> np.ndarray:
    """Return A - lam v v^T (Hotelling deflation; v a unit vector)."""
    # TODO: one line with np.outer.
    ### BEGIN SOLUTION
    return A - lam * np.outer(v, v)
    ### END SOLUTION


def top_eigenpairs(A: np.ndarray, k: int, num_iters: int = 1000, tol: float = 1e-10,
                   seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Return (lams (k,), V (n, k)): the k eigenpairs of largest |lam|, by power iteration and deflation."""
    # TODO: k times: power_iteration, keep (lam, x), deflate; eigenvectors as columns.
    ### BEGIN SOLUTION
    B = np.array(A, dtype=float)
    lams, vectors = [], []
    for _ in range(k):
        lam, x, _ = power_iteration(B, num_iters, tol, seed)
        lams.append(lam)
        vectors.append(x)
        B = deflate(B, lam, x)
    return np.array(lams), np.column_stack(vectors)
    ### END SOLUTION
