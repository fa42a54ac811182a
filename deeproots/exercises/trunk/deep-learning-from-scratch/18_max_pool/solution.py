"""Reference solution: naive max pooling, forward and backward (first max wins ties)."""
import numpy as np


def _output_shape(x_shape: tuple, pool_param: dict) -> tuple[int, int]:
    _, _, H, W = x_shape
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    return 1 + (H - ph) // stride, 1 + (W - pw) // stride


def max_pool_forward_naive(x: np.ndarray, pool_param: dict) -> tuple[np.ndarray, tuple]:
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, _, _ = x.shape
    H_out, W_out = _output_shape(x.shape, pool_param)
    out = np.zeros((N, C, H_out, W_out))
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    top, left = i * stride, j * stride
                    out[n, c, i, j] = x[n, c, top:top + ph, left:left + pw].max()
    return out, (x, pool_param)


def max_pool_backward_naive(dout: np.ndarray, cache: tuple) -> np.ndarray:
    x, pool_param = cache
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, _, _ = x.shape
    H_out, W_out = _output_shape(x.shape, pool_param)
    dx = np.zeros(x.shape)
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    top, left = i * stride, j * stride
                    window = x[n, c, top:top + ph, left:left + pw]
                    u, v = np.unravel_index(np.argmax(window), (ph, pw))
                    dx[n, c, top + u, left + v] += dout[n, c, i, j]
    return dx
