"""Reference solution: Hjorth activity, mobility and complexity from first differences."""
import numpy as np


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, and 0 where den is 0."""
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


def hjorth(x: np.ndarray, fs: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=float)
    d1 = np.diff(x, axis=-1) * fs
    d2 = np.diff(d1, axis=-1) * fs
    v0, v1, v2 = x.var(axis=-1), d1.var(axis=-1), d2.var(axis=-1)
    mobility = np.sqrt(_ratio(v1, v0))
    mobility_d1 = np.sqrt(_ratio(v2, v1))
    complexity = _ratio(mobility_d1, mobility)
    return v0, mobility, complexity
