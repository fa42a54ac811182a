"""Reference solution: the naive convolutional layer, forward and backward."""
import numpy as np


def _output_size(size: int, kernel: int, stride: int, pad: int) -> int:
    span = size + 2 * pad - kernel
    if span < 0 or span % stride != 0:
        raise ValueError(f"a {kernel}-wide filter with stride {stride} and padding {pad} "
                         f"does not tile an input of size {size}")
    return 1 + span // stride


def conv_forward_naive(x: np.ndarray, w: np.ndarray, b: np.ndarray,
                       conv_param: dict) -> tuple[np.ndarray, tuple]:
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, Cw, HH, WW = w.shape
    if C != Cw:
        raise ValueError(f"x has {C} channels but the filters expect {Cw}")
    H_out = _output_size(H, HH, stride, pad)
    W_out = _output_size(W, WW, stride, pad)
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.zeros((N, F, H_out, W_out))
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    top, left = i * stride, j * stride
                    window = xp[n, :, top:top + HH, left:left + WW]
                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]
    return out, (x, w, b, conv_param)


def conv_backward_naive(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x, w, b, conv_param = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    _, _, H_out, W_out = dout.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    db = dout.sum(axis=(0, 2, 3))
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    row, col = i * stride, j * stride
                    dxp[n, :, row:row + HH, col:col + WW] += dout[n, f, i, j] * w[f]
                    dw[f] += dout[n, f, i, j] * xp[n, :, row:row + HH, col:col + WW]
    dx = dxp[:, :, pad:pad + H, pad:pad + W]
    return dx, dw, db
