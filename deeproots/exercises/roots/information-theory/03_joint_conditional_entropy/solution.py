"""Joint entropy, conditional entropy and the chain rule, from a joint probability table.

Source: Cover & Thomas, Elements of Information Theory §2.2 ("Joint entropy and
conditional entropy", Theorem 2.2.1 the chain rule, Example 2.2.1); MacKay, Information
Theory, Inference, and Learning Algorithms ch. 8 ("Dependent random variables", §8.1).
Builds on 01_entropy (the 0 log 0 = 0 convention) and prepares 05_mutual_information.
https://onlinelibrary.wiley.com/doi/book/10.1002/047174882X

Two discrete variables X (values 0..m-1) and Y (values 0..n-1) are described by their
joint table P, of shape (m, n): P[x, y] = p(x, y). ROWS INDEX X, COLUMNS INDEX Y.

    joint entropy        H(X, Y)   = -sum_{x,y} p(x, y) log p(x, y)
    marginals            p(x) = sum_y p(x, y)   (sum along axis 1: one value per row)
                         p(y) = sum_x p(x, y)   (sum along axis 0: one value per column)
    conditional          p(y | x) = p(x, y) / p(x)            (row x, normalised)
    entropy given X = x  H(Y | X = x) = -sum_y p(y | x) log p(y | x)
    conditional entropy  H(Y | X) = sum_x p(x) H(Y | X = x) = -sum_{x,y} p(x, y) log p(y | x)
    chain rule           H(X, Y) = H(X) + H(Y | X)  (= H(Y) + H(X | Y))

H(Y | X) is the uncertainty left in Y once X is known: 0 when Y is a function of X, H(Y)
when X and Y are independent, and never more than H(Y). It is not symmetric:
H(X | Y) != H(Y | X) in general; get H(X | Y) by transposing: conditional_entropy(P.T).

Zero probabilities: cells with p(x, y) = 0 contribute 0 (0 log 0 = 0, as in 01_entropy).
A row with p(x) = 0 (an impossible x) has no conditional distribution p(y | x); define
H(Y | X = x) = 0 there (it is weighted by p(x) = 0 anyway). Mask before you divide or take
logs: np.where(p_x > 0, P / p_x, 0.0) inside np.errstate(divide="ignore", invalid="ignore").
Logs are to `base` (2: bits, the default; np.e: nats): log_b(t) = ln(t) / ln(b).

Shapes: P is a float array (m, n), m, n >= 1, nonnegative entries summing to 1.
  joint_entropy(P, base)        -> float
  marginals(P)                  -> (p_x of shape (m,), p_y of shape (n,))
  entropy_given_x(P, base)      -> (m,) array: H(Y | X = x) for each row x
  conditional_entropy(P, base)  -> float: H(Y | X)
Do not modify P.

Tiny example (bits): P = [[1/4, 1/4],
                          [1/2, 0  ]]
    H(X, Y) = 2 * (1/4) * 2 + (1/2) * 1 = 1.5;  p_x = [1/2, 1/2], p_y = [3/4, 1/4]
    H(Y | X = 0) = 1 (a fair coin), H(Y | X = 1) = 0 (Y is surely 0): entropy_given_x = [1, 0]
    H(Y | X) = 1/2 * 1 + 1/2 * 0 = 0.5, and indeed H(X) + H(Y | X) = 1 + 0.5 = 1.5 = H(X, Y).
Cover & Thomas Example 2.2.1 (their table has rows y and columns x) gives
H(X) = 7/4, H(Y) = 2, H(X, Y) = 27/8, H(X | Y) = 11/8, H(Y | X) = 13/8 bits.
"""
import numpy as np


def joint_entropy(P, base=2.0):
    """Return H(X, Y) = -sum p(x, y) log p(x, y) over every cell of P, with 0 log 0 = 0."""
    # TODO: keep the positive cells, sum p ln p over them, negate, divide by ln(base).
    ### BEGIN SOLUTION
    P = np.asarray(P, dtype=float)
    cells = P[P > 0]
    return float(-np.sum(cells * np.log(cells)) / np.log(base))
    ### END SOLUTION


def marginals(P):
    """Return (p_x, p_y): the row sums (m,) and the column sums (n,) of P."""
    # TODO: p_x sums over y (axis 1), p_y sums over x (axis 0).
    ### BEGIN SOLUTION
    P = np.asarray(P, dtype=float)
    return P.sum(axis=1), P.sum(axis=0)
    ### END SOLUTION


def entropy_given_x(P, base=2.0):
    """Return H(Y | X = x) for every row x, shape (m,); 0 for rows with p(x) = 0."""
    # TODO: p(y | x) = P / p_x[:, None] where p_x > 0; its row entropies, 0 log 0 = 0.
    ### BEGIN SOLUTION
    P = np.asarray(P, dtype=float)
    p_x = P.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_y_given_x = np.where(p_x > 0, P / p_x, 0.0)
        terms = np.where(p_y_given_x > 0, p_y_given_x * np.log(p_y_given_x), 0.0)
    return -terms.sum(axis=1) / np.log(base)
    ### END SOLUTION


def conditional_entropy(P, base=2.0):
    """Return H(Y | X) = sum_x p(x) H(Y | X = x)."""
    # TODO: weight entropy_given_x by the marginal p_x and sum.
    ### BEGIN SOLUTION
    p_x, _ = marginals(P)
    return float(p_x @ entropy_given_x(P, base))
    ### END SOLUTION
