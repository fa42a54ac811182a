"""Reference solution: Newton's method for 1-D roots and for minimisation."""
import numpy as np


def newton_root(g, dg, x0: float, tol: float = 1e-12, max_iter: int = 50) -> np.ndarray:
    x = float(x0)
    history = [x]
    for _ in range(max_iter):
        gx = g(x)
        if abs(gx) <= tol:
            break
        x = x - gx / dg(x)
        history.append(x)
    return np.array(history)


def newton_minimize(grad, hess, x0: np.ndarray, tol: float = 1e-10, max_iter: int = 50) -> np.ndarray:
    x = np.array(x0, dtype=float)
    history = [x.copy()]
    for _ in range(max_iter):
        g = grad(x)
        if np.linalg.norm(g) <= tol:
            break
        x = x - np.linalg.solve(hess(x), g)
        history.append(x)
    return np.array(history)
