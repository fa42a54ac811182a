"""Matrix multiplication three ways: by rows, by columns, as a sum of outer products.

Source: MIT 18.06 (Gilbert Strang), lecture 3 "Multiplication and inverse matrices";
Strang, Introduction to Linear Algebra §2.4 ("Rules for matrix operations").
https://ocw.mit.edu/courses/18-06-linear-algebra-spring-2010/

A is m x n, B is n x p, and C = AB is m x p with entries

    C[i, j] = sum over k of A[i, k] * B[k, j]          (row i of A dot column j of B)

Lecture 3 reads the same product in three more ways:

    by rows:     row i of C    = (row i of A) times B      = sum_k A[i, k] * (row k of B)
                 every row of C is a combination of the rows of B.
    by columns:  column j of C = A times (column j of B)   = sum_k B[k, j] * (column k of A)
                 every column of C is a combination of the columns of A.
    by outer products (columns times rows):
                 C = sum over k of (column k of A)(row k of B)
                 each term is an m x p matrix of rank one: np.outer(A[:, k], B[k, :]).

Shapes: A is a 2-D float array (m, n), B is a 2-D float array (n, p); every function
returns a new (m, p) float array. m, n or p may be 1 (a row times a column is 1 x 1, a
column times a row is an m x p outer product).

Tiny example:
    A = [[1, 2],      B = [[5, 6],
         [3, 4]]           [7, 8]]
    by rows:     row 0 of C = 1*[5, 6] + 2*[7, 8] = [19, 22];  row 1 = 3*[5, 6] + 4*[7, 8] = [43, 50]
    by columns:  column 0 of C = 5*[1, 3] + 7*[2, 4] = [19, 43]
    outer:       [[1], [3]] [5, 6] + [[2], [4]] [7, 8] = [[5, 6], [15, 18]] + [[14, 16], [28, 32]]
    C = [[19, 22], [43, 50]]

Build C one row, one column or one rank-one term at a time, in a Python loop, starting
from np.zeros((m, p)). A vector-matrix product such as A[i, :] @ B or A @ B[:, j] is fine;
the whole product A @ B is what the checks compare you with, so it is refused (and so are
np.matmul, np.dot, np.einsum and np.tensordot of two whole matrices).
Do not use: A @ B (a whole matrix product).
"""
import numpy as np


def matmul_by_rows(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Return A @ B computed one row at a time: row i of C is (row i of A) times B."""
    # TODO: loop over the m rows of A; fill C[i, :].
    ### BEGIN SOLUTION
    m, p = A.shape[0], B.shape[1]
    C = np.zeros((m, p))
    for i in range(m):
        C[i, :] = A[i, :] @ B
    return C
    ### END SOLUTION


def matmul_by_columns(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Return A @ B computed one column at a time: column j of C is A times (column j of B)."""
    # TODO: loop over the p columns of B; fill C[:, j].
    ### BEGIN SOLUTION
    m, p = A.shape[0], B.shape[1]
    C = np.zeros((m, p))
    for j in range(p):
        C[:, j] = A @ B[:, j]
    return C
    ### END SOLUTION


def matmul_by_outer_products(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Return A @ B as the sum over k of the outer products (column k of A)(row k of B)."""
    # TODO: loop over the n inner indices k; add np.outer(column k of A, row k of B) to C.
    ### BEGIN SOLUTION
    m, n, p = A.shape[0], A.shape[1], B.shape[1]
    C = np.zeros((m, p))
    for k in range(n):
        C += np.outer(A[:, k], B[k, :])
    return C
    ### END SOLUTION
