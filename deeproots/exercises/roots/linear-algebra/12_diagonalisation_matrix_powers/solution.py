"""Diagonalisation A = S Lambda S^-1 and matrix powers: Fibonacci numbers and Markov steady states.

Source: MIT 18.06 (Gilbert Strang), lecture 22 "Diagonalization and powers of A" (the
Fibonacci example) and lecture 24 "Markov matrices"; Strang, Introduction to Linear
Algebra §6.2 and §10.3.
https://ocw.mit.edu/courses/18-06-linear-algebra-spring-2010/

If A (n x n) has n independent eigenvectors, put them in the columns of S and the
eigenvalues on the diagonal of Lambda: A S = S Lambda, so A = S Lambda S^-1 and

    A^k = S Lambda^k S^-1          Lambda^k = diag(lam_1^k, ..., lam_n^k)

(k = -1 gives the inverse when no eigenvalue is 0). np.linalg.eig(A) returns (lam, S):
the eigenvalues as a 1-D array and the eigenvectors as the columns of S. A real matrix
can have complex eigenvalues (a rotation, say): then S and Lambda are complex, but
S Lambda^k S^-1 is real up to rounding, so return its real part when A is real.

Fibonacci. With u_k = [F_{k+1}, F_k] (F_0 = 0, F_1 = 1), the rule F_{k+2} = F_{k+1} + F_k
is u_{k+1} = A u_k with A = [[1, 1], [1, 0]], so u_k = A^k u_0 with u_0 = [1, 0]. A's
eigenvalues solve lam^2 - lam - 1 = 0: lam = (1 +- sqrt(5)) / 2 = 1.618..., -0.618....
Writing u_0 = c_1 x_1 + c_2 x_2 in the eigenvector basis (solve S c = u_0):

    u_k = c_1 lam_1^k x_1 + c_2 lam_2^k x_2            F_k = the second entry of u_k

F_k grows like 1.618^k. In float64 the formula is accurate to well under 1/2 up to k = 70
(F_70 = 190392490709135), so rounding to the nearest integer gives F_k exactly; truncating
with int() or astype(int) can land one below (0.9999999999999998 -> 0).

Markov matrices. A Markov matrix P has nonnegative entries and each column sums to 1 (the
convention of the lecture: u_{k+1} = P u_k moves a probability vector u_k one step).
lam = 1 is always an eigenvalue, and every other |lam| <= 1. The steady state is the
eigenvector for lam = 1, scaled so that its entries sum to 1. When all other |lam| < 1,
P^k u_0 tends to it from any probability vector u_0. Pick the eigenvalue closest to 1
(not the largest |lam|: a periodic chain also has |lam| = 1 for lam = -1 or complex lam),
and take the real part of its eigenvector.

Shapes:
  power_by_diagonalisation(A, k) -> (n, n) float array A^k; A (n, n) real, diagonalisable,
                                    k an int (k = 0 gives I; k < 0 needs A invertible)
  fibonacci(ks)                  -> 1-D int array (np.int64), F_k for each k of the 1-D
                                    int array ks (0 <= k <= 70)
  steady_state(P)                -> (n,) float array, entries summing to 1; P (n, n) Markov

Tiny example: A = [[2, 0], [0, 3]] gives A^3 = [[8, 0], [0, 27]]. fibonacci([0, 1, 2, 10])
= [0, 1, 1, 55]. P = [[0.8, 0.3], [0.2, 0.7]] has eigenvalues 1 and 0.5; the eigenvector
for 1 is a multiple of [3, 2], so the steady state is [0.6, 0.4].

Use np.linalg.eig: the decomposition is the point.
Do not use: np.linalg.matrix_power.
"""
import numpy as np


def power_by_diagonalisation(A: np.ndarray, k: int) -> np.ndarray:
    """Return A^k computed as S Lambda^k S^-1."""
    # TODO: lam, S = np.linalg.eig(A); build S diag(lam^k) S^-1; real part for a real A.
    ### BEGIN SOLUTION
    lam, S = np.linalg.eig(A)
    Ak = S @ np.diag(lam ** k) @ np.linalg.inv(S)
    return Ak.real if np.isrealobj(A) else Ak
    ### END SOLUTION


def fibonacci(ks: np.ndarray) -> np.ndarray:
    """Return the Fibonacci numbers F_k (exact int64) for every k in ks, from the eigenvalues of [[1, 1], [1, 0]]."""
    # TODO: eig of [[1, 1], [1, 0]], c from S c = [1, 0], u_k = S (lam^k * c); round entry 1.
    ### BEGIN SOLUTION
    ks = np.asarray(ks)
    lam, S = np.linalg.eig(np.array([[1.0, 1.0], [1.0, 0.0]]))
    c = np.linalg.solve(S, np.array([1.0, 0.0]))  # u_0 = [F_1, F_0] = S c
    u = (lam ** ks[:, None] * c) @ S.T  # row i is u_{k_i} = S (lam^k_i * c)
    return np.rint(u[:, 1]).astype(np.int64)
    ### END SOLUTION


def steady_state(P: np.ndarray) -> np.ndarray:
    """Return the steady state of the Markov matrix P: its eigenvector for 1, summing to 1."""
    # TODO: eig of P; the eigenvalue closest to 1; real part of its eigenvector / its sum.
    ### BEGIN SOLUTION
    lam, S = np.linalg.eig(P)
    i = int(np.argmin(np.abs(lam - 1.0)))
    u = S[:, i].real
    return u / u.sum()
    ### END SOLUTION
